//! `bytearray`: mutable binary data. It shares every method of `bytes`
//! (results are bytearrays) and adds the mutating ones: `append`,
//! `extend`, `insert`, `pop`, `remove`, `reverse`, `clear`, `copy`, item
//! and slice assignment and deletion, `+=` and `*=`.
//!
//! Its base value is a bytes snapshot, so comparisons, hashing errors
//! aside, `bytes(ba)`, `b'x' + ba` and the like work as with bytes.
//! Nothing here calls out while holding the lock: values to store are
//! converted first.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock, Mutex, MutexGuard};

use rpyc_protocol::Value;

use super::arg_styles;
use super::bytes::{bytes_like, search, shared_methods, split, transform, SHARED_METHODS};
use super::str::ssize_arg;
use crate::runtime::args::Args;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::{BinOp, ObjRef, PyObject};
use crate::runtime::semantics;
use crate::runtime::slice::{self, Slice};
use crate::runtime::types::{class_method, method, static_method, Method, Type, TypeRef};
use crate::runtime::value::Py;

pub static BYTEARRAY: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("builtins", "bytearray", None, &BYTEARRAY_METHODS, Some(bytearray_new)));
pub static BYTEARRAY_ITERATOR: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("builtins", "bytearray_iterator", None, &[], None));

pub struct ByteArray {
    data: Mutex<Vec<u8>>,
}

impl ByteArray {
    pub fn new(data: Vec<u8>) -> Py {
        Py::Obj(Arc::new(ByteArray { data: Mutex::new(data) }))
    }

    pub fn lock(&self) -> MutexGuard<'_, Vec<u8>> {
        self.data.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A copy of the data.
    pub fn snapshot(&self) -> Vec<u8> {
        self.lock().clone()
    }
}

/// `repr(bytearray)`: like a bytes repr, except that CPython escapes
/// single quotes even inside double quotes.
pub fn bytearray_repr(data: &[u8]) -> String {
    let mut quote = b'\'';
    for &b in data {
        if b == b'"' {
            quote = b'\'';
            break;
        }
        if b == b'\'' {
            quote = b'"';
        }
    }
    let mut out = String::with_capacity(data.len() + 14);
    out.push_str("bytearray(b");
    out.push(char::from(quote));
    for &b in data {
        match b {
            b'\'' | b'\\' => {
                out.push('\\');
                out.push(char::from(b));
            }
            b'\t' => out.push_str("\\t"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b' '..=0x7e => out.push(char::from(b)),
            _ => out.push_str(&format!("\\x{b:02x}")),
        }
    }
    out.push(char::from(quote));
    out.push(')');
    out
}

fn bytearray_new(cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    let [source, encoding, errors] = args.bind("bytearray", ["source?", "encoding?", "errors?"])?;
    let Some(source) = source else { return Ok(ByteArray::new(Vec::new())) };
    if let Py::Str(s) = &source {
        let Some(encoding) = encoding else {
            return Err(exceptions::type_error("string argument without an encoding"));
        };
        let encoding = crate::runtime::args::to_str("bytearray", &encoding)?;
        let errors = crate::runtime::args::opt_str("bytearray", errors.as_ref())?.unwrap_or_else(|| "strict".into());
        return super::bytes::encode(s, &encoding, &errors).map(ByteArray::new);
    }
    if encoding.is_some() || errors.is_some() {
        return Err(exceptions::type_error("encoding without a string argument"));
    }
    if let Some(b) = bytes_like(&source) {
        return Ok(ByteArray::new(b.to_vec()));
    }
    match semantics::index_value(&source) {
        Some(Py::Int(n)) if n < 0 => return Err(exceptions::value_error("negative count")),
        Some(Py::Int(n)) => {
            if n as usize > semantics::MAX_BYTES {
                return Err(exceptions::memory_error("bytearray"));
            }
            return Ok(ByteArray::new(vec![0; n as usize]));
        }
        Some(_) => return Err(exceptions::overflow_error("cannot fit 'int' into an index-sized integer")),
        None => {}
    }
    if semantics::iter(cx, &source).is_err() {
        return Err(exceptions::type_error(format!(
            "cannot convert '{}' object to bytearray",
            semantics::type_name(&source)
        )));
    }
    byte_values(cx, &source).map(ByteArray::new)
}

/// One byte value (`ba.append(x)`, `ba[i] = x`).
fn byte_value(v: &Py) -> PyResult<u8> {
    match semantics::index_value(v) {
        Some(Py::Int(n)) if (0..256).contains(&n) => Ok(n as u8),
        Some(_) => Err(exceptions::value_error("byte must be in range(0, 256)")),
        None => Err(exceptions::type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            semantics::type_name(v)
        ))),
    }
}

