#include "common/query/query_parser.h"

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <xapian.h>

#include "common/schema/schema.h"
#include "common/schema/terms.h"
#include "common/text/civil_date.h"
#include "support/schemas.h"

// Tables in the manner of Xapian's tests/api_queryparser.cc: a query string and the
// Xapian::Query::get_description() it must give. The descriptions were worked out by
// hand from the indexing conventions (common/text, indexer/article_indexer.cc) and frozen.

namespace newsdex::query {
namespace {

struct Row {
  const char* query;
  const char* expected;  // get_description(), or a substring of the error message
};

class ParserFixture {
 public:
  explicit ParserFixture(SearcherOptions limits = {},
                         std::vector<std::string> languages = {"en"},
                         const Schema& schema = Schema::Default())
      : analyzer_(text::AnalyzerOptions{.emit_joined = false}),
        parser_(schema, limits, std::move(languages)) {}

  Result<ParsedQuery> Parse(std::string_view query) {
    return parser_.Parse(query, &analyzer_, nullptr, as_of_, published_);
  }
  // Relative dates (date:last-30-days) count back from this moment.
  void set_as_of(std::int64_t seconds) { as_of_ = seconds; }
  // How the searched index holds publication days (default: in the value slot alone).
  void set_published(PublishedDays published) { published_ = published; }

  // The description, or "error: <message>".
  std::string Describe(std::string_view query) {
    Result<ParsedQuery> parsed = Parse(query);
    if (!parsed.ok()) return "error: " + parsed.status().message();
    return parsed->query.get_description();
  }

  void CheckTable(const std::vector<Row>& rows) {
    for (const Row& row : rows) {
      INFO("query: " << row.query);
      CHECK(Describe(row.query) == row.expected);
    }
  }

  void CheckErrors(const std::vector<Row>& rows) {
    for (const Row& row : rows) {
      INFO("query: " << row.query);
      Result<ParsedQuery> parsed = Parse(row.query);
      REQUIRE_FALSE(parsed.ok());
      CHECK(parsed.status().code() == StatusCode::kInvalidArgument);
      CHECK_THAT(parsed.status().message(), Catch::Matchers::StartsWith("column "));
      CHECK_THAT(parsed.status().message(), Catch::Matchers::Contains(row.expected));
    }
  }

