#include "indexer/index_rebuild.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "common/schema/terms.h"
#include "common/status/xapian_status.h"
#include "indexer/index_writer.h"

namespace newsdex::indexer {
namespace {

namespace fs = std::filesystem;

// Articles re-analysed per Xapian transaction: bounds the memory of a rebuild.
constexpr std::size_t kRebuildChunk = 2000;

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

}  // namespace

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

Result<RebuildReport> IndexWriter::RebuildIndex(const WriterOptions& options,
                                                const std::string& path) {
  const auto start = std::chrono::steady_clock::now();
  Status s = CheckArchiveFolder(path, /*create=*/false, /*need_write=*/true);
  if (!s.ok()) return s;
  std::unique_ptr<IndexWriter> writer(new IndexWriter(options, path));
  Result<Manifest> manifest = ReadManifest(path);
  if (!manifest.ok()) return manifest.status();
  writer->manifest_ = std::move(manifest).value();
  Result<int> fd = LockArchive(writer->paths_.lock);
  if (!fd.ok()) return fd.status();
  writer->lock_fd_ = *fd;
  Result<std::string> swapped = FinishIndexSwap(writer->paths_);
  if (!swapped.ok()) return swapped.status();

  // The writer opens a fresh, empty index where the rebuild goes; the damaged one is
  // never opened for writing (with a corrupt free list, writing to it fails).
  const ArchivePaths live(path);
  writer->paths_.xapian = RebuildFolder(live);
  s = writer->OpenStores(/*creating=*/false);
  if (!s.ok()) return s;
  Result<std::uint64_t> pending = writer->store_->GetStateNumber(kStatePendingGen);
  if (!pending.ok()) return pending.status();

  // Every stored article, analysed as replay does (BuildFromStored: the stored derived
  // topics re-applied, never recomputed); the store's documents are its latest state,
  // so an unfinished generation is included.
  RebuildReport report;
  report.generation = *pending;
  s = writer->store_->ForEachDocument([&](std::string_view id, std::string_view stored) {
    PendingChange change;
    change.id = std::string(id);
    Status build;
    change.doc = writer->BuildFromStored(change.id, stored, &build);
    if (!build.ok()) return build;
    writer->pending_.push_back(std::move(change));
    ++report.articles;
    if (writer->pending_.size() < kRebuildChunk) return Status::Ok();
    Status applied = writer->ApplyToXapian(*pending);
    writer->pending_.clear();
    return applied;
  });
  if (s.ok()) s = writer->ApplyToXapian(*pending);  // also stamps an empty archive
  writer->pending_.clear();
  if (!s.ok()) return s;
  writer->xapian_.reset();  // closed: committed and synced by ApplyToXapian

  s = DurableRename(RebuildFolder(live), FinishedFolder(live));  // complete from here on
  if (!s.ok()) return s;
  swapped = FinishIndexSwap(live);
  if (!swapped.ok()) return swapped.status();
  writer->paths_.xapian = live.xapian;

  // The store's bookkeeping now agrees with the index: the generation is finished and
  // the article count is what the store holds.
  auto batch = writer->store_->NewBatch();
  batch->SetState(kStateCommittedGen, *pending);
  batch->SetState(kStateArticles, report.articles);
  batch->TrimLogBefore(*pending);
  s = writer->store_->Write(batch.get(), /*sync=*/true);
  if (!s.ok()) return s;
  writer->committed_gen_ = *pending;
  writer->articles_ = report.articles;
  report.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace newsdex::indexer
