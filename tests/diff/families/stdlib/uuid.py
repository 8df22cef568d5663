"""uuid: every construction form (hex in its spellings, bytes, bytes_le,
fields, int, version override, is_safe), the fields and properties, str,
repr, urn, comparison and hashing by value, the name-based uuid3/uuid5 over
every namespace, the errors of each form; uuid1 and uuid4 are random, so
only their shape is compared (version, variant, node bits, length), never
their value; UUIDs obtained by value through the client (``M.uuid``)."""

from cases import family

from .seqs import programs

PROPS = "(u.hex, u.int, u.bytes, u.bytes_le, u.fields, u.version, u.variant, u.urn, str(u), repr(u))"

# fmt: off
FIXED = [
    "import uuid\nresult = uuid.UUID('12345678-1234-5678-1234-567812345678')",
    "import uuid\nu = uuid.UUID('{12345678-1234-5678-1234-567812345678}')\nresult = " + PROPS,
    "import uuid\nu = uuid.UUID('urn:uuid:12345678123456781234567812345678')\nresult = " + PROPS,
    "import uuid\nu = uuid.UUID('12345678123456781234567812345678')\nresult = u.time_low, u.time_mid, u.time_hi_version, u.clock_seq_hi_variant, u.clock_seq_low, u.node",
    "import uuid\nu = uuid.UUID('12345678-1234-5678-1234-567812345678')\nresult = u.time, u.clock_seq",
    "import uuid\nresult = uuid.UUID('{1234567812345678123456781234567-8}')",
    "import uuid\nresult = uuid.UUID('1234')",
    "import uuid\nresult = uuid.UUID('g' * 32)",
    "import uuid\nresult = uuid.UUID('12345678-1234-5678-1234-5678123456789')",
    "import uuid\nresult = uuid.UUID(' 12345678123456781234567812345678 ')",
    "import uuid\nresult = uuid.UUID('URN:UUID:12345678123456781234567812345678')",
    "import uuid\nresult = uuid.UUID('1234-5678' * 4)",
    "import uuid\nresult = uuid.UUID(bytes=bytes(range(16))), uuid.UUID(bytes_le=bytes(range(16)))",
    "import uuid\nresult = uuid.UUID(bytes=b'x' * 15)",
    "import uuid\nresult = uuid.UUID(bytes_le=b'x' * 17)",
    "import uuid\nresult = uuid.UUID(bytes='x' * 16)",
    "import uuid\nresult = uuid.UUID(fields=(1, 2, 3, 4, 5, 6)), uuid.UUID(fields=(2**32 - 1, 2**16 - 1, 2**16 - 1, 255, 255, 2**48 - 1))",
    "import uuid\nresult = uuid.UUID(fields=(1, 2, 3, 4, 5))",
    "import uuid\nresult = uuid.UUID(fields=(2**32, 0, 0, 0, 0, 0))",
    "import uuid\nresult = uuid.UUID(fields=(0, 0, 0, 256, 0, 0))",
    "import uuid\nresult = uuid.UUID(fields=(0, 0, 0, 0, 0, 2**48))",
    "import uuid\nresult = uuid.UUID(fields=(-1, 0, 0, 0, 0, 0))",
    "import uuid\nresult = uuid.UUID(int=0), uuid.UUID(int=2**128 - 1), uuid.UUID(int=1).int",
    "import uuid\nresult = uuid.UUID(int=2**128)",
    "import uuid\nresult = uuid.UUID(int=-1)",
    "import uuid\nresult = uuid.UUID()",
    "import uuid\nresult = uuid.UUID('12345678123456781234567812345678', int=5)",
    "import uuid\nresult = uuid.UUID(hex='12345678123456781234567812345678', version=4), uuid.UUID(int=0, version=1)",
    "import uuid\nu = uuid.UUID(int=2**128 - 1, version=5)\nresult = " + PROPS,
    "import uuid\nresult = uuid.UUID(int=0, version=0)",
    "import uuid\nresult = uuid.UUID(int=0, version=6)",
    "import uuid\nresult = uuid.UUID(int=0, is_safe=uuid.SafeUUID.safe).is_safe, uuid.UUID(int=0).is_safe",
    "import uuid\nresult = [uuid.UUID(int=v << 76).variant for v in range(16)]",
    "import uuid\nresult = uuid.RESERVED_NCS, uuid.RFC_4122, uuid.RESERVED_MICROSOFT, uuid.RESERVED_FUTURE",
    "import uuid\nresult = [uuid.UUID(int=(v << 76) | (2 << 62)).version for v in range(16)], uuid.UUID(int=0).version",
    "import uuid\nresult = uuid.NAMESPACE_DNS, uuid.NAMESPACE_URL, uuid.NAMESPACE_OID, uuid.NAMESPACE_X500",
    "import uuid\nresult = uuid.uuid3(uuid.NAMESPACE_DNS, 'python.org'), uuid.uuid5(uuid.NAMESPACE_DNS, 'python.org')",
    "import uuid\nresult = uuid.uuid3(uuid.NAMESPACE_URL, b'http://x'), uuid.uuid5(uuid.NAMESPACE_OID, '\\u00e9')",
    "import uuid\nresult = uuid.uuid3(uuid.NAMESPACE_DNS, 5)",
    "import uuid\nresult = uuid.uuid5('ns', 'x')",
    "import uuid\nresult = uuid.uuid5(uuid.UUID(int=0), ''), uuid.uuid3(uuid.UUID(int=2**128 - 1), 'x')",
    "import uuid\nresult = uuid.uuid1().version, uuid.uuid1().variant, len(str(uuid.uuid1())), uuid.uuid1() != uuid.uuid1()",
    "import uuid\nresult = uuid.uuid1(node=0x123456789abc, clock_seq=0x1234).node, uuid.uuid1(node=1, clock_seq=0x1234).clock_seq",
    "import uuid\nu = uuid.uuid1(node=5, clock_seq=7)\nresult = u.node, u.clock_seq, u.version, u.time > 0x1e000000000000",
    "import uuid\nresult = uuid.uuid4().version, uuid.uuid4().variant, len(uuid.uuid4().bytes), uuid.uuid4() != uuid.uuid4()",
    "import uuid\nu = uuid.uuid4()\nresult = u.int >> 76 & 0xf, u.int >> 62 & 0x3, str(u)[14], str(u)[19] in '89ab'",
    "import uuid\nresult = type(uuid.getnode()).__name__, 0 <= uuid.getnode() < 2**48",
    "import uuid\na, b = uuid.UUID(int=1), uuid.UUID(int=2)\nresult = a < b, a == uuid.UUID(int=1), a != b, sorted([b, a]), max(a, b)",
    "import uuid\nresult = uuid.UUID(int=1) == 1, uuid.UUID(int=1) == '00000000-0000-0000-0000-000000000001'",
    "import uuid\nresult = uuid.UUID(int=1) < 2",
    "import uuid\nresult = hash(uuid.UUID(int=12345)) == hash(12345), int(uuid.UUID(int=77)), len({uuid.UUID(int=1), uuid.UUID(int=1)})",
    "import uuid\nu = uuid.UUID(int=1)\nu.foo = 1",
    "import uuid\nu = uuid.UUID(int=1)\nu.int = 2",
    "import uuid\nresult = str(uuid.UUID(int=0xdeadbeef)), f'{uuid.UUID(int=3)}', format(uuid.UUID(int=3), '')",
    "import uuid\nresult = uuid.UUID(int=5).__getstate__(), uuid.UUID(int=5, is_safe=uuid.SafeUUID.safe).__getstate__()",
    ("proxy", "import uuid", "M.uuid.UUID('12345678-1234-5678-1234-567812345678')"),
    ("proxy", "import uuid", "M.uuid.UUID('12345678-1234-5678-1234-567812345678').hex"),
    ("proxy", "import uuid", "str(M.uuid.uuid5(M.uuid.NAMESPACE_DNS, 'example.com'))"),
    ("proxy", "import uuid", "M.uuid.UUID('bad')"),
    ("proxy", "import uuid", "M.uuid.uuid4().version"),
    ("proxy", "import uuid", "M.uuid.UUID(int=7).fields"),
    ("proxy", "import uuid", "M.uuid.UUID(int=7) == M.uuid.UUID(int=7)"),
    ("proxy", "import uuid\nu = uuid.uuid3(uuid.NAMESPACE_URL, 'x')", "ns['u'].urn, ns['u'].version, ns['u'].variant"),
]
# fmt: on
FIXED = programs(FIXED)

