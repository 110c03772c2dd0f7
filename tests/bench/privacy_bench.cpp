// Privacy guard timings: a typical 280-character post, 100,000-character
// posts of several hostile shapes (prose, thousands of capitalised words,
// every kind of Unicode digit, invalid UTF-8, room words, names with
// conditions), and the resident memory the word and name lists add.
//   cmake --build build --target privacy_bench && nice build/tests/bench/privacy_bench
// Reports the median and the worst CPU time per post (the machine may be
// shared: CPU time moves less with other load than wall time); asserts nothing.
#include "moderation/privacy_guard.h"

#include <algorithm>
#include <ctime>
#include <cstdio>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

using lw::moderation::PrivacyGuard;

namespace {

long rss_kib() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
    }
    return -1;
}

std::string repeat_to(const std::string& unit, std::size_t size) {
    std::string out;
    while (out.size() < size) out += unit;
    out.resize(size);
    // do not end inside a UTF-8 sequence
    while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) out.pop_back();
    if (!out.empty() && static_cast<unsigned char>(out.back()) >= 0xC0) out.pop_back();
    return out;
}

struct Timing {
    double median_ms = 0, worst_ms = 0;
    std::size_t findings = 0;
};

Timing measure(const std::string& text, int runs) {
    std::vector<double> ms;
    std::size_t findings = 0;
    for (int r = 0; r < runs; ++r) {
        const std::clock_t c0 = std::clock();
        findings = PrivacyGuard::scan(text).size();
        ms.push_back(1000.0 * static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC);
    }
    std::sort(ms.begin(), ms.end());
    return {ms[ms.size() / 2], ms.back(), findings};
}

}  // namespace

