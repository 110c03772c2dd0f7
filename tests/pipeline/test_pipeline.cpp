// The pipeline end to end against a real HTTP server on 127.0.0.1 and a real
// SQLite store: sources are polled, moderated, stored, their images cached,
// and the snapshot the wall gets holds exactly what rules approved.
#include "core/log.h"
#include "net/curl_client.h"
#include "pipeline/pipeline.h"
#include "temp_dir.h"

#include <catch2/catch.hpp>
#include <httplib.h>
#include <stb/stb_image_write.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

using namespace lw;
using namespace std::chrono;

namespace {

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void replace_all(std::string& s, const std::string& from, const std::string& to) {
    for (size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size()) s.replace(pos, from.size(), to);
}

std::string png_bytes(int w, int h) {
    std::vector<unsigned char> rgb(static_cast<size_t>(w) * h * 3);
    for (size_t i = 0; i < rgb.size(); ++i) rgb[i] = static_cast<unsigned char>(i * 7);
    std::string out;
    stbi_write_png_to_func([](void* ctx, void* data, int size) {
        static_cast<std::string*>(ctx)->append(static_cast<const char*>(data), static_cast<size_t>(size));
    }, &out, w, h, 3, rgb.data(), w * 3);
    return out;
}

// A loopback server that speaks just enough Mastodon and RSS, counts what
// it is asked, and fails on request.
struct FeedServer {
    httplib::Server server;
    std::thread thread;
    int port = 0;
    std::string base;
    std::string recent, recent_rfc822;
    std::atomic<bool> fail_tag{false};
    std::mutex mutex;
    std::vector<std::string> tag_min_ids, statuses_min_ids;
    std::atomic<int> feed_304{0}, lookups{0};

    explicit FeedServer(TimePoint now) {
        const TimePoint t = now - minutes(10);
        recent = format_rfc3339(t);
        const std::time_t tt = system_clock::to_time_t(t);
        char buf[64];
        std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", std::gmtime(&tt));
        recent_rfc822 = buf;
        port = server.bind_to_any_port("127.0.0.1");
        base = "http://127.0.0.1:" + std::to_string(port);
        auto fixture = [this](const char* name) {
            std::string body = read_file(std::string(LOBBYWALL_TEST_DATA "/pipeline/") + name);
            replace_all(body, "{base}", base);
            replace_all(body, "{recent_rfc822}", recent_rfc822);
            replace_all(body, "{recent}", recent);
            return body;
        };
        server.Get("/api/v1/accounts/lookup", [this, fixture](const httplib::Request&, httplib::Response& res) {
            ++lookups;
            res.set_content(fixture("account_lookup.json"), "application/json");
        });
        server.Get("/api/v1/accounts/4242/statuses", [this, fixture](const httplib::Request& req, httplib::Response& res) {
            {
                std::lock_guard lock(mutex);
                statuses_min_ids.push_back(req.get_param_value("min_id"));
            }
            res.set_content(req.has_param("min_id") ? std::string("[]") : fixture("account_statuses.json"),
                            "application/json");
        });
        server.Get("/api/v1/timelines/tag/StVKnee", [this, fixture](const httplib::Request& req, httplib::Response& res) {
            {
                std::lock_guard lock(mutex);
                tag_min_ids.push_back(req.get_param_value("min_id"));
            }
            if (fail_tag) {
                res.status = 500;
                res.set_content("{\"error\":\"oops\"}", "application/json");
                return;
            }
            res.set_content(req.has_param("min_id") ? std::string("[]") : fixture("tag_timeline.json"),
                            "application/json");
        });
        server.Get("/feed.rss", [this, fixture](const httplib::Request& req, httplib::Response& res) {
            if (req.get_header_value("If-None-Match") == "\"v1\"") {
                ++feed_304;
                res.status = 304;
                return;
            }
            res.set_header("ETag", "\"v1\"");
            res.set_content(fixture("feed.rss"), "application/rss+xml");
        });
        server.Get("/media/wing.png", [](const httplib::Request&, httplib::Response& res) {
            res.set_content(png_bytes(64, 40), "image/png");
        });
        server.Get("/media/news-avatar.png", [](const httplib::Request&, httplib::Response& res) {
            res.set_content(png_bytes(32, 32), "image/png");
        });
        thread = std::thread([this] { server.listen_after_bind(); });
        for (int i = 0; i < 500 && !server.is_running(); ++i) std::this_thread::sleep_for(milliseconds(2));
    }
    ~FeedServer() {
        server.stop();
        thread.join();
    }
};


std::vector<SourceConfig> sources_for(const std::string& base) {
    SourceConfig news;
    news.name = "news";
    news.kind = SourceKind::MastodonAccount;
    news.instance = base;
    news.account = "news";
    news.poll_seconds = 120;
    news.rules.approval = "auto";
    SourceConfig tag;
    tag.name = "knee";
    tag.kind = SourceKind::MastodonHashtag;
    tag.instance = base;
    tag.tag = "StVKnee";
    tag.poll_seconds = 120;
    SourceConfig blog;
    blog.name = "blog";
    blog.kind = SourceKind::WebFeed;
    blog.url = base + "/feed.rss";
    blog.poll_seconds = 600;
    blog.rules.approval = "auto";
    return {news, tag, blog};
}

std::vector<std::string> ids(const WallSnapshot& s) {
    std::vector<std::string> out;
    for (const Post& p : s.posts) out.push_back(p.id);
    return out;
}

}  // namespace

