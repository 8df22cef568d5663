//! Expressions, by precedence from `lambda` and conditional expressions
//! down to atoms and their trailers; displays and comprehensions.

use std::sync::Arc;

use super::{unsupported, PResult, Parser};
use crate::interp::ast::{
    Arg, CmpKind, CompFor, CompKind, Comprehension, Expr, ExprKind, FPart, FuncDef, Params, ScopeKind,
};
use crate::interp::lexer::{FPiece, Lit, Tok};
use crate::interp::parser::check_target;
use crate::objects::singletons;
use crate::runtime::object::{BinOp, CmpOp, UnaryOp};
use crate::runtime::value::Py;

fn node(kind: ExprKind, (line, col): (u32, u32)) -> Expr {
    Expr { kind, line, col }
}

/// Binary operator levels, loosest first.
const LEVELS: &[&[(&str, BinOp)]] = &[
    &[("|", BinOp::Or)],
    &[("^", BinOp::Xor)],
    &[("&", BinOp::And)],
    &[("<<", BinOp::LShift), (">>", BinOp::RShift)],
    &[("+", BinOp::Add), ("-", BinOp::Sub)],
    &[("*", BinOp::Mul), ("/", BinOp::TrueDiv), ("//", BinOp::FloorDiv), ("%", BinOp::Mod), ("@", BinOp::MatMul)],
];

impl Parser {
    /// `a, *b, c` (a tuple when there is a comma), as expression statements,
    /// `return`, and right-hand sides take.
    pub(in crate::interp) fn testlist_star(&mut self) -> PResult<Expr> {
        let at = self.at();
        let first = self.star_or_named()?;
        if !self.is_op(",") {
            if matches!(first.kind, ExprKind::Starred(_)) {
                return Err(self.here("can't use starred expression here"));
            }
            return Ok(first);
        }
        let mut items = vec![first];
        while self.eat_op(",") {
            if self.ends_list() {
                break;
            }
            items.push(self.star_or_named()?);
        }
        Ok(node(ExprKind::Tuple(items), at))
    }

    /// Whether the token ends a comma-separated list.
    pub(super) fn ends_list(&self) -> bool {
        matches!(self.tok(), Tok::Newline | Tok::End | Tok::Dedent | Tok::Indent)
            || matches!(self.tok(), Tok::Op(o) if matches!(*o, ")" | "]" | "}" | "=" | ":" | ";"))
            || (matches!(self.tok(), Tok::Op(o) if o.ends_with('=') && !matches!(*o, "==" | "!=" | "<=" | ">=")))
            || self.is_kw("in")
    }

    fn star_or_named(&mut self) -> PResult<Expr> {
        if self.is_op("*") {
            let at = self.at();
            self.pos += 1;
            let e = self.bitor()?;
            return Ok(node(ExprKind::Starred(Box::new(e)), at));
        }
        self.named()
    }

    /// `name := value` or a test.
    pub(super) fn named(&mut self) -> PResult<Expr> {
        if let (Tok::Name(w), Tok::Op(":=")) = (self.tok(), self.peek_tok(1)) {
            if !super::is_keyword(w) {
                let at = self.at();
                let name = Arc::from(w.as_str());
                self.pos += 2;
                let value = self.test()?;
                let target = self.bind_walrus(name);
                return Ok(node(ExprKind::Walrus(target, Box::new(value)), at));
            }
        }
        let e = self.test()?;
        if self.is_op(":=") {
            return Err(
                self.here(format!("cannot use assignment expressions with {}", crate::interp::ast::describe(&e)))
            );
        }
        Ok(e)
    }

    /// `lambda`, or `a if c else b`, or an `or` test.
    pub(super) fn test(&mut self) -> PResult<Expr> {
        if self.is_kw("lambda") {
            return self.lambda();
        }
        for (kw, what) in [("yield", "'yield' expressions are"), ("await", "'await' expressions are")] {
            if self.is_kw(kw) {
                return Err(self.here(unsupported(what)));
            }
        }
        self.enter()?;
        let at = self.at();
        let body = self.or_test()?;
        let result = if self.is_kw("if") {
            self.pos += 1;
            let cond = self.or_test()?;
            if !self.eat_kw("else") {
                self.leave();
                return Err(self.here("expected 'else' after 'if' expression"));
            }
            let orelse = self.test()?;
            node(ExprKind::IfExp(Box::new([body, cond, orelse])), at)
        } else {
            body
        };
        self.leave();
        Ok(result)
    }

