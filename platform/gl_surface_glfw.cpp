// GlSurface on GLFW (X11): the full-screen wall window, and a hidden window
// with a framebuffer object for screenshots when a display is reachable.
// Contexts are tried newest first, down to OpenGL ES 2.0 (Raspberry Pi);
// LOBBYWALL_GL=gl33|gl30|es30|gl21|es20 forces one (tests, troubleshooting).
// The full-screen window follows the monitor: unplugged, the wall keeps
// running; plugged back or switched to another mode, it goes full-screen on
// the primary monitor again.
#include "platform/gl_surface.h"
#include "platform/gl_framebuffer.h"
#include "platform/gl_present_glx.h"

#include "core/log.h"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <backends/imgui_impl_glfw.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <string_view>
#include <thread>
#include <tuple>

namespace lw::platform {
namespace {

std::string g_last_glfw_error;

void on_glfw_error(int code, const char* description) {
    g_last_glfw_error = description ? description : ("GLFW error " + std::to_string(code));
}

bool init_glfw(std::string& error) {
    glfwSetErrorCallback(on_glfw_error);
    // A display server that is still starting (at boot) or busy may refuse a
    // connection for a moment: try for about two seconds before giving up.
    for (int attempt = 0; attempt < 10; ++attempt) {
        if (glfwInit()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    error = "cannot connect to the window system (" + g_last_glfw_error + ")";
    return false;
}

struct ContextChoice {
    const char* name;   // for LOBBYWALL_GL
    int major, minor;
    bool core;
    bool es;
    const char* glsl;   // the shader version line for ImGui's OpenGL3 backend
};

// Newest first. ImGui's OpenGL3 backend takes GLSL 1.00 ES and 1.20 too.
constexpr ContextChoice kChoices[] = {
    {"gl33", 3, 3, true, false, "#version 330"},
    {"gl30", 3, 0, false, false, "#version 130"},
    {"es30", 3, 0, false, true, "#version 300 es"},
    {"gl21", 2, 1, false, false, "#version 120"},
    {"es20", 2, 0, false, true, "#version 100"},
};

std::string context_name(const ContextChoice& c) {
    return std::string(c.es ? "OpenGL ES " : "OpenGL ") + std::to_string(c.major) + "." + std::to_string(c.minor) +
           (c.core ? " core" : "");
}

GLFWwindow* create_window(int width, int height, bool fullscreen, bool visible,
                          const char* title, const ContextChoice*& chosen, std::string& error) {
    GLFWmonitor* monitor = fullscreen ? glfwGetPrimaryMonitor() : nullptr;
    if (fullscreen && !monitor) {
        error = "no monitor is connected";
        return nullptr;
    }
    if (monitor) {
        const GLFWvidmode* mode = glfwGetVideoMode(monitor);
        width = mode->width;
        height = mode->height;
        glfwWindowHint(GLFW_RED_BITS, mode->redBits);
        glfwWindowHint(GLFW_GREEN_BITS, mode->greenBits);
        glfwWindowHint(GLFW_BLUE_BITS, mode->blueBits);
        glfwWindowHint(GLFW_REFRESH_RATE, mode->refreshRate);
    }
    glfwWindowHint(GLFW_VISIBLE, visible ? GLFW_TRUE : GLFW_FALSE);
    // The wall draws 2D triangles only: no depth or stencil buffer (8 MB at
    // 1080p that a software renderer would keep in memory, and GPU memory on a Pi).
    glfwWindowHint(GLFW_DEPTH_BITS, 0);
    glfwWindowHint(GLFW_STENCIL_BITS, 0);
    const char* forced = std::getenv("LOBBYWALL_GL");
    if (forced && !*forced) forced = nullptr;
    std::string tried;
    for (const ContextChoice& c : kChoices) {
        if (forced && std::string_view(forced) != c.name) continue;
        glfwWindowHint(GLFW_CLIENT_API, c.es ? GLFW_OPENGL_ES_API : GLFW_OPENGL_API);
        glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, c.major);
        glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, c.minor);
        glfwWindowHint(GLFW_OPENGL_PROFILE, c.core ? GLFW_OPENGL_CORE_PROFILE : GLFW_OPENGL_ANY_PROFILE);
        glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, c.core ? GLFW_TRUE : GLFW_FALSE);
        // GLX first; EGL where GLX cannot make an ES context.
        for (int api : {GLFW_NATIVE_CONTEXT_API, GLFW_EGL_CONTEXT_API}) {
            if (api == GLFW_EGL_CONTEXT_API && !c.es) continue;
            glfwWindowHint(GLFW_CONTEXT_CREATION_API, api);
            if (GLFWwindow* w = glfwCreateWindow(width, height, title, monitor, nullptr)) {
                glfwWindowHint(GLFW_CONTEXT_CREATION_API, GLFW_NATIVE_CONTEXT_API);
                if (!tried.empty()) log::info("no {} context; using {}", tried, context_name(c));
                chosen = &c;
                return w;
            }
        }
        glfwWindowHint(GLFW_CONTEXT_CREATION_API, GLFW_NATIVE_CONTEXT_API);
        tried += (tried.empty() ? "" : ", ") + context_name(c);
    }
    if (forced && tried.empty()) {
        error = std::string("LOBBYWALL_GL=") + forced + " is not one of gl33, gl30, es30, gl21, es20";
        return nullptr;
    }
    error = "cannot create an OpenGL window with " + tried + " (" + g_last_glfw_error + ")";
    return nullptr;
}

void* glfw_get_proc(const char* name) {
    return reinterpret_cast<void*>(glfwGetProcAddress(name));
}

std::string describe(const ContextChoice& c) {
    using GetString = const unsigned char* (*)(unsigned);
    auto get_string = reinterpret_cast<GetString>(glfwGetProcAddress("glGetString"));
    const char* renderer = get_string ? reinterpret_cast<const char*>(get_string(0x1F01)) : nullptr;
    const char* version = get_string ? reinterpret_cast<const char*>(get_string(0x1F02 /* GL_VERSION */)) : nullptr;
    return context_name(c) + " (" + (version ? version : "version unknown") + ") on " +
           (renderer ? renderer : "an unknown renderer");
}

class GlfwWindowSurface;
GlfwWindowSurface* g_window = nullptr;  // for GLFW's monitor callback (render thread only)
void on_monitor(GLFWmonitor* monitor, int event);

class GlfwWindowSurface final : public GlSurface {
public:
    GlfwWindowSurface(GLFWwindow* window, const ContextChoice& choice, bool fullscreen)
        : window_(window), choice_(choice), fullscreen_(fullscreen) {
        glfwMakeContextCurrent(window_);
        glfwSwapInterval(1);
        // LOBBYWALL_PARTIAL_PRESENT=0 turns it off (to measure what it saves: tests/bench/live_bench.sh).
        // Not under Xwayland (cage, sway) unless =1: there the compositor was
        // seen showing the whole back buffer after a copy of the band alone,
        // a ticker over black after the off hours (tests/platform/sway-hotplug.sh,
        // the cage check, 2 runs of 6). The kiosk draws whole frames there.
        const char* partial = std::getenv("LOBBYWALL_PARTIAL_PRESENT");
        const std::string_view want = partial ? partial : "";
        const bool xwayland = std::getenv("WAYLAND_DISPLAY") != nullptr;
        if (want == "1" || (want != "0" && !xwayland)) present_region_ = glx_present_region(window_);
        glfwSetInputMode(window_, GLFW_CURSOR, GLFW_CURSOR_HIDDEN);
        g_window = this;
        glfwSetMonitorCallback(on_monitor);
        // Exposed (uncovered, mapped again): the window's pixels may be gone,
        // so the next frame is presented whole.
        glfwSetWindowRefreshCallback(window_, [](GLFWwindow*) {
            if (g_window) g_window->whole_frame_due_ = true;
        });
    }
    ~GlfwWindowSurface() override {
        glfwSetMonitorCallback(nullptr);
        g_window = nullptr;
        detach_imgui();
        glfwDestroyWindow(window_);
        glfwTerminate();
    }
    void monitors_changed() { refit_due_ = monitor_event_ = true; }
    const char* glsl_version() const override { return choice_.glsl; }
    std::string description() const override { return describe(choice_); }
    SurfaceSize framebuffer_size() const override {
        SurfaceSize s;
        glfwGetFramebufferSize(window_, &s.width, &s.height);
        return s;
    }
    void attach_imgui() override {
        if (!imgui_attached_) imgui_attached_ = ImGui_ImplGlfw_InitForOpenGL(window_, false);
    }
    void detach_imgui() override {
        if (imgui_attached_ && ImGui::GetCurrentContext()) ImGui_ImplGlfw_Shutdown();
        imgui_attached_ = false;
    }
    void new_imgui_frame() override { ImGui_ImplGlfw_NewFrame(); }
    void present() override {
        glfwSwapBuffers(window_);
        whole_frame_due_ = false;
    }
    bool can_present_region() const override { return present_region_ && !whole_frame_due_; }
    void present_region(int x, int y, int width, int height) override {
        SurfaceSize size = framebuffer_size();
        present_region_(x, size.height - y - height, width, height);
    }
    void wait_events(double timeout_s) override {
        if (timeout_s <= 0) glfwPollEvents();
        else glfwWaitEventsTimeout(timeout_s);
        // A monitor mode change has no GLFW event: look every two seconds.
        const auto now = std::chrono::steady_clock::now();
        if (fullscreen_ && now - last_refit_ > std::chrono::seconds(2)) refit_due_ = true;
        if (refit_due_) {
            refit_due_ = false;
            last_refit_ = now;
            refit();
        }
    }
    bool close_requested() const override { return glfwWindowShouldClose(window_); }
    bool read_pixels(std::vector<std::uint8_t>& rgba) override {
        using ReadPixels = void (*)(int, int, int, int, unsigned, unsigned, void*);
        using PixelStorei = void (*)(unsigned, int);
        auto read = reinterpret_cast<ReadPixels>(glfwGetProcAddress("glReadPixels"));
        auto store = reinterpret_cast<PixelStorei>(glfwGetProcAddress("glPixelStorei"));
        if (!read || !store) return false;
        int w = 0, h = 0;
        glfwGetFramebufferSize(window_, &w, &h);
        const size_t row = static_cast<size_t>(w) * 4;
        std::vector<std::uint8_t> bottom_up(row * static_cast<size_t>(h));
        store(0x0D05 /* GL_PACK_ALIGNMENT */, 1);
        read(0, 0, w, h, 0x1908 /* GL_RGBA */, 0x1401 /* GL_UNSIGNED_BYTE */, bottom_up.data());
        rgba.resize(bottom_up.size());
        for (int y = 0; y < h; ++y)
            std::copy_n(&bottom_up[static_cast<size_t>(h - 1 - y) * row], row, &rgba[static_cast<size_t>(y) * row]);
        return true;
    }
    void wake() override { glfwPostEmptyEvent(); }
    void clear_black() override {
        using ClearColor = void (*)(float, float, float, float);
        using Clear = void (*)(unsigned);
        auto clear_color = reinterpret_cast<ClearColor>(glfwGetProcAddress("glClearColor"));
        auto clear = reinterpret_cast<Clear>(glfwGetProcAddress("glClear"));
        if (!clear_color || !clear) return;
        clear_color(0, 0, 0, 1);
        clear(0x00004000 /* GL_COLOR_BUFFER_BIT */);
    }

private:
    // Full-screen on the primary monitor at its current mode, if that is not
    // where the window is; the render loop sees the new framebuffer size and
    // lays the wall out again.
    void refit() {
        if (!fullscreen_) return;
        GLFWmonitor* primary = glfwGetPrimaryMonitor();
        if (!primary) {
            if (!lost_logged_) log::warn("no monitor connected; the wall keeps running and returns when one is plugged in");
            lost_logged_ = true;
            return;
        }
        lost_logged_ = false;
        const GLFWvidmode* mode = glfwGetVideoMode(primary);
        if (!mode) return;
        int w = 0, h = 0;
        glfwGetWindowSize(window_, &w, &h);
        if (glfwGetWindowMonitor(window_) == primary && w == mode->width && h == mode->height) return;
        // Once per monitor and mode (a window manager may keep the size off by a border).
        const std::tuple<GLFWmonitor*, int, int> target{primary, mode->width, mode->height};
        if (target == last_target_ && !monitor_event_) return;
        last_target_ = target;
        monitor_event_ = false;
        whole_frame_due_ = true;
        glfwSetWindowMonitor(window_, primary, 0, 0, mode->width, mode->height, mode->refreshRate);
        glfwSetInputMode(window_, GLFW_CURSOR, GLFW_CURSOR_HIDDEN);
        const char* name = glfwGetMonitorName(primary);
        log::info("full-screen on {} at {}x{}", name ? name : "the monitor", mode->width, mode->height);
    }

