// `lobbywall backup DIR` and `lobbywall restore DIR`: a consistent copy of a
// running box, and putting it back on a new one.
//
// Every SQLite database in the state folder (*.db: the content store, the
// staff accounts, and whatever a later version keeps there, such as a hub's
// screen tokens) is copied whole with SQLite's online backup API, each in one
// read transaction, so the copy is what a committed transaction left and the
// running program is never stopped (WAL lets it keep writing). The media
// files the copied store indexes follow; one evicted in between is simply
// left out (the restored cache drops its index row at start, and the poller
// fetches it again). Nothing is chosen by table, so tables added later are in
// every backup without a change here.
//
// The copy is written to DIR.partial and renamed to DIR at the end: a
// half-written backup never looks like a finished one. See docs/operations.md.
#pragma once

#include "store/result.h"

#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <string>
#include <vector>

namespace lw {

struct BackupReport {
    std::vector<std::string> databases;  // file names, as copied
    std::int64_t database_bytes = 0;
    int media_files = 0;
    std::int64_t media_bytes = 0;
    int media_missing = 0;  // indexed, but evicted before they could be copied
};

// Copies `state_dir`'s databases and the media they index from `media_dir`
// into `target`, which must not exist yet (or be an empty folder).
Result<BackupReport> backup_box(const std::filesystem::path& state_dir, const std::filesystem::path& media_dir,
                                const std::filesystem::path& target);

struct RestoreReport {
    std::vector<std::string> databases;
    int media_files = 0;
    std::filesystem::path set_aside;  // where files already in the state folder went (with force)
};

// Puts a backup made by backup_box() into `state_dir` and `media_dir`. Each
// database is checked (PRAGMA integrity_check) before anything is written.
// Refused when `state_dir` already holds a database, unless `force`: then
// those files are moved into a "before-restore-<time>" folder beside them.
// lobbywall must not be running on these folders.
Result<RestoreReport> restore_box(const std::filesystem::path& source, const std::filesystem::path& state_dir,
                                  const std::filesystem::path& media_dir, bool force);

// The two subcommands' words after "backup" / "restore"; prints a summary to
// `out`, one sentence per problem to `err`. Returns the exit status.
int run_backup_command(const std::vector<std::string>& args, const std::filesystem::path& state_dir,
                       const std::filesystem::path& media_dir, std::ostream& out, std::ostream& err);
int run_restore_command(const std::vector<std::string>& args, const std::filesystem::path& state_dir,
                        const std::filesystem::path& media_dir, std::ostream& out, std::ostream& err);

}  // namespace lw
