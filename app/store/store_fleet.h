// The fleet's tables in the store (docs/fleet.md). On a hub: the paired
// screens (token hashes, group, what each last reported), pairing requests
// waiting for a person, and each group's document version and kill state. On
// a screen: its own key/value record (token, pairing code, the last wall
// document from the hub and when the hub was last heard).
//
// The tables are created on first use (CREATE TABLE IF NOT EXISTS), so a
// standalone box never has them. Every write goes through Store::write, one
// transaction each; pairing, revocation and kill changes are audited in it.
#pragma once

#include "store/store.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace lw::fleet_store {

Status ensure_tables(Store& store);

struct ScreenRecord {
    std::string id;             // "scr-" + 8 hex, assigned at pairing
    std::string name;
    std::string group;
    std::string token_hash;     // BLAKE2b-256 hex of the bearer token; empty once revoked
    bool revoked = false;
    TimePoint paired_at{};
    std::string paired_by;
    // What the screen last reported (POST /api/sync/v1/status).
    std::optional<TimePoint> last_status;
    std::uint64_t applied_version = 0;
    bool kill_shown = false;
    int media_pending = 0;
    std::string showing;        // "live", "offline", "announcements_only"
};

Result<std::vector<ScreenRecord>> screens(Store& store);
// Inserts or replaces the row; `audit_action` (e.g. "screen.pair") and
// `details` go to the audit log in the same transaction.
Status put_screen(Store& store, const ScreenRecord& screen, const Actor& actor, TimePoint now,
                  const std::string& audit_action, const std::string& details);
// A screen's report: not audited, not fsynced (it comes again).
void save_report(Store& store, const ScreenRecord& screen);

struct PairingRequest {
    std::string code;           // shown on the screen, typed by the admin
    std::string claim_hash;     // BLAKE2b of the screen's secret: only it collects the token
    std::string name;           // what the screen asks to be called
    bool enrolled = false;      // it knew the enrolment key: "waiting for approval"
    TimePoint created{};
    std::string token;          // set when approved, until the screen collects it
    std::string screen_id;
};

Result<std::vector<PairingRequest>> pairings(Store& store);
Status put_pairing(Store& store, const PairingRequest& request);
Status delete_pairing(Store& store, const std::string& code);

// Per group: the document version the hub serves and its kill state.
struct GroupState {
    std::string group;
    std::uint64_t version = 0;
    std::string content_hash;   // of the document without its version
    bool kill = false;          // the kill state that document carries
    std::uint64_t kill_version = 0;  // the first version carrying that kill state
    bool group_kill = false;    // the group's own kill switch (the fleet-wide one is Store::kill_switch)
};

Result<std::vector<GroupState>> groups(Store& store);
Status put_group(Store& store, const GroupState& group);
Status set_group_kill(Store& store, const std::string& group, bool on, const Actor& actor, TimePoint now);
Status delete_group(Store& store, const std::string& group, const Actor& actor, TimePoint now);

// A screen's own key/value record.
Result<std::map<std::string, std::string>> local_values(Store& store);
Status set_local_values(Store& store, const std::map<std::string, std::string>& values, Durability durability);

}  // namespace lw::fleet_store
