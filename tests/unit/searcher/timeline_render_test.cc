#include "searcher/render/timeline_renderer.h"

#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <tinyxml2.h>

#include "common/text/publication_date.h"

namespace newsdex::search {
namespace {

using Json = nlohmann::ordered_json;

TimelinePoint Point(const char* period, int year, int month, std::uint64_t count,
                    std::uint64_t all = 0) {
  TimelinePoint point;
  point.period = period;
  point.start = text::CivilToSeconds(year, month, 1);
  point.count = count;
  point.all = all;
  return point;
}

// Five months, one of them empty, counts chosen to land on whole eighths of a cell.
TimelineResults Monthly() {
  TimelineResults results;
  results.by = TimelinePeriod::kMonth;
  results.points = {Point("1987-02", 1987, 2, 100), Point("1987-03", 1987, 3, 800),
                    Point("1987-04", 1987, 4, 0), Point("1987-05", 1987, 5, 1600),
                    Point("1987-06", 1987, 6, 1)};
  results.total = 2504;
  results.undated = 3;
  results.elapsed_ms = 1.5;
  return results;
}

TimelineResults Normalized() {
  TimelineResults results;
  results.by = TimelinePeriod::kYear;
  results.normalized = true;
  results.points = {Point("1987", 1987, 1, 1, 4), Point("1988", 1988, 1, 0, 0),
                    Point("1989", 1989, 1, 3, 6)};
  results.total = 4;
  results.elapsed_ms = 0.5;
  return results;
}

TimelineRequest Request(const std::string& query) {
  TimelineRequest request;
  request.query = query;
  return request;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::size_t CodePoints(const std::string& text) {
  std::size_t n = 0;
  for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

std::string Text(const TimelineRequest& request, const TimelineResults& results,
                 TimelineStyle style = {.color = false, .width = 40}) {
  std::ostringstream out;
  RenderTimelineText(request, results, style, out);
  return out.str();
}

std::string JsonLines(const TimelineRequest& request, const TimelineResults& results) {
  std::ostringstream out;
  RenderTimelineJson(request, results, out);
  return out.str();
}

std::string Csv(const TimelineResults& results) {
  std::ostringstream out;
  RenderTimelineCsv(results, out);
  return out.str();
}

std::string Svg(const TimelineRequest& request, const TimelineResults& results) {
  std::ostringstream out;
  RenderTimelineSvg(request, results, out);
  return out.str();
}

// ---- text ----------------------------------------------------------------------------

TEST_CASE("the text timeline is a bar chart scaled to the largest count", "[searcher]") {
  CHECK(Text(Request("oil"), Monthly()) ==
        "Articles matching \"oil\", per month of publication\n"
        "1987-02  █▌                          100\n"
        "1987-03  ████████████                800\n"
        "1987-04                                0\n"
        "1987-05  ████████████████████████  1,600\n"
        "1987-06  ▏                             1\n"
        "2,504 articles · 3 without a date · 1.5 ms\n");
}

TEST_CASE("the text timeline fills the terminal width it is given", "[searcher]") {
  for (std::size_t width : {40, 80, 132}) {
    INFO("width " << width);
    const std::vector<std::string> lines =
        Lines(Text(Request("oil"), Monthly(), {.color = false, .width = width}));
    REQUIRE(lines.size() == 7);
    for (std::size_t i = 1; i <= 5; ++i) CHECK(CodePoints(lines[i]) == width);
  }
  // Too narrow a terminal still gets bars of ten cells.
  const std::vector<std::string> narrow =
      Lines(Text(Request("oil"), Monthly(), {.color = false, .width = 12}));
  CHECK(narrow[4] == "1987-05  ██████████  1,600");
}

TEST_CASE("the text timeline uses colours only when asked", "[searcher]") {
  CHECK(Text(Request("oil"), Monthly()).find('\033') == std::string::npos);
  const std::string colored = Text(Request("oil"), Monthly(), {.color = true, .width = 40});
  CHECK_THAT(colored, Catch::StartsWith("\033[1mArticles matching"));
  CHECK_THAT(colored, Catch::Contains("1987-03  \033[36m████████████" + std::string(12, ' ') + "\033[0m    800"));
}

TEST_CASE("a normalized text timeline shows shares and count/all", "[searcher]") {
  CHECK(Text(Request("crude"), Normalized()) ==
        "Share of articles matching \"crude\", per year of publication\n"
        "1987  ███████████             25.0%  1/4\n"
        "1988                              -  0/0\n"
        "1989  ██████████████████████  50.0%  3/6\n"
        "4 articles · 0.5 ms\n");
}

TEST_CASE("a timeline of mentioned dates says so, and what it could not place", "[searcher]") {
  TimelineResults results = Monthly();
  results.mentions = true;
  const std::vector<std::string> lines = Lines(Text(Request(""), results));
  CHECK(lines.front() == "All articles, per month they mention");
  CHECK(lines.back() == "2,504 articles · 3 mention no month · 1.5 ms");
  results.by = TimelinePeriod::kWeek;
  CHECK(Lines(Text(Request(""), results)).back() == "2,504 articles · 3 mention no day · 1.5 ms");
}

TEST_CASE("an empty text timeline says there is nothing to chart", "[searcher]") {
  TimelineResults results;
  CHECK(Text(Request("zzz"), results) ==
        "Articles matching \"zzz\", per month of publication\nno matching articles\n");
  results.total = 2;
  results.undated = 2;
  CHECK(Lines(Text(Request("zzz"), results)).back() ==
        "2 articles match, but none has a publication date");
  results.mentions = true;
  results.by = TimelinePeriod::kYear;
  CHECK(Lines(Text(Request("zzz"), results)).back() == "2 articles match, but none mentions a year");
}

TEST_CASE("filters are named in the timeline's title", "[searcher]") {
  TimelineRequest request = Request("oil");
  request.filters = {"topic:crude", "place:iran"};
  CHECK(Lines(Text(request, Monthly())).front() ==
        "Articles matching \"oil\" (filtered by topic:crude, place:iran), per month of publication");
}

// ---- JSON Lines ----------------------------------------------------------------------

TEST_CASE("json timeline: one period object per period, then the summary", "[searcher]") {
  const std::vector<std::string> lines = Lines(JsonLines(Request("oil"), Monthly()));
  REQUIRE(lines.size() == 6);
  CHECK(lines[0] ==
        R"({"type":"period","period":"1987-02","start":"1987-02-01T00:00:00Z","count":100})");
  CHECK(lines[2] ==
        R"({"type":"period","period":"1987-04","start":"1987-04-01T00:00:00Z","count":0})");
  CHECK(lines[5] ==
        R"({"type":"summary","format":1,"query":"oil","by":"month","dates":"published",)"
        R"("total":2504,"undated":3,"periods":5,"elapsed_ms":1.5})");
}

TEST_CASE("json timeline: normalized periods add all and share", "[searcher]") {
  TimelineResults results = Normalized();
  results.mentions = true;
  const std::vector<std::string> lines = Lines(JsonLines(Request("crude"), results));
  REQUIRE(lines.size() == 4);
  CHECK(lines[0] ==
        R"({"type":"period","period":"1987","start":"1987-01-01T00:00:00Z","count":1,"all":4,"share":0.25})");
  CHECK(lines[1] ==
        R"({"type":"period","period":"1988","start":"1988-01-01T00:00:00Z","count":0,"all":0,"share":0.0})");
  const Json summary = Json::parse(lines[3]);
  CHECK(summary["by"] == "year");
  CHECK(summary["dates"] == "mentioned");
  CHECK(summary["periods"] == 3);
}

TEST_CASE("json timeline: the query is escaped as JSON, and empty results still summarise",
          "[searcher]") {
  const std::string query = "a<&\">\\ b";
  const std::vector<std::string> lines = Lines(JsonLines(Request(query), TimelineResults{}));
  REQUIRE(lines.size() == 1);
  const Json summary = Json::parse(lines[0]);
  CHECK(summary["query"] == query);
  CHECK(summary["total"] == 0);
  CHECK(summary["periods"] == 0);
  CHECK_THAT(lines[0], Catch::Contains(R"("query":"a<&\">\\ b")"));
}

// ---- CSV -----------------------------------------------------------------------------

TEST_CASE("csv timeline: a header and one line per period", "[searcher]") {
  CHECK(Csv(Monthly()) ==
        "period,start,count\n"
        "1987-02,1987-02-01T00:00:00Z,100\n"
        "1987-03,1987-03-01T00:00:00Z,800\n"
        "1987-04,1987-04-01T00:00:00Z,0\n"
        "1987-05,1987-05-01T00:00:00Z,1600\n"
        "1987-06,1987-06-01T00:00:00Z,1\n");
  CHECK(Csv(Normalized()) ==
        "period,start,count,all,share\n"
        "1987,1987-01-01T00:00:00Z,1,4,0.25\n"
        "1988,1988-01-01T00:00:00Z,0,0,0\n"
        "1989,1989-01-01T00:00:00Z,3,6,0.5\n");
  CHECK(Csv(TimelineResults{}) == "period,start,count\n");
}

TEST_CASE("csv timeline quotes fields as RFC 4180 asks", "[searcher]") {
  TimelineResults results;
  results.points = {Point("a,\"b\"", 1987, 1, 2)};
  CHECK(Lines(Csv(results))[1] == R"("a,""b""",1987-01-01T00:00:00Z,2)");
}

// ---- SVG -----------------------------------------------------------------------------

// Every element below `root` (itself included) named `name`, in document order.
std::vector<const tinyxml2::XMLElement*> Elements(const tinyxml2::XMLElement* root,
                                                  std::string_view name) {
  std::vector<const tinyxml2::XMLElement*> found;
  std::function<void(const tinyxml2::XMLElement*)> walk = [&](const tinyxml2::XMLElement* e) {
    if (name == e->Name()) found.push_back(e);
    for (auto* child = e->FirstChildElement(); child; child = child->NextSiblingElement()) {
      walk(child);
    }
  };
  walk(root);
  return found;
}

std::vector<const tinyxml2::XMLElement*> WithClass(const tinyxml2::XMLElement* root,
                                                   std::string_view name,
                                                   std::string_view css_class) {
  std::vector<const tinyxml2::XMLElement*> found;
  for (const auto* e : Elements(root, name)) {
    const char* value = e->Attribute("class");
    if (value != nullptr && css_class == value) found.push_back(e);
  }
  return found;
}

std::vector<std::string> Texts(const std::vector<const tinyxml2::XMLElement*>& elements) {
  std::vector<std::string> texts;
  for (const auto* e : elements) texts.emplace_back(e->GetText() ? e->GetText() : "");
  return texts;
}

bool HasText(const tinyxml2::XMLElement* root, const std::string& text) {
  for (const std::string& t : Texts(Elements(root, "text"))) {
    if (t == text) return true;
  }
  return false;
}

// Parses `svg`, REQUIREs it to be well-formed, and returns the document.
void Parse(const std::string& svg, tinyxml2::XMLDocument* doc) {
  INFO(svg.substr(0, 2000));
  REQUIRE(doc->Parse(svg.c_str(), svg.size()) == tinyxml2::XML_SUCCESS);
  REQUIRE(doc->RootElement() != nullptr);
  REQUIRE(std::string(doc->RootElement()->Name()) == "svg");
}

TEST_CASE("the svg timeline is a well-formed, standalone SVG 1.1 document", "[searcher]") {
  const std::string svg = Svg(Request("oil"), Monthly());
  CHECK_THAT(svg, Catch::StartsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg "));
  tinyxml2::XMLDocument doc;
  Parse(svg, &doc);
  const tinyxml2::XMLElement* root = doc.RootElement();
  CHECK(std::string(root->Attribute("xmlns")) == "http://www.w3.org/2000/svg");
  CHECK(std::string(root->Attribute("version")) == "1.1");
  const double width = root->DoubleAttribute("width"), height = root->DoubleAttribute("height");
  CHECK(width > 0);
  CHECK(height > 0);
  std::ostringstream view_box;
  view_box << "0 0 " << root->Attribute("width") << " " << root->Attribute("height");
  CHECK(view_box.str() == root->Attribute("viewBox"));
  CHECK(std::string(root->FirstChildElement("title")->GetText()) ==
        "Articles matching \"oil\", per month of publication");
}

TEST_CASE("the svg timeline has a bar with a tooltip per period, scaled", "[searcher]") {
  tinyxml2::XMLDocument doc;
  Parse(Svg(Request("oil"), Monthly()), &doc);
  const auto bars = WithClass(doc.RootElement(), "rect", "bar");
  REQUIRE(bars.size() == 5);
  std::vector<std::string> tooltips;
  for (const auto* bar : bars) {
    REQUIRE(bar->FirstChildElement("title") != nullptr);
    tooltips.emplace_back(bar->FirstChildElement("title")->GetText());
  }
  CHECK(tooltips == std::vector<std::string>{"1987-02: 100 articles", "1987-03: 800 articles",
                                             "1987-04: 0 articles", "1987-05: 1,600 articles",
                                             "1987-06: 1 article"});
  // Heights are proportional to counts, bars left to right, bottoms on the x axis.
  CHECK(bars[1]->DoubleAttribute("height") ==
        Approx(bars[3]->DoubleAttribute("height") / 2).margin(0.02));
  CHECK(bars[2]->DoubleAttribute("height") == 0);
  for (std::size_t i = 1; i < bars.size(); ++i) {
    CHECK(bars[i]->DoubleAttribute("x") > bars[i - 1]->DoubleAttribute("x"));
    CHECK(bars[i]->DoubleAttribute("y") + bars[i]->DoubleAttribute("height") ==
          Approx(bars[0]->DoubleAttribute("y") + bars[0]->DoubleAttribute("height")).margin(0.02));
  }
}

TEST_CASE("the svg timeline labels its axes, with rounded ticks and gridlines", "[searcher]") {
  tinyxml2::XMLDocument doc;
  Parse(Svg(Request("oil"), Monthly()), &doc);
  const tinyxml2::XMLElement* root = doc.RootElement();
  CHECK(Texts(WithClass(root, "text", "axis-title")) ==
        std::vector<std::string>{"articles per month", "month published"});
  // Largest count 1,600: five ticks of 500 up to 2,000, each with a gridline.
  CHECK(Texts(WithClass(root, "text", "tick")) ==
        std::vector<std::string>{"0", "500", "1,000", "1,500", "2,000"});
  CHECK(WithClass(root, "line", "grid").size() == 5);
  CHECK(Texts(WithClass(root, "text", "period")) ==
        std::vector<std::string>{"1987-02", "1987-03", "1987-04", "1987-05", "1987-06"});
  CHECK(HasText(root, "Articles matching \"oil\", per month of publication"));
  CHECK(HasText(root, "2,504 articles · 3 without a date"));
}

TEST_CASE("a normalized svg timeline plots shares", "[searcher]") {
  TimelineResults results = Normalized();
  results.mentions = true;
  tinyxml2::XMLDocument doc;
  Parse(Svg(Request("crude"), results), &doc);
  const tinyxml2::XMLElement* root = doc.RootElement();
  CHECK(Texts(WithClass(root, "text", "axis-title")) ==
        std::vector<std::string>{"share of articles per year", "year mentioned"});
  // Largest share 50%: ticks of 10 points.
  CHECK(Texts(WithClass(root, "text", "tick")) ==
        std::vector<std::string>{"0%", "10%", "20%", "30%", "40%", "50%"});
  const auto bars = WithClass(root, "rect", "bar");
  REQUIRE(bars.size() == 3);
  CHECK(std::string(bars[0]->FirstChildElement("title")->GetText()) ==
        "1987: 25.0% (1 of 4 articles)");
  CHECK(std::string(bars[1]->FirstChildElement("title")->GetText()) == "1988: no articles");
}

TEST_CASE("the svg timeline escapes the query and survives bytes XML cannot hold",
          "[searcher]") {
  const std::string query = "<b>&\"x\" 'y'";
  const std::string svg = Svg(Request(query), Monthly());
  CHECK(svg.find("<b>") == std::string::npos);
  CHECK_THAT(svg, Catch::Contains("&lt;b&gt;&amp;&quot;x&quot; &apos;y&apos;"));
  tinyxml2::XMLDocument doc;
  Parse(svg, &doc);
  CHECK(HasText(doc.RootElement(),
                "Articles matching \"" + query + "\", per month of publication"));

  tinyxml2::XMLDocument broken;
  Parse(Svg(Request("bad \x01 \xff\xfe bytes"), Monthly()), &broken);
  CHECK(HasText(broken.RootElement(),
                "Articles matching \"bad \xEF\xBF\xBD \xEF\xBF\xBD\xEF\xBF\xBD bytes\", per month "
                "of publication"));
}

TEST_CASE("the svg timeline is wide enough for its title, and cuts a very long one",
          "[searcher]") {
  const std::string query(60, 'q');
  tinyxml2::XMLDocument doc;
  Parse(Svg(Request(query), Monthly()), &doc);
  const std::string title = "Articles matching \"" + query + "\", per month of publication";
  CHECK(HasText(doc.RootElement(), title));
  CHECK(doc.RootElement()->DoubleAttribute("width") >= 84 + 10 * static_cast<double>(title.size()));

  const std::string endless(500, 'q');
  tinyxml2::XMLDocument long_doc;
  Parse(Svg(Request(endless), Monthly()), &long_doc);
  const tinyxml2::XMLElement* shown = long_doc.RootElement()->FirstChildElement("text");
  REQUIRE(shown != nullptr);
  CHECK(CodePoints(shown->GetText()) == 121);
  CHECK_THAT(shown->GetText(), Catch::EndsWith("qqq…"));
  // The document's own title keeps all of it.
  CHECK(std::string(long_doc.RootElement()->FirstChildElement("title")->GetText()).size() > 500);
}

TEST_CASE("the svg timeline thins its period labels out on long timelines", "[searcher]") {
  TimelineResults results;
  results.by = TimelinePeriod::kDay;
  for (int i = 0; i < 365; ++i) {
    TimelinePoint point;
    point.period = text::FormatIso8601(text::CivilToSeconds(1987, 1, 1) + i * 86400).substr(0, 10);
    point.start = text::CivilToSeconds(1987, 1, 1) + i * 86400;
    point.count = static_cast<std::uint64_t>(i % 7);
    results.points.push_back(point);
    results.total += point.count;
  }
  tinyxml2::XMLDocument doc;
  Parse(Svg(Request("oil"), results), &doc);
  const tinyxml2::XMLElement* root = doc.RootElement();
  CHECK(WithClass(root, "rect", "bar").size() == 365);
  const auto labels = WithClass(root, "text", "period");
  CHECK(labels.size() <= 20);
  CHECK(labels.size() >= 10);
  CHECK(std::string(labels.front()->GetText()) == "1987-01-01");
  // Every 19th day is far enough apart for a label to stand upright.
  for (std::size_t i = 1; i < labels.size(); ++i) {
    CHECK(labels[i]->DoubleAttribute("x") - labels[i - 1]->DoubleAttribute("x") > 10 * 7);
    CHECK(labels[i]->Attribute("transform") == nullptr);
  }
  const std::vector<std::string> ticks = Texts(WithClass(root, "text", "tick"));
  CHECK(ticks.size() >= 4);
  CHECK(ticks.size() <= 6);
}

TEST_CASE("the svg timeline turns period labels that would overlap", "[searcher]") {
  TimelineResults results;
  results.by = TimelinePeriod::kDay;
  for (int i = 0; i < 30; ++i) {
    TimelinePoint point;
    point.start = text::CivilToSeconds(1987, 3, 1) + i * 86400;
    point.period = text::FormatIso8601(point.start).substr(0, 10);
    point.count = 1;
    results.points.push_back(point);
  }
  tinyxml2::XMLDocument doc;
  Parse(Svg(Request("oil"), results), &doc);
  const auto labels = WithClass(doc.RootElement(), "text", "period");
  CHECK(labels.size() == 15);
  for (const auto* label : labels) {
    REQUIRE(label->Attribute("transform") != nullptr);
    CHECK_THAT(label->Attribute("transform"), Catch::StartsWith("rotate(-45 "));
  }
  // The x axis title sits below the turned labels, inside the picture.
  const auto titles = WithClass(doc.RootElement(), "text", "axis-title");
  REQUIRE(titles.size() == 2);
  CHECK(titles[1]->DoubleAttribute("y") > labels[0]->DoubleAttribute("y") + 10 * 7 * 0.7);
  CHECK(titles[1]->DoubleAttribute("y") < doc.RootElement()->DoubleAttribute("height"));
}

TEST_CASE("an empty svg timeline is still a document that says so", "[searcher]") {
  tinyxml2::XMLDocument doc;
  Parse(Svg(Request("zzz"), TimelineResults{}), &doc);
  CHECK(WithClass(doc.RootElement(), "rect", "bar").empty());
  CHECK(HasText(doc.RootElement(), "no matching articles"));
}

}  // namespace
}  // namespace newsdex::search
