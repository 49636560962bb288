// Tables of input -> tokens for the ICU analyzer, in the manner of Xapian's
// tests/api_queryparser.cc. Expected values are what ICU 72 and Xapian 1.4.22 (Debian 12)
// give; a change in either shows up here first.
#include "common/text/analyzer.h"

#include <catch2/catch.hpp>
#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace {

using newsdex::text::Analyzer;
using newsdex::text::AnalyzerOptions;
using newsdex::text::Token;
using newsdex::text::WordShape;
using Strings = std::vector<std::string>;
using namespace std::string_literals;

std::vector<Token> Analyze(std::string_view text, std::string_view language = "en",
                           AnalyzerOptions options = {}) {
  Analyzer analyzer(options);
  std::vector<Token> tokens;
  analyzer.Analyze(text, language, &tokens);
  return tokens;
}

// The `term` of every token, joined forms included, in output order.
Strings Terms(std::string_view text, std::string_view language = "en",
              AnalyzerOptions options = {}) {
  Strings terms;
  for (const Token& token : Analyze(text, language, options)) terms.push_back(token.term);
  return terms;
}

// "term/folded/exact" per token, each part after the first only when it differs from the
// part before it ("orban//orbán": folded equals the term, exact differs).
Strings Forms(std::string_view text, std::string_view language = "en") {
  Strings forms;
  for (const Token& token : Analyze(text, language)) {
    std::string form = token.term;
    if (token.folded != token.term || !token.exact.empty()) {
      form += "/" + (token.folded == token.term ? std::string() : token.folded);
    }
    if (!token.exact.empty()) form += "/" + token.exact;
    forms.push_back(form);
  }
  return forms;
}

// "term@position[begin,end)" per token, with a "+" on joined forms.
Strings Layout(std::string_view text, AnalyzerOptions options = {}) {
  Strings layout;
  for (const Token& token : Analyze(text, "en", options)) {
    layout.push_back((token.joined ? "+" : "") + token.term + "@" + std::to_string(token.position) +
                     "[" + std::to_string(token.begin) + "," + std::to_string(token.end) + ")");
  }
  return layout;
}

struct TermCase {
  const char* text;
  Strings expected;
};

void CheckTerms(const std::vector<TermCase>& cases, std::string_view language = "en") {
  for (const TermCase& c : cases) {
    INFO("text: " << c.text << "  language: " << language);
    CHECK(Terms(c.text, language) == c.expected);
  }
}

}  // namespace

TEST_CASE("English words are stemmed with Snowball", "[text]") {
  CheckTerms({
      {"elections", {"elect"}},
      {"Elections were held", {"elect", "were", "held"}},
      {"parties running", {"parti", "run"}},
      {"the nationalisation of banks", {"the", "nationalis", "of", "bank"}},
      {"", {}},
  });
}

TEST_CASE("Case folding applies NFKC: ligatures, full-width and math letters", "[text]") {
  CHECK(Forms("ﬁnance") == Strings{"financ/finance"});
  CHECK(Forms("ＯＰＥＣ") == Strings{"opec"});
  CHECK(Forms("ＯＰＥＣ １２３") == Strings{"opec", "123"});
  CHECK(Forms("𝐁𝐨𝐥𝐝") == Strings{"bold"});  // supplementary-plane letters
  CHECK(Forms("STRASSE Straße") == Strings{"strass/strasse", "strass/strasse"});
}

TEST_CASE("Latin accents fold and the exact form keeps them", "[text]") {
  CHECK(Forms("Orbán") == Strings{"orban//orbán"});
  CHECK(Forms("Gregorová") == Strings{"gregorova//gregorová"});
  CHECK(Forms("Ærø") == Strings{"aero//ærø"});
  CHECK(Forms("straße") == Strings{"strass/strasse"});
  CHECK(Forms("İstanbul") == Strings{"istanbul//i̇stanbul"});
  CHECK(Forms("São Paulo", "pt") == Strings{"sao//são", "paul/paulo"});
  // Letters with no decomposition go through a small map.
  CHECK(Forms("Łódź", "none") == Strings{"lodz//łódź"});
  CHECK(Forms("ø ł đ ħ ı æ œ þ ð", "none") ==
        Strings{"o//ø", "l//ł", "d//đ", "h//ħ", "i//ı", "ae//æ", "oe//œ", "th//þ", "d//ð"});
  // Precomposed and decomposed input give the same word.
  CHECK(Terms("Orba\xCC\x81n") == Terms("Orbán"));
}

TEST_CASE("Greek accents fold and Greek is not stemmed", "[text]") {
  CHECK(Forms("Ελλάδα Αθήνα ΑΘΗΝΑ") == Strings{"ελλαδα//ελλάδα", "αθηνα//αθήνα", "αθηνα"});
  // Final sigma folds to sigma.
  CHECK(Forms("Τσίπρας") == Strings{"τσιπρασ//τσίπρασ"});
}

