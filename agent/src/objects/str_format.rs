//! `str.format` and `str.format_map`: replacement fields with indices,
//! names, attributes and items, conversions and nested format specs, as
//! CPython 3.11's `Objects/stringlib/unicode_format.h` parses them.

use std::sync::Arc;

use crate::runtime::args::Args;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::semantics;
use crate::runtime::unicode;
use crate::runtime::value::Py;

/// `template.format(*args, **kwargs)`.
pub fn format(cx: &Cx, template: &str, args: Args) -> PyResult<String> {
    let source = Source { positional: Some(&args.pos), names: Names::Keywords(&args.kw) };
    render(cx, template, &source)
}

/// `template.format_map(mapping)`.
pub fn format_map(cx: &Cx, template: &str, mapping: &Py) -> PyResult<String> {
    let source = Source { positional: None, names: Names::Mapping(mapping) };
    render(cx, template, &source)
}

fn render(cx: &Cx, template: &str, source: &Source<'_>) -> PyResult<String> {
    let chars: Vec<char> = template.chars().collect();
    let mut out = String::with_capacity(template.len() + 16);
    let mut auto = AutoNumber::Init;
    build(cx, &chars, source, 2, &mut auto, &mut out)?;
    Ok(out)
}

/// Where field names are looked up: keyword arguments or a mapping.
enum Names<'a> {
    Keywords(&'a [(Arc<str>, Py)]),
    Mapping(&'a Py),
}

struct Source<'a> {
    /// `None` for `format_map`, which has no positional arguments.
    positional: Option<&'a [Py]>,
    names: Names<'a>,
}

/// Automatic (`{}`) or manual (`{0}`) numbering: a format string uses one
/// or the other.
#[derive(Clone, Copy, PartialEq, Eq)]
enum AutoNumber {
    Init,
    Auto(usize),
    Manual,
}

fn value_error(msg: &str) -> exceptions::PyErr {
    exceptions::value_error(msg)
}

/// Appends the expansion of `fmt`: literal text with `{{`/`}}` escapes and
/// replacement fields.
fn build(
    cx: &Cx,
    fmt: &[char],
    source: &Source<'_>,
    depth: i32,
    auto: &mut AutoNumber,
    out: &mut String,
) -> PyResult<()> {
    if depth <= 0 {
        return Err(value_error("Max string recursion exceeded"));
    }
    let mut pos = 0;
    while pos < fmt.len() {
        let c = fmt[pos];
        pos += 1;
        match c {
            '{' | '}' if fmt.get(pos) == Some(&c) => {
                out.push(c);
                pos += 1;
            }
            '}' => return Err(value_error("Single '}' encountered in format string")),
            '{' if pos == fmt.len() => return Err(value_error("Single '{' encountered in format string")),
            '{' => {
                let field = parse_field(fmt, &mut pos)?;
                render_field(cx, &field, source, depth, auto, out)?;
            }
            _ => out.push(c),
        }
        if out.len() > semantics::MAX_BYTES {
            return Err(exceptions::memory_error("formatted string"));
        }
    }
    Ok(())
}

/// A replacement field: `{name!conversion:spec}`.
struct Field<'a> {
    name: &'a [char],
    conversion: Option<char>,
    spec: &'a [char],
    /// The spec holds fields of its own.
    nested: bool,
}

