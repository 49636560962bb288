#include "common/topics/topic_classifier.h"

#include <algorithm>
#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "common/schema/schema.h"
#include "indexer/article_indexer.h"

namespace newsdex::topics {
namespace {

// Each topic's own words; every invented article also draws from the shared wire words.
const std::vector<std::string> kGrainWords = {"wheat", "harvest", "tonnes", "crop", "maize",
                                              "silo", "bushel", "farmer"};
const std::vector<std::string> kCrudeWords = {"oil", "barrel", "opec", "refinery", "brent",
                                              "pipeline", "drilling", "tanker"};
const std::vector<std::string> kWireWords = {"said", "week", "market", "official", "year",
                                             "report", "government", "price"};

// A small deterministic generator, so that the invented articles are the same everywhere.
class WireDesk {
 public:
  std::uint32_t Next(std::uint32_t bound) {
    state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::uint32_t>(state_ >> 33) % bound;
  }

  // An article of `words` words from `vocabulary` and as many wire words.
  ArticleTerms Write(const std::vector<const std::vector<std::string>*>& vocabularies,
                     int words) {
    std::vector<std::pair<std::string, std::uint32_t>> counts;
    auto add = [&](const std::string& term) {
      for (auto& [t, n] : counts) {
        if (t == term) {
          ++n;
          return;
        }
      }
      counts.emplace_back(term, 1);
    };
    for (const auto* vocabulary : vocabularies) {
      for (int k = 0; k < words; ++k) add((*vocabulary)[Next(vocabulary->size())]);
    }
    for (int k = 0; k < words; ++k) add(kWireWords[Next(kWireWords.size())]);
    std::sort(counts.begin(), counts.end());
    ArticleTerms terms;
    for (auto& [t, n] : counts) terms.push_back({t, n});
    return terms;
  }

