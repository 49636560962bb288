// compare_bench: newsdex side by side with raw Xapian and SQLite FTS5 on one corpus and
// one query set in the same run: indexing (articles/s, MB/s, peak RSS, size on disk)
// and search latency (p50, p95, p99, max, QPS per kind of query, on one thread).
//
//   ./run bench                                  # Reuters-21578, 3 runs
//   ./run bench scaled 500000                    # the scaled archive (scale_corpus)
//   build-release/benchmarks/compare_bench [--corpus PATH]... [--name NAME] [--runs N]
//       [--rounds N] [--queries FILE] [--new-queries] [--newsdex-args "ARGS"] [--keep]
//       [--search-only] [--work DIR] [--results DIR]
//
// Indexing: each run indexes the corpus with each system in a child process (fork and
// exec; peak RSS from wait4): the newsdex-index tool as a user runs it, and this
// program's --index-child mode for raw Xapian and FTS5 (baseline_indexers.h). Every
// system reads its input with newsdex's readers. Medians of --runs runs are reported.
// Search: the last run's indexes answer the query set (query_set.h, search_runs.h).
// Writes RESULTS/NAME.json and RESULTS/NAME.md and prints the Markdown on stdout.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <sstream>

#include <cxxopts.hpp>
#include <xapian.h>

#include "benchmarks/compare/baseline_indexers.h"
#include "benchmarks/compare/bench_results.h"
#include "benchmarks/compare/corpus_files.h"

