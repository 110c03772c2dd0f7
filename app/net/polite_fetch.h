// One polite poll of one source, in one call: the source's backoff is
// asked first, then the host's pacing budget, then the request goes out,
// and the reply updates the backoff (and holds the whole host when the
// server says it is rate-limiting us). The result says what to do with the
// body, when to ask again, and the one log sentence to write on failure.
//
// This is the piece the poller loop calls; it never sleeps and never logs,
// so it is tested with ScriptedHttpClient and a FixedClock.
#pragma once

#include "core/time.h"
#include "net/backoff.h"
#include "net/host_pacer.h"
#include "net/http_client.h"

#include <string>
#include <string_view>

namespace lw::net {

enum class PollStatus {
    Fresh,        // a new body: parse it, store the validators
    NotModified,  // 304: nothing new, nothing to parse
    Deferred,     // nothing was sent: backoff or pacing says not yet
    Failed,       // sent, and it failed (transport, status, rate limit)
    Cancelled,    // the request's stop token fired; shutting down
};

const char* to_string(PollStatus status);

struct PollResult {
    PollStatus status = PollStatus::Deferred;
    Response response;      // empty when Deferred
    TimePoint not_before{}; // the earliest this source may be polled again
    bool needs_credentials = false;  // 401, 403 or 422
    // One sentence for the log when status is Failed: what failed and what
    // happens next. Empty otherwise.
    std::string log_line;
};

class PoliteFetcher {
public:
    PoliteFetcher(HttpClient& client, HostPacer& pacer, const Clock& clock);

    // `source_name` names the source in log lines ("mastodon #hospital").
    PollResult poll(const Request& request, Backoff& backoff, std::string_view source_name);

private:
    HttpClient& client_;
    HostPacer& pacer_;
    const Clock& clock_;
};

// "12 s", "3 min", "1 h 5 min": how long until `then`, for log lines.
std::string wait_words(TimePoint then, TimePoint now);

}  // namespace lw::net
