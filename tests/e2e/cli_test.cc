// End-to-end: runs newsdex-index and newsdex-search on the fixtures in tests/data/e2e and
// compares their output with tests/golden/<case>.txt. Every case runs on a fresh
// archive, on the same archive after indexing everything again (all unchanged), and on
// an archive recovered from a crash between the commit steps.
// NEWSDEX_UPDATE_GOLDEN=1 rewrites the golden files; review their diff like code.

#include <fcntl.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <tinyxml2.h>
#include <xapian.h>

#include "support/schemas.h"
#include "support/shell.h"
#include "support/temp_dir.h"

namespace newsdex {
namespace {

using testing::TempDir;

using testing::Quote;
using testing::ReadFile;
using testing::Run;
using testing::Shell;

std::string IndexCommand(const std::string& archive) {
  return std::string(NEWSDEX_INDEX_BIN) + " -a " + Quote(archive) + " --section-from-folder " +
         Quote(std::string(NEWSDEX_TEST_DATA_DIR) + "/e2e");
}

// The time at the end of a timeline chart's footer line.
std::string MaskText(const std::string& text) {
  return std::regex_replace(text, std::regex(R"(· [0-9.]+ ms\n)"), "· <ms> ms\n");
}

// Timings vary and scores (and the weights and baselines of terms and trends) are
// compared to 3 places.
std::string Mask(std::string text) {
  text = std::regex_replace(text, std::regex(R"("elapsed_ms":[0-9.e+-]+)"), "\"elapsed_ms\":\"<ms>\"");
  std::string out;
  std::regex score(R"re("(score|weight|baseline)":([0-9.e+-]+))re");
  std::sregex_iterator it(text.begin(), text.end(), score), end;
  std::size_t last = 0;
  for (; it != end; ++it) {
    out += text.substr(last, static_cast<std::size_t>(it->position()) - last);
    char rounded[64];
    std::snprintf(rounded, sizeof rounded, "\"%s\":%.3f", (*it)[1].str().c_str(),
                  std::stod((*it)[2].str()));
    out += rounded;
    last = static_cast<std::size_t>(it->position() + it->length());
  }
  return out + text.substr(last);
}

struct Case {
  const char* name;
  const char* args;  // appended to newsdex-search -a ARCHIVE
};

const Case kCases[] = {
    {"person_putin", "'person:\"vladimir putin\"' --sort newest"},
    {"phrase_belt_and_road", "'\"belt and road\"'"},
    {"date_range_newest", "date:2023-10-17..2023-10-18 --sort newest"},
    {"topic_crude_oldest", "topic:crude --sort oldest"},
    {"accents_folded", "orban"},
    {"accents_exact", "exact:orbán"},
    {"possessive", "putin --limit 3"},
    {"cyrillic", "путин"},
    {"facets_all", "--limit 0 --facets topic,place,person,year,section"},
    {"wire_keld_march", "'person:\"marta keld\" date:1987-03'"},
    {"hyphenated", "well-known"},
    {"or_not", "'(gas OR wheat) -pipeline' --sort oldest"},
    {"section_filter", "section:energy"},
    {"title_scope", "title:beijing --sort oldest"},
    {"offset_limit", "'' --sort oldest --offset 2 --limit 2"},
    {"date_last_days", "date:last-2-days --as-of 2023-10-18 --sort oldest"},
    {"recency_as_of", "putin --recency 1 --as-of 2023-10-20"},
    {"mentions_day", "mentions:2023-10-16..2023-10-18"},
    {"names_putin", "names putin"},
    {"names_places", "names --kind place --limit 5"},
    {"names_cooccur", "names --cooccur 'person:\"vladimir putin\"' --limit 5"},
    {"timeline_putin_day", "timeline putin --by day --width 60"},
    {"timeline_weeks_normalized", "timeline date:2023 --by week --normalize --width 60"},
    {"timeline_mentions", "timeline --mentions --by day --width 60"},
    {"terms_putin", "terms putin --limit 8"},
    {"terms_topic_diplomacy", "terms topic:diplomacy --limit 8"},
    {"trends_day", "trends --by day --window 1 --min-count 1"},
    {"trends_2023_partial", "trends date:2023 --by day --window 2 --min-count 1"},
};

// newsdex-search -a ARCHIVE ARGS ("names" and "timeline" come after the archive option,
// as users write them).
std::string SearchCommand(const std::string& archive, const std::string& args) {
  return std::string(NEWSDEX_SEARCH_BIN) + " -a " + Quote(archive) + " " + args;
}

void CheckCases(const std::string& archive, const TempDir& dir, const char* phase) {
  const bool update = std::getenv("NEWSDEX_UPDATE_GOLDEN") != nullptr;
  for (const Case& c : kCases) {
    INFO("phase " << phase << ", case " << c.name << ": newsdex-search " << c.args);
    const std::string base = SearchCommand(archive, c.args) + " --color never";
    Run text = Shell(base, dir);
    Run json = Shell(base + " --json", dir);
    REQUIRE(text.exit_status == 0);
    REQUIRE(json.exit_status == 0);
    const std::string actual = "$ newsdex-search " + std::string(c.args) + "\n" +
                               MaskText(text.out) + "--- json ---\n" + Mask(json.out);
    const std::string golden_path = std::string(NEWSDEX_GOLDEN_DIR) + "/" + c.name + ".txt";
    if (update && std::string(phase) == "fresh") {
      std::ofstream(golden_path, std::ios::binary) << actual;
    }
    CHECK(actual == ReadFile(golden_path));
  }
}

TEST_CASE("the tools index the fixtures and answer the golden queries", "[e2e]") {
  TempDir dir;
  const std::string archive = dir / "archive";

  Run first = Shell(IndexCommand(archive), dir);
  CHECK(first.exit_status == 3);  // one broken JSON line was skipped
  CHECK_THAT(first.err, Catch::Contains("wire.jsonl:5:"));
  CHECK_THAT(first.err, Catch::Contains("wire.jsonl:7:") && Catch::Contains("February"));
  CHECK_THAT(first.out, Catch::Contains("10 articles read: 10 added, 0 replaced, 0 unchanged, 1 skipped"));
  CheckCases(archive, dir, "fresh");

  SECTION("indexing again changes nothing") {
    Run again = Shell(IndexCommand(archive) + " --json", dir);
    CHECK(again.exit_status == 3);
    CHECK_THAT(again.out, Catch::Contains("\"added\":0") && Catch::Contains("\"unchanged\":10"));
    Run stats = Shell(std::string(NEWSDEX_INDEX_BIN) + " stats --json -a " + Quote(archive), dir);
    CHECK_THAT(stats.out, Catch::Contains("\"articles\":10"));
    CheckCases(archive, dir, "reopened");
  }
}

TEST_CASE("an archive recovered from a crash between commit steps answers the same", "[e2e]") {
  for (const char* fault : {"after-store", "after-xapian"}) {
    INFO("crash " << fault);
    TempDir dir;
    const std::string archive = dir / "archive";
    Run crashed = Shell("NEWSDEX_FAULT=" + std::string(fault) + " " + IndexCommand(archive), dir);
    REQUIRE(crashed.exit_status == 86);
    // Any writer open recovers; stats is the lightest.
    Run stats = Shell(std::string(NEWSDEX_INDEX_BIN) + " stats --json -a " + Quote(archive), dir);
    REQUIRE(stats.exit_status == 0);
    CHECK_THAT(stats.out, Catch::Contains("\"articles\":10") && Catch::Contains("\"generation\":1"));
    CheckCases(archive, dir, "recovered");
  }
}

TEST_CASE("command-line errors are one line with the documented exit status", "[e2e]") {
  TempDir dir;
  const std::string archive = dir / "archive";
  REQUIRE(Shell(IndexCommand(archive), dir).exit_status == 3);
  const std::string search = std::string(NEWSDEX_SEARCH_BIN) + " -a " + Quote(archive) + " ";
  struct Row { std::string args; int status; const char* message; };
  const Row rows[] = {
      {"'foo:bar'", 2, "column 1: unknown field 'foo:'"},
      {"'\"belt and'", 2, "column 1"},
      {"'putin AND'", 2, "column"},
      {"'date:2023-02-31'", 2, "February"},
      {"--sort sideways putin", 1, "--sort must be"},
      {"--recency 0 putin", 1, "--recency must be a half-life"},
      {"--recency 30 --sort newest putin", 1, "cannot be used with --sort newest"},
      {"--as-of someday putin", 1, "--as-of must be a date"},
      {"'date:last-0-days'", 2, "not a date: 'last-0-days'"},
      {"'mentions:2023-13'", 2, "month 13 does not exist"},
      {"--no-such-flag putin", 1, "Try 'newsdex-search --help'"},
      {"--facets colour putin", 2, "unknown facet 'colour'"},
      {"--ids --facets topic putin", 1, "add --json to see --facets"},
  };
  for (const Row& row : rows) {
    INFO(row.args);
    Run run = Shell(search + row.args, dir);
    CHECK(run.exit_status == row.status);
    CHECK_THAT(run.err, Catch::Contains(row.message));
    CHECK(run.out.empty());
  }
  const std::string names = std::string(NEWSDEX_SEARCH_BIN) + " names -a " + Quote(archive) + " ";
  // The word "names" quoted as a phrase is a search, not the subcommand.
  Run phrase = Shell(search + "'\"names\"' --json", dir);
  CHECK(phrase.exit_status == 0);
  CHECK_THAT(phrase.out, Catch::Contains("\"type\":\"summary\""));
  for (const Row& row : {Row{"--kind planet putin", 2, "unknown kind 'planet'"},
                         Row{"--cooccur 'foo:bar'", 2, "column 1: unknown field 'foo:'"},
                         Row{"--no-such-flag", 1, "Try 'newsdex-search --help'"}}) {
    INFO("names " << row.args);
    Run run = Shell(names + row.args, dir);
    CHECK(run.exit_status == row.status);
    CHECK_THAT(run.err, Catch::Contains(row.message));
    CHECK(run.out.empty());
  }
  Run missing = Shell(std::string(NEWSDEX_SEARCH_BIN) + " -a " + Quote(dir / "nothing") + " x", dir);
  CHECK(missing.exit_status == 4);  // no archive there
  CHECK_THAT(missing.err, Catch::Contains("NotFound: no archive at"));
  for (const char* tool : {NEWSDEX_INDEX_BIN, NEWSDEX_SEARCH_BIN}) {
    Run version = Shell(std::string(tool) + " --version", dir);
    CHECK(version.exit_status == 0);
    CHECK_THAT(version.out, Catch::StartsWith("newsdex-"));
    Run help = Shell(std::string(tool) + " --help", dir);
    CHECK(help.exit_status == 0);
    CHECK_THAT(help.out, Catch::Contains("Examples:"));
  }
  Run no_paths = Shell(std::string(NEWSDEX_INDEX_BIN) + " -a " + Quote(archive), dir);
  CHECK(no_paths.exit_status == 1);
  const std::string index = std::string(NEWSDEX_INDEX_BIN) + " -a " + Quote(archive) + " ";
  for (const Row& row : {Row{"--max-memory 100M x.txt", 1, "--max-memory: the memory limit must be at least 256M"},
                         Row{"--max-memory lots x.txt", 1, "--max-memory must be a size"},
                         Row{"--threads 0 x.txt", 1, "--threads must be between 1 and 256"}}) {
    INFO("newsdex-index " << row.args);
    Run run = Shell(index + row.args, dir);
    CHECK(run.exit_status == row.status);
    CHECK_THAT(run.err, Catch::Contains(row.message));
  }
  Run bad_path = Shell(std::string(NEWSDEX_INDEX_BIN) + " -a " + Quote(archive) + " /no/such/file", dir);
  CHECK(bad_path.exit_status == 4);  // a named file is missing
  CHECK_THAT(bad_path.err, Catch::Contains("/no/such/file"));
}

TEST_CASE("newsdex-search --ids prints the hits' ids alone, one per line, or as short JSON hits", "[e2e]") {
  TempDir dir;
  const std::string archive = dir / "archive";
  REQUIRE(Shell(IndexCommand(archive), dir).exit_status == 3);
  const std::string search = std::string(NEWSDEX_SEARCH_BIN) + " -a " + Quote(archive) + " ";
  Run full = Shell(search + "--json -n 5 oil", dir);
  REQUIRE(full.exit_status == 0);
  std::vector<std::string> expected;
  std::istringstream full_lines(full.out);
  for (std::string line; std::getline(full_lines, line);) {
    const nlohmann::json hit = nlohmann::json::parse(line);
    if (hit["type"] == "hit") expected.push_back(hit["id"].get<std::string>() + "\n");
  }
  REQUIRE(expected.size() >= 2);
  Run ids = Shell(search + "--ids -n 5 oil", dir);
  CHECK(ids.exit_status == 0);
  CHECK(ids.out == std::accumulate(expected.begin(), expected.end(), std::string()));
  Run json = Shell(search + "--ids --json -n 5 --facets topic oil", dir);
  CHECK(json.exit_status == 0);
  std::istringstream json_lines(json.out);
  std::size_t hits = 0;
  for (std::string line; std::getline(json_lines, line);) {
    const nlohmann::json object = nlohmann::json::parse(line);
    if (object["type"] == "summary") {
      CHECK(object.contains("facets"));
      continue;
    }
    std::vector<std::string> keys;
    for (const auto& item : object.items()) keys.push_back(item.key());
    CHECK(keys == std::vector<std::string>{"id", "rank", "score", "type"});  // sorted
    CHECK(object["id"].get<std::string>() + "\n" == expected.at(hits++));
  }
  CHECK(hits == expected.size());
}

TEST_CASE("newsdex-search --queries answers each line as its own search would", "[e2e]") {
  TempDir dir;
  const std::string archive = dir / "archive";
  REQUIRE(Shell(IndexCommand(archive), dir).exit_status == 3);
  const std::string search = std::string(NEWSDEX_SEARCH_BIN) + " -a " + Quote(archive) + " ";
  const std::string file = dir / "questions.txt";
  std::ofstream(file) << "putin\n\n  \n\"belt and\ntopic:crude --sort\r\n";
  const std::vector<std::string> good = {"putin", "topic:crude --sort"};

  // JSON: each good line's hits and summary, as separate runs print them, in order.
  Run batch = Shell(search + "--json -n 3 --facets topic --queries " + Quote(file), dir);
  CHECK(batch.exit_status == 2);  // the unclosed phrase, reported with its line
  CHECK_THAT(batch.err, Catch::Contains("questions.txt:4: bad query: column 1"));
  std::string expected;
  for (const std::string& query : good) {
    Run one = Shell(search + "--json -n 3 --facets topic " + Quote(query), dir);
    REQUIRE(one.exit_status == 0);
    expected += one.out;
  }
  CHECK(Mask(batch.out) == Mask(expected));
  CHECK(expected.find("\"query\":\"topic:crude --sort\"") != std::string::npos);

  // Text: each query's output after a "# QUERY" line; stdin with "-".
  Run ids = Shell("cat " + Quote(file) + " | " + search + "--ids --queries -", dir);
  CHECK(ids.exit_status == 2);
  std::string ids_expected;
  for (const std::string& query : good) {
    ids_expected += "# " + query + "\n" + Shell(search + "--ids " + Quote(query), dir).out;
  }
  CHECK(ids.out == ids_expected);
  CHECK(std::count(ids.out.begin(), ids.out.end(), '\n') > 4);

  Run both = Shell(search + "putin --queries " + Quote(file), dir);
  CHECK(both.exit_status == 1);
  CHECK_THAT(both.err, Catch::Contains("not both"));
  Run missing = Shell(search + "--queries " + Quote(dir / "none.txt"), dir);
  CHECK(missing.exit_status == 1);
  CHECK_THAT(missing.err, Catch::Contains("cannot read"));
}

TEST_CASE("add --compact and compact leave a smaller index that answers the same", "[e2e]") {
  TempDir dir;
  const std::string plain = dir / "plain", compacted = dir / "compacted";
  REQUIRE(Shell(IndexCommand(plain), dir).exit_status == 3);
  Run bulk = Shell(IndexCommand(compacted) + " --compact --json", dir);
  CHECK(bulk.exit_status == 3);
  const nlohmann::json summary = nlohmann::json::parse(bulk.out);
  CHECK(summary["compaction"]["bytes_after"].get<std::uint64_t>() <
        summary["compaction"]["bytes_before"].get<std::uint64_t>());
  // A first load: written as one shard per core (2 to 4), merged into one at the end.
  CHECK(summary["compaction"]["shards_before"].get<unsigned>() >= 2);
  CHECK(summary["compaction"]["shards_after"] == 1);
  auto answer = [&](const std::string& archive, const char* query) {
    const std::string search = std::string(NEWSDEX_SEARCH_BIN) + " --json " + query + " -a ";
    return std::regex_replace(Shell(search + Quote(archive), dir).out,
                              std::regex(R"("elapsed_ms":[0-9.e+-]+)"), "");
  };
  for (const char* query : {"oil", "'person:volcker OR place:china'", "'\"central bank\"'"}) {
    INFO(query);
    CHECK(answer(compacted, query) == answer(plain, query));
  }
  CHECK_THAT(answer(plain, "oil"), Catch::Contains("\"type\":\"hit\""));
  // A later load keeps the archive's one shard; shards asked for are kept as asked.
  Run later = Shell(IndexCommand(compacted) + " --compact --json", dir);
  CHECK(later.exit_status == 3);
  CHECK(nlohmann::json::parse(later.out)["compaction"]["shards_before"] == 1);
  Run asked = Shell(IndexCommand(dir / "three") + " --compact --shards 3 --json", dir);
  CHECK(asked.exit_status == 3);
  CHECK(nlohmann::json::parse(asked.out)["compaction"]["shards_after"] == 3);
  // A first load that fails half-way keeps its shards, and says how to merge them.
  const std::string stopped = dir / "stopped";
  Run failed = Shell(IndexCommand(stopped) + " --compact " + Quote(dir / "missing.jsonl"), dir);
  CHECK(failed.exit_status != 0);
  CHECK_THAT(failed.err, Catch::Contains("compact -a " + stopped + " --merge makes them one"));
  const std::string index = std::string(NEWSDEX_INDEX_BIN);
  Run kept = Shell(index + " stats --json -a " + Quote(stopped), dir);
  CHECK(nlohmann::json::parse(kept.out)["index_shards"].get<unsigned>() >= 2);
  CHECK(nlohmann::json::parse(kept.out)["articles"].get<unsigned>() > 0);
  CHECK(Shell(index + " compact -a " + Quote(stopped) + " --merge", dir).exit_status == 0);
  Run again = Shell(std::string(NEWSDEX_INDEX_BIN) + " compact -a " + Quote(plain), dir);
  CHECK(again.exit_status == 0);
  CHECK_THAT(again.out, Catch::StartsWith("compacted the index: "));
  CHECK(Shell(std::string(NEWSDEX_INDEX_BIN) + " check -a " + Quote(plain), dir).exit_status == 0);
  Run missing = Shell(std::string(NEWSDEX_INDEX_BIN) + " compact -a " + Quote(dir / "none"), dir);
  CHECK(missing.exit_status == 4);
}

TEST_CASE("an archive made with --shards answers as one of a single index", "[e2e]") {
  TempDir dir;
  const std::string single = dir / "single", sharded = dir / "sharded";
  REQUIRE(Shell(IndexCommand(single), dir).exit_status == 3);
  REQUIRE(Shell(IndexCommand(sharded) + " --shards 3", dir).exit_status == 3);
  auto ids = [&](const std::string& archive, const char* query) {
    Run run = Shell(std::string(NEWSDEX_SEARCH_BIN) + " --ids -n 100 " + query + " -a " +
                        Quote(archive), dir);
    std::istringstream lines(run.out);
    std::set<std::string> found;  // tied hits may come in another order
    for (std::string line; std::getline(lines, line);) found.insert(line);
    return found;
  };
  for (const char* query : {"oil", "'person:volcker OR place:china'", "'\"finance minister\"'", "topic:crude"}) {
    INFO(query);
    CHECK(ids(sharded, query) == ids(single, query));
    CHECK_FALSE(ids(single, query).empty());
  }
  const std::string index = std::string(NEWSDEX_INDEX_BIN);
  Run stats = Shell(index + " stats --json -a " + Quote(sharded), dir);
  CHECK(nlohmann::json::parse(stats.out)["index_shards"] == 3);
  CHECK(Shell(index + " check -a " + Quote(sharded), dir).exit_status == 0);
  // The count is the archive's: another one is refused, none keeps it.
  Run other = Shell(IndexCommand(sharded) + " --shards 2", dir);
  CHECK(other.exit_status == 8);
  CHECK_THAT(other.err, Catch::Contains("has 3 shard(s), not 2"));
  CHECK(Shell(IndexCommand(sharded), dir).exit_status == 3);
  // Merged into one shard, as after a bulk load: the same answers.
  Run merge = Shell(index + " compact --merge -a " + Quote(sharded), dir);
  CHECK(merge.exit_status == 0);
  CHECK_THAT(merge.out, Catch::EndsWith("(3 shards merged into 1)\n"));
  stats = Shell(index + " stats --json -a " + Quote(sharded), dir);
  CHECK(nlohmann::json::parse(stats.out)["index_shards"] == 1);
  CHECK(ids(sharded, "oil") == ids(single, "oil"));
  CHECK(Shell(IndexCommand(dir / "zero") + " --shards 0", dir).exit_status == 1);
  CHECK(Shell(IndexCommand(dir / "many") + " --shards 65", dir).exit_status == 1);
}

TEST_CASE("an archive whose schema keeps no word positions answers words, refuses phrases",
          "[e2e]") {
  TempDir dir;
  const std::string positional = dir / "positional", plain = dir / "plain";
  const std::string schema = dir / "no-positions.toml";
  std::ofstream(schema) << testing::TomlWithoutPositions();
  REQUIRE(Shell(IndexCommand(positional), dir).exit_status == 3);
  REQUIRE(Shell(IndexCommand(plain) + " --schema " + Quote(schema), dir).exit_status == 3);
  auto search = [&](const std::string& archive, const std::string& query) {
    return Shell(std::string(NEWSDEX_SEARCH_BIN) + " --ids -n 100 -a " + Quote(archive) + " " +
                     Quote(query), dir);
  };
  for (const char* query : {"oil", "putin xi", "person:volcker OR place:china", "topic:crude",
                            "well-known"}) {
    INFO(query);
    Run with = search(positional, query);
    CHECK(search(plain, query).out == with.out);
    CHECK_FALSE(with.out.empty());
  }
  for (const char* query : {"\"finance minister\"", "putin NEAR/3 xi"}) {
    INFO(query);
    Run refused = search(plain, query);
    CHECK(refused.exit_status == 2);
    CHECK_THAT(refused.err, Catch::Contains("needs word positions"));
    CHECK(search(positional, query).exit_status == 0);
  }
  auto index_bytes = [&](const std::string& archive) {
    Run stats = Shell(std::string(NEWSDEX_INDEX_BIN) + " stats --json -a " + Quote(archive), dir);
    return nlohmann::json::parse(stats.out)["index_bytes"].get<std::uint64_t>();
  };
  CHECK(index_bytes(plain) < index_bytes(positional));
  const std::string stats = std::string(NEWSDEX_INDEX_BIN) + " stats ";
  CHECK_THAT(Shell(stats + "-a " + Quote(plain), dir).out,
             Catch::Contains("1 shard, no word positions)"));
  CHECK_THAT(Shell(stats + "-a " + Quote(positional), dir).out, !Catch::Contains("positions"));
  const Run json = Shell(stats + "--json -a " + Quote(plain), dir);
  CHECK(nlohmann::json::parse(json.out)["word_positions"] == false);
}

TEST_CASE("delete removes articles and reports unknown ids", "[e2e]") {
  TempDir dir;
  const std::string archive = dir / "archive";
  REQUIRE(Shell(IndexCommand(archive), dir).exit_status == 3);
  Run del = Shell(std::string(NEWSDEX_INDEX_BIN) + " delete -a " + Quote(archive) +
                      " e2e-001 95002 no-such-id", dir);
  CHECK(del.exit_status == 3);
  CHECK_THAT(del.out, Catch::Contains("deleted 2 articles"));
  CHECK_THAT(del.err, Catch::Contains("no-such-id"));
  Run stats = Shell(std::string(NEWSDEX_INDEX_BIN) + " stats --json -a " + Quote(archive), dir);
  CHECK_THAT(stats.out, Catch::Contains("\"articles\":8"));
  Run search = Shell(std::string(NEWSDEX_SEARCH_BIN) + " -a " + Quote(archive) + " id:e2e-001 --json", dir);
  CHECK_THAT(search.out, Catch::Contains("\"total\":0"));
}

TEST_CASE("check reports a healthy or damaged archive with its exit status; --repair mends it",
          "[e2e]") {
  TempDir dir;
  const std::string archive = dir / "archive";
  REQUIRE(Shell(IndexCommand(archive), dir).exit_status == 3);
  const std::string check = std::string(NEWSDEX_INDEX_BIN) + " check -a " + Quote(archive);
  Run healthy = Shell(check, dir);
  CHECK(healthy.exit_status == 0);
  CHECK_THAT(healthy.out, Catch::StartsWith("archive OK: 10 articles, generation 1, Xapian and store agree"));
  {
    Xapian::WritableDatabase db(archive + "/xapian", Xapian::DB_OPEN);
    db.delete_document("Qe2e-001");
    db.commit();
  }
  Run damaged = Shell(check + " --json", dir);
  CHECK(damaged.exit_status == 9);
  const nlohmann::json report = nlohmann::json::parse(damaged.out);
  CHECK(report["healthy"] == false);
  CHECK(report["findings"][0]["code"] == "missing-from-index");
  CHECK(report["findings"][0]["examples"] == nlohmann::json::array({"e2e-001"}));
  Run text = Shell(check, dir);
  CHECK(text.exit_status == 9);
  CHECK_THAT(text.out, Catch::Contains("missing-from-index") && Catch::Contains("e2e-001"));
  Run repair = Shell(check + " --repair", dir);
  CHECK(repair.exit_status == 0);
  CHECK_THAT(repair.out, Catch::Contains("replayed 1 article") && Catch::Contains("archive OK"));
  Run search = Shell(std::string(NEWSDEX_SEARCH_BIN) + " -a " + Quote(archive) + " id:e2e-001 --json", dir);
  CHECK_THAT(search.out, Catch::Contains("\"total\":1"));
  {
    // A writer holds the archive: busy, naming its PID.
    const int fd = ::open((archive + "/LOCK").c_str(), O_RDWR);
    REQUIRE(fd >= 0);
    REQUIRE(::flock(fd, LOCK_EX) == 0);
    Run busy = Shell(check, dir);
    ::close(fd);
    CHECK(busy.exit_status == 6);
    CHECK_THAT(busy.err, Catch::Contains("busy"));
  }
  Run none = Shell(std::string(NEWSDEX_INDEX_BIN) + " check -a " + Quote(dir / "nothing"), dir);
  CHECK(none.exit_status == 4);
  CHECK_THAT(none.err, Catch::Contains("no archive at"));
}

TEST_CASE("check names damaged index tables without reading them; --repair rebuilds them",
          "[e2e]") {
  TempDir dir;
  const std::string archive = dir / "archive";
  REQUIRE(Shell(IndexCommand(archive), dir).exit_status == 3);
  const std::string postlist = archive + "/xapian/postlist.glass";
  std::filesystem::resize_file(postlist, std::filesystem::file_size(postlist) / 2);
  const std::string check = std::string(NEWSDEX_INDEX_BIN) + " check -a " + Quote(archive);
  Run damaged = Shell(check, dir);
  CHECK(damaged.exit_status == 9);
  CHECK(damaged.err.empty());
  CHECK_THAT(damaged.out, Catch::Contains("(store 10 articles, generation 1; index not read;"));
  CHECK_THAT(damaged.out, Catch::Contains("index-structure") &&
                              Catch::Contains("index-not-compared"));
  Run repair = Shell(check + " --repair", dir);
  CHECK(repair.exit_status == 0);
  CHECK_THAT(repair.out, Catch::Contains("archive OK: 10 articles"));
  Run search = Shell(std::string(NEWSDEX_SEARCH_BIN) + " -a " + Quote(archive) + " id:e2e-001 --json", dir);
  CHECK_THAT(search.out, Catch::Contains("\"total\":1"));
}

TEST_CASE("an alias table applies to an archive from the command line", "[e2e]") {
  TempDir dir;
  const std::string archive = dir / "archive";
  REQUIRE(Shell(IndexCommand(archive), dir).exit_status == 3);
  const std::string index = std::string(NEWSDEX_INDEX_BIN) + " aliases -a " + Quote(archive) + " ";
  const std::string search = std::string(NEWSDEX_SEARCH_BIN) + " -a " + Quote(archive) +
                             " --json --limit 100 ";
  auto ids = [&](const std::string& query) {
    Run run = Shell(search + Quote(query), dir);
    REQUIRE(run.exit_status == 0);
    std::set<std::string> found;
    const std::regex id(R"re("type":"hit","rank":[0-9]+,"id":"([^"]+)")re");
    for (std::sregex_iterator it(run.out.begin(), run.out.end(), id), end; it != end; ++it) {
      found.insert((*it)[1].str());
    }
    return found;
  };
  // Before: the fixtures' "Gazprom" is its own organisation.
  const std::set<std::string> gazprom = ids("org:gazprom");
  REQUIRE_FALSE(gazprom.empty());
  CHECK(ids("org:\"gas giant\"").empty());
  std::ofstream(dir / "aliases.toml") << "[[entity]]\nkind = \"org\"\nname = \"Gas Giant\"\n"
                                         "aliases = [\"Gazprom\"]\n";
  Run applied = Shell(index + Quote(dir / "aliases.toml"), dir);
  CHECK(applied.exit_status == 0);
  CHECK_THAT(applied.out, Catch::Contains("re-linked"));
  // After: the same articles are found under the merged name, with no source re-read.
  CHECK(ids("org:\"gas giant\"") == gazprom);
  CHECK(ids("org:gazprom") == gazprom);
  Run shown = Shell(index + "--show", dir);
  CHECK(shown.exit_status == 0);
  CHECK_THAT(shown.out, Catch::Contains("Gas Giant"));
  // A broken table is refused with its line, and the archive keeps the last one.
  std::ofstream(dir / "broken.toml") << "[[entity]]\nkind = \"planet\"\nname = \"Mars\"\n";
  Run broken = Shell(index + Quote(dir / "broken.toml"), dir);
  CHECK(broken.exit_status == 2);
  CHECK_THAT(broken.err, Catch::Contains("line 2"));
  CHECK(ids("org:\"gas giant\"") == gazprom);
  // Re-analysing every stored article keeps the table's links.
  Run reindex = Shell(std::string(NEWSDEX_INDEX_BIN) + " reindex -a " + Quote(archive), dir);
  CHECK(reindex.exit_status == 0);
  CHECK_THAT(reindex.out, Catch::Contains("re-analysed 10 articles"));
  CHECK(ids("org:\"gas giant\"") == gazprom);
  // Removing the entry from the table undoes it.
  std::ofstream(dir / "empty.toml") << "# no corrections\n";
  CHECK(Shell(index + Quote(dir / "empty.toml"), dir).exit_status == 0);
  CHECK(ids("org:\"gas giant\"").empty());
  CHECK(ids("org:gazprom") == gazprom);
}

// The "period" objects and the summary of `timeline ... --json` output.
struct TimelineJson {
  std::vector<nlohmann::json> periods;
  nlohmann::json summary;
};

TimelineJson ParseTimelineJson(const std::string& out) {
  TimelineJson parsed;
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);) {
    nlohmann::json object = nlohmann::json::parse(line);
    if (object["type"] == "period") parsed.periods.push_back(object);
    else parsed.summary = object;
  }
  return parsed;
}

TEST_CASE("timeline counts the matches per period, as a chart, JSON, CSV and SVG", "[e2e]") {
  TempDir dir;
  const std::string archive = dir / "archive";
  REQUIRE(Shell(IndexCommand(archive), dir).exit_status == 3);
  const std::string timeline = SearchCommand(archive, "timeline ");

  for (const char* args : {"'' --by month", "'' --by year", "putin --by day", "putin --by week"}) {
    INFO("timeline " << args);
    Run run = Shell(timeline + args + " --json", dir);
    REQUIRE(run.exit_status == 0);
    const TimelineJson json = ParseTimelineJson(run.out);
    REQUIRE(json.summary["type"] == "summary");
    std::uint64_t sum = 0;
    for (const nlohmann::json& period : json.periods) sum += period["count"].get<std::uint64_t>();
    CHECK(json.summary["total"].get<std::uint64_t>() > 0);
    CHECK(sum == json.summary["total"].get<std::uint64_t>() -
                     json.summary["undated"].get<std::uint64_t>());
    CHECK(json.summary["periods"] == json.periods.size());
  }
  // Every article of the archive, by month: the counts add up to all ten.
  const TimelineJson all = ParseTimelineJson(Shell(timeline + "'' --json", dir).out);
  CHECK(all.summary["total"] == 10);
  CHECK(all.summary["by"] == "month");
  CHECK(all.summary["dates"] == "published");

  Run csv = Shell(timeline + "putin --by day --csv", dir);
  CHECK(csv.exit_status == 0);
  CHECK_THAT(csv.out, Catch::StartsWith("period,start,count\n"));
  Run normalized = Shell(timeline + "putin --by day --csv --normalize", dir);
  CHECK_THAT(normalized.out, Catch::StartsWith("period,start,count,all,share\n"));

  const std::string svg_path = dir / "putin chart.svg";
  Run svg = Shell(timeline + "putin --by day --svg " + Quote(svg_path), dir);
  CHECK(svg.exit_status == 0);
  CHECK(svg.err == "newsdex-search: wrote " + svg_path + "\n");
  CHECK_THAT(svg.out, Catch::StartsWith("Articles matching \"putin\", per day of publication\n"));
  tinyxml2::XMLDocument doc;
  REQUIRE(doc.LoadFile(svg_path.c_str()) == tinyxml2::XML_SUCCESS);
  REQUIRE(std::string(doc.RootElement()->Name()) == "svg");
  std::size_t bars = 0;
  const auto* group = doc.RootElement()->FirstChildElement("g");
  for (; group != nullptr; group = group->NextSiblingElement("g")) {
    if (std::string(group->Attribute("class")) != "bars") continue;
    for (const auto* bar = group->FirstChildElement("rect"); bar; bar = bar->NextSiblingElement()) {
      ++bars;
    }
  }
  const TimelineJson days = ParseTimelineJson(Shell(timeline + "putin --by day --json", dir).out);
  CHECK(bars == days.periods.size());
}

TEST_CASE("timeline errors are one line with the documented exit status", "[e2e]") {
  TempDir dir;
  const std::string archive = dir / "archive";
  REQUIRE(Shell(IndexCommand(archive), dir).exit_status == 3);
  struct Row { std::string args; int status; std::string message; };
  const Row rows[] = {
      {"putin --by fortnight", 1, "--by must be day, week, month or year, not 'fortnight'"},
      {"putin --json --csv", 1, "--json and --csv cannot be used together"},
      {"putin --as-of yesterday", 1, "--as-of must be a date such as 2008-09-15"},
      {"putin --as-of 2023-02-31", 1, "'2023-02-31'"},
      {"putin --color purple", 1, "--color must be"},
      {"putin --no-such-flag", 1, "Try 'newsdex-search --help'"},
      {"'foo:bar'", 2, "bad query: column 1: unknown field 'foo:'"},
      {"'putin AND'", 2, "bad query: "},
      {"putin --svg " + Quote(dir / "no/such/folder/chart.svg"), 2,
       "newsdex-search: IOError: " + (dir / "no/such/folder/chart.svg")},
  };
  for (const Row& row : rows) {
    INFO("timeline " << row.args);
    Run run = Shell(SearchCommand(archive, "timeline " + row.args), dir);
    CHECK(run.exit_status == row.status);
    CHECK_THAT(run.err, Catch::Contains(row.message));
    CHECK(std::count(run.err.begin(), run.err.end(), '\n') <= 2);  // the error, and "Try ..."
    CHECK(run.out.empty());
  }
  // The word "timeline" quoted as a phrase is a search, not the subcommand.
  Run phrase = Shell(SearchCommand(archive, "'\"timeline\"' --json"), dir);
  CHECK(phrase.exit_status == 0);
  CHECK_THAT(phrase.out, Catch::Contains(R"("type":"summary")") &&
                             Catch::Contains(R"("query":"\"timeline\"")"));
  Run help = Shell(SearchCommand(archive, "timeline --help"), dir);
  CHECK(help.exit_status == 0);
  CHECK_THAT(help.out, Catch::Contains("--mentions") && Catch::Contains("Examples:"));
  Run main_help = Shell(std::string(NEWSDEX_SEARCH_BIN) + " --help", dir);
  CHECK_THAT(main_help.out,
             Catch::Contains("timeline 'berlin wall' --mentions --by year --svg wall.svg"));
}

TEST_CASE("terms and trends errors are one line with the documented exit status", "[e2e]") {
  TempDir dir;
  const std::string archive = dir / "archive";
  REQUIRE(Shell(IndexCommand(archive), dir).exit_status == 3);
  struct Row { std::string args; int status; std::string message; };
  const Row rows[] = {
      {"terms", 1, "terms needs a QUERY"},
      {"terms putin --limit 0", 1, "--limit and --sample must be at least 1"},
      {"terms putin --sample 0", 1, "--limit and --sample must be at least 1"},
      {"terms putin --as-of yesterday", 1, "--as-of must be a date"},
      {"terms putin --color purple", 1, "--color must be"},
      {"terms putin --no-such-flag", 1, "Try 'newsdex-search --help'"},
      {"terms 'foo:bar'", 2, "bad query: column 1: unknown field 'foo:'"},
      {"trends --by fortnight", 1, "--by must be day, week, month or year, not 'fortnight'"},
      {"trends --window 0", 1, "--window must be at least 1 period"},
      {"trends --top many", 1, "Try 'newsdex-search --help'"},
      {"trends --json --csv", 1, "--json and --csv cannot be used together"},
      {"trends 'putin AND'", 2, "bad query: "},
  };
  for (const Row& row : rows) {
    INFO(row.args);
    Run run = Shell(SearchCommand(archive, row.args), dir);
    CHECK(run.exit_status == row.status);
    CHECK_THAT(run.err, Catch::Contains(row.message));
    CHECK(std::count(run.err.begin(), run.err.end(), '\n') <= 2);  // the error, and "Try ..."
    CHECK(run.out.empty());
  }
  for (const char* command : {"terms", "trends"}) {
    Run help = Shell(SearchCommand(archive, std::string(command) + " --help"), dir);
    CHECK(help.exit_status == 0);
    CHECK_THAT(help.out, Catch::Contains("Examples:") &&
                             Catch::Contains("newsdex-search -a news " + std::string(command)));
  }
  Run csv = Shell(SearchCommand(archive, "trends --by day --window 1 --min-count 1 --csv"), dir);
  CHECK(csv.exit_status == 0);
  CHECK_THAT(csv.out, Catch::StartsWith("period,start,articles,topic,count,baseline,score,partial\n"));
  // The query each term row ends with finds the articles the term was counted in.
  Run terms = Shell(SearchCommand(archive, "terms topic:diplomacy --json"), dir);
  REQUIRE(terms.exit_status == 0);
  std::istringstream lines(terms.out);
  std::size_t checked = 0;
  for (std::string line; std::getline(lines, line);) {
    const nlohmann::json term = nlohmann::json::parse(line);
    if (term["type"] != "term") continue;
    INFO(line);
    Run found = Shell(SearchCommand(archive, Quote(term["query"].get<std::string>() +
                                                   " topic:diplomacy") + " --json --limit 0 --exact"), dir);
    REQUIRE(found.exit_status == 0);
    CHECK_THAT(found.out, Catch::Contains("\"total\":" + std::to_string(term["articles"].get<int>()) + ","));
    ++checked;
  }
  CHECK(checked > 0);
}

}  // namespace
}  // namespace newsdex
