// The media cache: see media_cache.h and docs/store.md.
#include "store/media_cache.h"

#include "core/log.h"
#include "store/sqlite.h"
#include "store/store.h"
#include "store/store_internal.h"

#include <sodium.h>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <vector>

namespace lw {

using namespace store_detail;
namespace fs = std::filesystem;

namespace {

// Persisting every single showing would write to the SD card every few
// seconds; a minute's precision is plenty for eviction order.
constexpr std::int64_t kShownPersistSeconds = 60;

std::string blake2b_hex(std::string_view bytes) {
    unsigned char digest[32];
    crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(bytes.data()),
                       bytes.size(), nullptr, 0);
    char hex[sizeof digest * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    return hex;
}

std::optional<std::string> read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) return std::nullopt;
    return data;
}

}  // namespace

MediaCache::MediaCache(Store& store, MediaCacheOptions options)
    : store_(store), options_(std::move(options)) {}

Result<std::unique_ptr<MediaCache>> MediaCache::open(Store& store,
                                                     const MediaCacheOptions& options) {
    using R = Result<std::unique_ptr<MediaCache>>;
    if (sodium_init() < 0) return R::failure("cannot initialise libsodium");
    std::error_code ec;
    fs::create_directories(options.dir, ec);
    if (ec) return R::failure(fmt::format("cannot create the media folder {}: {}", options.dir,
                                          ec.message()));
    std::unique_ptr<MediaCache> cache(new MediaCache(store, options));
    if (Status s = cache->load_index(); !s) return R::failure(s.error);
    std::lock_guard work(cache->work_mutex_);
    cache->remove_strays();
    if (Status s = cache->make_room(0, ""); !s)
        log::warn("media cache: cannot evict down to the budget ({}); going on", s.error);
    return R(std::move(cache));
}

Status MediaCache::load_index() {
    std::map<std::string, Entry> files;
    std::map<std::string, UrlEntry> urls;
    Status s = store_.read([&](sqlite::Db& db) {
        auto st = db.prepare(
            "SELECT hash, file, bytes, width, height, checksum, last_shown FROM media_files");
        while (st.step())
            files[st.column_text(0)] = Entry{st.column_text(1), st.column_int(2),
                                             static_cast<int>(st.column_int(3)),
                                             static_cast<int>(st.column_int(4)),
                                             st.column_text(5), st.column_int(6)};
        auto u = db.prepare("SELECT url, hash, alt FROM media_urls");
        while (u.step()) urls[u.column_text(0)] = UrlEntry{u.column_text(1), u.column_text(2)};
    });
    if (!s) return Status::failure("cannot read the media index: " + s.error);
    std::lock_guard lock(index_mutex_);
    files_ = std::move(files);
    urls_ = std::move(urls);
    used_bytes_ = 0;
    for (const auto& [hash, e] : files_) used_bytes_ += e.bytes;
    return Status::success();
}

void MediaCache::remove_strays() {
    std::set<std::string> known;
    std::vector<std::string> missing;
    {
        std::lock_guard lock(index_mutex_);
        for (const auto& [hash, e] : files_) {
            known.insert(e.file);
            std::error_code ec;
            if (!fs::exists(fs::path(options_.dir) / e.file, ec)) missing.push_back(hash);
        }
    }
    if (!missing.empty()) remove_entries(missing, "its file is missing");
    std::error_code ec;
    for (const auto& item : fs::directory_iterator(options_.dir, ec)) {
        std::string name = item.path().filename().string();
        if (known.count(name) == 0 && item.is_regular_file(ec)) {
            // A file written just before a crash, before its index row committed.
            fs::remove(item.path(), ec);
            log::info("media cache: removed {}, which the index does not know", name);
        }
    }
}

CachedImage MediaCache::describe(const std::string& hash, const Entry& e,
                                 const std::string& alt) const {
    return CachedImage{hash, (fs::path(options_.dir) / e.file).string(), e.width, e.height,
                       e.bytes, alt};
}

