// dates_bench: how well newsdex reads dates.
//
//   dates_bench [--corpora DIR] [--data DIR] [--runs N] [--json FILE]
//
// 1. Publication dates: reads all of Reuters-21578 with the SGML reader and counts the
//    stories that carry a date, the date warnings, and the span of the dates.
// 2. Mentioned dates: precision and recall of DateMentionExtractor on the annotated
//    sets under tests/data/dates (annotated.jsonl, and heldout.jsonl, written apart from
//    the extractor and never used to tune it), overall and by precision of the expected
//    date; a mention is correct when its key equals an expected key of the same text.
// 3. Throughput: extraction over every Reuters title and body, in MB/s (median of N
//    runs), beside the ICU analyser over the same text, and the mentions found.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/text/analyzer.h"
#include "common/text/date_mentions.h"
#include "common/text/publication_date.h"
#include "indexer/readers/reader.h"

namespace {

namespace fs = std::filesystem;
namespace text = newsdex::text;
using Clock = std::chrono::steady_clock;

struct BenchOptions {
  std::string corpora = NEWSDEX_CORPORA_DIR;
  std::string data = NEWSDEX_TEST_DATA_DIR;
  int runs = 3;
  std::string json;
  std::size_t sample = 0;  // print this many Reuters mentions in context, for judging
};

[[noreturn]] void Fail(int status, const std::string& message) {
  std::cerr << "dates_bench: " << message << "\n";
  std::exit(status);
}

BenchOptions ParseOptions(int argc, char** argv) {
  BenchOptions options;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) Fail(1, arg + " needs a value");
      return argv[++i];
    };
    if (arg == "--corpora") options.corpora = value();
    else if (arg == "--data") options.data = value();
    else if (arg == "--runs") options.runs = std::max(1, std::stoi(value()));
    else if (arg == "--json") options.json = value();
    else if (arg == "--sample") options.sample = static_cast<std::size_t>(std::stoul(value()));
    else if (arg == "--help" || arg == "-h") {
      std::cout << "usage: dates_bench [--corpora DIR] [--data DIR] [--runs N] [--json FILE]"
                   " [--sample N]\n";
      std::exit(0);
    } else {
      Fail(1, "unknown option: " + arg);
    }
  }
  return options;
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

// --- 1. publication dates ----------------------------------------------------------------

struct PublicationDates {
  std::size_t stories = 0, dated = 0, warnings = 0;
  std::int64_t first = 0, last = 0;
  std::vector<std::string> problems;  // the first few warnings
  std::vector<newsdex::Article> articles;
};

PublicationDates ReadReuters(const std::string& dir) {
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    if (name.starts_with("reut2-") && name.ends_with(".sgm.gz")) files.push_back(e.path().string());
  }
  if (ec || files.empty()) Fail(2, dir + ": no reut2-*.sgm.gz files");
  std::sort(files.begin(), files.end());
  PublicationDates out;
  newsdex::indexer::ReaderOptions options;
  options.on_problem = [&](const newsdex::indexer::ReadProblem& p) {
    ++out.warnings;
    if (out.problems.size() < 5) out.problems.push_back(p.origin + ": " + p.reason);
  };
  for (const std::string& file : files) {
    auto reader = newsdex::indexer::OpenReader(file, options);
    if (!reader.ok()) Fail(2, reader.status().ToString());
    newsdex::indexer::SourceRecord record;
    while ((*reader)->Next(&record)) {
      ++out.stories;
      if (record.article.published) {
        const std::int64_t t = *record.article.published;
        if (out.dated == 0 || t < out.first) out.first = t;
        if (out.dated == 0 || t > out.last) out.last = t;
        ++out.dated;
      }
      out.articles.push_back(std::move(record.article));
    }
  }
  return out;
}

// --- 2. precision and recall ----------------------------------------------------------------

struct Score {
  std::size_t found = 0, expected = 0, correct = 0;
  double precision() const { return found == 0 ? 0 : static_cast<double>(correct) / found; }
  double recall() const { return expected == 0 ? 0 : static_cast<double>(correct) / expected; }
  double f1() const {
    const double p = precision(), r = recall();
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }
};

