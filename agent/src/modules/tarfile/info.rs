//! `tarfile.TarInfo`: a member's fields as settable attributes (CPython's
//! `__slots__`), the type tests, `replace`, `get_info`, `tobuf`, and
//! copying by value as pickle does for a slotted class.

use std::sync::{Arc, LazyLock, Mutex, MutexGuard};

use rpyc_protocol::{Record, Value};

use super::header::{self, Fields};
use crate::objects::dict::Dict;
use crate::runtime::args::{self, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::{address, ObjRef, PyObject};
use crate::runtime::semantics;
use crate::runtime::types::{method, property, Method, Type, TypeRef};
use crate::runtime::value::Py;

pub const SLOTS: [&str; 20] = [
    "name",
    "mode",
    "uid",
    "gid",
    "size",
    "mtime",
    "chksum",
    "type",
    "linkname",
    "uname",
    "gname",
    "devmajor",
    "devminor",
    "offset",
    "offset_data",
    "pax_headers",
    "sparse",
    "tarfile",
    "_sparse_structs",
    "_link_target",
];

pub static TAR_INFO: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("tarfile", "TarInfo", None, &METHODS, Some(tarinfo_new)));

static METHODS: [Method; 16] = [
    method("isreg", |_, this, _| Ok(Py::Bool(header::regular(&tar_self(this)?.typ())))),
    method("isfile", |_, this, _| Ok(Py::Bool(header::regular(&tar_self(this)?.typ())))),
    method("isdir", |_, this, _| Ok(Py::Bool(tar_self(this)?.typ() == [header::DIRTYPE]))),
    method("issym", |_, this, _| Ok(Py::Bool(tar_self(this)?.typ() == [header::SYMTYPE]))),
    method("islnk", |_, this, _| Ok(Py::Bool(tar_self(this)?.typ() == [header::LNKTYPE]))),
    method("ischr", |_, this, _| Ok(Py::Bool(tar_self(this)?.typ() == [header::CHRTYPE]))),
    method("isblk", |_, this, _| Ok(Py::Bool(tar_self(this)?.typ() == [header::BLKTYPE]))),
    method("isfifo", |_, this, _| Ok(Py::Bool(tar_self(this)?.typ() == [header::FIFOTYPE]))),
    method("issparse", |_, this, _| Ok(Py::Bool(!matches!(tar_self(this)?.get("sparse"), None | Some(Py::None))))),
    method("isdev", |_, this, _| {
        Ok(Py::Bool(matches!(tar_self(this)?.typ().as_slice(), [header::CHRTYPE | header::BLKTYPE | header::FIFOTYPE])))
    }),
    method("replace", replace),
    method("get_info", |cx, this, a| {
        a.none("get_info")?;
        let d = Dict::new_empty();
        for (k, v) in tar_self(this)?.info()? {
            semantics::setitem(cx, &d, Py::str(k), v)?;
        }
        Ok(d)
    }),
    method("tobuf", tobuf),
    property("path", |_, this, _| Ok(tar_self(this)?.get("name").unwrap_or(Py::None))),
    property("linkpath", |_, this, _| Ok(tar_self(this)?.get("linkname").unwrap_or(Py::None))),
    method("__copy__", |_, this, _| Ok(tar_self(this)?.copy())),
];

pub struct TarInfo {
    slots: Mutex<[Option<Py>; 20]>,
}

pub fn tar_self(this: &Py) -> PyResult<&TarInfo> {
    this.downcast::<TarInfo>().ok_or_else(|| exceptions::type_error("a tarfile.TarInfo is required"))
}

fn slot(name: &str) -> Option<usize> {
    SLOTS.iter().position(|s| *s == name)
}

impl TarInfo {
    /// `TarInfo(name)` with CPython's defaults.
    pub fn new(name: Py) -> TarInfo {
        let mut s: [Option<Py>; 20] = Default::default();
        s[0] = Some(name);
        s[1] = Some(Py::Int(0o644));
        for i in [2, 3, 4, 5, 6, 11, 12, 13, 14] {
            s[i] = Some(Py::Int(0));
        }
        s[7] = Some(Py::bytes(vec![header::REGTYPE]));
        for i in [8, 9, 10] {
            s[i] = Some(Py::str(""));
        }
        s[15] = Some(Dict::new_empty());
        s[16] = Some(Py::None);
        TarInfo { slots: Mutex::new(s) }
    }

