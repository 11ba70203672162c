#!/usr/bin/env python3
"""Validates the bundled case, prescription and rule packs against docs/schemas/ with the
maintained `jsonschema` package (Debian: python3-jsonschema), and checks that each schema refuses
a document the parser refuses too (an unknown field, a bad enum), so the schemas cannot pass
everything. Usage: validate.py SOURCE_DIR"""
import copy
import glob
import json
import os
import sys

import jsonschema

root = sys.argv[1]


def load(path):
    with open(os.path.join(root, path), encoding="utf-8") as f:
        return json.load(f)


def validator(name):
    schema = load(f"docs/schemas/{name}.schema.json")
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


failures = 0


def expect(ok, what):
    global failures
    print(("ok   " if ok else "FAIL ") + what)
    failures += 0 if ok else 1


bundled = [("case", "station/rules/demo/case.json"), ("prescription", "station/rules/demo/rx.json")]
bundled += [("rule-pack", os.path.relpath(p, root))
            for p in sorted(glob.glob(os.path.join(root, "station/rules/*.json")))]
for name, path in bundled:
    errors = list(validator(name).iter_errors(load(path)))
    expect(not errors, f"{path} is a valid {name}" + "".join(f"\n  {e.message}" for e in errors))

case = load("station/rules/demo/case.json")
bad = copy.deepcopy(case)
bad["patient_name"] = "not a case field"
expect(not validator("case").is_valid(bad), "case schema refuses an unknown field")
bad = copy.deepcopy(case)
bad["phases"][0]["kind"] = "weekly"
expect(not validator("case").is_valid(bad), "case schema refuses an unknown phase kind")
rx = load("station/rules/demo/rx.json")
rx["attachments"]["decision"] = "keep-some"
expect(not validator("prescription").is_valid(rx), "prescription schema refuses a bad decision")

print(f"{len(bundled) + 3 - failures} passed, {failures} failed")
sys.exit(1 if failures else 0)
