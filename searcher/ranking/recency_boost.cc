#include "searcher/ranking/recency_boost.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstring>
#include <sstream>

#include "common/text/civil_date.h"
#include "common/text/publication_date.h"

namespace newsdex::search {
namespace {

constexpr double kSecondsPerDay = 86400.0;

// serialise() layout: version, slot (u32), as_of (i64), half-life days, scale (IEEE-754
// bits as u64), all little-endian so a server on any host reads what a client wrote.
constexpr unsigned char kSerialVersion = 1;
constexpr std::size_t kSerialBytes = 1 + 4 + 8 + 8 + 8;

void PutLittleEndian(std::uint64_t v, int bytes, std::string* out) {
  for (int i = 0; i < bytes; ++i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

std::uint64_t GetLittleEndian(const char* p, int bytes) {
  std::uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) {
    v |= static_cast<std::uint64_t>(static_cast<unsigned char>(p[i])) << (8 * i);
  }
  return v;
}

std::uint64_t DoubleBits(double d) {
  std::uint64_t bits;
  std::memcpy(&bits, &d, sizeof bits);
  return bits;
}

double BitsDouble(std::uint64_t bits) {
  double d;
  std::memcpy(&d, &bits, sizeof d);
  return d;
}

bool ValidParameters(double half_life_days, double scale) {
  return std::isfinite(half_life_days) && half_life_days > 0 && std::isfinite(scale) &&
         scale > 0;
}

}  // namespace

RecencyBoost::RecencyBoost(Xapian::valueno value_slot, std::int64_t as_of,
                           double half_life_days, double scale)
    : Xapian::ValuePostingSource(value_slot),
      as_of_(as_of),
      half_life_days_(half_life_days),
      half_life_seconds_(half_life_days * kSecondsPerDay),
      scale_(scale) {
  assert(ValidParameters(half_life_days, scale));
}

double RecencyBoost::WeightAt(std::int64_t published) const {
  // In doubles, so that no as_of can overflow the subtraction; both are exact below 2^53
  // seconds (285 million years). Dividing by the half-life rather than multiplying by
  // its inverse keeps whole half-lives exact: 0.5^1 is 0.5, not 0.49999999999999994.
  const double age = std::fabs(static_cast<double>(published) - static_cast<double>(as_of_));
  return scale_ * std::exp2(-age / half_life_seconds_);
}

double RecencyBoost::WeightOf(std::string_view value) const {
  const std::optional<std::int64_t> published = text::ParseSortable(value);
  return published ? WeightAt(*published) : 0.0;
}

double RecencyBoost::get_weight() const { return WeightOf(get_value()); }

RecencyBoost* RecencyBoost::clone() const {
  return new RecencyBoost(get_slot(), as_of_, half_life_days_, scale_);
}

std::string RecencyBoost::name() const { return "newsdex.RecencyBoost"; }

std::string RecencyBoost::serialise() const {
  std::string out;
  out.reserve(kSerialBytes);
  out.push_back(static_cast<char>(kSerialVersion));
  PutLittleEndian(get_slot(), 4, &out);
  PutLittleEndian(static_cast<std::uint64_t>(as_of_), 8, &out);
  PutLittleEndian(DoubleBits(half_life_days_), 8, &out);
  PutLittleEndian(DoubleBits(scale_), 8, &out);
  return out;
}

RecencyBoost* RecencyBoost::unserialise(const std::string& serialised) const {
  // The string comes off the network on a remote server: check everything the
  // constructor only asserts.
  if (serialised.size() != kSerialBytes) {
    throw Xapian::SerialisationError("Bad serialised newsdex.RecencyBoost: " +
                                     std::to_string(serialised.size()) + " bytes, not " +
                                     std::to_string(kSerialBytes));
  }
  const char* p = serialised.data();
  if (static_cast<unsigned char>(p[0]) != kSerialVersion) {
    throw Xapian::SerialisationError("Bad serialised newsdex.RecencyBoost: version " +
                                     std::to_string(static_cast<unsigned char>(p[0])));
  }
  const auto value_slot = static_cast<Xapian::valueno>(GetLittleEndian(p + 1, 4));
  const auto as_of = static_cast<std::int64_t>(GetLittleEndian(p + 5, 8));
  const double half_life_days = BitsDouble(GetLittleEndian(p + 13, 8));
  const double scale = BitsDouble(GetLittleEndian(p + 21, 8));
  if (!ValidParameters(half_life_days, scale)) {
    throw Xapian::SerialisationError(
        "Bad serialised newsdex.RecencyBoost: half-life and scale must be positive");
  }
  return new RecencyBoost(value_slot, as_of, half_life_days, scale);
}

void RecencyBoost::init(const Xapian::Database& shard) {
  Xapian::ValuePostingSource::init(shard);  // restarts the stream; bound DBL_MAX for now
  set_maxweight(MaxWeightIn(shard));
}

double RecencyBoost::MaxWeightIn(const Xapian::Database& shard) const {
  std::string lower, upper;
  try {
    lower = shard.get_value_lower_bound(get_slot());
    upper = shard.get_value_upper_bound(get_slot());
  } catch (const Xapian::UnimplementedError&) {
    return scale_;  // a backend without value statistics
  }
  if (upper.empty()) return 0;  // no document has a value: nothing will be weighed
  // Well-formed values are 14 digits, so they sort as text in time order and lie between
  // the bounds; a malformed bound (weight 0 itself) says nothing, so leave that side open.
  // The bounds may be stale after deletions, but only ever wider, which is still safe.
  const std::optional<std::int64_t> earliest = text::ParseSortable(lower);
  const std::optional<std::int64_t> latest = text::ParseSortable(upper);
  std::optional<std::int64_t> nearest;
  if (latest && *latest < as_of_) nearest = latest;
  if (earliest && *earliest > as_of_) nearest = earliest;
  if (!nearest) return scale_;
  // The weight is monotone in the age, but exp2 is only promised to within an ulp or so,
  // and a bound even one ulp too low would let the matcher drop a document it should
  // keep: leave some room.
  return std::min(scale_, WeightAt(*nearest) * (1 + 1e-12));
}

std::string RecencyBoost::get_description() const {
  std::ostringstream out;
  out << "newsdex.RecencyBoost(slot=" << get_slot() << ", as_of=" << as_of_
      << ", half_life_days=" << half_life_days_ << ", scale=" << scale_ << ")";
  return out.str();
}

Xapian::Query WithRecency(const Xapian::Query& relevance, std::unique_ptr<RecencyBoost> boost) {
  assert(boost != nullptr);
  if (relevance.empty()) return relevance;
  // unique_ptr::release() gives up our ownership; PostingSource::release() then hands the
  // object to Xapian's reference counting, which deletes it with the last Query copy.
  Xapian::Query boost_query(boost.release()->release());
  return Xapian::Query(Xapian::Query::OP_AND_MAYBE, relevance, boost_query);
}

}  // namespace newsdex::search
