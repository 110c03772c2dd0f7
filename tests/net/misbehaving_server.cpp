// Routes of the misbehaving test server (see misbehaving_server.h). Every
// loop a route runs is bounded, so a client that stops reading never keeps
// a server thread (and the test's teardown) waiting for long.
#include "misbehaving_server.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <thread>

namespace lw::test {

using namespace std::chrono_literals;

std::string read_fixture(const std::string& name) {
    std::ifstream in(std::string(LOBBYWALL_TEST_DATA) + "/net/" + name, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

MisbehavingServer::MisbehavingServer() {
    auto& s = server.routes();
    s.Get("/hello", [this](const httplib::Request& req, httplib::Response& res) {
        seen.record(req);
        res.set_header("Set-Cookie", "session=secret; Path=/");
        res.set_content("hello", "application/octet-stream");
    });
    // N bytes of 'x', exactly.
    s.Get(R"(/bytes/(\d+))", [](const httplib::Request& req, httplib::Response& res) {
        res.set_content(std::string(std::stoul(req.matches[1]), 'x'), "application/octet-stream");
    });
    // The feed with validators; answers 304 when they come back.
    s.Get("/feed.xml", [this](const httplib::Request& req, httplib::Response& res) {
        seen.record(req);
        res.set_header("ETag", "\"v1\"");
        res.set_header("Last-Modified", "Tue, 24 Nov 2026 09:00:00 GMT");
        if (req.get_header_value("If-None-Match") == "\"v1\"" ||
            req.get_header_value("If-Modified-Since") == "Tue, 24 Nov 2026 09:00:00 GMT") {
            res.status = 304;
            return;
        }
        res.set_content(feed, "application/rss+xml");
    });
    s.Get("/feed.xml.gz", [this](const httplib::Request& req, httplib::Response& res) {
        seen.record(req);
        res.set_header("Content-Encoding", "gzip");
        res.set_content(lw::test::gzip(feed), "application/octet-stream");
    });
    // 20 MB of zeros in about 20 KB of gzip: small on the wire, huge decoded.
    s.Get("/bomb", [](const httplib::Request&, httplib::Response& res) {
        res.set_header("Content-Encoding", "gzip");
        res.set_content(lw::test::gzip(std::string(20 * kMiB, '\0')), "application/octet-stream");
    });
    // One byte every 100 ms, at most 100 of them.
    s.Get("/slow", [](const httplib::Request&, httplib::Response& res) {
        res.set_chunked_content_provider("application/octet-stream", [](size_t, httplib::DataSink& sink) {
            for (int i = 0; i < 100; ++i) {
                if (!sink.write("x", 1)) return false;
                std::this_thread::sleep_for(100ms);
            }
            sink.done();
            return true;
        });
    });
    // Fast enough for the low-speed check but never done within 1.5 s:
    // 200 bytes every 100 ms for at most 5 s.
    s.Get("/endless", [](const httplib::Request&, httplib::Response& res) {
        res.set_chunked_content_provider("application/octet-stream", [](size_t, httplib::DataSink& sink) {
            const std::string chunk(200, 'y');
            for (int i = 0; i < 50; ++i) {
                if (!sink.write(chunk.data(), chunk.size())) return false;
                std::this_thread::sleep_for(100ms);
            }
            sink.done();
            return true;
        });
    });
    // Promises 1000 bytes, sends 100, closes.
    s.Get("/truncated", [](const httplib::Request&, httplib::Response& res) {
        res.set_content_provider(1000, "application/octet-stream",
                                 [](size_t offset, size_t, httplib::DataSink& sink) {
                                     if (offset > 0) return false;
                                     return sink.write(std::string(100, 'z').data(), 100);
                                 });
    });
    // 50 MB streamed in 64 KB chunks with no Content-Length.
    s.Get("/huge", [this](const httplib::Request&, httplib::Response& res) {
        res.set_chunked_content_provider(
            "application/octet-stream",
            [this](size_t, httplib::DataSink& sink) {
                const std::string chunk(64 * 1024, 'h');
                for (std::size_t i = 0; i < 50 * kMiB / chunk.size(); ++i) {
                    if (!sink.write(chunk.data(), chunk.size())) {
                        huge_write_failed = true;
                        huge_done = true;
                        return false;
                    }
                    huge_sent += chunk.size();
                }
                sink.done();
                huge_done = true;
                return true;
            });
    });
    // Announces 50 MB up front, then sends 1 KB and stalls for up to 3 s:
    // only a client that judges the Content-Length refuses it at once.
    s.Get("/huge-declared", [this](const httplib::Request&, httplib::Response& res) {
        res.set_content_provider(50 * kMiB, "application/octet-stream",
                                 [this](size_t, size_t, httplib::DataSink& sink) {
                                     const std::string chunk(1024, 'd');
                                     if (!sink.write(chunk.data(), chunk.size())) return false;
                                     for (int i = 0; i < 30 && !stopping; ++i)
                                         std::this_thread::sleep_for(100ms);
                                     return false;
                                 });
    });
    s.Get(R"(/status/(\d+))", [](const httplib::Request& req, httplib::Response& res) {
        res.status = std::stoi(req.matches[1]);
        if (res.status == 429) res.set_header("Retry-After", "7");
        res.set_content("{\"error\":\"as asked\"}", "application/json");
    });
    // /redirect/N redirects N times (relative Location) before answering.
    s.Get(R"(/redirect/(\d+))", [](const httplib::Request& req, httplib::Response& res) {
        const int n = std::stoi(req.matches[1]);
        if (n == 0) return res.set_content("arrived", "application/octet-stream");
        res.set_redirect("/redirect/" + std::to_string(n - 1), 302);
    });
    s.Get("/to-ftp", [this](const httplib::Request&, httplib::Response& res) {
        res.set_redirect("ftp://127.0.0.1:" + std::to_string(server.port()) + "/file", 302);
    });
    s.Get("/to-remote-http", [](const httplib::Request&, httplib::Response& res) {
        res.set_redirect("http://example.invalid/feed", 301);
    });
    s.Get("/to-other", [this](const httplib::Request&, httplib::Response& res) {
        res.set_redirect(other.url("/whoami"), 307);
    });
    s.Get("/to-self", [this](const httplib::Request&, httplib::Response& res) {
        res.set_redirect(server.url("/whoami"), 307);
    });
    s.Get("/whoami", [this](const httplib::Request& req, httplib::Response& res) {
        seen.record(req);
        res.set_content("me", "application/octet-stream");
    });
    s.Post("/echo", [this](const httplib::Request& req, httplib::Response& res) {
        seen.record(req);
        res.set_content(req.body, req.get_header_value("Content-Type"));
    });
    s.Post("/post-then-see-other", [](const httplib::Request&, httplib::Response& res) {
        res.set_redirect("/method", 303);
    });
    s.Post("/post-then-found", [](const httplib::Request&, httplib::Response& res) {
        res.set_redirect("/method", 302);
    });
    s.Post("/post-then-temporary", [](const httplib::Request&, httplib::Response& res) {
        res.set_redirect("/echo", 307);
    });
    s.Get("/method", [](const httplib::Request&, httplib::Response& res) {
        res.set_content("GET", "application/octet-stream");
    });
    other.routes().Get("/whoami", [this](const httplib::Request& req, httplib::Response& res) {
        seen.record(req);
        res.set_content("other", "application/octet-stream");
    });
    REQUIRE(server.start());
    REQUIRE(other.start());
}

}  // namespace lw::test
