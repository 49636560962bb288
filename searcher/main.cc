// newsdex-search: answers queries against a newsdex archive. A thin command line over
// the library's Searcher; output formats live in searcher/render.

#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <cxxopts.hpp>

#include "common/text/publication_date.h"
#include "newsdex/searcher.h"
#include "searcher/render/names_renderer.h"
#include "searcher/render/renderer.h"
#include "searcher/render/terms_renderer.h"
#include "searcher/render/timeline_renderer.h"
#include "searcher/render/topics_renderer.h"
#include "searcher/render/trends_renderer.h"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitUsage = 1;
constexpr int kExitError = 2;

constexpr const char* kExamples = R"(
Query language:
  putin xi                     all words (title counts more than body)
  putin OR xi   putin -trade   OR, exclusion; NOT, AND, +word and ( ) also work
  "belt and road"              phrase          putin NEAR/5 xi   within 5 words
  title:forum  author:gelb     field scope     econom*           word prefix
  person:putin  org:opec  place:beijing  name:baker   a name under any of its forms
  topic:crude
  date:1987  date:1987-03  date:1987-03-02  date:1987-03-01..1987-04-30  date:..1987-03-01
  date:last-30-days  date:this-year   counted back from --as-of (default: now)
  mentions:1989-11-09  mentions:1989-11  mentions:1961..1989   dates written in the text
  exact:orbán                  accents kept (plain words ignore accents)

Examples:
  newsdex-search -a news 'person:"james baker"' --sort newest
  newsdex-search -a news 'bank' --recency 30 --as-of 2008-09-15   favour September 2008
  newsdex-search -a news 'oil date:last-30-days' --as-of 1987-04-15
  newsdex-search -a news 'mentions:1987-10-19 date:1987-11..'     written later about it
  newsdex-search -a news 'date:1987-03..1987-04 topic:crude' --facets place,year
  newsdex-search -a news '"belt and road"' --json
  newsdex-search -a news --ids --limit 1000 topic:crude > crude-ids.txt
  newsdex-search -a news --queries questions.txt --json    one query per line, in one run
  newsdex-search -a news --limit 0 --facets topic 'oil prices'
  newsdex-search -a news names volcker          names in the archive (see names --help;
                                                to search for the word, write '"names"')
  newsdex-search -a news timeline "oil" --by month   articles per month, as a bar chart
  newsdex-search -a news timeline person:putin --by week --json
  newsdex-search -a news timeline 'berlin wall' --mentions --by year --svg wall.svg
                                                (see timeline --help; to search for the
                                                word, write '"timeline"')
  newsdex-search -a news terms topic:crude      words and names characteristic of a query
  newsdex-search -a news trends --by week       topics rising per week (see trends --help)
  newsdex-search -a news topics                 every topic: articles by origin, date span

ARCHIVE defaults to $NEWSDEX_ARCHIVE, else ./newsdex-archive.
Output: text on a terminal (colours only there); --json prints JSON Lines, one object
per hit and a summary object (shape: schemas/search-output.md).
Exit status: 0 success (with or without results); 1 usage error; 2 bad query or
runtime error. An archive that cannot be opened: 4 none there, 5 permission denied,
8 written by a newer newsdex, 9 damaged (run 'newsdex-index check'), 10 -a names a
file or a folder that holds no archive.
)";

std::string DefaultArchive() {
  const char* env = std::getenv("NEWSDEX_ARCHIVE");
  return env != nullptr && *env != '\0' ? env : "newsdex-archive";
}

int Usage(const std::string& message) {
  std::cerr << "newsdex-search: " << message << "\nTry 'newsdex-search --help'.\n";
  return kExitUsage;
}

std::vector<std::string> SplitList(const std::string& list) {
  std::vector<std::string> out;
  std::stringstream in(list);
  for (std::string item; std::getline(in, item, ',');) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

constexpr const char* kNamesExamples = R"(
Lists the people, organisations and places the archive's articles name, with the forms
they were written in, their article counts and the dates they were seen; or, with
--cooccur, the names most associated with a query (ranked by log-likelihood G² against
the whole archive, not by raw counts).

Examples:
  newsdex-search -a news names putin              names with the word putin
  newsdex-search -a news names 'vol*' --kind person
  newsdex-search -a news names --limit 50         the most named entities
  newsdex-search -a news names --cooccur person:volcker
  newsdex-search -a news names --cooccur 'place:japan topic:trade' --kind org --json
)";

