//! `xml.etree.ElementTree.ElementTree`: a root element with the searches
//! and `write`, and the encoding rules `write` and `tostring` share (the
//! declaration `<?xml version='1.0' encoding='...'?>` unless the encoding
//! is `unicode`, UTF-8 or US-ASCII; unencodable characters as character
//! references).

use std::sync::{LazyLock, Mutex};

use rpyc_protocol::{Record, Value};

use super::element::{as_element, elem_value, ElemRef};
use super::serialize::{self, Method};
use crate::modules::xml::source;
use crate::objects::attr;
use crate::runtime::args::{self, req, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::{ObjRef, PyObject};
use crate::runtime::semantics;
use crate::runtime::types::{blocking_method, method, Method as TypeMethod, Type, TypeRef};
use crate::runtime::value::Py;

pub static ELEMENT_TREE: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("xml.etree.ElementTree", "ElementTree", None, &METHODS, Some(tree_new)));

pub struct Tree {
    root: Mutex<Option<Py>>,
}

impl Tree {
    /// The root when it is an element.
    pub fn root(&self) -> Option<ElemRef> {
        self.root.lock().unwrap_or_else(|e| e.into_inner()).as_ref().and_then(as_element)
    }
    fn root_value(&self) -> Py {
        self.root.lock().unwrap_or_else(|e| e.into_inner()).clone().unwrap_or(Py::None)
    }
}

pub fn new_tree(root: Option<ElemRef>) -> Py {
    Py::obj(Tree { root: Mutex::new(root.map(|r| elem_value(&r))) })
}

fn tree_new(cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    let [elem, file] = args.bind("ElementTree", ["element?", "file?"])?;
    let t = Tree { root: Mutex::new(elem.filter(|e| !e.is_none())) };
    if let Some(f) = file.filter(|f| !f.is_none()) {
        let content = source::read_source(cx, &f)?;
        let root = super::build::build_root(cx, &content)?;
        *t.root.lock().unwrap_or_else(|e| e.into_inner()) = Some(elem_value(&root));
    }
    Ok(Py::obj(t))
}

fn tree_self(this: &Py) -> PyResult<&Tree> {
    this.downcast::<Tree>().ok_or_else(|| exceptions::type_error("descriptor requires an 'ElementTree' object"))
}

/// The root for a method that needs one (CPython fails on `None`).
fn root(this: &Py, attr_name: &str) -> PyResult<ElemRef> {
    let v = tree_self(this)?.root_value();
    as_element(&v).ok_or_else(|| exceptions::attribute_error(&semantics::type_name(&v), attr_name))
}

/// `find`'s path on a tree: `/x` is taken as `./x`.
fn tree_path(p: Py) -> Py {
    match &p {
        Py::Str(s) if s.starts_with('/') => Py::str(format!(".{s}")),
        _ => p,
    }
}

fn delegate(cx: &Cx, this: &Py, name: &str, mut args: Args) -> PyResult<Py> {
    let r = root(this, name)?;
    if let Some(first) = args.pos.first_mut() {
        *first = tree_path(std::mem::replace(first, Py::None));
    }
    attr::call_method(cx, &elem_value(&r), name, args)
}

fn parse(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [src, parser] = args.bind("parse", ["source", "parser?"])?;
    if parser.is_some_and(|p| !p.is_none()) {
        return Err(exceptions::not_implemented("ElementTree.parse(parser=...) (rpyc-agent is native)"));
    }
    let content = source::read_source(cx, &req(src))?;
    let r = super::build::build_root(cx, &content)?;
    *tree_self(this)?.root.lock().unwrap_or_else(|e| e.into_inner()) = Some(elem_value(&r));
    Ok(elem_value(&r))
}

/// Options of `write` and `tostring` other than the encoding.
pub struct WriteOptions {
    method: Method,
    xml_declaration: Option<bool>,
    default_namespace: Option<String>,
    short_empty: bool,
}

impl WriteOptions {
    pub fn new(
        cx: &Cx,
        method: Option<&Py>,
        decl: Option<&Py>,
        default_ns: Option<&Py>,
        short: Option<&Py>,
    ) -> PyResult<WriteOptions> {
        let xml_declaration = match decl {
            None | Some(Py::None) => None,
            Some(v) => Some(semantics::truthy(cx, v)?),
        };
        let default_namespace = match default_ns {
            None | Some(Py::None) => None,
            Some(v) if !semantics::truthy(cx, v)? => None,
            Some(v) => Some(args::to_str("write", v)?),
        };
        Ok(WriteOptions {
            method: Method::parse(cx, method)?,
            xml_declaration,
            default_namespace,
            short_empty: args::opt_bool(cx, short, true)?,
        })
    }
}

/// Where the output goes: text (with the file's own encoding, if it says
/// one) or bytes.
pub enum Target {
    Text(Option<String>),
    Binary,
}

