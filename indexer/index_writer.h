// IndexWriter: the Writer of include/newsdex/writer.h, and the commit protocol that keeps
// the archive's two stores in step.
//
// Files (see common/archive/archive_layout.h): ARCHIVE/store is RocksDB and the source
// of truth (documents, content hashes, a change log, state); ARCHIVE/xapian is derived
// from it and can always be rebuilt from it.
//
// Commit protocol. Add() and Delete() only buffer: the stored form and the analysed
// Xapian document of each change are kept in memory. Commit() then takes generation
// g = committed_gen + 1 and
//   (a) writes one RocksDB batch, synced: the documents and hashes (or their deletion),
//       their derived topics (rule topics matched just before, in an in-memory index of
//       the generation's articles), a log entry (g, id) per change, and pending_gen = g;
//   (b) applies the generation to Xapian inside one transaction per index shard (each
//       article goes to its shard, see common/archive/index_shards.h; the shards are
//       written in parallel): replace_document("Q"+id) or delete_document("Q"+id) per
//       change, and set_metadata("gen", g); each transaction commits atomically (and
//       stops Xapian's own automatic commit from splitting a generation);
//   (c) writes, in one synced batch, the entity registry's counts for the generation's
//       articles, committed_gen = g, and drops the log of generations before g; then the
//       writer's known names are set back to what the registry says (FollowRegistry).
// Names are analysed with known names learned from the registry as of the last commit
// (plus what earlier articles of the same generation taught), and the registry only
// moves in (c): so re-analysing an interrupted generation gives the very documents the
// first analysis gave, and a crashed-and-resumed run the same archive as an unbroken one.
// Recovery, on every Open(): with x = the lowest "gen" of the shards, y the highest and
// p = pending_gen, when committed_gen < p the articles of generation p are analysed
// again from the store, in their log order (with the derived topics the store recorded,
// never recomputed), then
//   x < p  a shard missed the generation (a crash can stop (b) with some shards
//          committed): it is applied to every shard (replace_document is idempotent, so
//          shards that had it and a crash during replay are harmless), then (c);
//   x == p (c) only;
//   y > p  cannot happen with this protocol: Corruption.
// After a Xapian error while writing, the Xapian handle is discarded (a handle that
// failed a commit silently drops that batch on its next commit) and reopened, and the
// generation applied once more; if that fails too, the writer refuses further work and
// the next Open() replays the generation from RocksDB.
//
// Crash tests: in builds with fault injection, the environment variable NEWSDEX_FAULT
// makes the process exit abruptly at a named step of this protocol, or a Xapian apply
// fail, as a power cut or a failing disk would (indexer/fault_points.h).
//
// Locking: one writer per archive. ARCHIVE/LOCK is flock()ed and holds the writer's PID,
// so a second writer gets Busy naming that PID before Xapian or RocksDB see it.
//
// Not thread-safe: one thread drives a writer.
#ifndef NEWSDEX_INDEXER_INDEX_WRITER_H_
#define NEWSDEX_INDEXER_INDEX_WRITER_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include "common/archive/archive_layout.h"
#include "common/store/document_store.h"
#include "indexer/article_analyst.h"
#include "indexer/article_indexer.h"
#include "indexer/index_rebuild.h"
#include "indexer/topic_tagger.h"
#include "newsdex/writer.h"

namespace newsdex::indexer {

// State key of the store holding the archive's alias table (TOML text, see
// schemas/aliases.toml); empty when none was applied.
inline constexpr std::string_view kStateAliases = "aliases_toml";

// What ApplyTopicRules() did.
struct TopicRulesReport {
  std::size_t retagged = 0;  // articles whose rule topics were looked at again
  // Per rule, its folded topic and the articles it tags now, in the table's order.
  std::vector<std::pair<std::string, std::uint64_t>> tagged;
};

// What TrainTopics(), Repredict() and ForgetTopicModel() did.
struct TopicTrainingReport {
  std::size_t labelled = 0;          // articles with given topics (the training set)
  std::size_t retagged = 0;          // articles whose predicted topics changed
  std::uint64_t predicted = 0;       // articles that now carry a predicted topic
  double train_seconds = 0;          // learning the model
  double predict_seconds = 0;        // predicting and re-tagging the archive
};
class IndexWriter final : public Writer {
 public:
  static Result<std::unique_ptr<IndexWriter>> OpenArchive(const WriterOptions& options,
                                                          const std::string& path);
  ~IndexWriter() override;
  // Builds a new Xapian index that agrees with the store (a compacted copy of the old one
  // with the differences replayed, or every stored article re-analysed as replay does) and
  // swaps it in crash-safely (index_rebuild.h); finishes the store's last generation and
  // sets its article count. For `newsdex-index check --repair`. Busy when a writer holds
  // the archive; the store's errors (it is the source) as they come.
  static Result<RebuildReport> RebuildIndex(const WriterOptions& options, const std::string& path);