    /// `test` without a conditional expression (comprehension iterables
    /// and conditions).
    pub(super) fn or_test(&mut self) -> PResult<Expr> {
        let at = self.at();
        let first = self.and_test()?;
        if !self.is_kw("or") {
            return Ok(first);
        }
        let mut items = vec![first];
        while self.eat_kw("or") {
            items.push(self.and_test()?);
        }
        Ok(node(ExprKind::BoolOp(false, items), at))
    }

    fn and_test(&mut self) -> PResult<Expr> {
        let at = self.at();
        let first = self.not_test()?;
        if !self.is_kw("and") {
            return Ok(first);
        }
        let mut items = vec![first];
        while self.eat_kw("and") {
            items.push(self.not_test()?);
        }
        Ok(node(ExprKind::BoolOp(true, items), at))
    }

    fn not_test(&mut self) -> PResult<Expr> {
        if self.is_kw("not") {
            let at = self.at();
            self.pos += 1;
            self.enter()?;
            let e = self.not_test()?;
            self.leave();
            return Ok(node(ExprKind::Not(Box::new(e)), at));
        }
        self.comparison()
    }

    fn comp_op(&mut self) -> Option<CmpKind> {
        let k = match self.tok() {
            Tok::Op("<") => CmpKind::Rich(CmpOp::Lt),
            Tok::Op("<=") => CmpKind::Rich(CmpOp::Le),
            Tok::Op("==") => CmpKind::Rich(CmpOp::Eq),
            Tok::Op("!=") => CmpKind::Rich(CmpOp::Ne),
            Tok::Op(">") => CmpKind::Rich(CmpOp::Gt),
            Tok::Op(">=") => CmpKind::Rich(CmpOp::Ge),
            Tok::Name(w) if w == "in" => CmpKind::In,
            Tok::Name(w) if w == "not" && matches!(self.peek_tok(1), Tok::Name(x) if x == "in") => {
                self.pos += 2;
                return Some(CmpKind::NotIn);
            }
            Tok::Name(w) if w == "is" => {
                if matches!(self.peek_tok(1), Tok::Name(x) if x == "not") {
                    self.pos += 2;
                    return Some(CmpKind::IsNot);
                }
                CmpKind::Is
            }
            _ => return None,
        };
        self.pos += 1;
        Some(k)
    }

    fn comparison(&mut self) -> PResult<Expr> {
        let at = self.at();
        let first = self.bitor()?;
        let mut rest = Vec::new();
        while let Some(op) = self.comp_op() {
            rest.push((op, self.bitor()?));
        }
        if rest.is_empty() {
            return Ok(first);
        }
        Ok(node(ExprKind::Compare(Box::new(first), rest), at))
    }

    /// Binary operators from `|` down to `*`: flat left-to-right chains.
    pub(super) fn bitor(&mut self) -> PResult<Expr> {
        self.binary_level(0)
    }

    fn binary_level(&mut self, level: usize) -> PResult<Expr> {
        if level == LEVELS.len() {
            return self.factor();
        }
        let at = self.at();
        let first = self.binary_level(level + 1)?;
        let mut rest = Vec::new();
        loop {
            let op = match self.tok() {
                Tok::Op(o) => LEVELS[level].iter().find(|(s, _)| s == o).map(|(_, op)| *op),
                _ => None,
            };
            let Some(op) = op else { break };
            self.pos += 1;
            rest.push((op, self.binary_level(level + 1)?));
        }
        if rest.is_empty() {
            return Ok(first);
        }
        Ok(node(ExprKind::Binary(Box::new(first), rest), at))
    }

