// The store's core: opening and migrating the database, the writer thread,
// the pool of read connections, settings and the kill switch. Posts live in
// store_posts.cpp, staff content, audit and sources in store_staff.cpp.
#include "store/store.h"

#include "core/log.h"
#include "store/schema.h"
#include "store/sqlite.h"
#include "store/store_internal.h"

#include <fmt/format.h>

#include <cassert>

namespace lw {

using namespace store_detail;

const char* to_string(ModerationState state) {
    switch (state) {
        case ModerationState::Pending: return "pending";
        case ModerationState::Approved: return "approved";
        case ModerationState::Rejected: return "rejected";
    }
    return "pending";
}

std::optional<ModerationState> parse_moderation_state(std::string_view text) {
    if (text == "pending") return ModerationState::Pending;
    if (text == "approved") return ModerationState::Approved;
    if (text == "rejected") return ModerationState::Rejected;
    return std::nullopt;
}

namespace store_detail {

void insert_audit(sqlite::Db& db, TimePoint at, const Actor& actor, std::string_view action,
                  std::string_view target, std::string_view details) {
    db.prepare("INSERT INTO audit_log (at, actor, action, target, details, address) "
               "VALUES (?, ?, ?, ?, ?, ?)")
        .bind(1, to_unix(at))
        .bind(2, actor.name)
        .bind(3, action)
        .bind(4, target)
        .bind(5, details)
        .bind(6, actor.address)
        .run();
}

std::string join_lines(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) {
        if (!out.empty()) out += '\n';
        out += item;
    }
    return out;
}

std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> out;
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        out.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

}  // namespace store_detail

namespace {

void configure_connection(sqlite::Db& db, const StoreOptions& options) {
    db.exec(fmt::format("PRAGMA busy_timeout = {}", options.busy_timeout.count()));
    db.exec("PRAGMA foreign_keys = ON");
}

}  // namespace

Store::Store(StoreOptions options) : options_(std::move(options)) {}

Result<std::unique_ptr<Store>> Store::open(const StoreOptions& options) {
    std::unique_ptr<Store> store(new Store(options));
    try {
        store->writer_db_ =
            std::make_unique<sqlite::Db>(options.path, sqlite::Db::Mode::ReadWrite);
        sqlite::Db& db = *store->writer_db_;
        configure_connection(db, options);
        std::string mode = db.query_text("PRAGMA journal_mode = WAL");
        if (mode != "wal")
            return Result<std::unique_ptr<Store>>::failure(fmt::format(
                "cannot switch {} to WAL mode (got '{}'); is it on a network file system?",
                options.path, mode));
        // NORMAL by default; the writer raises it to FULL for acknowledged
        // writes (see docs/store.md).
        db.exec("PRAGMA synchronous = NORMAL");
        // After a checkpoint the WAL is cut back to this size instead of
        // staying as large as its biggest burst.
        db.exec("PRAGMA journal_size_limit = 16777216");
        if (Status s = schema::migrate(db); !s)
            return Result<std::unique_ptr<Store>>::failure(s.error);
    } catch (const sqlite::Error& e) {
        return Result<std::unique_ptr<Store>>::failure(
            fmt::format("cannot open the database {}: {}", options.path, e.what()));
    }
    store->writer_ = std::thread([s = store.get()] { s->writer_loop(); });
    return Result<std::unique_ptr<Store>>(std::move(store));
}

Store::~Store() {
    {
        std::lock_guard lock(queue_mutex_);
        stopping_ = true;
    }
    queue_cv_.notify_all();
    if (writer_.joinable()) writer_.join();
    idle_readers_.clear();
    if (writer_db_) {
        try {
            writer_db_->exec("PRAGMA optimize");  // refresh planner statistics where useful
        } catch (const sqlite::Error&) {
        }
    }
    writer_db_.reset();  // the last connection to close checkpoints the WAL
}

void Store::enqueue(Job job) {
    {
        std::lock_guard lock(queue_mutex_);
        if (stopping_) {
            if (job.done) job.done->set_value(Status::failure("the store is shutting down"));
            return;
        }
        queue_.push_back(std::move(job));
    }
    queue_cv_.notify_one();
}

