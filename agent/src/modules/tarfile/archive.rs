//! `tarfile.TarFile` on a path: reading (plain or gzip, the member list
//! built as CPython's `next()` walks the headers), writing and appending
//! (headers as `TarInfo.tobuf` makes them, data padded to blocks, the
//! archive closed with two zero blocks and padded to a record), gzip
//! written with CPython's header (`FNAME` without `.gz`, level 9).

use std::collections::HashMap;
use std::fs;
use std::io::{Cursor, Read, Seek, SeekFrom, Write};
use std::sync::{LazyLock, Mutex, MutexGuard};

use super::header::{self, HeaderError, BLOCKSIZE, RECORDSIZE};
use super::info::{self, tar_self, TarInfo};
use super::{extract, tar_error};
use crate::modules::os_path::{pure, PathStr};
use crate::modules::stat as st;
use crate::modules::zipfile::member::{shown, MemberFile};
use crate::objects::attr;
use crate::objects::dict::Dict;
use crate::objects::list::List;
use crate::platform;
use crate::runtime::args::{self, req, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyErr, PyResult};
use crate::runtime::object::{ObjRef, PyObject};
use crate::runtime::semantics;
use crate::runtime::types::{blocking_method, Method, Type, TypeRef};
use crate::runtime::value::Py;

pub static TAR_FILE: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("tarfile", "TarFile", None, &METHODS, Some(tarfile_new)));
static EX_FILE_OBJECT: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("tarfile", "ExFileObject", None, &crate::modules::zipfile::member::METHODS, None));

static METHODS: [Method; 15] = [
    blocking_method("getmembers", |cx, this, a| {
        a.none("getmembers")?;
        Ok(List::new(tar_file(this)?.members(cx)?))
    }),
    blocking_method("getnames", |cx, this, a| {
        a.none("getnames")?;
        let names = tar_file(this)?
            .members(cx)?
            .iter()
            .map(|m| tar_self(m).map(|t| t.get("name").unwrap_or(Py::None)))
            .collect::<PyResult<_>>()?;
        Ok(List::new(names))
    }),
    blocking_method("getmember", |cx, this, a| {
        let [name] = a.bind("getmember", ["name"])?;
        tar_file(this)?.getmember(cx, &req(name))
    }),
    blocking_method("next", |cx, this, a| {
        a.none("next")?;
        Ok(tar_file(this)?.next(cx)?.unwrap_or(Py::None))
    }),
    blocking_method("extractfile", |cx, this, a| {
        let [member] = a.bind("extractfile", ["member"])?;
        tar_file(this)?.extractfile(cx, &req(member))
    }),
    blocking_method("extract", extract::extract),
    blocking_method("extractall", extract::extractall),
    blocking_method("add", add),
    blocking_method("addfile", addfile),
    blocking_method("gettarinfo", gettarinfo),
    blocking_method("close", |_, this, a| {
        a.none("close")?;
        tar_file(this)?.close()
    }),
    blocking_method("list", |_, _, _| Err(exceptions::not_implemented("tarfile.TarFile.list (printing a table)"))),
    blocking_method("__enter__", |_, this, _| {
        tar_file(this)?.check(None)?;
        Ok(this.clone())
    }),
    blocking_method("__exit__", |_, this, a| {
        let t = tar_file(this)?;
        if a.pos.first().is_none_or(Py::is_none) {
            return t.close();
        }
        t.lock().closed = true;
        t.lock().fp = None;
        Ok(Py::None)
    }),
    blocking_method("__iter__", |cx, this, _| semantics::iter(cx, &List::new(tar_file(this)?.members(cx)?))),
];

/// The archive's bytes: the file itself, or (gzip) the decompressed
/// stream in memory.
pub enum Stream {
    File(fs::File),
    Mem(Cursor<Vec<u8>>),
}

impl Read for Stream {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            Stream::File(f) => f.read(buf),
            Stream::Mem(m) => m.read(buf),
        }
    }
}

impl Write for Stream {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Stream::File(f) => f.write(buf),
            Stream::Mem(m) => m.write(buf),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Stream::File(f) => f.flush(),
            Stream::Mem(_) => Ok(()),
        }
    }
}

impl Seek for Stream {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        match self {
            Stream::File(f) => f.seek(pos),
            Stream::Mem(m) => m.seek(pos),
        }
    }
}

/// A gzip archive being written: compressed into its file at close.
struct GzOut {
    file: fs::File,
    level: u32,
    /// The name in the gzip header (`FNAME`).
    fname: Vec<u8>,
    /// `FNAME` even when empty (tarfile's `_Stream`, `w|gz`).
    stream: bool,
}

pub struct State {
    pub fp: Option<Stream>,
    pub closed: bool,
    members: Vec<Py>,
    loaded: bool,
    offset: u64,
    firstmember: Option<Py>,
    inodes: HashMap<(u64, u64), Py>,
    /// Global pax headers.
    pax_headers: Vec<(String, String)>,
}

pub struct TarArchive {
    pub name: Py,
    pub mode: &'static str,
    pub format: i64,
    pub dereference: bool,
    pub ignore_zeros: bool,
    pub errorlevel: i64,
    pub extraction_filter: Mutex<Py>,
    gz: Mutex<Option<GzOut>>,
    st: Mutex<State>,
}

