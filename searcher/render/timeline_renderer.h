// Output of `newsdex-search timeline`: articles per period as a bar chart for a
// terminal, JSON Lines or CSV for scripts, and a standalone SVG chart for a browser.
//
//   auto results = searcher->Timeline(request);
//   newsdex::search::RenderTimelineText(request, *results, {.width = 100}, std::cout);
//   newsdex::search::RenderTimelineSvg(request, *results, svg_file);
//
// JSON Lines: one "period" object per period, in date order, then one "summary" object;
// documented, with its version history, in schemas/search-output.md. CSV: a header line
// (period,start,count[,all,share]) and one line per period, LF line ends. Every renderer
// writes only to `out`, keeps no state and is safe to call from any thread.
#ifndef NEWSDEX_SEARCHER_RENDER_TIMELINE_RENDERER_H_
#define NEWSDEX_SEARCHER_RENDER_TIMELINE_RENDERER_H_

#include <cstddef>
#include <ostream>

#include "newsdex/searcher.h"

namespace newsdex::search {

struct TimelineStyle {
  bool color = false;      // ANSI colours for the header, bars and footer. Default: false
  std::size_t width = 80;  // terminal columns a line may use (bars stay >= 10). Default: 80
};

// A header naming the query, the period and the dates counted; one line per period
// ("1987-03  ████████████▌     1,234": bars scaled to the largest value, to an eighth of
// a cell; with results.normalized the share and count/all instead of the count); a
// footer with the total, the undated articles and the time. "no matching articles" when
// there is no period to show. `request` supplies the query.
void RenderTimelineText(const TimelineRequest& request, const TimelineResults& results,
                        TimelineStyle style, std::ostream& out);

// {"type":"period","period":"1987-03","start":"1987-03-01T00:00:00Z","count":N} per
// period ("all" and "share" added when normalized), then {"type":"summary","format":1,
// "query":...,"by":"month","dates":"published"|"mentioned","total":N,"undated":K,
// "periods":P,"elapsed_ms":T}.
void RenderTimelineJson(const TimelineRequest& request, const TimelineResults& results,
                        std::ostream& out);

// period,start,count (and all,share when normalized); fields quoted as RFC 4180 asks.
void RenderTimelineCsv(const TimelineResults& results, std::ostream& out);

// A standalone SVG 1.1 document: a titled bar chart with labelled axes, gridlines at
// rounded values and a tooltip (<title>) on every bar; one <rect class="bar"> per period,
// zero-height for empty ones. All text is XML-escaped, and bytes that are not valid
// UTF-8 or not allowed in XML are replaced by U+FFFD, so the file always parses.
void RenderTimelineSvg(const TimelineRequest& request, const TimelineResults& results,
                       std::ostream& out);

}  // namespace newsdex::search

#endif  // NEWSDEX_SEARCHER_RENDER_TIMELINE_RENDERER_H_
