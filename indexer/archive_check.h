// Checking an archive: each store on its own (Xapian's structure check, RocksDB's
// checksums and a full read) and their agreement (generations, identity, id sets,
// counts); and repairing it by rebuilding the Xapian side from the store.
//
//   auto report = newsdex::indexer::CheckArchive("news", {});
//   if (report.ok() && !report->healthy()) for (auto& f : report->findings) ...;
//   auto repaired = newsdex::indexer::RepairArchive("news", {});
//
// Both take the archive's writer lock for their whole run, so they never see half of a
// commit; they are safe to call from any thread on different archives.
#ifndef NEWSDEX_INDEXER_ARCHIVE_CHECK_H_
#define NEWSDEX_INDEXER_ARCHIVE_CHECK_H_

#include <cstdint>
#include <string>
#include <vector>

#include "indexer/index_rebuild.h"
#include "newsdex/status.h"

namespace Xapian {
class Database;
}  // namespace Xapian

namespace newsdex {
class DocumentStore;
}  // namespace newsdex

namespace newsdex::indexer {

enum class CheckSeverity {
  kNote,     // not damage: e.g. a generation that opening the archive will replay
  kWarning,  // the store's bookkeeping is off; nothing is lost (repair fixes it)
  kError,    // damage: one of the stores is broken or they disagree
};

// "note", "warning", "error".
const char* SeverityName(CheckSeverity severity);

// One kind of problem found, with how often and a few examples.
struct CheckFinding {
  CheckSeverity severity = CheckSeverity::kError;
  // A stable name, for scripts and tests: "index-structure", "index-not-compared",
  // "index-unreadable",
  // "store-unreadable", "store-checksum", "store-undecodable", "missing-from-index",
  // "stray-in-index", "duplicate-id-term", "unidentified-documents", "count-mismatch",
  // "articles-state", "missing-content-hash", "wrong-content-hash", "orphan-content-hash",
  // "orphan-topics", "orphan-entities", "generation-ahead", "generation-behind",
  // "recovery-pending", "commit-unfinished", "identity-mismatch", "format-mismatch",
  // "swap-finished".
  std::string code;
  std::string where;  // "xapian", "store", "store/ids", "xapian vs store", "manifest", ...
  std::string what;   // one line, for people
  std::uint64_t count = 1;
  std::vector<std::string> examples;  // article ids or lines of Xapian's report
};

struct CheckReport {
  std::string archive;
  std::uint64_t store_articles = 0;     // rows of the store's documents
  std::uint64_t state_articles = 0;     // the store's "articles" state
  std::uint64_t index_documents = 0;    // Xapian's doccount
  std::uint64_t index_generation = 0;   // Xapian's "gen"
  std::uint64_t pending_generation = 0;
  std::uint64_t committed_generation = 0;
  bool store_readable = false;  // the store opened, and its checksums and rows read back
  bool index_readable = false;  // the Xapian index opened and its terms read back
  double seconds = 0;
  std::vector<CheckFinding> findings;

  // No warning and no error (notes are allowed).
  bool healthy() const;
  // The store cannot serve as the source of a rebuild.
  bool store_damaged() const;
};

struct CheckOptions {
  // Examples kept per finding. Default: 5
  std::size_t max_examples = 5;
};

// Checks the archive at `path`. Returns the report (healthy or not), or NotFound when
// there is no archive, Busy naming the PID while a writer holds it, IOError when the
// lock file cannot be taken. Finishes a rebuild's interrupted swap first (and notes it).
Result<CheckReport> CheckArchive(const std::string& path, const CheckOptions& options);

// The ids on which `db` and `store` disagree: stored but not indexed, indexed but not
// stored, or indexed more than once; at most `limit` of them.
struct IdMismatches {
  std::vector<std::string> ids;       // in no particular order; each once
  bool over_limit = false;            // more than `limit`: not all are listed
  bool unidentified = false;          // documents without an id term (found by no id)
};
// Reads both sides through (a merge-join, as CheckArchive does). IOError/Corruption when
// the store cannot be read; Xapian's errors as a Status.
Result<IdMismatches> FindIdMismatches(const DocumentStore& store, const Xapian::Database& db,
                                      std::size_t limit);

struct RepairReport {
  CheckReport before;
  CheckReport after;                 // equals `before` when nothing was done
  std::string action;                // "none", "recovered", "rebuilt"
  RebuildReport rebuild;             // when action == "rebuilt"
  std::string refused;               // why nothing was done, when repair cannot help
};

// Checks the archive and, when it is not healthy, repairs it: when only a generation is
// pending, opening it for writing replays it ("recovered"); otherwise the Xapian index is
// rebuilt from the store (IndexWriter::RebuildIndex, "rebuilt"); then checks again.
// A damaged store cannot be repaired from: `refused` says so and nothing changes.
// Errors as CheckArchive(), and those of the rebuild.
Result<RepairReport> RepairArchive(const std::string& path, const CheckOptions& options);

}  // namespace newsdex::indexer

#endif  // NEWSDEX_INDEXER_ARCHIVE_CHECK_H_
