#!/usr/bin/env python3
"""Renders tests/fixtures/templates.yml's templates with the real ansible-playbook (a debug
task per template, json callback) into tests/fixtures/templates.golden.json.

Usage (ansible-core importable, ansible-playbook on PATH): python3 gen-golden-templates.py
"""
import json
import os
import subprocess
import sys
import tempfile

import yaml

here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures")
spec = yaml.safe_load(open(os.path.join(here, "templates.yml")))
play = [{"hosts": "localhost", "gather_facts": False, "vars": spec["vars"],
         "tasks": [{"debug": {"msg": t}, "ignore_errors": True} for t in spec["templates"]]}]
with tempfile.NamedTemporaryFile("w", suffix=".yml", delete=False) as f:
    yaml.safe_dump(play, f, sort_keys=False)
env = dict(os.environ, ANSIBLE_STDOUT_CALLBACK="default", ANSIBLE_NOCOLOR="1", ANSIBLE_LOCALHOST_WARNING="0",
           ANSIBLE_PYTHON_INTERPRETER=sys.executable)
out = subprocess.run(["ansible-playbook", "-i", "localhost,", "-c", "local", f.name],
                     capture_output=True, text=True, env=env)
if out.returncode not in (0, 2):
    sys.exit(out.stdout[-3000:] + out.stderr[-3000:])
# The default callback prints each result as JSON after "=> ".
decoder = json.JSONDecoder()
results = []
for marker in out.stdout.split("[localhost]")[1:]:
    at = marker.find("=> ")
    if at >= 0:
        value, _ = decoder.raw_decode(marker[at + 3:])
        results.append(value)
assert len(results) == len(spec["templates"]), (len(results), out.stdout[-2000:])
golden = [{"template": t, "result": r["msg"], "failed": bool(r.get("failed"))}
          for t, r in zip(spec["templates"], results)]
json.dump(golden, open(os.path.join(here, "templates.golden.json"), "w"), indent=1, ensure_ascii=False)
print(f"{len(golden)} templates")
