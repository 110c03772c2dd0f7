// PNG writing for screenshots, with stb_image_write from libstb.
#include "platform/gl_surface.h"

#include <stb/stb_image_write.h>

namespace lw::platform {

bool write_png(const std::string& path, int width, int height, const std::vector<std::uint8_t>& rgba) {
    if (rgba.size() < static_cast<size_t>(width) * static_cast<size_t>(height) * 4) return false;
    return stbi_write_png(path.c_str(), width, height, 4, rgba.data(), width * 4) != 0;
}

}  // namespace lw::platform
