// Powering the monitor off and on for the screen's off hours, where the
// system allows it: wlr-randr under a wlroots compositor that offers
// wlr-output-management; else HDMI-CEC through cec-ctl (standby / image view
// on) where the box has /dev/cec* devices (a Raspberry Pi's HDMI ports); else
// DPMS through xset under X. Where none is there the wall draws black instead.
#pragma once

#include "core/config.h"

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lw::platform {

class DisplayPower {
public:
    // Finds what this box offers. Under Wayland it runs `wlr-randr` once
    // (at most 2 s) to see that the compositor lets it list the outputs.
    // The CEC devices are looked for in $LOBBYWALL_DEV_DIR (default /dev;
    // another directory is for the tests).
    static DisplayPower detect();

    bool available() const { return wlr_randr_ || !off_.empty(); }
    // "wlr-randr (outputs HDMI-A-1)", "HDMI-CEC (/dev/cec0)", "DPMS (xset)"
    // or why there is none.
    const std::string& method() const { return method_; }
    // Starts switching and returns; a previous command still running is
    // waited for first (at most a second). With wlr-randr the outputs are
    // listed again first (poll() goes on when the list is in): off switches
    // every output listed then, on those it switched off that are still
    // there, so a monitor re-plugged under another name, or plugged in after
    // start-up, is the one switched.
    void set(bool on);
    // Moves a switch on and reaps a finished command (starting the next for
    // another CEC device); the failures of a switch as one line, once.
    std::optional<std::string> poll();
    // A command is still running (poll again soon).
    bool busy() const { return child_ > 0 || listing_ > 0 || !queue_.empty(); }

private:
    void start(const std::vector<std::string>& argv);
    // Starts the next queued command, if any; false when there is none.
    bool start_next();

    bool wlr_randr_ = false;
    // The commands for off and on, run one after another (cec-ctl: one per
    // device; xset: one).
    std::vector<std::vector<std::string>> off_, on_;
    std::vector<std::vector<std::string>> queue_;  // those still to run for this switch
    // Of this switch's commands so far (including one that could not be
    // started), reported once the queue is done.
    std::string failures_;
    std::string method_;
    int child_ = -1;
    std::string running_;
    // wlr-randr: the listing in progress, and what the last "off" switched.
    int listing_ = -1;
    int listing_fd_ = -1;
    bool listing_target_on_ = true;
    std::string listing_text_;
    std::chrono::steady_clock::time_point listing_deadline_{};
    std::vector<std::string> switched_off_;
};

// Decides whether the wall should be lit now ([screen] hours in the local
// time zone) and powers the display off and on when that changes. Checks the
// clock at most once a second, so it is cheap to call every loop iteration.
class ScreenSwitch {
public:
    explicit ScreenSwitch(const ScreenConfig& config);
    void reconfigure(const ScreenConfig& config);
    // True while the wall should draw.
    bool update(TimePoint now);
    // Seconds to the next on/off change (capped at `cap`; short while a
    // display power command runs, to report how it ended).
    double seconds_to_change(TimePoint now, double cap) const;

private:
    ScreenConfig config_;
    std::unique_ptr<DisplayPower> power_;
    bool on_ = true;
    TimePoint checked_{};
    std::optional<TimePoint> next_change_;
};

}  // namespace lw::platform
