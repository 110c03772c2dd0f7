// Tests for moderation/rules: defaults per source kind, config words, merging.
#include "moderation/rules.h"

#include <catch2/catch.hpp>

using namespace lw;
using namespace lw::moderation;

TEST_CASE("default rules hold strangers' content and trust only house content", "[rules]") {
    struct Case { SourceKind kind; Approval approval; bool open; };
    const Case cases[] = {
        {SourceKind::MastodonHashtag, Approval::Manual, true},
        {SourceKind::BlueskySearch, Approval::Manual, true},
        {SourceKind::BlueskyFeed, Approval::Manual, true},
        {SourceKind::MastodonAccount, Approval::Manual, false},
        {SourceKind::BlueskyAuthor, Approval::Manual, false},
        {SourceKind::WebFeed, Approval::Manual, false},
        {SourceKind::Demo, Approval::Auto, false},
        {SourceKind::Staff, Approval::Auto, false},
    };
    for (const auto& c : cases) {
        INFO(to_string(c.kind));
        const ModerationRules rules = default_rules(c.kind);
        CHECK(rules.approval == c.approval);
        CHECK(is_open_source(c.kind) == c.open);
        CHECK(rules.sensitive == Policy::Hold);
    }
    CHECK(default_rules(SourceKind::MastodonHashtag).replies == Policy::Hold);
    CHECK(default_rules(SourceKind::MastodonAccount).boosts == Policy::Hold);
}

TEST_CASE("config words parse and print", "[rules]") {
    CHECK(parse_approval("manual") == Approval::Manual);
    CHECK(parse_approval("auto") == Approval::Auto);
    CHECK_FALSE(parse_approval("Auto"));
    CHECK_FALSE(parse_approval(""));
    CHECK(parse_policy("allow") == Policy::Allow);
    CHECK(parse_policy("hold") == Policy::Hold);
    CHECK(parse_policy("reject") == Policy::Reject);
    CHECK_FALSE(parse_policy("block"));
    CHECK(std::string(approval_name(Approval::Auto)) == "auto");
    CHECK(std::string(policy_name(Policy::Reject)) == "reject");
}

TEST_CASE("rules_warning flags unsafe settings", "[rules]") {
    ModerationRules rules = default_rules(SourceKind::MastodonHashtag);
    CHECK_FALSE(rules_warning(SourceKind::MastodonHashtag, rules));
    rules.approval = Approval::Auto;
    CHECK(rules_warning(SourceKind::MastodonHashtag, rules));
    CHECK_FALSE(rules_warning(SourceKind::MastodonAccount, rules));
    rules.min_length = 50;
    rules.max_length = 10;
    CHECK(rules_warning(SourceKind::MastodonAccount, rules));
}

TEST_CASE("merge_rules joins global lists with a source's", "[rules]") {
    ModerationRules global;
    global.block_words = {"spam"};
    global.blocked_domains = {"bad.example"};
    global.languages = {"en", "cy"};
    ModerationRules source = default_rules(SourceKind::MastodonAccount);
    source.approval = Approval::Auto;
    source.block_words = {"troll"};
    const ModerationRules merged = merge_rules(global, source);
    CHECK(merged.approval == Approval::Auto);
    CHECK(merged.block_words == std::vector<std::string>{"spam", "troll"});
    CHECK(merged.blocked_domains == std::vector<std::string>{"bad.example"});
    CHECK(merged.languages == std::vector<std::string>{"en", "cy"});
    source.languages = {"fr"};
    CHECK(merge_rules(global, source).languages == std::vector<std::string>{"fr"});
}
