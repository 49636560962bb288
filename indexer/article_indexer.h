// ArticleIndexer: builds the Xapian document of an Article, following the schema's
// prefixes and slots and analysing text with the shared Analyzer.
//
//   newsdex::indexer::ArticleIndexer indexer(schema, "en", 8 << 20);
//   Xapian::Document doc = indexer.Build(article, &report);
//   db.replace_document(newsdex::IdTerm(article.id), doc);
//
// What goes in (the query parser relies on it, see common/query/query_parser.h):
//   title words:  "S"+term with positions, and the unprefixed term with positions and
//                 wdf = the title's weight; dateline and body words: unprefixed terms with
//                 positions, starting kFieldGap after the title; accent-exact forms
//                 "XE"+exact without positions;
//   names (text/names.h: found in the text and merged with the source's people, orgs
//   and places): the kind's prefix + the entity key ("XPvladimir putin") at the
//   position of each mention, with wdf 3 per mention in the title, 2 in the lede and 1
//   elsewhere, so that articles where a name is prominent rank first; a name only the
//   source gives gets wdf 1 and no position;
//   keyword and topic values: boolean terms prefix + Analyzer::FoldValue(value); the
//   words of a multi-word keyword value (not topics, not the language) also each get a
//   term under the same prefix (author:gelb finds "By Michael Gelb");
//   given topics (the source's topics, and its section when Schema::section_is_topic()):
//   XT+topic and XTG+topic, and the kSlotTopics facet list; derived topics (rules, the
//   model) are added afterwards by topics::AddDerivedTopics();
//   dates written in the title and body (text/date_mentions.h, relative ones counted
//   from the publication date): boolean terms XDD+YYYYMMDD, XDM+YYYYMM and XDY+YYYY
//   for every day, month and year a mention covers (a day mention gives all three; a
//   range gives each day, or its months when longer than kMaxMentionDays), and the
//   kSlotMentions list of the mentioned dates at their own precision;
//   the id: IdTerm(id); value slots: published ("YYYYMMDDhhmmss") and facet lists
//   (entity keys for people, orgs and places);
//   document data: the external id.
//
// Not thread-safe (it owns an Analyzer): use one per thread.
#ifndef NEWSDEX_INDEXER_ARTICLE_INDEXER_H_
#define NEWSDEX_INDEXER_ARTICLE_INDEXER_H_

#include <cstddef>
#include <string>

#include <xapian.h>

#include "common/schema/document_data.h"
#include "common/schema/schema.h"
#include "common/text/analyzer.h"
#include "common/text/date_mentions.h"
#include "common/text/names.h"
#include "newsdex/document.h"

namespace newsdex::indexer {

// Positions left empty between fields so that a phrase never spans two fields.
inline constexpr unsigned kFieldGap = 100;
// A mentioned range longer than this many days is indexed by its months, and one longer
// than kMaxMentionMonths by its years.
inline constexpr int kMaxMentionDays = 62;
inline constexpr int kMaxMentionMonths = 36;

struct BuildReport {
  bool truncated = false;  // title + body were longer than max_indexed_bytes
  std::size_t words = 0;   // words indexed
  std::size_t dates = 0;   // dates written in the text
  // The article's names, for the archive's entity registry.
  std::vector<text::ArticleEntity> entities;
  // The article's given topics, folded, each once.
  std::vector<std::string> given_topics;
  // Only when the indexer consults a snapshot of known names (set_known_names_snapshot):
  // what the article teaches, and the questions it asked with the answers it got.
  std::vector<text::KnownNames::Lesson> lessons;
  std::vector<text::KnownLookup> asked;
};

class ArticleIndexer {
 public:
  // `schema` and `aliases` (optional: the archive's alias table) must outlive the
  // indexer.
  ArticleIndexer(const Schema& schema, std::string default_language,
                 std::size_t max_indexed_bytes, const text::AliasTable* aliases = nullptr);

  // Names learned from the articles built so far (and taught by the caller), consulted
  // for words an article alone cannot classify; every Build() teaches it. May be null;
  // must outlive the indexer.
  void set_known_names(text::KnownNames* known) {
    known_ = known;
    snapshot_ = false;
    recognizer_.set_known_names(known);
  }
  // Consults `snapshot` (may be null; must outlive its use) and learns nothing: Build()
  // reports the article's lessons and the questions it asked instead, for a writer on
  // another thread to check against its live known names and learn.
  void set_known_names_snapshot(const text::KnownNames* snapshot) {
    known_ = nullptr;
    snapshot_ = true;
    recognizer_.set_known_names(snapshot, &asked_);
  }

  // REQUIRES: every field of `article` is valid UTF-8 and article.id is not empty.
  Xapian::Document Build(const Article& article, BuildReport* report);

 private:
  // `wdf` more of `term`, at `pos` when the schema keeps word positions.
  void AddWord(const std::string& term, Xapian::termpos pos, unsigned wdf,
               Xapian::Document* doc) const;
  std::uint32_t IndexText(std::string_view text, std::string_view language, unsigned weight,
                          std::string_view prefix, std::uint32_t first_position,
                          std::vector<text::Token>* tokens, Xapian::Document* doc);
  // Adds the name terms and slots; `keys` gets the slots' key lists per kind.
  void IndexNames(const Article& article, std::uint32_t body_start, Xapian::Document* doc,
                  EntityKeyLists* keys, BuildReport* report);
  void IndexMentions(const Article& article, std::string_view title, std::string_view body,
                     Xapian::Document* doc, BuildReport* report);
  void IndexValues(const FieldSpec& field, const std::vector<std::string>& values,
                   Xapian::Document* doc);
  void IndexGivenTopics(const FieldSpec& field, const Article& article, Xapian::Document* doc,
                        BuildReport* report);

  const Schema& schema_;
  std::string default_language_;
  std::size_t max_indexed_bytes_;
  text::Analyzer analyzer_;
  text::NameRecognizer recognizer_;
  text::DateMentionExtractor dates_;
  std::vector<text::DateMention> mentions_;
  text::KnownNames* known_ = nullptr;
  bool snapshot_ = false;
  std::vector<text::KnownLookup> asked_;
  // Reused between articles.
  std::vector<text::Token> title_tokens_, dateline_tokens_, body_tokens_;
  std::vector<text::ArticleText> texts_;
  text::ArticleNames names_;
};

}  // namespace newsdex::indexer

#endif  // NEWSDEX_INDEXER_ARTICLE_INDEXER_H_
