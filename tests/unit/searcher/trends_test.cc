// Trends (Searcher::Trends): an archive where "crude" runs at one story a month and
// jumps to eight in July 1987, "grain" stays at three a month and "gas" appears in June;
// the counts, baselines and scores are worked out by hand.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "common/text/publication_date.h"
#include "newsdex/searcher.h"
#include "newsdex/writer.h"
#include "searcher/render/trends_renderer.h"
#include "searcher/trends.h"
#include "support/temp_dir.h"

namespace newsdex {
namespace {

using testing::TempDir;

// Stories per month (January to July 1987) of each topic.
struct Series {
  const char* topic;
  int per_month[7];
};
constexpr Series kSeries[] = {
    {"crude", {1, 1, 1, 1, 1, 1, 8}},
    {"grain", {3, 3, 3, 3, 3, 3, 3}},
    {"gas", {0, 0, 0, 0, 0, 6, 6}},
};

std::vector<Article> Wire() {
  std::vector<Article> articles;
  for (const Series& s : kSeries) {
    for (int month = 1; month <= 7; ++month) {
      for (int i = 0; i < s.per_month[month - 1]; ++i) {
        Article a;
        a.id = std::string(s.topic) + "-" + std::to_string(month) + "-" + std::to_string(i);
        a.title = std::string("Report on ") + s.topic + " markets";
        a.body = "Traders watched " + std::string(s.topic) + " closely.";
        a.published = text::CivilToSeconds(1987, month, 10 + i);
        // Given twice, in two cases: still one article of the topic.
        a.topics = {s.topic, std::string(1, static_cast<char>(std::toupper(s.topic[0]))) + (s.topic + 1)};
        articles.push_back(std::move(a));
      }
    }
  }
  Article undated;
  undated.id = "undated";
  undated.title = "Crude without a date";
  undated.topics = {"crude"};
  articles.push_back(undated);
  return articles;
}

class WireArchive {
 public:
  explicit WireArchive(const std::vector<Article>& articles) {
    auto writer = Writer::Open(WriterOptions{}, dir_ / "archive");
    REQUIRE(writer.ok());
    for (const Article& a : articles) REQUIRE((*writer)->Add(a).ok());
    REQUIRE((*writer)->Commit().ok());
    auto searcher = Searcher::Open(SearcherOptions{}, dir_ / "archive");
    REQUIRE(searcher.ok());
    searcher_ = std::move(searcher).value();
  }
  TrendsResult Trends(const TrendsRequest& request) const {
    auto result = searcher_->Trends(request);
    INFO(request.query << ": " << result.status().ToString());
    REQUIRE(result.ok());
    return std::move(result).value();
  }
  const Searcher& searcher() const { return *searcher_; }

 private:
  TempDir dir_;
  std::unique_ptr<Searcher> searcher_;
};

const TrendPeriod& PeriodNamed(const TrendsResult& result, const std::string& name) {
  const auto it = std::find_if(result.periods.begin(), result.periods.end(),
                               [&](const TrendPeriod& p) { return p.period == name; });
  INFO("period " << name);
  REQUIRE(it != result.periods.end());
  return *it;
}

TEST_CASE("a topic that jumps is listed first in its period, flat topics never", "[searcher][trends]") {
  WireArchive archive(Wire());
  const TrendsResult result = archive.Trends(TrendsRequest{});
  CHECK(result.total == 6 + 7 * 3 + 12 + 8 + 1);
  CHECK(result.undated == 1);
  CHECK(result.window == 3);
  // January has nothing to compare with; February and March compare with fewer months.
  REQUIRE(result.periods.size() == 6);
  CHECK(result.periods.front().period == "1987-02");
  CHECK(result.periods.front().partial);
  CHECK(PeriodNamed(result, "1987-03").partial);
  CHECK_FALSE(PeriodNamed(result, "1987-04").partial);

  const TrendPeriod& july = PeriodNamed(result, "1987-07");
  CHECK(july.articles == 8 + 3 + 6);
  CHECK(july.start == text::CivilToSeconds(1987, 7, 1));
  REQUIRE(july.topics.size() == 2);
  CHECK(july.topics[0].topic == "crude");
  CHECK(july.topics[0].count == 8);
  CHECK(july.topics[0].baseline == Approx(1.0));
  CHECK(july.topics[0].score == Approx(7 / std::sqrt(2.0)));
  // gas: 6 against the mean of April, May and June (0, 0, 6).
  CHECK(july.topics[1].topic == "gas");
  CHECK(july.topics[1].baseline == Approx(2.0));
  CHECK(july.topics[1].score == Approx(4 / std::sqrt(3.0)));

  const TrendPeriod& june = PeriodNamed(result, "1987-06");
  REQUIRE(june.topics.size() == 1);
  CHECK(june.topics[0].topic == "gas");
  CHECK(june.topics[0].baseline == 0);
  CHECK(june.topics[0].score == Approx(6.0));
  // Flat grain and one-a-month crude rise nowhere else.
  for (const TrendPeriod& p : result.periods) {
    if (p.period != "1987-06" && p.period != "1987-07") CHECK(p.topics.empty());
    for (const RisingTopic& t : p.topics) CHECK(t.topic != "grain");
  }
}

TEST_CASE("window, min_count and top are honoured", "[searcher][trends]") {
  WireArchive archive(Wire());
  TrendsRequest request;
  request.window = 1;  // July against June alone: gas is flat, crude rose from 1
  TrendsResult result = archive.Trends(request);
  CHECK(result.periods.size() == 6);
  for (const TrendPeriod& p : result.periods) CHECK_FALSE(p.partial);
  const TrendPeriod& july = PeriodNamed(result, "1987-07");
  REQUIRE(july.topics.size() == 1);
  CHECK(july.topics[0].topic == "crude");
  CHECK(july.topics[0].baseline == Approx(1.0));

  request = TrendsRequest{};
  request.min_count = 7;  // gas's 6 is too few
  result = archive.Trends(request);
  REQUIRE(PeriodNamed(result, "1987-07").topics.size() == 1);
  CHECK(PeriodNamed(result, "1987-06").topics.empty());

  request = TrendsRequest{};
  request.top = 1;
  result = archive.Trends(request);
  REQUIRE(PeriodNamed(result, "1987-07").topics.size() == 1);
  CHECK(PeriodNamed(result, "1987-07").topics[0].topic == "crude");

  request = TrendsRequest{};
  request.min_count = 1;  // one-a-month crude is now counted, but never above its mean
  result = archive.Trends(request);
  CHECK(PeriodNamed(result, "1987-02").topics.empty());
  CHECK(PeriodNamed(result, "1987-05").topics.empty());

  request = TrendsRequest{};
  request.window = 0;
  auto refused = archive.searcher().Trends(request);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().code() == StatusCode::kInvalidArgument);
}

TEST_CASE("trends of a query count only its matches, by any period", "[searcher][trends]") {
  WireArchive archive(Wire());
  TrendsRequest request;
  request.query = "topic:crude";
  TrendsResult result = archive.Trends(request);
  CHECK(result.total == 6 + 8 + 1);
  const TrendPeriod& july = PeriodNamed(result, "1987-07");
  CHECK(july.articles == 8);
  REQUIRE(july.topics.size() == 1);
  CHECK(july.topics[0].topic == "crude");

  request.by = TimelinePeriod::kYear;  // one year: nothing to compare with
  result = archive.Trends(request);
  CHECK(result.periods.empty());
  CHECK(result.total == 15);

  request.query = "zeppelin";
  request.by = TimelinePeriod::kMonth;
  result = archive.Trends(request);
  CHECK(result.total == 0);
  CHECK(result.periods.empty());

  request.query = "foo:bar";
  auto bad = archive.searcher().Trends(request);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().code() == StatusCode::kInvalidArgument);

