# rpyctl's module library, part 4: processes and the system — command and shell,
# wait_for, getent, hostname, cron, and any remote Python call (rpyc.call).


def _rp_expand_vars(s, env):
    """`os.path.expandvars` then `expanduser`, as command's expand_argument_vars does."""
    def var(m):
        name = m.group(1) or m.group(2)
        if name in env:
            return env[name]
        return m.group(0)
    s = re.sub(r"\$(?:(\w+)|\{([^}]*)\})", var, s)
    return os.path.expanduser(s)


def _rp_mod_command(a, ctx):
    """command and shell. The controller splits command's free form into `argv` (shlex's
    rules), so the host needs no shlex; shell runs `executable -c cmd` (/bin/sh)."""
    shell = a.get("_uses_shell", False)
    r = {"changed": False, "stdout": "", "stderr": "", "rc": None, "cmd": None,
         "start": None, "end": None, "delta": None, "msg": ""}
    warnings = []
    env = _rp_env(ctx)
    if shell:
        args = a.get("_raw_params") or a.get("cmd")
        r["cmd"] = args
        argv = [a.get("executable") or "/bin/sh", "-c", args]
    else:
        if a.get("executable"):
            warnings.append("As of Ansible 2.4, the parameter 'executable' is no longer supported with the "
                            "'command' module. Not using '%s'." % a["executable"])
        argv = [str(x) for x in a["argv"]]
        r["cmd"] = argv
        if a.get("expand_argument_vars", True):
            argv = [_rp_expand_vars(x, env) for x in argv]
    if warnings:
        r["warnings"] = warnings
    chdir = _rp_expand(a.get("chdir"))
    if chdir and not os.path.isdir(chdir):
        r["msg"] = "Unable to change directory before execution."
        r["failed"] = True
        return r
    would = "Would" if ctx["check"] else "Did"
    creates, removes = _rp_expand(a.get("creates")), _rp_expand(a.get("removes"))
    if creates and _rp_glob(creates):
        r["msg"] = "%s not run command since '%s' exists" % (would, creates)
        r["stdout"] = "skipped, since %s exists" % creates
        r["rc"] = 0
    if not r["msg"] and removes and not _rp_glob(removes):
        r["msg"] = "%s not run command since '%s' does not exist" % (would, removes)
        r["stdout"] = "skipped, since %s does not exist" % removes
        r["rc"] = 0
    if r["msg"]:
        return r
    r["changed"] = True
    if ctx["check"]:
        r["rc"] = 0
        r["msg"] = "Command would have run if not in check mode"
        if creates is None and removes is None:
            r["skipped"] = True
            r["changed"] = False
        return r
    stdin = a.get("stdin")
    data = None
    if stdin is not None:
        data = _rp_bytes(stdin)
        if a.get("stdin_add_newline", True):
            data += b"\n"
    start = time.time()
    try:
        done = subprocess.run(argv, capture_output=True, cwd=chdir or None, env=env, input=data)
        rc, out, err = done.returncode, _rp_text(done.stdout or b""), _rp_text(done.stderr or b"")
    except OSError as e:
        # What Ansible's run_command reports for a program it cannot start.
        rc, out, err = 2, "", ""
        r["msg"] = "[Errno %s] %s: %s" % (e.errno, e.strerror, "'%s'" % argv[0])
        r["cmd"] = argv[0] if shell else r["cmd"]
    end = time.time()
    r["start"], r["end"], r["delta"] = _rp_time_text(start), _rp_time_text(end), _rp_delta_text(end - start)
    if a.get("strip_empty_ends", True):
        out, err = out.rstrip("\r\n"), err.rstrip("\r\n")
    r["rc"], r["stdout"], r["stderr"] = rc, out, err
    if rc != 0:
        if not r["msg"]:
            r["msg"] = "non-zero return code"
        r["failed"] = True
    return r


# ---- wait_for -----------------------------------------------------------------------------

_RP_TCP_STATES = {"ESTABLISHED": "01", "SYN_SENT": "02", "SYN_RECV": "03", "FIN_WAIT1": "04",
                  "FIN_WAIT2": "05", "TIME_WAIT": "06", "CLOSE": "07", "CLOSE_WAIT": "08",
                  "LAST_ACK": "09", "LISTEN": "0A", "CLOSING": "0B"}


