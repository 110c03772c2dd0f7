// The media cache and its image checks, with images made here: good JPEG,
// PNG, WebP and GIF bodies cached at the right size, a URL whose extension
// lies, truncated and unknown bodies, a 30000x30000 PNG header (bomb), a
// 200 MB body, deduplication by content, a damaged cached file, eviction of
// the least recently shown, start-up clean-up, garbage collection after a
// purge, announcement images kept through garbage collection and eviction,
// and a file write that fails.
#include "store/image_codec.h"
#include "store/media_cache.h"
#include "store/store.h"
#include "temp_dir.h"

#include <stb/stb_image_write.h>
#include <webp/encode.h>

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>

using namespace lw;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

const TimePoint kNow = TimePoint(std::chrono::seconds(1764000000));

// A smooth picture plus seeded noise, so two seeds give two different files
// and JPEG sizes are realistic.
Image make_image(int w, int h, unsigned seed, bool transparent = false) {
    Image img{w, h, std::vector<std::uint8_t>(static_cast<size_t>(w) * h * 4)};
    unsigned state = seed * 2654435761u + 1;
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            state = state * 1664525u + 1013904223u;
            auto* p = &img.rgba[(static_cast<size_t>(y) * w + x) * 4];
            int noise = static_cast<int>(state >> 27);
            p[0] = static_cast<std::uint8_t>((x * 255 / w + noise) & 255);
            p[1] = static_cast<std::uint8_t>((y * 255 / h + noise) & 255);
            p[2] = static_cast<std::uint8_t>((seed * 40 + noise) & 255);
            p[3] = transparent ? static_cast<std::uint8_t>(x * 255 / w) : 255;
        }
    return img;
}

void append(void* ctx, void* data, int size) {
    static_cast<std::string*>(ctx)->append(static_cast<const char*>(data), size);
}

std::string to_png(const Image& img) {
    std::string out;
    stbi_write_png_to_func(append, &out, img.width, img.height, 4, img.rgba.data(), img.width * 4);
    return out;
}

std::string to_jpeg(const Image& img) {
    std::string out;
    stbi_write_jpg_to_func(append, &out, img.width, img.height, 4, img.rgba.data(), 90);
    return out;
}

std::string to_webp(const Image& img) {
    uint8_t* data = nullptr;
    size_t size = WebPEncodeRGBA(img.rgba.data(), img.width, img.height, img.width * 4, 80, &data);
    std::string out(reinterpret_cast<const char*>(data), size);
    WebPFree(data);
    return out;
}

void put_le16(std::string& s, int v) {
    s += static_cast<char>(v & 255);
    s += static_cast<char>((v >> 8) & 255);
}

// A GIF89a with a 256-colour palette (index i = (i, 255-i, i/2)) and one
// frame per entry in `frame_indices`, each filled with that palette index.
// LZW without compression: a clear code every 200 literals keeps codes 9 bits.
std::string make_gif(int w, int h, const std::vector<int>& frame_indices) {
    std::string g = "GIF89a";
    put_le16(g, w);
    put_le16(g, h);
    g += '\xF7';  // global colour table, 256 entries
    g += '\0';
    g += '\0';
    for (int i = 0; i < 256; ++i) {
        g += static_cast<char>(i);
        g += static_cast<char>(255 - i);
        g += static_cast<char>(i / 2);
    }
    for (int index : frame_indices) {
        g += '\x2C';
        put_le16(g, 0);
        put_le16(g, 0);
        put_le16(g, w);
        put_le16(g, h);
        g += '\0';
        g += '\x08';  // LZW minimum code size
        std::vector<int> codes{256};
        for (int i = 0; i < w * h; ++i) {
            if (i > 0 && i % 200 == 0) codes.push_back(256);
            codes.push_back(index);
        }
        codes.push_back(257);
        std::string packed;
        std::uint32_t bits = 0;
        int nbits = 0;
        for (int c : codes) {
            bits |= static_cast<std::uint32_t>(c) << nbits;
            nbits += 9;
            while (nbits >= 8) {
                packed += static_cast<char>(bits & 255);
                bits >>= 8;
                nbits -= 8;
            }
        }
        if (nbits > 0) packed += static_cast<char>(bits & 255);
        for (size_t at = 0; at < packed.size(); at += 255) {
            size_t n = std::min<size_t>(255, packed.size() - at);
            g += static_cast<char>(n);
            g += packed.substr(at, n);
        }
        g += '\0';
    }
    g += '\x3B';
    return g;
}

