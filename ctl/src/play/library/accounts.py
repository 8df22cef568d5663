# rpyctl's module library, part 6: users and groups, through the host's own shadow tools
# (useradd/usermod/userdel, groupadd/groupmod/groupdel) and its passwd/group databases.


def _rp_pw(name):
    try:
        import pwd
        return pwd.getpwnam(name)
    except KeyError:
        return None


def _rp_gr(name):
    try:
        import grp
        try:
            return grp.getgrgid(int(name))
        except ValueError:
            return grp.getgrnam(name)
    except KeyError:
        return None


def _rp_user_groups(name, primary_gid):
    import grp
    return sorted(g.gr_name for g in grp.getgrall() if name in g.gr_mem and g.gr_gid != primary_gid)


def _rp_shadow_hash(name):
    for line in (_rp_read_text_file("/etc/shadow") or "").splitlines():
        f = line.split(":")
        if f and f[0] == name and len(f) > 1:
            return f[1]
    return None


def _rp_expires_date(expires):
    """`expires` (seconds since the epoch) as useradd's -e date; a negative value clears it."""
    if expires is None:
        return None
    if float(expires) < 0:
        return ""
    gm = time.gmtime(float(expires))
    return "%04d-%02d-%02d" % (gm.tm_year, gm.tm_mon, gm.tm_mday)


def _rp_tool(name):
    tool = _rp_which(name)
    if tool is None:
        _rp_fail("Failed to find required executable \"%s\" in paths: %s" % (name, os.environ.get("PATH", "")))
    return tool


def _rp_mod_user(a, ctx):
    name, state = a["name"], a.get("state") or "present"
    result = {"name": name, "state": state}
    pw = _rp_pw(name)
    rc, out, err = None, "", ""
    if state == "absent":
        if pw is not None:
            if ctx["check"]:
                return {"changed": True, "name": name, "state": state}
            argv = [_rp_tool("userdel")]
            if a.get("force"):
                argv.append("-f")
            if a.get("remove"):
                argv.append("-r")
            rc, out, err = _rp_run(argv + [name], ctx)
            if rc != 0:
                _rp_fail(err, name=name, rc=rc)
            result["force"] = a.get("force", False)
            result["remove"] = a.get("remove", False)
    else:
        groups = a.get("groups")
        if groups is not None:
            groups = [g.strip() for g in ",".join(groups).split(",") if g.strip()]
            for g in groups:
                if _rp_gr(g) is None:
                    _rp_fail("Group %s does not exist" % g)
        group = a.get("group")
        if group is not None and _rp_gr(group) is None:
            _rp_fail("Group %s does not exist" % group)
        if pw is None:
            if ctx["check"]:
                return {"changed": True, "name": name, "state": state}
            rc, out, err = _rp_useradd(a, name, groups)
            result["system"] = a.get("system", False)
            result["create_home"] = a.get("create_home", True)
        else:
            rc, out, err = _rp_usermod(a, name, pw, groups, ctx)
            result["append"] = a.get("append", False)
            result["move_home"] = a.get("move_home", False)
        if rc is not None and rc != 0:
            _rp_fail(err, name=name, rc=rc)
        if a.get("password") is not None:
            result["password"] = "NOT_LOGGING_PASSWORD"
    result["changed"] = rc is not None
    if out:
        result["stdout"] = out
    if err:
        result["stderr"] = err
    pw = _rp_pw(name)
    if pw is not None and state == "present":
        result.update({"uid": pw.pw_uid, "group": pw.pw_gid, "comment": pw.pw_gecos, "home": pw.pw_dir,
                       "shell": pw.pw_shell})
        if a.get("groups") is not None:
            result["groups"] = ",".join(groups)
        if not os.path.exists(pw.pw_dir) and a.get("create_home", True) and not a.get("system"):
            if not ctx["check"]:
                os.makedirs(pw.pw_dir)
                os.chmod(pw.pw_dir, 0o755)
                os.chown(pw.pw_dir, pw.pw_uid, pw.pw_gid)
            result["changed"] = True
        if a.get("generate_ssh_key"):
            result.update(_rp_ssh_key(a, pw, ctx))
            result["changed"] = result["changed"] or result.pop("_key_changed")
    return result


