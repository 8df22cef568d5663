//! The unpickler: a stack machine over an arena of objects (so memo sharing
//! and mutation after memoization behave as in CPython), then a bounded walk
//! that turns the result into a `Value` tree.

use std::collections::HashMap;
use std::mem::size_of;

use num_bigint::BigInt;
use num_traits::ToPrimitive;

use super::{fix_import_load, op, Limits, PickleError, PickleErrorKind as K, GLOBAL_REF};
use crate::value::{Record, Value};

/// CPython refuses to convert longer decimal strings to int (3.11's
/// `sys.get_int_max_str_digits()` default); it also keeps parsing linear.
const MAX_INT_DIGITS: usize = 4300;

/// A stack or memo slot: small scalars inline, everything else in the arena.
#[derive(Debug, Clone, Copy)]
enum Item {
    None,
    Bool(bool),
    Int(i64),
    Float(f64),
    Ellipsis,
    NotImplemented,
    Obj(usize),
}

#[derive(Debug)]
enum Obj {
    BigInt(BigInt),
    Complex(f64, f64),
    Str(String),
    Bytes(Vec<u8>),
    ByteArray(Vec<u8>),
    Tuple(Vec<Item>),
    List(Vec<Item>),
    Dict(Vec<(Item, Item)>),
    Set(Vec<Item>),
    FrozenSet(Vec<Item>),
    Slice(Box<[Item; 3]>),
    /// A class or function: (module, qualname).
    Global(Box<(String, String)>),
    Record(Box<RecordObj>),
}

#[derive(Debug)]
struct RecordObj {
    class: String,
    args: Vec<Item>,
    state: Option<Item>,
}

type Res<T> = Result<T, K>;

pub(super) fn loads(data: &[u8], limits: &Limits) -> Result<Value, PickleError> {
    let budget = limits.budget(data.len());
    let mut m = Machine {
        data,
        pos: 0,
        proto: 0,
        stack: Vec::new(),
        marks: Vec::new(),
        memo: HashMap::new(),
        arena: Vec::new(),
        spent: 0,
        budget,
    };
    let (root, stop_at) = m.run()?;
    let mut b = Builder {
        arena: &m.arena,
        visiting: vec![false; m.arena.len()],
        spent: 0,
        budget,
        max_depth: limits.max_depth,
    };
    b.build(root).map_err(|kind| PickleError { offset: stop_at, kind })
}

struct Machine<'a> {
    data: &'a [u8],
    pos: usize,
    proto: u8,
    stack: Vec<Item>,
    /// Stack lengths at each MARK.
    marks: Vec<usize>,
    memo: HashMap<u64, Item>,
    arena: Vec<Obj>,
    spent: usize,
    budget: usize,
}

fn invalid(msg: impl Into<String>) -> K {
    K::Invalid(msg.into())
}

fn type_err(msg: impl Into<String>) -> K {
    K::Type(msg.into())
}

impl<'a> Machine<'a> {
    /// Runs to STOP: the result and the offset of the STOP opcode.
    fn run(&mut self) -> Result<(Item, usize), PickleError> {
        loop {
            let start = self.pos;
            let Some(&opcode) = self.data.get(start) else {
                return Err(PickleError { offset: start, kind: K::Truncated });
            };
            self.pos = start + 1;
            match self.step(opcode) {
                Ok(Some(item)) => return Ok((item, start)),
                Ok(None) => {}
                Err(kind) => return Err(PickleError { offset: start, kind }),
            }
        }
    }

    // ------------------------------------------------------------ input

