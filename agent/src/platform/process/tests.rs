use std::fs::File;
use std::io::Read;

use super::*;

fn sh(script: &str) -> Spec {
    Spec {
        stdout: Redirect::Pipe,
        stderr: Redirect::Pipe,
        ..Spec::new("/bin/sh".into(), vec!["/bin/sh".into(), "-c".into(), script.into()])
    }
}

fn ok(spec: Spec) -> Output {
    match run(spec) {
        Ok(o) => o,
        Err(Failure::Spawn(e) | Failure::Io(e) | Failure::Cwd(e) | Failure::Setup(e)) => panic!("failed: {e}"),
        Err(Failure::Timeout { .. }) => panic!("timed out"),
    }
}

#[test]
fn captures_both_streams_and_the_code() {
    let o = ok(sh("echo out; echo err >&2; exit 3"));
    assert_eq!(o.returncode, 3);
    assert_eq!(o.stdout.as_deref(), Some(&b"out\n"[..]));
    assert_eq!(o.stderr.as_deref(), Some(&b"err\n"[..]));
}

#[test]
fn stderr_into_stdout_keeps_order() {
    let o = ok(Spec { stderr: Redirect::Stdout, ..sh("echo a; echo b >&2; echo c") });
    assert_eq!(o.stdout.as_deref(), Some(&b"a\nb\nc\n"[..]));
    assert_eq!(o.stderr, None);
}

#[test]
fn large_input_and_output_do_not_deadlock() {
    let input: Vec<u8> = (0..1_000_000u32).map(|i| (i % 251) as u8).collect();
    let o = ok(Spec { stdin: Redirect::Pipe, input: Some(input.clone()), stderr: Redirect::Null, ..sh("cat") });
    assert_eq!(o.stdout, Some(input));
}

#[test]
fn stdin_defaults_to_dev_null() {
    let o = ok(sh("cat; echo done"));
    assert_eq!(o.stdout.as_deref(), Some(&b"done\n"[..]));
}

#[test]
fn killed_by_signal_is_negative() {
    assert_eq!(ok(sh("kill -9 $$")).returncode, -9);
}

#[test]
fn timeout_kills_and_keeps_partial_output() {
    let start = Instant::now();
    let r = run(Spec { timeout: Some(Duration::from_millis(300)), ..sh("echo early; exec sleep 10") });
    assert!(start.elapsed() < Duration::from_secs(5));
    match r {
        Err(Failure::Timeout { stdout, stderr }) => {
            assert_eq!(stdout.as_deref(), Some(&b"early\n"[..]));
            assert_eq!(stderr, None);
        }
        _ => panic!("expected a timeout"),
    }
}

#[test]
fn missing_program_is_enoent() {
    let spec = Spec { program: "/nonexistent/prog".into(), argv: vec!["/nonexistent/prog".into()], ..sh("") };
    match run(spec) {
        Err(Failure::Spawn(e)) => assert_eq!(e.raw_os_error(), Some(libc::ENOENT)),
        _ => panic!("expected ENOENT"),
    }
}

#[test]
fn bad_cwd_is_reported_as_such() {
    match run(Spec { cwd: Some("/no/such/dir".into()), ..sh("true") }) {
        Err(Failure::Cwd(e)) => assert_eq!(e.raw_os_error(), Some(libc::ENOENT)),
        _ => panic!("expected a cwd failure"),
    }
    match run(Spec { cwd: Some("/etc/passwd".into()), ..sh("true") }) {
        Err(Failure::Cwd(e)) => assert_eq!(e.raw_os_error(), Some(libc::ENOTDIR)),
        _ => panic!("expected ENOTDIR"),
    }
}

#[test]
fn programs_are_looked_up_in_the_childs_path() {
    let bare = |name: &str, path: Option<&str>| Spec {
        env: path.map(|p| vec![("PATH".into(), p.into())]),
        ..Spec::new(name.into(), vec![name.into()])
    };
    assert!(check_program(&bare("sh", None)).is_ok());
    assert!(check_program(&bare("sh", Some("/nonexistent:/bin"))).is_ok());
    assert!(check_program(&bare("sh", Some("/nonexistent"))).is_err());
    assert!(check_program(&bare("no-such-program-anywhere", None)).is_err());
    assert!(check_program(&Spec { cwd: Some("/bin".into()), ..bare("./sh", None) }).is_ok());
    assert!(check_program(&bare("", None)).is_err());
}

