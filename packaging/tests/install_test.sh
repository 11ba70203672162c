#!/usr/bin/env bash
# Installs the build into a DESTDIR, copies the staged tree elsewhere (a relocated install),
# hides the source and build trees behind empty mounts (a private mount namespace), unsets
# INTAKE_DATA_DIR and runs from a scratch folder: `intake --version`, `intake-kiosk --version`
# and the whole `intake demo` must work from the installed files alone, and the upload timer's
# service (its unit's ExecStart) must send a job queued while the lab was away. Then the systemd units
# are checked with `systemd-analyze verify` against the staged root.
# Usage: install_test.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
src="$(cd "$1" && pwd)"
build="$(cd "$2" && pwd)"
work="$(mktemp -d /tmp/intake-install-test.XXXXXX)"
trap 'rm -rf "$work"' EXIT
fail() { echo "install_test: FAIL: $*" >&2; exit 1; }

DESTDIR="$work/stage" cmake --install "$build" --prefix /usr --strip >"$work/install.log" ||
    { cat "$work/install.log" >&2; fail "cmake --install"; }
stage="$work/stage/usr"
for f in bin/intake share/intake-station/rules/demo/case.json \
         share/intake-station/demo/photos/0-0.png share/intake-station/lab-inbox/tus-inbox.mjs \
         share/intake-station/lab-inbox/server-args.mjs \
         lib/udev/rules.d/70-intake-station.rules lib/systemd/system/intake-kiosk.service \
         lib/systemd/system/intake-outbox.service lib/systemd/system/intake-outbox.timer \
         lib/sysusers.d/intake-station.conf lib/tmpfiles.d/intake-station.conf \
         share/man/man1/intake-kiosk.1.gz share/man/man1/intake.1.gz \
         share/doc/intake-station/copyright share/doc/intake-station/changelog.gz; do
    [ -e "$stage/$f" ] || fail "not installed: /usr/$f"
done
grep -q '0700' "$stage/lib/tmpfiles.d/intake-station.conf" || fail "tmpfiles: /var/lib not 0700"

# A relocated copy: the binaries must find their data beside themselves, not at the build's paths.
moved="$work/elsewhere/opt/intake"
mkdir -p "$moved"
cp -a "$stage/." "$moved/"
rm -rf "$work/stage"
kiosk=0
[ -x "$moved/bin/intake-kiosk" ] && kiosk=1

# The timer service's step is copied out too: the source tree is hidden while it runs.
steps="$work/steps"
mkdir -p "$steps"
cp "$src/packaging/tests/outbox_service_step.sh" "$steps/"

cat >"$work/run.sh" <<INNER
set -euo pipefail
# The trees this build came from are empty from here on.
mount -t tmpfs none "$src"
case "$build" in "$src"/*) ;; *) mount -t tmpfs none "$build" ;; esac
[ -z "\$(ls -A "$src")" ] || { echo "source tree still visible"; exit 1; }
cd "$work"
env -u INTAKE_DATA_DIR -u INTAKE_HOME -u INTAKE_RULES_DIR -u INTAKE_DEMO_DATA \
    HOME="$work/home" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" \
    INTAKE_SYSTEM_CONFIG="$work/no-system.conf" bash -c '
    "$moved/bin/intake" --version
    if [ $kiosk = 1 ]; then "$moved/bin/intake-kiosk" --version; fi
    "$moved/bin/intake" --home "$work/station" demo --out "$work/demo"
    bash "$steps/outbox_service_step.sh" "$moved" "$work"'
INNER
unshare -m bash "$work/run.sh" >"$work/out.log" 2>"$work/err.log" ||
    { cat "$work/out.log" "$work/err.log" >&2; fail "the installed binaries did not run"; }
grep -q "^intake " "$work/out.log" || fail "intake --version printed nothing"
if [ $kiosk = 1 ]; then grep -q "^intake-kiosk " "$work/out.log" || fail "intake-kiosk --version"; fi
grep -q "6/6 uploaded" "$work/out.log" || { cat "$work/out.log" >&2; fail "the demo did not upload"; }
grep -q '"inbox_copy_identical": true' "$work/out.log" || fail "the inbox copy differs"
grep -q "the timer's service uploaded the queued job" "$work/out.log" ||
    { cat "$work/out.log" "$work/err.log" >&2; fail "the outbox service did not upload"; }
[ "$(stat -c %a "$work/station")" = 700 ] || fail "station home is not 0700"

# The units, verified against the relocated root where the binaries they name exist.
if command -v systemd-analyze >/dev/null; then
    root="$work/root"
    mkdir -p "$root/usr/bin" "$root/etc/systemd/system" "$root/usr/lib/systemd/system"
    # The host's own units (sysinit.target, getty@.service...) that ours order against.
    cp -a /usr/lib/systemd/system/. "$root/usr/lib/systemd/system/"
    cp -a "$moved/." "$root/usr/"
    cp "$(command -v cage)" "$root/usr/bin/cage" 2>/dev/null || fail "cage is not installed"
    SYSTEMD_LOG_LEVEL=warning systemd-analyze verify --man=no --root="$root" \
        "$root/usr/lib/systemd/system/intake-kiosk.service" \
        "$root/usr/lib/systemd/system/intake-outbox.service" \
        "$root/usr/lib/systemd/system/intake-outbox.timer" >"$work/verify.log" 2>&1 ||
        { cat "$work/verify.log" >&2; fail "systemd-analyze verify"; }
    if grep -i "intake" "$work/verify.log"; then fail "systemd-analyze warns about the units"; fi
else
    fail "systemd-analyze is missing (package systemd, scripts/deps-test.txt)"
fi
echo "install_test: installed tree works relocated, without the source or build tree"
