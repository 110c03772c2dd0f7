// Tests for net/curl_client against a real HTTP server on 127.0.0.1 that
// misbehaves on purpose: slow drips, truncated bodies, 429s, 500s, a 50 MB
// stream, redirect chains, redirects to other schemes, ETag/304, gzip and a
// zip bomb. Every server loop is bounded and every client timeout is short.
#include "net/curl_client.h"

#include "misbehaving_server.h"

#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>
#include <vector>

using namespace lw;
using namespace lw::net;
using namespace std::chrono;
using lw::test::MisbehavingServer;
using lw::test::kMiB;
using lw::test::LocalServer;

namespace {

ClientOptions quick() {
    ClientOptions o;
    o.connect_timeout = 2s;
    o.total_timeout = 5s;
    o.low_speed_bytes = 1;
    o.low_speed_time = 3s;
    return o;
}

Request get(std::string url) {
    Request r;
    r.url = std::move(url);
    return r;
}

}  // namespace

TEST_CASE_METHOD(MisbehavingServer, "a plain GET works and says who is asking", "[client]") {
    CurlHttpClient client(quick());
    Request req = get(server.url("/hello"));
    req.accept = "application/json";
    req.bearer_token = "t0ken";
    const Response r = client.fetch(req);
    REQUIRE(r.error == "");
    CHECK(r.ok());
    CHECK(r.status == 200);
    CHECK(r.body == "hello");
    CHECK(r.final_url == server.url("/hello"));
    CHECK(r.headers.get("content-type") == "application/octet-stream");
    CHECK(r.elapsed < 5s);
    CHECK(seen.header("user-agent") == std::string("lobbywall/") + lobbywall_version() +
                                           " (+https://github.com/lobbywall/lobbywall)");
    CHECK(seen.header("accept") == "application/json");
    CHECK(seen.header("authorization") == "Bearer t0ken");
    CHECK(seen.header("accept-encoding").find("gzip") != std::string::npos);
    CHECK(seen.header("cookie") == "<none>");
}

TEST_CASE_METHOD(MisbehavingServer, "one client reuses its connection and keeps no cookies", "[client]") {
    CurlHttpClient client(quick());
    REQUIRE(client.fetch(get(server.url("/hello"))).ok());
    const int first_port = seen.remote_port;
    REQUIRE(client.fetch(get(server.url("/hello"))).ok());  // the first reply set a cookie
    CHECK(seen.remote_port == first_port);
    CHECK(seen.header("cookie") == "<none>");
    CHECK(seen.hits == 2);
}

TEST_CASE_METHOD(MisbehavingServer, "conditional GET: ETag and Last-Modified come back, 304 costs no body", "[client]") {
    CurlHttpClient client(quick());
    const Response first = client.fetch(get(server.url("/feed.xml")));
    REQUIRE(first.ok());
    CHECK(first.body == feed);
    CHECK(first.etag() == "\"v1\"");
    CHECK(first.last_modified() == "Tue, 24 Nov 2026 09:00:00 GMT");

    struct Case { const char* name; std::string etag; std::string last_modified; int status; };
    const Case cases[] = {
        {"both validators", first.etag(), first.last_modified(), 304},
        {"ETag only", first.etag(), "", 304},
        {"Last-Modified only", "", first.last_modified(), 304},
        {"a stale ETag", "\"v0\"", "", 200},
    };
    for (const auto& c : cases) {
        INFO(c.name);
        Request req = get(server.url("/feed.xml"));
        req.etag = c.etag;
        req.last_modified = c.last_modified;
        const Response r = client.fetch(req);
        CHECK(r.ok());
        CHECK(r.status == c.status);
        CHECK(r.not_modified() == (c.status == 304));
        CHECK(r.body == (c.status == 304 ? "" : feed));
        CHECK(seen.header("if-none-match") == (c.etag.empty() ? "<none>" : c.etag));
        CHECK(seen.header("if-modified-since") == (c.last_modified.empty() ? "<none>" : c.last_modified));
    }
}

TEST_CASE_METHOD(MisbehavingServer, "gzip bodies are decoded, and the cap counts decoded bytes", "[client]") {
    CurlHttpClient client(quick());
    const Response r = client.fetch(get(server.url("/feed.xml.gz")));
    REQUIRE(r.ok());
    CHECK(r.body == feed);

    Request bomb = get(server.url("/bomb"));
    bomb.body_cap = 1 * kMiB;  // ~20 KB on the wire, 20 MB decoded
    const Response b = client.fetch(bomb);
    CHECK(b.error_kind == ErrorKind::TooLarge);
    CHECK(b.error == "the reply from 127.0.0.1 is larger than the 1 MB cap, so it was dropped");
    CHECK(b.body.empty());
    CHECK(b.elapsed < 5s);
}

