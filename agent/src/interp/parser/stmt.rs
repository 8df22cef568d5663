//! Statements: simple statements separated by `;`, and compound statements
//! with their indented blocks.

use std::sync::Arc;

use super::{check_target, unsupported, PResult, Parser};
use crate::interp::ast::{Expr, ExprKind, FuncDef, Handler, ScopeKind, Stmt, StmtKind, TryStmt};
use crate::interp::lexer::Tok;
use crate::runtime::object::BinOp;
use crate::runtime::value::Py;

fn stmt(kind: StmtKind, line: u32) -> Stmt {
    Stmt { kind, line }
}

/// Augmented assignment operators.
fn aug_op(op: &str) -> Option<BinOp> {
    BinOp::from_symbol(op.strip_suffix('=')?)
}

impl Parser {
    /// One statement (compound, or a line of simple ones) into `out`.
    pub(super) fn statement(&mut self, out: &mut Vec<Stmt>) -> PResult<()> {
        if let Tok::Name(w) = self.tok() {
            match w.as_str() {
                "if" => return self.if_stmt(out),
                "while" => return self.while_stmt(out),
                "for" => return self.for_stmt(out),
                "try" => return self.try_stmt(out),
                "with" => return self.with_stmt(out),
                "def" => return self.def_stmt(out, Vec::new()),
                "class" => return Err(self.here(unsupported("class definitions ('class') are"))),
                "async" => return Err(self.here(unsupported("'async' statements are"))),
                "elif" | "else" | "except" | "finally" => return Err(self.here("invalid syntax")),
                _ => {}
            }
        }
        if self.is_op("@") {
            return self.decorated(out);
        }
        self.simple_line(out)
    }

    /// Simple statements separated by `;` up to the end of the line.
    fn simple_line(&mut self, out: &mut Vec<Stmt>) -> PResult<()> {
        loop {
            out.push(self.simple_stmt()?);
            if !self.eat_op(";") || matches!(self.tok(), Tok::Newline | Tok::End) {
                break;
            }
        }
        match self.tok() {
            Tok::Newline => {
                self.pos += 1;
                Ok(())
            }
            Tok::End | Tok::Dedent => Ok(()),
            _ => Err(self.invalid()),
        }
    }

    /// `:` then a block: simple statements on the same line, or an
    /// indented suite. `what` names the statement for the error.
    fn block(&mut self, what: &str, line: u32) -> PResult<Vec<Stmt>> {
        self.expect_op(":")?;
        self.enter()?;
        let mut body = Vec::new();
        if matches!(self.tok(), Tok::Newline) {
            self.pos += 1;
            if !matches!(self.tok(), Tok::Indent) {
                self.leave();
                return Err(self.indent_error(format!("expected an indented block after {what} on line {line}")));
            }
            self.pos += 1;
            while !matches!(self.tok(), Tok::Dedent | Tok::End) {
                if matches!(self.tok(), Tok::Newline) {
                    self.pos += 1;
                    continue;
                }
                self.statement(&mut body)?;
            }
            if matches!(self.tok(), Tok::Dedent) {
                self.pos += 1;
            }
        } else {
            self.simple_line(&mut body)?;
        }
        self.leave();
        Ok(body)
    }

