// topics_bench: how well, and how fast, the topic classifier (common/topics) learns the
// topics of news archives.
//
//   build-release/benchmarks/topics_bench [--corpus DIR] [--json] [--tune]
//
// Articles are read with newsdex's own readers from DIR (default: the shared corpora)
// and built into Xapian documents by ArticleIndexer (Schema::Default(), language "en",
// 8 MiB cap, names learned in corpus order as the writer does); the classifier sees
// ClassifierTermsOf(document), exactly the terms an archive trains on. Topic labels are
// folded as the index folds them (Analyzer::FoldValue: "money-fx" -> "money fx").
//
// 1. Reuters-21578, ModApte split: trains on LEWISSPLIT="TRAIN" TOPICS="YES" (9,603
//    stories, those without topics as negatives), tests on LEWISSPLIT="TEST"
//    TOPICS="YES" (3,299) with Predict(terms, 0.5); precision, recall and F1 of the ten
//    most frequent topics, their micro- and macro-F1, and the micro-F1 over every
//    learned topic. Then the archive's variant: training only on the TRAIN stories that
//    have at least one topic (an archive learns from articles its source tagged), on the
//    same test set.
// 2. BBC News: five-fold cross-validation over the 2,225 articles in name order
//    (business/001.txt, ..., tech/401.txt), article i in fold i mod 5; accuracy of the
//    top-scored topic. The collection's 98 duplicated files can fall in different folds.
// 3. For each: training time, prediction time (articles/s), features, model bytes.
//
// Tuning (--tune) uses the ModApte TRAIN split alone: the first 80% of its stories in
// NEWID order train and the last 20% validate, over a grid of error cost C, feature
// count and number terms kept or dropped; the TEST split is never looked at. The
// defaults in TrainingOptions are the grid's best micro-F1 (top ten topics) on that
// validation slice, choosing the cheaper setting when two are within 0.002: numbers
// dropped, C = 16, 5,000 features (0.894; C = 32 gave 0.894 and trained slower; all
// 14,426 candidate terms 0.882; C = 1 at most 0.860). Tolerances from 0.5 to 0.01 gave
// the same F1 within 0.001; 0.05 is kept as a margin for the probabilities.
//
// Prints a table, and with --json one JSON line per measurement (corpus, build type,
// git commit).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/schema/schema.h"
#include "common/text/analyzer.h"
#include "common/text/names.h"
#include "common/topics/topic_classifier.h"
#include "indexer/article_indexer.h"
#include "indexer/readers/reader.h"

namespace {

namespace fs = std::filesystem;
namespace topics = newsdex::topics;
using Clock = std::chrono::steady_clock;
using nlohmann::json;

constexpr double kMinConfidence = 0.5;  // what `--min-confidence` defaults to
const std::vector<std::string> kTopTen = {"earn",  "acq",   "money fx", "grain", "crude",
                                          "trade", "interest", "ship",   "wheat", "corn"};

struct BenchOptions {
  std::string corpus = NEWSDEX_CORPORA_DIR;
  bool json = false;
  bool tune = false;
};

[[noreturn]] void Fail(int status, const std::string& message) {
  std::cerr << "topics_bench: " << message << "\n";
  std::exit(status);
}

BenchOptions ParseOptions(int argc, char** argv) {
  BenchOptions options;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--corpus") {
      if (i + 1 >= argc) Fail(1, "--corpus needs a value");
      options.corpus = argv[++i];
    } else if (arg == "--json") {
      options.json = true;
    } else if (arg == "--tune") {
      options.tune = true;
    } else if (arg == "--help" || arg == "-h") {
      std::cout << "usage: topics_bench [--corpus DIR] [--json] [--tune]\n"
                   "  --corpus DIR  folder holding reuters21578/ and bbc/\n"
                   "  --json        also print one JSON line per measurement\n"
                   "  --tune        search the training options on the ModApte TRAIN split\n";
      std::exit(0);
    } else {
      Fail(1, "unknown option: " + arg);
    }
  }
  return options;
}

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

// ---------------------------------------------------------------------------------------
// Reading