std::optional<CachedImage> MediaCache::lookup(const std::string& url) const {
    std::lock_guard lock(index_mutex_);
    auto u = urls_.find(url);
    if (u == urls_.end()) return std::nullopt;
    auto f = files_.find(u->second.hash);
    if (f == files_.end()) return std::nullopt;
    return describe(f->first, f->second, u->second.alt);
}

std::int64_t MediaCache::used_bytes() const {
    std::lock_guard lock(index_mutex_);
    return used_bytes_;
}

std::size_t MediaCache::file_count() const {
    std::lock_guard lock(index_mutex_);
    return files_.size();
}

Status MediaCache::write_file(const std::string& file, const std::string& bytes) {
    // Write to a temporary name and rename, so a crash never leaves a half
    // file under a real name. No fsync: a file lost to a power cut fails its
    // checksum on load and is fetched again.
    fs::path final_path = fs::path(options_.dir) / file;
    fs::path temp_path = final_path;
    temp_path += ".tmp";
    std::FILE* out = std::fopen(temp_path.c_str(), "wb");
    bool ok = out != nullptr;
    int err = ok ? 0 : errno;
    if (ok && std::fwrite(bytes.data(), 1, bytes.size(), out) != bytes.size()) {
        ok = false;
        err = errno;
    }
    if (out && std::fclose(out) != 0 && ok) {
        ok = false;
        err = errno;
    }
    std::error_code ec;
    if (ok) {
        fs::rename(temp_path, final_path, ec);
        if (ec) {
            ok = false;
            err = ec.value();
        }
    }
    if (!ok) {
        fs::remove(temp_path, ec);
        return Status::failure(fmt::format("cannot write {}: {}", final_path.string(),
                                           std::strerror(err)));
    }
    return Status::success();
}

Result<CachedImage> MediaCache::store(const std::string& url, std::string_view bytes,
                                      const std::string& alt, TimePoint now) {
    using R = Result<CachedImage>;
    // The cap first: a huge body is never hashed or read.
    if (bytes.size() > options_.limits.max_bytes)
        return R::failure(fmt::format("refused {}: the body is {} bytes, over the {}-byte cap",
                                      url, bytes.size(), options_.limits.max_bytes));
    const std::string hash = blake2b_hex(bytes);
    std::lock_guard work(work_mutex_);

    std::optional<Entry> existing;
    {
        std::lock_guard lock(index_mutex_);
        if (auto f = files_.find(hash); f != files_.end()) existing = f->second;
    }
    if (existing) {
        Status s = store_.write(
            [&](sqlite::Db& db) {
                db.prepare("INSERT INTO media_urls (url, hash, alt, fetched_at) VALUES (?,?,?,?) "
                           "ON CONFLICT (url) DO UPDATE SET hash = excluded.hash, "
                           "alt = excluded.alt, fetched_at = excluded.fetched_at")
                    .bind(1, url).bind(2, hash).bind(3, alt).bind(4, to_unix(now))
                    .run();
            },
            Durability::Normal);
        if (!s) return R::failure(fmt::format("cannot index {}: {}", url, s.error));
        std::lock_guard lock(index_mutex_);
        urls_[url] = UrlEntry{hash, alt};
        return R(describe(hash, *existing, alt));
    }

    auto decoded = decode_image(bytes, options_.limits);
    if (!decoded) return R::failure(fmt::format("refused {}: {}", url, decoded.error));
    Image scaled = fit_within(*decoded, options_.limits.max_long_side);
    decoded.value.reset();  // free the full-size pixels before encoding
    auto encoded = encode_for_cache(scaled, options_.jpeg_quality);
    if (!encoded) return R::failure(fmt::format("refused {}: {}", url, encoded.error));

    Entry entry;
    entry.file = hash + (encoded->format == ImageFormat::Png ? ".png" : ".jpg");
    entry.bytes = static_cast<std::int64_t>(encoded->bytes.size());
    entry.width = scaled.width;
    entry.height = scaled.height;
    entry.checksum = blake2b_hex(encoded->bytes);
    entry.last_shown = to_unix(now);
    if (entry.bytes > options_.budget_bytes)
        return R::failure(fmt::format("refused {}: {} bytes do not fit the cache budget", url,
                                      entry.bytes));

    if (Status s = make_room(entry.bytes, hash); !s)
        log::warn("media cache: cannot evict to make room ({}); trying the write anyway", s.error);
    Status written = write_file(entry.file, encoded->bytes);
    if (!written) {
        // Disk full or failing: free a tenth of the budget and try once more.
        if (!write_failing_)
            log::error("media cache: {}; evicting to make room, later failures are not logged "
                       "until a write works",
                       written.error);
        write_failing_ = true;
        make_room(entry.bytes + options_.budget_bytes / 10, hash);
        written = write_file(entry.file, encoded->bytes);
        if (!written) return R::failure(written.error);
    }
    if (write_failing_) {
        log::info("media cache: writing files works again");
        write_failing_ = false;
    }

    Status indexed = store_.write(
        [&](sqlite::Db& db) {
            db.prepare("INSERT INTO media_files (hash, file, bytes, width, height, checksum, "
                       "stored_at, last_shown) VALUES (?,?,?,?,?,?,?,?)")
                .bind(1, hash).bind(2, entry.file).bind(3, entry.bytes).bind(4, entry.width)
                .bind(5, entry.height).bind(6, entry.checksum).bind(7, to_unix(now))
                .bind(8, entry.last_shown)
                .run();
            db.prepare("INSERT INTO media_urls (url, hash, alt, fetched_at) VALUES (?,?,?,?) "
                       "ON CONFLICT (url) DO UPDATE SET hash = excluded.hash, "
                       "alt = excluded.alt, fetched_at = excluded.fetched_at")
                .bind(1, url).bind(2, hash).bind(3, alt).bind(4, to_unix(now))
                .run();
        },
        Durability::Normal);
    if (!indexed) {
        std::error_code ec;
        fs::remove(fs::path(options_.dir) / entry.file, ec);
        return R::failure(fmt::format("cannot index {}: {}", url, indexed.error));
    }
    std::lock_guard lock(index_mutex_);
    files_[hash] = entry;
    urls_[url] = UrlEntry{hash, alt};
    used_bytes_ += entry.bytes;
    return R(describe(hash, entry, alt));
}