TEST_CASE("the pipeline polls, moderates, stores, caches images and publishes only what was approved", "[pipeline]") {
    net::global_init();
    log::set_min_level(log::Level::Warning);
    FixedClock clock(time_point_cast<seconds>(system_clock::now()));
    FeedServer feeds(clock.now());
    REQUIRE(feeds.server.is_running());
    test::TempDir dir;
    StoreOptions store_options;
    store_options.path = (dir.path() / "lobbywall.db").string();
    store_options.media_dir = (dir.path() / "media").string();
    auto store = Store::open(store_options);
    REQUIRE(store);
    auto media = MediaCache::open(**store, MediaCacheOptions{store_options.media_dir});
    REQUIRE(media);
    SnapshotChannel channel;

    pipeline::PipelineOptions options;
    options.sources = sources_for(feeds.base);
    options.global_rules.block_words = {"idiot"};
    net::ClientOptions client_options;
    client_options.total_timeout = seconds(10);
    {
        pipeline::Pipeline pipe(options, **store, media->get(), channel,
                                std::make_unique<net::CurlHttpClient>(client_options), clock);
        pipe.poll_once();

        // Rules decided: the trusted account's post is approved, its post with a
        // phone number is held by the privacy guard, the hashtag's are held for
        // staff or rejected for a block word, the trusted blog is approved.
        auto check = [&](const std::string& id, ModerationState state, const char* reason) {
            INFO(id);
            auto stored = (*store)->get_post(id);
            REQUIRE(stored);
            REQUIRE(*stored);
            CHECK((*stored)->state == state);
            bool found = false;
            for (const auto& r : (*stored)->reasons) found = found || r.find(reason) != std::string::npos;
            CHECK(found);
        };
        const std::string news_post = feeds.base + "/users/news/statuses/9002";
        check(news_post, ModerationState::Approved, "source: trusted");
        check(feeds.base + "/users/news/statuses/9001", ModerationState::Pending, "privacy: phone number");
        check("https://visitors.example/users/ann/statuses/7001", ModerationState::Pending, "source:");
        check("https://visitors.example/users/bob/statuses/7000", ModerationState::Rejected, "block word");

        // Images of the stored posts were downloaded into the cache.
        REQUIRE(media->get()->lookup(feeds.base + "/media/wing.png"));
        REQUIRE(media->get()->lookup(feeds.base + "/media/news-avatar.png"));

        REQUIRE(pipe.publish_now());
        SnapshotPtr s = channel.current();
        const auto shown = ids(*s);
        REQUIRE(shown.size() == 2);
        CHECK(std::count(shown.begin(), shown.end(), news_post) == 1);
        for (const Post& p : s->posts) {
            if (p.id != news_post) continue;
            REQUIRE(p.media.size() == 1);
            CHECK(std::filesystem::exists(p.media[0].local_path));
            CHECK(std::filesystem::exists(p.avatar_local_path));
        }
        CHECK_FALSE(s->offline_since.has_value());

        // Source health for the console: posts seen and the next poll are kept.
        {
            auto news = (*store)->source_state("news");
            REQUIRE(news);
            REQUIRE(*news);
            CHECK((*news)->posts_seen == 2);
            REQUIRE((*news)->next_poll);
            CHECK(*(*news)->next_poll > clock.now());
            auto knee = (*store)->source_state("knee");
            REQUIRE((knee && *knee));
            CHECK((*knee)->posts_seen == 2);
        }

        // Publishing again with nothing changed publishes nothing: the wall has nothing to redraw.
        const std::uint64_t version = channel.version();
        REQUIRE(pipe.publish_now());
        CHECK(channel.version() == version);
        CHECK(channel.current() == s);

        // Second round: Mastodon is asked only for what is newer, the feed answers 304.
        clock.advance(minutes(11));
        pipe.poll_once();
        // Nothing new was approved: still the same snapshot.
        REQUIRE(pipe.publish_now());
        CHECK(channel.version() == version);

        // An announcement starting (and later ending) on its own is a change.
        const Announcement flu{.id = "flu", .title = "Flu jabs today", .body = "Ground floor",
                               .starts = clock.now() + minutes(1), .ends = clock.now() + minutes(3)};
        REQUIRE((*store)->put_announcement(flu, Actor{"alice", ""}, clock.now()));
        REQUIRE(pipe.publish_now());
        CHECK(channel.version() == version);  // not started yet
        clock.advance(minutes(2));
        REQUIRE(pipe.publish_now());
        CHECK(channel.version() > version);
        CHECK(channel.current()->announcements.size() == 1);
        const std::uint64_t started = channel.version();
        clock.advance(minutes(2));
        REQUIRE(pipe.publish_now());
        CHECK(channel.version() > started);
        CHECK(channel.current()->announcements.empty());
        {
            std::lock_guard lock(feeds.mutex);
            REQUIRE(feeds.statuses_min_ids.size() == 2);
            CHECK(feeds.statuses_min_ids[1] == "9002");
            REQUIRE(feeds.tag_min_ids.size() == 2);
            CHECK(feeds.tag_min_ids[1] == "7001");
        }
        CHECK(feeds.feed_304 == 1);
        CHECK(feeds.lookups == 1);  // the account id is looked up once

        // A failing source is recorded, and the wall keeps its posts.
        feeds.fail_tag = true;
        clock.advance(minutes(11));
        pipe.poll_once();
        auto state = (*store)->source_state("knee");
        REQUIRE(state);
        REQUIRE(*state);
        CHECK((*state)->consecutive_failures >= 1);
        CHECK_FALSE((*state)->last_error.empty());
        REQUIRE(pipe.publish_now());
        CHECK(channel.current()->posts.size() == 2);
    }
    // A restart with the network gone starts from the store, before any request.
    feeds.server.stop();
    SnapshotChannel after_restart;
    pipeline::Pipeline pipe(options, **store, media->get(), after_restart,
                            std::make_unique<net::CurlHttpClient>(client_options), clock);
    REQUIRE(pipe.publish_now());
    CHECK(after_restart.current()->posts.size() == 2);
}