# Known gaps of the agent, not run (they would fail every run): iterating over the SafeUUID enum.
# fmt: off
GAPS = [
    "import uuid\nresult = uuid.SafeUUID.safe, uuid.SafeUUID.unsafe.value, uuid.SafeUUID.unknown.value, list(uuid.SafeUUID)",
]
# fmt: on

HEXES = ["'00000000-0000-0000-0000-000000000000'", "'ffffffff-ffff-ffff-ffff-ffffffffffff'", "'6ba7b810-9dad-11d1-80b4-00c04fd430c8'",
         "'{6BA7B8109DAD11D180B400C04FD430C8}'", "'urn:uuid:6ba7b811-9dad-11d1-80b4-00c04fd430c8'", "'a' * 32", "'A' * 32",
         "'12345678-1234-5678-1234-56781234567'", "'123456781234567812345678123456789'", "'1234567z123456781234567812345678'",
         "'--12345678123456781234567812345678--'", "''", "'{}'", "'0x' + '1' * 30", "'0' * 31 + 'G'"]
INTS = ["0", "1", "2**64", "2**127", "2**128 - 1", "0x123456789abcdef0123456789abcdef", "(2 << 62) | (4 << 76)",
        "(6 << 62) | 7", "(7 << 61) | (1 << 76)"]
