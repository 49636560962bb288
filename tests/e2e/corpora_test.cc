// Indexes the real corpora in ../shared/corpora (read in place, never copied) and checks
// counts and known queries against counts taken directly from the source files.

#include <zlib.h>

#include <fstream>
#include <iterator>
#include <algorithm>
#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <string>

#include <catch2/catch.hpp>

#include "common/text/publication_date.h"
#include "indexer/index_writer.h"
#include "indexer/pipeline.h"
#include "newsdex/searcher.h"
#include "support/temp_dir.h"

namespace newsdex {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

const std::string kCorpora = NEWSDEX_CORPORA_DIR;

std::vector<std::string> ReutersFiles() {
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(kCorpora + "/reuters21578")) {
    if (entry.path().string().ends_with(".sgm.gz")) files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string Gunzip(const std::string& path) {
  gzFile in = gzopen(path.c_str(), "rb");
  REQUIRE(in != nullptr);
  std::string out;
  char buf[1 << 16];
  for (int n; (n = gzread(in, buf, sizeof buf)) > 0;) out.append(buf, static_cast<std::size_t>(n));
  gzclose(in);
  return out;
}

// Counts straight from the SGML text, independently of the reader.
struct ReutersTruth {
  std::size_t stories = 0;
  std::size_t baker = 0;                // PEOPLE holds james-baker
  std::set<std::string> baker_ids;      // ... their NEWIDs
  std::size_t crude_march_april = 0;    // TOPICS holds crude, DATE in MAR or APR 1987
  std::size_t march = 0;                // DATE in MAR 1987
};

ReutersTruth CountReuters() {
  ReutersTruth truth;
  const std::regex date(R"(<DATE>\s*\d+-([A-Z]{3})-1987)");
  for (const std::string& file : ReutersFiles()) {
    const std::string text = Gunzip(file);
    std::size_t pos = 0;
    while ((pos = text.find("<REUTERS ", pos)) != std::string::npos) {
      const std::size_t end = text.find("</REUTERS>", pos);
      const std::string story = text.substr(pos, end - pos);
      pos = end;
      ++truth.stories;
      std::smatch m;
      const std::string month = std::regex_search(story, m, date) ? m[1].str() : "";
      const std::string topics = story.substr(story.find("<TOPICS>"), story.find("</TOPICS>") - story.find("<TOPICS>"));
      const std::string people = story.substr(story.find("<PEOPLE>"), story.find("</PEOPLE>") - story.find("<PEOPLE>"));
      if (people.find("<D>james-baker</D>") != std::string::npos) {
        ++truth.baker;
        const std::size_t id = story.find("NEWID=\"") + 7;
        truth.baker_ids.insert(story.substr(id, story.find('"', id) - id));
      }
      if (month == "MAR") ++truth.march;
      if (topics.find("<D>crude</D>") != std::string::npos && (month == "MAR" || month == "APR")) {
        ++truth.crude_march_april;
      }
    }
  }
  return truth;
}

indexer::IndexSummary Index(const std::string& archive, const std::vector<std::string>& paths,
                            bool section_from_folder = false) {
  auto writer = indexer::IndexWriter::OpenArchive({}, archive);
  REQUIRE(writer.ok());
  indexer::IndexRun run;
  run.paths = paths;
  run.reader.section_from_folder = section_from_folder;
  std::vector<std::string> problems;
  auto summary = indexer::RunIndexing(run, writer->get(), [&](const indexer::ReadProblem& p) {
    problems.push_back(p.origin + ": " + p.reason);
  });
  INFO((problems.empty() ? std::string() : problems.front()));
  REQUIRE(summary.ok());
  return *summary;
}

SearchResults Search(const Searcher& searcher, const std::string& query,
                     SortOrder sort = SortOrder::kRelevance, std::size_t limit = 10) {
  SearchRequest request;
  request.query = query;
  request.sort = sort;
  request.limit = limit;
  request.exact_counts = true;
  request.snippet_bytes = 0;
  auto results = searcher.Search(request);
  INFO(query << ": " << results.status().ToString());
  REQUIRE(results.ok());
  return std::move(results).value();
}

TEST_CASE("all of Reuters-21578 is indexed and answers tag and date queries", "[e2e][slow]") {
  TempDir dir;
  const std::string archive = dir / "reuters";
  const ReutersTruth truth = CountReuters();
  REQUIRE(truth.stories == 21578);

  indexer::IndexSummary summary = Index(archive, ReutersFiles());
  CHECK(summary.added == 21578);
  CHECK(summary.skipped == 0);

  auto searcher = Searcher::Open({}, archive);
  REQUIRE(searcher.ok());
  CHECK((*searcher)->ArticleCount() == 21578);

  // Names are found in the text too: every story tagged james-baker, and more.
  SearchResults baker = Search(**searcher, "person:\"james baker\"", SortOrder::kNewest, 1000);
  CHECK(baker.total >= truth.baker);
  CHECK(baker.exact);
  std::set<std::string> found;
  for (std::size_t i = 0; i < baker.hits.size(); ++i) {
    found.insert(baker.hits[i].id);
    if (i > 0) CHECK(*baker.hits[i - 1].published >= *baker.hits[i].published);
    const std::vector<std::string>& people = baker.hits[i].people;
    INFO(baker.hits[i].id);
    CHECK(std::find(people.begin(), people.end(), "James Baker") != people.end());
  }
  CHECK(baker.hits.size() == baker.total);
  for (const std::string& id : truth.baker_ids) {
    INFO("tagged james-baker: " << id);
    CHECK(found.count(id) == 1);
  }

  SearchResults crude = Search(**searcher, "date:1987-03..1987-04 topic:crude", SortOrder::kNewest);
  CHECK(crude.total == truth.crude_march_april);
  CHECK(Search(**searcher, "date:1987-03").total == truth.march);
  CHECK(Search(**searcher, "date:1987-03-01..1987-03-31").total == truth.march);
  // Every story carries its publication date, and --sort newest orders them all.
  CHECK(Search(**searcher, "date:1987-02-26..1987-10-20").total == 21578);
  SearchRequest all;
  all.sort = SortOrder::kNewest;
  all.limit = 21578;
  all.snippet_bytes = 0;
  auto newest = (*searcher)->Search(all);
  REQUIRE(newest.ok());
  REQUIRE(newest->hits.size() == 21578);
  std::size_t misordered = 0, undated = 0;
  for (std::size_t i = 0; i < newest->hits.size(); ++i) {
    if (!newest->hits[i].published) ++undated;
    else if (i > 0 && *newest->hits[i - 1].published < *newest->hits[i].published) ++misordered;
  }
  CHECK(undated == 0);
  CHECK(misordered == 0);
  CHECK(newest->hits.front().published > newest->hits.back().published);
  // Without exact counts, a date order walks the days from its end instead of sorting
  // every match: the same pages, and bounds that hold the true total.
  for (const char* query : {"", "date:1987-03-11..1987-04-10", "oil", "date:1987-04.. -oil"}) {
    for (auto [sort, offset] :
         {std::pair{SortOrder::kNewest, 0}, std::pair{SortOrder::kNewest, 25},
          std::pair{SortOrder::kOldest, 0}, std::pair{SortOrder::kOldest, 25}}) {
      INFO(query << " from " << offset << (sort == SortOrder::kNewest ? ", newest" : ", oldest"));
      SearchRequest request;
      request.query = query;
      request.sort = sort;
      request.offset = offset;
      request.hit_fields = HitFields::kIds;
      auto walked = (*searcher)->Search(request);
      request.exact_counts = true;
      auto sorted = (*searcher)->Search(request);
      REQUIRE(walked.ok());
      REQUIRE(sorted.ok());
      REQUIRE(walked->hits.size() == sorted->hits.size());
      for (std::size_t i = 0; i < sorted->hits.size(); ++i) {
        CHECK(walked->hits[i].id == sorted->hits[i].id);
        CHECK(walked->hits[i].rank == static_cast<std::size_t>(offset) + i);
      }
      CHECK(walked->total_lower <= sorted->total);
      CHECK(sorted->total <= walked->total_upper);
    }
  }

  // The timeline of "oil" by month sums to the query's exact total, month by month.
  TimelineRequest oil_timeline;
  oil_timeline.query = "oil";
  oil_timeline.by = TimelinePeriod::kMonth;
  auto timeline = (*searcher)->Timeline(oil_timeline);
  REQUIRE(timeline.ok());
  const SearchResults oil = Search(**searcher, "oil");
  CHECK(timeline->total == oil.total);
  CHECK(timeline->undated == 0);
  std::uint64_t sum = 0;
  for (const TimelinePoint& point : timeline->points) {
    INFO(point.period);
    sum += point.count;
    CHECK(point.count == Search(**searcher, "oil date:" + point.period).total);
  }
  CHECK(sum == oil.total);
  REQUIRE(timeline->points.size() == 9);  // February to October 1987
  CHECK(timeline->points.front().period == "1987-02");
  CHECK(timeline->points.back().period == "1987-10");
  // Topics: the key terms of the crude stories are oil words; crude rises somewhere.
  {
    TermsRequest terms;
    terms.query = "topic:crude";
    terms.limit = 10;
    auto crude_terms = (*searcher)->Terms(terms);
    REQUIRE(crude_terms.ok());
    CHECK(crude_terms->sample == 100);
    std::set<std::string> words;
    for (const KeyTerm& t : crude_terms->terms) words.insert(t.term);
    INFO("crude terms: " << [&] {
      std::string listed;
      for (const KeyTerm& t : crude_terms->terms) listed += t.query + " ";
      return listed;
    }());
    std::size_t oil_words = 0;
    for (const char* stem : {"oil", "crude", "opec", "barrel", "bpd", "petroleum", "refineri"}) {
      oil_words += words.count(stem);
    }
    CHECK(oil_words >= 3);
    CHECK(words.count("oil") == 1);
    TrendsRequest trends;
    trends.by = TimelinePeriod::kWeek;
    auto weekly = (*searcher)->Trends(trends);
    REQUIRE(weekly.ok());
    CHECK(weekly->total == 21578);
    std::uint64_t articles = 0;
    for (const TrendPeriod& p : weekly->periods) {
      articles += p.articles;
      for (std::size_t i = 1; i < p.topics.size(); ++i) CHECK(p.topics[i - 1].score >= p.topics[i].score);
      for (const RisingTopic& t : p.topics) {
        CHECK(t.count >= 3);
        CHECK(static_cast<double>(t.count) > t.baseline);
        const std::string week = text::FormatIso8601(p.start).substr(0, 10) + ".." +
                                 text::FormatIso8601(p.start + 6 * 86400).substr(0, 10);
        CHECK(Search(**searcher, "topic:\"" + t.topic + "\" date:" + week).total == t.count);
      }
    }
    CHECK(articles < 21578);  // all but the first week's
  }
  // Titles count: a word in the title outranks the same word only in bodies.
  SearchResults cocoa = Search(**searcher, "cocoa");
  REQUIRE(!cocoa.hits.empty());
  CHECK_THAT(cocoa.hits.front().title, Catch::Contains("COCOA"));
  // Stories without a body (BRIEF) are still found by their title.
  CHECK(Search(**searcher, "id:5").total == 1);

  // A model learned from Reuters' TOPICS finds the oil stories of a source that gives no
  // topics (BBC business, indexed without sections), never its sport, and never touches
  // a story whose source gave topics.
  {
    Index(archive, {kCorpora + "/bbc/business", kCorpora + "/bbc/sport"});
    auto writer = indexer::IndexWriter::OpenArchive({}, archive);
    REQUIRE(writer.ok());
    auto trained = (*writer)->TrainTopics(topics::TrainingOptions{}, 0.5);
    INFO(trained.status().ToString());
    REQUIRE(trained.ok());
    CHECK(trained->labelled == 11367);  // stories with at least one TOPICS value
    writer->reset();
    REQUIRE((*searcher)->Reopen().ok());
    const SearchResults tagged = Search(**searcher, "topic:crude", SortOrder::kNewest, 5000);
    std::size_t business = 0, sport = 0, reuters_predicted = 0;
    for (const Hit& hit : tagged.hits) {
      if (hit.id.starts_with("sport/")) ++sport;
      if (!hit.id.starts_with("business/")) {
        for (const TopicTag& tag : hit.topic_tags) {
          if (!hit.topics.empty()) CHECK(tag.origin == TopicOrigin::kGiven);
          if (tag.origin == TopicOrigin::kPredicted) ++reuters_predicted;
        }
        continue;
      }
      ++business;
      REQUIRE(hit.topic_tags.size() >= 1);
      CHECK(hit.topic_tags.front().origin == TopicOrigin::kPredicted);
      CHECK(hit.topic_tags.front().confidence >= 0.5);
    }
    CHECK(business >= 10);
    CHECK(sport == 0);
    CHECK(reuters_predicted > 0);  // unlabelled Reuters stories about oil
  }

  SECTION("indexing the same files again changes nothing") {
    searcher->reset();
    indexer::IndexSummary again = Index(archive, ReutersFiles());
    CHECK(again.unchanged == 21578);
    CHECK(again.added == 0);
    CHECK(again.replaced == 0);
  }
}

TEST_CASE("the BBC set is indexed with folders as sections", "[e2e][slow]") {
  TempDir dir;
  const std::string archive = dir / "bbc";
  indexer::IndexSummary summary = Index(archive, {kCorpora + "/bbc/business", kCorpora + "/bbc/entertainment",
                                                  kCorpora + "/bbc/politics", kCorpora + "/bbc/sport",
                                                  kCorpora + "/bbc/tech"},
                                        /*section_from_folder=*/true);
  CHECK(summary.added == 2225);
  CHECK(summary.skipped == 0);
  auto searcher = Searcher::Open({}, archive);
  REQUIRE(searcher.ok());
  const std::map<std::string, std::uint64_t> sections = {
      {"business", 510}, {"entertainment", 386}, {"politics", 417}, {"sport", 511}, {"tech", 401}};
  for (const auto& [section, count] : sections) {
    INFO(section);
    CHECK(Search(**searcher, "section:" + section).total == count);
  }
  // sport/199.txt is Latin-1: its pound sign must not break the article.
  SearchResults latin1 = Search(**searcher, "id:sport/199.txt");
  CHECK(latin1.total == 1);
}

std::set<std::string> Ids(const SearchResults& results) {
  std::set<std::string> ids;
  for (const Hit& hit : results.hits) ids.insert(hit.id);
  return ids;
}

std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// person:putin and person:"vladimir putin" find the same articles, and each of them
// writes one of the forms the archive knows him by. Article ids are paths below `folder`.
void CheckPutinQueries(const Searcher& searcher, const std::string& folder) {
  const SearchResults surname = Search(searcher, "person:putin", SortOrder::kRelevance, 1000);
  const SearchResults full = Search(searcher, "person:\"vladimir putin\"", SortOrder::kRelevance, 1000);
  REQUIRE(surname.total > 0);
  CHECK(Ids(surname) == Ids(full));
  NamesRequest request;
  request.query = "putin";
  request.kind = "person";
  auto names = searcher.Names(request);
  REQUIRE(names.ok());
  REQUIRE_FALSE(names->empty());
  CHECK(names->front().name == "Vladimir Putin");
  std::vector<std::string> forms;
  for (const NameInfo& name : *names) {
    for (const auto& [written, count] : name.aliases) forms.push_back(written);
  }
  for (const Hit& hit : surname.hits) {
    const std::string text = ReadText(folder + "/" + hit.id);
    INFO(hit.id);
    CHECK(std::any_of(forms.begin(), forms.end(), [&](const std::string& form) {
      return text.find(form) != std::string::npos;
    }));
  }
}

TEST_CASE("the BBC set's people are found under every form of their names", "[e2e][slow]") {
  TempDir dir;
  const std::string archive = dir / "bbc";
  Index(archive, {kCorpora + "/bbc"});
  auto searcher = Searcher::Open({}, archive);
  REQUIRE(searcher.ok());
  CheckPutinQueries(**searcher, kCorpora);
}

TEST_CASE("the sample articles' names", "[e2e]") {
  TempDir dir;
  const std::string archive = dir / "samples";
  Index(archive, {kCorpora + "/samples"});
  auto searcher = Searcher::Open({}, archive);
  REQUIRE(searcher.ok());
  CheckPutinQueries(**searcher, kCorpora);
  auto listed = [&](const std::string& kind, const std::string& name) {
    NamesRequest request;
    request.kind = kind;
    request.limit = 0;
    auto names = (*searcher)->Names(request);
    REQUIRE(names.ok());
    return std::any_of(names->begin(), names->end(), [&](const NameInfo& n) { return n.name == name; });
  };
  for (const char* person : {"Vladimir Putin", "Xi Jinping", "Viktor Orban", "Sergei Lavrov",
                             "Alexei Miller"}) {
    INFO(person);
    CHECK(listed("person", person));
  }
  for (const char* org : {"Gazprom", "Rosatom"}) {
    INFO(org);
    CHECK(listed("org", org));
  }
  for (const char* place : {"Beijing", "China", "Russia"}) {
    INFO(place);
    CHECK(listed("place", place));
  }
  // "Putin’s" and "President Putin" are forms of Vladimir Putin, not other people.
  CHECK_FALSE(listed("person", "Putin"));
  NamesRequest putin;
  putin.query = "putin";
  auto names = (*searcher)->Names(putin);
  REQUIRE(names.ok());
  REQUIRE_FALSE(names->empty());
  std::set<std::string> forms;
  for (const auto& [written, count] : names->front().aliases) forms.insert(written);
  CHECK(forms.count("President Putin") == 1);
  CHECK(forms.count("Putin") == 1);
}

TEST_CASE("the sample articles answer mentions of the dates they write about", "[e2e]") {
  TempDir dir;
  const std::string archive = dir / "samples";
  Index(archive, {kCorpora + "/samples"});
  auto searcher = Searcher::Open({}, archive);
  REQUIRE(searcher.ok());
  const std::set<std::string> belt = {"samples/belt-and-road-forum.txt"};
  // "October 16, 202307:00" (a date run into a time) and "16 October interview", whose
  // year comes from the text: the article has no publication date.
  CHECK(Ids(Search(**searcher, "mentions:2023-10-16")) == belt);
  // The visit of "March 20 to 22, 2023": any of its days, its month, its year.
  CHECK(Ids(Search(**searcher, "mentions:2023-03")) == belt);
  CHECK(Ids(Search(**searcher, "mentions:2023-03-21")) == belt);
  CHECK(Ids(Search(**searcher, "mentions:2023-03-01..2023-03-20")) == belt);
  CHECK(Ids(Search(**searcher, "mentions:2023")) == belt);
  CHECK(Search(**searcher, "mentions:2023-10-17").total == 0);
  CHECK(Search(**searcher, "mentions:2023-03-23..2023-10-15").total == 0);
  CHECK(Search(**searcher, "date:2023").total == 0);  // neither has a publication date
}

TEST_CASE("the sample articles answer a phrase query", "[e2e]") {
  TempDir dir;
  const std::string archive = dir / "samples";
  indexer::IndexSummary summary = Index(archive, {kCorpora + "/samples"});
  CHECK(summary.added == 2);
  auto searcher = Searcher::Open({}, archive);
  REQUIRE(searcher.ok());
  SearchResults belt = Search(**searcher, "\"belt and road\"");
  REQUIRE(belt.total >= 1);
  CHECK(belt.hits.front().id == "samples/belt-and-road-forum.txt");
  CHECK(belt.hits.front().title == "Russian delegation is in China for Belt and Road conference.");
}

}  // namespace
}  // namespace newsdex
