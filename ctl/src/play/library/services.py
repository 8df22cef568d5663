# rpyctl's module library, part 7: services — systemd units through systemctl, and init
# scripts through the host's `service` (enabled through update-rc.d, chkconfig or rc-update)
# when systemd is not running.


def _rp_systemd_running():
    return os.path.isdir("/run/systemd/system") and _rp_which("systemctl") is not None


def _rp_systemctl_show(systemctl, unit, ctx):
    rc, out, err = _rp_run(systemctl + ["show", unit], ctx)
    status = {}
    if rc == 0:
        key = None
        for line in out.split("\n"):
            if "=" in line and (key is None or not line.startswith(" ")):
                key, value = line.split("=", 1)
                status[key] = value
    return rc, status


def _rp_mod_systemd(a, ctx):
    unit = a.get("name")
    if unit is not None and any(c in unit for c in "*?["):
        _rp_fail("This module does not currently support using glob patterns, found '%s' in service name: %s"
                 % ([c for c in "*?[" if c in unit][0], unit))
    systemctl = [_rp_tool("systemctl")]
    scope = a.get("scope") or "system"
    if scope != "system":
        systemctl.append("--" + scope)
    if a.get("no_block"):
        systemctl.append("--no-block")
    if a.get("force"):
        systemctl.append("--force")
    result = {"name": unit, "changed": False, "status": {}}
    for flag, verb in (("daemon_reload", "daemon-reload"), ("daemon_reexec", "daemon-reexec")):
        if a.get(flag) and not ctx["check"]:
            rc, _out, err = _rp_run(systemctl + [verb], ctx)
            if rc != 0:
                _rp_fail("failure %d during %s: %s" % (rc, verb, err))
    if not unit:
        return result
    rc, status = _rp_systemctl_show(systemctl, unit, ctx)
    result["status"] = status
    found = status.get("LoadState") not in (None, "not-found")
    if found and status.get("LoadState") != "masked" and "LoadError" in status and status["LoadError"]:
        pass
    if a.get("masked") is not None:
        rc, out, _err = _rp_run(systemctl + ["is-enabled", unit], ctx)
        masked = out.strip() == "masked"
        if masked != a["masked"]:
            result["changed"] = True
            verb = "mask" if a["masked"] else "unmask"
            if not ctx["check"]:
                rc, _out, err = _rp_run(systemctl + [verb, unit], ctx)
                if rc != 0:
                    _rp_fail("Failed to %s the service (%s): %s" % (verb, unit, err.strip()))
    if a.get("enabled") is not None:
        if not found:
            _rp_fail("Could not find the requested service %s: host" % unit)
        rc, out, _err = _rp_run(systemctl + ["is-enabled", unit, "-l"], ctx)
        enabled = rc == 0 and out.strip() not in ("enabled-runtime", "indirect", "alias")
        result["enabled"] = enabled
        if enabled != a["enabled"]:
            result["changed"] = True
            verb = "enable" if a["enabled"] else "disable"
            if not ctx["check"]:
                rc, out, err = _rp_run(systemctl + [verb, unit], ctx)
                if rc != 0:
                    _rp_fail("Unable to %s service %s: %s" % (verb, unit, out + err))
            result["enabled"] = not enabled
    state = a.get("state")
    if state is not None:
        if not found:
            _rp_fail("Could not find the requested service %s: host" % unit)
        result["state"] = state
        active = status.get("ActiveState")
        running = active in ("active", "activating")
        action = None
        if state == "started":
            if not running:
                action = "start"
        elif state == "stopped":
            if running or active == "deactivating":
                action = "stop"
        else:
            action = "start" if not running else state[:-2]
            result["state"] = "started"
        if action:
            result["changed"] = True
            if not ctx["check"]:
                rc, out, err = _rp_run(systemctl + [action, unit], ctx)
                if rc != 0:
                    _rp_fail("Unable to %s service %s: %s" % (action, unit, err))
    return result


