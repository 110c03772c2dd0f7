// Retry scheduling after failures and rate limits (see backoff.h).
#include "net/backoff.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <random>

namespace lw::net {
namespace {

std::function<double()> default_random() {
    auto engine = std::make_shared<std::mt19937_64>(std::random_device{}());
    return [engine] { return std::uniform_real_distribution<double>(0.0, 1.0)(*engine); };
}

}  // namespace

Backoff::Backoff(BackoffOptions options, const Clock& clock, std::function<double()> uniform01)
    : options_(options), clock_(clock), uniform01_(uniform01 ? std::move(uniform01) : default_random()),
      next_(clock.now()) {
    options_.base = std::max(options_.base, std::chrono::seconds{1});
    options_.cap = std::max(options_.cap, options_.base);
}

std::chrono::seconds Backoff::ceiling() const {
    // base * 2^(failures-1), computed without overflow: stop doubling at the cap.
    std::chrono::seconds delay = options_.base;
    for (int i = 1; i < failures_ && delay < options_.cap; ++i) delay *= 2;
    return std::min(delay, options_.cap);
}

void Backoff::on_success() {
    failures_ = 0;
    next_ = clock_.now();
}

TimePoint Backoff::on_failure() {
    ++failures_;
    // Full jitter: anywhere between 0 and the ceiling, so many walls that
    // failed together (a hospital's network came back) do not retry together.
    const double r = std::clamp(uniform01_(), 0.0, 1.0);
    const auto delay = std::chrono::seconds{
        static_cast<long long>(std::floor(r * static_cast<double>(ceiling().count())))};
    next_ = clock_.now() + delay;
    return next_;
}

TimePoint Backoff::server_wait(TimePoint until) const {
    const TimePoint now = clock_.now();
    return std::clamp(until, now, now + options_.max_server_wait);
}

TimePoint Backoff::on_rate_limited(const Headers& headers) {
    if (auto until = server_retry_time(headers, clock_.now())) {
        // The server named its time: it is a pause, not a failure, so the
        // exponential count is left alone.
        next_ = server_wait(*until);
        return next_;
    }
    return on_failure();  // a 429 with no usable hint: back off as on any error
}

Verdict Backoff::on_response(const Response& response) {
    if (response.ok()) {
        on_success();
        // Mastodon says how many requests are left; at 0 the next one would
        // be a 429, so wait for the reset it names.
        if (rate_limit_exhausted(response.headers)) {
            if (auto until = server_retry_time(response.headers, clock_.now())) next_ = server_wait(*until);
        }
        return Verdict::Success;
    }
    if (response.error_kind == ErrorKind::HttpStatus && (response.status == 429 || response.status == 503) &&
        server_retry_time(response.headers, clock_.now())) {
        on_rate_limited(response.headers);
        return Verdict::RateLimited;
    }
    if (response.error_kind == ErrorKind::HttpStatus && response.status == 429) {
        on_failure();
        return Verdict::RateLimited;
    }
    on_failure();
    return Verdict::Failed;
}

std::optional<TimePoint> server_retry_time(const Headers& headers, TimePoint now) {
    if (auto value = headers.get("Retry-After"))
        if (auto t = parse_retry_after(*value, now)) return t;
    if (auto value = headers.get("X-RateLimit-Reset"))
        if (auto t = parse_rfc3339(*value)) return t;
    return std::nullopt;
}

bool rate_limit_exhausted(const Headers& headers) {
    auto value = headers.get("X-RateLimit-Remaining");
    if (!value) return false;
    auto remaining = parse_decimal(*value);
    return remaining && *remaining == 0;
}

std::optional<std::string> auth_problem(int status, std::string_view source) {
    if (status != 401 && status != 403 && status != 422) return std::nullopt;
    return fmt::format("the server wants a token or a login for {}", source);
}

}  // namespace lw::net
