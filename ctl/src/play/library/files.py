# rpyctl's module library, part 2: files — stat, file, copy (and template, which the
# controller renders), the host's side of fetch and slurp, and staging of large uploads.

_RP_ATTR_NAMES = {
    "A": "noatime", "a": "append", "c": "compressed", "C": "nocow", "d": "nodump",
    "D": "dirsync", "e": "extents", "E": "encrypted", "h": "blocksize", "i": "immutable",
    "I": "indexed", "j": "journalled", "N": "inline", "s": "zero", "S": "synchronous",
    "t": "notail", "T": "blockroot", "u": "undelete", "X": "compressedraw", "Z": "compresseddirty",
}


def _rp_stat_dict(path, st):
    mode = st.st_mode
    t = mode & _RP_S_IFMT
    return {
        "exists": True, "path": path, "mode": "%04o" % (mode & _RP_PERM_BITS),
        "isdir": t == _RP_S_IFDIR, "ischr": t == _RP_S_IFCHR, "isblk": t == _RP_S_IFBLK,
        "isreg": t == _RP_S_IFREG, "isfifo": t == _RP_S_IFIFO, "islnk": t == _RP_S_IFLNK,
        "issock": t == _RP_S_IFSOCK, "uid": st.st_uid, "gid": st.st_gid, "size": st.st_size,
        "inode": st.st_ino, "dev": st.st_dev, "nlink": st.st_nlink, "atime": st.st_atime,
        "mtime": st.st_mtime, "ctime": st.st_ctime,
        "wusr": bool(mode & 0o200), "rusr": bool(mode & 0o400), "xusr": bool(mode & 0o100),
        "wgrp": bool(mode & 0o020), "rgrp": bool(mode & 0o040), "xgrp": bool(mode & 0o010),
        "woth": bool(mode & 0o002), "roth": bool(mode & 0o004), "xoth": bool(mode & 0o001),
        "isuid": bool(mode & 0o4000), "isgid": bool(mode & 0o2000),
    }


def _rp_mod_stat(a, ctx):
    path = _rp_expand(a["path"])
    try:
        st = os.stat(path) if a.get("follow") else os.lstat(path)
    except FileNotFoundError:
        return {"changed": False, "stat": {"exists": False}}
    except OSError as e:
        _rp_fail(e.strerror or str(e))
    out = _rp_stat_dict(path, st)
    out["readable"] = os.access(path, os.R_OK)
    out["writeable"] = os.access(path, os.W_OK)
    out["executable"] = os.access(path, os.X_OK)
    if out["islnk"]:
        out["lnk_source"] = os.path.realpath(path)
        out["lnk_target"] = os.readlink(path)
    out["pw_name"] = _rp_user_name(st.st_uid)
    out["gr_name"] = _rp_group_name(st.st_gid)
    if out["isreg"] and out["readable"] and a.get("get_checksum", True):
        out["checksum"] = _rp_digest(path, a.get("checksum_algorithm") or "sha1")
    if a.get("get_mime", True):
        out["mimetype"] = out["charset"] = "unknown"
        tool = _rp_which("file")
        if tool:
            rc, text, _err = _rp_run([tool, "--mime-type", "--mime-encoding", path], ctx)
            if rc == 0 and ":" in text and ";" in text.rsplit(":", 1)[1]:
                mimetype, charset = text.rsplit(":", 1)[1].split(";", 1)
                out["mimetype"] = mimetype.strip()
                out["charset"] = charset.split("=")[-1].strip()
    if a.get("get_attributes", True):
        out["version"] = None
        out["attributes"] = []
        out["attr_flags"] = ""
        tool = _rp_which("lsattr")
        if tool:
            rc, text, _err = _rp_run([tool, "-vd", path], ctx)
            fields = text.split()
            if rc == 0 and len(fields) >= 2:
                flags = fields[1].replace("-", "").strip()
                out["version"] = fields[0].strip()
                out["attr_flags"] = flags
                out["attributes"] = [_RP_ATTR_NAMES[f] for f in flags if f in _RP_ATTR_NAMES]
    return {"changed": False, "stat": out}


# ---- file ---------------------------------------------------------------------------------

def _rp_initial_diff(path, state, prev_state):
    diff = {"before": {"path": path}, "after": {"path": path}}
    if prev_state != state:
        diff["before"]["state"] = prev_state
        diff["after"]["state"] = state
        if state == "absent" and prev_state == "directory":
            walk = {"directories": [], "files": []}
            for p in _rp_listdir_tree(path):
                if (os.lstat(p).st_mode & _RP_S_IFMT) == _RP_S_IFDIR:
                    walk["directories"].append(p)
                else:
                    walk["files"].append(p)
            diff["before"]["path_content"] = walk
    return diff


