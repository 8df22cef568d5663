//! Bytes from a hostile peer, fed to a session core the way a driver feeds
//! it (see tests/support/feed.rs), in chunks whose size the last input byte
//! picks (so the seeds, whole frames ending in their ignored flusher, stay
//! intact). Any input must give events, bytes, or the session's end with a
//! reason — never a panic, a hang or an outsized allocation.
#![no_main]

// The same feeding as the property test (protocol/tests/properties.rs).
#[path = "../../tests/support/feed.rs"]
mod feed;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(&chunk) = data.last() else { return };
    feed::feed(data, usize::from(chunk) * 8 + 1);
});
