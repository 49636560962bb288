// Key terms (Searcher::Terms): small archives where the answer is known — a desk of
// pipeline-dispute stories among unrelated ones must give pipeline words first, names
// as pasteable queries, and never ids, dates, topics or numbers.
#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "common/schema/schema.h"
#include "common/text/publication_date.h"
#include "newsdex/searcher.h"
#include "newsdex/writer.h"
#include "searcher/key_terms.h"
#include "support/temp_dir.h"

namespace newsdex {
namespace {

using testing::TempDir;

Article Story(std::string id, std::string title, std::string body, const char* published,
              std::vector<std::string> topics) {
  Article a;
  a.id = std::move(id);
  a.title = std::move(title);
  a.body = std::move(body);
  a.published = *text::ParsePublicationDate(published);
  a.topics = std::move(topics);
  return a;
}

// Six stories of a pipeline dispute (topic energy, "pipelines" written more often than
// "pipeline"), and twelve on other subjects.
std::vector<Article> Desk() {
  std::vector<Article> articles;
  const char* dispute[] = {
      "Pipelines shut as transit dispute deepens",
      "Pipeline operator halts pumping in transit dispute",
      "Talks fail to end pipelines dispute",
      "Refineries short of crude as pipelines stay shut",
      "Transit fees at heart of pipelines dispute",
      "Pipelines reopen after transit deal",
  };
  for (int i = 0; i < 6; ++i) {
    Article a = Story("energy-" + std::to_string(i), dispute[i],
                      "The pipelines carrying crude across the border stayed shut on day " +
                          std::to_string(i + 1) + " of the transit dispute. Anna Petrova, "
                          "who runs the pipeline operator Transneft, said the pipelines would "
                          "reopen once transit fees were paid. In 1987 the pipelines carried "
                          "1.2 million barrels a day.",
                      "1987-03-02", {"energy"});
    a.people = {"Anna Petrova"};
    a.orgs = {"Transneft"};
    articles.push_back(std::move(a));
  }
  const char* others[] = {
      "Harvest of wheat is the largest in a decade",  "Football club wins the league",
      "Parliament passes the budget after long debate", "Central bank leaves interest rates unchanged",
      "Storm closes schools across the region",        "Museum opens a gallery of modern art",
      "Carmaker recalls cars over faulty brakes",      "Wheat prices fall on record harvest",
      "Election date set for the spring",              "Airline orders new planes",
      "City council approves new housing",             "Coffee growers expect a smaller crop",
  };
  for (int i = 0; i < 12; ++i) {
    articles.push_back(Story("other-" + std::to_string(i), others[i],
                             std::string(others[i]) + ". Officials said on day " +
                                 std::to_string(i + 1) + " that more news would follow in 1987.",
                             "1987-03-05", {i % 2 == 0 ? "economy" : "society"}));
  }
  return articles;
}

class DeskArchive {
 public:
  explicit DeskArchive(const std::vector<Article>& articles) {
    auto writer = Writer::Open(WriterOptions{}, path());
    REQUIRE(writer.ok());
    for (const Article& a : articles) REQUIRE((*writer)->Add(a).ok());
    REQUIRE((*writer)->Commit().ok());
    auto searcher = Searcher::Open(SearcherOptions{}, path());
    REQUIRE(searcher.ok());
    searcher_ = std::move(searcher).value();
  }
  std::string path() const { return dir_ / "archive"; }

  TermsResult Terms(TermsRequest request) const {
    auto result = searcher_->Terms(request);
    INFO(request.query << ": " << result.status().ToString());
    REQUIRE(result.ok());
    return std::move(result).value();
  }
  TermsResult Terms(const std::string& query, std::size_t limit = 20) const {
    TermsRequest request;
    request.query = query;
    request.limit = limit;
    return Terms(request);
  }
  const Searcher& searcher() const { return *searcher_; }

