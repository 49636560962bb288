// Analyzer: turns text into index terms with ICU, the same way for articles and queries.
//
//   newsdex::text::Analyzer analyzer;
//   std::vector<newsdex::text::Token> tokens;
//   analyzer.Analyze("Orbán’s party won", "en", &tokens);  // orban, parti, won
//
// Steps per word: ICU word segmentation (dictionary-based for Chinese, Japanese, Thai,
// Lao, Khmer, Burmese; the same boundaries found without ICU in pure-ASCII text, see
// ascii_words.h), NFKC case folding, apostrophes unified and possessive 's
// dropped, accents folded on Latin and Greek letters (ü -> u, ø -> o, ß -> ss), then a
// Snowball stem chosen by the word's script: Cyrillic words with the Russian stemmer,
// Latin words with the article's language, other scripts unstemmed.
//
// An Analyzer holds ICU iterators and stemmers: it is not thread-safe; use one per thread.
#ifndef NEWSDEX_COMMON_TEXT_ANALYZER_H_
#define NEWSDEX_COMMON_TEXT_ANALYZER_H_

#include <bitset>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace newsdex::text {

// Letter case of a word as written, for name recognition.
enum class WordShape : std::uint8_t {
  kLower,      // "oil"
  kCapital,    // "Putin"
  kUpper,      // "OPEC", "BAHIA"
  kMixed,      // "iPhone", "McDonald"
  kNumber,     // "1987", "1.13bn"
  kUncased,    // scripts without case: "北京", "الرياض"
};

struct Token {
  // The index term: folded and stemmed ("elections" -> "elect", "Orbán" -> "orban").
  std::string term;
  // The folded, unstemmed word ("elections", "orban"); names and snippets use it.
  std::string folded;
  // Case-folded with accents kept ("orbán"). Empty when equal to `folded`.
  std::string exact;
  // Word position: consecutive words have consecutive positions. A compound's joined
  // form ("wellknown" for "well-known") shares the position of its first part.
  std::uint32_t position = 0;
  // Byte range of the word in the analysed text.
  std::uint32_t begin = 0, end = 0;
  WordShape shape = WordShape::kLower;
  // True for the joined form of a hyphenated compound (an extra term, not a new word).
  bool joined = false;
  // True when the word starts a sentence (its capital letter may mean nothing).
  bool sentence_start = false;

  bool operator==(const Token&) const = default;
};

struct AnalyzerOptions {
  // Emit the joined form of hyphenated compounds ("well-known" -> also "wellknown").
  // On for articles, off for queries. Default: true
  bool emit_joined = true;
  // Words longer than this many bytes (folded) are skipped (their position is still
  // used). A word's accented form is kept as its exact form only up to twice as many
  // bytes: longer ones (letters under stacks of combining marks) are matched by their
  // folded form alone, so that every term fits in the index. Default: 64
  std::size_t max_word_bytes = 64;
  // Find the words of pure-ASCII text without ICU (internal::AsciiWords, the same
  // boundaries in a fraction of the time). Tests turn it off to compare. Default: true
  bool ascii_words = true;
};

class Analyzer {
 public:
  explicit Analyzer(AnalyzerOptions options = {});
  ~Analyzer();
  Analyzer(const Analyzer&) = delete;
  Analyzer& operator=(const Analyzer&) = delete;

  // Appends the words of `text` (UTF-8; invalid bytes are treated as U+FFFD and never
  // become terms) to `out`, numbering positions from `first_position`. `language` is an
  // ISO 639-1 code choosing the stemmer for Latin-script words ("en" when empty or
  // unknown to Snowball, "none" for no stemming). Returns the position after the last word.
  std::uint32_t Analyze(std::string_view text, std::string_view language,
                        std::vector<Token>* out, std::uint32_t first_position = 0);

  // Receives one word of VisitTerms(): its index term (valid during the call only) and
  // its byte range [begin, end) in the text.
  using TermVisitor =
      std::function<void(std::string_view term, std::uint32_t begin, std::uint32_t end)>;

  // The first bytes of the terms a caller looks for: bit b is set when one of them
  // starts with byte b.
  using TermInitials = std::bitset<256>;

  // Calls `visit` for each word of `text` in order, with the term and byte range that
  // Analyze() would give its token, and no joined forms of compounds. For callers that
  // only match words against terms (snippets): no Token is built, so it takes about half
  // the time. Returns the position after the last word, as Analyze() does.
  //
  // With `initials`, a word whose term cannot start with one of those bytes may come
  // with an empty term instead, its stemming skipped: when the language's stemmer only
  // ever changes the ends of words (English, French, German, Russian and most others of
  // Snowball; see kInitialKeepingStemmers in analyzer.cc). A word whose term starts with
  // one of the bytes always comes with its term, and every word with its range.
  std::uint32_t VisitTerms(std::string_view text, std::string_view language,
                           const TermVisitor& visit, std::uint32_t first_position = 0,
                           const TermInitials* initials = nullptr);

  // Folds one value (a name, a topic, a keyword) for use as a boolean term: analysed
  // words' `folded` forms joined by single spaces, unstemmed ("James-Baker" and
  // "james baker" -> "james baker"; "Orbán" -> "orban").
  std::string FoldValue(std::string_view value);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// True when `text` is valid UTF-8 (no overlong forms, surrogates or NUL bytes).
bool IsValidUtf8(std::string_view text);

// Returns `text` as valid UTF-8: invalid sequences are replaced by U+FFFD and NUL
// bytes by spaces. `*replaced` (optional) receives the number of replacements.
std::string ToValidUtf8(std::string_view text, std::size_t* replaced = nullptr);

// Decodes Latin-1 (ISO 8859-1) bytes to UTF-8.
std::string Latin1ToUtf8(std::string_view bytes);

}  // namespace newsdex::text

#endif  // NEWSDEX_COMMON_TEXT_ANALYZER_H_
