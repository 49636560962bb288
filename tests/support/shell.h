// Running newsdex's programs from tests: a command through the shell, with its exit
// status, standard output and standard error captured.
#ifndef NEWSDEX_TESTS_SUPPORT_SHELL_H_
#define NEWSDEX_TESTS_SUPPORT_SHELL_H_

#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>

#include "support/temp_dir.h"

namespace newsdex::testing {

struct Run {
  int exit_status = -1;
  std::string out, err;
};

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// `arg` quoted for the shell.
inline std::string Quote(const std::string& arg) {
  std::string out = "'";
  for (char c : arg) {
    if (c == '\'') out += "'\\''";
    else out += c;
  }
  return out + "'";
}

// Runs `command` through the shell; stdout and stderr are captured separately.
inline Run Shell(const std::string& command, const TempDir& dir) {
  const std::string err_path = dir / "stderr.txt";
  Run run;
  FILE* pipe = ::popen((command + " 2>" + Quote(err_path)).c_str(), "r");
  REQUIRE(pipe != nullptr);
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, pipe)) > 0;) run.out.append(buf, n);
  const int status = ::pclose(pipe);
  run.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.err = ReadFile(err_path);
  return run;
}

}  // namespace newsdex::testing

#endif  // NEWSDEX_TESTS_SUPPORT_SHELL_H_
