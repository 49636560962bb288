// Text through the Analyzer and the UTF-8 helpers. The first byte picks the language and
// whether compounds are joined; the rest is the text. Checks: every term, folded and
// exact form is valid UTF-8 and short enough to be a Xapian term with its prefix; byte
// ranges lie inside the text; positions never go back; FoldValue and ToValidUtf8 give
// valid UTF-8, and ToValidUtf8 leaves valid text alone; the articles' analyzer gives the
// same tokens as one that leaves ASCII text to ICU too (internal::AsciiWords); VisitTerms
// reports the terms and byte ranges of Analyze's plain words, and with initials drops no
// term that starts with one of them (so no stemmer it trusts changes a first letter).
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/schema/schema.h"
#include "common/text/analyzer.h"
#include "fuzz/fuzz_support.h"

namespace {

using newsdex::fuzz::Fail;
using newsdex::fuzz::Printable;
namespace text = newsdex::text;

constexpr std::array<std::string_view, 8> kLanguages = {"en", "ru", "de", "fr", "none",
                                                        "",   "zz", "tr"};
// Room left for the longest field prefix ("XEXACT"-style) within kMaxTermBytes.
constexpr std::size_t kPrefixRoom = 16;

void CheckTokens(std::string_view input, const std::vector<text::Token>& tokens,
                 std::uint32_t first, std::uint32_t next, std::size_t max_word_bytes) {
  std::uint32_t last_position = first;
  for (const text::Token& t : tokens) {
    // Built only when a check fails: most inputs have many tokens.
    auto where = [&] {
      return " of word at bytes " + std::to_string(t.begin) + ".." + std::to_string(t.end) +
             " in " + Printable(input);
    };
    NEWSDEX_FUZZ_CHECK(!t.term.empty(), "empty term" + where());
    NEWSDEX_FUZZ_CHECK(text::IsValidUtf8(t.term), "invalid UTF-8 term " + Printable(t.term) + where());
    NEWSDEX_FUZZ_CHECK(text::IsValidUtf8(t.folded), "invalid UTF-8 folded form" + where());
    NEWSDEX_FUZZ_CHECK(text::IsValidUtf8(t.exact), "invalid UTF-8 exact form" + where());
    NEWSDEX_FUZZ_CHECK(t.folded.size() <= max_word_bytes,
                       "folded form longer than max_word_bytes: " + Printable(t.folded) + where());
    NEWSDEX_FUZZ_CHECK(t.term.size() + kPrefixRoom <= newsdex::kMaxTermBytes,
                       "term too long for the index: " + Printable(t.term) + where());
    NEWSDEX_FUZZ_CHECK(t.exact.size() + kPrefixRoom <= newsdex::kMaxTermBytes,
                       "exact form too long for the index: " + Printable(t.exact) + where());
    NEWSDEX_FUZZ_CHECK(t.begin <= t.end && t.end <= input.size(), "byte range outside the text" + where());
    NEWSDEX_FUZZ_CHECK(t.position >= last_position, "position goes back" + where());
    NEWSDEX_FUZZ_CHECK(t.position < next, "position past the returned end" + where());
    last_position = t.position;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t control = data[0];
  std::string_view input(reinterpret_cast<const char*>(data + 1), size - 1);
  std::string_view language = kLanguages[control % kLanguages.size()];
  // One analyzer per option set for the whole run, as the indexer keeps one per thread:
  // articles (compounds joined), queries (not joined), and one with an 8-byte word cap.
  static text::Analyzer article_analyzer(text::AnalyzerOptions{.emit_joined = true});
  static text::Analyzer query_analyzer(text::AnalyzerOptions{.emit_joined = false});
  static text::Analyzer short_analyzer(text::AnalyzerOptions{.max_word_bytes = 8});
  text::Analyzer& analyzer = (control & 0x10) ? short_analyzer
                             : (control & 0x08) ? query_analyzer
                                                : article_analyzer;
  const std::size_t max_word_bytes = (control & 0x10) ? 8 : 64;

  std::vector<text::Token> tokens;
  const std::uint32_t first = control & 0x20 ? 1000 : 0;
  std::uint32_t next = analyzer.Analyze(input, language, &tokens, first);
  NEWSDEX_FUZZ_CHECK(next >= first, "Analyze returned a position before the first");
  CheckTokens(input, tokens, first, next == first ? first + 1 : next, max_word_bytes);
  if (&analyzer == &article_analyzer) {
    static text::Analyzer icu_analyzer(text::AnalyzerOptions{.emit_joined = true, .ascii_words = false});
    std::vector<text::Token> icu_tokens;
    NEWSDEX_FUZZ_CHECK(icu_analyzer.Analyze(input, language, &icu_tokens, first) == next,
                       "ASCII words and ICU end at different positions in " + Printable(input));
    NEWSDEX_FUZZ_CHECK(icu_tokens == tokens,
                       "ASCII words and ICU give different tokens for " + Printable(input));
  }

  // VisitTerms reports Analyze's plain words: the same terms and byte ranges, in order.
  std::size_t plain = 0;
  auto visit = [&](std::string_view term, std::uint32_t begin, std::uint32_t end) {
    while (plain < tokens.size() && tokens[plain].joined) ++plain;
    NEWSDEX_FUZZ_CHECK(plain < tokens.size(), "VisitTerms reports more words in " + Printable(input));
    const text::Token& t = tokens[plain++];
    NEWSDEX_FUZZ_CHECK(term == t.term && begin == t.begin && end == t.end,
                       "VisitTerms and Analyze differ at bytes " + std::to_string(t.begin) + " in " +
                           Printable(input));
  };
  NEWSDEX_FUZZ_CHECK(analyzer.VisitTerms(input, language, visit, first) == next,
                     "VisitTerms and Analyze end at different positions in " + Printable(input));
  while (plain < tokens.size() && tokens[plain].joined) ++plain;
  NEWSDEX_FUZZ_CHECK(plain == tokens.size(), "VisitTerms reports fewer words in " + Printable(input));

  // With initials (here those of every other word's term), each word whose term starts
  // with one of them keeps it; the others keep theirs or come without a term.
  text::Analyzer::TermInitials initials;
  for (std::size_t i = 0; i < tokens.size(); i += 2) {
    if (!tokens[i].term.empty()) initials.set(static_cast<unsigned char>(tokens[i].term.front()));
  }
  plain = 0;
  auto sieved = [&](std::string_view term, std::uint32_t begin, std::uint32_t end) {
    while (plain < tokens.size() && tokens[plain].joined) ++plain;
    NEWSDEX_FUZZ_CHECK(plain < tokens.size(), "VisitTerms with initials reports more words in " + Printable(input));
    const text::Token& t = tokens[plain++];
    const bool wanted = !t.term.empty() && initials[static_cast<unsigned char>(t.term.front())];
    NEWSDEX_FUZZ_CHECK(begin == t.begin && end == t.end && (term == t.term || (!wanted && term.empty())),
                       "VisitTerms with initials dropped the term at bytes " + std::to_string(t.begin) +
                           " in " + Printable(input));
  };
  NEWSDEX_FUZZ_CHECK(analyzer.VisitTerms(input, language, sieved, first, &initials) == next,
                     "VisitTerms with initials ends elsewhere in " + Printable(input));

  std::string folded = analyzer.FoldValue(input.substr(0, 1024));
  NEWSDEX_FUZZ_CHECK(text::IsValidUtf8(folded), "FoldValue gave invalid UTF-8 for " + Printable(input));

  std::size_t replaced = 0;
  std::string valid = text::ToValidUtf8(input, &replaced);
  NEWSDEX_FUZZ_CHECK(text::IsValidUtf8(valid), "ToValidUtf8 gave invalid UTF-8 for " + Printable(input));
  if (text::IsValidUtf8(input)) {
    NEWSDEX_FUZZ_CHECK(valid == input && replaced == 0, "ToValidUtf8 changed valid text " + Printable(input));
  } else {
    NEWSDEX_FUZZ_CHECK(replaced > 0, "ToValidUtf8 replaced nothing in invalid " + Printable(input));
  }
  if (input.find('\0') == std::string_view::npos) {
    NEWSDEX_FUZZ_CHECK(text::IsValidUtf8(text::Latin1ToUtf8(input)),
                       "Latin1ToUtf8 gave invalid UTF-8 for " + Printable(input));
  }
  return 0;
}
