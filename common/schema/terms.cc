#include "common/schema/terms.h"

#include <cstdio>

#include <xxhash.h>

#include "common/schema/schema.h"

namespace newsdex {
namespace {

constexpr std::size_t kKeptBytes = 64;

std::string HashedTail(std::string_view value) {
  XXH128_hash_t h = XXH3_128bits(value.data(), value.size());
  char hex[40];
  std::snprintf(hex, sizeof hex, "#%016llx%016llx", static_cast<unsigned long long>(h.high64),
                static_cast<unsigned long long>(h.low64));
  return hex;
}

// Cuts at a UTF-8 character boundary at or before `max`.
std::string_view CutUtf8(std::string_view s, std::size_t max) {
  if (s.size() <= max) return s;
  std::size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

}  // namespace

std::string BooleanTerm(std::string_view prefix, std::string_view value) {
  std::string term(prefix);
  if (prefix.size() + value.size() <= kMaxTermBytes) {
    term += value;
  } else {
    term += CutUtf8(value, kKeptBytes);
    term += HashedTail(value);
  }
  return term;
}

std::string IdTerm(std::string_view id) { return BooleanTerm(kPrefixId, id); }

unsigned long long ContentHash(std::string_view bytes) {
  return static_cast<unsigned long long>(XXH3_64bits(bytes.data(), bytes.size()));
}

std::string MentionSlotDate(int year, int month, int day) {
  char buf[16];
  if (month == 0) {
    std::snprintf(buf, sizeof buf, "%04d", year);
  } else if (day == 0) {
    std::snprintf(buf, sizeof buf, "%04d%02d", year, month);
  } else {
    std::snprintf(buf, sizeof buf, "%04d%02d%02d", year, month, day);
  }
  return buf;
}

std::string DayTerm(const DateTermPrefixes& family, int year, int month, int day) {
  return std::string(family.day) + MentionSlotDate(year, month, day);
}

std::string MonthTerm(const DateTermPrefixes& family, int year, int month) {
  return std::string(family.month) + MentionSlotDate(year, month, 0);
}

std::string YearTerm(const DateTermPrefixes& family, int year) {
  return std::string(family.year) + MentionSlotDate(year, 0, 0);
}

std::string MentionDayTerm(int year, int month, int day) {
  return DayTerm(kMentionDates, year, month, day);
}

std::string MentionMonthTerm(int year, int month) { return MonthTerm(kMentionDates, year, month); }

std::string MentionYearTerm(int year) { return YearTerm(kMentionDates, year); }

}  // namespace newsdex