    GLFWwindow* window_;
    PresentRegionFn present_region_;
    bool whole_frame_due_ = true;  // until a whole frame is presented
    const ContextChoice& choice_;
    bool fullscreen_;
    bool imgui_attached_ = false;
    bool refit_due_ = false;
    bool lost_logged_ = false;
    bool monitor_event_ = false;
    std::tuple<GLFWmonitor*, int, int> last_target_{};
    std::chrono::steady_clock::time_point last_refit_ = std::chrono::steady_clock::now();
};

void on_monitor(GLFWmonitor* monitor, int event) {
    const char* name = glfwGetMonitorName(monitor);
    if (event == GLFW_DISCONNECTED) log::warn("monitor {} unplugged; the wall keeps running", name ? name : "");
    else log::info("monitor {} plugged in", name ? name : "");
    if (g_window) g_window->monitors_changed();
}

// The GL context must be current when it is constructed.
class GlfwOffscreenSurface final : public OffscreenSurface {
public:
    GlfwOffscreenSurface(GLFWwindow* window, const ContextChoice& choice, int width, int height)
        : OffscreenSurface(glfw_get_proc, width, height), window_(window), choice_(choice) {}
    ~GlfwOffscreenSurface() override {
        glfwDestroyWindow(window_);
        glfwTerminate();
    }
    const char* glsl_version() const override { return choice_.glsl; }
    std::string description() const override { return describe(choice_) + ", off-screen"; }

private:
    GLFWwindow* window_;
    const ContextChoice& choice_;
};

}  // namespace

