// The three systems the query set runs against (search_runs.h: Open*Search).
#include <sqlite3.h>
#include <xapian.h>

#include "benchmarks/compare/search_runs.h"
#include "newsdex/searcher.h"

namespace newsdex::bench {
namespace {

class NewsdexSearch : public SearchSystem {
 public:
  NewsdexSearch(std::unique_ptr<Searcher> searcher, HitFields fields)
      : searcher_(std::move(searcher)), fields_(fields) {}
  std::string name() const override { return fields_ == HitFields::kIds ? "newsdex-ids" : "newsdex"; }
  bool Supports(const BenchQuery&) const override { return true; }
  std::uint64_t ArticleCount() const override { return searcher_->ArticleCount(); }

  bool Run(const BenchQuery& query, std::uint64_t* matches, std::string* error) override {
    SearchRequest request;  // the defaults newsdex-search uses: top 10 with snippets
    request.query = query.text;
    request.facets = query.facets;
    request.hit_fields = fields_;
    auto results = searcher_->Search(request);
    if (!results.ok()) {
      *error = results.status().ToString();
      return false;
    }
    *matches = results->total;
    return true;
  }

 private:
  std::unique_ptr<Searcher> searcher_;
  HitFields fields_;
};

// Raw Xapian's runner; with `texts`, the xapian-full system: each hit also gets its
// title and MSet::snippet() of its body, the texts looked up in memory.
class XapianSearch : public SearchSystem {
 public:
  XapianSearch(const std::string& path, std::shared_ptr<const ArticleTexts> texts)
      : db_(path), enquire_(db_), stemmer_("en"), texts_(std::move(texts)) {
    parser_.set_database(db_);
    parser_.set_stemmer(stemmer_);
    parser_.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    parser_.set_default_op(Xapian::Query::OP_AND);  // all words, as newsdex
  }
  std::string name() const override { return texts_ ? "xapian-full" : "xapian"; }
  bool Supports(const BenchQuery& q) const override { return IsSharedKind(q.kind); }
  std::uint64_t ArticleCount() const override { return db_.get_doccount(); }

  bool Run(const BenchQuery& query, std::uint64_t* matches, std::string* error) override {
    try {
      enquire_.set_query(parser_.parse_query(query.text, Xapian::QueryParser::FLAG_DEFAULT));
      Xapian::MSet mset = enquire_.get_mset(0, 10);
      for (auto it = mset.begin(); it != mset.end(); ++it) {
        data_ = it.get_document().get_data();
        if (texts_) ShowHit(mset);
      }
      *matches = mset.get_matches_estimated();
      return true;
    } catch (const Xapian::Error& e) {
      *error = e.get_description();
      return false;
    }
  }

 private:
  // What a results page shows of the hit whose id is data_: its title and a snippet of
  // its body as long as newsdex's, the query's words highlighted. No flags: the cheapest
  // snippet Xapian makes (the first good stretch, without the background model); its
  // default flags take about three times as long.
  void ShowHit(const Xapian::MSet& mset) {
    const auto text = texts_->find(data_);
    if (text == texts_->end()) return;
    title_ = text->second.title;
    snippet_ = mset.snippet(text->second.body, SearchRequest{}.snippet_bytes, stemmer_, /*flags=*/0);
  }

  Xapian::Database db_;
  Xapian::Enquire enquire_;
  Xapian::Stem stemmer_;
  Xapian::QueryParser parser_;
  std::shared_ptr<const ArticleTexts> texts_;  // null: ids alone
  std::string data_;                           // the last hit's data, read as a caller would
  std::string title_, snippet_;                // the last hit's, shown as a caller would
};

// FTS5's query syntax for a word, AND, OR or phrase query: every word quoted.
std::string Fts5Match(const BenchQuery& query) {
  std::string match;
  for (const std::string& word : query.words) {
    if (query.kind == "phrase") {
      match += match.empty() ? word : " " + word;
    } else {
      if (!match.empty()) match += query.kind == "or" ? " OR " : " ";
      match += "\"" + word + "\"";
    }
  }
  return query.kind == "phrase" ? "\"" + match + "\"" : match;
}

class Fts5Search : public SearchSystem {
 public:
  Fts5Search(sqlite3* db, sqlite3_stmt* select, std::uint64_t articles)
      : db_(db), select_(select), articles_(articles) {}
  ~Fts5Search() override {
    sqlite3_finalize(select_);
    sqlite3_close(db_);
  }
  std::string name() const override { return "fts5"; }
  bool Supports(const BenchQuery& q) const override { return IsSharedKind(q.kind); }
  std::uint64_t ArticleCount() const override { return articles_; }
  bool CountsMatches() const override { return false; }

  bool Run(const BenchQuery& query, std::uint64_t* matches, std::string* error) override {
    const std::string match = Fts5Match(query);
    sqlite3_bind_text(select_, 1, match.data(), static_cast<int>(match.size()), SQLITE_STATIC);
    std::uint64_t rows = 0;
    int step;
    while ((step = sqlite3_step(select_)) == SQLITE_ROW) {
      id_.assign(reinterpret_cast<const char*>(sqlite3_column_text(select_, 0)),
                 static_cast<std::size_t>(sqlite3_column_bytes(select_, 0)));
      ++rows;
    }
    sqlite3_reset(select_);
    if (step != SQLITE_DONE) {
      *error = std::string(sqlite3_errmsg(db_)) + " (MATCH " + match + ")";
      return false;
    }
    *matches = rows;  // rows returned: FTS5 does not count the matches
    return true;
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* select_;
  std::uint64_t articles_;
  std::string id_;
};

std::uint64_t CountRows(sqlite3* db) {
  sqlite3_stmt* count = nullptr;
  std::uint64_t rows = 0;
  if (sqlite3_prepare_v2(db, "SELECT count(*) FROM news", -1, &count, nullptr) == SQLITE_OK &&
      sqlite3_step(count) == SQLITE_ROW) {
    rows = static_cast<std::uint64_t>(sqlite3_column_int64(count, 0));
  }
  sqlite3_finalize(count);
  return rows;
}

}  // namespace

std::unique_ptr<SearchSystem> OpenNewsdexSearch(const std::string& archive, bool ids_only,
                                                const SearcherOptions& options,
                                                std::string* error) {
  auto searcher = Searcher::Open(options, archive);
  if (!searcher.ok()) {
    *error = searcher.status().ToString();
    return nullptr;
  }
  return std::make_unique<NewsdexSearch>(std::move(*searcher),
                                         ids_only ? HitFields::kIds : HitFields::kFull);
}

std::unique_ptr<SearchSystem> OpenXapianSearch(const std::string& database,
                                               std::shared_ptr<const ArticleTexts> texts,
                                               std::string* error) {
  try {
    return std::make_unique<XapianSearch>(database, std::move(texts));
  } catch (const Xapian::Error& e) {
    *error = e.get_description();
    return nullptr;
  }
}

std::unique_ptr<SearchSystem> OpenFts5Search(const std::string& file, std::string* error) {
  sqlite3* db = nullptr;
  sqlite3_stmt* select = nullptr;
  if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK ||
      sqlite3_prepare_v2(db, "SELECT id FROM news WHERE news MATCH ?1 ORDER BY rank LIMIT 10",
                         -1, &select, nullptr) != SQLITE_OK) {
    *error = file + ": " + sqlite3_errmsg(db);
    sqlite3_close(db);
    return nullptr;
  }
  return std::make_unique<Fts5Search>(db, select, CountRows(db));
}

}  // namespace newsdex::bench