def _rp_hex_ipv4(text):
    n = int(text, 16)
    return "%d.%d.%d.%d" % (n & 255, (n >> 8) & 255, (n >> 16) & 255, (n >> 24) & 255)


def _rp_active_connections(port, states, exclude):
    wanted = [_RP_TCP_STATES[s] for s in states]
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            rows = _rp_text(_rp_read(table)).splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            f = row.split()
            if len(f) < 4 or f[3] not in wanted:
                continue
            local_port = int(f[1].split(":")[1], 16)
            remote = f[2].split(":")[0]
            remote_ip = _rp_hex_ipv4(remote) if len(remote) == 8 else remote
            if local_port == port and remote_ip not in exclude:
                count += 1
    return count


def _rp_port_open(host, port, timeout):
    import socket
    try:
        s = socket.create_connection((host, port), timeout)
    except OSError:
        return None
    return s


def _rp_mod_wait_for(a, ctx):
    host, port, path = a.get("host") or "127.0.0.1", a.get("port"), _rp_expand(a.get("path"))
    state = a.get("state") or "started"
    timeout, sleep = a.get("timeout", 300), a.get("sleep", 1)
    connect_timeout = a.get("connect_timeout", 5)
    msg = a.get("msg")
    regex = a.get("search_regex")
    rx = None
    if regex is not None:
        try:
            rx = re.compile(regex, re.MULTILINE)
        except re.error as e:
            _rp_fail("Invalid regular expression: %s" % e)
    if port and path:
        _rp_fail("port and path parameter can not both be passed to wait_for", elapsed=0)
    if path and state in ("stopped", "drained"):
        _rp_fail("state=%s should only be used for checking a port in the wait_for module" % state, elapsed=0)
    if a.get("exclude_hosts") is not None and state != "drained":
        _rp_fail("exclude_hosts should only be with state=drained", elapsed=0)
    states = a.get("active_connection_states") or ["ESTABLISHED", "FIN_WAIT1", "FIN_WAIT2", "SYN_RECV",
                                                    "SYN_SENT", "TIME_WAIT"]
    for s in states:
        if s not in _RP_TCP_STATES:
            _rp_fail("unknown active_connection_state (%s) defined" % s, elapsed=0)
    start = time.time()
    if a.get("delay"):
        time.sleep(a["delay"])
    end = start + timeout
    groups, groupdict = [], {}

    def elapsed():
        return int(time.time() - start)

    if not port and not path and state != "drained":
        time.sleep(timeout)
    elif state in ("absent", "stopped"):
        done = False
        while time.time() < end:
            if path and not os.path.exists(path):
                done = True
                break
            if port:
                s = _rp_port_open(host, port, connect_timeout)
                if s is None:
                    done = True
                    break
                s.close()
            time.sleep(sleep)
        if not done:
            if port:
                _rp_fail(msg or "Timeout when waiting for %s:%s to stop." % (host, port), elapsed=elapsed())
            _rp_fail(msg or "Timeout when waiting for %s to be absent." % path, elapsed=elapsed())
    elif state in ("started", "present"):
        done = False
        while time.time() < end:
            if path:
                if os.path.exists(path):
                    if rx is None:
                        done = True
                        break
                    try:
                        m = rx.search(_rp_text(_rp_read(path)))
                    except OSError:
                        m = None
                    if m:
                        groups, groupdict = list(m.groups()), m.groupdict()
                        done = True
                        break
            elif port:
                s = _rp_port_open(host, port, max(1, min(connect_timeout, int(end - time.time()) + 1)))
                if s is not None:
                    if rx is None:
                        s.close()
                        done = True
                        break
                    data = b""
                    s.settimeout(max(0.1, end - time.time()))
                    try:
                        while time.time() < end:
                            chunk = s.recv(1024)
                            if not chunk:
                                break
                            data += chunk
                            if rx.search(_rp_text(data)):
                                done = True
                                break
                    except OSError:
                        pass
                    s.close()
                    if done:
                        break
            time.sleep(sleep)
        if not done:
            where = "%s:%s" % (host, port) if port else path
            if regex:
                _rp_fail(msg or "Timeout when waiting for search string %s in %s" % (regex, where), elapsed=elapsed())
            if port:
                _rp_fail(msg or "Timeout when waiting for %s" % where, elapsed=elapsed())
            _rp_fail(msg or "Timeout when waiting for file %s" % path, elapsed=elapsed())
    elif state == "drained":
        exclude = a.get("exclude_hosts") or []
        done = False
        while time.time() < end:
            if _rp_active_connections(port, states, exclude) == 0:
                done = True
                break
            time.sleep(sleep)
        if not done:
            _rp_fail(msg or "Timeout when waiting for %s:%s to drain" % (host, port), elapsed=elapsed())
    return {"changed": False, "state": state, "port": port, "search_regex": regex, "match_groups": groups,
            "match_groupdict": groupdict, "path": path, "elapsed": elapsed()}


