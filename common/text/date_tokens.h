// The token stream the date-mention extractor (date_mentions.h) matches its patterns
// on: words, numbers and punctuation with their byte offsets. Numbers keep what makes
// them not a date: "1,987" and "19.87" are single tokens marked grouped or decimal,
// "16th" is marked ordinal and "1990s" plural.
//
//   std::vector<newsdex::text::internal::DateToken> tokens;
//   newsdex::text::internal::TokenizeForDates("Oct. 16th, 2023", &tokens);
//   // word "Oct", punct ".", number 16 (ordinal), punct ",", number 2023
//
// Pure functions: safe from any thread.
#ifndef NEWSDEX_COMMON_TEXT_DATE_TOKENS_H_
#define NEWSDEX_COMMON_TEXT_DATE_TOKENS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace newsdex::text::internal {

struct DateToken {
  enum class Kind { kWord, kNumber, kPunct };
  Kind kind = Kind::kPunct;
  std::size_t begin = 0, end = 0;  // bytes of the text
  std::string lower;               // words: ASCII lower case; punct: the character
                                   // ("-" for every dash, "'" for curly apostrophes)
  bool capitalized = false;        // words: first letter upper case
  bool space_before = false;       // whitespace (or the start) before the token
  // Numbers.
  std::int64_t value = 0;
  int digits = 0;
  bool ordinal = false;  // 16th, 1st
  bool grouped = false;  // 1,987  (value is meaningless)
  bool decimal = false;  // 19.87  (value is the integer part)
  bool plural = false;   // 1990s
  bool sentence_end = false;  // punct: . ! ? ending a sentence
};

// Splits `text` (UTF-8) into tokens, replacing the contents of *out. Letters outside
// ASCII end a word and are skipped; no-break spaces count as spaces.
void TokenizeForDates(std::string_view text, std::vector<DateToken>* out);

// 1..12 for an English month name or its abbreviation ("oct", "sept"), else 0.
int MonthOfWord(std::string_view lower);
// 0 (Monday) .. 6 (Sunday) for an English weekday name, else -1.
int WeekdayOfWord(std::string_view lower);
// 1..12 for "one" .. "twelve", 1 for "a"/"an", else 0.
int SmallNumberOfWord(std::string_view lower);

}  // namespace newsdex::text::internal

#endif  // NEWSDEX_COMMON_TEXT_DATE_TOKENS_H_
