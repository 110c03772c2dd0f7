// The grid wall's drawing and paging: see wall_view.h.
#include "wall/wall_view.h"

#include "core/contrast.h"
#include "core/time.h"
#include "core/trending.h"
#include "wall/pairing_view.h"
#include "wall/text_layout.h"
#include "wall/wall_text.h"

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

// Every text goes through the text engine (wall_text.h).
void text(ImDrawList* dl, const FontSet& fonts, ImFont* font, float x, float y, ImU32 col, std::string_view s) {
    draw_text(dl, fonts, font, x, y, col, s);
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

// A picture narrower than half its box is shown at most twice its size,
// centred at the top of the box, instead of blown up into a blur.
Rect small_picture_box(const Rect& box, int width, int height) {
    if (width <= 0 || height <= 0 || 2.0f * static_cast<float>(width) >= box.w) return box;
    const float s = std::min(2.0f, box.h / static_cast<float>(height));
    const float w = std::round(static_cast<float>(width) * s), h = std::round(static_cast<float>(height) * s);
    return {box.x + std::round((box.w - w) / 2), box.y, w, h};
}

// The picture's own size when known: the feed's numbers, else the decoded texture's.
std::pair<int, int> natural_size(const Media& m, const Texture* t) {
    if (m.width > 0 && m.height > 0) return {m.width, m.height};
    return t ? std::pair{t->width, t->height} : std::pair{0, 0};
}


// "5 min ago", counted in the clock's whole minutes, so that every relative
// time on the wall changes together with the clock in the header: one redraw
// a minute, and a post from 10:03 reads "5 min ago" when the clock says 10:08.
std::string age_label(TimePoint created, TimePoint now) {
    using std::chrono::floor;
    using std::chrono::minutes;
    return format_age(floor<minutes>(created), floor<minutes>(now));
}

// A post as it looks on a card: where its pictures are cached makes no
// difference until they are decoded (they then appear in place).
Post as_seen(const Post& p) {
    Post seen = p;
    seen.avatar_local_path.clear();
    for (Media& m : seen.media) m.local_path.clear();
    for (CustomEmoji& e : seen.emojis) e.local_path.clear();
    return seen;
}

bool same_rect(const Rect& a, const Rect& b) { return a.x == b.x && a.y == b.y && a.w == b.w && a.h == b.h; }

}  // namespace

Drift burn_in_drift(double seconds, float amplitude, double period_s) {
    if (amplitude <= 0 || period_s <= 0) return {};
    const double step = std::floor(std::max(0.0, seconds) / period_s);
    // Two incommensurate rates trace a Lissajous figure that covers the
    // square over a few hours; whole pixels, so text stays crisp.
    return {std::round(amplitude * static_cast<float>(std::sin(step * 1.13))),
            std::round(amplitude * static_cast<float>(std::sin(step * 0.71)))};
}

WallView::WallView(const WallConfig& wall, const ThemeConfig& theme)
    : wall_(wall), theme_(theme), kind_(layout_kind(wall.layout)),
      transition_fps_(wall.transition_fps > 0 ? wall.transition_fps : 30) {}

const QrCode& WallView::qr_for(const std::string& url) {
    auto it = qr_cache_.find(url);
    if (it == qr_cache_.end()) it = qr_cache_.emplace(url, encode_qr(url)).first;
    return it->second;
}

const PageGeometry& WallView::geometry() const {
    static const PageGeometry none;
    return current_ ? current_->geo : none;
}

CardItem WallView::card_item(size_t i) const {
    if (!current_ || i >= current_->geo.cards.size()) return {};
    return current_->items[static_cast<size_t>(current_->geo.cards[i].item)];
}

