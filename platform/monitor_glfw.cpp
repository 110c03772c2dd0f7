// primary_monitor_size on GLFW: see gl_surface.h.
#include "platform/gl_surface.h"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

namespace lw::platform {

std::optional<SurfaceSize> primary_monitor_size() {
    // glfwInit is idempotent; open_window's own call then costs nothing.
    if (!display_available() || !glfwInit()) return std::nullopt;
    GLFWmonitor* monitor = glfwGetPrimaryMonitor();
    const GLFWvidmode* mode = monitor ? glfwGetVideoMode(monitor) : nullptr;
    if (!mode) return std::nullopt;
    return SurfaceSize{mode->width, mode->height};
}

}  // namespace lw::platform
