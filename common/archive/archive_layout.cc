#include "common/archive/archive_layout.h"

#include <fcntl.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <iterator>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include <toml++/toml.h>

namespace newsdex {
namespace fs = std::filesystem;

ArchivePaths::ArchivePaths(const std::string& dir)
    : root(dir),
      manifest(dir + "/newsdex.toml"),
      xapian(dir + "/xapian"),
      store(dir + "/store"),
      lock(dir + "/LOCK") {}

Status CheckArchiveFolder(const std::string& root, bool create, bool need_write) {
  std::error_code ec;
  fs::file_status st = fs::status(root, ec);
  if (!fs::exists(st)) {
    if (!create) return Status::NotFound("no archive at " + root);
    fs::create_directories(root, ec);
    if (ec) return Status::IOError(root + ": cannot create folder: " + ec.message());
    return Status::Ok();
  }
  if (!fs::is_directory(st)) {
    return Status::InvalidArgument(root + ": is a file, not an archive folder");
  }
  if (access(root.c_str(), need_write ? (R_OK | W_OK | X_OK) : (R_OK | X_OK)) != 0) {
    return Status::PermissionDenied(root + ": permission denied (" +
                           (need_write ? "need read and write access" : "need read access") +
                           ")");
  }
  return Status::Ok();
}

Status CheckFolderIsFreeForArchive(const std::string& root) {
  static const char* const kOwn[] = {"xapian", "store", "LOCK", "newsdex.toml.tmp"};
  std::error_code ec;
  for (fs::directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (std::find(std::begin(kOwn), std::end(kOwn), name) == std::end(kOwn)) {
      return Status::InvalidArgument(root + ": folder is not empty and holds no newsdex "
                                     "archive (found '" + name +
                                     "'); give a new or empty folder with -a");
    }
  }
  if (ec) return Status::IOError(root + ": " + ec.message());
  return Status::Ok();
}

Result<Manifest> ReadManifest(const std::string& root) {
  ArchivePaths paths(root);
  std::error_code ec;
  if (!fs::exists(paths.manifest, ec)) return Status::NotFound("no archive at " + root);
  std::ifstream in(paths.manifest, std::ios::binary);
  if (!in) return Status::IOError(paths.manifest + ": cannot read: " + std::strerror(errno));
  std::stringstream text;
  text << in.rdbuf();
  const std::string content = text.str();

  toml::table table;
  try {
    table = toml::parse(content);
  } catch (const toml::parse_error& e) {
    std::ostringstream msg;
    msg << paths.manifest << " line " << e.source().begin.line << ": " << e.description();
    return Status::InvalidArgument(msg.str());
  }
  Manifest manifest;
  const int64_t version = table["newsdex"]["format_version"].value_or(int64_t{0});
  if (version <= 0) {
    return Status::Corruption(paths.manifest + ": no [newsdex] format_version");
  }
  if (version > static_cast<int64_t>(kFormatVersion)) {
    return Status::FailedPrecondition(
        root + ": archive format " + std::to_string(version) +
        " is newer than this newsdex supports (" + std::to_string(kFormatVersion) +
        "); upgrade newsdex");
  }
  manifest.format_version = static_cast<std::uint32_t>(version);
  manifest.archive_uuid = table["newsdex"]["archive_uuid"].value_or(std::string());
  Result<Schema> schema = Schema::FromToml(content);
  if (!schema.ok()) return schema.status().WithContext(paths.manifest);
  manifest.schema = std::move(schema).value();
  return manifest;
}

Status WriteManifest(const std::string& root, const std::string& archive_uuid,
                     const Schema& schema) {
  ArchivePaths paths(root);
  std::string text = "# newsdex archive manifest: written at creation, read by every tool.\n";
  text += "[newsdex]\nformat_version = " + std::to_string(kFormatVersion) + "\n";
  text += "archive_uuid = \"" + archive_uuid + "\"\n\n";
  text += schema.toml();
  return WriteFileAtomically(paths.manifest, text);
}

Status WriteFileAtomically(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Status::IOError(tmp + ": " + std::strerror(errno));
  const char* p = text.data();
  std::size_t left = text.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      Status s = Status::IOError(tmp + ": " + std::strerror(errno));
      ::close(fd);
      return s;
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    return Status::IOError(tmp + ": " + std::strerror(errno));
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    return Status::IOError(path + ": " + std::strerror(errno));
  }
  return Status::Ok();
}

std::string NewArchiveUuid() {
  std::random_device rd;
  std::mt19937_64 gen((static_cast<std::uint64_t>(rd()) << 32) ^ rd());
  std::uint64_t hi = gen(), lo = gen();
  hi = (hi & 0xFFFFFFFFFFFF0FFFULL) | 0x0000000000004000ULL;  // version 4
  lo = (lo & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;  // variant 1
  char out[40];
  std::snprintf(out, sizeof out, "%08llx-%04llx-%04llx-%04llx-%012llx",
                static_cast<unsigned long long>(hi >> 32),
                static_cast<unsigned long long>((hi >> 16) & 0xFFFF),
                static_cast<unsigned long long>(hi & 0xFFFF),
                static_cast<unsigned long long>(lo >> 48),
                static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFULL));
  return out;
}

std::uint64_t DiskUsage(const std::string& path) {
  std::error_code ec;
  std::uint64_t total = 0;
  for (fs::recursive_directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file(ec)) total += it->file_size(ec);
  }
  return total;
}

Result<std::uint64_t> FreeDiskBytes(const std::string& path) {
  struct statvfs st;
  if (::statvfs(path.c_str(), &st) != 0) {
    return Status::IOError(path + ": " + std::strerror(errno));
  }
  return static_cast<std::uint64_t>(st.f_bavail) * st.f_frsize;
}

}  // namespace newsdex
