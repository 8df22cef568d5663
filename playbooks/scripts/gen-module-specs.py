#!/usr/bin/env python3
"""Generates playbooks/src/modules/specs.json: the argument specs of the modules rpyctl
supports, taken from the installed ansible-core (the reference), so argument names, aliases,
types, defaults, choices and the required/mutually-exclusive rules are Ansible's own.

For a module with code, its `AnsibleModule(...)` call is captured (main() runs until the
constructor, which raises); for an action-only module (template, debug, ...) the options come
from `ansible-doc -j`. Modules outside ansible-core are described in EXTRA below, with their
source named.

Usage: python3 gen-module-specs.py > ../src/modules/specs.json  (with ansible-core importable)
"""
import importlib
import json
import socket
import subprocess
import sys

import ansible
from ansible.module_utils import basic
from ansible.module_utils.basic import FILE_COMMON_ARGUMENTS

# (short name, where it runs). "host": a module the controller runs on a host; "controller":
# an action the playbook engine carries out itself.
MODULES = [
    ("copy", "host"), ("template", "host"), ("file", "host"), ("lineinfile", "host"),
    ("blockinfile", "host"), ("replace", "host"), ("stat", "host"), ("command", "host"),
    ("shell", "host"), ("fetch", "host"), ("slurp", "host"), ("wait_for", "host"),
    ("package", "host"), ("apt", "host"), ("dnf", "host"), ("service", "host"),
    ("systemd", "host"), ("systemd_service", "host"), ("user", "host"), ("group", "host"),
    ("cron", "host"), ("hostname", "host"), ("getent", "host"), ("setup", "host"),
    ("set_fact", "controller"), ("debug", "controller"), ("assert", "controller"),
    ("fail", "controller"), ("meta", "controller"), ("pause", "controller"),
]

# Same spec as another module, as Ansible's routing redirects them.
ALIASES = {"yum": "dnf"}

# Action plugins that run another module: `shell` is `command` with `_uses_shell`.
SAME_ARGS = {"shell": "command"}

EXTRA = {
    # community.general.apk (not in ansible-core): options as documented by community.general.
    "apk": {
        "runs_on": "host", "collection": "community.general", "check_mode": "full",
        "options": {
            "available": {"type": "bool", "default": False},
            "name": {"type": "list", "elements": "str"},
            "no_cache": {"type": "bool", "default": False},
            "repository": {"type": "list", "elements": "str"},
            "state": {"type": "str", "default": "present",
                      "choices": ["present", "absent", "latest", "installed", "removed"]},
            "update_cache": {"type": "bool", "default": False},
            "upgrade": {"type": "bool", "default": False},
            "world": {"type": "str", "default": "/etc/apk/world"},
        },
        "required_one_of": [["name", "update_cache", "upgrade"]],
    },
    # rpyctl's own: any remote Python call as a task.
    "rpyc.call": {
        "runs_on": "host", "collection": "rpyc", "check_mode": "none",
        "options": {
            "target": {"type": "str", "required": True},
            "args": {"type": "list", "default": []},
            "kwargs": {"type": "dict", "default": {}},
        },
    },
}

OPTION_KEYS = ("type", "elements", "aliases", "default", "choices", "required", "no_log")


class Captured(Exception):
    pass


def clean_option(o):
    out = {k: o[k] for k in OPTION_KEYS if k in o and o[k] not in (None, [], False)}
    if "default" in o and o["default"] is not None:
        out["default"] = o["default"]
        if isinstance(o["default"], str) and socket.gethostname() in o["default"]:
            del out["default"]  # computed on the host (user's ssh_key_comment)
    if isinstance(out.get("type"), str) or "type" not in out:
        out.setdefault("type", "str")
    else:  # a callable type (rare): treat as raw
        out["type"] = "raw"
    if "options" in o and o["options"]:
        out["suboptions"] = {k: clean_option(v) for k, v in o["options"].items()}
    if "suboptions" in o and o["suboptions"]:
        out["suboptions"] = {k: clean_option(v) for k, v in o["suboptions"].items()}
    return out


