//! Processes: children for `subprocess` (redirections, starting, waiting
//! with deadlines, [`exchange`]: CPython's POSIX `communicate`, orphans
//! reaped when their owner is gone), and `kill`.
//!
//! The agent's stdin and stdout may be the protocol stream (`--stdio`), so
//! a child never gets them: where Python would let the child inherit them,
//! stdin is `/dev/null` and stdout goes to the agent's stderr (its log),
//! like `print`. The same holds when a caller names fd 0 or 1 explicitly.

use std::ffi::{OsStr, OsString};
use std::fs::File;
use std::io;
use std::os::fd::{AsFd, AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::check;

pub fn kill(pid: i32, sig: i32) -> io::Result<()> {
    // SAFETY: kill takes two plain integers.
    check(unsafe { libc::kill(pid, sig) })
}

pub fn killpg(pgid: i32, sig: i32) -> io::Result<()> {
    // SAFETY: killpg takes two plain integers.
    check(unsafe { libc::killpg(pgid, sig) })
}

/// Whether a process exists: `kill(pid, 0)` succeeds, or fails only for
/// lack of permission.
pub fn process_exists(pid: i32) -> bool {
    match kill(pid, 0) {
        Ok(()) => true,
        Err(e) => e.raw_os_error() == Some(libc::EPERM),
    }
}

/// The name of a signal as Python's `signal.Signals` calls it (of the
/// names of a number, the alphabetically first, as `IntEnum._convert_`
/// sorts them), `None` for numbers it has no member for.
pub fn signal_name(sig: i64) -> Option<&'static str> {
    let sig = libc::c_int::try_from(sig).ok()?;
    super::signals::names().into_iter().filter(|(_, n)| *n == sig).map(|(name, _)| name).min()
}

/// Where a standard stream of the child goes.
pub enum Redirect {
    /// What Python would inherit (see the module notes).
    Inherit,
    /// A pipe to the agent (`subprocess.PIPE`).
    Pipe,
    /// `/dev/null` (`subprocess.DEVNULL`).
    Null,
    /// A descriptor the caller named (already duplicated).
    Fd(OwnedFd),
    /// stderr only: wherever stdout goes (`subprocess.STDOUT`).
    Stdout,
}

pub struct Spec {
    /// What is executed (`executable`, else `argv[0]`).
    pub program: OsString,
    /// The argument vector, `argv[0]` first.
    pub argv: Vec<OsString>,
    pub cwd: Option<PathBuf>,
    /// The child's whole environment, when given.
    pub env: Option<Vec<(OsString, OsString)>>,
    pub stdin: Redirect,
    pub stdout: Redirect,
    pub stderr: Redirect,
    /// Written to the child's stdin (which must then be `Pipe`).
    pub input: Option<Vec<u8>>,
    pub timeout: Option<Duration>,
    pub new_session: bool,
    pub process_group: Option<i32>,
    /// The child's umask.
    pub umask: Option<u32>,
    /// Descriptors of the agent the child keeps (above 2).
    pub pass_fds: Vec<RawFd>,
    /// Supplementary groups, group and user the child switches to (as
    /// root), in that order.
    pub groups: Option<Vec<u32>>,
    pub gid: Option<u32>,
    pub uid: Option<u32>,
}

impl Spec {
    /// A spec for `argv` with every stream inherited and nothing else set.
    pub fn new(program: OsString, argv: Vec<OsString>) -> Spec {
        Spec {
            program,
            argv,
            cwd: None,
            env: None,
            stdin: Redirect::Inherit,
            stdout: Redirect::Inherit,
            stderr: Redirect::Inherit,
            input: None,
            timeout: None,
            new_session: false,
            process_group: None,
            umask: None,
            pass_fds: Vec::new(),
            groups: None,
            gid: None,
            uid: None,
        }
    }
}

