// Output of `newsdex-search names`: the archive's entities, or the names associated
// with a query, as text for people or JSON Lines for scripts (one "name" object per
// line, then a "summary" object; documented in schemas/search-output.md).
#ifndef NEWSDEX_SEARCHER_RENDER_NAMES_RENDERER_H_
#define NEWSDEX_SEARCHER_RENDER_NAMES_RENDERER_H_

#include <ostream>
#include <vector>

#include "newsdex/searcher.h"

namespace newsdex::search {

void RenderNamesText(const std::vector<NameInfo>& names, std::ostream& out);
void RenderNamesJson(const std::vector<NameInfo>& names, std::ostream& out);
void RenderCooccurrenceText(const CooccurrenceResults& results, std::ostream& out);
void RenderCooccurrenceJson(const CooccurrenceRequest& request, const CooccurrenceResults& results,
                            std::ostream& out);

}  // namespace newsdex::search

#endif  // NEWSDEX_SEARCHER_RENDER_NAMES_RENDERER_H_
