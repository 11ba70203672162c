#!/usr/bin/env python3
"""Validates the station's file formats against their JSON Schemas in docs/schemas/ with the
maintained `jsonschema` package (Debian: python3-jsonschema), and checks that each schema refuses a
bad document, so no schema passes everything.

  validate.py SOURCE_DIR                 the bundled case, prescription and rule packs
  validate.py SOURCE_DIR INTAKE_BINARY   real outputs of the built `intake`: `mesh clean --report`
                                         and `--json`, `mesh check --json` on testdata scans, and a
                                         whole `intake demo` (local lab inbox): the package's
                                         manifest.json, qa-report.json and prescription.json, and
                                         the lab's receipt from `outbox status --json`. Also that
                                         input files naming their schema by `$schema` are read.
INTAKE_DATA_DIR must name the data dir for the demo (ctest sets it)."""
import copy
import glob
import json
import os
import subprocess
import sys
import tempfile
import zipfile

import jsonschema

root = sys.argv[1]
intake = sys.argv[2] if len(sys.argv) > 2 else None
SCHEMA_DIR = os.path.join(root, "docs", "schemas")
schemas = {}
for path in sorted(glob.glob(os.path.join(SCHEMA_DIR, "*.schema.json"))):
    with open(path, encoding="utf-8") as f:
        schemas[os.path.basename(path)[: -len(".schema.json")]] = json.load(f)


def validator(name, schema=None):
    """A Draft 2020-12 validator that resolves references between the published schemas by their
    $id (qa-report.json refers to the mesh reports). python3-jsonschema 4.10 (Debian 12) has
    RefResolver only; 4.18+ has the `referencing` registry."""
    schema = schema or schemas[name]
    jsonschema.Draft202012Validator.check_schema(schema)
    try:
        from referencing import Registry, Resource

        registry = Registry().with_resources(
            (s["$id"], Resource.from_contents(s)) for s in schemas.values())
        return jsonschema.Draft202012Validator(schema, registry=registry)
    except ImportError:
        resolver = jsonschema.RefResolver.from_schema(
            schema, store={s["$id"]: s for s in schemas.values()})
        return jsonschema.Draft202012Validator(schema, resolver=resolver)


failures = 0
passed = 0


def expect(ok, what):
    global failures, passed
    print(("ok   " if ok else "FAIL ") + what, flush=True)
    failures += 0 if ok else 1
    passed += 1 if ok else 0