TEST_CASE("rules_for joins the kind's defaults, the source's settings and the global table", "[pipeline]") {
    SourceConfig tag;
    tag.kind = SourceKind::MastodonHashtag;
    tag.rules.block_words = {"spam"};
    tag.rules.sensitive = "reject";
    RulesConfig global;
    global.block_words = {"idiot"};
    global.languages = {"en"};
    moderation::ModerationRules r = pipeline::rules_for(tag, global);
    CHECK(r.approval == moderation::Approval::Manual);  // hashtags default to manual
    CHECK(r.sensitive == moderation::Policy::Reject);
    CHECK(r.block_words.size() == 2);
    CHECK(r.languages == std::vector<std::string>{"en"});
    SourceConfig trusted;
    trusted.kind = SourceKind::MastodonAccount;
    trusted.rules.approval = "auto";
    trusted.rules.max_age_days = 2;
    moderation::ModerationRules t = pipeline::rules_for(trusted, {});
    CHECK(t.approval == moderation::Approval::Auto);
    CHECK(t.max_age == hours(48));
}

namespace {

std::string jpeg_bytes(int w, int h) {
    std::vector<unsigned char> rgb(static_cast<size_t>(w) * h * 3, 120);
    std::string out;
    stbi_write_jpg_to_func([](void* ctx, void* data, int size) {
        static_cast<std::string*>(ctx)->append(static_cast<const char*>(data), static_cast<size_t>(size));
    }, &out, w, h, 3, rgb.data(), 85);
    return out;
}

// A PNG whose header claims 30000x30000: a decompression bomb if decoded.
std::string bomb_png() {
    std::string png = png_bytes(8, 8);
    // IHDR's width and height sit at bytes 16..23.
    const unsigned char dims[8] = {0, 0, 0x75, 0x30, 0, 0, 0x75, 0x30};
    png.replace(16, 8, reinterpret_cast<const char*>(dims), 8);
    return png;
}

std::string status_with_images(const std::string& base, const std::string& id, const std::string& recent,
                               const std::vector<std::string>& images) {
    std::string media;
    for (size_t i = 0; i < images.size(); ++i) {
        if (i) media += ",";
        media += "{\"id\":\"m" + std::to_string(i) + "\",\"type\":\"image\",\"url\":\"" + base + images[i] +
                 "\",\"preview_url\":\"" + base + images[i] + "\",\"description\":\"picture " + std::to_string(i) + "\"}";
    }
    return "{\"id\":\"" + id + "\",\"created_at\":\"" + recent + "\",\"in_reply_to_id\":null,\"sensitive\":false,"
           "\"spoiler_text\":\"\",\"visibility\":\"public\",\"language\":\"en\",\"uri\":\"" + base + "/s/" + id +
           "\",\"url\":\"" + base + "/s/" + id + "\",\"content\":\"<p>Images " + id + "</p>\","
           "\"account\":{\"id\":\"1\",\"username\":\"news\",\"acct\":\"news\",\"display_name\":\"News\","
           "\"url\":\"" + base + "/@news\",\"avatar\":\"\",\"avatar_static\":\"\"},"
           "\"media_attachments\":[" + media + "],\"mentions\":[],\"tags\":[],\"emojis\":[],\"reblog\":null}";
}

}  // namespace