std::uint32_t crc32(std::string_view data) {
    std::uint32_t crc = 0xFFFFFFFFu;
    for (unsigned char c : data) {
        crc ^= c;
        for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

void put_be32(std::string& s, std::uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) s += static_cast<char>((v >> shift) & 255);
}

void put_chunk(std::string& png, std::string_view type, std::string_view data) {
    put_be32(png, static_cast<std::uint32_t>(data.size()));
    std::string body = std::string(type) + std::string(data);
    png += body;
    put_be32(png, crc32(body));
}

// A valid PNG header claiming width x height RGBA pixels, with a token IDAT.
std::string bomb_png(std::uint32_t width, std::uint32_t height) {
    std::string png = "\x89PNG\r\n\x1A\n";
    std::string ihdr;
    put_be32(ihdr, width);
    put_be32(ihdr, height);
    ihdr += std::string("\x08\x06\x00\x00\x00", 5);
    put_chunk(png, "IHDR", ihdr);
    put_chunk(png, "IDAT", std::string("\x78\x9C\x03\x00\x00\x00\x00\x01", 8));
    put_chunk(png, "IEND", "");
    return png;
}

struct Fixture {
    test::TempDir dir;
    std::unique_ptr<Store> store;
    std::unique_ptr<MediaCache> cache;

    explicit Fixture(std::int64_t budget = 512LL * 1024 * 1024) {
        StoreOptions o;
        o.path = dir.file("lobbywall.db");
        o.media_dir = dir.file("media");
        auto s = Store::open(o);
        REQUIRE(s.ok());
        store = std::move(*s);
        reopen_cache(budget);
    }
    void reopen_cache(std::int64_t budget) {
        cache.reset();
        MediaCacheOptions m;
        m.dir = dir.file("media");
        m.budget_bytes = budget;
        auto c = MediaCache::open(*store, m);
        REQUIRE(c.ok());
        cache = std::move(*c);
    }
    size_t files_on_disk() const {
        size_t n = 0;
        for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir.file("media"))) ++n;
        return n;
    }
};

// The size the cache will store an image at: what the cache does, step by step.
std::int64_t cached_size(const std::string& body) {
    ImageLimits limits;
    auto img = decode_image(body, limits);
    REQUIRE(img.ok());
    auto enc = encode_for_cache(fit_within(*img, limits.max_long_side), 85);
    REQUIRE(enc.ok());
    return static_cast<std::int64_t>(enc->bytes.size());
}

}  // namespace