    fn take(&mut self, n: usize) -> Res<&'a [u8]> {
        let rest = self.data.get(self.pos..).unwrap_or(&[]);
        let bytes = rest.get(..n).ok_or(K::Truncated)?;
        self.pos += n;
        Ok(bytes)
    }

    fn take_u64(&mut self, n: u64) -> Res<&'a [u8]> {
        let n = usize::try_from(n).map_err(|_| K::Truncated)?;
        self.take(n)
    }

    fn array<const N: usize>(&mut self) -> Res<[u8; N]> {
        let bytes = self.take(N)?;
        let mut out = [0u8; N];
        out.copy_from_slice(bytes);
        Ok(out)
    }

    fn u8(&mut self) -> Res<u8> {
        Ok(self.array::<1>()?[0])
    }

    fn u32(&mut self) -> Res<u32> {
        Ok(u32::from_le_bytes(self.array()?))
    }

    fn u64(&mut self) -> Res<u64> {
        Ok(u64::from_le_bytes(self.array()?))
    }

    /// A signed 4-byte length (BINSTRING, LONG4): negative is an error.
    fn i32_len(&mut self, what: &str) -> Res<usize> {
        let n = i32::from_le_bytes(self.array()?);
        usize::try_from(n).map_err(|_| invalid(format!("{what} has a negative byte count")))
    }

    /// A line without its `\n`.
    fn line(&mut self) -> Res<&'a [u8]> {
        let rest = self.data.get(self.pos..).unwrap_or(&[]);
        let n = rest.iter().position(|&b| b == b'\n').ok_or(K::Truncated)?;
        self.pos += n + 1;
        Ok(rest.get(..n).unwrap_or(&[]))
    }

    // ------------------------------------------------------------ stack

    fn fence(&self) -> usize {
        self.marks.last().copied().unwrap_or(0)
    }

    fn pop(&mut self) -> Res<Item> {
        if self.stack.len() <= self.fence() {
            return Err(K::StackUnderflow);
        }
        self.stack.pop().ok_or(K::StackUnderflow)
    }

    fn top(&self) -> Res<Item> {
        if self.stack.len() <= self.fence() {
            return Err(K::StackUnderflow);
        }
        self.stack.last().copied().ok_or(K::StackUnderflow)
    }

    /// Pops everything above the topmost MARK, and the mark.
    fn pop_mark(&mut self) -> Res<Vec<Item>> {
        let mark = self.marks.pop().ok_or(K::MissingMark)?;
        if mark > self.stack.len() {
            return Err(K::StackUnderflow);
        }
        Ok(self.stack.split_off(mark))
    }

    fn push(&mut self, item: Item) {
        self.stack.push(item);
    }

    // ------------------------------------------------------------ arena

    fn charge(&mut self, bytes: usize) -> Res<()> {
        self.spent = self.spent.saturating_add(bytes);
        if self.spent > self.budget {
            return Err(K::TooLarge(self.budget));
        }
        Ok(())
    }

    fn charge_items(&mut self, n: usize) -> Res<()> {
        self.charge(n.saturating_mul(size_of::<Item>()))
    }

    fn alloc(&mut self, obj: Obj) -> Res<Item> {
        let payload = match &obj {
            Obj::Str(s) => s.len(),
            Obj::Bytes(b) | Obj::ByteArray(b) => b.len(),
            Obj::BigInt(n) => n.bits().div_ceil(8).try_into().unwrap_or(usize::MAX),
            Obj::Global(g) => g.0.len() + g.1.len(),
            Obj::Record(r) => r.class.len() + size_of::<RecordObj>(),
            Obj::Slice(_) => size_of::<[Item; 3]>(),
            // Items of containers are charged where they are copied or moved in.
            _ => 0,
        };
        self.charge(size_of::<Obj>().saturating_add(payload))?;
        self.arena.push(obj);
        Ok(Item::Obj(self.arena.len() - 1))
    }

    fn obj(&self, item: Item) -> Option<&Obj> {
        match item {
            Item::Obj(id) => self.arena.get(id),
            _ => None,
        }
    }

    fn obj_mut(&mut self, item: Item) -> Option<&mut Obj> {
        match item {
            Item::Obj(id) => self.arena.get_mut(id),
            _ => None,
        }
    }

    fn str_of(&self, item: Item) -> Option<&str> {
        match self.obj(item) {
            Some(Obj::Str(s)) => Some(s),
            _ => None,
        }
    }

    fn int(&mut self, n: BigInt) -> Res<Item> {
        match n.to_i64() {
            Some(small) => Ok(Item::Int(small)),
            None => self.alloc(Obj::BigInt(n)),
        }
    }

    fn string(&mut self, bytes: &[u8]) -> Res<Item> {
        let s = decode_utf8(bytes);
        self.alloc(Obj::Str(s))
    }

    /// Python 2 `str` (STRING, BINSTRING): text when it is valid UTF-8
    /// (pickle.loads' default would demand ASCII), bytes otherwise.
    fn py2_string(&mut self, bytes: Vec<u8>) -> Res<Item> {
        match String::from_utf8(bytes) {
            Ok(s) => self.alloc(Obj::Str(s)),
            Err(e) => self.alloc(Obj::Bytes(e.into_bytes())),
        }
    }

    // ------------------------------------------------------------ opcodes

    /// Runs one opcode; `Some` at STOP.
    fn step(&mut self, opcode: u8) -> Res<Option<Item>> {
        match opcode {
            op::PROTO => {
                let proto = self.u8()?;
                if proto > super::HIGHEST_PROTOCOL {
                    return Err(K::UnsupportedProtocol(proto));
                }
                self.proto = proto;
            }
            op::FRAME => {
                // Frames only group opcodes for buffered reading.
                let len = self.u64()?;
                let rest = self.data.len().saturating_sub(self.pos);
                if usize::try_from(len).map_or(true, |len| len > rest) {
                    return Err(K::Truncated);
                }
            }
            op::STOP => return self.pop().map(Some),
            op::MARK => self.marks.push(self.stack.len()),
            op::POP => {
                if self.marks.last() == Some(&self.stack.len()) {
                    self.marks.pop();
                } else {
                    self.pop()?;
                }
            }
            op::POP_MARK => {
                self.pop_mark()?;
            }
            op::DUP => {
                let top = self.top()?;
                self.push(top);
            }

            // ---- scalars
            op::NONE => self.push(Item::None),
            op::NEWTRUE => self.push(Item::Bool(true)),
            op::NEWFALSE => self.push(Item::Bool(false)),
            op::INT => {
                let line = self.line()?;
                let item = match line {
                    b"00" => Item::Bool(false),
                    b"01" => Item::Bool(true),
                    _ => {
                        let n = parse_int(line)?;
                        self.int(n)?
                    }
                };
                self.push(item);
            }
            op::BININT => {
                let n = i32::from_le_bytes(self.array()?);
                self.push(Item::Int(n.into()));
            }
            op::BININT1 => {
                let n = self.u8()?;
                self.push(Item::Int(n.into()));
            }
            op::BININT2 => {
                let n = u16::from_le_bytes(self.array()?);
                self.push(Item::Int(n.into()));
            }
            op::LONG => {
                let line = self.line()?;
                let digits = line.strip_suffix(b"L").unwrap_or(line);
                let n = parse_int(digits)?;
                let item = self.int(n)?;
                self.push(item);
            }
            op::LONG1 => {
                let len = self.u8()?;
                let bytes = self.take(len.into())?;
                let item = self.int(BigInt::from_signed_bytes_le(bytes))?;
                self.push(item);
            }
            op::LONG4 => {
                let len = self.i32_len("LONG4")?;
                let bytes = self.take(len)?;
                let item = self.int(BigInt::from_signed_bytes_le(bytes))?;
                self.push(item);
            }
            op::FLOAT => {
                let line = self.line()?;
                let text = std::str::from_utf8(line).map_err(|_| invalid("FLOAT literal is not ASCII"))?;
                let x: f64 = text.trim().parse().map_err(|_| invalid(format!("bad FLOAT literal {text:?}")))?;
                self.push(Item::Float(x));
            }
            op::BINFLOAT => {
                let x = f64::from_be_bytes(self.array()?);
                self.push(Item::Float(x));
            }

            // ---- strings
            op::STRING => {
                let line = self.line()?;
                let inner = match line {
                    [q, inner @ .., last] if q == last && (*q == b'\'' || *q == b'"') => inner,
                    _ => return Err(invalid("the STRING opcode argument must be quoted")),
                };
                let bytes = escape_decode(inner)?;
                let item = self.py2_string(bytes)?;
                self.push(item);
            }
            op::BINSTRING => {
                let len = self.i32_len("BINSTRING")?;
                let bytes = self.take(len)?.to_vec();
                let item = self.py2_string(bytes)?;
                self.push(item);
            }
            op::SHORT_BINSTRING => {
                let len = self.u8()?;
                let bytes = self.take(len.into())?.to_vec();
                let item = self.py2_string(bytes)?;
                self.push(item);
            }
            op::UNICODE => {
                let line = self.line()?;
                let s = raw_unicode_escape(line)?;
                let item = self.alloc(Obj::Str(s))?;
                self.push(item);
            }
            op::SHORT_BINUNICODE => {
                let len = self.u8()?;
                let bytes = self.take(len.into())?;
                let item = self.string(bytes)?;
                self.push(item);
            }
            op::BINUNICODE => {
                let len = self.u32()?;
                let bytes = self.take_u64(len.into())?;
                let item = self.string(bytes)?;
                self.push(item);
            }
            op::BINUNICODE8 => {
                let len = self.u64()?;
                let bytes = self.take_u64(len)?;
                let item = self.string(bytes)?;
                self.push(item);
            }
            op::SHORT_BINBYTES => {
                let len = self.u8()?;
                let bytes = self.take(len.into())?.to_vec();
                let item = self.alloc(Obj::Bytes(bytes))?;
                self.push(item);
            }
            op::BINBYTES => {
                let len = self.u32()?;
                let bytes = self.take_u64(len.into())?.to_vec();
                let item = self.alloc(Obj::Bytes(bytes))?;
                self.push(item);
            }
            op::BINBYTES8 => {
                let len = self.u64()?;
                let bytes = self.take_u64(len)?.to_vec();
                let item = self.alloc(Obj::Bytes(bytes))?;
                self.push(item);
            }
            op::BYTEARRAY8 => {
                let len = self.u64()?;
                let bytes = self.take_u64(len)?.to_vec();
                let item = self.alloc(Obj::ByteArray(bytes))?;
                self.push(item);
            }
            op::NEXT_BUFFER => return Err(K::Unsupported("out-of-band buffers (NEXT_BUFFER)".into())),
            op::READONLY_BUFFER => {
                let top = self.top()?;
                if !matches!(self.obj(top), Some(Obj::Bytes(_) | Obj::ByteArray(_))) {
                    return Err(type_err("READONLY_BUFFER on an object that is not a buffer"));
                }
            }

            // ---- containers
            op::EMPTY_LIST => {
                let item = self.alloc(Obj::List(Vec::new()))?;
                self.push(item);
            }
            op::LIST => {
                let items = self.pop_mark()?;
                self.charge_items(items.len())?;
                let item = self.alloc(Obj::List(items))?;
                self.push(item);
            }
            op::APPEND => {
                let value = self.pop()?;
                let target = self.top()?;
                self.extend(target, vec![value], "APPEND")?;
            }
            op::APPENDS => {
                let items = self.pop_mark()?;
                let target = self.top()?;
                self.extend(target, items, "APPENDS")?;
            }
            op::EMPTY_DICT => {
                let item = self.alloc(Obj::Dict(Vec::new()))?;
                self.push(item);
            }
            op::DICT => {
                let items = self.pop_mark()?;
                let pairs = pairs(items, "DICT")?;
                self.charge_items(2 * pairs.len())?;
                let item = self.alloc(Obj::Dict(pairs))?;
                self.push(item);
            }
            op::SETITEM => {
                let value = self.pop()?;
                let key = self.pop()?;
                let target = self.top()?;
                self.set_items(target, vec![(key, value)], "SETITEM")?;
            }
            op::SETITEMS => {
                let items = self.pop_mark()?;
                let pairs = pairs(items, "SETITEMS")?;
                let target = self.top()?;
                self.set_items(target, pairs, "SETITEMS")?;
            }
            op::EMPTY_TUPLE => {
                let item = self.alloc(Obj::Tuple(Vec::new()))?;
                self.push(item);
            }
            op::TUPLE => {
                let items = self.pop_mark()?;
                self.tuple(items)?;
            }
            op::TUPLE1 | op::TUPLE2 | op::TUPLE3 => {
                let n = usize::from(opcode - op::TUPLE1) + 1;
                let mut items = Vec::with_capacity(n);
                for _ in 0..n {
                    items.push(self.pop()?);
                }
                items.reverse();
                self.tuple(items)?;
            }
            op::EMPTY_SET => {
                let item = self.alloc(Obj::Set(Vec::new()))?;
                self.push(item);
            }
            op::ADDITEMS => {
                let items = self.pop_mark()?;
                let target = self.top()?;
                self.charge_items(items.len())?;
                match self.obj_mut(target) {
                    Some(Obj::Set(set)) => set.extend(items),
                    _ => return Err(type_err("ADDITEMS target is not a set")),
                }
            }
            op::FROZENSET => {
                let items = self.pop_mark()?;
                self.charge_items(items.len())?;
                let item = self.alloc(Obj::FrozenSet(items))?;
                self.push(item);
            }

            // ---- memo
            op::PUT => {
                let line = self.line()?;
                let key = parse_memo_key(line, "PUT")?;
                self.put(key)?;
            }
            op::BINPUT => {
                let key = self.u8()?;
                self.put(key.into())?;
            }
            op::LONG_BINPUT => {
                let key = self.u32()?;
                self.put(key.into())?;
            }
            op::MEMOIZE => {
                let key = self.memo.len() as u64;
                self.put(key)?;
            }
            op::GET => {
                let line = self.line()?;
                let key = parse_memo_key(line, "GET")?;
                self.get(key)?;
            }
            op::BINGET => {
                let key = self.u8()?;
                self.get(key.into())?;
            }
            op::LONG_BINGET => {
                let key = self.u32()?;
                self.get(key.into())?;
            }

            // ---- classes and objects
            op::GLOBAL => {
                let module = utf8(self.line()?, "GLOBAL module name")?;
                let name = utf8(self.line()?, "GLOBAL name")?;
                let item = self.global(module, name)?;
                self.push(item);
            }
            op::STACK_GLOBAL => {
                let name = self.pop()?;
                let module = self.pop()?;
                let (Some(module), Some(name)) = (self.str_of(module), self.str_of(name)) else {
                    return Err(type_err("STACK_GLOBAL requires str"));
                };
                let (module, name) = (module.to_owned(), name.to_owned());
                let item = self.global(&module, &name)?;
                self.push(item);
            }
            op::REDUCE => {
                let args = self.pop()?;
                let callable = self.pop()?;
                let args = self.tuple_items(args, "REDUCE")?;
                let item = self.call(callable, args)?;
                self.push(item);
            }
            op::NEWOBJ => {
                let args = self.pop()?;
                let cls = self.pop()?;
                let args = self.tuple_items(args, "NEWOBJ")?;
                let item = self.call(cls, args)?;
                self.push(item);
            }
            op::NEWOBJ_EX => {
                let kwargs = self.pop()?;
                let args = self.pop()?;
                let cls = self.pop()?;
                match self.obj(kwargs) {
                    Some(Obj::Dict(d)) if d.is_empty() => {}
                    Some(Obj::Dict(_)) => return Err(K::Unsupported("NEWOBJ_EX with keyword arguments".into())),
                    _ => return Err(type_err("NEWOBJ_EX keyword arguments are not a dict")),
                }
                let args = self.tuple_items(args, "NEWOBJ_EX")?;
                let item = self.call(cls, args)?;
                self.push(item);
            }
            op::INST => {
                let module = utf8(self.line()?, "INST module name")?;
                let name = utf8(self.line()?, "INST name")?;
                let args = self.pop_mark()?;
                let cls = self.global(module, name)?;
                self.charge_items(args.len())?;
                let item = self.call(cls, args)?;
                self.push(item);
            }
            op::OBJ => {
                let mut args = self.pop_mark()?;
                if args.is_empty() {
                    return Err(K::StackUnderflow);
                }
                let cls = args.remove(0);
                self.charge_items(args.len())?;
                let item = self.call(cls, args)?;
                self.push(item);
            }
            op::BUILD => {
                let state = self.pop()?;
                let target = self.top()?;
                self.build(target, state)?;
            }
            op::PERSID | op::BINPERSID => return Err(K::Unsupported("persistent IDs".into())),
            op::EXT1 | op::EXT2 | op::EXT4 => {
                return Err(K::Unsupported("extension registry codes (EXT1/EXT2/EXT4)".into()))
            }
            _ => return Err(K::UnknownOpcode(opcode)),
        }
        Ok(None)
    }

    fn put(&mut self, key: u64) -> Res<()> {
        let top = self.top()?;
        if self.memo.insert(key, top).is_none() {
            self.charge(2 * size_of::<(u64, Item)>())?;
        }
        Ok(())
    }

    fn get(&mut self, key: u64) -> Res<()> {
        let item = *self.memo.get(&key).ok_or(K::MemoMissing(key))?;
        self.push(item);
        Ok(())
    }

    fn tuple(&mut self, items: Vec<Item>) -> Res<()> {
        self.charge_items(items.len())?;
        let item = self.alloc(Obj::Tuple(items))?;
        self.push(item);
        Ok(())
    }

    fn extend(&mut self, target: Item, items: Vec<Item>, what: &str) -> Res<()> {
        self.charge_items(items.len())?;
        match self.obj_mut(target) {
            Some(Obj::List(list)) => {
                list.extend(items);
                Ok(())
            }
            Some(Obj::Record(r)) => Err(K::Unsupported(format!("list items added to a {} instance", r.class))),
            _ => Err(type_err(format!("{what} target is not a list"))),
        }
    }

    fn set_items(&mut self, target: Item, pairs: Vec<(Item, Item)>, what: &str) -> Res<()> {
        self.charge_items(2 * pairs.len())?;
        match self.obj_mut(target) {
            Some(Obj::Dict(dict)) => {
                dict.extend(pairs);
                Ok(())
            }
            Some(Obj::Record(r)) => Err(K::Unsupported(format!("dict items added to a {} instance", r.class))),
            _ => Err(type_err(format!("{what} target is not a dict"))),
        }
    }

    /// The items of a tuple argument (copied: the tuple may be shared).
    fn tuple_items(&mut self, item: Item, what: &str) -> Res<Vec<Item>> {
        let items = match self.obj(item) {
            Some(Obj::Tuple(items)) => items.clone(),
            _ => return Err(type_err(format!("{what} arguments are not a tuple"))),
        };
        self.charge_items(items.len())?;
        Ok(items)
    }

    /// The elements of an iterable argument (for `set(...)` and friends).
    fn iter_items(&mut self, item: Item, what: &str) -> Res<Vec<Item>> {
        let items = match self.obj(item) {
            Some(Obj::List(v) | Obj::Tuple(v) | Obj::Set(v) | Obj::FrozenSet(v)) => v.clone(),
            _ => return Err(type_err(format!("{what}() argument is not a list, tuple or set"))),
        };
        self.charge_items(items.len())?;
        Ok(items)
    }

    fn global(&mut self, module: &str, name: &str) -> Res<Item> {
        let (module, name) = if self.proto < 3 { fix_import_load(module, name) } else { (module, name) };
        match (module, name) {
            ("builtins", "Ellipsis") => Ok(Item::Ellipsis),
            ("builtins", "NotImplemented") => Ok(Item::NotImplemented),
            _ => self.alloc(Obj::Global(Box::new((module.to_owned(), name.to_owned())))),
        }
    }

    /// Calls a class or function (REDUCE, NEWOBJ, INST, OBJ).
    fn call(&mut self, callable: Item, mut args: Vec<Item>) -> Res<Item> {
        // copyreg.__newobj__(cls, *args) is cls.__new__(cls, *args); unwrap
        // (possibly nested) uses without recursing.
        let mut callable = callable;
        let mut skip = 0;
        let (module, name) = loop {
            let (module, name) = match self.obj(callable) {
                Some(Obj::Global(g)) => (g.0.as_str(), g.1.as_str()),
                Some(Obj::Record(r)) => {
                    return Err(K::Unsupported(format!("calling a {} instance", r.class)));
                }
                _ => return Err(type_err("calling an object that is not a class or function")),
            };
            if (module, name) != ("copyreg", "__newobj__") {
                break (module.to_owned(), name.to_owned());
            }
            callable = *args.get(skip).ok_or_else(|| type_err("__newobj__() needs a class"))?;
            skip += 1;
        };
        if skip > 0 {
            args.drain(..skip);
        }
        let arg = |i: usize| args.get(i).copied();
        let obj = match (module.as_str(), name.as_str()) {
            ("builtins", "complex") => {
                let re = arg(0).map_or(Ok(0.0), |x| self.number(x, "complex"))?;
                let im = arg(1).map_or(Ok(0.0), |x| self.number(x, "complex"))?;
                if args.len() > 2 {
                    return Err(type_err("complex() takes at most 2 arguments"));
                }
                Obj::Complex(re, im)
            }
            ("builtins", "set" | "frozenset") => {
                let items = match (arg(0), args.len()) {
                    (None, _) => Vec::new(),
                    (Some(x), 1) => self.iter_items(x, &name)?,
                    _ => return Err(type_err(format!("{name}() takes at most 1 argument"))),
                };
                if name == "set" {
                    Obj::Set(items)
                } else {
                    Obj::FrozenSet(items)
                }
            }
            ("builtins", "bytes") => Obj::Bytes(self.bytes_arg(&args, "bytes")?),
            ("builtins", "bytearray") => Obj::ByteArray(self.bytes_arg(&args, "bytearray")?),
            ("_codecs", "encode") => match (arg(0), args.len()) {
                (Some(text), 1 | 2) => Obj::Bytes(self.encode(text, arg(1))?),
                _ => return Err(type_err("_codecs.encode() takes 1 or 2 arguments")),
            },
            ("builtins", "slice") => {
                let parts = match args.as_slice() {
                    [stop] => [Item::None, *stop, Item::None],
                    [start, stop] => [*start, *stop, Item::None],
                    [start, stop, step] => [*start, *stop, *step],
                    _ => return Err(type_err("slice() takes 1 to 3 arguments")),
                };
                Obj::Slice(Box::new(parts))
            }
            ("builtins", "getattr") => match args.as_slice() {
                // The protocol < 4 way to name a nested class: getattr(Outer, 'Inner').
                [owner, attr] => match (self.obj(*owner), self.str_of(*attr)) {
                    (Some(Obj::Global(g)), Some(attr)) => {
                        Obj::Global(Box::new((g.0.clone(), format!("{}.{attr}", g.1))))
                    }
                    _ => record(&module, &name, args),
                },
                _ => record(&module, &name, args),
            },
            ("copyreg", "_reconstructor") => match args.as_slice() {
                // Protocol 0/1 instances: base.__new__(cls, state) for cls(base).
                [cls, _base, state] => {
                    let Some(Obj::Global(g)) = self.obj(*cls) else {
                        return Err(type_err("_reconstructor() class is not a class"));
                    };
                    let class = format!("{}.{}", g.0, g.1);
                    let args = if matches!(state, Item::None) { Vec::new() } else { vec![*state] };
                    Obj::Record(Box::new(RecordObj { class, args, state: None }))
                }
                _ => return Err(type_err("_reconstructor() takes 3 arguments")),
            },
            ("collections", "OrderedDict") if args.is_empty() => Obj::Dict(Vec::new()),
            ("collections", "defaultdict") if args.len() <= 1 => Obj::Dict(Vec::new()),
            _ => record(&module, &name, args),
        };
        self.alloc(obj)
    }

    fn number(&self, item: Item, what: &str) -> Res<f64> {
        match item {
            Item::Int(n) => Ok(n as f64),
            Item::Bool(b) => Ok(f64::from(u8::from(b))),
            Item::Float(x) => Ok(x),
            _ => match self.obj(item) {
                Some(Obj::BigInt(n)) => n
                    .to_f64()
                    .filter(|x| x.is_finite())
                    .ok_or_else(|| invalid(format!("int too large to convert to float in {what}()"))),
                _ => Err(type_err(format!("{what}() argument must be a number"))),
            },
        }
    }

    /// `bytes(...)` / `bytearray(...)`: no argument, a bytes-like object, or
    /// a str and an encoding.
    fn bytes_arg(&mut self, args: &[Item], what: &str) -> Res<Vec<u8>> {
        let out = match args {
            [] => Vec::new(),
            [one] => match self.obj(*one) {
                Some(Obj::Bytes(b) | Obj::ByteArray(b)) => b.clone(),
                _ => return Err(type_err(format!("{what}() argument is not bytes"))),
            },
            [text, encoding] => self.encode(*text, Some(*encoding))?,
            _ => return Err(type_err(format!("{what}() takes at most 2 arguments"))),
        };
        self.charge(out.len())?;
        Ok(out)
    }

    /// `str.encode(encoding)` for the encodings pickle uses.
    fn encode(&mut self, text: Item, encoding: Option<Item>) -> Res<Vec<u8>> {
        let Some(text) = self.str_of(text) else {
            return Err(type_err("encode() argument is not a str"));
        };
        let encoding = match encoding {
            None => "utf-8".to_owned(),
            Some(e) => {
                self.str_of(e).ok_or_else(|| type_err("encoding is not a str"))?.to_ascii_lowercase().replace('_', "-")
            }
        };
        let out = match encoding.as_str() {
            "latin1" | "latin-1" | "iso-8859-1" | "iso8859-1" | "l1" => text
                .chars()
                .map(|c| u8::try_from(u32::from(c)).map_err(|_| invalid("character not in latin-1")))
                .collect::<Res<Vec<u8>>>()?,
            "utf-8" | "utf8" => text.as_bytes().to_vec(),
            "ascii" if text.is_ascii() => text.as_bytes().to_vec(),
            other => return Err(K::Unsupported(format!("encoding {other:?}"))),
        };
        self.charge(out.len())?;
        Ok(out)
    }

    fn build(&mut self, target: Item, state: Item) -> Res<()> {
        if matches!(state, Item::None) {
            return Ok(());
        }
        match self.obj_mut(target) {
            Some(Obj::Record(r)) => {
                r.state = Some(state);
                Ok(())
            }
            _ => Err(type_err("BUILD on an object that takes no state")),
        }
    }
}

