//! Brine: RPyC's serializer for immutable values (`rpyc/core/brine.py`).
//!
//! The encoder picks exactly the forms `brine.dump` picks (the shortest
//! length prefix, immediate ints for -48..=159, decimal text otherwise), so a
//! decoded value re-encodes to the same bytes. The decoder accepts every form
//! the tag table allows, and never trusts a length prefix further than the
//! bytes in hand: hostile input gives a [`BrineError`] with the byte offset,
//! never a panic or an allocation larger than the input.

use num_bigint::BigInt;

use crate::value::Value;

// Tags, named as in brine.py.
pub const TAG_NONE: u8 = 0x00;
pub const TAG_EMPTY_BYTES: u8 = 0x01;
pub const TAG_EMPTY_TUPLE: u8 = 0x02;
pub const TAG_TRUE: u8 = 0x03;
pub const TAG_FALSE: u8 = 0x04;
pub const TAG_NOT_IMPLEMENTED: u8 = 0x05;
pub const TAG_ELLIPSIS: u8 = 0x06;
pub const TAG_UNICODE: u8 = 0x08;
pub const TAG_BYTES1: u8 = 0x0a;
pub const TAG_BYTES4: u8 = 0x0d;
pub const TAG_BYTES_L1: u8 = 0x0e;
pub const TAG_BYTES_L4: u8 = 0x0f;
pub const TAG_TUP1: u8 = 0x10;
pub const TAG_TUP4: u8 = 0x13;
pub const TAG_TUP_L1: u8 = 0x14;
pub const TAG_TUP_L4: u8 = 0x15;
pub const TAG_INT_L1: u8 = 0x16;
pub const TAG_INT_L4: u8 = 0x17;
pub const TAG_FLOAT: u8 = 0x18;
pub const TAG_SLICE: u8 = 0x19;
pub const TAG_FROZENSET: u8 = 0x1a;
pub const TAG_COMPLEX: u8 = 0x1b;
/// Immediate ints: tag = value + 0x50, for values -48..=159.
pub const IMM_INTS_LOADER_OFFSET: i64 = 0x50;
pub const IMM_INT_MIN: i64 = -48;
pub const IMM_INT_MAX: i64 = 159;

