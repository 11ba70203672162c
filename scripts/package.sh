#!/usr/bin/env bash
# Builds the Debian package: the release preset configured for /usr, then `cpack -G DEB`
# (Depends computed by dpkg-shlibdeps), then lintian. Prints the .deb's path.
# Install it with: sudo apt install ./build/release/intake-station_*.deb
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=true
"$root/scripts/setup.sh" station >&2
cmake --preset release -DCMAKE_INSTALL_PREFIX=/usr -DINTAKE_BUILD_BENCH=OFF >/dev/null
cmake --build --preset release -j "${INTAKE_JOBS:-$(nproc)}" >&2
(cd build/release && cpack -G DEB >&2)
deb="$(ls -t build/release/intake-station_*.deb | head -1)"
dpkg-deb --info "$deb" | grep -E '^ (Package|Version|Depends):' >&2
# lintian (scripts/deps-station.txt): an error or a warning fails the build; the few tags
# accepted are in packaging/lintian-overrides.txt, each with its reason.
lintian --fail-on error,warning --suppress-tags-from-file "$root/packaging/lintian-overrides.txt" \
    "$deb" >&2
echo "$deb"
