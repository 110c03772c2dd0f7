// A fake HttpClient that answers from a script, for tests of the sources,
// the poller and anything else that fetches. It records every request and
// applies the same URL policy as the real client (so code that would send
// plain http off this machine fails in tests too), but never touches the
// network.
#pragma once

#include "net/http_client.h"

#include <deque>
#include <functional>
#include <string>
#include <vector>

namespace lw::net {

class ScriptedHttpClient final : public HttpClient {
public:
    // Replies are used in order; when the script runs out, every fetch fails
    // with ErrorKind::Network and says so.
    void push(Response reply) { script_.push_back(std::move(reply)); }

    // A reply built from the request instead (takes priority over the script).
    void answer_with(std::function<Response(const Request&)> responder) { responder_ = std::move(responder); }

    Response fetch(const Request& request) override;

    const std::vector<Request>& requests() const { return requests_; }
    std::size_t remaining() const { return script_.size(); }

private:
    std::deque<Response> script_;
    std::function<Response(const Request&)> responder_;
    std::vector<Request> requests_;
};

// Convenience for scripts: a 200 with `body` and optional headers.
Response scripted_reply(int status, std::string body = {},
                        std::vector<std::pair<std::string, std::string>> headers = {});

}  // namespace lw::net
