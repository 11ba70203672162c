// `intake user add|list|passwd|disable|enable|reset-pin|sign-in`: the station's named staff
// (station/record/staff.h). PINs come on stdin, one per line; who acts is `--by ID` with that
// person's PIN on the following line. Exit codes per docs/cli.md.
#include <pwd.h>
#include <unistd.h>

#include <ctime>
#include <iostream>
#include <memory>
#include <string>

#include "station/cli/cli_support.h"
#include "station/cli/staff_auth.h"
#include "station/record/pin_pepper.h"
#include "station/record/staff.h"

namespace intake::cli {

using namespace intake::record;

std::optional<std::string> read_stdin_line() {
    std::string line;
    if (!std::getline(std::cin, line)) return std::nullopt;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
}

PinAuthOptions pin_options(const CliContext& ctx, const Store& store) {
    PinAuthOptions options;
    if (store.path().empty()) options.pepper_file = pin_pepper_path(ctx.home());
    return options;
}

Result<Actor> sign_in_by(Store& store, AuditLog& audit, const PinAuthOptions& options,
                         const std::string& user_id, const std::string& pin) {
    return Staff(store, audit, options).sign_in(user_id, pin);
}

std::string local_account() {
    const passwd* pw = ::getpwuid(::getuid());
    return "unix:" + (pw != nullptr && pw->pw_name != nullptr ? std::string(pw->pw_name)
                                                              : std::to_string(::getuid()));
}

namespace {

struct UserOptions {
    std::string user_id;
    std::string name;
    std::string role;
    std::string by;
    bool pin_stdin = false;
    bool json = false;
};

// Opened per command: the store, its audit log and the staff rules over them.
struct Station {
    Store store;
    AuditLog audit;
    Staff staff;
    Station(Store s, const CliContext& ctx)
        : store(std::move(s)), audit(store), staff(store, audit, pin_options(ctx, store)) {}
};

std::unique_ptr<Station> open_station(CliContext& ctx) {
    auto store = open_station_store(ctx);
    if (!store) {
        report_error(ctx, store.error());
        return nullptr;
    }
    return std::make_unique<Station>(std::move(*store), ctx);
}

// Reads `count` PIN lines from stdin, `what` naming them for the message when some are missing.
bool read_pins(CliContext& ctx, std::vector<std::string>& pins, size_t count,
               const std::string& what) {
    while (pins.size() < count) {
        auto line = read_stdin_line();
        if (!line || line->empty()) {
            report_usage(ctx, "stdin: expected " + what + ", one per line");
            return false;
        }
        pins.push_back(*line);
    }
    return true;
}

bool done(CliContext& ctx, const Status& st) {
    if (!st) report_error(ctx, st.error());
    return static_cast<bool>(st);
}

std::optional<Actor> authenticate(CliContext& ctx, Station& s, const std::string& by,
                                  const std::string& pin) {
    auto actor = s.staff.sign_in(by, pin);
    if (!actor) {
        report_error(ctx, Error{actor.error().code, "--by " + by + ": " + actor.error().message});
        return std::nullopt;
    }
    return *actor;
}

void run_add(CliContext& ctx, const UserOptions& o) {
    if (!o.pin_stdin)
        return (void)report_usage(ctx, "user add: give the PIN on stdin (--pin-stdin)");
    auto role = parse_role(o.role);
    if (!role) return (void)report_usage(ctx, role.error().message);
    auto s = open_station(ctx);
    if (!s) return;
    auto empty = s->staff.empty();
    if (!empty) return (void)report_error(ctx, empty.error());
    std::vector<std::string> pins;
    if (o.by.empty()) {
        if (!*empty) {
            return (void)report_usage(ctx,
                                      "this station already has staff: --by ID (a clinician "
                                      "or admin) with their PIN on stdin after the new PIN");
        }
        if (!read_pins(ctx, pins, 1, "the new user's PIN")) return;
        if (!done(ctx, s->staff.add_first(o.user_id, o.name, *role, pins[0]))) return;
    } else {
        if (!read_pins(ctx, pins, 2, "the new user's PIN, then the PIN of " + o.by)) return;
        auto by = authenticate(ctx, *s, o.by, pins[1]);
        if (!by || !done(ctx, s->staff.add(*by, o.user_id, o.name, *role, pins[0]))) return;
    }
    std::cout << "added " << o.user_id << " (" << o.role << ")\n";
}

std::string utc_text(int64_t unix_seconds) {
    const std::time_t t = static_cast<std::time_t>(unix_seconds);
    std::tm utc{};
    gmtime_r(&t, &utc);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return buf;
}

void run_list(CliContext& ctx, const UserOptions& o) {
    auto s = open_station(ctx);
    if (!s) return;
    auto members = s->staff.list();
    if (!members) return (void)report_error(ctx, members.error());
    const int64_t now = static_cast<int64_t>(std::time(nullptr));
    nlohmann::json list = nlohmann::json::array();
    for (const auto& m : *members) {
        const bool locked = m.locked_until > now;
        if (o.json) {
            list.push_back({{"id", m.user_id},
                            {"name", m.display_name},
                            {"role", role_name(m.role)},
                            {"active", m.active},
                            {"locked_until", locked ? nlohmann::json(utc_text(m.locked_until))
                                                    : nlohmann::json(nullptr)}});
        } else {
            std::cout << m.user_id << "  " << m.display_name << "  " << role_name(m.role) << "  "
                      << (m.active ? "active" : "disabled")
                      << (locked ? "  locked until " + utc_text(m.locked_until) : "") << "\n";
        }
    }
    if (o.json) print_json(list);
}

void run_passwd(CliContext& ctx, const UserOptions& o) {
    if (!o.pin_stdin)
        return (void)report_usage(ctx, "user passwd: give the PINs on stdin (--pin-stdin)");
    std::vector<std::string> pins;
    if (!read_pins(ctx, pins, 2, "the old PIN, then the new PIN")) return;
    auto s = open_station(ctx);
    if (!s || !done(ctx, s->staff.change_pin(o.user_id, pins[0], pins[1]))) return;
    std::cout << "PIN changed for " << o.user_id << "\n";
}

// disable, enable and reset-pin: an action by `--by` on another user.
void run_managed(CliContext& ctx, const UserOptions& o, const std::string& what) {
    const bool reset = what == "reset-pin";
    if (reset && !o.pin_stdin)
        return (void)report_usage(ctx, "user reset-pin: give the PINs on stdin (--pin-stdin)");
    std::vector<std::string> pins;
    if (!read_pins(ctx, pins, reset ? 2 : 1,
                   reset ? "the new PIN, then the PIN of " + o.by : "the PIN of " + o.by))
        return;
    auto s = open_station(ctx);
    if (!s) return;
    auto by = authenticate(ctx, *s, o.by, pins.back());
    if (!by) return;
    Status st = reset               ? s->staff.reset_pin(*by, o.user_id, pins[0])
                : what == "disable" ? s->staff.disable(*by, o.user_id)
                                    : s->staff.enable(*by, o.user_id);
    if (!done(ctx, st)) return;
    std::cout << what << ": " << o.user_id << " (by " << by->user_id << ")\n";
}

void run_sign_in(CliContext& ctx, const UserOptions& o) {
    std::vector<std::string> pins;
    if (!read_pins(ctx, pins, 1, "the PIN")) return;
    auto s = open_station(ctx);
    if (!s) return;
    auto user = s->staff.sign_in(o.user_id, pins[0]);
    if (!user) {
        std::cerr << "intake: " << user.error().message << "\n";
        ctx.exit_code = user.error().code == Errc::access_denied ? kExitCheckFailed
                                                                 : exit_code_for(user.error().code);
        return;
    }
    print_json({{"user_id", user->user_id},
                {"display_name", user->display_name},
                {"role", role_name(user->role)}});
}

CLI::App* with_user(CLI::App* parent, const char* name, const char* help, UserOptions& o) {
    CLI::App* c = parent->add_subcommand(name, help);
    c->add_option("USER", o.user_id, "User id")->required();
    return c;
}

void add_by(CLI::App* c, UserOptions& o, bool required) {
    auto* by = c->add_option("--by", o.by, "Who does it (a clinician or admin); PIN on stdin");
    if (required) by->required();
}

}  // namespace

void add_user_commands(CLI::App& root, CliContext& ctx) {
    CLI::App* cmd = root.add_subcommand("user", "Named staff: add, list, PINs, disable, sign-in");
    cmd->require_subcommand(1);
    auto add = std::make_shared<UserOptions>();
    CLI::App* a = with_user(cmd, "add", "Add a user (the first: a clinician or admin)", *add);
    a->add_option("--name", add->name, "Display name")->required();
    a->add_option("--role", add->role, "assistant, clinician or admin")
        ->required()
        ->check(CLI::IsMember({"assistant", "clinician", "admin"}));
    a->add_flag("--pin-stdin", add->pin_stdin, "Read the new PIN (then --by's PIN) from stdin");
    add_by(a, *add, false);
    a->callback([&ctx, add] { run_add(ctx, *add); });
    auto list = std::make_shared<UserOptions>();
    CLI::App* l = cmd->add_subcommand("list", "List the staff (never a PIN hash)");
    l->add_flag("--json", list->json, "Print JSON");
    l->callback([&ctx, list] { run_list(ctx, *list); });
    auto pw = std::make_shared<UserOptions>();
    CLI::App* p = with_user(cmd, "passwd", "Change your own PIN (old, then new, on stdin)", *pw);
    p->add_flag("--pin-stdin", pw->pin_stdin, "Read the old and the new PIN from stdin");
    p->callback([&ctx, pw] { run_passwd(ctx, *pw); });
    for (const char* what : {"disable", "enable", "reset-pin"}) {
        auto o = std::make_shared<UserOptions>();
        const std::string verb(what);
        CLI::App* c =
            with_user(cmd, what,
                      verb == "reset-pin" ? "Set a forgotten PIN (new PIN, then --by's PIN)"
                                          : "Disable or re-enable a user (--by's PIN)",
                      *o);
        add_by(c, *o, true);
        c->add_flag("--pin-stdin", o->pin_stdin, "Read the PIN(s) from stdin");
        c->callback([&ctx, o, verb] { run_managed(ctx, *o, verb); });
    }
    auto in = std::make_shared<UserOptions>();
    CLI::App* s = with_user(cmd, "sign-in", "Check a PIN; wrong PINs lock the user", *in);
    s->add_flag("--pin-stdin", in->pin_stdin, "Read the PIN from the first line of stdin");
    s->callback([&ctx, in] { run_sign_in(ctx, *in); });
}

}  // namespace intake::cli
