//! Replays the differential cases of `agent/tests/data/text_cases.txt`
//! (written by CPython 3.11 through `agent/tests/text_cases.py`): str and
//! bytes methods, `format()`, `str.format` and `%`, each compared with
//! CPython by repr, or by exception class and message.

use std::sync::Arc;

use super::testing::cx;
use crate::runtime::args::Args;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::PyResult;
use crate::runtime::object::BinOp;
use crate::runtime::semantics;
use crate::runtime::value::Py;

const CASES: &str = include_str!("../../tests/data/text_cases.txt");

fn unhex(h: &str) -> Vec<u8> {
    (0..h.len() / 2).map(|i| u8::from_str_radix(&h[2 * i..2 * i + 2], 16).expect("hex")).collect()
}

/// Reads the value at `toks[*pos]` (and the tokens of its items).
fn value(cx: &Cx, toks: &[&str], pos: &mut usize) -> Py {
    let t = toks[*pos];
    *pos += 1;
    match t {
        "N" => Py::None,
        "S" => {
            let start = value(cx, toks, pos);
            let stop = value(cx, toks, pos);
            let step = value(cx, toks, pos);
            crate::runtime::slice::Slice::new(start, stop, step)
        }
        "T" => Py::Bool(true),
        "F" => Py::Bool(false),
        "(" | "[" | "{" => {
            let mut items = Vec::new();
            while !matches!(toks[*pos], ")" | "]" | "}") {
                items.push(value(cx, toks, pos));
            }
            *pos += 1;
            match t {
                "(" => Py::tuple(items),
                "[" => super::list::List::new(items),
                _ => {
                    let pairs = items.chunks(2).map(|kv| (kv[0].clone(), kv[1].clone())).collect();
                    super::dict::Dict::from_pairs(cx, pairs).expect("dict")
                }
            }
        }
        _ => {
            let (kind, body) = t.split_once(':').expect("token");
            match kind {
                "i" => Py::from_bigint(body.parse::<num_bigint::BigInt>().expect("int")),
                "f" => Py::Float(body.parse().expect("float")),
                "c" => {
                    let (re, im) = body.split_once(':').expect("complex");
                    Py::Complex(re.parse().expect("re"), im.parse().expect("im"))
                }
                "s" => Py::str(String::from_utf8(unhex(body)).expect("utf-8")),
                "b" => Py::bytes(unhex(body)),
                "y" => super::bytearray::ByteArray::new(unhex(body)),
                other => panic!("unknown token kind {other}"),
            }
        }
    }
}

fn one(cx: &Cx, text: &str) -> Py {
    let toks: Vec<&str> = text.split(' ').collect();
    value(cx, &toks, &mut 0)
}

fn class(name: &str) -> Py {
    Py::Obj(match name {
        "str" => super::str::STR.clone(),
        "bytes" => super::bytes::BYTES.clone(),
        _ => super::bytearray::BYTEARRAY.clone(),
    })
}

fn run(cx: &Cx, op: &str, recv: Py, args: Vec<Py>, kwargs: Vec<(Arc<str>, Py)>) -> String {
    let arg = |i: usize| args.get(i).cloned().unwrap_or(Py::None);
    let after = |r: PyResult<()>| r.map(|()| recv.clone());
    let result = match op {
        "fmt" => semantics::format(cx, &recv, args[0].as_str().unwrap_or("")).map(Py::str),
        "%" => semantics::binary(cx, BinOp::Mod, &recv, &args[0]),
        "getitem" => semantics::getitem(cx, &recv, &arg(0)),
        "setitem" => after(semantics::setitem(cx, &recv, arg(0), arg(1))),
        "delitem" => after(semantics::delitem(cx, &recv, &arg(0))),
        "iadd" => semantics::inplace(cx, BinOp::Add, &recv, &arg(0)),
        "imul" => semantics::inplace(cx, BinOp::Mul, &recv, &arg(0)),
        "add" => semantics::binary(cx, BinOp::Add, &recv, &arg(0)),
        "mul" => semantics::binary(cx, BinOp::Mul, &recv, &arg(0)),
        "in" => semantics::contains(cx, &recv, &arg(0)).map(Py::Bool),
        _ if op.starts_with("m:") => super::attr::call_method(cx, &recv, &op[2..], Args::new(args, kwargs)),
        _ if op.starts_with("mm:") => super::attr::call_method(cx, &recv, &op[3..], Args::new(args.clone(), kwargs))
            .map(|r| Py::tuple(vec![r, recv.clone()])),
        _ if op.starts_with("new:") => semantics::call(cx, &class(&op[4..]), Args::new(args, kwargs)),
        _ => {
            let mut parts = op.split(':').skip(1);
            let (owner, name) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
            super::attr::call_method(cx, &class(owner), name, Args::new(args, kwargs))
        }
    };
    match result {
        Ok(v) => {
            format!("={}", semantics::repr(cx, &v).unwrap_or_else(|e| format!("<repr failed: {}>", e.message(cx))))
        }
        Err(e) => format!("!{}: {}", e.class().name, e.message(cx)),
    }
}

#[test]
fn text_runtime_agrees_with_cpython() {
    let cx = cx();
    let mut failures = Vec::new();
    let mut total = 0;
    for line in CASES.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        let [op, recv, args, kwargs, want] = f[..] else { panic!("bad case line: {line}") };
        let recv = one(&cx, recv);
        let args = match one(&cx, args) {
            Py::Tuple(t) => t.to_vec(),
            other => vec![other],
        };
        let kwargs = match one(&cx, kwargs).downcast::<super::dict::Dict>() {
            Some(d) => d.items().into_iter().map(|(k, v)| (Arc::from(k.as_str().unwrap_or("")), v)).collect(),
            None => Vec::new(),
        };
        total += 1;
        let got = run(&cx, op, recv.clone(), args.clone(), kwargs);
        if got != want {
            failures.push(format!("{op} {recv:?} {args:?}: got {got} | CPython {want}"));
        }
    }
    println!("text cases: {} of {total} agree with CPython 3.11", total - failures.len());
    assert!(
        failures.is_empty(),
        "{} of {total} cases differ from CPython:\n{}",
        failures.len(),
        failures.iter().take(400).cloned().collect::<Vec<_>>().join("\n")
    );
}