pub fn tar_file(this: &Py) -> PyResult<&TarArchive> {
    this.downcast::<TarArchive>().ok_or_else(|| exceptions::type_error("a tarfile.TarFile is required"))
}

fn io_err(e: &std::io::Error) -> PyErr {
    exceptions::os_error(e, None)
}

/// `ReadError(msg)`.
pub fn read_error(msg: &str) -> PyErr {
    tar_error("ReadError", msg)
}

/// How `TarFile.open` is asked to open: the file mode and compression.
pub struct Opening {
    pub mode: &'static str,
    pub gzip: bool,
    pub compresslevel: u32,
    /// Written as tarfile's `_Stream` writes gzip (`w|gz`).
    pub stream: bool,
}

fn text(b: &[u8]) -> Py {
    Py::from(String::from_utf8_lossy(b).into_owned())
}

/// Opens `name` as a tar archive: the TarFile object.
pub fn open_archive(cx: &Cx, name: &PathStr, how: Opening, kwargs: Vec<(std::sync::Arc<str>, Py)>) -> PyResult<Py> {
    let mut format = header::PAX_FORMAT;
    let (mut dereference, mut ignore_zeros, mut errorlevel) = (false, false, 1);
    let mut pax_global: Vec<(String, String)> = Vec::new();
    for (k, v) in &kwargs {
        match &**k {
            "format" if !v.is_none() => format = args::to_int("format", v)?,
            "dereference" if !v.is_none() => dereference = semantics::truthy(cx, v)?,
            "ignore_zeros" if !v.is_none() => ignore_zeros = semantics::truthy(cx, v)?,
            "errorlevel" if !v.is_none() => errorlevel = args::to_int("errorlevel", v)?,
            "pax_headers" if !v.is_none() => {
                for key in semantics::iterate(cx, v)? {
                    let val = semantics::getitem(cx, v, &key)?;
                    pax_global.push((semantics::str(cx, &key)?, semantics::str(cx, &val)?));
                }
            }
            "encoding" | "errors" | "debug" | "copybufsize" | "tarinfo" | "format" | "dereference" | "ignore_zeros"
            | "errorlevel" | "pax_headers" => {}
            other => {
                return Err(exceptions::type_error(format!(
                    "TarFile.__init__() got an unexpected keyword argument '{other}'"
                )))
            }
        }
    }
    let path = name.to_path(cx)?;
    let mut mode = how.mode;
    if mode == "a" && fs::symlink_metadata(&path).is_err() {
        mode = "w";
    }
    let mut o = fs::OpenOptions::new();
    match mode {
        "r" => o.read(true),
        "a" => o.read(true).write(true),
        "w" => o.write(true).create(true).truncate(true),
        _ => o.write(true).create_new(true),
    };
    let file = o.open(&path).map_err(|e| name.error(&e))?;
    if file.metadata().is_ok_and(|m| m.is_dir()) {
        return Err(name.error(&std::io::Error::from_raw_os_error(crate::platform::errno::EISDIR)));
    }
    let mut gz = None;
    let fp = if !how.gzip {
        Stream::File(file)
    } else if mode == "r" {
        let mut raw = Vec::new();
        let mut file = file;
        file.read_to_end(&mut raw).map_err(|e| io_err(&e))?;
        let mut out = Vec::new();
        if !raw.is_empty() && flate2::read::MultiGzDecoder::new(&raw[..]).read_to_end(&mut out).is_err() {
            return Err(read_error("not a gzip file"));
        }
        Stream::Mem(Cursor::new(out))
    } else {
        let base = pure::basename(name.bytes());
        let fname = base.strip_suffix(b".gz").unwrap_or(base).to_vec();
        gz = Some(GzOut { file, level: how.compresslevel, fname, stream: how.stream });
        Stream::Mem(Cursor::new(Vec::new()))
    };
    let abs = pure::abspath(name.bytes(), &crate::modules::os_path::cwd_bytes()?);
    let t = TarArchive {
        name: name.like(&abs).value(),
        mode,
        format,
        dereference,
        ignore_zeros,
        errorlevel,
        extraction_filter: Mutex::new(Py::None),
        gz: Mutex::new(gz),
        st: Mutex::new(State {
            fp: Some(fp),
            closed: false,
            members: Vec::new(),
            loaded: false,
            offset: 0,
            firstmember: None,
            inodes: HashMap::new(),
            pax_headers: Vec::new(),
        }),
    };
    match mode {
        "r" => {
            let first = t.next(cx)?;
            t.lock().firstmember = first;
        }
        "a" => loop {
            let mut st = t.lock();
            let offset = st.offset;
            let fp = st.fp.as_mut().ok_or_else(|| tar_error("ReadError", "closed"))?;
            fp.seek(SeekFrom::Start(offset)).map_err(|e| io_err(&e))?;
            match from_tarfile(&mut st) {
                Ok(m) => st.members.push(m),
                Err(Err(HeaderError::Eof)) => {
                    let fp = st.fp.as_mut().ok_or_else(|| tar_error("ReadError", "closed"))?;
                    fp.seek(SeekFrom::Start(offset)).map_err(|e| io_err(&e))?;
                    break;
                }
                Err(Err(e)) => return Err(read_error(e.message())),
                Err(Ok(e)) => return Err(e),
            }
        },
        _ => {}
    }
    if matches!(mode, "a" | "w" | "x") {
        let mut st = t.lock();
        st.loaded = true;
        if !pax_global.is_empty() && format == header::PAX_FORMAT {
            let records: Vec<(Vec<u8>, Vec<u8>)> =
                pax_global.iter().map(|(k, v)| (k.clone().into_bytes(), v.clone().into_bytes())).collect();
            let buf = header::pax_header(&records, header::XGLTYPE, false);
            st.fp.as_mut().ok_or_else(|| tar_error("ReadError", "closed"))?.write_all(&buf).map_err(|e| io_err(&e))?;
            st.offset += buf.len() as u64;
            st.pax_headers = pax_global;
        }
    }
    Ok(Py::obj(t))
}

