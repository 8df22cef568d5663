//! Tar header blocks, byte for byte as CPython 3.11's `tarfile` reads
//! and writes them: number fields (octal, or GNU base-256), string
//! fields, checksums, ustar/GNU/pax headers, GNU long names and pax
//! extended records. No Python objects here.

pub const BLOCKSIZE: usize = 512;
pub const RECORDSIZE: usize = 20 * BLOCKSIZE;
pub const USTAR_FORMAT: i64 = 0;
pub const GNU_FORMAT: i64 = 1;
pub const PAX_FORMAT: i64 = 2;
pub const POSIX_MAGIC: &[u8] = b"ustar\x0000";
pub const GNU_MAGIC: &[u8] = b"ustar  \x00";

pub const REGTYPE: u8 = b'0';
pub const AREGTYPE: u8 = 0;
pub const LNKTYPE: u8 = b'1';
pub const SYMTYPE: u8 = b'2';
pub const CHRTYPE: u8 = b'3';
pub const BLKTYPE: u8 = b'4';
pub const DIRTYPE: u8 = b'5';
pub const FIFOTYPE: u8 = b'6';
pub const CONTTYPE: u8 = b'7';
pub const GNUTYPE_LONGNAME: u8 = b'L';
pub const GNUTYPE_LONGLINK: u8 = b'K';
pub const GNUTYPE_SPARSE: u8 = b'S';
pub const XHDTYPE: u8 = b'x';
pub const XGLTYPE: u8 = b'g';
pub const SOLARIS_XHDTYPE: u8 = b'X';

/// Types tarfile knows (others are extracted as regular files).
pub fn supported(t: &[u8]) -> bool {
    matches!(
        t,
        [REGTYPE
            | AREGTYPE
            | LNKTYPE
            | SYMTYPE
            | DIRTYPE
            | FIFOTYPE
            | CONTTYPE
            | CHRTYPE
            | BLKTYPE
            | GNUTYPE_LONGNAME
            | GNUTYPE_LONGLINK
            | GNUTYPE_SPARSE
            | XHDTYPE
            | XGLTYPE
            | SOLARIS_XHDTYPE]
    )
}

/// `REGULAR_TYPES`.
pub fn regular(t: &[u8]) -> bool {
    matches!(t, [REGTYPE | AREGTYPE | CONTTYPE | GNUTYPE_SPARSE])
}

/// A header error, as tarfile's HeaderError subclasses name them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeaderError {
    Empty,
    Truncated,
    Eof,
    Invalid(&'static str),
}

impl HeaderError {
    pub fn class(&self) -> &'static str {
        match self {
            HeaderError::Empty => "EmptyHeaderError",
            HeaderError::Truncated => "TruncatedHeaderError",
            HeaderError::Eof => "EOFHeaderError",
            HeaderError::Invalid(_) => "InvalidHeaderError",
        }
    }
    pub fn message(&self) -> &'static str {
        match self {
            HeaderError::Empty => "empty header",
            HeaderError::Truncated => "truncated header",
            HeaderError::Eof => "end of file header",
            HeaderError::Invalid(m) => m,
        }
    }
}

/// `nts`: a NUL-terminated field's bytes.
pub fn nts(s: &[u8]) -> &[u8] {
    match s.iter().position(|b| *b == 0) {
        Some(p) => &s[..p],
        None => s,
    }
}

/// `nti`: a number field.
pub fn nti(s: &[u8]) -> Result<i128, HeaderError> {
    if matches!(s.first(), Some(0o200 | 0o377)) {
        let mut n: i128 = 0;
        for b in &s[1..] {
            n = (n << 8) + i128::from(*b);
        }
        if s[0] == 0o377 {
            n = -((1i128 << (8 * (s.len() - 1))) - n);
        }
        return Ok(n);
    }
    let text = std::str::from_utf8(nts(s)).map_err(|_| HeaderError::Invalid("invalid header"))?;
    // Python's str.strip() and int(s, 8) (which allows '_' between digits and a sign).
    let t = text.trim_matches(|c: char| c.is_whitespace());
    if t.is_empty() {
        return Ok(0);
    }
    let (neg, digits) = match t.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let digits = digits.strip_prefix("0o").or_else(|| digits.strip_prefix("0O")).unwrap_or(digits);
    if digits.is_empty() || digits.starts_with('_') || digits.ends_with('_') || digits.contains("__") {
        return Err(HeaderError::Invalid("invalid header"));
    }
    let n = i128::from_str_radix(&digits.replace('_', ""), 8).map_err(|_| HeaderError::Invalid("invalid header"))?;
    Ok(if neg { -n } else { n })
}

