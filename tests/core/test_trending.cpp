// Tests for core/trending: the top hashtags of recent approved posts.
#include "core/trending.h"

#include <catch2/catch.hpp>

using namespace lw;
using namespace std::chrono;

namespace {

const TimePoint kNow = sys_days{2026y / 11 / 24} + 14h;

Post post(const std::string& text, minutes age, std::vector<std::string> tags = {}) {
    Post p;
    p.id = text;
    p.text = text;
    p.created = kNow - age;
    p.tags = std::move(tags);
    return p;
}

}  // namespace

TEST_CASE("hashtags are found in text and not in words and entities or URLs", "[trending]") {
    CHECK(hashtags_in_text("Walked today! #Physio #day_3 and #Zürich.") ==
          std::vector<std::string>{"Physio", "day_3", "Zürich"});
    CHECK(hashtags_in_text("#start mid#word it&#39;s example.org/#anchor ##double #123 #") ==
          std::vector<std::string>{"start"});
    CHECK(hashtags_in_text("(#paren) \"#quoted\"") == std::vector<std::string>{"paren", "quoted"});
}

TEST_CASE("trending: most posts first and case-insensitive and once per post", "[trending]") {
    std::vector<Post> posts{
        post("Great care #Physio #physio #PHYSIO", 10min),          // counts once
        post("Back on my feet #physio", 20min),
        post("Thank you nurses #Nurses", 30min),
        post("Knee day #StVKnee", 5min, {"StVKnee"}),               // the tag and the text agree: once
        post("Knee again", 6min, {"stvknee"}),
        post("Knee three", 7min, {"StVKnee"}),
        post("Cake #cake", 40min),
    };
    // StVKnee (3 posts) then physio (2), then the most recent single: Nurses.
    CHECK(trending_hashtags(posts, kNow, {}) == std::vector<std::string>{"StVKnee", "Physio", "Nurses"});
    // The prompt's own tag is left out, whatever its case.
    CHECK(trending_hashtags(posts, kNow, {"stvknee"}) == std::vector<std::string>{"Physio", "Nurses", "cake"});
    TrendingOptions two;
    two.count = 2;
    CHECK(trending_hashtags(posts, kNow, {}, two).size() == 2);
    TrendingOptions popular;
    popular.min_posts = 2;
    CHECK(trending_hashtags(posts, kNow, {}, popular) == std::vector<std::string>{"StVKnee", "Physio"});
}

TEST_CASE("trending: only posts inside the window count and the newest spelling wins", "[trending]") {
    std::vector<Post> posts{
        post("#Old #old #old", 0min),
        post("#OLD", 3h),
        post("#Fresh", 1h),
        post("#ancient", 72h),
        post("#ancient", 73h),
    };
    TrendingOptions o;
    o.window = hours(2);
    o.count = 5;
    CHECK(trending_hashtags(posts, kNow, {}, o) == std::vector<std::string>{"Old", "Fresh"});
    o.window = hours(100);
    CHECK(trending_hashtags(posts, kNow, {}, o) == std::vector<std::string>{"Old", "ancient", "Fresh"});
    CHECK(trending_hashtags({}, kNow, {}).empty());
}
