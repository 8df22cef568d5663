//! `uuid`: the `UUID` class (every constructor form, fields, variants,
//! comparison and hashing as CPython 3.11's `uuid.py`), `uuid1`, `uuid3`,
//! `uuid4`, `uuid5`, `getnode` and the namespaces. UUIDs go to the client
//! by value as Python's own `uuid.UUID` (pickled with `{'int': n}`).
//! `uuid1` is the pure-Python algorithm (`is_safe` unknown), not libuuid's.

use std::sync::{LazyLock, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use num_bigint::BigInt;
use num_traits::ToPrimitive;
use rpyc_protocol::Value;

use crate::modules::buffer;
use crate::modules::hashlib::algo::State;
use crate::objects::module::{f, ModuleDef};
use crate::objects::numbers;
use crate::runtime::args::{self, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::{BinOp, CmpOp, ObjRef, PyObject};
use crate::runtime::semantics;
use crate::runtime::types::{method, property, type_value, Method, Type, TypeRef};
use crate::runtime::value::Py;

pub static MODULE: ModuleDef = ModuleDef {
    name: "uuid",
    type_name: "uuid",
    doc: "UUID objects (universally unique identifiers) according to RFC 4122.",
    functions: &[f("uuid1", uuid1), f("uuid3", uuid3), f("uuid4", uuid4), f("uuid5", uuid5), f("getnode", getnode)],
    attr,
    attr_names: &[
        "UUID",
        "SafeUUID",
        "NAMESPACE_DNS",
        "NAMESPACE_URL",
        "NAMESPACE_OID",
        "NAMESPACE_X500",
        "RESERVED_NCS",
        "RFC_4122",
        "RESERVED_MICROSOFT",
        "RESERVED_FUTURE",
    ],
    setattr: None,
};

fn attr(name: &str, _cx: &Cx) -> Option<PyResult<Py>> {
    let namespace = |n: u128| Ok(uuid_value(n));
    Some(match name {
        "UUID" => Ok(type_value(&UUID)),
        "SafeUUID" => Ok(type_value(&SAFE_UUID)),
        "NAMESPACE_DNS" => namespace(0x6ba7b810_9dad_11d1_80b4_00c04fd430c8),
        "NAMESPACE_URL" => namespace(0x6ba7b811_9dad_11d1_80b4_00c04fd430c8),
        "NAMESPACE_OID" => namespace(0x6ba7b812_9dad_11d1_80b4_00c04fd430c8),
        "NAMESPACE_X500" => namespace(0x6ba7b814_9dad_11d1_80b4_00c04fd430c8),
        "RESERVED_NCS" => Ok(Py::str(RESERVED_NCS)),
        "RFC_4122" => Ok(Py::str(RFC_4122)),
        "RESERVED_MICROSOFT" => Ok(Py::str(RESERVED_MICROSOFT)),
        "RESERVED_FUTURE" => Ok(Py::str(RESERVED_FUTURE)),
        _ => return None,
    })
}

const RESERVED_NCS: &str = "reserved for NCS compatibility";
const RFC_4122: &str = "specified in RFC 4122";
const RESERVED_MICROSOFT: &str = "reserved for Microsoft compatibility";
const RESERVED_FUTURE: &str = "reserved for future definition";

pub static UUID: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("uuid", "UUID", None, &UUID_METHODS, Some(uuid_new)));

/// `uuid.SafeUUID`, an enum of `safe` (0), `unsafe` (-1), `unknown`
/// (None); the agent's UUIDs are all `unknown`.
pub static SAFE_UUID: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("uuid", "SafeUUID", None, &SAFE_UUID_METHODS, None));

/// A `SafeUUID` member.
struct SafeUuid {
    name: &'static str,
    value: Option<i64>,
}

