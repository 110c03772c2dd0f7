// The hub's sync API for screens, on the console's HTTP server (one port,
// plain HTTPS GETs and small POSTs that proxies and TLS inspection pass):
//   GET  /api/sync/v1/wall?group=G     the group's wall document; strong ETag, 304 on If-None-Match
//   GET  /api/sync/v1/media/<hash>     a picture by content hash, immutable
//   POST /api/sync/v1/status           what the screen applied (kill acknowledgement)
//   POST /api/sync/v1/pair             an unpaired screen asks; collects its token once approved
//   GET  /api/sync/v1/auth?group=G     200/401/403 for nginx's auth_request in front of its cache
// Every route but pairing needs the screen's bearer token, and a token reads
// only its own group's wall and writes only its own status. docs/fleet.md.
#pragma once

namespace httplib {
class Server;
}

namespace lw {
namespace fleet {
class Hub;
}

// Registers the routes; call before the console's catch-all /api routes.
void install_sync_routes(httplib::Server& server, fleet::Hub& hub);

}  // namespace lw
