// The console API's staff content: announcements (the whole form, image
// included, saved in one step or not at all) and hashtag prompts. See
// console_api.h and docs/server.md.
#include "server/console_api.h"

#include "server/console_request.h"
#include "store/image_codec.h"
#include "store/media_cache.h"

#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <regex>
#include <tuple>

namespace lw {

using namespace capi;

namespace {

// The screen groups an announcement or prompt is for, from the console's
// comma list ("Maternity, Emergency department"); empty: every group.
std::vector<std::string> parse_groups(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = std::min(text.find(',', start), text.size());
        std::string name = text.substr(start, end - start);
        const auto first = name.find_first_not_of(" \t");
        name = first == std::string::npos ? "" : name.substr(first, name.find_last_not_of(" \t") - first + 1);
        if (!name.empty()) {
            if (name.size() > 60 || std::any_of(name.begin(), name.end(), [](unsigned char c) {
                    return c < 0x20 || c == 0x7f;
                }))
                throw BadRequest{400, "a screen group's name is at most 60 characters, on one line"};
            if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(std::move(name));
        }
        start = end + 1;
    }
    if (out.size() > 50) throw BadRequest{400, "at most 50 screen groups"};
    return out;
}

// The reply when announcement `id` does not exist (404) or the store cannot
// say (500); nothing when it exists.
std::optional<ApiResponse> unless_announcement_exists(Store& store, const std::string& id) {
    auto list = store.announcements();
    if (!list) return store_failure(list.error);
    if (std::none_of(list->begin(), list->end(), [&](const auto& a) { return a.id == id; }))
        return error(404, fmt::format("no announcement with id {}", id));
    return std::nullopt;
}

// Title and text as a person typed them: limits in characters, and no HTML
// (the wall shows text exactly as typed, so "<b>" would be on the TV).
void check_announcement_text(const std::string& title, const std::string& body) {
    if (title.empty() && body.empty())
        throw BadRequest{400, "an announcement needs a title or a text"};
    for (auto [field, text, limit] : {std::tuple{"title", &title, kAnnouncementTitleChars},
                                      std::tuple{"text", &body, kAnnouncementBodyChars}}) {
        const std::size_t n = count_characters(*text);
        if (n > limit)
            throw BadRequest{400, fmt::format("the {} has {} characters; at most {} fit", field, n,
                                              limit)};
        static const std::regex tag("<\\s*/?\\s*[A-Za-z][A-Za-z0-9]*(\\s[^<>]*)?/?\\s*>");
        std::smatch m;
        if (std::regex_search(*text, m, tag))
            throw BadRequest{400, fmt::format("the {} holds the HTML tag {}: the screen shows text "
                                              "exactly as typed, so remove it",
                                              field, m.str().substr(0, 40))};
    }
}

// The reply refusing an uploaded image by its size or first bytes; nothing
// when it may go on to the media cache's own checks.
std::optional<ApiResponse> refuse_upload(const std::string& bytes, std::size_t max_bytes) {
    if (bytes.size() > max_bytes)
        return error(413, fmt::format("the image is {}, over the {} upload limit",
                                      human_size(bytes.size()), human_size(max_bytes)));
    // Judged by its first bytes, never by its name or the browser's type.
    if (sniff_image_format(bytes) == ImageFormat::Unknown)
        return error(400, "the file is not an image: upload a PNG, JPEG, GIF or WebP");
    return std::nullopt;
}

}  // namespace

// --- staff content ---------------------------------------------------------------

ApiResponse ConsoleApi::list_announcements() {
    auto list = store_.announcements();
    if (!list) return store_failure(list.error);
    json out = json::array();
    for (const auto& a : *list)
        out.push_back({{"id", a.id}, {"title", a.title}, {"body", a.body},
                       {"has_image", !a.image_local_path.empty()},
                       {"image", media_route(a.image_local_path)},
                       {"starts", format_rfc3339(a.starts)},
                       {"ends", a.ends == a.starts ? "" : format_rfc3339(a.ends)},
                       {"groups", a.groups}});
    return reply(200, {{"announcements", out}});
}

ApiResponse ConsoleApi::put_announcement(const Call& call) {
    json body = parse_object(call.req.body);
    Announcement a;
    a.id = id_or_new(get_string(body, "id", false, 64), "ann-");
    a.title = get_string(body, "title", false, 4 * kAnnouncementTitleChars);
    a.body = get_string(body, "body", false, 4 * kAnnouncementBodyChars);
    check_announcement_text(a.title, a.body);
    const TimePoint now = clock_.now();
    a.starts = get_time(body, "starts").value_or(now);
    a.ends = get_time(body, "ends").value_or(a.starts);
    if (a.ends < a.starts) return error(400, "an announcement cannot end before it starts");
    a.groups = parse_groups(get_string(body, "groups", false, 4000));
    // An edit keeps the image the announcement already has.
    if (auto list = store_.announcements())
        for (const auto& old : *list)
            if (old.id == a.id) a.image_local_path = old.image_local_path;
    Status s = store_.put_announcement(a, call.actor(), now);
    if (!s) return store_failure(s.error);
    changed();
    return reply(200, {{"ok", true}, {"id", a.id}});
}

