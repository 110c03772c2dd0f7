// Owners of the state folder's files: see state_owner.h.
#include "server/state_owner.h"

#include <cerrno>
#include <cstring>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

namespace lw {

std::optional<FileOwner> owner_of(const std::filesystem::path& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return std::nullopt;
    FileOwner owner{static_cast<unsigned>(st.st_uid), static_cast<unsigned>(st.st_gid), std::to_string(st.st_uid)};
    if (const passwd* pw = ::getpwuid(st.st_uid)) owner.name = pw->pw_name;
    return owner;
}

unsigned effective_uid() { return static_cast<unsigned>(::geteuid()); }

bool give_to(const std::filesystem::path& file, const FileOwner& owner, std::string& error) {
    if (::lchown(file.c_str(), owner.uid, owner.gid) == 0 || errno == ENOENT) return true;
    error = "cannot give " + file.string() + " to " + owner.name + ": " + std::strerror(errno);
    return false;
}

}  // namespace lw
