// Moderation rules: what a source's posts must pass before they may reach the
// screen. One ModerationRules per configured source (the global [moderation]
// table is merged into each with merge_rules). Plain values with safe
// defaults: nothing is auto-approved unless a source is explicitly trusted.
#pragma once

#include "core/post.h"
#include "moderation/privacy_guard.h"

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lw::moderation {

// "manual": every post waits for a person. "auto": posts that pass every rule
// are approved by the rules (a trusted hospital account).
enum class Approval { Manual, Auto };

// What happens to replies, boosts and sensitive posts.
enum class Policy {
    Allow,   // no effect (sensitive posts still never auto-approve)
    Hold,    // wait for a person
    Reject,  // never shown
};

struct ModerationRules {
    Approval approval = Approval::Manual;

    // Words and phrases, matched as whole words, case- and accent-insensitive,
    // in the text, author name, alt text, content warning and tags. "go away"
    // is a phrase: its words match across any spaces or punctuation.
    std::vector<std::string> block_words;
    // Handles ("@troll@example.social", "troll.bsky.social"), compared without
    // the leading '@' and case-insensitively; also matches the booster of a boost.
    std::vector<std::string> blocked_authors;
    // Domains; "example.com" also blocks "www.example.com" and "a.example.com".
    // Checked against the author's server, links in the text and the permalink.
    std::vector<std::string> blocked_domains;

    Policy replies = Policy::Hold;
    Policy boosts = Policy::Hold;    // a boost carries someone else's words
    Policy sensitive = Policy::Hold; // content warning, sensitive flag, adult labels

    std::size_t min_length = 0;      // in characters (code points) of the text; 0 = none
    std::size_t max_length = 0;      // 0 = no limit

    // Allowed languages as BCP 47 primary tags ("en", "cy"); "en" allows
    // "en-GB". Empty allows every language.
    std::vector<std::string> languages;
    bool allow_unknown_language = true;  // posts whose source gave no language

    std::chrono::seconds max_age{0};     // older posts are rejected; 0 = no limit

    // The hospital's own numbers and domains, which the privacy guard never
    // holds a post for (from [privacy] in the config).
    PrivacySettings privacy;
};

// The defaults for a kind of source: hashtag, search and custom-feed content
// is written by strangers and always starts as manual; bundled demo content
// and staff announcements are approved by the rules. Account and web feeds
// start manual too, until the config marks them trusted (approval = "auto").
ModerationRules default_rules(SourceKind kind);

// True for sources whose posts come from anyone (hashtags, search, custom feeds).
bool is_open_source(SourceKind kind);

// A one-sentence warning when the rules look unsafe for the source, for the
// log at start-up (e.g. auto-approval of a hashtag source); nullopt when fine.
std::optional<std::string> rules_warning(SourceKind kind, const ModerationRules& rules);

// The global rules joined with a source's own: block words, blocked authors
// and blocked domains are concatenated; languages are the source's when it
// names any, else the global ones; the other settings come from `source`.
ModerationRules merge_rules(const ModerationRules& global, const ModerationRules& source);

// Config words, for the lead's TOML wiring.
std::optional<Approval> parse_approval(std::string_view text);  // "manual" | "auto"
std::optional<Policy> parse_policy(std::string_view text);      // "allow" | "hold" | "reject"
const char* approval_name(Approval approval);
const char* policy_name(Policy policy);

}  // namespace lw::moderation
