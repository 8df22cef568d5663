//! What the child does between fork and exec, after std has set up its
//! streams, working directory and process group — in CPython's order:
//! `umask`, `setsid`, `setgroups`, `setregid`, `setreuid`, then keeping the
//! passed descriptors. Only async-signal-safe calls, no allocation.
//!
//! A failure there is told apart from a failed exec (CPython names the
//! program only for the latter) by a byte the child writes to a
//! close-on-exec pipe before giving up.

use std::fs::File;
use std::io::{self, Read};
use std::os::fd::{AsRawFd, OwnedFd, RawFd};
use std::os::unix::process::CommandExt;
use std::process::Command;

use super::{check, pipe, set_nonblocking, Spec};

/// The parent's end of the pipe a failing setup writes to.
pub(super) struct Marker {
    read: OwnedFd,
    /// Kept open until the spawn returns (the child writes to its copy).
    _write: OwnedFd,
}

impl Marker {
    /// Whether the child reported a failed setup.
    pub(super) fn failed(&self) -> bool {
        let Ok(read) = self.read.try_clone() else { return false };
        let mut byte = [0u8; 1];
        matches!(File::from(read).read(&mut byte), Ok(1))
    }
}

/// Installs the setup on the command, if the spec asks for any.
pub(super) fn install(cmd: &mut Command, spec: &Spec) -> io::Result<Option<Marker>> {
    let new_session = spec.new_session;
    let umask = spec.umask;
    let keep: Vec<RawFd> = spec.pass_fds.iter().copied().filter(|fd| *fd > 2).collect();
    let groups: Option<Vec<libc::gid_t>> = spec.groups.clone();
    let (gid, uid) = (spec.gid, spec.uid);
    if !new_session && umask.is_none() && keep.is_empty() && groups.is_none() && gid.is_none() && uid.is_none() {
        return Ok(None);
    }
    let (read, write) = pipe()?;
    set_nonblocking(&read)?;
    let marker_fd = write.as_raw_fd();
    let steps = move || -> io::Result<()> {
        if let Some(mask) = umask {
            // SAFETY: umask takes a plain integer and cannot fail.
            unsafe { libc::umask(mask as libc::mode_t) };
        }
        if new_session {
            // SAFETY: setsid takes no arguments.
            if unsafe { libc::setsid() } < 0 {
                return Err(io::Error::last_os_error());
            }
        }
        if let Some(groups) = &groups {
            // SAFETY: the pointer and length describe the vector made
            // before the fork.
            check(unsafe { libc::setgroups(groups.len(), groups.as_ptr()) })?;
        }
        if let Some(gid) = gid {
            // SAFETY: plain integers.
            check(unsafe { libc::setregid(gid, gid) })?;
        }
        if let Some(uid) = uid {
            // SAFETY: plain integers.
            check(unsafe { libc::setreuid(uid, uid) })?;
        }
        for fd in &keep {
            // SAFETY: clearing FD_CLOEXEC on a descriptor checked open
            // before the fork.
            check(unsafe { libc::fcntl(*fd, libc::F_SETFD, 0) })?;
        }
        Ok(())
    };
    let setup = move || {
        steps().inspect_err(|_| {
            // SAFETY: writing one byte from the stack to a descriptor the
            // child inherited; the result does not matter.
            unsafe { libc::write(marker_fd, [1u8].as_ptr().cast(), 1) };
        })
    };
    // SAFETY: the closure only makes async-signal-safe calls (umask,
    // setsid, setgroups, setregid, setreuid, fcntl, write) and allocates
    // nothing.
    unsafe {
        cmd.pre_exec(setup);
    }
    Ok(Some(Marker { read, _write: write }))
}
