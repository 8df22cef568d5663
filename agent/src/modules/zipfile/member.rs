//! A member of an archive opened for reading: its bytes, already
//! decompressed, behind the binary file methods CPython's `ZipExtFile`
//! and tarfile's `ExFileObject` have (read, read1, readline(s), peek,
//! iteration, seek, tell, close, context manager). A ZIP member's CRC is
//! checked when reading reaches its end, as `ZipExtFile` checks it.

use std::sync::{Arc, Mutex};

use crate::objects::list::List;
use crate::runtime::args::{self, req, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyErr, PyResult};
use crate::runtime::object::{ObjRef, PyObject};
use crate::runtime::semantics;
use crate::runtime::types::{blocking_method, property, Method, TypeRef};
use crate::runtime::value::Py;

/// How the object shows itself.
pub type ReprFn = fn(&MemberFile, &Cx) -> PyResult<String>;

/// The CRC to check when the end is read, and the error it raises if wrong.
pub type CrcCheck = (u32, fn(&MemberFile) -> PyErr);

pub struct MemberFile {
    pub ty: TypeRef,
    pub name: Py,
    pub mode: &'static str,
    /// A tag the repr shows (the compression of a ZIP member).
    pub detail: Option<&'static str>,
    data: Arc<[u8]>,
    repr: ReprFn,
    /// The CRC to check at the end, and the error it raises if wrong.
    check: Option<CrcCheck>,
    state: Mutex<(usize, bool)>,
}

impl MemberFile {
    pub fn new(
        ty: &TypeRef,
        name: Py,
        mode: &'static str,
        detail: Option<&'static str>,
        data: Vec<u8>,
        repr: ReprFn,
        check: Option<CrcCheck>,
    ) -> Py {
        Py::obj(MemberFile {
            ty: ty.clone(),
            name,
            mode,
            detail,
            data: data.into(),
            repr,
            check,
            state: Mutex::new((0, false)),
        })
    }

    pub fn is_closed(&self) -> bool {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).1
    }

    /// Takes `n` bytes (all when `None`) from the position.
    fn take(&self, n: Option<usize>) -> PyResult<Vec<u8>> {
        let (start, end) = {
            let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
            if st.1 {
                return Err(exceptions::value_error("read from closed file."));
            }
            let start = st.0.min(self.data.len());
            let end = n.map_or(self.data.len(), |n| start.saturating_add(n).min(self.data.len()));
            st.0 = end;
            (start, end)
        };
        if end == self.data.len() && start < end {
            self.verify()?;
        }
        Ok(self.data[start..end].to_vec())
    }

    fn verify(&self) -> PyResult<()> {
        if let Some((crc, err)) = self.check {
            if crc32fast::hash(&self.data) != crc {
                return Err(err(self));
            }
        }
        Ok(())
    }

    fn readline(&self, limit: Option<usize>) -> PyResult<Vec<u8>> {
        let (start, end) = {
            let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
            if st.1 {
                return Err(exceptions::value_error("I/O operation on closed file."));
            }
            let start = st.0.min(self.data.len());
            let rest = &self.data[start..];
            let mut end = rest.iter().position(|b| *b == b'\n').map_or(rest.len(), |i| i + 1);
            if let Some(l) = limit {
                end = end.min(l);
            }
            st.0 = start + end;
            (start, start + end)
        };
        if end == self.data.len() && start < end {
            self.verify()?;
        }
        Ok(self.data[start..end].to_vec())
    }
}

pub fn member_self(this: &Py) -> PyResult<&MemberFile> {
    this.downcast::<MemberFile>().ok_or_else(|| exceptions::type_error("an archive member file is required"))
}

fn size(func: &str, v: Option<Py>) -> PyResult<Option<usize>> {
    Ok(args::opt_int(func, v.as_ref())?.and_then(|n| usize::try_from(n).ok()))
}

fn read(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [n] = args.bind("read", ["n?"])?;
    Ok(Py::bytes(member_self(this)?.take(size("read", n)?)?))
}

fn readline(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [limit] = args.bind("readline", ["limit?"])?;
    Ok(Py::bytes(member_self(this)?.readline(size("readline", limit)?)?))
}