 private:
  std::optional<std::int64_t> as_of_;
  PublishedDays published_;
  text::Analyzer analyzer_;
  QueryParser parser_;
};

TEST_CASE("words match their stem in every language of the archive", "[query]") {
  ParserFixture f({}, {"en", "hu", "fr"});
  f.CheckTable({
      {"oil", "Query(oil)"},  // the same stem everywhere: one term
      {"putin", "Query((putin SYNONYM put))"},  // French Snowball takes -in off
      {"Pekingben", "Query((pekingben SYNONYM peking))"},
      {"elections", "Query((elect SYNONYM elections))"},
      {"\"találkozott Pekingben\"",
       "Query(((talalkozott OR talalkozot) PHRASE 2 (pekingben OR peking)))"},
      {"title:Pekingben", "Query((Spekingben SYNONYM Speking))"},
  });
  ParserFixture english_only;
  english_only.CheckTable({{"Pekingben", "Query(pekingben)"}});
}

TEST_CASE("query words are analysed like article words", "[query]") {
  ParserFixture f;
  f.CheckTable({
      {"putin", "Query(putin)"},
      {"Putin", "Query(putin)"},
      {"PUTIN", "Query(putin)"},
      {"putin xi", "Query((putin AND xi))"},
      {"Elections", "Query(elect)"},
      {"elections voting", "Query((elect AND vote))"},
      {"Putin's party", "Query((putin AND parti))"},
      {"Orbán’s victory", "Query((orban AND victori))"},
      {"Orbán", "Query(orban)"},
      {"Москва выборы", "Query((москв AND выбор))"},
      {"wellknown", "Query(wellknown)"},
      {"and or not", "Query((and AND or AND not))"},
      {"a ...", "Query(a)"},
  });
}

TEST_CASE("phrases, hyphens and unspaced scripts become OP_PHRASE", "[query]") {
  ParserFixture f;
  f.CheckTable({
      {"\"belt and road\"", "Query((belt PHRASE 3 and PHRASE 3 road))"},
      // Curly quotes pasted from articles are phrase quotes too.
      {"“belt and road”", "Query((belt PHRASE 3 and PHRASE 3 road))"},
      {"„belt and road“", "Query((belt PHRASE 3 and PHRASE 3 road))"},
      {"title:“belt road”", "Query((Sbelt PHRASE 2 Sroad))"},
      {"\"Putin\"", "Query(putin)"},
      {"\"  \" putin", "Query(putin)"},
      {"well-known", "Query((well PHRASE 2 known))"},
      {"well-known author", "Query(((well PHRASE 2 known) AND author))"},
      {"10:30 meeting", "Query(((10 PHRASE 2 30) AND meet))"},
      {"北京大学", "Query((北京 PHRASE 2 大学))"},
      {"北京 上海", "Query((北京 AND 上海))"},
      {"Note: forum", "Query((note AND forum))"},
  });
}

TEST_CASE("without word positions, split words need all their parts and phrases are refused",
          "[query]") {
  ParserFixture f({}, {"en"}, testing::SchemaWithoutPositions());
  f.CheckTable({
      {"well-known author", "Query(((well AND known) AND author))"},
      {"北京大学", "Query((北京 AND 大学))"},
      {"\"Putin\"", "Query(putin)"},
      {"exact:well-known", "Query((well AND known))"},
      {"putin xi", "Query((putin AND xi))"},
  });
  f.CheckErrors({
      {"\"belt and road\"", "a phrase needs word positions"},
      {"title:“belt road”", "a phrase needs word positions"},
      {"exact:\"orbán meets\"", "a phrase needs word positions"},
      {"putin NEAR/5 xi", "NEAR needs word positions"},
      {"oil putin NEAR xi", "positions = false"},
  });
}

TEST_CASE("OR binds tighter than AND, and NOT, + and - exclude or require", "[query]") {
  ParserFixture f;
  f.CheckTable({
      {"putin OR xi", "Query((putin OR xi))"},
      {"a b OR c", "Query((a AND (b OR c)))"},
      {"a OR b c", "Query(((a OR b) AND c))"},
      {"a AND b OR c", "Query((a AND (b OR c)))"},
      {"(a b) OR c", "Query(((a AND b) OR c))"},
      {"Putin AND xi", "Query((putin AND xi))"},
      {"+a +b", "Query((a AND b))"},
      {"putin -trade", "Query((putin AND_NOT trade))"},
      {"putin NOT trade", "Query((putin AND_NOT trade))"},
      {"a AND NOT b", "Query((a AND_NOT b))"},
      {"a -b -c", "Query((a AND_NOT (b OR c)))"},
      {"-(a b) c", "Query((c AND_NOT (a AND b)))"},
      {"a -\"b c\"", "Query((a AND_NOT (b PHRASE 2 c)))"},
      {"a OR -b", "Query((a OR (<alldocuments> AND_NOT b)))"},
      {"NOT NOT a", "Query(a)"},
      {"NOT putin", "Query(0 * (<alldocuments> AND_NOT putin))"},
      {"NOT a NOT b", "Query(0 * (<alldocuments> AND_NOT (a OR b)))"},
  });
}

TEST_CASE("NEAR/n takes single words within n words", "[query]") {
  ParserFixture f;
  f.CheckTable({
      {"putin NEAR/5 xi", "Query((putin NEAR 6 xi))"},
      {"putin NEAR xi", "Query((putin NEAR 11 xi))"},
      {"putin NEAR/1 xi", "Query((putin NEAR 2 xi))"},
      {"putin NEAR/3 xi NEAR/5 trump", "Query((putin NEAR 7 xi NEAR 7 trump))"},
      {"\"putin\" NEAR xi", "Query((putin NEAR 11 xi))"},
      {"title:putin NEAR xi", "Query((Sputin NEAR 11 xi))"},
      {"title:(a NEAR b)", "Query((Sa NEAR 11 Sb))"},
      {"(a) NEAR (b)", "Query((a NEAR 11 b))"},
      {"oil putin NEAR/2 xi", "Query((oil AND (putin NEAR 3 xi)))"},
      {"near", "Query(near)"},
  });
}

TEST_CASE("trailing wildcards expand folded prefixes", "[query]") {
  ParserFixture f;
  f.CheckTable({
      {"econom*", "Query(WILDCARD SYNONYM econom)"},
      {"Econom*", "Query(WILDCARD SYNONYM econom)"},
      {"orbá*", "Query(WILDCARD SYNONYM orba)"},
      {"title:econom*", "Query(WILDCARD SYNONYM Seconom)"},
      {"exact:orbá*", "Query(WILDCARD SYNONYM XEorbá)"},
      {"topic:ener*", "Query(0 * WILDCARD SYNONYM XTener)"},
      {"name:pu*", "Query(0 * (WILDCARD SYNONYM XPpu OR WILDCARD SYNONYM XOpu OR "
                   "WILDCARD SYNONYM XLpu))"},
      {"oil econom*", "Query((oil AND WILDCARD SYNONYM econom))"},
  });
  SECTION("expansion is capped, the most frequent terms winning") {
    SearcherOptions limits;
    limits.max_wildcard_expansion = 7;
    ParserFixture small(limits);
    Result<ParsedQuery> parsed = small.Parse("econom*");
    REQUIRE(parsed.ok());
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    for (int i = 0; i < 20; ++i) {
      Xapian::Document doc;
      doc.add_term("econom" + std::to_string(i));
      db.add_document(doc);
    }
    Xapian::Enquire enquire(db);
    enquire.set_query(parsed->query);
    CHECK(enquire.get_mset(0, 100).size() == 7);
  }
}

TEST_CASE("text fields and exact: choose the term prefix", "[query]") {
  ParserFixture f;
  f.CheckTable({
      {"title:forum", "Query(Sforum)"},
      {"Title:forum", "Query(Sforum)"},
      {"headline:forum", "Query(Sforum)"},
      {"title:\"belt and road\"", "Query((Sbelt PHRASE 3 Sand PHRASE 3 Sroad))"},
      {"title:well-known", "Query((Swell PHRASE 2 Sknown))"},
      {"title:(putin OR xi)", "Query((Sputin OR Sxi))"},
      {"title:(putin title:xi)", "Query((Sputin AND Sxi))"},
      {"title:(a (b OR title:c))", "Query((Sa AND (Sb OR Sc)))"},
      {"title:(putin -xi)", "Query((Sputin AND_NOT Sxi))"},
      {"body:trade", "Query(trade)"},
      {"text:trade", "Query(trade)"},
      {"exact:orbán", "Query(XEorbán)"},
      {"exact:orban", "Query(orban)"},
      {"exact:\"viktor orbán\"", "Query(((viktor PHRASE 2 orban) FILTER XEorbán))"},
      {"exact:\"viktor orban\"", "Query((viktor PHRASE 2 orban))"},
      {"exact:(orbán viktor)", "Query((XEorbán AND viktor))"},
  });
}

TEST_CASE("names are scored terms of their entity keys", "[query]") {
  // Without an entity registry a name stands for its own key; with one, for every key
  // of its entities (tests/unit/searcher/names_search_test.cc).
  ParserFixture f;
  f.CheckTable({
      {"person:putin", "Query(XPputin)"},
      {"person:\"james baker\"", "Query(XPjames baker)"},
      {"person:James-Baker", "Query(XPjames baker)"},
      {"person:Путин", "Query(XPputin)"},
      {"person:(putin xi)", "Query((XPputin AND XPxi))"},
      {"org:gazprom", "Query(XOgazprom)"},
      {"place:el-salvador", "Query(XLel salvador)"},
      {"place:U.S.", "Query(XLus)"},
      {"name:putin", "Query((XPputin OR XOputin OR XLputin))"},
      {"name:(putin OR \"xi jinping\")",
       "Query(((XPputin OR XOputin OR XLputin) OR (XPxi jinping OR XOxi jinping OR "
       "XLxi jinping)))"},
      {"person:. x", "Query(x)"},
  });
}

TEST_CASE("keyword and topic fields are folded boolean filters", "[query]") {
  ParserFixture f;
  f.CheckTable({
      {"topic:energy", "Query(0 * XTenergy)"},
      {"source:Reuters", "Query(0 * XSRCreuters)"},
      {"section:World", "Query(0 * XSECworld)"},
      {"author:\"John Smith\"", "Query(0 * Ajohn smith)"},
      {"byline:smith", "Query(0 * Asmith)"},
      {"lang:EN", "Query(0 * Len)"},
      {"language:pt-BR", "Query(0 * Lpt-br)"},
      {"dateline:LONDON", "Query(0 * XDLlondon)"},
      {"id:reuters/17192", "Query(0 * Qreuters/17192)"},
      {"id:\"ABC def\"", "Query(0 * QABC def)"},
      {"topic:. x", "Query(x)"},
  });
  SECTION("values are folded by the analyzer, as the indexer folds them") {
    text::Analyzer analyzer;
    const std::string url = "https://Example.com/a?b=1";
    CHECK(f.Describe("url:" + url) == "Query(0 * U" + analyzer.FoldValue(url) + ")");
    CHECK(f.Describe("source:\"" + url + "\"") ==
          "Query(0 * XSRC" + analyzer.FoldValue(url) + ")");
  }
  SECTION("over-long values are hashed exactly as the indexer does") {
    const std::string id(300, 'x');
    CHECK(f.Describe("id:" + id) == "Query(0 * " + IdTerm(id) + ")");
  }
}

TEST_CASE("date: forms become value ranges on the published slot", "[query]") {
  ParserFixture f;
  f.CheckTable({
      {"date:2023", "Query(VALUE_RANGE 0 20230101000000 20231231235959)"},
      {"date:2023-10", "Query(VALUE_RANGE 0 20231001000000 20231031235959)"},
      {"date:2023-02", "Query(VALUE_RANGE 0 20230201000000 20230228235959)"},
      {"date:2024-02", "Query(VALUE_RANGE 0 20240201000000 20240229235959)"},
      {"date:2023-10-16", "Query(VALUE_RANGE 0 20231016000000 20231016235959)"},
      {"date:2024-02-29", "Query(VALUE_RANGE 0 20240229000000 20240229235959)"},
      {"date:2023-1-5", "Query(VALUE_RANGE 0 20230105000000 20230105235959)"},
      {"date:2023-10-01..2023-12-31", "Query(VALUE_RANGE 0 20231001000000 20231231235959)"},
      {"date:1987-03..1987-04", "Query(VALUE_RANGE 0 19870301000000 19870430235959)"},
      {"date:2023..2023", "Query(VALUE_RANGE 0 20230101000000 20231231235959)"},
      {"date:..1987-03-01", "Query(VALUE_LE 0 19870301235959)"},
      {"date:2023..", "Query(VALUE_GE 0 20230101000000)"},
      {"date:\"2023-10..2023-11\"", "Query(VALUE_RANGE 0 20231001000000 20231130235959)"},
      {"date:\" 2023 \"", "Query(VALUE_RANGE 0 20230101000000 20231231235959)"},
      {"date:(2023 OR 1987)",
       "Query(0 * (VALUE_RANGE 0 20230101000000 20231231235959 OR "
       "VALUE_RANGE 0 19870101000000 19871231235959))"},
      {"putin date:2023", "Query((putin FILTER VALUE_RANGE 0 20230101000000 20231231235959))"},
      {"-date:2023 oil", "Query((oil AND_NOT VALUE_RANGE 0 20230101000000 20231231235959))"},
  });
}

TEST_CASE("date: forms become the day terms covering them, in an index that has them",
          "[query]") {
  ParserFixture f;
  const auto day = [](int y, unsigned m, unsigned d) { return text::DaysFromCivil(y, m, d); };
  // The archive's articles were published from 1986-12-30 to 2024-01-02.
  f.set_published({.terms = true, .first_day = day(1986, 12, 30), .last_day = day(2024, 1, 2)});
  f.CheckTable({
      {"date:2023", "Query(0 * Y2023)"},
      {"date:2023-10", "Query(0 * M202310)"},
      {"date:2023-10-16", "Query(0 * D20231016)"},
      {"date:2023-10-30..2023-12-02",
       "Query(0 * (D20231030 OR D20231031 OR M202311 OR D20231201 OR D20231202))"},
      // Periods outside the archive's days are left out: open ends make few terms.
      {"date:..1987-03-01", "Query(0 * (Y1986 OR M198701 OR M198702 OR D19870301))"},
      {"date:2023-12-30..", "Query(0 * (D20231230 OR D20231231 OR Y2024))"},
      {"date:1600..1986", "Query(0 * Y1986)"},
      {"date:2025", "Query()"},  // after the last article: nothing
      {"oil -date:2025", "Query(oil)"},
      {"putin date:2023", "Query((putin FILTER Y2023))"},
      {"-date:2023 oil", "Query((oil AND_NOT Y2023))"},
  });
}

TEST_CASE("a query says which publication days all its matches lie within", "[query]") {
  const auto day = [](int y, unsigned m, unsigned d) { return text::DaysFromCivil(y, m, d); };
  const auto span = [&](int y1, unsigned m1, unsigned d1, int y2, unsigned m2, unsigned d2) {
    return std::optional<DaySpan>(DaySpan{day(y1, m1, d1), day(y2, m2, d2)});
  };
  const std::optional<DaySpan> anywhere;
  struct Bounded {
    const char* query;
    std::optional<DaySpan> within;
  };
  const std::vector<Bounded> rows = {
      {"oil date:1987-03", span(1987, 3, 1, 1987, 3, 31)},
      {"date:1987 date:..1987-06-30", span(1987, 1, 1, 1987, 6, 30)},
      {"date:1987-03 OR date:1987-05-02", span(1987, 3, 1, 1987, 5, 2)},
      {"(oil date:1987-03) OR date:1988", span(1987, 3, 1, 1988, 12, 31)},
      {"oil -date:1987 date:1986", span(1986, 1, 1, 1986, 12, 31)},
      {"date:1987 (oil OR gas)", span(1987, 1, 1, 1987, 12, 31)},
      {"oil", anywhere},
      {"oil OR date:1987-03", anywhere},
      {"-date:1987", anywhere},
      {"oil -date:1987", anywhere},
      {"date:1987-03 OR -date:1988", anywhere},
      {"mentions:1987-03", anywhere},
  };
  for (bool terms : {false, true}) {  // the slot or day terms: the same days
    ParserFixture f;
    f.set_published({.terms = terms, .first_day = day(1980, 1, 1), .last_day = day(1999, 12, 31)});
    for (const Bounded& row : rows) {
      INFO(row.query << (terms ? " (day terms)" : " (slot)"));
      Result<ParsedQuery> parsed = f.Parse(row.query);
      REQUIRE(parsed.ok());
      CHECK(parsed->published_within == row.within);
    }
    // Two ranges that do not meet: nothing matches, and the span says so.
    Result<ParsedQuery> apart = f.Parse("date:1987 date:1988");
    REQUIRE(apart.ok());
    REQUIRE(apart->published_within.has_value());
    CHECK(apart->published_within->first_day > apart->published_within->last_day);
  }
}

TEST_CASE("relative date: forms count back from the as-of day", "[query]") {
  ParserFixture f;
  f.set_as_of(1697630400);  // 2023-10-18T12:00:00Z, a Wednesday
  f.CheckTable({
      {"date:last-30-days", "Query(VALUE_RANGE 0 20230919000000 20231018235959)"},
      {"date:last-day", "Query(VALUE_RANGE 0 20231018000000 20231018235959)"},
      {"date:last-2-weeks", "Query(VALUE_RANGE 0 20231005000000 20231018235959)"},
      {"date:last-3-months", "Query(VALUE_RANGE 0 20230719000000 20231018235959)"},
      {"date:last-year", "Query(VALUE_RANGE 0 20221019000000 20231018235959)"},
      {"date:today", "Query(VALUE_RANGE 0 20231018000000 20231018235959)"},
      {"date:yesterday", "Query(VALUE_RANGE 0 20231017000000 20231017235959)"},
      {"date:this-week", "Query(VALUE_RANGE 0 20231016000000 20231018235959)"},
      {"date:this-month", "Query(VALUE_RANGE 0 20231001000000 20231018235959)"},
      {"date:this-year", "Query(VALUE_RANGE 0 20230101000000 20231018235959)"},
      {"date:2023-10-01..today", "Query(VALUE_RANGE 0 20231001000000 20231018235959)"},
      // Reaching back past 1600, the first year accepted, starts there.
      {"date:last-999999-days", "Query(VALUE_RANGE 0 16000101000000 20231018235959)"},
      {"date:last-99999-weeks", "Query(VALUE_RANGE 0 16000101000000 20231018235959)"},
      {"date:last-999999-months", "Query(VALUE_RANGE 0 16000101000000 20231018235959)"},
      {"date:last-099999-years", "Query(VALUE_RANGE 0 16000101000000 20231018235959)"},
      {"date:last-423-years", "Query(VALUE_RANGE 0 16001019000000 20231018235959)"},
      {"date:last-424-years", "Query(VALUE_RANGE 0 16000101000000 20231018235959)"},
  });
  f.CheckErrors({
      {"date:last-0-days", "column 6: not a date: 'last-0-days'"},
      {"date:last-30-fortnights", "column 6: not a date"},
      {"date:next-week", "column 6: not a date"},
  });
}

TEST_CASE("mentions: forms become the terms of the days, months and years covered", "[query]") {
  ParserFixture f;
  f.set_as_of(1697630400);  // 2023-10-18T12:00:00Z
  f.CheckTable({
      {"mentions:2023", "Query(0 * XDY2023)"},
      {"mentions:2023-10", "Query(0 * XDM202310)"},
      {"mentions:2023-10-16", "Query(0 * XDD20231016)"},
      {"mentions:2023-10-30..2024-02-02",
       "Query(0 * (XDD20231030 OR XDD20231031 OR XDM202311 OR XDM202312 OR XDM202401 OR "
       "XDD20240201 OR XDD20240202))"},
      {"mentions:2022..2023", "Query(0 * (XDY2022 OR XDY2023))"},
      {"mentions:yesterday", "Query(0 * XDD20231017)"},
      {"oil mentions:1987-03", "Query((oil FILTER XDM198703))"},
  });
  Result<ParsedQuery> open = f.Parse("mentions:..1987-03-02");
  REQUIRE(open.ok());
  const std::string description = open->query.get_description();
  CHECK_THAT(description, Catch::Contains("XDY1600 OR"));
  CHECK_THAT(description, Catch::EndsWith("XDY1986 OR XDM198701 OR XDM198702 OR XDD19870301 OR "
                                          "XDD19870302))"));
  f.CheckErrors({
      {"mentions:2023-02-30", "column 10: day 30 does not exist in February 2023"},
      {"mentions:soon", "column 10: not a date: 'soon'"},
  });
}

TEST_CASE("filters do not score: only filters, MatchAll and MatchNothing", "[query]") {
  ParserFixture f;
  f.CheckTable({
      {"", "Query(<alldocuments>)"},
      {"   \t ", "Query(<alldocuments>)"},
      {"...", "Query()"},
      {"(.)", "Query()"},
      {"\"\"", "Query()"},
      {"-.", "Query()"},
      {"topic:crude date:2023",
       "Query(0 * (XTcrude AND VALUE_RANGE 0 20230101000000 20231231235959))"},
      {"topic:crude -place:china", "Query(0 * (XTcrude AND_NOT XLchina))"},
      // Names rank: they are not filters.
      {"person:putin date:2023",
       "Query((XPputin FILTER VALUE_RANGE 0 20230101000000 20231231235959))"},
      {"person:putin -place:china", "Query((XPputin AND_NOT XLchina))"},
      {"-person:putin", "Query(0 * (<alldocuments> AND_NOT XPputin))"},
      {"(topic:crude) oil", "Query((oil FILTER XTcrude))"},
      {"(person:putin) oil", "Query((XPputin AND oil))"},
      {"oil person:putin topic:energy", "Query(((oil AND XPputin) FILTER XTenergy))"},
      {"oil (person:putin OR org:gazprom)", "Query((oil AND (XPputin OR XOgazprom)))"},
      {"oil OR person:putin", "Query((oil OR XPputin))"},
      {"oil gas person:putin", "Query((oil AND gas AND XPputin))"},
  });
  auto filter_only = [&](const char* q) {
    Result<ParsedQuery> parsed = f.Parse(q);
    REQUIRE(parsed.ok());
    return parsed->filter_only;
  };
  CHECK(filter_only(""));
  CHECK_FALSE(filter_only("person:putin"));  // names rank by prominence
  CHECK(filter_only("topic:crude"));
  CHECK(filter_only("date:2023 topic:energy"));
  CHECK(filter_only("NOT putin"));
  CHECK_FALSE(filter_only("putin person:putin"));
  CHECK_FALSE(filter_only("oil OR person:putin"));
  CHECK_FALSE(filter_only("..."));
}

TEST_CASE("highlight terms are the positive text words and names in query order", "[query]") {
  ParserFixture f;
  auto highlights = [&](const char* q) {
    Result<ParsedQuery> parsed = f.Parse(q);
    REQUIRE(parsed.ok());
    return parsed->highlight_terms;
  };
  using V = std::vector<std::string>;
  CHECK(highlights("Elections putin") == V{"elect", "putin"});
  CHECK(highlights("putin \"putin xi\" title:xi") == V{"putin", "xi"});
  CHECK(highlights("title:forum") == V{"forum"});
  CHECK(highlights("oil -gas NOT coal") == V{"oil"});
  CHECK(highlights("-(oil -gas)") == V{"gas"});
  CHECK(highlights("date:2023 topic:energy source:reuters") == V{});
  // Names are highlighted where the text writes them; other filters are not.
  CHECK(highlights("person:putin date:2023 topic:energy") == V{"putin"});
  CHECK(highlights("person:\"Vladimir Putin\" name:xi org:opec") ==
        V{"vladimir", "putin", "xi", "opec"});
  CHECK(highlights("-person:putin oil") == V{"oil"});
  CHECK(highlights("econom* oil") == V{"oil"});
  CHECK(highlights("exact:orbán a OR b") == V{"orban", "a", "b"});
  CHECK(highlights("putin NEAR/3 xi") == V{"putin", "xi"});
}

TEST_CASE("syntax errors name the column and the reason", "[query]") {
  ParserFixture f;
  f.CheckErrors({
      {"foo:bar", "column 1: unknown field 'foo:'; known fields: id, title, headline, body"},
      {"putin foo:bar", "column 7: unknown field 'foo:'"},
      {"http://example.com", "column 1: unknown field 'http:'"},
      {"foo:bar", "topic, name, exact"},
      {"title:(putin person:xi)", "column 14: field 'person:' inside 'title:(...)'"},
      {"title: forum", "column 1: 'title:' must be followed by a value, with no space"},
      {"(title:)", "column 2: 'title:' must be followed by a value"},
      {"\"belt and road", "column 1: '\"' is never closed"},
      {"putin \"xi", "column 7: '\"' is never closed"},
      {"putin “xi", "column 7: '“' is never closed"},
      {"\"a\" \"b", "column 5: '\"' is never closed"},
      {"(putin xi", "column 1: '(' is never closed"},
      {"((a) b", "column 1: '(' is never closed"},
      {"title:(", "column 7: '(' is never closed"},
      {"putin xi)", "column 9: ')' has no matching '('"},
      {")", "column 1: ')' has no matching '('"},
      {"()", "column 1: nothing inside '( )'"},
      {"a ( ) b", "column 3: nothing inside '( )'"},
      {"-", "column 1: '-' needs a word right after it"},
      {"+", "column 1: '+' needs a word right after it"},
      {"putin -", "column 7: '-' needs a word right after it"},
      {"(a -)", "column 4: '-' needs a word right after it"},
      {"putin AND", "column 7: AND needs a word after it"},
      {"AND putin", "column 1: AND needs a word before it"},
      {"OR xi", "column 1: OR needs a word before it"},
      {"putin OR", "column 7: OR needs a word after it"},
      {"a OR OR b", "column 3: OR needs a word after it"},
      {"title:(a OR", "column 10: OR needs a word after it"},
      {"putin NOT", "column 7: NOT needs a word after it"},
      {"NOT", "column 1: NOT needs a word after it"},
      {"putin NEAR", "column 7: NEAR needs a word after it"},
      {"NEAR xi", "column 1: NEAR needs a word before it"},
      {"\"vladimir putin\" NEAR xi", "column 1: NEAR needs single words on both sides"},
      {"putin NEAR person:xi", "column 12: NEAR needs single words on both sides"},
      {"a NEAR (b c)", "column 8: NEAR needs single words"},
      {"well-known NEAR b", "column 1: NEAR needs single words"},
      {"a NEAR econom*", "column 8: NEAR needs single words"},
      {"a NEAR/0 b", "column 3: NEAR/n needs a whole number n from 1 to 1000"},
      {"a NEAR/x b", "column 3: NEAR/n needs a whole number"},
      {"*", "column 1: '*' must follow at least 2 letters"},
      {"oil *", "column 5: '*' must follow at least 2 letters"},
      {"*foo", "column 1: a wildcard '*' can only end a word"},
      {"a*", "column 1: wildcard 'a*' needs at least 2 letters before '*'"},
      {"title:e*", "column 7: wildcard 'e*' needs at least 2 letters"},
      {"well-kno*", "column 1: wildcard 'well-kno*' must be a single word"},
  });
}

TEST_CASE("bad dates are refused with the reason", "[query]") {
  ParserFixture f;
  f.CheckErrors({
      {"date:2023-02-31", "column 6: day 31 does not exist in February 2023"},
      {"date:2023-02-29", "column 6: day 29 does not exist in February 2023"},
      {"date:1900-02-29", "day 29 does not exist in February 1900"},
      {"date:2023-04-00", "column 6: day 0 does not exist in April 2023"},
      {"date:2023-13", "column 6: month 13 does not exist"},
      {"date:2023-00", "column 6: month 0 does not exist"},
      {"date:0000", "column 6: year 0 is out of range (1600 to 2200)"},
      {"date:99999", "column 6: year 99999 is out of range (1600 to 2200)"},
      {"date:1599-12-31", "year 1599 is out of range"},
      {"date:2023-12..2023-10", "column 6: the date range ends before it starts"},
      {"date:2023-10..2023-02-30", "column 15: day 30 does not exist in February 2023"},
      {"oil date:..", "column 10: the date range '..' needs at least one end"},
      {"date:abc", "column 6: not a date: 'abc'"},
      {"date:2023/10/16", "column 6: not a date"},
      {"date:2023-10-16T08:00", "column 6: not a date"},
      {"date:\"\"", "column 7: a date is missing"},
      {"date:\"2023-02-31\"", "column 7: day 31 does not exist"},
      {"date:2023..2024..2025", "column 12: not a date"},
  });
}

TEST_CASE("queries over the limits are refused quickly", "[query]") {
  SECTION("length") {
    ParserFixture f;
    const std::string long_query(5000, 'a');
    Result<ParsedQuery> parsed = f.Parse(long_query);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.status().message() ==
          "column 1: the query is 5000 bytes long; the limit is 4096 bytes");
    CHECK(f.Parse(std::string(4096, 'a')).ok());
  }
  SECTION("terms") {
    ParserFixture f;
    std::string query;
    for (int i = 0; i < 128; ++i) query += "w" + std::to_string(i % 10) + " ";
    CHECK(f.Parse(query).ok());
    Result<ParsedQuery> parsed = f.Parse(query + "extra");
    REQUIRE_FALSE(parsed.ok());
    CHECK_THAT(parsed.status().message(),
               Catch::Matchers::StartsWith("column " + std::to_string(query.size() + 1) +
                                           ": too many terms: the limit is 128"));
    // A phrase counts each of its words.
    std::string phrase = "\"";
    for (int i = 0; i < 129; ++i) phrase += "w ";
    CHECK_THAT(f.Describe(phrase + "\""), Catch::Matchers::Contains("column 1: too many terms"));
  }
  SECTION("nesting") {
    ParserFixture f;
    std::string ok_query = std::string(32, '(') + "a" + std::string(32, ')');
    CHECK(f.Describe(ok_query) == "Query(a)");
    std::string deep = std::string(33, '(') + "a" + std::string(33, ')');
    CHECK(f.Describe(deep) == "error: column 33: parentheses nested deeper than 32 levels");
    CHECK(f.Describe("title:" + deep) ==
          "error: column 39: parentheses nested deeper than 32 levels");
  }
  SECTION("10,000 brackets or quotes: an error, no deep recursion") {
    ParserFixture f;  // default limits: the length check comes first
    CHECK(f.Describe(std::string(10000, '(')) ==
          "error: column 1: the query is 10000 bytes long; the limit is 4096 bytes");
    SearcherOptions roomy;
    roomy.max_query_bytes = 1 << 20;
    ParserFixture g(roomy);
    CHECK(g.Describe(std::string(10000, '(') + "a" + std::string(10000, ')')) ==
          "error: column 33: parentheses nested deeper than 32 levels");
    CHECK(g.Describe(std::string(10000, '(')) ==
          "error: column 33: parentheses nested deeper than 32 levels");
    CHECK(g.Describe(std::string(10000, ')')) == "error: column 1: ')' has no matching '('");
    CHECK(g.Describe(std::string(10000, '"')) ==
          "error: column 257: too many terms: the limit is 128 words, phrases and field terms");
    CHECK(g.Describe(std::string(10001, '"')) == "error: column 10001: '\"' is never closed");
    std::string nots;
    for (int i = 0; i < 10000; ++i) nots += "NOT ";
    CHECK(g.Describe(nots + "x") == "Query(x)");
    CHECK(g.Describe(std::string(10000, '-') + "x") == "Query(x)");
  }
}

TEST_CASE("columns count characters, and bad UTF-8 never crashes", "[query]") {
  ParserFixture f;
  CHECK(f.Describe("Москва foo:bar").rfind("error: column 8: unknown field 'foo:'", 0) == 0);
  CHECK(f.Describe("北京 \"x") == "error: column 4: '\"' is never closed");
  CHECK(f.Describe("Orbán (x") == "error: column 7: '(' is never closed");
  CHECK(f.Describe("\xff\xfe putin") == "Query(putin)");
  CHECK(f.Describe("putin \xc3(") == "error: column 8: '(' is never closed");
  CHECK(f.Describe(std::string("pu\0tin", 6)) == "Query((pu AND tin))");
  CHECK(f.Describe("\"\xe2\x82\" x") == "Query(x)");
  CHECK(f.Describe("x\xc2\xa0y\xe3\x80\x80z") == "Query((x AND y AND z))");
}

// ---- Against a real index -----------------------------------------------------------

struct TestArticle {
  std::string id, title, body;
  std::vector<std::string> people, orgs, places, topics;
  std::string published;  // "YYYYMMDDhhmmss"
};

// The indexing conventions in miniature (see indexer/article_indexer.cc): title words as
// "S" terms and unprefixed terms, body words unprefixed 100 positions later, accent-exact
// "XE" terms, folded boolean terms for entities and topics, the date in its value slot.
void IndexArticle(const TestArticle& a, text::Analyzer* analyzer, Xapian::WritableDatabase* db) {
  Xapian::Document doc;
  doc.set_data(a.id);
  doc.add_boolean_term(IdTerm(a.id));
  std::vector<text::Token> tokens;
  auto index_text = [&](const std::string& text, std::uint32_t first, unsigned weight,
                        const std::string& prefix) {
    tokens.clear();
    const std::uint32_t next = analyzer->Analyze(text, "en", &tokens, first);
    for (const text::Token& t : tokens) {
      doc.add_posting(t.term, t.position + 1, weight);
      if (!prefix.empty()) doc.add_posting(prefix + t.term, t.position + 1, 1);
      if (!t.exact.empty()) doc.add_term(std::string(kPrefixExact) + t.exact, 1);
    }
    return next;
  };
  const std::uint32_t after_title = index_text(a.title, 0, 3, std::string(kPrefixTitle));
  index_text(a.body, after_title + 100, 1, "");
  auto index_values = [&](std::string_view prefix, const std::vector<std::string>& values) {
    for (const std::string& v : values) {
      doc.add_boolean_term(BooleanTerm(prefix, analyzer->FoldValue(v)));
    }
  };
  index_values(kPrefixPerson, a.people);
  index_values(kPrefixOrg, a.orgs);
  index_values(kPrefixPlace, a.places);
  index_values(kPrefixTopic, a.topics);
  doc.add_value(kSlotPublished, a.published);
  db->replace_document(IdTerm(a.id), doc);
}

TEST_CASE("parsed queries find the right articles in a real index", "[query]") {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  text::Analyzer indexing(text::AnalyzerOptions{.emit_joined = true});
  const std::vector<TestArticle> articles = {
      {"1", "Putin meets Xi in Beijing",
       "The Belt and Road forum opened on Tuesday. Vladimir Putin spoke about trade.",
       {"Vladimir Putin", "Xi Jinping"}, {}, {"Beijing"}, {"diplomacy"}, "20231017083000"},
      {"2", "Oil prices rise", "Crude oil rose as OPEC cut output; trade worries eased.",
       {}, {"OPEC"}, {}, {"energy"}, "20231102120000"},
      {"3", "Baker visits El Salvador", "James Baker said the road ahead was a well-known one.",
       {"James Baker"}, {}, {"El Salvador"}, {"diplomacy"}, "19870301150101"},
      {"4", "Orbán wins again", "Viktor Orbán's party won the elections in Hungary.",
       {"Viktor Orbán"}, {}, {"Hungary"}, {}, "20220404000000"},
  };
  for (const TestArticle& a : articles) IndexArticle(a, &indexing, &db);
  db.commit();

  ParserFixture f;
  auto matches = [&](const char* query) {
    Result<ParsedQuery> parsed = f.Parse(query);
    INFO("query: " << query);
    REQUIRE(parsed.ok());
    Xapian::Enquire enquire(db);
    enquire.set_query(parsed->query);
    std::set<std::string> ids;
    for (Xapian::MSetIterator it = enquire.get_mset(0, 10).begin(); it != Xapian::MSetIterator();
         ++it) {
      ids.insert(it.get_document().get_data());
    }
    return ids;
  };
  using S = std::set<std::string>;
  CHECK(matches("\"belt and road\"") == S{"1"});
  CHECK(matches("\"road forum\"") == S{"1"});
  CHECK(matches("\"forum road\"") == S{});
  CHECK(matches("road") == S{"1", "3"});
  CHECK(matches("title:putin") == S{"1"});
  CHECK(matches("title:road") == S{});
  CHECK(matches("title:oil prices") == S{"2"});
  CHECK(matches("person:\"james baker\"") == S{"3"});
  CHECK(matches("person:James-Baker") == S{"3"});
  CHECK(matches("place:el-salvador") == S{"3"});
  CHECK(matches("name:beijing") == S{"1"});
  CHECK(matches("org:opec trade") == S{"2"});
  CHECK(matches("date:2023") == S{"1", "2"});
  CHECK(matches("date:2023-10") == S{"1"});
  CHECK(matches("date:..1990") == S{"3"});
  CHECK(matches("date:2022-04-04..2023-10-17") == S{"1", "4"});
  CHECK(matches("road -baker") == S{"1"});
  CHECK(matches("trade NOT date:2023-11") == S{"1"});
  CHECK(matches("topic:diplomacy -person:\"vladimir putin\"") == S{"3"});
  CHECK(matches("oil OR orbán") == S{"2", "4"});
  CHECK(matches("exact:orbán") == S{"4"});
  CHECK(matches("exact:\"viktor orbán\"") == S{"4"});
  CHECK(matches("orban's") == S{"4"});
  CHECK(matches("election") == S{"4"});
  CHECK(matches("well-known") == S{"3"});
  CHECK(matches("wellknown") == S{"3"});
  CHECK(matches("putin NEAR/3 xi") == S{"1"});
  CHECK(matches("putin NEAR/1 beijing") == S{});
  CHECK(matches("pric*") == S{"2"});
  CHECK(matches("title:vis*") == S{"3"});
  CHECK(matches("id:3") == S{"3"});
  CHECK(matches("NOT trade") == S{"3", "4"});
  CHECK(matches("...") == S{});
  CHECK(matches("") == S{"1", "2", "3", "4"});
}

}  // namespace
}  // namespace newsdex::query
