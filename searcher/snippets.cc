#include "searcher/snippets.h"

#include <algorithm>
#include <cstdint>
#include <string_view>
#include <unordered_map>

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

// A word of the text: its byte range.
struct Word {
  std::uint32_t begin = 0, end = 0;
};

// A word whose term is a query term: indexes into the words and the query terms.
struct Match {
  std::size_t word = 0;
  std::size_t term = 0;
};

// The query terms, numbered: which one a word's term is, if any.
class TermFinder {
 public:
  explicit TermFinder(const std::unordered_set<std::string>& terms) {
    for (const std::string& term : terms) {
      if (term.empty()) continue;  // no word has it (and skipped words come without one)
      listed_.push_back(term);
      initials_.set(static_cast<unsigned char>(term.front()));
    }
    if (listed_.size() <= kLinearMax) return;
    for (std::size_t i = 0; i < listed_.size(); ++i) numbers_.emplace(listed_[i], i);
  }
  std::size_t size() const { return listed_.size(); }
  // The first bytes of the terms: the analyzer need not stem words whose terms cannot
  // start with one of them.
  const text::Analyzer::TermInitials& initials() const { return initials_; }

  // The number of `term`, or npos when it is no query term.
  std::size_t Find(std::string_view term) const {
    if (listed_.size() > kLinearMax) {
      const auto it = numbers_.find(term);
      return it == numbers_.end() ? std::string_view::npos : it->second;
    }
    for (std::size_t i = 0; i < listed_.size(); ++i) {  // a few terms: comparing beats hashing
      if (listed_[i] == term) return i;
    }
    return std::string_view::npos;
  }

 private:
  static constexpr std::size_t kLinearMax = 8;
  std::vector<std::string_view> listed_;  // views of the caller's set
  text::Analyzer::TermInitials initials_;
  std::unordered_map<std::string_view, std::size_t> numbers_;
};

// The window starting at a match that covers the most distinct terms: `first` indexes
// words, `end` is the end of its last match.
struct Window {
  std::size_t first = 0;
  std::size_t distinct = 0;
  std::size_t end = 0;
};

// The best window of `matches`, the earliest on ties.
Window BestWindow(const std::vector<Word>& words, const std::vector<Match>& matches,
                  std::size_t term_count, std::size_t max_bytes) {
  Window best;
  std::vector<std::size_t> counted_for(term_count, SIZE_MAX);  // the window last counting it
  for (std::size_t m = 0; m < matches.size(); ++m) {
    std::size_t distinct = 0;
    const std::size_t limit = words[matches[m].word].begin + max_bytes;
    std::size_t window_end = words[matches[m].word].end;
    for (std::size_t k = m; k < matches.size() && words[matches[k].word].end <= limit; ++k) {
      if (counted_for[matches[k].term] != m) {
        counted_for[matches[k].term] = m;
        ++distinct;
      }
      window_end = words[matches[k].word].end;
    }
    if (distinct > best.distinct) best = {matches[m].word, distinct, window_end};
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
  TermFinder finder(terms);
  std::vector<Word> words;
  std::vector<Match> matches;
  std::vector<bool> seen(finder.size(), false);
  std::size_t seen_count = 0;
  Window best;
  std::size_t piece_bytes = std::max<std::size_t>(first_piece_bytes, 1);
  for (std::size_t analysed = 0; analysed < scanned.size();) {
    const std::size_t end = PieceEnd(scanned, analysed, piece_bytes);
    const auto offset = static_cast<std::uint32_t>(analysed);
    analyzer->VisitTerms(
        scanned.substr(analysed, end - analysed), language,
        [&](std::string_view term, std::uint32_t begin, std::uint32_t stop) {
          if (const std::size_t t = finder.Find(term); t != std::string_view::npos) {
            matches.push_back({words.size(), t});
            if (!seen[t]) {
              seen[t] = true;
              ++seen_count;
            }
          }
          words.push_back({begin + offset, stop + offset});
        },
        /*first_position=*/0, &finder.initials());
    analysed = end;
    piece_bytes = piece_bytes > SIZE_MAX / 2 ? SIZE_MAX : piece_bytes * 2;
    if (seen_count < finder.size() || words.empty()) continue;
    best = BestWindow(words, matches, finder.size(), max_bytes);
    if (best.distinct == finder.size() && analysed >= words[best.first].begin + max_bytes) break;
  }
  if (words.empty()) return snippet;
  if (seen_count < finder.size()) best = BestWindow(words, matches, finder.size(), max_bytes);
  const std::size_t best_first = best.first, best_distinct = best.distinct, best_end = best.end;

  // Lead in with a little context before the first match, on a word boundary, but only
  // as much as leaves room for every match of the window that won.
  std::size_t first = best_first;
  const std::size_t span = best_end - std::min<std::size_t>(best_end, words[best_first].begin);
  const std::size_t lead = std::min(max_bytes / 4, max_bytes - std::min(max_bytes, span));
  while (first > 0 && words[best_first].begin - words[first - 1].begin <= lead) --first;
  if (best_distinct == 0) first = 0;
  std::size_t last = first;
  while (last + 1 < words.size() && words[last + 1].end - words[first].begin <= max_bytes) {
    ++last;
  }

  std::size_t start = first == 0 ? 0 : words[first].begin;
  std::size_t end = words[last].end;
  // Keep closing punctuation glued to the last word ("Beijing." rather than "Beijing").
  while (end < scanned.size() && !IsSpace(scanned[end]) && end - words[last].end < 2 &&
         static_cast<unsigned char>(scanned[end]) < 0x80) {
    ++end;
  }
  CollapsedCopy copy(&snippet.text);
  if (start > 0) snippet.text += kEllipsis;
  std::size_t cursor = start;
  std::size_t next_match = 0;
  while (next_match < matches.size() && matches[next_match].word < first) ++next_match;
  for (; next_match < matches.size() && matches[next_match].word <= last; ++next_match) {
    const Word& t = words[matches[next_match].word];
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
