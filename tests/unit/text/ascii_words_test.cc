#include "common/text/ascii_words.h"

#include <unicode/brkiter.h>
#include <unicode/ubrk.h>
#include <unicode/unistr.h>

#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "common/text/analyzer.h"
#include "unit/readers/reader_test_util.h"

namespace newsdex::text {
namespace {

using Spans = std::vector<std::pair<std::int32_t, std::int32_t>>;

Spans FastWords(const std::u16string& text) {
  internal::AsciiWords words(text.data(), static_cast<std::int32_t>(text.size()));
  Spans spans;
  std::int32_t start, end;
  while (words.Next(&start, &end)) spans.emplace_back(start, end);
  return spans;
}

// The reference: ICU's root word break iterator, word segments only.
class IcuWords {
 public:
  IcuWords() {
    UErrorCode err = U_ZERO_ERROR;
    words_.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), err));
    REQUIRE(U_SUCCESS(err));
  }
  Spans operator()(const std::u16string& text) {
    const icu::UnicodeString u(text.data(), static_cast<std::int32_t>(text.size()));
    words_->setText(u);
    Spans spans;
    std::int32_t start = words_->first();
    for (std::int32_t end = words_->next(); end != icu::BreakIterator::DONE;
         start = end, end = words_->next()) {
      if (words_->getRuleStatus() >= UBRK_WORD_NONE_LIMIT) spans.emplace_back(start, end);
    }
    return spans;
  }

 private:
  std::unique_ptr<icu::BreakIterator> words_;
};

std::string Printable(const std::u16string& text) {
  std::string out;
  for (char16_t c : text) {
    if (c >= 0x20 && c < 0x7F) {
      out.push_back(static_cast<char>(c));
    } else {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out.push_back(kHex[(c >> 4) & 0xF]);
      out.push_back(kHex[c & 0xF]);
    }
  }
  return out;
}

// Every string of up to `max_length` characters of `alphabet`.
void ForEachString(const std::u16string& alphabet, std::size_t max_length,
                   const std::function<void(const std::u16string&)>& fn) {
  std::u16string s;
  std::function<void()> grow = [&] {
    fn(s);
    if (s.size() == max_length) return;
    for (char16_t c : alphabet) {
      s.push_back(c);
      grow();
      s.pop_back();
    }
  };
  grow();
}

TEST_CASE("ASCII words: the same boundaries as ICU on every short string", "[text]") {
  IcuWords icu;
  // One character of each class the rules tell apart, and a few that are none of them.
  const std::u16string alphabet = u"aZ7@:,;.'_ -\n\"\r!";
  std::size_t strings = 0, differ = 0;
  ForEachString(alphabet, 5, [&](const std::u16string& s) {
    ++strings;
    const Spans expected = icu(s);
    if (FastWords(s) != expected && ++differ <= 10) {
      INFO("text \"" << Printable(s) << "\"");
      CHECK(FastWords(s) == expected);
    }
  });
  CHECK(strings > 1000000);
  CHECK(differ == 0);
}

TEST_CASE("ASCII words: the same boundaries as ICU on random ASCII text", "[text]") {
  IcuWords icu;
  std::mt19937 random(20261206);
  std::uniform_int_distribution<int> length(1, 40);
  std::uniform_int_distribution<int> any(0, 127);
  const std::u16string common = u"ab9 .,':;_-";
  std::uniform_int_distribution<std::size_t> pick(0, common.size() - 1);
  std::size_t differ = 0;
  for (int i = 0; i < 200000; ++i) {
    std::u16string s(static_cast<std::size_t>(length(random)), u' ');
    for (char16_t& c : s) c = random() % 2 ? common[pick(random)] : static_cast<char16_t>(any(random));
    const Spans expected = icu(s);
    if (FastWords(s) != expected && ++differ <= 10) {
      INFO("text \"" << Printable(s) << "\"");
      CHECK(FastWords(s) == expected);
    }
  }
  CHECK(differ == 0);
}

TEST_CASE("ASCII words: empty text and text without words", "[text]") {
  CHECK(FastWords(u"").empty());
  CHECK(FastWords(u" .,;:'-_\n").empty());
  CHECK(FastWords(u"U.S. oil_fund 1,000.5") == Spans{{0, 3}, {5, 13}, {14, 21}});
}

void CheckSameTokens(std::string_view text, Analyzer* fast, Analyzer* icu_only) {
  std::vector<Token> a, b;
  fast->Analyze(text, "en", &a);
  icu_only->Analyze(text, "en", &b);
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    INFO("token " << i << " (" << a[i].folded << " / " << b[i].folded << ") of "
                  << text.substr(0, 200));
    CHECK(a[i] == b[i]);
  }
}

TEST_CASE("Analyzer: the same tokens with and without ASCII words on Reuters stories",
          "[text][slow]") {
  Analyzer fast;
  Analyzer icu_only(AnalyzerOptions{.ascii_words = false});
  std::size_t ascii_stories = 0;
  for (const char* file : {"reut2-000.sgm.gz", "reut2-017.sgm.gz"}) {
    const auto stories = indexer::testing::ReadAll(std::string(NEWSDEX_CORPORA_DIR) +
                                                   "/reuters21578/" + file);
    REQUIRE(stories.open_status.ok());
    for (const auto& story : stories.records) {
      const Article& a = story.article;
      for (const std::string* text : {&a.title, &a.dateline, &a.body}) {
        CheckSameTokens(*text, &fast, &icu_only);
      }
      if (std::all_of(a.body.begin(), a.body.end(), [](char c) { return c >= 0; })) ++ascii_stories;
    }
  }
  // Most stories are pure ASCII, so most of them took the ASCII path.
  CHECK(ascii_stories > 1500);
}

// Snippets skip stemming the words whose first letter no query term starts with
// (Analyzer::VisitTerms with initials), trusting that English stems keep it.
TEST_CASE("Analyzer: every English stem of Reuters stories begins with its word's letter",
          "[text][slow]") {
  Analyzer analyzer;
  std::size_t words = 0;
  for (const char* file : {"reut2-000.sgm.gz", "reut2-017.sgm.gz"}) {
    const auto stories = indexer::testing::ReadAll(std::string(NEWSDEX_CORPORA_DIR) +
                                                   "/reuters21578/" + file);
    REQUIRE(stories.open_status.ok());
    std::vector<Token> tokens;
    for (const auto& story : stories.records) {
      tokens.clear();
      analyzer.Analyze(story.article.title + "\n" + story.article.body, "en", &tokens);
      for (const Token& token : tokens) {
        if (!token.term.empty() && !token.folded.empty() &&
            token.term.front() == token.folded.front()) {
          continue;
        }
        FAIL_CHECK(token.folded << " -> " << token.term);
      }
      words += tokens.size();
    }
  }
  CHECK(words > 150000);
}

}  // namespace
}  // namespace newsdex::text
