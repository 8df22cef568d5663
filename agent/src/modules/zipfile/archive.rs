//! `zipfile.ZipFile`: reading, writing, appending and exclusive creation
//! of archives on a path, as CPython 3.11's `ZipFile` does them — the
//! same checks and messages, the same bytes for the same members (local
//! headers rewritten with sizes and CRC after the data, ZIP64 where
//! needed, the central directory and end records at `close()`).
//! Members are stored or deflated; bzip2 and lzma fail as they do on a
//! CPython built without those modules.

use std::fs;
use std::io::{Read, Seek, SeekFrom, Write};
use std::sync::{LazyLock, Mutex, MutexGuard};

use super::format::{self, HeaderFields};
use super::info::{self, info_self, ZipInfo};
use super::member::{shown, MemberFile};
use super::{bad_zip_file, check_compression, large_zip_file, zlib_error};
use crate::modules::os_path::{pure, PathStr};
use crate::objects::attr;
use crate::objects::dict::Dict;
use crate::objects::list::List;
use crate::runtime::args::{self, req, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyErr, PyResult};
use crate::runtime::object::{ObjRef, PyObject};
use crate::runtime::semantics;
use crate::runtime::types::{blocking_method, property, Method, Type, TypeRef};
use crate::runtime::value::Py;

pub static ZIP_FILE: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("zipfile", "ZipFile", None, &METHODS, Some(zipfile_new)));
static ZIP_EXT_FILE: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("zipfile", "ZipExtFile", None, &super::member::METHODS, None));
static ZIP_WRITE_FILE: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("zipfile", "_ZipWriteFile", None, &WRITER_METHODS, None));

static METHODS: [Method; 17] = [
    blocking_method("namelist", |_, this, a| {
        a.none("namelist")?;
        let names = zip_self(this)?
            .infos()
            .iter()
            .map(|i| info_self(i).map(|z| Py::from(z.filename())))
            .collect::<PyResult<_>>()?;
        Ok(List::new(names))
    }),
    blocking_method("infolist", |_, this, a| {
        a.none("infolist")?;
        Ok(List::new(zip_self(this)?.infos()))
    }),
    blocking_method("getinfo", |cx, this, a| {
        let [name] = a.bind("getinfo", ["name"])?;
        zip_self(this)?.getinfo(cx, &req(name))
    }),
    blocking_method("read", |cx, this, a| {
        let [name, pwd] = a.bind("read", ["name", "pwd?"])?;
        let f = zip_self(this)?.open_read(cx, &req(name), pwd.unwrap_or(Py::None))?;
        let data = attr::call_method(cx, &f, "read", Args::default());
        attr::call_method(cx, &f, "close", Args::default())?;
        data
    }),
    blocking_method("open", open),
    blocking_method("write", write),
    blocking_method("writestr", writestr),
    blocking_method("mkdir", mkdir),
    blocking_method("extract", extract),
    blocking_method("extractall", extractall),
    blocking_method("testzip", testzip),
    blocking_method("setpassword", |_, this, a| {
        let [pwd] = a.bind("setpassword", ["pwd"])?;
        let pwd = req(pwd);
        if !matches!(pwd, Py::Bytes(_) | Py::None) {
            return Err(exceptions::type_error(format!("pwd: expected bytes, got {}", semantics::type_name(&pwd))));
        }
        zip_self(this)?.lock().pwd = pwd;
        Ok(Py::None)
    }),
    blocking_method("close", |_, this, a| {
        a.none("close")?;
        zip_self(this)?.close()
    }),
    blocking_method("__enter__", |_, this, _| Ok(this.clone())),
    blocking_method("__exit__", |_, this, _| zip_self(this)?.close()),
    property("comment", |_, this, _| Ok(Py::bytes(zip_self(this)?.lock().comment.clone()))),
    property("NameToInfo", |cx, this, _| {
        let d = Dict::new_empty();
        for i in zip_self(this)?.infos() {
            let name = Py::from(info_self(&i)?.filename());
            semantics::setitem(cx, &d, name, i)?;
        }
        Ok(d)
    }),
];

struct State {
    fp: Option<fs::File>,
    filelist: Vec<Py>,
    start_dir: u64,
    did_modify: bool,
    writing: bool,
    comment: Vec<u8>,
    pwd: Py,
}

pub struct ZipArchive {
    filename: Py,
    mode: &'static str,
    compression: i64,
    compresslevel: Py,
    allow_zip64: bool,
    strict_timestamps: bool,
    metadata_encoding: Option<String>,
    st: Mutex<State>,
}

pub fn zip_self(this: &Py) -> PyResult<&ZipArchive> {
    this.downcast::<ZipArchive>().ok_or_else(|| exceptions::type_error("a zipfile.ZipFile is required"))
}

fn io_err(e: &std::io::Error) -> PyErr {
    exceptions::os_error(e, None)
}

