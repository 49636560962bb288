#include "common/store/document_store.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include <rocksdb/convenience.h>
#include <rocksdb/cache.h>
#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/merge_operator.h>
#include <rocksdb/options.h>
#include <rocksdb/table.h>
#include <rocksdb/write_batch.h>

#include "common/store/rocksdb_status.h"

namespace newsdex {
namespace {

constexpr const char* kDocuments = "documents";
constexpr const char* kIds = "ids";
constexpr const char* kLog = "log";
constexpr const char* kState = "state";
constexpr const char* kTopics = "topics";
constexpr int kReadOnlyOpenAttempts = 10;

std::string GenerationKey(std::uint64_t generation) {
  std::string key(8, '\0');
  for (int i = 7; i >= 0; --i) {
    key[static_cast<std::size_t>(i)] = static_cast<char>(generation & 0xFF);
    generation >>= 8;
  }
  return key;
}

std::uint64_t ReadGeneration(std::string_view key) {
  std::uint64_t g = 0;
  for (std::size_t i = 0; i < 8 && i < key.size(); ++i) {
    g = (g << 8) | static_cast<unsigned char>(key[i]);
  }
  return g;
}

std::string EncodeHash(std::uint64_t hash) {
  std::string out(8, '\0');
  for (int i = 0; i < 8; ++i) out[static_cast<std::size_t>(i)] = static_cast<char>(hash >> (8 * i));
  return out;
}

rocksdb::CompressionType BestCompression() {
  for (rocksdb::CompressionType t : {rocksdb::kZSTD, rocksdb::kLZ4Compression,
                                     rocksdb::kSnappyCompression}) {
    for (rocksdb::CompressionType supported : rocksdb::GetSupportedCompressions()) {
      if (supported == t) return t;
    }
  }
  return rocksdb::kNoCompression;
}

rocksdb::Slice ToSlice(std::string_view s) { return rocksdb::Slice(s.data(), s.size()); }

// The families that archives written by older versions may lack.
struct LaterFamilies {
  bool entities = true;
  bool topics = true;
};

// Table options shared by every family: one block cache for the store, so that the
// articles and registry rows of recent hits are read without a system call or a
// decompression, and Bloom filters, so that a lookup by id or key reads one table file
// rather than one per level.
std::shared_ptr<rocksdb::TableFactory> StoreTables() {
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = rocksdb::NewLRUCache(std::size_t{64} << 20);
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  return std::shared_ptr<rocksdb::TableFactory>(rocksdb::NewBlockBasedTableFactory(table));
}

std::vector<rocksdb::ColumnFamilyDescriptor> Descriptors(const StoreOptions& options,
                                                         LaterFamilies later) {
  const std::shared_ptr<rocksdb::TableFactory> tables = StoreTables();
  rocksdb::ColumnFamilyOptions small;
  small.table_factory = tables;
  rocksdb::ColumnFamilyOptions documents;
  documents.table_factory = tables;
  documents.compression = BestCompression();
  documents.write_buffer_size = options.bulk ? (64 << 20) : (16 << 20);
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors = {
      {rocksdb::kDefaultColumnFamilyName, small}, {kDocuments, documents},
      {kIds, small}, {kLog, small}, {kState, small}};
  if (later.entities) {
    // Without its merge operator RocksDB can neither read nor compact the registry.
    rocksdb::ColumnFamilyOptions entities;
    entities.table_factory = tables;
    entities.merge_operator = EntityRegistry::NewMergeOperator();
    descriptors.emplace_back(EntityRegistry::kColumnFamily, entities);
  }
  if (later.topics) descriptors.emplace_back(kTopics, small);
  return descriptors;
}

// A read-only open must name only families that exist, and archives written before the
// registry lack "entities", those written before topics were derived lack "topics".
rocksdb::Status FindLaterFamilies(const rocksdb::DBOptions& options, const std::string& path,
                                  LaterFamilies* later) {
  std::vector<std::string> families;
  rocksdb::Status s = rocksdb::DB::ListColumnFamilies(options, path, &families);
  auto has = [&](std::string_view name) {
    return std::find(families.begin(), families.end(), name) != families.end();
  };
  later->entities = has(EntityRegistry::kColumnFamily);
  later->topics = has(kTopics);
  return s;
}

}  // namespace

Status FromRocks(const rocksdb::Status& s, std::string_view context) {
  if (s.ok()) return Status::Ok();
  std::string msg(context);
  msg += ": ";
  msg += s.ToString();
  if (s.IsNoSpace()) return Status::NoSpace(msg);
  if (s.ToString().find("Permission denied") != std::string::npos) {
    return Status::PermissionDenied(msg);
  }
  if (s.IsNotFound()) return Status::NotFound(msg);
  if (s.IsCorruption()) return Status::Corruption(msg);
  if (s.IsInvalidArgument()) return Status::InvalidArgument(msg);
  if (s.IsBusy() || s.IsTimedOut() || s.IsTryAgain()) return Status::Busy(msg);
  return Status::IOError(msg);
}

DocumentStore::Batch::Batch() : batch_(std::make_unique<rocksdb::WriteBatch>()) {}
DocumentStore::Batch::~Batch() = default;

void DocumentStore::Batch::PutArticle(std::string_view id, std::string_view stored,
                                      std::uint64_t hash) {
  batch_->Put(store_->documents_, ToSlice(id), ToSlice(stored)).PermitUncheckedError();
  batch_->Put(store_->ids_, ToSlice(id), EncodeHash(hash)).PermitUncheckedError();
}

void DocumentStore::Batch::DeleteArticle(std::string_view id) {
  batch_->Delete(store_->documents_, ToSlice(id)).PermitUncheckedError();
  batch_->Delete(store_->ids_, ToSlice(id)).PermitUncheckedError();
}

void DocumentStore::Batch::LogChange(std::uint64_t generation, std::uint32_t sequence,
                                     std::string_view id, LoggedChange kind) {
  std::string key = GenerationKey(generation);
  for (int shift = 24; shift >= 0; shift -= 8) key += static_cast<char>((sequence >> shift) & 0xFF);
  std::string value(1, static_cast<char>(kind));
  value += id;
  batch_->Put(store_->log_, key, value).PermitUncheckedError();
}

void DocumentStore::Batch::TrimLogBefore(std::uint64_t generation) {
  batch_->DeleteRange(store_->log_, GenerationKey(0), GenerationKey(generation))
      .PermitUncheckedError();
}

void DocumentStore::Batch::SetState(std::string_view key, std::string_view value) {
  batch_->Put(store_->state_, ToSlice(key), ToSlice(value)).PermitUncheckedError();
}

void DocumentStore::Batch::SetState(std::string_view key, std::uint64_t value) {
  SetState(key, std::to_string(value));
}

Status DocumentStore::Batch::ReplaceArticleEntities(
    std::string_view id, const std::optional<std::string>& previous,
    const std::vector<text::ArticleEntity>& entities, std::optional<std::int64_t> published) {
  return store_->registry().ReplaceArticle(batch_.get(), &entity_deltas_, id, previous, entities,
                                           published);
}

Status DocumentStore::Batch::RemoveArticleEntities(std::string_view id,
                                                   const std::optional<std::string>& previous) {
  return ReplaceArticleEntities(id, previous, {}, std::nullopt);
}

void DocumentStore::Batch::PutArticleTopics(std::string_view id, std::string_view row) {
  if (row.empty()) {
    batch_->Delete(store_->topics_, ToSlice(id)).PermitUncheckedError();
  } else {
    batch_->Put(store_->topics_, ToSlice(id), ToSlice(row)).PermitUncheckedError();
  }
}

std::size_t DocumentStore::Batch::ApproximateBytes() const { return batch_->GetDataSize(); }

Result<std::unique_ptr<DocumentStore>> DocumentStore::Open(const std::string& path,
                                                           const StoreOptions& options) {
  rocksdb::Options db_options;
  db_options.create_if_missing = options.create_if_missing;
  // Writable opens add the families that older archives lack ("entities").
  db_options.create_missing_column_families = !options.read_only;
  db_options.keep_log_file_num = 4;
  // No preallocated write-ahead logs: with bulk write buffers RocksDB would reserve some
  // 70 MB per log up front, which the writer's free-space check (and a small disk) sees
  // as gone.
  db_options.allow_fallocate = false;
  db_options.max_manifest_file_size = 64 << 20;
  db_options.info_log_level = rocksdb::InfoLogLevel::WARN_LEVEL;

  std::unique_ptr<DocumentStore> store(new DocumentStore());
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s;
  LaterFamilies later;
  for (int attempt = 0;; ++attempt) {
    store->handles_.clear();
    s = options.read_only ? FindLaterFamilies(db_options, path, &later) : rocksdb::Status::OK();
    if (s.ok()) {
      const auto descriptors = Descriptors(options, later);
      s = options.read_only
              ? rocksdb::DB::OpenForReadOnly(db_options, path, descriptors, &store->handles_, &raw)
              : rocksdb::DB::Open(db_options, path, descriptors, &store->handles_, &raw);
    }
    // A reader can read a MANIFEST naming files that the writer's compaction deletes
    // a moment later; the next attempt reads the newer MANIFEST.
    const bool raced = options.read_only && !s.ok() &&
                       s.ToString().find("No such file") != std::string::npos;
    if (!raced || attempt + 1 >= kReadOnlyOpenAttempts) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10 * (attempt + 1)));
  }
  if (!s.ok()) return FromRocks(s, path);
  store->db_.reset(raw);
  store->documents_ = store->handles_[1];
  store->ids_ = store->handles_[2];
  store->log_ = store->handles_[3];
  store->state_ = store->handles_[4];
  std::size_t next = 5;
  if (later.entities) store->entities_ = store->handles_[next++];
  if (later.topics) store->topics_ = store->handles_[next++];
  return store;
}