namespace {

struct BodyCase {
    const char* name;
    std::string url;
    std::string body;
    bool cached;
    int width, height;        // as stored
    const char* ext;          // the file the cache wrote
    const char* error_part;   // when refused
};

// Built once: Catch runs the test case again for every section.
const std::vector<BodyCase>& body_cases() {
    static const std::string jpeg = to_jpeg(make_image(2400, 1800, 1));
    static const std::vector<BodyCase> cases = {
        {"large JPEG", "https://m.example/a.jpg", jpeg, true, 1600, 1200, ".jpg", ""},
        {"transparent PNG kept at its size", "https://m.example/b.png",
         to_png(make_image(800, 600, 2, true)), true, 800, 600, ".png", ""},
        {"opaque PNG stored as JPEG", "https://m.example/c.png", to_png(make_image(300, 900, 3)),
         true, 300, 900, ".jpg", ""},
        {"WebP", "https://m.example/d.webp", to_webp(make_image(2000, 1000, 4)), true, 1600, 800,
         ".jpg", ""},
        {"GIF, first frame", "https://m.example/e.gif", make_gif(64, 48, {10, 200}), true, 64, 48,
         ".jpg", ""},
        {"extension lies: a JPEG called .png", "https://m.example/lie.png",
         to_jpeg(make_image(640, 480, 5)), true, 640, 480, ".jpg", ""},
        {"truncated JPEG", "https://m.example/t.jpg", jpeg.substr(0, jpeg.size() / 2), false, 0, 0,
         "", "truncated JPEG"},
        {"truncated PNG", "https://m.example/t.png",
         to_png(make_image(400, 300, 6)).substr(0, 5000), false, 0, 0, "", "does not decode"},
        {"truncated WebP", "https://m.example/t.webp",
         to_webp(make_image(400, 300, 7)).substr(0, 300), false, 0, 0, "", "WebP"},
        {"30000x30000 PNG header", "https://m.example/bomb.png", bomb_png(30000, 30000), false, 0,
         0, "", "30000x30000 pixels, over the 40 MP limit"},
        {"SVG", "https://m.example/x.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>", false, 0,
         0, "", "not a PNG, JPEG, GIF or WebP"},
        {"empty body", "https://m.example/empty.jpg", "", false, 0, 0, "", "not a PNG"},
    };
    return cases;
}

}  // namespace

TEST_CASE("media: bodies are checked by magic bytes, decoded, scaled and stored", "[media]") {
    Fixture f;
    for (const auto& c : body_cases()) {
        DYNAMIC_SECTION(c.name) {
            auto r = f.cache->store(c.url, c.body, "alt for " + c.url, kNow);
            REQUIRE(r.ok() == c.cached);
            if (c.cached) {
                CHECK(r->width == c.width);
                CHECK(r->height == c.height);
                CHECK(fs::path(r->path).extension() == c.ext);
                CHECK(fs::file_size(r->path) == static_cast<std::uintmax_t>(r->bytes));
                auto found = f.cache->lookup(c.url);
                REQUIRE(found.has_value());
                CHECK(found->alt == "alt for " + c.url);
                auto pixels = f.cache->load(r->hash);
                REQUIRE(pixels.ok());
                CHECK(pixels->width == c.width);
            } else {
                CHECK_THAT(r.error, Catch::Contains(c.error_part));
                CHECK_FALSE(f.cache->lookup(c.url).has_value());
                CHECK(f.files_on_disk() == 0);
            }
        }
    }
}

TEST_CASE("media: a GIF gives its first frame", "[media]") {
    Fixture f;
    auto r = f.cache->store("https://m.example/anim.gif", make_gif(32, 32, {10, 200}), "", kNow);
    REQUIRE(r.ok());
    auto img = f.cache->load(r->hash);
    REQUIRE(img.ok());
    // Palette index 10 is (10, 245, 5); index 200 of frame two would be (200, 55, 100).
    CHECK(std::abs(img->rgba[0] - 10) < 12);
    CHECK(std::abs(img->rgba[1] - 245) < 12);
}

TEST_CASE("media: a 200 MB body is refused before it is read", "[media]") {
    Fixture f;
    // A sparse file mapped read-only: its pages cost nothing unless touched.
    const std::string path = f.dir.file("huge.bin");
    const size_t size = 200u * 1024 * 1024;
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT, 0600);
    REQUIRE(fd >= 0);
    REQUIRE(ftruncate(fd, static_cast<off_t>(size)) == 0);
    void* map = mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    ::close(fd);
    REQUIRE(map != MAP_FAILED);
    auto r = f.cache->store("https://m.example/huge.jpg",
                            std::string_view(static_cast<const char*>(map), size), "", kNow);
    munmap(map, size);
    REQUIRE_FALSE(r.ok());
    CHECK_THAT(r.error, Catch::Contains("209715200 bytes, over the 20971520-byte cap"));
    CHECK(f.cache->file_count() == 0);
}

