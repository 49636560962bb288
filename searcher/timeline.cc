#include "searcher/timeline.h"

#include <chrono>
#include <cstdio>
#include <map>
#include <vector>

#include "common/schema/schema.h"
#include "common/text/civil_date.h"

namespace newsdex {

std::string_view TimelinePeriodName(TimelinePeriod by) {
  switch (by) {
    case TimelinePeriod::kDay: return "day";
    case TimelinePeriod::kWeek: return "week";
    case TimelinePeriod::kMonth: return "month";
    case TimelinePeriod::kYear: return "year";
  }
  return "month";
}

Result<TimelinePeriod> ParseTimelinePeriod(std::string_view name) {
  for (TimelinePeriod by : {TimelinePeriod::kDay, TimelinePeriod::kWeek, TimelinePeriod::kMonth,
                            TimelinePeriod::kYear}) {
    if (name == TimelinePeriodName(by)) return by;
  }
  return Status::InvalidArgument("period must be day, week, month or year, not '" +
                                 std::string(name) + "'");
}

namespace search {
namespace {

bool ParseDigits(std::string_view s, int* out) {
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *out = v;
  return !s.empty();
}

// Monday of ISO week 1 of `iso_year`: the week holding 4 January.
std::int64_t IsoWeekOneMonday(std::int64_t iso_year) {
  const std::int64_t jan4 = text::DaysFromCivil(iso_year, 1, 4);
  return jan4 - text::WeekdayOfDays(jan4);
}

// Counts, per period, the documents whose slot value falls in it (each document once
// per period).
class TimelineSpy : public Xapian::MatchSpy {
 public:
  TimelineSpy(unsigned slot, TimelinePeriod by, bool list) : slot_(slot), by_(by), list_(list) {}

  void operator()(const Xapian::Document& doc, double /*weight*/) override {
    ++seen_;
    const std::string value = doc.get_value(slot_);
    periods_.clear();
    if (list_) {
      std::size_t start = 0;
      while (start < value.size()) {
        std::size_t end = value.find(kFacetSeparator, start);
        if (end == std::string::npos) end = value.size();
        AddPeriod(std::string_view(value).substr(start, end - start));
        start = end + 1;
      }
    } else {
      AddPeriod(value);
    }
    if (periods_.empty()) ++undated_;
    for (std::int64_t p : periods_) ++counts_[p];
  }
  std::string name() const override { return "newsdex.TimelineSpy"; }

  const std::map<std::int64_t, std::uint64_t>& counts() const { return counts_; }
  std::uint64_t seen() const { return seen_; }
  std::uint64_t undated() const { return undated_; }

 private:
  void AddPeriod(std::string_view date) {
    std::optional<std::int64_t> p = PeriodOf(date, by_);
    if (!p) return;
    for (std::int64_t q : periods_) {
      if (q == *p) return;
    }
    periods_.push_back(*p);
  }

