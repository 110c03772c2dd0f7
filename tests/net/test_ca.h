// Certificates made fresh by a test (no key is stored in the repository,
// nothing expires): a private certificate authority, and server
// certificates for 127.0.0.1 signed by it, as a hospital's TLS-inspecting
// proxy or internal CA would issue them. Only test files include this.
#pragma once

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <filesystem>
#include <string>

namespace lw::test {

// A P-256 certificate valid for an hour; signed by itself, or by `issuer`.
class TestCertificate {
public:
    // `is_ca`: basicConstraints CA:TRUE (a root), else a leaf for IP 127.0.0.1.
    TestCertificate(const std::string& common_name, bool is_ca, const TestCertificate* issuer = nullptr);
    ~TestCertificate();
    TestCertificate(const TestCertificate&) = delete;
    TestCertificate& operator=(const TestCertificate&) = delete;

    bool ok() const { return ok_; }
    X509* cert() const { return cert_; }
    EVP_PKEY* key() const { return key_; }
    // The certificate as a PEM file in the temp folder, removed with the object.
    const std::filesystem::path& pem_path() const { return pem_path_; }

private:
    EVP_PKEY* key_ = nullptr;
    X509* cert_ = nullptr;
    std::filesystem::path pem_path_;
    bool ok_ = false;
};

}  // namespace lw::test
