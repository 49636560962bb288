// Rebuilding an archive's Xapian index from its store, and swapping the rebuilt index in
// so that a crash at any moment leaves either the old or the new index in place.
//
//   auto report = newsdex::indexer::IndexWriter::RebuildIndex(options, "news");
//   // report->articles articles re-analysed into news/xapian, generation report->generation
//
// The new index is the old one compacted into a fresh folder, with the generations and
// articles it missed replayed from the store, when the old one can be read (an fdatasync
// failure can break a glass free list while every tree stays readable); otherwise every
// stored article analysed again. Re-analysed articles may gain names learned since they
// were first indexed, so the compacted copy is preferred: it keeps the others as they were.
//
// The swap, in ARCHIVE/:
//   1. build into xapian.rebuild (an unfinished build is only ever removed);
//   2. rename xapian.rebuild -> xapian.new: the rename marks the build complete;
//   3. rename xapian -> xapian.old;  4. rename xapian.new -> xapian;  5. remove xapian.old.
// FinishIndexSwap() completes whichever of these a crash interrupted; the writer calls it
// on every open, under the archive's lock.
//
// Functions here change the archive folder: call them only while holding ARCHIVE/LOCK.
#ifndef NEWSDEX_INDEXER_INDEX_REBUILD_H_
#define NEWSDEX_INDEXER_INDEX_REBUILD_H_

#include <cstdint>
#include <string>

#include "common/archive/archive_layout.h"
#include "newsdex/status.h"

namespace newsdex::indexer {

// What IndexWriter::RebuildIndex() did.
struct RebuildReport {
  // "compacted": the index was compacted into a fresh folder (its documents kept as they
  // were) and the articles it disagreed on replayed; "rebuilt": every stored article was
  // analysed again into an empty index (when the index's tables could not be read).
  std::string method;
  std::uint64_t replayed = 0;    // articles replayed into the compacted copy
  std::uint64_t articles = 0;    // articles in the new index
  std::uint64_t mended = 0;      // store rows mended (content hashes, rows of absent articles)
  std::uint64_t generation = 0;  // the generation the new index carries (the store's)
  double seconds = 0;
};

// What CompactIndex() did.
struct CompactionReport {
  std::uint64_t bytes_before = 0;  // of ARCHIVE/xapian
  std::uint64_t bytes_after = 0;
  unsigned shards_before = 1;      // index shards (common/archive/index_shards.h)
  unsigned shards_after = 1;
  double seconds = 0;
};

// Compacts ARCHIVE/xapian into a fresh folder (every table rewritten full, without the
// free space an index built by many commits carries) and swaps the copy in as above:
// the same documents under the same docids, in less space, and faster to search. Takes
// ARCHIVE/LOCK (waiting up to `lock_wait_ms` as LockArchive does), so no writer may hold
// it; readers keep the index they opened until they reopen. Corruption when the copy
// fails Xapian's check (the old index stays).
//
// Each shard is compacted on its own. With `merge_shards`, an index of several shards
// becomes one instead, as after a bulk load written with many: searches, facets above
// all, are faster on one, and later commits write it with one thread. Its documents get
// new docids, shard after shard. FailedPrecondition when the shards are not all at the
// same generation (a commit was interrupted: opening the archive for writing finishes it).
Result<CompactionReport> CompactIndex(const std::string& archive, std::int64_t lock_wait_ms = 0,
                                      bool merge_shards = false);
// CompactIndex() for a caller that holds ARCHIVE/LOCK already and has closed its own
// handles on the index. With `own_index` (IndexWriter::CommitAndCompact: an index this
// process has just written), Xapian compacts and checks the copy in this process rather
// than in a child (xapian_in_child.h), so that other threads may work meanwhile.
Result<CompactionReport> CompactLockedIndex(const ArchivePaths& live, bool merge_shards,
                                            bool own_index);

// The folders of the swap, next to paths.xapian.
std::string RebuildFolder(const ArchivePaths& paths);   // ARCHIVE/xapian.rebuild
std::string FinishedFolder(const ArchivePaths& paths);  // ARCHIVE/xapian.new
std::string RetiredFolder(const ArchivePaths& paths);   // ARCHIVE/xapian.old

// Completes a swap a crash interrupted (see above) and removes an unfinished build.
// Returns what it did in a few words ("" when there was nothing to do), or IOError
// naming the folder it could not rename or remove. REQUIRES: ARCHIVE/LOCK is held.
Result<std::string> FinishIndexSwap(const ArchivePaths& paths);

// Renames `from` to `to` and makes the rename durable (fsync of the parent folder).
Status DurableRename(const std::string& from, const std::string& to);

}  // namespace newsdex::indexer

#endif  // NEWSDEX_INDEXER_INDEX_REBUILD_H_
