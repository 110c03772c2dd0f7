// Tests for wall/notice: the setup notice's text (title, details, what does
// not fit) and where its band goes (never over the cards).
#include "wall/notice.h"

#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>

using namespace lw::wall;

TEST_CASE("the notice's first line is its title, the rest details that fit", "[notice]") {
    struct Case {
        const char* what;
        std::string notice;
        int max_details;
        std::string title;
        std::vector<std::string> details;
    };
    const Case cases[] = {
        {"a title alone", "This screen is not set up yet: host name lobby-1.", 2,
         "This screen is not set up yet: host name lobby-1.", {}},
        {"details that fit", "Setup problem: x\nfile:3: a\nfile:4: b", 2, "Setup problem: x", {"file:3: a", "file:4: b"}},
        {"too many: the last line counts the rest", "T\na\nb\nc\nd", 2, "T",
         {"a", "(3 more: journalctl -u lobbywall-provision)"}},
        {"no room for details", "T\na\nb", 0, "T", {}},
    };
    for (const Case& c : cases) {
        INFO(c.what);
        const NoticeText text = notice_text(c.notice, c.max_details);
        CHECK(text.title == c.title);
        CHECK(text.details == c.details);
    }
}

TEST_CASE("the notice band covers the header and stops where the cards start", "[notice]") {
    struct Case {
        int width, height, overscan;
        bool ticker;
    };
    const Case cases[] = {{1920, 1080, 0, false}, {1280, 720, 5, true}, {1080, 1920, 0, false}, {3840, 2160, 2, true}};
    for (const Case& c : cases) {
        INFO(c.width << "x" << c.height << " overscan " << c.overscan);
        const GridLayout g = compute_grid_layout(c.width, c.height, c.overscan, c.ticker);
        const Rect band = setup_notice_rect(g);
        CHECK(band.y == g.safe.y);
        CHECK(band.bottom() >= g.header.bottom());
        CHECK(band.bottom() <= g.content.y);
        for (const Rect& slot : g.slots) CHECK(band.bottom() <= slot.y);
        // Room for the title and two detail lines at the wall's sizes
        // (30 and 24 px at scale 1, 1.2 line height, 12 px padding).
        CHECK(band.h >= (2 * 12 + 30 * 1.2f + 2 * 24 * 1.2f) * g.scale);
    }
}

TEST_CASE("read_setup_notice keeps printable lines and counts the rest", "[notice]") {
    const auto file = std::filesystem::temp_directory_path() / ("lobbywall-notice-" + std::to_string(::getpid()));
    {
        std::ofstream out(file);
        out << "Setup problem: a title\n\n";
        for (int i = 1; i <= 10; ++i) out << "line " << i << "\x07\n";
    }
    const std::string notice = read_setup_notice(file);
    std::filesystem::remove(file);
    CHECK(notice.rfind("Setup problem: a title\nline 1\nline 2", 0) == 0);
    CHECK(notice.find('\x07') == std::string::npos);
    CHECK(notice.find("(3 more in ") != std::string::npos);
    CHECK(read_setup_notice("/nonexistent/provision-error.txt").empty());
}
