// The screen's sync client: see screen_sync.h.
#include "fleet/screen_sync.h"

#include "core/log.h"
#include "fleet/hub.h"
#include "platform/process_stats.h"
#include "store/store_fleet.h"

#include <nlohmann/json.hpp>
#include <sodium.h>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>

namespace lw::fleet {
namespace {

using Json = nlohmann::json;
using namespace std::chrono_literals;

std::int64_t unix_of(TimePoint t) { return t.time_since_epoch().count(); }

std::string pretty_code(const std::string& code) {
    return code.size() == 8 ? code.substr(0, 4) + "-" + code.substr(4) : code;
}

std::string url_encode(const std::string& s) {
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') out += static_cast<char>(c);
        else out += fmt::format("%{:02X}", c);
    }
    return out;
}

}  // namespace

ScreenSync::ScreenSync(ScreenOptions options, Store& store, MediaCache* media, SnapshotChannel& channel,
                       std::unique_ptr<net::HttpClient> client, const Clock& clock)
    : options_(std::move(options)), store_(store), media_(media), channel_(channel), client_(std::move(client)),
      clock_(clock), started_(clock.now()) {
    while (!options_.hub_url.empty() && options_.hub_url.back() == '/') options_.hub_url.pop_back();
}

ScreenSync::~ScreenSync() { stop(); }

Status ScreenSync::open() {
    if (sodium_init() < 0) return Status::failure("libsodium could not start");
    if (Status s = fleet_store::ensure_tables(store_); !s) return s;
    auto values = fleet_store::local_values(store_);
    if (!values) return Status::failure(values.error);
    {
        std::lock_guard lock(mutex_);
        local_ = std::move(*values);
        if (auto it = local_.find("last_contact"); it != local_.end())
            last_contact_ = last_contact_saved_ = TimePoint(std::chrono::seconds(std::stoll("0" + it->second)));
        if (auto it = local_.find("document"); it != local_.end() && !it->second.empty()) {
            auto doc = parse_document(it->second);
            if (doc) document_ = std::move(*doc);
            else log::warn("the saved wall document is unreadable ({}); waiting for the hub", doc.error);
        }
        pair_state_ = local_.count("token") && !local_["token"].empty() ? "offline" : "pairing";
    }
    // Unpaired: the code is on the first frame, before the hub is asked.
    if (state() == "pairing" && pairing_code().empty())
        remember({{"pair_code", new_pairing_code()}, {"pair_claim", new_secret()}}, Durability::Full);
    publish();
    const auto doc_version = applied_version();
    log::info("fleet screen: hub {}, {}", options_.hub_url,
              doc_version ? fmt::format("last wall version {} from the store", doc_version)
                          : std::string("no wall from the hub yet"));
    return Status::success();
}

void ScreenSync::start() {
    thread_ = std::jthread([this](std::stop_token st) { loop(st); });
}

void ScreenSync::stop() {
    if (!thread_.joinable()) return;
    thread_.request_stop();
    wake_.notify_all();
    thread_.join();
}

void ScreenSync::loop(std::stop_token stop) {
    while (!stop.stop_requested()) {
        const auto delay = step(stop);
        publish();
        std::unique_lock lock(wake_mutex_);
        wake_.wait_for(lock, stop, delay, [] { return false; });
    }
}

std::string ScreenSync::url(const std::string& path) const { return options_.hub_url + path; }

void ScreenSync::close_unless_proxied(net::Request& req) const {
    // The hub's own server gives each open connection a thread of its small
    // pool: straight to the hub, every request closes its connection. nginx
    // in front (packaging/nginx/ says so with X-Lobbywall-Keep-Alive) keeps
    // connections cheaply: the TLS handshake is then paid once.
    if (!proxied_) req.headers.emplace_back("Connection", "close");
}

void ScreenSync::remember(std::map<std::string, std::string> values, Durability durability) {
    {
        std::lock_guard lock(mutex_);
        for (const auto& [k, v] : values) local_[k] = v;
    }
    if (Status s = fleet_store::set_local_values(store_, values, durability); !s)
        log::warn("cannot save the screen's sync state ({}); it is kept in memory", s.error);
}

