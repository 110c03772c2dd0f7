// The grid wall's drawing and paging: see wall_view.h.
#include "wall/wall_view.h"

#include "core/time.h"
#include "wall/text_layout.h"

#include <imgui.h>

#include <algorithm>
#include <cctype>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace lw::wall {
namespace {

ImU32 color(Rgba c, float alpha = 1.0f) {
    const auto r = (c >> 24) & 0xFF, g = (c >> 16) & 0xFF, b = (c >> 8) & 0xFF;
    const auto a = static_cast<unsigned>(std::lround(static_cast<float>(c & 0xFF) * std::clamp(alpha, 0.0f, 1.0f)));
    return IM_COL32(r, g, b, a);
}

ImVec2 v(float x, float y) { return ImVec2(x, y); }

float text_width(ImFont* font, std::string_view s) {
    return font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.0f, s.data(), s.data() + s.size()).x;
}

void text(ImDrawList* dl, ImFont* font, float x, float y, ImU32 col, std::string_view s) {
    dl->AddText(font, font->FontSize, v(x, y), col, s.data(), s.data() + s.size());
}

// Ease in and out, so motion starts and stops gently.
float smoothstep(float t) {
    t = std::clamp(t, 0.0f, 1.0f);
    return t * t * (3.0f - 2.0f * t);
}

// The first letters of the first and last words, for an avatar placeholder.
std::string initials(const std::string& name) {
    std::vector<std::string> firsts;
    bool word_start = true;
    for (size_t i = 0; i < name.size();) {
        const auto c = static_cast<unsigned char>(name[i]);
        const auto len = static_cast<size_t>(utf8_sequence_length(c));
        if (c == ' ') {
            word_start = true;
        } else if (word_start) {
            // Letters only: not punctuation, and not an emoji's private-use codepoint (U+E000..U+F8FF).
            const bool emoji = len == 3 && (c == 0xEE || (c == 0xEF && static_cast<unsigned char>(name[i + 1]) <= 0xA3));
            if ((c >= 0x80 && !emoji) || std::isalnum(c)) firsts.push_back(name.substr(i, len));
            word_start = false;
        }
        i += len;
    }
    if (firsts.empty()) return "?";
    std::string out = firsts.front() + (firsts.size() > 1 ? firsts.back() : std::string());
    for (char& ch : out) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    return out;
}

// Draws `texture` to fill `box`, cropping (never stretching) around the
// focus point (Mastodon's meta.focus: -1..1, y up).
void draw_cover_image(ImDrawList* dl, const Texture& t, const Rect& box, float focus_x, float focus_y,
                      float alpha, float rounding) {
    const float tw = static_cast<float>(t.width), th = static_cast<float>(t.height);
    const float s = std::max(box.w / tw, box.h / th);
    const float uw = std::min(1.0f, box.w / (tw * s));
    const float vh = std::min(1.0f, box.h / (th * s));
    const float fx = (std::clamp(focus_x, -1.0f, 1.0f) + 1.0f) / 2.0f;
    const float fy = (1.0f - std::clamp(focus_y, -1.0f, 1.0f)) / 2.0f;
    const float u0 = std::clamp(fx - uw / 2, 0.0f, 1.0f - uw);
    const float v0 = std::clamp(fy - vh / 2, 0.0f, 1.0f - vh);
    dl->AddImageRounded(reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(t.id)), v(box.x, box.y),
                        v(box.right(), box.bottom()), v(u0, v0), v(u0 + uw, v0 + vh),
                        IM_COL32(255, 255, 255, static_cast<int>(255 * alpha)), rounding);
}

}  // namespace

std::vector<CardItem> visible_items(const WallSnapshot& s, TimePoint now) {
    std::vector<CardItem> items;
    for (const Announcement& a : s.announcements) {
        const bool started = now >= a.starts;
        const bool ended = a.ends > a.starts && now >= a.ends;
        if (started && !ended) items.push_back({nullptr, &a});
    }
    if (s.kill_switch) return items;
    auto pinned = [&](const Post& p) {
        return std::find(s.pinned_ids.begin(), s.pinned_ids.end(), p.id) != s.pinned_ids.end();
    };
    for (const Post& p : s.posts)
        if (pinned(p)) items.push_back({&p, nullptr});
    for (const Post& p : s.posts)
        if (!pinned(p)) items.push_back({&p, nullptr});
    return items;
}

WallView::WallView(const WallConfig& wall, const ThemeConfig& theme) : wall_(wall), theme_(theme) {}