TEST_CASE("media: the same bytes from two URLs are stored once", "[media]") {
    Fixture f;
    const std::string body = to_jpeg(make_image(500, 500, 9));
    auto a = f.cache->store("https://one.example/x.jpg", body, "a cat", kNow);
    auto b = f.cache->store("https://two.example/y.jpg", body, "the same cat", kNow);
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    CHECK(a->hash == b->hash);
    CHECK(a->path == b->path);
    CHECK(f.cache->file_count() == 1);
    CHECK(f.files_on_disk() == 1);
    CHECK(f.cache->lookup("https://one.example/x.jpg")->alt == "a cat");
    CHECK(f.cache->lookup("https://two.example/y.jpg")->alt == "the same cat");
}

TEST_CASE("media: a damaged cached file is detected and fetched again", "[media]") {
    Fixture f;
    Post post;
    post.id = "p1";
    post.source_id = "tag";
    post.created = kNow;
    post.avatar_url = "https://m.example/avatar.png";
    post.media.push_back(Media{Media::Kind::Image, "https://m.example/photo.jpg", "", "", 0, 0});
    REQUIRE(f.store->upsert_posts({post}, kNow).ok());
    CHECK(f.store->media_to_fetch()->size() == 2);

    auto r = f.cache->store("https://m.example/photo.jpg", to_jpeg(make_image(900, 600, 11)),
                            "flowers", kNow);
    REQUIRE(r.ok());
    CHECK(*f.store->media_to_fetch() == std::vector<std::string>{"https://m.example/avatar.png"});
    auto stored = f.store->get_post("p1");
    CHECK((*stored)->post.media[0].local_path == r->path);
    CHECK((*stored)->post.media[0].alt == "flowers");  // the post had none; the cache's alt

    {
        std::fstream file(r->path, std::ios::in | std::ios::out | std::ios::binary);
        file.seekp(static_cast<std::streamoff>(r->bytes / 2));
        file.put('\x5A');
    }
    auto loaded = f.cache->load(r->hash);
    REQUIRE_FALSE(loaded.ok());
    CHECK_THAT(loaded.error, Catch::Contains("damaged") && Catch::Contains("fetched again"));
    CHECK_FALSE(f.cache->lookup("https://m.example/photo.jpg").has_value());
    CHECK_FALSE(fs::exists(r->path));
    CHECK(f.store->media_to_fetch()->size() == 2);
    CHECK((*f.store->get_post("p1"))->post.media[0].local_path.empty());
}

TEST_CASE("media: eviction keeps the cache under budget, least recently shown first", "[media]") {
    const std::string a = to_jpeg(make_image(700, 700, 21));
    const std::string b = to_jpeg(make_image(700, 700, 22));
    const std::string c = to_jpeg(make_image(700, 700, 23));
    const std::int64_t budget = cached_size(a) + cached_size(b) + cached_size(c) - 1;
    Fixture f(budget);
    auto ra = f.cache->store("https://m.example/a", a, "", kNow);
    auto rb = f.cache->store("https://m.example/b", b, "", kNow + 1s);
    REQUIRE(ra.ok());
    REQUIRE(rb.ok());
    f.cache->mark_shown(ra->hash, kNow + 10min);  // a was on screen after b was stored
    auto rc = f.cache->store("https://m.example/c", c, "", kNow + 11min);
    REQUIRE(rc.ok());
    CHECK(f.cache->used_bytes() <= budget);
    CHECK(f.cache->lookup("https://m.example/a").has_value());
    CHECK_FALSE(f.cache->lookup("https://m.example/b").has_value());
    CHECK(f.cache->lookup("https://m.example/c").has_value());
    CHECK(f.files_on_disk() == 2);

    // The order survives a restart, and a smaller budget at start evicts at once.
    f.reopen_cache(cached_size(c) + 1);
    CHECK(f.cache->used_bytes() <= cached_size(c) + 1);
    CHECK(f.cache->lookup("https://m.example/c").has_value());
    CHECK(f.files_on_disk() == 1);
}

