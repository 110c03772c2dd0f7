// Posts as the console page reads them: the stored post, its moderation
// state and reasons, and the privacy guard's findings. The text comes split
// into parts, each either plain or flagged with the reason, so the page
// highlights spans without converting UTF-8 byte offsets to JavaScript's
// UTF-16 indices. Images are linked through /api/media/ (files we
// re-encoded); remote URLs are never handed to the browser, so the console
// does not fetch anything from outside the box.
#include "server/console_api.h"

#include "moderation/privacy_guard.h"
#include "server/console_request.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>

namespace lw {
namespace {

using nlohmann::json;
using capi::media_route;

// The guard's reason as the end of a sentence for the moderator: the page
// shows "Held: looks like a phone number" next to the highlighted span.
std::string privacy_sentence(const std::string& reason) {
    static const std::pair<const char*, const char*> kSentences[] = {
        {"phone number", "looks like a phone number"},
        {"e-mail address", "looks like an e-mail address"},
        {"date of birth", "looks like a date of birth"},
        {"ID-like number", "looks like a medical record or other ID number"},
        {"street address", "looks like a street address"},
        {"room or bed number", "looks like a room or bed number"},
        {"name next to a condition", "a person's name next to a diagnosis or procedure"},
        {"\"my patient\"", "someone writing about \"my patient\""},
    };
    for (const auto& [r, sentence] : kSentences)
        if (reason == r) return sentence;
    return "looks like " + reason;
}

// The guard's own words for one finding ("looks like a child's name with a
// ward"), else the sentence for its kind.
std::string finding_words(const moderation::Finding& f) {
    return f.detail.empty() ? privacy_sentence(f.reason) : f.detail;
}

// Plain and flagged parts of `text`; overlapping findings are merged into
// the first one's span.
json text_parts(const std::string& text, const std::vector<moderation::Finding>& findings) {
    json parts = json::array();
    std::size_t at = 0;
    auto plain = [&](std::size_t end) {
        if (end > at) parts.push_back({{"text", text.substr(at, end - at)}, {"flag", nullptr}});
    };
    for (const auto& f : findings) {
        std::size_t begin = std::max(f.byte_begin, at);
        std::size_t end = std::min(f.byte_end, text.size());
        if (begin >= end) continue;
        plain(begin);
        parts.push_back({{"text", text.substr(begin, end - begin)},
                         {"flag", f.reason},
                         {"why", finding_words(f)}});
        at = end;
    }
    plain(text.size());
    return parts;
}

void add_highlights(json& out, const std::string& field, const std::string& text,
                    const std::vector<moderation::Finding>& findings) {
    for (const auto& f : findings) {
        std::size_t end = std::min(f.byte_end, text.size());
        if (f.byte_begin >= end) continue;
        out.push_back({{"field", field},
                       {"match", text.substr(f.byte_begin, end - f.byte_begin)},
                       {"reason", f.reason},
                       {"why", finding_words(f)}});
    }
}

const char* media_kind(Media::Kind kind) {
    switch (kind) {
        case Media::Kind::Image: return "image";
        case Media::Kind::VideoThumbnail: return "video";
        case Media::Kind::LinkThumbnail: return "link";
    }
    return "image";
}

// What "Block" on this post's card would block, in the page's words: the
// handle; for a web-feed item the author the feed names; else only the feed.
json block_choice(const Post& p) {
    if (p.source_kind == SourceKind::WebFeed) {
        if (feed_author_of(p))
            return {{"kind", "feed_author"}, {"name", p.author}, {"feed", p.handle}};
        return {{"kind", "feed"}, {"name", p.handle}};
    }
    if (normalize_handle(p.handle).empty()) return nullptr;
    return {{"kind", "handle"}, {"name", p.handle}};
}

}  // namespace

std::vector<std::string> privacy_hold_reasons(const StoredPost& sp, const moderation::PrivacySettings& privacy) {
    std::vector<std::string> out;
    auto add = [&](const std::string& reason) {
        std::string sentence = privacy_sentence(reason);
        if (std::find(out.begin(), out.end(), sentence) == out.end()) out.push_back(sentence);
    };
    // What the rules recorded when the post arrived ("privacy: phone number")...
    const std::string prefix = "privacy: ";
    for (const auto& r : sp.reasons)
        if (r.rfind(prefix, 0) == 0) add(r.substr(prefix.size()));
    // ...and what the guard finds now, so a post stored before a rule change,
    // or moved by hand, is judged by today's guard too.
    const Post& p = sp.post;
    std::vector<const std::string*> fields = {&p.text, &p.author, &p.content_warning};
    for (const Media& m : p.media) fields.push_back(&m.alt);
    for (const std::string* field : fields)
        for (const auto& f : moderation::PrivacyGuard::scan(*field, privacy)) add(f.reason);
    return out;
}

nlohmann::json audit_post_summary(const StoredPost& sp) {
    const Post& p = sp.post;
    // The first dozen words, cut on a code point boundary.
    std::string words;
    int count = 0;
    bool in_word = false;
    for (std::size_t i = 0; i < p.text.size() && count <= 12; ++i) {
        const bool space = p.text[i] == ' ' || p.text[i] == '\n' || p.text[i] == '\t';
        if (!space && !in_word && ++count > 12) break;
        in_word = !space;
        words += space ? ' ' : p.text[i];
    }
    while (!words.empty() && words.back() == ' ') words.pop_back();
    if (words.size() < p.text.size()) words += "\u2026";
    return {{"author", p.author}, {"handle", p.handle}, {"words", words},
            {"link", p.permalink.rfind("https://", 0) == 0 ? p.permalink : ""},
            {"state", to_string(sp.state)}};
}

std::string json_error(const std::string& message) {
    return json{{"error", message}}.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string post_to_json(const StoredPost& sp, const moderation::PrivacySettings& privacy) {
    const Post& p = sp.post;
    const auto scan = [&](const std::string& text) { return moderation::PrivacyGuard::scan(text, privacy); };
    auto text_findings = scan(p.text);
    json highlights = json::array();
    add_highlights(highlights, "text", p.text, text_findings);
    add_highlights(highlights, "author", p.author, scan(p.author));
    add_highlights(highlights, "content_warning", p.content_warning,
                   scan(p.content_warning));

    json media = json::array();
    for (std::size_t i = 0; i < p.media.size(); ++i) {
        const Media& m = p.media[i];
        add_highlights(highlights, "media[" + std::to_string(i) + "].alt", m.alt,
                       scan(m.alt));
        media.push_back({{"kind", media_kind(m.kind)},
                         {"src", media_route(m.local_path)},
                         {"alt", m.alt},
                         {"width", m.width},
                         {"height", m.height}});
    }
    json out = {
        {"id", p.id},
        {"source_id", p.source_id},
        {"source_kind", to_string(p.source_kind)},
        {"author", p.author},
        {"handle", p.handle},
        {"avatar", media_route(p.avatar_local_path)},
        {"text", p.text},
        {"text_parts", text_parts(p.text, text_findings)},
        {"content_warning", p.content_warning},
        {"language", p.language},
        {"tags", p.tags},
        {"labels", p.labels},
        {"media", media},
        {"created", format_rfc3339(p.created)},
        {"permalink", p.permalink},
        {"sensitive", p.sensitive},
        {"is_reply", p.is_reply},
        {"is_repost", p.is_repost},
        {"reposted_by", p.reposted_by},
        {"state", to_string(sp.state)},
        {"reasons", sp.reasons},
        {"decided_by", sp.decided_by},
        {"decided_at", sp.decided_at ? format_rfc3339(*sp.decided_at) : ""},
        {"pinned", sp.pinned},
        {"first_seen", format_rfc3339(sp.first_seen)},
        {"highlights", highlights},
        {"held_for_privacy", privacy_hold_reasons(sp, privacy)},
        {"block", block_choice(p)},
    };
    // Feeds can carry invalid UTF-8; replace it rather than fail the list.
    return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace lw
