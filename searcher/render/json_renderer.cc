#include <cmath>

#include <nlohmann/json.hpp>

#include "common/text/publication_date.h"
#include "common/topics/article_topics.h"
#include "searcher/render/renderer.h"

namespace newsdex::search {
namespace {

using Json = nlohmann::ordered_json;  // keys in the documented order

// Byte offset -> code point offset in UTF-8 text (scripts index strings by characters).
std::size_t CodePoints(const std::string& text, std::size_t byte_offset) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < byte_offset && i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++n;
  }
  return n;
}

// A hit of a HitFields::kIds search: what the index alone holds.
Json IdHitJson(const Hit& hit) {
  return {{"type", "hit"},
          {"rank", hit.rank + 1},
          {"id", hit.id},
          {"score", hit.score}};
}

Json HitJson(const Hit& hit) {
  Json highlights = Json::array();
  for (const auto& [begin, end] : hit.highlights) {
    highlights.push_back({CodePoints(hit.snippet, begin), CodePoints(hit.snippet, end)});
  }
  Json out = {{"type", "hit"},
              {"rank", hit.rank + 1},
              {"id", hit.id},
              {"title", hit.title},
              {"date", hit.published ? Json(IsoDate(hit.published)) : Json(nullptr)},
              {"score", hit.score},
              {"source", hit.source},
              {"section", hit.section},
              {"byline", hit.byline},
              {"url", hit.url},
              {"language", hit.language},
              {"topics", hit.topics},
              {"people", hit.people},
              {"orgs", hit.orgs},
              {"places", hit.places},
              {"snippet", hit.snippet},
              {"highlights", highlights}};
  Json topic_tags = Json::array();
  for (const TopicTag& tag : hit.topic_tags) {
    topic_tags.push_back({{"topic", tag.topic},
                          {"origin", std::string(topics::OriginName(tag.origin))},
                          {"confidence", std::round(tag.confidence * 1000.0) / 1000.0}});
  }
  out["topic_tags"] = std::move(topic_tags);
  if (!hit.extra_json.empty()) {
    Json extra = Json::parse(hit.extra_json, nullptr, /*allow_exceptions=*/false);
    if (extra.is_object()) out["extra"] = std::move(extra);
  }
  return out;
}

class JsonRenderer final : public Renderer {
 public:
  void Render(const SearchRequest& request, const SearchResults& results,
              std::ostream& out) const override {
    // Invalid UTF-8 never reaches here (the writer refuses it), but replace, not throw.
    constexpr auto kReplace = Json::error_handler_t::replace;
    const bool ids = request.hit_fields == HitFields::kIds;
    for (const Hit& hit : results.hits) {
      out << (ids ? IdHitJson(hit) : HitJson(hit)).dump(-1, ' ', false, kReplace) << "\n";
    }
    Json summary = {{"type", "summary"},
                    {"format", kJsonOutputFormat},
                    {"query", request.query},
                    {"total", results.total},
                    {"exact", results.exact},
                    {"total_lower", results.total_lower},
                    {"total_upper", results.total_upper},
                    {"offset", request.offset},
                    {"limit", request.limit},
                    {"returned", results.hits.size()},
                    {"elapsed_ms", results.elapsed_ms}};
    if (!results.facets.empty()) {
      Json facets = Json::object();
      Json exact = Json::object();
      for (const Facet& facet : results.facets) {
        Json values = Json::array();
        for (const FacetValue& v : facet.values) {
          Json value = {{"value", v.value}, {"count", v.count}};
          if (!v.key.empty()) value["key"] = v.key;
          values.push_back(std::move(value));
        }
        facets[facet.name] = std::move(values);
        exact[facet.name] = facet.exact;
      }
      summary["facets"] = std::move(facets);
      summary["facets_exact"] = std::move(exact);
    }
    out << summary.dump(-1, ' ', false, kReplace) << "\n";
  }
};

}  // namespace

std::string IsoDate(const std::optional<std::int64_t>& published) {
  return published ? text::FormatIso8601(*published) : std::string();
}

std::unique_ptr<Renderer> NewJsonRenderer() { return std::make_unique<JsonRenderer>(); }

}  // namespace newsdex::search
