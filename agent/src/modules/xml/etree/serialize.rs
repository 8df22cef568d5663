//! ElementTree's serialisers (`_serialize_xml`, `_serialize_html`,
//! `_serialize_text`, `_namespaces`), producing the same characters
//! CPython writes: escaping, `ns0:` prefixes and `xmlns` declarations on
//! the root, `<a />` for empty elements.

use std::sync::{LazyLock, Mutex};

use super::element::{itertext_of, ElemRef};
use super::special_kind;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyErr, PyResult};
use crate::runtime::semantics;
use crate::runtime::value::Py;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Xml,
    Html,
    Text,
}

impl Method {
    pub fn parse(cx: &Cx, v: Option<&Py>) -> PyResult<Method> {
        match v {
            None | Some(Py::None) => Ok(Method::Xml),
            Some(Py::Str(s)) if s.is_empty() => Ok(Method::Xml),
            Some(Py::Str(s)) if &**s == "xml" => Ok(Method::Xml),
            Some(Py::Str(s)) if &**s == "html" => Ok(Method::Html),
            Some(Py::Str(s)) if &**s == "text" => Ok(Method::Text),
            Some(other) if !semantics::truthy(cx, other)? => Ok(Method::Xml),
            Some(other) => Err(exceptions::value_error(format!("unknown method {}", semantics::repr(cx, other)?))),
        }
    }
}

/// `_namespace_map`: well-known prefixes, and those `register_namespace`
/// added (process-wide, as in CPython).
pub static NAMESPACE_MAP: LazyLock<Mutex<Vec<(String, String)>>> = LazyLock::new(|| {
    Mutex::new(
        [
            ("http://www.w3.org/XML/1998/namespace", "xml"),
            ("http://www.w3.org/1999/xhtml", "html"),
            ("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdf"),
            ("http://schemas.xmlsoap.org/wsdl/", "wsdl"),
            ("http://www.w3.org/2001/XMLSchema", "xs"),
            ("http://www.w3.org/2001/XMLSchema-instance", "xsi"),
            ("http://purl.org/dc/elements/1.1/", "dc"),
        ]
        .map(|(u, p)| (u.to_owned(), p.to_owned()))
        .to_vec(),
    )
});

fn well_known_prefix(uri: &str) -> Option<String> {
    let map = NAMESPACE_MAP.lock().unwrap_or_else(|e| e.into_inner());
    map.iter().find(|(u, _)| u == uri).map(|(_, p)| p.clone())
}

/// `_raise_serialization_error`.
fn cannot_serialize(cx: &Cx, v: &Py) -> PyErr {
    let repr = semantics::repr(cx, v).unwrap_or_default();
    exceptions::type_error(format!("cannot serialize {repr} (type {})", semantics::type_name(v)))
}

