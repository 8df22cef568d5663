//! Namespace processing as expat does it with a namespace separator (how
//! both ElementTree and minidom create their parsers): `xmlns`
//! attributes become declarations, prefixes resolve through the open
//! elements' declarations, and the reserved prefixes and URIs are
//! guarded.

use std::sync::Arc;

use super::error::Code;
use super::markup::Fail;
use super::{Name, XMLNS_NAMESPACE, XML_NAMESPACE};

/// The declarations in force: (prefix, uri), innermost last; an empty
/// URI for the default namespace undeclares it.
#[derive(Default)]
pub struct Scopes {
    bindings: Vec<(Option<String>, Arc<str>)>,
}

/// A start tag after namespace processing.
pub struct Resolved {
    /// The declarations it makes, in document order.
    pub decls: Vec<(Option<String>, String)>,
    pub name: Name,
    pub attrs: Vec<(Name, String)>,
}

/// `prefix:local` split; a name with a colon anywhere else is malformed.
fn split(qname: &str, at: usize) -> Result<(Option<&str>, &str), Fail> {
    match qname.find(':') {
        None => Ok((None, qname)),
        Some(i) => {
            let local = &qname[i + 1..];
            if i == 0 || local.is_empty() {
                return Err((Code::InvalidToken, at + i));
            }
            if let Some(j) = local.find(':') {
                return Err((Code::InvalidToken, at + i + 1 + j));
            }
            Ok((Some(&qname[..i]), local))
        }
    }
}

impl Scopes {
    fn lookup(&self, prefix: Option<&str>) -> Option<Arc<str>> {
        if prefix == Some("xml") {
            return Some(Arc::from(XML_NAMESPACE));
        }
        self.bindings.iter().rev().find(|(p, _)| p.as_deref() == prefix).map(|(_, u)| u.clone())
    }

    /// Resolves a start tag (`tag_at`: its `<`); the declarations stay in
    /// force until [`Scopes::end`] with their count.
    pub fn start(
        &mut self,
        qname: &str,
        name_at: usize,
        attrs: Vec<(String, usize, String)>,
        tag_at: usize,
    ) -> Result<Resolved, Fail> {
        let mut decls = Vec::new();
        let mut plain = Vec::new();
        for (name, at, value) in attrs {
            let prefix = if name == "xmlns" {
                None
            } else if let Some(p) = name.strip_prefix("xmlns:") {
                Some(p.to_owned())
            } else {
                plain.push((name, at, value));
                continue;
            };
            match prefix.as_deref() {
                Some("xmlns") => return Err((Code::ReservedPrefixXmlns, tag_at)),
                Some("xml") if value != XML_NAMESPACE => return Err((Code::ReservedPrefixXml, tag_at)),
                Some("xml") => {}
                _ if value == XML_NAMESPACE || value == XMLNS_NAMESPACE => {
                    return Err((Code::ReservedNamespaceUri, tag_at))
                }
                Some(_) if value.is_empty() => return Err((Code::UndeclaringPrefix, tag_at)),
                _ => {}
            }
            decls.push((prefix, value));
        }
        let before = self.bindings.len();
        self.bindings.extend(decls.iter().map(|(p, u)| (p.clone(), Arc::from(u.as_str()))));
        let resolved = self.resolve(qname, name_at, plain, tag_at);
        if resolved.is_err() {
            self.bindings.truncate(before);
        }
        let (name, attrs) = resolved?;
        Ok(Resolved { decls, name, attrs })
    }

    fn resolve(
        &self,
        qname: &str,
        name_at: usize,
        plain: Vec<(String, usize, String)>,
        tag_at: usize,
    ) -> Result<(Name, Vec<(Name, String)>), Fail> {
        let (prefix, local) = split(qname, name_at)?;
        let uri = match prefix {
            Some(p) => Some(self.lookup(Some(p)).ok_or((Code::UnboundPrefix, tag_at))?),
            None => self.lookup(None).filter(|u| !u.is_empty()),
        };
        let name = Name { uri, local: local.to_owned(), prefix: prefix.map(str::to_owned) };
        let mut attrs: Vec<(Name, String)> = Vec::with_capacity(plain.len());
        for (qname, at, value) in plain {
            let (prefix, local) = split(&qname, at)?;
            let uri = match prefix {
                Some(p) => Some(self.lookup(Some(p)).ok_or((Code::UnboundPrefix, tag_at))?),
                None => None,
            };
            let name = Name { uri, local: local.to_owned(), prefix: prefix.map(str::to_owned) };
            if name.uri.is_some() && attrs.iter().any(|(n, _)| n.uri == name.uri && n.local == name.local) {
                return Err((Code::DuplicateAttribute, tag_at));
            }
            attrs.push((name, value));
        }
        Ok((name, attrs))
    }

    /// The declarations of an element going out of scope: their prefixes,
    /// innermost first.
    pub fn end(&mut self, count: usize) -> Vec<Option<String>> {
        let keep = self.bindings.len().saturating_sub(count);
        self.bindings.drain(keep..).rev().map(|(p, _)| p).collect()
    }
}
