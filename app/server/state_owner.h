// Who owns the service's state folder, so that `lobbywall user …` run by root
// leaves the account database to the service (and a third user is told the
// command to use instead of writing a file the service cannot read).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace lw {

struct FileOwner {
    unsigned uid = 0;
    unsigned gid = 0;
    std::string name;  // the user name, or the number when it has none
};

// The owner of `path`; nullopt when it does not exist.
std::optional<FileOwner> owner_of(const std::filesystem::path& path);

// The user this process acts as.
unsigned effective_uid();

// Gives `file` to `owner` (a no-op when it does not exist). False with a
// sentence in `error` when that fails.
bool give_to(const std::filesystem::path& file, const FileOwner& owner, std::string& error);

}  // namespace lw