// The whole announcement form (multipart: id, title, body, starts, ends,
// remove_image, image): every field and the image are checked before
// anything is stored, and the text and the image are stored in one
// transaction, so a refused image publishes nothing.
ApiResponse ConsoleApi::save_announcement_form(const Call& call) {
    const ApiRequest& req = call.req;
    if (!req.multipart)
        return error(400, "send the announcement form as multipart/form-data");
    auto field = [&](const char* name, std::size_t max_bytes) {
        auto it = req.parts.find(name);
        if (it == req.parts.end() || !it->second.filename.empty()) return std::string();
        if (it->second.content.size() > max_bytes)
            throw BadRequest{400, fmt::format("\"{}\" is too long", name)};
        return it->second.content;
    };
    auto time_field = [&](const char* name) -> std::optional<TimePoint> {
        std::string text = field(name, 64);
        if (text.empty()) return std::nullopt;
        auto t = parse_rfc3339(text);
        if (!t) throw BadRequest{400, fmt::format("\"{}\" must be a time like 2026-11-24T09:00:00Z", name)};
        return t;
    };
    Announcement a;
    const bool is_new = field("id", 64).empty();
    a.id = id_or_new(field("id", 64), "ann-");
    a.title = field("title", 4 * kAnnouncementTitleChars);
    a.body = field("body", 4 * kAnnouncementBodyChars);
    check_announcement_text(a.title, a.body);
    const TimePoint now = clock_.now();
    a.starts = time_field("starts").value_or(now);
    a.ends = time_field("ends").value_or(a.starts);
    if (a.ends < a.starts) return error(400, "an announcement cannot end before it starts");
    a.groups = parse_groups(field("groups", 4000));
    const bool remove_image = field("remove_image", 8) == "true";

    std::string url;
    if (!is_new) {
        auto list = store_.announcements();
        if (!list) return store_failure(list.error);
        auto old = std::find_if(list->begin(), list->end(), [&](const auto& o) { return o.id == a.id; });
        if (old == list->end()) return error(404, "that announcement was deleted meanwhile");
        if (!remove_image && !old->image_local_path.empty()) {
            a.image_local_path = old->image_local_path;
            url = announcement_image_url(a.id);
        }
    }
    std::string details;
    auto file = req.parts.find("image");
    const bool has_file = file != req.parts.end() && !file->second.content.empty();
    if (has_file && !media_) return error(503, "image uploads are off: the media cache is not running");
    // As in put_announcement_image: a garbage collection between storing the
    // file and naming it could take it, so a second round stores it again.
    for (int round = 0; round < 2; ++round) {
        if (has_file) {
            if (auto refused = refuse_upload(file->second.content, options_.max_upload_bytes))
                return *refused;
            url = announcement_image_url(a.id);
            auto cached = media_->store(url, file->second.content, "", now);
            if (!cached) {
                const std::string refused = "refused " + url + ": ";
                if (cached.error.rfind(refused, 0) == 0)
                    return error(400, "the image was refused, and nothing was saved: " +
                                          cached.error.substr(refused.size()));
                return store_failure(cached.error);
            }
            a.image_local_path = cached->path;
            details = fmt::format("{} ({}, stored {}x{})", printable_name(file->second.filename),
                                  human_size(file->second.content.size()), cached->width,
                                  cached->height);
        }
        Status s = store_.save_announcement(a, url, details, call.actor(), now);
        if (!s) return store_failure(s.error);
        if (!has_file || media_->lookup(url)) break;
    }
    changed();
    return reply(200, {{"ok", true}, {"id", a.id}, {"image", media_route(a.image_local_path)}});
}

ApiResponse ConsoleApi::delete_announcement(const Call& call) {
    json body = parse_object(call.req.body);
    std::string id = get_string(body, "id", true, 64);
    if (auto missing = unless_announcement_exists(store_, id)) return *missing;
    Status s = store_.delete_announcement(id, call.actor(), clock_.now());
    if (!s) return store_failure(s.error);
    changed();
    return ok();
}

