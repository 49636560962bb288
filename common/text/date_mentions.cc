#include "common/text/date_mentions.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "common/text/civil_date.h"
#include "common/text/date_tokens.h"
#include "common/text/publication_date.h"

namespace newsdex::text {
namespace {

using internal::DateToken;
using Kind = DateToken::Kind;

// A mention before its year is known (year 0 when the text did not write it).
struct Draft {
  bool is_range() const { return first != last; }
  CivilDate first, last;
  DatePrecision precision = DatePrecision::kDay;
  DateCue cue = DateCue::kWritten;
  std::size_t begin = 0, end = 0;  // tokens [begin, end) of its piece of text
  std::size_t begin_byte = 0, end_byte = 0;
};

// Texts are tokenised and matched in pieces of at most this many bytes, cut at a line
// end, else at a space.
constexpr std::size_t kPieceBytes = 64 * 1024;

bool OneOf(std::string_view w, std::initializer_list<std::string_view> list) {
  return std::find(list.begin(), list.end(), w) != list.end();
}

// Words that make the number before them a quantity, not a year ("2000 shares").
bool IsUnitWord(std::string_view w) {
  return OneOf(w, {"tonnes", "tonne", "tons", "ton", "shares", "share", "dlrs", "dollars",
                   "barrels", "bpd", "mln", "million", "billion", "bln", "metres", "meters",
                   "miles", "km", "kilometres", "feet", "people", "troops", "workers", "jobs",
                   "points", "pct", "percent", "acres", "hectares", "units", "cars", "employees",
                   "members", "copies", "votes", "seats", "homes", "cases", "deaths", "yen",
                   "marks", "francs", "pounds", "stg", "lire", "ounces", "bushels", "bales",
                   "hours", "minutes", "seconds", "degrees", "yards", "words", "pages", "kg",
                   "lbs", "euros", "rupees", "pesos", "runs", "goals", "students", "calories",
                   "times", "households", "vehicles", "items", "patients", "passengers",
                   "gmt", "utc", "est", "edt", "bst", "cet", "hrs"});
}

// Words before a bare month or year that make it a date: "in May", "since 1987".
bool IsDateCue(std::string_view w) {
  return OneOf(w, {"in", "since", "by", "until", "till", "during", "from", "through", "before",
                   "after", "early", "late", "mid", "fiscal", "spring", "summer", "autumn", "fall",
                   "winter", "between", "throughout", "around", "circa", "year"});
}

// Words before "of" that make "of May" / "of 1987" a date: "the end of 1987".
bool IsOfCue(std::string_view w) {
  return OneOf(w, {"end", "half", "quarter", "start", "beginning", "middle", "spring", "summer",
                   "autumn", "fall", "winter", "rest", "part", "course", "months", "weeks"});
}

class Matcher {
 public:
  Matcher(const std::vector<DateToken>& tokens, std::optional<std::int64_t> reference_day)
      : t_(tokens), ref_(reference_day) {}

  // Tries every pattern at token i. On a match appends the mention(s) and returns the
  // token after them; otherwise returns i + 1.
  std::size_t MatchAt(std::size_t i, std::vector<Draft>* out) {
    std::size_t next = 0;
    if (t_[i].kind == Kind::kNumber) {
      next = MatchNumeric(i, out);
      if (next == 0) next = MatchYear(i, out);
      if (next == 0) next = MatchDayFirst(i, out);
      if (next == 0) next = MatchAgo(i, out);
    } else if (t_[i].kind == Kind::kWord) {
      if (t_[i].capitalized && internal::MonthOfWord(t_[i].lower) != 0) next = MatchMonthFirst(i, out);
      if (next == 0) next = MatchRelative(i, out);
      if (next == 0) next = MatchAgo(i, out);
    }
    return next > i ? next : i + 1;
  }

 private:
  // --- token predicates ---------------------------------------------------------------

