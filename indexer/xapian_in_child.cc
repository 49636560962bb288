#include "indexer/xapian_in_child.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <functional>
#include <sstream>

#include <xapian.h>

#include "common/archive/index_shards.h"

namespace newsdex::indexer {
namespace {

// What the child sends back: "<code>\n<text>". A child that dies first sends nothing
// whole, so the header tells an answer from a crash that happened to exit 0.
constexpr const char* kHeader = "newsdex-child ";
constexpr int kThrew = 125;  // the body's code when it threw; the text is the exception

struct ChildOutcome {
  bool answered = false;  // the body ran to its end and its answer arrived
  int code = 0;           // the body's return
  std::string text;       // what the body wrote
  std::string died;       // otherwise: how the child ended
};

bool WriteAll(int fd, const std::string& bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

using Body = std::function<int(std::string*)>;

// Runs `body` in this process: its return value and text, or kThrew and the exception.
ChildOutcome RunHere(const Body& body) {
  ChildOutcome outcome;
  outcome.answered = true;
  try {
    outcome.code = body(&outcome.text);
  } catch (const Xapian::Error& e) {
    outcome.code = kThrew;
    outcome.text = e.get_description();
  } catch (const std::exception& e) {
    outcome.code = kThrew;
    outcome.text = e.what();
  }
  return outcome;
}

[[noreturn]] void RunChild(int out_fd, const Body& body) {
  // Die of the signal itself, quietly: no handler inherited from the parent (a test
  // framework's, a sanitizer's) should report a crash in damaged data as its own.
  for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT}) std::signal(sig, SIG_DFL);
  const int null = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
  if (null >= 0) ::dup2(null, STDERR_FILENO);
  const ChildOutcome outcome = RunHere(body);
  const bool sent =
      WriteAll(out_fd, kHeader + std::to_string(outcome.code) + "\n" + outcome.text);
  ::_exit(sent ? 0 : 1);  // no destructors, no atexit: they belong to the parent
}

std::string HowItDied(int status) {
  if (WIFSIGNALED(status)) {
    const int sig = WTERMSIG(status);
    return std::string("crashed (signal ") + std::to_string(sig) + ", " + ::strsignal(sig) + ")";
  }
  return "ended with status " + std::to_string(WEXITSTATUS(status)) + " before answering";
}

// Runs `body` in a forked child. Its return value and text come back through a pipe.
ChildOutcome RunInChild(const Body& body) {
  ChildOutcome outcome;
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    outcome.died = std::string("cannot start a child process: ") + std::strerror(errno);
    return outcome;
  }
  const pid_t pid = ::fork();
  if (pid < 0) {
    outcome.died = std::string("cannot start a child process: ") + std::strerror(errno);
    ::close(fds[0]);
    ::close(fds[1]);
    return outcome;
  }
  if (pid == 0) {
    ::close(fds[0]);
    RunChild(fds[1], body);
  }
  ::close(fds[1]);
  std::string received;
  char buffer[1 << 14];
  for (;;) {
    const ssize_t n = ::read(fds[0], buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    received.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fds[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
  const std::size_t header = std::strlen(kHeader);
  const std::size_t eol = received.find('\n');
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || received.compare(0, header, kHeader) != 0 ||
      eol == std::string::npos) {
    outcome.died = HowItDied(status);
    return outcome;
  }
  outcome.answered = true;
  outcome.code = std::atoi(received.c_str() + header);
  outcome.text = received.substr(eol + 1);
  return outcome;
}

// Where Xapian runs: RunInChild or RunHere.
using Runner = ChildOutcome (*)(const Body&);

// Reads each document's term list, data and values; returns the documents that fail,
// each with a line on `out`. Throws Xapian::Error when a table cannot be read at all.
std::size_t ReadEveryDocument(const std::vector<std::string>& shards, std::ostream* out) {
  Xapian::Database db = OpenIndexShards(shards);
  std::size_t failed = 0;
  for (auto doc = db.postlist_begin(""); doc != db.postlist_end(""); ++doc) {
    const Xapian::docid did = *doc;
    try {
      Xapian::termcount length = 0;
      for (auto t = db.termlist_begin(did); t != db.termlist_end(did); ++t) length += t.get_wdf();
      if (length != db.get_doclength(did)) {
        *out << "document " << did << ": its terms sum to " << length << ", its length says "
             << db.get_doclength(did) << "\n";
        ++failed;
        continue;
      }
      const Xapian::Document document = db.get_document(did);
      (void)document.get_data();
      for (auto v = document.values_begin(); v != document.values_end(); ++v) (void)*v;
    } catch (const Xapian::Error& e) {
      *out << "document " << did << ": " << e.get_description() << "\n";
      ++failed;
    }
  }
  return failed;
}

constexpr int kShardsOutOfStep = 3;

// Compacts `shards` into the one glass database `to`, docids renumbered shard after
// shard, unless the shards carry different generations: then the merged index would
// claim the newest while lacking part of it.
Status MergeShards(const std::vector<std::string>& shards, const std::string& to, Runner run) {
  ChildOutcome outcome = run([&shards, &to](std::string* text) {
    std::string first_gen;
    for (const std::string& shard : shards) {
      const std::string gen = Xapian::Database(shard).get_metadata("gen");
      if (shard != shards.front() && gen != first_gen) {
        *text = "shards at generations " + first_gen + " and " + gen;
        return kShardsOutOfStep;
      }
      first_gen = gen;
    }
    OpenIndexShards(shards).compact(to);
    return 0;
  });
  const std::string from = std::filesystem::path(shards.front()).parent_path().string();
  if (!outcome.answered) return Status::Corruption(from + ": merging shards " + outcome.died);
  if (outcome.code == kShardsOutOfStep) {
    return Status::FailedPrecondition(from + ": " + outcome.text +
                                      ": a commit was interrupted; open the archive for "
                                      "writing (newsdex-index stats) to finish it first");
  }
  if (outcome.code == kThrew) return Status::Corruption(from + ": merging shards: " + outcome.text);
  return Status::Ok();
}

StructureCheck CheckStructure(const std::string& folder, bool every_document, Runner run) {
  Result<std::vector<std::string>> shards = IndexShardFolders(folder);
  if (!shards.ok()) {
    StructureCheck check;
    check.stopped = shards.status().message();
    return check;
  }
  ChildOutcome outcome = run([&shards, every_document](std::string* text) {
    std::ostringstream out;
    std::size_t errors = 0;
    for (const std::string& shard : *shards) errors += Xapian::Database::check(shard, 0, &out);
    if (errors == 0 && every_document) errors = ReadEveryDocument(*shards, &out);
    *text = std::to_string(errors) + "\n" + out.str();
    return 0;
  });
  StructureCheck check;
  if (!outcome.answered) {
    check.stopped = "Xapian's check " + outcome.died + " reading the index";
    return check;
  }
  if (outcome.code == kThrew) {
    check.stopped = outcome.text;
    return check;
  }
  const std::size_t eol = outcome.text.find('\n');
  check.errors = std::strtoull(outcome.text.c_str(), nullptr, 10);
  check.report = eol == std::string::npos ? "" : outcome.text.substr(eol + 1);
  return check;
}

Status Compact(const std::string& from, const std::string& to, bool merge_shards, Runner run) {
  Result<std::vector<std::string>> shards = IndexShardFolders(from);
  if (!shards.ok()) return shards.status();
  if (merge_shards && shards->size() > 1) return MergeShards(*shards, to, run);
  Status s = CreateIndexShards(to, static_cast<unsigned>(shards->size()));
  if (!s.ok()) return s;
  Result<std::vector<std::string>> copies = IndexShardFolders(to);
  if (!copies.ok()) return copies.status();
  ChildOutcome outcome = run([&shards, &copies](std::string*) {
    for (std::size_t i = 0; i < shards->size(); ++i) {
      Xapian::Database((*shards)[i]).compact((*copies)[i], Xapian::DBCOMPACT_NO_RENUMBER);
    }
    return 0;
  });
  if (!outcome.answered) return Status::Corruption(from + ": compaction " + outcome.died);
  if (outcome.code == kThrew) return Status::Corruption(from + ": compaction: " + outcome.text);
  return Status::Ok();
}

}  // namespace

StructureCheck CheckStructureInChild(const std::string& folder, bool every_document) {
  return CheckStructure(folder, every_document, RunInChild);
}

Status CompactInChild(const std::string& from, const std::string& to, bool merge_shards) {
  return Compact(from, to, merge_shards, RunInChild);
}

StructureCheck CheckStructureHere(const std::string& folder) {
  return CheckStructure(folder, /*every_document=*/false, RunHere);
}

Status CompactHere(const std::string& from, const std::string& to, bool merge_shards) {
  return Compact(from, to, merge_shards, RunHere);
}

}  // namespace newsdex::indexer