def valid(name, document, what):
    errors = list(validator(name).iter_errors(document))
    expect(not errors, f"{what} is a valid {name}" +
           "".join(f"\n  {'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors))


def refused(name, document, what):
    expect(not validator(name).is_valid(document), f"{name} schema refuses {what}")


def names_its_schema(name, document, what):
    expect(document.get("$schema") == schemas[name]["$id"], f"{what} names its schema by $schema")


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def bundled_files():
    files = [("case", "station/rules/demo/case.json"), ("prescription", "station/rules/demo/rx.json")]
    files += [("rule-pack", os.path.relpath(p, root))
              for p in sorted(glob.glob(os.path.join(root, "station/rules/*.json")))]
    for name, path in files:
        valid(name, load(os.path.join(root, path)), path)
    case = load(os.path.join(root, "station/rules/demo/case.json"))
    bad = copy.deepcopy(case)
    bad["patient_name"] = "not a case field"
    refused("case", bad, "an unknown field")
    bad = copy.deepcopy(case)
    bad["phases"][0]["kind"] = "weekly"
    refused("case", bad, "an unknown phase kind")
    rx = load(os.path.join(root, "station/rules/demo/rx.json"))
    rx["attachments"]["decision"] = "keep-some"
    refused("prescription", rx, "a bad attachments decision")
    pack = load(os.path.join(root, "station/rules/generic.json"))
    pack["name"] = "Generic Pack"
    refused("rule-pack", pack, "a name that is not an id")
    del pack["lifecycle"]
    refused("rule-pack", pack, "a missing lifecycle")


def run(args, env=None, ok_codes=(0,)):
    result = subprocess.run([intake] + args, capture_output=True, text=True, env=env, timeout=540)
    if result.returncode not in ok_codes:
        print(f"FAIL intake {' '.join(args)} exited {result.returncode}\n{result.stderr}", flush=True)
        sys.exit(1)
    return result


def mesh_reports(tmp):
    scan = os.path.join(root, "testdata/scans/Ref_Upper_Mesh_Tag=0.obj")
    report_path = os.path.join(tmp, "clean.json")
    printed = run(["mesh", "clean", scan, "-o", os.path.join(tmp, "upper.stl"),
                   "--report", report_path, "--json"])
    report = load(report_path)
    valid("mesh-clean-report", report, "mesh clean --report")
    names_its_schema("mesh-clean-report", report, "mesh clean --report")
    valid("mesh-clean-report", json.loads(printed.stdout), "mesh clean --json")
    bad = copy.deepcopy(report)
    bad["verdict"] = "maybe"
    refused("mesh-clean-report", bad, "an unknown verdict")
    check = json.loads(run(["mesh", "check", scan, "--json"], ok_codes=(0, 1)).stdout)
    valid("mesh-check-report", check, "mesh check --json")
    names_its_schema("mesh-check-report", check, "mesh check --json")
    bad = copy.deepcopy(check)
    del bad["triangles"]
    refused("mesh-check-report", bad, "a missing triangle count")
    bad = copy.deepcopy(check)
    bad["$schema"] = report["$schema"]
    refused("mesh-check-report", bad, "a document naming another schema")


def demo_outputs(tmp):
    home, out = os.path.join(tmp, "home"), os.path.join(tmp, "run")
    env = dict(os.environ, INTAKE_LOG_LEVEL="debug")
    run(["--home", home, "demo", "--out", out], env=env)
    with zipfile.ZipFile(os.path.join(out, "DEMO-1-refinement.zip")) as z:
        manifest = json.loads(z.read("manifest.json"))
        qa = json.loads(z.read("qa-report.json"))
        rx = json.loads(z.read("prescription.json"))
    for name, doc, what in [("package-manifest", manifest, "the demo package's manifest.json"),
                            ("qa-report", qa, "the demo package's qa-report.json"),
                            ("prescription", rx, "the demo package's prescription.json")]:
        valid(name, doc, what)
        names_its_schema(name, doc, what)
    bad = copy.deepcopy(manifest)
    bad["files"][0]["role"] = "scan-middle"
    refused("package-manifest", bad, "an unknown file role")
    bad = copy.deepcopy(manifest)
    del bad["case_id"]
    refused("package-manifest", bad, "a manifest without its case id")
    # The manifest schema's old path is a stub referring to the published one.
    moved = validator("package-manifest", load(os.path.join(root, "docs/package-manifest.schema.json")))
    expect(moved.is_valid(manifest) and not moved.is_valid(bad),
           "docs/package-manifest.schema.json (moved) still validates through its $ref")
    bad = copy.deepcopy(qa)
    bad["gate"]["items"].append({"record": "scan:upper", "status": "fine", "message": ""})
    refused("qa-report", bad, "an unknown gate status")
    bad = copy.deepcopy(qa)
    bad["scans"]["upper"]["check"]["verdict"] = "ok"
    refused("qa-report", bad, "a bad verdict inside a scan's check")

    jobs = json.loads(run(["--home", home, "outbox", "status", "--json"]).stdout)["jobs"]
    expect(len(jobs) == 1 and jobs[0]["state"] == "uploaded", "the demo's job was uploaded")
    receipt = jobs[0]["receipt"]
    valid("receipt", receipt, "the demo upload's receipt")
    names_its_schema("receipt", receipt, "the demo upload's receipt")
    expect(receipt["package_id"] == manifest["package_id"], "the receipt names the package")
    bad = copy.deepcopy(receipt)
    bad["sha256"] = "not a hash"
    refused("receipt", bad, "a receipt whose sha256 is not a hash")


def inputs_naming_their_schema(tmp):
    """A user may put `$schema` in a case or prescription for their editor; the readers accept it
    at the root (and nowhere else)."""
    case = load(os.path.join(root, "station/rules/demo/case.json"))
    case = {"$schema": schemas["case"]["$id"], **case}
    rx = load(os.path.join(root, "station/rules/demo/rx.json"))
    rx = {"$schema": schemas["prescription"]["$id"], **rx}
    for name, doc, args in [("case", case, ["case", "status"]), ("prescription", rx, ["rx", "check"])]:
        path = os.path.join(tmp, f"{name}-with-schema.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(doc, f)
        valid(name, doc, f"a {name} with $schema")
        result = run(args + [path, "--json"], ok_codes=(0, 1, 3))
        expect(result.returncode in (0, 1), f"intake {' '.join(args)} reads a {name} with $schema"
               + (f"\n  {result.stderr}" if result.returncode not in (0, 1) else ""))
    nested = copy.deepcopy(case)
    nested["phases"][0]["$schema"] = schemas["case"]["$id"]
    path = os.path.join(tmp, "case-nested-schema.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(nested, f)
    refused("case", nested, "$schema inside a phase")
    result = run(["case", "status", path], ok_codes=(3,))
    expect("$schema" in result.stderr, "intake case status refuses $schema inside a phase (exit 3)")


bundled_files()
if intake:
    with tempfile.TemporaryDirectory(prefix="intake-schemas-") as tmp:
        mesh_reports(tmp)
        inputs_naming_their_schema(tmp)
        demo_outputs(tmp)
print(f"{passed} passed, {failures} failed")
sys.exit(1 if failures else 0)
