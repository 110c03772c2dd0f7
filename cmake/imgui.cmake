# lobbywall_imgui: Debian's static Dear ImGui 1.86 with what libimgui.a
# itself needs after it on the link line (stb_truetype/stb_rect_pack from
# libstb, FreeType for imgui_freetype).
if(NOT TARGET lobbywall_imgui)
  pkg_check_modules(IMGUI REQUIRED IMPORTED_TARGET imgui)
  pkg_check_modules(FREETYPE REQUIRED IMPORTED_TARGET freetype2)
  add_library(lobbywall_imgui INTERFACE)
  target_include_directories(lobbywall_imgui INTERFACE /usr/include/imgui)
  target_link_libraries(lobbywall_imgui INTERFACE PkgConfig::IMGUI stb PkgConfig::FREETYPE)
  set(IMGUI_BACKENDS_DIR /usr/share/doc/libimgui-dev/examples/backends)
endif()