/// The archive's central directory, read from an open file: its members,
/// where the directory starts, the archive comment.
pub fn read_contents(fp: &mut fs::File, encoding: Option<&str>) -> PyResult<(Vec<Py>, u64, Vec<u8>)> {
    let not_zip = || bad_zip_file("File is not a zip file");
    let size = fp.seek(SeekFrom::End(0)).map_err(|_| not_zip())?;
    let tail_start = size.saturating_sub(format::TAIL);
    fp.seek(SeekFrom::Start(tail_start)).map_err(|e| io_err(&e))?;
    let mut tail = Vec::new();
    fp.read_to_end(&mut tail).map_err(|e| io_err(&e))?;
    let end = format::end_record(&tail, tail_start).map_err(|e| bad_zip_file(&e.0))?.ok_or_else(not_zip)?;
    let (start, concat) = format::directory_start(&end).map_err(|e| bad_zip_file(&e.0))?;
    fp.seek(SeekFrom::Start(start)).map_err(|e| io_err(&e))?;
    let mut cd = Vec::new();
    Read::by_ref(fp).take(end.size_cd).read_to_end(&mut cd).map_err(|e| io_err(&e))?;
    let entries = format::central_directory(&cd, end.size_cd, concat).map_err(|e| bad_zip_file(&e.0))?;
    let infos = entries.iter().map(|e| info::from_entry(e, encoding).map(info::into_py)).collect::<PyResult<_>>()?;
    Ok((infos, start, end.comment))
}

/// `ZipFile(file, mode='r', compression=ZIP_STORED, allowZip64=True,
/// compresslevel=None, *, strict_timestamps=True, metadata_encoding=None)`.
fn zipfile_new(cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    let [file, mode, compression, allow_zip64, compresslevel, strict, encoding] = args.bind(
        "ZipFile",
        [
            "file",
            "mode?",
            "compression?",
            "allowZip64?",
            "compresslevel?",
            "$strict_timestamps?",
            "$metadata_encoding?",
        ],
    )?;
    let mode = match mode.as_ref().map(|m| args::as_str("ZipFile", m)).transpose()?.unwrap_or("r") {
        "r" => "r",
        "w" => "w",
        "x" => "x",
        "a" => "a",
        _ => return Err(exceptions::value_error("ZipFile requires mode 'r', 'w', 'x', or 'a'")),
    };
    let compression = args::opt_int("ZipFile", compression.as_ref())?.unwrap_or(0);
    check_compression(compression)?;
    let metadata_encoding = args::opt_str("ZipFile", encoding.as_ref())?;
    if metadata_encoding.is_some() && mode != "r" {
        return Err(exceptions::value_error("metadata_encoding is only supported for reading files"));
    }
    let file = req(file);
    let name = match semantics::fspath(cx, &file) {
        Ok(p @ Py::Str(_)) => PathStr::new(cx, &p)?,
        _ => return Err(exceptions::not_implemented("zipfile.ZipFile of a file object (give it a path)")),
    };
    let path = name.to_path(cx)?;
    // CPython's modeDict and its fallbacks.
    let open = |how: &str| -> std::io::Result<fs::File> {
        let mut o = fs::OpenOptions::new();
        match how {
            "rb" => o.read(true),
            "w+b" => o.read(true).write(true).create(true).truncate(true),
            "wb" => o.write(true).create(true).truncate(true),
            "x+b" => o.read(true).write(true).create_new(true),
            "xb" => o.write(true).create_new(true),
            _ => o.read(true).write(true),
        };
        o.open(&path)
    };
    let chain: &[&str] = match mode {
        "r" => &["rb"],
        "w" => &["w+b", "wb"],
        "x" => &["x+b", "xb"],
        _ => &["r+b", "w+b", "wb"],
    };
    let mut fp = None;
    let mut last = None;
    for how in chain {
        match open(how) {
            Ok(f) => {
                fp = Some(f);
                break;
            }
            Err(e) => last = Some(e),
        }
    }
    let mut fp = match (fp, last) {
        (Some(f), _) => f,
        (None, Some(e)) => return Err(name.error(&e)),
        (None, None) => return Err(exceptions::value_error("ZipFile: no mode")),
    };
    if fp.metadata().is_ok_and(|m| m.is_dir()) {
        return Err(name.error(&std::io::Error::from_raw_os_error(crate::platform::errno::EISDIR)));
    }
    let mut st = State {
        fp: None,
        filelist: Vec::new(),
        start_dir: 0,
        did_modify: false,
        writing: false,
        comment: Vec::new(),
        pwd: Py::None,
    };
    match mode {
        "r" => {
            let (infos, start, comment) = read_contents(&mut fp, metadata_encoding.as_deref())?;
            (st.filelist, st.start_dir, st.comment) = (infos, start, comment);
        }
        "a" => match read_contents(&mut fp, None) {
            Ok((infos, start, comment)) => {
                (st.filelist, st.start_dir, st.comment) = (infos, start, comment);
                fp.seek(SeekFrom::Start(start)).map_err(|e| io_err(&e))?;
            }
            Err(e) if e.class().name == "BadZipFile" => {
                st.start_dir = fp.seek(SeekFrom::End(0)).map_err(|e| io_err(&e))?;
                st.did_modify = true;
            }
            Err(e) => return Err(e),
        },
        _ => {
            st.did_modify = true;
            st.start_dir = fp.stream_position().map_err(|e| io_err(&e))?;
        }
    }
    st.fp = Some(fp);
    Ok(Py::obj(ZipArchive {
        filename: name.value(),
        mode,
        compression,
        compresslevel: compresslevel.unwrap_or(Py::None),
        allow_zip64: args::opt_bool(cx, allow_zip64.as_ref(), true)?,
        strict_timestamps: args::opt_bool(cx, strict.as_ref(), true)?,
        metadata_encoding,
        st: Mutex::new(st),
    }))
}

