//! The pickle codec against CPython 3.11:
//! - golden vectors written by `pickle.dumps` (tests/golden/gen_pickle.py)
//!   decode to the values CPython pickled, and survive our re-encoding;
//! - what `dumps` writes, CPython's `pickle.loads` reads back as the same
//!   objects (needs the venv: scripts/setup-python.sh);
//! - arbitrary and mutated input never panics, and allocates in proportion
//!   to its length.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use num_bigint::BigInt;
use rpyc_protocol::pickle::{self, Limits, PickleErrorKind, GLOBAL_REF};
use rpyc_protocol::{Record, Value};

// ------------------------------------------------------------ allocation meter

/// Counts the live heap bytes of the current thread (and their peak), so the
/// fuzz test can check that decoding allocates in proportion to its input.
struct Meter;

thread_local! {
    static LIVE: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

fn note(delta: isize) {
    let _ = LIVE.try_with(|live| {
        let now = live.get() + delta;
        live.set(now);
        let _ = PEAK.try_with(|peak| peak.set(peak.get().max(now)));
    });
}

unsafe impl GlobalAlloc for Meter {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note(layout.size() as isize);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        note(-(layout.size() as isize));
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        note(layout.size() as isize);
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note(new_size as isize - layout.size() as isize);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static METER: Meter = Meter;

/// Peak extra heap bytes of this thread while running `f`.
fn peak_during<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let base = LIVE.with(Cell::get);
    PEAK.with(|p| p.set(base));
    let out = f();
    let peak = PEAK.with(Cell::get);
    (out, usize::try_from(peak - base).unwrap_or(0))
}

// ------------------------------------------------------------ helpers

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn golden(name: &str) -> String {
    let path = manifest_dir().join("tests/golden").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!("{}: {e} (regenerate with .venv/bin/python tests/golden/gen_pickle.py)", path.display())
    })
}

fn unhex(s: &str) -> Vec<u8> {
    assert!(s.len() % 2 == 0, "odd hex length");
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex")).collect()
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

struct Vector {
    line: usize,
    proto: u8,
    data: Vec<u8>,
    expected: String,
}

fn vectors(name: &str) -> Vec<Vector> {
    golden(name)
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.is_empty())
        .map(|(i, line)| {
            let mut cols = line.splitn(3, '\t');
            let proto = cols.next().and_then(|p| p.parse().ok()).unwrap_or_else(|| panic!("{name}:{}: proto", i + 1));
            let data = unhex(cols.next().unwrap_or_else(|| panic!("{name}:{}: hex", i + 1)));
            let expected = cols.next().unwrap_or_else(|| panic!("{name}:{}: expected", i + 1)).to_owned();
            Vector { line: i + 1, proto, data, expected }
        })
        .collect()
}

fn python() -> PathBuf {
    let python = manifest_dir().join("../.venv/bin/python");
    assert!(
        python.exists(),
        "{} is missing: run scripts/setup-python.sh to create the project's Python venv",
        python.display()
    );
    python
}

/// Runs CPython's `pickle.loads` on each (proto, pickle) and returns, per
/// input, `Ok((type, model repr))` or `Err(exception)` (see gen_pickle.py --check).
fn cpython_loads(inputs: &[(u8, Vec<u8>)]) -> Vec<Result<(String, String), String>> {
    let script = manifest_dir().join("tests/golden/gen_pickle.py");
    let mut child = Command::new(python())
        .arg(&script)
        .arg("--check")
        .env("PYTHONHASHSEED", "0")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start python");
    let mut stdin = child.stdin.take().expect("stdin");
    let payload: String = inputs.iter().map(|(proto, data)| format!("{proto}\t{}\n", hex(data))).collect();
    let writer = std::thread::spawn(move || stdin.write_all(payload.as_bytes()));
    let out = child.wait_with_output().expect("python output");
    writer.join().expect("writer thread").expect("write to python");
    assert!(out.status.success(), "gen_pickle.py --check failed");
    let text = String::from_utf8(out.stdout).expect("utf-8 from python");
    let results: Vec<_> = text
        .lines()
        .map(|line| match line.split('\t').collect::<Vec<_>>().as_slice() {
            ["ok", kind, repr] => Ok(((*kind).to_owned(), (*repr).to_owned())),
            ["err", msg] => Err((*msg).to_owned()),
            _ => panic!("unexpected line from python: {line}"),
        })
        .collect();
    assert_eq!(results.len(), inputs.len(), "one answer per pickle");
    results
}

