// CurlHttpClient: lobbywall's fetching rules on top of one libcurl easy handle.
//
// Redirects are followed here, not by libcurl, so that every hop goes through
// check_url() (plain http to a non-loopback host is refused on a redirect just
// as on the first request), the scheme can never change, and the bearer token
// is dropped when the origin changes. libcurl is still told which single
// protocol each hop may use, as a second lock on the same door.
#include "net/curl_client.h"

#include "net/url_policy.h"

#include <curl/curl.h>
#include <fmt/format.h>

#include <fstream>
#include <mutex>
#include <sstream>

#ifndef LOBBYWALL_VERSION
#define LOBBYWALL_VERSION "0.0.0"
#endif

namespace lw::net {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::duration_cast;
using std::chrono::milliseconds;

// What one hop (one curl_easy_perform) collected.
struct Transfer {
    std::string body;
    std::size_t cap = 0;
    bool too_large = false;
    bool cancelled = false;
    int status = 0;
    std::string reason;
    Headers headers;
    const std::stop_token* stop = nullptr;

    void reset(std::size_t body_cap, const std::stop_token* stop_token) {
        body.clear();
        cap = body_cap;
        too_large = cancelled = false;
        status = 0;
        reason.clear();
        headers.clear();
        stop = stop_token;
    }
};

// Bodyless replies may carry the Content-Length of the full representation.
bool bodyless(int status) { return (status >= 100 && status < 200) || status == 204 || status == 304; }

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
    auto* t = static_cast<Transfer*>(user);
    const std::size_t n = size * count;
    if (t->body.size() + n > t->cap) {
        t->too_large = true;
        return 0;  // anything but n makes libcurl abort with CURLE_WRITE_ERROR
    }
    t->body.append(data, n);
    return n;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
    auto* t = static_cast<Transfer*>(user);
    const std::size_t n = size * count;
    const std::string_view line(data, n);
    if (line.starts_with("HTTP/")) {
        // A new reply begins (an interim 1xx comes before the real one).
        t->headers.clear();
        t->status = 0;
        t->reason.clear();
        const auto sp = line.find(' ');
        if (sp != std::string_view::npos && sp + 4 <= line.size()) {
            if (auto code = parse_decimal(line.substr(sp + 1, 3))) t->status = static_cast<int>(*code);
            std::string_view reason = line.substr(std::min(line.size(), sp + 5));
            while (!reason.empty() && (reason.back() == '\r' || reason.back() == '\n'))
                reason.remove_suffix(1);
            t->reason = std::string(reason);
        }
        return n;
    }
    if (auto header = split_header_line(line)) {
        if (iequals(header->first, "Content-Length") && !bodyless(t->status)) {
            // Refuse an announced oversize body before a byte of it is read.
            auto length = parse_decimal(header->second);
            if (length && static_cast<unsigned long long>(*length) > t->cap) {
                t->too_large = true;
                return 0;
            }
        }
        if (t->headers.size() < 200) t->headers.add(std::move(header->first), std::move(header->second));
    }
    return n;
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    auto* t = static_cast<Transfer*>(user);
    if (t->stop && t->stop->stop_requested()) {
        t->cancelled = true;
        return 1;  // CURLE_ABORTED_BY_CALLBACK
    }
    return 0;
}

std::string size_words(std::size_t bytes) {
    if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) return fmt::format("{} MB", bytes / (1024 * 1024));
    if (bytes >= 1024 && bytes % 1024 == 0) return fmt::format("{} KB", bytes / 1024);
    return fmt::format("{} bytes", bytes);
}

std::string seconds_words(milliseconds ms) {
    if (ms.count() % 1000 == 0) return fmt::format("{} s", ms.count() / 1000);
    return fmt::format("{:.1f} s", static_cast<double>(ms.count()) / 1000.0);
}

bool has_line_break(std::string_view s) {
    return s.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos;
}

