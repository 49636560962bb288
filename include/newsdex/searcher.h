// Searcher: answers queries in newsdex's query language against an archive.
//
//   auto searcher = newsdex::Searcher::Open(newsdex::SearcherOptions{}, "newsdex-archive");
//   newsdex::SearchRequest request; request.query = "person:putin date:2023-10";
//   auto results = (*searcher)->Search(request);  // results->hits, ->total, ->facets
//
// Query language: words (all required, BM25), OR, AND, NOT, +word, -word, ( ),
// "phrases", a NEAR/5 b, field:word, field:"phrase", field:(...), word*, and
// date:2023 | 2023-10 | 2023-10-16 | A..B | ..B | A.. ; fields: title body author source
// section lang id person org place name topic date exact.
#ifndef NEWSDEX_SEARCHER_H_
#define NEWSDEX_SEARCHER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "newsdex/document.h"
#include "newsdex/export.h"
#include "newsdex/options.h"
#include "newsdex/status.h"

namespace newsdex {

enum class SortOrder { kRelevance, kNewest, kOldest };

// What each hit carries.
enum class HitFields {
  kFull,  // all of Hit: the stored article's fields, its names and topics, a snippet
  // rank, score and id, read from the index alone (no stored article): for callers that
  // page through ids, or keep the articles themselves.
  kIds,
};

struct SearchRequest {
  // The query; empty matches every article.
  std::string query;
  // More queries that restrict the result without changing scores (e.g. a chosen facet
  // value such as "topic:crude"). Default: none
  std::vector<std::string> filters;
  // Hits to skip and to return. limit 0 returns only counts and facets. Default: 0, 10
  std::size_t offset = 0;
  std::size_t limit = 10;
  // By relevance or by publication date (ties by relevance). A query of filters alone
  // is sorted newest first. Default: kRelevance
  SortOrder sort = SortOrder::kRelevance;
  // Facets to count over all matches: topic person org place source section lang
  // author year month day. Unknown names give InvalidArgument. Default: none
  std::vector<std::string> facets;
  // Values reported per facet, most frequent first; 0 reports them all. Date facets
  // (year, month, day) always report every period, in date order. Default: 10
  std::size_t facet_limit = 10;
  // Count every match exactly (slower on broad queries); otherwise counts may be
  // estimates, and SearchResults::exact says which. Without it, a date order over
  // thousands of matches reads them a few days at a time from the end and stops at the
  // page (no sort of every match); with it, every match is sorted. Default: false
  bool exact_counts = false;
  // Build a snippet of about this many bytes from each hit's body; 0 for none. Default: 240
  std::size_t snippet_bytes = 240;
  // What each hit carries; kIds answers without reading any stored article (several
  // times faster per hit) and makes no snippet. Default: kFull
  HitFields hit_fields = HitFields::kFull;
  // The moment relative dates (date:last-30-days, mentions:last-year) count back from
  // and recency is measured against, in seconds since the epoch (UTC). Default: now
  std::optional<std::int64_t> as_of;
  // With a half-life in days (> 0), relevance ranking favours articles published near
  // `as_of`: each match gains up to the query's best possible relevance, halved for
  // every half-life between its publication and `as_of` (either side). Articles without
  // a date gain nothing. Ignored when sorting by date. Default: 0 (off)
  double recency_half_life_days = 0;
};

// One matching article.
struct Hit {
  std::size_t rank = 0;  // 0-based, counting from the first match (offset included)
  double score = 0;      // relevance; 0 when sorted by date alone
  std::string id;
  std::string title;
  std::optional<std::int64_t> published;  // seconds since the epoch, UTC
  std::string source;
  std::string section;
  std::string byline;
  std::string url;
  std::string language;
  std::vector<std::string> topics, people, orgs, places;  // topics: as the source gave them
  // Every topic of the article as topic: matches it (folded), each once, with where it
  // came from: the given ones, then those of the archive's rules, then those its model
  // predicted (with the model's confidence).
  std::vector<TopicTag> topic_tags;
  // Fields the source carried that the schema does not know, as the text of a JSON
  // object (e.g. Reuters' {"lewissplit":"TRAIN",...}); empty when none.
  std::string extra_json;
  // A passage of the body (or the title when there is no body) around the matches.
  std::string snippet;
  // Byte ranges [first, second) of `snippet` that matched the query.
  std::vector<std::pair<std::size_t, std::size_t>> highlights;
};

struct FacetValue {
  std::string value;  // for person, org and place: the entity's name ("Vladimir Putin")
  std::uint64_t count = 0;
  // For person, org and place: the entity's key, to search for it as person:"KEY".
  std::string key;
};

struct Facet {
  std::string name;  // as requested, e.g. "topic"
  std::vector<FacetValue> values;
  bool exact = false;  // false when counted over only part of a very large result
};

struct SearchResults {
  std::uint64_t total = 0;  // matching articles (an estimate unless exact)
  bool exact = false;       // total is exact
  std::uint64_t total_lower = 0, total_upper = 0;  // bounds on the true total
  std::vector<Hit> hits;
  std::vector<Facet> facets;
  std::string query_description;  // the parsed query, for --explain style output
  double elapsed_ms = 0;
};

// One name of the archive: a person, organisation or place found in its articles.
struct NameInfo {
  std::string kind;  // "person", "org" or "place"
  std::string key;   // "vladimir putin": search for it as person:"vladimir putin"
  std::string name;  // "Vladimir Putin"
  // Forms it was written in, most frequent first ("Putin", "President Putin", "Путин").
  std::vector<std::pair<std::string, std::uint64_t>> aliases;
  std::uint64_t articles = 0;  // articles naming it
  std::uint64_t mentions = 0;  // mentions in those articles
  // Publication dates (seconds since the epoch, UTC) of the first and last articles
  // seen naming it; bounds when articles were deleted since.
  std::optional<std::int64_t> first_seen, last_seen;
};

struct NamesRequest {
  // Words or word prefixes ("put*") of the names to list, all required; empty lists
  // the most named entities.
  std::string query;
  std::string kind;  // "person", "org", "place", or "" for any. Default: ""
  std::size_t limit = 20;
};

// A name that appears with the names of a query more than chance would have it.
struct AssociatedName {
  NameInfo name;
  std::uint64_t together = 0;  // matching articles that name it
  // Log-likelihood ratio (G²) of naming it in the matching articles against the whole
  // archive: high when it is both frequent there and rare elsewhere.
  double score = 0;
};

struct CooccurrenceRequest {
  std::string query;  // any query, usually a name: person:putin
  std::string kind;   // kinds of names to rank: "person", "org", "place", "" for any
  std::size_t limit = 20;
};

struct CooccurrenceResults {
  std::uint64_t matches = 0;  // articles matching the query (exact)
  std::vector<NameInfo> query_names;  // the entities the query's names stand for
  std::vector<AssociatedName> names;  // most significant first
};

enum class TimelinePeriod { kDay, kWeek, kMonth, kYear };

struct TimelineRequest {
  std::string query;  // any query; empty counts every article
  std::vector<std::string> filters;
  TimelinePeriod by = TimelinePeriod::kMonth;
  // Count the dates the matching articles write about (mentions:) instead of their
  // publication dates. A mention counts in a period only when it is at least as precise
  // (a month mention counts by month and year, not by day or week). Default: false
  bool mentions = false;
  // Also count all articles of the archive per period (TimelinePoint::all). Default: false
  bool normalize = false;
  std::optional<std::int64_t> as_of;  // as in SearchRequest, for relative date: queries
};

struct TimelinePoint {
  // "1987-03-02" (day), "1987-W10" (ISO week), "1987-03" (month), "1987" (year).
  std::string period;
  std::int64_t start = 0;   // first second of the period, UTC
  std::uint64_t count = 0;  // matching articles in the period
  std::uint64_t all = 0;    // all articles in the period; only with normalize
  // count / all; 0 when all is 0 or without normalize.
  double share() const { return all == 0 ? 0.0 : static_cast<double>(count) / all; }
};

struct TimelineResults {
  TimelinePeriod by = TimelinePeriod::kMonth;
  bool mentions = false;
  bool normalized = false;
  // Every period from the first to the last with a count, in date order; periods with
  // no matching article in between are present with count 0.
  std::vector<TimelinePoint> points;
  std::uint64_t total = 0;    // matching articles (exact)
  // Matching articles counted in no period: without a publication date, or (mentions)
  // without a mention precise enough. By publication date the counts sum to
  // total - undated; by mentions an article counts once in every period it mentions.
  std::uint64_t undated = 0;
  double elapsed_ms = 0;
};

// One topic of the archive (Searcher::Topics).
struct TopicInfo {
  std::string topic;           // folded label, as topic: matches it
  std::uint64_t articles = 0;  // articles with the topic
  // The same articles by where the topic came from; an article has one origin per topic
  // (given before rule before predicted), so these sum to `articles`.
  std::uint64_t given = 0, rule = 0, predicted = 0;
  // Earliest and latest publication among its dated articles; absent when none is dated.
  std::optional<std::int64_t> first, last;
};

// "day", "week", "month", "year"; and back (InvalidArgument for anything else).
NEWSDEX_EXPORT std::string_view TimelinePeriodName(TimelinePeriod by);
NEWSDEX_EXPORT Result<TimelinePeriod> ParseTimelinePeriod(std::string_view name);

// ---- Topics: the terms characteristic of a result, and the topics rising per period ----

struct TermsRequest {
  // The query whose best matches form the sample; required (InvalidArgument when empty).
  std::string query;
  std::optional<std::int64_t> as_of;  // as in SearchRequest, for relative date: queries
  // Terms returned, most characteristic first. REQUIRES: limit > 0. Default: 20
  std::size_t limit = 20;
  // The best matches (by relevance; newest first for a query of filters alone) whose
  // terms are weighed against the whole archive. REQUIRES: sample > 0. Default: 100
  std::size_t sample = 100;
};

// A word or name that the sample's articles use far more than the archive does.
struct KeyTerm {
  // The term as a query to paste: "tariffs", person:"james baker", org:opec.
  std::string query;
  std::string kind;   // "word", "person", "org" or "place"
  // How to show it: a word's most written form in the sample ("tariffs" for the stem
  // "tariff"; the stem when no form was found), a name's name ("James Baker").
  std::string label;
  std::string term;   // the index term: "tariff", "XPjames baker"
  double weight = 0;  // Xapian's expand weight: higher is more characteristic
  std::uint64_t articles = 0;  // sample articles that contain it
};

struct TermsResult {
  std::uint64_t matches = 0;  // articles matching the query (an estimate on large results)
  std::uint64_t sample = 0;   // articles in the sample: min(matches, request.sample)
  // Most characteristic first. The query's own terms, ids, dates, exact and title
  // forms, topics, numbers, words of one or two letters, common English words ("the",
  // "said") and names of days and months are never listed; a word and a one-word
  // name written the same (iran, place:iran) are listed once, whichever ranks higher.
  std::vector<KeyTerm> terms;
  double elapsed_ms = 0;
};

struct TrendsRequest {
  std::string query;  // any query; empty looks at every article
  TimelinePeriod by = TimelinePeriod::kMonth;
  // Periods before each period whose mean count is its baseline. REQUIRES: window > 0.
  // Default: 3
  std::size_t window = 3;
  std::size_t top = 5;             // topics listed per period; 0 for all. Default: 5
  std::uint64_t min_count = 3;     // fewer articles in a period are never a trend. Default: 3
  std::optional<std::int64_t> as_of;  // as in SearchRequest, for relative date: queries
};

// A topic that a period's matching articles carry more often than in the periods before.
struct RisingTopic {
  std::string topic;        // the indexed (folded) topic: topic:crude finds it
  std::uint64_t count = 0;  // matching articles of the period with the topic
  // Mean count over the `window` periods before (0 for a period without one).
  double baseline = 0;
  // (count - baseline) / sqrt(baseline + 1): a Poisson-style z score.
  double score = 0;
};

struct TrendPeriod {
  std::string period;            // as TimelinePoint::period: "1987-03"
  std::int64_t start = 0;        // first second of the period, UTC
  std::uint64_t articles = 0;    // matching articles published in the period
  // True when fewer than `window` periods of the result precede this one: its baseline
  // is the mean over the ones there are.
  bool partial = false;
  // Topics with count >= min_count and count > baseline, highest score first (then
  // highest count, then topic), at most `top`.
  std::vector<RisingTopic> topics;
};

struct TrendsResult {
  TimelinePeriod by = TimelinePeriod::kMonth;
  std::size_t window = 3;
  // Every period from the second with a dated match to the last, in date order, rising
  // topics or not (the first has nothing to compare with).
  std::vector<TrendPeriod> periods;
  std::uint64_t total = 0;    // matching articles (exact)
  std::uint64_t undated = 0;  // matching articles without a publication date
  double elapsed_ms = 0;
};

// Safe for concurrent use from many threads without external locking. Searches see the
// commit of the last Open() or Reopen(), or a newer one when a writer has since
// overwritten what they read (they then move to its newest commit rather than fail), and
// never an older commit than a search of this Searcher already answered from. In an archive
// of several index shards (WriterOptions::index_shards) each shard commits on its own, so
// a search made while a commit is being written may see its articles in some shards only.
class NEWSDEX_EXPORT Searcher {
 public:
  // Opens the archive at `path` read-only at its last commit. Returns NotFound if there
  // is no archive, FailedPrecondition if a newer newsdex wrote it, Corruption if damaged.
  static Result<std::unique_ptr<Searcher>> Open(const SearcherOptions& options,
                                                const std::string& path);
  Searcher(const Searcher&) = delete;
  Searcher& operator=(const Searcher&) = delete;
  virtual ~Searcher();

