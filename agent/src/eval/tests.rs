//! Tests of `eval` / `execute` against a live connection context.

use std::sync::Arc;

use num_bigint::BigInt;
use rpyc_protocol::{Config, Connection, ExceptionPayload, Obj, RemoteException, Value};

use super::{eval, execute, MAX_DEPTH};
use crate::args::Args;
use crate::context::{Cx, Session};
use crate::object::{self, Val};
use crate::service::AgentService;

fn with_cx<R>(f: impl FnOnce(&Cx) -> R) -> R {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let _guard = rt.enter();
    let (a, _b) = tokio::io::duplex(1 << 16);
    let conn = Connection::new(a, AgentService::new(), Config::default());
    let cx = Cx { peer: conn.peer().clone(), session: Arc::new(Session::default()), blocking: false };
    f(&cx)
}

fn ev(cx: &Cx, src: &str) -> Val {
    eval(cx, src).unwrap_or_else(|e| panic!("{src}: {e:?}"))
}

/// The value of an expression (objects converted like `obtain`).
fn val(cx: &Cx, src: &str) -> Value {
    cx.value(&ev(cx, src)).unwrap_or_else(|e| panic!("{src}: {e:?}"))
}

fn run(cx: &Cx, src: &str) {
    execute(cx, src).unwrap_or_else(|e| panic!("{src}: {e:?}"));
}

fn exception<T>(r: Result<T, ExceptionPayload>) -> RemoteException {
    match r {
        Err(ExceptionPayload::Exception(e)) => e,
        Err(other) => panic!("expected an exception, got {other:?}"),
        Ok(_) => panic!("expected an exception, got a result"),
    }
}

/// `Class: message` of a failing eval.
fn fails(cx: &Cx, src: &str) -> String {
    let e = exception(eval(cx, src));
    format!("{}: {}", e.name, e.message())
}

fn int(n: i64) -> Value {
    Value::Int(n)
}

fn s(x: &str) -> Value {
    Value::str(x)
}

#[test]
fn literals() {
    with_cx(|cx| {
        assert_eq!(val(cx, "0x_ff + 0o17 + 0b1 + 1_000"), int(1271));
        assert_eq!(val(cx, "1.5e3"), Value::Float(1500.0));
        assert_eq!(val(cx, "2j"), Value::Complex(0.0, 2.0));
        assert_eq!(val(cx, "1 + 2j"), Value::Complex(1.0, 2.0));
        assert_eq!(val(cx, "'a' \"b\" '''c'''"), s("abc"));
        assert_eq!(val(cx, r"'\t\x41\u00e9'"), s("\tAé"));
        assert_eq!(val(cx, r"rb'\x00'"), Value::Bytes(b"\\x00".to_vec()));
        assert_eq!(val(cx, "None"), Value::None);
        assert_eq!(val(cx, "..."), Value::Ellipsis);
        assert_eq!(val(cx, "True, False"), Value::Tuple(vec![Value::Bool(true), Value::Bool(false)]));
        assert_eq!(
            val(cx, "123456789012345678901234567890"),
            Value::BigInt("123456789012345678901234567890".parse().unwrap_or_default())
        );
        assert_eq!(val(cx, "-9223372036854775808 - 1"), Value::BigInt(BigInt::from(i64::MIN) - 1));
        assert_eq!(val(cx, "  1 + 1  \n"), int(2));
        assert_eq!(val(cx, "()"), Value::Tuple(vec![]));
    });
}

