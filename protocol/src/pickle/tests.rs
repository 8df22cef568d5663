//! Hand-written cases; the CPython-generated vectors and the round trips
//! through CPython are in `protocol/tests/pickle_python.rs`.

use super::*;
use crate::value::Record;

fn err(data: &[u8]) -> PickleError {
    match loads(data) {
        Ok(v) => panic!("expected an error, got {v}"),
        Err(e) => e,
    }
}

fn ok(data: &[u8]) -> String {
    match loads(data) {
        Ok(v) => v.to_string(),
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn scalars_at_each_protocol() {
    assert_eq!(ok(b"N."), "None");
    assert_eq!(ok(b"\x80\x02\x88."), "True");
    assert_eq!(ok(b"I01\n."), "True");
    assert_eq!(ok(b"I00\n."), "False");
    assert_eq!(ok(b"I-12\n."), "-12");
    assert_eq!(ok(b"L1180591620717411303424L\n."), "1180591620717411303424");
    assert_eq!(ok(b"\x80\x02\x8a\x00."), "0");
    assert_eq!(ok(b"\x80\x02\x8a\x01\xff."), "-1");
    assert_eq!(ok(b"\x80\x02J\xff\xff\xff\xff."), "-1");
    assert_eq!(ok(b"F1.5\n."), "1.5");
    assert_eq!(ok(b"Fnan\n."), "nan");
    assert_eq!(ok(b"S'a\\'b\\x41\\101\\n'\n."), "\"a'bAA\\n\"");
    assert_eq!(ok(b"U\x02\xff\xfe."), "b'\\xff\\xfe'");
    assert_eq!(ok(b"Va\\u005cb\\u000ac\\u1234\\U0001f600\n."), "'a\\\\b\\nc\u{1234}\u{1f600}'");
    assert_eq!(ok(b"V\\\\u0041\\x\n."), "'\\\\A\\\\x'");
    assert_eq!(ok(b"\x80\x04\x8c\x03\xc3\xa9a."), "'éa'");
    // A lone surrogate (surrogateescape file names) reads as one U+FFFD.
    assert_eq!(ok(b"X\x05\x00\x00\x00a\xed\xb2\x80b."), "'a\u{fffd}b'");
    assert_eq!(ok(b"\x80\x05\x96\x02\x00\x00\x00\x00\x00\x00\x00ab\x98."), "bytearray(b'ab')");
}

#[test]
fn globals_and_reduce_forms() {
    assert_eq!(ok(b"\x80\x02c__builtin__\nEllipsis\nq\x00."), "Ellipsis");
    assert_eq!(ok(b"c__builtin__\nNotImplemented\np0\n."), "NotImplemented");
    assert_eq!(ok(b"\x80\x02c__builtin__\nlong\nq\x00."), "pickle.global('builtins', 'int')");
    assert_eq!(ok(b"\x80\x02c__builtin__\nset\nq\x00]q\x01(K\x01K\x02e\x85q\x02Rq\x03."), "{1, 2}");
    assert_eq!(ok(b"\x80\x02c__builtin__\ncomplex\nK\x01K\x02\x86R."), "(1+2j)");
    assert_eq!(ok(b"\x80\x02c__builtin__\nslice\nK\x05\x85R."), "slice(None, 5, None)");
    assert_eq!(ok(b"\x80\x02c_codecs\nencode\nq\x00X\x04\x00\x00\x00ab\xc3\xbfq\x01X\x06\x00\x00\x00latin1q\x02\x86q\x03Rq\x04."), "b'ab\\xff'");
    // Protocol 2 names are mapped to Python 3's.
    let v = loads(b"\x80\x02ccommands\nCompletedProcess\nq\x00)\x81q\x01}q\x02X\x01\x00\x00\x00aK\x01sb.")
        .unwrap_or(Value::None);
    let Value::Record(rec) = v else { panic!("not a record: {v}") };
    assert_eq!(rec.class, "subprocess.CompletedProcess");
    assert!(rec.args.is_empty());
    assert_eq!(rec.state.map(|s| s.to_string()).as_deref(), Some("{'a': 1}"));
    // ...but not at protocol 3.
    assert_eq!(ok(b"\x80\x03ccommands\nX\n)\x81."), "commands.X()");
    // Nested classes: getattr(Outer, 'Inner') at protocol < 4, dotted at 4.
    assert_eq!(ok(b"\x80\x02c__builtin__\ngetattr\ncm\nOuter\nX\x05\x00\x00\x00Inner\x86R)\x81."), "m.Outer.Inner()");
    assert_eq!(ok(b"\x80\x04\x8c\x01m\x8c\x0bOuter.Inner\x93)\x81."), "m.Outer.Inner()");
    // NEWOBJ through copyreg.__newobj__ called with REDUCE, nested.
    assert_eq!(ok(b"\x80\x03ccopyreg\n__newobj__\nccopyreg\n__newobj__\ncm\nC\nK\x01\x87R."), "m.C(1)");
    // OrderedDict and defaultdict are dicts.
    assert_eq!(ok(b"\x80\x02ccollections\nOrderedDict\nq\x00)Rq\x01X\x01\x00\x00\x00aq\x02K\x01s."), "{'a': 1}");
    // INST and OBJ (protocol 0/1 old-style instances).
    assert_eq!(ok(b"(K\x01K\x02im\nC\n."), "m.C(1, 2)");
    assert_eq!(ok(b"(cm\nC\nK\x01o."), "m.C(1)");
}

#[test]
fn memo_shares_and_sees_later_mutation() {
    // a = []; [a, a] where a is filled after both references exist:
    // EMPTY_LIST MEMOIZE(0) ... the memo holds the object, not a snapshot.
    let data = b"\x80\x04]\x94(]\x94h\x01eh\x01K\x07a0.";
    assert_eq!(ok(data), "[[7], [7]]");
    // PUT/GET text forms.
    assert_eq!(ok(b"(lp0\nI1\na(lp1\ng0\nag0\na."), "[[1], [1]]");
}

#[test]
fn errors_carry_offsets() {
    assert_eq!(err(b""), PickleError { offset: 0, kind: PickleErrorKind::Truncated });
    assert_eq!(err(b"\x80\x06N."), PickleError { offset: 0, kind: PickleErrorKind::UnsupportedProtocol(6) });
    assert_eq!(err(b"\x80\x02N").offset, 3);
    assert_eq!(err(b"\x80\x02a.").kind, PickleErrorKind::StackUnderflow);
    assert_eq!(err(b"\x80\x02h\x05.").kind, PickleErrorKind::MemoMissing(5));
    assert_eq!(err(b"\x80\x02\xff."), PickleError { offset: 2, kind: PickleErrorKind::UnknownOpcode(0xff) });
    assert_eq!(err(b"\x80\x02NN\x8b\xff\xff\xff\xff.").offset, 4);
    assert_eq!(err(b"X\xff\xff\xff\xffab.").kind, PickleErrorKind::Truncated);
    assert_eq!(err(b"(N(N0000.").kind, PickleErrorKind::StackUnderflow);
    assert_eq!(err(b"N1.").kind, PickleErrorKind::MissingMark);
    assert_eq!(err(b"(Nd.").kind, PickleErrorKind::Invalid("odd number of items for DICT".into()));
    assert!(matches!(err(b"}K\x01a.").kind, PickleErrorKind::Type(_)));
    assert!(matches!(err(b"\x80\x02P1\n.").kind, PickleErrorKind::Unsupported(_)));
    assert!(matches!(err(b"\x80\x05\x97.").kind, PickleErrorKind::Unsupported(_)));
    // POP pops the mark when nothing is above it, as CPython does.
    assert_eq!(ok(b"N(0."), "None");
    // MARK fences the stack: STOP cannot see below it.
    assert_eq!(err(b"N(.").kind, PickleErrorKind::StackUnderflow);
    let e = err(b"I99999999999999999999999999999999x\n.");
    assert_eq!((e.offset, matches!(e.kind, PickleErrorKind::Invalid(_))), (0, true));
    // CPython's 4300-digit limit on int literals.
    let mut long = b"L".to_vec();
    long.extend(std::iter::repeat_n(b'9', 4301));
    long.extend(b"\n.");
    assert!(matches!(err(&long).kind, PickleErrorKind::Invalid(_)));
}

#[test]
fn self_references_are_errors() {
    // l = []; l.append(l)
    assert_eq!(err(b"\x80\x02]q\x00h\x00a.").kind, PickleErrorKind::Recursive);
    // d = {}; d['self'] = d
    assert_eq!(err(b"\x80\x04}\x94\x8c\x04self\x94h\x00s.").kind, PickleErrorKind::Recursive);
    // The error points at STOP.
    assert_eq!(err(b"\x80\x02]q\x00h\x00a.").offset, 8);
}

#[test]
fn shared_expansion_is_bounded() {
    // x = []; then 60 times x = (x, x): 2**60 nodes from ~360 bytes.
    let mut data = b"\x80\x04]\x94".to_vec();
    for _ in 0..60 {
        data.extend(b"h\x00h\x00\x86q\x00");
    }
    data.push(b'.');
    assert!(matches!(err(&data).kind, PickleErrorKind::TooLarge(_)));
    // A long string copied by many GETs.
    let mut data = b"\x80\x04\x8d\x00\x00\x10\x00\x00\x00\x00\x00".to_vec();
    data.extend(std::iter::repeat_n(b'x', 1 << 20));
    data.extend(b"\x94(");
    data.extend(std::iter::repeat_n(*b"h\x00", 200).flatten());
    data.extend(b"l.");
    assert!(matches!(err(&data).kind, PickleErrorKind::TooLarge(_)));
    // Repeated set(list) copies of one big list are charged too.
    let mut data = b"\x80\x04](".to_vec();
    data.extend(std::iter::repeat_n(b'N', 100_000));
    data.extend(b"e\x94(");
    data.extend(std::iter::repeat_n(*b"\x8c\x08builtins\x8c\x03set\x93h\x00\x85R", 2000).flatten());
    data.extend(b"l.");
    assert!(matches!(err(&data).kind, PickleErrorKind::TooLarge(_)));
}

fn nested_lists(depth: usize) -> Vec<u8> {
    let mut data = b"\x80\x02".to_vec();
    data.extend(std::iter::repeat_n(b']', depth));
    data.extend(std::iter::repeat_n(b'a', depth - 1));
    data.push(b'.');
    data
}

#[test]
fn depth_is_bounded_and_the_limit_fits_a_small_stack() {
    let limit = Limits::default().max_depth;
    assert_eq!(err(&nested_lists(limit + 1)).kind, PickleErrorKind::TooDeep(limit));
    assert_eq!(err(&nested_lists(1_000_000)).kind, PickleErrorKind::TooDeep(limit));
    // The deepest accepted value can be built, displayed, re-pickled and
    // dropped on a thread with a small stack (tokio's default is 2 MiB).
    let handle = std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(move || {
            let v = loads(&nested_lists(limit)).map_err(|e| e.to_string())?;
            let shown = v.to_string();
            let again = loads(&dumps(&v, 4)).map_err(|e| e.to_string())?;
            Ok::<_, String>((shown.len(), again == v))
        })
        .map_err(|e| e.to_string());
    let result = handle.and_then(|h| h.join().map_err(|_| "thread panicked".to_string()));
    assert_eq!(result, Ok(Ok((2 * limit, true))));
    let tight = Limits { max_depth: 3, ..Limits::default() };
    assert!(loads_with(&nested_lists(3), &tight).is_ok());
    assert_eq!(loads_with(&nested_lists(4), &tight).map_err(|e| e.kind), Err(PickleErrorKind::TooDeep(3)));
}

#[test]
fn dumps_simple_values_like_cpython() {
    // Byte-identical to CPython where CPython writes no memo/frame opcodes.
    assert_eq!(dumps(&Value::None, 2), b"\x80\x02N.");
    assert_eq!(dumps(&Value::Int(1), 3), b"\x80\x03K\x01.");
    assert_eq!(dumps(&Value::Int(-1), 4), b"\x80\x04J\xff\xff\xff\xff.");
    assert_eq!(dumps(&Value::Int(1 << 40), 2), b"\x80\x02\x8a\x06\x00\x00\x00\x00\x00\x01.");
    assert_eq!(dumps(&Value::Bool(true), 5), b"\x80\x05\x88.");
    assert_eq!(dumps(&Value::Float(1.5), 2), b"\x80\x02G?\xf8\x00\x00\x00\x00\x00\x00.");
    assert_eq!(dumps(&Value::Bytes(b"ab".to_vec()), 3), b"\x80\x03C\x02ab.");
    assert_eq!(dumps(&Value::Ellipsis, 2), b"\x80\x02c__builtin__\nEllipsis\n.");
    assert_eq!(dumps(&Value::Tuple(vec![]), 2), b"\x80\x02).");
    // Protocol clamping.
    assert_eq!(dumps(&Value::None, 0), b"\x80\x02N.");
    assert_eq!(dumps(&Value::None, 9), b"\x80\x05N.");
}

fn record(class: &str, args: Vec<Value>, state: Option<Value>) -> Value {
    Value::Record(Box::new(Record { class: class.into(), args, state }))
}

#[test]
fn dumps_round_trips_through_loads() {
    let values = vec![
        Value::BigInt(num_bigint::BigInt::from(u64::MAX) * 1000),
        Value::Int(i64::MIN),
        Value::Complex(1.0, -2.5),
        Value::str("é\u{1f600}"),
        Value::Bytes(vec![0, 255, 128]),
        Value::Bytes(Vec::new()),
        Value::ByteArray(b"xy".to_vec()),
        Value::List((0..2500).map(Value::from).collect()),
        Value::Dict((0..1500).map(|i| (Value::from(i), Value::str(i.to_string()))).collect()),
        Value::Set(vec![Value::Int(1), Value::str("a")]),
        Value::Set(vec![]),
        Value::FrozenSet(vec![Value::Int(1)]),
        Value::FrozenSet(vec![]),
        Value::Slice(Box::new([Value::None, Value::Int(3), Value::Int(-1)])),
        Value::Tuple(vec![Value::Ellipsis, Value::NotImplemented, Value::List(vec![Value::List(vec![])])]),
        record("os.stat_result", vec![Value::Tuple((0..10).map(Value::from).collect()), Value::Dict(vec![])], None),
        record(
            "subprocess.CompletedProcess",
            vec![],
            Some(Value::Dict(vec![(Value::str("returncode"), Value::Int(0))])),
        ),
        record("m.Outer.Inner", vec![Value::Int(1)], Some(Value::Tuple(vec![Value::None, Value::Dict(vec![])]))),
        record(GLOBAL_REF, vec![Value::str("posix"), Value::str("getcwd")], None),
    ];
    for v in &values {
        for proto in 2..=5 {
            let data = dumps(v, proto);
            let back = loads(&data).map_err(|e| format!("{e} in {data:?}"));
            assert_eq!(back.map(|b| b.to_string()), Ok(v.to_string()), "proto {proto}");
        }
    }
}

#[test]
fn deep_values_dump_without_recursion() {
    let mut v = Value::None;
    for _ in 0..200_000 {
        v = Value::List(vec![v]);
    }
    let data = dumps(&v, 4);
    assert_eq!(data.len(), 2 + 200_000 * 2 + 1 + 1);
    assert_eq!(loads(&data).map_err(|e| e.kind), Err(PickleErrorKind::TooDeep(Limits::default().max_depth)));
    // Value's own Drop recurses: take it apart iteratively.
    let mut cur = v;
    while let Value::List(mut items) = cur {
        cur = items.pop().unwrap_or(Value::None);
    }
}

#[test]
fn class_names_split() {
    assert_eq!(split_class("os.stat_result"), ("os", "stat_result"));
    assert_eq!(split_class("subprocess.CompletedProcess"), ("subprocess", "CompletedProcess"));
    assert_eq!(split_class("shutil._ntuple_diskusage"), ("shutil", "_ntuple_diskusage"));
    assert_eq!(split_class("urllib.parse.SplitResult"), ("urllib.parse", "SplitResult"));
    assert_eq!(split_class("__main__.Outer.Inner"), ("__main__", "Outer.Inner"));
    assert_eq!(split_class("PIL.Image.Image"), ("PIL.Image", "Image"));
    assert_eq!(split_class("pkg.Mod:Outer.Inner"), ("pkg.Mod", "Outer.Inner"));
    assert_eq!(split_class("noDots"), ("builtins", "noDots"));
}

#[test]
fn import_fixes_match_compat_pickle() {
    assert_eq!(fix_import_load("__builtin__", "xrange"), ("builtins", "range"));
    assert_eq!(fix_import_load("__builtin__", "set"), ("builtins", "set"));
    assert_eq!(fix_import_load("copy_reg", "_reconstructor"), ("copyreg", "_reconstructor"));
    assert_eq!(fix_import_load("posix", "stat_result"), ("posix", "stat_result"));
    assert_eq!(fix_import_dump("builtins", "range"), ("__builtin__", "xrange"));
    assert_eq!(fix_import_dump("subprocess", "CompletedProcess"), ("commands", "CompletedProcess"));
    assert_eq!(fix_import_dump("builtins", "FileNotFoundError"), ("exceptions", "OSError"));
    for table in [compat::IMPORT_MAPPING, compat::REVERSE_IMPORT_MAPPING] {
        assert!(table.windows(2).all(|w| w[0].0 < w[1].0), "sorted");
    }
    for table in [compat::NAME_MAPPING, compat::REVERSE_NAME_MAPPING] {
        assert!(table.windows(2).all(|w| w[0].0 < w[1].0), "sorted");
    }
}
