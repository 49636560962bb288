#include "crash/crash_harness.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>
#include <xapian.h>

#include "common/archive/archive_layout.h"
#include "common/archive/index_shards.h"
#include "common/schema/terms.h"
#include "common/store/document_store.h"

extern char** environ;

namespace newsdex::crash {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr int kFaultExit = 86;
constexpr std::size_t kMaxProblemsPerCheck = 20;

// Crash points a commit passes through (recovery's own come after a crash that left
// Xapian behind the store).
const char* const kCommitPoints[] = {"before-store", "after-store", "mid-xapian", "after-xapian",
                                     "after-finish"};
const char* const kReplayPoints[] = {"mid-replay", "after-replay"};

double MillisSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

std::string ReadWhole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream out;
  out << in.rdbuf();
  return out.str();
}

// Adds a commit line ({"commit":g,"written":[...],"deleted":[...]}) to the ledger.
void NoteCommitLine(const std::string& line, Ledger* ledger) {
  if (line.rfind("{\"commit\"", 0) != 0) return;
  const nlohmann::json commit = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (commit.is_discarded()) return;
  for (const auto& id : commit["written"]) (*ledger)[id.get<std::string>()] = true;
  for (const auto& id : commit["deleted"]) (*ledger)[id.get<std::string>()] = false;
}

void Add(std::vector<std::string>* problems, std::string problem) {
  if (problems->size() < kMaxProblemsPerCheck) problems->push_back(std::move(problem));
}

// Every stored id and its document, in key order.
std::map<std::string, std::string> StoredArticles(const DocumentStore& store, Status* status) {
  std::map<std::string, std::string> articles;
  *status = store.ForEachDocument([&](std::string_view id, std::string_view stored) {
    articles.emplace(std::string(id), std::string(stored));
    return Status::Ok();
  });
  return articles;
}

// A state counter, or a value no archive has when it cannot be read.
std::uint64_t StateNumber(const DocumentStore& store, std::string_view key) {
  Result<std::uint64_t> number = store.GetStateNumber(key);
  return number.ok() ? *number : ~std::uint64_t{0};
}

Result<std::unique_ptr<DocumentStore>> OpenStoreReadOnly(const std::string& archive) {
  StoreOptions options;
  options.read_only = true;
  return DocumentStore::Open(ArchivePaths(archive).store, options);
}

// A document's terms with their wdf, its values and its data, as one comparable text.
std::string Describe(const Xapian::Document& doc) {
  std::string out;
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    out += *t + ":" + std::to_string(t.get_wdf()) + " ";
  }
  for (auto v = doc.values_begin(); v != doc.values_end(); ++v) {
    out += "#" + std::to_string(v.get_valueno()) + "=" + *v + " ";
  }
  return out + "|" + doc.get_data();
}

// Reads `read` of each index shard; empty when the shards cannot be listed.
std::vector<std::uint64_t> PerShard(const std::string& archive,
                                    std::uint64_t (*read)(const Xapian::Database&)) {
  Result<std::vector<std::string>> folders = IndexShardFolders(ArchivePaths(archive).xapian);
  std::vector<std::uint64_t> values;
  if (!folders.ok()) return values;
  for (const std::string& folder : *folders) values.push_back(read(Xapian::Database(folder)));
  return values;
}

}  // namespace

