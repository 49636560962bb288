// Xapian's own cost of writing the documents of Reuters-21578, the analysis done before
// the clock starts: what newsdex's single Xapian writer can reach at best, next to the
// same cost for the documents of Xapian's TermGenerator (compare_bench's raw Xapian).
//
//   build-release/benchmarks/micro/micro_bench --benchmark_filter=XapianWrite
//
// BM_XapianWrite_Newsdex: one iteration adds every story as ArticleIndexer builds it
// (without the archive's known names) to a new glass database in a temporary folder,
// committing every 2,000 stories as newsdex-index does by default.
// BM_XapianWrite_TermGenerator: the same for the documents compare_bench's raw Xapian
// indexer builds (benchmarks/compare/raw_xapian_document.h), committing at the end as
// it does.
// Reports items/s (stories). Divide the raw Xapian indexer's articles/s (compare_bench,
// same machine) into BM_XapianWrite_Newsdex's to get the most a pipeline with one writer
// could gain over it, however fast everything else is.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <xapian.h>

#include "benchmarks/compare/raw_xapian_document.h"
#include "benchmarks/micro/stories.h"
#include "common/schema/schema.h"
#include "indexer/article_indexer.h"

namespace newsdex::micro {
namespace {

constexpr Xapian::doccount kNewsdexCommitEvery = 2000;  // newsdex-index --commit-every
constexpr std::size_t kMaxIndexedBytes = 8 << 20;

const std::vector<Xapian::Document>& NewsdexDocuments() {
  static const std::vector<Xapian::Document> documents = [] {
    indexer::ArticleIndexer builder(Schema::Default(), "en", kMaxIndexedBytes);
    std::vector<Xapian::Document> built;
    for (const Article& story : ReutersStories()) {
      indexer::BuildReport report;
      built.push_back(builder.Build(story, &report));
    }
    return built;
  }();
  return documents;
}

const std::vector<Xapian::Document>& TermGeneratorDocuments() {
  static const std::vector<Xapian::Document> documents = [] {
    Xapian::TermGenerator generator;
    generator.set_stemmer(Xapian::Stem("en"));
    std::vector<Xapian::Document> built;
    for (const Article& story : ReutersStories()) {
      built.push_back(bench::RawXapianDocument(story, &generator));
    }
    return built;
  }();
  return documents;
}

// A folder for the databases, removed at exit.
class ScratchFolder {
 public:
  ScratchFolder() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "newsdex-xapian-write-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) std::abort();
    path_ = pattern;
  }
  ~ScratchFolder() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  std::string Database() const { return (path_ / "db").string(); }

 private:
  std::filesystem::path path_;
};

void WriteAll(benchmark::State& state, const std::vector<Xapian::Document>& documents,
              Xapian::doccount commit_every) {
  const ScratchFolder folder;
  for (auto _ : state) {
    Xapian::WritableDatabase db(folder.Database(), Xapian::DB_CREATE_OR_OVERWRITE);
    Xapian::doccount added = 0;
    for (const Xapian::Document& doc : documents) {
      db.add_document(doc);
      if (commit_every > 0 && ++added % commit_every == 0) db.commit();
    }
    db.commit();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * documents.size()));
}

void BM_XapianWrite_Newsdex(benchmark::State& state) {
  WriteAll(state, NewsdexDocuments(), kNewsdexCommitEvery);
}
BENCHMARK(BM_XapianWrite_Newsdex)->Unit(benchmark::kMillisecond)->Iterations(1)->Repetitions(3);

void BM_XapianWrite_TermGenerator(benchmark::State& state) {
  WriteAll(state, TermGeneratorDocuments(), 0);
}
BENCHMARK(BM_XapianWrite_TermGenerator)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1)
    ->Repetitions(3);

}  // namespace
}  // namespace newsdex::micro