namespace {

namespace fs = std::filesystem;
using namespace newsdex::bench;

constexpr std::size_t kSampleArticles = 4000;
const std::vector<std::string> kSystems = {"newsdex", "xapian", "fts5"};
// newsdex-ids searches newsdex's index, answering with ids alone as the raw runner does;
// xapian-full searches raw Xapian's, showing titles and snippets as newsdex does.
const std::vector<std::string> kSearchSystems = {"newsdex", "newsdex-ids", "xapian",
                                                 "xapian-full", "fts5"};

[[noreturn]] void Die(const std::string& message) {
  std::cerr << "compare_bench: " << message << "\n";
  std::exit(2);
}

[[noreturn]] void UsageError(const std::string& message) {
  std::cerr << "compare_bench: " << message << " (see --help)\n";
  std::exit(1);
}

void Say(const std::string& message) { std::cerr << "compare_bench: " << message << std::endl; }

std::string SelfPath() { return fs::read_symlink("/proc/self/exe").string(); }

std::vector<std::string> SplitWords(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> words;
  for (std::string w; in >> w;) words.push_back(w);
  return words;
}

// One pass over the corpus: counts, text bytes and a seeded sample for the queries.
CorpusInfo ReadCorpus(const std::vector<std::string>& files, std::uint64_t seed,
                      std::vector<SampledArticle>* sample) {
  CorpusInfo corpus;
  corpus.files = files;
  std::mt19937_64 rng(seed);
  std::string error;
  const bool read = ForEachArticle(
      files,
      [&](newsdex::Article&& a) {
        corpus.text_bytes += TextBytes(a);
        const std::uint64_t seen = corpus.articles++;
        SampledArticle s{std::move(a.title), std::move(a.body), a.published};
        if (sample->size() < kSampleArticles) {
          sample->push_back(std::move(s));
        } else if (const std::uint64_t slot = rng() % (seen + 1); slot < kSampleArticles) {
          (*sample)[slot] = std::move(s);
        }
      },
      &corpus.skipped, &error);
  if (!read) Die(error);
  if (corpus.articles == 0) Die("no articles in the corpus");
  return corpus;
}

struct Settings {
  std::vector<std::string> files;
  std::string name, work, results, queries, newsdex_index;
  std::vector<std::string> newsdex_args;
  std::vector<std::string> search_systems = kSearchSystems;
  newsdex::SearcherOptions searcher;
  int runs = 3, rounds = 3;
  std::uint64_t seed = 1987;
  bool new_queries = false, keep = false, search_only = false;
};

std::string OutputOf(const Settings& s, const std::string& system) {
  return s.work + "/" + (system == "fts5" ? "fts5.sqlite" : system);
}

IndexCommand CommandFor(const Settings& s, const std::string& system) {
  IndexCommand command{system, {}, OutputOf(s, system)};
  if (system == "newsdex") {
    command.argv = {s.newsdex_index, "-a", command.output, "-q"};
    command.argv.insert(command.argv.end(), s.newsdex_args.begin(), s.newsdex_args.end());
  } else {
    command.argv = {SelfPath(), "--index-child", system, command.output};
  }
  command.argv.insert(command.argv.end(), s.files.begin(), s.files.end());
  return command;
}

// --runs rounds of indexing, the systems taking turns so that drift of a shared machine
// spreads over all of them.
std::vector<IndexSummary> MeasureIndexing(const Settings& s, const CorpusInfo& corpus) {
  std::map<std::string, std::vector<IndexMeasurement>> runs;
  for (int run = 1; run <= s.runs; ++run) {
    for (const std::string& system : kSystems) {
      std::string error;
      auto m = RunIndexing(CommandFor(s, system), run, &error);
      if (!m) Die(error);
      Say("index run " + std::to_string(run) + "/" + std::to_string(s.runs) + " " + system +
          ": " + std::to_string(m->seconds) + " s, " +
          std::to_string(static_cast<long>(corpus.articles / m->seconds)) + " articles/s, peak RSS " +
          std::to_string(static_cast<long>(m->peak_rss_mb)) + " MB");
      runs[system].push_back(*m);
    }
  }
  std::vector<IndexSummary> summaries;
  for (const std::string& system : kSystems) summaries.push_back(Summarize(system, runs[system]));
  return summaries;
}

// Compacts raw Xapian's last index into the xapian-compacted folder, as newsdex's
// --compact does at the end of its run, so that sizes and searches compare like with
// like. The time is reported beside raw Xapian's indexing time, not within it.
void CompactRawXapian(const Settings& s, IndexSummary* raw) {
  const std::string compacted = OutputOf(s, "xapian-compacted");
  fs::remove_all(compacted);
  const auto start = std::chrono::steady_clock::now();
  try {
    Xapian::Database(OutputOf(s, "xapian")).compact(compacted);
  } catch (const Xapian::Error& e) {
    Die("compacting raw Xapian's index: " + e.get_description());
  }
  raw->compact_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  raw->compacted_bytes = BytesOnDisk(compacted);
  Say("raw Xapian's index compacted: " + std::to_string(raw->index_bytes / 1000000) + " MB -> " +
      std::to_string(raw->compacted_bytes / 1000000) + " MB in " +
      std::to_string(raw->compact_seconds) + " s");
}

// Raw Xapian is searched compacted, as newsdex is after --compact; older work folders
// may lack the copy.
bool SearchRawCompacted(const Settings& s) { return fs::exists(OutputOf(s, "xapian-compacted")); }

// The title and body of every article of the corpus, by id.
std::shared_ptr<const ArticleTexts> ReadArticleTexts(const std::vector<std::string>& files) {
  auto texts = std::make_shared<ArticleTexts>();
  std::string error;
  const bool read = ForEachArticle(
      files,
      [&](newsdex::Article&& a) {
        (*texts)[a.id] = ArticleText{std::move(a.title), std::move(a.body)};
      },
      nullptr, &error);
  if (!read) Die(error);
  return texts;
}

std::unique_ptr<SearchSystem> OpenSystem(const Settings& s, const std::string& system,
                                         std::uint64_t articles) {
  std::string error;
  const bool raw = system == "xapian" || system == "xapian-full";
  const std::string path = system == "newsdex-ids"        ? OutputOf(s, "newsdex")
                           : raw && SearchRawCompacted(s) ? OutputOf(s, "xapian-compacted")
                           : raw                          ? OutputOf(s, "xapian")
                                                          : OutputOf(s, system);
  std::unique_ptr<SearchSystem> opened =
      system == "newsdex"  ? OpenNewsdexSearch(path, /*ids_only=*/false, s.searcher, &error)
      : system == "newsdex-ids" ? OpenNewsdexSearch(path, /*ids_only=*/true, s.searcher, &error)
      : system == "xapian" ? OpenXapianSearch(path, nullptr, &error)
      : system == "xapian-full" ? OpenXapianSearch(path, ReadArticleTexts(s.files), &error)
                           : OpenFts5Search(path, &error);
  if (!opened) Die("cannot open the " + system + " index at " + path + ": " + error);
  if (opened->ArticleCount() != articles) {
    Say("warning: " + system + " holds " + std::to_string(opened->ArticleCount()) +
        " articles, the corpus " + std::to_string(articles));
  }
  return opened;
}

std::vector<BenchQuery> QuerySet(const Settings& s, std::vector<SampledArticle> sample) {
  std::vector<BenchQuery> queries;
  std::string error;
  if (!s.new_queries && fs::exists(s.queries)) {
    if (!LoadQueries(s.queries, &queries, &error)) Die(error);
    Say("timing the " + std::to_string(queries.size()) + " queries of " + s.queries);
    return queries;
  }
  auto searcher = newsdex::Searcher::Open(newsdex::SearcherOptions{}, OutputOf(s, "newsdex"));
  if (!searcher.ok()) Die(searcher.status().ToString());
  try {
    const Xapian::Database raw(OutputOf(s, "xapian"));
    queries = GenerateQueries({std::move(sample), searcher->get(), &raw}, s.seed);
  } catch (const Xapian::Error& e) {
    Die("generating the query set: " + e.get_description());
  }
  const std::string comment = "compare_bench query set for " + s.name + ", seed " +
                              std::to_string(s.seed) + ", generated " + UtcNow();
  fs::create_directories(fs::path(s.queries).parent_path());
  if (!SaveQueries(s.queries, queries, comment, &error)) Die(error);
  Say("generated " + std::to_string(queries.size()) + " queries into " + s.queries);
  return queries;
}

void WriteResults(const Settings& s, const BenchResults& results) {
  fs::create_directories(s.results);
  const std::string base = s.results + "/" + s.name;
  std::ofstream(base + ".json") << ToJson(results).dump(2) << "\n";
  const std::string markdown = ToMarkdown(results);
  std::ofstream(base + ".md") << markdown;
  std::cout << markdown << std::flush;
  Say("wrote " + base + ".json and " + base + ".md");
}

int Run(const Settings& s) {
  fs::create_directories(s.work);
  std::vector<SampledArticle> sample;
  BenchResults results;
  results.corpus = ReadCorpus(s.files, s.seed, &sample);
  results.corpus.name = s.name;
  results.date = UtcNow();
  results.load_at_start = LoadAverage();
  results.commit = GitCommit(NEWSDEX_SOURCE_DIR);
  results.newsdex_command = "newsdex-index -a ARCHIVE -q";
  for (const std::string& arg : s.newsdex_args) results.newsdex_command += " " + arg;
  results.facet_cache_bytes = s.searcher.facet_cache_bytes;
  Say(s.name + ": " + std::to_string(results.corpus.articles) + " articles, " +
      std::to_string(results.corpus.text_bytes / 1000000) + " MB of text");
  if (s.search_only) {
    Say("--search-only: searching the indexes kept in " + s.work);
  } else {
    results.indexing = MeasureIndexing(s, results.corpus);
    for (IndexSummary& summary : results.indexing) {
      if (summary.system == "xapian") CompactRawXapian(s, &summary);
    }
  }

  results.xapian_searched_compacted = SearchRawCompacted(s);
  std::vector<std::unique_ptr<SearchSystem>> systems;
  for (const std::string& system : s.search_systems) {
    systems.push_back(OpenSystem(s, system, results.corpus.articles));
  }
  const std::vector<BenchQuery> queries = QuerySet(s, std::move(sample));
  results.query_file = fs::relative(s.queries, NEWSDEX_SOURCE_DIR).string();
  results.queries = queries.size();
  results.search_rounds = s.rounds;
  for (auto& system : systems) {
    Say("searching with " + system->name());
    results.search.push_back(TimeQueries(*system, queries, s.rounds));
  }
  systems.clear();
  results.load_at_end = LoadAverage();
  WriteResults(s, results);
  if (!s.keep && !s.search_only) fs::remove_all(s.work);
  return 0;
}

// Default folders: work beside this program in the build tree, results in the source.
Settings ParseSettings(int argc, char** argv) {
  cxxopts::Options options("compare_bench",
                           "newsdex side by side with raw Xapian and SQLite FTS5: indexing "
                           "and search on one corpus and one query set.");
  const std::string exe_dir = fs::path(SelfPath()).parent_path().string();
  options.add_options()
      ("corpus", "Reuters-21578 folder, SGML or JSON Lines files (repeatable)",
       cxxopts::value<std::vector<std::string>>()->default_value(
           std::string(NEWSDEX_CORPORA_DIR) + "/reuters21578"))
      ("name", "results name: RESULTS/NAME.json, .md, NAME-queries.tsv",
       cxxopts::value<std::string>()->default_value("reuters"))
      ("runs", "indexing runs per system (median reported)", cxxopts::value<int>()->default_value("3"))
      ("rounds", "timed rounds over the query set", cxxopts::value<int>()->default_value("3"))
      ("queries", "query set file (default RESULTS/NAME-queries.tsv; made when missing)",
       cxxopts::value<std::string>())
      ("new-queries", "generate the query set again even when the file exists")
      ("seed", "seed of the corpus sample and the query set", cxxopts::value<std::uint64_t>()->default_value("1987"))
      ("newsdex-index", "the newsdex-index program (default: beside this one in the build tree)",
       cxxopts::value<std::string>()->default_value(exe_dir + "/../indexer/newsdex-index"))
      ("newsdex-args", "more arguments for newsdex-index, e.g. \"--threads 2\"",
       cxxopts::value<std::string>()->default_value(""))
      ("work", "folder for the indexes (default: compare-work/NAME beside this program)",
       cxxopts::value<std::string>())
      ("results", "folder for the reports", cxxopts::value<std::string>()->default_value(
           std::string(NEWSDEX_SOURCE_DIR) + "/benchmarks/results"))
      ("keep", "keep the indexes of the last run")
      ("search-only", "no indexing: search the indexes a run with --keep left in the work folder")
      ("search-systems", "the systems to search, comma separated (for profiling one)",
       cxxopts::value<std::string>()->default_value("newsdex,newsdex-ids,xapian,xapian-full,fts5"))
      ("facet-cache-mb", "newsdex's facet columns, in MiB (0: none; default: the Searcher's)",
       cxxopts::value<std::size_t>())
      ("h,help", "show this help");
  auto args = options.parse(argc, argv);
  if (args.count("help")) {
    std::cout << options.help() << "\nThe work folder needs room for three indexes of "
                 "the corpus (a few GB for 500,000 articles).\n";
    std::exit(0);
  }
  Settings s;
  std::string error;
  s.files = ExpandCorpus(args["corpus"].as<std::vector<std::string>>(), &error);
  if (s.files.empty()) Die(error);
  s.name = args["name"].as<std::string>();
  s.runs = args["runs"].as<int>();
  s.rounds = args["rounds"].as<int>();
  if (s.runs < 1 || s.rounds < 1) UsageError("--runs and --rounds must be at least 1");
  s.results = fs::absolute(args["results"].as<std::string>()).lexically_normal().string();
  s.queries = args.count("queries") ? fs::absolute(args["queries"].as<std::string>()).string()
                                    : s.results + "/" + s.name + "-queries.tsv";
  s.new_queries = args.count("new-queries") > 0;
  s.seed = args["seed"].as<std::uint64_t>();
  s.newsdex_index = fs::absolute(args["newsdex-index"].as<std::string>()).lexically_normal().string();
  if (!fs::exists(s.newsdex_index)) Die("no newsdex-index at " + s.newsdex_index + " (--newsdex-index)");
  s.newsdex_args = SplitWords(args["newsdex-args"].as<std::string>());
  s.work = args.count("work") ? fs::absolute(args["work"].as<std::string>()).string()
                              : exe_dir + "/compare-work/" + s.name;
  s.keep = args.count("keep") > 0;
  s.search_only = args.count("search-only") > 0;
  if (args.count("facet-cache-mb")) {
    s.searcher.facet_cache_bytes = args["facet-cache-mb"].as<std::size_t>() << 20;
  }
  std::string systems = args["search-systems"].as<std::string>();
  std::replace(systems.begin(), systems.end(), ',', ' ');
  s.search_systems = SplitWords(systems);
  for (const std::string& system : s.search_systems) {
    if (std::find(kSearchSystems.begin(), kSearchSystems.end(), system) == kSearchSystems.end()) {
      UsageError("--search-systems: unknown system '" + system + "'");
    }
  }
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 4 && std::string(argv[1]) == "--index-child") {
    const std::string system = argv[2], out = argv[3];
    const std::vector<std::string> files(argv + 4, argv + argc);
    if (system == "xapian") return IndexWithXapian(files, out);
    if (system == "fts5") return IndexWithFts5(files, out);
    UsageError("unknown system for --index-child: " + system);
  }
  try {
    return Run(ParseSettings(argc, argv));
  } catch (const cxxopts::exceptions::exception& e) {
    std::cerr << "compare_bench: " << e.what() << " (see --help)\n";
    return 1;
  } catch (const std::exception& e) {
    Die(e.what());
  }
}
