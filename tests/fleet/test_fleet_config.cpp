// The [fleet] section: roles, the hub's address, the enrolment key, limits;
// each problem with its line.
#include "core/config.h"

#include <catch2/catch.hpp>

using namespace lw;

TEST_CASE("[fleet] settings and their problems") {
    struct Case {
        const char* name;
        const char* toml;
        const char* problem;  // empty: valid
    };
    const Case cases[] = {
        {"no section: standalone", "", ""},
        {"a hub", "[fleet]\nrole = \"hub\"\nhub_name = \"St Vincent's\"\nenrolment_key = \"0123456789abcdef0\"\n", ""},
        {"a screen", "[fleet]\nrole = \"screen\"\nhub_url = \"https://hub.example.org\"\npoll_seconds = 5\n", ""},
        {"a screen on loopback", "[fleet]\nrole = \"screen\"\nhub_url = \"http://127.0.0.1:8080\"\n", ""},
        {"an unknown role", "[fleet]\nrole = \"mirror\"\n", "must be one of"},
        {"a screen without a hub", "[fleet]\nrole = \"screen\"\n", "needs hub_url"},
        {"a screen over plain http", "[fleet]\nrole = \"screen\"\nhub_url = \"http://hub.example.org\"\n", "https://"},
        {"a short enrolment key", "[fleet]\nrole = \"hub\"\nenrolment_key = \"short\"\n", "at least 16"},
        {"polling too fast", "[fleet]\npoll_seconds = 0\n", "between 1 and 300"},
        {"no grace at all", "[fleet]\noffline_grace_minutes = 0\n", "between 1 and"},
        {"a typo", "[fleet]\nrol = \"hub\"\n", "unknown key 'fleet.rol'"},
        {"a source for some groups", "[[source]]\nname = \"n\"\nkind = \"web_feed\"\nurl = \"https://e.org/f\"\ngroups = [\"maternity\"]\n", ""},
        {"groups not a list", "[[source]]\nname = \"n\"\nkind = \"web_feed\"\nurl = \"https://e.org/f\"\ngroups = \"maternity\"\n", "list of strings"},
    };
    for (const Case& c : cases) {
        INFO(c.name);
        ConfigResult r = parse_config(c.toml);
        if (std::string(c.problem).empty()) {
            for (const auto& p : r.problems) INFO(p.line << ": " << p.message);
            CHECK(r.ok());
        } else {
            REQUIRE_FALSE(r.ok());
            CHECK_THAT(r.problems[0].message, Catch::Contains(c.problem));
            CHECK(r.problems[0].line >= 1);
        }
    }
    ConfigResult screen = parse_config("[fleet]\nrole = \"screen\"\nhub_url = \"https://hub.example.org\"\n");
    CHECK(screen.config.fleet.role == "screen");
    CHECK(screen.config.fleet.offline_grace_minutes == 60);
    CHECK(screen.config.fleet.poll_seconds == 1);
    CHECK(parse_config("").config.fleet.role == "standalone");
}
