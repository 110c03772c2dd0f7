// The console's Screens page API on a fleet hub (assets/console/screens.js):
//   GET  /api/screens                 screens, pairing requests, groups, kill confirmations
//   POST /api/screens/pair            {code, name, group}   admin: pair the screen showing `code`
//   POST /api/screens/rename          {id, name}            admin
//   POST /api/screens/group           {id, group}           admin
//   POST /api/screens/revoke          {id}                  admin: its token stops working at once
//   POST /api/screens/kill            {group, on}           any staff: one group's kill switch
// ConsoleApi has checked the session and the CSRF token before it calls in;
// every change is audited with who made it (fleet/hub.cpp).
#pragma once

#include "server/console_api.h"

namespace lw {
namespace fleet {
class Hub;
}

ApiResponse screens_api(fleet::Hub& hub, const ApiRequest& request, const Session& session);

}  // namespace lw
