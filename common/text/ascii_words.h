// Word boundaries in text of ASCII characters only, placed as ICU's root word break
// iterator places them (Unicode's UAX #29 rules), in a fraction of its time. The analyzer
// uses it for ASCII text, which is most news copy; anything else goes to ICU.
//
//   internal::AsciiWords words(u, length);          // u: UTF-16 units, all below 0x80
//   std::int32_t start, end;
//   while (words.Next(&start, &end)) { ... }        // "U.S. oil_fund 1,000.5" gives
//                                                   // "U.S", "oil_fund", "1,000.5"
//
// Yields only the segments ICU gives a word status (letters, numbers and their joiners);
// spaces and punctuation between them are skipped. tests/unit/text/ascii_words_test.cc
// compares it with ICU on every short string over the characters the rules treat apart.
//
// Not thread-safe: one per text. The text must outlive it.
#ifndef NEWSDEX_COMMON_TEXT_ASCII_WORDS_H_
#define NEWSDEX_COMMON_TEXT_ASCII_WORDS_H_

#include <cstdint>

namespace newsdex::text::internal {

class AsciiWords {
 public:
  // REQUIRES: every u[i] < 0x80 for i < length.
  AsciiWords(const char16_t* u, std::int32_t length) : u_(u), length_(length) {}

  // The next word's [start, end) in UTF-16 units; false when there is none.
  bool Next(std::int32_t* start, std::int32_t* end);

 private:
  const char16_t* u_;
  std::int32_t length_;
  std::int32_t at_ = 0;
};

}  // namespace newsdex::text::internal

#endif  // NEWSDEX_COMMON_TEXT_ASCII_WORDS_H_