def _rp_useradd(a, name, groups):
    argv = [_rp_tool("useradd")]
    if a.get("uid") is not None:
        argv += ["-u", str(a["uid"])]
        if a.get("non_unique"):
            argv.append("-o")
    if a.get("group") is not None:
        argv += ["-g", str(a["group"])]
    elif _rp_gr(name) is not None and not a.get("system"):
        # An existing group of the user's name would make useradd refuse: join it.
        argv += ["-g", name]
    if groups:
        argv += ["-G", ",".join(groups)]
    if a.get("comment") is not None:
        argv += ["-c", a["comment"]]
    if a.get("home") is not None:
        home = a["home"]
        parent = os.path.dirname(home)
        if a.get("create_home", True) and parent and not os.path.isdir(parent):
            os.makedirs(parent)
        argv += ["-d", home]
    if a.get("shell") is not None:
        argv += ["-s", a["shell"]]
    if a.get("expires") is not None:
        argv += ["-e", _rp_expires_date(a["expires"])]
    if a.get("password") is not None:
        argv += ["-p", a["password"]]
    if a.get("create_home", True):
        if not a.get("system"):
            argv.append("-m")
            if a.get("skeleton"):
                argv += ["-k", a["skeleton"]]
            if a.get("umask"):
                argv += ["-K", "UMASK=" + a["umask"]]
    else:
        argv.append("-M")
    if a.get("system"):
        argv.append("-r")
    for key, opt in (("uid_min", "UID_MIN"), ("uid_max", "UID_MAX")):
        if a.get(key) is not None:
            argv += ["-K", "%s=%s" % (opt, a[key])]
    rc, out, err = _rp_run(argv + [name], None)
    if rc == 0 and a.get("password_lock"):
        _rp_run([_rp_tool("usermod"), "-L", name], None)
    return rc, out, err


def _rp_usermod(a, name, pw, groups, ctx):
    argv = []
    if a.get("uid") is not None and a["uid"] != pw.pw_uid:
        argv += ["-u", str(a["uid"])]
        if a.get("non_unique"):
            argv.append("-o")
    if a.get("group") is not None:
        gr = _rp_gr(a["group"])
        if gr.gr_gid != pw.pw_gid:
            argv += ["-g", str(a["group"])]
    if groups is not None:
        current = _rp_user_groups(name, pw.pw_gid)
        wanted = [g for g in groups if _rp_gr(g).gr_gid != pw.pw_gid]
        if a.get("append"):
            missing = [g for g in wanted if g not in current]
            if missing:
                argv += ["-a", "-G", ",".join(missing)]
        elif sorted(set(wanted)) != current:
            argv += ["-G", ",".join(wanted)]
    if a.get("comment") is not None and a["comment"] != pw.pw_gecos:
        argv += ["-c", a["comment"]]
    if a.get("home") is not None and a["home"] != pw.pw_dir:
        argv += ["-d", a["home"]]
        if a.get("move_home"):
            argv.append("-m")
    if a.get("shell") is not None and a["shell"] != pw.pw_shell:
        argv += ["-s", a["shell"]]
    if a.get("password") is not None and (a.get("update_password") or "always") == "always":
        if _rp_shadow_hash(name) != a["password"]:
            argv += ["-p", a["password"]]
    lock = a.get("password_lock")
    if lock is not None:
        current_hash = _rp_shadow_hash(name) or ""
        if lock and not current_hash.startswith("!"):
            argv.append("-L")
        elif not lock and current_hash.startswith("!"):
            argv.append("-U")
    if a.get("expires") is not None:
        argv += ["-e", _rp_expires_date(a["expires"])]
    if not argv:
        return None, "", ""
    if ctx["check"]:
        return 0, "", ""
    return _rp_run([_rp_tool("usermod")] + argv + [name], ctx)