pub struct Output {
    /// Exit code, or minus the signal that killed the child.
    pub returncode: i64,
    /// What the pipes gave; `None` where the stream was not a pipe.
    pub stdout: Option<Vec<u8>>,
    pub stderr: Option<Vec<u8>>,
}

pub enum Failure {
    /// The child could not be started (missing program, ...).
    Spawn(io::Error),
    /// The working directory is not usable.
    Cwd(io::Error),
    /// What the child does before the exec failed (switching user or
    /// groups, keeping descriptors).
    Setup(io::Error),
    /// The deadline passed; the child was killed and reaped. The output
    /// read so far, `None` where nothing was read (as CPython reports it).
    Timeout { stdout: Option<Vec<u8>>, stderr: Option<Vec<u8>> },
    /// Setting up pipes or talking to the child failed.
    Io(io::Error),
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Failure::Io(e)
    }
}

/// A pipe, both ends close-on-exec: `(read, write)`.
fn pipe() -> io::Result<(OwnedFd, OwnedFd)> {
    let mut fds: [RawFd; 2] = [-1; 2];
    // SAFETY: fds has room for the two descriptors pipe2 returns.
    check(unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) })?;
    // SAFETY: pipe2 succeeded, so both are fresh descriptors we now own.
    Ok(unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) })
}

/// Whether `fd` is an open descriptor of the agent.
fn is_open(fd: RawFd) -> bool {
    // SAFETY: F_GETFD on any int only reads the descriptor's flags.
    unsafe { libc::fcntl(fd, libc::F_GETFD) >= 0 }
}

/// Duplicates a descriptor of the agent (close-on-exec, above 2) for a
/// child's stream: `None` means `/dev/null`. Descriptors 0 and 1 are never
/// handed out (see the module notes); a number that is no descriptor is
/// `EBADF`.
pub fn dup_fd(fd: i64) -> io::Result<Option<OwnedFd>> {
    let fd = match RawFd::try_from(fd) {
        Ok(0) => return Ok(None),
        Ok(1) => 2,
        Ok(other) if other >= 0 => other,
        _ => return Err(io::Error::from_raw_os_error(libc::EBADF)),
    };
    // SAFETY: fcntl on any int is safe; a valid result is a new descriptor.
    let new = unsafe { libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 3) };
    if new < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: fcntl returned a fresh descriptor we own.
    Ok(Some(unsafe { OwnedFd::from_raw_fd(new) }))
}

fn set_nonblocking(fd: &impl AsRawFd) -> io::Result<()> {
    let raw = fd.as_raw_fd();
    // SAFETY: plain fcntl calls on a descriptor we own.
    unsafe {
        let flags = libc::fcntl(raw, libc::F_GETFL);
        if flags < 0 || libc::fcntl(raw, libc::F_SETFL, flags | libc::O_NONBLOCK) < 0 {
            return Err(io::Error::last_os_error());
        }
    }
    Ok(())
}

/// Where a stream ends up, before it becomes a `Stdio`.
enum Target {
    Inherit,
    Null,
    Fd(OwnedFd),
}

impl Target {
    fn try_clone(&self) -> io::Result<Target> {
        Ok(match self {
            Target::Inherit => Target::Inherit,
            Target::Null => Target::Null,
            Target::Fd(fd) => Target::Fd(fd.try_clone()?),
        })
    }
    fn stdio(self) -> Stdio {
        match self {
            Target::Inherit => Stdio::inherit(),
            Target::Null => Stdio::null(),
            Target::Fd(fd) => Stdio::from(fd),
        }
    }
}

fn agent_stderr() -> io::Result<Target> {
    Ok(Target::Fd(io::stderr().as_fd().try_clone_to_owned()?))
}

/// A started child and the agent's ends of its pipes (`None` where the
/// stream is not a pipe).
pub struct Spawned {
    pub child: Child,
    pub stdin: Option<OwnedFd>,
    pub stdout: Option<OwnedFd>,
    pub stderr: Option<OwnedFd>,
}