std::vector<Step> ReutersWorkload(const std::vector<std::string>& sgml_files,
                                  const std::string& work_dir) {
  std::vector<Step> steps;
  Step ingest{"ingest", {"-a", "{A}", "--quiet", "--report-commits", "--commit-every", "150"}};
  ingest.args.insert(ingest.args.end(), sgml_files.begin(), sgml_files.end());
  steps.push_back(ingest);

  // Revisions of stories of the first file (ids 1..1000) and new stories, in our words.
  const std::string feed = (fs::path(work_dir) / "revisions.jsonl").string();
  std::ofstream out(feed);
  for (int id = 1; id <= 1000; id += 5) {
    out << nlohmann::json{{"id", std::to_string(id)},
                          {"headline", "Revised story " + std::to_string(id)},
                          {"body", "The desk revised story " + std::to_string(id) +
                                       " after review. Figures were restated and a spokesman "
                                       "for the Ministry of Trade in Ottawa was quoted."},
                          {"published", "1987-03-02T10:00:00Z"},
                          {"topics", "revision"}}
               .dump()
        << "\n";
  }
  for (int n = 1; n <= 100; ++n) {
    out << nlohmann::json{{"id", "desk-" + std::to_string(n)},
                          {"headline", "Desk note " + std::to_string(n)},
                          {"body", "A note from the night desk about shipping in Rotterdam, "
                                   "number " + std::to_string(n) + "."},
                          {"published", "1987-03-03T06:00:00Z"}}
               .dump()
        << "\n";
  }
  steps.push_back({"revise", {"-a", "{A}", "--quiet", "--report-commits", "--commit-every", "40", feed}});

  Step remove{"delete", {"delete", "-a", "{A}", "--report-commits"}};
  for (int id = 2; id <= 1000; id += 10) remove.deletes.push_back(std::to_string(id));
  remove.args.insert(remove.args.end(), remove.deletes.begin(), remove.deletes.end());
  steps.push_back(remove);
  return steps;
}

ChildEnd RunIndexer(const std::string& archive, const Step& step,
                    const std::vector<std::string>& env, std::optional<int> kill_after_ms,
                    const std::string& stderr_path, Ledger* ledger) {
  // NEWSDEX_CRASH_INDEXER runs a copy (a long soak should not see a rebuild midway).
  const char* indexer = std::getenv("NEWSDEX_CRASH_INDEXER");
  std::vector<std::string> args{indexer != nullptr && *indexer != '\0' ? indexer : NEWSDEX_INDEX_BIN};
  for (const std::string& arg : step.args) args.push_back(arg == "{A}" ? archive : arg);
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  std::vector<std::string> environment = env;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string entry(*e);
    if (entry.rfind("NEWSDEX_FAULT", 0) != 0) environment.push_back(entry);
  }
  std::vector<char*> envp;
  for (std::string& entry : environment) envp.push_back(entry.data());
  envp.push_back(nullptr);

  int pipe_fds[2];
  ChildEnd end;
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) return end;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, stderr_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  ::close(pipe_fds[1]);
  if (spawned != 0) {
    ::close(pipe_fds[0]);
    return end;
  }

  const Clock::time_point start = Clock::now();
  std::string pending;
  bool sent_kill = false;
  for (;;) {
    int timeout = -1;
    if (kill_after_ms && !sent_kill) {
      timeout = std::max(0, *kill_after_ms - static_cast<int>(MillisSince(start)));
    }
    pollfd fd{pipe_fds[0], POLLIN, 0};
    const int ready = ::poll(&fd, 1, timeout);
    if (ready == 0) {
      ::kill(pid, SIGKILL);
      sent_kill = true;
      continue;
    }
    char buf[65536];
    const ssize_t n = ::read(pipe_fds[0], buf, sizeof buf);
    if (n <= 0) break;
    pending.append(buf, static_cast<std::size_t>(n));
    for (std::size_t eol; (eol = pending.find('\n')) != std::string::npos;) {
      NoteCommitLine(pending.substr(0, eol), ledger);
      pending.erase(0, eol + 1);
    }
  }
  ::close(pipe_fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (WIFSIGNALED(status)) {
    end.signal = WTERMSIG(status);
    end.killed = sent_kill && end.signal == SIGKILL;
  } else if (WIFEXITED(status)) {
    end.exit_status = WEXITSTATUS(status);
    end.fault = end.exit_status == kFaultExit;
  }
  return end;
}

