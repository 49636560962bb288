// newsdex-search: answers queries against a newsdex archive. A thin command line over
// the library's Searcher; output formats live in searcher/render.

#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <cxxopts.hpp>

#include "newsdex/searcher.h"
#include "searcher/render/names_renderer.h"
#include "searcher/render/renderer.h"

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
  exact:orbán                  accents kept (plain words ignore accents)

Examples:
  newsdex-search -a news 'person:"james baker"' --sort newest
  newsdex-search -a news 'date:1987-03..1987-04 topic:crude' --facets place,year
  newsdex-search -a news '"belt and road"' --json
  newsdex-search -a news --limit 0 --facets topic 'oil prices'
  newsdex-search -a news names volcker          names in the archive (see names --help;
                                                to search for the word, write '"names"')

ARCHIVE defaults to $NEWSDEX_ARCHIVE, else ./newsdex-archive.
Output: text on a terminal (colours only there); --json prints JSON Lines, one object
per hit and a summary object (shape: schemas/search-output.md).
Exit status: 0 success (with or without results); 1 usage error; 2 bad query or
runtime error.
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

int ReportError(const newsdex::Status& status) {
  const bool bad_query = status.code() == newsdex::StatusCode::kInvalidArgument;
  std::cerr << "newsdex-search: " << (bad_query ? "bad query: " + status.message() : status.ToString())
            << "\n";
  return kExitError;
}

// newsdex-search names [QUERY] | names --cooccur QUERY
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
  if (!searcher.ok()) return ReportError(searcher.status());
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

// The index of the "names" subcommand in argv: the first word that is neither an
// option nor an option's value; 0 when the first such word is something else. (To search
// for the word "names", quote it as a phrase: '"names"'.)
int NamesCommandAt(int argc, char** argv) {
  static constexpr std::string_view kWithValue[] = {
      "-a", "--archive", "-n", "--limit", "--offset", "--sort", "--facets", "--facet-limit",
      "--filter", "--color", "--kind", "--cooccur"};
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--") return 0;
    if (!arg.starts_with('-')) return arg == "names" ? i : 0;
    for (std::string_view option : kWithValue) {
      if (arg == option) ++i;  // its value follows
    }
  }
  return 0;
}

int Run(int argc, char** argv) {
  if (const int at = NamesCommandAt(argc, argv); at > 0) {
    std::vector<char*> args(argv, argv + argc);
    args.erase(args.begin() + at);
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
      ("facets", "count values of: topic,person,org,place,source,section,lang,author,year,month,day",
       cxxopts::value<std::string>())
      ("facet-limit", "values shown per facet (0: all)", cxxopts::value<std::size_t>()->default_value("10"))
      ("filter", "restrict without changing ranking (repeatable), e.g. topic:crude",
       cxxopts::value<std::vector<std::string>>())
      ("exact", "count all matches exactly")
      ("json", "JSON Lines output")
      ("color", "auto, always or never", cxxopts::value<std::string>()->default_value("auto"))
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
  const std::string sort = args["sort"].as<std::string>();
  if (sort == "relevance") request.sort = newsdex::SortOrder::kRelevance;
  else if (sort == "newest") request.sort = newsdex::SortOrder::kNewest;
  else if (sort == "oldest") request.sort = newsdex::SortOrder::kOldest;
  else return Usage("--sort must be relevance, newest or oldest, not '" + sort + "'");
  const std::string color = args["color"].as<std::string>();
  if (color != "auto" && color != "always" && color != "never") {
    return Usage("--color must be auto, always or never");
  }

  auto searcher = newsdex::Searcher::Open(newsdex::SearcherOptions{},
                                          args["archive"].as<std::string>());
  if (!searcher.ok()) {
    std::cerr << "newsdex-search: " << searcher.status().ToString() << "\n";
    return kExitError;
  }
  auto results = (*searcher)->Search(request);
  if (!results.ok()) return ReportError(results.status());
  if (args.count("explain")) std::cerr << "query: " << results->query_description << "\n";
  std::unique_ptr<newsdex::search::Renderer> renderer;
  if (args.count("json")) {
    renderer = newsdex::search::NewJsonRenderer();
  } else {
    const bool use_color = color == "always" || (color == "auto" && isatty(STDOUT_FILENO));
    renderer = newsdex::search::NewTextRenderer({.color = use_color});
  }
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