    fn factor(&mut self) -> PResult<Expr> {
        let op = match self.tok() {
            Tok::Op("-") => Some(UnaryOp::Neg),
            Tok::Op("+") => Some(UnaryOp::Pos),
            Tok::Op("~") => Some(UnaryOp::Invert),
            _ => None,
        };
        if let Some(op) = op {
            let at = self.at();
            self.pos += 1;
            self.enter()?;
            let e = self.factor()?;
            self.leave();
            // Fold `-5` into a constant, as CPython's compiler does.
            if let (UnaryOp::Neg, ExprKind::Const(Py::Int(n))) = (op, &e.kind) {
                if let Some(neg) = n.checked_neg() {
                    return Ok(node(ExprKind::Const(Py::Int(neg)), at));
                }
            }
            return Ok(node(ExprKind::Unary(op, Box::new(e)), at));
        }
        self.power()
    }

    fn power(&mut self) -> PResult<Expr> {
        let at = self.at();
        let base = self.primary()?;
        if self.eat_op("**") {
            self.enter()?;
            let exp = self.factor()?;
            self.leave();
            return Ok(node(ExprKind::Binary(Box::new(base), vec![(BinOp::Pow, exp)]), at));
        }
        Ok(base)
    }

    /// An atom and its trailers: `.name`, `(args)`, `[index]`.
    fn primary(&mut self) -> PResult<Expr> {
        let mut e = self.atom()?;
        loop {
            let at = (e.line, e.col);
            if self.eat_op(".") {
                let name = self.ident()?;
                e = node(ExprKind::Attr(Box::new(e), name), at);
            } else if self.is_op("(") {
                self.pos += 1;
                self.enter()?;
                let args = self.arglist()?;
                self.leave();
                e = node(ExprKind::Call(Box::new(e), args), at);
            } else if self.is_op("[") {
                self.pos += 1;
                self.enter()?;
                let index = self.subscript_list()?;
                self.leave();
                self.expect_op("]")?;
                e = node(ExprKind::Subscript(Box::new(e), Box::new(index)), at);
            } else {
                return Ok(e);
            }
        }
    }

    fn arglist(&mut self) -> PResult<Vec<Arg>> {
        let mut args = Vec::new();
        let mut seen_kw = false;
        while !self.eat_op(")") {
            if self.eat_op("**") {
                args.push(Arg::StarStar(self.test()?));
                seen_kw = true;
            } else if self.eat_op("*") {
                args.push(Arg::Star(self.test()?));
            } else if let (Tok::Name(w), Tok::Op("=")) = (self.tok(), self.peek_tok(1)) {
                if super::is_keyword(w) {
                    return Err(self.here("expression cannot contain assignment, perhaps you meant \"==\"?"));
                }
                let name: Arc<str> = Arc::from(w.as_str());
                self.pos += 2;
                if args.iter().any(|a| matches!(a, Arg::Kw(k, _) if *k == name)) {
                    return Err(self.here(format!("keyword argument repeated: {name}")));
                }
                args.push(Arg::Kw(name, self.test()?));
                seen_kw = true;
            } else {
                let start = self.pos;
                let snap = self.snapshot();
                let e = self.named()?;
                if self.is_kw("for") {
                    // A generator expression as the only argument.
                    self.restore(snap);
                    let g = self.comprehension_at(start, CompKind::Generator)?;
                    args.push(Arg::Pos(g));
                    if !self.is_op(")") {
                        return Err(self.here("Generator expression must be parenthesized"));
                    }
                    continue;
                }
                if seen_kw
                    && !matches!(args.last(), Some(Arg::Star(_)))
                    && args.iter().any(|a| matches!(a, Arg::Kw(..)))
                {
                    return Err(self.here("positional argument follows keyword argument"));
                }
                if args.iter().any(|a| matches!(a, Arg::StarStar(_))) {
                    return Err(self.here("positional argument follows keyword argument unpacking"));
                }
                args.push(Arg::Pos(e));
            }
            if !self.eat_op(",") {
                self.expect_op(")")?;
                break;
            }
        }
        Ok(args)
    }

