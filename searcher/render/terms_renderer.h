// Output of `newsdex-search terms`: the key terms of a query's best matches, as an
// aligned table for people or JSON Lines for scripts.
//
//   auto result = searcher->Terms(request);
//   newsdex::search::RenderTermsText(request, *result, {.color = false}, std::cout);
//
// JSON Lines: one "term" object per term, most characteristic first, then one "summary"
// object; documented in schemas/search-output.md. Renderers write only to `out`, keep
// no state and are safe to call from any thread.
#ifndef NEWSDEX_SEARCHER_RENDER_TERMS_RENDERER_H_
#define NEWSDEX_SEARCHER_RENDER_TERMS_RENDERER_H_

#include <ostream>

#include "newsdex/searcher.h"

namespace newsdex::search {

struct TermsStyle {
  bool color = false;  // ANSI bold header and dim footer. Default: false
};

// A header naming the query and the sample; one row per term (rank, label, kind,
// weight to 2 places, sample articles holding it, the query to paste), columns aligned;
// a footer with the time. "no matching articles" when the sample is empty.
void RenderTermsText(const TermsRequest& request, const TermsResult& result, TermsStyle style,
                     std::ostream& out);

// {"type":"term","rank":1,"label":...,"kind":...,"query":...,"term":...,"weight":W,
// "articles":N} per term, then {"type":"summary","format":1,"query":...,"matches":M,
// "sample":S,"returned":R,"elapsed_ms":T}.
void RenderTermsJson(const TermsRequest& request, const TermsResult& result, std::ostream& out);

}  // namespace newsdex::search

#endif  // NEWSDEX_SEARCHER_RENDER_TERMS_RENDERER_H_
