// Building blocks of the console API's handlers: see console_request.h.
#include "server/console_request.h"

#include "core/log.h"

#include <nlohmann/json.hpp>
#include <sodium.h>

#include <fmt/format.h>

#include <array>
#include <filesystem>
#include <regex>

namespace lw::capi {

ApiResponse reply(int status, const json& body) {
    ApiResponse r;
    r.status = status;
    r.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
    return r;
}

ApiResponse error(int status, const std::string& message) {
    ApiResponse r;
    r.status = status;
    r.body = json_error(message);
    return r;
}

ApiResponse ok() { return reply(200, {{"ok", true}}); }

// What only an admin may do, refused for a moderator with one sentence
// (docs/server.md, "Roles").
ApiResponse admin_only(const char* what) {
    return error(403, fmt::format("only an admin may {}; you are logged in as a moderator", what));
}

// The route name of a cached file, or empty when there is none.
std::string media_route(const std::string& local_path) {
    if (local_path.empty()) return {};
    return "/api/media/" + std::filesystem::path(local_path).filename().string();
}

// An uploaded file's name for the audit log: printable ASCII, at most 100 bytes.
std::string printable_name(const std::string& name) {
    std::string out;
    for (char c : name) {
        if (out.size() >= 100) break;
        out += (c >= 0x20 && c < 0x7f) ? c : '?';
    }
    return out.empty() ? "(no name)" : out;
}

// A failure from the store is ours, not the client's: 500, logged.
ApiResponse store_failure(const std::string& what) {
    log::error("Console request failed in the store: {}", what);
    return error(500, what);
}

json parse_object(const std::string& body) {
    if (body.empty()) throw BadRequest{400, "the request needs a JSON body"};
    json j;
    try {
        j = json::parse(body);
    } catch (const json::parse_error& e) {
        throw BadRequest{400, fmt::format("the request body is not valid JSON (at byte {})",
                                          e.byte)};
    }
    if (!j.is_object()) throw BadRequest{400, "the request body must be a JSON object"};
    return j;
}

std::string get_string(const json& j, const char* key, bool required, std::size_t max_len) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) {
        if (required) throw BadRequest{400, fmt::format("\"{}\" is missing", key)};
        return {};
    }
    if (!it->is_string()) throw BadRequest{400, fmt::format("\"{}\" must be a string", key)};
    std::string s = it->get<std::string>();
    if (s.size() > max_len)
        throw BadRequest{400, fmt::format("\"{}\" is too long (at most {} bytes)", key, max_len)};
    return s;
}

std::optional<bool> get_bool(const json& j, const char* key, bool required) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) {
        if (required) throw BadRequest{400, fmt::format("\"{}\" is missing", key)};
        return std::nullopt;
    }
    if (!it->is_boolean()) throw BadRequest{400, fmt::format("\"{}\" must be true or false", key)};
    return it->get<bool>();
}

std::optional<TimePoint> get_time(const json& j, const char* key) {
    std::string s = get_string(j, key, false, 64);
    if (s.empty()) return std::nullopt;
    auto t = parse_rfc3339(s);
    if (!t) throw BadRequest{400, fmt::format("\"{}\" must be a time like 2026-11-24T09:00:00Z", key)};
    return t;
}

// ids as ["a", "b"] or a single "id".
std::vector<std::string> get_ids(const json& j) {
    std::vector<std::string> ids;
    if (auto it = j.find("ids"); it != j.end()) {
        if (!it->is_array()) throw BadRequest{400, "\"ids\" must be an array of strings"};
        for (const auto& v : *it) {
            if (!v.is_string() || v.get<std::string>().empty())
                throw BadRequest{400, "\"ids\" must be an array of strings"};
            ids.push_back(v.get<std::string>());
        }
    } else {
        ids.push_back(get_string(j, "id", true, 2048));
    }
    if (ids.empty()) throw BadRequest{400, "\"ids\" is empty"};
    if (ids.size() > 500) throw BadRequest{400, "at most 500 posts at a time"};
    return ids;
}

bool valid_id(const std::string& id) {
    static const std::regex re("[A-Za-z0-9._-]{1,64}");
    return std::regex_match(id, re);
}

std::string new_id(const char* prefix) {
    unsigned char b[6];
    randombytes_buf(b, sizeof b);
    char hex[sizeof b * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, b, sizeof b);
    return std::string(prefix) + hex;
}

std::string id_or_new(const std::string& id, const char* prefix) {
    if (id.empty()) return new_id(prefix);
    if (!valid_id(id)) throw BadRequest{400, "\"id\" may hold only letters, digits, '.', '_', '-'"};
    return id;
}

// "40 seconds", "1 minute", "15 minutes": for messages people read.
std::string human_duration(std::chrono::seconds d) {
    const auto s = d.count();
    if (s < 60) return fmt::format("{} second{}", s, s == 1 ? "" : "s");
    const auto m = (s + 59) / 60;
    return fmt::format("{} minute{}", m, m == 1 ? "" : "s");
}

// A short keyed BLAKE2b of a typed name that is no account. The key lives
// in memory only, so the hash cannot be reversed by trying guesses offline
// against a copy of the log.
std::string unknown_name_hash(const std::string& name) {
    static const auto key = [] {
        std::array<unsigned char, crypto_generichash_KEYBYTES> k{};
        randombytes_buf(k.data(), k.size());
        return k;
    }();
    unsigned char out[8];
    crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(name.data()),
                       name.size(), key.data(), key.size());
    char hex[sizeof out * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, out, sizeof out);
    return hex;
}

std::string human_size(std::size_t bytes) {
    if (bytes >= 1024 * 1024) return fmt::format("{:.0f} MB", bytes / (1024.0 * 1024.0));
    if (bytes >= 1024) return fmt::format("{:.0f} KB", bytes / 1024.0);
    return fmt::format("{} bytes", bytes);
}

std::size_t count_characters(const std::string& text) {
    std::size_t n = 0;
    for (unsigned char c : text) n += (c & 0xC0) != 0x80;
    return n;
}

int query_int(const ApiRequest& req, const char* key, int fallback, int lo, int hi) {
    auto it = req.query.find(key);
    if (it == req.query.end() || it->second.empty()) return fallback;
    try {
        std::size_t used = 0;
        long long v = std::stoll(it->second, &used);
        if (used != it->second.size() || v < lo || v > hi) throw std::out_of_range(key);
        return static_cast<int>(v);
    } catch (const std::exception&) {
        throw BadRequest{400, fmt::format("\"{}\" must be a number from {} to {}", key, lo, hi)};
    }
}

std::string time_or_empty(const std::optional<TimePoint>& t) {
    return t ? format_rfc3339(*t) : std::string();
}

// The reasons a staff decision records: what the person did, then the
// rules' reasons it overrides (so the approved list still says why it was held).
std::vector<std::string> staff_reasons(const StoredPost& sp, ModerationState to,
                                       const std::string& why) {
    std::vector<std::string> out;
    out.push_back(why.empty() ? fmt::format("staff: {}", to_string(to)) : why);
    for (const auto& r : sp.reasons)
        if (r.rfind("staff:", 0) != 0) out.push_back(r);
    return out;
}

}  // namespace lw::capi