    fn simple_stmt(&mut self) -> PResult<Stmt> {
        let (line, _) = self.at();
        if let Tok::Name(w) = self.tok().clone() {
            match w.as_str() {
                "pass" => {
                    self.pos += 1;
                    return Ok(stmt(StmtKind::Pass, line));
                }
                "break" | "continue" => {
                    if *self.loops() == 0 {
                        return Err(self.here(format!("'{w}' outside loop")));
                    }
                    self.pos += 1;
                    return Ok(stmt(if w == "break" { StmtKind::Break } else { StmtKind::Continue }, line));
                }
                "return" => {
                    if self.scopes.last().map(|s| s.kind) != Some(ScopeKind::Function) {
                        return Err(self.here("'return' outside function"));
                    }
                    self.pos += 1;
                    let value = if self.ends_simple() { None } else { Some(self.testlist_star()?) };
                    return Ok(stmt(StmtKind::Return(value), line));
                }
                "raise" => {
                    self.pos += 1;
                    if self.ends_simple() {
                        return Ok(stmt(StmtKind::Raise(None, None), line));
                    }
                    let exc = self.test()?;
                    let cause = if self.eat_kw("from") { Some(self.test()?) } else { None };
                    return Ok(stmt(StmtKind::Raise(Some(exc), cause), line));
                }
                "global" | "nonlocal" => {
                    self.pos += 1;
                    loop {
                        let name = self.ident()?;
                        self.declare(name, w == "global")?;
                        if !self.eat_op(",") {
                            break;
                        }
                    }
                    return Ok(stmt(StmtKind::Global, line));
                }
                "del" => {
                    self.pos += 1;
                    let target = self.testlist_star()?;
                    let targets = match target.kind {
                        ExprKind::Tuple(items) => items,
                        _ => vec![target],
                    };
                    for t in &targets {
                        check_target(t, "delete").map_err(|m| self.here(m))?;
                        self.bind_target(t);
                    }
                    return Ok(stmt(StmtKind::Del(targets), line));
                }
                "assert" => {
                    self.pos += 1;
                    let test = self.test()?;
                    let msg = if self.eat_op(",") { Some(self.test()?) } else { None };
                    return Ok(stmt(StmtKind::Assert(test, msg), line));
                }
                "import" => return self.import(line),
                "from" => return self.import_from(line),
                "yield" | "await" => return Err(self.here(unsupported(&format!("'{w}' is")))),
                _ => {}
            }
        }
        self.expr_stmt(line)
    }

    fn ends_simple(&self) -> bool {
        matches!(self.tok(), Tok::Newline | Tok::End | Tok::Dedent) || self.is_op(";")
    }

    /// Expression statements and assignments.
    fn expr_stmt(&mut self, line: u32) -> PResult<Stmt> {
        let first = self.testlist_star()?;
        if let Tok::Op(op) = self.tok() {
            if let Some(bin) = aug_op(op).filter(|_| op.len() >= 2 && !matches!(*op, "==" | "!=" | "<=" | ">=")) {
                if !matches!(first.kind, ExprKind::Name(_) | ExprKind::Attr(..) | ExprKind::Subscript(..)) {
                    return Err(self.here(format!(
                        "'{}' is an illegal expression for augmented assignment",
                        crate::interp::ast::describe(&first)
                    )));
                }
                self.pos += 1;
                self.bind_target(&first);
                let value = self.testlist_star()?;
                return Ok(stmt(StmtKind::AugAssign(first, bin, value), line));
            }
        }
        if self.is_op(":") {
            // An annotated assignment: the annotation is parsed and dropped.
            self.pos += 1;
            if !matches!(first.kind, ExprKind::Name(_) | ExprKind::Attr(..) | ExprKind::Subscript(..)) {
                return Err(self.here("only single target (not tuple) can be annotated"));
            }
            self.test()?;
            self.bind_target(&first);
            let value = if self.eat_op("=") { Some(self.testlist_star()?) } else { None };
            return Ok(stmt(StmtKind::AnnAssign(first, value), line));
        }
        if !self.is_op("=") {
            return Ok(stmt(StmtKind::Expr(first), line));
        }
        let mut targets = vec![first];
        let mut value = None;
        while self.eat_op("=") {
            if self.is_kw("yield") {
                return Err(self.here(unsupported("'yield' expressions are")));
            }
            let e = self.testlist_star()?;
            if let Some(prev) = value.replace(e) {
                targets.push(prev);
            }
        }
        for t in &targets {
            check_target(t, "assign to").map_err(|m| self.here(m))?;
            self.bind_target(t);
        }
        let value = value.ok_or_else(|| self.invalid())?;
        Ok(stmt(StmtKind::Assign(targets, value), line))
    }

    fn dotted_name(&mut self) -> PResult<String> {
        let mut name = self.ident()?.to_string();
        while self.eat_op(".") {
            name.push('.');
            name.push_str(&self.ident()?);
        }
        Ok(name)
    }

    fn import(&mut self, line: u32) -> PResult<Stmt> {
        self.pos += 1;
        let mut names = Vec::new();
        loop {
            let dotted = self.dotted_name()?;
            let alias = if self.eat_kw("as") { Some(self.ident()?.to_string()) } else { None };
            let bound: Arc<str> = Arc::from(alias.as_deref().unwrap_or_else(|| dotted.split('.').next().unwrap_or("")));
            let target = self.bind_name(bound);
            names.push((dotted, alias, target));
            if !self.eat_op(",") {
                break;
            }
        }
        Ok(stmt(StmtKind::Import(names), line))
    }