/// `TarInfo.fromtarfile`: the member whose header is at the stream's
/// position (following GNU long names and pax headers); the outer error
/// is a Python error, the inner one a header error.
fn from_tarfile(st: &mut State) -> Result<Py, Result<PyErr, HeaderError>> {
    let fp = st.fp.as_mut().ok_or(Ok(tar_error("ReadError", "closed")))?;
    let mut buf = vec![0u8; BLOCKSIZE];
    let got = read_full(fp, &mut buf).map_err(|e| Ok(io_err(&e)))?;
    buf.truncate(got);
    let raw = header::frombuf(&buf).map_err(Err)?;
    let offset = fp.stream_position().map_err(|e| Ok(io_err(&e)))? - BLOCKSIZE as u64;
    proc_member(st, raw, offset)
}

fn read_full(fp: &mut Stream, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match fp.read(&mut buf[got..])? {
            0 => break,
            n => got += n,
        }
    }
    Ok(got)
}

fn block(n: i128) -> u64 {
    let n = n.max(0) as u64;
    n.div_ceil(BLOCKSIZE as u64) * BLOCKSIZE as u64
}

/// A TarInfo from a parsed header (`frombuf`'s text part).
fn make_info(raw: &header::Raw, offset: u64) -> TarInfo {
    let t = TarInfo::new(text(&raw.name));
    let mut name = String::from_utf8_lossy(&raw.name).into_owned();
    if raw.typ == [header::DIRTYPE] {
        name = name.trim_end_matches('/').to_owned();
    }
    let gnu =
        matches!(raw.typ.as_slice(), [header::GNUTYPE_LONGNAME | header::GNUTYPE_LONGLINK | header::GNUTYPE_SPARSE]);
    if !raw.prefix.is_empty() && !gnu {
        name = format!("{}/{}", String::from_utf8_lossy(&raw.prefix), name);
    }
    let int = |n: i128| Py::from(num_bigint::BigInt::from(n));
    t.set("name", Py::from(name));
    t.set("mode", int(raw.mode));
    t.set("uid", int(raw.uid));
    t.set("gid", int(raw.gid));
    t.set("size", int(raw.size));
    t.set("mtime", int(raw.mtime));
    t.set("chksum", int(raw.chksum));
    t.set("type", Py::bytes(raw.typ.clone()));
    t.set("linkname", text(&raw.linkname));
    t.set("uname", text(&raw.uname));
    t.set("gname", text(&raw.gname));
    t.set("devmajor", int(raw.devmajor));
    t.set("devminor", int(raw.devminor));
    t.set("offset", Py::from(offset));
    t
}

/// `_apply_pax_info`.
fn apply_pax(t: &TarInfo, pax: &[(String, String)]) {
    for (k, v) in pax {
        match k.as_str() {
            "GNU.sparse.name" => t.set("name", Py::from(v.clone())),
            "GNU.sparse.size" | "GNU.sparse.realsize" => t.set("size", Py::from(v.parse::<i64>().unwrap_or(0))),
            "path" => t.set("name", Py::from(v.trim_end_matches('/').to_owned())),
            "linkpath" => t.set("linkname", Py::from(v.clone())),
            "uname" | "gname" => t.set(k, Py::from(v.clone())),
            "uid" | "gid" | "size" => t.set(k, Py::from(v.trim().parse::<i64>().unwrap_or(0))),
            "mtime" => t.set(k, Py::Float(v.trim().parse::<f64>().unwrap_or(0.0))),
            _ => {}
        }
    }
    let d = Dict::new_empty();
    if let Some(dict) = d.downcast::<Dict>() {
        for (k, v) in pax {
            dict.set_str(k, Py::from(v.clone()));
        }
    }
    t.set("pax_headers", d);
}

