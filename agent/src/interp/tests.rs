//! The interpreter on small programs: each result is compared with what
//! CPython 3.11 prints (`repr` of the value, or `Class: message`).

use crate::objects::testing::{cx, on_agent_stack};
use crate::runtime::semantics;

/// `repr(eval(src))`, or the exception as `Class: message`.
fn ev(src: &str) -> String {
    let cx = cx();
    match super::eval(&cx, src) {
        Ok(v) => semantics::repr(&cx, &v).unwrap_or_else(|e| format!("repr failed: {e:?}")),
        Err(e) => format!("{}: {}", e.class().name, e.message(&cx)),
    }
}

/// Runs `src`, then `repr(eval(result))`, on the agent's stack.
fn run(src: &str, result: &str) -> String {
    on_agent_stack(|| run_here(src, result))
}

fn run_here(src: &str, result: &str) -> String {
    let cx = cx();
    if let Err(e) = super::execute(&cx, src) {
        return format!("{}: {}", e.class().name, e.message(&cx));
    }
    match super::eval(&cx, result) {
        Ok(v) => semantics::repr(&cx, &v).unwrap_or_else(|e| format!("repr failed: {e:?}")),
        Err(e) => format!("{}: {}", e.class().name, e.message(&cx)),
    }
}

#[test]
fn expressions() {
    for (src, want) in [
        ("1 + 2 * 3", "7"),
        ("bool([])", "False"),
        ("[1] == [1.0]", "True"),
        ("{3, 1, 2}", "{1, 2, 3}"),
        ("[x * x for x in range(5)]", "[0, 1, 4, 9, 16]"),
        ("sum(x for x in range(10))", "45"),
        ("(lambda a, b=2: a * b)(3)", "6"),
        ("{'a': 1, **{'b': 2}}", "{'a': 1, 'b': 2}"),
        ("sorted([3, 1, 2], reverse=True)", "[3, 2, 1]"),
        ("f'{1 + 1}'", "'2'"),
        ("divmod(-7, 2)", "(-4, 1)"),
        ("max([], default=5)", "5"),
        ("list(zip([1, 2], [3, 4]))", "[(1, 3), (2, 4)]"),
        ("1 < 2 < 3", "True"),
        ("'x' in {'x': 1}", "True"),
        ("isinstance(ValueError(), Exception)", "True"),
        ("repr(ValueError('bad'))", "\"ValueError('bad')\""),
        ("type(1)", "<class 'int'>"),
        ("int('ff', 16)", "255"),
        ("round(2.5)", "2"),
        ("2 ** 100", "1267650600228229401496703205376"),
        ("{k: v for k, v in [(1, 'a'), (2, 'b')]}", "{1: 'a', 2: 'b'}"),
        ("[(i, j) for i in range(3) for j in range(i)]", "[(1, 0), (2, 0), (2, 1)]"),
        ("(y := 10) + y", "20"),
        ("[1, 2, 3][::-1]", "[3, 2, 1]"),
        ("(1, 2) + (3,)", "(1, 2, 3)"),
        ("'abc'[1]", "'b'"),
        ("not None", "True"),
        ("1 if [] else 2", "2"),
        ("[] or {} or 0 or 'x'", "'x'"),
        ("undefined_name", "NameError: name 'undefined_name' is not defined"),
        ("1 / 0", "ZeroDivisionError: division by zero"),
        ("{}['k']", "KeyError: 'k'"),
        ("[1][5]", "IndexError: list index out of range"),
        ("None + 1", "TypeError: unsupported operand type(s) for +: 'NoneType' and 'int'"),
        ("'a' + 1", "TypeError: can only concatenate str (not \"int\") to str"),
        ("frozenset([1, 2]) == {2, 1}", "True"),
        ("{1, 2} | {3}", "{1, 2, 3}"),
        ("dict(a=1).items()", "dict_items([('a', 1)])"),
        ("list(reversed(range(3)))", "[2, 1, 0]"),
        ("list(enumerate('ab', 1))", "[(1, 'a'), (2, 'b')]"),
        ("list(map(lambda x: x + 1, [1, 2]))", "[2, 3]"),
        ("list(filter(None, [0, 1, 2]))", "[1, 2]"),
        ("any(x > 2 for x in range(10**9))", "True"),
        ("hash(1) == hash(1.0) == hash(True)", "True"),
        ("issubclass(KeyError, LookupError)", "True"),
        ("min(['bb', 'a', 'ccc'], key=len)", "'a'"),
        ("abs(-3.5)", "3.5"),
        ("hex(255), oct(8), bin(5)", "('0xff', '0o10', '0b101')"),
        ("chr(65) + str(ord('a'))", "'A97'"),
        ("[*range(3), *'ab']", "[0, 1, 2, 'a', 'b']"),
    ] {
        assert_eq!(ev(src), want, "{src}");
    }
}

