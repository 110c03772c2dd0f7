// Tests for moderation/moderate: every rule, reasons worded exactly, and the
// precedence reject > hold > approve; trusted sources and the privacy guard.
#include "moderation/moderate.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>
#include <random>

using namespace lw;
using namespace lw::moderation;
using namespace std::chrono;

namespace {

const TimePoint kNow = sys_days{2026y / 11 / 24} + 12h;

Post ordinary_post() {
    Post p;
    p.id = "https://example.social/@visitor/1";
    p.source_id = "tag";
    p.source_kind = SourceKind::MastodonHashtag;
    p.author = "A Visitor";
    p.handle = "@visitor@example.social";
    p.text = "Lovely care from everyone in the day unit today, thank you.";
    p.language = "en";
    p.created = kNow - 1h;
    p.permalink = "https://example.social/@visitor/1";
    return p;
}

ModerationRules trusted() {
    ModerationRules r = default_rules(SourceKind::MastodonAccount);
    r.approval = Approval::Auto;
    return r;
}

}  // namespace

TEST_CASE("each rule gives its verdict and reason", "[moderate]") {
    struct Case {
        const char* name;
        std::function<void(Post&, ModerationRules&)> setup;
        Verdict verdict;
        std::vector<std::string> reasons;
    };
    const std::vector<Case> cases = {
        {"trusted and clean", [](Post&, ModerationRules&) {}, Verdict::Approve, {"source: trusted"}},
        {"manual source", [](Post&, ModerationRules& r) { r.approval = Approval::Manual; }, Verdict::Hold,
         {"source: manual approval"}},
        {"block word in text", [](Post& p, ModerationRules& r) { p.text = "What an \xC3\x8D" "DIOT."; r.block_words = {"Idiot"}; },
         Verdict::Reject, {"rule: block word \"Idiot\"", "source: trusted"}},
        {"block word as part of a longer word", [](Post& p, ModerationRules& r) { p.text = "how idiotic"; r.block_words = {"Idiot"}; },
         Verdict::Approve, {"source: trusted"}},
        {"block phrase across lines", [](Post& p, ModerationRules& r) { p.text = "just go\naway"; r.block_words = {"go away"}; },
         Verdict::Reject, {"rule: block word \"go away\"", "source: trusted"}},
        {"block word in author name", [](Post& p, ModerationRules& r) { p.author = "Spammy McSpam"; r.block_words = {"spammy"}; },
         Verdict::Reject, {"rule: block word \"spammy\"", "source: trusted"}},
        {"block word in alt text", [](Post& p, ModerationRules& r) { p.media.push_back(Media{Media::Kind::Image, "u", "", "a rude GESTURE", 0, 0, 0, 0}); r.block_words = {"gesture"}; },
         Verdict::Reject, {"rule: block word \"gesture\"", "source: trusted"}},
        {"block word in content warning", [](Post& p, ModerationRules& r) { p.content_warning = "politics"; r.block_words = {"Politics"}; r.sensitive = Policy::Allow; r.approval = Approval::Manual; },
         Verdict::Reject, {"rule: block word \"Politics\"", "source: manual approval"}},
        {"block word in a tag", [](Post& p, ModerationRules& r) { p.tags = {"CasinoBonus"}; r.block_words = {"casinobonus"}; },
         Verdict::Reject, {"rule: block word \"casinobonus\"", "source: trusted"}},
        {"blocked author", [](Post&, ModerationRules& r) { r.blocked_authors = {"@Visitor@Example.Social"}; },
         Verdict::Reject, {"rule: blocked author \"@Visitor@Example.Social\"", "source: trusted"}},
        {"blocked booster", [](Post& p, ModerationRules& r) { p.is_repost = true; p.reposted_by = "@troll@x.example"; r.boosts = Policy::Allow; r.blocked_authors = {"troll@x.example"}; },
         Verdict::Reject, {"rule: blocked author \"troll@x.example\"", "source: trusted"}},
        {"blocked domain of the handle", [](Post&, ModerationRules& r) { r.blocked_domains = {"example.social"}; },
         Verdict::Reject, {"rule: blocked domain \"example.social\"", "source: trusted"}},
        {"blocked domain of a link", [](Post& p, ModerationRules& r) { p.text = "win big at https://www.casino.example/now"; r.blocked_domains = {"casino.example"}; },
         Verdict::Reject, {"rule: blocked domain \"casino.example\"", "source: trusted"}},
        {"blocked domain of the permalink", [](Post& p, ModerationRules& r) { p.handle = "Feed"; p.permalink = "https://news.tabloid.example/story"; r.blocked_domains = {"tabloid.example"}; },
         Verdict::Reject, {"rule: blocked domain \"tabloid.example\"", "source: trusted"}},
        {"unrelated domain", [](Post&, ModerationRules& r) { r.blocked_domains = {"social"}; r.blocked_domains = {"ample.social"}; },
         Verdict::Approve, {"source: trusted"}},
        {"reply held", [](Post& p, ModerationRules&) { p.is_reply = true; }, Verdict::Hold, {"rule: reply", "source: trusted"}},
        {"reply rejected", [](Post& p, ModerationRules& r) { p.is_reply = true; r.replies = Policy::Reject; },
         Verdict::Reject, {"rule: reply", "source: trusted"}},
        {"reply allowed", [](Post& p, ModerationRules& r) { p.is_reply = true; r.replies = Policy::Allow; }, Verdict::Approve, {"source: trusted"}},
        {"boost held", [](Post& p, ModerationRules&) { p.is_repost = true; }, Verdict::Hold, {"rule: boost", "source: trusted"}},
        {"boost allowed", [](Post& p, ModerationRules& r) { p.is_repost = true; r.boosts = Policy::Allow; }, Verdict::Approve, {"source: trusted"}},
        {"sensitive held", [](Post& p, ModerationRules&) { p.sensitive = true; }, Verdict::Hold, {"rule: sensitive", "source: trusted"}},
        {"sensitive allowed still never auto-approves", [](Post& p, ModerationRules& r) { p.sensitive = true; r.sensitive = Policy::Allow; },
         Verdict::Hold, {"rule: sensitive", "source: trusted"}},
        {"sensitive allowed on a manual source", [](Post& p, ModerationRules& r) { p.sensitive = true; r.sensitive = Policy::Allow; r.approval = Approval::Manual; },
         Verdict::Hold, {"source: manual approval"}},
        {"sensitive rejected", [](Post& p, ModerationRules& r) { p.content_warning = "needles"; r.sensitive = Policy::Reject; },
         Verdict::Reject, {"rule: sensitive", "source: trusted"}},
        {"adult label is sensitive", [](Post& p, ModerationRules&) { p.labels = {"nudity"}; }, Verdict::Hold, {"rule: sensitive", "source: trusted"}},
        {"!hide label rejects", [](Post& p, ModerationRules&) { p.labels = {"!hide"}; }, Verdict::Reject, {"rule: label \"!hide\"", "source: trusted"}},
        {"too short", [](Post& p, ModerationRules& r) { p.text = "ok"; r.min_length = 3; }, Verdict::Reject, {"rule: too short", "source: trusted"}},
        {"just long enough", [](Post& p, ModerationRules& r) { p.text = "h\xC3\xA9y"; r.min_length = 3; }, Verdict::Approve, {"source: trusted"}},
        {"too long", [](Post&, ModerationRules& r) { r.max_length = 20; }, Verdict::Reject, {"rule: too long", "source: trusted"}},
        {"language not allowed", [](Post& p, ModerationRules& r) { p.language = "de-AT"; r.languages = {"en", "cy"}; },
         Verdict::Reject, {"rule: language \"de\"", "source: trusted"}},
        {"language with region allowed", [](Post& p, ModerationRules& r) { p.language = "en-GB"; r.languages = {"EN"}; }, Verdict::Approve, {"source: trusted"}},
        {"unknown language allowed", [](Post& p, ModerationRules& r) { p.language = ""; r.languages = {"en"}; }, Verdict::Approve, {"source: trusted"}},
        {"unknown language refused", [](Post& p, ModerationRules& r) { p.language = ""; r.languages = {"en"}; r.allow_unknown_language = false; },
         Verdict::Reject, {"rule: language unknown", "source: trusted"}},
        {"too old", [](Post& p, ModerationRules& r) { p.created = kNow - days{15}; r.max_age = days{14}; }, Verdict::Reject, {"rule: too old", "source: trusted"}},
        {"not too old", [](Post& p, ModerationRules& r) { p.created = kNow - days{13}; r.max_age = days{14}; }, Verdict::Approve, {"source: trusted"}},
        {"privacy in text", [](Post& p, ModerationRules&) { p.text = "Call me on 07700 900123 please"; }, Verdict::Hold, {"privacy: phone number", "source: trusted"}},
        {"privacy in alt text", [](Post& p, ModerationRules&) { p.media.push_back(Media{Media::Kind::Image, "u", "", "Mum in bed 4", 0, 0, 0, 0}); },
         Verdict::Hold, {"privacy: room or bed number", "source: trusted"}},
        {"privacy in content warning", [](Post& p, ModerationRules& r) { p.content_warning = "MRN 1234567"; r.sensitive = Policy::Allow; },
         Verdict::Hold, {"rule: sensitive", "privacy: ID-like number", "source: trusted"}},
    };
    for (const Case& c : cases) {
        INFO(c.name);
        Post post = ordinary_post();
        ModerationRules rules = trusted();
        c.setup(post, rules);
        const Decision d = moderate(post, rules, kNow);
        CHECK(decision_name(d) == decision_name(c.verdict));
        CHECK(d.reasons == c.reasons);
    }
}

