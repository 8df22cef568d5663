//! Python's pickle format, both ways, for [`Value`]s.
//!
//! rpyc's `PICKLE` handler (what `rpyc.classic.obtain` uses) answers with
//! `pickle.dumps(obj, proto)`. [`loads`] turns such bytes, as CPython 3.11
//! writes them at any protocol 0–5, into a [`Value`]; [`dumps`] writes a
//! [`Value`] as pickle bytes (protocol 2–5) that CPython's `pickle.loads`
//! turns back into the equivalent Python object.
//!
//! # How Python objects map to values
//!
//! * Builtin values and containers map to the matching [`Value`] variant.
//!   `complex`, `set`, `frozenset`, `bytearray`, `slice`, `bytes` written by
//!   protocol 2 (`_codecs.encode`), `Ellipsis` and `NotImplemented` are
//!   recognised in their global/`REDUCE` forms; `collections.OrderedDict`
//!   and `collections.defaultdict` become plain [`Value::Dict`]s (the
//!   default factory is dropped).
//! * Any other object becomes a [`Value::Record`]: `class` is
//!   `module.QualName` (Python 3 names: protocol 0–2 names are mapped back
//!   through CPython's `_compat_pickle` tables, so a protocol 2
//!   `commands.CompletedProcess` reads as `subprocess.CompletedProcess`),
//!   `args` are the arguments the class is called with (`REDUCE`, `NEWOBJ`,
//!   `INST`, `OBJ`, `copyreg._reconstructor`) and `state` is what `BUILD`
//!   applies. So `os.stat_result` reads as
//!   `os.stat_result((mode, ino, ...), {'st_atime': ..., ...})`, a named
//!   tuple as `module.Name(field, ...)` (at protocol 0/1, which use
//!   `copyreg._reconstructor`, as `module.Name((field, ...))`), a plain class
//!   as `subprocess.CompletedProcess(state={'args': ..., ...})`.
//! * A bare reference to a class or function (`pickle.dumps(int)`) becomes a
//!   record of the marker class [`GLOBAL_REF`] with the module and qualified
//!   name as its two string arguments. (`global` is a Python keyword, so no
//!   real class can be called `pickle.global`.)
//!
//! # What [`loads`] refuses
//!
//! [`Value`] is a tree, so where pickle's memo shares one object between
//! several places the value holds copies of it; a container that contains
//! itself (`l = []; l.append(l)`) cannot be represented and is an error
//! ([`PickleErrorKind::Recursive`]). Also refused: persistent ids,
//! out-of-band buffers (protocol 5 `NEXT_BUFFER`), the copyreg extension
//! registry (`EXT1`/`EXT2`/`EXT4`), list or dict items added to an instance
//! of a class (deque, custom containers), and keyword arguments to
//! `NEWOBJ_EX`.
//!
//! Hostile input is safe: decoding never panics and never recurses (the
//! opcodes run on an explicit stack, and so does building the final tree);
//! the result is at most [`Limits::max_depth`] levels deep; and the memory
//! decoding uses, including the copies that memo sharing causes, is bounded
//! by a budget proportional to the input length ([`Limits`]). Every error
//! carries the byte offset of the opcode that failed.
//!
//! Python 2 `str`s (protocol 0–2 `STRING`/`BINSTRING` opcodes, which
//! CPython 3 never writes) read as `Str` when they are UTF-8 and as `Bytes`
//! otherwise. Python `str`s holding lone surrogates (undecodable file names
//! under `surrogateescape`) cannot be held in a Rust `String`: each
//! surrogate reads as U+FFFD. Trailing bytes after the `STOP` opcode are ignored, as
//! `pickle.loads` does.
//!
//! # What [`dumps`] writes
//!
//! Protocol 2–5 pickles without memo or frame opcodes (both are optional
//! for readers). Records are written as `class.__new__(class)` (`NEWOBJ`)
//! followed by `BUILD state` when they have no arguments (plain classes),
//! and as `class(*args)` (`REDUCE`) otherwise (struct sequences such as
//! `os.stat_result((...), {...})`, named tuples, ...), then `BUILD` if they
//! have a state. The class string is split into module and qualified name
//! at a `:` if it has one (`pkg.mod:Outer.Inner`), otherwise before the
//! first capitalised component that follows a lower-case one
//! (`mod.Outer.Inner` is `Outer.Inner` in `mod`), otherwise at the last dot.

use crate::value::Value;

mod compat;
mod dump;
mod load;

/// The class of the [`Value::Record`] that stands for a bare reference to a
/// class or function: `args` are `[Str(module), Str(qualname)]`.
pub const GLOBAL_REF: &str = "pickle.global";

/// The highest protocol [`dumps`] writes and [`loads`] reads.
pub const HIGHEST_PROTOCOL: u8 = 5;