struct Story {
  std::string id;
  topics::ArticleTerms terms;
  topics::ArticleTerms numbers;     // the number terms ClassifierTermsOf leaves out (--tune)
  std::vector<std::string> topics;  // folded
  std::string split;                // Reuters LEWISSPLIT: "TRAIN", "TEST", "NOT-USED"
  bool topics_yes = false;          // Reuters TOPICS="YES"
};

// Builds stories as an archive's writer would, in the order given.
class StoryDesk {
 public:
  StoryDesk() : indexer_(newsdex::Schema::Default(), "en", std::size_t{8} << 20) {
    indexer_.set_known_names(&known_);
  }
  Story Build(const newsdex::Article& article) {
    newsdex::indexer::BuildReport report;
    Story story;
    story.id = article.id;
    const Xapian::Document doc = indexer_.Build(article, &report);
    story.terms = topics::ClassifierTermsOf(doc);
    for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
      if (topics::IsNumberTerm(*it)) story.numbers.push_back({*it, it.get_wdf()});
    }
    for (const std::string& topic : article.topics) story.topics.push_back(fold_.FoldValue(topic));
    return story;
  }

 private:
  newsdex::text::KnownNames known_;
  newsdex::indexer::ArticleIndexer indexer_;
  newsdex::text::Analyzer fold_;
};

std::vector<Story> ReadStories(const std::string& path, std::vector<std::string> exclude,
                               std::size_t* problems) {
  newsdex::indexer::ReaderOptions options;
  options.exclude = std::move(exclude);
  options.on_problem = [&](const newsdex::indexer::ReadProblem& p) {
    if (p.skipped) ++*problems;
  };
  auto reader = newsdex::indexer::OpenReader(path, options);
  if (!reader.ok()) Fail(2, reader.status().ToString());
  StoryDesk desk;
  std::vector<Story> stories;
  newsdex::indexer::SourceRecord record;
  while ((*reader)->Next(&record)) {
    Story story = desk.Build(record.article);
    if (!record.article.extra_json.empty()) {
      const json extra = json::parse(record.article.extra_json, nullptr, false);
      story.split = extra.value("lewissplit", "");
      story.topics_yes = extra.value("topics_attr", "") == "YES";
    }
    stories.push_back(std::move(story));
  }
  return stories;
}

std::vector<Story> ReadReuters(const std::string& dir) {
  std::size_t problems = 0;
  // The folder also holds the category lists, the DTD and checksums.
  std::vector<Story> stories = ReadStories(dir + "/reuters21578", {"*.txt", "*.dtd", "*.sha256"},
                                           &problems);
  if (stories.empty()) Fail(2, dir + "/reuters21578: no stories");
  if (problems > 0) std::fprintf(stderr, "topics_bench: %zu Reuters stories skipped\n", problems);
  return stories;
}

// The BBC folders' articles in name order, each labelled with its folder.
std::vector<Story> ReadBbc(const std::string& dir) {
  std::vector<std::string> folders;
  for (const auto& e : fs::directory_iterator(dir + "/bbc")) {
    if (e.is_directory()) folders.push_back(e.path().filename().string());
  }
  std::sort(folders.begin(), folders.end());
  std::vector<Story> stories;
  for (const std::string& folder : folders) {
    std::size_t problems = 0;
    for (Story& s : ReadStories(dir + "/bbc/" + folder, {}, &problems)) {
      s.topics = {folder};
      stories.push_back(std::move(s));
    }
    if (problems > 0) std::fprintf(stderr, "topics_bench: bbc/%s: %zu skipped\n", folder.c_str(), problems);
  }
  if (stories.empty()) Fail(2, dir + "/bbc: no articles");
  return stories;
}

// ---------------------------------------------------------------------------------------
// Scoring

struct Tally {
  std::size_t tp = 0, fp = 0, fn = 0;
  double Precision() const { return tp + fp == 0 ? 0 : static_cast<double>(tp) / (tp + fp); }
  double Recall() const { return tp + fn == 0 ? 0 : static_cast<double>(tp) / (tp + fn); }
  double F1() const {
    return 2 * tp + fp + fn == 0 ? 0 : 2.0 * tp / static_cast<double>(2 * tp + fp + fn);
  }
  void Add(const Tally& o) {
    tp += o.tp;
    fp += o.fp;
    fn += o.fn;
  }
};

