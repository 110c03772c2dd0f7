// Tests for sources/html_text: Mastodon and RSS markup to wall text.
#include "sources/html_text.h"

#include <catch2/catch.hpp>

#include <chrono>

using namespace lw::sources;

TEST_CASE("html_to_text turns markup into wall text", "[sources][html]") {
    struct Case { const char* name; std::string html; std::string expected; };
    const Case cases[] = {
        {"plain", "hello", "hello"},
        {"paragraphs", "<p>First</p><p>Second</p>", "First\nSecond"},
        {"br", "<p>one<br>two<br/>three</p>", "one\ntwo\nthree"},
        {"double br keeps one empty line", "a<br><br><br><br>b", "a\n\nb"},
        {"entities", "<p>Fish &amp; chips &lt;3 &quot;yes&quot; &#8212; &eacute;t&eacute; &#x1F600;</p>",
         "Fish & chips <3 \"yes\" \xE2\x80\x94 \xC3\xA9t\xC3\xA9 \xF0\x9F\x98\x80"},
        {"mastodon link",
         "<p>See <a href=\"https://example.org/news/2026/knee-clinic\" rel=\"nofollow noopener\" "
         "target=\"_blank\"><span class=\"invisible\">https://</span><span class=\"ellipsis\">"
         "example.org/news/2026/kn</span><span class=\"invisible\">ee-clinic</span></a> now</p>",
         "See example.org/news/2026/kn\xE2\x80\xA6 now"},
        {"hashtag and mention",
         "<p><a href=\"https://h.example/tags/StVKnee\" class=\"mention hashtag\" rel=\"tag\">"
         "#<span>StVKnee</span></a> thanks <span class=\"h-card\"><a href=\"https://h.example/@nurse\" "
         "class=\"u-url mention\">@<span>nurse</span></a></span>!</p>",
         "#StVKnee thanks @nurse!"},
        {"whitespace collapses", "<p>  lots \n\t of   space  </p>", "lots of space"},
        {"nbsp collapses", "a&nbsp;&nbsp; b", "a b"},
        {"script and style dropped",
         "<p>safe</p><script>alert('x')</script><style>p{color:red}</style><p>text</p>",
         "safe\ntext"},
        {"javascript link keeps only its text", "<a href=\"javascript:alert(1)\">click</a>", "click"},
        {"onerror never reaches text", "<img src=x onerror=\"alert(1)\">caption", "caption"},
        {"hidden elements dropped",
         "<p>a<span hidden>b</span><span style=\"display: none\">c</span><span aria-hidden=\"true\">d</span>e</p>",
         "ae"},
        {"lists", "<ul><li>one</li><li>two</li></ul>", "\xE2\x80\xA2 one\n\xE2\x80\xA2 two"},
        {"list items with spaces", "<ol>\n <li> one </li>\n <li>\ttwo</li></ol>", "\xE2\x80\xA2 one\n\xE2\x80\xA2 two"},
        {"headings and divs", "<h1>Title</h1><div>body <b>bold</b> <i>it</i></div>", "Title\nbody bold it"},
        {"comments dropped", "a<!-- secret -->b", "ab"},
        {"unclosed tags", "<p>open <b>bold <i>both", "open bold both"},
        {"CDATA-like text in HTML is text", "<p>x</p>", "x"},
        {"trims", "\n\n<p> </p><p>x</p><br><br>", "x"},
        {"empty", "", ""},
        {"controls dropped", std::string("a\x01\x02" "b"), "ab"},
        {"invalid utf-8 repaired", "caf\xE9", "caf\xEF\xBF\xBD"},
    };
    for (const auto& c : cases) {
        INFO(c.name);
        CHECK(html_to_text(c.html).text == c.expected);
    }
}

TEST_CASE("html_to_text reports images apart", "[sources][html]") {
    auto r = html_to_text("<p>x<img src=\"/a.jpg\" alt=\"A ward\" width=\"640\" height=\"abc\">"
                          "<img alt=\"no src\"><img src=\"https://e.org/b.png\"></p>");
    CHECK(r.text == "x");
    REQUIRE(r.images.size() == 2);
    CHECK(r.images[0].src == "/a.jpg");
    CHECK(r.images[0].alt == "A ward");
    CHECK(r.images[0].width == 640);
    CHECK(r.images[0].height == 0);
    CHECK(r.images[1].src == "https://e.org/b.png");
}

TEST_CASE("html_depth_cut finds where nesting gets too deep", "[sources][html]") {
    CHECK(html_depth_cut("<div><p>a<p>b<br><img src=x></div>", 1) == std::string::npos);
    CHECK(html_depth_cut("<div><div></div></div>", 2) == std::string::npos);
    CHECK(html_depth_cut("<div><div><div>", 2) == 10);
    CHECK(html_depth_cut("<div/><div/><div/>", 1) == std::string::npos);
}

TEST_CASE("hostile HTML ends quickly and safely", "[sources][html]") {
    using clock = std::chrono::steady_clock;
    struct Case { const char* name; std::string html; bool truncated; };
    std::string deep;
    for (int i = 0; i < 100000; ++i) deep += "<div>";
    deep += "bottom";
    std::string formatting;
    for (int i = 0; i < 50000; ++i) formatting += "<b><i>x";
    std::string huge(3 * 1024 * 1024, 'a');
    std::string many_paragraphs;
    for (int i = 0; i < 20000; ++i) many_paragraphs += "<p>p</p>";
    const Case cases[] = {
        {"100k nested divs", deep, true},
        {"50k unclosed formatting tags", formatting, true},
        {"3 MB of text", huge, true},
        {"20k paragraphs", many_paragraphs, false},
    };
    for (const auto& c : cases) {
        INFO(c.name);
        auto start = clock::now();
        auto r = html_to_text(c.html);
        CHECK(clock::now() - start < std::chrono::seconds(5));
        CHECK(r.truncated == c.truncated);
        CHECK(r.text.size() <= kMaxHtmlBytes);
    }
}