TEST_CASE("reject beats hold beats approve, and every reason is listed", "[moderate]") {
    Post post = ordinary_post();
    post.text = "You idiot, ring 07700 900123";
    post.is_reply = true;
    ModerationRules rules = trusted();
    rules.block_words = {"idiot"};
    Decision d = moderate(post, rules, kNow);
    CHECK(d.verdict == Verdict::Reject);
    CHECK(d.reasons == std::vector<std::string>{"rule: block word \"idiot\"", "rule: reply",
                                                "privacy: phone number", "source: trusted"});
    CHECK(describe(d) == "reject: rule: block word \"idiot\"; rule: reply; privacy: phone number; source: trusted");

    rules.block_words.clear();
    d = moderate(post, rules, kNow);
    CHECK(d.verdict == Verdict::Hold);
    CHECK(d.reasons.front() == "rule: reply");
}

TEST_CASE("a trusted source never auto-approves private data", "[moderate]") {
    const char* texts[] = {
        "Our patient John Smith was diagnosed with cancer today",
        "Email me at jane.doe@example.com",
        "My patient in bed 3 is doing well",
        "DOB 12/03/1985",
    };
    for (const char* text : texts) {
        INFO(text);
        Post post = ordinary_post();
        post.text = text;
        const Decision d = moderate(post, trusted(), kNow);
        CHECK(d.verdict == Verdict::Hold);
        CHECK_FALSE(d.highlights.empty());
        CHECK(d.reasons.back() == "source: trusted");
    }
}

