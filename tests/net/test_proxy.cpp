// Hospital networks ([net] in the config): every fetch through a real HTTP
// proxy on 127.0.0.1 (Debian's tinyproxy, CONNECT for https, forwarding for
// plain http, Basic credentials from a file only the service may read), and
// TLS servers whose certificates come from private CAs given as an extra
// bundle in addition to the system store.
#include "net/curl_client.h"
#include "net/net_options.h"
#include "net/polite_fetch.h"

#include "local_server.h"
#include "temp_dir.h"
#include "test_ca.h"
#include "tiny_proxy.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

using namespace lw;
using namespace lw::net;
using namespace std::chrono;
using lw::test::LocalServer;
using lw::test::TempDir;
using lw::test::TestCertificate;
using lw::test::TinyProxy;

namespace {

// Two private roots: "hospital" stands for a TLS-inspecting proxy's root
// given as [net] ca_file; "system" stands for the system store (pointed at by
// ClientOptions::system_ca_file), so the test can tell both are trusted.
struct PrivateCaFixture {
    TestCertificate hospital_root{"Hospital Inspection Root", true};
    TestCertificate hospital_leaf{"127.0.0.1", false, &hospital_root};
    TestCertificate system_root{"Public Root", true};
    TestCertificate system_leaf{"127.0.0.1", false, &system_root};
    std::unique_ptr<LocalServer> hospital_server;  // certificate from the hospital's CA
    std::unique_ptr<LocalServer> public_server;    // certificate from the "system store"
    LocalServer plain;

    static std::unique_ptr<LocalServer> serve(const TestCertificate& leaf, const char* body) {
        auto server = std::make_unique<LocalServer>(std::make_unique<httplib::SSLServer>(leaf.cert(), leaf.key()));
        REQUIRE(server->routes().is_valid());
        server->routes().Get("/feed", [body](const httplib::Request&, httplib::Response& res) {
            res.set_content(body, "application/json");
        });
        REQUIRE(server->start());
        return server;
    }

    PrivateCaFixture() {
        for (const TestCertificate* c : {&hospital_root, &hospital_leaf, &system_root, &system_leaf}) REQUIRE(c->ok());
        hospital_server = serve(hospital_leaf, "inside");
        public_server = serve(system_leaf, "outside");
        plain.routes().Get("/feed", [](const httplib::Request&, httplib::Response& res) {
            res.set_content("plain", "application/json");
        });
        REQUIRE(plain.start());
    }

    ClientOptions options() const {
        ClientOptions o;
        o.connect_timeout = 3s;
        o.total_timeout = 8s;
        o.system_ca_file = system_root.pem_path().string();
        return o;
    }
};

Request get(std::string url) {
    Request r;
    r.url = std::move(url);
    return r;
}

void write_file(const std::filesystem::path& path, const std::string& text, std::filesystem::perms mode) {
    std::ofstream(path) << text;
    std::filesystem::permissions(path, mode);
}

}  // namespace

