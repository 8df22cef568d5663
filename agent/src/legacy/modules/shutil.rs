//! `shutil`: copying, moving and removing files and trees, `which`,
//! `disk_usage`, `chown`; written after CPython 3.11's shutil (extended
//! attributes are not copied).

use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::path::Path;

use rpyc_protocol::vinegar::{ExceptionPayload, RemoteException};
use rpyc_protocol::{Obj, Value};

use super::os_path::{self, fspath, PStr};
use super::{b, ModuleDef};
use crate::legacy::args::{self, Args};
use crate::legacy::containers::{RecordKind, RecordObj};
use crate::legacy::context::Cx;
use crate::legacy::exc::{self, PyResult};
use crate::legacy::object::{self, Val};
use crate::platform;

pub static MODULE: ModuleDef = ModuleDef {
    name: "shutil",
    type_name: "shutil",
    functions: &[
        b("disk_usage", disk_usage),
        b("which", which),
        b("copyfile", copyfile),
        b("copymode", copymode),
        b("copystat", copystat),
        b("copy", copy),
        b("copy2", copy2),
        b("copytree", copytree),
        b("rmtree", rmtree),
        b("move", move_),
        b("chown", chown),
    ],
    attr: |_, _| None,
    attr_names: &[],
};

/// `shutil.Error` and its subclasses (OSErrors).
fn error(class: &str, msg: String) -> ExceptionPayload {
    exc::raise(RemoteException::new("shutil", class, vec![Value::Str(msg)]))
}

/// Whether `except OSError` catches it (shutil's errors derive from OSError).
fn is_os_error(e: &ExceptionPayload) -> bool {
    matches!(e, ExceptionPayload::Exception(r) if r.module == "shutil" || r.is_instance_of("builtins", "OSError"))
}

/// `str(exc)`.
fn message(e: &ExceptionPayload) -> String {
    match e {
        ExceptionPayload::Exception(r) => r.message(),
        ExceptionPayload::StopIteration => String::new(),
    }
}

fn path(func: &str, v: Option<Val>, cx: &Cx) -> PyResult<PStr> {
    fspath(Some(func), &args::req(v), cx)
}

fn oe(path: &Path) -> impl Fn(std::io::Error) -> ExceptionPayload + '_ {
    move |e| exc::os_error(&e, Some(path))
}

fn is_link(p: &Path) -> bool {
    fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink())
}

