// tinyproxy as a child process: see tiny_proxy.h.
#include "tiny_proxy.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

extern char** environ;

namespace lw::test {
namespace {

bool accepts(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return false;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    ::close(fd);
    return ok;
}

}  // namespace

int unused_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    int port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
        port = ntohs(addr.sin_port);
    ::close(fd);
    return port;
}

TinyProxy::TinyProxy(const std::filesystem::path& dir, const std::string& user, const std::string& password) {
    // tinyproxy wants a port number in its config; another process taking
    // this one in between is retried with a fresh port.
    for (int attempt = 0; attempt < 3 && !ok_; ++attempt) {
        port_ = unused_port();
        const auto config = dir / "tinyproxy.conf";
        log_path_ = dir / "tinyproxy.log";
        {
            std::ofstream out(config);
            out << "Port " << port_ << "\nListen 127.0.0.1\nTimeout 10\nMaxClients 20\nLogLevel Connect\n"
                << "Allow 127.0.0.1\n";
            if (!user.empty()) out << "BasicAuth " << user << " " << password << "\n";
        }
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 1, log_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        posix_spawn_file_actions_adddup2(&actions, 1, 2);
        const std::string config_path = config.string();
        char* argv[] = {const_cast<char*>("tinyproxy"), const_cast<char*>("-d"), const_cast<char*>("-c"),
                        const_cast<char*>(config_path.c_str()), nullptr};
        const int rc = posix_spawnp(&pid_, "tinyproxy", &actions, nullptr, argv, environ);
        posix_spawn_file_actions_destroy(&actions);
        if (rc != 0) {
            pid_ = -1;
            return;  // not installed: packaging/setup.sh installs it
        }
        for (int i = 0; i < 500 && !ok_; ++i) {
            if (::waitpid(pid_, nullptr, WNOHANG) == pid_) {
                pid_ = -1;
                break;  // exited: the port was taken
            }
            ok_ = accepts(port_);
            if (!ok_) std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
    }
}

TinyProxy::~TinyProxy() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    for (int i = 0; i < 300; ++i) {
        if (::waitpid(pid_, nullptr, WNOHANG) == pid_) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
}

std::string TinyProxy::log() const {
    std::ifstream in(log_path_);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace lw::test
