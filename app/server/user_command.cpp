// `lobbywall user …`: see user_command.h.
#include "server/user_command.h"

#include "core/time.h"
#include "server/accounts.h"
#include "server/state_owner.h"
#include "server/terminal.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <iostream>
#include <optional>

namespace lw {
namespace {

constexpr const char* kUsage =
    "usage: lobbywall user add NAME [--role moderator|admin] | passwd NAME | remove NAME | "
    "disable NAME | enable NAME | list";

// Asks for a new password: twice on a terminal, once from a pipe.
std::optional<std::string> ask_new_password(const std::string& name, std::istream& in,
                                            std::ostream& out, std::ostream& err) {
    const bool terminal = &in == &std::cin && stdin_is_terminal();
    if (!terminal) {
        auto line = read_line(in);
        if (!line) err << "error: no password on standard input\n";
        return line;
    }
    auto first = read_hidden_line(fmt::format("New password for {}: ", name), out);
    if (!first) {
        err << "error: no password given\n";
        return std::nullopt;
    }
    if (auto problem = check_password(*first)) {
        err << "error: " << *problem << "\n";
        return std::nullopt;
    }
    auto again = read_hidden_line("Repeat the password: ", out);
    if (!again || *again != *first) {
        err << "error: the passwords do not match\n";
        return std::nullopt;
    }
    return first;
}

int fail(std::ostream& err, const std::string& message) {
    err << "error: " << message << "\n";
    return 1;
}

}  // namespace

namespace {

int run_on_accounts(const std::vector<std::string>& args, const std::filesystem::path& state_dir,
                    std::istream& in, std::ostream& out, std::ostream& err);

}  // namespace

int run_user_command(const std::vector<std::string>& args, const std::filesystem::path& state_dir,
                     std::istream& in, std::ostream& out, std::ostream& err) {
    // The accounts are the service's: its state folder belongs to the service
    // user. Anyone else would write a file the console cannot open, so they
    // are told the command to use; root writes and then hands the files over.
    const std::optional<FileOwner> owner = owner_of(state_dir);
    const unsigned me = effective_uid();
    if (owner && me != 0 && me != owner->uid) {
        const std::string words = args.empty() ? std::string("list") : fmt::format("{}", fmt::join(args, " "));
        err << fmt::format("error: {} belongs to the user {}, whose staff console reads the accounts there; "
                           "run `sudo lobbywall user {}` (or `sudo -u {} lobbywall user {}`)\n",
                           state_dir.string(), owner->name, words, owner->name, words);
        return 1;
    }
    const int status = run_on_accounts(args, state_dir, in, out, err);
    if (owner && me == 0 && owner->uid != 0) {
        const std::filesystem::path db = Accounts::default_file(state_dir);
        for (const auto& file : {db, std::filesystem::path(db.string() + "-wal"), std::filesystem::path(db.string() + "-shm")}) {
            std::string error;
            if (!give_to(file, *owner, error)) {
                err << "error: " << error << "\n";
                return 1;
            }
        }
    }
    return status;
}

namespace {

int run_on_accounts(const std::vector<std::string>& args, const std::filesystem::path& state_dir,
                    std::istream& in, std::ostream& out, std::ostream& err) {
    if (args.empty()) {
        err << kUsage << "\n";
        return 2;
    }
    const std::string& verb = args[0];
    const bool needs_name = verb == "add" || verb == "passwd" || verb == "remove" ||
                            verb == "disable" || verb == "enable";
    if (!needs_name && verb != "list") {
        err << "error: unknown user command \"" << verb << "\"\n" << kUsage << "\n";
        return 2;
    }
    std::string name;
    Role role = Role::Moderator;
    if (needs_name) {
        if (args.size() < 2) {
            err << "error: " << verb << " needs a user name\n" << kUsage << "\n";
            return 2;
        }
        name = args[1];
        for (std::size_t i = 2; i < args.size(); ++i) {
            if (verb == "add" && args[i] == "--role" && i + 1 < args.size()) {
                auto r = parse_role(args[++i]);
                if (!r) {
                    err << "error: the role is \"moderator\" or \"admin\", not \"" << args[i]
                        << "\"\n";
                    return 2;
                }
                role = *r;
            } else {
                err << "error: unexpected argument \"" << args[i] << "\"\n" << kUsage << "\n";
                return 2;
            }
        }
        if (auto problem = check_user_name(name)) return fail(err, *problem);
    } else if (args.size() > 1) {
        err << "error: list takes no arguments\n";
        return 2;
    }

    auto accounts = Accounts::open(Accounts::default_file(state_dir));
    if (!accounts) return fail(err, accounts.error);
    Accounts& db = **accounts;

    if (verb == "list") {
        auto users = db.users();
        if (!users) return fail(err, users.error);
        for (const Account& a : *users)
            out << fmt::format("{}\t{}\t{}{}\n", a.name, to_string(a.role),
                               format_rfc3339(a.created), a.disabled ? "\tdisabled" : "");
        if (users->empty()) out << "no users yet: add one with `lobbywall user add NAME`\n";
        return 0;
    }
    if (verb == "remove" || verb == "disable" || verb == "enable") {
        Status s = verb == "remove" ? db.remove_user(name) : db.set_disabled(name, verb == "disable");
        if (!s) return fail(err, s.error);
        out << fmt::format("{} {}\n", verb == "remove" ? "removed" : verb + "d", name);
        return 0;
    }
    // add, passwd
    auto existing = db.user(name);
    if (!existing) return fail(err, existing.error);
    if (verb == "add" && *existing) return fail(err, fmt::format("the user {} already exists", name));
    if (verb == "passwd" && !*existing) return fail(err, fmt::format("no user named {}", name));
    auto password = ask_new_password(name, in, out, err);
    if (!password) return 1;
    Status s = verb == "add" ? db.add_user(name, role, *password, SystemClock().now())
                             : db.set_password(name, *password);
    if (!s) return fail(err, s.error);
    out << (verb == "add" ? fmt::format("added {} ({})\n", name, to_string(role))
                          : fmt::format("changed the password of {} (their sessions ended)\n", name));
    return 0;
}

}  // namespace
}  // namespace lw
