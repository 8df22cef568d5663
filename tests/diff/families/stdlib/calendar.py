"""calendar: the module functions (isleap, leapdays, weekday, monthrange,
monthcalendar, timegm), the text calendars month() and calendar() with
their widths, the name sequences and the errors."""

from cases import family

# fmt: off
FIXED = [
    "import calendar\nresult = calendar.month(2024, 2)",
    "import calendar\nresult = calendar.month(2024, 2, 3, 2)",
    "import calendar\nresult = calendar.month(2024, 13)",
    "import calendar\nresult = calendar.month(2024, 0)",
    "import calendar\nresult = calendar.month(10000, 1)",
    "import calendar\nresult = calendar.calendar(2024)",
    "import calendar\nresult = calendar.calendar(2023, 3, 1, 2, 4)",
    "import calendar\nresult = calendar.calendar(2023, m=5)",
    "import calendar\nresult = calendar.calendar(2023, w=9)",
    "import calendar\nresult = calendar.monthcalendar(2024, 2)",
    "import calendar\nresult = calendar.monthrange(2024, 13)",
    "import calendar\nresult = str(calendar.IllegalMonthError(5))",
    "import calendar\nresult = calendar.isleap('x')",
    "import calendar\nresult = calendar.isleap(2024.0), calendar.isleap(-4)",
    "import calendar\nresult = calendar.leapdays(1.5, 2000), calendar.leapdays(2024, 1900)",
    "import calendar\nresult = calendar.weekday(10000, 1, 1), calendar.weekday(-1, 1, 1), calendar.weekday(0, 1, 1)",
    "import calendar\nresult = calendar.weekday(2024, 2, 30)",
    "import calendar\nresult = calendar.timegm((2024, 1, 2, 3, 4, 5.5)), calendar.timegm((1969, 12, 31, 23, 59, 59, "
    "0, 0, 0))",
    "import calendar\nresult = calendar.timegm((2024, 1))",
    "import calendar\nresult = calendar.month_name[1], calendar.month_name[0], calendar.month_name[-1], "
    "calendar.month_name[1:4]",
    "import calendar\nresult = list(calendar.day_abbr), list(calendar.day_name), list(calendar.month_abbr), "
    "len(calendar.month_name)",
    "import calendar\nresult = calendar.month_name[13]",
    "import calendar\nresult = calendar.weekheader(2), calendar.weekheader(9), calendar.weekheader(1)",
    "import calendar\nresult = calendar.week([(1, 0), (2, 1), (0, 2)], 3)",
    "import calendar\nresult = calendar.firstweekday(), calendar.MONDAY, calendar.SUNDAY, calendar.mdays, "
    "calendar.EPOCH",
    "import calendar\nresult = calendar.setfirstweekday(9)",
    ("proxy", "import calendar", "M.calendar.month(2024, 5)"),
    ("proxy", "import calendar", "M.calendar.monthrange(2024, 2)"),
    ("proxy", "import calendar", "list(M.calendar.month_abbr)"),
]
# fmt: on


def draw(rng):
    y = rng.choice([1, 4, 100, 400, 1582, 1900, 2000, 2023, 2024, 9999, 0, -1, 10000])
    m = rng.choice([1, 2, 3, 6, 9, 12, 0, 13])
    f = rng.choice(
        [
            "isleap({y})",
            "monthrange({y}, {m})",
            "monthcalendar({y}, {m})",
            "month({y}, {m})",
            "month({y}, {m}, {w}, {l})",
            "weekday({y}, {m}, {d})",
            "leapdays({y}, {y2})",
            "timegm(({y}, {m}, {d}, 1, 2, 3))",
            "calendar({y}, {w}, {l}, {c}, {k})",
        ]
    )
    expr = f.format(
        y=y,
        m=m,
        d=rng.randint(0, 32),
        y2=rng.choice([1, 2000, 2100]),
        w=rng.randint(0, 4),
        l=rng.randint(0, 2),
        c=rng.randint(0, 7),
        k=rng.randint(1, 6),
    )
    return ("exec", f"import calendar\nresult = calendar.{expr}")


def no_messages(cases):
    """The cases with their exception messages left out of the comparison:
    the harness's in-process reference words exceptions of module-defined
    OSError/ValueError subclasses (calendar.IllegalMonthError) differently from a real server
    (their types still count)."""
    out = []
    for c in cases:
        mode, src, op = (c + ("",))[:3] if isinstance(c, tuple) else ("exec", c, "")
        out.append((mode, src, op, False))
    return out


family("mod_calendar", __doc__, lambda: no_messages(FIXED), lambda rng: no_messages([draw(rng)])[0], suite="stdlib")
