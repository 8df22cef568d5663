//! The ZIP container, byte for byte as CPython 3.11's `zipfile` reads and
//! writes it: the end of central directory record (with its ZIP64 form
//! and an archive comment), central directory entries, local file headers
//! and their ZIP64 extra fields. No Python objects here.

/// A bad archive, with `BadZipFile`'s message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bad(pub String);

pub const ZIP64_LIMIT: u64 = (1 << 31) - 1;
pub const ZIP_FILECOUNT_LIMIT: u64 = (1 << 16) - 1;
pub const DEFAULT_VERSION: u8 = 20;
pub const ZIP64_VERSION: u8 = 45;
pub const MAX_EXTRACT_VERSION: u8 = 63;
pub const MASK_USE_DATA_DESCRIPTOR: u16 = 1 << 3;
pub const MASK_ENCRYPTED: u16 = 1;
pub const MASK_COMPRESSED_PATCH: u16 = 1 << 5;
pub const MASK_STRONG_ENCRYPTION: u16 = 1 << 6;
pub const MASK_UTF_FILENAME: u16 = 1 << 11;
pub const SIZE_FILE_HEADER: usize = 30;
const SIZE_CENTRAL_DIR: usize = 46;
const SIZE_END_CENT_DIR: usize = 22;
const SIZE_END_CENT_DIR64: usize = 56;
const SIZE_END_CENT_DIR64_LOCATOR: usize = 20;

fn u16_at(b: &[u8], i: usize) -> u16 {
    u16::from_le_bytes([b[i], b[i + 1]])
}

fn u32_at(b: &[u8], i: usize) -> u32 {
    u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]])
}

fn u64_at(b: &[u8], i: usize) -> u64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&b[i..i + 8]);
    u64::from_le_bytes(a)
}

/// What the end of central directory record says.
#[derive(Debug, Clone, Default)]
pub struct EndRecord {
    pub zip64: bool,
    pub size_cd: u64,
    pub offset_cd: u64,
    pub comment: Vec<u8>,
    /// Where the record starts in the file.
    pub location: u64,
}

/// How much of the end of an archive holds its end records (a comment of
/// up to 64 KiB, the record, the ZIP64 record and locator).
pub const TAIL: u64 = (1 << 16) + (SIZE_END_CENT_DIR + SIZE_END_CENT_DIR64 + SIZE_END_CENT_DIR64_LOCATOR) as u64;

/// `_EndRecData(fp)` on the last bytes of the archive (`tail`, which
/// starts at `tail_start`): `Ok(None)` when there is no end record.
pub fn end_record(tail: &[u8], tail_start: u64) -> Result<Option<EndRecord>, Bad> {
    let data = tail;
    let filesize = data.len();
    if filesize < SIZE_END_CENT_DIR {
        return Ok(None);
    }
    let last = &data[filesize - SIZE_END_CENT_DIR..];
    if last.starts_with(b"PK\x05\x06") && last.ends_with(b"\x00\x00") {
        let rec = record(last, Vec::new(), tail_start + (filesize - SIZE_END_CENT_DIR) as u64);
        return zip64(data, filesize - SIZE_END_CENT_DIR, rec).map(Some);
    }
    let max_comment_start = filesize.saturating_sub((1 << 16) + SIZE_END_CENT_DIR);
    let window = &data[max_comment_start..];
    let Some(start) = window.windows(4).rposition(|w| w == b"PK\x05\x06") else { return Ok(None) };
    let rec = &window[start..];
    if rec.len() < SIZE_END_CENT_DIR {
        return Ok(None);
    }
    let comment_size = usize::from(u16_at(rec, 20));
    let comment = rec[SIZE_END_CENT_DIR..(SIZE_END_CENT_DIR + comment_size).min(rec.len())].to_vec();
    let rec = record(&rec[..SIZE_END_CENT_DIR], comment, tail_start + (max_comment_start + start) as u64);
    zip64(data, max_comment_start + start, rec).map(Some)
}

fn record(b: &[u8], comment: Vec<u8>, location: u64) -> EndRecord {
    EndRecord {
        zip64: false,
        size_cd: u64::from(u32_at(b, 12)),
        offset_cd: u64::from(u32_at(b, 16)),
        comment,
        location,
    }
}