  unsigned slot_;
  TimelinePeriod by_;
  bool list_;
  std::uint64_t seen_ = 0, undated_ = 0;
  std::vector<std::int64_t> periods_;
  std::map<std::int64_t, std::uint64_t> counts_;
};

// Runs `query` over every match with `spy` attached; returns the number of matches.
Xapian::doccount CountWith(const Xapian::Database& db, const Xapian::Query& query,
                           Xapian::MatchSpy* spy) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  enquire.add_matchspy(spy);
  Xapian::MSet mset = enquire.get_mset(0, 0, db.get_doccount());
  return mset.get_matches_estimated();
}

}  // namespace

std::optional<std::int64_t> PeriodOf(std::string_view slot_date, TimelinePeriod by) {
  int year = 0, month = 0, day = 0;
  if (slot_date.size() < 4 || !ParseDigits(slot_date.substr(0, 4), &year)) return std::nullopt;
  if (by == TimelinePeriod::kYear) return year;
  if (slot_date.size() < 6 || !ParseDigits(slot_date.substr(4, 2), &month) || month < 1 ||
      month > 12) {
    return std::nullopt;
  }
  if (by == TimelinePeriod::kMonth) return std::int64_t{year} * 12 + (month - 1);
  if (slot_date.size() < 8 || !ParseDigits(slot_date.substr(6, 2), &day) || day < 1 ||
      day > text::DaysInMonth(year, month)) {
    return std::nullopt;
  }
  const std::int64_t days =
      text::DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  if (by == TimelinePeriod::kDay) return days;
  // Weeks are numbered by their Monday: (days of Monday) / 7 is exact and consecutive.
  const std::int64_t monday = days - text::WeekdayOfDays(days);
  return (monday - 4) / 7;  // 1970-01-05 was a Monday
}

std::int64_t PeriodStart(std::int64_t period, TimelinePeriod by) {
  std::int64_t days = 0;
  switch (by) {
    case TimelinePeriod::kDay: days = period; break;
    case TimelinePeriod::kWeek: days = period * 7 + 4; break;
    case TimelinePeriod::kMonth:
      days = text::DaysFromCivil(period / 12, static_cast<unsigned>(period % 12 + 1), 1);
      break;
    case TimelinePeriod::kYear: days = text::DaysFromCivil(period, 1, 1); break;
  }
  return days * 86400;
}

std::string PeriodLabel(std::int64_t period, TimelinePeriod by) {
  char buf[32];
  switch (by) {
    case TimelinePeriod::kYear:
      std::snprintf(buf, sizeof buf, "%04lld", static_cast<long long>(period));
      break;
    case TimelinePeriod::kMonth:
      std::snprintf(buf, sizeof buf, "%04lld-%02lld", static_cast<long long>(period / 12),
                    static_cast<long long>(period % 12 + 1));
      break;
    case TimelinePeriod::kDay: {
      const text::Ymd d = text::CivilFromDays(period);
      std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(d.year), d.month,
                    d.day);
      break;
    }
    case TimelinePeriod::kWeek: {
      // The ISO year is the year of the week's Thursday.
      const std::int64_t monday = period * 7 + 4;
      const std::int64_t iso_year = text::CivilFromDays(monday + 3).year;
      const std::int64_t week = (monday - IsoWeekOneMonday(iso_year)) / 7 + 1;
      std::snprintf(buf, sizeof buf, "%04lld-W%02lld", static_cast<long long>(iso_year),
                    static_cast<long long>(week));
      break;
    }
  }
  return buf;
}

Result<TimelineResults> CountTimeline(const Xapian::Database& db, const Xapian::Query& query,
                                      const TimelineRequest& request) {
  const auto start = std::chrono::steady_clock::now();
  const unsigned slot = request.mentions ? kSlotMentions : kSlotPublished;
  TimelineSpy spy(slot, request.by, request.mentions);
  TimelineResults results;
  results.by = request.by;
  results.mentions = request.mentions;
  results.normalized = request.normalize;
  results.total = CountWith(db, query, &spy);
  results.undated = spy.undated();

  const auto& counts = spy.counts();
  if (!counts.empty()) {
    const std::int64_t first = counts.begin()->first, last = counts.rbegin()->first;
    const auto span = static_cast<std::uint64_t>(last - first) + 1;
    if (span > kMaxTimelinePeriods) {
      return Status::FailedPrecondition(
          "the timeline would have " + std::to_string(span) + " " +
          std::string(TimelinePeriodName(request.by)) + "s (more than " +
          std::to_string(kMaxTimelinePeriods) + "); count by a longer period");
    }
    std::map<std::int64_t, std::uint64_t> all;
    if (request.normalize) {
      TimelineSpy all_spy(slot, request.by, request.mentions);
      CountWith(db, Xapian::Query::MatchAll, &all_spy);
      all = all_spy.counts();
    }
    for (std::int64_t p = first; p <= last; ++p) {
      TimelinePoint point;
      point.period = PeriodLabel(p, request.by);
      point.start = PeriodStart(p, request.by);
      if (auto it = counts.find(p); it != counts.end()) point.count = it->second;
      if (auto it = all.find(p); it != all.end()) point.all = it->second;
      results.points.push_back(std::move(point));
    }
  }
  results.elapsed_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return results;
}

}  // namespace search
}  // namespace newsdex