CardSize WallView::card_size(const CardItem& item, float width, float max_height, const FontSet& fonts,
                             TextureCache& textures, float scale) const {
    const float pad = 26 * scale;
    const float inner_w = width - 2 * pad;
    const float line_h = fonts.body->FontSize * 1.25f;
    constexpr int kMaxLines = 8;
    if (item.announcement) {
        const Announcement& a = *item.announcement;
        const float title_h = static_cast<float>(wrap_text(fonts, fonts.author, a.title, inner_w - 10 * scale, 2).lines.size()) *
                              fonts.author->FontSize * 1.2f;
        const float head = 2 * pad + fonts.small->FontSize + 10 * scale + title_h + 8 * scale;
        const bool image = !a.image_local_path.empty() && textures.get(a.image_local_path);
        int lines = static_cast<int>(wrap_text(fonts, fonts.body, a.body, inner_w - 10 * scale, kMaxLines).lines.size());
        auto height = [&](int n) {
            const float body = static_cast<float>(n) * line_h;
            return head + (image ? (body + 16 * scale) / 0.55f : body);
        };
        while (lines > 1 && height(lines) > max_height) --lines;
        return {std::ceil(height(lines)), lines};
    }
    const Post& post = *item.post;
    const float head = 2 * pad + (wall_.show_authors ? 82 * scale : fonts.small->FontSize + 12 * scale);
    const Media* media = post.media.empty() ? nullptr : &post.media.front();
    const bool has_image = media && !media->local_path.empty() && !textures.failed(media->local_path);
    float image_h = 0;
    float picture_h = 0;  // the picture's own height at the card's width
    if (has_image) {
        float aspect = 4.0f / 3.0f;
        if (media->width > 0 && media->height > 0) aspect = static_cast<float>(media->width) / static_cast<float>(media->height);
        else if (const Texture* t = textures.get(media->local_path))
            aspect = static_cast<float>(t->width) / static_cast<float>(std::max(1, t->height));
        image_h = 16 * scale + std::round(inner_w / std::clamp(aspect, 0.8f, 2.0f));
        // Masonry may draw the card taller to end its column: the picture keeps two thirds of its width.
        picture_h = inner_w / aspect;
        const auto [w, h] = natural_size(*media, textures.get(media->local_path));
        if (w > 0 && 2.0f * static_cast<float>(w) < inner_w) {
            image_h = 16 * scale + 2.0f * static_cast<float>(h);
            picture_h = 0;  // a small picture keeps its size: no growing
        }
    }
    const float alt_h = media && !has_image && !media->alt.empty() ? fonts.small->FontSize * 2.8f : 0.0f;
    int lines = static_cast<int>(wrap_text(fonts, fonts.body, post.text, inner_w, kMaxLines, post.language).lines.size());
    auto height = [&](int n) { return head + static_cast<float>(n) * line_h + image_h + alt_h; };
    if (height(lines) > max_height && has_image) {
        // Shorter pictures first (cropped, never squashed), then fewer lines.
        const float min_image = 16 * scale + std::round(inner_w * 0.45f);
        image_h = std::max(min_image, image_h - (height(lines) - max_height));
    }
    while (lines > 2 && height(lines) > max_height) --lines;
    CardSize out{std::ceil(height(lines)), std::max(1, lines)};
    if (has_image) out.max_grow = std::max(0.0f, std::floor(1.5f * picture_h - (image_h - 16 * scale)));
    return out;
}

WallView::Page WallView::build_page(const SnapshotPtr& snapshot, int first, const FontSet& fonts,
                                    TextureCache& textures, const GridLayout& g, TimePoint now) {
    Page page;
    page.serial = next_serial_++;
    page.snapshot = snapshot;
    page.items = rotation(*snapshot, now, wall_.announcement_every, wall_.pinned_every);
    PageRequest request;
    request.kind = kind_;
    request.first = page.items.empty() ? 0 : first % static_cast<int>(page.items.size());
    request.masonry_columns = wall_.masonry_columns;
    request.spotlight_small = wall_.spotlight_small;
    request.prompt = !snapshot->prompts.empty();
    for (const CardItem& item : page.items) {
        request.keys.push_back(item.key());
        bool image = false;
        if (item.post && !item.post->media.empty()) {
            const std::string& path = item.post->media.front().local_path;
            image = !path.empty() && !textures.failed(path);
        } else if (item.announcement) {
            image = !item.announcement->image_local_path.empty() && !textures.failed(item.announcement->image_local_path);
        }
        request.has_image.push_back(image);
    }
    page.geo = layout_page(g, request, [&](int i, float width, float max_height) {
        return card_size(page.items[static_cast<size_t>(i)], width, max_height, fonts, textures, g.scale);
    });
    // Ask for the next cards' pictures now, so the next page is measured
    // with their real shapes (masonry) and shows them at once.
    for (int k = 0; k < 8 && !page.items.empty(); ++k) {
        const CardItem& item = page.items[static_cast<size_t>(page.geo.next_first + k) % page.items.size()];
        if (item.post && !item.post->media.empty() && !item.post->media.front().local_path.empty() &&
            !textures.failed(item.post->media.front().local_path))
            textures.get(item.post->media.front().local_path);
    }
    if (request.prompt) {
        page.prompt_index = page_ % static_cast<int>(snapshot->prompts.size());
        const HashtagPrompt& prompt = snapshot->prompts[static_cast<size_t>(page.prompt_index)];
        if (wall_.trending_count > 0) {
            TrendingOptions options;
            options.window = std::chrono::hours(wall_.trending_hours);
            options.count = static_cast<size_t>(wall_.trending_count);
            if (!snapshot->kill_switch) page.trending = trending_hashtags(snapshot->posts, now, {prompt.hashtag}, options);
        }
    }
    return page;
}

