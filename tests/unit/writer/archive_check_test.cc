#include "indexer/archive_check.h"

#include <sys/wait.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <xapian.h>

#include "common/archive/archive_layout.h"
#include "common/archive/index_shards.h"
#include "common/schema/terms.h"
#include "common/store/document_store.h"
#include "indexer/index_rebuild.h"
#include "indexer/index_writer.h"
#include "support/temp_dir.h"

namespace newsdex {
namespace {

namespace fs = std::filesystem;
using indexer::CheckArchive;
using indexer::CheckFinding;
using indexer::CheckReport;
using indexer::CheckSeverity;
using indexer::IndexWriter;
using indexer::RepairArchive;
using testing::TempDir;

const char* const kWords[] = {"oil",    "wheat",  "bank",  "rates",  "tanker", "harvest",
                              "export", "strike", "cargo", "tariff", "copper", "loan"};

// A small archive written in two generations: ids n01..n24 (a few over Xapian's term
// limit, whose id terms are hashed), varied words, given topics on some; its index in
// `shards` shards (0: the default).
std::vector<std::string> WriteArchive(const std::string& path, unsigned shards = 0) {
  std::vector<std::string> ids;
  WriterOptions options;
  options.index_shards = shards;
  auto writer = IndexWriter::OpenArchive(options, path);
  INFO(writer.status().ToString());
  REQUIRE(writer.ok());
  for (int i = 1; i <= 24; ++i) {
    Article a;
    a.id = (i % 8 == 0 ? std::string(300, 'x') : std::string("n")) + (i < 10 ? "0" : "") +
           std::to_string(i);
    a.title = std::string("Report ") + kWords[i % 12] + " " + kWords[(i * 5) % 12];
    a.body = std::string("Traders said ") + kWords[i % 12] + " and " + kWords[(i * 7) % 12] +
             " moved on day " + std::to_string(i) + ". The " + kWords[(i * 3) % 12] +
             " market closed higher in London.";
    a.published = 541350061 + i * 86400;
    if (i % 3 == 0) a.topics = {"crude"};
    REQUIRE((*writer)->Add(a).ok());
    ids.push_back(a.id);
    if (i == 12) REQUIRE((*writer)->Commit().ok());
  }
  REQUIRE((*writer)->Commit().ok());
  return ids;
}

CheckReport Check(const std::string& archive) {
  auto report = CheckArchive(archive, {});
  INFO(report.status().ToString());
  REQUIRE(report.ok());
  return std::move(report).value();
}

const CheckFinding* Find(const CheckReport& report, const std::string& code) {
  for (const CheckFinding& f : report.findings) {
    if (f.code == code) return &f;
  }
  return nullptr;
}

std::string Codes(const CheckReport& report) {
  std::string out;
  for (const CheckFinding& f : report.findings) {
    out += std::string(indexer::SeverityName(f.severity)) + " " + f.code + " (" + f.where +
           "): " + f.what + "\n";
    for (const std::string& e : f.examples) out += "    " + e.substr(0, 80) + "\n";
  }
  return out;
}

// What searching sees: every term with its frequency, and each id's stored data.
struct IndexSnapshot {
  Xapian::doccount documents = 0;
  std::map<std::string, Xapian::doccount> termfreqs;
  std::map<std::string, std::string> data_by_id_term;
  // A ranked search: (weight, id), sorted; docids (which break ties) change in a rebuild.
  std::vector<std::pair<double, std::string>> oil_results;
};

IndexSnapshot Snapshot(const std::string& archive) {
  IndexSnapshot s;
  Xapian::Database db(ArchivePaths(archive).xapian);
  s.documents = db.get_doccount();
  for (auto t = db.allterms_begin(); t != db.allterms_end(); ++t) {
    s.termfreqs[*t] = t.get_termfreq();
  }
  for (auto t = db.allterms_begin("Q"); t != db.allterms_end("Q"); ++t) {
    s.data_by_id_term[*t] = db.get_document(*db.postlist_begin(*t)).get_data();
  }
  Xapian::Enquire enquire(db);
  for (auto t = db.allterms_begin(); t != db.allterms_end(); ++t) {
    // The unprefixed stemmed form of "oil", whatever prefix scheme the schema uses.
    if (*t == "Zoil" || *t == "oil") {
      enquire.set_query(Xapian::Query(*t));
      break;
    }
  }
  Xapian::MSet mset = enquire.get_mset(0, 100);
  for (auto m = mset.begin(); m != mset.end(); ++m) {
    s.oil_results.emplace_back(std::round(m.get_weight() * 1e9) / 1e9, m.get_document().get_data());
  }
  std::sort(s.oil_results.begin(), s.oil_results.end());
  return s;
}

void RequireSame(const IndexSnapshot& before, const IndexSnapshot& after) {
  CHECK(after.documents == before.documents);
  CHECK(after.data_by_id_term == before.data_by_id_term);
  CHECK(after.oil_results == before.oil_results);
  CHECK_FALSE(before.oil_results.empty());
  // Every term with the same frequency: the same statistics, so the same ranking.
  CHECK(after.termfreqs.size() == before.termfreqs.size());
  std::size_t differing = 0;
  for (const auto& [term, freq] : before.termfreqs) {
    auto it = after.termfreqs.find(term);
    if (it == after.termfreqs.end() || it->second != freq) {
      UNSCOPED_INFO("term " << term << ": " << freq << " before, "
                            << (it == after.termfreqs.end() ? 0u : it->second) << " after");
      ++differing;
    }
  }
  CHECK(differing == 0);
}

// `method`: how the index should have been repaired (index_rebuild.h); "" for either.
void RepairAndCompare(const std::string& archive, const IndexSnapshot& healthy,
                      const std::string& method) {
  auto repair = RepairArchive(archive, {});
  INFO(repair.status().ToString());
  REQUIRE(repair.ok());
  INFO("repaired by: " << repair->rebuild.method);
  CHECK_FALSE(repair->before.healthy());
  CHECK(repair->action == "rebuilt");
  INFO(Codes(repair->after));
  CHECK(repair->after.healthy());
  CHECK(repair->after.findings.empty());
  CHECK(repair->rebuild.articles == 24);
  if (!method.empty()) CHECK(repair->rebuild.method == method);
  CHECK_FALSE(fs::exists(archive + "/xapian.old"));
  CHECK_FALSE(fs::exists(archive + "/xapian.new"));
  CHECK_FALSE(fs::exists(archive + "/xapian.rebuild"));
  RequireSame(healthy, Snapshot(archive));
  // And the archive takes writes again, from the generation it had.
  WriterOptions options;
  auto writer = IndexWriter::OpenArchive(options, archive);
  REQUIRE(writer.ok());
  CHECK((*writer)->Stats()->generation == 2);
  CHECK((*writer)->Delete("n01").value());
  const Status committed = (*writer)->Commit();
  INFO(committed.ToString());
  CHECK(committed.ok());
}

TEST_CASE("check: a healthy archive checks clean", "[writer][check]") {
  TempDir dir;
  const std::string archive = dir / "a";
  WriteArchive(archive);
  CheckReport report = Check(archive);
  INFO(Codes(report));
  CHECK(report.healthy());
  CHECK(report.findings.empty());
  CHECK(report.store_readable);
  CHECK(report.index_readable);
  CHECK(report.store_articles == 24);
  CHECK(report.state_articles == 24);
  CHECK(report.index_documents == 24);
  CHECK(report.index_generation == 2);
  CHECK(report.pending_generation == 2);
  CHECK(report.committed_generation == 2);
}

TEST_CASE("check: a document deleted from Xapian behind the store's back", "[writer][check]") {
  TempDir dir;
  const std::string archive = dir / "a";
  const std::vector<std::string> ids = WriteArchive(archive);
  const IndexSnapshot healthy = Snapshot(archive);
  {
    Xapian::WritableDatabase db(ArchivePaths(archive).xapian, Xapian::DB_OPEN);
    db.delete_document(IdTerm("n05"));
    db.delete_document(IdTerm(ids[7]));  // a long id: its term is hashed
    db.commit();
  }
  CheckReport report = Check(archive);
  INFO(Codes(report));
  CHECK_FALSE(report.healthy());
  const CheckFinding* missing = Find(report, "missing-from-index");
  REQUIRE(missing != nullptr);
  CHECK(missing->severity == CheckSeverity::kError);
  CHECK(missing->count == 2);
  CHECK(missing->examples == std::vector<std::string>{"n05", ids[7]});
  CHECK(Find(report, "count-mismatch") != nullptr);
  CHECK(Find(report, "stray-in-index") == nullptr);
  CHECK(Find(report, "index-structure") == nullptr);
  RepairAndCompare(archive, healthy, "compacted");
}

// The negative control: the counts agree and Xapian's structure is sound, so only the
// comparison of the id sets can tell.
TEST_CASE("check: an id swapped for another in Xapian is found by the id maps alone",
          "[writer][check]") {
  TempDir dir;
  const std::string archive = dir / "a";
  WriteArchive(archive);
  {
    Xapian::WritableDatabase db(ArchivePaths(archive).xapian, Xapian::DB_OPEN);
    const Xapian::docid did = *db.postlist_begin(IdTerm("n10"));
    Xapian::Document doc = db.get_document(did);
    doc.remove_term(IdTerm("n10"));
    doc.add_boolean_term(IdTerm("n10-ghost"));
    doc.set_data("n10-ghost");
    db.replace_document(did, doc);
    db.commit();
  }
  CheckReport report = Check(archive);
  INFO(Codes(report));
  CHECK_FALSE(report.healthy());
  CHECK(report.index_documents == report.store_articles);
  CHECK(Find(report, "count-mismatch") == nullptr);
  CHECK(Find(report, "index-structure") == nullptr);
  REQUIRE(Find(report, "missing-from-index") != nullptr);
  CHECK(Find(report, "missing-from-index")->examples == std::vector<std::string>{"n10"});
  REQUIRE(Find(report, "stray-in-index") != nullptr);
  CHECK(Find(report, "stray-in-index")->examples == std::vector<std::string>{"n10-ghost"});
}

TEST_CASE("check: stray and duplicate documents added to Xapian", "[writer][check]") {
  TempDir dir;
  const std::string archive = dir / "a";
  WriteArchive(archive);
  const IndexSnapshot healthy = Snapshot(archive);
  // A document without an id cannot be found by id: only a full rebuild drops it.
  const bool anonymous = GENERATE(false, true);
  INFO((anonymous ? "with a document without id" : "ids only"));
  {
    Xapian::WritableDatabase db(ArchivePaths(archive).xapian, Xapian::DB_OPEN);
    Xapian::Document twin;
    twin.add_boolean_term(IdTerm("n03"));
    twin.set_data("n03");
    twin.add_term("oil");
    db.add_document(twin);  // a second document with n03's id
    Xapian::Document stray;
    stray.add_boolean_term(IdTerm("zz-unknown"));
    stray.set_data("zz-unknown");
    db.add_document(stray);
    if (anonymous) {
      Xapian::Document nameless;
      nameless.add_term("oil");
      db.add_document(nameless);
    }
    db.commit();
  }
  CheckReport report = Check(archive);
  INFO(Codes(report));
  CHECK_FALSE(report.healthy());
  REQUIRE(Find(report, "duplicate-id-term") != nullptr);
  CHECK(Find(report, "duplicate-id-term")->examples == std::vector<std::string>{"n03"});
  REQUIRE(Find(report, "stray-in-index") != nullptr);
  CHECK(Find(report, "stray-in-index")->examples == std::vector<std::string>{"zz-unknown"});
  CHECK((Find(report, "unidentified-documents") != nullptr) == anonymous);
  CHECK(Find(report, "count-mismatch") != nullptr);
  CHECK(Find(report, "missing-from-index") == nullptr);
  RepairAndCompare(archive, healthy, anonymous ? "rebuilt" : "compacted");
}

TEST_CASE("check: an article removed from the store behind the writer's back",
          "[writer][check]") {
  TempDir dir;
  const std::string archive = dir / "a";
  WriteArchive(archive);
  {
    StoreOptions options;
    auto store = DocumentStore::Open(ArchivePaths(archive).store, options);
    REQUIRE(store.ok());
    auto batch = (*store)->NewBatch();
    batch->DeleteArticle("n06");  // the document and its content hash; not its topics
    REQUIRE((*store)->Write(batch.get(), true).ok());
  }
  CheckReport report = Check(archive);
  INFO(Codes(report));
  CHECK_FALSE(report.healthy());
  CHECK(report.store_articles == 23);
  REQUIRE(Find(report, "stray-in-index") != nullptr);
  CHECK(Find(report, "stray-in-index")->examples == std::vector<std::string>{"n06"});
  REQUIRE(Find(report, "articles-state") != nullptr);
  CHECK(Find(report, "articles-state")->severity == CheckSeverity::kWarning);
  // Its names ("London") are still in the entity registry.
  REQUIRE(Find(report, "orphan-entities") != nullptr);
  CHECK(Find(report, "orphan-entities")->examples == std::vector<std::string>{"n06"});
  CHECK(Find(report, "missing-from-index") == nullptr);
  CHECK_FALSE(report.store_damaged());

  // The store is the truth: the index drops n06, and the store its rows.
  auto repair = RepairArchive(archive, {});
  REQUIRE(repair.ok());
  CHECK(repair->action == "rebuilt");
  CHECK(repair->rebuild.method == "compacted");
  CHECK(repair->rebuild.replayed == 1);
  CHECK(repair->rebuild.mended >= 1);
  INFO(Codes(repair->after));
  CHECK(repair->after.findings.empty());
  CHECK(repair->after.index_documents == 23);
  CHECK(repair->after.state_articles == 23);
}

// Writes article n09 back to the store with `stored` and `hash` (behind the writer's back).
void Overwrite(const std::string& archive, const std::optional<std::string>& stored,
               std::uint64_t hash) {
  StoreOptions options;
  auto store = DocumentStore::Open(ArchivePaths(archive).store, options);
  REQUIRE(store.ok());
  auto current = (*store)->GetDocument("n09");
  REQUIRE(current.ok());
  REQUIRE(current->has_value());
  auto batch = (*store)->NewBatch();
  batch->PutArticle("n09", stored.value_or(**current), hash);
  REQUIRE((*store)->Write(batch.get(), true).ok());
}

TEST_CASE("check: a wrong content hash is mended from the stored article", "[writer][check]") {
  TempDir dir;
  const std::string archive = dir / "a";
  WriteArchive(archive);
  Overwrite(archive, std::nullopt, 12345);
  CheckReport report = Check(archive);
  INFO(Codes(report));
  REQUIRE(Find(report, "wrong-content-hash") != nullptr);
  CHECK(Find(report, "wrong-content-hash")->severity == CheckSeverity::kWarning);
  CHECK(Find(report, "wrong-content-hash")->examples == std::vector<std::string>{"n09"});
  CHECK_FALSE(report.store_damaged());
  auto repair = RepairArchive(archive, {});
  REQUIRE(repair.ok());
  CHECK(repair->rebuild.mended == 1);
  INFO(Codes(repair->after));
  CHECK(repair->after.findings.empty());
}

TEST_CASE("check: repair refuses to rebuild from a damaged store", "[writer][check]") {
  TempDir dir;
  const std::string archive = dir / "a";
  WriteArchive(archive);
  const std::string garbage = "not an article";
  Overwrite(archive, garbage, ContentHash(garbage));
  CheckReport report = Check(archive);
  INFO(Codes(report));
  REQUIRE(Find(report, "store-undecodable") != nullptr);
  CHECK(Find(report, "store-undecodable")->examples == std::vector<std::string>{"n09"});
  CHECK(report.store_damaged());
  auto repair = RepairArchive(archive, {});
  REQUIRE(repair.ok());
  CHECK(repair->action == "none");
  CHECK_THAT(repair->refused, Catch::Contains("re-index the sources"));
  CHECK(fs::exists(ArchivePaths(archive).xapian));
}

// Damages a glass table file: scribbles over every block (a block in the middle may be
// a free one, which no check reads), or cuts the file in half.
void Damage(const std::string& file, bool truncate) {
  const auto size = fs::file_size(file);
  REQUIRE(size >= 8192 * 2);
  if (truncate) {
    fs::resize_file(file, size / 2);
    return;
  }
  std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
  REQUIRE(f);
  std::string junk(1024, '\0');
  for (std::size_t i = 0; i < junk.size(); ++i) junk[i] = static_cast<char>(i * 7);
  for (std::uintmax_t block = 0; block < size; block += 8192) {
    f.seekp(static_cast<std::streamoff>(block + 40));
    f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  }
}

// Damages `file` (a table of the archive's index) as Damage() does; check must report the
// index's structure, not the store, and the repair must restore `healthy`.
void DamageAndRepair(const std::string& archive, const std::string& file, bool truncate,
                     const IndexSnapshot& healthy) {
  Damage(file, truncate);
  CheckReport report = Check(archive);
  INFO(Codes(report));
  CHECK_FALSE(report.healthy());
  REQUIRE(Find(report, "index-structure") != nullptr);
  CHECK(Find(report, "index-structure")->where == "xapian");
  CHECK_FALSE(report.store_damaged());
  RepairAndCompare(archive, healthy, "");
}

TEST_CASE("check: damaged Xapian files are found by Xapian's check and rebuilt",
          "[writer][check]") {
  TempDir dir;
  const std::string archive = dir / "a";
  WriteArchive(archive);
  const IndexSnapshot healthy = Snapshot(archive);
  const std::string table = GENERATE(std::string("postlist.glass"), std::string("termlist.glass"));
  const bool truncate = GENERATE(false, true);
  INFO("damaged " << table << (truncate ? ", cut in half" : ", scribbled over"));
  // Compacted when the damaged table still compacts into one that passes Xapian's
  // check and agrees with the store; rebuilt otherwise.
  DamageAndRepair(archive, ArchivePaths(archive).xapian + "/" + table, truncate, healthy);
}

// The glass folders of the archive's index, one per shard.
std::vector<std::string> ShardFolders(const std::string& archive) {
  Result<std::vector<std::string>> folders = IndexShardFolders(ArchivePaths(archive).xapian);
  INFO(folders.status().ToString());
  REQUIRE(folders.ok());
  return std::move(folders).value();
}

// Each id term's shard and docid within it: what compaction must keep.
std::map<std::string, std::pair<std::size_t, Xapian::docid>> Placement(const std::string& archive) {
  std::map<std::string, std::pair<std::size_t, Xapian::docid>> placement;
  const std::vector<std::string> folders = ShardFolders(archive);
  for (std::size_t k = 0; k < folders.size(); ++k) {
    Xapian::Database shard(folders[k]);
    for (auto t = shard.allterms_begin("Q"); t != shard.allterms_end("Q"); ++t) {
      placement[*t] = {k, *shard.postlist_begin(*t)};
    }
  }
  return placement;
}

// The ids not found exactly once in the shard ShardOfArticle gives them: an article
// that moved shard would be written twice, or deleted from the wrong one.
std::vector<std::string> Misplaced(const std::string& archive,
                                   const std::vector<std::string>& ids) {
  const std::vector<std::string> folders = ShardFolders(archive);
  std::vector<std::string> misplaced;
  for (const std::string& id : ids) {
    const unsigned home = ShardOfArticle(id, static_cast<unsigned>(folders.size()));
    if (Xapian::Database(folders[home]).get_termfreq(IdTerm(id)) != 1) misplaced.push_back(id);
  }
  return misplaced;
}

TEST_CASE("check: a sharded index holds what one index does, and compacts shard by shard",
          "[writer][check]") {
  TempDir dir;
  const std::string archive = dir / "a";
  const std::vector<std::string> ids = WriteArchive(archive, 3);
  WriteArchive(dir / "one");
  const IndexSnapshot before = Snapshot(archive);
  // Summed over shards, the statistics and so the ranking are those of one index.
  RequireSame(Snapshot(dir / "one"), before);
  const auto placement = Placement(archive);
  REQUIRE(ShardFolders(archive).size() == 3);
  CHECK(placement.size() == 24);
  CHECK(Misplaced(archive, ids).empty());
  for (const std::string& shard : ShardFolders(archive)) {
    CHECK(Xapian::Database(shard).get_doccount() > 0);  // the articles are spread
  }

  auto compacted = indexer::CompactIndex(archive);
  INFO(compacted.status().ToString());
  REQUIRE(compacted.ok());
  CHECK(compacted->bytes_after < compacted->bytes_before);
  CHECK(ShardFolders(archive).size() == 3);
  RequireSame(before, Snapshot(archive));
  CHECK(Placement(archive) == placement);  // the same documents under the same docids
  CHECK_FALSE(fs::exists(indexer::RebuildFolder(ArchivePaths(archive))));
  CHECK_FALSE(fs::exists(indexer::FinishedFolder(ArchivePaths(archive))));
  CHECK_FALSE(fs::exists(indexer::RetiredFolder(ArchivePaths(archive))));
  CheckReport report = Check(archive);
  INFO(Codes(report));
  CHECK(report.healthy());
  CHECK(report.findings.empty());
  CHECK(report.index_documents == 24);
  CHECK(report.index_generation == 2);

  // Still an archive of 3 shards: asking for another count is refused, asking for none
  // takes it as it is.
  WriterOptions two;
  two.index_shards = 2;
  auto refused = IndexWriter::OpenArchive(two, archive);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().code() == StatusCode::kFailedPrecondition);
  auto writer = IndexWriter::OpenArchive(WriterOptions{}, archive);
  INFO(writer.status().ToString());
  REQUIRE(writer.ok());
  CHECK((*writer)->Stats()->index_shards == 3);
  CHECK((*writer)->Stats()->articles == 24);
}

TEST_CASE("check: a damaged index shard is found, and rebuilt with its shards",
          "[writer][check]") {
  TempDir dir;
  const std::string archive = dir / "a";
  std::vector<std::string> ids = WriteArchive(archive, 3);
  const IndexSnapshot healthy = Snapshot(archive);
  const bool truncate = GENERATE(false, true);
  INFO("shard 1's postlist " << (truncate ? "cut in half" : "scribbled over"));
  DamageAndRepair(archive, ShardFolders(archive)[1] + "/postlist.glass", truncate, healthy);
  // The repaired index has its 3 shards, each article in its own; so has the commit
  // that RepairAndCompare made after it (it deleted n01).
  REQUIRE(ShardFolders(archive).size() == 3);
  ids.erase(std::find(ids.begin(), ids.end(), "n01"));
  CHECK(Misplaced(archive, ids).empty());
  CHECK(Misplaced(archive, {"n01"}) == std::vector<std::string>{"n01"});
  CheckReport after = Check(archive);
  INFO(Codes(after));
  CHECK(after.findings.empty());
  CHECK(after.index_documents == 23);
}

TEST_CASE("check: the archive is busy while a writer holds it", "[writer][check]") {
  TempDir dir;
  const std::string archive = dir / "a";
  WriterOptions options;
  auto writer = IndexWriter::OpenArchive(options, archive);
  REQUIRE(writer.ok());
  auto report = CheckArchive(archive, {});
  REQUIRE_FALSE(report.ok());
  CHECK(report.status().code() == StatusCode::kBusy);
  CHECK_THAT(report.status().message(), Catch::Contains("PID"));
  CHECK(CheckArchive(dir / "none", {}).status().code() == StatusCode::kNotFound);
}

TEST_CASE("check: a generation Xapian missed is a note, and repair replays it",
          "[writer][check]") {
  TempDir dir;
  const std::string archive = dir / "a";
  WriteArchive(archive);
  const std::string command = std::string("NEWSDEX_FAULT=after-store ") + NEWSDEX_INDEX_BIN +
                              " delete -a " + archive + " n02 n04 >/dev/null 2>&1";
  const int status = std::system(command.c_str());
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == 86);
  CheckReport report = Check(archive);
  INFO(Codes(report));
  CHECK(report.healthy());  // not damage
  REQUIRE(Find(report, "recovery-pending") != nullptr);
  CHECK(Find(report, "recovery-pending")->severity == CheckSeverity::kNote);
  CHECK(Find(report, "stray-in-index") == nullptr);  // n02, n04: in flight
  CHECK(report.index_generation == 2);
  CHECK(report.pending_generation == 3);

