//! `xml.etree.ElementTree.Element` (the C accelerator's class): `tag`,
//! `attrib` (a real dict), `text`, `tail` and a list of subelements, with
//! the sequence protocol, attribute access and ElementPath searches. By
//! value (`obtain`) the client gets its own `Element`, pickled as CPython
//! pickles one (`__getstate__`: tag, children, attrib, text, tail).

use std::sync::{Arc, LazyLock, Mutex, MutexGuard};

use rpyc_protocol::{Record, Value};

use crate::objects::dict::Dict;
use crate::objects::list::List;
use crate::runtime::args::Args;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::{address, ObjRef, PyObject};
use crate::runtime::semantics;
use crate::runtime::slice::{self, Slice};
use crate::runtime::types::{Type, TypeRef};
use crate::runtime::value::Py;

pub static ELEMENT: LazyLock<TypeRef> = LazyLock::new(|| {
    Type::native("xml.etree.ElementTree", "Element", None, &super::methods::METHODS, Some(element_new))
});

pub type ElemRef = Arc<Element>;

pub struct Element {
    st: Mutex<State>,
}

/// An element's parts.
pub struct State {
    pub tag: Py,
    /// A dict.
    pub attrib: Py,
    pub text: Py,
    pub tail: Py,
    pub children: Vec<ElemRef>,
}

impl Element {
    pub fn new(tag: Py, attrib: Py) -> ElemRef {
        Arc::new(Element {
            st: Mutex::new(State { tag, attrib, text: Py::None, tail: Py::None, children: Vec::new() }),
        })
    }

    /// An element with a str tag and str attributes (what the parser makes).
    pub fn with_attrs(tag: String, attrs: Vec<(String, String)>) -> ElemRef {
        let d = Dict::empty();
        for (k, v) in attrs {
            d.set_plain(Py::str(k), Py::str(v));
        }
        Element::new(Py::str(tag), Py::obj(d))
    }

    pub fn lock(&self) -> MutexGuard<'_, State> {
        self.st.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn tag(&self) -> Py {
        self.lock().tag.clone()
    }
    pub fn text(&self) -> Py {
        self.lock().text.clone()
    }
    pub fn tail(&self) -> Py {
        self.lock().tail.clone()
    }
    pub fn attrib(&self) -> Py {
        self.lock().attrib.clone()
    }
    pub fn children(&self) -> Vec<ElemRef> {
        self.lock().children.clone()
    }
    pub fn set_text(&self, v: Py) {
        self.lock().text = v;
    }
    pub fn set_tail(&self, v: Py) {
        self.lock().tail = v;
    }
    pub fn push(&self, child: ElemRef) {
        self.lock().children.push(child);
    }

    /// The tag when it is a str.
    pub fn tag_str(&self) -> Option<std::sync::Arc<str>> {
        match &self.lock().tag {
            Py::Str(s) => Some(s.clone()),
            _ => None,
        }
    }

    /// `(key, value)` pairs of the attributes, in order.
    pub fn items(&self) -> Vec<(Py, Py)> {
        attrib_dict(&self.attrib()).map(|d| d.items()).unwrap_or_default()
    }

    /// `elem.get(key)` for a str key.
    pub fn get(&self, key: &str) -> Option<Py> {
        attrib_dict(&self.attrib()).and_then(|d| d.get_str(key))
    }
}

fn attrib_dict(v: &Py) -> Option<&Dict> {
    v.downcast::<Dict>()
}

/// The element a value is, if it is one.
pub fn as_element(v: &Py) -> Option<ElemRef> {
    match v {
        Py::Obj(o) if o.as_any().is::<Element>() => o.clone().into_any_arc().downcast::<Element>().ok(),
        _ => None,
    }
}

pub fn elem_value(e: &ElemRef) -> Py {
    Py::Obj(e.clone())
}