fn closed_error() -> PyErr {
    exceptions::value_error("Attempt to use ZIP archive that was already closed")
}

/// The header fields of a ZipInfo.
fn fields<'a>(
    z: &ZipInfo,
    name: &'a [u8],
    flags: u16,
    extra: &'a [u8],
    comment: &'a [u8],
) -> PyResult<HeaderFields<'a>> {
    Ok(HeaderFields {
        name,
        flag_bits: flags,
        extract_version: z.int("extract_version") as u8,
        create_version: z.int("create_version") as u8,
        create_system: z.int("create_system") as u8,
        reserved: z.int("reserved") as u8,
        compress_type: z.int("compress_type") as u16,
        date_time: z.date_time()?,
        crc: z.need_int("CRC")? as u32,
        compress_size: z.int("compress_size") as u64,
        file_size: z.int("file_size") as u64,
        extra,
        comment,
        internal_attr: z.int("internal_attr") as u16,
        external_attr: z.int("external_attr") as u32,
        header_offset: z.int("header_offset") as u64,
    })
}

/// `ZipInfo.FileHeader(zip64)`, keeping the versions it settles on.
fn file_header(z: &ZipInfo, zip64: bool) -> PyResult<Vec<u8>> {
    let (name, flags) = z.encoded_name();
    let (extra, comment) = (z.bytes("extra"), z.bytes("comment"));
    let (h, ev, cv) = format::file_header(&fields(z, &name, flags, &extra, &comment)?, zip64);
    z.set("extract_version", Py::Int(i64::from(ev)));
    z.set("create_version", Py::Int(i64::from(cv)));
    Ok(h)
}

/// Compresses a member's data as its `compress_type` and level say.
fn compress(data: &[u8], compress_type: i64, level: &Py) -> PyResult<Vec<u8>> {
    match compress_type {
        0 => Ok(data.to_vec()),
        8 => {
            let level = match level {
                Py::Int(n) if (0..=9).contains(n) => flate2::Compression::new(*n as u32),
                Py::Int(-1) | Py::None => flate2::Compression::default(),
                _ => return Err(zlib_error("Bad compression level")),
            };
            let mut e = flate2::write::DeflateEncoder::new(Vec::new(), level);
            e.write_all(data).map_err(|e| io_err(&e))?;
            e.finish().map_err(|e| io_err(&e))
        }
        other => {
            check_compression(other)?;
            Err(exceptions::not_implemented("that compression"))
        }
    }
}

impl ZipArchive {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.st.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn infos(&self) -> Vec<Py> {
        self.lock().filelist.clone()
    }

    fn getinfo(&self, cx: &Cx, name: &Py) -> PyResult<Py> {
        let infos = self.infos();
        for i in infos.iter().rev() {
            if semantics::eq(cx, &Py::from(info_self(i)?.filename()), name)? {
                return Ok(i.clone());
            }
        }
        Err(exceptions::key_error(Py::from(format!("There is no item named {} in the archive", shown(cx, name)))))
    }

    /// The ZipInfo `name` stands for (a name or a ZipInfo).
    fn member(&self, cx: &Cx, name: &Py) -> PyResult<Py> {
        if name.downcast::<ZipInfo>().is_some() {
            return Ok(name.clone());
        }
        self.getinfo(cx, name)
    }