std::string JoinWords(const cxxopts::ParseResult& args) {
  std::string out;
  if (!args.count("query")) return out;
  for (const std::string& word : args["query"].as<std::vector<std::string>>()) {
    if (!out.empty()) out += ' ';
    out += word;
  }
  return out;
}

// An archive that cannot be opened: one line, and the exit status newsdex-index gives
// the same problem.
int OpenFailed(const newsdex::Status& status) {
  std::cerr << "newsdex-search: " << status.ToString() << "\n";
  switch (status.code()) {
    case newsdex::StatusCode::kNotFound: return 4;
    case newsdex::StatusCode::kPermissionDenied: return 5;
    case newsdex::StatusCode::kFailedPrecondition: return 8;
    case newsdex::StatusCode::kCorruption: return 9;
    case newsdex::StatusCode::kInvalidArgument: return 10;
    default: return kExitError;
  }
}

int ReportError(const newsdex::Status& status) {
  const bool bad_query = status.code() == newsdex::StatusCode::kInvalidArgument;
  std::cerr << "newsdex-search: " << (bad_query ? "bad query: " + status.message() : status.ToString())
            << "\n";
  return kExitError;
}

// newsdex-search --queries FILE: `request` (the other options) for each non-empty line
// of FILE in turn, rendered as one search would be; in text, each query's output comes
// after a "# QUERY" line (JSON summaries carry their query). A bad query is reported
// with its line and skipped, and makes the exit status 2 at the end; any other error
// stops the run.
int SearchEach(const std::string& file, const newsdex::Searcher& searcher,
               const newsdex::search::Renderer& renderer, bool explain, bool headers,
               newsdex::SearchRequest* request) {
  std::ifstream opened;
  if (file != "-") {
    opened.open(file);
    if (!opened) {
      std::cerr << "newsdex-search: --queries: cannot read " << file << "\n";
      return kExitUsage;
    }
  }
  std::istream& in = file == "-" ? std::cin : opened;
  const std::string name = file == "-" ? "stdin" : file;
  int status = kExitOk;
  std::size_t line_number = 0;
  for (std::string line; std::getline(in, line);) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    request->query = line;
    auto results = searcher.Search(*request);
    if (!results.ok() && results.status().code() == newsdex::StatusCode::kInvalidArgument) {
      std::cerr << "newsdex-search: " << name << ":" << line_number
                << ": bad query: " << results.status().message() << "\n";
      status = kExitError;
      continue;
    }
    if (!results.ok()) return ReportError(results.status());
    if (explain) std::cerr << "query: " << results->query_description << "\n";
    if (headers) std::cout << "# " << line << "\n";
    renderer.Render(*request, *results, std::cout);
  }
  std::cout.flush();
  return status;
}

// newsdex-search names [QUERY] | names --cooccur QUERY
// Lists the archive's topics with their origins and date spans.
int RunTopics(int argc, char** argv) {
  cxxopts::Options options("newsdex-search topics",
                           "List the topics of a newsdex archive: given by sources, tagged by "
                           "rules, predicted by its model.");
  options.custom_help("[options]");
  options.add_options()
      ("a,archive", "archive folder", cxxopts::value<std::string>()->default_value(DefaultArchive()))
      ("json", "JSON Lines output")
      ("h,help", "show this help");
  auto args = options.parse(argc, argv);
  if (args.count("help")) {
    std::cout << options.help()
              << "\nExamples:\n  newsdex-search -a news topics\n  newsdex-search -a news topics --json\n"
                 "  newsdex-search -a news --json topic:crude     hits show topic_tags with origins\n";
    return kExitOk;
  }
  auto searcher = newsdex::Searcher::Open(newsdex::SearcherOptions{}, args["archive"].as<std::string>());
  if (!searcher.ok()) return OpenFailed(searcher.status());
  auto topics = (*searcher)->Topics();
  if (!topics.ok()) return ReportError(topics.status());
  if (args.count("json")) newsdex::search::RenderTopicsJson(*topics, std::cout);
  else newsdex::search::RenderTopicsText(*topics, std::cout);
  return kExitOk;
}

