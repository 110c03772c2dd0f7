// Fills a store for the start-up benchmark: N approved posts (default 2,000),
// M of them (default 300) with a cached image, as a busy wall would have.
// Usage: fill_store DIR [posts] [images]   -> DIR/state/lobbywall.db, DIR/cache/media
#include "store/media_cache.h"
#include "store/store.h"

#include <stb/stb_image_write.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

int main(int argc, char** argv) {
    using namespace std::chrono;
    if (argc < 2) {
        std::fprintf(stderr, "usage: fill_store DIR [posts] [images]\n");
        return 2;
    }
    const std::filesystem::path dir = argv[1];
    const int posts = argc > 2 ? std::atoi(argv[2]) : 2000;
    const int images = argc > 3 ? std::atoi(argv[3]) : 300;
    std::filesystem::create_directories(dir / "state");
    std::filesystem::create_directories(dir / "cache" / "media");
    lw::StoreOptions options;
    options.path = (dir / "state" / "lobbywall.db").string();
    options.media_dir = (dir / "cache" / "media").string();
    auto store = lw::Store::open(options);
    if (!store) {
        std::fprintf(stderr, "%s\n", store.error.c_str());
        return 1;
    }
    auto media = lw::MediaCache::open(**store, lw::MediaCacheOptions{options.media_dir});
    if (!media) return 1;
    const lw::TimePoint now = time_point_cast<seconds>(system_clock::now());
    std::vector<lw::Post> batch;
    std::vector<lw::Decision> decisions;
    for (int i = 0; i < posts; ++i) {
        lw::Post p;
        p.id = "https://mastodon.example/statuses/" + std::to_string(i);
        p.source_id = "bench";
        p.source_kind = lw::SourceKind::MastodonHashtag;
        p.author = "Visitor " + std::to_string(i);
        p.handle = "@visitor" + std::to_string(i) + "@mastodon.example";
        p.text = "Thank you to the team on ward " + std::to_string(i % 12) +
                 " for the kindness, the tea and the patience. Post number " + std::to_string(i) + ".";
        p.created = now - minutes(i * 5);
        if (i < images) {
            lw::Media m;
            m.url = "https://files.mastodon.example/" + std::to_string(i) + ".png";
            m.alt = "Picture " + std::to_string(i);
            p.media.push_back(m);
        }
        batch.push_back(p);
        decisions.push_back({p.id, lw::ModerationState::Approved, {"bench"}, {"bench", ""}, now});
    }
    if (!(*store)->upsert_posts(batch, now) || !(*store)->record_decisions(decisions)) return 1;
    for (int i = 0; i < images; ++i) {
        const int w = 960, h = 600;
        std::vector<unsigned char> rgb(static_cast<size_t>(w) * h * 3);
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x) {
                unsigned char* px = &rgb[(static_cast<size_t>(y) * w + x) * 3];
                px[0] = static_cast<unsigned char>(x * 255 / w);
                px[1] = static_cast<unsigned char>(y * 255 / h);
                px[2] = static_cast<unsigned char>((i * 37) % 255);
            }
        std::string png;
        stbi_write_png_to_func([](void* c, void* d, int n) { static_cast<std::string*>(c)->append(static_cast<char*>(d), n); },
                               &png, w, h, 3, rgb.data(), w * 3);
        if (!(*media)->store(batch[static_cast<size_t>(i)].media[0].url, png, "", now)) return 1;
    }
    std::printf("filled %s: %d posts, %d cached images\n", options.path.c_str(), posts, images);
    return 0;
}