FrameInfo WallView::draw(ImDrawList* dl, const SnapshotPtr& snapshot, const FontSet& fonts,
                         TextureCache& textures, const GridLayout& g, TimePoint now, const std::tm& local,
                         double seconds, bool scene_cached, PageTextures* page_textures) {
    FrameInfo info;
    scene_skipped_ = false;
    const WallSnapshot& s = *snapshot;
    if (s.pairing) {  // a fleet screen waiting to be paired: its code, full-screen
        scene_key_ = SceneKey{};
        draw_pairing_page(dl, *s.pairing, fonts, g, theme_);
        return info;
    }
    const double transition_s = wall_.transition_ms / 1000.0;
    if (page_started_ < 0) page_started_ = seconds;

    // New content always cross-fades (cards mostly stay in place); a new page
    // slides when the config asks for it.
    auto start_transition = [&](Page from, bool page_turn) {
        if (transition_s <= 0) return;
        ++transitions_;
        outgoing_ = std::move(from);
        transition_started_ = seconds;
        sliding_ = page_turn && wall_.transition == "slide";
    };
    const bool resized = g.content.x != built_for_.x || g.content.y != built_for_.y || g.content.w != built_for_.w ||
                         g.content.h != built_for_.h || g.scale != built_scale_;
    if (!current_ || resized) {
        // First frame or a new screen size: lay out again, no fade.
        outgoing_.reset();
        current_ = build_page(snapshot, first_, fonts, textures, g, now);
        built_for_ = g.content;
        built_scale_ = g.scale;
    } else if (snapshot != current_->snapshot) {
        // New content: fade from what was on screen to the same place in the
        // new rotation, unless the page would look just the same (a poll that
        // only refreshed what is shown, a post arriving for a later page).
        Page fresh = build_page(snapshot, first_, fonts, textures, g, now);
        if (!same_look(fresh, *current_)) start_transition(std::move(*current_), false);
        current_ = std::move(fresh);
    }
    if (!current_->geo.shows_all && seconds - page_started_ >= wall_.page_seconds) {
        first_ = current_->geo.next_first;
        ++page_;
        Page next = build_page(snapshot, first_, fonts, textures, g, now);
        start_transition(std::move(*current_), true);
        current_ = std::move(next);
        page_started_ = seconds;
    }
    {
        const int n = std::max<int>(1, static_cast<int>(current_->items.size()));
        const int per_page = std::max<int>(1, static_cast<int>(current_->geo.cards.size()));
        page_count_ = current_->geo.shows_all ? 1 : (kind_ == LayoutKind::Spotlight ? n : (n + per_page - 1) / per_page);
    }
    if (!current_->geo.shows_all)
        info.next_change_s = std::max(0.0, page_started_ + wall_.page_seconds - seconds);

    // The burn-in drift moves the whole picture, only at its own steps.
    const double drift_period = wall_.burn_in_minutes * 60.0;
    const Drift drift = burn_in_drift(seconds, static_cast<float>(wall_.burn_in_pixels) * g.scale, drift_period);
    if (wall_.burn_in_pixels > 0)
        info.next_change_s = std::min(info.next_change_s, drift_period - std::fmod(std::max(0.0, seconds), drift_period));
    GridLayout shifted = g;
    for (Rect* r : {&shifted.header, &shifted.content, &shifted.ticker}) {
        r->x += drift.x;
        r->y += drift.y;
    }

    if (outgoing_ && transition_s > 0 && seconds - transition_started_ >= transition_s) outgoing_.reset();
    ticker_band_ = shifted.ticker;
    const SceneKey key{snapshot.get(), page_, drift.x, drift.y, local.tm_hour * 60 + local.tm_min,
                       g.content.x, g.content.y, g.content.w, g.content.h};
    const bool band_only = wall_.ticker && scene_cached && !outgoing_ && key == scene_key_;
    scene_key_ = outgoing_ ? SceneKey{} : key;  // a fade is never reused
    if (band_only) {
        // Nothing but the band moves: the renderer copies the scene it kept.
        scene_skipped_ = true;
        if (draw_ticker(ImGui::GetForegroundDrawList(), shifted.ticker, snapshot, fonts, g.scale, now, seconds))
            info.next_change_s = std::min(info.next_change_s, 1.0 / std::max(1, wall_.ticker_fps));
        info.next_change_s = std::min(info.next_change_s, 60.0 - static_cast<double>(local.tm_sec));
        return info;
    }

    // The background is the renderer's glClear, in the theme's background
    // colour, before anything is drawn, so no frame is ever black. (A
    // full-screen rectangle here as well cost a whole screen of blending per
    // frame: a quarter of the CPU of a fade frame on software GL, docs/wall.md.)
    draw_header(dl, s, fonts, textures, shifted, local);

    float t = 1.0f;
    if (outgoing_ && transition_s > 0) {
        t = static_cast<float>((seconds - transition_started_) / transition_s);
        if (t >= 1.0f) {
            outgoing_.reset();
            t = 1.0f;
        }
    }
    if (page_textures && page_textures->ok() &&
        compose_pages(dl, smoothstep(t), *page_textures, fonts, textures, g, shifted, drift, now)) {
        // Drawn as textured quads.
    } else if (outgoing_ && sliding_) {
        draw_slide(dl, smoothstep(t), fonts, textures, g, shifted, drift, now);
    } else if (outgoing_) {
        const float e = smoothstep(t);
        // The old page stays opaque underneath wherever the new one puts a
        // card over it, while the new one fades in on top, so cards never dip
        // towards the background; the rest of the old page fades out.
        draw_page(dl, *outgoing_, 1.0f - e, &*current_, fonts, textures, g, drift, now);
        draw_page(dl, *current_, e, nullptr, fonts, textures, g, drift, now);
    } else {
        draw_page(dl, *current_, 1.0f, nullptr, fonts, textures, g, drift, now);
    }
    if (outgoing_ && sliding_) {
        info.animating = true;
    } else if (outgoing_) {
        // The next fade frame: after 1/transition_fps s, or right away (the
        // main loop caps it at max_fps).
        if (transition_fps_ < 60)
            info.next_change_s = std::min(info.next_change_s, 1.0 / std::max(1, transition_fps_));
        else
            info.animating = true;
    }
    if (wall_.ticker && shifted.ticker.h > 0) {
        // On its own draw list, so the renderer can redraw the band alone.
        // The band moves all the time (when it has something to show), at its own (lower) frame rate.
        if (draw_ticker(ImGui::GetForegroundDrawList(), shifted.ticker, snapshot, fonts, g.scale, now, seconds))
            info.next_change_s = std::min(info.next_change_s, 1.0 / std::max(1, wall_.ticker_fps));
    }
    // Ages ("5 min ago") and the clock change on the minute.
    const double to_next_minute = 60.0 - static_cast<double>(local.tm_sec);
    info.next_change_s = std::min(info.next_change_s, to_next_minute);
    return info;
}

