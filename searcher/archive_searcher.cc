#include "searcher/archive_searcher.h"

#include <chrono>
#include <cmath>
#include <sstream>
#include <unordered_set>

#include "common/archive/index_shards.h"
#include "common/document/article_codec.h"
#include "common/schema/document_data.h"
#include "common/schema/entity_fields.h"
#include "common/status/xapian_status.h"
#include "common/query/entity_resolver.h"
#include "common/topics/article_topics.h"
#include "searcher/date_walk.h"
#include "searcher/facets.h"
#include "searcher/key_terms.h"
#include "searcher/names.h"
#include "searcher/ranking/recency_boost.h"
#include "searcher/snippets.h"
#include "searcher/timeline.h"
#include "searcher/topics.h"
#include "searcher/trends.h"

namespace newsdex {

Result<std::unique_ptr<Searcher>> Searcher::Open(const SearcherOptions& options,
                                                 const std::string& path) {
  auto searcher = search::ArchiveSearcher::OpenArchive(options, path);
  if (!searcher.ok()) return searcher.status();
  return std::unique_ptr<Searcher>(std::move(searcher).value());
}

Searcher::~Searcher() = default;

namespace search {
namespace {

// Attempts at a search when the index changes underneath it.
constexpr int kModifiedRetries = 3;

struct DateFacet {
  std::string_view name;
  std::size_t prefix_bytes;
};
constexpr DateFacet kDateFacets[] = {{"year", 4}, {"month", 6}, {"day", 8}};

// "198703" -> "1987-03", "19870302" -> "1987-03-02".
std::string DisplayDatePrefix(const std::string& v) {
  std::string out = v.substr(0, 4);
  if (v.size() >= 6) out += "-" + v.substr(4, 2);
  if (v.size() >= 8) out += "-" + v.substr(6, 2);
  return out;
}

struct FacetRequest {
  std::string name;
  std::unique_ptr<FacetSpy> spy;
  bool is_date = false;
  std::optional<text::EntityKind> entity;  // person, org, place: counted by entity
};

// The total, its bounds and whether it is exact, from `mset`'s counts and a number of
// matches known to exist.
void SetTotal(const Xapian::MSet& mset, std::uint64_t found, SearchResults* results) {
  results->total_lower = std::max<std::uint64_t>(mset.get_matches_lower_bound(), found);
  results->total_upper =
      std::max<std::uint64_t>(mset.get_matches_upper_bound(), results->total_lower);
  results->total = std::clamp<std::uint64_t>(mset.get_matches_estimated(), results->total_lower,
                                             results->total_upper);
  results->exact = results->total_lower == results->total_upper;
}

using FacetTables = std::unordered_map<unsigned, FacetValueTable>;

// The session's table of `slot`'s facet values, started afresh when it has grown past
// a few megabytes (between searches: no spy holds its numbers then).
FacetValueTable* FacetValuesOf(unsigned slot, FacetTables* tables) {
  constexpr std::size_t kMaxFacetValues = 1 << 17;
  FacetValueTable& table = (*tables)[slot];
  if (table.size() > kMaxFacetValues) table.Clear();
  return &table;
}

// A spy for each facet named, counting into `tables`; InvalidArgument for an unknown name.
Result<std::vector<FacetRequest>> FacetRequestsFor(const std::vector<std::string>& names,
                                                   const Schema& schema, FacetTables* tables) {
  std::vector<FacetRequest> facets;
  for (const std::string& name : names) {
    FacetRequest facet{name, nullptr, false, std::nullopt};
    for (const DateFacet& d : kDateFacets) {
      if (d.name == name) {
        facet.spy = std::make_unique<FacetSpy>(kSlotPublished, d.prefix_bytes,
                                               FacetValuesOf(kSlotPublished, tables));
        facet.is_date = true;
      }
    }
    if (!facet.spy) {
      const FieldSpec* field = schema.FindByFacet(name);
      if (field == nullptr || field->slot == kNoSlot) {
        return Status::InvalidArgument("unknown facet '" + name +
                                       "'; known: topic person org place source section lang "
                                       "author year month day");
      }
      facet.spy = std::make_unique<FacetSpy>(field->slot, 0, FacetValuesOf(field->slot, tables));
      facet.entity = EntityKindOf(*field);
    }
    facets.push_back(std::move(facet));
  }
  return facets;
}

std::vector<std::string> SplitFacetList(const std::string& list) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < list.size()) {
    std::size_t end = list.find(kFacetSeparator, start);
    if (end == std::string::npos) end = list.size();
    if (end > start) out.push_back(list.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

}  // namespace

class ArchiveSearcher::SessionLease {
 public:
  SessionLease(const ArchiveSearcher* owner, std::unique_ptr<Session> session)
      : owner_(owner), session_(std::move(session)) {}
  SessionLease(SessionLease&&) = default;
  ~SessionLease() {
    if (session_) owner_->Return(std::move(session_));
  }
  Session* get() { return session_.get(); }

 private:
  const ArchiveSearcher* owner_;
  std::unique_ptr<Session> session_;
};

ArchiveSearcher::ArchiveSearcher(const SearcherOptions& options, const std::string& path)
    : options_(options), paths_(path), facet_columns_(options.facet_cache_bytes) {}

ArchiveSearcher::~ArchiveSearcher() = default;

Result<std::unique_ptr<ArchiveSearcher>> ArchiveSearcher::OpenArchive(
    const SearcherOptions& options, const std::string& path) {
  Status s = CheckArchiveFolder(path, /*create=*/false, /*need_write=*/false);
  if (!s.ok()) return s;
  Result<Manifest> manifest = ReadManifest(path);
  if (!manifest.ok()) return manifest.status();
  std::unique_ptr<ArchiveSearcher> searcher(new ArchiveSearcher(options, path));
  searcher->manifest_ = std::move(manifest).value();
  s = searcher->Reopen();
  if (!s.ok()) return s;
  // Open one session now so that a damaged index is reported by Open(), not Search().
  Result<SessionLease> lease = searcher->Borrow();
  if (!lease.ok()) return lease.status();
  return searcher;
}

namespace {

// The archive's default language first, then the others its writer recorded.
Result<std::vector<std::string>> ReadLanguages(const std::string& xapian_path,
                                               const std::string& default_language) {
  std::vector<std::string> languages = {default_language};
  try {
    Result<std::vector<std::string>> shards = IndexShardFolders(xapian_path);
    if (!shards.ok()) return shards.status();
    // Every shard records the same languages.
    std::stringstream recorded(Xapian::Database(shards->front()).get_metadata("languages"));
    for (std::string language; std::getline(recorded, language, ',');) {
      if (!language.empty() && language != default_language) languages.push_back(language);
    }
  } catch (const Xapian::Error& e) {
    return FromXapian(e, xapian_path);
  }
  return languages;
}

}  // namespace

Status ArchiveSearcher::Reopen() {
  StoreOptions store_options;
  store_options.read_only = true;
  Result<std::unique_ptr<DocumentStore>> store = DocumentStore::Open(paths_.store, store_options);
  if (!store.ok()) return store.status();
  Result<std::vector<std::string>> languages =
      ReadLanguages(paths_.xapian, manifest_.schema.default_language());
  if (!languages.ok()) return languages.status();
  auto parser = std::make_shared<const query::QueryParser>(manifest_.schema, options_,
                                                    std::move(languages).value());
  std::lock_guard<std::mutex> lock(mu_);
  store_ = std::move(store).value();
  parser_ = std::move(parser);
  epoch_.fetch_add(1);
  return Status::Ok();
}

std::shared_ptr<const query::QueryParser> ArchiveSearcher::parser() const {
  std::lock_guard<std::mutex> lock(mu_);
  return parser_;
}

std::shared_ptr<DocumentStore> ArchiveSearcher::store() const {
  std::lock_guard<std::mutex> lock(mu_);
  return store_;
}

Result<std::unique_ptr<ArchiveSearcher::Session>> ArchiveSearcher::NewSession() const {
  auto session = std::make_unique<Session>();
  Result<std::vector<std::string>> folders = IndexShardFolders(paths_.xapian);
  if (!folders.ok()) return folders.status();
  try {
    session->db = OpenIndexShards(*folders, &session->shards);
    session->epoch = epoch_.load();
    NoteRevision(session.get());
  } catch (const Xapian::Error& e) {
    return FromXapian(e, paths_.xapian);
  }
  return session;
}

void ArchiveSearcher::NoteRevision(Session* session) const {
  const Xapian::rev revision = IndexRevision(session->shards);
  if (revision != session->revision) {
    session->names.Clear();
    session->facet_values.clear();
    session->published = query::PublishedDaysIn(session->db);
  }
  session->revision = revision;
  session->version = {revision, session->db.get_lastdocid(), session->db.get_doccount()};
  Xapian::rev newest = newest_revision_.load();
  while (session->revision > newest &&
         !newest_revision_.compare_exchange_weak(newest, session->revision)) {
  }
}

Result<ArchiveSearcher::SessionLease> ArchiveSearcher::Borrow() const {
  std::unique_ptr<Session> session;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!pool_.empty()) {
      session = std::move(pool_.back());
      pool_.pop_back();
    }
  }
  if (!session) {
    Result<std::unique_ptr<Session>> fresh = NewSession();
    if (!fresh.ok()) return fresh.status();
    session = std::move(fresh).value();
  } else if (session->epoch != epoch_.load() || session->revision < newest_revision_.load()) {
    try {
      session->epoch = epoch_.load();
      session->db.reopen();
      NoteRevision(session.get());
    } catch (const Xapian::Error& e) {
      return FromXapian(e, paths_.xapian);
    }
  }
  return SessionLease(this, std::move(session));
}

void ArchiveSearcher::Return(std::unique_ptr<Session> session) const {
  std::lock_guard<std::mutex> lock(mu_);
  pool_.push_back(std::move(session));
}

std::uint64_t ArchiveSearcher::ArticleCount() const {
  Result<SessionLease> lease = Borrow();
  if (!lease.ok()) return 0;
  try {
    return lease->get()->db.get_doccount();
  } catch (const Xapian::Error&) {
    return 0;
  }
}

Result<query::ParsedQuery> ArchiveSearcher::BuildQuery(const SearchRequest& request,
                                                       Session* session) const {
  std::shared_ptr<const query::QueryParser> parser = this->parser();
  std::shared_ptr<DocumentStore> store = this->store();
  const query::RegistryResolver resolver(*store);
  Result<query::ParsedQuery> parsed = parser->Parse(request.query, &session->analyzer, &resolver,
                                                    request.as_of, session->published);
  if (!parsed.ok()) return parsed.status();
  for (const std::string& filter : request.filters) {
    Result<query::ParsedQuery> f = parser->Parse(filter, &session->analyzer, &resolver, request.as_of,
                                                  session->published);
    if (!f.ok()) return f.status().WithContext("filter '" + filter + "'");
    parsed->query = Xapian::Query(Xapian::Query::OP_FILTER, parsed->query, f->query);
    if (f->published_within) {
      parsed->published_within = parsed->published_within
                                     ? parsed->published_within->Overlap(*f->published_within)
                                     : f->published_within;
    }
  }
  return parsed;
}

void ArchiveSearcher::FillHit(const Xapian::MSetIterator& it,
                              const std::unordered_set<std::string>& highlight_terms,
                              std::size_t snippet_bytes, const DocumentStore& store,
                              HitFields fields, Session* session, Hit* hit) const {
  hit->score = it.get_weight();
  const Xapian::Document doc = it.get_document();
  const std::string data = doc.get_data();
  const DocumentData decoded = DecodeDocumentData(data);
  hit->id = decoded.id;
  if (fields == HitFields::kIds) return;
  Result<std::optional<std::string>> stored = store.GetDocument(hit->id);
  if (!stored.ok() || !stored->has_value()) return;  // deleted since: show the id only
  Result<Article> article = DecodeArticle(**stored);
  if (!article.ok()) return;
  hit->title = article->title;
  hit->published = article->published;
  hit->source = article->source;
  hit->section = article->section;
  hit->byline = article->byline;
  hit->url = article->url;
  hit->language = article->language;
  hit->topics = article->topics;
  FillTopics(*article, store, session, hit);
  FillNames(doc, decoded, store, session, hit);
  hit->extra_json = article->extra_json;
  if (snippet_bytes == 0) return;
  const std::string& language = article->language.empty()
                                    ? manifest_.schema.default_language()
                                    : article->language;
  const std::string& text = article->body.empty() ? article->title : article->body;
  Snippet snippet =
      MakeSnippet(text, highlight_terms, snippet_bytes, &session->analyzer, language);
  hit->snippet = std::move(snippet.text);
  hit->highlights = std::move(snippet.highlights);
}

// The topics of a hit with their origins: the given ones from the article, the derived
// ones from the store.
void ArchiveSearcher::FillTopics(const Article& article, const DocumentStore& store,
                                 Session* session, Hit* hit) const {
  std::vector<std::string> given;
  for (const std::string& topic : article.topics) given.push_back(session->analyzer.FoldValue(topic));
  if (manifest_.schema.section_is_topic() && !article.section.empty()) {
    given.push_back(session->analyzer.FoldValue(article.section));
  }
  std::erase(given, std::string());
  Result<std::string> row = store.GetArticleTopics(hit->id);
  Result<std::vector<TopicTag>> derived =
      row.ok() ? topics::DecodeDerivedTopics(*row) : Result<std::vector<TopicTag>>(row.status());
  hit->topic_tags = topics::MergeTopics(given, derived.ok() ? *derived : std::vector<TopicTag>{});
}

// The names of a hit: the entities the article names (found in its text or given by
// its source), as the registry names them.
// The keys come from the hit-names slot (one read), the document data of archives that
// kept them there, or the three facet slots of archives older still.
void ArchiveSearcher::FillNames(const Xapian::Document& doc, const DocumentData& data,
                                const DocumentStore& store, Session* session, Hit* hit) const {
  std::optional<EntityKeyViews> lists = data.names;
  std::string hit_names;
  if (!lists) {
    hit_names = doc.get_value(kSlotHitNames);
    lists = DecodeHitNames(hit_names);
  }
  for (const FieldSpec& field : manifest_.schema.fields()) {
    const std::optional<text::EntityKind> kind = EntityKindOf(field);
    if (!kind || field.slot == kNoSlot) continue;
    std::vector<std::string>* names = *kind == text::EntityKind::kPerson ? &hit->people
                                      : *kind == text::EntityKind::kOrg  ? &hit->orgs
                                                                         : &hit->places;
    const std::string keys = lists ? std::string((*lists)[static_cast<int>(*kind)])
                                   : doc.get_value(field.slot);
    for (const std::string& key : SplitFacetList(keys)) {
      names->push_back(session->names.Name(store, *kind, key));
    }
  }
}

namespace {

std::int64_t NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// `query` with each dated match gaining up to the query's best possible relevance (1
// for a query of filters alone), halved per half-life from the as-of moment.
Xapian::Query WithRecencyOf(const Xapian::Query& query, const SearchRequest& request,
                            const Xapian::Database& db) {
  Xapian::Enquire probe(db);
  probe.set_query(query);
  double scale = probe.get_mset(0, 0).get_max_possible();
  if (!(scale > 0)) scale = 1;
  auto boost = std::make_unique<RecencyBoost>(kSlotPublished, request.as_of.value_or(NowSeconds()),
                                              request.recency_half_life_days, scale);
  return WithRecency(query, std::move(boost));
}

}  // namespace

Result<SearchResults> ArchiveSearcher::SearchOnce(const SearchRequest& request,
                                                  Session* session) const {
  Result<query::ParsedQuery> parsed = BuildQuery(request, session);
  if (!parsed.ok()) return parsed.status();
  const Xapian::Query& query = parsed->query;

  if (!std::isfinite(request.recency_half_life_days) || request.recency_half_life_days < 0) {
    return Status::InvalidArgument("the recency half-life must be a positive number of days");
  }
  Xapian::Enquire enquire(session->db);
  SortOrder sort = request.sort;
  const bool recency = request.recency_half_life_days > 0 && sort == SortOrder::kRelevance;
  enquire.set_query(recency ? WithRecencyOf(query, request, session->db) : query);
  // With nothing to rank by, the newest articles come first.
  if (sort == SortOrder::kRelevance && parsed->filter_only && !recency) sort = SortOrder::kNewest;
  if (sort == SortOrder::kNewest) {
    enquire.set_sort_by_value_then_relevance(kSlotPublished, /*reverse=*/true);
  } else if (sort == SortOrder::kOldest) {
    enquire.set_sort_by_value_then_relevance(kSlotPublished, /*reverse=*/false);
  }

  Result<std::vector<FacetRequest>> requested =
      FacetRequestsFor(request.facets, manifest_.schema, &session->facet_values);
  if (!requested.ok()) return requested.status();
  std::vector<FacetRequest>& facets = *requested;
  // Facets are counted after the match, a slot at a time or from facet columns
  // (searcher/facets.h says why), on an index of one shard; on several, as the matcher
  // meets each document (MatchedDocuments says why).
  const bool count_after_match = session->shards.size() == 1;
  MatchedDocuments matched;
  if (!facets.empty() && count_after_match) enquire.add_matchspy(&matched);
  for (const FacetRequest& f : facets) {
    if (!count_after_match) enquire.add_matchspy(f.spy.get());
  }

  const auto wanted = static_cast<Xapian::doccount>(request.offset + request.limit);
  // Sorted by date with nothing else needing every match: walk the days in that order.
  std::optional<SlicedHits> sliced;
  if (sort != SortOrder::kRelevance && facets.empty() && !request.exact_counts &&
      request.limit > 0) {
    sliced = WalkDates(session->db, query, session->published, parsed->published_within,
                       sort == SortOrder::kNewest ? DateOrder::kNewestFirst
                                                  : DateOrder::kOldestFirst,
                       wanted);
  }
  const Xapian::doccount doccount = session->db.get_doccount();
  Xapian::doccount check_at_least = wanted;
  // Sorting by date visits every match anyway, so an exact count costs almost nothing.
  if (request.exact_counts || sort != SortOrder::kRelevance) check_at_least = doccount;
  else if (!facets.empty()) check_at_least = std::max<Xapian::doccount>(check_at_least, 10000);

  const Xapian::MSet mset = sliced ? sliced->counts
                                   : enquire.get_mset(static_cast<Xapian::doccount>(request.offset),
                                                      static_cast<Xapian::doccount>(request.limit),
                                                      check_at_least);
  SearchResults results;
  // Sliced hits come with an estimate, whose lower bound is at least the hits found.
  SetTotal(mset, sliced ? sliced->hits : 0, &results);
  results.query_description = query.get_description();

  std::shared_ptr<DocumentStore> store = this->store();
  const std::unordered_set<std::string> terms(parsed->highlight_terms.begin(),
                                             parsed->highlight_terms.end());
  std::size_t skip = sliced ? request.offset : 0;  // sliced hits start at the first match
  auto add_hits = [&](const Xapian::MSet& from) {
    for (Xapian::MSetIterator it = from.begin(); it != from.end(); ++it) {
      if (skip > 0) {
        --skip;
        continue;
      }
      Hit hit;
      FillHit(it, terms, request.snippet_bytes, *store, request.hit_fields, session, &hit);
      hit.rank = request.offset + results.hits.size();
      results.hits.push_back(std::move(hit));
    }
  };
  if (sliced) {
    for (const Xapian::MSet& slice : sliced->slices) add_hits(slice);
  } else {
    add_hits(mset);
  }
  for (const FacetRequest& f : facets) {
    if (count_after_match) CountFacet(matched.docids(), session, f.spy.get());
    Facet facet;
    facet.name = f.name;
    facet.exact = results.exact && f.spy->documents_seen() == results.total;
    if (f.entity) {
      facet.values = EntityFacetValues(*store, *f.entity, f.spy.get(), request.facet_limit,
                                       &session->names);
    } else {
      for (auto& [value, count] : f.spy->Top(request.facet_limit)) {
        facet.values.push_back({f.is_date ? DisplayDatePrefix(value) : value, count, ""});
      }
    }
    results.facets.push_back(std::move(facet));
  }
  return results;
}

void ArchiveSearcher::CountFacet(const std::vector<Xapian::docid>& docids, Session* session,
                                 FacetSpy* spy) const {
  std::shared_ptr<const FacetColumn> column = facet_columns_.Find(
      session->db, session->version, spy->slot(), spy->prefix_bytes(), docids.size());
  if (column) {
    spy->CountColumn(column, docids);
  } else {
    spy->CountDocuments(session->db, docids);
  }
}

template <typename T, typename Fn>
Result<T> ArchiveSearcher::WithSession(Fn&& fn) const {
  Result<SessionLease> lease = Borrow();
  if (!lease.ok()) return lease.status();
  Session* session = lease->get();
  for (int attempt = 0;; ++attempt) {
    try {
      return fn(session);
    } catch (const Xapian::DatabaseModifiedError& e) {
      // A writer committed twice while we read: move to its newest commit and retry.
      if (attempt + 1 >= kModifiedRetries) return FromXapian(e, paths_.xapian);
      try {
        session->db.reopen();
        NoteRevision(session);
      } catch (const Xapian::Error& reopen_error) {
        return FromXapian(reopen_error, paths_.xapian);
      }
    } catch (const Xapian::Error& e) {
      return FromXapian(e, paths_.xapian);
    }
  }
}

Result<SearchResults> ArchiveSearcher::Search(const SearchRequest& request) const {
  const auto start = std::chrono::steady_clock::now();
  Result<SearchResults> results = WithSession<SearchResults>(
      [&](Session* session) { return SearchOnce(request, session); });
  if (results.ok()) {
    results->elapsed_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  }
  return results;
}

Result<std::vector<NameInfo>> ArchiveSearcher::Names(const NamesRequest& request) const {
  return ListNames(*store(), request);
}

Result<CooccurrenceResults> ArchiveSearcher::Cooccurring(const CooccurrenceRequest& request) const {
  return WithSession<CooccurrenceResults>([&](Session* session) -> Result<CooccurrenceResults> {
    SearchRequest search;
    search.query = request.query;
    Result<query::ParsedQuery> query = BuildQuery(search, session);
    if (!query.ok()) return query.status();
    std::vector<std::pair<text::EntityKind, std::string>> query_keys;
    for (const query::NameExpansion& name : query->names) {
      for (const std::string& key : name.keys) query_keys.emplace_back(name.kind, key);
    }
    return RankCooccurring(session->db, query->query, manifest_.schema, *store(), query_keys,
                           request);
  });
}

Result<TimelineResults> ArchiveSearcher::Timeline(const TimelineRequest& request) const {
  return WithSession<TimelineResults>([&](Session* session) -> Result<TimelineResults> {
    SearchRequest search;
    search.query = request.query;
    search.filters = request.filters;
    search.as_of = request.as_of;
    Result<query::ParsedQuery> query = BuildQuery(search, session);
    if (!query.ok()) return query.status();
    return CountTimeline(session->db, query->query, request);
  });
}

Result<std::vector<TopicInfo>> ArchiveSearcher::Topics() const {
  return WithSession<std::vector<TopicInfo>>(
      [&](Session* session) -> Result<std::vector<TopicInfo>> { return ListTopics(session->db); });
}

Result<TermsResult> ArchiveSearcher::Terms(const TermsRequest& request) const {
  if (request.query.empty()) return Status::InvalidArgument("terms needs a query");
  return WithSession<TermsResult>([&](Session* session) -> Result<TermsResult> {
    SearchRequest search;
    search.query = request.query;
    search.as_of = request.as_of;
    Result<query::ParsedQuery> query = BuildQuery(search, session);
    if (!query.ok()) return query.status();
    const KeyTermSample sample{session->db, query->query, query->filter_only};
    return FindKeyTerms(sample, manifest_.schema, *store(), &session->analyzer, request);
  });
}

Result<TrendsResult> ArchiveSearcher::Trends(const TrendsRequest& request) const {
  return WithSession<TrendsResult>([&](Session* session) -> Result<TrendsResult> {
    SearchRequest search;
    search.query = request.query;
    search.as_of = request.as_of;
    Result<query::ParsedQuery> query = BuildQuery(search, session);
    if (!query.ok()) return query.status();
    return FindTrends(session->db, query->query, request);
  });
}

}  // namespace search
}  // namespace newsdex
