// Tests for core/snapshot: publishing across threads without blocking readers.
#include "core/snapshot.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
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