fn proc_member(st: &mut State, raw: header::Raw, offset: u64) -> Result<Py, Result<PyErr, HeaderError>> {
    let io = |e: std::io::Error| Ok(io_err(&e));
    match raw.typ.as_slice() {
        [header::GNUTYPE_LONGNAME | header::GNUTYPE_LONGLINK] => {
            let fp = st.fp.as_mut().ok_or(Ok(tar_error("ReadError", "closed")))?;
            let mut data = vec![0u8; block(raw.size) as usize];
            let got = read_full(fp, &mut data).map_err(io)?;
            data.truncate(got);
            let next = from_tarfile(st).map_err(|e| match e {
                Err(h) => Ok(tar_error("SubsequentHeaderError", h.message())),
                other => other,
            })?;
            let n = tar_self(&next).map_err(Ok)?;
            n.set("offset", Py::from(offset));
            let value = text(header::nts(&data));
            if raw.typ == [header::GNUTYPE_LONGNAME] {
                n.set("name", value);
            } else {
                n.set("linkname", value);
            }
            if n.typ() == [header::DIRTYPE] {
                let name = n.text("name");
                n.set("name", Py::from(name.strip_suffix('/').unwrap_or(&name).to_owned()));
            }
            Ok(next)
        }
        [header::XHDTYPE | header::XGLTYPE | header::SOLARIS_XHDTYPE] => {
            let fp = st.fp.as_mut().ok_or(Ok(tar_error("ReadError", "closed")))?;
            let mut data = vec![0u8; block(raw.size) as usize];
            let got = read_full(fp, &mut data).map_err(io)?;
            data.truncate(got);
            let mut pax = if raw.typ == [header::XGLTYPE] { Vec::new() } else { st.pax_headers.clone() };
            for (k, v) in header::pax_records(&data).map_err(Err)? {
                let (k, v) = (String::from_utf8_lossy(&k).into_owned(), String::from_utf8_lossy(&v).into_owned());
                match pax.iter_mut().find(|(n, _)| *n == k) {
                    Some(slot) => slot.1 = v,
                    None => pax.push((k, v)),
                }
            }
            if raw.typ == [header::XGLTYPE] {
                for (k, v) in &pax {
                    match st.pax_headers.iter_mut().find(|(n, _)| n == k) {
                        Some(slot) => slot.1 = v.clone(),
                        None => st.pax_headers.push((k.clone(), v.clone())),
                    }
                }
            }
            let next = from_tarfile(st).map_err(|e| match e {
                Err(h) => Ok(tar_error("SubsequentHeaderError", h.message())),
                other => other,
            })?;
            if raw.typ != [header::XGLTYPE] {
                let n = tar_self(&next).map_err(Ok)?;
                apply_pax(n, &pax);
                n.set("offset", Py::from(offset));
                if pax.iter().any(|(k, _)| k == "size") {
                    let mut o = n.int("offset_data") as u64;
                    if header::regular(&n.typ()) || !header::supported(&n.typ()) {
                        o += block(n.int("size"));
                    }
                    st.offset = o;
                }
            }
            Ok(next)
        }
        _ => {
            let t = make_info(&raw, offset);
            let fp = st.fp.as_mut().ok_or(Ok(tar_error("ReadError", "closed")))?;
            let mut offset_data = fp.stream_position().map_err(io)?;
            let mut next_offset = offset_data;
            if let Some((mut structs, mut extended, origsize)) = raw.sparse.clone() {
                while extended {
                    let mut buf = vec![0u8; BLOCKSIZE];
                    read_full(fp, &mut buf).map_err(io)?;
                    let mut pos = 0;
                    for _ in 0..21 {
                        match (header::nti(&buf[pos..pos + 12]), header::nti(&buf[pos + 12..pos + 24])) {
                            (Ok(o), Ok(n)) => {
                                if o != 0 && n != 0 {
                                    structs.push((o, n));
                                }
                            }
                            _ => break,
                        }
                        pos += 24;
                    }
                    extended = buf[504] != 0;
                }
                let sparse = structs
                    .iter()
                    .map(|(o, n)| {
                        Py::tuple(vec![Py::from(num_bigint::BigInt::from(*o)), Py::from(num_bigint::BigInt::from(*n))])
                    })
                    .collect();
                t.set("sparse", List::new(sparse));
                offset_data = fp.stream_position().map_err(io)?;
                next_offset = offset_data + block(raw.size);
                t.set("size", Py::from(num_bigint::BigInt::from(origsize)));
            } else if header::regular(&raw.typ) || !header::supported(&raw.typ) {
                next_offset += block(raw.size);
            }
            t.set("offset_data", Py::from(offset_data));
            st.offset = next_offset;
            apply_pax(&t, &st.pax_headers.clone());
            if t.typ() == [header::DIRTYPE] {
                let name = t.text("name");
                t.set("name", Py::from(name.trim_end_matches('/').to_owned()));
            }
            Ok(info::into_py(t))
        }
    }
}

impl TarArchive {
    pub fn lock(&self) -> MutexGuard<'_, State> {
        self.st.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// `_check(mode)`.
    pub fn check(&self, modes: Option<&str>) -> PyResult<()> {
        if self.lock().closed {
            return Err(super::os_error_msg("TarFile is closed"));
        }
        if let Some(m) = modes {
            if !m.contains(self.mode) {
                return Err(super::os_error_msg(&format!("bad operation for mode '{}'", self.mode)));
            }
        }
        Ok(())
    }