  bool Has(std::size_t i) const { return i < t_.size(); }
  bool Word(std::size_t i, std::string_view w) const {
    return Has(i) && t_[i].kind == Kind::kWord && t_[i].lower == w;
  }
  bool Punct(std::size_t i, std::string_view p) const {
    return Has(i) && t_[i].kind == Kind::kPunct && t_[i].lower == p;
  }
  // Token i touches the one before it (no space): "1986/87", "mid-October".
  bool Glued(std::size_t i) const { return Has(i) && !t_[i].space_before; }
  std::string_view WordBefore(std::size_t i) const {
    return i > 0 && t_[i - 1].kind == Kind::kWord ? std::string_view(t_[i - 1].lower) : "";
  }
  bool PlainNumber(std::size_t i) const {
    return Has(i) && t_[i].kind == Kind::kNumber && !t_[i].grouped && !t_[i].decimal &&
           !t_[i].plural;
  }

  // 1..31 written as a day ("16", "16th"); 0 otherwise.
  int Day(std::size_t i) const {
    if (!PlainNumber(i) || t_[i].digits > 2 || t_[i].value < 1 || t_[i].value > 31) return 0;
    if (Punct(i + 1, ":") && Glued(i + 1)) return 0;  // a time: 20:22
    if (Has(i + 1) && t_[i + 1].kind == Kind::kWord && IsUnitWord(t_[i + 1].lower)) return 0;
    return static_cast<int>(t_[i].value);
  }

  // A year at token i ("2023", or "2023" run into a time: "202307:00"); 0 otherwise.
  int Year(std::size_t i) const {
    if (!PlainNumber(i) || t_[i].ordinal) return 0;
    std::int64_t v = t_[i].value;
    if (t_[i].digits == 6 && Punct(i + 1, ":") && Glued(i + 1)) {
      if (v % 100 > 23) return 0;
      v /= 100;
    } else if (t_[i].digits != 4) {
      return 0;
    }
    if (v < kMinYear || v > kMaxYear) return 0;
    if (i > 0 && Glued(i) && t_[i - 1].kind == Kind::kPunct &&
        OneOf(t_[i - 1].lower, {"$", "#", "\xC2\xA3", "\xE2\x82\xAC"})) {
      return 0;  // money or a number: $2023, #1999
    }
    if (Has(i + 1) && t_[i + 1].kind == Kind::kWord && IsUnitWord(t_[i + 1].lower)) return 0;
    return static_cast<int>(v);
  }

  // A month name at token i, capitalised ("Oct", "Oct.", "October"); sets *next past it.
  int Month(std::size_t i, std::size_t* next) const {
    if (!Has(i) || t_[i].kind != Kind::kWord || !t_[i].capitalized) return 0;
    const int m = internal::MonthOfWord(t_[i].lower);
    if (m == 0) return 0;
    // A futures contract code ("MAY7", "DEC8") or any other word run into a number.
    if (Has(i + 1) && Glued(i + 1) && t_[i + 1].kind == Kind::kNumber) return 0;
    if (i > 0 && Glued(i) && t_[i - 1].kind == Kind::kNumber) return 0;
    *next = i + 1;
    if (t_[i].lower.size() <= 4 && Punct(i + 1, ".") && Glued(i + 1)) *next = i + 2;
    return m;
  }

  // A connector of two ends of a range at token i: "to", "-", "through", "until"; "and"
  // only after "between". Sets *next past it.
  bool RangeWord(std::size_t i, bool after_between, std::size_t* next) const {
    if (Punct(i, "-") || Word(i, "to") || Word(i, "through") || Word(i, "until") ||
        Word(i, "till") || Word(i, "thru") || (after_between && Word(i, "and"))) {
      *next = i + 1;
      return true;
    }
    return false;
  }

  // An optional comma, then a year: ", 2023" or " 2023". Sets *next past the year.
  int YearAfter(std::size_t i, std::size_t* next) const {
    if (Punct(i, ",")) ++i;
    const int y = Year(i);
    if (y != 0) *next = i + 1;
    return y;
  }

