// Derived topics through the writer and the searcher: rule tables applied and removed,
// a model trained on given topics predicting the rest, replay keeping what was tagged.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "indexer/index_writer.h"
#include "newsdex/searcher.h"
#include "support/temp_dir.h"

namespace newsdex {
namespace {

using indexer::IndexWriter;
using testing::TempDir;

std::unique_ptr<IndexWriter> OpenWriter(const std::string& path) {
  auto writer = IndexWriter::OpenArchive(WriterOptions{}, path);
  INFO(writer.status().ToString());
  REQUIRE(writer.ok());
  return std::move(writer).value();
}

Article Story(const std::string& id, const std::string& title, const std::string& body,
              std::vector<std::string> topics = {}) {
  Article a;
  a.id = id;
  a.title = title;
  a.body = body;
  a.published = 541350061 + static_cast<std::int64_t>(id.size()) * 86400;
  a.topics = std::move(topics);
  return a;
}

// The topic tags of the hit with id `id` for `query`.
std::vector<TopicTag> TagsOf(const std::string& archive, const std::string& query,
                             const std::string& id) {
  auto searcher = Searcher::Open(SearcherOptions{}, archive);
  REQUIRE(searcher.ok());
  SearchRequest request;
  request.query = query;
  request.limit = 100;
  auto results = (*searcher)->Search(request);
  INFO(results.status().ToString());
  REQUIRE(results.ok());
  for (const Hit& hit : results->hits) {
    if (hit.id == id) return hit.topic_tags;
  }
  return {};
}

std::vector<std::string> IdsOf(const std::string& archive, const std::string& query) {
  auto searcher = Searcher::Open(SearcherOptions{}, archive);
  REQUIRE(searcher.ok());
  SearchRequest request;
  request.query = query;
  request.limit = 100;
  auto results = (*searcher)->Search(request);
  INFO(results.status().ToString());
  REQUIRE(results.ok());
  std::vector<std::string> ids;
  for (const Hit& hit : results->hits) ids.push_back(hit.id);
  std::sort(ids.begin(), ids.end());
  return ids;
}

constexpr const char* kEnergyRule = R"([[rule]]
topic = "Energy"
query = 'pipeline OR refinery'
)";

TEST_CASE("a rule table tags matching articles, new ones too, and is undone by removing it",
          "[writer][topics]") {
  TempDir dir;
  const std::string archive = dir / "a";
  {
    auto writer = OpenWriter(archive);
    REQUIRE((*writer).Add(Story("p1", "Pipeline talks stall", "The gas pipeline is late.")).ok());
    REQUIRE((*writer).Add(Story("r1", "Refinery fire", "A refinery burned.", {"energy"})).ok());
    REQUIRE((*writer).Add(Story("s1", "Rovers win derby", "A late goal.")).ok());
    REQUIRE((*writer).Commit().ok());
    auto report = writer->ApplyTopicRules(kEnergyRule);
    INFO(report.status().ToString());
    REQUIRE(report.ok());
    REQUIRE(report->tagged.size() == 1);
    CHECK(report->tagged[0].first == "energy");
    CHECK(report->tagged[0].second == 1);  // r1 has energy as a given topic
    REQUIRE((*writer).Add(Story("p2", "Refinery reopens", "Output resumes.")).ok());
    REQUIRE((*writer).Commit().ok());
  }
  CHECK(IdsOf(archive, "topic:energy") == std::vector<std::string>{"p1", "p2", "r1"});
  const std::vector<TopicTag> p1 = TagsOf(archive, "topic:energy", "p1");
  REQUIRE(p1.size() == 1);
  CHECK(p1[0].origin == TopicOrigin::kRule);
  const std::vector<TopicTag> r1 = TagsOf(archive, "topic:energy", "r1");
  REQUIRE(r1.size() == 1);
  CHECK(r1[0].origin == TopicOrigin::kGiven);  // a rule never turns given into rule

  auto topics = (*Searcher::Open(SearcherOptions{}, archive))->Topics();
  REQUIRE(topics.ok());
  REQUIRE(topics->size() == 1);
  CHECK((*topics)[0].articles == 3);
  CHECK((*topics)[0].given == 1);
  CHECK((*topics)[0].rule == 2);

  {
    auto writer = OpenWriter(archive);
    auto report = writer->ApplyTopicRules("");
    REQUIRE(report.ok());
    CHECK(report->retagged == 2);
  }
  CHECK(IdsOf(archive, "topic:energy") == std::vector<std::string>{"r1"});
}

TEST_CASE("a rule whose query does not parse is refused with its line, changing nothing",
          "[writer][topics]") {
  TempDir dir;
  auto writer = OpenWriter(dir / "a");
  REQUIRE((*writer).Add(Story("p1", "Pipeline", "gas")).ok());
  auto report = writer->ApplyTopicRules("[[rule]]\ntopic = \"x\"\nquery = 'pipeline AND'\n");
  REQUIRE_FALSE(report.ok());
  CHECK(report.status().message().find("line 1") != std::string::npos);
  CHECK(writer->topic_tagger().rules().empty());
}

// Ten stories per topic, written to differ in their words.
void AddTrainingStories(IndexWriter* writer) {
  const char* oil[] = {"crude oil prices rose as opec cut output barrels",
                       "oil refinery output and crude barrels climbed",
                       "opec ministers discussed crude oil quotas"};
  const char* sport[] = {"the striker scored twice as rovers won the derby",
                         "the goalkeeper saved a penalty in the cup match",
                         "the manager praised his players after the league win"};
  for (int i = 0; i < 12; ++i) {
    REQUIRE(writer->Add(Story("oil" + std::to_string(i), "Oil market", oil[i % 3], {"crude"})).ok());
    REQUIRE(writer->Add(Story("sp" + std::to_string(i), "Football", sport[i % 3], {"sport"})).ok());
  }
}

TEST_CASE("a trained model predicts topics for unlabelled articles, never for labelled ones",
          "[writer][topics]") {
  TempDir dir;
  const std::string archive = dir / "a";
  {
    auto writer = OpenWriter(archive);
    AddTrainingStories(writer.get());
    REQUIRE(writer->Add(Story("u1", "Barrels", "opec crude oil barrels output")).ok());
    REQUIRE(writer->Commit().ok());
    auto report = writer->TrainTopics(topics::TrainingOptions{}, 0.5);
    INFO(report.status().ToString());
    REQUIRE(report.ok());
    CHECK(report->labelled == 24);
    CHECK(report->predicted == 1);
    // A new unlabelled story is predicted as it is added.
    REQUIRE(writer->Add(Story("u2", "Derby", "the striker scored in the derby match")).ok());
  }
  const std::vector<TopicTag> u1 = TagsOf(archive, "topic:crude", "u1");
  REQUIRE(u1.size() == 1);
  CHECK(u1[0].topic == "crude");
  CHECK(u1[0].origin == TopicOrigin::kPredicted);
  CHECK(u1[0].confidence >= 0.5);
  CHECK(u1[0].confidence <= 1.0);
  const std::vector<TopicTag> u2 = TagsOf(archive, "topic:sport", "u2");
  REQUIRE(u2.size() == 1);
  CHECK(u2[0].origin == TopicOrigin::kPredicted);
  // Labelled stories keep exactly their given topic.
  const std::vector<TopicTag> oil0 = TagsOf(archive, "topic:crude", "oil0");
  REQUIRE(oil0.size() == 1);
  CHECK(oil0[0].origin == TopicOrigin::kGiven);

  {  // A threshold above every confidence removes the predictions; reopen keeps state.
    auto writer = OpenWriter(archive);
    REQUIRE(writer->topic_tagger().model() != nullptr);
    auto report = writer->Repredict(1.0);
    REQUIRE(report.ok());
    CHECK(report->predicted == 0);
  }
  CHECK(TagsOf(archive, "topic:crude", "u1").empty());
  CHECK(IdsOf(archive, "topic:crude").size() == 12);
  {
    auto writer = OpenWriter(archive);
    auto forgot = writer->ForgetTopicModel();
    REQUIRE(forgot.ok());
    CHECK(writer->topic_tagger().model() == nullptr);
  }
}

TEST_CASE("reindexing keeps rule and predicted topics", "[writer][topics]") {
  TempDir dir;
  const std::string archive = dir / "a";
  {
    auto writer = OpenWriter(archive);
    AddTrainingStories(writer.get());
    REQUIRE(writer->Add(Story("u1", "Barrels", "opec crude oil barrels output pipeline")).ok());
    REQUIRE(writer->Commit().ok());
    REQUIRE(writer->TrainTopics(topics::TrainingOptions{}, 0.5).ok());
    REQUIRE(writer->ApplyTopicRules(kEnergyRule).ok());
    REQUIRE(writer->Reindex().ok());
  }
  const std::vector<TopicTag> u1 = TagsOf(archive, "topic:energy", "u1");
  REQUIRE(u1.size() == 2);
  CHECK(u1[0].topic == "energy");
  CHECK(u1[0].origin == TopicOrigin::kRule);
  CHECK(u1[1].topic == "crude");
  CHECK(u1[1].origin == TopicOrigin::kPredicted);
}

}  // namespace
}  // namespace newsdex
