//! `os.walk`: a generator over a directory tree, as CPython's `os._walk`:
//! top-down, the caller may prune or reorder the `dirs` list it was given
//! before the walk goes on (the list is the caller's to edit, locally or
//! as a netref); bottom-up, each directory comes after its subdirectories.

use std::fs;
use std::sync::{LazyLock, Mutex};

use crate::modules::os_path::{pure, same_kind, PathStr};
use crate::objects::list::List;
use crate::runtime::args::{self, req, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::PyResult;
use crate::runtime::object::{ObjRef, PyObject};
use crate::runtime::semantics;
use crate::runtime::types::{Type, TypeRef};
use crate::runtime::value::Py;

pub static GENERATOR: LazyLock<TypeRef> = LazyLock::new(|| Type::native("builtins", "generator", None, &[], None));

pub(super) fn walk(cx: &Cx, args: Args) -> PyResult<Py> {
    let [top, topdown, onerror, followlinks] = args.bind("walk", ["top", "topdown?", "onerror?", "followlinks?"])?;
    let top = PathStr::new(cx, &req(top))?;
    Ok(Py::obj(Walk {
        topdown: args::opt_bool(cx, topdown.as_ref(), true)?,
        followlinks: args::opt_bool(cx, followlinks.as_ref(), false)?,
        onerror: onerror.unwrap_or(Py::None),
        pending: Mutex::new(vec![Work::Scan(top)]),
    }))
}

/// What the walk does next (a stack: last pushed, first done).
enum Work {
    /// List a directory.
    Scan(PathStr),
    /// Top-down: go into the subdirectories the caller left in `dirs`.
    Descend { top: PathStr, dirs: Py },
    /// Bottom-up: a directory's triple, due after its subdirectories.
    Yield(Py),
}

pub struct Walk {
    topdown: bool,
    followlinks: bool,
    onerror: Py,
    pending: Mutex<Vec<Work>>,
}

/// A directory's subdirectories and other names, and (bottom-up) the
/// subdirectories to walk into.
struct Listing {
    dirs: Vec<Py>,
    nondirs: Vec<Py>,
    walk_into: Vec<PathStr>,
}

impl Walk {
    fn push(&self, work: impl DoubleEndedIterator<Item = Work>) {
        // Reversed, so the first of them is done first.
        self.pending.lock().unwrap_or_else(|e| e.into_inner()).extend(work.rev());
    }

    fn scan(&self, cx: &Cx, top: &PathStr) -> PyResult<Listing> {
        let entries = fs::read_dir(top.to_path(cx)?).map_err(|e| top.error(&e))?;
        let mut out = Listing { dirs: Vec::new(), nondirs: Vec::new(), walk_into: Vec::new() };
        for entry in entries {
            let entry = entry.map_err(|e| top.error(&e))?;
            let name = top.like_os(&entry.file_name());
            let file_type = entry.file_type().ok();
            let is_symlink = file_type.is_some_and(|t| t.is_symlink());
            let is_dir = match file_type {
                Some(t) if !t.is_symlink() => t.is_dir(),
                _ => fs::metadata(entry.path()).is_ok_and(|m| m.is_dir()),
            };
            if is_dir && !self.topdown && (self.followlinks || !is_symlink) {
                out.walk_into.push(top.like(&pure::join(top.bytes(), &[name.bytes()])));
            }
            if is_dir {
                out.dirs.push(name.value());
            } else {
                out.nondirs.push(name.value());
            }
        }
        Ok(out)
    }

    /// The subdirectories of `top` named in `dirs` as the caller left it.
    fn descend(&self, cx: &Cx, top: &PathStr, dirs: &Py) -> PyResult<Vec<Work>> {
        let mut out = Vec::new();
        for name in semantics::iterate(cx, dirs)? {
            let name = PathStr::new(cx, &name)?;
            same_kind(&[top.clone(), name.clone()])?;
            let path = top.like(&pure::join(top.bytes(), &[name.bytes()]));
            let is_link = path.to_path(cx).is_ok_and(|p| fs::symlink_metadata(p).is_ok_and(|m| m.is_symlink()));
            if self.followlinks || !is_link {
                out.push(Work::Scan(path));
            }
        }
        Ok(out)
    }
}

impl PyObject for Walk {
    fn ty(&self) -> TypeRef {
        GENERATOR.clone()
    }
    fn is_iterator(&self) -> bool {
        true
    }
    fn iter(&self, this: &ObjRef, _cx: &Cx) -> PyResult<Option<Py>> {
        Ok(Some(Py::Obj(this.clone())))
    }
    fn next(&self, cx: &Cx) -> PyResult<Option<Py>> {
        loop {
            cx.check_interrupt()?;
            let work = self.pending.lock().unwrap_or_else(|e| e.into_inner()).pop();
            match work {
                None => return Ok(None),
                Some(Work::Yield(triple)) => return Ok(Some(triple)),
                Some(Work::Descend { top, dirs }) => {
                    let next = self.descend(cx, &top, &dirs)?;
                    self.push(next.into_iter());
                }
                Some(Work::Scan(top)) => {
                    let listing = match self.scan(cx, &top) {
                        Ok(listing) => listing,
                        Err(e) if e.is("OSError") => {
                            if !self.onerror.is_none() {
                                semantics::call(cx, &self.onerror, Args::one(e.value()))?;
                            }
                            continue;
                        }
                        Err(e) => return Err(e),
                    };
                    let dirs = List::new(listing.dirs);
                    let triple = Py::tuple(vec![top.value(), dirs.clone(), List::new(listing.nondirs)]);
                    if self.topdown {
                        self.push(std::iter::once(Work::Descend { top, dirs }));
                        return Ok(Some(triple));
                    }
                    self.push(std::iter::once(Work::Yield(triple)));
                    self.push(listing.walk_into.into_iter().map(Work::Scan));
                }
            }
        }
    }
    fn blocks(&self, _method: Option<&str>) -> bool {
        true
    }
    fn take_children(&self) -> Vec<Py> {
        let pending = std::mem::take(&mut *self.pending.lock().unwrap_or_else(|e| e.into_inner()));
        let mut out: Vec<Py> = pending
            .into_iter()
            .filter_map(|w| match w {
                Work::Descend { dirs, .. } => Some(dirs),
                Work::Yield(triple) => Some(triple),
                Work::Scan(_) => None,
            })
            .collect();
        out.push(self.onerror.clone());
        out
    }
}
