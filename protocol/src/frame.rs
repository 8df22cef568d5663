//! Frames (`rpyc/core/channel.py`): a 5-byte header (`!LB`: payload length
//! as sent, compressed flag), the payload, and one flush byte (`\n`) that
//! the receiver drops unchecked.
//!
//! Sans-IO: [`encode`] appends a whole frame to a buffer (so the driver sends
//! it with one write), [`decode`] looks at buffered bytes and answers
//! "incomplete" (`Ok(None)`) or a whole frame, or an error when the peer broke
//! the format.

use std::borrow::Cow;
use std::io::{Read, Write};

use flate2::{read::ZlibDecoder, write::ZlibEncoder, Compression};

pub const HEADER_LEN: usize = 5;
pub const FLUSHER: u8 = b'\n';
/// Python compresses payloads strictly longer than this (`COMPRESSION_THRESHOLD`).
pub const COMPRESSION_THRESHOLD: usize = 3000;
/// Default limit on one frame's payload, before and after inflation.
pub const DEFAULT_MAX_FRAME: usize = 256 << 20;

/// How frames are written and what is accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrameConfig {
    /// Compress payloads over `compression_threshold` bytes, and send the
    /// compressed form only when it is smaller (Python always sends it).
    pub compress: bool,
    pub compression_threshold: usize,
    /// Largest payload accepted or sent, compressed or inflated.
    pub max_frame: usize,
}