/// The serialised tree as `write` would send it to `target`.
pub fn render(cx: &Cx, root: &ElemRef, encoding: Option<String>, opts: &WriteOptions, target: Target) -> PyResult<Py> {
    let encoding = encoding.filter(|e| !e.is_empty()).unwrap_or_else(|| "us-ascii".into());
    let unicode = encoding.eq_ignore_ascii_case("unicode");
    let declared = match (&target, unicode) {
        (Target::Text(file_encoding), true) => file_encoding.clone().unwrap_or_else(|| "utf-8".into()),
        _ => encoding.clone(),
    };
    let mut out = String::new();
    let lower = declared.to_lowercase();
    if opts.method == Method::Xml
        && (opts.xml_declaration == Some(true)
            || (opts.xml_declaration.is_none() && !unicode && lower != "utf-8" && lower != "us-ascii"))
    {
        out.push_str(&format!("<?xml version='1.0' encoding='{declared}'?>\n"));
    }
    out.push_str(&serialize::serialize(cx, root, opts.method, opts.default_namespace.clone(), opts.short_empty)?);
    match target {
        Target::Text(_) if unicode => Ok(Py::str(out)),
        Target::Text(_) => Err(exceptions::type_error("write() argument must be str, not bytes")),
        Target::Binary if unicode => Err(exceptions::type_error("a bytes-like object is required, not 'str'")),
        Target::Binary => Ok(Py::bytes(crate::objects::bytes::encode(&out, &encoding, "xmlcharrefreplace")?)),
    }
}

/// `write(file_or_filename, encoding=None, xml_declaration=None,
/// default_namespace=None, method=None, *, short_empty_elements=True)`.
fn write(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [file, encoding, decl, default_ns, method, short] = args.bind(
        "write",
        [
            "file_or_filename",
            "encoding?",
            "xml_declaration?",
            "default_namespace?",
            "method?",
            "$short_empty_elements?",
        ],
    )?;
    let file = req(file);
    let r = root(this, "iter")?;
    let encoding = args::opt_str("write", encoding.as_ref().filter(|e| !e.is_none()))?;
    let opts = WriteOptions::new(cx, method.as_ref(), decl.as_ref(), default_ns.as_ref(), short.as_ref())?;
    let unicode = encoding.as_deref().is_some_and(|e| e.eq_ignore_ascii_case("unicode"));
    let has_write = !matches!(file, Py::Str(_) | Py::Bytes(_)) && attr::hasattr(cx, &file, "write").unwrap_or(false);
    let target = match (has_write, unicode) {
        (true, true) => {
            let enc = attr::getattr(cx, &file, "encoding").ok().filter(|e| semantics::truthy(cx, e).unwrap_or(false));
            Target::Text(enc.map(|e| semantics::str(cx, &e)).transpose()?)
        }
        (false, true) => return write_path(cx, &file, &r, &opts),
        _ => Target::Binary,
    };
    let data = render(cx, &r, encoding, &opts, target)?;
    source::write_target(cx, &file, data)?;
    Ok(Py::None)
}

/// `write(path, encoding='unicode')`: a UTF-8 text file.
fn write_path(cx: &Cx, file: &Py, r: &ElemRef, opts: &WriteOptions) -> PyResult<Py> {
    let data = render(cx, r, Some("utf-8".into()), opts, Target::Binary)?;
    source::write_target(cx, file, data)?;
    Ok(Py::None)
}

fn getroot(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("getroot")?;
    Ok(tree_self(this)?.root_value())
}

fn setroot(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [e] = args.bind("_setroot", ["element"])?;
    *tree_self(this)?.root.lock().unwrap_or_else(|e| e.into_inner()) = Some(req(e));
    Ok(Py::None)
}

static METHODS: [TypeMethod; 9] = [
    method("getroot", getroot),
    method("_setroot", setroot),
    blocking_method("parse", parse),
    method("iter", |cx, this, a| delegate(cx, this, "iter", a)),
    method("find", |cx, this, a| delegate(cx, this, "find", a)),
    method("findall", |cx, this, a| delegate(cx, this, "findall", a)),
    method("findtext", |cx, this, a| delegate(cx, this, "findtext", a)),
    method("iterfind", |cx, this, a| delegate(cx, this, "iterfind", a)),
    blocking_method("write", write),
];

impl PyObject for Tree {
    fn ty(&self) -> TypeRef {
        ELEMENT_TREE.clone()
    }
    fn getattr(&self, _this: &ObjRef, name: &str, _cx: &Cx) -> PyResult<Option<Py>> {
        Ok((name == "_root").then(|| self.root_value()))
    }
    fn to_value(&self, cx: &Cx) -> PyResult<Option<Value>> {
        let root = semantics::to_value(cx, &self.root_value())?;
        Ok(Some(Value::Record(Box::new(Record {
            class: "xml.etree.ElementTree:ElementTree".to_owned(),
            args: Vec::new(),
            state: Some(Value::Dict(vec![(Value::str("_root"), root)])),
        }))))
    }
    fn take_children(&self) -> Vec<Py> {
        self.root.lock().unwrap_or_else(|e| e.into_inner()).take().into_iter().collect()
    }
}