int RunNames(int argc, char** argv) {
  cxxopts::Options options("newsdex-search names", "List the names found in a newsdex archive.");
  options.custom_help("[options]");
  options.positional_help("[WORDS...]");
  options.add_options()
      ("a,archive", "archive folder", cxxopts::value<std::string>()->default_value(DefaultArchive()))
      ("kind", "person, org or place (default: all)", cxxopts::value<std::string>()->default_value(""))
      ("n,limit", "names to show (0: all)", cxxopts::value<std::size_t>()->default_value("20"))
      ("cooccur", "rank the names associated with this query, e.g. person:putin",
       cxxopts::value<std::string>())
      ("json", "JSON Lines output")
      ("color", "auto, always or never (the listing has no colours yet)",
       cxxopts::value<std::string>()->default_value("auto"))
      ("h,help", "show this help")
      ("query", "words of names (word* for a prefix)", cxxopts::value<std::vector<std::string>>());
  options.parse_positional({"query"});
  auto args = options.parse(argc, argv);
  if (args.count("help")) {
    std::cout << options.help() << kNamesExamples;
    return kExitOk;
  }
  auto searcher = newsdex::Searcher::Open(newsdex::SearcherOptions{}, args["archive"].as<std::string>());
  if (!searcher.ok()) return OpenFailed(searcher.status());
  const bool json = args.count("json") > 0;
  if (args.count("cooccur")) {
    newsdex::CooccurrenceRequest request;
    request.query = args["cooccur"].as<std::string>();
    if (const std::string words = JoinWords(args); !words.empty()) request.query += " " + words;
    request.kind = args["kind"].as<std::string>();
    request.limit = args["limit"].as<std::size_t>();
    auto results = (*searcher)->Cooccurring(request);
    if (!results.ok()) return ReportError(results.status());
    if (json) newsdex::search::RenderCooccurrenceJson(request, *results, std::cout);
    else newsdex::search::RenderCooccurrenceText(*results, std::cout);
    return kExitOk;
  }
  newsdex::NamesRequest request;
  request.query = JoinWords(args);
  request.kind = args["kind"].as<std::string>();
  request.limit = args["limit"].as<std::size_t>();
  auto names = (*searcher)->Names(request);
  if (!names.ok()) return ReportError(names.status());
  if (json) newsdex::search::RenderNamesJson(*names, std::cout);
  else newsdex::search::RenderNamesText(*names, std::cout);
  return kExitOk;
}

constexpr const char* kTimelineExamples = R"(
Counts the articles matching QUERY per day, ISO week, month or year of publication, or
with --mentions per period they write about (an article counts once in every period it
mentions, and only mentions at least as precise as the period count). Periods without
a match between the first and the last are shown with 0. An empty QUERY counts every
article; --normalize divides by every article of the period, to show a share.

Examples:
  newsdex-search -a news timeline "oil" --by month
  newsdex-search -a news timeline person:putin --by week --json
  newsdex-search -a news timeline 'berlin wall' --mentions --by year --svg wall.svg
  newsdex-search -a news timeline 'date:last-10-years crude' --as-of 2008-09-15 --csv
  newsdex-search -a news timeline 'topic:crude' --by year --normalize

Output: a bar chart on stdout, or JSON Lines (one "period" object per period, then a
"summary" object; shape: schemas/search-output.md), or CSV (period,start,count and with
--normalize all,share). --svg also writes the chart as an SVG file.
)";

// Columns of the terminal stdout is, else $COLUMNS, else 80.
std::size_t TerminalWidth() {
  winsize size{};
  if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) {
    return size.ws_col;
  }
  const char* columns = std::getenv("COLUMNS");
  const long parsed = columns != nullptr ? std::strtol(columns, nullptr, 10) : 0;
  return parsed > 0 ? static_cast<std::size_t>(parsed) : 80;
}

