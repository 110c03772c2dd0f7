// The seam between lobbywall and the network: a Request goes in, a Response
// comes out, and every expected failure (timeout, refused scheme, body too
// large, ...) is a value in the Response, never an exception.
//
// HttpClient is an interface so that sources and the poller can be tested
// with a fake; the real implementation is CurlHttpClient (net/curl_client.h).
// This header knows nothing about libcurl.
#pragma once

#include "net/headers.h"

#include <chrono>
#include <cstddef>
#include <stop_token>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lw::net {

enum class Method { Get, Post };

struct Request {
    std::string url;
    Method method = Method::Get;
    std::string body;                           // sent with Post only
    std::string content_type = "application/json";  // of `body`, Post only

    std::string accept;        // Accept header; empty sends none
    std::string bearer_token;  // "Authorization: Bearer ..."; never follows a
                               // redirect to another host
    std::vector<std::pair<std::string, std::string>> headers;  // any others

    // Conditional GET: the validators from the last 200, sent back as
    // If-None-Match / If-Modified-Since. A 304 then costs no body.
    std::string etag;
    std::string last_modified;

    std::size_t body_cap = 0;       // bytes after decompression; 0 = the client's default
    bool allow_plain_http = false;  // per-source opt-in for http:// off this machine

    // Cancels the transfer within about a second when stop is requested, so
    // shutdown never waits out a 30 s timeout.
    std::stop_token stop;
};

// Why a fetch failed. None means the transfer worked, whatever the status.
enum class ErrorKind {
    None,
    InvalidUrl,       // not a URL we can parse, or a header with a line break
    SchemeRefused,    // not https (plain http only to loopback or with the opt-in)
    Dns,              // the host name did not resolve
    Refused,          // no connection: refused, unreachable
    Timeout,          // connect, total or low-speed timeout
    Tls,              // handshake or certificate verification failed
    TooLarge,         // the body passed the cap (decoded bytes)
    Incomplete,       // the connection closed before the whole body arrived
    RedirectRefused,  // too many redirects, or one to another scheme or to plain http
    Protocol,         // a reply that is not valid HTTP, or a body that does not decode
    Network,          // any other send/receive failure
    HttpStatus,       // the transfer worked but the final status is not 2xx or 304
    Cancelled,        // Request::stop was requested
    Proxy,            // the configured proxy is unreachable, refused the tunnel or wants credentials
    Internal,         // libcurl could not be set up; a bug or an out-of-memory
};

// "timeout", "too_large", ... for logs and the staff console.
const char* to_string(ErrorKind kind);

struct Response {
    ErrorKind error_kind = ErrorKind::None;
    std::string error;  // one sentence saying what failed; empty when it did not

    int status = 0;       // the final HTTP status; 0 when no reply arrived
    Headers headers;      // of the final reply
    std::string body;     // decoded; empty on 304 and on every transport error
    std::string final_url;
    int redirects = 0;    // how many were followed
    std::chrono::milliseconds elapsed{0};

    // The transfer worked and the server said 2xx or 304.
    bool ok() const {
        return error_kind == ErrorKind::None && ((status >= 200 && status < 300) || status == 304);
    }
    // A conditional GET found nothing new.
    bool not_modified() const { return error_kind == ErrorKind::None && status == 304; }

    // Validators to store with the source for the next conditional GET
    // (empty when the server sent none).
    std::string etag() const { return headers.get("ETag").value_or(""); }
    std::string last_modified() const { return headers.get("Last-Modified").value_or(""); }
};

// One client is used from one thread at a time; give each thread its own.
class HttpClient {
public:
    virtual ~HttpClient() = default;
    virtual Response fetch(const Request& request) = 0;
};

}  // namespace lw::net
