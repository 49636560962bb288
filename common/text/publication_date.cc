#include "common/text/publication_date.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <optional>

#include "common/text/civil_date.h"

namespace newsdex::text {
namespace {

// Every parser below works on bytes and ASCII only, so nothing depends on the locale.

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

constexpr std::array<const char*, 12> kMonthNames = {
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december"};

// 1..12 for an English month name or an abbreviation of at least three letters
// ("oct", "sept"), 0 otherwise. Case-insensitive.
int MonthFromName(std::string_view word) {
  if (word.size() < 3) return 0;
  for (int m = 0; m < 12; ++m) {
    std::string_view full = kMonthNames[static_cast<std::size_t>(m)];
    if (word.size() > full.size()) continue;
    bool match = true;
    for (std::size_t i = 0; i < word.size(); ++i) {
      if (Lower(word[i]) != full[i]) {
        match = false;
        break;
      }
    }
    if (match) return m + 1;
  }
  return 0;
}

bool IsWeekdayName(std::string_view word) {
  static constexpr std::array<const char*, 7> kDays = {
      "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
  if (word.size() < 3) return false;
  for (std::string_view full : kDays) {
    if (word.size() > full.size()) continue;
    bool match = true;
    for (std::size_t i = 0; i < word.size(); ++i) {
      if (Lower(word[i]) != full[i]) {
        match = false;
        break;
      }
    }
    if (match) return true;
  }
  return false;
}

// A read position over the date text.
class Cursor {
 public:
  explicit Cursor(std::string_view s) : s_(s) {}

  bool AtEnd() const { return i_ >= s_.size(); }
  char Peek() const { return AtEnd() ? '\0' : s_[i_]; }
  std::size_t pos() const { return i_; }
  void Reset(std::size_t pos) { i_ = pos; }
  std::string_view Rest() const { return s_.substr(i_); }

  void SkipSpaces() {
    while (!AtEnd() && IsSpace(s_[i_])) ++i_;
  }
  bool Eat(char c) {
    if (Peek() != c) return false;
    ++i_;
    return true;
  }
  // Reads between min_digits and max_digits digits (no more may follow).
  bool Number(int min_digits, int max_digits, long long* value) {
    std::size_t start = i_;
    long long v = 0;
    while (!AtEnd() && IsDigit(s_[i_])) {
      if (static_cast<int>(i_ - start) >= max_digits) {
        i_ = start;
        return false;
      }
      v = v * 10 + (s_[i_] - '0');
      ++i_;
    }
    if (static_cast<int>(i_ - start) < min_digits) {
      i_ = start;
      return false;
    }
    *value = v;
    return true;
  }
  bool Number(int min_digits, int max_digits, int* value) {
    long long v = 0;
    if (!Number(min_digits, max_digits, &v)) return false;
    *value = static_cast<int>(v);
    return true;
  }
  std::string_view Word() {
    std::size_t start = i_;
    while (!AtEnd() && IsAlpha(s_[i_])) ++i_;
    return s_.substr(start, i_ - start);
  }

 private:
  std::string_view s_;
  std::size_t i_ = 0;
};

struct Civil {
  int year = 0, month = 0, day = 0;
  int hour = 0, minute = 0, second = 0;
  int offset_seconds = 0;  // local time minus UTC
};

std::string Num(long long v) { return std::to_string(v); }

// Checks the calendar date; returns an error naming the problem.
Status CheckDate(const Civil& c) {
  if (c.year < kMinYear || c.year > kMaxYear) {
    return Status::InvalidArgument("year " + Num(c.year) + " is out of range");
  }
  if (c.month < 1 || c.month > 12) {
    return Status::InvalidArgument("month " + Num(c.month) + " is out of range");
  }
  if (c.day < 1 || c.day > DaysInMonth(c.year, c.month)) {
    std::string month_name = kMonthNames[static_cast<std::size_t>(c.month - 1)];
    month_name[0] = static_cast<char>(month_name[0] - 'a' + 'A');
    return Status::InvalidArgument("day " + Num(c.day) + " does not exist in " + month_name +
                                   " " + Num(c.year));
  }
  return Status::Ok();
}

Status CheckTime(const Civil& c) {
  if (c.hour > 24 || (c.hour == 24 && (c.minute != 0 || c.second != 0))) {
    return Status::InvalidArgument("hour " + Num(c.hour) + " is out of range");
  }
  if (c.minute > 59) return Status::InvalidArgument("minute " + Num(c.minute) + " is out of range");
  // 60 allows a leap second; it rolls over into the next minute.
  if (c.second > 60) return Status::InvalidArgument("second " + Num(c.second) + " is out of range");
  return Status::Ok();
}

Result<std::int64_t> Finish(const Civil& c) {
  if (Status s = CheckDate(c); !s.ok()) return s;
  if (Status s = CheckTime(c); !s.ok()) return s;
  return CivilToSeconds(c.year, c.month, c.day, c.hour, c.minute, c.second) - c.offset_seconds;
}

// "hh:mm", "hh:mm:ss", "hh:mm:ss.fff" (fractions are dropped).
bool ParseClock(Cursor* cur, int max_hour_digits, Civil* c) {
  std::size_t start = cur->pos();
  if (!cur->Number(1, max_hour_digits, &c->hour) || !cur->Eat(':') ||
      !cur->Number(2, 2, &c->minute)) {
    cur->Reset(start);
    c->hour = c->minute = 0;
    return false;
  }
  std::size_t before_seconds = cur->pos();
  if (cur->Eat(':')) {
    if (!cur->Number(2, 2, &c->second)) {
      cur->Reset(before_seconds);
      return true;
    }
    if (cur->Peek() == '.' || cur->Peek() == ',') {
      std::size_t before_fraction = cur->pos();
      cur->Eat(cur->Peek());
      long long ignored = 0;
      if (!cur->Number(1, 9, &ignored)) cur->Reset(before_fraction);
    }
  }
  return true;
}

// "Z", "+02:00", "+0200", "+02", "UTC", "GMT", "UT", "EST", ... Returns false when the
// text at the cursor is none of them (the cursor is left where it was).
bool ParseZone(Cursor* cur, Civil* c) {
  std::size_t start = cur->pos();
  cur->SkipSpaces();
  char sign = cur->Peek();
  if (sign == '+' || sign == '-') {
    cur->Eat(sign);
    int hours = 0, minutes = 0;
    std::size_t digits_start = cur->pos();
    if (cur->Number(4, 4, &hours)) {
      minutes = hours % 100;
      hours /= 100;
    } else {
      cur->Reset(digits_start);
      if (!cur->Number(1, 2, &hours)) {
        cur->Reset(start);
        return false;
      }
      if (cur->Eat(':') && !cur->Number(2, 2, &minutes)) {
        cur->Reset(start);
        return false;
      }
    }
    if (hours > 18 || minutes > 59) {
      cur->Reset(start);
      return false;
    }
    int offset = hours * 3600 + minutes * 60;
    c->offset_seconds = sign == '-' ? -offset : offset;
    return true;
  }
  std::string_view word = cur->Word();
  std::string lower;
  for (char ch : word) lower += Lower(ch);
  struct Zone {
    const char* name;
    int hours;
  };
  static constexpr std::array<Zone, 12> kZones = {{{"z", 0},
                                                   {"ut", 0},
                                                   {"utc", 0},
                                                   {"gmt", 0},
                                                   {"est", -5},
                                                   {"edt", -4},
                                                   {"cst", -6},
                                                   {"cdt", -5},
                                                   {"mst", -7},
                                                   {"mdt", -6},
                                                   {"pst", -8},
                                                   {"pdt", -7}}};
  for (const Zone& z : kZones) {
    if (lower == z.name) {
      c->offset_seconds = z.hours * 3600;
      // "GMT+2" and "UTC-05:00"
      std::size_t after = cur->pos();
      if (cur->Peek() == '+' || cur->Peek() == '-') {
        Civil extra;
        if (ParseZone(cur, &extra)) {
          c->offset_seconds += extra.offset_seconds;
        } else {
          cur->Reset(after);
        }
      }
      return true;
    }
  }
  cur->Reset(start);
  return false;
}

// How much of its text a date parser reads.
enum class Extent {
  kWhole,   // the text is one date and nothing else (ParsePublicationDate)
  kPrefix,  // a date opens the text and the rest is left; the year has four digits
};

// A clock and zone that may follow a date that opens some text ("2023-10-16T08:30Z",
// "Oct 16, 2023 08:30 GMT"). Leaves the cursor just after the date when none follows, so
// that "Oct 16, 2023 - ..." ends at the year.
void ReadClockAfterDate(Cursor* cur, Civil* c, bool allow_t) {
  const std::size_t after_date = cur->pos();
  if (allow_t && (cur->Peek() == 'T' || cur->Peek() == 't')) {
    cur->Eat(cur->Peek());
  } else {
    cur->SkipSpaces();
    if (cur->Eat(',')) cur->SkipSpaces();
  }
  if (!ParseClock(cur, 2, c)) {
    cur->Reset(after_date);
    return;
  }
  ParseZone(cur, c);
}

// Optional clock and zone after a date, then (kWhole) the end of the text. *end is
// where the date stopped.
Result<std::int64_t> FinishWithTime(Cursor* cur, Civil* c, bool allow_t, Extent extent,
                                    std::size_t* end) {
  if (extent == Extent::kPrefix) {
    ReadClockAfterDate(cur, c, allow_t);
    *end = cur->pos();
    return Finish(*c);
  }
  if (allow_t && (cur->Peek() == 'T' || cur->Peek() == 't')) {
    cur->Eat(cur->Peek());
    if (!ParseClock(cur, 2, c)) return Status::InvalidArgument("bad time after 'T'");
  } else {
    cur->SkipSpaces();
    if (cur->Eat(',')) cur->SkipSpaces();
    ParseClock(cur, 2, c);
  }
  ParseZone(cur, c);
  cur->SkipSpaces();
  if (!cur->AtEnd()) return Status::InvalidArgument("not a date (unexpected text after it)");
  *end = cur->pos();
  return Finish(*c);
}

// Reuters "26-FEB-1987 15:01:01.79" and other "D-Mon-YYYY [time]" forms. Anything after
// the time is wire junk and ignored (kWhole); an impossible clock keeps the day at
// midnight. In a prefix, "3-for-1" is no date rather than an unknown month.
std::optional<Result<std::int64_t>> TryDayMonthYearDashed(std::string_view text, Extent extent,
                                                          std::size_t* end) {
  Cursor cur(text);
  Civil c;
  if (!cur.Number(1, 2, &c.day) || !cur.Eat('-')) return std::nullopt;
  std::string_view month_word = cur.Word();
  if (month_word.empty() || !cur.Eat('-')) return std::nullopt;
  c.month = MonthFromName(month_word);
  if (c.month == 0) {
    if (extent == Extent::kPrefix) return std::nullopt;
    return Result<std::int64_t>(
        Status::InvalidArgument("unknown month '" + std::string(month_word) + "'"));
  }
  if (!cur.Number(4, 4, &c.year)) return std::nullopt;
  if (extent == Extent::kPrefix) {
    ReadClockAfterDate(&cur, &c, /*allow_t=*/false);
    *end = cur.pos();
    return Finish(c);
  }
  *end = text.size();
  if (Status s = CheckDate(c); !s.ok()) return Result<std::int64_t>(s);
  cur.SkipSpaces();
  Civil clock;
  if (ParseClock(&cur, 3, &clock) && CheckTime(clock).ok() && clock.hour < 24) {
    c.hour = clock.hour;
    c.minute = clock.minute;
    c.second = clock.second;
  }
  return Finish(c);
}

// "2023-10-16", "2023-10-16T08:30:00Z", "2023-10-16 08:30:00+02:00", "2023/10/16".
std::optional<Result<std::int64_t>> TryIso(std::string_view text, Extent extent,
                                           std::size_t* end) {
  Cursor cur(text);
  Civil c;
  std::size_t start = cur.pos();
  if (!cur.Number(1, 6, &c.year)) return std::nullopt;
  std::size_t year_digits = cur.pos() - start;
  char sep = cur.Peek();
  if (sep != '-' && sep != '/') return std::nullopt;
  // "16-10-2023" and "1/2/2023" are ambiguous day-month orders, not ISO.
  if (year_digits < 4 || (extent == Extent::kPrefix && year_digits != 4)) return std::nullopt;
  cur.Eat(sep);
  if (!cur.Number(1, 2, &c.month) || !cur.Eat(sep) || !cur.Number(1, 2, &c.day)) {
    return std::nullopt;
  }
  return FinishWithTime(&cur, &c, /*allow_t=*/true, extent, end);
}

Result<std::int64_t> CheckEpochSeconds(std::int64_t seconds);

// "20231016", "20231016083000", 10-digit seconds and 13-digit milliseconds.
std::optional<Result<std::int64_t>> TryDigits(std::string_view text) {
  for (char ch : text) {
    if (!IsDigit(ch)) return std::nullopt;
  }
  auto digits = [&](std::size_t pos, std::size_t n) {
    int v = 0;
    for (std::size_t i = pos; i < pos + n; ++i) v = v * 10 + (text[i] - '0');
    return v;
  };
  Civil c;
  switch (text.size()) {
    case 8:
    case 12:
    case 14:
      c.year = digits(0, 4);
      c.month = digits(4, 2);
      c.day = digits(6, 2);
      if (text.size() >= 12) {
        c.hour = digits(8, 2);
        c.minute = digits(10, 2);
      }
      if (text.size() == 14) c.second = digits(12, 2);
      return Finish(c);
    case 10:
    case 13: {
      long long v = 0;
      for (char ch : text) v = v * 10 + (ch - '0');
      if (text.size() == 13) v /= 1000;
      return CheckEpochSeconds(static_cast<std::int64_t>(v));
    }
    default:
      return Result<std::int64_t>(
          Status::InvalidArgument("not a date (" + Num(static_cast<long long>(text.size())) +
                                  " digits)"));
  }
}

// RFC 2822 "Tue, 24 Nov 2026 21:40:23 +0000" and written dates: "October 16, 2023",
// "16 October 2023", "Oct. 16, 2023", "Oct 16 2023", each with an optional time and zone.
std::optional<Result<std::int64_t>> TryWords(std::string_view text, Extent extent,
                                             std::size_t* end) {
  Cursor cur(text);
  Civil c;
  std::size_t before_weekday = cur.pos();
  std::string_view first = cur.Word();
  if (!first.empty() && IsWeekdayName(first) && MonthFromName(first) == 0) {
    cur.Eat('.');
    cur.Eat(',');
    cur.SkipSpaces();
  } else {
    cur.Reset(before_weekday);
  }
  auto month_word = [&cur]() {
    std::string_view word = cur.Word();
    int month = MonthFromName(word);
    if (month != 0) cur.Eat('.');
    return month;
  };
  if (IsAlpha(cur.Peek())) {
    // Month first: "October 16, 2023".
    c.month = month_word();
    if (c.month == 0) return std::nullopt;
    cur.SkipSpaces();
    if (!cur.Number(1, 2, &c.day)) return std::nullopt;
    // "16th"
    std::size_t after_day = cur.pos();
    std::string_view suffix = cur.Word();
    if (!(suffix == "st" || suffix == "nd" || suffix == "rd" || suffix == "th")) {
      cur.Reset(after_day);
    }
    cur.Eat(',');
    cur.SkipSpaces();
  } else {
    // Day first: "16 October 2023", "24 Nov 2026".
    if (!cur.Number(1, 2, &c.day)) return std::nullopt;
    cur.SkipSpaces();
    c.month = month_word();
    if (c.month == 0) return std::nullopt;
    cur.Eat(',');
    cur.SkipSpaces();
  }
  // In a prefix "WELLINGTON, March 2 12 pct ..." must not read as the year 12.
  const int min_year_digits = extent == Extent::kPrefix ? 4 : 1;
  const int max_year_digits = extent == Extent::kPrefix ? 4 : 6;
  if (!cur.Number(min_year_digits, max_year_digits, &c.year)) return std::nullopt;
  return FinishWithTime(&cur, &c, /*allow_t=*/false, extent, end);
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  // No-break spaces (U+00A0) from web pages.
  while (s.size() >= 2 && s[0] == '\xC2' && s[1] == '\xA0') s = Trim(s.substr(2));
  while (s.size() >= 2 && s[s.size() - 2] == '\xC2' && s.back() == '\xA0') {
    s = Trim(s.substr(0, s.size() - 2));
  }
  return s;
}

struct Split {
  Ymd date;
  int hour, minute, second;
};

Split SplitSeconds(std::int64_t seconds) {
  std::int64_t days = seconds / 86400;
  std::int64_t rem = seconds % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  return {CivilFromDays(days), static_cast<int>(rem / 3600), static_cast<int>(rem / 60 % 60),
          static_cast<int>(rem % 60)};
}

Result<std::int64_t> CheckEpochSeconds(std::int64_t seconds) {
  Split t = SplitSeconds(seconds);
  if (t.date.year < kMinYear || t.date.year > kMaxYear) {
    return Status::InvalidArgument("year " + Num(t.date.year) + " is out of range");
  }
  return seconds;
}

}  // namespace

Result<std::int64_t> ParsePublicationDate(std::string_view text) {
  std::string_view s = Trim(text);
  if (s.empty()) return Status::InvalidArgument("empty date");
  std::size_t end = 0;
  if (auto r = TryDigits(s)) return *std::move(r);
  if (auto r = TryDayMonthYearDashed(s, Extent::kWhole, &end)) return *std::move(r);
  if (auto r = TryIso(s, Extent::kWhole, &end)) return *std::move(r);
  if (auto r = TryWords(s, Extent::kWhole, &end)) return *std::move(r);
  return Status::InvalidArgument("not a date");
}

namespace {

// A dateline is short: "WASHINGTON, Oct. 16, 2023 (Reuters) -" is 37 bytes, and place
// names of several words with a state or country stay well under this.
constexpr std::size_t kDatelineBytes = 120;

// Bytes of a space, tab or no-break space (U+00A0) at `i`; 0 if none. Not line ends: a
// dateline does not run onto a second line.
std::size_t BlankAt(std::string_view s, std::size_t i) {
  if (i < s.size() && (s[i] == ' ' || s[i] == '\t')) return 1;
  if (i + 1 < s.size() && s[i] == '\xC2' && s[i + 1] == '\xA0') return 2;
  return 0;
}

// Bytes of a dash at `i`: "-" (also the first of "--"), em dash, en dash; 0 if none.
std::size_t DashAt(std::string_view s, std::size_t i) {
  if (i < s.size() && s[i] == '-') return 1;
  std::string_view three = s.substr(std::min(i, s.size()), 3);
  if (three == "\xE2\x80\x94" || three == "\xE2\x80\x93") return 3;
  return 0;
}

// Bytes of a wire tag at `i`: "(Reuters)", "(AP)", "(AFP)", "(dpa)"; 0 if none.
std::size_t WireTagAt(std::string_view s, std::size_t i) {
  if (i + 1 >= s.size() || s[i] != '(' || !IsAlpha(s[i + 1])) return 0;
  constexpr std::size_t kMaxTag = 30;
  for (std::size_t j = i + 1; j < s.size() && j <= i + kMaxTag + 1; ++j) {
    char c = s[j];
    if (c == ')') return j - i + 1;
    if (!IsAlpha(c) && c != ' ' && c != '.' && c != '&' && c != '-' && c != '/') return 0;
  }
  return 0;
}

// Bytes of the UTF-8 letter at `i` if it is not ASCII: 2-byte sequences from U+00C0
// (accented Latin, Greek, Cyrillic, Hebrew, Arabic) and 3-byte ones past the punctuation
// block (U+3000 on: CJK); 0 otherwise, so dashes, quotes and no-break spaces end a word.
std::size_t NonAsciiLetterAt(std::string_view s, std::size_t i) {
  auto lead = static_cast<unsigned char>(s[i]);
  std::size_t n = (lead >= 0xC3 && lead <= 0xDF) ? 2 : (lead >= 0xE3 && lead <= 0xEF) ? 3 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
  }
  return n;
}

// Bytes of a word of a place name at `i`: "WASHINGTON", "St.", "U.S.", "WINSTON-SALEM",
// "O'HARE", "São". It starts with a capital or a non-ASCII letter; 0 if none.
std::size_t PlaceWordAt(std::string_view s, std::size_t i) {
  if (i >= s.size() || !((s[i] >= 'A' && s[i] <= 'Z') || NonAsciiLetterAt(s, i) > 0)) return 0;
  std::size_t j = i;
  while (j < s.size()) {
    if (IsAlpha(s[j]) || s[j] == '.' || s[j] == '\'') {
      ++j;
    } else if (s[j] == '-' && j + 1 < s.size() && IsAlpha(s[j + 1])) {
      ++j;  // a hyphenated name, not a dash ending the dateline
    } else if (std::size_t n = NonAsciiLetterAt(s, j)) {
      j += n;
    } else {
      break;
    }
  }
  return j - i;
}

// True when a dateline date that ends at `i` is followed by what ends a dateline: a
// dash, a wire tag, a colon or bar, the end of the line or of the text (after blanks,
// and after one comma before a dash or tag).
bool EndsDateline(std::string_view s, std::size_t i, bool after_comma = false) {
  while (std::size_t n = BlankAt(s, i)) i += n;
  if (i >= s.size()) return true;
  const char c = s[i];
  if (c == '\n' || c == '\r') return true;
  if (DashAt(s, i) > 0 || WireTagAt(s, i) > 0) return true;
  if (after_comma) return false;
  if (c == ':' || c == '|') return true;
  return c == ',' && EndsDateline(s, i + 1, /*after_comma=*/true);
}

// The date forms a dateline writes, read from the front of `text`.
std::optional<Result<std::int64_t>> DateAtFront(std::string_view text, std::size_t* end) {
  if (auto r = TryIso(text, Extent::kPrefix, end)) return r;
  if (auto r = TryDayMonthYearDashed(text, Extent::kPrefix, end)) return r;
  return TryWords(text, Extent::kPrefix, end);
}

}  // namespace

std::optional<DatelineDate> FindDatelineDate(std::string_view text) {
  std::size_t i = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") i = 3;  // a byte-order mark
  for (;;) {
    if (i < text.size() && IsSpace(text[i])) {
      ++i;
    } else if (std::size_t n = BlankAt(text, i)) {
      i += n;
    } else {
      break;
    }
  }
  const std::size_t limit = i + kDatelineBytes;
  // Walk the dateline's place words, commas and wire tag until a date or anything else.
  while (i < text.size() && i < limit) {
    if (std::size_t n = BlankAt(text, i)) {
      i += n;
    } else if (text[i] == ',') {
      ++i;
    } else if (std::size_t tag = WireTagAt(text, i)) {
      i += tag;
    } else if (std::size_t end = 0; auto date = DateAtFront(text.substr(i), &end)) {
      // A date that the dateline does not end with is part of a sentence; one that runs
      // over a line end is two cells of a table ("APL     0\n MAY  3406").
      std::string_view written = text.substr(i, end);
      if (!EndsDateline(text, i + end) || written.find_first_of("\n\r") != std::string_view::npos) {
        return std::nullopt;
      }
      return DatelineDate{written, *std::move(date)};
    } else if (std::size_t word = PlaceWordAt(text, i)) {
      i += word;
    } else {
      return std::nullopt;  // a line end, a dash, a lower-case word, a number: no date
    }
  }
  return std::nullopt;
}

std::int64_t CivilToSeconds(int year, int month, int day, int hour, int minute, int second) {
  return DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 86400 +
         std::int64_t{hour} * 3600 + std::int64_t{minute} * 60 + second;
}

bool IsValidCivilDate(int year, int month, int day) {
  if (year < kMinYear || year > kMaxYear || month < 1 || month > 12 || day < 1) return false;
  return day <= DaysInMonth(year, month);
}

namespace {

// `format` takes year, month, day, hour, minute, second, in that order.
std::string FormatCivil(std::int64_t seconds, const char* format) {
  Split t = SplitSeconds(seconds);
  char buf[48];
  std::snprintf(buf, sizeof buf, format, static_cast<long long>(t.date.year), t.date.month,
                t.date.day, t.hour, t.minute, t.second);
  return buf;
}

}  // namespace

std::string FormatIso8601(std::int64_t seconds) {
  return FormatCivil(seconds, "%04lld-%02u-%02uT%02d:%02d:%02dZ");
}

std::string FormatSortable(std::int64_t seconds) {
  return FormatCivil(seconds, "%04lld%02u%02u%02d%02d%02d");
}

std::optional<std::int64_t> ParseSortable(std::string_view value) {
  if (value.size() != 14) return std::nullopt;
  unsigned digit[14];
  for (std::size_t i = 0; i < 14; ++i) {
    digit[i] = static_cast<unsigned>(static_cast<unsigned char>(value[i])) - '0';
    if (digit[i] > 9) return std::nullopt;  // also catches bytes below '0' (wrapped)
  }
  const auto two = [&digit](std::size_t at) { return digit[at] * 10 + digit[at + 1]; };
  const unsigned year = two(0) * 100 + two(2);
  const unsigned month = two(4), day = two(6);
  const unsigned hour = two(8), minute = two(10), second = two(12);
  if (month < 1 || month > 12 || day < 1 ||
      day > static_cast<unsigned>(DaysInMonth(year, static_cast<int>(month))) ||
      hour > 23 || minute > 59 || second > 59) {
    return std::nullopt;
  }
  return DaysFromCivil(year, month, day) * 86400 +
         static_cast<std::int64_t>(hour * 3600 + minute * 60 + second);
}

}  // namespace newsdex::text