    fn import_from(&mut self, line: u32) -> PResult<Stmt> {
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
        let module = if self.is_kw("import") { String::new() } else { self.dotted_name()? };
        if !self.eat_kw("import") {
            return Err(self.here("invalid syntax"));
        }
        if self.eat_op("*") {
            if self.scopes.last().map(|s| s.kind) != Some(ScopeKind::Module) {
                return Err(self.here("import * only allowed at module level"));
            }
            return Ok(stmt(StmtKind::ImportFrom { level, module, names: None }, line));
        }
        let paren = self.eat_op("(");
        let mut names = Vec::new();
        loop {
            let name = self.ident()?.to_string();
            let alias = if self.eat_kw("as") { self.ident()? } else { Arc::from(name.as_str()) };
            let target = self.bind_name(alias);
            names.push((name, target));
            if !self.eat_op(",") {
                break;
            }
            if paren && self.is_op(")") {
                break;
            }
        }
        if paren {
            self.expect_op(")")?;
        }
        Ok(stmt(StmtKind::ImportFrom { level, module, names: Some(names) }, line))
    }

    fn if_stmt(&mut self, out: &mut Vec<Stmt>) -> PResult<()> {
        let (line, _) = self.at();
        self.pos += 1;
        let test = self.named()?;
        let body = self.block("'if' statement", line)?;
        let orelse = self.else_chain()?;
        out.push(stmt(StmtKind::If(test, body, orelse), line));
        Ok(())
    }

    /// `elif ...` (as a nested `if`) or `else:`, or nothing.
    fn else_chain(&mut self) -> PResult<Vec<Stmt>> {
        let (line, _) = self.at();
        if self.eat_kw("elif") {
            let test = self.named()?;
            let body = self.block("'elif' statement", line)?;
            let orelse = self.else_chain()?;
            return Ok(vec![stmt(StmtKind::If(test, body, orelse), line)]);
        }
        if self.eat_kw("else") {
            return self.block("'else' statement", line);
        }
        Ok(Vec::new())
    }

    fn loop_body(&mut self, what: &str, line: u32) -> PResult<Vec<Stmt>> {
        *self.loops() += 1;
        let body = self.block(what, line);
        *self.loops() -= 1;
        body
    }

    fn while_stmt(&mut self, out: &mut Vec<Stmt>) -> PResult<()> {
        let (line, _) = self.at();
        self.pos += 1;
        let test = self.named()?;
        let body = self.loop_body("'while' statement", line)?;
        let (eline, _) = self.at();
        let orelse = if self.eat_kw("else") { self.block("'else' statement", eline)? } else { Vec::new() };
        out.push(stmt(StmtKind::While(test, body, orelse), line));
        Ok(())
    }

    fn for_stmt(&mut self, out: &mut Vec<Stmt>) -> PResult<()> {
        let (line, _) = self.at();
        self.pos += 1;
        let target = self.target_list()?;
        self.bind_target(&target);
        if !self.eat_kw("in") {
            return Err(self.here("expected 'in'"));
        }
        let iter = self.testlist_star()?;
        let body = self.loop_body("'for' statement", line)?;
        let (eline, _) = self.at();
        let orelse = if self.eat_kw("else") { self.block("'else' statement", eline)? } else { Vec::new() };
        out.push(stmt(StmtKind::For(target, iter, body, orelse), line));
        Ok(())
    }

    fn try_stmt(&mut self, out: &mut Vec<Stmt>) -> PResult<()> {
        let (line, _) = self.at();
        self.pos += 1;
        let body = self.block("'try' statement", line)?;
        let mut handlers = Vec::new();
        loop {
            let (hline, _) = self.at();
            if !self.eat_kw("except") {
                break;
            }
            if self.is_op("*") {
                return Err(self.here(unsupported("'except*' (exception groups) is")));
            }
            let (class, name) = if self.is_op(":") {
                (None, None)
            } else {
                let c = self.test()?;
                let n = if self.eat_kw("as") {
                    let n = self.ident()?;
                    Some(self.bind_name(n))
                } else if self.is_op(",") {
                    return Err(self.here("multiple exception types must be parenthesized"));
                } else {
                    None
                };
                (Some(c), n)
            };
            if handlers.iter().any(|h: &Handler| h.class.is_none()) {
                return Err(self.here("default 'except:' must be last"));
            }
            let hbody = self.block("'except' statement", hline)?;
            handlers.push(Handler { class, name, body: hbody, line: hline });
        }
        let (eline, _) = self.at();
        let orelse = if !handlers.is_empty() && self.eat_kw("else") {
            self.block("'else' statement", eline)?
        } else {
            Vec::new()
        };
        let (fline, _) = self.at();
        let finally = if self.eat_kw("finally") { self.block("'finally' statement", fline)? } else { Vec::new() };
        if handlers.is_empty() && finally.is_empty() {
            return Err(self.here("expected 'except' or 'finally' block"));
        }
        out.push(stmt(StmtKind::Try(Box::new(TryStmt { body, handlers, orelse, finally })), line));
        Ok(())
    }