fn samefile(a: &Path, b: &Path) -> bool {
    match (fs::metadata(a), fs::metadata(b)) {
        (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
        _ => false,
    }
}

fn disk_usage(cx: &Cx, args: Args) -> PyResult<Val> {
    let [p] = args.bind("disk_usage", ["path"])?;
    let p = path("statvfs", p, cx)?.to_path()?;
    let v = platform::statvfs(&p).map_err(oe(&p))?;
    let (frsize, blocks, bfree, bavail) = (v[1], v[2], v[3], v[4]);
    let n = |x: u64| Obj::Value(Value::from(x));
    let fields =
        vec![("total", n(blocks * frsize)), ("used", n((blocks - bfree) * frsize)), ("free", n(bavail * frsize))];
    Ok(Obj::Local(RecordObj::new("shutil._ntuple_diskusage", "usage", RecordKind::NamedTuple, fields)))
}

fn which(cx: &Cx, args: Args) -> PyResult<Val> {
    let [cmd, mode, search] = args.bind("which", ["cmd", "mode?", "path?"])?;
    let cmd = fspath(None, &args::req(cmd), cx)?;
    let mode = args::opt_int("which", mode.as_ref())?.unwrap_or((libc::F_OK | libc::X_OK).into()) as i32;
    let usable = |p: &PStr| match p.to_path() {
        Ok(p) => {
            fs::metadata(&p).is_ok_and(|m| !m.is_dir()) && platform::access(&p, mode, false, true).unwrap_or(false)
        }
        Err(_) => false,
    };
    if !os_path::dirname(cmd.bytes()).is_empty() {
        return Ok(if usable(&cmd) { cmd.val() } else { Obj::none() });
    }
    let search = match search {
        None | Some(Obj::Value(Value::None)) => match std::env::var_os("PATH") {
            Some(p) => p.into_encoded_bytes(),
            None => b"/bin:/usr/bin".to_vec(),
        },
        Some(p) => fspath(None, &p, cx)?.bytes().to_vec(),
    };
    let mut seen: Vec<&[u8]> = Vec::new();
    for dir in search.split(|c| *c == b':') {
        if search.is_empty() || seen.contains(&dir) {
            continue;
        }
        seen.push(dir);
        let name = cmd.like(&os_path::join(dir, &[cmd.bytes()]));
        if usable(&name) {
            return Ok(name.val());
        }
    }
    Ok(Obj::none())
}

// ---------------------------------------------------------------- copying files

fn copyfile_paths(src: &PStr, dst: &PStr, follow: bool) -> PyResult<()> {
    let (s, d) = (src.to_path()?, dst.to_path()?);
    if samefile(&s, &d) {
        return Err(error("SameFileError", format!("{} and {} are the same file", src.to_value(), dst.to_value())));
    }
    for (p, given) in [(&s, src), (&d, dst)] {
        if fs::metadata(p).is_ok_and(|m| m.file_type().is_fifo()) {
            return Err(error(
                "SpecialFileError",
                format!("`{}` is a named pipe", String::from_utf8_lossy(given.bytes())),
            ));
        }
    }
    if !follow && is_link(&s) {
        let target = fs::read_link(&s).map_err(oe(&s))?;
        return std::os::unix::fs::symlink(&target, &d).map_err(|e| exc::os_error2(&e, Some(&target), Some(&d)));
    }
    let mut from = fs::File::open(&s).map_err(oe(&s))?;
    let mut to = match fs::File::create(&d) {
        Ok(f) => f,
        Err(e) if e.raw_os_error() == Some(libc::EISDIR) && !d.exists() => {
            return Err(exc::new(
                "FileNotFoundError",
                format!("Directory does not exist: {}", String::from_utf8_lossy(dst.bytes())),
            ))
        }
        Err(e) => return Err(exc::os_error(&e, Some(&d))),
    };
    // std::io::copy between files uses copy_file_range/sendfile.
    std::io::copy(&mut from, &mut to).map_err(oe(&d))?;
    Ok(())
}

fn copymode_paths(src: &PStr, dst: &PStr, follow: bool) -> PyResult<()> {
    let (s, d) = (src.to_path()?, dst.to_path()?);
    if !follow && is_link(&s) && is_link(&d) {
        return Ok(()); // no lchmod on Linux
    }
    let m = fs::metadata(&s).map_err(oe(&s))?;
    super::os::chmod_path(&d, m.mode() & 0o7777)
}

fn copystat_paths(src: &PStr, dst: &PStr, follow: bool) -> PyResult<()> {
    let (s, d) = (src.to_path()?, dst.to_path()?);
    let follow = follow || !(is_link(&s) && is_link(&d));
    let m = if follow { fs::metadata(&s) } else { fs::symlink_metadata(&s) }.map_err(oe(&s))?;
    let times = ((m.atime(), m.atime_nsec()), (m.mtime(), m.mtime_nsec()));
    platform::utime(&d, Some(times), follow).map_err(oe(&d))?;
    if follow {
        super::os::chmod_path(&d, m.mode() & 0o7777)?;
    }
    Ok(())
}

/// Which copy function a `copy_function` argument names.
#[derive(Clone, Copy, PartialEq, Eq)]
enum CopyFn {
    Copy,
    Copy2,
    CopyFile,
}

fn copy_fn_arg(v: Option<Val>, cx: &Cx) -> PyResult<CopyFn> {
    let Some(v) = v.filter(|v| !matches!(v, Obj::Value(Value::None))) else { return Ok(CopyFn::Copy2) };
    let name = match &v {
        Obj::Local(o) if o.type_name() == "builtins.builtin_function_or_method" => {
            let module = object::getattr(o, "__module__", cx).ok().and_then(|m| m.into_value());
            let name = object::getattr(o, "__name__", cx).ok().and_then(|m| m.into_value());
            match (module, name) {
                (Some(Value::Str(m)), Some(Value::Str(n))) if m == "shutil" => n,
                _ => String::new(),
            }
        }
        _ => String::new(),
    };
    match name.as_str() {
        "copy" => Ok(CopyFn::Copy),
        "copy2" => Ok(CopyFn::Copy2),
        "copyfile" => Ok(CopyFn::CopyFile),
        _ => Err(exc::not_implemented("copy_function other than the agent's shutil.copy, copy2 or copyfile")),
    }
}

/// `copy`/`copy2`: into a directory keeps the file name; returns the target.
fn copy_paths(src: &PStr, dst: &PStr, follow: bool, how: CopyFn) -> PyResult<PStr> {
    let mut dst = dst.clone();
    if how != CopyFn::CopyFile && dst.to_path()?.is_dir() {
        dst = dst.like(&os_path::join(dst.bytes(), &[os_path::basename(src.bytes())]));
    }
    copyfile_paths(src, &dst, follow)?;
    match how {
        CopyFn::Copy => copymode_paths(src, &dst, follow)?,
        CopyFn::Copy2 => copystat_paths(src, &dst, follow)?,
        CopyFn::CopyFile => {}
    }
    Ok(dst)
}

fn src_dst_follow(func: &str, args: Args, cx: &Cx) -> PyResult<(PStr, PStr, bool)> {
    let [src, dst, follow] = args.bind(func, ["src", "dst", "$follow_symlinks?"])?;
    Ok((path(func, src, cx)?, path(func, dst, cx)?, args::opt_bool(follow.as_ref(), true)))
}

fn copyfile(cx: &Cx, args: Args) -> PyResult<Val> {
    let (src, dst, follow) = src_dst_follow("copyfile", args, cx)?;
    copyfile_paths(&src, &dst, follow)?;
    Ok(dst.val())
}

fn copymode(cx: &Cx, args: Args) -> PyResult<Val> {
    let (src, dst, follow) = src_dst_follow("copymode", args, cx)?;
    copymode_paths(&src, &dst, follow)?;
    Ok(Obj::none())
}

fn copystat(cx: &Cx, args: Args) -> PyResult<Val> {
    let (src, dst, follow) = src_dst_follow("copystat", args, cx)?;
    copystat_paths(&src, &dst, follow)?;
    Ok(Obj::none())
}

fn copy(cx: &Cx, args: Args) -> PyResult<Val> {
    let (src, dst, follow) = src_dst_follow("copy", args, cx)?;
    Ok(copy_paths(&src, &dst, follow, CopyFn::Copy)?.val())
}

fn copy2(cx: &Cx, args: Args) -> PyResult<Val> {
    let (src, dst, follow) = src_dst_follow("copy2", args, cx)?;
    Ok(copy_paths(&src, &dst, follow, CopyFn::Copy2)?.val())
}

// ---------------------------------------------------------------- trees

struct TreeOpts {
    symlinks: bool,
    how: CopyFn,
    ignore_dangling: bool,
    exist_ok: bool,
}

/// (src, dst, why) of each file that could not be copied.
type Failures = Vec<(PStr, PStr, String)>;

/// CPython's `_copytree`: per-entry OSErrors are collected in `failures`;
/// only the first `makedirs` and non-OSErrors are raised.
fn copytree_into(src: &PStr, dst: &PStr, o: &TreeOpts, failures: &mut Failures) -> PyResult<()> {
    let s = src.to_path()?;
    let entries: Vec<fs::DirEntry> = fs::read_dir(&s).and_then(|rd| rd.collect::<Result<_, _>>()).map_err(oe(&s))?;
    super::os::makedirs_path(dst, 0o777, o.exist_ok)?;
    for entry in entries {
        let name = entry.file_name();
        let srcname = src.like(&os_path::join(src.bytes(), &[name.as_bytes()]));
        let dstname = dst.like(&os_path::join(dst.bytes(), &[name.as_bytes()]));
        let result = (|| -> PyResult<()> {
            let file_type = entry.file_type().map_err(oe(&entry.path()))?;
            let is_dir = || fs::metadata(entry.path()).is_ok_and(|m| m.is_dir());
            if file_type.is_symlink() {
                let target = fs::read_link(entry.path()).map_err(oe(&entry.path()))?;
                if o.symlinks {
                    let d = dstname.to_path()?;
                    std::os::unix::fs::symlink(&target, &d).map_err(|e| exc::os_error2(&e, Some(&target), Some(&d)))?;
                    return copystat_paths(&srcname, &dstname, false);
                }
                if o.ignore_dangling && !target.exists() {
                    return Ok(());
                }
                if is_dir() {
                    return copytree_into(&srcname, &dstname, o, failures);
                }
                return copy_paths(&srcname, &dstname, true, o.how).map(|_| ());
            }
            if file_type.is_dir() {
                return copytree_into(&srcname, &dstname, o, failures);
            }
            copy_paths(&srcname, &dstname, true, o.how).map(|_| ())
        })();
        match result {
            Err(e) if is_os_error(&e) => failures.push((srcname, dstname, message(&e))),
            other => other?,
        }
    }
    if let Err(e) = copystat_paths(src, dst, true) {
        failures.push((src.clone(), dst.clone(), message(&e)));
    }
    Ok(())
}

fn copytree(cx: &Cx, args: Args) -> PyResult<Val> {
    let [src, dst, symlinks, ignore, copy_function, ignore_dangling, exist_ok] = args.bind(
        "copytree",
        ["src", "dst", "symlinks?", "ignore?", "copy_function?", "ignore_dangling_symlinks?", "dirs_exist_ok?"],
    )?;
    if ignore.is_some_and(|i| !matches!(i, Obj::Value(Value::None))) {
        return Err(exc::not_implemented("shutil.copytree(ignore=...)"));
    }
    let (src, dst) = (path("copytree", src, cx)?, path("copytree", dst, cx)?);
    let opts = TreeOpts {
        symlinks: args::opt_bool(symlinks.as_ref(), false),
        how: copy_fn_arg(copy_function, cx)?,
        ignore_dangling: args::opt_bool(ignore_dangling.as_ref(), false),
        exist_ok: args::opt_bool(exist_ok.as_ref(), false),
    };
    let mut failures = Vec::new();
    copytree_into(&src, &dst, &opts, &mut failures)?;
    if !failures.is_empty() {
        // Python sends a list argument by its repr.
        let list = Value::List(
            failures
                .into_iter()
                .map(|(s, d, why)| Value::Tuple(vec![s.to_value(), d.to_value(), Value::Str(why)]))
                .collect(),
        );
        return Err(error("Error", list.to_string()));
    }
    Ok(dst.val())
}

/// Removes what is in `dir` (not following symlinks); with `ignore`, as
/// much as it can.
fn remove_contents(dir: &Path, ignore: bool) -> PyResult<()> {
    let fail = |e: ExceptionPayload| if ignore { Ok(()) } else { Err(e) };
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => return fail(exc::os_error(&e, Some(dir))),
    };
    for entry in entries {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => return fail(exc::os_error(&e, Some(dir))),
        };
        let p = entry.path();
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            remove_contents(&p, ignore)?;
            fs::remove_dir(&p).or_else(|e| fail(exc::os_error(&e, Some(&p))))?;
        } else {
            fs::remove_file(&p).or_else(|e| fail(exc::os_error(&e, Some(&p))))?;
        }
    }
    Ok(())
}

