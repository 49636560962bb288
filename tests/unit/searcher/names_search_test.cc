// Names end to end: found at indexing, kept in the entity registry, expanded in
// queries, counted in facets, listed and ranked by co-occurrence, and corrected by an
// alias table without reading the sources again.
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "indexer/index_writer.h"
#include "newsdex/searcher.h"
#include "newsdex/writer.h"
#include "support/temp_dir.h"

namespace newsdex {
namespace {

using testing::TempDir;

std::int64_t Day(int d) { return 1697500800 + static_cast<std::int64_t>(d - 17) * 86400; }  // 2023-10-d

Article Make(std::string id, std::string title, std::string body, int day,
             std::string language = "en") {
  Article a;
  a.id = std::move(id);
  a.title = std::move(title);
  a.body = std::move(body);
  a.published = Day(day);
  a.language = std::move(language);
  return a;
}

std::vector<Article> Articles() {
  return {
      Make("n1", "Putin arrives in Beijing for talks with Xi",
           "Russian President Vladimir Putin arrived in Beijing on Tuesday for talks with "
           "Chinese President Xi Jinping. Putin’s visit is his first abroad this year. "
           "Mr. Putin and Xi Jinping discussed energy.",
           17),
      Make("n2", "Kremlin says gas deal is near",
           "Officials expect a deal soon. Later in the week President Putin said Gazprom CEO "
           "Alexei Miller would sign it in Moscow.",
           20),
      Make("n3", "Путин провёл переговоры в Пекине",
           "Владимир Путин провёл переговоры в Пекине.", 18, "ru"),
      Make("n4", "Orban visits Beijing",
           "Hungarian Prime Minister Viktor Orban met Xi Jinping in Beijing on Wednesday. "
           "Orban praised the talks.",
           18),
      Make("n5", "Markets steady",
           "Stocks in Tokyo were little changed as traders awaited the Bank of Japan.", 19),
      Make("n6", "Trade ministers meet in Geneva",
           "Trade ministers from forty nations met in Geneva. Putting tariffs aside, they "
           "discussed grain.",
           19),
      Make("n7", "Contract signed", "Mr. Miller signed the contract in Moscow on Thursday.", 19),
  };
}

class NamesArchive {
 public:
  NamesArchive() {
    auto writer = Writer::Open(WriterOptions{}, path());
    REQUIRE(writer.ok());
    for (const Article& a : Articles()) REQUIRE((*writer)->Add(a).ok());
    REQUIRE((*writer)->Commit().ok());
  }
  std::string path() const { return dir_ / "archive"; }

  std::unique_ptr<Searcher> Open() const {
    auto searcher = Searcher::Open(SearcherOptions{}, path());
    REQUIRE(searcher.ok());
    return std::move(searcher).value();
  }