/// Resource limits for [`loads_with`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The deepest nesting of containers and records in the result
    /// (default 256). Decoding itself does not recurse, but `Value`'s
    /// `Display`, `PartialEq` and `Drop` do: 256 levels stay well within a
    /// 1 MiB stack even in debug builds. (CPython writes pickles up to about
    /// its recursion limit, 1000 levels.)
    pub max_depth: usize,
    /// Memory budget, in bytes per byte of input, for the decoder's working
    /// objects and, separately, for the resulting tree (sizes of the
    /// `Value`s plus their string, bytes and integer payloads).
    pub bytes_per_input_byte: usize,
    /// The budget for small inputs (default 16 MiB): the budget is the
    /// larger of this and `bytes_per_input_byte * input length` (default 64).
    /// Pickles without sharing stay well under 64 bytes per input byte; a
    /// pickle that references one long string many times (memo `GET`s) can
    /// need more, as every reference becomes a copy.
    pub min_budget: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_depth: 256, bytes_per_input_byte: 64, min_budget: 16 << 20 }
    }
}

impl Limits {
    fn budget(&self, input_len: usize) -> usize {
        self.bytes_per_input_byte.saturating_mul(input_len).max(self.min_budget)
    }
}

/// Why some bytes are not a pickle [`loads`] can read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("invalid pickle at byte {offset}: {kind}")]
pub struct PickleError {
    /// Offset of the opcode that failed (for errors found while building the
    /// result tree: of the `STOP` opcode).
    pub offset: usize,
    pub kind: PickleErrorKind,
}

/// The kinds of [`PickleError`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PickleErrorKind {
    #[error("the data ends in the middle of an opcode or before STOP")]
    Truncated,
    #[error("unknown opcode 0x{0:02x}")]
    UnknownOpcode(u8),
    #[error("unsupported pickle protocol {0}")]
    UnsupportedProtocol(u8),
    #[error("stack underflow")]
    StackUnderflow,
    #[error("no MARK on the stack")]
    MissingMark,
    #[error("memo key {0} not found")]
    MemoMissing(u64),
    /// A malformed operand: an integer or float literal, a string that is
    /// not valid UTF-8, a quoted string, a negative length...
    #[error("{0}")]
    Invalid(String),
    /// An opcode applied to the wrong kind of object (`APPENDS` to a dict,
    /// `REDUCE` with arguments that are not a tuple...).
    #[error("{0}")]
    Type(String),
    /// Valid pickle this decoder does not model (see the module docs).
    #[error("unsupported: {0}")]
    Unsupported(String),
    /// A container or object that (indirectly) contains itself.
    #[error("the object contains itself, which a Value tree cannot hold")]
    Recursive,
    #[error("nested more than {0} levels deep")]
    TooDeep(usize),
    #[error("the decoded value needs more than the {0}-byte budget")]
    TooLarge(usize),
}

/// Decodes a pickle (protocol 0–5) into a [`Value`] with the default
/// [`Limits`].
pub fn loads(data: &[u8]) -> Result<Value, PickleError> {
    loads_with(data, &Limits::default())
}

/// Decodes a pickle (protocol 0–5) into a [`Value`].
pub fn loads_with(data: &[u8], limits: &Limits) -> Result<Value, PickleError> {
    load::loads(data, limits)
}

/// Encodes a value as a pickle of protocol `proto` (clamped to 2..=5) that
/// CPython's `pickle.loads` reads back as the equivalent object. See the
/// module docs for how records are written.
///
/// Python's own constraints still apply on the reading side: dict keys and
/// set elements must be hashable there (a [`Value::List`] key fails in
/// `pickle.loads`), and a record's class must be importable.
pub fn dumps(value: &Value, proto: u8) -> Vec<u8> {
    dump::dumps(value, proto.clamp(2, HIGHEST_PROTOCOL))
}

/// Splits a record's class into `(module, qualname)`; see the module docs.
pub fn split_class(class: &str) -> (&str, &str) {
    if let Some(split) = class.split_once(':') {
        return split;
    }
    let mut start: usize = 0;
    let mut prev_upper = true;
    for (i, seg) in class.split('.').enumerate() {
        let upper = seg.starts_with(|c: char| c.is_ascii_uppercase());
        if i > 0 && upper && !prev_upper {
            // `start` is the offset of `seg`; the dot before it splits.
            let module = class.get(..start.saturating_sub(1)).unwrap_or("");
            let qualname = class.get(start..).unwrap_or("");
            return (module, qualname);
        }
        prev_upper = upper;
        start += seg.len() + 1;
    }
    class.rsplit_once('.').unwrap_or(("builtins", class))
}