    /// What goes between `[` and `]`: indices and slices, a tuple of them
    /// when comma-separated.
    fn subscript_list(&mut self) -> PResult<Expr> {
        let at = self.at();
        let first = self.subscript()?;
        if !self.is_op(",") {
            return Ok(first);
        }
        let mut items = vec![first];
        while self.eat_op(",") {
            if self.is_op("]") {
                break;
            }
            items.push(self.subscript()?);
        }
        Ok(node(ExprKind::Tuple(items), at))
    }

    fn subscript(&mut self) -> PResult<Expr> {
        let at = self.at();
        let lower = if self.is_op(":") { None } else { Some(self.named_or_star()?) };
        if !self.eat_op(":") {
            return lower.ok_or_else(|| self.invalid());
        }
        let bound = |p: &mut Parser| -> PResult<Option<Box<Expr>>> {
            if p.is_op(":") || p.is_op("]") || p.is_op(",") {
                Ok(None)
            } else {
                Ok(Some(Box::new(p.test()?)))
            }
        };
        let upper = bound(self)?;
        let step = if self.eat_op(":") { bound(self)? } else { None };
        Ok(node(ExprKind::Slice(lower.map(Box::new), upper, step), at))
    }

    fn named_or_star(&mut self) -> PResult<Expr> {
        if self.is_op("*") {
            return self.star_or_named();
        }
        self.named()
    }

    fn atom(&mut self) -> PResult<Expr> {
        let at = self.at();
        let tok = self.tok().clone();
        match tok {
            Tok::Num(v) => {
                self.pos += 1;
                Ok(node(ExprKind::Const(v), at))
            }
            Tok::Str(_) => self.strings(),
            Tok::Name(w) => {
                self.pos += 1;
                Ok(node(
                    match w.as_str() {
                        "None" => ExprKind::Const(Py::None),
                        "True" => ExprKind::Const(Py::Bool(true)),
                        "False" => ExprKind::Const(Py::Bool(false)),
                        "yield" | "await" => {
                            self.pos -= 1;
                            return Err(self.here(unsupported(&format!("'{w}' expressions are"))));
                        }
                        "lambda" => {
                            self.pos -= 1;
                            return self.lambda();
                        }
                        kw if super::is_keyword(kw) => {
                            self.pos -= 1;
                            return Err(self.invalid());
                        }
                        _ => ExprKind::Name(self.use_name(Arc::from(w.as_str()))),
                    },
                    at,
                ))
            }
            Tok::Op("...") => {
                self.pos += 1;
                Ok(node(ExprKind::Const(singletons::ellipsis()), at))
            }
            Tok::Op("(") => {
                self.pos += 1;
                self.enter()?;
                let e = self.paren(at)?;
                self.leave();
                Ok(e)
            }
            Tok::Op("[") => {
                self.pos += 1;
                self.enter()?;
                let e = self.list_display(at)?;
                self.leave();
                Ok(e)
            }
            Tok::Op("{") => {
                self.pos += 1;
                self.enter()?;
                let e = self.brace_display(at)?;
                self.leave();
                Ok(e)
            }
            _ => Err(self.invalid()),
        }
    }

    /// `( )`: the empty tuple, a parenthesized expression, a tuple, or a
    /// generator expression.
    fn paren(&mut self, at: (u32, u32)) -> PResult<Expr> {
        if self.eat_op(")") {
            return Ok(node(ExprKind::Tuple(Vec::new()), at));
        }
        if self.is_kw("yield") {
            return Err(self.here(unsupported("'yield' expressions are")));
        }
        let start = self.pos;
        let snap = self.snapshot();
        let first = self.star_or_named()?;
        if self.is_kw("for") {
            self.restore(snap);
            let g = self.comprehension_at(start, CompKind::Generator)?;
            self.expect_op(")")?;
            return Ok(g);
        }
        if self.eat_op(")") {
            if matches!(first.kind, ExprKind::Starred(_)) {
                return Err(self.here("cannot use starred expression here"));
            }
            return Ok(first);
        }
        let mut items = vec![first];
        while self.eat_op(",") {
            if self.is_op(")") {
                break;
            }
            items.push(self.star_or_named()?);
        }
        self.expect_op(")")?;
        Ok(node(ExprKind::Tuple(items), at))
    }

