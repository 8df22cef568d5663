# rpyctl's module library, part 1: what every module shares. The controller executes the
# library once per connection (rpyc-agent or a stock rpyc_classic alike) and then calls
# `__rpyctl_run` once per task. Written in the Python subset rpyc-agent runs: functions,
# closures, comprehensions, try/with; no classes, no generators.
import os
import sys
import time
import json
import re
import hashlib
import subprocess

# File type bits, as the stat module names them.
_RP_S_IFMT = 0o170000
_RP_S_IFDIR = 0o040000
_RP_S_IFREG = 0o100000
_RP_S_IFLNK = 0o120000
_RP_S_IFCHR = 0o020000
_RP_S_IFBLK = 0o060000
_RP_S_IFIFO = 0o010000
_RP_S_IFSOCK = 0o140000
_RP_PERM_BITS = 0o7777

# Ansible's C.MAX_FILE_SIZE_FOR_DIFF: larger files are not diffed.
_RP_MAX_DIFF = 104448


def _rp_fail(msg, **extra):
    """Ends the module with a failed result (the dispatcher catches it)."""
    result = {"failed": True, "msg": msg}
    result.update(extra)
    raise RuntimeError("_rp_fail", result)


def _rp_text(b):
    if isinstance(b, str):
        return b
    return b.decode("utf-8", "replace")


def _rp_bytes(s):
    if isinstance(s, bytes):
        return s
    return s.encode("utf-8", "surrogateescape")


def _rp_jsonable(v, depth=0):
    """A value JSON can carry: tuples become lists, bytes text, other objects their repr."""
    if depth > 50:
        return repr(v)
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    if isinstance(v, bytes):
        return _rp_text(v)
    if isinstance(v, dict):
        return {str(k): _rp_jsonable(x, depth + 1) for k, x in v.items()}
    if isinstance(v, (list, tuple, set, frozenset)):
        return [_rp_jsonable(x, depth + 1) for x in v]
    return repr(v)


# ---- time ---------------------------------------------------------------------------------

def _rp_time_text(t):
    """`str(datetime.datetime.fromtimestamp(t))`: local time with microseconds."""
    lt = time.localtime(t)
    micro = int(round((t - int(t)) * 1000000))
    if micro >= 1000000:
        micro = 999999
    return "%04d-%02d-%02d %02d:%02d:%02d.%06d" % (
        lt.tm_year, lt.tm_mon, lt.tm_mday, lt.tm_hour, lt.tm_min, lt.tm_sec, micro)


def _rp_delta_text(seconds):
    """`str(datetime.timedelta(seconds=...))` for durations under a day."""
    micro = int(round(seconds * 1000000))
    whole, micro = divmod(micro, 1000000)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return "%d:%02d:%02d.%06d" % (hours, minutes, secs, micro)


# ---- processes ----------------------------------------------------------------------------

def _rp_env(ctx):
    env = dict(os.environ)
    for k, v in ctx.get("env", {}).items():
        env[k] = v
    return env


def _rp_which(name, env=None):
    if "/" in name:
        if os.access(name, os.X_OK):
            return name
        return None
    path = (env or os.environ).get("PATH", "") or "/usr/bin:/bin"
    dirs = path.split(":") + ["/sbin", "/usr/sbin", "/usr/local/sbin"]
    for d in dirs:
        if d and os.path.isfile(d + "/" + name) and os.access(d + "/" + name, os.X_OK):
            return d + "/" + name
    return None


def _rp_run(argv, ctx=None, cwd=None, data=None, env=None):
    """Runs a program: (rc, stdout text, stderr text). A missing program is rc 127."""
    if env is None:
        env = _rp_env(ctx or {})
    try:
        done = subprocess.run(argv, capture_output=True, cwd=cwd, env=env, input=data)
    except FileNotFoundError as e:
        return 127, "", "%s: %s" % (argv[0], e)
    except PermissionError as e:
        return 126, "", "%s: %s" % (argv[0], e)
    return done.returncode, _rp_text(done.stdout or b""), _rp_text(done.stderr or b"")


# ---- paths and files ----------------------------------------------------------------------

def _rp_expand(path):
    if path is None:
        return None
    return os.path.expanduser(path)


def _rp_lexists(path):
    try:
        os.lstat(path)
        return True
    except OSError:
        return False