 private:
  std::uint64_t state_ = 1987;
};

LabelledArticle Labelled(ArticleTerms terms, std::vector<std::string> topics) {
  return {std::move(terms), std::move(topics)};
}

// 30 grain stories, 30 crude stories and 30 stories with neither topic.
std::vector<LabelledArticle> GrainAndCrude(WireDesk* desk) {
  std::vector<LabelledArticle> examples;
  for (int i = 0; i < 30; ++i) {
    examples.push_back(Labelled(desk->Write({&kGrainWords}, 6), {"grain"}));
    examples.push_back(Labelled(desk->Write({&kCrudeWords}, 6), {"crude"}));
    examples.push_back(Labelled(desk->Write({}, 6), {}));
  }
  return examples;
}

std::vector<std::string> TopicsOf(const std::vector<TopicScore>& scores) {
  std::vector<std::string> out;
  for (const TopicScore& s : scores) out.push_back(s.topic);
  return out;
}

TopicModel MustTrain(const std::vector<LabelledArticle>& examples,
                     const TrainingOptions& options = {}) {
  auto model = TopicModel::Train(examples, options);
  REQUIRE(model.ok());
  return std::move(model).value();
}

TEST_CASE("separable topics are learned perfectly", "[topics]") {
  WireDesk desk;
  const std::vector<LabelledArticle> examples = GrainAndCrude(&desk);
  const TopicModel model = MustTrain(examples);
  CHECK(model.training_articles() == 90);
  REQUIRE(model.topics().size() == 2);
  CHECK(model.topics()[0].topic == "crude");
  CHECK(model.topics()[0].articles == 30);
  CHECK(model.topics()[1].topic == "grain");
  CHECK(model.feature_count() == kGrainWords.size() + kCrudeWords.size() + kWireWords.size());
  for (const LabelledArticle& example : examples) {
    CHECK(TopicsOf(model.Predict(example.terms, 0.5)) == example.topics);
  }
  // New stories, never seen in training.
  for (int i = 0; i < 20; ++i) {
    CHECK(TopicsOf(model.Predict(desk.Write({&kGrainWords}, 5), 0.5)) ==
          std::vector<std::string>{"grain"});
    CHECK(TopicsOf(model.Predict(desk.Write({&kCrudeWords}, 5), 0.5)) ==
          std::vector<std::string>{"crude"});
    CHECK(model.Predict(desk.Write({}, 5), 0.5).empty());
  }
}

TEST_CASE("an article can carry several topics", "[topics]") {
  WireDesk desk;
  std::vector<LabelledArticle> examples = GrainAndCrude(&desk);
  for (int i = 0; i < 15; ++i) {
    examples.push_back(Labelled(desk.Write({&kGrainWords, &kCrudeWords}, 4), {"crude", "grain"}));
  }
  const TopicModel model = MustTrain(examples);
  for (int i = 0; i < 10; ++i) {
    const auto both = model.Predict(desk.Write({&kGrainWords, &kCrudeWords}, 5), 0.5);
    std::set<std::string> topics;
    for (const TopicScore& s : both) topics.insert(s.topic);
    CHECK(topics == std::set<std::string>{"crude", "grain"});
  }
}

TEST_CASE("a topic given to too few articles is not learned", "[topics]") {
  WireDesk desk;
  std::vector<LabelledArticle> examples = GrainAndCrude(&desk);
  const std::vector<std::string> cocoa_words = {"cocoa", "bean", "bahia", "grinding"};
  for (int i = 0; i < 9; ++i) examples.push_back(Labelled(desk.Write({&cocoa_words}, 5), {"cocoa"}));
  TrainingOptions options;
  options.min_articles_per_topic = 10;
  const TopicModel model = MustTrain(examples, options);
  std::set<std::string> scored;
  for (const TopicScore& s : model.Score(desk.Write({&cocoa_words}, 5))) scored.insert(s.topic);
  CHECK(scored == std::set<std::string>{"crude", "grain"});
  for (const LearnedTopic& t : model.topics()) CHECK(t.topic != "cocoa");
  // With one more story the topic is learned.
  examples.push_back(Labelled(desk.Write({&cocoa_words}, 5), {"cocoa"}));
  const TopicModel more = MustTrain(examples, options);
  REQUIRE(more.topics().size() == 3);
  CHECK(more.topics()[0].topic == "cocoa");
  CHECK(more.topics()[0].articles == 10);
}

TEST_CASE("articles without topics are negatives for every topic", "[topics]") {
  WireDesk desk;
  const std::vector<std::string> sport_words = {"goal", "striker", "league", "match"};
  std::vector<LabelledArticle> examples;
  for (int i = 0; i < 20; ++i) {
    examples.push_back(Labelled(desk.Write({&kGrainWords}, 6), {"grain"}));
    examples.push_back(Labelled(desk.Write({&sport_words}, 6), {}));
  }
  const TopicModel model = MustTrain(examples);
  REQUIRE(model.topics().size() == 1);
  CHECK(model.training_articles() == 40);
  for (int i = 0; i < 10; ++i) {
    CHECK(model.Score(desk.Write({&sport_words}, 6)).front().confidence < 0.5);
    CHECK(model.Score(desk.Write({&kGrainWords}, 6)).front().confidence > 0.5);
  }
  // Negatives alone teach nothing.
  std::vector<LabelledArticle> negatives;
  for (int i = 0; i < 20; ++i) negatives.push_back(Labelled(desk.Write({&sport_words}, 6), {}));
  auto none = TopicModel::Train(negatives, {});
  REQUIRE_FALSE(none.ok());
  CHECK(none.status().code() == StatusCode::kInvalidArgument);
}

TEST_CASE("bad training options are refused", "[topics]") {
  WireDesk desk;
  TrainingOptions options;
  options.error_cost = 0;
  auto model = TopicModel::Train(GrainAndCrude(&desk), options);
  REQUIRE_FALSE(model.ok());
  CHECK(model.status().code() == StatusCode::kInvalidArgument);
}

TEST_CASE("training twice gives the same bytes", "[topics]") {
  WireDesk first_desk, second_desk;
  const std::string first = MustTrain(GrainAndCrude(&first_desk)).Serialize();
  const std::string second = MustTrain(GrainAndCrude(&second_desk)).Serialize();
  CHECK(first == second);
}

TEST_CASE("a model read back scores exactly as the one written", "[topics]") {
  WireDesk desk;
  const TopicModel model = MustTrain(GrainAndCrude(&desk));
  auto read = TopicModel::Deserialize(model.Serialize());
  REQUIRE(read.ok());
  CHECK(read->Serialize() == model.Serialize());
  CHECK(read->feature_count() == model.feature_count());
  CHECK(read->training_articles() == model.training_articles());
  REQUIRE(read->topics().size() == model.topics().size());
  for (int i = 0; i < 20; ++i) {
    const ArticleTerms article = desk.Write({i % 2 ? &kGrainWords : &kCrudeWords}, 3 + i % 4);
    const auto expected = model.Score(article);
    const auto got = read->Score(article);
    REQUIRE(got.size() == expected.size());
    for (std::size_t t = 0; t < got.size(); ++t) {
      CHECK(got[t].topic == expected[t].topic);
      CHECK(got[t].confidence == expected[t].confidence);
    }
  }
  // Copies are independent values that score alike.
  TopicModel copy = *read;
  const ArticleTerms article = desk.Write({&kGrainWords}, 4);
  CHECK(copy.Score(article).front().confidence == read->Score(article).front().confidence);
}

TEST_CASE("damaged or truncated model bytes are Corruption", "[topics]") {
  WireDesk desk;
  std::vector<LabelledArticle> examples;
  const std::vector<std::string> short_grain = {"wheat", "crop"};
  const std::vector<std::string> short_crude = {"oil", "opec"};
  for (int i = 0; i < 3; ++i) {
    examples.push_back(Labelled(desk.Write({&short_grain}, 2), {"grain"}));
    examples.push_back(Labelled(desk.Write({&short_crude}, 2), {"crude"}));
  }
  TrainingOptions options;
  options.min_articles_per_topic = 3;
  const std::string bytes = MustTrain(examples, options).Serialize();
  REQUIRE(TopicModel::Deserialize(bytes).ok());
  for (std::size_t length = 0; length < bytes.size(); ++length) {
    auto cut = TopicModel::Deserialize(std::string_view(bytes).substr(0, length));
    REQUIRE_FALSE(cut.ok());
    CHECK(cut.status().code() == StatusCode::kCorruption);
  }
  for (std::size_t at = 0; at < bytes.size(); ++at) {
    for (unsigned char flip : {0x01, 0x80, 0xff}) {
      std::string damaged = bytes;
      damaged[at] = static_cast<char>(static_cast<unsigned char>(damaged[at]) ^ flip);
      auto read = TopicModel::Deserialize(damaged);
      REQUIRE_FALSE(read.ok());
      CHECK(read.status().code() == StatusCode::kCorruption);
    }
  }
  CHECK_FALSE(TopicModel::Deserialize(bytes + "x").ok());
  std::string newer = bytes;
  newer[8] = 2;  // the version's low byte
  auto unknown = TopicModel::Deserialize(newer);
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.status().code() == StatusCode::kCorruption);
  CHECK(unknown.status().message().find("version 2") != std::string::npos);
}

TEST_CASE("the classifier reads words and names, never topics, ids or dates", "[topics]") {
  Article article;
  article.id = "desk-42";
  article.title = "Wheat harvest lifts Kansas farmers";
  article.body =
      "The Agriculture Department said on 3 March 1987 that the wheat crop in Kansas "
      "was larger than expected. Clayton Yeutter welcomed the news, Ulrike Müller said.";
  article.source = "Wire One";
  article.people = {"Clayton Yeutter"};
  article.orgs = {"usda"};
  article.places = {"usa"};
  article.topics = {"grain", "money-fx"};
  article.published = 541350061;  // 1987-02-26
  indexer::ArticleIndexer article_indexer(Schema::Default(), "en", 8 << 20);
  indexer::BuildReport report;
  const Xapian::Document doc = article_indexer.Build(article, &report);

  const ArticleTerms terms = ClassifierTermsOf(doc);
  std::set<std::string> kept;
  for (const TermCount& tc : terms) {
    kept.insert(tc.term);
    CHECK(tc.count > 0);
  }
  CHECK(std::is_sorted(terms.begin(), terms.end(),
                       [](const TermCount& a, const TermCount& b) { return a.term < b.term; }));
  CHECK(kept.count("wheat") == 1);
  CHECK(kept.count("harvest") == 1);
  CHECK(kept.count("XPclayton yeutter") == 1);
  CHECK(kept.count("XLkansas") == 1);
  // The source's "usda" and "usa" are kept under the keys the name resolver gives them.
  const auto kept_with = [&](std::string_view prefix) {
    return std::any_of(kept.begin(), kept.end(),
                       [&](const std::string& t) { return t.starts_with(prefix); });
  };
  CHECK(kept_with("XO"));
  CHECK(kept.count("muller") == 1);
  std::set<std::string> dropped;
  for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
    if (kept.count(*it) == 0) dropped.insert(*it);
  }
  CHECK(dropped.count("XTgrain") == 1);
  CHECK(dropped.count("XTmoney fx") == 1);
  CHECK(dropped.count("Qdesk-42") == 1);
  CHECK(dropped.count("Swheat") == 1);
  CHECK(dropped.count("XDD19870303") == 1);
  CHECK(dropped.count("XDY1987") == 1);
  for (const std::string& term : kept) {
    const bool word = !(term.front() >= 'A' && term.front() <= 'Z');
    const bool entity =
        term.starts_with("XP") || term.starts_with("XO") || term.starts_with("XL");
    CHECK((word || entity));
  }
  CHECK(dropped.count("1987") == 1);  // numbers are words the classifier leaves out
  for (const std::string& term : dropped) {
    CHECK(((term.front() >= 'A' && term.front() <= 'Z') || IsNumberTerm(term)));
    CHECK_FALSE((term.starts_with("XP") || term.starts_with("XO") || term.starts_with("XL")));
  }
  CHECK(dropped.count("XEmüller") == 1);
  // A title word's count includes the title weight.
  auto wheat = std::find_if(terms.begin(), terms.end(),
                            [](const TermCount& tc) { return tc.term == "wheat"; });
  REQUIRE(wheat != terms.end());
  CHECK(wheat->count > 2);
}

