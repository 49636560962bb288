#include "indexer/index_writer.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <thread>
#include <unordered_set>

#include "common/archive/index_shards.h"
#include "common/document/article_codec.h"
#include "common/schema/document_data.h"
#include "common/schema/entity_fields.h"
#include "common/schema/terms.h"
#include "common/status/xapian_status.h"
#include "common/text/analyzer.h"
#include "common/topics/article_topics.h"
#include "indexer/article_analyst.h"
#include "indexer/fault_points.h"

namespace newsdex::indexer {
namespace {

constexpr const char* kXapianGen = "gen";
constexpr const char* kXapianUuid = "archive_uuid";
constexpr const char* kXapianLanguages = "languages";  // comma-separated, sorted
constexpr std::size_t kMaxLanguages = 64;

std::uint64_t ParseGeneration(const std::string& text) {
  return text.empty() ? 0 : std::strtoull(text.c_str(), nullptr, 10);
}

}  // namespace

Result<int> LockArchive(const std::string& lock_path, std::int64_t wait_ms) {
  int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    const int err = errno;
    const std::string msg = lock_path + ": " + std::strerror(err);
    return err == EACCES || err == EPERM || err == EROFS ? Status::PermissionDenied(msg)
                                                         : Status::IOError(msg);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(wait_ms);
  while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    const bool waiting = wait_ms < 0 || std::chrono::steady_clock::now() < deadline;
    if (err == EWOULDBLOCK && waiting) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      continue;
    }
    char buf[32] = {0};
    ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
    ::close(fd);
    if (err == EWOULDBLOCK) {
      std::string pid = n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : "?";
      while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) pid.pop_back();
      return Status::Busy("archive is busy (being written by PID " + pid + ")" +
                          (wait_ms > 0 ? "; gave up waiting" : ""));
    }
    return Status::IOError(lock_path + ": " + std::strerror(err));
  }
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, pid.data(), pid.size(), 0) < 0) {
    // The PID is only for messages; the lock itself is held.
  }
  return fd;
}


IndexWriter::IndexWriter(const WriterOptions& options, const std::string& path)
    : options_(options), paths_(path) {}