pub fn this_elem(this: &Py, name: &str) -> PyResult<ElemRef> {
    as_element(this).ok_or_else(|| {
        exceptions::type_error(format!(
            "descriptor '{name}' for 'xml.etree.ElementTree.Element' objects doesn't apply to a '{}' object",
            semantics::type_name(this)
        ))
    })
}

/// `attrib`'s copy for a new element: `{**attrib, **extra}`.
/// `what` names a positional `attrib` argument in the error (keyword and
/// defaulted ones are just `attrib`).
pub fn new_attrib(
    cx: &Cx,
    attrib: Option<Py>,
    extra: Vec<(std::sync::Arc<str>, Py)>,
    what: Option<&str>,
) -> PyResult<Py> {
    let d = Dict::empty();
    if let Some(a) = attrib {
        match a.downcast::<Dict>() {
            Some(src) => {
                for (k, v) in src.items() {
                    d.set_item(cx, k, v)?;
                }
            }
            None => {
                // A client's dict is a netref: CPython names its class in full.
                let type_name = match &a {
                    Py::Client(r) => r.type_name().to_owned(),
                    other => semantics::type_name(other),
                };
                return Err(exceptions::type_error(format!(
                    "{} must be dict, not {type_name}",
                    what.unwrap_or("attrib")
                )));
            }
        }
    }
    for (k, v) in extra {
        d.set_item(cx, Py::Str(k), v)?;
    }
    Ok(Py::obj(d))
}

/// `Element(tag, attrib={}, **extra)`.
fn element_new(cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    let Args { pos, mut kw } = args;
    let n = pos.len();
    let mut pos = pos.into_iter();
    let (tag, attrib) = (pos.next(), pos.next());
    if pos.next().is_some() {
        return Err(exceptions::type_error(format!("Element() takes at most 2 arguments ({n} given)")));
    }
    let Some(tag) = tag else {
        return Err(exceptions::type_error("Element() takes at least 1 argument (0 given)"));
    };
    let (attrib, what) = match attrib {
        Some(a) => (Some(a), Some("Element() argument 2")),
        None => match kw.iter().position(|(k, _)| &**k == "attrib") {
            Some(i) => (Some(kw.remove(i).1), None),
            None => (None, None),
        },
    };
    let attrib = new_attrib(cx, attrib, kw, what)?;
    Ok(elem_value(&Element::new(tag, attrib)))
}

pub fn expect_element(v: &Py) -> PyResult<ElemRef> {
    as_element(v)
        .ok_or_else(|| exceptions::type_error(format!("expected an Element, not \"{}\"", semantics::type_name(v))))
}

/// A deep copy of the subtree (attributes dicts copied, strings shared).
pub fn deep_copy(cx: &Cx, e: &ElemRef) -> PyResult<ElemRef> {
    cx.check_stack("while copying an Element")?;
    let (tag, attrib, text, tail, children) = {
        let st = e.lock();
        (st.tag.clone(), st.attrib.clone(), st.text.clone(), st.tail.clone(), st.children.clone())
    };
    let out = Element::new(tag, new_attrib(cx, Some(attrib), Vec::new(), None)?);
    let copies = children.iter().map(|c| deep_copy(cx, c)).collect::<PyResult<Vec<_>>>()?;
    let mut st = out.lock();
    st.text = text;
    st.tail = tail;
    st.children = copies;
    drop(st);
    Ok(out)
}

/// The subtree in document order (the element first), iteratively.
pub fn walk(e: &ElemRef) -> Vec<ElemRef> {
    let mut out = Vec::new();
    let mut stack = vec![e.clone()];
    while let Some(x) = stack.pop() {
        let children = x.children();
        stack.extend(children.into_iter().rev());
        out.push(x);
    }
    out
}

/// `elem.iter(tag)`: `None` or `"*"` match every element.
pub fn iter_tag(cx: &Cx, e: &ElemRef, tag: &Py) -> PyResult<Vec<ElemRef>> {
    let all = walk(e);
    if tag.is_none() || matches!(tag, Py::Str(s) if &**s == "*") {
        return Ok(all);
    }
    let mut out = Vec::new();
    for x in all {
        let t = x.tag();
        if t.is(tag) || semantics::eq(cx, &t, tag)? {
            out.push(x);
        }
    }
    Ok(out)
}

