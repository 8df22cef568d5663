//! The recursive-descent parser: tokens to statements ([`parse_exec`]) or
//! one expression ([`parse_eval`]). Statements are here, expressions in
//! [`super::expr`]. Nesting is bounded by [`MAX_DEPTH`] and by a stack
//! budget, so hostile input cannot overflow the stack.

use super::ast::{check_target, describe, Expr, Node, Stmt, BINARY_OPS};
use super::lexer::{err, tokenize, SyntaxErr, Tok, Token};
use super::{stack_mark, MAX_DEPTH, MAX_STACK};

pub type PResult<T> = Result<T, SyntaxErr>;

const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
    "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
    "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
];

const SUPPORTED: &str = "expressions, assignments, import, from-import, del, pass and assert";

/// The message for a construct outside the subset.
pub fn unsupported(what: &str) -> String {
    format!("{what} not supported: rpyc-agent evaluates a subset of Python ({SUPPORTED})")
}

/// What a statement keyword outside the subset introduces.
pub fn unsupported_statement(word: &str) -> Option<&'static str> {
    Some(match word {
        "def" => "function definitions ('def') are",
        "class" => "class definitions ('class') are",
        "for" => "'for' loops are",
        "while" => "'while' loops are",
        "if" | "elif" | "else" => "'if' statements are",
        "with" => "'with' statements are",
        "try" | "except" | "finally" => "'try' statements are",
        "async" => "'async' statements are",
        "return" => "'return' statements are",
        "yield" => "'yield' is",
        "raise" => "'raise' statements are",
        "break" => "'break' is",
        "continue" => "'continue' is",
        "global" => "'global' declarations are",
        "nonlocal" => "'nonlocal' declarations are",
        "lambda" => "lambda expressions are",
        "await" => "'await' is",
        _ => return None,
    })
}

pub struct Parser {
    toks: Vec<Token>,
    pos: usize,
    depth: usize,
    /// Where the stack was when parsing began.
    stack_base: usize,
}

/// Parses `execute` source to statements.
pub fn parse_exec(src: &str) -> PResult<Vec<Stmt>> {
    let mut p = Parser { toks: tokenize(src, 1, 1, false)?, pos: 0, depth: 0, stack_base: stack_mark() };
    let mut out = Vec::new();
    loop {
        match p.tok() {
            Tok::End => return Ok(out),
            Tok::Newline => p.pos += 1,
            _ => {
                out.push(p.simple_stmt()?);
                while p.eat_op(";") && !matches!(p.tok(), Tok::Newline | Tok::End) {
                    out.push(p.simple_stmt()?);
                }
                if !matches!(p.tok(), Tok::Newline | Tok::End) {
                    return Err(p.invalid());
                }
            }
        }
    }
}

/// Parses `eval` source: one expression (a bare tuple is allowed).
pub fn parse_eval(src: &str) -> PResult<Node> {
    parse_expr_at(src, (1, 1), 0, stack_mark())
}

/// Parses an expression at `line`:`col` of the source (f-string fields
/// are parsed this way, continuing their parent's depth and stack).
pub fn parse_expr_at(src: &str, (line, col): (usize, usize), depth: usize, stack_base: usize) -> PResult<Node> {
    let mut p = Parser { toks: tokenize(src, line, col, true)?, pos: 0, depth, stack_base };
    while p.tok() == &Tok::Newline {
        p.pos += 1;
    }
    if let Tok::Name(w) = p.tok() {
        if let Some(what) = unsupported_statement(w) {
            return Err(p.here(unsupported(what)));
        }
        if matches!(w.as_str(), "import" | "from" | "del" | "pass" | "assert") {
            return Err(
                p.here(format!("invalid syntax: '{w}' is a statement; eval takes one expression (use execute)"))
            );
        }
    }
    let node = p.testlist()?;
    while p.tok() == &Tok::Newline {
        p.pos += 1;
    }
    match p.tok() {
        Tok::End => Ok(node),
        Tok::Op("=") => {
            Err(p.here("invalid syntax: assignment is a statement; eval takes one expression (use execute)"))
        }
        _ => Err(p.invalid()),
    }
}

