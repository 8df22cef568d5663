# rpyctl's module library, part 5: facts (gather_facts / setup) under Ansible's names, from
# the host's own files (/etc/os-release, /proc) and the server's Python (platform, sys, pwd),
# plus the byte order and word size of the server.

_RP_OS_FAMILY = {
    "Debian": ["Debian", "Ubuntu", "Raspbian", "Neon", "KDE neon", "Linux Mint", "SteamOS", "Devuan", "Kali",
               "Cumulus Linux", "Pop!_OS", "Parrot", "Pardus GNU/Linux", "Uos", "Deepin", "OSMC"],
    "RedHat": ["RedHat", "Fedora", "CentOS", "Scientific", "SLC", "Ascendos", "CloudLinux", "PSBM", "OracleLinux",
               "OVS", "OEL", "Amazon", "Virtuozzo", "XenServer", "Alibaba", "EulerOS", "openEuler", "AlmaLinux",
               "Rocky", "TencentOS", "EuroLinux", "Kylin Linux Advanced Server", "MIRACLE"],
    "Suse": ["SuSE", "SLES", "SLED", "openSUSE", "openSUSE Tumbleweed", "SLES_SAP", "SUSE_LINUX", "openSUSE Leap",
             "ALP-Dolomite", "SL-Micro", "openSUSE MicroOS"],
    "Archlinux": ["Archlinux", "Antergos", "Manjaro"],
    "Alpine": ["Alpine"],
    "Gentoo": ["Gentoo", "Funtoo"],
    "Mandrake": ["Mandrake", "Mandriva", "Mageia"],
    "Void": ["Void"],
}

# /etc/os-release ID → Ansible's distribution name.
_RP_DISTRIBUTION = {
    "debian": "Debian", "ubuntu": "Ubuntu", "raspbian": "Raspbian", "linuxmint": "Linux Mint",
    "devuan": "Devuan", "kali": "Kali", "pop": "Pop!_OS", "centos": "CentOS", "rhel": "RedHat",
    "fedora": "Fedora", "rocky": "Rocky", "almalinux": "AlmaLinux", "ol": "OracleLinux", "amzn": "Amazon",
    "alpine": "Alpine", "arch": "Archlinux", "manjaro": "Manjaro", "opensuse-leap": "openSUSE Leap",
    "opensuse-tumbleweed": "openSUSE Tumbleweed", "sles": "SLES", "sled": "SLED", "gentoo": "Gentoo",
    "void": "Void", "mageia": "Mageia", "openeuler": "openEuler", "euleros": "EulerOS",
    "cloudlinux": "CloudLinux", "virtuozzo": "Virtuozzo", "scientific": "Scientific",
}


def _rp_read_text_file(path):
    try:
        return _rp_text(_rp_read(path))
    except OSError:
        return None


def _rp_os_release():
    text = _rp_read_text_file("/etc/os-release") or _rp_read_text_file("/usr/lib/os-release")
    if text is None:
        return None
    out = {}
    for line in text.splitlines():
        line = line.strip()
        if "=" in line and not line.startswith("#"):
            k, v = line.split("=", 1)
            v = v.strip()
            if len(v) >= 2 and v[0] == v[-1] and v[0] in "\"'":
                v = v[1:-1]
            out[k.strip()] = v
    return out


