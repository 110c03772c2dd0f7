// Tests for the staff console over real HTTP on 127.0.0.1 (port 0) with a
// real store and accounts file in a temporary folder: sessions and cookies,
// CSRF, throttling, every kind of state change and its audit entry, the
// media route's refusal of other files, and JSON errors.
#include "console_fixture.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>

using namespace lw;
using namespace lw::test;
using namespace std::chrono_literals;

TEST_CASE("console: no session means 401 everywhere but the page and login") {
    ConsoleFixture f;
    for (const char* path : {"/api/posts", "/api/status", "/api/audit", "/api/kill-switch",
                             "/api/screen.png", "/api/sources", "/api/session"}) {
        auto res = f.client().Get(path);
        REQUIRE(res);
        INFO(path);
        CHECK(res->status == 401);
        CHECK(res->body.find("\"error\"") != std::string::npos);
        CHECK(res->body.find('\n') == std::string::npos);
    }
    auto res = f.client().Post("/api/kill-switch", R"({"on":true})", "application/json");
    REQUIRE(res);
    CHECK(res->status == 401);
    CHECK_FALSE(*f.store().kill_switch());
    // A forged cookie is no session either.
    res = f.client().Get("/api/posts", {{"Cookie", "lw_session=" + std::string(64, 'a')}});
    CHECK(res->status == 401);

    auto page = f.client().Get("/");
    REQUIRE(page);
    CHECK(page->status == 200);
    CHECK(page->body.find("<title>lobbywall console</title>") != std::string::npos);
    CHECK(page->get_header_value("Content-Security-Policy").find("default-src 'none'") == 0);
    CHECK(page->get_header_value("X-Frame-Options") == "DENY");
    CHECK(f.client().Get("/console.js")->status == 200);
    CHECK(f.client().Get("/../CMakeLists.txt")->status == 404);
    CHECK(f.client().Get("/assets/console/index.html")->status == 404);
}

TEST_CASE("console: login sets a strict session cookie but wrong passwords do not") {
    ConsoleFixture f;
    auto bad = f.client().Post("/api/login", R"({"name":"ana","password":"not her password"})",
                               "application/json");
    REQUIRE(bad);
    CHECK(bad->status == 401);
    CHECK_FALSE(bad->has_header("Set-Cookie"));
    auto unknown = f.client().Post("/api/login", R"({"name":"zed","password":"not her password"})",
                                   "application/json");
    CHECK(unknown->status == 401);
    CHECK(unknown->body == bad->body);  // nothing tells which names exist

    auto res = f.client().Post("/api/login", ConsoleFixture::login_body(), "application/json");
    REQUIRE(res);
    REQUIRE(res->status == 200);
    std::string cookie = res->get_header_value("Set-Cookie");
    CHECK(cookie.find("lw_session=") == 0);
    CHECK(cookie.find("; HttpOnly") != std::string::npos);
    CHECK(cookie.find("; SameSite=Strict") != std::string::npos);
    CHECK(cookie.find("; Path=/") != std::string::npos);
    CHECK(cookie.find("Secure") == std::string::npos);  // plain HTTP here; see the TLS test
    CHECK(res->body.find("\"csrf\":\"") != std::string::npos);

    auto audit = f.store().query_audit({.actor = std::nullopt, .action = "login"});
    REQUIRE(audit->size() == 1);
    CHECK(audit->front().address == "127.0.0.1");
    auto failed = f.store().query_audit({.actor = std::nullopt, .action = "login.failed"});
    REQUIRE(failed->size() == 2);
    // Newest first: the unknown name is not kept, only a hash; the known one is.
    CHECK(failed->at(0).actor == "unknown account");
    CHECK(failed->at(0).target == "unknown account");
    CHECK(failed->at(0).details.find("zed") == std::string::npos);
    CHECK(failed->at(0).details.find("hash") != std::string::npos);
    CHECK(failed->at(1).actor == "ana");
    // A password typed into the name box is never stored.
    const std::string secret = "MySecretPassw0rd!";
    f.client().Post("/api/login", R"({"name":")" + secret + R"(","password":"x"})", "application/json");
    auto again = f.store().query_audit({.actor = std::nullopt, .action = "login.failed"});
    REQUIRE(again->size() == 3);
    for (const auto& e : *again) {
        CHECK(e.actor.find(secret) == std::string::npos);
        CHECK(e.target.find(secret) == std::string::npos);
        CHECK(e.details.find(secret) == std::string::npos);
    }
}