NAMES = ["''", "'python.org'", "'x' * 100", "'\\u00e9\\u4e2d'", "b'bytes'", "'http://example.com/a?b'"]
NAMESPACES = ["uuid.NAMESPACE_DNS", "uuid.NAMESPACE_URL", "uuid.NAMESPACE_OID", "uuid.NAMESPACE_X500", "uuid.UUID(int=0)"]
VERSIONS = ["", ", version=1", ", version=3", ", version=4", ", version=5", ", version=0", ", version=7"]


def draw(rng):
    kind = rng.random()
    if kind < 0.35:
        form = rng.choice([f"hex={rng.choice(HEXES)}", f"int={rng.choice(INTS)}",
                           f"bytes=bytes(range({rng.choice([0, 5, 100, 240])}, {rng.choice([16, 21, 116, 256])}))",
                           f"bytes_le=bytes(range({rng.choice([0, 7])}, 16 + {rng.choice([0, 7])}))"])
        src = f"import uuid\nu = uuid.UUID({form}{rng.choice(VERSIONS)})\nresult = {PROPS}"
        return ("exec", src)
    if kind < 0.5:
        u = rng.choice(INTS)
        attrs = rng.choice(["u.time_low, u.time_mid, u.time_hi_version", "u.clock_seq_hi_variant, u.clock_seq_low, u.node",
                            "u.time, u.clock_seq", "u.fields", "u.bytes_le", "int(u), u.int == int(u)"])
        return ("exec", f"import uuid\nu = uuid.UUID(int={u})\nresult = {attrs}")
    if kind < 0.65:
        fields = [rng.choice(["0", "1", "2**32 - 1", "2**32"]), rng.choice(["0", "2**16 - 1", "2**16"]),
                  rng.choice(["0", "0x1234", "-1"]), rng.choice(["0", "255", "256"]), rng.choice(["0", "255"]),
                  rng.choice(["0", "2**48 - 1", "2**48"])]
        if rng.random() < 0.1:
            fields = fields[:rng.randint(0, 5)]
        tup = "(" + ", ".join(fields) + ("," if len(fields) == 1 else "") + ")"
        return ("exec", f"import uuid\nu = uuid.UUID(fields={tup})\nresult = {PROPS}")
    if kind < 0.85:
        fn = rng.choice(["uuid3", "uuid5"])
        return ("exec", f"import uuid\nu = uuid.{fn}({rng.choice(NAMESPACES)}, {rng.choice(NAMES)})\nresult = {PROPS}")
    if kind < 0.92:
        a, b = rng.choice(INTS), rng.choice(INTS)
        op = rng.choice(["<", "<=", "==", "!=", ">", ">="])
        return ("exec", f"import uuid\nresult = uuid.UUID(int={a}) {op} uuid.UUID(int={b})")
    fn = rng.choice(["uuid1()", "uuid4()", f"uuid1(node={rng.choice(['0', '1', '2**48 - 1'])}, clock_seq={rng.choice(['0', '99', '2**14 - 1'])})"])
    shape = rng.choice(["u.version, u.variant, len(u.hex)", "u.int >> 76 & 0xf, u.int >> 62 & 3", "str(u).count('-'), len(u.urn)"])
    if "node=" in fn:
        shape += ", u.node, u.clock_seq"
    return ("exec", f"import uuid\nu = uuid.{fn}\nresult = {shape}")


family("mod_uuid", __doc__, lambda: FIXED, draw, weight=2, suite="stdlib")