struct Run {
  std::string name;
  std::size_t training = 0, testing = 0;
  double train_seconds = 0, predict_seconds = 0;
  std::size_t features = 0, topics = 0, model_bytes = 0;
  std::map<std::string, Tally> by_topic;  // every topic seen in the test set or predicted
  std::size_t correct_top = 0;            // articles whose top-scored topic is theirs

  Tally Micro(const std::vector<std::string>& among) const {
    Tally all;
    for (const std::string& t : among) {
      if (auto it = by_topic.find(t); it != by_topic.end()) all.Add(it->second);
    }
    return all;
  }
  double MacroF1(const std::vector<std::string>& among) const {
    double sum = 0;
    for (const std::string& t : among) {
      if (auto it = by_topic.find(t); it != by_topic.end()) sum += it->second.F1();
    }
    return among.empty() ? 0 : sum / static_cast<double>(among.size());
  }
};

std::vector<topics::LabelledArticle> Examples(const std::vector<const Story*>& stories) {
  std::vector<topics::LabelledArticle> out;
  out.reserve(stories.size());
  for (const Story* s : stories) out.push_back({s->terms, s->topics});
  return out;
}

// Trains on `train`, predicts every article of `test`, and adds the outcome to *run.
void TrainAndTest(const std::vector<const Story*>& train, const std::vector<const Story*>& test,
                  const topics::TrainingOptions& options, Run* run) {
  const std::vector<topics::LabelledArticle> examples = Examples(train);
  auto start = Clock::now();
  auto model = topics::TopicModel::Train(examples, options);
  run->train_seconds += Seconds(start);
  if (!model.ok()) Fail(2, model.status().ToString());
  run->training += train.size();
  run->features = model->feature_count();
  run->topics = model->topics().size();
  run->model_bytes = model->Serialize().size();

  std::vector<std::vector<topics::TopicScore>> predicted(test.size());
  std::vector<std::string> top(test.size());
  start = Clock::now();
  for (std::size_t i = 0; i < test.size(); ++i) {
    predicted[i] = model->Predict(test[i]->terms, kMinConfidence);
  }
  run->predict_seconds += Seconds(start);
  for (std::size_t i = 0; i < test.size(); ++i) {
    const auto scores = model->Score(test[i]->terms);
    const std::set<std::string> truth(test[i]->topics.begin(), test[i]->topics.end());
    if (!scores.empty() && truth.count(scores.front().topic) > 0) ++run->correct_top;
    std::set<std::string> guessed;
    for (const auto& s : predicted[i]) guessed.insert(s.topic);
    for (const std::string& t : truth) {
      ++(guessed.count(t) > 0 ? run->by_topic[t].tp : run->by_topic[t].fn);
    }
    for (const std::string& t : guessed) {
      if (truth.count(t) == 0) ++run->by_topic[t].fp;
    }
  }
  run->testing += test.size();
}

Run ModApte(const std::vector<Story>& reuters, bool archive_variant,
            const topics::TrainingOptions& options) {
  std::vector<const Story*> train, test;
  for (const Story& s : reuters) {
    if (s.split == "TEST" && s.topics_yes) test.push_back(&s);
    if (s.split != "TRAIN") continue;
    if (archive_variant ? !s.topics.empty() : s.topics_yes) train.push_back(&s);
  }
  Run run;
  run.name = archive_variant ? "modapte-tagged-only" : "modapte";
  TrainAndTest(train, test, options, &run);
  return run;
}

Run BbcFolds(const std::vector<Story>& bbc, const topics::TrainingOptions& options) {
  constexpr std::size_t kFolds = 5;
  Run run;
  run.name = "bbc-5-fold";
  for (std::size_t fold = 0; fold < kFolds; ++fold) {
    std::vector<const Story*> train, test;
    for (std::size_t i = 0; i < bbc.size(); ++i) (i % kFolds == fold ? test : train).push_back(&bbc[i]);
    TrainAndTest(train, test, options, &run);
  }
  return run;
}

// ---------------------------------------------------------------------------------------
// Tuning, on the ModApte TRAIN split only