fn record(module: &str, name: &str, args: Vec<Item>) -> Obj {
    Obj::Record(Box::new(RecordObj { class: format!("{module}.{name}"), args, state: None }))
}

fn pairs(items: Vec<Item>, what: &str) -> Res<Vec<(Item, Item)>> {
    if items.len() % 2 != 0 {
        return Err(invalid(format!("odd number of items for {what}")));
    }
    let mut out = Vec::with_capacity(items.len() / 2);
    let mut it = items.into_iter();
    while let (Some(k), Some(v)) = (it.next(), it.next()) {
        out.push((k, v));
    }
    Ok(out)
}

fn utf8<'b>(bytes: &'b [u8], what: &str) -> Res<&'b str> {
    std::str::from_utf8(bytes).map_err(|_| invalid(format!("{what} is not UTF-8")))
}

/// A decimal integer literal (INT, LONG), as CPython's `int()` reads it.
fn parse_int(line: &[u8]) -> Res<BigInt> {
    let text = std::str::from_utf8(line).map_err(|_| invalid("integer literal is not ASCII"))?.trim();
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid(format!("bad integer literal {:?}", truncate(text))));
    }
    if digits.len() > MAX_INT_DIGITS {
        return Err(invalid(format!("integer literal longer than {MAX_INT_DIGITS} digits")));
    }
    if let Ok(small) = text.parse::<i64>() {
        return Ok(BigInt::from(small));
    }
    BigInt::parse_bytes(text.as_bytes(), 10).ok_or_else(|| invalid(format!("bad integer literal {:?}", truncate(text))))
}

