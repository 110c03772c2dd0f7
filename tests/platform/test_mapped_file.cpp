// MappedFile: the bytes of a mapped file, and letting its pages go between
// the bursts that read it (fonts while their atlas is built).
#include "platform/mapped_file.h"
#include "temp_dir.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using lw::platform::MappedFile;

namespace {

// Resident kilobytes of the mapping that starts at `start`, from /proc/self/smaps.
long resident_kb(const void* start) {
    std::ifstream smaps("/proc/self/smaps");
    std::string line;
    bool in_it = false;
    const auto want = reinterpret_cast<std::uintptr_t>(start);
    while (std::getline(smaps, line)) {
        std::uintptr_t from = 0, to = 0;
        char dash = 0;
        std::istringstream head(line);
        if (head >> std::hex >> from >> dash >> to && dash == '-') {
            in_it = from == want;
            continue;
        }
        if (in_it && line.rfind("Rss:", 0) == 0) return std::stol(line.substr(4));
    }
    return -1;
}

}  // namespace

TEST_CASE("a mapped file gives its bytes and lets its resident pages go", "[mapped_file]") {
    lw::test::TempDir dir;
    const std::string path = dir.path().string() + "/font.bin";
    std::vector<unsigned char> bytes(4 << 20);
    for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<unsigned char>(i * 131 + i / 4096);
    std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));

    MappedFile file;
    std::string error;
    REQUIRE(file.open(path, error));
    REQUIRE(file.size() == bytes.size());

    unsigned long sum = 0;  // touch every page, as ImGui's copy of a font does
    for (std::size_t i = 0; i < file.size(); i += 4096) sum += file.data()[i];
    CHECK(sum > 0);
    CHECK(resident_kb(file.data()) >= 4096);

    file.release_pages();
    CHECK(resident_kb(file.data()) < 64);

    // Still the same bytes afterwards, read back from the file.
    CHECK(std::equal(bytes.begin(), bytes.end(), file.data()));
    CHECK(resident_kb(file.data()) >= 4096);
}

TEST_CASE("mapping a missing or empty file is one clear sentence", "[mapped_file]") {
    lw::test::TempDir dir;
    const std::string absent = dir.path().string() + "/absent.ttf";
    const std::string empty = dir.path().string() + "/empty.ttf";
    MappedFile file;
    std::string error;
    CHECK_FALSE(file.open(absent, error));
    CHECK(error == "cannot open " + absent);
    std::ofstream{empty};
    CHECK_FALSE(file.open(empty, error));
    CHECK(error == empty + " is empty or unreadable");
    file.release_pages();  // closed: nothing to do, no crash
    CHECK_FALSE(file.is_open());
}
