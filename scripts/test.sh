#!/usr/bin/env bash
# The test command: install what is missing, build, and pass every test.
#   1. dev preset (optimised + debug info): every test, the UI ones under Xvfb
#   2. asan preset (AddressSanitizer + UBSan): the core libraries' and CLI's tests
#   3. fuzz preset (clang + libFuzzer): each fuzz target for a short while on its seed corpus
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# ccache keyed on paths relative to the checkout, so a fresh clone reuses earlier builds.
export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=true
jobs="${INTAKE_JOBS:-$(nproc)}"
start=$(date +%s)

"$root/scripts/setup.sh"

step() { echo; echo "=== $* ($(( $(date +%s) - start )) s)"; }

step "dev build"
cmake --preset dev >/dev/null
cmake --build --preset dev -j "$jobs"
step "dev tests"
ctest --preset dev -j "$jobs"

if [ "${INTAKE_SKIP_ASAN:-0}" != "1" ]; then
    step "asan build"
    cmake --preset asan >/dev/null
    cmake --build --preset asan -j "$jobs"
    step "asan tests"
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
        ctest --preset asan -j "$jobs"
fi

if [ "${INTAKE_SKIP_FUZZ:-0}" != "1" ] && [ -f "$root/fuzz/run.sh" ]; then
    step "fuzz (short runs)"
    "$root/fuzz/run.sh" "${INTAKE_FUZZ_SECONDS:-20}"
fi
step "all tests passed"
