// Analyzer throughput (common/text/analyzer.h): Analyzer::Analyze over the title,
// dateline and body of every story, as ArticleIndexer::Build calls it.
//
//   build-release/benchmarks/micro/micro_bench --benchmark_filter=Analyzer
//
// BM_Analyzer_Reuters: one iteration analyses all of Reuters-21578 (about 18 MB).
// BM_Analyzer_NonAscii: one iteration analyses the fixture stories written with accents,
// Cyrillic or Greek (tests/data), each in its own language.
// Reports bytes/s of text, items/s (stories) and tokens/s (words plus the joined forms
// of hyphenated compounds).
#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

#include "benchmarks/micro/analysed_story.h"
#include "benchmarks/micro/stories.h"

namespace newsdex::micro {
namespace {

// Stories analysed before timing, so that ICU's lazily loaded data (break rules,
// dictionaries, stemmers) is not counted in the first repetition.
constexpr std::size_t kWarmUpStories = 200;

void AnalyseAll(benchmark::State& state, const std::vector<Article>& stories) {
  text::Analyzer analyzer(text::AnalyzerOptions{.emit_joined = true});
  AnalysedStory tokens;
  for (std::size_t i = 0; i < stories.size() && i < kWarmUpStories; ++i) {
    AnalyseStory(analyzer, stories[i], &tokens);
  }
  std::uint64_t token_count = 0;
  for (auto _ : state) {
    token_count = 0;
    for (const Article& story : stories) {
      AnalyseStory(analyzer, story, &tokens);
      token_count += tokens.title.size() + tokens.dateline.size() + tokens.body.size();
      benchmark::DoNotOptimize(tokens.body.data());
      benchmark::ClobberMemory();
    }
  }
  const auto iterations = static_cast<std::int64_t>(state.iterations());
  state.SetBytesProcessed(iterations * static_cast<std::int64_t>(TextBytes(stories)));
  state.SetItemsProcessed(iterations * static_cast<std::int64_t>(stories.size()));
  state.counters["tokens"] = benchmark::Counter(static_cast<double>(token_count),
                                                benchmark::Counter::kIsIterationInvariantRate);
}

void BM_Analyzer_Reuters(benchmark::State& state) { AnalyseAll(state, ReutersStories()); }
BENCHMARK(BM_Analyzer_Reuters)->Unit(benchmark::kMillisecond);

void BM_Analyzer_NonAscii(benchmark::State& state) { AnalyseAll(state, NonAsciiStories()); }
BENCHMARK(BM_Analyzer_NonAscii)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace newsdex::micro
