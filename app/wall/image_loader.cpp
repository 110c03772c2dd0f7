// Image decoding and textures: see image_loader.h.
#include "wall/image_loader.h"

#include "core/log.h"
#include "wall/gl_backend.h"

#include <imgui.h>
#include <backends/imgui_impl_opengl3_loader.h>
#include <stb/stb_image.h>
#include <stb/stb_image_resize.h>

#include <algorithm>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <fstream>
#include <iterator>
#include <tuple>

namespace lw::wall {

DecodedImage decode_image_file(const std::string& path, const ImageLoaderOptions& options, ImageBox box) {
    DecodedImage out;
    out.box = box;
    out.path = path;
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in) {
        out.error = "cannot open the image " + path;
        return out;
    }
    const auto size = static_cast<long long>(in.tellg());
    if (size <= 0 || size > options.max_file_bytes) {
        out.error = "the image " + path + " is empty or larger than the file limit";
        return out;
    }
    std::vector<unsigned char> bytes(static_cast<size_t>(size));
    in.seekg(0);
    in.read(reinterpret_cast<char*>(bytes.data()), size);
    if (!in) {
        out.error = "cannot read the image " + path;
        return out;
    }
    int w = 0, h = 0, channels = 0;
    // Check the header first so a decompression bomb is refused before any allocation.
    if (!stbi_info_from_memory(bytes.data(), static_cast<int>(bytes.size()), &w, &h, &channels)) {
        out.error = "the image " + path + " is not a PNG, JPEG or GIF (" + stbi_failure_reason() + ")";
        return out;
    }
    if (w <= 0 || h <= 0 || static_cast<long long>(w) * h > options.max_pixels) {
        out.error = "the image " + path + " is " + std::to_string(w) + "x" + std::to_string(h) +
                    ", over the pixel limit";
        return out;
    }
    unsigned char* pixels = stbi_load_from_memory(bytes.data(), static_cast<int>(bytes.size()), &w, &h, &channels, 4);
    if (!pixels) {
        out.error = "the image " + path + " is damaged (" + stbi_failure_reason() + ")";
        return out;
    }
    // The scale that fits max_side, and then just covers the box.
    double f = std::min(1.0, static_cast<double>(options.max_side) / std::max(w, h));
    if (box.width > 0 && box.height > 0)
        f = std::min(f, std::max(static_cast<double>(box.width) / w, static_cast<double>(box.height) / h));
    const int nw = std::max(1, static_cast<int>(w * f + 0.5));
    const int nh = std::max(1, static_cast<int>(h * f + 0.5));
    if (nw < w || nh < h) {
        out.rgba.resize(static_cast<size_t>(nw) * nh * 4);
        stbir_resize_uint8(pixels, w, h, 0, out.rgba.data(), nw, nh, 0, 4);
        w = nw;
        h = nh;
        out.scaled = true;
    } else {
        out.rgba.assign(pixels, pixels + static_cast<size_t>(w) * h * 4);
    }
    stbi_image_free(pixels);
    out.width = w;
    out.height = h;
    return out;
}

DecodeWorker::DecodeWorker(ImageLoaderOptions options)
    : options_(options), thread_([this] { run(); }) {}

DecodeWorker::~DecodeWorker() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

void DecodeWorker::request(const std::string& path, ImageBox box) {
    {
        std::lock_guard lock(mutex_);
        queue_.emplace_back(path, box);
    }
    wake_.notify_one();
}

std::vector<DecodedImage> DecodeWorker::take_finished() {
    std::vector<DecodedImage> out;
    std::lock_guard lock(mutex_);
    out.swap(finished_);
    return out;
}

bool DecodeWorker::busy() const {
    std::lock_guard lock(mutex_);
    return !queue_.empty() || in_flight_ > 0 || !finished_.empty();
}

void DecodeWorker::release_memory() {
    {
        std::lock_guard lock(mutex_);
        release_ = true;
    }
    wake_.notify_one();
}

void DecodeWorker::run() {
    for (;;) {
        std::string path;
        ImageBox box;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stop_ || !queue_.empty() || release_; });
            if (stop_) return;
            if (queue_.empty()) {  // asked to release, and nothing to decode
                release_ = false;
                lock.unlock();
#ifdef __GLIBC__
                malloc_trim(0);
#endif
                continue;
            }
            std::tie(path, box) = std::move(queue_.front());
            queue_.pop_front();
            ++in_flight_;
        }
        DecodedImage image = decode_image_file(path, options_, box);
        if (!image.error.empty()) log::warn("{}; the post is shown without it", image.error);
        bool idle = false;
        {
            std::lock_guard lock(mutex_);
            finished_.push_back(std::move(image));
            --in_flight_;
            idle = queue_.empty();
        }
#ifdef __GLIBC__
        // A burst of decodes is over: hand the file buffers and full-size
        // pixels this thread freed back to the system (glibc keeps them in
        // the thread's arena otherwise; several MB after a page of photos).
        if (idle) malloc_trim(0);
#endif
    }
}

TextureCache::TextureCache(DecodeWorker& worker, long long budget_bytes, long long upload_bytes_per_frame)
    : worker_(worker), budget_bytes_(budget_bytes), upload_bytes_per_frame_(upload_bytes_per_frame) {}

TextureCache::~TextureCache() {
    for (auto& [path, entry] : entries_)
        if (entry.texture.id) glDeleteTextures(1, &entry.texture.id);
}

