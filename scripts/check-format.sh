#!/usr/bin/env bash
# scripts/check-format.sh [--fix] — every C++ source and header under the product, tests,
# benchmarks and fuzz targets must match .clang-format (Google base, 4 spaces, 100 columns).
# Without --fix it changes nothing and fails naming the files that differ.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mapfile -t files < <(git ls-files -- '*.cpp' '*.h' | grep -v -e '^tests/servers/' -e '/node_modules/')
if [ "${1:-}" = "--fix" ]; then
    clang-format -i "${files[@]}"
    exit 0
fi
bad=()
for f in "${files[@]}"; do
    clang-format --dry-run --Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done
if [ "${#bad[@]}" -gt 0 ]; then
    echo "not formatted (run scripts/check-format.sh --fix):" >&2
    printf '    %s\n' "${bad[@]}" >&2
    exit 1
fi
echo "clang-format: ${#files[@]} files formatted"
