//! `shlex`: `split` (POSIX or classic rules, comments optional), `quote`
//! and `join`. `split` runs `shlex.shlex`'s state machine as `split()`
//! configures it (whitespace splitting, no punctuation characters), so
//! quoting, escapes and the errors for unterminated quotes are CPython's.

use crate::objects::list::List;
use crate::objects::module::{f, ModuleDef};
use crate::runtime::args::{self, req, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::semantics;
use crate::runtime::value::Py;

pub static MODULE: ModuleDef = ModuleDef {
    name: "shlex",
    type_name: "shlex",
    doc: "A lexical analyzer class for simple shell-like syntaxes.",
    functions: &[f("split", split), f("quote", quote), f("join", join)],
    attr: |_, _| None,
    attr_names: &[],
    setattr: None,
};

const WHITESPACE: &str = " \t\r\n";
const QUOTES: &str = "'\"";
const ESCAPE: char = '\\';
const ESCAPED_QUOTES: &str = "\"";

#[derive(Clone, Copy, PartialEq)]
enum State {
    /// Between tokens.
    Space,
    /// In a word.
    Word,
    /// In a quoted string opened by this quote.
    Quote(char),
    /// After an escape character.
    Escape(char),
    /// Past the end of the input.
    Eof,
}

/// `shlex.shlex(s, posix=posix)` with `whitespace_split = True`.
struct Lexer {
    chars: Vec<char>,
    pos: usize,
    posix: bool,
    comments: bool,
    state: State,
}

impl Lexer {
    fn next_char(&mut self) -> Option<char> {
        let c = self.chars.get(self.pos).copied();
        if c.is_some() {
            self.pos += 1;
        }
        c
    }

    /// `instream.readline()`: skips to the end of the line.
    fn skip_line(&mut self) {
        while let Some(c) = self.next_char() {
            if c == '\n' {
                break;
            }
        }
    }

    fn is_comment(&self, c: char) -> bool {
        self.comments && c == '#'
    }

    /// `read_token`: the next token, `None` at the end.
    fn read_token(&mut self) -> PyResult<Option<String>> {
        let mut quoted = false;
        let mut escaped_state = State::Space;
        let mut token = String::new();
        loop {
            let next = self.next_char();
            match self.state {
                State::Eof => {
                    token.clear();
                    break;
                }
                State::Space => match next {
                    None => {
                        self.state = State::Eof;
                        break;
                    }
                    Some(c) if WHITESPACE.contains(c) => {
                        if !token.is_empty() || (self.posix && quoted) {
                            break;
                        }
                    }
                    Some(c) if self.is_comment(c) => self.skip_line(),
                    Some(c) if self.posix && c == ESCAPE => {
                        escaped_state = State::Word;
                        self.state = State::Escape(c);
                    }
                    Some(c) if QUOTES.contains(c) => {
                        if !self.posix {
                            token.push(c);
                        }
                        self.state = State::Quote(c);
                    }
                    Some(c) => {
                        token.push(c);
                        self.state = State::Word;
                    }
                },
                State::Quote(q) => {
                    quoted = true;
                    let Some(c) = next else { return Err(exceptions::value_error("No closing quotation")) };
                    if c == q {
                        if !self.posix {
                            token.push(c);
                            self.state = State::Space;
                            break;
                        }
                        self.state = State::Word;
                    } else if self.posix && c == ESCAPE && ESCAPED_QUOTES.contains(q) {
                        escaped_state = State::Quote(q);
                        self.state = State::Escape(c);
                    } else {
                        token.push(c);
                    }
                }
                State::Escape(e) => {
                    let Some(c) = next else { return Err(exceptions::value_error("No escaped character")) };
                    // Inside quotes, an escape only escapes the quote and itself.
                    if let State::Quote(q) = escaped_state {
                        if c != e && c != q {
                            token.push(e);
                        }
                    }
                    token.push(c);
                    self.state = escaped_state;
                }
                State::Word => match next {
                    None => {
                        self.state = State::Eof;
                        break;
                    }
                    Some(c) if WHITESPACE.contains(c) => {
                        self.state = State::Space;
                        if !token.is_empty() || (self.posix && quoted) {
                            break;
                        }
                    }
                    Some(c) if self.is_comment(c) => {
                        self.skip_line();
                        if self.posix {
                            self.state = State::Space;
                            if !token.is_empty() || (self.posix && quoted) {
                                break;
                            }
                        }
                    }
                    Some(c) if self.posix && QUOTES.contains(c) => self.state = State::Quote(c),
                    Some(c) if self.posix && c == ESCAPE => {
                        escaped_state = State::Word;
                        self.state = State::Escape(c);
                    }
                    Some(c) => token.push(c),
                },
            }
        }
        if self.posix && !quoted && token.is_empty() {
            return Ok(None);
        }
        // Without POSIX rules the end is an empty token.
        if !self.posix && token.is_empty() {
            return Ok(None);
        }
        Ok(Some(token))
    }
}

/// `split(s, comments=False, posix=True)`.
fn split(cx: &Cx, args: Args) -> PyResult<Py> {
    let [s, comments, posix] = args.bind("split", ["s", "comments?", "posix?"])?;
    let s = match req(s) {
        Py::Str(s) => s,
        // CPython reads its standard input, which an agent does not have.
        Py::None => return Ok(List::new(Vec::new())),
        other => {
            return Err(exceptions::attribute_error(&semantics::type_name(&other), "read"));
        }
    };
    let mut lexer = Lexer {
        chars: s.chars().collect(),
        pos: 0,
        posix: args::opt_bool(cx, posix.as_ref(), true)?,
        comments: args::opt_bool(cx, comments.as_ref(), false)?,
        state: State::Space,
    };
    let mut out = Vec::new();
    while let Some(token) = lexer.read_token()? {
        out.push(Py::str(token));
        if out.len() % 4096 == 0 {
            cx.check_interrupt()?;
        }
    }
    Ok(List::new(out))
}

/// `quote(s)` for a str.
fn quote_str(s: &str) -> String {
    if s.is_empty() {
        return "''".to_owned();
    }
    let safe = |c: char| c.is_ascii_alphanumeric() || "_@%+=:,./-".contains(c);
    if s.chars().all(safe) {
        return s.to_owned();
    }
    format!("'{}'", s.replace('\'', "'\"'\"'"))
}

/// `quote(v)` for any value: a false one is `''` before its type matters.
fn quote_value(cx: &Cx, v: &Py) -> PyResult<String> {
    if !semantics::truthy(cx, v)? {
        return Ok("''".to_owned());
    }
    match v {
        Py::Str(s) => Ok(quote_str(s)),
        Py::Bytes(_) => Err(exceptions::type_error("cannot use a string pattern on a bytes-like object")),
        other => Err(exceptions::type_error(format!(
            "expected string or bytes-like object, got '{}'",
            semantics::type_name(other)
        ))),
    }
}

/// `quote(s)`: a shell-escaped version of `s`.
fn quote(cx: &Cx, args: Args) -> PyResult<Py> {
    let [s] = args.bind("quote", ["s"])?;
    quote_value(cx, &req(s)).map(Py::str)
}

/// `join(split_command)`.
fn join(cx: &Cx, args: Args) -> PyResult<Py> {
    let [parts] = args.bind("join", ["split_command"])?;
    let quoted =
        semantics::iterate(cx, &req(parts))?.iter().map(|p| quote_value(cx, p)).collect::<PyResult<Vec<_>>>()?;
    Ok(Py::str(quoted.join(" ")))
}

#[cfg(test)]
#[path = "shlex_tests.rs"]
mod tests;