fn contains_record(v: &Value) -> bool {
    match v {
        Value::Record(_) => true,
        Value::Tuple(items) | Value::List(items) | Value::Set(items) | Value::FrozenSet(items) => {
            items.iter().any(contains_record)
        }
        Value::Dict(pairs) => pairs.iter().any(|(k, v)| contains_record(k) || contains_record(v)),
        Value::Slice(parts) => parts.iter().any(contains_record),
        _ => false,
    }
}

fn report(failures: &[String], total: usize) {
    assert!(
        failures.is_empty(),
        "{} of {total} failed:\n{}",
        failures.len(),
        failures.iter().take(15).cloned().collect::<Vec<_>>().join("\n")
    );
}

// ------------------------------------------------------------ golden vectors

#[test]
fn pickle_golden_vectors_decode_to_what_cpython_pickled() {
    let vectors = vectors("pickle.txt");
    assert!(vectors.len() >= 850, "only {} vectors", vectors.len());
    let mut failures = Vec::new();
    for v in &vectors {
        match pickle::loads(&v.data) {
            Ok(value) if value.to_string() == v.expected => {}
            Ok(value) => {
                failures.push(format!("line {} (proto {}): got {value}\n  want {}", v.line, v.proto, v.expected))
            }
            Err(e) => failures.push(format!("line {} (proto {}): {e}", v.line, v.proto)),
        }
    }
    report(&failures, vectors.len());
    // Every protocol is covered.
    for proto in 0..=5 {
        assert!(vectors.iter().filter(|v| v.proto == proto).count() > 100, "protocol {proto}");
    }
}

#[test]
fn pickle_golden_vectors_survive_our_reencoding() {
    let vectors = vectors("pickle.txt");
    let mut failures = Vec::new();
    for v in &vectors {
        let Ok(value) = pickle::loads(&v.data) else {
            continue;
        }; // reported by the test above
           // The same or a higher protocol: a lower one can lose information, as
           // in CPython (protocol 2 names FileNotFoundError `exceptions.OSError`);
           // the protocol 0-2 vectors cover writing protocol 2.
        for proto in v.proto.max(2)..=5 {
            match pickle::loads(&pickle::dumps(&value, proto)) {
                Ok(again) if again.to_string() == v.expected => {}
                Ok(again) => {
                    failures.push(format!("line {} -> proto {proto}: got {again}\n  want {}", v.line, v.expected))
                }
                Err(e) => failures.push(format!("line {} -> proto {proto}: {e}", v.line)),
            }
        }
    }
    report(&failures, vectors.len() * 4);
}

#[test]
fn pickle_golden_self_references_are_refused() {
    let vectors = vectors("pickle_errors.txt");
    assert!(vectors.len() >= 20);
    for v in &vectors {
        let kind = pickle::loads(&v.data).map(|value| value.to_string()).map_err(|e| e.kind);
        match v.expected.as_str() {
            "recursive" => assert_eq!(kind, Err(PickleErrorKind::Recursive), "line {}", v.line),
            other => panic!("line {}: unknown error tag {other}", v.line),
        }
    }
}

// ------------------------------------------------------------ through CPython

fn record(class: &str, args: Vec<Value>, state: Option<Value>) -> Value {
    Value::Record(Box::new(Record { class: class.into(), args, state }))
}

fn s(text: &str) -> Value {
    Value::str(text)
}