TEST_CASE("highlights name the field and the span", "[moderate]") {
    Post post = ordinary_post();
    post.text = "Ring 07700 900123 today";
    post.media.push_back(Media{Media::Kind::Image, "u", "", "photo", 0, 0, 0, 0});
    post.media.push_back(Media{Media::Kind::Image, "u", "", "Dad in room 412", 0, 0, 0, 0});
    const Decision d = moderate(post, trusted(), kNow);
    REQUIRE(d.highlights.size() == 2);
    CHECK(d.highlights[0].field == "text");
    CHECK(post.text.substr(d.highlights[0].finding.byte_begin,
                           d.highlights[0].finding.byte_end - d.highlights[0].finding.byte_begin) == "07700 900123");
    CHECK(d.highlights[1].field == "media[1].alt");
    CHECK(d.highlights[1].finding.kind == PrivacyKind::Room);
}

TEST_CASE("decision names", "[moderate]") {
    CHECK(decision_name(Verdict::Approve) == "approve");
    CHECK(decision_name(Verdict::Hold) == "hold");
    CHECK(decision_name(Verdict::Reject) == "reject");
    const Decision d = moderate(ordinary_post(), default_rules(SourceKind::MastodonHashtag), kNow);
    CHECK(describe(d) == "hold: source: manual approval");
}

