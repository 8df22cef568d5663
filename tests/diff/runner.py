"""Runs cases on a server and tallies the verdicts against the reference."""

import time
from collections import Counter, defaultdict

from observe import ServerLost, classify, local_proxy, message_verdict, reference, remote

VERDICTS = ("agree", "wrong", "unsupported", "crash")


class Tally:
    def __init__(self):
        self.counts = Counter()
        self.msg = Counter()

    def as_dict(self):
        total = sum(self.counts[v] for v in VERDICTS)
        d = {v: self.counts[v] for v in VERDICTS}
        d["total"] = total
        d["agreement"] = round(100.0 * self.counts["agree"] / total, 3) if total else None
        d["messages_compared"] = self.msg["compared"]
        d["messages_agree"] = self.msg["agree"]
        return d


def expected_outcomes(cases, thread_server):
    """The reference outcome of every case: CPython in-process for eval and
    exec cases; a real classic server on a thread for proxy cases (what the
    rpyc client sees from a Python server is the reference there)."""
    out = {}
    for case in cases:
        if case.mode == "proxy":
            try:
                ref = remote(thread_server.conn, case)
            except ServerLost as e:
                out[case.id] = {"kind": "invalid", "why": f"the thread reference lost its server: {e}"}
                thread_server.restart()
                continue
            ref["quirk"] = classify(local_proxy(case), ref)[0] != "agree"
            out[case.id] = ref
        else:
            out[case.id] = reference(case)
    return out


def run_server(server, cases, expected, progress=None):
    """Runs every comparable case on ``server``; returns the result dict."""
    families = defaultdict(Tally)
    overall = Tally()
    disagreements, message_diffs = [], []
    wrong_kinds = Counter()
    started = time.monotonic()
    restarts = 0
    for n, case in enumerate(cases, 1):
        exp = expected[case.id]
        if exp["kind"] == "invalid":
            continue
        try:
            got = remote(server.conn, case)
        except ServerLost as e:
            got = {"kind": "lost", "why": str(e)}
            server.restart()
            restarts += 1
        verdict, detail = classify(exp, got)
        for t in (families[case.family], overall):
            t.counts[verdict] += 1
        mv = message_verdict(case, exp, got) if verdict == "agree" else None
        if mv is not None:
            for t in (families[case.family], overall):
                t.msg["compared"] += 1
                t.msg["agree"] += mv
            if not mv:
                message_diffs.append(
                    {
                        "id": case.id,
                        "source": case.describe(),
                        "type": exp["type"],
                        "expected": exp["msg"],
                        "got": got["msg"],
                    }
                )
        if verdict != "agree":
            if verdict == "wrong":
                wrong_kinds[detail] += 1
            disagreements.append(
                {
                    "id": case.id,
                    "family": case.family,
                    "verdict": verdict,
                    "detail": detail,
                    "rpyc_quirk": exp.get("quirk", False),
                    "source": case.describe(),
                    "expected": exp,
                    "got": got,
                }
            )
        if progress and n % 500 == 0:
            progress(n, len(cases))
    return {
        "server": server.kind,
        "seconds": round(time.monotonic() - started, 2),
        "restarts": restarts,
        "overall": overall.as_dict(),
        "families": {name: families[name].as_dict() for name in sorted(families)},
        "wrong_kinds": dict(sorted(wrong_kinds.items())),
        "disagreements": disagreements,
        "message_diffs": message_diffs,
    }
