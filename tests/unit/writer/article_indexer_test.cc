#include "indexer/article_indexer.h"

#include <set>

#include <catch2/catch.hpp>

#include "common/schema/document_data.h"
#include "common/schema/terms.h"
#include "support/schemas.h"

namespace newsdex::indexer {
namespace {

std::set<std::string> Terms(const Xapian::Document& doc) {
  std::set<std::string> out;
  for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) out.insert(*it);
  return out;
}

Xapian::termcount Wdf(const Xapian::Document& doc, const std::string& term) {
  auto it = doc.termlist_begin();
  it.skip_to(term);
  return it != doc.termlist_end() && *it == term ? it.get_wdf() : 0;
}

std::vector<Xapian::termpos> Positions(const Xapian::Document& doc, const std::string& term) {
  auto it = doc.termlist_begin();
  it.skip_to(term);
  if (it == doc.termlist_end() || *it != term) return {};
  return {it.positionlist_begin(), it.positionlist_end()};
}

Article Sample() {
  Article a;
  a.id = "wire-7";
  a.title = "Orbán meets Putin";
  a.body = "Talks in Beijing.";
  a.byline = "By Michael Gelb, Reuters";
  a.source = "Wire One";
  a.people = {"Vladimir Putin"};
  a.places = {"el-salvador"};
  a.topics = {"belt and road"};
  a.published = 541350061;  // 1987-02-26T15:01:01Z
  return a;
}

TEST_CASE("title words are indexed twice, body words once, as the query parser expects",
          "[writer]") {
  ArticleIndexer indexer(Schema::Default(), "en", 1 << 20);
  BuildReport report;
  const Xapian::Document doc = indexer.Build(Sample(), &report);
  CHECK(doc.get_data() == "wire-7");
  // Title: "S" terms with positions, and unprefixed terms weighted 3.
  CHECK(Positions(doc, "Sputin") == std::vector<Xapian::termpos>{3});
  CHECK(Positions(doc, "putin") == std::vector<Xapian::termpos>{3});
  CHECK(Wdf(doc, "Sputin") == 1);
  CHECK(Wdf(doc, "putin") == 3);
  // Body: unprefixed, after a gap, so no phrase spans title and body.
  const std::vector<Xapian::termpos> talks = Positions(doc, "talk");
  REQUIRE(talks.size() == 1);
  CHECK(talks.front() > 3 + kFieldGap);
  CHECK(Terms(doc).count("Stalk") == 0);
  // Accents: folded term, plus the accent-exact form without positions.
  CHECK(Terms(doc).count("orban") == 1);
  CHECK(Terms(doc).count("XEorbán") == 1);
  CHECK(Positions(doc, "XEorbán").empty());
  CHECK(report.words == 3 + kFieldGap + 3);
  CHECK_FALSE(report.truncated);
}

TEST_CASE("keyword and topic values become folded boolean terms", "[writer]") {
  ArticleIndexer indexer(Schema::Default(), "en", 1 << 20);
  BuildReport report;
  const Xapian::Document doc = indexer.Build(Sample(), &report);
  const std::set<std::string> terms = Terms(doc);
  for (const char* expected : {"Qwire-7", "XTbelt and road", "Aby michael gelb reuters", "Agelb",
                               "XSRCwire one", "XSRCwire", "Len"}) {
    INFO(expected);
    CHECK(terms.count(expected) == 1);
  }
  CHECK(terms.count("XTroad") == 0);  // topics are whole labels
  CHECK(Wdf(doc, "XTbelt and road") == 0);  // boolean: no weight
  CHECK(doc.get_value(kSlotPublished) == "19870226150101");
  CHECK(doc.get_value(kSlotTopics) == "belt and road");
}

TEST_CASE("names found in the text and given by the source become entity terms",
          "[writer]") {
  ArticleIndexer indexer(Schema::Default(), "en", 1 << 20);
  BuildReport report;
  const Xapian::Document doc = indexer.Build(Sample(), &report);
  const std::set<std::string> terms = Terms(doc);
  for (const char* expected : {"XPvladimir putin", "XLel salvador", "XLbeijing"}) {
    INFO(expected);
    CHECK(terms.count(expected) == 1);
  }
  // "Putin" in the title is the Vladimir Putin the source lists, not a second person.
  CHECK(terms.count("XPputin") == 0);
  CHECK(Positions(doc, "XPvladimir putin") == std::vector<Xapian::termpos>{3});
  CHECK(Wdf(doc, "XPvladimir putin") == 3);  // named in the title
  CHECK(Wdf(doc, "XLbeijing") == 2);         // named in the lede
  CHECK(Wdf(doc, "XLel salvador") == 1);     // given by the source only: no position
  CHECK(Positions(doc, "XLel salvador").empty());
  CHECK(doc.get_value(kSlotPeople) == "vladimir putin");
  const std::string places = doc.get_value(kSlotPlaces);
  CHECK(places.find("el salvador") != std::string::npos);
  CHECK(places.find("beijing") != std::string::npos);
  // The hit-names slot holds the same lists, for hits to show in one read.
  const std::string hit_names = doc.get_value(kSlotHitNames);
  const std::optional<EntityKeyViews> decoded = DecodeHitNames(hit_names);
  REQUIRE(decoded.has_value());
  CHECK((*decoded)[0] == doc.get_value(kSlotPeople));
  CHECK((*decoded)[1] == doc.get_value(kSlotOrgs));
  CHECK((*decoded)[2] == places);
  REQUIRE(report.entities.size() == 3);
  for (const text::ArticleEntity& e : report.entities) {
    if (e.key == "vladimir putin") {
      CHECK(e.from_metadata);
      CHECK(e.in_title);
      CHECK(e.name == "Vladimir Putin");
    }
  }
}

TEST_CASE("text past max_indexed_bytes is cut on a character boundary and reported",
          "[writer]") {
  ArticleIndexer indexer(Schema::Default(), "en", 20);
  Article a;
  a.id = "long";
  a.title = "Short title";
  a.body = "ééééééééééééééééééé tail";
  BuildReport report;
  const Xapian::Document doc = indexer.Build(a, &report);
  CHECK(report.truncated);
  CHECK(Terms(doc).count("tail") == 0);
  CHECK(Terms(doc).count("short") == 1);
}

TEST_CASE("an archive without word positions gets the same terms and weights, no positions",
          "[writer]") {
  BuildReport report;
  ArticleIndexer with(Schema::Default(), "en", 1 << 20);
  const Xapian::Document positional = with.Build(Sample(), &report);
  ArticleIndexer without(testing::SchemaWithoutPositions(), "en", 1 << 20);
  const Xapian::Document plain = without.Build(Sample(), &report);
  const std::set<std::string> terms = Terms(positional);
  REQUIRE(Terms(plain) == terms);
  CHECK(Positions(positional, "talk").size() == 1);
  CHECK(Positions(positional, "XPvladimir putin").size() == 1);
  for (const std::string& term : terms) {
    INFO(term);
    CHECK(Wdf(plain, term) == Wdf(positional, term));
    CHECK(Positions(plain, term).empty());
  }
  CHECK(plain.get_data() == positional.get_data());
  CHECK(plain.get_value(kSlotHitNames) == positional.get_value(kSlotHitNames));
}

}  // namespace
}  // namespace newsdex::indexer
