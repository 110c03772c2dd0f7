// Tests for sources/webfeed: RSS 2.0 + Media RSS, RSS 1.0, Atom (YouTube
// too), JSON Feed 1.1, format detection, and hostile bodies (entity bombs,
// truncation, deep nesting, huge feeds).
#include "sources/webfeed.h"

#include "core/time.h"
#include "fixture.h"

#include <catch2/catch.hpp>

#include <chrono>

using namespace lw;
using namespace lw::sources;
using namespace std::chrono;

namespace {

const TimePoint kFetched = sys_days{2026y / 11 / 25};

ParseContext feed_ctx(const char* feed_url) {
    ParseContext ctx;
    ctx.source_id = "stv-news";
    ctx.source_kind = SourceKind::WebFeed;
    ctx.feed_url = feed_url;
    ctx.fetched_at = kFetched;
    return ctx;
}

bool is_hashed_id(const std::string& id) {
    return id.rfind("urn:lobbywall:feed:", 0) == 0 && id.size() == 19 + 16;
}

}  // namespace

TEST_CASE("detect_feed_format looks at the body only", "[sources][webfeed]") {
    struct Case { std::string body; FeedFormat expected; };
    const Case cases[] = {
        {"<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel/></rss>", FeedFormat::Rss},
        {"\xEF\xBB\xBF  <rss>", FeedFormat::Rss},
        {"<?xml version=\"1.0\"?><!-- c --><!DOCTYPE rss [<!ENTITY a \"b>\">]><rss/>", FeedFormat::Rss},
        {"<rdf:RDF xmlns:rdf=\"x\">", FeedFormat::Rss},
        {"<feed xmlns=\"http://www.w3.org/2005/Atom\">", FeedFormat::Atom},
        {"<atom:feed xmlns:atom=\"http://www.w3.org/2005/Atom\">", FeedFormat::Atom},
        {"  {\"version\": \"https://jsonfeed.org/version/1.1\"}", FeedFormat::JsonFeed},
        {"<!DOCTYPE html><html><body>hi</body></html>", FeedFormat::Unknown},
        {"", FeedFormat::Unknown},
        {"plain text", FeedFormat::Unknown},
    };
    for (const auto& c : cases) {
        INFO(c.body);
        CHECK(detect_feed_format(c.body) == c.expected);
    }
}

TEST_CASE("RSS 2.0 with Media RSS maps to Posts", "[sources][webfeed]") {
    auto ctx = feed_ctx("https://www.stv.example/news/feed.rss");
    auto r = parse_web_feed(read_fixture("webfeed/news.rss"), ctx);
    REQUIRE(r.ok());
    CHECK(r.feed_title == "St Vincent News & Stories");
    REQUIRE(r.item_errors == std::vector<std::string>{"item 5 has no text, media or id, skipped"});
    REQUIRE(r.posts.size() == 5);
    for (const Post& p : r.posts) {
        CHECK(p.handle == "St Vincent News & Stories");
        CHECK(p.avatar_url == "https://www.stv.example/images/logo.png");
        CHECK(p.source_id == "stv-news");
    }

    SECTION("guid that is no URL, entities, CDATA, scripts, media:content, categories") {
        const Post& p = r.posts[0];
        CHECK(is_hashed_id(p.id));
        CHECK(p.text == "Fish & chips Friday is back\nOur canteen brings back fish & chips every Friday.");
        CHECK(p.permalink == "https://www.stv.example/news/fish-friday");
        CHECK(format_rfc3339(p.created) == "2026-11-24T09:15:00Z");
        CHECK(p.author == "Catering Team");
        CHECK(p.tags == std::vector<std::string>{"patientstories", "food"});
        REQUIRE(p.media.size() == 1);
        CHECK(p.media[0].url == "https://cdn.stv.example/img/fish-large.jpg");
        CHECK(p.media[0].alt == "Fish and chips on a tray");
        CHECK(p.media[0].width == 1200);
        CHECK(p.media[0].height == 800);
        CHECK_FALSE(p.sensitive);
    }
    SECTION("relative link, zone offset, author name, media:group") {
        const Post& p = r.posts[1];
        CHECK(is_hashed_id(p.id));
        CHECK(p.permalink == "https://www.stv.example/news/flu-clinic");
        CHECK(format_rfc3339(p.created) == "2026-11-23T09:15:00Z");
        CHECK(p.author == "Press Office");
        CHECK(p.text == "Flu clinic opens\nWalk-in flu jabs from Monday.");
        REQUIRE(p.media.size() == 2);
        CHECK(p.media[0].kind == Media::Kind::VideoThumbnail);
        CHECK(p.media[0].url == "https://cdn.stv.example/video/flu-thumb.jpg");
        CHECK(p.media[0].alt == "Nurse giving a flu jab");
        CHECK(p.media[0].width == 640);
        CHECK(p.media[1].kind == Media::Kind::Image);
        CHECK(p.media[1].url == "https://cdn.stv.example/img/flu.jpg");
    }
    SECTION("guid permalink, image enclosure, adult rating, named zone") {
        const Post& p = r.posts[2];
        CHECK(p.id == "https://www.stv.example/news/art-class");
        CHECK(p.permalink == "https://www.stv.example/news/art-class");
        CHECK(p.text == "Late-night art class for staff");
        CHECK(p.author == "St Vincent News & Stories");
        CHECK(format_rfc3339(p.created) == "2026-11-23T01:00:00Z");
        CHECK(p.sensitive);
        CHECK(p.labels == std::vector<std::string>{"adult"});
        REQUIRE(p.media.size() == 1);
        CHECK(p.media[0].url == "https://cdn.stv.example/img/art.png");
    }
    SECTION("no link, no guid, no date") {
        const Post& p = r.posts[3];
        CHECK(is_hashed_id(p.id));
        CHECK(p.text == "Visiting hours over the holidays");
        CHECK(p.created == kFetched);
        CHECK(p.permalink.empty());
    }
    SECTION("javascript: links never survive; relative thumbnail") {
        const Post& p = r.posts[4];
        CHECK(p.permalink.empty());
        CHECK(format_rfc3339(p.created) == "2026-11-22T08:00:00Z");
        REQUIRE(p.media.size() == 1);
        CHECK(p.media[0].url == "https://www.stv.example/news/thumbs/tricky.jpg");
    }
    SECTION("hashed ids are stable and differ per item") {
        auto again = parse_web_feed(read_fixture("webfeed/news.rss"), ctx);
        REQUIRE(again.posts.size() == r.posts.size());
        for (std::size_t i = 0; i < r.posts.size(); ++i) CHECK(again.posts[i].id == r.posts[i].id);
        CHECK(r.posts[0].id != r.posts[1].id);
        CHECK(r.posts[3].id != r.posts[4].id);
    }
}