# ---- getent -------------------------------------------------------------------------------

def _rp_mod_getent(a, ctx):
    db, key, split = a["database"], a.get("key"), a.get("split")
    tool = _rp_which("getent")
    if tool is None:
        _rp_fail("Failed to find required executable \"getent\" in paths: %s" % os.environ.get("PATH", ""))
    argv = [tool, db] + ([key] if key is not None else [])
    if a.get("service") is not None:
        argv += ["-s", a["service"]]
    if split is None and db in ("passwd", "shadow", "group", "gshadow"):
        split = ":"
    rc, out, _err = _rp_run(argv, ctx)
    tree = "getent_%s" % db
    results = {tree: {}}
    if rc == 0:
        seen = {}
        for line in out.splitlines():
            record = line.split(split)
            k = record[0]
            if k in seen:
                if seen[k] == 1:
                    results[tree][k] = [results[tree][k]]
                results[tree][k].append(record[1:])
                seen[k] += 1
            else:
                results[tree][k] = record[1:]
                seen[k] = 1
        return {"changed": False, "ansible_facts": results}
    msg = "Unexpected failure!"
    if rc == 1:
        msg = "Missing arguments, or database unknown."
    elif rc == 2:
        msg = "One or more supplied key could not be found in the database."
        if not a.get("fail_key", True):
            results[tree][key] = None
            return {"changed": False, "ansible_facts": results, "msg": msg}
    elif rc == 3:
        msg = "Enumeration not supported on this database."
    _rp_fail(msg)


# ---- hostname -----------------------------------------------------------------------------

def _rp_current_hostname():
    try:
        return _rp_text(_rp_read("/proc/sys/kernel/hostname")).strip()
    except OSError:
        import socket
        return socket.gethostname()


def _rp_mod_hostname(a, ctx):
    name = a["name"]
    use = a.get("use")
    systemd = os.path.isdir("/run/systemd/system") and _rp_which("hostnamectl") is not None
    if use not in (None, "systemd", "debian", "alpine", "generic", "redhat", "sles", "alpine"):
        _rp_fail("rpyctl's hostname module sets names with hostnamectl or /etc/hostname; use=%s is not one of them" % use)
    if use == "systemd" and not systemd:
        _rp_fail("use=systemd, but systemd is not running on this host")
    current = _rp_current_hostname()
    try:
        permanent = _rp_text(_rp_read("/etc/hostname")).strip()
    except OSError:
        permanent = None
    changed = current != name or (permanent is not None and permanent != name)
    if changed and not ctx["check"]:
        if systemd and use in (None, "systemd"):
            rc, out, err = _rp_run(["hostnamectl", "set-hostname", name], ctx)
            if rc != 0:
                _rp_fail("Command failed rc=%d, out=%s, err=%s" % (rc, out, err))
        else:
            if permanent is not None and permanent != name:
                _rp_write_atomic("/etc/hostname", _rp_bytes(name + "\n"))
            if current != name:
                rc, out, err = _rp_run(["hostname", name], ctx)
                if rc != 0:
                    _rp_fail("Command failed rc=%d, out=%s, err=%s" % (rc, out, err))
    short = name.split(".")[0]
    facts = {"ansible_hostname": short, "ansible_nodename": name, "ansible_fqdn": name,
             "ansible_domain": ".".join(name.split(".")[1:])}
    return {"changed": changed, "name": name, "ansible_facts": facts}


# ---- cron ---------------------------------------------------------------------------------