  bool FollowsBetween(std::size_t i) const {
    return WordBefore(i) == "between" || (i > 1 && WordBefore(i - 1) == "between");
  }

  // --- patterns --------------------------------------------------------------------------

  static Draft MakeDay(int y, int m, int d, DateCue cue) {
    Draft draft;
    draft.first = draft.last = CivilDate{y, m, d};
    draft.precision = DatePrecision::kDay;
    draft.cue = y == 0 ? DateCue::kYearless : cue;
    return draft;
  }

  std::size_t Emit(Draft draft, std::size_t begin, std::size_t end, std::vector<Draft>* out) {
    draft.begin = begin;
    draft.end = end;
    out->push_back(draft);
    return end;
  }

  // 2023-10-16, 2023/10/16, and 10/16/2023 when only one reading is a date.
  std::size_t MatchNumeric(std::size_t i, std::vector<Draft>* out) {
    if (!PlainNumber(i) || !Has(i + 4) || t_[i].ordinal) return 0;
    const std::string& sep = t_[i + 1].lower;
    if (t_[i + 1].kind != Kind::kPunct || (sep != "-" && sep != "/") || !Punct(i + 3, sep)) return 0;
    for (std::size_t k = i + 1; k <= i + 4; ++k) {
      if (!Glued(k)) return 0;
    }
    if (!PlainNumber(i + 2) || !PlainNumber(i + 4)) return 0;
    if (Glued(i + 5) && (Punct(i + 5, sep) || t_[i + 5].kind == Kind::kNumber)) return 0;
    const DateToken &a = t_[i], &b = t_[i + 2], &c = t_[i + 4];
    int y = 0, m = 0, d = 0;
    if (a.digits == 4 && b.digits <= 2 && c.digits <= 2) {
      y = static_cast<int>(a.value), m = static_cast<int>(b.value), d = static_cast<int>(c.value);
    } else if (sep == "/" && a.digits <= 2 && b.digits <= 2 && c.digits == 4) {
      y = static_cast<int>(c.value);
      if (a.value <= 12 && b.value > 12) {
        m = static_cast<int>(a.value), d = static_cast<int>(b.value);
      } else if (a.value > 12 && b.value <= 12) {
        d = static_cast<int>(a.value), m = static_cast<int>(b.value);
      } else if (a.value == b.value) {
        m = d = static_cast<int>(a.value);
      } else {
        return 0;  // 05/06/2023: May or June?
      }
    } else {
      return 0;
    }
    if (!IsValidCivilDate(y, m, d)) return 0;
    return Emit(MakeDay(y, m, d, DateCue::kWritten), i, i + 5, out);
  }

  // Years: "1986/87", "2019-2023", "the 1990s", "between 2019 and 2023", "in 1987".
  std::size_t MatchYear(std::size_t i, std::vector<Draft>* out) {
    if (Has(i) && t_[i].plural && t_[i].digits == 4 && !t_[i].grouped && !t_[i].decimal &&
        t_[i].value % 10 == 0 && t_[i].value >= kMinYear && t_[i].value + 9 <= kMaxYear) {
      const int y = static_cast<int>(t_[i].value);
      return Emit(YearRange(y, y + 9), i, i + 1, out);
    }
    const int y = Year(i);
    if (y == 0) return 0;
    // A span glued with / or -: 1986/87, 1986-87, 2019-2023.
    if ((Punct(i + 1, "/") || Punct(i + 1, "-")) && Glued(i + 1) && Glued(i + 2) && PlainNumber(i + 2)) {
      const DateToken& b = t_[i + 2];
      int y2 = 0;
      if (b.digits == 2 && b.value == (y + 1) % 100) y2 = y + 1;
      if (b.digits == 4 && b.value > y && b.value - y <= 50) y2 = static_cast<int>(b.value);
      if (y2 != 0 && Year(i + 2) == 0 && b.digits == 4) y2 = 0;  // "2019-2020 tonnes"
      if (y2 != 0) return Emit(YearRange(y, y2), i, i + 3, out);
    }
    const std::string_view cue = WordBefore(i);
    // "between 2019 and 2023", "from 2019 to 2023".
    if (cue == "between" || cue == "from") {
      std::size_t j = 0;
      if (RangeWord(i + 1, cue == "between", &j)) {
        const int y2 = Year(j);
        if (y2 > y && y2 - y <= 100) return Emit(YearRange(y, y2), i, j + 1, out);
      }
    }
    bool cued = IsDateCue(cue) || (cue == "of" && i > 1 && IsOfCue(WordBefore(i - 1)));
    if (!cued && i > 1 && Punct(i - 1, "-") && Glued(i) && (WordBefore(i - 1) == "mid")) cued = true;
    if (!cued) return 0;
    Draft draft = YearRange(y, y);
    return Emit(draft, i, i + 1, out);
  }