#[test]
fn fd_zero_and_one_are_never_handed_out() {
    let fd = dup_fd(1).expect("dup").expect("a descriptor");
    assert_ne!(fd.as_raw_fd(), 1);
    assert!(dup_fd(0).expect("dup").is_none());
    assert_eq!(dup_fd(-5).err().and_then(|e| e.raw_os_error()), Some(libc::EBADF));
    assert_eq!(dup_fd(1 << 40).err().and_then(|e| e.raw_os_error()), Some(libc::EBADF));
}

#[test]
fn new_session_umask_and_passed_descriptors() {
    // Fields after the command name in /proc/PID/stat: state, ppid, pgrp, session.
    let stat = |o: Output| -> Vec<i64> {
        let text = String::from_utf8_lossy(o.stdout.as_deref().unwrap_or_default()).into_owned();
        let (_, rest) = text.rsplit_once(')').expect("a stat line");
        rest.split_whitespace().skip(1).take(3).map(|f| f.parse().expect("a number")).collect()
    };
    let [_, pgrp, session] = stat(ok(Spec { new_session: true, ..sh("cat /proc/$$/stat") }))[..] else {
        panic!("three fields")
    };
    assert_eq!(pgrp, session, "a new session's leader is its own group");
    let [_, _, session] = stat(ok(sh("cat /proc/$$/stat")))[..] else { panic!("three fields") };
    assert_ne!(session, pgrp);
    let o = ok(Spec { umask: Some(0o027), ..sh("umask") });
    assert_eq!(o.stdout.as_deref(), Some(&b"0027\n"[..]));
    let (r, w) = pipe().expect("pipe");
    let script = format!("echo passed > /proc/$$/fd/{}", w.as_raw_fd());
    let o = ok(Spec { pass_fds: vec![w.as_raw_fd()], ..sh(&script) });
    assert_eq!(o.returncode, 0);
    drop(w);
    let mut got = String::new();
    File::from(r).read_to_string(&mut got).expect("read");
    assert_eq!(got, "passed\n");
    match run(Spec { pass_fds: vec![1 << 20], ..sh("true") }) {
        Err(Failure::Io(e)) => assert_eq!(e.raw_os_error(), Some(libc::EBADF)),
        _ => panic!("expected EBADF"),
    }
}

#[test]
fn descriptors_not_passed_stay_closed() {
    let (_r, w) = pipe().expect("pipe");
    // /proc/$$/fd/N rather than >&N: dash takes only single-digit numbers.
    let script = format!("[ -e /proc/$$/fd/{} ] && echo open || echo closed", w.as_raw_fd());
    assert_eq!(ok(sh(&script)).stdout.as_deref(), Some(&b"closed\n"[..]));
}

#[test]
fn a_failed_setup_is_not_a_failed_exec() {
    if super::super::ids::geteuid() == 0 {
        let o = ok(Spec { uid: Some(65534), gid: Some(65534), groups: Some(vec![]), ..sh("id -u; id -G") });
        assert_eq!(o.stdout.as_deref(), Some(&b"65534\n65534\n"[..]));
        // More groups than the kernel takes: the setup fails in the child.
        match run(Spec { groups: Some(vec![0; 1 << 17]), ..sh("true") }) {
            Err(Failure::Setup(e)) => assert_eq!(e.raw_os_error(), Some(libc::EINVAL)),
            _ => panic!("expected a setup failure"),
        }
    } else {
        match run(Spec { uid: Some(0), ..sh("true") }) {
            Err(Failure::Setup(e)) => assert_eq!(e.raw_os_error(), Some(libc::EPERM)),
            _ => panic!("expected a setup failure"),
        }
    }
    // A missing program is still an exec failure with a setup installed.
    let missing = Spec { umask: Some(0o22), ..Spec::new("/no/such/prog".into(), vec!["/no/such/prog".into()]) };
    assert!(matches!(run(missing), Err(Failure::Spawn(_))));
}
