// newsdex-index: adds news articles to an archive, deletes them, and reports its size.
// A thin command line over the library: it parses flags and prints; the work is in
// indexer/pipeline and indexer/index_writer.

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <cxxopts.hpp>
#include <nlohmann/json.hpp>

#include "common/archive/archive_layout.h"
#include "common/archive/index_shards.h"
#include "indexer/archive_check.h"
#include "indexer/check_report.h"
#include "indexer/index_rebuild.h"
#include "indexer/index_writer.h"
#include "indexer/pipeline.h"

namespace {

using newsdex::Status;
using newsdex::indexer::IndexWriter;

constexpr int kExitOk = 0;
constexpr int kExitUsage = 1;
constexpr int kExitError = 2;
constexpr int kExitSkipped = 3;
constexpr int kExitNotFound = 4;
constexpr int kExitPermission = 5;
constexpr int kExitBusy = 6;
constexpr int kExitNoSpace = 7;
constexpr int kExitPrecondition = 8;
constexpr int kExitDamaged = 9;
constexpr int kExitNotArchive = 10;

constexpr const char* kExamples = R"(
Commands:
  newsdex-index [options] PATH...      add or replace the articles in files and folders
  newsdex-index delete [-a A] ID...    delete articles by id
  newsdex-index stats [-a A] [--json]  article count, generation and sizes
  newsdex-index aliases [-a A] FILE    apply an alias table (schemas/aliases.toml) to
                                       the archive: merge or split names, no re-reading
  newsdex-index reindex [-a A]         analyse every stored article again (names too),
                                       e.g. for an archive an older newsdex wrote
  newsdex-index topics [-a A] --apply FILE   tag articles by topic rules (schemas/topics.toml)
  newsdex-index topics [-a A] --train        learn topics from the articles that have them
                                       and predict them for the articles that have none
  newsdex-index topics [-a A] [--json]       the archive's rules and model
  newsdex-index check [-a A] [--json]  verify both stores and that they agree
  newsdex-index check [-a A] --repair  make the Xapian index agree with the store again
  newsdex-index compact [-a A]         compact the index: smaller, faster to search
  newsdex-index compact [-a A] --merge and merge its shards into one

Examples:
  newsdex-index -a news ../corpora/reuters21578          # every reut2-*.sgm.gz in it
  newsdex-index -a news --max-memory 2G --compact archive/  # a big first load, on every core
  newsdex-index -a news --shards 4 archive/  # a new archive written by 4 threads at once
  newsdex-index -a news --section-from-folder bbc/       # BBC folders become sections
  newsdex-index -a news --exclude '*.txt' --exclude '*.dtd' reuters21578/
  zcat feed.jsonl.gz | newsdex-index -a news --format jsonl -
  newsdex-index delete -a news 17192 bbc/tech/001.txt
  newsdex-index stats -a news --json
  newsdex-index aliases -a news schemas/aliases.toml
  newsdex-index aliases -a news --show
  newsdex-index topics -a news --apply schemas/topics.toml
  newsdex-index topics -a news --train --min-confidence 0.6
  newsdex-index topics -a news --predict --min-confidence 0.8   # same model, new threshold
  newsdex-index -a news --wait=600 feed.jsonl  # queue behind a running writer, 10 min at most
  newsdex-index -a news --report-commits feed.jsonl   # a JSON line per durable commit
  newsdex-index check -a news                 # exit 0 healthy, 9 problems found
  newsdex-index check -a news --repair --json

Formats (detected per file, .gz read transparently): text (first line title), jsonl
(one JSON object per line, keys mapped by the archive's schema), sgml (Reuters-21578).
ARCHIVE defaults to $NEWSDEX_ARCHIVE, else ./newsdex-archive.
Writing commands wait for another writer with --wait (or --wait=SECONDS) instead of
stopping at once, and refuse to write when less than --min-free-space (default 64M) is
free on the archive's disk, so that a full disk never leaves a half-written commit.

Exit status:
  0  done                      6  busy: another writer holds the archive (see --wait)
  1  usage error               7  disk full (or almost): free space, then run again
  2  other runtime error       8  archive not ready for this: written by a newer
  3  done, but some records         newsdex, or no topic model yet
     were skipped (each        9  archive damaged: run 'newsdex-index check'
     reported with file:line) 10  -a names a file, or a folder holding something else
  4  no archive there, or a named file is missing
  5  permission denied
)";

std::string DefaultArchive() {
  const char* env = std::getenv("NEWSDEX_ARCHIVE");
  return env != nullptr && *env != '\0' ? env : "newsdex-archive";
}

int Usage(const std::string& message) {
  std::cerr << "newsdex-index: " << message << "\nTry 'newsdex-index --help'.\n";
  return kExitUsage;
}

// The exit status that tells a script what went wrong (see kExamples).
int ExitStatusFor(const Status& s) {
  switch (s.code()) {
    case newsdex::StatusCode::kNotFound: return kExitNotFound;
    case newsdex::StatusCode::kPermissionDenied: return kExitPermission;
    case newsdex::StatusCode::kBusy: return kExitBusy;
    case newsdex::StatusCode::kNoSpace: return kExitNoSpace;
    case newsdex::StatusCode::kFailedPrecondition: return kExitPrecondition;
    case newsdex::StatusCode::kCorruption: return kExitDamaged;
    default: return kExitError;
  }
}

int Fail(const Status& s) {
  std::cerr << "newsdex-index: " << s.ToString() << "\n";
  return ExitStatusFor(s);
}

// Fail() for errors of opening the archive, where a bad argument means -a names
// something that is not an archive folder.
int FailOpen(const Status& s) {
  const int status = Fail(s);
  return s.code() == newsdex::StatusCode::kInvalidArgument ? kExitNotArchive : status;
}

// "64M", "2G", "512K" or a number of bytes.
std::optional<std::uint64_t> ParseBytes(const std::string& text) {
  char* end = nullptr;
  const double number = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || number < 0) return std::nullopt;
  const std::string unit(end);
  double scale = 1;
  if (unit == "K" || unit == "k" || unit == "KiB") scale = 1 << 10;
  else if (unit == "M" || unit == "MiB") scale = 1 << 20;
  else if (unit == "G" || unit == "GiB") scale = 1 << 30;
  else if (!unit.empty() && unit != "B") return std::nullopt;
  return static_cast<std::uint64_t>(number * scale);
}

