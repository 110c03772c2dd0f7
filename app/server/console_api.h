// The console's JSON API without HTTP plumbing: a request (method, path,
// query, body, the session cookie, the CSRF header, the client address) goes
// in, a response (status, content type, body, cookie) comes out. The HTTP
// layer (console_http.cpp) only translates; every rule lives here: sessions,
// CSRF, throttling, validation, auditing, and the calls into the store.
// Internal to the server subsystem.
#pragma once

#include "core/time.h"
#include "server/accounts.h"
#include "server/blocked_authors.h"
#include "server/console_server.h"
#include "server/login_throttle.h"
#include "store/store.h"

#include <nlohmann/json_fwd.hpp>

#include <atomic>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace lw {

class MediaCache;

// A multipart/form-data field or file (the announcement image upload).
struct UploadedPart {
    std::string filename;                       // as the browser named it; untrusted
    std::string content_type;                   // as the browser said; never trusted
    std::string content;
};

struct ApiRequest {
    std::string method;                         // "GET", "POST"
    std::string path;                           // "/api/posts"
    std::map<std::string, std::string> query;   // decoded
    std::string body;
    std::string session_token;                  // from the cookie; empty when none
    std::string csrf_header;                    // X-CSRF-Token
    bool background = false;                    // the page's own polling: X-Background: 1 or ?background=1
    std::string origin;                         // Origin header, empty when none
    std::string host;                           // Host header
    std::string address;                        // client IP
    bool secure = false;                        // came over TLS
    bool multipart = false;                     // multipart/form-data: `parts`, no body
    std::map<std::string, UploadedPart> parts;  // by field name
};

struct ApiResponse {
    int status = 200;
    std::string content_type = "application/json";
    std::string body;
    std::string set_cookie;                     // a whole Set-Cookie value; empty: none
    int retry_after_s = 0;                      // Retry-After on 429
};

inline constexpr const char* kSessionCookie = "lw_session";
// The one route that takes multipart/form-data (and bodies up to
// ConsoleOptions::max_upload_bytes); every other POST takes JSON.
inline constexpr const char* kImageUploadRoute = "/api/announcements/image";
// The announcement form as one multipart request: text, times and image,
// saved together or not at all.
inline constexpr const char* kAnnouncementFormRoute = "/api/announcements/form";
// Announcement limits, in characters (code points) as a person counts them.
inline constexpr std::size_t kAnnouncementTitleChars = 200;
inline constexpr std::size_t kAnnouncementBodyChars = 2000;
// The media cache URL an announcement's uploaded image is stored under.
std::string announcement_image_url(const std::string& announcement_id);

class ConsoleApi {
public:
    ConsoleApi(Store& store, Accounts& accounts, const Clock& clock, MediaCache* media,
               ConsoleHooks hooks, const ConsoleOptions& options);

    ApiResponse handle(const ApiRequest& request);
    void notify_changed() { ++version_; }

private:
    struct Call {
        const ApiRequest& req;
        const Session& session;
        Actor actor() const { return {session.user, req.address}; }
        bool admin() const { return session.role == Role::Admin; }
    };

    ApiResponse login(const ApiRequest& req);
    ApiResponse logout(const ApiRequest& req, const Session& session);
    ApiResponse session_info(const Session& session);
    ApiResponse status();
    ApiResponse list_posts(const ApiRequest& req);
    ApiResponse decide(const Call& call);
    ApiResponse pin(const Call& call);
    ApiResponse blocked_list();
    ApiResponse block_author(const Call& call);
    ApiResponse undo_block(const Call& call);
    ApiResponse list_announcements();
    ApiResponse put_announcement(const Call& call);
    ApiResponse delete_announcement(const Call& call);
    ApiResponse put_announcement_image(const Call& call);
    ApiResponse delete_announcement_image(const Call& call);
    ApiResponse save_announcement_form(const Call& call);
    ApiResponse list_prompts();
    ApiResponse put_prompt(const Call& call);
    ApiResponse delete_prompt(const Call& call);
    ApiResponse kill_switch_state();
    ApiResponse set_kill_switch(const Call& call);
    ApiResponse sources();
    ApiResponse audit(const Call& call);
    ApiResponse media_file(const ApiRequest& req);
    ApiResponse screenshot();
    ApiResponse change_own_password(const Call& call);

    std::string cookie(const std::string& value, std::chrono::seconds max_age,
                       bool secure) const;
    void changed();

    Store& store_;
    Accounts& accounts_;
    const Clock& clock_;
    MediaCache* media_;
    ConsoleHooks hooks_;
    ConsoleOptions options_;
    LoginThrottle throttle_;
    std::mutex blocked_mutex_;      // read-modify-write of the blocked authors settings
    // What "Undo" after a block puts back: the block itself and the states of
    // the posts it took away. Kept in memory for a while (kBlockUndoWindow);
    // only the person who blocked, or an admin, may use it.
    struct BlockUndo {
        std::string user;
        std::string handle;                          // a handle block, or
        std::optional<FeedAuthorBlock> feed_author;  // a web-feed author block
        std::vector<std::pair<std::string, ModerationState>> restore;
        TimePoint expires{};
    };
    std::map<std::string, BlockUndo> block_undos_;  // by token; under blocked_mutex_
    std::atomic<std::uint64_t> version_{1};
};

// JSON building blocks (console_json.cpp), kept apart so the API file stays
// about rules. All return a serialized JSON text.
std::string json_error(const std::string& message);
std::string post_to_json(const StoredPost& post, const moderation::PrivacySettings& privacy);
// Why the privacy guard holds `post`, in words ("looks like a phone number"),
// from its recorded reasons and a fresh scan of its text, author, content
// warning and alt texts; empty when nothing looks like patient details.
// Such a post is approved only with an explicit "approve anyway".
std::vector<std::string> privacy_hold_reasons(const StoredPost& post, const moderation::PrivacySettings& privacy);
// Who wrote a post, its first words and its link, for an audit entry.
nlohmann::json audit_post_summary(const StoredPost& post);

}  // namespace lw