std::chrono::milliseconds ScreenSync::jittered(std::chrono::milliseconds base) const {
    // +-20 %, so that screens switched on together do not ask together.
    const double f = 0.8 + 0.4 * (randombytes_uniform(10'001) / 10'000.0);
    return std::chrono::milliseconds(static_cast<std::int64_t>(base.count() * f));
}

std::chrono::milliseconds ScreenSync::failed(const std::string& what) {
    int failures;
    {
        std::lock_guard lock(mutex_);
        failures = ++failures_;
        if (what != last_failure_) {
            last_failure_ = what;
            log::warn("fleet: {}; the screen keeps its wall and asks again", what);
            errors_.push_back(format_rfc3339(clock_.now()) + " " + what);
            while (errors_.size() > 5) errors_.pop_front();
        }
    }
    auto wait = options_.poll * (1LL << std::min(failures, 10));
    wait = std::min<std::chrono::milliseconds>(wait, options_.max_backoff);
    // Full jitter on the upper half: a fleet that lost its hub does not come back in step.
    const double f = 0.5 + 0.5 * (randombytes_uniform(10'001) / 10'000.0);
    return std::chrono::milliseconds(static_cast<std::int64_t>(wait.count() * f));
}

std::chrono::milliseconds ScreenSync::step(std::stop_token stop) {
    bool paired;
    {
        std::lock_guard lock(mutex_);
        paired = local_.count("token") && !local_["token"].empty();
    }
    return paired ? sync_round(stop) : pair_round(stop);
}

std::chrono::milliseconds ScreenSync::pair_round(std::stop_token stop) {
    std::string code, claim;
    {
        std::lock_guard lock(mutex_);
        code = local_["pair_code"];
        claim = local_["pair_claim"];
    }
    if (code.empty() || claim.size() < 32) {
        code = new_pairing_code();
        claim = new_secret();
        remember({{"pair_code", code}, {"pair_claim", claim}}, Durability::Full);
    }
    net::Request req;
    req.url = url("/api/sync/v1/pair");
    req.method = net::Method::Post;
    req.body = Json{{"code", code}, {"claim", claim}, {"name", options_.screen_name},
                    {"enrolment_key", options_.enrolment_key}}.dump();
    req.headers.emplace_back("Connection", "close");
    req.body_cap = 64 * 1024;
    req.stop = stop;
    const net::Response res = client_->fetch(req);
    if (res.error_kind != net::ErrorKind::None && res.error_kind != net::ErrorKind::HttpStatus)
        return failed(fmt::format("the hub {} cannot be reached to pair ({})", options_.hub_url, res.error));
    if (res.status == 409) {  // the code is taken: a fresh one next round
        remember({{"pair_code", ""}, {"pair_claim", ""}}, Durability::Normal);
        return options_.poll;
    }
    Json body = Json::parse(res.body, nullptr, false);
    if (res.status != 200 || !body.is_object() || !body.contains("state") || !body["state"].is_string())
        return failed(fmt::format("the hub refused the pairing request (HTTP {})", res.status));
    const std::string state = body["state"].get<std::string>();
    {
        std::lock_guard lock(mutex_);
        failures_ = 0;
        last_failure_.clear();
    }
    if (state == "paired" && body.value("token", "").size() >= 32) {
        remember({{"token", body.value("token", "")}, {"screen_id", body.value("screen_id", "")},
                  {"group", body.value("group", "")}, {"pair_code", ""}, {"pair_claim", ""}},
                 Durability::Full);
        {
            std::lock_guard lock(mutex_);
            pair_state_ = "live";
        }
        log::info("fleet: paired with {} as {} in group \"{}\"", options_.hub_url, body.value("screen_id", ""),
                  body.value("group", ""));
        return 0ms;
    }
    {
        std::lock_guard lock(mutex_);
        pair_state_ = state == "waiting_for_approval" ? "waiting_for_approval" : "pairing";
    }
    return jittered(std::max<std::chrono::milliseconds>(options_.poll, 2s));
}

std::chrono::milliseconds ScreenSync::sync_round(std::stop_token stop) {
    std::string token, group, etag;
    {
        std::lock_guard lock(mutex_);
        token = local_["token"];
        group = local_["group"];
        etag = document_ ? local_["etag"] : "";
    }
    net::Request req;
    req.url = url("/api/sync/v1/wall?group=" + url_encode(group));
    req.bearer_token = token;
    req.etag = etag;
    req.accept = "application/json";
    close_unless_proxied(req);
    req.body_cap = kMaxDocumentBytes;
    req.stop = stop;
    const auto sent = std::chrono::steady_clock::now();
    const net::Response res = client_->fetch(req);
    const TimePoint now = clock_.now();
    if (res.error_kind == net::ErrorKind::Cancelled) return 0ms;
    note_hub_time(res, std::chrono::steady_clock::now() - sent, now);
    if (res.error_kind == net::ErrorKind::None) proxied_ = res.headers.get("X-Lobbywall-Keep-Alive").has_value();
    if (res.status == 401 && res.error_kind == net::ErrorKind::HttpStatus) {
        log::warn("fleet: the hub no longer knows this screen's token (revoked?); pairing again, the wall stays "
                  "for the grace period");
        remember({{"token", ""}, {"pair_code", ""}, {"pair_claim", ""}, {"needs_pairing", "1"}}, Durability::Full);
        std::lock_guard lock(mutex_);
        pair_state_ = "pairing";
        return 0ms;
    }
    if (res.status == 409 && res.error_kind == net::ErrorKind::HttpStatus) {
        Json body = Json::parse(res.body, nullptr, false);
        if (body.is_object() && body.contains("group") && body["group"].is_string()) {
            log::info("fleet: the hub moved this screen to group \"{}\"", body["group"].get<std::string>());
            remember({{"group", body["group"].get<std::string>()}}, Durability::Full);
            return 0ms;
        }
    }
    if (res.status == 403 && res.error_kind == net::ErrorKind::HttpStatus) {
        // Behind nginx a wall of another group is refused without a body:
        // the status report's answer names the screen's group.
        if (report(stop, /*force=*/true)) return 0ms;
    }
    if (!res.ok()) {
        std::lock_guard lock(mutex_);
        pair_state_ = "offline";
    }
    if (!res.ok())
        return failed(res.error_kind == net::ErrorKind::HttpStatus
                          ? fmt::format("the hub answered HTTP {} for the wall", res.status)
                          : fmt::format("the hub cannot be reached ({})", res.error));
    bool applied = true;
    if (!res.not_modified()) applied = apply(res.body, res.etag(), stop);
    if (!applied) {
        std::lock_guard lock(mutex_);
        pair_state_ = "offline";  // a hub that sends garbage is no better than no hub
    }
    if (!applied) return failed("the hub sent a wall this screen cannot use");
    {
        std::lock_guard lock(mutex_);
        failures_ = 0;
        if (!last_failure_.empty()) log::info("fleet: the hub answers again");
        last_failure_.clear();
        pair_state_ = "live";
        last_contact_ = now;
    }
    if (now - last_contact_saved_ >= 60s) {
        last_contact_saved_ = now;
        remember({{"last_contact", std::to_string(unix_of(now))}, {"needs_pairing", ""}}, Durability::Normal);
    }
    if (media_pending_ > 0) fetch_media(stop);
    report(stop);
    return jittered(options_.poll);
}

bool ScreenSync::apply(const std::string& body, const std::string& etag, std::stop_token stop) {
    auto doc = parse_document(body);
    if (!doc) {
        log::warn("fleet: the hub's wall document is refused: {}", doc.error);
        return false;
    }
    {
        std::lock_guard lock(mutex_);
        if (document_ && doc->version < document_->version)
            log::warn("fleet: the hub went back from version {} to {} (restored from a backup?)", document_->version,
                      doc->version);
        document_ = std::move(*doc);
    }
    // Pictures first, then the document: a restart finds both.
    fetch_media(stop);
    const TimePoint now = clock_.now();
    last_contact_saved_ = now;
    remember({{"document", body}, {"etag", etag}, {"last_contact", std::to_string(unix_of(now))}}, Durability::Full);
    {
        std::lock_guard lock(mutex_);
        last_contact_ = now;
    }
    publish();
    return true;
}

int ScreenSync::fetch_media(std::stop_token stop) {
    std::vector<std::string> hashes;
    {
        std::lock_guard lock(mutex_);
        if (document_) hashes = media_hashes(*document_);
    }
    int missing = 0;
    if (!media_) return 0;
    std::string token;
    {
        std::lock_guard lock(mutex_);
        token = local_["token"];
    }
    const TimePoint now = clock_.now();
    for (const std::string& hash : hashes) {
        if (stop.stop_requested()) break;
        if (media_->lookup(media_key(hash))) continue;
        // A picture that failed is asked again a minute later, not on every poll.
        if (auto it = media_retry_.find(hash); it != media_retry_.end() && now < it->second) {
            ++missing;
            continue;
        }
        media_retry_[hash] = now + std::chrono::minutes(1);
        net::Request req;
        req.url = url("/api/sync/v1/media/" + hash);
        req.bearer_token = token;
        close_unless_proxied(req);
        req.body_cap = kMaxMediaBytes;
        req.stop = stop;
        const net::Response res = client_->fetch(req);
        if (!res.ok() || res.not_modified()) {
            ++missing;
            log::debug("fleet: picture {} not fetched ({})", hash, res.error.empty() ? "no body" : res.error);
            continue;
        }
        if (content_hash(res.body) != hash) {
            ++missing;
            log::warn("fleet: the picture {} from the hub does not match its hash; dropped, asked again later", hash);
            continue;
        }
        auto stored = media_->store(media_key(hash), res.body, "", clock_.now());
        if (!stored) {
            ++missing;
            log::warn("fleet: the picture {} is refused ({}); its post is shown without it", hash, stored.error);
        }
    }
    std::erase_if(media_retry_, [this](const auto& entry) { return media_->lookup(media_key(entry.first)).has_value(); });
    std::lock_guard lock(mutex_);
    media_pending_ = missing;
    return missing;
}

bool ScreenSync::report(std::stop_token stop, bool force) {
    StatusReport r;
    std::string token, group, key;
    {
        std::lock_guard lock(mutex_);
        if (document_) {
            r.applied_version = document_->version;
            r.kill_shown = document_->wall.kill_switch;
        }
        token = local_["token"];
        group = local_["group"];
        r.media_pending = media_pending_;
        r.showing = pair_state_ == "live" ? "live" : "offline";
        r.post_ids = published_ids_;
        r.errors.assign(errors_.begin(), errors_.end());
        r.clock_offset_seconds = clock_offset_;
    }
    r.scheduled_on = options_.scheduled_on ? options_.scheduled_on() : std::nullopt;
    // "At once on a change": what is on screen, the kill state, the schedule,
    // a new error. Numbers that drift (memory, disk, frames) wait for the heartbeat.
    key = fmt::format("{}|{}|{}|{}|{}|{}", r.applied_version, r.kill_shown, r.showing, fmt::join(r.post_ids, ","),
                      r.scheduled_on ? int(*r.scheduled_on) : -1, r.errors.empty() ? "" : r.errors.back());
    {
        std::lock_guard lock(mutex_);
        const TimePoint now = clock_.now();
        if (!force && (!document_ || (key == reported_key_ && last_report_ && now - *last_report_ < options_.report_every)))
            return false;
    }
    r.grace_minutes = static_cast<int>(options_.offline_grace.count());
    r.version = options_.version;
    r.layout = options_.layout;
    r.uptime_seconds = (clock_.now() - started_).count();
    r.last_frame_unix = options_.last_frame_unix ? options_.last_frame_unix() : std::nullopt;
    r.cpu_temperature = platform::cpu_temperature_celsius();
    r.resident_bytes = platform::resident_memory_bytes();
    r.free_store_bytes = platform::free_disk_bytes(std::filesystem::path(store_.options().path).parent_path());
    if (!store_.options().media_dir.empty()) r.free_cache_bytes = platform::free_disk_bytes(store_.options().media_dir);
    net::Request req;
    req.url = url("/api/sync/v1/status");
    req.method = net::Method::Post;
    req.bearer_token = token;
    req.body = status_json(r);
    close_unless_proxied(req);
    req.body_cap = 64 * 1024;
    req.stop = stop;
    const net::Response res = client_->fetch(req);
    if (!res.ok()) {
        log::debug("fleet: the status report did not reach the hub ({})", res.error);
        return false;
    }
    {
        std::lock_guard lock(mutex_);
        reported_version_ = r.applied_version;
        reported_key_ = key;
        last_report_ = clock_.now();
    }
    Json body = Json::parse(res.body, nullptr, false);
    if (body.is_object() && body.contains("group") && body["group"].is_string() && body["group"] != group) {
        log::info("fleet: the hub moved this screen to group \"{}\"", body["group"].get<std::string>());
        remember({{"group", body["group"].get<std::string>()}}, Durability::Full);
        return true;
    }
    return false;
}

void ScreenSync::publish() {
    const TimePoint now = clock_.now();
    WallSnapshot snapshot;
    std::string key;
    {
        std::lock_guard lock(mutex_);
        const bool paired = local_.count("token") && !local_["token"].empty();
        const bool grace_over = now - last_contact_ > options_.offline_grace;
        const bool offline = pair_state_ != "live" && now - last_contact_ > options_.offline_after;
        if (document_) {
            snapshot = document_->wall;
            auto resolve = [this](std::string& url, std::string& path) {
                if (media_)
                    if (auto cached = media_->lookup(url)) path = cached->path;
            };
            for (Post& p : snapshot.posts) {
                resolve(p.avatar_url, p.avatar_local_path);
                for (Media& m : p.media) resolve(m.url, m.local_path);
                for (CustomEmoji& e : p.emojis) resolve(e.url, e.local_path);
            }
            for (Announcement& a : snapshot.announcements)
                if (auto it = document_->announcement_images.find(a.id); it != document_->announcement_images.end()) {
                    std::string u = media_key(it->second);
                    resolve(u, a.image_local_path);
                }
            // Cut off for longer than the grace period, the screen cannot
            // know what was retracted since: no social posts.
            if (grace_over) {
                snapshot.posts.clear();
                snapshot.pinned_ids.clear();
            }
        }
        if (document_ && offline) {
            snapshot.offline_since = last_contact_;
            snapshot.offline_shows = grace_over ? OfflineShows::AnnouncementsOnly : OfflineShows::LastWall;
        }
        // Unpaired (or paired again after a revocation once the grace is
        // over): the code, big, for the person standing in front of it.
        if (!paired && (!document_ || grace_over)) {
            PairingPage page;
            page.hub = document_ && !document_->hub_name.empty() ? document_->hub_name : options_.hub_url;
            if (pair_state_ == "waiting_for_approval") {
                page.heading = "Waiting for approval";
                page.instructions = "An admin approves this screen on the Screens page of the hub's console.";
            } else {
                page.heading =
                    local_["needs_pairing"] == "1" ? "This screen needs pairing again" : "Pair this screen";
                page.code = pretty_code(local_["pair_code"]);
                page.instructions = "On the hub's console: Screens, Pair a screen, then type this code.";
            }
            snapshot.posts.clear();
            snapshot.pinned_ids.clear();
            snapshot.pairing = std::move(page);
        }
        int resolved = 0;
        for (const Post& p : snapshot.posts)
            for (const Media& m : p.media) resolved += !m.local_path.empty();
        key = fmt::format("{}|{}|{}|{}|{}|{}|{}", document_ ? document_->version : 0, grace_over, offline, paired,
                          pair_state_, local_["pair_code"], resolved);
        if (key == published_key_) return;
        published_key_ = key;
        published_ids_.clear();
        for (const Post& p : snapshot.posts)
            if (published_ids_.size() < 100) published_ids_.push_back(p.id);
    }
    snapshot.built_at = now;
    channel_.publish(std::move(snapshot));
    if (options_.on_published) options_.on_published();
}

std::string ScreenSync::state() const {
    std::lock_guard lock(mutex_);
    return pair_state_;
}

std::string ScreenSync::pairing_code() const {
    std::lock_guard lock(mutex_);
    auto it = local_.find("pair_code");
    return it == local_.end() ? std::string() : pretty_code(it->second);
}

std::optional<double> ScreenSync::clock_offset() const {
    std::lock_guard lock(mutex_);
    return clock_offset_;
}

void ScreenSync::note_hub_time(const net::Response& res, std::chrono::steady_clock::duration round_trip,
                               TimePoint now) {
    auto stamp = res.headers.get("X-Lobbywall-Time");
    if (!stamp) return;
    long long hub_ms = 0;
    const auto [end, ec] = std::from_chars(stamp->data(), stamp->data() + stamp->size(), hub_ms);
    if (ec != std::errc() || end != stamp->data() + stamp->size()) return;
    // The hub stamped its answer somewhere in the round trip: assume the middle.
    const double hub = hub_ms / 1000.0 + std::chrono::duration<double>(round_trip).count() / 2;
    const double offset = hub - static_cast<double>(unix_of(now));
    std::lock_guard lock(mutex_);
    if (std::abs(offset) > 120 && (!clock_offset_ || std::abs(*clock_offset_) <= 120))
        log::warn("fleet: this screen's clock is {:.0f} s off the hub's; TLS and the on/off hours depend on it",
                  -offset);
    clock_offset_ = offset;
}

std::uint64_t ScreenSync::applied_version() const {
    std::lock_guard lock(mutex_);
    return document_ ? document_->version : 0;
}

}  // namespace lw::fleet