def _rp_kind(mode):
    t = mode & _RP_S_IFMT
    if t == _RP_S_IFDIR:
        return "directory"
    if t == _RP_S_IFLNK:
        return "link"
    return "file"


def _rp_state(path):
    """The file module's idea of what is at `path`: absent, link, directory, hard, file."""
    try:
        st = os.lstat(path)
    except OSError:
        return "absent"
    kind = _rp_kind(st.st_mode)
    if kind != "file":
        return kind
    if st.st_nlink > 1:
        return "hard"
    return "file"


def _rp_listdir_tree(root):
    """Every path under `root` (not following links), parents first."""
    out = []
    todo = [root]
    while todo:
        d = todo.pop(0)
        for name in sorted(os.listdir(d)):
            p = os.path.join(d, name)
            out.append(p)
            if (os.lstat(p).st_mode & _RP_S_IFMT) == _RP_S_IFDIR:
                todo.append(p)
    return out


def _rp_rmtree(path):
    for p in reversed(_rp_listdir_tree(path)):
        if (os.lstat(p).st_mode & _RP_S_IFMT) == _RP_S_IFDIR:
            os.rmdir(p)
        else:
            os.unlink(p)
    os.rmdir(path)


def _rp_digest(path, algorithm="sha1"):
    h = getattr(hashlib, algorithm)()
    with open(path, "rb") as f:
        while True:
            block = f.read(65536)
            if not block:
                break
            h.update(block)
    return h.hexdigest()


def _rp_checksum(path):
    """The sha1 of a regular readable file, else None (Ansible's checksum)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    if (st.st_mode & _RP_S_IFMT) != _RP_S_IFREG or not os.access(path, os.R_OK):
        return None
    return _rp_digest(path, "sha1")


def _rp_md5(path):
    try:
        return _rp_digest(path, "md5")
    except (ValueError, OSError):
        return None


def _rp_read(path):
    with open(path, "rb") as f:
        return f.read()


def _rp_tmp_name(dest):
    d = os.path.dirname(dest) or "."
    return os.path.join(d, ".%s.rpyctl.%d.%d.tmp" % (os.path.basename(dest), os.getpid(),
                                                   int(time.time() * 1000000) % 1000000007))


def _rp_write_atomic(dest, data, keep_attrs=True):
    """Writes `data` to `dest` whole or not at all: a temporary file beside it, renamed over
    it. An existing file's mode and owner carry over; a new file gets 0666 less the umask."""
    tmp = _rp_tmp_name(dest)
    try:
        with open(tmp, "wb") as f:
            f.write(data)
        if keep_attrs:
            try:
                st = os.stat(dest)
                os.chmod(tmp, st.st_mode & _RP_PERM_BITS)
                try:
                    os.chown(tmp, st.st_uid, st.st_gid)
                except OSError:
                    pass
            except OSError:
                umask = os.umask(0)
                os.umask(umask)
                os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, dest)
    except BaseException:
        if _rp_lexists(tmp):
            os.unlink(tmp)
        raise


def _rp_backup(path, ctx):
    """A copy of `path` beside it named like Ansible's (`path.PID.YYYY-MM-DD@HH:MM:SS~`)."""
    if not os.path.exists(path):
        return ""
    lt = time.localtime(time.time())
    dest = "%s.%d.%04d-%02d-%02d@%02d:%02d:%02d~" % (
        path, os.getpid(), lt.tm_year, lt.tm_mon, lt.tm_mday, lt.tm_hour, lt.tm_min, lt.tm_sec)
    if not ctx["check"]:
        st = os.stat(path)
        with open(dest, "wb") as f:
            f.write(_rp_read(path))
        os.chmod(dest, st.st_mode & _RP_PERM_BITS)
        try:
            os.chown(dest, st.st_uid, st.st_gid)
        except OSError:
            pass
        os.utime(dest, (st.st_atime, st.st_mtime))
    return dest


