// The sync document: what the hub writes, the screen reads back; and every
// malformed document is refused with one sentence, never half-read.
#include "fleet/sync_document.h"

#include <catch2/catch.hpp>

#include <string>

using namespace lw;
using namespace lw::fleet;

namespace {

const TimePoint kT0 = TimePoint(std::chrono::seconds(1'800'000'000));
const std::string kHashA(64, 'a');
const std::string kHashB(64, 'b');

WallSnapshot sample_wall() {
    WallSnapshot w;
    Post p;
    p.id = "https://example.org/1";
    p.source_id = "news";
    p.source_kind = SourceKind::MastodonAccount;
    p.author = "Ward 4 👶";
    p.handle = "@ward4@example.org";
    p.text = "New babies today\nمرحبا";
    p.avatar_local_path = "/cache/avatar.png";
    p.media.push_back({Media::Kind::Image, "https://example.org/a.jpg", "/cache/a.jpg", "a cake", 640, 480, 0.5f, -0.25f});
    p.media.push_back({Media::Kind::Image, "https://example.org/b.jpg", "", "not fetched yet", 0, 0, 0, 0});
    p.tags = {"maternity"};
    p.emojis.push_back({"party", "https://example.org/party.png", "/cache/a.jpg"});
    p.created = kT0;
    p.sensitive = true;
    w.posts.push_back(p);
    w.pinned_ids = {p.id};
    w.announcements.push_back({"ann-1", "Flu clinic", "Today 9-5", "/cache/ann.png", kT0, kT0 + std::chrono::hours(8)});
    w.prompts.push_back({"p1", "Share your story", "StVKnee", "https://example.org/share"});
    return w;
}

std::string hash_of(const std::string& path) {
    if (path == "/cache/a.jpg") return std::string(64, 'a');
    if (path == "/cache/avatar.png") return std::string(64, 'b');
    if (path == "/cache/ann.png") return std::string(64, 'c');
    return {};
}

}  // namespace

TEST_CASE("a wall document reads back as the wall the hub published, pictures named by hash") {
    const EncodedDocument doc = encode_document(sample_wall(), "maternity", "St Vincent's", 7, 3, hash_of);
    auto parsed = parse_document(doc.body);
    REQUIRE(parsed.ok());
    CHECK(parsed->version == 7);
    CHECK(parsed->kill_version == 3);
    CHECK(parsed->group == "maternity");
    CHECK(parsed->hub_name == "St Vincent's");
    REQUIRE(parsed->wall.posts.size() == 1);
    const Post& p = parsed->wall.posts[0];
    CHECK(p.author == "Ward 4 👶");
    CHECK(p.text == "New babies today\nمرحبا");
    CHECK(p.source_kind == SourceKind::MastodonAccount);
    CHECK(p.avatar_url == media_key(kHashB));
    REQUIRE(p.media.size() == 1);  // the picture not fetched yet waits for a later version
    CHECK(p.media[0].url == media_key(kHashA));
    CHECK(p.media[0].alt == "a cake");
    CHECK(p.media[0].focus_y == Approx(-0.25f));
    CHECK(p.emojis.size() == 1);
    CHECK(p.sensitive);
    CHECK(parsed->wall.pinned_ids == std::vector<std::string>{p.id});
    CHECK(parsed->announcement_images.at("ann-1") == std::string(64, 'c'));
    CHECK(parsed->wall.prompts.at(0).hashtag == "StVKnee");
    CHECK(media_hashes(*parsed).size() == 3);  // a, b, c once each
    CHECK(doc.media.size() == 3);
}

TEST_CASE("the content hash ignores the version: same wall, same hash - any change, another") {
    const WallSnapshot w = sample_wall();
    const auto a = encode_document(w, "g", "hub", 1, 1, hash_of);
    const auto b = encode_document(w, "g", "hub", 9, 4, hash_of);
    CHECK(a.content_hash == b.content_hash);
    CHECK(a.body != b.body);
    WallSnapshot retracted = w;
    retracted.posts.clear();
    CHECK(encode_document(retracted, "g", "hub", 1, 1, hash_of).content_hash != a.content_hash);
    WallSnapshot killed = retracted;
    killed.kill_switch = true;
    CHECK(encode_document(killed, "g", "hub", 1, 1, hash_of).content_hash !=
          encode_document(retracted, "g", "hub", 1, 1, hash_of).content_hash);
}

TEST_CASE("a document the screen cannot use is refused with one sentence") {
    const std::string good = encode_document(sample_wall(), "g", "hub", 2, 1, hash_of).body;
    auto replace = [&](const std::string& from, const std::string& to) {
        std::string s = good;
        const auto at = s.find(from);
        REQUIRE(at != std::string::npos);
        return s.replace(at, from.size(), to);
    };
    struct Case {
        const char* name;
        std::string body;
        const char* says;
    };
    const Case cases[] = {
        {"empty", "", "not a JSON object"},
        {"garbage", "<html>proxy error</html>", "not a JSON object"},
        {"truncated", good.substr(0, good.size() / 2), "not a JSON object"},
        {"an array", "[1,2,3]", "not a JSON object"},
        {"unknown schema", replace("\"schema\":1", "\"schema\":2"), "schema 2"},
        {"no version", replace("\"version\":2", "\"versio\":2"), "malformed"},
        {"pinned not a list", replace("\"pinned\":[", "\"pinned\":7,\"x\":["), "malformed"},
        {"a picture hash that is not one", replace(std::string(64, 'a'), "../../etc/passwd"), "not a picture hash"},
        {"kill switch on with posts", replace("\"kill_switch\":false", "\"kill_switch\":true"), "kill switch on"},
        {"too large", std::string(kMaxDocumentBytes + 1, ' '), "over the"},
    };
    for (const Case& c : cases) {
        INFO(c.name);
        auto parsed = parse_document(c.body);
        REQUIRE_FALSE(parsed.ok());
        CHECK_THAT(parsed.error, Catch::Contains(c.says));
    }
}

TEST_CASE("media keys and hashes") {
    CHECK(hash_of_key(media_key(kHashA)) == kHashA);
    CHECK(hash_of_key("https://example.org/x.jpg").empty());
    CHECK(is_hash(content_hash("abc")));
    CHECK_FALSE(is_hash(std::string(64, 'g')));
    CHECK_FALSE(is_hash(std::string(63, 'a')));
}
