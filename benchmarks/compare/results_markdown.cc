// The Markdown report and the goals (bench_results.h: ToMarkdown, Targets).
#include <cstdio>
#include <sstream>

#include "benchmarks/compare/bench_results.h"

namespace newsdex::bench {
namespace {

constexpr const char* kDash = "—";

std::string Fixed(double value, int digits) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", digits, value);
  return buffer;
}

std::string Mb(std::uint64_t bytes) { return Fixed(bytes / 1e6, 1); }

const char* Label(const std::string& system) {
  if (system == "newsdex") return "newsdex";
  if (system == "xapian") return "raw Xapian";
  return "SQLite FTS5";
}

void Header(const BenchResults& r, std::ostringstream& md) {
  const nlohmann::json machine = ToJson(r)["machine"];
  md << "# newsdex, raw Xapian and SQLite FTS5 on " << r.corpus.name << "\n\n"
     << "- date: " << r.date << "\n- commit: " << r.commit << " (" << NEWSDEX_BUILD_TYPE
     << " build)\n- machine: " << machine["cpu"].get<std::string>() << ", "
     << machine["cores"].get<unsigned>() << " cores, "
     << Fixed(machine["ram_gb"].get<double>(), 1) << " GB RAM, "
     << machine["kernel"].get<std::string>() << "; load average (1, 5, 15 min) "
     << r.load_at_start << " at the start, " << r.load_at_end << " at the end\n"
     << "- corpus: " << r.corpus.name << ", " << r.corpus.articles << " articles, " << Mb(r.corpus.text_bytes)
     << " MB of title + body text, " << r.corpus.files.size() << " files\n"
     << "- newsdex: `" << r.newsdex_command << " FILES...`\n\n";
}

void IndexingTable(const BenchResults& r, std::ostringstream& md) {
  if (r.indexing.empty()) return;
  const double text = static_cast<double>(r.corpus.text_bytes);
  md << "## Indexing (median of " << r.indexing.front().runs.size()
     << " runs, each in a child process)\n\n"
     << "| system | articles/s | MB/s | peak RSS MB | Xapian / index MB | store MB | "
        "total MB | index / text | total / text |\n"
     << "|---|---:|---:|---:|---:|---:|---:|---:|---:|\n";
  for (const IndexSummary& s : r.indexing) {
    const bool newsdex = s.system == "newsdex";
    md << "| " << Label(s.system) << " | " << Fixed(r.corpus.articles / s.seconds, 0) << " | "
       << Fixed(text / 1e6 / s.seconds, 2) << " | " << Fixed(s.peak_rss_mb, 0) << " | "
       << Mb(s.index_bytes) << " | " << (newsdex ? Mb(s.store_bytes) : kDash) << " | "
       << Mb(s.total_bytes) << " | " << Fixed(s.index_bytes / text, 2) << " | "
       << Fixed(s.total_bytes / text, 2) << " |\n";
  }
  const IndexSummary* nd = FindIndexing(r, "newsdex");
  md << "\nnewsdex articles/s relative to";
  for (const char* other : {"xapian", "fts5"}) {
    if (const IndexSummary* b = FindIndexing(r, other); nd != nullptr && b != nullptr) {
      md << (other[0] == 'x' ? " " : ", ") << Label(other) << ": "
         << Fixed(b->seconds / nd->seconds, 2) << "x";
    }
  }
  md << ". newsdex's index is its Xapian folder; the store (RocksDB) keeps every article "
        "whole. FTS5's file also holds the text (its content table).\n\n";
}

std::string Cell(const SearchReport* s, const std::string& kind, double LatencyStats::*field,
                 int digits) {
  if (s == nullptr || !s->kinds.contains(kind)) return kDash;
  return Fixed(s->kinds.at(kind).*field, digits);
}

void SystemTable(const SearchReport& s, std::ostringstream& md) {
  md << "### " << Label(s.system) << " (" << s.articles << " articles)\n\n"
     << "| kind | queries | p50 ms | p95 ms | p99 ms | max ms | QPS | mean matches | empty | failed |\n"
     << "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
  auto row = [&](const std::string& label, const LatencyStats& k) {
    md << "| " << label << " | " << k.queries << " | " << Fixed(k.p50, 3) << " | "
       << Fixed(k.p95, 3) << " | " << Fixed(k.p99, 3) << " | " << Fixed(k.max, 3) << " | "
       << Fixed(k.qps, 0) << " | " << (k.mean_matches >= 0 ? Fixed(k.mean_matches, 0) : kDash)
       << " | " << k.empty << " | " << k.failed << " |\n";
  };
  for (const std::string& kind : QueryKinds()) {
    if (s.kinds.contains(kind)) row(kind, s.kinds.at(kind));
  }
  row("word+and+or+phrase", s.shared);
  row("all", s.overall);
  for (const std::string& f : s.failures) md << "\nfailed: `" << f << "`";
  md << "\n\n";
}

void ComparisonTable(const BenchResults& r, std::ostringstream& md) {
  const SearchReport* nd = FindSearch(r, "newsdex");
  const SearchReport* xa = FindSearch(r, "xapian");
  const SearchReport* ft = FindSearch(r, "fts5");
  md << "### Side by side (ms; " << kDash << ": no equivalent query)\n\n"
     << "| kind | newsdex p50 | raw Xapian p50 | FTS5 p50 | newsdex p99 | raw Xapian p99 | "
        "FTS5 p99 | newsdex / Xapian p50 | newsdex / FTS5 p50 |\n"
     << "|---|---:|---:|---:|---:|---:|---:|---:|---:|\n";
  auto ratio = [](const SearchReport* a, const SearchReport* b, const std::string& kind) {
    if (a == nullptr || b == nullptr || !a->kinds.contains(kind) || !b->kinds.contains(kind)) {
      return std::string(kDash);
    }
    return Fixed(a->kinds.at(kind).p50 / b->kinds.at(kind).p50, 2);
  };
  for (const std::string& kind : QueryKinds()) {
    md << "| " << kind << " | " << Cell(nd, kind, &LatencyStats::p50, 3) << " | "
       << Cell(xa, kind, &LatencyStats::p50, 3) << " | " << Cell(ft, kind, &LatencyStats::p50, 3)
       << " | " << Cell(nd, kind, &LatencyStats::p99, 3) << " | "
       << Cell(xa, kind, &LatencyStats::p99, 3) << " | " << Cell(ft, kind, &LatencyStats::p99, 3)
       << " | " << ratio(nd, xa, kind) << " | " << ratio(nd, ft, kind) << " |\n";
  }
  if (nd != nullptr && xa != nullptr && ft != nullptr) {
    md << "| word+and+or+phrase | " << Fixed(nd->shared.p50, 3) << " | "
       << Fixed(xa->shared.p50, 3) << " | " << Fixed(ft->shared.p50, 3) << " | "
       << Fixed(nd->shared.p99, 3) << " | " << Fixed(xa->shared.p99, 3) << " | "
       << Fixed(ft->shared.p99, 3) << " | " << Fixed(nd->shared.p50 / xa->shared.p50, 2)
       << " | " << Fixed(nd->shared.p50 / ft->shared.p50, 2) << " |\n";
  }
  md << "\n";
}

void SearchTables(const BenchResults& r, std::ostringstream& md) {
  if (r.search.empty()) return;
  md << "## Search (one thread, " << r.queries << " queries from `" << r.query_file << "`, "
     << r.search_rounds << " timed rounds after a warm-up round)\n\n";
  ComparisonTable(r, md);
  for (const SearchReport& s : r.search) SystemTable(s, md);
}

}  // namespace

