//! Parsing into elements as `XMLParser` with the default `TreeBuilder`
//! does: `{uri}local` names, text and CDATA joined into `text`/`tail`,
//! comments, processing instructions and everything outside the root
//! dropped; errors as `ParseError`.

use std::sync::LazyLock;

use super::element::{elem_value, ElemRef, Element};
use super::tree;
use crate::modules::xml::expat::{Event, XmlError};
use crate::modules::xml::source::{self, Content};
use crate::runtime::args::{req, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyErr, PyResult};
use crate::runtime::object::{ObjRef, PyObject};
use crate::runtime::semantics;
use crate::runtime::types::{Type, TypeRef};
use crate::runtime::value::Py;

/// `xml.etree.ElementTree.ParseError(SyntaxError)`.
pub static PARSE_ERROR: LazyLock<TypeRef> = LazyLock::new(super::parse_error_class);

fn parse_error(msg: String, code: i64, line: usize, column: usize) -> PyErr {
    crate::modules::xml::syntax_error(PARSE_ERROR.clone(), msg)
        .with_attr("code", Py::Int(code))
        .with_attr("position", Py::tuple(vec![Py::from(line), Py::from(column)]))
}

fn from_expat(e: &XmlError) -> PyErr {
    parse_error(e.message(), e.code as i64, e.line, e.column)
}

/// What iterparse reports.
pub enum Step {
    Start(ElemRef),
    End(ElemRef),
    StartNs(String, String),
    EndNs,
}

/// The tree a document makes, with its steps; the error (after the steps
/// made before it), if any.
pub struct Built {
    pub root: Option<ElemRef>,
    pub steps: Vec<Step>,
    pub error: Option<PyErr>,
}

/// `TreeBuilder` over the parser's events.
pub fn build(cx: &Cx, content: &Content) -> PyResult<Built> {
    let parsed = content.parse()?;
    let mut stack: Vec<ElemRef> = Vec::new();
    let mut root = None;
    let mut last: Option<ElemRef> = None;
    let mut tail = false;
    let mut data = String::new();
    let mut steps = Vec::new();
    let flush = |data: &mut String, last: &Option<ElemRef>, tail: bool| {
        if let (false, Some(l)) = (data.is_empty(), last) {
            let text = Py::str(std::mem::take(data));
            if tail {
                l.set_tail(text);
            } else {
                l.set_text(text);
            }
        }
        data.clear();
    };
    for (i, ev) in parsed.events.into_iter().enumerate() {
        if i % 4096 == 0 {
            cx.check_interrupt()?;
        }
        match ev {
            Event::Start { name, attrs } => {
                flush(&mut data, &last, tail);
                let e = Element::with_attrs(name.clark(), attrs.into_iter().map(|(n, v)| (n.clark(), v)).collect());
                if let Some(parent) = stack.last() {
                    parent.push(e.clone());
                }
                root.get_or_insert_with(|| e.clone());
                stack.push(e.clone());
                steps.push(Step::Start(e.clone()));
                last = Some(e);
                tail = false;
            }
            Event::End { .. } => {
                flush(&mut data, &last, tail);
                last = stack.pop();
                if let Some(e) = &last {
                    steps.push(Step::End(e.clone()));
                }
                tail = true;
            }
            Event::Text(t) | Event::CData(t) => data.push_str(&t),
            Event::StartNs { prefix, uri } => steps.push(Step::StartNs(prefix.unwrap_or_default(), uri)),
            Event::EndNs { .. } => steps.push(Step::EndNs),
            Event::SkippedEntity { name, line, column } => {
                let error =
                    parse_error(format!("undefined entity &{name};: line {line}, column {column}"), 11, line, column);
                return Ok(Built { root: None, steps, error: Some(error) });
            }
            Event::XmlDecl { .. } | Event::Doctype(_) | Event::Comment(_) | Event::Pi { .. } => {}
        }
    }
    flush(&mut data, &last, tail);
    let error = parsed.error.as_ref().map(from_expat);
    Ok(Built { root: if error.is_some() { None } else { root }, steps, error })
}

/// The root of a parsed document, or its error.
pub fn build_root(cx: &Cx, content: &Content) -> PyResult<ElemRef> {
    let built = build(cx, content)?;
    if let Some(e) = built.error {
        return Err(e);
    }
    built.root.ok_or_else(|| parse_error("no element found: line 1, column 0".into(), 3, 1, 0))
}

fn no_parser(parser: Option<Py>, func: &str) -> PyResult<()> {
    match parser {
        None | Some(Py::None) => Ok(()),
        Some(_) => Err(exceptions::not_implemented(&format!(
            "xml.etree.ElementTree.{func}(parser=...): rpyc-agent is native and has only the default XMLParser"
        ))),
    }
}