  WireArchive empty({});
  const TrendsResult nothing = empty.Trends(TrendsRequest{});
  CHECK(nothing.total == 0);
  CHECK(nothing.periods.empty());
}

TEST_CASE("a gap of empty periods counts as zeros in the baseline", "[searcher][trends]") {
  search::PeriodCounts counts;
  // Months 0 and 4 only: months 1 to 3 have no article at all.
  counts.articles = {{0, 5}, {4, 9}};
  counts.topics[0]["crude"] = 5;
  counts.topics[4]["crude"] = 9;
  TrendsRequest request;
  request.window = 4;
  request.by = TimelinePeriod::kMonth;
  const std::vector<TrendPeriod> periods = search::RankTrends(counts, request);
  REQUIRE(periods.size() == 4);
  CHECK(periods[0].articles == 0);
  CHECK(periods[0].topics.empty());
  REQUIRE(periods[3].topics.size() == 1);
  CHECK(periods[3].topics[0].baseline == Approx(5.0 / 4));
  CHECK(periods[3].topics[0].score == Approx((9 - 1.25) / std::sqrt(2.25)));
  CHECK_FALSE(periods[3].partial);
  CHECK(periods[2].partial);
}

TEST_CASE("trends render as text, JSON Lines and CSV", "[searcher][trends]") {
  WireArchive archive(Wire());
  TrendsRequest request;
  const TrendsResult result = archive.Trends(request);
  std::ostringstream text, json, csv;
  search::RenderTrendsText(request, result, {}, text);
  search::RenderTrendsJson(request, result, json);
  search::RenderTrendsCsv(result, csv);
  CHECK_THAT(text.str(), Catch::StartsWith("Topics rising in all articles, per month against "
                                           "the mean of the 3 months before\n"));
  CHECK_THAT(text.str(), Catch::Contains("1987-07  17 articles\n  ↑ crude  8  from 1.0  z 4.95\n"));
  std::vector<nlohmann::json> lines;
  std::istringstream in(json.str());
  for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line));
  REQUIRE(lines.size() == 4);  // June gas, July crude and gas, summary
  CHECK(lines[1]["type"] == "trend");
  CHECK(lines[1]["period"] == "1987-07");
  CHECK(lines[1]["topic"] == "crude");
  CHECK(lines[1]["count"] == 8);
  CHECK(lines[1]["articles"] == 17);
  CHECK(lines[1]["partial"] == false);
  CHECK(lines[3]["type"] == "summary");
  CHECK(lines[3]["trends"] == 3);
  CHECK(lines[3]["periods"] == 6);
  CHECK_THAT(csv.str(), Catch::StartsWith("period,start,articles,topic,count,baseline,score,partial\n"
                                          "1987-06,1987-06-01T00:00:00Z,10,gas,6,0,6,false\n"));
}

}  // namespace
}  // namespace newsdex
