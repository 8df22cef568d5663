//! `Path.glob` and `Path.rglob`: CPython 3.11's selectors — one per
//! pattern part (precise name, wildcard, `**`), directories listed in the
//! OS's order, hidden names matched like any other, `**` not following
//! symlinks, a `PermissionError` ending the listing it happened in.

use std::fs;
use std::sync::Arc;

use super::concrete::Deferred;
use super::{parse_parts, path_self, PathObj};
use crate::modules::fnmatch::Pattern;
use crate::runtime::args::{req, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyErr, PyResult};
use crate::runtime::semantics;
use crate::runtime::value::Py;

enum Selector {
    Terminating,
    Precise(Arc<str>),
    Wildcard(Pattern),
    Recursive,
}

fn make_selectors(parts: &[Arc<str>]) -> PyResult<Vec<Selector>> {
    let mut out = Vec::new();
    for pat in parts {
        out.push(if pat.is_empty() {
            Selector::Terminating
        } else if &**pat == "**" {
            Selector::Recursive
        } else if pat.contains("**") {
            return Err(exceptions::value_error("Invalid pattern: '**' can only be an entire path component"));
        } else if pat.contains(['*', '?', '[']) {
            Selector::Wildcard(Pattern::new(&pat.chars().collect::<Vec<_>>()))
        } else {
            Selector::Precise(pat.clone())
        });
        if matches!(out.last(), Some(Selector::Terminating)) {
            break;
        }
    }
    Ok(out)
}

struct Walk<'a> {
    cx: &'a Cx,
    out: Vec<Py>,
}

/// What a listing gives: (name, is a directory following symlinks, is a
/// directory itself).
type Entry = (String, bool, bool);

fn is_permission(e: &PyErr) -> bool {
    e.is("PermissionError")
}

fn os_error(e: &std::io::Error, p: &PathObj) -> PyErr {
    exceptions::os_error(e, None).with_attr("filename", Py::from(p.text()))
}

impl Walk<'_> {
    fn scandir(&self, p: &PathObj) -> PyResult<Vec<Entry>> {
        self.cx.check_interrupt()?;
        let rd = fs::read_dir(p.text()).map_err(|e| os_error(&e, p))?;
        let mut out = Vec::new();
        for entry in rd {
            let entry = entry.map_err(|e| os_error(&e, p))?;
            let own_dir = entry.file_type().is_ok_and(|t| t.is_dir());
            let dir = own_dir || fs::metadata(entry.path()).is_ok_and(|m| m.is_dir());
            out.push((entry.file_name().to_string_lossy().into_owned(), dir, own_dir));
        }
        Ok(out)
    }

    fn is_dir(&self, p: &PathObj) -> PyResult<bool> {
        query(self.cx, p, true)
    }

    /// `_select_from` of `sel[0]` (its successors are `sel[1..]`).
    fn select(&mut self, p: Py, sel: &[Selector]) -> PyResult<()> {
        let dironly = sel.len() > 1;
        let Some(first) = sel.first() else {
            self.out.push(p);
            return Ok(());
        };
        let path = path_self(&p)?;
        let r = match first {
            Selector::Terminating => {
                self.out.push(p.clone());
                Ok(())
            }
            Selector::Precise(name) => (|| {
                let child = path.child_name(name);
                let c = path_self(&child)?;
                if if dironly { self.is_dir(c)? } else { query(self.cx, c, false)? } {
                    self.select(child.clone(), &sel[1..])?;
                }
                Ok(())
            })(),
            Selector::Wildcard(pat) => (|| {
                for (name, dir, _) in self.scandir(path)? {
                    if dironly && !dir {
                        continue;
                    }
                    if pat.matches(&name.chars().collect::<Vec<_>>()) {
                        self.select(path.child_name(&name), &sel[1..])?;
                    }
                }
                Ok(())
            })(),
            Selector::Recursive => (|| {
                let mut starts = Vec::new();
                self.directories(p.clone(), &mut starts)?;
                let before = self.out.len();
                for start in starts {
                    self.select(start, &sel[1..])?;
                }
                // Each path once, in the order first found (equal paths
                // have equal text).
                let found = self.out.split_off(before);
                let mut seen = std::collections::HashSet::new();
                for f in found {
                    if seen.insert(path_self(&f)?.text()) {
                        self.out.push(f);
                    }
                }
                Ok(())
            })(),
        };
        match r {
            Err(e) if is_permission(&e) => Ok(()),
            other => other,
        }
    }

    /// `_iterate_directories`: the directory and every directory under it,
    /// not following symlinks.
    fn directories(&mut self, p: Py, out: &mut Vec<Py>) -> PyResult<()> {
        out.push(p.clone());
        let path = path_self(&p)?;
        let entries = match self.scandir(path) {
            Err(e) if is_permission(&e) => return Ok(()),
            other => other?,
        };
        for (name, _, own_dir) in entries {
            if own_dir {
                match self.directories(path.child_name(&name), out) {
                    Err(e) if is_permission(&e) => return Ok(()),
                    other => other?,
                }
            }
        }
        Ok(())
    }
}

