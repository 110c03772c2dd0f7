// The configuration model: one TOML file (/etc/lobbywall/lobbywall.toml).
// Every key is documented in packaging/lobbywall.toml. Unknown keys are
// errors, so a typo never silently falls back to a default.
#pragma once

#include "core/post.h"
#include "core/schedule.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lw {

// 0xRRGGBBAA
using Rgba = std::uint32_t;

struct ThemeConfig {
    bool dark = true;
    Rgba background = 0x0F1B2DFF;
    Rgba header = 0x132640FF;
    Rgba card = 0x1C3350FF;
    Rgba text = 0xF4F7FBFF;
    Rgba muted_text = 0xB8C6D9FF;
    Rgba accent = 0x4FD1C5FF;
    Rgba prompt_card = 0x0E6E6AFF;
    std::string font_regular;  // a TTF/OTF path; empty = the bundled default
    std::string font_bold;
    std::string logo;          // a PNG path shown in the header; empty = none
};

struct WallConfig {
    std::string hospital_name = "lobbywall";
    std::string layout = "grid";
    int page_seconds = 15;        // how long one page of posts stays
    int transition_ms = 900;      // cross-fade between pages
    std::string transition = "fade";  // "fade" | "slide": how one page gives way to the next
    int transition_fps = 0;       // frames per second during a cross-fade (0 = 30, 15 on software GL)
    bool show_authors = true;     // false hides author names and avatars
    int overscan_percent = 0;     // margin for TVs that crop the picture edge
    int max_post_age_days = 14;
    // Layouts, rotation, ticker, burn-in and trending (docs/wall.md).
    int masonry_columns = 0;      // 0 = from the screen's size and orientation
    int spotlight_small = 2;      // small cards beside the spotlight (1..6)
    int announcement_every = 4;   // an announcement every N cards (0 = all first)
    int pinned_every = 6;         // a pinned post every N cards (0 = all first)
    bool ticker = false;          // a scrolling band of recent posts at the bottom
    int ticker_speed = 60;        // pixels per second at 1080p
    int ticker_fps = 30;          // frames per second the band is redrawn at
    int ticker_posts = 12;        // how many recent posts the band cycles through
    int burn_in_pixels = 6;       // drift amplitude at 1080p (0 = off)
    int burn_in_minutes = 5;      // the drift moves at most this often
    int trending_count = 3;       // tags on the prompt card (0 = off)
    int trending_hours = 48;      // window of recent posts they come from
    int texture_budget_mb = 256;  // GPU memory for post pictures; least recently drawn go first
};

struct DisplayConfig {
    bool fullscreen = true;
    int width = 1920;             // window size when not full-screen
    int height = 1080;
    int max_fps = 60;
};

struct PathsConfig {
    std::string state_dir;        // database; empty = the platform default
    std::string cache_dir;        // media cache; empty = the platform default
};

// Moderation settings as written in the config; unset optionals keep the
// defaults for the source's kind (see moderation/rules.h).
struct RulesConfig {
    std::optional<std::string> approval;          // "manual" | "auto"
    std::vector<std::string> block_words;
    std::vector<std::string> blocked_authors;
    std::vector<std::string> blocked_domains;
    std::optional<std::string> replies;           // "allow" | "hold" | "reject"
    std::optional<std::string> boosts;
    std::optional<std::string> sensitive;
    std::optional<int> min_length;
    std::optional<int> max_length;
    std::vector<std::string> languages;
    std::optional<bool> allow_unknown_language;
    std::optional<int> max_age_days;
    // [privacy]: the hospital's own phone numbers and e-mail domains, never a
    // person's (only read from the global table; see moderation/privacy_guard.h)
    std::vector<std::string> public_numbers;
    std::vector<std::string> public_domains;
};

// One feed the hospital approved. Only these are ever contacted.
struct SourceConfig {
    std::string name;            // unique; in logs and the console
    SourceKind kind = SourceKind::WebFeed;
    std::string instance;        // Mastodon or Bluesky server, "https://..."
    std::string tag;             // mastodon_hashtag
    std::string account;         // mastodon_account (user@server) / bluesky_author (handle or DID)
    std::string feed;            // bluesky_feed: at:// URI of the feed generator
    std::string query;           // bluesky_search
    std::string url;             // web_feed
    std::string token;           // Mastodon bearer token (optional)
    std::string identifier;      // Bluesky login for search (handle or e-mail)
    std::string app_password;    // Bluesky app password for search
    int poll_seconds = 120;
    bool allow_plain_http = false;  // only for a feed on the hospital network
    bool exclude_replies = true;    // mastodon_account
    bool exclude_reblogs = false;   // mastodon_account
    std::vector<std::string> groups;  // a fleet hub: the screen groups that show it (empty: all)
    RulesConfig rules;
    int line = 0;                   // where it is in the file, for messages
};

struct StoreConfig {
    int retention_days = 14;
    int audit_retention_days = 365;
    int media_budget_mb = 512;
};

