#include "indexer/xapian_in_child.h"

#include <filesystem>
#include <fstream>
#include <string>

#include <catch2/catch.hpp>
#include <xapian.h>

#include "support/temp_dir.h"

namespace newsdex::indexer {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

// A small index of made-up wire items, each with terms, a value and data.
void WriteIndex(const std::string& folder, int documents) {
  Xapian::WritableDatabase db(folder, Xapian::DB_CREATE_OR_OVERWRITE);
  for (int i = 0; i < documents; ++i) {
    Xapian::Document doc;
    doc.add_term("Qwire-" + std::to_string(i));
    doc.add_term("harbour", 2);
    doc.add_term("strike" + std::to_string(i % 7), 3);
    doc.add_value(1, "2026-12-0" + std::to_string(i % 9));
    doc.set_data("item " + std::to_string(i));
    db.add_document(doc);
  }
  db.commit();
}

TEST_CASE("child check: a sound index passes, with Xapian's report", "[writer][check]") {
  TempDir dir;
  WriteIndex(dir / "x", 300);
  const StructureCheck check = CheckStructureInChild(dir / "x", /*every_document=*/true);
  CHECK(check.ok());
  CHECK(check.errors == 0);
  CHECK(check.stopped.empty());
  CHECK_THAT(check.report, Catch::Contains("postlist table structure checked OK"));
}

TEST_CASE("child check: a missing index is an answer, not a crash", "[writer][check]") {
  TempDir dir;
  const StructureCheck check = CheckStructureInChild(dir / "absent");
  CHECK_FALSE(check.ok());
  CHECK_FALSE(check.stopped.empty());
  CHECK_THAT(check.stopped, !Catch::Contains("crashed"));  // Xapian's own error
}

TEST_CASE("child check: a scribbled table fails and the caller lives on", "[writer][check]") {
  TempDir dir;
  WriteIndex(dir / "x", 2000);
  const std::string table = dir / "x/postlist.glass";
  const auto size = fs::file_size(table);
  {
    std::fstream f(table, std::ios::in | std::ios::out | std::ios::binary);
    std::string junk(2048, '\0');
    for (std::size_t i = 0; i < junk.size(); ++i) junk[i] = static_cast<char>(i * 13);
    for (std::uintmax_t block = 0; block < size; block += 8192) {
      f.seekp(static_cast<std::streamoff>(block + 32));
      f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
    }
  }
  const StructureCheck check = CheckStructureInChild(dir / "x");
  CHECK_FALSE(check.ok());
  // However Xapian reacted (counted errors, threw, or crashed), it is said in words.
  CHECK((check.errors > 0 || !check.stopped.empty()));
  // And compaction of the same tables fails in its child, not here.
  CHECK_FALSE(CompactInChild(dir / "x", dir / "copy").ok());
}

// Xapian's check passes an index without a term list table (the table is optional), so
// only reading every document finds that the documents' term lists are gone.
TEST_CASE("child check: reading every document finds term lists Xapian's check passes",
          "[writer][check]") {
  TempDir dir;
  WriteIndex(dir / "x", 40);
  fs::remove(dir / "x/termlist.glass");
  CHECK(CheckStructureInChild(dir / "x").ok());
  const StructureCheck check = CheckStructureInChild(dir / "x", /*every_document=*/true);
  CHECK_FALSE(check.ok());
  CHECK(check.errors == 40);
  CHECK_THAT(check.report, Catch::Contains("document 1: "));
}

TEST_CASE("child compaction: the copy keeps every document and its id", "[writer][check]") {
  TempDir dir;
  WriteIndex(dir / "x", 500);
  {
    Xapian::WritableDatabase db(dir / "x", Xapian::DB_OPEN);
    db.delete_document(7);
    db.commit();
  }
  REQUIRE(CompactInChild(dir / "x", dir / "copy").ok());
  Xapian::Database copy(dir / "copy");
  CHECK(copy.get_doccount() == 499);
  CHECK(copy.get_lastdocid() == 500);
  CHECK(copy.get_document(8).get_data() == "item 7");
  CHECK(copy.postlist_begin("Qwire-0") != copy.postlist_end("Qwire-0"));
  const Status refused = CompactInChild(dir / "absent", dir / "copy2");
  CHECK_FALSE(refused.ok());
  CHECK_THAT(refused.ToString(), Catch::Contains("absent"));
}

}  // namespace
}  // namespace newsdex::indexer
