"""subprocess on the server: run, check, timeout, check_output, getstatusoutput, cwd/env/input."""

import os
import subprocess

import pytest
import rpyc


def test_run_capture_text(conn):
    r = conn.modules.subprocess.run(["echo", "hi"], capture_output=True, text=True)
    assert r.stdout == "hi\n"
    assert r.stderr == ""
    assert r.returncode == 0
    assert r.args == ["echo", "hi"]
    assert list(r.args) == ["echo", "hi"]
    r.check_returncode()


def test_run_capture_bytes_and_stderr(conn):
    r = conn.modules.subprocess.run(
        ["sh", "-c", "printf out; printf err >&2; exit 4"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert r.stdout == b"out"
    assert r.stderr == b"err"
    assert r.returncode == 4


def test_run_check_raises_called_process_error(conn):
    cmd = ["sh", "-c", "echo out; echo err >&2; exit 3"]
    with pytest.raises(subprocess.CalledProcessError) as info:
        conn.modules.subprocess.run(cmd, check=True, capture_output=True, text=True)
    e = info.value
    assert isinstance(e, subprocess.SubprocessError)
    assert e.returncode == 3
    assert e.output == "out\n"
    assert e.stdout == "out\n"
    assert e.stderr == "err\n"
    # The list was passed by reference, and rpyc sends a non-brinable attr as its repr.
    assert e.cmd == repr(cmd)


def test_run_check_with_tuple_cmd(conn):
    cmd = ("false",)
    with pytest.raises(subprocess.CalledProcessError) as info:
        conn.modules.subprocess.run(cmd, check=True)
    assert info.value.returncode == 1
    assert info.value.cmd == cmd
    assert info.value.output is None


def test_run_timeout_raises_timeout_expired(conn):
    with pytest.raises(subprocess.TimeoutExpired) as info:
        conn.modules.subprocess.run(("sleep", "5"), timeout=0.3)
    # run() hands communicate() what is left of the timeout.
    assert 0.1 < info.value.timeout <= 0.3
    assert info.value.cmd == ("sleep", "5")


def test_check_output(conn):
    rsub = conn.modules.subprocess
    assert rsub.check_output(["echo", "hi"]) == b"hi\n"
    assert rsub.check_output(["echo", "hi"], text=True) == "hi\n"
    with pytest.raises(subprocess.CalledProcessError) as info:
        rsub.check_output(("sh", "-c", "echo partial; exit 2"))
    assert info.value.returncode == 2
    assert info.value.output == b"partial\n"


def test_getstatusoutput(conn):
    rsub = conn.modules.subprocess
    assert rsub.getstatusoutput("echo out; exit 3") == (3, "out")
    assert rsub.getstatusoutput("echo ok") == (0, "ok")
    assert rsub.getoutput("echo a; echo b") == "a\nb"


def test_run_cwd(conn, tmp_path):
    r = conn.modules.subprocess.run(["pwd", "-P"], cwd=str(tmp_path), capture_output=True, text=True)
    assert r.stdout == os.path.realpath(tmp_path) + "\n"


def test_run_env(conn):
    env = {"FOO": "bar baz", "PATH": os.environ["PATH"]}
    r = conn.modules.subprocess.run(["sh", "-c", 'echo "$FOO|${HOME-unset}"'], env=env, capture_output=True, text=True)
    assert r.stdout == "bar baz|unset\n"


def test_run_input(conn):
    rsub = conn.modules.subprocess
    r = rsub.run(["cat"], input="abc\ndef", capture_output=True, text=True)
    assert r.stdout == "abc\ndef"
    r = rsub.run(["wc", "-c"], input=b"\x00" * 1000, capture_output=True)
    assert r.stdout.strip() == b"1000"


def test_run_shell_string(conn):
    r = conn.modules.subprocess.run("echo $((6*7))", shell=True, capture_output=True, text=True)
    assert r.stdout == "42\n"
    assert r.args == "echo $((6*7))"


def test_run_missing_program(conn):
    with pytest.raises(FileNotFoundError) as info:
        conn.modules.subprocess.run(["no-such-program-xyz"])
    assert info.value.errno == 2
    assert info.value.filename == "no-such-program-xyz"


def test_exception_classes_are_remote_classes(conn):
    rsub = conn.modules.subprocess
    e = rsub.CalledProcessError(1, "x", output="o")
    assert str(e) == "Command 'x' returned non-zero exit status 1."
    assert e.stdout == "o"
    assert e.args == (1, "x")
    assert str(rsub.CalledProcessError(-9, ["a"])) == "Command '['a']' died with <Signals.SIGKILL: 9>."
    assert str(rsub.TimeoutExpired("x", 1.5)) == "Command 'x' timed out after 1.5 seconds"
    assert issubclass(rsub.CalledProcessError, rsub.SubprocessError)


def test_killed_command_names_its_signal(conn):
    with pytest.raises(subprocess.CalledProcessError) as info:
        conn.modules.subprocess.run("kill -9 $$", shell=True, check=True)
    assert info.value.returncode == -9
    # rpyc appends the remote traceback to the message.
    assert str(info.value).splitlines()[0] == "Command 'kill -9 $$' died with <Signals.SIGKILL: 9>."


def test_completed_process_repr_and_obtain(conn):
    rsub = conn.modules.subprocess
    assert repr(rsub.run(("true",))) == "CompletedProcess(args=('true',), returncode=0)"
    local = rpyc.classic.obtain(rsub.run(("echo", "x"), capture_output=True))
    assert isinstance(local, subprocess.CompletedProcess)
    assert (local.args, local.returncode, local.stdout, local.stderr) == (("echo", "x"), 0, b"x\n", b"")
