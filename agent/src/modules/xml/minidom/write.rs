//! minidom's `writexml` for each node kind (so `toxml` and `toprettyxml`):
//! the declaration `<?xml version="1.0" ?>`, attributes in their order
//! with `&<">` escaped, `<a/>` for an element without children, a lone
//! text child kept on its element's line.

use super::arena::{Kind, Slots};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};

/// `_write_data`: `&`, `<`, `"` and `>` escaped.
fn data(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '"' => out.push_str("&quot;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
}

/// Formatting of one `writexml` call.
pub struct Style<'a> {
    pub addindent: &'a str,
    pub newl: &'a str,
}

/// `Document.writexml`'s declaration.
pub fn declaration(out: &mut String, encoding: Option<&str>, standalone: Option<bool>, newl: &str) {
    let mut decls = Vec::new();
    if let Some(e) = encoding.filter(|e| !e.is_empty()) {
        decls.push(format!("encoding=\"{e}\""));
    }
    if let Some(s) = standalone {
        decls.push(format!("standalone=\"{}\"", if s { "yes" } else { "no" }));
    }
    out.push_str(&format!("<?xml version=\"1.0\" {}?>{newl}", decls.join(" ")));
}

/// `node.writexml(writer, indent, addindent, newl)` into `out`.
pub fn node(cx: &Cx, slots: &Slots, i: usize, indent: &str, style: &Style<'_>, out: &mut String) -> PyResult<()> {
    let _guard = cx.enter_call()?;
    let d = &slots[i].data;
    let newl = style.newl;
    match d.kind {
        Kind::Document => {
            for &c in &d.children {
                node(cx, slots, c, indent, style, out)?;
            }
        }
        Kind::Element => {
            out.push_str(indent);
            out.push('<');
            out.push_str(&d.name);
            for &a in &d.attrs {
                out.push_str(&format!(" {}=\"", slots[a].data.name));
                data(out, &slots[a].data.value);
                out.push('"');
            }
            if d.children.is_empty() {
                out.push_str(&format!("/>{newl}"));
                return Ok(());
            }
            out.push('>');
            let lone_text = d.children.len() == 1 && matches!(slots[d.children[0]].data.kind, Kind::Text | Kind::CData);
            if lone_text {
                node(cx, slots, d.children[0], "", &Style { addindent: "", newl: "" }, out)?;
            } else {
                out.push_str(newl);
                let inner = format!("{indent}{}", style.addindent);
                for &c in &d.children {
                    node(cx, slots, c, &inner, style, out)?;
                }
                out.push_str(indent);
            }
            out.push_str(&format!("</{}>{newl}", d.name));
        }
        Kind::Text => data(out, &format!("{indent}{}{newl}", d.value)),
        Kind::CData => {
            if d.value.contains("]]>") {
                return Err(exceptions::value_error("']]>' not allowed in a CDATA section"));
            }
            out.push_str(&format!("<![CDATA[{}]]>", d.value));
        }
        Kind::Comment => {
            if d.value.contains("--") {
                return Err(exceptions::value_error("'--' is not allowed in a comment node"));
            }
            out.push_str(&format!("{indent}<!--{}-->{newl}", d.value));
        }
        Kind::Pi => out.push_str(&format!("{indent}<?{} {}?>{newl}", d.name, d.value)),
        Kind::DocumentType => {
            out.push_str("<!DOCTYPE ");
            out.push_str(&d.name);
            let [public, system, subset] = &d.extra;
            if let Some(p) = public.as_deref().filter(|p| !p.is_empty()) {
                out.push_str(&format!("{newl}  PUBLIC '{p}'{newl}  '{}'", system.as_deref().unwrap_or("None")));
            } else if let Some(s) = system.as_deref().filter(|s| !s.is_empty()) {
                out.push_str(&format!("{newl}  SYSTEM '{s}'"));
            }
            if let Some(sub) = subset {
                out.push_str(&format!(" [{sub}]"));
            }
            out.push_str(&format!(">{newl}"));
        }
        Kind::Attr => {}
    }
    Ok(())
}