pub(crate) fn rmtree_path(p: &Path, ignore: bool) -> PyResult<()> {
    let fail = |e: ExceptionPayload| if ignore { Ok(()) } else { Err(e) };
    match fs::symlink_metadata(p) {
        Err(e) => return fail(exc::os_error(&e, Some(p))),
        Ok(m) if m.file_type().is_symlink() => {
            return fail(exc::new("OSError", "Cannot call rmtree on a symbolic link"))
        }
        Ok(m) if !m.is_dir() => return fail(exc::os_errno(libc::ENOTDIR, Some(p), None)),
        Ok(_) => {}
    }
    if ignore {
        remove_contents(p, true)?;
        let _ = fs::remove_dir(p);
        return Ok(());
    }
    // std's remove_dir_all does not follow symlinks, even ones swapped in
    // while it runs.
    fs::remove_dir_all(p).map_err(oe(p))
}

fn rmtree(cx: &Cx, args: Args) -> PyResult<Val> {
    let [p, ignore, onerror, onexc, dir_fd] =
        args.bind("rmtree", ["path", "ignore_errors?", "onerror?", "$onexc?", "$dir_fd?"])?;
    for (v, what) in [(onerror, "onerror"), (onexc, "onexc"), (dir_fd, "dir_fd")] {
        if v.is_some_and(|v| !matches!(v, Obj::Value(Value::None))) {
            return Err(exc::not_implemented(&format!("shutil.rmtree({what}=...)")));
        }
    }
    let p = path("rmtree", p, cx)?.to_path()?;
    rmtree_path(&p, args::opt_bool(ignore.as_ref(), false))?;
    Ok(Obj::none())
}

