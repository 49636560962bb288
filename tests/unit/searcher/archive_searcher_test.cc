// The Searcher through its public API only, on archives built with the public Writer.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>
#include <xapian.h>

#include "common/schema/document_data.h"
#include "common/schema/schema.h"
#include "newsdex/searcher.h"
#include "newsdex/writer.h"
#include "support/temp_dir.h"

namespace newsdex {
namespace {

using testing::TempDir;

// Seconds since the epoch of a UTC civil date (H. Hinnant's days_from_civil).
std::int64_t Utc(int y, int m, int d, int hour = 12) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const std::int64_t days = std::int64_t{era} * 146097 + doe - 719468;
  return days * 86400 + hour * 3600;
}

struct Dated {
  Article article;
  int year, month;
};

// Twelve articles; tag values are already in their folded (lower-case) forms except
// where a test says otherwise, so that facet values equal them.
std::vector<Dated> Corpus() {
  struct Row {
    const char* id;
    const char* title;
    const char* body;
    int y, m, d;
    std::vector<std::string> people, places, topics;
    const char* source;
  };
  const std::vector<Row> rows = {
      {"a01", "Oil prices rise after OPEC meeting",
       "Crude oil prices rose on Monday after ministers met in Vienna.", 2023, 10, 16,
       {"putin"}, {"russia", "saudi arabia"}, {"crude"}, "reuters"},
      {"a02", "Gold falls as dollar firms", "Bullion slipped while the dollar gained ground.",
       2023, 10, 2, {}, {"usa"}, {"gold"}, "reuters"},
      {"a03", "Hungary votes in close elections",
       "Voters in Hungary chose a new parliament as Orbán sought another term.", 2022, 4, 3,
       {"orban"}, {"hungary"}, {"elections"}, "bbc"},
      {"a04", "Tanker seized in the Gulf", "Officials said the ship carried crude oil to Asia.",
       2023, 7, 21, {}, {"iran", "saudi arabia"}, {"crude", "ship"}, "ap"},
      {"a05", "Shipping rates climb",
       "Freight costs rose as the tanker fleet shrank and demand for oil grew.", 2023, 7, 5,
       {}, {"china"}, {"ship", "trade"}, "reuters"},
      {"a06", "Xi and Putin meet in Beijing",
       "Putin’s visit to Beijing focused on energy and trade, including oil and gas.", 2023,
       10, 18, {"putin", "xi jinping"}, {"china", "russia"}, {"trade", "crude"}, "bbc"},
      {"a07", "Trade talks stall", "Negotiators left without a deal on tariffs.", 2022, 11,
       30, {"xi jinping"}, {"china", "usa"}, {"trade"}, "ap"},
      // Topics given twice in different case: the archive folds them to one value.
      {"a08", "Refinery outage lifts fuel prices",
       "A fire at a refinery cut output and pushed oil products higher.", 2024, 1, 9, {},
       {"usa"}, {"Crude", "crude", "fuel"}, "reuters"},
      {"a09", "Central bank holds rates", "The bank kept its benchmark rate unchanged.", 2024,
       1, 25, {}, {"hungary"}, {"rates"}, "bbc"},
      {"a10", "Election results delayed", "Counting continued as officials checked ballots.",
       2022, 4, 4, {"orban"}, {"hungary"}, {"elections"}, "reuters"},
      {"a11", "Gold hits record", "Investors bought bullion and gold coins.", 2024, 3, 12, {},
       {}, {"gold"}, "ap"},
      {"a12", "Pipeline deal signed",
       "Russia and China agreed on a gas pipeline, as oil exports to Asia rose.", 2022, 11, 2,
       {"putin", "xi jinping"}, {"russia", "china"}, {"crude", "trade"}, "reuters"},
  };
  std::vector<Dated> out;
  for (const Row& r : rows) {
    Dated d;
    d.article.id = r.id;
    d.article.title = r.title;
    d.article.body = r.body;
    d.article.published = Utc(r.y, r.m, r.d);
    d.article.people = r.people;
    d.article.places = r.places;
    d.article.topics = r.topics;
    d.article.source = r.source;
    d.article.section = r.topics.empty() ? "" : "business";
    d.article.byline = std::string("By ") + r.source + " staff";
    d.article.url = std::string("https://example.com/") + r.id;
    d.article.language = "en";
    d.article.orgs = std::string(r.id) == "a01" ? std::vector<std::string>{"opec"}
                                                 : std::vector<std::string>{};
    d.year = r.y;
    d.month = r.m;
    out.push_back(std::move(d));
  }
  return out;
}

void WriteArchive(const std::string& path, const std::vector<Dated>& corpus) {
  WriterOptions options;
  options.sync = false;
  auto writer = Writer::Open(options, path);
  INFO(writer.status().ToString());
  REQUIRE(writer.ok());
  for (const Dated& d : corpus) {
    auto outcome = (*writer)->Add(d.article);
    INFO(outcome.status().ToString());
    REQUIRE(outcome.ok());
  }
  const Status s = (*writer)->Commit();
  INFO(s.ToString());
  REQUIRE(s.ok());
}

std::unique_ptr<Searcher> OpenSearcher(const std::string& path) {
  auto searcher = Searcher::Open(SearcherOptions{}, path);
  INFO(searcher.status().ToString());
  REQUIRE(searcher.ok());
  return std::move(searcher).value();
}

SearchResults MustSearch(const Searcher& searcher, const SearchRequest& request) {
  auto results = searcher.Search(request);
  INFO(request.query << ": " << results.status().ToString());
  REQUIRE(results.ok());
  return std::move(results).value();
}

SearchRequest Request(std::string query, std::size_t limit = 100) {
  SearchRequest request;
  request.query = std::move(query);
  request.limit = limit;
  return request;
}

std::vector<std::string> Ids(const SearchResults& results) {
  std::vector<std::string> ids;
  for (const Hit& h : results.hits) ids.push_back(h.id);
  return ids;
}

// True when `word` is one of the words of the article's title or body (ASCII words).
bool HasWord(const Article& a, const std::string& word) {
  std::string text = a.title + " " + a.body;
  for (char& c : text) {
    const unsigned char u = static_cast<unsigned char>(c);
    c = std::isalpha(u) ? static_cast<char>(std::tolower(u)) : ' ';
  }
  std::istringstream words(text);
  std::string w;
  while (words >> w) {
    if (w == word) return true;
  }
  return false;
}

std::string TwoDigits(int n) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d", n);
  return buf;
}

