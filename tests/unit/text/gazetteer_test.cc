// The gazetteer: ICU's places plus schemas/places.toml, orgs.toml and people.toml.
#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <iostream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "common/text/names.h"

namespace newsdex::text::internal {
// The embedded data files (common/text/default_gazetteer.cc.in).
std::string_view DefaultPlacesToml();
std::string_view DefaultPeopleToml();
std::string_view DefaultOrgsToml();
}  // namespace newsdex::text::internal

namespace {

using newsdex::text::EntityKind;
using newsdex::text::Gazetteer;
using newsdex::text::NameKey;

const Gazetteer& G() { return Gazetteer::Default(); }

std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const std::size_t end = std::min(text.find('\n'), text.size());
    lines.push_back(text.substr(0, end));
    text.remove_prefix(std::min(end + 1, text.size()));
  }
  return lines;
}

// The canonical name Find() gives for `surface`, "(none)" when nothing is found.
std::string NameOf(std::string_view surface) {
  const Gazetteer::Entry* entry = G().Find(NameKey(surface));
  return entry == nullptr ? "(none)" : entry->name;
}

EntityKind KindOf(std::string_view surface) {
  const Gazetteer::Entry* entry = G().Find(NameKey(surface));
  REQUIRE(entry != nullptr);
  return entry->kind;
}

// The lines of a Reuters-21578 category list, trimmed, codes made names ("west-germany"
// -> "west germany").
std::vector<std::string> ReutersCodes(const std::string& file) {
  std::ifstream in(std::string(NEWSDEX_CORPORA_DIR) + "/reuters21578/" + file);
  REQUIRE(in.good());
  std::vector<std::string> codes;
  std::string line;
  while (std::getline(in, line)) {
    line.erase(line.find_last_not_of(" \t\r") + 1);
    if (line.empty()) continue;
    line.erase(0, line.find_first_not_of(" \t"));
    std::replace(line.begin(), line.end(), '-', ' ');
    codes.push_back(line);
  }
  return codes;
}

TEST_CASE("the default data loads quickly", "[gazetteer][text]") {
  const auto start = std::chrono::steady_clock::now();
  auto built = Gazetteer::FromToml(newsdex::text::internal::DefaultPlacesToml(),
                                   newsdex::text::internal::DefaultPeopleToml(),
                                   newsdex::text::internal::DefaultOrgsToml());
  const auto elapsed = std::chrono::duration<double, std::milli>(
      std::chrono::steady_clock::now() - start).count();
  INFO(built.status().ToString());
  REQUIRE(built.ok());
  std::cout << "gazetteer: built in " << elapsed << " ms\n";
  CHECK(elapsed < 2000);  // about 15 ms optimised; generous for sanitizer builds
  CHECK(G().max_words() >= 5);  // "people's democratic republic of yemen"
}

TEST_CASE("the default gazetteer is built once, whichever thread asks first",
          "[gazetteer][text]") {
  std::vector<const Gazetteer*> seen(8, nullptr);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < seen.size(); ++i) {
    threads.emplace_back([&seen, i] { seen[i] = &Gazetteer::Default(); });
  }
  for (std::thread& t : threads) t.join();
  for (const Gazetteer* g : seen) CHECK(g == &Gazetteer::Default());
  CHECK(G().Find("us") != nullptr);
}