/// Starts the child.
fn spawn(spec: &mut Spec) -> Result<Spawned, Failure> {
    let mut cmd = Command::new(&spec.program);
    if let Some((first, rest)) = spec.argv.split_first() {
        cmd.arg0(first).args(rest);
    }
    if let Some(cwd) = &spec.cwd {
        cmd.current_dir(cwd);
    }
    if let Some(env) = &spec.env {
        cmd.env_clear().envs(env.iter().map(|(k, v)| (k, v)));
    }
    if let Some(pgid) = spec.process_group {
        cmd.process_group(pgid);
    }
    let setup = setup::install(&mut cmd, spec)?;

    let mut stdin_w = None;
    let stdin = match std::mem::replace(&mut spec.stdin, Redirect::Null) {
        Redirect::Pipe => {
            let (r, w) = pipe()?;
            stdin_w = Some(w);
            Target::Fd(r)
        }
        Redirect::Fd(fd) => Target::Fd(fd),
        Redirect::Inherit | Redirect::Null | Redirect::Stdout => Target::Null,
    };
    let mut stdout_r = None;
    let stdout = match std::mem::replace(&mut spec.stdout, Redirect::Null) {
        Redirect::Pipe => {
            let (r, w) = pipe()?;
            stdout_r = Some(r);
            Target::Fd(w)
        }
        Redirect::Inherit | Redirect::Stdout => agent_stderr()?,
        Redirect::Null => Target::Null,
        Redirect::Fd(fd) => Target::Fd(fd),
    };
    let mut stderr_r = None;
    let stderr = match std::mem::replace(&mut spec.stderr, Redirect::Null) {
        Redirect::Pipe => {
            let (r, w) = pipe()?;
            stderr_r = Some(r);
            Target::Fd(w)
        }
        Redirect::Inherit => Target::Inherit,
        Redirect::Null => Target::Null,
        Redirect::Fd(fd) => Target::Fd(fd),
        Redirect::Stdout => stdout.try_clone()?,
    };
    cmd.stdin(stdin.stdio()).stdout(stdout.stdio()).stderr(stderr.stdio());
    let child = cmd.spawn().map_err(|e| match &setup {
        Some(marker) if marker.failed() => Failure::Setup(e),
        _ => Failure::Spawn(e),
    })?;
    // The command holds the child's ends of the pipes: close them here, or
    // the reads below would never see end of file.
    drop(cmd);
    Ok(Spawned { child, stdin: stdin_w, stdout: stdout_r, stderr: stderr_r })
}

/// A running child with one pipe to the agent (`os.popen`).
pub struct Piped {
    pub child: Child,
    /// The child's stdout (to read) or stdin (to write), blocking.
    pub pipe: File,
}

/// Starts a child whose stdout (`read`) or stdin is a pipe to the agent;
/// its other streams are as [`Redirect::Inherit`] makes them.
pub fn spawn_piped(mut spec: Spec, read: bool) -> Result<Piped, Failure> {
    check_program(&spec).map_err(Failure::Spawn)?;
    if read {
        spec.stdout = Redirect::Pipe;
    } else {
        spec.stdin = Redirect::Pipe;
    }
    let Spawned { child, stdin, stdout, .. } = spawn(&mut spec)?;
    let pipe = if read { stdout } else { stdin };
    let pipe = pipe.ok_or_else(|| Failure::Io(io::Error::from_raw_os_error(libc::EBADF)))?;
    if !read {
        // spawn made the write end non-blocking for communicate's loop.
        let raw = pipe.as_raw_fd();
        // SAFETY: plain fcntl calls on a descriptor we own.
        unsafe {
            let flags = libc::fcntl(raw, libc::F_GETFL);
            if flags < 0 || libc::fcntl(raw, libc::F_SETFL, flags & !libc::O_NONBLOCK) < 0 {
                return Err(Failure::Io(io::Error::last_os_error()));
            }
        }
    }
    Ok(Piped { child, pipe: File::from(pipe) })
}