bool WallView::same_look(const Page& a, const Page& b) const {
    if (a.geo.cards.size() != b.geo.cards.size() || a.geo.has_prompt != b.geo.has_prompt || a.trending != b.trending)
        return false;
    for (size_t i = 0; i < a.geo.cards.size(); ++i) {
        const PlacedCard& ca = a.geo.cards[i];
        const PlacedCard& cb = b.geo.cards[i];
        if (!same_rect(ca.rect, cb.rect) || ca.big != cb.big || ca.body_lines != cb.body_lines) return false;
        const CardItem& ia = a.items[static_cast<size_t>(ca.item)];
        const CardItem& ib = b.items[static_cast<size_t>(cb.item)];
        if (!ia.post != !ib.post) return false;
        if (ia.post ? as_seen(*ia.post) != as_seen(*ib.post) : *ia.announcement != *ib.announcement) return false;
    }
    if (a.geo.cards.empty() && a.snapshot->kill_switch != b.snapshot->kill_switch) return false;
    return !a.geo.has_prompt || (same_rect(a.geo.prompt, b.geo.prompt) &&
                                 a.snapshot->prompts[static_cast<size_t>(a.prompt_index)] ==
                                     b.snapshot->prompts[static_cast<size_t>(b.prompt_index)]);
}

std::string WallView::look_key(const Page& page, TimePoint now) const {
    std::string key;
    for (const PlacedCard& card : page.geo.cards)
        if (const Post* post = page.items[static_cast<size_t>(card.item)].post) key += age_label(post->created, now) + '|';
    return key;
}

unsigned WallView::page_texture(const Page& page, PageTextures& pages, const std::vector<std::uint64_t>& keep,
                                const FontSet& fonts, TextureCache& textures, const GridLayout& g, TimePoint now) {
    const std::string key = look_key(page, now);
    if (const unsigned id = pages.find(page.serial, key)) return id;
    const Rect& area = pages.area();
    ImDrawList list(ImGui::GetDrawListSharedData());
    list._ResetForNewFrame();
    list.Flags = ImGui::GetBackgroundDrawList()->Flags;  // the same anti-aliasing as the screen
    list.PushTextureID(ImGui::GetIO().Fonts->TexID);
    list.PushClipRect(v(area.x, area.y), v(area.right(), area.bottom()));
    draw_page(&list, page, 1.0f, nullptr, fonts, textures, g, Drift{}, now);
    if (fonts.text) fonts.text->upload_now();  // the list is rendered now, not at the end of the frame
    return pages.render(page.serial, key, list, keep);
}