fn move_(cx: &Cx, args: Args) -> PyResult<Val> {
    let [src, dst, copy_function] = args.bind("move", ["src", "dst", "copy_function?"])?;
    let (src, dst) = (path("move", src, cx)?, path("move", dst, cx)?);
    let how = copy_fn_arg(copy_function, cx)?;
    let (s, d) = (src.to_path()?, dst.to_path()?);
    let mut real_dst = dst.clone();
    if d.is_dir() {
        if samefile(&s, &d) {
            fs::rename(&s, &d).map_err(|e| exc::os_error2(&e, Some(&s), Some(&d)))?;
            return Ok(Obj::none());
        }
        let trimmed = src.bytes().iter().rposition(|c| *c != b'/').map_or(&src.bytes()[..0], |i| &src.bytes()[..=i]);
        real_dst = dst.like(&os_path::join(dst.bytes(), &[os_path::basename(trimmed)]));
        if real_dst.to_path()?.exists() {
            let shown = String::from_utf8_lossy(real_dst.bytes()).into_owned();
            return Err(error("Error", format!("Destination path '{shown}' already exists")));
        }
    }
    let rd = real_dst.to_path()?;
    if fs::rename(&s, &rd).is_ok() {
        return Ok(real_dst.val());
    }
    if is_link(&s) {
        let target = fs::read_link(&s).map_err(oe(&s))?;
        std::os::unix::fs::symlink(&target, &rd).map_err(|e| exc::os_error2(&e, Some(&target), Some(&rd)))?;
        fs::remove_file(&s).map_err(oe(&s))?;
    } else if s.is_dir() {
        let cwd = std::env::current_dir().map(|c| c.into_os_string().into_encoded_bytes()).unwrap_or_default();
        let with_sep = |p: &[u8]| {
            let mut a = os_path::abspath(p, &cwd);
            if !a.ends_with(b"/") {
                a.push(b'/');
            }
            a
        };
        if with_sep(dst.bytes()).starts_with(&with_sep(src.bytes())) {
            let (a, b) = (String::from_utf8_lossy(src.bytes()), String::from_utf8_lossy(dst.bytes()));
            return Err(error("Error", format!("Cannot move a directory '{a}' into itself '{b}'.")));
        }
        let opts = TreeOpts { symlinks: true, how, ignore_dangling: false, exist_ok: false };
        let mut failures = Vec::new();
        copytree_into(&src, &real_dst, &opts, &mut failures)?;
        if let Some((_, _, why)) = failures.first() {
            return Err(error("Error", why.clone()));
        }
        rmtree_path(&s, false)?;
    } else {
        copy_paths(&src, &real_dst, true, how)?;
        fs::remove_file(&s).map_err(oe(&s))?;
    }
    Ok(real_dst.val())
}