  static Draft YearRange(int first, int last) {
    Draft draft;
    draft.first = CivilDate{first, 0, 0};
    draft.last = CivilDate{last, 0, 0};
    draft.precision = DatePrecision::kYear;
    draft.cue = DateCue::kYear;
    return draft;
  }

  // Day first: "16 October 2023", "16th of October", "20-22 March", "20 March to 2 April".
  std::size_t MatchDayFirst(std::size_t i, std::vector<Draft>* out) {
    const int d = Day(i);
    if (d == 0) return 0;
    std::size_t j = i + 1;
    int d2 = 0;
    const bool between = FollowsBetween(i);
    std::size_t k = 0;
    if (RangeWord(j, between, &k) && Day(k) != 0) {
      d2 = Day(k);
      j = k + 1;
    }
    if (Word(j, "of")) ++j;
    std::size_t after_month = 0;
    const int m = Month(j, &after_month);
    if (m == 0) return 0;
    j = after_month;
    // A second day and month: "20 March to 2 April".
    int m2 = m;
    if (d2 == 0 && RangeWord(j, between, &k) && Day(k) != 0) {
      std::size_t after = 0;
      const int month2 = Month(k + 1, &after);
      if (month2 != 0) {
        d2 = Day(k);
        m2 = month2;
        j = after;
      }
    }
    std::size_t after_year = 0;
    const int y = YearAfter(j, &after_year);
    if (y != 0) j = after_year;
    return Emit(DayRange(y, m, d, m2, d2 == 0 ? d : d2), i, j, out);
  }

  // A day range within one year (or across a new year when the end month is earlier).
  static Draft DayRange(int y, int m, int d, int m2, int d2) {
    Draft draft = MakeDay(y, m, d, DateCue::kWritten);
    draft.last = CivilDate{y, m2, d2};
    if (y != 0 && draft.last < draft.first) draft.last.year = y + 1;
    return draft;
  }

