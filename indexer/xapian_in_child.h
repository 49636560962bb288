// Reading an index that may be damaged without risking the process that asks.
//
// Xapian's readers trust the bytes they read: a table scribbled over can crash the
// process reading it (a glass postlist table with junk in a block makes get_metadata
// read through a wild pointer once Xapian's own check has reported the block). `check`
// and `check --repair` therefore read such an index only in a child process, and take
// the child's death as one more sign of damage.
//
//   StructureCheck c = CheckStructureInChild(paths.xapian);
//   if (!c.ok()) ... c.errors, c.stopped, c.report ...;
//   Status s = CompactInChild(paths.xapian, fresh);
//
// Both fork: call them before opening the document store (RocksDB starts threads), and
// only from the thread that owns the archive's lock.
#ifndef NEWSDEX_INDEXER_XAPIAN_IN_CHILD_H_
#define NEWSDEX_INDEXER_XAPIAN_IN_CHILD_H_

#include <cstddef>
#include <string>

#include "newsdex/status.h"

namespace newsdex::indexer {

// What Xapian's structure check said about one index folder.
struct StructureCheck {
  std::size_t errors = 0;  // errors Xapian counted in the tables
  std::string stopped;     // why the check did not finish: an exception, or a crash
  std::string report;      // what Xapian printed, a line per table and per problem
  bool ok() const { return errors == 0 && stopped.empty(); }
};

// Xapian::Database::check(folder) run in a child process. With `every_document`, a sound
// structure is then read document by document: each must have its term list, summing to
// its length, and its data and values. Xapian's check does not cross the tables, so a
// copy compacted from a scribbled table can pass it and still lack documents' term lists.
StructureCheck CheckStructureInChild(const std::string& folder, bool every_document = false);

// Compacts the index in `from` into the new folder `to` (document ids kept), shard by
// shard, in a child process; with `merge_shards`, its shards into one (docids renumbered,
// shard after shard), refusing shards at different generations (FailedPrecondition). An
// error says why not: Xapian's exception, or how the child died.
Status CompactInChild(const std::string& from, const std::string& to, bool merge_shards = false);

// The two above in this process, for an index this process has itself just written and
// committed (the end of a first load): no fork, so other threads may work meanwhile (a
// fork while they do can leave the child waiting forever on a lock copied in its locked
// state). Xapian's exceptions become errors as above; damaged tables could crash the
// process, which is why every other caller uses the child.
StructureCheck CheckStructureHere(const std::string& folder);
Status CompactHere(const std::string& from, const std::string& to, bool merge_shards);

}  // namespace newsdex::indexer

#endif  // NEWSDEX_INDEXER_XAPIAN_IN_CHILD_H_
