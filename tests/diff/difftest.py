#!/usr/bin/env python3
"""Differential tests of rpyc-agent's Python against CPython.

    difftest.py run [--seed N] [--count N] [--server agent|classic|both|HOST:PORT ...]
    difftest.py gen [--seed N] [--count N] [--family F,...]   # the cases, as JSON lines
    difftest.py selfcheck [--seed N] [--count N]              # the generator's determinism
    difftest.py table SUMMARY.json                            # a run's counts as Markdown

See README.md in this directory.
"""

import argparse
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import rpyc  # noqa: E402

import cases as casemod  # noqa: E402
import report  # noqa: E402
import servers  # noqa: E402
from observe import reference  # noqa: E402
from regressions import REGRESSIONS  # noqa: E402
from runner import expected_outcomes, run_server  # noqa: E402

DEFAULT_SEED = 1
DEFAULT_COUNT = 3000


def select(args):
    names = [n for n in (args.family or "").split(",") if n] or None
    suites = casemod.SUITES if args.suite == "all" else (args.suite,)
    generated = None if names is None else [n for n in names if n != "regression"]
    cases = casemod.generate(args.seed, args.count, generated, suites) if generated != [] else []
    wants_regressions = "regression" in names if names else "language" in suites
    if not args.no_regressions and wants_regressions:
        # A generated case that is also a named regression runs once, by name.
        named = {(c.mode, c.src, c.op) for c in REGRESSIONS}
        cases = [c for c in cases if (c.mode, c.src, c.op) not in named] + REGRESSIONS
    return cases


def cmd_gen(args):
    for case in select(args):
        print(json.dumps(case.to_json(), ensure_ascii=False))
    return 0


def cmd_selfcheck(args):
    """Generates the cases and their CPython outcomes in two fresh
    interpreters with different string-hash seeds: any difference is a case
    whose result depends on hashing (or on addresses), which the generator
    must not produce. Also lists invalid cases (generator bugs)."""
    digests = []
    for hashseed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=hashseed)
        out = subprocess.run(
            [sys.executable, __file__, "_outcomes", "--seed", str(args.seed), "--count", str(args.count)]
            + ["--suite", args.suite]
            + (["--family", args.family] if args.family else []),
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        digests.append(out.splitlines())
    a, b = digests
    bad = 0
    if len(a) != len(b):
        print(f"selfcheck: case counts differ between hash seeds: {len(a)} vs {len(b)}")
        bad += 1
    for la, lb in zip(a, b, strict=False):
        if la != lb:
            bad += 1
            if bad <= 10:
                print(f"selfcheck: differs between hash seeds:\n  {la}\n  {lb}")
    invalid = [json.loads(line) for line in a if json.loads(line)["outcome"]["kind"] == "invalid"]
    for item in invalid[:20]:
        print(f"selfcheck: invalid case {item['case']['id']}: {item['outcome']['why']}\n  {item['case']['src']}")
    total = len(a)
    digest = hashlib.sha256("\n".join(a).encode()).hexdigest()[:16]
    print(f"selfcheck: {total} cases, {bad} hash-dependent, {len(invalid)} invalid; outcomes digest {digest}")
    return 1 if bad or invalid else 0


def cmd_outcomes(args):
    for case in select(args):
        outcome = reference(case) if case.mode != "proxy" else {"kind": "proxy"}
        print(json.dumps({"case": case.to_json(), "outcome": outcome}, ensure_ascii=False, sort_keys=True))
    return 0


def cmd_run(args):
    cases = select(args)
    wanted = ["classic", "agent"] if args.server == ["both"] else args.server
    thread = servers.ThreadServer()
    thread.start()
    expected = expected_outcomes(cases, thread)
    invalid = {cid: o for cid, o in expected.items() if o["kind"] == "invalid"}
    print(
        f"difftest: seed {args.seed}, {len(cases)} cases ({len(cases) - len(invalid)} comparable), "
        f"CPython {sys.version.split()[0]}, rpyc {rpyc.__version__}",
        flush=True,
    )
    results = []
    for spec in wanted:
        server = servers.make(spec)
        server.start()
        try:
            res = run_server(
                server,
                cases,
                expected,
                progress=lambda n, t, k=server.kind: print(f"  {k}: {n}/{t}", file=sys.stderr, flush=True),
            )
        finally:
            server.finish()
        results.append(res)
        report.print_server(res, args.show)
    thread.finish()
    summary = {
        "seed": args.seed,
        "count": len(cases),
        "invalid": [{"id": cid, "why": o["why"]} for cid, o in invalid.items()],
        "python": sys.version.split()[0],
        "rpyc": rpyc.__version__,
        "servers": results,
    }
    if args.json:
        path = Path(args.json)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(summary, indent=1, ensure_ascii=False) + "\n")
        print(f"difftest: summary written to {path}")
    return report.verdict(summary, args.min_agreement, args.max_wrong, args.max_crashes)


