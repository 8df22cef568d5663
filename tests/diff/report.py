"""What a run prints, and its exit status."""

import re
from collections import Counter

REFERENCE_SERVERS = ("classic", "thread")


def _pct(x):
    return "-" if x is None else f"{x:.1f}%" if x < 100 else "100%"


def _row(name, t):
    msgs = f"{t['messages_agree']}/{t['messages_compared']}" if t["messages_compared"] else "-"
    return (
        f"  {name:<16} {t['total']:>6} {t['agree']:>6} {t['wrong']:>6} {t['unsupported']:>6} "
        f"{t['crash']:>6} {_pct(t['agreement']):>7}   {msgs}"
    )


def _short(outcome, width=160):
    if outcome["kind"] == "value":
        text = outcome["obtained"]
        if outcome.get("repr") not in (None, outcome["obtained"]):
            text += f"   (server repr: {outcome['repr']})"
    elif outcome["kind"] == "exc":
        text = f"{outcome['type']}: {outcome['msg']}"
    else:
        text = f"<{outcome['kind']}: {outcome.get('why', '')}>"
    text = text.replace("\n", "\\n")
    return text if len(text) <= width else text[: width - 3] + "..."


def signature(d):
    """Groups disagreements that are probably one bug: the way the answer is
    wrong plus the shape of the agent's message (digits and quoted names
    blurred)."""
    got = d["got"]
    if d.get("rpyc_quirk"):
        # The reference differs from local semantics here: the agent has to
        # reproduce what rpyc does with netrefs.
        return f"{d['detail']} (rpyc quirk)"
    if got["kind"] == "exc":
        msg = re.sub(r"'[^']*'", "'…'", got["msg"].split("\n")[0])
        msg = re.sub(r"\d+", "N", msg)[:90]
        head = got["type"] if d["detail"] == got["type"] else f"{d['detail']}: {got['type']}"
        return f"{head}: {msg}"
    return f"{d['detail']} ({d['family']})"


def print_server(res, show):
    o = res["overall"]
    print(f"\n== {res['server']}: {o['total']} cases in {res['seconds']} s, {res['restarts']} restarts")
    print(f"  {'family':<16} {'cases':>6} {'agree':>6} {'wrong':>6} {'unsup':>6} {'crash':>6} {'agree%':>7}   messages")
    for name, t in res["families"].items():
        print(_row(name, t))
    print(_row("ALL", o))
    if res["wrong_kinds"]:
        print("  wrong answers by kind: " + ", ".join(f"{k} {n}" for k, n in res["wrong_kinds"].items()))
    dis = res["disagreements"]
    bad = [d for d in dis if d["verdict"] in ("wrong", "crash")]
    for title, group in (
        ("wrong answers and crashes", bad),
        ("unsupported", [d for d in dis if d["verdict"] == "unsupported"]),
    ):
        if not group:
            continue
        sigs = Counter(signature(d) for d in group)
        print(f"  {title}, by signature ({len(sigs)}):")
        for sig, n in sigs.most_common(25 if title != "unsupported" else 12):
            print(f"    {n:>5}  {sig}")
    for d in bad[:show]:
        src = d["source"].replace("\n", "\n        ")
        print(f"  -- {d['id']} ({d['verdict']}: {d['detail']})\n        {src}")
        print(f"     expected: {_short(d['expected'])}\n     got:      {_short(d['got'])}")
    if res["message_diffs"]:
        print(f"  exception messages that differ (same type): {len(res['message_diffs'])}; first ones:")
        for m in res["message_diffs"][: min(show, 8)]:
            print(f"    {m['id']}: {m['type']}\n      expected: {m['expected']!r}\n      got:      {m['got']!r}")


def verdict(summary, min_agreement, max_wrong, max_crashes=0):
    """0 when every check passes; 1 when the agent (any server but the
    reference) misses a threshold or crashes; 2 when the harness itself is
    wrong (invalid cases, or a real Python server disagreeing with CPython)."""
    status = 0
    if summary["invalid"]:
        print(f"difftest: FAIL: {len(summary['invalid'])} invalid cases (generator bugs), e.g. {summary['invalid'][0]}")
        status = 2
    for res in summary["servers"]:
        o, name = res["overall"], res["server"]
        if name in REFERENCE_SERVERS:
            if o["agree"] != o["total"] or o["messages_agree"] != o["messages_compared"]:
                print(
                    f"difftest: FAIL: the real rpyc_classic disagrees with CPython on "
                    f"{o['total'] - o['agree']} cases and {o['messages_compared'] - o['messages_agree']} "
                    f"messages: the harness is wrong"
                )
                status = 2
            else:
                print(f"difftest: {name}: {o['total']}/{o['total']} agree (harness validated)")
            continue
        line = (
            f"difftest: {name}: {o['agree']}/{o['total']} agree ({_pct(o['agreement'])}), "
            f"{o['wrong']} wrong, {o['unsupported']} unsupported, {o['crash']} crashes; "
            f"messages {o['messages_agree']}/{o['messages_compared']}"
        )
        print(line)
        if o["crash"] > max_crashes:
            print(f"difftest: FAIL: {name} crashed or hung {o['crash']} times (--max-crashes {max_crashes})")
            status = max(status, 1)
        if min_agreement is not None and (o["agreement"] or 0) < min_agreement:
            print(f"difftest: FAIL: {name} agreement {_pct(o['agreement'])} is below --min-agreement {min_agreement}%")
            status = max(status, 1)
        if max_wrong is not None and o["wrong"] > max_wrong:
            print(f"difftest: FAIL: {name} gave {o['wrong']} wrong answers, more than --max-wrong {max_wrong}")
            status = max(status, 1)
    return status
