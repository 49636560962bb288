// Timing the query set (search_runs.h: TimeQueries).
#include "benchmarks/compare/search_runs.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>

namespace newsdex::bench {
namespace {

constexpr std::size_t kFailuresKept = 5;

// Timings and match counts of one group of queries.
struct Samples {
  std::vector<double> ms;
  std::size_t queries = 0, failed = 0, empty = 0;
  double matches = 0;
};

LatencyStats Summarize(Samples samples, bool counts_matches) {
  LatencyStats stats;
  stats.queries = samples.queries;
  stats.failed = samples.failed;
  stats.empty = samples.empty;
  stats.samples = samples.ms.size();
  if (samples.ms.empty()) return stats;
  std::sort(samples.ms.begin(), samples.ms.end());
  const double total = std::accumulate(samples.ms.begin(), samples.ms.end(), 0.0);
  stats.p50 = NearestRankPercentile(samples.ms, 0.50);
  stats.p95 = NearestRankPercentile(samples.ms, 0.95);
  stats.p99 = NearestRankPercentile(samples.ms, 0.99);
  stats.max = samples.ms.back();
  stats.mean = total / samples.ms.size();
  stats.qps = total > 0 ? samples.ms.size() / (total / 1000.0) : 0;
  const std::size_t answered = samples.queries - samples.failed;
  if (counts_matches && answered > 0) stats.mean_matches = samples.matches / answered;
  return stats;
}

void Add(Samples* to, const Samples& from) {
  to->ms.insert(to->ms.end(), from.ms.begin(), from.ms.end());
  to->queries += from.queries;
  to->failed += from.failed;
  to->empty += from.empty;
  to->matches += from.matches;
}

}  // namespace

double NearestRankPercentile(const std::vector<double>& sorted, double p) {
  const std::size_t rank = static_cast<std::size_t>(std::ceil(p * sorted.size()));
  return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

SearchReport TimeQueries(SearchSystem& system, const std::vector<BenchQuery>& queries,
                         int rounds) {
  SearchReport report;
  report.system = system.name();
  report.articles = system.ArticleCount();
  std::map<std::string, Samples> by_kind;
  std::vector<bool> usable(queries.size(), false);
  // Warm-up: every query once, untimed; it also counts matches and failures.
  for (std::size_t i = 0; i < queries.size(); ++i) {
    const BenchQuery& q = queries[i];
    if (!system.Supports(q)) continue;
    Samples& kind = by_kind[q.kind];
    ++kind.queries;
    std::uint64_t matches = 0;
    std::string error;
    if (!system.Run(q, &matches, &error)) {
      ++kind.failed;
      if (report.failures.size() < kFailuresKept) report.failures.push_back(q.text + ": " + error);
      continue;
    }
    usable[i] = true;
    kind.matches += static_cast<double>(matches);
    if (matches == 0) ++kind.empty;
  }
  using Clock = std::chrono::steady_clock;
  for (int round = 0; round < rounds; ++round) {
    for (std::size_t i = 0; i < queries.size(); ++i) {
      if (!usable[i]) continue;
      std::uint64_t matches = 0;
      std::string error;
      const auto start = Clock::now();
      system.Run(queries[i], &matches, &error);
      const auto end = Clock::now();
      by_kind[queries[i].kind].ms.push_back(
          std::chrono::duration<double, std::milli>(end - start).count());
    }
  }
  Samples overall, shared;
  for (const auto& [kind, samples] : by_kind) {
    report.kinds[kind] = Summarize(samples, system.CountsMatches());
    Add(&overall, samples);
    if (IsSharedKind(kind)) Add(&shared, samples);
  }
  report.overall = Summarize(std::move(overall), system.CountsMatches());
  report.shared = Summarize(std::move(shared), system.CountsMatches());
  return report;
}

}  // namespace newsdex::bench
