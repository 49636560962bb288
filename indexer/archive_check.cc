#include "indexer/archive_check.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>
#include <sstream>
#include <unordered_set>

#include <xapian.h>

#include "common/archive/archive_layout.h"
#include "common/archive/index_shards.h"
#include "common/document/article_codec.h"
#include "common/schema/schema.h"
#include "common/schema/terms.h"
#include "common/status/xapian_status.h"
#include "common/store/document_store.h"
#include "indexer/index_writer.h"
#include "indexer/xapian_in_child.h"

namespace newsdex::indexer {
namespace {

constexpr const char* kXapianGen = "gen";
constexpr const char* kXapianUuid = "archive_uuid";

std::uint64_t ParseNumber(const std::string& text) {
  return text.empty() ? 0 : std::strtoull(text.c_str(), nullptr, 10);
}

// Findings gathered by code; counts grow and examples are capped as problems are seen.
class Findings {
 public:
  Findings(std::vector<CheckFinding>* out, std::size_t max_examples)
      : out_(out), max_examples_(max_examples) {}

  void Add(CheckSeverity severity, const std::string& code, const std::string& where,
           const std::string& what, std::string example = "") {
    out_->push_back({severity, code, where, what, 1, {}});
    if (!example.empty()) out_->back().examples.push_back(std::move(example));
  }
  void Push(CheckFinding finding) { out_->push_back(std::move(finding)); }
  // One more occurrence of `code`; the first one creates the finding.
  void Count(CheckSeverity severity, const std::string& code, const std::string& where,
             const std::string& what, std::string example) {
    auto [it, fresh] = index_.emplace(code, out_->size());
    if (fresh) {
      out_->push_back({severity, code, where, what, 0, {}});
    }
    CheckFinding& f = (*out_)[it->second];
    ++f.count;
    if (f.examples.size() < max_examples_) f.examples.push_back(std::move(example));
  }

 private:
  std::vector<CheckFinding>* out_;
  std::size_t max_examples_;
  std::map<std::string, std::size_t> index_;
};

// Whether an id term has IdTerm()'s hashed form: such a term does not sort as its id.
bool IsHashedIdTerm(std::string_view term) {
  // IdTerm(): "Q" + 64 bytes + "#" + 32 hex digits when the id was too long.
  return term.size() == 1 + 64 + 1 + 32 && term[65] == '#';
}

// Walks the store's documents in key order, reading (and decoding) each, and yields the
// id terms of ids short enough for their term to sort as the id does; the others
// (hashed terms sort elsewhere) are put aside in `long_terms`.
class StoreIdStream {
 public:
  StoreIdStream(const DocumentStore& store, Findings* findings,
                std::map<std::string, std::string>* long_terms)
      : cursor_(store.NewCursor(StoreFamily::kDocuments)), findings_(findings),
        long_terms_(long_terms) {
    cursor_->Seek("");
  }

  // The next short id's term, or nullopt at the end.
  std::optional<std::string> Next() {
    while (cursor_->Valid()) {
      const std::string id(cursor_->key());
      if (!DecodeArticle(cursor_->value()).ok()) {
        findings_->Count(CheckSeverity::kError, "store-undecodable", "store/documents",
                         "stored articles that do not decode", id);
      }
      ++articles_;
      cursor_->Next();
      std::string term = IdTerm(id);
      if (term.size() == id.size() + 1) return term;
      long_terms_->emplace(std::move(term), id);
    }
    return std::nullopt;
  }
  std::uint64_t articles() const { return articles_; }
  Status status() const { return cursor_->status(); }