impl Parser {
    pub fn tok(&self) -> &Tok {
        self.toks.get(self.pos).map_or(&Tok::End, |t| &t.tok)
    }

    pub fn peek_tok(&self, k: usize) -> &Tok {
        self.toks.get(self.pos + k).map_or(&Tok::End, |t| &t.tok)
    }

    pub fn at(&self) -> (usize, usize) {
        self.toks.get(self.pos).or(self.toks.last()).map_or((1, 1), |t| (t.line, t.col))
    }

    pub fn here(&self, msg: impl Into<String>) -> SyntaxErr {
        let (line, col) = self.at();
        err(msg, line, col)
    }

    pub fn invalid(&self) -> SyntaxErr {
        match self.tok() {
            Tok::Op(":=") => self.here(unsupported("assignment expressions (':=') are")),
            Tok::End => self.here("invalid syntax (unexpected end of input)"),
            Tok::Newline if self.peek_tok(1) == &Tok::End => self.here("invalid syntax (unexpected end of input)"),
            _ => self.here("invalid syntax"),
        }
    }

    pub fn is_op(&self, op: &str) -> bool {
        matches!(self.tok(), Tok::Op(o) if *o == op)
    }

    pub fn eat_op(&mut self, op: &str) -> bool {
        let yes = self.is_op(op);
        if yes {
            self.pos += 1;
        }
        yes
    }

    pub fn expect_op(&mut self, op: &str) -> PResult<()> {
        if self.eat_op(op) {
            Ok(())
        } else {
            Err(self.invalid())
        }
    }

    pub fn is_kw(&self, kw: &str) -> bool {
        matches!(self.tok(), Tok::Name(w) if w == kw)
    }

    pub fn eat_kw(&mut self, kw: &str) -> bool {
        let yes = self.is_kw(kw);
        if yes {
            self.pos += 1;
        }
        yes
    }

    pub fn name(&mut self) -> PResult<String> {
        match self.tok() {
            Tok::Name(w) if !KEYWORDS.contains(&w.as_str()) => {
                let w = w.clone();
                self.pos += 1;
                Ok(w)
            }
            _ => Err(self.invalid()),
        }
    }