fn dict(pairs: Vec<(&str, Value)>) -> Value {
    Value::Dict(pairs.into_iter().map(|(k, v)| (s(k), v)).collect())
}

/// Values as the agent builds them, with what CPython's type and model
/// repr of the unpickled object must be (`None`: the value's own Display).
fn agent_corpus() -> Vec<(Value, &'static str, Option<&'static str>)> {
    let stat_fields: Vec<Value> = [0o100644, 1234567, 2049, 1, 1000, 1000, 4096, 1700000000, 1700000001, 1700000002]
        .into_iter()
        .map(Value::from)
        .collect();
    let stat = record(
        "os.stat_result",
        vec![
            Value::Tuple(stat_fields),
            dict(vec![
                ("st_atime", Value::Float(1700000000.5)),
                ("st_mtime", Value::Float(1700000001.25)),
                ("st_ctime", Value::Float(1700000002.0)),
                ("st_atime_ns", Value::from(1700000000500000000i64)),
                ("st_mtime_ns", Value::from(1700000001250000000i64)),
                ("st_ctime_ns", Value::from(1700000002000000000i64)),
                ("st_blksize", Value::Int(4096)),
                ("st_blocks", Value::Int(8)),
                ("st_rdev", Value::Int(0)),
            ]),
        ],
        None,
    );
    let uname = record(
        "posix.uname_result",
        vec![
            Value::Tuple(["Linux", "host", "6.1.0", "#1 SMP", "x86_64"].into_iter().map(s).collect()),
            Value::Dict(vec![]),
        ],
        None,
    );
    let completed = record(
        "subprocess.CompletedProcess",
        vec![],
        Some(dict(vec![
            ("args", Value::List(vec![s("ls"), s("-l")])),
            ("returncode", Value::Int(0)),
            ("stdout", Value::Bytes(b"out\n".to_vec())),
            ("stderr", Value::Bytes(vec![])),
        ])),
    );
    let disk = record("shutil._ntuple_diskusage", vec![Value::Int(1), Value::Int(2), Value::Int(3)], None);
    let struct_time = record(
        "time.struct_time",
        vec![
            Value::Tuple([2024, 2, 29, 12, 30, 59, 3, 60, 0].into_iter().map(Value::from).collect()),
            dict(vec![("tm_zone", s("UTC")), ("tm_gmtoff", Value::Int(0))]),
        ],
        None,
    );
    vec![
        (Value::None, "builtins.NoneType", None),
        (Value::Bool(true), "builtins.bool", None),
        (Value::Int(-7), "builtins.int", None),
        (Value::Int(i64::MAX), "builtins.int", None),
        (Value::Int(i64::MIN), "builtins.int", None),
        (Value::from_bigint(BigInt::from(7).pow(400)), "builtins.int", None),
        (Value::from_bigint(-BigInt::from(2).pow(3000)), "builtins.int", None),
        (Value::Float(0.1), "builtins.float", None),
        (Value::Float(-0.0), "builtins.float", None),
        (Value::Float(f64::NAN), "builtins.float", None),
        (Value::Float(f64::NEG_INFINITY), "builtins.float", None),
        (Value::Complex(1.5, -2.0), "builtins.complex", None),
        (s(""), "builtins.str", None),
        (s("héllo 日本 🐍 \"quotes\" 'and' \\ \n\t\r\0"), "builtins.str", None),
        (Value::Str("x".repeat(300)), "builtins.str", None),
        (Value::Bytes(b"".to_vec()), "builtins.bytes", None),
        (Value::Bytes((0..=255).collect()), "builtins.bytes", None),
        (Value::Bytes(vec![b'q'; 70000]), "builtins.bytes", None),
        (Value::ByteArray(b"\x00ab\xff".to_vec()), "builtins.bytearray", None),
        (Value::ByteArray(vec![]), "builtins.bytearray", None),
        (Value::Tuple(vec![]), "builtins.tuple", None),
        (Value::Tuple(vec![Value::Int(1)]), "builtins.tuple", None),
        (Value::Tuple((0..5).map(Value::from).collect()), "builtins.tuple", None),
        (Value::List((0..2500).map(Value::from).collect()), "builtins.list", None),
        (
            Value::Dict((0..1200).map(|i| (Value::Str(format!("k{i}")), Value::List(vec![Value::from(i)]))).collect()),
            "builtins.dict",
            None,
        ),
        (
            Value::Dict(vec![
                (Value::Tuple(vec![Value::Int(1), s("a")]), Value::None),
                (Value::Float(2.5), Value::Bool(false)),
            ]),
            "builtins.dict",
            None,
        ),
        (Value::Set(vec![]), "builtins.set", Some("set()")),
        (Value::Set((0..1100).map(Value::from).collect()), "builtins.set", None),
        (Value::FrozenSet(vec![Value::Int(3), Value::Int(2)]), "builtins.frozenset", Some("frozenset({2, 3})")),
        (Value::FrozenSet(vec![]), "builtins.frozenset", None),
        (Value::Slice(Box::new([Value::Int(1), Value::None, Value::Int(-1)])), "builtins.slice", None),
        (Value::Ellipsis, "builtins.ellipsis", None),
        (Value::NotImplemented, "builtins.NotImplementedType", None),
        (
            Value::List(vec![Value::Ellipsis, Value::Set(vec![Value::Tuple(vec![])]), Value::Dict(vec![])]),
            "builtins.list",
            None,
        ),
        (stat.clone(), "os.stat_result", None),
        (uname, "posix.uname_result", None),
        (completed.clone(), "subprocess.CompletedProcess", None),
        // CPython itself cannot pickle disk_usage results (the class is
        // named `usage`, which shutil does not have); we can, by the name
        // shutil does have.
        (disk, "shutil.usage", Some("shutil.usage(1, 2, 3)")),
        (struct_time, "time.struct_time", None),
        (Value::List(vec![stat.clone(), stat]), "builtins.list", None),
        (Value::Dict(vec![(s("proc"), completed)]), "builtins.dict", None),
        (record(GLOBAL_REF, vec![s("posix"), s("getcwd")], None), "builtins.builtin_function_or_method", None),
        (record(GLOBAL_REF, vec![s("builtins"), s("int")], None), "builtins.type", None),
        (record("collections.Counter", vec![dict(vec![("a", Value::Int(2))])], None), "collections.Counter", None),
        (record("__main__.Outer.Inner", vec![], Some(dict(vec![("v", Value::Int(3))]))), "__main__.Outer.Inner", None),
        (
            record("__main__:Outer.Inner", vec![], Some(dict(vec![("v", Value::Int(4))]))),
            "__main__.Outer.Inner",
            Some("__main__.Outer.Inner(state={'v': 4})"),
        ),
        (
            record("datetime.datetime", vec![Value::Bytes(b"\x07\xe8\x02\x1d\x0c\x1e\x3b\x00\x00\x00".to_vec())], None),
            "datetime.datetime",
            None,
        ),
    ]
}

