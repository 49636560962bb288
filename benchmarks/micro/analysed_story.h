// AnalysedStory: the tokens of one story, analysed as ArticleIndexer::Build analyses it
// (title from position 0; dateline kFieldGap later; body straight after the dateline),
// shared by the analyzer and name recogniser benchmarks.
//
//   newsdex::micro::AnalysedStory tokens;
//   newsdex::micro::AnalyseStory(analyzer, story, &tokens);
//   recognizer.Recognize(newsdex::micro::TextsOf(story, tokens), {}, &names);
//
// Not thread-safe: use one AnalysedStory per thread.
#ifndef NEWSDEX_BENCHMARKS_MICRO_ANALYSED_STORY_H_
#define NEWSDEX_BENCHMARKS_MICRO_ANALYSED_STORY_H_

#include <cstdint>
#include <vector>

#include "common/text/analyzer.h"
#include "common/text/names.h"
#include "newsdex/document.h"

namespace newsdex::micro {

struct AnalysedStory {
  std::vector<text::Token> title, dateline, body;
};

// Replaces *out with the tokens of `story` in its language ("en" when unset). Returns
// the position after the last word.
std::uint32_t AnalyseStory(text::Analyzer& analyzer, const Article& story, AnalysedStory* out);

// The three texts of `story` with their tokens, in the order the recogniser wants them.
// Views into `story` and `tokens`: valid as long as both are.
std::vector<text::ArticleText> TextsOf(const Article& story, const AnalysedStory& tokens);

}  // namespace newsdex::micro

#endif  // NEWSDEX_BENCHMARKS_MICRO_ANALYSED_STORY_H_
