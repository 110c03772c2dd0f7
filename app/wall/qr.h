// QR codes for hashtag prompt cards, encoded with libqrencode.
#pragma once

#include <string>
#include <vector>

namespace lw::wall {

struct QrCode {
    int size = 0;                  // modules per side; 0 when encoding failed
    std::vector<bool> dark;        // size*size, row by row
    bool at(int x, int y) const { return dark[static_cast<size_t>(y) * size + x]; }
};

// Error correction level M (15%): survives a glare spot on a TV screen.
QrCode encode_qr(const std::string& text);

}  // namespace lw::wall
