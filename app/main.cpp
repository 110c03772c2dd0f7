// lobbywall: a straight line of start-up steps that picks a role (roles/role.h).
//
//   lobbywall [--config FILE] [--demo] [--windowed WxH]     the wall
//   lobbywall [--config FILE] --headless                    no screen: poll, moderate, serve the console
//   lobbywall --demo --screenshot out.png --size 1920x1080  one frame to a PNG
//   lobbywall check-config FILE                             validate a config
//
// [fleet] role in the config: "standalone" (the default), "hub" or "screen".
#include "core/config.h"
#include "core/log.h"
#include "core/snapshot.h"
#include "core/time.h"
#include "net/curl_client.h"
#include "pipeline/probe.h"
#include "platform/local_time.h"
#include "platform/memory.h"
#include "platform/paths.h"
#include "platform/process_stats.h"
#include "roles/role.h"
#include "server/metrics_server.h"
#include "server/user_command.h"
#include "store/backup.h"
#include "wall/notice.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <iostream>

namespace {

using namespace lw;
using roles::Options;
using Steady = std::chrono::steady_clock;

// FILE, merged with FILE's conf.d/*.toml and then the extra drop-ins.
int check_config(const std::vector<std::string>& files) {
    const std::string& path = files.front();
    ConfigResult result = load_config_files(path, {files.begin() + 1, files.end()});
    for (const ConfigProblem& p : result.problems) std::fprintf(stderr, "%s\n", describe(p, path).c_str());
    if (!result.ok()) return 1;
    if (result.files.size() > 1) std::printf("%s + %zu drop-in(s): ok\n", path.c_str(), result.files.size() - 1);
    else std::printf("%s: ok\n", path.c_str());
    return 0;
}


}  // namespace

