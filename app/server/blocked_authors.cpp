// Blocked authors as a store setting: see blocked_authors.h.
#include "server/blocked_authors.h"

#include "core/log.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>

namespace lw {

std::string normalize_handle(std::string_view handle) {
    while (!handle.empty() && std::isspace(static_cast<unsigned char>(handle.front())))
        handle.remove_prefix(1);
    while (!handle.empty() && std::isspace(static_cast<unsigned char>(handle.back())))
        handle.remove_suffix(1);
    if (!handle.empty() && handle.front() == '@') handle.remove_prefix(1);
    std::string out(handle);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

Result<std::vector<std::string>> blocked_authors(Store& store) {
    auto value = store.setting(kBlockedAuthorsSetting);
    if (!value) return Result<std::vector<std::string>>::failure(value.error);
    std::vector<std::string> out;
    if (!*value) return out;
    auto json = nlohmann::json::parse(**value, nullptr, false);
    if (!json.is_array()) {
        log::warn("The blocked_authors setting is not a JSON array; treating it as empty.");
        return out;
    }
    for (const auto& item : json)
        if (item.is_string()) out.push_back(item.get<std::string>());
    return out;
}

Status set_author_blocked(Store& store, std::string_view handle, bool blocked, const Actor& actor,
                          TimePoint now) {
    std::string h = normalize_handle(handle);
    if (h.empty()) return Status::failure("an author handle is needed");
    if (h.size() > 300) return Status::failure("that handle is too long");
    auto list = blocked_authors(store);
    if (!list) return Status::failure(list.error);
    auto it = std::find(list->begin(), list->end(), h);
    if (blocked == (it != list->end())) return Status::success();
    if (blocked)
        list->push_back(h);
    else
        list->erase(it);
    std::sort(list->begin(), list->end());
    return store.set_setting(kBlockedAuthorsSetting, nlohmann::json(*list).dump(), actor, now);
}

moderation::ModerationRules with_blocked_authors(moderation::ModerationRules rules,
                                                 const std::vector<std::string>& authors) {
    rules.blocked_authors.insert(rules.blocked_authors.end(), authors.begin(), authors.end());
    return rules;
}

}  // namespace lw
