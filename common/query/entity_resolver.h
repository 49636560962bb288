// RegistryResolver: expands names in queries through the archive's entity registry, and
// NameDirectory: lists entities for `newsdex-search names`.
//
//   RegistryResolver resolver(*store);
//   std::vector<std::string> keys;
//   resolver.Expand(text::EntityKind::kPerson, "putin", &keys);
//   // keys: "vladimir putin", "putin"
//
// Expansion. A query name stands for every entity that was written so (its alias-key
// index in the registry); each such entity brings its own key and every alias key it
// owns. An entity owns an alias key unless another entity with a longer name wrote it
// more often ("Bush" belongs to whichever George Bush the archive names more). A person
// known only by one word ("Putin", from articles that never give the full name) is the
// same person as the full name that owns that word, so person:putin and
// person:"vladimir putin" search the same keys. A word never written alone stands for
// the names it ends ("volcker" for "Paul Volcker", when only the full name was seen).
//
// Thread-safe: only reads the registry.
#ifndef NEWSDEX_COMMON_QUERY_ENTITY_RESOLVER_H_
#define NEWSDEX_COMMON_QUERY_ENTITY_RESOLVER_H_

#include <string>
#include <string_view>
#include <vector>

#include "common/store/document_store.h"
#include "common/query/query_parser.h"

namespace newsdex::query {

// Most keys one query name expands to.
inline constexpr std::size_t kMaxNameKeys = 64;

class RegistryResolver final : public EntityResolver {
 public:
  // `registry` (a store and its entity registry) must outlive the resolver.
  explicit RegistryResolver(const DocumentStore& registry) : registry_(registry) {}

  void Expand(text::EntityKind kind, std::string_view key,
              std::vector<std::string>* keys) const override;

  // The entity a query name mostly stands for: the one that owns its key, else the
  // most frequent entity written so; nullopt when the registry does not know it.
  std::optional<EntityRecord> Principal(text::EntityKind kind, std::string_view key) const;

  // The entity that owns `key` when it is the one-word name of a fuller one ("putin" ->
  // "vladimir putin"); nullopt otherwise.
  std::optional<EntityRecord> Owner(text::EntityKind kind, std::string_view key) const;

 private:
  std::vector<EntityRecord> WrittenAs(text::EntityKind kind, std::string_view key) const;
  std::vector<EntityRecord> EndingWith(text::EntityKind kind, std::string_view word) const;
  bool Owns(const EntityRecord& entity, const std::string& alias_key) const;

  const DocumentStore& registry_;  // its entity registry
};

// How often `entity` was written in forms whose key is `alias_key`.
std::int64_t AliasCount(const EntityRecord& entity, std::string_view alias_key);

}  // namespace newsdex::query

#endif  // NEWSDEX_COMMON_QUERY_ENTITY_RESOLVER_H_