TEST_CASE("RSS 1.0 (RDF) items beside the channel", "[sources][webfeed]") {
    auto r = parse_web_feed(read_fixture("webfeed/rdf.xml"), feed_ctx(""));
    REQUIRE(r.ok());
    CHECK(r.feed_title == "Old Portal");
    REQUIRE(r.posts.size() == 1);
    CHECK(r.posts[0].text == "Car park closed\nUse the north entrance.");
    CHECK(r.posts[0].author == "Estates");
    CHECK(format_rfc3339(r.posts[0].created) == "2026-11-20T07:00:00Z");
    CHECK(r.posts[0].permalink == "https://old.stv.example/a");
}

TEST_CASE("Atom 1.0 text, html and xhtml content", "[sources][webfeed]") {
    auto r = parse_web_feed(read_fixture("webfeed/blog.atom"), feed_ctx("https://blog.stv.example/atom.xml"));
    REQUIRE(r.ok());
    CHECK(r.item_errors.empty());
    CHECK(r.feed_title == "Ward 7 Blog");
    REQUIRE(r.posts.size() == 4);
    for (const Post& p : r.posts) {
        CHECK(p.handle == "Ward 7 Blog");
        CHECK(p.avatar_url == "https://blog.stv.example/favicon.png");
    }
    const Post& garden = r.posts[0];
    CHECK(garden.id == "tag:blog.stv.example,2026:garden");
    CHECK(garden.text == "New garden <3\nThe healing garden is open.");
    CHECK(garden.permalink == "https://blog.stv.example/2026/11/garden");
    CHECK(format_rfc3339(garden.created) == "2026-11-24T09:15:00Z");
    CHECK(garden.author == "Sam (Gardener)");
    CHECK(garden.tags == std::vector<std::string>{"garden", "wellbeing"});
    REQUIRE(garden.media.size() == 1);
    CHECK(garden.media[0].url == "https://blog.stv.example/img/garden.jpg");

    const Post& tea = r.posts[1];
    CHECK(tea.id == "https://blog.stv.example/2026/11/tea");
    CHECK(tea.text == "Tea trolley\nThe tea trolley comes at 3 pm.\nBiscuits too!\nAsk a nurse.");
    CHECK(tea.author == "Ward 7 Team");
    CHECK(format_rfc3339(tea.created) == "2026-11-23T15:00:00Z");
    REQUIRE(tea.media.size() == 1);
    CHECK(tea.media[0].url == "https://blog.stv.example/img/tea.jpg");
    CHECK(tea.media[0].alt == "A tea trolley");
    CHECK(tea.media[0].width == 640);

    const Post& plain = r.posts[2];
    CHECK(is_hashed_id(plain.id));
    CHECK(plain.text == "Plain text news\nLine one\nwith spaces\n\nLine two & more");
    CHECK(format_rfc3339(plain.created) == "2026-11-17T08:00:00Z");

    const Post& out_of_line = r.posts[3];
    CHECK(out_of_line.text == "Out-of-line");
}

