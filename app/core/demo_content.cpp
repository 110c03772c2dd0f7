// Demo content loading: see demo_content.h.
#include "core/demo_content.h"

#include "core/log.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>

namespace lw {
namespace {

using nlohmann::json;

std::string str(const json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string resolve(const std::filesystem::path& dir, const std::string& file) {
    return file.empty() ? std::string() : (dir / file).string();
}

Post read_post(const json& j, const std::filesystem::path& dir, TimePoint now) {
    Post p;
    p.id = str(j, "id");
    if (p.id.empty()) throw std::runtime_error("a post has no id");
    p.source_id = "demo";
    p.source_kind = SourceKind::Demo;
    p.author = str(j, "author");
    p.handle = str(j, "handle");
    p.avatar_local_path = resolve(dir, str(j, "avatar"));
    p.text = str(j, "text");
    p.language = str(j, "language");
    p.created = now - std::chrono::minutes(j.value("age_minutes", 0));
    p.permalink = str(j, "permalink");
    if (auto it = j.find("tags"); it != j.end() && it->is_array())
        for (const auto& t : *it)
            if (t.is_string()) p.tags.push_back(t.get<std::string>());
    if (auto it = j.find("images"); it != j.end() && it->is_array())
        for (const auto& m : *it) {
            Media media;
            media.url = str(m, "file");
            media.local_path = resolve(dir, media.url);
            media.alt = str(m, "alt");
            if (auto f = m.find("focus"); f != m.end() && f->is_array() && f->size() == 2) {
                media.focus_x = (*f)[0].get<float>();
                media.focus_y = (*f)[1].get<float>();
            }
            p.media.push_back(std::move(media));
        }
    return p;
}

}  // namespace

std::optional<DemoContent> load_demo_content(const std::filesystem::path& dir, TimePoint now, std::string& error) {
    const auto file = dir / "demo.json";
    std::ifstream in(file);
    if (!in) {
        error = "cannot read the demo content " + file.string();
        return std::nullopt;
    }
    json root = json::parse(in, nullptr, false);
    if (root.is_discarded() || !root.is_object()) {
        error = "the demo content " + file.string() + " is not valid JSON";
        return std::nullopt;
    }
    DemoContent demo;
    demo.hospital_name = str(root, "hospital_name");
    if (const std::string logo = str(root, "logo"); !logo.empty()) demo.logo = (dir / logo).string();
    WallSnapshot& s = demo.snapshot;
    s.built_at = now;
    if (auto it = root.find("posts"); it != root.end() && it->is_array()) {
        for (const auto& j : *it) {
            try {
                s.posts.push_back(read_post(j, dir, now));
            } catch (const std::exception& e) {
                log::warn("skipping a demo post: {}", e.what());
            }
        }
    }
    // Newest first, as the wall shows the store's approved posts.
    std::stable_sort(s.posts.begin(), s.posts.end(), [](const Post& a, const Post& b) { return a.created > b.created; });
    if (auto it = root.find("announcements"); it != root.end() && it->is_array()) {
        int n = 0;
        for (const auto& j : *it) {
            Announcement a;
            a.id = "demo-announcement-" + std::to_string(n++);
            a.title = str(j, "title");
            a.body = str(j, "body");
            a.image_local_path = resolve(dir, str(j, "image"));
            a.starts = now - std::chrono::hours(1);
            a.ends = a.starts;  // no end
            s.announcements.push_back(std::move(a));
        }
    }
    if (auto it = root.find("prompts"); it != root.end() && it->is_array()) {
        int n = 0;
        for (const auto& j : *it) {
            HashtagPrompt p;
            p.id = "demo-prompt-" + std::to_string(n++);
            p.text = str(j, "text");
            p.hashtag = str(j, "hashtag");
            p.url = str(j, "url");
            s.prompts.push_back(std::move(p));
        }
    }
    if (auto it = root.find("pinned"); it != root.end() && it->is_array())
        for (const auto& id : *it)
            if (id.is_string()) s.pinned_ids.push_back(id.get<std::string>());
    return demo;
}

}  // namespace lw
