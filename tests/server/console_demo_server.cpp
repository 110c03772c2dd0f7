// A console server for the browser test: opens a store and an accounts
// file in the folder it is given, seeds two pending posts (one with a phone
// number for the privacy highlight), the users "e2e" (a moderator) and
// "e2e-admin", and a
// media cache (for announcement image uploads), serves the console on
// 127.0.0.1 (a free port, written to DIR/port) and exits on SIGTERM/SIGINT
// or after a bounded lifetime, whichever comes first.
//
// With the scenario "safety" it seeds the queue the safety test needs
// instead: posts held for patient details between harmless ones, a web feed
// whose items name their authors (one already approved) and one that does
// not, and a picture of the "screen" (a generated PNG) for the screen view.
//
//   console_demo_server DIR ASSETS_DIR [LIFETIME_SECONDS=120] [SCENARIO]
#include "server/accounts.h"
#include "server/console_server.h"
#include "store/image_codec.h"
#include "store/media_cache.h"
#include "store/store.h"

#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

namespace {

volatile std::sig_atomic_t g_stop = 0;
void on_signal(int) { g_stop = 1; }

lw::Post post(const std::string& id, const std::string& author, const std::string& handle,
              const std::string& text, lw::TimePoint created) {
    lw::Post p;
    p.id = id;
    p.source_id = "tag-stv";
    p.source_kind = lw::SourceKind::MastodonHashtag;
    p.author = author;
    p.handle = handle;
    p.text = text;
    p.tags = {"StVKnee"};
    p.created = created;
    return p;
}

lw::Post feed_item(const std::string& id, const std::string& author, const std::string& text,
                   lw::TimePoint created) {
    lw::Post p = post(id, author, "Community News", text, created);
    p.source_id = "community-news";
    p.source_kind = lw::SourceKind::WebFeed;
    p.tags.clear();
    p.permalink = "https://news.example.org/" + id;
    return p;
}

// The safety scenario's posts, newest first as the queue lists them.
std::vector<lw::Post> safety_posts(lw::TimePoint now) {
    using std::chrono::minutes;
    return {
        post("ok-first", "Grateful Patient", "grateful@example.social",
             "Thank you to the whole knee team at St V for the kindness this week!", now - minutes(1)),
        post("held-room", "Worried Visitor", "worried@example.social",
             "Visiting Mrs Patel in room 214 after her knee replacement", now - minutes(2)),
        post("ok-second", "Garden Fan", "garden@example.social", "The new garden by the entrance is lovely",
             now - minutes(3)),
        post("held-phone", "Night Visitor", "visitor@example.social",
             "Call me on 07700 900123 about my dad on ward 7", now - minutes(4)),
        post("ok-third", "Cafe Regular", "cafe@example.social", "Best scones in town at the hospital cafe",
             now - minutes(5)),
        feed_item("feed-sam-1", "Spammy Sam", "Buy cheap watches now", now - minutes(6)),
        feed_item("feed-sam-2", "Spammy Sam", "Cheap watches, second offer", now - minutes(7)),
        feed_item("feed-kate", "Kind Kate", "Choir concert in the main hall on Friday", now - minutes(8)),
        feed_item("feed-nameless", "Community News", "Road works near the car park next week",
                  now - minutes(9)),
    };
}

// A 320x180 picture standing in for the wall: a blue-green gradient with
// alpha, so the cache's encoder keeps it a PNG.
std::optional<std::string> screen_png() {
    lw::Image img{320, 180, std::vector<std::uint8_t>(320 * 180 * 4)};
    for (int y = 0; y < img.height; ++y)
        for (int x = 0; x < img.width; ++x) {
            auto* p = &img.rgba[(static_cast<std::size_t>(y) * img.width + x) * 4];
            p[0] = 20;
            p[1] = static_cast<std::uint8_t>(60 + x * 150 / img.width);
            p[2] = static_cast<std::uint8_t>(90 + y * 150 / img.height);
            p[3] = static_cast<std::uint8_t>(200 + (x % 50));
        }
    auto png = lw::encode_for_cache(img, 90);
    if (!png) return std::nullopt;
    return png->bytes;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: console_demo_server DIR ASSETS_DIR [LIFETIME_SECONDS]\n";
        return 2;
    }
    const std::filesystem::path dir = argv[1];
    const int lifetime = argc > 3 ? std::max(1, std::atoi(argv[3])) : 120;
    std::filesystem::create_directories(dir / "media");

