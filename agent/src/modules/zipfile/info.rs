//! `zipfile.ZipInfo`: a member's fields as settable attributes (CPython's
//! `__slots__`, an unset slot is an `AttributeError`), its `repr`,
//! `is_dir`, `from_file`, and copying by value as pickle does for a
//! slotted class (`ZipInfo.__new__` then the slots as state).

use std::sync::{Arc, LazyLock, Mutex};

use rpyc_protocol::{Record, Value};

use super::format::{self, Entry};
use crate::modules::os_path::{pure, stat_of, PathStr};
use crate::modules::stat::{filemode, S_IFDIR, S_IFMT};
use crate::platform;
use crate::runtime::args::{self, req, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::{ObjRef, PyObject};
use crate::runtime::semantics;
use crate::runtime::types::{class_method, method, Method, Type, TypeRef};
use crate::runtime::value::Py;

/// CPython's `ZipInfo.__slots__`, in order.
const SLOTS: [&str; 20] = [
    "orig_filename",
    "filename",
    "date_time",
    "compress_type",
    "_compresslevel",
    "comment",
    "extra",
    "create_system",
    "create_version",
    "extract_version",
    "reserved",
    "flag_bits",
    "volume",
    "internal_attr",
    "external_attr",
    "header_offset",
    "CRC",
    "compress_size",
    "file_size",
    "_raw_time",
];

pub static ZIP_INFO: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("zipfile", "ZipInfo", None, &METHODS, Some(zipinfo_new)));

static METHODS: [Method; 2] = [
    method("is_dir", |_, this, args| {
        args.none("is_dir")?;
        Ok(Py::Bool(info_self(this)?.is_dir()))
    }),
    class_method("from_file", from_file_method),
];

pub struct ZipInfo {
    slots: Mutex<[Option<Py>; 20]>,
}

pub fn info_self(this: &Py) -> PyResult<&ZipInfo> {
    this.downcast::<ZipInfo>().ok_or_else(|| exceptions::type_error("a zipfile.ZipInfo is required"))
}

fn slot_index(name: &str) -> Option<usize> {
    SLOTS.iter().position(|s| *s == name)
}

/// `ZipInfo(filename, date_time)` with CPython's defaults.
pub fn new_info(filename: &str, date_time: Py) -> PyResult<ZipInfo> {
    let name = match filename.find('\0') {
        Some(i) => &filename[..i],
        None => filename,
    };
    let year = match &date_time {
        Py::Tuple(t) if !t.is_empty() => args::to_int("ZipInfo", &t[0])?,
        other => {
            return Err(exceptions::type_error(format!(
                "'{}' object is not subscriptable",
                semantics::type_name(other)
            )))
        }
    };
    if year < 1980 {
        return Err(exceptions::value_error("ZIP does not support timestamps before 1980"));
    }
    let int = |n: i64| Some(Py::Int(n));
    let mut s: [Option<Py>; 20] = Default::default();
    s[0] = Some(Py::str(filename));
    s[1] = Some(Py::str(name));
    s[2] = Some(date_time);
    s[3] = int(0);
    s[4] = Some(Py::None);
    s[5] = Some(Py::bytes(Vec::new()));
    s[6] = Some(Py::bytes(Vec::new()));
    s[7] = int(3);
    s[8] = int(i64::from(format::DEFAULT_VERSION));
    s[9] = int(i64::from(format::DEFAULT_VERSION));
    for i in [10, 11, 12, 13, 14, 17, 18] {
        s[i] = int(0);
    }
    Ok(ZipInfo { slots: Mutex::new(s) })
}

