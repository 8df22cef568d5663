//! Mutable containers that go by reference: `list`, `dict`, their
//! iterators, and records (`os.stat_result`, `CompletedProcess`, named
//! tuples) that read like their Python originals.

use std::sync::{Arc, Mutex, MutexGuard};

use rpyc_protocol::{Obj, Record, Value};

use crate::args::{self, Args};
use crate::context::Cx;
use crate::exc::{self, PyResult};
use crate::object::{next_instance_id, PyObject, PyRef, Val, CONTAINER_SPECIALS};

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Equality of two agent values (values by value, objects by identity).
pub fn val_eq(a: &Val, b: &Val) -> bool {
    match (a, b) {
        (Obj::Value(x), Obj::Value(y)) => value_eq(x, y),
        (Obj::Tuple(x), Obj::Tuple(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| val_eq(a, b)),
        (Obj::Local(x), Obj::Local(y)) => x.instance_id() == y.instance_id(),
        (Obj::Remote(x), Obj::Remote(y)) => x.id_pack() == y.id_pack(),
        _ => false,
    }
}

/// Python `==` for values: numbers compare across int, bool and float.
pub fn value_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Int(x), Value::Float(y)) | (Value::Float(y), Value::Int(x)) => (*x as f64) == *y,
        (Value::Bool(x), Value::Int(y)) | (Value::Int(y), Value::Bool(x)) => i64::from(*x) == *y,
        _ => a == b,
    }
}

/// Turns a non-dumpable value into an object that can go by reference.
pub fn from_value(value: Value) -> Option<PyRef> {
    let vals = |items: Vec<Value>| items.into_iter().map(wrap).collect::<Vec<Val>>();
    Some(match value {
        Value::List(items) => List::new(vals(items)),
        Value::Dict(pairs) => Dict::new(pairs.into_iter().map(|(k, v)| (wrap(k), wrap(v))).collect()),
        Value::Set(items) => List::with_type("builtins.set", vals(items)),
        Value::ByteArray(b) => List::with_type("builtins.bytearray", b.into_iter().map(|x| Obj::Value(Value::Int(x.into()))).collect()),
        _ => return None,
    })
}

/// A value as a `Val`, containers becoming objects.
pub fn wrap(value: Value) -> Val {
    if value.is_dumpable() {
        return Obj::Value(value);
    }
    match value {
        Value::Tuple(items) => Obj::Tuple(items.into_iter().map(wrap).collect()),
        other => match from_value(other) {
            Some(obj) => Obj::Local(obj),
            None => Obj::none(),
        },
    }
}

/// CMP: containers and records compare by value (`==`, and orderings
/// between sequences of the same kind, as Python does), other objects by
/// identity; anything else answers NotImplemented (the client then tries
/// the reflected operation or raises TypeError).
pub fn compare(obj: &PyRef, other: Val, op: &str, cx: &Cx) -> PyResult<Val> {
    if let Obj::Local(o) = &other {
        if o.instance_id() == obj.instance_id() {
            return Ok(Obj::Value(Value::Bool(matches!(op, "__eq__" | "__le__" | "__ge__"))));
        }
    }
    let mine = match obj.sequence_value(cx)? {
        Some(seq) => Some(seq),
        None => obj.to_value(cx).ok().flatten(),
    };
    if let Obj::Remote(_) = other {
        // CPython's `list.__eq__(netref)` is NotImplemented too: a client
        // object is never equal to an agent object; the client falls back
        // to identity.
        return Ok(Obj::Value(Value::NotImplemented));
    }
    let theirs = match &other {
        Obj::Local(o) => match o.sequence_value(cx)? {
            Some(seq) => Some(seq),
            None => o.to_value(cx).ok().flatten(),
        },
        other => cx.value(other).ok(),
    };
    let (Some(mine), Some(theirs)) = (mine, theirs) else {
        return Ok(Obj::Value(match op {
            "__eq__" => Value::Bool(false),
            "__ne__" => Value::Bool(true),
            _ => Value::NotImplemented,
        }));
    };
    let same_kind = matches!((&mine, &theirs), (Value::List(_), Value::List(_)) | (Value::Tuple(_), Value::Tuple(_)));
    let ordering = || -> PyResult<std::cmp::Ordering> { crate::modules::builtins::compare_values(&mine, &theirs) };
    Ok(Obj::Value(match op {
        "__eq__" => Value::Bool(value_eq(&mine, &theirs)),
        "__ne__" => Value::Bool(!value_eq(&mine, &theirs)),
        "__lt__" if same_kind => Value::Bool(ordering()?.is_lt()),
        "__le__" if same_kind => Value::Bool(ordering()?.is_le()),
        "__gt__" if same_kind => Value::Bool(ordering()?.is_gt()),
        "__ge__" if same_kind => Value::Bool(ordering()?.is_ge()),
        _ => Value::NotImplemented,
    }))
}

