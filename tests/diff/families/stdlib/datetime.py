"""datetime: constructors and their range errors, timedelta's normalisation
and arithmetic, naive/aware comparison and subtraction, isoformat and the
3.11 fromisoformat grammar, strftime/strptime, local time in zones with
DST (the case sets TZ and restores it), values copied by value, and the
same objects driven through netrefs (``M.datetime``).

The fixed cases are the expressions of the agent's unit test
(agent/src/modules/datetime/testdata/exprs.txt), so both check one list."""

from pathlib import Path

from cases import family

EXPRS = Path(__file__).resolve().parents[4] / "agent/src/modules/datetime/testdata/exprs.txt"
SETUP = "from datetime import *\nimport time as _time\n"
ZONES = ["Europe/Paris", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"]

# fmt: off
LOCAL = [
    "datetime(2024, 7, 1, 12).astimezone()", "datetime(2024, 1, 1, 12).astimezone()",
    "datetime(2024, 7, 1, 12, tzinfo=timezone.utc).astimezone()", "datetime(2024, 3, 31, 2, 30).timestamp()",
    "datetime(2024, 3, 31, 2, 30, fold=1).timestamp()", "datetime(2024, 10, 27, 2, 30).timestamp()",
    "datetime(2024, 10, 27, 2, 30, fold=1).timestamp()", "datetime.fromtimestamp(1729992600)",
    "datetime.fromtimestamp(1729989000)", "datetime.fromtimestamp(1730606400.25)", "datetime.fromtimestamp(-1.5)",
    "datetime(2024, 11, 3, 1, 30).timestamp()", "datetime(2024, 11, 3, 1, 30, fold=1).timestamp()",
    "datetime(2024, 3, 10, 2, 30).timestamp()", "datetime(2024, 10, 27, 2, 30, fold=1).astimezone()",
    "datetime(2024, 4, 7, 1, 45).astimezone()", "datetime(2024, 4, 7, 1, 45, fold=1).astimezone()",
    "date.fromtimestamp(1729989000)", "_time.localtime(1729989000)", "_time.mktime((2024, 10, 27, 2, 30, 0, 0, 1, -1))",
    "(_time.timezone, _time.altzone, _time.daylight, _time.tzname)",
    "datetime(2024, 1, 2, 3, 4, 5).strftime('%s %z %Z')", "_time.strftime('%Z %z', _time.localtime(1729989000))",
    "datetime.fromtimestamp(0).astimezone().tzname()", "datetime(1, 1, 2).astimezone()",
]
PROXY = [
    "M.datetime.datetime(2024, 1, 2, 3, 4, 5)", "M.datetime.date(2024, 1, 2).year",
    "str(M.datetime.timedelta(days=1, seconds=5))", "repr(M.datetime.timedelta(hours=-1))",
    "M.datetime.datetime(2024, 1, 2) + M.datetime.timedelta(days=1)",
    "M.datetime.datetime(2024, 1, 2) - M.datetime.datetime(2023, 12, 25, 12)",
    "M.datetime.datetime(2024, 1, 2) < M.datetime.datetime(2025, 1, 1)",
    "M.datetime.datetime(2024, 1, 2).strftime('%A %d %B %Y %j')", "format(M.datetime.date(2024, 1, 2), '%d/%m')",
    "M.datetime.datetime.fromisoformat('2024-01-02T03:04:05+01:00')",
    "M.datetime.datetime(2024, 1, 2, tzinfo=M.datetime.timezone.utc).isoformat()",
    "M.datetime.timezone(M.datetime.timedelta(hours=5, minutes=30), 'IST')", "M.datetime.timezone.utc",
    "abs(M.datetime.datetime.now().timestamp() - M.time.time()) < 5",
    "abs(M.datetime.datetime.now(M.datetime.timezone.utc).timestamp() - M.time.time()) < 5",
    "M.datetime.datetime.now().year >= 2024", "type(M.datetime.datetime.now()).__name__",
    "M.datetime.datetime.utcnow().tzinfo is None", "M.datetime.date.today() == M.datetime.datetime.now().date()",
    "M.datetime.datetime(2024, 1, 2).isocalendar()", "M.datetime.date(2024, 1, 2).isocalendar().week",
    "M.datetime.datetime.strptime('02/01/2024 10:11', '%d/%m/%Y %H:%M')",
    "M.datetime.datetime.strptime('nope', '%Y')", "M.datetime.date(2024, 2, 30)", "M.datetime.timedelta(days=10**10)",
    "M.datetime.datetime.min", "M.datetime.timedelta.max", "M.datetime.time(12, 30).replace(minute=0)",
    "[d.day for d in [M.datetime.date(2024, 1, 2), M.datetime.date(2024, 3, 4)]]",
    "M.datetime.datetime(2024, 1, 2) == M.datetime.date(2024, 1, 2)",
    "M.datetime.datetime(2024, 1, 2, tzinfo=M.datetime.timezone.utc) - M.datetime.datetime(2024, 1, 1)",
    "M.datetime.timedelta(hours=25).total_seconds()", "-M.datetime.timedelta(seconds=1)",
    "M.datetime.timedelta(1) * 1.5", "M.datetime.timedelta(1) // M.datetime.timedelta(hours=5)",
    "divmod(M.datetime.timedelta(1), M.datetime.timedelta(hours=7))", "bool(M.datetime.timedelta(0))",
    "M.datetime.datetime(2024, 1, 2).timetuple()", "M.datetime.MINYEAR, M.datetime.MAXYEAR",
]
FORMATS = ["%Y-%m-%d", "%H:%M:%S.%f", "%a %b %d %Y", "%A %B %j", "%U %W %V %G %u %w", "%y %C %e %k %l %p",
           "%c|%x|%X", "%D %T %R %r", "%z %Z %%", "%-d %_m %05Y", "%^a %#b %10A", "%f%f", "%Q %E %", "x%",
           "%G-W%V-%u", "%I%p %M"]
ISO_PARTS = ["2024-01-02", "20240102", "2024-W01-2", "2024W012", "2024-W53", "2020-W53-7", "0001-01-01", "9999-12-31",
             "2024-02-30", "2024-13-01", "24-01-02"]
TIME_PARTS = ["", "T10", "T10:11", "T1011", "T10:11:12", "T10:11:12.5", "T10:11:12,123456789", " 10:11",
              "T10:11Z", "T10:11+05:30", "T10:11-0530", "T10:11+00:00", "T25:00", "T10:11:12.", "T10:1",
              "T10:11+24:00", "x10:11", "T10:11:12.123+05:30:15.5"]
# fmt: on


def fixed():
    out = []
    for line in EXPRS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            out.append(("exec", f"{SETUP}result = {line}"))
    for zone in ZONES:
        for expr in LOCAL:
            out.append(("exec", in_zone(zone, expr)))
    out.extend(("proxy", "import datetime, time", op) for op in PROXY)
    return out


def in_zone(zone, expr):
    """A program that evaluates ``expr`` with TZ set to ``zone``, then
    restores the process's zone."""
    return (
        f"{SETUP}import os\nold = os.environ.get('TZ')\nos.environ['TZ'] = {zone!r}\n_time.tzset()\n"
        f"try:\n    result = {expr}\nfinally:\n"
        "    if old is None:\n        del os.environ['TZ']\n    else:\n        os.environ['TZ'] = old\n    "
        "_time.tzset()"
    )


def random_datetime(rng, aware=None):
    y = rng.choice([1, 2, 100, 1969, 1970, 2000, 2024, 2025, 9999])
    args = [y, rng.randint(1, 12), rng.randint(1, 31 if rng.random() < 0.2 else 28)]
    if rng.random() < 0.8:
        args += [rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59), rng.choice([0, 1, 999999, 500000])]
    tz = random_zone(rng) if (aware if aware is not None else rng.random() < 0.4) else None
    text = ", ".join(map(str, args))
    return f"datetime({text}, tzinfo={tz})" if tz else f"datetime({text})"


