//! Deflate streams in zlib's three containers — zlib (RFC 1950), gzip
//! (RFC 1952) and raw — chosen by `wbits` as zlib does. miniz_oxide
//! compresses and inflates raw deflate; the headers, trailers and
//! checksums are written and checked here, with zlib's error texts.

use miniz_oxide::deflate::core::{compress, CompressionStrategy, CompressorOxide, TDEFLFlush, TDEFLStatus};
use miniz_oxide::inflate::stream::{inflate, InflateState};
use miniz_oxide::{DataFormat, MZError, MZFlush, MZStatus};

use crate::modules::binascii::crc32;
use crate::runtime::semantics::MAX_BYTES;

/// `zlib.adler32`.
pub fn adler32(data: &[u8], start: u32) -> u32 {
    const MOD: u32 = 65521;
    let (mut a, mut b) = (start & 0xffff, start >> 16);
    for chunk in data.chunks(5552) {
        for &byte in chunk {
            a += u32::from(byte);
            b += a;
        }
        a %= MOD;
        b %= MOD;
    }
    (b << 16) | a
}

/// The container a `wbits` value selects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Container {
    Zlib {
        window: u8,
    },
    Gzip {
        window: u8,
    },
    Raw {
        window: u8,
    },
    /// Decompression only: gzip or zlib, by the first bytes (`wbits` 40–47).
    Auto {
        window: u8,
    },
}

impl Container {
    /// The container for compressing (`deflateInit2`); `None` is zlib's
    /// "Bad compression level" (a stream error).
    pub fn for_compress(wbits: i64) -> Option<Container> {
        Some(match wbits {
            8..=15 => Container::Zlib { window: wbits.max(9) as u8 },
            -15..=-9 => Container::Raw { window: (-wbits) as u8 },
            24..=31 => Container::Gzip { window: (wbits - 16).max(9) as u8 },
            _ => return None,
        })
    }

    /// The container for decompressing (`inflateInit2`); `0` takes the
    /// window from the zlib header.
    pub fn for_decompress(wbits: i64) -> Option<Container> {
        Some(match wbits {
            0 => Container::Zlib { window: 0 },
            8..=15 => Container::Zlib { window: wbits as u8 },
            -15..=-8 => Container::Raw { window: (-wbits) as u8 },
            16 | 24..=31 => Container::Gzip { window: (wbits - 16) as u8 },
            32 | 40..=47 => Container::Auto { window: (wbits - 32) as u8 },
            _ => return None,
        })
    }
}

/// A failure as zlib reports it: its code and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZError {
    pub code: i32,
    pub msg: &'static str,
    /// What was being done when it is not the caller's operation
    /// (`while setting zdict`).
    pub context: Option<&'static str>,
}

impl ZError {
    pub fn new(code: i32, msg: &'static str) -> ZError {
        ZError { code, msg, context: None }
    }
}

pub const Z_NEED_DICT: i32 = 2;
pub const Z_STREAM_ERROR: i32 = -2;
pub const Z_DATA_ERROR: i32 = -3;
pub const Z_BUF_ERROR: i32 = -5;

fn data_error(msg: &'static str) -> ZError {
    ZError::new(Z_DATA_ERROR, msg)
}

/// An output that refuses to grow past the agent's limit on bytes.
fn check_size(out: &[u8]) -> Result<(), ZError> {
    if out.len() > MAX_BYTES {
        return Err(ZError::new(-4, "out of memory"));
    }
    Ok(())
}

/// A compressor (`zlib.compressobj`).
#[derive(Clone)]
pub struct Deflater {
    engine: Box<CompressorOxide>,
    container: Container,
    level: i64,
    strategy: i64,
    header_written: bool,
    check: u32,
    total_in: u64,
    finished: bool,
    /// The preset dictionary's Adler-32, for the zlib header.
    dict_id: Option<u32>,
}

impl Deflater {
    /// `level` is -1 (zlib's default, 6) or 0–9.
    /// With a preset dictionary, the engine first compresses it and its
    /// output is dropped at a sync point: what follows refers back into it
    /// as zlib's `deflateSetDictionary` makes it (not for gzip).
    pub fn new(level: i64, container: Container, strategy: i64, zdict: Option<&[u8]>) -> Deflater {
        let level = if level < 0 { 6 } else { level };
        let window = match container {
            Container::Zlib { window } | Container::Gzip { window } | Container::Raw { window } => window,
            Container::Auto { window } => window,
        };
        let miniz_strategy = match strategy {
            1 => CompressionStrategy::Filtered,
            2 => CompressionStrategy::HuffmanOnly,
            3 => CompressionStrategy::RLE,
            4 => CompressionStrategy::Fixed,
            _ => CompressionStrategy::Default,
        };
        let mut engine = Box::new(CompressorOxide::with_params(DataFormat::Raw, level as u8, miniz_strategy, window));
        let check = if matches!(container, Container::Zlib { .. }) { 1 } else { 0 };
        let dict_id = zdict.filter(|d| !d.is_empty()).map(|dict| {
            let mut rest = dict;
            let mut sink = vec![0u8; 64 * 1024];
            loop {
                let (status, consumed, _) = compress(&mut engine, rest, &mut sink, TDEFLFlush::Sync);
                rest = &rest[consumed..];
                if rest.is_empty() || status != TDEFLStatus::Okay {
                    break;
                }
            }
            adler32(dict, 1)
        });
        Deflater {
            engine,
            container,
            level,
            strategy,
            header_written: false,
            check,
            total_in: 0,
            finished: false,
            dict_id,
        }
    }

