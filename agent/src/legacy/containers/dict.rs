//! `dict`.

use std::sync::{Arc, Mutex};

use rpyc_protocol::{Obj, Value};

use super::*;
use crate::legacy::args::{self, Args};
use crate::legacy::context::Cx;
use crate::legacy::exc::{self, PyResult};
use crate::legacy::object::{next_instance_id, PyObject, PyRef, Val};

pub struct Dict {
    id: i64,
    pairs: Mutex<Vec<(Val, Val)>>,
}

const DICT_METHODS: &[&str] = &[
    "__len__",
    "__iter__",
    "__getitem__",
    "__setitem__",
    "__delitem__",
    "__contains__",
    "__bool__",
    "keys",
    "values",
    "items",
    "get",
    "pop",
    "setdefault",
    "update",
    "clear",
    "copy",
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
        lock(&self.pairs)
            .iter()
            .find(|(k, _)| matches!(k, Obj::Value(Value::Str(s)) if s == key))
            .map(|(_, v)| v.clone())
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
                Obj::Local(SeqIter::new(
                    if name == "keys" { "builtins.dict_keys" } else { "builtins.dict_keyiterator" },
                    keys,
                ))
            }
            "values" => Obj::Local(SeqIter::new(
                "builtins.dict_values",
                lock(&self.pairs).iter().map(|(_, v)| v.clone()).collect(),
            )),
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
                pairs
                    .iter()
                    .find(|(key, _)| val_eq(key, &k))
                    .map(|(_, v)| v.clone())
                    .unwrap_or(default.unwrap_or(Obj::none()))
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
    fn take_children(&self) -> Vec<Val> {
        std::mem::take(&mut *lock(&self.pairs)).into_iter().flat_map(|(k, v)| [k, v]).collect()
    }
    fn repr(&self, cx: &Cx) -> PyResult<String> {
        let (Some(_depth), Some(_cycle)) = (Nesting::enter(), ReprGuard::enter(self.id)) else {
            return Ok("{...}".to_owned());
        };
        let pairs = lock(&self.pairs).clone();
        let inner: Vec<String> =
            pairs.iter().map(|(k, v)| format!("{}: {}", val_repr(k, cx), val_repr(v, cx))).collect();
        Ok(format!("{{{}}}", inner.join(", ")))
    }
    fn hash(&self) -> PyResult<i64> {
        Err(exc::type_error("unhashable type: 'dict'"))
    }
    fn to_value(&self, cx: &Cx) -> PyResult<Option<Value>> {
        let _depth = Nesting::enter_or_raise("copying a dict")?;
        let pairs = lock(&self.pairs).clone();
        let mut out = Vec::with_capacity(pairs.len());
        for (k, v) in &pairs {
            out.push((cx.value(k)?, cx.value(v)?));
        }
        Ok(Some(Value::Dict(out)))
    }
}

impl Drop for Dict {
    fn drop(&mut self) {
        let pairs = std::mem::take(self.pairs.get_mut().unwrap_or_else(|e| e.into_inner()));
        drop_items(pairs.into_iter().flat_map(|(k, v)| [k, v]).collect());
    }
}
