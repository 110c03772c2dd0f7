// The database schema and its migrations. Every version's SQL is kept here
// forever, in order: a database at version N is brought to the newest version
// by running migrations N+1.., all in one transaction, with the version kept
// in `PRAGMA user_version`. A database newer than this program is refused
// (opening it would silently drop what the newer program wrote).
#pragma once

#include "store/result.h"

#include <span>
#include <string_view>

namespace lw::sqlite {
class Db;
}

namespace lw::schema {

struct Migration {
    int version;             // user_version after this step
    std::string_view what;   // one line for the log
    std::string_view sql;
};

// All migrations, oldest first; versions are 1, 2, 3... without gaps.
std::span<const Migration> migrations();

// The newest version this program knows.
int latest_version();

// 'LBWL', written to PRAGMA application_id so another program's SQLite file
// is not mistaken for ours.
inline constexpr int kApplicationId = 0x4C42574C;

// Brings the database to `target` (default: the newest). Runs every pending
// step inside one BEGIN IMMEDIATE transaction: either all apply or none.
// Fails, changing nothing, when the database is newer than `target`, belongs
// to another application, or a step fails.
Status migrate(sqlite::Db& db, int target = 0);

}  // namespace lw::schema
