#!/usr/bin/env python3
"""The house rules the build enforces (ctest: House.Layers).

Reads every C++ file git knows and fails, naming file and line, when an include crosses a
boundary docs/architecture.md draws: lower modules never reach up into station/, a module's
internal/ headers stay inside it, a module's interface never includes one of its backends
(drivers/usb, drivers/sim), and each third-party SDK stays in the one library that owns it.
"""
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LOWER = ("base/", "mesh/", "capture/", "drivers/")

# SDK include prefix -> folders allowed to include it (product owner first, then its tests,
# benchmarks and fuzz targets, which exercise that owner directly).
SDKS = {
    "vtk": ("mesh/oracle/", "tests/mesh/", "bench/mesh", "bench/support/"),
    "opencv2/": ("capture/", "tests/capture/", "bench/capture/"),
    "libusb": ("drivers/usb/", "tests/drivers/"),
    "libuvc/": ("drivers/usb/", "tests/drivers/"),
    "Q": ("station/app/", "tests/app/"),
    "libpq-fe.h": ("station/record/", "tests/station/record/"),
    "sqlite3.h": ("station/record/", "station/package/", "tests/station/"),
}
# A module's backends: the module's interface and its other backends never include one (only the
# programs that choose a backend do), so each backend's library can be left off a link line.
BACKENDS = ("drivers/usb/", "drivers/sim/")
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def sdk_of(name: str):
    for prefix in SDKS:
        if prefix == "Q":
            if re.match(r"Q[A-Za-z0-9]*(/|$)", name) and not name.startswith("QA"):
                return prefix
        elif name.startswith(prefix):
            return prefix
    return None


def module_of(path: str) -> str:
    parts = path.split("/")
    return "/".join(parts[:2]) if parts[0] == "station" else parts[0]


def problems_in(path: str, text: str):
    for number, line in enumerate(text.splitlines(), 1):
        m = INCLUDE.match(line)
        if not m:
            continue
        name = m.group(2)
        where = f"{path}:{number}: {name}"
        if path.startswith(LOWER) and name.startswith("station/"):
            yield f"{where}: a lower module includes the station"
        if path.startswith("base/") and name.startswith(("mesh/", "capture/", "drivers/")):
            yield f"{where}: base/ is the foundation and includes no module"
        for backend in BACKENDS:
            module = backend.split("/")[0] + "/"
            if name.startswith(backend) and path.startswith(module) \
                    and not path.startswith(backend):
                yield f"{where}: {module}'s interface and other backends stay free of {backend}"
        if "/internal/" in name:
            owner = name.split("/internal/")[0]
            inside = path.startswith(owner + "/") or path.startswith(f"tests/{owner}/") \
                or path.startswith(f"bench/{owner}") or path.startswith("fuzz/")
            if not inside:
                yield f"{where}: {owner}'s internal header used outside {owner}"
        sdk = sdk_of(name) if m.group(1) == "<" else None
        if sdk and not path.startswith(SDKS[sdk]):
            yield f"{where}: {sdk}* belongs to {', '.join(SDKS[sdk])}"


def main() -> int:
    listed = subprocess.run(["git", "ls-files", "*.cpp", "*.h"], cwd=ROOT,
                            capture_output=True, text=True)
    if listed.returncode == 0:
        files = listed.stdout.split()
    else:  # a source tree without git (a release tarball): every file outside build trees
        files = [str(p.relative_to(ROOT)) for p in ROOT.rglob("*") if p.suffix in (".cpp", ".h")
                 and not str(p.relative_to(ROOT)).startswith(("build", "tests/servers/"))]
    found = [p for f in files for p in problems_in(f, (ROOT / f).read_text(errors="replace"))]
    for p in found:
        print(p)
    print(f"{len(files)} files, {len(found)} boundary violations")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
