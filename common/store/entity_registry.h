// EntityRegistry: the archive-wide record of every name found in articles, one record per
// (kind, key), kept exact when articles are replaced or deleted. Reached through DocumentStore.
//
//   auto previous = store->GetArticleEntities(id);               // what the article added before
//   batch->ReplaceArticleEntities(id, *previous, names.entities, article.published);
//   auto putin = store->GetEntity(text::EntityKind::kPerson, "vladimir putin");
//
// It lives in the store's column family "entities", written in the same WriteBatch as the
// documents, so it commits atomically with them. Rows (kind code: 'P' person, 'O' org,
// 'L' place; US = '\x1f'):
//   "E" code key            -> record (varints): articles, mentions, first/last seen, forms.
//                              Written only with Merge: operands are deltas in the record's
//                              encoding; the merge operator sums them and, on a full merge,
//                              drops forms whose count fell to <= 0. A batch sums its
//                              articles' deltas first (EntityDeltas): one operand per
//                              entity and batch, however many of its articles name it.
//   "K" alias-key US code key -> "": the entity's key and NameKey() of each untitled form.
//   "W" word US code key    -> "": every word of the entity key and of its alias keys.
//   "A" article id          -> the article's contribution (entities, mentions, forms), so
//                              that replacing or deleting it subtracts exactly what it added.
// "K" and "W" rows are written with Put and never deleted: they may go stale, and the
// lookups check the record before calling back. first_seen/last_seen are the min/max of
// the published dates of the articles that named the entity; they are not lowered when
// those articles go away (a merge cannot recompute a min), so they are bounds.
//
// Thread-safety: an EntityRegistry is immutable after construction and safe to share;
// its reads use RocksDB handles, which are thread-safe. A rocksdb::WriteBatch is not.
#ifndef NEWSDEX_COMMON_STORE_ENTITY_REGISTRY_H_
#define NEWSDEX_COMMON_STORE_ENTITY_REGISTRY_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "common/text/names.h"
#include "newsdex/status.h"

namespace rocksdb {
class DB;
class ColumnFamilyHandle;
class MergeOperator;
class WriteBatch;
}  // namespace rocksdb

namespace newsdex {

// What the archive knows of one entity. A plain value.
struct EntityRecord {
  struct Alias {
    std::string written;     // "President Putin"
    std::int64_t count = 0;  // times written so, over the live articles
    bool titled = false;     // written with a title or honorific
  };
  text::EntityKind kind = text::EntityKind::kPerson;
  std::string key;                        // "vladimir putin"
  std::int64_t articles = 0;              // live articles naming it
  std::int64_t mentions = 0;              // mentions in their texts
  std::optional<std::int64_t> first_seen;  // seconds since the epoch; a lower bound
  std::optional<std::int64_t> last_seen;   // seconds since the epoch; an upper bound
  std::vector<Alias> aliases;             // count > 0, most frequent first

  // The most frequent untitled form whose NameKey() is the key, else the most frequent
  // untitled form, else the key; a form in capitals only is chosen last and, for people
  // and places, shown in title case ("WASHINGTON" -> "Washington").
  std::string DisplayName() const;
};

// The (kind, key) of every entity of an encoded "A" contribution (as returned by
// DocumentStore::GetArticleEntities), ordered by kind code ('L' < 'O' < 'P'), then key.
// Corruption on malformed bytes.
Result<std::vector<std::pair<text::EntityKind, std::string>>> DecodeArticleEntityKeys(
    std::string_view contribution);

// The contribution ReplaceArticleEntities() records for `entities`: pass it as `previous`
// to change the same article again before the batch is written.
std::string EncodeArticleEntities(const std::vector<text::ArticleEntity>& entities);

// The entity deltas of one write batch, summed per entity until WriteTo() adds them to
// it as merge operands. Summing first is what the merge operator would do, so the records
// read back are the same; the batch just carries one operand per entity, not one per
// article naming it. Not thread-safe.
class EntityDeltas {
 public:
  EntityDeltas();
  ~EntityDeltas();
  EntityDeltas(const EntityDeltas&) = delete;
  EntityDeltas& operator=(const EntityDeltas&) = delete;

  // Adds one Merge per entity with a non-zero sum to `batch`, then forgets them all.
  void WriteTo(rocksdb::WriteBatch* batch, rocksdb::ColumnFamilyHandle* family);

 private:
  friend class EntityRegistry;
  struct Sums;
  std::unique_ptr<Sums> sums_;
};

// The registry's operations on its column family. `family` may be null (a read-only open
// of an archive written before the registry existed): reads then see an empty registry.
// REQUIRES: `db` and `family` outlive this object. Thread-safe (see the file comment).
class EntityRegistry {
 public:
  static constexpr const char* kColumnFamily = "entities";

  // `written_rows` (optional; one writer's) remembers the "K" and "W" rows written
  // already, so that ReplaceArticle() does not put them again for every article.
  EntityRegistry(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* family,
                 std::unordered_set<std::string>* written_rows = nullptr)
      : db_(db), family_(family), written_rows_(written_rows) {}

  // The merge operator the "entities" column family must be opened with, on every open.
  static std::shared_ptr<rocksdb::MergeOperator> NewMergeOperator();

  // Adds to `batch` the changes that replace the contribution `previous` of article `id`
  // (nullopt: none) with `entities` published at `published`. Empty `entities` removes
  // the article's names and its "A" row. The entity records' changes go to `deltas`, for
  // deltas->WriteTo(batch) before the batch is written. Corruption (batch and deltas
  // untouched) when `previous` does not decode. REQUIRES: family is not null.
  Status ReplaceArticle(rocksdb::WriteBatch* batch, EntityDeltas* deltas, std::string_view id,
                        const std::optional<std::string>& previous,
                        const std::vector<text::ArticleEntity>& entities,
                        std::optional<std::int64_t> published) const;

  // The reads of DocumentStore's methods of the same names (see their contracts there).
  Result<std::optional<std::string>> GetArticleEntities(std::string_view id) const;
  Result<std::optional<EntityRecord>> GetEntity(text::EntityKind kind, std::string_view key) const;
  Status ForEachEntityWithAliasKey(
      std::string_view alias_key,
      const std::function<Status(text::EntityKind, std::string_view)>& fn) const;
  Status ForEachEntityWithWordPrefix(
      std::string_view prefix,
      const std::function<Status(text::EntityKind, std::string_view)>& fn) const;
  Status ForEachEntity(const std::function<Status(const EntityRecord&)>& fn) const;

 private:
  // Calls fn(kind, key) for the rows under `prefix` ("K..." or "W..."), once per live entity
  // that `still_has` confirms.
  Status ForEachIndexed(std::string_view prefix,
                        const std::function<bool(const EntityRecord&)>& still_has,
                        const std::function<Status(text::EntityKind, std::string_view)>& fn) const;

  rocksdb::DB* db_;
  rocksdb::ColumnFamilyHandle* family_;
  std::unordered_set<std::string>* written_rows_;
};

namespace internal {

// Decodes an "E" row (`row_key` with its "E" + kind code) into a record, forms with
// count <= 0 dropped. Corruption on malformed bytes.
Result<EntityRecord> DecodeEntityRow(std::string_view row_key, std::string_view value);

}  // namespace internal
}  // namespace newsdex

#endif  // NEWSDEX_COMMON_STORE_ENTITY_REGISTRY_H_
