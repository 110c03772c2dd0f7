// The sync document's JSON form: see sync_document.h. Our own format, read
// strictly: a field of the wrong type makes the whole document refused (the
// screen keeps the wall it has), never half a wall.
#include "fleet/sync_document.h"

#include <nlohmann/json.hpp>
#include <sodium.h>

#include <fmt/format.h>

#include <set>

namespace lw::fleet {
namespace {

using Json = nlohmann::json;

constexpr std::string_view kKeyPrefix = "sync:";

std::int64_t unix_of(TimePoint t) { return t.time_since_epoch().count(); }
TimePoint time_of(std::int64_t s) { return TimePoint(std::chrono::seconds(s)); }

const char* media_kind(Media::Kind k) {
    switch (k) {
        case Media::Kind::Image: return "image";
        case Media::Kind::VideoThumbnail: return "video_thumbnail";
        case Media::Kind::LinkThumbnail: return "link_thumbnail";
    }
    return "image";
}

Media::Kind parse_media_kind(const std::string& s) {
    if (s == "video_thumbnail") return Media::Kind::VideoThumbnail;
    if (s == "link_thumbnail") return Media::Kind::LinkThumbnail;
    return Media::Kind::Image;
}

SourceKind parse_kind(const std::string& s) {
    for (SourceKind k : {SourceKind::Demo, SourceKind::MastodonHashtag, SourceKind::MastodonAccount,
                         SourceKind::BlueskyAuthor, SourceKind::BlueskyFeed, SourceKind::BlueskySearch,
                         SourceKind::WebFeed, SourceKind::Staff})
        if (s == to_string(k)) return k;
    return SourceKind::WebFeed;
}

// Hub side: a picture goes in by hash, or not at all.
struct Writer {
    const FileHashFn& file_hash;
    std::vector<std::pair<std::string, std::string>> media;
    std::set<std::string> seen;

    std::string hash(const std::string& local_path) {
        if (local_path.empty() || !file_hash) return {};
        std::string h = file_hash(local_path);
        if (h.empty()) return {};
        if (seen.insert(h).second) media.emplace_back(h, local_path);
        return h;
    }

    Json post(const Post& p) {
        Json media_list = Json::array();
        for (const Media& m : p.media) {
            const std::string h = hash(m.local_path);
            if (h.empty()) continue;  // not downloaded yet: the next version carries it
            media_list.push_back({{"kind", media_kind(m.kind)}, {"hash", h}, {"alt", m.alt}, {"width", m.width},
                                  {"height", m.height}, {"focus_x", m.focus_x}, {"focus_y", m.focus_y}});
        }
        Json emojis = Json::array();
        for (const CustomEmoji& e : p.emojis) {
            const std::string h = hash(e.local_path);
            if (!h.empty()) emojis.push_back({{"shortcode", e.shortcode}, {"hash", h}});
        }
        return {{"id", p.id},
                {"source", p.source_id},
                {"kind", to_string(p.source_kind)},
                {"author", p.author},
                {"handle", p.handle},
                {"avatar", hash(p.avatar_local_path)},
                {"text", p.text},
                {"content_warning", p.content_warning},
                {"language", p.language},
                {"media", std::move(media_list)},
                {"tags", p.tags},
                {"emojis", std::move(emojis)},
                {"created", unix_of(p.created)},
                {"permalink", p.permalink},
                {"sensitive", p.sensitive},
                {"is_reply", p.is_reply},
                {"is_repost", p.is_repost}};
    }
};

std::string str(const Json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return {};
    return it->get<std::string>();
}

template <typename T>
T num(const Json& j, const char* key, T fallback = T{}) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return fallback;
    return it->get<T>();
}

std::string checked_hash(const Json& j, const char* key) {
    std::string h = str(j, key);
    if (!h.empty() && !is_hash(h)) throw std::invalid_argument(fmt::format("'{}' is not a picture hash", key));
    return h;
}

Post read_post(const Json& j) {
    Post p;
    p.id = j.at("id").get<std::string>();
    if (p.id.empty()) throw std::invalid_argument("a post has no id");
    p.source_id = str(j, "source");
    p.source_kind = parse_kind(str(j, "kind"));
    p.author = str(j, "author");
    p.handle = str(j, "handle");
    if (std::string h = checked_hash(j, "avatar"); !h.empty()) p.avatar_url = media_key(h);
    p.text = str(j, "text");
    p.content_warning = str(j, "content_warning");
    p.language = str(j, "language");
    if (auto it = j.find("media"); it != j.end())
        for (const Json& m : *it) {
            Media media;
            media.kind = parse_media_kind(str(m, "kind"));
            const std::string h = checked_hash(m, "hash");
            if (h.empty()) continue;
            media.url = media_key(h);
            media.alt = str(m, "alt");
            media.width = num<int>(m, "width");
            media.height = num<int>(m, "height");
            media.focus_x = num<float>(m, "focus_x");
            media.focus_y = num<float>(m, "focus_y");
            p.media.push_back(std::move(media));
        }
    if (auto it = j.find("tags"); it != j.end()) p.tags = it->get<std::vector<std::string>>();
    if (auto it = j.find("emojis"); it != j.end())
        for (const Json& e : *it) {
            const std::string h = checked_hash(e, "hash");
            if (!h.empty()) p.emojis.push_back({str(e, "shortcode"), media_key(h), ""});
        }
    p.created = time_of(num<std::int64_t>(j, "created"));
    p.permalink = str(j, "permalink");
    p.sensitive = num<bool>(j, "sensitive");
    p.is_reply = num<bool>(j, "is_reply");
    p.is_repost = num<bool>(j, "is_repost");
    return p;
}

}  // namespace