fn escape_cdata(cx: &Cx, v: &Py) -> PyResult<String> {
    let Py::Str(s) = v else { return Err(cannot_serialize(cx, v)) };
    Ok(s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;"))
}

pub fn escape_attrib(cx: &Cx, v: &Py) -> PyResult<String> {
    let Py::Str(s) = v else { return Err(cannot_serialize(cx, v)) };
    Ok(s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\r', "&#13;")
        .replace('\n', "&#10;")
        .replace('\t', "&#09;"))
}

fn escape_attrib_html(cx: &Cx, v: &Py) -> PyResult<String> {
    let Py::Str(s) = v else { return Err(cannot_serialize(cx, v)) };
    Ok(s.replace('&', "&amp;").replace('>', "&gt;").replace('"', "&quot;"))
}

/// The serialised names of a tree: tag or key → `prefix:local`, and the
/// namespaces to declare as (uri, prefix) in the order first used.
struct Names {
    qnames: Vec<(String, String)>,
    namespaces: Vec<(String, String)>,
    default_namespace: Option<String>,
}

impl Names {
    fn get(&self, name: &str) -> Option<&str> {
        self.qnames.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    fn add(&mut self, name: &str) -> PyResult<()> {
        if self.get(name).is_some() {
            return Ok(());
        }
        let q = if let Some(rest) = name.strip_prefix('{') {
            let (uri, local) = rest.rsplit_once('}').unwrap_or((rest, ""));
            let prefix = match self.namespaces.iter().find(|(u, _)| u == uri) {
                Some((_, p)) => p.clone(),
                None => {
                    let p = well_known_prefix(uri).unwrap_or_else(|| format!("ns{}", self.namespaces.len()));
                    if p != "xml" {
                        self.namespaces.push((uri.to_owned(), p.clone()));
                    }
                    p
                }
            };
            if prefix.is_empty() {
                local.to_owned()
            } else {
                format!("{prefix}:{local}")
            }
        } else {
            if self.default_namespace.is_some() {
                return Err(exceptions::value_error("cannot use non-qualified names with default_namespace option"));
            }
            name.to_owned()
        };
        self.qnames.push((name.to_owned(), q));
        Ok(())
    }
}

/// `_namespaces(elem, default_namespace)`.
fn namespaces(cx: &Cx, root: &ElemRef, default_namespace: Option<String>) -> PyResult<Names> {
    let mut names = Names { qnames: Vec::new(), namespaces: Vec::new(), default_namespace: default_namespace.clone() };
    if let Some(d) = default_namespace {
        names.namespaces.push((d, String::new()));
    }
    for e in super::element::walk(root) {
        match e.tag() {
            Py::Str(t) => names.add(&t)?,
            Py::None => {}
            t if is_special(&t) => {}
            t => return Err(cannot_serialize(cx, &t)),
        }
        for (k, _) in e.items() {
            match k {
                Py::Str(k) => names.add(&k)?,
                k => return Err(cannot_serialize(cx, &k)),
            }
        }
    }
    Ok(names)
}

/// Whether a tag is `Comment` or `ProcessingInstruction`.
fn is_special(tag: &Py) -> bool {
    special_kind(tag).is_some()
}

struct Writer<'a> {
    cx: &'a Cx,
    names: &'a Names,
    out: String,
    short_empty: bool,
}

const HTML_EMPTY: [&str; 17] = [
    "area", "base", "basefont", "br", "col", "embed", "frame", "hr", "img", "input", "isindex", "link", "meta",
    "param", "source", "track", "wbr",
];

impl Writer<'_> {
    fn text_of(&self, v: &Py) -> PyResult<String> {
        match v {
            Py::Str(s) => Ok(s.to_string()),
            other => semantics::str(self.cx, other),
        }
    }

    fn element(&mut self, e: &ElemRef, root: bool, html: bool) -> PyResult<()> {
        let _guard = self.cx.enter_call()?;
        let (tag, text, tail, children) = {
            let st = e.lock();
            (st.tag.clone(), st.text.clone(), st.tail.clone(), st.children.clone())
        };
        match special_kind(&tag) {
            Some("comment") => {
                let t = if html { escape_cdata(self.cx, &text)? } else { self.text_of(&text)? };
                self.out.push_str(&format!("<!--{t}-->"));
            }
            Some(_) => {
                let t = if html { escape_cdata(self.cx, &text)? } else { self.text_of(&text)? };
                self.out.push_str(&format!("<?{t}?>"));
            }
            None => {
                let qname = match &tag {
                    Py::Str(t) => self.names.get(t).map(str::to_owned),
                    _ => None,
                };
                match qname {
                    None => {
                        if semantics::truthy(self.cx, &text)? {
                            self.out.push_str(&escape_cdata(self.cx, &text)?);
                        }
                        for c in &children {
                            self.element(c, false, html)?;
                        }
                    }
                    Some(q) => self.tagged(e, &q, &text, &children, root, html)?,
                }
            }
        }
        if semantics::truthy(self.cx, &tail)? {
            self.out.push_str(&escape_cdata(self.cx, &tail)?);
        }
        Ok(())
    }

    fn tagged(
        &mut self,
        e: &ElemRef,
        q: &str,
        text: &Py,
        children: &[ElemRef],
        root: bool,
        html: bool,
    ) -> PyResult<()> {
        self.out.push('<');
        self.out.push_str(q);
        if root {
            let mut decls = self.names.namespaces.clone();
            decls.sort_by(|a, b| a.1.cmp(&b.1));
            for (uri, prefix) in decls {
                let k = if prefix.is_empty() { String::new() } else { format!(":{prefix}") };
                self.out.push_str(&format!(" xmlns{k}=\"{}\"", escape_attrib(self.cx, &Py::str(uri))?));
            }
        }
        for (k, v) in e.items() {
            let key = match &k {
                Py::Str(k) => self.names.get(k).unwrap_or(k).to_owned(),
                _ => return Err(cannot_serialize(self.cx, &k)),
            };
            let v = if html { escape_attrib_html(self.cx, &v)? } else { escape_attrib(self.cx, &v)? };
            self.out.push_str(&format!(" {key}=\"{v}\""));
        }
        let has_text = semantics::truthy(self.cx, text)?;
        if html {
            self.out.push('>');
            let ltag = q.to_lowercase();
            if has_text {
                if ltag == "script" || ltag == "style" {
                    let t = self.text_of(text)?;
                    self.out.push_str(&t);
                } else {
                    self.out.push_str(&escape_cdata(self.cx, text)?);
                }
            }
            for c in children {
                self.element(c, false, true)?;
            }
            if !HTML_EMPTY.contains(&ltag.as_str()) {
                self.out.push_str(&format!("</{q}>"));
            }
            return Ok(());
        }
        if has_text || !children.is_empty() || !self.short_empty {
            self.out.push('>');
            if has_text {
                self.out.push_str(&escape_cdata(self.cx, text)?);
            }
            for c in children {
                self.element(c, false, false)?;
            }
            self.out.push_str(&format!("</{q}>"));
        } else {
            self.out.push_str(" />");
        }
        Ok(())
    }
}

/// The tree at `root` as text.
pub fn serialize(
    cx: &Cx,
    root: &ElemRef,
    method: Method,
    default_namespace: Option<String>,
    short_empty: bool,
) -> PyResult<String> {
    if method == Method::Text {
        let mut out = String::new();
        for part in itertext_of(root)? {
            out.push_str(&escape_text(cx, &part)?);
        }
        let tail = root.tail();
        if !tail.is_none() {
            out.push_str(&escape_text(cx, &tail)?);
        }
        return Ok(out);
    }
    let names = namespaces(cx, root, default_namespace)?;
    let mut w = Writer { cx, names: &names, out: String::new(), short_empty };
    w.element(root, true, method == Method::Html)?;
    Ok(w.out)
}

/// Text for the `text` method: written as it is (a file's `write`
/// refuses anything but str).
fn escape_text(_cx: &Cx, v: &Py) -> PyResult<String> {
    match v {
        Py::Str(s) => Ok(s.to_string()),
        other => {
            Err(exceptions::type_error(format!("write() argument must be str, not {}", semantics::type_name(other))))
        }
    }
}