// Writes the SVG chart to `path`; IOError naming the path when it cannot.
newsdex::Status WriteSvg(const std::string& path, const newsdex::TimelineRequest& request,
                         const newsdex::TimelineResults& results) {
  std::ostringstream svg;
  newsdex::search::RenderTimelineSvg(request, results, svg);
  const std::string text = svg.str();
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) return newsdex::Status::IOError(path + ": " + std::strerror(errno));
  const bool written = std::fwrite(text.data(), 1, text.size(), file) == text.size();
  const int write_errno = errno;
  if (std::fclose(file) != 0 || !written) {
    return newsdex::Status::IOError(path + ": " + std::strerror(written ? errno : write_errno));
  }
  return newsdex::Status::Ok();
}

// --as-of DATE into *as_of (left unset without the option); a usage message in *error
// when DATE is not a date.
bool AsOfFrom(const cxxopts::ParseResult& args, std::optional<std::int64_t>* as_of,
              std::string* error) {
  if (!args.count("as-of")) return true;
  const std::string written = args["as-of"].as<std::string>();
  auto when = newsdex::text::ParsePublicationDate(written);
  if (!when.ok()) {
    *error = "--as-of must be a date such as 2008-09-15 or 2008-09-15T12:00:00Z, not '" +
             written + "' (" + when.status().message() + ")";
    return false;
  }
  *as_of = *when;
  return true;
}

// The options of `timeline` as a request; a usage message in *error when they are wrong.
bool TimelineRequestFrom(const cxxopts::ParseResult& args, newsdex::TimelineRequest* request,
                         std::string* error) {
  request->query = JoinWords(args);
  if (args.count("filter")) request->filters = args["filter"].as<std::vector<std::string>>();
  auto by = newsdex::ParseTimelinePeriod(args["by"].as<std::string>());
  if (!by.ok()) {
    *error = "--by must be day, week, month or year, not '" + args["by"].as<std::string>() + "'";
    return false;
  }
  request->by = *by;
  request->mentions = args.count("mentions") > 0;
  request->normalize = args.count("normalize") > 0;
  return AsOfFrom(args, &request->as_of, error);
}

// newsdex-search timeline QUERY [--by PERIOD] [--mentions] [--normalize] [--json|--csv]
int RunTimeline(int argc, char** argv) {
  cxxopts::Options options("newsdex-search timeline",
                           "Count the articles matching a query per period.");
  options.custom_help("[options]");
  options.positional_help("QUERY...");
  options.add_options()
      ("a,archive", "archive folder", cxxopts::value<std::string>()->default_value(DefaultArchive()))
      ("by", "day, week, month or year", cxxopts::value<std::string>()->default_value("month"),
       "PERIOD")
      ("mentions", "count the dates the articles mention, not their publication dates")
      ("normalize", "show each period's share of all its articles")
      ("filter", "restrict to another query too (repeatable), e.g. topic:crude",
       cxxopts::value<std::vector<std::string>>(), "QUERY")
      ("as-of", "the date relative dates count back from, e.g. 2008-09-15 (default: now)",
       cxxopts::value<std::string>(), "DATE")
      ("json", "JSON Lines output")
      ("csv", "CSV output")
      ("svg", "also write the chart to FILE as SVG", cxxopts::value<std::string>(), "FILE")
      ("color", "auto, always or never", cxxopts::value<std::string>()->default_value("auto"))
      ("width", "columns of the chart (default: the terminal's, else $COLUMNS, else 80)",
       cxxopts::value<std::size_t>(), "N")
      ("h,help", "show this help")
      ("query", "query words", cxxopts::value<std::vector<std::string>>());
  options.parse_positional({"query"});
  auto args = options.parse(argc, argv);
  if (args.count("help")) {
    std::cout << options.help() << kTimelineExamples;
    return kExitOk;
  }
  newsdex::TimelineRequest request;
  if (std::string error; !TimelineRequestFrom(args, &request, &error)) return Usage(error);
  const bool json = args.count("json") > 0, csv = args.count("csv") > 0;
  if (json && csv) return Usage("--json and --csv cannot be used together");
  const std::string color = args["color"].as<std::string>();
  if (color != "auto" && color != "always" && color != "never") {
    return Usage("--color must be auto, always or never");
  }
  auto searcher =
      newsdex::Searcher::Open(newsdex::SearcherOptions{}, args["archive"].as<std::string>());
  if (!searcher.ok()) return OpenFailed(searcher.status());
  auto results = (*searcher)->Timeline(request);
  if (!results.ok()) return ReportError(results.status());
  if (args.count("svg")) {
    const std::string path = args["svg"].as<std::string>();
    if (newsdex::Status written = WriteSvg(path, request, *results); !written.ok()) {
      return ReportError(written);
    }
    std::cerr << "newsdex-search: wrote " << path << "\n";
  }
  if (json) {
    newsdex::search::RenderTimelineJson(request, *results, std::cout);
  } else if (csv) {
    newsdex::search::RenderTimelineCsv(*results, std::cout);
  } else {
    const bool use_color = color == "always" || (color == "auto" && isatty(STDOUT_FILENO));
    const std::size_t width =
        args.count("width") ? args["width"].as<std::size_t>() : TerminalWidth();
    newsdex::search::RenderTimelineText(request, *results, {.color = use_color, .width = width},
                                        std::cout);
  }
  return kExitOk;
}