TEST_CASE("Possessive 's is dropped with any apostrophe", "[text]") {
  CheckTerms({
      {"Putin’s", {"putin"}},
      {"Putin's", {"putin"}},
      {"Putin‘s", {"putin"}},
      {"Putinʼs", {"putin"}},
      {"Putin′s", {"putin"}},
      {"PUTIN'S", {"putin"}},
      {"Orbán’s party", {"orban", "parti"}},
  });
}

TEST_CASE("Other apostrophes are removed inside words", "[text]") {
  CheckTerms({
      {"o'neill", {"oneil"}},
      {"O’Neill", {"oneil"}},
      {"don't", {"dont"}},
      {"rock'n'roll", {"rocknrol"}},
      {"'quoted'", {"quot"}},
  });
  CHECK(Forms("O’Neill's") == Strings{"oneil/oneill"});
}

TEST_CASE("Hyphenated compounds also give a joined form at the first part's position", "[text]") {
  CHECK(Layout("a well-known fact") ==
        Strings{"a@0[0,1)", "well@1[2,6)", "+wellknown@1[2,12)", "known@2[7,12)", "fact@3[13,17)"});
  CHECK(Layout("state-of-the-art") == Strings{"state@0[0,5)", "+stateoftheart@0[0,16)", "of@1[6,8)",
                                              "the@2[9,12)", "art@3[13,16)"});
  // U+2010 HYPHEN and U+2011 NON-BREAKING HYPHEN (3 bytes each) join too.
  CHECK(Layout("e‐mail e‑mail") == Strings{"e@0[0,1)", "+email@0[0,8)", "mail@1[4,8)", "e@2[9,10)",
                                           "+email@2[9,17)", "mail@3[13,17)"});
  CheckTerms({
      {"Jean-Claude", {"jean", "jeanclaud", "claud"}},
      {"COVID-19", {"covid", "covid19", "19"}},
      {"10-year", {"10", "10year", "year"}},
  });
}

TEST_CASE("Joined forms keep accents in exact and shape of the whole", "[text]") {
  const std::vector<Token> tokens = Analyze("Jean-Loïc COVID-19");
  REQUIRE(tokens.size() == 6);
  CHECK(tokens[1].joined);
  CHECK(tokens[1].folded == "jeanloic");
  CHECK(tokens[1].exact == "jeanloïc");
  CHECK(tokens[1].shape == WordShape::kCapital);
  CHECK(tokens[1].sentence_start);
  CHECK(tokens[4].folded == "covid19");
  CHECK(tokens[4].exact.empty());
  CHECK(tokens[4].shape == WordShape::kUpper);
  CHECK_FALSE(tokens[0].joined);
  CHECK_FALSE(tokens[2].joined);
}

TEST_CASE("Without emit_joined, compounds are only their parts", "[text]") {
  AnalyzerOptions options;
  options.emit_joined = false;
  CHECK(Layout("a well-known fact", options) ==
        Strings{"a@0[0,1)", "well@1[2,6)", "known@2[7,12)", "fact@3[13,17)"});
}

TEST_CASE("Only a single hyphen between words makes a compound", "[text]") {
  CheckTerms({
      {"well - known", {"well", "known"}},
      {"well--known", {"well", "known"}},
      {"well–known", {"well", "known"}},  // en dash
      {"well-", {"well"}},
      {"-known", {"known"}},
  });
}

TEST_CASE("Numbers keep ICU's tokens without thousands separators", "[text]") {
  CheckTerms({
      {"1987", {"1987"}},
      {"1.13bn", {"1.13bn"}},
      {"1,000", {"1000"}},
      {"$1,000.50", {"1000.50"}},
      {"3.5%", {"3.5"}},
      {"1990s", {"1990s"}},  // a number: never stemmed
      {"١٩٨٧", {"1987"}},    // Arabic-Indic digits
      {"1987-88", {"1987", "198788", "88"}},
  });
  for (const Token& token : Analyze("1987 1.13bn 1,000 ١٩٨٧")) {
    CHECK(token.shape == WordShape::kNumber);
  }
}

TEST_CASE("Periods inside words are dropped: U.S. matches US", "[text]") {
  CheckTerms({
      {"U.S. economy", {"us", "economi"}},
      {"US economy", {"us", "economi"}},
      {"e.g.", {"eg"}},
      {"Node.js", {"nodej"}},
  });
}

