//! [`Py`]: every value the agent's Python code handles. Immutable kinds are
//! held inline or behind an `Arc` (cheap to clone, shared freely); every
//! other kind is an agent object ([`ObjRef`]); objects of the client are
//! [`Netref`]s.

use std::sync::Arc;

use num_bigint::BigInt;
use num_traits::ToPrimitive;
use rpyc_protocol::Netref;

use super::object::{ObjRef, PyObject};

/// A Python value as the agent holds it.
///
/// Invariant: an integer that fits in an `i64` is always `Int`, never
/// `BigInt`, so equal integers have one representation.
#[derive(Clone)]
pub enum Py {
    None,
    Bool(bool),
    Int(i64),
    BigInt(Arc<BigInt>),
    Float(f64),
    Complex(f64, f64),
    Str(Arc<str>),
    Bytes(Arc<[u8]>),
    Tuple(Arc<[Py]>),
    /// An object of the agent: list, dict, set, function, module, class,
    /// exception, file, iterator, ...
    Obj(ObjRef),
    /// An object of the client (a netref): used by asking the client.
    Client(Netref),
}

impl Py {
    pub fn str(s: impl Into<Arc<str>>) -> Py {
        Py::Str(s.into())
    }

    pub fn bytes(b: impl Into<Arc<[u8]>>) -> Py {
        Py::Bytes(b.into())
    }

    pub fn tuple(items: impl Into<Arc<[Py]>>) -> Py {
        Py::Tuple(items.into())
    }

    pub fn empty_tuple() -> Py {
        Py::Tuple(Arc::from(Vec::new()))
    }

    pub fn obj<T: PyObject>(o: T) -> Py {
        Py::Obj(Arc::new(o))
    }

    /// An integer, kept as `Int` when it fits.
    pub fn from_bigint(n: BigInt) -> Py {
        match n.to_i64() {
            Some(small) => Py::Int(small),
            None => Py::BigInt(Arc::new(n)),
        }
    }

    pub fn is_none(&self) -> bool {
        matches!(self, Py::None)
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Py::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_obj(&self) -> Option<&ObjRef> {
        match self {
            Py::Obj(o) => Some(o),
            _ => None,
        }
    }

    /// The agent object of concrete type `T`, if this is one.
    pub fn downcast<T: PyObject>(&self) -> Option<&T> {
        match self {
            Py::Obj(o) => o.as_any().downcast_ref::<T>(),
            _ => None,
        }
    }

    /// `x is y`: identity for objects, and for the immutable kinds the
    /// identity CPython gives them in practice (small ints, interned
    /// strings, singletons).
    pub fn is(&self, other: &Py) -> bool {
        match (self, other) {
            (Py::None, Py::None) => true,
            (Py::Bool(a), Py::Bool(b)) => a == b,
            (Py::Int(a), Py::Int(b)) => a == b,
            (Py::Float(a), Py::Float(b)) => a.to_bits() == b.to_bits(),
            (Py::Str(a), Py::Str(b)) => Arc::ptr_eq(a, b) || **a == **b,
            (Py::Bytes(a), Py::Bytes(b)) => Arc::ptr_eq(a, b),
            (Py::Tuple(a), Py::Tuple(b)) => Arc::ptr_eq(a, b) || (a.is_empty() && b.is_empty()),
            (Py::BigInt(a), Py::BigInt(b)) => Arc::ptr_eq(a, b),
            (Py::Obj(a), Py::Obj(b)) => std::ptr::addr_eq(Arc::as_ptr(a), Arc::as_ptr(b)),
            (Py::Client(a), Py::Client(b)) => a.id_pack() == b.id_pack(),
            _ => false,
        }
    }
}

impl From<bool> for Py {
    fn from(b: bool) -> Py {
        Py::Bool(b)
    }
}
impl From<i64> for Py {
    fn from(n: i64) -> Py {
        Py::Int(n)
    }
}
impl From<i32> for Py {
    fn from(n: i32) -> Py {
        Py::Int(n.into())
    }
}
impl From<u32> for Py {
    fn from(n: u32) -> Py {
        Py::Int(n.into())
    }
}
impl From<u64> for Py {
    fn from(n: u64) -> Py {
        match i64::try_from(n) {
            Ok(small) => Py::Int(small),
            Err(_) => Py::BigInt(Arc::new(n.into())),
        }
    }
}
impl From<usize> for Py {
    fn from(n: usize) -> Py {
        Py::from(n as u64)
    }
}
impl From<f64> for Py {
    fn from(f: f64) -> Py {
        Py::Float(f)
    }
}
impl From<&str> for Py {
    fn from(s: &str) -> Py {
        Py::Str(s.into())
    }
}
impl From<String> for Py {
    fn from(s: String) -> Py {
        Py::Str(s.into())
    }
}
impl From<Vec<u8>> for Py {
    fn from(b: Vec<u8>) -> Py {
        Py::Bytes(b.into())
    }
}
impl From<BigInt> for Py {
    fn from(n: BigInt) -> Py {
        Py::from_bigint(n)
    }
}
impl From<ObjRef> for Py {
    fn from(o: ObjRef) -> Py {
        Py::Obj(o)
    }
}
impl<T: Into<Py>> From<Option<T>> for Py {
    fn from(v: Option<T>) -> Py {
        v.map_or(Py::None, Into::into)
    }
}
impl From<Vec<Py>> for Py {
    /// A tuple.
    fn from(items: Vec<Py>) -> Py {
        Py::Tuple(items.into())
    }
}

impl std::fmt::Debug for Py {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Py::None => f.write_str("None"),
            Py::Bool(b) => write!(f, "{b}"),
            Py::Int(n) => write!(f, "{n}"),
            Py::BigInt(n) => write!(f, "{n}"),
            Py::Float(x) => write!(f, "{x:?}"),
            Py::Complex(re, im) => write!(f, "({re}+{im}j)"),
            Py::Str(s) => write!(f, "{s:?}"),
            Py::Bytes(b) => write!(f, "b{:?}", String::from_utf8_lossy(b)),
            Py::Tuple(items) => f.debug_list().entries(items.iter()).finish(),
            Py::Obj(o) => write!(f, "<{} object>", o.ty().name),
            Py::Client(r) => write!(f, "{r:?}"),
        }
    }
}