// Header names and values come from config and from servers (ETags); a line
// break in one would let it write headers of its own.
bool request_is_clean(const Request& r) {
    if (has_line_break(r.accept) || has_line_break(r.bearer_token) || has_line_break(r.etag) ||
        has_line_break(r.last_modified) || has_line_break(r.content_type))
        return false;
    for (const auto& [name, value] : r.headers)
        if (name.empty() || name.find(':') != std::string::npos || has_line_break(name) ||
            name.find(' ') != std::string::npos || has_line_break(value))
            return false;
    return true;
}

bool is_redirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

struct SlistDeleter {
    void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;

void append(Slist& list, const std::string& line) {
    curl_slist* grown = curl_slist_append(list.get(), line.c_str());
    if (grown) {
        (void)list.release();
        list.reset(grown);
    }
}

bool read_whole_file(const std::string& path, std::string& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::ostringstream buffer;
    buffer << in.rdbuf();
    out = std::move(buffer).str();
    return static_cast<bool>(in) || in.eof();
}

// "proxy.example port 3128", for sentences about the proxy.
std::string proxy_words(const std::string& proxy) {
    const auto parts = parse_url(proxy);
    return parts ? fmt::format("{} port {}", parts->host, parts->port) : proxy;
}

}  // namespace

const char* lobbywall_version() { return LOBBYWALL_VERSION; }

std::string user_agent(const std::string& contact_url) {
    std::string contact = has_line_break(contact_url) ? std::string() : contact_url;
    if (contact.empty()) return fmt::format("lobbywall/{}", LOBBYWALL_VERSION);
    return fmt::format("lobbywall/{} (+{})", LOBBYWALL_VERSION, contact);
}