    fn with_stmt(&mut self, out: &mut Vec<Stmt>) -> PResult<()> {
        let (line, _) = self.at();
        self.pos += 1;
        let paren = self.is_op("(") && self.with_items_parenthesized();
        if paren {
            self.pos += 1;
        }
        let mut items = Vec::new();
        loop {
            let ctx = self.test()?;
            let target = if self.eat_kw("as") {
                let t = self.target_list()?;
                self.bind_target(&t);
                Some(t)
            } else {
                None
            };
            items.push((ctx, target));
            if !self.eat_op(",") {
                break;
            }
            if paren && self.is_op(")") {
                break;
            }
        }
        if paren {
            self.expect_op(")")?;
        }
        let body = self.block("'with' statement", line)?;
        out.push(stmt(StmtKind::With(items, body), line));
        Ok(())
    }

    /// Whether `with (` opens parenthesized items (`with (a as b, c):`)
    /// rather than an expression: the matching `)` is followed by `:`.
    fn with_items_parenthesized(&self) -> bool {
        let mut depth = 0;
        for (k, t) in self.toks[self.pos..].iter().enumerate() {
            match &t.tok {
                Tok::Op("(" | "[" | "{") => depth += 1,
                Tok::Op(")" | "]" | "}") => {
                    depth -= 1;
                    if depth == 0 {
                        let next = self.toks.get(self.pos + k + 1).map(|t| &t.tok);
                        let has_as = self.toks[self.pos..self.pos + k].iter().any(|t| t.tok == Tok::Name("as".into()));
                        return matches!(next, Some(Tok::Op(":"))) && has_as;
                    }
                }
                Tok::Newline | Tok::End => return false,
                _ => {}
            }
        }
        false
    }

    fn decorated(&mut self, out: &mut Vec<Stmt>) -> PResult<()> {
        let mut decorators = Vec::new();
        while self.eat_op("@") {
            decorators.push(self.named()?);
            if !matches!(self.tok(), Tok::Newline) {
                return Err(self.invalid());
            }
            self.pos += 1;
        }
        if self.is_kw("class") {
            return Err(self.here(unsupported("class definitions ('class') are")));
        }
        if !self.is_kw("def") {
            return Err(self.invalid());
        }
        self.def_stmt(out, decorators)
    }

    fn def_stmt(&mut self, out: &mut Vec<Stmt>, decorators: Vec<Expr>) -> PResult<()> {
        let (line, _) = self.at();
        self.pos += 1;
        let name = self.ident()?;
        self.expect_op("(")?;
        let (params, defaults, kwdefaults) = self.params(")", true)?;
        self.expect_op(")")?;
        if self.eat_op("->") {
            self.test()?;
        }
        let target = self.bind_name(name.clone());
        self.open_scope(ScopeKind::Function, name);
        let body = (|| {
            self.bind_params(&params)?;
            self.block("function definition", line)
        })();
        let body = match body {
            Ok(b) => b,
            Err(e) => {
                let _ = self.close_scope(Default::default(), Vec::new(), line, None);
                return Err(e);
            }
        };
        let doc = match body.first().map(|s| &s.kind) {
            Some(StmtKind::Expr(Expr { kind: ExprKind::Const(Py::Str(s)), .. })) => Some(s.to_string()),
            _ => None,
        };
        let code = self.close_scope(params, body, line, doc)?;
        out.push(stmt(StmtKind::Def(target, Arc::new(FuncDef { code, defaults, kwdefaults }), decorators), line));
        Ok(())
    }
}
