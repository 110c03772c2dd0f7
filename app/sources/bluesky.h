// Bluesky (AT Protocol): request URLs, sessions and the parsing of feed
// responses. getAuthorFeed / getFeed answers (`feed[]` of {post, reason})
// and searchPosts answers (`posts[]`) become Posts; reposts become the
// original post marked as a repost. Labels on the post, the record or the
// author go into Post::labels, and the adult / graphic / !hide / !warn ones
// mark the post sensitive. Pure: no HTTP here.
#pragma once

#include "sources/parse.h"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lw::sources {

// The public AppView that serves getAuthorFeed and getFeed without a login.
inline constexpr std::string_view kBlueskyPublicApi = "https://public.api.bsky.app";
// Where createSession is sent for accounts hosted by Bluesky itself.
inline constexpr std::string_view kBlueskyDefaultService = "https://bsky.social";

ParseResult parse_bluesky_feed(std::string_view body, const ParseContext& ctx);

// Cursors only page backwards, so a poll reads the first page and keeps what
// is new: walks the page from the top and stops at the first known post. A
// known repost does not stop the walk (a repost of an old post can sit on
// top of new ones); it is just left out.
std::vector<Post> bluesky_new_posts(std::vector<Post> first_page,
                                    const std::function<bool(const std::string& uri)>& is_known);

// The bytes [byte_start, byte_end) of a post text, as facets index it, or
// nullopt when the range is outside the text or splits a UTF-8 character.
std::optional<std::string_view> facet_slice(std::string_view text, long long byte_start,
                                            long long byte_end);

// https://bsky.app/profile/<handle or did>/post/<rkey> for an at:// post URI;
// "" when the URI is not one.
std::string bluesky_permalink(std::string_view at_uri, std::string_view handle);

struct BlueskySession {
    std::string access_jwt;
    std::string refresh_jwt;
    std::string did;
    std::string handle;
    std::optional<TimePoint> access_expires;  // the access token's `exp`, when readable
};

struct BlueskySessionResult {
    std::optional<BlueskySession> session;
    std::string error;  // one sentence when `session` is empty
};

// com.atproto.server.createSession and refreshSession answers (same shape).
BlueskySessionResult parse_bluesky_session(std::string_view body);

// The JSON body for createSession: {"identifier": ..., "password": ...}.
std::string bluesky_create_session_body(std::string_view identifier, std::string_view app_password);

// The `exp` claim of a JWT (not verified: only to know when to refresh).
std::optional<TimePoint> jwt_expiry(std::string_view jwt);

// "AuthenticationRequired: Invalid identifier or password" from an XRPC
// error body, or "".
std::string bluesky_error_message(std::string_view body);

// --- Request URLs. `service` is e.g. kBlueskyPublicApi (no trailing '/'). ---
std::string bluesky_author_feed_url(std::string_view service, std::string_view actor, int limit = 30,
                                    std::string_view filter = "posts_and_author_threads");
std::string bluesky_feed_url(std::string_view service, std::string_view feed_at_uri, int limit = 30);
std::string bluesky_search_url(std::string_view service, std::string_view query, int limit = 30);
std::string bluesky_create_session_url(std::string_view service);
std::string bluesky_refresh_session_url(std::string_view service);

}  // namespace lw::sources
