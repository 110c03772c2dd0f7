// The setup notice: when first-boot provisioning refused the config from the
// boot partition (packaging/provision writes provision-error.txt in the
// state folder), the wall says so in a band at the bottom of the screen, for
// the IT person standing in front of it, while it runs on the previous
// settings. Drawn over everything; nothing of a patient's is ever in it.
#pragma once

#include "core/config.h"
#include "wall/fonts.h"
#include "wall/grid_layout.h"

#include <filesystem>
#include <string>

struct ImDrawList;

namespace lw::wall {

// The notice for the problems in `error_file` (the provisioning script's
// provision-error.txt): its first lines, printable characters only. Empty
// when the file does not exist or is empty. Reads a file: call it at
// start-up, never from the render loop.
std::string read_setup_notice(const std::filesystem::path& error_file);

// Draws the band for `notice` (a no-op when it is empty) at the bottom of the
// safe area.
void draw_setup_notice(ImDrawList* dl, const std::string& notice, const FontSet& fonts, const GridLayout& layout);

}  // namespace lw::wall