#[test]
fn precedence_and_arithmetic() {
    with_cx(|cx| {
        for (src, want) in [
            ("1 + 2 * 3", int(7)),
            ("(1 + 2) * 3", int(9)),
            ("-2 ** 2", int(-4)),
            ("2 ** 3 ** 2", int(512)),
            ("10 - 3 - 2", int(5)),
            ("1 | 2 ^ 3 & 4 << 1", int(3)),
            ("~5 + -+-3", int(-3)),
            ("7 // 2 * 2 + 7 % 2", int(7)),
            ("2 ** -1", Value::Float(0.5)),
            ("100 / 10 / 5", Value::Float(2.0)),
            ("1 + 2 if 0 else 3", int(3)),
            ("not 1 == 2", Value::Bool(true)),
            ("True + True", int(2)),
            ("-7 // 2", int(-4)),
            ("-7 % 2", int(1)),
            ("7 % -2", int(-1)),
            ("-7.5 // 2", Value::Float(-4.0)),
            ("divmod(-7, 2)", Value::Tuple(vec![int(-4), int(1)])),
            ("2 ** 64 // 3", int(6148914691236517205)),
            ("-(2 ** 64) % 7", int(5)),
            ("2 ** 64 == 18446744073709551616 == 2.0 ** 64", Value::Bool(true)),
            ("hex(2 ** 70)", s("0x400000000000000000")),
            ("(2 ** 100 + 1) - 2 ** 100", int(1)),
        ] {
            assert_eq!(val(cx, src), want, "{src}");
        }
        assert_eq!(fails(cx, "1 / 0"), "ZeroDivisionError: division by zero");
        assert_eq!(fails(cx, "1 // 0"), "ZeroDivisionError: integer division or modulo by zero");
        assert_eq!(fails(cx, "1.0 / 0"), "ZeroDivisionError: float division by zero");
        assert_eq!(fails(cx, "'a' + 1"), "TypeError: can only concatenate str (not \"int\") to str");
        assert_eq!(fails(cx, "-'a'"), "TypeError: bad operand type for unary -: 'str'");
        assert_eq!(fails(cx, "[1] + (2,)"), "TypeError: can only concatenate list (not \"tuple\") to list");
    });
}

