// The program's roles (docs/fleet.md): what runs behind the wall.
//   standalone  sources -> moderation -> store -> wall, and the console (a box on its own)
//   hub         the same, plus the screens' sync API and the Screens page
//   screen      a sync client from the hub -> its own store -> wall; no sources, no console
// main.cpp reads the command line and the config, opens one role's services
// and hands the render loop (wall_loop.cpp) or the headless loop to them.
#pragma once

#include "core/config.h"
#include "core/snapshot.h"
#include "core/time.h"
#include "platform/paths.h"
#include "store/media_cache.h"
#include "store/store.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace lw::roles {

using Steady = std::chrono::steady_clock;

struct Options {
    std::string config_path;
    bool demo = false;
    std::string windowed;      // "WxH"
    std::string screenshot;    // PNG path
    std::string size = "1920x1080";
    bool verbose = false;
    bool headless = false;
    // Not an option: provisioning's complaint about the boot partition's
    // config (wall/notice.h), read once at start-up and shown on the wall.
    std::string setup_notice;
};

// "On screen now" for the staff console: a worker thread asks, the render
// loop copies the next frame it draws, the worker encodes the PNG. The lock
// only guards a memory copy; the render thread never waits on I/O for it.
class FrameGrab {
public:
    // Any thread. Waits (at most 3 s) for the render loop's next frame.
    std::optional<std::string> png();
    // Render thread: is anybody waiting for a frame?
    bool wanted() const { return waiting_.load() > 0; }
    void serve(int width, int height, std::vector<std::uint8_t> rgba);
    void set_wake(void (*wake)()) { wake_ = wake; }

private:
    std::mutex mutex_;
    std::condition_variable cv_;
    std::atomic<int> waiting_{0};
    std::atomic<void (*)()> wake_{nullptr};
    std::uint64_t served_ = 0;
    std::vector<std::uint8_t> rgba_;
    int width_ = 0, height_ = 0;
};

// Wakes the render loop (any thread); a no-op before it runs.
void wake_surface();

// What a role runs on its own threads. Destroying it stops them.
class RoleServices {
public:
    virtual ~RoleServices() = default;
    // Starts the threads (after the first snapshot was published).
    virtual void start() = 0;
    // --headless has something to do.
    virtual bool can_run_headless() const = 0;
    // SIGHUP, on a worker thread: take over `next` (already checked).
    virtual void reload(const Config& next, SnapshotChannel& channel) = 0;
};

// The store and the media cache under `paths`, as every role keeps them
// (a media cache that cannot open is logged: pictures are left out). Null
// store after logging why; `what_then` ends that log line.
struct OpenedStore {
    std::unique_ptr<Store> store;
    std::unique_ptr<MediaCache> media;
};
OpenedStore open_store(const Config& config, const platform::Paths& paths, const char* what_then);

// standalone and hub. Null when the store cannot be opened (logged): the
// wall then shows what publish_initial_content gives it.
std::unique_ptr<RoleServices> open_box(const Config& config, const platform::Paths& paths, SnapshotChannel& channel,
                                       const Clock& clock, FrameGrab& grab);
// screen. Null when the store cannot be opened (logged).
std::unique_ptr<RoleServices> open_screen(const Config& config, const platform::Paths& paths,
                                          SnapshotChannel& channel, const Clock& clock);

// The demo content, or the configured prompts on an otherwise empty wall.
bool publish_initial_content(const Options& options, Config& config, const platform::Paths& paths,
                             SnapshotChannel& channel);

// SIGHUP: reads the config file again. nullopt (logged) keeps the running
// config; settings that need a restart keep their running values (named in
// one log line). The caller logs "reloaded" once the role took it over.
std::optional<Config> reread_config(const std::string& path, const Config& running);

using ReloadFn = std::function<std::optional<Config>(const Config& running)>;

int take_screenshot(const Options& options, const Config& config, SnapshotChannel& channel);
int run_headless(Config& config, const ReloadFn& reload);
int run_wall(const Options& options, Config& config, SnapshotChannel& channel, FrameGrab& grab,
             Steady::time_point process_start, const ReloadFn& reload);

}  // namespace lw::roles