    /// `open(name, 'r')`: the member's bytes behind a `ZipExtFile`.
    fn open_read(&self, cx: &Cx, name: &Py, pwd: Py) -> PyResult<Py> {
        let zinfo_v = self.member(cx, name)?;
        let z = info_self(&zinfo_v)?;
        let mut st = self.lock();
        if st.writing {
            return Err(exceptions::value_error(
                "Can't read from the ZIP file while there is an open writing handle on it. Close the writing handle before trying to read.",
            ));
        }
        let fp = st.fp.as_mut().ok_or_else(closed_error)?;
        fp.seek(SeekFrom::Start(z.need_int("header_offset")? as u64)).map_err(|e| io_err(&e))?;
        let mut h = vec![0u8; format::SIZE_FILE_HEADER];
        let got = fp.read(&mut h).map_err(|e| io_err(&e))?;
        h.truncate(got);
        let (hflags, n, m) = format::local_header(&h).map_err(|e| bad_zip_file(&e.0))?;
        let mut fname = vec![0u8; n];
        fp.read_exact(&mut fname).map_err(|_| bad_zip_file("Truncated file header"))?;
        fp.seek(SeekFrom::Current(m as i64)).map_err(|e| io_err(&e))?;
        let flag_bits = z.int("flag_bits") as u16;
        if flag_bits & format::MASK_COMPRESSED_PATCH != 0 {
            return Err(exceptions::new("NotImplementedError", "compressed patched data (flag bit 5)"));
        }
        if flag_bits & format::MASK_STRONG_ENCRYPTION != 0 {
            return Err(exceptions::new("NotImplementedError", "strong encryption (flag bit 6)"));
        }
        let fname_str = if hflags & format::MASK_UTF_FILENAME != 0 {
            String::from_utf8_lossy(&fname).into_owned()
        } else {
            match &self.metadata_encoding {
                Some(enc) => crate::objects::file::decode_text(&fname, Some(enc), None)?,
                None => format::decode_cp437(&fname),
            }
        };
        let orig = z.get("orig_filename").unwrap_or(Py::None);
        if !semantics::eq(cx, &Py::from(fname_str), &orig)? {
            return Err(bad_zip_file(&format!(
                "File name in directory {} and header {} differ.",
                shown(cx, &orig),
                shown(cx, &Py::bytes(fname))
            )));
        }
        if flag_bits & format::MASK_ENCRYPTED != 0 {
            let pwd = if pwd.is_none() { st.pwd.clone() } else { pwd };
            if !semantics::truthy(cx, &pwd)? {
                return Err(exceptions::runtime_error(format!(
                    "File {} is encrypted, password required for extraction",
                    shown(cx, name)
                )));
            }
            return Err(exceptions::not_implemented("zipfile: reading encrypted members (ZipCrypto)"));
        }
        let compress_size = z.int("compress_size") as u64;
        let mut raw = Vec::new();
        Read::by_ref(fp).take(compress_size).read_to_end(&mut raw).map_err(|e| io_err(&e))?;
        drop(st);
        let ct = z.int("compress_type");
        let data = match ct {
            0 => {
                if (raw.len() as u64) < compress_size {
                    return Err(exceptions::new("EOFError", ""));
                }
                raw
            }
            8 => {
                let mut out = Vec::new();
                let mut d = flate2::read::DeflateDecoder::new(&raw[..]);
                d.read_to_end(&mut out).map_err(|e| {
                    if e.kind() == std::io::ErrorKind::UnexpectedEof {
                        exceptions::new("EOFError", "Compressed file ended before the end-of-stream marker was reached")
                    } else {
                        zlib_error("Error -3 while decompressing data: invalid stored block lengths")
                    }
                })?;
                out
            }
            other => {
                check_compression(other)?;
                return Err(exceptions::new("NotImplementedError", "That compression method is not supported"));
            }
        };
        let crc = z.int("CRC") as u32;
        let name_v = z.get("filename").unwrap_or(Py::None);
        let detail = info::compressor_name(ct).filter(|_| ct != 0);
        Ok(MemberFile::new(&ZIP_EXT_FILE, name_v, "r", detail, data, ext_repr, Some((crc, crc_error))))
    }

    /// The checks of `_open_to_write` and `_writecheck`; the zip64 choice.
    fn start_write(&self, z: &ZipInfo, force_zip64: bool) -> PyResult<bool> {
        let mut st = self.lock();
        if st.fp.is_none() {
            return Err(exceptions::value_error("Attempt to write ZIP archive that was already closed"));
        }
        if force_zip64 && !self.allow_zip64 {
            return Err(exceptions::value_error(
                "force_zip64 is True, but allowZip64 was False when opening the ZIP file.",
            ));
        }
        if st.writing {
            return Err(exceptions::value_error(
                "Can't write to the ZIP file while there is another write handle open on it. Close the first handle before opening another.",
            ));
        }
        let zip64 = force_zip64 || (z.int("file_size") as f64) * 1.05 > format::ZIP64_LIMIT as f64;
        if !self.allow_zip64 && zip64 {
            return Err(large_zip_file("Filesize would require ZIP64 extensions"));
        }
        self.writecheck(&st, z)?;
        st.writing = true;
        Ok(zip64)
    }

    fn writecheck(&self, st: &State, z: &ZipInfo) -> PyResult<()> {
        if !matches!(self.mode, "w" | "x" | "a") {
            return Err(exceptions::value_error("write() requires mode 'w', 'x', or 'a'"));
        }
        if st.fp.is_none() {
            return Err(exceptions::value_error("Attempt to write ZIP archive that was already closed"));
        }
        check_compression(z.int("compress_type"))?;
        if !self.allow_zip64 {
            let what = if st.filelist.len() as u64 >= format::ZIP_FILECOUNT_LIMIT {
                Some("Files count")
            } else if z.int("file_size") as u64 > format::ZIP64_LIMIT {
                Some("Filesize")
            } else if z.int("header_offset") as u64 > format::ZIP64_LIMIT {
                Some("Zipfile size")
            } else {
                None
            };
            if let Some(what) = what {
                return Err(large_zip_file(&format!("{what} would require ZIP64 extensions")));
            }
        }
        Ok(())
    }