TEST_CASE("console: failed logins are throttled per account, not for colleagues") {
    ConsoleOptions o = ConsoleFixture::default_options();
    o.throttle.free_failures = 3;
    o.throttle.base_delay = 60s;
    ConsoleFixture f(o);
    const std::string wrong = R"({"name":"ana","password":"guess guess guess"})";
    for (int i = 0; i < 4; ++i) CHECK(f.client().Post("/api/login", wrong, "application/json")->status == 401);
    // Locked now: even the right password is not looked at.
    auto locked = f.client().Post("/api/login", ConsoleFixture::login_body(), "application/json");
    REQUIRE(locked);
    CHECK(locked->status == 429);
    CHECK(locked->get_header_value("Retry-After") == "60");
    CHECK(locked->body.find("try again in 1 minute") != std::string::npos);
    // A colleague at the same PC logs in as usual.
    CHECK(f.client().Post("/api/login", R"({"name":"max","password":"moderator's own password"})",
                          "application/json")->status == 200);
    f.clock().advance(61s);
    CHECK(f.client().Post("/api/login", ConsoleFixture::login_body(), "application/json")->status == 200);
}

TEST_CASE("console: state changes need the CSRF token and a same-origin request") {
    ConsoleFixture f;
    f.seed_pending("p1", "Lovely garden", 100s);
    auto s = f.login();
    const std::string body = R"({"ids":["p1"],"state":"approved"})";
    struct Case { const char* what; httplib::Headers headers; int status; };
    for (const Case& c : {
             Case{"no token", {{"Cookie", s.cookie}}, 403},
             Case{"wrong token", {{"Cookie", s.cookie}, {"X-CSRF-Token", std::string(64, '0')}}, 403},
             Case{"short token", {{"Cookie", s.cookie}, {"X-CSRF-Token", "abc"}}, 403},
             Case{"other origin", {{"Cookie", s.cookie}, {"X-CSRF-Token", s.csrf},
                                   {"Origin", "https://evil.example"}}, 403},
         }) {
        INFO(c.what);
        auto res = f.client().Post("/api/posts/decide", c.headers, body, "application/json");
        REQUIRE(res);
        CHECK(res->status == c.status);
    }
    CHECK((*f.store().get_post("p1"))->state == ModerationState::Pending);
    CHECK(f.changes() == 0);
    // Login from another site's page is refused too; from our own page it works.
    auto foreign = f.client().Post("/api/login", {{"Origin", "https://evil.example"}},
                                   ConsoleFixture::login_body(), "application/json");
    CHECK(foreign->status == 403);
    const std::string own = "http://127.0.0.1:" + std::to_string(f.server().port());
    auto same = f.client().Post("/api/login", {{"Origin", own}}, ConsoleFixture::login_body(),
                                "application/json");
    CHECK(same->status == 200);
    auto res = f.post(s, "/api/posts/decide", body);
    CHECK(res->status == 200);
}

