// One timed indexing run in a child process (index_runs.h).
#include "benchmarks/compare/index_runs.h"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

namespace newsdex::bench {
namespace {

namespace fs = std::filesystem;

// The last `lines` lines of a log, for an error message.
std::string LogTail(const std::string& path, int lines) {
  std::ifstream in(path);
  std::vector<std::string> all;
  for (std::string line; std::getline(in, line);) all.push_back(line);
  std::string tail;
  for (std::size_t i = all.size() > std::size_t(lines) ? all.size() - lines : 0;
       i < all.size(); ++i) {
    tail += "\n  " + all[i];
  }
  return tail;
}

// In the child: stdout and stderr to the log, then exec. Never returns.
[[noreturn]] void ExecChild(const IndexCommand& command, const std::string& log) {
  const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd >= 0) {
    ::dup2(fd, STDOUT_FILENO);
    ::dup2(fd, STDERR_FILENO);
    ::close(fd);
  }
  std::vector<char*> argv;
  for (const std::string& arg : command.argv) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  ::execv(argv[0], argv.data());
  std::fprintf(stderr, "cannot run %s: %s\n", argv[0], std::strerror(errno));
  std::_Exit(127);
}

void MeasureSizes(const IndexCommand& command, IndexMeasurement* m) {
  m->total_bytes = BytesOnDisk(command.output);
  if (command.system == "newsdex") {
    m->index_bytes = BytesOnDisk(command.output + "/xapian");
    m->store_bytes = BytesOnDisk(command.output + "/store");
  } else {
    m->index_bytes = m->total_bytes;
  }
}

}  // namespace

std::uint64_t BytesOnDisk(const std::string& path) {
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) return fs::file_size(path, ec);
  std::uint64_t total = 0;
  if (!fs::is_directory(path, ec)) return 0;
  for (const auto& entry : fs::recursive_directory_iterator(path, ec)) {
    if (entry.is_regular_file(ec)) total += entry.file_size(ec);
  }
  return total;
}

std::optional<IndexMeasurement> RunIndexing(const IndexCommand& command, int run,
                                            std::string* error) {
  std::error_code ec;
  fs::remove_all(command.output, ec);
  const std::string log = command.output + ".log";
  std::fflush(nullptr);
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = ::fork();
  if (pid < 0) {
    *error = std::string("fork: ") + std::strerror(errno);
    return std::nullopt;
  }
  if (pid == 0) ExecChild(command, log);
  int status = 0;
  struct rusage usage {};
  if (::wait4(pid, &status, 0, &usage) != pid) {
    *error = std::string("wait4: ") + std::strerror(errno);
    return std::nullopt;
  }
  IndexMeasurement m;
  m.system = command.system;
  m.run = run;
  m.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  m.peak_rss_mb = usage.ru_maxrss / 1024.0;
  m.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  // newsdex-index exits 3 when it indexed everything but some records it had to skip.
  const bool ok = m.exit_status == 0 || (command.system == "newsdex" && m.exit_status == 3);
  if (!ok) {
    std::ostringstream message;
    message << command.system << " indexing failed (exit status " << m.exit_status
            << "); the end of " << log << ":" << LogTail(log, 10);
    *error = message.str();
    return std::nullopt;
  }
  MeasureSizes(command, &m);
  return m;
}

}  // namespace newsdex::bench
