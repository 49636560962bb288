// Key terms: the words and names most characteristic of a query's best matches, found
// with Xapian's expand set (ESet) over a relevance set of those matches, and shown as
// queries a user can paste ("tariffs", person:"james baker").
//
//   KeyTermSample sample{.db = db, .query = query, .filter_only = false};
//   auto result = newsdex::search::FindKeyTerms(sample, schema, store, &analyzer, request);
//   for (const auto& term : result->terms) print(term.label, term.weight);
//
// Pure functions over a Database, store and Analyzer the caller owns; not thread-safe on
// the Analyzer or the Database.
#ifndef NEWSDEX_SEARCHER_KEY_TERMS_H_
#define NEWSDEX_SEARCHER_KEY_TERMS_H_

#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>

#include <xapian.h>

#include "common/schema/schema.h"
#include "common/store/document_store.h"
#include "common/text/analyzer.h"
#include "newsdex/searcher.h"

namespace newsdex::search {

// What an index term is, as a key term: a word, a name of one kind, or not a key term
// (ids, dates, exact and title forms, topics, keywords, numbers, 1-2 byte words).
enum class KeyTermKind { kWord, kPerson, kOrg, kPlace };
std::optional<KeyTermKind> ClassifyKeyTerm(std::string_view term, const Schema& schema);

// The stems of the words no story is about: English function words ("the", "said")
// and the names of days and months, analysed with `analyzer`.
std::unordered_set<std::string> StopStems(text::Analyzer* analyzer);

// Keeps only the terms ClassifyKeyTerm() accepts that are not in `stop_stems`. Holds a
// reference to `schema`, which must outlive it.
class KeyTermDecider : public Xapian::ExpandDecider {
 public:
  KeyTermDecider(const Schema& schema, std::unordered_set<std::string> stop_stems)
      : schema_(schema), stop_stems_(std::move(stop_stems)) {}
  bool operator()(const std::string& term) const override;

 private:
  const Schema& schema_;
  std::unordered_set<std::string> stop_stems_;
};

// The query whose best matches are sampled. A query of filters alone has no relevance:
// its newest matches are sampled instead.
struct KeyTermSample {
  const Xapian::Database& db;
  const Xapian::Query& query;
  bool filter_only = false;
};

// Ranks the key terms of `sample` as TermsRequest asks (request.query is not read: the
// caller parsed it). Reads the sampled articles' stored text from `store` for the words'
// written forms. May throw Xapian::Error (the caller translates it).
Result<TermsResult> FindKeyTerms(const KeyTermSample& sample, const Schema& schema,
                                 const DocumentStore& store, text::Analyzer* analyzer,
                                 const TermsRequest& request);

}  // namespace newsdex::search

#endif  // NEWSDEX_SEARCHER_KEY_TERMS_H_
