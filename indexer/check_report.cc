#include "indexer/check_report.h"

#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

namespace newsdex::indexer {
namespace {

// 21578 -> "21,578"
std::string Grouped(std::uint64_t n) {
  const std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string Seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f s", s);
  return buf;
}

nlohmann::json ToJson(const CheckReport& r) {
  nlohmann::json findings = nlohmann::json::array();
  for (const CheckFinding& f : r.findings) {
    findings.push_back({{"severity", SeverityName(f.severity)}, {"code", f.code},
                        {"where", f.where}, {"what", f.what}, {"count", f.count},
                        {"examples", f.examples}});
  }
  return {{"archive", r.archive},
          {"healthy", r.healthy()},
          {"store_articles", r.store_articles},
          {"state_articles", r.state_articles},
          {"index_documents", r.index_documents},
          {"index_generation", r.index_generation},
          {"pending_generation", r.pending_generation},
          {"committed_generation", r.committed_generation},
          {"store_readable", r.store_readable},
          {"index_readable", r.index_readable},
          {"seconds", r.seconds},
          {"findings", findings}};
}

void PrintFindings(const CheckReport& r, std::ostream& out) {
  for (const CheckFinding& f : r.findings) {
    out << "  " << SeverityName(f.severity) << "  " << f.code << " (" << f.where << "): " << f.what;
    if (f.count > 1) out << " [" << Grouped(f.count) << "]";
    out << "\n";
    for (const std::string& e : f.examples) out << "      " << e << "\n";
    if (f.count > f.examples.size() && !f.examples.empty()) {
      out << "      ... " << Grouped(f.count - f.examples.size()) << " more\n";
    }
  }
}

}  // namespace

void PrintCheck(const CheckReport& r, bool json, std::ostream& out) {
  if (json) {
    out << ToJson(r).dump() << "\n";
    return;
  }
  if (r.healthy()) {
    out << "archive OK: " << Grouped(r.store_articles) << " article"
        << (r.store_articles == 1 ? "" : "s") << ", generation " << r.pending_generation
        << ", Xapian and store agree (checked in " << Seconds(r.seconds) << ")\n";
    PrintFindings(r, out);  // notes only
    return;
  }
  std::size_t problems = 0;
  for (const CheckFinding& f : r.findings) problems += f.severity != CheckSeverity::kNote;
  // A side that could not be read has no counts worth printing.
  auto side = [](bool readable, std::uint64_t count, const char* unit, std::uint64_t gen) {
    if (!readable) return std::string("not read");
    return Grouped(count) + " " + unit + ", generation " + std::to_string(gen);
  };
  out << "archive " << r.archive << ": " << problems << " problem" << (problems == 1 ? "" : "s")
      << " found (store " << side(r.store_readable, r.store_articles, "articles", r.pending_generation)
      << "; index " << side(r.index_readable, r.index_documents, "documents", r.index_generation)
      << "; checked in " << Seconds(r.seconds) << ")\n";
  PrintFindings(r, out);
  if (r.store_damaged()) {
    out << "the store is damaged: the index cannot be rebuilt from it; re-index the sources "
           "into a new archive\n";
  } else {
    out << "'newsdex-index check --repair' makes the index agree with the store again\n";
  }
}

void PrintRepair(const RepairReport& r, bool json, std::ostream& out) {
  if (json) {
    out << nlohmann::json{{"action", r.action},
                          {"refused", r.refused},
                          {"method", r.rebuild.method},
                          {"replayed_articles", r.rebuild.replayed},
                          {"rebuilt_articles", r.rebuild.articles},
                          {"rebuild_seconds", r.rebuild.seconds},
                          {"before", ToJson(r.before)},
                          {"after", ToJson(r.after)}}
               .dump()
        << "\n";
    return;
  }
  if (!r.refused.empty()) {
    PrintCheck(r.before, false, out);
    out << "not repaired: " << r.refused << "\n";
    return;
  }
  if (r.action == "none") {
    out << "nothing to repair\n";
  } else if (r.action == "recovered") {
    out << "recovered: replayed the pending generation into the index\n";
  } else {
    out << "repair: " << (r.before.findings.size()) << " finding"
        << (r.before.findings.size() == 1 ? "" : "s") << " before:\n";
    PrintFindings(r.before, out);
    if (r.rebuild.method == "compacted") {
      out << "compacted the index into a fresh copy and replayed " << Grouped(r.rebuild.replayed)
          << " article" << (r.rebuild.replayed == 1 ? "" : "s") << " from the store";
    } else {
      out << "rebuilt the index from the store: " << Grouped(r.rebuild.articles) << " article"
          << (r.rebuild.articles == 1 ? "" : "s") << " analysed again";
    }
    out << " in " << Seconds(r.rebuild.seconds) << "\n";
  }
  PrintCheck(r.after, false, out);
}

}  // namespace newsdex::indexer
