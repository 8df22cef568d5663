//! The C types of the target (`struct`'s native sizes and alignments follow
//! them: `long` is 4 bytes on i686 and armv7, 8 on the 64-bit targets).

pub use libc::{c_int, c_long, c_longlong, c_short, c_uint, c_ulong, c_ulonglong, c_void, size_t, ssize_t};
