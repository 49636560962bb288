// ArticleIndexer: builds the Xapian document of an Article, following the schema's
// prefixes and slots and analysing text with the shared Analyzer.
//
//   newsdex::indexer::ArticleIndexer indexer(schema, "en", 8 << 20);
//   Xapian::Document doc = indexer.Build(article, &report);
//   db.replace_document(newsdex::IdTerm(article.id), doc);
//
// What goes in (the query parser relies on it, see searcher/query_parser.h):
//   title words:  "S"+term with positions, and the unprefixed term with positions and
//                 wdf = the title's weight; dateline and body words: unprefixed terms with
//                 positions, starting kFieldGap after the title; accent-exact forms
//                 "XE"+exact without positions;
//   keyword, entity and topic values: boolean terms prefix + Analyzer::FoldValue(value);
//   the words of a multi-word entity or keyword value (not topics, not the language) also
//   each get a term under the same prefix (person:putin matches "Vladimir Putin",
//   author:gelb "By Michael Gelb"; person:"vladimir putin" matches the whole value);
//   the id: IdTerm(id); value slots: published ("YYYYMMDDhhmmss") and facet lists;
//   document data: the external id.
//
// Not thread-safe (it owns an Analyzer): use one per thread.
#ifndef NEWSDEX_INDEXER_ARTICLE_INDEXER_H_
#define NEWSDEX_INDEXER_ARTICLE_INDEXER_H_

#include <cstddef>
#include <string>

#include <xapian.h>

#include "common/schema/schema.h"
#include "common/text/analyzer.h"
#include "newsdex/document.h"

namespace newsdex::indexer {

// Positions left empty between fields so that a phrase never spans two fields.
inline constexpr unsigned kFieldGap = 100;

struct BuildReport {
  bool truncated = false;  // title + body were longer than max_indexed_bytes
  std::size_t words = 0;   // words indexed
};

class ArticleIndexer {
 public:
  // `schema` must outlive the indexer.
  ArticleIndexer(const Schema& schema, std::string default_language,
                 std::size_t max_indexed_bytes);

  // REQUIRES: every field of `article` is valid UTF-8 and article.id is not empty.
  Xapian::Document Build(const Article& article, BuildReport* report);

 private:
  std::uint32_t IndexText(std::string_view text, std::string_view language, unsigned weight,
                          std::string_view prefix, std::uint32_t first_position,
                          Xapian::Document* doc);
  void IndexValues(const FieldSpec& field, const std::vector<std::string>& values,
                   Xapian::Document* doc);

  const Schema& schema_;
  std::string default_language_;
  std::size_t max_indexed_bytes_;
  text::Analyzer analyzer_;
  std::vector<text::Token> tokens_;  // reused between articles
};

}  // namespace newsdex::indexer

#endif  // NEWSDEX_INDEXER_ARTICLE_INDEXER_H_
