// Medians, machine, commit, goals and the JSON report (bench_results.h).
#include "benchmarks/compare/bench_results.h"

#include <sys/utsname.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <thread>

#include "benchmarks/compare/baseline_indexers.h"

namespace newsdex::bench {
namespace {

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

// The output of a shell command, without the final newline; "" when it fails.
std::string CommandOutput(const std::string& command) {
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return "";
  std::string out;
  char buffer[256];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) out += buffer;
  const int status = ::pclose(pipe);
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return status == 0 ? out : "";
}

// The first value of "key : value" lines in a /proc file.
std::string ProcValue(const std::string& file, const std::string& key) {
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(key, 0) != 0) continue;
    const std::size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(" \t"));
    return value;
  }
  return "";
}

nlohmann::json MachineJson() {
  utsname uts{};
  ::uname(&uts);
  const std::string mem_kb = ProcValue("/proc/meminfo", "MemTotal");
  return {{"cpu", ProcValue("/proc/cpuinfo", "model name")},
          {"cores", std::thread::hardware_concurrency()},
          {"ram_gb", std::atof(mem_kb.c_str()) / (1024.0 * 1024.0)},
          {"kernel", std::string(uts.sysname) + " " + uts.release}};
}

nlohmann::json StatsJson(const LatencyStats& s) {
  nlohmann::json j = {{"queries", s.queries}, {"samples", s.samples}, {"p50_ms", s.p50},
                      {"p95_ms", s.p95},      {"p99_ms", s.p99},      {"max_ms", s.max},
                      {"mean_ms", s.mean},    {"qps", s.qps},         {"failed", s.failed},
                      {"empty", s.empty}};
  if (s.mean_matches >= 0) j["mean_matches"] = s.mean_matches;
  return j;
}

nlohmann::json IndexingJson(const BenchResults& r, const IndexSummary& s) {
  nlohmann::json runs = nlohmann::json::array();
  for (const IndexMeasurement& m : s.runs) {
    runs.push_back({{"run", m.run}, {"seconds", m.seconds}, {"peak_rss_mb", m.peak_rss_mb},
                    {"index_bytes", m.index_bytes}, {"store_bytes", m.store_bytes},
                    {"total_bytes", m.total_bytes}, {"exit_status", m.exit_status}});
  }
  const double text = static_cast<double>(r.corpus.text_bytes);
  nlohmann::json j = {{"system", s.system},
                      {"median_seconds", s.seconds},
                      {"articles_per_s", r.corpus.articles / s.seconds},
                      {"mb_per_s", text / 1e6 / s.seconds},
                      {"median_peak_rss_mb", s.peak_rss_mb},
                      {"index_bytes", s.index_bytes},
                      {"store_bytes", s.store_bytes},
                      {"total_bytes", s.total_bytes},
                      {"index_to_text", s.index_bytes / text},
                      {"total_to_text", s.total_bytes / text},
                      {"runs", runs}};
  if (s.compacted_bytes > 0) {
    j["compacted"] = {{"seconds", s.compact_seconds},
                      {"index_bytes", s.compacted_bytes},
                      {"index_to_text", s.compacted_bytes / text},
                      {"articles_per_s_with_compaction",
                       r.corpus.articles / (s.seconds + s.compact_seconds)}};
  }
  return j;
}

nlohmann::json SearchJson(const SearchReport& s) {
  nlohmann::json kinds = nlohmann::json::object();
  for (const auto& [kind, stats] : s.kinds) kinds[kind] = StatsJson(stats);
  return {{"system", s.system},          {"articles", s.articles},
          {"kinds", kinds},              {"overall", StatsJson(s.overall)},
          {"shared_kinds", StatsJson(s.shared)}, {"failures", s.failures}};
}

