"""hashlib and hmac: every guaranteed algorithm by constructor and by
``new``, update/copy/digest/hexdigest, name, digest_size and block_size,
blake2 parameters (digest_size, key, salt, person and their limits), shake
arguments, unknown names and wrong argument types; hmac.new/digest with
every digestmod form, copy, compare_digest; the same objects driven
through the client (``M.hashlib``)."""

from cases import family

from .seqs import programs

ALGOS = ["md5", "sha1", "sha224", "sha256", "sha384", "sha512", "sha3_224", "sha3_256", "sha3_384", "sha3_512",
         "blake2b", "blake2s", "sha512_224", "sha512_256"]
SHAKES = ["shake_128", "shake_256"]
DATA = ["b''", "b'abc'", "b'a' * 1000", "bytes(range(256))", "bytearray(b'xyz')", "'abc'.encode()", "b'\\x00' * 200",
        "b'The quick brown fox jumps over the lazy dog'", "b'a' * 127", "b'b' * 128", "b'c' * 129"]
BAD_DATA = ["'abc'", "None", "123", "[1, 2]"]
SUMMARY = "(h.name, h.digest_size, h.block_size, h.hexdigest())"

# fmt: off
FIXED = [
    "import hashlib\nresult = sorted(hashlib.algorithms_guaranteed)",
    "import hashlib\nresult = hashlib.algorithms_guaranteed <= hashlib.algorithms_available",
    "import hashlib\nresult = [hashlib.new(n).name for n in sorted(hashlib.algorithms_guaranteed)]",
    "import hashlib\nresult = [(n, hashlib.new(n).digest_size, hashlib.new(n).block_size) for n in sorted(hashlib.algorithms_guaranteed)]",
    "import hashlib\nresult = hashlib.new('SHA256').name, hashlib.new('Sha1', b'x').hexdigest()",
    "import hashlib\nresult = hashlib.new('nope')",
    "import hashlib\nresult = hashlib.new('')",
    "import hashlib\nresult = hashlib.new(5)",
    "import hashlib\nresult = hashlib.new()",
    "import hashlib\nresult = hashlib.sha256('abc')",
    "import hashlib\nresult = hashlib.sha256(None).hexdigest()",
    "import hashlib\nresult = hashlib.sha256(b'a', b'b')",
    "import hashlib\nresult = hashlib.md5(string=b'abc').hexdigest(), hashlib.md5(data=b'abc').hexdigest()",
    "import hashlib\nresult = hashlib.md5(b'abc', usedforsecurity=False).hexdigest()",
    "import hashlib\nresult = hashlib.sha256(bytearray(b'abc')).hexdigest()",
    "import hashlib\nh = hashlib.sha256()\nh.update(b'a')\nh.update(b'bc')\nresult = h.hexdigest() == hashlib.sha256(b'abc').hexdigest()",
    "import hashlib\nh = hashlib.sha1(b'a')\nc = h.copy()\nc.update(b'b')\nresult = h.hexdigest(), c.hexdigest()",
    "import hashlib\nh = hashlib.sha1()\nh.update('x')",
    "import hashlib\nh = hashlib.sha1()\nh.update()",
    "import hashlib\nh = hashlib.sha1()\nresult = h.digest(), h.digest() == h.digest(), h.hexdigest()",
    "import hashlib\nh = hashlib.sha1()\nresult = type(h).__name__, repr(h).startswith('<sha1 _hashlib.HASH object @ 0x')",
    "import hashlib\nh = hashlib.md5()\nh.name = 'x'",
    "import hashlib\nresult = hashlib.shake_128(b'abc').hexdigest(0), hashlib.shake_128(b'abc').hexdigest(1), hashlib.shake_256(b'').digest(40)",
    "import hashlib\nresult = hashlib.shake_128(b'abc').hexdigest()",
    "import hashlib\nresult = hashlib.shake_128(b'abc').digest(-1)",
    "import hashlib\nresult = hashlib.shake_128(b'abc').digest('1')",
    "import hashlib\nh = hashlib.shake_128()\nresult = h.name, h.digest_size, h.block_size, hashlib.shake_256().block_size",
    "import hashlib\nresult = hashlib.new('shake_256', b'x').hexdigest(5)",
    "import hashlib\nresult = hashlib.blake2b(b'abc', digest_size=16).hexdigest(), hashlib.blake2s(b'abc', digest_size=1).hexdigest()",
    "import hashlib\nresult = hashlib.blake2b(b'abc', key=b'k' * 64).hexdigest(), hashlib.blake2s(key=b'key').hexdigest()",
    "import hashlib\nresult = hashlib.blake2b(b'a', salt=b's' * 16, person=b'p' * 16).hexdigest()",
    "import hashlib\nresult = hashlib.blake2s(b'a', salt=b'salt', person=b'me').hexdigest()",
    "import hashlib\nresult = hashlib.blake2b(digest_size=0)",
    "import hashlib\nresult = hashlib.blake2b(digest_size=65)",
    "import hashlib\nresult = hashlib.blake2s(digest_size=33)",
    "import hashlib\nresult = hashlib.blake2b(key=b'k' * 65)",
    "import hashlib\nresult = hashlib.blake2s(key=b'k' * 33)",
    "import hashlib\nresult = hashlib.blake2b(salt=b's' * 17)",
    "import hashlib\nresult = hashlib.blake2s(person=b'p' * 9)",
    "import hashlib\nresult = hashlib.blake2b(key='k')",
    "import hashlib\nresult = hashlib.blake2b(nope=1)",
    "import hashlib\nh = hashlib.blake2b(digest_size=20)\nresult = h.name, h.digest_size, h.block_size, hashlib.blake2s().block_size",
    "import hashlib\nresult = hashlib.blake2b.SALT_SIZE, hashlib.blake2b.PERSON_SIZE, hashlib.blake2b.MAX_KEY_SIZE, hashlib.blake2b.MAX_DIGEST_SIZE",
    "import hashlib\nresult = hashlib.blake2s.SALT_SIZE, hashlib.blake2s.PERSON_SIZE, hashlib.blake2s.MAX_KEY_SIZE, hashlib.blake2s.MAX_DIGEST_SIZE",
    "import hashlib\nresult = hashlib.new('blake2b', b'x', digest_size=8).hexdigest()",
    "import hashlib\nresult = hashlib.pbkdf2_hmac('sha256', b'password', b'salt', 1000).hex()",
    "import hashlib\nresult = hashlib.pbkdf2_hmac('sha1', b'password', b'salt', 2, 20).hex(), hashlib.pbkdf2_hmac('md5', b'', b'', 1, 1).hex()",
    "import hashlib\nresult = hashlib.pbkdf2_hmac('sha512', b'p', b's', 3, dklen=100).hex()",
    "import hashlib\nresult = hashlib.pbkdf2_hmac('sha256', b'p', b's', 0)",
    "import hashlib\nresult = hashlib.pbkdf2_hmac('sha256', b'p', b's', 1, 0)",
    "import hashlib\nresult = hashlib.pbkdf2_hmac('sha256', b'p', b's', -1)",
    "import hashlib\nresult = hashlib.pbkdf2_hmac('nope', b'p', b's', 1)",
    "import hashlib\nresult = hashlib.pbkdf2_hmac('sha256', 'p', b's', 1)",
    "import hashlib\nresult = hashlib.pbkdf2_hmac('sha256', bytearray(b'p'), b's', 1, None).hex()",
    "import hashlib\nresult = hashlib.pbkdf2_hmac('sha3_256', b'p', b's', 2).hex()",
    "import hashlib\nresult = hashlib.pbkdf2_hmac(hash_name='sha1', password=b'p', salt=b's', iterations=1).hex()",
    "import hashlib\nwith open(FIX + '/bin.dat', 'rb') as f:\n    result = hashlib.file_digest(f, 'sha256').hexdigest()",
    "import hashlib\nwith open(FIX + '/a.txt', 'rb') as f:\n    result = hashlib.file_digest(f, hashlib.md5).hexdigest()",
    "import hashlib\nwith open(FIX + '/empty.txt', 'rb') as f:\n    result = hashlib.file_digest(f, 'blake2s').hexdigest()",
    "import hashlib\nwith open(FIX + '/a.txt', 'rb') as f:\n    f.read(3)\n    result = hashlib.file_digest(f, 'sha1').hexdigest()",
    "import hashlib\nwith open(FIX + '/a.txt') as f:\n    result = hashlib.file_digest(f, 'sha1').hexdigest()",
    "import hashlib\nwith open(FIX + '/a.txt', 'rb') as f:\n    result = hashlib.file_digest(f, 'nope')",
    "import hashlib\nwith open(FIX + '/missing', 'rb') as f:\n    result = hashlib.file_digest(f, 'sha1').hexdigest()",
    "import hashlib\nwith open(FIX + '/noperm.txt', 'rb') as f:\n    result = hashlib.file_digest(f, 'sha1').hexdigest()",
    "import hashlib\nwith open(FIX + '/lines.txt', 'rb') as f:\n    result = hashlib.file_digest(f, lambda: hashlib.sha3_256(b'pre')).hexdigest()",
    "import hashlib\nresult = hashlib.file_digest(b'abc', 'sha1')",
    # hmac
    "import hmac\nresult = hmac.new(b'key', b'msg', 'sha256').hexdigest()",
    "import hmac, hashlib\nresult = hmac.new(b'key', b'msg', hashlib.sha1).hexdigest(), hmac.new(b'key', digestmod='md5').hexdigest()",
    "import hmac, hashlib\nresult = hmac.new(b'key', b'msg', digestmod=hashlib.new).hexdigest()",
    "import hmac\nresult = hmac.new(b'key', b'msg')",
    "import hmac\nresult = hmac.new(b'key', b'msg', None)",
    "import hmac\nresult = hmac.new('key', b'msg', 'sha256')",
    "import hmac\nresult = hmac.new(b'key', 'msg', 'sha256')",
    "import hmac\nresult = hmac.new(b'key', b'msg', 'nope')",
    "import hmac\nresult = hmac.new(bytearray(b'k'), bytearray(b'm'), 'sha1').hexdigest()",
    "import hmac\nresult = hmac.new(b'k' * 200, b'm', 'sha512').hexdigest(), hmac.new(b'', b'', 'sha3_256').hexdigest()",
    "import hmac\nh = hmac.new(b'k', digestmod='sha256')\nresult = h.name, h.digest_size, h.block_size",
    "import hmac\nh = hmac.new(b'k', digestmod='blake2b')\nresult = h.name, h.digest_size, h.block_size, h.hexdigest()",
    "import hmac\nh = hmac.new(b'k', digestmod='shake_128')\nresult = h.hexdigest()",
    "import hmac\nh = hmac.new(b'k', b'a', 'sha1')\nc = h.copy()\nc.update(b'b')\nh.update(b'b')\nresult = h.digest() == c.digest(), c.hexdigest()",
    "import hmac\nh = hmac.new(b'k', b'a', 'sha1')\nh.update('x')",
    "import hmac\nresult = hmac.digest(b'key', b'msg', 'sha256').hex(), hmac.digest(b'key', b'msg', digest='md5').hex()",
    "import hmac, hashlib\nresult = hmac.digest(b'key', b'msg', hashlib.sha384).hex()",
    "import hmac\nresult = hmac.digest(b'key', b'msg', 'nope')",
    "import hmac\nresult = hmac.digest(b'key', b'msg')",
    "import hmac\nresult = hmac.compare_digest(b'abc', b'abc'), hmac.compare_digest(b'abc', b'abd'), hmac.compare_digest('a', 'a')",
    "import hmac\nresult = hmac.compare_digest(b'a', b'ab'), hmac.compare_digest(bytearray(b'a'), b'a'), hmac.compare_digest('', '')",
    "import hmac\nresult = hmac.compare_digest('a', b'a')",
    "import hmac\nresult = hmac.compare_digest('\\u00e9', '\\u00e9')",
    "import hmac\nresult = hmac.compare_digest(1, 1)",
    "import hmac\nresult = hmac.digest_size, hmac.trans_5C[:3], hmac.trans_36[-2:]",
    "import hmac\nh = hmac.new(b'k', digestmod='sha1')\nresult = type(h).__name__, type(h).__module__",
    ("proxy", "import hashlib", "M.hashlib.sha256(b'abc').hexdigest()"),
    ("proxy", "import hashlib", "M.hashlib.new('md5', b'x').digest()"),
    ("proxy", "import hashlib", "M.hashlib.new('nope')"),
    ("proxy", "import hashlib", "M.hashlib.blake2b(b'a', digest_size=8).hexdigest()"),
    ("proxy", "import hashlib", "M.hashlib.shake_256(b'a').hexdigest(7)"),
    ("proxy", "import hashlib\nh = hashlib.sha1()", "(ns['h'].update(b'abc'), ns['h'].hexdigest())[1]"),
    ("proxy", "import hashlib\nh = hashlib.sha1(b'x')", "ns['h'].copy().hexdigest(), ns['h'].name, ns['h'].digest_size"),
    ("proxy", "import hashlib", "M.hashlib.pbkdf2_hmac('sha256', b'pw', b'salt', 10).hex()"),
    ("proxy", "import hashlib", "sorted(M.hashlib.algorithms_guaranteed)"),
    ("proxy", "import hmac", "M.hmac.new(b'k', b'm', 'sha256').hexdigest()"),
    ("proxy", "import hmac", "M.hmac.compare_digest(b'a', b'a')"),
    ("proxy", "import hmac", "M.hmac.new(b'k', b'm')"),
]
# fmt: on
FIXED = programs(FIXED)

