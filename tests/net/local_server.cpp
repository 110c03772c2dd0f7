// The in-process test server and the gzip helper (see local_server.h).
#include "local_server.h"

#include <zlib.h>

#include <chrono>
#include <stdexcept>

namespace lw::test {

LocalServer::LocalServer(std::unique_ptr<httplib::Server> server)
    : server_(server ? std::move(server) : std::make_unique<httplib::Server>()) {
    tls_ = dynamic_cast<httplib::SSLServer*>(server_.get()) != nullptr;
    // Short timeouts so that stop() never waits long on an idle keep-alive
    // connection or on a client that went away.
    server_->set_keep_alive_timeout(1);
    server_->set_read_timeout(2, 0);
    server_->set_write_timeout(2, 0);
}

LocalServer::~LocalServer() { stop(); }

bool LocalServer::start() {
    port_ = server_->bind_to_any_port("127.0.0.1");
    if (port_ <= 0) return false;
    thread_ = std::thread([this] { server_->listen_after_bind(); });
    for (int i = 0; i < 500 && !server_->is_running(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    return server_->is_running();
}

void LocalServer::stop() {
    if (thread_.joinable()) {
        server_->stop();
        thread_.join();
    }
}

std::string LocalServer::url(std::string_view path) const {
    return std::string(tls_ ? "https" : "http") + "://127.0.0.1:" + std::to_string(port_) +
           std::string(path);
}

std::string gzip(std::string_view data) {
    z_stream z{};
    // windowBits 15 + 16 selects the gzip wrapper rather than zlib's.
    if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        throw std::runtime_error("deflateInit2 failed");
    std::string out(deflateBound(&z, static_cast<uLong>(data.size())), '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&z, Z_FINISH);
    deflateEnd(&z);
    if (rc != Z_STREAM_END) throw std::runtime_error("deflate did not finish");
    out.resize(z.total_out);
    return out;
}

}  // namespace lw::test
