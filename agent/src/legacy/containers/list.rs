//! `list` (and `set`, `bytearray` views of it) and the snapshot iterator.

use std::sync::{Arc, Mutex};

use rpyc_protocol::{Obj, Value};

use super::*;
use crate::legacy::args::{self, Args};
use crate::legacy::context::Cx;
use crate::legacy::exc::{self, PyResult};
use crate::legacy::object::{next_instance_id, PyObject, PyRef, Val};

pub struct List {
    type_name: &'static str,
    id: i64,
    items: Mutex<Vec<Val>>,
}

const LIST_METHODS: &[&str] = &[
    "__len__",
    "__iter__",
    "__getitem__",
    "__setitem__",
    "__delitem__",
    "__contains__",
    "__bool__",
    "__reversed__",
    "append",
    "extend",
    "insert",
    "pop",
    "remove",
    "index",
    "count",
    "reverse",
    "clear",
    "copy",
    "sort",
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
            "__reversed__" => {
                Obj::Local(SeqIter::new("builtins.list_reverseiterator", items.iter().rev().cloned().collect()))
            }
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
                crate::legacy::modules::builtins::sort_values(&mut values)?;
                if args::opt_bool(reverse.as_ref(), false) {
                    values.reverse();
                }
                *items = values.into_iter().map(wrap).collect();
                Obj::none()
            }
            _ => return Err(exc::attribute_error(self.type_name, name)),
        })
    }
    fn take_children(&self) -> Vec<Val> {
        std::mem::take(&mut *lock(&self.items))
    }
    fn repr(&self, cx: &Cx) -> PyResult<String> {
        let (Some(_depth), Some(_cycle)) = (Nesting::enter(), ReprGuard::enter(self.id)) else {
            return Ok("[...]".to_owned());
        };
        let items = lock(&self.items).clone();
        let inner: Vec<String> = items.iter().map(|v| val_repr(v, cx)).collect();
        Ok(match self.type_name {
            "builtins.set" if inner.is_empty() => "set()".into(),
            "builtins.set" => format!("{{{}}}", inner.join(", ")),
            _ => format!("[{}]", inner.join(", ")),
        })
    }
    fn hash(&self) -> PyResult<i64> {
        Err(exc::type_error(format!("unhashable type: '{}'", crate::legacy::object::short_type(self.type_name))))
    }
    fn sequence_value(&self, cx: &Cx) -> PyResult<Option<Value>> {
        match self.type_name {
            "builtins.list" => self.to_value(cx),
            _ => Ok(None),
        }
    }
    fn to_value(&self, cx: &Cx) -> PyResult<Option<Value>> {
        let _depth = Nesting::enter_or_raise("copying a list")?;
        let items = lock(&self.items).clone();
        let values: Vec<Value> = items.iter().map(|v| cx.value(v)).collect::<PyResult<_>>()?;
        Ok(Some(match self.type_name {
            "builtins.set" => Value::Set(values),
            _ => Value::List(values),
        }))
    }
}

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

impl Drop for List {
    fn drop(&mut self) {
        drop_items(std::mem::take(self.items.get_mut().unwrap_or_else(|e| e.into_inner())));
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
    fn take_children(&self) -> Vec<Val> {
        lock(&self.items).by_ref().collect()
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
