// Blocked authors as a store setting: see blocked_authors.h.
#include "server/blocked_authors.h"

#include "core/log.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>

namespace lw {

std::string normalize_author(std::string_view author) {
    while (!author.empty() && std::isspace(static_cast<unsigned char>(author.front())))
        author.remove_prefix(1);
    while (!author.empty() && std::isspace(static_cast<unsigned char>(author.back())))
        author.remove_suffix(1);
    std::string out(author);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string normalize_handle(std::string_view handle) {
    std::string out = normalize_author(handle);
    if (!out.empty() && out.front() == '@') out.erase(0, 1);
    return out;
}

namespace {

// Adds `item` to the sorted `list` or takes it out; false when the list
// already was as wanted (then nothing is written).
template <class T>
bool toggle(std::vector<T>& list, const T& item, bool present) {
    auto it = std::find(list.begin(), list.end(), item);
    if (present == (it != list.end())) return false;
    if (present)
        list.push_back(item);
    else
        list.erase(it);
    std::sort(list.begin(), list.end());
    return true;
}

// The JSON array stored under `key`; absent or damaged (logged): empty.
Result<nlohmann::json> setting_array(Store& store, const char* key) {
    auto value = store.setting(key);
    if (!value) return Result<nlohmann::json>::failure(value.error);
    if (!*value) return Result<nlohmann::json>(nlohmann::json::array());
    auto json = nlohmann::json::parse(**value, nullptr, false);
    if (!json.is_array()) {
        log::warn("The {} setting is not a JSON array; treating it as empty.", key);
        return Result<nlohmann::json>(nlohmann::json::array());
    }
    return Result<nlohmann::json>(std::move(json));
}

}  // namespace

Result<std::vector<std::string>> blocked_authors(Store& store) {
    auto json = setting_array(store, kBlockedAuthorsSetting);
    if (!json) return Result<std::vector<std::string>>::failure(json.error);
    std::vector<std::string> out;
    for (const auto& item : *json)
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
    if (!toggle(*list, h, blocked)) return Status::success();
    return store.set_setting(kBlockedAuthorsSetting, nlohmann::json(*list).dump(), actor, now);
}

Result<std::vector<FeedAuthorBlock>> blocked_feed_authors(Store& store) {
    auto json = setting_array(store, kBlockedFeedAuthorsSetting);
    if (!json) return Result<std::vector<FeedAuthorBlock>>::failure(json.error);
    std::vector<FeedAuthorBlock> out;
    for (const auto& item : *json)
        if (item.is_object() && item.value("source", "") != "" && item.value("author", "") != "")
            out.push_back({item.value("source", ""), item.value("author", "")});
    return out;
}

Status set_feed_author_blocked(Store& store, const FeedAuthorBlock& block, bool blocked,
                               const Actor& actor, TimePoint now) {
    FeedAuthorBlock b{block.source_id, normalize_author(block.author)};
    if (b.source_id.empty() || b.author.empty())
        return Status::failure("a feed and an author name are needed");
    if (b.author.size() > 300) return Status::failure("that author name is too long");
    auto list = blocked_feed_authors(store);
    if (!list) return Status::failure(list.error);
    if (!toggle(*list, b, blocked)) return Status::success();
    nlohmann::json out = nlohmann::json::array();
    for (const auto& e : *list) out.push_back({{"source", e.source_id}, {"author", e.author}});
    return store.set_setting(kBlockedFeedAuthorsSetting, out.dump(), actor, now);
}

std::optional<FeedAuthorBlock> feed_author_of(const Post& post) {
    if (post.source_kind != SourceKind::WebFeed) return std::nullopt;
    std::string author = normalize_author(post.author);
    if (author.empty() || author == normalize_author(post.handle)) return std::nullopt;
    return FeedAuthorBlock{post.source_id, author};
}

std::optional<std::string> feed_author_block_reason(const std::vector<FeedAuthorBlock>& blocks,
                                                    const Post& post) {
    auto mine = feed_author_of(post);
    if (!mine || std::find(blocks.begin(), blocks.end(), *mine) == blocks.end()) return std::nullopt;
    return "rule: blocked author \"" + post.author + "\" in feed " + post.source_id;
}

moderation::ModerationRules with_blocked_authors(moderation::ModerationRules rules,
                                                 const std::vector<std::string>& authors) {
    rules.blocked_authors.insert(rules.blocked_authors.end(), authors.begin(), authors.end());
    return rules;
}

}  // namespace lw