bool WallView::compose_pages(ImDrawList* dl, float eased, PageTextures& pages, const FontSet& fonts,
                             TextureCache& textures, const GridLayout& g, const GridLayout& shifted, Drift d,
                             TimePoint now) {
    const Rect area = pages.set_area(g.content);
    std::vector<std::uint64_t> keep{current_->serial};
    if (outgoing_) keep.push_back(outgoing_->serial);
    pages.keep_only(keep);  // the page that left frees its texture
    const unsigned incoming = page_texture(*current_, pages, keep, fonts, textures, g, now);
    const unsigned leaving = outgoing_ ? page_texture(*outgoing_, pages, keep, fonts, textures, g, now) : 0;
    if (!incoming || (outgoing_ && !leaving)) return false;
    // Texture rows run bottom to top; whole pixels, so each texel lands on one pixel.
    auto quad = [&](unsigned id, float dx, float dy, float alpha) {
        dl->AddImage(reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(id)), v(area.x + dx, area.y + dy),
                     v(area.right() + dx, area.bottom() + dy), v(0, 1), v(1, 0),
                     IM_COL32(255, 255, 255, static_cast<int>(std::lround(255 * std::clamp(alpha, 0.0f, 1.0f)))));
    };
    if (!outgoing_) {
        quad(incoming, d.x, d.y, 1.0f);
    } else if (sliding_) {
        // One page width plus a gap apart, so the two pages move as one strip.
        const float span = g.content.w + g.gap;
        const Rect& c = shifted.content;
        dl->PushClipRect(v(c.x, c.y), v(c.right(), c.bottom()), true);
        quad(leaving, d.x - std::round(eased * span), d.y, 1.0f);
        quad(incoming, d.x + std::round((1.0f - eased) * span), d.y, 1.0f);
        dl->PopClipRect();
    } else {
        // A cross-fade is a blend of the two finished pages: the old one
        // opaque underneath, the new one over it with growing opacity. Both
        // are opaque pictures, so no pixel ever dips towards the background.
        if (!pages.copy_under(outgoing_->serial, d.x, d.y)) quad(leaving, d.x, d.y, 1.0f);
        quad(incoming, d.x, d.y, eased);
    }
    return true;
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
    text(dl, fonts, fonts.title, x, h.y + (h.h - fonts.title->FontSize) / 2, color(theme_.text), wall_.hospital_name);

    char clock[16];
    std::strftime(clock, sizeof clock, "%H:%M", &local);
    char date[64];
    std::strftime(date, sizeof date, "%A %d %B", &local);
    if (char* zero = std::strstr(date, " 0")) std::memmove(zero + 1, zero + 2, std::strlen(zero + 2) + 1);
    const float clock_w = text_width(fonts, fonts.clock, clock);
    const float clock_x = h.right() - pad - clock_w;
    text(dl, fonts, fonts.clock, clock_x, h.y + (h.h - fonts.clock->FontSize) / 2, color(theme_.text), clock);
    std::string date_text = date;
    const float date_w = text_width(fonts, fonts.small, date_text);
    const float date_y = h.y + (h.h - fonts.small->FontSize) / 2;
    text(dl, fonts, fonts.small, clock_x - 28 * g.scale - date_w, date_y, color(theme_.muted_text), date_text);
    if (s.offline_since) {
        // A quiet mark for staff, not an alarm for visitors.
        std::tm since{};
        const std::time_t t = std::chrono::system_clock::to_time_t(*s.offline_since);
        localtime_r(&t, &since);
        char mark[80];
        // A fleet screen says what it still shows (docs/fleet.md, offline screens).
        const char* format = s.offline_shows == OfflineShows::LastWall ? "offline since %H:%M, showing the last wall"
                             : s.offline_shows == OfflineShows::AnnouncementsOnly
                                 ? "offline since %H:%M, announcements only"
                                 : "offline since %H:%M";
        std::strftime(mark, sizeof mark, format, &since);
        const float mark_w = text_width(fonts, fonts.small, mark);
        text(dl, fonts, fonts.small, clock_x - 28 * g.scale - date_w - 36 * g.scale - mark_w, date_y,
             color(theme_.muted_text), mark);  // full strength: 4.5:1 holds for every text
    }
}

void WallView::draw_slide(ImDrawList* dl, float eased, const FontSet& fonts, TextureCache& textures,
                          const GridLayout& g, const GridLayout& shifted, Drift d, TimePoint now) {
    // One page width plus a gap apart, so the two pages move as one strip.
    const float span = g.content.w + g.gap;
    const Drift out{d.x - std::round(eased * span), d.y};
    const Drift in{d.x + std::round((1.0f - eased) * span), d.y};
    // Everything on the page moves together, the prompt too: a prompt held
    // still would leave its empty slot travelling through the cards.
    const Rect& c = shifted.content;
    dl->PushClipRect(v(c.x, c.y), v(c.right(), c.bottom()), true);
    draw_page(dl, *outgoing_, 1.0f, nullptr, fonts, textures, g, out, now);
    draw_page(dl, *current_, 1.0f, nullptr, fonts, textures, g, in, now);
    dl->PopClipRect();
}

void WallView::draw_page(ImDrawList* dl, const Page& page, float alpha, const Page* cover, const FontSet& fonts,
                         TextureCache& textures, const GridLayout& g, Drift d, TimePoint now) {
    auto moved = [&](Rect r) {
        r.x += d.x;
        r.y += d.y;
        return r;
    };
    // A card hidden by one of `cover`'s cards (90% of it or more) stays opaque.
    auto covered = [&](const Rect& r) {
        if (!cover) return false;
        auto overlap = [&](const Rect& c) {
            const float w = std::min(r.right(), c.right()) - std::max(r.x, c.x);
            const float h = std::min(r.bottom(), c.bottom()) - std::max(r.y, c.y);
            return w > 0 && h > 0 && w * h >= 0.9f * r.w * r.h;
        };
        for (const PlacedCard& c : cover->geo.cards)
            if (overlap(c.rect)) return true;
        return cover->geo.has_prompt && overlap(cover->geo.prompt);
    };
    if (page.geo.cards.empty()) {
        Rect area = g.content;
        if (page.geo.has_prompt) {
            if (kind_ == LayoutKind::Grid) area.h = g.slots.front().h;  // message above, prompt below
            else if (page.geo.prompt.y > area.y + 1) area.h = page.geo.prompt.y - g.gap - area.y;
            else area.w = page.geo.prompt.x - g.gap - area.x;
        }
        draw_empty_message(dl, moved(area), alpha, fonts);
    }
    for (const PlacedCard& card : page.geo.cards) {
        const CardItem& item = page.items[static_cast<size_t>(card.item)];
        const float a = covered(card.rect) ? 1.0f : alpha;
        if (item.post)
            draw_post_card(dl, moved(card.rect), *item.post, a, fonts, textures, g.scale, now, card.body_lines, card.big);
        else
            draw_announcement_card(dl, moved(card.rect), *item.announcement, a, fonts, textures, g.scale);
    }
    if (page.geo.has_prompt) {
        const HashtagPrompt& prompt = page.snapshot->prompts[static_cast<size_t>(page.prompt_index)];
        draw_prompt_card(dl, moved(page.geo.prompt), prompt, covered(page.geo.prompt) ? 1.0f : alpha, fonts, g.scale,
                         page.trending);
    }
}