// --report-commits: one line per commit, flushed at once, so that whoever reads it
// knows which articles nothing can lose any more.
void PrintCommit(const newsdex::CommittedChanges& changes) {
  const nlohmann::json line = {{"commit", changes.generation},
                               {"written", changes.written},
                               {"deleted", changes.deleted}};
  std::cout << line.dump() << std::endl;
}

// --wait, for every command that takes the archive's lock.
void AddWaitFlag(cxxopts::Options& options) {
  options.add_options()
      ("wait", "if another writer holds the archive, wait for it (--wait=SECONDS: at most that long)",
       cxxopts::value<double>()->implicit_value("-1"));
}

// Options every command that writes takes.
void AddWriterFlags(cxxopts::Options& options) {
  AddWaitFlag(options);
  options.add_options()
      ("min-free-space", "refuse to write when the archive's disk has less free space (e.g. 64M, 1G)",
       cxxopts::value<std::string>()->default_value("64M"));
}

// How long --wait says to wait for another writer, in milliseconds (-1: as long as it takes).
std::int64_t WaitMillis(const cxxopts::ParseResult& args) {
  if (!args.count("wait")) return 0;
  const double seconds = args["wait"].as<double>();
  return seconds < 0 ? -1 : static_cast<std::int64_t>(seconds * 1000);
}

// Opens the archive for writing as the flags of AddWriterFlags say; on failure, prints
// the error and sets *exit_status.
std::unique_ptr<IndexWriter> OpenWriter(const cxxopts::ParseResult& args,
                                        newsdex::WriterOptions writer_options, int* exit_status) {
  writer_options.lock_wait_ms = WaitMillis(args);
  const std::optional<std::uint64_t> min_free = ParseBytes(args["min-free-space"].as<std::string>());
  if (!min_free) {
    *exit_status = Usage("--min-free-space must be a size such as 64M or 1G");
    return nullptr;
  }
  writer_options.min_free_disk_bytes = *min_free;
  auto writer = IndexWriter::OpenArchive(writer_options, args["archive"].as<std::string>());
  if (!writer.ok()) {
    *exit_status = FailOpen(writer.status());
    return nullptr;
  }
  return std::move(writer).value();
}