  // Runs `request`. Returns InvalidArgument, naming the offending position (1-based
  // column), when the query does not parse, is too long or names an unknown field.
  virtual Result<SearchResults> Search(const SearchRequest& request) const = 0;

  // Lists the archive's names matching `request`, most named first. InvalidArgument for
  // an unknown kind.
  virtual Result<std::vector<NameInfo>> Names(const NamesRequest& request) const = 0;

  // Ranks the names that appear in the articles matching `request.query` by how much
  // more often they appear there than in the whole archive; the query's own names are
  // left out. InvalidArgument for a bad query or an unknown kind.
  virtual Result<CooccurrenceResults> Cooccurring(const CooccurrenceRequest& request) const = 0;

  // Counts the articles matching `request.query` per day, ISO week, month or year (UTC)
  // of their publication (or of the dates they mention). InvalidArgument for a bad
  // query; FailedPrecondition when the timeline would have more than 20,000 periods
  // (count by a longer period).
  virtual Result<TimelineResults> Timeline(const TimelineRequest& request) const = 0;

  // Lists every topic of the archive, most articles first (then by label), with its
  // counts by origin and its date span. Reads every article's topics once: linear in the
  // archive's size.
  virtual Result<std::vector<TopicInfo>> Topics() const = 0;

  // The terms (words and names) most characteristic of the `request.sample` best
  // matches of `request.query`, weighed against the whole archive (Xapian's expand
  // set). InvalidArgument for an empty or bad query; an empty list when nothing matches.
  virtual Result<TermsResult> Terms(const TermsRequest& request) const = 0;

  // Per period of publication, the topics of the matching articles that rose most
  // against their mean over the `request.window` periods before. InvalidArgument for a
  // bad query or window 0; FailedPrecondition past 20,000 periods (as Timeline).
  virtual Result<TrendsResult> Trends(const TrendsRequest& request) const = 0;

  // Moves to the newest commit. Results already returned stay valid.
  virtual Status Reopen() = 0;

  // Articles in the archive at the commit this searcher sees.
  virtual std::uint64_t ArticleCount() const = 0;

 protected:
  Searcher() = default;
};

}  // namespace newsdex

#endif  // NEWSDEX_SEARCHER_H_