def _rp_crontab_read(user, cron_file, ctx):
    """(existing text, lines) of a cron file or a user's crontab."""
    if cron_file:
        try:
            text = _rp_text(_rp_read(cron_file))
        except OSError:
            return "", []
        return text, text.splitlines()
    tool = _rp_which("crontab")
    if tool is None:
        _rp_fail("Failed to find required executable \"crontab\" in paths: %s" % os.environ.get("PATH", ""))
    argv = [tool, "-l"]
    if user and _rp_user_name(os.getuid()) != user:
        argv = [tool, "-u", user, "-l"]
    rc, out, _err = _rp_run(argv, ctx)
    if rc not in (0, 1):
        _rp_fail("Unable to read crontab")
    if rc == 1:
        out = ""
    lines = []
    text = out
    for count, line in enumerate(out.splitlines()):
        installed = (re.match(r"# DO NOT EDIT THIS FILE - edit the master and reinstall.", line)
                     or re.match(r"# \(/tmp/.*installed on.*\)", line) or re.match(r"# \(.*version.*\)", line))
        if count > 2 or not installed:
            lines.append(line)
        else:
            text = re.sub(re.escape(line) + "[\r\n]?", "", text, 1)
    return text, lines


def _rp_crontab_render(lines):
    text = "\n".join(lines)
    if text:
        text = text.rstrip("\r\n") + "\n"
    return text


def _rp_crontab_write(user, cron_file, text, ctx):
    if cron_file:
        with open(cron_file, "wb") as f:
            f.write(_rp_bytes(text))
        return
    tool = _rp_which("crontab")
    tmp = "/tmp/crontab.rpyctl.%d.%d" % (os.getpid(), int(time.time() * 1000000))
    with open(tmp, "wb") as f:
        f.write(_rp_bytes(text))
    os.chmod(tmp, 0o644)
    argv = [tool, tmp]
    if user and _rp_user_name(os.getuid()) != user:
        argv = [tool, "-u", user, tmp]
    rc, out, err = _rp_run(argv, ctx)
    os.unlink(tmp)
    if rc != 0:
        _rp_fail("Failed to install new cronfile: %s" % tmp, stderr=err, stdout=out, rc=rc)


