// Config parsing and validation with toml++: see config.h.
// This is the only translation unit that includes toml++.
#include "core/config.h"

#include "core/contrast.h"

#include <toml++/toml.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>

namespace lw {
namespace {

// The node's line, and its file when it was parsed from one (a merged config
// keeps each node's own file: toml++ moves the source region with the node).
ConfigPlace line_of(const toml::node& node) {
    const auto& source = node.source();
    return {static_cast<int>(source.begin.line), source.path ? *source.path : std::string()};
}

// Reads keys out of one TOML table, remembering which keys it was asked
// about so the rest can be reported as unknown.
class TableReader {
public:
    TableReader(const toml::table& table, std::string name, std::vector<ConfigProblem>& problems)
        : table_(table), name_(std::move(name)), problems_(problems) {}

    ~TableReader() {
        for (auto&& [key, node] : table_) {
            if (!known_.count(std::string(key.str())))
                problems_.push_back({line_of(node), "unknown key '" + qualified(key.str()) + "'"});
        }
    }

    void string(std::string_view key, std::string& out) {
        if (auto* node = find(key)) {
            if (auto v = node->value<std::string>()) out = *v;
            else problem(*node, key, "must be a string");
        }
    }

    void boolean(std::string_view key, bool& out) {
        if (auto* node = find(key)) {
            if (auto v = node->value<bool>()) out = *v;
            else problem(*node, key, "must be true or false");
        }
    }

    void integer(std::string_view key, int& out, int min, int max) {
        if (auto* node = find(key)) {
            auto v = node->is_integer() ? node->value<int64_t>() : std::nullopt;
            if (!v) problem(*node, key, "must be a whole number");
            else if (*v < min || *v > max)
                problem(*node, key, "must be between " + std::to_string(min) + " and " + std::to_string(max));
            else out = static_cast<int>(*v);
        }
    }

    void color(std::string_view key, Rgba& out) {
        if (auto* node = find(key)) {
            auto v = node->value<std::string>();
            if (!v || !parse_color(*v, out)) problem(*node, key, "must be a colour like \"#1C3350\"");
        }
    }

    void choice(std::string_view key, std::string& out, std::initializer_list<std::string_view> allowed) {
        if (auto* node = find(key)) {
            auto v = node->value<std::string>();
            bool ok = false;
            if (v) for (auto a : allowed) ok = ok || *v == a;
            if (ok) { out = *v; return; }
            std::string list;
            for (auto a : allowed) list += (list.empty() ? "\"" : ", \"") + std::string(a) + "\"";
            problem(*node, key, "must be one of " + list);
        }
    }

    void strings(std::string_view key, std::vector<std::string>& out) {
        if (auto* node = find(key)) {
            const toml::array* array = node->as_array();
            bool ok = array != nullptr;
            std::vector<std::string> values;
            if (array)
                for (const toml::node& item : *array) {
                    if (auto v = item.value<std::string>()) values.push_back(*v);
                    else ok = false;
                }
            if (ok) out = std::move(values);
            else problem(*node, key, "must be a list of strings, like [\"a\", \"b\"]");
        }
    }

    template <typename T, typename Read>
    void optional(std::string_view key, std::optional<T>& out, Read read) {
        if (table_.contains(key)) {
            T value{};
            read(value);
            out = value;
        } else {
            known_.insert(std::string(key));
        }
    }

    // Where `key` is written, or else where the table starts (0 if unknown).
    ConfigPlace line(std::string_view key) const {
        if (const toml::node* node = table_.get(key)) return line_of(*node);
        return line_of(table_);
    }

    const toml::node* find(std::string_view key) {
        known_.insert(std::string(key));
        return table_.get(key);
    }

    void problem(const toml::node& node, std::string_view key, const std::string& what) {
        problems_.push_back({line_of(node), "'" + qualified(key) + "' " + what});
    }

private:
    std::string qualified(std::string_view key) const {
        return name_.empty() ? std::string(key) : name_ + "." + std::string(key);
    }

