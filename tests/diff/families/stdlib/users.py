"""pwd, grp, getpass: lookups by name and id (struct_passwd and
struct_group copied by value), the whole databases, CPython's id
conversions and their errors, getuser."""

from cases import family

# fmt: off
PWD = [
    "import pwd\nresult = pwd.getpwuid(0)",
    "import pwd\nresult = pwd.getpwnam('root')",
    "import pwd\nresult = pwd.getpwnam('root').pw_dir, pwd.getpwuid(0)[0], len(pwd.getpwuid(0))",
    "import pwd\nresult = sorted(p.pw_name for p in pwd.getpwall())",
    "import pwd\nresult = pwd.getpwall()[:3]",
    "import pwd\nresult = pwd.getpwnam('no-such-user-difftest')",
    "import pwd\nresult = pwd.getpwnam('')",
    "import pwd\nresult = pwd.getpwnam(1)",
    "import pwd\nresult = pwd.getpwnam('a\\0b')",
    "import pwd\nresult = pwd.getpwuid(-1)",
    "import pwd\nresult = pwd.getpwuid(-2)",
    "import pwd\nresult = pwd.getpwuid(2**32 - 1)",
    "import pwd\nresult = pwd.getpwuid(2**32)",
    "import pwd\nresult = pwd.getpwuid(2**64)",
    "import pwd\nresult = pwd.getpwuid(4000000)",
    "import pwd\nresult = pwd.getpwuid('0')",
    "import pwd\nresult = pwd.getpwuid(1.0)",
    "import pwd\nresult = pwd.getpwuid(uid=0)",
    "import pwd\nresult = pwd.getpwuid(True)",
    "import pwd\nresult = isinstance(pwd.getpwuid(0), tuple), pwd.struct_passwd.__name__",
    ("proxy", "import pwd", "M.pwd.getpwuid(0)"),
    ("proxy", "import pwd", "M.pwd.getpwuid(0).pw_name"),
    ("proxy", "import pwd", "M.pwd.getpwnam('root')[2:4]"),
    ("proxy", "import pwd", "[p.pw_uid for p in M.pwd.getpwall()][:5]"),
]
GRP = [
    "import grp\nresult = grp.getgrgid(0)",
    "import grp\nresult = grp.getgrnam('root')",
    "import grp\nresult = sorted(g.gr_name for g in grp.getgrall())",
    "import grp\nresult = grp.getgrall()[:3]",
    "import grp\nresult = grp.getgrnam('no-such-group-difftest')",
    "import grp\nresult = grp.getgrgid(4000000)",
    "import grp\nresult = grp.getgrgid(-1)",
    "import grp\nresult = grp.getgrgid(-2)",
    "import grp\nresult = grp.getgrgid(2**32)",
    "import grp\nresult = grp.getgrgid(2**64)",
    "import grp\nresult = grp.getgrgid('0')",
    "import grp\nresult = grp.getgrnam(0)",
    "import grp\nresult = type(grp.getgrgid(0).gr_mem)",
    ("proxy", "import grp", "M.grp.getgrgid(0)"),
    ("proxy", "import grp", "M.grp.getgrnam('root').gr_gid"),
]
GETPASS = [
    "import getpass\nresult = getpass.getuser()",
    "import getpass, os\nold = os.environ.get('LOGNAME')\nos.environ['LOGNAME'] = 'someone'\ntry:\n    result = "
    "getpass.getuser()\nfinally:\n    if old is None:\n        del os.environ['LOGNAME']\n    else:\n        "
    "os.environ['LOGNAME'] = old",
    ("proxy", "import getpass", "M.getpass.getuser()"),
]
# fmt: on


def draw_pwd(rng):
    uid = rng.choice([0, 1, 2, 65534, 1000, 99999, -1, -3, 2**31, 2**32 - 1])
    return ("exec", f"import pwd\nresult = pwd.getpwuid({uid})")


def draw_grp(rng):
    gid = rng.choice([0, 1, 2, 65534, 1000, 99999, -1, -3, 2**31, 2**32 - 1])
    return ("exec", f"import grp\nresult = grp.getgrgid({gid})")


family("mod_pwd", "pwd: " + __doc__, lambda: PWD, draw_pwd, suite="stdlib")
family("mod_grp", "grp: " + __doc__, lambda: GRP, draw_grp, suite="stdlib")
family("mod_getpass", "getpass: " + __doc__, lambda: GETPASS, None, suite="stdlib")
