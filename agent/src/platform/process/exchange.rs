//! CPython's POSIX `communicate`: one poll loop that feeds the input to
//! the child's stdin (at most `PIPE_BUF` at a time) and drains its stdout
//! and stderr until all three are closed. The state survives a deadline,
//! so a `communicate()` after a timeout goes on where the last one
//! stopped, with the output read so far, as CPython's does.

use std::fs::File;
use std::io::{self, Read, Write};
use std::os::fd::{AsRawFd, OwnedFd, RawFd};
use std::time::{Duration, Instant};

use super::set_nonblocking;

/// How a run of the exchange ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// Every pipe is closed.
    Done,
    TimedOut,
    /// `stop` asked to give up (the client's connection closed).
    Stopped,
}

pub struct Exchange {
    input: Vec<u8>,
    written: usize,
    /// The streams as files; `None` once closed.
    stdin: Option<File>,
    readers: [Option<File>; 2],
    /// What each output pipe gave (`None` where there was no pipe).
    collected: [Option<Vec<u8>>; 2],
}

/// Milliseconds to wait in poll (rounded up) before the deadline or the
/// next look at `stop`; `None` once the deadline has passed.
fn poll_timeout(deadline: Option<Instant>, slice: Duration) -> Option<libc::c_int> {
    let left = match deadline {
        None => slice,
        Some(d) => {
            let left = d.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return None;
            }
            left.min(slice)
        }
    };
    Some(libc::c_int::try_from(left.as_nanos().div_ceil(1_000_000)).unwrap_or(libc::c_int::MAX))
}

impl Exchange {
    /// An exchange over the agent's ends of the pipes. An empty input
    /// closes stdin at once, as `communicate` does.
    pub fn new(input: Vec<u8>, stdin: Option<OwnedFd>, stdout: Option<OwnedFd>, stderr: Option<OwnedFd>) -> Exchange {
        let stdin = stdin.map(File::from).filter(|_| !input.is_empty());
        let readers = [stdout.map(File::from), stderr.map(File::from)];
        let collected = [readers[0].as_ref().map(|_| Vec::new()), readers[1].as_ref().map(|_| Vec::new())];
        Exchange { input, written: 0, stdin, readers, collected }
    }

    /// Bytes of an output (0: stdout, 1: stderr) read before the exchange
    /// began (a file object's read-ahead), kept first.
    pub fn prepend(&mut self, which: usize, bytes: Vec<u8>) {
        if let Some(Some(out)) = self.collected.get_mut(which) {
            out.splice(0..0, bytes);
        }
    }

    /// Runs until every pipe is closed, the deadline passes or `stop`
    /// says so (asked about every 100 ms).
    pub fn run(&mut self, deadline: Option<Instant>, stop: &mut dyn FnMut() -> bool) -> io::Result<Ended> {
        if let Some(w) = &self.stdin {
            set_nonblocking(w)?;
        }
        let mut chunk = vec![0u8; 32 * 1024];
        while self.stdin.is_some() || self.readers.iter().any(Option::is_some) {
            if stop() {
                return Ok(Ended::Stopped);
            }
            let Some(timeout) = poll_timeout(deadline, Duration::from_millis(100)) else {
                return Ok(Ended::TimedOut);
            };
            let mut fds: Vec<libc::pollfd> = Vec::with_capacity(3);
            if let Some(w) = &self.stdin {
                fds.push(libc::pollfd { fd: w.as_raw_fd(), events: libc::POLLOUT, revents: 0 });
            }
            for r in self.readers.iter().flatten() {
                fds.push(libc::pollfd { fd: r.as_raw_fd(), events: libc::POLLIN, revents: 0 });
            }
            // SAFETY: fds is a valid array of pollfd of the given length.
            let n = unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, timeout) };
            if n < 0 {
                let e = io::Error::last_os_error();
                if e.kind() == io::ErrorKind::Interrupted {
                    continue;
                }
                return Err(e);
            }
            let ready = |fd: RawFd| fds.iter().any(|p| p.fd == fd && p.revents != 0);
            if let Some(w) = self.stdin.as_mut().filter(|w| ready(w.as_raw_fd())) {
                let end = (self.written + libc::PIPE_BUF).min(self.input.len());
                match w.write(&self.input[self.written..end]) {
                    Ok(k) => self.written += k,
                    Err(e) if matches!(e.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::Interrupted) => {}
                    // A child that stops reading (EPIPE) just gets no more input.
                    Err(_) => self.written = self.input.len(),
                }
                if self.written >= self.input.len() {
                    self.stdin = None;
                }
            }
            for (reader, out) in self.readers.iter_mut().zip(self.collected.iter_mut()) {
                let Some(r) = reader.as_mut().filter(|r| ready(r.as_raw_fd())) else { continue };
                match r.read(&mut chunk) {
                    Ok(0) => *reader = None,
                    Ok(k) => out.get_or_insert_with(Vec::new).extend_from_slice(&chunk[..k]),
                    Err(e) if matches!(e.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::Interrupted) => {}
                    Err(_) => *reader = None,
                }
            }
        }
        Ok(Ended::Done)
    }

    /// The output read so far, `None` where nothing was (as CPython's
    /// `TimeoutExpired` reports it).
    pub fn partial(&self) -> [Option<Vec<u8>>; 2] {
        self.collected.clone().map(|c| c.filter(|b| !b.is_empty()))
    }

    /// What each output pipe gave (`None` where there was no pipe).
    pub fn into_outputs(self) -> [Option<Vec<u8>>; 2] {
        self.collected
    }
}
