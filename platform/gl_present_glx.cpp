// GLX_MESA_copy_sub_buffer for a GLFW window: see gl_present_glx.h.
#include "platform/gl_present_glx.h"

#include <GLFW/glfw3.h>

// From <GLFW/glfw3native.h>, which with X11 exposed also wants the XRandR
// headers; the two functions need only opaque X11 types (GLXWindow is an XID).
struct _XDisplay;
extern "C" {
_XDisplay* glfwGetX11Display(void);
unsigned long glfwGetGLXWindow(GLFWwindow* window);
}

namespace lw::platform {

PresentRegionFn glx_present_region(GLFWwindow* window) {
    if (glfwGetWindowAttrib(window, GLFW_CONTEXT_CREATION_API) != GLFW_NATIVE_CONTEXT_API) return {};
    _XDisplay* display = glfwGetX11Display();
    if (!display || !glfwExtensionSupported("GLX_MESA_copy_sub_buffer")) return {};
    using CopySubBuffer = void (*)(_XDisplay*, unsigned long, int, int, int, int);
    auto copy = reinterpret_cast<CopySubBuffer>(glfwGetProcAddress("glXCopySubBufferMESA"));
    const unsigned long drawable = glfwGetGLXWindow(window);
    if (!copy || !drawable) return {};
    return [copy, display, drawable](int x, int y, int width, int height) { copy(display, drawable, x, y, width, height); };
}

}  // namespace lw::platform
