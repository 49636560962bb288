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

constexpr const char* kSharedKinds = "word+and+or+phrase";

const char* Label(const std::string& system) {
  if (system == "newsdex") return "newsdex";
  if (system == "newsdex-ids") return "newsdex, ids only";
  if (system == "xapian") return "raw Xapian";
  if (system == "xapian-full") return "raw Xapian, titles and snippets";
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
     << "- newsdex: `" << r.newsdex_command << " FILES...`; searches with facet columns of up to "
     << (r.facet_cache_bytes >> 20) << " MiB\n\n";
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
    if (s.compacted_bytes > 0) {
      const double seconds = s.seconds + s.compact_seconds;
      md << "| " << Label(s.system) << ", then compacted | " << Fixed(r.corpus.articles / seconds, 0)
         << " | " << Fixed(text / 1e6 / seconds, 2) << " | " << kDash << " | "
         << Mb(s.compacted_bytes) << " | " << kDash << " | " << Mb(s.compacted_bytes) << " | "
         << Fixed(s.compacted_bytes / text, 2) << " | " << Fixed(s.compacted_bytes / text, 2)
         << " |\n";
    }
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
        "whole. FTS5's file also holds the text (its content table).\n";
  if (const IndexSummary* x = FindIndexing(r, "xapian"); nd != nullptr && x != nullptr &&
                                                         x->compacted_bytes > 0) {
    md << "\nRaw Xapian's last index was then compacted (" << Fixed(x->compact_seconds, 2)
       << " s, once), as newsdex's `--compact` does within its run; its searches below use "
          "that copy. Counting that compaction, newsdex indexes "
       << Fixed((x->seconds + x->compact_seconds) / nd->seconds, 2)
       << "x as many articles/s, and newsdex's index is "
       << Fixed(static_cast<double>(nd->index_bytes) / static_cast<double>(x->compacted_bytes), 2)
       << "x the size of raw Xapian's compacted one.\n";
  }
  md << "\n";
}

void SystemTable(const SearchReport& s, std::ostringstream& md) {
  md << "### " << Label(s.system) << " (" << s.articles << " articles)\n\n"
     << "| kind | queries | p50 ms | p95 ms | p99 ms | max ms | QPS | mean matches | empty | failed |\n"
     << "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
  auto row = [&](const std::string& label, const LatencyStats& k) {
    const bool timed = k.failed < k.queries;
    auto ms = [&](double value) { return timed ? Fixed(value, 3) : kDash; };
    md << "| " << label << " | " << k.queries << " | " << ms(k.p50) << " | " << ms(k.p95)
       << " | " << ms(k.p99) << " | " << ms(k.max) << " | " << (timed ? Fixed(k.qps, 0) : kDash)
       << " | " << (timed && k.mean_matches >= 0 ? Fixed(k.mean_matches, 0) : kDash) << " | "
       << k.empty << " | " << k.failed << " |\n";
  };
  for (const std::string& kind : QueryKinds()) {
    if (s.kinds.contains(kind)) row(kind, s.kinds.at(kind));
  }
  row(kSharedKinds, s.shared);
  row("all", s.overall);
  for (const std::string& f : s.failures) md << "\nfailed: `" << f << "`";
  md << "\n\n";
}

// One latency of `kind` (or of the word+and+or+phrase set) for a system; null when absent
// or when the system refused every such query.
const LatencyStats* Stats(const SearchReport* s, const std::string& kind) {
  if (s == nullptr) return nullptr;
  const LatencyStats* k = kind == kSharedKinds ? &s->shared
                          : s->kinds.contains(kind) ? &s->kinds.at(kind)
                                                    : nullptr;
  return k != nullptr && k->failed < k->queries ? k : nullptr;
}

