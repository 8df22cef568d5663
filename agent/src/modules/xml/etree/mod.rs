//! `xml.etree.ElementTree`: `Element`, `SubElement`, `Comment`,
//! `ProcessingInstruction`, `ElementTree`, parsing (`fromstring`/`XML`,
//! `fromstringlist`, `parse`, `iterparse`), serialising (`tostring`,
//! `tostringlist`, `dump`, `ElementTree.write`), `indent`, `iselement`,
//! `register_namespace` and `ParseError` (a `SyntaxError` with `code` and
//! `position`). Not here: `XMLParser`, `TreeBuilder`, `XMLPullParser`,
//! `QName`, `canonicalize` (an `AttributeError` says so).

mod build;
mod element;
mod methods;
mod path;
mod serialize;
#[cfg(test)]
mod tests;
mod tree;

use std::sync::{Arc, LazyLock};

use crate::objects::list::List;
use crate::objects::module::{b, f, ModuleDef};
use crate::runtime::args::{self, req, Args};
use crate::runtime::callables::Function;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, exception_new, PyResult};
use crate::runtime::object::{ObjRef, PyObject};
use crate::runtime::semantics;
use crate::runtime::types::{type_value, Type, TypeRef};
use crate::runtime::value::Py;

pub use build::PARSE_ERROR;
pub use element::{as_element, Element, ELEMENT};

const MODULE_NAME: &str = "xml.etree.ElementTree";

pub static MODULE: ModuleDef = ModuleDef {
    name: MODULE_NAME,
    type_name: MODULE_NAME,
    doc: "Lightweight XML support for Python.",
    functions: &[
        f("SubElement", sub_element),
        f("fromstring", build::fromstring),
        f("XML", build::fromstring),
        f("fromstringlist", build::fromstringlist),
        b("parse", build::parse),
        b("iterparse", build::iterparse),
        f("tostring", tostring),
        f("tostringlist", tostringlist),
        b("dump", dump),
        f("indent", indent),
        f("iselement", iselement),
        f("register_namespace", register_namespace),
    ],
    attr,
    attr_names: &["Comment", "Element", "ElementTree", "PI", "ParseError", "ProcessingInstruction", "VERSION"],
    setattr: None,
};

/// The `xml.etree` package.
pub static PACKAGE: ModuleDef = ModuleDef {
    name: "xml.etree",
    type_name: "xml.etree",
    doc: "",
    functions: &[],
    attr: |name, _cx| match name {
        "ElementTree" => Some(crate::modules::getmodule(MODULE_NAME).map(Py::Obj)),
        _ => None,
    },
    attr_names: &["ElementTree"],
    setattr: None,
};

/// `Comment` and `ProcessingInstruction` (`PI`): factories whose function
/// object is the tag of the elements they make.
static COMMENT: LazyLock<ObjRef> = LazyLock::new(|| Function::new(MODULE_NAME, "Comment", comment, false));
static PROCESSING_INSTRUCTION: LazyLock<ObjRef> =
    LazyLock::new(|| Function::new(MODULE_NAME, "ProcessingInstruction", processing_instruction, false));

fn attr(name: &str, _cx: &Cx) -> Option<PyResult<Py>> {
    Some(Ok(match name {
        "Element" => type_value(&ELEMENT),
        "ElementTree" => type_value(&tree::ELEMENT_TREE),
        "ParseError" => type_value(&PARSE_ERROR),
        "Comment" => Py::Obj(COMMENT.clone()),
        "PI" | "ProcessingInstruction" => Py::Obj(PROCESSING_INSTRUCTION.clone()),
        "VERSION" => Py::str("1.3.0"),
        _ => return None,
    }))
}

/// Makes the exception class before a client can send one of its name.
pub fn register_classes() {
    LazyLock::force(&PARSE_ERROR);
}

/// "comment" or "pi" when a tag is one of the factories.
pub fn special_kind(tag: &Py) -> Option<&'static str> {
    match tag {
        Py::Obj(o) if Arc::ptr_eq(o, &COMMENT) => Some("comment"),
        Py::Obj(o) if Arc::ptr_eq(o, &PROCESSING_INSTRUCTION) => Some("pi"),
        _ => None,
    }
}

static ELEMENT_ITERATOR: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("_elementtree", "_element_iterator", None, &[], None));

/// An iterator over values computed up front.
pub fn snapshot_iter(items: Vec<Py>) -> Py {
    Py::obj(SnapshotIter { items: std::sync::Mutex::new(items.into_iter()) })
}

