//! `psutil`: a subset of psutil 5.9's system-wide API on Linux, computed
//! the way psutil computes it (from `/proc`, `statvfs`, `sysconf`; the
//! physical core count from the platform layer) and returned as psutil's
//! named tuples (`psutil._pslinux.svmem`, `psutil._common.sdiskusage`,
//! ...). Fetching those by value (`rpyc.classic.obtain`) needs psutil on
//! the client, as with a real `rpyc_classic` server. Disks are in
//! [`disks`].
//!
//! `__version__` is `"5.9.0+rpyc.agent"` (a PEP 440 local version: the
//! psutil API level implemented, marked as the agent's), `version_info`
//! is `(5, 9, 0)`. Processes, network, sensors and users are not here.

mod disks;

use std::sync::{LazyLock, Mutex};

use crate::objects::list::List;
use crate::objects::module::{b, ModuleDef};
use crate::objects::record::{record_type, RecordKind, RecordObj};
use crate::platform::{process, sysinfo};
use crate::runtime::args::{self, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::types::TypeRef;
use crate::runtime::value::Py;

pub static MODULE: ModuleDef = ModuleDef {
    name: "psutil",
    type_name: "psutil",
    doc: "System-wide CPU, memory and disk facts, as psutil 5.9 computes them on Linux.",
    functions: &[
        b("cpu_count", cpu_count),
        b("cpu_times", cpu_times),
        b("cpu_percent", cpu_percent),
        b("virtual_memory", virtual_memory),
        b("swap_memory", swap_memory),
        b("disk_usage", disks::disk_usage),
        b("disk_partitions", disks::disk_partitions),
        b("boot_time", boot_time),
        b("pids", pids),
        b("pid_exists", pid_exists),
        b("getloadavg", getloadavg),
    ],
    attr: |name, _cx| match name {
        "__version__" => Some(Ok(Py::str(VERSION))),
        "version_info" => Some(Ok(Py::tuple(vec![Py::Int(5), Py::Int(9), Py::Int(0)]))),
        "LINUX" | "POSIX" => Some(Ok(Py::Bool(true))),
        "WINDOWS" | "MACOS" | "OSX" | "FREEBSD" | "OPENBSD" | "NETBSD" | "BSD" | "SUNOS" | "AIX" => {
            Some(Ok(Py::Bool(false)))
        }
        "PROCFS_PATH" => Some(Ok(Py::str("/proc"))),
        _ => None,
    },
    attr_names: &["__version__", "version_info", "LINUX", "POSIX", "WINDOWS", "MACOS", "PROCFS_PATH"],
    setattr: None,
};

pub const VERSION: &str = "5.9.0+rpyc.agent";

/// A file of `/proc` as text; failures as Python's `open` raises them.
fn read(path: &str) -> PyResult<String> {
    std::fs::read_to_string(path).map_err(|e| exceptions::os_error(&e, Some(std::path::Path::new(path))))
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

/// A psutil named tuple class.
fn named_type(module: &'static str, name: &'static str) -> TypeRef {
    record_type(module, name, RecordKind::NamedTuple, &[])
}

fn named(t: &TypeRef, fields: Vec<(&'static str, Py)>) -> Py {
    RecordObj::new(t, RecordKind::NamedTuple, fields)
}

static SCPUTIMES: LazyLock<TypeRef> = LazyLock::new(|| named_type("psutil._pslinux", "scputimes"));
static SVMEM: LazyLock<TypeRef> = LazyLock::new(|| named_type("psutil._pslinux", "svmem"));
static SSWAP: LazyLock<TypeRef> = LazyLock::new(|| named_type("psutil._common", "sswap"));

// ---------------------------------------------------------------- cpu

fn cpu_count(cx: &Cx, args: Args) -> PyResult<Py> {
    let [logical] = args.bind("cpu_count", ["logical?"])?;
    let n = if args::opt_bool(cx, logical.as_ref(), true)? {
        sysinfo::cpu_count().map(|n| n as u64)
    } else {
        sysinfo::physical_cores()
    };
    Ok(n.map_or(Py::None, Py::from))
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

fn scputimes(t: &[f64; 10]) -> Py {
    let hz = sysinfo::clock_ticks();
    named(&SCPUTIMES, CPU_FIELDS.iter().zip(t).map(|(n, v)| (*n, Py::Float(v / hz))).collect())
}

fn cpu_times(cx: &Cx, args: Args) -> PyResult<Py> {
    let [percpu] = args.bind("cpu_times", ["percpu?"])?;
    let ticks = cpu_ticks()?;
    if args::opt_bool(cx, percpu.as_ref(), false)? {
        return Ok(List::new(ticks.iter().skip(1).map(scputimes).collect()));
    }
    let total = ticks.first().ok_or_else(|| exceptions::runtime_error("no cpu line in /proc/stat"))?;
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

fn cpu_percent(cx: &Cx, args: Args) -> PyResult<Py> {
    let [interval, percpu] = args.bind("cpu_percent", ["interval?", "percpu?"])?;
    let given = interval.unwrap_or(Py::None);
    let interval = args::opt_float("cpu_percent", Some(&given))?;
    if interval.is_some_and(|i| i < 0.0) {
        let shown = crate::runtime::semantics::repr(cx, &given)?;
        return Err(exceptions::value_error(format!("interval is not positive (got {shown})")));
    }
    let percpu = args::opt_bool(cx, percpu.as_ref(), false)?;
    let (before, after) = match interval.filter(|i| *i > 0.0) {
        Some(i) => {
            let before = cpu_ticks()?;
            let wait = std::time::Duration::try_from_secs_f64(i).unwrap_or(std::time::Duration::MAX);
            super::time::sleep_for(cx, wait)?;
            (before, cpu_ticks()?)
        }
        None => {
            let now = cpu_ticks()?;
            let previous = LAST_CPU.lock().unwrap_or_else(|e| e.into_inner()).replace(now.clone());
            (previous.unwrap_or_else(|| now.clone()), now)
        }
    };
    let pct = |i: usize| match (before.get(i), after.get(i)) {
        (Some(a), Some(b)) => busy_percent(a, b),
        _ => 0.0,
    };
    if percpu {
        Ok(List::new((1..after.len()).map(|i| Py::Float(pct(i))).collect()))
    } else {
        Ok(Py::Float(pct(0)))
    }
}

fn getloadavg(_cx: &Cx, args: Args) -> PyResult<Py> {
    args.none("getloadavg")?;
    let avg = sysinfo::loadavg().ok_or_else(|| exceptions::new("OSError", "Load averages are unobtainable"))?;
    Ok(Py::tuple(avg.iter().map(|v| Py::Float(*v)).collect::<Vec<_>>()))
}

fn boot_time(_cx: &Cx, args: Args) -> PyResult<Py> {
    args.none("boot_time")?;
    let stat = read("/proc/stat")?;
    let btime = stat
        .lines()
        .find_map(|l| l.strip_prefix("btime"))
        .and_then(|v| v.trim().parse::<f64>().ok())
        .ok_or_else(|| exceptions::runtime_error("line 'btime' not found in /proc/stat"))?;
    Ok(Py::Float(btime))
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

/// psutil 5.9's `virtual_memory()` arithmetic: `(field, bytes, percent)`.
fn svmem(mems: &[(String, u64)]) -> PyResult<Vec<(&'static str, u64, Option<f64>)>> {
    let get = |k: &str| mems.iter().find(|(n, _)| n == k).map(|(_, v)| *v);
    let missing = |k: &str| exceptions::runtime_error(format!("{k} not found in /proc/meminfo"));
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
    // Kernels before 3.14 have no MemAvailable: free + cached, roughly what
    // psutil falls back to.
    let avail = get("MemAvailable").unwrap_or(free + cached).min(total);
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

fn virtual_memory(_cx: &Cx, args: Args) -> PyResult<Py> {
    args.none("virtual_memory")?;
    let fields = svmem(&meminfo()?)?;
    Ok(named(&SVMEM, fields.into_iter().map(|(n, v, p)| (n, p.map_or_else(|| Py::from(v), Py::Float))).collect()))
}

fn swap_memory(_cx: &Cx, args: Args) -> PyResult<Py> {
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
        &SSWAP,
        vec![
            ("total", Py::from(total)),
            ("used", Py::from(used)),
            ("free", Py::from(free)),
            ("percent", Py::Float(percent(used as f64, total as f64))),
            ("sin", Py::from(pages("pswpin") * 4096)),
            ("sout", Py::from(pages("pswpout") * 4096)),
        ],
    ))
}

// ---------------------------------------------------------------- processes

fn pid_list() -> PyResult<Vec<i64>> {
    let dir = std::fs::read_dir("/proc").map_err(|e| exceptions::os_error(&e, Some(std::path::Path::new("/proc"))))?;
    let mut pids: Vec<i64> = dir.filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok()).collect();
    pids.sort_unstable();
    Ok(pids)
}

fn pids(_cx: &Cx, args: Args) -> PyResult<Py> {
    args.none("pids")?;
    Ok(List::new(pid_list()?.into_iter().map(Py::Int).collect()))
}

/// psutil's Linux `pid_exists`: 0 exists; `kill(pid, 0)` decides; a
/// thread id (Tgid differs) is not a process.
fn pid_exists(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [pid] = args.bind("pid_exists", ["pid"])?;
    let pid = args::to_int("pid_exists", &args::req(pid))?;
    let exists = match pid {
        p if p < 0 => false,
        0 => true,
        p => match i32::try_from(p) {
            Err(_) => false,
            Ok(p) => {
                process::process_exists(p)
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
    Ok(Py::Bool(exists))
}

#[cfg(test)]
mod tests;