def _rp_timestamp(value, fmt):
    """`modification_time`/`access_time`: None for preserve, "now", or seconds."""
    if value is None or value == "preserve":
        return None
    if value == "now":
        return "now"
    try:
        return time.mktime(time.strptime(value, fmt))
    except (ValueError, OverflowError) as e:
        _rp_fail("Error while obtaining timestamp for time %s using format %s: %s" % (value, fmt, e))


def _rp_update_times(path, mtime, atime, ctx, diff=None):
    if mtime is None and atime is None:
        return False
    st = os.stat(path)
    if mtime == "now" and atime == "now":
        now = time.time()
        if not ctx["check"]:
            os.utime(path, None)
        if diff is not None:
            _rp_note(diff, "mtime", st.st_mtime, now)
            _rp_note(diff, "atime", st.st_atime, now)
        return True
    new_m = st.st_mtime if mtime is None else (time.time() if mtime == "now" else mtime)
    new_a = st.st_atime if atime is None else (time.time() if atime == "now" else atime)
    if new_m == st.st_mtime and new_a == st.st_atime:
        return False
    if not ctx["check"]:
        os.utime(path, (new_a, new_m))
    if new_m != st.st_mtime:
        _rp_note(diff, "mtime", st.st_mtime, new_m)
    if new_a != st.st_atime:
        _rp_note(diff, "atime", st.st_atime, new_a)
    return True


def _rp_file_times(a, state):
    def pick(key):
        v = a.get(key)
        if v is None:
            return "now" if state == "touch" else "preserve"
        return v
    return (_rp_timestamp(pick("modification_time"), a.get("modification_time_format") or "%Y%m%d%H%M.%S"),
            _rp_timestamp(pick("access_time"), a.get("access_time_format") or "%Y%m%d%H%M.%S"))


def _rp_mod_file(a, ctx):
    path = _rp_expand(a["path"])
    state = a.get("state")
    src = a.get("src")
    follow = a.get("follow", True)
    if state not in ("link", "absent") and os.path.isdir(path):
        base = a.get("_original_basename") or (os.path.basename(src) if src else None)
        if base:
            path = os.path.join(path, base)
    prev = _rp_state(path)
    if state is None:
        if prev != "absent":
            state = prev
        elif a.get("recurse"):
            state = "directory"
        else:
            state = "file"
    if a.get("recurse") and state != "directory":
        _rp_fail("recurse option requires state to be 'directory'", path=path)
    if src and state not in ("link", "hard"):
        _rp_fail("src option requires state to be 'link' or 'hard'", path=path)
    mtime, atime = _rp_file_times(a, state)
    if state == "absent":
        result = _rp_file_absent(path, prev, ctx)
    elif state == "touch":
        result = _rp_file_touch(path, prev, a, ctx, mtime, atime)
    elif state == "file":
        result = _rp_file_attrs(path, prev, a, ctx, follow, mtime, atime)
    elif state == "directory":
        result = _rp_file_directory(path, prev, a, ctx, follow, mtime, atime)
    elif state == "link":
        result = _rp_file_link(path, prev, src, a, ctx, follow, mtime, atime)
    else:
        result = _rp_file_hard(path, prev, src, a, ctx, follow, mtime, atime)
    if not ctx["diff"]:
        result.pop("diff", None)
    return _rp_path_info(result)


def _rp_file_absent(path, prev, ctx):
    if prev == "absent":
        return {"path": path, "changed": False, "state": "absent"}
    diff = _rp_initial_diff(path, "absent", prev)
    if not ctx["check"]:
        if prev == "directory":
            try:
                _rp_rmtree(path)
            except OSError as e:
                _rp_fail("rmtree failed: %s" % e)
        else:
            try:
                os.unlink(path)
            except FileNotFoundError:
                pass
            except OSError as e:
                _rp_fail("Unlinking failed.", path=path, details=str(e))
    return {"path": path, "changed": True, "diff": diff, "state": "absent"}


def _rp_file_touch(path, prev, a, ctx, mtime, atime):
    result = {"dest": path}
    changed = False
    if prev == "absent":
        if ctx["check"]:
            result["changed"] = True
            return result
        try:
            open(path, "wb").close()
        except OSError as e:
            _rp_fail("Error, could not touch target.", path=path, details=str(e))
        changed = True
    diff = _rp_initial_diff(path, "touch", prev)
    changed = _rp_set_attrs(path, a, ctx, changed, diff)
    changed = _rp_update_times(path, mtime, atime, ctx, diff) or changed
    result["changed"] = changed
    result["diff"] = diff
    return result


