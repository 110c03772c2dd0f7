// Online backup and restore of a box: see backup.h.
#include "store/backup.h"

#include "store/sqlite.h"

#include <sqlite3.h>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <fstream>
#include <ostream>
#include <thread>

namespace lw {
namespace {

namespace fs = std::filesystem;

constexpr const char* kManifest = "lobbywall-backup.txt";

std::vector<fs::path> databases_in(const fs::path& dir) {
    std::vector<fs::path> out;
    std::error_code ec;
    for (const auto& item : fs::directory_iterator(dir, ec))
        if (item.path().extension() == ".db" && item.is_regular_file(ec)) out.push_back(item.path());
    std::sort(out.begin(), out.end());
    return out;
}

std::string utc_stamp() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return text;
}

// One database copied in one read transaction of the source; the copy is
// then a plain rollback-journal file (no -wal beside it) that passes
// integrity_check.
void copy_database(const fs::path& from, const fs::path& to) {
    sqlite::Db source(from.string(), sqlite::Db::Mode::ReadOnly);
    source.exec("PRAGMA busy_timeout = 5000");
    sqlite::Db copy(to.string(), sqlite::Db::Mode::ReadWrite);
    sqlite3_backup* backup = sqlite3_backup_init(copy.handle(), "main", source.handle(), "main");
    if (!backup) throw sqlite::Error(sqlite3_errcode(copy.handle()), sqlite3_errmsg(copy.handle()));
    int rc = SQLITE_OK;
    // -1: every page in one step, so one snapshot of the source. A lock
    // held by a checkpoint or a recovery is waited out, at most 30 s.
    for (int attempt = 0; attempt < 300; ++attempt) {
        rc = sqlite3_backup_step(backup, -1);
        if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    sqlite3_backup_finish(backup);
    if (rc != SQLITE_DONE)
        throw sqlite::Error(rc, fmt::format("copying {} stopped: {}", from.filename().string(), sqlite3_errstr(rc)));
    copy.exec("PRAGMA journal_mode = DELETE");
    const std::string check = copy.query_text("PRAGMA integrity_check");
    if (check != "ok")
        throw sqlite::Error(SQLITE_CORRUPT, fmt::format("the copy of {} fails its integrity check ({})",
                                                        from.filename().string(), check));
}

std::string integrity_of(const fs::path& db_path) {
    sqlite::Db db(db_path.string(), sqlite::Db::Mode::ReadOnly);
    return db.query_text("PRAGMA integrity_check");
}

// The media file names the (copied) content store indexes.
std::vector<std::string> indexed_media(const fs::path& store_copy) {
    std::vector<std::string> files;
    sqlite::Db db(store_copy.string(), sqlite::Db::Mode::ReadOnly);
    if (db.query_int("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'media_files'") == 0)
        return files;
    auto st = db.prepare("SELECT file FROM media_files ORDER BY file");
    while (st.step()) {
        std::string name = st.column_text(0);
        // Names are ours (hash + extension); anything else is not followed out of the folder.
        if (!name.empty() && name.find('/') == std::string::npos && name != "." && name != "..")
            files.push_back(std::move(name));
    }
    return files;
}

bool empty_or_missing(const fs::path& dir) {
    std::error_code ec;
    if (!fs::exists(dir, ec)) return true;
    return fs::is_directory(dir, ec) && fs::is_empty(dir, ec);
}

}  // namespace

Result<BackupReport> backup_box(const fs::path& state_dir, const fs::path& media_dir, const fs::path& target) {
    using R = Result<BackupReport>;
    if (!empty_or_missing(target))
        return R::failure(fmt::format("{} already exists and is not empty; name a new folder", target.string()));
    const std::vector<fs::path> databases = databases_in(state_dir);
    if (std::none_of(databases.begin(), databases.end(), [](const fs::path& p) { return p.filename() == "lobbywall.db"; }))
        return R::failure(fmt::format("there is no lobbywall.db in {}: is this the state folder of a box "
                                      "(--config names it)?",
                                      state_dir.string()));
    fs::path partial = target;
    partial += ".partial";
    std::error_code ec;
    fs::remove_all(partial, ec);  // left by an earlier backup that was stopped
    fs::create_directories(partial / "state", ec);
    fs::create_directories(partial / "media", ec);
    if (ec) return R::failure(fmt::format("cannot create {} ({})", partial.string(), ec.message()));
    // It holds the staff's password hashes: for the user who made it only.
    fs::permissions(partial, fs::perms::owner_all, ec);

    BackupReport report;
    try {
        for (const fs::path& db : databases) {
            const fs::path copy = partial / "state" / db.filename();
            copy_database(db, copy);
            report.databases.push_back(db.filename().string());
            report.database_bytes += static_cast<std::int64_t>(fs::file_size(copy));
        }
        for (const std::string& name : indexed_media(partial / "state" / "lobbywall.db")) {
            if (!fs::copy_file(media_dir / name, partial / "media" / name, ec) || ec) {
                ++report.media_missing;  // evicted since the store was copied
                ec.clear();
                continue;
            }
            ++report.media_files;
            report.media_bytes += static_cast<std::int64_t>(fs::file_size(partial / "media" / name, ec));
        }
    } catch (const std::exception& e) {
        fs::remove_all(partial, ec);
        return R::failure(fmt::format("the backup failed: {}; nothing was written to {}", e.what(), target.string()));
    }
    {
        std::ofstream manifest(partial / kManifest);
        manifest << "lobbywall backup\ncreated " << utc_stamp() << "\n";
        for (const std::string& name : report.databases) manifest << "database state/" << name << "\n";
        manifest << "media " << report.media_files << " files, " << report.media_bytes << " bytes\n";
        if (!manifest) {
            fs::remove_all(partial, ec);
            return R::failure(fmt::format("cannot write into {} (disk full?)", partial.string()));
        }
    }
    if (fs::exists(target, ec)) fs::remove(target, ec);  // the empty folder it replaces
    fs::rename(partial, target, ec);
    if (ec) return R::failure(fmt::format("cannot rename {} to {} ({})", partial.string(), target.string(), ec.message()));
    return R(std::move(report));
}

Result<RestoreReport> restore_box(const fs::path& source, const fs::path& state_dir, const fs::path& media_dir,
                                  bool force) {
    using R = Result<RestoreReport>;
    std::error_code ec;
    if (!fs::is_regular_file(source / kManifest, ec) || !fs::is_regular_file(source / "state" / "lobbywall.db", ec))
        return R::failure(fmt::format("{} is not a lobbywall backup (no {} and state/lobbywall.db)", source.string(),
                                      kManifest));
    const std::vector<fs::path> databases = databases_in(source / "state");
    try {
        for (const fs::path& db : databases)
            if (const std::string check = integrity_of(db); check != "ok")
                return R::failure(fmt::format("{} in the backup fails its integrity check ({}); nothing was restored",
                                              db.filename().string(), check));
    } catch (const std::exception& e) {
        return R::failure(fmt::format("the backup cannot be read ({}); nothing was restored", e.what()));
    }

    RestoreReport report;
    fs::create_directories(state_dir, ec);
    fs::create_directories(media_dir, ec);
    const std::vector<fs::path> existing = databases_in(state_dir);
    if (!existing.empty()) {
        if (!force)
            return R::failure(fmt::format("{} already holds {}; stop lobbywall and restore with --force to set the "
                                          "current files aside",
                                          state_dir.string(), existing.front().filename().string()));
        report.set_aside = state_dir / ("before-restore-" + utc_stamp());
        fs::create_directories(report.set_aside, ec);
        for (const fs::path& db : existing)
            for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
                fs::path file = db;
                file += suffix;
                if (fs::exists(file, ec)) fs::rename(file, report.set_aside / file.filename(), ec);
            }
        if (ec) return R::failure(fmt::format("cannot set the current files aside ({})", ec.message()));
    }
    for (const fs::path& db : databases) {
        if (!fs::copy_file(db, state_dir / db.filename(), fs::copy_options::overwrite_existing, ec))
            return R::failure(fmt::format("cannot write {} ({})", (state_dir / db.filename()).string(), ec.message()));
        report.databases.push_back(db.filename().string());
    }
    for (const auto& item : fs::directory_iterator(source / "media", ec)) {
        if (!item.is_regular_file()) continue;
        if (fs::copy_file(item.path(), media_dir / item.path().filename(), fs::copy_options::overwrite_existing, ec))
            ++report.media_files;
    }
    if (ec) return R::failure(fmt::format("cannot copy the media into {} ({})", media_dir.string(), ec.message()));
    return R(std::move(report));
}

