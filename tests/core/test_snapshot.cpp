// Tests for core/snapshot: publishing across threads without blocking readers.
#include "core/snapshot.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <thread>
#include <vector>

using namespace lw;

TEST_CASE("a new channel holds an empty snapshot", "[snapshot]") {
    SnapshotChannel channel;
    SnapshotPtr s = channel.current();
    REQUIRE(s);
    CHECK(s->posts.empty());
    CHECK(s->version == 0);
}

namespace {

WallSnapshot sample_content() {
    WallSnapshot s;
    Post p{.id = "p1", .author = "Ann", .text = "Hello", .created = TimePoint{std::chrono::seconds{1000}}};
    p.media.push_back(Media{.url = "https://x.example/a.jpg", .alt = "a cat"});
    s.posts.push_back(p);
    s.announcements.push_back(Announcement{.id = "a1", .title = "Flu jabs", .body = "Today",
                                           .starts = TimePoint{std::chrono::seconds{500}},
                                           .ends = TimePoint{std::chrono::seconds{5000}}});
    s.prompts.push_back(HashtagPrompt{.id = "h1", .text = "Share", .hashtag = "Cares", .url = "https://x.example"});
    return s;
}

}  // namespace

TEST_CASE("publish_if_changed publishes a snapshot only when its content changed", "[snapshot]") {
    struct Case {
        const char* what;
        std::function<void(WallSnapshot&)> change;
        bool published;
    };
    const Case cases[] = {
        {"the same content, built later", [](WallSnapshot& s) { s.built_at += std::chrono::seconds(30); }, false},
        {"nothing at all", [](WallSnapshot&) {}, false},
        {"a new post", [](WallSnapshot& s) { s.posts.push_back(Post{.id = "p2"}); }, true},
        {"a post's text edited", [](WallSnapshot& s) { s.posts[0].text = "Hello!"; }, true},
        {"a picture arrived in the cache", [](WallSnapshot& s) { s.posts[0].media[0].local_path = "/c/a.jpg"; }, true},
        {"an avatar arrived", [](WallSnapshot& s) { s.posts[0].avatar_local_path = "/c/b.jpg"; }, true},
        {"a post pinned", [](WallSnapshot& s) { s.pinned_ids.push_back("p1"); }, true},
        {"an announcement ended (the store leaves it out)", [](WallSnapshot& s) { s.announcements.clear(); }, true},
        {"an announcement started",
         [](WallSnapshot& s) { s.announcements.push_back(Announcement{.id = "a2", .title = "Parking"}); }, true},
        {"a prompt's hashtag changed", [](WallSnapshot& s) { s.prompts[0].hashtag = "Care"; }, true},
        {"the kill switch", [](WallSnapshot& s) { s.kill_switch = true; }, true},
        {"the sources went offline",
         [](WallSnapshot& s) { s.offline_since = TimePoint{std::chrono::seconds{900}}; }, true},
        {"a fleet screen's grace ended", [](WallSnapshot& s) { s.offline_shows = OfflineShows::AnnouncementsOnly; }, true},
        {"a screen must pair", [](WallSnapshot& s) { s.pairing = PairingPage{.heading = "Pair", .code = "ABCD-EFGH"}; },
         true},
        {"an announcement aimed at a group",
         [](WallSnapshot& s) { s.announcements.push_back(Announcement{.id = "a3", .groups = {"maternity"}}); }, true},
    };
    for (const Case& c : cases) {
        INFO(c.what);
        SnapshotChannel channel;
        REQUIRE(channel.publish_if_changed(sample_content()));
        const SnapshotPtr before = channel.current();
        WallSnapshot next = sample_content();
        c.change(next);
        CHECK(channel.publish_if_changed(std::move(next)) == c.published);
        CHECK((channel.current() != before) == c.published);
        CHECK((channel.version() > before->version) == c.published);
    }
}

TEST_CASE("publish makes the newest snapshot current and numbers it", "[snapshot]") {
    SnapshotChannel channel;
    WallSnapshot a;
    a.posts.push_back(Post{.id = "a"});
    channel.publish(a);
    SnapshotPtr first = channel.current();
    WallSnapshot b;
    b.posts.push_back(Post{.id = "b"});
    channel.publish(b);
    SnapshotPtr second = channel.current();
    CHECK(first->posts[0].id == "a");  // a reader keeps what it took
    CHECK(second->posts[0].id == "b");
    CHECK(second->version > first->version);
}

TEST_CASE("readers on another thread always see a whole snapshot", "[snapshot]") {
    // The publisher writes snapshots whose post count equals their marker; a
    // torn or half-built snapshot would break that invariant.
    SnapshotChannel channel;
    std::atomic<bool> done{false};
    std::atomic<long> reads{0};
    std::atomic<bool> torn{false};
    std::thread reader([&] {
        std::uint64_t last_version = 0;
        while (!done.load()) {
            SnapshotPtr s = channel.current();
            if (s->version < last_version) torn = true;  // versions never go back
            last_version = s->version;
            if (!s->posts.empty() && std::to_string(s->posts.size()) != s->posts.back().id) torn = true;
            ++reads;
        }
    });
    for (int i = 1; i <= 2000; ++i) {
        WallSnapshot s;
        for (int j = 0; j < i % 17 + 1; ++j) s.posts.push_back(Post{.id = std::to_string(j + 1)});
        channel.publish(std::move(s));
    }
    // Bounded wait so the reader has looked at least once, however the threads were scheduled.
    for (int i = 0; i < 5000 && reads.load() == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    done = true;
    reader.join();
    CHECK_FALSE(torn.load());
    CHECK(reads.load() > 0);
    CHECK(channel.current()->version == 2000);
}
