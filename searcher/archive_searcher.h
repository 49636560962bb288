// ArchiveSearcher: the Searcher of include/newsdex/searcher.h.
//
// Xapian objects must not be shared between threads, so each search borrows a Session
// (its own Xapian::Database and Analyzer) from a small pool and returns it afterwards.
// The document store (RocksDB, read-only) is shared. Reopen() moves every session to the
// newest commit the next time it is borrowed.
//
// Safe for concurrent use from many threads.
#ifndef NEWSDEX_SEARCHER_ARCHIVE_SEARCHER_H_
#define NEWSDEX_SEARCHER_ARCHIVE_SEARCHER_H_

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <xapian.h>

#include "common/archive/archive_layout.h"
#include "common/schema/document_data.h"
#include "common/store/document_store.h"
#include "common/text/analyzer.h"
#include "newsdex/searcher.h"
#include "common/query/query_parser.h"
#include "searcher/facet_columns.h"
#include "searcher/facets.h"
#include "searcher/names.h"

namespace newsdex::search {

class ArchiveSearcher final : public Searcher {
 public:
  static Result<std::unique_ptr<ArchiveSearcher>> OpenArchive(const SearcherOptions& options,
                                                              const std::string& path);
  ~ArchiveSearcher() override;

  Result<SearchResults> Search(const SearchRequest& request) const override;
  Result<std::vector<NameInfo>> Names(const NamesRequest& request) const override;
  Result<CooccurrenceResults> Cooccurring(const CooccurrenceRequest& request) const override;
  Result<TimelineResults> Timeline(const TimelineRequest& request) const override;
  Result<std::vector<TopicInfo>> Topics() const override;

  Result<TermsResult> Terms(const TermsRequest& request) const override;
  Result<TrendsResult> Trends(const TrendsRequest& request) const override;
  Status Reopen() override;
  std::uint64_t ArticleCount() const override;

  const Manifest& manifest() const { return manifest_; }

 private:
  struct Session {
    Xapian::Database db;                  // every shard of the index, as one
    std::vector<Xapian::Database> shards;  // each shard (sharing db's handles)
    text::Analyzer analyzer{text::AnalyzerOptions{.emit_joined = false}};
    std::uint64_t epoch = 0;
    Xapian::rev revision = 0;  // of db (summed over shards), when last (re)opened
    IndexVersion version;      // of db: what facet columns are loaded for
    // The registry's answers for `revision`: the names hits and facets show.
    NameCache names;
    // Per value slot, the values its facets have counted for `revision` (kept with
    // `names`: an entity table remembers which name each key is counted under).
    std::unordered_map<unsigned, FacetValueTable> facet_values;
    // How `revision` holds publication days, for date: ranges.
    query::PublishedDays published;
  };
  // Returns a session to the pool when it goes out of scope.
  class SessionLease;

  ArchiveSearcher(const SearcherOptions& options, const std::string& path);
  Result<std::unique_ptr<Session>> NewSession() const;
  // Notes the revision `session` reads now (after opening or reopening it).
  void NoteRevision(Session* session) const;
  Result<SessionLease> Borrow() const;
  void Return(std::unique_ptr<Session> session) const;
  std::shared_ptr<DocumentStore> store() const;
  std::shared_ptr<const query::QueryParser> parser() const;
  Result<SearchResults> SearchOnce(const SearchRequest& request, Session* session) const;
  // request.query parsed, restricted by request.filters (which add nothing else).
  Result<query::ParsedQuery> BuildQuery(const SearchRequest& request, Session* session) const;
  void FillNames(const Xapian::Document& doc, const DocumentData& data,
                 const DocumentStore& store, Session* session, Hit* hit) const;
  void FillTopics(const Article& article, const DocumentStore& store, Session* session,
                  Hit* hit) const;
  // Runs fn(session) with DatabaseModifiedError retries, as Search does.
  template <typename T, typename Fn>
  Result<T> WithSession(Fn&& fn) const;
  void FillHit(const Xapian::MSetIterator& it,
               const std::unordered_set<std::string>& highlight_terms,
               std::size_t snippet_bytes, const DocumentStore& store, HitFields fields,
               Session* session, Hit* hit) const;

  // Counts the matches `docids` (ascending, as MatchedDocuments gives them) into `spy`.
  void CountFacet(const std::vector<Xapian::docid>& docids, Session* session,
                  FacetSpy* spy) const;

  SearcherOptions options_;
  ArchivePaths paths_;
  Manifest manifest_;
  std::shared_ptr<const query::QueryParser> parser_;           // GUARDED_BY(mu_)
  std::atomic<std::uint64_t> epoch_{0};
  // The newest revision any session has read: a session behind it is moved forward
  // before use, so that no search answers from an older commit than one already did.
  mutable std::atomic<Xapian::rev> newest_revision_{0};
  mutable std::mutex mu_;
  mutable std::vector<std::unique_ptr<Session>> pool_;  // GUARDED_BY(mu_)
  std::shared_ptr<DocumentStore> store_;                // GUARDED_BY(mu_)
  mutable FacetColumns facet_columns_;  // thread-safe
};

}  // namespace newsdex::search

#endif  // NEWSDEX_SEARCHER_ARCHIVE_SEARCHER_H_
