// Reading a password from the terminal without echo, for `lobbywall user`.
// POSIX termios; the only terminal code in the server subsystem (it could
// move to platform/ if another OS is ever targeted).
#pragma once

#include <istream>
#include <optional>
#include <ostream>
#include <string>

namespace lw {

// True when standard input is a terminal.
bool stdin_is_terminal();

// Prints the prompt to `out` and reads one line from standard input with
// echo off (restored afterwards, also on end of input). nullopt on end of input.
std::optional<std::string> read_hidden_line(const std::string& prompt, std::ostream& out);

// One line from a stream, without the trailing "\r\n"; nullopt on end of input.
std::optional<std::string> read_line(std::istream& in);

}  // namespace lw
