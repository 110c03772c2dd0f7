// Tests for the operations keys: [net] (proxy, credentials file, no_proxy,
// extra CA bundle) and [server] metrics_listen.
#include "core/config.h"

#include <catch2/catch.hpp>

using namespace lw;

TEST_CASE("[net] and metrics_listen are read with their defaults", "[config][net]") {
    const ConfigResult defaults = parse_config("");
    REQUIRE(defaults.problems.empty());
    CHECK(defaults.config.net.proxy.empty());
    CHECK(defaults.config.net.no_proxy == "localhost,127.0.0.1,::1");
    CHECK(defaults.config.net.ca_file.empty());
    CHECK(defaults.config.server.metrics_listen == "127.0.0.1:9464");

    const ConfigResult r = parse_config(
        "[server]\nmetrics_listen = \"0.0.0.0:9100\"\n"
        "[net]\nproxy = \"http://proxy.hospital.example:3128\"\n"
        "proxy_credentials_file = \"/etc/lobbywall/proxy-credentials\"\nno_proxy = \".hospital.example\"\n"
        "ca_file = \"/etc/lobbywall/inspection-root.pem\"\n");
    REQUIRE(r.problems.empty());
    CHECK(r.config.server.metrics_listen == "0.0.0.0:9100");
    CHECK(r.config.net.proxy == "http://proxy.hospital.example:3128");
    CHECK(r.config.net.proxy_credentials_file == "/etc/lobbywall/proxy-credentials");
    CHECK(r.config.net.no_proxy == ".hospital.example");
    CHECK(r.config.net.ca_file == "/etc/lobbywall/inspection-root.pem");
    CHECK(parse_config("[server]\nmetrics_listen = \"\"\n").ok());  // off
}

TEST_CASE("[net] problems are reported with their lines", "[config][net]") {
    struct Case {
        const char* toml;
        const char* problem;
    };
    const Case cases[] = {
        {"[net]\nproxy = \"proxy.example:3128\"\n", "'net.proxy' must be an address like"},
        {"[net]\nproxy = \"socks5://proxy.example:1080\"\n", "'net.proxy' must be an address like"},
        {"[net]\nproxy = \"http://alice:secret@proxy.example:3128\"\n",
         "'net.proxy' must not hold a user name or password: put \"user:password\" in the file"},
        {"[net]\nproxy_credentials_file = \"/etc/lobbywall/proxy\"\n",
         "'net.proxy_credentials_file' is set but 'proxy' is not"},
        {"[net]\nproxy = \"http://p:3128\"\nproxy_credentials_file = \"proxy-credentials\"\n",
         "'net.proxy_credentials_file' must be an absolute path"},
        {"[net]\nca_file = \"root.pem\"\n", "'net.ca_file' must be an absolute path"},
        {"[net]\nproxi = \"http://p:3128\"\n", "unknown key 'net.proxi'"},
        {"[server]\nmetrics_listen = \"9464\"\n", "'server.metrics_listen' must look like \"127.0.0.1:9464\""},
    };
    for (const Case& c : cases) {
        INFO(c.toml);
        const ConfigResult r = parse_config(c.toml);
        REQUIRE(r.problems.size() == 1);
        CHECK(r.problems[0].line >= 2);
        CHECK_THAT(r.problems[0].message, Catch::Contains(c.problem));
    }
}