  Result<AddOutcome> Add(const Article& article) override;
  Result<bool> Delete(const std::string& id) override;
  Status Commit() override;
  Result<ArchiveStats> Stats() const override;
  // The end of a first load with `newsdex-index --compact`: Commit(), then compacts the
  // index this writer has just written as CompactIndex() does (merging its shards into one
  // with `merge_shards`), in this process and under this writer's lock, while another
  // thread writes the store's memtables out as closing would. Whatever the outcome, only
  // destroy the writer afterwards. Commit()'s errors, or the compaction's (the index is
  // then the uncompacted one, every commit in it).
  Result<CompactionReport> CommitAndCompact(bool merge_shards);

  // Makes `toml_text` (schemas/aliases.toml's format) the archive's alias table and
  // re-links, from the stored articles, every article that names a key the old or the
  // new table mentions; commits. Returns the number of articles re-linked.
  // InvalidArgument naming the line when the text does not parse.
  Result<std::size_t> ApplyAliases(const std::string& toml_text);
  // Analyses every stored article again (names included) and commits, without reading
  // any source: for archives written by an older newsdex, or after a gazetteer change.
  // Returns the number of articles re-analysed.
  Result<std::size_t> Reindex();
  // Topics (index_writer_topics.cc; derived topics are kept in the store's "topics"
  // family and re-applied on replay, never recomputed there).
  //
  // Makes `toml_text` (schemas/topics.toml's format) the archive's topic rules and
  // re-tags, from the index alone (nothing is re-read or re-analysed), every article that
  // a new rule matches or an old one tagged; commits. Articles added later are tagged as
  // they are committed. An empty table removes every rule topic. InvalidArgument naming
  // the line when the text or one of its queries does not parse; nothing changes then.
  Result<TopicRulesReport> ApplyTopicRules(const std::string& toml_text);
  // Learns the archive's topic model from the articles with given topics, keeps it in the
  // store, and predicts topics (confidence >= min_confidence) for every article without
  // given topics; commits. Articles added later get predictions as they are added; given
  // topics are never replaced. InvalidArgument when no topic has enough articles.
  Result<TopicTrainingReport> TrainTopics(const topics::TrainingOptions& options,
                                          double min_confidence);
  // Predicts again with the archive's model at a new threshold; FailedPrecondition when
  // no model was trained.
  Result<TopicTrainingReport> Repredict(double min_confidence);
  // Forgets the model and removes every predicted topic.
  Result<TopicTrainingReport> ForgetTopicModel();
  const TopicTagger& topic_tagger() const { return *topic_tagger_; }

  // The archive's alias table as last applied ("" when none).
  Result<std::string> AliasesText() const { return store_->GetState(kStateAliases); }

  // Parallel adding (article_analyst.h): analysts for other threads, a copy of the known
  // names for them to consult, and Add() of an article one of them analysed. Articles
  // added so give the archive Add() of the same articles in the same order gives.
  std::unique_ptr<ArticleAnalyst> NewAnalyst() const;
  std::shared_ptr<const text::KnownNames> KnownNamesSnapshot() const;
  Result<AddOutcome> AddAnalysed(AnalysedArticle* analysed);
  // Articles AddAnalysed() analysed again because names learned since changed them.
  std::uint64_t reanalysed() const { return reanalysed_; }
  // The generation of the last finished commit.
  std::uint64_t committed_generation() const { return committed_gen_; }

  // True when the last Add() had to cut the indexed text at max_indexed_bytes.
  bool last_add_truncated() const { return last_add_truncated_; }
  const Schema& schema() const { return manifest_.schema; }

 private:
  struct PendingChange {
    std::string id;
    bool is_delete = false;
    bool existed_before = false;  // in the store at the last commit
    std::string stored;
    std::uint64_t hash = 0;
    Xapian::Document doc;
    // The article's names and date, for the entity registry (written in step (a)).
    std::vector<text::ArticleEntity> entities;
    std::optional<std::int64_t> published;
    // Rule and predicted topics (the store's "topics" row; also in `doc`).
    std::vector<TopicTag> derived;
    // Only the derived topics changed: the stored article and its names stay as they are.
    bool topics_only = false;
    bool rules_applied = false;  // rule topics added to `derived` and `doc` already
  };

