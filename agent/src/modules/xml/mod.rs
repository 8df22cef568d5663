//! The `xml` package: `xml.dom.minidom`, `xml.etree.ElementTree` and
//! `xml.parsers.expat`'s errors, on a parser with expat's rules.

pub mod expat;