impl PyObject for SafeUuid {
    fn ty(&self) -> TypeRef {
        SAFE_UUID.clone()
    }
    fn repr(&self, _this: &ObjRef, _cx: &Cx) -> PyResult<String> {
        let value = self.value.map_or_else(|| "None".to_owned(), |v| v.to_string());
        Ok(format!("<SafeUUID.{}: {value}>", self.name))
    }
    fn str(&self, _this: &ObjRef, _cx: &Cx) -> PyResult<String> {
        Ok(format!("SafeUUID.{}", self.name))
    }
    fn to_value(&self, _cx: &Cx) -> PyResult<Option<Value>> {
        let value = self.value.map_or(Value::None, Value::Int);
        Ok(Some(Value::Record(Box::new(rpyc_protocol::Record {
            class: "uuid.SafeUUID".into(),
            args: vec![value],
            state: None,
        }))))
    }
}

static SAFE_UUID_METHODS: [Method; 2] = [
    property("name", |_, this, _| Ok(Py::str(safe_self(this)?.name))),
    property("value", |_, this, _| Ok(safe_self(this)?.value.map_or(Py::None, Py::Int))),
];

fn safe_self(this: &Py) -> PyResult<&SafeUuid> {
    this.downcast::<SafeUuid>().ok_or_else(|| exceptions::type_error("expected a SafeUUID"))
}

static UNKNOWN: LazyLock<Py> = LazyLock::new(|| Py::obj(SafeUuid { name: "unknown", value: None }));

/// A UUID: its 128-bit value and how safely it was made.
pub struct UuidObj {
    int: u128,
    is_safe: Py,
}

/// A UUID value.
pub fn uuid_value(int: u128) -> Py {
    Py::obj(UuidObj { int, is_safe: UNKNOWN.clone() })
}

impl UuidObj {
    fn text(&self) -> String {
        let h = format!("{:032x}", self.int);
        format!("{}-{}-{}-{}-{}", &h[..8], &h[8..12], &h[12..16], &h[16..20], &h[20..])
    }
}

fn int_value(n: u128) -> Py {
    Py::from_bigint(BigInt::from(n))
}

impl PyObject for UuidObj {
    fn ty(&self) -> TypeRef {
        UUID.clone()
    }
    fn repr(&self, _this: &ObjRef, _cx: &Cx) -> PyResult<String> {
        Ok(format!("UUID('{}')", self.text()))
    }
    fn str(&self, _this: &ObjRef, _cx: &Cx) -> PyResult<String> {
        Ok(self.text())
    }
    fn hash(&self, cx: &Cx) -> PyResult<Option<i64>> {
        semantics::hash(cx, &int_value(self.int)).map(Some)
    }
    fn richcmp(&self, _this: &ObjRef, op: CmpOp, other: &Py, _cx: &Cx) -> PyResult<Option<bool>> {
        Ok(other.downcast::<UuidObj>().map(|o| op.holds(self.int.cmp(&o.int))))
    }
    fn setattr(&self, _name: &str, _value: Py, _cx: &Cx) -> PyResult<bool> {
        Err(exceptions::type_error("UUID objects are immutable"))
    }
    fn delattr(&self, _name: &str, _cx: &Cx) -> PyResult<bool> {
        Err(exceptions::type_error("UUID objects are immutable"))
    }
    fn to_value(&self, cx: &Cx) -> PyResult<Option<Value>> {
        let mut state = vec![(Value::str("int"), semantics::to_value(cx, &int_value(self.int))?)];
        if let Some(safe) = self.is_safe.downcast::<SafeUuid>().filter(|s| s.value.is_some()) {
            state.push((Value::str("is_safe"), safe.value.map_or(Value::None, Value::Int)));
        }
        Ok(Some(Value::Record(Box::new(rpyc_protocol::Record {
            class: "uuid.UUID".into(),
            args: Vec::new(),
            state: Some(Value::Dict(state)),
        }))))
    }
}

fn me(this: &Py) -> PyResult<&UuidObj> {
    this.downcast::<UuidObj>().ok_or_else(|| exceptions::type_error("descriptor requires a 'uuid.UUID' object"))
}