def _rp_distribution_facts(facts):
    rel = _rp_os_release()
    system = facts["system"]
    if rel is None:
        facts["distribution"] = system
        facts["distribution_version"] = facts["kernel"]
        facts["distribution_release"] = facts["kernel"]
        facts["distribution_major_version"] = facts["kernel"].split(".")[0]
        facts["os_family"] = system
        return
    ident = rel.get("ID", "").lower()
    name = _RP_DISTRIBUTION.get(ident) or rel.get("NAME", system).split(" ")[0]
    version = rel.get("VERSION_ID", "")
    if name == "Debian":
        deb = (_rp_read_text_file("/etc/debian_version") or "").strip()
        if re.match(r"^\d+(\.\d+)*$", deb):
            version = deb
    elif name == "Alpine":
        version = (_rp_read_text_file("/etc/alpine-release") or version).strip()
    facts["distribution"] = name
    facts["distribution_file_path"] = "/etc/os-release"
    facts["distribution_version"] = version or "NA"
    parts = version.split(".")
    facts["distribution_major_version"] = parts[0] if version else "NA"
    if len(parts) > 1:
        facts["distribution_minor_version"] = parts[1]
    release = rel.get("VERSION_CODENAME") or rel.get("UBUNTU_CODENAME")
    if not release:
        m = re.search(r"\(([^)]+)\)", rel.get("VERSION", ""))
        release = m.group(1) if m else "NA"
    facts["distribution_release"] = release
    family = None
    for fam, names in _RP_OS_FAMILY.items():
        if name in names:
            family = fam
    if family is None:
        for like in rel.get("ID_LIKE", "").split():
            guess = _RP_DISTRIBUTION.get(like)
            for fam, names in _RP_OS_FAMILY.items():
                if guess in names:
                    family = fam
    facts["os_family"] = family or name


def _rp_cpu_facts(facts):
    nproc = os.cpu_count() or 1
    text = _rp_read_text_file("/proc/cpuinfo") or ""
    processors, physical, cores, siblings = [], set(), None, None
    vendor, model, index = None, None, None
    for line in text.splitlines():
        if ":" not in line:
            continue
        k, v = [x.strip() for x in line.split(":", 1)]
        if k == "processor":
            index = v
        elif k == "vendor_id":
            vendor = v
        elif k in ("model name", "Processor", "cpu model", "cpu"):
            model = v
            if index is not None:
                processors += [index, vendor or "", model] if vendor else [index, model]
                index = None
        elif k == "physical id":
            physical.add(v)
        elif k == "cpu cores":
            cores = int(v)
        elif k == "siblings":
            siblings = int(v)
    count = len(physical) or 1
    cores = cores or nproc
    threads = (siblings // cores) if (siblings and cores) else 1
    facts["processor"] = processors
    facts["processor_count"] = count
    facts["processor_cores"] = cores
    facts["processor_threads_per_core"] = threads
    facts["processor_vcpus"] = count * cores * threads if siblings else nproc
    facts["processor_nproc"] = nproc


def _rp_memory_facts(facts):
    info = {}
    for line in (_rp_read_text_file("/proc/meminfo") or "").splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0].endswith(":"):
            info[parts[0][:-1]] = int(parts[1]) // 1024
    if not info:
        return
    total, free = info.get("MemTotal", 0), info.get("MemFree", 0)
    cached = info.get("Buffers", 0) + info.get("Cached", 0)
    swap_total, swap_free = info.get("SwapTotal", 0), info.get("SwapFree", 0)
    facts["memtotal_mb"] = total
    facts["memfree_mb"] = free
    facts["swaptotal_mb"] = swap_total
    facts["swapfree_mb"] = swap_free
    facts["memory_mb"] = {
        "real": {"total": total, "used": total - free, "free": free},
        "nocache": {"free": free + cached, "used": total - free - cached},
        "swap": {"total": swap_total, "free": swap_free, "used": swap_total - swap_free,
                 "cached": info.get("SwapCached", 0)},
    }


def _rp_date_time_facts(facts):
    now = time.time()
    lt = time.localtime(now)
    days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    gm = time.gmtime(now)
    micro = int((now - int(now)) * 1000000)
    d = {
        "year": "%04d" % lt.tm_year, "month": "%02d" % lt.tm_mon, "day": "%02d" % lt.tm_mday,
        "hour": "%02d" % lt.tm_hour, "minute": "%02d" % lt.tm_min, "second": "%02d" % lt.tm_sec,
        "epoch": str(int(now)), "epoch_int": str(int(now)),
        "date": "%04d-%02d-%02d" % (lt.tm_year, lt.tm_mon, lt.tm_mday),
        "time": "%02d:%02d:%02d" % (lt.tm_hour, lt.tm_min, lt.tm_sec),
        "weekday": days[lt.tm_wday], "weekday_number": str((lt.tm_wday + 1) % 7),
        "iso8601": "%04d-%02d-%02dT%02d:%02d:%02dZ" % (gm.tm_year, gm.tm_mon, gm.tm_mday, gm.tm_hour, gm.tm_min,
                                                      gm.tm_sec),
        "iso8601_micro": "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ" % (gm.tm_year, gm.tm_mon, gm.tm_mday, gm.tm_hour,
                                                                 gm.tm_min, gm.tm_sec, micro),
        "iso8601_basic": "%04d%02d%02dT%02d%02d%02d%06d" % (lt.tm_year, lt.tm_mon, lt.tm_mday, lt.tm_hour,
                                                            lt.tm_min, lt.tm_sec, micro),
        "iso8601_basic_short": "%04d%02d%02dT%02d%02d%02d" % (lt.tm_year, lt.tm_mon, lt.tm_mday, lt.tm_hour,
                                                             lt.tm_min, lt.tm_sec),
    }
    try:
        d["tz"] = time.strftime("%Z", lt)
        d["tz_offset"] = time.strftime("%z", lt)
        d["weeknumber"] = time.strftime("%W", lt)
    except (ValueError, AttributeError):
        pass
    d["tz_dst"] = time.tzname[1] if len(time.tzname) > 1 else d.get("tz", "")
    facts["date_time"] = d


