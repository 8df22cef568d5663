# rpyctl's module library, last part: the one function the controller calls per task.
#
#   __rpyctl_run(name, request_json, data) -> (result_json, data)
#
# `request_json` holds the module's validated arguments and how to run (check, diff, the
# task's environment, become); `data` is bytes the module needs (copy's content, one chunk
# of a large upload) or None. The result is Ansible's result dict as JSON, and bytes the
# controller needs back (fetch's file, slurp's content) or None: plain values, so one
# round trip per task on any classic server.

_RP_MODULES = {
    "command": _rp_mod_command,
    "shell": _rp_mod_command,
    "stat": _rp_mod_stat,
    "file": _rp_mod_file,
    "copy": _rp_mod_copy,
    "template": _rp_mod_copy,
    "_stage": _rp_mod__stage,
    "fetch": _rp_mod_fetch,
    "slurp": _rp_mod_slurp,
    "lineinfile": _rp_mod_lineinfile,
    "blockinfile": _rp_mod_blockinfile,
    "replace": _rp_mod_replace,
    "wait_for": _rp_mod_wait_for,
    "getent": _rp_mod_getent,
    "hostname": _rp_mod_hostname,
    "cron": _rp_mod_cron,
    "rpyc.call": _rp_mod_rpyc_call,
    "setup": _rp_mod_setup,
    "user": _rp_mod_user,
    "group": _rp_mod_group,
    "service": _rp_mod_service,
    "systemd": _rp_mod_systemd,
    "systemd_service": _rp_mod_systemd,
    "package": _rp_mod_package,
    "apt": _rp_mod_apt,
    "dnf": _rp_mod_dnf,
    "yum": _rp_mod_dnf,
    "apk": _rp_mod_apk,
}


def _rp_who():
    try:
        import pwd
        return pwd.getpwuid(os.geteuid()).pw_name
    except (KeyError, ImportError):
        return str(os.geteuid())


def __rpyctl_run(name, request, data):
    req = json.loads(request)
    ctx = {"check": req.get("check", False), "diff": req.get("diff", False), "env": req.get("env") or {},
           "data": data}
    become = req.get("become")
    try:
        if become is not None and _rp_who() != become:
            result = {"failed": True, "_become_refused": {"user": _rp_who(), "become_user": become}}
        else:
            fn = _RP_MODULES.get(name)
            if fn is None:
                result = {"failed": True, "msg": "rpyctl's module library has no module %r" % name}
            else:
                result = fn(req.get("args") or {}, ctx)
    except Exception as e:
        if len(e.args) == 2 and e.args[0] == "_rp_fail":
            result = e.args[1]
        else:
            result = {"failed": True, "msg": "%s: %s" % (type(e).__name__, e)}
            try:
                import traceback
                result["exception"] = traceback.format_exc()
            except ImportError:
                pass
    blob = result.pop("_data", None)
    return (json.dumps(_rp_jsonable(result)), blob)