    /// Guards recursion: every nested expression passes through here, and
    /// leaves through [`Parser::leave`].
    pub fn enter(&mut self) -> PResult<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH || stack_mark().abs_diff(self.stack_base) > MAX_STACK {
            return Err(self.too_deep());
        }
        Ok(())
    }

    pub fn leave<T>(&mut self, result: PResult<T>) -> PResult<T> {
        self.depth -= 1;
        result
    }

    #[cold]
    #[inline(never)]
    fn too_deep(&self) -> SyntaxErr {
        let msg = format!("too deeply nested: rpyc-agent parses at most {MAX_DEPTH} nested levels");
        SyntaxErr { kind: "RecursionError", ..self.here(msg) }
    }

    pub fn depth(&self) -> usize {
        self.depth
    }

    pub fn stack_base(&self) -> usize {
        self.stack_base
    }

    pub fn advance(&mut self) {
        self.pos += 1;
    }

    // ------------------------------------------------------------ statements

    fn simple_stmt(&mut self) -> PResult<Stmt> {
        if let Tok::Name(w) = self.tok() {
            if let Some(what) = unsupported_statement(w) {
                // `lambda` and `await` start expressions; the message is the same.
                return Err(self.here(unsupported(what)));
            }
            match w.as_str() {
                "pass" => {
                    self.pos += 1;
                    return Ok(Stmt::Pass);
                }
                "del" => {
                    self.pos += 1;
                    let targets = self.testlist()?;
                    let targets = match targets.expr {
                        Expr::Tuple(items) => items,
                        _ => vec![targets],
                    };
                    for t in &targets {
                        check_target(t, "delete")?;
                    }
                    return Ok(Stmt::Del(targets));
                }
                "import" => {
                    self.pos += 1;
                    let mut names = vec![self.dotted_as()?];
                    while self.eat_op(",") {
                        names.push(self.dotted_as()?);
                    }
                    return Ok(Stmt::Import(names));
                }
                "from" => return self.import_from(),
                "assert" => {
                    self.pos += 1;
                    let test = self.test()?;
                    let msg = if self.eat_op(",") { Some(self.test()?) } else { None };
                    return Ok(Stmt::Assert(test, msg));
                }
                _ => {}
            }
        }
        if self.is_op("@") {
            return Err(self.here(unsupported("decorators are")));
        }
        let first = self.testlist()?;
        if let Tok::Op(op) = self.tok() {
            let op = *op;
            if op == "=" {
                let mut parts = vec![first];
                while self.eat_op("=") {
                    parts.push(self.testlist()?);
                }
                let value = parts.pop().ok_or_else(|| self.invalid())?;
                for t in &parts {
                    check_target(t, "assign to")?;
                }
                return Ok(Stmt::Assign(parts, value));
            }
            if op.len() >= 2 && op.ends_with('=') && !matches!(op, "==" | "!=" | "<=" | ">=") {
                let bin = &op[..op.len() - 1];
                let bin = BINARY_OPS.iter().find(|(o, _)| *o == bin).map(|(o, _)| *o).ok_or_else(|| self.invalid())?;
                if !matches!(first.expr, Expr::Name(_) | Expr::Postfix(..)) {
                    return Err(err(
                        format!("'{}' is an illegal expression for augmented assignment", describe(&first)),
                        first.line,
                        first.col,
                    ));
                }
                check_target(&first, "assign to")?;
                self.pos += 1;
                let value = self.testlist()?;
                return Ok(Stmt::AugAssign(first, bin, value));
            }
            if op == ":" {
                return Err(self.here(unsupported("annotated assignments ('x: int = ...') are")));
            }
        }
        if matches!(first.expr, Expr::Starred(_)) {
            return Err(err("can't use starred expression here", first.line, first.col));
        }
        Ok(Stmt::Expr(first))
    }

    fn dotted(&mut self) -> PResult<String> {
        let mut name = self.name()?;
        while self.eat_op(".") {
            name.push('.');
            name.push_str(&self.name()?);
        }
        Ok(name)
    }

    fn dotted_as(&mut self) -> PResult<(String, Option<String>)> {
        let name = self.dotted()?;
        let alias = if self.eat_kw("as") { Some(self.name()?) } else { None };
        Ok((name, alias))
    }

    fn import_from(&mut self) -> PResult<Stmt> {
        self.pos += 1;
        let mut level = 0;
        loop {
            if self.eat_op(".") {
                level += 1;
            } else if self.eat_op("...") {
                level += 3;
            } else {
                break;
            }
        }
        let module = if level > 0 && self.is_kw("import") { String::new() } else { self.dotted()? };
        if !self.eat_kw("import") {
            return Err(self.invalid());
        }
        if self.eat_op("*") {
            return Ok(Stmt::ImportFrom { level, module, names: None });
        }
        let paren = self.eat_op("(");
        let mut names = Vec::new();
        loop {
            let name = self.name()?;
            let alias = if self.eat_kw("as") { Some(self.name()?) } else { None };
            names.push((name, alias));
            if !self.eat_op(",") || (paren && self.is_op(")")) {
                break;
            }
        }
        if paren {
            self.expect_op(")")?;
        }
        Ok(Stmt::ImportFrom { level, module, names: Some(names) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(src: &str) -> String {
        parse_exec(src).expect_err(src).msg
    }

    #[test]
    fn statements() {
        let s = parse_exec("import os.path as p, sys; from os import (path, getcwd as g,)\nx = y = 1\na, *b = c\nx += 2\ndel a[0], b.c\npass\n").unwrap_or_default();
        assert_eq!(s.len(), 7);
        assert_eq!(s[0], Stmt::Import(vec![("os.path".into(), Some("p".into())), ("sys".into(), None)]));
        assert!(
            matches!(&s[1], Stmt::ImportFrom { level: 0, names: Some(n), .. } if n[1] == ("getcwd".into(), Some("g".into())))
        );
        assert!(matches!(&s[2], Stmt::Assign(t, _) if t.len() == 2));
        assert!(matches!(&s[4], Stmt::AugAssign(_, "+", _)));
        assert!(matches!(&s[5], Stmt::Del(t) if t.len() == 2));
        assert!(matches!(parse_exec("from .. import x").as_deref(), Ok([Stmt::ImportFrom { level: 2, .. }])));
        assert!(matches!(parse_exec("from x import *").as_deref(), Ok([Stmt::ImportFrom { names: None, .. }])));
        assert!(matches!(parse_exec("assert x, 'm'").as_deref(), Ok([Stmt::Assert(_, Some(_))])));
        assert_eq!(
            parse_exec("\n\n# only a comment\n;").map(|s| s.len()).map_err(|e| e.msg),
            Err("invalid syntax".into())
        );
        assert_eq!(parse_exec("x = 1;;").map_err(|e| e.msg), Err("invalid syntax".into()));
        assert_eq!(parse_exec("x = 1;").map(|s| s.len()), Ok(1));
    }

    #[test]
    fn unsupported_constructs_are_named() {
        let tail = "not supported: rpyc-agent evaluates a subset of Python";
        for (src, what) in [
            ("def f(): pass", "function definitions ('def') are"),
            ("class A: pass", "class definitions ('class') are"),
            ("[x for x in y]", "list comprehensions are"),
            ("{x for x in y}", "set comprehensions are"),
            ("{x: 1 for x in y}", "dict comprehensions are"),
            ("f(x for x in y)", "generator expressions are"),
            ("(x for x in y)", "generator expressions are"),
            ("lambda: 1", "lambda expressions are"),
            ("y = lambda: 1", "lambda expressions are"),
            ("for x in y: pass", "'for' loops are"),
            ("while 1: pass", "'while' loops are"),
            ("if x: pass", "'if' statements are"),
            ("with x: pass", "'with' statements are"),
            ("try: pass\nexcept: pass", "'try' statements are"),
            ("return 1", "'return' statements are"),
            ("raise X", "'raise' statements are"),
            ("global x", "'global' declarations are"),
            ("x = yield", "'yield' is"),
            ("(y := 1)", "assignment expressions (':=') are"),
            ("y := 1", "assignment expressions (':=') are"),
            ("x: int = 1", "annotated assignments ('x: int = ...') are"),
            ("@d\ndef f(): pass", "decorators are"),
        ] {
            let m = msg(src);
            assert!(m.starts_with(&format!("{what} {tail}")), "{src}: {m}");
        }
        assert!(parse_eval("lambda: 1").expect_err("").msg.starts_with("lambda expressions are not supported"));
        assert!(parse_eval("x = 1").expect_err("").msg.starts_with("invalid syntax: assignment is a statement"));
        assert!(parse_eval("import os").expect_err("").msg.contains("use execute"));
    }

    #[test]
    fn syntax_errors() {
        assert_eq!(msg("f() = 1"), "cannot assign to function call");
        assert_eq!(msg("1 = x"), "cannot assign to literal");
        assert_eq!(msg("None = 1"), "cannot assign to constant");
        assert_eq!(msg("del f()"), "cannot delete function call");
        assert_eq!(msg("a, b += 1"), "'tuple' is an illegal expression for augmented assignment");
        assert_eq!(msg("*a = 1"), "starred assignment target must be in a list or tuple");
        assert_eq!(msg("*a, *b = c"), "multiple starred expressions in assignment");
        assert_eq!(msg("*a"), "can't use starred expression here");
        assert_eq!(msg("x = "), "invalid syntax (unexpected end of input)");
        assert_eq!(msg("import"), "invalid syntax (unexpected end of input)");
        assert_eq!(msg("from x"), "invalid syntax (unexpected end of input)");
        assert_eq!(msg("import a.b.1"), "invalid syntax");
        let e = parse_exec("x = 1\ny = = 2").expect_err("");
        assert_eq!((e.msg.as_str(), e.line, e.col), ("invalid syntax", 2, 5));
    }
}
