//! `glob`: pathname patterns, as CPython 3.11's `glob` walks them —
//! directories listed in the order the OS gives (as `os.scandir`), names
//! starting with a dot matched only by patterns that start with one (or
//! with `include_hidden`), `**` with `recursive`, `root_dir`, a trailing
//! slash for directories only, str in str out and bytes in bytes out.
//!
//! `iglob` collects the matches before it yields them (CPython's is lazy).

use std::fs;

use super::fnmatch::{chars_of, Pattern};
use crate::modules::os_path::{pure, PathStr};
use crate::objects::list::List;
use crate::objects::module::{b, f, ModuleDef};
use crate::runtime::args::{self, req, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::semantics;
use crate::runtime::value::Py;

pub static MODULE: ModuleDef = ModuleDef {
    name: "glob",
    type_name: "glob",
    doc: "Filename globbing utility.",
    functions: &[
        b("glob", glob),
        b("iglob", iglob),
        b("glob0", glob0),
        b("glob1", glob1),
        f("escape", escape),
        f("has_magic", has_magic_fn),
    ],
    attr: |name, _| match name {
        "magic_check" | "magic_check_bytes" => {
            Some(Err(exceptions::not_implemented(&format!("glob.{name} (a compiled regular expression)"))))
        }
        _ => None,
    },
    attr_names: &[],
    setattr: None,
};

fn has_magic(p: &[u8]) -> bool {
    p.iter().any(|c| matches!(c, b'*' | b'?' | b'['))
}

fn is_hidden(name: &[u8]) -> bool {
    name.first() == Some(&b'.')
}

fn is_recursive(pattern: &[u8]) -> bool {
    pattern == b"**"
}

/// `glob._join`: empty parts are left out.
fn join(dirname: &[u8], basename: &[u8]) -> Vec<u8> {
    if dirname.is_empty() || basename.is_empty() {
        return if dirname.is_empty() { basename.to_vec() } else { dirname.to_vec() };
    }
    pure::join(dirname, &[basename])
}

/// One glob: the options and how to make results of the pattern's kind.
struct Globber<'a> {
    cx: &'a Cx,
    kind: &'a PathStr,
    recursive: bool,
    include_hidden: bool,
}

