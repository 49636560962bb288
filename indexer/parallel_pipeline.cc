#include "indexer/parallel_pipeline.h"

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include <xapian.h>

#include "indexer/article_analyst.h"

namespace newsdex::indexer {
namespace {

// Between commits, the writer publishes a new snapshot of its known names after this
// many articles, and one more such stretch per this many known words (a copy costs
// time in proportion to its size; after a commit it always publishes one).
constexpr std::uint64_t kSnapshotEveryArticles = 512;
constexpr std::size_t kSnapshotWordsPerStretch = 16384;
// Records in the window at most, whatever their size.
constexpr std::size_t kRecordsPerThread = 64;

// One record on its way from the reader to the writer.
struct Slot {
  enum class Kind { kArticle, kProblem, kEnd };
  Kind kind = Kind::kEnd;
  std::string origin;
  std::uint64_t bytes = 0;
  ReadProblem problem;  // kProblem
  Status error;         // kEnd: why reading stopped early (a path that cannot be opened)
  AnalysedArticle analysed;
  bool ready = false;   // analysed (or needing no analysis)
};

class OrderedAnalysis {
 public:
  OrderedAnalysis(const IndexRun& run, IndexWriter* writer)
      : run_(run), writer_(writer), snapshot_(writer->KnownNamesSnapshot()), snapshot_size_(snapshot_->size()) {}

  Status Run(RunTally* tally);

 private:
  void ReadInputs();
  void AnalyseRecords(ArticleAnalyst* analyst);
  // Reader: waits for room and appends a record; false when the run is stopping.
  bool Push(std::unique_ptr<Slot> slot);
  // Writer: the next record in input order, once ready.
  std::unique_ptr<Slot> Pop();
  Status Add(Slot* slot, RunTally* tally);
  void Stop();

