//! Signals: the target's signal numbers and names, the dispositions
//! (`sigaction`), the set the C library lets a process use, `alarm`,
//! interval timers and `raise`. Descriptions are glibc's (the text
//! CPython's `strsignal` shows on the hosts admins run), so they do not
//! depend on the C library the agent links.

use std::io;

use super::check;

/// The names of the signals with their numbers on this target, in the
/// order CPython's `signal` module defines them (aliases included).
pub fn names() -> Vec<(&'static str, i32)> {
    let mut out = vec![
        ("SIGHUP", libc::SIGHUP),
        ("SIGINT", libc::SIGINT),
        ("SIGQUIT", libc::SIGQUIT),
        ("SIGILL", libc::SIGILL),
        ("SIGTRAP", libc::SIGTRAP),
        ("SIGIOT", libc::SIGIOT),
        ("SIGABRT", libc::SIGABRT),
        ("SIGFPE", libc::SIGFPE),
        ("SIGKILL", libc::SIGKILL),
        ("SIGBUS", libc::SIGBUS),
        ("SIGSEGV", libc::SIGSEGV),
        ("SIGSYS", libc::SIGSYS),
        ("SIGPIPE", libc::SIGPIPE),
        ("SIGALRM", libc::SIGALRM),
        ("SIGTERM", libc::SIGTERM),
        ("SIGUSR1", libc::SIGUSR1),
        ("SIGUSR2", libc::SIGUSR2),
        ("SIGCLD", libc::SIGCHLD),
        ("SIGCHLD", libc::SIGCHLD),
        ("SIGPWR", libc::SIGPWR),
        ("SIGIO", libc::SIGIO),
        ("SIGURG", libc::SIGURG),
        ("SIGWINCH", libc::SIGWINCH),
        ("SIGPOLL", libc::SIGPOLL),
        ("SIGSTOP", libc::SIGSTOP),
        ("SIGTSTP", libc::SIGTSTP),
        ("SIGCONT", libc::SIGCONT),
        ("SIGTTIN", libc::SIGTTIN),
        ("SIGTTOU", libc::SIGTTOU),
        ("SIGVTALRM", libc::SIGVTALRM),
        ("SIGPROF", libc::SIGPROF),
        ("SIGXCPU", libc::SIGXCPU),
        ("SIGXFSZ", libc::SIGXFSZ),
        ("SIGSTKFLT", libc::SIGSTKFLT),
    ];
    out.push(("SIGRTMIN", libc::SIGRTMIN()));
    out.push(("SIGRTMAX", libc::SIGRTMAX()));
    out
}

/// `NSIG`: one past the highest signal number.
pub fn nsig() -> i32 {
    libc::SIGRTMAX() + 1
}

/// The first real-time signal the C library leaves to applications.
pub fn rtmin() -> i32 {
    libc::SIGRTMIN()
}

/// glibc's description of a signal (`strsignal`), `None` for numbers it
/// calls unknown.
pub fn description(sig: i32) -> Option<String> {
    const TEXTS: &[(i32, &str)] = &[
        (libc::SIGHUP, "Hangup"),
        (libc::SIGINT, "Interrupt"),
        (libc::SIGQUIT, "Quit"),
        (libc::SIGILL, "Illegal instruction"),
        (libc::SIGTRAP, "Trace/breakpoint trap"),
        (libc::SIGABRT, "Aborted"),
        (libc::SIGBUS, "Bus error"),
        (libc::SIGFPE, "Floating point exception"),
        (libc::SIGKILL, "Killed"),
        (libc::SIGUSR1, "User defined signal 1"),
        (libc::SIGSEGV, "Segmentation fault"),
        (libc::SIGUSR2, "User defined signal 2"),
        (libc::SIGPIPE, "Broken pipe"),
        (libc::SIGALRM, "Alarm clock"),
        (libc::SIGTERM, "Terminated"),
        (libc::SIGSTKFLT, "Stack fault"),
        (libc::SIGCHLD, "Child exited"),
        (libc::SIGCONT, "Continued"),
        (libc::SIGSTOP, "Stopped (signal)"),
        (libc::SIGTSTP, "Stopped"),
        (libc::SIGTTIN, "Stopped (tty input)"),
        (libc::SIGTTOU, "Stopped (tty output)"),
        (libc::SIGURG, "Urgent I/O condition"),
        (libc::SIGXCPU, "CPU time limit exceeded"),
        (libc::SIGXFSZ, "File size limit exceeded"),
        (libc::SIGVTALRM, "Virtual timer expired"),
        (libc::SIGPROF, "Profiling timer expired"),
        (libc::SIGWINCH, "Window changed"),
        (libc::SIGIO, "I/O possible"),
        (libc::SIGPWR, "Power failure"),
        (libc::SIGSYS, "Bad system call"),
    ];
    if let Some((_, text)) = TEXTS.iter().find(|(n, _)| *n == sig) {
        return Some((*text).to_owned());
    }
    (rtmin()..=libc::SIGRTMAX()).contains(&sig).then(|| format!("Real-time signal {}", sig - rtmin()))
}

/// What a signal does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Disposition {
    Default,
    Ignore,
    /// A handler function (the agent's own: its runtime's).
    Handler,
}

fn of_action(act: &libc::sigaction) -> Disposition {
    match act.sa_sigaction {
        libc::SIG_DFL => Disposition::Default,
        libc::SIG_IGN => Disposition::Ignore,
        _ => Disposition::Handler,
    }
}

/// The current disposition of a signal.
pub fn disposition(sig: i32) -> io::Result<Disposition> {
    // SAFETY: sigaction is plain C data; zeroes are valid.
    let mut old: libc::sigaction = unsafe { std::mem::zeroed() };
    // SAFETY: a null new action only reads the current one into `old`.
    check(unsafe { libc::sigaction(sig, std::ptr::null(), &mut old) })?;
    Ok(of_action(&old))
}