#[test]
fn pickle_cpython_reads_what_we_write() {
    let corpus = agent_corpus();
    let mut inputs = Vec::new();
    let mut expected = Vec::new();
    for (value, kind, repr) in &corpus {
        for proto in 2..=5u8 {
            inputs.push((proto, pickle::dumps(value, proto)));
            expected.push((
                format!("{value} at protocol {proto}"),
                (*kind).to_owned(),
                repr.map_or_else(|| value.to_string(), str::to_owned),
            ));
        }
    }
    let answers = cpython_loads(&inputs);
    let mut failures = Vec::new();
    for ((what, kind, repr), answer) in expected.iter().zip(&answers) {
        match answer {
            Ok((k, r)) if k == kind && r == repr => {}
            Ok((k, r)) => failures.push(format!("{what}: CPython read a {k}: {r}\n  want a {kind}: {repr}")),
            Err(e) => failures.push(format!("{what}: CPython failed: {e}")),
        }
    }
    report(&failures, answers.len());
}

#[test]
fn pickle_cpython_reads_back_every_golden_value() {
    // What CPython wrote at protocol p, we read and write again at p: CPython
    // must read the same object back (its model repr is the vector's).
    let vectors: Vec<Vector> = vectors("pickle.txt").into_iter().filter(|v| v.proto >= 2).collect();
    let mut inputs = Vec::new();
    for v in &vectors {
        let value = pickle::loads(&v.data).unwrap_or_else(|e| panic!("line {}: {e}", v.line));
        inputs.push((v.proto, pickle::dumps(&value, v.proto)));
    }
    let answers = cpython_loads(&inputs);
    let mut failures = Vec::new();
    for (v, answer) in vectors.iter().zip(&answers) {
        match answer {
            Ok((_, r)) if *r == v.expected => {}
            Ok((_, r)) => {
                failures.push(format!("line {} (proto {}): CPython read {r}\n  want {}", v.line, v.proto, v.expected))
            }
            Err(e) => failures.push(format!("line {} (proto {}): CPython failed: {e}", v.line, v.proto)),
        }
    }
    report(&failures, answers.len());
}