def _rp_ssh_key(a, pw, ctx):
    key_file = a.get("ssh_key_file") or ".ssh/id_%s" % (a.get("ssh_key_type") or "rsa")
    if not os.path.isabs(key_file):
        key_file = os.path.join(pw.pw_dir, key_file)
    out = {"ssh_key_file": key_file, "_key_changed": False}
    if os.path.exists(key_file):
        out["ssh_public_key"] = (_rp_read_text_file(key_file + ".pub") or "").strip()
        return out
    if ctx["check"]:
        out["_key_changed"] = True
        return out
    ssh_dir = os.path.dirname(key_file)
    if not os.path.isdir(ssh_dir):
        os.makedirs(ssh_dir)
        os.chmod(ssh_dir, 0o700)
        os.chown(ssh_dir, pw.pw_uid, pw.pw_gid)
    comment = a.get("ssh_key_comment") or "ansible-generated on %s" % _rp_current_hostname()
    argv = [_rp_tool("ssh-keygen"), "-t", a.get("ssh_key_type") or "rsa", "-f", key_file,
            "-N", a.get("ssh_key_passphrase") or "", "-C", comment, "-q"]
    if a.get("ssh_key_bits"):
        argv += ["-b", str(a["ssh_key_bits"])]
    rc, o, err = _rp_run(argv, ctx)
    if rc != 0:
        _rp_fail("Failed to generate ssh key: %s" % err, rc=rc)
    for p in (key_file, key_file + ".pub"):
        os.chown(p, pw.pw_uid, pw.pw_gid)
    out["ssh_public_key"] = (_rp_read_text_file(key_file + ".pub") or "").strip()
    out["ssh_fingerprint"] = _rp_run([_rp_tool("ssh-keygen"), "-l", "-f", key_file + ".pub"], ctx)[1].strip()
    out["_key_changed"] = True
    return out


def _rp_mod_group(a, ctx):
    import grp
    name, state = a["name"], a.get("state") or "present"
    result = {"name": name, "state": state}
    try:
        gr = grp.getgrnam(name)
    except KeyError:
        gr = None
    rc, out, err = None, "", ""
    if state == "absent":
        if gr is not None:
            if ctx["check"]:
                return {"changed": True, "name": name, "state": state}
            argv = [_rp_tool("groupdel")] + (["-f"] if a.get("force") else []) + [name]
            rc, out, err = _rp_run(argv, ctx)
            if rc != 0:
                _rp_fail(err, name=name, rc=rc)
    else:
        gid = a.get("gid")
        if gr is None:
            if ctx["check"]:
                return {"changed": True, "name": name, "state": state}
            argv = [_rp_tool("groupadd")]
            if gid is not None:
                argv += ["-g", str(gid)]
                if a.get("non_unique"):
                    argv.append("-o")
            if a.get("system"):
                argv.append("-r")
            for key, opt in (("gid_min", "GID_MIN"), ("gid_max", "GID_MAX")):
                if a.get(key) is not None:
                    argv += ["-K", "%s=%s" % (opt, a[key])]
            rc, out, err = _rp_run(argv + [name], ctx)
        elif gid is not None and gid != gr.gr_gid:
            if not ctx["check"]:
                argv = [_rp_tool("groupmod"), "-g", str(gid)] + (["-o"] if a.get("non_unique") else [])
                rc, out, err = _rp_run(argv + [name], ctx)
            else:
                rc = 0
        if rc is not None and rc != 0:
            _rp_fail(err, name=name, rc=rc)
    result["changed"] = rc is not None
    if out:
        result["stdout"] = out
    if err:
        result["stderr"] = err
    if state == "present":
        try:
            gr = grp.getgrnam(name)
            result["gid"] = gr.gr_gid
            result["system"] = a.get("system", False)
        except KeyError:
            pass
    return result
