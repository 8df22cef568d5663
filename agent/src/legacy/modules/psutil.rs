//! `psutil`: a subset of psutil 5.9's system-wide API on Linux, computed
//! the way psutil computes it (from `/proc`, `statvfs`, `sysconf`; sysinfo
//! for the physical core count) and returned as psutil's named tuples
//! (`psutil._pslinux.svmem`, `psutil._common.sdiskusage`, ...). Fetching
//! those by value (`rpyc.classic.obtain`) needs psutil on the client, as
//! with a real `rpyc_classic` server.
//!
//! `__version__` is `"5.9.0+rpyc.agent"` (a PEP 440 local version: the
//! psutil API level implemented, marked as the agent's), `version_info`
//! is `(5, 9, 0)`. Processes, network, sensors and users are not here.

use std::sync::Mutex;

use rpyc_protocol::{Obj, Value};

use super::{b, ModuleDef};
use crate::legacy::args::{self, Args};
use crate::legacy::containers::{List, RecordKind, RecordObj};
use crate::legacy::context::Cx;
use crate::legacy::exc::{self, PyResult};
use crate::legacy::object::Val;

pub static MODULE: ModuleDef = ModuleDef {
    name: "psutil",
    type_name: "psutil",
    functions: &[
        b("cpu_count", cpu_count),
        b("cpu_times", cpu_times),
        b("cpu_percent", cpu_percent),
        b("virtual_memory", virtual_memory),
        b("swap_memory", swap_memory),
        b("disk_usage", disk_usage),
        b("disk_partitions", disk_partitions),
        b("boot_time", boot_time),
        b("pids", pids),
        b("pid_exists", pid_exists),
        b("getloadavg", getloadavg),
    ],
    attr: |name, _cx| match name {
        "__version__" => Some(Ok(Obj::Value(Value::str(VERSION)))),
        "version_info" => Some(Ok(Obj::Value(Value::Tuple(vec![Value::Int(5), Value::Int(9), Value::Int(0)])))),
        "LINUX" | "POSIX" => Some(Ok(Obj::Value(Value::Bool(true)))),
        "WINDOWS" | "MACOS" | "OSX" | "FREEBSD" | "OPENBSD" | "NETBSD" | "BSD" | "SUNOS" | "AIX" => {
            Some(Ok(Obj::Value(Value::Bool(false))))
        }
        "PROCFS_PATH" => Some(Ok(Obj::Value(Value::str("/proc")))),
        _ => None,
    },
    attr_names: &["__version__", "version_info", "LINUX", "POSIX", "WINDOWS", "MACOS", "PROCFS_PATH"],
};

pub const VERSION: &str = "5.9.0+rpyc.agent";

fn read(path: &str) -> PyResult<String> {
    std::fs::read_to_string(path).map_err(|e| exc::os_error(&e, Some(std::path::Path::new(path))))
}

/// psutil's `usage_percent(used, total, round_=1)`.
fn percent(used: f64, total: f64) -> f64 {
    if total == 0.0 {
        return 0.0;
    }
    round1(used / total * 100.0)
}

/// Python's `round(x, 1)` (correctly rounded, like Rust's formatting).
fn round1(x: f64) -> f64 {
    format!("{x:.1}").parse().unwrap_or(x)
}

fn int(n: u64) -> Val {
    Obj::Value(Value::from(n))
}

fn float(x: f64) -> Val {
    Obj::Value(Value::Float(x))
}

