#!/usr/bin/env python3
"""The link lines the house rules ask for (ctest: House.Links).

Reads the product targets' own link lines as CMake configured them (tests/house/CMakeLists.txt
writes one line per target: name, folder, libraries) and fails, naming the target, when
- a third-party SDK is linked by a target other than the library that owns it,
- a module's interface library links more than the foundation (drivers: no SDK at all), or
- a target reaches a backend library (directly or through another library) though it is neither
  that backend nor one of the programs allowed to choose it (the CLI and the kiosk):
  the demo, the record, the package run without USB, so they must not link it.
Usage: check_links.py LINK_LINES_FILE
"""
import re
import sys

# Imported target (prefix) -> the product targets that may name it on their link line.
SDK_OWNERS = {
    "PkgConfig::LIBUSB": {"intake_drivers_usb"},
    "PkgConfig::LIBUVC": {"intake_drivers_usb"},
    "VTK::": {"mesh_vtk_oracle"},
    "opencv_": {"intake_capture"},
}
# Interface libraries and everything their link line may hold.
INTERFACES = {"intake_drivers": {"intake_base", "intake_warnings"}}
# Backend library -> folders whose targets may reach it.
BACKEND_USERS = {"intake_drivers_usb": ("station/cli", "station/app")}


def read(path):
    targets = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            name, folder, libs = (line.rstrip("\n").split("\t") + ["", ""])[:3]
            # CMake wraps some entries ($<LINK_ONLY:x>); the name inside is what counts.
            names = [re.sub(r"^\$<LINK_ONLY:(.*)>$", r"\1", lib) for lib in libs.split(";") if lib]
            targets[name] = (folder, names)
    return targets


def reaches(targets, name, seen=None):
    seen = set() if seen is None else seen
    for lib in targets.get(name, ("", []))[1]:
        if lib not in seen:
            seen.add(lib)
            reaches(targets, lib, seen)
    return seen


def problems(targets):
    for name, (folder, libs) in sorted(targets.items()):
        for lib in libs:
            for sdk, owners in SDK_OWNERS.items():
                if sdk in lib and name not in owners:
                    yield f"{name} ({folder}) links {lib}, which belongs to {', '.join(owners)}"
        if name in INTERFACES:
            extra = set(libs) - INTERFACES[name]
            if extra:
                yield f"{name} is an interface and links only {sorted(INTERFACES[name])}, " \
                      f"not {sorted(extra)}"
        for backend, users in BACKEND_USERS.items():
            allowed = any(folder == user or folder.startswith(user + "/") for user in users)
            if name != backend and backend in reaches(targets, name) and not allowed:
                yield f"{name} ({folder}) reaches {backend}; only {', '.join(users)} choose it"


def main() -> int:
    targets = read(sys.argv[1])
    found = list(problems(targets))
    for p in found:
        print(p)
    if "intake_drivers_usb" not in targets:
        found.append("no intake_drivers_usb target: the link lines were not read")
        print(found[-1])
    print(f"{len(targets)} targets, {len(found)} link-line violations")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
