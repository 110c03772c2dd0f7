// Config parsing and validation with toml++: see config.h.
// This is the only translation unit that includes toml++.
#include "core/config.h"

#include <toml++/toml.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

namespace lw {
namespace {

int line_of(const toml::node& node) {
    return static_cast<int>(node.source().begin.line);
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

}  // namespace

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

ConfigResult parse_config(std::string_view text) {
    ConfigResult result;
    toml::table root;
    try {
        root = toml::parse(text);
    } catch (const toml::parse_error& e) {
        result.problems.push_back({static_cast<int>(e.source().begin.line), std::string(e.description())});
        return result;
    }
    auto& problems = result.problems;
    Config& c = result.config;
    {
        TableReader top(root, "", problems);
        section(top, "wall", problems, [&](TableReader& r) {
            r.string("hospital_name", c.wall.hospital_name);
            r.choice("layout", c.wall.layout, {"grid"});
            r.integer("page_seconds", c.wall.page_seconds, 3, 3600);
            r.integer("transition_ms", c.wall.transition_ms, 0, 5000);
            r.boolean("show_authors", c.wall.show_authors);
            r.integer("overscan_percent", c.wall.overscan_percent, 0, 10);
            r.integer("max_post_age_days", c.wall.max_post_age_days, 1, 365);
        });
        section(top, "display", problems, [&](TableReader& r) {
            r.boolean("fullscreen", c.display.fullscreen);
            r.integer("width", c.display.width, 320, 7680);
            r.integer("height", c.display.height, 240, 7680);
            r.integer("max_fps", c.display.max_fps, 10, 240);
        });
        section(top, "theme", problems, [&](TableReader& r) {
            std::string mode = c.theme.dark ? "dark" : "light";
            r.choice("mode", mode, {"dark", "light"});
            if (mode == "light" && c.theme.dark) {
                // Light defaults; explicit colours below still win.
                c.theme = ThemeConfig{false, 0xEEF2F6FF, 0xFFFFFFFF, 0xFFFFFFFF, 0x14213DFF,
                                      0x4A5A70FF, 0x0B6E99FF, 0x0B5F5CFF, {}, {}, {}};
            }
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
        });
        section(top, "paths", problems, [&](TableReader& r) {
            r.string("state_dir", c.paths.state_dir);
            r.string("cache_dir", c.paths.cache_dir);
        });
        read_prompts(top, problems, c.prompts);
    }
    std::stable_sort(problems.begin(), problems.end(),
                     [](const ConfigProblem& a, const ConfigProblem& b) { return a.line < b.line; });
    return result;
}

ConfigResult load_config_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        ConfigResult result;
        result.problems.push_back({0, "cannot read " + path.string()});
        return result;
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return parse_config(buffer.str());
}

}  // namespace lw
