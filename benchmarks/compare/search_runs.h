// Timing the query set against each system on one thread: a warm-up pass over every
// query, then `rounds` timed passes; each query is timed alone with steady_clock.
//
//   auto newsdex = newsdex::bench::OpenNewsdexSearch(archive, false, &error);
//   newsdex::bench::SearchReport report = newsdex::bench::TimeQueries(*newsdex, queries, 3);
//
//   newsdex  Searcher::Search with a default SearchRequest (top 10, snippets, what
//            newsdex-search shows by default), the facets of a facets query
//   newsdex-ids  the same with HitFields::kIds (newsdex-search --ids): each hit's id
//            and score from the index alone, the work the xapian runner does
//   xapian   Xapian::QueryParser (English stemmer, STEM_SOME, AND as default operator,
//            phrases and OR) and Enquire top 10, reading each hit's document data
//            (compare_bench opens raw Xapian's compacted copy when there is one)
//   xapian-full  the same, each hit also showing its title and MSet::snippet() of its
//            body (as many bytes as newsdex's snippets, the cheapest flags), the texts
//            looked up in memory: the page newsdex shows, at the least cost raw Xapian
//            can show it
//   fts5     SELECT id FROM news WHERE news MATCH ? ORDER BY rank LIMIT 10
// The baselines run the word, AND, OR and phrase queries only.
#ifndef NEWSDEX_BENCHMARKS_COMPARE_SEARCH_RUNS_H_
#define NEWSDEX_BENCHMARKS_COMPARE_SEARCH_RUNS_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "benchmarks/compare/query_set.h"
#include "newsdex/options.h"

namespace newsdex::bench {

class SearchSystem {
 public:
  virtual ~SearchSystem() = default;
  virtual std::string name() const = 0;
  virtual bool Supports(const BenchQuery& query) const = 0;
  // Runs `query` and reads its top 10; *matches gets the (estimated) number of matches
  // when the system says. False with *error set when the query fails.
  virtual bool Run(const BenchQuery& query, std::uint64_t* matches, std::string* error) = 0;
  // Articles in the index, to check every system indexed the same corpus.
  virtual std::uint64_t ArticleCount() const = 0;
  // False when *matches of Run() is only the number of hits returned.
  virtual bool CountsMatches() const { return true; }
};

// `ids_only`: the newsdex-ids system.
std::unique_ptr<SearchSystem> OpenNewsdexSearch(const std::string& archive, bool ids_only,
                                                const SearcherOptions& options,
                                                std::string* error);
// Title and body of an article, for the xapian-full system.
struct ArticleText {
  std::string title, body;
};
// By article id.
using ArticleTexts = std::unordered_map<std::string, ArticleText>;

// `texts`: the xapian-full system, showing the texts of `texts`; null: the xapian system.
std::unique_ptr<SearchSystem> OpenXapianSearch(const std::string& database,
                                               std::shared_ptr<const ArticleTexts> texts,
                                               std::string* error);
std::unique_ptr<SearchSystem> OpenFts5Search(const std::string& file, std::string* error);

// Latencies of one kind of query (or of all), in milliseconds.
struct LatencyStats {
  std::size_t queries = 0;   // distinct queries timed
  std::size_t samples = 0;   // timings: queries x rounds
  double p50 = 0, p95 = 0, p99 = 0, max = 0, mean = 0;
  double qps = 0;            // samples / total time
  double mean_matches = -1;  // mean matches per query; -1 when the system does not say
  std::size_t failed = 0;    // queries the system refused (left out of the timings)
  std::size_t empty = 0;     // queries without a match
};

struct SearchReport {
  std::string system;
  std::uint64_t articles = 0;
  std::map<std::string, LatencyStats> kinds;  // by kind, only the kinds it runs
  LatencyStats overall;                       // every query it runs
  LatencyStats shared;                        // word, and, or, phrase
  std::vector<std::string> failures;          // the first few failures, for the report
};

SearchReport TimeQueries(SearchSystem& system, const std::vector<BenchQuery>& queries,
                         int rounds);

// The nearest-rank percentile `p` (0 to 1) of `sorted` (ascending, not empty): the
// smallest value with at least p of the values at or below it; p 0 gives the first.
double NearestRankPercentile(const std::vector<double>& sorted, double p);

}  // namespace newsdex::bench

#endif  // NEWSDEX_BENCHMARKS_COMPARE_SEARCH_RUNS_H_