def _rp_glob(pattern):
    """Paths matching a shell pattern (`*`, `?`, `[...]` per component), as glob.glob."""
    if not re.search(r"[*?\[]", pattern):
        if _rp_lexists(pattern):
            return [pattern]
        return []
    absolute = pattern.startswith("/")
    parts = [p for p in pattern.split("/") if p]
    found = ["/" if absolute else ""]
    for part in parts:
        nxt = []
        for base in found:
            if not re.search(r"[*?\[]", part):
                p = base + part if base in ("", "/") else base + "/" + part
                if _rp_lexists(p):
                    nxt.append(p)
                continue
            rx = re.compile(_rp_fnmatch_re(part))
            try:
                names = sorted(os.listdir(base or "."))
            except OSError:
                continue
            for n in names:
                if n.startswith(".") and not part.startswith("."):
                    continue
                if rx.match(n):
                    nxt.append(base + n if base in ("", "/") else base + "/" + n)
        found = nxt
    return found


def _rp_fnmatch_re(pat):
    out = ""
    i = 0
    while i < len(pat):
        c = pat[i]
        i += 1
        if c == "*":
            out += ".*"
        elif c == "?":
            out += "."
        elif c == "[":
            j = pat.find("]", i + 1 if i < len(pat) and pat[i] == "!" else i)
            if j < 0:
                out += "\\["
            else:
                body = pat[i:j].replace("\\", "\\\\")
                if body.startswith("!"):
                    body = "^" + body[1:]
                out += "[" + body + "]"
                i = j + 1
        else:
            out += re.escape(c)
    return "(?s:" + out + ")\\Z"


# ---- users and groups ---------------------------------------------------------------------

def _rp_user_name(uid):
    try:
        import pwd
        return pwd.getpwuid(uid).pw_name
    except (KeyError, ImportError):
        return str(uid)


def _rp_group_name(gid):
    try:
        import grp
        return grp.getgrgid(gid).gr_name
    except (KeyError, ImportError):
        return str(gid)


def _rp_uid(owner, path):
    try:
        return int(owner)
    except ValueError:
        pass
    try:
        import pwd
        return pwd.getpwnam(owner).pw_uid
    except KeyError:
        _rp_fail("chown failed: failed to look up user %s" % owner, path=path)


def _rp_gid(group, path):
    try:
        return int(group)
    except ValueError:
        pass
    try:
        import grp
        return grp.getgrnam(group).gr_gid
    except KeyError:
        _rp_fail("chgrp failed: failed to look up group %s" % group, path=path)


# ---- modes --------------------------------------------------------------------------------

_RP_MODE_OPERATOR = re.compile(r"[+=-]")
_RP_USERS = re.compile(r"^[ugo]*$")
_RP_PERMS = re.compile(r"^[rwxXstugo]*$")


def _rp_symbolic_mode(st_mode, symbolic):
    """chmod's symbolic modes (`u=rw,g=r,o=`, `a+X`, `go-w`) applied to a file's mode."""
    new_mode = st_mode & _RP_PERM_BITS
    is_dir = (st_mode & _RP_S_IFMT) == _RP_S_IFDIR
    umask = os.umask(0)
    os.umask(umask)
    rev_umask = umask ^ _RP_PERM_BITS
    for clause in symbolic.split(","):
        perms_list = _RP_MODE_OPERATOR.split(clause)
        opers = _RP_MODE_OPERATOR.findall(clause)
        users = perms_list.pop(0)
        use_umask = users == ""
        if users in ("a", ""):
            users = "ugo"
        if not _RP_USERS.match(users) or not opers:
            raise ValueError("bad symbolic permission for mode: %s" % clause)
        for idx, perms in enumerate(perms_list):
            if not _RP_PERMS.match(perms):
                raise ValueError("bad symbolic permission for mode: %s" % clause)
            for user in users:
                has_x = (new_mode & 0o111) > 0
                shift = {"u": 6, "g": 3, "o": 0}[user]
                bits = 0
                for p in perms:
                    if p in "rwx":
                        b = {"r": 4, "w": 2, "x": 1}[p] << shift
                        bits |= (rev_umask & b) if use_umask else b
                    elif p == "X":
                        if is_dir or has_x:
                            bits |= 1 << shift
                    elif p == "s":
                        bits |= {"u": 0o4000, "g": 0o2000, "o": 0}[user]
                    elif p == "t":
                        bits |= 0o1000 if user == "o" else 0
                    else:
                        src = {"u": 6, "g": 3, "o": 0}[p]
                        bits |= ((new_mode >> src) & 7) << shift
                op = opers[idx]
                if op == "=":
                    mask = (7 << shift) | {"u": 0o4000, "g": 0o2000, "o": 0o1000}[user]
                    new_mode = (new_mode & (mask ^ _RP_PERM_BITS)) | bits
                elif op == "+":
                    new_mode = new_mode | bits
                else:
                    new_mode = new_mode - (new_mode & bits)
    return new_mode


