"""subprocess.Popen: pipes both ways, communicate with input and with
timeouts (the partial output in TimeoutExpired, the child still running
until killed), wait/poll/returncode, signals, text mode, bufsize, cwd,
env, shell, file objects read line by line, errors; the same through
netrefs (``M.subprocess``), as an admin script drives a remote child."""

from cases import family

SP = "import subprocess as sp\n"
# fmt: off
FIXED = [
    SP + "p = sp.Popen(['cat'], stdin=sp.PIPE, stdout=sp.PIPE, stderr=sp.PIPE)\nresult = p.communicate(b'hi'), "
         "p.returncode, p.stdout.closed",
    SP + "p = sp.Popen(['cat'], stdin=sp.PIPE, stdout=sp.PIPE, text=True)\nresult = p.communicate('a\\r\\nb\\rc\\n"
         "'), p.returncode",
    SP + "p = sp.Popen(['cat'], stdin=sp.PIPE, stdout=sp.PIPE, text=True, encoding='latin-1')\nresult = "
         "p.communicate('é'), p.stdout.encoding",
    SP + "p = sp.Popen(['sh', '-c', 'echo out; echo err >&2; exit 3'], stdout=sp.PIPE, stderr=sp.PIPE)\nresult = "
         "p.communicate(), p.wait(), p.poll()",
    SP + "p = sp.Popen(['sh', '-c', 'echo out; echo err >&2'], stdout=sp.PIPE, stderr=sp.STDOUT)\nresult = "
         "p.communicate(), p.stderr",
    SP + "p = sp.Popen(['echo', 'x'], stdout=sp.DEVNULL)\nresult = p.communicate(), p.wait()",
    SP + "p = sp.Popen('echo a; exec sleep 5', shell=True, stdout=sp.PIPE)\ntry:\n    p.communicate(timeout=0.5)\n"
         "except sp.TimeoutExpired as e:\n    err = e\nresult = (repr(err), err.output, err.stdout, err.stderr, "
         "err.timeout, p.poll())\np.kill()\nresult += (p.communicate(), p.returncode)",
    SP + "p = sp.Popen(['sleep', '5'], stdout=sp.PIPE)\ntry:\n    p.communicate(timeout=0.2)\nexcept "
         "sp.TimeoutExpired as e:\n    first = (e.output, e.cmd)\ntry:\n    p.communicate(input=b'x')\nexcept "
         "ValueError as e:\n    second = str(e)\np.kill()\nresult = first, second, p.communicate(), p.returncode",
    SP + "p = sp.Popen(['sleep', '5'])\ntry:\n    p.wait(timeout=0.2)\nexcept sp.TimeoutExpired as e:\n    err = "
         "str(e)\np.terminate()\nresult = err, p.wait(), repr(p)",
    SP + "p = sp.Popen(['sleep', '5'])\np.send_signal(9)\nresult = p.wait(), p.returncode, p.send_signal(15), p.kill()",
    SP + "p = sp.Popen(['true'])\nresult = p.wait(), p.poll(), p.returncode, p.args",
    SP + "with sp.Popen(['echo', 'x'], stdout=sp.PIPE) as p:\n    out = p.stdout.read()\nresult = out, p.returncode, "
         "p.stdout.closed",
    SP + "p = sp.Popen(['printf', 'a\\\\nb\\\\nc'], stdout=sp.PIPE)\nresult = list(p.stdout), p.wait()",
    SP + "p = sp.Popen(['printf', 'abc\\\\ndef'], stdout=sp.PIPE)\nresult = p.stdout.read(2), p.stdout.readline(), "
         "p.stdout.read(), p.wait()",
    SP + "p = sp.Popen(['printf', 'l1\\\\nl2\\\\n'], stdout=sp.PIPE, text=True)\nresult = [line for line in "
         "p.stdout], p.wait()",
    SP + "p = sp.Popen(['cat'], stdin=sp.PIPE, stdout=sp.PIPE)\np.stdin.write(b'one\\n')\np.stdin.flush()\nfirst = "
         "p.stdout.readline()\nresult = first, p.communicate(b'two'), p.returncode",
    SP + "p = sp.Popen(['cat'], stdin=sp.PIPE, stdout=sp.PIPE, bufsize=0)\nresult = type(p.stdin).__name__, "
         "type(p.stdout).__name__, p.stdin.mode, p.communicate(b'z')",
    SP + "p = sp.Popen(['cat'], stdin=sp.PIPE, stdout=sp.PIPE)\nresult = type(p.stdin).__name__, "
         "type(p.stdout).__name__, p.stdout.mode\np.kill()\np.wait()",
    SP + "p = sp.Popen(['cat'], stdin=sp.PIPE, stdout=sp.PIPE, text=True)\nresult = type(p.stdout).__name__, "
         "p.stdout.encoding, p.text_mode, p.universal_newlines\np.kill()\np.wait()",
    SP + "p = sp.Popen(['cat'], stdin=sp.PIPE, stdout=sp.PIPE)\ntry:\n    p.communicate('str')\nexcept TypeError as "
         "e:\n    result = str(e)\np.kill()\np.wait()",
    SP + "p = sp.Popen(['pwd'], stdout=sp.PIPE, cwd='/')\nresult = p.communicate()",
    SP + "p = sp.Popen(['sh', '-c', 'echo $DIFFTEST_VAR'], stdout=sp.PIPE, env={'DIFFTEST_VAR': 'v1', 'PATH': "
         "'/usr/bin:/bin'})\nresult = p.communicate()",
    SP + "p = sp.Popen('echo $0 $1', shell=True, stdout=sp.PIPE)\nresult = p.communicate()",
    SP + "p = sp.Popen(['sh', '-c', 'exit 7'])\nresult = p.wait()",
    SP + "p = sp.Popen(['sh', '-c', 'kill -9 $$'])\nresult = p.wait()",
    SP + "p = sp.Popen(['sh', '-c', 'cut -d\" \" -f6 /proc/$$/stat; echo $$'], stdout=sp.PIPE, "
         "start_new_session=True)\nsid, pid = p.communicate()[0].split()\nresult = sid == pid",
    SP + "result = sp.Popen(['no-such-program-difftest'])",
    SP + "result = sp.Popen(['true'], cwd='/no/such/dir')",
    SP + "result = sp.Popen(['true'], timeout=1)",
    SP + "result = sp.Popen(['true'], input=b'')",
    SP + "result = sp.Popen(['true'], stdin=sp.PIPE, text=True, universal_newlines=False)",
    SP + "result = sp.Popen([])",
    SP + "p = sp.Popen(['true'])\np.wait()\nresult = repr(p)",
    SP + "p = sp.Popen(['true'] * 30)\np.wait()\nresult = repr(p)",
    SP + "p = sp.Popen(['sh', '-c', 'echo $$'], stdout=sp.PIPE)\nout, _ = p.communicate()\nresult = int(out) == p.pid",
    ("proxy", "import subprocess", "M.subprocess.Popen(['echo', 'hi'], stdout=M.subprocess.PIPE).communicate()"),
    ("proxy", "import subprocess", "[(p := M.subprocess.Popen(['printf', 'a\\nb\\n'], stdout=M.subprocess.PIPE)), "
                                   "[line for line in p.stdout], p.wait()][1:]"),
    ("proxy", "import subprocess", "[(p := M.subprocess.Popen(['cat'], stdin=M.subprocess.PIPE, "
                                   "stdout=M.subprocess.PIPE)), p.communicate(b'data', timeout=5), p.returncode][1:]"),
    ("proxy", "import subprocess", "[(p := M.subprocess.Popen(['sleep', '5'])), p.poll(), p.kill(), p.wait()][1:]"),
    ("proxy", "import subprocess", "M.subprocess.Popen(['sleep', '5'], "
                                   "stdout=M.subprocess.PIPE).communicate(timeout=0.3)"),
    ("proxy", "import subprocess", "M.subprocess.Popen(['no-such-program-difftest'])"),
    ("proxy", "import subprocess", "[(p := M.subprocess.Popen(['cat'], stdin=M.subprocess.PIPE, "
                                   "stdout=M.subprocess.PIPE, text=True)), p.stdin.write('x\\n'), p.stdin.flush(), "
                                   "p.stdout.readline(), p.stdin.close(), p.wait()][1:]"),
]
# fmt: on


