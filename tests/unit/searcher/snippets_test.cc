#include "searcher/snippets.h"

#include <cstdint>
#include <random>
#include <string>
#include <unordered_set>
#include <vector>

#include <catch2/catch.hpp>

#include "unit/readers/reader_test_util.h"

namespace newsdex::search {
namespace {

using Terms = std::unordered_set<std::string>;

constexpr std::string_view kEllipsis = "…";

// Highlighted words of `snippet`, checking first that every range is inside the text,
// in order and not overlapping.
std::vector<std::string> Highlighted(const Snippet& snippet) {
  std::vector<std::string> words;
  std::size_t previous_end = 0;
  for (const auto& [first, second] : snippet.highlights) {
    REQUIRE(first < second);
    REQUIRE(second <= snippet.text.size());
    REQUIRE(first >= previous_end);
    words.push_back(snippet.text.substr(first, second - first));
    previous_end = second;
  }
  return words;
}

Snippet Make(std::string_view text, const Terms& terms, std::size_t max_bytes = 240) {
  text::Analyzer analyzer(text::AnalyzerOptions{.emit_joined = false});
  return MakeSnippet(text, terms, max_bytes, &analyzer, "en");
}

bool StartsWith(const std::string& s, std::string_view prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

bool EndsWith(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// "w0 w1 w2 ..." from `first`: `count` distinct filler words that match no query term.
std::string Filler(std::size_t first, std::size_t count) {
  std::string out;
  for (std::size_t i = first; i < first + count; ++i) {
    if (!out.empty()) out += ' ';
    out += "w" + std::to_string(i);
  }
  return out;
}

TEST_CASE("snippet highlights are the exact bytes of the matching words", "[searcher]") {
  struct Case {
    std::string text;
    Terms terms;
    std::vector<std::string> words;
  };
  const std::vector<Case> cases = {
      {"Talks with Orbán in Budapest ended.", {"orban"}, {"Orbán"}},
      {"Putin’s envoy said Putin would attend.", {"putin"}, {"Putin’s", "Putin"}},
      {"The elections were held early; an elected council met.", {"elect"},
       {"elections", "elected"}},
      {"OIL prices: oil, Oil and oil.", {"oil"}, {"OIL", "oil", "Oil", "oil"}},
      {"Crude oil prices rose as OPEC met.", {"oil", "opec"}, {"oil", "OPEC"}},
      {"Η Αθήνα και ο Ορμπάν.", {"ορμπαν"}, {"Ορμπάν"}},
      {"Путин встретился с Си.", {"путин"}, {"Путин"}},
      {"Nothing here matches.", {"oil"}, {}},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    const Snippet snippet = Make(c.text, c.terms);
    CHECK(Highlighted(snippet) == c.words);
    CHECK(snippet.text == c.text);  // short: whole, with no ellipsis
  }
}

TEST_CASE("snippet picks the window with the most distinct query terms", "[searcher]") {
  // One "alpha" early, then a later passage holding alpha, beta and gamma.
  const std::string text = Filler(0, 20) + " alpha " + Filler(20, 60) +
                           " here alpha and beta with gamma together " + Filler(80, 60);
  const Snippet snippet = Make(text, {"alpha", "beta", "gamma"}, 80);
  INFO(snippet.text);
  CHECK(Highlighted(snippet) == std::vector<std::string>{"alpha", "beta", "gamma"});
  CHECK(StartsWith(snippet.text, kEllipsis));
  CHECK(EndsWith(snippet.text, kEllipsis));
  CHECK(snippet.text.find("together") != std::string::npos);
}

TEST_CASE("snippet counts distinct terms alike for a few query terms and for many",
          "[searcher]") {
  // Up to 8 terms are compared one by one, more are looked up in a table: both must find
  // the same words and pick the same window.
  const std::string text = Filler(0, 20) + " alpha " + Filler(20, 60) +
                           " here alpha and beta with gamma together " + Filler(80, 60);
  Terms many = {"alpha", "beta", "gamma"};
  for (int i = 0; i < 9; ++i) many.insert("absent" + std::to_string(i));
  REQUIRE(many.size() == 12);
  const Snippet few_terms = Make(text, {"alpha", "beta", "gamma"}, 80);
  const Snippet many_terms = Make(text, many, 80);
  CHECK(Highlighted(many_terms) == std::vector<std::string>{"alpha", "beta", "gamma"});
  CHECK(many_terms.text == few_terms.text);
  CHECK(many_terms.highlights == few_terms.highlights);
}

TEST_CASE("snippet prefers the earliest window on ties", "[searcher]") {
  SECTION("the same term twice") {
    const std::string text = Filler(0, 30) + " first alpha mention " + Filler(30, 80) +
                             " second alpha mention " + Filler(110, 30);
    const Snippet snippet = Make(text, {"alpha"}, 60);
    INFO(snippet.text);
    CHECK(snippet.text.find("first alpha") != std::string::npos);
    CHECK(snippet.text.find("second") == std::string::npos);
    CHECK(Highlighted(snippet) == std::vector<std::string>{"alpha"});
  }
  SECTION("two different terms, one each") {
    const std::string text = Filler(0, 30) + " beta " + Filler(30, 80) + " alpha " +
                             Filler(110, 30);
    const Snippet snippet = Make(text, {"alpha", "beta"}, 60);
    INFO(snippet.text);
    CHECK(Highlighted(snippet) == std::vector<std::string>{"beta"});
  }
}

TEST_CASE("snippet keeps every term of the best window after its lead-in", "[searcher]") {
  // alpha and beta are 85 bytes apart: one 100-byte window holds both, so the snippet
  // must show both even after moving back for context.
  const std::string gap = Filler(100, 20);  // 20 words: "w100 ... w119", 99 bytes
  REQUIRE(gap.size() == 99);
  const std::string middle = gap.substr(0, 78);
  const std::string text = Filler(0, 60) + " alpha " + middle + " beta " + Filler(200, 60);
  const Snippet snippet = Make(text, {"alpha", "beta"}, 100);
  INFO(snippet.text);
  CHECK(Highlighted(snippet) == std::vector<std::string>{"alpha", "beta"});
}

TEST_CASE("snippet collapses whitespace, newlines and no-break spaces", "[searcher]") {
  const std::string text = "  Oil\n\n  prices\t rose\u00A0\u00A0sharply\r\n on   Monday.\n";
  const Snippet snippet = Make(text, {"price", "monday"});
  CHECK(snippet.text == "Oil prices rose sharply on Monday.");
  CHECK(Highlighted(snippet) == std::vector<std::string>{"prices", "Monday"});
}

TEST_CASE("snippet marks a cut with an ellipsis only where text was left out", "[searcher]") {
  const std::string head = "Alpha leads the story. ";
  const std::string tail = " The story ends with omega.";
  const std::string text = head + Filler(0, 200) + " middle " + Filler(200, 200) + tail;
  struct Case {
    const char* term;
    bool leading, trailing;
  };
  const Case cases[] = {{"alpha", false, true},
                        {"middl", true, true},
                        {"omega", true, false},
                        {"zzz", false, true}};
  for (const Case& c : cases) {
    INFO(c.term);
    const Snippet snippet = Make(text, {c.term}, 80);
    INFO(snippet.text);
    CHECK(StartsWith(snippet.text, kEllipsis) == c.leading);
    CHECK(EndsWith(snippet.text, kEllipsis) == c.trailing);
    // Never anywhere else.
    std::string inner = snippet.text;
    if (c.leading) inner.erase(0, kEllipsis.size());
    if (c.trailing) inner.erase(inner.size() - kEllipsis.size());
    CHECK(inner.find(kEllipsis) == std::string::npos);
  }
}

TEST_CASE("snippet of a whole short text has no ellipsis, even with trailing space",
          "[searcher]") {
  const std::string texts[] = {"Oil prices rose.", "Oil prices rose.\n", "Oil prices rose.  \n\n",
                               "\n Oil prices rose", "Oil prices rose\u00A0"};
  for (const std::string& text : texts) {
    INFO(text);
    const Snippet snippet = Make(text, {"oil"});
    CHECK(snippet.text.find(kEllipsis) == std::string::npos);
    CHECK(StartsWith(snippet.text, "Oil prices rose"));
    CHECK(Highlighted(snippet) == std::vector<std::string>{"Oil"});
  }
}

TEST_CASE("snippet without a match is the start of the text", "[searcher]") {
  const std::string text = "Opening words of the article. " + Filler(0, 300);
  const Snippet snippet = Make(text, {"absent"}, 100);
  CHECK(StartsWith(snippet.text, "Opening words of the article."));
  CHECK(EndsWith(snippet.text, kEllipsis));
  CHECK(snippet.highlights.empty());
  CHECK(Make(text, {}, 100).text == snippet.text);
}

TEST_CASE("snippet of empty or wordless text is empty", "[searcher]") {
  for (const std::string text : {"", "   \n\t ", "... — !!"}) {
    INFO(text);
    const Snippet snippet = Make(text, {"oil"});
    CHECK(snippet.text.empty());
    CHECK(snippet.highlights.empty());
  }
  CHECK(Make("Oil prices rose.", {"oil"}, 0).text.empty());
}

TEST_CASE("snippet size stays near max_bytes", "[searcher]") {
  std::string text;
  for (int i = 0; i < 400; ++i) {
    text += (i % 37 == 0 ? "oil, " : i % 23 == 0 ? "prices. " : "market" + std::to_string(i) + " ");
  }
  // Two ellipses and two glued punctuation bytes at most on top of the window.
  const std::size_t slack = 2 * kEllipsis.size() + 2;
  for (const std::size_t max_bytes : {16, 40, 80, 160, 240, 1000}) {
    for (const Terms& terms : {Terms{"oil"}, Terms{"oil", "price"}, Terms{"absent"}}) {
      INFO("max_bytes " << max_bytes);
      const Snippet snippet = Make(text, terms, max_bytes);
      CHECK(snippet.text.size() <= max_bytes + slack);
      CHECK(snippet.text.size() >= max_bytes / 2);
      CHECK(snippet.text.find("  ") == std::string::npos);
      (void)Highlighted(snippet);
    }
  }
}

TEST_CASE("snippet finds the only match near the end of a long article", "[searcher]") {
  constexpr std::size_t kWords = 200000;
  std::string text;
  text.reserve(kWords * 8);
  for (std::size_t i = 0; i < kWords; ++i) {
    text += (i == kWords - 10) ? "Kaliningrad" : "filler";
    text += (i % 17 == 16) ? ".\n" : " ";
  }
  REQUIRE(text.size() < kSnippetScanBytes);
  const Snippet snippet = Make(text, {"kaliningrad"}, 120);
  CHECK(Highlighted(snippet) == std::vector<std::string>{"Kaliningrad"});
  CHECK(StartsWith(snippet.text, kEllipsis));
  CHECK(snippet.text.size() <= 120 + 2 * kEllipsis.size() + 2);
}

TEST_CASE("snippet ignores matches past the scanned prefix of a huge article", "[searcher]") {
  std::string text = "Lead words. ";
  while (text.size() < kSnippetScanBytes + 1000) text += "filler ";
  text += "Kaliningrad";
  const Snippet snippet = Make(text, {"kaliningrad"}, 60);
  CHECK(StartsWith(snippet.text, "Lead words."));
  CHECK(snippet.highlights.empty());
  CHECK(EndsWith(snippet.text, kEllipsis));
}

// The same snippet whatever the size of the pieces the text is analysed in.
void CheckPieceSizesAgree(std::string_view text, const Terms& terms, std::size_t max_bytes,
                          text::Analyzer* analyzer) {
  const Snippet whole = MakeSnippet(text, terms, max_bytes, analyzer, "en", SIZE_MAX);
  for (std::size_t piece : {std::size_t{1}, std::size_t{40}, kSnippetFirstPieceBytes}) {
    const Snippet pieces = MakeSnippet(text, terms, max_bytes, analyzer, "en", piece);
    INFO("piece " << piece << ", max_bytes " << max_bytes << ", text: " << text);
    CHECK(pieces.text == whole.text);
    CHECK(pieces.highlights == whole.highlights);
  }
}

TEST_CASE("snippet is the same analysed whole or in pieces", "[searcher]") {
  text::Analyzer analyzer;  // as a search session's: joined compound forms too
  const std::string hyphens = "A well-known state-owned oil firm said. " + Filler(0, 60) +
                              " Oil, well-known; oil. " + Filler(60, 30) + " firm.";
  for (const Terms& terms : {Terms{"oil"}, Terms{"firm", "oil"}, Terms{"wellknown"}, Terms{"known"},
                             Terms{"absent"}, Terms{"oil", "absent"}, Terms{}}) {
    for (std::size_t max_bytes : {30, 120, 240}) CheckPieceSizesAgree(hyphens, terms, max_bytes, &analyzer);
  }
  const std::string chinese = "北京市今天宣布新的经济计划。" + std::string(800, 'x') + " 经济";
  CheckPieceSizesAgree(chinese, {"经济"}, 60, &analyzer);
  CheckPieceSizesAgree("  \n leading space then oil  \n", {"oil"}, 10, &analyzer);
  // A first piece without a word (a table rule), with no query terms (a filter-only query).
  const std::string rule = std::string(700, '-') + " " + std::string(700, '=') + " Oil output rose.";
  for (const Terms& terms : {Terms{}, Terms{"oil"}}) CheckPieceSizesAgree(rule, terms, 60, &analyzer);
}

TEST_CASE("snippet is the same analysed whole or in pieces on Reuters stories",
          "[searcher][slow]") {
  const auto stories = indexer::testing::ReadAll(std::string(NEWSDEX_CORPORA_DIR) +
                                        "/reuters21578/reut2-003.sgm.gz");
  REQUIRE(stories.open_status.ok());
  REQUIRE(stories.records.size() == 1000);
  text::Analyzer analyzer;
  std::mt19937 random(1987);
  std::vector<text::Token> tokens;
  std::size_t checked = 0;
  for (std::size_t i = 0; i < stories.records.size(); i += 3) {
    const std::string& body = stories.records[i].article.body;
    tokens.clear();
    analyzer.Analyze(body, "en", &tokens);
    if (tokens.empty()) continue;
    auto term_at = [&](double where) {
      return tokens[static_cast<std::size_t>(where * static_cast<double>(tokens.size() - 1))].term;
    };
    std::uniform_real_distribution<double> anywhere(0, 1);
    CheckPieceSizesAgree(body, {term_at(anywhere(random))}, 240, &analyzer);
    CheckPieceSizesAgree(body, {term_at(0.1), term_at(0.9)}, 240, &analyzer);
    CheckPieceSizesAgree(body, {term_at(anywhere(random)), "zzabsent"}, 160, &analyzer);
    CheckPieceSizesAgree(body, {term_at(1.0)}, 80, &analyzer);
    ++checked;
  }
  CHECK(checked > 300);
}

}  // namespace
}  // namespace newsdex::search