/// Normalises an index like Python (`-1` is the last).
fn index(func: &str, i: &Val, len: usize) -> PyResult<usize> {
    let i = args::to_int(func, i)?;
    let real = if i < 0 { i + len as i64 } else { i };
    if real < 0 || real >= len as i64 {
        return Err(exc::index_error(format!("{func} index out of range")));
    }
    Ok(real as usize)
}

/// The items a slice selects.
fn slice_indices(parts: &[Value; 3], len: usize) -> PyResult<Vec<usize>> {
    let get = |v: &Value| match v {
        Value::None => Ok(None),
        Value::Int(n) => Ok(Some(*n)),
        _ => Err(exc::type_error("slice indices must be integers or None")),
    };
    let step = get(&parts[2])?.unwrap_or(1);
    if step == 0 {
        return Err(exc::value_error("slice step cannot be zero"));
    }
    let n = len as i64;
    let clamp = |v: i64, lo: i64, hi: i64| v.max(lo).min(hi);
    let norm = |v: Option<i64>, default: i64, lo: i64, hi: i64| match v {
        None => default,
        Some(v) if v < 0 => clamp(v + n, lo, hi),
        Some(v) => clamp(v, lo, hi),
    };
    let mut out = Vec::new();
    if step > 0 {
        let (start, stop) = (norm(get(&parts[0])?, 0, 0, n), norm(get(&parts[1])?, n, 0, n));
        let mut i = start;
        while i < stop {
            out.push(i as usize);
            i += step;
        }
    } else {
        let (start, stop) = (norm(get(&parts[0])?, n - 1, -1, n - 1), norm(get(&parts[1])?, -1, -1, n - 1));
        let mut i = start;
        while i > stop {
            out.push(i as usize);
            i += step;
        }
    }
    Ok(out)
}

/// `repr()` of a `Val` inside a container.
pub fn val_repr(v: &Val, cx: &Cx) -> String {
    match v {
        Obj::Value(v) => v.to_string(),
        Obj::Tuple(items) => {
            let inner: Vec<String> = items.iter().map(|i| val_repr(i, cx)).collect();
            if inner.len() == 1 {
                format!("({},)", inner[0])
            } else {
                format!("({})", inner.join(", "))
            }
        }
        Obj::Local(o) => o.repr(cx).unwrap_or_else(|_| format!("<{}>", o.type_name())),
        Obj::Remote(_) => match cx.client_repr(v) {
            Ok(text) => text,
            Err(_) => "<client object>".to_owned(),
        },
    }
}

// ---------------------------------------------------------------- list

pub struct List {
    type_name: &'static str,
    id: i64,
    items: Mutex<Vec<Val>>,
}

const LIST_METHODS: &[&str] = &[
    "__len__", "__iter__", "__getitem__", "__setitem__", "__delitem__", "__contains__", "__bool__", "__reversed__",
    "append", "extend", "insert", "pop", "remove", "index", "count", "reverse", "clear", "copy", "sort",
];

impl List {
    pub fn new(items: Vec<Val>) -> PyRef {
        Self::with_type("builtins.list", items)
    }

    pub fn with_type(type_name: &'static str, items: Vec<Val>) -> PyRef {
        Arc::new(List { type_name, id: next_instance_id(), items: Mutex::new(items) })
    }

    /// A list of plain values.
    pub fn of_values(values: impl IntoIterator<Item = Value>) -> PyRef {
        Self::new(values.into_iter().map(Obj::Value).collect())
    }
}

