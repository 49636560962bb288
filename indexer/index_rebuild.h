// Rebuilding an archive's Xapian index from its store, and swapping the rebuilt index in
// so that a crash at any moment leaves either the old or the new index in place.
//
//   auto report = newsdex::indexer::IndexWriter::RebuildIndex(options, "news");
//   // report->articles articles re-analysed into news/xapian, generation report->generation
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
  std::uint64_t articles = 0;    // stored articles analysed into the new index
  std::uint64_t generation = 0;  // the generation the new index carries (the store's)
  double seconds = 0;
};

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
