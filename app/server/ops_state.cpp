// One read of the store for the operations side: see ops_state.h.
#include "server/ops_state.h"

#include "store/sqlite.h"

namespace lw {

Result<OpsState> read_ops_state(Store& store) {
    OpsState state;
    Status s = store.read([&](sqlite::Db& db) {
        auto counts = db.prepare("SELECT state, count(*) FROM moderation GROUP BY state");
        while (counts.step()) {
            const int n = static_cast<int>(counts.column_int(1));
            switch (parse_moderation_state(counts.column_text(0)).value_or(ModerationState::Pending)) {
                case ModerationState::Pending: state.counts.pending += n; break;
                case ModerationState::Approved: state.counts.approved += n; break;
                case ModerationState::Rejected: state.counts.rejected += n; break;
            }
        }
        auto oldest = db.prepare(
            "SELECT min(p.first_seen) FROM moderation m JOIN posts p ON p.id = m.post_id WHERE m.state = 'pending'");
        if (oldest.step() && !oldest.column_is_null(0))
            state.oldest_pending = TimePoint(std::chrono::seconds(oldest.column_int(0)));
        auto kill = db.prepare("SELECT value FROM settings WHERE key = 'kill_switch'");
        state.kill_switch = kill.step() && kill.column_text(0) == "1";
    });
    if (!s) return Result<OpsState>::failure(s.error);
    auto sources = store.source_states();
    if (!sources) return Result<OpsState>::failure(sources.error);
    state.sources = std::move(*sources);
    return Result<OpsState>(std::move(state));
}

}  // namespace lw