def _rp_initd_running(name, ctx):
    tool = _rp_which("service")
    if tool is not None:
        argv = [tool, name, "status"]
    elif os.path.exists("/etc/init.d/" + name):
        argv = ["/etc/init.d/" + name, "status"]
    else:
        _rp_fail("Could not find the requested service %s: host" % name)
    rc, out, _err = _rp_run(argv, ctx)
    return rc == 0


def _rp_initd(name, verb, ctx):
    tool = _rp_which("service")
    argv = [tool, name, verb] if tool else ["/etc/init.d/" + name, verb]
    return _rp_run(argv, ctx)


def _rp_initd_enabled(name):
    for level in "2345":
        d = "/etc/rc%s.d" % level
        if os.path.isdir(d) and any(re.match(r"^S\d\d%s$" % re.escape(name), f) for f in os.listdir(d)):
            return True
    d = "/etc/runlevels/default"
    return os.path.isdir(d) and name in os.listdir(d)


def _rp_initd_enable(name, on, ctx):
    if _rp_which("update-rc.d"):
        links = [f for lv in "0123456S" if os.path.isdir("/etc/rc%s.d" % lv)
                 for f in os.listdir("/etc/rc%s.d" % lv) if re.match(r"^[SK]\d\d%s$" % re.escape(name), f)]
        if not links:
            rc, out, err = _rp_run(["update-rc.d", name, "defaults"], ctx)
            if rc != 0:
                return rc, out, err
        return _rp_run(["update-rc.d", name, "enable" if on else "disable"], ctx)
    if _rp_which("chkconfig"):
        return _rp_run(["chkconfig", name, "on" if on else "off"], ctx)
    if _rp_which("rc-update"):
        return _rp_run(["rc-update", "add" if on else "del", name, "default"], ctx)
    _rp_fail("no tool to enable init scripts (update-rc.d, chkconfig, rc-update) on this host")


def _rp_mod_service(a, ctx):
    """service: systemd units when systemd runs, init scripts otherwise."""
    use = a.get("use") or "auto"
    if (use == "auto" and _rp_systemd_running()) or use == "systemd":
        args = {"name": a["name"], "state": a.get("state"), "enabled": a.get("enabled")}
        return _rp_mod_systemd(args, ctx)
    name = a["name"]
    state, enabled = a.get("state"), a.get("enabled")
    if state is None and enabled is None:
        _rp_fail("Neither argument state nor enabled are set")
    result = {"name": name, "changed": False}
    if a.get("pattern"):
        rc, out, _err = _rp_run(["pgrep", "-f", a["pattern"]], ctx)
        running = rc == 0
    else:
        running = _rp_initd_running(name, ctx)
    if state is not None:
        verb = None
        if state == "started" and not running:
            verb = "start"
        elif state == "stopped" and running:
            verb = "stop"
        elif state in ("restarted", "reloaded"):
            verb = "restart" if (state == "restarted" or not running) else "reload"
        if verb:
            result["changed"] = True
            if not ctx["check"]:
                args = a.get("arguments") or a.get("args")
                rc, out, err = _rp_initd(name, verb, ctx) if not args else _rp_run(
                    [_rp_which("service") or "/etc/init.d/" + name, name, verb] + args.split(), ctx)
                if rc != 0:
                    _rp_fail("Unable to %s service %s: %s" % (verb, name, (out + err).strip()))
                if a.get("sleep") and verb == "restart":
                    time.sleep(a["sleep"])
        result["state"] = state
    if enabled is not None:
        is_on = _rp_initd_enabled(name)
        if is_on != enabled:
            result["changed"] = True
            if not ctx["check"]:
                rc, out, err = _rp_initd_enable(name, enabled, ctx)
                if rc != 0:
                    _rp_fail("Unable to %s service %s: %s" % ("enable" if enabled else "disable", name, out + err))
        result["enabled"] = enabled
    return result
