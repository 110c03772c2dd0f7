// Images for the wall: files are read and decoded on a worker thread (never
// in the render loop); the render thread uploads finished images as GL
// textures within a per-frame byte budget, and releases textures that have
// not been drawn for a while when over the texture-memory budget.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

namespace lw::wall {

// The smallest size an image is needed at: decoding scales it down to just
// cover a box of this size (never up), so a 4000 px photo shown in a 440 px
// card costs 440 px of texture memory. 0x0 = only the loader's max_side.
struct ImageBox {
    int width = 0;
    int height = 0;
};

struct DecodedImage {
    std::string path;
    ImageBox box;                    // what it was decoded for
    bool scaled = false;             // smaller than the file
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> rgba;  // empty when decoding failed
    std::string error;               // why, in one sentence
};

struct ImageLoaderOptions {
    int max_side = 1600;                    // larger images are scaled down
    long long max_pixels = 40'000'000;      // refused above this, before decoding
    long long max_file_bytes = 64 << 20;    // refused above this, before reading
};

// Decodes image files on its own thread. Thread-safe.
class DecodeWorker {
public:
    explicit DecodeWorker(ImageLoaderOptions options = {});
    ~DecodeWorker();
    DecodeWorker(const DecodeWorker&) = delete;
    DecodeWorker& operator=(const DecodeWorker&) = delete;

    void request(const std::string& path, ImageBox box = {});
    // Moves out what has finished; never waits for the worker (the lock
    // only guards queue pushes and pops, never I/O or decoding).
    std::vector<DecodedImage> take_finished();
    // True while requests are queued or being decoded.
    bool busy() const;
    // The render thread has uploaded and dropped what was decoded: the
    // worker returns the freed pixel memory to the system once it is idle
    // (glibc keeps it in the worker's arena otherwise: about 3 MB after the
    // demo's first page). Never waits.
    void release_memory();

private:
    void run();

    ImageLoaderOptions options_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::pair<std::string, ImageBox>> queue_;
    std::vector<DecodedImage> finished_;
    int in_flight_ = 0;
    bool stop_ = false;
    bool release_ = false;
    std::thread thread_;
};

// Decodes one file (the worker's job, callable directly by tests).
DecodedImage decode_image_file(const std::string& path, const ImageLoaderOptions& options, ImageBox box = {});

struct Texture {
    unsigned id = 0;
    int width = 0;
    int height = 0;
};

// GL textures keyed by file path. Render thread only.
class TextureCache {
public:
    explicit TextureCache(DecodeWorker& worker, long long budget_bytes = 256ll << 20,
                          long long upload_bytes_per_frame = 8ll << 20);
    ~TextureCache();

    // The texture for `path` if uploaded; else asks for it (once) and returns
    // null. Files that failed stay failed (the card shows its text instead).
    // `box` is the size it is drawn at: a texture decoded for a smaller box
    // is decoded again for the larger one (the small one is drawn meanwhile).
    // With no box, the default box below is used (measuring a picture's
    // shape or fetching the next page's pictures early needs no exact size).
    const Texture* get(const std::string& path, ImageBox box = {});
    // The box for get() calls without one: the renderer sets a card's size
    // for the current screen. 0x0 (the start) means the file's size.
    void set_default_box(ImageBox box) { default_box_ = box; }
    bool failed(const std::string& path) const;
    // Uploads finished decodes within the per-frame budget; true if any
    // texture changed (so the frame should be drawn again).
    bool upload_pending();
    // Marks the start of a frame at `seconds` on the wall's clock, for
    // least-recently-drawn eviction, and releases the textures not drawn in
    // the last `idle_release_seconds` (0: never): posts that left the
    // rotation, or come round again only after a long while, are decoded
    // again then instead of holding memory the whole time.
    void begin_frame(double seconds = 0, double idle_release_seconds = 0);
    // True while images are still on their way.
    bool loading() const;
    long long resident_bytes() const { return resident_bytes_; }

private:
    struct Entry {
        enum class State { Requested, Ready, Failed } state = State::Requested;
        Texture texture;
        std::uint64_t last_used = 0;
        double last_used_seconds = 0;
        ImageBox box;               // the largest box asked for
        bool scaled = false;        // the texture is smaller than the file
        bool upgrading = false;     // a larger decode is on its way
    };
    void evict_if_over_budget();
    void release(std::unordered_map<std::string, Entry>::iterator it);

    DecodeWorker& worker_;
    long long budget_bytes_;
    long long upload_bytes_per_frame_;
    long long resident_bytes_ = 0;
    ImageBox default_box_;
    std::uint64_t frame_ = 0;
    double seconds_ = 0;             // the idle clock: drawing time, gaps capped
    double last_frame_seconds_ = 0;  // the wall's clock at the last frame
    double last_idle_check_ = 0;
    std::unordered_map<std::string, Entry> entries_;
    std::deque<DecodedImage> ready_;
};

}  // namespace lw::wall
