// scale_corpus: writes a large news archive for compare_bench as JSON Lines: copies of
// Reuters-21578 and the BBC set with new ids and publication dates shifted by whole
// years, until N articles (default 500,000). Deterministic: the same N gives the same file.
//
//   build-release/benchmarks/scale_corpus [--articles N] [--out DIR] [--gzip]
//       [--reuters DIR] [--bbc DIR]
//   ./run bench scaled 500000          # makes it once (cached), then runs compare_bench
//
// Copy k (k = 0, 1, ...) of every Reuters story, then of every BBC article, in corpus
// order: id "r<NEWID>-c<k>" or "bbc-<section>-<nnn>-c<k>"; publication date shifted by k
// years (Reuters 1987 + k). The BBC files carry no date: copy 0 of the i-th BBC article
// is dated 2004-01-01 + (37 i mod 731) days at noon UTC, a fixed spread over the two
// years the set covers. Title, body, dateline, byline, topics, people, orgs and places
// (Reuters) and the section (BBC) are kept; the keys are those of the default schema
// (schemas/news.toml). Writes OUT/scaled-N.jsonl[.gz] (through a temporary file, so a
// file of that name is always complete) and prints its path. The output never belongs
// in the repository: it defaults to scaled-corpus/ beside this program.
#include <zlib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <iostream>

#include <cxxopts.hpp>
#include <nlohmann/json.hpp>

#include "benchmarks/compare/corpus_files.h"
#include "indexer/readers/reader.h"