/// The bytes of a bytes-like value or of an iterable of byte values.
fn byte_values(cx: &Cx, v: &Py) -> PyResult<Vec<u8>> {
    if let Some(b) = bytes_like(v) {
        return Ok(b.to_vec());
    }
    semantics::iterate(cx, v)?.iter().map(byte_value).collect()
}

/// A subscript resolved to plain integers before the lock is taken:
/// resolving may read other objects, this one included (`ba[ba[0]:]`).
enum Subscript {
    Index(Py),
    Slice(Slice),
}

fn subscript(key: &Py) -> PyResult<Subscript> {
    if let Some(sl) = key.downcast::<Slice>() {
        let plain = |v: &Py| match v {
            Py::None => Ok(Py::None),
            other => semantics::index_value(other).ok_or_else(|| {
                exceptions::type_error("slice indices must be integers or None or have an __index__ method")
            }),
        };
        return Ok(Subscript::Slice(Slice {
            start: plain(&sl.start)?,
            stop: plain(&sl.stop)?,
            step: plain(&sl.step)?,
        }));
    }
    match semantics::index_value(key) {
        Some(i) => Ok(Subscript::Index(i)),
        None => Err(exceptions::type_error(format!(
            "bytearray indices must be integers or slices, not {}",
            semantics::type_name(key)
        ))),
    }
}

fn cannot_multiply(other: &Py) -> exceptions::PyErr {
    exceptions::type_error(format!("can't multiply sequence by non-int of type '{}'", semantics::type_name(other)))
}

fn this_array<'a>(this: &'a Py, name: &str) -> PyResult<&'a ByteArray> {
    this.downcast::<ByteArray>().ok_or_else(|| {
        exceptions::type_error(format!(
            "descriptor '{name}' for 'bytearray' objects doesn't apply to a '{}' object",
            semantics::type_name(this)
        ))
    })
}