def _rp_file_attrs(path, prev, a, ctx, follow, mtime, atime):
    if prev != "file" and follow and prev == "link":
        path = os.path.realpath(path)
        prev = _rp_state(path)
    if prev not in ("file", "hard"):
        _rp_fail("file (%s) is %s, cannot continue" % (path, prev), path=path, state=prev)
    diff = _rp_initial_diff(path, "file", prev)
    changed = _rp_set_attrs(path, a, ctx, False, diff)
    changed = _rp_update_times(path, mtime, atime, ctx, diff) or changed
    return {"path": path, "changed": changed, "diff": diff}


def _rp_file_directory(path, prev, a, ctx, follow, mtime, atime):
    if follow and prev == "link":
        path = os.path.realpath(path)
        prev = _rp_state(path)
    diff = _rp_initial_diff(path, "directory", prev)
    changed = False
    if prev == "absent":
        if ctx["check"]:
            return {"path": path, "changed": True, "diff": diff}
        cur = ""
        try:
            for part in path.strip("/").split("/"):
                cur = cur + "/" + part
                if not os.path.isabs(path):
                    cur = cur.lstrip("/")
                if not os.path.exists(cur):
                    try:
                        os.mkdir(cur)
                        changed = True
                    except FileExistsError:
                        if not os.path.isdir(cur):
                            raise
                    changed = _rp_set_attrs(cur, a, ctx, changed, diff)
                    changed = _rp_update_times(path, mtime, atime, ctx, diff) or changed
        except OSError as e:
            _rp_fail("There was an issue creating %s as requested: %s" % (cur, e), path=path)
        return {"path": path, "changed": changed, "diff": diff}
    if prev != "directory":
        _rp_fail("%s already exists as a %s" % (path, prev), path=path)
    changed = _rp_set_attrs(path, a, ctx, changed, diff)
    changed = _rp_update_times(path, mtime, atime, ctx, diff) or changed
    if a.get("recurse"):
        for p in _rp_listdir_tree(path):
            changed = _rp_set_attrs(p, a, ctx, changed, None) or changed
            if (os.lstat(p).st_mode & _RP_S_IFMT) != _RP_S_IFLNK:
                changed = _rp_update_times(p, mtime, atime, ctx) or changed
    return {"path": path, "changed": changed, "diff": diff}


def _rp_replace_with(path, prev, make, ctx):
    """Puts a new link at `path` in place of what was there (atomically when replacing)."""
    if ctx["check"]:
        return
    if prev == "absent":
        make(path)
        return
    tmp = os.path.join(os.path.dirname(path), ".%d.%s.tmp" % (os.getpid(), time.time()))
    try:
        if prev == "directory":
            os.rmdir(path)
        make(tmp)
        os.rename(tmp, path)
    except OSError as e:
        if _rp_lexists(tmp):
            os.unlink(tmp)
        _rp_fail("Error while replacing: %s" % e, path=path)


def _rp_file_link(path, prev, src, a, ctx, follow, mtime, atime):
    force = a.get("force", False)
    if src is None and follow and os.path.exists(path):
        src = os.readlink(path) if os.path.islink(path) else None
    rel = path if (not os.path.islink(path) and os.path.isdir(path)) else os.path.dirname(path)
    if src is not None and not force and not os.path.exists(os.path.join(rel, src)):
        _rp_fail("src file does not exist, use 'force=yes' if you really want to create the link: %s"
                 % os.path.join(rel, src), path=path, src=src)
    if prev == "directory":
        if not force:
            _rp_fail("refusing to convert from %s to symlink for %s" % (prev, path), path=path)
        elif os.listdir(path):
            _rp_fail("the directory %s is not empty, refusing to convert it" % path, path=path)
    elif prev in ("file", "hard") and not force:
        _rp_fail("refusing to convert from %s to symlink for %s" % (prev, path), path=path)
    diff = _rp_initial_diff(path, "link", prev)
    changed = False
    if prev in ("hard", "file", "directory", "absent"):
        if src is None:
            _rp_fail("src is required for creating new symlinks")
        changed = True
    elif prev == "link" and src is not None:
        old = os.readlink(path)
        if old != src:
            diff["before"]["src"] = old
            diff["after"]["src"] = src
            changed = True
    if changed:
        _rp_replace_with(path, prev, lambda p: os.symlink(src, p), ctx)
    if ctx["check"] and not os.path.exists(path):
        return {"dest": path, "src": src, "changed": changed, "diff": diff}
    target = os.path.realpath(path) if follow else path
    if follow and os.path.islink(path) and not os.path.exists(target):
        return {"dest": path, "src": src, "changed": changed, "diff": diff,
                "warnings": ["Cannot set fs attributes on a non-existent symlink target. follow should be"
                             " set to False to avoid this."]}
    changed = _rp_set_attrs(target, a, ctx, changed, diff)
    changed = _rp_update_times(target, mtime, atime, ctx, diff) or changed
    return {"dest": path, "src": src, "changed": changed, "diff": diff}


