// The privacy guard's English word lists (service words, non-names, titles,
// street suffixes…). Sets of string_views over string literals, built once on
// first use. Conditions in every language are in privacy_lexicon.cpp.
#include "moderation/privacy_words.h"
#include "moderation/privacy_lexicon.h"

#include <unordered_set>

namespace lw::moderation::privacy {
namespace {

using WordSet = std::unordered_set<std::string_view>;

const WordSet& service_words() {
    static const WordSet words = {
        "team", "teams", "unit", "units", "ward", "wards", "nurse", "nurses", "nursing", "service", "services",
        "department", "dept", "centre", "center", "centres", "clinic", "clinics", "research", "support",
        "awareness", "charity", "charities", "appeal", "fund", "funds", "fundraiser", "fundraising",
        "specialist", "specialists", "staff", "society", "association", "trust", "uk", "week", "month",
        "network", "programme", "program", "screening", "suite", "theatre", "theatres", "consultant",
        "consultants", "doctors", "patients", "walk", "run", "ride", "vaccine", "vaccines", "vaccination",
        "vaccinations", "booster", "boosters", "jab", "jabs", "pathway", "prevention", "care", "trial",
        "trials", "study", "studies", "hub", "village", "bus", "lab", "labs", "waiting", "times", "cafe",
        "café", "group", "groups", "volunteers", "champions", "champion", "information", "info", "event",
        "events", "conference", "training", "lead", "leads", "manager", "matron", "survivors", "friendly",
        "garden", "room", "wing", "building", "beds", "equipment", "scanner", "machine", "machines",
        "rates", "cases", "signs", "symptoms", "risk", "risks", "charities", "campaign", "advice",
        "outpatients", "rehab", "rehabilitation", "medicine", "doctor", "surgeons", "surgeon", "sisters",
    };
    return words;
}

const WordSet& non_names() {
    static const WordSet words = {
        // openers and function words that start sentences
        "i", "a", "an", "the", "this", "that", "these", "those", "our", "we", "us", "my", "your", "you",
        "he", "she", "it", "they", "his", "her", "their", "its", "me", "him", "them", "thank", "thanks",
        "thankyou", "huge", "big", "massive", "special", "happy", "great", "good", "well", "very", "so",
        "such", "what", "when", "where", "why", "how", "who", "which", "after", "before", "during", "since",
        "until", "today", "tonight", "tomorrow", "yesterday", "last", "next", "new", "now", "please", "join",
        "come", "visit", "meet", "welcome", "congratulations", "congrats", "proud", "amazing", "wonderful",
        "incredible", "brilliant", "fantastic", "lovely", "kind", "all", "every", "everyone", "each", "some",
        "just", "also", "and", "but", "or", "if", "as", "at", "in", "on", "of", "for", "to", "from", "with",
        "by", "get", "got", "had", "has", "have", "is", "was", "were", "be", "been", "do", "did", "does",
        "not", "no", "yes", "one", "two", "three", "four", "five", "first", "second", "third", "there",
        "here", "still", "even", "again", "only", "never", "always", "sadly", "finally", "absolutely",
        "really", "many", "much", "more", "most", "best", "bless", "praying", "prayers", "pray", "love",
        "hope", "wishing", "wish", "sending", "get", "go", "going", "back", "home", "shout", "shoutout",
        "kudos", "cheers", "hello", "hi", "hey", "dear", "oh", "wow", "update", "news", "note", "reminder",
        "important", "please", "don't", "can't", "it's", "i'm", "we're", "they're", "he's", "she's",
        "rip", "ok", "okay", "day", "days", "week", "year", "years", "morning", "afternoon", "evening",
        "night", "christmas", "easter", "eid", "diwali", "hanukkah", "ramadan", "new", "year",
        // days and months
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mondays", "tuesdays",
        "wednesdays", "thursdays", "fridays", "saturdays", "sundays", "can", "could", "would", "should", "shall",
        "must", "might", "january",
        "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
        "december",
        // relations
        "mum", "mom", "dad", "mother", "father", "nan", "nana", "nanna", "gran", "granny", "grandma",
        "grandad", "granddad", "grandpa", "grandmother", "grandfather", "auntie", "aunt", "uncle",
        "husband", "wife", "son", "daughter", "brother", "sister", "partner", "baby", "friend", "bestie",
        // hospital words often capitalised
        "hospital", "infirmary", "nhs", "trust", "foundation", "ward", "unit", "team", "centre", "center",
        "clinic", "department", "health", "care", "charity", "appeal", "fund", "research", "royal",
        "general", "university", "college", "children's", "awareness", "support", "service", "services",
        "volunteer", "volunteers", "staff", "nurse", "nurses", "doctor", "doctors", "matron", "midwife",
        "midwives", "patient", "patients", "visitor", "visitors", "parking", "cafe", "café", "shop",
        "library", "chapel", "reception", "outpatients", "pharmacy", "radiology", "maternity", "oncology",
        "cardiology", "orthopaedic", "orthopaedics", "emergency", "accident", "intensive", "critical",
        "surgical", "medical", "theatre", "theatres", "gp", "a&e", "ae", "uk", "england", "scotland",
        "wales", "ireland", "british", "national", "international", "world", "community", "council",
        "children", "friendly", "outstanding", "radio", "fun", "run", "walk", "bake", "sale", "raffle", "open", "appointment", "appointments", "covid",
        "flu", "vaccine", "jab", "booster", "stroke", "cancer", "dementia", "diabetes", "surgery",
    };
    return words;
}

const WordSet& organisation_words() {
    static const WordSet words = {
        "hospital", "infirmary", "hospice", "trust", "foundation", "centre", "center", "clinic",
        "house", "unit", "ward", "road", "street", "lane", "avenue", "macmillan", "curie", "maggie's",
        "maggies", "st", "saint", "research", "society", "charity", "fund", "appeal", "school", "college",
        "university", "nhs", "support", "awareness", "team", "church", "park", "surgery", "practice",
        "medical", "health", "care", "ambulance", "service",
    };
    return words;
}

const WordSet& staff_titles() {
    static const WordSet words = {
        "dr", "doctor", "nurse", "sister", "matron", "prof", "professor", "consultant", "surgeon",
        "midwife", "physio", "physiotherapist", "porter", "sr", "registrar", "paramedic", "hca",
        "therapist", "anaesthetist", "chaplain", "receptionist", "volunteer", "sonographer", "radiographer",
        "pharmacist", "nurses", "doctors", "staff", "colleague", "colleagues",
    };
    return words;
}

const WordSet& thanks_words() {
    static const WordSet words = {
        "thank", "thanks", "thankyou", "kudos", "cheers", "congratulations", "congrats", "shoutout", "shout",
        "shout-out", "bravo", "done", "grateful", "praise", "appreciation", "welcome", "meet", "hats",
    };
    return words;
}

bool contains(const WordSet& set, std::string_view word) { return set.count(word) != 0; }

}  // namespace

std::size_t condition_at(const std::vector<Token>& k, std::size_t i) {
    if (i >= k.size() || !is_word(k[i]) || k[i].skip) return 0;
    return conditions().match(k, i);
}

bool is_condition_service_word(std::string_view lower) { return contains(service_words(), lower); }

bool is_condition_cause_word(std::string_view lower) {
    return lower == "for" || lower == "against" || lower == "about" || lower == "beating" ||
           lower == "fighting" || lower == "world" || lower == "national";
}

bool is_non_name(std::string_view lower) { return contains(non_names(), lower); }

bool is_common_word(std::string_view lower) {
    static const WordSet words = {
        "a", "about", "after", "again", "all", "also", "always", "am", "an", "and", "any", "are", "around", "as",
        "at", "away", "back", "bad", "be", "because", "been", "before", "being", "best", "better", "big", "boy",
        "both", "bring", "but", "by", "came", "can", "can't", "come", "could", "day", "did", "didn't", "do",
        "does", "doing", "don't", "down", "each", "even", "ever", "every", "feel", "few", "finally", "first",
        "for", "from", "get", "girl", "girls", "boys", "give", "go", "goes", "going", "gone", "good", "got",
        "great", "had", "has", "have", "he", "he's", "her", "here", "him", "his", "home", "how", "i", "if", "in",
        "into", "is", "isn't", "it", "it's", "its", "just", "keep", "know", "last", "left", "let", "like",
        "little", "long", "look", "lot", "lots", "love", "made", "make", "many", "me", "more", "most", "much",
        "must", "my", "need", "never", "new", "next", "nice", "night", "no", "not", "now", "of", "off", "oh",
        "ok", "okay", "old", "on", "once", "one", "only", "or", "other", "our", "out", "over", "own", "please",
        "poor", "put", "really", "right", "said", "same", "saw", "say", "says", "see", "she", "she's", "should",
        "so", "some", "still", "such", "take", "than", "that", "the", "their", "them", "then", "there", "these",
        "they", "thing", "think", "this", "those", "through", "time", "to", "today", "told", "too", "took",
        "two", "under", "up", "us", "very", "was", "way", "we", "well", "went", "were", "what", "when", "where",
        "which", "while", "who", "why", "will", "with", "won't", "would", "yes", "yet", "you", "your", "tonight",
        "tomorrow", "yesterday", "soon", "x", "xx", "xxx", "lol", "omg", "pls", "plz", "u", "ur", "n", "r",
        "girl", "boy", "man", "woman", "lady", "guy", "kid", "kids", "child", "children", "family", "friend",
        "est", "es", "ist", "jest", "esta", "il", "elle", "er", "sie", "hat", "ha", "tiene", "tem", "se",
        "s'est", "a", "e", "y", "und", "et", "i", "ve", "ile", "ma", "brought", "bought", "thought", "taught", "caught", "made", "told", "gave", "took", "felt", "kept",
        "fell", "broke", "woke", "wrote", "ran", "sat", "stood", "won", "lost", "met", "paid", "sent", "spent",
        "slept", "drop", "cried", "laughed", "smiled", "loves", "dear", "darling", "sweetheart", "hun", "babe", "bear", "dude", "mate", "pal", "buddy",
    };
    return contains(words, lower);
}
bool is_organisation_word(std::string_view lower) { return contains(organisation_words(), lower); }
bool is_staff_title(std::string_view lower) { return contains(staff_titles(), lower); }
bool is_thanks_word(std::string_view lower) { return contains(thanks_words(), lower); }

bool is_street_suffix(std::string_view lower) {
    static const WordSet words = {
        "street", "st", "road", "rd", "avenue", "ave", "lane", "ln", "drive", "dr", "boulevard", "blvd",
        "close", "crescent", "cres", "way", "court", "ct", "place", "pl", "terrace", "gardens", "grove",
        "square", "sq", "mews", "row", "parade",
    };
    return contains(words, lower);
}

bool is_event_room_word(std::string_view lower) {
    static const WordSet words = {
        "meeting", "seminar", "training", "conference", "lecture", "board", "education", "committee",
        "function", "teaching", "quiet", "prayer", "faith", "multi-faith", "family", "relatives",
        "interview", "class", "study", "group", "centre", "center", "library", "escape", "tea",
    };
    return contains(words, lower);
}

bool is_ward_team_word(std::string_view lower) {
    static const WordSet words = {
        "team", "teams", "staff", "nurses", "nursing", "colleagues", "crew", "manager", "sister",
        "volunteers", "family", "heroes", "squad", "ran", "raised", "won", "is", "has", "have",
    };
    return contains(words, lower);
}

bool is_ward_person_word(std::string_view lower) {
    static const WordSet words = {
        "admitted", "transferred", "moved", "staying", "stuck", "recovering", "mum", "mom", "dad", "mother",
        "father", "husband", "wife", "son", "daughter", "brother", "grandma", "grandad", "granddad",
        "grandpa", "grandmother", "grandfather", "nan", "nana", "nanna", "gran", "granny", "partner", "baby",
        "patient", "he's", "she's", "i'm", "currently", "spent", "been", "weeks", "nights",
    };
    return contains(words, lower);
}

}  // namespace lw::moderation::privacy
