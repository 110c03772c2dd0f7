// Dates as RSS writes them: RFC 822 / RFC 1123 ("Tue, 24 Nov 2026 09:15:00
// GMT", "+0100", "EST"), plus the looser forms real feeds use. Atom and JSON
// Feed dates are RFC 3339 (core/time.h); parse_feed_date tries both.
#pragma once

#include "core/post.h"

#include <optional>
#include <string_view>

namespace lw::sources {

// RFC 822 / 1123: optional day name, day, month name, 2- or 4-digit year,
// hh:mm[:ss], and a zone (+hhmm, -hh:mm, UT/UTC/GMT/Z, US and a few European
// names, military letters). A missing or unknown zone counts as UTC.
std::optional<TimePoint> parse_rfc822(std::string_view text);

// RFC 822 first, then RFC 3339: whichever the feed wrote.
std::optional<TimePoint> parse_feed_date(std::string_view text);

}  // namespace lw::sources
