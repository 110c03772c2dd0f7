// Test certificates with OpenSSL: see test_ca.h.
#include "test_ca.h"

#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <atomic>
#include <cstdio>
#include <unistd.h>

namespace lw::test {
namespace {

bool add_extension(X509* cert, X509* issuer, int nid, const char* value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    if (!ext) return false;
    const bool ok = X509_add_ext(cert, ext, -1) == 1;
    X509_EXTENSION_free(ext);
    return ok;
}

std::atomic<int> g_serial{1};

}  // namespace

TestCertificate::TestCertificate(const std::string& common_name, bool is_ca, const TestCertificate* issuer) {
    key_ = EVP_EC_gen("P-256");
    cert_ = X509_new();
    if (!key_ || !cert_ || (issuer && !issuer->ok())) return;
    const int serial = g_serial++;
    X509_set_version(cert_, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert_), serial);
    X509_gmtime_adj(X509_getm_notBefore(cert_), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert_), 3600);
    X509_set_pubkey(cert_, key_);
    X509_NAME* name = X509_get_subject_name(cert_);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(common_name.c_str()),
                               -1, -1, 0);
    X509* signer = issuer ? issuer->cert_ : cert_;
    X509_set_issuer_name(cert_, X509_get_subject_name(signer));
    bool ok = true;
    if (is_ca && issuer == nullptr) {
        // A root that also serves 127.0.0.1 itself, like the one-file bundle a test passes as ca_file.
        ok = add_extension(cert_, signer, NID_basic_constraints, "critical,CA:TRUE") &&
             add_extension(cert_, signer, NID_subject_alt_name, "IP:127.0.0.1");
    } else {
        ok = add_extension(cert_, signer, NID_basic_constraints, "critical,CA:FALSE") &&
             add_extension(cert_, signer, NID_subject_alt_name, "IP:127.0.0.1") &&
             add_extension(cert_, signer, NID_ext_key_usage, "serverAuth");
    }
    if (!ok || X509_sign(cert_, issuer ? issuer->key_ : key_, EVP_sha256()) == 0) return;

    pem_path_ = std::filesystem::temp_directory_path() /
                ("lobbywall-test-cert-" + std::to_string(getpid()) + "-" + std::to_string(serial) + ".pem");
    if (FILE* f = std::fopen(pem_path_.c_str(), "w")) {
        ok = PEM_write_X509(f, cert_) == 1;
        std::fclose(f);
        ok_ = ok;
    }
}

TestCertificate::~TestCertificate() {
    std::error_code ignored;
    if (!pem_path_.empty()) std::filesystem::remove(pem_path_, ignored);
    X509_free(cert_);
    EVP_PKEY_free(key_);
}

}  // namespace lw::test
