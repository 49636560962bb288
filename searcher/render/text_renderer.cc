#include <cstdio>

#include "searcher/render/renderer.h"

namespace newsdex::search {
namespace {

constexpr const char* kBold = "\033[1m";
constexpr const char* kHighlight = "\033[1;33m";
constexpr const char* kDim = "\033[2m";
constexpr const char* kReset = "\033[0m";

class TextRenderer final : public Renderer {
 public:
  explicit TextRenderer(TextStyle style) : style_(style) {}

  void Render(const SearchRequest& request, const SearchResults& results,
              std::ostream& out) const override {
    if (request.hit_fields == HitFields::kIds) {  // one id per line, for other programs
      for (const Hit& hit : results.hits) out << hit.id << "\n";
      return;
    }
    for (const Hit& hit : results.hits) RenderHit(hit, out);
    RenderSummary(request, results, out);
  }

 private:
  const char* Style(const char* code) const { return style_.color ? code : ""; }

  void RenderHit(const Hit& hit, std::ostream& out) const {
    const std::string date = IsoDate(hit.published).substr(0, 10);
    out << hit.rank + 1 << ". " << (date.empty() ? "----------" : date) << "  " << Style(kBold)
        << (hit.title.empty() ? "(no title)" : hit.title) << Style(kReset) << "\n";
    out << "   " << Style(kDim) << "id " << hit.id;
    if (!hit.source.empty()) out << " · " << hit.source;
    if (!hit.section.empty()) out << " · " << hit.section;
    for (const TopicTag& tag : hit.topic_tags) {  // the given ones are the source's own
      if (tag.origin == TopicOrigin::kRule) out << " · " << tag.topic << " (rule)";
      if (tag.origin == TopicOrigin::kPredicted) {
        char confidence[48];
        std::snprintf(confidence, sizeof confidence, " (predicted %.2f)", tag.confidence);
        out << " · " << tag.topic << confidence;
      }
    }
    if (hit.score > 0) {
      char score[32];
      std::snprintf(score, sizeof score, "%.3f", hit.score);
      out << " · score " << score;
    }
    out << Style(kReset) << "\n";
    if (!hit.snippet.empty()) {
      out << "   ";
      std::size_t cursor = 0;
      for (const auto& [begin, end] : hit.highlights) {
        out << hit.snippet.substr(cursor, begin - cursor);
        // Without colours, highlights are marked so they survive a pipe.
        out << (style_.color ? kHighlight : "[") << hit.snippet.substr(begin, end - begin)
            << (style_.color ? kReset : "]");
        cursor = end;
      }
      out << hit.snippet.substr(cursor) << "\n";
    }
    out << "\n";
  }

  void RenderSummary(const SearchRequest& request, const SearchResults& results,
                     std::ostream& out) const {
    if (results.total == 0) {
      out << "No articles match.\n";
    } else {
      out << (results.exact ? "" : "about ") << results.total
          << (results.total == 1 ? " article matches" : " articles match");
      if (!results.hits.empty()) {
        out << "; showing " << request.offset + 1 << "–" << request.offset + results.hits.size();
      }
      out << "\n";
    }
    for (const Facet& facet : results.facets) {
      out << Style(kBold) << facet.name << Style(kReset) << (facet.exact ? "" : " (estimated)")
          << ":";
      if (facet.values.empty()) out << " none";
      for (const FacetValue& v : facet.values) out << "  " << v.value << " (" << v.count << ")";
      out << "\n";
    }
  }

  TextStyle style_;
};

}  // namespace

std::unique_ptr<Renderer> NewTextRenderer(TextStyle style) {
  return std::make_unique<TextRenderer>(style);
}

}  // namespace newsdex::search