void WallView::draw_post_card(ImDrawList* dl, const Rect& r, const Post& post, float alpha, const FontSet& fonts,
                              TextureCache& textures, float scale, TimePoint now, int body_lines, bool big) {
    const float rounding = 18 * scale;
    const float pad = 26 * scale;
    dl->AddRectFilled(v(r.x, r.y), v(r.right(), r.bottom()), color(theme_.card, alpha), rounding);
    dl->PushClipRect(v(r.x, r.y), v(r.right(), r.bottom()), true);
    float x = r.x + pad;
    float y = r.y + pad;
    const float inner_w = r.w - 2 * pad;

    // Byline: avatar, name and handle, age on the right; mirrored (avatar
    // on the right, age on the left) for a post that reads right to left.
    const bool rtl = reads_right_to_left(fonts, post.text);
    const std::string age = age_label(post.created, now);
    const float age_w = text_width(fonts, fonts.small, age);
    const float age_x = rtl ? x : r.right() - pad - age_w;
    const float avatar = 64 * scale;
    if (wall_.show_authors) {
        const float avatar_x = rtl ? r.right() - pad - avatar : x;
        const ImVec2 center = v(avatar_x + avatar / 2, y + avatar / 2);
        const Texture* tex = textures.get(post.avatar_local_path, {static_cast<int>(std::ceil(avatar)), static_cast<int>(std::ceil(avatar))});
        if (tex) {
            draw_cover_image(dl, *tex, {avatar_x, y, avatar, avatar}, 0, 0, alpha, avatar / 2);
        } else {
            dl->AddCircleFilled(center, avatar / 2, color(theme_.accent, alpha), 48);
            const std::string ini = initials(post.author);
            const float iw = text_width(fonts, fonts.author, ini);
            text(dl, fonts, fonts.author, center.x - iw / 2, center.y - fonts.author->FontSize / 2,
                 color(readable_or(theme_.background, theme_.accent), alpha), ini);
        }
        // The name and handle between the avatar and the age (the handle may run under the age).
        const float name_x = rtl ? x + age_w + 16 * scale : x + avatar + 18 * scale;
        const float name_end = rtl ? avatar_x - 18 * scale : r.right() - pad - age_w - 16 * scale;
        const float handle_x = rtl ? x : name_x;
        const float handle_end = rtl ? name_end : r.right() - pad;
        WrappedText name = wrap_text(fonts, fonts.author, post.author, name_end - name_x, 1);
        WrappedText handle = wrap_text(fonts, fonts.small, shown_handle(post), handle_end - handle_x, 1);
        auto place = [&](const WrappedText& w, ImFont* font, float from, float to, float at_y, ImU32 col) {
            draw_wrapped_line(dl, fonts, font, w, 0, from, at_y, to - from, col, rtl ? Align::Right : Align::Left);
        };
        place(name, fonts.author, name_x, name_end, y, color(theme_.text, alpha));
        place(handle, fonts.small, handle_x, handle_end, y + fonts.author->FontSize + 2 * scale,
              color(theme_.muted_text, alpha));
        text(dl, fonts, fonts.small, age_x, y + 4 * scale, color(theme_.muted_text, alpha), age);
        y += avatar + 18 * scale;
    } else {
        text(dl, fonts, fonts.small, age_x, y, color(theme_.muted_text, alpha), age);
        y += fonts.small->FontSize + 12 * scale;
    }

    // The text, then the first image filling the rest of the card (at least
    // 40% of it); the image's alt text instead when it did not decode.
    const Media* media = post.media.empty() ? nullptr : &post.media.front();
    const bool has_image = media && !media->local_path.empty() && !textures.failed(media->local_path);
    const std::string alt_line = media && !has_image ? media->alt : std::string();
    const float bottom = r.bottom() - pad;
    // The spotlight's card speaks in the large font.
    ImFont* body_font = big ? fonts.title : fonts.body;
    const float line_h = body_font->FontSize * 1.25f;
    const float image_gap = 16 * scale;
    const float min_image_h = has_image ? std::round((bottom - y) * (big ? 0.55f : 0.40f)) : 0.0f;
    const float alt_h = alt_line.empty() ? 0.0f : fonts.small->FontSize * 2.8f;
    const float text_room = bottom - y - (has_image ? min_image_h + image_gap : 0.0f) - alt_h;
    // Masonry cards come measured: their lines, and the picture takes the rest.
    // A wide, low card (beside the spotlight) shows its picture as a square on the right.
    const bool side_image = has_image && body_lines == 0 && r.w > 1.6f * r.h;
    const float side = side_image ? std::min(bottom - y, std::round(inner_w * 0.35f)) : 0.0f;
    const float text_w = side_image ? inner_w - side - image_gap : inner_w;
    const int max_lines = body_lines > 0 ? body_lines
                                         : std::max(1, static_cast<int>((side_image ? bottom - y : text_room) / line_h));
    WrappedText body = wrap_text(fonts, body_font, post.text, text_w, max_lines, post.language);
    if (side_image) {
        const Rect box{r.right() - pad - side, y, side, side};
        if (const Texture* tex = textures.get(media->local_path))
            draw_cover_image(dl, *tex, box, media->focus_x, media->focus_y, alpha, 12 * scale);
        else
            dl->AddRectFilled(v(box.x, box.y), v(box.right(), box.bottom()), color(theme_.background, alpha * 0.5f),
                              12 * scale);
    }
    if (body_lines > 0 && !has_image) {
        // A text card taller than its text (its column's spare room) keeps the text centred.
        const float used = static_cast<float>(body.lines.size()) * line_h + alt_h;
        y += std::max(0.0f, std::floor((bottom - y - used) / 2));
    }
    for (size_t i = 0; i < body.lines.size(); ++i) {
        draw_wrapped_line(dl, fonts, body_font, body, i, x, y, text_w, color(theme_.text, alpha));
        y += line_h;
    }
    if (side_image) {
        // drawn above, beside the text
    } else if (has_image) {
        const Rect box{x, y + image_gap, inner_w, bottom - y - image_gap};
        if (const Texture* tex = textures.get(media->local_path, {static_cast<int>(std::ceil(box.w)), static_cast<int>(std::ceil(box.h))})) {
            const auto [w, h] = natural_size(*media, tex);
            draw_cover_image(dl, *tex, small_picture_box(box, w, h), media->focus_x, media->focus_y, alpha, 12 * scale);
        } else {
            // Still decoding: a quiet placeholder of the same size, no flicker.
            dl->AddRectFilled(v(box.x, box.y), v(box.right(), box.bottom()), color(theme_.background, alpha * 0.5f),
                              12 * scale);
        }
    } else if (!alt_line.empty()) {
        WrappedText alt = wrap_text(fonts, fonts.small, "Image: " + alt_line, inner_w, 2);
        float ay = y + fonts.small->FontSize * 0.5f;
        for (size_t i = 0; i < alt.lines.size(); ++i) {
            draw_wrapped_line(dl, fonts, fonts.small, alt, i, x, ay, inner_w, color(theme_.muted_text, alpha));
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
    text(dl, fonts, fonts.small, x, y, color(theme_.accent, alpha), "ANNOUNCEMENT");
    y += fonts.small->FontSize + 10 * scale;
    WrappedText title = wrap_text(fonts, fonts.author, a.title, inner_w, 2);
    for (size_t i = 0; i < title.lines.size(); ++i) {
        draw_wrapped_line(dl, fonts, fonts.author, title, i, x, y, inner_w, color(theme_.text, alpha));
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
    WrappedText body = wrap_text(fonts, fonts.body, a.body, inner_w, std::max(1, static_cast<int>((bottom - y) / line_h)));
    for (size_t i = 0; i < body.lines.size(); ++i) {
        draw_wrapped_line(dl, fonts, fonts.body, body, i, x, y, inner_w, color(theme_.text, alpha));
        y += line_h;
    }
    dl->PopClipRect();
}

void WallView::draw_prompt_card(ImDrawList* dl, const Rect& r, const HashtagPrompt& p, float alpha,
                                const FontSet& fonts, float scale, const std::vector<std::string>& trending) {
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
    // White, unless the theme's prompt colour is too light for it (then black).
    const ImU32 white = color(readable_or(0xFFFFFFFF, theme_.prompt_card), alpha);
    WrappedText lead = wrap_text(fonts, fonts.body, p.text, inner_w, 3);
    // The hashtag in the large font when it fits on one line, else the smaller bold one.
    const std::string hashtag = "#" + p.hashtag;
    ImFont* tag_font = text_width(fonts, fonts.title, hashtag) <= inner_w ? fonts.title : fonts.author;
    WrappedText tag = wrap_text(fonts, tag_font, hashtag, inner_w, 2);
    std::string trending_line;
    for (const std::string& t : trending) trending_line += (trending_line.empty() ? "Trending: #" : " #") + t;
    WrappedText trend = wrap_text(fonts, fonts.small, trending_line, inner_w, 1);
    const float block_h = static_cast<float>(lead.lines.size()) * fonts.body->FontSize * 1.25f + 10 * scale +
                          static_cast<float>(tag.lines.size()) * tag_font->FontSize * 1.15f +
                          (qr.size > 0 ? fonts.small->FontSize * 2.0f : 0.0f) +
                          static_cast<float>(trend.lines.size()) * fonts.small->FontSize * 1.5f;
    float y = r.y + std::max(pad, (r.h - block_h) / 2);
    for (size_t i = 0; i < lead.lines.size(); ++i) {
        draw_wrapped_line(dl, fonts, fonts.body, lead, i, x, y, inner_w, white);
        y += fonts.body->FontSize * 1.25f;
    }
    y += 10 * scale;
    for (size_t i = 0; i < tag.lines.size(); ++i) {
        draw_wrapped_line(dl, fonts, tag_font, tag, i, x, y, inner_w, white);
        y += tag_font->FontSize * 1.15f;
    }
    if (qr.size > 0) {
        y += fonts.small->FontSize * 0.7f;
        text(dl, fonts, fonts.small, x, y, white, "Scan the code to join in");
        y += fonts.small->FontSize * 1.3f;
    }
    if (!trend.lines.empty()) {
        y += fonts.small->FontSize * 0.5f;
        draw_wrapped_line(dl, fonts, fonts.small, trend, 0, x, y, inner_w, white);
    }
    dl->PopClipRect();
}

void WallView::draw_empty_message(ImDrawList* dl, const Rect& r, float alpha, const FontSet& fonts) {
    const char* line1 = "Stories from our community appear here.";
    const float w1 = text_width(fonts, fonts.title, line1);
    text(dl, fonts, fonts.title, r.x + (r.w - w1) / 2, r.y + r.h / 2 - fonts.title->FontSize, color(theme_.text, alpha), line1);
}

bool WallView::draw_ticker(ImDrawList* dl, const Rect& band, const SnapshotPtr& snapshot, const FontSet& fonts,
                           float scale, TimePoint now, double seconds) {
    if (snapshot != ticker_snapshot_ || fonts.body->FontSize != ticker_font_px_) {
        // Built and measured once per snapshot: each frame only moves it.
        ticker_snapshot_ = snapshot;
        ticker_font_px_ = fonts.body->FontSize;
        ticker_.clear();
        ticker_width_ = 0;
        auto one_line = [](const std::string& s) {
            std::string out;
            for (char c : s) out += (c == '\n' || c == '\t' || c == '\r') ? ' ' : c;
            return out;
        };
        auto clip = [&](const std::string& s) {
            WrappedText w = wrap_text(fonts, fonts.body, one_line(s), 1400 * scale, 1);
            if (w.lines.empty()) return std::string();
            // The engine's lines hold their text without the ellipsis: it goes back at the logical end.
            return w.layout && w.truncated ? w.lines.front() + "\u2026" : w.lines.front();
        };
        const WallSnapshot& s = *snapshot;
        if (!s.kill_switch) {
            // The most recent approved posts, newest first.
            std::vector<const Post*> recent;
            for (const Post& p : s.posts) recent.push_back(&p);
            std::stable_sort(recent.begin(), recent.end(), [](const Post* a, const Post* b) { return a->created > b->created; });
            if (recent.size() > static_cast<size_t>(wall_.ticker_posts)) recent.resize(static_cast<size_t>(wall_.ticker_posts));
            for (const Post* p : recent)
                ticker_.push_back({wall_.show_authors ? p->author : std::string(), clip(p->text), 0, 0,
                                   reads_right_to_left(fonts, p->text)});
        }
        for (const Announcement& a : s.announcements) {
            const bool on = now >= a.starts && !(a.ends > a.starts && now >= a.ends);
            if (on && (s.kill_switch || ticker_.empty()))
                ticker_.push_back({a.title, clip(a.body), 0, 0, reads_right_to_left(fonts, a.body)});
        }
        const float sep = 56 * scale;
        for (TickerSegment& seg : ticker_) {
            seg.author_w = seg.author.empty() ? 0.0f : text_width(fonts, fonts.author, seg.author) + 16 * scale;
            seg.text_w = text_width(fonts, fonts.body, seg.text);
            ticker_width_ += seg.author_w + seg.text_w + sep;
        }
    }
    dl->AddRectFilled(v(band.x, band.y), v(band.right(), band.bottom()), color(theme_.header));
    dl->AddRectFilled(v(band.x, band.y), v(band.right(), band.y + std::round(3 * scale)), color(theme_.accent));
    if (ticker_.empty() || ticker_width_ <= 0) return false;
    dl->PushClipRect(v(band.x, band.y), v(band.right(), band.bottom()), true);
    // Whole pixels per frame, right to left, wrapping round seamlessly.
    const double speed = wall_.ticker_speed * static_cast<double>(scale);
    const float offset = static_cast<float>(std::floor(std::fmod(std::max(0.0, seconds) * speed, static_cast<double>(ticker_width_))));
    const float sep = 56 * scale;
    const float ty = std::round(band.y + (band.h - fonts.body->FontSize) / 2 + 1.5f * scale);
    float x = band.x + 40 * scale - offset;
    for (int guard = 0; x < band.right() && guard < 1000; ++guard) {
        for (const TickerSegment& seg : ticker_) {
            const float w = seg.author_w + seg.text_w + sep;
            if (x + w > band.x && x < band.right()) {
                // A right-to-left post is read from its right end: its author stands there.
                const float text_x = seg.rtl ? x : x + seg.author_w;
                const float author_x = seg.rtl ? x + seg.text_w + 16 * scale : x;
                if (!seg.author.empty()) text(dl, fonts, fonts.author, author_x, ty, color(theme_.accent), seg.author);
                text(dl, fonts, fonts.body, text_x, ty, color(theme_.text), seg.text);
                dl->AddCircleFilled(v(x + seg.author_w + seg.text_w + sep / 2, band.y + band.h / 2 + 1.5f * scale),
                                    4 * scale, color(theme_.muted_text), 12);
            }
            x += w;
            if (x >= band.right()) break;
        }
    }
    dl->PopClipRect();
    return true;
}

}  // namespace lw::wall
