//! Error numbers that module code raises itself (the OS reports the rest
//! through `io::Error`).

pub use libc::{EBADF, EEXIST, EINVAL, EISDIR, ENOENT, ENOTDIR, ENOTTY, EOPNOTSUPP};
