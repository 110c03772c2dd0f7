// The setup notice: when the box is not set up yet, or first-boot
// provisioning refused something from the boot partition (packaging/provision
// writes provision-error.txt in the state folder: a title line, then the
// details), the wall says so in a band over its header, for the IT person
// standing in front of it, while it runs on the settings it has. The band
// never reaches the cards (a prompt's QR code stays whole) and never holds a
// patient's or a staff member's name: provisioning writes none into the file.
#pragma once

#include "core/config.h"
#include "wall/fonts.h"
#include "wall/grid_layout.h"

#include <filesystem>
#include <string>
#include <vector>

struct ImDrawList;

namespace lw::wall {

// The notice for the problems in `error_file` (the provisioning script's
// provision-error.txt): its first lines, printable characters only, the
// first being the title. Empty when the file does not exist or is empty.
// Reads a file: call it at start-up, never from the render loop.
std::string read_setup_notice(const std::filesystem::path& error_file);

// What the band shows: the title and as many detail lines as `max_details`,
// the last replaced by "(N more: journalctl -u lobbywall-provision)" when
// some do not fit.
struct NoticeText {
    std::string title;
    std::vector<std::string> details;
};
NoticeText notice_text(const std::string& notice, int max_details);

// Where the band goes: from the top of the safe area down to where the cards
// start (the header and the gap under it), never lower.
Rect setup_notice_rect(const GridLayout& layout);

// Draws the band for `notice` (a no-op when it is empty).
void draw_setup_notice(ImDrawList* dl, const std::string& notice, const FontSet& fonts, const GridLayout& layout);

}  // namespace lw::wall
