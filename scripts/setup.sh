#!/usr/bin/env bash
# Installs what Intake Station needs on Debian 12: the packages in scripts/deps.txt that are
# missing (a no-op when all are present) and the npm test servers. Runs as root, or via sudo.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

mapfile -t wanted < <(grep -vE '^\s*(#|$)' "$root/scripts/deps.txt")
missing=()
for pkg in "${wanted[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$pkg")
    fi
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
    echo "setup: installing the npm test servers"
    (cd "$servers" && npm ci --no-audit --no-fund --loglevel=error)
fi