cxxopts::Options BaseOptions(const std::string& command) {
  cxxopts::Options options(command, "Index news articles into a newsdex archive.");
  options.custom_help("[options]");
  options.add_options()
      ("a,archive", "archive folder", cxxopts::value<std::string>()->default_value(DefaultArchive()))
      ("version", "print the version")
      ("h,help", "show this help");
  return options;
}

std::string MegaBytes(std::uint64_t bytes) {
  char out[32];
  std::snprintf(out, sizeof out, "%.1f MB", bytes / 1e6);
  return out;
}

int RunStats(int argc, char** argv) {
  cxxopts::Options options = BaseOptions("newsdex-index stats");
  options.add_options()("json", "print one JSON object");
  auto args = options.parse(argc, argv);
  if (args.count("help")) {
    std::cout << options.help() << kExamples;
    return kExitOk;
  }
  const std::string archive = args["archive"].as<std::string>();
  newsdex::WriterOptions writer_options;
  writer_options.create_if_missing = false;
  // Opening as a writer finishes any interrupted commit; while another writer holds the
  // archive, read its last commit instead.
  auto writer = IndexWriter::OpenArchive(writer_options, archive);
  if (!writer.ok() && writer.status().code() != newsdex::StatusCode::kBusy) {
    return FailOpen(writer.status());
  }
  auto stats = writer.ok() ? (*writer)->Stats() : newsdex::indexer::ReadArchiveStats(archive);
  if (!stats.ok()) return Fail(stats.status());
  if (args.count("json")) {
    nlohmann::json out = {{"archive", archive},
                          {"articles", stats->articles},
                          {"generation", stats->generation},
                          {"format_version", stats->format_version},
                          {"index_shards", stats->index_shards},
                          {"word_positions", stats->word_positions},
                          {"index_bytes", stats->index_bytes},
                          {"store_bytes", stats->store_bytes}};
    std::cout << out.dump() << "\n";
  } else {
    std::cout << "archive     " << archive << "\n"
              << "articles    " << stats->articles << "\n"
              << "generation  " << stats->generation << "\n"
              << "index       " << MegaBytes(stats->index_bytes) << " (xapian/, "
              << stats->index_shards << (stats->index_shards == 1 ? " shard" : " shards")
              << (stats->word_positions ? "" : ", no word positions") << ")\n"
              << "store       " << MegaBytes(stats->store_bytes) << " (store/)\n";
  }
  return kExitOk;
}

int RunDelete(int argc, char** argv) {
  cxxopts::Options options = BaseOptions("newsdex-index delete");
  AddWriterFlags(options);
  options.add_options()
      ("report-commits", "print one JSON line per durable commit with the ids it deleted")
      ("ids", "article ids", cxxopts::value<std::vector<std::string>>());
  options.parse_positional({"ids"});
  options.positional_help("ID...");
  auto args = options.parse(argc, argv);
  if (args.count("help")) {
    std::cout << options.help() << kExamples;
    return kExitOk;
  }
  if (!args.count("ids")) return Usage("delete needs at least one ID");
  newsdex::WriterOptions writer_options;
  writer_options.create_if_missing = false;
  int status = kExitOk;
  if (args.count("report-commits")) writer_options.on_commit = PrintCommit;
  std::unique_ptr<IndexWriter> writer = OpenWriter(args, writer_options, &status);
  if (!writer) return status;
  int missing = 0, deleted = 0;
  for (const std::string& id : args["ids"].as<std::vector<std::string>>()) {
    auto existed = writer->Delete(id);
    if (!existed.ok()) return Fail(existed.status());
    if (*existed) {
      ++deleted;
    } else {
      ++missing;
      std::cerr << "newsdex-index: no article with id '" << id << "'\n";
    }
  }
  Status s = writer->Commit();
  if (!s.ok()) return Fail(s);
  std::cout << "deleted " << deleted << " article" << (deleted == 1 ? "" : "s") << "\n";
  return missing > 0 ? kExitSkipped : kExitOk;
}

