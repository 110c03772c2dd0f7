// Paths on Linux: see paths.h.
#include "platform/paths.h"

#include <cstdlib>
#include <system_error>
#include <sys/stat.h>
#include <unistd.h>

namespace lw::platform {
namespace {

std::filesystem::path env_path(const char* name) {
    const char* v = std::getenv(name);
    return (v && *v) ? std::filesystem::path(v) : std::filesystem::path();
}

std::filesystem::path find_assets() {
    // LOBBYWALL_ASSETS wins; then the install prefix; then the source tree
    // (running from a build folder during development).
    if (auto p = env_path("LOBBYWALL_ASSETS"); !p.empty()) return p;
    std::error_code ec;
    if (std::filesystem::exists(std::filesystem::path(LOBBYWALL_INSTALL_ASSETS) / "demo", ec))
        return LOBBYWALL_INSTALL_ASSETS;
    return LOBBYWALL_SOURCE_ASSETS;
}

}  // namespace

Paths default_paths(const std::string& state_override, const std::string& cache_override) {
    Paths p;
    p.assets = find_assets();
    // systemd sets these for StateDirectory= / CacheDirectory= / ConfigurationDirectory=.
    auto state = env_path("STATE_DIRECTORY");
    auto cache = env_path("CACHE_DIRECTORY");
    auto config = env_path("CONFIGURATION_DIRECTORY");
    // The service's own user (it owns /var/lib/lobbywall; its home is there
    // too) uses the service's folders, not ~/.local: `sudo -u lobbywall
    // lobbywall user add ...` must write the database the service reads.
    struct stat service_state {};
    const bool service_user = ::stat("/var/lib/lobbywall", &service_state) == 0 && service_state.st_uid == geteuid();
    const bool system_user = geteuid() == 0 || !state.empty() || service_user;
    auto home = env_path("HOME");
    if (state.empty()) {
        if (system_user) state = "/var/lib/lobbywall";
        else if (auto x = env_path("XDG_STATE_HOME"); !x.empty()) state = x / "lobbywall";
        else state = home / ".local/state/lobbywall";
    }
    if (cache.empty()) {
        if (system_user) cache = "/var/cache/lobbywall";
        else if (auto x = env_path("XDG_CACHE_HOME"); !x.empty()) cache = x / "lobbywall";
        else cache = home / ".cache/lobbywall";
    }
    p.config = (config.empty() ? std::filesystem::path("/etc/lobbywall") : config) / "lobbywall.toml";
    p.state_dir = state_override.empty() ? state : std::filesystem::path(state_override);
    p.cache_dir = cache_override.empty() ? cache : std::filesystem::path(cache_override);
    return p;
}

}  // namespace lw::platform
