// Query parsing throughput (common/query/query_parser.h): QueryParser::Parse over a
// fixed list of mixed queries, with the default schema, English stemming and the
// searcher's analyser options (no joined compounds).
//
//   build-release/benchmarks/micro/micro_bench --benchmark_filter=QueryParser
//
// One iteration parses every query of kQueries once. Reports items/s: queries parsed per
// second. No archive is open, so person:, org:, place: and name: values are not expanded
// through an entity registry (resolver = nullptr); relative dates count back from a
// fixed moment, so every run parses the same thing.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>

#include "common/query/query_parser.h"
#include "common/schema/schema.h"

namespace newsdex::micro {
namespace {

// Words, boolean operators, phrases, field prefixes, names, topics and dates, in
// several scripts: the query language of README.md, roughly as often as users write it.
constexpr const char* kQueries[] = {
    "oil prices",
    "crude OR petroleum",
    "opec AND quota -saudi",
    "(wheat OR corn) AND export NOT soviet",
    "\"belt and road\"",
    "\"james baker\" treasury",
    "person:\"james baker\"",
    "person:volcker inflation",
    "org:opec place:kuwait",
    "place:\"west germany\" tariffs",
    "name:baker +dollar",
    "topic:crude",
    "topic:grain date:1987-03",
    "date:1987-03-01..1987-04-30 topic:crude",
    "date:..1987-03-01 bank",
    "date:last-30-days markets",
    "mentions:1987-04 strike",
    "title:forum body:pipeline",
    "econom* growth",
    "putin NEAR/5 xi",
    "Orbán’s victory",
    "Москва выборы",
    "lang:en source:reuters id:17192",
    "exact:orbán",
};

// 1987-10-20T00:00:00Z, the last day of Reuters-21578: the "now" of relative dates.
constexpr std::int64_t kAsOf = 561686400;

void BM_QueryParser_Mixed(benchmark::State& state) {
  const query::QueryParser parser(Schema::Default(), SearcherOptions{}, {"en"});
  text::Analyzer analyzer(text::AnalyzerOptions{.emit_joined = false});
  // A query that does not parse would time the error path: stop instead.
  for (const char* q : kQueries) {
    Result<query::ParsedQuery> parsed = parser.Parse(q, &analyzer, nullptr, kAsOf);
    if (!parsed.ok()) {
      state.SkipWithError((std::string(q) + ": " + parsed.status().ToString()).c_str());
      return;
    }
  }
  for (auto _ : state) {
    for (const char* q : kQueries) {
      Result<query::ParsedQuery> parsed = parser.Parse(q, &analyzer, nullptr, kAsOf);
      benchmark::DoNotOptimize(parsed);
    }
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(std::size(kQueries)));
}
BENCHMARK(BM_QueryParser_Mixed)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace newsdex::micro
