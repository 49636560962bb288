// DocumentStore: the RocksDB half of an archive, and its source of truth.
//
// Column families:
//   documents  id -> stored article (article_codec), compressed
//   ids        id -> 8-byte content hash (tells "unchanged" without reading the article)
//   log        big-endian generation + big-endian sequence -> 'P' or 'D' (put, delete)
//              + id: the changes of recent generations in the order they were made,
//              replayed into Xapian when it missed them
//   state      "pending_gen", "committed_gen", "articles", "archive_uuid", "format_version"
//   entities   the entity registry (entity_registry.h): one record per (kind, key) of the
//              names found in articles, with its alias and word indexes and what each
//              article contributed; merged with the "newsdex.entity.v1" merge operator.
//              Archives written before it gain it on their next writable open; a
//              read-only open of one that lacks it sees an empty registry.
//   topics     id -> the article's derived topics (rule and predicted), as
//              common/topics/article_topics.h encodes them; no row when it has none.
//              Added to older archives the same way as entities.
//
//   auto store = newsdex::DocumentStore::Open(paths.store, {.read_only = true});
//   auto stored = (*store)->GetDocument("17192");
//
// Thread-safe: RocksDB handles may be shared; a Batch is not (one per thread).
#ifndef NEWSDEX_COMMON_STORE_DOCUMENT_STORE_H_
#define NEWSDEX_COMMON_STORE_DOCUMENT_STORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "common/store/entity_registry.h"
#include "common/text/names.h"
#include "newsdex/status.h"

namespace rocksdb {
class DB;
class ColumnFamilyHandle;
class Iterator;
class WriteBatch;
}  // namespace rocksdb

namespace newsdex {

inline constexpr std::string_view kStatePendingGen = "pending_gen";
inline constexpr std::string_view kStateCommittedGen = "committed_gen";
inline constexpr std::string_view kStateArticles = "articles";
inline constexpr std::string_view kStateUuid = "archive_uuid";
inline constexpr std::string_view kStateFormat = "format_version";

// What a change-log entry records of an article.
enum class LoggedChange : char {
  kPut = 'P',     // added or replaced
  kDelete = 'D',  // deleted
  kTopics = 'T',  // only its derived topics changed (the article and its names did not)
};

struct StoreOptions {
  bool read_only = false;
  bool create_if_missing = false;
  // Bulk-load friendly settings for the writer (bigger write buffers).
  bool bulk = false;
};

// A content hash as the "ids" family stores it (8 bytes, little-endian); nullopt when
// `value` is not 8 bytes.
std::optional<std::uint64_t> DecodeContentHash(std::string_view value);

// The store's column families, for StoreCursor and the archive check.
enum class StoreFamily { kDocuments, kIds, kLog, kState, kEntities, kTopics };

// Reads one column family in key order (the archive check's merge-joins). Not thread-safe;
// valid while its DocumentStore lives.
class StoreCursor {
 public:
  ~StoreCursor();
  // Positions at the first key >= `target` ("" for the first row).
  void Seek(std::string_view target);
  bool Valid() const;
  void Next();
  std::string_view key() const;    // REQUIRES: Valid()
  std::string_view value() const;  // REQUIRES: Valid()
  // OK, or why iteration stopped early (IOError/Corruption with RocksDB's message).
  Status status() const;

 private:
  friend class DocumentStore;
  explicit StoreCursor(std::unique_ptr<rocksdb::Iterator> it);
  std::unique_ptr<rocksdb::Iterator> it_;  // null: the family does not exist (no rows)
};

class DocumentStore {
 public:
  // A set of changes applied atomically by Write(). Not thread-safe.
  class Batch {
   public:
    Batch();
    ~Batch();
    void PutArticle(std::string_view id, std::string_view stored, std::uint64_t hash);
    void DeleteArticle(std::string_view id);
    // Records change number `sequence` of `generation` (replayed in sequence order).
    void LogChange(std::uint64_t generation, std::uint32_t sequence, std::string_view id,
                   LoggedChange kind);
    // Drops the log of every generation before `generation`.
    void TrimLogBefore(std::uint64_t generation);
    void SetState(std::string_view key, std::string_view value);
    void SetState(std::string_view key, std::uint64_t value);
    // Replaces what article `id` contributed to the entity registry: subtracts `previous`
    // (what GetArticleEntities() returned; nullopt: nothing) and adds `entities`, published
    // at `published` (nullopt: undated). Empty `entities` removes the article's names and
    // its contribution. Corruption, with the batch unchanged, when `previous` is malformed.
    // REQUIRES: `previous` is what the store will hold when the batch is written: to change
    // one article twice in a batch, pass EncodeArticleEntities() of the first change.
    Status ReplaceArticleEntities(std::string_view id, const std::optional<std::string>& previous,
                                  const std::vector<text::ArticleEntity>& entities,
                                  std::optional<std::int64_t> published);
    // Sets the derived topics row of article `id` (topics::EncodeDerivedTopics());
    // an empty `row` deletes it.
    void PutArticleTopics(std::string_view id, std::string_view row);
    // For a deleted article: ReplaceArticleEntities(id, previous, {}, std::nullopt).
    Status RemoveArticleEntities(std::string_view id, const std::optional<std::string>& previous);
    std::size_t ApproximateBytes() const;