void global_init() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct CurlHttpClient::Impl {
    ClientOptions options;
    std::string agent;
    CURL* easy = nullptr;
    char errors[CURL_ERROR_SIZE] = {};
    Transfer transfer;
    std::string ca_bundle;  // the system store and [net] ca_file, handed to libcurl in place
    std::string ca_error;   // [net] ca_file is unusable: every fetch fails with this
    int proxy_port = 0;

    explicit Impl(ClientOptions o) : options(std::move(o)), agent(user_agent(options.contact_url)) {
        global_init();
        easy = curl_easy_init();
        if (!easy) return;
        // Options that hold for every request this client makes.
        curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);  // no SIGALRM: safe in threads
        curl_easy_setopt(easy, CURLOPT_USERAGENT, agent.c_str());
        curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "");  // every encoding curl can decode
        curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 1L);
        curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 2L);
        if (!options.ca_file.empty()) use_extra_ca();
        else if (!options.system_ca_file.empty()) curl_easy_setopt(easy, CURLOPT_CAINFO, options.system_ca_file.c_str());
        use_proxy();
        curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L);  // followed by hand, see top
        curl_easy_setopt(easy, CURLOPT_REDIR_PROTOCOLS_STR, "https");
        curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
        curl_easy_setopt(easy, CURLOPT_LOW_SPEED_LIMIT, options.low_speed_bytes);
        curl_easy_setopt(easy, CURLOPT_LOW_SPEED_TIME, static_cast<long>(options.low_speed_time.count()));
        curl_easy_setopt(easy, CURLOPT_TCP_KEEPALIVE, 1L);
        curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, errors);
        curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, on_body);
        curl_easy_setopt(easy, CURLOPT_WRITEDATA, &transfer);
        curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, on_header);
        curl_easy_setopt(easy, CURLOPT_HEADERDATA, &transfer);
        curl_easy_setopt(easy, CURLOPT_NOPROGRESS, 0L);
        curl_easy_setopt(easy, CURLOPT_XFERINFOFUNCTION, on_progress);
        curl_easy_setopt(easy, CURLOPT_XFERINFODATA, &transfer);
        // No CURLOPT_COOKIEFILE: the cookie engine stays off, nothing is kept.
    }

    ~Impl() {
        if (easy) curl_easy_cleanup(easy);
    }

    // CURLOPT_CAINFO would replace the system store with the extra file, so
    // both are read and given as one PEM bundle (CURLOPT_CAINFO_BLOB), for
    // the servers and for an https proxy alike.
    void use_extra_ca() {
        std::string extra;
        if (!read_whole_file(options.ca_file, extra) || extra.find("-----BEGIN CERTIFICATE-----") == std::string::npos) {
            ca_error = fmt::format(
                "the extra CA file {} ([net] ca_file) cannot be read or holds no PEM certificate, so nothing is "
                "fetched until it is fixed",
                options.ca_file);
            return;
        }
        std::string system_file = options.system_ca_file;
        if (system_file.empty()) {
            char* built_in = nullptr;
            curl_easy_getinfo(easy, CURLINFO_CAINFO, &built_in);
            if (built_in) system_file = built_in;
        }
        std::string system;
        if (!system_file.empty()) read_whole_file(system_file, system);  // no system store: the extra file alone
        ca_bundle = system + "\n" + extra;
        curl_blob blob{ca_bundle.data(), ca_bundle.size(), CURL_BLOB_NOCOPY};
        curl_easy_setopt(easy, CURLOPT_CAINFO_BLOB, &blob);
        curl_easy_setopt(easy, CURLOPT_PROXY_CAINFO_BLOB, &blob);
    }

    void use_proxy() {
        // An empty string turns libcurl's reading of http_proxy & co. off.
        curl_easy_setopt(easy, CURLOPT_PROXY, options.proxy.c_str());
        if (options.proxy.empty()) return;
        if (const auto parts = parse_url(options.proxy)) proxy_port = parts->port;
        // Empty: every host goes through the proxy, whatever no_proxy says.
        curl_easy_setopt(easy, CURLOPT_NOPROXY, options.no_proxy.c_str());
        if (!options.proxy_credentials.empty()) {
            curl_easy_setopt(easy, CURLOPT_PROXYUSERPWD, options.proxy_credentials.c_str());
            curl_easy_setopt(easy, CURLOPT_PROXYAUTH, CURLAUTH_ANY);  // Basic, Digest, NTLM: what it offers
        }
    }

    // A sentence about the proxy when it, not the server, stopped the
    // transfer; nothing when the failure lies beyond it or there is none.
    // `proxy_status` is the proxy's answer to CONNECT, or its 407 to a
    // forwarded plain-http request.
    std::optional<std::string> proxy_failure(CURLcode code, long proxy_status, const std::string& host) const {
        if (options.proxy.empty()) return std::nullopt;
        const std::string proxy = proxy_words(options.proxy);
        // 407 is the standard answer; some proxies (tinyproxy) say 401 to bad credentials.
        if (proxy_status == 407 || proxy_status == 401)
            return options.proxy_credentials.empty()
                       ? fmt::format("the proxy {} asks for credentials ({}) and none are set, so {} cannot be "
                                     "reached; set [net] proxy_credentials_file",
                                     proxy, proxy_status, host)
                       : fmt::format("the proxy {} refused the credentials from [net] proxy_credentials_file ({}), "
                                     "so {} cannot be reached",
                                     proxy, proxy_status, host);
        if (proxy_status >= 300)
            return fmt::format("the proxy {} refused to open a tunnel to {} (status {})", proxy, host, proxy_status);
        if (code == CURLE_COULDNT_RESOLVE_PROXY)
            return fmt::format("the proxy's host name in [net] proxy ({}) could not be resolved", proxy);
        if (code == CURLE_COULDNT_CONNECT) {
            long port = 0;
            curl_easy_getinfo(easy, CURLINFO_PRIMARY_PORT, &port);
            if (port == proxy_port || port == 0)
                return fmt::format("no connection could be made to the proxy {} ([net] proxy), so {} cannot be "
                                   "reached",
                                   proxy, host);
        }
        return std::nullopt;
    }

    Slist hop_headers(const Request& r, Method method, bool send_token) const {
        Slist list;
        if (!r.accept.empty()) append(list, "Accept: " + r.accept);
        if (send_token && !r.bearer_token.empty()) append(list, "Authorization: Bearer " + r.bearer_token);
        if (method == Method::Get) {
            if (!r.etag.empty()) append(list, "If-None-Match: " + r.etag);
            if (!r.last_modified.empty()) append(list, "If-Modified-Since: " + r.last_modified);
        } else {
            append(list, "Content-Type: " + r.content_type);
        }
        append(list, "Expect:");  // no 100-continue round trip for POST bodies
        for (const auto& [name, value] : r.headers) {
            // Credentials passed as plain headers stay with their origin too.
            if (!send_token && (iequals(name, "Authorization") || iequals(name, "Cookie"))) continue;
            append(list, name + ": " + value);
        }
        return list;
    }

    // Runs one request without following redirects.
    CURLcode perform(const std::string& url, const std::string& scheme, Method method,
                     const std::string& body, curl_slist* headers, milliseconds budget,
                     std::size_t cap, const std::stop_token* stop) {
        transfer.reset(cap, stop);
        errors[0] = '\0';
        curl_easy_setopt(easy, CURLOPT_URL, url.c_str());
        curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, scheme.c_str());
        curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
        if (method == Method::Post) {
            curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
            curl_easy_setopt(easy, CURLOPT_POSTFIELDS, body.data());
        } else {
            curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
        }
        curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(budget.count()));
        curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS,
                         static_cast<long>(std::min(budget, options.connect_timeout).count()));
        const CURLcode code = curl_easy_perform(easy);
        curl_easy_setopt(easy, CURLOPT_HTTPHEADER, nullptr);  // the list dies after this hop
        curl_easy_setopt(easy, CURLOPT_POSTFIELDS, nullptr);
        return code;
    }

    // Turns a failed hop into an ErrorKind and one sentence.
    void describe_failure(CURLcode code, const UrlParts& where, Response& out) const {
        const std::string& host = where.host;
        const std::string detail = errors[0] ? std::string(errors) : curl_easy_strerror(code);
        auto fail = [&](ErrorKind kind, std::string sentence) {
            out.error_kind = kind;
            out.error = std::move(sentence);
        };
        if (transfer.too_large || code == CURLE_FILESIZE_EXCEEDED)
            return fail(ErrorKind::TooLarge,
                        fmt::format("the reply from {} is larger than the {} cap, so it was dropped",
                                    host, size_words(transfer.cap)));
        if (transfer.cancelled || code == CURLE_ABORTED_BY_CALLBACK)
            return fail(ErrorKind::Cancelled, fmt::format("the request to {} was cancelled", host));
        long connect_code = 0;
        curl_easy_getinfo(easy, CURLINFO_HTTP_CONNECTCODE, &connect_code);
        if (auto proxy = proxy_failure(code, connect_code, host)) return fail(ErrorKind::Proxy, std::move(*proxy));
        switch (code) {
            case CURLE_COULDNT_RESOLVE_HOST:
            case CURLE_COULDNT_RESOLVE_PROXY:
                return fail(ErrorKind::Dns, fmt::format("the host name {} could not be resolved", host));
            case CURLE_COULDNT_CONNECT:
                return fail(ErrorKind::Refused,
                            fmt::format("no connection could be made to {} port {}", host, where.port));
            case CURLE_OPERATION_TIMEDOUT: {
                curl_off_t connected = 0;
                curl_easy_getinfo(easy, CURLINFO_CONNECT_TIME_T, &connected);
                if (detail.find("too slow") != std::string::npos)
                    return fail(ErrorKind::Timeout,
                                fmt::format("{} sent less than {} bytes per second for {} s, so the "
                                            "transfer was stopped",
                                            host, options.low_speed_bytes, options.low_speed_time.count()));
                // libcurl words the phase it gave up in; the connect time is
                // the fallback should that wording ever change.
                const bool in_transfer = detail.find("Operation timed out") != std::string::npos;
                const bool in_connect = detail.find("Connection timed out") != std::string::npos ||
                                        detail.find("Resolving timed out") != std::string::npos;
                if (in_connect || (!in_transfer && connected == 0))
                    return fail(ErrorKind::Timeout,
                                fmt::format("connecting to {} took longer than {}", host,
                                            seconds_words(options.connect_timeout)));
                return fail(ErrorKind::Timeout, fmt::format("{} did not finish answering within {}", host,
                                                            seconds_words(options.total_timeout)));
            }
            case CURLE_SSL_CONNECT_ERROR:
            case CURLE_PEER_FAILED_VERIFICATION:
            case CURLE_SSL_CACERT_BADFILE:
            case CURLE_SSL_CERTPROBLEM:
            case CURLE_SSL_CIPHER:
            case CURLE_SSL_ISSUER_ERROR:
            case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
            case CURLE_SSL_INVALIDCERTSTATUS:
            case CURLE_SSL_CRL_BADFILE:
            case CURLE_SSL_ENGINE_NOTFOUND:
            case CURLE_SSL_ENGINE_SETFAILED:
            case CURLE_SSL_ENGINE_INITFAILED:
            case CURLE_SSL_SHUTDOWN_FAILED:
                return fail(ErrorKind::Tls, fmt::format("the secure connection to {} failed ({})", host, detail));
            case CURLE_PARTIAL_FILE:
                return fail(ErrorKind::Incomplete,
                            fmt::format("{} closed the connection before the whole reply arrived", host));
            case CURLE_UNSUPPORTED_PROTOCOL:
                return fail(ErrorKind::SchemeRefused,
                            fmt::format("the scheme of the address for {} is refused ({})", host, detail));
            case CURLE_URL_MALFORMAT:
                return fail(ErrorKind::InvalidUrl, fmt::format("the address for {} is malformed ({})", host, detail));
            case CURLE_WEIRD_SERVER_REPLY:
            case CURLE_BAD_CONTENT_ENCODING:
            case CURLE_HTTP2:
            case CURLE_HTTP2_STREAM:
            case CURLE_HTTP3:
            case CURLE_TOO_MANY_REDIRECTS:
                return fail(ErrorKind::Protocol, fmt::format("{} sent a reply lobbywall cannot read ({})", host, detail));
            case CURLE_OUT_OF_MEMORY:
            case CURLE_FAILED_INIT:
            case CURLE_BAD_FUNCTION_ARGUMENT:
            case CURLE_UNKNOWN_OPTION:
                return fail(ErrorKind::Internal, fmt::format("libcurl could not fetch from {} ({})", host, detail));
            default:
                return fail(ErrorKind::Network, fmt::format("the connection to {} failed ({})", host, detail));
        }
    }

    Response fetch(const Request& request) {
        const auto started = Clock::now();
        Response out;
        out.final_url = request.url;
        auto finish = [&]() -> Response {
            out.elapsed = duration_cast<milliseconds>(Clock::now() - started);
            if (out.error_kind != ErrorKind::None && out.error_kind != ErrorKind::HttpStatus) out.body.clear();
            return std::move(out);
        };

        if (!easy) {
            out.error_kind = ErrorKind::Internal;
            out.error = "libcurl could not be initialised, so nothing can be fetched";
            return finish();
        }
        if (!options.setup_error.empty() || !ca_error.empty()) {
            out.error_kind = ca_error.empty() ? ErrorKind::Proxy : ErrorKind::Tls;
            out.error = ca_error.empty() ? options.setup_error : ca_error;
            return finish();
        }
        UrlVerdict verdict = check_url(request.url, request.allow_plain_http);
        if (!verdict.parts) {
            out.error_kind = verdict.kind;
            out.error = verdict.error;
            return finish();
        }
        if (!request_is_clean(request)) {
            out.error_kind = ErrorKind::InvalidUrl;
            out.error = fmt::format("a header for {} contains a line break, so the request was not sent",
                                    verdict.parts->host);
            return finish();
        }
        if (request.stop.stop_requested()) {
            out.error_kind = ErrorKind::Cancelled;
            out.error = fmt::format("the request to {} was cancelled", verdict.parts->host);
            return finish();
        }

        const std::size_t cap = request.body_cap ? request.body_cap : options.body_cap;
        const std::string first_scheme = verdict.parts->scheme;
        std::string url = request.url;
        UrlParts here = *verdict.parts;
        Method method = request.method;
        std::string body = request.body;
        bool send_token = true;

        for (int hop = 0;; ++hop) {
            const auto spent = duration_cast<milliseconds>(Clock::now() - started);
            const milliseconds budget = options.total_timeout - spent;
            if (budget <= milliseconds{0}) {
                out.error_kind = ErrorKind::Timeout;
                out.error = fmt::format("{} did not finish answering within {}", here.host,
                                        seconds_words(options.total_timeout));
                return finish();
            }
            Slist headers = hop_headers(request, method, send_token);
            const CURLcode code = perform(url, here.scheme, method, body, headers.get(), budget, cap,
                                          &request.stop);
            char* effective = nullptr;
            curl_easy_getinfo(easy, CURLINFO_EFFECTIVE_URL, &effective);
            out.final_url = effective ? effective : url;
            if (code != CURLE_OK) {
                describe_failure(code, here, out);
                return finish();
            }

            char* location = nullptr;
            curl_easy_getinfo(easy, CURLINFO_REDIRECT_URL, &location);
            if (is_redirect(transfer.status) && location) {
                const std::string next = location;
                if (hop >= options.max_redirects) {
                    out.error_kind = ErrorKind::RedirectRefused;
                    out.error = fmt::format("{} redirected more than {} times, so the chain was not followed",
                                            here.host, options.max_redirects);
                    return finish();
                }
                UrlVerdict next_verdict = check_url(next, request.allow_plain_http);
                if (!next_verdict.parts || next_verdict.parts->scheme != first_scheme) {
                    const auto parts = parse_url(next);
                    out.error_kind = ErrorKind::RedirectRefused;
                    out.error = fmt::format(
                        "{} redirected from {} to {}{}, which is refused", here.host, first_scheme,
                        parts ? parts->scheme : std::string("an unusable address"),
                        parts && parts->scheme == "http" && next_verdict.kind == ErrorKind::SchemeRefused
                            ? " on a host that is not this machine" : "");
                    return finish();
                }
                // The token belongs to the origin it was configured for.
                const UrlParts& to = *next_verdict.parts;
                if (to.host != here.host || to.port != here.port) send_token = false;
                if (transfer.status == 303 ||
                    ((transfer.status == 301 || transfer.status == 302) && method == Method::Post)) {
                    method = Method::Get;
                    body.clear();
                }
                url = next;
                here = to;
                ++out.redirects;
                continue;
            }

            out.status = transfer.status;
            out.headers = std::move(transfer.headers);
            out.body = std::move(transfer.body);
            if (out.status == 304) {
                out.body.clear();
            } else if (out.status == 407 && !options.proxy.empty()) {
                // A plain-http request forwarded by the proxy: its own refusal.
                out.error_kind = ErrorKind::Proxy;
                out.error = *proxy_failure(CURLE_OK, 407, here.host);
            } else if (out.status < 200 || out.status >= 300) {
                out.error_kind = ErrorKind::HttpStatus;
                out.error = transfer.reason.empty()
                                ? fmt::format("{} answered with status {}", here.host, out.status)
                                : fmt::format("{} answered with status {} {}", here.host, out.status,
                                              transfer.reason);
            }
            return finish();
        }
    }
};

CurlHttpClient::CurlHttpClient(ClientOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}
CurlHttpClient::~CurlHttpClient() = default;

Response CurlHttpClient::fetch(const Request& request) { return impl_->fetch(request); }

const ClientOptions& CurlHttpClient::options() const { return impl_->options; }

}  // namespace lw::net
