// Snippets: the passage of an article that best shows why it matched, with the matching
// words marked. Words are found with the shared Analyzer, so "Orbán’s" in the text is
// highlighted for the query word "orban", as the index matched it.
//
//   auto snippet = newsdex::search::MakeSnippet(body, terms, 240, &analyzer, "en");
//   // snippet.text = "… talks with Vladimir Putin in Beijing …", highlights = {{22, 27}, ...}
//
// A pure function of its inputs (the Analyzer is the caller's, one per thread).
#ifndef NEWSDEX_SEARCHER_SNIPPETS_H_
#define NEWSDEX_SEARCHER_SNIPPETS_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "common/text/analyzer.h"

namespace newsdex::search {

struct Snippet {
  std::string text;  // whitespace collapsed; "…" where the passage was cut
  std::vector<std::pair<std::size_t, std::size_t>> highlights;  // byte ranges of `text`
};

// Only the first kSnippetScanBytes of a very long article are searched for the passage.
inline constexpr std::size_t kSnippetScanBytes = std::size_t{2} << 20;

// The text is analysed in pieces, the first of about this many bytes and each next one
// twice as long, until the passage is settled (most articles match near their start).
inline constexpr std::size_t kSnippetFirstPieceBytes = 512;

// Picks the window of about `max_bytes` holding the most distinct query terms (the
// earliest on ties; the start of the text when nothing matches) and marks every word
// whose index term is in `terms`. The result does not depend on `first_piece_bytes`
// (SIZE_MAX analyses the whole text at once); only the time it takes does.
Snippet MakeSnippet(std::string_view text, const std::unordered_set<std::string>& terms,
                    std::size_t max_bytes, text::Analyzer* analyzer, std::string_view language,
                    std::size_t first_piece_bytes = kSnippetFirstPieceBytes);

}  // namespace newsdex::search

#endif  // NEWSDEX_SEARCHER_SNIPPETS_H_
