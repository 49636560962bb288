// Analyses stories the way the indexer does (see analysed_story.h).
#include "benchmarks/micro/analysed_story.h"

#include <string_view>

#include "indexer/article_indexer.h"

namespace newsdex::micro {

std::uint32_t AnalyseStory(text::Analyzer& analyzer, const Article& story, AnalysedStory* out) {
  // ArticleIndexer clears each field's tokens before analysing it.
  out->title.clear();
  out->dateline.clear();
  out->body.clear();
  const std::string_view language = story.language.empty() ? "en" : story.language;
  std::uint32_t pos = analyzer.Analyze(story.title, language, &out->title, 0);
  pos = analyzer.Analyze(story.dateline, language, &out->dateline, pos + indexer::kFieldGap);
  return analyzer.Analyze(story.body, language, &out->body, pos);
}

std::vector<text::ArticleText> TextsOf(const Article& story, const AnalysedStory& tokens) {
  return {{story.title, &tokens.title, text::TextPart::kTitle},
          {story.dateline, &tokens.dateline, text::TextPart::kDateline},
          {story.body, &tokens.body, text::TextPart::kBody}};
}

}  // namespace newsdex::micro