  // Month first: "October 16, 2023", "March 20 to 22, 2023", "March 30 to April 2",
  // "October 2023", "March-May 2023", "mid-October", "last March".
  std::size_t MatchMonthFirst(std::size_t i, std::vector<Draft>* out) {
    std::size_t j = 0;
    const int m = Month(i, &j);
    if (m == 0) return 0;
    const bool between = FollowsBetween(i);
    const int d = Day(j);
    if (d != 0 && !(Has(j + 1) && t_[j + 1].kind == Kind::kWord && Word(j + 1, "of"))) {
      std::size_t end = j + 1;
      int m2 = m, d2 = d;
      std::size_t k = 0;
      if (RangeWord(end, between, &k)) {
        std::size_t after = 0;
        const int month2 = Month(k, &after);
        if (month2 != 0 && Day(after) != 0) {
          m2 = month2, d2 = Day(after), end = after + 1;
        } else if (Day(k) != 0 && Day(k) > d) {
          d2 = Day(k), end = k + 1;
        }
      }
      std::size_t after_year = 0;
      const int y = YearAfter(end, &after_year);
      if (y != 0) end = after_year;
      return Emit(DayRange(y, m, d, m2, d2), i, end, out);
    }
    // Month and year, or a month range and year: "October 2023", "March-May 2023".
    int m2 = m;
    std::size_t end = j, k = 0, after = 0;
    const bool slash = Punct(end, "/") && Glued(end) && Glued(end + 1);  // January/March
    if ((slash || RangeWord(end, between || WordBefore(i) == "from", &k)) &&
        Month(slash ? end + 1 : k, &after) != 0) {
      k = slash ? end + 1 : k;
      m2 = Month(k, &after);
      end = after;
    }
    std::size_t after_year = 0;
    const int y = YearAfter(end, &after_year);
    if (y != 0) {
      Draft draft = MonthRange(y, m, y, m2);
      if (m2 < m) draft.last.year = y, draft.first.year = y - 1;
      draft.cue = DateCue::kWritten;
      return Emit(draft, i, after_year, out);
    }
    // A bare month needs a cue; abbreviations never stand alone.
    if (t_[i].lower.size() <= 4 && t_[i].lower != "may" && t_[i].lower != "june" &&
        t_[i].lower != "july") {
      return 0;
    }
    return MatchCuedMonth(i, m, m2, end, out);
  }

  // "in May", "mid-October", "the end of June", "last March", "from March to May".
  std::size_t MatchCuedMonth(std::size_t i, int m, int m2, std::size_t end,
                             std::vector<Draft>* out) {
    std::string_view cue = WordBefore(i);
    if (cue.empty() && i > 1 && Punct(i - 1, "-") && Glued(i)) cue = WordBefore(i - 1);  // mid-
    const bool of_cue = cue == "of" && i > 1 && IsOfCue(WordBefore(i - 1));
    if (cue == "last" || cue == "next" || cue == "this") {
      if (!ref_) return 0;
      const Ymd r = CivilFromDays(*ref_);
      int y = static_cast<int>(r.year);
      const int rm = static_cast<int>(r.month);
      if (cue == "last" && m >= rm) --y;
      if (cue == "next" && m <= rm) ++y;
      Draft draft = MonthRange(y, m, y, m);
      draft.cue = DateCue::kRelative;
      return Emit(draft, i, i + 1, out);
    }
    if (!IsDateCue(cue) && !of_cue) return 0;
    Draft draft = MonthRange(0, m, 0, m2);
    draft.cue = DateCue::kYearless;
    return Emit(draft, i, end, out);
  }

  static Draft MonthRange(int y, int m, int y2, int m2) {
    Draft draft;
    draft.first = CivilDate{y, m, 0};
    draft.last = CivilDate{y2, m2, 0};
    draft.precision = DatePrecision::kMonth;
    return draft;
  }

  // --- relative dates --------------------------------------------------------------------

  Draft RelativeDays(std::int64_t first, std::int64_t last) const {
    const Ymd a = CivilFromDays(first), b = CivilFromDays(last);
    Draft draft;
    draft.first = CivilDate{static_cast<int>(a.year), static_cast<int>(a.month), static_cast<int>(a.day)};
    draft.last = CivilDate{static_cast<int>(b.year), static_cast<int>(b.month), static_cast<int>(b.day)};
    draft.precision = DatePrecision::kDay;
    draft.cue = DateCue::kRelative;
    return draft;
  }

  // The Monday..Sunday of the week holding `day`.
  Draft Week(std::int64_t day) const {
    const std::int64_t monday = day - WeekdayOfDays(day);
    return RelativeDays(monday, monday + 6);
  }