    /// `next()`: the next member, or None at the end.
    pub fn next(&self, cx: &Cx) -> PyResult<Option<Py>> {
        self.check(Some("ra"))?;
        let mut st = self.lock();
        if let Some(m) = st.firstmember.take() {
            return Ok(Some(m));
        }
        let offset = st.offset;
        let fp = st.fp.as_mut().ok_or_else(|| super::os_error_msg("TarFile is closed"))?;
        let at = fp.stream_position().map_err(|e| io_err(&e))?;
        if offset != at {
            if offset == 0 {
                return Ok(None);
            }
            fp.seek(SeekFrom::Start(offset - 1)).map_err(|e| io_err(&e))?;
            let mut one = [0u8; 1];
            if fp.read(&mut one).map_err(|e| io_err(&e))? == 0 {
                return Err(read_error("unexpected end of data"));
            }
        }
        let mut found = None;
        loop {
            cx.check_interrupt()?;
            let offset = st.offset;
            match from_tarfile(&mut st) {
                Ok(m) => {
                    found = Some(m);
                    break;
                }
                Err(Ok(e)) if e.class().name == "SubsequentHeaderError" => return Err(read_error(&e.message(cx))),
                Err(Ok(e)) => return Err(e),
                Err(Err(e)) => {
                    let skip = self.ignore_zeros && matches!(e, HeaderError::Eof | HeaderError::Invalid(_));
                    if skip {
                        st.offset += BLOCKSIZE as u64;
                        let o = st.offset;
                        st.fp.as_mut().map(|f| f.seek(SeekFrom::Start(o)));
                        continue;
                    }
                    match e {
                        HeaderError::Invalid(m) if offset == 0 => return Err(read_error(m)),
                        HeaderError::Empty if offset == 0 => return Err(read_error("empty file")),
                        HeaderError::Truncated if offset == 0 => return Err(read_error("truncated header")),
                        _ => break,
                    }
                }
            }
        }
        match &found {
            Some(m) => st.members.push(m.clone()),
            None => st.loaded = true,
        }
        Ok(found)
    }

    /// `getmembers()`: every member, reading the rest of the archive.
    pub fn members(&self, cx: &Cx) -> PyResult<Vec<Py>> {
        self.check(None)?;
        while !self.lock().loaded {
            if self.next(cx)?.is_none() {
                break;
            }
        }
        Ok(self.lock().members.clone())
    }

    /// `_getmember(name, tarinfo, normalize)`.
    fn find(&self, cx: &Cx, name: &str, before: Option<&Py>, normalize: bool) -> PyResult<Option<Py>> {
        let mut members = self.members(cx)?;
        if let Some(limit) = before {
            if let Some(i) = members.iter().position(|m| m.is(limit)) {
                members.truncate(i);
            }
        }
        let norm = |s: &str| {
            if normalize {
                String::from_utf8_lossy(&pure::normpath(s.as_bytes())).into_owned()
            } else {
                s.to_owned()
            }
        };
        let name = norm(name);
        for m in members.iter().rev() {
            if norm(&tar_self(m)?.text("name")) == name {
                return Ok(Some(m.clone()));
            }
        }
        Ok(None)
    }

    pub fn getmember(&self, cx: &Cx, name: &Py) -> PyResult<Py> {
        let Py::Str(s) = name else {
            return Err(exceptions::new(
                "AttributeError",
                format!("'{}' object has no attribute 'rstrip'", semantics::type_name(name)),
            ));
        };
        match self.find(cx, s.trim_end_matches('/'), None, false)? {
            Some(m) => Ok(m),
            None => Err(exceptions::key_error(Py::from(format!("filename {} not found", shown(cx, name))))),
        }
    }

    /// `_find_link_target`.
    pub fn link_target(&self, cx: &Cx, member: &Py) -> PyResult<Py> {
        let t = tar_self(member)?;
        let (linkname, limit) = if t.typ() == [header::SYMTYPE] {
            let dir = String::from_utf8_lossy(pure::dirname(t.text("name").as_bytes())).into_owned();
            let link = t.text("linkname");
            let parts: Vec<&str> = [dir.as_str(), link.as_str()].into_iter().filter(|s| !s.is_empty()).collect();
            (parts.join("/"), None)
        } else {
            (t.text("linkname"), Some(member))
        };
        match self.find(cx, &linkname, limit, true)? {
            Some(m) => Ok(m),
            None => {
                Err(exceptions::key_error(Py::from(format!("linkname {} not found", shown(cx, &Py::from(linkname))))))
            }
        }
    }

    /// The member's data (assembled for sparse members).
    pub fn data(&self, member: &TarInfo) -> PyResult<Vec<u8>> {
        let mut st = self.lock();
        let fp = st.fp.as_mut().ok_or_else(|| super::os_error_msg("TarFile is closed"))?;
        let size = member.int("size").max(0) as usize;
        fp.seek(SeekFrom::Start(member.int("offset_data") as u64)).map_err(|e| io_err(&e))?;
        let sparse = member.get("sparse").filter(|s| !s.is_none());
        let mut out;
        if let Some(Py::Obj(_)) = sparse {
            out = vec![0u8; size];
            let list = sparse.and_then(|s| s.downcast::<List>().map(List::snapshot)).unwrap_or_default();
            for item in list {
                if let Py::Tuple(t) = item {
                    let (o, n) = (args::to_int("o", &t[0])? as usize, args::to_int("n", &t[1])? as usize);
                    let end = (o + n).min(size);
                    let got = read_full(fp, &mut out[o.min(end)..end]).map_err(|e| io_err(&e))?;
                    if got < end - o.min(end) {
                        return Err(read_error("unexpected end of data"));
                    }
                }
            }
        } else {
            out = vec![0u8; size];
            let got = read_full(fp, &mut out).map_err(|e| io_err(&e))?;
            if got < size {
                return Err(read_error("unexpected end of data"));
            }
        }
        Ok(out)
    }