impl Default for FrameConfig {
    fn default() -> Self {
        FrameConfig { compress: true, compression_threshold: COMPRESSION_THRESHOLD, max_frame: DEFAULT_MAX_FRAME }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum FrameError {
    #[error("frame of {size} bytes exceeds the limit of {limit} bytes")]
    TooLarge { size: usize, limit: usize },
    #[error("frame header has compression flag {0} (expected 0 or 1)")]
    BadFlag(u8),
    #[error("compressed frame does not inflate: {0}")]
    Inflate(std::io::Error),
}

/// Appends one frame carrying `payload` to `out`.
pub fn encode(payload: &[u8], config: &FrameConfig, out: &mut Vec<u8>) -> Result<(), FrameError> {
    if payload.len() > config.max_frame || payload.len() > u32::MAX as usize {
        return Err(FrameError::TooLarge { size: payload.len(), limit: config.max_frame });
    }
    if config.compress && payload.len() > config.compression_threshold && worth_compressing(payload) {
        // Level 1, like Python's zlib.compress(data, 1). Writing into a Vec
        // cannot fail; were it to, the frame simply goes out uncompressed.
        let mut encoder = ZlibEncoder::new(Vec::with_capacity(payload.len() / 2), Compression::fast());
        if let Ok(compressed) = encoder.write_all(payload).and_then(|()| encoder.finish()) {
            if compressed.len() < payload.len() {
                out.reserve(HEADER_LEN + compressed.len() + 1);
                out.extend_from_slice(&(compressed.len() as u32).to_be_bytes());
                out.push(1);
                out.extend_from_slice(&compressed);
                out.push(FLUSHER);
                return Ok(());
            }
        }
    }
    out.reserve(HEADER_LEN + payload.len() + 1);
    out.extend_from_slice(&(payload.len() as u32).to_be_bytes());
    out.push(0);
    out.extend_from_slice(payload);
    out.push(FLUSHER);
    Ok(())
}

/// Starts a frame at the end of `out` whose payload is then written in
/// place, so a message is encoded straight into the outgoing buffer with no
/// copy. Returns where the frame starts; end it with [`finish`]. Only for
/// frames sent uncompressed.
pub fn begin(out: &mut Vec<u8>) -> usize {
    let start = out.len();
    out.extend_from_slice(&[0; HEADER_LEN]);
    start
}

/// The length of the payload written since [`begin`] returned `start`.
pub fn payload_len(out: &[u8], start: usize) -> usize {
    out.len().saturating_sub(start + HEADER_LEN)
}

/// Ends the frame begun at `start`: fills in its header (uncompressed) and
/// appends the flusher. A payload over the limit is removed again and
/// refused.
pub fn finish(out: &mut Vec<u8>, start: usize, config: &FrameConfig) -> Result<(), FrameError> {
    let len = payload_len(out, start);
    if len > config.max_frame || len > u32::MAX as usize {
        out.truncate(start);
        return Err(FrameError::TooLarge { size: len, limit: config.max_frame });
    }
    if let Some(header) = out.get_mut(start..start + HEADER_LEN) {
        header[..4].copy_from_slice(&(len as u32).to_be_bytes());
        header[4] = 0;
    }
    out.push(FLUSHER);
    Ok(())
}

/// Payloads larger than this are sampled before they are compressed whole.
const SAMPLE_LEN: usize = 64 << 10;

/// Whether compressing is likely to pay: large payloads (a file read of
/// random or already compressed bytes) are judged by deflating a sample
/// from their start and one from their middle; if neither shrinks by a
/// tenth, the whole payload is sent as it is, and the cost of deflating
/// megabytes only to throw the result away is saved.
fn worth_compressing(payload: &[u8]) -> bool {
    if payload.len() <= 2 * SAMPLE_LEN {
        return true;
    }
    let mid = payload.len() / 2;
    [&payload[..SAMPLE_LEN], &payload[mid..mid + SAMPLE_LEN]].iter().any(|sample| {
        let mut encoder = ZlibEncoder::new(Vec::with_capacity(SAMPLE_LEN), Compression::fast());
        match encoder.write_all(sample).and_then(|()| encoder.finish()) {
            Ok(compressed) => compressed.len() < sample.len() / 10 * 9,
            Err(_) => false,
        }
    })
}

/// A frame found in a buffer.
#[derive(Debug, PartialEq, Eq)]
pub struct Decoded {
    pub payload: Vec<u8>,
    /// Bytes of the buffer the frame took, flusher included.
    pub consumed: usize,
}

/// A frame found in a buffer, its payload borrowed from the buffer unless it
/// had to be inflated.
#[derive(Debug, PartialEq, Eq)]
pub struct Parsed<'a> {
    pub payload: Cow<'a, [u8]>,
    /// Bytes of the buffer the frame took, flusher included.
    pub consumed: usize,
}

/// Looks for one whole frame at the start of `buf`. `Ok(None)` means more
/// bytes are needed. Oversized frames are refused from the header alone,
/// before their payload is read.
pub fn decode(buf: &[u8], config: &FrameConfig) -> Result<Option<Decoded>, FrameError> {
    Ok(parse(buf, config)?.map(|p| Decoded { payload: p.payload.into_owned(), consumed: p.consumed }))
}

/// [`decode`] without copying an uncompressed payload.
pub fn parse<'a>(buf: &'a [u8], config: &FrameConfig) -> Result<Option<Parsed<'a>>, FrameError> {
    let Some(&[b0, b1, b2, b3, flag]) = buf.get(..HEADER_LEN) else { return Ok(None) };
    let len = u32::from_be_bytes([b0, b1, b2, b3]) as usize;
    if len > config.max_frame {
        return Err(FrameError::TooLarge { size: len, limit: config.max_frame });
    }
    if flag > 1 {
        return Err(FrameError::BadFlag(flag));
    }
    let total = HEADER_LEN + len + 1;
    let Some(body) = buf.get(HEADER_LEN..HEADER_LEN + len).filter(|_| buf.len() >= total) else { return Ok(None) };
    let payload = if flag == 1 { Cow::Owned(inflate(body, config.max_frame)?) } else { Cow::Borrowed(body) };
    Ok(Some(Parsed { payload, consumed: total }))
}

/// How many bytes the frame starting at `buf` needs in all, once its header
/// is in; lets the driver size its read buffer.
pub fn needed(buf: &[u8]) -> Option<usize> {
    (buf.len() >= HEADER_LEN).then(|| HEADER_LEN + u32::from_be_bytes([buf[0], buf[1], buf[2], buf[3]]) as usize + 1)
}