#[test]
fn statements_and_functions() {
    let fib = "def fib(n):\n    if n < 2:\n        return n\n    return fib(n - 1) + fib(n - 2)\n";
    assert_eq!(run(fib, "[fib(i) for i in range(10)]"), "[0, 1, 1, 2, 3, 5, 8, 13, 21, 34]");
    let loops =
        "total = 0\nfor i in range(10):\n    if i % 2:\n        continue\n    total += i\nelse:\n    total += 1000\n";
    assert_eq!(run(loops, "total"), "1020");
    let brk = "n = 0\nwhile True:\n    n += 1\n    if n == 5:\n        break\nelse:\n    n = -1\n";
    assert_eq!(run(brk, "n"), "5");
    let tr = "try:\n    1/0\nexcept ZeroDivisionError as e:\n    err = str(e)\nelse:\n    err = 'none'\nfinally:\n    done = True\n";
    assert_eq!(run(tr, "(err, done)"), "('division by zero', True)");
    let closure = "def counter():\n    n = 0\n    def inc():\n        nonlocal n\n        n += 1\n        return n\n    return inc\ninc = counter(); inc(); inc()\nthird = inc()\n";
    assert_eq!(run(closure, "third"), "3");
    let args = "def f(a, b=2, *rest, c, d=4, **kw):\n    return (a, b, rest, c, d, kw)\n";
    assert_eq!(run(args, "f(1, c=3)"), "(1, 2, (), 3, 4, {})");
    assert_eq!(run(args, "f(1, 2, 3, 4, c=5, z=6)"), "(1, 2, (3, 4), 5, 4, {'z': 6})");
    assert_eq!(run(args, "f()"), "TypeError: f() missing 1 required positional argument: 'a'");
    assert_eq!(run(args, "f(1)"), "TypeError: f() missing 1 required keyword-only argument: 'c'");
    assert_eq!(run("def g(x): return x\n", "g(1, 2)"), "TypeError: g() takes 1 positional argument but 2 were given");
    assert_eq!(run("def g(x): return x\n", "g(y=1)"), "TypeError: g() got an unexpected keyword argument 'y'");
    let raise = "try:\n    raise ValueError('a') from KeyError('b')\nexcept ValueError as e:\n    c = e.__cause__\n";
    assert_eq!(run(raise, "repr(c)"), "\"KeyError('b')\"");
    let unpack = "a, *b, c = range(5)\n(x, y), z = (1, 2), 3\n";
    assert_eq!(run(unpack, "(a, b, c, x, y, z)"), "(0, [1, 2, 3], 4, 1, 2, 3)");
    let glob = "g = 1\ndef setg():\n    global g\n    g = 2\nsetg()\n";
    assert_eq!(run(glob, "g"), "2");
    let deco = "def twice(f):\n    return lambda x: f(f(x))\n@twice\ndef inc(x):\n    return x + 1\n";
    assert_eq!(run(deco, "inc(0)"), "2");
    let comp_scope = "x = 'outer'\nys = [x for x in range(3)]\n";
    assert_eq!(run(comp_scope, "(x, ys)"), "('outer', [0, 1, 2])");
    let gen_closure = "def f():\n    k = 10\n    return [k + i for i in range(3)]\n";
    assert_eq!(run(gen_closure, "f()"), "[10, 11, 12]");
    let unbound = "def f():\n    print(x)\n    x = 1\n";
    assert_eq!(
        run(unbound, "f()"),
        "UnboundLocalError: cannot access local variable 'x' where it is not associated with a value"
    );
    let reraise = "try:\n    try:\n        {}['k']\n    except KeyError:\n        raise\nexcept LookupError as e:\n    r = repr(e)\n";
    assert_eq!(run(reraise, "r"), "\"KeyError('k')\"");
    let ctx = "try:\n    try:\n        1/0\n    except ZeroDivisionError:\n        raise ValueError('v')\nexcept ValueError as e:\n    ctx = type(e.__context__).__name__\n";
    assert_eq!(run(ctx, "ctx"), "'ZeroDivisionError'");
    assert_eq!(run("assert 1 == 2, 'nope'\n", "0"), "AssertionError: nope");
    assert_eq!(run("import builtins as b\nfrom builtins import len as l\n", "l([1]) + b.len('ab')"), "3");
    assert_eq!(run("def f(n):\n    return f(n + 1)\n", "f(0)"), "RecursionError: maximum recursion depth exceeded");
    assert_eq!(run("d = {}\nd['a'] = d.get('a', 0) + 1\ndel d['a']\n", "d"), "{}");
}

#[test]
fn unsupported_constructs_are_syntax_errors() {
    let cx = cx();
    for (src, what) in [("class A: pass", "class definitions"), ("def g():\n    yield 1\n", "'yield'")] {
        let e = super::execute(&cx, src).expect_err(src);
        assert_eq!(&*e.class().name, "SyntaxError", "{src}");
        assert!(e.message(&cx).contains(what), "{src}: {}", e.message(&cx));
    }
    let e = super::execute(&cx, "if x\n  pass").expect_err("bad if");
    assert_eq!(&*e.class().name, "SyntaxError");
    let e = super::execute(&cx, "if x:\npass").expect_err("no block");
    assert_eq!(&*e.class().name, "IndentationError");
    let e = super::execute(&cx, "x = 1\n  y = 2").expect_err("indent");
    assert_eq!(
        (&*e.class().name, e.message(&cx).as_str()),
        ("IndentationError", "unexpected indent (<string>, line 2)")
    );
    let deep = format!("{}1{}", "(".repeat(5000), ")".repeat(5000));
    let e = super::eval(&cx, &deep).expect_err("too deep");
    assert_eq!(&*e.class().name, "RecursionError");
}