    fn extractfile(&self, cx: &Cx, member: &Py) -> PyResult<Py> {
        self.check(Some("r"))?;
        let m = if let Py::Str(_) = member { self.getmember(cx, member)? } else { member.clone() };
        let t = tar_self(&m)?;
        let typ = t.typ();
        if header::regular(&typ) || !header::supported(&typ) {
            let data = self.data(t)?;
            return Ok(MemberFile::new(
                &EX_FILE_OBJECT,
                // Its name is the archive's (the file object it reads from).
                self.name.clone(),
                "rb",
                None,
                data,
                ex_repr,
                None,
            ));
        }
        if matches!(typ.as_slice(), [header::LNKTYPE | header::SYMTYPE]) {
            let target = self.link_target(cx, &m)?;
            return self.extractfile(cx, &target);
        }
        Ok(Py::None)
    }

    /// Writes a member (`addfile`).
    fn write_member(&self, cx: &Cx, t: &TarInfo, data: Option<&[u8]>) -> PyResult<()> {
        let buf = info::to_header(cx, t, self.format)?;
        let mut st = self.lock();
        let offset = st.offset;
        let fp = st.fp.as_mut().ok_or_else(|| super::os_error_msg("TarFile is closed"))?;
        fp.seek(SeekFrom::Start(offset)).map_err(|e| io_err(&e))?;
        fp.write_all(&buf).map_err(|e| io_err(&e))?;
        let mut written = buf.len() as u64;
        if let Some(data) = data {
            fp.write_all(data).map_err(|e| io_err(&e))?;
            let padded = block(data.len() as i128);
            fp.write_all(&vec![0u8; padded as usize - data.len()]).map_err(|e| io_err(&e))?;
            written += padded;
        }
        st.offset += written;
        Ok(())
    }

    pub fn close(&self) -> PyResult<Py> {
        let mut st = self.lock();
        if st.closed {
            return Ok(Py::None);
        }
        st.closed = true;
        let result = (|| -> PyResult<()> {
            if matches!(self.mode, "a" | "w" | "x") {
                let offset = st.offset;
                let fp = st.fp.as_mut().ok_or_else(|| super::os_error_msg("TarFile is closed"))?;
                fp.seek(SeekFrom::Start(offset)).map_err(|e| io_err(&e))?;
                fp.write_all(&[0u8; 2 * BLOCKSIZE]).map_err(|e| io_err(&e))?;
                let end = offset + 2 * BLOCKSIZE as u64;
                let rem = end % RECORDSIZE as u64;
                if rem > 0 {
                    fp.write_all(&vec![0u8; RECORDSIZE - rem as usize]).map_err(|e| io_err(&e))?;
                }
                if let (Some(gz), Some(Stream::Mem(m))) =
                    (self.gz.lock().unwrap_or_else(|e| e.into_inner()).take(), st.fp.take())
                {
                    write_gzip(gz, m.get_ref())?;
                }
            }
            Ok(())
        })();
        st.fp = None;
        result.map(|()| Py::None)
    }
}

/// gzip as CPython's `GzipFile` writes it: `FNAME` when there is a name,
/// the time now, XFL 2 for level 9 (4 for level 1), OS 255.
fn write_gzip(mut gz: GzOut, data: &[u8]) -> PyResult<()> {
    let mtime = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let fname = !gz.fname.is_empty() || gz.stream;
    let mut out = vec![0x1f, 0x8b, 8, if fname { 8 } else { 0 }];
    out.extend_from_slice(&(mtime as u32).to_le_bytes());
    out.push(match gz.level {
        9 => 2,
        1 => 4,
        _ => 0,
    });
    out.push(255);
    if fname {
        out.extend_from_slice(&gz.fname);
        out.push(0);
    }
    let mut e = flate2::write::DeflateEncoder::new(out, flate2::Compression::new(gz.level.min(9)));
    e.write_all(data).map_err(|e| io_err(&e))?;
    let mut out = e.finish().map_err(|e| io_err(&e))?;
    out.extend_from_slice(&crc32fast::hash(data).to_le_bytes());
    out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    gz.file.write_all(&out).map_err(|e| io_err(&e))?;
    gz.file.flush().map_err(|e| io_err(&e))
}

fn ex_repr(m: &MemberFile, cx: &Cx) -> PyResult<String> {
    if m.is_closed() {
        return Ok("<ExFileObject name=? [closed]>".into());
    }
    Ok(format!("<ExFileObject name={}>", shown(cx, &m.name)))
}

/// `TarFile(name=None, mode='r', fileobj=None, format=None, ...)`.
fn tarfile_new(cx: &Cx, _cls: &TypeRef, mut args: Args) -> PyResult<Py> {
    let fileobj = args.take_kw("fileobj").or_else(|| args.pos.get(2).cloned());
    if fileobj.is_some_and(|f| !f.is_none()) {
        return Err(exceptions::not_implemented("tarfile.TarFile of a file object (give it a path)"));
    }
    let name = args.take_kw("name").or_else(|| args.pos.first().cloned()).unwrap_or(Py::None);
    let mode = args.take_kw("mode").or_else(|| args.pos.get(1).cloned()).unwrap_or_else(|| Py::str("r"));
    let mode = match args::as_str("TarFile", &mode)? {
        "r" => "r",
        "a" => "a",
        "w" => "w",
        "x" => "x",
        _ => return Err(exceptions::value_error("mode must be 'r', 'a', 'w' or 'x'")),
    };
    let name = PathStr::new(cx, &name)?;
    open_archive(cx, &name, Opening { mode, gzip: false, compresslevel: 9, stream: false }, args.kw)
}