    fn lock(&self) -> MutexGuard<'_, [Option<Py>; 20]> {
        self.slots.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn get(&self, name: &str) -> Option<Py> {
        slot(name).and_then(|i| self.lock()[i].clone())
    }

    pub fn set(&self, name: &str, v: Py) {
        if let Some(i) = slot(name) {
            self.lock()[i] = Some(v);
        }
    }

    pub fn typ(&self) -> Vec<u8> {
        match self.get("type") {
            Some(Py::Bytes(b)) => b.to_vec(),
            _ => Vec::new(),
        }
    }

    pub fn text(&self, name: &str) -> String {
        match self.get(name) {
            Some(Py::Str(s)) => s.to_string(),
            _ => String::new(),
        }
    }

    /// An int field (floats rounded down toward zero; 0 when not a number).
    pub fn int(&self, name: &str) -> i128 {
        match self.get(name) {
            Some(Py::Int(n)) => i128::from(n),
            Some(Py::Bool(b)) => i128::from(b),
            Some(Py::Float(f)) => f as i128,
            _ => 0,
        }
    }

    pub fn copy(&self) -> Py {
        Py::obj(TarInfo { slots: Mutex::new(self.lock().clone()) })
    }

    /// `get_info()`: the header's fields (a directory's name ends with /).
    pub fn info(&self) -> PyResult<Vec<(&'static str, Py)>> {
        let g = |n: &str| self.get(n).unwrap_or(Py::None);
        let mode = match g("mode") {
            Py::None => Py::None,
            m => Py::Int(args::to_int("mode", &m)? & 0o7777),
        };
        let mut name = g("name");
        if self.typ() == [header::DIRTYPE] {
            if let Py::Str(s) = &name {
                if !s.ends_with('/') {
                    name = Py::from(format!("{s}/"));
                }
            }
        }
        Ok(vec![
            ("name", name),
            ("mode", mode),
            ("uid", g("uid")),
            ("gid", g("gid")),
            ("size", g("size")),
            ("mtime", g("mtime")),
            ("chksum", g("chksum")),
            ("type", g("type")),
            ("linkname", g("linkname")),
            ("uname", g("uname")),
            ("gname", g("gname")),
            ("devmajor", g("devmajor")),
            ("devminor", g("devminor")),
        ])
    }
}

fn tarinfo_new(_cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    let [name] = args.bind("TarInfo", ["name?"])?;
    Ok(Py::obj(TarInfo::new(name.unwrap_or_else(|| Py::str("")))))
}

/// `replace(*, name, mtime, mode, linkname, uid, gid, uname, gname, deep=True)`.
fn replace(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    if !args.pos.is_empty() {
        return Err(exceptions::type_error(format!(
            "TarInfo.replace() takes 1 positional argument but {} were given",
            args.pos.len() + 1
        )));
    }
    let me = tar_self(this)?;
    let deep = match args.kw.iter().find(|(k, _)| &**k == "deep") {
        Some((_, v)) => !matches!(v, Py::Bool(false) | Py::Int(0) | Py::None),
        None => true,
    };
    // copy.deepcopy reaches the TarFile of gettarinfo's members and fails
    // on its open file, as in CPython.
    if deep {
        if let Some(tf @ Py::Obj(_)) = me.get("tarfile") {
            if let Ok(Py::Str(mode)) = crate::objects::attr::getattr(cx, &tf, "mode") {
                let kind = match &*mode {
                    "r" => "BufferedReader",
                    "a" => "BufferedRandom",
                    _ => "BufferedWriter",
                };
                return Err(exceptions::type_error(format!("cannot pickle '_io.{kind}' object")));
            }
        }
    }
    let out = me.copy();
    let new = tar_self(&out)?;
    for (k, v) in args.kw {
        match &*k {
            "name" | "mtime" | "mode" | "linkname" | "uid" | "gid" | "uname" | "gname" => new.set(&k, v),
            "deep" => {}
            other => {
                return Err(exceptions::type_error(format!(
                    "TarInfo.replace() got an unexpected keyword argument '{other}'"
                )))
            }
        }
    }
    Ok(out)
}