Result<Image> MediaCache::load(const std::string& hash) {
    using R = Result<Image>;
    std::lock_guard work(work_mutex_);
    std::optional<Entry> entry;
    {
        std::lock_guard lock(index_mutex_);
        if (auto f = files_.find(hash); f != files_.end()) entry = f->second;
    }
    if (!entry) return R::failure(fmt::format("no cached image {}", hash));
    const fs::path path = fs::path(options_.dir) / entry->file;
    std::string problem;
    auto data = read_file(path);
    Result<Image> image;
    if (!data) {
        problem = "missing or unreadable";
    } else if (blake2b_hex(*data) != entry->checksum) {
        problem = "damaged (checksum mismatch)";
    } else {
        ImageLimits ours = options_.limits;
        ours.max_bytes = std::max<std::size_t>(ours.max_bytes, data->size());
        image = decode_image(*data, ours);
        if (!image) problem = "damaged (" + image.error + ")";
    }
    if (!problem.empty()) {
        log::warn("media cache: {} is {}; removed, it will be fetched again", path.string(),
                  problem);
        remove_entries({hash}, "damaged");
        return R::failure(fmt::format("cached image {} is {}; it will be fetched again",
                                      entry->file, problem));
    }
    return image;
}

void MediaCache::mark_shown(const std::string& hash, TimePoint now) {
    const std::int64_t t = to_unix(now);
    {
        std::lock_guard lock(index_mutex_);
        auto f = files_.find(hash);
        if (f == files_.end() || t - f->second.last_shown < kShownPersistSeconds) {
            if (f != files_.end()) f->second.last_shown = std::max(f->second.last_shown, t);
            return;
        }
        f->second.last_shown = t;
    }
    store_.write_detached(
        [hash, t](sqlite::Db& db) {
            db.prepare("UPDATE media_files SET last_shown = max(last_shown, ?) WHERE hash = ?")
                .bind(1, t).bind(2, hash)
                .run();
        },
        Durability::Normal);
}

