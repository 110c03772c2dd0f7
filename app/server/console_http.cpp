// The console's HTTP layer: cpp-httplib (plain or TLS), the static
// files of the console page, security headers on every answer, and the
// translation of requests to ConsoleApi and back. No rule lives here; this
// is the only file that includes httplib.h.
#include "server/console_server.h"

#include "core/log.h"
#include "server/console_api.h"
#include "server/console_request.h"
#include "server/sync_api.h"
#include "store/store.h"

#include <httplib.h>

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace lw {
namespace {

struct ListenAddress {
    std::string host;
    int port = 0;
};

std::optional<ListenAddress> parse_listen(const std::string& text) {
    std::string host;
    std::string port;
    if (!text.empty() && text.front() == '[') {
        auto close = text.find(']');
        if (close == std::string::npos || close + 1 >= text.size() || text[close + 1] != ':')
            return std::nullopt;
        host = text.substr(1, close - 1);
        port = text.substr(close + 2);
    } else {
        auto colon = text.rfind(':');
        if (colon == std::string::npos || text.find(':') != colon) return std::nullopt;
        host = text.substr(0, colon);
        port = text.substr(colon + 1);
    }
    if (host.empty() || port.empty() || port.size() > 5 ||
        port.find_first_not_of("0123456789") != std::string::npos)
        return std::nullopt;
    int p = std::stoi(port);
    if (p > 65535) return std::nullopt;
    return ListenAddress{host, p};
}

std::string cookie_value(const std::string& header, const std::string& name) {
    std::size_t at = 0;
    while (at < header.size()) {
        std::size_t end = header.find(';', at);
        if (end == std::string::npos) end = header.size();
        std::string part = header.substr(at, end - at);
        std::size_t start = part.find_first_not_of(' ');
        if (start != std::string::npos && part.compare(start, name.size() + 1, name + "=") == 0)
            return part.substr(start + name.size() + 1);
        at = end + 1;
    }
    return {};
}

// The page's own files, and nothing else from the assets folder.
struct StaticFile {
    const char* route;
    const char* file;
    const char* type;
};
constexpr StaticFile kStaticFiles[] = {
    {"/", "index.html", "text/html; charset=utf-8"},
    {"/index.html", "index.html", "text/html; charset=utf-8"},
    {"/console.js", "console.js", "text/javascript; charset=utf-8"},
    {"/posts.js", "posts.js", "text/javascript; charset=utf-8"},
    {"/staff.js", "staff.js", "text/javascript; charset=utf-8"},
    {"/console.css", "console.css", "text/css; charset=utf-8"},
    {"/screens.js", "screens.js", "text/javascript; charset=utf-8"},
};

void security_headers(httplib::Response& res, bool tls) {
    // Everything comes from the box: no inline script, no other origin.
    // blob: images are the page's own (the preview of an image file chosen
    // for an announcement, before it is uploaded).
    res.set_header("Content-Security-Policy",
                   "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:; "
                   "connect-src 'self'; form-action 'self'; base-uri 'none'; "
                   "frame-ancestors 'none'");
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("X-Frame-Options", "DENY");
    res.set_header("Referrer-Policy", "no-referrer");
    if (!res.has_header("Cache-Control")) res.set_header("Cache-Control", "no-store");  // the sync API sets its own
    if (tls) res.set_header("Strict-Transport-Security", "max-age=31536000");
}

}  // namespace

struct ConsoleServer::Impl {
    Store& store;
    Accounts& accounts;
    const Clock& clock;
    MediaCache* media;
    ConsoleHooks hooks;

    ConsoleOptions options;
    std::unique_ptr<ConsoleApi> api;
    std::unique_ptr<httplib::Server> server;
    std::thread thread;
    int port = 0;
    bool tls = false;

    Impl(Store& s, Accounts& a, const Clock& c, MediaCache* m, ConsoleHooks h)
        : store(s), accounts(a), clock(c), media(m), hooks(std::move(h)) {}

    void serve_api(const httplib::Request& req, httplib::Response& res) {
        ApiRequest in;
        in.method = req.method;
        in.path = req.path;
        for (const auto& [k, v] : req.params) in.query.emplace(k, v);
        in.body = req.body;
        in.session_token = cookie_value(req.get_header_value("Cookie"), kSessionCookie);
        in.csrf_header = req.get_header_value("X-CSRF-Token");
        // The page's own polling (a header), and its screen view's refresh
        // (an image URL, which cannot carry one): not a person's activity.
        in.background = req.get_header_value("X-Background") == "1" ||
                        req.get_param_value("background") == "1";
        in.origin = req.get_header_value("Origin");
        in.host = req.get_header_value("Host");
        in.address = req.remote_addr;
        in.secure = tls;
        in.multipart = req.is_multipart_form_data();
        for (const auto& [name, part] : req.files)
            in.parts.emplace(name, UploadedPart{part.filename, part.content_type, part.content});
        ApiResponse out = api->handle(in);
        res.status = out.status;
        if (!out.set_cookie.empty()) res.set_header("Set-Cookie", out.set_cookie);
        if (out.retry_after_s > 0) res.set_header("Retry-After", std::to_string(out.retry_after_s));
        res.set_content(std::move(out.body), out.content_type.c_str());
    }

    void serve_static(const StaticFile& f, httplib::Response& res) {
        std::ifstream in(std::filesystem::path(options.assets_dir) / f.file, std::ios::binary);
        if (!in) {
            res.status = 404;
            res.set_content(json_error("the console page is not installed"), "application/json");
            return;
        }
        std::ostringstream body;
        body << in.rdbuf();
        res.set_content(std::move(body).str(), f.type);
    }

    void install_routes() {
        httplib::Server& s = *server;
        auto api_handler = [this](const httplib::Request& req, httplib::Response& res) {
            serve_api(req, res);
        };
        if (hooks.fleet_hub) install_sync_routes(s, *hooks.fleet_hub);
        s.Get(R"(/api/.*)", api_handler);
        s.Post(R"(/api/.*)", api_handler);
        for (const StaticFile& f : kStaticFiles)
            s.Get(f.route, [this, &f](const httplib::Request&, httplib::Response& res) {
                serve_static(f, res);
            });
        s.set_post_routing_handler([this](const httplib::Request&, httplib::Response& res) {
            security_headers(res, tls);
        });
        // httplib's own answers (404 for an unknown path, 413, 400): one JSON line too.
        s.set_error_handler([this](const httplib::Request&, httplib::Response& res) {
            if (res.body.empty() && res.status == 413)
                res.set_content(json_error(fmt::format(
                                    "the request is too large: at most {} for an image "
                                    "upload, {} for anything else",
                                    capi::human_size(options.max_upload_bytes),
                                    capi::human_size(options.max_body_bytes))),
                                "application/json");
            if (res.body.empty())
                res.set_content(json_error(fmt::format("HTTP {}", res.status)), "application/json");
            security_headers(res, tls);
        });
        s.set_exception_handler(
            [](const httplib::Request& req, httplib::Response& res, std::exception_ptr) {
                log::error("Console request {} {} failed with an exception", req.method, req.path);
                res.status = 500;
                res.set_content(json_error("internal error"), "application/json");
            });
    }
};

ConsoleServer::ConsoleServer(Store& store, Accounts& accounts, const Clock& clock,
                             MediaCache* media, ConsoleHooks hooks)
    : impl_(std::make_unique<Impl>(store, accounts, clock, media, std::move(hooks))) {}

ConsoleServer::~ConsoleServer() { stop(); }

Status ConsoleServer::start(const ConsoleOptions& options) {
    if (impl_->server) return Status::failure("the console server is already running");
    auto address = parse_listen(options.listen);
    if (!address)
        return Status::failure(fmt::format(
            "the console listen address \"{}\" is not HOST:PORT (e.g. 127.0.0.1:8080)",
            options.listen));
    if (!std::filesystem::is_regular_file(std::filesystem::path(options.assets_dir) / "index.html"))
        return Status::failure(fmt::format("the console page is missing: no index.html in \"{}\"",
                                           options.assets_dir));
    const bool want_tls = !options.tls_cert.empty() || !options.tls_key.empty();
    if (want_tls && (options.tls_cert.empty() || options.tls_key.empty()))
        return Status::failure("TLS needs both a certificate and a key file");

    Impl& d = *impl_;
    d.options = options;
    if (want_tls) {
        for (const auto& f : {options.tls_cert, options.tls_key})
            if (!std::ifstream(f))
                return Status::failure(fmt::format("cannot read the TLS file \"{}\"", f));
        auto ssl = std::make_unique<httplib::SSLServer>(options.tls_cert.c_str(),
                                                        options.tls_key.c_str());
        if (!ssl->is_valid())
            return Status::failure(fmt::format(
                "the TLS certificate \"{}\" and key \"{}\" could not be loaded (PEM? matching?)",
                options.tls_cert, options.tls_key));
        d.server = std::move(ssl);
        d.tls = true;
    } else {
        d.server = std::make_unique<httplib::Server>();
        d.tls = false;
    }
    d.api = std::make_unique<ConsoleApi>(d.store, d.accounts, d.clock, d.media, d.hooks, options);

    int threads = std::max(2, options.threads);
    d.server->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    // httplib sets SO_REUSEPORT, which lets a second program listen on our
    // port and take half the connections; SO_REUSEADDR alone still allows a
    // quick restart.
    d.server->set_socket_options([](socket_t sock) {
        int yes = 1;
        ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    });
    // The image upload's limit plus its multipart framing; ConsoleApi holds
    // JSON bodies to the smaller max_body_bytes.
    d.server->set_payload_max_length(
        std::max(options.max_body_bytes, options.max_upload_bytes + 64 * 1024));
    d.server->set_read_timeout(10, 0);
    d.server->set_write_timeout(10, 0);
    d.server->set_keep_alive_max_count(100);
    d.server->set_keep_alive_timeout(5);
    d.install_routes();

    if (address->port == 0) {
        d.port = d.server->bind_to_any_port(address->host);
        if (d.port <= 0) d.port = -1;
    } else {
        d.port = d.server->bind_to_port(address->host, address->port) ? address->port : -1;
    }
    if (d.port < 0) {
        d.server.reset();
        d.api.reset();
        return Status::failure(fmt::format(
            "cannot listen on {} (address not on this box, or port in use)", options.listen));
    }
    d.thread = std::thread([&d] { d.server->listen_after_bind(); });
    // httplib's stop() does nothing before the loop runs, so a stop() right
    // after start() would leave the thread listening: wait for it (bounded).
    for (int i = 0; i < 500 && !d.server->is_running(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    log::info("Staff console on {}://{}:{}", d.tls ? "https" : "http", address->host, d.port);
    const std::string& h = address->host;
    if (!d.tls && h != "localhost" && h != "::1" && h.rfind("127.", 0) != 0)
        log::warn("The staff console listens on {} without TLS: passwords and session cookies "
                  "cross the network in clear text; set tls_cert and tls_key.",
                  options.listen);
    return Status::success();
}

void ConsoleServer::stop() {
    Impl& d = *impl_;
    if (!d.server) return;
    d.server->stop();
    if (d.thread.joinable()) d.thread.join();
    d.server.reset();
    d.api.reset();
}

int ConsoleServer::port() const { return impl_->port; }
bool ConsoleServer::tls() const { return impl_->tls; }

void ConsoleServer::notify_changed() {
    if (impl_->api) impl_->api->notify_changed();
}

}  // namespace lw
