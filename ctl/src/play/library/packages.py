# rpyctl's module library, part 8: packages through the host's own manager — apt (dpkg),
# dnf/yum (rpm), apk — and `package`, which picks the manager the host has.


def _rp_pkg_list(a):
    names = []
    for n in a.get("name") or a.get("package") or []:
        names += [x.strip() for x in str(n).split(",") if x.strip()]
    return names


def _rp_pkg_report(result, rc, out, err):
    result["stdout"], result["stderr"] = out, err
    result["stdout_lines"], result["stderr_lines"] = out.splitlines(), err.splitlines()
    if rc != 0:
        result["failed"] = True
        result["rc"] = rc
    return result


# ---- apt ----------------------------------------------------------------------------------

def _rp_dpkg_status(name, ctx):
    """(installed, version, config_files_left) of a Debian package."""
    rc, out, _err = _rp_run(["dpkg-query", "-W", "-f", "${Status}\t${Version}\n", name], ctx)
    if rc != 0 or not out.strip():
        return False, None, False
    status, _, version = out.splitlines()[0].partition("\t")
    words = status.split()
    installed = len(words) == 3 and words[2] == "installed"
    return installed, version, words[-1:] == ["config-files"]


def _rp_apt_candidate(name, ctx):
    rc, out, _err = _rp_run(["apt-cache", "policy", name], ctx, env=dict(_rp_env(ctx), LANG="C", LC_ALL="C"))
    installed = candidate = None
    for line in out.splitlines():
        line = line.strip()
        if line.startswith("Installed:"):
            installed = line.split(":", 1)[1].strip()
        elif line.startswith("Candidate:"):
            candidate = line.split(":", 1)[1].strip()
    return installed, candidate


def _rp_cache_time():
    try:
        return int(os.stat("/var/lib/apt/periodic/update-success-stamp").st_mtime)
    except OSError:
        try:
            return int(os.stat("/var/lib/apt/lists").st_mtime)
        except OSError:
            return 0


def _rp_mod_apt(a, ctx):
    names = _rp_pkg_list(a)
    state = a.get("state") or "present"
    state = {"installed": "present", "removed": "absent"}.get(state, state)
    env = dict(_rp_env(ctx), DEBIAN_FRONTEND="noninteractive", DEBCONF_NONINTERACTIVE_SEEN="true")
    apt_get = [_rp_tool("apt-get"), "-y", "-q"]
    for opt in (a.get("dpkg_options") or "force-confdef,force-confold").split(","):
        apt_get += ["-o", "Dpkg::Options::=--%s" % opt.strip()]
    result = {"changed": False, "cache_updated": False}
    if a.get("update_cache") or (a.get("cache_valid_time") and not names):
        valid = a.get("cache_valid_time") or 0
        if not valid or time.time() - _rp_cache_time() > valid:
            if not ctx["check"]:
                rc, out, err = _rp_run(apt_get + ["update"], ctx, env=env)
                if rc != 0:
                    _rp_fail("Failed to update apt cache: %s" % err.strip(), rc=rc)
            result["cache_updated"] = True
            result["changed"] = True
    result["cache_update_time"] = _rp_cache_time()
    if not names:
        return result
    todo = []
    for spec in names:
        name, _, version = spec.partition("=")
        installed, have, leftovers = _rp_dpkg_status(name, ctx)
        if state in ("present", "fixed") and (not installed or (version and not have.startswith(version.rstrip("*")))):
            todo.append(spec)
        elif state == "latest":
            inst, cand = _rp_apt_candidate(name, ctx)
            if cand in (None, "(none)"):
                _rp_fail("No package matching '%s' is available" % name)
            if not installed or inst != cand:
                todo.append(name)
        elif state == "absent" and (installed or (a.get("purge") and leftovers)):
            todo.append(name)
        elif state == "build-dep":
            todo.append(name)
    if not todo:
        return result
    result["changed"] = True
    if ctx["check"]:
        return result
    if state == "absent":
        argv = apt_get + (["--purge"] if a.get("purge") else []) + ["remove"] + todo
    elif state == "build-dep":
        argv = apt_get + ["build-dep"] + todo
    else:
        argv = list(apt_get)
        if a.get("install_recommends") is False:
            argv.append("--no-install-recommends")
        elif a.get("install_recommends") is True:
            argv.append("--install-recommends")
        if a.get("default_release"):
            argv += ["-t", a["default_release"]]
        if a.get("allow_downgrade"):
            argv.append("--allow-downgrades")
        if a.get("only_upgrade"):
            argv.append("--only-upgrade")
        if a.get("force"):
            argv.append("--force-yes")
        argv += ["install"] + todo
    if a.get("autoremove"):
        argv.insert(len(apt_get), "--auto-remove")
    rc, out, err = _rp_run(argv, ctx, env=env)
    _rp_pkg_report(result, rc, out, err)
    if rc != 0:
        result["msg"] = "'%s' failed: %s" % (" ".join(argv), err.strip())
    return result


# ---- dnf / yum ----------------------------------------------------------------------------

def _rp_rpm_installed(name, ctx):
    rc, _out, _err = _rp_run(["rpm", "-q", "--whatprovides", name], ctx)
    return rc == 0