struct SnapshotIter {
    items: std::sync::Mutex<std::vec::IntoIter<Py>>,
}

impl PyObject for SnapshotIter {
    fn ty(&self) -> TypeRef {
        ELEMENT_ITERATOR.clone()
    }
    fn is_iterator(&self) -> bool {
        true
    }
    fn iter(&self, this: &ObjRef, _cx: &Cx) -> PyResult<Option<Py>> {
        Ok(Some(Py::Obj(this.clone())))
    }
    fn next(&self, _cx: &Cx) -> PyResult<Option<Py>> {
        Ok(self.items.lock().unwrap_or_else(|e| e.into_inner()).next())
    }
    fn take_children(&self) -> Vec<Py> {
        self.items.lock().unwrap_or_else(|e| e.into_inner()).by_ref().collect()
    }
}

fn comment(cx: &Cx, args: Args) -> PyResult<Py> {
    let [text] = args.bind("Comment", ["text?"])?;
    let e = Element::new(Py::Obj(COMMENT.clone()), element::new_attrib(cx, None, Vec::new(), None)?);
    e.set_text(text.unwrap_or(Py::None));
    Ok(element::elem_value(&e))
}

fn processing_instruction(cx: &Cx, args: Args) -> PyResult<Py> {
    let [target, text] = args.bind("ProcessingInstruction", ["target", "text?"])?;
    let e = Element::new(Py::Obj(PROCESSING_INSTRUCTION.clone()), element::new_attrib(cx, None, Vec::new(), None)?);
    let mut value = req(target);
    if let Some(t) = text.filter(|t| semantics::truthy(cx, t).unwrap_or(false)) {
        let joined = semantics::binary(cx, crate::runtime::object::BinOp::Add, &value, &Py::str(" "))?;
        value = semantics::binary(cx, crate::runtime::object::BinOp::Add, &joined, &t)?;
    }
    e.set_text(value);
    Ok(element::elem_value(&e))
}

/// `SubElement(parent, tag, attrib={}, **extra)`.
fn sub_element(cx: &Cx, args: Args) -> PyResult<Py> {
    let Args { pos, kw } = args;
    let mut pos = pos.into_iter();
    let (Some(parent), Some(tag)) = (pos.next(), pos.next()) else {
        return Err(exceptions::type_error("SubElement() takes at least 2 positional arguments"));
    };
    let (attrib, what) = match pos.next() {
        Some(a) => (Some(a), Some("SubElement() argument 3")),
        None => (None, None),
    };
    let mut kw = kw;
    let attrib = match (attrib, kw.iter().position(|(k, _)| &**k == "attrib")) {
        (None, Some(i)) => Some(kw.remove(i).1),
        (a, _) => a,
    };
    let parent = as_element(&parent).ok_or_else(|| {
        exceptions::type_error(format!(
            "SubElement() argument 1 must be xml.etree.ElementTree.Element, not {}",
            semantics::type_name(&parent)
        ))
    })?;
    let e = Element::new(tag, element::new_attrib(cx, attrib, kw, what)?);
    parent.push(e.clone());
    Ok(element::elem_value(&e))
}

fn iselement(cx: &Cx, args: Args) -> PyResult<Py> {
    let [e] = args.bind("iselement", ["element"])?;
    Ok(Py::Bool(crate::objects::attr::hasattr(cx, &req(e), "tag")?))
}

fn register_namespace(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [prefix, uri] = args.bind("register_namespace", ["prefix", "uri"])?;
    let prefix = args::to_str("register_namespace", &req(prefix))?;
    let uri = args::to_str("register_namespace", &req(uri))?;
    let digits = prefix.strip_prefix("ns").map(|d| d.strip_suffix('\n').unwrap_or(d));
    if digits.is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit())) {
        return Err(exceptions::value_error("Prefix format reserved for internal use"));
    }
    let mut map = serialize::NAMESPACE_MAP.lock().unwrap_or_else(|e| e.into_inner());
    map.retain(|(u, p)| *u != uri && *p != prefix);
    map.push((uri, prefix));
    Ok(Py::None)
}

/// The root an `ElementTree` or an element stands for.
fn root_of(v: &Py) -> PyResult<element::ElemRef> {
    if let Some(e) = as_element(v) {
        return Ok(e);
    }
    if let Some(t) = v.downcast::<tree::Tree>() {
        return t.root().ok_or_else(|| exceptions::attribute_error("NoneType", "iter"));
    }
    Err(exceptions::attribute_error(&semantics::type_name(v), "iter"))
}