/// Encodes a text field: `encoding` with `errors`, as `str.encode` would
/// for the codecs tarfile uses (UTF-8, or ASCII with replacement).
fn enc(cx: &Cx, v: &Py, ascii_replace: bool, what: &str) -> PyResult<Vec<u8>> {
    match v {
        Py::Str(s) if ascii_replace => Ok(s.chars().map(|c| if c.is_ascii() { c as u8 } else { b'?' }).collect()),
        Py::Str(s) => Ok(s.as_bytes().to_vec()),
        Py::None => Err(exceptions::value_error("metadata cannot contain None")),
        other => {
            let _ = (cx, what);
            Err(exceptions::new(
                "AttributeError",
                format!("'{}' object has no attribute 'encode'", semantics::type_name(other)),
            ))
        }
    }
}

fn num(v: &Py) -> PyResult<i128> {
    match v {
        Py::Float(f) => Ok(f.trunc() as i128),
        Py::None => Err(exceptions::type_error(
            "int() argument must be a string, a bytes-like object or a real number, not 'NoneType'",
        )),
        other => Ok(i128::from(args::to_int("int", other)?)),
    }
}

/// `tobuf(format, encoding, errors)` with the module's default encoding.
pub fn to_header(cx: &Cx, me: &TarInfo, format: i64) -> PyResult<Vec<u8>> {
    let info = me.info()?;
    for (k, v) in &info {
        if v.is_none() {
            return Err(exceptions::value_error(format!("{k} may not be None")));
        }
    }
    let get = |k: &str| info.iter().find(|(n, _)| *n == k).map(|(_, v)| v.clone()).unwrap_or(Py::None);
    let typ = match get("type") {
        Py::Bytes(b) => b.to_vec(),
        _ => return Err(exceptions::value_error("TarInfo.type must not be None")),
    };
    let overflow = |e: String| exceptions::value_error(e);
    match format {
        header::USTAR_FORMAT | header::GNU_FORMAT => {
            let name = enc(cx, &get("name"), false, "name")?;
            let linkname = enc(cx, &get("linkname"), false, "linkname")?;
            let mut out = Vec::new();
            let (mut prefix, mut short) = (Vec::new(), name.clone());
            let magic = if format == header::USTAR_FORMAT { header::POSIX_MAGIC } else { header::GNU_MAGIC };
            if format == header::USTAR_FORMAT {
                if linkname.len() > 100 {
                    return Err(exceptions::value_error("linkname is too long"));
                }
                if name.len() > 100 {
                    (prefix, short) =
                        header::posix_split_name(&name).ok_or_else(|| exceptions::value_error("name is too long"))?;
                }
            } else {
                if linkname.len() > 100 {
                    out.extend(header::gnu_long(&linkname, header::GNUTYPE_LONGLINK));
                }
                if name.len() > 100 {
                    out.extend(header::gnu_long(&name, header::GNUTYPE_LONGNAME));
                }
            }
            let f = Fields {
                name: &short,
                mode: num(&get("mode"))?,
                uid: num(&get("uid"))?,
                gid: num(&get("gid"))?,
                size: num(&get("size"))?,
                mtime: num(&get("mtime"))?,
                typ: &typ,
                linkname: &linkname,
                magic,
                uname: &enc(cx, &get("uname"), false, "uname")?,
                gname: &enc(cx, &get("gname"), false, "gname")?,
                devmajor: num(&get("devmajor"))?,
                devminor: num(&get("devminor"))?,
                prefix: &prefix,
            };
            out.extend(header::create_header(&f, format).map_err(overflow)?);
            Ok(out)
        }
        header::PAX_FORMAT => pax_header(cx, me, &info, &typ),
        _ => Err(exceptions::value_error("invalid format")),
    }
}

