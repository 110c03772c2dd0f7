// The media cache: downloaded images checked, scaled down and stored once per
// content hash in one folder, indexed in the store's database (media_files,
// media_urls), kept under a disk budget by evicting the least recently shown.
//
// Bytes come in from whoever downloaded them (the poller's HTTP client, with
// its own size cap); this class never touches the network. What it writes is
// always re-encoded by us (JPEG, or PNG when transparent), so the wall only
// ever decodes files we produced. A file found damaged is removed with its
// index rows, so Store::media_to_fetch() offers its URL again.
//
// Threading: store(), load(), collect_garbage() may run on any worker thread
// (they take a mutex held across their file I/O, so they run one at a time);
// lookup() and mark_shown() only take a short lock on the in-memory index and
// never wait on disk, so the render thread may call them.
#pragma once

#include "core/post.h"
#include "store/image_codec.h"
#include "store/result.h"

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace lw {

class Store;

struct MediaCacheOptions {
    std::string dir;                                  // created if missing
    std::int64_t budget_bytes = 512LL * 1024 * 1024;  // files in dir stay under this
    ImageLimits limits;                               // body cap, pixel limit, long side
    int jpeg_quality = 85;
};

struct CachedImage {
    std::string hash;   // BLAKE2b-256 of the downloaded bytes, hex
    std::string path;   // the file on disk
    int width = 0;
    int height = 0;
    std::int64_t bytes = 0;
    std::string alt;    // alt text given with the URL
};

class MediaCache {
public:
    // Creates the folder, loads the index, drops index rows whose file is
    // gone and files the index does not know (left by a crash), then evicts
    // down to the budget.
    static Result<std::unique_ptr<MediaCache>> open(Store& store, const MediaCacheOptions& options);

    // Checks, decodes, scales and stores a downloaded body for `url`. The
    // same bytes from another URL reuse the file. Refused (with one sentence)
    // when the body is over the cap, not a supported image by its magic
    // bytes, over the pixel limit, truncated or damaged, or cannot be written.
    Result<CachedImage> store(const std::string& url, std::string_view bytes,
                              const std::string& alt, TimePoint now);

    // The cached image for a URL, without touching the disk.
    std::optional<CachedImage> lookup(const std::string& url) const;

    // Reads a cached file back, checks it against its checksum and decodes
    // it to RGBA. A damaged or missing file is removed from the cache (and
    // logged), so its URL is fetched again.
    Result<Image> load(const std::string& hash);

    // The wall showed this image now: it is the last to be evicted.
    void mark_shown(const std::string& hash, TimePoint now);

    // Removes URLs no post or announcement refers to any more (after
    // Store::purge, or an announcement deleted) and the files left without a
    // URL. Returns how many files went. Eviction never takes an announcement's
    // image either (see Store::set_announcement_image).
    Result<int> collect_garbage();

    std::int64_t used_bytes() const;
    std::size_t file_count() const;

private:
    struct Entry {
        std::string file;
        std::int64_t bytes = 0;
        int width = 0;
        int height = 0;
        std::string checksum;
        std::int64_t last_shown = 0;
    };
    struct UrlEntry {
        std::string hash;
        std::string alt;
    };

    MediaCache(Store& store, MediaCacheOptions options);
    Status load_index();
    void remove_strays();
    // Evicts least recently shown files until `incoming` more bytes fit.
    // `keep` is never evicted. Caller holds work_mutex_.
    Status make_room(std::int64_t incoming, const std::string& keep);
    Status remove_entries(const std::vector<std::string>& hashes, const char* why);
    Status write_file(const std::string& file, const std::string& bytes);
    CachedImage describe(const std::string& hash, const Entry& e, const std::string& alt) const;

    Store& store_;
    MediaCacheOptions options_;

    std::mutex work_mutex_;           // serialises store/load/evict/gc (held across file I/O)
    mutable std::mutex index_mutex_;  // guards the maps below; never held across I/O
    std::map<std::string, Entry> files_;    // by hash
    std::map<std::string, UrlEntry> urls_;  // by URL
    std::int64_t used_bytes_ = 0;
    bool write_failing_ = false;      // log a run of failed file writes once
};

}  // namespace lw