fn chown(cx: &Cx, args: Args) -> PyResult<Val> {
    let [p, user, group] = args.bind("chown", ["path", "user?", "group?"])?;
    let given = |v: Option<Val>| v.filter(|v| !matches!(v, Obj::Value(Value::None)));
    let (user, group) = (given(user), given(group));
    if user.is_none() && group.is_none() {
        return Err(exc::value_error("user and/or group must be set"));
    }
    let id = |v: Option<Val>, what: &str, lookup: fn(&str) -> Option<u32>| -> PyResult<Option<u32>> {
        match v {
            None => Ok(None),
            Some(Obj::Value(Value::Str(name))) => lookup(&name)
                .map(Some)
                .ok_or_else(|| exc::new("LookupError", format!("no such {what}: {}", Value::str(name.as_str())))),
            Some(v) => Ok(Some(args::to_int("chown", &v)? as u32)),
        }
    };
    let uid = id(user, "user", |n| platform::getpwnam(n).map(|p| p.uid))?;
    let gid = id(group, "group", platform::getgrnam)?;
    let p = path("chown", p, cx)?.to_path()?;
    super::os::chown_path(&p, uid, gid, true)?;
    Ok(Obj::none())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(p: &Path) -> PStr {
        PStr::Str(p.to_string_lossy().into_owned())
    }

    #[test]
    fn copy_tree_move_and_remove() {
        let base = std::env::temp_dir().join(format!("rpyc-shutil-{}", std::process::id()));
        let _ = fs::remove_dir_all(&base);
        let src = base.join("src");
        fs::create_dir_all(src.join("sub")).expect("mkdir");
        fs::write(src.join("a.txt"), b"hello").expect("write");
        fs::write(src.join("sub/b.txt"), b"world").expect("write");
        std::os::unix::fs::symlink("a.txt", src.join("link")).expect("symlink");
        let dst = base.join("dst");
        let opts = TreeOpts { symlinks: true, how: CopyFn::Copy2, ignore_dangling: false, exist_ok: false };
        let mut failures = Vec::new();
        copytree_into(&s(&src), &s(&dst), &opts, &mut failures).expect("copytree");
        assert!(failures.is_empty());
        assert_eq!(fs::read(dst.join("sub/b.txt")).ok(), Some(b"world".to_vec()));
        assert!(is_link(&dst.join("link")));
        // Copying a file onto itself is SameFileError.
        let same = copyfile_paths(&s(&src.join("a.txt")), &s(&src.join("a.txt")), true);
        assert!(matches!(same, Err(ExceptionPayload::Exception(e)) if e.name == "SameFileError"));
        // copy into a directory keeps the name.
        let got = copy_paths(&s(&src.join("a.txt")), &s(&dst.join("sub")), true, CopyFn::Copy).expect("copy");
        assert_eq!(got, s(&dst.join("sub/a.txt")));
        rmtree_path(&dst, false).expect("rmtree");
        assert!(!dst.exists());
        assert!(rmtree_path(&dst, false).is_err());
        assert!(rmtree_path(&dst, true).is_ok());
        let _ = fs::remove_dir_all(&base);
    }
}
