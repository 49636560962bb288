#include "searcher/render/timeline_renderer.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/text/utf8_internal.h"
#include "searcher/render/renderer.h"

namespace newsdex::search {
namespace {

using Json = nlohmann::ordered_json;  // keys in the documented order
constexpr auto kReplace = Json::error_handler_t::replace;

// ---- shared wording and numbers ------------------------------------------------------

// "1234567" -> "1,234,567".
std::string Thousands(std::uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string Articles(std::uint64_t n) { return Thousands(n) + (n == 1 ? " article" : " articles"); }

// "12.5%"; "<0.1%" rather than a misleading "0.0%" for a small but real share.
std::string Percent(double share) {
  if (share > 0 && share < 0.0005) return "<0.1%";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", share * 100);
  return buf;
}

// A period's share, or "-" when it has no article at all to take a share of.
std::string Share(const TimelinePoint& point) {
  return point.all == 0 ? "-" : Percent(point.share());
}

// The shortest text that reads back as `value` (what the JSON output prints too).
std::string Shortest(double value) {
  char buf[64];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  return ec == std::errc() ? std::string(buf, end) : std::string("0");
}

std::string PeriodName(const TimelineResults& results) {
  return std::string(TimelinePeriodName(results.by));
}

// The least precise mention that still counts in a period of `by` (weeks need days).
const char* MentionPrecision(TimelinePeriod by) {
  switch (by) {
    case TimelinePeriod::kDay:
    case TimelinePeriod::kWeek: return "day";
    case TimelinePeriod::kMonth: return "month";
    case TimelinePeriod::kYear: return "year";
  }
  return "date";
}

// "Articles matching "oil", per month of publication".
std::string ChartTitle(const TimelineRequest& request, const TimelineResults& results) {
  std::string title = results.normalized ? "Share of " : "";
  if (request.query.empty()) {
    title += results.normalized ? "all articles" : "All articles";
  } else {
    title += std::string(results.normalized ? "articles" : "Articles") + " matching \"" +
             request.query + "\"";
  }
  for (std::size_t i = 0; i < request.filters.size(); ++i) {
    title += (i == 0 ? " (filtered by " : ", ") + request.filters[i];
    if (i + 1 == request.filters.size()) title += ")";
  }
  return title + ", per " + PeriodName(results) +
         (results.mentions ? " they mention" : " of publication");
}

// "1,234 articles · 12 without a date".
std::string Totals(const TimelineResults& results) {
  std::string line = Articles(results.total);
  if (results.undated > 0) {
    line += " · " + Thousands(results.undated) +
            (results.mentions ? std::string(" mention no ") + MentionPrecision(results.by)
                              : std::string(" without a date"));
  }
  return line;
}

// The line shown instead of a chart when there is no period.
std::string NoPeriods(const TimelineResults& results) {
  if (results.total == 0) return "no matching articles";
  const std::string all = Articles(results.total) + " match";
  if (results.mentions) {
    return all + ", but none mentions a " + std::string(MentionPrecision(results.by));
  }
  return all + ", but none has a publication date";
}

// What a bar measures: the count, or with normalize the share of all articles.
double Value(const TimelineResults& results, const TimelinePoint& point) {
  return results.normalized ? point.share() : static_cast<double>(point.count);
}

double MaxValue(const TimelineResults& results) {
  double max = 0;
  for (const TimelinePoint& point : results.points) max = std::max(max, Value(results, point));
  return max;
}

// ---- text ----------------------------------------------------------------------------

constexpr const char* kBold = "\033[1m";
constexpr const char* kBar = "\033[36m";
constexpr const char* kDim = "\033[2m";
constexpr const char* kReset = "\033[0m";
constexpr std::size_t kMinBarCells = 10;
// Left blocks U+258F..U+2588: one to eight eighths of a cell.
constexpr const char* kEighths[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"};

std::string PadLeft(const std::string& text, std::size_t width) {
  return std::string(width > text.size() ? width - text.size() : 0, ' ') + text;
}

// `fraction` (0..1) of `cells` cells, to the nearest eighth, padded with spaces to
// `cells`; a non-zero value never rounds to nothing.
std::string Bar(double fraction, std::size_t cells) {
  auto eighths = static_cast<std::size_t>(std::llround(fraction * static_cast<double>(cells) * 8));
  if (fraction > 0 && eighths == 0) eighths = 1;
  eighths = std::min(eighths, cells * 8);
  std::string bar;
  for (std::size_t i = 0; i < eighths / 8; ++i) bar += kEighths[8];
  bar += kEighths[eighths % 8];
  const std::size_t used = eighths / 8 + (eighths % 8 != 0 ? 1 : 0);
  return bar + std::string(cells - used, ' ');
}

// The right-hand column of each line: "1,234", or "12.5%  1,234/9,876" when normalized,
// with both parts right-aligned in their own columns.
std::vector<std::string> ValueColumn(const TimelineResults& results) {
  std::vector<std::string> left, right;
  std::size_t left_width = 0, right_width = 0;
  for (const TimelinePoint& point : results.points) {
    left.push_back(results.normalized ? Share(point) : Thousands(point.count));
    right.push_back(results.normalized ? Thousands(point.count) + "/" + Thousands(point.all) : "");
    left_width = std::max(left_width, left.back().size());
    right_width = std::max(right_width, right.back().size());
  }
  std::vector<std::string> column;
  for (std::size_t i = 0; i < left.size(); ++i) {
    column.push_back(PadLeft(left[i], left_width) +
                     (results.normalized ? "  " + PadLeft(right[i], right_width) : ""));
  }
  return column;
}

// ---- SVG -----------------------------------------------------------------------------

// Text as XML character data or attribute value: markup characters escaped, and
// anything XML 1.0 cannot hold (ill-formed UTF-8, most C0 controls, U+FFFE/U+FFFF)
// replaced by U+FFFD.
std::string Xml(std::string_view text) {
  std::string out;
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = p + text.size();
  while (p < end) {
    char32_t cp;
    const std::size_t n = text::internal::DecodeUtf8(p, end, &cp);
    const bool allowed = cp != text::internal::kInvalidCodePoint && cp != 0xFFFE &&
                         cp != 0xFFFF && (cp >= 0x20 || cp == '\t' || cp == '\n' || cp == '\r');
    if (!allowed) out += "\xEF\xBF\xBD";
    else if (cp == '&') out += "&amp;";
    else if (cp == '<') out += "&lt;";
    else if (cp == '>') out += "&gt;";
    else if (cp == '"') out += "&quot;";
    else if (cp == '\'') out += "&apos;";
    else out.append(reinterpret_cast<const char*>(p), n);
    p += n;
  }
  return out;
}

// A coordinate: at most two decimals, no trailing zeros.
std::string Num(double value) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.2f", value);
  std::string out = buf;
  while (out.back() == '0') out.pop_back();
  if (out.back() == '.') out.pop_back();
  return out == "-0" ? "0" : out;
}

// Ticks at 0, step, ..., step * intervals >= max: the smallest step of 1, 2, 2.5 or 5
// times a power of ten giving at most five intervals (so 4-6 ticks, unless the counts
// are tiny); counts get whole steps only.
struct Scale {
  double step = 1;
  int intervals = 1;
  double top() const { return step * intervals; }
};

Scale NiceScale(double max, bool whole) {
  if (!(max > 0)) max = 1;
  double magnitude = std::pow(10.0, std::floor(std::log10(max / 5)));
  for (;;) {
    for (double m : {1.0, 2.0, 2.5, 5.0}) {
      const double step = m * magnitude;
      if (whole && (step < 1 || step != std::floor(step))) continue;
      const int intervals = static_cast<int>(std::ceil(max / step - 1e-9));
      if (intervals <= 5) return {step, std::max(intervals, 1)};
    }
    magnitude *= 10;
  }
}

// Decimals needed to write every multiple of `step` exactly.
int DecimalsOf(double step) {
  int decimals = 0;
  for (double scaled = step; decimals < 6 && std::fabs(scaled - std::round(scaled)) > 1e-9;
       scaled *= 10) {
    ++decimals;
  }
  return decimals;
}

// "1,250" for a count, "12.5%" for a share drawn as a percentage.
std::string TickLabel(double value, int decimals, bool percent) {
  if (!percent) return Thousands(static_cast<std::uint64_t>(std::llround(value)));
  char text[64];
  std::snprintf(text, sizeof text, "%.*f%%", decimals, value);
  return text;
}

// Geometry of the chart, in SVG user units (pixels).
struct Layout {
  std::size_t periods = 0;
  double left = 84, top = 64, plot_width = 480, plot_height = 320;
  double slot = 0, bar_width = 0;  // horizontal space per period, and its bar
  std::size_t label_stride = 1;    // label every nth period
  bool rotate_labels = false;
  double label_depth = 0;          // vertical space the period labels take
  double width = 0, height = 0;
  double bottom() const { return top + plot_height; }
};

constexpr std::size_t kMaxPeriodLabels = 20;
constexpr double kCharWidth = 7;  // of a digit at font-size 12, roughly
constexpr double kMaxBarWidth = 60;
constexpr double kTitleCharWidth = 10;  // of the bold 16-unit title, generously
constexpr std::size_t kMaxTitleChars = 120;

// `text` cut to at most `max` code points, "…" marking a cut.
std::string Shortened(const std::string& text, std::size_t max) {
  const auto* begin = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = begin + text.size();
  const auto* p = begin;
  std::size_t count = 0;
  for (char32_t cp; p < end && count < max; ++count) p += text::internal::DecodeUtf8(p, end, &cp);
  return p == end ? text : text.substr(0, static_cast<std::size_t>(p - begin)) + "…";
}

std::size_t CodePoints(std::string_view text) {
  std::size_t n = 0;
  for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

// `title`: the chart's title as shown, which the picture widens to hold.
Layout ChartLayout(const TimelineResults& results, const std::string& title) {
  Layout l;
  l.periods = results.points.size();
  const auto n = static_cast<double>(std::max<std::size_t>(l.periods, 1));
  l.plot_width = std::clamp(n * 24, 480.0, 1600.0);
  l.slot = l.plot_width / n;
  l.bar_width = std::min(l.slot >= 4 ? l.slot * 0.8 : l.slot, kMaxBarWidth);
  l.label_stride = std::max<std::size_t>(1, (l.periods + kMaxPeriodLabels - 1) / kMaxPeriodLabels);
  std::size_t label_chars = 0;
  for (const TimelinePoint& point : results.points) {
    label_chars = std::max(label_chars, point.period.size());
  }
  const double label_width = static_cast<double>(label_chars) * kCharWidth;
  l.rotate_labels = label_width + 8 > l.slot * static_cast<double>(l.label_stride);
  l.label_depth = l.rotate_labels ? label_width * 0.71 + 16 : 20;
  l.width = std::max(l.left + l.plot_width, l.left + static_cast<double>(CodePoints(title)) *
                                                   kTitleCharWidth) + 24;
  l.height = l.bottom() + 8 + l.label_depth + 30;
  return l;
}

double BarX(const Layout& l, std::size_t i) {
  return l.left + static_cast<double>(i) * l.slot + (l.slot - l.bar_width) / 2;
}

double SlotCenter(const Layout& l, std::size_t i) {
  return l.left + (static_cast<double>(i) + 0.5) * l.slot;
}

std::string Tooltip(const TimelineResults& results, const TimelinePoint& point) {
  if (!results.normalized) return point.period + ": " + Articles(point.count);
  if (point.all == 0) return point.period + ": no articles";
  return point.period + ": " + Percent(point.share()) + " (" + Thousands(point.count) + " of " +
         Articles(point.all) + ")";
}

void SvgTitles(const std::string& title, const TimelineResults& results, const Layout& l,
               std::ostream& out) {
  out << "<text x=\"" << Num(l.left) << "\" y=\"26\" font-size=\"16\" font-weight=\"bold\">"
      << Xml(title) << "</text>\n";
  out << "<text x=\"" << Num(l.left) << "\" y=\"46\" fill=\"#555\">" << Xml(Totals(results))
      << "</text>\n";
}

// Gridlines, tick values and the title of the y axis; returns the scale used.
Scale SvgYAxis(const TimelineResults& results, const Layout& l, std::ostream& out) {
  // Shares are drawn as percentages.
  const double unit = results.normalized ? 100 : 1;
  const Scale scale = NiceScale(MaxValue(results) * unit, !results.normalized);
  const int decimals = DecimalsOf(scale.step);
  out << "<g class=\"y-axis\">\n";
  for (int i = 0; i <= scale.intervals; ++i) {
    const double value = scale.step * i;
    const std::string y = Num(l.bottom() - value / scale.top() * l.plot_height);
    out << "<line class=\"grid\" x1=\"" << Num(l.left) << "\" y1=\"" << y << "\" x2=\""
        << Num(l.left + l.plot_width) << "\" y2=\"" << y << "\" stroke=\"#ddd\"/>\n";
    out << "<text class=\"tick\" x=\"" << Num(l.left - 8) << "\" y=\"" << y
        << "\" dy=\"4\" text-anchor=\"end\">"
        << TickLabel(value, decimals, results.normalized) << "</text>\n";
  }
  const std::string mid = Num(l.top + l.plot_height / 2);
  out << "<text class=\"axis-title\" x=\"18\" y=\"" << mid << "\" transform=\"rotate(-90 18 " << mid
      << ")\" text-anchor=\"middle\">"
      << (results.normalized ? "share of articles per " : "articles per ") << PeriodName(results)
      << "</text>\n</g>\n";
  return scale;
}

void SvgBars(const TimelineResults& results, const Layout& l, const Scale& scale,
             std::ostream& out) {
  const double unit = results.normalized ? 100 : 1;
  out << "<g class=\"bars\" fill=\"#4477aa\">\n";
  for (std::size_t i = 0; i < results.points.size(); ++i) {
    const TimelinePoint& point = results.points[i];
    const double height = Value(results, point) * unit / scale.top() * l.plot_height;
    out << "<rect class=\"bar\" x=\"" << Num(BarX(l, i)) << "\" y=\"" << Num(l.bottom() - height)
        << "\" width=\"" << Num(l.bar_width) << "\" height=\"" << Num(height) << "\"><title>"
        << Xml(Tooltip(results, point)) << "</title></rect>\n";
  }
  out << "</g>\n";
}

// The axis lines, a tick and label on every label_stride-th period, and the x title.
void SvgXAxis(const TimelineResults& results, const Layout& l, std::ostream& out) {
  const std::string bottom = Num(l.bottom());
  out << "<g class=\"x-axis\">\n";
  out << "<line x1=\"" << Num(l.left) << "\" y1=\"" << bottom << "\" x2=\""
      << Num(l.left + l.plot_width) << "\" y2=\"" << bottom << "\" stroke=\"#333\"/>\n";
  out << "<line x1=\"" << Num(l.left) << "\" y1=\"" << Num(l.top) << "\" x2=\"" << Num(l.left)
      << "\" y2=\"" << bottom << "\" stroke=\"#333\"/>\n";
  for (std::size_t i = 0; i < results.points.size(); i += l.label_stride) {
    const std::string x = Num(SlotCenter(l, i));
    const std::string y = Num(l.bottom() + (l.rotate_labels ? 14 : 18));
    out << "<line x1=\"" << x << "\" y1=\"" << bottom << "\" x2=\"" << x << "\" y2=\""
        << Num(l.bottom() + 5) << "\" stroke=\"#333\"/>\n";
    out << "<text class=\"period\" x=\"" << x << "\" y=\"" << y << "\"";
    if (l.rotate_labels) {
      out << " text-anchor=\"end\" transform=\"rotate(-45 " << x << " " << y << ")\"";
    } else {
      out << " text-anchor=\"middle\"";
    }
    out << ">" << Xml(results.points[i].period) << "</text>\n";
  }
  out << "<text class=\"axis-title\" x=\"" << Num(l.left + l.plot_width / 2) << "\" y=\""
      << Num(l.bottom() + 8 + l.label_depth + 16) << "\" text-anchor=\"middle\">"
      << PeriodName(results) << (results.mentions ? " mentioned" : " published") << "</text>\n";
  out << "</g>\n";
}

}  // namespace

void RenderTimelineText(const TimelineRequest& request, const TimelineResults& results,
                        TimelineStyle style, std::ostream& out) {
  auto paint = [&](const char* code) { return style.color ? code : ""; };
  out << paint(kBold) << ChartTitle(request, results) << paint(kReset) << "\n";
  if (results.points.empty()) {
    out << NoPeriods(results) << "\n";
    return;
  }
  const std::vector<std::string> values = ValueColumn(results);
  std::size_t label_width = 0;
  for (const TimelinePoint& point : results.points) {
    label_width = std::max(label_width, point.period.size());
  }
  const std::size_t fixed = label_width + 2 + 2 + values.front().size();
  const std::size_t cells = style.width > fixed + kMinBarCells ? style.width - fixed : kMinBarCells;
  const double max = MaxValue(results);
  for (std::size_t i = 0; i < results.points.size(); ++i) {
    const TimelinePoint& point = results.points[i];
    const double fraction = max > 0 ? Value(results, point) / max : 0;
    out << point.period << std::string(label_width - point.period.size(), ' ') << "  "
        << paint(kBar) << Bar(fraction, cells) << paint(kReset) << "  " << values[i] << "\n";
  }
  char elapsed[32];
  std::snprintf(elapsed, sizeof elapsed, "%.1f ms", results.elapsed_ms);
  out << paint(kDim) << Totals(results) << " · " << elapsed << paint(kReset) << "\n";
}

void RenderTimelineJson(const TimelineRequest& request, const TimelineResults& results,
                        std::ostream& out) {
  for (const TimelinePoint& point : results.points) {
    Json line = {{"type", "period"},
                 {"period", point.period},
                 {"start", IsoDate(point.start)},
                 {"count", point.count}};
    if (results.normalized) {
      line["all"] = point.all;
      line["share"] = point.share();
    }
    out << line.dump(-1, ' ', false, kReplace) << "\n";
  }
  Json summary = {{"type", "summary"},
                  {"format", kJsonOutputFormat},
                  {"query", request.query},
                  {"by", PeriodName(results)},
                  {"dates", results.mentions ? "mentioned" : "published"},
                  {"total", results.total},
                  {"undated", results.undated},
                  {"periods", results.points.size()},
                  {"elapsed_ms", results.elapsed_ms}};
  out << summary.dump(-1, ' ', false, kReplace) << "\n";
}

void RenderTimelineCsv(const TimelineResults& results, std::ostream& out) {
  // RFC 4180: a field holding a comma, quote or line break is quoted, quotes doubled.
  auto field = [](const std::string& text) {
    if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
    std::string quoted = "\"";
    for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
  };
  out << "period,start,count" << (results.normalized ? ",all,share" : "") << "\n";
  for (const TimelinePoint& point : results.points) {
    out << field(point.period) << "," << field(IsoDate(point.start)) << "," << point.count;
    if (results.normalized) out << "," << point.all << "," << Shortest(point.share());
    out << "\n";
  }
}

void RenderTimelineSvg(const TimelineRequest& request, const TimelineResults& results,
                       std::ostream& out) {
  const std::string title = ChartTitle(request, results);
  const std::string shown = Shortened(title, kMaxTitleChars);
  const Layout l = ChartLayout(results, shown);
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"" << Num(l.width)
      << "\" height=\"" << Num(l.height) << "\" viewBox=\"0 0 " << Num(l.width) << " "
      << Num(l.height) << "\" font-family=\"sans-serif\" font-size=\"12\">\n"
      << "<title>" << Xml(title) << "</title>\n"
      << "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n";
  SvgTitles(shown, results, l, out);
  if (results.points.empty()) {
    out << "<text x=\"" << Num(l.width / 2) << "\" y=\"" << Num(l.top + l.plot_height / 2)
        << "\" text-anchor=\"middle\" font-size=\"14\">" << Xml(NoPeriods(results))
        << "</text>\n</svg>\n";
    return;
  }
  const Scale scale = SvgYAxis(results, l, out);
  SvgBars(results, l, scale, out);
  SvgXAxis(results, l, out);
  out << "</svg>\n";
}

}  // namespace newsdex::search
