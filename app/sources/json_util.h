// Private to sources/: reading JSON bodies defensively with nlohmann-json.
// Every accessor tolerates a missing key or a value of the wrong type and
// answers with an empty value instead of throwing, so one odd field never
// costs a whole feed. Included only by the .cpp files that parse JSON.
#pragma once

#include "sources/parse.h"
#include "sources/text_clean.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <optional>
#include <string>
#include <string_view>

namespace lw::sources::json {

using Json = nlohmann::json;

// The body as JSON, or nullopt with `error` set to one sentence. Refuses
// empty, oversized and too deeply nested bodies; invalid UTF-8 and lone
// surrogate escapes are repaired first so one bad character does not cost
// the whole body.
inline std::optional<Json> parse_body(std::string_view body, std::string& error) {
    if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
        error = "the body is empty";
        return std::nullopt;
    }
    if (body.size() > kMaxBodyBytes) {
        error = "the body is " + std::to_string(body.size()) + " bytes, over the " +
                std::to_string(kMaxBodyBytes) + "-byte limit";
        return std::nullopt;
    }
    if (json_nesting_exceeds(body, kMaxJsonDepth)) {
        error = "the JSON is nested deeper than " + std::to_string(kMaxJsonDepth) + " levels";
        return std::nullopt;
    }
    try {
        return Json::parse(repair_json_surrogates(to_valid_utf8(body)));
    } catch (const Json::exception& e) {
        const auto* parse_error = dynamic_cast<const Json::parse_error*>(&e);
        error = parse_error ? "the body is not valid JSON (syntax error near byte " +
                                  std::to_string(parse_error->byte) + ")"
                            : "the body is not valid JSON";
        return std::nullopt;
    }
}

inline const Json* member(const Json& j, std::string_view key) {
    if (!j.is_object()) return nullptr;
    auto it = j.find(key);
    return it == j.end() ? nullptr : &*it;
}

inline const Json* object(const Json& j, std::string_view key) {
    const Json* m = member(j, key);
    return m && m->is_object() ? m : nullptr;
}

inline const Json* array(const Json& j, std::string_view key) {
    const Json* m = member(j, key);
    return m && m->is_array() ? m : nullptr;
}

inline std::string str(const Json& j, std::string_view key) {
    const Json* m = member(j, key);
    return m && m->is_string() ? m->get<std::string>() : std::string{};
}

// Ids: a string as is, an integer written in decimal (JSON Feed allows both).
inline std::string id_string(const Json& value) {
    if (value.is_string()) return value.get<std::string>();
    if (value.is_number_unsigned()) return std::to_string(value.get<std::uint64_t>());
    if (value.is_number_integer()) return std::to_string(value.get<std::int64_t>());
    if (value.is_number_float()) {
        double d = value.get<double>();
        if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 1e15)
            return std::to_string(static_cast<long long>(d));
    }
    return {};
}

inline std::string id_str(const Json& j, std::string_view key) {
    const Json* m = member(j, key);
    return m ? id_string(*m) : std::string{};
}

inline bool flag(const Json& j, std::string_view key) {
    const Json* m = member(j, key);
    return m && m->is_boolean() && m->get<bool>();
}

inline double number(const Json& j, std::string_view key, double fallback = 0.0) {
    const Json* m = member(j, key);
    if (!m || !m->is_number()) return fallback;
    double d = m->get<double>();
    return std::isfinite(d) ? d : fallback;
}

// A pixel size: positive and sane, else 0.
inline int pixels(const Json& j, std::string_view key) {
    double d = number(j, key);
    return d >= 1 && d <= 100000 ? static_cast<int>(d) : 0;
}

// Whether the key is present with a value other than null.
inline bool present(const Json& j, std::string_view key) {
    const Json* m = member(j, key);
    return m && !m->is_null();
}

}  // namespace lw::sources::json
