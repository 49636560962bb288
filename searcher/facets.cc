#include "searcher/facets.h"

#include <algorithm>
#include <string_view>

#include "common/schema/schema.h"

namespace newsdex::search {

FacetSpy::FacetSpy(unsigned slot, std::size_t prefix_bytes, FacetValueTable* table)
    : slot_(slot),
      prefix_bytes_(prefix_bytes),
      own_table_(table == nullptr ? std::make_unique<FacetValueTable>() : nullptr),
      table_(table == nullptr ? own_table_.get() : table) {}

FacetSpy::~FacetSpy() = default;

void FacetSpy::operator()(const Xapian::Document& doc, double /*weight*/) {
  ++seen_;
  CountValue(doc.get_value(slot_));
}

void FacetSpy::CountDocuments(const Xapian::Database& db,
                              const std::vector<Xapian::docid>& docids) {
  seen_ += docids.size();
  Xapian::ValueIterator value = db.valuestream_begin(slot_);
  const Xapian::ValueIterator end = db.valuestream_end(slot_);
  for (Xapian::docid docid : docids) {
    if (value == end) return;  // no later document has a value
    value.skip_to(docid);
    if (value != end && value.get_docid() == docid) CountValue(*value);
  }
}

void FacetSpy::CountColumn(const std::shared_ptr<const FacetColumn>& column,
                           const std::vector<Xapian::docid>& docids) {
  seen_ += docids.size();
  std::vector<std::uint32_t>& numbers = *table_->NumbersOf(column);
  for (Xapian::docid docid : docids) {
    for (std::uint32_t value : column->ValuesOf(docid)) {
      std::uint32_t& number = numbers[value];
      if (number == FacetValueTable::kNone) number = table_->Number(column->Value(value));
      Add(number);
    }
  }
}

void FacetSpy::CountValue(const std::string& value) {
  // Counts are of documents: a value listed twice in one document (the source gave
  // "Crude" and "crude", which fold alike) is counted once.
  in_document_.clear();
  ForEachFacetItem(value, prefix_bytes_, [this](std::string_view item) { Count(item); });
}

void FacetSpy::Count(std::string_view value) {
  const std::uint32_t number = table_->Number(value);
  if (std::find(in_document_.begin(), in_document_.end(), number) != in_document_.end()) return;
  in_document_.push_back(number);
  Add(number);
}

void FacetSpy::Add(std::uint32_t number) {
  if (number >= counts_.size()) {
    counts_.resize(std::max<std::size_t>(number + 1, counts_.size() * 2));
  }
  if (counts_[number]++ == 0) counted_.push_back(number);
}

std::vector<std::pair<std::string, std::uint64_t>> FacetSpy::Top(std::size_t limit) const {
  std::vector<std::pair<std::string, std::uint64_t>> out;
  out.reserve(counted_.size());
  for (std::uint32_t number : counted_) out.emplace_back(table_->Value(number), counts_[number]);
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

std::uint32_t FacetValueTable::Number(std::string_view value) {
  if (auto it = numbers_.find(value); it != numbers_.end()) return it->second;
  const auto number = static_cast<std::uint32_t>(values_.size());
  values_.push_back(&numbers_.try_emplace(std::string(value), number).first->first);
  return number;
}

void FacetValueTable::SetCountedUnder(std::uint32_t number, std::uint32_t counted) {
  if (number >= counted_under_.size()) counted_under_.resize(values_.size(), kNone);
  counted_under_[number] = counted;
}

std::vector<std::uint32_t>* FacetValueTable::NumbersOf(
    const std::shared_ptr<const FacetColumn>& column) {
  for (auto& [held, numbers] : column_numbers_) {
    if (held == column) return &numbers;
  }
  column_numbers_.emplace_back(column, std::vector<std::uint32_t>(column->value_count(), kNone));
  return &column_numbers_.back().second;
}

void FacetValueTable::Clear() {
  column_numbers_.clear();
  numbers_.clear();
  values_.clear();
  counted_under_.clear();
}

}  // namespace newsdex::search