// Re-analyses every stored article: no source is read.
int RunReindex(int argc, char** argv) {
  cxxopts::Options options = BaseOptions("newsdex-index reindex");
  AddWriterFlags(options);
  auto args = options.parse(argc, argv);
  if (args.count("help")) {
    std::cout << options.help() << kExamples;
    return kExitOk;
  }
  newsdex::WriterOptions writer_options;
  writer_options.create_if_missing = false;
  int status = kExitOk;
  std::unique_ptr<IndexWriter> writer = OpenWriter(args, writer_options, &status);
  if (!writer) return status;
  auto count = writer->Reindex();
  if (!count.ok()) return Fail(count.status());
  std::cout << "re-analysed " << *count << " article" << (*count == 1 ? "" : "s") << "\n";
  return kExitOk;
}

// Applies an alias table: the articles naming the names it (or the table it replaces)
// mentions are re-linked from the stored articles.
int RunAliases(int argc, char** argv) {
  cxxopts::Options options = BaseOptions("newsdex-index aliases");
  AddWriterFlags(options);
  options.add_options()
      ("show", "print the alias table the archive uses")
      ("file", "alias table (TOML)", cxxopts::value<std::string>());
  options.parse_positional({"file"});
  options.positional_help("FILE");
  auto args = options.parse(argc, argv);
  if (args.count("help")) {
    std::cout << options.help() << kExamples;
    return kExitOk;
  }
  if (!args.count("file") && !args.count("show")) return Usage("aliases needs a FILE (or --show)");
  newsdex::WriterOptions writer_options;
  writer_options.create_if_missing = false;
  int status = kExitOk;
  std::unique_ptr<IndexWriter> writer = OpenWriter(args, writer_options, &status);
  if (!writer) return status;
  if (args.count("show")) {
    auto text = writer->AliasesText();
    if (!text.ok()) return Fail(text.status());
    std::cout << (text->empty() ? "# no alias table applied\n" : *text);
    return kExitOk;
  }
  const std::string path = args["file"].as<std::string>();
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(Status::NotFound(path + ": cannot read the alias table"));
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto relinked = writer->ApplyAliases(text);
  if (!relinked.ok()) return Fail(relinked.status().WithContext(path));
  std::cout << "applied " << path << ": " << *relinked << " article"
            << (*relinked == 1 ? "" : "s") << " re-linked\n";
  return kExitOk;
}

