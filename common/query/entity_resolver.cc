#include "common/query/entity_resolver.h"

#include <algorithm>

namespace newsdex::query {

std::int64_t AliasCount(const EntityRecord& entity, std::string_view alias_key) {
  std::int64_t count = 0;
  for (const EntityRecord::Alias& alias : entity.aliases) {
    if (!alias.titled && text::NameKey(alias.written) == alias_key) count += alias.count;
  }
  return count;
}

namespace {

// The records of the entities of `kind` that `for_each` calls back with and `wanted`
// accepts (at most kMaxNameKeys), most articles first.
template <typename ForEach, typename Wanted>
std::vector<EntityRecord> Collect(const DocumentStore& registry, text::EntityKind kind,
                                  ForEach&& for_each, Wanted&& wanted) {
  std::vector<EntityRecord> found;
  for_each([&](text::EntityKind k, std::string_view entity_key) {
    if (k != kind || found.size() >= kMaxNameKeys || !wanted(entity_key)) return Status::Ok();
    Result<std::optional<EntityRecord>> record = registry.GetEntity(k, entity_key);
    if (record.ok() && record->has_value()) found.push_back(std::move(**record));
    return Status::Ok();
  }).IgnoreError();  // a registry that cannot be read expands nothing
  std::stable_sort(found.begin(), found.end(), [](const EntityRecord& a, const EntityRecord& b) {
    return a.articles > b.articles;
  });
  return found;
}

}  // namespace

// Every live entity of `kind` that was written with this key.
std::vector<EntityRecord> RegistryResolver::WrittenAs(text::EntityKind kind,
                                                      std::string_view key) const {
  return Collect(
      registry_, kind,
      [&](const auto& fn) { return registry_.ForEachEntityWithAliasKey(key, fn); },
      [](std::string_view) { return true; });
}

// Every live entity of `kind` whose key ends with the word `word`.
std::vector<EntityRecord> RegistryResolver::EndingWith(text::EntityKind kind,
                                                       std::string_view word) const {
  return Collect(
      registry_, kind,
      [&](const auto& fn) { return registry_.ForEachEntityWithWordPrefix(word, fn); },
      [&](std::string_view key) {
        const std::size_t space = key.rfind(' ');
        return space != std::string_view::npos && key.substr(space + 1) == word;
      });
}

bool RegistryResolver::Owns(const EntityRecord& entity, const std::string& alias_key) const {
  if (alias_key == entity.key) return true;
  const std::int64_t mine = AliasCount(entity, alias_key);
  for (const EntityRecord& other : WrittenAs(entity.kind, alias_key)) {
    if (other.key == entity.key || other.key == alias_key) continue;
    if (AliasCount(other, alias_key) > mine) return false;
  }
  return true;
}

std::optional<EntityRecord> RegistryResolver::Owner(text::EntityKind kind,
                                                    std::string_view key) const {
  if (key.find(' ') != std::string_view::npos) return std::nullopt;
  for (EntityRecord& entity : WrittenAs(kind, key)) {
    if (entity.key != key && Owns(entity, std::string(key))) return std::move(entity);
  }
  return std::nullopt;
}

std::optional<EntityRecord> RegistryResolver::Principal(text::EntityKind kind,
                                                        std::string_view key) const {
  if (std::optional<EntityRecord> owner = Owner(kind, key)) return owner;
  std::vector<EntityRecord> found = WrittenAs(kind, key);
  for (EntityRecord& entity : found) {
    if (entity.key == key) return std::move(entity);
  }
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

void RegistryResolver::Expand(text::EntityKind kind, std::string_view key,
                              std::vector<std::string>* keys) const {
  auto add = [keys](std::string k) {
    if (keys->size() < kMaxNameKeys && std::find(keys->begin(), keys->end(), k) == keys->end()) {
      keys->push_back(std::move(k));
    }
  };
  std::vector<EntityRecord> entities = WrittenAs(kind, key);
  // A word never written alone ("putin", when articles and sources only ever give
  // "Vladimir Putin"): the names it is the last word of.
  if (entities.empty() && key.find(' ') == std::string_view::npos) entities = EndingWith(kind, key);
  // "putin" alone stands for the full name that owns it: expand that one's keys too.
  if (std::optional<EntityRecord> owner = Owner(kind, key)) {
    const bool listed = std::any_of(entities.begin(), entities.end(),
                                    [&](const EntityRecord& e) { return e.key == owner->key; });
    if (!listed) entities.push_back(std::move(*owner));
  }
  for (const EntityRecord& entity : entities) {
    add(entity.key);
    for (const EntityRecord::Alias& alias : entity.aliases) {
      if (alias.titled) continue;
      std::string alias_key = text::NameKey(alias.written);
      if (!alias_key.empty() && Owns(entity, alias_key)) add(std::move(alias_key));
    }
  }
}

}  // namespace newsdex::query