/// Nesting deeper than this is refused (Python's own recursion limit would
/// stop far earlier than any stack overflow here).
pub const MAX_DEPTH: usize = 256;
/// CPython 3.11 refuses `int(text)` and `str(int)` beyond 4300 digits
/// (`sys.get_int_max_str_digits()`), so brine can never carry more.
pub const MAX_INT_DIGITS: usize = 4300;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("brine: {kind} at byte {offset}")]
pub struct BrineError {
    pub offset: usize,
    pub kind: BrineErrorKind,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BrineErrorKind {
    #[error("input ends early (needed {needed} more bytes)")]
    Truncated { needed: usize },
    #[error("unknown tag 0x{0:02x}")]
    UnknownTag(u8),
    #[error("nesting deeper than {MAX_DEPTH}")]
    TooDeep,
    #[error("malformed integer text")]
    BadInt,
    #[error("integer with more than {MAX_INT_DIGITS} digits")]
    IntTooLong,
    #[error("str payload is not valid UTF-8")]
    BadUtf8,
    #[error("str tag not followed by bytes")]
    BadStr,
    #[error("slice tag not followed by a 3-tuple")]
    BadSlice,
    #[error("frozenset tag not followed by a tuple")]
    BadFrozenSet,
    #[error("{0} trailing bytes after the value")]
    Trailing(usize),
    #[error("a {0} is not brine-dumpable (it must be sent by reference)")]
    NotDumpable(&'static str),
}

/// Encodes a value into a fresh buffer.
pub fn dump(value: &Value) -> Result<Vec<u8>, BrineError> {
    let mut out = Vec::with_capacity(32);
    dump_into(value, &mut out)?;
    Ok(out)
}

/// Appends the encoding of `value` to `out`. On error `out` may hold a partial
/// encoding; callers discard it.
pub fn dump_into(value: &Value, out: &mut Vec<u8>) -> Result<(), BrineError> {
    Encoder { out, depth: 0 }.value(value)
}

/// Appends an int, as `dump_into(&Value::Int(n))` would, without a `Value`.
pub fn dump_int(n: i64, out: &mut Vec<u8>) {
    if (IMM_INT_MIN..=IMM_INT_MAX).contains(&n) {
        // In range by the check above, so the cast is exact.
        out.push((n + IMM_INTS_LOADER_OFFSET) as u8);
    } else {
        let mut buf = [0u8; 20];
        let text = fmt_i64(n, &mut buf);
        out.push(TAG_INT_L1);
        out.push(text.len() as u8);
        out.extend_from_slice(text);
    }
}

/// Appends a str, as `dump_into(&Value::Str(..))` would, without a `Value`.
pub fn dump_str(s: &str, out: &mut Vec<u8>) {
    out.push(TAG_UNICODE);
    dump_bytes(s.as_bytes(), out);
}

/// Appends bytes with the shortest length prefix.
pub fn dump_bytes(b: &[u8], out: &mut Vec<u8>) {
    match b.len() {
        0 => out.push(TAG_EMPTY_BYTES),
        n @ 1..=4 => out.push(TAG_BYTES1 + (n as u8 - 1)),
        n @ 5..=255 => {
            out.push(TAG_BYTES_L1);
            out.push(n as u8);
        }
        n => {
            out.push(TAG_BYTES_L4);
            out.extend_from_slice(&(n as u32).to_be_bytes());
        }
    }
    out.extend_from_slice(b);
}

/// Appends the header of an `n`-tuple; its `n` items must follow.
pub fn dump_tuple_header(n: usize, out: &mut Vec<u8>) {
    match n {
        0 => out.push(TAG_EMPTY_TUPLE),
        1..=4 => out.push(TAG_TUP1 + (n as u8 - 1)),
        5..=255 => {
            out.push(TAG_TUP_L1);
            out.push(n as u8);
        }
        _ => {
            out.push(TAG_TUP_L4);
            out.extend_from_slice(&(n as u32).to_be_bytes());
        }
    }
}

struct Encoder<'a> {
    out: &'a mut Vec<u8>,
    depth: usize,
}

impl Encoder<'_> {
    fn err(&self, kind: BrineErrorKind) -> BrineError {
        BrineError { offset: self.out.len(), kind }
    }

    fn value(&mut self, v: &Value) -> Result<(), BrineError> {
        match v {
            Value::None => self.out.push(TAG_NONE),
            Value::Bool(true) => self.out.push(TAG_TRUE),
            Value::Bool(false) => self.out.push(TAG_FALSE),
            Value::NotImplemented => self.out.push(TAG_NOT_IMPLEMENTED),
            Value::Ellipsis => self.out.push(TAG_ELLIPSIS),
            Value::Int(n) => dump_int(*n, self.out),
            Value::BigInt(n) => self.int_text(&n.to_string())?,
            Value::Float(f) => {
                self.out.push(TAG_FLOAT);
                self.out.extend_from_slice(&f.to_be_bytes());
            }
            Value::Complex(re, im) => {
                self.out.push(TAG_COMPLEX);
                self.out.extend_from_slice(&re.to_be_bytes());
                self.out.extend_from_slice(&im.to_be_bytes());
            }
            Value::Str(s) => dump_str(s, self.out),
            Value::Bytes(b) => dump_bytes(b, self.out),
            Value::Tuple(items) => self.tuple(items)?,
            Value::FrozenSet(items) => {
                self.out.push(TAG_FROZENSET);
                self.tuple(items)?;
            }
            Value::Slice(parts) => {
                self.out.push(TAG_SLICE);
                self.tuple(&parts[..])?;
            }
            other => return Err(self.err(BrineErrorKind::NotDumpable(other.type_name()))),
        }
        Ok(())
    }

    fn int_text(&mut self, text: &str) -> Result<(), BrineError> {
        let digits = text.trim_start_matches('-').len();
        if digits > MAX_INT_DIGITS {
            return Err(self.err(BrineErrorKind::IntTooLong));
        }
        if text.len() < 256 {
            self.out.push(TAG_INT_L1);
            self.out.push(text.len() as u8);
        } else {
            self.out.push(TAG_INT_L4);
            self.out.extend_from_slice(&(text.len() as u32).to_be_bytes());
        }
        self.out.extend_from_slice(text.as_bytes());
        Ok(())
    }

