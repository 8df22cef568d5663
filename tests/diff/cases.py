"""The case model and the seeded generator's registry.

A case is one thing to run on both sides:

- ``eval``: ``src`` is one expression; the observable is its value.
- ``exec``: ``src`` is a program; the observable is the variable ``result``.
- ``proxy``: ``src`` is a program run on the server, then ``op`` is an
  expression evaluated *on the client* over ``ns`` (the server's namespace,
  a netref) and ``B`` (the server's builtins): it exercises the unmodified
  rpyc client's own proxy operations on the server's objects.

The observable of a case is either a value (compared by ``repr``) or an
exception (compared by type, and by message when ``msg`` is true).

Generation is deterministic for a seed: each family draws from its own
``random.Random(f"{seed}:{family}")`` (string seeds are hashed with SHA-512,
not with the randomized ``hash``), and nothing in the generator iterates
over a set or a dict of strings.
"""

import random
import sys
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Case:
    id: str
    family: str
    mode: str  # "eval" | "exec" | "proxy"
    src: str
    op: str = ""
    # False when the exception message is not deterministic (say, the
    # depth at which RecursionError strikes): then only the type counts.
    msg: bool = True
    # "language" (the interpreter and the builtins) or "stdlib" (modules:
    # results of any picklable class, the fixture directory as FIX).
    suite: str = "language"

    def to_json(self):
        return asdict(self)

    def describe(self):
        text = self.src if self.mode != "proxy" else f"{self.src}\n# client side:\n{self.op}"
        return f"[{self.mode}] {text}"


@dataclass
class Family:
    name: str
    doc: str
    # fixed(): hand-picked hard cases, always included (in order) first.
    fixed: object
    # draw(rng): one random case as (mode, src[, op]) or None to skip.
    draw: object
    weight: int = 1
    suite: str = "language"


FAMILIES = {}


SUITES = ("language", "stdlib")


def family(name, doc, fixed, draw, weight=1, suite="language"):
    """Registers a family: ``fixed()`` lists its hand-picked cases,
    ``draw(rng)`` makes one random case (or is None: fixed cases only);
    ``suite`` is "language" or "stdlib"."""
    assert suite in SUITES, suite
    FAMILIES[name] = Family(name, doc, fixed, draw, weight, suite)


def _as_case(fam, index, item):
    suite = FAMILIES[fam].suite
    if isinstance(item, Case):
        return item
    if isinstance(item, str):
        # A stdlib case is a program (it imports its module); a language
        # case is an expression unless it says otherwise.
        item = ("exec" if suite == "stdlib" else "eval", item)
    mode, src, *rest = item
    op = rest[0] if rest else ""
    msg = rest[1] if len(rest) > 1 else True
    return Case(f"{fam}-{index:05d}", fam, mode, src, op, msg, suite)


def generate(seed, count, names=None, suites=("language",)):
    """About ``count`` cases per suite over the families ``names`` (when
    None, every family of ``suites``), shared out by weight within each
    suite; each family's fixed cases come first and count toward its share
    (a family never gets fewer than its fixed cases)."""
    import families  # noqa: F401  (registers every family)

    names = list(names or [n for n, f in FAMILIES.items() if f.suite in suites])
    unknown = [n for n in names if n not in FAMILIES]
    if unknown:
        print(f"difftest: unknown families: {', '.join(unknown)}; known: {', '.join(FAMILIES)}", file=sys.stderr)
        raise SystemExit(3)
    suite_weight = {}
    for n in names:
        suite_weight[FAMILIES[n].suite] = suite_weight.get(FAMILIES[n].suite, 0) + FAMILIES[n].weight
    cases = []
    for name in names:
        fam = FAMILIES[name]
        share = max(1, round(count * fam.weight / suite_weight[fam.suite]))
        rng = random.Random(f"{seed}:{name}")
        seen = set()
        items = []
        for item in fam.fixed():
            key = item if isinstance(item, (str, tuple)) else (item.mode, item.src, item.op)
            if key not in seen:
                seen.add(key)
                items.append(item)
        misses = 0
        while fam.draw is not None and len(items) < share and misses < 50 * share:
            item = fam.draw(rng)
            key = item if isinstance(item, (str, tuple)) else None
            if item is None or key in seen:
                misses += 1
                continue
            seen.add(key)
            items.append(item)
        cases.extend(_as_case(name, i, item) for i, item in enumerate(items))
    return cases
