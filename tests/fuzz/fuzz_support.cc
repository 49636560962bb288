#include "fuzz/fuzz_support.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "common/text/analyzer.h"

namespace newsdex::fuzz {

void Fail(std::string_view what) {
  std::fprintf(stderr, "invariant broken: %.*s\n", static_cast<int>(what.size()), what.data());
  std::fflush(stderr);
  std::abort();
}

std::string Printable(std::string_view bytes) {
  std::string out;
  for (unsigned char c : bytes.substr(0, 200)) {
    if (c >= 0x20 && c < 0x7F && c != '\\') {
      out += static_cast<char>(c);
    } else {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02X", c);
      out += hex;
    }
  }
  if (bytes.size() > 200) out += "...";
  return out;
}

MemoryFile::MemoryFile() {
  fd_ = memfd_create("newsdex-fuzz", 0);
  if (fd_ < 0) Fail(std::string("memfd_create: ") + std::strerror(errno));
  path_ = "/proc/self/fd/" + std::to_string(fd_);
}

MemoryFile::~MemoryFile() {
  if (fd_ >= 0) close(fd_);
}

const std::string& MemoryFile::Write(const std::uint8_t* data, std::size_t size) {
  return Write(std::string_view(reinterpret_cast<const char*>(data), size));
}

const std::string& MemoryFile::Write(std::string_view bytes) {
  if (ftruncate(fd_, 0) != 0) Fail(std::string("ftruncate: ") + std::strerror(errno));
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = pwrite(fd_, bytes.data() + done, bytes.size() - done, static_cast<off_t>(done));
    if (n <= 0) Fail(std::string("pwrite: ") + std::strerror(errno));
    done += static_cast<std::size_t>(n);
  }
  return path_;
}

namespace {

void CheckText(std::string_view field, std::string_view value, const std::string& origin) {
  if (!text::IsValidUtf8(value)) {
    Fail(std::string(field) + " of the record at " + origin +
         " is not valid UTF-8: " + Printable(value));
  }
}

void CheckList(std::string_view field, const std::vector<std::string>& values,
               const std::string& origin) {
  for (const std::string& v : values) CheckText(field, v, origin);
}

}  // namespace

void CheckRecord(const indexer::SourceRecord& record) {
  const Article& a = record.article;
  const std::string& where = record.origin;
  NEWSDEX_FUZZ_CHECK(!where.empty(), "a record without an origin");
  NEWSDEX_FUZZ_CHECK(!a.id.empty(), "a record without an id at " + where);
  CheckText("id", a.id, where);
  CheckText("title", a.title, where);
  CheckText("body", a.body, where);
  CheckText("dateline", a.dateline, where);
  CheckText("byline", a.byline, where);
  CheckText("source", a.source, where);
  CheckText("section", a.section, where);
  CheckText("url", a.url, where);
  CheckText("language", a.language, where);
  CheckText("extra_json", a.extra_json, where);
  CheckList("people", a.people, where);
  CheckList("orgs", a.orgs, where);
  CheckList("places", a.places, where);
  CheckList("topics", a.topics, where);
}

void CheckProblem(const indexer::ReadProblem& problem) {
  NEWSDEX_FUZZ_CHECK(!problem.origin.empty(), "a problem without an origin: " + problem.reason);
  NEWSDEX_FUZZ_CHECK(!problem.reason.empty(), "a problem without a reason at " + problem.origin);
  NEWSDEX_FUZZ_CHECK(problem.reason.find('\n') == std::string::npos,
                     "a problem reason of several lines: " + Printable(problem.reason));
}

std::size_t DrainReader(indexer::Reader* reader, std::size_t max_records) {
  indexer::SourceRecord record;
  std::size_t n = 0;
  while (n < max_records && reader->Next(&record)) {
    CheckRecord(record);
    ++n;
  }
  return n;
}

}  // namespace newsdex::fuzz
