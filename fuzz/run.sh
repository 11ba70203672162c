#!/usr/bin/env bash
# fuzz/run.sh SECONDS — build the `fuzz` preset (clang, libFuzzer, ASan+UBSan) and run every
# fuzz_* target for SECONDS on a scratch copy of its seed corpus. The corpus of fuzz_<name> is
# fuzz/corpus/<name>/ (or fuzz/corpus/<module>_<name>/, e.g. mesh_stl for fuzz_stl).
# Exits non-zero when a target crashes, leaks or trips a sanitizer.
set -euo pipefail

seconds="${1:-30}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

cmake --preset fuzz >/dev/null
# Only the fuzz targets: the other libraries they link are built as their dependencies.
targets=$(cmake --build --preset fuzz --target help | sed -n 's/^\(fuzz_[A-Za-z0-9_]*\):.*/\1/p' | sort -u)
if [[ -z "$targets" ]]; then
    echo "fuzz/run.sh: no fuzz_* targets configured" >&2
    exit 1
fi
# shellcheck disable=SC2086
cmake --build --preset fuzz --target $targets

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failed=0
for target in $targets; do
    binary="build/fuzz/fuzz/$target"
    name="${target#fuzz_}"
    seeds="fuzz/corpus/$name"
    if [[ ! -d "$seeds" ]]; then
        seeds="$(find fuzz/corpus -maxdepth 1 -type d -name "*_$name" | head -n 1)"
    fi
    corpus="$work/$target"
    mkdir -p "$corpus"
    if [[ -n "$seeds" && -d "$seeds" ]]; then
        cp -r "$seeds"/. "$corpus"/
    else
        echo "fuzz/run.sh: $target has no seed corpus, starting empty" >&2
    fi
    echo "== $target for ${seconds}s (seeds: ${seeds:-none})"
    if ! "$binary" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
            -artifact_prefix="$work/$target-" -print_final_stats=1 "$corpus" >"$work/$target.log" 2>&1; then
        echo "FAILED: $target" >&2
        tail -n 40 "$work/$target.log" >&2
        mkdir -p build/fuzz/artifacts
        cp "$work/$target"-* build/fuzz/artifacts/ 2>/dev/null || true
        failed=1
    else
        grep -E "stat::number_of_executed_units|Done" "$work/$target.log" | tail -n 2 || true
    fi
done
exit "$failed"
