// Name recogniser throughput (common/text/names.h): NameRecognizer::Recognize over
// Reuters-21578 stories analysed beforehand, as ArticleIndexer::IndexNames calls it.
//
//   build-release/benchmarks/micro/micro_bench --benchmark_filter=NameRecognizer
//
// One iteration recognises the names of all 21,578 stories; analysis is done once,
// before timing. metadata:1 merges each story's PEOPLE, ORGS and PLACES tags as the
// indexer does; metadata:0 recognises from the text alone (as names_bench scores it).
// Reports bytes/s of text (title + dateline + body), items/s (stories) and entities
// found per pass.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

#include "benchmarks/micro/analysed_story.h"
#include "benchmarks/micro/stories.h"

namespace newsdex::micro {
namespace {

// Every Reuters story's tokens and the texts Recognize takes, which point into them.
struct AnalysedCorpus {
  std::vector<AnalysedStory> tokens;
  std::vector<std::vector<text::ArticleText>> texts;
};

AnalysedCorpus AnalyseReuters() {
  const std::vector<Article>& stories = ReutersStories();
  AnalysedCorpus corpus;
  corpus.tokens.resize(stories.size());
  text::Analyzer analyzer(text::AnalyzerOptions{.emit_joined = true});
  for (std::size_t i = 0; i < stories.size(); ++i) {
    AnalyseStory(analyzer, stories[i], &corpus.tokens[i]);
  }
  // Only now that corpus.tokens no longer moves may texts point into it.
  corpus.texts.reserve(stories.size());
  for (std::size_t i = 0; i < stories.size(); ++i) {
    corpus.texts.push_back(TextsOf(stories[i], corpus.tokens[i]));
  }
  return corpus;
}

const AnalysedCorpus& AnalysedReuters() {
  static const AnalysedCorpus corpus = AnalyseReuters();
  return corpus;
}

text::SourceNames SourceNamesOf(const Article& story, bool metadata) {
  if (!metadata) return {};
  return {&story.people, &story.orgs, &story.places};
}

void BM_NameRecognizer_Reuters(benchmark::State& state) {
  const bool metadata = state.range(0) != 0;
  const std::vector<Article>& stories = ReutersStories();
  const AnalysedCorpus& corpus = AnalysedReuters();
  text::NameRecognizer recognizer;  // the built-in gazetteer, as ArticleIndexer uses
  text::ArticleNames names;
  // One untimed story first: transliterators and the gazetteer load lazily.
  recognizer.Recognize(corpus.texts[0], SourceNamesOf(stories[0], metadata), &names);
  std::uint64_t entities = 0;
  for (auto _ : state) {
    entities = 0;
    for (std::size_t i = 0; i < stories.size(); ++i) {
      recognizer.Recognize(corpus.texts[i], SourceNamesOf(stories[i], metadata), &names);
      entities += names.entities.size();
      benchmark::DoNotOptimize(names.entities.data());
      benchmark::ClobberMemory();
    }
  }
  const auto iterations = static_cast<std::int64_t>(state.iterations());
  state.SetBytesProcessed(iterations * static_cast<std::int64_t>(TextBytes(stories)));
  state.SetItemsProcessed(iterations * static_cast<std::int64_t>(stories.size()));
  state.counters["entities"] = static_cast<double>(entities);
}
BENCHMARK(BM_NameRecognizer_Reuters)->ArgName("metadata")->Arg(1)->Arg(0)
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace newsdex::micro