    fn header(&self) -> Vec<u8> {
        match self.container {
            Container::Zlib { window } => {
                let cmf = (u16::from(window - 8) << 4) | 8;
                let level_flags = if self.strategy >= 2 || self.level < 2 {
                    0
                } else if self.level < 6 {
                    1
                } else if self.level == 6 {
                    2
                } else {
                    3
                };
                let mut header = (cmf << 8) | (level_flags << 6);
                if self.dict_id.is_some() {
                    header |= 0x20;
                }
                header += 31 - header % 31;
                let mut out = header.to_be_bytes().to_vec();
                if let Some(id) = self.dict_id {
                    out.extend_from_slice(&id.to_be_bytes());
                }
                out
            }
            Container::Gzip { .. } => {
                let xfl = if self.level == 9 {
                    2
                } else if self.strategy >= 2 || self.level < 2 {
                    4
                } else {
                    0
                };
                vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, xfl, 3]
            }
            _ => Vec::new(),
        }
    }

    fn run(&mut self, input: &[u8], flush: TDEFLFlush, out: &mut Vec<u8>) -> Result<(), ZError> {
        if self.finished {
            return Err(ZError::new(Z_STREAM_ERROR, "inconsistent stream state"));
        }
        if !self.header_written {
            out.extend(self.header());
            self.header_written = true;
        }
        self.check = match self.container {
            Container::Zlib { .. } => adler32(input, self.check),
            Container::Gzip { .. } => crc32(input, self.check),
            _ => 0,
        };
        self.total_in += input.len() as u64;
        let mut rest = input;
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let (status, consumed, written) = compress(&mut self.engine, rest, &mut buf, flush);
            out.extend_from_slice(&buf[..written]);
            check_size(out)?;
            rest = &rest[consumed..];
            match status {
                TDEFLStatus::Done => break,
                TDEFLStatus::Okay if rest.is_empty() && written < buf.len() => break,
                TDEFLStatus::Okay => {}
                _ => return Err(ZError::new(Z_STREAM_ERROR, "inconsistent stream state")),
            }
        }
        if flush == TDEFLFlush::Finish {
            self.finished = true;
            match self.container {
                Container::Zlib { .. } => out.extend_from_slice(&self.check.to_be_bytes()),
                Container::Gzip { .. } => {
                    out.extend_from_slice(&self.check.to_le_bytes());
                    out.extend_from_slice(&(self.total_in as u32).to_le_bytes());
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Compresses more input; may return nothing yet.
    pub fn compress(&mut self, input: &[u8]) -> Result<Vec<u8>, ZError> {
        let mut out = Vec::new();
        self.run(input, TDEFLFlush::None, &mut out)?;
        Ok(out)
    }

    /// `flush(mode)`: `Z_NO_FLUSH` (0) does nothing, `Z_SYNC_FLUSH` (2) and
    /// `Z_FULL_FLUSH` (3) flush, `Z_FINISH` (4) ends the stream.
    pub fn flush(&mut self, mode: i64) -> Result<Vec<u8>, ZError> {
        let flush = match mode {
            0 => return Ok(Vec::new()),
            1 => TDEFLFlush::Partial,
            2 | 5 | 6 => TDEFLFlush::Sync,
            3 => TDEFLFlush::Full,
            _ => TDEFLFlush::Finish,
        };
        let mut out = Vec::new();
        self.run(&[], flush, &mut out)?;
        Ok(out)
    }
}

/// One-shot compression.
pub fn deflate_all(data: &[u8], level: i64, container: Container) -> Result<Vec<u8>, ZError> {
    let mut d = Deflater::new(level, container, 0, None);
    let mut out = Vec::with_capacity(data.len() / 2 + 64);
    d.run(data, TDEFLFlush::Finish, &mut out)?;
    Ok(out)
}

/// Where a decompressor is in its container.
#[derive(Clone, Copy)]
enum Phase {
    /// Collecting the header's bytes.
    Header,
    Body,
    /// Collecting the trailer's bytes.
    Trailer,
    Done,
}

/// A decompressor (`zlib.decompressobj`, and one-shot `decompress`).
#[derive(Clone)]
pub struct Inflater {
    engine: Box<InflateState>,
    container: Container,
    phase: Phase,
    pending: Vec<u8>,
    check: u32,
    total_out: u64,
    /// The preset dictionary (`decompressobj(zdict=...)`).
    zdict: Option<Vec<u8>>,
}

impl Inflater {
    pub fn new(container: Container) -> Inflater {
        Inflater::with_dictionary(container, None)
    }

    /// A raw stream starts from the dictionary at once; a zlib stream when
    /// its header asks for it.
    pub fn with_dictionary(container: Container, zdict: Option<Vec<u8>>) -> Inflater {
        let phase = if matches!(container, Container::Raw { .. }) { Phase::Body } else { Phase::Header };
        let mut inflater = Inflater {
            engine: InflateState::new_boxed(DataFormat::Raw),
            container,
            phase,
            pending: Vec::new(),
            check: 0,
            total_out: 0,
            zdict,
        };
        if matches!(container, Container::Raw { .. }) {
            inflater.prime();
        }
        inflater
    }

    /// Puts the dictionary in the engine's window: it inflates stored
    /// blocks holding it (not final, byte-aligned, so the real stream
    /// follows) and drops their output.
    fn prime(&mut self) {
        let Some(dict) = &self.zdict else { return };
        let dict = &dict[dict.len().saturating_sub(32 * 1024)..];
        let mut blocks = Vec::with_capacity(dict.len() + 5);
        for chunk in dict.chunks(0xffff) {
            let len = chunk.len() as u16;
            blocks.push(0);
            blocks.extend_from_slice(&len.to_le_bytes());
            blocks.extend_from_slice(&(!len).to_le_bytes());
            blocks.extend_from_slice(chunk);
        }
        let mut sink = vec![0u8; dict.len().max(1)];
        let mut rest = &blocks[..];
        while !rest.is_empty() {
            let r = inflate(&mut self.engine, rest, &mut sink, MZFlush::None);
            if r.bytes_consumed == 0 {
                break;
            }
            rest = &rest[r.bytes_consumed..];
        }
    }

    pub fn eof(&self) -> bool {
        matches!(self.phase, Phase::Done)
    }

    /// Parses a complete header in `pending`: its length, `None` if more
    /// bytes are needed.
    fn header(&mut self) -> Result<Option<usize>, ZError> {
        let p = &self.pending;
        if let Container::Auto { window } = self.container {
            if p.len() < 2 {
                return Ok(None);
            }
            self.container =
                if p[..2] == [0x1f, 0x8b] { Container::Gzip { window } } else { Container::Zlib { window } };
        }
        match self.container {
            Container::Zlib { window } => {
                if p.len() < 2 {
                    return Ok(None);
                }
                if (u16::from(p[0]) << 8 | u16::from(p[1])) % 31 != 0 {
                    return Err(data_error("incorrect header check"));
                }
                if p[0] & 0x0f != 8 {
                    return Err(data_error("unknown compression method"));
                }
                let bits = (p[0] >> 4) + 8;
                if bits > 15 || (window != 0 && bits > window) {
                    return Err(data_error("invalid window size"));
                }
                self.check = 1;
                if p[1] & 0x20 == 0 {
                    return Ok(Some(2));
                }
                let Some(dict) = &self.zdict else { return Err(ZError::new(Z_NEED_DICT, "")) };
                let Some(id) = p.get(2..6) else { return Ok(None) };
                if u32::from_be_bytes([id[0], id[1], id[2], id[3]]) != adler32(dict, 1) {
                    return Err(ZError { code: Z_DATA_ERROR, msg: "", context: Some("while setting zdict") });
                }
                self.prime();
                Ok(Some(6))
            }
            _ => gzip_header(p),
        }
    }

    /// Feeds input: the output (at most `max_length` bytes when not zero)
    /// and how much of the input was used. Input after the end of the
    /// stream, or left because of the limit, is the caller's to keep.
    pub fn decompress(&mut self, input: &[u8], max_length: usize) -> Result<(Vec<u8>, usize), ZError> {
        let mut out = Vec::new();
        let mut pos = 0;
        loop {
            match self.phase {
                Phase::Done => return Ok((out, pos)),
                Phase::Header => {
                    let before = self.pending.len();
                    self.pending.extend_from_slice(&input[pos..]);
                    let Some(n) = self.header()? else { return Ok((out, input.len())) };
                    pos += n - before;
                    self.pending.clear();
                    self.phase = Phase::Body;
                }
                Phase::Trailer => {
                    let need = if matches!(self.container, Container::Zlib { .. }) { 4 } else { 8 };
                    let take = (need - self.pending.len()).min(input.len() - pos);
                    self.pending.extend_from_slice(&input[pos..pos + take]);
                    pos += take;
                    if self.pending.len() < need {
                        return Ok((out, pos));
                    }
                    let trailer = std::mem::take(&mut self.pending);
                    self.trailer(&trailer)?;
                    self.phase = Phase::Done;
                }
                Phase::Body => {
                    let (consumed, ended) = self.body(&input[pos..], max_length, &mut out)?;
                    pos += consumed;
                    if !ended {
                        return Ok((out, pos));
                    }
                    self.phase =
                        if matches!(self.container, Container::Raw { .. }) { Phase::Done } else { Phase::Trailer };
                }
            }
        }
    }

    /// Inflates body bytes: how many were consumed and whether the deflate
    /// stream ended.
    fn body(&mut self, input: &[u8], max_length: usize, out: &mut Vec<u8>) -> Result<(usize, bool), ZError> {
        let mut consumed = 0;
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let room = if max_length > 0 { (max_length - out.len().min(max_length)).min(buf.len()) } else { buf.len() };
            if room == 0 {
                return Ok((consumed, false));
            }
            let r = inflate(&mut self.engine, &input[consumed..], &mut buf[..room], MZFlush::None);
            consumed += r.bytes_consumed;
            let produced = &buf[..r.bytes_written];
            self.check = match self.container {
                Container::Zlib { .. } => adler32(produced, self.check),
                Container::Gzip { .. } => crc32(produced, self.check),
                _ => 0,
            };
            self.total_out += r.bytes_written as u64;
            out.extend_from_slice(produced);
            check_size(out)?;
            match r.status {
                Ok(MZStatus::StreamEnd) => return Ok((consumed, true)),
                Ok(_) => {}
                Err(MZError::Buf) => return Ok((consumed, false)),
                Err(_) => return Err(ZError::new(Z_DATA_ERROR, "")),
            }
            if r.bytes_consumed == 0 && r.bytes_written == 0 {
                return Ok((consumed, false));
            }
        }
    }

    fn trailer(&self, t: &[u8]) -> Result<(), ZError> {
        match self.container {
            Container::Zlib { .. } => {
                if u32::from_be_bytes([t[0], t[1], t[2], t[3]]) != self.check {
                    return Err(data_error("incorrect data check"));
                }
            }
            _ => {
                if u32::from_le_bytes([t[0], t[1], t[2], t[3]]) != self.check {
                    return Err(data_error("incorrect data check"));
                }
                if u32::from_le_bytes([t[4], t[5], t[6], t[7]]) != self.total_out as u32 {
                    return Err(data_error("incorrect length check"));
                }
            }
        }
        Ok(())
    }
}

/// Length of a complete gzip header at the start of `p` (zlib's checks),
/// `None` while incomplete.
fn gzip_header(p: &[u8]) -> Result<Option<usize>, ZError> {
    if p.len() < 2 {
        return Ok(None);
    }
    if p[..2] != [0x1f, 0x8b] {
        return Err(data_error("incorrect header check"));
    }
    if p.len() < 10 {
        return Ok(None);
    }
    if p[2] != 8 {
        return Err(data_error("unknown compression method"));
    }
    let flags = p[3];
    if flags & 0xe0 != 0 {
        return Err(data_error("unknown header flags set"));
    }
    let mut i = 10;
    if flags & 0x04 != 0 {
        let Some(len) = p.get(i..i + 2) else { return Ok(None) };
        i += 2 + usize::from(u16::from_le_bytes([len[0], len[1]]));
    }
    for flag in [0x08, 0x10] {
        if flags & flag != 0 {
            match p.get(i..).and_then(|rest| rest.iter().position(|&b| b == 0)) {
                Some(end) => i += end + 1,
                None => return Ok(None),
            }
        }
    }
    if flags & 0x02 != 0 {
        if p.len() < i + 2 {
            return Ok(None);
        }
        let crc = crc32(&p[..i], 0) & 0xffff;
        if u32::from(u16::from_le_bytes([p[i], p[i + 1]])) != crc {
            return Err(data_error("header crc mismatch"));
        }
        i += 2;
    }
    Ok((p.len() >= i).then_some(i))
}

/// One-shot decompression: the whole stream must be there; what follows
/// it is ignored.
pub fn inflate_all(data: &[u8], container: Container) -> Result<Vec<u8>, ZError> {
    let mut inflater = Inflater::new(container);
    let (out, _) = inflater.decompress(data, 0)?;
    if !inflater.eof() {
        return Err(ZError::new(Z_BUF_ERROR, "incomplete or truncated stream"));
    }
    Ok(out)
}