/// Parses the field that starts at `*pos` (after its `{`) and moves past
/// its `}` (CPython's `parse_field`).
fn parse_field<'a>(fmt: &'a [char], pos: &mut usize) -> PyResult<Field<'a>> {
    let start = *pos;
    let mut last = '\0';
    while *pos < fmt.len() {
        last = fmt[*pos];
        *pos += 1;
        match last {
            '{' => return Err(value_error("unexpected '{' in field name")),
            '[' => {
                while *pos < fmt.len() && fmt[*pos] != ']' {
                    *pos += 1;
                }
            }
            '}' | ':' | '!' => break,
            _ => {}
        }
    }
    let name = &fmt[start..(*pos).max(start + 1) - 1];
    let mut field = Field { name, conversion: None, spec: &[], nested: false };
    match last {
        '!' | ':' => {
            if last == '!' {
                let Some(&conv) = fmt.get(*pos) else {
                    return Err(value_error("end of string while looking for conversion specifier"));
                };
                field.conversion = Some(conv);
                *pos += 1;
                if let Some(&c) = fmt.get(*pos) {
                    *pos += 1;
                    if c == '}' {
                        return Ok(field);
                    }
                    if c != ':' {
                        return Err(value_error("expected ':' after conversion specifier"));
                    }
                }
            }
            let spec_start = *pos;
            let mut count = 1;
            while *pos < fmt.len() {
                let c = fmt[*pos];
                *pos += 1;
                match c {
                    '{' => {
                        field.nested = true;
                        count += 1;
                    }
                    '}' => {
                        count -= 1;
                        if count == 0 {
                            field.spec = &fmt[spec_start..*pos - 1];
                            return Ok(field);
                        }
                    }
                    _ => {}
                }
            }
            Err(value_error("unmatched '{' in format spec"))
        }
        '}' => Ok(field),
        _ => Err(value_error("expected '}' before end of string")),
    }
}

/// Looks a field's object up, converts it and formats it with its spec.
fn render_field(
    cx: &Cx,
    field: &Field<'_>,
    source: &Source<'_>,
    depth: i32,
    auto: &mut AutoNumber,
    out: &mut String,
) -> PyResult<()> {
    let mut obj = field_object(cx, field.name, source, auto)?;
    if let Some(conv) = field.conversion {
        obj = Py::str(match conv {
            'r' => semantics::repr(cx, &obj)?,
            's' => semantics::str(cx, &obj)?,
            'a' => semantics::ascii(cx, &obj)?,
            other => {
                let code = other as u32;
                return Err(exceptions::value_error(if code > 32 && code < 127 {
                    format!("Unknown conversion specifier {other}")
                } else {
                    format!("Unknown conversion specifier \\x{code:x}")
                }));
            }
        });
    }
    let spec: String = if field.nested {
        let mut expanded = String::new();
        build(cx, field.spec, source, depth - 1, auto, &mut expanded)?;
        expanded
    } else {
        field.spec.iter().collect()
    };
    out.push_str(&semantics::format(cx, &obj, &spec)?);
    Ok(())
}

/// A field name's decimal value, if it is all decimal digits.
fn integer(name: &[char]) -> PyResult<Option<usize>> {
    if name.is_empty() {
        return Ok(None);
    }
    let mut acc: usize = 0;
    for &c in name {
        let Some(d) = unicode::decimal_value(c) else { return Ok(None) };
        if acc > (isize::MAX as usize - d as usize) / 10 {
            return Err(value_error("Too many decimal digits in format string"));
        }
        acc = acc * 10 + d as usize;
    }
    Ok(Some(acc))
}