nlohmann::json RatiosJson(const BenchResults& r) {
  nlohmann::json ratios = nlohmann::json::object();
  const IndexSummary* newsdex = FindIndexing(r, "newsdex");
  for (const char* other : {"xapian", "fts5"}) {
    const IndexSummary* base = FindIndexing(r, other);
    if (newsdex == nullptr || base == nullptr) continue;
    ratios[std::string("indexing_articles_per_s_newsdex_to_") + other] = base->seconds / newsdex->seconds;
    if (base->compacted_bytes > 0) {
      ratios[std::string("indexing_articles_per_s_newsdex_to_") + other + "_compacted"] =
          (base->seconds + base->compact_seconds) / newsdex->seconds;
      ratios[std::string("index_bytes_newsdex_to_") + other + "_compacted"] =
          static_cast<double>(newsdex->index_bytes) / static_cast<double>(base->compacted_bytes);
    }
  }
  // Each newsdex system against the baselines doing the same work, and full hits against
  // raw Xapian's page of titles and snippets.
  struct Pair {
    const char *system, *base, *key;
  };
  for (const Pair& p : {Pair{"newsdex", "xapian", "newsdex_to_xapian"},
                        Pair{"newsdex-ids", "xapian", "newsdex_ids_to_xapian"},
                        Pair{"newsdex", "xapian-full", "newsdex_to_xapian_full"},
                        Pair{"newsdex", "fts5", "newsdex_to_fts5"},
                        Pair{"newsdex-ids", "fts5", "newsdex_ids_to_fts5"}}) {
    const SearchReport* nd = FindSearch(r, p.system);
    const SearchReport* bs = FindSearch(r, p.base);
    if (nd == nullptr || bs == nullptr || !(bs->shared.p50 > 0)) continue;
    ratios[std::string("search_p50_") + p.key] = nd->shared.p50 / bs->shared.p50;
    ratios[std::string("search_p99_") + p.key] = nd->shared.p99 / bs->shared.p99;
    ratios[std::string("search_qps_") + p.key] = nd->shared.qps / bs->shared.qps;
  }
  return ratios;
}

}  // namespace

const IndexSummary* FindIndexing(const BenchResults& results, const std::string& system) {
  for (const IndexSummary& s : results.indexing) {
    if (s.system == system) return &s;
  }
  return nullptr;
}

const SearchReport* FindSearch(const BenchResults& results, const std::string& system) {
  for (const SearchReport& s : results.search) {
    if (s.system == system) return &s;
  }
  return nullptr;
}

IndexSummary Summarize(const std::string& system, const std::vector<IndexMeasurement>& runs) {
  IndexSummary s;
  s.system = system;
  s.runs = runs;
  std::vector<double> seconds, rss;
  for (const IndexMeasurement& m : runs) {
    seconds.push_back(m.seconds);
    rss.push_back(m.peak_rss_mb);
  }
  s.seconds = Median(seconds);
  s.peak_rss_mb = Median(rss);
  s.index_bytes = runs.back().index_bytes;
  s.store_bytes = runs.back().store_bytes;
  s.total_bytes = runs.back().total_bytes;
  return s;
}

std::string GitCommit(const std::string& source_dir) {
  const std::string git = "git -C '" + source_dir + "' ";
  std::string commit = CommandOutput(git + "rev-parse HEAD 2>/dev/null");
  if (commit.empty()) return "unknown";
  if (!CommandOutput(git + "status --porcelain --untracked-files=no 2>/dev/null").empty()) {
    commit += "-dirty";
  }
  return commit;
}

std::string LoadAverage() {
  std::ifstream in("/proc/loadavg");
  std::string one, five, fifteen;
  in >> one >> five >> fifteen;
  return one + " " + five + " " + fifteen;
}

std::string UtcNow() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

nlohmann::json ToJson(const BenchResults& r) {
  nlohmann::json indexing = nlohmann::json::array(), search = nlohmann::json::array();
  for (const IndexSummary& s : r.indexing) indexing.push_back(IndexingJson(r, s));
  for (const SearchReport& s : r.search) search.push_back(SearchJson(s));
  nlohmann::json targets = nlohmann::json::array();
  for (const Target& t : Targets(r)) {
    targets.push_back({{"goal", t.goal}, {"measured", t.measured}, {"met", t.met}});
  }
  return {{"benchmark", "compare_bench"},
          {"date", r.date},
          {"commit", r.commit},
          {"build_type", NEWSDEX_BUILD_TYPE},
          {"machine", MachineJson()},
          {"load_average", {{"start", r.load_at_start}, {"end", r.load_at_end}}},
          {"corpus",
           {{"name", r.corpus.name}, {"files", r.corpus.files}, {"articles", r.corpus.articles},
            {"text_bytes", r.corpus.text_bytes}, {"skipped_records", r.corpus.skipped}}},
          {"newsdex_command", r.newsdex_command},
          {"newsdex_facet_cache_bytes", r.facet_cache_bytes},
          {"fts5_schema", kFts5Schema},
          {"indexing", indexing},
          {"search",
           {{"rounds", r.search_rounds}, {"query_file", r.query_file}, {"queries", r.queries},
            {"xapian_searched_compacted", r.xapian_searched_compacted}, {"systems", search}}},
          {"ratios", RatiosJson(r)},
          {"targets", targets}};
}

}  // namespace newsdex::bench
