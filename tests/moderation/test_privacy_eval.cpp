// The privacy guard measured on two labelled sets: precision and recall
// overall and per kind, and false holds per kind of ordinary post.
// - privacy_labelled.tsv, the development set the guard is tuned on: floors
//   just under what the tuned guard measured; its mistakes are printed.
// - privacy_test.tsv, the held-out test set written before tuning and never
//   tuned on: only numbers are printed (not its sentences, so nobody tunes on
//   them by reading the log), and its floors are the first measurement, made
//   on the guard as it was before issue 19 (docs/moderation.md).
#include "moderation/privacy_guard.h"

#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using namespace lw::moderation;

// Development-set floors, just under what the tuned guard measured on
// 2026-12-05 (1,200 sentences: precision 0.986, recall 0.991, false holds 8 of
// 620; every kind at 0.97 or more).
constexpr double kDevPrecision = 0.97;
constexpr double kDevRecall = 0.98;
constexpr double kDevFalseHolds = 0.02;
constexpr double kDevKindPrecision = 0.95;
constexpr double kDevKindRecall = 0.95;

namespace {

struct Labelled {
    int line = 0;
    bool phi = false;
    std::set<std::string> kinds;  // for phi: the kinds present
    std::string category;         // for ok: thanks, news, staff, event, other
    std::string sentence;
};

// The set and the hospital's own public numbers and domains from its
// "# hospital: numbers=a, b; domains=c" line.
struct LabelledSet {
    std::vector<Labelled> items;
    PrivacySettings settings;
};

std::vector<std::string> split_list(const std::string& text) {
    std::vector<std::string> out;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) {
        const auto b = item.find_first_not_of(' ');
        const auto e = item.find_last_not_of(' ');
        if (b != std::string::npos) out.push_back(item.substr(b, e - b + 1));
    }
    return out;
}

void read_hospital_line(const std::string& line, PrivacySettings& settings) {
    std::stringstream in(line.substr(std::string("# hospital:").size()));
    std::string part;
    while (std::getline(in, part, ';')) {
        const auto eq = part.find('=');
        if (eq == std::string::npos) continue;
        const std::string key = part.substr(part.find_first_not_of(' '), eq - part.find_first_not_of(' '));
        if (key == "numbers") settings.public_numbers = split_list(part.substr(eq + 1));
        if (key == "domains") settings.public_domains = split_list(part.substr(eq + 1));
    }
}

LabelledSet load_set(const std::string& path) {
    std::ifstream in(path);
    REQUIRE(in.good());
    LabelledSet loaded;
    std::vector<Labelled>& set = loaded.items;
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (line.rfind("# hospital:", 0) == 0) read_hospital_line(line, loaded.settings);
        if (line.empty() || line[0] == '#') continue;
        std::size_t t1 = line.find('\t');
        std::size_t t2 = t1 == std::string::npos ? t1 : line.find('\t', t1 + 1);
        INFO("line " << number);
        REQUIRE(t2 != std::string::npos);
        Labelled l;
        l.line = number;
        std::string label = line.substr(0, t1);
        std::string kind = line.substr(t1 + 1, t2 - t1 - 1);
        l.sentence = line.substr(t2 + 1);
        REQUIRE((label == "phi" || label == "ok"));
        l.phi = label == "phi";
        if (l.phi) {
            std::stringstream kinds(kind);
            std::string k;
            while (std::getline(kinds, k, ',')) {
                REQUIRE(parse_privacy_kind(k));
                l.kinds.insert(k);
            }
            REQUIRE(!l.kinds.empty());
        } else {
            l.category = kind;
        }
        set.push_back(std::move(l));
    }
    return loaded;
}

struct Counts {
    int tp = 0, fp = 0, fn = 0;
    double precision() const { return tp + fp == 0 ? 1.0 : double(tp) / (tp + fp); }
    double recall() const { return tp + fn == 0 ? 1.0 : double(tp) / (tp + fn); }
};


struct Report {
    std::size_t sentences = 0;
    int phi = 0;
    Counts overall;
    std::map<std::string, Counts> per_kind;
    std::map<std::string, std::pair<int, int>> alarms;  // ok category -> (false alarms, total)
    std::vector<std::string> mistakes;
};

