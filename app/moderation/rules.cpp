// Defaults and config words for moderation rules.
#include "moderation/rules.h"

namespace lw::moderation {

bool is_open_source(SourceKind kind) {
    switch (kind) {
    case SourceKind::MastodonHashtag:
    case SourceKind::BlueskySearch:
    case SourceKind::BlueskyFeed:
        return true;
    case SourceKind::Demo:
    case SourceKind::MastodonAccount:
    case SourceKind::BlueskyAuthor:
    case SourceKind::WebFeed:
    case SourceKind::Staff:
        return false;
    }
    return true;
}

ModerationRules default_rules(SourceKind kind) {
    ModerationRules rules;
    switch (kind) {
    case SourceKind::Demo:
    case SourceKind::Staff:
        rules.approval = Approval::Auto;
        rules.replies = Policy::Allow;
        rules.boosts = Policy::Allow;
        break;
    case SourceKind::MastodonHashtag:
    case SourceKind::BlueskySearch:
    case SourceKind::BlueskyFeed:
    case SourceKind::MastodonAccount:
    case SourceKind::BlueskyAuthor:
    case SourceKind::WebFeed:
        rules.approval = Approval::Manual;
        break;
    }
    return rules;
}

std::optional<std::string> rules_warning(SourceKind kind, const ModerationRules& rules) {
    if (rules.approval == Approval::Auto && is_open_source(kind)) {
        return std::string("approval = \"auto\" on a ") + to_string(kind) +
               " source shows strangers' posts without a person looking first";
    }
    if (rules.min_length > 0 && rules.max_length > 0 && rules.min_length > rules.max_length) {
        return std::string("min_length is above max_length, so every post is rejected");
    }
    return std::nullopt;
}

ModerationRules merge_rules(const ModerationRules& global, const ModerationRules& source) {
    ModerationRules merged = source;
    auto join = [](std::vector<std::string>& into, const std::vector<std::string>& from) {
        into.insert(into.begin(), from.begin(), from.end());
    };
    join(merged.block_words, global.block_words);
    join(merged.blocked_authors, global.blocked_authors);
    join(merged.blocked_domains, global.blocked_domains);
    if (merged.languages.empty()) merged.languages = global.languages;
    join(merged.privacy.public_numbers, global.privacy.public_numbers);
    join(merged.privacy.public_domains, global.privacy.public_domains);
    return merged;
}

std::optional<Approval> parse_approval(std::string_view text) {
    if (text == "manual") return Approval::Manual;
    if (text == "auto") return Approval::Auto;
    return std::nullopt;
}

std::optional<Policy> parse_policy(std::string_view text) {
    if (text == "allow") return Policy::Allow;
    if (text == "hold") return Policy::Hold;
    if (text == "reject") return Policy::Reject;
    return std::nullopt;
}

const char* approval_name(Approval approval) {
    return approval == Approval::Auto ? "auto" : "manual";
}

const char* policy_name(Policy policy) {
    switch (policy) {
    case Policy::Allow: return "allow";
    case Policy::Hold: return "hold";
    case Policy::Reject: return "reject";
    }
    return "hold";
}

}  // namespace lw::moderation
