// A real HTTP proxy on 127.0.0.1 for the tests: Debian's tinyproxy, started
// with a config of our own on a free port (optionally asking for Basic
// credentials), stopped when the object dies. It tunnels https with CONNECT
// and forwards plain http, as a hospital's proxy does.
#pragma once

#include "child_process.h"

#include <filesystem>
#include <memory>
#include <string>

namespace lw::test {

class TinyProxy {
public:
    // `user`/`password` non-empty: every request needs them (407 otherwise).
    TinyProxy(const std::filesystem::path& dir, const std::string& user = {}, const std::string& password = {});

    // Started and accepting connections (waits at most 5 s).
    bool ok() const { return ok_; }
    int port() const { return port_; }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    // What tinyproxy logged so far (one line per connection and request).
    std::string log() const { return process_ ? process_->log() : std::string(); }

private:
    std::unique_ptr<ChildProcess> process_;
    int port_ = 0;
    bool ok_ = false;
};

}  // namespace lw::test