// ---- Topics: terms and trends ------------------------------------------------------

constexpr const char* kTermsExamples = R"(
Lists the words and names most characteristic of the best matches of QUERY: the ones
their articles use far more than the whole archive does (Xapian's expand set over the
--sample best matches; a query of filters alone samples its newest matches). A word is
shown as the sample most writes it ("tariffs" for the stem tariff); the last column is
a query to paste. The query's own terms, numbers, dates, ids and topics are left out.

Examples:
  newsdex-search -a news terms topic:crude
  newsdex-search -a news terms 'person:"james baker"' --limit 30
  newsdex-search -a news terms 'pipeline date:1987-03' --sample 50 --json

Output: an aligned table, or JSON Lines (one "term" object per term, then a "summary"
object; shape: schemas/search-output.md).
)";

constexpr const char* kTrendsExamples = R"(
For each day, ISO week, month or year of publication, lists the topics of the articles
matching QUERY (every article when QUERY is empty) that rose most against their mean
count over the --window periods before: score = (count - mean) / sqrt(mean + 1). Only
topics with at least --min-count articles in the period and more than their mean are
listed. The first period has nothing to compare with and is left out; the next ones,
until a full window precedes them, compare with the periods there are and are marked.

Examples:
  newsdex-search -a news trends --by week
  newsdex-search -a news trends oil --by month --window 2 --top 3
  newsdex-search -a news trends 'place:japan' --by day --min-count 2 --csv

Output: text, or JSON Lines (one "trend" object per period and topic, then a "summary"
object; shape: schemas/search-output.md), or CSV
(period,start,articles,topic,count,baseline,score,partial).
)";

// --color as a yes/no for stdout; a usage message in *error when it is not a choice.
bool ColorFrom(const cxxopts::ParseResult& args, bool* color, std::string* error) {
  const std::string choice = args["color"].as<std::string>();
  if (choice != "auto" && choice != "always" && choice != "never") {
    *error = "--color must be auto, always or never";
    return false;
  }
  *color = choice == "always" || (choice == "auto" && isatty(STDOUT_FILENO));
  return true;
}