/// A member read from a central directory.
pub fn from_entry(e: &Entry, metadata_encoding: Option<&str>) -> PyResult<ZipInfo> {
    let name = if e.flag_bits & format::MASK_UTF_FILENAME != 0 {
        String::from_utf8(e.raw_name.clone())
            .map_err(|_| exceptions::new("UnicodeDecodeError", "'utf-8' codec can't decode the file name"))?
    } else {
        match metadata_encoding {
            Some(enc) => crate::objects::file::decode_text(&e.raw_name, Some(enc), None)?,
            None => format::decode_cp437(&e.raw_name),
        }
    };
    if e.extract_version > format::MAX_EXTRACT_VERSION {
        return Err(exceptions::new(
            "NotImplementedError",
            format!("zip file version {:.1}", f64::from(e.extract_version) / 10.0),
        ));
    }
    let (t, d) = (i64::from(e.time), i64::from(e.date));
    let date_time = Py::tuple(vec![
        Py::Int((d >> 9) + 1980),
        Py::Int((d >> 5) & 0xF),
        Py::Int(d & 0x1F),
        Py::Int(t >> 11),
        Py::Int((t >> 5) & 0x3F),
        Py::Int((t & 0x1F) * 2),
    ]);
    let info = ZipInfo { slots: Mutex::new(Default::default()) };
    {
        let mut s = info.lock();
        let int = |n: u64| Some(Py::from(n));
        s[0] = Some(Py::from(name.clone()));
        s[1] = Some(Py::from(match name.find('\0') {
            Some(i) => name[..i].to_owned(),
            None => name,
        }));
        s[2] = Some(date_time);
        s[3] = int(u64::from(e.compress_type));
        s[4] = Some(Py::None);
        s[5] = Some(Py::bytes(e.comment.clone()));
        s[6] = Some(Py::bytes(e.extra.clone()));
        s[7] = int(u64::from(e.create_system));
        s[8] = int(u64::from(e.create_version));
        s[9] = int(u64::from(e.extract_version));
        s[10] = int(u64::from(e.reserved));
        s[11] = int(u64::from(e.flag_bits));
        s[12] = int(u64::from(e.volume));
        s[13] = int(u64::from(e.internal_attr));
        s[14] = int(u64::from(e.external_attr));
        s[15] = int(e.header_offset);
        s[16] = int(u64::from(e.crc));
        s[17] = int(e.compress_size);
        s[18] = int(e.file_size);
        s[19] = int(u64::from(e.time));
    }
    Ok(info)
}

impl ZipInfo {
    fn lock(&self) -> std::sync::MutexGuard<'_, [Option<Py>; 20]> {
        self.slots.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn get(&self, name: &str) -> Option<Py> {
        slot_index(name).and_then(|i| self.lock()[i].clone())
    }

    pub fn set(&self, name: &str, v: Py) {
        if let Some(i) = slot_index(name) {
            self.lock()[i] = Some(v);
        }
    }

    /// An int field (0 when unset or not an int).
    pub fn int(&self, name: &str) -> i64 {
        match self.get(name).as_ref().and_then(semantics::index_value) {
            Some(Py::Int(n)) => n,
            _ => 0,
        }
    }

    /// A field that must be set (CPython's AttributeError otherwise).
    pub fn need_int(&self, name: &str) -> PyResult<i64> {
        match self.get(name) {
            None => Err(exceptions::attribute_error("ZipInfo", name)),
            Some(v) => args::to_int(name, &v),
        }
    }

    pub fn filename(&self) -> String {
        match self.get("filename") {
            Some(Py::Str(s)) => s.to_string(),
            _ => String::new(),
        }
    }

    pub fn is_dir(&self) -> bool {
        self.filename().ends_with('/')
    }

    pub fn bytes(&self, name: &str) -> Vec<u8> {
        match self.get(name) {
            Some(Py::Bytes(b)) => b.to_vec(),
            _ => Vec::new(),
        }
    }

    /// `date_time` as six ints.
    pub fn date_time(&self) -> PyResult<[i64; 6]> {
        let Some(Py::Tuple(t)) = self.get("date_time") else {
            return Err(exceptions::type_error("date_time must be a tuple"));
        };
        let mut out = [0i64; 6];
        for (i, slot) in out.iter_mut().enumerate() {
            *slot = args::to_int("date_time", t.get(i).unwrap_or(&Py::Int(0)))?;
        }
        Ok(out)
    }