    const toml::table& table_;
    std::string name_;
    std::vector<ConfigProblem>& problems_;
    std::set<std::string> known_;
};

// Calls `read` with a reader for [name] if the file has that table.
template <typename Fn>
void section(TableReader& root, std::string_view name, std::vector<ConfigProblem>& problems, Fn read) {
    const toml::node* node = root.find(name);
    if (!node) return;
    if (const toml::table* table = node->as_table()) {
        TableReader reader(*table, std::string(name), problems);
        read(reader);
    } else {
        problems.push_back({line_of(*node), "'" + std::string(name) + "' must be a table ([" + std::string(name) + "])"});
    }
}

// Text below 4.5:1 (WCAG 2 AA) is a problem, on the line of the colour that
// was set (the text's colour first), or the [theme] line.
void check_theme_contrast(const TableReader& r, const ThemeConfig& theme, std::vector<ConfigProblem>& problems) {
    for (const TextPair& pair : theme_text_pairs(theme)) {
        const double ratio = contrast_ratio(pair.fg, pair.bg);
        if (ratio >= kMinTextContrast) continue;
        const ConfigPlace fg_line = r.line(pair.fg_key), bg_line = r.line(pair.bg_key), table_line = r.line("");
        const ConfigPlace line = fg_line.line != table_line.line ? fg_line : bg_line;
        char text[200];
        std::snprintf(text, sizeof text, "[theme] %s has contrast %.2f:1; text needs at least %.1f:1 (WCAG 2 AA)",
                      pair.what.c_str(), ratio, kMinTextContrast);
        problems.push_back({line, text});
    }
}

void read_prompts(TableReader& root, std::vector<ConfigProblem>& problems, std::vector<HashtagPrompt>& out) {
    const toml::node* node = root.find("prompt");
    if (!node) return;
    const toml::array* array = node->as_array();
    if (!array || !array->is_array_of_tables()) {
        problems.push_back({line_of(*node), "'prompt' must be written as [[prompt]] tables"});
        return;
    }
    int index = 0;
    for (const toml::node& item : *array) {
        HashtagPrompt prompt;
        prompt.id = "config-prompt-" + std::to_string(index++);
        prompt.text = "Share your story with";
        {
            TableReader reader(*item.as_table(), "prompt", problems);
            reader.string("text", prompt.text);
            reader.string("hashtag", prompt.hashtag);
            reader.string("url", prompt.url);
        }
        if (!prompt.hashtag.empty() && prompt.hashtag[0] == '#') prompt.hashtag.erase(0, 1);
        if (prompt.hashtag.empty())
            problems.push_back({line_of(item), "[[prompt]] needs a 'hashtag'"});
        else if (prompt.hashtag.find_first_of(" \t#") != std::string::npos)
            problems.push_back({line_of(item), "[[prompt]] 'hashtag' must be one word"});
        if (!prompt.url.empty() && prompt.url.rfind("https://", 0) != 0 && prompt.url.rfind("http://", 0) != 0)
            problems.push_back({line_of(item), "[[prompt]] 'url' must start with https://"});
        out.push_back(std::move(prompt));
    }
}

// [screen]: per-weekday lists of "HH:MM-HH:MM"; a day without its own key
// follows every_day, and without that it is on all day.
void read_screen(TableReader& r, ScreenConfig& screen) {
    r.string("time_zone", screen.time_zone);
    if (!screen.time_zone.empty()) {
        const std::string& tz = screen.time_zone;
        const bool shape = tz.front() != '/' && tz.find("..") == std::string::npos &&
                           tz.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/_+-") ==
                               std::string::npos;
        const std::filesystem::path zoneinfo = "/usr/share/zoneinfo";
        std::error_code ec;
        if (!shape || (std::filesystem::is_directory(zoneinfo, ec) && !std::filesystem::is_regular_file(zoneinfo / tz, ec)))
            r.problem(*r.find("time_zone"), "time_zone", "must be a time zone name like \"Europe/London\" (see timedatectl list-timezones)");
    }
    r.choice("off_mode", screen.off_mode, {"auto", "black"});
    r.integer("night_poll_minutes", screen.night_poll_minutes, 0, 1440);
    auto ranges = [&](const char* key, std::optional<std::vector<ScreenRange>>& out) {
        std::vector<std::string> texts;
        const toml::node* node = r.find(key);
        if (!node) return;
        r.strings(key, texts);
        std::vector<ScreenRange> parsed;
        for (const std::string& text : texts) {
            if (auto range = parse_screen_range(text)) parsed.push_back(*range);
            else r.problem(*node, key, "has \"" + text + "\": each entry must look like \"07:00-21:00\" (or \"22:00-06:00\" past midnight)");
        }
        out = std::move(parsed);
    };
    std::optional<std::vector<ScreenRange>> every_day;
    ranges("every_day", every_day);
    std::array<std::optional<std::vector<ScreenRange>>, 7> days;
    for (int d = 0; d < 7; ++d) ranges(kWeekdayNames[d], days[d]);
    screen.hours.configured = every_day.has_value();
    for (int d = 0; d < 7; ++d) {
        screen.hours.configured = screen.hours.configured || days[d].has_value();
        screen.hours.days[d] = days[d] ? *days[d] : every_day ? *every_day : std::vector<ScreenRange>{{0, 1440}};
    }
}

// [net]: the proxy is a URL without credentials (those live in a file only
// the service may read); the files are checked when the client starts.
void read_net(TableReader& r, NetConfig& net) {
    r.string("proxy", net.proxy);
    r.string("proxy_credentials_file", net.proxy_credentials_file);
    r.string("no_proxy", net.no_proxy);
    r.string("ca_file", net.ca_file);
    const std::string& p = net.proxy;
    if (!p.empty()) {
        const bool scheme = p.rfind("http://", 0) == 0 || p.rfind("https://", 0) == 0;
        const auto authority_end = p.find('/', p.find("://") + 3);
        const bool userinfo = p.substr(0, authority_end).find('@') != std::string::npos;
        if (!scheme || p.size() <= p.find("://") + 3)
            r.problem(*r.find("proxy"), "proxy", "must be an address like \"http://proxy.example:3128\" (http:// or https://)");
        else if (userinfo)
            r.problem(*r.find("proxy"), "proxy",
                      "must not hold a user name or password: put \"user:password\" in the file named by "
                      "proxy_credentials_file, readable by the service only");
    }
    if (!net.proxy_credentials_file.empty() && p.empty())
        r.problem(*r.find("proxy_credentials_file"), "proxy_credentials_file", "is set but 'proxy' is not");
    for (const char* key : {"proxy_credentials_file", "ca_file"}) {
        const std::string& file = std::string_view(key) == "ca_file" ? net.ca_file : net.proxy_credentials_file;
        if (!file.empty() && file.front() != '/') r.problem(*r.find(key), key, "must be an absolute path");
    }
}

void read_rules(TableReader& r, RulesConfig& rules) {
    r.optional("approval", rules.approval, [&](std::string& v) { r.choice("approval", v, {"manual", "auto"}); });
    r.strings("block_words", rules.block_words);
    r.strings("blocked_authors", rules.blocked_authors);
    r.strings("blocked_domains", rules.blocked_domains);
    for (const auto& entry : {std::pair{"replies", &rules.replies}, std::pair{"boosts", &rules.boosts},
                              std::pair{"sensitive", &rules.sensitive}}) {
        const char* key = entry.first;  // a plain name: clang 14 cannot capture structured bindings
        r.optional(key, *entry.second, [&](std::string& v) { r.choice(key, v, {"allow", "hold", "reject"}); });
    }
    r.optional("min_length", rules.min_length, [&](int& v) { r.integer("min_length", v, 0, 100000); });
    r.optional("max_length", rules.max_length, [&](int& v) { r.integer("max_length", v, 0, 100000); });
    r.strings("languages", rules.languages);
    r.optional("allow_unknown_language", rules.allow_unknown_language,
               [&](bool& v) { r.boolean("allow_unknown_language", v); });
    r.optional("max_age_days", rules.max_age_days, [&](int& v) { r.integer("max_age_days", v, 1, 365); });
}

bool is_loopback_url(const std::string& url) {
    for (const char* prefix : {"http://127.", "http://localhost", "http://[::1]"})
        if (url.rfind(prefix, 0) == 0) return true;
    return false;
}

// A server or feed address: https, or plain http on loopback or by opt-in.
void check_url(const toml::node& where, const char* key, const std::string& url, bool allow_plain_http,
               std::vector<ConfigProblem>& problems) {
    if (url.rfind("https://", 0) == 0 && url.size() > 8) return;
    if (url.rfind("http://", 0) == 0 && (allow_plain_http || is_loopback_url(url))) return;
    if (url.rfind("http://", 0) == 0)
        problems.push_back({line_of(where), std::string("[[source]] '") + key +
                                                "' uses plain http: use https, or set allow_plain_http = true "
                                                "for a feed on the hospital network"});
    else
        problems.push_back({line_of(where), std::string("[[source]] '") + key + "' must be an https:// address"});
}

void read_sources(TableReader& root, std::vector<ConfigProblem>& problems, std::vector<SourceConfig>& out) {
    const toml::node* node = root.find("source");
    if (!node) return;
    const toml::array* array = node->as_array();
    if (!array || !array->is_array_of_tables()) {
        problems.push_back({line_of(*node), "'source' must be written as [[source]] tables"});
        return;
    }
    std::set<std::string> names;
    for (const toml::node& item : *array) {
        SourceConfig src;
        const ConfigPlace place = line_of(item);
        src.line = place.line;
        std::string kind;
        const toml::table& table = *item.as_table();
        {
            TableReader r(table, "source", problems);
            r.string("name", src.name);
            r.choice("kind", kind, {"mastodon_hashtag", "mastodon_account", "bluesky_author", "bluesky_feed",
                                    "bluesky_search", "web_feed"});
            r.string("instance", src.instance);
            r.string("tag", src.tag);
            r.string("account", src.account);
            r.string("feed", src.feed);
            r.string("query", src.query);
            r.string("url", src.url);
            r.string("token", src.token);
            r.string("identifier", src.identifier);
            r.string("app_password", src.app_password);
            r.integer("poll_seconds", src.poll_seconds, 30, 86400);
            r.boolean("allow_plain_http", src.allow_plain_http);
            r.boolean("exclude_replies", src.exclude_replies);
            r.boolean("exclude_reblogs", src.exclude_reblogs);
            r.strings("groups", src.groups);
            read_rules(r, src.rules);
        }
        if (src.name.empty()) problems.push_back({place, "[[source]] needs a 'name'"});
        else if (!names.insert(src.name).second)
            problems.push_back({place, "[[source]] name '" + src.name + "' is used twice"});
        if (kind.empty()) {
            if (!table.contains("kind")) problems.push_back({place, "[[source]] needs a 'kind'"});
            out.push_back(std::move(src));
            continue;
        }
        src.kind = *parse_source_kind(kind);
        auto need = [&](const char* key, const std::string& value) {
            if (value.empty())
                problems.push_back({place, "[[source]] '" + src.name + "' of kind " + kind + " needs '" + key + "'"});
        };
        const toml::node& where = item;
        switch (src.kind) {
            case SourceKind::MastodonHashtag:
                need("instance", src.instance);
                need("tag", src.tag);
                if (!src.tag.empty() && src.tag[0] == '#') src.tag.erase(0, 1);
                break;
            case SourceKind::MastodonAccount:
                need("instance", src.instance);
                need("account", src.account);
                break;
            case SourceKind::BlueskyAuthor: need("account", src.account); break;
            case SourceKind::BlueskyFeed: need("feed", src.feed); break;
            case SourceKind::BlueskySearch:
                need("query", src.query);
                need("identifier", src.identifier);
                need("app_password", src.app_password);
                break;
            case SourceKind::WebFeed: need("url", src.url); break;
            default: break;
        }
        const bool bluesky = src.kind == SourceKind::BlueskyAuthor || src.kind == SourceKind::BlueskyFeed ||
                             src.kind == SourceKind::BlueskySearch;
        if (bluesky && src.instance.empty())
            src.instance = src.kind == SourceKind::BlueskySearch ? "https://bsky.social" : "https://public.api.bsky.app";
        if (!src.instance.empty()) {
            while (!src.instance.empty() && src.instance.back() == '/') src.instance.pop_back();
            check_url(where, "instance", src.instance, src.allow_plain_http, problems);
        }
        if (!src.url.empty()) check_url(where, "url", src.url, src.allow_plain_http, problems);
        out.push_back(std::move(src));
    }
}

}  // namespace

std::optional<SourceKind> parse_source_kind(std::string_view text) {
    for (SourceKind k : {SourceKind::Demo, SourceKind::MastodonHashtag, SourceKind::MastodonAccount,
                         SourceKind::BlueskyAuthor, SourceKind::BlueskyFeed, SourceKind::BlueskySearch,
                         SourceKind::WebFeed, SourceKind::Staff})
        if (text == to_string(k)) return k;
    return std::nullopt;
}

bool parse_color(std::string_view s, Rgba& out) {
    if (s.size() != 7 && s.size() != 9) return false;
    if (s[0] != '#') return false;
    Rgba v = 0;
    for (size_t i = 1; i < s.size(); ++i) {
        char c = s[i];
        int d;
        if (c >= '0' && c <= '9') d = c - '0';
        else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
        else return false;
        v = (v << 4) | static_cast<Rgba>(d);
    }
    if (s.size() == 7) v = (v << 8) | 0xFF;
    out = v;
    return true;
}

namespace {

// Every section and key of a parsed (possibly merged) document.
void read_config(const toml::table& root, ConfigResult& result) {
    auto& problems = result.problems;
    Config& c = result.config;
    {
        TableReader top(root, "", problems);
        section(top, "wall", problems, [&](TableReader& r) {
            r.string("hospital_name", c.wall.hospital_name);
            r.choice("layout", c.wall.layout, {"grid", "masonry", "spotlight"});
            r.integer("page_seconds", c.wall.page_seconds, 3, 3600);
            r.integer("transition_ms", c.wall.transition_ms, 0, 5000);
            r.choice("transition", c.wall.transition, {"fade", "slide"});
            r.integer("transition_fps", c.wall.transition_fps, 0, 60);
            r.boolean("show_authors", c.wall.show_authors);
            r.integer("overscan_percent", c.wall.overscan_percent, 0, 10);
            r.integer("max_post_age_days", c.wall.max_post_age_days, 1, 365);
            r.integer("masonry_columns", c.wall.masonry_columns, 0, 8);
            r.integer("spotlight_small", c.wall.spotlight_small, 1, 6);
            r.integer("announcement_every", c.wall.announcement_every, 0, 100);
            r.integer("pinned_every", c.wall.pinned_every, 0, 100);
            r.boolean("ticker", c.wall.ticker);
            r.integer("ticker_speed", c.wall.ticker_speed, 10, 400);
            r.integer("ticker_fps", c.wall.ticker_fps, 5, 60);
            r.integer("ticker_posts", c.wall.ticker_posts, 1, 100);
            r.integer("burn_in_pixels", c.wall.burn_in_pixels, 0, 20);
            r.integer("burn_in_minutes", c.wall.burn_in_minutes, 1, 120);
            r.integer("trending_count", c.wall.trending_count, 0, 10);
            r.integer("trending_hours", c.wall.trending_hours, 1, 720);
            r.integer("texture_budget_mb", c.wall.texture_budget_mb, 16, 4096);
        });
        section(top, "display", problems, [&](TableReader& r) {
            r.boolean("fullscreen", c.display.fullscreen);
            r.integer("width", c.display.width, 320, 7680);
            r.integer("height", c.display.height, 240, 7680);
            r.integer("max_fps", c.display.max_fps, 10, 240);
        });
        section(top, "screen", problems, [&](TableReader& r) { read_screen(r, c.screen); });
        section(top, "theme", problems, [&](TableReader& r) {
            std::string mode = c.theme.dark ? "dark" : "light";
            r.choice("mode", mode, {"dark", "light"});
            if (mode == "light" && c.theme.dark) c.theme = light_theme();  // explicit colours below still win

            r.color("background", c.theme.background);
            r.color("header", c.theme.header);
            r.color("card", c.theme.card);
            r.color("text", c.theme.text);
            r.color("muted_text", c.theme.muted_text);
            r.color("accent", c.theme.accent);
            r.color("prompt_card", c.theme.prompt_card);
            r.string("font_regular", c.theme.font_regular);
            r.string("font_bold", c.theme.font_bold);
            r.string("logo", c.theme.logo);
            check_theme_contrast(r, c.theme, problems);
        });
        section(top, "paths", problems, [&](TableReader& r) {
            r.string("state_dir", c.paths.state_dir);
            r.string("cache_dir", c.paths.cache_dir);
        });
        read_prompts(top, problems, c.prompts);
        read_sources(top, problems, c.sources);
        section(top, "moderation", problems, [&](TableReader& r) {
            r.strings("block_words", c.moderation.block_words);
            r.strings("blocked_authors", c.moderation.blocked_authors);
            r.strings("blocked_domains", c.moderation.blocked_domains);
            r.strings("languages", c.moderation.languages);
        });
        section(top, "privacy", problems, [&](TableReader& r) {
            r.strings("public_numbers", c.moderation.public_numbers);
            r.strings("public_domains", c.moderation.public_domains);
        });
        section(top, "store", problems, [&](TableReader& r) {
            r.integer("retention_days", c.store.retention_days, 1, 365);
            r.integer("audit_retention_days", c.store.audit_retention_days, 30, 3650);
            r.integer("media_budget_mb", c.store.media_budget_mb, 16, 65536);
        });
        section(top, "server", problems, [&](TableReader& r) {
            r.boolean("enabled", c.server.enabled);
            r.string("listen", c.server.listen);
            r.string("tls_cert", c.server.tls_cert);
            r.string("tls_key", c.server.tls_key);
            if (c.server.tls_cert.empty() != c.server.tls_key.empty())
                r.problem(*r.find(c.server.tls_cert.empty() ? "tls_key" : "tls_cert"),
                          c.server.tls_cert.empty() ? "tls_key" : "tls_cert", "needs its partner: set both tls_cert and tls_key");
            const auto colon = c.server.listen.rfind(':');
            if (colon == std::string::npos || colon == 0 || colon + 1 >= c.server.listen.size())
                r.problem(*r.find("listen"), "listen", "must look like \"127.0.0.1:8080\"");
            r.string("metrics_listen", c.server.metrics_listen);
            const std::string& m = c.server.metrics_listen;
            const auto metrics_colon = m.rfind(':');
            if (!m.empty() && (metrics_colon == std::string::npos || metrics_colon == 0 || metrics_colon + 1 >= m.size()))
                r.problem(*r.find("metrics_listen"), "metrics_listen",
                          "must look like \"127.0.0.1:9464\" (or \"\" for no metrics)");
        });
        section(top, "net", problems, [&](TableReader& r) { read_net(r, c.net); });
        section(top, "fleet", problems, [&](TableReader& r) {
            r.choice("role", c.fleet.role, {"standalone", "hub", "screen"});
            r.string("hub_name", c.fleet.hub_name);
            r.string("hub_url", c.fleet.hub_url);
            r.string("enrolment_key", c.fleet.enrolment_key);
            r.string("screen_name", c.fleet.screen_name);
            r.string("ca_file", c.fleet.ca_file);
            r.integer("poll_seconds", c.fleet.poll_seconds, 1, 300);
            r.integer("offline_grace_minutes", c.fleet.offline_grace_minutes, 1, 7 * 24 * 60);
            if (c.fleet.role == "screen") {
                const std::string& url = c.fleet.hub_url;
                if (url.empty())
                    problems.push_back({r.line("role"), "[fleet] role = \"screen\" needs hub_url, the hub's address"});
                else if (!(url.rfind("https://", 0) == 0 && url.size() > 8) && !is_loopback_url(url))
                    r.problem(*r.find("hub_url"), "hub_url", "must be an https:// address (plain http only on loopback)");
            }
            if (!c.fleet.enrolment_key.empty() && c.fleet.enrolment_key.size() < 16)
                r.problem(*r.find("enrolment_key"), "enrolment_key", "must be at least 16 characters (a long random word)");
        });
    }
    // In file order (the main file, then each drop-in), then by line.
    std::stable_sort(problems.begin(), problems.end(), [&](const ConfigProblem& a, const ConfigProblem& b) {
        auto rank = [&](const std::string& file) {
            auto it = std::find(result.files.begin(), result.files.end(), file);
            return it - result.files.begin();
        };
        return std::pair(rank(a.file), a.line) < std::pair(rank(b.file), b.line);
    });
}

// One file parsed with its name on every node; nullopt (and a problem) when
// it cannot be read or is not TOML.
std::optional<toml::table> parse_file(const std::filesystem::path& path, std::vector<ConfigProblem>& problems) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        problems.push_back({0, "cannot read " + path.string(), path.string()});
        return std::nullopt;
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    try {
        toml::table table = toml::parse(buffer.str(), path.string());
        // Theme files written as relative paths are relative to the file that names them.
        if (toml::table* theme = table["theme"].as_table()) {
            for (const char* key : {"logo", "font_regular", "font_bold"}) {
                toml::value<std::string>* value = theme->get_as<std::string>(key);
                if (value && !value->get().empty() && std::filesystem::path(value->get()).is_relative())
                    value->get() = (path.parent_path() / value->get()).string();
            }
        }
        return table;
    } catch (const toml::parse_error& e) {
        problems.push_back({static_cast<int>(e.source().begin.line), std::string(e.description()), path.string()});
        return std::nullopt;
    }
}

// Moves `from` into `into`: tables merge key by key, anything else replaces.
// Moving keeps each node's source (file and line) for the messages.
void merge_into(toml::table& into, toml::table&& from) {
    for (auto&& [key, node] : from) {
        toml::table* mine = into[key].as_table();
        toml::table* theirs = node.as_table();
        if (mine && theirs) merge_into(*mine, std::move(*theirs));
        else into.insert_or_assign(key, std::move(node));
    }
}

}  // namespace