std::vector<Target> Targets(const BenchResults& r) {
  std::vector<Target> goals;
  const bool scaled = r.corpus.articles >= 100000;
  const IndexSummary* nd = FindIndexing(r, "newsdex");
  const IndexSummary* xa = FindIndexing(r, "xapian");
  if (nd != nullptr && xa != nullptr) {
    const double ratio = xa->seconds / nd->seconds;
    goals.push_back({"newsdex indexing >= 2x raw Xapian articles/s", Fixed(ratio, 2) + "x", ratio >= 2});
  }
  if (nd != nullptr && scaled) {
    goals.push_back({"newsdex peak RSS < 1.5 GB", Fixed(nd->peak_rss_mb, 0) + " MB",
                     nd->peak_rss_mb < 1536});
  }
  if (nd != nullptr) {
    const double share = nd->index_bytes / static_cast<double>(r.corpus.text_bytes);
    goals.push_back({"newsdex Xapian index <= 2x raw text", Fixed(share, 2) + "x", share <= 2});
  }
  const SearchReport* ns = FindSearch(r, "newsdex");
  const SearchReport* xs = FindSearch(r, "xapian");
  if (ns != nullptr && xs != nullptr) {
    const double ratio = ns->shared.p50 / xs->shared.p50;
    goals.push_back({"search p50 <= 1.2x raw Xapian (word, and, or, phrase)",
                     Fixed(ratio, 2) + "x", ratio <= 1.2});
  }
  if (ns != nullptr && !scaled) {
    goals.push_back({"search p99 < 2 ms (all kinds)", Fixed(ns->overall.p99, 2) + " ms",
                     ns->overall.p99 < 2});
  }
  if (ns != nullptr && scaled) {
    for (const char* kind : {"word", "phrase", "name", "date"}) {
      if (!ns->kinds.contains(kind)) continue;
      const double p99 = ns->kinds.at(kind).p99;
      goals.push_back({std::string("search p99 < 25 ms: ") + kind, Fixed(p99, 2) + " ms", p99 < 25});
    }
    if (ns->kinds.contains("facets")) {
      const LatencyStats& f = ns->kinds.at("facets");
      goals.push_back({"facets p99 < 50 ms (mean " + Fixed(f.mean_matches, 0) + " matches)",
                       Fixed(f.p99, 2) + " ms", f.p99 < 50});
    }
  }
  return goals;
}

std::string ToMarkdown(const BenchResults& r) {
  std::ostringstream md;
  Header(r, md);
  IndexingTable(r, md);
  SearchTables(r, md);
  const std::vector<Target> goals = Targets(r);
  if (!goals.empty()) {
    md << "## Goals\n\n| goal | measured | met |\n|---|---:|---|\n";
    for (const Target& t : goals) {
      md << "| " << t.goal << " | " << t.measured << " | " << (t.met ? "yes" : "**no**") << " |\n";
    }
  }
  return md.str();
}

}  // namespace newsdex::bench