def _rp_file_hard(path, prev, src, a, ctx, follow, mtime, atime):
    force = a.get("force", False)
    if prev != "hard" and src is None:
        _rp_fail("src is required for creating new hardlinks")
    if src is not None and not os.path.exists(src):
        _rp_fail("src does not exist", dest=path, src=src)
    diff = _rp_initial_diff(path, "hard", prev)
    changed = False
    if prev == "absent":
        changed = True
    elif prev == "link":
        old = os.readlink(path)
        if old != src:
            diff["before"]["src"] = old
            diff["after"]["src"] = src
            changed = True
    elif prev == "hard":
        if src is not None and os.stat(path).st_ino != os.stat(src).st_ino:
            changed = True
            if not force:
                _rp_fail("Cannot link, different hard link exists at destination", dest=path, src=src)
    elif prev == "file":
        changed = True
        if not force:
            _rp_fail("Cannot link, %s exists at destination" % prev, dest=path, src=src)
    elif prev == "directory":
        changed = True
        if os.stat(path).st_ino == os.stat(src).st_ino:
            return {"path": path, "changed": False}
        if not force:
            _rp_fail("Cannot link: different hard link exists at destination", dest=path, src=src)
    if changed:
        source = os.readlink(src) if (follow and os.path.islink(src)) else src
        _rp_replace_with(path, prev, lambda p: os.link(source, p), ctx)
    if ctx["check"] and not os.path.exists(path):
        return {"dest": path, "src": src, "changed": changed, "diff": diff}
    changed = _rp_set_attrs(path, a, ctx, changed, diff)
    changed = _rp_update_times(path, mtime, atime, ctx, diff) or changed
    return {"dest": path, "src": src, "changed": changed, "diff": diff}


# ---- copy and template --------------------------------------------------------------------

