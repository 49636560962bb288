// Everything one comparison run measured, and its reports: a JSON file, a Markdown file
// (also printed on stdout) with the machine, the date and the git commit.
//
//   newsdex::bench::BenchResults results;  // filled by compare_bench
//   std::string markdown = newsdex::bench::ToMarkdown(results);
//   nlohmann::json json = newsdex::bench::ToJson(results);
#ifndef NEWSDEX_BENCHMARKS_COMPARE_BENCH_RESULTS_H_
#define NEWSDEX_BENCHMARKS_COMPARE_BENCH_RESULTS_H_

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "benchmarks/compare/index_runs.h"
#include "benchmarks/compare/search_runs.h"

namespace newsdex::bench {

struct CorpusInfo {
  std::string name;                 // "reuters", "scaled-500k"
  std::vector<std::string> files;   // as given to every system
  std::uint64_t articles = 0;
  std::uint64_t text_bytes = 0;     // title + body
  std::uint64_t skipped = 0;        // records the readers skipped
};

// One system's indexing runs and their medians.
struct IndexSummary {
  std::string system;
  std::vector<IndexMeasurement> runs;
  double seconds = 0, peak_rss_mb = 0;  // medians
  std::uint64_t index_bytes = 0, store_bytes = 0, total_bytes = 0;  // of the last run
  // Raw Xapian only: its last index compacted afterwards, as newsdex's --compact does
  // within its run (0: not compacted). Its searches then run on this copy.
  std::uint64_t compacted_bytes = 0;
  double compact_seconds = 0;
};

struct BenchResults {
  CorpusInfo corpus;
  std::string newsdex_command;  // the newsdex-index command line, inputs left out
  std::size_t facet_cache_bytes = 0;  // the newsdex searchers' SearcherOptions
  std::string date;             // UTC, ISO 8601
  std::string commit;           // git rev-parse HEAD, "-dirty" when the tree is
  // /proc/loadavg's 1, 5 and 15 minute load at the start and at the end: the machine
  // may be shared, and a load above its cores slows every system down.
  std::string load_at_start, load_at_end;
  std::vector<IndexSummary> indexing;  // newsdex, xapian, fts5 (empty: not measured)
  int search_rounds = 0;
  std::string query_file;
  std::size_t queries = 0;
  std::vector<SearchReport> search;    // newsdex, xapian, fts5
  bool xapian_searched_compacted = false;  // raw Xapian searched its compacted copy
};

// A performance goal of newsdex and whether this run met it.
struct Target {
  std::string goal;      // "newsdex indexing >= 2x raw Xapian articles/s"
  std::string measured;  // "1.4x"
  bool met = false;
};

// The goals that apply to this corpus: Reuters-sized corpora get the Reuters goals,
// corpora of 100,000 articles or more those of the scaled archive. Goals whose numbers
// were not measured are left out.
std::vector<Target> Targets(const BenchResults& results);

// Pointers into `results` by system name; nullptr when not measured.
const IndexSummary* FindIndexing(const BenchResults& results, const std::string& system);
const SearchReport* FindSearch(const BenchResults& results, const std::string& system);

// The median of each metric over `runs` (which must not be empty).
IndexSummary Summarize(const std::string& system, const std::vector<IndexMeasurement>& runs);

// The commit of the source tree at `source_dir`, with "-dirty" when it has changes;
// "unknown" outside git.
std::string GitCommit(const std::string& source_dir);
// The 1, 5 and 15 minute load averages, "0.52 0.58 0.59".
std::string LoadAverage();
// The current time in UTC as 2026-01-31T12:00:00Z.
std::string UtcNow();

nlohmann::json ToJson(const BenchResults& results);
std::string ToMarkdown(const BenchResults& results);

}  // namespace newsdex::bench

#endif  // NEWSDEX_BENCHMARKS_COMPARE_BENCH_RESULTS_H_