const QrCode& WallView::qr_for(const std::string& url) {
    auto it = qr_cache_.find(url);
    if (it == qr_cache_.end()) it = qr_cache_.emplace(url, encode_qr(url)).first;
    return it->second;
}

FrameInfo WallView::draw(ImDrawList* dl, const SnapshotPtr& snapshot, const FontSet& fonts,
                         TextureCache& textures, const GridLayout& g, TimePoint now, const std::tm& local,
                         double seconds) {
    FrameInfo info;
    const WallSnapshot& s = *snapshot;
    const int slots = static_cast<int>(g.slots.size());
    const int per_page = std::max(1, slots - (s.prompts.empty() ? 0 : 1));
    const int items = static_cast<int>(visible_items(s, now).size());
    const int count = std::max(1, (items + per_page - 1) / per_page);
    const double transition_s = wall_.transition_ms / 1000.0;

    if (page_started_ < 0) page_started_ = seconds;
    if (!current_snapshot_) current_snapshot_ = snapshot;

    auto start_transition = [&](SnapshotPtr from, int from_page) {
        if (transition_s <= 0) return;
        outgoing_snapshot_ = std::move(from);
        outgoing_page_ = from_page;
        transition_started_ = seconds;
    };

    if (snapshot != current_snapshot_) {
        // New content: fade from what was on screen to the same page of the new snapshot.
        start_transition(current_snapshot_, page_);
        current_snapshot_ = snapshot;
    }
    page_count_ = count;
    if (page_ >= count) page_ = 0;
    if (count > 1 && seconds - page_started_ >= wall_.page_seconds) {
        start_transition(current_snapshot_, page_);
        page_ = (page_ + 1) % count;
        page_started_ = seconds;
    }
    if (count > 1) info.next_change_s = std::max(0.0, page_started_ + wall_.page_seconds - seconds);

    // Background first, fully opaque, so no frame is ever black.
    dl->AddRectFilled(v(0, 0), ImGui::GetIO().DisplaySize, color(theme_.background));
    draw_header(dl, s, fonts, textures, g, local);

    float t = 1.0f;
    if (outgoing_snapshot_ && transition_s > 0) {
        t = static_cast<float>((seconds - transition_started_) / transition_s);
        if (t >= 1.0f) {
            outgoing_snapshot_.reset();
            t = 1.0f;
        }
    }
    if (outgoing_snapshot_) {
        const float e = smoothstep(t);
        // The old page stays opaque underneath while the new one fades in on
        // top, so cards in the same slot never dip towards the background.
        // Slots the new page leaves empty fade out with it.
        const int incoming = std::clamp(items - page_ * per_page, 0, per_page);
        draw_page(dl, *outgoing_snapshot_, outgoing_page_, 1.0f - e, incoming, !s.prompts.empty(), fonts, textures,
                  g, now);
        draw_page(dl, s, page_, e, 0, false, fonts, textures, g, now);
        info.animating = true;
    } else {
        draw_page(dl, s, page_, 1.0f, 0, false, fonts, textures, g, now);
    }
    // Ages ("5 min ago") and the clock change on the minute.
    const double to_next_minute = 60.0 - static_cast<double>(local.tm_sec);
    info.next_change_s = std::min(info.next_change_s, to_next_minute);
    return info;
}

void WallView::draw_header(ImDrawList* dl, const WallSnapshot& s, const FontSet& fonts, TextureCache& textures,
                           const GridLayout& g, const std::tm& local) {
    const Rect& h = g.header;
    dl->AddRectFilled(v(h.x, h.y), v(h.right(), h.bottom()), color(theme_.header));
    dl->AddRectFilled(v(h.x, h.bottom() - 4 * g.scale), v(h.right(), h.bottom()), color(theme_.accent));
    const float pad = 40 * g.scale;
    float x = h.x + pad;
    if (!theme_.logo.empty()) {
        if (const Texture* logo = textures.get(theme_.logo)) {
            const float lh = h.h * 0.6f;
            const float lw = lh * static_cast<float>(logo->width) / static_cast<float>(logo->height);
            dl->AddImage(reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(logo->id)),
                         v(x, h.y + (h.h - lh) / 2), v(x + lw, h.y + (h.h + lh) / 2));
            x += lw + 24 * g.scale;
        }
    }
    text(dl, fonts.title, x, h.y + (h.h - fonts.title->FontSize) / 2, color(theme_.text), wall_.hospital_name);

    char clock[16];
    std::strftime(clock, sizeof clock, "%H:%M", &local);
    char date[64];
    std::strftime(date, sizeof date, "%A %d %B", &local);
    if (char* zero = std::strstr(date, " 0")) std::memmove(zero + 1, zero + 2, std::strlen(zero + 2) + 1);
    const float clock_w = text_width(fonts.clock, clock);
    const float clock_x = h.right() - pad - clock_w;
    text(dl, fonts.clock, clock_x, h.y + (h.h - fonts.clock->FontSize) / 2, color(theme_.text), clock);
    std::string date_text = date;
    const float date_w = text_width(fonts.small, date_text);
    const float date_y = h.y + (h.h - fonts.small->FontSize) / 2;
    text(dl, fonts.small, clock_x - 28 * g.scale - date_w, date_y, color(theme_.muted_text), date_text);
    if (s.offline_since) {
        // A quiet mark for staff, not an alarm for visitors.
        std::tm since{};
        const std::time_t t = std::chrono::system_clock::to_time_t(*s.offline_since);
        localtime_r(&t, &since);
        char mark[48];
        std::strftime(mark, sizeof mark, "offline since %H:%M", &since);
        const float mark_w = text_width(fonts.small, mark);
        text(dl, fonts.small, clock_x - 28 * g.scale - date_w - 36 * g.scale - mark_w, date_y,
             color(theme_.muted_text, 0.7f), mark);
    }
}

