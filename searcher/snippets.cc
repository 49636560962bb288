#include "searcher/snippets.h"

#include <algorithm>

namespace newsdex::search {
namespace {

constexpr std::string_view kEllipsis = "…";

bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f'; }

// Appends text[begin, end) to out with whitespace runs (and U+00A0) collapsed to one
// space; returns where each input byte landed via `map_offset`.
class CollapsedCopy {
 public:
  explicit CollapsedCopy(std::string* out) : out_(out) {}
  void Append(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
      const bool nbsp = i + 1 < text.size() && static_cast<unsigned char>(text[i]) == 0xC2 &&
                        static_cast<unsigned char>(text[i + 1]) == 0xA0;
      if (IsSpace(text[i]) || nbsp) {
        if (!out_->empty() && out_->back() != ' ') out_->push_back(' ');
        if (nbsp) ++i;
        continue;
      }
      out_->push_back(text[i]);
    }
  }

 private:
  std::string* out_;
};

}  // namespace

Snippet MakeSnippet(std::string_view text, const std::unordered_set<std::string>& terms,
                    std::size_t max_bytes, text::Analyzer* analyzer, std::string_view language) {
  Snippet snippet;
  if (text.empty() || max_bytes == 0) return snippet;
  const std::string_view scanned = text.substr(0, std::min(text.size(), kSnippetScanBytes));
  std::vector<text::Token> tokens;
  analyzer->Analyze(scanned, language, &tokens);
  tokens.erase(std::remove_if(tokens.begin(), tokens.end(),
                              [](const text::Token& t) { return t.joined; }),
               tokens.end());
  if (tokens.empty()) return snippet;

  std::vector<std::size_t> matches;  // indexes into tokens
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (terms.count(tokens[i].term) != 0) matches.push_back(i);
  }

  // The window starting at a match that covers the most distinct terms.
  std::size_t best_first = 0, best_distinct = 0;
  std::size_t best_end = 0;  // end of the best window's last match
  for (std::size_t m = 0; m < matches.size(); ++m) {
    std::unordered_set<std::string_view> distinct;
    const std::uint32_t limit = tokens[matches[m]].begin + static_cast<std::uint32_t>(max_bytes);
    std::size_t window_end = tokens[matches[m]].end;
    for (std::size_t k = m; k < matches.size() && tokens[matches[k]].end <= limit; ++k) {
      distinct.insert(tokens[matches[k]].term);
      window_end = tokens[matches[k]].end;
    }
    if (distinct.size() > best_distinct) {
      best_distinct = distinct.size();
      best_first = matches[m];
      best_end = window_end;
    }
  }

  // Lead in with a little context before the first match, on a word boundary, but only
  // as much as leaves room for every match of the window that won.
  std::size_t first = best_first;
  const std::size_t span = best_end - std::min<std::size_t>(best_end, tokens[best_first].begin);
  const std::size_t lead = std::min(max_bytes / 4, max_bytes - std::min(max_bytes, span));
  while (first > 0 && tokens[best_first].begin - tokens[first - 1].begin <= lead) --first;
  if (best_distinct == 0) first = 0;
  std::size_t last = first;
  while (last + 1 < tokens.size() && tokens[last + 1].end - tokens[first].begin <= max_bytes) {
    ++last;
  }

  std::size_t start = first == 0 ? 0 : tokens[first].begin;
  std::size_t end = tokens[last].end;
  // Keep closing punctuation glued to the last word ("Beijing." rather than "Beijing").
  while (end < scanned.size() && !IsSpace(scanned[end]) && end - tokens[last].end < 2 &&
         static_cast<unsigned char>(scanned[end]) < 0x80) {
    ++end;
  }
  CollapsedCopy copy(&snippet.text);
  if (start > 0) snippet.text += kEllipsis;
  std::size_t cursor = start;
  std::size_t next_match = 0;
  while (next_match < matches.size() && matches[next_match] < first) ++next_match;
  for (; next_match < matches.size() && matches[next_match] <= last; ++next_match) {
    const text::Token& t = tokens[matches[next_match]];
    if (t.begin < cursor) continue;
    copy.Append(scanned.substr(cursor, t.begin - cursor));
    const std::size_t h_begin = snippet.text.size();
    copy.Append(scanned.substr(t.begin, t.end - t.begin));
    snippet.highlights.emplace_back(h_begin, snippet.text.size());
    cursor = t.end;
  }
  copy.Append(scanned.substr(cursor, end - cursor));
  while (!snippet.text.empty() && snippet.text.back() == ' ') snippet.text.pop_back();
  // Only whitespace left out at the end is no cut.
  std::size_t rest = end;
  while (rest < text.size()) {
    if (IsSpace(text[rest])) {
      ++rest;
    } else if (rest + 1 < text.size() && static_cast<unsigned char>(text[rest]) == 0xC2 &&
               static_cast<unsigned char>(text[rest + 1]) == 0xA0) {
      rest += 2;
    } else {
      break;
    }
  }
  if (rest < text.size()) snippet.text += kEllipsis;
  return snippet;
}

}  // namespace newsdex::search