def capture(name):
    mod = importlib.import_module(f"ansible.modules.{name}")
    if not hasattr(mod, "main"):
        return None
    seen = {}

    def fake_init(self, argument_spec, **kw):
        seen["spec"] = dict(argument_spec)
        if kw.get("add_file_common_args"):
            for k, v in FILE_COMMON_ARGUMENTS.items():
                seen["spec"].setdefault(k, v)
        seen.update(kw)
        raise Captured()

    orig = basic.AnsibleModule.__init__
    basic.AnsibleModule.__init__ = fake_init
    try:
        mod.main()
    except Captured:
        pass
    except SystemExit:
        pass
    finally:
        basic.AnsibleModule.__init__ = orig
    return seen or None


def doc(name):
    out = subprocess.run([sys.executable, "-m", "ansible", "doc", "-j", f"ansible.builtin.{name}"],
                         capture_output=True, text=True)
    if out.returncode != 0:
        out = subprocess.run(["ansible-doc", "-j", f"ansible.builtin.{name}"], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)[f"ansible.builtin.{name}"]["doc"]


# Callables action plugins use as option types, by what they accept.
ACTION_TYPES = {"str_or_list_of_str": "raw", "_check_type_list_strict": "list", "int": "int",
                "_check_type_str_no_conversion": "str", "str": "str", "bool": "bool", "float": "float"}


def action_spec(name):
    """The `validate_argument_spec(...)` call of an action plugin (debug, assert, pause), read
    from its source: those options are what the action really accepts."""
    import ast
    import ansible.plugins.action as actions
    path = f"{actions.__path__[0]}/{name}.py"
    try:
        tree = ast.parse(open(path).read())
    except OSError:
        return None

    def value(node):
        if isinstance(node, ast.Name):
            return ACTION_TYPES.get(node.id, "raw")
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "dict":
            return {k.arg: value(k.value) for k in node.keywords}
        if isinstance(node, ast.Dict):
            return {value(k): value(v) for k, v in zip(node.keys, node.values)}
        if isinstance(node, (ast.Tuple, ast.List)):
            return [value(e) for e in node.elts]
        return ast.literal_eval(node)

    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "validate_argument_spec":
            return {k.arg: value(k.value) for k in node.keywords}
    return None


def check_mode_support(d):
    return d.get("attributes", {}).get("check_mode", {}).get("support", "none")


def spec_of(name, runs_on):
    d = doc(name)
    seen = capture(name)
    entry = {"runs_on": runs_on, "collection": "ansible.builtin", "check_mode": check_mode_support(d)}
    if runs_on == "controller" and not seen:
        seen = action_spec(name)
        if seen:
            seen["spec"] = seen.pop("argument_spec")
    if seen:
        entry["options"] = {k: clean_option(v) for k, v in sorted(seen["spec"].items())}
        for rule in ("mutually_exclusive", "required_together", "required_one_of", "required_if", "required_by"):
            if seen.get(rule):
                entry[rule] = seen[rule]
    else:
        entry["options"] = {k: clean_option(v) for k, v in sorted((d.get("options") or {}).items())}
    free = [k for k in entry["options"] if k in ("free_form", "_raw_params")]
    if free:
        entry["free_form"] = free[0]
    return entry


# Where a documented type is narrower than what the module accepts: `package` hands `name` to
# the host's manager module (apt, dnf, ...), which takes a list.
OVERRIDES = {("package", "name"): {"type": "list", "elements": "str", "required": True}}


def main():
    specs = {"_generated_from": f"ansible-core {ansible.__version__}"}
    for name, runs_on in MODULES:
        specs[name] = spec_of(name, runs_on)
    for (module, option), spec in OVERRIDES.items():
        specs[module]["options"][option] = spec
    for name, target in SAME_ARGS.items():
        specs[name] = dict(specs[target], check_mode=specs[name]["check_mode"])
    for alias, target in ALIASES.items():
        specs[alias] = dict(specs[target], alias_of=target)
    specs.update(EXTRA)
    json.dump(specs, sys.stdout, indent=1, sort_keys=True, default=str)
    print()


if __name__ == "__main__":
    main()
