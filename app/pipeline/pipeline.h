// The pipeline behind the wall: a poller thread that fetches every configured
// source politely, moderates what is new (rules and the privacy guard) and
// writes posts and decisions to the store, then downloads their images into
// the media cache; and a publisher thread that builds the WallSnapshot from
// the store and hands it to the render thread. Data flows one way:
// sources -> moderation -> store -> snapshot -> wall.
#pragma once

#include "core/config.h"
#include "core/schedule.h"
#include "core/snapshot.h"
#include "core/time.h"
#include "moderation/rules.h"
#include "net/http_client.h"
#include "pipeline/source_poller.h"
#include "store/media_cache.h"
#include "store/store.h"

#include <condition_variable>
#include <functional>
#include <optional>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace lw::pipeline {

// The moderation rules for a source: its kind's defaults, the config's
// per-source settings and the global [moderation] table joined together.
moderation::ModerationRules rules_for(const SourceConfig& source, const RulesConfig& global);

struct PipelineOptions {
    std::vector<SourceConfig> sources;
    RulesConfig global_rules;
    std::vector<HashtagPrompt> config_prompts;   // shown with the store's own prompts
    std::chrono::seconds max_post_age{14 * 24 * 3600};
    std::chrono::seconds republish_every{30};    // announcements start and end on their own (checked, published if changed)
    int media_per_round = 24;
    // Authors staff blocked at run time (the console keeps them in the
    // store); joined into every source's rules before each round.
    std::function<std::vector<std::string>()> extra_blocked_authors;
    // Staff blocks the rules cannot express (one author of a web feed, whose
    // handle is the feed's): asked once per round for a check, which gives
    // the reason a post is rejected, or nothing.
    std::function<std::function<std::optional<std::string>(const Post&)>()> staff_block_check;
    // Called after each publish (any thread): wakes the render loop so a
    // change (the kill switch) is on screen at once, not at its next tick.
    std::function<void()> on_published;
    // Called (on the poller thread) after new posts were stored, so the
    // staff console's queue refreshes.
    std::function<void()> on_new_posts;
    // The screen's hours ([screen]): while it is off nobody sees new posts,
    // so sources are asked at most every `night_poll_interval` (0: as by day),
    // and again as the screen comes on.
    ScreenSchedule screen_hours;
    LocalTimeFn local_time;
    std::chrono::seconds night_poll_interval{0};
};

class Pipeline {
public:
    // `client` is used by the poller thread only. `media` may be null (no cache).
    Pipeline(PipelineOptions options, Store& store, MediaCache* media, SnapshotChannel& channel,
             std::unique_ptr<net::HttpClient> client, const Clock& clock);
    ~Pipeline();
    Pipeline(const Pipeline&) = delete;
    Pipeline& operator=(const Pipeline&) = delete;

    // Publishes what the store has right away (the wall starts from the cache
    // before any network access), then starts the threads.
    void start();
    void stop();
    // Staff changed something (a decision, the kill switch): republish now.
    void content_changed();
    // One poll round over every due source, on the calling thread (tests).
    void poll_once(std::stop_token stop = {});
    // Builds the snapshot on the calling thread and publishes it when its
    // content changed; false when the store could not be read (the wall keeps
    // its last snapshot).
    bool publish_now();

private:
    void poll_loop(std::stop_token stop);
    void publish_loop(std::stop_token stop);
    void handle(SourcePoller& poller, PollOutcome& outcome);
    void fetch_media(std::stop_token stop);

    PipelineOptions options_;
    Store& store_;
    MediaCache* media_;
    SnapshotChannel& channel_;
    std::unique_ptr<net::HttpClient> client_;
    const Clock& clock_;
    net::HostPacer pacer_;
    net::PoliteFetcher fetcher_;
    std::vector<std::unique_ptr<SourcePoller>> pollers_;
    std::map<std::string, moderation::ModerationRules> rules_;
    std::map<std::string, TimePoint> media_retry_;   // poller thread only
    std::map<std::string, int> media_failures_;
    TimePoint next_purge_{};

    std::mutex publish_mutex_;
    std::condition_variable_any publish_wake_;
    bool publish_requested_ = false;
    std::jthread poll_thread_;
    std::jthread publish_thread_;
};

}  // namespace lw::pipeline