# Known gaps of the agent, not run (they would fail every run): BLAKE2 tree parameters (fanout, depth, leaf_size, node_offset,
# node_depth, inner_size, last_node: NotImplementedError), file_digest of a BytesIO, scrypt.
# fmt: off
GAPS = [
    "import hashlib\nresult = hashlib.blake2b(b'x', fanout=2, depth=3, leaf_size=5, node_offset=7, node_depth=1, inner_size=32).hexdigest()",
    "import hashlib\nresult = hashlib.blake2s(b'x', last_node=True).hexdigest(), hashlib.blake2s(b'x', usedforsecurity=False).hexdigest()",
    "import hashlib\nresult = hashlib.blake2b(fanout=256)",
    "import hashlib\nresult = hashlib.blake2b(depth=0)",
    "import hashlib\nresult = hashlib.blake2b(inner_size=65)",
    "import hashlib, io\nresult = hashlib.file_digest(io.BytesIO(b'abc' * 1000), 'sha512').hexdigest()",
]
# fmt: on


def draw(rng):
    kind = rng.random()
    data = rng.choice(DATA)
    if kind < 0.3:
        algo = rng.choice(ALGOS)
        ctor = rng.choice([f"hashlib.{algo}({data})", f"hashlib.new({algo!r}, {data})", f"hashlib.new({algo.upper()!r}, {data})"])
        if algo.startswith("sha512_") and "new" not in ctor:
            ctor = f"hashlib.new({algo!r}, {data})"
        return ("exec", f"import hashlib\nh = {ctor}\nresult = {SUMMARY}")
    if kind < 0.45:
        algo = rng.choice(ALGOS)
        a, b = rng.choice(DATA), rng.choice(DATA + BAD_DATA[:1])
        return ("exec", f"import hashlib\nh = hashlib.new({algo!r}, {a})\nc = h.copy()\nc.update({b})\n"
                        f"result = h.hexdigest(), c.hexdigest(), c.digest()[:4]")
    if kind < 0.55:
        algo = rng.choice(SHAKES)
        n = rng.choice(["0", "1", "16", "33", "100", "-1", "2.0"])
        return ("exec", f"import hashlib\nresult = hashlib.{algo}({data}).{rng.choice(['hexdigest', 'digest'])}({n})")
    if kind < 0.7:
        algo = rng.choice(["blake2b", "blake2s"])
        opts = []
        for name, pool in [("digest_size", ["1", "16", "32", "64", "0", "65"]), ("key", ["b''", "b'k'", "b'k' * 32", "b'k' * 64"]),
                           ("salt", ["b''", "b's' * 8", "b's' * 16"]), ("person", ["b'p'", "b'p' * 8", "b'p' * 16"]),
]:  # the tree parameters are in GAPS
            if rng.random() < 0.25:
                opts.append(f"{name}={rng.choice(pool)}")
        args = "".join(", " + o for o in opts)
        return ("exec", f"import hashlib\nh = hashlib.{algo}({data}{args})\nresult = {SUMMARY}")
    if kind < 0.8:
        algo = rng.choice(ALGOS + ["nope", "shake_128"])
        it = rng.choice(["1", "2", "17", "0"])
        dk = rng.choice(["", ", 1", ", 64", ", None", ", 0"])
        return ("exec", f"import hashlib\nresult = hashlib.pbkdf2_hmac({algo!r}, {data}, b'salt', {it}{dk}).hex()")
    if kind < 0.95:
        algo = rng.choice(ALGOS + ["sha3_224", "nope"])
        key = rng.choice(DATA + ["'key'"])
        form = rng.choice([f"{algo!r}", f"hashlib.{algo}" if not algo.startswith(("sha512_", "nope")) else f"{algo!r}",
                           f"lambda *a: hashlib.new({algo!r}, *a)"])
        if rng.random() < 0.5:
            return ("exec", f"import hmac, hashlib\nh = hmac.new({key}, {data}, {form})\n"
                            f"h.update({rng.choice(DATA)})\nresult = h.name, h.digest_size, h.block_size, h.hexdigest()")
        return ("exec", f"import hmac, hashlib\nresult = hmac.digest({key}, {data}, {form}).hex()")
    name = rng.choice(["a.txt", "bin.dat", "empty.txt", "lines.txt", "missing", "noperm.txt", "sub"])
    algo = rng.choice(ALGOS)
    return ("exec", f"import hashlib\nwith open(FIX + '/{name}', 'rb') as f:\n"
                    f"    result = hashlib.file_digest(f, {algo!r}).hexdigest()")


family("mod_hashlib", __doc__, lambda: FIXED, draw, weight=3, suite="stdlib")
