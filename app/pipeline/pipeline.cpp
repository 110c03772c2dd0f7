// The pipeline's threads: see pipeline.h.
#include "pipeline/pipeline.h"

#include "core/log.h"
#include "core/metrics.h"
#include "moderation/moderate.h"

#include <algorithm>
#include <set>

namespace lw::pipeline {
namespace {

using namespace std::chrono_literals;

ModerationState state_of(moderation::Verdict v) {
    switch (v) {
        case moderation::Verdict::Approve: return ModerationState::Approved;
        case moderation::Verdict::Reject: return ModerationState::Rejected;
        default: return ModerationState::Pending;
    }
}

}  // namespace

moderation::ModerationRules rules_for(const SourceConfig& source, const RulesConfig& global_config) {
    using namespace moderation;
    ModerationRules rules = default_rules(source.kind);
    const RulesConfig& c = source.rules;
    if (c.approval)
        if (auto a = parse_approval(*c.approval)) rules.approval = *a;
    rules.block_words = c.block_words;
    rules.blocked_authors = c.blocked_authors;
    rules.blocked_domains = c.blocked_domains;
    if (c.replies)
        if (auto p = parse_policy(*c.replies)) rules.replies = *p;
    if (c.boosts)
        if (auto p = parse_policy(*c.boosts)) rules.boosts = *p;
    if (c.sensitive)
        if (auto p = parse_policy(*c.sensitive)) rules.sensitive = *p;
    if (c.min_length) rules.min_length = static_cast<std::size_t>(*c.min_length);
    if (c.max_length) rules.max_length = static_cast<std::size_t>(*c.max_length);
    rules.languages = c.languages;
    if (c.allow_unknown_language) rules.allow_unknown_language = *c.allow_unknown_language;
    if (c.max_age_days) rules.max_age = std::chrono::hours(24 * *c.max_age_days);
    ModerationRules global;
    global.block_words = global_config.block_words;
    global.blocked_authors = global_config.blocked_authors;
    global.blocked_domains = global_config.blocked_domains;
    global.languages = global_config.languages;
    return merge_rules(global, rules);
}

Pipeline::Pipeline(PipelineOptions options, Store& store, MediaCache* media, SnapshotChannel& channel,
                   std::unique_ptr<net::HttpClient> client, const Clock& clock)
    : options_(std::move(options)), store_(store), media_(media), channel_(channel), client_(std::move(client)),
      clock_(clock), pacer_(net::PacerOptions{}, clock), fetcher_(*client_, pacer_, clock) {
    for (const SourceConfig& source : options_.sources) {
        auto poller = std::make_unique<SourcePoller>(source, clock_);
        auto saved = store_.source_state(source.name);
        if (saved && *saved) poller->restore(**saved);
        rules_[source.name] = rules_for(source, options_.global_rules);
        if (auto warning = moderation::rules_warning(source.kind, rules_[source.name]))
            log::warn("source {}: {}", describe_source(source), *warning);
        pollers_.push_back(std::move(poller));
    }
}

Pipeline::~Pipeline() { stop(); }

void Pipeline::start() {
    publish_now();
    publish_thread_ = std::jthread([this](std::stop_token st) { publish_loop(st); });
    if (!pollers_.empty()) poll_thread_ = std::jthread([this](std::stop_token st) { poll_loop(st); });
}

void Pipeline::stop() {
    for (std::jthread* t : {&poll_thread_, &publish_thread_}) {
        if (!t->joinable()) continue;
        t->request_stop();
        publish_wake_.notify_all();
        t->join();
    }
}

void Pipeline::content_changed() {
    {
        std::lock_guard lock(publish_mutex_);
        publish_requested_ = true;
    }
    publish_wake_.notify_all();
}

bool Pipeline::publish_now() {
    const TimePoint now = clock_.now();
    Result<WallSnapshot> content = store_.build_wall_content(now, options_.max_post_age);
    if (!content) {
        log::error("cannot read the wall's content from the store ({}); the screen keeps what it shows",
                   content.error);
        return false;
    }
    WallSnapshot snapshot = std::move(*content);
    // Configured prompts first, then the ones staff added in the console.
    std::vector<HashtagPrompt> prompts = options_.config_prompts;
    prompts.insert(prompts.end(), snapshot.prompts.begin(), snapshot.prompts.end());
    snapshot.prompts = std::move(prompts);
    if (media_) {
        // What is on the wall is the last to be evicted from the cache.
        for (const Post& p : snapshot.posts)
            for (const Media& m : p.media)
                if (auto cached = media_->lookup(m.url)) media_->mark_shown(cached->hash, now);
    }
    channel_.publish(std::move(snapshot));
    if (options_.on_published) options_.on_published();
    return true;
}

void Pipeline::publish_loop(std::stop_token stop) {
    while (!stop.stop_requested()) {
        {
            std::unique_lock lock(publish_mutex_);
            publish_wake_.wait_for(lock, stop, options_.republish_every, [this] { return publish_requested_; });
            publish_requested_ = false;
        }
        if (stop.stop_requested()) break;
        publish_now();
    }
}

void Pipeline::handle(SourcePoller& poller, PollOutcome& outcome) {
    const SourceConfig& source = poller.config();
    for (const std::string& line : outcome.log_lines) log::warn("{}", line);
    const TimePoint now = clock_.now();
    bool wall_changed = false;
    if (!outcome.posts.empty()) {
        Result<UpsertResult> stored = store_.upsert_posts(outcome.posts, now);
        if (!stored) {
            log::error("cannot store posts from {} ({}); they will be fetched again", describe_source(source),
                       stored.error);
        } else if (!stored->new_ids.empty()) {
            poller.count_new_posts(stored->new_ids.size());
            const std::set<std::string> fresh(stored->new_ids.begin(), stored->new_ids.end());
            std::vector<Decision> decisions;
            int approved = 0, held = 0, rejected = 0;
            moderation::ModerationRules rules = rules_[source.name];
            if (options_.extra_blocked_authors)
                for (std::string& author : options_.extra_blocked_authors()) rules.blocked_authors.push_back(std::move(author));
            for (const Post& post : outcome.posts) {
                if (!fresh.count(post.id)) continue;
                const moderation::Decision d = moderation::moderate(post, rules, now);
                Decision decision;
                decision.post_id = post.id;
                decision.state = state_of(d.verdict);
                decision.reasons = d.reasons;
                decision.actor = {"rules", ""};
                decision.at = now;
                decisions.push_back(std::move(decision));
                approved += d.verdict == moderation::Verdict::Approve;
                held += d.verdict == moderation::Verdict::Hold;
                rejected += d.verdict == moderation::Verdict::Reject;
            }
            Status recorded = store_.record_decisions(decisions);
            if (!recorded) log::error("cannot record the rules' decisions ({})", recorded.error);
            log::info("{}: {} new posts: {} approved by the rules, {} held for staff, {} rejected",
                      describe_source(source), decisions.size(), approved, held, rejected);
            if (options_.on_new_posts) options_.on_new_posts();
            wall_changed = approved > 0;
        }
    }
    if (outcome.status == net::PollStatus::Fresh || outcome.status == net::PollStatus::NotModified ||
        outcome.status == net::PollStatus::Failed)
        metrics::source_polls(source.name, net::to_string(outcome.status)).inc();
    if (outcome.status != net::PollStatus::Deferred) {
        Status saved = store_.save_source_state(poller.state());
        if (!saved) log::warn("cannot save the state of {} ({})", describe_source(source), saved.error);
        // Failing sources can turn the offline mark on, succeeding ones off.
        wall_changed = true;
    }
    if (wall_changed) content_changed();
}

void Pipeline::poll_once(std::stop_token stop) {
    // At night (the screen's off hours) the sources are asked less often.
    std::chrono::seconds quiet{0};
    TimePoint until{};
    if (options_.night_poll_interval.count() > 0 && options_.screen_hours.configured && options_.local_time) {
        const TimePoint now = clock_.now();
        if (!screen_on(options_.screen_hours, now, options_.local_time)) {
            quiet = options_.night_poll_interval;
            until = next_screen_change(options_.screen_hours, now, options_.local_time).value_or(now + quiet);
        }
    }
    for (auto& poller : pollers_) poller->set_quiet(quiet, until);
    for (auto& poller : pollers_) {
        if (stop.stop_requested()) return;
        if (clock_.now() < poller->next_poll()) continue;
        PollOutcome outcome = poller->poll(fetcher_, stop);
        handle(*poller, outcome);
    }
    fetch_media(stop);
    const TimePoint now = clock_.now();
    if (now >= next_purge_) {
        next_purge_ = now + std::chrono::hours(1);
        if (auto purged = store_.purge(now); purged && purged->posts_purged > 0) {
            log::info("retention: removed {} old or rejected posts", purged->posts_purged);
            if (media_) media_->collect_garbage();
        }
    }
}

void Pipeline::fetch_media(std::stop_token stop) {
    if (!media_) return;
    Result<std::vector<std::string>> wanted = store_.media_to_fetch(options_.media_per_round * 4);
    if (!wanted) return;
    const TimePoint now = clock_.now();
    int fetched = 0;
    for (const std::string& url : *wanted) {
        if (stop.stop_requested() || fetched >= options_.media_per_round) break;
        if (auto it = media_retry_.find(url); it != media_retry_.end() && now < it->second) continue;
        net::Request request;
        request.url = url;
        request.accept = "image/avif,image/webp,image/png,image/jpeg,image/gif;q=0.8";
        request.stop = stop;
        net::Backoff backoff(net::BackoffOptions{}, clock_);
        net::PollResult r = fetcher_.poll(request, backoff, "an image");
        if (r.status == net::PollStatus::Deferred) continue;
        ++fetched;
        bool ok = false;
        if (r.status == net::PollStatus::Fresh) {
            Result<CachedImage> cached = media_->store(url, r.response.body, "", now);
            ok = cached.ok();
            if (!ok) log::warn("image {} refused: {}; its post is shown without it", url, cached.error);
        } else if (r.status == net::PollStatus::Failed) {
            log::warn("{}", r.log_line);
        }
        if (ok) {
            media_retry_.erase(url);
            media_failures_.erase(url);
            content_changed();
        } else {
            // Try again later, less and less often (1 min doubling to a day).
            const int n = std::min(++media_failures_[url], 11);
            media_retry_[url] = now + std::chrono::minutes(1 << n);
        }
    }
}

void Pipeline::poll_loop(std::stop_token stop) {
    std::mutex sleep_mutex;
    std::condition_variable_any sleeper;
    while (!stop.stop_requested()) {
        poll_once(stop);
        TimePoint next = clock_.now() + std::chrono::minutes(1);
        for (const auto& poller : pollers_) next = std::min(next, poller->next_poll());
        const auto wait = std::clamp<std::chrono::seconds>(next - clock_.now(), 1s, 60s);
        std::unique_lock lock(sleep_mutex);
        sleeper.wait_for(lock, stop, wait, [] { return false; });
    }
}

}  // namespace lw::pipeline