   private:
    friend class DocumentStore;
    std::unique_ptr<rocksdb::WriteBatch> batch_;
    EntityDeltas entity_deltas_;  // added to batch_ by Write()
    DocumentStore* store_ = nullptr;
  };

  // Opens (or creates) the store at `path`. IOError/Corruption carry RocksDB's message.
  static Result<std::unique_ptr<DocumentStore>> Open(const std::string& path,
                                                     const StoreOptions& options);
  ~DocumentStore();

  // A batch bound to this store. REQUIRES: the store is not read-only.
  std::unique_ptr<Batch> NewBatch();
  // Applies `batch` atomically; with `sync`, durable when this returns.
  Status Write(Batch* batch, bool sync);
  // Writes every family's memtable out to its table files: readers opening the store
  // afterwards find the registry's counts merged instead of replaying them from the log.
  Status Flush();

  // The stored article, or nullopt when the id is unknown.
  Result<std::optional<std::string>> GetDocument(std::string_view id) const;
  // The content hash of an id, or nullopt when unknown.
  Result<std::optional<std::uint64_t>> GetContentHash(std::string_view id) const;
  // A state value; `fallback` when absent.
  Result<std::string> GetState(std::string_view key, std::string_view fallback = "") const;
  Result<std::uint64_t> GetStateNumber(std::string_view key, std::uint64_t fallback = 0) const;

  // Calls fn(generation, id, kind) for every logged change of generations greater than
  // `after`, in the order they were made. Stops at, and returns, the first non-OK status.
  Status ForEachLogged(
      std::uint64_t after,
      const std::function<Status(std::uint64_t, std::string_view, LoggedChange)>& fn) const;
  // Calls fn(id, stored) for every stored article, in id order.
  Status ForEachDocument(const std::function<Status(std::string_view, std::string_view)>& fn) const;

  // A cursor over `family`, reading with checksums verified. A family the archive predates
  // (read-only open) gives a cursor with no rows.
  std::unique_ptr<StoreCursor> NewCursor(StoreFamily family) const;
  // Reads every block of every table file and compares its checksum (RocksDB's
  // VerifyChecksum). Corruption naming the file when one does not match.
  Status VerifyChecksums() const;

  // The derived topics row of article `id`; "" when it has none or is unknown.
  Result<std::string> GetArticleTopics(std::string_view id) const;

  // The entity registry (entity_registry.h). Reads see the last Write(); each call stops at,
  // and returns, the first non-OK status of `fn`; Corruption on a malformed row.
  //
  // What article `id` contributed (for ReplaceArticleEntities() and
  // DecodeArticleEntityKeys()), or nullopt when it named nobody or is unknown.
  Result<std::optional<std::string>> GetArticleEntities(std::string_view id) const;
  // The record of an entity, or nullopt when unknown or named by no live article.
  Result<std::optional<EntityRecord>> GetEntity(text::EntityKind kind, std::string_view key) const;
  // Calls fn(kind, key) for every live entity whose key is `alias_key` or that some live
  // article wrote in an untitled form whose NameKey() is `alias_key`.
  Status ForEachEntityWithAliasKey(
      std::string_view alias_key,
      const std::function<Status(text::EntityKind, std::string_view key)>& fn) const;
  // Calls fn(kind, key) once for every live entity with a word (of its key or of an alias
  // key) starting with `prefix` (a folded word, as NameKey() makes), in word order.
  Status ForEachEntityWithWordPrefix(
      std::string_view prefix,
      const std::function<Status(text::EntityKind, std::string_view key)>& fn) const;
  // Calls fn(record) for every live entity, by kind code ('L' < 'O' < 'P'), then key.
  Status ForEachEntity(const std::function<Status(const EntityRecord&)>& fn) const;

 private:
  DocumentStore() = default;
  EntityRegistry registry() const { return EntityRegistry(db_.get(), entities_, &written_rows_); }

  std::unique_ptr<rocksdb::DB> db_;
  rocksdb::ColumnFamilyHandle* documents_ = nullptr;
  rocksdb::ColumnFamilyHandle* ids_ = nullptr;
  rocksdb::ColumnFamilyHandle* log_ = nullptr;
  rocksdb::ColumnFamilyHandle* state_ = nullptr;
  rocksdb::ColumnFamilyHandle* entities_ = nullptr;  // null: read-only, archive predates it
  rocksdb::ColumnFamilyHandle* topics_ = nullptr;    // null: read-only, archive predates it
  // Registry index rows this store's writer has written (see EntityRegistry); touched
  // only through Batch, which one writer thread drives; forgotten when a Write fails.
  mutable std::unordered_set<std::string> written_rows_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
};

}  // namespace newsdex

#endif  // NEWSDEX_COMMON_STORE_DOCUMENT_STORE_H_