    fn tuple(&mut self, items: &[Value]) -> Result<(), BrineError> {
        if self.depth >= MAX_DEPTH {
            return Err(self.err(BrineErrorKind::TooDeep));
        }
        dump_tuple_header(items.len(), self.out);
        self.depth += 1;
        for item in items {
            self.value(item)?;
        }
        self.depth -= 1;
        Ok(())
    }
}

/// Formats an i64 in decimal without allocating.
fn fmt_i64(n: i64, buf: &mut [u8; 20]) -> &[u8] {
    let mut pos = buf.len();
    let negative = n < 0;
    let mut m = n.unsigned_abs();
    loop {
        pos -= 1;
        buf[pos] = b'0' + (m % 10) as u8;
        m /= 10;
        if m == 0 {
            break;
        }
    }
    if negative {
        pos -= 1;
        buf[pos] = b'-';
    }
    &buf[pos..]
}

/// Decodes exactly one value that spans all of `data`.
pub fn load(data: &[u8]) -> Result<Value, BrineError> {
    let mut decoder = Decoder::new(data);
    let value = decoder.value()?;
    let rest = data.len() - decoder.pos;
    if rest != 0 {
        return Err(decoder.err(BrineErrorKind::Trailing(rest)));
    }
    Ok(value)
}

/// A cursor over brine bytes. `value()` may be called repeatedly to read
/// consecutive values.
pub struct Decoder<'a> {
    data: &'a [u8],
    pos: usize,
    depth: usize,
}

