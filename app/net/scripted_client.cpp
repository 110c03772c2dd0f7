// The scripted fake HttpClient (see scripted_client.h).
#include "net/scripted_client.h"

#include "net/url_policy.h"

#include <fmt/format.h>

namespace lw::net {

Response scripted_reply(int status, std::string body, std::vector<std::pair<std::string, std::string>> headers) {
    Response r;
    r.status = status;
    r.body = status == 304 ? std::string() : std::move(body);
    for (auto& [name, value] : headers) r.headers.add(std::move(name), std::move(value));
    if (status != 304 && (status < 200 || status >= 300)) {
        r.error_kind = ErrorKind::HttpStatus;
        r.error = fmt::format("the scripted server answered with status {}", status);
    }
    return r;
}

Response ScriptedHttpClient::fetch(const Request& request) {
    requests_.push_back(request);
    Response reply;
    const UrlVerdict verdict = check_url(request.url, request.allow_plain_http);
    if (!verdict.parts) {
        reply.error_kind = verdict.kind;
        reply.error = verdict.error;
    } else if (request.stop.stop_requested()) {
        reply.error_kind = ErrorKind::Cancelled;
        reply.error = fmt::format("the request to {} was cancelled", verdict.parts->host);
    } else if (responder_) {
        reply = responder_(request);
    } else if (!script_.empty()) {
        reply = std::move(script_.front());
        script_.pop_front();
    } else {
        reply.error_kind = ErrorKind::Network;
        reply.error = fmt::format("the scripted client has no reply left for {}", verdict.parts->host);
    }
    if (reply.final_url.empty()) reply.final_url = request.url;
    if (reply.error_kind != ErrorKind::None && reply.error_kind != ErrorKind::HttpStatus) reply.body.clear();
    return reply;
}

}  // namespace lw::net