TEST_CASE_METHOD(PrivateCaFixture, "ca_file is trusted in addition to the system store", "[proxy][tls]") {
    TempDir dir;
    const std::string not_pem = dir.file("not-a-bundle.pem");
    write_file(not_pem, "hello\n", std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    struct Case {
        const char* what;
        std::string ca_file;
        bool hospital_ok;
        bool public_ok;
        std::string error_start;  // of the hospital fetch, when it fails
    };
    const Case cases[] = {
        {"the system store alone", "", false, true, "the secure connection to 127.0.0.1 failed ("},
        {"the extra bundle and the system store", hospital_root.pem_path().string(), true, true, ""},
        {"an extra bundle that holds no certificate", not_pem, false, false,
         "the extra CA file " + not_pem + " ([net] ca_file) cannot be read or holds no PEM certificate"},
        {"an extra bundle that does not exist", dir.file("missing.pem"), false, false, "the extra CA file "},
    };
    for (const Case& c : cases) {
        INFO(c.what);
        ClientOptions o = options();
        o.ca_file = c.ca_file;
        CurlHttpClient client(o);
        const Response inside = client.fetch(get(hospital_server->url("/feed")));
        const Response outside = client.fetch(get(public_server->url("/feed")));
        CHECK(inside.ok() == c.hospital_ok);
        CHECK(outside.ok() == c.public_ok);
        if (c.hospital_ok) CHECK(inside.body == "inside");
        if (c.public_ok) CHECK(outside.body == "outside");
        if (!c.hospital_ok) {
            CHECK(inside.error_kind == ErrorKind::Tls);
            CHECK(inside.error.starts_with(c.error_start));
        }
    }
}

TEST_CASE_METHOD(PrivateCaFixture, "every fetch goes through the configured proxy", "[proxy]") {
    TempDir dir;
    TinyProxy proxy(dir.path(), "wallbox", "s3cret-Pass");
    REQUIRE(proxy.ok());  // tinyproxy is installed by packaging/setup.sh
    const std::string proxy_words = "the proxy 127.0.0.1 port " + std::to_string(proxy.port());
    struct Case {
        const char* what;
        std::string url;
        std::string credentials;
        std::string no_proxy;
        std::string expect_error;  // empty: the fetch works
        std::string expect_in_log; // what tinyproxy saw; empty: nothing
    };
    const std::string https_url = hospital_server->url("/feed");
    const std::string http_url = plain.url("/feed");
    const std::string tunnel = "CONNECT 127.0.0.1:" + std::to_string(hospital_server->port());
    const std::string forward = "GET " + http_url;
    const Case cases[] = {
        {"https is tunnelled with CONNECT", https_url, "wallbox:s3cret-Pass", "", "", tunnel},
        {"plain http on loopback is forwarded", http_url, "wallbox:s3cret-Pass", "", "", forward},
        {"https without credentials", https_url, "", "",
         proxy_words + " asks for credentials (407) and none are set, so 127.0.0.1 cannot be reached; set [net] "
                       "proxy_credentials_file",
         ""},
        {"plain http without credentials", http_url, "", "",
         proxy_words + " asks for credentials (407) and none are set, so 127.0.0.1 cannot be reached; set [net] "
                       "proxy_credentials_file",
         ""},
        {"wrong credentials", https_url, "wallbox:wrong", "",
         proxy_words + " refused the credentials from [net] proxy_credentials_file (401), so 127.0.0.1 cannot be "
                       "reached",
         ""},
        {"a host in no_proxy is reached directly", https_url, "", "127.0.0.1", "", ""},
    };
    for (const Case& c : cases) {
        INFO(c.what);
        const std::size_t log_before = proxy.log().size();
        ClientOptions o = options();
        o.ca_file = hospital_root.pem_path().string();
        o.proxy = proxy.url();
        o.no_proxy = c.no_proxy;
        o.proxy_credentials = c.credentials;
        CurlHttpClient client(o);
        const Response r = client.fetch(get(c.url));
        if (c.expect_error.empty()) {
            CHECK(r.error == "");
            CHECK(r.ok());
        } else {
            CHECK(r.error_kind == ErrorKind::Proxy);
            CHECK(r.error == c.expect_error);
            CHECK(r.body.empty());
        }
        const std::string seen = proxy.log().substr(log_before);
        if (!c.expect_in_log.empty()) CHECK(seen.find(c.expect_in_log) != std::string::npos);
        if (!c.no_proxy.empty()) CHECK(seen.find("Request") == std::string::npos);
    }
}

TEST_CASE_METHOD(PrivateCaFixture, "a proxy that refuses the connection is named in one sentence", "[proxy]") {
    ClientOptions o = options();
    o.ca_file = hospital_root.pem_path().string();
    const int port = lw::test::unused_port();
    o.proxy = "http://127.0.0.1:" + std::to_string(port);
    CurlHttpClient client(o);
    const Response r = client.fetch(get(hospital_server->url("/feed")));
    CHECK(r.error_kind == ErrorKind::Proxy);
    CHECK(r.error == "no connection could be made to the proxy 127.0.0.1 port " + std::to_string(port) +
                         " ([net] proxy), so 127.0.0.1 cannot be reached");

    // The poller's line, which the console shows as the source's health.
    SystemClock clock;
    HostPacer pacer(PacerOptions{}, clock);
    PoliteFetcher fetcher(client, pacer, clock);
    Backoff backoff(BackoffOptions{}, clock);
    const PollResult polled = fetcher.poll(get(hospital_server->url("/feed")), backoff, "'news' (web feed)");
    CHECK(polled.status == PollStatus::Failed);
    CHECK(polled.log_line.starts_with("'news' (web feed): no connection could be made to the proxy 127.0.0.1 port "));
    CHECK(polled.log_line.find("; trying again in ") != std::string::npos);
}

TEST_CASE_METHOD(PrivateCaFixture, "without [net] proxy the environment's proxy is ignored", "[proxy]") {
    const int port = lw::test::unused_port();
    const std::string bogus = "http://127.0.0.1:" + std::to_string(port);
    ::setenv("https_proxy", bogus.c_str(), 1);
    ::setenv("http_proxy", bogus.c_str(), 1);
    ClientOptions o = options();
    o.ca_file = hospital_root.pem_path().string();
    CurlHttpClient client(o);
    const Response secure = client.fetch(get(hospital_server->url("/feed")));
    const Response plain_reply = client.fetch(get(plain.url("/feed")));
    ::unsetenv("https_proxy");
    ::unsetenv("http_proxy");
    CHECK(secure.ok());
    CHECK(plain_reply.ok());
}

TEST_CASE("proxy credentials come from a file only the service may read", "[proxy]") {
    TempDir dir;
    using std::filesystem::perms;
    struct Case {
        const char* what;
        const char* text;  // nullptr: no file at all
        perms mode;
        const char* expect;  // the credentials, or the start of the error
        bool ok;
    };
    const perms owner = perms::owner_read | perms::owner_write;
    const Case cases[] = {
        {"owner only (600)", "alice:s3cret\n", owner, "alice:s3cret", true},
        {"with the service's group (640)", "alice:s3cret\r\n", owner | perms::group_read, "alice:s3cret", true},
        {"readable by everyone (644)", "alice:s3cret\n", owner | perms::group_read | perms::others_read,
         "the proxy credentials file {} may be read or changed by other users (mode 0644): chmod 600 it", false},
        {"writable by the group (620)", "alice:s3cret\n", owner | perms::group_write,
         "the proxy credentials file {} may be read or changed by other users (mode 0620)", false},
        {"not user:password", "alice\n", owner, "the proxy credentials file {} must hold one line", false},
        {"empty", "", owner, "the proxy credentials file {} cannot be read by this user, or is empty", false},
        {"missing", nullptr, owner, "the proxy credentials file {} ([net] proxy_credentials_file) does not exist",
         false},
    };
    int n = 0;
    for (const Case& c : cases) {
        INFO(c.what);
        const std::string path = dir.file("credentials-" + std::to_string(n++));
        if (c.text) write_file(path, c.text, c.mode);
        const ProxyCredentials got = read_proxy_credentials(path);
        CHECK(got.user_password.has_value() == c.ok);
        std::string expect = c.expect;
        if (auto at = expect.find("{}"); at != std::string::npos) expect.replace(at, 2, path);
        if (c.ok) CHECK(got.user_password.value_or("") == expect);
        else CHECK(got.error.starts_with(expect));

        // Through the config: a refused file stops every fetch with its sentence.
        NetConfig net;
        net.proxy = "http://127.0.0.1:3128";
        net.proxy_credentials_file = path;
        const ClientOptions options = client_options(net);
        CHECK(options.setup_error.empty() == c.ok);
        if (!c.ok) {
            CurlHttpClient client(options);
            const Response r = client.fetch(get("https://127.0.0.1:1/feed"));
            CHECK(r.error_kind == ErrorKind::Proxy);
            CHECK(r.error == got.error + "; nothing is fetched until it is fixed");
        }
    }
}