impl PyObject for ByteArray {
    fn ty(&self) -> TypeRef {
        BYTEARRAY.clone()
    }
    fn repr(&self, _this: &ObjRef, _cx: &Cx) -> PyResult<String> {
        Ok(bytearray_repr(&self.snapshot()))
    }
    fn hash(&self, _cx: &Cx) -> PyResult<Option<i64>> {
        Err(exceptions::type_error("unhashable type: 'bytearray'"))
    }
    fn len(&self, _cx: &Cx) -> PyResult<Option<usize>> {
        Ok(Some(self.lock().len()))
    }
    fn iter(&self, this: &ObjRef, _cx: &Cx) -> PyResult<Option<Py>> {
        Ok(Some(Py::obj(ByteArrayIter { array: this.clone(), pos: AtomicUsize::new(0) })))
    }
    fn getitem(&self, _this: &ObjRef, key: &Py, cx: &Cx) -> PyResult<Option<Py>> {
        let key = subscript(key)?;
        let data = self.lock();
        match key {
            Subscript::Slice(sl) => {
                let picked: Vec<u8> = slice::positions(cx, &sl, data.len())?.map(|i| data[i]).collect();
                Ok(Some(ByteArray::new(picked)))
            }
            Subscript::Index(i) => {
                let i = semantics::seq_index("bytearray", &i, data.len())?;
                Ok(Some(Py::Int(i64::from(data[i]))))
            }
        }
    }
    fn setitem(&self, key: Py, value: Py, cx: &Cx) -> PyResult<bool> {
        // CPython's order: the index, then the value, then the bounds.
        if let Some(index) = semantics::index_value(&key) {
            let Py::Int(i) = index else {
                return Err(exceptions::index_error("cannot fit 'int' into an index-sized integer"));
            };
            let b = byte_value(&value)?;
            let mut data = self.lock();
            let len = data.len() as i64;
            let real = if i < 0 { i + len } else { i };
            if real < 0 || real >= len {
                return Err(exceptions::index_error("bytearray index out of range"));
            }
            data[real as usize] = b;
            return Ok(true);
        }
        let Subscript::Slice(sl) = subscript(&key)? else {
            return Err(exceptions::type_error("bytearray indices must be integers or slices"));
        };
        // A zero step fails before the value is looked at.
        slice::adjust(cx, &sl, 0)?;
        let new = match bytes_like(&value) {
            Some(b) => b.to_vec(),
            None if matches!(value, Py::Str(_)) || semantics::num::of(&value).is_some() => {
                return Err(exceptions::type_error(
                    "can assign only bytes, buffers, or iterables of ints in range(0, 256)",
                ))
            }
            None => {
                if semantics::iter(cx, &value).is_err() {
                    return Err(exceptions::type_error(format!(
                        "cannot convert '{}' object to bytearray",
                        semantics::type_name(&value)
                    )));
                }
                byte_values(cx, &value)?
            }
        };
        let mut data = self.lock();
        let (start, stop, step, count) = slice::adjust(cx, &sl, data.len())?;
        if step == 1 {
            let stop = stop.max(start) as usize;
            data.splice(start as usize..stop, new);
        } else if new.is_empty() {
            let mut doomed = vec![false; data.len()];
            for k in 0..count as i64 {
                doomed[(start + k * step) as usize] = true;
            }
            let mut k = 0;
            data.retain(|_| {
                k += 1;
                !doomed[k - 1]
            });
        } else {
            if new.len() != count {
                return Err(exceptions::value_error(format!(
                    "attempt to assign bytes of size {} to extended slice of size {count}",
                    new.len()
                )));
            }
            for (k, b) in new.into_iter().enumerate() {
                data[(start + k as i64 * step) as usize] = b;
            }
        }
        Ok(true)
    }
    fn delitem(&self, key: &Py, cx: &Cx) -> PyResult<bool> {
        let key = subscript(key)?;
        let mut data = self.lock();
        match key {
            Subscript::Slice(sl) => {
                let mut doomed = vec![false; data.len()];
                for i in slice::positions(cx, &sl, data.len())? {
                    doomed[i] = true;
                }
                let mut k = 0;
                data.retain(|_| {
                    k += 1;
                    !doomed[k - 1]
                });
            }
            Subscript::Index(i) => {
                let i = semantics::seq_index("bytearray", &i, data.len())?;
                data.remove(i);
            }
        }
        Ok(true)
    }
    fn contains(&self, item: &Py, _cx: &Cx) -> PyResult<Option<bool>> {
        let data = self.snapshot();
        if let Some(sub) = bytes_like(item) {
            return Ok(Some(search::find_bytes(&data, &sub).is_some()));
        }
        match semantics::index_value(item) {
            Some(Py::Int(n)) if (0..256).contains(&n) => Ok(Some(data.contains(&(n as u8)))),
            Some(_) => Err(exceptions::value_error("byte must be in range(0, 256)")),
            None => Err(exceptions::type_error(format!(
                "a bytes-like object is required, not '{}'",
                semantics::type_name(item)
            ))),
        }
    }
    fn binary(&self, _this: &ObjRef, op: BinOp, other: &Py, reflected: bool, cx: &Cx) -> PyResult<Option<Py>> {
        match (op, reflected) {
            (BinOp::Add, false) => {
                let Some(more) = bytes_like(other) else {
                    return Err(exceptions::type_error(format!(
                        "can't concat {} to bytearray",
                        semantics::type_name(other)
                    )));
                };
                let mut data = self.snapshot();
                data.extend_from_slice(&more);
                if data.len() > semantics::MAX_BYTES {
                    return Err(exceptions::memory_error("bytearray"));
                }
                Ok(Some(ByteArray::new(data)))
            }
            (BinOp::Mul, _) => {
                let count = match semantics::index_value(other) {
                    Some(Py::Int(n)) => n.max(0) as usize,
                    Some(_) => return Err(exceptions::memory_error("bytearray")),
                    None => return Err(cannot_multiply(other)),
                };
                let data = self.snapshot();
                semantics::check_repeat(data.len(), count, semantics::MAX_BYTES, "bytearray")?;
                Ok(Some(ByteArray::new(data.repeat(count))))
            }
            (BinOp::Mod, false) => {
                let out = semantics::percent::format_bytes(cx, &self.snapshot(), other)?;
                Ok(Some(ByteArray::new(out)))
            }
            _ => Ok(None),
        }
    }
    fn inplace(&self, this: &ObjRef, op: BinOp, other: &Py, _cx: &Cx) -> PyResult<Option<Py>> {
        match op {
            BinOp::Add => {
                let Some(more) = bytes_like(other) else {
                    return Err(exceptions::type_error(format!(
                        "can't concat {} to bytearray",
                        semantics::type_name(other)
                    )));
                };
                let mut data = self.lock();
                if data.len() + more.len() > semantics::MAX_BYTES {
                    return Err(exceptions::memory_error("bytearray"));
                }
                data.extend_from_slice(&more);
                Ok(Some(Py::Obj(this.clone())))
            }
            BinOp::Mul => {
                let count = match semantics::index_value(other) {
                    Some(Py::Int(n)) => n.max(0) as usize,
                    Some(_) => return Err(exceptions::memory_error("bytearray")),
                    None => return Err(cannot_multiply(other)),
                };
                let mut data = self.lock();
                semantics::check_repeat(data.len(), count, semantics::MAX_BYTES, "bytearray")?;
                let once = std::mem::take(&mut *data);
                *data = once.repeat(count);
                Ok(Some(Py::Obj(this.clone())))
            }
            _ => Ok(None),
        }
    }
    fn base_value(&self) -> Option<Py> {
        Some(Py::bytes(self.snapshot()))
    }
    fn to_value(&self, _cx: &Cx) -> PyResult<Option<Value>> {
        Ok(Some(Value::ByteArray(self.snapshot())))
    }
}