/// `fromstring(text, parser=None)` (also `XML`).
pub fn fromstring(cx: &Cx, args: Args) -> PyResult<Py> {
    let [text, parser] = args.bind("XML", ["text", "parser?"])?;
    no_parser(parser, "XML")?;
    let text = req(text);
    let content = source::content_of(cx, &text, "XML").map_err(|_| {
        exceptions::type_error(format!("a bytes-like object is required, not '{}'", semantics::type_name(&text)))
    })?;
    Ok(elem_value(&build_root(cx, &content)?))
}

/// `fromstringlist(sequence, parser=None)`: the pieces joined.
pub fn fromstringlist(cx: &Cx, args: Args) -> PyResult<Py> {
    let [seq, parser] = args.bind("fromstringlist", ["sequence", "parser?"])?;
    no_parser(parser, "fromstringlist")?;
    let mut text = String::new();
    let mut bytes: Option<Vec<u8>> = None;
    for piece in semantics::iterate(cx, &req(seq))? {
        match source::content_of(cx, &piece, "fromstringlist")? {
            Content::Text(t) => match &mut bytes {
                Some(b) => b.extend_from_slice(t.as_bytes()),
                None => text.push_str(&t),
            },
            Content::Bytes(b) => bytes.get_or_insert_with(|| std::mem::take(&mut text).into_bytes()).extend(b),
        }
    }
    let content = match bytes {
        Some(b) => Content::Bytes(b),
        None => Content::Text(text),
    };
    Ok(elem_value(&build_root(cx, &content)?))
}

/// `parse(source, parser=None)`: an `ElementTree`.
pub fn parse(cx: &Cx, args: Args) -> PyResult<Py> {
    let [src, parser] = args.bind("parse", ["source", "parser?"])?;
    no_parser(parser, "parse")?;
    let content = source::read_source(cx, &req(src))?;
    let root = build_root(cx, &content)?;
    Ok(tree::new_tree(Some(root)))
}

static ITERPARSE: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("xml.etree.ElementTree", "IterParseIterator", None, &[], None));

/// `iterparse`'s iterator: the events, then the error if there was one;
/// `root` once it is done.
struct IterParse {
    items: std::sync::Mutex<(std::vec::IntoIter<Py>, Option<PyErr>, bool)>,
    root: Option<ElemRef>,
}

impl PyObject for IterParse {
    fn ty(&self) -> TypeRef {
        ITERPARSE.clone()
    }
    fn is_iterator(&self) -> bool {
        true
    }
    fn iter(&self, this: &ObjRef, _cx: &Cx) -> PyResult<Option<Py>> {
        Ok(Some(Py::Obj(this.clone())))
    }
    fn next(&self, _cx: &Cx) -> PyResult<Option<Py>> {
        let mut st = self.items.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(v) = st.0.next() {
            return Ok(Some(v));
        }
        if let Some(e) = st.1.take() {
            return Err(e);
        }
        st.2 = true;
        Ok(None)
    }
    fn getattr(&self, _this: &ObjRef, name: &str, _cx: &Cx) -> PyResult<Option<Py>> {
        if name != "root" {
            return Ok(None);
        }
        let done = self.items.lock().unwrap_or_else(|e| e.into_inner()).2;
        match (&self.root, done) {
            (Some(r), true) => Ok(Some(elem_value(r))),
            _ => Err(exceptions::attribute_error("IterParseIterator", "root")),
        }
    }
}

/// `iterparse(source, events=None, parser=None)`: `("end", elem)` pairs
/// by default; `start`, `end`, `start-ns`, `end-ns` on request.
pub fn iterparse(cx: &Cx, args: Args) -> PyResult<Py> {
    let [src, events, parser] = args.bind("iterparse", ["source", "events?", "parser?"])?;
    no_parser(parser, "iterparse")?;
    let wanted: Vec<String> = match events.filter(|e| !e.is_none()) {
        None => vec!["end".into()],
        Some(ev) => semantics::iterate(cx, &ev)?
            .iter()
            .map(|e| match e {
                Py::Str(s) if matches!(&**s, "start" | "end" | "start-ns" | "end-ns" | "comment" | "pi") => {
                    Ok(s.to_string())
                }
                other => Err(exceptions::value_error(format!("unknown event {}", semantics::repr(cx, other)?))),
            })
            .collect::<PyResult<_>>()?,
    };
    let content = source::read_source(cx, &req(src))?;
    let built = build(cx, &content)?;
    let want = |k: &str| wanted.iter().any(|w| w == k);
    let mut items = Vec::new();
    for step in built.steps {
        let item = match step {
            Step::Start(e) if want("start") => ("start", elem_value(&e)),
            Step::End(e) if want("end") => ("end", elem_value(&e)),
            Step::StartNs(p, u) if want("start-ns") => ("start-ns", Py::tuple(vec![Py::str(p), Py::str(u)])),
            Step::EndNs if want("end-ns") => ("end-ns", Py::None),
            _ => continue,
        };
        items.push(Py::tuple(vec![Py::str(item.0), item.1]));
    }
    Ok(Py::obj(IterParse { items: std::sync::Mutex::new((items.into_iter(), built.error, false)), root: built.root }))
}
