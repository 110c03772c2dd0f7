// libFuzzer target: the config file parser (what IT writes by hand and
// provisioning copies from a boot partition). Any bytes: problems with line
// numbers, never a crash.
#include "core/config.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const lw::ConfigResult result = lw::parse_config(std::string_view(reinterpret_cast<const char*>(data), size));
    for (const auto& p : result.problems)
        if (p.message.empty()) std::abort();
    return 0;
}