std::string Lower(std::string v) {
  std::transform(v.begin(), v.end(), v.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return v;
}

// The names the archive holds for each article (found in the text and given by the
// source), as hits show them: the recount of entity facets uses them.
using NamesById = std::map<std::string, Hit>;
NamesById ArticleNames(const Searcher& searcher) {
  SearchRequest request;
  request.limit = 1000;
  request.snippet_bytes = 0;
  auto results = searcher.Search(request);
  REQUIRE(results.ok());
  NamesById names;
  for (Hit& hit : results->hits) names[hit.id] = std::move(hit);
  return names;
}

// Facet values recounted from the articles: one per article; keyword values folded to
// lower case, names as the hits show them.
std::vector<FacetValue> Recount(const std::vector<const Dated*>& matching,
                                const std::string& facet, const NamesById& names) {
  std::map<std::string, std::uint64_t> counts;
  for (const Dated* d : matching) {
    std::vector<std::string> values;
    const Hit& hit = names.at(d->article.id);
    if (facet == "topic") {  // the default schema makes the section a given topic too
      values = d->article.topics;
      if (!d->article.section.empty() &&
          std::find(values.begin(), values.end(), d->article.section) == values.end()) {
        values.push_back(d->article.section);
      }
    }
    if (facet == "person") values = hit.people;
    if (facet == "place") values = hit.places;
    if (facet == "org") values = hit.orgs;
    if (facet == "source") values = {d->article.source};
    if (facet == "year") values = {std::to_string(d->year)};
    if (facet == "month") values = {std::to_string(d->year) + "-" + TwoDigits(d->month)};
    const bool names_facet = facet == "person" || facet == "place" || facet == "org";
    std::set<std::string> distinct;
    for (const std::string& v : values) distinct.insert(names_facet ? v : Lower(v));
    for (const std::string& v : distinct) ++counts[v];
  }
  std::vector<FacetValue> out;
  for (const auto& [value, count] : counts) out.push_back({value, count, ""});
  if (facet != "year" && facet != "month") {
    std::stable_sort(out.begin(), out.end(), [](const FacetValue& a, const FacetValue& b) {
      // Ties in the order of their folded values (names: their keys).
      return a.count != b.count ? a.count > b.count : Lower(a.value) < Lower(b.value);
    });
  }
  return out;
}

std::vector<FacetValue> SortedByCount(std::vector<FacetValue> values) {
  std::stable_sort(values.begin(), values.end(), [](const FacetValue& a, const FacetValue& b) {
    return a.count != b.count ? a.count > b.count : a.value < b.value;
  });
  return values;
}

std::string Describe(const std::vector<FacetValue>& values) {
  std::string out;
  for (const FacetValue& v : values) out += v.value + "=" + std::to_string(v.count) + " ";
  return out;
}

// Everything a result says, except the timing, as one comparable string.
std::string Fingerprint(const SearchResults& r) {
  std::ostringstream out;
  out.precision(17);
  out << r.total << "/" << r.exact << "/" << r.total_lower << "/" << r.total_upper << "\n";
  for (const Hit& h : r.hits) {
    out << h.rank << " " << h.id << " " << h.score << " " << h.title << " " << h.snippet;
    for (const auto& [b, e] : h.highlights) out << " [" << b << "," << e << ")";
    out << "\n";
  }
  for (const Facet& f : r.facets) out << f.name << ": " << Describe(f.values) << "\n";
  return out.str();
}

const std::vector<std::string> kAllFacets = {"topic", "person", "place", "org",
                                             "source", "year", "month"};

TEST_CASE("facet counts equal a recount of the articles", "[searcher]") {
  TempDir dir;
  const std::string archive = dir / "archive";
  const std::vector<Dated> corpus = Corpus();
  WriteArchive(archive, corpus);
  auto searcher = OpenSearcher(archive);
  const NamesById names = ArticleNames(*searcher);

  struct Case {
    std::string query;
    std::function<bool(const Dated&)> matches;
  };
  const std::vector<Case> cases = {
      {"", [](const Dated&) { return true; }},
      {"oil", [](const Dated& d) { return HasWord(d.article, "oil"); }},
      {"topic:crude",
       [](const Dated& d) {
         return std::count(d.article.topics.begin(), d.article.topics.end(), "crude") > 0;
       }},
      {"person:putin OR place:hungary",
       [](const Dated& d) {
         const Article& a = d.article;
         return std::count(a.people.begin(), a.people.end(), "putin") > 0 ||
                std::count(a.places.begin(), a.places.end(), "hungary") > 0;
       }},
  };
  for (const Case& c : cases) {
    INFO("query '" << c.query << "'");
    std::vector<const Dated*> matching;
    for (const Dated& d : corpus) {
      if (c.matches(d)) matching.push_back(&d);
    }
    REQUIRE(!matching.empty());
    SearchRequest request = Request(c.query, 3);
    request.facets = kAllFacets;
    request.facet_limit = 100;
    const SearchResults results = MustSearch(*searcher, request);
    CHECK(results.total == matching.size());
    REQUIRE(results.facets.size() == kAllFacets.size());
    for (std::size_t i = 0; i < kAllFacets.size(); ++i) {
      const Facet& facet = results.facets[i];
      INFO("facet " << kAllFacets[i]);
      CHECK(facet.name == kAllFacets[i]);
      CHECK(facet.exact);
      // Equal counts may come in key order ("persian gulf" for "Gulf"): compare sorted.
      CHECK(Describe(SortedByCount(facet.values)) ==
            Describe(SortedByCount(Recount(matching, kAllFacets[i], names))));
    }
  }
}

TEST_CASE("facet_limit keeps the most frequent values", "[searcher]") {
  TempDir dir;
  const std::string archive = dir / "archive";
  const std::vector<Dated> corpus = Corpus();
  WriteArchive(archive, corpus);
  auto searcher = OpenSearcher(archive);
  const NamesById names = ArticleNames(*searcher);
  std::vector<const Dated*> all;
  for (const Dated& d : corpus) all.push_back(&d);
  for (const std::size_t limit : {1, 2, 3}) {
    SearchRequest request = Request("");
    request.facets = {"place", "source"};
    request.facet_limit = limit;
    const SearchResults results = MustSearch(*searcher, request);
    REQUIRE(results.facets.size() == 2);
    for (const Facet& facet : results.facets) {
      INFO(facet.name << " limit " << limit);
      std::vector<FacetValue> expected = Recount(all, facet.name, names);
      expected.resize(std::min(expected.size(), limit));
      CHECK(Describe(facet.values) == Describe(expected));
    }
  }
}

TEST_CASE("sorting by date orders hits newest or oldest first", "[searcher]") {
  TempDir dir;
  const std::string archive = dir / "archive";
  const std::vector<Dated> corpus = Corpus();
  WriteArchive(archive, corpus);
  auto searcher = OpenSearcher(archive);
  for (const std::string query : {"", "oil", "topic:trade OR gold"}) {
    for (const SortOrder sort : {SortOrder::kNewest, SortOrder::kOldest}) {
      INFO("query '" << query << "' newest " << (sort == SortOrder::kNewest));
      SearchRequest request = Request(query);
      request.sort = sort;
      const SearchResults results = MustSearch(*searcher, request);
      REQUIRE(results.hits.size() > 2);
      for (std::size_t i = 0; i < results.hits.size(); ++i) {
        CHECK(results.hits[i].rank == i);
        REQUIRE(results.hits[i].published.has_value());
        if (i == 0) continue;
        const std::int64_t before = *results.hits[i - 1].published;
        const std::int64_t now = *results.hits[i].published;
        CHECK((sort == SortOrder::kNewest ? before >= now : before <= now));
      }
    }
  }
  // The very newest and oldest of the corpus.
  SearchRequest newest = Request("", 1);
  newest.sort = SortOrder::kNewest;
  CHECK(Ids(MustSearch(*searcher, newest)) == std::vector<std::string>{"a11"});
  SearchRequest oldest = Request("", 1);
  oldest.sort = SortOrder::kOldest;
  CHECK(Ids(MustSearch(*searcher, oldest)) == std::vector<std::string>{"a03"});
}

TEST_CASE("relevance ranks a title match above a body-only match", "[searcher]") {
  TempDir dir;
  const std::string archive = dir / "archive";
  std::vector<Dated> corpus = Corpus();
  WriteArchive(archive, corpus);
  auto searcher = OpenSearcher(archive);
  // a04 has "Tanker" in its title; a05 only in its body.
  SearchResults results = MustSearch(*searcher, Request("tanker"));
  REQUIRE(Ids(results) == std::vector<std::string>{"a04", "a05"});
  CHECK(results.hits[0].score > results.hits[1].score);
  // a01 has "oil" in its title, the other oil articles in their bodies only.
  results = MustSearch(*searcher, Request("oil"));
  REQUIRE(!results.hits.empty());
  CHECK(results.hits[0].id == "a01");
  for (std::size_t i = 1; i < results.hits.size(); ++i) {
    CHECK(results.hits[i - 1].score >= results.hits[i].score);
  }
}

TEST_CASE("offset and limit page through the same order as one large page", "[searcher]") {
  TempDir dir;
  const std::string archive = dir / "archive";
  WriteArchive(archive, Corpus());
  auto searcher = OpenSearcher(archive);
  for (const SortOrder sort : {SortOrder::kRelevance, SortOrder::kNewest, SortOrder::kOldest}) {
    for (const std::string query : {"", "oil OR gold OR trade"}) {
      INFO("query '" << query << "' sort " << static_cast<int>(sort));
      SearchRequest all = Request(query, 100);
      all.sort = sort;
      const SearchResults whole = MustSearch(*searcher, all);
      REQUIRE(whole.hits.size() >= 6);
      for (const std::size_t page : {1, 2, 5}) {
        std::vector<std::string> paged;
        for (std::size_t offset = 0; offset < whole.hits.size() + page; offset += page) {
          SearchRequest request = all;
          request.offset = offset;
          request.limit = page;
          const SearchResults part = MustSearch(*searcher, request);
          CHECK(part.hits.size() ==
                std::min(page, whole.hits.size() - std::min(offset, whole.hits.size())));
          for (std::size_t i = 0; i < part.hits.size(); ++i) {
            CHECK(part.hits[i].rank == offset + i);
            CHECK(part.hits[i].score == Approx(whole.hits[offset + i].score));
            paged.push_back(part.hits[i].id);
          }
        }
        CHECK(paged == Ids(whole));
      }
    }
  }
}

TEST_CASE("ids-only hits are the full hits' ranks, scores and ids, and nothing more",
          "[searcher]") {
  TempDir dir;
  const std::string archive = dir / "archive";
  WriteArchive(archive, Corpus());
  auto searcher = OpenSearcher(archive);
  for (const SortOrder sort : {SortOrder::kRelevance, SortOrder::kNewest}) {
    for (const std::string query : {"", "oil OR gold OR trade", "putin"}) {
      INFO("query '" << query << "' sort " << static_cast<int>(sort));
      SearchRequest full = Request(query, 100);
      full.sort = sort;
      full.facets = {"topic"};
      SearchRequest ids = full;
      ids.hit_fields = HitFields::kIds;
      const SearchResults a = MustSearch(*searcher, full), b = MustSearch(*searcher, ids);
      REQUIRE(!a.hits.empty());
      CHECK(Ids(b) == Ids(a));
      CHECK(b.total == a.total);
      REQUIRE(b.facets.size() == 1);
      CHECK(b.facets[0].values.size() == a.facets[0].values.size());
      // The full hits carry the stored article; the ids-only ones never read it.
      CHECK(std::any_of(a.hits.begin(), a.hits.end(), [](const Hit& h) { return !h.title.empty(); }));
      for (std::size_t i = 0; i < b.hits.size(); ++i) {
        CHECK(b.hits[i].rank == a.hits[i].rank);
        CHECK(b.hits[i].score == Approx(a.hits[i].score));
        CHECK(b.hits[i].title.empty());
        CHECK(b.hits[i].snippet.empty());
        CHECK(!b.hits[i].published);
        CHECK(b.hits[i].people.empty());
        CHECK(b.hits[i].topic_tags.empty());
      }
    }
  }
}

TEST_CASE("limit 0 returns counts and facets but no hits", "[searcher]") {
  TempDir dir;
  const std::string archive = dir / "archive";
  const std::vector<Dated> corpus = Corpus();
  WriteArchive(archive, corpus);
  auto searcher = OpenSearcher(archive);
  SearchRequest request = Request("topic:crude", 0);
  request.facets = {"topic", "year"};
  request.exact_counts = true;
  const SearchResults results = MustSearch(*searcher, request);
  CHECK(results.hits.empty());
  CHECK(results.total == 5);
  CHECK(results.exact);
  REQUIRE(results.facets.size() == 2);
  REQUIRE(!results.facets[0].values.empty());
  const auto crude = std::find_if(results.facets[0].values.begin(), results.facets[0].values.end(),
                                  [](const FacetValue& v) { return v.value == "crude"; });
  REQUIRE(crude != results.facets[0].values.end());
  CHECK(crude->count == 5);
  CHECK(results.facets[0].values[0].count == 5);
  CHECK(Describe(results.facets[1].values) == "2022=1 2023=3 2024=1 ");

  // Without exact_counts the facets still count every match.
  request.exact_counts = false;
  const SearchResults estimated = MustSearch(*searcher, request);
  CHECK(estimated.hits.empty());
  CHECK(estimated.total == 5);
  CHECK(Describe(estimated.facets[0].values) == Describe(results.facets[0].values));
}

TEST_CASE("exact_counts gives exact totals and bounds", "[searcher]") {
  TempDir dir;
  const std::string archive = dir / "archive";
  const std::vector<Dated> corpus = Corpus();
  WriteArchive(archive, corpus);
  auto searcher = OpenSearcher(archive);
  // Words whose other forms ("price", "priced") do not occur in the corpus.
  for (const std::string word : {"oil", "gold", "rose", "prices", "bullion"}) {
    INFO(word);
    std::uint64_t expected = 0;
    for (const Dated& d : corpus) expected += HasWord(d.article, word) ? 1 : 0;
    SearchRequest request = Request(word, 1);
    request.exact_counts = true;
    const SearchResults results = MustSearch(*searcher, request);
    CHECK(results.exact);
    CHECK(results.total == expected);
    CHECK(results.total_lower == expected);
    CHECK(results.total_upper == expected);
    CHECK(results.hits.size() == 1);
  }
  CHECK(searcher->ArticleCount() == corpus.size());
}

TEST_CASE("filters restrict the hits without changing their scores", "[searcher]") {
  TempDir dir;
  const std::string archive = dir / "archive";
  const std::vector<Dated> corpus = Corpus();
  WriteArchive(archive, corpus);
  auto searcher = OpenSearcher(archive);
  const SearchResults unfiltered = MustSearch(*searcher, Request("oil"));
  std::map<std::string, double> scores;
  for (const Hit& h : unfiltered.hits) scores[h.id] = h.score;

  struct Case {
    std::vector<std::string> filters;
  };
  const std::vector<Case> cases = {
      {{"topic:crude"}},
      {{"source:reuters"}},
      {{"topic:crude", "source:reuters"}},
      {{"date:2023"}},
      {{"crude"}},  // a word that would add to the score in the query itself
      {{"title:oil OR gas"}},
  };
  for (const Case& c : cases) {
    INFO("filters " << c.filters.size() << " first " << c.filters[0]);
    SearchRequest request = Request("oil");
    request.filters = c.filters;
    request.exact_counts = true;
    const SearchResults filtered = MustSearch(*searcher, request);
    REQUIRE(!filtered.hits.empty());
    CHECK(filtered.hits.size() < unfiltered.hits.size());
    CHECK(filtered.total == filtered.hits.size());
    std::vector<std::string> expected_order;
    for (const Hit& h : unfiltered.hits) {
      const bool kept = std::any_of(filtered.hits.begin(), filtered.hits.end(),
                                    [&](const Hit& f) { return f.id == h.id; });
      if (kept) expected_order.push_back(h.id);
    }
    CHECK(Ids(filtered) == expected_order);
    for (const Hit& h : filtered.hits) {
      INFO(h.id);
      REQUIRE(scores.count(h.id) == 1);
      CHECK(h.score == Approx(scores[h.id]).epsilon(1e-12));
      for (const std::string& f : c.filters) {
        if (f == "topic:crude") {
          CHECK(std::count(h.topics.begin(), h.topics.end(), "crude") > 0);
        }
        if (f == "source:reuters") CHECK(h.source == "reuters");
        if (f == "date:2023") CHECK((*h.published >= Utc(2023, 1, 1, 0) &&
                                     *h.published < Utc(2024, 1, 1, 0)));
      }
    }
  }
}

TEST_CASE("hits carry the stored fields of their articles", "[searcher]") {
  TempDir dir;
  const std::string archive = dir / "archive";
  const std::vector<Dated> corpus = Corpus();
  WriteArchive(archive, corpus);
  auto searcher = OpenSearcher(archive);
  SearchRequest request = Request("", 100);
  const SearchResults results = MustSearch(*searcher, request);
  REQUIRE(results.hits.size() == corpus.size());
  for (const Hit& h : results.hits) {
    INFO(h.id);
    const auto it = std::find_if(corpus.begin(), corpus.end(),
                                 [&](const Dated& d) { return d.article.id == h.id; });
    REQUIRE(it != corpus.end());
    const Article& a = it->article;
    CHECK(h.title == a.title);
    CHECK(h.published == a.published);
    CHECK(h.source == a.source);
    CHECK(h.section == a.section);
    CHECK(h.byline == a.byline);
    CHECK(h.url == a.url);
    CHECK(h.language == a.language);
    CHECK(h.topics == a.topics);
    // Names: those the source gave are among those the archive found ("putin" is
    // shown as the name written in the text, "Putin").
    for (const auto& [given, shown] : {std::pair(&a.people, &h.people), std::pair(&a.orgs, &h.orgs)}) {
      for (const std::string& name : *given) {
        INFO(name);
        CHECK(std::any_of(shown->begin(), shown->end(), [&](const std::string& s) {
          return Lower(s).find(Lower(name)) != std::string::npos;
        }));
      }
    }
    CHECK(h.places.size() >= a.places.size());
    CHECK(h.snippet == a.body);  // short bodies fit whole
  }
  // Highlights point at the query's words in the snippet.
  const SearchResults putin = MustSearch(*searcher, Request("putin beijing"));
  REQUIRE(!putin.hits.empty());
  CHECK(putin.hits[0].id == "a06");
  std::vector<std::string> words;
  for (const auto& [b, e] : putin.hits[0].highlights) {
    words.push_back(putin.hits[0].snippet.substr(b, e - b));
  }
  CHECK(words == std::vector<std::string>{"Putin’s", "Beijing"});
  // No snippet when none is asked for.
  SearchRequest bare = Request("putin");
  bare.snippet_bytes = 0;
  for (const Hit& h : MustSearch(*searcher, bare).hits) {
    CHECK(h.snippet.empty());
    CHECK(h.highlights.empty());
  }
}

// Where the documents of an archive keep the names their hits show.
enum class NameLayout {
  kHitNamesSlot,  // today's: the hit-names slot (and the facet slots, for facets)
  kInData,        // older: after the id in the document data
  kFacetSlots,    // oldest: the three facet slots alone
};

// Rewrites every document of `archive` so that its names are only where `layout` keeps
// them: a searcher that read them anywhere else would show none.
void UseNameLayout(const std::string& archive, NameLayout layout) {
  Xapian::WritableDatabase db(archive + "/xapian");
  for (Xapian::docid did = 1; did <= db.get_lastdocid(); ++did) {
    Xapian::Document doc = db.get_document(did);
    const std::string hit_names = doc.get_value(kSlotHitNames);
    REQUIRE(DecodeHitNames(hit_names).has_value());
    REQUIRE(doc.get_data().find('\0') == std::string::npos);
    if (layout != NameLayout::kHitNamesSlot) doc.remove_value(kSlotHitNames);
    if (layout == NameLayout::kInData) doc.set_data(doc.get_data() + '\0' + hit_names);
    if (layout != NameLayout::kFacetSlots) {
      // An empty value is no value (remove_value throws on a slot the document lacks).
      for (unsigned slot : {kSlotPeople, kSlotOrgs, kSlotPlaces}) doc.add_value(slot, "");
    }
    db.replace_document(did, doc);
  }
  db.commit();
}

TEST_CASE("hits show the same names from each layout of them, older ones included",
          "[searcher]") {
  const NameLayout layout =
      GENERATE(NameLayout::kHitNamesSlot, NameLayout::kInData, NameLayout::kFacetSlots);
  INFO("layout " << static_cast<int>(layout));
  TempDir dir;
  const std::string archive = dir / "archive";
  WriteArchive(archive, Corpus());
  const NamesById before = ArticleNames(*OpenSearcher(archive));
  UseNameLayout(archive, layout);
  const NamesById after = ArticleNames(*OpenSearcher(archive));
  REQUIRE(after.size() == before.size());
  std::size_t with_names = 0;
  for (const auto& [id, hit] : before) {
    INFO(id);
    CHECK(after.at(id).people == hit.people);
    CHECK(after.at(id).orgs == hit.orgs);
    CHECK(after.at(id).places == hit.places);
    if (!hit.people.empty() || !hit.orgs.empty() || !hit.places.empty()) ++with_names;
  }
  CHECK(with_names > 5);
}

TEST_CASE("unknown facets and bad queries are InvalidArgument", "[searcher]") {
  TempDir dir;
  const std::string archive = dir / "archive";
  WriteArchive(archive, Corpus());
  auto searcher = OpenSearcher(archive);

  SearchRequest facet = Request("oil");
  facet.facets = {"topic", "colour"};
  auto result = searcher->Search(facet);
  REQUIRE(!result.ok());
  CHECK(result.status().code() == StatusCode::kInvalidArgument);
  CHECK_THAT(result.status().message(), Catch::Matchers::Contains("colour"));

  for (const std::string query : {"putin foo:bar", "\"belt and road", "title: forum"}) {
    INFO(query);
    auto bad = searcher->Search(Request(query));
    REQUIRE(!bad.ok());
    CHECK(bad.status().code() == StatusCode::kInvalidArgument);
    CHECK_THAT(bad.status().message(), Catch::Matchers::Contains("column"));
  }
  SearchRequest filter = Request("oil");
  filter.filters = {"foo:bar"};
  auto bad_filter = searcher->Search(filter);
  REQUIRE(!bad_filter.ok());
  CHECK(bad_filter.status().code() == StatusCode::kInvalidArgument);
  CHECK_THAT(bad_filter.status().message(), Catch::Matchers::Contains("foo:bar"));
  // The searcher still works afterwards.
  CHECK(!MustSearch(*searcher, Request("oil")).hits.empty());
}

TEST_CASE("opening a missing archive is NotFound", "[searcher]") {
  TempDir dir;
  for (const std::string& path : {dir / "nothing-here", dir.path().string()}) {
    INFO(path);
    auto searcher = Searcher::Open(SearcherOptions{}, path);
    REQUIRE(!searcher.ok());
    CHECK(searcher.status().code() == StatusCode::kNotFound);
  }
}

TEST_CASE("a searcher sees a later commit only after Reopen", "[searcher]") {
  TempDir dir;
  const std::string archive = dir / "archive";
  std::vector<Dated> corpus = Corpus();
  Dated late = corpus.back();
  corpus.pop_back();
  WriteArchive(archive, corpus);
  auto searcher = OpenSearcher(archive);
  const SearchRequest request = Request("pipeline");
  CHECK(MustSearch(*searcher, request).hits.empty());
  CHECK(searcher->ArticleCount() == corpus.size());

  WriteArchive(archive, {late});
  SearchResults before = MustSearch(*searcher, request);
  CHECK(before.hits.empty());
  CHECK(searcher->ArticleCount() == corpus.size());

  const Status s = searcher->Reopen();
  INFO(s.ToString());
  REQUIRE(s.ok());
  SearchResults after = MustSearch(*searcher, request);
  REQUIRE(Ids(after) == std::vector<std::string>{late.article.id});
  CHECK(after.hits[0].title == late.article.title);  // the store moved on too
  CHECK(searcher->ArticleCount() == corpus.size() + 1);
  // Results returned before Reopen() are still intact.
  CHECK(before.total == 0);
}

TEST_CASE("concurrent searches on one Searcher equal single-threaded results", "[searcher]") {
  TempDir dir;
  const std::string archive = dir / "archive";
  WriteArchive(archive, Corpus());
  auto searcher = OpenSearcher(archive);

  std::vector<SearchRequest> requests;
  for (const std::string query :
       {"", "oil", "putin beijing", "topic:crude", "gold OR bullion", "\"crude oil\"",
        "person:orban", "date:2023-10", "trade -topic:crude", "ship*"}) {
    for (const SortOrder sort : {SortOrder::kRelevance, SortOrder::kNewest}) {
      SearchRequest r = Request(query, 5);
      r.sort = sort;
      r.facets = {"topic", "place", "month"};
      requests.push_back(r);
    }
  }
  std::vector<std::string> expected;
  for (const SearchRequest& r : requests) expected.push_back(Fingerprint(MustSearch(*searcher, r)));

  // A searcher of its own for the threads, so that they also race to load its facet
  // columns (the first searches above loaded the other's).
  auto shared = OpenSearcher(archive);
  constexpr int kThreads = 8, kSearches = 50;
  std::vector<std::vector<std::string>> got(kThreads);
  std::vector<int> errors(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kSearches; ++i) {
        const std::size_t which = static_cast<std::size_t>(t * kSearches + i) % requests.size();
        auto r = shared->Search(requests[which]);
        if (!r.ok()) {
          ++errors[static_cast<std::size_t>(t)];
          got[static_cast<std::size_t>(t)].push_back(r.status().ToString());
          continue;
        }
        got[static_cast<std::size_t>(t)].push_back(Fingerprint(*r));
      }
    });
  }
  for (std::thread& th : threads) th.join();
  for (int t = 0; t < kThreads; ++t) {
    INFO("thread " << t);
    CHECK(errors[static_cast<std::size_t>(t)] == 0);
    REQUIRE(got[static_cast<std::size_t>(t)].size() == kSearches);
    for (int i = 0; i < kSearches; ++i) {
      const std::size_t which = static_cast<std::size_t>(t * kSearches + i) % requests.size();
      CHECK(got[static_cast<std::size_t>(t)][static_cast<std::size_t>(i)] == expected[which]);
    }
  }
}

}  // namespace
}  // namespace newsdex