// "2023-10-16" -> "day"; "2023-10" -> "month"; "2023" -> "year"; ranges by their ends.
std::string PrecisionOf(const std::string& key) {
  const std::string first = key.substr(0, key.find(".."));
  const std::string kind = first.size() == 10 ? "day" : first.size() == 7 ? "month" : "year";
  return key.find("..") == std::string::npos ? kind : kind + " range";
}

struct SetScore {
  std::size_t items = 0;
  Score all;
  std::map<std::string, Score> by_precision;  // of the expected (recall) / found (precision)
  std::vector<std::string> errors;           // the first few
};

SetScore ScoreSet(const std::string& path) {
  std::ifstream in(path);
  SetScore score;
  if (!in) return score;
  text::DateMentionExtractor extractor;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const nlohmann::json item = nlohmann::json::parse(line);
    ++score.items;
    text::DateContext context;
    if (!item["published"].is_null()) {
      auto t = text::ParsePublicationDate(item["published"].get<std::string>());
      if (!t.ok()) Fail(2, path + ": bad published date: " + line);
      context.published = *t;
    }
    std::vector<text::DateMention> found;
    const std::string body = item["text"].get<std::string>();
    extractor.Extract(body, context, &found);
    std::multiset<std::string> expected;
    for (const auto& d : item["dates"]) expected.insert(d.get<std::string>());
    for (const std::string& key : expected) {
      ++score.all.expected;
      ++score.by_precision[PrecisionOf(key)].expected;
    }
    std::multiset<std::string> left = expected;
    for (const text::DateMention& m : found) {
      const std::string key = m.Key();
      ++score.all.found;
      Score& kind = score.by_precision[PrecisionOf(key)];
      ++kind.found;
      if (auto it = left.find(key); it != left.end()) {
        left.erase(it);
        ++score.all.correct;
        ++kind.correct;
      } else if (score.errors.size() < 8) {
        score.errors.push_back("extra " + key + " in: " + body.substr(0, 120));
      }
    }
    for (const std::string& key : left) {
      if (score.errors.size() < 8) score.errors.push_back("missed " + key + " in: " + body.substr(0, 120));
    }
  }
  return score;
}

// --- 3. throughput -------------------------------------------------------------------------

struct Throughput {
  double mb = 0;
  double extract_mb_s = 0, analyse_mb_s = 0;
  std::size_t mentions = 0, stories_with_mentions = 0;
};

Throughput Measure(const std::vector<newsdex::Article>& stories, int runs) {
  Throughput out;
  std::uint64_t bytes = 0;
  for (const auto& s : stories) bytes += s.title.size() + s.body.size();
  out.mb = static_cast<double>(bytes) / 1e6;
  text::DateMentionExtractor extractor;
  text::Analyzer analyzer(text::AnalyzerOptions{});
  std::vector<text::DateMention> found;
  std::vector<text::Token> tokens;
  std::vector<double> extract_s, analyse_s;
  for (int run = 0; run < runs; ++run) {
    std::size_t mentions = 0, with = 0;
    auto start = Clock::now();
    for (const auto& s : stories) {
      found.clear();
      extractor.Extract(s.title, {s.published}, &found);
      extractor.Extract(s.body, {s.published}, &found);
      mentions += found.size();
      with += found.empty() ? 0 : 1;
    }
    extract_s.push_back(std::chrono::duration<double>(Clock::now() - start).count());
    out.mentions = mentions;
    out.stories_with_mentions = with;
    start = Clock::now();
    for (const auto& s : stories) {
      tokens.clear();
      analyzer.Analyze(s.title, "en", &tokens);
      analyzer.Analyze(s.body, "en", &tokens);
    }
    analyse_s.push_back(std::chrono::duration<double>(Clock::now() - start).count());
  }
  out.extract_mb_s = out.mb / Median(extract_s);
  out.analyse_mb_s = out.mb / Median(analyse_s);
  return out;
}