/// `create_pax_header`.
fn pax_header(cx: &Cx, me: &TarInfo, info: &[(&'static str, Py)], typ: &[u8]) -> PyResult<Vec<u8>> {
    let get = |k: &str| info.iter().find(|(n, _)| *n == k).map(|(_, v)| v.clone()).unwrap_or(Py::None);
    // The member's own pax headers, in order, then what must be added.
    let mut pax: Vec<(String, String)> = Vec::new();
    if let Some(d) = me.get("pax_headers") {
        for k in semantics::iterate(cx, &d)? {
            let v = semantics::getitem(cx, &d, &k)?;
            pax.push((semantics::str(cx, &k)?, semantics::str(cx, &v)?));
        }
    }
    let has = |pax: &Vec<(String, String)>, k: &str| pax.iter().any(|(n, _)| n == k);
    for (name, hname, length) in
        [("name", "path", 100), ("linkname", "linkpath", 100), ("uname", "uname", 32), ("gname", "gname", 32)]
    {
        if has(&pax, hname) {
            continue;
        }
        let Py::Str(s) = get(name) else { continue };
        if !s.is_ascii() || s.chars().count() > length {
            pax.push((hname.to_owned(), s.to_string()));
        }
    }
    let mut numbers = std::collections::HashMap::new();
    for (name, digits) in [("uid", 8u32), ("gid", 8), ("size", 12), ("mtime", 12)] {
        let v = get(name);
        let (as_int, is_float) = match &v {
            Py::Float(f) => ((f.round_ties_even()) as i128, true),
            other => (num(other)?, false),
        };
        let mut needs = false;
        let mut field = as_int;
        if !(0..(1i128 << (3 * (digits - 1)))).contains(&as_int) {
            field = 0;
            needs = true;
        } else if is_float {
            needs = true;
        }
        numbers.insert(name, field);
        if needs && !has(&pax, name) {
            pax.push((name.to_owned(), semantics::str(cx, &v)?));
        }
    }
    let mut out = Vec::new();
    if !pax.is_empty() {
        let records: Vec<(Vec<u8>, Vec<u8>)> =
            pax.iter().map(|(k, v)| (k.clone().into_bytes(), v.clone().into_bytes())).collect();
        out.extend(header::pax_header(&records, header::XHDTYPE, false));
    }
    let ascii = |k: &str| enc(cx, &get(k), true, k);
    let f = Fields {
        name: &ascii("name")?,
        mode: num(&get("mode"))?,
        uid: numbers["uid"],
        gid: numbers["gid"],
        size: numbers["size"],
        mtime: numbers["mtime"],
        typ,
        linkname: &ascii("linkname")?,
        magic: header::POSIX_MAGIC,
        uname: &ascii("uname")?,
        gname: &ascii("gname")?,
        devmajor: num(&get("devmajor"))?,
        devminor: num(&get("devminor"))?,
        prefix: b"",
    };
    out.extend(header::create_header(&f, header::USTAR_FORMAT).map_err(exceptions::value_error)?);
    Ok(out)
}

fn tobuf(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [format, _encoding, _errors] = args.bind("tobuf", ["format?", "encoding?", "errors?"])?;
    let format = args::opt_int("tobuf", format.as_ref())?.unwrap_or(header::PAX_FORMAT);
    Ok(Py::bytes(to_header(cx, tar_self(this)?, format)?))
}

impl PyObject for TarInfo {
    fn ty(&self) -> TypeRef {
        TAR_INFO.clone()
    }
    fn repr(&self, this: &ObjRef, cx: &Cx) -> PyResult<String> {
        Ok(format!("<TarInfo {} at {:#x}>", semantics::repr(cx, &self.get("name").unwrap_or(Py::None))?, address(this)))
    }
    fn getattr(&self, _this: &ObjRef, name: &str, _cx: &Cx) -> PyResult<Option<Py>> {
        match slot(name) {
            Some(i) => match self.lock()[i].clone() {
                Some(v) => Ok(Some(v)),
                None => Err(exceptions::attribute_error("TarInfo", name)),
            },
            None => Ok(None),
        }
    }
    fn setattr(&self, name: &str, value: Py, _cx: &Cx) -> PyResult<bool> {
        let name = match name {
            "path" => "name",
            "linkpath" => "linkname",
            n => n,
        };
        match slot(name) {
            Some(i) => {
                self.lock()[i] = Some(value);
                Ok(true)
            }
            None => Err(exceptions::attribute_error("TarInfo", name)),
        }
    }
    fn attr_names(&self) -> Vec<String> {
        SLOTS.iter().map(|s| (*s).to_owned()).collect()
    }
    fn to_value(&self, cx: &Cx) -> PyResult<Option<Value>> {
        let slots = self.lock().clone();
        let mut pairs = Vec::new();
        for (name, v) in SLOTS.iter().zip(slots.iter()) {
            if let Some(v) = v {
                pairs.push((Value::str(*name), semantics::to_value(cx, v)?));
            }
        }
        let state = Value::Tuple(vec![Value::None, Value::Dict(pairs)]);
        Ok(Some(Value::Record(Box::new(Record {
            class: "tarfile.TarInfo".into(),
            args: Vec::new(),
            state: Some(state),
        }))))
    }
    fn take_children(&self) -> Vec<Py> {
        self.lock().iter_mut().filter_map(Option::take).collect()
    }
}

pub fn into_py(t: TarInfo) -> Py {
    Py::Obj(Arc::new(t))
}
