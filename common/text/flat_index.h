// FlatIndex: a read-only map from short strings to small values, for lookups on the
// name recogniser's hot path. Open addressing over a power-of-two table, the keys in
// one arena: a lookup hashes once, touches one or two cache lines and allocates
// nothing (std::unordered_map divides by a prime and chases a node per probe).
//
//   FlatIndex<std::uint32_t> index;
//   index.Build(map);                        // any range of (std::string, V) pairs
//   const std::uint32_t* v = index.Find("united states");
//
// Immutable after Build(): safe to share between threads.
#ifndef NEWSDEX_COMMON_TEXT_FLAT_INDEX_H_
#define NEWSDEX_COMMON_TEXT_FLAT_INDEX_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace newsdex::text::internal {

template <typename V>
class FlatIndex {
 public:
  template <typename Map>
  void Build(const Map& map) {
    std::size_t size = 16;
    while (size < map.size() * 2) size *= 2;
    slots_.assign(size, Slot{});
    arena_.clear();
    for (const auto& [key, value] : map) {
      std::size_t i = Hash(key) & (size - 1);
      while (slots_[i].used) i = (i + 1) & (size - 1);
      slots_[i] = Slot{static_cast<std::uint32_t>(arena_.size()),
                       static_cast<std::uint32_t>(key.size()), true, value};
      arena_ += key;
    }
  }

  // The value of `key`, or nullptr.
  const V* Find(std::string_view key) const {
    if (slots_.empty()) return nullptr;
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = Hash(key) & mask;; i = (i + 1) & mask) {
      const Slot& slot = slots_[i];
      if (!slot.used) return nullptr;
      if (slot.length == key.size() &&
          std::string_view(arena_.data() + slot.offset, slot.length) == key) {
        return &slot.value;
      }
    }
  }

 private:
  struct Slot {
    std::uint32_t offset = 0, length = 0;
    bool used = false;
    V value{};
  };
  static std::size_t Hash(std::string_view key) {
    std::uint64_t h = 1469598103934665603ull;  // FNV-1a
    for (char c : key) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    return static_cast<std::size_t>(h ^ (h >> 32));
  }
  std::vector<Slot> slots_;
  std::string arena_;
};

}  // namespace newsdex::text::internal

#endif  // NEWSDEX_COMMON_TEXT_FLAT_INDEX_H_