ApiResponse ConsoleApi::put_announcement_image(const Call& call) {
    const ApiRequest& req = call.req;
    if (!media_) return error(503, "image uploads are off: the media cache is not running");
    if (!req.multipart)
        return error(400, "send the image as multipart/form-data with the fields \"id\" and "
                          "\"image\"");
    auto id_part = req.parts.find("id");
    if (id_part == req.parts.end() || id_part->second.content.empty())
        return error(400, "\"id\" is missing: which announcement gets the image?");
    const std::string id = id_part->second.content;
    if (!valid_id(id)) return error(400, "\"id\" may hold only letters, digits, '.', '_', '-'");
    auto file = req.parts.find("image");
    if (file == req.parts.end() || file->second.content.empty())
        return error(400, "\"image\" is missing or empty: choose an image file");
    const std::string& bytes = file->second.content;
    if (auto refused = refuse_upload(bytes, options_.max_upload_bytes)) return *refused;
    if (auto missing = unless_announcement_exists(store_, id)) return *missing;

    const TimePoint now = clock_.now();
    const std::string url = announcement_image_url(id);
    // The same checks as a feed's images: size cap, pixel limit from the
    // header before decoding, decoded, scaled, re-encoded, stored by hash.
    // A media garbage collection between storing the file and naming it in
    // the announcement would take it (nothing referred to it yet): then the
    // second round stores it again, now kept, since the announcement names it.
    Result<CachedImage> cached;
    for (int round = 0; round < 2; ++round) {
        cached = media_->store(url, bytes, "", now);
        if (!cached) {
            const std::string refused = "refused " + url + ": ";
            if (cached.error.rfind(refused, 0) == 0)
                return error(400, "the image was refused: " + cached.error.substr(refused.size()));
            return store_failure(cached.error);
        }
        const std::string details = fmt::format("{} ({} bytes, stored {}x{})",
                                                printable_name(file->second.filename),
                                                bytes.size(), cached->width, cached->height);
        Status s = store_.set_announcement_image(id, url, cached->path, details, call.actor(), now);
        if (!s) return store_failure(s.error);
        if (media_->lookup(url)) break;
    }
    changed();
    return reply(200, {{"ok", true}, {"id", id}, {"image", media_route(cached->path)},
                       {"width", cached->width}, {"height", cached->height}});
}

ApiResponse ConsoleApi::delete_announcement_image(const Call& call) {
    json body = parse_object(call.req.body);
    std::string id = get_string(body, "id", true, 64);
    if (auto missing = unless_announcement_exists(store_, id)) return *missing;
    // The file itself goes with the next media garbage collection.
    Status s = store_.set_announcement_image(id, "", "", "removed", call.actor(), clock_.now());
    if (!s) return store_failure(s.error);
    changed();
    return ok();
}

ApiResponse ConsoleApi::list_prompts() {
    auto list = store_.prompts();
    if (!list) return store_failure(list.error);
    json out = json::array();
    for (const auto& p : *list)
        out.push_back({{"id", p.id}, {"text", p.text}, {"hashtag", p.hashtag}, {"url", p.url},
                       {"groups", p.groups}});
    json from_config = json::array();
    for (const auto& p : options_.config_prompts)
        from_config.push_back({{"text", p.text}, {"hashtag", p.hashtag}, {"url", p.url}});
    return reply(200, {{"prompts", out}, {"config_prompts", from_config}});
}

ApiResponse ConsoleApi::put_prompt(const Call& call) {
    json body = parse_object(call.req.body);
    HashtagPrompt p;
    p.id = id_or_new(get_string(body, "id", false, 64), "prompt-");
    p.text = get_string(body, "text", true, 300);
    p.hashtag = get_string(body, "hashtag", true, 100);
    if (!p.hashtag.empty() && p.hashtag.front() == '#') p.hashtag.erase(0, 1);
    if (p.hashtag.empty() ||
        p.hashtag.find_first_of(" \t\r\n#,;/?&") != std::string::npos)
        return error(400, "\"hashtag\" must be one word, like StVKnee");
    p.url = get_string(body, "url", false, 500);
    p.groups = parse_groups(get_string(body, "groups", false, 4000));
    if (!p.url.empty() && (p.url.rfind("https://", 0) != 0 || p.url.size() <= 8))
        return error(400, "the QR code link must start with https:// (phones warn about or refuse "
                          "plain http links)");
    Status s = store_.put_prompt(p, call.actor(), clock_.now());
    if (!s) return store_failure(s.error);
    changed();
    return reply(200, {{"ok", true}, {"id", p.id}});
}

ApiResponse ConsoleApi::delete_prompt(const Call& call) {
    json body = parse_object(call.req.body);
    std::string id = get_string(body, "id", true, 64);
    auto list = store_.prompts();
    if (!list) return store_failure(list.error);
    if (std::none_of(list->begin(), list->end(), [&](const auto& p) { return p.id == id; }))
        return error(404, fmt::format("no hashtag prompt with id {}", id));
    Status s = store_.delete_prompt(id, call.actor(), clock_.now());
    if (!s) return store_failure(s.error);
    changed();
    return ok();
}

}  // namespace lw
