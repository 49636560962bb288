// compare_bench's arithmetic and reports, on made-up measurements: medians, percentiles,
// the ratios and goals, the Markdown sections, the query file. Nothing here is timed.
#include <algorithm>
#include <fstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "benchmarks/compare/bench_results.h"
#include "benchmarks/compare/query_set.h"
#include "benchmarks/compare/search_runs.h"
#include "support/temp_dir.h"

namespace newsdex::bench {
namespace {

std::size_t Occurrences(const std::string& text, const std::string& part) {
  std::size_t count = 0;
  for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) {
    ++count;
  }
  return count;
}

IndexMeasurement Run(double seconds, double rss_mb, std::uint64_t index_bytes) {
  IndexMeasurement m;
  m.seconds = seconds;
  m.peak_rss_mb = rss_mb;
  m.index_bytes = index_bytes;
  m.total_bytes = index_bytes;
  return m;
}

IndexSummary Indexed(const std::string& system, double seconds, std::uint64_t index_bytes) {
  return Summarize(system, {Run(seconds, 170, index_bytes)});
}

LatencyStats Latency(double p50, double p99, std::size_t queries = 200) {
  LatencyStats s;
  s.queries = queries;
  s.samples = queries * 3;
  s.p50 = p50;
  s.p95 = p99;
  s.p99 = p99;
  s.max = p99;
  s.qps = 1000 / p50;
  return s;
}

// A search report whose word queries and shared set answer at `p50` ms.
SearchReport Searched(const std::string& system, double p50) {
  SearchReport r;
  r.system = system;
  r.articles = 20000;
  r.kinds["word"] = Latency(p50, 2 * p50);
  if (system.rfind("newsdex", 0) == 0) r.kinds["name"] = Latency(p50, 3 * p50);
  r.shared = Latency(p50, 2 * p50);
  r.overall = Latency(p50, 3 * p50);
  return r;
}

// A Reuters-sized run: newsdex indexing in 5 s, raw Xapian in 10 s (then 0.5 s to
// compact), FTS5 in 1 s; every system searched.
BenchResults ReutersSizedRun() {
  BenchResults r;
  r.corpus.name = "wire";
  r.corpus.articles = 20000;
  r.corpus.text_bytes = 10'000'000;
  r.indexing.push_back(Indexed("newsdex", 5, 30'000'000));
  r.indexing.push_back(Indexed("xapian", 10, 60'000'000));
  r.indexing.back().compacted_bytes = 24'000'000;
  r.indexing.back().compact_seconds = 0.5;
  r.indexing.push_back(Indexed("fts5", 1, 20'000'000));
  r.search = {Searched("newsdex", 0.30), Searched("newsdex-ids", 0.115), Searched("xapian", 0.10),
              Searched("xapian-full", 0.40), Searched("fts5", 0.50)};
  return r;
}

const Target* FindGoal(const std::vector<Target>& goals, const std::string& start) {
  for (const Target& t : goals) {
    if (t.goal.rfind(start, 0) == 0) return &t;
  }
  return nullptr;
}

TEST_CASE("an indexing summary takes the median of its runs and the last run's sizes",
          "[bench]") {
  const IndexSummary odd = Summarize("newsdex", {Run(5, 180, 1), Run(3, 160, 2), Run(4, 170, 3)});
  CHECK(odd.seconds == 4);
  CHECK(odd.peak_rss_mb == 170);
  CHECK(odd.index_bytes == 3);
  const IndexSummary even =
      Summarize("xapian", {Run(5, 100, 1), Run(3, 100, 1), Run(4, 100, 1), Run(6, 100, 7)});
  CHECK(even.seconds == 4.5);
  CHECK(even.index_bytes == 7);
  CHECK(even.system == "xapian");
}

TEST_CASE("latency percentiles are nearest-rank", "[bench]") {
  std::vector<double> hundred;
  for (int i = 1; i <= 100; ++i) hundred.push_back(i);
  CHECK(NearestRankPercentile(hundred, 0.50) == 50);
  CHECK(NearestRankPercentile(hundred, 0.95) == 95);
  CHECK(NearestRankPercentile(hundred, 0.99) == 99);
  CHECK(NearestRankPercentile(hundred, 1.0) == 100);
  CHECK(NearestRankPercentile({1, 2, 3}, 0.50) == 2);
  CHECK(NearestRankPercentile({1, 2, 3}, 0.99) == 3);
  CHECK(NearestRankPercentile({1, 2, 3}, 0.0) == 1);
  CHECK(NearestRankPercentile({7.5}, 0.99) == 7.5);
}

// A search system answering from a table: "refused" fails, "nothing" matches nothing,
// other queries match as many articles as their text has letters.
class TableSystem : public SearchSystem {
 public:
  explicit TableSystem(bool counts) : counts_(counts) {}
  std::string name() const override { return "xapian"; }
  bool Supports(const BenchQuery& query) const override { return IsSharedKind(query.kind); }
  bool Run(const BenchQuery& query, std::uint64_t* matches, std::string* error) override {
    ++calls;
    if (query.text == "refused") {
      *error = "syntax error";
      return false;
    }
    *matches = query.text == "nothing" ? 0 : query.text.size();
    return true;
  }
  std::uint64_t ArticleCount() const override { return 20000; }
  bool CountsMatches() const override { return counts_; }
  int calls = 0;

