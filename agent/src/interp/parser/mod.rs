//! The recursive-descent parser: tokens to a module's statements or one
//! expression, and the table of names each scope (module, function,
//! lambda, comprehension) binds and uses. Statements are in [`stmt`],
//! expressions in [`expr`]. Nesting is bounded by [`MAX_DEPTH`] and by a
//! stack budget, so hostile input cannot overflow the stack.

mod expr;
mod stmt;

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use super::ast::{Code, Expr, ExprKind, NameRef, NameUse, Params, ScopeKind, Stmt};
use super::lexer::{err, tokenize, SyntaxErr, Tok, Token};
use crate::runtime::context::stack_mark;

pub type PResult<T> = Result<T, SyntaxErr>;

/// Deepest nesting of expressions and blocks.
pub const MAX_DEPTH: usize = 200;
/// Most stack the parser may use on one source.
const MAX_STACK: usize = 4 << 20;

const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
    "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
    "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
];

pub fn is_keyword(w: &str) -> bool {
    KEYWORDS.contains(&w)
}

/// The message for a construct outside the interpreter's subset.
pub fn unsupported(what: &str) -> String {
    format!("{what} not supported by rpyc-agent: it runs a subset of Python natively (see the documented subset)")
}

/// A scope being parsed.
struct ScopeBuilder {
    kind: ScopeKind,
    name: Arc<str>,
    qualname: Arc<str>,
    names: Vec<NameUse>,
    index: HashMap<Arc<str>, u32>,
    children: Vec<Arc<Code>>,
    /// Open loops (for `break`/`continue`).
    loops: usize,
}

pub(super) struct ScopeSnapshot {
    pos: usize,
    names: Vec<NameUse>,
    index: HashMap<Arc<str>, u32>,
    children: usize,
}

/// Checks an assignment or `del` target (`verb` is "assign to" or
/// "delete"); the message CPython gives otherwise.
pub fn check_target(t: &Expr, verb: &str) -> Result<(), String> {
    match &t.kind {
        ExprKind::Name(_) | ExprKind::Attr(..) | ExprKind::Subscript(..) => Ok(()),
        ExprKind::Tuple(items) | ExprKind::List(items) => {
            let stars = items.iter().filter(|i| matches!(i.kind, ExprKind::Starred(_))).count();
            if stars > 1 && verb == "assign to" {
                return Err("multiple starred expressions in assignment".into());
            }
            for item in items {
                match &item.kind {
                    ExprKind::Starred(inner) if verb == "assign to" => check_target(inner, verb)?,
                    _ => check_target(item, verb)?,
                }
            }
            Ok(())
        }
        ExprKind::Starred(_) if verb == "assign to" => {
            Err("starred assignment target must be in a list or tuple".into())
        }
        ExprKind::Compare(..) | ExprKind::Call(..) if verb == "assign to" => {
            Err(format!("cannot assign to {} here. Maybe you meant '==' instead of '='?", super::ast::describe(t)))
        }
        ExprKind::Const(_) | ExprKind::BoolOp(..) | ExprKind::Binary(..) if verb == "assign to" => {
            Err(format!("cannot assign to {} here. Maybe you meant '==' instead of '='?", super::ast::describe(t)))
        }
        _ => Err(format!("cannot {verb} {}", super::ast::describe(t))),
    }
}

/// The index of `name` in a scope's table, made on first use.
fn entry_in(scope: &mut ScopeBuilder, name: &Arc<str>) -> u32 {
    if let Some(&i) = scope.index.get(name) {
        return i;
    }
    let i = scope.names.len() as u32;
    scope.names.push(NameUse { name: name.clone(), ..NameUse::default() });
    scope.index.insert(name.clone(), i);
    i
}

pub struct Parser {
    toks: Vec<Token>,
    pos: usize,
    depth: usize,
    stack_base: usize,
    source: Arc<str>,
    scopes: Vec<ScopeBuilder>,
}