/// The object a field name selects: `0`, `name`, then `.attr` and
/// `[key]` parts.
fn field_object(cx: &Cx, name: &[char], source: &Source<'_>, auto: &mut AutoNumber) -> PyResult<Py> {
    let first_end = name.iter().position(|&c| c == '.' || c == '[').unwrap_or(name.len());
    let first = &name[..first_end];
    let mut index = integer(first)?;
    if first.is_empty() || index.is_some() {
        let empty = first.is_empty();
        if *auto == AutoNumber::Init {
            *auto = if empty { AutoNumber::Auto(0) } else { AutoNumber::Manual };
        }
        match (*auto, empty) {
            (AutoNumber::Manual, true) => {
                return Err(value_error("cannot switch from manual field specification to automatic field numbering"))
            }
            (AutoNumber::Auto(_), false) => {
                return Err(value_error("cannot switch from automatic field numbering to manual field specification"))
            }
            (AutoNumber::Auto(n), true) => {
                index = Some(n);
                *auto = AutoNumber::Auto(n + 1);
            }
            _ => {}
        }
    }
    let mut obj = match index {
        Some(i) => {
            let Some(args) = source.positional else {
                return Err(value_error("Format string contains positional fields"));
            };
            args.get(i).cloned().ok_or_else(|| {
                exceptions::index_error(format!("Replacement index {i} out of range for positional args tuple"))
            })?
        }
        None => {
            let key: String = first.iter().collect();
            match source.names {
                Names::Keywords(kw) => match kw.iter().find(|(k, _)| **k == *key) {
                    Some((_, v)) => v.clone(),
                    None => return Err(exceptions::key_error(Py::str(key))),
                },
                Names::Mapping(m) => semantics::getitem(cx, m, &Py::str(key))?,
            }
        }
    };
    let mut rest = &name[first_end..];
    while let Some((part, next)) = next_part(rest)? {
        obj = match part.key {
            FieldKey::Name(text) if part.is_attr => super::attr::getattr(cx, &obj, &text)?,
            key => semantics::getitem(cx, &obj, &key.value())?,
        };
        rest = next;
    }
    Ok(obj)
}

// ------------------------------------------------------------------ parsing for string.Formatter
//
// `string.Formatter` parses with `_string.formatter_parser` and
// `_string.formatter_field_name_split`: the same C parser as str.format,
// exposed piece by piece.

/// A field name part: a positional index (all decimal digits) or a name.
pub enum FieldKey {
    Index(usize),
    Name(String),
}

impl FieldKey {
    fn of(text: &[char]) -> PyResult<FieldKey> {
        Ok(match integer(text)? {
            Some(i) => FieldKey::Index(i),
            None => FieldKey::Name(text.iter().collect()),
        })
    }

    /// As `_string` gives it: an int or a str.
    pub fn value(&self) -> Py {
        match self {
            FieldKey::Index(i) => Py::from(*i),
            FieldKey::Name(n) => Py::str(n.as_str()),
        }
    }
}

/// A part after a field name's first: `.attr` (`is_attr`) or `[key]`.
pub struct FieldPart {
    pub is_attr: bool,
    /// An attribute is always a name; an item key is an index when it is
    /// all decimal digits.
    pub key: FieldKey,
}

/// A field name's first part (`0` of `0.real`, as an index or a name)
/// and the rest, for [`next_part`].
pub fn split_field_name(name: &[char]) -> PyResult<(FieldKey, &[char])> {
    let end = name.iter().position(|&c| c == '.' || c == '[').unwrap_or(name.len());
    Ok((FieldKey::of(&name[..end])?, &name[end..]))
}

/// The next part of a field name's rest and what follows it; `None` at
/// the end. Parsed one at a time, as CPython's iterator does: a bad part
/// fails only once the parts before it have been used.
pub fn next_part(rest: &[char]) -> PyResult<Option<(FieldPart, &[char])>> {
    let Some((&c, tail)) = rest.split_first() else { return Ok(None) };
    let (part, next, is_attr) = match c {
        '.' => {
            let end = tail.iter().position(|&c| c == '.' || c == '[').unwrap_or(tail.len());
            (&tail[..end], &tail[end..], true)
        }
        '[' => {
            let Some(end) = tail.iter().position(|&c| c == ']') else {
                return Err(value_error("Missing ']' in format string"));
            };
            (&tail[..end], &tail[end + 1..], false)
        }
        _ => return Err(value_error("Only '.' or '[' may follow ']' in format field specifier")),
    };
    let index = if is_attr { None } else { integer(part)? };
    if part.is_empty() {
        return Err(value_error("Empty attribute in format string"));
    }
    let key = match index {
        Some(i) => FieldKey::Index(i),
        None => FieldKey::Name(part.iter().collect()),
    };
    Ok(Some((FieldPart { is_attr, key }, next)))
}

