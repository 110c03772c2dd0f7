// Process and box numbers for a screen's status report: the CPU temperature
// from a thermal folder laid out as /sys/class/thermal is, and the real
// /proc and statvfs numbers of this process.
#include "platform/process_stats.h"
#include "temp_dir.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

using lw::test::TempDir;

namespace {

struct Zone {
    std::string name;   // thermal_zoneN, or another entry of the folder
    std::string temp;   // the file's text; empty: no temp file
};

std::optional<double> temperature_of(const std::vector<Zone>& zones) {
    TempDir dir;
    for (const Zone& z : zones) {
        std::filesystem::create_directories(dir.path() / z.name);
        if (!z.temp.empty()) std::ofstream(dir.path() / z.name / "temp") << z.temp;
    }
    return lw::platform::cpu_temperature_celsius(dir.path());
}

}  // namespace

TEST_CASE("the CPU temperature is the hottest thermal zone, nullopt without one", "[platform]") {
    struct Case {
        const char* what;
        std::vector<Zone> zones;
        std::optional<double> celsius;
    };
    const Case cases[] = {
        {"no zones (a VM)", {}, std::nullopt},
        {"one zone", {{"thermal_zone0", "48500\n"}}, 48.5},
        {"the hottest of two", {{"thermal_zone0", "41000\n"}, {"thermal_zone1", "63000\n"}}, 63.0},
        {"a cooling device is not a zone", {{"cooling_device0", "90000\n"}, {"thermal_zone0", "40000\n"}}, 40.0},
        {"a zone without a temp file", {{"thermal_zone0", ""}}, std::nullopt},
        {"garbage in temp", {{"thermal_zone0", "hot\n"}}, std::nullopt},
        {"an unconnected sensor's -273 C", {{"thermal_zone0", "-273000\n"}, {"thermal_zone1", "35000"}}, 35.0},
    };
    for (const Case& c : cases) {
        INFO(c.what);
        CHECK(temperature_of(c.zones) == c.celsius);
    }
    CHECK_FALSE(lw::platform::cpu_temperature_celsius("/nonexistent/thermal").has_value());
}

TEST_CASE("resident memory and free disk of this process and its folder", "[platform]") {
    const auto rss = lw::platform::resident_memory_bytes();
    REQUIRE(rss);
    CHECK(*rss > 1024 * 1024);
    TempDir dir;
    const auto free = lw::platform::free_disk_bytes(dir.path());
    REQUIRE(free);
    CHECK(*free > 0);
    CHECK_FALSE(lw::platform::free_disk_bytes("/nonexistent/folder").has_value());
}
