#include "indexer/index_rebuild.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <optional>

#include "common/archive/index_shards.h"
#include "common/schema/terms.h"
#include "common/status/xapian_status.h"
#include "indexer/archive_check.h"
#include "indexer/index_writer.h"
#include "indexer/xapian_in_child.h"

namespace newsdex::indexer {
namespace {

namespace fs = std::filesystem;

// Articles re-analysed per Xapian transaction: bounds the memory of a rebuild.
constexpr std::size_t kRebuildChunk = 2000;
// Articles replayed into a compacted copy at most; more differences mean a full rebuild.
constexpr std::size_t kMaxReplayedIds = 100000;

bool Exists(const std::string& path) {
  std::error_code ec;
  return fs::exists(path, ec);
}

Status RemoveFolder(const std::string& path) {
  std::error_code ec;
  fs::remove_all(path, ec);
  if (ec) return Status::IOError(path + ": cannot remove: " + ec.message());
  return Status::Ok();
}

std::uint64_t FolderBytes(const std::string& path) {
  std::uint64_t bytes = 0;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(path, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (it->is_regular_file(ec)) bytes += it->file_size(ec);
  }
  return bytes;
}

// The shards of the index in `xapian` (1 when its stub cannot be read).
unsigned ShardCount(const std::string& xapian) {
  Result<std::vector<std::string>> shards = IndexShardFolders(xapian);
  return shards.ok() ? static_cast<unsigned>(shards->size()) : 1;
}

}  // namespace

Result<CompactionReport> CompactIndex(const std::string& archive, std::int64_t lock_wait_ms,
                                      bool merge_shards) {
  const auto start = std::chrono::steady_clock::now();
  Status s = CheckArchiveFolder(archive, /*create=*/false, /*need_write=*/true);
  if (!s.ok()) return s;
  const ArchivePaths live(archive);
  Result<int> fd = LockArchive(live.lock, lock_wait_ms);
  if (!fd.ok()) return fd.status();
  struct LockGuard {
    int fd;
    ~LockGuard() { ::close(fd); }
  } guard{*fd};
  Result<CompactionReport> report = CompactLockedIndex(live, merge_shards, /*own_index=*/false);
  if (report.ok()) {
    report->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  return report;
}

Result<CompactionReport> CompactLockedIndex(const ArchivePaths& live, bool merge_shards,
                                            bool own_index) {
  const auto start = std::chrono::steady_clock::now();
  Result<std::string> swapped = FinishIndexSwap(live);  // also removes an unfinished build
  if (!swapped.ok()) return swapped.status();
  CompactionReport report;
  report.bytes_before = FolderBytes(live.xapian);
  report.shards_before = ShardCount(live.xapian);
  const std::string fresh = RebuildFolder(live);
  Status s = own_index ? CompactHere(live.xapian, fresh, merge_shards)
                       : CompactInChild(live.xapian, fresh, merge_shards);
  if (s.ok()) {
    const StructureCheck copy =
        own_index ? CheckStructureHere(fresh) : CheckStructureInChild(fresh);
    if (!copy.ok()) s = Status::Corruption(fresh + ": the compacted copy fails Xapian's check");
  }
  if (!s.ok()) {
    RemoveFolder(fresh).IgnoreError();
    return s;
  }
  s = DurableRename(fresh, FinishedFolder(live));
  if (!s.ok()) return s;
  swapped = FinishIndexSwap(live);
  if (!swapped.ok()) return swapped.status();
  report.bytes_after = FolderBytes(live.xapian);
  report.shards_after = ShardCount(live.xapian);
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

std::string RebuildFolder(const ArchivePaths& paths) { return paths.xapian + ".rebuild"; }
std::string FinishedFolder(const ArchivePaths& paths) { return paths.xapian + ".new"; }
std::string RetiredFolder(const ArchivePaths& paths) { return paths.xapian + ".old"; }

Status DurableRename(const std::string& from, const std::string& to) {
  if (std::rename(from.c_str(), to.c_str()) != 0) {
    return Status::IOError(from + ": cannot rename to " + to + ": " + std::strerror(errno));
  }
  const std::string parent = fs::path(to).parent_path().string();
  int fd = ::open(parent.empty() ? "." : parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Status::IOError(parent + ": " + std::strerror(errno));
  const int rc = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  if (rc != 0) return Status::IOError(parent + ": fsync: " + std::strerror(err));
  return Status::Ok();
}

Result<std::string> FinishIndexSwap(const ArchivePaths& paths) {
  const std::string finished = FinishedFolder(paths);
  const std::string retired = RetiredFolder(paths);
  const std::string rebuild = RebuildFolder(paths);
  std::string done;
  if (Exists(finished)) {
    // A complete rebuild waits: steps 3 and 4 were not both done.
    if (Exists(paths.xapian)) {
      if (Exists(retired)) {
        Status s = RemoveFolder(retired);
        if (!s.ok()) return s;
      }
      Status s = DurableRename(paths.xapian, retired);
      if (!s.ok()) return s;
    }
    Status s = DurableRename(finished, paths.xapian);
    if (!s.ok()) return s;
    done = "finished swapping in a rebuilt index";
  }
  if (Exists(retired)) {
    if (Exists(paths.xapian)) {
      Status s = RemoveFolder(retired);
      if (!s.ok()) return s;
      if (done.empty()) done = "removed the index a rebuild replaced";
    } else {
      // Not a state the swap leaves; the old index is better than none.
      Status s = DurableRename(retired, paths.xapian);
      if (!s.ok()) return s;
      done = "put back the index a rebuild had moved aside";
    }
  }
  if (Exists(rebuild)) {
    Status s = RemoveFolder(rebuild);
    if (!s.ok()) return s;
    if (done.empty()) done = "removed an unfinished rebuild";
  }
  return done;
}

// A writer whose Xapian side is `folder` (the copy being repaired). The caller holds the
// archive's lock, and keeps it: the writer does not own it.
Result<std::unique_ptr<IndexWriter>> IndexWriter::OpenForRebuild(const WriterOptions& options,
                                                                 const std::string& path,
                                                                 const std::string& folder) {
  std::unique_ptr<IndexWriter> writer(new IndexWriter(options, path));
  Result<Manifest> manifest = ReadManifest(path);
  if (!manifest.ok()) return manifest.status();
  writer->manifest_ = std::move(manifest).value();
  writer->paths_.xapian = folder;
  Status s = writer->OpenStores(/*creating=*/false);
  if (!s.ok()) return s;
  return writer;
}

// Every stored article, analysed as replay does (BuildFromStored: the stored derived
// topics re-applied, never recomputed), into the empty index this writer has open. The
// store's documents are its latest state, so an unfinished generation is included.
Status IndexWriter::IndexEveryStoredArticle(std::uint64_t generation, RebuildReport* report) {
  Status s = store_->ForEachDocument([&](std::string_view id, std::string_view stored) {
    PendingChange change;
    change.id = std::string(id);
    Status build;
    change.doc = BuildFromStored(change.id, stored, &change, &build);
    if (!build.ok()) return build;
    // Each article is analysed with what the archive knows now, not with what the
    // articles rebuilt before it would teach.
    known_names_.ForgetLessons();
    pending_.push_back(std::move(change));
    ++report->articles;
    if (pending_.size() < kRebuildChunk) return Status::Ok();
    Status applied = ApplyToXapian(generation, /*replay=*/true);
    pending_.clear();
    return applied;
  });
  if (s.ok()) s = ApplyToXapian(generation, /*replay=*/true);  // also stamps an empty archive
  pending_.clear();
  return s;
}

// Replays, into the compacted copy this writer has open, the generations it missed and
// every article on which it disagrees with the store. Returns false when that is not
// enough (documents without ids, too many differences, or still out of step after two
// rounds), for a full rebuild.
Result<bool> IndexWriter::ReplayDifferences(std::uint64_t generation, RebuildReport* report) {
  std::uint64_t xapian_gen = 0, highest_gen = 0;
  if (!ShardGenerations(&xapian_gen, &highest_gen).ok()) return false;
  if (highest_gen > generation) return false;
  if (xapian_gen < generation) {
    Status s = RestageFromStore(xapian_gen, generation);
    if (s.ok()) s = ApplyToXapian(generation, /*replay=*/true);
    pending_.clear();
    pending_index_.clear();
    if (!s.ok()) return false;
  }
  for (int round = 0; round < 3; ++round) {
    Result<IdMismatches> mismatches = FindIdMismatches(*store_, *xapian_, kMaxReplayedIds);
    if (!mismatches.ok()) return false;
    if (mismatches->unidentified || mismatches->over_limit) return false;
    if (mismatches->ids.empty()) {
      report->articles = xapian_->get_doccount();
      return true;
    }
    if (round == 2) return false;
    for (const std::string& id : mismatches->ids) {
      Result<std::optional<std::string>> stored = store_->GetDocument(id);
      if (!stored.ok()) return stored.status();
      PendingChange change;
      change.id = id;
      change.is_delete = !stored->has_value();
      if (!change.is_delete) {
        Status build;
        change.doc = BuildFromStored(id, **stored, &change, &build);
        known_names_.ForgetLessons();
        if (!build.ok()) return build;
      }
      pending_.push_back(std::move(change));
    }
    report->replayed += pending_.size();
    Status s = ApplyToXapian(generation, /*replay=*/true);  // replace_document also drops duplicates
    pending_.clear();
    if (!s.ok()) return false;
  }
  return false;
}

// Rows of the store that a repair can mend without losing anything: content hashes that
// are missing or wrong (recomputed from the stored article), and hashes, topic rows and
// entity-registry contributions of articles the store no longer holds (dropped; the
// registry subtracts what they contributed). Adds the changes to `batch`.
Status MendStoreRows(const DocumentStore& store, DocumentStore::Batch* batch,
                     std::uint64_t* mended) {
  for (const auto& family_prefix : {std::pair{StoreFamily::kIds, std::string_view()},
                                    std::pair{StoreFamily::kTopics, std::string_view()},
                                    std::pair{StoreFamily::kEntities, std::string_view("A")}}) {
    // Plain copies: clang 14 cannot capture a structured binding in a lambda.
    const StoreFamily family = family_prefix.first;
    const std::string_view prefix = family_prefix.second;
    auto docs = store.NewCursor(StoreFamily::kDocuments);
    auto rows = store.NewCursor(family);
    docs->Seek("");
    rows->Seek(prefix);
    auto row_id = [&]() -> std::optional<std::string> {
      if (!rows->Valid() || rows->key().substr(0, prefix.size()) != prefix) return std::nullopt;
      return std::string(rows->key().substr(prefix.size()));
    };
    for (std::optional<std::string> id = row_id(); docs->Valid() || id; id = row_id()) {
      const bool orphan = id && (!docs->Valid() || *id < docs->key());
      const bool bare = !orphan && (!id || docs->key() < *id);  // a document without a row
      if (orphan) {
        if (family == StoreFamily::kIds) {
          batch->DeleteArticle(*id);
        } else if (family == StoreFamily::kTopics) {
          batch->PutArticleTopics(*id, "");
        } else {
          Result<std::optional<std::string>> previous = store.GetArticleEntities(*id);
          if (!previous.ok()) return previous.status();
          Status s = batch->RemoveArticleEntities(*id, *previous);
          if (!s.ok()) return s.WithContext("entity registry of article " + *id);
        }
        ++*mended;
        rows->Next();
        continue;
      }
      if (family == StoreFamily::kIds) {
        const std::uint64_t hash = ContentHash(docs->value());
        if (bare || DecodeContentHash(rows->value()) != hash) {
          batch->PutArticle(docs->key(), docs->value(), hash);
          ++*mended;
        }
      }
      docs->Next();
      if (!bare) rows->Next();
    }
    Status s = docs->status();
    if (s.ok()) s = rows->status();
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

Result<RebuildReport> IndexWriter::RebuildIndex(const WriterOptions& options,
                                                const std::string& path) {
  const auto start = std::chrono::steady_clock::now();
  Status s = CheckArchiveFolder(path, /*create=*/false, /*need_write=*/true);
  if (!s.ok()) return s;
  const ArchivePaths live(path);
  Result<Manifest> manifest = ReadManifest(path);
  if (!manifest.ok()) return manifest.status();
  Result<int> fd = LockArchive(live.lock);
  if (!fd.ok()) return fd.status();
  struct LockGuard {  // held until the swap and the store's bookkeeping are done
    int fd;
    ~LockGuard() { ::close(fd); }
  } guard{*fd};
  Result<std::string> swapped = FinishIndexSwap(live);
  if (!swapped.ok()) return swapped.status();
  const std::string fresh = RebuildFolder(live);
  // The new index has the old one's shards (one when even its stub is unreadable).
  WriterOptions rebuild_options = options;
  rebuild_options.index_shards = ShardCount(live.xapian);

  // First the cheap way that keeps every document as it is: compact the index into a
  // fresh folder (compaction reads the tables' trees, not the free list an fdatasync
  // failure may have broken), then replay into the copy whatever it lacks.
  RebuildReport report;
  std::unique_ptr<IndexWriter> writer;
  bool repaired = false;
  // Both read tables that may be damaged, so each runs in a child process; they come
  // before the store opens, since they fork. A table cut short can compact "successfully"
  // into a smaller one: the copy must pass Xapian's check (and, below, agree with the
  // store) to be used.
  const bool compacted =
      CompactInChild(live.xapian, fresh).ok() &&
      CheckStructureInChild(fresh, /*every_document=*/true).ok();
  try {
    Result<std::unique_ptr<IndexWriter>> opened = Status::Corruption("compacted copy is damaged");
    if (compacted) opened = OpenForRebuild(rebuild_options, path, fresh);
    if (opened.ok()) {
      writer = std::move(opened).value();
      Result<std::uint64_t> pending = writer->store_->GetStateNumber(kStatePendingGen);
      if (!pending.ok()) return pending.status();
      report.generation = *pending;
      Result<bool> replayed = writer->ReplayDifferences(*pending, &report);
      if (!replayed.ok()) return replayed.status();
      repaired = *replayed;
    }
  } catch (const Xapian::Error&) {
    // Unreadable tables: rebuild from the store below.
  } catch (const std::exception&) {
    // Garbage read as a length or a count: the same.
  }
  if (repaired) {
    report.method = "compacted";
  } else {
    writer.reset();
    s = RemoveFolder(fresh);
    if (!s.ok()) return s;
    report = RebuildReport{};
    report.method = "rebuilt";
    Result<std::unique_ptr<IndexWriter>> opened = OpenForRebuild(rebuild_options, path, fresh);
    if (!opened.ok()) return opened.status();
    writer = std::move(opened).value();
    Result<std::uint64_t> pending = writer->store_->GetStateNumber(kStatePendingGen);
    if (!pending.ok()) return pending.status();
    report.generation = *pending;
    s = writer->IndexEveryStoredArticle(*pending, &report);
    if (!s.ok()) return s;
  }
  writer->xapian_.reset();  // closed: committed and synced by ApplyToXapian
  writer->shards_.clear();

  s = DurableRename(fresh, FinishedFolder(live));  // complete from here on
  if (!s.ok()) return s;
  swapped = FinishIndexSwap(live);
  if (!swapped.ok()) return swapped.status();
  writer->paths_.xapian = live.xapian;

  // The store's bookkeeping now agrees with the index: the generation is finished, the
  // article count is what the store holds, and rows of absent articles are gone.
  auto batch = writer->store_->NewBatch();
  batch->SetState(kStateCommittedGen, report.generation);
  batch->SetState(kStateArticles, report.articles);
  batch->TrimLogBefore(report.generation);
  s = MendStoreRows(*writer->store_, batch.get(), &report.mended);
  if (!s.ok()) return s;
  s = writer->store_->Write(batch.get(), /*sync=*/true);
  if (!s.ok()) return s;
  report.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace newsdex::indexer
