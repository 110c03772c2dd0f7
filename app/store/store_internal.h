// Helpers shared by the store's .cpp files; not part of the public API.
#pragma once

#include "store/sqlite.h"
#include "store/store.h"

#include <string>
#include <string_view>
#include <vector>

namespace lw::store_detail {

inline std::int64_t to_unix(TimePoint t) { return t.time_since_epoch().count(); }
inline TimePoint from_unix(std::int64_t s) { return TimePoint(std::chrono::seconds(s)); }

// Appends to the audit log inside the caller's transaction.
void insert_audit(sqlite::Db& db, TimePoint at, const Actor& actor, std::string_view action,
                  std::string_view target, std::string_view details);

std::string join_lines(const std::vector<std::string>& items);
std::vector<std::string> split_lines(const std::string& text);

// Loads posts (with media, tags, emoji, labels and moderation state) by id,
// in the order given. Media local paths are resolved through the media cache
// index against `media_dir`.
std::vector<StoredPost> load_posts(sqlite::Db& db, const std::vector<std::string>& ids,
                                   const std::string& media_dir);

}  // namespace lw::store_detail
