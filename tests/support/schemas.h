// Schemas the tests need beside the built-in one.
#ifndef NEWSDEX_TESTS_SUPPORT_SCHEMAS_H_
#define NEWSDEX_TESTS_SUPPORT_SCHEMAS_H_

#include <cassert>
#include <string>

#include "common/schema/schema.h"

namespace newsdex::testing {

// The built-in schema's text with [archive] positions = false.
inline std::string TomlWithoutPositions() {
  std::string toml(Schema::DefaultToml());
  const std::string on = "positions = true";
  const std::size_t at = toml.find(on);
  assert(at != std::string::npos);
  return toml.replace(at, on.size(), "positions = false");
}

// The built-in schema without word positions (Schema::word_positions).
inline const Schema& SchemaWithoutPositions() {
  static const Schema schema = Schema::FromToml(TomlWithoutPositions()).value();
  return schema;
}

}  // namespace newsdex::testing

#endif  // NEWSDEX_TESTS_SUPPORT_SCHEMAS_H_