/// A piece of a format string as `_string.formatter_parser` yields it:
/// literal text, then the replacement field that follows it, if any.
pub struct Markup {
    pub literal: String,
    pub field: Option<MarkupField>,
}

/// `{name!conversion:spec}`, the spec unexpanded.
pub struct MarkupField {
    pub name: String,
    pub conversion: Option<char>,
    pub spec: String,
}

/// The pieces of `template` (CPython's `MarkupIterator`), then the error
/// that stopped the parse, if one did: the pieces before it still count.
pub fn markup(template: &str) -> (Vec<Markup>, Option<exceptions::PyErr>) {
    let fmt: Vec<char> = template.chars().collect();
    let mut pieces = Vec::new();
    let mut pos = 0;
    while pos < fmt.len() {
        let start = pos;
        let mut c = '\0';
        let mut markup_follows = false;
        while pos < fmt.len() {
            c = fmt[pos];
            pos += 1;
            if c == '{' || c == '}' {
                markup_follows = true;
                break;
            }
        }
        let at_end = pos >= fmt.len();
        let mut end = pos;
        if c == '}' && (at_end || fmt[pos] != c) {
            return (pieces, Some(value_error("Single '}' encountered in format string")));
        }
        if at_end && c == '{' {
            return (pieces, Some(value_error("Single '{' encountered in format string")));
        }
        if !at_end {
            if fmt[pos] == c {
                // An escaped brace ends the literal; no field follows.
                pos += 1;
                markup_follows = false;
            } else {
                end -= 1;
            }
        }
        let literal: String = fmt[start..end].iter().collect();
        if !markup_follows {
            pieces.push(Markup { literal, field: None });
            continue;
        }
        match parse_field(&fmt, &mut pos) {
            Ok(f) => pieces.push(Markup {
                literal,
                field: Some(MarkupField {
                    name: f.name.iter().collect(),
                    conversion: f.conversion,
                    spec: f.spec.iter().collect(),
                }),
            }),
            Err(e) => return (pieces, Some(e)),
        }
    }
    (pieces, None)
}

#[cfg(test)]
mod tests {
    //! Expectations printed by CPython 3.11 (`python3`) for the same
    //! templates and arguments.

    use super::*;
    use crate::objects::dict::Dict;
    use crate::objects::testing::cx;

    fn s(text: &str) -> Py {
        Py::str(text)
    }

    fn shown(cx: &Cx, r: PyResult<String>) -> String {
        match r {
            Ok(v) => semantics::repr(cx, &Py::str(v)).expect("repr"),
            Err(e) => format!("{}: {}", e.class().name, e.message(cx)),
        }
    }

    fn fmt(template: &str, pos: Vec<Py>, kw: Vec<(Arc<str>, Py)>) -> String {
        let cx = cx();
        shown(&cx, format(&cx, template, Args::new(pos, kw)))
    }

    fn fmt_map(template: &str) -> String {
        let cx = cx();
        let mapping = Dict::from_pairs(&cx, vec![(s("a"), s("x")), (s("b"), Py::Int(2))]).expect("dict");
        shown(&cx, format_map(&cx, template, &mapping))
    }