std::unique_ptr<GlSurface> open_egl_offscreen(int width, int height, std::string& error);

bool display_available() {
    auto set = [](const char* name) { const char* v = std::getenv(name); return v && *v; };
    return set("DISPLAY") || set("WAYLAND_DISPLAY");
}

std::unique_ptr<GlSurface> open_window(const WindowOptions& options, std::string& error) {
    if (!display_available()) {
        error = "no display found: set DISPLAY or WAYLAND_DISPLAY, run lobbywall under the cage "
                "kiosk compositor, or use --screenshot FILE to render off-screen";
        return nullptr;
    }
    if (!init_glfw(error)) return nullptr;
    const ContextChoice* chosen = nullptr;
    GLFWwindow* window = create_window(options.width, options.height, options.fullscreen, true,
                                       options.title.c_str(), chosen, error);
    if (!window) {
        glfwTerminate();
        return nullptr;
    }
    return std::make_unique<GlfwWindowSurface>(window, *chosen, options.fullscreen);
}

std::unique_ptr<GlSurface> open_offscreen(int width, int height, std::string& error) {
    if (!display_available()) return open_egl_offscreen(width, height, error);
    if (!init_glfw(error)) return nullptr;
    const ContextChoice* chosen = nullptr;
    GLFWwindow* window = create_window(64, 64, false, false, "lobbywall (off-screen)", chosen, error);
    if (!window) {
        glfwTerminate();
        return nullptr;
    }
    glfwMakeContextCurrent(window);
    auto surface = std::make_unique<GlfwOffscreenSurface>(window, *chosen, width, height);
    if (!surface->framebuffer().ok()) {
        error = surface->framebuffer().error();
        return nullptr;
    }
    return surface;
}

}  // namespace lw::platform
