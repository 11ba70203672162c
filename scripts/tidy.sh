#!/usr/bin/env bash
# scripts/tidy.sh [-j N] [-p BUILD] [--since REV] [PATH...] — clang-tidy-14 with the checked-in
# .clang-tidy over our own sources, through a build's compile_commands.json (build/dev unless
# -p names another; configured if missing; nothing is built).
#   no PATH   the .cpp files changed since REV (default: where the branch left main), committed or
#             not, and the .cpp beside each changed header
#   PATH      folders or files, e.g. `scripts/tidy.sh base drivers`
# Fails (exit 1) naming each finding; exit 0 when there is none. One file at a time by default:
# clang-tidy is CPU-heavy (about 5-10 s a file here); -j N runs N at once.
# ctest runs it twice: `Tidy.CleanFolders` (dev suite) keeps the folders that are clean clean, and
# `ctest --preset tidy` checks what the branch changed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

jobs=1
build="$root/build/dev"
since=""
while [ "$#" -gt 0 ]; do
    case "$1" in
        -j) jobs="$2"; shift 2 ;;
        -p) build="$(cd "$2" && pwd)"; shift 2 ;;
        --since) since="$2"; shift 2 ;;
        -*) echo "tidy: unknown option $1" >&2; exit 2 ;;
        *) break ;;
    esac
done
tidy="$(command -v clang-tidy-14 || command -v clang-tidy || true)"
if [ -z "$tidy" ]; then
    echo "tidy: clang-tidy-14 is not installed (apt-get install clang-tidy-14)" >&2
    exit 2
fi
if [ ! -f "$build/compile_commands.json" ]; then
    if [ "$build" != "$root/build/dev" ]; then
        echo "tidy: $build has no compile_commands.json (configure with CMAKE_EXPORT_COMPILE_COMMANDS)" >&2
        exit 2
    fi
    cmake --preset dev >/dev/null
fi
if ! git rev-parse --git-dir >/dev/null 2>&1; then
    echo "tidy: $root is not a git checkout; the sources to check are the tracked ones" >&2
    exit 2
fi

sources=()
if [ "$#" -gt 0 ]; then
    mapfile -t sources < <(git ls-files -- "$@" | grep -E '\.cpp$' || true)
else
    base="${since:-$(git merge-base HEAD main 2>/dev/null || git rev-parse HEAD)}"
    base="$(git rev-parse --verify "$base^{commit}")"
    mapfile -t changed < <({ git diff --name-only --diff-filter=d "$base"; git ls-files --others --exclude-standard; } |
                           grep -E '\.(cpp|h)$' | grep -v -e '^tests/servers/' | sort -u)
    for f in "${changed[@]}"; do
        case "$f" in
            *.cpp) sources+=("$f") ;;
            *.h) [ -f "${f%.h}.cpp" ] && sources+=("${f%.h}.cpp") ;;
        esac
    done
    mapfile -t sources < <(printf '%s\n' "${sources[@]}" | sort -u | sed '/^$/d')
fi
# Only what the dev build compiles has flags to check with (not the fuzz targets, for one).
known=()
for f in "${sources[@]}"; do
    if grep -qF "\"file\": \"$root/$f\"" "$build/compile_commands.json"; then
        known+=("$f")
    else
        echo "tidy: skipping $f (not in the dev build's compile_commands.json)" >&2
    fi
done
sources=("${known[@]}")
if [ "${#sources[@]}" -eq 0 ]; then
    echo "tidy: no C++ sources to check"
    exit 0
fi

echo "tidy: ${#sources[@]} files with $tidy (-j $jobs)"
printf '%s\n' "${sources[@]}" |
    xargs -P "$jobs" -I{} "$tidy" -p "$build" --quiet --warnings-as-errors='*' {} 2>/dev/null |
    tee "$build/tidy.log"
status="${PIPESTATUS[1]}"
if [ "$status" -ne 0 ]; then
    echo "tidy: findings above (also in $build/tidy.log)" >&2
    exit 1
fi
echo "tidy: ${#sources[@]} files clean"
