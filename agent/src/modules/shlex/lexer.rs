//! `shlex.shlex`, the lexer class, as CPython 3.11's Lib/shlex.py has it.
//!
//! Its settings and state are plain instance attributes (`whitespace`,
//! `wordchars`, `state`, `token`, `lineno`, `pushback`...), which code may
//! read and replace at any time, so they live in the instance's attribute
//! table and the lexer reads them back at each token. The input is any
//! object with `read(1)` and `readline()`; a str becomes an `io.StringIO`,
//! which is read directly. `pushback`, `filestack` and `_pushback_chars`
//! are `collections.deque`s, used through their methods.

use std::sync::{Arc, LazyLock, Mutex, MutexGuard};

use crate::modules::collections::DEQUE;
use crate::modules::io::{StringIo, STRING_IO};
use crate::modules::os_path::pure;
use crate::objects::attr::call_method;
use crate::runtime::args::{req, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::{BinOp, ObjRef, PyObject};
use crate::runtime::semantics;
use crate::runtime::types::{blocking_method, method, property, type_value, Method, Type, TypeRef, OBJECT};
use crate::runtime::value::Py;

pub static SHLEX: LazyLock<TypeRef> = LazyLock::new(|| {
    Type::with_attrs(
        "shlex".into(),
        "shlex".into(),
        OBJECT.clone(),
        &METHODS,
        Some(shlex_new),
        Some("A lexical analyzer class for simple shell-like syntaxes."),
        Vec::new(),
    )
});

const WORDCHARS: &str = "abcdfeghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_";
/// What POSIX mode adds to `wordchars`.
const POSIX_WORDCHARS: &str = "ßàáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞ";
/// What punctuation mode adds to `wordchars` (file names, wildcards).
const PUNCTUATION_WORDCHARS: &str = "~-./*?=";
/// `punctuation_chars=True`.
const DEFAULT_PUNCTUATION: &str = "();<>|&";

/// A `shlex.shlex` instance: its attributes, in assignment order.
pub struct Shlex {
    attrs: Mutex<Vec<(Arc<str>, Py)>>,
}

fn new_deque(cx: &Cx) -> PyResult<Py> {
    semantics::call(cx, &type_value(&DEQUE), Args::default())
}

/// A str input becomes a `StringIO` (as `shlex.__init__` and `push_source`).
fn stream_of(cx: &Cx, v: Py) -> PyResult<Py> {
    match v {
        Py::Str(_) => semantics::call(cx, &type_value(&STRING_IO), Args::one(v)),
        other => Ok(other),
    }
}

/// `wordchars.translate(wordchars.maketrans(dict.fromkeys(chars)))`.
fn without_chars(cx: &Cx, wordchars: &str, chars: &Py) -> PyResult<String> {
    let mut removed: Vec<char> = Vec::new();
    for key in semantics::iterate(cx, chars)? {
        semantics::hash(cx, &key)?;
        match &key {
            Py::Str(s) => {
                let mut it = s.chars();
                match (it.next(), it.next()) {
                    (Some(c), None) => removed.push(c),
                    _ => return Err(exceptions::value_error("string keys in translate table must be of length 1")),
                }
            }
            other => match semantics::index_value(other) {
                Some(Py::Int(n)) => removed.extend(u32::try_from(n).ok().and_then(char::from_u32)),
                _ => return Err(exceptions::type_error("keys in translate table must be strings or integers")),
            },
        }
    }
    Ok(wordchars.chars().filter(|c| !removed.contains(c)).collect())
}

/// `shlex(instream=None, infile=None, posix=False, punctuation_chars=False)`.
fn shlex_new(cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    let [instream, infile, posix, punctuation] =
        args.bind("shlex.__init__", ["instream?", "infile?", "posix?", "punctuation_chars?"])?;
    let instream = stream_of(cx, instream.unwrap_or(Py::None))?;
    let (instream, infile) = match instream {
        Py::None => (crate::modules::sys::stdin(cx), Py::None),
        stream => (stream, infile.unwrap_or(Py::None)),
    };
    let posix = posix.unwrap_or(Py::Bool(false));
    let is_posix = semantics::truthy(cx, &posix)?;
    let mut wordchars = WORDCHARS.to_owned();
    if is_posix {
        wordchars.push_str(POSIX_WORDCHARS);
    }
    let punctuation = match punctuation.unwrap_or(Py::Bool(false)) {
        p if !semantics::truthy(cx, &p)? => Py::str(""),
        Py::Bool(true) => Py::str(DEFAULT_PUNCTUATION),
        p => p,
    };
    let mut attrs: Vec<(&str, Py)> = vec![
        ("instream", instream),
        ("infile", infile),
        ("posix", posix),
        ("eof", if is_posix { Py::None } else { Py::str("") }),
        ("commenters", Py::str("#")),
        ("wordchars", Py::None),
        ("whitespace", Py::str(" \t\r\n")),
        ("whitespace_split", Py::Bool(false)),
        ("quotes", Py::str("'\"")),
        ("escape", Py::str("\\")),
        ("escapedquotes", Py::str("\"")),
        ("state", Py::str(" ")),
        ("pushback", new_deque(cx)?),
        ("lineno", Py::Int(1)),
        ("debug", Py::Int(0)),
        ("token", Py::str("")),
        ("filestack", new_deque(cx)?),
        ("source", Py::None),
        ("_punctuation_chars", punctuation.clone()),
    ];
    if semantics::truthy(cx, &punctuation)? {
        attrs.push(("_pushback_chars", new_deque(cx)?));
        wordchars.push_str(PUNCTUATION_WORDCHARS);
        wordchars = without_chars(cx, &wordchars, &punctuation)?;
    }
    attrs[5].1 = Py::str(wordchars);
    Ok(Py::obj(Shlex { attrs: Mutex::new(attrs.into_iter().map(|(k, v)| (Arc::from(k), v)).collect()) }))
}

/// A set of characters as the lexer tests it: `c in self.whitespace`.
enum Chars {
    Str(Arc<str>),
    Other(Py),
}

impl Chars {
    fn has(&self, cx: &Cx, c: &str) -> PyResult<bool> {
        match self {
            Chars::Str(s) => Ok(s.contains(c)),
            Chars::Other(v) => semantics::contains(cx, v, &Py::str(c)),
        }
    }
}

/// The settings `read_token` reads, taken when it starts.
struct Settings {
    posix: bool,
    whitespace_split: bool,
    whitespace: Chars,
    commenters: Chars,
    wordchars: Chars,
    quotes: Chars,
    escape: Chars,
    escapedquotes: Chars,
    punctuation: Chars,
    has_punctuation: bool,
    debug: i64,
}

/// What `read_token` changes as it goes, written back when it stops.
struct Progress {
    /// `None` past the end of the input, else one of `' '`, `'a'`, `'c'`,
    /// a quote or an escape character.
    state: Option<String>,
    token: String,
    lineno: Py,
}

fn str_operand(v: Py) -> PyResult<String> {
    match v {
        Py::Str(s) => Ok(s.to_string()),
        other => Err(exceptions::type_error(format!(
            "'in <string>' requires string as left operand, not {}",
            semantics::type_name(&other)
        ))),
    }
}

impl Shlex {
    fn lock(&self) -> MutexGuard<'_, Vec<(Arc<str>, Py)>> {
        self.attrs.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn get(&self, name: &str) -> PyResult<Py> {
        self.lock()
            .iter()
            .find(|(k, _)| &**k == name)
            .map(|(_, v)| v.clone())
            .ok_or_else(|| exceptions::attribute_error("shlex", name))
    }

    fn set(&self, name: &str, value: Py) {
        let mut attrs = self.lock();
        match attrs.iter_mut().find(|(k, _)| &**k == name) {
            Some(slot) => slot.1 = value,
            None => attrs.push((Arc::from(name), value)),
        }
    }

    fn chars(&self, name: &str) -> PyResult<Chars> {
        Ok(match self.get(name)? {
            Py::Str(s) => Chars::Str(s),
            other => Chars::Other(other),
        })
    }

    fn truthy(&self, cx: &Cx, name: &str) -> PyResult<bool> {
        semantics::truthy(cx, &self.get(name)?)
    }

    /// `if self.debug >= level`.
    fn debugging(&self, cx: &Cx, level: i64) -> PyResult<bool> {
        semantics::richcmp(cx, &self.get("debug")?, &Py::Int(level), crate::runtime::object::CmpOp::Ge)
    }

    /// `print(text)` when debugging: to this connection's `sys.stdout`.
    fn debug_print(&self, cx: &Cx, text: String) -> PyResult<()> {
        call_method(cx, &crate::modules::sys::stdout(cx), "write", Args::one(Py::str(text + "\n")))?;
        Ok(())
    }

    fn settings(&self, cx: &Cx) -> PyResult<Settings> {
        let punctuation = self.get("_punctuation_chars")?;
        let debug = match self.get("debug")? {
            Py::Int(n) => n,
            Py::Bool(b) => i64::from(b),
            _ => 0,
        };
        Ok(Settings {
            posix: self.truthy(cx, "posix")?,
            whitespace_split: self.truthy(cx, "whitespace_split")?,
            whitespace: self.chars("whitespace")?,
            commenters: self.chars("commenters")?,
            wordchars: self.chars("wordchars")?,
            quotes: self.chars("quotes")?,
            escape: self.chars("escape")?,
            escapedquotes: self.chars("escapedquotes")?,
            has_punctuation: semantics::truthy(cx, &punctuation)?,
            punctuation: match punctuation {
                Py::Str(s) => Chars::Str(s),
                other => Chars::Other(other),
            },
            debug,
        })
    }

    /// `self.instream.read(1)`.
    fn read_char(&self, cx: &Cx, instream: &Py) -> PyResult<String> {
        if let Some(io) = instream.downcast::<StringIo>() {
            return io.read_text(Some(1));
        }
        str_operand(call_method(cx, instream, "read", Args::one(Py::Int(1)))?)
    }

    /// `self.instream.readline()`, the rest of a comment.
    fn skip_line(&self, cx: &Cx, instream: &Py) -> PyResult<()> {
        match instream.downcast::<StringIo>() {
            Some(io) => io.readline(None).map(drop),
            None => call_method(cx, instream, "readline", Args::default()).map(drop),
        }
    }

    /// `read_token()`: the next raw token; `None` (POSIX) or `''` at the end.
    fn read_token(&self, cx: &Cx) -> PyResult<Py> {
        let cfg = self.settings(cx)?;
        let state = match self.get("state")? {
            Py::None => None,
            other => Some(str_operand(other)?),
        };
        let token = match self.get("token")? {
            Py::Str(s) => s.to_string(),
            other => {
                return Err(exceptions::type_error(format!(
                    "can only concatenate str (not \"{}\") to str",
                    semantics::type_name(&other)
                )))
            }
        };
        let mut progress = Progress { state, token, lineno: self.get("lineno")? };
        let scanned = self.scan(cx, &cfg, &mut progress);
        let Progress { state, token, lineno } = progress;
        self.set("state", state.map_or(Py::None, Py::str));
        self.set("lineno", lineno);
        let quoted = match scanned {
            Ok(quoted) => quoted,
            Err(e) => {
                self.set("token", Py::str(token));
                return Err(e);
            }
        };
        self.set("token", Py::str(""));
        let result = if cfg.posix && !quoted && token.is_empty() { Py::None } else { Py::str(token) };
        if cfg.debug > 1 {
            let text = match &result {
                Py::Str(s) if !s.is_empty() => format!("shlex: raw token={}", semantics::repr(cx, &result)?),
                _ => "shlex: raw token=EOF".to_owned(),
            };
            self.debug_print(cx, text)?;
        }
        Ok(result)
    }

    /// `read_token`'s loop; whether the token was quoted.
    fn scan(&self, cx: &Cx, cfg: &Settings, p: &mut Progress) -> PyResult<bool> {
        let instream = self.get("instream")?;
        let add_line = |p: &mut Progress| -> PyResult<()> {
            p.lineno = semantics::binary(cx, BinOp::Add, &p.lineno, &Py::Int(1))?;
            Ok(())
        };
        let mut quoted = false;
        let mut escaped_state = " ".to_owned();
        let mut chars_read = 0usize;
        loop {
            chars_read += 1;
            if chars_read % 4096 == 0 {
                cx.check_interrupt()?;
            }
            let nextchar = if cfg.has_punctuation && self.truthy(cx, "_pushback_chars")? {
                str_operand(call_method(cx, &self.get("_pushback_chars")?, "pop", Args::default())?)?
            } else {
                self.read_char(cx, &instream)?
            };
            if nextchar == "\n" {
                add_line(p)?;
            }
            if cfg.debug >= 3 {
                let state = p.state.clone().map_or(Py::None, Py::str);
                let text = format!(
                    "shlex: in state {} I see character: {}",
                    semantics::repr(cx, &state)?,
                    semantics::repr(cx, &Py::str(nextchar.as_str()))?
                );
                self.debug_print(cx, text)?;
            }
            let emit = |p: &Progress| !p.token.is_empty() || (cfg.posix && quoted);
            let Some(state) = p.state.clone() else {
                p.token.clear();
                break;
            };
            if state == " " {
                if nextchar.is_empty() {
                    p.state = None;
                    break;
                } else if cfg.whitespace.has(cx, &nextchar)? {
                    if cfg.debug >= 2 {
                        self.debug_print(cx, "shlex: I see whitespace in whitespace state".to_owned())?;
                    }
                    if emit(p) {
                        break;
                    }
                } else if cfg.commenters.has(cx, &nextchar)? {
                    self.skip_line(cx, &instream)?;
                    add_line(p)?;
                } else if cfg.posix && cfg.escape.has(cx, &nextchar)? {
                    escaped_state = "a".to_owned();
                    p.state = Some(nextchar);
                } else if cfg.wordchars.has(cx, &nextchar)? {
                    p.token = nextchar;
                    p.state = Some("a".to_owned());
                } else if cfg.punctuation.has(cx, &nextchar)? {
                    p.token = nextchar;
                    p.state = Some("c".to_owned());
                } else if cfg.quotes.has(cx, &nextchar)? {
                    if !cfg.posix {
                        p.token = nextchar.clone();
                    }
                    p.state = Some(nextchar);
                } else if cfg.whitespace_split {
                    p.token = nextchar;
                    p.state = Some("a".to_owned());
                } else {
                    p.token = nextchar;
                    if emit(p) {
                        break;
                    }
                }
            } else if cfg.quotes.has(cx, &state)? {
                quoted = true;
                if nextchar.is_empty() {
                    if cfg.debug >= 2 {
                        self.debug_print(cx, "shlex: I see EOF in quotes state".to_owned())?;
                    }
                    return Err(exceptions::value_error("No closing quotation"));
                }
                if nextchar == state {
                    if !cfg.posix {
                        p.token.push_str(&nextchar);
                        p.state = Some(" ".to_owned());
                        break;
                    }
                    p.state = Some("a".to_owned());
                } else if cfg.posix && cfg.escape.has(cx, &nextchar)? && cfg.escapedquotes.has(cx, &state)? {
                    escaped_state = state;
                    p.state = Some(nextchar);
                } else {
                    p.token.push_str(&nextchar);
                }
            } else if cfg.escape.has(cx, &state)? {
                if nextchar.is_empty() {
                    if cfg.debug >= 2 {
                        self.debug_print(cx, "shlex: I see EOF in escape state".to_owned())?;
                    }
                    return Err(exceptions::value_error("No escaped character"));
                }
                // In POSIX shells only the quote itself or the escape
                // character may be escaped within quotes.
                if cfg.quotes.has(cx, &escaped_state)? && nextchar != state && nextchar != escaped_state {
                    p.token.push_str(&state);
                }
                p.token.push_str(&nextchar);
                p.state = Some(escaped_state.clone());
            } else if state == "a" || state == "c" {
                if nextchar.is_empty() {
                    p.state = None;
                    break;
                } else if cfg.whitespace.has(cx, &nextchar)? {
                    if cfg.debug >= 2 {
                        self.debug_print(cx, "shlex: I see whitespace in word state".to_owned())?;
                    }
                    p.state = Some(" ".to_owned());
                    if emit(p) {
                        break;
                    }
                } else if cfg.commenters.has(cx, &nextchar)? {
                    self.skip_line(cx, &instream)?;
                    add_line(p)?;
                    if cfg.posix {
                        p.state = Some(" ".to_owned());
                        if emit(p) {
                            break;
                        }
                    }
                } else if state == "c" {
                    if cfg.punctuation.has(cx, &nextchar)? {
                        p.token.push_str(&nextchar);
                    } else {
                        if !cfg.whitespace.has(cx, &nextchar)? {
                            self.push_char(cx, nextchar)?;
                        }
                        p.state = Some(" ".to_owned());
                        break;
                    }
                } else if cfg.posix && cfg.quotes.has(cx, &nextchar)? {
                    p.state = Some(nextchar);
                } else if cfg.posix && cfg.escape.has(cx, &nextchar)? {
                    escaped_state = "a".to_owned();
                    p.state = Some(nextchar);
                } else if cfg.wordchars.has(cx, &nextchar)?
                    || cfg.quotes.has(cx, &nextchar)?
                    || (cfg.whitespace_split && !cfg.punctuation.has(cx, &nextchar)?)
                {
                    p.token.push_str(&nextchar);
                } else {
                    if cfg.has_punctuation {
                        self.push_char(cx, nextchar)?;
                    } else {
                        call_method(cx, &self.get("pushback")?, "appendleft", Args::one(Py::str(nextchar)))?;
                    }
                    if cfg.debug >= 2 {
                        self.debug_print(cx, "shlex: I see punctuation in word state".to_owned())?;
                    }
                    p.state = Some(" ".to_owned());
                    if emit(p) {
                        break;
                    }
                }
            }
        }
        Ok(quoted)
    }

    /// `self._pushback_chars.append(c)`: read again before the input.
    fn push_char(&self, cx: &Cx, c: String) -> PyResult<()> {
        call_method(cx, &self.get("_pushback_chars")?, "append", Args::one(Py::str(c))).map(drop)
    }

    /// `get_token()`: a pushed-back token, else the next one, following
    /// `source` inclusions and popping finished sources.
    fn get_token(&self, cx: &Cx) -> PyResult<Py> {
        let pushback = self.get("pushback")?;
        if semantics::truthy(cx, &pushback)? {
            let tok = call_method(cx, &pushback, "popleft", Args::default())?;
            if self.debugging(cx, 1)? {
                self.debug_print(cx, format!("shlex: popping token {}", semantics::repr(cx, &tok)?))?;
            }
            return Ok(tok);
        }
        let mut raw = self.read_token(cx)?;
        if !self.get("source")?.is_none() {
            while semantics::eq(cx, &raw, &self.get("source")?)? {
                let name = self.read_token(cx)?;
                let spec = self.sourcehook(cx, name)?;
                if semantics::truthy(cx, &spec)? {
                    let [newfile, newstream] = unpack_pair(cx, &spec)?;
                    self.push_source(cx, newstream, newfile)?;
                }
                raw = self.get_token(cx)?;
            }
        }
        loop {
            let eof = self.get("eof")?;
            if !semantics::eq(cx, &raw, &eof)? {
                break;
            }
            if !self.truthy(cx, "filestack")? {
                return Ok(eof);
            }
            self.pop_source(cx)?;
            raw = self.get_token(cx)?;
        }
        if self.debugging(cx, 1)? {
            let text = if semantics::eq(cx, &raw, &self.get("eof")?)? {
                "shlex: token=EOF".to_owned()
            } else {
                format!("shlex: token={}", semantics::repr(cx, &raw)?)
            };
            self.debug_print(cx, text)?;
        }
        Ok(raw)
    }

    /// `push_source(newstream, newfile=None)`.
    fn push_source(&self, cx: &Cx, newstream: Py, newfile: Py) -> PyResult<()> {
        let newstream = stream_of(cx, newstream)?;
        let saved = Py::tuple(vec![self.get("infile")?, self.get("instream")?, self.get("lineno")?]);
        call_method(cx, &self.get("filestack")?, "appendleft", Args::one(saved))?;
        self.set("infile", newfile.clone());
        self.set("instream", newstream.clone());
        self.set("lineno", Py::Int(1));
        if self.truthy(cx, "debug")? {
            let text = if newfile.is_none() {
                format!("shlex: pushing to stream {}", semantics::str(cx, &newstream)?)
            } else {
                format!("shlex: pushing to file {}", semantics::str(cx, &newfile)?)
            };
            self.debug_print(cx, text)?;
        }
        Ok(())
    }

    /// `pop_source()`: closes the current input, back to the one before.
    fn pop_source(&self, cx: &Cx) -> PyResult<()> {
        call_method(cx, &self.get("instream")?, "close", Args::default())?;
        let saved = call_method(cx, &self.get("filestack")?, "popleft", Args::default())?;
        let items = semantics::iterate(cx, &saved)?;
        let [infile, instream, lineno]: [Py; 3] = items.try_into().map_err(|items: Vec<Py>| {
            exceptions::value_error(format!("expected 3 values to unpack (got {})", items.len()))
        })?;
        self.set("infile", infile);
        self.set("instream", instream.clone());
        self.set("lineno", lineno.clone());
        if self.truthy(cx, "debug")? {
            let line = args_int(&lineno)?;
            self.debug_print(cx, format!("shlex: popping to {}, line {line}", semantics::str(cx, &instream)?))?;
        }
        self.set("state", Py::str(" "));
        Ok(())
    }

    /// `sourcehook(newfile)`: `(name, open(name))`, a relative name taken
    /// from the including file's directory.
    fn sourcehook(&self, cx: &Cx, newfile: Py) -> PyResult<Py> {
        let mut name = newfile.clone();
        if semantics::eq(cx, &semantics::getitem(cx, &newfile, &Py::Int(0))?, &Py::str("\""))? {
            let inner = crate::runtime::slice::Slice::new(Py::Int(1), Py::Int(-1), Py::None);
            name = semantics::getitem(cx, &newfile, &inner)?;
        }
        if let (Py::Str(infile), Py::Str(n)) = (self.get("infile")?, &name) {
            if !pure::isabs(n.as_bytes()) {
                let joined = pure::join(pure::dirname(infile.as_bytes()), &[n.as_bytes()]);
                name = Py::str(String::from_utf8_lossy(&joined).into_owned());
            }
        }
        let file = crate::objects::file::open(cx, Args::positional(vec![name.clone(), Py::str("r")]))?;
        Ok(Py::tuple(vec![name, file]))
    }
}

fn unpack_pair(cx: &Cx, v: &Py) -> PyResult<[Py; 2]> {
    let items = semantics::iterate(cx, v)?;
    let n = items.len();
    items.try_into().map_err(|_| {
        if n > 2 {
            exceptions::value_error("too many values to unpack (expected 2)")
        } else {
            exceptions::value_error(format!("not enough values to unpack (expected 2, got {n})"))
        }
    })
}

/// `%d` of a line number.
fn args_int(v: &Py) -> PyResult<String> {
    match v {
        Py::Int(n) => Ok(n.to_string()),
        Py::BigInt(n) => Ok(n.to_string()),
        Py::Bool(b) => Ok(i64::from(*b).to_string()),
        Py::Float(x) => Ok(format!("{}", x.trunc())),
        other => Err(exceptions::type_error(format!(
            "%d format: a real number is required, not {}",
            semantics::type_name(other)
        ))),
    }
}

impl PyObject for Shlex {
    fn ty(&self) -> TypeRef {
        SHLEX.clone()
    }
    fn getattr(&self, _this: &ObjRef, name: &str, _cx: &Cx) -> PyResult<Option<Py>> {
        Ok(self.lock().iter().find(|(k, _)| &**k == name).map(|(_, v)| v.clone()))
    }
    fn setattr(&self, name: &str, value: Py, _cx: &Cx) -> PyResult<bool> {
        if name == "punctuation_chars" {
            return Err(exceptions::new(
                "AttributeError",
                "property 'punctuation_chars' of 'shlex' object has no setter",
            ));
        }
        self.set(name, value);
        Ok(true)
    }
    fn delattr(&self, name: &str, _cx: &Cx) -> PyResult<bool> {
        if name == "punctuation_chars" {
            return Err(exceptions::new(
                "AttributeError",
                "property 'punctuation_chars' of 'shlex' object has no deleter",
            ));
        }
        let mut attrs = self.lock();
        match attrs.iter().position(|(k, _)| &**k == name) {
            Some(i) => {
                attrs.remove(i);
                Ok(true)
            }
            None => Err(exceptions::attribute_error("shlex", name)),
        }
    }
    fn attr_names(&self) -> Vec<String> {
        self.lock().iter().map(|(k, _)| k.to_string()).collect()
    }
    fn is_iterator(&self) -> bool {
        true
    }
    fn iter(&self, this: &ObjRef, _cx: &Cx) -> PyResult<Option<Py>> {
        Ok(Some(Py::Obj(this.clone())))
    }
    /// `__next__`: the next token, the end at `eof`.
    fn next(&self, cx: &Cx) -> PyResult<Option<Py>> {
        let token = self.get_token(cx)?;
        if semantics::eq(cx, &token, &self.get("eof")?)? {
            return Ok(None);
        }
        Ok(Some(token))
    }
    // The input may be the client's stream or a file: reading may wait.
    fn blocks(&self, _method: Option<&str>) -> bool {
        true
    }
    fn take_children(&self) -> Vec<Py> {
        std::mem::take(&mut *self.lock()).into_iter().map(|(_, v)| v).collect()
    }
}

fn lexer(this: &Py) -> PyResult<&Shlex> {
    this.downcast::<Shlex>().ok_or_else(|| {
        exceptions::type_error(format!(
            "descriptor requires a 'shlex.shlex' object but received a '{}'",
            semantics::type_name(this)
        ))
    })
}

static METHODS: [Method; 8] = [
    method("push_token", |cx, this, a| {
        let [tok] = a.bind("push_token", ["tok"])?;
        let lex = lexer(this)?;
        let tok = req(tok);
        if lex.debugging(cx, 1)? {
            lex.debug_print(cx, format!("shlex: pushing token {}", semantics::repr(cx, &tok)?))?;
        }
        call_method(cx, &lex.get("pushback")?, "appendleft", Args::one(tok))?;
        Ok(Py::None)
    }),
    blocking_method("push_source", |cx, this, a| {
        let [newstream, newfile] = a.bind("push_source", ["newstream", "newfile?"])?;
        lexer(this)?.push_source(cx, req(newstream), newfile.unwrap_or(Py::None))?;
        Ok(Py::None)
    }),
    blocking_method("pop_source", |cx, this, a| {
        a.bind("pop_source", [])?;
        lexer(this)?.pop_source(cx)?;
        Ok(Py::None)
    }),
    blocking_method("get_token", |cx, this, a| {
        a.bind("get_token", [])?;
        lexer(this)?.get_token(cx)
    }),
    blocking_method("read_token", |cx, this, a| {
        a.bind("read_token", [])?;
        lexer(this)?.read_token(cx)
    }),
    blocking_method("sourcehook", |cx, this, a| {
        let [newfile] = a.bind("sourcehook", ["newfile"])?;
        lexer(this)?.sourcehook(cx, req(newfile))
    }),
    method("error_leader", |cx, this, a| {
        let [infile, lineno] = a.bind("error_leader", ["infile?", "lineno?"])?;
        let lex = lexer(this)?;
        let infile = match infile {
            None | Some(Py::None) => lex.get("infile")?,
            Some(v) => v,
        };
        let lineno = match lineno {
            None | Some(Py::None) => lex.get("lineno")?,
            Some(v) => v,
        };
        Ok(Py::str(format!("\"{}\", line {}: ", semantics::str(cx, &infile)?, args_int(&lineno)?)))
    }),
    property("punctuation_chars", |_, this, _| lexer(this)?.get("_punctuation_chars")),
];
