// `lobbywall user …`: managing staff accounts from the box's shell.
//
//   lobbywall user add NAME [--role moderator|admin]   (default: moderator)
//   lobbywall user passwd NAME
//   lobbywall user remove NAME
//   lobbywall user disable NAME | enable NAME
//   lobbywall user list
//
// Passwords are read from the terminal without echo (asked twice), or as
// one line from standard input when it is not a terminal (for scripts:
// `printf '%s\n' "$PW" | lobbywall user add ana --role admin`).
#pragma once

#include <filesystem>
#include <istream>
#include <ostream>
#include <string>
#include <vector>

namespace lw {

// `args` are the words after "user". The accounts file is
// state_dir/accounts.db (created when missing; state_dir must exist).
// `in` is read for passwords; when it is std::cin and a terminal, echo is
// turned off. Returns the process exit status: 0 done, 1 failed (one line
// on `err`), 2 usage error.
int run_user_command(const std::vector<std::string>& args, const std::filesystem::path& state_dir,
                     std::istream& in, std::ostream& out, std::ostream& err);

}  // namespace lw