/// The text parts of the subtree in order: each element's text, then its
/// children's, then each child's tail (elements whose tag is not a str or
/// None, such as comments, give no text but their tails).
pub fn itertext_of(e: &ElemRef) -> PyResult<Vec<Py>> {
    let mut out = Vec::new();
    itertext_into(e, &mut out, true)?;
    Ok(out)
}

fn itertext_into(e: &ElemRef, out: &mut Vec<Py>, root: bool) -> PyResult<()> {
    let (tag, text, children) = {
        let st = e.lock();
        (st.tag.clone(), st.text.clone(), st.children.clone())
    };
    if !matches!(tag, Py::Str(_) | Py::None) {
        return Ok(());
    }
    push_text(&text, out)?;
    for c in &children {
        itertext_into(c, out, false)?;
        push_text(&c.tail(), out)?;
    }
    let _ = root;
    Ok(())
}

fn push_text(t: &Py, out: &mut Vec<Py>) -> PyResult<()> {
    match t {
        Py::None => Ok(()),
        Py::Str(s) if s.is_empty() => Ok(()),
        Py::Str(_) => {
            out.push(t.clone());
            Ok(())
        }
        other => Err(exceptions::type_error(format!("expected str, got {}", semantics::type_name(other)))),
    }
}

/// An index into `n` children, Python's way; `None` when out of range.
fn child_index(cx: &Cx, key: &Py, n: usize) -> PyResult<Option<usize>> {
    let i = match semantics::index_value(key) {
        Some(Py::Int(i)) => i,
        Some(_) => return Err(exceptions::index_error("cannot fit 'int' into an index-sized integer")),
        None => {
            let _ = cx;
            return Err(exceptions::type_error("element indices must be integers"));
        }
    };
    let i = if i < 0 { i + n as i64 } else { i };
    Ok((0..n as i64).contains(&i).then_some(i as usize))
}