// ------------------------------------------------------------ hostile input

struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn byte(&mut self) -> u8 {
        self.next() as u8
    }
}

/// Opcode bytes, so random input gets past the first byte more often.
const OPCODES: &[u8] = b"(.012FIJKLMNPQRSTUVXabcd}eghijl]opqrst)uGBC\x80\x81\x82\x83\x84\x85\x86\x87\x88\x89\x8a\x8b\x8c\x8d\x8e\x8f\x90\x91\x92\x93\x94\x95\x96\x97\x98";

fn mutate(rng: &mut XorShift, base: &[u8]) -> Vec<u8> {
    let mut data = base.to_vec();
    for _ in 0..1 + rng.below(4) {
        let len = data.len();
        match rng.below(7) {
            0 if len > 0 => {
                let i = rng.below(len);
                data[i] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                let i = rng.below(len);
                data[i] = OPCODES[rng.below(OPCODES.len())];
            }
            2 if len > 0 => data.truncate(rng.below(len)),
            3 => {
                let i = rng.below(len + 1);
                let insert: Vec<u8> = (0..1 + rng.below(8)).map(|_| OPCODES[rng.below(OPCODES.len())]).collect();
                data.splice(i..i, insert);
            }
            4 if len > 1 => {
                // Duplicate a slice (repeats memo GETs, marks, appends...).
                let a = rng.below(len);
                let b = (a + 1 + rng.below(16)).min(len);
                let i = rng.below(len + 1);
                let chunk = data[a..b].to_vec();
                data.splice(i..i, chunk);
            }
            5 if len > 1 => {
                let a = rng.below(len);
                let b = (a + 1 + rng.below(8)).min(len);
                data.drain(a..b);
            }
            _ => {
                // Big length fields: all-ones or large little-endian numbers.
                let i = rng.below(len + 1);
                let fill = if rng.below(2) == 0 { 0xff } else { rng.byte() };
                data.splice(i..i, std::iter::repeat_n(fill, 1 + rng.below(8)));
            }
        }
    }
    data
}

/// Decodes `data` (bounded and checked), and re-encodes whatever decodes.
fn exercise(data: &[u8]) -> Result<(), String> {
    let limits = Limits { max_depth: 256, bytes_per_input_byte: 64, min_budget: 0 };
    let (result, peak) = peak_during(|| pickle::loads_with(data, &limits));
    // The decoder's own budget is 64 bytes per input byte; vectors, the
    // memo table and the stack add a constant factor on top.
    let bound = 512 * data.len() + 64 * 1024;
    if peak > bound {
        return Err(format!("decoding {} bytes peaked at {peak} bytes of heap (bound {bound})", data.len()));
    }
    if let Ok(value) = result {
        for proto in 2..=5 {
            let again =
                pickle::loads(&pickle::dumps(&value, proto)).map_err(|e| format!("re-encoded at {proto}: {e}"))?;
            if !contains_record(&value) && again.to_string() != value.to_string() {
                return Err(format!("re-encoded at {proto}: {again} != {value}"));
            }
        }
    }
    Ok(())
}

