#include "indexer/article_indexer.h"

#include <algorithm>
#include <set>

#include "common/document/article_codec.h"
#include "common/schema/document_data.h"
#include "common/schema/entity_fields.h"
#include "common/schema/terms.h"
#include "common/text/civil_date.h"
#include "common/text/publication_date.h"

namespace newsdex::indexer {
namespace {

// Cuts `text` to at most `max` bytes at a UTF-8 character boundary.
std::string_view CutUtf8(std::string_view text, std::size_t max) {
  if (text.size() <= max) return text;
  std::size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
  return text.substr(0, n);
}

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// The day, month and year terms of the published day, which date: ranges match.
void AddPublishedDay(std::int64_t published, Xapian::Document* doc) {
  const text::Ymd day = text::CivilFromDays(text::DaysOfSeconds(published));
  const auto year = static_cast<int>(day.year);
  const auto month = static_cast<int>(day.month);
  doc->add_boolean_term(YearTerm(kPublishedDates, year));
  doc->add_boolean_term(MonthTerm(kPublishedDates, year, month));
  doc->add_boolean_term(DayTerm(kPublishedDates, year, month, static_cast<int>(day.day)));
}

// Each word of a multi-word value is a term of its own under the same prefix, so that
// person:putin finds "Vladimir Putin" while person:"vladimir putin" stays exact.
void AddNameWords(std::string_view prefix, std::string_view folded, Xapian::Document* doc) {
  if (folded.find(' ') == std::string_view::npos) return;
  std::size_t start = 0;
  while (start < folded.size()) {
    std::size_t end = folded.find(' ', start);
    if (end == std::string_view::npos) end = folded.size();
    if (end > start) doc->add_boolean_term(BooleanTerm(prefix, folded.substr(start, end - start)));
    start = end + 1;
  }
}

// The days, months or years `m` covers, each passed to fn(year, month, day) with 0 for
// what is less precise than the mention. Long ranges are coarsened (kMaxMentionDays).
template <typename Fn>
void ForEachCoveredDate(const text::DateMention& m, Fn&& fn) {
  const text::CivilDate& a = m.first;
  const text::CivilDate& b = m.last;
  if (m.precision == text::DatePrecision::kDay) {
    const std::int64_t first = text::DaysFromCivil(a.year, a.month, a.day);
    const std::int64_t last = text::DaysFromCivil(b.year, b.month, b.day);
    if (last - first < kMaxMentionDays) {
      for (std::int64_t d = first; d <= last; ++d) {
        const text::Ymd ymd = text::CivilFromDays(d);
        fn(static_cast<int>(ymd.year), static_cast<int>(ymd.month), static_cast<int>(ymd.day));
      }
      return;
    }
  }
  if (m.precision != text::DatePrecision::kYear) {
    const int first = a.year * 12 + a.month - 1, last = b.year * 12 + b.month - 1;
    if (last - first < kMaxMentionMonths) {
      for (int i = first; i <= last; ++i) fn(i / 12, i % 12 + 1, 0);
      return;
    }
  }
  for (int y = a.year; y <= b.year; ++y) fn(y, 0, 0);
}

}  // namespace

ArticleIndexer::ArticleIndexer(const Schema& schema, std::string default_language,
                               std::size_t max_indexed_bytes, const text::AliasTable* aliases)
    : schema_(schema),
      default_language_(std::move(default_language)),
      max_indexed_bytes_(max_indexed_bytes),
      analyzer_(text::AnalyzerOptions{.emit_joined = true}),
      recognizer_(text::Gazetteer::Default(), aliases) {}

void ArticleIndexer::AddWord(const std::string& term, Xapian::termpos pos, unsigned wdf,
                             Xapian::Document* doc) const {
  if (schema_.word_positions()) {
    doc->add_posting(term, pos, wdf);
  } else {
    doc->add_term(term, wdf);
  }
}

std::uint32_t ArticleIndexer::IndexText(std::string_view text, std::string_view language,
                                        unsigned weight, std::string_view prefix,
                                        std::uint32_t first_position,
                                        std::vector<text::Token>* tokens, Xapian::Document* doc) {
  tokens->clear();
  const std::uint32_t next = analyzer_.Analyze(text, language, tokens, first_position);
  std::string prefixed;
  for (const text::Token& token : *tokens) {
    // Positions are 1-based in Xapian by convention (0 is allowed, but tools assume 1+).
    const Xapian::termpos pos = token.position + 1;
    AddWord(token.term, pos, weight, doc);
    if (!prefix.empty()) {
      prefixed.assign(prefix);
      prefixed += token.term;
      AddWord(prefixed, pos, 1, doc);
    }
    if (!token.exact.empty()) {
      prefixed.assign(kPrefixExact);
      prefixed += token.exact;
      doc->add_term(prefixed, 1);
    }
  }
  return next;
}

void ArticleIndexer::IndexMentions(const Article& article, std::string_view title,
                                   std::string_view body, Xapian::Document* doc,
                                   BuildReport* report) {
  mentions_.clear();
  const text::DateContext context{article.published};
  dates_.Extract(title, context, &mentions_);
  dates_.Extract(body, context, &mentions_);
  report->dates = mentions_.size();
  std::set<std::string> slot_dates;
  for (const text::DateMention& m : mentions_) {
    ForEachCoveredDate(m, [&](int y, int mo, int d) {
      doc->add_boolean_term(MentionYearTerm(y));
      if (mo != 0) doc->add_boolean_term(MentionMonthTerm(y, mo));
      if (d != 0) doc->add_boolean_term(MentionDayTerm(y, mo, d));
      slot_dates.insert(MentionSlotDate(y, mo, d));
    });
  }
  std::string list;
  for (const std::string& date : slot_dates) {
    if (!list.empty()) list += kFacetSeparator;
    list += date;
  }
  if (!list.empty()) doc->add_value(kSlotMentions, list);
}

void ArticleIndexer::IndexValues(const FieldSpec& field, const std::vector<std::string>& values,
                                 Xapian::Document* doc) {
  std::string facet_list;
  for (const std::string& value : values) {
    std::string folded = field.kind == FieldKind::kKeyword && field.name == "language"
                             ? LowerAscii(value)
                             : analyzer_.FoldValue(value);
    if (folded.empty()) continue;
    doc->add_boolean_term(BooleanTerm(field.prefix, folded));
    // Names and keywords are matched word by word too (author:gelb finds "By Michael
    // Gelb, Reuters"); topics are labels and only match whole.
    if (field.kind != FieldKind::kTopics && field.name != "language") {
      AddNameWords(field.prefix, folded, doc);
    }
    if (field.slot != kNoSlot) {
      if (!facet_list.empty()) facet_list += kFacetSeparator;
      facet_list += folded;
    }
  }
  if (!facet_list.empty()) doc->add_value(field.slot, facet_list);
}

void ArticleIndexer::IndexGivenTopics(const FieldSpec& field, const Article& article,
                                      Xapian::Document* doc, BuildReport* report) {
  std::vector<std::string> values;
  if (const std::vector<std::string>* topics = ListFieldOf(article, field.name)) values = *topics;
  if (schema_.section_is_topic() && !article.section.empty()) values.push_back(article.section);
  std::vector<std::string>& given = report->given_topics;
  given.clear();
  for (const std::string& value : values) {
    std::string folded = analyzer_.FoldValue(value);
    if (folded.empty() || std::find(given.begin(), given.end(), folded) != given.end()) continue;
    doc->add_boolean_term(BooleanTerm(kPrefixTopicGiven, folded));
    given.push_back(std::move(folded));
  }
  IndexValues(field, given, doc);
}

// Names found in the text and given by the source: one term per entity, at the
// position of each mention, weighted by where the mention is.
void ArticleIndexer::IndexNames(const Article& article, std::uint32_t body_start,
                                Xapian::Document* doc, EntityKeyLists* keys,
                                BuildReport* report) {
  asked_.clear();
  recognizer_.Recognize(texts_, {&article.people, &article.orgs, &article.places}, &names_);
  if (known_ != nullptr) known_->Learn(names_);
  if (snapshot_) {
    report->lessons.clear();
    text::KnownNames::LessonsOf(names_, &report->lessons);
    report->asked.swap(asked_);
  }
  std::vector<std::string> terms(names_.entities.size());
  for (std::size_t i = 0; i < names_.entities.size(); ++i) {
    const text::ArticleEntity& e = names_.entities[i];
    if (const FieldSpec* field = EntityField(schema_, e.kind)) terms[i] = BooleanTerm(field->prefix, e.key);
  }
  for (const text::NameMention& m : names_.mentions) {
    if (terms[m.entity].empty()) continue;
    const unsigned wdf = m.part == text::TextPart::kTitle ? 3 : m.position < body_start + text::kLedeWords ? 2 : 1;
    AddWord(terms[m.entity], m.position + 1, wdf, doc);
  }
  EntityKeyLists& facets = *keys;
  for (std::string& facet : facets) facet.clear();
  for (std::size_t i = 0; i < names_.entities.size(); ++i) {
    const text::ArticleEntity& e = names_.entities[i];
    if (terms[i].empty()) continue;
    if (e.mentions == 0) doc->add_term(terms[i], 1);
    std::string& facet = facets[static_cast<int>(e.kind)];
    if (!facet.empty()) facet += kFacetSeparator;
    facet += e.key;
  }
  for (text::EntityKind kind : text::kEntityKinds) {
    const FieldSpec* field = EntityField(schema_, kind);
    const std::string& facet = facets[static_cast<int>(kind)];
    if (field != nullptr && field->slot != kNoSlot && !facet.empty()) doc->add_value(field->slot, facet);
  }
  report->entities = std::move(names_.entities);
  names_.entities.clear();
}

Xapian::Document ArticleIndexer::Build(const Article& article, BuildReport* report) {
  Xapian::Document doc;
  doc.add_boolean_term(IdTerm(article.id));
  const std::string& language =
      article.language.empty() ? default_language_ : article.language;

  // Title first, then dateline and body, together capped at max_indexed_bytes_.
  std::size_t budget = max_indexed_bytes_;
  std::string_view title = CutUtf8(article.title, budget);
  budget -= title.size();
  std::string_view dateline = CutUtf8(article.dateline, budget);
  budget -= dateline.size();
  std::string_view body = CutUtf8(article.body, budget);
  report->truncated = title.size() < article.title.size() ||
                      dateline.size() < article.dateline.size() ||
                      body.size() < article.body.size();

  const FieldSpec* title_field = schema_.Find("title");
  const FieldSpec* body_field = schema_.Find("body");
  std::uint32_t pos =
      IndexText(title, language, title_field->weight, kPrefixTitle, 0, &title_tokens_, &doc);
  pos = IndexText(dateline, language, body_field->weight, "", pos + kFieldGap, &dateline_tokens_,
                  &doc);
  const std::uint32_t body_start = pos;
  pos = IndexText(body, language, body_field->weight, "", pos, &body_tokens_, &doc);
  report->words = pos;

  texts_ = {{title, &title_tokens_, text::TextPart::kTitle},
            {dateline, &dateline_tokens_, text::TextPart::kDateline},
            {body, &body_tokens_, text::TextPart::kBody}};
  EntityKeyLists entity_keys;
  IndexNames(article, body_start, &doc, &entity_keys, report);
  doc.set_data(article.id);
  doc.add_value(kSlotHitNames, EncodeHitNames(entity_keys));
  IndexMentions(article, title, body, &doc, report);

  for (const FieldSpec& field : schema_.fields()) {
    if (field.kind == FieldKind::kDate) {
      if (!article.published) continue;
      doc.add_value(field.slot, text::FormatSortable(*article.published));
      if (field.slot == kSlotPublished) AddPublishedDay(*article.published, &doc);
    } else if (field.kind == FieldKind::kKeyword) {
      const std::string* value = TextFieldOf(article, field.name);
      if (field.name == "language") value = &language;  // defaulted: lang: finds every article
      if (value != nullptr && !value->empty()) IndexValues(field, {*value}, &doc);
    } else if (field.kind == FieldKind::kTopics) {
      IndexGivenTopics(field, article, &doc, report);
    }
  }
  return doc;
}

}  // namespace newsdex::indexer
