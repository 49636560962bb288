// Date mention throughput (common/text/date_mentions.h): DateMentionExtractor::Extract
// over the title and body of every Reuters-21578 story with its publication date, as
// ArticleIndexer::IndexMentions calls it.
//
//   build-release/benchmarks/micro/micro_bench --benchmark_filter=DateMentions
//
// One iteration reads all 21,578 stories. Reports bytes/s of title + body, items/s
// (stories) and the mentions found per pass.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

#include "benchmarks/micro/stories.h"
#include "common/text/date_mentions.h"

namespace newsdex::micro {
namespace {

void BM_DateMentions_Reuters(benchmark::State& state) {
  const std::vector<Article>& stories = ReutersStories();
  const text::DateMentionExtractor extractor;
  std::vector<text::DateMention> mentions;
  std::uint64_t bytes = 0, found = 0;
  for (const Article& story : stories) bytes += story.title.size() + story.body.size();
  for (auto _ : state) {
    found = 0;
    for (const Article& story : stories) {
      mentions.clear();
      const text::DateContext context{story.published};
      extractor.Extract(story.title, context, &mentions);
      extractor.Extract(story.body, context, &mentions);
      found += mentions.size();
      benchmark::DoNotOptimize(mentions.data());
      benchmark::ClobberMemory();
    }
  }
  const auto iterations = static_cast<std::int64_t>(state.iterations());
  state.SetBytesProcessed(iterations * static_cast<std::int64_t>(bytes));
  state.SetItemsProcessed(iterations * static_cast<std::int64_t>(stories.size()));
  state.counters["mentions"] = static_cast<double>(found);
}
BENCHMARK(BM_DateMentions_Reuters)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace newsdex::micro