TEST_CASE("places resolve to their canonical name", "[gazetteer][text]") {
  struct Row {
    std::string_view surface, name;
  };
  const Row rows[] = {
      {"U.S.", "United States"},
      {"US", "United States"},
      {"USA", "United States"},
      {"United States of America", "United States"},
      {"America", "United States"},
      {"Britain", "United Kingdom"},
      {"Great Britain", "United Kingdom"},
      {"U.K.", "United Kingdom"},
      {"Holland", "Netherlands"},
      {"Russian Federation", "Russia"},
      {"People's Republic of China", "China"},
      {"PRC", "China"},
      {"mainland China", "China"},
      {"Republic of Korea", "South Korea"},
      {"North Korea", "North Korea"},
      {"UAE", "United Arab Emirates"},
      {"West Germany", "West Germany"},
      {"East Germany", "East Germany"},
      {"U.S.S.R.", "Soviet Union"},
      {"USSR", "Soviet Union"},
      {"Burma", "Myanmar"},             // ICU's "Myanmar (Burma)"
      {"Myanmar", "Myanmar"},
      {"Hong Kong", "Hong Kong"},       // ICU's "Hong Kong SAR China"
      {"Zaire", "Democratic Republic of the Congo"},
      {"Congo", "Republic of the Congo"},  // Brazzaville, as in 1980s copy
      {"Côte d’Ivoire", "Ivory Coast"},
      {"Cote d'Ivoire", "Ivory Coast"},
      {"Trinidad & Tobago", "Trinidad and Tobago"},
      {"Kampuchea", "Cambodia"},
      {"Beijing", "Beijing"},
      {"Peking", "Beijing"},
      {"Bombay", "Mumbai"},
      {"Kiev", "Kyiv"},
      {"Washington, D.C.", "Washington"},
      {"Calif.", "California"},
      {"Middle East", "Middle East"},
      {"the Gulf", "Persian Gulf"},
      {"Latin America", "Latin America"},
      {"South-East Asia", "Southeast Asia"},
      {"Western Europe", "Western Europe"},
      {"Eastern Europe", "Eastern Europe"},
      {"Scandinavia", "Scandinavia"},
      {"Caribbean", "Caribbean"},
      {"Balkans", "Balkans"},
      {"Caucasus", "Caucasus"},
      {"Siberia", "Siberia"},
      {"North Sea", "North Sea"},
      {"Europe", "Europe"},
      {"Wall Street", "(none)"},
  };
  for (const Row& row : rows) {
    INFO(row.surface);
    CHECK(NameOf(row.surface) == row.name);
    if (row.name != "(none)") CHECK(KindOf(row.surface) == EntityKind::kPlace);
  }
}

TEST_CASE("demonyms", "[gazetteer][text]") {
  for (std::string_view demonym :
       {"Russian", "Chinese", "American", "British", "West German", "East German", "Soviet",
        "Japanese", "Saudi", "Dutch", "Swiss", "Filipino", "Ivorian", "Middle Eastern"}) {
    INFO(demonym);
    CHECK(G().IsDemonym(NameKey(demonym)));
  }
  CHECK(G().IsDemonym(NameKey("West German")));
  CHECK_FALSE(G().IsDemonym(NameKey("Germany")));
  CHECK_FALSE(G().IsDemonym(NameKey("Putin")));
  // Demonyms are adjectives, not names of the place.
  CHECK(G().Find(NameKey("Russian")) == nullptr);
}

TEST_CASE("organisations resolve to their full name", "[gazetteer][text]") {
  const Gazetteer::Entry* opec = G().Find(NameKey("OPEC"));
  REQUIRE(opec != nullptr);
  CHECK(opec->kind == EntityKind::kOrg);
  CHECK(opec->name == "Organization of the Petroleum Exporting Countries");
  CHECK(NameOf("Organization of Petroleum Exporting Countries") == opec->name);
  CHECK(NameOf("IMF") == "International Monetary Fund");
  CHECK(NameOf("Fed") == "Federal Reserve");
  CHECK(NameOf("Common Market") == "European Community");
  CHECK(NameOf("EEC") == "European Community");
  CHECK(NameOf("EU") == "European Union");
  CHECK(NameOf("Reuter") == "Reuters");
  CHECK(NameOf("U.S. Treasury") == "U.S. Treasury");
  CHECK(KindOf("Gazprom") == EntityKind::kOrg);
  CHECK(KindOf("Bundesbank") == EntityKind::kOrg);
  // A place keeps its key against an organisation: Vatican is the city-state.
  CHECK(KindOf("Vatican") == EntityKind::kPlace);
}

TEST_CASE("aliases of an entry", "[gazetteer][text]") {
  const std::vector<std::string>* keys = G().AliasesOf(NameKey("United States"));
  REQUIRE(keys != nullptr);
  CHECK(keys->front() == NameKey("United States"));
  for (std::string_view alias : {"U.S.", "USA", "America", "United States of America"}) {
    INFO(alias);
    CHECK(std::find(keys->begin(), keys->end(), NameKey(alias)) != keys->end());
  }
  for (const std::string& key : *keys) CHECK(G().Find(key)->name == "United States");
  CHECK(G().AliasesOf(NameKey("U.S.")) == nullptr);  // not a canonical key
  CHECK(G().AliasesOf("no such place") == nullptr);
}

