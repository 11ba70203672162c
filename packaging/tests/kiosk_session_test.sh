#!/usr/bin/env bash
# The kiosk session as intake-kiosk.service starts it, without systemd as PID 1 (CI machines and
# containers have none, so `systemd-run` is not available): the unit's own ExecStart= line and
# Environment= are read from the installed unit, the installed binary is substituted for
# /usr/bin/intake-kiosk, and the whole line runs under cage's headless backend (wlroots'
# pixman renderer, no GPU, no seat) as an unprivileged user, as the unit's User=intake does.
# Passes when cage starts, the kiosk connects to it as a Wayland client (QT_QPA_PLATFORM=wayland
# from the unit: no fallback), loads all its QML (the on-screen keyboard too), draws its first
# frame full screen with --kiosk and exits cleanly.
# Usage: kiosk_session_test.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
src="$(cd "$1" && pwd)"
build="$(cd "$2" && pwd)"
fail() { echo "kiosk_session_test: FAIL: $*" >&2; exit 1; }
for tool in cage Xwayland; do
    command -v "$tool" >/dev/null || fail "$tool is not installed (scripts/deps-station.txt)"
done
[ -x "$build/station/app/intake-kiosk" ] || fail "the kiosk is not built"

# Everything the session user reads lives in a scratch tree it can reach (the build tree may sit
# under a private home such as /root).
work="$(mktemp -d /tmp/intake-kiosk-session.XXXXXX)"
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
chmod 0755 "$work"
DESTDIR="$work/stage" cmake --install "$build" --prefix /usr >"$work/install.log" 2>&1 ||
    { cat "$work/install.log" >&2; fail "cmake --install"; }
usr="$work/stage/usr"
unit="$usr/lib/systemd/system/intake-kiosk.service"
[ -f "$unit" ] || fail "intake-kiosk.service is not installed"
chmod -R a+rX "$work/stage"

# The unit's lines, as systemd would read them (one ExecStart=, Environment= pairs).
exec_start="$(sed -n 's/^ExecStart=//p' "$unit")"
environment="$(sed -n 's/^Environment=//p' "$unit")"
user="$(sed -n 's/^User=//p' "$unit")"
[ "$user" = intake ] || fail "the unit does not run as the intake user (User=$user)"
case "$exec_start" in
    "/usr/bin/cage -- /usr/bin/intake-kiosk --kiosk"*) ;;
    *) fail "unexpected ExecStart: $exec_start" ;;
esac
command_line="${exec_start//\/usr\/bin\/intake-kiosk/$usr/bin/intake-kiosk}"
command_line="${command_line//\/usr\/bin\/cage/$(command -v cage)}"

# The session user: ourselves when unprivileged (cage refuses to run as root), else nobody.
runner=()
if [ "$(id -u)" -eq 0 ]; then
    runner=(runuser -u nobody --)
    owner=nobody
else
    owner="$(id -un)"
fi
mkdir -p "$work/runtime" "$work/home" "$work/data"
chown "$owner" "$work/runtime" "$work/home" "$work/data"
chmod 0700 "$work/runtime" "$work/home" "$work/data"

# INTAKE_HOME from the unit (/var/lib/intake-station) is replaced by a scratch home; the rest of
# its environment is kept as is. --demo: a store with users, so the sign-in screen is the first
# screen (with the on-screen keyboard); --exit-after-start: quit after the first frame is on screen.
session_env=(XDG_RUNTIME_DIR="$work/runtime" HOME="$work/home" WLR_BACKENDS=headless
             WLR_RENDERER=pixman WLR_LIBINPUT_NO_DEVICES=1 LIBGL_ALWAYS_SOFTWARE=1
             INTAKE_SYSTEM_CONFIG="$work/no-system.conf")
for pair in $environment; do
    case "$pair" in INTAKE_HOME=*) ;; *) session_env+=("$pair") ;; esac
done
session_env+=(INTAKE_HOME="$work/data")
status=0
(cd "$work" && timeout 60 "${runner[@]}" env -i PATH=/usr/bin:/bin "${session_env[@]}" \
    $command_line --demo --exit-after-start) >"$work/out.log" 2>"$work/err.log" ||
    status=$?
grep -q "first screen on screen" "$work/err.log" ||
    { cat "$work/out.log" "$work/err.log" >&2; fail "the kiosk drew no frame under cage (exit $status)"; }
if grep -Eq "Could not (load|find) the Qt platform plugin|Failed to create wl_display" \
    "$work/err.log"; then
    cat "$work/err.log" >&2; fail "the kiosk did not run as a Wayland client"
fi
# Every QML type the kiosk uses loaded, the on-screen keyboard's included (--kiosk turns it on):
# a missing QML module leaves a touch screen with no way to type a PIN.
if grep -E "^qrc:.*(unavailable|is not installed|Error)" "$work/err.log"; then
    fail "the kiosk's QML did not load completely (a QML module missing from Depends?)"
fi
[ -f "$work/data/station.db" ] || fail "the kiosk did not open its store in INTAKE_HOME"
[ "$(stat -c %U "$work/data/station.db")" = "$owner" ] || fail "the store is not the session user's"
[ "$status" -eq 0 ] || { tail -5 "$work/err.log" >&2; fail "the session did not end by itself (exit $status)"; }
echo "kiosk_session_test: cage started the kiosk from the unit's ExecStart as $owner;" \
     "$(grep -o 'first screen on screen [0-9]* ms' "$work/err.log")"
