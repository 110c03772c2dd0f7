// Tests for staff accounts (argon2id, sessions, the accounts file's schema),
// `lobbywall user …`, and login throttling.
#include "server/accounts.h"
#include "server/login_throttle.h"
#include "server/user_command.h"
#include "store/sqlite.h"
#include "temp_dir.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>

using namespace lw;
using namespace std::chrono_literals;

namespace {

const TimePoint t0 = TimePoint(std::chrono::seconds(1'800'000'000));

std::unique_ptr<Accounts> open_accounts(const test::TempDir& dir) {
    auto a = Accounts::open(Accounts::default_file(dir.path()));
    REQUIRE(a.ok());
    return std::move(*a);
}

struct CommandRun {
    int code;
    std::string out;
    std::string err;
};

CommandRun run(const test::TempDir& dir, std::vector<std::string> args, const std::string& input = "") {
    std::istringstream in(input);
    std::ostringstream out, err;
    int code = run_user_command(args, dir.path(), in, out, err);
    return {code, out.str(), err.str()};
}

}  // namespace

TEST_CASE("user names and passwords are checked") {
    struct Case { const char* name; bool ok; };
    for (auto c : {Case{"ana", true}, Case{"ana.lopez_2-b", true}, Case{"", false},
                   Case{"ana lopez", false}, Case{"ana;drop", false}, Case{"ánä", false}}) {
        INFO(c.name);
        CHECK(check_user_name(c.name).has_value() == !c.ok);
    }
    CHECK(check_password("short").has_value());
    CHECK_FALSE(check_password("long enough pw").has_value());
    CHECK(check_password(std::string(2000, 'x')).has_value());
}

TEST_CASE("argon2id hashes verify only the right password") {
    auto hash = hash_password("correct horse battery");
    REQUIRE(hash.ok());
    CHECK(hash->rfind("$argon2id$", 0) == 0);
    CHECK(verify_password(*hash, "correct horse battery"));
    CHECK_FALSE(verify_password(*hash, "correct horse batterx"));
    CHECK_FALSE(verify_password("garbage", "correct horse battery"));
}

TEST_CASE("accounts: add log in disable remove reopen") {
    test::TempDir dir;
    {
        auto accounts = open_accounts(dir);
        REQUIRE(accounts->add_user("ana", Role::Admin, "correct horse battery", t0).ok());
        CHECK_FALSE(accounts->add_user("ana", Role::Moderator, "another password", t0).ok());
        CHECK_FALSE(accounts->add_user("ben", Role::Moderator, "short", t0).ok());

        auto ok = accounts->check_login("ana", "correct horse battery");
        REQUIRE(ok);
        CHECK(ok->role == Role::Admin);
        CHECK_FALSE(accounts->check_login("ana", "wrong password here"));
        CHECK_FALSE(accounts->check_login("nobody", "correct horse battery"));

        REQUIRE(accounts->set_disabled("ana", true).ok());
        CHECK_FALSE(accounts->check_login("ana", "correct horse battery"));
        REQUIRE(accounts->set_disabled("ana", false).ok());
    }
    {
        auto accounts = open_accounts(dir);  // persisted
        auto users = accounts->users();
        REQUIRE(users.ok());
        REQUIRE(users->size() == 1);
        CHECK(users->front().name == "ana");
        CHECK(users->front().created == t0);
        REQUIRE(accounts->remove_user("ana").ok());
        CHECK_FALSE(accounts->remove_user("ana").ok());
    }
    sqlite::Db db(Accounts::default_file(dir.path()).string(), sqlite::Db::Mode::ReadOnly);
    CHECK(db.query_int("PRAGMA user_version") == 1);
    CHECK(db.query_text("SELECT hash FROM users") == "");  // removed, nothing left
}

TEST_CASE("accounts: a newer schema is refused") {
    test::TempDir dir;
    { open_accounts(dir); }
    {
        sqlite::Db db(Accounts::default_file(dir.path()).string(), sqlite::Db::Mode::ReadWrite);
        db.exec("PRAGMA user_version = 99");
    }
    auto again = Accounts::open(Accounts::default_file(dir.path()));
    CHECK_FALSE(again.ok());
    CHECK(again.error.find("newer") != std::string::npos);
}

TEST_CASE("sessions expire when idle and after the absolute limit") {
    test::TempDir dir;
    auto accounts = open_accounts(dir);
    REQUIRE(accounts->add_user("ana", Role::Moderator, "correct horse battery", t0).ok());
    Account ana = *accounts->check_login("ana", "correct horse battery");
    SessionLimits limits{30min, 2h};

    struct Case { const char* what; std::vector<std::chrono::seconds> requests; bool alive; };
    for (const Case& c : {
             Case{"used at once", {0s}, true},
             Case{"idle 29 min", {29min}, true},
             Case{"idle 30 min", {30min}, false},
             Case{"active every 20 min for 1h40", {20min, 40min, 60min, 80min, 100min}, true},
             Case{"active but past 2 h", {20min, 40min, 60min, 80min, 100min, 120min}, false},
         }) {
        INFO(c.what);
        auto ns = accounts->create_session(ana, "10.0.0.5", t0);
        REQUIRE(ns.ok());
        CHECK(ns->token.size() == 64);
        CHECK(ns->session.csrf_token.size() == 64);
        CHECK(ns->session.csrf_token != ns->token);
        bool alive = true;
        for (auto at : c.requests) alive = accounts->find_session(ns->token, t0 + at, limits).has_value();
        CHECK(alive == c.alive);
    }

    auto ns = accounts->create_session(ana, "10.0.0.5", t0);
    REQUIRE(ns.ok());
    auto s = accounts->find_session(ns->token, t0 + 1s, limits);
    REQUIRE(s);
    CHECK(s->user == "ana");
    CHECK(s->address == "10.0.0.5");
    CHECK_FALSE(accounts->find_session(std::string(64, 'a'), t0, limits));
    CHECK_FALSE(accounts->find_session("short", t0, limits));
    accounts->end_session(ns->token);
    CHECK_FALSE(accounts->find_session(ns->token, t0 + 2s, limits));

    // A new password or disabling the user ends their sessions.
    auto a = accounts->create_session(ana, "", t0);
    REQUIRE(accounts->set_password("ana", "a new long password").ok());
    CHECK_FALSE(accounts->find_session(a->token, t0, limits));
    auto b = accounts->create_session(ana, "", t0);
    REQUIRE(accounts->set_disabled("ana", true).ok());
    CHECK_FALSE(accounts->find_session(b->token, t0, limits));
}

TEST_CASE("session tokens are stored only as hashes") {
    test::TempDir dir;
    auto accounts = open_accounts(dir);
    REQUIRE(accounts->add_user("ana", Role::Moderator, "correct horse battery", t0).ok());
    auto ns = accounts->create_session(*accounts->check_login("ana", "correct horse battery"), "", t0);
    REQUIRE(ns.ok());
    sqlite::Db db(Accounts::default_file(dir.path()).string(), sqlite::Db::Mode::ReadOnly);
    std::string stored = db.query_text("SELECT token_hash FROM sessions");
    CHECK(stored.size() == 64);
    CHECK(stored != ns->token);
}

TEST_CASE("lobbywall user: add list passwd disable remove") {
    test::TempDir dir;
    auto r = run(dir, {"add", "ana", "--role", "admin"}, "correct horse battery\n");
    CHECK(r.code == 0);
    CHECK(r.out == "added ana (admin)\n");
    r = run(dir, {"add", "ben"}, "another good password\n");
    CHECK(r.code == 0);
    r = run(dir, {"list"});
    CHECK(r.code == 0);
    CHECK(r.out.find("ana\tadmin\t") == 0);
    CHECK(r.out.find("ben\tmoderator\t") != std::string::npos);
    CHECK(run(dir, {"passwd", "ben"}, "a changed password\n").code == 0);
    CHECK(run(dir, {"disable", "ben"}).code == 0);
    CHECK(run(dir, {"list"}).out.find("ben\tmoderator\t") != std::string::npos);
    CHECK(run(dir, {"list"}).out.find("disabled") != std::string::npos);
    CHECK(run(dir, {"enable", "ben"}).code == 0);
    CHECK(run(dir, {"remove", "ben"}).code == 0);

    auto accounts = open_accounts(dir);
    CHECK(accounts->check_login("ana", "correct horse battery"));
    CHECK_FALSE(accounts->user("ben")->has_value());
}

TEST_CASE("lobbywall user: errors are one line with a clear status") {
    test::TempDir dir;
    REQUIRE(run(dir, {"add", "ana"}, "correct horse battery\n").code == 0);
    struct Case {
        std::vector<std::string> args;
        std::string input;
        int code;
        std::string error;
    };
    for (const Case& c : std::vector<Case>{
             {{}, "", 2, "usage:"},
             {{"frobnicate"}, "", 2, "unknown user command"},
             {{"add"}, "", 2, "needs a user name"},
             {{"add", "bob", "--role", "root"}, "pw pw pw pw pw\n", 2, "\"moderator\" or \"admin\""},
             {{"add", "bob", "--colour"}, "", 2, "unexpected argument"},
             {{"add", "bad name"}, "correct horse battery\n", 1, "letters, digits"},
             {{"add", "bob"}, "short\n", 1, "too short"},
             {{"add", "bob"}, "", 1, "no password"},
             {{"add", "ana"}, "correct horse battery\n", 1, "already exists"},
             {{"passwd", "nobody"}, "correct horse battery\n", 1, "no user named nobody"},
             {{"remove", "nobody"}, "", 1, "no user named nobody"},
             {{"list", "extra"}, "", 2, "no arguments"},
         }) {
        auto r = run(dir, c.args, c.input);
        INFO(r.err);
        CHECK(r.code == c.code);
        CHECK(r.err.find(c.error) != std::string::npos);
        if (c.code == 1) CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    }
}

TEST_CASE("login throttle: free failures then doubling waits per name and per address") {
    ThrottleOptions o;
    o.free_failures = 3;
    o.address_free_failures = 3;  // as strict as the account here, to see both counts
    o.base_delay = 1s;
    o.max_delay = 60s;
    LoginThrottle t(o);
    TimePoint now = t0;
    // failure n (1-based) leaves a wait of 0,0,0,1,2,4,8,16,32,60,60
    const std::chrono::seconds expected[] = {0s, 0s, 0s, 1s, 2s, 4s, 8s, 16s, 32s, 60s, 60s};
    for (auto want : expected) {
        REQUIRE(t.wait_before_attempt("ana", "10.0.0.9", now) == 0s);
        t.record_failure("ana", "10.0.0.9", now);
        CHECK(t.wait_before_attempt("ana", "10.0.0.9", now) == want);
        now += want;
    }
    // The account is throttled from any address, the address for any name.
    t.record_failure("ana", "10.0.0.9", now);
    CHECK(t.wait_before_attempt("ana", "10.9.9.9", now) == 60s);
    CHECK(t.wait_before_attempt("zoe", "10.0.0.9", now) == 60s);
    CHECK(t.wait_before_attempt("zoe", "10.9.9.9", now) == 0s);
    // A success clears the account's count, not the address's.
    t.record_success("ana", "10.0.0.9");
    CHECK(t.wait_before_attempt("ana", "10.9.9.9", now) == 0s);
    CHECK(t.wait_before_attempt("ana", "10.0.0.9", now) == 60s);
    // A long quiet spell restarts the count.
    for (int i = 0; i < 4; ++i) t.record_failure("zoe", "10.1.1.1", now);
    CHECK(t.wait_before_attempt("zoe", "10.1.1.1", now) == 1s);
    now += 61s;
    t.record_failure("zoe", "10.1.1.1", now);
    CHECK(t.wait_before_attempt("zoe", "10.1.1.1", now) == 0s);
}

TEST_CASE("login throttle: one person's typos do not lock out colleagues on the same address") {
    LoginThrottle t;  // the defaults: 5 free per account, 60 per address
    TimePoint now = t0;
    struct Step {
        const char* name;
        int failures;
        bool name_waits;       // after these failures
        bool colleague_waits;  // "ben" from the same address
    };
    const Step steps[] = {
        {"ana", 5, false, false},
        {"ana", 1, true, false},    // the sixth failure: ana waits, ben does not
        {"cy", 6, true, false},
        {"dee", 47, true, false},   // 59 failures from the address so far
        {"eve", 2, false, true},    // the 61st: one client trying many names is stopped
    };
    for (const Step& s : steps) {
        INFO(s.name);
        for (int i = 0; i < s.failures; ++i) {
            now += 1s;
            t.record_failure(s.name, "10.0.0.1", now);
        }
        CHECK((t.wait_before_attempt(s.name, "10.9.9.9", now) > 0s) == s.name_waits);
        CHECK((t.wait_before_attempt("ben", "10.0.0.1", now) > 0s) == s.colleague_waits);
    }
}

TEST_CASE("login throttle: memory stays bounded under a flood of addresses") {
    ThrottleOptions o;
    o.max_entries = 100;
    LoginThrottle t(o);
    for (int i = 0; i < 1000; ++i)
        t.record_failure("user" + std::to_string(i), "10.0." + std::to_string(i), t0);
    // No way to read the size from outside; the newest entries must still count.
    for (int i = 0; i < 5; ++i) t.record_failure("user999", "10.0.999", t0);
    CHECK(t.wait_before_attempt("user999", "x", t0) > 0s);
}