    /// `_encodeFilenameFlags`: the name's bytes and the flag bits.
    pub fn encoded_name(&self) -> (Vec<u8>, u16) {
        let name = self.filename();
        let flags = self.int("flag_bits") as u16;
        if name.is_ascii() {
            (name.into_bytes(), flags)
        } else {
            (name.into_bytes(), flags | format::MASK_UTF_FILENAME)
        }
    }
}

fn zipinfo_new(_cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    let [filename, date_time] = args.bind("ZipInfo", ["filename?", "date_time?"])?;
    let filename = match filename {
        None => "NoName".to_owned(),
        Some(Py::Str(s)) => s.to_string(),
        Some(other) => {
            return Err(exceptions::type_error(format!("must be str, not {}", semantics::type_name(&other))))
        }
    };
    let date_time = date_time
        .unwrap_or_else(|| Py::tuple(vec![Py::Int(1980), Py::Int(1), Py::Int(1), Py::Int(0), Py::Int(0), Py::Int(0)]));
    Ok(Py::obj(new_info(&filename, date_time)?))
}

/// `time.localtime(t)[:6]`.
pub fn local_date_time(t: i64) -> PyResult<Py> {
    let tm = platform::time::localtime(t).map_err(|e| exceptions::os_error(&e, None))?;
    Ok(Py::tuple(vec![
        Py::Int(i64::from(tm.year) + 1900),
        Py::Int(i64::from(tm.mon) + 1),
        Py::Int(i64::from(tm.mday)),
        Py::Int(i64::from(tm.hour)),
        Py::Int(i64::from(tm.min)),
        Py::Int(i64::from(tm.sec)),
    ]))
}

/// `ZipInfo.from_file(filename, arcname=None, *, strict_timestamps=True)`.
pub fn from_file(cx: &Cx, filename: &Py, arcname: Option<Py>, strict: bool) -> PyResult<ZipInfo> {
    let st = stat_of(cx, filename, true)?;
    let isdir = st.mode & S_IFMT == S_IFDIR;
    let mut dt = local_date_time(st.mtime.0)?;
    if let Py::Tuple(t) = &dt {
        let year = args::to_int("year", &t[0])?;
        if !strict && year < 1980 {
            dt = Py::tuple([1980, 1, 1, 0, 0, 0].map(Py::Int).to_vec());
        } else if !strict && year > 2107 {
            dt = Py::tuple([2107, 12, 31, 23, 59, 59].map(Py::Int).to_vec());
        }
    }
    let arc = PathStr::new(cx, &arcname.filter(|a| !a.is_none()).unwrap_or_else(|| filename.clone()))?;
    let mut arc = pure::normpath(arc.bytes());
    while arc.first() == Some(&b'/') {
        arc.remove(0);
    }
    if isdir {
        arc.push(b'/');
    }
    let info = new_info(&String::from_utf8_lossy(&arc), dt)?;
    let mut external = i64::from(st.mode & 0xFFFF) << 16;
    if isdir {
        info.set("file_size", Py::Int(0));
        external |= 0x10;
    } else {
        info.set("file_size", Py::from(st.size));
    }
    info.set("external_attr", Py::Int(external));
    Ok(info)
}

fn from_file_method(cx: &Cx, _cls: &Py, args: Args) -> PyResult<Py> {
    let [filename, arcname, strict] = args.bind("from_file", ["filename", "arcname?", "$strict_timestamps?"])?;
    let strict = args::opt_bool(cx, strict.as_ref(), true)?;
    Ok(Py::obj(from_file(cx, &req(filename), arcname, strict)?))
}

