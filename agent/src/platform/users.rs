//! The user and group databases (`/etc/passwd`, `/etc/group`, NSS where
//! the C library has it): reentrant lookups, and whole-database walks
//! (`getpwent`/`getgrent`, serialised: they keep state in the C library).

use std::ffi::{CStr, CString};
use std::sync::Mutex;

/// Bits of a C `long`, which bounds the ids CPython accepts.
pub const LONG_BITS: u32 = 8 * std::mem::size_of::<libc::c_long>() as u32;

/// A passwd entry.
pub struct Passwd {
    pub name: String,
    pub passwd: String,
    pub uid: u32,
    pub gid: u32,
    pub gecos: String,
    pub dir: String,
    pub shell: String,
}

/// A group entry.
pub struct Group {
    pub name: String,
    pub passwd: String,
    pub gid: u32,
    pub members: Vec<String>,
}

/// A C string of an entry as text (NULL is empty).
///
/// # Safety
/// `p` is null or points to a NUL-terminated string.
unsafe fn text(p: *const libc::c_char) -> String {
    if p.is_null() {
        String::new()
    } else {
        // SAFETY: the caller's contract.
        unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned()
    }
}

/// Copies a filled `passwd`.
///
/// # Safety
/// The string fields are null or NUL-terminated strings.
unsafe fn passwd_of(pwd: &libc::passwd) -> Passwd {
    // SAFETY: the caller's contract.
    unsafe {
        Passwd {
            name: text(pwd.pw_name),
            passwd: text(pwd.pw_passwd),
            uid: pwd.pw_uid,
            gid: pwd.pw_gid,
            gecos: text(pwd.pw_gecos),
            dir: text(pwd.pw_dir),
            shell: text(pwd.pw_shell),
        }
    }
}

/// Copies a filled `group`.
///
/// # Safety
/// The string fields are null or NUL-terminated strings, and `gr_mem` is
/// null or a NULL-terminated array of them.
unsafe fn group_of(grp: &libc::group) -> Group {
    let mut members = Vec::new();
    let mut p = grp.gr_mem;
    // SAFETY: the caller's contract: walk the array to its NULL.
    unsafe {
        while !p.is_null() && !(*p).is_null() {
            members.push(text(*p));
            p = p.add(1);
        }
        Group { name: text(grp.gr_name), passwd: text(grp.gr_passwd), gid: grp.gr_gid, members }
    }
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
        // SAFETY: on success the strings point into `buf`, NUL-terminated.
        (0, Some(unsafe { passwd_of(&pwd) }))
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
    group_by_name(name).map(|g| g.gid)
}

fn group_lookup(by: Result<&CStr, u32>) -> Option<Group> {
    with_buffer(|buf| {
        // SAFETY: group is plain C data (integers and pointers); all zeroes is valid.
        let mut grp: libc::group = unsafe { std::mem::zeroed() };
        let mut result: *mut libc::group = std::ptr::null_mut();
        let rc = match by {
            // SAFETY: name is NUL-terminated; grp, buf and result are valid and writable.
            Ok(name) => unsafe { libc::getgrnam_r(name.as_ptr(), &mut grp, buf.as_mut_ptr(), buf.len(), &mut result) },
            // SAFETY: grp, buf and result are valid and writable.
            Err(gid) => unsafe { libc::getgrgid_r(gid, &mut grp, buf.as_mut_ptr(), buf.len(), &mut result) },
        };
        if rc != 0 || result.is_null() {
            (rc, None)
        } else {
            // SAFETY: on success the strings and the member array point into `buf`.
            (0, Some(unsafe { group_of(&grp) }))
        }
    })
}

/// The group of a name (`None` for a name with a NUL, which none has).
pub fn group_by_name(name: &str) -> Option<Group> {
    let c = CString::new(name).ok()?;
    group_lookup(Ok(&c))
}

/// The group of a gid.
pub fn group_by_gid(gid: u32) -> Option<Group> {
    group_lookup(Err(gid))
}

/// The C library's database walks keep their position in global state.
static WALK: Mutex<()> = Mutex::new(());

/// Every passwd entry, in the database's order.
pub fn all_users() -> Vec<Passwd> {
    let _walk = WALK.lock().unwrap_or_else(|e| e.into_inner());
    let mut out = Vec::new();
    // SAFETY: the walk is serialised by WALK; each entry returned is read
    // before the next call and copied.
    unsafe {
        libc::setpwent();
        loop {
            let p = libc::getpwent();
            if p.is_null() {
                break;
            }
            out.push(passwd_of(&*p));
        }
        libc::endpwent();
    }
    out
}

/// Every group entry, in the database's order.
pub fn all_groups() -> Vec<Group> {
    let _walk = WALK.lock().unwrap_or_else(|e| e.into_inner());
    let mut out = Vec::new();
    // SAFETY: as in `all_users`.
    unsafe {
        libc::setgrent();
        loop {
            let g = libc::getgrent();
            if g.is_null() {
                break;
            }
            out.push(group_of(&*g));
        }
        libc::endgrent();
    }
    out
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
        assert_eq!(group_by_gid(0).map(|g| g.name), Some("root".to_owned()));
        assert!(!root.shell.is_empty());
        assert!(all_users().iter().any(|p| p.uid == 0 && p.name == "root"));
        assert!(all_groups().iter().any(|g| g.gid == 0));
    }
}