Report evaluate(const LabelledSet& loaded) {
    Report r;
    r.sentences = loaded.items.size();
    for (const Labelled& l : loaded.items) {
        std::set<std::string> found;
        for (const Finding& f : PrivacyGuard::scan(l.sentence, loaded.settings)) found.insert(privacy_kind_name(f.kind));
        const bool held = !found.empty();
        r.phi += l.phi ? 1 : 0;
        if (l.phi && held) ++r.overall.tp;
        if (l.phi && !held) ++r.overall.fn;
        if (!l.phi && held) ++r.overall.fp;
        if (!l.phi) {
            auto& a = r.alarms[l.category];
            a.second += 1;
            a.first += held ? 1 : 0;
        }
        for (PrivacyKind kind : {PrivacyKind::Phone, PrivacyKind::Email, PrivacyKind::DateOfBirth,
                                 PrivacyKind::IdNumber, PrivacyKind::Address, PrivacyKind::Room,
                                 PrivacyKind::NameCondition, PrivacyKind::MyPatient}) {
            const std::string k = privacy_kind_name(kind);
            const bool labelled = l.kinds.count(k) != 0;
            const bool reported = found.count(k) != 0;
            Counts& c = r.per_kind[k];
            if (labelled && reported) ++c.tp;
            if (labelled && !reported) ++c.fn;
            if (!labelled && reported) ++c.fp;
        }
        std::string found_list, labelled_list;
        for (const std::string& k : found) found_list += (found_list.empty() ? "" : ",") + k;
        for (const std::string& k : l.kinds) labelled_list += (labelled_list.empty() ? "" : ",") + k;
        const bool exact = l.phi ? found == l.kinds : !held;
        if (!exact) {
            r.mistakes.push_back("  line " + std::to_string(l.line) + " [" + (l.phi ? "phi " + labelled_list : "ok " + l.category) +
                                 " -> " + (found_list.empty() ? "none" : found_list) + "] " + l.sentence);
        }
    }
    return r;
}

void print(const char* title, const Report& r, bool list_mistakes) {
    std::printf("%s: %zu sentences (%d with private data, %zu without)\n", title, r.sentences, r.phi,
                r.sentences - static_cast<std::size_t>(r.phi));
    std::printf("  overall: precision %.3f recall %.3f (tp %d, fp %d, fn %d)\n", r.overall.precision(),
                r.overall.recall(), r.overall.tp, r.overall.fp, r.overall.fn);
    for (const auto& [kind, c] : r.per_kind) {
        std::printf("  %-15s precision %.3f recall %.3f (tp %d, fp %d, fn %d)\n", kind.c_str(), c.precision(),
                    c.recall(), c.tp, c.fp, c.fn);
    }
    for (const auto& [category, a] : r.alarms) {
        std::printf("  false alarms on %-7s posts: %d of %d\n", category.c_str(), a.first, a.second);
    }
    std::printf("  sentences not classified exactly: %zu\n", r.mistakes.size());
    if (!list_mistakes) return;
    for (const std::string& m : r.mistakes) std::printf("%s\n", m.c_str());
}

double false_hold_rate(const Report& r) {
    int held = 0, total = 0;
    for (const auto& [category, a] : r.alarms) {
        held += a.first;
        total += a.second;
    }
    return total == 0 ? 0.0 : double(held) / total;
}

// Loads one set, scans it and prints what was found (its mistakes only when
// `list_mistakes`: never for the held-out set).
Report measure(const char* file, std::size_t at_least, const char* title, bool list_mistakes) {
    const LabelledSet set = load_set(std::string(LOBBYWALL_TEST_DATA) + "/moderation/" + file);
    REQUIRE(set.items.size() >= at_least);
    const Report r = evaluate(set);
    print(title, r, list_mistakes);
    std::printf("  false holds on ordinary posts: %.3f\n", false_hold_rate(r));
    return r;
}

}  // namespace

TEST_CASE("privacy guard on the development set", "[privacy][eval]") {
    const Report r = measure("privacy_labelled.tsv", 1200, "privacy guard, DEVELOPMENT set (tuned on)", true);

    // Floors just under what the tuned guard measured (docs/moderation.md).
    CHECK(r.overall.precision() >= kDevPrecision);
    CHECK(r.overall.recall() >= kDevRecall);
    CHECK(false_hold_rate(r) <= kDevFalseHolds);
    for (const auto& [kind, c] : r.per_kind) {
        INFO(kind);
        CHECK(c.precision() >= kDevKindPrecision);
        CHECK(c.recall() >= kDevKindRecall);
    }
}

TEST_CASE("privacy guard on the held-out test set", "[privacy][eval]") {
    const Report r = measure("privacy_test.tsv", 600, "privacy guard, held-out TEST set (never tuned on)", false);

    // The first measurement, on the guard as it was before issue 19 (2026-12-05):
    // precision 0.848, recall 0.417, false holds 24 of 291 (0.082). Whatever is
    // tuned on the development set must not do worse than that here.
    CHECK(r.overall.precision() >= 0.84);
    CHECK(r.overall.recall() >= 0.41);
    CHECK(false_hold_rate(r) <= 0.083);
}
