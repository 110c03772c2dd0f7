// Staff accounts and sessions in accounts.db: see accounts.h.
#include "server/accounts.h"

#include "core/log.h"
#include "store/sqlite.h"

#include <sodium.h>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <iterator>

namespace lw {
namespace {

std::int64_t unix_seconds(TimePoint t) { return t.time_since_epoch().count(); }
TimePoint from_unix(std::int64_t s) { return TimePoint(std::chrono::seconds(s)); }

// Every schema version, in order; never edit a released one.
const char* const kMigrations[] = {
    // 1: users and sessions
    R"sql(
    CREATE TABLE users (
        name TEXT PRIMARY KEY,
        role TEXT NOT NULL CHECK (role IN ('moderator', 'admin')),
        hash TEXT NOT NULL,
        created INTEGER NOT NULL,
        disabled INTEGER NOT NULL DEFAULT 0
    ) STRICT;
    CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        user TEXT NOT NULL REFERENCES users (name) ON DELETE CASCADE,
        csrf TEXT NOT NULL,
        created INTEGER NOT NULL,
        last_seen INTEGER NOT NULL,
        address TEXT NOT NULL DEFAULT ''
    ) STRICT;
    CREATE INDEX sessions_by_user ON sessions (user);
    )sql",
};

bool sodium_ready() {
    static const bool ok = sodium_init() >= 0;
    return ok;
}

std::string random_hex(std::size_t bytes) {
    std::vector<unsigned char> buf(bytes);
    randombytes_buf(buf.data(), buf.size());
    std::string hex(bytes * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), buf.data(), buf.size());
    hex.pop_back();
    return hex;
}

std::string token_hash(std::string_view token) {
    unsigned char out[crypto_generichash_BYTES];
    crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(token.data()),
                       token.size(), nullptr, 0);
    char hex[sizeof out * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, out, sizeof out);
    return hex;
}

Account read_account(sqlite::Statement& st) {
    Account a;
    a.name = st.column_text(0);
    a.role = parse_role(st.column_text(1)).value_or(Role::Moderator);
    a.created = from_unix(st.column_int(2));
    a.disabled = st.column_int(3) != 0;
    return a;
}

}  // namespace

const char* to_string(Role role) { return role == Role::Admin ? "admin" : "moderator"; }

std::optional<Role> parse_role(std::string_view text) {
    if (text == "moderator") return Role::Moderator;
    if (text == "admin") return Role::Admin;
    return std::nullopt;
}

std::optional<std::string> check_user_name(std::string_view name) {
    if (name.empty() || name.size() > 64) return "a user name has 1 to 64 characters";
    for (char c : name)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-')
            return "a user name may hold only letters, digits, '.', '_' and '-'";
    return std::nullopt;
}

std::optional<std::string> check_password(std::string_view password) {
    if (password.size() < kMinPasswordLength)
        return fmt::format("the password is too short (at least {} characters)",
                           kMinPasswordLength);
    if (password.size() > kMaxPasswordLength)
        return fmt::format("the password is too long (at most {} bytes)", kMaxPasswordLength);
    return std::nullopt;
}