  IndexWriter(const WriterOptions& options, const std::string& path);
  Status OpenStores(bool creating);
  // Rebuilding (index_rebuild.cc).
  static Result<std::unique_ptr<IndexWriter>> OpenForRebuild(const WriterOptions& options,
                                                             const std::string& path,
                                                             const std::string& folder);
  Status IndexEveryStoredArticle(std::uint64_t generation, RebuildReport* report);
  Result<bool> ReplayDifferences(std::uint64_t generation, RebuildReport* report);
  Status Recover();
  Status LearnKnownNames();
  // Fills pending_ with generation `generation`'s changes, re-analysed from the store.
  Status RestageFromStore(std::uint64_t committed_gen, std::uint64_t generation);
  Status RestageTopics(PendingChange* change);
  // (b) of the commit protocol for pending_; `replay` when recovering a generation. Each
  // shard gets its articles in one transaction of its own, the shards on parallel threads
  // (in turn when a fault point is set, so that crash tests can stop between them).
  Status ApplyToXapian(std::uint64_t generation, bool replay);
  // One shard's part of ApplyToXapian. Throws Xapian::Error.
  void ApplyToShard(std::size_t shard, const std::vector<const PendingChange*>& changes,
                    std::uint64_t generation, const std::string& languages, bool add_on_replay);
  void ReportCommit(std::uint64_t generation) const;
  Status ReopenXapian();
  // The lowest and the highest generation ("gen") of the index's shards.
  Status ShardGenerations(std::uint64_t* lowest, std::uint64_t* highest) const;
  // (c): the generation's registry counts, committed_gen and the trimmed log, in one batch.
  Status FinishCommit(std::uint64_t generation);
  Status FollowRegistry(std::vector<std::pair<text::EntityKind, std::string>> touched);
  Status CheckFreeSpace() const;
  Result<PendingChange*> Touch(const std::string& id);
  // Add(); with `force`, re-analyses an unchanged article too (after an alias change).
  Result<AddOutcome> Stage(const Article& article, bool force);
  // The pending change an article with content `hash` makes, or null when the archive
  // holds it unchanged (and nothing is pending for it); `*present`: the archive has the id.
  Result<PendingChange*> ChangeFor(const std::string& id, std::uint64_t hash, bool force, bool* present);
  // The rest of Stage() once the article is built: commits when the batch is full.
  Result<AddOutcome> StageBuilt(PendingChange* change, bool present, const Article& article,
                                std::string stored, std::uint64_t hash, Xapian::Document doc,
                                std::vector<TopicTag> derived, BuildReport report);
  Result<std::vector<std::string>> ArticlesNaming(
      const std::vector<std::pair<text::EntityKind, std::string>>& keys);
  void NoteLanguage(const Article& article);
  // Analyses a stored article as Stage() did, with the derived topics it was committed
  // with; fills `change`'s entities, date and derived topics.
  Xapian::Document BuildFromStored(const std::string& id, std::string_view stored,
                                   PendingChange* change, Status* status);
  std::vector<std::string> LanguageList() const;
  Status TagPendingByRules();
  Status Retag(Xapian::docid did, std::vector<TopicTag> predicted);
  Status RepredictArchive(TopicTrainingReport* report);
  Status CommitWithState(std::vector<std::pair<std::string, std::string>> state);
  Result<TopicTrainingReport> PredictArchive(double min_confidence, const std::string& model_bytes,
                                             TopicTrainingReport report);
  Result<std::uint64_t> ArticlesTagged(std::string_view prefix, std::string_view topic) const;
  Result<std::uint64_t> ArticlesWithPredictions() const;

  WriterOptions options_;
  ArchivePaths paths_;
  Manifest manifest_;
  int lock_fd_ = -1;
  std::unique_ptr<DocumentStore> store_;
  // The index's shards (common/archive/index_shards.h), written by commits, and all of
  // them as one database for reading, as searchers see it (their docids interleaved).
  std::vector<Xapian::WritableDatabase> shards_;
  std::optional<Xapian::Database> xapian_;
  // The archive's alias table (state "aliases_toml"); article_indexer_ points to it.
  std::unique_ptr<text::AliasTable> aliases_;
  std::unique_ptr<ArticleIndexer> article_indexer_;
  // The archive's topic rules and model (store state), for derived topics.
  std::unique_ptr<TopicTagger> topic_tagger_;
  // Names learned from the archive's registry at open and from each article added.
  text::KnownNames known_names_;
  // Languages of the archive's articles, kept in Xapian's "languages" metadata so the
  // query side can stem query words for each of them.
  std::set<std::string> languages_;
  std::uint64_t committed_gen_ = 0;
  std::uint64_t articles_ = 0;
  std::vector<PendingChange> pending_;
  std::unordered_map<std::string, std::size_t> pending_index_;
  std::size_t pending_bytes_ = 0;
  // State values written with the next commit's batch.
  std::vector<std::pair<std::string, std::string>> pending_state_;
  bool last_add_truncated_ = false;
  std::uint64_t reanalysed_ = 0;
  bool broken_ = false;  // set after a failed commit that could not be recovered
};

// Reads an archive's counters without writing: for use while a writer holds it (the
// numbers are those of its last commit). NotFound when there is no archive.
Result<ArchiveStats> ReadArchiveStats(const std::string& path);

// Takes ARCHIVE/LOCK for writing, waiting up to `wait_ms` milliseconds for another
// writer to release it (-1: as long as it takes). Returns the file descriptor, or Busy
// naming the PID of the writer that holds it.
Result<int> LockArchive(const std::string& lock_path, std::int64_t wait_ms = 0);

}  // namespace newsdex::indexer

#endif  // NEWSDEX_INDEXER_INDEX_WRITER_H_
