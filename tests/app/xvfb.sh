#!/usr/bin/env bash
# Runs a ui test under a real X server: Qt's offscreen platform cannot host OpenGL (Quick 3D).
# With a display already set (a developer's desktop) the test runs there.
set -euo pipefail
if [ -n "${DISPLAY:-}" ]; then exec "$@"; fi
exec xvfb-run -a -s "-screen 0 1920x1080x24" "$@"
