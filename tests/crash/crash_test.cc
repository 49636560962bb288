// Crash tests on real Reuters-21578 stories: newsdex-index is killed again and again and
// nothing a finished commit reported may be lost (tests/crash/crash_harness.h). Negative
// controls run deliberately broken protocols and require the same checks to fail.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "common/archive/archive_layout.h"
#include "common/archive/index_shards.h"
#include "crash/crash_harness.h"
#include "support/temp_dir.h"

namespace newsdex::crash {
namespace {

using newsdex::testing::TempDir;

std::string Reuters(const std::string& file) {
  return std::string(NEWSDEX_CORPORA_DIR) + "/reuters21578/" + file;
}

std::uint64_t EnvNumber(const char* name, std::uint64_t fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? std::strtoull(value, nullptr, 10) : fallback;
}

std::string Joined(const std::vector<std::string>& problems) {
  std::string out;
  for (const std::string& p : problems) out += p + "\n";
  return out;
}

// Runs the steps to their end without kills; returns false when one fails.
bool RunAll(const std::string& archive, const std::vector<Step>& steps, const std::string& log,
            Ledger* ledger) {
  for (const Step& step : steps) {
    if (!RunIndexer(archive, step, {}, std::nullopt, log, ledger).completed()) return false;
  }
  return true;
}

// Runs recovery (as `newsdex-index stats` opens the archive) until it stops at crash
// point `point`; what finished commits reported must still be there.
void CrashRecovery(const std::string& archive, const std::string& point, const std::string& log,
                   const Ledger& ledger) {
  Ledger ignored;
  ChildEnd recovery = RunIndexer(archive, {"recover", {"stats", "-a", "{A}"}},
                                 {"NEWSDEX_FAULT=" + point}, std::nullopt, log, &ignored);
  REQUIRE(recovery.fault);
  CHECK(Joined(CheckCommitted(archive, ledger)) == "");
}

// The workload on an archive of `shards` index shards: its first step creates the archive.
std::vector<Step> Sharded(std::vector<Step> steps, unsigned shards) {
  std::vector<std::string>& args = steps.front().args;
  args.insert(args.begin() + 2, {"--shards", std::to_string(shards)});
  return steps;
}

}  // namespace

TEST_CASE("killed at random moments and at every commit step, the indexer loses nothing",
          "[crash][slow]") {
  TempDir dir;
  CampaignOptions options;
  options.kills = static_cast<int>(EnvNumber("NEWSDEX_CRASH_KILLS", 30));
  options.seed = EnvNumber("NEWSDEX_CRASH_SEED", 20261205);
  options.sgml_files = {Reuters("reut2-000.sgm.gz"), Reuters("reut2-001.sgm.gz")};
  options.work_dir = dir / "campaign";
  const CampaignReport report = RunCampaign(options);
  INFO("seed " << options.seed << ", " << report.kills << " kills, " << report.workloads
               << " workloads, " << report.committed_checked << " committed ids checked");
  CHECK(Joined(report.problems) == "");
  CHECK(report.kills >= options.kills);
  CHECK(report.workloads >= 1);
  CHECK(report.committed_checked > 0);
}

TEST_CASE("each commit step's crash point is survived and recovered", "[crash]") {
  TempDir dir;
  const std::vector<Step> steps = ReutersWorkload({Reuters("reut2-002.sgm.gz")}, dir.path());
  const std::string reference = dir / "reference", log = dir / "log";
  Ledger reference_ledger;
  REQUIRE(RunAll(reference, steps, log, &reference_ledger));
  // The revisions touch ids 1..1000, which reut2-002 does not hold: they arrive as new
  // stories here; the campaign above revises existing ones.
  for (const char* point : {"before-store", "after-store", "mid-xapian", "after-xapian",
                            "after-finish", "mid-replay", "after-replay"}) {
    INFO("crash at " << point);
    const std::string archive = dir / (std::string("at-") + point);
    Ledger ledger;
    const bool in_recovery = std::string(point).find("replay") != std::string::npos;
    // Crash recovery at its own points needs a crash that left Xapian behind first.
    const std::string fault = "NEWSDEX_FAULT=" + std::string(in_recovery ? "after-store@3" : point) +
                              (in_recovery ? "" : "@3");
    ChildEnd end = RunIndexer(archive, steps[0], {fault}, std::nullopt, log, &ledger);
    REQUIRE(end.fault);
    CHECK(Joined(CheckCommitted(archive, ledger)) == "");
    if (in_recovery) {
      CrashRecovery(archive, point, log, ledger);
    }
    REQUIRE_FALSE(Recover(archive, {}).has_value());
    CHECK(Joined(CheckAgreement(archive)) == "");
    REQUIRE(RunAll(archive, steps, log, &ledger));
    CHECK(Joined(CompareArchives(reference, archive)) == "");
  }
}

// An archive of 3 index shards, crashed where shards can fall out of step (inside the
// first shard's transaction, between shard commits, after all of them, and in a replay
// onto shards already out of step), recovers to the very archive that one unsharded and
// unbroken run builds: the same documents and the same summed term statistics.
TEST_CASE("a crash between index shard commits is survived and recovered", "[crash]") {
  TempDir dir;
  const std::vector<Step> plain = ReutersWorkload({Reuters("reut2-008.sgm.gz")}, dir.path());
  const std::vector<Step> steps = Sharded(plain, 3);
  const std::string reference = dir / "reference", log = dir / "log";
  Ledger reference_ledger;
  REQUIRE(RunAll(reference, plain, log, &reference_ledger));
  REQUIRE(ShardGenerations(reference).size() == 1);
  for (const char* point : {"mid-xapian", "mid-shards", "after-xapian", "mid-replay"}) {
    INFO("crash at " << point);
    const std::string archive = dir / (std::string("at-") + point);
    Ledger ledger;
    const bool in_recovery = std::string(point) == "mid-replay";
    // The replay is crashed after a commit stopped between shards, so that it starts
    // from shards at different generations.
    const std::string fault =
        "NEWSDEX_FAULT=" + std::string(in_recovery ? "mid-shards" : point) + "@3";
    ChildEnd end = RunIndexer(archive, steps[0], {fault}, std::nullopt, log, &ledger);
    REQUIRE(end.fault);
    CHECK(ledger.size() >= 150);  // a commit of 150 finished before the crash
    CHECK(Joined(CheckCommitted(archive, ledger)) == "");
    // Shards are committed in order: only a crash between shard commits leaves the first
    // shard a generation ahead of the last.
    const bool split = std::string(point) == "mid-shards" || in_recovery;
    const std::vector<std::uint64_t> generations = ShardGenerations(archive);
    REQUIRE(generations.size() == 3);
    CHECK(generations.front() == generations.back() + (split ? 1 : 0));
    CHECK(std::is_sorted(generations.rbegin(), generations.rend()));
    // And the agreement check names each shard that missed the generation the store has
    // pending: every shard inside the first one's transaction, none once all committed,
    // the later ones between shard commits.
    const std::string unrecovered = Joined(CheckAgreement(archive));
    for (std::size_t k = 0; k < generations.size(); ++k) {
      const bool behind = std::string(point) == "mid-xapian" ||
                          (split && generations[k] < generations.front());
      INFO("shard " << k << ": " << unrecovered);
      const bool named = unrecovered.find("shard-" + std::to_string(k) + " at ") != std::string::npos;
      CHECK(named == behind);
    }
    if (in_recovery) {
      CrashRecovery(archive, point, log, ledger);
      CHECK(ShardGenerations(archive) == generations);  // stopped before writing any shard
    }
    REQUIRE_FALSE(Recover(archive, {}).has_value());
    CHECK(Joined(CheckAgreement(archive)) == "");
    CHECK(Joined(CheckCommitted(archive, ledger)) == "");
    REQUIRE(IndexShardFolders(ArchivePaths(archive).xapian).ok());
    CHECK(IndexShardFolders(ArchivePaths(archive).xapian)->size() == 3);
    REQUIRE(RunAll(archive, steps, log, &ledger));
    CHECK(Joined(CheckAgreement(archive)) == "");
    CHECK(Joined(CompareArchives(reference, archive)) == "");
    // Every shard holds a part of the articles (one shard holding them all would compare
    // equal too).
    const std::vector<std::uint64_t> documents = ShardDocuments(archive);
    REQUIRE(documents.size() == 3);
    for (const std::uint64_t shard : documents) CHECK(shard > 0);
  }
}

TEST_CASE("a Xapian write failure loses nothing, once or for good", "[crash]") {
  TempDir dir;
  const std::vector<Step> steps = ReutersWorkload({Reuters("reut2-003.sgm.gz")}, dir.path());
  const std::string reference = dir / "reference", log = dir / "log";
  Ledger reference_ledger;
  REQUIRE(RunAll(reference, {steps[0]}, log, &reference_ledger));

  SECTION("one failed apply: the writer reopens Xapian, replays, and carries on") {
    const std::string archive = dir / "once";
    Ledger ledger;
    ChildEnd end = RunIndexer(archive, steps[0], {"NEWSDEX_FAULT=xapian-error@3"}, std::nullopt,
                              log, &ledger);
    CHECK(end.completed());
    CHECK(ledger == reference_ledger);
    CHECK(Joined(CheckAgreement(archive)) == "");
    CHECK(Joined(CompareArchives(reference, archive)) == "");
  }
  SECTION("a disk that keeps failing: a clear error, and the next run completes") {
    const std::string archive = dir / "forever";
    Ledger ledger;
    ChildEnd end = RunIndexer(archive, steps[0], {"NEWSDEX_FAULT=xapian-error@3+"}, std::nullopt,
                              log, &ledger);
    CHECK(end.exit_status == 2);
    CHECK(ledger.size() == 300);  // two commits of 150 finished before the failure
    CHECK(Joined(CheckCommitted(archive, ledger)) == "");
    REQUIRE_FALSE(Recover(archive, {}).has_value());
    CHECK(Joined(CheckAgreement(archive)) == "");
    REQUIRE(RunAll(archive, {steps[0]}, log, &ledger));
    CHECK(Joined(CompareArchives(reference, archive)) == "");
  }
}

// Negative controls: the same checks must fail when the protocol is broken on purpose.
TEST_CASE("the checks catch a protocol that writes Xapian before the store", "[crash]") {
  TempDir dir;
  const std::vector<Step> steps = ReutersWorkload({Reuters("reut2-004.sgm.gz")}, dir.path());
  for (const bool broken : {false, true}) {
    INFO((broken ? "broken" : "correct") << " protocol");
    const std::string archive = dir / (broken ? "broken" : "correct");
    std::vector<std::string> env{"NEWSDEX_FAULT=after-xapian@2"};
    if (broken) env.push_back("NEWSDEX_FAULT_PROTOCOL=xapian-first");
    Ledger ledger;
    REQUIRE(RunIndexer(archive, steps[0], env, std::nullopt, dir / "log", &ledger).fault);
    std::vector<std::string> problems = CheckCommitted(archive, ledger);
    if (auto failed = Recover(archive, {})) problems.push_back(*failed);
    else for (std::string& p : CheckAgreement(archive)) problems.push_back(p);
    CHECK(problems.empty() == !broken);
  }
}

TEST_CASE("the checks catch a replay that adds documents instead of replacing them", "[crash]") {
  TempDir dir;
  const std::vector<Step> steps = ReutersWorkload({Reuters("reut2-000.sgm.gz")}, dir.path());
  for (const bool broken : {false, true}) {
    INFO((broken ? "broken" : "correct") << " replay");
    const std::string archive = dir / (broken ? "broken" : "correct");
    Ledger ledger;
    REQUIRE(RunAll(archive, {steps[0]}, dir / "log", &ledger));
    // The first commit of revisions reaches the store only; replay must replace.
    REQUIRE(RunIndexer(archive, steps[1], {"NEWSDEX_FAULT=after-store@1"}, std::nullopt,
                       dir / "log", &ledger).fault);
    std::vector<std::string> replay_env;
    if (broken) replay_env.push_back("NEWSDEX_FAULT_PROTOCOL=replay-add");
    std::vector<std::string> problems;
    if (auto failed = Recover(archive, replay_env)) problems.push_back(*failed);
    for (std::string& p : CheckAgreement(archive)) problems.push_back(p);
    CHECK(problems.empty() == !broken);
  }
}

}  // namespace newsdex::crash