Result<std::unique_ptr<IndexWriter>> IndexWriter::OpenArchive(const WriterOptions& options,
                                                              const std::string& path) {
  Status s = CheckArchiveFolder(path, options.create_if_missing, /*need_write=*/true);
  if (!s.ok()) return s;
  std::unique_ptr<IndexWriter> writer(new IndexWriter(options, path));
  std::error_code ec;
  if (options.create_if_missing && !std::filesystem::exists(writer->paths_.manifest, ec)) {
    s = CheckFolderIsFreeForArchive(path);  // before the lock file is made
    if (!s.ok()) return s;
  }
  Result<int> fd = LockArchive(writer->paths_.lock, options.lock_wait_ms);
  if (!fd.ok()) return fd.status();
  writer->lock_fd_ = *fd;
  if (Result<std::string> swap = FinishIndexSwap(writer->paths_); !swap.ok()) return swap.status();

  Result<Manifest> manifest = ReadManifest(path);
  const bool creating = !manifest.ok() && manifest.status().code() == StatusCode::kNotFound;
  if (creating) {
    if (!options.create_if_missing) return manifest.status();
    std::string schema_text(Schema::DefaultToml());
    if (!options.schema_path.empty()) {
      std::ifstream in(options.schema_path, std::ios::binary);
      if (!in) return Status::NotFound(options.schema_path + ": cannot read schema file");
      schema_text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    Result<Schema> schema = Schema::FromToml(schema_text);
    if (!schema.ok()) return schema.status().WithContext(options.schema_path);
    writer->manifest_.schema = std::move(schema).value();
    writer->manifest_.archive_uuid = NewArchiveUuid();
  } else if (!manifest.ok()) {
    return manifest.status();
  } else {
    writer->manifest_ = std::move(manifest).value();
  }
  s = writer->OpenStores(creating);
  if (!s.ok()) return s;
  if (creating) {
    // The manifest is written last: its presence marks a complete archive.
    s = WriteManifest(path, writer->manifest_.archive_uuid, writer->manifest_.schema);
    if (!s.ok()) return s;
  }
  s = writer->Recover();
  if (!s.ok()) return s;
  return writer;
}

Status IndexWriter::OpenStores(bool creating) {
  StoreOptions store_options;
  store_options.create_if_missing = creating;
  store_options.bulk = true;
  Result<std::unique_ptr<DocumentStore>> store = DocumentStore::Open(paths_.store, store_options);
  if (!store.ok()) return store.status();
  store_ = std::move(store).value();

  // Both stores carry the archive's identity; a mismatch means someone swapped a folder.
  Result<std::string> uuid = store_->GetState(kStateUuid);
  if (!uuid.ok()) return uuid.status();
  if (uuid->empty()) {
    auto batch = store_->NewBatch();
    batch->SetState(kStateUuid, manifest_.archive_uuid);
    batch->SetState(kStateFormat, std::uint64_t{kFormatVersion});
    Status s = store_->Write(batch.get(), /*sync=*/true);
    if (!s.ok()) return s;
  } else if (*uuid != manifest_.archive_uuid && !manifest_.archive_uuid.empty()) {
    return Status::Corruption(paths_.store + " belongs to another archive (" + *uuid + ")");
  }
  Status s = ReopenXapian();
  if (!s.ok()) return s;
  try {
    std::stringstream known(xapian_->get_metadata(kXapianLanguages));
    for (std::string language; std::getline(known, language, ',');) {
      if (!language.empty()) languages_.insert(language);
    }
    for (Xapian::WritableDatabase& shard : shards_) {
      const std::string xapian_uuid = shard.get_metadata(kXapianUuid);
      if (xapian_uuid.empty()) {
        shard.set_metadata(kXapianUuid, manifest_.archive_uuid);
        shard.commit();
      } else if (xapian_uuid != manifest_.archive_uuid) {
        return Status::Corruption(paths_.xapian + " belongs to another archive (" + xapian_uuid +
                                  ")");
      }
    }
  } catch (const Xapian::Error& e) {
    return FromXapian(e, paths_.xapian);
  }
  Result<std::string> aliases_toml = store_->GetState(kStateAliases);
  if (!aliases_toml.ok()) return aliases_toml.status();
  Result<text::AliasTable> aliases = text::AliasTable::FromToml(*aliases_toml);
  if (!aliases.ok()) return aliases.status().WithContext(paths_.store + " (its alias table)");
  aliases_ = std::make_unique<text::AliasTable>(std::move(aliases).value());
  article_indexer_ = std::make_unique<ArticleIndexer>(manifest_.schema,
                                                      manifest_.schema.default_language(),
                                                      options_.max_indexed_bytes, aliases_.get());
  topic_tagger_ = std::make_unique<TopicTagger>(manifest_.schema);
  s = topic_tagger_->Load(*store_);
  if (!s.ok()) return s.WithContext(paths_.store);
  s = LearnKnownNames();
  if (!s.ok()) return s;
  article_indexer_->set_known_names(&known_names_);
  Result<std::uint64_t> articles = store_->GetStateNumber(kStateArticles);
  if (!articles.ok()) return articles.status();
  articles_ = *articles;
  return Status::Ok();
}

// Starts the known names from the registry: what earlier sessions learned.
Status IndexWriter::LearnKnownNames() {
  return store_->ForEachEntity([this](const EntityRecord& e) {
    const std::string word = text::KnownNames::TaughtWord(e.kind, e.key);
    if (!word.empty() && e.articles > 0) {
      known_names_.Teach(e.kind, e.key, e.DisplayName(), word,
                         static_cast<std::uint32_t>(std::min<std::int64_t>(e.articles, 1 << 30)));
    }
    return Status::Ok();
  });
}

Status IndexWriter::ReopenXapian() {
  xapian_.reset();
  shards_.clear();
  std::error_code ec;
  if (!std::filesystem::exists(paths_.xapian, ec)) {
    Status s = CreateIndexShards(paths_.xapian, std::max(1u, options_.index_shards));
    if (!s.ok()) return s;
  }
  Result<std::vector<std::string>> folders = IndexShardFolders(paths_.xapian);
  if (!folders.ok()) return folders.status();
  if (options_.index_shards != 0 && folders->size() != options_.index_shards) {
    return Status::FailedPrecondition(
        paths_.root + ": the archive's index has " + std::to_string(folders->size()) +
        " shard(s), not " + std::to_string(options_.index_shards) +
        "; the shard count is chosen when an archive is created");
  }
  try {
    int flags = Xapian::DB_CREATE_OR_OPEN | Xapian::DB_BACKEND_GLASS;
    if (!options_.sync) flags |= Xapian::DB_NO_SYNC;
    xapian_.emplace();
    for (const std::string& folder : *folders) {
      shards_.emplace_back(folder, flags);
      xapian_->add_database(shards_.back());
    }
  } catch (const Xapian::Error& e) {
    xapian_.reset();
    shards_.clear();
    return FromXapian(e, paths_.xapian);
  }
  return Status::Ok();
}

Status IndexWriter::ShardGenerations(std::uint64_t* lowest, std::uint64_t* highest) const {
  *lowest = UINT64_MAX;
  *highest = 0;
  try {
    for (const Xapian::WritableDatabase& shard : shards_) {
      const std::uint64_t gen = ParseGeneration(shard.get_metadata(kXapianGen));
      *lowest = std::min(*lowest, gen);
      *highest = std::max(*highest, gen);
    }
  } catch (const Xapian::Error& e) {
    return FromXapian(e, paths_.xapian);
  }
  if (shards_.empty()) *lowest = 0;
  return Status::Ok();
}

Status IndexWriter::Recover() {
  Result<std::uint64_t> pending = store_->GetStateNumber(kStatePendingGen);
  if (!pending.ok()) return pending.status();
  Result<std::uint64_t> committed = store_->GetStateNumber(kStateCommittedGen);
  if (!committed.ok()) return committed.status();
  std::uint64_t lowest_gen = 0, highest_gen = 0;
  Status s = ShardGenerations(&lowest_gen, &highest_gen);
  if (!s.ok()) return s;
  if (highest_gen > *pending) {
    return Status::Corruption(paths_.root + ": the index is at generation " +
                              std::to_string(highest_gen) + " but the store only at " +
                              std::to_string(*pending));
  }
  committed_gen_ = *committed;
  if (*committed == *pending) return Status::Ok();
  // Generation `pending` was interrupted: analyse its articles again, from the store and
  // with the known names of the last finished commit, exactly as they were analysed.
  s = RestageFromStore(*committed, *pending);
  if (!s.ok()) return s;
  if (lowest_gen < *pending) {
    fault::Reach("mid-replay");
    s = ApplyToXapian(*pending, /*replay=*/true);  // replace_document: idempotent
    if (!s.ok()) return s;
    fault::Reach("after-replay");
  }
  s = FinishCommit(*pending);
  pending_.clear();
  pending_index_.clear();
  return s;
}

Xapian::Document IndexWriter::BuildFromStored(const std::string& id, std::string_view stored,
                                              PendingChange* change, Status* status) {
  Result<Article> article = DecodeArticle(stored);
  if (!article.ok()) {
    *status = article.status().WithContext("stored article " + id);
    return Xapian::Document();
  }
  NoteLanguage(*article);
  BuildReport report;
  Xapian::Document doc = article_indexer_->Build(*article, &report);
  change->entities = std::move(report.entities);
  change->published = article->published;
  // The topics it was committed with, not ones computed afresh: replay restores.
  Result<std::string> row = store_->GetArticleTopics(id);
  if (!row.ok()) {
    *status = row.status();
    return doc;
  }
  Result<std::vector<TopicTag>> derived = topics::DecodeDerivedTopics(*row);
  if (!derived.ok()) {
    *status = derived.status().WithContext("topics of stored article " + id);
    return doc;
  }
  topics::AddDerivedTopics(*derived, &doc);
  change->derived = std::move(derived).value();
  return doc;
}

void IndexWriter::NoteLanguage(const Article& article) {
  std::string language = article.language.empty() ? manifest_.schema.default_language()
                                                   : article.language;
  std::transform(language.begin(), language.end(), language.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (language.size() <= 16 && language.find(',') == std::string::npos &&
      languages_.size() < kMaxLanguages) {
    languages_.insert(std::move(language));
  }
}

Status IndexWriter::RestageFromStore(std::uint64_t committed_gen, std::uint64_t generation) {
  // The ids the generation touched, in the order they were staged; the store holds
  // their final state.
  std::vector<std::pair<std::string, LoggedChange>> logged;
  std::unordered_set<std::string> seen;
  Status s = store_->ForEachLogged(
      committed_gen, [&](std::uint64_t gen, std::string_view id, LoggedChange kind) {
        if (gen <= generation && seen.emplace(id).second) logged.emplace_back(id, kind);
        return Status::Ok();
      });
  if (!s.ok()) return s;
  pending_.clear();
  pending_index_.clear();
  for (const auto& [id, kind] : logged) {
    PendingChange change;
    change.id = id;
    change.existed_before = true;  // the registry may hold an earlier version: look
    if (kind == LoggedChange::kTopics) {
      s = RestageTopics(&change);
      if (!s.ok()) return s;
    }
    if (!change.topics_only) {
      Result<std::optional<std::string>> stored = store_->GetDocument(id);
      if (!stored.ok()) return stored.status();
      change.is_delete = !stored->has_value();
      if (!change.is_delete) {
        Status build;
        change.doc = BuildFromStored(id, **stored, &change, &build);
        if (!build.ok()) return build;
      }
    }
    pending_index_.emplace(id, pending_.size());
    pending_.push_back(std::move(change));
  }
  return Status::Ok();
}

// A change of derived topics only: the indexed document as it was, with the topics the
// store recorded for it (as Retag() made it; the article is not analysed again). Leaves
// `change` a full change when the index does not hold the article.
Status IndexWriter::RestageTopics(PendingChange* change) {
  Result<std::string> row = store_->GetArticleTopics(change->id);
  if (!row.ok()) return row.status();
  Result<std::vector<TopicTag>> derived = topics::DecodeDerivedTopics(*row);
  if (!derived.ok()) return derived.status().WithContext("topics of stored article " + change->id);
  try {
    const std::string term = IdTerm(change->id);
    Xapian::PostingIterator posting = xapian_->postlist_begin(term);
    if (posting == xapian_->postlist_end(term)) return Status::Ok();
    change->doc = xapian_->get_document(*posting);
  } catch (const Xapian::Error& e) {
    return FromXapian(e, paths_.xapian);
  }
  topics::RemoveDerivedTopics(&change->doc);
  change->derived = std::move(derived).value();
  topics::AddDerivedTopics(change->derived, &change->doc);
  change->topics_only = true;
  return Status::Ok();
}

Status IndexWriter::ApplyToXapian(std::uint64_t generation, bool replay) {
  if (shards_.empty()) return Status::IOError(paths_.xapian + ": index is not open");
  // A negative control for crash tests: replay that adds where it must replace.
  const bool add_on_replay = replay && fault::ProtocolVariant() == fault::Protocol::kReplayAdd;
  std::string languages;
  for (const std::string& language : languages_) {
    if (!languages.empty()) languages += ',';
    languages += language;
  }
  const auto count = static_cast<unsigned>(shards_.size());
  std::vector<std::vector<const PendingChange*>> parts(count);
  for (const PendingChange& change : pending_) parts[ShardOfArticle(change.id, count)].push_back(&change);
  std::vector<Status> outcomes(count);
  auto apply = [&](std::size_t shard) {
    try {
      ApplyToShard(shard, parts[shard], generation, languages, add_on_replay);
    } catch (const Xapian::Error& e) {
      outcomes[shard] = FromXapian(e, paths_.xapian);
    } catch (const std::exception& e) {
      outcomes[shard] = Status::IOError(paths_.xapian + ": " + e.what());
    }
  };
  if (fault::Armed()) {
    for (std::size_t shard = 0; shard < count; ++shard) {
      apply(shard);
      if (shard + 1 < count) fault::Reach("mid-shards");
    }
  } else {
    std::vector<std::thread> helpers;
    for (std::size_t shard = 1; shard < count; ++shard) helpers.emplace_back(apply, shard);
    apply(0);
    for (std::thread& helper : helpers) helper.join();
  }
  for (const Status& outcome : outcomes) {
    if (outcome.ok()) continue;
    // A handle that failed a commit must not be used again: it would drop this batch.
    // Reopen now; if even that fails, the next call to ApplyToXapian fails at once.
    ReopenXapian().IgnoreError();  // the original error is the one to report
    return outcome;
  }
  return Status::Ok();
}

void IndexWriter::ApplyToShard(std::size_t shard, const std::vector<const PendingChange*>& changes,
                               std::uint64_t generation, const std::string& languages,
                               bool add_on_replay) {
  Xapian::WritableDatabase& db = shards_[shard];
  db.begin_transaction(/*flushed=*/true);
  for (std::size_t i = 0; i < changes.size(); ++i) {
    if (shard == 0 && i == changes.size() / 2) fault::Reach("mid-xapian");
    const PendingChange& change = *changes[i];
    const std::string term = IdTerm(change.id);
    if (change.is_delete) {
      db.delete_document(term);
    } else if (add_on_replay) {
      db.add_document(change.doc);
    } else {
      db.replace_document(term, change.doc);
    }
  }
  if (shard == 0 && fault::ShouldFail("xapian-error")) {
    throw Xapian::DatabaseError("injected write failure (NEWSDEX_FAULT)");
  }
  db.set_metadata(kXapianLanguages, languages);
  db.set_metadata(kXapianGen, std::to_string(generation));
  db.commit_transaction();
}

void IndexWriter::ReportCommit(std::uint64_t generation) const {
  CommittedChanges changes;
  changes.generation = generation;
  for (const PendingChange& change : pending_) {
    (change.is_delete ? changes.deleted : changes.written).push_back(change.id);
  }
  options_.on_commit(changes);
}

Status IndexWriter::FinishCommit(std::uint64_t generation) {
  auto batch = store_->NewBatch();
  std::vector<std::pair<text::EntityKind, std::string>> touched;
  for (const PendingChange& change : pending_) {
    if (change.topics_only) continue;
    // The registry subtracts what the article contributed at the last commit (a new
    // article contributed nothing: no need to look).
    Result<std::optional<std::string>> previous = std::optional<std::string>();
    if (change.existed_before) previous = store_->GetArticleEntities(change.id);
    if (!previous.ok()) return previous.status();
    if (previous->has_value()) {
      auto keys = DecodeArticleEntityKeys(**previous);
      if (!keys.ok()) return keys.status().WithContext("entity registry of article " + change.id);
      touched.insert(touched.end(), keys->begin(), keys->end());
    }
    for (const text::ArticleEntity& e : change.entities) touched.emplace_back(e.kind, e.key);
    Status s = change.is_delete
                   ? batch->RemoveArticleEntities(change.id, *previous)
                   : batch->ReplaceArticleEntities(change.id, *previous, change.entities,
                                                   change.published);
    if (!s.ok()) return s.WithContext("entity registry of article " + change.id);
  }
  batch->SetState(kStateCommittedGen, generation);
  batch->TrimLogBefore(generation);
  Status s = store_->Write(batch.get(), options_.sync);
  if (!s.ok()) return s;
  committed_gen_ = generation;
  return FollowRegistry(std::move(touched));
}

// The known names become those a fresh open would learn from the registry: the lessons
// of this generation's analyses are dropped, and the counts of the names it touched
// are read back. What later articles are analysed with then depends only on what was
// committed, so a crash and its recovery leave the same archive as an unbroken run.
Status IndexWriter::FollowRegistry(std::vector<std::pair<text::EntityKind, std::string>> touched) {
  known_names_.ForgetLessons();
  std::sort(touched.begin(), touched.end());
  touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
  for (const auto& [kind, key] : touched) {
    const std::string word = text::KnownNames::TaughtWord(kind, key);
    if (word.empty()) continue;
    Result<std::optional<EntityRecord>> record = store_->GetEntity(kind, key);
    if (!record.ok()) return record.status();
    const std::int64_t articles = record->has_value() ? (*record)->articles : 0;
    known_names_.Set(kind, key, record->has_value() ? (*record)->DisplayName() : key, word,
                     static_cast<std::uint32_t>(std::clamp<std::int64_t>(articles, 0, 1 << 30)));
  }
  return Status::Ok();
}

Status IndexWriter::CheckFreeSpace() const {
  Result<std::uint64_t> free_bytes = FreeDiskBytes(paths_.root);
  if (!free_bytes.ok()) return free_bytes.status();
  if (*free_bytes < options_.min_free_disk_bytes) {
    return Status::NoSpace(paths_.root + ": disk almost full (" +
                           std::to_string(*free_bytes >> 20) + " MiB free, need " +
                           std::to_string(options_.min_free_disk_bytes >> 20) +
                           " MiB); nothing was written");
  }
  return Status::Ok();
}

Result<IndexWriter::PendingChange*> IndexWriter::Touch(const std::string& id) {
  if (auto it = pending_index_.find(id); it != pending_index_.end()) {
    return &pending_[it->second];
  }
  Result<std::optional<std::uint64_t>> hash = store_->GetContentHash(id);
  if (!hash.ok()) return hash.status();
  PendingChange change;
  change.id = id;
  change.existed_before = hash->has_value();
  change.is_delete = !hash->has_value();  // "absent" until Add() fills it
  change.hash = hash->value_or(0);
  pending_index_.emplace(id, pending_.size());
  pending_.push_back(std::move(change));
  return &pending_.back();
}

Result<AddOutcome> IndexWriter::Add(const Article& article) { return Stage(article, false); }

Result<IndexWriter::PendingChange*> IndexWriter::ChangeFor(const std::string& id, std::uint64_t hash,
                                                          bool force, bool* present) {
  const bool known = pending_index_.count(id) != 0;
  Result<PendingChange*> touched = Touch(id);
  if (!touched.ok()) return touched.status();
  PendingChange* change = *touched;
  *present = !change->is_delete && (known || change->existed_before);
  if (*present && change->hash == hash && !force) {
    if (!known) {  // nothing to do: forget the lookup
      pending_index_.erase(id);
      pending_.pop_back();
    }
    last_add_truncated_ = false;
    return nullptr;
  }
  return change;
}

Result<AddOutcome> IndexWriter::Stage(const Article& article, bool force) {
  if (broken_) return Status::FailedPrecondition("writer failed earlier; reopen the archive");
  Status s = ValidateArticle(article);
  if (!s.ok()) return s;
  std::string stored = EncodeArticle(article);
  const std::uint64_t hash = ContentHash(stored);
  bool present = false;
  Result<PendingChange*> change = ChangeFor(article.id, hash, force, &present);
  if (!change.ok()) return change.status();
  if (*change == nullptr) return AddOutcome::kUnchanged;
  NoteLanguage(article);
  BuildReport report;
  Xapian::Document doc = article_indexer_->Build(article, &report);
  std::vector<TopicTag> derived = topic_tagger_->Predict(doc, report.given_topics);
  topics::AddDerivedTopics(derived, &doc);
  return StageBuilt(*change, present, article, std::move(stored), hash, std::move(doc),
                    std::move(derived), std::move(report));
}

Result<AddOutcome> IndexWriter::AddAnalysed(AnalysedArticle* analysed) {
  if (broken_) return Status::FailedPrecondition("writer failed earlier; reopen the archive");
  if (!analysed->status.ok()) return analysed->status;
  const Article& article = analysed->article;
  bool present = false;
  Result<PendingChange*> change = ChangeFor(article.id, analysed->hash, false, &present);
  if (!change.ok()) return change.status();
  if (*change == nullptr) return AddOutcome::kUnchanged;
  NoteLanguage(article);
  BuildReport& report = analysed->report;
  const bool current = analysed->built &&
                       std::all_of(report.asked.begin(), report.asked.end(),
                                   [this](const text::KnownLookup& q) { return known_names_.Answers(q); });
  if (current) {
    known_names_.Learn(report.lessons);
  } else {  // analysed with names that have changed since: analyse it as Add() would
    ++reanalysed_;
    report = BuildReport();
    analysed->doc = article_indexer_->Build(article, &report);
    analysed->derived = topic_tagger_->Predict(analysed->doc, report.given_topics);
    topics::AddDerivedTopics(analysed->derived, &analysed->doc);
  }
  return StageBuilt(*change, present, article, std::move(analysed->stored), analysed->hash,
                    std::move(analysed->doc), std::move(analysed->derived), std::move(report));
}

Result<AddOutcome> IndexWriter::StageBuilt(PendingChange* change, bool present, const Article& article,
                                           std::string stored, std::uint64_t hash, Xapian::Document doc,
                                           std::vector<TopicTag> derived, BuildReport report) {
  change->doc = std::move(doc);
  change->derived = std::move(derived);
  change->topics_only = false;
  change->rules_applied = false;
  change->entities = std::move(report.entities);
  change->published = article.published;
  last_add_truncated_ = report.truncated;
  change->is_delete = false;
  change->hash = hash;
  pending_bytes_ += stored.size();
  change->stored = std::move(stored);

  if (pending_.size() >= options_.commit_every_articles ||
      pending_bytes_ >= options_.commit_every_bytes) {
    Status s = Commit();
    if (!s.ok()) return s;
  }
  return present ? AddOutcome::kReplaced : AddOutcome::kAdded;
}

std::unique_ptr<ArticleAnalyst> IndexWriter::NewAnalyst() const {
  return std::make_unique<ArticleAnalyst>(manifest_.schema, options_.max_indexed_bytes, aliases_.get(),
                                          *topic_tagger_, *store_);
}

std::shared_ptr<const text::KnownNames> IndexWriter::KnownNamesSnapshot() const {
  return std::make_shared<const text::KnownNames>(known_names_);
}

Result<bool> IndexWriter::Delete(const std::string& id) {
  if (broken_) return Status::FailedPrecondition("writer failed earlier; reopen the archive");
  if (id.empty()) return Status::InvalidArgument("empty id");
  const bool known = pending_index_.count(id) != 0;
  Result<PendingChange*> touched = Touch(id);
  if (!touched.ok()) return touched.status();
  PendingChange* change = *touched;
  const bool existed = known ? !change->is_delete : change->existed_before;
  if (!existed && !known) {
    pending_index_.erase(id);
    pending_.pop_back();
    return false;
  }
  change->is_delete = true;
  change->topics_only = false;
  change->derived.clear();
  change->stored.clear();
  change->doc = Xapian::Document();
  change->entities.clear();
  return existed;
}

Status IndexWriter::Commit() {
  if (broken_) return Status::FailedPrecondition("writer failed earlier; reopen the archive");
  if (pending_.empty()) return Status::Ok();
  fault::Reach("before-store");
  Status s = CheckFreeSpace();
  if (!s.ok()) return s;

  s = TagPendingByRules();
  if (!s.ok()) return s;

  const std::uint64_t generation = committed_gen_ + 1;
  std::int64_t delta = 0;
  auto batch = store_->NewBatch();
  std::uint32_t sequence = 0;
  for (const PendingChange& change : pending_) {
    const std::string topics_row = change.is_delete ? "" : topics::EncodeDerivedTopics(change.derived);
    if (!topics_row.empty() || change.existed_before) batch->PutArticleTopics(change.id, topics_row);
    if (change.topics_only) {
      batch->LogChange(generation, sequence++, change.id, LoggedChange::kTopics);
      continue;
    }
    if (change.is_delete) {
      batch->DeleteArticle(change.id);
    } else {
      batch->PutArticle(change.id, change.stored, change.hash);
    }
    batch->LogChange(generation, sequence++, change.id,
                     change.is_delete ? LoggedChange::kDelete : LoggedChange::kPut);
    delta += (change.is_delete ? 0 : 1) - (change.existed_before ? 1 : 0);
  }
  const std::uint64_t articles = static_cast<std::uint64_t>(static_cast<std::int64_t>(articles_) + delta);
  batch->SetState(kStateArticles, articles);
  batch->SetState(kStatePendingGen, generation);
  for (const auto& [key, value] : pending_state_) batch->SetState(key, value);
  if (fault::ProtocolVariant() == fault::Protocol::kXapianFirst) {
    // A negative control for crash tests: (b) before (a) loses the generation (or puts
    // Xapian ahead of the store) when the process dies between them.
    s = ApplyToXapian(generation, /*replay=*/false);
    if (!s.ok()) return s;
    fault::Reach("after-xapian");
    s = store_->Write(batch.get(), options_.sync);
    if (!s.ok()) return s;
  } else {
    s = store_->Write(batch.get(), options_.sync);  // (a)
    if (!s.ok()) return s;  // nothing changed: pending changes kept for a retry
    fault::Reach("after-store");

    s = ApplyToXapian(generation, /*replay=*/false);  // (b)
    if (!s.ok()) {
      // ApplyToXapian reopened the index (a handle that failed a commit would drop this
      // batch on its next one); the generation is still in memory: apply it once more.
      // Should that fail too, the next Open() replays it from the store.
      Status again = ApplyToXapian(generation, /*replay=*/false);
      if (!again.ok()) {
        broken_ = true;
        return s;
      }
    }
    fault::Reach("after-xapian");
  }
  s = FinishCommit(generation);  // (c)
  if (!s.ok()) {
    broken_ = true;  // the next Open() finishes it
    return s;
  }
  fault::Reach("after-finish");
  if (options_.on_commit) ReportCommit(generation);
  articles_ = articles;
  pending_.clear();
  pending_index_.clear();
  pending_state_.clear();
  pending_bytes_ = 0;
  return Status::Ok();
}

Result<std::size_t> IndexWriter::Reindex() {
  Status s = Commit();
  if (!s.ok()) return s;
  std::size_t count = 0;
  s = store_->ForEachDocument([&](std::string_view id, std::string_view stored) {
    Result<Article> article = DecodeArticle(stored);
    if (!article.ok()) return article.status().WithContext("stored article " + std::string(id));
    Result<AddOutcome> staged = Stage(*article, /*force=*/true);
    if (!staged.ok()) return staged.status();
    ++count;
    return Status::Ok();
  });
  if (!s.ok()) return s;
  s = Commit();
  if (!s.ok()) return s;
  return count;
}

// The ids of the articles indexed under any of `keys` (as entity terms).
Result<std::vector<std::string>> IndexWriter::ArticlesNaming(
    const std::vector<std::pair<text::EntityKind, std::string>>& keys) {
  std::set<std::string> ids;
  try {
    for (const auto& [kind, key] : keys) {
      const FieldSpec* field = EntityField(manifest_.schema, kind);
      if (field == nullptr) continue;
      const std::string term = BooleanTerm(field->prefix, key);
      for (auto it = xapian_->postlist_begin(term); it != xapian_->postlist_end(term); ++it) {
        ids.insert(ArticleIdOf(xapian_->get_document(*it).get_data()));
      }
    }
  } catch (const Xapian::Error& e) {
    return FromXapian(e, paths_.xapian);
  }
  return std::vector<std::string>(ids.begin(), ids.end());
}

Result<std::size_t> IndexWriter::ApplyAliases(const std::string& toml_text) {
  if (broken_) return Status::FailedPrecondition("writer failed earlier; reopen the archive");
  Result<text::AliasTable> table = text::AliasTable::FromToml(toml_text);
  if (!table.ok()) return table.status();
  Status s = Commit();  // what was added before is linked with the old table
  if (!s.ok()) return s;
  std::vector<std::pair<text::EntityKind, std::string>> keys = aliases_->Keys();
  for (auto& key : table->Keys()) keys.push_back(std::move(key));
  Result<std::vector<std::string>> ids = ArticlesNaming(keys);
  if (!ids.ok()) return ids.status();
  *aliases_ = std::move(table).value();  // article_indexer_ points to it
  for (const std::string& id : *ids) {
    Result<std::optional<std::string>> stored = store_->GetDocument(id);
    if (!stored.ok()) return stored.status();
    if (!stored->has_value()) continue;
    Result<Article> article = DecodeArticle(**stored);
    if (!article.ok()) return article.status().WithContext("stored article " + id);
    Result<AddOutcome> staged = Stage(*article, /*force=*/true);
    if (!staged.ok()) return staged.status();
  }
  pending_state_.emplace_back(kStateAliases, toml_text);
  if (pending_.empty()) {
    // Nothing to re-link: the table is still recorded, through an empty generation.
    auto batch = store_->NewBatch();
    batch->SetState(kStateAliases, toml_text);
    pending_state_.clear();
    s = store_->Write(batch.get(), options_.sync);
    if (!s.ok()) return s;
    return std::size_t{0};
  }
  s = Commit();
  if (!s.ok()) return s;
  return ids->size();
}

Result<ArchiveStats> ReadArchiveStats(const std::string& path) {
  Result<Manifest> manifest = ReadManifest(path);
  if (!manifest.ok()) return manifest.status();
  ArchivePaths paths(path);
  ArchiveStats stats;
  stats.format_version = manifest->format_version;
  stats.word_positions = manifest->schema.word_positions();
  Result<std::vector<std::string>> shards = IndexShardFolders(paths.xapian);
  if (!shards.ok()) return shards.status();
  try {
    std::vector<Xapian::Database> each;
    stats.articles = OpenIndexShards(*shards, &each).get_doccount();
    stats.generation = UINT64_MAX;  // the lowest shard's, as recovery counts
    for (const Xapian::Database& shard : each) {
      stats.generation = std::min(stats.generation, ParseGeneration(shard.get_metadata(kXapianGen)));
    }
    stats.index_shards = static_cast<unsigned>(shards->size());
  } catch (const Xapian::Error& e) {
    return FromXapian(e, paths.xapian);
  }
  stats.index_bytes = DiskUsage(paths.xapian);
  stats.store_bytes = DiskUsage(paths.store);
  return stats;
}

Result<ArchiveStats> IndexWriter::Stats() const {
  ArchiveStats stats;
  stats.generation = committed_gen_;
  stats.articles = articles_;
  stats.pending_changes = pending_.size();
  stats.format_version = manifest_.format_version;
  stats.word_positions = manifest_.schema.word_positions();
  stats.index_shards = static_cast<std::uint32_t>(shards_.size());
  stats.index_bytes = DiskUsage(paths_.xapian);
  stats.store_bytes = DiskUsage(paths_.store);
  return stats;
}

Result<CompactionReport> IndexWriter::CommitAndCompact(bool merge_shards) {
  Status s = Commit();
  if (!s.ok()) return s;
  // The compaction swaps the index folder: let go of it, keep the archive's lock.
  xapian_.reset();
  shards_.clear();
  std::thread flush([this] { store_->Flush().IgnoreError(); });  // as ~IndexWriter() does
  Result<CompactionReport> report = CompactLockedIndex(paths_, merge_shards, /*own_index=*/true);
  flush.join();
  return report;
}

IndexWriter::~IndexWriter() {
  if (!broken_ && store_ && !shards_.empty()) {
    // Documented: call Commit() to see errors. Then the store's memtables go to disk, so
    // that readers do not replay the log's registry updates one by one.
    if (Commit().ok()) store_->Flush().IgnoreError();
  }
  xapian_.reset();
  shards_.clear();
  store_.reset();
  if (lock_fd_ >= 0) ::close(lock_fd_);
}

}  // namespace newsdex::indexer

namespace newsdex {

Result<std::unique_ptr<Writer>> Writer::Open(const WriterOptions& options,
                                             const std::string& path) {
  Result<std::unique_ptr<indexer::IndexWriter>> writer = indexer::IndexWriter::OpenArchive(options, path);
  if (!writer.ok()) return writer.status();
  return std::unique_ptr<Writer>(std::move(writer).value());
}

Writer::~Writer() = default;

}  // namespace newsdex
