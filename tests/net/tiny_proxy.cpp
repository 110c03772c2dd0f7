// tinyproxy as a child process: see tiny_proxy.h.
#include "tiny_proxy.h"

#include <fstream>

namespace lw::test {

TinyProxy::TinyProxy(const std::filesystem::path& dir, const std::string& user, const std::string& password) {
    // tinyproxy wants a port number in its config; another process taking
    // this one in between is retried with a fresh port.
    for (int attempt = 0; attempt < 3 && !ok_; ++attempt) {
        port_ = unused_port();
        const auto config = dir / "tinyproxy.conf";
        {
            std::ofstream out(config);
            out << "Port " << port_ << "\nListen 127.0.0.1\nTimeout 10\nMaxClients 20\nLogLevel Connect\n"
                << "Allow 127.0.0.1\n";
            if (!user.empty()) out << "BasicAuth " << user << " " << password << "\n";
        }
        process_ = std::make_unique<ChildProcess>(std::vector<std::string>{"tinyproxy", "-d", "-c", config.string()},
                                                  dir / "tinyproxy.log");
        for (int i = 0; i < 500 && !ok_ && process_->running(); ++i) {
            ok_ = port_accepts(port_);
            if (!ok_) std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
    }
}

}  // namespace lw::test
