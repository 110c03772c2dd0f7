// QR encoding: see qr.h.
#include "wall/qr.h"

#include <qrencode.h>

namespace lw::wall {

QrCode encode_qr(const std::string& text) {
    QrCode out;
    if (text.empty()) return out;
    QRcode* code = QRcode_encodeString8bit(text.c_str(), 0, QR_ECLEVEL_M);
    if (!code) return out;
    out.size = code->width;
    out.dark.resize(static_cast<size_t>(code->width) * code->width);
    for (size_t i = 0; i < out.dark.size(); ++i) out.dark[i] = (code->data[i] & 1) != 0;
    QRcode_free(code);
    return out;
}

}  // namespace lw::wall
