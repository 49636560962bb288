#include "common/document/article_codec.h"

#include <catch2/catch.hpp>

namespace newsdex {
namespace {

TEST_CASE("an article survives encoding and decoding field for field", "[document]") {
  Article a;
  a.id = "wire-1";
  a.title = "Putin’s visit";
  a.body = "Body\nwith lines and “quotes”";
  a.dateline = "BEIJING, Oct 17";
  a.byline = "By Jane Roe";
  a.source = "Wire";
  a.section = "world";
  a.url = "https://example.org/a";
  a.language = "en";
  a.published = -86400;  // dates before 1970 are negative
  a.people = {"Vladimir Putin", "Xi Jinping"};
  a.orgs = {"OPEC"};
  a.places = {"Beijing"};
  a.topics = {"diplomacy"};
  a.extra_json = R"({"oldid":"5544","nested":{"k":[1,2]}})";
  Result<Article> back = DecodeArticle(EncodeArticle(a));
  REQUIRE(back.ok());
  CHECK(back->id == a.id);
  CHECK(back->title == a.title);
  CHECK(back->body == a.body);
  CHECK(back->dateline == a.dateline);
  CHECK(back->byline == a.byline);
  CHECK(back->source == a.source);
  CHECK(back->section == a.section);
  CHECK(back->url == a.url);
  CHECK(back->language == a.language);
  CHECK(back->published == a.published);
  CHECK(back->people == a.people);
  CHECK(back->orgs == a.orgs);
  CHECK(back->places == a.places);
  CHECK(back->topics == a.topics);
  CHECK(back->extra_json == R"({"nested":{"k":[1,2]},"oldid":"5544"})");
}

TEST_CASE("empty fields are left out of the stored form", "[document]") {
  Article a;
  a.id = "x";
  a.extra_json = "{}";
  CHECK(EncodeArticle(a) == R"({"id":"x"})");
  Result<Article> back = DecodeArticle(R"({"id":"x"})");
  REQUIRE(back.ok());
  CHECK_FALSE(back->published.has_value());
  CHECK(back->extra_json.empty());
}

TEST_CASE("decoding reads escapes, skips unknown keys and any article length", "[document]") {
  Result<Article> escaped = DecodeArticle(
      R"({"id":"a\"b","later":{"x":[1,{"y":null}]},"title":"caf\u00e9\n\ud83d\udcf0","published":1})");
  REQUIRE(escaped.ok());
  CHECK(escaped->id == "a\"b");
  CHECK(escaped->title == "café\n📰");
  CHECK(escaped->published == 1);
  // Long and short articles in turn on one thread (the parser's buffers are reused).
  for (const std::size_t length : {100000, 10, 300000, 0}) {
    Article a;
    a.id = "len-" + std::to_string(length);
    a.body.assign(length, 'w');
    Result<Article> back = DecodeArticle(EncodeArticle(a));
    REQUIRE(back.ok());
    CHECK(back->id == a.id);
    CHECK(back->body == a.body);
  }
}

TEST_CASE("a damaged stored article is Corruption, never a crash", "[document]") {
  for (const char* stored : {"", "not json", "[1,2]", R"({"title":"no id"})",
                             R"({"id":5})", R"({"id":"x","people":"not a list"})",
                             R"({"id":"x","published":"yesterday"})",
                             R"({"id":"x"} trailing)", R"({"id":"x","extra":[1]})",
                             R"({"id":"x","people":["a",3]})", "{\"id\":\"\xff\"}",
                             R"({"id":"x","title":"cut)"}) {
    INFO(stored);
    Result<Article> back = DecodeArticle(stored);
    REQUIRE_FALSE(back.ok());
    CHECK(back.status().code() == StatusCode::kCorruption);
  }
}

}  // namespace
}  // namespace newsdex

namespace newsdex {
namespace {

TEST_CASE("fields are found by their schema names", "[document]") {
  Article a;
  *TextFieldOf(&a, "byline") = "By Jane Roe";
  ListFieldOf(&a, "places")->push_back("Kyiv");
  CHECK(a.byline == "By Jane Roe");
  CHECK(a.places == std::vector<std::string>{"Kyiv"});
  const Article& view = a;
  CHECK(*TextFieldOf(view, "byline") == "By Jane Roe");
  CHECK(TextFieldOf(view, "people") == nullptr);
  CHECK(ListFieldOf(view, "title") == nullptr);
  CHECK(TextFieldOf(&a, "colour") == nullptr);
}

}  // namespace
}  // namespace newsdex