const Texture* TextureCache::get(const std::string& path, ImageBox box) {
    if (path.empty()) return nullptr;
    if (box.width <= 0 || box.height <= 0) box = default_box_;
    auto [it, inserted] = entries_.try_emplace(path);
    Entry& e = it->second;
    e.last_used = frame_;
    e.last_used_seconds = seconds_;
    if (inserted) {
        e.box = box;
        worker_.request(path, box);
    } else if (e.state == Entry::State::Ready && e.scaled && !e.upgrading) {
        // Drawn larger than decoded (by more than a rounding step, or with no
        // limit at all): decode again at the new size.
        const bool unlimited = box.width <= 0 || box.height <= 0;
        const bool wider = box.width * 4 > e.box.width * 5 || box.height * 4 > e.box.height * 5;
        if ((unlimited && e.box.width > 0) || (!unlimited && e.box.width > 0 && wider)) {
            e.box = unlimited ? ImageBox{} : ImageBox{std::max(box.width, e.box.width), std::max(box.height, e.box.height)};
            e.upgrading = true;
            worker_.request(path, e.box);
        }
    }
    return e.state == Entry::State::Ready ? &e.texture : nullptr;
}

bool TextureCache::failed(const std::string& path) const {
    auto it = entries_.find(path);
    return it != entries_.end() && it->second.state == Entry::State::Failed;
}

bool TextureCache::upload_pending() {
    for (DecodedImage& image : worker_.take_finished()) ready_.push_back(std::move(image));
    bool changed = false;
    bool drained = false;  // decoded pixels were dropped here
    long long uploaded = 0;
    while (!ready_.empty() && (uploaded == 0 || uploaded < upload_bytes_per_frame_)) {
        DecodedImage image = std::move(ready_.front());
        ready_.pop_front();
        drained = true;
        auto it = entries_.find(image.path);
        if (it == entries_.end()) continue;
        Entry& e = it->second;
        changed = true;
        const bool upgrade = e.state == Entry::State::Ready;
        e.upgrading = false;
        if (image.rgba.empty()) {
            if (!upgrade) e.state = Entry::State::Failed;  // a failed upgrade keeps the smaller texture
            continue;
        }
        if (upgrade && e.texture.id) {
            resident_bytes_ -= static_cast<long long>(e.texture.width) * e.texture.height * 4;
            glDeleteTextures(1, &e.texture.id);
        }
        e.scaled = image.scaled;
        GLuint id = 0;
        glGenTextures(1, &id);
        glBindTexture(GL_TEXTURE_2D, id);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
        if (gl_backend::info().unpack_row_length) glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);  // not in ES 2.0
        glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, image.width, image.height, 0, GL_RGBA, GL_UNSIGNED_BYTE,
                     image.rgba.data());
        e.texture = {id, image.width, image.height};
        log::debug("texture {}x{} for {} (box {}x{}{})", image.width, image.height, image.path, image.box.width,
                   image.box.height, upgrade ? ", larger than before" : "");
        e.state = Entry::State::Ready;
        const long long bytes = static_cast<long long>(image.rgba.size());
        uploaded += bytes;
        resident_bytes_ += bytes;
    }
    evict_if_over_budget();
    // Everything decoded is on the GPU (or was no longer wanted) and its
    // pixels were freed here, on this thread, after the worker trimmed what
    // it freed itself: let it trim again.
    if (drained && ready_.empty()) worker_.release_memory();
    return changed;
}

void TextureCache::begin_frame(double seconds, double idle_release_seconds) {
    ++frame_;
    // Idle time counts while the wall is drawing: a gap between frames (the
    // screen's off hours, a still wall redrawn for its clock) counts as at
    // most a minute, so the morning's first frame does not drop the pictures
    // it is about to draw.
    if (frame_ > 1) seconds_ += std::clamp(seconds - last_frame_seconds_, 0.0, 60.0);
    last_frame_seconds_ = seconds;
    if (idle_release_seconds <= 0 || seconds_ - last_idle_check_ < 1.0) return;  // once a second
    last_idle_check_ = seconds_;
    for (auto it = entries_.begin(); it != entries_.end();) {
        const Entry& e = it->second;
        const bool idle = e.state == Entry::State::Ready && e.last_used + 2 <= frame_ &&
                          seconds_ - e.last_used_seconds > idle_release_seconds;
        if (idle) release(it++);
        else ++it;
    }
}

void TextureCache::release(std::unordered_map<std::string, Entry>::iterator it) {
    Texture& t = it->second.texture;
    resident_bytes_ -= static_cast<long long>(t.width) * t.height * 4;
    glDeleteTextures(1, &t.id);
    entries_.erase(it);  // asked for again (and decoded again) if needed later
}

bool TextureCache::loading() const {
    if (!ready_.empty() || worker_.busy()) return true;
    return false;
}

void TextureCache::evict_if_over_budget() {
    while (resident_bytes_ > budget_bytes_) {
        auto oldest = entries_.end();
        for (auto it = entries_.begin(); it != entries_.end(); ++it) {
            if (it->second.state != Entry::State::Ready || it->second.last_used + 2 > frame_) continue;
            if (oldest == entries_.end() || it->second.last_used < oldest->second.last_used) oldest = it;
        }
        if (oldest == entries_.end()) return;  // everything is in use right now
        release(oldest);
    }
}

}  // namespace lw::wall
