// KnownNames: the names an archive has taught the recogniser (common/text/names.h).
#include <algorithm>

#include "common/text/names.h"

namespace newsdex::text {

std::string KnownNames::TaughtWord(EntityKind kind, const std::string& key) {
  std::string word;
  if (kind == EntityKind::kPerson && key.find(' ') != std::string::npos) {
    word = key.substr(key.rfind(' ') + 1);
  } else if (kind == EntityKind::kOrg && key.find(' ') == std::string::npos) {
    word = key;
  }
  return word.size() < 3 ? std::string() : word;
}

void KnownNames::LessonsOf(const ArticleNames& names, std::vector<Lesson>* lessons) {
  // Each article teaches a word once: full names of people teach their surname,
  // one-word organisations their name. Nothing is learned from what was looked up.
  const std::size_t first = lessons->size();
  for (const NameMention& m : names.mentions) {
    if (m.cue == NameCue::kKnown || m.cue == NameCue::kReference) continue;
    const ArticleEntity& e = names.entities[m.entity];
    if (e.kind == EntityKind::kOrg && m.words != 1) continue;
    std::string word = TaughtWord(e.kind, e.kind == EntityKind::kOrg ? m.key : e.key);
    if (word.empty()) continue;
    const bool taught = std::any_of(lessons->begin() + static_cast<std::ptrdiff_t>(first), lessons->end(),
                                    [&](const Lesson& l) { return l.word == word && l.key == e.key; });
    if (!taught) lessons->push_back(Lesson{e.kind, e.key, e.name, std::move(word)});
  }
}

void KnownNames::Learn(const ArticleNames& names) {
  std::vector<Lesson> lessons;
  LessonsOf(names, &lessons);
  Learn(lessons);
}

void KnownNames::Learn(const std::vector<Lesson>& lessons) {
  for (const Lesson& l : lessons) {
    if (words_.size() >= kMaxWords && words_.count(l.word) == 0) continue;
    Teach(l.kind, l.key, l.name, l.word, 1);
    lessons_.emplace_back(l.word, EntityIndex(l.kind, l.key, l.name));
  }
}

bool KnownNames::Answers(const KnownLookup& asked) const {
  const Known* known = Lookup(asked.word);
  if (known == nullptr) return !asked.found;
  return asked.found && known->kind == asked.kind && known->key == asked.key && known->name == asked.name;
}

void KnownNames::ForgetLessons() {
  for (const auto& lesson : lessons_) {
    auto found = words_.find(lesson.first);
    if (found == words_.end()) continue;
    auto& counts = found->second.counts;
    const std::uint32_t entity = lesson.second;
    auto it = std::find_if(counts.begin(), counts.end(),
                           [&](const auto& c) { return c.first == entity; });
    if (it == counts.end()) continue;
    if (--it->second == 0) counts.erase(it);
    if (counts.empty()) words_.erase(found);
  }
  lessons_.clear();
}

std::uint32_t KnownNames::EntityIndex(EntityKind kind, const std::string& key,
                                      const std::string& name) {
  std::string kinded(1, static_cast<char>('0' + static_cast<int>(kind)));
  kinded += key;
  auto [entity, added] = entity_index_.try_emplace(kinded, static_cast<std::uint32_t>(entities_.size()));
  if (added) entities_.push_back(Known{kind, key, name});
  return entity->second;
}

void KnownNames::Teach(EntityKind kind, const std::string& key, const std::string& name,
                       const std::string& word, std::uint32_t articles) {
  if (words_.size() >= kMaxWords && words_.count(word) == 0) return;
  const std::uint32_t entity = EntityIndex(kind, key, name);
  auto& counts = words_[word].counts;
  auto it = std::find_if(counts.begin(), counts.end(),
                         [&](const auto& c) { return c.first == entity; });
  if (it == counts.end()) {
    counts.emplace_back(entity, articles);
  } else {
    it->second += articles;
  }
}

void KnownNames::Set(EntityKind kind, const std::string& key, const std::string& name,
                     const std::string& word, std::uint32_t articles) {
  if (articles > 0 && words_.size() >= kMaxWords && words_.count(word) == 0) return;
  const std::uint32_t entity = EntityIndex(kind, key, name);
  entities_[entity].name = name;
  auto found = words_.find(word);
  if (found == words_.end()) {
    if (articles > 0) words_[word].counts.emplace_back(entity, articles);
    return;
  }
  auto& counts = found->second.counts;
  auto it = std::find_if(counts.begin(), counts.end(),
                         [&](const auto& c) { return c.first == entity; });
  if (it != counts.end() && articles > 0) {
    it->second = articles;
  } else if (it != counts.end()) {
    counts.erase(it);
    if (counts.empty()) words_.erase(found);
  } else if (articles > 0) {
    counts.emplace_back(entity, articles);
  }
}

const KnownNames::Known* KnownNames::Lookup(std::string_view word) const {
  auto it = words_.find(std::string(word));
  if (it == words_.end()) return nullptr;
  std::uint32_t best = 0, best_count = 0, second = 0;
  for (const auto& [entity, count] : it->second.counts) {
    if (count > best_count) {
      second = best_count;
      best = entity;
      best_count = count;
    } else if (count > second) {
      second = count;
    }
  }
  if (best_count < 2 || best_count < 2 * second) return nullptr;
  return &entities_[best];
}

}  // namespace newsdex::text