impl PyObject for List {
    fn type_name(&self) -> &str {
        self.type_name
    }
    fn instance_id(&self) -> i64 {
        self.id
    }
    fn methods(&self) -> &[&str] {
        LIST_METHODS
    }
    fn call_method(&self, _this: &PyRef, name: &str, args: Args, cx: &Cx) -> PyResult<Val> {
        let mut items = lock(&self.items);
        let len = items.len();
        Ok(match name {
            "__len__" => Obj::Value(Value::from(len)),
            "__bool__" => Obj::Value(Value::Bool(len > 0)),
            "__iter__" => Obj::Local(SeqIter::new("builtins.list_iterator", items.clone())),
            "__reversed__" => Obj::Local(SeqIter::new("builtins.list_reverseiterator", items.iter().rev().cloned().collect())),
            "__getitem__" => {
                let [i] = args.bind("list", ["index"])?;
                match args::req(i) {
                    Obj::Value(Value::Slice(parts)) => {
                        let picked = slice_indices(&parts, len)?.into_iter().map(|i| items[i].clone()).collect();
                        Obj::Local(List::with_type(self.type_name, picked))
                    }
                    i => items[index("list", &i, len)?].clone(),
                }
            }
            "__setitem__" => {
                let [i, v] = args.bind("list", ["index", "value"])?;
                let at = index("list assignment", &args::req(i), len)?;
                items[at] = args::req(v);
                Obj::none()
            }
            "__delitem__" => {
                let [i] = args.bind("list", ["index"])?;
                let at = index("list assignment", &args::req(i), len)?;
                items.remove(at);
                Obj::none()
            }
            "__contains__" => {
                let [x] = args.bind("list", ["value"])?;
                let x = args::req(x);
                Obj::Value(Value::Bool(items.iter().any(|i| val_eq(i, &x))))
            }
            "append" => {
                let [x] = args.bind("append", ["object"])?;
                items.push(args::req(x));
                Obj::none()
            }
            "extend" => {
                let [x] = args.bind("extend", ["iterable"])?;
                drop(items);
                let more = iterate(&args::req(x), cx)?;
                lock(&self.items).extend(more);
                Obj::none()
            }
            "insert" => {
                let [i, x] = args.bind("insert", ["index", "object"])?;
                let i = args::to_int("insert", &args::req(i))?;
                let at = if i < 0 { (i + len as i64).max(0) as usize } else { (i as usize).min(len) };
                items.insert(at, args::req(x));
                Obj::none()
            }
            "pop" => {
                let [i] = args.bind("pop", ["index?"])?;
                if len == 0 {
                    return Err(exc::index_error("pop from empty list"));
                }
                let at = match i {
                    Some(i) => index("pop", &i, len)?,
                    None => len - 1,
                };
                items.remove(at)
            }
            "remove" | "index" | "count" => {
                let [x] = args.bind(name, ["value"])?;
                let x = args::req(x);
                let found = items.iter().position(|i| val_eq(i, &x));
                match (name, found) {
                    ("count", _) => Obj::Value(Value::from(items.iter().filter(|i| val_eq(i, &x)).count())),
                    ("index", Some(at)) => Obj::Value(Value::from(at)),
                    ("remove", Some(at)) => {
                        items.remove(at);
                        Obj::none()
                    }
                    _ => return Err(exc::value_error(format!("list.{name}(x): x not in list"))),
                }
            }
            "reverse" => {
                items.reverse();
                Obj::none()
            }
            "clear" => {
                items.clear();
                Obj::none()
            }
            "copy" => Obj::Local(List::with_type(self.type_name, items.clone())),
            "sort" => {
                let [key, reverse] = args.bind("sort", ["$key?", "$reverse?"])?;
                if key.is_some_and(|k| !matches!(k, Obj::Value(Value::None))) {
                    return Err(exc::not_implemented("list.sort(key=...)"));
                }
                let mut values: Vec<Value> = items.iter().map(|v| cx.value(v)).collect::<PyResult<_>>()?;
                crate::modules::builtins::sort_values(&mut values)?;
                if args::opt_bool(reverse.as_ref(), false) {
                    values.reverse();
                }
                *items = values.into_iter().map(wrap).collect();
                Obj::none()
            }
            _ => return Err(exc::attribute_error(self.type_name, name)),
        })
    }
    fn repr(&self, cx: &Cx) -> PyResult<String> {
        let items = lock(&self.items).clone();
        let inner: Vec<String> = items.iter().map(|v| val_repr(v, cx)).collect();
        Ok(match self.type_name {
            "builtins.set" if inner.is_empty() => "set()".into(),
            "builtins.set" => format!("{{{}}}", inner.join(", ")),
            _ => format!("[{}]", inner.join(", ")),
        })
    }
    fn hash(&self) -> PyResult<i64> {
        Err(exc::type_error(format!("unhashable type: '{}'", crate::object::short_type(self.type_name))))
    }
    fn sequence_value(&self, cx: &Cx) -> PyResult<Option<Value>> {
        match self.type_name {
            "builtins.list" => self.to_value(cx),
            _ => Ok(None),
        }
    }
    fn to_value(&self, cx: &Cx) -> PyResult<Option<Value>> {
        let items = lock(&self.items).clone();
        let values: Vec<Value> = items.iter().map(|v| cx.value(v)).collect::<PyResult<_>>()?;
        Ok(Some(match self.type_name {
            "builtins.set" => Value::Set(values),
            _ => Value::List(values),
        }))
    }
}