/// `exists()` (or `is_dir()`): false for the errors pathlib ignores.
fn query(cx: &Cx, p: &PathObj, dir: bool) -> PyResult<bool> {
    match crate::modules::os_path::stat_of(cx, &Py::from(p.text()), true) {
        Ok(s) => Ok(!dir || s.mode & 0o170000 == 0o040000),
        Err(e)
            if e.is("ValueError")
                || matches!(e.0.attr("errno"), Some(Py::Int(n)) if [crate::platform::errno::ENOENT, crate::platform::errno::ENOTDIR, crate::platform::errno::EBADF, crate::platform::errno::ELOOP].contains(&(n as i32))) =>
        {
            Ok(false)
        }
        Err(e) => Err(e),
    }
}

/// The pattern's parts, with `''` for a trailing slash.
fn pattern_parts(pattern: &Arc<str>) -> PyResult<Vec<Arc<str>>> {
    let (root, mut parts) = parse_parts(std::slice::from_ref(pattern));
    if !root.is_empty() {
        return Err(exceptions::new("NotImplementedError", "Non-relative patterns are unsupported"));
    }
    if pattern.ends_with('/') {
        parts.push(Arc::from(""));
    }
    Ok(parts)
}

fn run(cx: &Cx, this: &Py, parts: Vec<Arc<str>>) -> PyResult<Vec<Py>> {
    let selectors = make_selectors(&parts)?;
    let mut walk = Walk { cx, out: Vec::new() };
    if walk.is_dir(path_self(this)?)? {
        walk.select(this.clone(), &selectors)?;
    }
    Ok(walk.out)
}

fn pattern_arg(v: Option<Py>) -> PyResult<Arc<str>> {
    match req(v) {
        Py::Str(s) => Ok(s),
        other => Err(exceptions::type_error(format!(
            "argument should be a str object or an os.PathLike object returning str, not <class '{}'>",
            semantics::type_name(&other)
        ))),
    }
}

pub(super) fn glob(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [pattern] = args.bind("glob", ["pattern"])?;
    let pattern = req(pattern);
    let this = this.clone();
    Ok(Deferred::new(move |cx| {
        if !semantics::truthy(cx, &pattern)? {
            return Err(exceptions::value_error(format!("Unacceptable pattern: {}", semantics::repr(cx, &pattern)?)));
        }
        let parts = pattern_parts(&pattern_arg(Some(pattern))?)?;
        run(cx, &this, parts)
    }))
}

pub(super) fn rglob(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [pattern] = args.bind("rglob", ["pattern"])?;
    let pattern = req(pattern);
    let this = this.clone();
    Ok(Deferred::new(move |cx| {
        let mut parts = vec![Arc::from("**")];
        parts.extend(pattern_parts(&pattern_arg(Some(pattern))?)?);
        run(cx, &this, parts)
    }))
}
