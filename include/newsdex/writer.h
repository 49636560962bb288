// Writer: adds, replaces and deletes articles in an archive (read this after status.h).
//
//   auto writer = newsdex::Writer::Open(newsdex::WriterOptions{}, "newsdex-archive");
//   if (writer.ok()) { (void)(*writer)->Add(article); Status s = (*writer)->Commit(); }
//
// One Writer per archive at a time, across processes; a second gets Busy. A Writer is
// not safe for concurrent use: call it from one thread (or guard it yourself).
#ifndef NEWSDEX_WRITER_H_
#define NEWSDEX_WRITER_H_

#include <cstdint>
#include <memory>
#include <string>

#include "newsdex/document.h"
#include "newsdex/export.h"
#include "newsdex/options.h"
#include "newsdex/status.h"

namespace newsdex {

// What Add() did with an article.
enum class AddOutcome {
  kAdded,      // a new id
  kReplaced,   // an existing id with different content
  kUnchanged,  // an existing id with identical content: nothing written
};

// Sizes and counters of an archive at its last commit (plus the writer's pending work).
struct ArchiveStats {
  std::uint64_t articles = 0;         // committed articles
  std::uint64_t generation = 0;       // number of the last commit
  std::uint64_t index_bytes = 0;      // size of xapian/ on disk
  std::uint64_t store_bytes = 0;      // size of store/ on disk
  std::uint64_t pending_changes = 0;  // adds and deletes not yet committed
  std::uint32_t format_version = 0;
  std::uint32_t index_shards = 1;     // shards of the index (see WriterOptions)
  bool word_positions = true;         // the index keeps word positions (schema [archive])
};

class NEWSDEX_EXPORT Writer {
 public:
  // Opens (or, with options.create_if_missing, creates) the archive folder at `path`
  // and recovers any commit that was interrupted. Returns:
  //   NotFound           no archive there and create_if_missing is false;
  //   Busy               another writer holds the archive (the message names its PID);
  //   FailedPrecondition the archive was written by a newer newsdex, or its index has
  //                      another number of shards than options.index_shards asks;
  //   InvalidArgument    the schema file does not parse;
  //   IOError/Corruption the folder cannot be used.
  static Result<std::unique_ptr<Writer>> Open(const WriterOptions& options,
                                              const std::string& path);

  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;
  // Commits pending changes (errors are lost: call Commit() to see them), then releases
  // the archive.
  virtual ~Writer();

  // Adds `article`, or replaces the article with the same id. The change is visible to
  // searchers after the next Commit() (which Add() makes on its own every
  // options.commit_every_articles articles). Returns InvalidArgument, naming the field,
  // when the article has no id or holds invalid UTF-8; the archive is unchanged then.
  virtual Result<AddOutcome> Add(const Article& article) = 0;

  // Deletes the article with this id at the next Commit(). Returns true when it existed.
  virtual Result<bool> Delete(const std::string& id) = 0;

  // Makes every change so far durable and visible, as one new generation. On error the
  // archive stays at its last commit and the pending changes are kept for a retry.
  virtual Status Commit() = 0;

  // Returns the archive's counters.
  virtual Result<ArchiveStats> Stats() const = 0;

 protected:
  Writer() = default;
};

}  // namespace newsdex

#endif  // NEWSDEX_WRITER_H_
