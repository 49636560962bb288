#include "searcher/render/terms_renderer.h"

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "searcher/render/renderer.h"

namespace newsdex::search {
namespace {

using Json = nlohmann::ordered_json;  // keys in the documented order
constexpr auto kReplace = Json::error_handler_t::replace;
constexpr const char* kBold = "\033[1m";
constexpr const char* kDim = "\033[2m";
constexpr const char* kReset = "\033[0m";

// Columns `text` takes in a terminal: its code points (names in other scripts line up
// as well as the terminal's font allows).
std::size_t Columns(const std::string& text) {
  return static_cast<std::size_t>(std::count_if(
      text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string PadRight(const std::string& text, std::size_t width) {
  const std::size_t used = Columns(text);
  return text + std::string(width > used ? width - used : 0, ' ');
}

std::string PadLeft(const std::string& text, std::size_t width) {
  const std::size_t used = Columns(text);
  return std::string(width > used ? width - used : 0, ' ') + text;
}

// One row of cells per term, header first.
std::vector<std::vector<std::string>> Rows(const TermsResult& result) {
  std::vector<std::vector<std::string>> rows = {{"rank", "term", "kind", "weight", "articles", "search"}};
  for (std::size_t i = 0; i < result.terms.size(); ++i) {
    const KeyTerm& t = result.terms[i];
    char weight[32];
    std::snprintf(weight, sizeof weight, "%.2f", t.weight);
    rows.push_back({std::to_string(i + 1), t.label, t.kind, weight,
                    std::to_string(t.articles) + "/" + std::to_string(result.sample), t.query});
  }
  return rows;
}

}  // namespace

void RenderTermsText(const TermsRequest& request, const TermsResult& result, TermsStyle style,
                     std::ostream& out) {
  auto paint = [&](const char* code) { return style.color ? code : ""; };
  out << paint(kBold) << "Terms characteristic of articles matching \"" << request.query << "\""
      << paint(kReset) << "\n";
  if (result.sample == 0) {
    out << "no matching articles\n";
    return;
  }
  out << "the " << (result.sample == 1 ? std::string("best match") : std::to_string(result.sample) + " best matches")
      << " of " << result.matches << ", against the whole archive\n";
  if (result.terms.empty()) {
    out << "no term stands out\n";
    return;
  }
  const std::vector<std::vector<std::string>> rows = Rows(result);
  std::vector<std::size_t> widths(rows.front().size(), 0);
  for (const auto& row : rows) {
    for (std::size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], Columns(row[c]));
  }
  // Numbers right-aligned, words left-aligned; the last column is not padded.
  constexpr bool kRight[] = {true, false, false, true, true, false};
  for (std::size_t r = 0; r < rows.size(); ++r) {
    std::string line;
    for (std::size_t c = 0; c < rows[r].size(); ++c) {
      if (c > 0) line += "  ";
      const bool last = c + 1 == rows[r].size();
      line += kRight[c] ? PadLeft(rows[r][c], widths[c]) : last ? rows[r][c] : PadRight(rows[r][c], widths[c]);
    }
    out << line << "\n";
  }
  char elapsed[32];
  std::snprintf(elapsed, sizeof elapsed, "%.1f ms", result.elapsed_ms);
  out << paint(kDim) << result.terms.size() << (result.terms.size() == 1 ? " term" : " terms")
      << " · " << elapsed << paint(kReset) << "\n";
}

void RenderTermsJson(const TermsRequest& request, const TermsResult& result, std::ostream& out) {
  for (std::size_t i = 0; i < result.terms.size(); ++i) {
    const KeyTerm& t = result.terms[i];
    Json line = {{"type", "term"},   {"rank", i + 1},       {"label", t.label},
                 {"kind", t.kind},   {"query", t.query},    {"term", t.term},
                 {"weight", t.weight}, {"articles", t.articles}};
    out << line.dump(-1, ' ', false, kReplace) << "\n";
  }
  Json summary = {{"type", "summary"},          {"format", kJsonOutputFormat},
                  {"query", request.query},     {"matches", result.matches},
                  {"sample", result.sample},    {"returned", result.terms.size()},
                  {"elapsed_ms", result.elapsed_ms}};
  out << summary.dump(-1, ' ', false, kReplace) << "\n";
}

}  // namespace newsdex::search
