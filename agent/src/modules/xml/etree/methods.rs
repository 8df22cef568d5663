//! The Python methods of `xml.etree.ElementTree.Element`: children
//! (`append`, `extend`, `insert`, `remove`, `clear`), attributes (`get`,
//! `set`, `keys`, `items`), searches (`find`, `findall`, `findtext`,
//! `iterfind`, `iter`, `itertext`), copies and pickling state.

use std::sync::Arc;

use super::element::{
    as_element, deep_copy, elem_value, expect_element, iter_tag, itertext_of, new_attrib, this_elem, ElemRef, Element,
};
use super::path;
use crate::objects::dict::Dict;
use crate::objects::list::List;
use crate::runtime::args::{self, req, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::semantics;
use crate::runtime::types::{method, Method};
use crate::runtime::value::Py;

/// A child argument: an Element, else `TypeError` worded by `what`.
fn child_arg(v: &Py, what: &str) -> PyResult<ElemRef> {
    as_element(v).ok_or_else(|| {
        exceptions::type_error(format!("{what} must be xml.etree.ElementTree.Element, not {}", semantics::type_name(v)))
    })
}

fn append(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [sub] = args.bind("append", ["subelement"])?;
    let child = child_arg(&req(sub), "append() argument")?;
    this_elem(this, "append")?.push(child);
    Ok(Py::None)
}

fn extend(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [elements] = args.bind("extend", ["elements"])?;
    let e = this_elem(this, "extend")?;
    let elements = req(elements);
    let items = semantics::iterate(cx, &elements).map_err(|err| {
        if err.is("TypeError") {
            exceptions::type_error(format!("expected sequence, not \"{}\"", semantics::type_name(&elements)))
        } else {
            err
        }
    })?;
    let children = items.iter().map(expect_element).collect::<PyResult<Vec<_>>>()?;
    e.lock().children.extend(children);
    Ok(Py::None)
}

fn insert(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [index, sub] = args.bind("insert", ["index", "subelement"])?;
    let index = args::to_int("insert", &req(index))?;
    let child = child_arg(&req(sub), "insert() argument 2")?;
    let e = this_elem(this, "insert")?;
    let mut st = e.lock();
    let n = st.children.len() as i64;
    let at = if index < 0 { (index + n).max(0) } else { index.min(n) };
    st.children.insert(at as usize, child);
    Ok(Py::None)
}

fn remove(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [sub] = args.bind("remove", ["subelement"])?;
    let child = child_arg(&req(sub), "remove() argument")?;
    let e = this_elem(this, "remove")?;
    let mut st = e.lock();
    match st.children.iter().position(|c| Arc::ptr_eq(c, &child)) {
        Some(i) => {
            st.children.remove(i);
            Ok(Py::None)
        }
        None => Err(exceptions::value_error("list.remove(x): x not in list")),
    }
}

fn clear(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("clear")?;
    let e = this_elem(this, "clear")?;
    let old = {
        let mut st = e.lock();
        st.text = Py::None;
        st.tail = Py::None;
        let attrib = std::mem::replace(&mut st.attrib, Py::obj(Dict::empty()));
        let children: Vec<Py> = st.children.drain(..).map(|c| elem_value(&c)).collect();
        (attrib, children)
    };
    crate::runtime::object::drop_values(old.1);
    drop(old.0);
    Ok(Py::None)
}

fn get(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [key, default] = args.bind("get", ["key", "default?"])?;
    let attrib = this_elem(this, "get")?.attrib();
    let found = match attrib.downcast::<Dict>() {
        Some(d) => d.get_item(cx, &req(key))?,
        None => None,
    };
    Ok(found.unwrap_or_else(|| default.unwrap_or(Py::None)))
}

fn set(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [key, value] = args.bind("set", ["key", "value"])?;
    let attrib = this_elem(this, "set")?.attrib();
    match attrib.downcast::<Dict>() {
        Some(d) => d.set_item(cx, req(key), req(value))?,
        None => semantics::setitem(cx, &attrib, req(key), req(value))?,
    }
    Ok(Py::None)
}

fn keys(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("keys")?;
    let items = this_elem(this, "keys")?.items();
    Ok(List::new(items.into_iter().map(|(k, _)| k).collect()))
}

fn items(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("items")?;
    let items = this_elem(this, "items")?.items();
    Ok(List::new(items.into_iter().map(|(k, v)| Py::tuple(vec![k, v])).collect()))
}

fn makeelement(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    this_elem(this, "makeelement")?;
    let [tag, attrib] = args.bind("makeelement", ["tag", "attrib"])?;
    let attrib = new_attrib(cx, attrib, Vec::new(), Some("makeelement() argument 2"))?;
    Ok(elem_value(&Element::new(req(tag), attrib)))
}

/// `copy.copy(elem)`: a new element sharing the children.
fn copy(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("__copy__")?;
    let e = this_elem(this, "__copy__")?;
    let (tag, attrib, text, tail, children) = {
        let st = e.lock();
        (st.tag.clone(), st.attrib.clone(), st.text.clone(), st.tail.clone(), st.children.clone())
    };
    let attrib = new_attrib(cx, Some(attrib), Vec::new(), None)?;
    let out = Element::new(tag, attrib);
    {
        let mut st = out.lock();
        st.text = text;
        st.tail = tail;
        st.children = children;
    }
    Ok(elem_value(&out))
}

fn deepcopy(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [_memo] = args.bind("__deepcopy__", ["memo"])?;
    deep_copy(cx, &this_elem(this, "__deepcopy__")?).map(|e| elem_value(&e))
}

fn find(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [p, ns] = args.bind("find", ["path", "namespaces?"])?;
    let e = this_elem(this, "find")?;
    let found = path::findall(cx, &e, &req(p), ns.as_ref())?;
    Ok(found.first().map_or(Py::None, elem_value))
}

fn findall(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [p, ns] = args.bind("findall", ["path", "namespaces?"])?;
    let e = this_elem(this, "findall")?;
    let found = path::findall(cx, &e, &req(p), ns.as_ref())?;
    Ok(List::new(found.iter().map(elem_value).collect()))
}

fn iterfind(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [p, ns] = args.bind("iterfind", ["path", "namespaces?"])?;
    let e = this_elem(this, "iterfind")?;
    let found = path::findall(cx, &e, &req(p), ns.as_ref())?;
    Ok(super::snapshot_iter(found.iter().map(elem_value).collect()))
}

fn findtext(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [p, default, ns] = args.bind("findtext", ["path", "default?", "namespaces?"])?;
    let e = this_elem(this, "findtext")?;
    let found = path::findall(cx, &e, &req(p), ns.as_ref())?;
    Ok(match found.first() {
        None => default.unwrap_or(Py::None),
        Some(f) => match f.text() {
            Py::None => Py::str(""),
            t => t,
        },
    })
}

fn iter(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [tag] = args.bind("iter", ["tag?"])?;
    let e = this_elem(this, "iter")?;
    let found = iter_tag(cx, &e, &tag.unwrap_or(Py::None))?;
    Ok(super::snapshot_iter(found.iter().map(elem_value).collect()))
}

fn itertext(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("itertext")?;
    let e = this_elem(this, "itertext")?;
    Ok(super::snapshot_iter(itertext_of(&e)?))
}

fn getstate(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("__getstate__")?;
    let e = this_elem(this, "__getstate__")?;
    let st = e.lock();
    let pairs = vec![
        (Py::str("tag"), st.tag.clone()),
        (Py::str("attrib"), st.attrib.clone()),
        (Py::str("text"), st.text.clone()),
        (Py::str("tail"), st.tail.clone()),
        (Py::str("_children"), List::new(st.children.iter().map(elem_value).collect())),
    ];
    drop(st);
    Dict::from_pairs(cx, pairs)
}

pub static METHODS: [Method; 21] = [
    method("append", append),
    method("extend", extend),
    method("insert", insert),
    method("remove", remove),
    method("clear", clear),
    method("get", get),
    method("set", set),
    method("keys", keys),
    method("items", items),
    method("find", find),
    method("findall", findall),
    method("findtext", findtext),
    method("iterfind", iterfind),
    method("iter", iter),
    method("itertext", itertext),
    method("makeelement", makeelement),
    method("__copy__", copy),
    method("__deepcopy__", deepcopy),
    method("__getstate__", getstate),
    method("__len__", |cx, this, a| {
        a.none("__len__")?;
        Ok(Py::from(semantics::len(cx, this)?))
    }),
    method("__getitem__", |cx, this, a| {
        let [k] = a.bind("__getitem__", ["key"])?;
        semantics::getitem(cx, this, &req(k))
    }),
];