    lw::SystemClock clock;
    const auto now = clock.now();
    lw::StoreOptions so;
    so.path = (dir / "lobbywall.db").string();
    so.media_dir = (dir / "media").string();
    auto store = lw::Store::open(so);
    if (!store) {
        std::cerr << "error: " << store.error << "\n";
        return 1;
    }
    const bool safety = argc > 4 && std::string(argv[4]) == "safety";
    auto seeded = (*store)->upsert_posts(
        safety ? safety_posts(now)
               : std::vector<lw::Post>{
                     post("e2e-older", "Night Visitor", "visitor@example.social",
                          "Call me on 07700 900123 about my dad on ward 7", now - std::chrono::hours(2)),
                     post("e2e-newest", "Grateful Patient", "grateful@example.social",
                          "Thank you to the whole knee team at St V for the kindness this week!",
                          now - std::chrono::minutes(5))},
        now);
    if (seeded && safety)
        (void)(*store)->record_decision({"feed-sam-2", lw::ModerationState::Approved, {"source: trusted"},
                                         {"rules", ""}, now});
    if (!seeded) {
        std::cerr << "error: " << seeded.error << "\n";
        return 1;
    }
    auto accounts = lw::Accounts::open(lw::Accounts::default_file(dir));
    if (!accounts) {
        std::cerr << "error: " << accounts.error << "\n";
        return 1;
    }
    if (auto s = (*accounts)->add_user("e2e", lw::Role::Moderator, "e2e console password", now); !s)
        std::cerr << "note: " << s.error << "\n";
    if (auto s = (*accounts)->add_user("e2e-admin", lw::Role::Admin, "e2e admin password", now); !s)
        std::cerr << "note: " << s.error << "\n";

    lw::ConsoleHooks hooks;
    hooks.on_content_changed = [] { std::cerr << "content changed\n"; };
    if (safety) hooks.screenshot_png = screen_png;
    lw::MediaCacheOptions mo;
    mo.dir = so.media_dir;
    auto media = lw::MediaCache::open(**store, mo);
    if (!media) {
        std::cerr << "error: " << media.error << "\n";
        return 1;
    }
    lw::ConsoleServer server(**store, **accounts, clock, media->get(), hooks);
    lw::ConsoleOptions options;
    options.listen = "127.0.0.1:0";
    options.assets_dir = argv[2];
    options.time_zone = "Europe/London";
    if (auto s = server.start(options); !s) {
        std::cerr << "error: " << s.error << "\n";
        return 1;
    }
    {
        std::ofstream port_file(dir / "port.tmp");
        port_file << server.port() << "\n";
    }
    std::filesystem::rename(dir / "port.tmp", dir / "port");

    std::signal(SIGTERM, on_signal);
    std::signal(SIGINT, on_signal);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(lifetime);
    while (!g_stop && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    server.stop();
    // What the browser did, for the test script to check against the store.
    auto approved = (*store)->list_posts(lw::ModerationState::Approved);
    std::cout << "approved:";
    if (approved)
        for (const auto& sp : *approved) std::cout << " " << sp.post.id;
    std::cout << "\nkill_switch: " << ((*store)->kill_switch().value.value_or(false) ? "on" : "off")
              << "\n";
    if (auto anns = (*store)->announcements())
        for (const auto& a : *anns)
            std::cout << "announcement: " << a.title << " | image: " << a.image_local_path
                      << (a.image_local_path.empty() || std::filesystem::exists(a.image_local_path)
                              ? ""
                              : " (missing)")
                      << "\n";
    return 0;
}
