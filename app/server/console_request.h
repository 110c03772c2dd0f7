// Building blocks shared by the console API's handler files
// (console_api.cpp, console_posts.cpp, console_staff.cpp): answers, the
// readers of JSON request fields (which throw BadRequest, caught in
// ConsoleApi::handle), ids, and words for people. Internal to the server.
#pragma once

#include "server/console_api.h"

#include <nlohmann/json_fwd.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace lw::capi {

using nlohmann::json;

ApiResponse reply(int status, const json& body);
ApiResponse error(int status, const std::string& message);
ApiResponse ok();
// What only an admin may do, refused for a moderator with one sentence
// (docs/server.md, "Roles").
ApiResponse admin_only(const char* what);
// A failure from the store is ours, not the client's: 500, logged.
ApiResponse store_failure(const std::string& what);

// The route name of a cached file, or empty when there is none.
std::string media_route(const std::string& local_path);
// An uploaded file's name for the audit log: printable ASCII, at most 100 bytes.
std::string printable_name(const std::string& name);

// Thrown by the field readers below and caught in handle(): a client error.
struct BadRequest {
    int status;
    std::string message;
};

json parse_object(const std::string& body);
std::string get_string(const json& j, const char* key, bool required, std::size_t max_len);
std::optional<bool> get_bool(const json& j, const char* key, bool required);
std::optional<TimePoint> get_time(const json& j, const char* key);
// ids as ["a", "b"] or a single "id".
std::vector<std::string> get_ids(const json& j);
int query_int(const ApiRequest& req, const char* key, int fallback, int lo, int hi);

bool valid_id(const std::string& id);
std::string new_id(const char* prefix);
// `id` when it is a valid id, a new one with `prefix` when it is empty;
// otherwise BadRequest.
std::string id_or_new(const std::string& id, const char* prefix);
std::string time_or_empty(const std::optional<TimePoint>& t);

// "40 seconds", "1 minute", "15 minutes".
std::string human_duration(std::chrono::seconds d);
// "8 MB", "300 KB": sizes for people.
std::string human_size(std::size_t bytes);
// Characters (code points) in UTF-8 text, as a person counts them.
std::size_t count_characters(const std::string& text);
// A short keyed hash of a typed login name that is no account.
std::string unknown_name_hash(const std::string& name);

// The reasons a staff decision records: what the person did, then the
// rules' reasons it overrides (so the approved list still says why it was held).
std::vector<std::string> staff_reasons(const StoredPost& sp, ModerationState to,
                                       const std::string& why);

}  // namespace lw::capi