TEST_CASE("given names and family names written first", "[gazetteer][text]") {
  for (std::string_view name : {"alexei", "aleksei", "sergei", "sergey", "yuri", "mikhail",
                                "vladimir", "james", "jean", "hans", "yasuhiro", "kiichi",
                                "mohammed", "bill"}) {
    INFO(name);
    CHECK(G().IsGivenName(name));
  }
  for (std::string_view word : {"president", "grace", "hope", "summer", "russia", "the"}) {
    INFO(word);
    CHECK_FALSE(G().IsGivenName(word));
  }
  for (std::string_view name : {"xi", "li", "wang", "deng", "kim", "park", "nguyen"}) {
    INFO(name);
    CHECK(G().IsFamilyNameFirst(name));
  }
  CHECK_FALSE(G().IsFamilyNameFirst("putin"));
  CHECK_FALSE(G().IsFamilyNameFirst("alexei"));
}

TEST_CASE("no given name is also a place or an organisation", "[gazetteer][text]") {
  // A word in both lists would give the recogniser two readings of "Chad Smith" or
  // "Victoria Street"; the data keeps them apart and the place wins. The quoted words of
  // people.toml's [given] table are read with a plain scan.
  const std::string_view people = newsdex::text::internal::DefaultPeopleToml();
  const std::size_t begin = people.find("\n[given]");
  const std::size_t end = people.find("\n[", begin + 1);
  REQUIRE(begin != std::string_view::npos);
  std::vector<std::string> given, both;
  for (std::string_view line : Lines(people.substr(begin, end - begin))) {
    line = line.substr(0, line.find('#'));
    for (std::size_t open = line.find('"'); open != std::string_view::npos;) {
      const std::size_t close = line.find('"', open + 1);
      given.emplace_back(line.substr(open + 1, close - open - 1));
      open = line.find('"', close + 1);
    }
  }
  CHECK(given.size() >= 900);
  for (const std::string& name : given) {
    const std::string key = NameKey(name);
    CHECK(G().IsGivenName(key));
    if (G().Find(key) != nullptr) both.push_back(name + " (" + G().Find(key)->name + ")");
  }
  INFO("given names that are also places or organisations: " << Catch::Detail::stringify(both));
  CHECK(both.empty());
}

TEST_CASE("every Reuters-21578 place code resolves to a place", "[gazetteer][text]") {
  std::vector<std::string> misses;
  const std::vector<std::string> codes = ReutersCodes("all-places-strings.lc.txt");
  REQUIRE(codes.size() == 175);
  for (const std::string& code : codes) {
    const Gazetteer::Entry* entry = G().Find(NameKey(code));
    if (entry == nullptr || entry->kind != EntityKind::kPlace) misses.push_back(code);
  }
  INFO("misses: " << Catch::Detail::stringify(misses));
  CHECK(misses.empty());
}

TEST_CASE("Reuters-21578 organisation codes", "[gazetteer][text]") {
  std::vector<std::string> misses;
  const std::vector<std::string> codes = ReutersCodes("all-orgs-strings.lc.txt");
  REQUIRE(codes.size() == 56);
  for (const std::string& code : codes) {
    const Gazetteer::Entry* entry = G().Find(NameKey(code));
    if (entry == nullptr || entry->kind != EntityKind::kOrg) misses.push_back(code);
  }
  std::cout << "gazetteer: " << codes.size() - misses.size() << " of " << codes.size()
            << " Reuters organisation codes resolve; misses: "
            << Catch::Detail::stringify(misses) << "\n";
  CHECK(codes.size() - misses.size() >= 40);
}