TEST_CASE("YouTube channel feed", "[sources][webfeed]") {
    auto r = parse_web_feed(read_fixture("webfeed/youtube.xml"), feed_ctx("https://www.youtube.com/feeds/videos.xml?channel_id=UCstv0000000000000000000"));
    REQUIRE(r.ok());
    CHECK(r.feed_title == "St Vincent Hospital");
    REQUIRE(r.posts.size() == 1);
    const Post& p = r.posts[0];
    CHECK(p.id == "yt:video:AbCdEfGhIjK");
    CHECK(p.permalink == "https://www.youtube.com/watch?v=AbCdEfGhIjK");
    CHECK(p.text == "A day on the children's ward\nMeet the team who make the ward feel like home.\n"
                    "Music by our volunteers.");
    CHECK(format_rfc3339(p.created) == "2026-11-20T16:00:06Z");
    REQUIRE(p.media.size() == 1);
    CHECK(p.media[0].kind == Media::Kind::VideoThumbnail);
    CHECK(p.media[0].url == "https://i1.ytimg.example/vi/AbCdEfGhIjK/hqdefault.jpg");
    CHECK(p.media[0].alt == "A day on the children's ward");
    CHECK(p.media[0].width == 480);
    CHECK(p.media[0].height == 360);
}

TEST_CASE("JSON Feed 1.1 maps to Posts", "[sources][webfeed]") {
    auto r = parse_web_feed(read_fixture("webfeed/feed.json"), feed_ctx("https://research.stv.example/feed.json"));
    REQUIRE(r.ok());
    CHECK(r.feed_title == "St Vincent Research");
    CHECK(r.item_errors == std::vector<std::string>{"item 4 has no text, media or id, skipped",
                                                    "item 5 is not an object, skipped"});
    REQUIRE(r.posts.size() == 3);

    const Post& study = r.posts[0];
    CHECK(is_hashed_id(study.id));  // numeric id 2026112401
    CHECK(study.text == "Knee study results\nPatients walked sooner.");
    CHECK(study.permalink == "https://research.stv.example/knee-study");
    CHECK(format_rfc3339(study.created) == "2026-11-24T13:00:00Z");
    CHECK(study.author == "Dr. Rivera");
    CHECK(study.handle == "St Vincent Research");
    CHECK(study.avatar_url == "https://research.stv.example/rivera.png");  // the item's author wins over the icon
    CHECK(study.language == "en");
    CHECK(study.tags == std::vector<std::string>{"knee", "research", "clinicaltrials"});
    REQUIRE(study.media.size() == 3);
    CHECK(study.media[0].url == "https://research.stv.example/img/knee.jpg");
    CHECK(study.media[1].url == "https://research.stv.example/img/banner.jpg");
    CHECK(study.media[2].url == "https://research.stv.example/img/poster.png");
    CHECK(study.media[2].alt == "Study poster");

    const Post& note = r.posts[1];
    CHECK(note.text == "Plain note\n\nwith lines");
    CHECK(note.author == "Old Style Author");
    CHECK(note.language == "cy");
    CHECK(format_rfc3339(note.created) == "2026-11-23T08:00:00Z");

    const Post& external = r.posts[2];
    CHECK(external.permalink == "https://elsewhere.example/article");
    CHECK(external.author == "Research Office");
    CHECK(external.created == kFetched);

    // The numeric id 3.0 and the string "3" are the same item.
    auto same = parse_web_feed(R"({"version":"https://jsonfeed.org/version/1.1","home_page_url":"https://research.stv.example/",
        "items":[{"id":"3","title":"x"},{"id":3,"title":"y"}]})", feed_ctx(""));
    REQUIRE(same.posts.size() == 2);
    CHECK(same.posts[0].id == same.posts[1].id);
    CHECK(same.posts[0].id == external.id);
}