  Draft RelativeMonth(int months_after) const {
    const Ymd r = CivilFromDays(*ref_);
    const std::int64_t index = r.year * 12 + (r.month - 1) + months_after;
    const int y = static_cast<int>(index / 12), m = static_cast<int>(index % 12) + 1;
    Draft draft = MonthRange(y, m, y, m);
    draft.cue = DateCue::kRelative;
    return draft;
  }

  Draft RelativeYear(int years_after) const {
    const int y = static_cast<int>(CivilFromDays(*ref_).year) + years_after;
    Draft draft = YearRange(y, y);
    draft.cue = DateCue::kRelative;
    return draft;
  }

  // "today", "yesterday", "this morning", "last week", "next month", "this year",
  // "on Wednesday", "last Friday".
  std::size_t MatchRelative(std::size_t i, std::vector<Draft>* out) {
    if (!ref_) return 0;
    const std::string& w = t_[i].lower;
    const std::int64_t r = *ref_;
    if (w == "today" || w == "tonight") return Emit(RelativeDays(r, r), i, i + 1, out);
    if (w == "yesterday") return Emit(RelativeDays(r - 1, r - 1), i, i + 1, out);
    if (w == "tomorrow") return Emit(RelativeDays(r + 1, r + 1), i, i + 1, out);
    if (w == "last" || w == "next" || w == "this") {
      const int step = w == "last" ? -1 : w == "next" ? 1 : 0;
      if (Word(i + 1, "week")) return Emit(Week(r + 7 * step), i, i + 2, out);
      if (Word(i + 1, "month")) return Emit(RelativeMonth(step), i, i + 2, out);
      if (Word(i + 1, "year")) return Emit(RelativeYear(step), i, i + 2, out);
      if (step == 0 && (Word(i + 1, "morning") || Word(i + 1, "afternoon") ||
                        Word(i + 1, "evening"))) {
        return Emit(RelativeDays(r, r), i, i + 2, out);
      }
      return 0;
    }
    const int weekday = internal::WeekdayOfWord(w);
    if (weekday < 0 || !t_[i].capitalized) return 0;
    // "Monday, October 16, 2023": the weekday belongs to the date after it.
    std::size_t j = Punct(i + 1, ",") ? i + 2 : i + 1;
    if (Has(j) && (Day(j) != 0 || (t_[j].kind == Kind::kWord && internal::MonthOfWord(t_[j].lower) != 0))) {
      return 0;
    }
    const std::string_view before = WordBefore(i);
    const int back = static_cast<int>((WeekdayOfDays(r) - weekday + 7) % 7);  // days since
    std::int64_t day = r - back;
    if (before == "last") {
      if (back == 0) day -= 7;
    } else if (before == "next") {
      day = r + ((weekday - WeekdayOfDays(r) + 7) % 7);
      if (day == r) day += 7;
    } else if (SpeaksOfFuture(i)) {
      day = r + ((weekday - WeekdayOfDays(r) + 7) % 7);
    }
    return Emit(RelativeDays(day, day), i, i + 1, out);
  }

  // "two days ago", "3 weeks ago", "a year ago".
  std::size_t MatchAgo(std::size_t i, std::vector<Draft>* out) {
    if (!ref_ || !Has(i + 2) || !Word(i + 2, "ago")) return 0;
    int n = 0;
    if (t_[i].kind == Kind::kWord) n = internal::SmallNumberOfWord(t_[i].lower);
    else if (PlainNumber(i) && !t_[i].ordinal && t_[i].value <= 1000) n = static_cast<int>(t_[i].value);
    if (n == 0) return 0;
    const std::string& unit = t_[i + 1].lower;
    const std::int64_t r = *ref_;
    if (unit == "day" || unit == "days") return Emit(RelativeDays(r - n, r - n), i, i + 3, out);
    if (unit == "week" || unit == "weeks") return Emit(Week(r - 7 * std::int64_t{n}), i, i + 3, out);
    if (unit == "month" || unit == "months") return Emit(RelativeMonth(-n), i, i + 3, out);
    if (unit == "year" || unit == "years") return Emit(RelativeYear(-n), i, i + 3, out);
    return 0;
  }