int main(int argc, char** argv) {
    const auto process_start = Steady::now();
    platform::return_large_blocks_when_freed();
    CLI::App app{"lobbywall: a social wall for hospital waiting rooms"};
    app.set_version_flag("--version", std::string(LOBBYWALL_VERSION));
    Options options;
    app.add_option("--config", options.config_path, "Config file (default /etc/lobbywall/lobbywall.toml if present)");
    app.add_flag("--demo", options.demo, "Show the bundled demo content (no network needed)");
    app.add_option("--windowed", options.windowed, "Run in a window of this size instead of full-screen, e.g. 1280x720");
    app.add_option("--screenshot", options.screenshot, "Render one frame off-screen to this PNG file and exit");
    app.add_option("--size", options.size, "Screen size for --screenshot, e.g. 1080x1920 for portrait");
    app.add_flag("-v,--verbose", options.verbose, "Log debug messages");
    app.add_flag("--headless", options.headless, "No screen: poll, moderate and serve the staff console only");
    std::vector<std::string> check_paths;
    CLI::App* check = app.add_subcommand("check-config", "Check a config file (with the drop-ins in conf.d/ beside it) "
                                                         "and print each problem with its file and line");
    check->add_option("FILE", check_paths, "The config file, then extra drop-ins to merge after conf.d's")->required();
    pipeline::ProbeOptions probe_options;
    CLI::App* probe = app.add_subcommand("probe", "Parse a saved payload or fetch a configured source once; "
                                                  "print each post as a JSON line");
    probe->add_option("--kind", probe_options.kind, "With --file: mastodon, bluesky or feed");
    probe->add_option("--file", probe_options.file, "A saved payload to parse");
    probe->add_option("--config", probe_options.config_path, "The config file (for --source and for rules)");
    probe->add_option("--source", probe_options.source, "A [[source]] name to fetch once");
    probe->add_flag("--moderate", probe_options.moderate, "Add the rules' decision and reasons to each line");
    CLI::App* user = app.add_subcommand("user", "Staff accounts for the console: user add NAME --role moderator|admin, "
                                                "user list, user remove NAME, user passwd NAME");
    user->allow_extras();
    user->prefix_command();
    CLI::App* backup = app.add_subcommand("backup", "backup DIR: a consistent copy of the databases and media while "
                                                    "lobbywall runs (docs/operations.md)");
    CLI::App* restore = app.add_subcommand("restore", "restore DIR [--force]: put a backup back, with lobbywall stopped");
    for (CLI::App* command : {backup, restore}) {
        command->allow_extras();
        command->prefix_command();
    }
    CLI11_PARSE(app, argc, argv);

    if (options.verbose) log::set_min_level(log::Level::Debug);
    if (check->parsed()) return check_config(check_paths);
    if (probe->parsed()) return pipeline::run_probe(probe_options, std::cout, std::cerr);

    Config config;
    platform::Paths paths = platform::default_paths();
    std::string config_path = options.config_path;
    if (config_path.empty() && !options.demo && std::filesystem::exists(paths.config)) config_path = paths.config;
    if (!config_path.empty()) {
        ConfigResult result = load_config_file(config_path);
        for (const ConfigProblem& p : result.problems) log::error("{}", describe(p, config_path));
        if (!result.ok()) {
            log::error("the config has {} problem(s); fix them (lobbywall check-config {}) and restart",
                       result.problems.size(), config_path);
            return 1;
        }
        config = std::move(result.config);
        paths = platform::default_paths(config.paths.state_dir, config.paths.cache_dir);
    }
    if (std::string error; !platform::use_time_zone(config.screen.time_zone, error))
        log::error("{}; using the system time zone", error);

    if (user->parsed()) {
        const std::vector<std::string> words = user->remaining();
        if (words.empty() || std::find(words.begin(), words.end(), "--help") != words.end() ||
            std::find(words.begin(), words.end(), "-h") != words.end()) {
            std::cout << "usage: lobbywall [--config FILE] user add NAME --role moderator|admin\n"
                         "       lobbywall [--config FILE] user passwd NAME\n"
                         "       lobbywall [--config FILE] user remove|disable|enable NAME\n"
                         "       lobbywall [--config FILE] user list\n"
                         "Passwords are read from the terminal (or standard input when it is not one).\n";
            return words.empty() ? 2 : 0;
        }
        std::error_code ec;
        std::filesystem::create_directories(paths.state_dir, ec);
        return run_user_command(user->remaining(), paths.state_dir, std::cin, std::cout, std::cerr);
    }
    if (backup->parsed())
        return run_backup_command(backup->remaining(), paths.state_dir, paths.cache_dir / "media", std::cout, std::cerr);
    if (restore->parsed())
        return run_restore_command(restore->remaining(), paths.state_dir, paths.cache_dir / "media", std::cout, std::cerr);
    SnapshotChannel channel;
    SystemClock clock;
    roles::FrameGrab grab;
    std::unique_ptr<roles::RoleServices> services;
    if (options.demo) {
        if (!roles::publish_initial_content(options, config, paths, channel)) return 1;
    } else {
        net::global_init();  // before any thread starts; the demo needs no network
        if (config.fleet.role == "screen") services = roles::open_screen(config, paths, channel, clock);
        else services = roles::open_box(config, paths, channel, clock, grab);
        if (!services && !roles::publish_initial_content(options, config, paths, channel)) return 1;
    }
    if (!options.demo) {
        const auto error_file = paths.state_dir / "provision-error.txt";
        options.setup_notice = wall::read_setup_notice(error_file);
        if (!options.setup_notice.empty())
            log::error("setup notice: {} (from {}); the wall shows it",
                       options.setup_notice.substr(0, options.setup_notice.find('\n')), error_file.string());
    }
    if (!options.screenshot.empty()) return roles::take_screenshot(options, config, channel);
    if (options.headless && (!services || !services->can_run_headless())) {
        log::error("--headless has nothing to do: neither the pipeline nor the staff console could start");
        return 1;
    }
    // GET /metrics for Prometheus ([server] metrics_listen; docs/operations.md).
    const auto process_metrics = collect_process_metrics(platform::resident_memory_bytes, clock.now(), LOBBYWALL_VERSION);
    MetricsServer metrics_server;
    if (!options.demo && !config.server.metrics_listen.empty())
        if (Status started = metrics_server.start(config.server.metrics_listen); !started)
            log::warn("{}; the box runs without /metrics", started.error);
    if (services) services->start();
    const roles::ReloadFn reload = [&](const Config& running) -> std::optional<Config> {
        std::optional<Config> next = roles::reread_config(config_path, running);
        if (next && services) services->reload(*next, channel);
        if (next) log::info("SIGHUP: reloaded {}", config_path);
        return next;
    };
    if (options.headless) return roles::run_headless(config, reload);
    return roles::run_wall(options, config, channel, grab, process_start, reload);
}

