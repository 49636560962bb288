#include "common/schema/schema.h"

#include <catch2/catch.hpp>

#include "support/schemas.h"

namespace newsdex {
namespace {

TEST_CASE("the built-in schema loads and maps query names to prefixes", "[schema]") {
  const Schema& schema = Schema::Default();
  struct Row { const char* query_name; const char* field; const char* prefix; };
  const Row rows[] = {
      {"title", "title", "S"},    {"body", "body", ""},       {"person", "people", "XP"},
      {"org", "orgs", "XO"},      {"place", "places", "XL"},  {"topic", "topics", "XT"},
      {"author", "byline", "A"},  {"source", "source", "XSRC"}, {"section", "section", "XSEC"},
      {"lang", "language", "L"},  {"id", "id", "Q"},
  };
  for (const Row& row : rows) {
    INFO(row.query_name);
    const FieldSpec* field = schema.FindByQueryName(row.query_name);
    REQUIRE(field != nullptr);
    CHECK(field->name == row.field);
    CHECK(field->prefix == row.prefix);
  }
  CHECK(schema.FindByQueryName("nosuchfield") == nullptr);
  CHECK(schema.Find("title")->weight == 3);
  CHECK(schema.Find("published")->slot == kSlotPublished);
  CHECK(schema.default_language() == "en");
  CHECK(schema.word_positions());
}

TEST_CASE("[archive] positions = false leaves word positions out", "[schema]") {
  Result<Schema> schema = Schema::FromToml(testing::TomlWithoutPositions());
  REQUIRE(schema.ok());
  CHECK_FALSE(schema->word_positions());
  CHECK(schema->Find("body") != nullptr);
}

TEST_CASE("JSON keys map onto fields through the schema", "[schema]") {
  const Schema& schema = Schema::Default();
  CHECK(schema.FindBySourceKey("headline")->name == "title");
  CHECK(schema.FindBySourceKey("content")->name == "body");
  CHECK(schema.FindBySourceKey("pubDate") == nullptr);  // keys are exact
  CHECK(schema.FindBySourceKey("pubdate")->name == "published");
  CHECK(schema.FindByFacet("person")->name == "people");
}

TEST_CASE("a broken schema is refused with the line that is wrong", "[schema]") {
  struct Row { const char* toml; const char* message_part; };
  const Row rows[] = {
      {"[[field]]\nname = \"title\"\nkind = \"text\"\n[[field]]\nname = \"colour\"\n",
       "unknown field 'colour'"},
      {"[[field]]\nname = \"title\"\nkind = \"keyword\"\n", "has kind 'text'"},
      {"[[field]\n", "schema line 1"},
      {"[archive]\nlanguage = \"en\"\n", "no [[field]]"},
      {"[[field]]\nname = \"title\"\n[[field]]\nname = \"id\"\n", "lacks the required field 'body'"},
      {"[[field]]\nname = \"title\"\nweight = 0\n", "weight must be"},
      {"[archive]\npositions = \"no\"\n", "line 2: [archive] positions must be true or false"},
  };
  for (const Row& row : rows) {
    INFO(row.toml);
    Result<Schema> schema = Schema::FromToml(row.toml);
    REQUIRE_FALSE(schema.ok());
    CHECK(schema.status().code() == StatusCode::kInvalidArgument);
    CHECK_THAT(schema.status().message(), Catch::Contains(row.message_part));
  }
}

}  // namespace
}  // namespace newsdex