std::vector<std::string> CheckCommitted(const std::string& archive, const Ledger& ledger,
                                        const Step* in_flight) {
  std::vector<std::string> problems;
  std::set<std::string> may_be_gone;
  if (in_flight != nullptr) may_be_gone.insert(in_flight->deletes.begin(), in_flight->deletes.end());
  try {
    Xapian::Database index(ArchivePaths(archive).xapian);
    auto store = OpenStoreReadOnly(archive);
    if (!store.ok()) return {"store does not open: " + store.status().ToString()};
    for (const auto& [id, written] : ledger) {
      const Xapian::doccount in_index = index.get_termfreq(IdTerm(id));
      auto stored = (*store)->GetDocument(id);
      if (!stored.ok()) {
        Add(&problems, "store cannot read " + id + ": " + stored.status().ToString());
        continue;
      }
      if (written && may_be_gone.count(id) != 0) {
        // Perhaps deleted by a commit the killed step had no time to report (and Xapian
        // perhaps not yet told): the agreement check after recovery judges it.
        continue;
      }
      if (written && (in_index != 1 || !stored->has_value())) {
        Add(&problems, "committed article " + id + " lost: " + std::to_string(in_index) +
                           " in the index, " + (stored->has_value() ? "1" : "0") + " in the store");
      } else if (!written && (in_index != 0 || stored->has_value())) {
        Add(&problems, "deleted article " + id + " is back");
      }
    }
  } catch (const Xapian::Error& e) {
    problems.push_back("index does not open: " + e.get_description());
  }
  return problems;
}

std::vector<std::string> CheckAgreement(const std::string& archive) {
  std::vector<std::string> problems;
  try {
    Xapian::Database index(ArchivePaths(archive).xapian);
    auto store = OpenStoreReadOnly(archive);
    if (!store.ok()) return {"store does not open: " + store.status().ToString()};
    Status status;
    const std::map<std::string, std::string> articles = StoredArticles(**store, &status);
    if (!status.ok()) return {"store cannot be read: " + status.ToString()};

    // Generations first: the per-id problems below can fill the list.
    const std::uint64_t pending = StateNumber(**store, kStatePendingGen);
    const std::uint64_t committed = StateNumber(**store, kStateCommittedGen);
    if (committed != pending) {
      Add(&problems, "generations disagree: store pending " + std::to_string(pending) +
                         ", committed " + std::to_string(committed));
    }
    // The combined database shows the first shard's "gen" only, and a crash between
    // shard commits leaves the others behind: every shard must have the generation.
    const std::vector<std::uint64_t> generations = ShardGenerations(archive);
    if (generations.empty()) Add(&problems, "index shards cannot be listed");
    for (std::size_t k = 0; k < generations.size(); ++k) {
      if (generations[k] != pending) {
        Add(&problems, "generations disagree: index shard-" + std::to_string(k) + " at " +
                           std::to_string(generations[k]) + ", store pending " +
                           std::to_string(pending));
      }
    }

    std::set<std::string> id_terms;
    for (const auto& [id, stored] : articles) id_terms.insert(IdTerm(id));
    std::set<std::string> indexed;
    for (auto t = index.allterms_begin("Q"); t != index.allterms_end("Q"); ++t) {
      indexed.insert(*t);
      if (t.get_termfreq() != 1) {
        Add(&problems, "id term " + *t + " is on " + std::to_string(t.get_termfreq()) + " documents");
      }
      if (id_terms.count(*t) == 0) Add(&problems, "indexed but not stored: " + *t);
    }
    for (const std::string& term : id_terms) {
      if (indexed.count(term) == 0) Add(&problems, "stored but not indexed: " + term);
    }
    const std::uint64_t counted = StateNumber(**store, kStateArticles);
    if (index.get_doccount() != articles.size() || counted != articles.size()) {
      Add(&problems, "counts disagree: " + std::to_string(index.get_doccount()) + " indexed, " +
                         std::to_string(articles.size()) + " stored, state says " +
                         std::to_string(counted));
    }
  } catch (const Xapian::Error& e) {
    problems.push_back("index does not open: " + e.get_description());
  }
  return problems;
}

std::vector<std::uint64_t> ShardGenerations(const std::string& archive) {
  return PerShard(archive, [](const Xapian::Database& shard) -> std::uint64_t {
    return std::strtoull(shard.get_metadata("gen").c_str(), nullptr, 10);
  });
}

std::vector<std::uint64_t> ShardDocuments(const std::string& archive) {
  return PerShard(archive, [](const Xapian::Database& shard) -> std::uint64_t {
    return shard.get_doccount();
  });
}