void WallView::draw_page(ImDrawList* dl, const WallSnapshot& s, int page, float alpha, int opaque_slots,
                         bool opaque_prompt, const FontSet& fonts, TextureCache& textures, const GridLayout& g,
                         TimePoint now) {
    const std::vector<CardItem> items = visible_items(s, now);
    const int slots = static_cast<int>(g.slots.size());
    const bool has_prompt = !s.prompts.empty();
    const int per_page = std::max(1, slots - (has_prompt ? 1 : 0));
    const int first = page * per_page;
    if (items.empty()) {
        Rect area = g.content;
        if (has_prompt) area.h = g.slots.front().h;  // message above, prompt below
        draw_empty_message(dl, area, alpha, fonts);
    }
    for (int i = 0; i < per_page; ++i) {
        const int index = first + i;
        if (index >= static_cast<int>(items.size())) break;
        const Rect& r = g.slots[static_cast<size_t>(i)];
        const float a = i < opaque_slots ? 1.0f : alpha;
        if (items[static_cast<size_t>(index)].post)
            draw_post_card(dl, r, *items[static_cast<size_t>(index)].post, a, fonts, textures, g.scale, now);
        else
            draw_announcement_card(dl, r, *items[static_cast<size_t>(index)].announcement, a, fonts, textures,
                                   g.scale);
    }
    if (has_prompt) {
        const HashtagPrompt& prompt = s.prompts[static_cast<size_t>(page) % s.prompts.size()];
        draw_prompt_card(dl, g.slots.back(), prompt, opaque_prompt ? 1.0f : alpha, fonts, g.scale);
    }
}