/// Parses `execute` source: a module.
pub fn parse_module(src: &str) -> PResult<Arc<Code>> {
    let mut p = Parser::new(src, false)?;
    let mut body = Vec::new();
    loop {
        match p.tok() {
            Tok::End => break,
            Tok::Newline => p.pos += 1,
            Tok::Indent => return Err(p.indent_error("unexpected indent")),
            _ => p.statement(&mut body)?,
        }
    }
    p.finish_module(body)
}

/// Parses `eval` source: one expression (a bare tuple is allowed).
pub fn parse_eval(src: &str) -> PResult<Arc<Code>> {
    let mut p = Parser::new(src, true)?;
    while matches!(p.tok(), Tok::Newline) {
        p.pos += 1;
    }
    if let Tok::Name(w) = p.tok() {
        if matches!(
            w.as_str(),
            "import"
                | "from"
                | "del"
                | "pass"
                | "assert"
                | "def"
                | "class"
                | "for"
                | "while"
                | "if"
                | "try"
                | "with"
                | "return"
                | "raise"
                | "global"
                | "nonlocal"
                | "break"
                | "continue"
        ) && !matches!((w.as_str(), p.peek_tok(1)), ("if", _))
        {
            return Err(p.here("invalid syntax"));
        }
    }
    let e = p.testlist_star()?;
    while matches!(p.tok(), Tok::Newline) {
        p.pos += 1;
    }
    if !matches!(p.tok(), Tok::End) {
        return Err(p.invalid());
    }
    let line = e.line;
    let body = vec![Stmt { kind: super::ast::StmtKind::Return(Some(e)), line }];
    p.finish_module(body)
}

impl Parser {
    fn new(src: &str, eval_mode: bool) -> PResult<Parser> {
        let toks = tokenize(src, 1, 1, eval_mode)?;
        let module = ScopeBuilder {
            kind: ScopeKind::Module,
            name: Arc::from("<module>"),
            qualname: Arc::from("<module>"),
            names: Vec::new(),
            index: HashMap::new(),
            children: Vec::new(),
            loops: 0,
        };
        Ok(Parser { toks, pos: 0, depth: 0, stack_base: stack_mark(), source: Arc::from(src), scopes: vec![module] })
    }

    fn finish_module(mut self, body: Vec<Stmt>) -> PResult<Arc<Code>> {
        let scope = self.scopes.pop().ok_or_else(|| err("internal: no module scope", 1, 1))?;
        let code = Arc::new(Code {
            kind: ScopeKind::Module,
            name: scope.name,
            qualname: scope.qualname,
            params: Params::default(),
            body,
            names: scope.names,
            children: scope.children,
            firstline: 1,
            source: self.source.clone(),
            doc: None,
            resolved: OnceLock::new(),
        });
        super::scope::resolve(&code)?;
        Ok(code)
    }

    // ------------------------------------------------------------ tokens

    pub(super) fn tok(&self) -> &Tok {
        self.toks.get(self.pos).map_or(&Tok::End, |t| &t.tok)
    }

    pub(super) fn peek_tok(&self, k: usize) -> &Tok {
        self.toks.get(self.pos + k).map_or(&Tok::End, |t| &t.tok)
    }

    pub(super) fn at(&self) -> (u32, u32) {
        self.toks.get(self.pos).map_or((1, 1), |t| (t.line as u32, t.col as u32))
    }

    pub(super) fn here(&self, msg: impl Into<String>) -> SyntaxErr {
        let (line, col) = self.at();
        err(msg, line as usize, col as usize)
    }

    pub(super) fn indent_error(&self, msg: impl Into<String>) -> SyntaxErr {
        SyntaxErr { kind: "IndentationError", ..self.here(msg) }
    }

    pub(super) fn invalid(&self) -> SyntaxErr {
        match self.tok() {
            Tok::End => self.here("unexpected EOF while parsing"),
            Tok::Indent => self.indent_error("unexpected indent"),
            Tok::Dedent => self.indent_error("unindent does not match any outer indentation level"),
            _ => self.here("invalid syntax"),
        }
    }