TEST_CASE("Cyrillic words are stemmed as Russian, whatever the language", "[text]") {
  // Snowball's Russian stemmer maps Путина, Путину and Путин to one stem.
  CHECK(Forms("Путина Путину Путин") == Strings{"путин/путина", "путин/путину", "путин"});
  CHECK(Terms("выборы выборов", "en") == Strings{"выбор", "выбор"});
  CHECK(Terms("выборы", "fr") == Strings{"выбор"});
  // ё folds to е (Snowball stems only the latter); й is a letter and stays.
  CHECK(Forms("ёлка елка") == Strings{"елк/елка/ёлка", "елк/елка"});
  CHECK(Forms("Йошкар-Ола") == Strings{"йошкар", "йошкарол/йошкарола", "ол/ола"});
}

TEST_CASE("The language argument chooses the Latin stemmer", "[text]") {
  CHECK(Terms("elections", "") == Strings{"elect"});
  CHECK(Terms("elections", "xx") == Strings{"elect"});  // unknown: English
  CHECK(Terms("elections", "en-GB") == Strings{"elect"});
  CHECK(Terms("elections", "none") == Strings{"elections"});
  CHECK(Terms("élections présidentielles", "fr") == Strings{"elect", "presidentiel"});
  CHECK(Terms("Wahlen", "de") == Strings{"wahl"});
  CHECK(Terms("Gazprom gas", "ru") == Strings{"gazprom", "gas"});
  CHECK(Terms("none Путина", "none") == Strings{"none", "путин"});
}

TEST_CASE("Chinese is segmented with ICU's dictionary", "[text]") {
  // ICU 72's dictionary splits the names 习近平 and 普京 into pieces.
  CheckTerms({
      {"习近平在北京会见普京", {"习", "近平", "在", "北京", "会见", "普", "京"}},
      {"北京会见", {"北京", "会见"}},
      {"他说：很好。", {"他", "说", "很好"}},
  });
  for (const Token& token : Analyze("北京")) CHECK(token.shape == WordShape::kUncased);
}

TEST_CASE("Japanese mixes dictionary words, kana and kanji", "[text]") {
  CheckTerms({
      {"東京都に住んでいます。", {"東京", "都", "に", "住", "んで", "い", "ます"}},
      {"カタカナ", {"カタカナ"}},
      {"ｶﾀｶﾅ", {"カタカナ"}},  // half-width katakana folds to full-width
  });
}

TEST_CASE("Thai is segmented with ICU's dictionary and keeps its marks", "[text]") {
  CheckTerms({
      {"ประเทศไทยมีเมืองหลวงคือกรุงเทพ", {"ประเทศไทย", "มี", "เมือง", "หลวง", "คือ", "กรุงเทพ"}},
      {"สวัสดีครับ", {"สวัสดี", "ครับ"}},
  });
}

TEST_CASE("Arabic and Hebrew are neither stemmed nor stripped of marks", "[text]") {
  CheckTerms({
      {"الرياض مدينة", {"الرياض", "مدينة"}},
      {"الانتخابات", {"الانتخابات"}},
      {"مُحَمَّد", {"مُحَمَّد"}},  // harakat are kept
      {"ירושלים", {"ירושלים"}},
  });
}

TEST_CASE("Devanagari vowel signs and viramas are kept", "[text]") {
  CHECK(Forms("हिन्दी भाषा") == Strings{"हिन्दी", "भाषा"});
  CHECK(Forms("नरेंद्र मोदी") == Strings{"नरेंद्र", "मोदी"});
}

TEST_CASE("begin and end are byte offsets of the original word", "[text]") {
  const std::string text =
      "Orbán’s “well-known” 𝐁𝐨𝐥𝐝 北京会见 Путина\xFF"
      "bad ١٩٨٧ ﬁnance\xC2\xA0"
      "end";
  const std::vector<Token> tokens = Analyze(text);
  Strings words;
  for (const Token& token : tokens) {
    REQUIRE(token.begin < token.end);
    REQUIRE(token.end <= text.size());
    words.push_back(text.substr(token.begin, token.end - token.begin));
  }
  CHECK(words == Strings{"Orbán’s", "well", "well-known", "known", "𝐁𝐨𝐥𝐝", "北京", "会见", "Путина",
                         "bad", "١٩٨٧", "ﬁnance", "end"});
}

TEST_CASE("Word shapes come from the text as written", "[text]") {
  const std::vector<std::pair<const char*, WordShape>> cases = {
      {"oil", WordShape::kLower},       {"Putin", WordShape::kCapital},
      {"Putin’s", WordShape::kCapital}, {"A", WordShape::kCapital},
      {"OPEC", WordShape::kUpper},      {"BAHIA", WordShape::kUpper},
      {"PUTIN'S", WordShape::kUpper},   {"iPhone", WordShape::kMixed},
      {"McDonald", WordShape::kMixed},  {"1987", WordShape::kNumber},
      {"1.13bn", WordShape::kNumber},   {"北京", WordShape::kUncased},
      {"الرياض", WordShape::kUncased},  {"Ελλάδα", WordShape::kCapital},
      {"ΑΘΗΝΑ", WordShape::kUpper},     {"Путин", WordShape::kCapital},
      {"ǅemal", WordShape::kCapital},   {"ＯＰＥＣ", WordShape::kUpper},
  };
  for (const auto& [text, shape] : cases) {
    INFO("text: " << text);
    const std::vector<Token> tokens = Analyze(text);
    REQUIRE(tokens.size() == 1);
    CHECK(tokens[0].shape == shape);
  }
}

