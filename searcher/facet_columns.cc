#include "searcher/facet_columns.h"

#include <algorithm>

#include "common/text/string_map.h"

namespace newsdex::search {
namespace {

// Bytes a value costs in a column while it loads: the string, and its number's entry
// in the map that numbers values (a node of an unordered_map, about four pointers).
std::size_t ValueBytes(std::string_view value) {
  return value.size() + sizeof(std::string) * 2 + sizeof(std::uint32_t) + 4 * sizeof(void*);
}

}  // namespace

std::unique_ptr<FacetColumn> FacetColumn::Load(const Xapian::Database& db, unsigned slot,
                                               std::size_t prefix_bytes, std::size_t max_bytes) {
  const Xapian::docid last = db.get_lastdocid();
  std::size_t bytes = (std::size_t{last} + 2) * sizeof(std::uint32_t);
  if (bytes > max_bytes) return nullptr;
  auto column = std::unique_ptr<FacetColumn>(new FacetColumn);
  column->first_.assign(std::size_t{last} + 2, 0);
  text::StringMap<std::uint32_t> numbers;
  Xapian::docid next = 0;  // the first docid whose start is not yet set
  for (auto it = db.valuestream_begin(slot); it != db.valuestream_end(slot); ++it) {
    const Xapian::docid docid = it.get_docid();
    if (docid > last) break;  // added after get_lastdocid: not in this column
    const auto start = static_cast<std::uint32_t>(column->numbers_.size());
    for (; next <= docid; ++next) column->first_[next] = start;
    const std::string value = *it;
    ForEachFacetItem(value, prefix_bytes, [&](std::string_view item) {
      auto found = numbers.find(item);
      if (found == numbers.end()) {
        bytes += ValueBytes(item);
        found = numbers.try_emplace(std::string(item),
                                    static_cast<std::uint32_t>(column->values_.size()))
                    .first;
        column->values_.emplace_back(item);
      }
      const std::uint32_t number = found->second;
      auto own = column->numbers_.begin() + start;
      if (std::find(own, column->numbers_.end(), number) != column->numbers_.end()) return;
      column->numbers_.push_back(number);
      bytes += sizeof(std::uint32_t);
    });
    if (bytes > max_bytes) return nullptr;
  }
  const auto end = static_cast<std::uint32_t>(column->numbers_.size());
  for (; next < column->first_.size(); ++next) column->first_[next] = end;
  column->numbers_.shrink_to_fit();
  column->bytes_ = bytes;
  return column;
}

std::shared_ptr<const FacetColumn> FacetColumns::Find(const Xapian::Database& db,
                                                      const IndexVersion& version, unsigned slot,
                                                      std::size_t prefix_bytes,
                                                      std::size_t documents_read) {
  if (max_bytes_ == 0) return nullptr;
  const Key key{slot, prefix_bytes};
  std::size_t budget = 0;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!(version == version_)) {
      entries_.clear();
      bytes_ = 0;
      version_ = version;
    }
    Entry& entry = entries_[key];
    if (entry.column) return entry.column;
    if (entry.too_big) return nullptr;
    entry.reads += documents_read;
    if (entry.reads < std::max<std::uint64_t>(version.documents, 1) || loading_) return nullptr;
    loading_ = true;
    budget = max_bytes_ - bytes_;
  }
  // Loaded outside the lock: other searches go on meanwhile, reading values one by one.
  std::shared_ptr<const FacetColumn> column;
  try {
    column = FacetColumn::Load(db, slot, prefix_bytes, budget);
  } catch (...) {  // Xapian::Error, e.g. the index changed under it: the caller retries
    std::lock_guard<std::mutex> lock(mu_);
    loading_ = false;
    throw;
  }
  std::lock_guard<std::mutex> lock(mu_);
  loading_ = false;
  if (!(version == version_)) return column;  // another version came meanwhile: use it once
  Entry& entry = entries_[key];
  if (!column) {
    entry.too_big = true;
    return nullptr;
  }
  entry.column = column;
  bytes_ += column->bytes();
  return column;
}

std::size_t FacetColumns::bytes() const {
  std::lock_guard<std::mutex> lock(mu_);
  return bytes_;
}

}  // namespace newsdex::search
