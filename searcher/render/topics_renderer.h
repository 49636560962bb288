// Output of `newsdex-search topics`: the archive's topics as an aligned table or as
// JSON Lines (one "topic" object per topic, then a summary; schemas/search-output.md).
//
//   newsdex::search::RenderTopicsText(*topics, std::cout);
//
// Pure functions: safe from any thread.
#ifndef NEWSDEX_SEARCHER_RENDER_TOPICS_RENDERER_H_
#define NEWSDEX_SEARCHER_RENDER_TOPICS_RENDERER_H_

#include <ostream>
#include <vector>

#include "newsdex/searcher.h"

namespace newsdex::search {

void RenderTopicsText(const std::vector<TopicInfo>& topics, std::ostream& out);
void RenderTopicsJson(const std::vector<TopicInfo>& topics, std::ostream& out);

}  // namespace newsdex::search

#endif  // NEWSDEX_SEARCHER_RENDER_TOPICS_RENDERER_H_