TEST_CASE("media: start-up drops stray files and rows without files", "[media]") {
    Fixture f;
    auto a = f.cache->store("https://m.example/a", to_jpeg(make_image(100, 100, 31)), "", kNow);
    auto b = f.cache->store("https://m.example/b", to_jpeg(make_image(100, 100, 32)), "", kNow);
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    f.cache.reset();
    fs::remove(a->path);
    std::ofstream(f.dir.file("media") + "/deadbeef.jpg.tmp") << "half a file";
    f.reopen_cache(512LL * 1024 * 1024);
    CHECK_FALSE(f.cache->lookup("https://m.example/a").has_value());
    CHECK(f.cache->lookup("https://m.example/b").has_value());
    CHECK(f.files_on_disk() == 1);
    CHECK(f.cache->load(b->hash).ok());
}

TEST_CASE("media: files of purged posts are collected", "[media]") {
    Fixture f;
    Post old_post;
    old_post.id = "old";
    old_post.source_id = "tag";
    old_post.created = kNow - 30 * 24h;
    old_post.media.push_back(Media{Media::Kind::Image, "https://m.example/old.jpg", "", "", 0, 0});
    Post new_post = old_post;
    new_post.id = "new";
    new_post.created = kNow;
    new_post.media[0].url = "https://m.example/new.jpg";
    REQUIRE(f.store->upsert_posts({old_post, new_post}, kNow).ok());
    auto o = f.cache->store("https://m.example/old.jpg", to_jpeg(make_image(100, 100, 41)), "", kNow);
    auto n = f.cache->store("https://m.example/new.jpg", to_jpeg(make_image(100, 100, 42)), "", kNow);
    REQUIRE(o.ok());
    REQUIRE(n.ok());
    CHECK(*f.cache->collect_garbage() == 0);
    REQUIRE(f.store->purge(kNow)->posts_purged == 1);
    CHECK(*f.cache->collect_garbage() == 1);
    CHECK_FALSE(fs::exists(o->path));
    CHECK(fs::exists(n->path));
    CHECK(f.cache->lookup("https://m.example/new.jpg").has_value());
}

TEST_CASE("media: an announcement's image survives garbage collection and eviction", "[media]") {
    const std::string poster = to_jpeg(make_image(700, 700, 51));
    const std::string other = to_jpeg(make_image(700, 700, 52));
    const std::string third = to_jpeg(make_image(700, 700, 53));
    // Room for two files: storing a third must evict one.
    Fixture f(cached_size(poster) + cached_size(other) + cached_size(third) - 1);
    const Actor sam{"sam", "127.0.0.1"};
    Announcement a;
    a.id = "flu";
    a.title = "Flu jabs today";
    a.starts = a.ends = kNow;
    REQUIRE(f.store->put_announcement(a, sam, kNow).ok());
    auto img = f.cache->store("upload:announcement/flu", poster, "", kNow);
    REQUIRE(img.ok());
    REQUIRE(f.store->set_announcement_image("flu", "upload:announcement/flu", img->path, "x.png",
                                            sam, kNow).ok());
    // Not referenced by any post, yet kept.
    CHECK(*f.cache->collect_garbage() == 0);
    CHECK(fs::exists(img->path));
    // Never shown since, so the least recently shown: the other file goes instead.
    REQUIRE(f.cache->store("https://m.example/o", other, "", kNow + 1h).ok());
    REQUIRE(f.cache->store("https://m.example/t", third, "", kNow + 2h).ok());
    CHECK(f.cache->lookup("upload:announcement/flu").has_value());
    CHECK_FALSE(f.cache->lookup("https://m.example/o").has_value());
    CHECK(fs::exists(img->path));
    // An edit that keeps the path keeps the reference; the audit names the upload.
    a.title = "Flu jabs until 4 pm";
    a.image_local_path = img->path;
    REQUIRE(f.store->put_announcement(a, sam, kNow + 3h).ok());
    CHECK(*f.cache->collect_garbage() == 1);  // only the post-less "t" went
    CHECK(fs::exists(img->path));
    auto audit = f.store->query_audit({.action = "announcement.image"});
    REQUIRE(audit->size() == 1);
    CHECK(audit->front().details == "x.png");
    // Deleted announcement: its image is garbage now.
    REQUIRE(f.store->delete_announcement("flu", sam, kNow + 4h).ok());
    CHECK(*f.cache->collect_garbage() == 1);
    CHECK_FALSE(fs::exists(img->path));
    CHECK(f.files_on_disk() == 0);
    // No such announcement: refused.
    CHECK_FALSE(f.store->set_announcement_image("gone", "upload:announcement/gone", img->path, "",
                                                sam, kNow).ok());
}

