// The misbehaving HTTP server the client tests run against: every route
// does one thing wrong on purpose (drips, truncates, streams 50 MB, redirects
// too often or to another scheme, compresses a bomb). Test-only; it pulls in
// httplib through local_server.h.
#pragma once

#include "local_server.h"

#include <atomic>
#include <cctype>
#include <cstddef>
#include <map>
#include <mutex>
#include <string>

namespace lw::test {

constexpr std::size_t kMiB = 1024 * 1024;

// What the server saw of the last request, for checks on what the client sends.
struct Seen {
    std::mutex mutex;
    std::map<std::string, std::string> headers;  // lowercase name -> value
    int hits = 0;
    int remote_port = 0;

    void record(const httplib::Request& req) {
        std::lock_guard lock(mutex);
        headers.clear();
        for (const auto& [name, value] : req.headers) {
            std::string lower = name;
            for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            headers[lower] = value;
        }
        ++hits;
        remote_port = req.remote_port;
    }
    std::string header(const std::string& lower_name) {
        std::lock_guard lock(mutex);
        auto it = headers.find(lower_name);
        return it == headers.end() ? "<none>" : it->second;
    }
};

// The feed fixture under tests/data/net/.
std::string read_fixture(const std::string& name);

// Two servers on 127.0.0.1 with the routes registered in the constructor.
struct MisbehavingServer {
    LocalServer server;
    LocalServer other;  // a second origin, for redirects that leave the first
    Seen seen;
    std::atomic<std::size_t> huge_sent{0};
    std::atomic<bool> huge_done{false};
    std::atomic<bool> huge_write_failed{false};
    std::atomic<bool> stopping{false};  // set first on teardown; stalling routes watch it
    const std::string feed = read_fixture("feed.xml");

    MisbehavingServer();
    ~MisbehavingServer() { stopping = true; }
};

}  // namespace lw::test