/// `_EndRecData64`: the ZIP64 records before the end record at `at`.
fn zip64(data: &[u8], at: usize, mut rec: EndRecord) -> Result<EndRecord, Bad> {
    let Some(loc_at) = at.checked_sub(SIZE_END_CENT_DIR64_LOCATOR) else { return Ok(rec) };
    let loc = &data[loc_at..at];
    if !loc.starts_with(b"PK\x06\x07") {
        return Ok(rec);
    }
    let (diskno, disks) = (u32_at(loc, 4), u32_at(loc, 16));
    if diskno != 0 || disks > 1 {
        return Err(Bad("zipfiles that span multiple disks are not supported".into()));
    }
    let Some(end64_at) = loc_at.checked_sub(SIZE_END_CENT_DIR64) else { return Ok(rec) };
    let end64 = &data[end64_at..loc_at];
    if !end64.starts_with(b"PK\x06\x06") {
        return Ok(rec);
    }
    rec.zip64 = true;
    rec.size_cd = u64_at(end64, 40);
    rec.offset_cd = u64_at(end64, 48);
    Ok(rec)
}

/// One member as the central directory describes it (ZipInfo's fields).
#[derive(Debug, Clone)]
pub struct Entry {
    pub raw_name: Vec<u8>,
    pub create_version: u8,
    pub create_system: u8,
    pub extract_version: u8,
    pub reserved: u8,
    pub flag_bits: u16,
    pub compress_type: u16,
    pub time: u16,
    pub date: u16,
    pub crc: u32,
    pub compress_size: u64,
    pub file_size: u64,
    pub extra: Vec<u8>,
    pub comment: Vec<u8>,
    pub volume: u16,
    pub internal_attr: u16,
    pub external_attr: u32,
    pub header_offset: u64,
}

/// Where the central directory starts, and by how much the archive is
/// shifted in its file (data before it: `concat`).
pub fn directory_start(end: &EndRecord) -> Result<(u64, i128), Bad> {
    let mut concat = end.location as i128 - end.size_cd as i128 - end.offset_cd as i128;
    if end.zip64 {
        concat -= (SIZE_END_CENT_DIR64 + SIZE_END_CENT_DIR64_LOCATOR) as i128;
    }
    let start_dir = end.offset_cd as i128 + concat;
    if start_dir < 0 {
        return Err(Bad("Bad offset for central directory".into()));
    }
    Ok((start_dir as u64, concat))
}

/// The central directory's entries (`_RealGetContents`) from its bytes,
/// header offsets corrected by `concat`.
pub fn central_directory(cd: &[u8], size_cd: u64, concat: i128) -> Result<Vec<Entry>, Bad> {
    let mut entries = Vec::new();
    let mut pos = 0usize;
    while (pos as u64) < size_cd {
        let Some(h) = cd.get(pos..pos + SIZE_CENTRAL_DIR) else {
            return Err(Bad("Truncated central directory".into()));
        };
        if !h.starts_with(b"PK\x01\x02") {
            return Err(Bad("Bad magic number for central directory".into()));
        }
        let (n, m, k) = (usize::from(u16_at(h, 28)), usize::from(u16_at(h, 30)), usize::from(u16_at(h, 32)));
        let take = |from: usize, len: usize| -> Vec<u8> {
            let s = from.min(cd.len());
            cd[s..(s + len).min(cd.len())].to_vec()
        };
        let body = pos + SIZE_CENTRAL_DIR;
        let mut e = Entry {
            raw_name: take(body, n),
            create_version: h[4],
            create_system: h[5],
            extract_version: h[6],
            reserved: h[7],
            flag_bits: u16_at(h, 8),
            compress_type: u16_at(h, 10),
            time: u16_at(h, 12),
            date: u16_at(h, 14),
            crc: u32_at(h, 16),
            compress_size: u64::from(u32_at(h, 20)),
            file_size: u64::from(u32_at(h, 24)),
            extra: take(body + n, m),
            comment: take(body + n + m, k),
            volume: u16_at(h, 34),
            internal_attr: u16_at(h, 36),
            external_attr: u32_at(h, 38),
            header_offset: u64::from(u32_at(h, 42)),
        };
        decode_extra(&mut e)?;
        e.header_offset = (e.header_offset as i128 + concat).max(0) as u64;
        entries.push(e);
        pos = body + n + m + k;
    }
    Ok(entries)
}