/// Items of any iterable argument: our lists and dicts, tuples, strings,
/// or a client object (fetched by value).
pub fn iterate(v: &Val, cx: &Cx) -> PyResult<Vec<Val>> {
    match v {
        Obj::Tuple(items) => Ok(items.clone()),
        Obj::Local(o) => match o.to_value(cx)? {
            Some(value) => iterate(&Obj::Value(value), cx),
            None => {
                let it = crate::object::callattr(o, "__iter__", Args::default(), cx)?;
                let Obj::Local(it) = it else { return Err(exc::type_error("iter() returned a non-iterator")) };
                let mut out = Vec::new();
                loop {
                    match it.call_method(&it, "__next__", Args::default(), cx) {
                        Ok(item) => out.push(item),
                        Err(rpyc_protocol::ExceptionPayload::StopIteration) => return Ok(out),
                        Err(e) => return Err(e),
                    }
                }
            }
        },
        Obj::Remote(_) => iterate(&Obj::Value(cx.value(v)?), cx),
        Obj::Value(value) => Ok(match value {
            Value::Tuple(items) | Value::List(items) | Value::Set(items) | Value::FrozenSet(items) => {
                items.iter().cloned().map(wrap).collect()
            }
            Value::Dict(pairs) => pairs.iter().map(|(k, _)| wrap(k.clone())).collect(),
            Value::Str(s) => s.chars().map(|c| Obj::Value(Value::Str(c.to_string()))).collect(),
            Value::Bytes(b) | Value::ByteArray(b) => b.iter().map(|x| Obj::Value(Value::Int((*x).into()))).collect(),
            other => return Err(exc::type_error(format!("'{}' object is not iterable", other.type_name()))),
        }),
    }
}

// ---------------------------------------------------------------- iterators

/// An iterator over a snapshot of items.
pub struct SeqIter {
    type_name: &'static str,
    id: i64,
    items: Mutex<std::vec::IntoIter<Val>>,
}

impl SeqIter {
    pub fn new(type_name: &'static str, items: Vec<Val>) -> PyRef {
        Arc::new(SeqIter { type_name, id: next_instance_id(), items: Mutex::new(items.into_iter()) })
    }
}

impl PyObject for SeqIter {
    fn type_name(&self) -> &str {
        self.type_name
    }
    fn instance_id(&self) -> i64 {
        self.id
    }
    fn methods(&self) -> &[&str] {
        &["__iter__", "__next__", "__length_hint__"]
    }
    fn call_method(&self, this: &PyRef, name: &str, _args: Args, _cx: &Cx) -> PyResult<Val> {
        match name {
            "__iter__" => Ok(Obj::Local(this.clone())),
            "__next__" => lock(&self.items).next().ok_or_else(exc::stop_iteration),
            "__length_hint__" => Ok(Obj::Value(Value::from(lock(&self.items).len()))),
            _ => Err(exc::attribute_error(self.type_name, name)),
        }
    }
}

// ---------------------------------------------------------------- dict

pub struct Dict {
    id: i64,
    pairs: Mutex<Vec<(Val, Val)>>,
}

const DICT_METHODS: &[&str] = &[
    "__len__", "__iter__", "__getitem__", "__setitem__", "__delitem__", "__contains__", "__bool__",
    "keys", "values", "items", "get", "pop", "setdefault", "update", "clear", "copy",
];

