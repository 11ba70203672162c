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

step "format (clang-format --dry-run --Werror)"
"$root/scripts/check-format.sh"

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
# ctest's output is kept to count the tests that skipped (reported at the end, never hidden).
run_ctest() { ctest "$@" 2>&1 | tee -a "$log"; return "${PIPESTATUS[0]}"; }

step "dev build"
cmake --preset dev >/dev/null
cmake --build --preset dev -j "$jobs"
step "dev tests"
run_ctest --preset dev -j "$jobs"

if [ "${INTAKE_SKIP_ASAN:-0}" != "1" ]; then
    step "asan build"
    cmake --preset asan >/dev/null
    cmake --build --preset asan -j "$jobs"
    step "asan tests"
    # The sanitizer options live in the asan test preset. intercept_tls_get_addr=0: GCC 12's
    # runtime can mistake a dynamic TLS block (TBB's, under OpenCV) for a pre-2.25 glibc header
    # and LeakSanitizer's tracer then dies at exit ("Tracer caught signal 11") with no leak.
    run_ctest --preset asan -j "$jobs"
fi

if [ "${INTAKE_SKIP_FUZZ:-0}" != "1" ] && [ -f "$root/fuzz/run.sh" ]; then
    step "fuzz (short runs)"
    "$root/fuzz/run.sh" "${INTAKE_FUZZ_SECONDS:-20}"
fi
skipped=$(grep -c '\*\*\*Skipped' "$log" || true)
not_run=()
[ "${INTAKE_SKIP_ASAN:-0}" = "1" ] && not_run+=("asan (INTAKE_SKIP_ASAN=1)")
[ "${INTAKE_SKIP_FUZZ:-0}" = "1" ] && not_run+=("fuzz (INTAKE_SKIP_FUZZ=1)")
if [ "${#not_run[@]}" -gt 0 ]; then
    step "tests passed, but NOT RUN: ${not_run[*]}; skipped tests: $skipped"
else
    step "all tests passed; skipped tests: $skipped"
fi
if [ "$skipped" -gt 0 ]; then grep '\*\*\*Skipped' "$log" | sed 's/^/    /'; fi
