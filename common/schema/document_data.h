// What a hit shows without reading anything else of its Xapian document: the article id
// (the document data) and the entity keys it names (the hit-names slot).
//
//   doc.set_data(article.id);                                        // the indexer
//   doc.add_value(newsdex::kSlotHitNames, newsdex::EncodeHitNames(names));
//   newsdex::DocumentData data = newsdex::DecodeDocumentData(doc.get_data());
//   auto names = newsdex::DecodeHitNames(doc.get_value(newsdex::kSlotHitNames));
//   // (*names)[0] == "vladimir putin\x1fxi jinping" (people)
//
// The data is the id alone: Xapian zlib-compresses longer data, and inflating it took
// longer than the lookup itself, on every hit, `--ids` included. The hit-names slot
// holds the key lists of people, organisations and places (kFacetSeparator between
// keys, as the facet slots hold them), joined by NUL bytes, so one slot replaces reading
// the three facet slots. Ids never hold a NUL (ValidateArticle).
//
// Archives written before keep the lists in the data, after the id and a NUL byte
// (DecodeDocumentData still reads them); older ones have the id alone and the names in
// the facet slots only.
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
// The same, as views into a slot value or document data.
using EntityKeyViews = std::array<std::string_view, 3>;

struct DocumentData {
  std::string_view id;
  // The key lists of an archive that kept them in the data, else nullopt.
  std::optional<EntityKeyViews> names;
};

// The value of the hit-names slot: never empty (two NUL bytes at least), so that an
// empty slot means a document written without one.
std::string EncodeHitNames(const EntityKeyLists& names);

// Views into `value`, which must outlive the result; nullopt unless it holds exactly
// three lists (an empty slot holds none).
std::optional<EntityKeyViews> DecodeHitNames(std::string_view value);

// Views into `data`, which must outlive the result.
DocumentData DecodeDocumentData(std::string_view data);

// The article id of document data: DecodeDocumentData(data).id as a string.
inline std::string ArticleIdOf(std::string_view data) {
  return std::string(data.substr(0, data.find('\0')));
}

}  // namespace newsdex

#endif  // NEWSDEX_COMMON_SCHEMA_DOCUMENT_DATA_H_
