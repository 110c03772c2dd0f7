// A thin RAII wrapper over the SQLite C API for the store: a connection
// (Db) and a prepared statement (Statement), nothing more. SQLite failures
// throw sqlite::Error; the store catches them at its API edge and turns them
// into values, so no exception leaves the store module.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace lw::sqlite {

class Error : public std::runtime_error {
public:
    Error(int code, const std::string& what) : std::runtime_error(what), code_(code) {}
    int code() const { return code_; }
private:
    int code_;
};

class Statement;

class Db {
public:
    enum class Mode { ReadWrite, ReadOnly };

    // Opens (and for ReadWrite creates) the file. Throws Error on failure.
    Db(const std::string& path, Mode mode);
    ~Db();
    Db(const Db&) = delete;
    Db& operator=(const Db&) = delete;

    // Runs one or more statements that return no rows we need.
    void exec(std::string_view sql);
    Statement prepare(std::string_view sql);

    // For pragmas and counts: the first column of the first row.
    std::int64_t query_int(std::string_view sql);
    std::string query_text(std::string_view sql);

    std::int64_t changes() const;
    sqlite3* handle() const { return db_; }
    const std::string& path() const { return path_; }

private:
    sqlite3* db_ = nullptr;
    std::string path_;
};

// A transaction that rolls back unless commit() is called. BEGIN IMMEDIATE
// takes the write lock at once, so a writer never fails half-way on
// SQLITE_BUSY after having done work.
class Transaction {
public:
    explicit Transaction(Db& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();
private:
    Db& db_;
    bool done_ = false;
};

class Statement {
public:
    Statement(Db& db, std::string_view sql);
    ~Statement();
    Statement(Statement&& other) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    Statement& operator=(Statement&&) = delete;

    // Parameters are 1-based, as in SQLite. Returns *this for chaining.
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement& bind(int index, bool value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement& bind(int index, double value);
    Statement& bind(int index, std::string_view value);
    Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
    Statement& bind(int index, const std::string& value) { return bind(index, std::string_view(value)); }
    Statement& bind_null(int index);
    template <typename T>
    Statement& bind(int index, const std::optional<T>& value) {
        return value ? bind(index, *value) : bind_null(index);
    }

    // Advances to the next row; false when done.
    bool step();
    // Runs a statement that returns no rows.
    void run();
    // Makes the statement reusable with new bindings.
    void reset();

    std::int64_t column_int(int index) const;
    double column_double(int index) const;
    std::string column_text(int index) const;
    bool column_is_null(int index) const;

private:
    Db* db_;
    sqlite3_stmt* stmt_ = nullptr;
};

}  // namespace lw::sqlite