TEST_CASE("web feeds refuse unreadable bodies in one sentence", "[sources][webfeed]") {
    std::string rss = read_fixture("webfeed/news.rss");
    struct Case { const char* name; std::string body; std::string error_start; };
    const Case cases[] = {
        {"empty", "", "the body is empty"},
        {"html page", "<!DOCTYPE html><html><head><title>Oops</title></head></html>",
         "the body is an HTML page, not a feed"},
        {"other XML", "<?xml version=\"1.0\"?><opml version=\"2.0\"/>",
         "the XML root element is <opml>, not rss, rdf:RDF or feed"},
        {"plain text", "hello", "the body is neither RSS, Atom nor JSON Feed"},
        {"cut in the channel title", rss.substr(0, rss.find("News &amp;")), "the XML is malformed"},
        {"JSON but no feed", "{\"a\": 1}", "the JSON is not a JSON Feed (no items array)"},
        {"unknown JSON Feed version", R"({"version":"https://example.org/v9","items":[]})",
         "the JSON Feed version \"https://example.org/v9\" is not one this reader knows"},
        {"truncated JSON", read_fixture("webfeed/feed.json").substr(0, 300), "the body is not valid JSON"},
        {"deep JSON", "{\"items\":" + std::string(100000, '[') + std::string(100000, ']') + "}",
         "the JSON is nested deeper than"},
    };
    for (const auto& c : cases) {
        INFO(c.name);
        auto r = parse_web_feed(c.body, feed_ctx(""));
        CHECK_FALSE(r.ok());
        CHECK(r.body_error.rfind(c.error_start, 0) == 0);
        CHECK(r.posts.empty());
    }
}

TEST_CASE("a feed cut off mid-item keeps the complete items", "[sources][webfeed]") {
    std::string rss = read_fixture("webfeed/news.rss");
    auto r = parse_web_feed(rss.substr(0, rss.find("Late-night art")), feed_ctx("https://www.stv.example/news/feed.rss"));
    REQUIRE(r.ok());
    REQUIRE(r.posts.size() == 2);
    CHECK(r.posts[1].text == "Flu clinic opens\nWalk-in flu jabs from Monday.");
    REQUIRE(r.item_errors.size() == 1);
    CHECK(r.item_errors[0].rfind("the XML is malformed (", 0) == 0);
    CHECK(r.item_errors[0].find("; kept the 2 complete items before it") != std::string::npos);
}

TEST_CASE("XML entity bombs and external entities stay inert", "[sources][webfeed]") {
    std::string laughs = "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n<!ENTITY lol \"lol\">\n";
    laughs += "<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n";
    for (int i = 2; i <= 9; ++i) {
        std::string prev = "&lol" + std::to_string(i - 1) + ";";
        laughs += "<!ENTITY lol" + std::to_string(i) + " \"";
        for (int k = 0; k < 10; ++k) laughs += prev;
        laughs += "\">\n";
    }
    laughs += "]>\n<rss version=\"2.0\"><channel><title>&lol9;</title>"
              "<item><title>Bomb &lol9;</title><guid>https://x.example/1</guid></item></channel></rss>";
    const std::string xxe =
        "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
        "<rss version=\"2.0\"><channel><title>t</title><item><title>&xxe;</title>"
        "<description>&xxe;</description><guid>https://x.example/2</guid></item></channel></rss>";
    struct Case { const char* name; std::string body; std::string expected_text; };
    const Case cases[] = {
        {"billion laughs", laughs, "Bomb &lol9;"},
        {"external entity", xxe, "&xxe;"},
    };
    for (const auto& c : cases) {
        INFO(c.name);
        auto start = steady_clock::now();
        auto r = parse_web_feed(c.body, feed_ctx(""));
        CHECK(steady_clock::now() - start < seconds(1));
        REQUIRE(r.ok());
        REQUIRE(r.posts.size() == 1);
        CHECK(r.posts[0].text == c.expected_text);
        CHECK(r.posts[0].text.find("root:") == std::string::npos);
    }
}

