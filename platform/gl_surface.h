// A place to draw with OpenGL: a full-screen (or windowed) window on the
// display, or an off-screen framebuffer for screenshots. The wall renderer
// draws into whichever it is given and never asks which.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lw::platform {

struct SurfaceSize {
    int width = 0;
    int height = 0;
};

struct WindowOptions {
    bool fullscreen = true;
    int width = 1920;       // window size when not full-screen
    int height = 1080;
    std::string title = "lobbywall";
};

class GlSurface {
public:
    virtual ~GlSurface() = default;

    // The GLSL version line the ImGui OpenGL3 backend needs for this context.
    virtual const char* glsl_version() const = 0;
    // What was created, for the log: "OpenGL 3.3 core, llvmpipe ...".
    virtual std::string description() const = 0;
    // Size in pixels of what a frame covers.
    virtual SurfaceSize framebuffer_size() const = 0;
    // Connects the window to the current ImGui context (after the renderer
    // created it) and disconnects it again (before the context goes).
    virtual void attach_imgui() {}
    virtual void detach_imgui() {}
    // Fills ImGui's per-frame input (display size, delta time).
    virtual void new_imgui_frame() = 0;
    // Makes the finished frame visible (swap) or, off-screen, nothing.
    virtual void present() = 0;
    // True when present_region() can show part of a frame: the window keeps
    // what the last present() or present_region() showed everywhere else.
    virtual bool can_present_region() const { return false; }
    // Shows only (x, y, width, height) of the frame just drawn (top-left
    // origin, pixels); the back buffer outside it need not hold anything.
    // Only where can_present_region() is true.
    virtual void present_region(int /*x*/, int /*y*/, int /*width*/, int /*height*/) {}
    // Sleeps until an event arrives or `timeout_s` passes; 0 only polls.
    virtual void wait_events(double timeout_s) = 0;
    // True once the window system asked us to close.
    virtual bool close_requested() const = 0;
    // Reads the frame just drawn (before present()) as tightly packed RGBA
    // rows, top row first.
    virtual bool read_pixels(std::vector<std::uint8_t>& rgba) = 0;
    // Wakes wait_events() from another thread.
    virtual void wake() {}
    // Fills the frame with black (the screen's off hours, where the display
    // cannot be powered off); present() shows it.
    virtual void clear_black() {}
};

// True when a window system is reachable (DISPLAY or WAYLAND_DISPLAY is set).
bool display_available();

// A window on the display with a GL context current on this thread, ImGui's
// GLFW backend initialised, the cursor hidden. Null and `error` set on failure.
std::unique_ptr<GlSurface> open_window(const WindowOptions& options, std::string& error);

// The primary monitor's current mode, or nothing without a display or
// monitor. Start-up asks before the window exists, to prepare the fonts.
std::optional<SurfaceSize> primary_monitor_size();

// An off-screen framebuffer of the given size with a GL context current on
// this thread: a hidden window when a display is reachable, else EGL with
// Mesa's surfaceless platform, which needs no display at all.
std::unique_ptr<GlSurface> open_offscreen(int width, int height, std::string& error);

// Encodes tightly packed RGBA rows (top row first) as PNG bytes.
bool encode_png(int width, int height, const std::vector<std::uint8_t>& rgba, std::string& out);

// Writes tightly packed RGBA rows (top row first) as a PNG file.
bool write_png(const std::string& path, int width, int height, const std::vector<std::uint8_t>& rgba);

}  // namespace lw::platform