TEST_CASE("console: approve records who when and from where and reaches the wall") {
    ConsoleFixture f;
    f.seed_pending("p1", "Thank you to the night team", 300s);
    f.seed_pending("p2", "Call me on 07700 900123", 100s);
    auto s = f.login();

    auto list = f.get(s, "/api/posts?state=pending");
    REQUIRE(list->status == 200);
    // Newest first; the phone number comes back flagged for the highlight.
    CHECK(list->body.find("\"id\":\"p2\"") < list->body.find("\"id\":\"p1\""));
    // ...with the reason as a sentence the page shows next to it.
    CHECK(list->body.find(
              R"({"flag":"phone number","text":"07700 900123","why":"looks like a person's phone number"})") !=
          std::string::npos);

    auto res = f.post(s, "/api/posts/decide", R"({"id":"p1","state":"approved"})");
    REQUIRE(res->status == 200);
    auto p1 = *f.store().get_post("p1");
    CHECK(p1->state == ModerationState::Approved);
    CHECK(p1->decided_by == "ana");
    CHECK(p1->reasons.front() == "staff: approved");
    auto audit = f.store().query_audit({.actor = "ana", .action = "decision", .target = "p1"});
    REQUIRE(audit->size() == 1);
    CHECK(audit->front().address == "127.0.0.1");
    CHECK(audit->front().at == f.clock().now());
    CHECK(f.changes() == 1);
    auto wall = f.store().build_wall_content(f.clock().now(), 24h);
    REQUIRE(wall->posts.size() == 1);
    CHECK(wall->posts[0].id == "p1");

    // Undo: back to the queue, audited as an undo.
    REQUIRE(f.post(s, "/api/posts/decide", R"({"ids":["p1"],"state":"pending"})")->status == 200);
    p1 = *f.store().get_post("p1");
    CHECK(p1->state == ModerationState::Pending);
    CHECK(p1->reasons.front() == "staff: undo approved");
    CHECK(f.store().build_wall_content(f.clock().now(), 24h)->posts.empty());

    // Bulk: both at once, one transaction.
    REQUIRE(f.post(s, "/api/posts/decide", R"({"ids":["p1","p2"],"state":"rejected"})")->status == 200);
    CHECK(f.store().list_posts(ModerationState::Rejected)->size() == 2);
    CHECK(f.post(s, "/api/posts/decide", R"({"ids":["p1","nope"],"state":"approved"})")->status == 404);
    CHECK((*f.store().get_post("p1"))->state == ModerationState::Rejected);
}

TEST_CASE("console: pin block author announcements prompts all audited") {
    ConsoleFixture f;
    f.seed_pending("p1", "Great care here", 300s, "@Fan@example.social");
    f.seed_pending("p2", "Spam spam", 200s, "troll@example.social");
    f.seed_pending("p3", "More spam", 100s, "troll@example.social");
    auto s = f.login();

    CHECK(f.post(s, "/api/posts/pin", R"({"id":"p1","pinned":true})")->status == 409);
    REQUIRE(f.post(s, "/api/posts/decide", R"({"id":"p1","state":"approved"})")->status == 200);
    REQUIRE(f.post(s, "/api/posts/pin", R"({"id":"p1","pinned":true})")->status == 200);
    CHECK((*f.store().get_post("p1"))->pinned);
    REQUIRE(f.post(s, "/api/posts/pin", R"({"id":"p1","pinned":false})")->status == 200);
    CHECK_FALSE((*f.store().get_post("p1"))->pinned);

    auto block = f.post(s, "/api/blocked-authors", R"({"handle":"@Troll@Example.social"})");
    REQUIRE(block->status == 200);
    CHECK(block->body.find("\"rejected\":2") != std::string::npos);
    CHECK(*f.store().setting("blocked_authors") == std::optional<std::string>(R"(["troll@example.social"])"));
    CHECK((*f.store().get_post("p3"))->state == ModerationState::Rejected);
    CHECK(f.get(s, "/api/blocked-authors")->body == R"({"authors":["troll@example.social"],"feed_authors":[]})");

    auto ann = f.post(s, "/api/announcements",
                      R"({"id":"flu","title":"Flu clinic","body":"Ward 3, 9-12","starts":"2026-01-01T00:00:00Z"})");
    REQUIRE(ann->status == 200);
    CHECK(f.store().announcements()->size() == 1);
    CHECK(f.post(s, "/api/announcements", R"({"title":"x","starts":"2026-02-01T00:00:00Z","ends":"2026-01-01T00:00:00Z"})")->status == 400);
    CHECK(f.post(s, "/api/announcements", R"({"title":"x","starts":"yesterday"})")->status == 400);
    REQUIRE(f.post(s, "/api/announcements/delete", R"({"id":"flu"})")->status == 200);
    CHECK(f.post(s, "/api/announcements/delete", R"({"id":"flu"})")->status == 404);

    REQUIRE(f.post(s, "/api/prompts", R"({"id":"knee","text":"Share your story","hashtag":"#StVKnee","url":"https://example.org/share"})")->status == 200);
    CHECK(f.store().prompts()->front().hashtag == "StVKnee");
    CHECK(f.post(s, "/api/prompts", R"({"text":"x","hashtag":"two words"})")->status == 400);
    CHECK(f.post(s, "/api/prompts", R"j({"text":"x","hashtag":"ok","url":"javascript:alert(1)"})j")->status == 400);
    REQUIRE(f.post(s, "/api/prompts/delete", R"({"id":"knee"})")->status == 200);

    struct Want { const char* action; const char* target; };
    for (auto w : {Want{"pin", "p1"}, Want{"unpin", "p1"}, Want{"setting", "blocked_authors"},
                   Want{"announcement.put", "flu"}, Want{"announcement.delete", "flu"},
                   Want{"prompt.put", "knee"}, Want{"prompt.delete", "knee"}}) {
        INFO(w.action);
        auto e = f.store().query_audit({.actor = "ana", .action = w.action, .target = w.target});
        REQUIRE(e->size() == 1);
        CHECK(e->front().address == "127.0.0.1");
    }
    // The audit route filters the same way.
    auto audit = f.get(s, "/api/audit?action=pin&limit=10");
    REQUIRE(audit->status == 200);
    CHECK(audit->body.find("\"action\":\"pin\"") != std::string::npos);
    CHECK(audit->body.find("\"action\":\"unpin\"") == std::string::npos);
    CHECK(f.get(s, "/api/audit?since=soon")->status == 400);
}

TEST_CASE("console: the kill switch persists across a store reopen") {
    ConsoleFixture f;
    auto s = f.login();
    auto res = f.post(s, "/api/kill-switch", R"({"on":true})");
    REQUIRE(res->status == 200);
    CHECK(f.changes() == 1);
    CHECK(f.get(s, "/api/kill-switch")->body == R"({"on":true})");
    f.reopen_store();
    CHECK(*f.store().kill_switch());
    auto e = f.store().query_audit({.actor = "ana", .action = "kill_switch"});
    REQUIRE(e->size() == 1);
    CHECK(e->front().address == "127.0.0.1");
    CHECK(f.store().build_wall_content(f.clock().now(), 24h)->kill_switch);
}

TEST_CASE("console: the media route serves cache files only") {
    ConsoleFixture f;
    const std::string name = std::string(64, 'a') + ".jpg";
    { std::ofstream(f.media_dir() / name, std::ios::binary) << "JPEGBYTES"; }
    { std::ofstream(f.media_dir() / "notes.txt") << "secret"; }
    auto s = f.login();
    auto ok = f.get(s, "/api/media/" + name);
    REQUIRE(ok->status == 200);
    CHECK(ok->body == "JPEGBYTES");
    CHECK(ok->get_header_value("Content-Type") == "image/jpeg");
    for (const std::string& path : {
             std::string("/api/media/notes.txt"),
             std::string("/api/media/../../../../etc/passwd"),
             std::string("/api/media/..%2f..%2f..%2f..%2fetc%2fpasswd"),
             std::string("/api/media/%2e%2e/%2e%2e/etc/passwd"),
             "/api/media/" + name + "/../notes.txt",
             "/api/media/" + std::string(64, 'A') + ".jpg",
             std::string("/api/media/"),
             "/api/media/..%2F" + name,
         }) {
        INFO(path);
        auto res = f.get(s, path);
        REQUIRE(res);
        CHECK(res->status == 404);
        CHECK(res->body.find("root:") == std::string::npos);
        CHECK(res->body.find("secret") == std::string::npos);
    }
    CHECK(f.client().Get("/api/media/" + name)->status == 401);  // no session, no media
}

TEST_CASE("console: bad bodies get 400 with one line saying why") {
    ConsoleFixture f;
    f.seed_pending("p1", "Hello", 10s);
    auto s = f.login();
    struct Case { const char* path; const char* body; const char* error; };
    for (auto c : {
             Case{"/api/posts/decide", "", "needs a JSON body"},
             Case{"/api/posts/decide", "{", "not valid JSON"},
             Case{"/api/posts/decide", "[1,2]", "must be a JSON object"},
             Case{"/api/posts/decide", R"({"ids":"p1","state":"approved"})", "must be an array of strings"},
             Case{"/api/posts/decide", R"({"ids":["p1"]})", "is missing"},
             Case{"/api/posts/decide", R"({"ids":["p1"],"state":"maybe"})", "pending, approved or rejected"},
             Case{"/api/posts/pin", R"({"id":"p1","pinned":"yes"})", "true or false"},
             Case{"/api/kill-switch", R"({"on":1})", "true or false"},
             Case{"/api/login", "{\"name\":", "not valid JSON"},
             Case{"/api/announcements", R"({"id":"../x","title":"t"})", "may hold only letters"},
         }) {
        INFO(c.path << " " << c.body);
        auto res = f.post(s, c.path, c.body);
        REQUIRE(res);
        CHECK(res->status == 400);
        CHECK(res->body.find(c.error) != std::string::npos);
        CHECK(res->body.find('\n') == std::string::npos);
        CHECK(res->get_header_value("Content-Type") == "application/json");
    }
    CHECK(f.get(s, "/api/posts?state=everything")->status == 400);
    CHECK(f.get(s, "/api/posts?limit=lots")->status == 400);
    CHECK(f.get(s, "/api/nothing-here")->status == 404);
    // Bodies over the limit are refused before they are read.
    auto big = f.post(s, "/api/announcements", std::string(400 * 1024, ' '));
    REQUIRE(big);
    CHECK(big->status == 413);
}

TEST_CASE("console: sessions end on logout and when idle") {
    ConsoleFixture f;
    auto s = f.login();
    CHECK(f.get(s, "/api/session")->status == 200);
    f.clock().advance(31min);
    CHECK(f.get(s, "/api/session")->status == 401);

    // The page's own polling does not keep an unattended session alive.
    s = f.login();
    const httplib::Headers poll = {{"Cookie", s.cookie}, {"X-Background", "1"}};
    for (int minute = 0; minute < 29; ++minute) {
        f.clock().advance(1min);
        REQUIRE(f.client().Get("/api/status", poll)->status == 200);
    }
    f.clock().advance(1min);
    CHECK(f.client().Get("/api/status", poll)->status == 401);
    // A person's request does.
    s = f.login();
    f.clock().advance(29min);
    CHECK(f.get(s, "/api/posts")->status == 200);
    f.clock().advance(29min);
    CHECK(f.get(s, "/api/session")->status == 200);

    s = f.login();
    auto out = f.post(s, "/api/logout", "{}");
    REQUIRE(out->status == 200);
    CHECK(out->get_header_value("Set-Cookie").find("lw_session=;") == 0);
    CHECK(out->get_header_value("Set-Cookie").find("Max-Age=0") != std::string::npos);
    CHECK(f.get(s, "/api/session")->status == 401);
}

TEST_CASE("console: status sources and the screenshot hook") {
    ConsoleFixture f;
    f.seed_pending("p1", "Hello", 10s);
    SourceState st;
    st.source_id = "tag-stv";
    st.kind = "mastodon_hashtag";
    st.last_attempt = f.clock().now();
    st.last_error = "HTTP 503 from mastodon.example";
    st.consecutive_failures = 3;
    REQUIRE(f.store().save_source_state(st).ok());
    auto s = f.login();

    auto status = f.get(s, "/api/status");
    REQUIRE(status->status == 200);
    CHECK(status->body.find("\"pending\":1") != std::string::npos);
    CHECK(status->body.find("\"newest_pending\":\"p1\"") != std::string::npos);
    auto v1 = status->body;
    f.server().notify_changed();
    CHECK(f.get(s, "/api/status")->body != v1);

    auto sources = f.get(s, "/api/sources");
    CHECK(sources->body.find("\"last_error\":\"HTTP 503 from mastodon.example\"") != std::string::npos);
    CHECK(sources->body.find("\"healthy\":false") != std::string::npos);

    CHECK(f.get(s, "/api/screen.png")->status == 503);
    f.set_screenshot(std::string("\x89PNG\r\n\x1a\nfake", 12));
    auto png = f.get(s, "/api/screen.png");
    REQUIRE(png->status == 200);
    CHECK(png->get_header_value("Content-Type") == "image/png");
    CHECK(png->body.substr(1, 3) == "PNG");
}

TEST_CASE("console: under TLS the cookie is Secure and plain HTTP gets nothing") {
    TempDir certs;
    const std::string cert = certs.file("cert.pem");
    const std::string key = certs.file("key.pem");
    const std::string cmd = "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 -keyout " +
                            key + " -out " + cert + " >/dev/null 2>&1";
    REQUIRE(std::system(cmd.c_str()) == 0);

    ConsoleOptions o = ConsoleFixture::default_options();
    o.tls_cert = cert;
    o.tls_key = key;
    ConsoleFixture f(o);
    CHECK(f.server().tls());
    httplib::SSLClient tls("127.0.0.1", f.server().port());
    tls.enable_server_certificate_verification(false);
    tls.set_connection_timeout(5, 0);
    tls.set_read_timeout(10, 0);
    auto res = tls.Post("/api/login", ConsoleFixture::login_body(), "application/json");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->get_header_value("Set-Cookie").find("; Secure") != std::string::npos);
    CHECK(res->get_header_value("Strict-Transport-Security").find("max-age=") == 0);
    // The plain client speaks HTTP to a TLS port: no answer.
    auto plain = f.client().Get("/api/session");
    CHECK((!plain || plain->status != 200));

    // A missing key file is one sentence at start.
    ConsoleOptions bad = ConsoleFixture::default_options();
    bad.tls_cert = cert;
    bad.tls_key = certs.file("missing.pem");
    auto accounts = Accounts::open(Accounts::default_file(certs.path()));
    REQUIRE(accounts.ok());
    ConsoleServer other(f.store(), **accounts, f.clock(), nullptr, {});
    Status s = other.start(bad);
    CHECK_FALSE(s.ok());
    CHECK(s.error.find("missing.pem") != std::string::npos);
}

TEST_CASE("console: start refuses bad listen addresses and a missing page") {
    ConsoleFixture f;
    TempDir elsewhere;
    auto accounts = Accounts::open(Accounts::default_file(elsewhere.path()));
    REQUIRE(accounts.ok());
    struct Case { const char* listen; const char* assets; const char* error; };
    for (auto c : {Case{"localhost", nullptr, "not HOST:PORT"},
                   Case{"127.0.0.1:99999", nullptr, "not HOST:PORT"},
                   Case{"127.0.0.1:http", nullptr, "not HOST:PORT"},
                   Case{"192.0.2.1:0", nullptr, "cannot listen"},
                   Case{"127.0.0.1:0", "/nonexistent", "no index.html"}}) {
        INFO(c.listen);
        ConsoleOptions o = ConsoleFixture::default_options();
        o.listen = c.listen;
        if (c.assets) o.assets_dir = c.assets;
        ConsoleServer s(f.store(), **accounts, f.clock(), nullptr, {});
        Status st = s.start(o);
        CHECK_FALSE(st.ok());
        CHECK(st.error.find(c.error) != std::string::npos);
    }
    // The port of a running console is in use: a second one says so.
    ConsoleOptions o = ConsoleFixture::default_options();
    o.listen = "127.0.0.1:" + std::to_string(f.server().port());
    ConsoleServer s(f.store(), **accounts, f.clock(), nullptr, {});
    CHECK(s.start(o).error.find("cannot listen") != std::string::npos);
}
