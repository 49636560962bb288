// The baselines' indexers (baseline_indexers.h).
#include "benchmarks/compare/baseline_indexers.h"

#include <cstdio>

#include <sqlite3.h>
#include <xapian.h>

#include "benchmarks/compare/corpus_files.h"
#include "benchmarks/compare/raw_xapian_document.h"

namespace newsdex::bench {
namespace {

int ReadFailed(const char* system, const std::string& error) {
  std::fprintf(stderr, "compare_bench: %s indexer: %s\n", system, error.c_str());
  return 2;
}

int SqliteFailed(sqlite3* db, const char* what) {
  std::fprintf(stderr, "compare_bench: fts5 indexer: %s: %s\n", what, sqlite3_errmsg(db));
  sqlite3_close(db);
  return 2;
}

bool Exec(sqlite3* db, const char* sql) {
  return sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
}

}  // namespace

int IndexWithXapian(const std::vector<std::string>& files, const std::string& out) {
  try {
    Xapian::WritableDatabase db(out, Xapian::DB_CREATE_OR_OVERWRITE);
    Xapian::TermGenerator generator;
    generator.set_stemmer(Xapian::Stem("en"));
    std::string error;
    const bool read = ForEachArticle(
        files,
        [&](Article&& article) { db.add_document(RawXapianDocument(article, &generator)); },
        nullptr, &error);
    if (!read) return ReadFailed("xapian", error);
    db.commit();
  } catch (const Xapian::Error& e) {
    return ReadFailed("xapian", e.get_description());
  }
  return 0;
}

int IndexWithFts5(const std::vector<std::string>& files, const std::string& out) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(out.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                      nullptr) != SQLITE_OK) {
    return SqliteFailed(db, out.c_str());
  }
  if (!Exec(db, kFts5Schema)) return SqliteFailed(db, "create table");
  if (!Exec(db, "BEGIN")) return SqliteFailed(db, "begin");
  sqlite3_stmt* insert = nullptr;
  if (sqlite3_prepare_v2(db, "INSERT INTO news(id, title, body) VALUES (?1, ?2, ?3)", -1,
                         &insert, nullptr) != SQLITE_OK) {
    return SqliteFailed(db, "prepare insert");
  }
  bool inserted = true;
  std::string error;
  const bool read = ForEachArticle(
      files,
      [&](Article&& article) {
        sqlite3_bind_text(insert, 1, article.id.data(), static_cast<int>(article.id.size()),
                          SQLITE_STATIC);
        sqlite3_bind_text(insert, 2, article.title.data(),
                          static_cast<int>(article.title.size()), SQLITE_STATIC);
        sqlite3_bind_text(insert, 3, article.body.data(),
                          static_cast<int>(article.body.size()), SQLITE_STATIC);
        if (sqlite3_step(insert) != SQLITE_DONE) inserted = false;
        sqlite3_reset(insert);
      },
      nullptr, &error);
  sqlite3_finalize(insert);
  if (!read) {
    sqlite3_close(db);
    return ReadFailed("fts5", error);
  }
  if (!inserted) return SqliteFailed(db, "insert");
  if (!Exec(db, "COMMIT")) return SqliteFailed(db, "commit");
  return sqlite3_close(db) == SQLITE_OK ? 0 : 2;
}

}  // namespace newsdex::bench
