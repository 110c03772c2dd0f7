// Tests for the console's own-password change (POST /api/account/password):
// the current password is checked, the new one must pass the rules, every
// session of the account ends, the new password logs in and the old does not.
#include "console_fixture.h"

using namespace lw;
using namespace lw::test;

TEST_CASE("console: staff change their own password") {
    struct Case {
        const char* what;
        const char* body;
        int status;
        const char* error;  // part of the message; empty when it worked
    };
    const Case cases[] = {
        {"wrong current password", R"({"current":"not it","new":"a brand new passphrase"})", 403,
         "the current password is wrong"},
        {"a new password the rules refuse", R"({"current":"moderator's own password","new":"short"})", 400,
         "password"},
        {"no new password", R"({"current":"moderator's own password"})", 400, "new"},
        {"it works", R"({"current":"moderator's own password","new":"a brand new passphrase"})", 200, ""},
    };
    ConsoleFixture f;
    for (const Case& c : cases) {
        INFO(c.what);
        const LoggedIn max = f.login(R"({"name":"max","password":"moderator's own password"})");
        auto res = f.post(max, "/api/account/password", c.body);
        REQUIRE(res);
        INFO(res->body);
        CHECK(res->status == c.status);
        if (*c.error) CHECK(res->body.find(c.error) != std::string::npos);
        if (c.status != 200) {
            // Nothing changed: the session still works.
            CHECK(f.get(max, "/api/session")->status == 200);
            continue;
        }
        CHECK(res->body.find("\"relogin\":true") != std::string::npos);
        CHECK(res->get_header_value("Set-Cookie").find("Max-Age=0") != std::string::npos);
        // Every session of the account ended, this one too.
        CHECK(f.get(max, "/api/session")->status == 401);
        auto old_login = f.client().Post("/api/login", R"({"name":"max","password":"moderator's own password"})",
                                         "application/json");
        CHECK(old_login->status == 401);
        const LoggedIn again = f.login(R"({"name":"max","password":"a brand new passphrase"})");
        CHECK(f.get(again, "/api/session")->status == 200);
    }
    // The admin's password did not change; the audit log has the change.
    const LoggedIn ana = f.login();
    auto audit = f.get(ana, "/api/audit");
    REQUIRE(audit);
    CHECK(audit->body.find("password.changed") != std::string::npos);
    CHECK(audit->body.find("password.failed") != std::string::npos);
}

TEST_CASE("console: the password change needs the CSRF token like every change") {
    ConsoleFixture f;
    const LoggedIn ana = f.login();
    auto res = f.client().Post("/api/account/password", {{"Cookie", ana.cookie}},
                               R"({"current":"correct horse battery","new":"a brand new passphrase"})",
                               "application/json");
    REQUIRE(res);
    CHECK(res->status == 403);
    CHECK(f.get(ana, "/api/session")->status == 200);
}