TEST_CASE("media: a file write that fails is refused cleanly", "[media]") {
    Fixture f;
    const std::string body = to_jpeg(make_image(1600, 1200, 51));
    REQUIRE(cached_size(body) > 256 * 1024);
    // A file size limit makes the write fail the way a full disk does.
    auto old_handler = signal(SIGXFSZ, SIG_IGN);
    rlimit old_limit{};
    getrlimit(RLIMIT_FSIZE, &old_limit);
    rlimit small = old_limit;
    small.rlim_cur = 256 * 1024;
    REQUIRE(setrlimit(RLIMIT_FSIZE, &small) == 0);
    auto refused = f.cache->store("https://m.example/big.jpg", body, "", kNow);
    setrlimit(RLIMIT_FSIZE, &old_limit);
    signal(SIGXFSZ, old_handler);

    REQUIRE_FALSE(refused.ok());
    CHECK_THAT(refused.error, Catch::Contains("cannot write"));
    CHECK(f.files_on_disk() == 0);  // no half file, no temporary left
    CHECK(f.cache->file_count() == 0);
    auto later = f.cache->store("https://m.example/big.jpg", body, "", kNow);
    CHECK(later.ok());
}

TEST_CASE("media: Mastodon custom emoji images are fetched, found by the post and kept while it lives", "[media]") {
    Fixture f;
    Post post;
    post.id = "emoji-post";
    post.source_id = "tag";
    post.created = kNow;
    post.text = "Thank you :blobheart:";
    post.emojis.push_back({"blobheart", "https://m.example/emoji/blobheart.png", ""});
    REQUIRE(f.store->upsert_posts({post}, kNow).ok());
    // Offered for download like any other picture of a pending or approved post.
    CHECK(*f.store->media_to_fetch() == std::vector<std::string>{"https://m.example/emoji/blobheart.png"});
    CHECK((*f.store->get_post("emoji-post"))->post.emojis.at(0).local_path.empty());

    auto r = f.cache->store("https://m.example/emoji/blobheart.png", to_jpeg(make_image(64, 64, 51)), "", kNow);
    REQUIRE(r.ok());
    CHECK(f.store->media_to_fetch()->empty());
    const CustomEmoji loaded = (*f.store->get_post("emoji-post"))->post.emojis.at(0);
    CHECK(loaded.shortcode == "blobheart");
    CHECK(loaded.local_path == r->path);
    // Garbage collection keeps it while the post refers to it...
    CHECK(*f.cache->collect_garbage() == 0);
    CHECK(fs::exists(r->path));
    // ...and takes it once the post is purged.
    REQUIRE(f.store->purge(kNow + 30 * 24h)->posts_purged == 1);
    CHECK(*f.cache->collect_garbage() == 1);
    CHECK_FALSE(fs::exists(r->path));
}
