// Index shards (common/archive/index_shards.h): the layout, the routing of articles, and
// that an archive of several shards answers exactly as an archive of one.
#include "common/archive/index_shards.h"

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "common/archive/archive_layout.h"
#include "indexer/archive_check.h"
#include "indexer/index_rebuild.h"
#include "indexer/index_writer.h"
#include "newsdex/searcher.h"
#include "support/temp_dir.h"

namespace newsdex {
namespace {

using indexer::IndexWriter;
using testing::TempDir;

// A wire of invented stories whose words, names and topics overlap, so that ranking
// statistics matter and many scores tie.
std::vector<Article> Wire(int first, int count) {
  static const char* const kGoods[] = {"wheat", "copper", "crude oil", "coffee", "tin"};
  static const char* const kPorts[] = {"Talvia", "Karesh", "Orsvik", "Brandholm"};
  static const char* const kVerbs[] = {"rose", "fell", "held steady", "doubled"};
  std::vector<Article> wire;
  for (int n = first; n < first + count; ++n) {
    const std::string good = kGoods[n % 5], port = kPorts[n % 4], verb = kVerbs[n % 7 % 4];
    Article a;
    a.id = "wire-" + std::to_string(n);
    a.title = good + " exports from " + port + " " + verb;
    a.body = "Shipments of " + good + " from the port of " + port + " " + verb +
             " this week, traders said. Finance minister Marta Keld said the " + good +
             " trade would " + (n % 3 == 0 ? "recover by spring" : "stay weak") +
             ". Story number " + std::to_string(n) + ".";
    a.published = 541350061 + 86400LL * (n % 40);
    a.topics = {n % 2 == 0 ? "trade" : "commodities"};
    a.places = {port};
    wire.push_back(std::move(a));
  }
  return wire;
}

std::unique_ptr<IndexWriter> OpenWriter(const std::string& path, unsigned shards) {
  WriterOptions options;
  options.index_shards = shards;
  options.commit_every_articles = 70;  // several generations
  options.sync = false;
  auto writer = IndexWriter::OpenArchive(options, path);
  INFO(writer.status().ToString());
  REQUIRE(writer.ok());
  return std::move(writer).value();
}

void WriteWire(const std::string& path, unsigned shards, const std::vector<Article>& wire) {
  auto writer = OpenWriter(path, shards);
  for (const Article& a : wire) REQUIRE(writer->Add(a).ok());
  REQUIRE(writer->Commit().ok());
}

// `wire` written into `one` (one shard) and into `three` (three shards); returns the
// shard folders of `three`.
std::vector<std::string> WriteTwice(const std::vector<Article>& wire, const std::string& one,
                                    const std::string& three) {
  WriteWire(one, 1, wire);
  WriteWire(three, 3, wire);
  auto folders = IndexShardFolders(ArchivePaths(three).xapian);
  REQUIRE(folders.ok());
  return std::move(folders).value();
}

std::unique_ptr<Searcher> OpenSearcher(const std::string& path,
                                       const SearcherOptions& options = {}) {
  auto searcher = Searcher::Open(options, path);
  INFO(searcher.status().ToString());
  REQUIRE(searcher.ok());
  return std::move(searcher).value();
}

// Every hit of `query`, in `sort` order.
SearchResults Everything(const Searcher& searcher, const std::string& query, SortOrder sort) {
  SearchRequest request;
  request.query = query;
  request.limit = 1000;
  request.sort = sort;
  auto results = searcher.Search(request);
  INFO(query << ": " << results.status().ToString());
  REQUIRE(results.ok());
  return std::move(results).value();
}

// Every hit as (score, id), best first and ties by id: docids, and so the order of
// tied hits, differ between layouts; the set of hits and their scores may not.
std::vector<std::tuple<double, std::string>> Ranked(const Searcher& searcher,
                                                    const std::string& query) {
  const SearchResults results = Everything(searcher, query, SortOrder::kRelevance);
  std::vector<std::tuple<double, std::string>> ranked;
  for (const Hit& hit : results.hits) ranked.emplace_back(-hit.score, hit.id);
  std::sort(ranked.begin(), ranked.end());
  return ranked;
}

// The hits newest first: their dates in order, and which articles (tied dates may list
// them in another order).
std::pair<std::vector<std::int64_t>, std::set<std::string>> Newest(const Searcher& searcher,
                                                                   const std::string& query) {
  const SearchResults results = Everything(searcher, query, SortOrder::kNewest);
  std::pair<std::vector<std::int64_t>, std::set<std::string>> newest;
  for (const Hit& hit : results.hits) {
    newest.first.push_back(hit.published.value_or(0));
    newest.second.insert(hit.id);
  }
  return newest;
}

std::string FacetCounts(const Searcher& searcher, const std::string& query) {
  SearchRequest request;
  request.query = query;
  request.limit = 0;
  request.facets = {"topic", "place", "month"};
  request.facet_limit = 100;
  request.exact_counts = true;
  auto results = searcher.Search(request);
  REQUIRE(results.ok());
  std::map<std::string, std::uint64_t> counts;
  for (const Facet& facet : results->facets) {
    for (const FacetValue& v : facet.values) counts[facet.name + ":" + v.value] = v.count;
  }
  std::string text = "total " + std::to_string(results->total);
  for (const auto& [value, count] : counts) text += ", " + value + " " + std::to_string(count);
  return text;
}

// Timeline, key terms, names found together and trends of `query`, as text.
std::string Analyses(const Searcher& searcher, const std::string& query) {
  std::ostringstream out;
  TimelineRequest timeline;
  timeline.query = query;
  timeline.by = TimelinePeriod::kDay;
  auto days = searcher.Timeline(timeline);
  REQUIRE(days.ok());
  out << "timeline " << days->total << ":";
  for (const TimelinePoint& p : days->points) out << " " << p.period << "=" << p.count;
  if (!query.empty()) {  // key terms need a query
    TermsRequest terms;
    terms.query = query;
    terms.sample = 1000;  // every match: a sample of the best would differ on ties
    auto key = searcher.Terms(terms);
    INFO(key.status().ToString());
    REQUIRE(key.ok());
    out << "\nterms " << key->sample << ":";
    for (const KeyTerm& t : key->terms) out << " " << t.term << "=" << t.articles << "/" << t.weight;
  }
  CooccurrenceRequest together;
  together.query = query;
  auto names = searcher.Cooccurring(together);
  REQUIRE(names.ok());
  out << "\ntogether " << names->matches << ":";
  for (const AssociatedName& n : names->names) out << " " << n.name.key << "=" << n.together;
  TrendsRequest trends;
  trends.query = query;
  trends.by = TimelinePeriod::kWeek;
  auto rising = searcher.Trends(trends);
  REQUIRE(rising.ok());
  out << "\ntrends:";
  for (const TrendPeriod& p : rising->periods) {
    out << " " << p.period << "=" << p.articles;
    for (const RisingTopic& t : p.topics) out << "/" << t.topic << ":" << t.count;
  }
  return out.str();
}

}  // namespace

TEST_CASE("articles are routed to shards by a fixed hash of their id", "[shards]") {
  // FNV-1a 64 of "a" is 0xaf63dc4c8601ec8c: the routing is part of the archive format.
  CHECK(ShardOfArticle("a", 1000) == 0xaf63dc4c8601ec8cULL % 1000);
  CHECK(ShardOfArticle("", 7) == 0xcbf29ce484222325ULL % 7);
  std::vector<int> per_shard(4);
  for (int n = 0; n < 10000; ++n) ++per_shard[ShardOfArticle("reuters-" + std::to_string(n), 4)];
  for (int count : per_shard) CHECK((count > 2300 && count < 2700));
}

TEST_CASE("the shard layout is a stub file listing shard folders", "[shards]") {
  TempDir dir;
  const std::string single = dir / "single", sharded = dir / "sharded";
  auto folders = IndexShardFolders(single);  // absent: a one-shard index to be
  REQUIRE(folders.ok());
  CHECK(*folders == std::vector<std::string>{single});
  REQUIRE(CreateIndexShards(single, 1).ok());
  CHECK_FALSE(std::filesystem::exists(single));  // one shard is the glass folder itself

  REQUIRE(CreateIndexShards(sharded, 3).ok());
  folders = IndexShardFolders(sharded);
  REQUIRE(folders.ok());
  CHECK(*folders == std::vector<std::string>{sharded + "/shard-0", sharded + "/shard-1",
                                             sharded + "/shard-2"});
  CHECK(CreateIndexShards(dir / "none", 0).code() == StatusCode::kInvalidArgument);
  CHECK(CreateIndexShards(dir / "many", kMaxIndexShards + 1).code() == StatusCode::kInvalidArgument);

  // A stub that names anything but its own shards in order is refused, not followed.
  std::ofstream(sharded + "/XAPIANDB") << "glass shard-0\nglass /etc\n";
  CHECK(IndexShardFolders(sharded).status().code() == StatusCode::kCorruption);
  std::ofstream(sharded + "/XAPIANDB") << "\n";
  CHECK(IndexShardFolders(sharded).status().code() == StatusCode::kCorruption);
}

TEST_CASE("an archive of three shards answers as an archive of one", "[shards]") {
  TempDir dir;
  const std::string one = dir / "one", three = dir / "three";
  const std::vector<std::string> folders = WriteTwice(Wire(0, 400), one, three);
  REQUIRE(folders.size() == 3);
  for (const std::string& folder : folders) {  // every shard holds part of the wire
    const auto count = Xapian::Database(folder).get_doccount();
    CHECK((count > 90 && count < 180));
  }

  auto a = OpenSearcher(one), b = OpenSearcher(three);
  CHECK(b->ArticleCount() == 400);
  for (const std::string query :
       {"wheat", "copper exports", "\"crude oil\"", "talvia OR karesh", "place:orsvik",
        "person:\"marta keld\" recover", "topic:trade spring", "date:1987-03 coffee",
        "story -tin", ""}) {
    INFO(query);
    const auto want = Ranked(*a, query);
    const auto got = Ranked(*b, query);
    REQUIRE(got.size() == want.size());
    for (std::size_t i = 0; i < want.size(); ++i) {
      CHECK(std::get<1>(got[i]) == std::get<1>(want[i]));
      CHECK(std::get<0>(got[i]) == Approx(std::get<0>(want[i])).epsilon(1e-12));
    }
    CHECK(FacetCounts(*b, query) == FacetCounts(*a, query));
    CHECK(Newest(*b, query) == Newest(*a, query));
    CHECK(Analyses(*b, query) == Analyses(*a, query));
  }
}

TEST_CASE("facets count the same from loaded columns as read one by one", "[shards]") {
  TempDir dir;
  const std::string one = dir / "one", three = dir / "three";
  WriteTwice(Wire(0, 300), one, three);
  for (const std::string& path : {one, three}) {
    INFO(path);
    SearcherOptions without;
    without.facet_cache_bytes = 0;
    auto reading = OpenSearcher(path, without), cached = OpenSearcher(path);
    // One search over every article reads as many values as a column holds: the next
    // searches of the one-shard archive count from the columns (an archive of three
    // counts as the match meets each document, columns or not).
    CHECK(FacetCounts(*cached, "") == FacetCounts(*reading, ""));
    for (const std::string query : {"", "wheat", "talvia OR karesh", "topic:trade spring",
                                    "date:1987-03 coffee", "story -tin"}) {
      INFO(query);
      CHECK(FacetCounts(*cached, query) == FacetCounts(*reading, query));
    }
  }
}

TEST_CASE("an archive keeps the shard count it was created with", "[shards]") {
  TempDir dir;
  const std::string archive = dir / "archive";
  WriteWire(archive, 3, Wire(0, 50));
  {
    WriterOptions options;
    options.index_shards = 2;
    auto refused = IndexWriter::OpenArchive(options, archive);
    CHECK(refused.status().code() == StatusCode::kFailedPrecondition);
    CHECK(refused.status().message().find("3 shard") != std::string::npos);
  }
  auto writer = OpenWriter(archive, 0);  // 0: whatever the archive has
  for (const Article& a : Wire(50, 10)) REQUIRE(writer->Add(a).ok());
  // An article replaced stays in its shard: still one document per id.
  Article revised = Wire(7, 1)[0];
  revised.body = "A revised story about zinc.";
  REQUIRE(writer->Add(revised).ok());
  REQUIRE(writer->Commit().ok());
  auto stats = writer->Stats();
  REQUIRE(stats.ok());
  CHECK(stats->index_shards == 3);
  CHECK(stats->articles == 60);
  writer.reset();
  auto searcher = OpenSearcher(archive);
  CHECK(searcher->ArticleCount() == 60);
  const auto zinc = Ranked(*searcher, "zinc");
  REQUIRE(zinc.size() == 1);
  CHECK(std::get<1>(zinc[0]) == "wire-7");
}

TEST_CASE("a searcher of a sharded archive sees later commits after Reopen", "[shards]") {
  TempDir dir;
  const std::string archive = dir / "archive";
  WriteWire(archive, 3, Wire(0, 30));
  auto searcher = OpenSearcher(archive);
  CHECK(Ranked(*searcher, "wire").size() == 0);
  CHECK(Ranked(*searcher, "story").size() == 30);
  WriteWire(archive, 0, Wire(30, 30));
  REQUIRE(searcher->Reopen().ok());
  CHECK(Ranked(*searcher, "story").size() == 60);
  CHECK(searcher->ArticleCount() == 60);
}

TEST_CASE("compact --merge makes a sharded index one, which answers the same", "[shards]") {
  TempDir dir;
  const std::string one = dir / "one", merged = dir / "merged";
  const std::vector<std::string> folders = WriteTwice(Wire(0, 300), one, merged);

  // A commit stopped between shards leaves them at different generations: merging them
  // would stamp the merged index with a generation part of it lacks. Refused, untouched.
  const std::string gen = Xapian::Database(folders.back()).get_metadata("gen");
  {
    Xapian::WritableDatabase last(folders.back());
    last.set_metadata("gen", std::to_string(std::stoull(gen) - 1));
    last.commit();
  }
  auto refused = indexer::CompactIndex(merged, 0, /*merge_shards=*/true);
  CHECK(refused.status().code() == StatusCode::kFailedPrecondition);
  CHECK(IndexShardFolders(ArchivePaths(merged).xapian)->size() == 3);
  {
    Xapian::WritableDatabase last(folders.back());
    last.set_metadata("gen", gen);
    last.commit();
  }

  auto report = indexer::CompactIndex(merged, 0, /*merge_shards=*/true);
  INFO(report.status().ToString());
  REQUIRE(report.ok());
  CHECK(report->shards_before == 3);
  CHECK(report->shards_after == 1);
  CHECK(*IndexShardFolders(ArchivePaths(merged).xapian) ==
        std::vector<std::string>{ArchivePaths(merged).xapian});
  auto check = indexer::CheckArchive(merged, {});
  REQUIRE(check.ok());
  CHECK(check->healthy());
  CHECK(check->index_documents == 300);
  {
    auto a = OpenSearcher(one), b = OpenSearcher(merged);
    for (const std::string query : {"wheat", "\"crude oil\"", "place:orsvik", "story -tin"}) {
      INFO(query);
      CHECK(Ranked(*b, query) == Ranked(*a, query));
      CHECK(FacetCounts(*b, query) == FacetCounts(*a, query));
    }
  }
  // From now on an archive of one shard: its commits write it, replacing in place.
  auto writer = OpenWriter(merged, 0);
  Article revised = Wire(11, 1)[0];
  revised.body = "A revised story about zinc.";
  REQUIRE(writer->Add(revised).ok());
  REQUIRE(writer->Commit().ok());
  CHECK(writer->Stats()->index_shards == 1);
  CHECK(writer->Stats()->articles == 300);
  writer.reset();
  CHECK(Ranked(*OpenSearcher(merged), "zinc").size() == 1);
}

}  // namespace newsdex