TEST_CASE("big, deep and broken feeds stay bounded", "[sources][webfeed]") {
    auto item = [](int i) {
        return "<item><title>Item " + std::to_string(i) + "</title><link>https://x.example/" +
               std::to_string(i) + "</link><description>&lt;p&gt;Body " + std::to_string(i) +
               "&lt;/p&gt;</description><pubDate>Tue, 24 Nov 2026 09:15:00 GMT</pubDate></item>";
    };
    std::string big = "<rss version=\"2.0\"><channel><title>Big</title>";
    for (int i = 0; i < 5000; ++i) big += item(i);
    big += "</channel></rss>";

    SECTION("5,000 items, capped and uncapped") {
        auto start = steady_clock::now();
        auto capped = parse_web_feed(big, feed_ctx(""));
        CHECK(capped.posts.size() == 1000);
        CHECK(capped.item_errors == std::vector<std::string>{"kept the first 1000 items and dropped the rest"});
        auto ctx = feed_ctx("");
        ctx.max_items = 5000;
        auto all = parse_web_feed(big, ctx);
        CHECK(all.posts.size() == 5000);
        CHECK(all.posts[4999].text == "Item 4999\nBody 4999");
        CHECK(steady_clock::now() - start < seconds(20));
    }
    SECTION("100k-deep XHTML inside a description") {
        std::string deep = "<rss><channel><title>D</title><item><title>Deep</title><description>";
        for (int i = 0; i < 100000; ++i) deep += "<div>";
        deep += "core";
        for (int i = 0; i < 100000; ++i) deep += "</div>";
        deep += "</description><guid>https://x.example/deep</guid></item></channel></rss>";
        auto start = steady_clock::now();
        auto r = parse_web_feed(deep, feed_ctx(""));
        CHECK(steady_clock::now() - start < seconds(10));
        REQUIRE(r.posts.size() == 1);
        CHECK(r.posts[0].text == "Deep");
    }
    SECTION("1 MB description and invalid UTF-8") {
        std::string body = "<rss><channel><title>Bad \xFF title</title><item><title>caf\xE9</title><description>" +
                           std::string(1024 * 1024, 'x') + "</description><guid>https://x.example/big</guid>"
                           "</item></channel></rss>";
        auto ctx = feed_ctx("");
        auto r = parse_web_feed(body, ctx);
        REQUIRE(r.posts.size() == 1);
        CHECK(r.feed_title == "Bad \xEF\xBF\xBD title");
        CHECK(r.posts[0].text.rfind("caf\xEF\xBF\xBD\nxxx", 0) == 0);
        CHECK(r.posts[0].text.size() <= ctx.max_text_bytes);
    }
    SECTION("empty feeds are fine and empty") {
        struct Case { const char* name; const char* body; };
        const Case cases[] = {
            {"rss", "<rss version=\"2.0\"><channel><title>Quiet</title></channel></rss>"},
            {"atom", "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Quiet</title></feed>"},
            {"json", R"({"version":"https://jsonfeed.org/version/1.1","title":"Quiet","items":[]})"},
        };
        for (const auto& c : cases) {
            INFO(c.name);
            auto r = parse_web_feed(c.body, feed_ctx(""));
            CHECK(r.ok());
            CHECK(r.posts.empty());
            CHECK(r.item_errors.empty());
            CHECK(r.feed_title == "Quiet");
        }
    }
}

TEST_CASE("JSON Feed avatars: the item's author, then the feed's authors, then the feed's icon", "[sources][webfeed]") {
    struct Case {
        const char* name;
        const char* feed_fields;  // inside the top-level object
        const char* item_fields;  // inside the one item
        const char* avatar;
    };
    const Case cases[] = {
        {"item author's avatar wins", R"("icon": "/icon.png", "authors": [{"name": "Office", "avatar": "/office.png"}])",
         R"("authors": [{"name": "Ana", "avatar": "/ana.png"}])", "https://feed.example/ana.png"},
        {"feed authors' avatar over the icon", R"("icon": "/icon.png", "authors": [{"name": "Office", "avatar": "/office.png"}])",
         R"("authors": [{"name": "Ana"}])", "https://feed.example/office.png"},
        {"no author avatar: the icon", R"("icon": "/icon.png")", R"("authors": [{"name": "Ana"}])",
         "https://feed.example/icon.png"},
        {"1.0 author object with an avatar", R"("favicon": "/fav.png")", R"("author": {"name": "Old", "avatar": "old.png"})",
         "https://feed.example/old.png"},
        {"nothing at all", "", "", ""},
    };
    for (const Case& c : cases) {
        INFO(c.name);
        std::string feed = R"({"version": "https://jsonfeed.org/version/1.1", "title": "T", "home_page_url": "https://feed.example/")";
        if (*c.feed_fields) feed += std::string(", ") + c.feed_fields;
        feed += R"(, "items": [{"id": "1", "content_text": "hello")";
        if (*c.item_fields) feed += std::string(", ") + c.item_fields;
        feed += "}]}";
        auto r = parse_web_feed(feed, feed_ctx("https://feed.example/feed.json"));
        REQUIRE(r.ok());
        REQUIRE(r.posts.size() == 1);
        CHECK(r.posts[0].avatar_url == c.avatar);
    }
}