  auto repair = RepairArchive(archive, {});
  REQUIRE(repair.ok());
  CHECK(repair->action == "recovered");
  INFO(Codes(repair->after));
  CHECK(repair->after.findings.empty());
  CHECK(repair->after.index_documents == 22);
  CHECK(repair->after.committed_generation == 3);
}

TEST_CASE("check: a repair interrupted mid-swap is finished by the next open",
          "[writer][check]") {
  TempDir dir;
  const std::string archive = dir / "a";
  WriteArchive(archive);
  const IndexSnapshot healthy = Snapshot(archive);
  const ArchivePaths paths(archive);
  const std::string rebuilt = indexer::FinishedFolder(paths);
  fs::copy(paths.xapian, rebuilt);  // a complete rebuild, as step 2 leaves it
  {
    Xapian::WritableDatabase db(paths.xapian, Xapian::DB_OPEN);
    db.delete_document(IdTerm("n11"));  // the damaged index the rebuild replaces
    db.commit();
  }
  const int crash_after = GENERATE(2, 3);
  INFO("crash after step " << crash_after);
  if (crash_after == 3) fs::rename(paths.xapian, indexer::RetiredFolder(paths));
  fs::create_directories(indexer::RebuildFolder(paths));  // and a later, unfinished build

  { auto writer = IndexWriter::OpenArchive(WriterOptions{}, archive); REQUIRE(writer.ok()); }
  CHECK(fs::exists(paths.xapian));
  CHECK_FALSE(fs::exists(rebuilt));
  CHECK_FALSE(fs::exists(indexer::RetiredFolder(paths)));
  CHECK_FALSE(fs::exists(indexer::RebuildFolder(paths)));
  CheckReport report = Check(archive);
  INFO(Codes(report));
  CHECK(report.findings.empty());
  RequireSame(healthy, Snapshot(archive));
}

TEST_CASE("check: a check finishes an interrupted swap too, and says so", "[writer][check]") {
  TempDir dir;
  const std::string archive = dir / "a";
  WriteArchive(archive);
  const ArchivePaths paths(archive);
  fs::rename(paths.xapian, indexer::FinishedFolder(paths));
  CheckReport report = Check(archive);
  INFO(Codes(report));
  CHECK(report.healthy());
  REQUIRE(Find(report, "swap-finished") != nullptr);
  CHECK(report.index_documents == 24);
}

}  // namespace
}  // namespace newsdex
