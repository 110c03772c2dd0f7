// Small value types for the store's expected failures: a write that could not
// be committed, a file that could not be read. The error is one sentence a
// person can act on; nothing in the store's API throws.
#pragma once

#include <optional>
#include <string>
#include <utility>

namespace lw {

// Success, or one sentence saying what failed.
struct Status {
    std::string error;

    bool ok() const { return error.empty(); }
    explicit operator bool() const { return ok(); }
    static Status success() { return {}; }
    static Status failure(std::string message) { return {std::move(message)}; }
};

// A value, or one sentence saying why there is none.
template <typename T>
struct Result {
    std::optional<T> value;
    std::string error;

    Result() = default;
    Result(T v) : value(std::move(v)) {}  // NOLINT: implicit on purpose, like expected
    static Result failure(std::string message) {
        Result r;
        r.error = std::move(message);
        if (r.error.empty()) r.error = "unknown error";
        return r;
    }

    bool ok() const { return value.has_value(); }
    explicit operator bool() const { return ok(); }
    T& operator*() { return *value; }
    const T& operator*() const { return *value; }
    T* operator->() { return &*value; }
    const T* operator->() const { return &*value; }
};

}  // namespace lw