 private:
  TempDir dir_;
  std::unique_ptr<Searcher> searcher_;
};

const KeyTerm* Find(const TermsResult& result, const std::string& term) {
  for (const KeyTerm& t : result.terms) {
    if (t.term == term) return &t;
  }
  return nullptr;
}

std::size_t RankOf(const TermsResult& result, const std::string& term) {
  for (std::size_t i = 0; i < result.terms.size(); ++i) {
    if (result.terms[i].term == term) return i;
  }
  return result.terms.size();
}

TEST_CASE("index terms are classified as words, names or neither", "[searcher][terms]") {
  const Schema& schema = Schema::Default();
  using K = search::KeyTermKind;
  struct Row { const char* term; std::optional<K> kind; };
  const Row rows[] = {
      {"pipelin", K::kWord},          {"北京", K::kWord},          {"1.13bn", K::kWord},
      {"XPanna petrova", K::kPerson}, {"XOtransneft", K::kOrg},    {"XLberlin", K::kPlace},
      {"1987", std::nullopt},         {"3.5", std::nullopt},       {"of", std::nullopt},
      {"us", std::nullopt},           {"Qenergy-1", std::nullopt}, {"Spipelin", std::nullopt},
      {"XTenergy", std::nullopt},     {"XDD19870302", std::nullopt}, {"XDY1987", std::nullopt},
      {"XEorbán", std::nullopt},      {"XSRCreuters", std::nullopt}, {"Len", std::nullopt},
      {"XP", std::nullopt},           {"", std::nullopt},
  };
  for (const Row& row : rows) {
    INFO(row.term);
    CHECK(search::ClassifyKeyTerm(row.term, schema) == row.kind);
  }
}

TEST_CASE("terms of a story's articles put its own words first", "[searcher][terms]") {
  DeskArchive archive(Desk());
  const TermsResult result = archive.Terms("topic:energy");
  CHECK(result.matches == 6);
  CHECK(result.sample == 6);
  REQUIRE(result.terms.size() == 20);
  // The story's words lead: pipelines, transit and dispute are in the top five.
  for (const char* word : {"pipelin", "transit", "disput"}) {
    INFO(word);
    CHECK(RankOf(result, word) < 5);
  }
  const KeyTerm* pipelines = Find(result, "pipelin");
  REQUIRE(pipelines != nullptr);
  CHECK(pipelines->kind == "word");
  CHECK(pipelines->label == "pipelines");  // written more often than "pipeline"
  CHECK(pipelines->query == "pipelines");
  CHECK(pipelines->articles == 6);
  CHECK(pipelines->weight > 0);
  // Weights never rise down the list.
  for (std::size_t i = 1; i < result.terms.size(); ++i) {
    CHECK(result.terms[i - 1].weight >= result.terms[i].weight);
  }
  // Only words and names: no ids, dates, topics, title forms or numbers.
  for (const KeyTerm& t : result.terms) {
    INFO(t.term);
    CHECK((t.kind == "word" || t.kind == "person" || t.kind == "org" || t.kind == "place"));
    if (t.kind == "word") {
      CHECK(std::islower(static_cast<unsigned char>(t.term[0])));
      CHECK(t.term.size() >= 3);
    }
    CHECK(t.term != "1987");
    for (const char* stop : {"the", "said", "march"}) CHECK(t.term != stop);
    CHECK(t.articles <= result.sample);
  }
}

TEST_CASE("names are listed by name, with a query to paste", "[searcher][terms]") {
  DeskArchive archive(Desk());
  const TermsResult result = archive.Terms("topic:energy", 50);
  const KeyTerm* person = nullptr;
  const KeyTerm* org = nullptr;
  for (const KeyTerm& t : result.terms) {
    if (t.kind == "person" && t.label == "Anna Petrova") person = &t;
    if (t.kind == "org" && t.label == "Transneft") org = &t;
  }
  REQUIRE(person != nullptr);
  CHECK(person->query == "person:\"anna petrova\"");
  CHECK(person->articles == 6);
  REQUIRE(org != nullptr);
  CHECK(org->query == "org:transneft");
  // Each query pasted back finds the six stories.
  for (const KeyTerm* t : {person, org, Find(result, "pipelin")}) {
    REQUIRE(t != nullptr);
    SearchRequest search;
    search.query = t->query;
    search.exact_counts = true;
    auto found = archive.searcher().Search(search);
    INFO(t->query << ": " << found.status().ToString());
    REQUIRE(found.ok());
    CHECK(found->total == 6);
  }
}

TEST_CASE("terms leave out the query's own terms and honour limit and sample", "[searcher][terms]") {
  DeskArchive archive(Desk());
  const TermsResult by_word = archive.Terms("pipelines", 10);
  CHECK(by_word.terms.size() == 10);
  CHECK(by_word.sample == 6);
  CHECK(Find(by_word, "pipelin") == nullptr);
  CHECK(RankOf(by_word, "transit") < 5);

  TermsRequest small;
  small.query = "transit";
  small.sample = 2;
  small.limit = 3;
  const TermsResult sampled = archive.Terms(small);
  CHECK(sampled.sample == 2);
  CHECK(sampled.matches == 6);
  CHECK(sampled.terms.size() == 3);
  for (const KeyTerm& t : sampled.terms) CHECK(t.articles <= 2);
}

TEST_CASE("terms of no match, of an empty archive and of bad queries", "[searcher][terms]") {
  DeskArchive archive(Desk());
  const TermsResult none = archive.Terms("zeppelin");
  CHECK(none.matches == 0);
  CHECK(none.sample == 0);
  CHECK(none.terms.empty());

  TermsRequest empty;
  auto refused = archive.searcher().Terms(empty);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().code() == StatusCode::kInvalidArgument);
  empty.query = "foo:bar";
  auto bad = archive.searcher().Terms(empty);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().code() == StatusCode::kInvalidArgument);

  DeskArchive nothing({});
  const TermsResult from_nothing = nothing.Terms("pipelines");
  CHECK(from_nothing.sample == 0);
  CHECK(from_nothing.terms.empty());
}

}  // namespace
}  // namespace newsdex
