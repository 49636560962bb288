// Article: one news article as newsdex stores and indexes it.
//
//   newsdex::Article a;
//   a.id = "wire-0001"; a.title = "Oil prices rise"; a.body = "...";
//   a.published = 542368861;  // seconds since 1970-01-01 UTC
//
// A plain value type: not thread-safe to mutate, safe to share read-only.
#ifndef NEWSDEX_DOCUMENT_H_
#define NEWSDEX_DOCUMENT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace newsdex {

// Where an article's topic came from.
enum class TopicOrigin {
  kGiven,      // the source: Reuters TOPICS, a JSON topics list, a section or folder
  kRule,       // a rule of the archive's topic table (schemas/topics.toml) matched it
  kPredicted,  // the archive's learned topic model predicted it
};

// One topic of an article, with its origin. A topic is a folded label ("crude").
struct TopicTag {
  std::string topic;
  TopicOrigin origin = TopicOrigin::kGiven;
  // The model's probability for a predicted topic, in [0, 1]; 1 for the other origins.
  double confidence = 1.0;
};

struct Article {
  // Stable external identifier (Reuters NEWID, JSON "id", file path). Required, valid
  // UTF-8 without NUL bytes, and unique in an archive: adding an article with an
  // existing id replaces it.
  std::string id;
  std::string title;
  std::string body;
  std::string dateline;  // e.g. "SALVADOR, Feb 26"
  std::string byline;    // author(s), e.g. "By Michael Gelb, Reuters"
  std::string source;    // publisher or wire, e.g. "reuters"
  std::string section;   // desk or folder, e.g. "business"
  std::string url;
  // ISO 639-1 code such as "en" or "ru"; empty means the archive's default language.
  std::string language;
  // Publication time in seconds since 1970-01-01T00:00:00Z; absent when unknown.
  std::optional<int64_t> published;
  // Entity and topic values as given by the source, e.g. "james-baker", "crude".
  std::vector<std::string> people;
  std::vector<std::string> orgs;
  std::vector<std::string> places;
  std::vector<std::string> topics;
  // Fields the source carried that the schema does not know, as the text of a JSON
  // object ("{}" or empty when none). Kept in the stored document, never indexed.
  std::string extra_json;
};

}  // namespace newsdex

#endif  // NEWSDEX_DOCUMENT_H_
