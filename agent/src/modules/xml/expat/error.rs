//! Expat's error codes and messages (`pyexpat.errors`, expat 2.5), and a
//! parse error at a position of the document.

/// Expat's `XML_ERROR_*` codes the parser reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    Syntax = 2,
    NoElements = 3,
    InvalidToken = 4,
    UnclosedToken = 5,
    PartialChar = 6,
    TagMismatch = 7,
    DuplicateAttribute = 8,
    JunkAfterDocElement = 9,
    UndefinedEntity = 11,
    RecursiveEntityRef = 12,
    AsyncEntity = 13,
    BadCharRef = 14,
    BinaryEntityRef = 15,
    AttributeExternalEntityRef = 16,
    MisplacedXmlPi = 17,
    IncorrectEncoding = 19,
    UnclosedCdataSection = 20,
    UnboundPrefix = 27,
    UndeclaringPrefix = 28,
    XmlDecl = 30,
    Publicid = 32,
    ReservedPrefixXml = 38,
    ReservedPrefixXmlns = 39,
    ReservedNamespaceUri = 40,
    AmplificationLimitBreach = 43,
}

impl Code {
    /// `pyexpat.ErrorString(code)`.
    pub fn message(self) -> &'static str {
        match self {
            Code::Syntax => "syntax error",
            Code::NoElements => "no element found",
            Code::InvalidToken => "not well-formed (invalid token)",
            Code::UnclosedToken => "unclosed token",
            Code::PartialChar => "partial character",
            Code::TagMismatch => "mismatched tag",
            Code::DuplicateAttribute => "duplicate attribute",
            Code::JunkAfterDocElement => "junk after document element",
            Code::UndefinedEntity => "undefined entity",
            Code::RecursiveEntityRef => "recursive entity reference",
            Code::AsyncEntity => "asynchronous entity",
            Code::BadCharRef => "reference to invalid character number",
            Code::BinaryEntityRef => "reference to binary entity",
            Code::AttributeExternalEntityRef => "reference to external entity in attribute",
            Code::MisplacedXmlPi => "XML or text declaration not at start of entity",
            Code::IncorrectEncoding => "encoding specified in XML declaration is incorrect",
            Code::UnclosedCdataSection => "unclosed CDATA section",
            Code::UnboundPrefix => "unbound prefix",
            Code::UndeclaringPrefix => "must not undeclare prefix",
            Code::XmlDecl => "XML declaration not well-formed",
            Code::Publicid => "illegal character(s) in public id",
            Code::ReservedPrefixXml => {
                "reserved prefix (xml) must not be undeclared or bound to another namespace name"
            }
            Code::ReservedPrefixXmlns => "reserved prefix (xmlns) must not be declared or undeclared",
            Code::ReservedNamespaceUri => "prefix must not be bound to one of the reserved namespace names",
            Code::AmplificationLimitBreach => "limit on input amplification factor (from DTD and entities) breached",
        }
    }
}

/// A parse error: expat's code and where it stopped (line from 1, column
/// from 0, in characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlError {
    pub code: Code,
    pub line: usize,
    pub column: usize,
}

impl XmlError {
    /// `"mismatched tag: line 1, column 8"`, as pyexpat words it.
    pub fn message(&self) -> String {
        format!("{}: line {}, column {}", self.code.message(), self.line, self.column)
    }
}
