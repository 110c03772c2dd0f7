// A real HTTP(S) server on 127.0.0.1 for the net tests: cpp-httplib bound to
// a free port, serving from a thread, stopped when the object dies. Only test
// files include this (httplib.h stays out of the product).
#pragma once

#include <httplib.h>

#include <memory>
#include <string>
#include <string_view>
#include <thread>

namespace lw::test {

class LocalServer {
public:
    // Takes an httplib::SSLServer for https tests; plain http otherwise.
    explicit LocalServer(std::unique_ptr<httplib::Server> server = nullptr);
    ~LocalServer();
    LocalServer(const LocalServer&) = delete;
    LocalServer& operator=(const LocalServer&) = delete;

    httplib::Server& routes() { return *server_; }

    // Binds 127.0.0.1 on a free port and serves until stop(). Returns false
    // when it could not bind or did not come up within 5 s.
    bool start();
    void stop();

    int port() const { return port_; }
    // "http://127.0.0.1:<port><path>" (or https).
    std::string url(std::string_view path) const;

private:
    std::unique_ptr<httplib::Server> server_;
    std::thread thread_;
    int port_ = -1;
    bool tls_ = false;
};

// gzip-compresses `data` (RFC 1952), as a server would with Content-Encoding: gzip.
std::string gzip(std::string_view data);

}  // namespace lw::test
