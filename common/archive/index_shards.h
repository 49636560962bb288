// The shards of an archive's Xapian index.
//
// ARCHIVE/xapian is either one glass database (an archive of one shard, the default) or
// a folder holding N glass databases and Xapian's stub file that lists them:
//
//   ARCHIVE/xapian/XAPIANDB     "glass shard-0\nglass shard-1\n..."
//   ARCHIVE/xapian/shard-K/     glass database of shard K
//
// Xapian::Database("ARCHIVE/xapian") opens the stub as one database of N shards, so
// xapian-delve and xapian-tcpsrv work on it as on a single index. An article lives in
// shard ShardOfArticle(id, N) for the archive's whole life; Xapian numbers the shards'
// documents interleaved (document d of shard K is (d - 1) * N + K + 1 of the whole).
// Ranking statistics are summed over shards, so a query ranks the same articles with the
// same weights whatever N is. The shard count is chosen when the archive is created.
//
// Shards let one commit be written by N threads at once: Xapian's writes are what limit
// the indexer (see benchmarks/README.md). Each shard commits on its own, so a reader
// that opens the index while a commit is being written may see that commit's articles
// in some shards and not yet in others, for as long as the commit takes; a crash there
// is recovered as any other (indexer/index_writer.h).
//
// Pure functions over the filesystem: safe from any thread.
#ifndef NEWSDEX_COMMON_ARCHIVE_INDEX_SHARDS_H_
#define NEWSDEX_COMMON_ARCHIVE_INDEX_SHARDS_H_

#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "newsdex/status.h"

namespace newsdex {

// Most shards an archive may have.
inline constexpr unsigned kMaxIndexShards = 64;

// The shard that holds article `id` in an index of `shards` shards: FNV-1a (64-bit) of
// the id's bytes, modulo `shards`. Part of the archive format: never change it.
// REQUIRES: shards >= 1.
unsigned ShardOfArticle(std::string_view id, unsigned shards);

// The glass folders of the index in `xapian`: {xapian} itself unless it holds a stub
// file, else the folders the stub lists, in shard order. Corruption when the stub names
// anything but its own shard-K folders in order; a missing `xapian` gives {xapian}.
Result<std::vector<std::string>> IndexShardFolders(const std::string& xapian);

// Makes `xapian` (which must not exist yet) a folder of `shards` shards: writes the stub
// file atomically; the shards' databases are created by the first writer that opens
// them. With shards == 1 does nothing: a one-shard index is the glass folder itself.
// InvalidArgument when shards is 0 or above kMaxIndexShards.
Status CreateIndexShards(const std::string& xapian, unsigned shards);

// Opens `folders` (from IndexShardFolders) as one database, for reading; with `each`,
// also gives each shard's own handle (sharing the database's, so reopening the one
// reopens the others). Throws Xapian::Error as Xapian::Database does.
Xapian::Database OpenIndexShards(const std::vector<std::string>& folders,
                                 std::vector<Xapian::Database>* each = nullptr);

// The sum of the shards' revisions: grows with every commit to any shard.
Xapian::rev IndexRevision(const std::vector<Xapian::Database>& shards);

}  // namespace newsdex

#endif  // NEWSDEX_COMMON_ARCHIVE_INDEX_SHARDS_H_