TEST_CASE("images are downloaded into the cache: good ones at the right size, bad ones refused", "[pipeline][media]") {
    net::global_init();
    log::set_min_level(log::Level::Error);
    FixedClock clock(time_point_cast<seconds>(system_clock::now()));
    httplib::Server server;
    const int port = server.bind_to_any_port("127.0.0.1");
    const std::string base = "http://127.0.0.1:" + std::to_string(port);
    const std::string recent = format_rfc3339(clock.now() - minutes(5));
    std::atomic<long long> huge_sent{0};
    const std::string good_jpeg = jpeg_bytes(2400, 1200);
    const std::string good_png = png_bytes(300, 200);
    const std::string truncated = good_jpeg.substr(0, good_jpeg.size() / 3);
    server.Get("/media/good.jpg", [&](const httplib::Request&, httplib::Response& res) { res.set_content(good_jpeg, "image/jpeg"); });
    server.Get("/media/good.png", [&](const httplib::Request&, httplib::Response& res) { res.set_content(good_png, "image/png"); });
    server.Get("/media/lies.png", [&](const httplib::Request&, httplib::Response& res) { res.set_content(jpeg_bytes(100, 50), "image/png"); });
    server.Get("/media/truncated.jpg", [&](const httplib::Request&, httplib::Response& res) { res.set_content(truncated, "image/jpeg"); });
    server.Get("/media/bomb.png", [&](const httplib::Request&, httplib::Response& res) { res.set_content(bomb_png(), "image/png"); });
    server.Get("/media/huge.jpg", [&](const httplib::Request&, httplib::Response& res) {
        // 200 MB, streamed: the client must hang up at its cap long before the end.
        res.set_chunked_content_provider("image/jpeg", [&](size_t, httplib::DataSink& sink) {
            static const std::string chunk(1 << 20, '\xFF');
            if (huge_sent >= 200ll << 20) {
                sink.done();
                return true;
            }
            huge_sent += static_cast<long long>(chunk.size());
            return sink.write(chunk.data(), chunk.size());
        });
    });
    const std::vector<std::string> images = {"/media/good.jpg", "/media/good.png", "/media/lies.png",
                                             "/media/truncated.jpg", "/media/bomb.png", "/media/huge.jpg"};
    server.Get("/api/v1/timelines/tag/Images", [&](const httplib::Request& req, httplib::Response& res) {
        res.set_content(req.has_param("min_id") ? std::string("[]")
                                                : "[" + status_with_images(base, "1", recent, images) + "]",
                        "application/json");
    });
    std::thread thread([&] { server.listen_after_bind(); });
    for (int i = 0; i < 500 && !server.is_running(); ++i) std::this_thread::sleep_for(milliseconds(2));

    test::TempDir dir;
    StoreOptions store_options;
    store_options.path = (dir.path() / "lobbywall.db").string();
    store_options.media_dir = (dir.path() / "media").string();
    auto store = Store::open(store_options);
    REQUIRE(store);
    auto media = MediaCache::open(**store, MediaCacheOptions{store_options.media_dir});
    REQUIRE(media);
    SnapshotChannel channel;
    pipeline::PipelineOptions options;
    SourceConfig tag;
    tag.name = "images";
    tag.kind = SourceKind::MastodonHashtag;
    tag.instance = base;
    tag.tag = "Images";
    options.sources = {tag};
    net::ClientOptions client_options;
    client_options.total_timeout = seconds(20);
    pipeline::Pipeline pipe(options, **store, media->get(), channel,
                            std::make_unique<net::CurlHttpClient>(client_options), clock);
    pipe.poll_once();

    MediaCache& cache = **media;
    auto jpg = cache.lookup(base + "/media/good.jpg");
    REQUIRE(jpg);
    CHECK(jpg->width == 1600);  // scaled down to the long-side limit
    CHECK(jpg->height == 800);
    auto png = cache.lookup(base + "/media/good.png");
    REQUIRE(png);
    CHECK(png->width == 300);
    auto lies = cache.lookup(base + "/media/lies.png");  // judged by its bytes, not its name
    REQUIRE(lies);
    CHECK(lies->width == 100);
    CHECK_FALSE(cache.lookup(base + "/media/truncated.jpg"));
    CHECK_FALSE(cache.lookup(base + "/media/bomb.png"));
    CHECK_FALSE(cache.lookup(base + "/media/huge.jpg"));
    CHECK(huge_sent < (200ll << 20));  // the download stopped at the cap
    // Refused images are not asked for again right away.
    const long long sent_before = huge_sent;
    clock.advance(seconds(10));
    pipe.poll_once();
    CHECK(huge_sent == sent_before);
    server.stop();
    thread.join();
}