    /// Writes one member (header, data, header again with the sizes),
    /// after `start_write`.
    fn finish_write(&self, zinfo: &Py, data: &[u8], zip64: bool) -> PyResult<()> {
        let z = info_self(zinfo)?;
        let mut st = self.lock();
        let result = (|| -> PyResult<()> {
            z.set("compress_size", Py::Int(0));
            z.set("CRC", Py::Int(0));
            z.set("flag_bits", Py::Int(0));
            if z.int("external_attr") == 0 {
                z.set("external_attr", Py::Int(0o600 << 16));
            }
            let start_dir = st.start_dir;
            let fp = st.fp.as_mut().ok_or_else(closed_error)?;
            fp.seek(SeekFrom::Start(start_dir)).map_err(|e| io_err(&e))?;
            z.set("header_offset", Py::from(start_dir));
            st.did_modify = true;
            let fp = st.fp.as_mut().ok_or_else(closed_error)?;
            fp.write_all(&file_header(z, zip64)?).map_err(|e| io_err(&e))?;
            let level = z.get("_compresslevel").unwrap_or(Py::None);
            let packed = compress(data, z.int("compress_type"), &level)?;
            fp.write_all(&packed).map_err(|e| io_err(&e))?;
            z.set("compress_size", Py::from(packed.len()));
            z.set("CRC", Py::from(u64::from(crc32fast::hash(data))));
            z.set("file_size", Py::from(data.len()));
            if !zip64 {
                if data.len() as u64 > format::ZIP64_LIMIT {
                    return Err(exceptions::runtime_error("File size too large, try using force_zip64"));
                }
                if packed.len() as u64 > format::ZIP64_LIMIT {
                    return Err(exceptions::runtime_error("Compressed size too large, try using force_zip64"));
                }
            }
            let end = fp.stream_position().map_err(|e| io_err(&e))?;
            fp.seek(SeekFrom::Start(start_dir)).map_err(|e| io_err(&e))?;
            fp.write_all(&file_header(z, zip64)?).map_err(|e| io_err(&e))?;
            fp.seek(SeekFrom::Start(end)).map_err(|e| io_err(&e))?;
            st.start_dir = end;
            st.filelist.push(zinfo.clone());
            Ok(())
        })();
        st.writing = false;
        result
    }

    /// `mkdir(zinfo)` once the ZipInfo is made: a header, no data.
    fn add_dir(&self, zinfo: &Py) -> PyResult<()> {
        let z = info_self(zinfo)?;
        let mut st = self.lock();
        if st.fp.is_none() {
            return Err(exceptions::value_error("Attempt to write ZIP archive that was already closed"));
        }
        let start_dir = st.start_dir;
        z.set("header_offset", Py::from(start_dir));
        self.writecheck(&st, z)?;
        st.did_modify = true;
        st.filelist.push(zinfo.clone());
        let fp = st.fp.as_mut().ok_or_else(closed_error)?;
        fp.seek(SeekFrom::Start(start_dir)).map_err(|e| io_err(&e))?;
        fp.write_all(&file_header(z, false)?).map_err(|e| io_err(&e))?;
        st.start_dir = fp.stream_position().map_err(|e| io_err(&e))?;
        Ok(())
    }

    /// `close()`: the central directory and end records when written to.
    fn close(&self) -> PyResult<Py> {
        let mut st = self.lock();
        if st.fp.is_none() {
            return Ok(Py::None);
        }
        if st.writing {
            return Err(exceptions::value_error(
                "Can't close the ZIP file while there is an open writing handle on it. Close the writing handle before closing the zip.",
            ));
        }
        let result =
            if matches!(self.mode, "w" | "x" | "a") && st.did_modify { self.write_end(&mut st) } else { Ok(()) };
        st.fp = None;
        result.map(|()| Py::None)
    }

    fn write_end(&self, st: &mut State) -> PyResult<()> {
        let mut cd = Vec::new();
        for zinfo in &st.filelist {
            let z = info_self(zinfo)?;
            let (name, flags) = z.encoded_name();
            let (extra, comment) = (z.bytes("extra"), z.bytes("comment"));
            cd.extend(format::central_entry(&fields(z, &name, flags, &extra, &comment)?));
        }
        let end =
            format::end_records(st.filelist.len() as u64, cd.len() as u64, st.start_dir, &st.comment, self.allow_zip64)
                .map_err(|m| large_zip_file(&m))?;
        let start_dir = st.start_dir;
        let fp = st.fp.as_mut().ok_or_else(closed_error)?;
        fp.seek(SeekFrom::Start(start_dir)).map_err(|e| io_err(&e))?;
        fp.write_all(&cd).map_err(|e| io_err(&e))?;
        fp.write_all(&end).map_err(|e| io_err(&e))?;
        if self.mode == "a" {
            let at = fp.stream_position().map_err(|e| io_err(&e))?;
            fp.set_len(at).map_err(|e| io_err(&e))?;
        }
        fp.flush().map_err(|e| io_err(&e))
    }
}