/// A read-only property computed from the 128-bit value.
macro_rules! field {
    ($name:literal, |$n:ident| $e:expr) => {
        property($name, |_, this, _| {
            let $n = me(this)?.int;
            Ok($e)
        })
    };
}

static UUID_METHODS: [Method; 19] = [
    field!("int", |n| int_value(n)),
    field!("bytes", |n| Py::bytes(n.to_be_bytes().to_vec())),
    field!("bytes_le", |n| Py::bytes(bytes_le(n.to_be_bytes()).to_vec())),
    field!("fields", |n| Py::tuple(fields(n).map(|f| int_value(f.into())).to_vec())),
    field!("time_low", |n| Py::from(fields(n)[0])),
    field!("time_mid", |n| Py::from(fields(n)[1])),
    field!("time_hi_version", |n| Py::from(fields(n)[2])),
    field!("clock_seq_hi_variant", |n| Py::from(fields(n)[3])),
    field!("clock_seq_low", |n| Py::from(fields(n)[4])),
    field!("node", |n| Py::from(fields(n)[5])),
    field!("time", |n| Py::from(((fields(n)[2] & 0x0fff) << 48) | (fields(n)[1] << 32) | fields(n)[0])),
    field!("clock_seq", |n| Py::from(((fields(n)[3] & 0x3f) << 8) | fields(n)[4])),
    field!("hex", |n| Py::str(format!("{n:032x}"))),
    field!("variant", |n| Py::str(variant(n))),
    field!("version", |n| if variant(n) == RFC_4122 { Py::from(((n >> 76) & 0xf) as u64) } else { Py::None }),
    property("urn", |_, this, _| Ok(Py::str(format!("urn:uuid:{}", me(this)?.text())))),
    property("is_safe", |_, this, _| Ok(me(this)?.is_safe.clone())),
    method("__int__", |_, this, _| Ok(int_value(me(this)?.int))),
    method("__getstate__", |cx, this, _| {
        let u = me(this)?;
        let d = crate::objects::dict::Dict::new_empty();
        semantics::setitem(cx, &d, Py::str("int"), int_value(u.int))?;
        Ok(d)
    }),
];

/// `time_low, time_mid, time_hi_version, clock_seq_hi_variant,
/// clock_seq_low, node`.
fn fields(n: u128) -> [u64; 6] {
    [
        (n >> 96) as u64,
        ((n >> 80) & 0xffff) as u64,
        ((n >> 64) & 0xffff) as u64,
        ((n >> 56) & 0xff) as u64,
        ((n >> 48) & 0xff) as u64,
        (n & 0xffff_ffff_ffff) as u64,
    ]
}

fn variant(n: u128) -> &'static str {
    if n & (0x8000 << 48) == 0 {
        RESERVED_NCS
    } else if n & (0x4000 << 48) == 0 {
        RFC_4122
    } else if n & (0x2000 << 48) == 0 {
        RESERVED_MICROSOFT
    } else {
        RESERVED_FUTURE
    }
}

/// The first three fields byte-swapped (Microsoft's GUID layout); its own
/// inverse.
fn bytes_le(b: [u8; 16]) -> [u8; 16] {
    let mut out = b;
    out[..4].reverse();
    out[4..6].reverse();
    out[6..8].reverse();
    out
}

/// An integer argument in `0..limit` as a u128, or `None` past it.
fn bounded(v: &Py, bits: u32) -> PyResult<Option<u128>> {
    let n = match semantics::index_value(v) {
        Some(Py::Int(n)) => BigInt::from(n),
        Some(Py::BigInt(n)) => (*n).clone(),
        _ => {
            return Err(exceptions::type_error(format!(
                "'<=' not supported between instances of 'int' and '{}'",
                semantics::type_name(v)
            )))
        }
    };
    Ok(n.to_u128().filter(|n| bits == 128 || *n < 1u128 << bits))
}

