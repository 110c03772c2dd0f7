// A screen's status report as JSON, both ways: see hub.h. The hub refuses a
// report that is not exactly this shape (400 and one log line in sync_api).
#include "fleet/hub.h"

#include <nlohmann/json.hpp>

#include <cmath>

namespace lw::fleet {
namespace {

using Json = nlohmann::json;

constexpr std::size_t kMaxPostIds = 100;
constexpr std::size_t kMaxErrors = 5;
constexpr std::size_t kMaxText = 300;

template <class T>
Json optional(const std::optional<T>& v) {
    return v ? Json(*v) : Json(nullptr);
}

// Throws std::invalid_argument naming the field.
struct Reader {
    const Json& body;

    const Json* field(const char* key) const {
        auto it = body.find(key);
        return it == body.end() || it->is_null() ? nullptr : &*it;
    }
    [[noreturn]] static void wrong(const char* key, const char* what) {
        throw std::invalid_argument(std::string("'") + key + "' must be " + what);
    }
    std::optional<double> number(const char* key) const {
        const Json* v = field(key);
        if (!v) return std::nullopt;
        if (!v->is_number() || !std::isfinite(v->get<double>())) wrong(key, "a number");
        return v->get<double>();
    }
    std::optional<std::int64_t> count(const char* key) const {
        const Json* v = field(key);
        if (!v) return std::nullopt;
        if (!v->is_number_integer() || v->get<std::int64_t>() < 0) wrong(key, "a whole number, not negative");
        return v->get<std::int64_t>();
    }
    std::optional<bool> flag(const char* key) const {
        const Json* v = field(key);
        if (!v) return std::nullopt;
        if (!v->is_boolean()) wrong(key, "true or false");
        return v->get<bool>();
    }
    std::string text(const char* key, std::size_t max) const {
        const Json* v = field(key);
        if (!v) return {};
        if (!v->is_string() || v->get_ref<const std::string&>().size() > max) wrong(key, "a short text");
        return v->get<std::string>();
    }
    std::vector<std::string> texts(const char* key, std::size_t max_items, std::size_t max_len) const {
        const Json* v = field(key);
        if (!v) return {};
        if (!v->is_array() || v->size() > max_items) wrong(key, "a short list of texts");
        std::vector<std::string> out;
        for (const Json& item : *v) {
            if (!item.is_string() || item.get_ref<const std::string&>().size() > max_len)
                wrong(key, "a short list of texts");
            out.push_back(item.get<std::string>());
        }
        return out;
    }
};

}  // namespace

Result<StatusReport> parse_status(std::string_view body) {
    using R = Result<StatusReport>;
    Json json = Json::parse(body, nullptr, false);
    if (!json.is_object()) return R::failure("a status report is a JSON object");
    const Reader in{json};
    StatusReport r;
    try {
        r.applied_version = static_cast<std::uint64_t>(in.count("applied_version").value_or(0));
        r.kill_shown = in.flag("kill_switch").value_or(false);
        r.media_pending = static_cast<int>(std::min<std::int64_t>(in.count("media_pending").value_or(0), 1'000'000));
        r.showing = in.text("showing", 40);
        r.grace_minutes = static_cast<int>(std::clamp<std::int64_t>(in.count("grace_minutes").value_or(60), 1, 7 * 24 * 60));
        r.version = in.text("version", 64);
        r.uptime_seconds = in.count("uptime_seconds");
        r.post_ids = in.texts("post_ids", kMaxPostIds, 200);
        r.layout = in.text("layout", 40);
        r.last_frame_unix = in.number("last_frame_unix");
        r.scheduled_on = in.flag("scheduled_on");
        r.cpu_temperature = in.number("cpu_temperature");
        r.free_store_bytes = in.count("free_store_bytes");
        r.free_cache_bytes = in.count("free_cache_bytes");
        r.resident_bytes = in.count("resident_bytes");
        r.clock_offset_seconds = in.number("clock_offset_seconds");
        r.errors = in.texts("errors", kMaxErrors, kMaxText);
    } catch (const std::exception& e) {
        return R::failure(e.what());
    }
    return r;
}

std::string status_json(const StatusReport& r) {
    Json out{{"applied_version", r.applied_version},
             {"kill_switch", r.kill_shown},
             {"media_pending", r.media_pending},
             {"showing", r.showing},
             {"grace_minutes", r.grace_minutes},
             {"version", r.version},
             {"uptime_seconds", optional(r.uptime_seconds)},
             {"post_ids", r.post_ids},
             {"layout", r.layout},
             {"last_frame_unix", optional(r.last_frame_unix)},
             {"scheduled_on", optional(r.scheduled_on)},
             {"cpu_temperature", optional(r.cpu_temperature)},
             {"free_store_bytes", optional(r.free_store_bytes)},
             {"free_cache_bytes", optional(r.free_cache_bytes)},
             {"resident_bytes", optional(r.resident_bytes)},
             {"clock_offset_seconds", optional(r.clock_offset_seconds)},
             {"errors", r.errors}};
    return out.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace lw::fleet