struct ServerConfig {
    bool enabled = true;
    std::string listen = "127.0.0.1:8080";
    std::string tls_cert;        // PEM files; both set = HTTPS
    std::string tls_key;
    // GET /metrics (Prometheus) on its own listener; loopback by default,
    // "0.0.0.0:9464" opens it to a Prometheus server; empty = off.
    std::string metrics_listen = "127.0.0.1:9464";
};

// [net]: hospital networks. Used for every fetch: sources, media, and the
// screens' sync with their hub.
struct NetConfig {
    std::string proxy;                   // "http://proxy.example:3128"; empty = direct
    std::string proxy_credentials_file;  // one line "user:password", readable by the service only
    std::string no_proxy = "localhost,127.0.0.1,::1";  // hosts reached directly (libcurl NOPROXY)
    std::string ca_file;                 // extra PEM roots, in addition to the system store
};

// [screen]: when the display is lit (core/schedule.h).
struct ScreenConfig {
    ScreenSchedule hours;        // not configured = always on
    std::string time_zone;       // IANA name like "Europe/London"; empty = the system's
    std::string off_mode = "auto";  // "auto": power the display off where possible; "black": draw black
    int night_poll_minutes = 15;    // while off, sources are asked at most this often (0: as by day)
};

// [fleet]: one hub polls and moderates, screens show what it approved
// (docs/fleet.md). "standalone" is a box on its own, as before.
struct FleetConfig {
    std::string role = "standalone";  // "standalone", "hub" or "screen"
    std::string hub_name;             // hub: shown on a screen waiting to be paired
    std::string hub_url;              // screen: https://hub.example.org (or http:// on loopback)
    std::string enrolment_key;        // hub: accepts screens that know it; screen: sends it
    std::string screen_name;          // screen: the name it asks for (empty: the host name)
    std::string ca_file;              // screen: a private CA for the hub's certificate
    int poll_seconds = 1;             // screen: how often it asks the hub for changes
    int offline_grace_minutes = 60;   // screen: shows its last wall this long without the hub
};

struct Config {
    WallConfig wall;
    DisplayConfig display;
    ScreenConfig screen;
    ThemeConfig theme;
    PathsConfig paths;
    std::vector<HashtagPrompt> prompts;
    std::vector<SourceConfig> sources;
    RulesConfig moderation;      // [moderation]: joined into every source's rules
    StoreConfig store;
    ServerConfig server;
    NetConfig net;
    FleetConfig fleet;
};

// "mastodon_hashtag" etc. (the words of SourceKind's to_string).
std::optional<SourceKind> parse_source_kind(std::string_view text);

// Where a problem is: a line, and the file when the config came from more
// than one (a drop-in in conf.d/); empty file = the file that was loaded.
struct ConfigPlace {
    int line = 0;
    std::string file;
    operator int() const { return line; }  // NOLINT: a place is used as its line where the file is known
};

struct ConfigProblem {
    int line = 0;               // 1-based; 0 when the problem has no place in the file
    std::string message;
    std::string file;           // the file it is in; empty when there is only one
    ConfigProblem() = default;
    ConfigProblem(int line_, std::string message_, std::string file_ = {})
        : line(line_), message(std::move(message_)), file(std::move(file_)) {}
    ConfigProblem(ConfigPlace place, std::string message_)
        : line(place.line), message(std::move(message_)), file(std::move(place.file)) {}
};

// "FILE:LINE: message" (or "FILE: message" without a line); `loaded` names
// the file when the problem does not say which.
std::string describe(const ConfigProblem& problem, const std::string& loaded);

struct ConfigResult {
    Config config;
    std::vector<ConfigProblem> problems;
    std::vector<std::string> files;   // what was read, in merge order
    bool ok() const { return problems.empty(); }
};

// Parses TOML text. Every problem is collected (not just the first) with the
// line it is on; `config` holds defaults wherever a value was bad.
ConfigResult parse_config(std::string_view toml_text);

// Reads and parses a file, merged with the drop-ins beside it
// (DIR/conf.d/*.toml, in name order: /etc/lobbywall/conf.d/ for the
// installed config). A drop-in's key replaces the same key before it; tables
// merge key by key; a list ([[source]], [[prompt]], block_words) replaces the
// whole list. Every problem names its file and line. A missing or unreadable
// main file is one problem at line 0; a missing conf.d is fine.
ConfigResult load_config_file(const std::filesystem::path& path);

// The same with `extra` drop-ins after conf.d's own: one whose file name is
// also in conf.d replaces that one (provisioning checks a new drop-in this way
// before it installs it).
ConfigResult load_config_files(const std::filesystem::path& path, const std::vector<std::filesystem::path>& extra);

// DIR/conf.d/*.toml beside `path`, sorted by name; hidden files are skipped.
std::vector<std::filesystem::path> config_drop_ins(const std::filesystem::path& path);

// "#RRGGBB" or "#RRGGBBAA".
bool parse_color(std::string_view text, Rgba& out);

}  // namespace lw
