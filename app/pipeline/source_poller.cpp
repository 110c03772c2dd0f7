// Polling one source: see source_poller.h.
#include "pipeline/source_poller.h"

#include "net/url_policy.h"
#include "sources/bluesky.h"
#include "sources/mastodon.h"
#include "sources/webfeed.h"

#include <algorithm>

namespace lw::pipeline {
namespace {

std::string host_of(const std::string& url) {
    auto parsed = net::parse_url(url);
    return parsed ? parsed->host : std::string();
}

bool is_bluesky(SourceKind k) {
    return k == SourceKind::BlueskyAuthor || k == SourceKind::BlueskyFeed || k == SourceKind::BlueskySearch;
}

}  // namespace

std::string describe_source(const SourceConfig& s) {
    switch (s.kind) {
        case SourceKind::MastodonHashtag: return "'" + s.name + "' (mastodon #" + s.tag + ")";
        case SourceKind::MastodonAccount: return "'" + s.name + "' (mastodon @" + s.account + ")";
        case SourceKind::BlueskyAuthor: return "'" + s.name + "' (bluesky " + s.account + ")";
        case SourceKind::BlueskyFeed: return "'" + s.name + "' (bluesky feed)";
        case SourceKind::BlueskySearch: return "'" + s.name + "' (bluesky search)";
        case SourceKind::WebFeed: return "'" + s.name + "' (web feed)";
        default: return "'" + s.name + "'";
    }
}

SourcePoller::SourcePoller(SourceConfig config, const Clock& clock)
    : config_(std::move(config)), clock_(clock), backoff_(net::BackoffOptions{}, clock) {
    state_.source_id = config_.name;
    state_.kind = to_string(config_.kind);
}

void SourcePoller::restore(const SourceState& state) {
    const std::string kind = state_.kind;
    state_ = state;
    state_.source_id = config_.name;
    if (state.kind != kind) {
        // The config changed what this name points at: start afresh.
        state_ = SourceState{};
        state_.source_id = config_.name;
    }
    state_.kind = kind;
}

net::Request SourcePoller::request_for(const std::string& url, std::stop_token stop) const {
    net::Request r;
    r.url = url;
    r.allow_plain_http = config_.allow_plain_http;
    r.stop = stop;
    if (config_.kind == SourceKind::WebFeed) {
        r.accept = "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, "
                   "application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5";
        r.etag = state_.etag;
        r.last_modified = state_.last_modified;
    } else {
        r.accept = "application/json";
    }
    if (config_.kind == SourceKind::MastodonHashtag || config_.kind == SourceKind::MastodonAccount)
        r.bearer_token = config_.token;
    if (config_.kind == SourceKind::BlueskySearch && access_token_) r.bearer_token = *access_token_;
    return r;
}

void SourcePoller::failed(const std::string& why, PollOutcome& out) {
    out.status = net::PollStatus::Failed;
    out.log_lines.push_back(why);
    state_.last_error = why;
    ++state_.consecutive_failures;
}

bool SourcePoller::ensure_account_id(net::PoliteFetcher& fetcher, PollOutcome& out, std::stop_token stop) {
    if (!account_id_.empty()) return true;
    const std::string url = sources::mastodon_account_lookup_url(config_.instance, config_.account);
    net::PollResult r = fetcher.poll(request_for(url, stop), backoff_, describe_source(config_));
    next_poll_ = std::max(next_poll_, r.not_before);
    state_.next_poll = next_poll_;
    if (r.status != net::PollStatus::Fresh) {
        out.status = r.status;
        if (r.status == net::PollStatus::Failed) failed(r.log_line, out);
        return false;
    }
    sources::MastodonAccountResult account = sources::parse_mastodon_account(r.response.body);
    if (!account.account) {
        failed("cannot look up the account of " + describe_source(config_) + ": " + account.error, out);
        return false;
    }
    account_id_ = account.account->id;
    return true;
}

bool SourcePoller::ensure_session(net::PoliteFetcher& fetcher, PollOutcome& out, std::stop_token stop) {
    const TimePoint now = clock_.now();
    if (access_token_ && (!access_expires_ || *access_expires_ > now + std::chrono::minutes(2))) return true;
    net::Request login = request_for(sources::bluesky_create_session_url(config_.instance), stop);
    login.method = net::Method::Post;
    login.body = sources::bluesky_create_session_body(config_.identifier, config_.app_password);
    login.bearer_token.clear();
    net::PollResult r = fetcher.poll(login, backoff_, describe_source(config_));
    next_poll_ = std::max(next_poll_, r.not_before);
    if (r.status != net::PollStatus::Fresh) {
        out.status = r.status;
        if (r.status == net::PollStatus::Failed) failed(r.log_line, out);
        return false;
    }
    sources::BlueskySessionResult session = sources::parse_bluesky_session(r.response.body);
    if (!session.session) {
        failed("cannot log in to Bluesky for " + describe_source(config_) + ": " + session.error, out);
        return false;
    }
    access_token_ = session.session->access_jwt;
    access_expires_ = session.session->access_expires;
    return true;
}

PollOutcome SourcePoller::poll(net::PoliteFetcher& fetcher, std::stop_token stop) {
    PollOutcome out;
    const TimePoint now = clock_.now();
    if (now < next_poll_) return out;
    state_.last_attempt = now;
    next_poll_ = now + std::chrono::seconds(config_.poll_seconds);
    if (quiet_interval_ > std::chrono::seconds(config_.poll_seconds))
        next_poll_ = std::max(next_poll_, std::min(now + quiet_interval_, quiet_until_));
    state_.next_poll = next_poll_;

    std::string url;
    switch (config_.kind) {
        case SourceKind::MastodonHashtag:
            url = sources::mastodon_tag_timeline_url(config_.instance, config_.tag, state_.cursor);
            break;
        case SourceKind::MastodonAccount:
            if (!ensure_account_id(fetcher, out, stop)) return out;
            url = sources::mastodon_account_statuses_url(config_.instance, account_id_, state_.cursor,
                                                        config_.exclude_replies, config_.exclude_reblogs);
            break;
        case SourceKind::BlueskyAuthor: url = sources::bluesky_author_feed_url(config_.instance, config_.account); break;
        case SourceKind::BlueskyFeed: url = sources::bluesky_feed_url(config_.instance, config_.feed); break;
        case SourceKind::BlueskySearch:
            if (!ensure_session(fetcher, out, stop)) return out;
            url = sources::bluesky_search_url(config_.instance, config_.query);
            break;
        case SourceKind::WebFeed: url = config_.url; break;
        default: return out;
    }
    net::PollResult r = fetcher.poll(request_for(url, stop), backoff_, describe_source(config_));
    next_poll_ = std::max(next_poll_, r.not_before);
    state_.next_poll = next_poll_;
    out.status = r.status;
    switch (r.status) {
        case net::PollStatus::Fresh: parse(r.response, out); break;
        case net::PollStatus::NotModified:
            state_.last_success = now;
            state_.last_error.clear();
            state_.consecutive_failures = 0;
            break;
        case net::PollStatus::Failed:
            if (r.needs_credentials && config_.kind == SourceKind::BlueskySearch) access_token_.reset();
            failed(r.log_line, out);
            break;
        default: break;
    }
    return out;
}

void SourcePoller::parse(const net::Response& response, PollOutcome& out) {
    const TimePoint now = clock_.now();
    sources::ParseContext ctx;
    ctx.source_id = config_.name;
    ctx.source_kind = config_.kind;
    ctx.instance_host = host_of(config_.instance);
    ctx.feed_url = response.final_url.empty() ? config_.url : response.final_url;
    ctx.fetched_at = now;
    sources::ParseResult parsed;
    if (config_.kind == SourceKind::WebFeed) parsed = sources::parse_web_feed(response.body, ctx);
    else if (is_bluesky(config_.kind)) parsed = sources::parse_bluesky_feed(response.body, ctx);
    else parsed = sources::parse_mastodon_statuses(response.body, ctx);
    if (!parsed.ok()) {
        failed(describe_source(config_) + " sent a reply that cannot be read (" + parsed.body_error +
                   "); the wall keeps what it has and tries again later",
               out);
        return;
    }
    for (const std::string& e : parsed.item_errors)
        out.log_lines.push_back(describe_source(config_) + ": skipped an item: " + e);
    if (config_.kind == SourceKind::WebFeed) {
        state_.etag = response.etag();
        state_.last_modified = response.last_modified();
        out.posts = std::move(parsed.posts);
    } else if (is_bluesky(config_.kind)) {
        // The first page only, up to the newest post seen last time.
        const std::string known = state_.cursor;
        if (!parsed.posts.empty()) state_.cursor = parsed.posts.front().id;
        out.posts = sources::bluesky_new_posts(std::move(parsed.posts),
                                               [&](const std::string& uri) { return uri == known; });
    } else {
        if (!parsed.newest_cursor.empty()) state_.cursor = parsed.newest_cursor;
        out.posts = std::move(parsed.posts);
    }
    state_.last_success = now;
    state_.last_error.clear();
    state_.consecutive_failures = 0;
}

}  // namespace lw::pipeline
