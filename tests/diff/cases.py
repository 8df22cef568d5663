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


FAMILIES = {}


def family(name, doc, fixed, draw, weight=1):
    """Registers a family: ``fixed()`` lists its hand-picked cases,
    ``draw(rng)`` makes one random case."""
    FAMILIES[name] = Family(name, doc, fixed, draw, weight)


def _as_case(fam, index, item):
    if isinstance(item, Case):
        return item
    if isinstance(item, str):
        item = ("eval", item)
    mode, src, *rest = item
    op = rest[0] if rest else ""
    msg = rest[1] if len(rest) > 1 else True
    return Case(f"{fam}-{index:05d}", fam, mode, src, op, msg)


def generate(seed, count, names=None):
    """About ``count`` cases over the families ``names`` (all when None),
    shared out by weight; each family's fixed cases come first and count
    toward its share (a family never gets fewer than its fixed cases)."""
    import families  # noqa: F401  (registers every family)

    names = list(names or FAMILIES)
    unknown = [n for n in names if n not in FAMILIES]
    if unknown:
        print(f"difftest: unknown families: {', '.join(unknown)}; known: {', '.join(FAMILIES)}", file=sys.stderr)
        raise SystemExit(3)
    total_weight = sum(FAMILIES[n].weight for n in names)
    cases = []
    for name in names:
        fam = FAMILIES[name]
        share = max(1, round(count * fam.weight / total_weight))
        rng = random.Random(f"{seed}:{name}")
        seen = set()
        items = []
        for item in fam.fixed():
            key = item if isinstance(item, (str, tuple)) else (item.mode, item.src, item.op)
            if key not in seen:
                seen.add(key)
                items.append(item)
        misses = 0
        while len(items) < share and misses < 50 * share:
            item = fam.draw(rng)
            key = item if isinstance(item, (str, tuple)) else None
            if item is None or key in seen:
                misses += 1
                continue
            seen.add(key)
            items.append(item)
        cases.extend(_as_case(name, i, item) for i, item in enumerate(items))
    return cases