DocumentStore::~DocumentStore() {
  if (db_) {
    for (rocksdb::ColumnFamilyHandle* h : handles_) {
      db_->DestroyColumnFamilyHandle(h).PermitUncheckedError();  // closing: nothing to do
    }
    db_->Close().PermitUncheckedError();  // closing: a later Open() recovers from the WAL
  }
}

std::unique_ptr<DocumentStore::Batch> DocumentStore::NewBatch() {
  auto batch = std::make_unique<Batch>();
  batch->store_ = this;
  return batch;
}

Status DocumentStore::Flush() {
  rocksdb::FlushOptions options;
  options.wait = true;
  return FromRocks(db_->Flush(options, handles_), "store flush");
}

Status DocumentStore::Write(Batch* batch, bool sync) {
  rocksdb::WriteOptions options;
  options.sync = sync;
  batch->entity_deltas_.WriteTo(batch->batch_.get(), entities_);  // nothing when none
  Status s = FromRocks(db_->Write(options, batch->batch_.get()), "store write");
  if (!s.ok()) written_rows_.clear();  // the batch's index rows may not be there
  return s;
}

Result<std::optional<std::string>> DocumentStore::GetDocument(std::string_view id) const {
  std::string value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), documents_, ToSlice(id), &value);
  if (s.IsNotFound()) return std::optional<std::string>();
  if (!s.ok()) return FromRocks(s, "store read");
  return std::optional<std::string>(std::move(value));
}