def _rp_mode_value(mode, st_mode, path):
    """A task's `mode` (an int, an octal string, or symbolic) as permission bits."""
    if isinstance(mode, int) and not isinstance(mode, bool):
        return mode
    try:
        return int(str(mode), 8)
    except ValueError:
        pass
    try:
        value = _rp_symbolic_mode(st_mode, str(mode))
    except ValueError as e:
        _rp_fail("mode must be in octal or symbolic form", path=path, details=str(e))
    if value != value & _RP_PERM_BITS:
        _rp_fail("Invalid mode supplied, only permission info is allowed", path=path, details=value)
    return value


def _rp_note(diff, key, before, after):
    if diff is not None:
        diff.setdefault("before", {})[key] = before
        diff.setdefault("after", {})[key] = after


def _rp_set_attrs(path, a, ctx, changed, diff=None, follow=False):
    """Ansible's set_fs_attributes_if_different for owner, group and mode: sets what differs
    (nothing in check mode), records it in `diff`, says whether anything changed."""
    owner, group, mode = a.get("owner"), a.get("group"), a.get("mode")
    if owner is None and group is None and mode is None:
        return changed
    if ctx["check"] and not _rp_lexists(path):
        return True
    st = os.stat(path) if follow else os.lstat(path)
    if owner is not None:
        uid = _rp_uid(owner, path)
        if uid != st.st_uid:
            _rp_note(diff, "owner", st.st_uid, uid)
            if ctx["check"]:
                return True
            try:
                os.lchown(path, uid, -1)
            except OSError as e:
                _rp_fail("chown failed: %s" % e, path=path)
            changed = True
    if group is not None:
        gid = _rp_gid(group, path)
        if gid != st.st_gid:
            _rp_note(diff, "group", st.st_gid, gid)
            if ctx["check"]:
                return True
            try:
                os.lchown(path, -1, gid)
            except OSError:
                _rp_fail("chgrp failed", path=path)
            changed = True
    if mode is not None:
        st = os.lstat(path)
        want = _rp_mode_value(mode, st.st_mode, path)
        prev = st.st_mode & _RP_PERM_BITS
        if prev != want:
            _rp_note(diff, "mode", "0%03o" % prev, "0%03o" % want)
            if ctx["check"]:
                return True
            if (st.st_mode & _RP_S_IFMT) == _RP_S_IFLNK:
                # Links have no mode of their own on Linux; the target's is not ours to touch.
                return changed
            os.chmod(path, want)
            if (os.lstat(path).st_mode & _RP_PERM_BITS) != prev:
                changed = True
    return changed


def _rp_path_info(result):
    """What Ansible's exit_json adds for a result naming a path: uid, gid, owner, group,
    mode, state, size."""
    path = result.get("path", result.get("dest"))
    if path is None or not os.path.exists(path):
        return result
    st = os.lstat(path)
    result["uid"] = st.st_uid
    result["gid"] = st.st_gid
    result["owner"] = _rp_user_name(st.st_uid)
    result["group"] = _rp_group_name(st.st_gid)
    result["mode"] = "0%03o" % (st.st_mode & _RP_PERM_BITS)
    state = _rp_state(path)
    result["state"] = state
    result["size"] = st.st_size
    return result


def _rp_is_binary(data):
    return b"\x00" in data[:8192]


def _rp_text_diff(path, before, after, before_header=None, after_header=None):
    """A diff entry of two file contents, or the reasons Ansible gives for not diffing."""
    diff = {}
    if before is None:
        diff["before"] = ""
    elif _rp_is_binary(before):
        diff["dst_binary"] = 1
    elif len(before) > _RP_MAX_DIFF:
        diff["dst_larger"] = _RP_MAX_DIFF
    else:
        diff["before"] = _rp_text(before)
        diff["before_header"] = before_header or path
    if after is not None:
        if len(after) > _RP_MAX_DIFF:
            diff["src_larger"] = _RP_MAX_DIFF
        elif _rp_is_binary(after):
            diff["src_binary"] = 1
        else:
            diff["after"] = _rp_text(after)
            diff["after_header"] = after_header or path
    return diff
