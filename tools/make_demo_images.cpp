// Draws the demo wall's pictures (assets/demo/images, assets/demo/avatars)
// from simple shapes, so every image in the repository is our own work.
// Not part of the normal build: run `cmake --build build --target make_demo_images`
// then `build/tools/make_demo_images assets/demo` to redraw them.
#include <stb/stb_image_write.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

namespace {

struct Color { float r, g, b; };

Color hex(std::uint32_t v) {
    return {float((v >> 16) & 0xFF) / 255.f, float((v >> 8) & 0xFF) / 255.f, float(v & 0xFF) / 255.f};
}
Color mix(Color a, Color b, float t) { return {a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t}; }

class Canvas {
public:
    Canvas(int w, int h) : w_(w), h_(h), px_(size_t(w) * h, Color{0, 0, 0}) {}
    int w() const { return w_; }
    int h() const { return h_; }

    // Fills every pixel whose coverage `inside(x, y)` (sampled 4x4) is positive.
    void fill(Color c, const std::function<bool(float, float)>& inside, float alpha = 1.f) {
        for (int y = 0; y < h_; ++y)
            for (int x = 0; x < w_; ++x) {
                int hits = 0;
                for (int sy = 0; sy < 4; ++sy)
                    for (int sx = 0; sx < 4; ++sx)
                        hits += inside(float(x) + (float(sx) + 0.5f) / 4.f, float(y) + (float(sy) + 0.5f) / 4.f);
                if (hits) px(x, y) = mix(px(x, y), c, alpha * float(hits) / 16.f);
            }
    }
    void vertical_gradient(const std::vector<Color>& stops) {
        for (int y = 0; y < h_; ++y) {
            float t = float(y) / float(h_ - 1) * float(stops.size() - 1);
            size_t i = std::min(size_t(t), stops.size() - 2);
            Color c = mix(stops[i], stops[i + 1], t - float(i));
            for (int x = 0; x < w_; ++x) px(x, y) = c;
        }
    }
    void circle(float cx, float cy, float r, Color c, float alpha = 1.f) {
        fill(c, [=](float x, float y) { return (x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r; }, alpha);
    }
    void ellipse(float cx, float cy, float rx, float ry, Color c, float alpha = 1.f) {
        fill(c, [=](float x, float y) { return (x - cx) * (x - cx) / (rx * rx) + (y - cy) * (y - cy) / (ry * ry) <= 1; }, alpha);
    }
    void rect(float x0, float y0, float x1, float y1, Color c, float alpha = 1.f) {
        fill(c, [=](float x, float y) { return x >= x0 && x < x1 && y >= y0 && y < y1; }, alpha);
    }
    void line(float x0, float y0, float x1, float y1, float width, Color c) {
        fill(c, [=](float x, float y) {
            float dx = x1 - x0, dy = y1 - y0;
            float t = std::clamp(((x - x0) * dx + (y - y0) * dy) / (dx * dx + dy * dy), 0.f, 1.f);
            float px = x0 + t * dx - x, py = y0 + t * dy - y;
            return px * px + py * py <= width * width / 4;
        });
    }
    // Ground below y = base + amp * sin(freq * x + phase).
    void hill(float base, float amp, float freq, float phase, Color c) {
        fill(c, [=](float x, float y) { return y >= base + amp * std::sin(freq * x + phase); });
    }
    bool save(const std::string& path) const {
        std::vector<std::uint8_t> rgb(size_t(w_) * h_ * 3);
        for (size_t i = 0; i < px_.size(); ++i) {
            rgb[i * 3 + 0] = std::uint8_t(std::clamp(px_[i].r, 0.f, 1.f) * 255.f + 0.5f);
            rgb[i * 3 + 1] = std::uint8_t(std::clamp(px_[i].g, 0.f, 1.f) * 255.f + 0.5f);
            rgb[i * 3 + 2] = std::uint8_t(std::clamp(px_[i].b, 0.f, 1.f) * 255.f + 0.5f);
        }
        bool ok = path.ends_with(".png") ? stbi_write_png(path.c_str(), w_, h_, 3, rgb.data(), w_ * 3)
                                         : stbi_write_jpg(path.c_str(), w_, h_, 3, rgb.data(), 86);
        std::printf("%s %s\n", ok ? "wrote" : "FAILED", path.c_str());
        return ok;
    }

    // As save(), as a PNG with an alpha channel: the coverage of `opaque`
    // (sampled 4x4), transparent elsewhere.
    bool save_rgba(const std::string& path, const std::function<bool(float, float)>& opaque) const {
        std::vector<std::uint8_t> rgba(size_t(w_) * h_ * 4);
        for (int y = 0; y < h_; ++y)
            for (int x = 0; x < w_; ++x) {
                int hits = 0;
                for (int sy = 0; sy < 4; ++sy)
                    for (int sx = 0; sx < 4; ++sx)
                        hits += opaque(float(x) + (float(sx) + 0.5f) / 4.f, float(y) + (float(sy) + 0.5f) / 4.f);
                const size_t i = size_t(y) * w_ + x;
                rgba[i * 4 + 0] = std::uint8_t(std::clamp(px_[i].r, 0.f, 1.f) * 255.f + 0.5f);
                rgba[i * 4 + 1] = std::uint8_t(std::clamp(px_[i].g, 0.f, 1.f) * 255.f + 0.5f);
                rgba[i * 4 + 2] = std::uint8_t(std::clamp(px_[i].b, 0.f, 1.f) * 255.f + 0.5f);
                rgba[i * 4 + 3] = std::uint8_t(hits * 255 / 16);
            }
        bool ok = stbi_write_png(path.c_str(), w_, h_, 4, rgba.data(), w_ * 4);
        std::printf("%s %s\n", ok ? "wrote" : "FAILED", path.c_str());
        return ok;
    }

private:
    Color& px(int x, int y) { return px_[size_t(y) * w_ + x]; }
    int w_, h_;
    std::vector<Color> px_;
};

constexpr int W = 960, H = 600;

void sunrise(const std::string& out) {
    Canvas c(W, H);
    c.vertical_gradient({hex(0x2B4C7E), hex(0xE58C8A), hex(0xF7C873)});
    c.circle(640, 360, 70, hex(0xFFE8A3));
    c.circle(640, 360, 110, hex(0xFFE8A3), 0.25f);
    c.hill(400, 30, 0.006f, 1.0f, hex(0x5C8D5A));
    c.hill(450, 25, 0.009f, 2.5f, hex(0x3F6E48));
    c.hill(520, 18, 0.012f, 0.3f, hex(0x2C5238));
    c.save(out);
}

void balloons(const std::string& out) {
    Canvas c(W, H);
    c.vertical_gradient({hex(0xBFE3F5), hex(0xEAF6FB)});
    struct B { float x, y; std::uint32_t col; } bs[] = {
        {220, 210, 0xE4572E}, {350, 160, 0xF3A712}, {480, 230, 0x29BF12}, {600, 150, 0x4D9DE0}, {730, 220, 0xD64391}};
    for (auto& b : bs) c.line(b.x, b.y + 95, 480, 560, 3, hex(0x6B6B6B));
    for (auto& b : bs) {
        c.ellipse(b.x, b.y, 70, 90, hex(b.col));
        c.ellipse(b.x - 22, b.y - 35, 14, 24, hex(0xFFFFFF), 0.45f);
    }
    c.save(out);
}

void flowers(const std::string& out) {
    Canvas c(W, H);
    c.vertical_gradient({hex(0xF4EFE6), hex(0xE8DCC8)});
    c.rect(430, 380, 530, 600, hex(0x7FA7C9));  // vase
    c.ellipse(480, 380, 50, 14, hex(0x5F87A9));
    const std::uint32_t petals[] = {0xE76F51, 0xF4A261, 0xE9C46A, 0xD17A9B, 0xF28482};
    float fx[] = {380, 480, 580, 430, 540};
    float fy[] = {210, 160, 220, 300, 300};
    for (int i = 0; i < 5; ++i) c.line(fx[i], fy[i], 480, 390, 8, hex(0x4C7A3D));
    for (int i = 0; i < 5; ++i) {
        for (int p = 0; p < 6; ++p) {
            float a = float(p) * 3.14159f / 3.f;
            c.circle(fx[i] + 38 * std::cos(a), fy[i] + 38 * std::sin(a), 30, hex(petals[i]));
        }
        c.circle(fx[i], fy[i], 24, hex(0xFFF1B5));
    }
    c.save(out);
}

void new_wing(const std::string& out) {
    Canvas c(W, H);
    c.vertical_gradient({hex(0x8EC5E8), hex(0xDCEFF9)});
    c.rect(0, 500, W, H, hex(0x9BBF7A));
    c.rect(180, 170, 780, 510, hex(0xF2F2EE));
    c.rect(180, 150, 780, 175, hex(0xC9CDD2));
    for (int row = 0; row < 4; ++row)
        for (int col = 0; col < 8; ++col)
            c.rect(215 + col * 70, 200 + row * 70, 255 + col * 70, 245 + row * 70, hex(0x5B8DB8));
    c.rect(430, 420, 530, 510, hex(0x3D5A73));  // doors
    c.rect(650, 60, 760, 140, hex(0x1F5FA8));   // sign
    c.rect(680, 75, 695, 125, hex(0xFFFFFF));
    c.rect(715, 75, 730, 125, hex(0xFFFFFF));
    c.rect(680, 93, 730, 107, hex(0xFFFFFF));
    c.save(out);
}

void garden(const std::string& out) {
    Canvas c(W, H);
    c.vertical_gradient({hex(0xA7D3F2), hex(0xE9F5FC)});
    c.hill(330, 12, 0.01f, 0.5f, hex(0x7DB46C));
    c.fill(hex(0xD9C7A7), [](float x, float y) {  // a path narrowing to the horizon
        if (y < 340) return false;
        float half = 20 + (y - 340) * 0.9f;
        return std::fabs(x - 480 - (y - 340) * 0.3f) < half;
    });
    float tx[] = {150, 300, 690, 830};
    for (float x : tx) {
        c.rect(x - 10, 250, x + 10, 360, hex(0x6B4F3A));
        c.circle(x, 230, 70, hex(0x3E7D45));
        c.circle(x - 35, 255, 45, hex(0x4A8F50));
    }
    c.save(out);
}

void physio(const std::string& out) {
    Canvas c(W, H);
    c.vertical_gradient({hex(0xEEF3F7), hex(0xD5E1EA)});
    c.rect(0, 520, W, H, hex(0xB9C7D3));
    for (int i = 0; i < 5; ++i)  // practice stairs
        c.rect(300 + i * 70, 520 - (i + 1) * 45, 720, 520 - i * 45, hex(0x8FA9BF));
    c.line(280, 330, 640, 150, 10, hex(0xF0A04B));  // handrail
    c.line(300, 520, 300, 330, 8, hex(0x7A8A99));
    c.line(640, 300, 640, 150, 8, hex(0x7A8A99));
    c.circle(160, 200, 40, hex(0x2E86AB));          // a simple figure walking
    c.rect(135, 245, 185, 380, hex(0x2E86AB));
    c.line(150, 380, 130, 500, 20, hex(0x2E86AB));
    c.line(172, 380, 205, 495, 20, hex(0x2E86AB));
    c.save(out);
}

void cake(const std::string& out) {
    Canvas c(W, H);
    c.vertical_gradient({hex(0xFCE8EC), hex(0xF7D6DE)});
    c.ellipse(480, 500, 300, 40, hex(0xFFFFFF));
    c.rect(260, 330, 700, 480, hex(0xC97B63));
    c.rect(260, 330, 700, 360, hex(0xFFF4E0));
    c.rect(310, 230, 650, 340, hex(0xE2A88F));
    c.rect(310, 230, 650, 255, hex(0xFFF4E0));
    for (int i = 0; i < 5; ++i) {
        float x = 350 + float(i) * 65;
        c.rect(x - 6, 170, x + 6, 232, hex(0x7FB3D5));
        c.ellipse(x, 155, 9, 16, hex(0xFFC233));
    }
    c.save(out);
}

void avatar(const std::string& out, std::uint32_t bg, std::uint32_t fg) {
    Canvas c(256, 256);
    c.vertical_gradient({hex(bg), mix(hex(bg), hex(0xFFFFFF), 0.25f)});
    c.circle(128, 100, 48, hex(fg));
    c.ellipse(128, 250, 92, 80, hex(fg));
    c.save(out);
}

void hospital_avatar(const std::string& out) {
    Canvas c(256, 256);
    c.vertical_gradient({hex(0x1F5FA8), hex(0x2A75C8)});
    c.rect(108, 48, 148, 208, hex(0xFFFFFF));
    c.rect(48, 108, 208, 148, hex(0xFFFFFF));
    c.save(out);
}

void logo(const std::string& out) {
    Canvas c(256, 256);
    // Outside the circle the colour is the disc's, fully transparent, so
    // the edge blends into a dark or a light header alike.
    c.vertical_gradient({hex(0x4FD1C5), hex(0x4FD1C5)});
    c.rect(110, 58, 146, 198, hex(0x132640));
    c.rect(58, 110, 198, 146, hex(0x132640));
    c.save_rgba(out, [](float x, float y) { return (x - 128) * (x - 128) + (y - 128) * (y - 128) <= 118.f * 118.f; });
}

}  // namespace

int main(int argc, char** argv) {
    const std::string dir = argc > 1 ? argv[1] : "assets/demo";
    sunrise(dir + "/images/sunrise.jpg");
    balloons(dir + "/images/balloons.jpg");
    flowers(dir + "/images/flowers.png");
    new_wing(dir + "/images/new_wing.jpg");
    garden(dir + "/images/garden.jpg");
    physio(dir + "/images/physio_stairs.jpg");
    cake(dir + "/images/cake.jpg");
    const std::uint32_t pairs[][2] = {{0xF6BD60, 0x7A4E2D}, {0x84A59D, 0x2F4858}, {0xF28482, 0x6D2E46},
                                      {0x90BE6D, 0x355E3B}, {0xA0C4FF, 0x1D3557}, {0xCDB4DB, 0x5A3E6B},
                                      {0xFFD6A5, 0x8A5A44}, {0x9BF6FF, 0x14506E}};
    for (int i = 0; i < 8; ++i) avatar(dir + "/avatars/person" + std::to_string(i + 1) + ".png", pairs[i][0], pairs[i][1]);
    hospital_avatar(dir + "/avatars/hospital.png");
    logo(dir + "/logo.png");
    return 0;
}