SCRIPTS = [
    "echo out",
    "echo err >&2",
    "printf 'no newline'",
    "cat",
    "exit 2",
    "echo a; echo b >&2; exit 1",
    "printf 'x\\r\\ny\\r'",
    "head -c 100000 /dev/zero | tr '\\\\0' a",
]


def draw(rng):
    script = rng.choice(SCRIPTS)
    stdin = rng.choice(["None", "sp.PIPE", "sp.DEVNULL"])
    # Never None: a child would write into the server's (or the harness's) own streams.
    stdout = rng.choice(["sp.PIPE", "sp.DEVNULL"])
    stderr = rng.choice(["sp.PIPE", "sp.STDOUT", "sp.DEVNULL"])
    text = rng.choice(["False", "True"])
    if "cat" in script and stdin == "None":
        stdin = "sp.DEVNULL"  # never the server's own stdin
    inp = rng.choice(["None", "b'input\\n'", "'text\\n'", "''"])
    if stdin != "sp.PIPE" and inp != "None":
        inp = "None"
    if text == "False" and inp.startswith("'"):
        inp = "b" + inp
    if text == "True" and inp.startswith("b"):
        inp = inp[1:]
    return (
        "exec",
        SP + f"p = sp.Popen(['sh', '-c', {script!r}], stdin={stdin}, stdout={stdout}, stderr={stderr}, "
        f"text={text})\n"
        f"out, err = p.communicate({inp})\nresult = (out if out is None else len(out), out if out "
        f"is None or len(out) < 100 else out[:20], err, p.returncode)",
    )


family("mod_subprocess", __doc__, lambda: FIXED, draw, weight=2, suite="stdlib")
