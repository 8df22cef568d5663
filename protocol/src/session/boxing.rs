//! Boxing both ways, and the proxy table.
//!
//! Outgoing values are boxed straight into the payload being written: plain
//! values by value, our objects as `LABEL_REMOTE_REF` (each sending counted
//! in the export table), the peer's objects as `LABEL_LOCAL_REF`. Incoming
//! boxed values are unboxed: the peer's id packs become [`Netref`]s (one
//! live proxy per id pack, its count of sendings kept for DEL), ours are
//! looked up in the export table.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Weak};

use crate::brine;
use crate::error::Error;
use crate::message::{self, Boxed};
use crate::netref::{ExportTable, IdPack, ObjectModel};
use crate::obj::{Netref, NetrefInner, Obj, RefOwner};
use crate::sync::lock;
use crate::value::Value;
use crate::vinegar::{ExceptionPayload, RemoteException};

/// Boxes `obj` into `out`, exporting the local objects in it.
pub(super) fn write<L: Clone + Send + Sync + 'static>(
    model: &dyn ObjectModel<Object = L>,
    exports: &mut ExportTable<L>,
    obj: Obj<L>,
    out: &mut Vec<u8>,
) -> Result<(), Error> {
    match obj {
        Obj::Value(v) if v.is_dumpable() => message::box_value(&v, out)?,
        Obj::Value(v) => {
            let type_name = v.type_name();
            let local = model.export_value(v).ok_or(Error::NotDumpable(type_name))?;
            export(model, exports, &local, out);
        }
        Obj::Tuple(items) if items.iter().all(|o| matches!(o, Obj::Value(v) if v.is_dumpable())) => {
            // A tuple of plain values goes by value, as one brine tuple.
            message::box_value_tuple(items.len(), out);
            for item in &items {
                if let Obj::Value(v) = item {
                    brine::dump_into(v, out)?;
                }
            }
        }
        Obj::Tuple(items) => {
            message::box_tuple(items.len(), out);
            for item in items {
                write(model, exports, item, out)?;
            }
        }
        Obj::Local(local) => export(model, exports, &local, out),
        Obj::Remote(netref) => message::box_local_ref(&netref.0.id, out),
    }
    Ok(())
}

fn export<L: Clone + Send + Sync + 'static>(
    model: &dyn ObjectModel<Object = L>,
    exports: &mut ExportTable<L>,
    local: &L,
    out: &mut Vec<u8>,
) {
    let id = model.id_pack(local);
    exports.export(&id, local);
    message::box_remote_ref(&id, out);
}

/// Resolves the labels and id packs of a received boxed value.
pub(super) fn unbox<L: Clone>(
    boxed: Boxed,
    exports: &ExportTable<L>,
    proxies: &mut ProxyTable,
) -> Result<Obj<L>, ExceptionPayload> {
    Ok(match boxed {
        Boxed::Value(v) => Obj::Value(v),
        Boxed::Tuple(items) => {
            Obj::Tuple(items.into_iter().map(|b| unbox(b, exports, proxies)).collect::<Result<_, _>>()?)
        }
        Boxed::RemoteRef(id) => Obj::Remote(proxies.proxy(id)),
        Boxed::LocalRef(id) => Obj::Local(local(exports, &id)?),
    })
}

/// One of our objects, by the id pack the peer named it with.
pub(super) fn local<L: Clone>(exports: &ExportTable<L>, id: &IdPack) -> Result<L, ExceptionPayload> {
    exports.get(id).cloned().ok_or_else(|| {
        ExceptionPayload::Exception(RemoteException::builtin(
            "KeyError",
            vec![Value::Str(format!("no local object with id_pack {id}"))],
        ))
    })
}

/// The live proxies of the peer's objects, by id pack.
pub(super) struct ProxyTable {
    live: HashMap<IdPack, Weak<NetrefInner>>,
    releases: Arc<Releases>,
}

impl ProxyTable {
    pub(super) fn new(on_release: Box<dyn Fn() + Send + Sync>) -> Self {
        ProxyTable {
            live: HashMap::new(),
            releases: Arc::new(Releases { queue: Mutex::new(Vec::new()), open: AtomicBool::new(true), on_release }),
        }
    }

    /// A proxy for an id pack the peer sent, reusing a live one: each
    /// sending adds one to the count the DEL will carry.
    fn proxy(&mut self, id: IdPack) -> Netref {
        if let Some(live) = self.live.get(&id).and_then(Weak::upgrade) {
            live.refcount.fetch_add(1, Ordering::AcqRel);
            return Netref(live);
        }
        let owner: Arc<dyn RefOwner> = self.releases.clone();
        let inner = Arc::new(NetrefInner { id: id.clone(), refcount: AtomicU64::new(1), owner });
        self.live.insert(id, Arc::downgrade(&inner));
        Netref(inner)
    }

    /// Takes the proxies dropped since the last call, with the counts their
    /// DELs must carry, and forgets them.
    pub(super) fn take_released(&mut self) -> Vec<(IdPack, u64)> {
        let released = std::mem::take(&mut *lock(&self.releases.queue));
        for (id, _) in &released {
            // Only forget the entry if it is still the dead proxy, not a new
            // one made for the same id pack since.
            if self.live.get(id).is_some_and(|w| w.strong_count() == 0) {
                self.live.remove(id);
            }
        }
        released
    }

    /// Whether a proxy dropped since the last [`take_released`](Self::take_released).
    pub(super) fn has_released(&self) -> bool {
        !lock(&self.releases.queue).is_empty()
    }

    /// Proxies still alive.
    pub(super) fn len(&self) -> usize {
        self.live.values().filter(|w| w.strong_count() > 0).count()
    }

    /// Forgets every proxy: the session ended, so drops send nothing.
    pub(super) fn close(&mut self) {
        self.releases.open.store(false, Ordering::Release);
        self.live.clear();
        lock(&self.releases.queue).clear();
    }
}

/// Where a dropped proxy reports, from whatever thread drops it. It never
/// touches the session itself: a proxy may be dropped while the session is
/// in use (even by the same thread, inside a session call), so the session
/// collects these when it is next asked for bytes to send.
struct Releases {
    queue: Mutex<Vec<(IdPack, u64)>>,
    open: AtomicBool,
    /// Tells the driver there is a DEL to send.
    on_release: Box<dyn Fn() + Send + Sync>,
}

impl RefOwner for Releases {
    fn release(&self, id: &IdPack, count: u64) {
        if !self.open.load(Ordering::Acquire) {
            return;
        }
        lock(&self.queue).push((id.clone(), count));
        (self.on_release)();
    }
}