/// Waits for a child to exit, however long it takes: its exit code, or
/// minus the signal that killed it.
pub fn wait_exit(child: &mut Child) -> io::Result<i64> {
    child.wait().map(returncode)
}

/// Runs a child to its end: the raw wait status, as `system(3)` returns it.
pub fn wait_status(mut spec: Spec) -> Result<i32, Failure> {
    check_program(&spec).map_err(Failure::Spawn)?;
    let Spawned { mut child, .. } = spawn(&mut spec)?;
    Ok(child.wait()?.into_raw())
}

/// Exit code, or minus the signal that killed the child.
pub fn returncode(status: std::process::ExitStatus) -> i64 {
    match (status.code(), status.signal()) {
        (Some(code), _) => code.into(),
        (None, Some(sig)) => -i64::from(sig),
        (None, None) => -1,
    }
}

fn kill_and_reap(child: &mut Child) {
    let _ = child.kill();
    let _ = child.wait();
}

/// The working directory must exist and be a directory; checked before
/// the spawn so its failure names the directory, as CPython's does.
fn check_cwd(cwd: &Path) -> io::Result<()> {
    match std::fs::metadata(cwd) {
        Err(e) => Err(e),
        Ok(m) if !m.is_dir() => Err(io::Error::from_raw_os_error(libc::ENOTDIR)),
        Ok(_) => Ok(()),
    }
}

/// Looks the program up the way the exec will (a path, else each `PATH`
/// directory of the child's environment), as CPython also does in the
/// parent. A missing program is then reported reliably even where the
/// exec's own failure cannot reach the parent (qemu-user emulates the
/// vfork-style spawn as a plain fork: the child just exits with 127).
/// Only "not there" answers are final; anything else is left to the exec.
fn check_program(spec: &Spec) -> io::Result<()> {
    let missing = || io::Error::from_raw_os_error(libc::ENOENT);
    let absent = |p: &Path| match std::fs::metadata(p) {
        Err(e) if matches!(e.raw_os_error(), Some(libc::ENOENT | libc::ENOTDIR)) => Some(e),
        _ => None,
    };
    let program = spec.program.as_bytes();
    if program.is_empty() {
        return Err(missing());
    }
    let in_cwd = |p: PathBuf| match &spec.cwd {
        Some(cwd) if p.is_relative() => cwd.join(p),
        _ => p,
    };
    if program.contains(&b'/') {
        return absent(&in_cwd(PathBuf::from(&spec.program))).map_or(Ok(()), Err);
    }
    let path = match &spec.env {
        Some(env) => env.iter().find(|(k, _)| k == "PATH").map(|(_, v)| v.clone()),
        None => std::env::var_os("PATH"),
    }
    .unwrap_or_else(|| "/bin:/usr/bin".into());
    let found = path.as_bytes().split(|b| *b == b':').any(|dir| {
        let dir = if dir.is_empty() { Path::new(".") } else { Path::new(OsStr::from_bytes(dir)) };
        absent(&in_cwd(dir.join(&spec.program))).is_none()
    });
    if found {
        Ok(())
    } else {
        Err(missing())
    }
}

/// Checks what CPython checks in the parent, then starts the child.
pub fn start(spec: &mut Spec) -> Result<Spawned, Failure> {
    if let Some(cwd) = &spec.cwd {
        check_cwd(cwd).map_err(Failure::Cwd)?;
    }
    if spec.pass_fds.iter().any(|fd| !is_open(*fd)) {
        return Err(Failure::Io(io::Error::from_raw_os_error(libc::EBADF)));
    }
    check_program(spec).map_err(Failure::Spawn)?;
    spawn(spec)
}

