// The query set's kinds and its file (query_set.h).
#include "benchmarks/compare/query_set.h"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace newsdex::bench {
namespace {

std::vector<std::string> Split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(text);
  while (std::getline(in, part, separator)) {
    if (!part.empty()) parts.push_back(part);
  }
  return parts;
}

// The words of a word, AND, OR or phrase query: quotes and OR left out.
std::vector<std::string> WordsOf(const std::string& text) {
  std::string plain = text;
  plain.erase(std::remove(plain.begin(), plain.end(), '"'), plain.end());
  std::vector<std::string> words = Split(plain, ' ');
  words.erase(std::remove(words.begin(), words.end(), "OR"), words.end());
  return words;
}

}  // namespace

const std::vector<std::string>& QueryKinds() {
  static const std::vector<std::string> kinds = {"word", "and",  "or",    "phrase",
                                                 "name", "date", "topic", "facets"};
  return kinds;
}

bool IsSharedKind(const std::string& kind) {
  return kind == "word" || kind == "and" || kind == "or" || kind == "phrase";
}

bool SaveQueries(const std::string& path, const std::vector<BenchQuery>& queries,
                 const std::string& comment, std::string* error) {
  std::ofstream out(path);
  if (!out) {
    *error = "cannot write " + path;
    return false;
  }
  for (const std::string& line : Split(comment, '\n')) out << "# " << line << "\n";
  out << "# KIND<TAB>QUERY[<TAB>FACETS]\n";
  for (const BenchQuery& q : queries) {
    out << q.kind << '\t' << q.text;
    if (!q.facets.empty()) {
      out << '\t';
      for (std::size_t i = 0; i < q.facets.size(); ++i) out << (i ? "," : "") << q.facets[i];
    }
    out << '\n';
  }
  out.close();
  if (!out) *error = "cannot write " + path;
  return static_cast<bool>(out);
}

bool LoadQueries(const std::string& path, std::vector<BenchQuery>* queries,
                 std::string* error) {
  std::ifstream in(path);
  if (!in) {
    *error = "cannot read the query set " + path;
    return false;
  }
  queries->clear();
  int number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> columns = Split(line, '\t');
    const auto& kinds = QueryKinds();
    if (columns.size() < 2 ||
        std::find(kinds.begin(), kinds.end(), columns[0]) == kinds.end()) {
      *error = path + ":" + std::to_string(number) + ": expected KIND<TAB>QUERY";
      return false;
    }
    BenchQuery q{columns[0], columns[1], {}, {}};
    if (columns.size() > 2) q.facets = Split(columns[2], ',');
    if (IsSharedKind(q.kind)) q.words = WordsOf(q.text);
    queries->push_back(std::move(q));
  }
  if (queries->empty()) *error = "no queries in " + path;
  return !queries->empty();
}

}  // namespace newsdex::bench
