//! Locking for the few mutexes shared between a connection's tasks.

use std::sync::{Mutex, MutexGuard};

/// Locks a mutex, recovering from poisoning: the state behind this crate's
/// mutexes stays consistent because no code path panics while holding them.
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}
