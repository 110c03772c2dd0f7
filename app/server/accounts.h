// Staff accounts and console sessions, kept in their own SQLite file
// (accounts.db in the state folder, apart from the content database so that
// copying or resetting one never touches the other). Passwords are stored as
// argon2id hashes (libsodium's crypto_pwhash_str); session tokens are random
// 256-bit values of which only a BLAKE2b hash is stored, so a copy of the file
// cannot be used to take over a session.
//
// Threading: every call may come from any HTTP worker thread. One connection
// is guarded by a mutex held only for the SQL, never while hashing a
// password; password verification runs one at a time (each needs 64 MiB).
#pragma once

#include "core/post.h"
#include "store/result.h"

#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lw {

namespace sqlite {
class Db;
}

enum class Role { Moderator, Admin };
const char* to_string(Role role);
std::optional<Role> parse_role(std::string_view text);  // "moderator" | "admin"

struct Account {
    std::string name;
    Role role = Role::Moderator;
    TimePoint created{};
    bool disabled = false;
};

struct Session {
    std::string user;
    Role role = Role::Moderator;
    std::string csrf_token;   // sent with every state-changing request
    TimePoint created{};
    TimePoint last_seen{};
    std::string address;      // where it logged in from
};

// A new session: the token goes into the cookie and is never stored.
struct NewSession {
    std::string token;
    Session session;
};

struct SessionLimits {
    std::chrono::seconds idle{30 * 60};          // no request for this long: logged out
    std::chrono::seconds absolute{12 * 60 * 60}; // a shift at most, however active
};

// Name rules: 1-64 of [A-Za-z0-9._-]. Passwords: 10-1024 bytes.
inline constexpr std::size_t kMinPasswordLength = 10;
inline constexpr std::size_t kMaxPasswordLength = 1024;
std::optional<std::string> check_user_name(std::string_view name);   // the problem, or nullopt
std::optional<std::string> check_password(std::string_view password);

// argon2id, libsodium's interactive limits (64 MiB, 2 passes).
Result<std::string> hash_password(std::string_view password);
bool verify_password(const std::string& hash, std::string_view password);

class Accounts {
public:
    // Opens or creates the file and migrates it (PRAGMA user_version).
    static Result<std::unique_ptr<Accounts>> open(const std::filesystem::path& file);
    static std::filesystem::path default_file(const std::filesystem::path& state_dir) {
        return state_dir / "accounts.db";
    }
    ~Accounts();
    Accounts(const Accounts&) = delete;
    Accounts& operator=(const Accounts&) = delete;

    // --- users ----------------------------------------------------------------
    Status add_user(const std::string& name, Role role, std::string_view password, TimePoint now);
    Status remove_user(const std::string& name);
    // Also ends the user's sessions.
    Status set_password(const std::string& name, std::string_view password);
    Status set_disabled(const std::string& name, bool disabled);
    Result<std::vector<Account>> users();
    Result<std::optional<Account>> user(const std::string& name);

    // The account when the name exists, is enabled and the password matches.
    // An unknown name costs the same hashing time as a known one, so timing
    // does not tell which names exist.
    std::optional<Account> check_login(const std::string& name, std::string_view password);

    // --- sessions -------------------------------------------------------------
    Result<NewSession> create_session(const Account& account, const std::string& address,
                                      TimePoint now);
    // The session for a cookie token, if it exists, its user is still enabled
    // and it has not expired (an expired one is deleted). Touches last_seen.
    // `activity` false: a request the page makes by itself (its 2 s status
    // poll), which must not keep an unattended session alive.
    std::optional<Session> find_session(std::string_view token, TimePoint now,
                                        const SessionLimits& limits, bool activity = true);
    void end_session(std::string_view token);
    void end_expired_sessions(TimePoint now, const SessionLimits& limits);

private:
    explicit Accounts(std::unique_ptr<sqlite::Db> db);
    void migrate();

    std::mutex db_mutex_;            // guards db_; held for SQL only
    std::unique_ptr<sqlite::Db> db_;
    std::mutex verify_mutex_;        // one argon2id verification at a time
    std::string dummy_hash_;         // verified against for unknown names (verify_mutex_)
};

}  // namespace lw