std::vector<std::string> CompareArchives(const std::string& expected, const std::string& actual) {
  std::vector<std::string> problems;
  auto want_store = OpenStoreReadOnly(expected);
  auto got_store = OpenStoreReadOnly(actual);
  if (!want_store.ok() || !got_store.ok()) return {"a store does not open"};
  Status s1, s2;
  const auto want = StoredArticles(**want_store, &s1);
  const auto got = StoredArticles(**got_store, &s2);
  if (!s1.ok() || !s2.ok()) return {"a store cannot be read"};
  if (want.size() != got.size()) {
    Add(&problems, "stored articles: " + std::to_string(got.size()) + ", expected " +
                       std::to_string(want.size()));
  }
  for (const auto& [id, stored] : want) {
    auto it = got.find(id);
    if (it == got.end()) Add(&problems, "missing article " + id);
    else if (it->second != stored) Add(&problems, "stored article " + id + " differs");
  }
  try {
    Xapian::Database a(ArchivePaths(expected).xapian), b(ArchivePaths(actual).xapian);
    if (a.get_doccount() != b.get_doccount() || a.get_total_length() != b.get_total_length()) {
      Add(&problems, "index sizes differ: " + std::to_string(b.get_doccount()) + " documents of total length " +
                         std::to_string(b.get_total_length()) + ", expected " +
                         std::to_string(a.get_doccount()) + " of " + std::to_string(a.get_total_length()));
    }
    auto ta = a.allterms_begin(), tb = b.allterms_begin();
    for (; ta != a.allterms_end() && tb != b.allterms_end(); ++ta, ++tb) {
      if (*ta != *tb || ta.get_termfreq() != tb.get_termfreq() ||
          a.get_collection_freq(*ta) != b.get_collection_freq(*tb)) {
        Add(&problems, "term statistics differ at '" + *ta + "' / '" + *tb + "'");
        break;
      }
    }
    if ((ta == a.allterms_end()) != (tb == b.allterms_end())) Add(&problems, "term lists differ in length");
    for (const auto& [id, stored] : want) {
      const std::string term = IdTerm(id);
      auto pa = a.postlist_begin(term), pb = b.postlist_begin(term);
      if (pa == a.postlist_end(term) || pb == b.postlist_end(term)) continue;  // counted above
      if (Describe(a.get_document(*pa)) != Describe(b.get_document(*pb))) {
        Add(&problems, "indexed document " + id + " differs");
      }
    }
  } catch (const Xapian::Error& e) {
    problems.push_back("index does not open: " + e.get_description());
  }
  return problems;
}

std::optional<std::string> Recover(const std::string& archive, const std::vector<std::string>& env) {
  const std::string log = archive + ".recover.log";
  Ledger ignored;
  ChildEnd end = RunIndexer(archive, {"recover", {"stats", "-a", "{A}"}}, env, std::nullopt, log, &ignored);
  if (end.exit_status == 0) return std::nullopt;
  if (end.fault) return "recovery crashed at a fault point";
  return "opening the archive failed (status " + std::to_string(end.exit_status) + "): " + ReadWhole(log);
}

namespace {

// One kill's plan: a named fault point (NEWSDEX_FAULT) or a SIGKILL after some time.
struct KillPlan {
  std::vector<std::string> env;
  std::optional<int> kill_after_ms;
  std::string cause;
};

KillPlan PlanKill(const CampaignOptions& options, double step_ms, std::mt19937_64& random) {
  std::uniform_real_distribution<double> unit(0, 1);
  KillPlan plan;
  if (unit(random) < options.fault_point_share) {
    const std::string point = kCommitPoints[random() % std::size(kCommitPoints)];
    const int reach = 1 + static_cast<int>(random() % 4);
    plan.env.push_back("NEWSDEX_FAULT=" + point + "@" + std::to_string(reach));
    plan.cause = point;
  } else {
    plan.kill_after_ms = static_cast<int>(unit(random) * step_ms * 1.1);
    plan.cause = "random";
  }
  return plan;
}

}  // namespace

