// Test helper: reads a fixture from tests/data/sources/.
#pragma once

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

inline std::string read_fixture(const std::string& relative) {
    std::string path = std::string(LOBBYWALL_TEST_DATA) + "/sources/" + relative;
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("missing fixture " + path);
    std::ostringstream buf;
    buf << in.rdbuf();
    return buf.str();
}