void WallView::draw_post_card(ImDrawList* dl, const Rect& r, const Post& post, float alpha, const FontSet& fonts,
                              TextureCache& textures, float scale, TimePoint now) {
    const float rounding = 18 * scale;
    const float pad = 26 * scale;
    dl->AddRectFilled(v(r.x, r.y), v(r.right(), r.bottom()), color(theme_.card, alpha), rounding);
    dl->PushClipRect(v(r.x, r.y), v(r.right(), r.bottom()), true);
    float x = r.x + pad;
    float y = r.y + pad;
    const float inner_w = r.w - 2 * pad;

    // Byline: avatar, name and handle, age on the right.
    const std::string age = format_age(post.created, now);
    const float age_w = text_width(fonts.small, age);
    const float avatar = 64 * scale;
    float name_x = x;
    if (wall_.show_authors) {
        const ImVec2 center = v(x + avatar / 2, y + avatar / 2);
        const Texture* tex = textures.get(post.avatar_local_path, {static_cast<int>(std::ceil(avatar)), static_cast<int>(std::ceil(avatar))});
        if (tex) {
            draw_cover_image(dl, *tex, {x, y, avatar, avatar}, 0, 0, alpha, avatar / 2);
        } else {
            dl->AddCircleFilled(center, avatar / 2, color(theme_.accent, alpha), 48);
            const std::string ini = initials(post.author);
            const float iw = text_width(fonts.author, ini);
            text(dl, fonts.author, center.x - iw / 2, center.y - fonts.author->FontSize / 2,
                 color(theme_.background, alpha), ini);
        }
        name_x = x + avatar + 18 * scale;
        const float name_room = r.right() - pad - age_w - 16 * scale - name_x;
        WrappedText name = wrap_text(post.author, name_room, 1,
                                     [&](std::string_view s) { return text_width(fonts.author, s); });
        text(dl, fonts.author, name_x, y, color(theme_.text, alpha), name.lines.empty() ? "" : name.lines[0]);
        WrappedText handle = wrap_text(post.handle, r.right() - pad - name_x, 1,
                                       [&](std::string_view s) { return text_width(fonts.small, s); });
        text(dl, fonts.small, name_x, y + fonts.author->FontSize + 2 * scale, color(theme_.muted_text, alpha),
             handle.lines.empty() ? "" : handle.lines[0]);
        text(dl, fonts.small, r.right() - pad - age_w, y + 4 * scale, color(theme_.muted_text, alpha), age);
        y += avatar + 18 * scale;
    } else {
        text(dl, fonts.small, r.right() - pad - age_w, y, color(theme_.muted_text, alpha), age);
        y += fonts.small->FontSize + 12 * scale;
    }

    // The text, then the first image filling the rest of the card (at least
    // 40% of it); the image's alt text instead when it did not decode.
    const Media* media = post.media.empty() ? nullptr : &post.media.front();
    const bool has_image = media && !media->local_path.empty() && !textures.failed(media->local_path);
    const std::string alt_line = media && !has_image ? media->alt : std::string();
    const float bottom = r.bottom() - pad;
    const float line_h = fonts.body->FontSize * 1.25f;
    const float image_gap = 16 * scale;
    const float min_image_h = has_image ? std::round((bottom - y) * 0.40f) : 0.0f;
    const float alt_h = alt_line.empty() ? 0.0f : fonts.small->FontSize * 2.8f;
    const float text_room = bottom - y - (has_image ? min_image_h + image_gap : 0.0f) - alt_h;
    const int max_lines = std::max(1, static_cast<int>(text_room / line_h));
    WrappedText body = wrap_text(post.text, inner_w, max_lines,
                                 [&](std::string_view s) { return text_width(fonts.body, s); });
    for (const std::string& line : body.lines) {
        text(dl, fonts.body, x, y, color(theme_.text, alpha), line);
        y += line_h;
    }
    if (has_image) {
        const Rect box{x, y + image_gap, inner_w, bottom - y - image_gap};
        if (const Texture* tex = textures.get(media->local_path, {static_cast<int>(std::ceil(box.w)), static_cast<int>(std::ceil(box.h))})) {
            draw_cover_image(dl, *tex, box, media->focus_x, media->focus_y, alpha, 12 * scale);
        } else {
            // Still decoding: a quiet placeholder of the same size, no flicker.
            dl->AddRectFilled(v(box.x, box.y), v(box.right(), box.bottom()), color(theme_.background, alpha * 0.5f),
                              12 * scale);
        }
    } else if (!alt_line.empty()) {
        WrappedText alt = wrap_text("Image: " + alt_line, inner_w, 2,
                                    [&](std::string_view s) { return text_width(fonts.small, s); });
        float ay = y + fonts.small->FontSize * 0.5f;
        for (const std::string& line : alt.lines) {
            text(dl, fonts.small, x, ay, color(theme_.muted_text, alpha), line);
            ay += fonts.small->FontSize * 1.3f;
        }
    }
    dl->PopClipRect();
}

void WallView::draw_announcement_card(ImDrawList* dl, const Rect& r, const Announcement& a, float alpha,
                                      const FontSet& fonts, TextureCache& textures, float scale) {
    const float rounding = 18 * scale;
    const float pad = 26 * scale;
    dl->AddRectFilled(v(r.x, r.y), v(r.right(), r.bottom()), color(theme_.card, alpha), rounding);
    dl->AddRectFilled(v(r.x, r.y), v(r.x + 10 * scale, r.bottom()), color(theme_.accent, alpha), rounding,
                      ImDrawFlags_RoundCornersLeft);
    dl->PushClipRect(v(r.x, r.y), v(r.right(), r.bottom()), true);
    float x = r.x + pad + 10 * scale;
    float y = r.y + pad;
    const float inner_w = r.right() - pad - x;
    text(dl, fonts.small, x, y, color(theme_.accent, alpha), "ANNOUNCEMENT");
    y += fonts.small->FontSize + 10 * scale;
    WrappedText title = wrap_text(a.title, inner_w, 2, [&](std::string_view s) { return text_width(fonts.author, s); });
    for (const std::string& line : title.lines) {
        text(dl, fonts.author, x, y, color(theme_.text, alpha), line);
        y += fonts.author->FontSize * 1.2f;
    }
    y += 8 * scale;
    float bottom = r.bottom() - pad;
    if (!a.image_local_path.empty()) {
        if (const Texture* tex = textures.get(a.image_local_path)) {
            const float image_h = std::round((bottom - y) * 0.45f);
            draw_cover_image(dl, *tex, {x, bottom - image_h, inner_w, image_h}, 0, 0, alpha, 12 * scale);
            bottom -= image_h + 16 * scale;
        }
    }
    const float line_h = fonts.body->FontSize * 1.25f;
    WrappedText body = wrap_text(a.body, inner_w, std::max(1, static_cast<int>((bottom - y) / line_h)),
                                 [&](std::string_view s) { return text_width(fonts.body, s); });
    for (const std::string& line : body.lines) {
        text(dl, fonts.body, x, y, color(theme_.text, alpha), line);
        y += line_h;
    }
    dl->PopClipRect();
}