    fn list_display(&mut self, at: (u32, u32)) -> PResult<Expr> {
        if self.eat_op("]") {
            return Ok(node(ExprKind::List(Vec::new()), at));
        }
        let start = self.pos;
        let snap = self.snapshot();
        let first = self.star_or_named()?;
        if self.is_kw("for") {
            self.restore(snap);
            let c = self.comprehension_at(start, CompKind::List)?;
            self.expect_op("]")?;
            return Ok(c);
        }
        let mut items = vec![first];
        while self.eat_op(",") {
            if self.is_op("]") {
                break;
            }
            items.push(self.star_or_named()?);
        }
        self.expect_op("]")?;
        Ok(node(ExprKind::List(items), at))
    }

    /// `{}`: a dict or set display or comprehension.
    fn brace_display(&mut self, at: (u32, u32)) -> PResult<Expr> {
        if self.eat_op("}") {
            return Ok(node(ExprKind::Dict(Vec::new()), at));
        }
        let start = self.pos;
        let snap = self.snapshot();
        if self.eat_op("**") {
            let m = self.bitor()?;
            return self.dict_rest(at, vec![(None, m)]);
        }
        let first = self.star_or_named()?;
        if self.eat_op(":") {
            let value = self.test()?;
            if self.is_kw("for") {
                self.restore(snap);
                let c = self.comprehension_at(start, CompKind::Dict)?;
                self.expect_op("}")?;
                return Ok(c);
            }
            return self.dict_rest(at, vec![(Some(first), value)]);
        }
        if self.is_kw("for") {
            self.restore(snap);
            let c = self.comprehension_at(start, CompKind::Set)?;
            self.expect_op("}")?;
            return Ok(c);
        }
        let mut items = vec![first];
        while self.eat_op(",") {
            if self.is_op("}") {
                break;
            }
            items.push(self.star_or_named()?);
        }
        self.expect_op("}")?;
        Ok(node(ExprKind::Set(items), at))
    }

    fn dict_rest(&mut self, at: (u32, u32), mut pairs: Vec<(Option<Expr>, Expr)>) -> PResult<Expr> {
        while self.eat_op(",") {
            if self.is_op("}") {
                break;
            }
            if self.eat_op("**") {
                pairs.push((None, self.bitor()?));
                continue;
            }
            let k = self.test()?;
            self.expect_op(":")?;
            pairs.push((Some(k), self.test()?));
        }
        self.expect_op("}")?;
        Ok(node(ExprKind::Dict(pairs), at))
    }

    /// A comprehension whose element starts at token `start`: parsed again
    /// inside the comprehension's own scope.
    pub(super) fn comprehension_at(&mut self, start: usize, kind: CompKind) -> PResult<Expr> {
        self.pos = start;
        let at = self.at();
        let name: Arc<str> = Arc::from(match kind {
            CompKind::List => "<listcomp>",
            CompKind::Set => "<setcomp>",
            CompKind::Dict => "<dictcomp>",
            CompKind::Generator => "<genexpr>",
        });
        self.open_scope(ScopeKind::Comprehension, name);
        let parsed = self.comprehension_body(kind);
        let (elt, value, clauses, first_iter) = match parsed {
            Ok(v) => v,
            Err(e) => {
                let _ = self.close_scope(Params::default(), Vec::new(), at.0, None);
                return Err(e);
            }
        };
        let code = self.close_scope(Params::default(), Vec::new(), at.0, None)?;
        let comp = Comprehension { kind, elt, value, clauses, code };
        Ok(node(ExprKind::Comp(Box::new(first_iter), Arc::new(comp)), at))
    }