TEST_CASE_METHOD(MisbehavingServer, "the body cap is exact", "[client]") {
    CurlHttpClient client(quick());
    struct Case { std::size_t size; std::size_t cap; ErrorKind kind; };
    const Case cases[] = {
        {1000, 1000, ErrorKind::None},
        {1001, 1000, ErrorKind::TooLarge},
        {0, 1, ErrorKind::None},
        {300000, 1 * kMiB, ErrorKind::None},
    };
    for (const auto& c : cases) {
        INFO(c.size << " bytes, cap " << c.cap);
        Request req = get(server.url("/bytes/" + std::to_string(c.size)));
        req.body_cap = c.cap;
        const Response r = client.fetch(req);
        CHECK(r.error_kind == c.kind);
        CHECK(r.body.size() == (c.kind == ErrorKind::None ? c.size : 0));
    }
}

TEST_CASE_METHOD(MisbehavingServer, "a 50 MB stream stops at the cap without being read", "[client]") {
    CurlHttpClient client(quick());
    Request req = get(server.url("/huge"));
    req.body_cap = 1 * kMiB;
    const Response r = client.fetch(req);
    CHECK(r.error_kind == ErrorKind::TooLarge);
    CHECK(r.body.empty());
    CHECK(r.elapsed < 5s);
    // Bounded wait for the server to notice the client left.
    for (int i = 0; i < 300 && !huge_done; ++i) std::this_thread::sleep_for(10ms);
    CHECK(huge_done);
    CHECK(huge_write_failed);
    CHECK(huge_sent < 20 * kMiB);  // what sat in socket buffers at most, never the 50 MB
}

TEST_CASE_METHOD(MisbehavingServer, "an announced oversize body is refused from its Content-Length", "[client]") {
    CurlHttpClient client(quick());
    Request req = get(server.url("/huge-declared"));
    req.body_cap = 8 * kMiB;
    const Response r = client.fetch(req);
    CHECK(r.error_kind == ErrorKind::TooLarge);
    CHECK(r.error == "the reply from 127.0.0.1 is larger than the 8 MB cap, so it was dropped");
    CHECK(r.elapsed < 2s);  // the server stalls for 3 s after its first 1 KB
}

TEST_CASE_METHOD(MisbehavingServer, "a slow drip trips the low-speed abort", "[client]") {
    ClientOptions o = quick();
    o.low_speed_bytes = 1000;
    o.low_speed_time = 1s;
    CurlHttpClient client(o);
    const Response r = client.fetch(get(server.url("/slow")));
    CHECK(r.error_kind == ErrorKind::Timeout);
    CHECK(r.error == "127.0.0.1 sent less than 1000 bytes per second for 1 s, so the transfer was stopped");
    CHECK(r.elapsed < 4s);
}

TEST_CASE_METHOD(MisbehavingServer, "the total timeout ends a reply that never finishes", "[client]") {
    ClientOptions o = quick();
    o.total_timeout = 1500ms;
    CurlHttpClient client(o);
    REQUIRE(client.fetch(get(server.url("/hello"))).ok());  // the next fetch reuses this connection
    const Response r = client.fetch(get(server.url("/endless")));
    CHECK(r.error_kind == ErrorKind::Timeout);
    CHECK(r.error == "127.0.0.1 did not finish answering within 1.5 s");
    CHECK(r.elapsed >= 1400ms);
    CHECK(r.elapsed < 4s);
}

TEST_CASE_METHOD(MisbehavingServer, "a stop request cancels a transfer within about a second", "[client]") {
    CurlHttpClient client(quick());
    std::stop_source stop;
    Request req = get(server.url("/slow"));
    req.stop = stop.get_token();
    std::thread canceller([&] {
        std::this_thread::sleep_for(300ms);
        stop.request_stop();
    });
    const Response r = client.fetch(req);
    canceller.join();
    CHECK(r.error_kind == ErrorKind::Cancelled);
    CHECK(r.elapsed < 2500ms);
    // Already stopped: nothing is sent at all.
    const int hits = seen.hits;
    Request again = get(server.url("/hello"));
    again.stop = stop.get_token();
    CHECK(client.fetch(again).error_kind == ErrorKind::Cancelled);
    CHECK(seen.hits == hits);
}

TEST_CASE_METHOD(MisbehavingServer, "a truncated body is an error, not a short feed", "[client]") {
    CurlHttpClient client(quick());
    const Response r = client.fetch(get(server.url("/truncated")));
    CHECK(r.error_kind == ErrorKind::Incomplete);
    CHECK(r.error == "127.0.0.1 closed the connection before the whole reply arrived");
    CHECK(r.body.empty());
}