fn ext_repr(m: &MemberFile, cx: &Cx) -> PyResult<String> {
    if m.is_closed() {
        return Ok("<zipfile.ZipExtFile [closed]>".into());
    }
    let mut out = format!("<zipfile.ZipExtFile name={} mode='r'", shown(cx, &m.name));
    if let Some(d) = m.detail {
        out.push_str(&format!(" compress_type={d}"));
    }
    out.push('>');
    Ok(out)
}

fn crc_error(m: &MemberFile) -> PyErr {
    let name = match &m.name {
        Py::Str(s) => format!("'{s}'"),
        _ => "?".into(),
    };
    bad_zip_file(&format!("Bad CRC-32 for file {name}"))
}

/// `open(name, mode='r', pwd=None, *, force_zip64=False)`.
fn open(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [name, mode, pwd, force] = args.bind("open", ["name", "mode?", "pwd?", "$force_zip64?"])?;
    let (name, pwd) = (req(name), pwd.unwrap_or(Py::None));
    let mode = match mode.as_ref().map(|m| args::as_str("open", m)).transpose() {
        Ok(None | Some("r")) => "r",
        Ok(Some("w")) => "w",
        _ => return Err(exceptions::value_error("open() requires mode \"r\" or \"w\"")),
    };
    if mode == "w" && semantics::truthy(cx, &pwd)? {
        return Err(exceptions::value_error("pwd is only supported for reading files"));
    }
    let zf = zip_self(this)?;
    if zf.lock().fp.is_none() {
        return Err(closed_error());
    }
    if mode == "r" {
        return zf.open_read(cx, &name, pwd);
    }
    let zinfo = if name.downcast::<ZipInfo>().is_some() {
        name
    } else {
        let Py::Str(s) = &name else {
            return Err(exceptions::type_error(format!("must be str, not {}", semantics::type_name(&name))));
        };
        let z = info::new_info(s, Py::tuple([1980, 1, 1, 0, 0, 0].map(Py::Int).to_vec()))?;
        z.set("compress_type", Py::Int(zf.compression));
        z.set("_compresslevel", zf.compresslevel.clone());
        info::into_py(z)
    };
    let zip64 = zf.start_write(info_self(&zinfo)?, args::opt_bool(cx, force.as_ref(), false)?)?;
    Ok(Py::obj(Writer { archive: this.clone(), zinfo, zip64, buf: Mutex::new(Some(Vec::new())) }))
}

/// `_ZipWriteFile`: what `open(name, 'w')` returns; the member is written
/// when it is closed.
struct Writer {
    archive: Py,
    zinfo: Py,
    zip64: bool,
    buf: Mutex<Option<Vec<u8>>>,
}

fn writer_self(this: &Py) -> PyResult<&Writer> {
    this.downcast::<Writer>().ok_or_else(|| exceptions::type_error("a zipfile._ZipWriteFile is required"))
}

impl Writer {
    fn close(&self) -> PyResult<Py> {
        let Some(data) = self.buf.lock().unwrap_or_else(|e| e.into_inner()).take() else { return Ok(Py::None) };
        zip_self(&self.archive)?.finish_write(&self.zinfo, &data, self.zip64)?;
        Ok(Py::None)
    }
}

static WRITER_METHODS: [Method; 6] = [
    blocking_method("write", |cx, this, a| {
        let [data] = a.bind("write", ["data"])?;
        let data = crate::objects::file::bytes_like(cx, &req(data))?;
        let w = writer_self(this)?;
        let mut buf = w.buf.lock().unwrap_or_else(|e| e.into_inner());
        let b = buf.as_mut().ok_or_else(|| exceptions::value_error("I/O operation on closed file."))?;
        b.extend_from_slice(&data);
        Ok(Py::from(data.len()))
    }),
    blocking_method("close", |_, this, _| writer_self(this)?.close()),
    blocking_method("writable", |_, _, _| Ok(Py::Bool(true))),
    blocking_method("__enter__", |_, this, _| Ok(this.clone())),
    blocking_method("__exit__", |_, this, _| writer_self(this)?.close()),
    property("closed", |_, this, _| {
        Ok(Py::Bool(writer_self(this)?.buf.lock().unwrap_or_else(|e| e.into_inner()).is_none()))
    }),
];

impl PyObject for Writer {
    fn ty(&self) -> TypeRef {
        ZIP_WRITE_FILE.clone()
    }
    fn blocks(&self, _method: Option<&str>) -> bool {
        true
    }
}