def _rp_mod_copy(a, ctx):
    """copy/template with the content sent by the controller: `data` (bytes), or a file
    staged beforehand (`_staged`), or nothing yet when the content is large: then the reply
    asks for it (`_send`) unless the destination already holds it. Unchanged content still
    gets mode/owner/group as the file module would set them."""
    if a.get("remote_src"):
        src = _rp_expand(a.get("src") or "")
        if not os.path.exists(src):
            _rp_fail("Source %s not found" % src)
        if os.path.isdir(src):
            _rp_fail("rpyctl's copy with remote_src copies a file, not a directory: %s" % src)
        if not os.access(src, os.R_OK):
            _rp_fail("Source %s not readable" % src)
        ctx["data"] = _rp_read(src)
        a["_checksum"] = _rp_digest(src, "sha1")
        a["_after_header"] = src
        a.setdefault("_original_basename", os.path.basename(src))
        if a.get("mode") == "preserve":
            a["mode"] = "0%03o" % (os.stat(src).st_mode & _RP_PERM_BITS)
    dest = _rp_expand(a["dest"])
    name = a.get("_original_basename") or "content"
    want = a["_checksum"]
    follow = a.get("follow", False)
    if "/" not in dest:
        dest = "./" + dest
    if dest.endswith("/"):
        if a.get("_content"):
            _rp_fail("can not use content with a dir as dest")
        dest = os.path.join(dest, name)
        parent = os.path.dirname(dest)
        if not os.path.exists(parent):
            if ctx["check"]:
                return {"changed": True, "msg": "dest directory %s would be created" % parent}
            os.makedirs(parent)
    if os.path.isdir(dest):
        if a.get("_content"):
            _rp_fail("can not use content with a dir as dest")
        dest = os.path.join(dest, name)
    if os.path.exists(dest):
        if os.path.islink(dest) and follow:
            dest = os.path.realpath(dest)
        if not a.get("force", True):
            return {"changed": False, "msg": "file already exists", "dest": dest}
    elif not os.path.isdir(os.path.dirname(dest)):
        if ctx["check"]:
            # As Ansible's copy action: in check mode a differing checksum is a change, and
            # the directory may be made by an earlier task that check mode skipped.
            return {"changed": True, "dest": dest, "checksum": want}
        _rp_fail("Destination directory %s does not exist" % os.path.dirname(dest))
    have = _rp_checksum(dest)
    if have == want and not os.path.islink(dest):
        result = {"dest": dest, "path": dest, "checksum": want, "changed": False}
        diff = _rp_initial_diff(dest, "file", _rp_state(dest))
        result["changed"] = _rp_set_attrs(dest, a, ctx, False, diff, follow=True)
        if ctx["diff"]:
            result["diff"] = diff
        return _rp_path_info(result)
    staged = a.get("_staged")
    data = ctx["data"]
    if data is None and staged is None:
        if ctx["check"]:
            return {"changed": True, "dest": dest, "checksum": want}
        return {"_send": _rp_tmp_name(dest), "dest": dest}
    result = {"changed": True, "dest": dest, "checksum": want}
    if ctx["diff"]:
        before = None
        if os.path.isfile(dest):
            before = _rp_read(dest)
        if data is not None:
            after = data
        else:
            after = _rp_read(staged) if os.path.getsize(staged) <= _RP_MAX_DIFF else b"x" * (_RP_MAX_DIFF + 1)
        result["diff"] = [_rp_text_diff(dest, before, after, dest, a.get("_after_header") or dest)]
    if ctx["check"]:
        if staged:
            os.unlink(staged)
        return result
    if a.get("backup") and os.path.exists(dest):
        result["backup_file"] = _rp_backup(dest, ctx)
    if os.path.islink(dest):
        os.unlink(dest)
    validate = a.get("validate")
    if staged is None:
        staged = _rp_tmp_name(dest)
        with open(staged, "wb") as f:
            f.write(data)
    try:
        if _rp_digest(staged, "sha1") != want:
            _rp_fail("Copied file does not match the expected checksum. Transfer failed.",
                     checksum=_rp_digest(staged, "sha1"), expected_checksum=want)
        try:
            st = os.stat(dest)
            os.chmod(staged, st.st_mode & _RP_PERM_BITS)
            os.chown(staged, st.st_uid, st.st_gid)
        except OSError:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(staged, 0o666 & ~umask)
        if validate:
            if "%s" not in validate:
                _rp_fail("validate must contain %%s: %s" % validate)
            _rp_set_attrs(staged, a, ctx, False)
            rc, out, err = _rp_run(["/bin/sh", "-c", validate.replace("%s", _rp_quote(staged))], ctx)
            if rc != 0:
                _rp_fail("failed to validate", exit_status=rc, stdout=out, stderr=err)
        os.replace(staged, dest)
    finally:
        if _rp_lexists(staged):
            os.unlink(staged)
    result["md5sum"] = _rp_md5(dest)
    result["changed"] = _rp_set_attrs(dest, a, ctx, True)
    return _rp_path_info(result)


def _rp_quote(s):
    if re.match(r"^[A-Za-z0-9_@%+=:,./-]+$", s):
        return s
    return "'" + s.replace("'", "'\"'\"'") + "'"


def _rp_mod__stage(a, ctx):
    """One chunk of a large upload, appended to the staging file the copy asked for."""
    path = a["path"]
    with open(path, "ab" if a["offset"] > 0 else "wb") as f:
        f.write(ctx["data"])
    return {"changed": False, "size": os.path.getsize(path)}


# ---- fetch and slurp ----------------------------------------------------------------------

def _rp_mod_fetch(a, ctx):
    """The host's side of fetch: the file's checksum, and its bytes when the controller's
    copy (`_local_checksum`) differs."""
    src = _rp_expand(a["src"])
    if not os.path.exists(src):
        return {"_missing": "file not found: %s" % src}
    if os.path.isdir(src):
        return {"_isdir": True}
    if not os.access(src, os.R_OK):
        return {"_missing": "file is not readable: %s" % src}
    checksum = _rp_digest(src, "sha1")
    result = {"remote_checksum": checksum}
    if checksum != a.get("_local_checksum"):
        result["_data"] = _rp_read(src)
    return result


def _rp_mod_slurp(a, ctx):
    src = _rp_expand(a["src"])
    try:
        data = _rp_read(src)
    except FileNotFoundError:
        _rp_fail("file not found: %s" % src)
    except IsADirectoryError:
        _rp_fail("source is a directory and must be a file")
    except PermissionError:
        _rp_fail("file is not readable: %s" % src)
    return {"changed": False, "source": src, "encoding": "base64", "_data": data}