 private:
  TempDir dir_;
};

std::set<std::string> Ids(const Searcher& searcher, const std::string& query) {
  SearchRequest request;
  request.query = query;
  request.limit = 100;
  auto results = searcher.Search(request);
  REQUIRE(results.ok());
  std::set<std::string> ids;
  for (const Hit& hit : results->hits) ids.insert(hit.id);
  return ids;
}

// The entity the archive lists first for the name `query` (REQUIREs that there is one).
NameInfo FirstName(const Searcher& searcher, const std::string& query) {
  NamesRequest request;
  request.query = query;
  auto names = searcher.Names(request);
  REQUIRE(names.ok());
  REQUIRE_FALSE(names->empty());
  return names->front();
}

TEST_CASE("a person is found under every form of the name", "[names][searcher]") {
  NamesArchive archive;
  auto searcher = archive.Open();
  const std::set<std::string> expected = {"n1", "n2", "n3"};
  CHECK(Ids(*searcher, "person:putin") == expected);
  CHECK(Ids(*searcher, "person:\"vladimir putin\"") == expected);
  CHECK(Ids(*searcher, "person:\"Vladimir Putin\"") == expected);
  CHECK(Ids(*searcher, "person:Путин") == expected);
  CHECK(Ids(*searcher, "name:putin") == expected);
  // "Putting" is not Putin.
  CHECK(Ids(*searcher, "person:putin").count("n6") == 0);
}

TEST_CASE("a person query returns only articles that write the name or an alias",
          "[names][searcher]") {
  NamesArchive archive;
  auto searcher = archive.Open();
  const NameInfo putin = FirstName(*searcher, "putin");
  SearchRequest request;
  request.query = "person:putin";
  request.limit = 100;
  auto results = searcher->Search(request);
  REQUIRE(results.ok());
  const std::vector<Article> articles = Articles();
  for (const Hit& hit : results->hits) {
    const Article& a = *std::find_if(articles.begin(), articles.end(), [&](const Article& x) {
      return x.id == hit.id;
    });
    bool written = false;
    for (const auto& [alias, count] : putin.aliases) {
      written |= a.title.find(alias) != std::string::npos || a.body.find(alias) != std::string::npos;
    }
    INFO(hit.id);
    CHECK(written);
  }
}

TEST_CASE("articles where a name is prominent rank first", "[names][searcher]") {
  NamesArchive archive;
  auto searcher = archive.Open();
  SearchRequest request;
  request.query = "person:putin";
  auto results = searcher->Search(request);
  REQUIRE(results.ok());
  REQUIRE(results->hits.size() == 3);
  // n1 names him in the title and three times; n2 once, late in the body.
  CHECK(results->hits.front().id == "n1");
  CHECK(results->hits.back().id == "n2");
  CHECK(results->hits.front().score > results->hits.back().score);
}

TEST_CASE("entity facets count entities and show their names", "[names][searcher]") {
  NamesArchive archive;
  auto searcher = archive.Open();
  SearchRequest request;
  request.query = "place:beijing";
  request.facets = {"person", "place"};
  request.limit = 0;
  auto results = searcher->Search(request);
  REQUIRE(results.ok());
  REQUIRE(results->facets.size() == 2);
  const Facet& people = results->facets[0];
  auto find = [&](const std::string& key) -> const FacetValue* {
    for (const FacetValue& v : people.values) {
      if (v.key == key) return &v;
    }
    return nullptr;
  };
  REQUIRE(find("vladimir putin") != nullptr);
  CHECK(find("vladimir putin")->value == "Vladimir Putin");
  REQUIRE(find("xi jinping") != nullptr);
  CHECK(find("xi jinping")->count >= 2);
  CHECK(find("putin") == nullptr);  // counted under the full name
  // Hits list the names of their articles.
  request.limit = 10;
  request.query = "id:n4";
  results = searcher->Search(request);
  REQUIRE(results.ok());
  REQUIRE(results->hits.size() == 1);
  const auto& hit_people = results->hits[0].people;
  CHECK(std::count(hit_people.begin(), hit_people.end(), "Viktor Orban") == 1);
}

TEST_CASE("facets and hits follow the registry to a later commit", "[names][searcher]") {
  TempDir dir;
  const std::string path = dir / "archive";
  auto add = [&](const Article& article) {
    auto writer = Writer::Open(WriterOptions{}, path);
    REQUIRE(writer.ok());
    REQUIRE((*writer)->Add(article).ok());
    REQUIRE((*writer)->Commit().ok());
  };
  add(Make("k1", "Kremlin talks", "President Medvedev said the talks went well.", 17));
  auto searcher = Searcher::Open(SearcherOptions{}, path);
  REQUIRE(searcher.ok());
  SearchRequest request;
  request.query = "kremlin";
  request.facets = {"person"};
  auto people = [&] {
    auto results = (*searcher)->Search(request);
    REQUIRE(results.ok());
    REQUIRE(results->facets.size() == 1);
    std::map<std::string, std::string> shown;  // key -> name
    for (const FacetValue& v : results->facets[0].values) shown[v.key] = v.value;
    for (const Hit& hit : results->hits) {
      for (const std::string& name : hit.people) shown["hit " + hit.id] = name;
    }
    return shown;
  };
  CHECK(people() == std::map<std::string, std::string>{{"medvedev", "Medvedev"},
                                                       {"hit k1", "Medvedev"}});
  // A later article gives the full name and writes it short too: the full name then
  // owns the one-word name, also in the first article.
  add(Make("k2", "Kremlin visit", "Dmitry Medvedev arrived at the Kremlin. Medvedev met aides.", 18));
  REQUIRE((*searcher)->Reopen().ok());
  const auto after = people();

  CHECK(after.count("medvedev") == 0);
  REQUIRE(after.count("dmitry medvedev") == 1);
  CHECK(after.at("dmitry medvedev") == "Dmitry Medvedev");
  CHECK(after.at("hit k1") == "Dmitry Medvedev");
  CHECK(after.at("hit k2") == "Dmitry Medvedev");
}

TEST_CASE("names lists entities with aliases, counts and dates", "[names][searcher]") {
  NamesArchive archive;
  auto searcher = archive.Open();
  const NameInfo putin = FirstName(*searcher, "putin");
  CHECK(putin.name == "Vladimir Putin");
  CHECK(putin.kind == "person");
  CHECK(putin.key == "vladimir putin");
  CHECK(putin.articles == 3);
  std::set<std::string> written;
  for (const auto& [alias, count] : putin.aliases) written.insert(alias);
  CHECK(written.count("Putin") == 1);
  CHECK(written.count("President Putin") == 1);
  CHECK(written.count("Владимир Путин") == 1);
  REQUIRE(putin.first_seen.has_value());
  CHECK(*putin.first_seen == Day(17));
  CHECK(*putin.last_seen == Day(20));

  NamesRequest request;
  request.query = "orb*";
  request.kind = "person";
  auto names = searcher->Names(request);
  REQUIRE(names.ok());
  REQUIRE(names->size() == 1);
  CHECK(names->front().name == "Viktor Orban");

  request.kind = "planet";
  CHECK(searcher->Names(request).status().code() == StatusCode::kInvalidArgument);
}

TEST_CASE("co-occurrence ranks the names seen with a person", "[names][searcher]") {
  NamesArchive archive;
  auto searcher = archive.Open();
  CooccurrenceRequest request;
  request.query = "person:putin";
  request.kind = "person";
  auto ranked = searcher->Cooccurring(request);
  REQUIRE(ranked.ok());
  CHECK(ranked->matches == 3);
  REQUIRE(ranked->query_names.size() == 1);
  CHECK(ranked->query_names[0].name == "Vladimir Putin");
  REQUIRE_FALSE(ranked->names.empty());
  for (const AssociatedName& a : ranked->names) CHECK(a.name.key != "vladimir putin");
  bool miller = false;
  for (const AssociatedName& a : ranked->names) {
    CHECK(a.score > 0);
    miller |= a.name.key == "alexei miller";
  }
  CHECK(miller);
}

TEST_CASE("replacing and deleting articles keeps the registry exact", "[names][searcher]") {
  NamesArchive archive;
  {
    auto writer = Writer::Open(WriterOptions{}, archive.path());
    REQUIRE(writer.ok());
    REQUIRE((*writer)->Add(Make("n2", "Kremlin says gas deal is near",
                                "Officials expect a deal soon.", 20)).ok());
    REQUIRE((*writer)->Delete("n3").ok());
    REQUIRE((*writer)->Commit().ok());
  }
  auto searcher = archive.Open();
  CHECK(FirstName(*searcher, "putin").articles == 1);
  CHECK(Ids(*searcher, "person:putin") == std::set<std::string>{"n1"});
}

TEST_CASE("re-analysing every stored article leaves the registry as it was",
          "[names][searcher]") {
  NamesArchive archive;
  {
    WriterOptions options;
    options.create_if_missing = false;
    auto writer = indexer::IndexWriter::OpenArchive(options, archive.path());
    REQUIRE(writer.ok());
    auto count = (*writer)->Reindex();
    REQUIRE(count.ok());
    CHECK(*count == Articles().size());
  }
  auto searcher = archive.Open();
  CHECK(FirstName(*searcher, "putin").articles == 3);  // counted once, not again
  CHECK(Ids(*searcher, "person:putin") == std::set<std::string>{"n1", "n2", "n3"});
}

TEST_CASE("an alias table merges names without reading the sources again",
          "[names][searcher]") {
  NamesArchive archive;
  {
    auto searcher = archive.Open();
    CHECK(Ids(*searcher, "person:\"alexei miller\"").count("n7") == 0);
  }
  {
    WriterOptions options;
    options.create_if_missing = false;
    auto writer = indexer::IndexWriter::OpenArchive(options, archive.path());
    REQUIRE(writer.ok());
    auto relinked = (*writer)->ApplyAliases(
        "[[entity]]\nkind = \"person\"\nname = \"Alexei Miller\"\naliases = [\"Miller\"]\n");
    REQUIRE(relinked.ok());
    CHECK(*relinked >= 1);
    auto text = (*writer)->AliasesText();
    REQUIRE(text.ok());
    CHECK(text->find("Alexei Miller") != std::string::npos);
    auto bad = (*writer)->ApplyAliases("[[entity]]\nkind = \"planet\"\n");
    CHECK(bad.status().code() == StatusCode::kInvalidArgument);
  }
  auto searcher = archive.Open();
  CHECK(Ids(*searcher, "person:\"alexei miller\"").count("n7") == 1);
  CHECK(Ids(*searcher, "person:miller").count("n7") == 1);
  // The table is kept: articles added later are linked with it.
  {
    auto writer = Writer::Open(WriterOptions{}, archive.path());
    REQUIRE(writer.ok());
    REQUIRE((*writer)->Add(Make("n8", "Return", "Mr. Miller returned to Moscow.", 21)).ok());
    REQUIRE((*writer)->Commit().ok());
  }
  searcher = archive.Open();
  CHECK(Ids(*searcher, "person:\"alexei miller\"").count("n8") == 1);
}

}  // namespace
}  // namespace newsdex
