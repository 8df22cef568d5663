//! psutil's disks: `disk_usage` (from `statvfs`, with psutil's rounding)
//! and `disk_partitions` (the mount table, filtered as psutil filters it).

use std::path::Path;
use std::sync::LazyLock;

use super::{named, named_type, percent, read};
use crate::objects::list::List;
use crate::platform::{self, sysinfo};
use crate::runtime::args::{self, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::types::TypeRef;
use crate::runtime::value::Py;

static SDISKUSAGE: LazyLock<TypeRef> = LazyLock::new(|| named_type("psutil._common", "sdiskusage"));
static SDISKPART: LazyLock<TypeRef> = LazyLock::new(|| named_type("psutil._common", "sdiskpart"));

/// `disk_usage(path)`: total, used, free (for unprivileged users) and the
/// percentage of what unprivileged users may fill.
pub fn disk_usage(cx: &Cx, args: Args) -> PyResult<Py> {
    let [path] = args.bind("disk_usage", ["path"])?;
    let path = args::to_path("disk_usage", &args::req(path), cx)?;
    let st = platform::fs::statvfs(&path).map_err(|e| exceptions::os_error(&e, Some(&path)))?;
    // statvfs_result order: bsize, frsize, blocks, bfree, bavail, ...
    let (frsize, blocks, bfree, bavail) = (st[1], st[2], st[3], st[4]);
    let total = blocks * frsize;
    let avail_to_root = bfree * frsize;
    let avail_to_user = bavail * frsize;
    let used = total.saturating_sub(avail_to_root);
    let total_user = used + avail_to_user;
    Ok(named(
        &SDISKUSAGE,
        vec![
            ("total", Py::from(total)),
            ("used", Py::from(used)),
            ("free", Py::from(avail_to_user)),
            ("percent", Py::Float(percent(used as f64, total_user as f64))),
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

/// `disk_partitions(all=False)`: `/etc/mtab` (or `/proc/self/mounts`),
/// only devices of the "physical" file systems `/proc/filesystems` lists
/// unless `all`; `maxfile`/`maxpath` from `pathconf` (psutil 5.9's fields).
pub fn disk_partitions(cx: &Cx, args: Args) -> PyResult<Py> {
    let [all] = args.bind("disk_partitions", ["all?"])?;
    let all = args::opt_bool(cx, all.as_ref(), false)?;
    let mut fstypes: Vec<String> = Vec::new();
    for line in read("/proc/filesystems")?.lines() {
        let line = line.trim();
        match line.strip_prefix("nodev") {
            None => fstypes.push(line.to_owned()),
            Some(rest) if rest.trim() == "zfs" => fstypes.push("zfs".into()),
            Some(_) => {}
        }
    }
    let mounts_path = if Path::new("/etc/mtab").is_file() {
        std::fs::canonicalize("/etc/mtab").unwrap_or_else(|_| "/proc/self/mounts".into())
    } else {
        "/proc/self/mounts".into()
    };
    let mounts = read(&mounts_path.to_string_lossy())?;
    let mut parts = Vec::new();
    for line in mounts.lines() {
        cx.check_interrupt()?;
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
        let (maxfile, maxpath) = sysinfo::name_limits(Path::new(&mountpoint));
        parts.push(named(
            &SDISKPART,
            vec![
                ("device", Py::str(device)),
                ("mountpoint", Py::str(mountpoint)),
                ("fstype", Py::str(fstype)),
                ("opts", Py::str(opts)),
                ("maxfile", Py::from(maxfile)),
                ("maxpath", Py::from(maxpath)),
            ],
        ));
    }
    Ok(List::new(parts))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::objects::attr;
    use crate::objects::testing::with_cx;
    use crate::runtime::semantics;

    #[test]
    fn disk_usage_of_root() {
        with_cx(|cx| {
            let du = disk_usage(cx, Args::one(Py::str("/"))).expect("usage");
            assert!(semantics::repr(cx, &du).expect("repr").starts_with("sdiskusage(total="));
            let field = |n: &str| attr::getattr(cx, &du, n).expect("field");
            let (Py::Int(total), Py::Int(used), Py::Int(free), Py::Float(pct)) =
                (field("total"), field("used"), field("free"), field("percent"))
            else {
                panic!("fields")
            };
            assert!(total > 0 && used + free <= total && (0.0..=100.0).contains(&pct));
            let rpyc_protocol::Value::Record(r) = semantics::to_value(cx, &du).expect("by value") else {
                panic!("a record")
            };
            assert_eq!(r.class, "psutil._common.sdiskusage");
            assert_eq!(r.args.len(), 4);
            let e = disk_usage(cx, Args::one(Py::str("/no/such/path"))).expect_err("fails");
            assert_eq!(e.class().name, "FileNotFoundError");
        });
    }

    #[test]
    fn partitions_include_a_root() {
        with_cx(|cx| {
            let all = disk_partitions(cx, Args::one(Py::Bool(true))).expect("partitions");
            let mountpoints: Vec<String> = semantics::iterate(cx, &all)
                .expect("items")
                .iter()
                .map(|p| attr::getattr(cx, p, "mountpoint").expect("mountpoint").as_str().unwrap_or("").to_owned())
                .collect();
            assert!(mountpoints.iter().any(|m| m == "/"), "{mountpoints:?}");
            let physical = disk_partitions(cx, Args::default()).expect("partitions");
            assert!(semantics::len(cx, &physical).expect("len") <= mountpoints.len());
        });
    }

    #[test]
    fn mount_fields_are_unescaped() {
        assert_eq!(unescape_mount("/mnt/my\\040disk"), "/mnt/my disk");
        assert_eq!(unescape_mount("a\\134b\\x"), "a\\b\\x");
    }
}
