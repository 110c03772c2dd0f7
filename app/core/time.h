// Time helpers: parsing the timestamps feeds use and wording ages for people.
#pragma once

#include "core/post.h"

#include <optional>
#include <string>
#include <string_view>

namespace lw {

// RFC 3339 / ISO 8601 timestamps as Mastodon, Bluesky, Atom and JSON Feed
// write them: "2026-11-24T09:15:00Z", "...00.123Z", "...00+01:00".
// Fractions are dropped. Returns nullopt for anything else.
std::optional<TimePoint> parse_rfc3339(std::string_view text);

// "2026-11-24T09:15:00Z"
std::string format_rfc3339(TimePoint t);

// How long ago, worded for a lobby screen: "just now", "5 min ago",
// "3 h ago", "2 days ago", then a date like "12 Nov".
std::string format_age(TimePoint then, TimePoint now);

// A clock that tests can set. The real one reads the system clock.
class Clock {
public:
    virtual ~Clock() = default;
    virtual TimePoint now() const = 0;
};

class SystemClock final : public Clock {
public:
    TimePoint now() const override;
};

class FixedClock final : public Clock {
public:
    explicit FixedClock(TimePoint t) : t_(t) {}
    TimePoint now() const override { return t_; }
    void set(TimePoint t) { t_ = t; }
    void advance(std::chrono::seconds s) { t_ += s; }
private:
    TimePoint t_;
};

}  // namespace lw
