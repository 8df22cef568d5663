//! Object identity across the wire: id packs, what a side's objects are
//! ([`ObjectModel`]), and the table of local objects the peer holds
//! references to (`RefCountingColl` upstream).

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use crate::value::Value;

/// `(type-name, class-id, instance-id)`: the identity of an object on the
/// side that owns it. Instance id 0 marks a class.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IdPack {
    pub name: Arc<str>,
    pub class_id: i64,
    pub instance_id: i64,
}

impl IdPack {
    pub fn new(name: impl Into<Arc<str>>, class_id: i64, instance_id: i64) -> Self {
        IdPack { name: name.into(), class_id, instance_id }
    }

    /// Whether this names a class rather than an instance.
    pub fn is_class(&self) -> bool {
        self.instance_id == 0
    }

    pub fn to_value(&self) -> Value {
        Value::Tuple(vec![Value::Str(self.name.to_string()), Value::Int(self.class_id), Value::Int(self.instance_id)])
    }

    /// Reads `(str, int, int)`; `None` for any other shape.
    pub fn from_value(v: &Value) -> Option<IdPack> {
        match v {
            Value::Tuple(items) => match items.as_slice() {
                [Value::Str(name), Value::Int(cid), Value::Int(iid)] => Some(IdPack::new(name.as_str(), *cid, *iid)),
                _ => None,
            },
            _ => None,
        }
    }
}

impl fmt::Display for IdPack {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "({:?}, {}, {})", self.name, self.class_id, self.instance_id)
    }
}

/// How one side represents its own objects on the wire: what the session
/// needs to box them. It is the part of a [`Service`](crate::Service) that
/// knows nothing of requests, and object-safe, so a session holds it as
/// `Arc<dyn ObjectModel<Object = L>>` without naming the service type.
///
/// Its methods run while the session is locked: they must not call back
/// into the connection.
pub trait ObjectModel: Send + Sync + 'static {
    /// How this side represents its own objects.
    type Object: Clone + Send + Sync + 'static;

    /// The id pack of a local object; stable for the object's lifetime and
    /// distinct between live objects.
    fn id_pack(&self, obj: &Self::Object) -> IdPack;

    /// Turns a value that brine cannot carry (a list, a dict, a record) into
    /// a local object so it can go by reference. `None` refuses it.
    fn export_value(&self, _value: Value) -> Option<Self::Object> {
        None
    }
}

/// Local objects the peer holds references to, with "times sent" counts.
///
/// Every time an object is boxed as a remote reference its count goes up by
/// one; a DEL subtracts the peer's count and the object is dropped at zero.
/// Unknown ids in DEL are tolerated (the peer's proxies may outlive a table
/// reset, and Python's client ignores DEL replies anyway).
#[derive(Debug)]
pub struct ExportTable<T> {
    objects: HashMap<IdPack, (T, u64)>,
}

impl<T> Default for ExportTable<T> {
    fn default() -> Self {
        ExportTable { objects: HashMap::new() }
    }
}

impl<T> ExportTable<T> {
    pub fn get(&self, id: &IdPack) -> Option<&T> {
        self.objects.get(id).map(|(obj, _)| obj)
    }

    /// Subtracts `count` sendings; returns whether the id was known.
    pub fn release(&mut self, id: &IdPack, count: u64) -> bool {
        match self.objects.get_mut(id) {
            Some((_, held)) => {
                if *held <= count {
                    self.objects.remove(id);
                } else {
                    *held -= count;
                }
                true
            }
            None => false,
        }
    }

    pub fn len(&self) -> usize {
        self.objects.len()
    }

    pub fn is_empty(&self) -> bool {
        self.objects.is_empty()
    }

    pub fn clear(&mut self) {
        self.objects.clear();
    }
}

impl<T: Clone> ExportTable<T> {
    /// Records one more sending of `obj` under `id`.
    pub fn export(&mut self, id: &IdPack, obj: &T) {
        match self.objects.get_mut(id) {
            Some((_, count)) => *count += 1,
            None => {
                self.objects.insert(id.clone(), (obj.clone(), 1));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_live_until_every_sending_is_released() {
        let mut table = ExportTable::default();
        let id = IdPack::new("_io.TextIOWrapper", 7, 9);
        table.export(&id, &"file");
        table.export(&id, &"file"); // __enter__ returns the same object
        assert!(table.release(&id, 1));
        assert_eq!(table.get(&id), Some(&"file"));
        assert!(table.release(&id, 1));
        assert_eq!(table.get(&id), None);
        assert!(!table.release(&id, 1), "unknown DEL is tolerated");
    }

    #[test]
    fn one_del_may_release_several_sendings() {
        let mut table = ExportTable::default();
        let id = IdPack::new("builtins.list", 1, 2);
        table.export(&id, &());
        table.export(&id, &());
        assert!(table.release(&id, 2));
        assert!(table.is_empty());
    }

    #[test]
    fn id_packs_read_only_their_shape() {
        let id = IdPack::new("os", 1, 2);
        assert_eq!(IdPack::from_value(&id.to_value()), Some(id));
        assert_eq!(IdPack::from_value(&Value::Tuple(vec![Value::Int(1)])), None);
    }
}
