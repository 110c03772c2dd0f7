// The hub's fleet state: see hub.h.
#include "fleet/hub.h"

#include "core/log.h"
#include "fleet/sync_document.h"

#include <sodium.h>

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <fstream>
#include <sstream>

namespace lw::fleet {
namespace {

bool valid_name(const std::string& s, std::size_t max) {
    if (s.empty() || s.size() > max) return false;
    return std::none_of(s.begin(), s.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; });
}

bool same_secret(const std::string& a, const std::string& b) {
    return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

std::string normalise_code(std::string_view code) {
    std::string out;
    for (char c : code) {
        if (c == '-' || c == ' ') continue;
        out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return out;
}

std::string new_pairing_code() {
    static constexpr char kAlphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";  // 32 letters, no 0/O/1/I
    std::string code;
    for (int i = 0; i < 8; ++i) code += kAlphabet[randombytes_uniform(32)];
    return code;
}

std::string new_secret() {
    unsigned char bytes[32];
    randombytes_buf(bytes, sizeof bytes);
    char hex[sizeof bytes * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, bytes, sizeof bytes);
    return hex;
}

Hub::Hub(Store& store, const SnapshotChannel& channel, HubOptions options, const Clock& clock)
    : store_(store), channel_(channel), options_(std::move(options)), clock_(clock) {}

Result<std::unique_ptr<Hub>> Hub::open(Store& store, const SnapshotChannel& channel, HubOptions options,
                                       const Clock& clock) {
    using R = Result<std::unique_ptr<Hub>>;
    if (sodium_init() < 0) return R::failure("libsodium could not start");
    if (Status s = fleet_store::ensure_tables(store); !s) return R::failure(s.error);
    std::unique_ptr<Hub> hub(new Hub(store, channel, std::move(options), clock));
    if (Status s = hub->load(); !s) return R::failure(s.error);
    return hub;
}

Status Hub::load() {
    auto screens = fleet_store::screens(store_);
    auto pairings = fleet_store::pairings(store_);
    auto groups = fleet_store::groups(store_);
    if (!screens) return Status::failure(screens.error);
    if (!pairings) return Status::failure(pairings.error);
    if (!groups) return Status::failure(groups.error);
    std::lock_guard lock(mutex_);
    for (auto& s : *screens) {
        if (!s.revoked && !s.token_hash.empty()) token_index_[s.token_hash] = s.id;
        screens_[s.id] = s;
    }
    for (auto& p : *pairings) pairings_[p.code] = p;
    for (auto& g : *groups) {
        next_version_ = std::max(next_version_, g.version + 1);
        groups_[g.group] = g;
    }
    log::info("fleet hub: {} screens paired, {} groups, {} pairing requests waiting", token_index_.size(),
              groups_.size(), pairings_.size());
    return Status::success();
}

std::optional<fleet_store::ScreenRecord> Hub::authenticate(const std::string& token) {
    if (token.size() < 32 || token.size() > 256) return std::nullopt;
    const std::string hash = content_hash(token);
    std::lock_guard lock(mutex_);
    auto it = token_index_.find(hash);
    if (it == token_index_.end()) return std::nullopt;
    fleet_store::ScreenRecord* screen = find(it->second);
    if (!screen || screen->revoked) return std::nullopt;
    last_seen_[screen->id] = clock_.now();
    // The screen has its token: the pairing request that handed it over is done.
    for (auto p = pairings_.begin(); p != pairings_.end();)
        if (p->second.screen_id == screen->id) {
            fleet_store::delete_pairing(store_, p->first);
            p = pairings_.erase(p);
        } else {
            ++p;
        }
    return *screen;
}

std::string Hub::file_hash(const std::string& local_path) {
    if (auto it = file_hashes_.find(local_path); it != file_hashes_.end()) return it->second;
    std::ifstream in(local_path, std::ios::binary);
    if (!in) return {};  // not cached (yet): left out of the document
    std::ostringstream bytes;
    bytes << in.rdbuf();
    std::string hash = content_hash(bytes.str());
    // Cache files are named by their content and never rewritten.
    file_hashes_[local_path] = hash;
    return hash;
}

Result<ServedDocument> Hub::document(const std::string& group) {
    const SnapshotPtr snapshot = channel_.current();
    std::lock_guard lock(mutex_);
    fleet_store::GroupState& state = groups_[group];
    state.group = group;
    Cached& cached = cache_[group];
    if (cached.served.body && cached.snapshot_version == snapshot->version && cached.group_kill == state.group_kill &&
        cached.targets == targets_)
        return cached.served;

    WallSnapshot wall = *snapshot;
    // Posts of sources aimed at other groups (and their pins) stay off this group's wall.
    const auto elsewhere = [&](const Post& p) {
        auto it = options_.source_groups.find(p.source_id);
        return it != options_.source_groups.end() && !it->second.empty() &&
               std::find(it->second.begin(), it->second.end(), group) == it->second.end();
    };
    std::erase_if(wall.posts, elsewhere);
    // Announcements and prompts aimed at other groups (empty groups: every group).
    const auto not_for_group = [&](const auto& item) {
        return !item.groups.empty() && std::find(item.groups.begin(), item.groups.end(), group) == item.groups.end();
    };
    std::erase_if(wall.announcements, not_for_group);
    std::erase_if(wall.prompts, not_for_group);
    std::erase_if(wall.pinned_ids, [&](const std::string& id) {
        return std::none_of(wall.posts.begin(), wall.posts.end(), [&](const Post& p) { return p.id == id; });
    });
    if (state.group_kill) {  // the group's own kill switch: house content only, as the hub's own does
        wall.kill_switch = true;
    }
    if (wall.kill_switch) {
        wall.posts.clear();
        wall.pinned_ids.clear();
    }
    const FileHashFn hash_fn = [this](const std::string& path) { return file_hash(path); };
    EncodedDocument doc = encode_document(wall, group, options_.hub_name, state.version, state.kill_version, hash_fn);
    if (doc.content_hash != state.content_hash || state.version == 0) {
        fleet_store::GroupState next = state;
        next.version = next_version_++;
        if (next.kill != wall.kill_switch || state.version == 0) {
            next.kill = wall.kill_switch;
            next.kill_version = next.version;
        }
        next.content_hash = doc.content_hash;
        doc = encode_document(wall, group, options_.hub_name, next.version, next.kill_version, hash_fn);
        // Durable before it is served: a hub restarted after a screen saw
        // version N never serves different content as N again.
        if (Status s = fleet_store::put_group(store_, next); !s)
            return Result<ServedDocument>::failure(fmt::format("cannot record the group's version ({})", s.error));
        state = next;
        ++changes_;
        // Behind it from when the hub's wall changed, not from when a screen first asked.
        version_since_[group] = snapshot->built_at == TimePoint{} ? clock_.now() : snapshot->built_at;
    }
    version_since_.try_emplace(group, clock_.now());  // loaded from the store: since this run served it
    cached.snapshot_version = snapshot->version;
    cached.targets = targets_;
    cached.group_kill = state.group_kill;
    cached.served.body = std::make_shared<const std::string>(std::move(doc.body));
    cached.served.version = state.version;
    cached.served.etag = fmt::format("\"{}-{}\"", state.version, state.content_hash.substr(0, 16));
    cached.media = std::move(doc.media);
    return cached.served;
}

std::optional<std::string> Hub::media_path(const std::string& hash) {
    std::lock_guard lock(mutex_);
    for (const auto& [group, cached] : cache_)
        for (const auto& [h, path] : cached.media)
            if (h == hash) return path;
    return std::nullopt;
}

void Hub::report(const std::string& screen_id, StatusReport report) {
    std::lock_guard lock(mutex_);
    fleet_store::ScreenRecord* screen = find(screen_id);
    if (!screen) return;
    screen->last_status = clock_.now();
    last_seen_[screen_id] = *screen->last_status;
    screen->applied_version = report.applied_version;
    screen->kill_shown = report.kill_shown;
    screen->media_pending = report.media_pending;
    screen->showing = report.showing;
    grace_minutes_[screen_id] = report.grace_minutes;
    fleet_store::save_report(store_, *screen);
    // The health fields are kept in memory only: a short history for the
    // Screens page, lost with a hub restart (the next report refills it).
    report.received = *screen->last_status;
    std::deque<StatusReport>& history = status_[screen_id];
    // What was on screen matters now, not 30 reports ago: older reports keep
    // their numbers only (a thousand screens' histories stay small).
    if (!history.empty()) std::vector<std::string>().swap(history.back().post_ids);
    history.push_back(std::move(report));
    while (history.size() > kStatusHistory) history.pop_front();
    ++changes_;  // every report: the page shows its health fields
}

std::vector<StatusReport> Hub::history(const std::string& screen_id) {
    std::lock_guard lock(mutex_);
    auto it = status_.find(screen_id);
    if (it == status_.end()) return {};
    return {it->second.begin(), it->second.end()};
}

void Hub::expire_pairings(TimePoint now) {
    for (auto p = pairings_.begin(); p != pairings_.end();)
        if (now - p->second.created > options_.pairing_lifetime) {
            fleet_store::delete_pairing(store_, p->first);
            p = pairings_.erase(p);
        } else {
            ++p;
        }
}

PairReply Hub::pair(const std::string& code_text, const std::string& claim, const std::string& name,
                    const std::string& enrolment_key) {
    PairReply reply;
    const std::string code = normalise_code(code_text);
    if (code.size() != 8 || claim.size() < 32 || claim.size() > 128 || !valid_name(name, 80)) {
        reply.status = 400;
        reply.message = "a pairing request needs an 8-character code, a claim secret and a name";
        return reply;
    }
    const TimePoint now = clock_.now();
    const std::string claim_hash = content_hash(claim);
    std::lock_guard lock(mutex_);
    expire_pairings(now);
    if (auto it = pairings_.find(code); it != pairings_.end()) {
        fleet_store::PairingRequest& p = it->second;
        if (!same_secret(p.claim_hash, claim_hash)) {
            reply.status = 409;
            reply.message = "this code is taken by another screen; pick a new one";
            return reply;
        }
        if (!p.token.empty()) {
            reply.state = "paired";
            reply.token = p.token;
            reply.screen_id = p.screen_id;
            if (auto* s = find(p.screen_id)) reply.group = s->group;
            return reply;
        }
        reply.state = p.enrolled ? "waiting_for_approval" : "waiting_for_code";
        return reply;
    }
    const auto waiting = std::count_if(pairings_.begin(), pairings_.end(), [](const auto& p) { return p.second.token.empty(); });
    if (waiting >= options_.max_pending_pairings) {
        reply.status = 429;
        reply.message = "too many screens are waiting to be paired; try again later";
        return reply;
    }
    fleet_store::PairingRequest p;
    p.code = code;
    p.claim_hash = claim_hash;
    p.name = name;
    p.enrolled = !options_.enrolment_key.empty() && same_secret(options_.enrolment_key, enrolment_key);
    p.created = now;
    if (Status s = fleet_store::put_pairing(store_, p); !s) {
        reply.status = 503;
        reply.message = "the hub cannot record the request now";
        return reply;
    }
    pairings_[code] = p;
    ++changes_;
    log::info("fleet: screen \"{}\" asks to be paired ({})", name, p.enrolled ? "enrolment key" : "code on screen");
    reply.state = p.enrolled ? "waiting_for_approval" : "waiting_for_code";
    return reply;
}

Result<fleet_store::ScreenRecord> Hub::approve(const std::string& code_text, const std::string& name,
                                               const std::string& group, const Actor& actor) {
    using R = Result<fleet_store::ScreenRecord>;
    if (!valid_name(name, 80)) return R::failure("a screen needs a name (at most 80 characters)");
    if (!valid_name(group, 60)) return R::failure("a screen needs a group (at most 60 characters)");
    const std::string code = normalise_code(code_text);
    const TimePoint now = clock_.now();
    std::lock_guard lock(mutex_);
    expire_pairings(now);
    auto it = pairings_.find(code);
    if (it == pairings_.end() || !it->second.token.empty())
        return R::failure("no screen is waiting with that code (check the code on the screen)");
    fleet_store::ScreenRecord screen;
    screen.id = "scr-" + new_secret().substr(0, 12);
    screen.name = name;
    screen.group = group;
    const std::string token = new_secret();
    screen.token_hash = content_hash(token);
    screen.paired_at = now;
    screen.paired_by = actor.name;
    if (Status s = fleet_store::put_screen(store_, screen, actor, now, "screen.pair",
                                           fmt::format("{} in {} (code {})", name, group, code));
        !s)
        return R::failure(s.error);
    fleet_store::PairingRequest p = it->second;
    p.token = token;  // until the screen collects it with its claim secret
    p.screen_id = screen.id;
    if (Status s = fleet_store::put_pairing(store_, p); !s) return R::failure(s.error);
    it->second = p;
    screens_[screen.id] = screen;
    token_index_[screen.token_hash] = screen.id;
    ++changes_;
    return screen;
}

fleet_store::ScreenRecord* Hub::find(const std::string& id) {
    auto it = screens_.find(id);
    return it == screens_.end() ? nullptr : &it->second;
}

Status Hub::save(const fleet_store::ScreenRecord& record, const Actor& actor, const std::string& action,
                 const std::string& details) {
    Status s = fleet_store::put_screen(store_, record, actor, clock_.now(), action, details);
    if (s) {
        screens_[record.id] = record;
        ++changes_;
    }
    return s;
}

Status Hub::rename(const std::string& screen_id, const std::string& name, const Actor& actor) {
    if (!valid_name(name, 80)) return Status::failure("a screen needs a name (at most 80 characters)");
    std::lock_guard lock(mutex_);
    fleet_store::ScreenRecord* s = find(screen_id);
    if (!s) return Status::failure("no such screen");
    fleet_store::ScreenRecord next = *s;
    next.name = name;
    return save(next, actor, "screen.rename", fmt::format("{} -> {}", s->name, name));
}

Status Hub::regroup(const std::string& screen_id, const std::string& group, const Actor& actor) {
    if (!valid_name(group, 60)) return Status::failure("a screen needs a group (at most 60 characters)");
    std::lock_guard lock(mutex_);
    fleet_store::ScreenRecord* s = find(screen_id);
    if (!s) return Status::failure("no such screen");
    fleet_store::ScreenRecord next = *s;
    next.group = group;
    return save(next, actor, "screen.regroup", fmt::format("{}: {} -> {}", s->name, s->group, group));
}

Status Hub::revoke(const std::string& screen_id, const Actor& actor) {
    std::lock_guard lock(mutex_);
    fleet_store::ScreenRecord* s = find(screen_id);
    if (!s) return Status::failure("no such screen");
    fleet_store::ScreenRecord next = *s;
    token_index_.erase(next.token_hash);
    next.token_hash.clear();
    next.revoked = true;
    return save(next, actor, "screen.revoke", next.name);
}

Status Hub::set_group_kill(const std::string& group, bool on, const Actor& actor) {
    if (!valid_name(group, 60)) return Status::failure("no such group");
    Status s = fleet_store::set_group_kill(store_, group, on, actor, clock_.now());
    if (!s) return s;
    std::lock_guard lock(mutex_);
    groups_[group].group = group;
    groups_[group].group_kill = on;
    ++changes_;
    return s;
}

void Hub::set_source_groups(std::map<std::string, std::vector<std::string>> source_groups) {
    std::lock_guard lock(mutex_);
    options_.source_groups = std::move(source_groups);
    ++targets_;
}

std::vector<ScreenView> Hub::screens() {
    // Make every group's document current, so the kill state compared below
    // is the one the hub serves now.
    std::set<std::string> used;
    {
        std::lock_guard lock(mutex_);
        for (const auto& [id, s] : screens_)
            if (!s.revoked) used.insert(s.group);
    }
    for (const std::string& g : used) document(g);
    const TimePoint now = clock_.now();
    std::lock_guard lock(mutex_);
    std::vector<ScreenView> out;
    for (const auto& [id, s] : screens_) {
        ScreenView v;
        v.record = s;
        if (auto it = last_seen_.find(id); it != last_seen_.end()) v.last_seen = it->second;
        else v.last_seen = s.last_status;
        if (!v.last_seen) v.connection = "never";
        else if (now - *v.last_seen <= options_.online_within) v.connection = "online";
        else if (now - *v.last_seen <= options_.stale_within) v.connection = "stale";
        else {
            auto g = grace_minutes_.find(id);
            const auto grace = std::chrono::minutes(g == grace_minutes_.end() ? 60 : g->second);
            v.connection = now - *v.last_seen <= grace ? "offline_showing_last_wall" : "offline";
        }
        if (auto g = groups_.find(s.group); g != groups_.end()) {
            v.kill_wanted = g->second.kill;
            v.kill_confirmed = s.applied_version >= g->second.kill_version && s.kill_shown == g->second.kill;
            // Behind its group's current version: for as long as that version has been served.
            auto since = version_since_.find(s.group);
            v.sync_lag = std::chrono::seconds(0);
            if (s.applied_version < g->second.version && since != version_since_.end())
                v.sync_lag = std::chrono::duration_cast<std::chrono::seconds>(now - since->second);
        }
        if (auto h = status_.find(id); h != status_.end() && !h->second.empty()) v.status = h->second.back();
        out.push_back(std::move(v));
    }
    return out;
}

KillSummary Hub::kill_summary() {
    KillSummary k;
    for (const ScreenView& v : screens()) {
        if (v.record.revoked) continue;
        ++k.total;
        k.any_on = k.any_on || v.kill_wanted;
        if (v.kill_confirmed) ++k.confirmed;
        else k.unconfirmed.push_back(v.record.name);
    }
    return k;
}

std::vector<fleet_store::PairingRequest> Hub::pending() {
    std::lock_guard lock(mutex_);
    expire_pairings(clock_.now());
    std::vector<fleet_store::PairingRequest> out;
    for (auto [code, p] : pairings_) {
        if (!p.token.empty()) continue;  // approved, waiting for the screen to collect its token
        p.token.clear();
        p.claim_hash.clear();
        // A code typed by a person is the secret for unenrolled screens: list enrolled ones only with theirs.
        if (!p.enrolled) p.code.clear();
        out.push_back(std::move(p));
    }
    return out;
}

std::vector<fleet_store::GroupState> Hub::groups() {
    std::lock_guard lock(mutex_);
    std::set<std::string> names;
    for (const auto& [id, s] : screens_)
        if (!s.revoked) names.insert(s.group);
    for (const auto& [g, state] : groups_) names.insert(g);
    std::vector<fleet_store::GroupState> out;
    for (const std::string& n : names) {
        auto it = groups_.find(n);
        fleet_store::GroupState g = it == groups_.end() ? fleet_store::GroupState{} : it->second;
        g.group = n;
        out.push_back(std::move(g));
    }
    return out;
}

std::uint64_t Hub::changes() const {
    std::lock_guard lock(mutex_);
    return changes_;
}

}  // namespace lw::fleet