/// What `add` passes each new TarInfo through.
pub enum AddFilter {
    None,
    /// A Python callable: the TarInfo it returns, or None to skip.
    Call(Py),
    /// `shutil.make_archive`'s owner and group: (uid, name), (gid, name).
    Owner(Option<(u32, String)>, Option<(u32, String)>),
}

/// `add(name, arcname=None, recursive=True, *, filter=None)`.
fn add(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [name, arcname, recursive, filter] = args.bind("add", ["name", "arcname?", "recursive?", "$filter?"])?;
    let recursive = args::opt_bool(cx, recursive.as_ref(), true)?;
    let name = req(name);
    let arcname = arcname.filter(|a| !a.is_none()).unwrap_or_else(|| name.clone());
    let filter = match filter.filter(|f| !f.is_none()) {
        Some(f) => AddFilter::Call(f),
        None => AddFilter::None,
    };
    add_path(cx, this, &name, &arcname, recursive, &filter)?;
    Ok(Py::None)
}

/// `add` of one path (and, recursively, what a directory holds).
pub fn add_path(cx: &Cx, this: &Py, name: &Py, arcname: &Py, recursive: bool, filter: &AddFilter) -> PyResult<()> {
    cx.check_interrupt()?;
    let t = tar_file(this)?;
    t.check(Some("awx"))?;
    let p = PathStr::new(cx, name)?;
    let abs = pure::abspath(p.bytes(), &crate::modules::os_path::cwd_bytes()?);
    if let Py::Str(own) = &t.name {
        if abs == own.as_bytes() {
            return Ok(());
        }
    }
    let Some(mut info) = gettarinfo_of(cx, this, name, arcname)? else { return Ok(()) };
    match filter {
        AddFilter::None => {}
        AddFilter::Call(f) => {
            info = semantics::call(cx, f, Args::one(info))?;
            if info.is_none() {
                return Ok(());
            }
        }
        AddFilter::Owner(uid, gid) => {
            let ti = tar_self(&info)?;
            if let Some((g, name)) = gid {
                ti.set("gid", Py::from(*g));
                ti.set("gname", Py::from(name.clone()));
            }
            if let Some((u, name)) = uid {
                ti.set("uid", Py::from(*u));
                ti.set("uname", Py::from(name.clone()));
            }
        }
    }
    let ti = tar_self(&info)?;
    let typ = ti.typ();
    if header::regular(&typ) {
        let data = fs::read(p.to_path(cx)?).map_err(|e| p.error(&e))?;
        let size = ti.int("size").max(0) as usize;
        if data.len() < size {
            return Err(super::os_error_msg("unexpected end of data"));
        }
        t.write_member(cx, ti, Some(&data[..size]))?;
        t.lock().members.push(ti.copy());
    } else if typ == [header::DIRTYPE] {
        t.write_member(cx, ti, None)?;
        t.lock().members.push(ti.copy());
        if recursive {
            let mut names: Vec<Vec<u8>> = fs::read_dir(p.to_path(cx)?)
                .map_err(|e| p.error(&e))?
                .filter_map(|e| e.ok().map(|e| e.file_name().into_encoded_bytes()))
                .collect();
            names.sort();
            let arc = PathStr::new(cx, arcname)?;
            for n in names {
                let child = p.like(&pure::join(p.bytes(), &[&n])).value();
                let child_arc = arc.like(&pure::join(arc.bytes(), &[&n])).value();
                add_path(cx, this, &child, &child_arc, recursive, filter)?;
            }
        }
    } else {
        t.write_member(cx, ti, None)?;
        t.lock().members.push(ti.copy());
    }
    Ok(())
}

/// `addfile(tarinfo, fileobj=None)`.
fn addfile(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [tarinfo, fileobj] = args.bind("addfile", ["tarinfo", "fileobj?"])?;
    let t = tar_file(this)?;
    t.check(Some("awx"))?;
    let info = tar_self(&req(tarinfo))?.copy();
    let ti = tar_self(&info)?;
    let data = match fileobj.filter(|f| !f.is_none()) {
        None => None,
        Some(f) => {
            let size = ti.int("size").max(0) as i64;
            let got = attr::call_method(cx, &f, "read", Args::one(Py::Int(size)))?;
            let got = crate::objects::file::bytes_like(cx, &got)?;
            if (got.len() as i64) < size {
                return Err(super::os_error_msg("unexpected end of data"));
            }
            Some(got.to_vec())
        }
    };
    t.write_member(cx, ti, data.as_deref())?;
    t.lock().members.push(info);
    Ok(Py::None)
}

/// `gettarinfo(name=None, arcname=None, fileobj=None)`.
fn gettarinfo(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [name, arcname, fileobj] = args.bind("gettarinfo", ["name?", "arcname?", "fileobj?"])?;
    if fileobj.is_some_and(|f| !f.is_none()) {
        return Err(exceptions::not_implemented("tarfile.TarFile.gettarinfo(fileobj=...)"));
    }
    let name = name.unwrap_or(Py::None);
    let arcname = arcname.filter(|a| !a.is_none()).unwrap_or_else(|| name.clone());
    Ok(gettarinfo_of(cx, this, &name, &arcname)?.unwrap_or(Py::None))
}