impl Globber<'_> {
    fn os_path(&self, p: &[u8]) -> Option<std::path::PathBuf> {
        let p = if p.is_empty() { &b"."[..] } else { p };
        self.kind.like(p).to_path(self.cx).ok()
    }

    fn lexists(&self, p: &[u8]) -> bool {
        self.kind.like(p).to_path(self.cx).is_ok_and(|p| fs::symlink_metadata(p).is_ok()) && !p.is_empty()
    }

    fn isdir(&self, p: &[u8]) -> bool {
        !p.is_empty() && self.kind.like(p).to_path(self.cx).is_ok_and(|p| p.is_dir())
    }

    /// `_listdir`: names in the directory (only subdirectories when
    /// `dironly`), in the OS's order; nothing when it cannot be read.
    fn listdir(&self, dirname: &[u8], dironly: bool) -> PyResult<Vec<Vec<u8>>> {
        self.cx.check_interrupt()?;
        let Some(path) = self.os_path(dirname) else { return Ok(Vec::new()) };
        let Ok(rd) = fs::read_dir(path) else { return Ok(Vec::new()) };
        let mut names = Vec::new();
        for entry in rd {
            let Ok(entry) = entry else { break };
            // DirEntry.is_dir() follows symlinks, as os.scandir's does.
            if dironly && !fs::metadata(entry.path()).is_ok_and(|m| m.is_dir()) {
                continue;
            }
            names.push(entry.file_name().into_encoded_bytes());
        }
        Ok(names)
    }

    /// `fnmatch.filter` on names; str names that are not UTF-8 were made
    /// lossy by the OS layer anyway, so matching is on their text.
    fn filter(&self, names: Vec<Vec<u8>>, pattern: &[u8]) -> Vec<Vec<u8>> {
        let pat_value = self.kind.like(pattern).value();
        let Some((_, pat_chars)) = chars_of(&pat_value) else { return Vec::new() };
        let pat = Pattern::new(&pat_chars);
        names
            .into_iter()
            .filter(|n| chars_of(&self.kind.like(n).value()).is_some_and(|(_, c)| pat.matches(&c)))
            .collect()
    }

    fn glob1(&self, dirname: &[u8], pattern: &[u8], dironly: bool) -> PyResult<Vec<Vec<u8>>> {
        let mut names = self.listdir(dirname, dironly)?;
        if self.include_hidden || !is_hidden(pattern) {
            names.retain(|x| self.include_hidden || !is_hidden(x));
        }
        Ok(self.filter(names, pattern))
    }

    fn glob0(&self, dirname: &[u8], basename: &[u8]) -> Vec<Vec<u8>> {
        let found = if basename.is_empty() { self.isdir(dirname) } else { self.lexists(&join(dirname, basename)) };
        if found {
            vec![basename.to_vec()]
        } else {
            Vec::new()
        }
    }

    fn rlistdir(&self, dirname: &[u8], dironly: bool, out: &mut Vec<Vec<u8>>, prefix: &[u8]) -> PyResult<()> {
        for x in self.listdir(dirname, dironly)? {
            if self.include_hidden || !is_hidden(&x) {
                let rel = join(prefix, &x);
                out.push(rel.clone());
                let path = if dirname.is_empty() { x.clone() } else { join(dirname, &x) };
                self.rlistdir(&path, dironly, out, &rel)?;
            }
        }
        Ok(())
    }

    fn glob2(&self, dirname: &[u8], dironly: bool) -> PyResult<Vec<Vec<u8>>> {
        let mut out = vec![Vec::new()];
        self.rlistdir(dirname, dironly, &mut out, b"")?;
        Ok(out)
    }

    /// `_iglob`: the matches of `pathname` under `root_dir`.
    fn iglob(&self, pathname: &[u8], root_dir: &[u8], dironly: bool) -> PyResult<Vec<Vec<u8>>> {
        let (dirname, basename) = pure::split(pathname);
        if !has_magic(pathname) {
            let found = if !basename.is_empty() {
                self.lexists(&join(root_dir, pathname))
            } else {
                self.isdir(&join(root_dir, dirname))
            };
            return Ok(if found { vec![pathname.to_vec()] } else { Vec::new() });
        }
        if dirname.is_empty() {
            return if self.recursive && is_recursive(basename) {
                self.glob2(root_dir, dironly)
            } else {
                self.glob1(root_dir, basename, dironly)
            };
        }
        let dirs = if dirname != pathname && has_magic(dirname) {
            self.iglob(dirname, root_dir, true)?
        } else {
            vec![dirname.to_vec()]
        };
        let mut out = Vec::new();
        for d in dirs {
            let inside = join(root_dir, &d);
            let names = if has_magic(basename) {
                if self.recursive && is_recursive(basename) {
                    self.glob2(&inside, dironly)?
                } else {
                    self.glob1(&inside, basename, dironly)?
                }
            } else {
                self.glob0(&inside, basename)
            };
            out.extend(names.into_iter().map(|n| pure::join(&d, &[&n])));
        }
        Ok(out)
    }
}