Result<std::string> hash_password(std::string_view password) {
    if (!sodium_ready()) return Result<std::string>::failure("libsodium could not start");
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(out, password.data(), password.size(),
                          crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return Result<std::string>::failure("out of memory while hashing the password");
    return std::string(out);
}

bool verify_password(const std::string& hash, std::string_view password) {
    if (!sodium_ready() || hash.size() >= crypto_pwhash_STRBYTES) return false;
    return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

Result<std::unique_ptr<Accounts>> Accounts::open(const std::filesystem::path& file) {
    using R = Result<std::unique_ptr<Accounts>>;
    if (!sodium_ready()) return R::failure("libsodium could not start");
    try {
        auto db = std::make_unique<sqlite::Db>(file.string(), sqlite::Db::Mode::ReadWrite);
        db->exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; "
                 "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;");
        std::unique_ptr<Accounts> accounts(new Accounts(std::move(db)));
        accounts->migrate();
        return R(std::move(accounts));
    } catch (const std::exception& e) {
        return R::failure(fmt::format("cannot open the accounts file {}: {}", file.string(),
                                      e.what()));
    }
}

Accounts::Accounts(std::unique_ptr<sqlite::Db> db) : db_(std::move(db)) {}
Accounts::~Accounts() = default;

void Accounts::migrate() {
    const auto known = static_cast<std::int64_t>(std::size(kMigrations));
    sqlite::Transaction tx(*db_);
    std::int64_t version = db_->query_int("PRAGMA user_version");
    if (version > known)
        throw std::runtime_error(fmt::format(
            "it has schema version {}, newer than this lobbywall knows ({})", version, known));
    for (auto v = version; v < known; ++v) db_->exec(kMigrations[v]);
    if (version != known) db_->exec(fmt::format("PRAGMA user_version = {}", known));
    tx.commit();
}

Status Accounts::add_user(const std::string& name, Role role, std::string_view password,
                          TimePoint now) {
    if (auto problem = check_user_name(name)) return Status::failure(*problem);
    if (auto problem = check_password(password)) return Status::failure(*problem);
    auto hash = hash_password(password);
    if (!hash) return Status::failure(hash.error);
    std::lock_guard lock(db_mutex_);
    try {
        if (db_->prepare("SELECT 1 FROM users WHERE name = ?").bind(1, name).step())
            return Status::failure(fmt::format("the user {} already exists", name));
        db_->prepare("INSERT INTO users (name, role, hash, created) VALUES (?,?,?,?)")
            .bind(1, name).bind(2, to_string(role)).bind(3, *hash).bind(4, unix_seconds(now))
            .run();
        return Status::success();
    } catch (const std::exception& e) {
        return Status::failure(fmt::format("cannot add the user {}: {}", name, e.what()));
    }
}

Status Accounts::remove_user(const std::string& name) {
    std::lock_guard lock(db_mutex_);
    try {
        db_->prepare("DELETE FROM users WHERE name = ?").bind(1, name).run();
        if (db_->changes() == 0) return Status::failure(fmt::format("no user named {}", name));
        return Status::success();
    } catch (const std::exception& e) {
        return Status::failure(fmt::format("cannot remove the user {}: {}", name, e.what()));
    }
}

Status Accounts::set_password(const std::string& name, std::string_view password) {
    if (auto problem = check_password(password)) return Status::failure(*problem);
    auto hash = hash_password(password);
    if (!hash) return Status::failure(hash.error);
    std::lock_guard lock(db_mutex_);
    try {
        sqlite::Transaction tx(*db_);
        db_->prepare("UPDATE users SET hash = ? WHERE name = ?").bind(1, *hash).bind(2, name).run();
        if (db_->changes() == 0) return Status::failure(fmt::format("no user named {}", name));
        db_->prepare("DELETE FROM sessions WHERE user = ?").bind(1, name).run();
        tx.commit();
        return Status::success();
    } catch (const std::exception& e) {
        return Status::failure(fmt::format("cannot change the password of {}: {}", name, e.what()));
    }
}

Status Accounts::set_disabled(const std::string& name, bool disabled) {
    std::lock_guard lock(db_mutex_);
    try {
        sqlite::Transaction tx(*db_);
        db_->prepare("UPDATE users SET disabled = ? WHERE name = ?").bind(1, disabled).bind(2, name)
            .run();
        if (db_->changes() == 0) return Status::failure(fmt::format("no user named {}", name));
        if (disabled) db_->prepare("DELETE FROM sessions WHERE user = ?").bind(1, name).run();
        tx.commit();
        return Status::success();
    } catch (const std::exception& e) {
        return Status::failure(fmt::format("cannot change the user {}: {}", name, e.what()));
    }
}

Result<std::vector<Account>> Accounts::users() {
    std::lock_guard lock(db_mutex_);
    try {
        std::vector<Account> out;
        auto st = db_->prepare("SELECT name, role, created, disabled FROM users ORDER BY name");
        while (st.step()) out.push_back(read_account(st));
        return out;
    } catch (const std::exception& e) {
        return Result<std::vector<Account>>::failure(
            fmt::format("cannot list the users: {}", e.what()));
    }
}

Result<std::optional<Account>> Accounts::user(const std::string& name) {
    std::lock_guard lock(db_mutex_);
    try {
        auto st = db_->prepare("SELECT name, role, created, disabled FROM users WHERE name = ?");
        st.bind(1, name);
        std::optional<Account> out;
        if (st.step()) out = read_account(st);
        return out;
    } catch (const std::exception& e) {
        return Result<std::optional<Account>>::failure(
            fmt::format("cannot read the user {}: {}", name, e.what()));
    }
}

std::optional<Account> Accounts::check_login(const std::string& name, std::string_view password) {
    std::optional<Account> account;
    std::string hash;
    {
        std::lock_guard lock(db_mutex_);
        try {
            auto st = db_->prepare(
                "SELECT name, role, created, disabled, hash FROM users WHERE name = ?");
            st.bind(1, name);
            if (st.step()) {
                account = read_account(st);
                hash = st.column_text(4);
            }
        } catch (const std::exception& e) {
            log::error("Cannot read the accounts file during a login: {}", e.what());
            return std::nullopt;
        }
    }
    std::lock_guard verify(verify_mutex_);
    if (!account) {
        // Made on first use (not at open: `lobbywall user` never needs it).
        if (dummy_hash_.empty())
            dummy_hash_ = hash_password("not a password: only here to spend the same time")
                              .value.value_or("");
        (void)verify_password(dummy_hash_, password);  // same time as a real check
        return std::nullopt;
    }
    bool ok = verify_password(hash, password);
    if (!ok || account->disabled) return std::nullopt;
    return account;
}

Result<NewSession> Accounts::create_session(const Account& account, const std::string& address,
                                            TimePoint now) {
    NewSession ns;
    ns.token = random_hex(32);
    ns.session = {account.name, account.role, random_hex(32), now, now, address};
    std::lock_guard lock(db_mutex_);
    try {
        db_->prepare("INSERT INTO sessions (token_hash, user, csrf, created, last_seen, address) "
                     "VALUES (?,?,?,?,?,?)")
            .bind(1, token_hash(ns.token)).bind(2, account.name).bind(3, ns.session.csrf_token)
            .bind(4, unix_seconds(now)).bind(5, unix_seconds(now)).bind(6, address)
            .run();
        return ns;
    } catch (const std::exception& e) {
        return Result<NewSession>::failure(fmt::format("cannot start a session: {}", e.what()));
    }
}

std::optional<Session> Accounts::find_session(std::string_view token, TimePoint now,
                                              const SessionLimits& limits, bool activity) {
    if (token.size() != 64) return std::nullopt;
    const std::string key = token_hash(token);
    std::lock_guard lock(db_mutex_);
    try {
        auto st = db_->prepare(
            "SELECT s.user, u.role, s.csrf, s.created, s.last_seen, s.address, u.disabled "
            "FROM sessions s JOIN users u ON u.name = s.user WHERE s.token_hash = ?");
        st.bind(1, key);
        if (!st.step()) return std::nullopt;
        Session s{st.column_text(0), parse_role(st.column_text(1)).value_or(Role::Moderator),
                  st.column_text(2), from_unix(st.column_int(3)), from_unix(st.column_int(4)),
                  st.column_text(5)};
        bool disabled = st.column_int(6) != 0;
        if (disabled || now - s.last_seen >= limits.idle || now - s.created >= limits.absolute ||
            now < s.created) {
            db_->prepare("DELETE FROM sessions WHERE token_hash = ?").bind(1, key).run();
            return std::nullopt;
        }
        // Write last_seen at most every 30 s: a page polls every 2 s.
        if (activity && now - s.last_seen >= std::chrono::seconds(30)) {
            db_->prepare("UPDATE sessions SET last_seen = ? WHERE token_hash = ?")
                .bind(1, unix_seconds(now)).bind(2, key).run();
            s.last_seen = now;
        }
        return s;
    } catch (const std::exception& e) {
        log::error("Cannot read a console session: {}", e.what());
        return std::nullopt;
    }
}

void Accounts::end_session(std::string_view token) {
    std::lock_guard lock(db_mutex_);
    try {
        db_->prepare("DELETE FROM sessions WHERE token_hash = ?").bind(1, token_hash(token)).run();
    } catch (const std::exception& e) {
        log::error("Cannot end a console session: {}", e.what());
    }
}

void Accounts::end_expired_sessions(TimePoint now, const SessionLimits& limits) {
    std::lock_guard lock(db_mutex_);
    try {
        db_->prepare("DELETE FROM sessions WHERE last_seen <= ? OR created <= ?")
            .bind(1, unix_seconds(now - limits.idle)).bind(2, unix_seconds(now - limits.absolute))
            .run();
    } catch (const std::exception& e) {
        log::error("Cannot remove expired console sessions: {}", e.what());
    }
}

}  // namespace lw
