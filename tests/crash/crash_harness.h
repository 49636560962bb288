// Crash harness: runs newsdex-index in child processes over a workload of Reuters-21578
// stories, revisions and deletions, kills it (SIGKILL at random moments, or at the
// writer's named fault points), and after every kill checks what a user relies on:
//   - the archive opens;
//   - every article that a finished commit reported (--report-commits) is in both
//     stores, and every article a finished commit deleted is in neither;
//   - once a writer has opened it, the stores agree: the same ids, each id once, the
//     same counts and generations;
// and, when the workload has run to its end, that the archive equals one built without
// interruption (same ids, stored documents, terms, wdf, values and term statistics).
//
// The checks read Xapian and RocksDB directly, not through the code under test, so a
// broken protocol (NEWSDEX_FAULT_PROTOCOL) is caught rather than explained away.
#ifndef NEWSDEX_TESTS_CRASH_CRASH_HARNESS_H_
#define NEWSDEX_TESTS_CRASH_CRASH_HARNESS_H_

#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace newsdex::crash {

// One newsdex-index command of a workload (arguments after the program name; "{A}"
// stands for the archive).
struct Step {
  Step(std::string step_name, std::vector<std::string> step_args,
       std::vector<std::string> step_deletes = {})
      : name(std::move(step_name)), args(std::move(step_args)), deletes(std::move(step_deletes)) {}
  std::string name;
  std::vector<std::string> args;
  // Ids the step deletes: while it runs, a commit may have deleted them before it could
  // report so (and a rerun has nothing left to delete, so never reports them).
  std::vector<std::string> deletes;
};

// The workload: index the given Reuters files, revise some of their stories and add new
// ones (JSONL written into `work_dir`), then delete some. Commits are small so that a
// run has many generations to be killed between.
std::vector<Step> ReutersWorkload(const std::vector<std::string>& sgml_files,
                                  const std::string& work_dir);

// What finished commits reported: id -> true (written) or false (deleted), latest wins.
using Ledger = std::map<std::string, bool>;

// How one child process ended.
struct ChildEnd {
  bool killed = false;        // by our SIGKILL
  bool fault = false;         // exit status 86: a fault point fired
  int exit_status = -1;       // when it exited
  int signal = 0;             // when a signal ended it
  bool completed() const { return !killed && !fault && (exit_status == 0 || exit_status == 3); }
};

// Runs newsdex-index with `args` ({A} replaced by `archive`) and `env` added to the
// environment; sends SIGKILL after `kill_after_ms` if given. Every commit line the child
// printed is added to `ledger`. Its stderr goes to `stderr_path`.
ChildEnd RunIndexer(const std::string& archive, const Step& step,
                    const std::vector<std::string>& env, std::optional<int> kill_after_ms,
                    const std::string& stderr_path, Ledger* ledger);

// Problems with what finished commits reported, read before any recovery. Articles
// that `in_flight` (the step that was killed) deletes may be gone already.
std::vector<std::string> CheckCommitted(const std::string& archive, const Ledger& ledger,
                                        const Step* in_flight = nullptr);
// Problems with the agreement of the two stores (call after a writer has opened it).
std::vector<std::string> CheckAgreement(const std::string& archive);

// The "gen" of each index shard, read from the shard alone (a database of all shards shows
// the first one's), 0 before a commit reached it; empty when the shards cannot be listed.
std::vector<std::uint64_t> ShardGenerations(const std::string& archive);

// The documents of each index shard; empty when the shards cannot be listed.
std::vector<std::uint64_t> ShardDocuments(const std::string& archive);
// Differences between two archives' contents (ids, stored documents, index terms).
std::vector<std::string> CompareArchives(const std::string& expected, const std::string& actual);

// Opens the archive as a writer (`newsdex-index stats`), which recovers it; returns the
// problem when that fails.
std::optional<std::string> Recover(const std::string& archive, const std::vector<std::string>& env);

struct CampaignOptions {
  int kills = 30;                // stop killing after this many kills
  int max_kills_per_run = 12;    // then let a workload run to its end
  double fault_point_share = 0.4;  // of kills made at named fault points
  std::uint64_t seed = 1;
  std::vector<std::string> sgml_files;
  std::string work_dir;          // scratch space (archives, feeds, logs)
  bool verbose = false;          // one line per kill on stderr
};

struct CampaignReport {
  int kills = 0;
  int workloads = 0;                       // workloads run to their end
  std::map<std::string, int> kills_by_cause;  // "random" or the fault point
  std::size_t committed_checked = 0;       // ledger entries verified, summed over kills
  std::vector<std::string> problems;       // lost articles and inconsistencies
  double seconds = 0;
};

// Builds the reference archive once, then runs workloads with kills until
// options.kills kills were made, checking after each and comparing each finished
// workload with the reference.
CampaignReport RunCampaign(const CampaignOptions& options);

}  // namespace newsdex::crash

#endif  // NEWSDEX_TESTS_CRASH_CRASH_HARNESS_H_