/// The 16 bytes of a `bytes`/`bytes_le` argument.
fn sixteen(cx: &Cx, v: &Py, what: &str) -> PyResult<[u8; 16]> {
    let Some(data) = buffer::buffer_of(v) else {
        let len = semantics::len(cx, v)?;
        if len != 16 {
            return Err(exceptions::value_error(format!("{what} is not a 16-char string")));
        }
        return Err(exceptions::new("AssertionError", semantics::repr(cx, v)?));
    };
    <[u8; 16]>::try_from(&data[..]).map_err(|_| exceptions::value_error(format!("{what} is not a 16-char string")))
}

/// `UUID(hex=None, bytes=None, bytes_le=None, fields=None, int=None,
/// version=None, *, is_safe=SafeUUID.unknown)`.
fn uuid_new(cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    let [hex, bytes, le, fields_arg, int, version, is_safe] =
        args.bind("UUID", ["hex?", "bytes?", "bytes_le?", "fields?", "int?", "version?", "$is_safe?"])?;
    let given =
        [&hex, &bytes, &le, &fields_arg, &int].iter().filter(|v| v.as_ref().is_some_and(|v| !v.is_none())).count();
    if given != 1 {
        return Err(exceptions::type_error("one of the hex, bytes, bytes_le, fields, or int arguments must be given"));
    }
    let some = |v: Option<Py>| v.filter(|v| !v.is_none());
    let value: u128 = if let Some(hex) = some(hex) {
        let text = args::as_str("UUID", &hex).map_err(|_| buffer::not_buffer(&Py::str("")))?;
        let cleaned = text.replace("urn:", "").replace("uuid:", "");
        let cleaned = cleaned.trim_matches(|c| c == '{' || c == '}').replace('-', "");
        if cleaned.chars().count() != 32 {
            return Err(exceptions::value_error("badly formed hexadecimal UUID string"));
        }
        match numbers::parse_int(&cleaned, 16) {
            Some(n) => bounded(&n, 128)?.unwrap_or(0),
            None => {
                return Err(exceptions::value_error(format!(
                    "invalid literal for int() with base 16: {}",
                    semantics::repr(cx, &Py::str(cleaned))?
                )))
            }
        }
    } else if let Some(le) = some(le) {
        u128::from_be_bytes(bytes_le(sixteen(cx, &le, "bytes_le")?))
    } else if let Some(b) = some(bytes) {
        u128::from_be_bytes(sixteen(cx, &b, "bytes")?)
    } else if let Some(fields_arg) = some(fields_arg) {
        let items = semantics::iterate(cx, &fields_arg)?;
        if items.len() != 6 {
            return Err(exceptions::value_error("fields is not a 6-tuple"));
        }
        const LIMITS: [(u32, &str); 6] =
            [(32, "a 32-bit"), (16, "a 16-bit"), (16, "a 16-bit"), (8, "an 8-bit"), (8, "an 8-bit"), (48, "a 48-bit")];
        let mut f = [0u128; 6];
        for (i, item) in items.iter().enumerate() {
            let (bits, what) = LIMITS[i];
            f[i] = bounded(item, bits)?
                .ok_or_else(|| exceptions::value_error(format!("field {} out of range (need {what} value)", i + 1)))?;
        }
        (f[0] << 96) | (f[1] << 80) | (f[2] << 64) | (((f[3] << 8) | f[4]) << 48) | f[5]
    } else {
        let int = some(int).unwrap_or(Py::None);
        bounded(&int, 128)?.ok_or_else(|| exceptions::value_error("int is out of range (need a 128-bit value)"))?
    };
    let value = match some(version) {
        None => value,
        Some(v) => {
            let v = match semantics::index_value(&v) {
                Some(Py::Int(n)) if (1..=5).contains(&n) => n as u128,
                _ => return Err(exceptions::value_error("illegal version number")),
            };
            with_version(value, v)
        }
    };
    Ok(Py::obj(UuidObj { int: value, is_safe: is_safe.unwrap_or_else(|| UNKNOWN.clone()) }))
}

