//! The pickler: writes a `Value` without memo or frames, iteratively (an
//! explicit task stack), so arbitrarily deep values cannot overflow the
//! native stack.

use num_bigint::BigInt;

use super::{fix_import_dump, op, split_class, GLOBAL_REF};
use crate::value::Value;

/// CPython batches APPENDS/SETITEMS/ADDITEMS by this many items.
const BATCH: usize = 1000;

enum Task<'v> {
    Value(&'v Value),
    Op(u8),
    Key(&'v Value, &'v Value),
}

pub(super) fn dumps(value: &Value, proto: u8) -> Vec<u8> {
    let mut p = Pickler { out: vec![op::PROTO, proto], proto, tasks: vec![Task::Value(value)] };
    while let Some(task) = p.tasks.pop() {
        match task {
            Task::Value(v) => p.value(v),
            Task::Op(code) => p.out.push(code),
            Task::Key(k, v) => {
                // Key first, then value.
                p.tasks.push(Task::Value(v));
                p.tasks.push(Task::Value(k));
            }
        }
    }
    p.out.push(op::STOP);
    p.out
}

struct Pickler<'v> {
    out: Vec<u8>,
    proto: u8,
    /// Work still to do, last first.
    tasks: Vec<Task<'v>>,
}

impl<'v> Pickler<'v> {
    fn value(&mut self, v: &'v Value) {
        match v {
            Value::None => self.out.push(op::NONE),
            Value::Bool(b) => self.out.push(if *b { op::NEWTRUE } else { op::NEWFALSE }),
            Value::Int(n) => self.int(*n),
            Value::BigInt(n) => self.bigint(n),
            Value::Float(x) => self.float(*x),
            Value::Complex(re, im) => {
                self.global("builtins", "complex");
                self.float(*re);
                self.float(*im);
                self.out.extend([op::TUPLE2, op::REDUCE]);
            }
            Value::Str(s) => self.str(s),
            Value::Bytes(b) => self.bytes(b),
            Value::ByteArray(b) => {
                if self.proto >= 5 {
                    self.out.push(op::BYTEARRAY8);
                    self.out.extend((b.len() as u64).to_le_bytes());
                    self.out.extend_from_slice(b);
                } else {
                    self.global("builtins", "bytearray");
                    self.bytes(b);
                    self.out.extend([op::TUPLE1, op::REDUCE]);
                }
            }
            Value::Ellipsis => self.global("builtins", "Ellipsis"),
            Value::NotImplemented => self.global("builtins", "NotImplemented"),
            Value::Tuple(items) => self.tuple(items),
            Value::List(items) => {
                self.out.push(op::EMPTY_LIST);
                self.batched(items, op::APPENDS);
            }
            Value::Dict(pairs) => {
                self.out.push(op::EMPTY_DICT);
                for chunk in pairs.chunks(BATCH).rev() {
                    self.tasks.push(Task::Op(op::SETITEMS));
                    self.tasks.extend(chunk.iter().rev().map(|(k, v)| Task::Key(k, v)));
                    self.tasks.push(Task::Op(op::MARK));
                }
            }
            Value::Set(items) => {
                if self.proto >= 4 {
                    self.out.push(op::EMPTY_SET);
                    self.batched(items, op::ADDITEMS);
                } else {
                    // set([items])
                    self.global("builtins", "set");
                    self.tasks.push(Task::Op(op::REDUCE));
                    self.tasks.push(Task::Op(op::TUPLE1));
                    self.batched(items, op::APPENDS);
                    self.tasks.push(Task::Op(op::EMPTY_LIST));
                }
            }
            Value::FrozenSet(items) => {
                if self.proto >= 4 {
                    self.tasks.push(Task::Op(op::FROZENSET));
                    self.push_values(items);
                    self.tasks.push(Task::Op(op::MARK));
                } else {
                    self.global("builtins", "frozenset");
                    self.tasks.push(Task::Op(op::REDUCE));
                    self.tasks.push(Task::Op(op::TUPLE1));
                    self.batched(items, op::APPENDS);
                    self.tasks.push(Task::Op(op::EMPTY_LIST));
                }
            }
            Value::Slice(parts) => {
                self.global("builtins", "slice");
                self.tasks.push(Task::Op(op::REDUCE));
                self.tuple(parts.as_slice());
            }
            Value::Record(rec) => {
                if rec.class == GLOBAL_REF && rec.state.is_none() {
                    if let [Value::Str(module), Value::Str(name)] = rec.args.as_slice() {
                        self.global(module, name);
                        return;
                    }
                }
                let (module, qualname) = split_class(&rec.class);
                self.global(module, qualname);
                if let Some(state) = &rec.state {
                    self.tasks.push(Task::Op(op::BUILD));
                    self.tasks.push(Task::Value(state));
                }
                if rec.args.is_empty() {
                    // cls.__new__(cls): plain classes, whose __init__ may need arguments.
                    self.tasks.push(Task::Op(op::NEWOBJ));
                    self.tasks.push(Task::Op(op::EMPTY_TUPLE));
                } else {
                    // cls(*args): struct sequences, named tuples, other reduce forms.
                    self.tasks.push(Task::Op(op::REDUCE));
                    self.tuple(&rec.args);
                }
            }
        }
    }

    /// Schedules `items` pushed in order (tasks are popped last first).
    fn push_values(&mut self, items: &'v [Value]) {
        self.tasks.extend(items.iter().rev().map(Task::Value));
    }