TEST_CASE("FromToml reports the line of an error", "[gazetteer][text]") {
  struct Row {
    std::string_view places, people, orgs, message;
  };
  const Row rows[] = {
      {"city = [\n  \"Oslo\",\n  \"Bergen\n]\n", "", "", "places.toml line 3"},
      {"", "[given]\nenglish = [\"John\", \"Mary\"\n", "", "people.toml line 2"},
      {"", "", "company = [\n  { name = \"Acme\" aliases = [] },\n]\n", "orgs.toml line 2"},
      {"town = [\"Oslo\"]\n", "", "", "places.toml line 1: unknown key 'town'"},
      {"city = [\n  { name = \"Oslo\", alias = [\"Christiania\"] },\n]\n", "", "",
       "places.toml line 2: unknown key 'alias'"},
      {"city = [\n  \"Oslo\",\n  { name = \"Bergen\", aliases = [\"Oslo\"] },\n]\n", "", "",
       "places.toml line 3: 'oslo' already names Oslo, not Bergen"},
      {"country = [\n  { code = \"QQ\", name = \"Nowhere\" },\n]\n", "", "",
       "places.toml line 2: ICU knows no region 'QQ'"},
      {"country = [\n  { code = \"FR\", name = \"France\", demonyms = [\"Gallic\"] },\n"
       "  { code = \"BE\", name = \"Belgium\", demonyms = [\"Gallic\"] },\n]\n",
       "", "", "places.toml line 3: demonym 'gallic' already belongs to France"},
      {"", "[given]\nfrench = [\"Jean-Pierre\"]\n", "",
       "people.toml line 2: 'Jean-Pierre' is not one word"},
  };
  for (const Row& row : rows) {
    INFO(row.message);
    auto built = Gazetteer::FromToml(row.places, row.people, row.orgs);
    REQUIRE_FALSE(built.ok());
    CHECK(built.status().code() == newsdex::StatusCode::kInvalidArgument);
    CHECK_THAT(built.status().message(), Catch::Matchers::StartsWith(std::string(row.message)));
  }
}

TEST_CASE("FromToml with user data", "[gazetteer][text]") {
  auto built = Gazetteer::FromToml(
      "country = [{ code = \"DE\", name = \"Germany\", aliases = [\"BRD\"] }]\n"
      "city = [\"Oslo\", { name = \"Mumbai\", aliases = [\"Bombay\"] }]\n",
      "[given]\nnordic = [\"Ole\"]\n[family_first]\nchinese = [\"Wang\"]\n",
      "company = [\"Statoil\", { name = \"Vatican Bank\", aliases = [\"IOR\"] },"
      " { name = \"Oslo Bors\", aliases = [\"Oslo\"] }]\n");
  INFO(built.status().ToString());
  REQUIRE(built.ok());
  const Gazetteer& g = *built;
  REQUIRE(g.Find("brd") != nullptr);
  CHECK(g.Find("brd")->name == "Germany");
  CHECK(g.Find("germany")->kind == EntityKind::kPlace);
  CHECK(g.Find("bombay")->name == "Mumbai");
  CHECK(g.Find("statoil")->kind == EntityKind::kOrg);
  CHECK(g.Find("ior")->name == "Vatican Bank");
  CHECK(g.Find("oslo")->kind == EntityKind::kPlace);  // places win a clash
  CHECK(g.Find("myanmar") != nullptr);               // ICU's places are always there
  CHECK(g.IsGivenName("ole"));
  CHECK(g.IsFamilyNameFirst("wang"));
  CHECK_FALSE(g.IsGivenName("wang"));

  auto over = Gazetteer::FromToml("city = [\"Oslo\"]\n", "",
                                  "company = [{ name = \"Oslo Bors\", aliases = [\"Oslo\"], "
                                  "over_place = true }]\n");
  REQUIRE_FALSE(over.ok());  // a place's own name cannot be taken
  auto taken = Gazetteer::FromToml("city = [{ name = \"Oslo\", aliases = [\"Christiania\"] }]\n",
                                   "",
                                   "company = [{ name = \"Christiania Bank\", aliases = "
                                   "[\"Christiania\"], over_place = true }]\n");
  REQUIRE(taken.ok());
  CHECK(taken->Find("christiania")->name == "Christiania Bank");
  CHECK(taken->AliasesOf("oslo")->size() == 1);
}

}  // namespace