    #[allow(clippy::type_complexity)]
    fn comprehension_body(&mut self, kind: CompKind) -> PResult<(Expr, Option<Expr>, Vec<CompFor>, Expr)> {
        let elt = if kind == CompKind::Dict { self.test()? } else { self.named()? };
        if matches!(elt.kind, ExprKind::Starred(_)) {
            return Err(self.here("iterable unpacking cannot be used in comprehension"));
        }
        let value = if kind == CompKind::Dict {
            self.expect_op(":")?;
            Some(self.test()?)
        } else {
            None
        };
        let mut clauses = Vec::new();
        let mut first_iter = None;
        while self.eat_kw("for") {
            let target = self.target_list()?;
            self.bind_target(&target);
            if !self.eat_kw("in") {
                return Err(self.here("expected 'in'"));
            }
            let iter = if first_iter.is_none() {
                // The first iterable belongs to the enclosing scope.
                let comp_scope = self.scopes.pop().ok_or_else(|| self.here("internal: scope underflow"))?;
                let it = self.or_test();
                self.scopes.push(comp_scope);
                first_iter = Some(it?);
                None
            } else {
                Some(self.or_test()?)
            };
            let mut ifs = Vec::new();
            while self.eat_kw("if") {
                ifs.push(self.or_test()?);
            }
            clauses.push(CompFor { target, iter, ifs });
        }
        let first_iter = first_iter.ok_or_else(|| self.invalid())?;
        Ok((elt, value, clauses, first_iter))
    }

    /// Assignment targets of `for` and comprehensions: `a`, `a, b`,
    /// `(a, *b)`.
    pub(super) fn target_list(&mut self) -> PResult<Expr> {
        let at = self.at();
        let first = self.target_item()?;
        if !self.is_op(",") {
            check_target(&first, "assign to").map_err(|m| self.here(m))?;
            return Ok(first);
        }
        let mut items = vec![first];
        while self.eat_op(",") {
            if self.is_kw("in") || self.is_op("=") {
                break;
            }
            items.push(self.target_item()?);
        }
        let t = node(ExprKind::Tuple(items), at);
        check_target(&t, "assign to").map_err(|m| self.here(m))?;
        Ok(t)
    }

    fn target_item(&mut self) -> PResult<Expr> {
        if self.is_op("*") {
            let at = self.at();
            self.pos += 1;
            let e = self.bitor()?;
            return Ok(node(ExprKind::Starred(Box::new(e)), at));
        }
        self.bitor()
    }

    fn lambda(&mut self) -> PResult<Expr> {
        let at = self.at();
        self.pos += 1;
        self.enter()?;
        let (params, defaults, kwdefaults) = self.params(":", false)?;
        self.expect_op(":")?;
        self.open_scope(ScopeKind::Function, Arc::from("<lambda>"));
        self.bind_params(&params)?;
        let body = self.test();
        let body = match body {
            Ok(b) => b,
            Err(e) => {
                let _ = self.close_scope(Params::default(), Vec::new(), at.0, None);
                return Err(e);
            }
        };
        let line = body.line;
        let stmt = crate::interp::ast::Stmt { kind: crate::interp::ast::StmtKind::Return(Some(body)), line };
        let code = self.close_scope(params, vec![stmt], at.0, None)?;
        self.leave();
        Ok(node(ExprKind::Lambda(Arc::new(FuncDef { code, defaults, kwdefaults })), at))
    }