  const IndexRun& run_;
  IndexWriter* writer_;
  std::mutex mu_;
  std::condition_variable room_, work_, ready_;
  std::deque<std::unique_ptr<Slot>> window_;  // in input order
  std::deque<Slot*> to_analyse_;
  std::size_t queued_bytes_ = 0;
  bool reading_done_ = false;
  bool stopping_ = false;
  std::shared_ptr<const text::KnownNames> snapshot_;
  std::uint64_t since_snapshot_ = 0;  // articles added since snapshot_ was taken
  std::size_t snapshot_size_ = 0;     // its words (read by the writer's thread only)
};

bool OrderedAnalysis::Push(std::unique_ptr<Slot> slot) {
  std::unique_lock<std::mutex> lock(mu_);
  const std::size_t max_records = kRecordsPerThread * run_.threads;
  room_.wait(lock, [&] {
    return stopping_ || window_.empty() ||
           (queued_bytes_ + slot->bytes <= run_.max_queued_bytes && window_.size() < max_records);
  });
  if (stopping_) return false;
  queued_bytes_ += slot->bytes;
  const bool needs_analysis = slot->kind == Slot::Kind::kArticle;
  if (!needs_analysis) slot->ready = true;
  if (slot->kind == Slot::Kind::kEnd) reading_done_ = true;
  Slot* raw = slot.get();
  window_.push_back(std::move(slot));
  if (needs_analysis) {
    to_analyse_.push_back(raw);
    work_.notify_one();
  } else {
    ready_.notify_one();
  }
  if (reading_done_) work_.notify_all();
  return true;
}

void OrderedAnalysis::ReadInputs() {
  ReaderOptions options = run_.reader;
  bool open = true;
  options.on_problem = [&](const ReadProblem& problem) {
    auto slot = std::make_unique<Slot>();
    slot->kind = Slot::Kind::kProblem;
    slot->problem = problem;
    open = open && Push(std::move(slot));
  };
  auto end = std::make_unique<Slot>();
  try {
    for (const std::string& path : run_.paths) {
      Result<std::unique_ptr<Reader>> reader = OpenReader(path, options);
      if (!reader.ok()) {
        end->error = reader.status();
        break;
      }
      SourceRecord record;
      while (open && (*reader)->Next(&record)) {
        auto slot = std::make_unique<Slot>();
        slot->kind = Slot::Kind::kArticle;
        slot->origin = std::move(record.origin);
        slot->bytes = record.bytes;
        slot->analysed.article = std::move(record.article);
        open = Push(std::move(slot));
      }
      if (!open) return;
    }
  } catch (const std::exception& e) {  // e.g. out of memory: end the run, do not abort it
    end->error = Status::Internal(std::string("reading the inputs: ") + e.what());
  }
  Push(std::move(end));
}

void OrderedAnalysis::AnalyseRecords(ArticleAnalyst* analyst) {
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    work_.wait(lock, [&] { return stopping_ || reading_done_ || !to_analyse_.empty(); });
    if (stopping_ || to_analyse_.empty()) return;
    Slot* slot = to_analyse_.front();
    to_analyse_.pop_front();
    std::shared_ptr<const text::KnownNames> known = snapshot_;
    lock.unlock();
    AnalysedArticle& a = slot->analysed;
    try {
      analyst->Analyse(std::move(a.article), known.get(), &a);
    } catch (const Xapian::Error& e) {
      a.status = Status::Internal("analysing " + slot->origin + ": " + e.get_description());
    } catch (const std::exception& e) {
      a.status = Status::Internal("analysing " + slot->origin + ": " + e.what());
    }
    lock.lock();
    slot->ready = true;
    ready_.notify_one();
  }
}

std::unique_ptr<Slot> OrderedAnalysis::Pop() {
  std::unique_lock<std::mutex> lock(mu_);
  ready_.wait(lock, [&] { return !window_.empty() && window_.front()->ready; });
  std::unique_ptr<Slot> slot = std::move(window_.front());
  window_.pop_front();
  queued_bytes_ -= slot->bytes;
  room_.notify_one();
  return slot;
}

void OrderedAnalysis::Stop() {
  std::lock_guard<std::mutex> lock(mu_);
  stopping_ = true;
  room_.notify_all();
  work_.notify_all();
}

Status OrderedAnalysis::Add(Slot* slot, RunTally* tally) {
  tally->Read(slot->bytes);
  const std::uint64_t generation = writer_->committed_generation();
  Result<AddOutcome> outcome = writer_->AddAnalysed(&slot->analysed);
  Status s = tally->Added(outcome, outcome.ok() && writer_->last_add_truncated(), slot->origin);
  if (!s.ok()) return s;
  ++since_snapshot_;
  const std::uint64_t stretch = kSnapshotEveryArticles * (1 + snapshot_size_ / kSnapshotWordsPerStretch);
  if (writer_->committed_generation() != generation || since_snapshot_ >= stretch) {
    std::shared_ptr<const text::KnownNames> fresh = writer_->KnownNamesSnapshot();
    snapshot_size_ = fresh->size();
    std::lock_guard<std::mutex> lock(mu_);
    snapshot_ = std::move(fresh);
    since_snapshot_ = 0;
  }
  return Status::Ok();
}

Status OrderedAnalysis::Run(RunTally* tally) {
  std::vector<std::unique_ptr<ArticleAnalyst>> analysts;
  for (unsigned i = 0; i < run_.threads; ++i) analysts.push_back(writer_->NewAnalyst());
  std::vector<std::thread> threads;
  threads.emplace_back([this] { ReadInputs(); });
  for (auto& analyst : analysts) {
    ArticleAnalyst* a = analyst.get();
    threads.emplace_back([this, a] { AnalyseRecords(a); });
  }
  Status status;
  while (status.ok()) {
    std::unique_ptr<Slot> slot = Pop();
    if (slot->kind == Slot::Kind::kEnd) {
      status = slot->error;
      break;
    }
    if (slot->kind == Slot::Kind::kProblem) {
      tally->Problem(slot->problem);
    } else {
      status = Add(slot.get(), tally);
    }
    if (tally->stopped()) break;
  }
  Stop();
  for (std::thread& t : threads) t.join();
  return status;
}

}  // namespace

Status RunParallel(const IndexRun& run, IndexWriter* writer, RunTally* tally) {
  OrderedAnalysis analysis(run, writer);
  return analysis.Run(tally);
}

}  // namespace newsdex::indexer