/// `write(filename, arcname=None, compress_type=None, compresslevel=None)`.
fn write(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [filename, arcname, compress_type, compresslevel] =
        args.bind("write", ["filename", "arcname?", "compress_type?", "compresslevel?"])?;
    let zf = zip_self(this)?;
    {
        let st = zf.lock();
        if st.fp.is_none() {
            return Err(exceptions::value_error("Attempt to write to ZIP archive that was already closed"));
        }
        if st.writing {
            return Err(exceptions::value_error("Can't write to ZIP archive while an open writing handle exists"));
        }
    }
    let filename = req(filename);
    let z = info::from_file(cx, &filename, arcname, zf.strict_timestamps)?;
    if z.is_dir() {
        z.set("compress_size", Py::Int(0));
        z.set("CRC", Py::Int(0));
        zf.add_dir(&info::into_py(z))?;
        return Ok(Py::None);
    }
    z.set("compress_type", compress_type.filter(|c| !c.is_none()).unwrap_or(Py::Int(zf.compression)));
    z.set("_compresslevel", compresslevel.filter(|c| !c.is_none()).unwrap_or_else(|| zf.compresslevel.clone()));
    let path = semantics::fspath_buf(cx, &filename)?;
    let data = fs::read(&path).map_err(|e| PathStr::new(cx, &filename).map_or_else(|x| x, |p| p.error(&e)))?;
    let zinfo = info::into_py(z);
    let zip64 = zf.start_write(info_self(&zinfo)?, false)?;
    zf.finish_write(&zinfo, &data, zip64)?;
    Ok(Py::None)
}

/// `writestr(zinfo_or_arcname, data, compress_type=None, compresslevel=None)`.
fn writestr(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [target, data, compress_type, compresslevel] =
        args.bind("writestr", ["zinfo_or_arcname", "data", "compress_type?", "compresslevel?"])?;
    let zf = zip_self(this)?;
    let data = match req(data) {
        Py::Str(s) => s.as_bytes().to_vec(),
        other => crate::objects::file::bytes_like(cx, &other)?.to_vec(),
    };
    let target = req(target);
    let zinfo = if target.downcast::<ZipInfo>().is_some() {
        target
    } else {
        let Py::Str(name) = &target else {
            return Err(exceptions::type_error(format!("must be str, not {}", semantics::type_name(&target))));
        };
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
        let z = info::new_info(name, info::local_date_time(now)?)?;
        z.set("compress_type", Py::Int(zf.compression));
        z.set("_compresslevel", zf.compresslevel.clone());
        z.set("external_attr", Py::Int(if z.is_dir() { (0o40775 << 16) | 0x10 } else { 0o600 << 16 }));
        info::into_py(z)
    };
    {
        let st = zf.lock();
        if st.fp.is_none() {
            return Err(exceptions::value_error("Attempt to write to ZIP archive that was already closed"));
        }
        if st.writing {
            return Err(exceptions::value_error("Can't write to ZIP archive while an open writing handle exists."));
        }
    }
    let z = info_self(&zinfo)?;
    if let Some(c) = compress_type.filter(|c| !c.is_none()) {
        z.set("compress_type", c);
    }
    if let Some(l) = compresslevel.filter(|c| !c.is_none()) {
        z.set("_compresslevel", l);
    }
    z.set("file_size", Py::from(data.len()));
    let zip64 = zf.start_write(z, false)?;
    zf.finish_write(&zinfo, &data, zip64)?;
    Ok(Py::None)
}

/// `mkdir(zinfo_or_directory_name, mode=511)`.
fn mkdir(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [target, mode] = args.bind("mkdir", ["zinfo_or_directory_name", "mode?"])?;
    let zf = zip_self(this)?;
    let target = req(target);
    let zinfo = match &target {
        v if v.downcast::<ZipInfo>().is_some() => {
            if !info_self(v)?.is_dir() {
                return Err(exceptions::value_error("The given ZipInfo does not describe a directory"));
            }
            target.clone()
        }
        Py::Str(name) => {
            let mut name = name.to_string();
            if !name.ends_with('/') {
                name.push('/');
            }
            let mode = args::opt_int("mkdir", mode.as_ref())?.unwrap_or(0o777);
            let z = info::new_info(&name, Py::tuple([1980, 1, 1, 0, 0, 0].map(Py::Int).to_vec()))?;
            z.set("compress_size", Py::Int(0));
            z.set("CRC", Py::Int(0));
            z.set("external_attr", Py::Int((((0o40000 | mode) & 0xFFFF) << 16) | 0x10));
            z.set("file_size", Py::Int(0));
            info::into_py(z)
        }
        _ => return Err(exceptions::type_error("Expected type str or ZipInfo")),
    };
    let _ = cx;
    zf.add_dir(&zinfo)?;
    Ok(Py::None)
}

