//! Extraction: the filters of PEP 706 as CPython ships them (3.11.4+,
//! 3.12: `fully_trusted`, `tar`, `data`, with their exception classes and
//! messages), `extract` and `extractall` with `TarFile.errorlevel`'s
//! fatal/non-fatal error handling, and the making of each member kind.

use std::fs;
use std::os::unix::fs::DirBuilderExt;

use super::archive::{tar_file, TarArchive};
use super::header;
use super::info::{tar_self, TarInfo};
use super::{filter_error, tar_error};
use crate::modules::os_path::{pure, realpath, PathStr};
use crate::modules::stat as st;
use crate::modules::zipfile::member::shown;
use crate::platform;
use crate::runtime::args::{self, req, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyErr, PyResult};
use crate::runtime::semantics;
use crate::runtime::value::Py;

fn s(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// `_get_filtered_attrs(member, dest_path, for_data)`: the attributes to
/// change, or the FilterError that refuses the member.
fn filtered_attrs(cx: &Cx, member: &Py, dest: &[u8], for_data: bool) -> PyResult<Vec<(&'static str, Py)>> {
    let t = tar_self(member)?;
    let mut new: Vec<(&'static str, Py)> = Vec::new();
    let mut name = t.text("name");
    let dest = realpath(dest)?;
    if name.starts_with('/') {
        name = name.trim_start_matches('/').to_owned();
        new.push(("name", Py::from(name.clone())));
    }
    if pure::isabs(name.as_bytes()) {
        return Err(filter_error(
            "AbsolutePathError",
            member,
            format!("member {} has an absolute path", shown(cx, &t.get("name").unwrap_or(Py::None))),
            None,
        ));
    }
    let inside = |target: &[u8]| -> PyResult<bool> { Ok(pure::commonpath(&[target, &dest])? == dest) };
    let target = realpath(&pure::join(&dest, &[name.as_bytes()]))?;
    if !inside(&target)? {
        return Err(filter_error(
            "OutsideDestinationError",
            member,
            format!(
                "{} would be extracted to {}, which is outside the destination",
                shown(cx, &t.get("name").unwrap_or(Py::None)),
                shown(cx, &Py::from(s(&target)))
            ),
            Some(Py::from(s(&target))),
        ));
    }
    let typ = t.typ();
    let mode_v = t.get("mode").unwrap_or(Py::None);
    if !mode_v.is_none() {
        let orig = args::to_int("mode", &mode_v)?;
        let mut mode = Some(orig & 0o755);
        if for_data {
            if header::regular(&typ) || typ == [header::LNKTYPE] {
                let mut m = orig & 0o755;
                if m & 0o100 == 0 {
                    m &= !0o111;
                }
                mode = Some(m | 0o600);
            } else if matches!(typ.as_slice(), [header::DIRTYPE | header::SYMTYPE]) {
                mode = None;
            } else {
                return Err(filter_error(
                    "SpecialFileError",
                    member,
                    format!("{} is a special file", shown(cx, &t.get("name").unwrap_or(Py::None))),
                    None,
                ));
            }
        }
        if mode != Some(orig) {
            new.push(("mode", mode.map_or(Py::None, Py::Int)));
        }
    }
    if for_data {
        for k in ["uid", "gid", "uname", "gname"] {
            if !t.get(k).unwrap_or(Py::None).is_none() {
                new.push((k, Py::None));
            }
        }
        if matches!(typ.as_slice(), [header::LNKTYPE | header::SYMTYPE]) {
            let linkname = t.text("linkname");
            if pure::isabs(linkname.as_bytes()) {
                return Err(filter_error(
                    "AbsoluteLinkError",
                    member,
                    format!("{} is a link to an absolute path", shown(cx, &t.get("name").unwrap_or(Py::None))),
                    None,
                ));
            }
            let joined = if typ == [header::SYMTYPE] {
                pure::join(&dest, &[pure::dirname(name.as_bytes()), linkname.as_bytes()])
            } else {
                pure::join(&dest, &[linkname.as_bytes()])
            };
            let target = realpath(&joined)?;
            if !inside(&target)? {
                return Err(filter_error(
                    "LinkOutsideDestinationError",
                    member,
                    format!(
                        "{} would link to {}, which is outside the destination",
                        shown(cx, &t.get("name").unwrap_or(Py::None)),
                        shown(cx, &Py::from(s(&target)))
                    ),
                    Some(Py::from(s(&target))),
                ));
            }
        }
    }
    Ok(new)
}

/// One of the named filters applied to a member: the member, or a copy
/// with the attributes changed.
pub fn apply_named(cx: &Cx, which: &str, member: &Py, dest: &Py) -> PyResult<Py> {
    if which == "fully_trusted" {
        return Ok(member.clone());
    }
    let dest = PathStr::new(cx, dest)?;
    let new = filtered_attrs(cx, member, dest.bytes(), which == "data")?;
    if new.is_empty() {
        return Ok(member.clone());
    }
    let out = tar_self(member)?.copy();
    let t = tar_self(&out)?;
    for (k, v) in new {
        t.set(k, v);
    }
    Ok(out)
}

/// What `filter=` names: a named filter or a callable.
enum Filter {
    Named(&'static str),
    Call(Py),
}

/// `_get_filter_function`.
fn filter_function(cx: &Cx, t: &TarArchive, filter: Option<Py>) -> PyResult<Filter> {
    match filter.filter(|f| !f.is_none()) {
        None => {
            let f = t.extraction_filter.lock().unwrap_or_else(|e| e.into_inner()).clone();
            match f {
                Py::None => Ok(Filter::Named("fully_trusted")),
                Py::Str(_) => Err(exceptions::type_error(
                    "String names are not supported for TarFile.extraction_filter. Use a function such as tarfile.data_filter directly.",
                )),
                other => Ok(Filter::Call(other)),
            }
        }
        Some(f @ (Py::Obj(_) | Py::Client(_))) if is_callable(&f) => Ok(Filter::Call(f)),
        Some(Py::Str(name)) => match &*name {
            "fully_trusted" => Ok(Filter::Named("fully_trusted")),
            "tar" => Ok(Filter::Named("tar")),
            "data" => Ok(Filter::Named("data")),
            _ => Err(exceptions::value_error(format!("filter {} not found", shown(cx, &Py::Str(name.clone()))))),
        },
        Some(other) => Err(exceptions::value_error(format!("filter {} not found", shown(cx, &other)))),
    }
}

fn is_callable(f: &Py) -> bool {
    match f {
        Py::Obj(o) => o.is_callable(),
        // A client object: rpyc would call it; a client's string is sent by value.
        Py::Client(_) => true,
        _ => false,
    }
}

fn is_extract_error(e: &PyErr) -> bool {
    e.class().is_subtype(&super::class("ExtractError"))
}

fn is_filter_error(e: &PyErr) -> bool {
    e.class().is_subtype(&super::class("FilterError"))
}

/// `_handle_fatal_error` / `_handle_nonfatal_error` (nothing is logged:
/// the agent has no debug output).
fn handle(t: &TarArchive, e: PyErr) -> PyResult<()> {
    if is_extract_error(&e) {
        if t.errorlevel > 1 {
            return Err(e);
        }
        return Ok(());
    }
    if e.is("OSError") || is_filter_error(&e) {
        if t.errorlevel > 0 {
            return Err(e);
        }
        return Ok(());
    }
    Err(e)
}

/// `_get_extract_tarinfo`: the filtered member, or None.
fn extract_tarinfo(cx: &Cx, this: &Py, member: &Py, filter: &Filter, path: &Py) -> PyResult<Option<Py>> {
    let t = tar_file(this)?;
    let m = if let Py::Str(_) = member { t.getmember(cx, member)? } else { member.clone() };
    let r = match filter {
        Filter::Named(n) => apply_named(cx, n, &m, path),
        Filter::Call(f) => semantics::call(cx, f, Args::positional(vec![m.clone(), path.clone()])),
    };
    // A handled (ignored) filter error leaves the member unfiltered, as
    // CPython's _get_extract_tarinfo does.
    let out = match r {
        Ok(v) => v,
        Err(e) => {
            handle(t, e)?;
            m
        }
    };
    if out.is_none() {
        return Ok(None);
    }
    let ti = tar_self(&out)?;
    if ti.typ() == [header::LNKTYPE] {
        let copy = ti.copy();
        let p = PathStr::new(cx, path)?;
        let target = p.like(&pure::join(p.bytes(), &[ti.text("linkname").as_bytes()]));
        tar_self(&copy)?.set("_link_target", target.value());
        return Ok(Some(copy));
    }
    Ok(Some(out))
}

/// `extract(member, path='', set_attrs=True, *, numeric_owner=False, filter=None)`.
pub fn extract(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [member, path, set_attrs, numeric, filter] =
        args.bind("extract", ["member", "path?", "set_attrs?", "$numeric_owner?", "$filter?"])?;
    let t = tar_file(this)?;
    let filter = filter_function(cx, t, filter)?;
    let path = path.unwrap_or_else(|| Py::str(""));
    let set_attrs = args::opt_bool(cx, set_attrs.as_ref(), true)?;
    let numeric = args::opt_bool(cx, numeric.as_ref(), false)?;
    if let Some(info) = extract_tarinfo(cx, this, &req(member), &filter, &path)? {
        extract_one(cx, this, &info, &path, set_attrs, numeric)?;
    }
    Ok(Py::None)
}

/// `extractall(path='.', members=None, *, numeric_owner=False, filter=None)`.
pub fn extractall(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [path, members, numeric, filter] =
        args.bind("extractall", ["path?", "members?", "$numeric_owner?", "$filter?"])?;
    let t = tar_file(this)?;
    let filter = filter_function(cx, t, filter)?;
    let path = path.unwrap_or_else(|| Py::str("."));
    let numeric = args::opt_bool(cx, numeric.as_ref(), false)?;
    let members = match members.filter(|m| !m.is_none()) {
        Some(m) => semantics::iterate(cx, &m)?,
        None => t.members(cx)?,
    };
    let mut directories = Vec::new();
    for m in members {
        cx.check_interrupt()?;
        let Some(info) = extract_tarinfo(cx, this, &m, &filter, &path)? else { continue };
        let is_dir = tar_self(&info)?.typ() == [header::DIRTYPE];
        if is_dir {
            directories.push(info.clone());
        }
        extract_one(cx, this, &info, &path, !is_dir, numeric)?;
    }
    directories.sort_by_key(|d| std::cmp::Reverse(tar_self(d).map(|t| t.text("name")).unwrap_or_default()));
    let p = PathStr::new(cx, &path)?;
    for d in directories {
        let ti = tar_self(&d)?;
        let dirpath = p.like(&pure::join(p.bytes(), &[ti.text("name").as_bytes()]));
        let r = chown(ti, &dirpath, cx, numeric)
            .and_then(|()| utime(ti, &dirpath, cx))
            .and_then(|()| chmod(ti, &dirpath, cx));
        if let Err(e) = r {
            handle(t, e)?;
        }
    }
    Ok(Py::None)
}

fn extract_one(cx: &Cx, this: &Py, info: &Py, path: &Py, set_attrs: bool, numeric: bool) -> PyResult<()> {
    let t = tar_file(this)?;
    t.check(Some("r"))?;
    let p = PathStr::new(cx, path)?;
    let ti = tar_self(info)?;
    let target = p.like(&pure::join(p.bytes(), &[ti.text("name").as_bytes()]));
    match extract_member(cx, t, ti, &target, set_attrs, numeric) {
        Ok(()) => Ok(()),
        Err(e) => handle(t, e),
    }
}

fn extract_error(msg: &str) -> PyErr {
    tar_error("ExtractError", msg)
}

/// `_extract_member`.
fn extract_member(
    cx: &Cx,
    t: &TarArchive,
    ti: &TarInfo,
    target: &PathStr,
    set_attrs: bool,
    numeric: bool,
) -> PyResult<()> {
    let trimmed =
        target.bytes().iter().rposition(|c| *c != b'/').map_or(&target.bytes()[..0], |i| &target.bytes()[..=i]);
    let target = target.like(trimmed);
    let upper = pure::dirname(target.bytes());
    if !upper.is_empty() {
        let up = target.like(upper);
        if !up.to_path(cx)?.exists() {
            crate::modules::os::makedirs_path(cx, &up, 0o777, false)?;
        }
    }
    let typ = ti.typ();
    let path = target.to_path(cx)?;
    match typ.as_slice() {
        t_ if header::regular(t_) => make_file(t, ti, &target, cx)?,
        [header::DIRTYPE] => {
            let mode = if ti.get("mode").unwrap_or(Py::None).is_none() { 0o777 } else { 0o700 };
            match fs::DirBuilder::new().mode(mode).create(&path) {
                Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => return Err(target.error(&e)),
                _ => {}
            }
        }
        [header::FIFOTYPE] => platform::fs::mkfifo(&path, 0o666).map_err(|e| target.error(&e))?,
        [header::CHRTYPE | header::BLKTYPE] => {
            let mode = if ti.get("mode").unwrap_or(Py::None).is_none() { 0o600 } else { ti.int("mode") as u32 };
            let kind = if typ == [header::BLKTYPE] { st::S_IFBLK } else { st::S_IFCHR };
            platform::fs::mknod(&path, mode | kind, ti.int("devmajor") as u32, ti.int("devminor") as u32)
                .map_err(|e| target.error(&e))?;
        }
        [header::LNKTYPE | header::SYMTYPE] => make_link(cx, t, ti, &target)?,
        _ => make_file(t, ti, &target, cx)?,
    }
    if set_attrs {
        chown(ti, &target, cx, numeric)?;
        if typ != [header::SYMTYPE] {
            chmod(ti, &target, cx)?;
            utime(ti, &target, cx)?;
        }
    }
    Ok(())
}

fn make_file(t: &TarArchive, ti: &TarInfo, target: &PathStr, cx: &Cx) -> PyResult<()> {
    let data = t.data(ti)?;
    fs::write(target.to_path(cx)?, data).map_err(|e| target.error(&e))
}

fn make_link(cx: &Cx, t: &TarArchive, ti: &TarInfo, target: &PathStr) -> PyResult<()> {
    let path = target.to_path(cx)?;
    if ti.typ() == [header::SYMTYPE] {
        if fs::symlink_metadata(&path).is_ok() {
            fs::remove_file(&path).map_err(|e| target.error(&e))?;
        }
        let link = ti.text("linkname");
        return std::os::unix::fs::symlink(&link, &path)
            .map_err(|e| PathStr::new(cx, &Py::from(link)).map_or_else(|x| x, |l| l.error2(&e, target)));
    }
    let link_target = ti.get("_link_target").unwrap_or(Py::None);
    let lt = PathStr::new(cx, &link_target)?;
    if lt.to_path(cx)?.exists() {
        return platform::fs::link(&lt.to_path(cx)?, &path, true).map_err(|e| lt.error2(&e, target));
    }
    // The target is not on disk: extract it from the archive in its place.
    let found = find_member(cx, t, ti)?;
    let found = tar_self(&found)?;
    extract_member(cx, t, found, target, true, false)
}

fn find_member(cx: &Cx, t: &TarArchive, ti: &TarInfo) -> PyResult<Py> {
    let me = ti.copy();
    t.link_target(cx, &me).map_err(|e| {
        if e.is("KeyError") {
            extract_error("unable to resolve link inside archive")
        } else {
            e
        }
    })
}

/// `chown`: as root only; names first unless `numeric_owner`.
fn chown(ti: &TarInfo, target: &PathStr, cx: &Cx, numeric: bool) -> PyResult<()> {
    if platform::ids::geteuid() != 0 {
        return Ok(());
    }
    let id = |v: Option<Py>| match v {
        Some(Py::Int(n)) => Some(n),
        _ => None,
    };
    let mut g = id(ti.get("gid"));
    let mut u = id(ti.get("uid"));
    if !numeric {
        let gname = ti.text("gname");
        if !gname.is_empty() {
            if let Some(gid) = platform::users::getgrnam(&gname) {
                g = Some(i64::from(gid));
            }
        }
        let uname = ti.text("uname");
        if !uname.is_empty() {
            if let Some(p) = platform::users::getpwnam(&uname) {
                u = Some(i64::from(p.uid));
            }
        }
    }
    let as_id = |n: Option<i64>| n.filter(|n| *n >= 0).and_then(|n| u32::try_from(n).ok());
    let follow = ti.typ() != [header::SYMTYPE];
    crate::modules::os::chown_path(&target.to_path(cx)?, as_id(u), as_id(g), follow)
        .map_err(|_| extract_error("could not change owner"))
}

fn chmod(ti: &TarInfo, target: &PathStr, cx: &Cx) -> PyResult<()> {
    let mode = ti.get("mode").unwrap_or(Py::None);
    if mode.is_none() {
        return Ok(());
    }
    let mode = args::to_int("mode", &mode)? as u32;
    crate::modules::os::chmod_path(&target.to_path(cx)?, mode).map_err(|_| extract_error("could not change mode"))
}

fn utime(ti: &TarInfo, target: &PathStr, cx: &Cx) -> PyResult<()> {
    let mtime = ti.get("mtime").unwrap_or(Py::None);
    let secs = match mtime {
        Py::None => return Ok(()),
        Py::Float(f) => f,
        other => args::to_int("mtime", &other)? as f64,
    };
    let spec = (secs.floor() as i64, ((secs - secs.floor()) * 1e9).floor() as i64);
    platform::fs::utime(&target.to_path(cx)?, Some((spec, spec)), true)
        .map_err(|_| extract_error("could not change modification time"))
}

/// The module-level filter functions: `data_filter(member, dest_path)`...
pub fn filter_fn(cx: &Cx, which: &str, args: Args) -> PyResult<Py> {
    let [member, dest] = args.bind(which, ["member", "dest_path"])?;
    let kind = which.trim_end_matches("_filter");
    apply_named(cx, kind, &req(member), &req(dest))
}
