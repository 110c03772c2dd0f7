// PNG writing for screenshots, with stb_image_write from libstb.
#include "platform/gl_surface.h"

#include <stb/stb_image_write.h>

namespace lw::platform {

bool encode_png(int width, int height, const std::vector<std::uint8_t>& rgba, std::string& out) {
    if (rgba.size() < static_cast<size_t>(width) * static_cast<size_t>(height) * 4) return false;
    out.clear();
    return stbi_write_png_to_func(
               [](void* context, void* data, int size) {
                   static_cast<std::string*>(context)->append(static_cast<const char*>(data), static_cast<size_t>(size));
               },
               &out, width, height, 4, rgba.data(), width * 4) != 0;
}

bool write_png(const std::string& path, int width, int height, const std::vector<std::uint8_t>& rgba) {
    if (rgba.size() < static_cast<size_t>(width) * static_cast<size_t>(height) * 4) return false;
    return stbi_write_png(path.c_str(), width, height, 4, rgba.data(), width * 4) != 0;
}

}  // namespace lw::platform