    /// Schedules a tuple of `items`.
    fn tuple(&mut self, items: &'v [Value]) {
        match items.len() {
            0 => self.tasks.push(Task::Op(op::EMPTY_TUPLE)),
            n @ 1..=3 => {
                self.tasks.push(Task::Op(op::TUPLE1 + (n as u8 - 1)));
                self.push_values(items);
            }
            _ => {
                self.tasks.push(Task::Op(op::TUPLE));
                self.push_values(items);
                self.tasks.push(Task::Op(op::MARK));
            }
        }
    }

    /// Schedules `MARK items... <code>` in batches, onto the object on top.
    fn batched(&mut self, items: &'v [Value], code: u8) {
        for chunk in items.chunks(BATCH).rev() {
            if let [single] = chunk {
                if code == op::APPENDS {
                    self.tasks.push(Task::Op(op::APPEND));
                    self.tasks.push(Task::Value(single));
                    continue;
                }
            }
            self.tasks.push(Task::Op(code));
            self.push_values(chunk);
            self.tasks.push(Task::Op(op::MARK));
        }
    }

    fn int(&mut self, n: i64) {
        if let Ok(small) = u8::try_from(n) {
            self.out.extend([op::BININT1, small]);
        } else if let Ok(small) = u16::try_from(n) {
            self.out.push(op::BININT2);
            self.out.extend(small.to_le_bytes());
        } else if let Ok(small) = i32::try_from(n) {
            self.out.push(op::BININT);
            self.out.extend(small.to_le_bytes());
        } else {
            self.bigint(&BigInt::from(n));
        }
    }

    fn bigint(&mut self, n: &BigInt) {
        // Python's encode_long: minimal two's complement, little-endian; 0 is empty.
        let bytes = if n.sign() == num_bigint::Sign::NoSign { Vec::new() } else { n.to_signed_bytes_le() };
        match u8::try_from(bytes.len()) {
            Ok(len) => self.out.extend([op::LONG1, len]),
            Err(_) => {
                self.out.push(op::LONG4);
                self.out.extend(u32::try_from(bytes.len()).unwrap_or(u32::MAX).to_le_bytes());
            }
        }
        self.out.extend(bytes);
    }

    fn float(&mut self, x: f64) {
        self.out.push(op::BINFLOAT);
        self.out.extend(x.to_be_bytes());
    }

    fn str(&mut self, s: &str) {
        let len = s.len();
        if self.proto >= 4 && len < 256 {
            self.out.extend([op::SHORT_BINUNICODE, len as u8]);
        } else if let Ok(len) = u32::try_from(len) {
            self.out.push(op::BINUNICODE);
            self.out.extend(len.to_le_bytes());
        } else {
            self.out.push(op::BINUNICODE8);
            self.out.extend((len as u64).to_le_bytes());
        }
        self.out.extend_from_slice(s.as_bytes());
    }

    fn bytes(&mut self, b: &[u8]) {
        if self.proto < 3 {
            // Protocol 2 has no bytes type: bytes() or _codecs.encode(latin-1 text, 'latin1').
            if b.is_empty() {
                self.global("builtins", "bytes");
                self.out.extend([op::EMPTY_TUPLE, op::REDUCE]);
            } else {
                self.global("_codecs", "encode");
                let text: String = b.iter().map(|&c| char::from(c)).collect();
                self.str(&text);
                self.str("latin1");
                self.out.extend([op::TUPLE2, op::REDUCE]);
            }
            return;
        }
        let len = b.len();
        if let Ok(len) = u8::try_from(len) {
            self.out.extend([op::SHORT_BINBYTES, len]);
        } else if let Ok(len) = u32::try_from(len) {
            self.out.push(op::BINBYTES);
            self.out.extend(len.to_le_bytes());
        } else {
            self.out.push(op::BINBYTES8);
            self.out.extend((len as u64).to_le_bytes());
        }
        self.out.extend_from_slice(b);
    }

    /// Pushes a class or function, as CPython's `save_global` does.
    fn global(&mut self, module: &str, qualname: &str) {
        if self.proto >= 4 || module.contains('\n') || qualname.contains('\n') {
            self.str(module);
            self.str(qualname);
            self.out.push(op::STACK_GLOBAL);
            return;
        }
        if qualname.contains('.') {
            // Protocols < 4 cannot name nested classes: getattr(getattr(Outer, 'Mid'), 'Inner').
            let mut parts = qualname.split('.');
            let outer = parts.next().unwrap_or_default();
            let attrs: Vec<&str> = parts.collect();
            for _ in &attrs {
                self.plain_global("builtins", "getattr");
            }
            self.plain_global(module, outer);
            for attr in attrs {
                self.str(attr);
                self.out.extend([op::TUPLE2, op::REDUCE]);
            }
            return;
        }
        self.plain_global(module, qualname);
    }

    /// GLOBAL, with Python 2 names at protocol 2.
    fn plain_global(&mut self, module: &str, qualname: &str) {
        let (module, name) = if self.proto < 3 { fix_import_dump(module, qualname) } else { (module, qualname) };
        self.out.push(op::GLOBAL);
        self.out.extend_from_slice(module.as_bytes());
        self.out.push(b'\n');
        self.out.extend_from_slice(name.as_bytes());
        self.out.push(b'\n');
    }
}
