//! The tokenizer: Python's tokens with 1-based line and column, strings
//! and numbers decoded, indentation as `Indent`/`Dedent` tokens, f-strings
//! split into text and raw fields (the parser parses the fields'
//! expressions).

use num_bigint::BigInt;

use crate::runtime::value::Py;

use super::strings::{fstring, text_of, unescape};

/// A compile-time error: `SyntaxError`, `IndentationError` or
/// `RecursionError`, at a line and column (1-based, in characters).
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxErr {
    pub kind: &'static str,
    pub msg: String,
    pub line: usize,
    pub col: usize,
}

pub fn err(msg: impl Into<String>, line: usize, col: usize) -> SyntaxErr {
    SyntaxErr { kind: "SyntaxError", msg: msg.into(), line, col }
}

#[derive(Debug, Clone)]
pub enum Tok {
    /// Identifiers and keywords.
    Name(String),
    /// int, float or complex.
    Num(Py),
    Str(Lit),
    Op(&'static str),
    Newline,
    /// The start of a more indented block.
    Indent,
    /// The end of an indented block.
    Dedent,
    End,
}

impl PartialEq for Tok {
    fn eq(&self, other: &Tok) -> bool {
        match (self, other) {
            (Tok::Name(a), Tok::Name(b)) => a == b,
            (Tok::Num(a), Tok::Num(b)) => format!("{a:?}") == format!("{b:?}"),
            (Tok::Str(a), Tok::Str(b)) => a == b,
            (Tok::Op(a), Tok::Op(b)) => a == b,
            (Tok::Newline, Tok::Newline)
            | (Tok::Indent, Tok::Indent)
            | (Tok::Dedent, Tok::Dedent)
            | (Tok::End, Tok::End) => true,
            _ => false,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Lit {
    Text(String),
    Bytes(Vec<u8>),
    F(Vec<FPiece>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum FPiece {
    Text(String),
    Field(Field),
}

/// `{src=!conv:spec}` of an f-string, its expression still as source.
/// The spec may hold nested fields (`{x:{width}}`).
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub src: String,
    pub line: usize,
    pub col: usize,
    /// `f"{x=}"`: the text shown before the value (`x=`).
    pub debug: Option<String>,
    pub conv: Option<char>,
    pub spec: Vec<FPiece>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub tok: Tok,
    pub line: usize,
    pub col: usize,
}

/// Longest first.
const OPS: &[&str] = &[
    "**=", "//=", ">>=", "<<=", "...", "->", ":=", "**", "//", "==", "!=", "<=", ">=", "<<", ">>", "+=", "-=", "*=",
    "/=", "%=", "&=", "|=", "^=", "@=", "(", ")", "[", "]", "{", "}", ",", ":", ".", ";", "@", "=", "+", "-", "*", "/",
    "%", "<", ">", "&", "|", "^", "~",
];

/// CPython's default `sys.get_int_max_str_digits()`.
const MAX_DECIMAL_DIGITS: usize = 4300;

struct Lexer {
    s: Vec<char>,
    i: usize,
    line: usize,
    /// Index of the first character of the current line.
    line_start: usize,
    /// Column offset of the first line (for f-string fields).
    first_line: usize,
    col0: usize,
    /// Open brackets: the character and where it opened.
    open: Vec<(char, usize, usize)>,
    /// Indentation widths of the open blocks (the first is 0).
    indents: Vec<usize>,
    toks: Vec<Token>,
}

/// Tokenizes `src`, whose first character is at `line`:`col`. With
/// `eval_mode`, the first line may be indented (as `eval` allows).
pub fn tokenize(src: &str, line: usize, col: usize, eval_mode: bool) -> Result<Vec<Token>, SyntaxErr> {
    let mut lx = Lexer {
        s: src.chars().collect(),
        i: 0,
        line,
        line_start: 0,
        first_line: line,
        col0: col.saturating_sub(1),
        open: Vec::new(),
        indents: vec![0],
        toks: Vec::new(),
    };
    lx.run(eval_mode)?;
    Ok(lx.toks)
}

fn is_id_start(c: char) -> bool {
    c == '_' || c.is_alphabetic()
}

fn is_id_char(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

impl Lexer {
    fn peek(&self, k: usize) -> Option<char> {
        self.s.get(self.i + k).copied()
    }

    fn col_at(&self, at: usize) -> usize {
        self.col_of(self.line, self.line_start, at)
    }

    fn col_of(&self, line: usize, line_start: usize, at: usize) -> usize {
        at - line_start + 1 + if line == self.first_line { self.col0 } else { 0 }
    }

    fn err_at(&self, msg: impl Into<String>, at: usize) -> SyntaxErr {
        err(msg, self.line, self.col_at(at))
    }

    fn push(&mut self, tok: Tok, start: usize) {
        let col = self.col_at(start);
        self.toks.push(Token { tok, line: self.line, col });
    }

    /// Consumes a line break at `self.i` (`\n`, `\r\n` or `\r`).
    fn newline(&mut self) {
        if self.peek(0) == Some('\r') && self.peek(1) == Some('\n') {
            self.i += 1;
        }
        self.i += 1;
        self.line += 1;
        self.line_start = self.i;
    }

    fn run(&mut self, eval_mode: bool) -> Result<(), SyntaxErr> {
        let mut line_begins = true;
        while self.i < self.s.len() {
            if line_begins && self.open.is_empty() {
                line_begins = false;
                let mut width = 0usize;
                while let Some(c @ (' ' | '\t' | '\x0c')) = self.peek(0) {
                    width = match c {
                        '\t' => (width / 8 + 1) * 8,
                        '\x0c' => 0,
                        _ => width + 1,
                    };
                    self.i += 1;
                }
                let blank = matches!(self.peek(0), None | Some('\n' | '\r' | '#'));
                if blank || (eval_mode && self.toks.is_empty()) {
                    continue;
                }
                self.indent_to(width)?;
                continue;
            }
            let c = self.s[self.i];
            match c {
                ' ' | '\t' | '\x0c' => self.i += 1,
                '#' => {
                    while !matches!(self.peek(0), None | Some('\n' | '\r')) {
                        self.i += 1;
                    }
                }
                '\n' | '\r' => {
                    if self.open.is_empty()
                        && self.toks.last().is_some_and(|t| !matches!(t.tok, Tok::Newline | Tok::Indent | Tok::Dedent))
                    {
                        self.push(Tok::Newline, self.i);
                    }
                    self.newline();
                    line_begins = true;
                }
                '\\' => match self.peek(1) {
                    Some('\n' | '\r') => {
                        self.i += 1;
                        self.newline();
                    }
                    None => return Err(self.err_at("unexpected EOF while parsing", self.i)),
                    Some(_) => {
                        return Err(self.err_at("unexpected character after line continuation character", self.i))
                    }
                },
                '0'..='9' => self.number()?,
                '.' if self.peek(1).is_some_and(|c| c.is_ascii_digit()) => self.number()?,
                '"' | '\'' => self.string(self.i, "")?,
                c if is_id_start(c) => {
                    let start = self.i;
                    while self.peek(0).is_some_and(is_id_char) {
                        self.i += 1;
                    }
                    let word: String = self.s[start..self.i].iter().collect();
                    let prefix = word.to_ascii_lowercase();
                    if matches!(self.peek(0), Some('"' | '\''))
                        && matches!(prefix.as_str(), "r" | "u" | "b" | "f" | "br" | "rb" | "fr" | "rf")
                    {
                        self.string(start, &prefix)?;
                    } else {
                        self.push(Tok::Name(word), start);
                    }
                }
                _ => self.op(c)?,
            }
        }
        if let Some(&(c, line, col)) = self.open.last() {
            return Err(err(format!("'{c}' was never closed"), line, col));
        }
        if self.toks.last().is_some_and(|t| !matches!(t.tok, Tok::Newline | Tok::Dedent | Tok::Indent)) {
            self.push(Tok::Newline, self.i);
        }
        while self.indents.len() > 1 {
            self.indents.pop();
            self.push(Tok::Dedent, self.i);
        }
        self.push(Tok::End, self.i);
        Ok(())
    }

    /// Opens or closes blocks for a logical line indented by `width`.
    fn indent_to(&mut self, width: usize) -> Result<(), SyntaxErr> {
        let current = *self.indents.last().unwrap_or(&0);
        if width > current {
            if self.toks.last().is_none_or(|t| t.tok != Tok::Newline) {
                return Err(SyntaxErr { kind: "IndentationError", ..self.err_at("unexpected indent", self.i) });
            }
            self.indents.push(width);
            self.push(Tok::Indent, self.i);
        } else if width < current {
            while self.indents.last().is_some_and(|&w| w > width) {
                self.indents.pop();
                self.push(Tok::Dedent, self.i);
            }
            if self.indents.last() != Some(&width) {
                return Err(SyntaxErr {
                    kind: "IndentationError",
                    ..self.err_at("unindent does not match any outer indentation level", self.i)
                });
            }
        }
        Ok(())
    }

    fn op(&mut self, c: char) -> Result<(), SyntaxErr> {
        let start = self.i;
        let ahead: String = self.s[self.i..(self.i + 3).min(self.s.len())].iter().collect();
        let Some(op) = (1..=ahead.chars().count()).rev().find_map(|n| {
            let candidate: String = ahead.chars().take(n).collect();
            OPS.iter().find(|op| **op == candidate)
        }) else {
            let msg = match c {
                '!' => "invalid syntax".to_owned(),
                '$' | '?' | '`' => format!("invalid syntax: unexpected character '{c}'"),
                _ => format!("invalid character '{c}' (U+{:04X})", c as u32),
            };
            return Err(self.err_at(msg, start));
        };
        match *op {
            "(" | "[" | "{" => {
                let col = self.col_at(start);
                self.open.push((c, self.line, col));
            }
            ")" | "]" | "}" => match self.open.pop() {
                None => return Err(self.err_at(format!("unmatched '{c}'"), start)),
                Some((o, _, _)) if !matches!((o, c), ('(', ')') | ('[', ']') | ('{', '}')) => {
                    return Err(self
                        .err_at(format!("closing parenthesis '{c}' does not match opening parenthesis '{o}'"), start));
                }
                Some(_) => {}
            },
            _ => {}
        }
        self.i += op.chars().count();
        self.push(Tok::Op(op), start);
        Ok(())
    }

    fn digits(&mut self, ok: impl Fn(char) -> bool) -> String {
        let start = self.i;
        while self.peek(0).is_some_and(|c| ok(c) || c == '_') {
            self.i += 1;
        }
        self.s[start..self.i].iter().collect()
    }

    fn number(&mut self) -> Result<(), SyntaxErr> {
        let start = self.i;
        let bad_underscores = |text: &str, after_prefix: bool| {
            let t = if after_prefix { text.strip_prefix('_').unwrap_or(text) } else { text };
            t.starts_with('_') || t.ends_with('_') || t.contains("__")
        };
        let radix = match (self.peek(0), self.peek(1).map(|c| c.to_ascii_lowercase())) {
            (Some('0'), Some('x')) => Some((16, "hexadecimal")),
            (Some('0'), Some('o')) => Some((8, "octal")),
            (Some('0'), Some('b')) => Some((2, "binary")),
            _ => None,
        };
        let value: Py = if let Some((radix, what)) = radix {
            self.i += 2;
            let text = self.digits(|c| c.is_ascii_alphanumeric());
            let clean: String = text.chars().filter(|c| *c != '_').collect();
            if let Some(d) = clean.chars().find(|c| !c.is_digit(radix)) {
                let msg = if d.is_ascii_digit() {
                    format!("invalid digit '{d}' in {what} literal")
                } else {
                    format!("invalid {what} literal")
                };
                return Err(self.err_at(msg, start));
            }
            if clean.is_empty() || bad_underscores(&text, true) {
                return Err(self.err_at(format!("invalid {what} literal"), start));
            }
            let n =
                BigInt::parse_bytes(clean.as_bytes(), radix).ok_or_else(|| self.err_at("invalid literal", start))?;
            Py::from_bigint(n)
        } else {
            let int_part = self.digits(|c| c.is_ascii_digit());
            let mut is_float = false;
            let mut parts = vec![int_part.clone()];
            if self.peek(0) == Some('.') {
                is_float = true;
                self.i += 1;
                parts.push(self.digits(|c| c.is_ascii_digit()));
            }
            if matches!(self.peek(0), Some('e' | 'E'))
                && (self.peek(1).is_some_and(|c| c.is_ascii_digit())
                    || (matches!(self.peek(1), Some('+' | '-')) && self.peek(2).is_some_and(|c| c.is_ascii_digit())))
            {
                is_float = true;
                self.i += if matches!(self.peek(1), Some('+' | '-')) { 2 } else { 1 };
                parts.push(self.digits(|c| c.is_ascii_digit()));
            }
            let imag = matches!(self.peek(0), Some('j' | 'J'));
            if imag {
                self.i += 1;
            }
            if parts.iter().any(|p| !p.is_empty() && bad_underscores(p, false)) {
                return Err(self.err_at("invalid decimal literal", start));
            }
            let text: String = self.s[start..self.i].iter().filter(|c| **c != '_').collect();
            let text = text.trim_end_matches(['j', 'J']);
            if imag || is_float {
                let f: f64 = text.parse().map_err(|_| self.err_at("invalid decimal literal", start))?;
                if imag {
                    Py::Complex(0.0, f)
                } else {
                    Py::Float(f)
                }
            } else {
                if text.len() > 1 && text.starts_with('0') && text.chars().any(|c| c != '0') {
                    return Err(self.err_at(
                        "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
                        start,
                    ));
                }
                if text.len() > MAX_DECIMAL_DIGITS {
                    return Err(self.err_at(
                        format!(
                            "Exceeds the limit ({MAX_DECIMAL_DIGITS} digits) for integer string conversion: value has {} digits; \
                             use sys.set_int_max_str_digits() to increase the limit - Consider hexadecimal for huge integer \
                             literals to avoid decimal conversion limits.",
                            text.len()
                        ),
                        start,
                    ));
                }
                let n = BigInt::parse_bytes(text.as_bytes(), 10)
                    .ok_or_else(|| self.err_at("invalid decimal literal", start))?;
                Py::from_bigint(n)
            }
        };
        if self.peek(0).is_some_and(is_id_char) {
            let what = match radix {
                Some((_, what)) => format!("invalid {what} literal"),
                None => "invalid decimal literal".into(),
            };
            return Err(self.err_at(what, self.i));
        }
        self.push(Tok::Num(value), start);
        Ok(())
    }

    /// A string literal whose prefix starts at `start` and whose quote is at
    /// `self.i`.
    fn string(&mut self, start: usize, prefix: &str) -> Result<(), SyntaxErr> {
        let (line, col) = (self.line, self.col_at(start));
        let q = self.s[self.i];
        let triple = self.peek(1) == Some(q) && self.peek(2) == Some(q);
        self.i += if triple { 3 } else { 1 };
        let body_start = self.i;
        let (body_line, body_line_start) = (self.line, self.line_start);
        loop {
            match self.peek(0) {
                None => {
                    let what = if triple {
                        "unterminated triple-quoted string literal"
                    } else {
                        "unterminated string literal"
                    };
                    return Err(err(format!("{what} (detected at line {})", self.line), line, col));
                }
                Some('\\') => {
                    if matches!(self.peek(1), Some('\n' | '\r')) {
                        self.i += 1;
                        self.newline();
                    } else {
                        self.i += 2;
                    }
                }
                Some('\n' | '\r') if triple => self.newline(),
                Some('\n' | '\r') => {
                    return Err(err(
                        format!("unterminated string literal (detected at line {})", self.line),
                        line,
                        col,
                    ));
                }
                Some(c) if c == q && (!triple || (self.peek(1) == Some(q) && self.peek(2) == Some(q))) => break,
                Some(_) => self.i += 1,
            }
        }
        let body: Vec<char> = self.s[body_start..self.i.min(self.s.len())].to_vec();
        self.i += if triple { 3 } else { 1 };
        let raw = prefix.contains('r');
        let lit = if prefix.contains('b') {
            if body.iter().any(|c| !c.is_ascii()) {
                return Err(err("bytes can only contain ASCII literal characters", line, col));
            }
            let codes = if raw { body.iter().map(|c| *c as u32).collect() } else { unescape(&body, true, line, col)? };
            Lit::Bytes(codes.into_iter().map(|c| c as u8).collect())
        } else if prefix.contains('f') {
            Lit::F(fstring(&body, raw, (body_line, self.col_of(body_line, body_line_start, body_start)), (line, col))?)
        } else {
            Lit::Text(text_of(&body, raw, line, col)?)
        };
        // The token is placed at its start, which may be lines above.
        let tok = Token { tok: Tok::Str(lit), line, col };
        self.toks.push(tok);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(src: &str) -> Vec<Tok> {
        tokenize(src, 1, 1, false).map(|t| t.into_iter().map(|t| t.tok).collect()).unwrap_or_else(|e| panic!("{e:?}"))
    }

    fn fails(src: &str) -> SyntaxErr {
        tokenize(src, 1, 1, false).expect_err(src)
    }

    fn num(src: &str) -> String {
        match toks(src).first() {
            Some(Tok::Num(v)) => format!("{v:?}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn numbers() {
        assert_eq!(num("0x_ff"), "255");
        assert_eq!(num("0o17"), "15");
        assert_eq!(num("0B1010"), "10");
        assert_eq!(num("1_000_000"), "1000000");
        assert_eq!(num("00"), "0");
        assert_eq!(num("1.5e3"), "1500.0");
        assert_eq!(num(".5"), "0.5");
        assert_eq!(num("1."), "1.0");
        assert_eq!(num("2j"), "(0+2j)");
        assert_eq!(num("1e999"), "inf");
        assert_eq!(num("18446744073709551616"), "18446744073709551616");
        assert_eq!(
            fails("012").msg.split(';').next(),
            Some("leading zeros in decimal integer literals are not permitted")
        );
        assert_eq!(fails("0o8").msg, "invalid digit '8' in octal literal");
        assert_eq!(fails("1__0").msg, "invalid decimal literal");
        assert_eq!(fails("1_").msg, "invalid decimal literal");
        assert_eq!(fails("12abc").msg, "invalid decimal literal");
        assert_eq!(fails("0x").msg, "invalid hexadecimal literal");
        assert!(fails(&"9".repeat(5000)).msg.starts_with("Exceeds the limit (4300 digits)"));
    }

    #[test]
    fn lines_brackets_and_indentation() {
        let t = tokenize("x = (1,\n  2)\ny", 1, 1, false).unwrap_or_default();
        let last = &t[t.len() - 3];
        assert_eq!((last.tok.clone(), last.line, last.col), (Tok::Name("y".into()), 3, 1));
        assert_eq!(toks("a \\\n + b").len(), 5);
        assert!(toks("x = 1\n  y = 2").contains(&Tok::Indent));
        let e = fails("if x:\n    y\n  z");
        assert_eq!(
            (e.kind, e.msg.as_str()),
            ("IndentationError", "unindent does not match any outer indentation level")
        );
        assert!(tokenize("  1 + 1", 1, 1, true).is_ok());
        assert_eq!(fails("(1, 2]").msg, "closing parenthesis ']' does not match opening parenthesis '('");
        assert_eq!(fails("f(1,\n").msg, "'(' was never closed");
        assert_eq!(fails(")").msg, "unmatched ')'");
        assert_eq!(fails("a € b").msg, "invalid character '€' (U+20AC)");
        assert_eq!(toks("x # comment\n\n   # indented comment\ny").len(), 5);
        assert_eq!(toks("a **= b")[1], Tok::Op("**="));
    }
}