 private:
  bool counts_;
};

TEST_CASE("timing queries counts samples, failures and empty answers per kind", "[bench]") {
  const std::vector<BenchQuery> queries = {{"word", "crude", {}, {"crude"}},
                                           {"word", "refused", {}, {"refused"}},
                                           {"and", "oil tanker", {}, {"oil", "tanker"}},
                                           {"phrase", "nothing", {}, {"nothing"}},
                                           {"name", "person:\"ann lee\"", {}, {}}};
  TableSystem system(/*counts=*/true);
  const SearchReport report = TimeQueries(system, queries, /*rounds=*/3);
  CHECK(report.system == "xapian");
  CHECK(report.articles == 20000);
  // Warm-up: the 4 supported queries once; then the 3 that answered, 3 times each.
  CHECK(system.calls == 4 + 3 * 3);
  REQUIRE(report.kinds.size() == 3);
  CHECK_FALSE(report.kinds.contains("name"));
  const LatencyStats& word = report.kinds.at("word");
  CHECK(word.queries == 2);
  CHECK(word.failed == 1);
  CHECK(word.samples == 3);
  CHECK(word.mean_matches == 5);  // "crude", the one answered
  CHECK(report.kinds.at("phrase").empty == 1);
  CHECK(report.kinds.at("and").mean_matches == 10);
  CHECK(report.shared.queries == 4);
  CHECK(report.shared.samples == 9);
  CHECK(report.shared.failed == 1);
  CHECK(report.overall.samples == 9);
  CHECK(report.shared.p50 <= report.shared.p95);
  CHECK(report.shared.p95 <= report.shared.p99);
  CHECK(report.shared.p99 <= report.shared.max);
  REQUIRE(report.failures.size() == 1);
  CHECK(report.failures[0] == "refused: syntax error");

  TableSystem silent(/*counts=*/false);
  CHECK(TimeQueries(silent, queries, 1).shared.mean_matches == -1);
}

TEST_CASE("the Markdown report has one section per system, under its own name", "[bench]") {
  const std::string md = ToMarkdown(ReutersSizedRun());
  for (const char* heading :
       {"### newsdex (20000 articles)", "### newsdex, ids only (20000 articles)",
        "### raw Xapian (20000 articles)", "### raw Xapian, titles and snippets (20000 articles)",
        "### SQLite FTS5 (20000 articles)"}) {
    INFO(heading);
    CHECK(Occurrences(md, heading) == 1);
  }
  CHECK(Occurrences(md, "### ") == 6);  // and the side-by-side table
  CHECK(Occurrences(md, "newsdex articles/s relative to raw Xapian: 2.00x, SQLite FTS5: 0.20x") == 1);
  CHECK(Occurrences(md, "Counting that compaction, newsdex indexes 2.10x") == 1);
  CHECK(Occurrences(md, "1.25x the size of raw Xapian's compacted one") == 1);
  // word: full hits 0.30 against 0.10 and 0.40, ids 0.115 against 0.10.
  CHECK(Occurrences(md, "| 3.00 | 1.15 | 0.75 |") == 2);  // word and the shared set
  CHECK(Occurrences(md, "| newsdex Xapian index <= 2x raw text | 3.00x | **no** |") == 1);
}

TEST_CASE("the goals of a Reuters-sized run", "[bench]") {
  BenchResults run = ReutersSizedRun();
  std::vector<Target> goals = Targets(run);
  const Target* indexing = FindGoal(goals, "newsdex indexing >= 2x");
  REQUIRE(indexing != nullptr);
  CHECK(indexing->measured == "2.00x");
  CHECK(indexing->met);
  CHECK_FALSE(FindGoal(goals, "newsdex Xapian index")->met);
  CHECK_FALSE(FindGoal(goals, "search p50 <= 1.2x raw Xapian (word, and, or, phrase), full hits")->met);
  const Target* ids = FindGoal(goals, "search p50 <= 1.2x raw Xapian (word, and, or, phrase), ids");
  REQUIRE(ids != nullptr);
  CHECK(ids->measured == "1.15x");
  CHECK(ids->met);
  const Target* page = FindGoal(goals, "search p50 <= 1.2x raw Xapian (word, and, or, phrase), "
                                       "full hits against raw Xapian's titles and snippets");
  REQUIRE(page != nullptr);
  CHECK(page->measured == "0.75x");
  CHECK(page->met);
  CHECK(FindGoal(goals, "search p99 < 2 ms")->met);  // 0.90 ms over all kinds
  CHECK(FindGoal(goals, "newsdex peak RSS") == nullptr);

  run.indexing[0].seconds = 5.03;  // 1.99x
  CHECK_FALSE(FindGoal(Targets(run), "newsdex indexing >= 2x")->met);

  run.search[1].shared.failed = 2;  // refused queries leave the sets different
  goals = Targets(run);
  const Target* refused =
      FindGoal(goals, "search p50 <= 1.2x raw Xapian (word, and, or, phrase), ids");
  REQUIRE(refused != nullptr);
  CHECK(refused->measured == "1.15x (2 refused)");
  CHECK_FALSE(refused->met);
}

TEST_CASE("the goals of a scaled run", "[bench]") {
  BenchResults run = ReutersSizedRun();
  run.corpus.articles = 500000;
  run.search[0].kinds["facets"] = Latency(10, 60);
  run.search[0].kinds["facets"].mean_matches = 19700;
  run.search[0].kinds["phrase"] = Latency(1, 30);
  run.search[0].kinds["phrase"].failed = 200;  // an archive without positions
  const std::vector<Target> goals = Targets(run);
  CHECK(FindGoal(goals, "search p99 < 2 ms") == nullptr);
  REQUIRE(FindGoal(goals, "newsdex peak RSS < 1.5 GB") != nullptr);
  CHECK(FindGoal(goals, "newsdex peak RSS < 1.5 GB")->measured == "170 MB");
  CHECK(FindGoal(goals, "search p99 < 25 ms: word")->met);
  CHECK(FindGoal(goals, "search p99 < 25 ms: name")->met);
  CHECK(FindGoal(goals, "search p99 < 25 ms: phrase")->measured == "refused");
  CHECK_FALSE(FindGoal(goals, "search p99 < 25 ms: phrase")->met);
  const Target* facets = FindGoal(goals, "facets p99 < 50 ms (mean 19700 matches)");
  REQUIRE(facets != nullptr);
  CHECK(facets->measured == "60.00 ms");
  CHECK_FALSE(facets->met);
}

TEST_CASE("the JSON ratios", "[bench]") {
  const nlohmann::json ratios = ToJson(ReutersSizedRun())["ratios"];
  CHECK(ratios["indexing_articles_per_s_newsdex_to_xapian"].get<double>() == Approx(2.0));
  CHECK(ratios["indexing_articles_per_s_newsdex_to_xapian_compacted"].get<double>() == Approx(2.1));
  CHECK(ratios["index_bytes_newsdex_to_xapian_compacted"].get<double>() == Approx(1.25));
  CHECK(ratios["indexing_articles_per_s_newsdex_to_fts5"].get<double>() == Approx(0.2));
  CHECK(ratios["search_p50_newsdex_to_xapian"].get<double>() == Approx(3.0));
  CHECK(ratios["search_p50_newsdex_ids_to_xapian"].get<double>() == Approx(1.15));
  CHECK(ratios["search_p50_newsdex_to_xapian_full"].get<double>() == Approx(0.75));
  CHECK(ratios["search_p50_newsdex_ids_to_fts5"].get<double>() == Approx(0.23));
  CHECK_FALSE(ratios.contains("search_p50_newsdex_ids_to_xapian_full"));
  CHECK_FALSE(ratios.contains("indexing_articles_per_s_newsdex_to_xapian_full"));
  CHECK(ratios.size() == 19);  // 4 for indexing, 3 for each of the 5 searched pairs
}

TEST_CASE("a query set is saved and read back", "[bench]") {
  testing::TempDir dir;
  const std::string path = dir / "queries.tsv";
  const std::vector<BenchQuery> queries = {
      {"or", "federal OR veto", {}, {}},
      {"phrase", "\"countervailing duty case\"", {}, {}},
      {"facets", "grain", {"topic", "year"}, {}},
      {"date", "date:1987-03", {}, {}}};
  std::string error;
  REQUIRE(SaveQueries(path, queries, "seed 1987\n1,200 queries", &error));
  std::vector<BenchQuery> read;
  REQUIRE(LoadQueries(path, &read, &error));
  REQUIRE(read.size() == queries.size());
  for (std::size_t i = 0; i < queries.size(); ++i) {
    CHECK(read[i].kind == queries[i].kind);
    CHECK(read[i].text == queries[i].text);
    CHECK(read[i].facets == queries[i].facets);
  }
  CHECK(read[0].words == std::vector<std::string>{"federal", "veto"});
  CHECK(read[1].words == std::vector<std::string>{"countervailing", "duty", "case"});
  CHECK(read[2].words.empty());  // newsdex only: the baselines get no words
}

TEST_CASE("a broken query file is refused with its line", "[bench]") {
  testing::TempDir dir;
  const std::string path = dir / "queries.tsv";
  std::ofstream(path) << "# a comment\nword\tcrude\nheadline\tcrude oil\n";
  std::vector<BenchQuery> read;
  std::string error;
  CHECK_FALSE(LoadQueries(path, &read, &error));
  CHECK(error == path + ":3: expected KIND<TAB>QUERY");

  std::ofstream(path) << "# only comments\n";
  CHECK_FALSE(LoadQueries(path, &read, &error));
  CHECK(error == "no queries in " + path);
  CHECK_FALSE(LoadQueries(dir / "missing.tsv", &read, &error));
  CHECK(error == "cannot read the query set " + (dir / "missing.tsv"));
}

}  // namespace
}  // namespace newsdex::bench