/// `iglob`'s matches as values of the pattern's kind.
fn run(cx: &Cx, args: Args, func: &str) -> PyResult<Vec<Py>> {
    let [pathname, root_dir, dir_fd, recursive, include_hidden] =
        args.bind(func, ["pathname", "$root_dir?", "$dir_fd?", "$recursive?", "$include_hidden?"])?;
    if dir_fd.as_ref().is_some_and(|d| !d.is_none()) {
        return Err(exceptions::not_implemented(&format!("glob.{func}(dir_fd=...)")));
    }
    let pathname = req(pathname);
    // Without root_dir CPython first takes pathname[:0].
    if root_dir.as_ref().is_none_or(Py::is_none) && !matches!(pathname, Py::Str(_) | Py::Bytes(_)) {
        return Err(exceptions::type_error(format!(
            "'{}' object is not subscriptable",
            semantics::type_name(&pathname)
        )));
    }
    // os.path.split accepts any path-like; has_magic then wants str or bytes.
    let kind = PathStr::new(cx, &pathname)?;
    if !matches!(pathname, Py::Str(_) | Py::Bytes(_)) {
        return Err(exceptions::type_error(format!(
            "expected string or bytes-like object, got '{}'",
            semantics::type_name(&pathname)
        )));
    }
    let root = match root_dir {
        None | Some(Py::None) => Vec::new(),
        Some(r) => {
            let r = PathStr::new(cx, &r)?;
            if r.is_bytes() != kind.is_bytes() {
                // CPython fails matching names of one kind with a pattern of
                // the other, or joining them.
                return Err(exceptions::type_error(match (has_magic(kind.bytes()), kind.is_bytes()) {
                    (true, true) => "cannot use a bytes pattern on a string-like object",
                    (true, false) => "cannot use a string pattern on a bytes-like object",
                    _ => "Can't mix strings and bytes in path components",
                }));
            }
            r.bytes().to_vec()
        }
    };
    let g = Globber {
        cx,
        kind: &kind,
        recursive: args::opt_bool(cx, recursive.as_ref(), false)?,
        include_hidden: args::opt_bool(cx, include_hidden.as_ref(), false)?,
    };
    let p = kind.bytes();
    let mut found = g.iglob(p, &root, false)?;
    // CPython skips the empty string `**` (or an empty pattern) yields first.
    if (p.is_empty() || g.recursive && is_recursive(&p[..p.len().min(2)])) && found.first().is_some_and(Vec::is_empty) {
        found.remove(0);
    }
    Ok(found.into_iter().map(|m| kind.like(&m).value()).collect())
}

fn glob(cx: &Cx, args: Args) -> PyResult<Py> {
    Ok(List::new(run(cx, args, "glob")?))
}

fn iglob(cx: &Cx, args: Args) -> PyResult<Py> {
    let items = run(cx, args, "iglob")?;
    semantics::iter(cx, &List::new(items))
}

/// `glob.glob0(dirname, basename)` (undocumented, still used).
fn glob0(cx: &Cx, args: Args) -> PyResult<Py> {
    let [dirname, pattern] = args.bind("glob0", ["dirname", "pattern"])?;
    let kind = PathStr::new(cx, &req(pattern))?;
    let dirname = PathStr::new(cx, &req(dirname))?;
    let g = Globber { cx, kind: &kind, recursive: false, include_hidden: false };
    Ok(List::new(g.glob0(dirname.bytes(), kind.bytes()).into_iter().map(|m| kind.like(&m).value()).collect()))
}

/// `glob.glob1(dirname, pattern)` (undocumented, still used).
fn glob1(cx: &Cx, args: Args) -> PyResult<Py> {
    let [dirname, pattern] = args.bind("glob1", ["dirname", "pattern"])?;
    let kind = PathStr::new(cx, &req(pattern))?;
    let dirname = PathStr::new(cx, &req(dirname))?;
    let g = Globber { cx, kind: &kind, recursive: false, include_hidden: false };
    Ok(List::new(g.glob1(dirname.bytes(), kind.bytes(), false)?.into_iter().map(|m| kind.like(&m).value()).collect()))
}

/// The str or bytes of a `re` argument, with `re`'s type error.
fn re_subject(v: &Py) -> PyResult<&[u8]> {
    match v {
        Py::Str(s) => Ok(s.as_bytes()),
        Py::Bytes(b) => Ok(b),
        other => Err(exceptions::type_error(format!(
            "expected string or bytes-like object, got '{}'",
            semantics::type_name(other)
        ))),
    }
}

fn has_magic_fn(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [s] = args.bind("has_magic", ["s"])?;
    Ok(Py::Bool(has_magic(re_subject(&req(s))?)))
}

/// `glob.escape(pathname)`: `*`, `?` and `[` each wrapped in brackets.
fn escape(cx: &Cx, args: Args) -> PyResult<Py> {
    let [p] = args.bind("escape", ["pathname"])?;
    let p = PathStr::new(cx, &req(p))?;
    let mut out = Vec::with_capacity(p.bytes().len());
    for &c in p.bytes() {
        if matches!(c, b'*' | b'?' | b'[') {
            out.extend_from_slice(&[b'[', c, b']']);
        } else {
            out.push(c);
        }
    }
    Ok(p.like(&out).value())
}

#[cfg(test)]
mod tests;