/// Expressions and what CPython 3.11 answers (`repr` of the value, or
/// `Class: message` of the exception).
const CPYTHON: &[(&str, &str)] = &[
    ("1 + 2 * 3 - 4 / 5", "6.2"),
    ("7 // -2, 7 % -2, -7 // 2, -7 % 2, 7.0 // -2, 7.0 % -2, -0.0 % 5", "(-4, -1, -4, 1, -4.0, -1.0, 0.0)"),
    ("2 ** 100 // 3 ** 20, 2 ** 100 % 3 ** 20, -(2 ** 100) // 7, -(2 ** 100) % 7", "(363558641556578823726, 1957707250, -181092942889747057356671886483, 5)"),
    ("(2 ** 100) / 3, 10 ** 30 / 10 ** 10, 1 / 3, 2 ** 0.5, (-8) ** 0.5", "(4.2255020007607644e+29, 1e+20, 0.3333333333333333, 1.4142135623730951, (1.7319121124709868e-16+2.8284271247461903j))"),
    ("3 ** -2, 0 ** 0, 0.0 ** 0, (-2) ** 3, (-2) ** 63, (-2) ** 64", "(0.1111111111111111, 1, 1.0, -8, -9223372036854775808, 18446744073709551616)"),
    ("1 << 64, -1 >> 3, 5 & 3, 5 | 3, 5 ^ 3, ~0, -5 & 0xff, (2**70) & -1, (-(2**70)) >> 3", "(18446744073709551616, -1, 1, 7, 6, -1, 251, 1180591620717411303424, -147573952589676412928)"),
    ("True + 1, True & False, True | 2, -True, ~True, True * 'ab'", "(2, False, 3, -1, -2, 'ab')"),
    ("1j * 1j, (1 + 2j) * (3 - 4j), (1 + 2j) / (3 - 4j), (1+1j) ** 3, 2 ** 1j", "((-1+0j), (11+2j), (-0.2+0.4j), (-2+2j), (0.7692389013639721+0.6389612763136348j))"),
    ("1 == 1.0 == (1 + 0j), 1 < 2.5 < 3, 'a' < 'b' <= 'b', (1, 2) < (1, 2, 3), [1, 2] < [1, 3]", "(True, True, True, True, True)"),
    ("float('nan') == float('nan'), float('nan') != float('nan'), 0.1 + 0.2, 1e16 + 1, 1e300 * 1e10", "(False, True, 0.30000000000000004, 1e+16, inf)"),
    ("'abc'[::-1], 'abcdef'[1:5:2], 'abcdef'[-2:], 'abcdef'[:-10], 'abcdef'[10:], 'abc'[-1]", "('cba', 'bd', 'ef', '', '', 'c')"),
    ("(1, 2, 3)[::2], (1, 2, 3)[5:], b'abc'[::-1], b'abc'[1], [1, 2, 3, 4][1:3]", "((1, 3), (), b'cba', 98, [2, 3])"),
    ("'ab' * 3, 3 * 'ab', 'ab' * -1, (1,) * 3, [0] * 2, b'x' * 2, 'a' + 'b', b'a' + b'b'", "('ababab', 'ababab', '', (1, 1, 1), [0, 0], b'xx', 'ab', b'ab')"),
    ("'b' in 'abc', 'x' not in 'abc', 2 in (1, 2), 3 in [1, 2], 1 in {1: 2}, 2 in {1, 2}, b'b' in b'abc', 98 in b'abc'", "(True, True, True, False, True, True, True, True)"),
    ("[] or 0 or 'x', 1 and 2 and 3, 0 and 1, not 0, not [1], None or [], 1 if 0 else 2 if 0 else 3", "('x', 3, 0, True, False, [], 3)"),
    ("{1: 'a', 2: 'b'}, {'a': 1, **{'b': 2, 'a': 3}}, [*'ab', *[1]], (*'ab',), {*'aab'} == {'a', 'b'}", "({1: 'a', 2: 'b'}, {'a': 3, 'b': 2}, ['a', 'b', 1], ('a', 'b'), True)"),
    (r#"int('0x1f', 16), int('  42  '), float('1e3'), str(1.5), repr('a\nb'), repr(b'\x00\xff'), str(None)"#, r#"(31, 42, 1000.0, '1.5', "'a\\nb'", "b'\\x00\\xff'", 'None')"#),
    ("divmod(-7, 2), divmod(7.5, 2), max([3, 1, 2]), sum([0.1] * 3), sorted('cba')", "((-4, 1), (3.0, 1.5), 3, 0.30000000000000004, ['a', 'b', 'c'])"),
    (r#"f'{1 + 1}', f'{"x"!r}', f'{3.0}', f'{[1, "a"]}', f'{None}', f'a{{b}}c', f'{"é"!a}', f'{ 3 = }'"#, r#"('2', "'x'", '3.0', "[1, 'a']", 'None', 'a{b}c', "'\\xe9'", ' 3 = 3')"#),
    ("1_000_000 + 0x_ff + 0o17 + 0b101, 1e-5, 1.5e300 * 1.5e300, 123456789 * 987654321 * 1000000007", "(1000275, 1e-05, inf, 121932631966163686788446883)"),
    ("-2 ** 2, (-2) ** 2, 2 ** -1, 2 ** 3 ** 2, -(-3), +(-3), - - 3", "(-4, 4, 0.5, 512, 3, -3, 3)"),
    ("10 / 4, 10 // 4, -10 // 4, 10 % 4, -10 % 4, 10.5 % 3, -10.5 % 3, 10 % -3.5", "(2.5, 2, -3, 2, 2, 1.5, 1.5, -0.5)"),
    ("9007199254740993 == 9007199254740992.0, 9007199254740993 > 9007199254740992.0, 2 ** 1000 > 1e300, 2 ** 1024 > 1e308", "(False, True, True, True)"),
    ("(1, 'a') == (1.0, 'a'), [1, [2]] == [1, [2]], () == (), [] == (), 'a' == b'a'", "(True, True, True, False, False)"),
    ("2 ** 64 >> 64, (1 << 62) * 4, -(1 << 63) - 1, (1 << 63) - 1 + 1, -(-(1 << 63))", "(1, 18446744073709551616, -9223372036854775809, 9223372036854775808, 9223372036854775808)"),
    ("(-9223372036854775808) // -1, (-9223372036854775808) % -1, abs(-9223372036854775808)", "(9223372036854775808, 0, 9223372036854775808)"),
    ("10 ** 20 / 3, -(10 ** 20) // 3, (10 ** 20) % -3, 7.5 // -0.5, 1e308 * 10 / 10", "(3.333333333333333e+19, -33333333333333333334, -2, -15.0, inf)"),
    ("1 % 0", "ZeroDivisionError: integer modulo by zero"),
    ("1.0 // 0.0", "ZeroDivisionError: float floor division by zero"),
    ("1.0 % 0", "ZeroDivisionError: float modulo"),
    ("0.0 ** -1", "ZeroDivisionError: 0.0 cannot be raised to a negative power"),
    ("(1+0j) / 0", "ZeroDivisionError: complex division by zero"),
    ("1 + 'a'", "TypeError: unsupported operand type(s) for +: 'int' and 'str'"),
    ("'a' * 1.5", "TypeError: can't multiply sequence by non-int of type 'float'"),
    ("~1.5", "TypeError: bad operand type for unary ~: 'float'"),
    ("[1] < 'a'", "TypeError: '<' not supported between instances of 'list' and 'str'"),
    ("(1j) < 1", "TypeError: '<' not supported between instances of 'complex' and 'int'"),
    ("1 & 1.0", "TypeError: unsupported operand type(s) for &: 'int' and 'float'"),
    ("1.5 // 1j", "TypeError: unsupported operand type(s) for //: 'float' and 'complex'"),
    ("'x' in 1", "TypeError: argument of type 'int' is not iterable"),
    ("1 in 'abc'", "TypeError: 'in <string>' requires string as left operand, not int"),
    ("(1, 2)[5]", "IndexError: tuple index out of range"),
    ("'abc'['a']", "TypeError: string indices must be integers, not 'str'"),
    ("b'a'['x']", "TypeError: byte indices must be integers or slices, not str"),
    ("None()", "TypeError: 'NoneType' object is not callable"),
    ("{[1]}", "TypeError: unhashable type: 'list'"),
    ("10.0 ** 400", "OverflowError: (34, 'Numerical result out of range')"),
    ("[1, 2][::0]", "ValueError: slice step cannot be zero"),
    ("2 ** 64 << -1", "ValueError: negative shift count"),
];

#[test]
fn matches_cpython() {
    with_cx(|cx| {
        for (src, want) in CPYTHON {
            let got = match eval(cx, &format!("repr(({src}))")) {
                Ok(Obj::Value(Value::Str(s))) => s,
                Ok(_) => "(not a str)".into(),
                Err(ExceptionPayload::Exception(e)) => format!("{}: {}", e.name, e.message()),
                Err(e) => format!("{e:?}"),
            };
            assert_eq!(&got, want, "{src}");
        }
    });
}

#[test]
fn chained_comparisons_and_boolean_logic() {
    with_cx(|cx| {
        for (src, want) in [
            ("1 < 2 < 3", true),
            ("1 < 3 < 2", false),
            ("3 > 2 >= 2 != 1", true),
            ("1 == 1.0 == True", true),
            ("'a' in 'abc' and 'x' not in 'abc'", true),
            ("3 not in (1, 2)", true),
            ("None is None is not 1", true),
            ("2 in [1, 2]", true),
            ("'k' in {'k': 1}", true),
            ("[1, 2] == [1, 2]", true),
            ("[1, 2] < [1, 3]", true),
            ("(1, [2]) == (1, [2])", true),
            ("b'b' in b'abc' and 97 in b'abc'", true),
            ("(1, 'a') < (1, 'b')", true),
            ("not {}", true),
        ] {
            assert_eq!(val(cx, src), Value::Bool(want), "{src}");
        }
        assert_eq!(val(cx, "[] or 'default'"), s("default"));
        assert_eq!(val(cx, "[0] and 5"), int(5));
        assert_eq!(val(cx, "0 and undefined_name"), int(0));
        assert_eq!(val(cx, "1 or undefined_name"), int(1));
        assert_eq!(val(cx, "1 > 2 < undefined_name"), Value::Bool(false));
        assert_eq!(fails(cx, "1 < 'a'"), "TypeError: '<' not supported between instances of 'int' and 'str'");
    });
}

#[test]
fn containers_and_subscripts() {
    with_cx(|cx| {
        assert_eq!(val(cx, "[1, 2] + [3]"), Value::List(vec![int(1), int(2), int(3)]));
        assert_eq!(val(cx, "[0] * 3"), Value::List(vec![int(0); 3]));
        assert_eq!(val(cx, "(1, 2) + (3,)"), Value::Tuple(vec![int(1), int(2), int(3)]));
        assert_eq!(val(cx, "{1: 'a', 1.0: 'b'}"), Value::Dict(vec![(int(1), s("b"))]));
        assert_eq!(val(cx, "{'a': 1, **{'b': 2}}['b']"), int(2));
        assert_eq!(val(cx, "len({1, 2, 2})"), int(2));
        assert_eq!(val(cx, "[*range(3), 5]"), Value::List(vec![int(0), int(1), int(2), int(5)]));
        assert_eq!(val(cx, "[1, 2, 3][::-1]"), Value::List(vec![int(3), int(2), int(1)]));
        assert_eq!(val(cx, "'hello'[1:3] + 'héllo'[1] + 'abc'[-1]"), s("eléc"));
        assert_eq!(val(cx, "(1, 2, 3)[-1]"), int(3));
        assert_eq!(val(cx, "(1, 2, 3)[1:]"), Value::Tuple(vec![int(2), int(3)]));
        assert_eq!(val(cx, "b'abc'[0]"), int(97));
        assert_eq!(val(cx, "b'abc'[1:]"), Value::Bytes(b"bc".to_vec()));
        assert_eq!(val(cx, "dict(a=1)['a']"), int(1));
        assert_eq!(fails(cx, "'abc'[5]"), "IndexError: string index out of range");
        assert_eq!(fails(cx, "(1,)['a']"), "TypeError: tuple indices must be integers or slices, not str");
        assert_eq!(fails(cx, "{[1]: 2}"), "TypeError: unhashable type: 'list'");
        assert_eq!(fails(cx, "{}['missing']"), "KeyError: 'missing'");
        assert_eq!(fails(cx, "1[0]"), "TypeError: 'int' object is not subscriptable");
    });
}

#[test]
fn calls_and_builtins() {
    with_cx(|cx| {
        assert_eq!(val(cx, "len([1, 2, 3])"), int(3));
        assert_eq!(val(cx, "sorted([3, 1, 2])"), Value::List(vec![int(1), int(2), int(3)]));
        assert_eq!(val(cx, "int('42') + 1"), int(43));
        assert_eq!(val(cx, "int('ff', base=16)"), int(255));
        assert_eq!(val(cx, "int(*['ff'], **{'base': 16})"), int(255));
        assert_eq!(val(cx, "max(*[1, 5, 3])"), int(5));
        assert_eq!(val(cx, "str(5) + repr('x')"), s("5'x'"));
        assert_eq!(val(cx, "[1, 2].pop()"), int(2));
        assert_eq!(fails(cx, "1()"), "TypeError: 'int' object is not callable");
        assert_eq!(fails(cx, "len(*[1], **{'x': 1})").split(':').next(), Some("TypeError"));
        assert_eq!(fails(cx, "int(**{1: 2})"), "TypeError: keywords must be strings");
    });
}

#[test]
fn fstrings() {
    with_cx(|cx| {
        run(cx, "x = 5\nname = 'agent'");
        assert_eq!(val(cx, "f'{x + 1}'"), s("6"));
        assert_eq!(val(cx, "f'{name!r} has {x=}, {{braces}}'"), s("'agent' has x=5, {braces}"));
        assert_eq!(val(cx, "f'{[1, 2]}' f\"{'é'!a}\" 'tail'"), s("[1, 2]'\\xe9'tail"));
        assert_eq!(val(cx, "f'{name:}'"), s("agent"));
        assert_eq!(val(cx, "f'''{\n x\n}'''"), s("5"));
    });
}

#[test]
fn assignments_and_names() {
    with_cx(|cx| {
        run(cx, "x = 1; y = x + 1\nz = w = y * 10;");
        assert_eq!(val(cx, "x, y, z, w"), Value::Tuple(vec![int(1), int(2), int(20), int(20)]));
        run(cx, "a, b = 1, 2\na, b = b, a");
        assert_eq!(val(cx, "(a, b)"), Value::Tuple(vec![int(2), int(1)]));
        run(cx, "first, *rest = [1, 2, 3]\n[p, (q, r)] = 'p', 'qr'\n*init, last = 'xyz'");
        assert_eq!(
            val(cx, "first, rest, p, q, r, init, last"),
            Value::Tuple(vec![
                int(1),
                Value::List(vec![int(2), int(3)]),
                s("p"),
                s("q"),
                s("r"),
                Value::List(vec![s("x"), s("y")]),
                s("z"),
            ])
        );
        run(cx, "d = {}\nd['k'] = 5\nd['k'] += 1\nd['k'] *= 2\nx += 41");
        assert_eq!(val(cx, "d['k'], x"), Value::Tuple(vec![int(12), int(42)]));
        run(cx, "l = [1]\nm = l\nl += [2]\nt = (1,)\nt += (2,)");
        assert_eq!(val(cx, "l is m and m == [1, 2] and t == (1, 2)"), Value::Bool(true));
        run(cx, "del x, d['k']");
        assert_eq!(val(cx, "d"), Value::Dict(vec![]));
        let e = exception(eval(cx, "x"));
        assert_eq!((e.name.as_str(), e.message()), ("NameError", "name 'x' is not defined".to_owned()));
        assert_eq!(e.attr("name"), Some(&s("x")));
        assert_eq!(exception(execute(cx, "del x")).name, "NameError");
        assert_eq!(exception(execute(cx, "a, b = 1, 2, 3")).message(), "too many values to unpack (expected 2)");
        assert_eq!(
            exception(execute(cx, "a, b, c = 1, 2")).message(),
            "not enough values to unpack (expected 3, got 2)"
        );
        assert_eq!(
            exception(execute(cx, "a, *b, c = [1]")).message(),
            "not enough values to unpack (expected at least 2, got 1)"
        );
        assert_eq!(exception(execute(cx, "d.x = 1")).name, "AttributeError");
        assert_eq!(exception(execute(cx, "t[0] = 1")).message(), "'tuple' object does not support item assignment");
        assert_eq!(exception(execute(cx, "undefined += 1")).name, "NameError");
        // The namespace is conn.namespace.
        let ns = crate::root::Root::namespace(&cx.session);
        let got = object::callattr(&ns, "__getitem__", Args::positional(vec![Obj::Value(s("a"))]), cx).ok();
        assert_eq!(got.and_then(Obj::into_value), Some(int(2)));
        // Builtins are visible but shadowable.
        run(cx, "len = 3");
        assert_eq!(val(cx, "len"), int(3));
        run(cx, "del len\nassert len('ab') == 2, 'len is back'");
        let e = exception(execute(cx, "assert 1 == 2, 'nope'"));
        assert_eq!((e.name.as_str(), e.message()), ("AssertionError", "nope".to_owned()));
    });
}

fn type_of(v: &Val) -> String {
    match v {
        Obj::Local(o) => o.type_name().to_owned(),
        other => object::val_type_name(other),
    }
}

#[test]
fn imports_bind_modules() {
    with_cx(|cx| {
        run(cx, "import importlib.util");
        assert_eq!(type_of(&ev(cx, "importlib")), "importlib");
        assert_eq!(type_of(&ev(cx, "importlib.util")), "importlib.util");
        run(cx, "import importlib.util as u, builtins as b");
        assert_eq!(type_of(&ev(cx, "u")), "importlib.util");
        assert_eq!(val(cx, "b.len('abc')"), int(3));
        run(cx, "from importlib import util, import_module as im");
        assert_eq!(type_of(&ev(cx, "util")), "importlib.util");
        assert_eq!(type_of(&ev(cx, "im('builtins')")), "builtins");
        run(cx, "from builtins import (len as L, max,)");
        assert_eq!(val(cx, "L([1, 2]) + max(1, 2)"), int(4));
        run(cx, "import builtins\na, b = [builtins, importlib]\nc = [*[a], b] + [1]");
        assert_eq!(val(cx, "c[0] is builtins and c[1] is importlib and len(c) == 3"), Value::Bool(true));
        run(cx, "import os.path\nfrom os import path as p2");
        assert_eq!(type_of(&ev(cx, "os")), "os");
        assert_eq!(type_of(&ev(cx, "p2")), "posixpath");
        run(cx, "from importlib.util import *");
        assert_eq!(type_of(&ev(cx, "find_spec")), "builtins.builtin_function_or_method");
        assert_eq!(exception(execute(cx, "import nosuchmodule")).name, "ModuleNotFoundError");
        assert_eq!(exception(execute(cx, "import importlib.nosuch")).name, "ModuleNotFoundError");
        let e = exception(execute(cx, "from builtins import nosuch"));
        assert_eq!(e.name, "ImportError");
        assert!(e.message().starts_with("cannot import name 'nosuch' from 'builtins'"), "{}", e.message());
        assert_eq!(
            exception(execute(cx, "from . import x")).message(),
            "attempted relative import with no known parent package"
        );
    });
}

#[test]
fn syntax_errors_name_the_unsupported_construct() {
    with_cx(|cx| {
        let e = exception(execute(cx, "x = 1\ndef f(): pass"));
        assert_eq!(e.name, "SyntaxError");
        let msg = e.attr("msg").and_then(Value::as_str).unwrap_or_default().to_owned();
        assert!(msg.starts_with("function definitions ('def') are not supported"), "{msg}");
        assert!(msg.contains("rpyc-agent evaluates a subset of Python"));
        assert_eq!(e.attr("lineno"), Some(&int(2)));
        assert_eq!(e.attr("offset"), Some(&int(1)));
        assert_eq!(e.attr("text"), Some(&s("def f(): pass")));
        assert_eq!(e.attr("filename"), Some(&s("<string>")));
        assert!(e.traceback.contains("    def f(): pass\n    ^\n"));
        let e = exception(eval(cx, "[x for x in y]"));
        let msg = e.attr("msg").and_then(Value::as_str).unwrap_or_default();
        assert!(
            msg.starts_with("list comprehensions are not supported: rpyc-agent evaluates a subset of Python"),
            "{msg}"
        );
        assert_eq!(e.args.first(), Some(&s(msg)));
        assert_eq!(e.attr("offset"), Some(&int(4)));
        let msg = |e: RemoteException| e.attr("msg").and_then(Value::as_str).unwrap_or_default().to_owned();
        assert!(msg(exception(eval(cx, "lambda: 1"))).starts_with("lambda expressions are not supported"));
        assert!(msg(exception(execute(cx, "for i in x: pass"))).starts_with("'for' loops are not supported"));
        let e = exception(execute(cx, "x = 1\n  y = 2"));
        assert_eq!((e.name.as_str(), e.attr("lineno")), ("IndentationError", Some(&int(2))));
        assert_eq!(exception(eval(cx, "1 +")).name, "SyntaxError");
        assert_eq!(exception(eval(cx, "x = 1")).name, "SyntaxError");
        assert_eq!(exception(eval(cx, "")).name, "SyntaxError");
        assert!(msg(exception(eval(cx, "'a\0'"))).contains("null bytes"));
    });
}

#[test]
fn hostile_input_is_refused_without_panicking() {
    with_cx(|cx| {
        let deep = "(".repeat(100_000) + &")".repeat(100_000);
        assert_eq!(exception(eval(cx, &deep)).name, "RecursionError");
        assert_eq!(exception(eval(cx, &("-".repeat(500_000) + "1"))).name, "RecursionError");
        assert_eq!(exception(eval(cx, &"[".repeat(300_000))).name, "SyntaxError");
        let nested = "(".repeat(MAX_DEPTH - 2) + "1" + &")".repeat(MAX_DEPTH - 2);
        assert_eq!(val(cx, &nested), int(1));
        assert_eq!(val(cx, &("[".repeat(MAX_DEPTH - 2) + &"]".repeat(MAX_DEPTH - 2) + " == 0")), Value::Bool(false));
        assert_eq!(exception(eval(cx, &"1".repeat(super::MAX_SOURCE + 1))).name, "ValueError");
        assert_eq!(val(cx, &vec!["1"; 100_000].join("+")), int(100_000));
        let mut src = String::from("x = ()\n");
        src.push_str(&"x = (x,)\n".repeat(200));
        assert_eq!(exception(execute(cx, &src)).name, "RecursionError");
        let doubling = String::from("x = (1,)\n") + &"x = (x, x)\n".repeat(40);
        assert_eq!(exception(execute(cx, &doubling)).name, "MemoryError");
        assert_eq!(exception(eval(cx, "'a' * 10 ** 12")).name, "MemoryError");
        assert_eq!(exception(eval(cx, "[0] * 10 ** 12")).name, "MemoryError");
        assert_eq!(
            val(cx, "(() * 10 ** 18, [] * 10 ** 18, '' * 10 ** 18, b'' * 10 ** 18)"),
            Value::Tuple(vec![Value::Tuple(vec![]), Value::List(vec![]), s(""), Value::Bytes(vec![]),])
        );
        assert_eq!(exception(eval(cx, "9 ** 9 ** 9")).name, "MemoryError");
        assert_eq!(exception(eval(cx, "1 << 10 ** 10")).name, "MemoryError");
        for src in [
            "f'{'",
            "'\\",
            "0x",
            "1e",
            "a.",
            "a[",
            "f(",
            "{1:",
            "(*a)",
            "*a",
            "a if b",
            "x.0",
            "\\",
            "'''",
            "f'{x!z}'",
            "b'\\u1234'",
            "1 if 2 else",
            "from",
            "import",
            "del",
            "from x import",
            "a = = 1",
            "é = 1",
            "x @= 2",
        ] {
            let _ = eval(cx, src);
            let _ = execute(cx, src);
        }
    });
}
