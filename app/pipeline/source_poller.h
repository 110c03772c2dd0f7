// One configured source, polled politely: builds the request its kind needs
// (with the account lookup Mastodon needs once, and the login Bluesky search
// needs), asks the PoliteFetcher, parses the reply into Posts and keeps the
// source's state (cursor, validators, health) for the store. It never
// sleeps, never logs and never touches the store: the pipeline does.
#pragma once

#include "core/config.h"
#include "core/time.h"
#include "net/backoff.h"
#include "net/polite_fetch.h"
#include "store/store.h"

#include <optional>
#include <stop_token>
#include <string>
#include <vector>

namespace lw::pipeline {

struct PollOutcome {
    net::PollStatus status = net::PollStatus::Deferred;
    std::vector<Post> posts;               // parsed this round (the store drops known ones)
    std::vector<std::string> log_lines;    // one sentence each, for the log
};

class SourcePoller {
public:
    SourcePoller(SourceConfig config, const Clock& clock);

    const SourceConfig& config() const { return config_; }
    // Picks up where the last run stopped (cursor, validators, health).
    void restore(const SourceState& state);
    const SourceState& state() const { return state_; }
    // When this source may be asked next.
    TimePoint next_poll() const { return next_poll_; }
    // The screen is off (its hours): after a poll, ask again only after
    // `interval`, or when the screen comes on at `until` if that is sooner.
    // An interval of 0 (or shorter than the source's own) changes nothing.
    void set_quiet(std::chrono::seconds interval, TimePoint until) {
        quiet_interval_ = interval;
        quiet_until_ = until;
    }
    // The store kept `count` of this round's posts as new.
    void count_new_posts(std::size_t count) { state_.posts_seen += static_cast<std::int64_t>(count); }

    PollOutcome poll(net::PoliteFetcher& fetcher, std::stop_token stop = {});

private:
    net::Request request_for(const std::string& url, std::stop_token stop) const;
    // Mastodon account sources: the opaque account id, looked up once.
    bool ensure_account_id(net::PoliteFetcher& fetcher, PollOutcome& out, std::stop_token stop);
    // Bluesky search: a session from the app password, renewed before it expires.
    bool ensure_session(net::PoliteFetcher& fetcher, PollOutcome& out, std::stop_token stop);
    void parse(const net::Response& response, PollOutcome& out);
    void failed(const std::string& why, PollOutcome& out);

    SourceConfig config_;
    const Clock& clock_;
    net::Backoff backoff_;
    SourceState state_;
    TimePoint next_poll_{};
    std::chrono::seconds quiet_interval_{0};
    TimePoint quiet_until_{};
    std::string account_id_;
    std::optional<std::string> access_token_;
    std::optional<TimePoint> access_expires_;
};

// "mastodon #StVKnee", "web feed news": how a source is named in log lines.
std::string describe_source(const SourceConfig& source);

}  // namespace lw::pipeline