std::string media_key(const std::string& hash) { return std::string(kKeyPrefix) + hash; }

std::string hash_of_key(std::string_view url) {
    if (url.substr(0, kKeyPrefix.size()) != kKeyPrefix) return {};
    return std::string(url.substr(kKeyPrefix.size()));
}

std::string content_hash(std::string_view bytes) {
    unsigned char digest[32];
    crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                       nullptr, 0);
    char hex[sizeof digest * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    return hex;
}

bool is_hash(std::string_view text) {
    return text.size() == 64 && text.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

EncodedDocument encode_document(const WallSnapshot& wall, const std::string& group, const std::string& hub_name,
                                std::uint64_t version, std::uint64_t kill_version, const FileHashFn& file_hash) {
    Writer w{file_hash, {}, {}};
    Json posts = Json::array();
    for (const Post& p : wall.posts) posts.push_back(w.post(p));
    Json announcements = Json::array();
    for (const Announcement& a : wall.announcements)
        announcements.push_back({{"id", a.id}, {"title", a.title}, {"body", a.body},
                                 {"image", w.hash(a.image_local_path)}, {"starts", unix_of(a.starts)},
                                 {"ends", unix_of(a.ends)}});
    Json prompts = Json::array();
    for (const HashtagPrompt& p : wall.prompts)
        prompts.push_back({{"id", p.id}, {"text", p.text}, {"hashtag", p.hashtag}, {"url", p.url}});
    Json doc = {{"schema", kSchema},     {"group", group},     {"hub", hub_name},
                {"kill_switch", wall.kill_switch}, {"posts", std::move(posts)}, {"pinned", wall.pinned_ids},
                {"announcements", std::move(announcements)}, {"prompts", std::move(prompts)}};
    EncodedDocument out;
    out.content_hash = content_hash(doc.dump());
    doc["version"] = version;
    doc["kill_version"] = kill_version;
    out.body = doc.dump();
    out.media = std::move(w.media);
    return out;
}

Result<SyncDocument> parse_document(std::string_view body) {
    using R = Result<SyncDocument>;
    if (body.size() > kMaxDocumentBytes)
        return R::failure(fmt::format("the document is {} bytes, over the {}-byte limit", body.size(),
                                      kMaxDocumentBytes));
    Json j = Json::parse(body, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return R::failure("the document is not a JSON object");
    try {
        SyncDocument d;
        d.schema = j.at("schema").get<int>();
        if (d.schema != kSchema)
            return R::failure(fmt::format("the document has schema {}, this screen reads schema {} (update it)",
                                          d.schema, kSchema));
        d.version = j.at("version").get<std::uint64_t>();
        d.kill_version = num<std::uint64_t>(j, "kill_version");
        d.group = str(j, "group");
        d.hub_name = str(j, "hub");
        d.wall.kill_switch = j.at("kill_switch").get<bool>();
        for (const Json& p : j.at("posts")) d.wall.posts.push_back(read_post(p));
        d.wall.pinned_ids = j.at("pinned").get<std::vector<std::string>>();
        for (const Json& a : j.at("announcements")) {
            Announcement an;
            an.id = a.at("id").get<std::string>();
            an.title = str(a, "title");
            an.body = str(a, "body");
            an.starts = time_of(num<std::int64_t>(a, "starts"));
            an.ends = time_of(num<std::int64_t>(a, "ends"));
            if (std::string h = checked_hash(a, "image"); !h.empty()) d.announcement_images[an.id] = h;
            d.wall.announcements.push_back(std::move(an));
        }
        for (const Json& p : j.at("prompts"))
            d.wall.prompts.push_back({p.at("id").get<std::string>(), str(p, "text"), str(p, "hashtag"), str(p, "url")});
        if (d.wall.kill_switch && !d.wall.posts.empty())
            return R::failure("the document has the kill switch on and still carries posts");
        return d;
    } catch (const std::exception& e) {
        return R::failure(fmt::format("the document is malformed ({})", e.what()));
    }
}

std::vector<std::string> media_hashes(const SyncDocument& d) {
    std::vector<std::string> out;
    std::set<std::string> seen;
    auto add = [&](const std::string& key) {
        std::string h = hash_of_key(key);
        if (!h.empty() && seen.insert(h).second) out.push_back(h);
    };
    for (const Post& p : d.wall.posts) {
        add(p.avatar_url);
        for (const Media& m : p.media) add(m.url);
        for (const CustomEmoji& e : p.emojis) add(e.url);
    }
    for (const auto& [id, h] : d.announcement_images)
        if (seen.insert(h).second) out.push_back(h);
    return out;
}

}  // namespace lw::fleet