fn truncate(s: &str) -> &str {
    match s.char_indices().nth(40) {
        Some((i, _)) => s.get(..i).unwrap_or(s),
        None => s,
    }
}

fn parse_memo_key(line: &[u8], what: &str) -> Res<u64> {
    let text = std::str::from_utf8(line).map_err(|_| invalid(format!("{what} argument is not ASCII")))?;
    text.trim().parse().map_err(|_| invalid(format!("bad {what} argument {:?}", truncate(text))))
}

/// UTF-8 as Python writes it for `str` (`surrogatepass`): a lone surrogate
/// (ED A0..BF xx) reads as one U+FFFD, as does any other invalid sequence.
fn decode_utf8(bytes: &[u8]) -> String {
    if let Ok(s) = std::str::from_utf8(bytes) {
        return s.to_owned();
    }
    let mut out = String::with_capacity(bytes.len());
    let mut rest = bytes;
    while !rest.is_empty() {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                out.push_str(s);
                break;
            }
            Err(e) => {
                let (good, bad) = rest.split_at(e.valid_up_to());
                out.push_str(std::str::from_utf8(good).unwrap_or_default());
                out.push(char::REPLACEMENT_CHARACTER);
                let skip = match bad {
                    [0xed, 0xa0..=0xbf, 0x80..=0xbf, ..] => 3,
                    _ => e.error_len().unwrap_or(bad.len()),
                };
                rest = bad.get(skip..).unwrap_or(&[]);
            }
        }
    }
    out
}

