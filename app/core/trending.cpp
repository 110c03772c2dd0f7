// Trending hashtags: see trending.h.
#include "core/trending.h"

#include <algorithm>
#include <cctype>
#include <map>

namespace lw {
namespace {

bool tag_char(unsigned char c) { return c >= 0x80 || std::isalnum(c) || c == '_'; }

}  // namespace

std::string fold_tag(std::string_view tag) {
    std::string out(tag);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

std::vector<std::string> hashtags_in_text(std::string_view text) {
    std::vector<std::string> out;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '#') continue;
        if (i > 0) {
            const auto before = static_cast<unsigned char>(text[i - 1]);
            if (tag_char(before) || before == '&' || before == '/' || before == '#') continue;
        }
        size_t end = i + 1;
        while (end < text.size() && tag_char(static_cast<unsigned char>(text[end]))) ++end;
        std::string_view tag = text.substr(i + 1, end - i - 1);
        // A tag needs a letter (or non-ASCII character): "#1" is a number.
        const bool has_letter = std::any_of(tag.begin(), tag.end(), [](char c) {
            const auto u = static_cast<unsigned char>(c);
            return u >= 0x80 || std::isalpha(u) || c == '_';
        });
        if (has_letter) out.emplace_back(tag);
        i = end - 1;
    }
    return out;
}

std::vector<std::string> trending_hashtags(const std::vector<Post>& posts, TimePoint now,
                                           const std::vector<std::string>& ignore, const TrendingOptions& options) {
    struct Tally {
        size_t posts = 0;
        TimePoint latest{};
        std::string spelling;
    };
    std::map<std::string, Tally> tally;
    std::vector<std::string> ignored;
    for (const std::string& t : ignore) ignored.push_back(fold_tag(t));
    const TimePoint since = now - std::chrono::duration_cast<std::chrono::seconds>(options.window);
    for (const Post& p : posts) {
        if (p.created < since || p.created > now + std::chrono::hours(1)) continue;
        std::vector<std::string> tags = p.tags;
        for (std::string& t : hashtags_in_text(p.text)) tags.push_back(std::move(t));
        std::vector<std::string> seen;  // once per post
        for (const std::string& raw : tags) {
            std::string_view tag = raw;
            if (!tag.empty() && tag.front() == '#') tag.remove_prefix(1);
            if (tag.empty()) continue;
            const std::string key = fold_tag(tag);
            if (std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
            if (std::find(ignored.begin(), ignored.end(), key) != ignored.end()) continue;
            seen.push_back(key);
            Tally& t = tally[key];
            ++t.posts;
            if (t.spelling.empty() || p.created > t.latest) {
                t.latest = p.created;
                t.spelling = std::string(tag);
            }
        }
    }
    std::vector<std::pair<std::string, Tally>> ranked(tally.begin(), tally.end());
    std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
        if (a.second.posts != b.second.posts) return a.second.posts > b.second.posts;
        if (a.second.latest != b.second.latest) return a.second.latest > b.second.latest;
        return a.first < b.first;
    });
    std::vector<std::string> out;
    for (const auto& [key, t] : ranked) {
        if (out.size() >= options.count || t.posts < options.min_posts) break;
        out.push_back(t.spelling);
    }
    return out;
}

}  // namespace lw
