"""conn.eval / conn.execute run real Python: statements, functions defined
remotely and called from the client, comprehensions, closures."""

import pytest


def test_functions_defined_by_execute_are_callable_from_the_client(conn):
    conn.execute(
        "def fib(n):\n"
        "    return n if n < 2 else fib(n - 1) + fib(n - 2)\n"
        "def greet(name, *, punct='!'):\n"
        "    return f'hello {name}{punct}'\n"
    )
    assert conn.namespace["fib"](20) == 6765
    assert conn.namespace["greet"]("admin") == "hello admin!"
    assert conn.namespace["greet"]("x", punct="?") == "hello x?"
    with pytest.raises(TypeError):
        conn.namespace["greet"]()


def test_remote_functions_as_callbacks_of_remote_builtins(conn):
    conn.execute("def by_len(s):\n    return len(s)\nwords = ['ccc', 'a', 'bb']")
    assert list(conn.eval("sorted(words, key=by_len)")) == ["a", "bb", "ccc"]
    b = conn.modules.builtins
    assert list(b.sorted(conn.namespace["words"], key=conn.namespace["by_len"])) == ["a", "bb", "ccc"]


def test_local_callbacks_reach_the_client(conn):
    b = conn.modules.builtins
    assert list(b.sorted(["bb", "a", "ccc"], key=len)) == ["a", "bb", "ccc"]
    assert list(b.map(lambda x: x * 2, [1, 2, 3])) == [2, 4, 6]


def test_control_flow_and_comprehensions(conn):
    conn.execute(
        "out = []\n"
        "for i in range(10):\n"
        "    if i % 3 == 0:\n"
        "        continue\n"
        "    if i > 7:\n"
        "        break\n"
        "    out.append(i)\n"
        "else:\n"
        "    out.append('no-break')\n"
        "squares = {n: n * n for n in out if n % 2}\n"
        "gen_total = sum(x for x in out)\n"
        "n = 0\n"
        "while n < 3:\n"
        "    n += 1\n"
    )
    ns = conn.namespace
    assert list(ns["out"]) == [1, 2, 4, 5, 7]
    assert dict(ns["squares"]) == {1: 1, 5: 25, 7: 49}
    assert ns["gen_total"] == 19
    assert ns["n"] == 3


def test_closures_and_nonlocal(conn):
    conn.execute(
        "def make_counter():\n"
        "    count = 0\n"
        "    def step(by=1):\n"
        "        nonlocal count\n"
        "        count += by\n"
        "        return count\n"
        "    return step\n"
        "c = make_counter()\n"
    )
    c = conn.namespace["c"]
    assert c() == 1
    assert c(5) == 6


def test_methods_of_plain_values(conn):
    assert list(conn.eval("'a,b,c'.split(',')")) == ["a", "b", "c"]
    assert conn.eval("'%d items' % 3") == "3 items"
    assert conn.eval("'{}-{}'.format(1, 2)") == "1-2"
    assert conn.eval("f'{3.14159:.2f}'") == "3.14"
    assert conn.eval("[3, 1, 2].index(2)") == 2
    assert conn.eval("{'a': 1}.get('b', 0)") == 0


def test_with_statement_and_context_managers(conn, tmp_path):
    p = str(tmp_path / "f.txt")
    conn.namespace["p"] = p
    conn.execute("with open(p, 'w') as f:\n    f.write('hi\\n')\nwith open(p) as f:\n    text = f.read()")
    assert conn.namespace["text"] == "hi\n"


def test_unsupported_constructs_raise_syntax_error(conn, server):
    if server.kind == "python":
        pytest.skip("CPython supports classes")
    with pytest.raises(SyntaxError, match="class"):
        conn.execute("class A:\n    pass")


def test_an_endless_loop_stops_when_its_connection_closes(server):
    import rpyc
    import time

    if server.kind == "python":
        pytest.skip("CPython's server keeps running the loop in its thread")
    c = rpyc.classic.connect(server.host, server.port)
    rpyc.async_(c.root.execute)("while True:\n    pass")
    time.sleep(0.2)
    c.close()
    # The server keeps serving others.
    c2 = rpyc.classic.connect(server.host, server.port)
    assert c2.eval("1 + 1") == 2
    c2.close()
