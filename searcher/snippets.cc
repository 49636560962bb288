#include "searcher/snippets.h"

#include <algorithm>
#include <cstdint>
#include <string_view>

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

// The window starting at a match that covers the most distinct terms: `first` indexes
// tokens, `end` is the end of its last match.
struct Window {
  std::size_t first = 0;
  std::size_t distinct = 0;
  std::size_t end = 0;
};

// The best window of `matches` (indexes into `tokens`), the earliest on ties.
Window BestWindow(const std::vector<text::Token>& tokens, const std::vector<std::size_t>& matches,
                  std::size_t max_bytes) {
  Window best;
  std::unordered_set<std::string_view> distinct;
  for (std::size_t m = 0; m < matches.size(); ++m) {
    distinct.clear();
    const std::size_t limit = tokens[matches[m]].begin + max_bytes;
    std::size_t window_end = tokens[matches[m]].end;
    for (std::size_t k = m; k < matches.size() && tokens[matches[k]].end <= limit; ++k) {
      distinct.insert(tokens[matches[k]].term);
      window_end = tokens[matches[k]].end;
    }
    if (distinct.size() > best.distinct) best = {matches[m], distinct.size(), window_end};
  }
  return best;
}

// Where a piece of `text` that starts at `from` and should hold about `bytes` may end:
// at ASCII whitespace, which no word crosses, so the piece analyses as it would inside
// the whole text. The end of the text when there is no whitespace near (Chinese, Thai).
std::size_t PieceEnd(std::string_view text, std::size_t from, std::size_t bytes) {
  constexpr std::size_t kReach = 1024;
  if (bytes >= text.size() - from) return text.size();
  const std::size_t stop = std::min(text.size(), from + bytes + kReach);
  for (std::size_t i = from + bytes; i < stop; ++i) {
    if (text[i] == ' ' || text[i] == '\n' || text[i] == '\t' || text[i] == '\r') return i;
  }
  return text.size();
}

}  // namespace

Snippet MakeSnippet(std::string_view text, const std::unordered_set<std::string>& terms,
                    std::size_t max_bytes, text::Analyzer* analyzer, std::string_view language,
                    std::size_t first_piece_bytes) {
  Snippet snippet;
  if (text.empty() || max_bytes == 0) return snippet;
  const std::string_view scanned = text.substr(0, std::min(text.size(), kSnippetScanBytes));

  // The text is analysed in growing pieces until the passage can no longer change: a
  // window holds every query term and the words after it that fill the passage are in.
  std::vector<text::Token> tokens;
  std::vector<std::size_t> matches;  // indexes into tokens
  std::unordered_set<std::string_view> seen;
  Window best;
  std::uint32_t position = 0;
  std::size_t piece_bytes = std::max<std::size_t>(first_piece_bytes, 1);
  for (std::size_t analysed = 0; analysed < scanned.size();) {
    const std::size_t end = PieceEnd(scanned, analysed, piece_bytes);
    const std::size_t before = tokens.size();
    position = analyzer->Analyze(scanned.substr(analysed, end - analysed), language, &tokens,
                                 position);
    std::size_t kept = before;
    for (std::size_t i = before; i < tokens.size(); ++i) {
      if (tokens[i].joined) continue;
      if (kept != i) tokens[kept] = std::move(tokens[i]);
      tokens[kept].begin += static_cast<std::uint32_t>(analysed);
      tokens[kept].end += static_cast<std::uint32_t>(analysed);
      if (auto term = terms.find(tokens[kept].term); term != terms.end()) {
        matches.push_back(kept);
        seen.insert(*term);  // a view of `terms`, whose strings stay put
      }
      ++kept;
    }
    tokens.resize(kept);
    analysed = end;
    piece_bytes = piece_bytes > SIZE_MAX / 2 ? SIZE_MAX : piece_bytes * 2;
    if (seen.size() < terms.size() || tokens.empty()) continue;
    best = BestWindow(tokens, matches, max_bytes);
    if (best.distinct == terms.size() && analysed >= tokens[best.first].begin + max_bytes) break;
  }
  if (tokens.empty()) return snippet;
  if (seen.size() < terms.size()) best = BestWindow(tokens, matches, max_bytes);
  const std::size_t best_first = best.first, best_distinct = best.distinct, best_end = best.end;

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
