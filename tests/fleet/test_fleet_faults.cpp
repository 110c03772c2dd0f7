// A hub that misbehaves: 500, garbage, a truncated or a 100 MB document, a
// schema the screen does not know, a picture that does not match its hash,
// no answer at all. The screen keeps its wall, backs off, and converges when
// the hub answers properly again.
#include "fleet_fixture.h"

#include "fleet/sync_document.h"

#include <httplib.h>

#include <atomic>
#include <thread>

using namespace lw;
using namespace lw::test;

namespace {

enum class Mode { Good, Error500, Garbage, Truncated, Huge, UnknownSchema, WrongMediaHash, NoAnswer };

// A stand-in hub on 127.0.0.1 that answers pairing at once and serves a
// document built with the real encoder, or misbehaves as told.
class FaultyHub {
public:
    FaultyHub() {
        server_.Post("/api/sync/v1/pair", [](const httplib::Request&, httplib::Response& res) {
            res.set_content(R"({"state":"paired","token":")" + std::string(64, 'e') +
                                R"(","screen_id":"scr-1","group":"g"})",
                            "application/json");
        });
        server_.Post("/api/sync/v1/status", [](const httplib::Request&, httplib::Response& res) {
            res.set_content("{}", "application/json");
        });
        server_.Get("/api/sync/v1/wall", [this](const httplib::Request&, httplib::Response& res) { wall(res); });
        server_.Get(R"(/api/sync/v1/media/([0-9a-f]{64}))", [this](const httplib::Request&, httplib::Response& res) {
            const std::string bytes = picture_;
            res.set_content(mode_ == Mode::WrongMediaHash ? bytes + "tampered" : bytes, "image/jpeg");
        });
        port_ = server_.bind_to_any_port("127.0.0.1");
        thread_ = std::thread([this] { server_.listen_after_bind(); });
        for (int i = 0; i < 500 && !server_.is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
        picture_ = read_file(LOBBYWALL_SOURCE_DIR "/assets/demo/images/cake.jpg");
    }
    ~FaultyHub() {
        server_.stop();
        thread_.join();
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    void set(Mode m) { mode_ = m; }
    void serve(std::vector<Post> posts, std::uint64_t version, bool with_picture = false) {
        WallSnapshot w;
        w.posts = std::move(posts);
        if (with_picture) w.posts[0].media.push_back({Media::Kind::Image, "x", "/picture.jpg", "cake"});
        const std::string hash = fleet::content_hash(picture_);
        std::lock_guard lock(mutex_);
        document_ = fleet::encode_document(w, "g", "faulty", version, 1, [hash](const std::string&) { return hash; }).body;
        etag_ = "\"" + std::to_string(version) + "\"";
    }

private:
    void wall(httplib::Response& res) {
        std::string doc, etag;
        {
            std::lock_guard lock(mutex_);
            doc = document_;
            etag = etag_;
        }
        switch (mode_.load()) {
            case Mode::Error500: res.status = 500; res.set_content("oops", "text/plain"); return;
            case Mode::Garbage: res.set_content("<html><body>Proxy login required</body></html>", "application/json"); return;
            case Mode::Truncated:
                // Says 100 000 bytes, sends half a document and hangs up.
                res.set_content_provider(100'000, "application/json",
                                         [doc](size_t offset, size_t, httplib::DataSink& sink) {
                                             if (offset > 0) return false;
                                             sink.write(doc.data(), doc.size() / 2);
                                             return false;
                                         });
                return;
            case Mode::Huge:
                // 100 MB of a valid-looking document, streamed; the screen stops at its cap.
                res.set_content_provider(100 * 1024 * 1024, "application/json",
                                         [](size_t offset, size_t length, httplib::DataSink& sink) {
                                             static const std::string chunk(64 * 1024, ' ');
                                             const size_t n = std::min(length, chunk.size());
                                             if (offset == 0) sink.write("{\"schema\":1,\"posts\":[", 21);
                                             return sink.write(chunk.data(), n);
                                         });
                return;
            case Mode::UnknownSchema: {
                std::string d = doc;
                d.replace(d.find("\"schema\":1"), 10, "\"schema\":9");
                res.set_content(d, "application/json");
                return;
            }
            case Mode::NoAnswer: std::this_thread::sleep_for(std::chrono::milliseconds(1500)); res.status = 504; return;
            default: break;
        }
        res.set_header("ETag", etag);
        res.set_content(doc, "application/json");
    }

    httplib::Server server_;
    std::thread thread_;
    int port_ = 0;
    std::atomic<Mode> mode_{Mode::Good};
    std::mutex mutex_;
    std::string document_, etag_, picture_;
};

}  // namespace

TEST_CASE("whatever a broken hub sends, the screen keeps its wall and converges when the hub recovers") {
    struct Case {
        const char* name;
        Mode mode;
    };
    const Case cases[] = {
        {"HTTP 500", Mode::Error500},          {"garbage", Mode::Garbage},
        {"a truncated document", Mode::Truncated}, {"a 100 MB document", Mode::Huge},
        {"a schema it does not know", Mode::UnknownSchema}, {"no answer", Mode::NoAnswer},
    };
    for (const Case& c : cases) {
        INFO(c.name);
        FaultyHub hub;
        SharedClock clock(kFleetT0);
        fleet::ScreenOptions so;
        ScreenFixture screen(hub.url(), clock, so);
        screen.close();  // a short timeout for "no answer"
        screen.options.poll = std::chrono::milliseconds(100);
        screen.open();
        hub.serve({make_post("a", "first")}, 1);
        screen.sync->step();  // paired
        screen.sync->step();
        REQUIRE(screen.post_ids() == std::vector<std::string>{"a"});

        hub.serve({make_post("b", "second")}, 2);
        hub.set(c.mode);
        std::chrono::milliseconds waits[3];
        for (auto& wait : waits) wait = screen.sync->step();
        screen.sync->publish();
        CHECK(screen.post_ids() == std::vector<std::string>{"a"});  // kept
        CHECK(screen.sync->state() == "offline");
        // Backs off: the third wait is longer than a poll (with jitter, at least 2x the poll's floor).
        CHECK(waits[2] > screen.options.poll);

        hub.set(Mode::Good);
        screen.sync->step();
        CHECK(screen.post_ids() == std::vector<std::string>{"b"});
        CHECK(screen.sync->state() == "live");
    }
}

TEST_CASE("a picture that does not match its hash is dropped - the post is shown without it") {
    FaultyHub hub;
    SharedClock clock(kFleetT0);
    ScreenFixture screen(hub.url(), clock);
    hub.set(Mode::WrongMediaHash);
    hub.serve({make_post("a", "with a cake")}, 1, /*with_picture=*/true);
    screen.sync->step();
    screen.sync->step();
    REQUIRE(screen.post_ids() == std::vector<std::string>{"a"});
    REQUIRE(screen.wall()->posts[0].media.size() == 1);
    CHECK(screen.wall()->posts[0].media[0].local_path.empty());
    CHECK(screen.media->file_count() == 0);
    // Not asked again on every poll; the honest bytes arrive a minute later.
    hub.set(Mode::Good);
    screen.sync->step();
    screen.sync->publish();
    CHECK(screen.wall()->posts[0].media[0].local_path.empty());
    clock.advance(std::chrono::minutes(2));
    screen.sync->step();
    screen.sync->publish();
    CHECK_FALSE(screen.wall()->posts[0].media[0].local_path.empty());
}