// newsdex-search terms QUERY [--limit N] [--sample N] [--json]
int RunTerms(int argc, char** argv) {
  cxxopts::Options options("newsdex-search terms",
                           "List the terms most characteristic of a query's best matches.");
  options.custom_help("[options]");
  options.positional_help("QUERY...");
  options.add_options()
      ("a,archive", "archive folder", cxxopts::value<std::string>()->default_value(DefaultArchive()))
      ("n,limit", "terms to show", cxxopts::value<std::size_t>()->default_value("20"))
      ("sample", "best matches whose terms are weighed", cxxopts::value<std::size_t>()->default_value("100"), "N")
      ("as-of", "the date relative dates count back from, e.g. 2008-09-15 (default: now)",
       cxxopts::value<std::string>(), "DATE")
      ("ids", "print only the hits' ids, one per line (with --json: rank, id and score); "
              "faster: reads nothing but the index")
      ("json", "JSON Lines output")
      ("color", "auto, always or never", cxxopts::value<std::string>()->default_value("auto"))
      ("h,help", "show this help")
      ("query", "query words", cxxopts::value<std::vector<std::string>>());
  options.parse_positional({"query"});
  auto args = options.parse(argc, argv);
  if (args.count("help")) {
    std::cout << options.help() << kTermsExamples;
    return kExitOk;
  }
  newsdex::TermsRequest request;
  request.query = JoinWords(args);
  request.limit = args["limit"].as<std::size_t>();
  request.sample = args["sample"].as<std::size_t>();
  if (request.query.empty()) return Usage("terms needs a QUERY");
  if (request.limit == 0 || request.sample == 0) return Usage("--limit and --sample must be at least 1");
  bool color = false;
  if (std::string error; !AsOfFrom(args, &request.as_of, &error) || !ColorFrom(args, &color, &error)) {
    return Usage(error);
  }
  auto searcher = newsdex::Searcher::Open(newsdex::SearcherOptions{}, args["archive"].as<std::string>());
  if (!searcher.ok()) return OpenFailed(searcher.status());
  auto result = (*searcher)->Terms(request);
  if (!result.ok()) return ReportError(result.status());
  if (args.count("json")) newsdex::search::RenderTermsJson(request, *result, std::cout);
  else newsdex::search::RenderTermsText(request, *result, {.color = color}, std::cout);
  return kExitOk;
}

// The options of `trends` as a request; a usage message in *error when they are wrong.
bool TrendsRequestFrom(const cxxopts::ParseResult& args, newsdex::TrendsRequest* request,
                       std::string* error) {
  request->query = JoinWords(args);
  auto by = newsdex::ParseTimelinePeriod(args["by"].as<std::string>());
  if (!by.ok()) {
    *error = "--by must be day, week, month or year, not '" + args["by"].as<std::string>() + "'";
    return false;
  }
  request->by = *by;
  request->window = args["window"].as<std::size_t>();
  request->top = args["top"].as<std::size_t>();
  request->min_count = args["min-count"].as<std::uint64_t>();
  if (request->window == 0) {
    *error = "--window must be at least 1 period";
    return false;
  }
  return AsOfFrom(args, &request->as_of, error);
}

// newsdex-search trends [QUERY] [--by PERIOD] [--window N] [--top N] [--min-count N] [--json|--csv]
int RunTrends(int argc, char** argv) {
  cxxopts::Options options("newsdex-search trends",
                           "List the topics that rose most in each period.");
  options.custom_help("[options]");
  options.positional_help("[QUERY...]");
  options.add_options()
      ("a,archive", "archive folder", cxxopts::value<std::string>()->default_value(DefaultArchive()))
      ("by", "day, week, month or year", cxxopts::value<std::string>()->default_value("month"), "PERIOD")
      ("window", "periods before each one whose mean is its baseline",
       cxxopts::value<std::size_t>()->default_value("3"), "N")
      ("top", "topics shown per period (0: all)", cxxopts::value<std::size_t>()->default_value("5"), "N")
      ("min-count", "articles a topic needs in a period", cxxopts::value<std::uint64_t>()->default_value("3"), "N")
      ("as-of", "the date relative dates count back from, e.g. 2008-09-15 (default: now)",
       cxxopts::value<std::string>(), "DATE")
      ("json", "JSON Lines output")
      ("csv", "CSV output")
      ("color", "auto, always or never", cxxopts::value<std::string>()->default_value("auto"))
      ("h,help", "show this help")
      ("query", "query words", cxxopts::value<std::vector<std::string>>());
  options.parse_positional({"query"});
  auto args = options.parse(argc, argv);
  if (args.count("help")) {
    std::cout << options.help() << kTrendsExamples;
    return kExitOk;
  }
  newsdex::TrendsRequest request;
  bool color = false;
  if (std::string error; !TrendsRequestFrom(args, &request, &error) || !ColorFrom(args, &color, &error)) {
    return Usage(error);
  }
  const bool json = args.count("json") > 0, csv = args.count("csv") > 0;
  if (json && csv) return Usage("--json and --csv cannot be used together");
  auto searcher = newsdex::Searcher::Open(newsdex::SearcherOptions{}, args["archive"].as<std::string>());
  if (!searcher.ok()) return OpenFailed(searcher.status());
  auto result = (*searcher)->Trends(request);
  if (!result.ok()) return ReportError(result.status());
  if (json) newsdex::search::RenderTrendsJson(request, *result, std::cout);
  else if (csv) newsdex::search::RenderTrendsCsv(*result, std::cout);
  else newsdex::search::RenderTrendsText(request, *result, {.color = color}, std::cout);
  return kExitOk;
}