/// `codecs.escape_decode`: the body of a protocol 0 STRING literal.
fn escape_decode(s: &[u8]) -> Res<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while let Some(&c) = s.get(i) {
        i += 1;
        if c != b'\\' {
            out.push(c);
            continue;
        }
        let Some(&e) = s.get(i) else {
            return Err(invalid("trailing \\ in STRING literal"));
        };
        i += 1;
        match e {
            b'\n' => {}
            b'\\' | b'\'' | b'"' => out.push(e),
            b'b' => out.push(0x08),
            b'f' => out.push(0x0c),
            b't' => out.push(b'\t'),
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b'v' => out.push(0x0b),
            b'a' => out.push(0x07),
            b'0'..=b'7' => {
                let mut v = u32::from(e - b'0');
                for _ in 0..2 {
                    match s.get(i) {
                        Some(&d @ b'0'..=b'7') => {
                            v = v * 8 + u32::from(d - b'0');
                            i += 1;
                        }
                        _ => break,
                    }
                }
                out.push((v & 0xff) as u8);
            }
            b'x' => {
                let hex = s.get(i..i + 2).ok_or_else(|| invalid("invalid \\x escape in STRING literal"))?;
                let v = std::str::from_utf8(hex)
                    .ok()
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                    .ok_or_else(|| invalid("invalid \\x escape in STRING literal"))?;
                out.push(v);
                i += 2;
            }
            other => {
                out.push(b'\\');
                out.push(other);
            }
        }
    }
    Ok(out)
}