def _rp_mod_dnf(a, ctx):
    names = _rp_pkg_list(a)
    tool = _rp_which("dnf") or _rp_which("yum")
    if tool is None:
        _rp_fail("Failed to find required executable \"dnf\" in paths: %s" % os.environ.get("PATH", ""))
    state = a.get("state") or ("present" if names else None)
    state = {"installed": "present", "removed": "absent"}.get(state, state)
    base = [tool, "-y", "-q"]
    if a.get("disable_gpg_check"):
        base.append("--nogpgcheck")
    for repo in a.get("enablerepo") or []:
        base.append("--enablerepo=" + repo)
    for repo in a.get("disablerepo") or []:
        base.append("--disablerepo=" + repo)
    if a.get("update_cache"):
        base.append("--refresh")
    result = {"changed": False, "msg": "", "results": [], "rc": 0}
    if not names:
        if a.get("update_cache") and not ctx["check"]:
            rc, out, err = _rp_run([tool, "-y", "makecache"], ctx)
            result["msg"] = "Cache updated" if rc == 0 else err
        return result
    todo = []
    for name in names:
        have = _rp_rpm_installed(name, ctx)
        if state == "present" and not have:
            todo.append(name)
        elif state == "absent" and have:
            todo.append(name)
        elif state == "latest":
            rc, _out, _err = _rp_run([tool, "-q", "check-update", name], ctx)
            if not have or rc == 100:
                todo.append(name)
    if not todo:
        result["msg"] = "Nothing to do"
        return result
    if state == "present":
        verb = "install"
    elif state == "absent":
        verb = "remove"
    else:
        verb = "upgrade" if all(_rp_rpm_installed(n, ctx) for n in todo) else "install"
    result["changed"] = True
    word = {"install": "Installed", "remove": "Removed", "upgrade": "Installed"}[verb]
    result["results"] = ["%s: %s" % (word, n) for n in todo]
    if ctx["check"]:
        result["msg"] = "Check mode: No changes made, but would have if not in check mode"
        return result
    argv = base + [verb] + todo
    if a.get("autoremove") and state == "absent":
        argv = base + ["autoremove"] + todo
    rc, out, err = _rp_run(argv, ctx)
    result["rc"] = rc
    if rc != 0:
        result["failed"] = True
        result["msg"] = err.strip() or out.strip()
        result["results"] = []
    return result


# ---- apk ----------------------------------------------------------------------------------

def _rp_mod_apk(a, ctx):
    names = _rp_pkg_list(a)
    apk = _rp_tool("apk")
    state = a.get("state") or "present"
    state = {"installed": "present", "removed": "absent"}.get(state, state)
    base = [apk]
    for repo in a.get("repository") or []:
        base += ["--repository", repo]
    if a.get("no_cache"):
        base.append("--no-cache")
    result = {"changed": False, "packages": []}
    if a.get("update_cache"):
        if not ctx["check"]:
            rc, out, err = _rp_run([apk, "update"], ctx)
            if rc != 0:
                _rp_fail("could not update package db", stdout=out, stderr=err)
        result["changed"] = True
        result["msg"] = "updated repository indexes"
    if a.get("upgrade") and not names:
        rc, out, err = _rp_run(base + ["upgrade", "--simulate" if ctx["check"] else "--quiet"], ctx)
        changed = bool(re.search(r"Upgrading", out))
        result.update({"changed": changed or result["changed"], "stdout": out, "stderr": err,
                       "msg": "upgraded packages" if changed else "packages already upgraded"})
        return result
    todo = []
    for name in names:
        rc, _out, _err = _rp_run([apk, "info", "--installed", name], ctx)
        have = rc == 0
        if state == "present" and not have:
            todo.append(name)
        elif state == "absent" and have:
            todo.append(name)
        elif state == "latest":
            rc, out, _err = _rp_run([apk, "version", name], ctx)
            if not have or "<" in out:
                todo.append(name)
    if not todo:
        if not result["changed"]:
            result["msg"] = "package(s) already %s" % ("removed" if state == "absent" else "installed")
        return result
    verb = "del" if state == "absent" else "add"
    argv = base + [verb] + (["--upgrade"] if state == "latest" else []) + todo
    if ctx["check"]:
        argv.insert(len(base) + 1, "--simulate")
    rc, out, err = _rp_run(argv, ctx)
    result.update({"changed": True, "packages": todo, "stdout": out, "stderr": err,
                   "stdout_lines": out.splitlines(), "stderr_lines": err.splitlines()})
    if rc != 0:
        _rp_fail("failed to %s %s" % ("remove" if state == "absent" else "install", " ".join(todo)),
                 stdout=out, stderr=err, packages=todo)
    result["msg"] = "%s %s package(s)" % ("removed" if state == "absent" else "installed", len(todo))
    return result


def _rp_mod_package(a, ctx):
    use = a.get("use") or "auto"
    if use == "auto":
        use = _rp_pkg_mgr()
    fn = {"apt": _rp_mod_apt, "dnf": _rp_mod_dnf, "dnf5": _rp_mod_dnf, "yum": _rp_mod_dnf, "apk": _rp_mod_apk}.get(use)
    if fn is None:
        _rp_fail("Could not find a module for %s." % use)
    return fn({"name": a.get("name"), "state": a.get("state")}, ctx)
