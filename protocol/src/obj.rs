//! Unboxed values: what a request argument or a reply is once its labels and
//! id packs are resolved, and the handle to an object of the peer.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use crate::netref::IdPack;
use crate::value::Value;

/// A value, a tuple mixing values and references, one of our own objects
/// (`L`), or a reference to an object of the peer.
#[derive(Debug, Clone)]
pub enum Obj<L> {
    Value(Value),
    Tuple(Vec<Obj<L>>),
    Local(L),
    Remote(Netref),
}

impl<L> Obj<L> {
    pub fn none() -> Self {
        Obj::Value(Value::None)
    }

    pub fn as_value(&self) -> Option<&Value> {
        match self {
            Obj::Value(v) => Some(v),
            _ => None,
        }
    }

    pub fn into_value(self) -> Option<Value> {
        match self {
            Obj::Value(v) => Some(v),
            _ => None,
        }
    }

    pub fn as_netref(&self) -> Option<&Netref> {
        match self {
            Obj::Remote(r) => Some(r),
            _ => None,
        }
    }

    pub fn into_netref(self) -> Option<Netref> {
        match self {
            Obj::Remote(r) => Some(r),
            _ => None,
        }
    }
}

impl<L> From<Value> for Obj<L> {
    fn from(v: Value) -> Self {
        Obj::Value(v)
    }
}

impl<L> From<Netref> for Obj<L> {
    fn from(r: Netref) -> Self {
        Obj::Remote(r)
    }
}

impl<L> From<&Netref> for Obj<L> {
    fn from(r: &Netref) -> Self {
        Obj::Remote(r.clone())
    }
}

/// Who is told when the last handle to a remote object goes away.
pub(crate) trait RefOwner: Send + Sync {
    fn release(&self, id: &IdPack, count: u64);
}

/// A handle to an object that lives on the peer (a netref).
///
/// Clones share one proxy. When the last clone is dropped, the connection
/// sends an asynchronous DEL with the number of times the peer sent the
/// reference, so the peer frees it exactly when nobody here can use it.
#[derive(Clone)]
pub struct Netref(pub(crate) Arc<NetrefInner>);

pub(crate) struct NetrefInner {
    pub(crate) id: IdPack,
    /// Times the peer sent this id pack while the proxy lived.
    pub(crate) refcount: AtomicU64,
    pub(crate) owner: Arc<dyn RefOwner>,
}

impl Netref {
    pub fn id_pack(&self) -> &IdPack {
        &self.0.id
    }

    /// The remote type name, e.g. `builtins.list` or `_io.TextIOWrapper`.
    pub fn type_name(&self) -> &str {
        &self.0.id.name
    }

    pub fn is_class(&self) -> bool {
        self.0.id.is_class()
    }
}

impl fmt::Debug for Netref {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<netref {}>", self.0.id)
    }
}

impl Drop for NetrefInner {
    fn drop(&mut self) {
        self.owner.release(&self.id, self.refcount.load(Ordering::Acquire));
    }
}