/// Inflates a zlib stream, refusing output beyond `limit` (a zip bomb ends as
/// an error, not as memory exhaustion).
pub fn inflate(data: &[u8], limit: usize) -> Result<Vec<u8>, FrameError> {
    let mut out = Vec::with_capacity(data.len().saturating_mul(2).min(limit));
    let mut decoder = ZlibDecoder::new(data).take(limit as u64 + 1);
    decoder.read_to_end(&mut out).map_err(FrameError::Inflate)?;
    if out.len() > limit {
        return Err(FrameError::TooLarge { size: out.len(), limit });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_payloads_go_plain() {
        let mut out = Vec::new();
        encode(b"\x01\x11\x50\x11\x53\x11\x51\x02", &FrameConfig::default(), &mut out).expect("encodes");
        assert_eq!(out, b"\x00\x00\x00\x08\x00\x01\x11\x50\x11\x53\x11\x51\x02\n");
        let d = decode(&out, &FrameConfig::default()).expect("valid").expect("whole");
        assert_eq!(d.consumed, out.len());
        assert_eq!(d.payload, &out[5..13]);
    }

    #[test]
    fn compressible_payloads_are_compressed_and_round_trip() {
        let payload = vec![b'a'; 10_000];
        let mut out = Vec::new();
        encode(&payload, &FrameConfig::default(), &mut out).expect("encodes");
        assert_eq!(out[4], 1);
        assert!(out.len() < 200);
        let d = decode(&out, &FrameConfig::default()).expect("valid").expect("whole");
        assert_eq!(d.payload, payload);
    }

    #[test]
    fn incompressible_payloads_stay_plain() {
        let mut x: u32 = 1;
        let payload: Vec<u8> = (0..5000)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                x as u8
            })
            .collect();
        let mut out = Vec::new();
        encode(&payload, &FrameConfig::default(), &mut out).expect("encodes");
        assert_eq!(out[4], 0);
        assert_eq!(out.len(), payload.len() + 6);
    }

    #[test]
    fn large_incompressible_payloads_skip_deflate_but_mixed_ones_do_not() {
        let mut x: u64 = 7;
        let mut random = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        };
        let noise: Vec<u8> = (0..1 << 20).map(|_| random()).collect();
        assert!(!worth_compressing(&noise));
        let mut out = Vec::new();
        encode(&noise, &FrameConfig::default(), &mut out).expect("encodes");
        assert_eq!(out[4], 0);
        // Text after a noisy start is still compressed.
        let mut mixed = noise[..200_000].to_vec();
        mixed.extend(std::iter::repeat_n(b'a', 800_000));
        assert!(worth_compressing(&mixed));
        out.clear();
        encode(&mixed, &FrameConfig::default(), &mut out).expect("encodes");
        assert_eq!(out[4], 1);
    }

    #[test]
    fn frames_built_in_place_match_encode() {
        let cfg = FrameConfig::default();
        let mut out = b"earlier".to_vec();
        let start = begin(&mut out);
        out.extend_from_slice(b"hello");
        assert_eq!(payload_len(&out, start), 5);
        finish(&mut out, start, &cfg).expect("fits");
        let mut want = b"earlier".to_vec();
        encode(b"hello", &cfg, &mut want).expect("encodes");
        assert_eq!(out, want);
        let parsed = parse(&out[7..], &cfg).expect("valid").expect("whole");
        assert!(matches!(parsed.payload, Cow::Borrowed(b"hello")));
    }

    #[test]
    fn frames_built_in_place_refuse_oversized_payloads() {
        let cfg = FrameConfig { max_frame: 4, ..FrameConfig::default() };
        let mut out = b"kept".to_vec();
        let start = begin(&mut out);
        out.extend_from_slice(b"hello");
        assert!(matches!(finish(&mut out, start, &cfg), Err(FrameError::TooLarge { size: 5, limit: 4 })));
        assert_eq!(out, b"kept");
    }

    #[test]
    fn partial_input_is_incomplete() {
        let mut out = Vec::new();
        encode(b"hello", &FrameConfig::default(), &mut out).expect("encodes");
        for cut in 0..out.len() {
            assert!(decode(&out[..cut], &FrameConfig::default()).expect("valid prefix").is_none());
        }
    }

    #[test]
    fn oversized_header_is_refused_before_the_payload() {
        let cfg = FrameConfig { max_frame: 1024, ..FrameConfig::default() };
        let err = decode(&[0, 0, 0x10, 0, 0], &cfg).expect_err("too large");
        assert!(matches!(err, FrameError::TooLarge { size: 4096, limit: 1024 }));
    }

    #[test]
    fn zip_bombs_are_refused() {
        let cfg = FrameConfig { max_frame: 64 << 10, ..FrameConfig::default() };
        let mut out = Vec::new();
        encode(&vec![0u8; 1 << 20], &FrameConfig::default(), &mut out).expect("encodes");
        assert!(matches!(decode(&out, &cfg), Err(FrameError::TooLarge { .. })));
    }
}