 private:
  std::unique_ptr<StoreCursor> cursor_;
  Findings* findings_;
  std::map<std::string, std::string>* long_terms_;
  std::uint64_t articles_ = 0;
};

// Ids changed by generations the index has not applied yet: differences about them are
// what recovery will replay, not damage.
Result<std::unordered_set<std::string>> InFlightIds(const DocumentStore& store,
                                                   std::uint64_t index_gen,
                                                   std::uint64_t pending_gen) {
  std::unordered_set<std::string> ids;
  if (index_gen >= pending_gen) return ids;
  Status s = store.ForEachLogged(index_gen, [&](std::uint64_t gen, std::string_view id, LoggedChange) {
    if (gen <= pending_gen) ids.emplace(id);
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return ids;
}

// Compares the store's ids with the index's id terms, both in sorted order (a merge-join:
// memory stays small however large the archive), and counts duplicate id terms.
Status CompareIds(const DocumentStore& store, const Xapian::Database& db,
                  const std::unordered_set<std::string>& in_flight, Findings* findings,
                  CheckReport* report) {
  const std::string prefix(kPrefixId);
  std::map<std::string, std::string> long_terms;  // hashed term -> id
  std::vector<std::pair<std::string, Xapian::doccount>> hashed_unmatched;
  StoreIdStream stream(store, findings, &long_terms);
  std::uint64_t id_postings = 0;

  auto missing = [&](const std::string& id) {
    if (in_flight.count(id) != 0) return;
    findings->Count(CheckSeverity::kError, "missing-from-index", "xapian vs store",
                    "stored articles the index does not hold", id);
  };
  auto stray = [&](const std::string& term) {
    const std::string id = term.substr(prefix.size());
    if (in_flight.count(id) != 0) return;
    findings->Count(CheckSeverity::kError, "stray-in-index", "xapian vs store",
                    "indexed documents whose article the store does not hold", id);
  };

  std::optional<std::string> stored = stream.Next();
  Xapian::TermIterator t = db.allterms_begin(prefix);
  const Xapian::TermIterator end = db.allterms_end(prefix);
  while (stored || t != end) {
    std::string term;
    if (t != end) term = *t;
    if (t != end && (!stored || term <= *stored)) {
      const Xapian::doccount freq = t.get_termfreq();
      id_postings += freq;
      if (freq > 1) {
        findings->Count(CheckSeverity::kError, "duplicate-id-term", "xapian",
                        "ids indexed by more than one document", term.substr(prefix.size()));
      }
      if (stored && term == *stored) {
        stored = stream.Next();
      } else if (IsHashedIdTerm(term)) {
        hashed_unmatched.emplace_back(term, freq);  // may be a long stored id: see below
      } else {
        stray(term);
      }
      ++t;
    } else {
      missing(stored->substr(prefix.size()));
      stored = stream.Next();
    }
  }
  Status s = stream.status();
  if (!s.ok()) return s;
  for (const auto& [term, freq] : hashed_unmatched) {
    if (long_terms.erase(term) == 0) stray(term);
  }
  for (const auto& [term, id] : long_terms) missing(id);

  report->store_articles = stream.articles();
  if (report->index_documents > id_postings) {
    findings->Add(CheckSeverity::kError, "unidentified-documents", "xapian",
                  std::to_string(report->index_documents - id_postings) +
                      " indexed documents carry no id term");
  }
  return Status::Ok();
}

// Keys of `family` (after `prefix`) that name no stored article, and, for the ids family,
// stored articles without a (right) content hash.
// Sets `stored_articles` (when not null) to the number of stored articles.
Status CompareFamily(const DocumentStore& store, StoreFamily family, std::string_view prefix,
                     Findings* findings, std::uint64_t* stored_articles) {
  auto docs = store.NewCursor(StoreFamily::kDocuments);
  auto rows = store.NewCursor(family);
  docs->Seek("");
  rows->Seek(prefix);
  const bool hashes = family == StoreFamily::kIds;
  auto row_id = [&]() -> std::optional<std::string_view> {
    if (!rows->Valid() || rows->key().substr(0, prefix.size()) != prefix) return std::nullopt;
    return rows->key().substr(prefix.size());
  };
  auto orphan = [&](std::string_view id) {
    if (hashes) {
      findings->Count(CheckSeverity::kWarning, "orphan-content-hash", "store/ids",
                      "content hashes of articles the store does not hold", std::string(id));
    } else if (family == StoreFamily::kTopics) {
      findings->Count(CheckSeverity::kWarning, "orphan-topics", "store/topics",
                      "topic rows of articles the store does not hold", std::string(id));
    } else {
      findings->Count(CheckSeverity::kWarning, "orphan-entities", "store/entities",
                      "entity-registry rows of articles the store does not hold",
                      std::string(id));
    }
  };
  std::uint64_t articles = 0;
  for (std::optional<std::string_view> id = row_id(); docs->Valid() || id; id = row_id()) {
    if (id && (!docs->Valid() || *id < docs->key())) {
      orphan(*id);
      rows->Next();
    } else if (!id || docs->key() < *id) {
      if (hashes) {
        findings->Count(CheckSeverity::kWarning, "missing-content-hash", "store/ids",
                        "stored articles without a content hash", std::string(docs->key()));
      }
      ++articles;
      docs->Next();
    } else {
      if (hashes) {
        if (DecodeContentHash(rows->value()) != ContentHash(docs->value())) {
          findings->Count(CheckSeverity::kWarning, "wrong-content-hash", "store/ids",
                          "stored articles whose content hash does not match them",
                          std::string(*id));
        }
      }
      ++articles;
      docs->Next();
      rows->Next();
    }
  }
  if (stored_articles != nullptr) *stored_articles = articles;
  Status s = docs->status();
  return s.ok() ? rows->status() : s;
}

// The store on its own: opens read-only, verifies checksums, reads the state and every
// family. Returns the store when it could be opened.
std::unique_ptr<DocumentStore> CheckStore(const ArchivePaths& paths, const Manifest& manifest,
                                          Findings* findings, CheckReport* report) {
  StoreOptions store_options;
  store_options.read_only = true;
  Result<std::unique_ptr<DocumentStore>> opened = DocumentStore::Open(paths.store, store_options);
  if (!opened.ok()) {
    findings->Add(CheckSeverity::kError, "store-unreadable", "store", opened.status().ToString());
    return nullptr;
  }
  std::unique_ptr<DocumentStore> store = std::move(opened).value();
  report->store_readable = true;
  Status s = store->VerifyChecksums();
  if (!s.ok()) {
    findings->Add(CheckSeverity::kError, "store-checksum", "store", s.ToString());
    report->store_readable = false;
  }
  Result<std::uint64_t> pending = store->GetStateNumber(kStatePendingGen);
  Result<std::uint64_t> committed = store->GetStateNumber(kStateCommittedGen);
  Result<std::uint64_t> articles = store->GetStateNumber(kStateArticles);
  Result<std::string> uuid = store->GetState(kStateUuid);
  Result<std::uint64_t> format = store->GetStateNumber(kStateFormat);
  for (const Status& state : {pending.status(), committed.status(), articles.status(),
                              uuid.status(), format.status()}) {
    if (!state.ok()) {
      findings->Add(CheckSeverity::kError, "store-unreadable", "store/state", state.ToString());
      report->store_readable = false;
      return store;
    }
  }
  report->pending_generation = *pending;
  report->committed_generation = *committed;
  report->state_articles = *articles;
  if (*uuid != manifest.archive_uuid) {
    findings->Add(CheckSeverity::kError, "identity-mismatch", "store vs manifest",
                  "the store belongs to archive " + *uuid + ", the manifest to " +
                      manifest.archive_uuid);
  }
  if (*format != manifest.format_version) {
    findings->Add(CheckSeverity::kError, "format-mismatch", "store vs manifest",
                  "the store is format " + std::to_string(*format) + ", the manifest " +
                      std::to_string(manifest.format_version));
  }
  if (*committed > *pending) {
    findings->Add(CheckSeverity::kError, "generation-ahead", "store/state",
                  "committed generation " + std::to_string(*committed) +
                      " is past the pending one " + std::to_string(*pending));
  }
  for (auto [family, prefix] : {std::pair{StoreFamily::kIds, std::string_view()},
                                std::pair{StoreFamily::kTopics, std::string_view()},
                                std::pair{StoreFamily::kEntities, std::string_view("A")}}) {
    // The registry moves in the last step of a commit: while one is unfinished, it
    // still holds the rows of the articles that commit deleted.
    if (family == StoreFamily::kEntities && *committed < *pending) continue;
    s = CompareFamily(*store, family, prefix, findings,
                      family == StoreFamily::kIds ? &report->store_articles : nullptr);
    if (!s.ok()) {
      findings->Add(CheckSeverity::kError, "store-unreadable", "store", s.ToString());
      report->store_readable = false;
    }
  }
  // The log, read through (its rows are checked by ForEachLogged's decoding).
  s = store->ForEachLogged(0, [](std::uint64_t, std::string_view, LoggedChange) { return Status::Ok(); });
  if (!s.ok()) {
    findings->Add(CheckSeverity::kError, "store-unreadable", "store/log", s.ToString());
    report->store_readable = false;
  }
  return store;
}

// Xapian's structure check, in a child process (xapian_in_child.h), the problems it
// prints kept as examples. Returns whether the tables are sound enough to be read here.
bool CheckIndexStructure(const ArchivePaths& paths, std::size_t max_examples,
                         Findings* findings) {
  const StructureCheck check = CheckStructureInChild(paths.xapian);
  if (check.ok()) return true;
  CheckFinding f;
  f.code = "index-structure";
  f.where = "xapian";
  f.what = check.stopped.empty() ? "Xapian's check found " + std::to_string(check.errors) +
                                       " error" + (check.errors == 1 ? "" : "s") +
                                       " in the index's tables"
                                 : "Xapian's check stopped: " + check.stopped;
  f.count = check.errors == 0 ? 1 : check.errors;
  std::istringstream lines(check.report);
  for (std::string line; std::getline(lines, line) && f.examples.size() < max_examples;) {
    // Xapian prints a line per table it checked; the problems are the other lines.
    if (line.empty() || line.back() == ':' || line.find("blocksize=") != std::string::npos ||
        line.find("checked OK") != std::string::npos ||
        line.find("No errors") != std::string::npos) {
      continue;
    }
    f.examples.push_back(line);
  }
  findings->Push(std::move(f));
  return false;
}

}  // namespace

Result<IdMismatches> FindIdMismatches(const DocumentStore& store, const Xapian::Database& db,
                                      std::size_t limit) {
  std::vector<CheckFinding> found;
  Findings findings(&found, limit);
  CheckReport report;
  try {
    report.index_documents = db.get_doccount();
    Status s = CompareIds(store, db, {}, &findings, &report);
    if (!s.ok()) return s;
  } catch (const Xapian::Error& e) {
    return FromXapian(e, "index");
  }
  IdMismatches out;
  std::unordered_set<std::string> seen;
  for (const CheckFinding& f : found) {
    if (f.code == "unidentified-documents") out.unidentified = true;
    if (f.code != "missing-from-index" && f.code != "stray-in-index" &&
        f.code != "duplicate-id-term") {
      continue;
    }
    if (f.count > f.examples.size()) out.over_limit = true;
    for (const std::string& id : f.examples) {
      if (seen.insert(id).second) out.ids.push_back(id);
    }
  }
  return out;
}

const char* SeverityName(CheckSeverity severity) {
  switch (severity) {
    case CheckSeverity::kNote: return "note";
    case CheckSeverity::kWarning: return "warning";
    case CheckSeverity::kError: return "error";
  }
  return "error";
}

bool CheckReport::healthy() const {
  for (const CheckFinding& f : findings) {
    if (f.severity != CheckSeverity::kNote) return false;
  }
  return true;
}

bool CheckReport::store_damaged() const {
  if (!store_readable) return true;
  for (const CheckFinding& f : findings) {
    // Content hashes can be recomputed from the articles; the rest cannot be made good.
    if (f.code == "store-unreadable" || f.code == "store-checksum" ||
        f.code == "store-undecodable" ||
        (f.code == "generation-ahead" && f.where == "store/state")) {
      return true;
    }
  }
  return false;
}

namespace {

// The index and its agreement with the store. REQUIRES: the lock is held.
// `sound`: the tables passed Xapian's structure check; a damaged index is not opened here.
void CheckIndex(const ArchivePaths& paths, const Manifest& manifest, const DocumentStore* store,
                bool sound, Findings* findings, CheckReport* report) {
  if (!sound) {
    findings->Add(CheckSeverity::kNote, "index-not-compared", "xapian vs store",
                  "the index was not compared with the store: its tables are damaged "
                  "(check --repair rebuilds them)");
    return;
  }
  Result<std::vector<std::string>> folders = IndexShardFolders(paths.xapian);
  if (!folders.ok()) {
    findings->Add(CheckSeverity::kError, "index-unreadable", "xapian", folders.status().ToString());
    report->index_readable = false;
    return;
  }
  try {
    std::vector<Xapian::Database> shards;
    Xapian::Database db = OpenIndexShards(*folders, &shards);
    report->index_documents = db.get_doccount();
    // A crash can leave some shards one generation behind the others: the lowest counts.
    std::uint64_t highest = 0;
    report->index_generation = UINT64_MAX;
    for (const Xapian::Database& shard : shards) {
      const std::uint64_t gen = ParseNumber(shard.get_metadata(kXapianGen));
      report->index_generation = std::min(report->index_generation, gen);
      highest = std::max(highest, gen);
      const std::string uuid = shard.get_metadata(kXapianUuid);
      if (uuid != manifest.archive_uuid) {
        findings->Add(CheckSeverity::kError, "identity-mismatch", "xapian vs manifest",
                      "the index belongs to archive " + (uuid.empty() ? "(none)" : uuid) +
                          ", the manifest to " + manifest.archive_uuid);
      }
    }
    if (store == nullptr || !report->store_readable) {
      // Without the store's state nothing can be compared; still read the terms through.
      for (auto t = db.allterms_begin(); t != db.allterms_end(); ++t) {}
      report->index_readable = true;
      return;
    }
    const std::uint64_t x = report->index_generation;
    const std::uint64_t p = report->pending_generation;
    if (highest > p) {
      findings->Add(CheckSeverity::kError, "generation-ahead", "xapian vs store",
                    "the index is at generation " + std::to_string(highest) +
                        ", past the store's " + std::to_string(p));
    } else if (x < p) {
      findings->Add(CheckSeverity::kNote, "recovery-pending", "xapian vs store",
                    "the index is at generation " + std::to_string(x) + ", the store at " +
                        std::to_string(p) + ": opening the archive for writing replays it");
    } else if (report->committed_generation < p) {
      findings->Add(CheckSeverity::kNote, "commit-unfinished", "store/state",
                    "generation " + std::to_string(p) +
                        " is applied but not marked committed: opening the archive for "
                        "writing finishes it");
    }
    Result<std::unordered_set<std::string>> in_flight = InFlightIds(*store, x, p);
    if (!in_flight.ok()) {
      findings->Add(CheckSeverity::kError, "store-unreadable", "store/log",
                    in_flight.status().ToString());
      return;
    }
    Status s = CompareIds(*store, db, *in_flight, findings, report);
    if (!s.ok()) {
      findings->Add(CheckSeverity::kError, "store-unreadable", "store/documents", s.ToString());
      report->store_readable = false;
      return;
    }
    report->index_readable = true;
    const bool recovering = x < p;
    if (report->index_documents != report->store_articles) {
      findings->Add(recovering ? CheckSeverity::kNote : CheckSeverity::kError, "count-mismatch",
                    "xapian vs store",
                    "the index holds " + std::to_string(report->index_documents) +
                        " documents, the store " + std::to_string(report->store_articles) +
                        " articles");
    }
    if (report->state_articles != report->store_articles) {
      findings->Add(CheckSeverity::kWarning, "articles-state", "store/state",
                    "the store's article count says " + std::to_string(report->state_articles) +
                        " but it holds " + std::to_string(report->store_articles));
    }
  } catch (const Xapian::Error& e) {
    findings->Add(CheckSeverity::kError, "index-unreadable", "xapian", e.get_description());
    report->index_readable = false;
  }
}

}  // namespace

Result<CheckReport> CheckArchive(const std::string& path, const CheckOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  Result<Manifest> manifest = ReadManifest(path);
  if (!manifest.ok()) return manifest.status();
  const ArchivePaths paths(path);
  Result<int> lock = LockArchive(paths.lock);
  if (!lock.ok()) return lock.status();
  CheckReport report;
  report.archive = path;
  Findings findings(&report.findings, options.max_examples);
  Result<std::string> swapped = FinishIndexSwap(paths);
  if (!swapped.ok()) {
    ::close(*lock);
    return swapped.status();
  }
  if (!swapped->empty()) {
    findings.Add(CheckSeverity::kNote, "swap-finished", "xapian",
                 *swapped + " (a repair had been interrupted)");
  }
  // Before the store opens: the structure check forks, and RocksDB starts threads.
  const bool sound = CheckIndexStructure(paths, options.max_examples, &findings);
  std::unique_ptr<DocumentStore> store = CheckStore(paths, *manifest, &findings, &report);
  CheckIndex(paths, *manifest, store.get(), sound, &findings, &report);
  store.reset();
  ::close(*lock);
  report.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

namespace {

// Only notes, or a pending generation and nothing else: a writable open recovers it.
bool OnlyRecoveryNeeded(const CheckReport& report) {
  for (const CheckFinding& f : report.findings) {
    if (f.severity == CheckSeverity::kNote) continue;
    return false;
  }
  return true;
}

}  // namespace

Result<RepairReport> RepairArchive(const std::string& path, const CheckOptions& options) {
  RepairReport repair;
  Result<CheckReport> before = CheckArchive(path, options);
  if (!before.ok()) return before.status();
  repair.before = *before;
  repair.after = *before;
  repair.action = "none";
  const bool pending = before->index_generation < before->pending_generation ||
                       before->committed_generation < before->pending_generation;
  if (before->healthy() && !pending) return repair;
  if (before->store_damaged()) {
    repair.refused =
        "the store is damaged, and the index can only be rebuilt from it: re-index the "
        "sources into a new archive (the readable articles can still be searched)";
    return repair;
  }
  WriterOptions writer_options;
  writer_options.create_if_missing = false;
  if (before->healthy() && pending && OnlyRecoveryNeeded(*before)) {
    Result<std::unique_ptr<IndexWriter>> writer = IndexWriter::OpenArchive(writer_options, path);
    if (writer.ok()) {
      repair.action = "recovered";
    } else if (writer.status().code() == StatusCode::kBusy) {
      return writer.status();
    }
    // A replay that fails (a damaged index) is what the rebuild below is for.
  }
  if (repair.action == "none") {
    Result<RebuildReport> rebuilt = IndexWriter::RebuildIndex(writer_options, path);
    if (!rebuilt.ok()) return rebuilt.status();
    repair.rebuild = *rebuilt;
    repair.action = "rebuilt";
  }
  Result<CheckReport> after = CheckArchive(path, options);
  if (!after.ok()) return after.status();
  repair.after = std::move(after).value();
  return repair;
}

}  // namespace newsdex::indexer