def random_zone(rng):
    return rng.choice(
        [
            "timezone.utc",
            "timezone(timedelta(hours=5, minutes=30))",
            "timezone(timedelta(hours=-8), 'PST')",
            "timezone(timedelta(seconds=-1))",
            "timezone(timedelta(hours=23, minutes=59))",
            "timezone(timedelta(minutes=90), 'X%Y')",
        ]
    )


def random_delta(rng):
    parts = []
    for name in ["days", "seconds", "microseconds", "milliseconds", "minutes", "hours", "weeks"]:
        if rng.random() < 0.35:
            v = rng.choice([0, 1, -1, 7, 59, 86399, 10**6, -(10**5), 999999999, 1.5, -0.5, 0.1, 2.5e-7, 1e10])
            parts.append(f"{name}={v!r}")
    return f"timedelta({', '.join(parts)})"


TIMESPECS = ["auto", "hours", "minutes", "seconds", "milliseconds", "microseconds", "nanos"]


def draw(rng):
    kind = rng.random()
    if kind < 0.2:
        return ("exec", f"{SETUP}result = {random_delta(rng)}")
    if kind < 0.35:
        a, b = random_delta(rng), rng.choice([random_delta(rng), "2", "-3", "0.25", "1e300", "0"])
        op = rng.choice(["+", "-", "*", "/", "//", "%", "<", "=="])
        return ("exec", f"{SETUP}result = {a} {op} {b}")
    if kind < 0.5:
        a = random_datetime(rng)
        b = rng.choice([random_datetime(rng), random_delta(rng), f"date({rng.randint(1, 9999)}, 1, 1)"])
        op = rng.choice(["-", "+", "<", "==", "!=", ">="])
        return ("exec", f"{SETUP}result = {a} {op} {b}")
    if kind < 0.65:
        fmt = "".join(rng.choice(FORMATS) for _ in range(rng.randint(1, 2)))
        return ("exec", f"{SETUP}result = {random_datetime(rng)}.strftime({fmt!r})")
    if kind < 0.8:
        text = rng.choice(ISO_PARTS) + rng.choice(TIME_PARTS)
        cls = rng.choice(["datetime", "date", "time"])
        return ("exec", f"{SETUP}result = {cls}.fromisoformat({text!r})")
    if kind < 0.9:
        d = random_datetime(rng)
        call = rng.choice(
            [
                f"isoformat({rng.choice(['T', ' ', '_'])!r}, {rng.choice(TIMESPECS)!r})",
                "ctime()",
                "timetuple()",
                "utctimetuple()",
                "toordinal()",
                "isocalendar()",
                "weekday(), _.isoweekday()",
                f"replace(year={rng.randint(0, 10000)})",
                f"replace(day={rng.randint(1, 31)})",
                "utcoffset(), _.tzname(), _.dst()",
                "date(), _.time(), _.timetz()",
                f"astimezone({random_zone(rng)})",
                "__reduce__()",
            ]
        )
        if "_." in call:
            return ("exec", f"{SETUP}_ = {d}\nresult = _.{call}")
        return ("exec", f"{SETUP}result = {d}.{call}")
    fmt = rng.choice(["%Y-%m-%d %H:%M:%S", "%d/%m/%y %I:%M %p", "%Y %j", "%G %V %u", "%Y-%m-%dT%H:%M:%S.%f%z", "%b %d"])
    d = random_datetime(rng, aware=False)
    return ("exec", f"{SETUP}result = datetime.strptime({d}.strftime({fmt!r}), {fmt!r})")


family("mod_datetime", __doc__, fixed, draw, weight=4, suite="stdlib")
