#include "common/schema/terms.h"

#include <catch2/catch.hpp>

#include "common/schema/schema.h"

namespace newsdex {
namespace {

TEST_CASE("id terms are the id itself unless too long for Xapian", "[schema]") {
  CHECK(IdTerm("17192") == "Q17192");
  CHECK(IdTerm("bbc/business/001.txt") == "Qbbc/business/001.txt");
  const std::string long_a(300, 'a');
  std::string long_b = long_a;
  long_b.back() = 'b';
  const std::string term_a = IdTerm(long_a);
  CHECK(term_a.size() <= kMaxTermBytes);
  CHECK(term_a.rfind("Q" + std::string(64, 'a') + "#", 0) == 0);
  CHECK(term_a != IdTerm(long_b));  // differ only after the cut: the hash tells them apart
  CHECK(term_a == IdTerm(long_a));
}

TEST_CASE("long values are cut on a character boundary", "[schema]") {
  std::string value;
  for (int i = 0; i < 100; ++i) value += "é";  // 2 bytes each
  const std::string term = BooleanTerm(kPrefixPerson, value);
  CHECK(term.size() <= kMaxTermBytes);
  const std::string kept = term.substr(2, term.find('#') - 2);
  CHECK(kept.size() % 2 == 0);
}

TEST_CASE("content hashes are stable and distinguish content", "[schema]") {
  CHECK(ContentHash("abc") == ContentHash("abc"));
  CHECK(ContentHash("abc") != ContentHash("abd"));
}

}  // namespace
}  // namespace newsdex