/// `itn`: a number field of `digits` bytes; `None` on overflow.
pub fn itn(n: i128, digits: usize, format: i64) -> Option<Vec<u8>> {
    let limit = 1i128 << (3 * (digits - 1));
    if (0..limit).contains(&n) {
        let mut s = format!("{n:0width$o}", width = digits - 1).into_bytes();
        s.push(0);
        return Some(s);
    }
    let big = 1i128 << (8 * (digits - 1));
    if format == GNU_FORMAT && (-big..big).contains(&n) {
        let mut out = vec![if n >= 0 { 0o200u8 } else { 0o377 }];
        let mut v = if n >= 0 { n } else { (1i128 << (8 * digits)) + n };
        let mut tail = Vec::with_capacity(digits - 1);
        for _ in 0..digits - 1 {
            tail.push((v & 0xFF) as u8);
            v >>= 8;
        }
        tail.reverse();
        out.extend(tail);
        return Some(out);
    }
    None
}

/// `stn`: a string field padded with NULs (cut at `length`).
pub fn stn(s: &[u8], length: usize) -> Vec<u8> {
    let mut out = s[..s.len().min(length)].to_vec();
    out.resize(length, 0);
    out
}

/// `calc_chksums`: (unsigned, signed) sums with the checksum field as spaces.
pub fn calc_chksums(buf: &[u8]) -> (i128, i128) {
    let (mut u, mut s) = (256i128, 256i128);
    for (i, b) in buf.iter().enumerate().take(BLOCKSIZE) {
        if (148..156).contains(&i) {
            continue;
        }
        u += i128::from(*b);
        s += i128::from(*b as i8);
    }
    (u, s)
}

/// Old GNU sparse structs: ((offset, size) pairs, extended, original size).
pub type SparseStructs = (Vec<(i128, i128)>, bool, i128);

/// Pax records: (keyword, value) bytes.
pub type PaxRecords = Vec<(Vec<u8>, Vec<u8>)>;

/// A parsed header block (`frombuf`), names still bytes.
#[derive(Debug, Clone, Default)]
pub struct Raw {
    pub name: Vec<u8>,
    pub mode: i128,
    pub uid: i128,
    pub gid: i128,
    pub size: i128,
    pub mtime: i128,
    pub chksum: i128,
    pub typ: Vec<u8>,
    pub linkname: Vec<u8>,
    pub uname: Vec<u8>,
    pub gname: Vec<u8>,
    pub devmajor: i128,
    pub devminor: i128,
    pub prefix: Vec<u8>,
    /// Old GNU sparse structs: (structs, isextended, origsize).
    pub sparse: Option<SparseStructs>,
}

/// `TarInfo.frombuf` up to the name fix-ups the caller does with text.
pub fn frombuf(buf: &[u8]) -> Result<Raw, HeaderError> {
    if buf.is_empty() {
        return Err(HeaderError::Empty);
    }
    if buf.len() != BLOCKSIZE {
        return Err(HeaderError::Truncated);
    }
    if buf.iter().all(|b| *b == 0) {
        return Err(HeaderError::Eof);
    }
    let chksum = nti(&buf[148..156])?;
    let (u, s) = calc_chksums(buf);
    if chksum != u && chksum != s {
        return Err(HeaderError::Invalid("bad checksum"));
    }
    let mut raw = Raw {
        name: nts(&buf[0..100]).to_vec(),
        mode: nti(&buf[100..108])?,
        uid: nti(&buf[108..116])?,
        gid: nti(&buf[116..124])?,
        size: nti(&buf[124..136])?,
        mtime: nti(&buf[136..148])?,
        chksum,
        typ: buf[156..157].to_vec(),
        linkname: nts(&buf[157..257]).to_vec(),
        uname: nts(&buf[265..297]).to_vec(),
        gname: nts(&buf[297..329]).to_vec(),
        devmajor: nti(&buf[329..337])?,
        devminor: nti(&buf[337..345])?,
        prefix: nts(&buf[345..500]).to_vec(),
        sparse: None,
    };
    if raw.typ == [AREGTYPE] && raw.name.ends_with(b"/") {
        raw.typ = vec![DIRTYPE];
    }
    if raw.typ == [GNUTYPE_SPARSE] {
        let mut structs = Vec::new();
        let mut pos = 386;
        for _ in 0..4 {
            match (nti(&buf[pos..pos + 12]), nti(&buf[pos + 12..pos + 24])) {
                (Ok(o), Ok(n)) => structs.push((o, n)),
                _ => break,
            }
            pos += 24;
        }
        raw.sparse = Some((structs, buf[482] != 0, nti(&buf[483..495])?));
    }
    Ok(raw)
}