Status MediaCache::make_room(std::int64_t incoming, const std::string& keep) {
    {
        std::lock_guard lock(index_mutex_);
        if (used_bytes_ + incoming <= options_.budget_bytes) return Status::success();
    }
    // Announcement images are staff content, uploaded once: never evicted.
    std::set<std::string> kept{keep};
    Status s = store_.read([&](sqlite::Db& db) {
        auto st = db.prepare("SELECT u.hash FROM media_urls u "
                             "JOIN announcements a ON a.image_url = u.url");
        while (st.step()) kept.insert(st.column_text(0));
    });
    if (!s) return Status::failure("cannot read the announcement images: " + s.error);
    std::vector<std::string> victims;
    {
        std::lock_guard lock(index_mutex_);
        std::int64_t excess = used_bytes_ + incoming - options_.budget_bytes;
        if (excess <= 0) return Status::success();
        std::vector<std::pair<std::int64_t, std::string>> by_age;
        for (const auto& [hash, e] : files_)
            if (kept.count(hash) == 0) by_age.emplace_back(e.last_shown, hash);
        std::sort(by_age.begin(), by_age.end());
        for (const auto& [shown, hash] : by_age) {
            if (excess <= 0) break;
            victims.push_back(hash);
            excess -= files_[hash].bytes;
        }
    }
    return remove_entries(victims, "least recently shown");
}

Status MediaCache::remove_entries(const std::vector<std::string>& hashes, const char* why) {
    if (hashes.empty()) return Status::success();
    // Index rows first: a crash in between leaves a stray file (removed at
    // the next start), never a row pointing at nothing.
    Status s = store_.write(
        [&](sqlite::Db& db) {
            auto del = db.prepare("DELETE FROM media_files WHERE hash = ?");
            for (const auto& h : hashes) {
                del.bind(1, h).run();
                del.reset();
            }
        },
        Durability::Normal);
    if (!s) return Status::failure("cannot update the media index: " + s.error);
    std::vector<std::string> files;
    {
        std::lock_guard lock(index_mutex_);
        for (const auto& h : hashes) {
            auto f = files_.find(h);
            if (f == files_.end()) continue;
            files.push_back(f->second.file);
            used_bytes_ -= f->second.bytes;
            files_.erase(f);
        }
        std::erase_if(urls_, [&](const auto& u) {
            return std::find(hashes.begin(), hashes.end(), u.second.hash) != hashes.end();
        });
    }
    for (const auto& file : files) {
        std::error_code ec;
        fs::remove(fs::path(options_.dir) / file, ec);
    }
    log::debug("media cache: removed {} files ({})", files.size(), why);
    return Status::success();
}

Result<int> MediaCache::collect_garbage() {
    std::lock_guard work(work_mutex_);
    std::vector<std::string> orphans;
    Status s = store_.write(
        [&](sqlite::Db& db) {
            orphans.clear();
            db.exec("DELETE FROM media_urls WHERE url NOT IN (SELECT url FROM post_media) "
                    "AND url NOT IN (SELECT avatar_url FROM posts) "
                    "AND url NOT IN (SELECT image_url FROM announcements) "
                    "AND url NOT IN (SELECT url FROM post_emojis)");
            auto st = db.prepare("SELECT hash FROM media_files "
                                 "WHERE hash NOT IN (SELECT hash FROM media_urls)");
            while (st.step()) orphans.push_back(st.column_text(0));
        },
        Durability::Normal);
    if (!s) return Result<int>::failure("media garbage collection failed: " + s.error);
    // Reload the URL map: rows went that this process did not delete itself.
    if (Status r = load_index(); !r) return Result<int>::failure(r.error);
    if (Status r = remove_entries(orphans, "no post or announcement refers to it"); !r)
        return Result<int>::failure(r.error);
    return Result<int>(static_cast<int>(orphans.size()));
}

}  // namespace lw