impl Dict {
    pub fn new(pairs: Vec<(Val, Val)>) -> PyRef {
        Arc::new(Dict { id: next_instance_id(), pairs: Mutex::new(pairs) })
    }

    /// A dict with string keys.
    pub fn of_strs(pairs: impl IntoIterator<Item = (String, Val)>) -> PyRef {
        Self::new(pairs.into_iter().map(|(k, v)| (Obj::Value(Value::Str(k)), v)).collect())
    }

    pub fn get_str(&self, key: &str) -> Option<Val> {
        lock(&self.pairs).iter().find(|(k, _)| matches!(k, Obj::Value(Value::Str(s)) if s == key)).map(|(_, v)| v.clone())
    }

    pub fn set(&self, key: Val, value: Val) {
        let mut pairs = lock(&self.pairs);
        match pairs.iter_mut().find(|(k, _)| val_eq(k, &key)) {
            Some(slot) => slot.1 = value,
            None => pairs.push((key, value)),
        }
    }

    pub fn snapshot(&self) -> Vec<(Val, Val)> {
        lock(&self.pairs).clone()
    }
}

impl PyObject for Dict {
    fn type_name(&self) -> &str {
        "builtins.dict"
    }
    fn instance_id(&self) -> i64 {
        self.id
    }
    fn methods(&self) -> &[&str] {
        DICT_METHODS
    }
    fn call_method(&self, _this: &PyRef, name: &str, mut args: Args, cx: &Cx) -> PyResult<Val> {
        let key_of = |v: Option<Val>| -> PyResult<Val> {
            let k = args::req(v);
            if let Obj::Local(o) = &k {
                o.hash()?; // unhashable keys raise TypeError like Python
            }
            Ok(k)
        };
        Ok(match name {
            "__len__" => Obj::Value(Value::from(lock(&self.pairs).len())),
            "__bool__" => Obj::Value(Value::Bool(!lock(&self.pairs).is_empty())),
            "__iter__" | "keys" => {
                let keys = lock(&self.pairs).iter().map(|(k, _)| k.clone()).collect();
                Obj::Local(SeqIter::new(if name == "keys" { "builtins.dict_keys" } else { "builtins.dict_keyiterator" }, keys))
            }
            "values" => Obj::Local(SeqIter::new("builtins.dict_values", lock(&self.pairs).iter().map(|(_, v)| v.clone()).collect())),
            "items" => Obj::Local(SeqIter::new(
                "builtins.dict_items",
                lock(&self.pairs).iter().map(|(k, v)| Obj::Tuple(vec![k.clone(), v.clone()])).collect(),
            )),
            "__getitem__" => {
                let [k] = args.bind("dict", ["key"])?;
                let k = key_of(k)?;
                let pairs = lock(&self.pairs);
                match pairs.iter().find(|(key, _)| val_eq(key, &k)) {
                    Some((_, v)) => v.clone(),
                    None => return Err(exc::key_error(cx.value(&k).unwrap_or(Value::None))),
                }
            }
            "get" => {
                let [k, default] = args.bind("get", ["key", "default?"])?;
                let k = key_of(k)?;
                let pairs = lock(&self.pairs);
                pairs.iter().find(|(key, _)| val_eq(key, &k)).map(|(_, v)| v.clone()).unwrap_or(default.unwrap_or(Obj::none()))
            }
            "__contains__" => {
                let [k] = args.bind("dict", ["key"])?;
                let k = args::req(k);
                Obj::Value(Value::Bool(lock(&self.pairs).iter().any(|(key, _)| val_eq(key, &k))))
            }
            "__setitem__" => {
                let [k, v] = args.bind("dict", ["key", "value"])?;
                self.set(key_of(k)?, args::req(v));
                Obj::none()
            }
            "setdefault" => {
                let [k, default] = args.bind("setdefault", ["key", "default?"])?;
                let k = key_of(k)?;
                if let Some((_, v)) = lock(&self.pairs).iter().find(|(key, _)| val_eq(key, &k)) {
                    return Ok(v.clone());
                }
                let v = default.unwrap_or(Obj::none());
                self.set(k, v.clone());
                v
            }
            "__delitem__" | "pop" => {
                let [k, default] = args.bind(name, ["key", "default?"])?;
                let k = key_of(k)?;
                let mut pairs = lock(&self.pairs);
                match pairs.iter().position(|(key, _)| val_eq(key, &k)) {
                    Some(at) => {
                        let (_, v) = pairs.remove(at);
                        if name == "pop" {
                            v
                        } else {
                            Obj::none()
                        }
                    }
                    None => match default {
                        Some(d) if name == "pop" => d,
                        _ => return Err(exc::key_error(cx.value(&k).unwrap_or(Value::None))),
                    },
                }
            }
            "update" => {
                let keywords = std::mem::take(&mut args.kw);
                let [other] = args.bind("update", ["other?"])?;
                let mut new_pairs: Vec<(Val, Val)> = Vec::new();
                if let Some(other) = other {
                    match &other {
                        Obj::Local(o) if o.type_name() == "builtins.dict" => {
                            if let Some(Value::Dict(p)) = o.to_value(cx)? {
                                new_pairs.extend(p.into_iter().map(|(k, v)| (wrap(k), wrap(v))));
                            }
                        }
                        _ => match cx.value(&other)? {
                            Value::Dict(p) => new_pairs.extend(p.into_iter().map(|(k, v)| (wrap(k), wrap(v)))),
                            _ => return Err(exc::type_error("dict.update() needs a mapping")),
                        },
                    }
                }
                for (k, v) in keywords {
                    new_pairs.push((Obj::Value(Value::Str(k)), v));
                }
                for (k, v) in new_pairs {
                    self.set(k, v);
                }
                Obj::none()
            }
            "clear" => {
                lock(&self.pairs).clear();
                Obj::none()
            }
            "copy" => Obj::Local(Dict::new(lock(&self.pairs).clone())),
            _ => return Err(exc::attribute_error("builtins.dict", name)),
        })
    }
    fn repr(&self, cx: &Cx) -> PyResult<String> {
        let pairs = lock(&self.pairs).clone();
        let inner: Vec<String> = pairs.iter().map(|(k, v)| format!("{}: {}", val_repr(k, cx), val_repr(v, cx))).collect();
        Ok(format!("{{{}}}", inner.join(", ")))
    }
    fn hash(&self) -> PyResult<i64> {
        Err(exc::type_error("unhashable type: 'dict'"))
    }
    fn to_value(&self, cx: &Cx) -> PyResult<Option<Value>> {
        let pairs = lock(&self.pairs).clone();
        let mut out = Vec::with_capacity(pairs.len());
        for (k, v) in &pairs {
            out.push((cx.value(k)?, cx.value(v)?));
        }
        Ok(Some(Value::Dict(out)))
    }
}