ConfigResult parse_config(std::string_view text) {
    ConfigResult result;
    toml::table root;
    try {
        root = toml::parse(text);
    } catch (const toml::parse_error& e) {
        result.problems.push_back({static_cast<int>(e.source().begin.line), std::string(e.description())});
        return result;
    }
    read_config(root, result);
    return result;
}

std::vector<std::filesystem::path> config_drop_ins(const std::filesystem::path& path) {
    std::vector<std::filesystem::path> files;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(path.parent_path() / "conf.d", ec)) {
        const std::string name = entry.path().filename().string();
        if (name.empty() || name[0] == '.' || entry.path().extension() != ".toml") continue;
        if (entry.is_regular_file(ec)) files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

ConfigResult load_config_files(const std::filesystem::path& path, const std::vector<std::filesystem::path>& extra) {
    ConfigResult result;
    std::vector<std::filesystem::path> files{path};
    for (const auto& drop_in : config_drop_ins(path)) {
        const bool replaced = std::any_of(extra.begin(), extra.end(),
                                          [&](const auto& e) { return e.filename() == drop_in.filename(); });
        if (!replaced) files.push_back(drop_in);
    }
    files.insert(files.end(), extra.begin(), extra.end());
    toml::table root;
    bool readable = true;
    for (const auto& file : files) {
        result.files.push_back(file.string());
        if (auto table = parse_file(file, result.problems)) merge_into(root, std::move(*table));
        else readable = false;
    }
    if (readable) read_config(root, result);
    return result;
}

ConfigResult load_config_file(const std::filesystem::path& path) { return load_config_files(path, {}); }

std::string describe(const ConfigProblem& problem, const std::string& loaded) {
    const std::string& file = problem.file.empty() ? loaded : problem.file;
    if (problem.line > 0) return file + ":" + std::to_string(problem.line) + ": " + problem.message;
    return file + ": " + problem.message;
}

}  // namespace lw