// Prints `n` mentions spread evenly over the stories, each with the words around it and
// the story's date, so that a person can judge them.
void PrintSample(const std::vector<newsdex::Article>& stories, std::size_t n) {
  text::DateMentionExtractor extractor;
  std::vector<std::pair<const newsdex::Article*, text::DateMention>> all;
  std::vector<text::DateMention> found;
  for (const auto& s : stories) {
    found.clear();
    extractor.Extract(s.body, {s.published}, &found);
    for (const auto& m : found) all.emplace_back(&s, m);
  }
  std::printf("\nA sample of %zu of the %zu mentions in Reuters bodies\n", n, all.size());
  for (std::size_t i = 0; i < n && !all.empty(); ++i) {
    const auto& [story, m] = all[i * all.size() / n];
    const std::size_t from = m.begin > 50 ? m.begin - 50 : 0;
    std::string context = story->body.substr(from, m.end + 30 - from);
    std::replace(context.begin(), context.end(), '\n', ' ');
    std::printf("  %-24s %s  ...%s...\n", m.Key().c_str(),
                text::FormatIso8601(story->published.value_or(0)).substr(0, 10).c_str(),
                context.c_str());
  }
}

void PrintSet(const std::string& name, const SetScore& s) {
  if (s.items == 0) {
    std::printf("  %-16s (not found)\n", name.c_str());
    return;
  }
  std::printf("  %-16s %3zu texts %4zu dates  precision %5.1f%%  recall %5.1f%%  F1 %5.1f%%\n",
              name.c_str(), s.items, s.all.expected, 100 * s.all.precision(),
              100 * s.all.recall(), 100 * s.all.f1());
  for (const auto& [kind, score] : s.by_precision) {
    std::printf("    %-14s %4zu expected %4zu found  precision %5.1f%%  recall %5.1f%%\n",
                kind.c_str(), score.expected, score.found, 100 * score.precision(),
                100 * score.recall());
  }
  for (const std::string& e : s.errors) std::printf("    %s\n", e.c_str());
}

nlohmann::json SetJson(const SetScore& s) {
  return {{"texts", s.items}, {"expected", s.all.expected}, {"found", s.all.found},
          {"correct", s.all.correct}, {"precision", s.all.precision()},
          {"recall", s.all.recall()}, {"f1", s.all.f1()}};
}

}  // namespace

int main(int argc, char** argv) {
  const BenchOptions options = ParseOptions(argc, argv);
  const PublicationDates reuters = ReadReuters(options.corpora + "/reuters21578");
  std::printf("Publication dates, Reuters-21578 (SGML reader)\n");
  std::printf("  stories %zu, dated %zu (%.2f%%), date warnings %zu, from %s to %s\n",
              reuters.stories, reuters.dated, 100.0 * reuters.dated / std::max<std::size_t>(1, reuters.stories),
              reuters.warnings, text::FormatIso8601(reuters.first).c_str(),
              text::FormatIso8601(reuters.last).c_str());
  for (const std::string& p : reuters.problems) std::printf("    %s\n", p.c_str());

  std::printf("\nMentioned dates, annotated sets (tests/data/dates)\n");
  const SetScore annotated = ScoreSet(options.data + "/dates/annotated.jsonl");
  const SetScore heldout = ScoreSet(options.data + "/dates/heldout.jsonl");
  PrintSet("annotated", annotated);
  PrintSet("held out", heldout);

  const Throughput speed = Measure(reuters.articles, options.runs);
  std::printf("\nExtraction throughput, Reuters-21578 titles and bodies (%.1f MB, median of %d)\n",
              speed.mb, options.runs);
  std::printf("  extraction %.1f MB/s; ICU analyser %.1f MB/s; extraction time / analysis time %.2f\n",
              speed.extract_mb_s, speed.analyse_mb_s, speed.analyse_mb_s / speed.extract_mb_s);
  std::printf("  %zu mentions in %zu of %zu stories\n", speed.mentions, speed.stories_with_mentions,
              reuters.articles.size());

  if (options.sample > 0) PrintSample(reuters.articles, options.sample);

  if (!options.json.empty()) {
    nlohmann::ordered_json out = {
        {"reuters", {{"stories", reuters.stories}, {"dated", reuters.dated},
                     {"warnings", reuters.warnings}}},
        {"annotated", SetJson(annotated)},
        {"heldout", SetJson(heldout)},
        {"throughput", {{"mb", speed.mb}, {"extract_mb_per_s", speed.extract_mb_s},
                        {"analyse_mb_per_s", speed.analyse_mb_s}, {"mentions", speed.mentions}}}};
    std::ofstream(options.json) << out.dump(2) << "\n";
  }
  return reuters.dated == reuters.stories ? 0 : 3;
}