#[test]
fn pickle_random_and_mutated_input_never_panics() {
    let seeds: Vec<Vec<u8>> = vectors("pickle.txt").into_iter().map(|v| v.data).filter(|d| d.len() < 4096).collect();
    assert!(seeds.len() > 500);
    let seed = std::env::var("PICKLE_FUZZ_SEED").ok().and_then(|n| n.parse().ok()).unwrap_or(0x9e37_79b9_7f4a_7c15);
    let mut rng = XorShift(seed);
    let mut decoded = 0;
    let mut cases = 0;
    let check = |data: Vec<u8>, decoded: &mut usize| {
        let outcome = std::panic::catch_unwind(|| exercise(&data));
        match outcome {
            Ok(Ok(())) => {}
            Ok(Err(msg)) => panic!("input {}: {msg}", hex(&data)),
            Err(_) => panic!("panicked on input {}", hex(&data)),
        }
        if pickle::loads(&data).is_ok() {
            *decoded += 1;
        }
    };
    // Pure noise, with and without a protocol header, mostly opcode bytes.
    for _ in 0..4000 {
        let len = rng.below(48);
        let mut data = Vec::with_capacity(len + 2);
        if rng.below(2) == 0 {
            data.extend([0x80, rng.below(7) as u8]);
        }
        for _ in 0..len {
            data.push(if rng.below(4) == 0 { rng.byte() } else { OPCODES[rng.below(OPCODES.len())] });
        }
        check(data, &mut decoded);
        cases += 1;
    }
    // Mutations of real pickles (PICKLE_FUZZ_CASES=n for a longer run).
    let mutations = std::env::var("PICKLE_FUZZ_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(12_000);
    for _ in 0..mutations {
        let base = &seeds[rng.below(seeds.len())];
        check(mutate(&mut rng, base), &mut decoded);
        cases += 1;
    }
    eprintln!("{decoded} of {cases} inputs decoded");
    assert!(decoded > 500, "only {decoded} of {cases} inputs decoded: the fuzzer is not reaching deep");
}

#[test]
fn pickle_hostile_expansion_is_bounded_in_memory() {
    // 2**60 references from a few hundred bytes, a 1 MiB string copied a
    // thousand times, a million nested lists: all refused, none exhausting memory.
    let mut bomb = b"\x80\x04]\x94".to_vec();
    for _ in 0..60 {
        bomb.extend(b"h\x00h\x00\x86q\x00");
    }
    bomb.push(b'.');
    let mut copies = b"\x80\x04\x8d\x00\x00\x10\x00\x00\x00\x00\x00".to_vec();
    copies.extend(std::iter::repeat_n(b'x', 1 << 20));
    copies.extend(b"\x94(");
    copies.extend(std::iter::repeat_n(*b"h\x00", 1000).flatten());
    copies.extend(b"l.");
    let mut deep = b"\x80\x02".to_vec();
    deep.extend(std::iter::repeat_n(b']', 1_000_000));
    deep.extend(std::iter::repeat_n(b'a', 999_999));
    deep.push(b'.');
    for (name, data, want) in [
        ("bomb", bomb, PickleErrorKind::TooLarge(16 << 20)),
        ("copies", copies, PickleErrorKind::TooLarge(64 * ((1 << 20) + 2015))),
        ("deep", deep, PickleErrorKind::TooDeep(256)),
    ] {
        let (result, peak) = peak_during(|| pickle::loads(&data));
        assert_eq!(result.map_err(|e| e.kind), Err(want), "{name}");
        let budget = (64 * data.len()).max(16 << 20);
        assert!(peak < 4 * budget, "{name}: peak {peak} bytes for a {budget}-byte budget");
    }
}