void ComparisonTable(const BenchResults& r, std::ostringstream& md) {
  const std::vector<const SearchReport*> systems = {
      FindSearch(r, "newsdex"), FindSearch(r, "newsdex-ids"), FindSearch(r, "xapian"),
      FindSearch(r, "xapian-full"), FindSearch(r, "fts5")};
  const SearchReport* xa = systems[2];
  const SearchReport* xf = systems[3];
  md << "### Side by side (ms; " << kDash << ": no equivalent query)\n\n"
     << "newsdex answers with full hits (title, date, names, topics, snippet), as "
        "newsdex-search shows them; newsdex ids answers with ids and scores alone "
        "(`--ids`), the work the raw Xapian runner does. Raw Xapian full shows each hit's "
        "title and `MSet::snippet()` of its body, the texts read from memory. Raw Xapian "
        "searches "
     << (r.xapian_searched_compacted ? "its compacted index" : "its index as built, not compacted")
     << ".\n\n"
     << "| kind | newsdex p50 | newsdex ids p50 | raw Xapian p50 | raw Xapian full p50 | "
        "FTS5 p50 | newsdex p99 | newsdex ids p99 | raw Xapian p99 | raw Xapian full p99 | "
        "FTS5 p99 | newsdex / Xapian p50 | newsdex ids / Xapian p50 | "
        "newsdex / Xapian full p50 |\n"
     << "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
  std::vector<std::string> kinds = QueryKinds();
  kinds.push_back(kSharedKinds);
  auto ratio = [](const LatencyStats* k, const LatencyStats* base) {
    return k != nullptr && base != nullptr ? Fixed(k->p50 / base->p50, 2) : std::string(kDash);
  };
  for (const std::string& kind : kinds) {
    md << "| " << kind;
    for (double LatencyStats::*field : {&LatencyStats::p50, &LatencyStats::p99}) {
      for (const SearchReport* s : systems) {
        const LatencyStats* k = Stats(s, kind);
        md << " | " << (k != nullptr ? Fixed(k->*field, 3) : kDash);
      }
    }
    const LatencyStats* full = Stats(systems[0], kind);
    const LatencyStats* ids = Stats(systems[1], kind);
    md << " | " << ratio(full, Stats(xa, kind)) << " | " << ratio(ids, Stats(xa, kind)) << " | "
       << ratio(full, Stats(xf, kind)) << " |\n";
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
  for (const char* system : {"newsdex", "newsdex-ids"}) {
    const SearchReport* s = FindSearch(r, system);
    if (s == nullptr || xs == nullptr) continue;
    // Queries a system refused are left out of its timings: then the sets differ.
    const double ratio = s->shared.p50 / xs->shared.p50;
    const std::size_t refused = s->shared.failed;
    goals.push_back({std::string("search p50 <= 1.2x raw Xapian (word, and, or, phrase), ") +
                         (s == ns ? "full hits" : "ids only, as the raw runner"),
                     Fixed(ratio, 2) + "x" +
                         (refused > 0 ? " (" + std::to_string(refused) + " refused)" : ""),
                     ratio <= 1.2 && refused == 0});
  }
  if (const SearchReport* xf = FindSearch(r, "xapian-full"); ns != nullptr && xf != nullptr) {
    const double ratio = ns->shared.p50 / xf->shared.p50;
    goals.push_back({"search p50 <= 1.2x raw Xapian (word, and, or, phrase), full hits against "
                     "raw Xapian's titles and snippets",
                     Fixed(ratio, 2) + "x", ratio <= 1.2 && ns->shared.failed == 0});
  }
  if (ns != nullptr && !scaled) {
    goals.push_back({"search p99 < 2 ms (all kinds)", Fixed(ns->overall.p99, 2) + " ms",
                     ns->overall.p99 < 2});
  }
  if (ns != nullptr && scaled) {
    for (const char* kind : {"word", "phrase", "name", "date"}) {
      if (!ns->kinds.contains(kind)) continue;
      const std::string goal = std::string("search p99 < 25 ms: ") + kind;
      const LatencyStats* k = Stats(ns, kind);  // null: every such query refused
      goals.push_back(k == nullptr ? Target{goal, "refused", false}
                                   : Target{goal, Fixed(k->p99, 2) + " ms", k->p99 < 25});
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
