#include "common/text/date_tokens.h"

#include <algorithm>
#include <array>

namespace newsdex::text::internal {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// Byte length of the UTF-8 sequence starting with `lead` (1 for a stray byte).
std::size_t SequenceLength(unsigned char lead) {
  if (lead >= 0xF0) return 4;
  if (lead >= 0xE0) return 3;
  if (lead >= 0xC0) return 2;
  return 1;
}

// Reads the digits at text[i...]: a plain number, or one with thousands groups
// ("1,987,000"), a decimal part ("19.87"), an ordinal suffix ("16th") or a plural "s"
// ("1990s").
std::size_t ReadNumber(std::string_view text, std::size_t i, DateToken* t) {
  while (i < text.size() && IsDigit(text[i])) {
    if (t->digits < 18) t->value = t->value * 10 + (text[i] - '0');
    ++t->digits;
    ++i;
  }
  // Thousands groups: ",ddd" not followed by another digit.
  while (t->digits <= 3 && i + 3 < text.size() && text[i] == ',' && IsDigit(text[i + 1]) &&
         IsDigit(text[i + 2]) && IsDigit(text[i + 3]) &&
         (i + 4 >= text.size() || !IsDigit(text[i + 4]))) {
    t->grouped = true;
    i += 4;
  }
  if (i + 1 < text.size() && text[i] == '.' && IsDigit(text[i + 1])) {
    t->decimal = true;
    ++i;
    while (i < text.size() && IsDigit(text[i])) ++i;
  }
  if (i + 1 < text.size() && !t->grouped && !t->decimal) {
    const char a = Lower(text[i]), b = Lower(text[i + 1]);
    const bool suffix = (a == 's' && b == 't') || (a == 'n' && b == 'd') ||
                        (a == 'r' && b == 'd') || (a == 't' && b == 'h');
    if (suffix && (i + 2 >= text.size() || !IsAsciiLetter(text[i + 2]))) {
      t->ordinal = true;
      i += 2;
    }
  }
  if (!t->ordinal && i < text.size() && text[i] == 's' &&
      (i + 1 >= text.size() || !IsAsciiLetter(text[i + 1]))) {
    t->plural = true;
    ++i;
  }
  return i;
}

}  // namespace

void TokenizeForDates(std::string_view text, std::vector<DateToken>* out) {
  out->clear();
  bool space = true;
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    const auto u = static_cast<unsigned char>(c);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      space = true;
      ++i;
      continue;
    }
    DateToken t;
    t.begin = i;
    t.space_before = space;
    space = false;
    if (IsAsciiLetter(c)) {
      t.kind = DateToken::Kind::kWord;
      t.capitalized = c >= 'A' && c <= 'Z';
      while (i < text.size() && IsAsciiLetter(text[i])) t.lower += Lower(text[i++]);
    } else if (IsDigit(c)) {
      t.kind = DateToken::Kind::kNumber;
      i = ReadNumber(text, i, &t);
    } else if (u < 0x80) {
      t.kind = DateToken::Kind::kPunct;
      t.lower.assign(1, c);
      t.sentence_end = (c == '.' || c == '!' || c == '?');
      ++i;
    } else {
      // A lead byte and its continuation bytes; a stray byte alone.
      std::size_t n = 1;
      const std::size_t want = std::min(SequenceLength(u), text.size() - i);
      while (n < want && (static_cast<unsigned char>(text[i + n]) & 0xC0) == 0x80) ++n;
      const std::string_view seq = text.substr(i, n);
      i += n;
      if (seq == "\xC2\xA0" || seq == "\xE2\x80\xAF" || seq == "\xE2\x80\x89") {
        space = true;  // no-break, narrow no-break and thin spaces
        continue;
      }
      t.kind = DateToken::Kind::kPunct;
      if (seq == "\xE2\x80\x93" || seq == "\xE2\x80\x94" || seq == "\xE2\x80\x90" ||
          seq == "\xE2\x80\x91") {
        t.lower = "-";  // en dash, em dash, hyphens
      } else if (seq == "\xE2\x80\x99" || seq == "\xE2\x80\x98") {
        t.lower = "'";
      } else {
        t.lower.assign(seq);  // a letter or symbol outside ASCII: breaks every pattern
      }
      t.sentence_end = seq == "\xE2\x80\xA6";  // ellipsis
    }
    t.end = i;
    out->push_back(std::move(t));
  }
}

int MonthOfWord(std::string_view w) {
  static constexpr std::array<std::string_view, 12> kFull = {
      "january", "february", "march",     "april",   "may",      "june",
      "july",    "august",   "september", "october", "november", "december"};
  for (std::size_t m = 0; m < kFull.size(); ++m) {
    const std::string_view full = kFull[m];
    if (w == full || (w.size() == 3 && full.substr(0, 3) == w)) return static_cast<int>(m) + 1;
  }
  if (w == "sept") return 9;
  return 0;
}

int WeekdayOfWord(std::string_view w) {
  static constexpr std::array<std::string_view, 7> kDays = {
      "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
  for (std::size_t d = 0; d < kDays.size(); ++d) {
    if (w == kDays[d]) return static_cast<int>(d);
  }
  return -1;
}

int SmallNumberOfWord(std::string_view w) {
  static constexpr std::array<std::string_view, 12> kNumbers = {
      "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
      "eleven", "twelve"};
  if (w == "a" || w == "an") return 1;
  for (std::size_t n = 0; n < kNumbers.size(); ++n) {
    if (w == kNumbers[n]) return static_cast<int>(n) + 1;
  }
  return 0;
}

}  // namespace newsdex::text::internal
