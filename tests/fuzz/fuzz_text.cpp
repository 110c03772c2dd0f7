// libFuzzer target: the text functions that see feed content before a person
// does: HTML to text, dates, the privacy guard, moderation, URL helpers and
// the wall's word wrapping. No crash, no hang, offsets within the text.
#include "moderation/moderate.h"
#include "moderation/privacy_guard.h"
#include "sources/html_text.h"
#include "sources/rfc822.h"
#include "sources/text_clean.h"
#include "wall/text_layout.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    (void)lw::sources::html_to_text(input);
    (void)lw::sources::parse_feed_date(input);
    (void)lw::sources::resolve_url("https://news.example/a/b", input);
    (void)lw::sources::url_host(input);

    const std::string text = lw::sources::to_valid_utf8(input);
    for (const auto& f : lw::moderation::PrivacyGuard::scan(text))
        if (f.byte_begin > f.byte_end || f.byte_end > text.size()) std::abort();

    lw::Post post;
    post.id = "fuzz";
    post.text = text;
    post.author = text.substr(0, 40);
    post.tags = {text.substr(0, 12)};
    post.created = lw::TimePoint{std::chrono::seconds{1'800'000'000}};
    lw::moderation::ModerationRules rules = lw::moderation::default_rules(lw::SourceKind::MastodonHashtag);
    rules.block_words = {"go away", "idiot"};
    rules.max_length = 500;
    (void)lw::moderation::moderate(post, rules, post.created + std::chrono::hours{1});

    // Wrapping with a crude measure: 10 px a byte.
    const auto wrapped = lw::wall::wrap_text(text, 300.0f, 4, [](std::string_view s) { return 10.0f * s.size(); });
    for (const std::string& line : wrapped.lines)
        if (line.size() > text.size() + 8) std::abort();
    (void)lw::wall::shorten_url(text);
    return 0;
}