/// `_decodeExtra`: the ZIP64 sizes and offset.
fn decode_extra(e: &mut Entry) -> Result<(), Bad> {
    let mut extra: &[u8] = &e.extra.clone();
    while extra.len() >= 4 {
        let (tp, ln) = (u16_at(extra, 0), usize::from(u16_at(extra, 2)));
        if ln + 4 > extra.len() {
            return Err(Bad(format!("Corrupt extra field {tp:04x} (size={ln})")));
        }
        if tp == 1 {
            let mut data = &extra[4..ln + 4];
            let mut next = |field: &str| -> Result<u64, Bad> {
                if data.len() < 8 {
                    return Err(Bad(format!("Corrupt zip64 extra field. {field} not found.")));
                }
                let v = u64_at(data, 0);
                data = &data[8..];
                Ok(v)
            };
            if e.file_size == 0xFFFF_FFFF || e.file_size == u64::MAX {
                e.file_size = next("File size")?;
            }
            if e.compress_size == 0xFFFF_FFFF {
                e.compress_size = next("Compress size")?;
            }
            if e.header_offset == 0xFFFF_FFFF {
                e.header_offset = next("Header offset")?;
            }
        }
        extra = &extra[ln + 4..];
    }
    Ok(())
}

/// A local header's fixed part: (flag bits, name length, extra length).
pub fn local_header(h: &[u8]) -> Result<(u16, usize, usize), Bad> {
    if h.len() != SIZE_FILE_HEADER {
        return Err(Bad("Truncated file header".into()));
    }
    if !h.starts_with(b"PK\x03\x04") {
        return Err(Bad("Bad magic number for file header".into()));
    }
    Ok((u16_at(h, 6), usize::from(u16_at(h, 26)), usize::from(u16_at(h, 28))))
}

/// `(dostime, dosdate)` of a `date_time` tuple.
pub fn dos_time(dt: [i64; 6]) -> (u16, u16) {
    let date = ((dt[0] - 1980) << 9 | dt[1] << 5 | dt[2]) as u16;
    let time = (dt[3] << 11 | dt[4] << 5 | (dt[5] / 2)) as u16;
    (time, date)
}

/// What a header is written from (a ZipInfo's fields).
pub struct HeaderFields<'a> {
    pub name: &'a [u8],
    pub flag_bits: u16,
    pub extract_version: u8,
    pub create_version: u8,
    pub create_system: u8,
    pub reserved: u8,
    pub compress_type: u16,
    pub date_time: [i64; 6],
    pub crc: u32,
    pub compress_size: u64,
    pub file_size: u64,
    pub extra: &'a [u8],
    pub comment: &'a [u8],
    pub internal_attr: u16,
    pub external_attr: u32,
    pub header_offset: u64,
}

/// `ZipInfo.FileHeader(zip64)`: the local header, and the versions it
/// settled on (which the ZipInfo keeps).
pub fn file_header(f: &HeaderFields, zip64: bool) -> (Vec<u8>, u8, u8) {
    let (time, date) = dos_time(f.date_time);
    let (mut crc, mut compress_size, mut file_size) = (f.crc, f.compress_size, f.file_size);
    if f.flag_bits & MASK_USE_DATA_DESCRIPTOR != 0 {
        (crc, compress_size, file_size) = (0, 0, 0);
    }
    let mut extra = f.extra.to_vec();
    let mut min_version = 0;
    if zip64 {
        extra.extend_from_slice(&1u16.to_le_bytes());
        extra.extend_from_slice(&16u16.to_le_bytes());
        extra.extend_from_slice(&file_size.to_le_bytes());
        extra.extend_from_slice(&compress_size.to_le_bytes());
        (file_size, compress_size) = (0xFFFF_FFFF, 0xFFFF_FFFF);
        min_version = ZIP64_VERSION;
    }
    let extract_version = f.extract_version.max(min_version);
    let create_version = f.create_version.max(min_version);
    let mut h = Vec::with_capacity(SIZE_FILE_HEADER + f.name.len() + extra.len());
    h.extend_from_slice(b"PK\x03\x04");
    h.push(extract_version);
    h.push(f.reserved);
    h.extend_from_slice(&f.flag_bits.to_le_bytes());
    h.extend_from_slice(&f.compress_type.to_le_bytes());
    h.extend_from_slice(&time.to_le_bytes());
    h.extend_from_slice(&date.to_le_bytes());
    h.extend_from_slice(&crc.to_le_bytes());
    h.extend_from_slice(&(compress_size as u32).to_le_bytes());
    h.extend_from_slice(&(file_size as u32).to_le_bytes());
    h.extend_from_slice(&(f.name.len() as u16).to_le_bytes());
    h.extend_from_slice(&(extra.len() as u16).to_le_bytes());
    h.extend_from_slice(f.name);
    h.extend_from_slice(&extra);
    (h, extract_version, create_version)
}