  // True when the sentence holding token i speaks of the future: "will", "is due to",
  // "next", "scheduled", "plans to".
  bool SpeaksOfFuture(std::size_t i) const {
    std::size_t begin = i;
    while (begin > 0 && !t_[begin - 1].sentence_end) --begin;
    std::size_t end = i;
    while (end < t_.size() && !t_[end].sentence_end) ++end;
    for (std::size_t k = begin; k < end; ++k) {
      if (t_[k].kind != Kind::kWord) continue;
      const std::string& w = t_[k].lower;
      if (OneOf(w, {"will", "shall", "due", "scheduled", "next", "upcoming"})) return true;
      if ((w == "plans" || w == "plan") && Word(k + 1, "to")) return true;
      if (w == "ll" && k > 0 && Punct(k - 1, "'")) return true;
      if (w == "expected" && k > 0 && (WordBefore(k) == "is" || WordBefore(k) == "are")) return true;
    }
    return false;
  }

  const std::vector<DateToken>& t_;
  std::optional<std::int64_t> ref_;  // days since the epoch of the publication date
};

// Joins two written dates of the same precision separated only by a range word into
// one range: "December 28, 2022 to January 3, 2023", "between April 2017 and May 2022".
void JoinRanges(const std::vector<DateToken>& t, std::vector<Draft>* drafts) {
  std::vector<Draft> joined;
  for (const Draft& d : *drafts) {
    if (!joined.empty()) {
      Draft& prev = joined.back();
      const bool between = prev.begin > 0 && t[prev.begin - 1].lower == "between";
      const bool adjacent = d.begin == prev.end + 1 && t[prev.end].kind != Kind::kNumber &&
                            (OneOf(t[prev.end].lower, {"to", "-", "until", "through", "till"}) ||
                             (between && t[prev.end].lower == "and"));
      if (adjacent && prev.cue == DateCue::kWritten && d.cue == DateCue::kWritten &&
          prev.precision == d.precision && !prev.is_range() && !d.is_range() &&
          prev.first < d.first) {
        prev.last = d.first;
        prev.end = d.end;
        continue;
      }
    }
    joined.push_back(d);
  }
  *drafts = std::move(joined);
}

// The year nearest the reference day for a month-day (or month, day 0) without year.
int NearestYear(const CivilDate& d, std::int64_t reference_day) {
  const Ymd r = CivilFromDays(reference_day);
  int best = static_cast<int>(r.year);
  std::int64_t best_distance = -1;
  for (int y = static_cast<int>(r.year) - 1; y <= r.year + 1; ++y) {
    if (d.day != 0 && d.day > DaysInMonth(y, d.month)) continue;
    const std::int64_t days = DaysFromCivil(y, static_cast<unsigned>(d.month),
                                            static_cast<unsigned>(d.day == 0 ? 15 : d.day));
    const std::int64_t distance = std::llabs(days - reference_day);
    if (best_distance < 0 || distance < best_distance) best = y, best_distance = distance;
  }
  return best;
}

// Gives year-less drafts their year: from the reference day, or else from the nearest
// written date before (else after) them. Drafts that get no year are dropped.
void ResolveYears(std::optional<std::int64_t> reference_day, std::vector<Draft>* drafts) {
  std::vector<Draft> kept;
  for (std::size_t i = 0; i < drafts->size(); ++i) {
    Draft d = (*drafts)[i];
    if (d.first.year == 0) {
      int y = 0;
      if (reference_day) {
        y = NearestYear(d.first, *reference_day);
      } else {
        for (std::size_t k = i; k-- > 0 && y == 0;) {
          if ((*drafts)[k].cue == DateCue::kWritten) y = (*drafts)[k].last.year;
        }
        for (std::size_t k = i + 1; k < drafts->size() && y == 0; ++k) {
          if ((*drafts)[k].cue == DateCue::kWritten) y = (*drafts)[k].first.year;
        }
      }
      if (y == 0) continue;
      const bool wraps = d.last < CivilDate{0, d.first.month, d.first.day};
      d.first.year = y;
      d.last.year = wraps ? y + 1 : y;
    }
    if (d.precision == DatePrecision::kDay &&
        (!IsValidCivilDate(d.first.year, d.first.month, d.first.day) ||
         !IsValidCivilDate(d.last.year, d.last.month, d.last.day))) {
      continue;
    }
    if (d.first.year < kMinYear || d.last.year > kMaxYear || d.last < d.first) continue;
    kept.push_back(d);
  }
  *drafts = std::move(kept);
}

// Where to end the piece of text that starts at `start` and may reach `limit`: after the
// last line end, else after the last full stop followed by a capital ("... 2023. The"),
// else after the last space; `limit` when there is none.
std::size_t PieceEnd(std::string_view text, std::size_t start, std::size_t limit) {
  const std::string_view piece = text.substr(start, limit - start);
  std::size_t cut = piece.rfind('\n');
  for (std::size_t i = piece.size(); cut == std::string_view::npos && i >= 3; --i) {
    if (piece[i - 3] == '.' && piece[i - 2] == ' ' && piece[i - 1] >= 'A' && piece[i - 1] <= 'Z') {
      cut = i - 2;
    }
  }
  if (cut == std::string_view::npos) cut = piece.rfind(' ');
  if (cut == std::string_view::npos || cut == 0) return limit;
  std::size_t end = start + cut + 1;
  while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
  return end;
}

}  // namespace

std::string FormatCivilDate(const CivilDate& date, DatePrecision precision) {
  char buf[24];
  switch (precision) {
    case DatePrecision::kYear: std::snprintf(buf, sizeof buf, "%04d", date.year); break;
    case DatePrecision::kMonth:
      std::snprintf(buf, sizeof buf, "%04d-%02d", date.year, date.month);
      break;
    case DatePrecision::kDay:
      std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", date.year, date.month, date.day);
      break;
  }
  return buf;
}

std::string DateMention::Key() const {
  std::string key = FormatCivilDate(first, precision);
  if (is_range()) key += ".." + FormatCivilDate(last, precision);
  return key;
}

void DateMentionExtractor::Extract(std::string_view text, const DateContext& context,
                                   std::vector<DateMention>* out) const {
  std::optional<std::int64_t> reference_day;
  if (context.published) reference_day = DaysOfSeconds(*context.published);
  // Long texts are matched a piece at a time, cut between words, so that the tokens
  // held at once stay small; years are resolved over the whole text.
  std::vector<internal::DateToken> tokens;
  std::vector<Draft> drafts, piece_drafts;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = std::min(text.size(), start + kPieceBytes);
    if (end < text.size()) end = PieceEnd(text, start, end);
    internal::TokenizeForDates(text.substr(start, end - start), &tokens);
    Matcher matcher(tokens, reference_day);
    piece_drafts.clear();
    for (std::size_t i = 0; i < tokens.size();) i = matcher.MatchAt(i, &piece_drafts);
    JoinRanges(tokens, &piece_drafts);
    for (Draft d : piece_drafts) {
      d.begin_byte = start + tokens[d.begin].begin;
      d.end_byte = start + tokens[d.end - 1].end;
      drafts.push_back(d);
    }
    start = end;
  }
  ResolveYears(reference_day, &drafts);
  for (const Draft& d : drafts) {
    DateMention m;
    m.first = d.first;
    m.last = d.last;
    m.precision = d.precision;
    m.cue = d.cue;
    m.begin = d.begin_byte;
    m.end = d.end_byte;
    out->push_back(m);
  }
}

}  // namespace newsdex::text
