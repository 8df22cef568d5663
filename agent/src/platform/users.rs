//! The user and group databases (`/etc/passwd`, NSS): reentrant lookups.

use std::ffi::{CStr, CString};

/// The parts of a passwd entry the agent uses.
pub struct Passwd {
    pub name: String,
    pub uid: u32,
    pub gid: u32,
    pub dir: String,
}

/// Calls a reentrant `get*_r` function with a growing buffer; `call`
/// returns the libc result code and whether an entry was found.
fn with_buffer<T>(mut call: impl FnMut(&mut [libc::c_char]) -> (libc::c_int, Option<T>)) -> Option<T> {
    let mut size = 1024;
    loop {
        let mut buf = vec![0 as libc::c_char; size];
        match call(&mut buf) {
            (libc::ERANGE, _) if size < 1 << 20 => size *= 4,
            (0, found) => return found,
            _ => return None,
        }
    }
}

fn passwd_lookup(by: Result<&CStr, u32>) -> Option<Passwd> {
    with_buffer(|buf| {
        // SAFETY: passwd is plain C data (integers and pointers); all zeroes is valid.
        let mut pwd: libc::passwd = unsafe { std::mem::zeroed() };
        let mut result: *mut libc::passwd = std::ptr::null_mut();
        let rc = match by {
            // SAFETY: name is NUL-terminated; pwd, buf and result are valid and writable.
            Ok(name) => unsafe { libc::getpwnam_r(name.as_ptr(), &mut pwd, buf.as_mut_ptr(), buf.len(), &mut result) },
            // SAFETY: pwd, buf and result are valid and writable.
            Err(uid) => unsafe { libc::getpwuid_r(uid, &mut pwd, buf.as_mut_ptr(), buf.len(), &mut result) },
        };
        if rc != 0 || result.is_null() {
            return (rc, None);
        }
        // SAFETY: on success pw_name and pw_dir point to NUL-terminated strings in `buf`.
        let (name, dir) = unsafe { (CStr::from_ptr(pwd.pw_name), CStr::from_ptr(pwd.pw_dir)) };
        let entry = Passwd {
            name: name.to_string_lossy().into_owned(),
            uid: pwd.pw_uid,
            gid: pwd.pw_gid,
            dir: dir.to_string_lossy().into_owned(),
        };
        (0, Some(entry))
    })
}

pub fn getpwnam(name: &str) -> Option<Passwd> {
    let c = CString::new(name).ok()?;
    passwd_lookup(Ok(&c))
}

pub fn getpwuid(uid: u32) -> Option<Passwd> {
    passwd_lookup(Err(uid))
}

/// The gid of a group name.
pub fn getgrnam(name: &str) -> Option<u32> {
    let c = CString::new(name).ok()?;
    with_buffer(|buf| {
        // SAFETY: group is plain C data (integers and pointers); all zeroes is valid.
        let mut grp: libc::group = unsafe { std::mem::zeroed() };
        let mut result: *mut libc::group = std::ptr::null_mut();
        // SAFETY: c is NUL-terminated; grp, buf and result are valid and writable.
        let rc = unsafe { libc::getgrnam_r(c.as_ptr(), &mut grp, buf.as_mut_ptr(), buf.len(), &mut result) };
        if rc != 0 || result.is_null() {
            (rc, None)
        } else {
            (0, Some(grp.gr_gid))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_user_and_group() {
        let root = getpwuid(0).expect("root exists");
        assert_eq!(root.name, "root");
        assert_eq!((root.uid, root.gid), (0, 0));
        assert_eq!(getpwnam("root").map(|p| p.uid), Some(0));
        assert!(getpwnam("no-such-user-rpyc").is_none());
        assert!(getpwnam("nul\0inside").is_none());
        assert_eq!(getgrnam("root"), Some(0));
        assert_eq!(getgrnam("no-such-group-rpyc"), None);
    }
}
