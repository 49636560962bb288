// The fixed query set of the comparison benchmark: generated once from the corpus
// (seeded, deterministic), saved as a file beside the results, and read back so that
// later runs time the same queries.
//
//   newsdex::bench::QuerySources sources{sample, searcher.get(), &raw_xapian};
//   auto queries = newsdex::bench::GenerateQueries(sources, 1987);
//   newsdex::bench::SaveQueries("benchmarks/results/reuters-queries.tsv", queries, note);
//
// Kinds: word, and, or, phrase (run by all three systems), name, date, topic, facets
// (newsdex only: the baselines have no equivalent). The file has one query a line,
// "KIND<TAB>QUERY[<TAB>FACETS]", in newsdex's query language; lines starting with # are
// comments.
#ifndef NEWSDEX_BENCHMARKS_COMPARE_QUERY_SET_H_
#define NEWSDEX_BENCHMARKS_COMPARE_QUERY_SET_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <xapian.h>

#include "newsdex/searcher.h"

namespace newsdex::bench {

struct BenchQuery {
  std::string kind;                 // "word", "and", "or", "phrase", "name", ...
  std::string text;                 // in newsdex's query language
  std::vector<std::string> facets;  // kind "facets": the facets counted
  std::vector<std::string> words;   // word/and/or/phrase: the words, for the baselines
};

// The kinds in report order, and whether the baselines run a kind.
const std::vector<std::string>& QueryKinds();
bool IsSharedKind(const std::string& kind);

// An article of the corpus the generator may draw words, phrases and dates from.
struct SampledArticle {
  std::string title, body;
  std::optional<std::int64_t> published;
};

struct QuerySources {
  std::vector<SampledArticle> sample;  // a seeded random sample of the corpus
  const Searcher* newsdex = nullptr;   // its names and topics
  const Xapian::Database* raw = nullptr;  // the raw Xapian index: word frequencies
};

// At least 1,000 queries (1,200) of every kind, the same for the same sources and seed.
std::vector<BenchQuery> GenerateQueries(const QuerySources& sources, std::uint64_t seed);

bool SaveQueries(const std::string& path, const std::vector<BenchQuery>& queries,
                 const std::string& comment, std::string* error);
// Reads a file SaveQueries wrote; false with *error naming the path and line.
bool LoadQueries(const std::string& path, std::vector<BenchQuery>* queries,
                 std::string* error);

}  // namespace newsdex::bench

#endif  // NEWSDEX_BENCHMARKS_COMPARE_QUERY_SET_H_
