#include "searcher/render/trends_renderer.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

#include "searcher/render/renderer.h"

namespace newsdex::search {
namespace {

using Json = nlohmann::ordered_json;  // keys in the documented order
constexpr auto kReplace = Json::error_handler_t::replace;
constexpr const char* kBold = "\033[1m";
constexpr const char* kRise = "\033[32m";
constexpr const char* kDim = "\033[2m";
constexpr const char* kReset = "\033[0m";

// "1234567" -> "1,234,567".
std::string Thousands(std::uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string Fixed(double value, int places) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f", places, value);
  return buf;
}

// The shortest text that reads back as `value` (what the JSON output prints too).
std::string Shortest(double value) {
  char buf[64];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  return ec == std::errc() ? std::string(buf, end) : std::string("0");
}

std::string Plural(std::size_t n, const std::string& word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

// "Topics rising in articles matching "oil", per month against the mean of the 3 months before".
std::string Header(const TrendsRequest& request, const TrendsResult& result) {
  const std::string period(TimelinePeriodName(result.by));
  std::string header = "Topics rising in ";
  header += request.query.empty() ? "all articles" : "articles matching \"" + request.query + "\"";
  return header + ", per " + period + " against the mean of the " +
         (result.window == 1 ? period : Plural(result.window, period)) + " before";
}

std::string PadLeft(const std::string& text, std::size_t width) {
  return std::string(width > text.size() ? width - text.size() : 0, ' ') + text;
}

// Widths of the topic, count and baseline columns over every listed topic.
struct Widths {
  std::size_t topic = 0, count = 0, baseline = 0;
};

Widths ColumnWidths(const TrendsResult& result) {
  Widths w;
  for (const TrendPeriod& p : result.periods) {
    for (const RisingTopic& t : p.topics) {
      w.topic = std::max(w.topic, t.topic.size());
      w.count = std::max(w.count, Thousands(t.count).size());
      w.baseline = std::max(w.baseline, Fixed(t.baseline, 1).size());
    }
  }
  return w;
}

// "1 month before" for a partial baseline of `n` periods.
std::string PartialNote(const TrendsResult& result, const TrendPeriod& period, std::size_t n) {
  if (!period.partial) return "";
  const std::string name(TimelinePeriodName(result.by));
  return "  (baseline of " + (n == 1 ? "1 " + name : Plural(n, name)) + " only)";
}

}  // namespace

void RenderTrendsText(const TrendsRequest& request, const TrendsResult& result, TrendsStyle style,
                      std::ostream& out) {
  auto paint = [&](const char* code) { return style.color ? code : ""; };
  out << paint(kBold) << Header(request, result) << paint(kReset) << "\n";
  if (result.total == 0) {
    out << "no matching articles\n";
    return;
  }
  const Widths w = ColumnWidths(result);
  std::size_t shown = 0;
  for (std::size_t i = 0; i < result.periods.size(); ++i) {
    const TrendPeriod& period = result.periods[i];
    if (period.topics.empty()) continue;
    ++shown;
    out << paint(kBold) << period.period << paint(kReset) << "  "
        << Thousands(period.articles) << (period.articles == 1 ? " article" : " articles")
        << PartialNote(result, period, i + 1) << "\n";
    for (const RisingTopic& t : period.topics) {
      out << "  " << paint(kRise) << "↑" << paint(kReset) << " " << t.topic
          << std::string(w.topic - t.topic.size(), ' ') << "  " << PadLeft(Thousands(t.count), w.count)
          << "  from " << PadLeft(Fixed(t.baseline, 1), w.baseline) << "  z " << Fixed(t.score, 2)
          << "\n";
    }
  }
  if (shown == 0) out << "no rising topic\n";
  char elapsed[32];
  std::snprintf(elapsed, sizeof elapsed, "%.1f ms", result.elapsed_ms);
  out << paint(kDim) << Plural(result.periods.size(), std::string(TimelinePeriodName(result.by)))
      << " compared, " << shown << " with rising topics · "
      << Thousands(result.total) << (result.total == 1 ? " article" : " articles");
  if (result.undated > 0) out << " (" << Thousands(result.undated) << " without a date)";
  out << " · " << elapsed << paint(kReset) << "\n";
}

void RenderTrendsJson(const TrendsRequest& request, const TrendsResult& result, std::ostream& out) {
  std::size_t trends = 0;
  for (const TrendPeriod& period : result.periods) {
    for (const RisingTopic& t : period.topics) {
      Json line = {{"type", "trend"},     {"period", period.period},
                   {"start", IsoDate(period.start)}, {"articles", period.articles},
                   {"topic", t.topic},    {"count", t.count},
                   {"baseline", t.baseline}, {"score", t.score},
                   {"partial", period.partial}};
      out << line.dump(-1, ' ', false, kReplace) << "\n";
      ++trends;
    }
  }
  Json summary = {{"type", "summary"},
                  {"format", kJsonOutputFormat},
                  {"query", request.query},
                  {"by", std::string(TimelinePeriodName(result.by))},
                  {"window", result.window},
                  {"min_count", request.min_count},
                  {"top", request.top},
                  {"total", result.total},
                  {"undated", result.undated},
                  {"periods", result.periods.size()},
                  {"trends", trends},
                  {"elapsed_ms", result.elapsed_ms}};
  out << summary.dump(-1, ' ', false, kReplace) << "\n";
}

void RenderTrendsCsv(const TrendsResult& result, std::ostream& out) {
  // RFC 4180: a field holding a comma, quote or line break is quoted, quotes doubled.
  auto field = [](const std::string& text) {
    if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
    std::string quoted = "\"";
    for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
  };
  out << "period,start,articles,topic,count,baseline,score,partial\n";
  for (const TrendPeriod& period : result.periods) {
    for (const RisingTopic& t : period.topics) {
      out << field(period.period) << "," << IsoDate(period.start) << "," << period.articles << ","
          << field(t.topic) << "," << t.count << "," << Shortest(t.baseline) << ","
          << Shortest(t.score) << "," << (period.partial ? "true" : "false") << "\n";
    }
  }
}

}  // namespace newsdex::search