namespace newsdex::crash {

TEST_CASE("tagging by rules and training topics survive a crash in their commits", "[crash]") {
  TempDir dir;
  const std::string rules = dir / "rules.toml";
  std::ofstream(rules) << "[[rule]]\ntopic = \"energy\"\nquery = \"oil OR crude OR opec\"\n";
  const Step ingest("ingest", {"-a", "{A}", "--quiet", Reuters("reut2-007.sgm.gz")});
  const Step apply("apply", {"topics", "-a", "{A}", "--apply", rules});
  const Step train("train", {"topics", "-a", "{A}", "--train", "--min-articles", "5"});
  const std::string reference = dir / "reference", log = dir / "log";
  Ledger ignored;
  REQUIRE(RunAll(reference, {ingest, apply, train}, log, &ignored));
  for (const char* fault : {"after-store@1", "mid-xapian@1", "after-xapian@1"}) {
    for (const Step* killed : {&apply, &train}) {
      INFO(killed->name << " killed at " << fault);
      const std::string archive = dir / (killed->name + "-" + fault);
      REQUIRE(RunAll(archive, {ingest}, log, &ignored));
      if (killed == &train) REQUIRE(RunAll(archive, {apply}, log, &ignored));
      REQUIRE(RunIndexer(archive, *killed, {"NEWSDEX_FAULT=" + std::string(fault)}, std::nullopt,
                         log, &ignored).fault);
      REQUIRE_FALSE(Recover(archive, {}).has_value());
      CHECK(Joined(CheckAgreement(archive)) == "");
      // Running the command again finishes the work (as a user would after a crash).
      REQUIRE(RunAll(archive, {*killed}, log, &ignored));
      if (killed == &apply) REQUIRE(RunAll(archive, {train}, log, &ignored));
      CHECK(Joined(CompareArchives(reference, archive)) == "");
    }
  }
}

}  // namespace newsdex::crash
