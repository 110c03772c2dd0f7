// Crash safety: a writer process records acknowledged decisions and is killed
// with SIGKILL at random moments, 60 times, on the same database. Afterwards
// the database must pass PRAGMA integrity_check and hold every decision the
// writer acknowledged (printed after record_decision returned). Bounded: each
// writer lives for at most 8 decisions and 30 ms more, so the test takes a
// few seconds; every wait has a time limit.
//
// SIGKILL tests SQLite's atomic commit and our "acknowledge after commit"
// order; a power cut additionally needs the fsync that synchronous=FULL
// gives, which no test on a running kernel can show (docs/store.md).
#include "store/store.h"
#include "temp_dir.h"

#include <catch2/catch.hpp>

#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <random>
#include <set>
#include <string>
#include <thread>

extern char** environ;

using namespace lw;

namespace {

struct Round {
    std::vector<std::string> acknowledged;
    bool killed = false;     // ended by our SIGKILL (not by exiting on its own)
    bool timed_out = false;  // the writer did not get as far as planned in time
    int exit_code = -1;
};

// When to kill: `after_acks` acknowledgements, then `delay` (so the kill
// lands somewhere inside a later decision), or, with after_acks == 0, `delay`
// after the start (so it lands while the database is opened or migrated).
// Counting acknowledgements rather than time keeps the test independent of
// how fast the machine is.
struct KillPlan {
    int after_acks = 0;
    std::chrono::microseconds delay{0};
};

int count_lines(const std::string& s) {
    return static_cast<int>(std::count(s.begin(), s.end(), '\n'));
}

// Starts the writer, reads its acknowledgements until the plan says kill,
// kills it and collects every complete line it wrote before dying.
Round run_writer_once(const std::string& db_path, const std::string& prefix, KillPlan plan) {
    Round round;
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    posix_spawn_file_actions_addclose(&actions, fds[1]);
    std::string program = STORE_CRASH_WRITER;
    char* argv[] = {program.data(), const_cast<char*>(db_path.c_str()),
                    const_cast<char*>(prefix.c_str()), nullptr};
    pid_t pid = -1;
    int rc = posix_spawn(&pid, program.c_str(), &actions, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    REQUIRE(rc == 0);

    std::string buffer;
    char chunk[4096];
    // A bound on every wait, so a stuck writer fails the test instead of hanging it.
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    bool eof = false;
    while (!eof && count_lines(buffer) < plan.after_acks) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            give_up - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            round.timed_out = true;
            break;
        }
        pollfd p{fds[0], POLLIN, 0};
        if (poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
        ssize_t n = read(fds[0], chunk, sizeof chunk);
        if (n <= 0) eof = true;
        else buffer.append(chunk, static_cast<size_t>(n));
    }
    std::this_thread::sleep_for(plan.delay);
    kill(pid, SIGKILL);
    // Lines written before the kill are still in the pipe: they count.
    for (ssize_t n; (n = read(fds[0], chunk, sizeof chunk)) > 0;)
        buffer.append(chunk, static_cast<size_t>(n));
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    round.killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
    if (WIFEXITED(status)) round.exit_code = WEXITSTATUS(status);

    size_t start = 0;
    for (size_t nl; (nl = buffer.find('\n', start)) != std::string::npos; start = nl + 1)
        round.acknowledged.push_back(buffer.substr(start, nl - start));
    return round;  // a partial last line was not acknowledged
}

}  // namespace

TEST_CASE("crash safety: acknowledged decisions survive SIGKILL at random moments",
          "[store][crash]") {
    test::TempDir dir;
    const std::string db_path = dir.file("lobbywall.db");
    const unsigned seed = std::random_device{}();
    INFO("seed " << seed);
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> acks(1, 8);
    std::uniform_int_distribution<int> delay_us(0, 5000);
    std::uniform_int_distribution<int> early_delay_us(0, 30000);

    constexpr int kRounds = 60;
    std::set<std::string> acknowledged;
    int rounds_with_acks = 0;
    for (int r = 0; r < kRounds; ++r) {
        INFO("round " << r);
        // Every sixth round is killed early: while the database is created,
        // migrated or opened.
        KillPlan plan = r % 6 == 0
            ? KillPlan{0, std::chrono::microseconds(early_delay_us(rng))}
            : KillPlan{acks(rng), std::chrono::microseconds(delay_us(rng))};
        Round round = run_writer_once(db_path, "r" + std::to_string(r) + "-", plan);
        // The writer only ever stops because we killed it.
        CHECK_FALSE(round.timed_out);
        CHECK(round.killed);
        CHECK(round.exit_code == -1);
        if (!round.acknowledged.empty()) ++rounds_with_acks;
        acknowledged.insert(round.acknowledged.begin(), round.acknowledged.end());
    }
    // The test must actually have killed writers mid-stream.
    CHECK(rounds_with_acks >= kRounds / 2);

    StoreOptions options;
    options.path = db_path;
    auto store = Store::open(options);
    REQUIRE(store.ok());
    auto integrity = (*store)->integrity_check();
    REQUIRE(integrity.ok());
    CHECK(*integrity == "ok");
    int missing = 0;
    for (const auto& id : acknowledged) {
        auto post = (*store)->get_post(id);
        REQUIRE(post.ok());
        if (!post->has_value() || (*post)->state != ModerationState::Approved) {
            UNSCOPED_INFO("lost acknowledged decision " << id);
            ++missing;
        }
    }
    CHECK(missing == 0);
    CHECK(acknowledged.size() > 0);
    // Every acknowledged decision has its audit entry too.
    auto audit = (*store)->query_audit({.action = "decision", .limit = 1000000});
    REQUIRE(audit.ok());
    std::set<std::string> audited;
    for (const auto& e : *audit) audited.insert(e.target);
    for (const auto& id : acknowledged) CHECK(audited.count(id) == 1);
}
