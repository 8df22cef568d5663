//! Subclasses of `dict` implemented natively (`collections.Counter`,
//! `OrderedDict`, `defaultdict`): an instance is a [`Dict`] that carries a
//! [`DictSubclass`] — its class and the slots it overrides — so every
//! method of `dict` works on it and `isinstance(x, dict)` holds.
//!
//! Also the order operations `OrderedDict` needs that plain dicts lack.

use rpyc_protocol::Value;

use super::dict::Dict;
use super::hashtable::DictTable;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::PyResult;
use crate::runtime::object::{AsAny, BinOp, CmpOp, ObjRef, UnaryOp};
use crate::runtime::semantics;
use crate::runtime::types::TypeRef;
use crate::runtime::value::Py;

/// What a subclass of dict does differently. A slot that returns `None`
/// is inherited from dict; `Some(Ok(None))` is `NotImplemented`.
pub trait DictSubclass: AsAny + Send + Sync {
    /// The class of the instances.
    fn class(&self) -> TypeRef;

    /// `__missing__(key)`: the value `d[key]` gives for a missing key;
    /// `None` raises `KeyError`.
    fn missing(&self, _this: &ObjRef, _key: &Py, _cx: &Cx) -> PyResult<Option<Py>> {
        Ok(None)
    }

    /// Whether `del d[key]` of a missing key does nothing (`Counter`)
    /// instead of raising `KeyError`.
    fn deletes_missing_silently(&self) -> bool {
        false
    }

    fn repr(&self, _this: &ObjRef, _d: &Dict, _cx: &Cx) -> Option<PyResult<String>> {
        None
    }

    fn richcmp(&self, _this: &ObjRef, _d: &Dict, _op: CmpOp, _other: &Py, _cx: &Cx) -> Option<PyResult<Option<bool>>> {
        None
    }

    #[allow(clippy::too_many_arguments)]
    fn binary(
        &self,
        _this: &ObjRef,
        _d: &Dict,
        _op: BinOp,
        _other: &Py,
        _reflected: bool,
        _cx: &Cx,
    ) -> Option<PyResult<Option<Py>>> {
        None
    }

    fn inplace(&self, _this: &ObjRef, _d: &Dict, _op: BinOp, _other: &Py, _cx: &Cx) -> Option<PyResult<Option<Py>>> {
        None
    }

    fn unary(&self, _this: &ObjRef, _d: &Dict, _op: UnaryOp, _cx: &Cx) -> PyResult<Option<Py>> {
        Ok(None)
    }

    /// Instance attributes (`default_factory`).
    fn getattr(&self, _name: &str) -> Option<Py> {
        None
    }

    fn setattr(&self, _name: &str, _value: Py) -> PyResult<bool> {
        Ok(false)
    }

    fn attr_names(&self) -> Vec<String> {
        Vec::new()
    }

    /// Whether calling the dict's methods may wait (its `__missing__` calls
    /// Python code or the client).
    fn blocks(&self, _method: Option<&str>) -> bool {
        false
    }

    /// The by-value copy, given the dict's pairs already copied.
    fn to_value(&self, pairs: Vec<(Value, Value)>, cx: &Cx) -> PyResult<Option<Value>>;

    /// Values the subclass holds, for dropping without recursion.
    fn take_children(&self) -> Vec<Py> {
        Vec::new()
    }
}

/// Rebuilds a table with the entries in a new order (hashes kept: nothing
/// is hashed or compared again, as the keys are known to be distinct).
fn rebuild(table: &mut DictTable<Py>, entries: Vec<(i64, Py, Py)>) {
    *table = DictTable::default();
    for (h, k, v) in entries {
        // Distinct keys: identity is enough to tell them apart.
        let _ = table.insert(h, k, v, &mut |a, b| Ok(a.is(b)));
    }
}

impl Dict {
    /// `OrderedDict.move_to_end(key, last)`: false when the key is missing.
    pub fn move_to_end(&self, cx: &Cx, key: &Py, last: bool) -> PyResult<bool> {
        let hash = semantics::hash(cx, key)?;
        // The stored key is found outside the lock (its `==` may call out).
        let Some(stored) = self.stored_key(cx, hash, key)? else { return Ok(false) };
        let mut table = self.lock();
        let mut entries: Vec<(i64, Py, Py)> = table.iter().map(|(h, k, v)| (*h, k.clone(), v.clone())).collect();
        let Some(at) = entries.iter().position(|(_, k, _)| k.is(&stored)) else { return Ok(false) };
        let entry = entries.remove(at);
        if last {
            entries.push(entry);
        } else {
            entries.insert(0, entry);
        }
        rebuild(&mut table, entries);
        Ok(true)
    }

    /// Removes and returns the last pair, or the first (`OrderedDict.popitem(last)`).
    pub fn pop_end(&self, last: bool) -> Option<(Py, Py)> {
        let mut table = self.lock();
        let item = if last {
            table.pop_last()
        } else {
            let mut entries: Vec<(i64, Py, Py)> = table.iter().map(|(h, k, v)| (*h, k.clone(), v.clone())).collect();
            if entries.is_empty() {
                None
            } else {
                let (_, k, v) = entries.remove(0);
                rebuild(&mut table, entries);
                Some((k, v))
            }
        };
        drop(table);
        if item.is_some() {
            self.bump();
        }
        item
    }
}