def cmd_table(args):
    """A summary's per-family counts as Markdown tables, for recording."""
    summary = json.loads(Path(args.summary).read_text())
    print(f"seed {summary['seed']}, {summary['count']} cases, CPython {summary['python']}, rpyc {summary['rpyc']}\n")
    for res in summary["servers"]:
        print(f"**{res['server']}**\n")
        print("| family | cases | agree | wrong | unsupported | crash | agreement | messages |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        rows = list(res["families"].items()) + [("**all**", res["overall"])]
        for name, t in rows:
            msgs = f"{t['messages_agree']}/{t['messages_compared']}" if t["messages_compared"] else "-"
            print(
                f"| {name} | {t['total']} | {t['agree']} | {t['wrong']} | {t['unsupported']} | {t['crash']} "
                f"| {t['agreement']}% | {msgs} |"
            )
        print()
    return 0


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)

    def common(sp):
        sp.add_argument("--seed", type=int, default=DEFAULT_SEED)
        sp.add_argument("--count", type=int, default=DEFAULT_COUNT, help="generated cases (about; shared by weight)")
        sp.add_argument(
            "--suite",
            choices=("language", "stdlib", "all"),
            default="language",
            help="the families to run when --family is not given: the interpreter and builtins (language, the "
            "default), the modules (stdlib), or both; --count applies to each suite",
        )
        sp.add_argument("--family", help="comma-separated families (default: all); 'regression' for the named cases")
        sp.add_argument("--no-regressions", action="store_true", help="leave out the named regression cases")

    r = sub.add_parser("run", help="run the cases on servers and compare with CPython")
    common(r)
    r.add_argument(
        "--server",
        nargs="+",
        default=["both"],
        help="agent, classic, both (classic then agent), or HOST:PORT of any classic server",
    )
    r.add_argument("--show", type=int, default=15, help="disagreements to print per server")
    r.add_argument("--json", help="write the summary (every disagreement included) here")
    r.add_argument(
        "--min-agreement",
        type=float,
        default=None,
        help="exit 1 when the agent agrees on fewer than this percentage of the cases",
    )
    r.add_argument("--max-wrong", type=int, default=None, help="exit 1 when the agent gives more wrong answers")
    r.add_argument(
        "--max-crashes",
        type=int,
        default=0,
        help="exit 1 when the agent crashes or hangs more often than this (default 0)",
    )
    r.set_defaults(fn=cmd_run)
    g = sub.add_parser("gen", help="print the cases as JSON lines")
    common(g)
    g.set_defaults(fn=cmd_gen)
    s = sub.add_parser("selfcheck", help="check the generator's determinism across hash seeds")
    common(s)
    s.set_defaults(fn=cmd_selfcheck)
    t = sub.add_parser("table", help="print a run's JSON summary as Markdown tables")
    t.add_argument("summary")
    t.set_defaults(fn=cmd_table)
    o = sub.add_parser("_outcomes")
    common(o)
    o.set_defaults(fn=cmd_outcomes)
    args = p.parse_args()
    sys.exit(args.fn(args))


if __name__ == "__main__":
    main()
