// Output of `newsdex-search trends`: the rising topics of each period, as text for
// people, JSON Lines or CSV for scripts.
//
//   auto result = searcher->Trends(request);
//   newsdex::search::RenderTrendsText(request, *result, {.color = false}, std::cout);
//
// JSON Lines: one "trend" object per period and topic, in date order and highest score
// first within a period, then one "summary" object; documented in
// schemas/search-output.md. CSV: a header line and one line per period and topic, LF
// line ends. Renderers write only to `out`, keep no state and are safe from any thread.
#ifndef NEWSDEX_SEARCHER_RENDER_TRENDS_RENDERER_H_
#define NEWSDEX_SEARCHER_RENDER_TRENDS_RENDERER_H_

#include <ostream>

#include "newsdex/searcher.h"

namespace newsdex::search {

struct TrendsStyle {
  bool color = false;  // ANSI bold periods, green arrows, dim footer. Default: false
};

// A header naming the query, the period and the window; for each period with a rising
// topic, a line "1987-04  1,234 articles" (marked when its baseline is partial) and one
// line per topic ("  ↑ crude   57  from 12.3  z 12.70"); a footer with the periods
// looked at, the matching articles and the time. "no matching articles" when nothing
// matches, "no rising topic" when no period has one.
void RenderTrendsText(const TrendsRequest& request, const TrendsResult& result, TrendsStyle style,
                      std::ostream& out);

// {"type":"trend","period":...,"start":...,"articles":N,"topic":...,"count":C,
// "baseline":B,"score":Z,"partial":false} per period and topic, then {"type":"summary",
// "format":1,"query":...,"by":...,"window":W,"min_count":M,"top":K,"total":N,
// "undated":U,"periods":P,"trends":T,"elapsed_ms":MS}.
void RenderTrendsJson(const TrendsRequest& request, const TrendsResult& result, std::ostream& out);

// period,start,articles,topic,count,baseline,score,partial; fields quoted as RFC 4180 asks.
void RenderTrendsCsv(const TrendsResult& result, std::ostream& out);

}  // namespace newsdex::search

#endif  // NEWSDEX_SEARCHER_RENDER_TRENDS_RENDERER_H_