Result<std::optional<std::uint64_t>> DocumentStore::GetContentHash(std::string_view id) const {
  std::string value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), ids_, ToSlice(id), &value);
  if (s.IsNotFound()) return std::optional<std::uint64_t>();
  if (!s.ok()) return FromRocks(s, "store read");
  if (value.size() != 8) return Status::Corruption("store: malformed content hash of " + std::string(id));
  std::uint64_t hash = 0;
  for (int i = 7; i >= 0; --i) hash = (hash << 8) | static_cast<unsigned char>(value[static_cast<std::size_t>(i)]);
  return std::optional<std::uint64_t>(hash);
}

Result<std::string> DocumentStore::GetState(std::string_view key, std::string_view fallback) const {
  std::string value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), state_, ToSlice(key), &value);
  if (s.IsNotFound()) return std::string(fallback);
  if (!s.ok()) return FromRocks(s, "store read");
  return value;
}

Result<std::uint64_t> DocumentStore::GetStateNumber(std::string_view key,
                                                    std::uint64_t fallback) const {
  Result<std::string> text = GetState(key);
  if (!text.ok()) return text.status();
  if (text->empty()) return fallback;
  try {
    return static_cast<std::uint64_t>(std::stoull(*text));
  } catch (const std::exception&) {
    return Status::Corruption("store: state '" + std::string(key) + "' is not a number");
  }
}