/// `tostring(element, encoding=None, method=None, *, xml_declaration=None,
/// default_namespace=None, short_empty_elements=True)`.
fn tostring(cx: &Cx, args: Args) -> PyResult<Py> {
    let [elem, encoding, method, decl, default_ns, short] = args.bind(
        "tostring",
        ["element", "encoding?", "method?", "$xml_declaration?", "$default_namespace?", "$short_empty_elements?"],
    )?;
    let root = root_of(&req(elem))?;
    let encoding = args::opt_str("tostring", encoding.as_ref().filter(|e| !e.is_none()))?;
    let opts = tree::WriteOptions::new(cx, method.as_ref(), decl.as_ref(), default_ns.as_ref(), short.as_ref())?;
    // `tostring` writes to a StringIO for 'unicode', else to a BytesIO.
    let target = if encoding.as_deref() == Some("unicode") { tree::Target::Text(None) } else { tree::Target::Binary };
    tree::render(cx, &root, encoding, &opts, target)
}

fn tostringlist(cx: &Cx, args: Args) -> PyResult<Py> {
    Ok(List::new(vec![tostring(cx, args)?]))
}

fn dump(cx: &Cx, args: Args) -> PyResult<Py> {
    let [elem] = args.bind("dump", ["elem"])?;
    let root = root_of(&req(elem))?;
    let opts = tree::WriteOptions::new(cx, None, None, None, None)?;
    let mut text = match tree::render(cx, &root, Some("unicode".into()), &opts, tree::Target::Text(None))? {
        Py::Str(s) => s.to_string(),
        _ => String::new(),
    };
    let tail = root.tail();
    if !matches!(&tail, Py::Str(t) if t.ends_with('\n')) {
        text.push('\n');
    }
    let sys = Py::Obj(crate::modules::getmodule("sys")?);
    let stdout = crate::objects::attr::getattr(cx, &sys, "stdout")?;
    crate::objects::attr::call_method(cx, &stdout, "write", Args::one(Py::str(text)))?;
    Ok(Py::None)
}

/// `indent(tree, space="  ", level=0)`.
fn indent(cx: &Cx, args: Args) -> PyResult<Py> {
    let [t, space, level] = args.bind("indent", ["tree", "space?", "level?"])?;
    let root = root_of(&req(t))?;
    let space = args::opt_str("indent", space.as_ref())?.unwrap_or_else(|| "  ".into());
    let level = args::opt_int("indent", level.as_ref())?.unwrap_or(0);
    if level < 0 {
        return Err(exceptions::value_error(format!("Initial indentation level must be >= 0, got {level}")));
    }
    if root.children().is_empty() {
        return Ok(Py::None);
    }
    let mut indentations = vec![format!("\n{}", space.repeat(level as usize))];
    indent_children(cx, &root, 0, &space, &mut indentations)?;
    Ok(Py::None)
}

fn blank(cx: &Cx, v: &Py) -> PyResult<bool> {
    if !semantics::truthy(cx, v)? {
        return Ok(true);
    }
    let stripped = crate::objects::attr::call_method(cx, v, "strip", Args::default())?;
    Ok(!semantics::truthy(cx, &stripped)?)
}

fn indent_children(
    cx: &Cx,
    elem: &element::ElemRef,
    level: usize,
    space: &str,
    indentations: &mut Vec<String>,
) -> PyResult<()> {
    let _guard = cx.enter_call()?;
    let child_level = level + 1;
    if indentations.len() <= child_level {
        let next = format!("{}{space}", indentations[level]);
        indentations.push(next);
    }
    let child_indentation = Py::str(indentations[child_level].as_str());
    if blank(cx, &elem.text())? {
        elem.set_text(child_indentation.clone());
    }
    let children = elem.children();
    for child in &children {
        if !child.children().is_empty() {
            indent_children(cx, child, child_level, space, indentations)?;
        }
        if blank(cx, &child.tail())? {
            child.set_tail(child_indentation.clone());
        }
    }
    if let Some(last) = children.last() {
        if blank(cx, &last.tail())? {
            last.set_tail(Py::str(indentations[level].as_str()));
        }
    }
    Ok(())
}

/// `ParseError`'s base, for the class definition.
fn syntax_error() -> TypeRef {
    exceptions::exc_type("SyntaxError")
}

fn parse_error_class() -> TypeRef {
    let t = Type::native(MODULE_NAME, "ParseError", Some(&syntax_error()), &[], Some(exception_new));
    exceptions::register_class(&t);
    t
}
