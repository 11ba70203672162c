#!/usr/bin/env bash
# Installs what Intake Station needs on Debian 12: the packages of scripts/deps-station.txt (a
# station: build and run) and, unless called as `setup.sh station`, of scripts/deps-test.txt
# (tests and benchmarks) that are missing — a no-op when all are present — then the npm servers
# (tests/servers: the tests' tus lab and the demo's local lab inbox). Runs as root, or via sudo.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

lists=("$root/scripts/deps-station.txt")
if [ "${1:-all}" != "station" ]; then lists+=("$root/scripts/deps-test.txt"); fi

mapfile -t wanted < <(cat "${lists[@]}" | sed -e 's/#.*//' -e 's/[[:space:]]//g' | grep -v '^$')
missing=()
for pkg in "${wanted[@]}"; do
    if dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        continue
    fi
    # A nodejs that bundles its own npm (not Debian's) conflicts with Debian's npm package.
    if [ "$pkg" = npm ] && command -v npm >/dev/null 2>&1; then continue; fi
    missing+=("$pkg")
done

if ((${#missing[@]})); then
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    echo "setup: installing ${#missing[@]} Debian packages: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
    echo "setup: all ${#wanted[@]} Debian packages present"
fi

# The tus server the upload tests and the demo's local lab inbox use (pinned in package-lock).
servers="$root/tests/servers"
if [ ! -f "$servers/node_modules/@tus/server/package.json" ] ||
   [ "$servers/package-lock.json" -nt "$servers/node_modules/.package-lock.json" ]; then
    echo "setup: installing the npm servers"
    (cd "$servers" && npm ci --no-audit --no-fund --loglevel=error)
fi
