#include "searcher/facets.h"

#include <algorithm>
#include <string_view>

#include "common/schema/schema.h"

namespace newsdex::search {

FacetSpy::FacetSpy(unsigned slot, std::size_t prefix_bytes)
    : slot_(slot), prefix_bytes_(prefix_bytes) {}

void FacetSpy::operator()(const Xapian::Document& doc, double /*weight*/) {
  ++seen_;
  const std::string value = doc.get_value(slot_);
  if (value.empty()) return;
  if (prefix_bytes_ > 0) {
    if (value.size() >= prefix_bytes_) Count(std::string_view(value).substr(0, prefix_bytes_));
    return;
  }
  // Counts are of documents: a value listed twice in one document (the source gave
  // "Crude" and "crude", which fold alike) is counted once.
  counted_.clear();
  const std::string_view list = value;
  std::size_t start = 0;
  while (start <= list.size()) {
    std::size_t end = list.find(kFacetSeparator, start);
    if (end == std::string_view::npos) end = list.size();
    const std::string_view item = list.substr(start, end - start);
    if (!item.empty() && std::find(counted_.begin(), counted_.end(), item) == counted_.end()) {
      counted_.push_back(item);
      Count(item);
    }
    start = end + 1;
  }
}

void FacetSpy::Count(std::string_view value) {
  if (auto it = counts_.find(value); it != counts_.end()) {
    ++it->second;
  } else {
    counts_.emplace(value, 1);
  }
}

std::vector<std::pair<std::string, std::uint64_t>> FacetSpy::Top(std::size_t limit) const {
  std::vector<std::pair<std::string, std::uint64_t>> out(counts_.begin(), counts_.end());
  if (prefix_bytes_ > 0) {
    std::sort(out.begin(), out.end());
    return out;
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  if (limit > 0 && out.size() > limit) out.resize(limit);
  return out;
}

}  // namespace newsdex::search