def _rp_user_facts(facts):
    uid, euid = os.getuid(), os.geteuid()
    facts["user_uid"] = uid
    facts["user_gid"] = os.getgid()
    facts["real_user_id"] = uid
    facts["effective_user_id"] = euid
    facts["real_group_id"] = os.getgid()
    facts["effective_group_id"] = os.getegid()
    try:
        import pwd
        pw = pwd.getpwuid(uid)
        facts["user_id"] = pw.pw_name
        facts["user_dir"] = pw.pw_dir
        facts["user_shell"] = pw.pw_shell
        facts["user_gecos"] = pw.pw_gecos
    except (KeyError, ImportError):
        facts["user_id"] = str(uid)


def _rp_service_mgr():
    if os.path.isdir("/run/systemd/system"):
        return "systemd"
    comm = (_rp_read_text_file("/proc/1/comm") or "").strip()
    if comm in ("init", "") and os.path.exists("/sbin/openrc"):
        return "openrc"
    if comm == "init" or comm == "":
        return "sysvinit"
    if comm == "systemd":
        return "systemd"
    return comm


# (the tool looked for, Ansible's pkg_mgr name), in Ansible's order of preference.
_RP_PKG_MGRS = [("apt-get", "apt"), ("dnf5", "dnf5"), ("dnf", "dnf"), ("yum", "yum"), ("apk", "apk"),
                ("zypper", "zypper"), ("pacman", "pacman"), ("opkg", "opkg")]


def _rp_pkg_mgr():
    for tool, name in _RP_PKG_MGRS:
        if _rp_which(tool):
            return name
    return "unknown"


def _rp_local_facts(path):
    out = {}
    if not path or not os.path.isdir(path):
        return out
    for name in sorted(os.listdir(path)):
        if not name.endswith(".fact"):
            continue
        full = os.path.join(path, name)
        key = name[:-5]
        if os.access(full, os.X_OK):
            rc, text, err = _rp_run([full])
            if rc != 0:
                out[key] = "Failure executing fact script (%s), rc: %s, err: %s" % (full, rc, err)
                continue
        else:
            text = _rp_read_text_file(full) or ""
        try:
            out[key] = json.loads(text)
            continue
        except ValueError:
            pass
        sections, current = {}, None
        for line in text.splitlines():
            line = line.strip()
            if not line or line[0] in "#;":
                continue
            if line.startswith("[") and line.endswith("]"):
                current = sections.setdefault(line[1:-1], {})
            elif current is not None and ("=" in line or ":" in line):
                k, v = re.split(r"\s*[=:]\s*", line, 1)
                current[k.lower()] = v
        out[key] = sections if sections else "error loading facts as JSON or ini - please check content: %s" % full
    return out


