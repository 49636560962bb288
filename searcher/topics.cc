#include "searcher/topics.h"

#include <algorithm>
#include <unordered_map>

#include "common/schema/schema.h"
#include "common/status/xapian_status.h"
#include "common/text/publication_date.h"

namespace newsdex::search {
namespace {

// A topic term's own prefix is "XT"; the origin terms add an upper-case letter.
bool IsOriginTerm(const std::string& term) {
  return term.size() > kPrefixTopic.size() && term[kPrefixTopic.size()] >= 'A' &&
         term[kPrefixTopic.size()] <= 'Z';
}

std::uint64_t Frequency(const Xapian::Database& db, std::string_view prefix, const std::string& topic) {
  std::string term(prefix);
  term += topic;
  return db.get_termfreq(term);
}

// Widens the date spans of the topics of every article that has both.
void AddDateSpans(const Xapian::Database& db,
                  std::unordered_map<std::string, TopicInfo*>* by_topic) {
  Xapian::ValueIterator dates = db.valuestream_begin(kSlotPublished);
  for (auto it = db.valuestream_begin(kSlotTopics); it != db.valuestream_end(kSlotTopics); ++it) {
    if (dates == db.valuestream_end(kSlotPublished)) break;
    if (!dates.check(it.get_docid())) continue;
    const std::optional<std::int64_t> published = text::ParseSortable(*dates);
    if (!published) continue;
    const std::string list = *it;
    std::size_t start = 0;
    while (start <= list.size()) {
      std::size_t end = list.find(kFacetSeparator, start);
      if (end == std::string::npos) end = list.size();
      if (auto found = by_topic->find(list.substr(start, end - start)); found != by_topic->end()) {
        TopicInfo& info = *found->second;
        if (!info.first || *published < *info.first) info.first = published;
        if (!info.last || *published > *info.last) info.last = published;
      }
      start = end + 1;
    }
  }
}

}  // namespace

Result<std::vector<TopicInfo>> ListTopics(const Xapian::Database& db) {
  std::vector<TopicInfo> topics;
  try {
    const std::string prefix(kPrefixTopic);
    for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
      const std::string term = *t;
      if (IsOriginTerm(term)) continue;
      TopicInfo info;
      info.topic = term.substr(prefix.size());
      info.articles = t.get_termfreq();
      info.given = Frequency(db, kPrefixTopicGiven, info.topic);
      info.rule = Frequency(db, kPrefixTopicRule, info.topic);
      info.predicted = Frequency(db, kPrefixTopicPredicted, info.topic);
      topics.push_back(std::move(info));
    }
    std::unordered_map<std::string, TopicInfo*> by_topic;
    for (TopicInfo& info : topics) by_topic.emplace(info.topic, &info);
    AddDateSpans(db, &by_topic);
  } catch (const Xapian::Error& e) {
    return FromXapian(e, "topics");
  }
  std::sort(topics.begin(), topics.end(), [](const TopicInfo& a, const TopicInfo& b) {
    return a.articles != b.articles ? a.articles > b.articles : a.topic < b.topic;
  });
  return topics;
}

}  // namespace newsdex::search
