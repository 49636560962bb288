// The round-trip property of DESIGN.md section 2: any run of words cut from an indexed
// article, searched as a phrase, finds that article. Checked through the public Writer and
// Searcher on articles in Latin (English, accented Czech and Hungarian), Cyrillic
// (Russian) and Chinese script, with runs cut at random word boundaries.

#include <random>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "common/text/analyzer.h"
#include "newsdex/searcher.h"
#include "newsdex/writer.h"
#include "support/temp_dir.h"

namespace newsdex {
namespace {

struct Sample {
  const char* id;
  const char* language;
  const char* title;
  const char* body;
};

const Sample kSamples[] = {
    {"en", "en", "Ministers’ talks on the pipeline resume",
     "Energy ministers resumed talks on Tuesday about the well-known pipeline route. "
     "The company's chief executive said deliveries would rise by 12.5% next year, "
     "while analysts warned that prices could fall. \"We are ready,\" she said."},
    {"cs", "cs", "Gregorová vyhrála volby v Brně",
     "Kandidátka Katarína Gregorová získala v neděli většinu hlasů. Účast dosáhla "
     "rekordních 71,3 procenta a volební místnosti se zavíraly pozdě v noci."},
    {"hu", "hu", "Orbán Viktor Pekingben tárgyalt",
     "Orbán Viktor miniszterelnök kedden Pekingben találkozott Vlagyimir Putyinnal. "
     "A megbeszélésen az energiaszállításokról és a vasútvonalról is szó esett."},
    {"ru", "ru", "Путин прибыл в Пекин на форум",
     "Президент России Владимир Путин прибыл в Пекин для участия в третьем форуме "
     "«Один пояс, один путь». Переговоры с председателем Си Цзиньпином продлились три часа."},
    {"zh", "zh", "普京抵达北京出席一带一路论坛",
     "俄罗斯总统普京星期二抵达北京，出席第三届一带一路国际合作高峰论坛。"
     "中国国家主席习近平在人民大会堂同普京举行会谈，双方同意扩大能源合作。"},
};

TEST_CASE("a phrase cut from an indexed article finds it, in every script", "[e2e][text]") {
  testing::TempDir dir;
  const std::string archive = dir / "archive";
  {
    auto writer = Writer::Open({}, archive);
    REQUIRE(writer.ok());
    for (const Sample& s : kSamples) {
      Article a;
      a.id = s.id;
      a.language = s.language;
      a.title = s.title;
      a.body = s.body;
      REQUIRE((*writer)->Add(a).ok());
    }
    REQUIRE((*writer)->Commit().ok());
  }
  auto searcher = Searcher::Open({}, archive);
  REQUIRE(searcher.ok());

  text::Analyzer analyzer(text::AnalyzerOptions{.emit_joined = false});
  std::mt19937 random(20231017);
  int checked = 0;
  for (const Sample& s : kSamples) {
    for (const char* field : {s.title, s.body}) {
      const std::string text = field;
      std::vector<text::Token> words;
      analyzer.Analyze(text, s.language, &words);
      REQUIRE(words.size() >= 3);
      for (int trial = 0; trial < 40; ++trial) {
        const std::size_t first = random() % words.size();
        const std::size_t count = 1 + random() % std::min<std::size_t>(6, words.size() - first);
        std::string cut = text.substr(words[first].begin,
                                      words[first + count - 1].end - words[first].begin);
        // Quotes inside the run would end the phrase: they are punctuation to the index too.
        for (char& c : cut) {
          if (c == '"') c = ' ';
        }
        SearchRequest request;
        request.query = "\"" + cut + "\"";
        request.limit = 10;
        request.snippet_bytes = 0;
        auto results = (*searcher)->Search(request);
        INFO(s.id << ": " << request.query);
        REQUIRE(results.ok());
        bool found = false;
        for (const Hit& hit : results->hits) found = found || hit.id == s.id;
        CHECK(found);
        ++checked;
      }
    }
  }
  CHECK(checked == 400);
}

}  // namespace
}  // namespace newsdex
