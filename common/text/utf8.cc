#include <string>
#include <string_view>

#include "common/text/analyzer.h"
#include "common/text/utf8_internal.h"

namespace newsdex::text {

namespace {

const unsigned char* Bytes(std::string_view text) {
  return reinterpret_cast<const unsigned char*>(text.data());
}

}  // namespace

bool IsValidUtf8(std::string_view text) {
  const unsigned char* p = Bytes(text);
  const unsigned char* end = p + text.size();
  while (p < end) {
    // Plain ASCII is the common case: skip it without calling the decoder.
    if (*p >= 0x01 && *p < 0x80) {
      ++p;
      continue;
    }
    if (*p == 0) return false;
    char32_t cp;
    p += internal::DecodeUtf8(p, end, &cp);
    if (cp == internal::kInvalidCodePoint) return false;
  }
  return true;
}

std::string ToValidUtf8(std::string_view text, std::size_t* replaced) {
  std::string out;
  out.reserve(text.size());
  std::size_t count = 0;
  const unsigned char* p = Bytes(text);
  const unsigned char* end = p + text.size();
  while (p < end) {
    if (*p < 0x80) {
      if (*p == 0) ++count;
      out.push_back(*p == 0 ? ' ' : static_cast<char>(*p));
      ++p;
      continue;
    }
    char32_t cp;
    const std::size_t n = internal::DecodeUtf8(p, end, &cp);
    if (cp == internal::kInvalidCodePoint) {
      ++count;
      out.append("\xEF\xBF\xBD");  // U+FFFD
    } else {
      out.append(reinterpret_cast<const char*>(p), n);
    }
    p += n;
  }
  if (replaced != nullptr) *replaced = count;
  return out;
}

std::string Latin1ToUtf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 8);
  for (const unsigned char b : bytes) internal::AppendUtf8(b, &out);
  return out;
}

}  // namespace newsdex::text