void WallView::draw_prompt_card(ImDrawList* dl, const Rect& r, const HashtagPrompt& p, float alpha,
                                const FontSet& fonts, float scale) {
    const float rounding = 18 * scale;
    const float pad = 30 * scale;
    dl->AddRectFilled(v(r.x, r.y), v(r.right(), r.bottom()), color(theme_.prompt_card, alpha), rounding);
    dl->PushClipRect(v(r.x, r.y), v(r.right(), r.bottom()), true);
    const QrCode& qr = qr_for(p.url);
    float qr_side = 0;
    if (qr.size > 0) {
        // Quiet zone of 4 modules; whole pixels per module keep edges sharp for phone cameras.
        qr_side = std::min(r.h - 2 * pad, r.w * 0.42f);
        const float module = std::floor(qr_side / static_cast<float>(qr.size + 8));
        qr_side = module * static_cast<float>(qr.size + 8);
        const float qx = std::round(r.right() - pad - qr_side);
        const float qy = std::round(r.y + (r.h - qr_side) / 2);
        dl->AddRectFilled(v(qx, qy), v(qx + qr_side, qy + qr_side), IM_COL32(255, 255, 255, static_cast<int>(255 * alpha)),
                          6 * scale);
        const ImU32 dark = IM_COL32(0, 0, 0, static_cast<int>(255 * alpha));
        for (int y = 0; y < qr.size; ++y)
            for (int x = 0; x < qr.size; ++x)
                if (qr.at(x, y)) {
                    const float mx = qx + module * static_cast<float>(x + 4);
                    const float my = qy + module * static_cast<float>(y + 4);
                    dl->AddRectFilled(v(mx, my), v(mx + module, my + module), dark);
                }
    }
    const float x = r.x + pad;
    const float inner_w = r.w - 2 * pad - (qr_side > 0 ? qr_side + 24 * scale : 0);
    const ImU32 white = IM_COL32(255, 255, 255, static_cast<int>(255 * alpha));
    WrappedText lead = wrap_text(p.text, inner_w, 3, [&](std::string_view s) { return text_width(fonts.body, s); });
    // The hashtag in the large font when it fits on one line, else the smaller bold one.
    const std::string hashtag = "#" + p.hashtag;
    ImFont* tag_font = text_width(fonts.title, hashtag) <= inner_w ? fonts.title : fonts.author;
    WrappedText tag = wrap_text(hashtag, inner_w, 2, [&](std::string_view s) { return text_width(tag_font, s); });
    const float block_h = static_cast<float>(lead.lines.size()) * fonts.body->FontSize * 1.25f + 10 * scale +
                          static_cast<float>(tag.lines.size()) * tag_font->FontSize * 1.15f +
                          (qr.size > 0 ? fonts.small->FontSize * 2.0f : 0.0f);
    float y = r.y + std::max(pad, (r.h - block_h) / 2);
    for (const std::string& line : lead.lines) {
        text(dl, fonts.body, x, y, white, line);
        y += fonts.body->FontSize * 1.25f;
    }
    y += 10 * scale;
    for (const std::string& line : tag.lines) {
        text(dl, tag_font, x, y, white, line);
        y += tag_font->FontSize * 1.15f;
    }
    if (qr.size > 0) {
        y += fonts.small->FontSize * 0.7f;
        text(dl, fonts.small, x, y, white, "Scan the code to join in");
    }
    dl->PopClipRect();
}

void WallView::draw_empty_message(ImDrawList* dl, const Rect& r, float alpha, const FontSet& fonts) {
    const char* line1 = "Stories from our community appear here.";
    const float w1 = text_width(fonts.title, line1);
    text(dl, fonts.title, r.x + (r.w - w1) / 2, r.y + r.h / 2 - fonts.title->FontSize, color(theme_.text, alpha), line1);
}

}  // namespace lw::wall
