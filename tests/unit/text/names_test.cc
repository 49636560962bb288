// The name recogniser (common/text/names.h) on invented snippets and on the shared
// sample articles.
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "common/text/analyzer.h"
#include "common/text/names.h"

namespace newsdex::text {
namespace {

// Analyses and recognises a title and a body the way the indexer does.
class Recognized {
 public:
  Recognized(std::string title, std::string body, const AliasTable* aliases = nullptr,
             SourceNames source = {})
      : title_(std::move(title)), body_(std::move(body)) {
    Analyzer analyzer;
    const std::uint32_t end = analyzer.Analyze(title_, "en", &title_tokens_);
    analyzer.Analyze(body_, "en", &body_tokens_, end + 100);
    NameRecognizer recognizer(Gazetteer::Default(), aliases);
    recognizer.Recognize({{title_, &title_tokens_, TextPart::kTitle},
                          {body_, &body_tokens_, TextPart::kBody}},
                         source, &names_);
  }

  const ArticleEntity* Find(EntityKind kind, std::string_view key) const {
    for (const ArticleEntity& e : names_.entities) {
      if (e.kind == kind && e.key == key) return &e;
    }
    return nullptr;
  }
  bool Has(EntityKind kind, std::string_view key) const { return Find(kind, key) != nullptr; }
  // Any entity, of any kind, with this key.
  bool HasKey(std::string_view key) const {
    for (EntityKind kind : kEntityKinds) {
      if (Has(kind, key)) return true;
    }
    return false;
  }
  std::uint32_t AliasCount(EntityKind kind, std::string_view key, std::string_view written) const {
    const ArticleEntity* e = Find(kind, key);
    if (e == nullptr) return 0;
    for (const NameAlias& a : e->aliases) {
      if (a.written == written) return a.count;
    }
    return 0;
  }
  const ArticleNames& names() const { return names_; }

  std::string Describe() const {
    std::string out;
    for (const ArticleEntity& e : names_.entities) {
      out += std::string(EntityKindName(e.kind)) + ":" + e.key + " (" + e.name + "); ";
    }
    return out;
  }

