#include "common/schema/document_data.h"

#include <optional>
#include <string>

#include <catch2/catch.hpp>

#include "common/schema/schema.h"

namespace newsdex {
namespace {

using namespace std::string_literals;

TEST_CASE("the hit-names slot keeps the names of each kind", "[schema]") {
  const std::string people = "vladimir putin"s + kFacetSeparator + "xi jinping";
  const std::string value = EncodeHitNames({people, "", "beijing"});
  const std::optional<EntityKeyViews> names = DecodeHitNames(value);
  REQUIRE(names.has_value());
  CHECK((*names)[0] == people);
  CHECK((*names)[1].empty());
  CHECK((*names)[2] == "beijing");
  // An article naming nobody still has a value: an empty slot means an older archive.
  const std::string nobody = EncodeHitNames({});
  CHECK(nobody == "\0\0"s);
  const std::optional<EntityKeyViews> none = DecodeHitNames(nobody);
  REQUIRE(none.has_value());
  for (std::string_view list : *none) CHECK(list.empty());
  CHECK_FALSE(DecodeHitNames("").has_value());
}

TEST_CASE("document data of archives that kept the names in it still gives them", "[schema]") {
  const std::string data = "wire/7\0"s + EncodeHitNames({"xi jinping", "", "beijing"});
  const DocumentData decoded = DecodeDocumentData(data);
  CHECK(decoded.id == "wire/7");
  REQUIRE(decoded.names.has_value());
  CHECK((*decoded.names)[0] == "xi jinping");
  CHECK((*decoded.names)[2] == "beijing");
  CHECK(ArticleIdOf(data) == "wire/7");
}

TEST_CASE("document data is the id alone", "[schema]") {
  const DocumentData decoded = DecodeDocumentData("reuters/17192");
  CHECK(decoded.id == "reuters/17192");
  CHECK_FALSE(decoded.names.has_value());
  CHECK(ArticleIdOf("reuters/17192") == "reuters/17192");
  CHECK(ArticleIdOf("") == "");
}

TEST_CASE("document data with a wrong number of lists gives the id and no names", "[schema]") {
  for (const std::string& data : {"7\0a\0b"s, "7\0a\0b\0c\0d"s, "7\0"s}) {
    const DocumentData decoded = DecodeDocumentData(data);
    CHECK(decoded.id == "7");
    CHECK_FALSE(decoded.names.has_value());
  }
  const DocumentData empty_lists = DecodeDocumentData("7\0\0\0"s);
  REQUIRE(empty_lists.names.has_value());
  for (std::string_view list : *empty_lists.names) CHECK(list.empty());
}

}  // namespace
}  // namespace newsdex