Status DocumentStore::ForEachLogged(
    std::uint64_t after,
    const std::function<Status(std::uint64_t, std::string_view, LoggedChange)>& fn) const {
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), log_));
  for (it->Seek(GenerationKey(after + 1)); it->Valid(); it->Next()) {
    rocksdb::Slice key = it->key();
    rocksdb::Slice value = it->value();
    const char kind = value.empty() ? '\0' : value[0];
    if (key.size() != 12 || (kind != 'P' && kind != 'D' && kind != 'T')) {
      return Status::Corruption("store: malformed log entry");
    }
    Status s = fn(ReadGeneration(std::string_view(key.data(), 8)),
                  std::string_view(value.data() + 1, value.size() - 1), LoggedChange{kind});
    if (!s.ok()) return s;
  }
  return FromRocks(it->status(), "store log");
}

Status DocumentStore::ForEachDocument(
    const std::function<Status(std::string_view, std::string_view)>& fn) const {
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), documents_));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    Status s = fn(std::string_view(it->key().data(), it->key().size()),
                  std::string_view(it->value().data(), it->value().size()));
    if (!s.ok()) return s;
  }
  return FromRocks(it->status(), "store documents");
}

std::optional<std::uint64_t> DecodeContentHash(std::string_view value) {
  if (value.size() != 8) return std::nullopt;
  std::uint64_t hash = 0;
  for (std::size_t i = 8; i-- > 0;) hash = (hash << 8) | static_cast<unsigned char>(value[i]);
  return hash;
}

StoreCursor::StoreCursor(std::unique_ptr<rocksdb::Iterator> it) : it_(std::move(it)) {}
StoreCursor::~StoreCursor() = default;
void StoreCursor::Seek(std::string_view target) {
  if (it_) it_->Seek(ToSlice(target));
}
bool StoreCursor::Valid() const { return it_ && it_->Valid(); }
void StoreCursor::Next() { it_->Next(); }
std::string_view StoreCursor::key() const { return {it_->key().data(), it_->key().size()}; }
std::string_view StoreCursor::value() const { return {it_->value().data(), it_->value().size()}; }
Status StoreCursor::status() const {
  return it_ ? FromRocks(it_->status(), "store read") : Status::Ok();
}

std::unique_ptr<StoreCursor> DocumentStore::NewCursor(StoreFamily family) const {
  rocksdb::ColumnFamilyHandle* handle = nullptr;
  switch (family) {
    case StoreFamily::kDocuments: handle = documents_; break;
    case StoreFamily::kIds: handle = ids_; break;
    case StoreFamily::kLog: handle = log_; break;
    case StoreFamily::kState: handle = state_; break;
    case StoreFamily::kEntities: handle = entities_; break;
    case StoreFamily::kTopics: handle = topics_; break;
  }
  rocksdb::ReadOptions options;
  options.verify_checksums = true;
  options.fill_cache = false;  // one pass over everything: keep the cache for real reads
  std::unique_ptr<rocksdb::Iterator> it;
  if (handle != nullptr) it.reset(db_->NewIterator(options, handle));
  return std::unique_ptr<StoreCursor>(new StoreCursor(std::move(it)));
}

Status DocumentStore::VerifyChecksums() const {
  return FromRocks(db_->VerifyChecksum(), "store checksums");
}

Result<std::string> DocumentStore::GetArticleTopics(std::string_view id) const {
  if (topics_ == nullptr) return std::string();
  std::string value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), topics_, ToSlice(id), &value);
  if (s.IsNotFound()) return std::string();
  if (!s.ok()) return FromRocks(s, "store read");
  return value;
}

Result<std::optional<std::string>> DocumentStore::GetArticleEntities(std::string_view id) const {
  return registry().GetArticleEntities(id);
}

Result<std::optional<EntityRecord>> DocumentStore::GetEntity(text::EntityKind kind,
                                                             std::string_view key) const {
  return registry().GetEntity(kind, key);
}

Status DocumentStore::ForEachEntityWithAliasKey(
    std::string_view alias_key,
    const std::function<Status(text::EntityKind, std::string_view)>& fn) const {
  return registry().ForEachEntityWithAliasKey(alias_key, fn);
}

Status DocumentStore::ForEachEntityWithWordPrefix(
    std::string_view prefix,
    const std::function<Status(text::EntityKind, std::string_view)>& fn) const {
  return registry().ForEachEntityWithWordPrefix(prefix, fn);
}

Status DocumentStore::ForEachEntity(const std::function<Status(const EntityRecord&)>& fn) const {
  return registry().ForEachEntity(fn);
}

}  // namespace newsdex
