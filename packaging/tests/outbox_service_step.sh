#!/usr/bin/env bash
# One step of install_test.sh, run from the relocated install with the source and build trees
# hidden: the upload timer's service as systemd would start it. A submission queued while the lab
# was unreachable must go out when intake-outbox.service's own ExecStart= runs with the unit's
# Environment= (INTAKE_HOME pointed at a scratch home) and the lab endpoint from station.conf.
# Usage: outbox_service_step.sh INSTALLED_PREFIX SCRATCH_DIR
set -euo pipefail
prefix="$1"
work="$2"
fail() { echo "outbox_service_step: FAIL: $*" >&2; exit 1; }
unit="$prefix/lib/systemd/system/intake-outbox.service"
[ -f "$unit" ] || fail "intake-outbox.service is not installed"
home="$work/service-home"

# 1. A job the lab never acknowledged: the demo against a port nobody listens on (exit 4).
rc=0
"$prefix/bin/intake" --home "$home" demo --out "$work/service-demo" \
    --endpoint http://127.0.0.1:9/files/ >"$work/queued.log" 2>&1 || rc=$?
[ "$rc" = 4 ] || { cat "$work/queued.log" >&2; fail "the demo did not leave a queued job (exit $rc)"; }

# 2. The lab comes back: the installed lab inbox (the same tus server the demo uses).
node "$prefix/share/intake-station/lab-inbox/tus-inbox.mjs" --dir "$work/service-inbox" \
    >"$work/inbox.out" 2>&1 &
inbox=$!
trap 'kill $inbox 2>/dev/null || true' EXIT
port=""
for _ in $(seq 1 100); do
    port="$(sed -n 's/^PORT \([0-9]*\)$/\1/p' "$work/inbox.out")"
    [ -n "$port" ] && break
    sleep 0.1
done
[ -n "$port" ] || { cat "$work/inbox.out" >&2; fail "the lab inbox did not start"; }
printf 'lab_endpoint = http://127.0.0.1:%s/files/\n' "$port" >"$work/service-station.conf"

# 3. The unit's command and environment, as systemd would run them.
exec_start="$(sed -n 's/^ExecStart=//p' "$unit")"
[ "$exec_start" = "/usr/bin/intake outbox run --once" ] || fail "unexpected ExecStart: $exec_start"
environment="$(sed -n 's/^Environment=//p' "$unit")"
[ "$environment" = "INTAKE_HOME=/var/lib/intake-station" ] ||
    fail "unexpected Environment: $environment"
command_line="${exec_start//\/usr\/bin\/intake/$prefix/bin/intake}"
env INTAKE_HOME="$home" INTAKE_SYSTEM_CONFIG="$work/service-station.conf" $command_line \
    >"$work/service.log" 2>&1 || { cat "$work/service.log" >&2; fail "the service's run failed"; }

# 4. The job is acknowledged and the lab holds one upload of the package's size.
"$prefix/bin/intake" --home "$home" outbox status --json >"$work/status.json"
grep -q '"state": *"uploaded"' "$work/status.json" ||
    { cat "$work/status.json" >&2; fail "the queued job was not uploaded by the service"; }
uploads=$(find "$work/service-inbox" -type f ! -name '*.json' | wc -l)
[ "$uploads" = 1 ] || fail "the lab inbox holds $uploads uploads, not 1"
package="$(find "$work/service-demo" -maxdepth 1 -name '*.zip' | head -1)"
[ -n "$package" ] || fail "the demo left no package"
cmp -s "$package" "$(find "$work/service-inbox" -type f ! -name '*.json')" ||
    fail "the lab's copy differs from the package"
echo "outbox_service_step: the timer's service uploaded the queued job (port $port)"