// The index of the subcommand (names, timeline, terms, trends) in argv: the first word
// that is neither an option nor an option's value; 0 when the first such word is
// something else. (To search for the word "names", quote it as a phrase: '"names"'.)
int SubcommandAt(int argc, char** argv) {
  static constexpr std::string_view kWithValue[] = {
      "-a", "--archive", "-n", "--limit", "--offset", "--sort", "--facets", "--facet-limit",
      "--filter", "--color", "--kind", "--cooccur", "--by", "--svg", "--as-of", "--width",
      "--sample", "--window", "--top", "--min-count"};
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--") return 0;
    if (!arg.starts_with('-')) {
      return arg == "names" || arg == "timeline" || arg == "terms" || arg == "trends" ||
                     arg == "topics"
                 ? i
                 : 0;
    }
    for (std::string_view option : kWithValue) {
      if (arg == option) ++i;  // its value follows
    }
  }
  return 0;
}

int Run(int argc, char** argv) {
  if (const int at = SubcommandAt(argc, argv); at > 0) {
    const std::string_view command = argv[at];
    std::vector<char*> args(argv, argv + argc);
    args.erase(args.begin() + at);
    if (command == "timeline") return RunTimeline(static_cast<int>(args.size()), args.data());
    if (command == "terms") return RunTerms(static_cast<int>(args.size()), args.data());
    if (command == "trends") return RunTrends(static_cast<int>(args.size()), args.data());
    if (command == "topics") return RunTopics(static_cast<int>(args.size()), args.data());
    return RunNames(static_cast<int>(args.size()), args.data());
  }
  cxxopts::Options options("newsdex-search", "Search a newsdex archive of news articles.");
  options.custom_help("[options]");
  options.positional_help("QUERY...");
  options.add_options()
      ("a,archive", "archive folder", cxxopts::value<std::string>()->default_value(DefaultArchive()))
      ("n,limit", "hits to show", cxxopts::value<std::size_t>()->default_value("10"))
      ("offset", "hits to skip", cxxopts::value<std::size_t>()->default_value("0"))
      ("sort", "relevance, newest or oldest", cxxopts::value<std::string>()->default_value("relevance"))
      ("recency", "favour articles published near --as-of: relevance gains up to its best, "
                  "halved every DAYS days away", cxxopts::value<double>(), "DAYS")
      ("as-of", "the date relative dates and --recency count from, e.g. 2008-09-15 "
                "(default: now)", cxxopts::value<std::string>())
      ("facets", "count values of: topic,person,org,place,source,section,lang,author,year,month,day",
       cxxopts::value<std::string>())
      ("facet-limit", "values shown per facet (0: all)", cxxopts::value<std::size_t>()->default_value("10"))
      ("filter", "restrict without changing ranking (repeatable), e.g. topic:crude",
       cxxopts::value<std::vector<std::string>>())
      ("exact", "count all matches exactly")
      ("ids", "print only the hits' ids, one per line (with --json: rank, id and score); "
              "faster: reads nothing but the index")
      ("json", "JSON Lines output")
      ("color", "auto, always or never", cxxopts::value<std::string>()->default_value("auto"))
      ("queries", "answer each line of FILE (- for stdin) as a query, with the other "
                  "options; faster than a run per query", cxxopts::value<std::string>(), "FILE")
      ("explain", "print the parsed query")
      ("version", "print the version")
      ("h,help", "show this help")
      ("query", "query words", cxxopts::value<std::vector<std::string>>());
  options.parse_positional({"query"});
  auto args = options.parse(argc, argv);
  if (args.count("help")) {
    std::cout << options.help() << kExamples;
    return kExitOk;
  }
  if (args.count("version")) {
    std::cout << "newsdex-search " << NEWSDEX_VERSION << "\n";
    return kExitOk;
  }

  newsdex::SearchRequest request;
  if (args.count("query")) {
    for (const std::string& word : args["query"].as<std::vector<std::string>>()) {
      if (!request.query.empty()) request.query += ' ';
      request.query += word;
    }
  }
  request.limit = args["limit"].as<std::size_t>();
  request.offset = args["offset"].as<std::size_t>();
  request.exact_counts = args.count("exact") > 0;
  request.facet_limit = args["facet-limit"].as<std::size_t>();
  if (args.count("facets")) request.facets = SplitList(args["facets"].as<std::string>());
  if (args.count("filter")) request.filters = args["filter"].as<std::vector<std::string>>();
  if (args.count("ids")) {
    request.hit_fields = newsdex::HitFields::kIds;
    if (!request.facets.empty() && !args.count("json")) {
      return Usage("--ids prints ids alone; add --json to see --facets and counts too");
    }
  }
  const std::string sort = args["sort"].as<std::string>();
  if (sort == "relevance") request.sort = newsdex::SortOrder::kRelevance;
  else if (sort == "newest") request.sort = newsdex::SortOrder::kNewest;
  else if (sort == "oldest") request.sort = newsdex::SortOrder::kOldest;
  else return Usage("--sort must be relevance, newest or oldest, not '" + sort + "'");
  if (args.count("recency")) {
    request.recency_half_life_days = args["recency"].as<double>();
    if (!(request.recency_half_life_days > 0) || !std::isfinite(request.recency_half_life_days)) {
      return Usage("--recency must be a half-life in days greater than 0");
    }
    if (request.sort != newsdex::SortOrder::kRelevance) {
      return Usage("--recency ranks by relevance; it cannot be used with --sort " + sort);
    }
  }
  std::string as_of_error;
  if (!AsOfFrom(args, &request.as_of, &as_of_error)) return Usage(as_of_error);
  const std::string color = args["color"].as<std::string>();
  if (color != "auto" && color != "always" && color != "never") {
    return Usage("--color must be auto, always or never");
  }

  if (args.count("queries") && args.count("query")) {
    return Usage("give QUERY or --queries FILE, not both");
  }

  auto searcher = newsdex::Searcher::Open(newsdex::SearcherOptions{},
                                          args["archive"].as<std::string>());
  if (!searcher.ok()) return OpenFailed(searcher.status());
  std::unique_ptr<newsdex::search::Renderer> renderer;
  if (args.count("json")) {
    renderer = newsdex::search::NewJsonRenderer();
  } else {
    const bool use_color = color == "always" || (color == "auto" && isatty(STDOUT_FILENO));
    renderer = newsdex::search::NewTextRenderer({.color = use_color});
  }
  const bool explain = args.count("explain") > 0;
  if (args.count("queries")) {
    return SearchEach(args["queries"].as<std::string>(), **searcher, *renderer, explain,
                      !args.count("json"), &request);
  }
  auto results = (*searcher)->Search(request);
  if (!results.ok()) return ReportError(results.status());
  if (explain) std::cerr << "query: " << results->query_description << "\n";
  renderer->Render(request, *results, std::cout);
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return Run(argc, argv);
  } catch (const cxxopts::exceptions::exception& e) {
    return Usage(e.what());
  } catch (const std::exception& e) {
    std::cerr << "newsdex-search: Internal: " << e.what() << "\n";
    return kExitError;
  }
}