/// Runs the child to completion (or to the deadline).
pub fn run(mut spec: Spec) -> Result<Output, Failure> {
    // A deadline too far away to represent is no deadline.
    let deadline = spec.timeout.and_then(|t| Instant::now().checked_add(t));
    let input = spec.input.take().unwrap_or_default();
    let Spawned { mut child, stdin, stdout, stderr } = start(&mut spec)?;
    let mut exchange = Exchange::new(input, stdin, stdout, stderr);
    match exchange.run(deadline, &mut || false) {
        Ok(Ended::Done) => {}
        Ok(Ended::TimedOut | Ended::Stopped) => {
            kill_and_reap(&mut child);
            let [stdout, stderr] = exchange.partial();
            return Err(Failure::Timeout { stdout, stderr });
        }
        Err(e) => {
            kill_and_reap(&mut child);
            return Err(Failure::Io(e));
        }
    }
    // Every pipe is closed: wait for the exit (CPython's `wait(timeout)`).
    let status = match wait(&mut child, deadline, &mut || false)? {
        Waited::Exited(status) => status,
        Waited::TimedOut | Waited::Stopped => {
            kill_and_reap(&mut child);
            // CPython's `wait` raises without the output here.
            return Err(Failure::Timeout { stdout: None, stderr: None });
        }
    };
    let [stdout, stderr] = exchange.into_outputs();
    Ok(Output { returncode: returncode(status), stdout, stderr })
}

/// How a wait ended.
pub enum Waited {
    Exited(std::process::ExitStatus),
    TimedOut,
    /// `stop` asked to give up (the client's connection closed).
    Stopped,
}

/// Waits for a child's exit until the deadline, polling `try_wait` with a
/// growing delay as CPython's `wait(timeout)` does (and asking `stop`
/// between polls).
pub fn wait_with(
    try_wait: &mut dyn FnMut() -> io::Result<Option<std::process::ExitStatus>>,
    deadline: Option<Instant>,
    stop: &mut dyn FnMut() -> bool,
) -> io::Result<Waited> {
    let mut delay = Duration::from_micros(500);
    loop {
        if let Some(status) = try_wait()? {
            return Ok(Waited::Exited(status));
        }
        if stop() {
            return Ok(Waited::Stopped);
        }
        let left = match deadline {
            Some(d) => d.saturating_duration_since(Instant::now()),
            None => Duration::from_millis(50),
        };
        if left.is_zero() {
            return Ok(Waited::TimedOut);
        }
        std::thread::sleep(delay.min(left).min(Duration::from_millis(50)));
        delay *= 2;
    }
}

/// [`wait_with`] on a child of one's own.
pub fn wait(child: &mut Child, deadline: Option<Instant>, stop: &mut dyn FnMut() -> bool) -> io::Result<Waited> {
    wait_with(&mut || child.try_wait(), deadline, stop)
}

/// Children whose owner is gone (a `Popen` dropped with its connection):
/// one thread waits for them all, so none stays a zombie.
static ORPHANS: std::sync::Mutex<Vec<Child>> = std::sync::Mutex::new(Vec::new());

/// Reaps `child` once it exits, without anyone waiting for it.
pub fn reap_later(child: Child) {
    let mut orphans = ORPHANS.lock().unwrap_or_else(|e| e.into_inner());
    let first = orphans.is_empty();
    orphans.push(child);
    if first {
        let spawned = std::thread::Builder::new().name("rpyc-agent-reaper".into()).spawn(|| loop {
            {
                let mut orphans = ORPHANS.lock().unwrap_or_else(|e| e.into_inner());
                orphans.retain_mut(|c| matches!(c.try_wait(), Ok(None)));
                if orphans.is_empty() {
                    return;
                }
            }
            std::thread::sleep(Duration::from_millis(200));
        });
        if spawned.is_err() {
            // No thread to spare: the children are reaped by the next call.
            orphans.retain_mut(|c| matches!(c.try_wait(), Ok(None)));
        }
    }
}

/// How many children wait to be reaped (for tests).
pub fn orphans() -> usize {
    ORPHANS.lock().unwrap_or_else(|e| e.into_inner()).len()
}

mod exchange;
pub use exchange::{Ended, Exchange};
mod setup;
#[cfg(test)]
mod tests;
