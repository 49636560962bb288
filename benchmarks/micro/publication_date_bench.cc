// Publication date parsing (common/text/publication_date.h): ParsePublicationDate over
// the text of every <DATE> element of Reuters-21578 ("26-FEB-1987 15:01:01.79"), as the
// SGML reader calls it for each story.
//
//   build-release/benchmarks/micro/micro_bench --benchmark_filter=PublicationDate
//
// One iteration parses all 21,578 dates. Reports items/s (dates parsed), bytes/s, and
// the dates that did not parse per pass (0 expected).
#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>
#include <vector>

#include "benchmarks/micro/stories.h"
#include "common/text/publication_date.h"

namespace newsdex::micro {
namespace {

void BM_PublicationDate_Reuters(benchmark::State& state) {
  const std::vector<std::string>& dates = ReutersDates();
  std::uint64_t bytes = 0, failed = 0;
  for (const std::string& date : dates) bytes += date.size();
  for (auto _ : state) {
    failed = 0;
    for (const std::string& date : dates) {
      Result<std::int64_t> seconds = text::ParsePublicationDate(date);
      failed += seconds.ok() ? 0 : 1;
      benchmark::DoNotOptimize(seconds);
    }
  }
  const auto iterations = static_cast<std::int64_t>(state.iterations());
  state.SetBytesProcessed(iterations * static_cast<std::int64_t>(bytes));
  state.SetItemsProcessed(iterations * static_cast<std::int64_t>(dates.size()));
  state.counters["failed"] = static_cast<double>(failed);
}
BENCHMARK(BM_PublicationDate_Reuters)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace newsdex::micro
