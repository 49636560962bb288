// Dates end to end: mentioned dates indexed and searched with mentions:, relative date:
// queries counted from an as-of day, recency-weighted ranking, and timelines by
// publication and by mentioned dates.
#include <numeric>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <xapian.h>

#include "common/archive/archive_layout.h"
#include "common/text/publication_date.h"
#include "newsdex/searcher.h"
#include "newsdex/writer.h"
#include "support/temp_dir.h"

namespace newsdex {
namespace {

using testing::TempDir;

std::int64_t At(const char* date) { return *text::ParsePublicationDate(date); }

Article Make(std::string id, std::string title, std::string body, const char* published) {
  Article a;
  a.id = std::move(id);
  a.title = std::move(title);
  a.body = std::move(body);
  if (published != nullptr) a.published = At(published);
  return a;
}

std::vector<Article> Articles() {
  return {
      Make("wall-1989", "The Wall falls", "Crowds crossed the border on November 9, 1989.",
           "1989-11-10"),
      Make("wall-1999", "Ten years on", "Berlin remembered the night of 9 November 1989 "
           "and the Wall built in August 1961.", "1999-11-09"),
      Make("wall-2009", "Twenty years on", "Leaders met in Berlin yesterday to mark the "
           "anniversary of the fall of the Wall in 1989.", "2009-11-10"),
      Make("crisis-2008a", "Bank collapses", "The bank filed for bankruptcy on Monday.",
           "2008-09-15"),
      Make("crisis-2008b", "Markets fall", "Bank shares fell sharply last week.", "2008-09-22"),
      Make("bank-2010", "Bank profits recover", "The bank reported profits this year.",
           "2010-06-01"),
      Make("undated", "A bank without a date", "Talks on March 20 to 22, 2023 in Moscow.", nullptr),
  };
}

class DatesArchive {
 public:
  explicit DatesArchive(const std::vector<Article>& articles = Articles()) {
    auto writer = Writer::Open(WriterOptions{}, path());
    REQUIRE(writer.ok());
    for (const Article& a : articles) REQUIRE((*writer)->Add(a).ok());
    REQUIRE((*writer)->Commit().ok());
    auto searcher = Searcher::Open(SearcherOptions{}, path());
    REQUIRE(searcher.ok());
    searcher_ = std::move(searcher).value();
  }
  std::string path() const { return dir_ / "archive"; }
  const Searcher& searcher() const { return *searcher_; }
  Searcher& searcher() { return *searcher_; }

  std::vector<std::string> Ranked(SearchRequest request) const {
    request.limit = 100;
    request.snippet_bytes = 0;
    auto results = searcher_->Search(request);
    INFO(request.query << ": " << results.status().ToString());
    REQUIRE(results.ok());
    std::vector<std::string> ids;
    for (const Hit& hit : results->hits) ids.push_back(hit.id);
    return ids;
  }
  // The Xapian query the searcher ran for `query`.
  std::string Described(const std::string& query) const {
    SearchRequest request;
    request.query = query;
    request.limit = 0;
    auto results = searcher_->Search(request);
    REQUIRE(results.ok());
    return results->query_description;
  }
  std::set<std::string> Ids(const std::string& query,
                            std::optional<std::int64_t> as_of = std::nullopt) const {
    SearchRequest request;
    request.query = query;
    request.as_of = as_of;
    const std::vector<std::string> ranked = Ranked(request);
    return {ranked.begin(), ranked.end()};
  }

