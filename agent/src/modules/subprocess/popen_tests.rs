//! `Popen` through the interpreter, as a script on the agent drives it.

use crate::interp::{eval, execute};
use crate::objects::testing::with_cx;
use crate::platform::process;
use crate::runtime::context::Cx;
use crate::runtime::semantics;

fn run(cx: &Cx, src: &str) -> String {
    match eval(cx, src) {
        Ok(v) => semantics::repr(cx, &v).unwrap_or_else(|e| format!("!{}", e.class().name)),
        Err(e) => format!("!{}: {}", e.class().name, e.message(cx)),
    }
}

#[test]
fn pipes_both_ways_and_communicate() {
    with_cx(|cx| {
        execute(cx, "import subprocess as sp\np = sp.Popen(['cat'], stdin=sp.PIPE, stdout=sp.PIPE, stderr=sp.PIPE)")
            .expect("starts");
        assert_eq!(run(cx, "repr(p)"), "\"<Popen: returncode: None args: ['cat']>\"");
        assert!(run(cx, "repr(p.stdin)").starts_with("'<_io.BufferedWriter name="));
        assert_eq!(run(cx, "p.stdout.mode, p.stdin.mode, p.pid > 0"), "('rb', 'wb', True)");
        assert_eq!(run(cx, "p.communicate(b'hi')"), "(b'hi', b'')");
        assert_eq!(
            run(cx, "p.returncode, p.stdout.closed, p.stdin.closed, p.poll(), p.wait()"),
            "(0, True, True, 0, 0)"
        );
        execute(cx, "p = sp.Popen(['cat'], stdin=sp.PIPE, stdout=sp.PIPE, text=True)").expect("starts");
        assert_eq!(run(cx, "p.stdout.encoding, p.text_mode, p.universal_newlines"), "('UTF-8', True, True)");
        assert_eq!(run(cx, "p.stdout.mode"), "!AttributeError: '_io.TextIOWrapper' object has no attribute 'mode'");
        execute(cx, "p.stdin.write('a\\r\\nb\\n')\np.stdin.close()").expect("writes");
        assert_eq!(run(cx, "p.stdout.readline(), p.stdout.read(), p.wait()"), "('a\\n', 'b\\n', 0)");
        execute(cx, "p = sp.Popen(['printf', 'a\\\\nb\\\\nc'], stdout=sp.PIPE)").expect("starts");
        assert_eq!(run(cx, "list(p.stdout), p.wait()"), "([b'a\\n', b'b\\n', b'c'], 0)");
        execute(cx, "p = sp.Popen(['cat'], stdin=sp.PIPE, stdout=sp.PIPE, bufsize=0)").expect("starts");
        assert!(run(cx, "repr(p.stdout)").contains("_io.FileIO"));
        assert_eq!(
            run(cx, "p.communicate('str')"),
            "!TypeError: memoryview: a bytes-like object is required, not 'str'"
        );
        assert_eq!(run(cx, "p.kill(), p.wait()"), "(None, -9)");
    });
}

#[test]
fn timeouts_leave_the_child_running() {
    with_cx(|cx| {
        execute(cx, "import subprocess as sp\np = sp.Popen('echo a; exec sleep 5', shell=True, stdout=sp.PIPE)")
            .expect("starts");
        assert_eq!(
            run(cx, "p.communicate(timeout=0.5)"),
            "!TimeoutExpired: Command 'echo a; exec sleep 5' timed out after 0.5 seconds"
        );
        execute(cx, "try:\n    p.communicate(timeout=0.1)\nexcept sp.TimeoutExpired as e:\n    err = e")
            .expect("times out");
        assert_eq!(
            run(cx, "err.output, err.stdout, err.stderr, err.timeout, p.poll()"),
            "(b'a\\n', b'a\\n', None, 0.1, None)"
        );
        assert_eq!(run(cx, "p.communicate(input=b'x')"), "!ValueError: Cannot send input after starting communication");
        assert_eq!(run(cx, "p.kill(), p.communicate(), p.returncode"), "(None, (b'a\\n', None), -9)");
        execute(cx, "q = sp.Popen(['sleep', '10'])").expect("starts");
        assert_eq!(
            run(cx, "q.wait(timeout=0.2)"),
            "!TimeoutExpired: Command '['sleep', '10']' timed out after 0.2 seconds"
        );
        assert_eq!(run(cx, "q.terminate(), q.wait(), q.send_signal(9)"), "(None, -15, None)");
        assert_eq!(
            run(cx, "sp.Popen(['true'], timeout=1)"),
            "!TypeError: Popen.__init__() got an unexpected keyword argument 'timeout'"
        );
        let missing = run(cx, "sp.Popen(['no-such-program-rpyc'])");
        assert_eq!(missing, "!FileNotFoundError: [Errno 2] No such file or directory: 'no-such-program-rpyc'");
    });
}

#[test]
fn with_waits_and_a_dropped_popen_is_reaped() {
    with_cx(|cx| {
        execute(
            cx,
            "import subprocess as sp\nwith sp.Popen(['echo', 'x'], stdout=sp.PIPE) as p:\n    out = p.stdout.read()",
        )
        .expect("runs");
        assert_eq!(run(cx, "out, p.returncode, p.stdout.closed"), "(b'x\\n', 0, True)");
        execute(cx, "p = sp.Popen(['sleep', '0.3'])\npid = p.pid\ndel p").expect("drops");
        assert!(process::orphans() >= 1, "the dropped child waits for the reaper");
        let pid = match eval(cx, "pid") {
            Ok(crate::runtime::value::Py::Int(n)) => n,
            other => panic!("a pid: {}", other.is_ok()),
        };
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        while std::path::Path::new(&format!("/proc/{pid}")).exists() && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        assert!(!std::path::Path::new(&format!("/proc/{pid}")).exists(), "child {pid} reaped");
    });
}