TEST_CASE_METHOD(MisbehavingServer, "error statuses are reported with their body", "[client]") {
    CurlHttpClient client(quick());
    struct Case { int status; const char* error; };
    const Case cases[] = {
        {429, "127.0.0.1 answered with status 429 Too Many Requests"},
        {500, "127.0.0.1 answered with status 500 Internal Server Error"},
        {401, "127.0.0.1 answered with status 401 Unauthorized"},
        {404, "127.0.0.1 answered with status 404 Not Found"},
    };
    for (const auto& c : cases) {
        INFO(c.status);
        const Response r = client.fetch(get(server.url("/status/" + std::to_string(c.status))));
        CHECK_FALSE(r.ok());
        CHECK(r.error_kind == ErrorKind::HttpStatus);
        CHECK(r.status == c.status);
        CHECK(r.error == c.error);
        CHECK(r.body == "{\"error\":\"as asked\"}");
        if (c.status == 429) CHECK(r.headers.get("Retry-After") == "7");
    }
}

TEST_CASE_METHOD(MisbehavingServer, "redirects: up to 5 are followed, a 6th is refused", "[client]") {
    CurlHttpClient client(quick());
    struct Case { int chain; ErrorKind kind; int followed; };
    const Case cases[] = {
        {0, ErrorKind::None, 0}, {3, ErrorKind::None, 3}, {5, ErrorKind::None, 5},
        {6, ErrorKind::RedirectRefused, 5}, {50, ErrorKind::RedirectRefused, 5},
    };
    for (const auto& c : cases) {
        INFO("chain of " << c.chain);
        const Response r = client.fetch(get(server.url("/redirect/" + std::to_string(c.chain))));
        CHECK(r.error_kind == c.kind);
        CHECK(r.redirects == c.followed);
        if (c.kind == ErrorKind::None) {
            CHECK(r.body == "arrived");
            CHECK(r.final_url == server.url("/redirect/0"));
        } else {
            CHECK(r.error == "127.0.0.1 redirected more than 5 times, so the chain was not followed");
        }
    }
}

TEST_CASE_METHOD(MisbehavingServer, "redirects never change the scheme or leave loopback over plain http", "[client]") {
    CurlHttpClient client(quick());
    const Response ftp = client.fetch(get(server.url("/to-ftp")));
    CHECK(ftp.error_kind == ErrorKind::RedirectRefused);
    CHECK(ftp.error == "127.0.0.1 redirected from http to ftp, which is refused");

    const Response remote = client.fetch(get(server.url("/to-remote-http")));
    CHECK(remote.error_kind == ErrorKind::RedirectRefused);
    CHECK(remote.error ==
          "127.0.0.1 redirected from http to http on a host that is not this machine, which is refused");
    CHECK(remote.elapsed < 1s);  // refused before any lookup of example.invalid
}

TEST_CASE_METHOD(MisbehavingServer, "the bearer token does not follow a redirect to another origin", "[client]") {
    CurlHttpClient client(quick());
    Request req = get(server.url("/to-other"));
    req.bearer_token = "t0ken";
    const Response r = client.fetch(req);
    REQUIRE(r.ok());
    CHECK(r.body == "other");
    CHECK(seen.header("authorization") == "<none>");

    Request by_hand = get(server.url("/to-other"));
    by_hand.headers = {{"authorization", "Basic c2VjcmV0"}, {"Cookie", "a=b"}, {"X-Kept", "yes"}};
    REQUIRE(client.fetch(by_hand).ok());
    CHECK(seen.header("authorization") == "<none>");
    CHECK(seen.header("cookie") == "<none>");
    CHECK(seen.header("x-kept") == "yes");

    req.url = server.url("/to-self");
    const Response same = client.fetch(req);
    REQUIRE(same.ok());
    CHECK(same.body == "me");
    CHECK(seen.header("authorization") == "Bearer t0ken");
}

TEST_CASE_METHOD(MisbehavingServer, "POST sends a JSON body, 303 and 302 turn it into a GET, 307 keeps it", "[client]") {
    CurlHttpClient client(quick());
    Request req;
    req.url = server.url("/echo");
    req.method = Method::Post;
    req.body = R"({"identifier":"wall.example","password":"app-password"})";
    const Response r = client.fetch(req);
    REQUIRE(r.ok());
    CHECK(r.body == req.body);
    CHECK(seen.header("content-type") == "application/json");
    CHECK(seen.header("expect") == "<none>");

    struct Case { const char* path; const char* body; };
    const Case cases[] = {
        {"/post-then-see-other", "GET"},  // 303: always GET
        {"/post-then-found", "GET"},      // 302 after POST: GET, as browsers do
        {"/post-then-temporary", R"({"identifier":"wall.example","password":"app-password"})"},  // 307 keeps it
    };
    for (const auto& c : cases) {
        INFO(c.path);
        req.url = server.url(c.path);
        const Response r2 = client.fetch(req);
        REQUIRE(r2.ok());
        CHECK(r2.body == c.body);
        CHECK(r2.redirects == 1);
    }

    // The same handle goes back to GET afterwards.
    CHECK(client.fetch(get(server.url("/method"))).body == "GET");
}