TEST_CASE("number terms are told from words", "[topics]") {
  const std::vector<std::pair<std::string, bool>> cases = {
      {"1987", true}, {"3000", true}, {"1.5", true}, {"3,000", true}, {"0", true},
      {"1st", false}, {"10-k", false}, {"mln", false}, {".5", false}, {"", false},
      {"XDY1987", false}};
  for (const auto& [term, number] : cases) {
    INFO(term);
    CHECK(IsNumberTerm(term) == number);
  }
}

TEST_CASE("scores come highest first, ties by topic name", "[topics]") {
  WireDesk desk;
  std::vector<LabelledArticle> examples;
  // "ship" and "crude" always go together, so their models are the same.
  for (int i = 0; i < 15; ++i) {
    examples.push_back(Labelled(desk.Write({&kCrudeWords}, 6), {"ship", "crude"}));
    examples.push_back(Labelled(desk.Write({&kGrainWords}, 6), {"grain"}));
    examples.push_back(Labelled(desk.Write({}, 6), {}));
  }
  const TopicModel model = MustTrain(examples);
  const auto scores = model.Score(desk.Write({&kCrudeWords}, 5));
  REQUIRE(scores.size() == 3);
  CHECK(TopicsOf(scores) == std::vector<std::string>{"crude", "ship", "grain"});
  CHECK(scores[0].confidence == scores[1].confidence);
  CHECK(scores[1].confidence > scores[2].confidence);
  for (const TopicScore& s : scores) {
    CHECK(s.confidence >= 0);
    CHECK(s.confidence <= 1);
  }
  const auto above = model.Predict(desk.Write({&kGrainWords}, 5), 0.5);
  CHECK(TopicsOf(above) == std::vector<std::string>{"grain"});
  CHECK(model.Predict(desk.Write({&kGrainWords}, 5), 0.0).size() == 3);
}

TEST_CASE("an empty article gets every topic's prior, below one half", "[topics]") {
  WireDesk desk;
  const TopicModel model = MustTrain(GrainAndCrude(&desk));
  const auto scores = model.Score({});
  REQUIRE(scores.size() == 2);
  for (const TopicScore& s : scores) {
    CHECK(s.confidence > 0);
    CHECK(s.confidence < 0.5);
  }
  CHECK(model.Predict({}, 0.5).empty());
  CHECK(model.Predict({{"unheard", 3}}, 0.5).empty());
  // A model that learned nothing scores nothing.
  CHECK(TopicModel().Score({{"wheat", 1}}).empty());
  auto empty = TopicModel::Deserialize(TopicModel().Serialize());
  REQUIRE(empty.ok());
  CHECK(empty->topics().empty());
}

}  // namespace
}  // namespace newsdex::topics
