#include "common/text/name_words.h"

#include <cstdint>
#include <initializer_list>
#include <vector>

namespace newsdex::text::internal {
namespace {

// A fixed set of short words: open addressing over a power-of-two table, FNV-1a hashed.
// Built once at start-up; lookups allocate nothing.
class WordSet {
 public:
  WordSet(std::initializer_list<std::string_view> words) {
    std::size_t size = 16;
    while (size < words.size() * 4) size *= 2;
    slots_.resize(size);
    for (std::string_view w : words) {
      std::size_t i = Hash(w) & (size - 1);
      while (!slots_[i].empty() && slots_[i] != w) i = (i + 1) & (size - 1);
      slots_[i] = w;
    }
  }
  bool contains(std::string_view word) const {
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = Hash(word) & mask;; i = (i + 1) & mask) {
      if (slots_[i].empty()) return false;
      if (slots_[i] == word) return true;
    }
  }

 private:
  static std::size_t Hash(std::string_view w) {
    std::uint64_t h = 1469598103934665603ull;
    for (char c : w) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    return static_cast<std::size_t>(h ^ (h >> 29));
  }
  std::vector<std::string_view> slots_;
};

template <typename... W>
WordSet Words(W... words) {
  return WordSet({std::string_view(words)...});
}

const WordSet kTitleHeads = Words(
    "president", "minister", "premier", "chancellor", "secretary", "chairman", "chairwoman",
    "chairperson", "chair", "governor", "director", "spokesman", "spokeswoman",
    "spokesperson", "ambassador", "ceo", "cfo", "coo", "officer", "mayor", "senator",
    "congressman", "congresswoman", "representative", "king", "queen", "prince", "princess",
    "emperor", "pope", "judge", "justice", "commissioner", "leader", "aide", "adviser",
    "advisor", "economist", "analyst", "envoy", "chief", "head", "dictator", "presidentelect",
    "ayatollah", "cardinal", "archbishop", "bishop", "general", "admiral", "colonel",
    "captain", "lieutenant", "sergeant", "commander", "marshal", "attorney", "counsel",
    "treasurer", "comptroller", "administrator", "superintendent", "mp", "mep", "deputy",
    "undersecretary", "executive", "founder", "owner", "coach", "manager", "striker",
    "goalkeeper", "midfielder", "defender", "skipper", "rapper", "singer", "actor",
    "actress", "author", "novelist", "professor", "shah", "sultan", "emir", "crown",
    // Russian titles, as NameKey() transliterates them.
    "prezident", "premyer", "ministr", "predsedatel", "gubernator", "mer");

const WordSet kTitleModifiers = Words(
    "prime", "foreign", "finance", "trade", "deputy", "vice", "acting", "former", "interior",
    "defence", "defense", "economy", "economic", "economics", "agriculture", "agricultural",
    "energy", "oil", "petroleum", "industry", "industries", "chief", "executive", "managing",
    "general", "attorney", "treasury", "state", "home", "health", "labour", "labor",
    "education", "justice", "transport", "transportation", "commerce", "budget", "fiscal",
    "planning", "mines", "mining", "information", "culture", "environment", "housing",
    "development", "international", "external", "internal", "senior", "assistant", "under",
    "first", "second", "grand", "supreme", "chief", "operating", "financial", "technology",
    "press", "sports", "defence", "war", "navy", "army", "air", "force", "security",
    "opposition", "shadow", "minority", "majority", "crown", "presidential",
    "communications", "tourism", "fisheries", "water",
    "power", "electricity", "telecommunications", "social", "welfare", "family", "women",
    "youth", "veterans", "science", "research", "public", "works", "land", "lands",
    "natural", "resources", "coal", "steel", "food", "supply", "supplies", "emergency",
    "relations", "affairs", "cooperation", "integration", "privatisation", "privatization");

const WordSet kHonorifics = Words(
    "mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "lord", "lady", "sen", "rep",
    "gov", "pres", "gen", "col", "lt", "capt", "cmdr", "adm", "rev", "sgt", "hon", "sheikh",
    "sheik", "mme", "mlle", "herr", "frau", "signor", "senor", "senora", "madame",
    "monsieur", "messrs", "mesdames", "rabbi", "imam", "father", "sister", "brother",
    "saint", "st", "maj", "cpl", "pvt", "supt", "insp", "det");

const WordSet kPluralHonorifics = Words("messrs", "mesdames");

const WordSet kOrgWords = Words(
    "inc", "incorporated", "corp", "corporation", "co", "company", "cos", "ltd", "limited",
    "plc", "llc", "llp", "lp", "ag", "sa", "nv", "bv", "gmbh", "spa", "ab", "asa", "kk",
    "group", "bank", "bancorp", "bancshares", "ministry", "agency", "party", "council",
    "organization", "organisation", "association", "commission", "fund", "committee",
    "board", "authority", "reserve", "exchange", "institute", "institution", "university",
    "college", "school", "federation", "department", "office", "bureau", "court",
    "congress", "parliament", "senate", "assembly", "army", "navy", "airlines", "airline",
    "airways", "industries", "holdings", "holding", "trust", "securities", "partners",
    "foundation", "league", "society", "services", "systems", "technologies",
    "technology", "motors", "petroleum", "chemicals", "chemical", "railways", "railway",
    "railroad", "times", "journal", "secretariat", "directorate", "police", "tribunal",
    "coalition", "front", "movement", "alliance", "community", "cooperative", "consortium",
    "enterprises", "international", "investments", "capital", "financial", "insurance",
    "energy", "oil", "gas", "mining", "mines", "steel", "electric", "electronics",
    "communications", "telecom", "pharmaceuticals", "laboratories", "labs", "brands",
    "foods", "stores", "resources", "realty", "properties", "corps", "guard", "forces",
    "brigade", "brigades", "club", "fc", "cabinet", "administration", "network", "broadcasting",
    "media", "press", "television", "radio", "newspaper", "herald", "tribune", "gazette",
    "post", "telegraph", "mail", "observer", "globe", "chronicle", "monitor", "review");

const WordSet kOrgContext = Words(
    "company", "firm", "group", "giant", "bank", "agency", "operator", "producer", "maker",
    "carrier", "utility", "conglomerate", "regulator", "monopoly", "exporter", "importer",
    "subsidiary", "unit", "insurer", "airline", "newspaper", "daily", "broadcaster",
    "network", "lender", "refiner", "retailer", "brokerage", "miner", "automaker",
    "carmaker", "chipmaker", "supplier", "manufacturer", "developer", "corporation",
    "concern", "holding", "outlet", "startup", "rival", "shipper", "distributor", "trader",
    "bankers", "brokers", "wholesaler", "consultancy", "institute", "party", "ministry");

const WordSet kParticles = Words(
    "of", "for", "de", "del", "della", "der", "den", "van", "von", "da", "di", "du", "des",
    "la", "le", "bin", "ibn", "al", "el", "y", "dos", "das", "do", "ter", "zu", "on", "upon");

const WordSet kNeverNames = Words(
    "the", "a", "an", "but", "and", "or", "nor", "in", "on", "at", "to", "of", "for", "from",
    "by", "with", "as", "if", "when", "while", "after", "before", "since", "until", "though",
    "although", "because", "so", "yet", "then", "than", "there", "here", "this", "that",
    "these", "those", "it", "its", "he", "she", "they", "we", "you", "i", "his", "her",
    "their", "our", "your", "my", "me", "him", "them", "us", "who", "whom", "whose",
    "which", "what", "where", "why", "how", "all", "any", "some", "many", "most", "more",
    "much", "few", "several", "each", "every", "both", "either", "neither", "no", "not",
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "however", "meanwhile", "also", "still", "even", "only", "just", "now", "today",
    "yesterday", "tomorrow", "tonight", "last", "next", "first", "new", "other", "another",
    "such", "under", "over", "about", "against", "between", "during", "without", "within",
    "among", "into", "onto", "through", "toward", "towards", "upon", "via", "per", "said",
    "says", "say", "according", "earlier", "later", "further", "furthermore", "moreover",
    "instead", "indeed", "thus", "hence", "therefore", "overall", "separately", "monday",
    "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "nov", "dec", "mon", "tue", "tues", "wed", "thu", "thurs", "fri", "sat", "sun",
    "photo", "video", "excerpt", "above", "below", "note", "notes", "update", "updated",
    "source", "sources", "reporting", "editing", "writing", "reuter", "reuters", "blah",
    "shr", "shrs", "net", "revs", "qtr", "avg", "vs", "mln", "pct", "cts", "dlrs", "dlr",
    "oper", "mths", "year", "years", "quarter",
    "analysts", "officials", "traders", "dealers", "economists", "sources", "experts",
    "yes", "ok", "okay", "please", "thanks", "dear", "hello", "well", "oh", "let", "like",
    "despite", "unlike", "following", "including", "regarding", "concerning", "am", "pm",
    "gmt", "est", "edt", "bst", "cet", "utc", "tv", "ii", "iii", "iv", "vi", "vii",
    "viii", "ix", "xii", "mid");

const WordSet kMonths = Words(
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec");

const WordSet kWireAbbreviations = Words(
    "mln", "pct", "cts", "dlrs", "dlr", "shr", "shrs", "net", "revs", "qtr", "avg", "vs",
    "lt", "stg", "ct", "bln", "oper", "nil", "note", "ltd", "inc", "corp", "co", "ceo",
    "cfo", "gmt", "est", "edt", "am", "pm", "tv", "ok", "ii", "iii", "iv", "usd", "eur",
    "gbp", "jpy", "cny", "rub", "chf", "cad", "aud", "mths", "yr", "yrs", "wk", "wks",
    "ft", "km", "kg", "mw", "gw", "kw", "bpd", "ppm", "dm", "hk", "q1", "q2", "q3", "q4",
    "fy", "eps", "ipo", "gdp", "gnp", "cpi", "ppi", "vat", "faq", "pdf", "url", "http",
    "www", "html", "ap", "i", "a");

const WordSet kSpeechVerbs = Words(
    "said", "says", "say", "told", "tells", "added", "adds", "stated", "states", "noted",
    "notes", "wrote", "writes", "declared", "announced", "argued", "explained", "warned",
    "urged", "insisted", "asked", "replied", "commented", "confirmed", "denied");

}  // namespace

bool IsTitleHead(std::string_view word) { return kTitleHeads.contains(word); }
bool IsTitleModifier(std::string_view word) { return kTitleModifiers.contains(word); }
bool IsHonorific(std::string_view word) { return kHonorifics.contains(word); }
bool IsPluralHonorific(std::string_view word) { return kPluralHonorifics.contains(word); }
bool IsOrgWord(std::string_view word) { return kOrgWords.contains(word); }
bool IsOrgContext(std::string_view word) { return kOrgContext.contains(word); }
bool IsNameParticle(std::string_view word) { return kParticles.contains(word); }
bool IsNeverName(std::string_view word) { return kNeverNames.contains(word); }
bool IsMonth(std::string_view word) { return kMonths.contains(word); }
bool IsWireAbbreviation(std::string_view word) { return kWireAbbreviations.contains(word); }
bool IsSpeechVerb(std::string_view word) { return kSpeechVerbs.contains(word); }

}  // namespace newsdex::text::internal