TEST_CASE_METHOD(MisbehavingServer, "headers with line breaks are refused before anything is sent", "[client]") {
    CurlHttpClient client(quick());
    const int hits = seen.hits;
    Request req = get(server.url("/hello"));
    req.etag = "\"v1\"\r\nX-Injected: 1";
    CHECK(client.fetch(req).error_kind == ErrorKind::InvalidUrl);
    req = get(server.url("/hello"));
    req.headers = {{"X-Fine", "a\nb"}};
    CHECK(client.fetch(req).error_kind == ErrorKind::InvalidUrl);
    CHECK(seen.hits == hits);
}

TEST_CASE("plain http off this machine is refused without touching the network", "[client]") {
    CurlHttpClient client;
    struct Case { const char* url; ErrorKind kind; };
    const Case cases[] = {
        {"http://example.invalid/", ErrorKind::SchemeRefused},
        {"http://10.255.255.1/feed", ErrorKind::SchemeRefused},  // would hang if it connected
        {"ftp://example.invalid/feed", ErrorKind::SchemeRefused},
        {"file:///etc/passwd", ErrorKind::InvalidUrl},
        {"not a url", ErrorKind::InvalidUrl},
    };
    for (const auto& c : cases) {
        INFO(c.url);
        const Response r = client.fetch(get(c.url));
        CHECK(r.error_kind == c.kind);
        CHECK_FALSE(r.error.empty());
        CHECK(r.status == 0);
        CHECK(r.elapsed < 1s);  // a connection attempt would take the 10 s connect timeout
    }
}

TEST_CASE("a closed port is reported as refused", "[client]") {
    int port = 0;
    {
        LocalServer gone;
        REQUIRE(gone.start());
        port = gone.port();
    }
    CurlHttpClient client(quick());
    const Response r = client.fetch(get("http://127.0.0.1:" + std::to_string(port) + "/"));
    CHECK(r.error_kind == ErrorKind::Refused);
    CHECK(r.error == "no connection could be made to 127.0.0.1 port " + std::to_string(port));
}

TEST_CASE("the User-Agent names lobbywall, its version and a contact", "[client]") {
    const std::string version = lobbywall_version();
    CHECK_FALSE(version.empty());
    struct Case { std::string contact; std::string expected; };
    const Case cases[] = {
        {"https://it.hospital.example/wall", "lobbywall/" + version + " (+https://it.hospital.example/wall)"},
        {"", "lobbywall/" + version},
        {"https://x.example/\r\nX-Evil: 1", "lobbywall/" + version},  // a line break is never sent
    };
    for (const auto& c : cases) {
        INFO(c.contact);
        CHECK(user_agent(c.contact) == c.expected);
    }
}

namespace {

// A listening socket on 127.0.0.1 whose accept queue is full: the kernel
// drops further SYNs, so a new connection neither succeeds nor fails.
struct FullBacklog {
    int listener = -1;
    std::vector<int> fillers;
    int port = 0;

    FullBacklog() {
        listener = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof addr;
        if (listener < 0 || bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
            listen(listener, 0) != 0 || getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
            return;
        port = ntohs(addr.sin_port);
        for (int i = 0; i < 4; ++i) {  // more than the queue holds; never accepted
            const int fd = socket(AF_INET, SOCK_STREAM, 0);
            if (fd < 0) continue;
            fcntl(fd, F_SETFL, O_NONBLOCK);
            (void)connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
            fillers.push_back(fd);
        }
        std::this_thread::sleep_for(50ms);  // let the handshakes settle
    }
    ~FullBacklog() {
        for (int fd : fillers) close(fd);
        if (listener >= 0) close(listener);
    }
};

}  // namespace

TEST_CASE("a host that never completes the handshake trips the connect timeout", "[client]") {
    FullBacklog host;
    REQUIRE(host.port > 0);
    ClientOptions o = quick();
    o.connect_timeout = 500ms;
    CurlHttpClient client(o);
    const Response r = client.fetch(get("http://127.0.0.1:" + std::to_string(host.port) + "/"));
    CHECK(r.error_kind == ErrorKind::Timeout);
    CHECK(r.error == "connecting to 127.0.0.1 took longer than 0.5 s");
    CHECK(r.elapsed >= 450ms);
    CHECK(r.elapsed < 3s);
}