/// Opcodes (`pickletools` names).
mod op {
    pub const MARK: u8 = b'(';
    pub const STOP: u8 = b'.';
    pub const POP: u8 = b'0';
    pub const POP_MARK: u8 = b'1';
    pub const DUP: u8 = b'2';
    pub const FLOAT: u8 = b'F';
    pub const INT: u8 = b'I';
    pub const BININT: u8 = b'J';
    pub const BININT1: u8 = b'K';
    pub const LONG: u8 = b'L';
    pub const BININT2: u8 = b'M';
    pub const NONE: u8 = b'N';
    pub const PERSID: u8 = b'P';
    pub const BINPERSID: u8 = b'Q';
    pub const REDUCE: u8 = b'R';
    pub const STRING: u8 = b'S';
    pub const BINSTRING: u8 = b'T';
    pub const SHORT_BINSTRING: u8 = b'U';
    pub const UNICODE: u8 = b'V';
    pub const BINUNICODE: u8 = b'X';
    pub const APPEND: u8 = b'a';
    pub const BUILD: u8 = b'b';
    pub const GLOBAL: u8 = b'c';
    pub const DICT: u8 = b'd';
    pub const EMPTY_DICT: u8 = b'}';
    pub const APPENDS: u8 = b'e';
    pub const GET: u8 = b'g';
    pub const BINGET: u8 = b'h';
    pub const INST: u8 = b'i';
    pub const LONG_BINGET: u8 = b'j';
    pub const LIST: u8 = b'l';
    pub const EMPTY_LIST: u8 = b']';
    pub const OBJ: u8 = b'o';
    pub const PUT: u8 = b'p';
    pub const BINPUT: u8 = b'q';
    pub const LONG_BINPUT: u8 = b'r';
    pub const SETITEM: u8 = b's';
    pub const TUPLE: u8 = b't';
    pub const EMPTY_TUPLE: u8 = b')';
    pub const SETITEMS: u8 = b'u';
    pub const BINFLOAT: u8 = b'G';
    // protocol 2
    pub const PROTO: u8 = 0x80;
    pub const NEWOBJ: u8 = 0x81;
    pub const EXT1: u8 = 0x82;
    pub const EXT2: u8 = 0x83;
    pub const EXT4: u8 = 0x84;
    pub const TUPLE1: u8 = 0x85;
    pub const TUPLE2: u8 = 0x86;
    pub const TUPLE3: u8 = 0x87;
    pub const NEWTRUE: u8 = 0x88;
    pub const NEWFALSE: u8 = 0x89;
    pub const LONG1: u8 = 0x8a;
    pub const LONG4: u8 = 0x8b;
    // protocol 3
    pub const BINBYTES: u8 = b'B';
    pub const SHORT_BINBYTES: u8 = b'C';
    // protocol 4
    pub const SHORT_BINUNICODE: u8 = 0x8c;
    pub const BINUNICODE8: u8 = 0x8d;
    pub const BINBYTES8: u8 = 0x8e;
    pub const EMPTY_SET: u8 = 0x8f;
    pub const ADDITEMS: u8 = 0x90;
    pub const FROZENSET: u8 = 0x91;
    pub const NEWOBJ_EX: u8 = 0x92;
    pub const STACK_GLOBAL: u8 = 0x93;
    pub const MEMOIZE: u8 = 0x94;
    pub const FRAME: u8 = 0x95;
    // protocol 5
    pub const BYTEARRAY8: u8 = 0x96;
    pub const NEXT_BUFFER: u8 = 0x97;
    pub const READONLY_BUFFER: u8 = 0x98;
}

/// Python 2 → 3 names for globals of protocol 0–2 pickles (`find_class`).
fn fix_import_load<'a>(module: &'a str, name: &'a str) -> (&'a str, &'a str) {
    fix_import(module, name, compat::NAME_MAPPING, compat::IMPORT_MAPPING)
}

/// Python 3 → 2 names for globals written at protocol 2 (`save_global`).
fn fix_import_dump<'a>(module: &'a str, name: &'a str) -> (&'a str, &'a str) {
    fix_import(module, name, compat::REVERSE_NAME_MAPPING, compat::REVERSE_IMPORT_MAPPING)
}

fn fix_import<'a>(
    module: &'a str,
    name: &'a str,
    names: &'static [(compat::Name, compat::Name)],
    modules: &'static [(&'static str, &'static str)],
) -> (&'a str, &'a str) {
    if let Ok(i) = names.binary_search_by(|(key, _)| key.cmp(&(module, name))) {
        if let Some((_, to)) = names.get(i) {
            return *to;
        }
    }
    if let Ok(i) = modules.binary_search_by(|(key, _)| (*key).cmp(module)) {
        if let Some((_, to)) = modules.get(i) {
            return (to, name);
        }
    }
    (module, name)
}

#[cfg(test)]
mod tests;