/// Sets the RFC 4122 variant and the version.
fn with_version(n: u128, version: u128) -> u128 {
    let n = (n & !(0xc000 << 48)) | (0x8000 << 48);
    (n & !(0xf000 << 64)) | (version << 76)
}

fn random_bytes<const N: usize>() -> PyResult<[u8; N]> {
    let mut b = [0u8; N];
    crate::platform::random::fill(&mut b).map_err(|e| exceptions::os_error(&e, None))?;
    Ok(b)
}

fn uuid4(_cx: &Cx, args: Args) -> PyResult<Py> {
    args.none("uuid4")?;
    Ok(uuid_value(with_version(u128::from_be_bytes(random_bytes()?), 4)))
}

/// `uuid3`/`uuid5`: a namespace's bytes and a name's UTF-8, hashed.
fn name_based(cx: &Cx, func: &str, args: Args, algorithm: &str, version: u128) -> PyResult<Py> {
    let [namespace, name] = args.bind(func, ["namespace", "name"])?;
    let namespace = semantics::iterate(cx, &crate::objects::attr::getattr(cx, &args::req(namespace), "bytes")?)?;
    let name = args::req(name);
    let Py::Str(name) = &name else {
        return Err(exceptions::type_error("encoding without a string argument"));
    };
    let mut data: Vec<u8> =
        namespace.iter().map(|b| args::to_int(func, b).map(|b| b as u8)).collect::<PyResult<_>>()?;
    data.extend_from_slice(name.as_bytes());
    let mut state = State::new(algorithm).ok_or_else(|| exceptions::value_error("unsupported hash type"))?;
    state.update(&data);
    let digest: [u8; 16] = state.digest(0)[..16].try_into().unwrap_or([0; 16]);
    Ok(uuid_value(with_version(u128::from_be_bytes(digest), version)))
}

fn uuid3(cx: &Cx, args: Args) -> PyResult<Py> {
    name_based(cx, "uuid3", args, "md5", 3)
}

fn uuid5(cx: &Cx, args: Args) -> PyResult<Py> {
    name_based(cx, "uuid5", args, "sha1", 5)
}

/// The node `getnode()` found, kept for the life of the agent as Python
/// keeps it for the life of the process.
static NODE: Mutex<Option<u64>> = Mutex::new(None);

/// The hardware address CPython finds: libuuid's (the first Ethernet
/// interface that is up, by interface index), else `_ip_getnode`'s (the
/// first universally administered address, else the first at all), else a
/// random multicast address.
fn find_node() -> PyResult<u64> {
    let mut interfaces: Vec<(bool, u32, u64)> = Vec::new();
    if let Ok(dir) = std::fs::read_dir("/sys/class/net") {
        for entry in dir.flatten() {
            let path = entry.path();
            let read = |f: &str| std::fs::read_to_string(path.join(f)).unwrap_or_default();
            if read("type").trim() != "1" {
                continue;
            }
            let hex: String = read("address").trim().split(':').collect();
            let Ok(mac) = u64::from_str_radix(&hex, 16) else { continue };
            let flags = read("flags");
            let up = u32::from_str_radix(flags.trim().trim_start_matches("0x"), 16).is_ok_and(|f| f & 1 != 0);
            if hex.len() == 12 && mac != 0 {
                interfaces.push((!up, read("ifindex").trim().parse().unwrap_or(u32::MAX), mac));
            }
        }
    }
    interfaces.sort();
    if let Some((false, _, mac)) = interfaces.first() {
        return Ok(*mac);
    }
    let universal = interfaces.iter().find(|(_, _, mac)| mac & (1 << 41) == 0);
    if let Some((_, _, mac)) = universal.or(interfaces.first()) {
        return Ok(*mac);
    }
    let b: [u8; 8] = random_bytes()?;
    Ok((u64::from_le_bytes(b) & 0xffff_ffff_ffff) | (1 << 40))
}

fn node() -> PyResult<u64> {
    let known = *NODE.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(n) = known {
        return Ok(n);
    }
    let n = find_node()?;
    *NODE.lock().unwrap_or_else(|e| e.into_inner()) = Some(n);
    Ok(n)
}

