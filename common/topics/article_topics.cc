#include "common/topics/article_topics.h"

#include <algorithm>
#include <cmath>
#include <set>

#include <nlohmann/json.hpp>

#include "common/schema/schema.h"
#include "common/schema/terms.h"

namespace newsdex::topics {
namespace {

using json = nlohmann::json;

// Origin codes in the stored row: one letter each, never renumbered.
constexpr char kRuleCode = 'r';
constexpr char kPredictedCode = 'p';

std::vector<std::string> SplitFacetList(const std::string& list) {
  std::vector<std::string> values;
  std::size_t start = 0;
  while (start < list.size()) {
    std::size_t end = list.find(kFacetSeparator, start);
    if (end == std::string::npos) end = list.size();
    if (end > start) values.push_back(list.substr(start, end - start));
    start = end + 1;
  }
  return values;
}

std::string JoinFacetList(const std::vector<std::string>& values) {
  std::string list;
  for (const std::string& v : values) {
    if (!list.empty()) list += kFacetSeparator;
    list += v;
  }
  return list;
}

bool IsOriginTerm(std::string_view term) {
  return term.size() > 2 && term[2] >= 'A' && term[2] <= 'Z';
}

int OriginRank(TopicOrigin origin) { return static_cast<int>(origin); }

}  // namespace

std::string_view OriginName(TopicOrigin origin) {
  switch (origin) {
    case TopicOrigin::kGiven: return "given";
    case TopicOrigin::kRule: return "rule";
    case TopicOrigin::kPredicted: return "predicted";
  }
  return "given";
}

std::optional<TopicOrigin> OriginNamed(std::string_view name) {
  for (TopicOrigin o : {TopicOrigin::kGiven, TopicOrigin::kRule, TopicOrigin::kPredicted}) {
    if (OriginName(o) == name) return o;
  }
  return std::nullopt;
}

std::string_view OriginPrefix(TopicOrigin origin) {
  switch (origin) {
    case TopicOrigin::kGiven: return kPrefixTopicGiven;
    case TopicOrigin::kRule: return kPrefixTopicRule;
    case TopicOrigin::kPredicted: return kPrefixTopicPredicted;
  }
  return kPrefixTopicGiven;
}

std::string EncodeDerivedTopics(const std::vector<TopicTag>& tags) {
  json rows = json::array();
  for (const TopicTag& tag : tags) {
    if (tag.origin == TopicOrigin::kGiven) continue;
    const char code = tag.origin == TopicOrigin::kRule ? kRuleCode : kPredictedCode;
    // Three decimals are all a confidence means; fewer bytes per row.
    const double confidence = std::round(tag.confidence * 1000.0) / 1000.0;
    rows.push_back(json::array({tag.topic, std::string(1, code), confidence}));
  }
  return rows.empty() ? std::string() : rows.dump();
}

Result<std::vector<TopicTag>> DecodeDerivedTopics(std::string_view row) {
  std::vector<TopicTag> tags;
  if (row.empty()) return tags;
  const json rows = json::parse(row, nullptr, /*allow_exceptions=*/false);
  if (!rows.is_array()) return Status::Corruption("topics row is not a JSON array");
  for (const json& r : rows) {
    if (!r.is_array() || r.size() != 3 || !r[0].is_string() || !r[1].is_string() ||
        !r[2].is_number()) {
      return Status::Corruption("malformed topic in topics row");
    }
    const std::string code = r[1].get<std::string>();
    if (code.size() != 1 || (code[0] != kRuleCode && code[0] != kPredictedCode)) {
      return Status::Corruption("unknown topic origin '" + code + "' in topics row");
    }
    TopicTag tag;
    tag.topic = r[0].get<std::string>();
    tag.origin = code[0] == kRuleCode ? TopicOrigin::kRule : TopicOrigin::kPredicted;
    tag.confidence = r[2].get<double>();
    tags.push_back(std::move(tag));
  }
  return tags;
}

std::vector<TopicTag> MergeTopics(const std::vector<std::string>& given,
                                  const std::vector<TopicTag>& derived) {
  std::vector<TopicTag> all;
  std::set<std::string> seen;
  for (const std::string& topic : given) {
    if (seen.insert(topic).second) all.push_back({topic, TopicOrigin::kGiven, 1.0});
  }
  std::vector<TopicTag> rest(derived);
  std::stable_sort(rest.begin(), rest.end(), [](const TopicTag& a, const TopicTag& b) {
    return OriginRank(a.origin) < OriginRank(b.origin);
  });
  for (TopicTag& tag : rest) {
    if (tag.origin != TopicOrigin::kGiven && seen.insert(tag.topic).second) {
      all.push_back(std::move(tag));
    }
  }
  return all;
}

void AddDerivedTopics(const std::vector<TopicTag>& derived, Xapian::Document* doc) {
  if (derived.empty()) return;
  std::vector<std::string> facet = SplitFacetList(doc->get_value(kSlotTopics));
  std::set<std::string> present(facet.begin(), facet.end());
  bool changed = false;
  for (const TopicTag& tag : derived) {
    if (tag.origin == TopicOrigin::kGiven || tag.topic.empty()) continue;
    if (!present.insert(tag.topic).second) continue;  // given, or tagged twice
    doc->add_boolean_term(BooleanTerm(kPrefixTopic, tag.topic));
    doc->add_boolean_term(BooleanTerm(OriginPrefix(tag.origin), tag.topic));
    facet.push_back(tag.topic);
    changed = true;
  }
  if (!changed) return;
  // Given topics first as the source listed them, then derived ones by name: the same
  // value however many calls added them and in whatever order (replay must match).
  const std::vector<std::string> given = GivenTopicsOf(*doc);
  const auto derived_begin = std::stable_partition(facet.begin(), facet.end(), [&](const std::string& t) {
    return std::find(given.begin(), given.end(), t) != given.end();
  });
  std::sort(derived_begin, facet.end());
  doc->add_value(kSlotTopics, JoinFacetList(facet));
}

std::vector<std::string> GivenTopicsOf(const Xapian::Document& doc) {
  std::vector<std::string> given;
  Xapian::TermIterator it = doc.termlist_begin();
  it.skip_to(std::string(kPrefixTopicGiven));
  for (; it != doc.termlist_end(); ++it) {
    const std::string term = *it;
    if (term.compare(0, kPrefixTopicGiven.size(), kPrefixTopicGiven) != 0) break;
    given.push_back(term.substr(kPrefixTopicGiven.size()));
  }
  return given;
}

void RemoveDerivedTopics(Xapian::Document* doc) {
  const std::vector<std::string> given = GivenTopicsOf(*doc);
  const std::set<std::string> given_terms = [&] {
    std::set<std::string> terms;
    for (const std::string& topic : given) terms.insert(BooleanTerm(kPrefixTopic, topic));
    return terms;
  }();
  std::vector<std::string> doomed;
  Xapian::TermIterator it = doc->termlist_begin();
  it.skip_to(std::string(kPrefixTopic));
  for (; it != doc->termlist_end(); ++it) {
    const std::string term = *it;
    if (term.compare(0, kPrefixTopic.size(), kPrefixTopic) != 0) break;
    if (IsOriginTerm(term)) {
      if (term.compare(0, kPrefixTopicGiven.size(), kPrefixTopicGiven) != 0) doomed.push_back(term);
    } else if (given_terms.count(term) == 0) {
      doomed.push_back(term);
    }
  }
  for (const std::string& term : doomed) doc->remove_term(term);
  std::vector<std::string> facet = SplitFacetList(doc->get_value(kSlotTopics));
  const std::set<std::string> keep(given.begin(), given.end());
  std::erase_if(facet, [&](const std::string& v) { return keep.count(v) == 0; });
  doc->add_value(kSlotTopics, JoinFacetList(facet));  // "" removes the value
}

}  // namespace newsdex::topics
