#include "common/archive/index_shards.h"

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/archive/archive_layout.h"

namespace newsdex {
namespace fs = std::filesystem;
namespace {

constexpr const char* kStubFile = "XAPIANDB";

std::string ShardName(unsigned shard) { return "shard-" + std::to_string(shard); }

std::string StubLine(unsigned shard) { return "glass " + ShardName(shard) + "\n"; }

}  // namespace

unsigned ShardOfArticle(std::string_view id, unsigned shards) {
  std::uint64_t hash = 14695981039346656037ULL;  // FNV-1a offset basis
  for (unsigned char c : id) {
    hash ^= c;
    hash *= 1099511628211ULL;  // FNV prime
  }
  return static_cast<unsigned>(hash % shards);
}

Result<std::vector<std::string>> IndexShardFolders(const std::string& xapian) {
  const std::string stub = xapian + "/" + kStubFile;
  std::error_code ec;
  if (!fs::exists(stub, ec)) return std::vector<std::string>{xapian};
  std::ifstream in(stub, std::ios::binary);
  if (!in) return Status::IOError(stub + ": cannot read");
  std::vector<std::string> folders;
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    const auto shard = static_cast<unsigned>(folders.size());
    if (line + "\n" != StubLine(shard) || shard >= kMaxIndexShards) {
      return Status::Corruption(stub + ": line " + std::to_string(shard + 1) + " is '" + line +
                                "', expected '" + StubLine(shard).substr(0, StubLine(shard).size() - 1) + "'");
    }
    folders.push_back(xapian + "/" + ShardName(shard));
  }
  if (folders.empty()) return Status::Corruption(stub + ": lists no shard");
  return folders;
}

Status CreateIndexShards(const std::string& xapian, unsigned shards) {
  if (shards == 0 || shards > kMaxIndexShards) {
    return Status::InvalidArgument("an index has 1 to " + std::to_string(kMaxIndexShards) +
                                   " shards, not " + std::to_string(shards));
  }
  if (shards == 1) return Status::Ok();
  std::error_code ec;
  fs::create_directories(xapian, ec);
  if (ec) return Status::IOError(xapian + ": cannot create folder: " + ec.message());
  std::string stub;
  for (unsigned shard = 0; shard < shards; ++shard) stub += StubLine(shard);
  return WriteFileAtomically(xapian + "/" + kStubFile, stub);
}

Xapian::Database OpenIndexShards(const std::vector<std::string>& folders,
                                 std::vector<Xapian::Database>* each) {
  Xapian::Database db;
  for (const std::string& folder : folders) {
    Xapian::Database shard(folder, Xapian::DB_BACKEND_GLASS);
    db.add_database(shard);
    if (each != nullptr) each->push_back(std::move(shard));
  }
  return db;
}

Xapian::rev IndexRevision(const std::vector<Xapian::Database>& shards) {
  Xapian::rev sum = 0;
  for (const Xapian::Database& shard : shards) sum += shard.get_revision();
  return sum;
}

}  // namespace newsdex
