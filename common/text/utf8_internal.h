// Internal UTF-8 decoding shared by the analyzer and the UTF-8 helpers.
//
//   char32_t cp;
//   std::size_t n = internal::DecodeUtf8(p, end, &cp);  // cp == kInvalidCodePoint: skip n bytes
//
// Stateless functions: safe to call from any thread.
#ifndef NEWSDEX_COMMON_TEXT_UTF8_INTERNAL_H_
#define NEWSDEX_COMMON_TEXT_UTF8_INTERNAL_H_

#include <cstddef>
#include <string>

namespace newsdex::text::internal {

inline constexpr char32_t kInvalidCodePoint = 0xFFFFFFFF;

// Decodes the code point starting at `p` (REQUIRES: p < end) into `*cp` and returns the
// number of bytes it used. On an ill-formed sequence `*cp` is kInvalidCodePoint and the
// return value is the length of its maximal subpart (at least 1), the substitution
// practice of the Unicode Standard (ch. 3, "U+FFFD Substitution of Maximal Subparts") that
// ICU follows too. Overlong forms, surrogates and values above U+10FFFF are ill-formed.
inline std::size_t DecodeUtf8(const unsigned char* p, const unsigned char* end, char32_t* cp) {
  const unsigned lead = p[0];
  if (lead < 0x80) {
    *cp = lead;
    return 1;
  }
  std::size_t trail_count;
  char32_t value;
  unsigned lo = 0x80, hi = 0xBF;  // allowed range of the first trail byte
  if (lead < 0xC2) {              // stray trail byte or overlong 2-byte lead
    *cp = kInvalidCodePoint;
    return 1;
  } else if (lead < 0xE0) {
    trail_count = 1;
    value = lead & 0x1F;
  } else if (lead < 0xF0) {
    trail_count = 2;
    value = lead & 0x0F;
    if (lead == 0xE0) lo = 0xA0;  // overlong
    if (lead == 0xED) hi = 0x9F;  // surrogates
  } else if (lead < 0xF5) {
    trail_count = 3;
    value = lead & 0x07;
    if (lead == 0xF0) lo = 0x90;  // overlong
    if (lead == 0xF4) hi = 0x8F;  // above U+10FFFF
  } else {
    *cp = kInvalidCodePoint;
    return 1;
  }
  for (std::size_t i = 1; i <= trail_count; ++i) {
    if (p + i >= end || p[i] < lo || p[i] > hi) {
      *cp = kInvalidCodePoint;
      return i;
    }
    value = (value << 6) | (p[i] & 0x3F);
    lo = 0x80;
    hi = 0xBF;
  }
  *cp = value;
  return trail_count + 1;
}

// Appends `cp` (REQUIRES: a Unicode scalar value) to `out` as UTF-8.
inline void AppendUtf8(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

}  // namespace newsdex::text::internal

#endif  // NEWSDEX_COMMON_TEXT_UTF8_INTERNAL_H_