    /// Parameters up to `end` (`)` for `def`, `:` for `lambda`), with the
    /// defaults (parsed in the enclosing scope).
    #[allow(clippy::type_complexity)]
    pub(super) fn params(
        &mut self,
        end: &str,
        annotations: bool,
    ) -> PResult<(Params, Vec<Expr>, Vec<(Arc<str>, Expr)>)> {
        let mut params = Params::default();
        let mut defaults = Vec::new();
        let mut kwdefaults = Vec::new();
        let mut star_seen = false;
        while !self.is_op(end) {
            if self.eat_op("/") {
                if star_seen || params.posonly > 0 || params.positional.is_empty() {
                    return Err(self.here("invalid syntax"));
                }
                params.posonly = params.positional.len();
            } else if self.eat_op("**") {
                params.varkw = Some(self.ident()?);
                self.annotation(annotations)?;
            } else if self.eat_op("*") {
                if star_seen {
                    return Err(self.here("* argument may appear only once"));
                }
                star_seen = true;
                if !self.is_op(",") && !self.is_op(end) {
                    params.varargs = Some(self.ident()?);
                    self.annotation(annotations)?;
                }
            } else {
                let name = self.ident()?;
                self.annotation(annotations)?;
                let default = if self.eat_op("=") { Some(self.test()?) } else { None };
                if star_seen {
                    if let Some(d) = default {
                        kwdefaults.push((name.clone(), d));
                    }
                    params.kwonly.push(name);
                } else {
                    match default {
                        Some(d) => defaults.push(d),
                        None if !defaults.is_empty() => {
                            return Err(self.here("non-default argument follows default argument"))
                        }
                        None => {}
                    }
                    params.positional.push(name);
                }
            }
            if params.varkw.is_some()
                && !self.is_op(end)
                && !(self.is_op(",") && matches!(self.peek_tok(1), Tok::Op(o) if *o == end))
            {
                return Err(self.here("arguments cannot follow var-keyword argument"));
            }
            if !self.eat_op(",") {
                break;
            }
        }
        if star_seen && params.varargs.is_none() && params.kwonly.is_empty() {
            return Err(self.here("named arguments must follow bare *"));
        }
        Ok((params, defaults, kwdefaults))
    }

    /// A parameter's annotation (`x: int`), parsed and dropped.
    fn annotation(&mut self, allowed: bool) -> PResult<()> {
        if allowed && self.eat_op(":") {
            self.test()?;
        }
        Ok(())
    }

    /// Adjacent string literals, concatenated; f-strings parsed.
    fn strings(&mut self) -> PResult<Expr> {
        let at = self.at();
        let mut parts: Vec<FPart> = Vec::new();
        let mut bytes: Option<Vec<u8>> = None;
        let mut any_text = false;
        let mut any_f = false;
        while let Tok::Str(lit) = self.tok().clone() {
            self.pos += 1;
            match lit {
                Lit::Bytes(b) => {
                    if any_text {
                        return Err(self.here("cannot mix bytes and nonbytes literals"));
                    }
                    bytes.get_or_insert_with(Vec::new).extend(b);
                }
                Lit::Text(t) => {
                    if bytes.is_some() {
                        return Err(self.here("cannot mix bytes and nonbytes literals"));
                    }
                    any_text = true;
                    push_text(&mut parts, t);
                }
                Lit::F(pieces) => {
                    if bytes.is_some() {
                        return Err(self.here("cannot mix bytes and nonbytes literals"));
                    }
                    any_text = true;
                    any_f = true;
                    for p in pieces {
                        match p {
                            FPiece::Text(t) => push_text(&mut parts, t),
                            FPiece::Field(f) => parts.push(self.fstring_field(f)?),
                        }
                    }
                }
            }
        }
        if let Some(b) = bytes {
            return Ok(node(ExprKind::Const(Py::bytes(b)), at));
        }
        if !any_f {
            let text = match parts.pop() {
                Some(FPart::Text(t)) => t,
                _ => String::new(),
            };
            return Ok(node(ExprKind::Const(Py::str(text)), at));
        }
        Ok(node(ExprKind::FString(parts), at))
    }

    fn fstring_field(&mut self, f: crate::interp::lexer::Field) -> PResult<FPart> {
        self.enter()?;
        let expr = self.sub_expr(&f.src, f.line, f.col)?;
        let mut spec = Vec::new();
        for p in f.spec {
            match p {
                FPiece::Text(t) => push_text(&mut spec, t),
                FPiece::Field(inner) => spec.push(self.fstring_field(inner)?),
            }
        }
        self.leave();
        Ok(FPart::Field { expr: Box::new(expr), debug: f.debug, conv: f.conv, spec })
    }
}

fn push_text(parts: &mut Vec<FPart>, t: String) {
    if let Some(FPart::Text(last)) = parts.last_mut() {
        last.push_str(&t);
    } else {
        parts.push(FPart::Text(t));
    }
}