TEST_CASE("property: random posts and rules keep the moderation invariants", "[moderate][property]") {
    // Whatever the post and the rules, a post is approved only by a trusted
    // source with no objection, private data and sensitive posts never
    // auto-approve, and every decision says why.
    std::mt19937 rng(20261124);
    auto pick = [&](const std::vector<std::string>& from) { return from[rng() % from.size()]; };
    const std::vector<std::string> texts = {
        "Thank you to the team on Ward 7", "Call me on 07700 900123", "what an idiot", "go away now",
        "Pray for John Smith, he has cancer", "", "ok", "my patient in bed 3",
        "Visit https://casino.example/win", "DOB 12/03/1985", "\xC3\x8D" "DIOT", "\xFF\xFE broken bytes",
        "Lovely sunrise over the hospital this morning, 7.42am.",
    };
    const std::vector<std::string> words = {"idiot", "go away", "casino", "sunrise", "", "\xC3\xA9"};
    const std::vector<std::string> handles = {"@visitor@example.social", "troll@bad.example", "alice.bsky.social", ""};
    const std::vector<std::string> languages = {"", "en", "en-GB", "de", "cy"};
    const Policy policies[] = {Policy::Allow, Policy::Hold, Policy::Reject};
    for (int i = 0; i < 3000; ++i) {
        Post post = ordinary_post();
        post.text = pick(texts);
        post.handle = pick(handles);
        post.language = pick(languages);
        post.is_reply = rng() % 4 == 0;
        post.is_repost = rng() % 4 == 0;
        post.sensitive = rng() % 5 == 0;
        post.content_warning = rng() % 7 == 0 ? "cw" : "";
        if (rng() % 3 == 0) post.media.push_back(Media{Media::Kind::Image, "u", "", pick(texts), 0, 0, 0, 0});
        post.created = kNow - hours(rng() % 1000);

        ModerationRules rules;
        rules.approval = rng() % 2 ? Approval::Auto : Approval::Manual;
        for (int n = rng() % 3; n > 0; --n) rules.block_words.push_back(pick(words));
        if (rng() % 3 == 0) rules.blocked_authors.push_back(pick(handles));
        if (rng() % 3 == 0) rules.blocked_domains.push_back("bad.example");
        rules.replies = policies[rng() % 3];
        rules.boosts = policies[rng() % 3];
        rules.sensitive = policies[rng() % 3];
        rules.min_length = rng() % 3 == 0 ? 5 : 0;
        rules.max_length = rng() % 3 == 0 ? 30 : 0;
        if (rng() % 2) rules.languages = {"en"};
        rules.allow_unknown_language = rng() % 2;
        rules.max_age = rng() % 2 ? std::chrono::seconds(days{14}) : std::chrono::seconds(0);

        const Decision d = moderate(post, rules, kNow);
        INFO("case " << i << ": " << describe(d));
        REQUIRE_FALSE(d.reasons.empty());
        CHECK(d.reasons.back().rfind("source: ", 0) == 0);
        const bool sensitive = post.sensitive || !post.content_warning.empty();
        if (d.verdict == Verdict::Approve) {
            CHECK(rules.approval == Approval::Auto);
            CHECK(d.highlights.empty());
            CHECK_FALSE(sensitive);
            CHECK(d.reasons == std::vector<std::string>{"source: trusted"});
        }
        if (!d.highlights.empty() || rules.approval == Approval::Manual) CHECK(d.verdict != Verdict::Approve);
        const bool rejected_reason = std::any_of(d.reasons.begin(), d.reasons.end(), [](const std::string& r) {
            return r.rfind("rule: block", 0) == 0 || r.rfind("rule: too", 0) == 0;
        });
        if (rejected_reason) CHECK(d.verdict == Verdict::Reject);
    }
}

TEST_CASE("the hospital's own numbers and domains from [privacy] do not hold a post", "[moderate][privacy]") {
    struct Case { const char* text; bool held_without_settings; bool held_with_settings; };
    const Case cases[] = {
        {"Our flu clinic is open today, questions to 0300 555 0100", false, false},  // a service's words already tell
        {"Ring 0300 555 0100 for me, I'm in the cafe", true, false},                 // the listed number is public
        {"Ring +44 300 555 0100 for me, I'm in the cafe", true, false},             // the same number, international
        {"Ring 0300 555 0199 for me, I'm in the cafe", true, true},                  // not listed: a person's
        {"Questions? Mail jo.bloggs@stmarys.example.org for me", true, false},
        {"Questions? Mail jo.bloggs@ward.stmarys.example.org for me", true, false},  // a subdomain
        {"Questions? Mail jo.bloggs@example.org for me", true, true},
    };
    ModerationRules rules = trusted();
    ModerationRules listed = rules;
    listed.privacy.public_numbers = {"0300 555 0100"};
    listed.privacy.public_domains = {"stmarys.example.org"};
    for (const Case& c : cases) {
        INFO(c.text);
        Post post = ordinary_post();
        post.text = c.text;
        CHECK((moderate(post, rules, kNow).verdict == Verdict::Hold) == c.held_without_settings);
        CHECK((moderate(post, listed, kNow).verdict == Verdict::Hold) == c.held_with_settings);
    }
    // the global table reaches every source through merge_rules
    ModerationRules global;
    global.privacy = listed.privacy;
    CHECK(merge_rules(global, rules).privacy.public_numbers == listed.privacy.public_numbers);
}
