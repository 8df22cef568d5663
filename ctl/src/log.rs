//! Diagnostics on stderr, shown with `-v`.

use std::sync::atomic::{AtomicU8, Ordering};

static VERBOSITY: AtomicU8 = AtomicU8::new(0);

pub fn set_verbosity(v: u8) {
    VERBOSITY.store(v, Ordering::Relaxed);
}

pub fn verbosity() -> u8 {
    VERBOSITY.load(Ordering::Relaxed)
}

/// Shown from `-vv` on.
pub fn debug(msg: &str) {
    if verbosity() >= 2 {
        eprintln!("rpyctl: {msg}");
    }
}