/// What a header is written from (`get_info()` plus magic and prefix).
pub struct Fields<'a> {
    pub name: &'a [u8],
    pub mode: i128,
    pub uid: i128,
    pub gid: i128,
    pub size: i128,
    pub mtime: i128,
    pub typ: &'a [u8],
    pub linkname: &'a [u8],
    pub magic: &'a [u8],
    pub uname: &'a [u8],
    pub gname: &'a [u8],
    pub devmajor: i128,
    pub devminor: i128,
    pub prefix: &'a [u8],
}

/// `_create_header`: one block; `Err` names the field that overflows.
pub fn create_header(f: &Fields, format: i64) -> Result<Vec<u8>, String> {
    let num = |n: i128, digits: usize| itn(n, digits, format).ok_or_else(|| "overflow in number field".to_owned());
    let dev = matches!(f.typ, [CHRTYPE | BLKTYPE]);
    let mut b = Vec::with_capacity(BLOCKSIZE);
    b.extend(stn(f.name, 100));
    b.extend(num(f.mode & 0o7777, 8)?);
    b.extend(num(f.uid, 8)?);
    b.extend(num(f.gid, 8)?);
    b.extend(num(f.size, 12)?);
    b.extend(num(f.mtime, 12)?);
    b.extend_from_slice(b"        ");
    b.extend_from_slice(f.typ);
    b.extend(stn(f.linkname, 100));
    b.extend_from_slice(f.magic);
    b.extend(stn(f.uname, 32));
    b.extend(stn(f.gname, 32));
    if dev {
        b.extend(num(f.devmajor, 8)?);
        b.extend(num(f.devminor, 8)?);
    } else {
        b.extend(stn(b"", 8));
        b.extend(stn(b"", 8));
    }
    b.extend(stn(f.prefix, 155));
    b.resize(BLOCKSIZE, 0);
    let chksum = calc_chksums(&b).0;
    let field = format!("{chksum:06o}\0");
    b[148..148 + field.len()].copy_from_slice(field.as_bytes());
    Ok(b)
}

/// `_create_payload`: padded to whole blocks.
pub fn payload(mut data: Vec<u8>) -> Vec<u8> {
    let rem = data.len() % BLOCKSIZE;
    if rem > 0 {
        data.resize(data.len() + BLOCKSIZE - rem, 0);
    }
    data
}

/// A header of a special member (`././@LongLink`, `././@PaxHeader`).
fn special(name: &[u8], typ: u8, size: usize, magic: &[u8]) -> Vec<u8> {
    let typ = [typ];
    let f = Fields {
        name,
        mode: 0,
        uid: 0,
        gid: 0,
        size: size as i128,
        mtime: 0,
        typ: &typ,
        linkname: b"",
        magic,
        uname: b"",
        gname: b"",
        devmajor: 0,
        devminor: 0,
        prefix: b"",
    };
    // Small numbers: cannot overflow.
    create_header(&f, USTAR_FORMAT).unwrap_or_default()
}

/// `_create_gnu_long_header`.
pub fn gnu_long(name: &[u8], typ: u8) -> Vec<u8> {
    let mut data = name.to_vec();
    data.push(0);
    let mut out = special(b"././@LongLink", typ, data.len(), GNU_MAGIC);
    out.extend(payload(data));
    out
}

/// `_create_pax_generic_header`: `records` are (keyword, value) in order;
/// `binary` when a value could not be UTF-8 (hdrcharset=BINARY).
pub fn pax_header(records: &[(Vec<u8>, Vec<u8>)], typ: u8, binary: bool) -> Vec<u8> {
    let mut data = Vec::new();
    if binary {
        data.extend_from_slice(b"21 hdrcharset=BINARY\n");
    }
    for (k, v) in records {
        let l = k.len() + v.len() + 3;
        let mut p = 0usize;
        loop {
            let n = l + p.to_string().len();
            if n == p {
                break;
            }
            p = n;
        }
        data.extend_from_slice(p.to_string().as_bytes());
        data.push(b' ');
        data.extend_from_slice(k);
        data.push(b'=');
        data.extend_from_slice(v);
        data.push(b'\n');
    }
    let mut out = special(b"././@PaxHeader", typ, data.len(), POSIX_MAGIC);
    out.extend(payload(data));
    out
}