fn named(class: &'static str, display: &'static str, fields: Vec<(&'static str, Val)>) -> Val {
    Obj::Local(RecordObj::new(class, display, RecordKind::NamedTuple, fields))
}

// ---------------------------------------------------------------- cpu

fn cpu_count(_cx: &Cx, args: Args) -> PyResult<Val> {
    let [logical] = args.bind("cpu_count", ["logical?"])?;
    let n = if args::opt_bool(logical.as_ref(), true) {
        // SAFETY: sysconf has no preconditions.
        let n = unsafe { libc::sysconf(libc::_SC_NPROCESSORS_ONLN) };
        u64::try_from(n).ok().filter(|n| *n >= 1)
    } else {
        sysinfo::System::physical_core_count().map(|n| n as u64).filter(|n| *n >= 1)
    };
    Ok(n.map_or(Obj::none(), int))
}

const CPU_FIELDS: [&str; 10] =
    ["user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal", "guest", "guest_nice"];

/// Ticks of the `cpu` lines of `/proc/stat`: the total first, then each CPU.
fn cpu_ticks() -> PyResult<Vec<[f64; 10]>> {
    let stat = read("/proc/stat")?;
    Ok(stat
        .lines()
        .filter(|l| l.starts_with("cpu"))
        .map(|l| {
            let mut t = [0.0; 10];
            for (slot, v) in t.iter_mut().zip(l.split_whitespace().skip(1)) {
                *slot = v.parse().unwrap_or(0.0);
            }
            t
        })
        .collect())
}

fn clock_ticks() -> f64 {
    // SAFETY: sysconf has no preconditions.
    let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
    if hz > 0 {
        hz as f64
    } else {
        100.0
    }
}

fn scputimes(t: &[f64; 10]) -> Val {
    let hz = clock_ticks();
    named(
        "psutil._pslinux.scputimes",
        "scputimes",
        CPU_FIELDS.iter().zip(t).map(|(n, v)| (*n, float(v / hz))).collect(),
    )
}

fn cpu_times(_cx: &Cx, args: Args) -> PyResult<Val> {
    let [percpu] = args.bind("cpu_times", ["percpu?"])?;
    let ticks = cpu_ticks()?;
    if args::opt_bool(percpu.as_ref(), false) {
        return Ok(Obj::Local(List::new(ticks.iter().skip(1).map(scputimes).collect())));
    }
    let total = ticks.first().ok_or_else(|| exc::new("RuntimeError", "no cpu line in /proc/stat"))?;
    Ok(scputimes(total))
}

/// psutil's `_cpu_busy_time`/`_cpu_tot_time` percentage between two samples.
fn busy_percent(t1: &[f64; 10], t2: &[f64; 10]) -> f64 {
    let d: Vec<f64> = t1.iter().zip(t2).map(|(a, b)| (b - a).max(0.0)).collect();
    // guest and guest_nice are already counted in user and nice.
    let all = d.iter().sum::<f64>() - d[8] - d[9];
    let busy = all - d[3] - d[4];
    if all == 0.0 {
        return 0.0;
    }
    round1((busy / all * 100.0).clamp(0.0, 100.0))
}

/// The samples the last non-blocking `cpu_percent()` left (psutil keeps
/// them per process, starting at import).
static LAST_CPU: Mutex<Option<Vec<[f64; 10]>>> = Mutex::new(None);

fn cpu_percent(_cx: &Cx, args: Args) -> PyResult<Val> {
    let [interval, percpu] = args.bind("cpu_percent", ["interval?", "percpu?"])?;
    let interval = args::opt_float("cpu_percent", interval.as_ref())?;
    if interval.is_some_and(|i| i < 0.0) {
        return Err(exc::value_error(format!(
            "interval is not positive (got {})",
            Value::Float(interval.unwrap_or(0.0))
        )));
    }
    let percpu = args::opt_bool(percpu.as_ref(), false);
    let (before, after) = match interval.filter(|i| *i > 0.0) {
        Some(i) => {
            let before = cpu_ticks()?;
            std::thread::sleep(std::time::Duration::try_from_secs_f64(i).unwrap_or(std::time::Duration::MAX));
            (before, cpu_ticks()?)
        }
        None => {
            let now = cpu_ticks()?;
            let mut last = LAST_CPU.lock().unwrap_or_else(|e| e.into_inner());
            let before = last.replace(now.clone()).unwrap_or_else(|| now.clone());
            (before, now)
        }
    };
    let pct = |i: usize| match (before.get(i), after.get(i)) {
        (Some(a), Some(b)) => busy_percent(a, b),
        _ => 0.0,
    };
    if percpu {
        Ok(Obj::Local(List::of_values((1..after.len()).map(|i| Value::Float(pct(i))))))
    } else {
        Ok(float(pct(0)))
    }
}

fn getloadavg(_cx: &Cx, args: Args) -> PyResult<Val> {
    args.none("getloadavg")?;
    let mut avg = [0f64; 3];
    // SAFETY: avg has room for the 3 samples asked for.
    if unsafe { libc::getloadavg(avg.as_mut_ptr(), 3) } != 3 {
        return Err(exc::new("OSError", "Load averages are unobtainable"));
    }
    Ok(Obj::Value(Value::Tuple(avg.iter().map(|v| Value::Float(*v)).collect())))
}

fn boot_time(_cx: &Cx, args: Args) -> PyResult<Val> {
    args.none("boot_time")?;
    let stat = read("/proc/stat")?;
    let btime = stat
        .lines()
        .find_map(|l| l.strip_prefix("btime"))
        .and_then(|v| v.trim().parse::<f64>().ok())
        .ok_or_else(|| exc::new("RuntimeError", "line 'btime' not found in /proc/stat"))?;
    Ok(float(btime))
}

// ---------------------------------------------------------------- memory

/// `/proc/meminfo` in bytes.
fn meminfo() -> PyResult<Vec<(String, u64)>> {
    Ok(read("/proc/meminfo")?
        .lines()
        .filter_map(|l| {
            let mut parts = l.split_whitespace();
            let key = parts.next()?.trim_end_matches(':').to_owned();
            let kb: u64 = parts.next()?.parse().ok()?;
            Some((key, kb * 1024))
        })
        .collect())
}

/// psutil 5.9's `virtual_memory()` arithmetic.
fn svmem(mems: &[(String, u64)]) -> PyResult<Vec<(&'static str, u64, Option<f64>)>> {
    let get = |k: &str| mems.iter().find(|(n, _)| n == k).map(|(_, v)| *v);
    let missing = |k: &str| exc::new("RuntimeError", format!("{k} not found in /proc/meminfo"));
    let total = get("MemTotal").ok_or_else(|| missing("MemTotal"))?;
    let free = get("MemFree").ok_or_else(|| missing("MemFree"))?;
    let buffers = get("Buffers").unwrap_or(0);
    let cached = get("Cached").map_or(0, |c| c + get("SReclaimable").unwrap_or(0));
    let shared = get("Shmem").or_else(|| get("MemShared")).unwrap_or(0);
    let active = get("Active").unwrap_or(0);
    let inactive = get("Inactive")
        .or_else(|| Some(get("Inact_dirty")? + get("Inact_clean")? + get("Inact_laundry")?))
        .unwrap_or(0);
    let slab = get("Slab").unwrap_or(0);
    let used = match total.checked_sub(free + cached + buffers) {
        Some(u) => u,
        None => total.saturating_sub(free),
    };
    let avail = match get("MemAvailable") {
        Some(a) => a,
        // Kernels before 3.14: free + cached, roughly what psutil falls back to.
        None => free + cached,
    }
    .min(total);
    let pct = percent(total.saturating_sub(avail) as f64, total as f64);
    Ok(vec![
        ("total", total, None),
        ("available", avail, None),
        ("percent", 0, Some(pct)),
        ("used", used, None),
        ("free", free, None),
        ("active", active, None),
        ("inactive", inactive, None),
        ("buffers", buffers, None),
        ("cached", cached, None),
        ("shared", shared, None),
        ("slab", slab, None),
    ])
}

fn virtual_memory(_cx: &Cx, args: Args) -> PyResult<Val> {
    args.none("virtual_memory")?;
    let fields = svmem(&meminfo()?)?;
    Ok(named(
        "psutil._pslinux.svmem",
        "svmem",
        fields.into_iter().map(|(n, v, p)| (n, p.map_or_else(|| int(v), float))).collect(),
    ))
}

fn swap_memory(_cx: &Cx, args: Args) -> PyResult<Val> {
    args.none("swap_memory")?;
    let mems = meminfo()?;
    let get = |k: &str| mems.iter().find(|(n, _)| n == k).map_or(0, |(_, v)| *v);
    let (total, free) = (get("SwapTotal"), get("SwapFree"));
    let used = total.saturating_sub(free);
    // pswpin/pswpout count 4 KiB pages.
    let vmstat = std::fs::read_to_string("/proc/vmstat").unwrap_or_default();
    let pages = |k: &str| -> u64 {
        vmstat.lines().find_map(|l| l.strip_prefix(k)?.strip_prefix(' ')?.trim().parse::<u64>().ok()).unwrap_or(0)
    };
    Ok(named(
        "psutil._common.sswap",
        "sswap",
        vec![
            ("total", int(total)),
            ("used", int(used)),
            ("free", int(free)),
            ("percent", float(percent(used as f64, total as f64))),
            ("sin", int(pages("pswpin") * 4096)),
            ("sout", int(pages("pswpout") * 4096)),
        ],
    ))
}

// ---------------------------------------------------------------- disks

fn c_path(p: &std::path::Path) -> PyResult<std::ffi::CString> {
    use std::os::unix::ffi::OsStrExt;
    std::ffi::CString::new(p.as_os_str().as_bytes()).map_err(|_| exc::value_error("embedded null byte"))
}

fn disk_usage(cx: &Cx, args: Args) -> PyResult<Val> {
    let [path] = args.bind("disk_usage", ["path"])?;
    let path = args::to_path("disk_usage", &args::req(path), cx)?;
    let c = c_path(&path)?;
    // SAFETY: statvfs fills the zeroed struct for a valid C path.
    let mut st: libc::statvfs = unsafe { std::mem::zeroed() };
    if unsafe { libc::statvfs(c.as_ptr(), &mut st) } != 0 {
        return Err(exc::os_error(&std::io::Error::last_os_error(), Some(&path)));
    }
    #[allow(clippy::useless_conversion)]
    let (blocks, bfree, bavail, frsize) =
        (u64::from(st.f_blocks), u64::from(st.f_bfree), u64::from(st.f_bavail), u64::from(st.f_frsize));
    let total = blocks * frsize;
    let avail_to_root = bfree * frsize;
    let avail_to_user = bavail * frsize;
    let used = total.saturating_sub(avail_to_root);
    let total_user = used + avail_to_user;
    Ok(named(
        "psutil._common.sdiskusage",
        "sdiskusage",
        vec![
            ("total", int(total)),
            ("used", int(used)),
            ("free", int(avail_to_user)),
            ("percent", float(percent(used as f64, total_user as f64))),
        ],
    ))
}

/// getmntent's unescaping of `\040` (space), `\011`, `\012`, `\134`.
fn unescape_mount(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    let mut rest = field;
    while let Some(i) = rest.find('\\') {
        out.push_str(&rest[..i]);
        let esc = rest.get(i + 1..i + 4);
        match esc.and_then(|e| u8::from_str_radix(e, 8).ok()) {
            Some(b) if matches!(b, b' ' | b'\t' | b'\n' | b'\\') => {
                out.push(char::from(b));
                rest = &rest[i + 4..];
            }
            _ => {
                out.push('\\');
                rest = &rest[i + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn pathconf(path: &str, name: libc::c_int) -> Value {
    let Ok(c) = std::ffi::CString::new(path) else { return Value::None };
    // SAFETY: a valid C path.
    let v = unsafe { libc::pathconf(c.as_ptr(), name) };
    #[allow(clippy::useless_conversion)]
    let v = i64::from(v);
    if v < 0 {
        Value::None
    } else {
        Value::Int(v)
    }
}

/// `disk_partitions(all=False)`: `/etc/mtab` (or `/proc/self/mounts`),
/// only devices of the "physical" file systems `/proc/filesystems` lists
/// unless `all`; `maxfile`/`maxpath` from `pathconf` (psutil 5.9's fields).
fn disk_partitions(_cx: &Cx, args: Args) -> PyResult<Val> {
    let [all] = args.bind("disk_partitions", ["all?"])?;
    let all = args::opt_bool(all.as_ref(), false);
    let mut fstypes: Vec<String> = Vec::new();
    for line in read("/proc/filesystems")?.lines() {
        let line = line.trim();
        match line.strip_prefix("nodev") {
            None => fstypes.push(line.to_owned()),
            Some(rest) if rest.trim() == "zfs" => fstypes.push("zfs".into()),
            Some(_) => {}
        }
    }
    let mounts_path = if std::path::Path::new("/etc/mtab").is_file() {
        std::fs::canonicalize("/etc/mtab").unwrap_or_else(|_| "/proc/self/mounts".into())
    } else {
        "/proc/self/mounts".into()
    };
    let mounts = read(&mounts_path.to_string_lossy())?;
    let mut parts = Vec::new();
    for line in mounts.lines() {
        let f: Vec<&str> = line.split_whitespace().collect();
        if f.len() < 4 {
            continue;
        }
        let device = match unescape_mount(f[0]) {
            d if d == "none" => String::new(),
            d => d,
        };
        let (mountpoint, fstype, opts) = (unescape_mount(f[1]), unescape_mount(f[2]), unescape_mount(f[3]));
        if !all && (device.is_empty() || !fstypes.contains(&fstype)) {
            continue;
        }
        let maxfile = pathconf(&mountpoint, libc::_PC_NAME_MAX);
        let maxpath = pathconf(&mountpoint, libc::_PC_PATH_MAX);
        parts.push(named(
            "psutil._common.sdiskpart",
            "sdiskpart",
            vec![
                ("device", Obj::Value(Value::Str(device))),
                ("mountpoint", Obj::Value(Value::Str(mountpoint))),
                ("fstype", Obj::Value(Value::Str(fstype))),
                ("opts", Obj::Value(Value::Str(opts))),
                ("maxfile", Obj::Value(maxfile)),
                ("maxpath", Obj::Value(maxpath)),
            ],
        ));
    }
    Ok(Obj::Local(List::new(parts)))
}

// ---------------------------------------------------------------- processes

fn pid_list() -> PyResult<Vec<i64>> {
    let dir = std::fs::read_dir("/proc").map_err(|e| exc::os_error(&e, Some(std::path::Path::new("/proc"))))?;
    let mut pids: Vec<i64> = dir.filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok()).collect();
    pids.sort_unstable();
    Ok(pids)
}

fn pids(_cx: &Cx, args: Args) -> PyResult<Val> {
    args.none("pids")?;
    Ok(Obj::Local(List::of_values(pid_list()?.into_iter().map(Value::Int))))
}

/// psutil's Linux `pid_exists`: 0 exists; `kill(pid, 0)` decides; a
/// thread id (Tgid differs) is not a process.
fn pid_exists(_cx: &Cx, args: Args) -> PyResult<Val> {
    let [pid] = args.bind("pid_exists", ["pid"])?;
    let pid = args::to_int("pid_exists", &args::req(pid))?;
    let exists = match pid {
        p if p < 0 => false,
        0 => true,
        p => match libc::pid_t::try_from(p) {
            Err(_) => false,
            Ok(p) => {
                // SAFETY: signal 0 only checks for existence and permission.
                let alive = unsafe { libc::kill(p, 0) } == 0
                    || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM);
                alive
                    && match std::fs::read_to_string(format!("/proc/{p}/status")) {
                        Ok(status) => status
                            .lines()
                            .find_map(|l| l.strip_prefix("Tgid:"))
                            .and_then(|t| t.trim().parse::<i64>().ok())
                            .is_none_or(|tgid| tgid == i64::from(p)),
                        Err(_) => pid_list().map(|l| l.contains(&i64::from(p))).unwrap_or(true),
                    }
            }
        },
    };
    Ok(Obj::Value(Value::Bool(exists)))
}

#[cfg(test)]
mod tests {
    use super::super::sys::testing::with_cx;
    use super::*;

    fn value(func: fn(&Cx, Args) -> PyResult<Val>, pos: Vec<Val>) -> Value {
        with_cx(move |cx| {
            let v = func(cx, Args::positional(pos)).expect("call");
            cx.value(&v).expect("by value")
        })
    }

    #[test]
    fn svmem_matches_psutil_arithmetic() {
        let mems: Vec<(String, u64)> = [
            ("MemTotal", 1000),
            ("MemFree", 100),
            ("MemAvailable", 600),
            ("Buffers", 50),
            ("Cached", 200),
            ("SReclaimable", 30),
            ("Shmem", 10),
            ("Active", 300),
            ("Inactive", 250),
            ("Slab", 40),
        ]
        .map(|(k, v)| (k.to_owned(), v * 1024))
        .into();
        let f = svmem(&mems).expect("svmem");
        let get = |n: &str| f.iter().find(|(k, _, _)| *k == n).map(|(_, v, p)| (*v, *p)).expect("field");
        assert_eq!(get("total").0, 1000 * 1024);
        assert_eq!(get("available").0, 600 * 1024);
        assert_eq!(get("percent").1, Some(40.0));
        assert_eq!(get("used").0, (1000 - 100 - 230 - 50) * 1024);
        assert_eq!(get("cached").0, 230 * 1024);
        assert_eq!(f.len(), 11);
    }

    #[test]
    fn virtual_memory_is_a_named_tuple() {
        let Value::Record(r) = value(virtual_memory, vec![]) else { panic!("record") };
        assert_eq!(r.class, "psutil._pslinux.svmem");
        assert_eq!(r.args.len(), 11);
        assert!(matches!(r.args[0], Value::Int(t) if t > 0));
        assert!(matches!(r.args[2], Value::Float(_)));
    }

    #[test]
    fn disk_usage_of_root() {
        let Value::Record(r) = value(disk_usage, vec![Obj::Value(Value::str("/"))]) else { panic!("record") };
        assert_eq!(r.class, "psutil._common.sdiskusage");
        let [Value::Int(total), Value::Int(used), Value::Int(free), Value::Float(pct)] = r.args.as_slice() else {
            panic!("fields: {:?}", r.args)
        };
        assert!(*total > 0 && used + free <= *total && (0.0..=100.0).contains(pct));
        let e = with_cx(|cx| disk_usage(cx, Args::positional(vec![Obj::Value(Value::str("/no/such/path"))])));
        assert!(matches!(e, Err(rpyc_protocol::ExceptionPayload::Exception(e)) if e.name == "FileNotFoundError"));
    }

    #[test]
    fn cpu_and_processes() {
        assert!(matches!(value(cpu_count, vec![]), Value::Int(n) if n >= 1));
        let pct = value(cpu_percent, vec![Obj::Value(Value::Float(0.05))]);
        assert!(matches!(pct, Value::Float(p) if (0.0..=100.0).contains(&p)));
        let Value::List(pids) = value(pids, vec![]) else { panic!("list") };
        let me = Value::Int(std::process::id().into());
        assert!(pids.contains(&me));
        assert!(pids.windows(2).all(|w| matches!((&w[0], &w[1]), (Value::Int(a), Value::Int(b)) if a < b)));
        assert_eq!(value(pid_exists, vec![Obj::Value(me)]), Value::Bool(true));
        assert_eq!(value(pid_exists, vec![Obj::Value(Value::Int(-1))]), Value::Bool(false));
        assert!(matches!(value(boot_time, vec![]), Value::Float(t) if t > 1e9));
        let Value::Tuple(avg) = value(getloadavg, vec![]) else { panic!("tuple") };
        assert_eq!(avg.len(), 3);
    }

    #[test]
    fn busy_percent_ignores_guest_time() {
        let t1 = [0.0; 10];
        let t2 = [30.0, 0.0, 10.0, 50.0, 10.0, 0.0, 0.0, 0.0, 20.0, 0.0];
        assert_eq!(busy_percent(&t1, &t2), 40.0);
        assert_eq!(busy_percent(&t1, &t1), 0.0);
    }

    #[test]
    fn mount_fields_are_unescaped() {
        assert_eq!(unescape_mount("/mnt/my\\040disk"), "/mnt/my disk");
        assert_eq!(unescape_mount("a\\134b\\x"), "a\\b\\x");
    }
}
