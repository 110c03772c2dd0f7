// Tests for net/curl_client over https against a real TLS server on
// 127.0.0.1. The test makes a fresh self-signed certificate for 127.0.0.1 at
// start (no key is stored in the repository, nothing expires), then checks
// that verification is always on, that a CA bundle option makes it pass, and
// that an https fetch is never redirected to plain http, not even to loopback.
#include "net/curl_client.h"

#include "local_server.h"
#include "test_ca.h"

#include <catch2/catch.hpp>

using namespace lw;
using namespace lw::net;
using namespace std::chrono;
using lw::test::LocalServer;
using lw::test::TestCertificate;

namespace {

struct TlsFixture {
    TestCertificate certificate{"127.0.0.1", true};  // self-signed
    LocalServer plain;
    std::unique_ptr<LocalServer> secure;

    TlsFixture() {
        REQUIRE(certificate.ok());
        plain.routes().Get("/hello", [](const httplib::Request&, httplib::Response& res) {
            res.set_content("plain hello", "application/octet-stream");
        });
        REQUIRE(plain.start());
        secure = std::make_unique<LocalServer>(
            std::make_unique<httplib::SSLServer>(certificate.cert(), certificate.key()));
        REQUIRE(secure->routes().is_valid());
        secure->routes().Get("/hello", [](const httplib::Request&, httplib::Response& res) {
            res.set_content("secure hello", "application/octet-stream");
        });
        secure->routes().Get("/to-plain", [this](const httplib::Request&, httplib::Response& res) {
            res.set_redirect(plain.url("/hello"), 302);
        });
        secure->routes().Get("/to-secure", [this](const httplib::Request&, httplib::Response& res) {
            res.set_redirect(secure->url("/hello"), 302);
        });
        REQUIRE(secure->start());
    }
};

ClientOptions quick(std::string ca_file) {
    ClientOptions o;
    o.connect_timeout = 2s;
    o.total_timeout = 5s;
    o.ca_file = std::move(ca_file);
    return o;
}

Request get(std::string url) {
    Request r;
    r.url = std::move(url);
    return r;
}

}  // namespace

TEST_CASE_METHOD(TlsFixture, "https works when the certificate verifies", "[tls]") {
    CurlHttpClient client(quick(certificate.pem_path().string()));
    const Response r = client.fetch(get(secure->url("/hello")));
    REQUIRE(r.error == "");
    CHECK(r.status == 200);
    CHECK(r.body == "secure hello");

    const Response followed = client.fetch(get(secure->url("/to-secure")));
    CHECK(followed.ok());
    CHECK(followed.body == "secure hello");
    CHECK(followed.redirects == 1);
}

TEST_CASE_METHOD(TlsFixture, "verification is always on: an untrusted certificate fails", "[tls]") {
    CurlHttpClient client(quick(""));  // system CA store: does not know our certificate
    const Response r = client.fetch(get(secure->url("/hello")));
    CHECK(r.error_kind == ErrorKind::Tls);
    CHECK(r.error.starts_with("the secure connection to 127.0.0.1 failed ("));
    CHECK(r.body.empty());
}

TEST_CASE_METHOD(TlsFixture, "an https fetch is never redirected to http, not even to loopback", "[tls]") {
    CurlHttpClient client(quick(certificate.pem_path().string()));
    // Plain http to loopback is fine on its own...
    CHECK(client.fetch(get(plain.url("/hello"))).ok());
    // ...but not as a downgrade from https.
    const Response r = client.fetch(get(secure->url("/to-plain")));
    CHECK(r.error_kind == ErrorKind::RedirectRefused);
    CHECK(r.error == "127.0.0.1 redirected from https to http, which is refused");
    CHECK(r.body.empty());
}
