//! Replacement templates of `sub`, `subn` and `Match.expand`, parsed as
//! `re._parser.parse_template` parses them: `\1`, `\g<name>`, `\g<0>`,
//! octal and character escapes; an unmatched group expands to nothing.

use super::engine::Engine;
use super::parse::{is_identifier, py_repr, ParseError};

/// A piece of a template.
#[derive(Debug, Clone)]
pub enum Piece {
    /// Literal text (latin-1 code points for bytes templates).
    Text(String),
    Group(usize),
}

/// Why a template is refused: `re.error`, or `IndexError` for an unknown
/// group name.
pub enum TemplateError {
    Re(ParseError),
    Index(String),
}

const MAXGROUPS: usize = (u32::MAX / 2) as usize;

struct Cursor {
    chars: Vec<char>,
    /// Index of the next token.
    i: usize,
    is_bytes: bool,
}

impl Cursor {
    fn error(&self, msg: impl Into<String>, offset: usize) -> TemplateError {
        let mut msg = msg.into();
        if self.is_bytes {
            msg = msg
                .chars()
                .map(|c| if c.is_ascii() { c.to_string() } else { format!("\\x{:02x}", c as u32) })
                .collect();
        }
        TemplateError::Re(ParseError::Re { msg, pos: Some(self.i.saturating_sub(offset)) })
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.i).copied()
    }

    /// The next token as `re._parser.Tokenizer` splits them.
    fn token(&mut self) -> Result<Option<(char, Option<char>)>, TemplateError> {
        let Some(c) = self.peek() else { return Ok(None) };
        if c != '\\' {
            self.i += 1;
            return Ok(Some((c, None)));
        }
        let Some(&d) = self.chars.get(self.i + 1) else {
            return Err(TemplateError::Re(ParseError::Re {
                msg: "bad escape (end of pattern)".into(),
                pos: Some(self.chars.len() - 1),
            }));
        };
        self.i += 2;
        Ok(Some((c, Some(d))))
    }

    /// The next token if it is a plain character (not an escape).
    fn plain_next(&self) -> Option<char> {
        self.peek().filter(|&c| c != '\\')
    }
}

/// Parses a template against a pattern's groups.
pub fn parse(template: Vec<char>, engine: &Engine) -> Result<Vec<Piece>, TemplateError> {
    let is_bytes = engine.is_bytes;
    let mut s = Cursor { chars: template, i: 0, is_bytes };
    let mut pieces = Vec::new();
    let mut literal = String::new();
    let groups = engine.info.groups;
    let add_group = |pieces: &mut Vec<Piece>, literal: &mut String, index: usize, offset: usize, s: &Cursor| {
        if index > groups {
            return Err(s.error(format!("invalid group reference {index}"), offset));
        }
        if !literal.is_empty() {
            pieces.push(Piece::Text(std::mem::take(literal)));
        }
        pieces.push(Piece::Group(index));
        Ok(())
    };
    while let Some((this, escaped)) = s.token()? {
        let Some(c) = escaped else {
            literal.push(this);
            continue;
        };
        let octal = |x: char| ('0'..='7').contains(&x);
        match c {
            'g' => {
                if s.plain_next() != Some('<') {
                    return Err(s.error("missing <", 0));
                }
                s.i += 1;
                let mut name = String::new();
                loop {
                    let Some((n, esc)) = s.token()? else {
                        return Err(if name.is_empty() {
                            s.error("missing group name", 0)
                        } else {
                            s.error("missing >, unterminated name", name.chars().count())
                        });
                    };
                    if n == '>' && esc.is_none() {
                        if name.is_empty() {
                            return Err(s.error("missing group name", 1));
                        }
                        break;
                    }
                    name.push(n);
                    name.extend(esc);
                }
                let offset = name.chars().count() + 1;
                let index = if is_identifier(&name) {
                    match engine.info.names.iter().find(|(k, _)| *k == name) {
                        Some(&(_, g)) => g,
                        None => return Err(TemplateError::Index(format!("unknown group name {}", py_repr(&name)))),
                    }
                } else {
                    let index = match name.trim().parse::<i64>() {
                        Ok(i) if i >= 0 => i as usize,
                        _ => return Err(s.error(format!("bad character in group name {}", py_repr(&name)), offset)),
                    };
                    if index >= MAXGROUPS {
                        return Err(s.error(format!("invalid group reference {index}"), offset));
                    }
                    index
                };
                add_group(&mut pieces, &mut literal, index, offset, &s)?;
            }
            '0' => {
                let mut digits = String::from("0");
                for _ in 0..2 {
                    match s.plain_next() {
                        Some(d) if octal(d) => {
                            digits.push(d);
                            s.i += 1;
                        }
                        _ => break,
                    }
                }
                let value = u32::from_str_radix(&digits, 8).unwrap_or(0) & 0xff;
                literal.push(char::from_u32(value).unwrap_or('\0'));
            }
            '1'..='9' => {
                let mut digits = c.to_string();
                if let Some(d) = s.plain_next().filter(char::is_ascii_digit) {
                    s.i += 1;
                    digits.push(d);
                    if octal(c) && octal(d) {
                        if let Some(e) = s.plain_next().filter(|&e| octal(e)) {
                            s.i += 1;
                            digits.push(e);
                            let value = u32::from_str_radix(&digits, 8).unwrap_or(0);
                            if value > 0o377 {
                                return Err(s.error(
                                    format!("octal escape value \\{digits} outside of range 0-0o377"),
                                    digits.len() + 1,
                                ));
                            }
                            literal.push(char::from_u32(value).unwrap_or('\0'));
                            continue;
                        }
                    }
                }
                let index: usize = digits.parse().unwrap_or(usize::MAX);
                add_group(&mut pieces, &mut literal, index, digits.len(), &s)?;
            }
            _ => {
                let code = match c {
                    'a' => Some('\u{7}'),
                    'b' => Some('\u{8}'),
                    'f' => Some('\u{c}'),
                    'n' => Some('\n'),
                    'r' => Some('\r'),
                    't' => Some('\t'),
                    'v' => Some('\u{b}'),
                    '\\' => Some('\\'),
                    _ => None,
                };
                match code {
                    Some(ch) => literal.push(ch),
                    None if c.is_ascii_alphabetic() => return Err(s.error(format!("bad escape \\{c}"), 2)),
                    None => {
                        literal.push('\\');
                        literal.push(c);
                    }
                }
            }
        }
    }
    if !literal.is_empty() {
        pieces.push(Piece::Text(literal));
    }
    Ok(pieces)
}