TEST_CASE("while the screen is off, sources are asked less often, and again as it comes on", "[pipeline][night]") {
    net::global_init();
    log::set_min_level(log::Level::Warning);
    // 21:50 UTC on a Tuesday; the screen is on 07:00-22:00 every day, on a UTC clock.
    const TimePoint start = sys_days{2026y / 12 / 1} + 21h + 50min;
    FixedClock clock(start);
    FeedServer feeds(clock.now());
    REQUIRE(feeds.server.is_running());
    test::TempDir dir;
    StoreOptions store_options;
    store_options.path = (dir.path() / "lobbywall.db").string();
    store_options.media_dir = (dir.path() / "media").string();
    auto store = Store::open(store_options);
    REQUIRE(store);
    SnapshotChannel channel;

    pipeline::PipelineOptions options;
    options.sources = {sources_for(feeds.base)[2]};  // the RSS feed, every 600 s by day
    options.sources[0].poll_seconds = 120;
    options.screen_hours.configured = true;
    for (auto& day : options.screen_hours.days) day = {ScreenRange{7 * 60, 22 * 60}};
    options.local_time = [](TimePoint t) {
        const auto days = floor<std::chrono::days>(t);
        const int weekday = static_cast<int>(std::chrono::weekday(days).iso_encoding()) - 1;  // Monday = 0
        return LocalTime{weekday, static_cast<int>(duration_cast<seconds>(t - days).count()), 0};
    };
    options.night_poll_interval = minutes(15);
    net::ClientOptions client_options;
    client_options.total_timeout = seconds(10);
    pipeline::Pipeline pipe(options, **store, nullptr, channel, std::make_unique<net::CurlHttpClient>(client_options),
                            clock);
    // One simulated minute at a time until 07:10 the next morning; note when the feed was asked.
    std::vector<TimePoint> asked;
    int seen = 0;
    while (clock.now() <= start + 9h + 20min) {
        pipe.poll_once();
        const int now_seen = feeds.feed_304.load() + 1;  // the first answer is a 200, the rest 304s
        if (now_seen != seen) asked.push_back(clock.now());
        seen = now_seen;
        clock.advance(minutes(1));
    }
    auto count_between = [&](TimePoint from, TimePoint to) {
        return std::count_if(asked.begin(), asked.end(), [&](TimePoint t) { return t >= from && t < to; });
    };
    const TimePoint night = start + 10min, morning = start + 9h + 10min;  // 22:00 and 07:00
    CHECK(count_between(start, night) == 5);                // by day: every 2 minutes
    CHECK(count_between(night + 15min, morning) <= 36);     // at night: at most every 15 minutes
    CHECK(count_between(night + 15min, morning) >= 34);
    CHECK(std::find(asked.begin(), asked.end(), morning) != asked.end());  // asked as the screen comes on
    CHECK(count_between(morning, morning + 10min) == 5);    // and every 2 minutes again
}