/// `raw-unicode-escape` decoding (protocol 0 UNICODE): bytes are Latin-1
/// except `\uXXXX` and `\UXXXXXXXX`. Surrogates read as U+FFFD.
fn raw_unicode_escape(s: &[u8]) -> Res<String> {
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while let Some(&c) = s.get(i) {
        i += 1;
        let count = match (c, s.get(i)) {
            (b'\\', Some(b'u')) => 4,
            (b'\\', Some(b'U')) => 8,
            _ => {
                out.push(char::from(c));
                continue;
            }
        };
        i += 1;
        let hex = s.get(i..i + count).ok_or_else(|| invalid("truncated \\u escape in UNICODE literal"))?;
        let code = std::str::from_utf8(hex)
            .ok()
            .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .ok_or_else(|| invalid("bad \\u escape in UNICODE literal"))?;
        if code > 0x10ffff {
            return Err(invalid("\\U escape out of range in UNICODE literal"));
        }
        out.push(char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER));
        i += count;
    }
    Ok(out)
}

// ---------------------------------------------------------------- tree

/// Turns arena objects into a `Value` tree without recursing (an explicit
/// stack of open containers): copies shared objects, refuses cycles, bounds
/// depth and total size.
struct Builder<'m> {
    arena: &'m [Obj],
    /// Objects on the path from the root to the current one.
    visiting: Vec<bool>,
    spent: usize,
    budget: usize,
    max_depth: usize,
}