 private:
  std::string title_, body_;
  std::vector<Token> title_tokens_, body_tokens_;
  ArticleNames names_;
};

constexpr EntityKind kPerson = EntityKind::kPerson;
constexpr EntityKind kOrg = EntityKind::kOrg;
constexpr EntityKind kPlace = EntityKind::kPlace;

TEST_CASE("NameKey folds, transliterates and drops possessives", "[names]") {
  CHECK(NameKey("Vladimir Putin") == "vladimir putin");
  CHECK(NameKey("Putin’s") == "putin");
  CHECK(NameKey("Putin's") == "putin");
  CHECK(NameKey("Путин") == "putin");
  CHECK(NameKey("Владимир Путин") == "vladimir putin");
  CHECK(NameKey("Τσίπρας") == "tsipras");
  CHECK(NameKey("U.S.") == "us");
  CHECK(NameKey("Jean-Claude Juncker") == "jean claude juncker");
  CHECK(NameKey("Orbán") == "orban");
}

TEST_CASE("titles and honorifics make people, and resolve to the full name", "[names]") {
  Recognized r("Talks in Beijing",
               "Russian President Vladimir Putin arrived on Monday. Mr. Putin met "
               "officials. Later, Putin’s aides said President Putin was pleased.");
  INFO(r.Describe());
  REQUIRE(r.Has(kPerson, "vladimir putin"));
  CHECK_FALSE(r.Has(kPerson, "putin"));
  CHECK(r.Find(kPerson, "vladimir putin")->name == "Vladimir Putin");
  CHECK(r.Find(kPerson, "vladimir putin")->mentions == 4);
  CHECK(r.AliasCount(kPerson, "vladimir putin", "Putin") == 3);
  CHECK(r.AliasCount(kPerson, "vladimir putin", "President Putin") == 1);
  CHECK(r.Has(kPlace, "beijing"));
  CHECK_FALSE(r.HasKey("russian"));
  CHECK_FALSE(r.HasKey("monday"));
  CHECK_FALSE(r.HasKey("later"));
}

TEST_CASE("the words before a title are its organisation or place", "[names]") {
  Recognized r("", "Federal Reserve Board Chairman Paul Volcker said rates would hold. "
                   "Gazprom CEO Alexei Miller and U.S. Treasury Secretary James Baker spoke.");
  INFO(r.Describe());
  CHECK(r.Has(kPerson, "paul volcker"));
  // The gazetteer may know the board by its short name.
  CHECK((r.Has(kOrg, "federal reserve board") || r.Has(kOrg, "federal reserve")));
  CHECK(r.Has(kPerson, "alexei miller"));
  CHECK(r.Has(kOrg, "gazprom"));
  CHECK(r.Has(kPerson, "james baker"));
  CHECK(r.Has(kPlace, "united states"));
}

TEST_CASE("organisation words, acronyms and the gazetteer", "[names]") {
  Recognized r("", "The Commodity Credit Corp said the Organization of Petroleum Exporting "
                   "Countries (OPEC) would meet in Vienna. OPEC ministers agreed.");
  INFO(r.Describe());
  CHECK((r.Has(kOrg, "commodity credit corp") || r.Has(kOrg, "commodity credit corporation")));
  CHECK(r.Has(kPlace, "vienna"));
  // OPEC is the organisation named in full, whatever key the gazetteer gives it.
  bool opec = false;
  for (const ArticleEntity& e : r.names().entities) {
    if (e.kind == kOrg && e.mentions >= 2) opec = true;
  }
  CHECK(opec);
  CHECK_FALSE(r.HasKey("the"));
}

TEST_CASE("sentence-initial common words are not names", "[names]") {
  Recognized r("", "Analysts expect more. But traders said analysts were wrong. "
                   "Prices rose in Tokyo.");
  INFO(r.Describe());
  CHECK_FALSE(r.HasKey("analysts"));
  CHECK_FALSE(r.HasKey("but"));
  CHECK_FALSE(r.HasKey("prices"));
  CHECK(r.Has(kPlace, "tokyo"));
}

TEST_CASE("all-capital headlines use the names of the body", "[names]") {
  Recognized r("VOLCKER SAYS DOLLAR FALL IN JAPAN IS ENOUGH",
               "Federal Reserve Board Chairman Paul Volcker told Congress the dollar "
               "had fallen enough.");
  INFO(r.Describe());
  REQUIRE(r.Has(kPerson, "paul volcker"));
  CHECK(r.Find(kPerson, "paul volcker")->in_title);
  CHECK(r.Has(kPlace, "japan"));
  CHECK_FALSE(r.HasKey("says"));
  CHECK_FALSE(r.HasKey("dollar"));
}

TEST_CASE("a dateline names a place", "[names]") {
  Recognized r("", "SALVADOR, Feb 26 (Reuters) - Rain fell over the coast all week.");
  INFO(r.Describe());
  CHECK(r.Has(kPlace, "salvador"));
}

TEST_CASE("Cyrillic names meet their Latin spelling", "[names]") {
  Recognized r("", "Президент Владимир Путин прибыл в Пекин. Putin said little.");
  INFO(r.Describe());
  CHECK(r.Has(kPerson, "vladimir putin"));
}

TEST_CASE("source names are merged with those found", "[names]") {
  const std::vector<std::string> people = {"volcker", "reagan"};
  const std::vector<std::string> places = {"usa"};
  Recognized r("", "Paul Volcker met bankers in Washington.", nullptr,
               SourceNames{&people, nullptr, &places});
  INFO(r.Describe());
  REQUIRE(r.Has(kPerson, "paul volcker"));
  CHECK(r.Find(kPerson, "paul volcker")->from_metadata);
  CHECK(r.Has(kPerson, "reagan"));
  CHECK(r.Find(kPerson, "reagan")->mentions == 0);
  CHECK(r.Has(kPlace, "united states"));
}

TEST_CASE("the alias table merges and splits names", "[names]") {
  auto table = AliasTable::FromToml(R"toml(
[[entity]]
kind = "person"
name = "Xi Jinping"
aliases = ["Xi"]

[[split]]
kind = "place"
alias = "Georgia"
[[split.entity]]
name = "Georgia (U.S. state)"
words = ["Atlanta"]
[[split.entity]]
name = "Georgia"
words = ["Tbilisi"]
)toml");
  REQUIRE(table.ok());
  Recognized merged("", "President Xi spoke in Beijing.", &*table);
  INFO(merged.Describe());
  CHECK(merged.Has(kPerson, "xi jinping"));
  Recognized state("", "Storms hit Georgia and Atlanta on Tuesday.", &*table);
  INFO(state.Describe());
  CHECK(state.Has(kPlace, "georgia us state"));
  Recognized country("", "Protests in Georgia spread from Tbilisi.", &*table);
  INFO(country.Describe());
  CHECK(country.Has(kPlace, "georgia"));
  CHECK_FALSE(country.Has(kPlace, "georgia us state"));
}

TEST_CASE("a broken alias table names its line", "[names]") {
  auto table = AliasTable::FromToml("[[entity]]\nkind = \"planet\"\nname = \"Mars\"\n");
  REQUIRE_FALSE(table.ok());
  CHECK_THAT(table.status().message(), Catch::Contains("line"));
  CHECK_THAT(table.status().message(), Catch::Contains("planet"));
}

TEST_CASE("names learned from earlier articles explain a bare headline", "[names]") {
  KnownNames known;
  Analyzer analyzer;
  NameRecognizer recognizer;
  recognizer.set_known_names(&known);
  auto recognize = [&](const std::string& title, const std::string& body) {
    std::vector<Token> t, b;
    const std::uint32_t end = analyzer.Analyze(title, "en", &t);
    analyzer.Analyze(body, "en", &b, end + 100);
    ArticleNames names;
    recognizer.Recognize({{title, &t, TextPart::kTitle}, {body, &b, TextPart::kBody}}, {}, &names);
    known.Learn(names);
    return names;
  };
  auto has_volcker = [](const ArticleNames& names) {
    for (const NameMention& m : names.mentions) {
      if (names.entities[m.entity].key == "paul volcker") return m.cue;
    }
    return NameCue::kMetadata;  // not found
  };
  // Alone, a headline says nothing of who VOLCKER is.
  CHECK(has_volcker(recognize("VOLCKER SEES RATES STEADY", "")) == NameCue::kMetadata);
  // Once two articles named him in full, it does.
  recognize("", "Federal Reserve Board Chairman Paul Volcker said rates were steady.");
  CHECK(has_volcker(recognize("VOLCKER SEES RATES STEADY", "")) == NameCue::kMetadata);
  recognize("", "Paul Volcker told Congress the dollar had fallen enough.");
  CHECK(has_volcker(recognize("VOLCKER SEES RATES STEADY", "")) == NameCue::kKnown);
  // A word two people share equally stays unexplained.
  recognize("", "Howard Baker met reporters.");
  recognize("", "Howard Baker met reporters again.");
  recognize("", "James Baker met reporters.");
  recognize("", "James Baker met reporters again.");
  bool baker = false;
  for (const ArticleEntity& e : recognize("BAKER SEES DEAL", "").entities) baker |= e.kind == kPerson;
  CHECK_FALSE(baker);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// The sample articles: the first line is the title.
Recognized RecognizeSample(const std::string& name) {
  const std::string text = ReadFile(std::string(NEWSDEX_CORPORA_DIR) + "/samples/" + name);
  REQUIRE_FALSE(text.empty());
  const std::size_t eol = text.find('\n');
  return Recognized(text.substr(0, eol), text.substr(eol + 1));
}

TEST_CASE("the sample articles' people, organisations and places", "[names]") {
  Recognized forum = RecognizeSample("belt-and-road-forum.txt");
  Recognized talks = RecognizeSample("xi-putin-beijing-talks.txt");
  INFO(forum.Describe());
  INFO(talks.Describe());
  for (std::string_view person : {"vladimir putin", "xi jinping", "viktor orban", "sergei lavrov",
                                  "alexei miller"}) {
    INFO(person);
    CHECK((forum.Has(kPerson, person) || talks.Has(kPerson, person)));
  }
  for (std::string_view org : {"gazprom", "rosatom"}) {
    INFO(org);
    CHECK((forum.Has(kOrg, org) || talks.Has(kOrg, org)));
  }
  for (std::string_view place : {"beijing", "china", "russia"}) {
    INFO(place);
    CHECK(forum.Has(kPlace, place));
    CHECK(talks.Has(kPlace, place));
  }
  // "Putin’s" and "President Putin" are Vladimir Putin, not a second person.
  CHECK_FALSE(forum.Has(kPerson, "putin"));
  CHECK_FALSE(talks.Has(kPerson, "putin"));
  CHECK(talks.AliasCount(kPerson, "vladimir putin", "President Putin") > 0);
  CHECK(forum.AliasCount(kPerson, "vladimir putin", "Putin") > 0);
}

}  // namespace
}  // namespace newsdex::text
