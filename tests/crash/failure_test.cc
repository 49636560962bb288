// Failures users meet besides a kill: archive problems that must each be one line with
// their own exit status, a second writer, a disk that fills up, and searches while a
// writer commits.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "common/archive/archive_layout.h"
#include "crash/crash_harness.h"
#include "indexer/index_writer.h"
#include "newsdex/searcher.h"
#include "support/shell.h"
#include "support/temp_dir.h"

namespace newsdex::crash {
namespace {

using newsdex::testing::Quote;
using newsdex::testing::Run;
using newsdex::testing::Shell;
using newsdex::testing::TempDir;

const std::string kIndex = NEWSDEX_INDEX_BIN;

std::string Reuters(int file) {
  char name[32];
  std::snprintf(name, sizeof name, "reut2-%03d.sgm.gz", file);
  return std::string(NEWSDEX_CORPORA_DIR) + "/reuters21578/" + name;
}

std::string Feed(const TempDir& dir) {
  const std::string path = dir / "feed.jsonl";
  std::ofstream(path) << R"({"id":"f1","headline":"Port reopens","body":"The port reopened."})"
                      << "\n";
  return path;
}

std::size_t Lines(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

// A tmpfs of `megabytes` mounted for the test and unmounted after; only root can.
class SmallDisk {
 public:
  SmallDisk(const std::string& path, int megabytes) : path_(path) {
    std::filesystem::create_directories(path);
    mounted_ = ::geteuid() == 0 &&
               std::system(("mount -t tmpfs -o size=" + std::to_string(megabytes) + "m tmpfs " +
                            Quote(path) + " 2>/dev/null").c_str()) == 0;
  }
  ~SmallDisk() {
    if (mounted_) std::system(("umount " + Quote(path_)).c_str());
  }
  bool Resize(int megabytes) {
    return std::system(("mount -o remount,size=" + std::to_string(megabytes) + "m " + Quote(path_))
                           .c_str()) == 0;
  }
  bool mounted() const { return mounted_; }

 private:
  std::string path_;
  bool mounted_ = false;
};

std::uint64_t CommittedCount(const Ledger& ledger) {
  return static_cast<std::uint64_t>(
      std::count_if(ledger.begin(), ledger.end(), [](const auto& e) { return e.second; }));
}

// `newsdex-index stats --json`'s article count, or -1 when it fails.
long long StatsArticles(const TempDir& dir, const std::string& archive) {
  Run stats = Shell(kIndex + " stats --json -a " + Quote(archive), dir);
  if (stats.exit_status != 0) return -1;
  const std::size_t at = stats.out.find("\"articles\":");
  return at == std::string::npos ? -1 : std::stoll(stats.out.substr(at + 11));
}

}  // namespace

TEST_CASE("each archive problem is one line with its own exit status", "[failure]") {
  TempDir dir;
  const std::string feed = Feed(dir);
  REQUIRE(Shell(kIndex + " -a " + Quote(dir / "good") + " " + feed, dir).exit_status == 0);
  std::ofstream(dir / "a-file") << "not a folder";
  std::filesystem::create_directories(dir / "photos");
  std::ofstream(dir / "photos/cat.jpg") << "jpeg";
  REQUIRE(Shell(kIndex + " -a " + Quote(dir / "newer") + " " + feed, dir).exit_status == 0);
  {
    std::string manifest = testing::ReadFile(dir / "newer/newsdex.toml");
    manifest.replace(manifest.find("format_version = 1"), 18, "format_version = 99");
    std::ofstream(dir / "newer/newsdex.toml") << manifest;
  }
  struct Row {
    std::string args;
    int status;
    const char* message;
  };
  const Row rows[] = {
      {"stats -a " + Quote(dir / "missing"), 4, "no archive at"},
      {"-a " + Quote(dir / "a-file") + " " + feed, 10, "not an archive folder"},
      {"-a " + Quote(dir / "photos") + " " + feed, 10, "holds no newsdex archive"},
      {"stats -a " + Quote(dir / "newer"), 8, "newer"},
      {"-a " + Quote(dir / "good") + " " + Quote(dir / "no-such.jsonl"), 4, "no-such.jsonl"},
      {"-a " + Quote(dir / "good") + " --min-free-space lots " + feed, 1, "--min-free-space"},
  };
  for (const Row& row : rows) {
    INFO(row.args);
    Run run = Shell(kIndex + " " + row.args, dir);
    CHECK(run.exit_status == row.status);
    CHECK_THAT(run.err, Catch::Contains(row.message));
    CHECK(Lines(run.err) <= 2);  // the error, and for usage errors where to find help
    CHECK(run.out.empty());
  }
  // newsdex-search names the same problems with the same statuses.
  const std::string search = std::string(NEWSDEX_SEARCH_BIN) + " oil -a ";
  for (const Row& row : {Row{Quote(dir / "missing"), 4, "no archive at"},
                         Row{Quote(dir / "a-file"), 10, "not an archive folder"},
                         Row{Quote(dir / "newer"), 8, "newer"}}) {
    INFO("search -a " << row.args);
    Run run = Shell(search + row.args, dir);
    CHECK(run.exit_status == row.status);
    CHECK_THAT(run.err, Catch::Contains(row.message));
    CHECK(Lines(run.err) == 1);
  }
  // Without write permission (as root, run as nobody: root may write anywhere).
  const std::string as_other = ::geteuid() == 0 ? "setpriv --reuid=65534 --regid=65534 --clear-groups " : "";
  REQUIRE(::chmod((dir / "good").c_str(), 0555) == 0);
  REQUIRE(::chmod(dir.path().c_str(), 0755) == 0);
  Run denied = Shell(as_other + kIndex + " -a " + Quote(dir / "good") + " " + feed, dir);
  CHECK(denied.exit_status == 5);
  CHECK_THAT(denied.err, Catch::Contains("permission denied"));
  CHECK(Lines(denied.err) == 1);
  ::chmod((dir / "good").c_str(), 0755);
}

TEST_CASE("a second writer is told who holds the archive, or waits with --wait", "[failure]") {
  TempDir dir;
  const std::string archive = dir / "a", feed = Feed(dir);
  REQUIRE(Shell(kIndex + " -a " + Quote(archive) + " " + feed, dir).exit_status == 0);
  Result<int> lock = indexer::LockArchive(ArchivePaths(archive).lock);
  REQUIRE(lock.ok());
  const std::string holder = "being written by PID " + std::to_string(::getpid());

  Run busy = Shell(kIndex + " -a " + Quote(archive) + " " + feed, dir);
  CHECK(busy.exit_status == 6);
  CHECK_THAT(busy.err, Catch::Contains("archive is busy (" + holder + ")"));

  const auto start = std::chrono::steady_clock::now();
  Run gave_up = Shell(kIndex + " delete -a " + Quote(archive) + " --wait=0.5 f1", dir);
  CHECK(gave_up.exit_status == 6);
  CHECK_THAT(gave_up.err, Catch::Contains(holder) && Catch::Contains("gave up waiting"));
  CHECK(std::chrono::steady_clock::now() - start >= std::chrono::milliseconds(500));

  // The holder finishes while the second writer waits.
  std::thread release([fd = *lock] {
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    ::close(fd);
  });
  Run waited = Shell(kIndex + " delete -a " + Quote(archive) + " --wait f1", dir);
  release.join();
  CHECK(waited.exit_status == 0);
  CHECK_THAT(waited.out, Catch::Contains("deleted 1 article"));
}

TEST_CASE("searches while the indexer commits see the last commit and never fail",
          "[failure][slow]") {
  TempDir dir;
  const std::string archive = dir / "a";
  REQUIRE(Shell(kIndex + " -a " + Quote(archive) + " " + Feed(dir), dir).exit_status == 0);
  auto searcher = Searcher::Open({}, archive);
  REQUIRE(searcher.ok());

  std::atomic<bool> writing{true};
  std::atomic<int> indexed{-1};
  std::thread writer([&] {
    indexed = std::system((kIndex + " -a " + Quote(archive) + " --quiet --commit-every 100 " +
                           Reuters(5) + " " + Reuters(6) + " >/dev/null 2>&1")
                              .c_str());
    writing = false;
  });
  // An application moves its Searcher to the newest commit now and then...
  // (Catch2's assertions are for the test's own thread: the others count.)
  std::atomic<int> reopen_failures{0};
  std::thread reopener([&] {
    while (writing) {
      if (!(*searcher)->Reopen().ok()) ++reopen_failures;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  });
  // ...while eight threads share it, serving requests.
  std::atomic<int> searches{0}, failures{0}, went_back{0}, grew{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 8; ++t) {
    readers.emplace_back([&, t] {
      std::uint64_t last_total = 0;
      const char* queries[] = {"", "oil", "\"trade deficit\"", "date:1987-03"};
      for (int i = 0; writing || i < 3; ++i) {
        SearchRequest request;
        request.query = queries[(i + t) % 4];
        request.limit = 5;
        if (request.query.empty()) request.facets = {"topic"};
        Result<SearchResults> results = (*searcher)->Search(request);
        ++searches;
        if (!results.ok()) {
          ++failures;
          continue;
        }
        if (request.query.empty()) {
          if (results->total < last_total) ++went_back;
          if (results->total > last_total && last_total > 0) ++grew;
          last_total = results->total;
        }
      }
    });
  }
  writer.join();
  reopener.join();
  for (std::thread& r : readers) r.join();
  REQUIRE((*searcher)->Reopen().ok());
  CHECK(indexed == 0);
  INFO(searches << " searches");
  CHECK(failures == 0);
  CHECK(reopen_failures == 0);
  CHECK(went_back == 0);  // only articles were added: what a thread sees never shrinks
  CHECK(grew > 0);        // and it saw commits land
  SearchRequest all;
  all.limit = 0;
  Result<SearchResults> final_results = (*searcher)->Search(all);
  REQUIRE(final_results.ok());
  CHECK(final_results->total == 2001);
  CHECK(searches > 8);
}

TEST_CASE("a disk that fills up stops indexing cleanly, and freeing space lets it resume",
          "[failure][slow]") {
  TempDir dir;
  SmallDisk disk(dir / "disk", 24);
  if (!disk.mounted()) {
    WARN("skipped: mounting a small tmpfs needs root");
    return;
  }
  const std::string archive = dir / "disk/a", log = dir / "log";
  std::vector<std::string> files;
  for (int f = 0; f < 6; ++f) files.push_back(Reuters(10 + f));
  Step ingest("ingest", {"-a", "{A}", "--quiet", "--report-commits", "--commit-every", "250",
                         "--min-free-space", "8M"});
  ingest.args.insert(ingest.args.end(), files.begin(), files.end());

  Ledger ledger;
  ChildEnd full = RunIndexer(archive, ingest, {}, std::nullopt, log, &ledger);
  const std::string error = testing::ReadFile(log);
  CHECK(full.exit_status == 7);
  CHECK_THAT(error, Catch::Contains(dir / "disk/a") && Catch::Contains("disk almost full"));
  CHECK(Lines(error) == 1);
  REQUIRE(CommittedCount(ledger) > 0);
  CHECK(CheckCommitted(archive, ledger) == std::vector<std::string>{});
  // The archive opens at its last commit, and answers.
  CHECK(StatsArticles(dir, archive) == static_cast<long long>(CommittedCount(ledger)));
  CHECK(CheckAgreement(archive) == std::vector<std::string>{});

  REQUIRE(disk.Resize(96));
  ChildEnd resumed = RunIndexer(archive, ingest, {}, std::nullopt, log, &ledger);
  CHECK(resumed.completed());
  CHECK(StatsArticles(dir, archive) == 6000);
  CHECK(CheckAgreement(archive) == std::vector<std::string>{});
}

TEST_CASE("a disk that fills completely is recovered like a crash", "[failure][slow]") {
  TempDir dir;
  SmallDisk disk(dir / "disk", 16);
  if (!disk.mounted()) {
    WARN("skipped: mounting a small tmpfs needs root");
    return;
  }
  const std::string archive = dir / "disk/a", log = dir / "log";
  // No safety margin: the stores themselves meet ENOSPC (RocksDB may abort the process).
  Step ingest("ingest", {"-a", "{A}", "--quiet", "--report-commits", "--commit-every", "250",
                         "--min-free-space", "0", Reuters(16), Reuters(17), Reuters(18),
                         Reuters(19)});
  Ledger ledger;
  ChildEnd full = RunIndexer(archive, ingest, {}, std::nullopt, log, &ledger);
  INFO(testing::ReadFile(log));
  CHECK_FALSE(full.completed());
  CHECK((full.exit_status == 7 || full.signal != 0));
  CHECK(CheckCommitted(archive, ledger) == std::vector<std::string>{});

  REQUIRE(disk.Resize(96));
  CHECK(StatsArticles(dir, archive) >= static_cast<long long>(CommittedCount(ledger)));
  CHECK(CheckAgreement(archive) == std::vector<std::string>{});
  CHECK(CheckCommitted(archive, ledger) == std::vector<std::string>{});
  ChildEnd resumed = RunIndexer(archive, ingest, {}, std::nullopt, log, &ledger);
  CHECK(resumed.completed());
  CHECK(StatsArticles(dir, archive) == 4000);
  CHECK(CheckAgreement(archive) == std::vector<std::string>{});
}

}  // namespace newsdex::crash