/// `_strip_extra(extra, (1,))`: the extra field without ZIP64 records.
fn strip_zip64(extra: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut i = 0;
    while i + 4 <= extra.len() {
        let (xid, len) = (u16_at(extra, i), usize::from(u16_at(extra, i + 2)));
        let j = (i + 4 + len).min(extra.len());
        if xid != 1 {
            out.extend_from_slice(&extra[i..j]);
        }
        i = j;
    }
    out.extend_from_slice(&extra[i.min(extra.len())..]);
    out
}

/// One central directory entry (`_write_end_record`'s loop body).
pub fn central_entry(f: &HeaderFields) -> Vec<u8> {
    let (time, date) = dos_time(f.date_time);
    let mut zip64: Vec<u64> = Vec::new();
    let (mut file_size, mut compress_size) = (f.file_size, f.compress_size);
    if f.file_size > ZIP64_LIMIT || f.compress_size > ZIP64_LIMIT {
        zip64.extend([f.file_size, f.compress_size]);
        (file_size, compress_size) = (0xFFFF_FFFF, 0xFFFF_FFFF);
    }
    let mut header_offset = f.header_offset;
    if f.header_offset > ZIP64_LIMIT {
        zip64.push(f.header_offset);
        header_offset = 0xFFFF_FFFF;
    }
    let mut extra = f.extra.to_vec();
    let mut min_version = 0;
    if !zip64.is_empty() {
        let mut x = Vec::new();
        x.extend_from_slice(&1u16.to_le_bytes());
        x.extend_from_slice(&((8 * zip64.len()) as u16).to_le_bytes());
        for v in &zip64 {
            x.extend_from_slice(&v.to_le_bytes());
        }
        x.extend_from_slice(&strip_zip64(&extra));
        extra = x;
        min_version = ZIP64_VERSION;
    }
    let mut c = Vec::with_capacity(SIZE_CENTRAL_DIR + f.name.len() + extra.len() + f.comment.len());
    c.extend_from_slice(b"PK\x01\x02");
    c.push(f.create_version.max(min_version));
    c.push(f.create_system);
    c.push(f.extract_version.max(min_version));
    c.push(f.reserved);
    c.extend_from_slice(&f.flag_bits.to_le_bytes());
    c.extend_from_slice(&f.compress_type.to_le_bytes());
    c.extend_from_slice(&time.to_le_bytes());
    c.extend_from_slice(&date.to_le_bytes());
    c.extend_from_slice(&f.crc.to_le_bytes());
    c.extend_from_slice(&(compress_size as u32).to_le_bytes());
    c.extend_from_slice(&(file_size as u32).to_le_bytes());
    c.extend_from_slice(&(f.name.len() as u16).to_le_bytes());
    c.extend_from_slice(&(extra.len() as u16).to_le_bytes());
    c.extend_from_slice(&(f.comment.len() as u16).to_le_bytes());
    c.extend_from_slice(&0u16.to_le_bytes());
    c.extend_from_slice(&f.internal_attr.to_le_bytes());
    c.extend_from_slice(&f.external_attr.to_le_bytes());
    c.extend_from_slice(&(header_offset as u32).to_le_bytes());
    c.extend_from_slice(f.name);
    c.extend_from_slice(&extra);
    c.extend_from_slice(f.comment);
    c
}

