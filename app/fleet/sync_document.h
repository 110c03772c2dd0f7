// The sync document: a group's approved wall as the hub serves it to its
// screens (GET /api/sync/v1/wall), one JSON object with a schema number and
// a version. Posts, pinned ids, announcements, prompts and the kill switch,
// with every picture named by the BLAKE2b-256 of its bytes so that a screen
// fetches it once (GET /api/sync/v1/media/<hash>) and checks it on arrival.
//
// Pure: bytes in, values out, used by the hub (writing) and the screen
// (reading). No I/O, no threads. docs/fleet.md describes the format.
#pragma once

#include "core/snapshot.h"
#include "store/result.h"

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace lw::fleet {

inline constexpr int kSchema = 1;
// A document larger than this is refused by a screen (a hub's wall of 300
// posts with long texts is about 400 KB).
inline constexpr std::size_t kMaxDocumentBytes = 8 * 1024 * 1024;
// A picture from the hub larger than this is refused.
inline constexpr std::size_t kMaxMediaBytes = 16 * 1024 * 1024;

// Where a picture named by `hash` lives in a screen's media cache (and in a
// parsed document's Media::url, avatar_url, CustomEmoji::url).
std::string media_key(const std::string& hash);
// The hash in a media_key, or empty when `url` is not one.
std::string hash_of_key(std::string_view url);

// BLAKE2b-256 of `bytes`, lower-case hex.
std::string content_hash(std::string_view bytes);
// A 64-character lower-case hex string.
bool is_hash(std::string_view text);

struct SyncDocument {
    int schema = kSchema;
    std::uint64_t version = 0;
    std::string group;
    std::string hub_name;
    std::uint64_t kill_version = 0;       // the first version that carried this kill state
    WallSnapshot wall;                    // posts, pinned, announcements, prompts, kill_switch
    std::map<std::string, std::string> announcement_images;  // announcement id -> hash
};

// Hub: the file hash for a cached picture's local path ("" when it has none:
// the picture is left out of the document).
using FileHashFn = std::function<std::string(const std::string& local_path)>;

struct EncodedDocument {
    std::string body;          // the JSON text served to screens
    std::string content_hash;  // of everything but the version numbers: unchanged content, same hash
    std::vector<std::pair<std::string, std::string>> media;  // hash -> local path, for the media route
};

// Hub: the document for `wall` (the hub's current snapshot). `version` and
// `kill_version` are stamped last; call it with 0 to learn the content hash.
EncodedDocument encode_document(const WallSnapshot& wall, const std::string& group, const std::string& hub_name,
                                std::uint64_t version, std::uint64_t kill_version, const FileHashFn& file_hash);

// Screen: parses and checks a document. Fails with one sentence for a body
// that is not JSON, over kMaxDocumentBytes, of another schema, or missing
// what a document must have.
Result<SyncDocument> parse_document(std::string_view body);

// Every picture hash a document names (posts' media, avatars, custom emoji,
// announcement images), each once.
std::vector<std::string> media_hashes(const SyncDocument& document);

}  // namespace lw::fleet
