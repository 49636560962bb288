// Renderers: the only place where search output formats live.
//
//   auto renderer = newsdex::search::NewTextRenderer({.color = isatty(1)});
//   renderer->Render(request, results, std::cout);
//
// Text is for people (rank, date, title, source, highlighted snippet; colours only when
// asked), or for other programs the hits' ids alone, one per line, when the request asked
// for HitFields::kIds. JSON Lines is for scripts: one "hit" object per hit, then one "summary" object;
// its shape is documented, with its version history, in schemas/search-output.md.
// Renderers keep no state between calls; each is used by one thread at a time.
#ifndef NEWSDEX_SEARCHER_RENDER_RENDERER_H_
#define NEWSDEX_SEARCHER_RENDER_RENDERER_H_

#include <memory>
#include <ostream>

#include "newsdex/searcher.h"

namespace newsdex::search {

// Version of the JSON output shape (the "format" field of the summary object).
inline constexpr int kJsonOutputFormat = 1;

class Renderer {
 public:
  virtual ~Renderer() = default;
  virtual void Render(const SearchRequest& request, const SearchResults& results,
                      std::ostream& out) const = 0;
};

struct TextStyle {
  bool color = false;  // ANSI bold/colours for titles and highlights
};

std::unique_ptr<Renderer> NewTextRenderer(TextStyle style);
std::unique_ptr<Renderer> NewJsonRenderer();

// "1987-02-26T15:01:01Z" or "" when absent.
std::string IsoDate(const std::optional<std::int64_t>& published);

}  // namespace newsdex::search

#endif  // NEWSDEX_SEARCHER_RENDER_RENDERER_H_