def _rp_mod_cron(a, ctx):
    name, user, job = a.get("name"), a.get("user"), a.get("job")
    cron_file, state = a.get("cron_file"), a.get("state") or "present"
    times = [a.get(k) or "*" for k in ("minute", "hour", "day", "month", "weekday")]
    special, disabled, env = a.get("special_time"), a.get("disabled", False), a.get("env", False)
    install = state == "present"
    warnings = []
    if cron_file:
        if cron_file == "/etc/crontab":
            _rp_fail("Will not manage /etc/crontab via cron_file, see documentation.")
        base = os.path.basename(cron_file)
        if not re.search(r"^[A-Z0-9_-]+$", base, re.I):
            warnings.append('Filename portion of cron_file ("%s") should consist solely of upper- and lower-case '
                            'letters, digits, underscores, and hyphens' % base)
        if not os.path.isabs(cron_file):
            cron_file = os.path.join("/etc/cron.d", cron_file)
    existing, lines = _rp_crontab_read(user, cron_file, ctx)
    header = cron_file or ('crontab for user "%s"' % user if user else "crontab")
    diff = {"before": existing, "before_header": header}
    if special and any(t != "*" for t in times):
        _rp_fail("You cannot combine special_time with any of the time or day/date parameters.")
    if install:
        if cron_file and not user:
            _rp_fail("To use cron_file=... parameter you must specify user=... as well")
        if job is None:
            _rp_fail("You must specify 'job' to install a new cron job or variable")
        if (a.get("insertafter") or a.get("insertbefore")) and not env:
            _rp_fail("Insertafter and insertbefore parameters are valid only with env=yes")
    marker = "#Ansible: "
    changed = False
    if env:
        if " " in (name or ""):
            _rp_fail("Invalid name for environment variable")
        decl = '%s="%s"' % (name, job)
        at = [i for i, l in enumerate(lines) if re.match(r"^%s=" % re.escape(name), l)]
        if install:
            if not at:
                other = a.get("insertafter") or a.get("insertbefore")
                if other:
                    where = [i for i, l in enumerate(lines) if re.match(r"^%s=" % re.escape(other), l)]
                    if not where:
                        _rp_fail("Variable named '%s' not found." % other)
                    lines.insert(where[0] + (1 if a.get("insertafter") else 0), decl)
                else:
                    lines.insert(0, decl)
                changed = True
            elif lines[at[0]] != decl:
                lines = [decl if re.match(r"^%s=" % re.escape(name), l) else l for l in lines]
                changed = True
        elif at:
            lines = [l for l in lines if not re.match(r"^%s=" % re.escape(name), l)]
            changed = True
    else:
        comment = marker + str(name)
        if install:
            if "\r" in job.strip("\r\n") or "\n" in job.strip("\r\n"):
                warnings.append("Job should not contain line breaks")
            prefix = "#" if disabled else ""
            body = job.strip("\r\n")
            if special:
                entry = "%s@%s %s%s" % (prefix, special, (user + " ") if cron_file else "", body)
            else:
                entry = "%s%s %s%s" % (prefix, " ".join(times), (user + " ") if cron_file else "", body)
            idx = [i for i, l in enumerate(lines) if l == comment]
            if not idx:
                bare = [i for i, l in enumerate(lines) if l == entry and not (i > 0 and lines[i - 1].startswith(marker))]
                if bare:
                    lines.insert(bare[0], comment)
                    changed = True
                else:
                    lines += [comment, entry]
                    changed = True
            else:
                i = idx[0]
                if i + 1 >= len(lines) or lines[i + 1] != entry:
                    lines = lines[:i + 1] + [entry] + lines[i + 2:]
                    changed = True
        else:
            idx = [i for i, l in enumerate(lines) if l == comment]
            if idx:
                i = idx[0]
                lines = lines[:i] + lines[i + 2:]
                changed = True
                if cron_file and not [l for l in lines if l.strip()]:
                    out = {"changed": os.path.isfile(cron_file), "cron_file": a.get("cron_file"), "state": state}
                    if ctx["diff"]:
                        out["diff"] = {"before": existing, "before_header": header, "after": "",
                                       "after_header": "/dev/null"}
                    if not ctx["check"]:
                        try:
                            os.unlink(cron_file)
                        except OSError:
                            out["changed"] = False
                    return out
    if not changed and existing != "" and not existing.endswith(("\r", "\n")):
        changed = True
    out = {"changed": changed, "jobs": [l[len(marker):] for l in lines if l.startswith(marker)],
           "envs": [l.split("=")[0] for l in lines if re.match(r"^\S+=", l)]}
    if changed:
        text = _rp_crontab_render(lines)
        if not ctx["check"]:
            if a.get("backup"):
                out["backup_file"] = "/tmp/crontab.backup.%d.%d" % (os.getpid(), int(time.time()))
                with open(out["backup_file"], "wb") as f:
                    f.write(_rp_bytes(existing))
            old_umask = os.umask(0o022)
            try:
                _rp_crontab_write(user, cron_file, text, ctx)
            finally:
                os.umask(old_umask)
        if ctx["diff"]:
            diff["after"] = text
            diff["after_header"] = header
            out["diff"] = diff
    if a.get("cron_file"):
        out["cron_file"] = a["cron_file"]
    if warnings:
        out["warnings"] = warnings
    return out


# ---- rpyc.call ----------------------------------------------------------------------------

def _rp_resolve(target):
    """`os.path.join` → the function: the longest importable module prefix, then attributes;
    a bare name is a builtin."""
    parts = target.split(".")
    if len(parts) == 1:
        import builtins
        return getattr(builtins, parts[0])
    obj = None
    for i in range(len(parts) - 1, 0, -1):
        try:
            obj = __import__(".".join(parts[:i]))
        except ImportError:
            continue
        for p in parts[1:i]:
            obj = getattr(obj, p)
        for p in parts[i:]:
            obj = getattr(obj, p)
        return obj
    raise ImportError("No module named %r" % parts[0])


def _rp_mod_rpyc_call(a, ctx):
    fn = _rp_resolve(a["target"])
    args = a.get("args") or []
    kwargs = a.get("kwargs") or {}
    if callable(fn):
        value = fn(*args, **kwargs)
    elif args or kwargs:
        _rp_fail("%s is not callable" % a["target"])
    else:
        value = fn
    return {"changed": True, "value": _rp_jsonable(value)}