TEST_CASE("sentence_start marks the first word of each sentence", "[text]") {
  const auto starts = [](std::string_view text) {
    Strings result;
    for (const Token& token : Analyze(text, "none")) {
      if (token.sentence_start) result.push_back(token.folded);
    }
    return result;
  };
  CHECK(starts("Oil rose. Gold fell! Why? Because.") == Strings{"oil", "gold", "why", "because"});
  CHECK(starts("He said \"Stop.\" Then he left.") == Strings{"he", "then"});
  CHECK(starts("Mr. Putin met Dr. Smith and George W. Bush.") == Strings{"mr"});
  CHECK(starts("Prices rose 3.5 percent, e.g. in Paris.") == Strings{"prices"});
  CHECK(starts("Headline\n\nBody text\nwrapped line") == Strings{"headline", "body"});
  CHECK(starts("他说。很好") == Strings{"他", "很好"});
  CHECK(starts("   ...leading punctuation") == Strings{"leading"});
}

TEST_CASE("Words longer than max_word_bytes are skipped but use a position", "[text]") {
  AnalyzerOptions options;
  options.max_word_bytes = 6;
  const std::string text = "short extraordinarily long ünïcödé ok";
  CHECK(Layout(text, options) == Strings{"short@0[0,5)", "long@2[22,26)", "ok@4[39,41)"});
  Analyzer analyzer(options);
  std::vector<Token> tokens;
  CHECK(analyzer.Analyze(text, "en", &tokens) == 5);
  // The limit applies to the folded form: "ünïcödé" is 11 bytes but folds to 7.
  options.max_word_bytes = 7;
  CHECK(Terms("ünïcödé", "none", options) == Strings{"unicode"});
  // A compound whose joined form is too long keeps its parts.
  options.max_word_bytes = 8;
  CHECK(Terms("well-known", "none", options) == Strings{"well", "known"});
}

TEST_CASE("An exact form is kept up to twice max_word_bytes", "[text]") {
  AnalyzerOptions options;
  options.max_word_bytes = 8;
  // "ünïcödé" folds to 7 bytes and keeps its 11-byte exact form (within 16).
  std::vector<Token> tokens = Analyze("ünïcödé", "none", options);
  REQUIRE(tokens.size() == 1);
  CHECK(tokens[0].exact == "ünïcödé");
  // A letter under a stack of combining accents folds to one byte but its exact form
  // would be as long as the stack: the word keeps its folded form alone.
  std::string stacked = "a";
  for (int i = 0; i < 20; ++i) stacked += "\u0301";
  tokens = Analyze(stacked + " b" + stacked, "none", options);
  REQUIRE(tokens.size() == 2);
  CHECK(tokens[0].folded == "a");
  CHECK(tokens[0].exact.empty());
  CHECK(tokens[1].exact.empty());
  // The joined form of a compound follows the same rule.
  tokens = Analyze("é-" + stacked, "none", options);
  REQUIRE(tokens.size() == 3);
  REQUIRE(tokens[1].joined);
  CHECK(tokens[1].folded == "ea");
  CHECK(tokens[1].exact == "éa");
  for (const Token& token : Analyze("é\u0301\u0301\u0301\u0301-é\u0301\u0301\u0301\u0301", "none", options)) {
    INFO(token.folded);
    CHECK(token.exact.size() <= 16);
  }
}

TEST_CASE("Invalid UTF-8 and NUL bytes never become terms", "[text]") {
  static constexpr char kBytes[] =
      "a\xFF"
      "b\0c\xC3 d\xE0\x80\x80"
      "e \xED\xA0\x80"
      "f \xF0\x9F\x98";
  const std::string text(kBytes, sizeof kBytes - 1);
  CHECK(Terms(text) == Strings{"a", "b", "c", "d", "e", "f"});
  const std::vector<Token> tokens = Analyze(text);
  for (const Token& token : tokens) CHECK(token.end - token.begin == 1);
  CHECK(Terms(std::string("\xFF\xFE\x80\x00", 4)).empty());
  CHECK(Terms("\xC0\xAF"
              "etc") == Strings{"etc"});  // overlong '/'
}