fn gettarinfo_of(cx: &Cx, this: &Py, name: &Py, arcname: &Py) -> PyResult<Option<Py>> {
    let t = tar_file(this)?;
    t.check(Some("awx"))?;
    let Py::Str(arc) = arcname else {
        return Err(exceptions::new(
            "AttributeError",
            format!("'{}' object has no attribute 'replace'", semantics::type_name(arcname)),
        ));
    };
    let arc = arc.trim_start_matches('/').to_owned();
    let stres = crate::modules::os_path::stat_of(cx, name, t.dereference)?;
    let mode = stres.mode;
    let mut linkname = String::new();
    let typ = match mode & st::S_IFMT {
        st::S_IFREG => {
            let inode = (stres.ino, stres.dev);
            let mut st_ = t.lock();
            match st_.inodes.get(&inode) {
                Some(prev) if !t.dereference && stres.nlink > 1 && semantics::str(cx, prev)? != arc => {
                    linkname = semantics::str(cx, prev)?;
                    header::LNKTYPE
                }
                _ => {
                    if inode.0 != 0 {
                        st_.inodes.insert(inode, Py::from(arc.clone()));
                    }
                    header::REGTYPE
                }
            }
        }
        st::S_IFDIR => header::DIRTYPE,
        st::S_IFIFO => header::FIFOTYPE,
        st::S_IFLNK => {
            let target = fs::read_link(semantics::fspath_buf(cx, name)?).map_err(|e| exceptions::os_error(&e, None))?;
            linkname = target.to_string_lossy().into_owned();
            header::SYMTYPE
        }
        st::S_IFCHR => header::CHRTYPE,
        st::S_IFBLK => header::BLKTYPE,
        _ => return Ok(None),
    };
    let info = TarInfo::new(Py::from(arc));
    info.set("mode", Py::from(mode));
    info.set("uid", Py::from(stres.uid));
    info.set("gid", Py::from(stres.gid));
    info.set("size", Py::from(if typ == header::REGTYPE { stres.size } else { 0 }));
    info.set("mtime", Py::Float(stres.mtime.0 as f64 + stres.mtime.1 as f64 * 1e-9));
    info.set("type", Py::bytes(vec![typ]));
    info.set("linkname", Py::from(linkname));
    info.set("tarfile", this.clone());
    if let Some(p) = platform::users::getpwuid(stres.uid) {
        info.set("uname", Py::from(p.name));
    }
    if let Some(g) = platform::users::group_by_gid(stres.gid).map(|g| g.name) {
        info.set("gname", Py::from(g));
    }
    if matches!(typ, header::CHRTYPE | header::BLKTYPE) {
        let (major, minor) = platform::fs::major_minor(stres.rdev);
        info.set("devmajor", Py::from(major));
        info.set("devminor", Py::from(minor));
    }
    Ok(Some(info::into_py(info)))
}

impl PyObject for TarArchive {
    fn ty(&self) -> TypeRef {
        TAR_FILE.clone()
    }
    fn iter(&self, _this: &ObjRef, cx: &Cx) -> PyResult<Option<Py>> {
        semantics::iter(cx, &List::new(self.members(cx)?)).map(Some)
    }
    fn getattr(&self, _this: &ObjRef, name: &str, _cx: &Cx) -> PyResult<Option<Py>> {
        Ok(Some(match name {
            "name" => self.name.clone(),
            "mode" => Py::str(self.mode),
            "format" => Py::Int(self.format),
            "closed" => Py::Bool(self.lock().closed),
            "members" => List::new(self.lock().members.clone()),
            "dereference" => Py::Bool(self.dereference),
            "ignore_zeros" => Py::Bool(self.ignore_zeros),
            "errorlevel" => Py::Int(self.errorlevel),
            "encoding" => Py::str("utf-8"),
            "errors" => Py::str("surrogateescape"),
            "debug" => Py::Int(0),
            "offset" => Py::from(self.lock().offset),
            "extraction_filter" => self.extraction_filter.lock().unwrap_or_else(|e| e.into_inner()).clone(),
            "pax_headers" => {
                let d = Dict::new_empty();
                if let Some(dict) = d.downcast::<Dict>() {
                    for (k, v) in &self.lock().pax_headers {
                        dict.set_str(k, Py::from(v.clone()));
                    }
                }
                d
            }
            _ => return Ok(None),
        }))
    }
    fn setattr(&self, name: &str, value: Py, _cx: &Cx) -> PyResult<bool> {
        match name {
            "extraction_filter" => {
                *self.extraction_filter.lock().unwrap_or_else(|e| e.into_inner()) = value;
                Ok(true)
            }
            _ => Err(exceptions::attribute_error("TarFile", name)),
        }
    }
    fn blocks(&self, _method: Option<&str>) -> bool {
        true
    }
}

impl Drop for TarArchive {
    fn drop(&mut self) {
        // CPython does not close an unclosed TarFile when it is collected
        // (its file is closed, the end blocks are not written).
        let st = self.st.get_mut().unwrap_or_else(|e| e.into_inner());
        if let (Some(gz), Some(Stream::Mem(m))) =
            (self.gz.get_mut().unwrap_or_else(|e| e.into_inner()).take(), st.fp.take())
        {
            let _ = write_gzip(gz, m.get_ref());
        }
    }
}
