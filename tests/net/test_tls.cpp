// Tests for net/curl_client over https against a real TLS server on
// 127.0.0.1. The test makes a fresh self-signed certificate for 127.0.0.1 at
// start (no key is stored in the repository, nothing expires), then checks
// that verification is always on, that a CA bundle option makes it pass, and
// that an https fetch is never redirected to plain http, not even to loopback.
#include "net/curl_client.h"

#include "local_server.h"

#include <catch2/catch.hpp>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <filesystem>
#include <unistd.h>

using namespace lw;
using namespace lw::net;
using namespace std::chrono;
using lw::test::LocalServer;

namespace {

bool add_extension(X509* cert, int nid, const char* value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    if (!ext) return false;
    const bool ok = X509_add_ext(cert, ext, -1) == 1;
    X509_EXTENSION_free(ext);
    return ok;
}

// A self-signed P-256 certificate for IP 127.0.0.1, valid for an hour.
struct TestCertificate {
    EVP_PKEY* key = nullptr;
    X509* cert = nullptr;
    std::filesystem::path pem_path;

    TestCertificate() {
        key = EVP_EC_gen("P-256");
        cert = X509_new();
        if (!key || !cert) return;
        X509_set_version(cert, 2);
        ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
        X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
        X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
        X509_set_pubkey(cert, key);
        X509_NAME* name = X509_get_subject_name(cert);
        X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                   reinterpret_cast<const unsigned char*>("127.0.0.1"), -1, -1, 0);
        X509_set_issuer_name(cert, name);
        add_extension(cert, NID_subject_alt_name, "IP:127.0.0.1");
        add_extension(cert, NID_basic_constraints, "critical,CA:TRUE");
        X509_sign(cert, key, EVP_sha256());

        pem_path = std::filesystem::temp_directory_path() /
                   ("lobbywall-test-net-" + std::to_string(getpid()) + ".pem");
        if (FILE* f = std::fopen(pem_path.c_str(), "w")) {
            PEM_write_X509(f, cert);
            std::fclose(f);
        }
    }
    ~TestCertificate() {
        std::error_code ignored;
        std::filesystem::remove(pem_path, ignored);
        X509_free(cert);
        EVP_PKEY_free(key);
    }
    bool ok() const { return key && cert && std::filesystem::exists(pem_path); }
};

struct TlsFixture {
    TestCertificate certificate;
    LocalServer plain;
    std::unique_ptr<LocalServer> secure;

    TlsFixture() {
        REQUIRE(certificate.ok());
        plain.routes().Get("/hello", [](const httplib::Request&, httplib::Response& res) {
            res.set_content("plain hello", "application/octet-stream");
        });
        REQUIRE(plain.start());
        secure = std::make_unique<LocalServer>(
            std::make_unique<httplib::SSLServer>(certificate.cert, certificate.key));
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
    CurlHttpClient client(quick(certificate.pem_path.string()));
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
    CurlHttpClient client(quick(certificate.pem_path.string()));
    // Plain http to loopback is fine on its own...
    CHECK(client.fetch(get(plain.url("/hello"))).ok());
    // ...but not as a downgrade from https.
    const Response r = client.fetch(get(secure->url("/to-plain")));
    CHECK(r.error_kind == ErrorKind::RedirectRefused);
    CHECK(r.error == "127.0.0.1 redirected from https to http, which is refused");
    CHECK(r.body.empty());
}
