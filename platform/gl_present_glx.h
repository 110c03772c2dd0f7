// Showing part of a frame on an X11 window with a GLX context: the
// GLX_MESA_copy_sub_buffer extension copies a rectangle of the back buffer to
// the window and leaves the rest of the window as it was. Mesa offers it on
// Xorg, Xwayland (the kiosk runs under cage through Xwayland) and Xvfb. A
// frame in which only the ticker band moved then costs the band, not a
// whole-screen copy to the X server. Internal to platform/.
#pragma once

#include <functional>

struct GLFWwindow;

namespace lw::platform {

// Copies (x, y, width, height) of the back buffer (origin bottom left) to the window.
using PresentRegionFn = std::function<void(int x, int y, int width, int height)>;

// The copy for `window` (its GLX context current), or empty where the window
// is not an X11 one with a GLX context, or the extension is missing.
PresentRegionFn glx_present_region(GLFWwindow* window);

}  // namespace lw::platform