/// Sets a signal to its default action or to be ignored; returns the
/// previous disposition.
pub fn set_disposition(sig: i32, to: Disposition) -> io::Result<Disposition> {
    let handler = match to {
        Disposition::Default => libc::SIG_DFL,
        Disposition::Ignore => libc::SIG_IGN,
        Disposition::Handler => return Err(io::Error::from_raw_os_error(libc::EINVAL)),
    };
    // SAFETY: sigaction is plain C data; zeroes are valid (an empty mask).
    let mut new: libc::sigaction = unsafe { std::mem::zeroed() };
    new.sa_sigaction = handler;
    // SAFETY: as above.
    let mut old: libc::sigaction = unsafe { std::mem::zeroed() };
    // SAFETY: both actions are valid; SIG_DFL/SIG_IGN install no code.
    check(unsafe { libc::sigaction(sig, &new, &mut old) })?;
    Ok(of_action(&old))
}

/// The signals a process may use (`sigfillset`: the C library keeps some
/// real-time signals for itself).
pub fn valid() -> Vec<i32> {
    // SAFETY: sigset_t is plain C data; sigfillset initialises it.
    let mut set: libc::sigset_t = unsafe { std::mem::zeroed() };
    // SAFETY: `set` is a valid sigset_t.
    unsafe { libc::sigfillset(&mut set) };
    // SAFETY: sigismember only reads the set.
    (1..nsig()).filter(|s| unsafe { libc::sigismember(&set, *s) } == 1).collect()
}

/// `alarm(seconds)`: the seconds left of the previous alarm.
pub fn alarm(seconds: u32) -> u32 {
    // SAFETY: alarm takes and returns plain integers.
    unsafe { libc::alarm(seconds) }
}

/// An interval timer: `(value, interval)` in seconds.
pub type Itimer = (f64, f64);

fn to_timeval(secs: f64) -> libc::timeval {
    let whole = secs.trunc();
    #[allow(clippy::useless_conversion)]
    libc::timeval { tv_sec: whole as libc::time_t, tv_usec: ((secs - whole) * 1e6).round() as libc::suseconds_t }
}

#[allow(clippy::useless_conversion)] // time_t and suseconds_t differ by target
fn of_timeval(t: &libc::timeval) -> f64 {
    i64::from(t.tv_sec) as f64 + i64::from(t.tv_usec) as f64 / 1e6
}

/// `getitimer(which)`.
pub fn getitimer(which: i32) -> io::Result<Itimer> {
    // SAFETY: itimerval is plain C data; zeroes are valid.
    let mut v: libc::itimerval = unsafe { std::mem::zeroed() };
    // SAFETY: `v` is valid and writable.
    check(unsafe { libc::getitimer(which as _, &mut v) })?;
    Ok((of_timeval(&v.it_value), of_timeval(&v.it_interval)))
}

/// `setitimer(which, seconds, interval)`: the previous timer.
pub fn setitimer(which: i32, value: f64, interval: f64) -> io::Result<Itimer> {
    let new = libc::itimerval { it_interval: to_timeval(interval), it_value: to_timeval(value) };
    // SAFETY: itimerval is plain C data; zeroes are valid.
    let mut old: libc::itimerval = unsafe { std::mem::zeroed() };
    // SAFETY: both are valid itimervals.
    check(unsafe { libc::setitimer(which as _, &new, &mut old) })?;
    Ok((of_timeval(&old.it_value), of_timeval(&old.it_interval)))
}

pub const SIG_BLOCK: i32 = libc::SIG_BLOCK;
pub const SIG_UNBLOCK: i32 = libc::SIG_UNBLOCK;
pub const SIG_SETMASK: i32 = libc::SIG_SETMASK;
pub const SIGINT: i32 = libc::SIGINT;
pub const SIGTERM: i32 = libc::SIGTERM;
pub const SIGKILL: i32 = libc::SIGKILL;

// The `which` type is an enum of the C library on some targets.
#[allow(clippy::unnecessary_cast)]
pub const ITIMER_REAL: i32 = libc::ITIMER_REAL as i32;
#[allow(clippy::unnecessary_cast)]
pub const ITIMER_VIRTUAL: i32 = libc::ITIMER_VIRTUAL as i32;
#[allow(clippy::unnecessary_cast)]
pub const ITIMER_PROF: i32 = libc::ITIMER_PROF as i32;

/// `raise(sig)`: sends a signal to the agent itself.
pub fn raise(sig: i32) -> io::Result<()> {
    // SAFETY: raise takes a plain integer.
    check(unsafe { libc::raise(sig) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_numbers_and_descriptions() {
        let names = names();
        assert!(names.contains(&("SIGTERM", 15)));
        assert_eq!(description(libc::SIGTERM).as_deref(), Some("Terminated"));
        assert_eq!(description(rtmin()), Some("Real-time signal 0".to_owned()));
        assert_eq!(description(0), None);
        assert!(valid().contains(&libc::SIGTERM));
        assert!(!valid().contains(&0));
    }

    #[test]
    fn dispositions_round_trip() {
        let before = disposition(libc::SIGUSR2).expect("reads");
        assert_eq!(set_disposition(libc::SIGUSR2, Disposition::Ignore).expect("sets"), before);
        assert_eq!(disposition(libc::SIGUSR2).expect("reads"), Disposition::Ignore);
        set_disposition(libc::SIGUSR2, before).expect("restores");
        assert!(set_disposition(libc::SIGKILL, Disposition::Ignore).is_err());
    }
}