// The stories with the number terms put back, to measure what leaving them out does.
std::vector<Story> WithNumbers(const std::vector<const Story*>& stories) {
  std::vector<Story> out;
  for (const Story* s : stories) {
    Story copy = *s;
    copy.terms.insert(copy.terms.end(), s->numbers.begin(), s->numbers.end());
    std::sort(copy.terms.begin(), copy.terms.end(),
              [](const auto& a, const auto& b) { return a.term < b.term; });
    out.push_back(std::move(copy));
  }
  return out;
}

void PrintTuningRow(const char* numbers, const topics::TrainingOptions& o, const Run& run) {
  std::vector<std::string> all;
  for (const auto& [topic, tally] : run.by_topic) all.push_back(topic);
  std::printf("  %-8s C %5.1f  features %6zu (%6zu)  tol %.2f  micro-F1 top10 %.4f  "
              "macro-F1 top10 %.4f  micro-F1 all %.4f  train %.2f s\n",
              numbers, o.error_cost, o.max_features, run.features, o.tolerance,
              run.Micro(kTopTen).F1(), run.MacroF1(kTopTen), run.Micro(all).F1(),
              run.train_seconds);
}

void Tune(const std::vector<Story>& reuters) {
  std::vector<const Story*> train;
  for (const Story& s : reuters) {
    if (s.split == "TRAIN" && s.topics_yes) train.push_back(&s);
  }
  const std::size_t cut = train.size() * 4 / 5;
  const std::vector<Story> with_numbers = WithNumbers(train);
  std::printf("Tuning on ModApte TRAIN: %zu stories fit, %zu (the last in NEWID order) "
              "validate\n", cut, train.size() - cut);
  for (const bool numbers : {true, false}) {
    std::vector<const Story*> fit, validate;
    for (std::size_t i = 0; i < train.size(); ++i) {
      const Story* s = numbers ? &with_numbers[i] : train[i];
      (i < cut ? fit : validate).push_back(s);
    }
    for (const double c : {1.0, 4.0, 8.0, 16.0, 32.0, 64.0}) {
      for (const std::size_t features : {std::size_t{2000}, std::size_t{5000},
                                         std::size_t{10000}, std::size_t{20000}, std::size_t{0}}) {
        topics::TrainingOptions o;
        o.error_cost = c;
        o.max_features = features;
        Run run;
        TrainAndTest(fit, validate, o, &run);
        PrintTuningRow(numbers ? "numbers" : "none", o, run);
      }
    }
    for (const double tolerance : {0.5, 0.2, 0.05, 0.01}) {
      topics::TrainingOptions o;
      o.tolerance = tolerance;
      Run run;
      TrainAndTest(fit, validate, o, &run);
      PrintTuningRow(numbers ? "numbers" : "none", o, run);
    }
  }
}

// ---------------------------------------------------------------------------------------
// Report

std::string SourceCommit() {
  const std::string source = fs::path(NEWSDEX_TEST_DATA_DIR).parent_path().parent_path();
  const std::string command = "git -C '" + source + "' rev-parse --short HEAD 2>/dev/null";
  std::string commit;
  if (FILE* pipe = ::popen(command.c_str(), "r")) {
    char buffer[64] = {0};
    if (std::fgets(buffer, sizeof buffer, pipe) != nullptr) commit = buffer;
    ::pclose(pipe);
  }
  while (!commit.empty() && (commit.back() == '\n' || commit.back() == '\r')) commit.pop_back();
  return commit.empty() ? "unknown" : commit;
}

#ifdef NDEBUG
constexpr const char* kBuildType = "release";
#else
constexpr const char* kBuildType = "debug";
#endif

std::vector<std::string> AllTopics(const Run& run) {
  std::vector<std::string> all;
  for (const auto& [topic, tally] : run.by_topic) all.push_back(topic);
  return all;
}

void PrintCosts(const Run& run) {
  std::printf("  training %.2f s for %zu articles; prediction %.0f articles/s; %zu topics, "
              "%zu features, model %zu bytes\n",
              run.train_seconds, run.training,
              static_cast<double>(run.testing) / std::max(run.predict_seconds, 1e-9), run.topics,
              run.features, run.model_bytes);
}