int main() {
    std::setvbuf(stdout, nullptr, _IONBF, 0);
    const long before = rss_kib();
    PrivacyGuard::scan("Get well soon Maria, on dialysis at 0300 555 0100 room 4 أخي ٤ 奶奶");  // builds every list
    const long after = rss_kib();
    std::printf("resident memory added by the word and name lists: %ld KiB (%ld -> %ld KiB)\n", after - before,
                before, after);

    const std::vector<std::string> typical = {
        "Huge thanks to the team on Ward 7 who looked after my dad last week. Nurse Amy and Dr Patel were wonderful "
        "and the physio team got him walking again after his hip replacement. We brought cake for everyone on "
        "Friday! #NHSheroes @StMarys \xF0\x9F\x92\x99 Visiting hours are 8am to 8pm, parking \xC2\xA3" "2.50.",
        "Get well soon Maria Lopez! Dialysis day again, you are so brave. Call me on 07700 900 417 when you are "
        "home, or email maria.family@example.com. Mum says she is in bay 4, bed 2 on the renal ward. Love from all "
        "of us at number 14 Elm Grove \xF0\x9F\x99\x8F\xF0\x9F\x99\x8F Sending hugs x",
        "\xD8\xA3\xD8\xAE\xD9\x8A \xD8\xA3\xD8\xAD\xD9\x85\xD8\xAF \xD9\x81\xD9\x8A \xD8\xA7\xD9\x84\xD8\xB9\xD9\x86"
        "\xD8\xA7\xD9\x8A\xD8\xA9 \xD8\xA7\xD9\x84\xD9\x85\xD8\xB1\xD9\x83\xD8\xB2\xD8\xA9 \xD8\xA8\xD8\xB9\xD8\xAF "
        "\xD8\xA7\xD9\x84\xD8\xAD\xD8\xA7\xD8\xAF\xD8\xAB \xD9\xA0\xD9\xA7\xD9\xA7\xD9\xA0\xD9\xA0 \xD9\xA9\xD9\xA0"
        "\xD9\xA0\xD9\xA5\xD9\xA6\xD9\xA4 Mi hermano Javier est\xC3\xA1 en la UCI despu\xC3\xA9s del accidente, "
        "\xE6\x88\x91\xE5\xBC\x9F\xE5\xBC\x9F\xE5\xBC\xA0\xE4\xBC\x9F\xE5\x9C\xA8\xE9\x87\x8D\xE7\x97\x87\xE7\x9B"
        "\x91\xE6\x8A\xA4\xE5\xAE\xA4 Thank you to the ICU team for everything you do, day and night.",
    };
    for (std::size_t i = 0; i < typical.size(); ++i) {
        Timing t = measure(typical[i], 2000);
        std::printf("typical post %zu (%zu bytes): median %.4f ms, worst %.4f ms, %zu findings\n", i + 1,
                    typical[i].size(), t.median_ms, t.worst_ms, t.findings);
    }

    std::string digits_of_every_script;
    for (char32_t zero : {U'0', U'\u0660', U'\u06F0', U'\u0966', U'\u09E6', U'\u0E50', U'\uFF10', U'\u0AE6',
                          U'\u0BE6', U'\u1040', U'\U0001D7CE'}) {
        for (char32_t d = zero; d < zero + 10; ++d) {
            char buf[5] = {};
            if (d < 0x80) buf[0] = static_cast<char>(d);
            else if (d < 0x800) { buf[0] = static_cast<char>(0xC0 | (d >> 6)); buf[1] = static_cast<char>(0x80 | (d & 0x3F)); }
            else if (d < 0x10000) { buf[0] = static_cast<char>(0xE0 | (d >> 12)); buf[1] = static_cast<char>(0x80 | ((d >> 6) & 0x3F)); buf[2] = static_cast<char>(0x80 | (d & 0x3F)); }
            else { buf[0] = static_cast<char>(0xF0 | (d >> 18)); buf[1] = static_cast<char>(0x80 | ((d >> 12) & 0x3F)); buf[2] = static_cast<char>(0x80 | ((d >> 6) & 0x3F)); buf[3] = static_cast<char>(0x80 | (d & 0x3F)); }
            digits_of_every_script += buf;
        }
        digits_of_every_script += " - ";
    }
    std::string invalid;
    for (int i = 0; i < 100000; ++i) invalid += static_cast<char>((i * 7919 + 13) % 256);

    const std::size_t kLong = 100000;
    const std::vector<std::pair<const char*, std::string>> hostile = {
        {"prose (the typical posts repeated)", repeat_to(typical[0] + " " + typical[1] + " ", kLong)},
        {"thousands of capitalised words", repeat_to("Maria Lopez Ahmed Karimi Grandpa Joe Walsh Dr Patel ", kLong)},
        {"capitalised words, no sentence end, one condition", repeat_to("Aaron Bella Carlos Dina ", kLong - 20) + " has cancer"},
        {"names and conditions", repeat_to("Pray for Zoe who has cancer and Tom in ICU ", kLong)},
        {"every kind of Unicode digit", repeat_to(digits_of_every_script, kLong)},
        {"digit groups and separators", repeat_to("07700 900 123 - 1-2-3-4 (0)20 +44 ", kLong)},
        {"room and ward words", repeat_to("room 4 bed 2 ward 7B bay 3 ", kLong)},
        {"kinship words", repeat_to("my brother my sister nan grandpa baby ", kLong)},
        {"invalid UTF-8", invalid},
        {"one word", std::string(kLong, 'a')},
        {"one number", std::string(kLong, '7')},
        {"e-mail look-alikes", repeat_to("a@b.cd@e.fg ", kLong)},
    };
    double worst = 0;
    const char* worst_name = "";
    for (const auto& [name, text] : hostile) {
        Timing t = measure(text, 3);
        std::printf("%-52s %6zu bytes: median %8.2f ms, worst %8.2f ms, %zu findings\n", name, text.size(),
                    t.median_ms, t.worst_ms, t.findings);
        if (t.worst_ms > worst) {
            worst = t.worst_ms;
            worst_name = name;
        }
    }
    std::printf("worst 100,000-byte post: %.2f ms (%s)\n", worst, worst_name);
    return 0;
}
