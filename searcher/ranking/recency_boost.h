// Recency-weighted relevance: a Xapian PostingSource that weighs each dated article by
// how close its publication is to a reference moment ("as of"), halving per half-life.
//
//   auto boost = std::make_unique<newsdex::search::RecencyBoost>(
//       newsdex::kSlotPublished, as_of, /*half_life_days=*/30, /*scale=*/best_relevance);
//   enquire.set_query(newsdex::search::WithRecency(relevance, std::move(boost)));
//
// The boost is added to relevance (OP_AND_MAYBE), so `scale` sets how much recency may
// outweigh relevance: articles that tie on relevance always come out nearest-to-as-of
// first, and an article one half-life further away needs scale/2 more relevance (at most)
// to stay ahead. A pure filter or Query::MatchAll has relevance 0, so the boost alone ranks.
//
// Remote shards: the server's Xapian::Registry must know the class, by name():
//   registry.register_posting_source(newsdex::search::RecencyBoost(0, 0, 1, 1));
#ifndef NEWSDEX_SEARCHER_RANKING_RECENCY_BOOST_H_
#define NEWSDEX_SEARCHER_RANKING_RECENCY_BOOST_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <xapian.h>

namespace newsdex::search {

// Matches every document with a value in `value_slot` (documents without one are not matched,
// so under OP_AND_MAYBE they gain nothing) and weighs it
//   scale * 0.5 ^ (|published - as_of| / half_life),
// with ages in fractional days, on either side of as_of (a historian asks "as of
// September 2008": later articles decay too). A value that is not a real
// "YYYYMMDDhhmmss" UTC time (text::ParseSortable) is matched with weight 0.
//
// Weight bound: get_maxweight() is `scale`, lowered in init() to the best weight the
// database's value bounds allow when as_of lies outside them (an old archive, or a
// time-partitioned shard far from as_of), which lets the matcher stop early.
//
// Not thread-safe: it holds iteration state, so use one per search. Xapian clones it
// (clone()) for each sub-database, and re-creates it on remote servers (serialise()).
class RecencyBoost : public Xapian::ValuePostingSource {
 public:
  // `as_of` is in seconds since the epoch, UTC.
  // REQUIRES: half_life_days > 0 and scale > 0, both finite.
  RecencyBoost(Xapian::valueno value_slot, std::int64_t as_of, double half_life_days,
               double scale);

  // The weight of an article published at `published` (seconds since the epoch, UTC).
  double WeightAt(std::int64_t published) const;
  // The weight of a document whose slot holds `value`; 0 when `value` is malformed.
  double WeightOf(std::string_view value) const;

  std::int64_t as_of() const { return as_of_; }
  double half_life_days() const { return half_life_days_; }
  double scale() const { return scale_; }

  // Xapian::PostingSource. Iteration (next, skip_to, check, at_end, termfreqs) is
  // ValuePostingSource's: the slot's value stream, in docid order.
  double get_weight() const override;
  // A new, unstarted source with the same parameters; the caller (Xapian) owns it.
  RecencyBoost* clone() const override;
  // "newsdex.RecencyBoost": the key in a Xapian::Registry.
  std::string name() const override;
  // The parameters (not the iteration state), in a fixed 29-byte little-endian layout
  // that round-trips every double exactly.
  std::string serialise() const override;
  // A new source from serialise()'s output; the caller (Xapian) owns it. Throws
  // Xapian::SerialisationError if `serialised` is truncated, has junk at the end, is of
  // another version, or holds parameters that break the constructor's REQUIRES.
  RecencyBoost* unserialise(const std::string& serialised) const override;
  // Starts over on `shard` (called before every search, with one database of a
  // multi-database search) and sets the weight bound.
  void init(const Xapian::Database& shard) override;
  // "newsdex.RecencyBoost(slot=0, as_of=1221436800, half_life_days=30, scale=2)".
  std::string get_description() const override;

 private:
  // The bound on get_weight() for documents in `shard`; see the class comment.
  double MaxWeightIn(const Xapian::Database& shard) const;

  std::int64_t as_of_;
  double half_life_days_;
  double half_life_seconds_;
  double scale_;
};

// Returns `relevance` OP_AND_MAYBE Query(boost): the same matches as `relevance`, each
// dated one gaining its boost. The returned query owns `boost` (through Xapian's
// PostingSource::release()), so it may outlive the caller's scope, be copied, and be
// given to any number of Enquires in turn (one search at a time, as the class requires).
// An empty `relevance` (Xapian::Query()) matches nothing and is returned unchanged; for
// "no query, rank everything by recency" pass Xapian::Query::MatchAll.
// REQUIRES: boost != nullptr.
Xapian::Query WithRecency(const Xapian::Query& relevance, std::unique_ptr<RecencyBoost> boost);

}  // namespace newsdex::search

#endif  // NEWSDEX_SEARCHER_RANKING_RECENCY_BOOST_H_