TEST_CASE("Empty and word-less input give no tokens and keep the position", "[text]") {
  Analyzer analyzer;
  std::vector<Token> tokens;
  CHECK(analyzer.Analyze("", "en", &tokens, 7) == 7);
  CHECK(analyzer.Analyze("  ... !!! — ", "en", &tokens, 7) == 7);
  CHECK(analyzer.Analyze("😀 ☺", "en", &tokens, 7) == 7);
  CHECK(tokens.empty());
}

TEST_CASE("Positions continue from first_position and across calls", "[text]") {
  Analyzer analyzer;
  std::vector<Token> tokens;
  const std::uint32_t next = analyzer.Analyze("Oil prices", "en", &tokens, 0);
  CHECK(next == 2);
  CHECK(analyzer.Analyze("rose sharply", "en", &tokens, next + 100) == 104);
  REQUIRE(tokens.size() == 4);
  CHECK(tokens[2].position == 102);
  CHECK(tokens[3].position == 103);
  CHECK(tokens[2].sentence_start);  // each call starts a text
}

TEST_CASE("No-break spaces separate words", "[text]") {
  CHECK(Layout("10\xC2\xA0"
               "000 a\xC2\xA0"
               "b") == Strings{"10@0[0,2)", "000@1[4,7)", "a@2[8,9)", "b@3[11,12)"});
  CHECK(Terms("Bonjour\xE2\x80\xAF!") == Strings{"bonjour"});  // narrow no-break space
}

TEST_CASE("FoldValue joins the folded words with single spaces", "[text]") {
  Analyzer analyzer;
  const std::vector<std::pair<const char*, const char*>> cases = {
      {"James-Baker", "james baker"},
      {"james baker", "james baker"},
      {"  JAMES   BAKER  ", "james baker"},
      {"Orbán", "orban"},
      {"el-salvador", "el salvador"},
      {"Putin’s", "putin"},
      {"elections", "elections"},  // never stemmed
      {"U.S.", "us"},
      {"北京会见", "北京 会见"},
      {"", ""},
      {"!!!", ""},
  };
  for (const auto& [value, folded] : cases) {
    INFO("value: " << value);
    CHECK(analyzer.FoldValue(value) == folded);
  }
}

TEST_CASE("IsValidUtf8 rejects ill-formed sequences and NUL", "[text]") {
  using newsdex::text::IsValidUtf8;
  CHECK(IsValidUtf8(""));
  CHECK(IsValidUtf8("plain ascii"));
  CHECK(IsValidUtf8("Orbán 北京 𝐁 \xF4\x8F\xBF\xBF"));  // U+10FFFF is valid
  CHECK_FALSE(IsValidUtf8(std::string("a\0b", 3)));
  CHECK_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong
  CHECK_FALSE(IsValidUtf8("\xE0\x80\xAF"));      // overlong
  CHECK_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate
  CHECK_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  CHECK_FALSE(IsValidUtf8("\xC3"));              // truncated
  CHECK_FALSE(IsValidUtf8("\x80"));              // stray continuation
  CHECK_FALSE(IsValidUtf8("\xFF"));
}

