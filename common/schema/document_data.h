// The data of an article's Xapian document: what a hit shows without reading anything
// else of the document.
//
//   doc.set_data(newsdex::EncodeDocumentData(article.id, names));  // the indexer
//   newsdex::DocumentData data = newsdex::DecodeDocumentData(doc.get_data());
//   // data.id == article.id; data.names[0] == "vladimir putin\x1fxi jinping" (people)
//
// Layout: the article id, then a NUL byte and the entity keys of each kind (people,
// organisations, places; kFacetSeparator between keys, NUL between kinds), as the value
// slots hold them. Data without a NUL is an id alone, as archives written before hold it:
// their names are only in the value slots. Ids never hold a NUL (ValidateArticle).
//
// Pure functions: safe from any thread.
#ifndef NEWSDEX_COMMON_SCHEMA_DOCUMENT_DATA_H_
#define NEWSDEX_COMMON_SCHEMA_DOCUMENT_DATA_H_

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace newsdex {

// Entity keys per kind, indexed by static_cast<int>(text::EntityKind).
using EntityKeyLists = std::array<std::string, 3>;

struct DocumentData {
  std::string_view id;
  // The keys per kind, each a kFacetSeparator list; nullopt when the data holds no names
  // (read the value slots then).
  std::optional<std::array<std::string_view, 3>> names;
};

// The document data of article `id` naming `names`. REQUIRES: id holds no NUL byte.
std::string EncodeDocumentData(std::string_view id, const EntityKeyLists& names);

// Views into `data`, which must outlive the result. Data of another layout (more or fewer
// lists) gives the id and no names.
DocumentData DecodeDocumentData(std::string_view data);

// The article id of document data: DecodeDocumentData(data).id as a string.
inline std::string ArticleIdOf(std::string_view data) {
  return std::string(data.substr(0, data.find('\0')));
}

}  // namespace newsdex

#endif  // NEWSDEX_COMMON_SCHEMA_DOCUMENT_DATA_H_