namespace {

namespace fs = std::filesystem;
namespace chrono = std::chrono;

[[noreturn]] void Die(const std::string& message) {
  std::cerr << "scale_corpus: " << message << "\n";
  std::exit(2);
}

struct BaseArticle {
  newsdex::Article article;
  std::string id_stem;  // "r17192", "bbc-business-001"
};

std::vector<BaseArticle> ReadReuters(const std::string& dir) {
  std::string error;
  const std::vector<std::string> files = newsdex::bench::ExpandCorpus({dir}, &error);
  if (files.empty()) Die(error);
  std::vector<BaseArticle> base;
  if (!newsdex::bench::ForEachArticle(
          files, [&](newsdex::Article&& a) { base.push_back({std::move(a), ""}); }, nullptr,
          &error)) {
    Die(error);
  }
  for (BaseArticle& b : base) b.id_stem = "r" + b.article.id;
  return base;
}

// BBC articles, section from their folder and a fixed date in 2004-2005.
std::vector<BaseArticle> ReadBbc(const std::string& dir) {
  if (!fs::is_directory(dir)) Die("no BBC corpus at " + dir);
  newsdex::indexer::ReaderOptions options;
  options.section_from_folder = true;
  options.exclude = {"README*"};
  auto reader = newsdex::indexer::OpenReader(dir, options);
  if (!reader.ok()) Die(reader.status().ToString());
  const std::int64_t first_day = chrono::sys_days{chrono::year{2004} / 1 / 1}.time_since_epoch().count();
  std::vector<BaseArticle> base;
  newsdex::indexer::SourceRecord record;
  while ((*reader)->Next(&record)) {
    newsdex::Article a = std::move(record.article);
    // The id is the path below the folder's parent ("bbc/business/001.txt").
    const fs::path path(a.id);
    const std::string stem = "bbc-" + path.parent_path().filename().string() + "-" +
                             path.stem().string();
    const std::int64_t day = first_day + static_cast<std::int64_t>(37 * base.size() % 731);
    a.published = day * 86400 + 12 * 3600;
    base.push_back({std::move(a), stem});
  }
  if (base.empty()) Die("no BBC articles in " + dir);
  return base;
}

// `seconds` moved by whole years (29 February becomes 28 February).
std::int64_t ShiftYears(std::int64_t seconds, int years) {
  const chrono::sys_seconds t{chrono::seconds{seconds}};
  const chrono::sys_days day = chrono::floor<chrono::days>(t);
  chrono::year_month_day ymd{day};
  ymd += chrono::years{years};
  if (!ymd.ok()) ymd = ymd.year() / ymd.month() / chrono::last;
  return (chrono::sys_days{ymd} + (t - day)).time_since_epoch().count();
}

std::string Iso8601(std::int64_t seconds) {
  const std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

std::string CopyLine(const BaseArticle& base, int copy) {
  const newsdex::Article& a = base.article;
  nlohmann::json j = {{"id", base.id_stem + "-c" + std::to_string(copy)},
                      {"title", a.title},
                      {"body", a.body}};
  if (a.published) j["published"] = Iso8601(ShiftYears(*a.published, copy));
  if (!a.dateline.empty()) j["dateline"] = a.dateline;
  if (!a.byline.empty()) j["byline"] = a.byline;
  j["source"] = a.source.empty() ? (base.id_stem[0] == 'r' ? "reuters" : "bbc") : a.source;
  if (!a.section.empty()) j["section"] = a.section;
  if (!a.topics.empty()) j["topics"] = a.topics;
  if (!a.people.empty()) j["people"] = a.people;
  if (!a.orgs.empty()) j["orgs"] = a.orgs;
  if (!a.places.empty()) j["places"] = a.places;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

void WriteCorpus(const std::vector<BaseArticle>& base, std::uint64_t articles,
                 const std::string& path, bool gzip) {
  const std::string partial = path + ".partial";
  gzFile gz = nullptr;
  FILE* plain = nullptr;
  if (gzip) gz = gzopen(partial.c_str(), "wb6");
  else plain = std::fopen(partial.c_str(), "wb");
  if (gz == nullptr && plain == nullptr) Die("cannot write " + partial);
  bool ok = true;
  for (std::uint64_t i = 0; i < articles && ok; ++i) {
    const std::string line = CopyLine(base[i % base.size()], static_cast<int>(i / base.size()));
    ok = gzip ? gzwrite(gz, line.data(), static_cast<unsigned>(line.size())) == int(line.size())
              : std::fwrite(line.data(), 1, line.size(), plain) == line.size();
  }
  ok = (gzip ? gzclose(gz) == Z_OK : std::fclose(plain) == 0) && ok;
  if (!ok) Die("cannot write " + partial + " (disk full?)");
  fs::rename(partial, path);
}

}  // namespace

int main(int argc, char** argv) {
  cxxopts::Options options("scale_corpus", "Write a scaled news archive (JSON Lines) of "
                                           "Reuters-21578 and BBC copies for compare_bench.");
  const std::string exe_dir = fs::read_symlink("/proc/self/exe").parent_path().string();
  const std::string corpora = NEWSDEX_CORPORA_DIR;
  options.add_options()
      ("articles", "articles to write", cxxopts::value<std::uint64_t>()->default_value("500000"))
      ("out", "output folder", cxxopts::value<std::string>()->default_value(exe_dir + "/scaled-corpus"))
      ("gzip", "compress the output (.jsonl.gz)")
      ("reuters", "Reuters-21578 folder", cxxopts::value<std::string>()->default_value(corpora + "/reuters21578"))
      ("bbc", "BBC folder", cxxopts::value<std::string>()->default_value(corpora + "/bbc"))
      ("h,help", "show this help");
  try {
    auto args = options.parse(argc, argv);
    if (args.count("help")) {
      std::cout << options.help();
      return 0;
    }
    const std::uint64_t articles = args["articles"].as<std::uint64_t>();
    if (articles == 0) Die("--articles must be at least 1");
    std::vector<BaseArticle> base = ReadReuters(args["reuters"].as<std::string>());
    for (BaseArticle& b : ReadBbc(args["bbc"].as<std::string>())) base.push_back(std::move(b));
    const std::string out = args["out"].as<std::string>();
    fs::create_directories(out);
    const bool gzip = args.count("gzip") > 0;
    const std::string path = out + "/scaled-" + std::to_string(articles) + (gzip ? ".jsonl.gz" : ".jsonl");
    WriteCorpus(base, articles, path, gzip);
    std::cout << path << "\n";
    return 0;
  } catch (const cxxopts::exceptions::exception& e) {
    std::cerr << "scale_corpus: " << e.what() << " (see --help)\n";
    return 1;
  } catch (const std::exception& e) {
    Die(e.what());
  }
}