TEST_CASE("ToValidUtf8 replaces and counts ill-formed sequences", "[text]") {
  using newsdex::text::ToValidUtf8;
  std::size_t replaced = 99;
  CHECK(ToValidUtf8("Orbán", &replaced) == "Orbán");
  CHECK(replaced == 0);
  CHECK(ToValidUtf8(std::string("a\0b", 3), &replaced) == "a b");
  CHECK(replaced == 1);
  // Maximal subparts: a truncated 3-byte sequence is one U+FFFD, not two.
  CHECK(ToValidUtf8("a\xE2\x82"
                    "b",
                    &replaced) ==
        "a\xEF\xBF\xBD"
        "b");
  CHECK(replaced == 1);
  CHECK(ToValidUtf8("\xC0\xAF", &replaced) == "\xEF\xBF\xBD\xEF\xBF\xBD");
  CHECK(replaced == 2);
  CHECK(ToValidUtf8("\xED\xA0\x80", &replaced) == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
  CHECK(replaced == 3);
  CHECK(ToValidUtf8("x\xFF") == "x\xEF\xBF\xBD");  // counter is optional
  CHECK(newsdex::text::IsValidUtf8(ToValidUtf8("\xF0\x9F\x98 \xF8\x88\x80\x80\x80 \0")));
}

TEST_CASE("Latin1ToUtf8 maps each byte to its code point", "[text]") {
  using newsdex::text::Latin1ToUtf8;
  CHECK(Latin1ToUtf8("") == "");
  CHECK(Latin1ToUtf8("abc") == "abc");
  CHECK(Latin1ToUtf8("Orb\xE1n") == "Orbán");
  CHECK(Latin1ToUtf8("\xA0\xFF") == "\xC2\xA0\xC3\xBF");
  CHECK(Latin1ToUtf8("\x80") == "\xC2\x80");
}

namespace {

// True when `text` at byte `at` starts with a Thai letter (U+0E00..U+0E7F).
bool StartsThai(std::string_view text, std::size_t at) {
  return at + 1 < text.size() && static_cast<unsigned char>(text[at]) == 0xE0 &&
         (static_cast<unsigned char>(text[at + 1]) & 0xFE) == 0xB8;
}

}  // namespace

TEST_CASE("Analysing a slice gives the tokens of that part of the whole", "[text]") {
  // Slices are cut at random word boundaries, including between touching Chinese and
  // Japanese words, and compared with the matching words of the whole: same terms, same
  // byte ranges, same positions when numbered from the same start. Left out, by design:
  //  - joined forms: a cut at a compound's hyphen leaves two plain words;
  //  - sentence_start: a slice always starts a sentence;
  //  - cuts inside a run of Thai letters: ICU's Thai engine picks words with a lookahead
  //    over the whole run, so a piece of a run can segment differently on its own (see
  //    the next test case). Lao, Khmer and Burmese use the same kind of engine.
  const std::string paragraph =
      "Orbán’s well-known party, Fidesz, won 1,000 seats in 1987. "
      "Путина встретил Си Цзиньпин; 习近平在北京会见普京。中国国家主席习近平星期四在北京人民"
      "大会堂同俄罗斯总统普京举行会谈 ประเทศไทย มีเมืองหลวง, 東京都に住んでいます. "
      "日本の首相は東京で記者会見を開き経済対策について説明しました。Ελλάδα: η Αθήνα. "
      "الرياض مدينة, हिन्दी भाषा — U.S. co-operation ﬁnance O'Neill.";
  Analyzer analyzer;
  std::vector<Token> whole;
  analyzer.Analyze(paragraph, "en", &whole);
  std::vector<Token> words;  // the whole's plain words
  for (const Token& token : whole) {
    if (!token.joined) words.push_back(token);
  }
  REQUIRE(words.size() > 70);
  // Word indexes i at which a slice may start or end (before words[i]).
  std::vector<std::size_t> cuts = {0};
  for (std::size_t i = 1; i < words.size(); ++i) {
    if (words[i].begin > words[i - 1].end || !StartsThai(paragraph, words[i].begin)) {
      cuts.push_back(i);
    }
  }
  cuts.push_back(words.size());

  std::mt19937 random(20240101);
  std::vector<Token> slice_tokens;
  for (int round = 0; round < 500; ++round) {
    std::size_t a = cuts[random() % cuts.size()];
    std::size_t b = cuts[random() % cuts.size()];
    if (a > b) std::swap(a, b);
    if (a == b) continue;
    const std::uint32_t from = words[a].begin;
    const std::uint32_t to = words[b - 1].end;
    const std::string slice = paragraph.substr(from, to - from);
    slice_tokens.clear();
    const std::uint32_t next = analyzer.Analyze(slice, "en", &slice_tokens, words[a].position);
    Strings got, want;
    for (const Token& token : slice_tokens) {
      if (token.joined) continue;
      got.push_back(token.term + "@" + std::to_string(token.position) + "[" +
                    std::to_string(token.begin + from) + "," + std::to_string(token.end + from) +
                    ")");
    }
    for (std::size_t i = a; i < b; ++i) {
      want.push_back(words[i].term + "@" + std::to_string(words[i].position) + "[" +
                     std::to_string(words[i].begin) + "," + std::to_string(words[i].end) + ")");
    }
    INFO("slice: " << slice);
    REQUIRE(got == want);
    CHECK(next == words[b - 1].position + 1);
  }
}

TEST_CASE("Thai segmentation depends on the whole run of Thai letters", "[text]") {
  // A fact for the query side, not a bug to fix here: the same letters can segment one
  // way alone and another way inside a longer run, so a query's Thai words may not be
  // the words an article gave. Seen with ICU 72: a run of exactly two 2-letter words
  // (4 UTF-16 units) stays one word alone but is split inside a longer run. Among 180
  // random strings of Thai words, every differing slice was of this kind.
  CHECK(Terms("มีลม") == Strings{"มีลม"});
  CHECK(Terms("ประเทศไทยมีลม") == Strings{"ประเทศไทย", "มี", "ลม"});
  CHECK(Terms("ไปมี") == Strings{"ไปมี"});
  CHECK(Terms("ไปมีลมไป") == Strings{"ไป", "มี", "ลม", "ไป"});
  // Chinese held the property on every slice tried (800 random strings of common
  // characters): a name split in context is split alone too.
  CHECK(Terms("普京") == Strings{"普", "京"});
  CHECK(Terms("会见普京") == Strings{"会见", "普", "京"});
}

TEST_CASE("An analyzer gives the same result when reused", "[text]") {
  Analyzer analyzer;
  const std::string text = "Orbán’s well-known 北京 Путина 1,000 ﬁnance\xFF end";
  std::vector<Token> first, second;
  analyzer.Analyze(text, "en", &first);
  analyzer.Analyze("something else entirely, ελληνικά", "fr", &second);
  second.clear();
  analyzer.Analyze(text, "en", &second);
  REQUIRE(first.size() == second.size());
  for (std::size_t i = 0; i < first.size(); ++i) {
    CHECK(first[i].term == second[i].term);
    CHECK(first[i].exact == second[i].exact);
    CHECK(first[i].begin == second[i].begin);
  }
}

namespace {

struct VisitedWord {
  std::string term;
  std::uint32_t begin = 0, end = 0;
};

// The words VisitTerms reports, numbering positions from `first`; `next` gets the
// position after the last word.
std::vector<VisitedWord> Visit(Analyzer* analyzer, std::string_view text, std::string_view language,
                               const Analyzer::TermInitials* initials, std::uint32_t* next,
                               std::uint32_t first = 0) {
  std::vector<VisitedWord> words;
  *next = analyzer->VisitTerms(
      text, language,
      [&](std::string_view term, std::uint32_t begin, std::uint32_t end) {
        words.push_back({std::string(term), begin, end});
      },
      first, initials);
  return words;
}

// "term[begin,end)" per word, from VisitTerms or from Analyze's plain words (positions
// numbered from 7); `next` gets the position after the last word.
Strings VisitedWords(Analyzer* analyzer, std::string_view text, std::string_view language,
                     std::uint32_t* next) {
  Strings words;
  for (const VisitedWord& w : Visit(analyzer, text, language, nullptr, next, 7)) {
    words.push_back(w.term + "[" + std::to_string(w.begin) + "," + std::to_string(w.end) + ")");
  }
  return words;
}

Strings AnalyzedWords(Analyzer* analyzer, std::string_view text, std::string_view language,
                      std::uint32_t* next) {
  std::vector<Token> tokens;
  *next = analyzer->Analyze(text, language, &tokens, 7);
  Strings words;
  for (const Token& token : tokens) {
    if (token.joined) continue;
    words.push_back(token.term + "[" + std::to_string(token.begin) + "," +
                    std::to_string(token.end) + ")");
  }
  return words;
}

}  // namespace

TEST_CASE("VisitTerms reports the terms and ranges Analyze gives, without joined forms",
          "[text]") {
  const std::vector<std::string> texts = {
      "Orbán’s well-known party, Fidesz, won 1,000 seats in 1987 (U.S. co-operation).",
      "Путина встретил Си Цзиньпин; 习近平在北京会见普京。東京都に住んでいます.",
      "ประเทศไทย มีเมืองหลวง Ελλάδα: η Αθήνα. الرياض مدينة, हिन्दी भाषा ﬁnance O'Neill's",
      "a " + std::string(70, 'x') + " word too long, then state-of-the-art__ _ x_y",
      "Invalid \xFF bytes\0and NULs"s + " and 12.5% of 3,000,000",
      "",
      " ,;. ",
  };
  for (const bool ascii_words : {true, false}) {
    Analyzer analyzer(AnalyzerOptions{.emit_joined = true, .ascii_words = ascii_words});
    for (const std::string& text : texts) {
      for (const std::string_view language : {"en", "fr", "none"}) {
        INFO("text: " << text << ", language " << language << ", ascii_words " << ascii_words);
        std::uint32_t visited_next = 0, analysed_next = 0;
        const Strings visited = VisitedWords(&analyzer, text, language, &visited_next);
        CHECK(visited == AnalyzedWords(&analyzer, text, language, &analysed_next));
        CHECK(visited_next == analysed_next);
      }
    }
  }
  // The words are there, not an empty list on both sides.
  Analyzer analyzer;
  std::uint32_t next = 0;
  CHECK(VisitedWords(&analyzer, texts[0], "en", &next) ==
        Strings{"orban[0,10)", "well[11,15)", "known[16,21)", "parti[22,27)", "fidesz[29,35)",
                "won[37,40)", "1000[41,46)", "seat[47,52)", "in[53,55)", "1987[56,60)",
                "us[62,65)", "co[67,69)", "oper[70,79)"});
  CHECK(next == 7 + 13);
}

namespace {

Analyzer::TermInitials InitialsOf(std::string_view bytes) {
  Analyzer::TermInitials initials;
  for (const char c : bytes) initials.set(static_cast<unsigned char>(c));
  return initials;
}

}  // namespace

TEST_CASE("VisitTerms with initials keeps every word whose term starts with one of them",
          "[text]") {
  const std::vector<std::string> texts = {
      "Orbán’s well-known party, Fidesz, won 1,000 seats in 1987 (U.S. co-operation).",
      "Prices of oil rose; the ministers' meeting in Paris ended early, said OPEC.",
      "Путина встретил Си Цзиньпин; 习近平在北京会见普京。Éléphants, Ökonomie, años.",
      "Invalid \xFF bytes\0and NULs"s + " and 12.5% of 3,000,000",
      "",
  };
  // Bytes a query's terms may start with: Latin letters, digits, Cyrillic's lead bytes
  // (0xD0, 0xD1), none at all.
  const std::vector<std::string> initial_sets = {"op", "w1", "\xD0\xD1", "", "abcdefghijklmnopqrstuvwxyz"};
  Analyzer analyzer;
  for (const std::string& text : texts) {
    for (const std::string_view language : {"en", "fr", "de", "ru", "ga", "id", "none"}) {
      std::uint32_t all_next = 0;
      const std::vector<VisitedWord> all = Visit(&analyzer, text, language, nullptr, &all_next);
      for (const std::string& bytes : initial_sets) {
        INFO("text: " << text << ", language " << language << ", initials " << bytes);
        const Analyzer::TermInitials initials = InitialsOf(bytes);
        std::uint32_t next = 0;
        const std::vector<VisitedWord> sieved = Visit(&analyzer, text, language, &initials, &next);
        CHECK(next == all_next);
        REQUIRE(sieved.size() == all.size());
        for (std::size_t i = 0; i < all.size(); ++i) {
          INFO("word " << i << ": " << all[i].term);
          REQUIRE(!all[i].term.empty());
          CHECK(sieved[i].begin == all[i].begin);
          CHECK(sieved[i].end == all[i].end);
          if (initials[static_cast<unsigned char>(all[i].term.front())]) {
            CHECK(sieved[i].term == all[i].term);
          } else {
            CHECK((sieved[i].term.empty() || sieved[i].term == all[i].term));
          }
        }
      }
    }
  }
  // English skips the words that cannot match; Irish, whose stemmer removes initial
  // mutations, and Indonesian, whose stemmer removes prefixes, stem every word.
  const Analyzer::TermInitials op = InitialsOf("op");
  std::uint32_t next = 0;
  const std::vector<VisitedWord> english = Visit(&analyzer, texts[1], "en", &op, &next);
  REQUIRE(english.size() == 13);
  CHECK(english[0].term == "price");
  CHECK(english[1].term == "of");
  CHECK(english[2].term == "oil");
  CHECK(english[3].term.empty());  // rose
  CHECK(english[8].term == "pari");
  CHECK(english[11].term.empty());  // said
  CHECK(english[12].term == "opec");
  for (const std::string_view language : {"ga", "id"}) {
    for (const VisitedWord& word : Visit(&analyzer, texts[1], language, &op, &next)) {
      CHECK(!word.term.empty());
    }
  }
}

TEST_CASE("Stems of initial-keeping stemmers begin with their word's first letter",
          "[text]") {
  // Words each stemmer rewrites the most: plurals and verb forms, doubled and marked
  // letters, y and i between vowels, words that were accented.
  const std::vector<std::pair<std::string_view, std::string_view>> texts = {
      {"en", "skies dying lying tying idly gently early only singly news yearly 'tis "
             "yelling ionization happiness agreed conditional relational"},
      {"fr", "éléphants équipées yeux ignorées oiseaux quelqu'un écoutaient irrésistiblement"},
      {"de", "Äpfel Öfen Übungen Straße yachten ärgerlich übertrieben Häusern"},
      {"es", "años acciones yendo éxitos íntegramente ñandúes"},
      {"it", "università yogurt ingegneri ottimamente"},
      {"pt", "ações ãos úteis órgãos"},
      {"nl", "ijzeren yoghurt ëlkaar ondernemingen"},
      {"sv", "ändringarna ökningen åren"},
      {"da", "æblerne øerne årene"},
      {"no", "ærlighetene øyene årene"},
      {"fi", "äänestäjien yhtiöiden öljyt"},
      {"hu", "épületekben öregebbek úszók"},
      {"ro", "ştiinţele ţările îngrijorări"},
      {"tr", "çocukları ıslak işçiler öğrenciler üniversiteleri"},
      {"ru", "ёлками ежедневных источниками явлениями"},
  };
  Analyzer analyzer;
  for (const auto& [language, text] : texts) {
    std::vector<Token> tokens;
    analyzer.Analyze(text, language, &tokens);
    REQUIRE(tokens.size() > 2);
    for (const Token& token : tokens) {
      INFO(language << ": " << token.folded << " -> " << token.term);
      REQUIRE(!token.term.empty());
      CHECK(token.term.front() == token.folded.front());
    }
  }
}