/// Iterates a bytearray by position, seeing changes made meanwhile.
pub struct ByteArrayIter {
    array: ObjRef,
    pos: AtomicUsize,
}

impl PyObject for ByteArrayIter {
    fn ty(&self) -> TypeRef {
        BYTEARRAY_ITERATOR.clone()
    }
    fn is_iterator(&self) -> bool {
        true
    }
    fn iter(&self, this: &ObjRef, _cx: &Cx) -> PyResult<Option<Py>> {
        Ok(Some(Py::Obj(this.clone())))
    }
    fn next(&self, _cx: &Cx) -> PyResult<Option<Py>> {
        let Some(array) = self.array.as_any().downcast_ref::<ByteArray>() else { return Ok(None) };
        let data = array.lock();
        let i = self.pos.fetch_add(1, Ordering::Relaxed);
        Ok(data.get(i).map(|&b| Py::Int(i64::from(b))))
    }
    fn length_hint(&self, _cx: &Cx) -> PyResult<Option<usize>> {
        let Some(array) = self.array.as_any().downcast_ref::<ByteArray>() else { return Ok(Some(0)) };
        Ok(Some(array.lock().len().saturating_sub(self.pos.load(Ordering::Relaxed))))
    }
}

// ------------------------------------------------------------------ methods

fn append(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let array = this_array(this, "append")?;
    let b = byte_value(&arg_styles::one_arg("bytearray", "append", args)?)?;
    array.lock().push(b);
    Ok(Py::None)
}

fn extend(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let array = this_array(this, "extend")?;
    let v = arg_styles::one_arg("bytearray", "extend", args)?;
    if bytes_like(&v).is_none() && semantics::iter(cx, &v).is_err() {
        return Err(exceptions::type_error(format!("can't extend bytearray with {}", semantics::type_name(&v))));
    }
    let more = byte_values(cx, &v)?;
    array.lock().extend_from_slice(&more);
    Ok(Py::None)
}

fn insert(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let array = this_array(this, "insert")?;
    let a = arg_styles::positional("bytearray", "insert", args, 2, 2)?;
    let i = ssize_arg(&a[0])?;
    let b = byte_value(&a[1])?;
    let mut data = array.lock();
    let len = data.len() as i64;
    let at = if i < 0 { (i + len).max(0) } else { i.min(len) } as usize;
    data.insert(at, b);
    Ok(Py::None)
}

fn pop(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let array = this_array(this, "pop")?;
    let a = arg_styles::positional("bytearray", "pop", args, 0, 1)?;
    let i = match a.first() {
        Some(v) => ssize_arg(v)?,
        None => -1,
    };
    let mut data = array.lock();
    if data.is_empty() {
        return Err(exceptions::index_error("pop from empty bytearray"));
    }
    let len = data.len() as i64;
    let real = if i < 0 { i + len } else { i };
    if real < 0 || real >= len {
        return Err(exceptions::index_error("pop index out of range"));
    }
    Ok(Py::Int(i64::from(data.remove(real as usize))))
}

fn remove(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let array = this_array(this, "remove")?;
    let b = byte_value(&arg_styles::one_arg("bytearray", "remove", args)?)?;
    let mut data = array.lock();
    match data.iter().position(|&x| x == b) {
        Some(i) => {
            data.remove(i);
            Ok(Py::None)
        }
        None => Err(exceptions::value_error("value not found in bytearray")),
    }
}

fn reverse(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let array = this_array(this, "reverse")?;
    arg_styles::no_args("bytearray", "reverse", args)?;
    array.lock().reverse();
    Ok(Py::None)
}

fn clear(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let array = this_array(this, "clear")?;
    arg_styles::no_args("bytearray", "clear", args)?;
    array.lock().clear();
    Ok(Py::None)
}