def _rp_platform_facts(facts):
    import platform
    node = platform.node()
    facts["nodename"] = node
    facts["hostname"] = node.split(".")[0]
    fqdn = node
    try:
        import socket
        fqdn = socket.getfqdn()
    except (ImportError, AttributeError, OSError):
        pass
    facts["fqdn"] = fqdn
    facts["domain"] = ".".join(fqdn.split(".")[1:])
    facts["system"] = platform.system()
    facts["kernel"] = platform.release()
    facts["kernel_version"] = platform.version()
    facts["machine"] = platform.machine()
    facts["architecture"] = facts["machine"]
    bits = 64 if sys.maxsize > 2 ** 32 else 32
    facts["userspace_bits"] = str(bits)
    facts["word_size"] = bits
    facts["byteorder"] = sys.byteorder
    if facts["machine"] == "x86_64":
        facts["userspace_architecture"] = "x86_64" if bits == 64 else "i386"
    elif facts["machine"] in ("i386", "i686"):
        facts["architecture"] = "i386"
        facts["userspace_architecture"] = "i386"


def _rp_system_facts(facts):
    facts["env"] = dict(os.environ)
    facts["pkg_mgr"] = _rp_pkg_mgr()
    facts["service_mgr"] = _rp_service_mgr()
    facts["machine_id"] = (_rp_read_text_file("/etc/machine-id") or "").strip() or None
    uptime = _rp_read_text_file("/proc/uptime")
    if uptime:
        facts["uptime_seconds"] = int(float(uptime.split()[0]))
    load = _rp_read_text_file("/proc/loadavg")
    if load:
        one, five, fifteen = [float(x) for x in load.split()[:3]]
        facts["loadavg"] = {"1m": one, "5m": five, "15m": fifteen}
    facts["fips"] = (_rp_read_text_file("/proc/sys/crypto/fips_enabled") or "0").strip() == "1"
    enforce = _rp_read_text_file("/sys/fs/selinux/enforce")
    facts["selinux"] = {"status": "disabled"} if enforce is None else {
        "status": "enabled", "mode": "enforcing" if enforce.strip() == "1" else "permissive"}
    nameservers, search = [], []
    for line in (_rp_read_text_file("/etc/resolv.conf") or "").splitlines():
        f = line.split()
        if len(f) >= 2 and f[0] == "nameserver":
            nameservers.append(f[1])
        elif len(f) >= 2 and f[0] in ("search", "domain"):
            search += f[1:]
    facts["dns"] = {"nameservers": nameservers}
    if search:
        facts["dns"]["search"] = search


def _rp_python_facts(facts):
    vi = sys.version_info
    facts["python_version"] = "%d.%d.%d" % (vi[0], vi[1], vi[2])
    facts["python"] = {
        "version": {"major": vi[0], "minor": vi[1], "micro": vi[2], "releaselevel": vi[3], "serial": vi[4]},
        "version_info": [vi[0], vi[1], vi[2], vi[3], vi[4]],
        "executable": sys.executable, "type": sys.implementation.name,
    }
    facts["server"] = sys.version


# Each group of facts, gathered on its own: one the server cannot answer (a module or a
# file it lacks) leaves the others, and is named in the result's warnings.
_RP_FACT_GROUPS = [("platform", _rp_platform_facts), ("distribution", _rp_distribution_facts),
                   ("hardware", _rp_cpu_facts), ("memory", _rp_memory_facts), ("date_time", _rp_date_time_facts),
                   ("user", _rp_user_facts), ("system", _rp_system_facts), ("python", _rp_python_facts)]


def _rp_gather_facts(a, warnings):
    facts = {}
    for name, group in _RP_FACT_GROUPS:
        try:
            group(facts)
        except Exception as e:
            warnings.append("facts: %s not gathered: %s: %s" % (name, type(e).__name__, e))
    facts["local"] = _rp_local_facts(a.get("fact_path") or "/etc/ansible/facts.d")
    facts["gather_subset"] = a.get("gather_subset") or ["all"]
    facts["module_setup"] = True
    patterns = a.get("filter") or []
    if patterns:
        rx = [re.compile(_rp_fnmatch_re(p)) for p in patterns]
        facts = {k: v for k, v in facts.items()
                 if any(r.match("ansible_" + k) or r.match(k) for r in rx) or k in ("gather_subset", "module_setup")}
    return facts


def _rp_mod_setup(a, ctx):
    warnings = []
    facts = _rp_gather_facts(a, warnings)
    out = {"changed": False, "ansible_facts": facts}
    if warnings:
        out["warnings"] = warnings
    return out
