#include "searcher/render/renderer.h"

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

namespace newsdex::search {
namespace {

using Json = nlohmann::json;

// Two hits and a summary, with multi-byte text before the highlights.
SearchResults SampleResults() {
  SearchResults results;
  results.total = 42;
  results.exact = true;
  results.total_lower = results.total_upper = 42;
  results.elapsed_ms = 1.5;

  Hit first;
  first.rank = 0;
  first.score = 12.25;
  first.id = "wire-0001";
  first.title = "Xi and Putin meet in Beijing";
  first.published = 541350061;  // 1987-02-26T15:01:01Z
  first.source = "reuters";
  first.section = "world";
  first.byline = "By Ольга Петрова";
  first.url = "https://example.com/1";
  first.language = "en";
  first.topics = {"trade"};
  first.topic_tags = {{"trade", TopicOrigin::kGiven, 1.0}, {"crude", TopicOrigin::kPredicted, 0.93149}};
  first.people = {"putin", "xi jinping"};
  first.orgs = {};
  first.places = {"china", "russia"};
  // "…Orbán’s ally " is 14 code points but 19 bytes.
  first.snippet = "…Orbán’s ally Putin met Xi…";
  const std::size_t putin = first.snippet.find("Putin");
  const std::size_t xi = first.snippet.find("Xi");
  first.highlights = {{putin, putin + 5}, {xi, xi + 2}};

  Hit second;
  second.rank = 1;
  second.id = "wire-0002";
  second.title = "";
  second.snippet = "No highlights here.";
  results.hits = {first, second};

  results.facets = {{"topic", {{"trade", 3, ""}, {"crude", 1, ""}}, true},
                    {"year", {{"1987", 4, ""}}, false}};
  return results;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

std::string Render(const Renderer& renderer, const SearchRequest& request,
                   const SearchResults& results) {
  std::ostringstream out;
  renderer.Render(request, results, out);
  return out.str();
}

TEST_CASE("json output is one parseable object per line, the summary last", "[searcher]") {
  SearchRequest request;
  request.query = "putin xi";
  request.offset = 0;
  request.limit = 10;
  const SearchResults results = SampleResults();
  const std::string text = Render(*NewJsonRenderer(), request, results);
  REQUIRE(!text.empty());
  CHECK(text.back() == '\n');
  const std::vector<std::string> lines = Lines(text);
  REQUIRE(lines.size() == 3);
  std::vector<Json> objects;
  for (const std::string& line : lines) {
    INFO(line);
    REQUIRE_NOTHROW(objects.push_back(Json::parse(line)));
    CHECK(objects.back().is_object());
  }
  CHECK(objects[0]["type"] == "hit");
  CHECK(objects[1]["type"] == "hit");
  CHECK(objects[2]["type"] == "summary");
  CHECK(objects[2]["format"] == 1);
  CHECK(objects[2]["format"] == kJsonOutputFormat);
}

TEST_CASE("json hits have the documented keys and values", "[searcher]") {
  SearchRequest request;
  const SearchResults results = SampleResults();
  const std::vector<std::string> lines = Lines(Render(*NewJsonRenderer(), request, results));
  REQUIRE(lines.size() == 3);
  const std::vector<std::string> keys = {
      "type",  "rank",     "id",  "title",    "date",   "score",  "source",  "section", "byline",
      "url",   "language", "topics", "people", "orgs", "places", "snippet", "highlights",
      "topic_tags"};
  for (std::size_t i = 0; i < 2; ++i) {
    const Json hit = Json::parse(lines[i]);
    std::vector<std::string> got;
    for (auto it = hit.begin(); it != hit.end(); ++it) got.push_back(it.key());
    std::sort(got.begin(), got.end());
    std::vector<std::string> want = keys;
    std::sort(want.begin(), want.end());
    CHECK(got == want);
    // Documented order too.
    const nlohmann::ordered_json ordered = nlohmann::ordered_json::parse(lines[i]);
    std::vector<std::string> in_order;
    for (auto it = ordered.begin(); it != ordered.end(); ++it) in_order.push_back(it.key());
    CHECK(in_order == keys);
  }
  const Json first = Json::parse(lines[0]);
  CHECK(first["rank"] == 1);  // 1-based
  CHECK(first["id"] == "wire-0001");
  CHECK(first["date"] == "1987-02-26T15:01:01Z");
  CHECK(first["score"].get<double>() == Approx(12.25));
  CHECK(first["byline"] == "By Ольга Петрова");
  CHECK(first["people"] == Json::array({"putin", "xi jinping"}));
  CHECK(first["topic_tags"] ==
        Json::parse(R"([{"topic":"trade","origin":"given","confidence":1.0},)"
                    R"({"topic":"crude","origin":"predicted","confidence":0.931}])"));
  CHECK(first["orgs"] == Json::array());
  CHECK(first["snippet"] == results.hits[0].snippet);
  const Json second = Json::parse(lines[1]);
  CHECK(second["rank"] == 2);
  CHECK(second["date"].is_null());
  CHECK(second["title"] == "");
  CHECK(second["highlights"] == Json::array());
}

TEST_CASE("json hits carry the source's unknown fields under extra, when there are any", "[searcher]") {
  SearchRequest request;
  SearchResults results = SampleResults();
  results.hits[0].extra_json = R"({"lewissplit":"TRAIN","tags":["a","b"]})";
  results.hits[1].extra_json = "not json";  // never produced, but never fatal either
  const std::vector<std::string> lines = Lines(Render(*NewJsonRenderer(), request, results));
  const Json first = Json::parse(lines[0]);
  CHECK(first["extra"] == Json::parse(R"({"lewissplit":"TRAIN","tags":["a","b"]})"));
  CHECK_FALSE(Json::parse(lines[1]).contains("extra"));
}

TEST_CASE("json highlights are code point offsets", "[searcher]") {
  SearchRequest request;
  const SearchResults results = SampleResults();
  const Json hit = Json::parse(Lines(Render(*NewJsonRenderer(), request, results))[0]);
  // "…Orbán’s ally Putin met Xi…": Putin at code points [14, 19), Xi at [24, 26).
  CHECK(hit["highlights"] == Json::parse("[[14, 19], [24, 26]]"));
  // Cross-check against the snippet decoded to code points.
  const std::u32string decoded = U"…Orbán’s ally Putin met Xi…";
  CHECK(decoded.substr(14, 5) == U"Putin");
  CHECK(decoded.substr(24, 2) == U"Xi");
}

TEST_CASE("json summary reports totals, paging and facets", "[searcher]") {
  SearchRequest request;
  request.query = "putin";
  request.offset = 20;
  request.limit = 2;
  SearchResults results = SampleResults();
  results.exact = false;
  results.total_lower = 40;
  results.total_upper = 50;
  const std::vector<std::string> lines = Lines(Render(*NewJsonRenderer(), request, results));
  const Json summary = Json::parse(lines.back());
  CHECK(summary["query"] == "putin");
  CHECK(summary["total"] == 42);
  CHECK(summary["exact"] == false);
  CHECK(summary["total_lower"] == 40);
  CHECK(summary["total_upper"] == 50);
  CHECK(summary["offset"] == 20);
  CHECK(summary["limit"] == 2);
  CHECK(summary["returned"] == 2);
  CHECK(summary["elapsed_ms"].is_number());
  CHECK(summary["facets"]["topic"] ==
        Json::parse(R"([{"value":"trade","count":3},{"value":"crude","count":1}])"));
  CHECK(summary["facets_exact"]["topic"] == true);
  CHECK(summary["facets_exact"]["year"] == false);

  // No facets asked: no facet keys.
  results.facets.clear();
  const Json bare = Json::parse(Lines(Render(*NewJsonRenderer(), request, results)).back());
  CHECK(!bare.contains("facets"));
  CHECK(!bare.contains("facets_exact"));
}

TEST_CASE("json output of no hits is the summary alone", "[searcher]") {
  SearchRequest request;
  request.query = "nothing";
  SearchResults results;
  results.exact = true;
  const std::vector<std::string> lines = Lines(Render(*NewJsonRenderer(), request, results));
  REQUIRE(lines.size() == 1);
  const Json summary = Json::parse(lines[0]);
  CHECK(summary["type"] == "summary");
  CHECK(summary["total"] == 0);
  CHECK(summary["returned"] == 0);
}

TEST_CASE("text output without colour marks highlights with brackets", "[searcher]") {
  SearchRequest request;
  const SearchResults results = SampleResults();
  const std::string text = Render(*NewTextRenderer({.color = false}), request, results);
  INFO(text);
  CHECK(text.find('\033') == std::string::npos);
  CHECK(text.find("…Orbán’s ally [Putin] met [Xi]…") != std::string::npos);
  CHECK(text.find("1. 1987-02-26  Xi and Putin meet in Beijing") != std::string::npos);
  CHECK(text.find("2. ----------  (no title)") != std::string::npos);
  CHECK(text.find("score 12.250") != std::string::npos);
  CHECK(text.find("No highlights here.") != std::string::npos);
  CHECK(text.find("42 articles match; showing 1–2") != std::string::npos);
  CHECK(text.find("about") == std::string::npos);
  CHECK(text.find("topic:  trade (3)  crude (1)") != std::string::npos);
  CHECK(text.find("year (estimated):  1987 (4)") != std::string::npos);
}

TEST_CASE("text output with colour uses escape codes", "[searcher]") {
  SearchRequest request;
  const SearchResults results = SampleResults();
  const std::string text = Render(*NewTextRenderer({.color = true}), request, results);
  CHECK(text.find('\033') != std::string::npos);
  CHECK(text.find("\033[1;33mPutin\033[0m") != std::string::npos);
  CHECK(text.find("[Putin]") == std::string::npos);
}

TEST_CASE("text summary lines for no match, estimates and paging", "[searcher]") {
  struct Case {
    std::uint64_t total;
    bool exact;
    std::size_t offset, hits;
    std::string expected;
  };
  const std::vector<Case> cases = {
      {0, true, 0, 0, "No articles match.\n"},
      {0, false, 0, 0, "No articles match.\n"},
      {1, true, 0, 1, "1 article matches; showing 1–1\n"},
      {1200, false, 0, 0, "about 1200 articles match\n"},
      {1200, false, 10, 2, "about 1200 articles match; showing 11–12\n"},
      {7, true, 5, 2, "7 articles match; showing 6–7\n"},
  };
  for (const Case& c : cases) {
    INFO(c.expected);
    SearchRequest request;
    request.offset = c.offset;
    SearchResults results;
    results.total = c.total;
    results.exact = c.exact;
    for (std::size_t i = 0; i < c.hits; ++i) {
      Hit h;
      h.rank = c.offset + i;
      h.id = "id" + std::to_string(i);
      results.hits.push_back(h);
    }
    const std::string text = Render(*NewTextRenderer({}), request, results);
    CHECK(Lines(text).back() + "\n" == c.expected);
  }
}

}  // namespace
}  // namespace newsdex::search