impl<'a> Decoder<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Decoder { data, pos: 0, depth: 0 }
    }

    /// Offset of the next unread byte.
    pub fn position(&self) -> usize {
        self.pos
    }

    fn err(&self, kind: BrineErrorKind) -> BrineError {
        BrineError { offset: self.pos, kind }
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], BrineError> {
        let available = self.data.len() - self.pos;
        if n > available {
            return Err(self.err(BrineErrorKind::Truncated { needed: n - available }));
        }
        let slice = &self.data[self.pos..self.pos + n];
        self.pos += n;
        Ok(slice)
    }

    fn u8(&mut self) -> Result<u8, BrineError> {
        Ok(self.take(1)?[0])
    }

    fn u32(&mut self) -> Result<usize, BrineError> {
        let b = self.take(4)?;
        Ok(u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize)
    }

    fn f64(&mut self) -> Result<f64, BrineError> {
        let b = self.take(8)?;
        let mut arr = [0u8; 8];
        arr.copy_from_slice(b);
        Ok(f64::from_be_bytes(arr))
    }

    pub fn value(&mut self) -> Result<Value, BrineError> {
        let start = self.pos;
        let tag = self.u8()?;
        Ok(match tag {
            TAG_NONE => Value::None,
            TAG_EMPTY_BYTES => Value::Bytes(Vec::new()),
            TAG_EMPTY_TUPLE => Value::Tuple(Vec::new()),
            TAG_TRUE => Value::Bool(true),
            TAG_FALSE => Value::Bool(false),
            TAG_NOT_IMPLEMENTED => Value::NotImplemented,
            TAG_ELLIPSIS => Value::Ellipsis,
            TAG_UNICODE => {
                let bytes_at = self.pos;
                match self.value_nested()? {
                    Value::Bytes(b) => match String::from_utf8(b) {
                        Ok(s) => Value::Str(s),
                        Err(_) => return Err(BrineError { offset: bytes_at, kind: BrineErrorKind::BadUtf8 }),
                    },
                    _ => return Err(BrineError { offset: start, kind: BrineErrorKind::BadStr }),
                }
            }
            TAG_BYTES1..=TAG_BYTES4 => {
                let n = usize::from(tag - TAG_BYTES1) + 1;
                Value::Bytes(self.take(n)?.to_vec())
            }
            TAG_BYTES_L1 => {
                let n = usize::from(self.u8()?);
                Value::Bytes(self.take(n)?.to_vec())
            }
            TAG_BYTES_L4 => {
                let n = self.u32()?;
                Value::Bytes(self.take(n)?.to_vec())
            }
            TAG_TUP1..=TAG_TUP4 => Value::Tuple(self.items(usize::from(tag - TAG_TUP1) + 1)?),
            TAG_TUP_L1 => {
                let n = usize::from(self.u8()?);
                Value::Tuple(self.items(n)?)
            }
            TAG_TUP_L4 => {
                let n = self.u32()?;
                Value::Tuple(self.items(n)?)
            }
            TAG_INT_L1 => {
                let n = usize::from(self.u8()?);
                self.int_text(n)?
            }
            TAG_INT_L4 => {
                let n = self.u32()?;
                self.int_text(n)?
            }
            TAG_FLOAT => Value::Float(self.f64()?),
            TAG_COMPLEX => {
                let re = self.f64()?;
                Value::Complex(re, self.f64()?)
            }
            TAG_SLICE => match self.value_nested()? {
                Value::Tuple(parts) if parts.len() == 3 => {
                    let mut it = parts.into_iter();
                    match (it.next(), it.next(), it.next()) {
                        (Some(a), Some(b), Some(c)) => Value::Slice(Box::new([a, b, c])),
                        _ => return Err(BrineError { offset: start, kind: BrineErrorKind::BadSlice }),
                    }
                }
                _ => return Err(BrineError { offset: start, kind: BrineErrorKind::BadSlice }),
            },
            TAG_FROZENSET => match self.value_nested()? {
                Value::Tuple(items) => Value::FrozenSet(items),
                _ => return Err(BrineError { offset: start, kind: BrineErrorKind::BadFrozenSet }),
            },
            0x20..=0xef => Value::Int(i64::from(tag) - IMM_INTS_LOADER_OFFSET),
            other => return Err(BrineError { offset: start, kind: BrineErrorKind::UnknownTag(other) }),
        })
    }

    fn value_nested(&mut self) -> Result<Value, BrineError> {
        if self.depth >= MAX_DEPTH {
            return Err(self.err(BrineErrorKind::TooDeep));
        }
        self.depth += 1;
        let v = self.value();
        self.depth -= 1;
        v
    }

    fn items(&mut self, n: usize) -> Result<Vec<Value>, BrineError> {
        // Every element takes at least one byte: never reserve more than that.
        let available = self.data.len() - self.pos;
        if n > available {
            return Err(self.err(BrineErrorKind::Truncated { needed: n - available }));
        }
        let mut items = Vec::with_capacity(n);
        for _ in 0..n {
            items.push(self.value_nested()?);
        }
        Ok(items)
    }

    fn int_text(&mut self, n: usize) -> Result<Value, BrineError> {
        let at = self.pos;
        let text = self.take(n)?;
        let bad = |kind| BrineError { offset: at, kind };
        let (negative, digits) = match text.split_first() {
            Some((b'-', rest)) => (true, rest),
            Some((b'+', rest)) => (false, rest),
            _ => (false, text),
        };
        if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
            return Err(bad(BrineErrorKind::BadInt));
        }
        if digits.len() > MAX_INT_DIGITS {
            return Err(bad(BrineErrorKind::IntTooLong));
        }
        if let Some(n) = small_int(negative, digits) {
            return Ok(Value::Int(n));
        }
        let big = BigInt::parse_bytes(digits, 10).ok_or_else(|| bad(BrineErrorKind::BadInt))?;
        Ok(Value::from_bigint(if negative { -big } else { big }))
    }
}