/// A container being built: its arena id, the index of its next child,
/// and the children built so far.
struct Open {
    id: usize,
    next: usize,
    done: Vec<Value>,
}

enum Start {
    Leaf(Value),
    Open(Open),
}

/// The `i`th child of a container (dicts: key, value, key, ...; records:
/// the arguments, then the state).
fn child(obj: &Obj, i: usize) -> Option<Item> {
    match obj {
        Obj::Tuple(v) | Obj::List(v) | Obj::Set(v) | Obj::FrozenSet(v) => v.get(i).copied(),
        Obj::Dict(pairs) => pairs.get(i / 2).map(|(k, v)| if i % 2 == 0 { *k } else { *v }),
        Obj::Slice(parts) => parts.get(i).copied(),
        Obj::Record(r) => match r.args.get(i) {
            Some(arg) => Some(*arg),
            None if i == r.args.len() => r.state,
            None => None,
        },
        _ => None,
    }
}

fn child_count(obj: &Obj) -> usize {
    match obj {
        Obj::Tuple(v) | Obj::List(v) | Obj::Set(v) | Obj::FrozenSet(v) => v.len(),
        Obj::Dict(pairs) => 2 * pairs.len(),
        Obj::Slice(_) => 3,
        Obj::Record(r) => r.args.len() + usize::from(r.state.is_some()),
        _ => 0,
    }
}