void Store::writer_loop() {
    sqlite::Db& db = *writer_db_;
    Durability current = Durability::Normal;
    for (;;) {
        Job job;
        {
            std::unique_lock lock(queue_mutex_);
            queue_cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            // Drain what is queued before stopping: those callers were promised a write.
            if (queue_.empty()) return;
            job = std::move(queue_.front());
            queue_.pop_front();
        }
        Status status;
        bool storage_failure = false;
        try {
            if (job.durability != current) {
                db.exec(job.durability == Durability::Full ? "PRAGMA synchronous = FULL"
                                                           : "PRAGMA synchronous = NORMAL");
                current = job.durability;
            }
            sqlite::Transaction tx(db);
            job.run(db);
            tx.commit();
        } catch (const sqlite::Error& e) {
            status = Status::failure(e.what());
            storage_failure = true;
        } catch (const std::exception& e) {
            status = Status::failure(e.what());  // the caller's mistake, e.g. an unknown id
        }
        // A disk that is full or failing is logged once per run of failures;
        // a refused request is the caller's to report.
        if (storage_failure && !writes_failing_) {
            log::error("store: a write failed ({}); later failures are not logged until "
                       "writes work again",
                       status.error);
            writes_failing_ = true;
        } else if (status.ok() && writes_failing_) {
            log::info("store: writes work again");
            writes_failing_ = false;
        }
        if (job.done) job.done->set_value(std::move(status));
    }
}

Status Store::write(std::function<void(sqlite::Db&)> job, Durability durability) {
    std::promise<Status> done;
    std::future<Status> result = done.get_future();
    enqueue(Job{std::move(job), durability, std::move(done)});
    return result.get();
}

void Store::write_detached(std::function<void(sqlite::Db&)> job, Durability durability) {
    enqueue(Job{std::move(job), durability, std::nullopt});
}

std::unique_ptr<sqlite::Db> Store::take_reader() {
    {
        std::lock_guard lock(readers_mutex_);
        if (!idle_readers_.empty()) {
            auto db = std::move(idle_readers_.back());
            idle_readers_.pop_back();
            return db;
        }
    }
    auto db = std::make_unique<sqlite::Db>(options_.path, sqlite::Db::Mode::ReadOnly);
    configure_connection(*db, options_);
    return db;
}

void Store::return_reader(std::unique_ptr<sqlite::Db> db) {
    std::lock_guard lock(readers_mutex_);
    if (static_cast<int>(idle_readers_.size()) < options_.max_pooled_readers)
        idle_readers_.push_back(std::move(db));
}

Status Store::read(const std::function<void(sqlite::Db&)>& job) {
    std::unique_ptr<sqlite::Db> db;
    try {
        db = take_reader();
        // One read transaction: every query in the job sees the same snapshot.
        db->exec("BEGIN");
        job(*db);
        db->exec("COMMIT");
    } catch (const std::exception& e) {
        if (db) {
            try {
                db->exec("ROLLBACK");
            } catch (const std::exception&) {
                db.reset();  // a connection in an unknown state is not pooled
            }
        }
        if (db) return_reader(std::move(db));
        return Status::failure(fmt::format("cannot read the store: {}", e.what()));
    }
    return_reader(std::move(db));
    return Status::success();
}

Status Store::set_kill_switch(bool on, const Actor& actor, TimePoint now) {
    return write(
        [&](sqlite::Db& db) {
            db.prepare("INSERT INTO settings (key, value) VALUES ('kill_switch', ?) "
                       "ON CONFLICT (key) DO UPDATE SET value = excluded.value")
                .bind(1, on ? "1" : "0")
                .run();
            insert_audit(db, now, actor, "kill_switch", "", on ? "on" : "off");
        },
        Durability::Full);
}

Result<bool> Store::kill_switch() {
    auto value = setting("kill_switch");
    if (!value) return Result<bool>::failure(value.error);
    return Result<bool>(value->value_or("0") == "1");
}

Status Store::set_setting(const std::string& key, const std::string& value, const Actor& actor,
                          TimePoint now) {
    return write(
        [&](sqlite::Db& db) {
            db.prepare("INSERT INTO settings (key, value) VALUES (?, ?) "
                       "ON CONFLICT (key) DO UPDATE SET value = excluded.value")
                .bind(1, key)
                .bind(2, value)
                .run();
            insert_audit(db, now, actor, "setting", key, value);
        },
        Durability::Full);
}

Result<std::optional<std::string>> Store::setting(const std::string& key) {
    std::optional<std::string> value;
    Status s = read([&](sqlite::Db& db) {
        auto st = db.prepare("SELECT value FROM settings WHERE key = ?");
        st.bind(1, key);
        if (st.step()) value = st.column_text(0);
    });
    if (!s) return Result<std::optional<std::string>>::failure(s.error);
    return Result<std::optional<std::string>>(std::move(value));
}

Result<std::string> Store::integrity_check() {
    std::string report;
    Status s = read([&](sqlite::Db& db) {
        auto st = db.prepare("PRAGMA integrity_check");
        while (st.step()) {
            if (!report.empty()) report += "; ";
            report += st.column_text(0);
        }
    });
    if (!s) return Result<std::string>::failure(s.error);
    return Result<std::string>(std::move(report));
}

}  // namespace lw