void PrintReuters(const Run& run) {
  std::printf("Reuters-21578 %s: train %zu, test %zu, Predict(terms, %.1f)\n", run.name.c_str(),
              run.training, run.testing, kMinConfidence);
  std::printf("  %-10s %6s %6s %6s %10s %7s %7s\n", "topic", "tests", "tp", "fp", "precision",
              "recall", "F1");
  for (const std::string& topic : kTopTen) {
    const auto it = run.by_topic.find(topic);
    const Tally t = it == run.by_topic.end() ? Tally{} : it->second;
    std::printf("  %-10s %6zu %6zu %6zu %10.3f %7.3f %7.3f\n", topic.c_str(), t.tp + t.fn, t.tp,
                t.fp, t.Precision(), t.Recall(), t.F1());
  }
  const Tally micro = run.Micro(kTopTen);
  const std::vector<std::string> all = AllTopics(run);
  std::printf("  top ten: micro-F1 %.4f (precision %.3f, recall %.3f), macro-F1 %.4f\n",
              micro.F1(), micro.Precision(), micro.Recall(), run.MacroF1(kTopTen));
  std::printf("  all %zu topics tagged or predicted: micro-F1 %.4f, macro-F1 %.4f\n", all.size(),
              run.Micro(all).F1(), run.MacroF1(all));
  PrintCosts(run);
  std::printf("\n");
}

void PrintBbc(const Run& run) {
  std::printf("BBC News, 5-fold cross-validation (article i in fold i mod 5)\n");
  std::printf("  accuracy of the top-scored topic %.4f (%zu of %zu); micro-F1 at %.1f %.4f\n",
              static_cast<double>(run.correct_top) / static_cast<double>(run.testing),
              run.correct_top, run.testing, kMinConfidence, run.Micro(AllTopics(run)).F1());
  PrintCosts(run);
}

json RunJson(const Run& run, const std::string& corpus) {
  const std::vector<std::string> all = AllTopics(run);
  json out = {{"benchmark", "topics_bench"},
              {"corpus", corpus},
              {"measurement", run.name},
              {"build_type", kBuildType},
              {"git_commit", SourceCommit()},
              {"training_articles", run.training},
              {"test_articles", run.testing},
              {"train_seconds", run.train_seconds},
              {"predict_articles_per_s",
               static_cast<double>(run.testing) / std::max(run.predict_seconds, 1e-9)},
              {"topics", run.topics},
              {"features", run.features},
              {"model_bytes", run.model_bytes},
              {"top_accuracy", static_cast<double>(run.correct_top) / run.testing},
              {"micro_f1_all", run.Micro(all).F1()},
              {"macro_f1_all", run.MacroF1(all)}};
  if (corpus == "reuters21578") {
    out["micro_f1_top10"] = run.Micro(kTopTen).F1();
    out["macro_f1_top10"] = run.MacroF1(kTopTen);
    json& per = out["top10"];
    for (const std::string& topic : kTopTen) {
      const auto it = run.by_topic.find(topic);
      const Tally t = it == run.by_topic.end() ? Tally{} : it->second;
      per[topic] = {{"tp", t.tp}, {"fp", t.fp}, {"fn", t.fn}, {"precision", t.Precision()},
                    {"recall", t.Recall()}, {"f1", t.F1()}};
    }
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  const BenchOptions options = ParseOptions(argc, argv);
  auto start = Clock::now();
  const std::vector<Story> reuters = ReadReuters(options.corpus);
  const std::vector<Story> bbc = ReadBbc(options.corpus);
  std::printf("Read and built %zu Reuters stories and %zu BBC articles in %.1f s\n\n",
              reuters.size(), bbc.size(), Seconds(start));
  if (options.tune) {
    Tune(reuters);
    return 0;
  }
  const topics::TrainingOptions defaults;
  const Run modapte = ModApte(reuters, /*archive_variant=*/false, defaults);
  const Run tagged = ModApte(reuters, /*archive_variant=*/true, defaults);
  const Run folds = BbcFolds(bbc, defaults);
  PrintReuters(modapte);
  PrintReuters(tagged);
  PrintBbc(folds);
  if (options.json) {
    std::cout << RunJson(modapte, "reuters21578").dump() << "\n"
              << RunJson(tagged, "reuters21578").dump() << "\n"
              << RunJson(folds, "bbc").dump() << "\n";
  }
  const bool met = modapte.Micro(kTopTen).F1() >= 0.85 &&
                   static_cast<double>(folds.correct_top) / folds.testing >= 0.95;
  return met ? 0 : 3;
}
