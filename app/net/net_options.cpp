// [net] to ClientOptions: see net_options.h.
#include "net/net_options.h"

#include "core/log.h"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>

namespace lw::net {

namespace fs = std::filesystem;

ProxyCredentials read_proxy_credentials(const std::string& path) {
    ProxyCredentials out;
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (ec || !fs::is_regular_file(status)) {
        out.error = fmt::format("the proxy credentials file {} ([net] proxy_credentials_file) does not exist", path);
        return out;
    }
    const fs::perms p = status.permissions();
    const fs::perms loose = fs::perms::others_read | fs::perms::others_write | fs::perms::group_write;
    if ((p & loose) != fs::perms::none) {
        out.error = fmt::format(
            "the proxy credentials file {} may be read or changed by other users (mode {:04o}): chmod 600 it, or 640 "
            "with the service's group",
            path, static_cast<unsigned>(p) & 0777u);
        return out;
    }
    std::ifstream in(path, std::ios::binary);
    std::string line;
    if (!in || !std::getline(in, line)) {
        out.error = fmt::format("the proxy credentials file {} cannot be read by this user, or is empty", path);
        return out;
    }
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.pop_back();
    const auto colon = line.find(':');
    if (colon == std::string::npos || colon == 0) {
        out.error = fmt::format("the proxy credentials file {} must hold one line \"user:password\"", path);
        return out;
    }
    out.user_password = std::move(line);
    return out;
}

ClientOptions client_options(const NetConfig& net) {
    ClientOptions options;
    options.ca_file = net.ca_file;
    options.proxy = net.proxy;
    options.no_proxy = net.no_proxy;
    if (!net.proxy.empty() && !net.proxy_credentials_file.empty()) {
        ProxyCredentials credentials = read_proxy_credentials(net.proxy_credentials_file);
        if (credentials.user_password) {
            options.proxy_credentials = std::move(*credentials.user_password);
        } else {
            options.setup_error = credentials.error + "; nothing is fetched until it is fixed";
            log::error("{}", options.setup_error);
        }
    }
    return options;
}

}  // namespace lw::net