impl Builder<'_> {
    fn charge(&mut self, bytes: usize) -> Res<()> {
        self.spent = self.spent.saturating_add(bytes);
        if self.spent > self.budget {
            return Err(K::TooLarge(self.budget));
        }
        Ok(())
    }

    fn build(&mut self, root: Item) -> Res<Value> {
        self.charge(size_of::<Value>())?;
        let mut stack: Vec<Open> = Vec::new();
        let mut open = match self.start(root, 0)? {
            Start::Leaf(v) => return Ok(v),
            Start::Open(open) => open,
        };
        loop {
            let obj = self.arena.get(open.id).ok_or_else(|| invalid("dangling object reference"))?;
            if let Some(item) = child(obj, open.next) {
                open.next += 1;
                match self.start(item, stack.len() + 1)? {
                    Start::Leaf(v) => open.done.push(v),
                    Start::Open(inner) => {
                        stack.push(open);
                        open = inner;
                    }
                }
                continue;
            }
            if let Some(flag) = self.visiting.get_mut(open.id) {
                *flag = false;
            }
            let value = assemble(obj, open.done)?;
            match stack.pop() {
                Some(mut parent) => {
                    parent.done.push(value);
                    open = parent;
                }
                None => return Ok(value),
            }
        }
    }

    /// A leaf value, or a container to fill (at `depth` below the root).
    /// The slot a value takes in its parent is charged by the parent.
    fn start(&mut self, item: Item, depth: usize) -> Res<Start> {
        let id = match item {
            Item::None => return Ok(Start::Leaf(Value::None)),
            Item::Bool(b) => return Ok(Start::Leaf(Value::Bool(b))),
            Item::Int(n) => return Ok(Start::Leaf(Value::Int(n))),
            Item::Float(x) => return Ok(Start::Leaf(Value::Float(x))),
            Item::Ellipsis => return Ok(Start::Leaf(Value::Ellipsis)),
            Item::NotImplemented => return Ok(Start::Leaf(Value::NotImplemented)),
            Item::Obj(id) => id,
        };
        let arena = self.arena;
        let obj = arena.get(id).ok_or_else(|| invalid("dangling object reference"))?;
        let leaf = match obj {
            Obj::BigInt(n) => {
                self.charge(n.bits().div_ceil(8).try_into().unwrap_or(usize::MAX))?;
                Value::from_bigint(n.clone())
            }
            Obj::Complex(re, im) => Value::Complex(*re, *im),
            Obj::Str(s) => {
                self.charge(s.len())?;
                Value::Str(s.clone())
            }
            Obj::Bytes(b) => {
                self.charge(b.len())?;
                Value::Bytes(b.clone())
            }
            Obj::ByteArray(b) => {
                self.charge(b.len())?;
                Value::ByteArray(b.clone())
            }
            Obj::Global(g) => {
                self.charge(size_of::<Record>() + GLOBAL_REF.len() + g.0.len() + g.1.len() + 2 * size_of::<Value>())?;
                Value::Record(Box::new(Record {
                    class: GLOBAL_REF.to_owned(),
                    args: vec![Value::str(g.0.clone()), Value::str(g.1.clone())],
                    state: None,
                }))
            }
            _ => {
                if depth >= self.max_depth {
                    return Err(K::TooDeep(self.max_depth));
                }
                let flag = self.visiting.get_mut(id).ok_or_else(|| invalid("dangling object reference"))?;
                if *flag {
                    return Err(K::Recursive);
                }
                *flag = true;
                let count = child_count(obj);
                let extra = match obj {
                    Obj::Record(r) => size_of::<Record>() + r.class.len(),
                    _ => 0,
                };
                self.charge(count.saturating_mul(size_of::<Value>()).saturating_add(extra))?;
                return Ok(Start::Open(Open { id, next: 0, done: Vec::with_capacity(count) }));
            }
        };
        Ok(Start::Leaf(leaf))
    }
}

/// Builds a container from its children, in `child` order.
fn assemble(obj: &Obj, done: Vec<Value>) -> Res<Value> {
    Ok(match obj {
        Obj::Tuple(_) => Value::Tuple(done),
        Obj::List(_) => Value::List(done),
        Obj::Set(_) => Value::Set(done),
        Obj::FrozenSet(_) => Value::FrozenSet(done),
        Obj::Dict(_) => {
            let mut pairs = Vec::with_capacity(done.len() / 2);
            let mut it = done.into_iter();
            while let (Some(k), Some(v)) = (it.next(), it.next()) {
                pairs.push((k, v));
            }
            Value::Dict(pairs)
        }
        Obj::Slice(_) => {
            let parts: [Value; 3] = done.try_into().map_err(|_| invalid("slice without 3 parts"))?;
            Value::Slice(Box::new(parts))
        }
        Obj::Record(r) => {
            let mut args = done;
            let state = if r.state.is_some() { args.pop() } else { None };
            Value::Record(Box::new(Record { class: r.class.clone(), args, state }))
        }
        Obj::BigInt(_) | Obj::Complex(..) | Obj::Str(_) | Obj::Bytes(_) | Obj::ByteArray(_) | Obj::Global(_) => {
            return Err(invalid("not a container"))
        }
    })
}
