#!/usr/bin/env bash
# The run command: installs what is missing, builds the release preset once, then starts the
# kiosk when there is a display, or the headless demo (`intake demo`) when there is none.
# Embedded defaults: SQLite in the data directory, simulated scanner and camera, a local lab inbox.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# ccache keyed on paths relative to the checkout, so a fresh clone reuses earlier builds.
export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=true
"$root/scripts/setup.sh" >&2
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)" >&2
bin="$root/build/release/station"
# The build tree's data dir (rule packs, demo data, the lab inbox), laid out like an install.
export INTAKE_DATA_DIR="${INTAKE_DATA_DIR:-$root/build/release/share/intake-station}"
export INTAKE_HOME="${INTAKE_HOME:-${XDG_DATA_HOME:-$HOME/.local/share}/intake-station}"
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -x "$bin/app/intake-kiosk" ]; then
    exec "$bin/app/intake-kiosk" --demo "$@"
fi
exec "$bin/cli/intake" demo --out "${INTAKE_DEMO_OUT:-$INTAKE_HOME/demo-run}" "$@"