/// `_extract_member`: the member written under `target`; its path.
fn extract_member(cx: &Cx, this: &Py, member: &Py, target: &[u8], pwd: &Py) -> PyResult<Py> {
    let zf = zip_self(this)?;
    let zinfo = zf.member(cx, member)?;
    let z = info_self(&zinfo)?;
    let filename = z.filename();
    let arcname: Vec<&str> = filename.split('/').filter(|x| !matches!(*x, "" | "." | "..")).collect();
    let joined = pure::join(target, &[arcname.join("/").as_bytes()]);
    let targetpath = pure::normpath(&joined);
    let like = PathStr::new(cx, &Py::str(""))?;
    let tp = like.like(&targetpath);
    let upper = pure::dirname(&targetpath);
    if !upper.is_empty() {
        let up = like.like(upper);
        if !up.to_path(cx)?.exists() {
            crate::modules::os::makedirs_path(cx, &up, 0o777, false)?;
        }
    }
    if z.is_dir() {
        let p = tp.to_path(cx)?;
        if !p.is_dir() {
            fs::create_dir(&p).map_err(|e| tp.error(&e))?;
        }
        return Ok(tp.value());
    }
    let source = zf.open_read(cx, &zinfo, pwd.clone())?;
    let data = attr::call_method(cx, &source, "read", Args::default())?;
    let Py::Bytes(data) = data else { return Err(exceptions::type_error("member data")) };
    fs::write(tp.to_path(cx)?, &data[..]).map_err(|e| tp.error(&e))?;
    Ok(tp.value())
}

fn target_dir(cx: &Cx, path: Option<Py>) -> PyResult<Vec<u8>> {
    match path.filter(|p| !p.is_none()) {
        None => crate::modules::os_path::cwd_bytes(),
        Some(p) => Ok(PathStr::new(cx, &p)?.bytes().to_vec()),
    }
}

fn extract(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [member, path, pwd] = args.bind("extract", ["member", "path?", "pwd?"])?;
    let target = target_dir(cx, path)?;
    extract_member(cx, this, &req(member), &target, &pwd.unwrap_or(Py::None))
}

fn extractall(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [path, members, pwd] = args.bind("extractall", ["path?", "members?", "pwd?"])?;
    let target = target_dir(cx, path)?;
    let pwd = pwd.unwrap_or(Py::None);
    let members = match members.filter(|m| !m.is_none()) {
        Some(m) => semantics::iterate(cx, &m)?,
        None => zip_self(this)?.infos(),
    };
    for m in members {
        cx.check_interrupt()?;
        extract_member(cx, this, &m, &target, &pwd)?;
    }
    Ok(Py::None)
}

fn testzip(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("testzip")?;
    let zf = zip_self(this)?;
    for zinfo in zf.infos() {
        let name = Py::from(info_self(&zinfo)?.filename());
        let r = zf.open_read(cx, &name, Py::None).and_then(|f| attr::call_method(cx, &f, "read", Args::default()));
        match r {
            Err(e) if e.class().name == "BadZipFile" => return Ok(name),
            Err(e) => return Err(e),
            Ok(_) => {}
        }
    }
    Ok(Py::None)
}

impl PyObject for ZipArchive {
    fn ty(&self) -> TypeRef {
        ZIP_FILE.clone()
    }
    fn repr(&self, _this: &ObjRef, cx: &Cx) -> PyResult<String> {
        if self.lock().fp.is_none() {
            return Ok("<zipfile.ZipFile [closed]>".into());
        }
        Ok(format!("<zipfile.ZipFile filename={} mode={}>", shown(cx, &self.filename), shown(cx, &Py::str(self.mode))))
    }
    fn getattr(&self, _this: &ObjRef, name: &str, _cx: &Cx) -> PyResult<Option<Py>> {
        Ok(Some(match name {
            "filename" => self.filename.clone(),
            "mode" => Py::str(self.mode),
            "compression" => Py::Int(self.compression),
            "compresslevel" => self.compresslevel.clone(),
            "debug" => Py::Int(0),
            "filelist" => List::new(self.infos()),
            "start_dir" => Py::from(self.lock().start_dir),
            "pwd" => self.lock().pwd.clone(),
            "metadata_encoding" => self.metadata_encoding.clone().map_or(Py::None, Py::from),
            _ => return Ok(None),
        }))
    }
    fn setattr(&self, name: &str, value: Py, _cx: &Cx) -> PyResult<bool> {
        match name {
            "comment" => {
                let Py::Bytes(b) = &value else {
                    return Err(exceptions::type_error(format!(
                        "comment: expected bytes, got {}",
                        semantics::type_name(&value)
                    )));
                };
                let mut st = self.lock();
                st.comment = b[..b.len().min(0xFFFF)].to_vec();
                st.did_modify = true;
                Ok(true)
            }
            _ => Err(exceptions::attribute_error("ZipFile", name)),
        }
    }
    fn blocks(&self, _method: Option<&str>) -> bool {
        true
    }
}

impl Drop for ZipArchive {
    /// `__del__` closes: an archive being written gets its end records.
    fn drop(&mut self) {
        let _ = self.close();
    }
}
