// index_bench: indexing throughput of newsdex next to raw Xapian on the same articles.
//
//   build-release/benchmarks/index_bench [--corpus DIR] [--runs N]
//
// Reads Reuters-21578 once with newsdex's reader, then, in separate child processes so
// that peak memory is measured per system, indexes it N times (a fresh folder each run):
//   newsdex   Writer::Add for every article, one Commit (full analysis, both stores)
//   xapian    raw Xapian 1.4: TermGenerator with the English stemmer over title and body,
//             one add_document per article, one commit (the baseline of the issue tracker)
// Prints one JSON line per run and one summary line per system with medians, and the
// ratio newsdex/xapian of the medians.

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include <xapian.h>

#include "indexer/readers/reader.h"
#include "newsdex/writer.h"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::vector<newsdex::Article> ReadCorpus(const std::string& dir, std::uint64_t* text_bytes) {
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().string().ends_with(".sgm.gz")) files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  std::vector<newsdex::Article> articles;
  *text_bytes = 0;
  for (const std::string& file : files) {
    auto reader = newsdex::indexer::OpenReader(file, {});
    if (!reader.ok()) {
      std::fprintf(stderr, "index_bench: %s\n", reader.status().ToString().c_str());
      std::exit(2);
    }
    newsdex::indexer::SourceRecord record;
    while ((*reader)->Next(&record)) {
      *text_bytes += record.article.title.size() + record.article.body.size();
      articles.push_back(std::move(record.article));
    }
  }
  return articles;
}

int IndexNewsdex(const std::vector<newsdex::Article>& articles, const std::string& path) {
  newsdex::WriterOptions options;
  options.commit_every_articles = articles.size() + 1;
  options.commit_every_bytes = std::size_t{1} << 40;
  auto writer = newsdex::Writer::Open(options, path);
  if (!writer.ok()) return 2;
  for (const newsdex::Article& a : articles) {
    if (!(*writer)->Add(a).ok()) return 2;
  }
  return (*writer)->Commit().ok() ? 0 : 2;
}

int IndexXapian(const std::vector<newsdex::Article>& articles, const std::string& path) {
  Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OVERWRITE);
  Xapian::TermGenerator generator;
  generator.set_stemmer(Xapian::Stem("en"));
  for (const newsdex::Article& a : articles) {
    Xapian::Document doc;
    generator.set_document(doc);
    generator.index_text(a.title, 1, "S");
    generator.index_text(a.title);
    generator.increase_termpos();
    generator.index_text(a.body);
    doc.add_boolean_term("Q" + a.id);
    doc.set_data(a.id);
    db.replace_document("Q" + a.id, doc);
  }
  db.commit();
  return 0;
}

std::uint64_t FolderBytes(const std::string& path) {
  std::uint64_t total = 0;
  for (const auto& e : fs::recursive_directory_iterator(path)) {
    if (e.is_regular_file()) total += e.file_size();
  }
  return total;
}

struct Measurement {
  double seconds = 0;
  long peak_rss_kb = 0;
  std::uint64_t disk_bytes = 0;
};

// Runs one indexing in a child process: its own peak RSS, nothing shared.
Measurement Measure(const char* system, const std::vector<newsdex::Article>& articles,
                    const std::string& path) {
  fs::remove_all(path);
  const auto start = Clock::now();
  pid_t pid = ::fork();
  if (pid == 0) {
    const int status = std::strcmp(system, "newsdex") == 0 ? IndexNewsdex(articles, path)
                                                           : IndexXapian(articles, path);
    std::_Exit(status);
  }
  int status = 0;
  struct rusage usage;
  ::wait4(pid, &status, 0, &usage);
  Measurement m;
  m.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::fprintf(stderr, "index_bench: %s run failed\n", system);
    std::exit(2);
  }
  m.peak_rss_kb = usage.ru_maxrss;
  m.disk_bytes = FolderBytes(path);
  return m;
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  std::string corpus = std::string(NEWSDEX_CORPORA_DIR) + "/reuters21578";
  int runs = 3;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--corpus") == 0) corpus = argv[i + 1];
    if (std::strcmp(argv[i], "--runs") == 0) runs = std::max(1, std::atoi(argv[i + 1]));
  }
  std::uint64_t text_bytes = 0;
  const std::vector<newsdex::Article> articles = ReadCorpus(corpus, &text_bytes);
  const std::string work = (fs::temp_directory_path() / ("index_bench-" + std::to_string(::getpid()))).string();
  double medians[2] = {0, 0};
  const char* systems[2] = {"newsdex", "xapian"};
  for (int s = 0; s < 2; ++s) {
    std::vector<double> rates;
    Measurement last;
    for (int r = 0; r < runs; ++r) {
      last = Measure(systems[s], articles, work + "/" + systems[s]);
      rates.push_back(articles.size() / last.seconds);
      std::printf("{\"system\":\"%s\",\"corpus\":\"reuters21578\",\"run\":%d,\"articles\":%zu,"
                  "\"seconds\":%.3f,\"articles_per_s\":%.0f,\"mb_per_s\":%.2f,"
                  "\"peak_rss_mb\":%.1f,\"disk_mb\":%.1f}\n",
                  systems[s], r, articles.size(), last.seconds, rates.back(),
                  text_bytes / last.seconds / 1e6, last.peak_rss_kb / 1024.0,
                  last.disk_bytes / 1e6);
      std::fflush(stdout);
    }
    medians[s] = Median(rates);
    std::printf("{\"system\":\"%s\",\"summary\":true,\"median_articles_per_s\":%.0f,"
                "\"text_mb\":%.1f,\"disk_to_text\":%.2f}\n",
                systems[s], medians[s], text_bytes / 1e6, last.disk_bytes / double(text_bytes));
  }
  std::printf("{\"ratio_newsdex_to_xapian\":%.2f}\n", medians[0] / medians[1]);
  fs::remove_all(work);
  return 0;
}
