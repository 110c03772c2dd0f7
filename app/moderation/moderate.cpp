// moderate(): applies a source's rules and the privacy guard to one post.
// Each check adds a reason to one of three lists (reject, hold, approve);
// the verdict is the most severe non-empty list, and the reasons are all
// three lists in that order, without repeats.
#include "moderation/moderate.h"

#include "moderation/fold.h"
#include "moderation/links.h"

#include <algorithm>
#include <cctype>

namespace lw::moderation {
namespace {

struct Reasons {
    std::vector<std::string> reject, hold, approve;

    static void add(std::vector<std::string>& list, std::string reason) {
        if (std::find(list.begin(), list.end(), reason) == list.end()) list.push_back(std::move(reason));
    }
};

std::string quoted(std::string_view what, std::string_view value) {
    std::string out = "rule: ";
    out += what;
    out += " \"";
    out += value;
    out += '"';
    return out;
}

std::string primary_language(std::string_view tag) {
    std::string out;
    for (char c : tag) {
        if (c == '-' || c == '_') break;
        out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    return out;
}

bool has_adult_label(const Post& post) {
    for (const std::string& label : post.labels) {
        if (label == "porn" || label == "sexual" || label == "nudity" || label == "graphic-media" ||
            label == "!warn" || label == "gore") {
            return true;
        }
    }
    return false;
}

void check_authors(const Post& post, const ModerationRules& rules, Reasons& r) {
    const std::string handle = normalize_handle(post.handle);
    const std::string booster = normalize_handle(post.reposted_by);
    for (const std::string& blocked : rules.blocked_authors) {
        const std::string b = normalize_handle(blocked);
        if (!b.empty() && (b == handle || b == booster)) Reasons::add(r.reject, quoted("blocked author", blocked));
    }
}

void check_domains(const Post& post, const ModerationRules& rules, Reasons& r) {
    if (rules.blocked_domains.empty()) return;
    std::vector<std::string> hosts = link_hosts(post.text);
    for (const std::string& h : {handle_domain(post.handle), handle_domain(post.reposted_by), url_host(post.permalink)}) {
        if (!h.empty()) hosts.push_back(h);
    }
    for (const std::string& blocked : rules.blocked_domains) {
        for (const std::string& host : hosts) {
            if (domain_matches(host, blocked)) {
                Reasons::add(r.reject, quoted("blocked domain", blocked));
                break;
            }
        }
    }
}

void check_block_words(const Post& post, const ModerationRules& rules, Reasons& r) {
    if (rules.block_words.empty()) return;
    std::vector<std::vector<FoldedWord>> fields;
    fields.push_back(fold_words(post.text));
    fields.push_back(fold_words(post.author));
    fields.push_back(fold_words(post.content_warning));
    for (const Media& m : post.media) fields.push_back(fold_words(m.alt));
    for (const std::string& tag : post.tags) fields.push_back(fold_words(tag));
    for (const std::string& word : rules.block_words) {
        const std::vector<FoldedWord> needle = fold_words(word);
        if (needle.empty()) continue;
        for (const auto& field : fields) {
            if (find_words(field, needle) >= 0) {
                Reasons::add(r.reject, quoted("block word", word));
                break;
            }
        }
    }
}

void check_shape(const Post& post, const ModerationRules& rules, TimePoint now, Reasons& r) {
    const std::size_t length = count_code_points(post.text);
    if (rules.min_length > 0 && length < rules.min_length) Reasons::add(r.reject, "rule: too short");
    if (rules.max_length > 0 && length > rules.max_length) Reasons::add(r.reject, "rule: too long");
    if (!rules.languages.empty()) {
        const std::string lang = primary_language(post.language);
        if (lang.empty()) {
            if (!rules.allow_unknown_language) Reasons::add(r.reject, "rule: language unknown");
        } else {
            bool allowed = std::any_of(rules.languages.begin(), rules.languages.end(),
                                       [&](const std::string& l) { return primary_language(l) == lang; });
            if (!allowed) Reasons::add(r.reject, quoted("language", lang));
        }
    }
    if (rules.max_age.count() > 0 && now - post.created > rules.max_age) Reasons::add(r.reject, "rule: too old");
}

void apply_policy(Policy policy, const char* reason, Reasons& r) {
    if (policy == Policy::Reject) Reasons::add(r.reject, reason);
    if (policy == Policy::Hold) Reasons::add(r.hold, reason);
}

void check_privacy(const Post& post, const PrivacySettings& settings, Decision& decision, Reasons& r) {
    auto scan_field = [&](const std::string& field, const std::string& text) {
        for (Finding& f : PrivacyGuard::scan(text, settings)) decision.highlights.push_back(Highlight{field, std::move(f)});
    };
    scan_field("text", post.text);
    scan_field("author", post.author);  // shown on screen unless names are hidden
    scan_field("content_warning", post.content_warning);
    for (std::size_t i = 0; i < post.media.size(); ++i) {
        scan_field("media[" + std::to_string(i) + "].alt", post.media[i].alt);
    }
    for (const Highlight& h : decision.highlights) {
        Reasons::add(r.hold, std::string("privacy: ") + privacy_reason(h.finding.kind));
    }
}

}  // namespace

Decision moderate(const Post& post, const ModerationRules& rules, TimePoint now) {
    Decision decision;
    Reasons r;
    check_authors(post, rules, r);
    check_domains(post, rules, r);
    check_block_words(post, rules, r);
    for (const std::string& label : post.labels) {
        if (label == "!hide") Reasons::add(r.reject, quoted("label", label));
    }
    check_shape(post, rules, now, r);
    if (post.is_reply) apply_policy(rules.replies, "rule: reply", r);
    if (post.is_repost) apply_policy(rules.boosts, "rule: boost", r);

    const bool sensitive = post.sensitive || !post.content_warning.empty() || has_adult_label(post);
    if (sensitive) {
        // Sensitive posts never auto-approve: "allow" still waits for a person
        // when the source is trusted.
        Policy p = rules.sensitive;
        if (p == Policy::Allow && rules.approval == Approval::Auto) p = Policy::Hold;
        apply_policy(p, "rule: sensitive", r);
    }
    check_privacy(post, rules.privacy, decision, r);

    if (rules.approval == Approval::Auto) Reasons::add(r.approve, "source: trusted");
    else Reasons::add(r.hold, "source: manual approval");

    decision.verdict = !r.reject.empty() ? Verdict::Reject : !r.hold.empty() ? Verdict::Hold : Verdict::Approve;
    for (auto* list : {&r.reject, &r.hold, &r.approve}) {
        for (std::string& reason : *list) decision.reasons.push_back(std::move(reason));
    }
    return decision;
}

std::string decision_name(Verdict verdict) {
    switch (verdict) {
    case Verdict::Approve: return "approve";
    case Verdict::Hold: return "hold";
    case Verdict::Reject: return "reject";
    }
    return "hold";
}

std::string decision_name(const Decision& decision) { return decision_name(decision.verdict); }

std::string describe(const Decision& decision) {
    std::string out = decision_name(decision);
    for (std::size_t i = 0; i < decision.reasons.size(); ++i) {
        out += i == 0 ? ": " : "; ";
        out += decision.reasons[i];
    }
    return out;
}

}  // namespace lw::moderation
