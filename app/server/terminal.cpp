// Password input without echo: see terminal.h.
#include "server/terminal.h"

#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>

namespace lw {

bool stdin_is_terminal() { return ::isatty(STDIN_FILENO) == 1; }

std::optional<std::string> read_hidden_line(const std::string& prompt, std::ostream& out) {
    out << prompt << std::flush;
    termios old_mode{};
    bool restore = ::tcgetattr(STDIN_FILENO, &old_mode) == 0;
    if (restore) {
        termios quiet = old_mode;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        quiet.c_lflag |= ECHONL;
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    auto line = read_line(std::cin);
    if (restore) ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &old_mode);
    return line;
}

std::optional<std::string> read_line(std::istream& in) {
    std::string line;
    if (!std::getline(in, line)) return std::nullopt;
    while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.pop_back();
    return line;
}

}  // namespace lw
