// Hash maps keyed by strings that are looked up by std::string_view, so that a lookup
// builds no std::string (C++20 heterogeneous lookup).
//
//   newsdex::text::StringMap<int> counts;
//   std::string_view word = ...;
//   if (auto it = counts.find(word); it != counts.end()) ++it->second;
#ifndef NEWSDEX_COMMON_TEXT_STRING_MAP_H_
#define NEWSDEX_COMMON_TEXT_STRING_MAP_H_

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace newsdex::text {

struct StringViewHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view key) const { return std::hash<std::string_view>{}(key); }
};

template <typename V>
using StringMap = std::unordered_map<std::string, V, StringViewHash, std::equal_to<>>;

}  // namespace newsdex::text

#endif  // NEWSDEX_COMMON_TEXT_STRING_MAP_H_