CampaignReport RunCampaign(const CampaignOptions& options) {
  const Clock::time_point start = Clock::now();
  CampaignReport report;
  std::mt19937_64 random(options.seed);
  fs::create_directories(options.work_dir);
  const std::vector<Step> steps = ReutersWorkload(options.sgml_files, options.work_dir);
  const std::string reference = (fs::path(options.work_dir) / "reference").string();
  const std::string log = (fs::path(options.work_dir) / "stderr.log").string();
  fs::remove_all(reference);

  std::vector<double> step_ms;
  for (const Step& step : steps) {
    Ledger ledger;
    const Clock::time_point step_start = Clock::now();
    ChildEnd end = RunIndexer(reference, step, {}, std::nullopt, log, &ledger);
    step_ms.push_back(MillisSince(step_start));
    if (!end.completed()) {
      report.problems.push_back("reference step " + step.name + " failed: " + ReadWhole(log));
      return report;
    }
  }
  for (std::string& p : CheckAgreement(reference)) report.problems.push_back("reference: " + p);

  for (int run = 0; report.kills < options.kills; ++run) {
    const std::string archive = (fs::path(options.work_dir) / "archive").string();
    fs::remove_all(archive);
    Ledger ledger;
    int kills_this_run = 0;
    const Step* running = nullptr;
    // Counts a kill and checks, before any recovery, what finished commits reported;
    // false when the archive did not exist yet.
    auto note_kill = [&](const std::string& cause, const std::string& where) {
      ++report.kills;
      ++report.kills_by_cause[cause];
      if (options.verbose) std::cerr << where << ledger.size() << " committed ids\n";
      if (ledger.empty() && !fs::exists(ArchivePaths(archive).manifest)) {
        return false;  // killed while creating the archive: nothing to check, nothing lost
      }
      for (std::string& p : CheckCommitted(archive, ledger, running)) report.problems.push_back(where + p);
      report.committed_checked += ledger.size();
      return true;
    };
    for (std::size_t i = 0; i < steps.size(); ++i) {
      running = &steps[i];
      for (;;) {
        const bool kill = report.kills < options.kills && kills_this_run < options.max_kills_per_run;
        KillPlan plan = kill ? PlanKill(options, step_ms[i], random) : KillPlan{};
        ChildEnd end = RunIndexer(archive, steps[i], plan.env, plan.kill_after_ms, log, &ledger);
        if (end.completed()) {
          for (const std::string& id : steps[i].deletes) ledger[id] = false;
          break;
        }
        if (!end.killed && !end.fault) {
          report.problems.push_back("step " + steps[i].name + " failed (status " +
                                    std::to_string(end.exit_status) + ", signal " +
                                    std::to_string(end.signal) + "): " + ReadWhole(log));
          return report;
        }
        const std::string where = "kill " + std::to_string(report.kills + 1) + " (" + plan.cause +
                                  ", step " + steps[i].name + "): ";
        ++kills_this_run;
        if (!note_kill(plan.cause, where)) continue;
        // A crash that may have left Xapian behind the store: half the time, crash the
        // recovery too, at one of its own points.
        const bool maybe_behind = plan.cause != "before-store" && plan.cause != "after-finish";
        if (maybe_behind && report.kills < options.kills && random() % 2 == 0) {
          const std::string point = kReplayPoints[random() % std::size(kReplayPoints)];
          Ledger ignored;
          ChildEnd crashed = RunIndexer(archive, {"recover", {"stats", "-a", "{A}"}},
                                        {"NEWSDEX_FAULT=" + point}, std::nullopt, log, &ignored);
          if (crashed.fault) {
            note_kill(point, "kill " + std::to_string(report.kills + 1) + " (" + point + "): ");
          }
        }
        if (auto failed = Recover(archive, {})) {
          report.problems.push_back(where + *failed);
          return report;
        }
        for (std::string& p : CheckAgreement(archive)) report.problems.push_back(where + p);
        for (std::string& p : CheckCommitted(archive, ledger, running)) {
          report.problems.push_back(where + p);
        }
      }
    }
    ++report.workloads;
    for (std::string& p : CompareArchives(reference, archive)) {
      report.problems.push_back("run " + std::to_string(run) + " vs reference: " + p);
    }
  }
  report.seconds = MillisSince(start) / 1000;
  return report;
}

}  // namespace newsdex::crash