impl PyObject for Element {
    fn ty(&self) -> TypeRef {
        ELEMENT.clone()
    }
    fn repr(&self, this: &ObjRef, cx: &Cx) -> PyResult<String> {
        let tag = self.tag();
        Ok(format!("<Element {} at {:#x}>", semantics::repr(cx, &tag)?, address(this)))
    }
    fn len(&self, _cx: &Cx) -> PyResult<Option<usize>> {
        Ok(Some(self.lock().children.len()))
    }
    fn truthy(&self, _cx: &Cx) -> PyResult<Option<bool>> {
        Ok(Some(!self.lock().children.is_empty()))
    }
    fn iter(&self, _this: &ObjRef, _cx: &Cx) -> PyResult<Option<Py>> {
        Ok(Some(super::snapshot_iter(self.children().iter().map(elem_value).collect())))
    }
    fn getitem(&self, _this: &ObjRef, key: &Py, cx: &Cx) -> PyResult<Option<Py>> {
        let children = self.children();
        if let Some(s) = key.downcast::<Slice>() {
            let picked = slice::positions(cx, s, children.len())?.map(|i| elem_value(&children[i])).collect();
            return Ok(Some(List::new(picked)));
        }
        match child_index(cx, key, children.len())? {
            Some(i) => Ok(Some(elem_value(&children[i]))),
            None => Err(exceptions::index_error("child index out of range")),
        }
    }
    fn setitem(&self, key: Py, value: Py, cx: &Cx) -> PyResult<bool> {
        if let Some(s) = key.downcast::<Slice>() {
            let new = semantics::iterate(cx, &value)?.iter().map(expect_element).collect::<PyResult<Vec<_>>>()?;
            let mut children = self.children();
            let (start, stop, step, count) = slice::adjust(cx, s, children.len())?;
            if step == 1 {
                let stop = stop.max(start) as usize;
                children.splice(start as usize..stop, new);
            } else {
                if new.len() != count {
                    return Err(exceptions::value_error(format!(
                        "attempt to assign sequence of size {} to extended slice of size {count}",
                        new.len()
                    )));
                }
                for (k, v) in new.into_iter().enumerate() {
                    children[(start + k as i64 * step) as usize] = v;
                }
            }
            self.lock().children = children;
            return Ok(true);
        }
        let n = self.lock().children.len();
        let Some(i) = child_index(cx, &key, n)? else {
            return Err(exceptions::index_error("child assignment index out of range"));
        };
        let child = expect_element(&value)?;
        let mut st = self.lock();
        match (i < st.children.len()).then_some(i) {
            Some(i) => {
                st.children[i] = child;
                Ok(true)
            }
            None => Err(exceptions::index_error("child assignment index out of range")),
        }
    }
    fn delitem(&self, key: &Py, cx: &Cx) -> PyResult<bool> {
        if let Some(s) = key.downcast::<Slice>() {
            let mut children = self.children();
            let mut doomed: Vec<usize> = slice::positions(cx, s, children.len())?.collect();
            doomed.sort_unstable();
            for i in doomed.into_iter().rev() {
                children.remove(i);
            }
            self.lock().children = children;
            return Ok(true);
        }
        let mut st = self.lock();
        match child_index(cx, key, st.children.len())? {
            Some(i) => {
                st.children.remove(i);
                Ok(true)
            }
            None => Err(exceptions::index_error("child assignment index out of range")),
        }
    }
    fn getattr(&self, _this: &ObjRef, name: &str, _cx: &Cx) -> PyResult<Option<Py>> {
        let st = self.lock();
        Ok(Some(match name {
            "tag" => st.tag.clone(),
            "attrib" => st.attrib.clone(),
            "text" => st.text.clone(),
            "tail" => st.tail.clone(),
            _ => return Ok(None),
        }))
    }
    fn setattr(&self, name: &str, value: Py, _cx: &Cx) -> PyResult<bool> {
        let mut st = self.lock();
        match name {
            "tag" => st.tag = value,
            "attrib" => st.attrib = value,
            "text" => st.text = value,
            "tail" => st.tail = value,
            _ => {
                return Err(exceptions::attribute_error("xml.etree.ElementTree.Element", name));
            }
        }
        Ok(true)
    }
    fn attr_names(&self) -> Vec<String> {
        ["tag", "attrib", "text", "tail"].map(String::from).to_vec()
    }
    fn to_value(&self, cx: &Cx) -> PyResult<Option<Value>> {
        cx.check_stack("while pickling an object")?;
        let (tag, attrib, text, tail, children) = {
            let st = self.lock();
            (st.tag.clone(), st.attrib.clone(), st.text.clone(), st.tail.clone(), st.children.clone())
        };
        let mut kids = Vec::with_capacity(children.len());
        for c in &children {
            kids.push(semantics::to_value(cx, &elem_value(c))?);
        }
        let state = Value::Dict(vec![
            (Value::str("tag"), semantics::to_value(cx, &tag)?),
            (Value::str("_children"), Value::List(kids)),
            (Value::str("attrib"), semantics::to_value(cx, &attrib)?),
            (Value::str("text"), semantics::to_value(cx, &text)?),
            (Value::str("tail"), semantics::to_value(cx, &tail)?),
        ]);
        Ok(Some(Value::Record(Box::new(Record {
            class: "xml.etree.ElementTree:Element".to_owned(),
            args: Vec::new(),
            state: Some(state),
        }))))
    }
    fn take_children(&self) -> Vec<Py> {
        let mut st = self.lock();
        let mut out: Vec<Py> = st.children.drain(..).map(|c| elem_value(&c)).collect();
        out.push(std::mem::replace(&mut st.attrib, Py::None));
        out
    }
}