fn copy(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let array = this_array(this, "copy")?;
    arg_styles::no_args("bytearray", "copy", args)?;
    Ok(ByteArray::new(array.snapshot()))
}

/// The shared methods of bytes, then the mutating ones.
static BYTEARRAY_METHODS: [Method; SHARED_METHODS + 8] = shared_methods!(
    method("append", append),
    method("extend", extend),
    method("insert", insert),
    method("pop", pop),
    method("remove", remove),
    method("reverse", reverse),
    method("clear", clear),
    method("copy", copy),
);

#[cfg(test)]
mod tests {
    //! Expectations printed by CPython 3.11 (`python3`); mutation,
    //! indexing and operators are also in the differential run
    //! (`objects::text_cases`).

    use super::*;
    use crate::objects::testing::cx;
    use crate::runtime::object::CmpOp;

    fn ba(data: &[u8]) -> Py {
        ByteArray::new(data.to_vec())
    }

    fn repr(v: &Py) -> String {
        semantics::repr(&cx(), v).expect("repr")
    }

    #[test]
    fn repr_escapes_single_quotes_as_cpython_does() {
        assert_eq!(repr(&ba(b"it's")), "bytearray(b\"it\\'s\")");
        assert_eq!(repr(&ba(b"a\"b'c")), "bytearray(b'a\"b\\'c')");
        assert_eq!(repr(&ba(b"\x00\t\xff")), "bytearray(b'\\x00\\t\\xff')");
    }

    #[test]
    fn iteration_sees_appends() {
        let cx = cx();
        let b = ba(b"ab");
        let it = semantics::iter(&cx, &b).expect("iter");
        assert_eq!(repr(&semantics::next(&cx, &it).expect("next").expect("item")), "97");
        crate::objects::attr::call_method(&cx, &b, "append", Args::one(Py::Int(99))).expect("append");
        let rest: Vec<String> =
            std::iter::from_fn(|| semantics::next(&cx, &it).expect("next")).map(|v| repr(&v)).collect();
        assert_eq!(rest, ["98", "99"]);
    }

    #[test]
    fn in_place_add_keeps_the_object_and_slices_copy_first() {
        let cx = cx();
        let b = ba(b"x");
        let r = semantics::inplace(&cx, BinOp::Add, &b, &Py::bytes(b"yz".to_vec())).expect("+=");
        assert!(r.is(&b));
        assert_eq!(repr(&b), "bytearray(b'xyz')");
        let b = ba(b"abcdef");
        let key = Slice::new(Py::Int(1), Py::Int(3), Py::None);
        semantics::setitem(&cx, &b, key, b.clone()).expect("b[1:3] = b");
        assert_eq!(repr(&b), "bytearray(b'aabcdefdef')");
    }

    /// Subscripts are resolved before the lock: a bytearray indexed by
    /// itself fails as in CPython instead of waiting on its own lock.
    #[test]
    fn indexing_by_itself_does_not_deadlock() {
        let cx = cx();
        let b = ba(b"ab");
        let err = semantics::getitem(&cx, &b, &b).expect_err("not an index");
        assert_eq!(err.message(&cx), "bytearray indices must be integers or slices, not bytearray");
        let key = Slice::new(b.clone(), Py::None, Py::None);
        let err = semantics::setitem(&cx, &b, key, Py::bytes(b"x".to_vec())).expect_err("not an index");
        assert_eq!(err.message(&cx), "slice indices must be integers or None or have an __index__ method");
        assert!(semantics::delitem(&cx, &b, &b).is_err());
    }

    #[test]
    fn compares_and_concatenates_with_bytes() {
        let cx = cx();
        let ab = Py::bytes(b"ab".to_vec());
        assert!(semantics::eq(&cx, &ba(b"ab"), &ab).expect("=="));
        assert!(semantics::richcmp(&cx, &ab, &ba(b"b"), CmpOp::Lt).expect("<"));
        let c = Py::bytes(b"c".to_vec());
        assert_eq!(repr(&semantics::binary(&cx, BinOp::Add, &ba(b"ab"), &c).expect("+")), "bytearray(b'abc')");
        assert_eq!(repr(&semantics::binary(&cx, BinOp::Add, &c, &ba(b"ab")).expect("+")), "b'cab'");
        let err = semantics::hash(&cx, &ba(b"")).expect_err("unhashable");
        assert_eq!(err.message(&cx), "unhashable type: 'bytearray'");
        assert_eq!(semantics::to_value(&cx, &ba(b"q")).expect("value"), Value::ByteArray(b"q".to_vec()));
    }
}
