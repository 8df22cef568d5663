//! An XML parser with expat's rules (what CPython's `pyexpat` accepts and
//! how it reports what it refuses), for `xml.dom.minidom` and
//! `xml.etree.ElementTree`. quick-xml splits the text into markup and
//! character data; this module holds it to expat's well-formedness rules
//! (names, characters, attributes, references, the XML declaration, the
//! internal DTD subset), expands entities, resolves namespaces and reports
//! errors with expat's codes, messages and positions.
//!
//! Safety: external entities are never read (a reference to one is passed
//! on as such: ElementTree refuses it, minidom skips it, as with CPython),
//! and entity expansion is bounded as expat 2.5 bounds it (recursion is an
//! error, and so is expanding more than 100 times the document's size once
//! past 8 MiB).

mod chars;
mod document;
mod dtd;
mod encoding;
mod error;
mod markup;
mod names;
#[cfg(test)]
mod tests;

use std::sync::Arc;

pub use chars::{is_name, is_xml_char};
pub use dtd::{Doctype, EntityDecl};
pub use error::{Code, XmlError};

use crate::runtime::exceptions::PyErr;

/// The reserved namespaces.
pub const XML_NAMESPACE: &str = "http://www.w3.org/XML/1998/namespace";
pub const XMLNS_NAMESPACE: &str = "http://www.w3.org/2000/xmlns/";

/// An element or attribute name after namespace processing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    /// The namespace, if the name has one.
    pub uri: Option<Arc<str>>,
    pub local: String,
    /// The prefix it was written with.
    pub prefix: Option<String>,
}

impl Name {
    /// The name as written: `prefix:local` or `local`.
    pub fn qname(&self) -> String {
        match &self.prefix {
            Some(p) => format!("{p}:{}", self.local),
            None => self.local.clone(),
        }
    }

    /// ElementTree's form: `{uri}local` or `local`.
    pub fn clark(&self) -> String {
        match &self.uri {
            Some(u) => format!("{{{u}}}{}", self.local),
            None => self.local.clone(),
        }
    }
}

/// What the parser reports, in document order (expat's handlers).
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// `<?xml version=... encoding=... standalone=...?>`; standalone is
    /// -1 when absent, else 0 or 1.
    XmlDecl {
        version: String,
        encoding: Option<String>,
        standalone: i32,
    },
    Doctype(Box<Doctype>),
    /// A namespace declared by the next start tag.
    StartNs {
        prefix: Option<String>,
        uri: String,
    },
    Start {
        name: Name,
        attrs: Vec<(Name, String)>,
    },
    End {
        name: Name,
    },
    /// A namespace going out of scope after an end tag.
    EndNs {
        prefix: Option<String>,
    },
    /// Character data (adjacent pieces joined; line ends normalised).
    Text(String),
    /// A CDATA section's content.
    CData(String),
    Comment(String),
    Pi {
        target: String,
        data: String,
    },
    /// A reference to an entity whose text the parser does not have: an
    /// external one, or (with an external DTD) an undeclared one. `line`
    /// and `column` are the reference's.
    SkippedEntity {
        name: String,
        line: usize,
        column: usize,
    },
}

/// A parsed document: its events up to the first error, and that error.
#[derive(Debug, Default)]
pub struct Parsed {
    pub events: Vec<Event>,
    pub error: Option<XmlError>,
}

/// A document to parse.
pub enum Source<'a> {
    /// Text (a Python `str`): parsed as UTF-8 whatever the declaration
    /// says, as pyexpat does.
    Text(&'a str),
    /// Bytes, decoded as expat would.
    Bytes(&'a [u8]),
}

/// Parses a whole document. `Err` is a Python exception the decoding
/// raised (an unknown encoding's `LookupError`); malformed XML is
/// [`Parsed::error`].
pub fn parse(source: Source<'_>) -> Result<Parsed, PyErr> {
    let owned;
    let text = match source {
        Source::Text(t) => t,
        Source::Bytes(b) => match encoding::decode(b) {
            Ok(t) => {
                owned = t;
                &owned
            }
            Err(encoding::DecodeError::Xml(e)) => return Ok(Parsed { events: Vec::new(), error: Some(e) }),
            Err(encoding::DecodeError::Codec(e)) => return Err(e),
        },
    };
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    Ok(document::parse_text(text))
}
