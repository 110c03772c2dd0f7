// HTTP header values as the fetching layer and the poller need them: a
// case-insensitive header list, and the two date forms servers use to say
// "come back later" (HTTP-date in Retry-After, RFC 3339 in Mastodon's
// X-RateLimit-Reset). Pure: no I/O, no libcurl.
#pragma once

#include "core/post.h"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lw::net {

// Response headers in the order the server sent them. Names compare without
// regard to case (RFC 9110 5.1); values are kept as sent, trimmed.
class Headers {
public:
    void add(std::string name, std::string value);
    void clear() { items_.clear(); }

    // The first value for `name`, or nullopt when the server did not send it.
    std::optional<std::string> get(std::string_view name) const;
    bool has(std::string_view name) const { return get(name).has_value(); }

    const std::vector<std::pair<std::string, std::string>>& items() const { return items_; }
    std::size_t size() const { return items_.size(); }

private:
    std::vector<std::pair<std::string, std::string>> items_;
};

bool iequals(std::string_view a, std::string_view b);

// Splits one raw header line ("Name: value\r\n") into a trimmed name and
// value. Returns nullopt for status lines, blank lines and lines without ':'.
std::optional<std::pair<std::string, std::string>> split_header_line(std::string_view line);

// An HTTP-date (RFC 9110 5.6.7): the preferred IMF-fixdate
// "Sun, 06 Nov 1994 08:49:37 GMT", and the obsolete RFC 850
// "Sunday, 06-Nov-94 08:49:37 GMT" and asctime "Sun Nov  6 08:49:37 1994".
std::optional<TimePoint> parse_http_date(std::string_view text);

// Retry-After (RFC 9110 10.2.3): either delay-seconds or an HTTP-date.
// Returns the moment it names; a date in the past comes back as is.
std::optional<TimePoint> parse_retry_after(std::string_view value, TimePoint now);

// A non-negative decimal integer with no sign, spaces or junk, as in
// Content-Length or X-RateLimit-Remaining.
std::optional<long long> parse_decimal(std::string_view text);

}  // namespace lw::net