/// `compressor_names` of the compression types.
pub fn compressor_name(t: i64) -> Option<&'static str> {
    Some(match t {
        0 => "store",
        1 => "shrink",
        2 => "reduce",
        3 => "reduce",
        4 => "reduce",
        5 => "reduce",
        6 => "implode",
        7 => "tokenize",
        8 => "deflate",
        9 => "deflate64",
        10 => "implode",
        12 => "bzip2",
        14 => "lzma",
        18 => "terse",
        19 => "lz77",
        97 => "wavpack",
        98 => "ppmd",
        _ => return None,
    })
}

impl PyObject for ZipInfo {
    fn ty(&self) -> TypeRef {
        ZIP_INFO.clone()
    }
    fn repr(&self, _this: &ObjRef, cx: &Cx) -> PyResult<String> {
        let mut out = format!("<ZipInfo filename={}", semantics::repr(cx, &self.get("filename").unwrap_or(Py::None))?);
        let ct = self.int("compress_type");
        if ct != 0 {
            match compressor_name(ct) {
                Some(n) => out.push_str(&format!(" compress_type={n}")),
                None => out.push_str(&format!(" compress_type={ct}")),
            }
        }
        let ext = self.int("external_attr");
        let (hi, lo) = (ext >> 16, ext & 0xFFFF);
        if hi != 0 {
            out.push_str(&format!(" filemode='{}'", filemode(hi as u32)));
        }
        if lo != 0 {
            out.push_str(&format!(" external_attr={lo:#x}"));
        }
        let isdir = self.is_dir();
        let (file_size, compress_size) = (self.int("file_size"), self.int("compress_size"));
        if !isdir || file_size != 0 {
            out.push_str(&format!(" file_size={file_size}"));
        }
        if (!isdir || compress_size != 0) && (ct != 0 || file_size != compress_size) {
            out.push_str(&format!(" compress_size={compress_size}"));
        }
        out.push('>');
        Ok(out)
    }
    fn getattr(&self, _this: &ObjRef, name: &str, _cx: &Cx) -> PyResult<Option<Py>> {
        match slot_index(name) {
            Some(i) => match self.lock()[i].clone() {
                Some(v) => Ok(Some(v)),
                None => Err(exceptions::attribute_error("ZipInfo", name)),
            },
            None => Ok(None),
        }
    }
    fn setattr(&self, name: &str, value: Py, _cx: &Cx) -> PyResult<bool> {
        match slot_index(name) {
            Some(i) => {
                self.lock()[i] = Some(value);
                Ok(true)
            }
            None => Err(exceptions::attribute_error("ZipInfo", name)),
        }
    }
    fn delattr(&self, name: &str, _cx: &Cx) -> PyResult<bool> {
        match slot_index(name) {
            Some(i) => Ok(self.lock()[i].take().is_some()),
            None => Ok(false),
        }
    }
    fn attr_names(&self) -> Vec<String> {
        SLOTS.iter().map(|s| (*s).to_owned()).collect()
    }
    fn to_value(&self, cx: &Cx) -> PyResult<Option<Value>> {
        // object.__reduce_ex__(2) of a slotted class: __newobj__ with no
        // arguments, then (None, {slot: value}) as state.
        let slots = self.lock().clone();
        let mut pairs = Vec::new();
        for (name, v) in SLOTS.iter().zip(slots.iter()) {
            if let Some(v) = v {
                pairs.push((Value::str(*name), semantics::to_value(cx, v)?));
            }
        }
        let state = Value::Tuple(vec![Value::None, Value::Dict(pairs)]);
        Ok(Some(Value::Record(Box::new(Record {
            class: "zipfile.ZipInfo".into(),
            args: Vec::new(),
            state: Some(state),
        }))))
    }
    fn take_children(&self) -> Vec<Py> {
        self.lock().iter_mut().filter_map(Option::take).collect()
    }
}

/// Helper for tests and the archive: a shared handle.
pub fn into_py(info: ZipInfo) -> Py {
    Py::Obj(Arc::new(info))
}