std::string Plural(std::uint64_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

// The archive's topic rules and model, as text or one JSON object.
int ShowTopics(const IndexWriter& writer, bool json) {
  const newsdex::indexer::TopicTagger& tagger = writer.topic_tagger();
  const newsdex::topics::TopicModel* model = tagger.model();
  if (json) {
    nlohmann::json rules = nlohmann::json::array();
    for (const auto& rule : tagger.rules().rules()) {
      rules.push_back({{"topic", rule.topic}, {"query", rule.query}, {"description", rule.description}});
    }
    nlohmann::json out = {{"rules", rules}, {"model", nullptr}};
    if (model != nullptr) {
      nlohmann::json learned = nlohmann::json::array();
      for (const auto& t : model->topics()) learned.push_back({{"topic", t.topic}, {"articles", t.articles}});
      out["model"] = {{"topics", learned},
                      {"features", model->feature_count()},
                      {"training_articles", model->training_articles()},
                      {"min_confidence", tagger.min_confidence()}};
    }
    std::cout << out.dump() << "\n";
    return kExitOk;
  }
  std::cout << "rules: " << (tagger.rules().empty() ? "none" : Plural(tagger.rules().rules().size(), "rule")) << "\n";
  for (const auto& rule : tagger.rules().rules()) std::cout << "  " << rule.topic << " = " << rule.query << "\n";
  if (model == nullptr) {
    std::cout << "model: none (newsdex-index topics --train learns one)\n";
    return kExitOk;
  }
  std::cout << "model: " << Plural(model->topics().size(), "topic") << " learned from "
            << Plural(model->training_articles(), "article") << ", "
            << Plural(model->feature_count(), "feature") << ", min confidence "
            << tagger.min_confidence() << "\n";
  for (const auto& t : model->topics()) std::cout << "  " << t.topic << " (" << t.articles << ")\n";
  return kExitOk;
}

void PrintTraining(const newsdex::indexer::TopicTrainingReport& r,
                   const newsdex::topics::TopicModel* model, double min_confidence, bool json) {
  if (json) {
    nlohmann::json out = {{"labelled", r.labelled},         {"retagged", r.retagged},
                          {"predicted", r.predicted},       {"min_confidence", min_confidence},
                          {"train_seconds", r.train_seconds}, {"predict_seconds", r.predict_seconds},
                          {"topics", model ? model->topics().size() : 0},
                          {"features", model ? model->feature_count() : 0}};
    std::cout << out.dump() << "\n";
    return;
  }
  char line[256];
  if (model != nullptr && r.train_seconds > 0) {
    std::snprintf(line, sizeof line, "learned %s from %s with given topics (%s) in %.1f s\n",
                  Plural(model->topics().size(), "topic").c_str(), Plural(r.labelled, "article").c_str(),
                  Plural(model->feature_count(), "feature").c_str(), r.train_seconds);
    std::cout << line;
  }
  std::snprintf(line, sizeof line,
                "%s now carry predicted topics (min confidence %g); %s re-tagged in %.1f s\n",
                Plural(r.predicted, "article").c_str(), min_confidence,
                Plural(r.retagged, "article").c_str(), r.predict_seconds);
  std::cout << line;
}

// Topic rules and the learned model: apply, train, re-predict, forget, or show them.
int RunTopics(int argc, char** argv) {
  cxxopts::Options options = BaseOptions("newsdex-index topics");
  AddWriterFlags(options);
  options.add_options()
      ("apply", "make this rule table (TOML, see schemas/topics.toml) the archive's and tag by it",
       cxxopts::value<std::string>())
      ("train", "learn topics from the articles whose source gave them; predict the rest")
      ("predict", "predict again with the archive's model (e.g. at a new --min-confidence)")
      ("forget-model", "drop the model and every predicted topic")
      ("min-confidence", "confidence a predicted topic needs, 0 to 1",
       cxxopts::value<double>()->default_value("0.5"))
      ("min-articles", "--train: topics given to fewer articles are not learned",
       cxxopts::value<std::size_t>()->default_value("10"))
      ("json", "print one JSON object");
  auto args = options.parse(argc, argv);
  if (args.count("help")) {
    std::cout << options.help() << kExamples;
    return kExitOk;
  }
  const int actions = static_cast<int>(args.count("apply") + args.count("train") +
                                       args.count("predict") + args.count("forget-model"));
  if (actions > 1) return Usage("topics takes one of --apply, --train, --predict, --forget-model");
  const double min_confidence = args["min-confidence"].as<double>();
  if (!(min_confidence >= 0 && min_confidence <= 1)) return Usage("--min-confidence must be between 0 and 1");
  const bool json = args.count("json") > 0;
  newsdex::WriterOptions writer_options;
  writer_options.create_if_missing = false;
  int status = kExitOk;
  std::unique_ptr<IndexWriter> writer = OpenWriter(args, writer_options, &status);
  if (!writer) return status;
  IndexWriter& w = *writer;
  if (args.count("apply")) {
    const std::string path = args["apply"].as<std::string>();
    std::ifstream in(path, std::ios::binary);
    if (!in) return Fail(Status::NotFound(path + ": cannot read the topic rules"));
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto report = w.ApplyTopicRules(text);
    if (!report.ok()) return Fail(report.status().WithContext(path));
    if (json) {
      nlohmann::json tagged = nlohmann::json::object();
      for (const auto& [topic, n] : report->tagged) tagged[topic] = n;
      std::cout << nlohmann::json{{"rules", report->tagged.size()}, {"retagged", report->retagged},
                                  {"tagged", tagged}}.dump() << "\n";
    } else {
      std::cout << "applied " << path << ": " << Plural(report->tagged.size(), "rule") << ", "
                << Plural(report->retagged, "article") << " re-tagged\n";
      for (const auto& [topic, n] : report->tagged) std::cout << "  " << topic << "  " << n << "\n";
    }
    return kExitOk;
  }
  newsdex::Result<newsdex::indexer::TopicTrainingReport> report = newsdex::indexer::TopicTrainingReport{};
  if (args.count("train")) {
    newsdex::topics::TrainingOptions training;
    training.min_articles_per_topic = args["min-articles"].as<std::size_t>();
    report = w.TrainTopics(training, min_confidence);
  } else if (args.count("predict")) {
    report = w.Repredict(min_confidence);
  } else if (args.count("forget-model")) {
    report = w.ForgetTopicModel();
  } else {
    return ShowTopics(w, json);
  }
  if (!report.ok()) return Fail(report.status());
  PrintTraining(*report, w.topic_tagger().model(), min_confidence, json);
  return kExitOk;
}

// Verifies the archive's two stores and their agreement; --repair rebuilds the index.
int RunCheck(int argc, char** argv) {
  cxxopts::Options options = BaseOptions("newsdex-index check");
  options.add_options()
      ("repair", "when a problem is found, make a new Xapian index that agrees with the store")
      ("json", "print one JSON object");
  auto args = options.parse(argc, argv);
  if (args.count("help")) {
    std::cout << options.help() << kExamples;
    return kExitOk;
  }
  const std::string archive = args["archive"].as<std::string>();
  const bool json = args.count("json") > 0;
  if (args.count("repair")) {
    auto report = newsdex::indexer::RepairArchive(archive, {});
    if (!report.ok()) return FailOpen(report.status());
    newsdex::indexer::PrintRepair(*report, json, std::cout);
    return report->after.healthy() ? kExitOk : kExitDamaged;
  }
  auto report = newsdex::indexer::CheckArchive(archive, {});
  if (!report.ok()) return FailOpen(report.status());
  newsdex::indexer::PrintCheck(*report, json, std::cout);
  return report->healthy() ? kExitOk : kExitDamaged;
}

nlohmann::json CompactionJson(const newsdex::indexer::CompactionReport& r) {
  return {{"bytes_before", r.bytes_before}, {"bytes_after", r.bytes_after},
          {"shards_before", r.shards_before}, {"shards_after", r.shards_after},
          {"seconds", r.seconds}};
}

std::string CompactionLine(const newsdex::indexer::CompactionReport& r) {
  char line[200];
  std::snprintf(line, sizeof line, "compacted the index: %s -> %s in %.1f s",
                MegaBytes(r.bytes_before).c_str(), MegaBytes(r.bytes_after).c_str(), r.seconds);
  std::string out = line;
  if (r.shards_after != r.shards_before) {
    out += " (" + std::to_string(r.shards_before) + " shards merged into " +
           std::to_string(r.shards_after) + ")";
  }
  return out + "\n";
}

// True when `archive` holds no archive yet (no manifest): this run creates it.
bool IsNewArchive(const std::string& archive) {
  std::error_code ec;
  return !std::filesystem::exists(newsdex::ArchivePaths(archive).manifest, ec) && !ec;
}

// The index shards of a first load with --compact. Xapian writes one database on one
// thread, and that is what limits indexing; one shard per core (2 to 4) writes them all
// at once, and the compaction at the end merges them into one index, as fast to search
// as if it had been written alone. The merged docids, and so the order of tied hits,
// follow the count.
unsigned BulkLoadShards() { return std::clamp(std::thread::hardware_concurrency(), 2u, 4u); }

// Compacts the archive's index: `newsdex-index compact`.
int RunCompact(int argc, char** argv) {
  cxxopts::Options options = BaseOptions("newsdex-index compact");
  AddWaitFlag(options);
  options.add_options()("json", "print one JSON object")(
      "merge", "merge the index's shards into one, e.g. after a bulk load with --shards: "
               "searches and facets are faster, later commits write one shard");
  auto args = options.parse(argc, argv);
  if (args.count("help")) {
    std::cout << options.help() << kExamples;
    return kExitOk;
  }
  auto report = newsdex::indexer::CompactIndex(args["archive"].as<std::string>(), WaitMillis(args),
                                               args.count("merge") > 0);
  if (!report.ok()) return FailOpen(report.status());
  if (args.count("json")) {
    std::cout << CompactionJson(*report).dump() << "\n";
  } else {
    std::cout << CompactionLine(*report);
  }
  return kExitOk;
}

void PrintSummary(const newsdex::indexer::IndexSummary& s, bool json,
                  const std::optional<newsdex::indexer::CompactionReport>& compaction) {
  const double rate = s.seconds > 0 ? s.read / s.seconds : 0;
  if (json) {
    nlohmann::json out = {{"read", s.read},       {"added", s.added},
                          {"replaced", s.replaced}, {"unchanged", s.unchanged},
                          {"skipped", s.skipped}, {"truncated", s.truncated}, {"warnings", s.warnings},
                          {"bytes", s.bytes},     {"seconds", s.seconds}, {"reanalysed", s.reanalysed},
                          {"articles_per_second", rate}, {"skip_reasons", s.skip_reasons}};
    if (compaction) out["compaction"] = CompactionJson(*compaction);
    std::cout << out.dump() << "\n";
    return;
  }
  char line[256];
  std::snprintf(line, sizeof line,
                "%llu article%s read: %llu added, %llu replaced, %llu unchanged, %llu skipped"
                " in %.1f s (%.0f articles/s, %.1f MB/s)\n",
                static_cast<unsigned long long>(s.read), s.read == 1 ? "" : "s",
                static_cast<unsigned long long>(s.added),
                static_cast<unsigned long long>(s.replaced),
                static_cast<unsigned long long>(s.unchanged),
                static_cast<unsigned long long>(s.skipped), s.seconds, rate,
                s.seconds > 0 ? s.bytes / s.seconds / 1e6 : 0.0);
  std::cout << line;
  for (const auto& [reason, count] : s.skip_reasons) {
    std::cout << "  skipped " << count << ": " << reason << "\n";
  }
  if (s.truncated > 0) std::cout << "  " << s.truncated << " indexed only in part (too long)\n";
  if (s.warnings > 0) std::cout << "  " << s.warnings << " indexed with warnings (see above)\n";
  if (s.stopped_early) std::cout << "  stopped at the first bad record (--strict)\n";
  if (compaction) std::cout << CompactionLine(*compaction);
}

int RunAdd(int argc, char** argv) {
  cxxopts::Options options = BaseOptions("newsdex-index");
  AddWriterFlags(options);
  options.positional_help("PATH...");
  options.add_options()
      ("format", "input format: auto, text, jsonl, sgml",
       cxxopts::value<std::string>()->default_value("auto"))
      ("section-from-folder", "plain text: the folder name becomes the section")
      ("exclude", "in folders, skip files matching this pattern (repeatable), e.g. '*.dtd'",
       cxxopts::value<std::vector<std::string>>())
      ("strict", "stop at the first bad record")
      ("schema", "schema file for a new archive (default: built-in news.toml)",
       cxxopts::value<std::string>())
      ("commit-every", "commit after this many articles",
       cxxopts::value<std::size_t>()->default_value("2000"))
      ("max-memory", "keep indexing under this much memory, e.g. 512M or 4G (sizes the batches "
                     "between commits)", cxxopts::value<std::string>()->default_value("1G"))
      ("threads", "threads analysing articles (default: one per core; the archive is the same "
                  "for any number)", cxxopts::value<unsigned>())
      ("shards", "a new archive's index shards, each commit writing them in parallel: "
                 "2 to 4 index faster on as many cores; searches are the same (default: 1)",
       cxxopts::value<unsigned>())
      ("compact", "at the end, compact the index: smaller and faster to search (takes a while); "
                  "a new archive is then written as one index shard per core (2 to 4), "
                  "merged into one by the compaction")
      ("json", "print the summary as one JSON object")
      ("report-commits", "print one JSON line per durable commit with the ids it wrote, "
                         "e.g. to acknowledge a feed")
      ("q,quiet", "no progress line and no per-record messages")
      ("paths", "files, folders or - for standard input",
       cxxopts::value<std::vector<std::string>>());
  options.parse_positional({"paths"});
  auto args = options.parse(argc, argv);
  if (args.count("help")) {
    std::cout << options.help() << kExamples;
    return kExitOk;
  }
  if (!args.count("paths")) return Usage("no PATH given: what should be indexed?");

  newsdex::indexer::IndexRun run;
  run.paths = args["paths"].as<std::vector<std::string>>();
  auto format = newsdex::indexer::ParseFormat(args["format"].as<std::string>());
  if (!format.ok()) return Usage(format.status().message());
  run.reader.format = *format;
  run.reader.section_from_folder = args.count("section-from-folder") > 0;
  if (args.count("exclude")) run.reader.exclude = args["exclude"].as<std::vector<std::string>>();
  run.strict = args.count("strict") > 0;
  const bool quiet = args.count("quiet") > 0;
  run.progress = !quiet && isatty(STDERR_FILENO);
  run.threads = args.count("threads") ? args["threads"].as<unsigned>()
                                      : std::max(1u, std::thread::hardware_concurrency());
  if (run.threads == 0 || run.threads > 256) return Usage("--threads must be between 1 and 256");

  newsdex::WriterOptions writer_options;
  const std::optional<std::uint64_t> max_memory = ParseBytes(args["max-memory"].as<std::string>());
  if (!max_memory) return Usage("--max-memory must be a size such as 512M or 4G");
  if (Status fit = newsdex::indexer::FitToMemory(*max_memory, &run, &writer_options); !fit.ok()) {
    return Usage("--max-memory: " + fit.message());
  }
  if (args.count("schema")) writer_options.schema_path = args["schema"].as<std::string>();
  writer_options.commit_every_articles = args["commit-every"].as<std::size_t>();
  if (writer_options.commit_every_articles == 0) return Usage("--commit-every must be > 0");
  if (args.count("report-commits")) writer_options.on_commit = PrintCommit;
  if (args.count("shards")) {
    writer_options.index_shards = args["shards"].as<unsigned>();
    if (writer_options.index_shards == 0 || writer_options.index_shards > newsdex::kMaxIndexShards) {
      return Usage("--shards must be between 1 and " + std::to_string(newsdex::kMaxIndexShards));
    }
  }
  const std::string archive = args["archive"].as<std::string>();
  // A first load that ends in a compaction writes every shard at once and merges them.
  const bool bulk_load = args.count("compact") && !args.count("shards") && IsNewArchive(archive);
  if (bulk_load) writer_options.index_shards = BulkLoadShards();
  int status = kExitOk;
  std::unique_ptr<IndexWriter> writer = OpenWriter(args, writer_options, &status);
  if (!writer) return status;
  run.reader.schema = &writer->schema();

  auto summary = newsdex::indexer::RunIndexing(
      run, writer.get(), [quiet](const newsdex::indexer::ReadProblem& p) {
        if (!quiet) std::cerr << "newsdex-index: " << p.origin << ": " << p.reason << "\n";
      });
  // A first load stopped before its merge: what the archive is left with.
  auto fail_unmerged = [&](const newsdex::Status& why) {
    const int failed = Fail(why);
    if (bulk_load) {
      std::cerr << "newsdex-index: the archive keeps this first load's "
                << writer_options.index_shards << " index shards; newsdex-index compact -a "
                << archive << " --merge makes them one\n";
    }
    return failed;
  };
  if (!summary.ok()) return fail_unmerged(summary.status());
  std::optional<newsdex::indexer::CompactionReport> compaction;
  if (bulk_load) {
    // The index is this run's own: merged in this process while the store is written out.
    auto compacted = writer->CommitAndCompact(/*merge_shards=*/true);
    writer.reset();
    if (!compacted.ok()) return fail_unmerged(compacted.status());
    compaction = *compacted;
  } else if (args.count("compact")) {
    writer.reset();  // closes the archive, and lets go of its lock for the compaction
    auto compacted = newsdex::indexer::CompactIndex(archive, /*lock_wait_ms=*/0);
    if (!compacted.ok()) return Fail(compacted.status());
    compaction = *compacted;
  }
  PrintSummary(*summary, args.count("json") > 0, compaction);
  return summary->skipped > 0 ? kExitSkipped : kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const std::string command = argc > 1 ? argv[1] : "";
    if (command == "--version") {
      std::cout << "newsdex-index " << NEWSDEX_VERSION << " (archive format "
                << newsdex::kFormatVersion << ")\n";
      return kExitOk;
    }
    if (command == "stats") return RunStats(argc - 1, argv + 1);
    if (command == "delete") return RunDelete(argc - 1, argv + 1);
    if (command == "aliases") return RunAliases(argc - 1, argv + 1);
    if (command == "reindex") return RunReindex(argc - 1, argv + 1);
    if (command == "topics") return RunTopics(argc - 1, argv + 1);
    if (command == "check") return RunCheck(argc - 1, argv + 1);
    if (command == "compact") return RunCompact(argc - 1, argv + 1);
    return RunAdd(argc, argv);
  } catch (const cxxopts::exceptions::exception& e) {
    return Usage(e.what());
  } catch (const std::exception& e) {
    std::cerr << "newsdex-index: Internal: " << e.what() << "\n";
    return kExitError;
  }
}
