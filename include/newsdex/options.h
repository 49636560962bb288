// Options for opening an archive for writing (WriterOptions) or searching (SearcherOptions).
//
//   newsdex::WriterOptions options;
//   options.commit_every_articles = 5000;
//   auto writer = newsdex::Writer::Open(options, "newsdex-archive");
//
// Value types with in-class defaults; safe to copy and share read-only.
#ifndef NEWSDEX_OPTIONS_H_
#define NEWSDEX_OPTIONS_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace newsdex {

// What one commit made durable, as WriterOptions::on_commit reports it.
struct CommittedChanges {
  std::uint64_t generation = 0;
  std::vector<std::string> written;  // ids added, replaced or re-tagged
  std::vector<std::string> deleted;  // ids deleted
};

struct WriterOptions {
  // Create the archive when the folder holds none. Default: true
  bool create_if_missing = true;
  // Schema file (TOML) copied into a new archive. Empty: the built-in schemas/news.toml.
  // Ignored when the archive already exists (an archive keeps its own schema). The
  // schema's [archive] language is the language of articles that name none. Default: ""
  std::string schema_path;
  // Articles buffered before Add() commits on its own. Smaller batches keep memory low
  // and, up to a point, index faster (Xapian's buffers stay small). Default: 2000
  std::size_t commit_every_articles = 2000;
  // Bytes of article text buffered before Add() commits on its own. Default: 64 MiB
  std::size_t commit_every_bytes = std::size_t{64} << 20;
  // Longest title + body text that is analysed and indexed; the stored article is kept
  // whole, and Add() reports the cut. Default: 8 MiB
  std::size_t max_indexed_bytes = std::size_t{8} << 20;
  // Refuse to write when the archive's filesystem has less free space than this; a full
  // disk would otherwise abort the process inside the store. Default: 64 MiB
  std::uint64_t min_free_disk_bytes = std::uint64_t{64} << 20;
  // Shards of a new archive's index, 1 to 64. Each commit writes its shards at once, one
  // thread each: Xapian's writes are what limit indexing, so 2 to 4 shards index much
  // faster on as many cores. Searches see one index, ranked the same whatever the count.
  // Chosen at creation: an existing archive keeps its count, and asking for another one
  // is FailedPrecondition. 0: 1 for a new archive, any for an existing one. Default: 0
  unsigned index_shards = 0;
  // fsync each commit. Turning this off trades durability for speed. Default: true
  bool sync = true;
  // When another writer holds the archive: 0 returns Busy at once, N > 0 waits up to N
  // milliseconds for it to finish, -1 waits as long as it takes. Default: 0
  std::int64_t lock_wait_ms = 0;
  // Called after each commit is durable and visible, on the thread that committed, with
  // the ids it wrote: e.g. to acknowledge a feed only once nothing can lose its articles.
  // Must not throw. Default: none
  std::function<void(const CommittedChanges&)> on_commit;
};

struct SearcherOptions {
  // Longest query string accepted, in bytes. Default: 4096
  std::size_t max_query_bytes = 4096;
  // Most words, phrases and field terms one query may hold. Default: 128
  std::size_t max_query_terms = 128;
  // Deepest nesting of parentheses. Default: 32
  std::size_t max_query_depth = 32;
  // Most index terms one wildcard (`econom*`) expands to; the most frequent win. Default: 200
  std::size_t max_wildcard_expansion = 200;
  // Memory for facet columns: each facet's values of every article, loaded once the
  // searches of one Searcher have counted that facet over as many matches as the
  // archive has articles, then shared by its threads until the next commit. They make
  // facet counts over many matches several times faster, in archives of one index shard
  // (see WriterOptions::index_shards); 0 never loads them. Default: 256 MiB
  std::size_t facet_cache_bytes = std::size_t{256} << 20;
};

}  // namespace newsdex

#endif  // NEWSDEX_OPTIONS_H_