fn readlines(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [hint] = args.bind("readlines", ["hint?"])?;
    let hint = args::opt_int("readlines", hint.as_ref())?.unwrap_or(-1);
    let m = member_self(this)?;
    let (mut lines, mut total) = (Vec::new(), 0i64);
    loop {
        let line = m.readline(None)?;
        if line.is_empty() {
            break;
        }
        total += line.len() as i64;
        lines.push(Py::bytes(line));
        if hint > 0 && total >= hint {
            break;
        }
    }
    Ok(List::new(lines))
}

fn peek(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [_n] = args.bind("peek", ["n?"])?;
    let m = member_self(this)?;
    let st = m.state.lock().unwrap_or_else(|e| e.into_inner());
    let start = st.0.min(m.data.len());
    Ok(Py::bytes(m.data[start..(start + 512).min(m.data.len())].to_vec()))
}

fn seek(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [offset, whence] = args.bind("seek", ["offset", "whence?"])?;
    let offset = args::to_int("seek", &req(offset))?;
    let whence = args::opt_int("seek", whence.as_ref())?.unwrap_or(0);
    let m = member_self(this)?;
    let mut st = m.state.lock().unwrap_or_else(|e| e.into_inner());
    if st.1 {
        return Err(exceptions::value_error("seek on closed file."));
    }
    let base = match whence {
        0 => 0,
        1 => st.0 as i64,
        2 => m.data.len() as i64,
        _ => {
            return Err(exceptions::value_error("whence must be os.SEEK_SET (0), os.SEEK_CUR (1), or os.SEEK_END (2)"))
        }
    };
    let to = (base + offset).clamp(0, m.data.len() as i64);
    st.0 = to as usize;
    Ok(Py::Int(to))
}

fn tell(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("tell")?;
    let m = member_self(this)?;
    let st = m.state.lock().unwrap_or_else(|e| e.into_inner());
    if st.1 {
        return Err(exceptions::value_error("tell on closed file."));
    }
    Ok(Py::from(st.0))
}

fn close(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("close")?;
    member_self(this)?.state.lock().unwrap_or_else(|e| e.into_inner()).1 = true;
    Ok(Py::None)
}

fn open_check(this: &Py) -> PyResult<&MemberFile> {
    let m = member_self(this)?;
    if m.is_closed() {
        return Err(exceptions::value_error("I/O operation on closed file."));
    }
    Ok(m)
}

pub static METHODS: [Method; 15] = [
    blocking_method("read", read),
    blocking_method("read1", read),
    blocking_method("readline", readline),
    blocking_method("readlines", readlines),
    blocking_method("peek", peek),
    blocking_method("seek", seek),
    blocking_method("tell", tell),
    blocking_method("close", close),
    blocking_method("readable", |_, this, _| open_check(this).map(|_| Py::Bool(true))),
    blocking_method("seekable", |_, this, _| open_check(this).map(|_| Py::Bool(true))),
    blocking_method("writable", |_, this, _| open_check(this).map(|_| Py::Bool(false))),
    blocking_method("__enter__", |_, this, _| open_check(this).map(|_| this.clone())),
    blocking_method("__exit__", |cx, this, _| close(cx, this, Args::default())),
    property("closed", |_, this, _| Ok(Py::Bool(member_self(this)?.is_closed()))),
    property("name", |_, this, _| Ok(member_self(this)?.name.clone())),
];

impl PyObject for MemberFile {
    fn ty(&self) -> TypeRef {
        self.ty.clone()
    }
    fn repr(&self, _this: &ObjRef, cx: &Cx) -> PyResult<String> {
        (self.repr)(self, cx)
    }
    fn is_iterator(&self) -> bool {
        true
    }
    fn iter(&self, this: &ObjRef, _cx: &Cx) -> PyResult<Option<Py>> {
        if self.is_closed() {
            return Err(exceptions::value_error("I/O operation on closed file."));
        }
        Ok(Some(Py::Obj(this.clone())))
    }
    fn next(&self, _cx: &Cx) -> PyResult<Option<Py>> {
        let line = self.readline(None)?;
        Ok(if line.is_empty() { None } else { Some(Py::bytes(line)) })
    }
    fn getattr(&self, _this: &ObjRef, name: &str, _cx: &Cx) -> PyResult<Option<Py>> {
        Ok(match name {
            "mode" => Some(Py::str(self.mode)),
            _ => None,
        })
    }
    fn blocks(&self, _method: Option<&str>) -> bool {
        true
    }
}

/// `repr` of a value for a member's repr.
pub fn shown(cx: &Cx, v: &Py) -> String {
    semantics::repr(cx, v).unwrap_or_default()
}