    pub(super) fn is_op(&self, op: &str) -> bool {
        matches!(self.tok(), Tok::Op(o) if *o == op)
    }

    pub(super) fn eat_op(&mut self, op: &str) -> bool {
        if self.is_op(op) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    pub(super) fn expect_op(&mut self, op: &str) -> PResult<()> {
        if self.eat_op(op) {
            Ok(())
        } else {
            Err(self.here(format!("expected '{op}'")))
        }
    }

    pub(super) fn is_kw(&self, kw: &str) -> bool {
        matches!(self.tok(), Tok::Name(w) if w == kw)
    }

    pub(super) fn eat_kw(&mut self, kw: &str) -> bool {
        if self.is_kw(kw) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// An identifier (not a keyword).
    pub(super) fn ident(&mut self) -> PResult<Arc<str>> {
        match self.tok() {
            Tok::Name(w) if !is_keyword(w) => {
                let w = Arc::from(w.as_str());
                self.pos += 1;
                Ok(w)
            }
            _ => Err(self.invalid()),
        }
    }

    /// One level deeper; `RecursionError`-kind error when too deep.
    pub(super) fn enter(&mut self) -> PResult<()> {
        self.depth += 1;
        let stack_low = match crate::platform::stack::stack_floor() {
            Some(floor) => stack_mark().saturating_sub(floor) < crate::runtime::context::STACK_MARGIN,
            None => stack_mark().abs_diff(self.stack_base) > MAX_STACK,
        };
        if self.depth > MAX_DEPTH || stack_low {
            let (line, col) = self.at();
            return Err(SyntaxErr {
                kind: "RecursionError",
                msg: "too many nested expressions or blocks for rpyc-agent's parser".into(),
                line: line as usize,
                col: col as usize,
            });
        }
        Ok(())
    }

    pub(super) fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    // ------------------------------------------------------------ scopes

    fn scope(&mut self) -> &mut ScopeBuilder {
        let last = self.scopes.len() - 1;
        &mut self.scopes[last]
    }

    fn entry(&mut self, name: &Arc<str>) -> u32 {
        entry_in(self.scope(), name)
    }

    /// A name read in the current scope.
    pub(super) fn use_name(&mut self, name: Arc<str>) -> NameRef {
        let slot = self.entry(&name);
        self.scope().names[slot as usize].used = true;
        NameRef { name, slot }
    }

    /// A name bound (assigned, imported, defined) in the current scope.
    pub(super) fn bind_name(&mut self, name: Arc<str>) -> NameRef {
        let slot = self.entry(&name);
        self.scope().names[slot as usize].bound = true;
        NameRef { name, slot }
    }

    /// Marks every name of an assignment target as bound.
    pub(super) fn bind_target(&mut self, e: &Expr) {
        match &e.kind {
            ExprKind::Name(n) => {
                self.scope().names[n.slot as usize].bound = true;
            }
            ExprKind::Tuple(items) | ExprKind::List(items) => items.iter().for_each(|i| self.bind_target(i)),
            ExprKind::Starred(inner) => self.bind_target(inner),
            _ => {}
        }
    }

    /// `name := value` binds in the nearest enclosing scope that is not a
    /// comprehension; the comprehensions between reach it as a free name
    /// (or a global at module level).
    pub(super) fn bind_walrus(&mut self, name: Arc<str>) -> NameRef {
        let target = self.scopes.iter().rposition(|s| s.kind != ScopeKind::Comprehension).unwrap_or(0);
        let at_module = self.scopes[target].kind == ScopeKind::Module;
        let mut slot = 0;
        for i in target..self.scopes.len() {
            let s = &mut self.scopes[i];
            slot = entry_in(s, &name);
            let n = &mut s.names[slot as usize];
            if i == target {
                n.bound = true;
            } else if at_module {
                n.global = true;
            } else {
                n.nonlocal = true;
            }
        }
        NameRef { name, slot }
    }

    /// `global x` / `nonlocal x` in the current scope.
    pub(super) fn declare(&mut self, name: Arc<str>, global: bool) -> PResult<()> {
        let kind = self.scope().kind;
        if kind == ScopeKind::Module && !global {
            return Err(self.here("nonlocal declaration not allowed at module level"));
        }
        let slot = self.entry(&name) as usize;
        let n = &mut self.scope().names[slot];
        if n.param {
            let what = if global { "global" } else { "nonlocal" };
            return Err(self.here(format!("name '{name}' is parameter and {what}")));
        }
        if global {
            n.global = true;
        } else {
            n.nonlocal = true;
        }
        Ok(())
    }

    /// The current scope's names and children, to undo a speculative
    /// parse (a comprehension's element is parsed again in its own scope).
    pub(super) fn snapshot(&self) -> ScopeSnapshot {
        let s = &self.scopes[self.scopes.len() - 1];
        ScopeSnapshot { pos: self.pos, names: s.names.clone(), index: s.index.clone(), children: s.children.len() }
    }

    pub(super) fn restore(&mut self, snap: ScopeSnapshot) {
        self.pos = snap.pos;
        let s = self.scope();
        s.names = snap.names;
        s.index = snap.index;
        s.children.truncate(snap.children);
    }

    pub(super) fn loops(&mut self) -> &mut usize {
        &mut self.scope().loops
    }

    /// Opens a function or comprehension scope.
    pub(super) fn open_scope(&mut self, kind: ScopeKind, name: Arc<str>) {
        let parent_qual = self.scopes.last().map(|s| (s.kind, s.qualname.clone()));
        let qualname: Arc<str> = match parent_qual {
            Some((ScopeKind::Function, q)) => Arc::from(format!("{q}.<locals>.{name}")),
            Some((ScopeKind::Comprehension, q)) => Arc::from(format!("{q}.{name}")),
            _ => name.clone(),
        };
        self.scopes.push(ScopeBuilder {
            kind,
            name,
            qualname,
            names: Vec::new(),
            index: HashMap::new(),
            children: Vec::new(),
            loops: 0,
        });
    }

    /// Declares the parameters of the scope just opened.
    pub(super) fn bind_params(&mut self, params: &Params) -> PResult<()> {
        for p in params.names() {
            if self.scope().index.contains_key(p) {
                return Err(self.here(format!("duplicate argument '{p}' in function definition")));
            }
            let slot = self.entry(p) as usize;
            let n = &mut self.scope().names[slot];
            n.bound = true;
            n.param = true;
        }
        Ok(())
    }

    /// Closes the current scope into a code object, registered as a child
    /// of the enclosing scope.
    pub(super) fn close_scope(
        &mut self,
        params: Params,
        body: Vec<Stmt>,
        firstline: u32,
        doc: Option<String>,
    ) -> PResult<Arc<Code>> {
        let s = self.scopes.pop().ok_or_else(|| self.here("internal: scope underflow"))?;
        let code = Arc::new(Code {
            kind: s.kind,
            name: s.name,
            qualname: s.qualname,
            params,
            body,
            names: s.names,
            children: s.children,
            firstline,
            source: self.source.clone(),
            doc,
            resolved: OnceLock::new(),
        });
        self.scope().children.push(code.clone());
        Ok(code)
    }

    /// Parses a piece of source (an f-string field) in the current scope.
    pub(super) fn sub_expr(&mut self, src: &str, line: usize, col: usize) -> PResult<Expr> {
        let toks = tokenize(src, line, col, true)?;
        let saved = (std::mem::replace(&mut self.toks, toks), self.pos);
        self.pos = 0;
        let result = (|| {
            let e = self.testlist_star()?;
            while matches!(self.tok(), Tok::Newline) {
                self.pos += 1;
            }
            if !matches!(self.tok(), Tok::End) {
                return Err(self.here("f-string: invalid syntax"));
            }
            Ok(e)
        })();
        self.toks = saved.0;
        self.pos = saved.1;
        result
    }
}
