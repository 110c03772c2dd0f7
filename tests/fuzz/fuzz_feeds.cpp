// libFuzzer target: every feed parser with the same bytes. Whatever the body,
// a parser returns (posts, or a one-sentence error): no crash, no hang, no
// out-of-bounds read, and every post it returns has valid UTF-8 text.
#include "sources/bluesky.h"
#include "sources/mastodon.h"
#include "sources/webfeed.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

bool valid_utf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        if (n == 0 || i + n > s.size()) return false;
        for (std::size_t k = 1; k < n; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
        i += n;
    }
    return true;
}

void check(const lw::sources::ParseResult& r) {
    for (const lw::Post& p : r.posts)
        if (!valid_utf8(p.text) || !valid_utf8(p.author) || !valid_utf8(p.handle)) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view body(reinterpret_cast<const char*>(data), size);
    lw::sources::ParseContext ctx;
    ctx.source_id = "fuzz";
    ctx.instance_host = "mastodon.example";
    ctx.feed_url = "https://news.example/feed";
    ctx.max_items = 50;
    check(lw::sources::parse_web_feed(body, ctx));
    ctx.source_kind = lw::SourceKind::MastodonHashtag;
    check(lw::sources::parse_mastodon_statuses(body, ctx));
    (void)lw::sources::parse_mastodon_account(body);
    (void)lw::sources::mastodon_error_message(body);
    (void)lw::sources::mastodon_newest_id(body);
    ctx.source_kind = lw::SourceKind::BlueskyAuthor;
    check(lw::sources::parse_bluesky_feed(body, ctx));
    (void)lw::sources::parse_bluesky_session(body);
    (void)lw::sources::bluesky_error_message(body);
    (void)lw::sources::jwt_expiry(body);
    return 0;
}