// ---------------------------------------------------------------- records

/// How a record is rebuilt by pickle on the client.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum RecordKind {
    /// A struct sequence (`os.stat_result`, `posix.uname_result`,
    /// `time.struct_time`): the first `n` fields are its tuple part.
    StructSeq { visible: usize },
    /// A named tuple (`shutil._ntuple_diskusage`): every field is positional.
    NamedTuple,
    /// A plain class (`subprocess.CompletedProcess`): fields are attributes.
    Plain,
}

/// A record object with named fields.
pub struct RecordObj {
    class: &'static str,
    /// How `repr` names the class (`os.stat_result`, `CompletedProcess`).
    display: &'static str,
    kind: RecordKind,
    fields: Vec<(&'static str, Val)>,
    id: i64,
}

impl RecordObj {
    pub fn new(class: &'static str, display: &'static str, kind: RecordKind, fields: Vec<(&'static str, Val)>) -> PyRef {
        Arc::new(RecordObj { class, display, kind, fields, id: next_instance_id() })
    }

    fn sequence(&self) -> &[(&'static str, Val)] {
        match self.kind {
            RecordKind::StructSeq { visible } => &self.fields[..visible.min(self.fields.len())],
            RecordKind::NamedTuple => &self.fields,
            RecordKind::Plain => &[],
        }
    }
}

impl PyObject for RecordObj {
    fn type_name(&self) -> &str {
        self.class
    }
    fn instance_id(&self) -> i64 {
        self.id
    }
    fn methods(&self) -> &[&str] {
        match self.kind {
            RecordKind::Plain => &["check_returncode"],
            _ => CONTAINER_SPECIALS,
        }
    }
    fn getattr(&self, _this: &PyRef, name: &str, _cx: &Cx) -> PyResult<Val> {
        // The last field of a name wins: struct sequences repeat visible
        // fields with more precision (st_mtime as a float) after the tuple.
        self.fields
            .iter()
            .rev()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.clone())
            .ok_or_else(|| exc::attribute_error(self.class, name))
    }
    fn attr_names(&self) -> Vec<String> {
        self.fields.iter().map(|(n, _)| (*n).to_owned()).collect()
    }
    fn call_method(&self, this: &PyRef, name: &str, args: Args, cx: &Cx) -> PyResult<Val> {
        let seq = self.sequence();
        match name {
            "__len__" => Ok(Obj::Value(Value::from(seq.len()))),
            "__bool__" => Ok(Obj::Value(Value::Bool(!seq.is_empty()))),
            "__iter__" => Ok(Obj::Local(SeqIter::new("builtins.tuple_iterator", seq.iter().map(|(_, v)| v.clone()).collect()))),
            "__getitem__" => {
                let [i] = args.bind("tuple", ["index"])?;
                match args::req(i) {
                    Obj::Value(Value::Slice(parts)) => Ok(Obj::Tuple(
                        slice_indices(&parts, seq.len())?.into_iter().map(|i| seq[i].1.clone()).collect(),
                    )),
                    i => Ok(seq[index("tuple", &i, seq.len())?].1.clone()),
                }
            }
            "__contains__" => {
                let [x] = args.bind("tuple", ["value"])?;
                let x = args::req(x);
                Ok(Obj::Value(Value::Bool(seq.iter().any(|(_, v)| val_eq(v, &x)))))
            }
            "check_returncode" => {
                let field = |n: &str| self.fields.iter().find(|(f, _)| *f == n).map(|(_, v)| v.clone()).unwrap_or(Obj::none());
                let code = field("returncode");
                if matches!(code, Obj::Value(Value::Int(0))) {
                    return Ok(Obj::none());
                }
                let _ = this;
                Err(exc::called_process_error(cx.value(&code)?, cx.value(&field("args"))?, cx.value(&field("stdout"))?, cx.value(&field("stderr"))?))
            }
            "__setitem__" | "__delitem__" => {
                Err(exc::type_error(format!("'{}' object does not support item assignment", self.display)))
            }
            _ => Err(exc::attribute_error(self.class, name)),
        }
    }
    fn repr(&self, cx: &Cx) -> PyResult<String> {
        let shown = match self.kind {
            RecordKind::StructSeq { visible } => &self.fields[..visible.min(self.fields.len())],
            _ => &self.fields[..],
        };
        let inner: Vec<String> = shown.iter().map(|(n, v)| format!("{n}={}", val_repr(v, cx))).collect();
        Ok(format!("{}({})", self.display, inner.join(", ")))
    }
    fn sequence_value(&self, cx: &Cx) -> PyResult<Option<Value>> {
        if self.kind == RecordKind::Plain {
            return Ok(None);
        }
        let seq = self.sequence().iter().map(|(_, v)| cx.value(v)).collect::<PyResult<_>>()?;
        Ok(Some(Value::Tuple(seq)))
    }
    fn to_value(&self, cx: &Cx) -> PyResult<Option<Value>> {
        let mut values = Vec::with_capacity(self.fields.len());
        for (_, v) in &self.fields {
            values.push(cx.value(v)?);
        }
        let record = match self.kind {
            RecordKind::StructSeq { visible } => {
                let extra = values.split_off(visible.min(values.len()));
                let extra_pairs =
                    self.fields[visible.min(self.fields.len())..].iter().zip(extra).map(|((n, _), v)| (Value::str(*n), v)).collect();
                Record { class: self.class.to_owned(), args: vec![Value::Tuple(values), Value::Dict(extra_pairs)], state: None }
            }
            RecordKind::NamedTuple => Record { class: self.class.to_owned(), args: values, state: None },
            RecordKind::Plain => Record {
                class: self.class.to_owned(),
                args: Vec::new(),
                state: Some(Value::Dict(self.fields.iter().zip(values).map(|((n, _), v)| (Value::str(*n), v)).collect())),
            },
        };
        Ok(Some(Value::Record(Box::new(record))))
    }
}