 private:
  TempDir dir_;
  std::unique_ptr<Searcher> searcher_;
};

using Ids = std::set<std::string>;

TEST_CASE("mentions: finds articles by the dates they write about", "[dates][searcher]") {
  DatesArchive archive;
  CHECK(archive.Ids("mentions:1989-11-09") == Ids{"wall-1989", "wall-1999"});
  CHECK(archive.Ids("mentions:1989-11") == Ids{"wall-1989", "wall-1999"});
  CHECK(archive.Ids("mentions:1989") == Ids{"wall-1989", "wall-1999", "wall-2009"});
  CHECK(archive.Ids("mentions:1961..1970") == Ids{"wall-1999"});
  CHECK(archive.Ids("mentions:1961-08") == Ids{"wall-1999"});
  // Relative dates count from each article's publication day.
  CHECK(archive.Ids("mentions:2009-11-09") == Ids{"wall-2009"});
  // "on Monday" of Monday 15 September; "last week" of Monday 22 September.
  CHECK(archive.Ids("mentions:2008-09-15") == Ids{"crisis-2008a", "crisis-2008b"});
  CHECK(archive.Ids("mentions:2008-09-16..2008-09-21") == Ids{"crisis-2008b"});
  CHECK(archive.Ids("mentions:2008-09-08..2008-09-14").empty());
  CHECK(archive.Ids("mentions:2010") == Ids{"bank-2010"});
  // An article without a date still has the dates it writes in full.
  CHECK(archive.Ids("mentions:2023-03-21") == Ids{"undated"});
  // A month mention does not match a query for one of its days.
  CHECK(archive.Ids("mentions:1961-08-13").empty());
  // Published in 1999, about 1989: date: and mentions: combine.
  CHECK(archive.Ids("date:1990.. mentions:1989") == Ids{"wall-1999", "wall-2009"});
}

TEST_CASE("date: finds the articles published within the range, by their UTC day",
          "[dates][searcher]") {
  const DatesArchive archive({
      Make("last-second-1969", "Eve", "A party.", "1969-12-31T23:59:59Z"),
      Make("first-second-1970", "New year", "A hangover.", "1970-01-01T00:00:00Z"),
      Make("leap-day-end", "Leap", "A late edition.", "2024-02-29T23:59:59Z"),
      Make("march-start", "Spring", "An early edition.", "2024-03-01T00:00:00Z"),
      Make("karachi-evening", "Markets", "Shares fell.", "1987-10-20T02:00:00+05:00"),
      Make("undated", "Markets", "No date.", nullptr),
  });
  CHECK(archive.Ids("date:1969-12-31") == Ids{"last-second-1969"});
  CHECK(archive.Ids("date:1969") == Ids{"last-second-1969"});
  CHECK(archive.Ids("date:1970-01") == Ids{"first-second-1970"});
  CHECK(archive.Ids("date:2024-02-29") == Ids{"leap-day-end"});
  CHECK(archive.Ids("date:2024-02-28..2024-02-29") == Ids{"leap-day-end"});
  CHECK(archive.Ids("date:2024-03") == Ids{"march-start"});
  CHECK(archive.Ids("date:2024") == Ids{"leap-day-end", "march-start"});
  // 02:00 in Karachi is 21:00 the day before in UTC.
  CHECK(archive.Ids("date:1987-10-19") == Ids{"karachi-evening"});
  CHECK(archive.Ids("date:1987-10-20").empty());
  CHECK(archive.Ids("date:..1987") == Ids{"last-second-1969", "first-second-1970",
                                          "karachi-evening"});
  CHECK(archive.Ids("date:1970-01-02..") == Ids{"karachi-evening", "leap-day-end",
                                                "march-start"});
  CHECK(archive.Ids("date:1600..2200").size() == 5);
  CHECK(archive.Ids("date:2100").empty());
  CHECK(archive.Ids("markets -date:1987") == Ids{"undated"});
  // Matched by the publication day terms, not by reading the published slot.
  CHECK(archive.Described("date:2024") == "Query(0 * Y2024)");
}

TEST_CASE("an archive with articles indexed without day terms answers date: by the slot",
          "[dates][searcher]") {
  DatesArchive archive;
  const Ids in_1989{"wall-1989"};
  REQUIRE(archive.Ids("date:1989") == in_1989);
  {
    // As an article indexed before publication days were terms: its value alone.
    Xapian::WritableDatabase db(ArchivePaths(archive.path()).xapian);
    Xapian::PostingIterator it = db.postlist_begin("Qwall-1989");
    REQUIRE(it != db.postlist_end("Qwall-1989"));
    Xapian::Document doc = db.get_document(*it);
    for (const char* term : {"Y1989", "M198911", "D19891110"}) doc.remove_term(term);
    db.replace_document(*it, doc);
    db.commit();
  }
  REQUIRE(archive.searcher().Reopen().ok());
  CHECK(archive.Described("date:1989") == "Query(VALUE_RANGE 0 19890101000000 19891231235959)");
  CHECK(archive.Ids("date:1989") == in_1989);
  CHECK(archive.Ids("date:1989-11-10") == in_1989);
  CHECK(archive.Ids("date:..1990") == in_1989);
  CHECK(archive.Ids("date:1999..") == Ids{"wall-1999", "wall-2009", "crisis-2008a",
                                          "crisis-2008b", "bank-2010"});
}

TEST_CASE("relative date: queries count back from the as-of day", "[dates][searcher]") {
  DatesArchive archive;
  CHECK(archive.Ids("date:last-30-days", At("2008-10-01")) == Ids{"crisis-2008a", "crisis-2008b"});
  CHECK(archive.Ids("date:last-7-days", At("2008-09-22")) == Ids{"crisis-2008b"});
  CHECK(archive.Ids("date:last-2-years", At("2010-06-01")) == Ids{"crisis-2008a", "crisis-2008b", "wall-2009", "bank-2010"});
  CHECK(archive.Ids("date:last-30-days", At("2030-01-01")).empty());
}

TEST_CASE("newest and oldest sort by publication date", "[dates][searcher]") {
  DatesArchive archive;
  SearchRequest request;
  request.query = "bank";
  request.sort = SortOrder::kNewest;
  CHECK(archive.Ranked(request) ==
        std::vector<std::string>{"bank-2010", "crisis-2008b", "crisis-2008a", "undated"});
  request.sort = SortOrder::kOldest;
  CHECK(archive.Ranked(request).front() == "undated");  // no date sorts as the oldest
}

TEST_CASE("recency ranks articles near the as-of day first", "[dates][searcher]") {
  DatesArchive archive;
  SearchRequest request;
  request.query = "bank";
  request.recency_half_life_days = 30;
  request.as_of = At("2008-09-15");
  std::vector<std::string> ranked = archive.Ranked(request);
  REQUIRE(ranked.size() == 4);  // recency adds no matches
  CHECK(std::set<std::string>(ranked.begin(), ranked.begin() + 2) ==
        Ids{"crisis-2008a", "crisis-2008b"});
  request.as_of = At("2010-06-15");
  ranked = archive.Ranked(request);
  CHECK(ranked.front() == "bank-2010");
  // Filters alone rank by recency alone.
  request.query = "date:2008..2010";
  request.as_of = At("2008-09-21");
  CHECK(archive.Ranked(request) ==
        std::vector<std::string>{"crisis-2008b", "crisis-2008a", "wall-2009", "bank-2010"});
  request.recency_half_life_days = -1;
  CHECK(archive.searcher().Search(request).status().code() == StatusCode::kInvalidArgument);
}

std::vector<std::pair<std::string, std::uint64_t>> Points(const TimelineResults& t) {
  std::vector<std::pair<std::string, std::uint64_t>> points;
  for (const TimelinePoint& p : t.points) points.emplace_back(p.period, p.count);
  return points;
}

TEST_CASE("a timeline counts matches per period of publication", "[dates][searcher]") {
  DatesArchive archive;
  TimelineRequest request;
  request.query = "bank";
  request.by = TimelinePeriod::kYear;
  auto years = archive.searcher().Timeline(request);
  REQUIRE(years.ok());
  using P = std::vector<std::pair<std::string, std::uint64_t>>;
  CHECK(Points(*years) == P{{"2008", 2}, {"2009", 0}, {"2010", 1}});
  CHECK(years->total == 4);
  CHECK(years->undated == 1);

  request.by = TimelinePeriod::kWeek;
  request.query = "date:2008";
  auto weeks = archive.searcher().Timeline(request);
  REQUIRE(weeks.ok());
  CHECK(Points(*weeks) == P{{"2008-W38", 1}, {"2008-W39", 1}});
  CHECK(weeks->points[0].start == At("2008-09-15"));

  request.by = TimelinePeriod::kDay;
  request.query = "wall";
  auto days = archive.searcher().Timeline(request);
  REQUIRE(days.ok());
  CHECK(days->points.size() == 7306);  // 1989-11-10 to 2009-11-10, every day present
  std::uint64_t sum = 0;
  for (const TimelinePoint& p : days->points) sum += p.count;
  CHECK(sum == 3);

  request.by = TimelinePeriod::kMonth;
  request.query = "";
  request.normalize = true;
  auto all = archive.searcher().Timeline(request);
  REQUIRE(all.ok());
  for (const TimelinePoint& p : all->points) {
    CHECK(p.count == p.all);
    if (p.count > 0) CHECK(p.share() == 1.0);
  }
}

TEST_CASE("a timeline of mentions counts the dates articles write about", "[dates][searcher]") {
  DatesArchive archive;
  TimelineRequest request;
  request.query = "wall";
  request.mentions = true;
  request.by = TimelinePeriod::kYear;
  auto years = archive.searcher().Timeline(request);
  REQUIRE(years.ok());
  REQUIRE_FALSE(years->points.empty());
  CHECK(years->points.front().period == "1961");
  CHECK(years->points.front().count == 1);
  CHECK(years->points.back().period == "2009");
  CHECK(years->points.back().count == 1);  // "yesterday", from 2009-11-10
  const auto at = [&](const std::string& period) {
    for (const TimelinePoint& p : years->points) {
      if (p.period == period) return p.count;
    }
    return std::uint64_t{0};
  };
  CHECK(at("1989") == 3);
  // By day, only mentions of a day count: "August 1961" and "in 1989" do not.
  request.by = TimelinePeriod::kDay;
  auto days = archive.searcher().Timeline(request);
  REQUIRE(days.ok());
  CHECK(days->points.front().period == "1989-11-09");
  CHECK(days->points.front().count == 2);

  request.by = TimelinePeriod::kDay;
  request.query = "";
  request.mentions = true;
  CHECK(archive.searcher().Timeline(request).ok());
  request.query = "date:2023-02-30";
  CHECK(archive.searcher().Timeline(request).status().code() == StatusCode::kInvalidArgument);
}

TEST_CASE("timeline periods are named and parsed", "[dates]") {
  for (TimelinePeriod by : {TimelinePeriod::kDay, TimelinePeriod::kWeek, TimelinePeriod::kMonth,
                            TimelinePeriod::kYear}) {
    auto parsed = ParseTimelinePeriod(TimelinePeriodName(by));
    REQUIRE(parsed.ok());
    CHECK(*parsed == by);
  }
  CHECK_FALSE(ParseTimelinePeriod("fortnight").ok());
}

}  // namespace
}  // namespace newsdex