    #[test]
    fn format_follows_cpython() {
        assert_eq!(fmt("{} {}", vec![Py::Int(1), Py::Int(2)], vec![]), "'1 2'");
        assert_eq!(fmt("{1} {0} {1}", vec![s("a"), s("b")], vec![]), "'b a b'");
        assert_eq!(fmt("{x}-{y!r}", vec![], vec![("x".into(), Py::Int(1)), ("y".into(), s("q"))]), "\"1-'q'\"");
        assert_eq!(fmt("{0[1]} {0[0]}", vec![Py::tuple(vec![Py::Int(5), Py::Int(6)])], vec![]), "'6 5'");
        assert_eq!(fmt("{0.real} {0.imag}", vec![Py::Int(3)], vec![]), "'3 0'");
        assert_eq!(
            fmt(
                "{:>{}}|{:^{w}.{p}f}",
                vec![s("ab"), Py::Int(5), Py::Float(3.25159)],
                vec![("w".into(), Py::Int(9)), ("p".into(), Py::Int(2))]
            ),
            "'   ab|  3.25   '"
        );
        assert_eq!(fmt("{!a} {!s:>4}", vec![s("\u{e9}"), Py::Int(1)], vec![]), "\"'\\\\xe9'    1\"");
        assert_eq!(fmt("{{}} {{{}}}", vec![Py::Int(7)], vec![]), "'{} {7}'");
        assert_eq!(
            fmt("{} {0}", vec![Py::Int(1)], vec![]),
            "ValueError: cannot switch from automatic field numbering to manual field specification"
        );
        assert_eq!(
            fmt("{0} {}", vec![Py::Int(1)], vec![]),
            "ValueError: cannot switch from manual field specification to automatic field numbering"
        );
        assert_eq!(
            fmt("{2}", vec![Py::Int(1)], vec![]),
            "IndexError: Replacement index 2 out of range for positional args tuple"
        );
        assert_eq!(fmt("{a}", vec![], vec![]), "KeyError: 'a'");
        assert_eq!(fmt("{0!x}", vec![Py::Int(1)], vec![]), "ValueError: Unknown conversion specifier x");
        assert_eq!(fmt("{0!rx}", vec![Py::Int(1)], vec![]), "ValueError: expected ':' after conversion specifier");
        assert_eq!(fmt("{", vec![], vec![]), "ValueError: Single '{' encountered in format string");
        assert_eq!(fmt("}", vec![], vec![]), "ValueError: Single '}' encountered in format string");
        assert_eq!(fmt("{0[}", vec![Py::Int(1)], vec![]), "ValueError: expected '}' before end of string");
        assert_eq!(fmt("{0!}", vec![Py::Int(1)], vec![]), "ValueError: unmatched '{' in format spec");
        assert_eq!(
            fmt("{:{:{}}}", vec![Py::Int(1), Py::Int(2), Py::Int(3)], vec![]),
            "ValueError: Max string recursion exceeded"
        );
        assert_eq!(fmt("{0.}", vec![Py::Int(1)], vec![]), "ValueError: Empty attribute in format string");
        assert_eq!(fmt("{0[]}", vec![Py::Int(1)], vec![]), "ValueError: Empty attribute in format string");
        assert_eq!(fmt("{0]}", vec![Py::Int(1)], vec![]), "KeyError: '0]'");
        assert_eq!(fmt("{a{b}", vec![], vec![("a".into(), Py::Int(1))]), "ValueError: unexpected '{' in field name");
        assert_eq!(fmt("{:d}", vec![s("x")], vec![]), "ValueError: Unknown format code 'd' for object of type 'str'");
        assert_eq!(fmt("{:,}", vec![Py::Int(1234567)], vec![]), "'1,234,567'");
        assert_eq!(
            fmt("{0:%Y}", vec![Py::Int(1)], vec![]),
            "ValueError: Invalid format specifier '%Y' for object of type 'int'"
        );
        assert_eq!(fmt("{\u{661}}", vec![s("a"), s("b")], vec![]), "'b'");
        assert_eq!(fmt("{0.nope}", vec![Py::Int(1)], vec![]), "AttributeError: 'int' object has no attribute 'nope'");
        assert_eq!(fmt_map("{a} {b}"), "'x 2'");
        assert_eq!(fmt_map("{0}"), "ValueError: Format string contains positional fields");
        assert_eq!(fmt_map("{}"), "ValueError: Format string contains positional fields");
        assert_eq!(fmt_map("{c}"), "KeyError: 'c'");
        assert_eq!(fmt_map("{a[0]}"), "'x'");
    }
}