/// The end records after a central directory of `count` entries, `size`
/// bytes, at `offset`; `Err(what)` when ZIP64 is needed but not allowed.
pub fn end_records(count: u64, size: u64, offset: u64, comment: &[u8], allow_zip64: bool) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let requires = if count > ZIP_FILECOUNT_LIMIT {
        Some("Files count")
    } else if offset > ZIP64_LIMIT {
        Some("Central directory offset")
    } else if size > ZIP64_LIMIT {
        Some("Central directory size")
    } else {
        None
    };
    let (mut count16, mut size32, mut offset32) = (count, size, offset);
    if let Some(what) = requires {
        if !allow_zip64 {
            return Err(format!("{what} would require ZIP64 extensions"));
        }
        out.extend_from_slice(b"PK\x06\x06");
        out.extend_from_slice(&44u64.to_le_bytes());
        out.extend_from_slice(&45u16.to_le_bytes());
        out.extend_from_slice(&45u16.to_le_bytes());
        out.extend_from_slice(&0u32.to_le_bytes());
        out.extend_from_slice(&0u32.to_le_bytes());
        out.extend_from_slice(&count.to_le_bytes());
        out.extend_from_slice(&count.to_le_bytes());
        out.extend_from_slice(&size.to_le_bytes());
        out.extend_from_slice(&offset.to_le_bytes());
        out.extend_from_slice(b"PK\x06\x07");
        out.extend_from_slice(&0u32.to_le_bytes());
        out.extend_from_slice(&(offset + size).to_le_bytes());
        out.extend_from_slice(&1u32.to_le_bytes());
        count16 = count.min(0xFFFF);
        size32 = size.min(0xFFFF_FFFF);
        offset32 = offset.min(0xFFFF_FFFF);
    }
    out.extend_from_slice(b"PK\x05\x06");
    out.extend_from_slice(&0u16.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out.extend_from_slice(&(count16 as u16).to_le_bytes());
    out.extend_from_slice(&(count16 as u16).to_le_bytes());
    out.extend_from_slice(&(size32 as u32).to_le_bytes());
    out.extend_from_slice(&(offset32 as u32).to_le_bytes());
    out.extend_from_slice(&(comment.len() as u16).to_le_bytes());
    out.extend_from_slice(comment);
    Ok(out)
}

/// cp437 (the historical ZIP name encoding) to Unicode.
pub fn decode_cp437(b: &[u8]) -> String {
    const HIGH: &str = "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u{a0}";
    let high: Vec<char> = HIGH.chars().collect();
    b.iter().map(|&c| if c < 0x80 { char::from(c) } else { high[usize::from(c - 0x80)] }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_of_headers_and_records() {
        let f = HeaderFields {
            name: b"a.txt",
            flag_bits: 0,
            extract_version: 20,
            create_version: 20,
            create_system: 3,
            reserved: 0,
            compress_type: 0,
            date_time: [2023, 11, 14, 22, 13, 20],
            crc: 0x1234_5678,
            compress_size: 5,
            file_size: 5,
            extra: b"",
            comment: b"c",
            internal_attr: 0,
            external_attr: 0o100644 << 16,
            header_offset: 0,
        };
        let (local, ev, cv) = file_header(&f, false);
        assert_eq!((local.len(), ev, cv), (35, 20, 20));
        let mut archive = local.clone();
        archive.extend_from_slice(b"hello");
        let cd_at = archive.len() as u64;
        let cd = central_entry(&f);
        archive.extend_from_slice(&cd);
        archive.extend_from_slice(&end_records(1, cd.len() as u64, cd_at, b"zc", true).expect("end"));
        let end = end_record(&archive[10..], 10).expect("ok").expect("found");
        assert_eq!((end.size_cd, end.offset_cd, end.comment.as_slice()), (cd.len() as u64, cd_at, &b"zc"[..]));
        let (start, concat) = directory_start(&end).expect("start");
        assert_eq!((start, concat), (cd_at, 0));
        let entries = central_directory(&archive[start as usize..], end.size_cd, concat).expect("cd");
        assert_eq!(entries[0].raw_name, b"a.txt");
        assert_eq!((entries[0].crc, entries[0].external_attr >> 16), (0x1234_5678, 0o100644));
        assert_eq!(local_header(&archive[..30]), Ok((0, 5, 0)));
        assert!(matches!(end_record(b"not a zip file at all", 0), Ok(None)));
        assert!(local_header(&archive[3..33]).is_err());
        assert_eq!(decode_cp437(b"a\x81\xff"), "aü\u{a0}");
        let (big, ..) = file_header(&f, true);
        assert_eq!((big.len(), big[4]), (35 + 20, 45));
    }
}