/// Decimal digits as an i64, or `None` when they do not fit. Id packs carry
/// 19-digit ids, so this covers every digit count an i64 can take.
fn small_int(negative: bool, digits: &[u8]) -> Option<i64> {
    if digits.len() > 19 {
        return None;
    }
    // Accumulated below zero: i64::MIN has no positive counterpart.
    let mut n: i64 = 0;
    for d in digits {
        n = n.checked_mul(10)?.checked_sub(i64::from(d - b'0'))?;
    }
    if negative {
        Some(n)
    } else {
        n.checked_neg()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(b: &[u8]) -> String {
        b.iter().map(|x| format!("{x:02x}")).collect()
    }

    #[test]
    fn decimal_ints_are_i64_exactly_when_they_fit() {
        let text_int = |text: &str| {
            let mut bytes = vec![TAG_INT_L1, text.len() as u8];
            bytes.extend_from_slice(text.as_bytes());
            load(&bytes).expect("an int")
        };
        assert_eq!(text_int("9223372036854775807"), Value::Int(i64::MAX));
        assert_eq!(text_int("-9223372036854775808"), Value::Int(i64::MIN));
        assert_eq!(text_int("139687871981040"), Value::Int(139_687_871_981_040));
        assert_eq!(text_int("-0"), Value::Int(0));
        assert_eq!(text_int("0009223372036854775807"), Value::Int(i64::MAX), "leading zeros");
        for big in ["9223372036854775808", "-9223372036854775809", "99999999999999999999"] {
            assert!(matches!(text_int(big), Value::BigInt(_)), "{big}");
            assert_eq!(text_int(big).to_string(), big);
        }
    }

    #[test]
    fn documented_encodings() {
        let big: BigInt = BigInt::from(2u8).pow(64);
        let cases: Vec<(Value, &str)> = vec![
            (Value::None, "00"),
            (Value::Int(0), "50"),
            (Value::Int(-48), "20"),
            (Value::Int(159), "ef"),
            (Value::Int(-49), "16032d3439"),
            (Value::Int(160), "1603313630"),
            (Value::from(big), "16143138343436373434303733373039353531363136"),
            (Value::Float(1.5), "183ff8000000000000"),
            (Value::Complex(2.0, 3.0), "1b40000000000000004008000000000000"),
            (Value::Bytes(b"abcde".to_vec()), "0e056162636465"),
            (Value::str(""), "0801"),
            (Value::str("é"), "080bc3a9"),
            (Value::Tuple((1..=5).map(Value::Int).collect()), "14055152535455"),
            (Value::FrozenSet(vec![Value::Int(5)]), "1a1055"),
            (Value::Slice(Box::new([Value::Int(1), Value::None, Value::Int(2)])), "1912510052"),
        ];
        for (v, want) in cases {
            let got = dump(&v).expect("dumpable");
            assert_eq!(hex(&got), want, "{v}");
            assert_eq!(load(&got).expect("loads"), v);
        }
    }

    #[test]
    fn non_shortest_forms_are_accepted() {
        // 0e 01 61 is b"a" in a longer-than-needed form.
        assert_eq!(load(&[0x0e, 1, b'a']).ok(), Some(Value::Bytes(b"a".to_vec())));
        assert_eq!(load(&[0x16, 2, b'4', b'2']).ok(), Some(Value::Int(42)));
    }

    #[test]
    fn hostile_lengths_do_not_allocate() {
        let e = load(&[0x15, 0xff, 0xff, 0xff, 0xff]).expect_err("truncated");
        assert!(matches!(e.kind, BrineErrorKind::Truncated { .. }));
        let e = load(&[0x0f, 0xff, 0xff, 0xff, 0xff, 0]).expect_err("truncated");
        assert!(matches!(e.kind, BrineErrorKind::Truncated { .. }));
    }

    #[test]
    fn deep_nesting_is_refused() {
        let mut data = vec![TAG_TUP1; 10_000];
        data.push(TAG_NONE);
        let e = load(&data).expect_err("too deep");
        assert_eq!(e.kind, BrineErrorKind::TooDeep);
    }

    #[test]
    fn errors_carry_offsets() {
        let e = load(&[0x11, 0x50, 0xf3]).expect_err("bad tag");
        assert_eq!(e, BrineError { offset: 2, kind: BrineErrorKind::UnknownTag(0xf3) });
        let e = load(&[0x08, 0x0b, 0xc3, 0x28]).expect_err("bad utf8");
        assert_eq!(e.kind, BrineErrorKind::BadUtf8);
    }

    #[test]
    fn lists_are_not_dumpable() {
        let e = dump(&Value::Tuple(vec![Value::List(vec![])])).expect_err("list");
        assert_eq!(e.kind, BrineErrorKind::NotDumpable("list"));
    }
}