/// The records of a pax header's data: (keyword, value) bytes in order,
/// as `_proc_pax` reads them; a zero length is an invalid header.
pub fn pax_records(buf: &[u8]) -> Result<PaxRecords, HeaderError> {
    let mut out = Vec::new();
    let mut pos = 0;
    loop {
        // (\d+) ([^=]+)=
        let digits = buf[pos.min(buf.len())..].iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 || buf.get(pos + digits) != Some(&b' ') {
            break;
        }
        let kw_start = pos + digits + 1;
        let kw_len = buf[kw_start..].iter().take_while(|b| **b != b'=').count();
        if kw_len == 0 || kw_start + kw_len >= buf.len() {
            break;
        }
        let length: usize = std::str::from_utf8(&buf[pos..pos + digits]).ok().and_then(|s| s.parse().ok()).unwrap_or(0);
        if length == 0 {
            return Err(HeaderError::Invalid("invalid header"));
        }
        let value_start = kw_start + kw_len + 1;
        let value_end = (pos + length).saturating_sub(1).min(buf.len()).max(value_start.min(buf.len()));
        out.push((buf[kw_start..kw_start + kw_len].to_vec(), buf[value_start.min(buf.len())..value_end].to_vec()));
        pos += length;
        if pos >= buf.len() {
            break;
        }
    }
    Ok(out)
}

/// `_posix_split_name`: (prefix, name) of a long ustar name.
pub fn posix_split_name(name: &[u8]) -> Option<(Vec<u8>, Vec<u8>)> {
    let comps: Vec<&[u8]> = name.split(|b| *b == b'/').collect();
    for i in 1..comps.len() {
        let prefix = comps[..i].join(&b'/');
        let rest = comps[i..].join(&b'/');
        if prefix.len() <= 155 && rest.len() <= 100 {
            return Some((prefix, rest));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_checksums_as_cpython() {
        assert_eq!(itn(0o644, 8, PAX_FORMAT), Some(b"0000644\0".to_vec()));
        assert_eq!(itn(8i128.pow(11), 12, PAX_FORMAT), None);
        assert_eq!(itn(-1, 8, GNU_FORMAT), Some(vec![0o377, 255, 255, 255, 255, 255, 255, 255]));
        assert_eq!(nti(&[0o377, 255, 255, 255, 255, 255, 255, 255]), Ok(-1));
        assert_eq!(nti(b"0000644\0"), Ok(0o644));
        assert_eq!(nti(b"  644 \0"), Ok(0o644));
        assert_eq!(nti(b"\0\0\0"), Ok(0));
        assert!(nti(b"9\0").is_err());
        let f = Fields {
            name: b"a.txt",
            mode: 0o644,
            uid: 0,
            gid: 0,
            size: 3,
            mtime: 1_700_000_000,
            typ: b"0",
            linkname: b"",
            magic: POSIX_MAGIC,
            uname: b"root",
            gname: b"root",
            devmajor: 0,
            devminor: 0,
            prefix: b"",
        };
        let h = create_header(&f, PAX_FORMAT).expect("header");
        let raw = frombuf(&h).expect("parse");
        assert_eq!(
            (raw.name.as_slice(), raw.size, raw.mtime, raw.uname.as_slice()),
            (&b"a.txt"[..], 3, 1_700_000_000, &b"root"[..])
        );
        assert_eq!(frombuf(&[0; 512]).err(), Some(HeaderError::Eof));
        assert_eq!(frombuf(&[1; 100]).err(), Some(HeaderError::Truncated));
        let records = vec![(b"path".to_vec(), vec![b'x'; 120])];
        let pax = pax_header(&records, XHDTYPE, false);
        let raw = frombuf(&pax[..512]).expect("pax header");
        let data = &pax[512..512 + raw.size as usize];
        assert_eq!(pax_records(data).ok(), Some(records));
        assert_eq!(posix_split_name(&[b'a'; 120]), None);
    }
}