int run_backup_command(const std::vector<std::string>& args, const fs::path& state_dir, const fs::path& media_dir,
                       std::ostream& out, std::ostream& err) {
    if (args.size() != 1 || args[0].empty() || args[0].front() == '-') {
        err << "usage: lobbywall [--config FILE] backup DIR   (DIR must not exist yet)\n";
        return 2;
    }
    Result<BackupReport> done = backup_box(state_dir, media_dir, args[0]);
    if (!done) {
        err << "lobbywall backup: " << done.error << "\n";
        return 1;
    }
    out << fmt::format("backed up {} database(s) ({} bytes) and {} media files ({} bytes) to {}", done->databases.size(),
                       done->database_bytes, done->media_files, done->media_bytes, args[0]);
    if (done->media_missing) out << fmt::format("; {} media files were evicted meanwhile and left out", done->media_missing);
    out << "\n";
    return 0;
}

int run_restore_command(const std::vector<std::string>& args, const fs::path& state_dir, const fs::path& media_dir,
                        std::ostream& out, std::ostream& err) {
    std::vector<std::string> words = args;
    const bool force = std::erase(words, "--force") > 0;
    if (words.size() != 1 || words[0].empty() || words[0].front() == '-') {
        err << "usage: lobbywall [--config FILE] restore DIR [--force]   (with lobbywall stopped)\n";
        return 2;
    }
    Result<RestoreReport> done = restore_box(words[0], state_dir, media_dir, force);
    if (!done) {
        err << "lobbywall restore: " << done.error << "\n";
        return 1;
    }
    out << fmt::format("restored {} database(s) and {} media files into {} and {}", done->databases.size(),
                       done->media_files, state_dir.string(), media_dir.string());
    if (!done->set_aside.empty()) out << fmt::format("; the files that were there are in {}", done->set_aside.string());
    out << "\n";
    return 0;
}

}  // namespace lw
