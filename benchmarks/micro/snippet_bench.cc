// Snippet throughput (searcher/snippets.h): MakeSnippet over the body of every story, as
// a full hit makes it (240 bytes, the searcher's analyzer options).
//
//   build-release/benchmarks/micro/micro_bench --benchmark_filter=Snippet
//
// BM_Snippet_Reuters: one iteration makes a snippet of each Reuters-21578 story with a
// body, for two query terms the body holds (the words a fifth and three fifths of the
// way in), so that each snippet is found as a search hit's is.
// Reports bytes/s of body text and items/s (snippets).
#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>
#include <unordered_set>
#include <vector>

#include "benchmarks/micro/stories.h"
#include "searcher/snippets.h"

namespace newsdex::micro {
namespace {

constexpr std::size_t kSnippetBytes = 240;

struct SnippetCase {
  const std::string* body;
  std::unordered_set<std::string> terms;
};

std::vector<SnippetCase> Cases(text::Analyzer& analyzer) {
  std::vector<SnippetCase> cases;
  std::vector<text::Token> tokens;
  for (const Article& story : ReutersStories()) {
    tokens.clear();
    analyzer.Analyze(story.body, "en", &tokens);
    if (tokens.size() < 5) continue;
    cases.push_back({&story.body,
                     {tokens[tokens.size() / 5].term, tokens[tokens.size() * 3 / 5].term}});
  }
  return cases;
}

void BM_Snippet_Reuters(benchmark::State& state) {
  text::Analyzer analyzer(text::AnalyzerOptions{.emit_joined = false});
  const std::vector<SnippetCase> cases = Cases(analyzer);
  std::uint64_t bytes = 0;
  for (const SnippetCase& c : cases) bytes += c.body->size();
  for (auto _ : state) {
    for (const SnippetCase& c : cases) {
      search::Snippet snippet =
          search::MakeSnippet(*c.body, c.terms, kSnippetBytes, &analyzer, "en");
      benchmark::DoNotOptimize(snippet.text.data());
    }
  }
  const auto iterations = static_cast<std::int64_t>(state.iterations());
  state.SetBytesProcessed(iterations * static_cast<std::int64_t>(bytes));
  state.SetItemsProcessed(iterations * static_cast<std::int64_t>(cases.size()));
}
BENCHMARK(BM_Snippet_Reuters)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace newsdex::micro
