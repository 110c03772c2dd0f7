// A helper for the crash-safety test: records acknowledged decisions until it
// is killed. For each post it stores the post, records an approval, and only
// after record_decision() has returned prints the post id on stdout, flushed.
// Every id printed is a promise the test then checks after SIGKILL.
//
// usage: store_crash_writer DATABASE ID_PREFIX
#include "store/store.h"

#include <chrono>
#include <cstdio>
#include <string>

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: store_crash_writer DATABASE ID_PREFIX\n");
        return 2;
    }
    lw::StoreOptions options;
    options.path = argv[1];
    auto store = lw::Store::open(options);
    if (!store) {
        std::fprintf(stderr, "store_crash_writer: %s\n", store.error.c_str());
        return 3;
    }
    const std::string prefix = argv[2];
    const auto now = std::chrono::time_point_cast<std::chrono::seconds>(
        std::chrono::system_clock::now());
    // Bounded, so a test that forgets to kill us still ends.
    for (int i = 0; i < 100000; ++i) {
        lw::Post post;
        post.id = prefix + std::to_string(i);
        post.source_id = "crash";
        post.text = "crash test post " + post.id;
        post.created = now;
        post.tags = {"crash"};
        auto stored = (*store)->upsert_posts({post}, now);
        if (!stored) {
            std::fprintf(stderr, "store_crash_writer: %s\n", stored.error.c_str());
            return 4;
        }
        lw::Decision d{post.id, lw::ModerationState::Approved, {"crash test"},
                       {"crash-test", "127.0.0.1"}, now};
        if (auto s = (*store)->record_decision(d); !s) {
            std::fprintf(stderr, "store_crash_writer: %s\n", s.error.c_str());
            return 5;
        }
        std::fputs((post.id + "\n").c_str(), stdout);
        std::fflush(stdout);
    }
    return 0;
}