fn getnode(_cx: &Cx, args: Args) -> PyResult<Py> {
    args.none("getnode")?;
    Ok(Py::from(node()?))
}

/// The last timestamp `uuid1` used: timestamps only go forward.
static LAST_TIMESTAMP: Mutex<Option<u128>> = Mutex::new(None);

/// `uuid1(node=None, clock_seq=None)`.
fn uuid1(cx: &Cx, args: Args) -> PyResult<Py> {
    let [node_arg, clock_seq] = args.bind("uuid1", ["node?", "clock_seq?"])?;
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    let mut timestamp = nanos / 100 + 0x01b2_1dd2_1381_4000;
    {
        let mut last = LAST_TIMESTAMP.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(prev) = *last {
            if timestamp <= prev {
                timestamp = prev + 1;
            }
        }
        *last = Some(timestamp);
    }
    let clock_seq = match clock_seq.filter(|c| !c.is_none()) {
        Some(c) => numbers::int_of(cx, &c)?,
        None => Py::from(u64::from(u16::from_le_bytes(random_bytes()?) & 0x3fff)),
    };
    // `(clock_seq >> shift) & mask`, with Python's operators (any int).
    let bits = |v: &Py, shift: i64, mask: i64| -> PyResult<Py> {
        let shifted = semantics::binary(cx, BinOp::RShift, v, &Py::Int(shift))?;
        semantics::binary(cx, BinOp::And, &shifted, &Py::Int(mask))
    };
    let node = match node_arg.filter(|n| !n.is_none()) {
        Some(n) => n,
        None => Py::from(node()?),
    };
    let fields_tuple = Py::tuple(vec![
        int_value(timestamp & 0xffff_ffff),
        int_value((timestamp >> 32) & 0xffff),
        int_value((timestamp >> 48) & 0x0fff),
        bits(&clock_seq, 8, 0x3f)?,
        bits(&clock_seq, 0, 0xff)?,
        node,
    ]);
    uuid_new(cx, &UUID, Args::new(vec![], vec![("fields".into(), fields_tuple), ("version".into(), Py::Int(1))]))
}

#[cfg(test)]
mod tests {
    use rpyc_protocol::Value;

    use crate::objects::testing::cx;
    use crate::runtime::semantics;

    /// What `obtain(u)` sends: pickle rebuilds Python's own `uuid.UUID`
    /// with `__setstate__({'int': n})`.
    #[test]
    fn uuids_copy_by_value_as_python_uuids() {
        let cx = cx();
        let u = crate::interp::eval(&cx, "__import__('uuid').UUID(int=5)").expect("uuid");
        let Value::Record(rec) = semantics::to_value(&cx, &u).expect("by value") else { panic!("not a record") };
        assert_eq!(rec.class, "uuid.UUID");
        assert!(rec.args.is_empty());
        assert_eq!(rec.state, Some(Value::Dict(vec![(Value::str("int"), Value::Int(5))])));
        let pickle = rpyc_protocol::pickle::dumps(&Value::Record(rec), 4);
        // The class is looked up as `uuid.UUID`, then built empty and given its state.
        assert!(pickle.windows(4).any(|w| w == b"uuid") && pickle.windows(4).any(|w| w == b"UUID"));
    }
}

#[cfg(test)]
mod node_tests {
    /// On a host with an interface up, the node is the one CPython's
    /// libuuid picks: this machine's answer, from `python3`, when there.
    #[test]
    fn getnode_matches_cpython_here() {
        let Ok(out) = std::process::Command::new("python3").args(["-c", "import uuid; print(uuid.getnode())"]).output()
        else {
            return;
        };
        let cpython: Option<u64> = String::from_utf8_lossy(&out.stdout).trim().parse().ok();
        // A random node (no interface found) has the multicast bit set.
        if let Some(n) = cpython.filter(|n| n & (1 << 40) == 0) {
            assert_eq!(super::find_node().ok(), Some(n));
        }
    }
}
