//! Expressions, by recursive descent in Python's precedence order. The
//! functions on the nesting path (`test` down to `atom` and back) keep
//! their frames small by moving every slow path into its own function:
//! the stack a nesting level costs is what bounds how deep input can go.

use rpyc_protocol::Value;

use super::ast::{node, Arg, Expr, FPart, Node, Trailer, BINARY_OPS};
use super::lexer::{err, FPiece, Lit, Tok};
use super::parser::{parse_expr_at, unsupported, unsupported_statement, PResult, Parser};

impl Parser {
    /// `a, *b, c` (a tuple when there is a comma) or one expression.
    pub fn testlist(&mut self) -> PResult<Node> {
        let first = self.test_or_star()?;
        if self.is_op(",") {
            return self.testlist_rest(first);
        }
        Ok(first)
    }

    #[inline(never)]
    fn testlist_rest(&mut self, first: Node) -> PResult<Node> {
        let (line, col) = (first.line, first.col);
        let mut items = vec![first];
        while self.eat_op(",") && !self.ends_list() {
            items.push(self.test_or_star()?);
        }
        Ok(node(Expr::Tuple(items), line, col))
    }

    /// Whether the next token closes an expression list.
    fn ends_list(&self) -> bool {
        match self.tok() {
            Tok::Newline | Tok::End | Tok::Op(")" | "]" | "}" | "=" | ";" | ":") => true,
            Tok::Op(op) => op.len() >= 2 && op.ends_with('=') && !matches!(*op, "==" | "!=" | "<=" | ">="),
            _ => false,
        }
    }

    pub fn test_or_star(&mut self) -> PResult<Node> {
        if self.is_op("*") {
            return self.starred();
        }
        self.test()
    }

    #[inline(never)]
    fn starred(&mut self) -> PResult<Node> {
        let (line, col) = self.at();
        self.advance();
        let inner = self.binary(0)?;
        Ok(node(Expr::Starred(Box::new(inner)), line, col))
    }

    pub fn test(&mut self) -> PResult<Node> {
        self.enter()?;
        let result = self.test_inner();
        self.leave(result)
    }

    fn test_inner(&mut self) -> PResult<Node> {
        if let Tok::Name(w) = self.tok() {
            if matches!(w.as_str(), "lambda" | "yield" | "await") {
                return Err(self.keyword_error());
            }
        }
        let body = self.or_test()?;
        if self.is_kw("if") {
            return self.if_expr(body);
        }
        if self.is_op(":=") {
            return Err(self.invalid());
        }
        Ok(body)
    }

    #[cold]
    #[inline(never)]
    fn keyword_error(&self) -> super::lexer::SyntaxErr {
        match self.tok() {
            Tok::Name(w) => match unsupported_statement(w) {
                Some(what) => self.here(unsupported(what)),
                None => self.invalid(),
            },
            _ => self.invalid(),
        }
    }

    #[inline(never)]
    fn if_expr(&mut self, body: Node) -> PResult<Node> {
        self.advance();
        let cond = self.or_test()?;
        if !self.eat_kw("else") {
            return Err(self.here("expected 'else' after 'if' expression"));
        }
        let orelse = self.test()?;
        let (line, col) = (body.line, body.col);
        Ok(node(Expr::IfExp(Box::new([body, cond, orelse])), line, col))
    }

    fn or_test(&mut self) -> PResult<Node> {
        let first = self.and_test()?;
        if self.is_kw("or") {
            return self.bool_rest(first, false);
        }
        Ok(first)
    }

    fn and_test(&mut self) -> PResult<Node> {
        let first = self.not_test()?;
        if self.is_kw("and") {
            return self.bool_rest(first, true);
        }
        Ok(first)
    }

    #[inline(never)]
    fn bool_rest(&mut self, first: Node, and: bool) -> PResult<Node> {
        let (line, col) = (first.line, first.col);
        let mut items = vec![first];
        while self.eat_kw(if and { "and" } else { "or" }) {
            items.push(if and { self.not_test()? } else { self.and_test()? });
        }
        Ok(node(Expr::BoolOp(and, items), line, col))
    }

    fn not_test(&mut self) -> PResult<Node> {
        if self.is_kw("not") {
            return self.not_expr();
        }
        let first = self.binary(0)?;
        if self.comp_op().is_some() {
            return self.comparison_rest(first);
        }
        Ok(first)
    }

    #[inline(never)]
    fn not_expr(&mut self) -> PResult<Node> {
        let (line, col) = self.at();
        self.advance();
        self.enter()?;
        let inner = self.not_test();
        let inner = self.leave(inner)?;
        Ok(node(Expr::Unary("not", Box::new(inner)), line, col))
    }

    /// The comparison operator at the cursor and how many tokens it takes.
    fn comp_op(&self) -> Option<(&'static str, usize)> {
        let next_is = |w: &str| matches!(self.peek_tok(1), Tok::Name(n) if n == w);
        Some(match self.tok() {
            Tok::Op(op @ ("==" | "!=" | "<" | "<=" | ">" | ">=")) => (*op, 1),
            Tok::Name(w) if w == "in" => ("in", 1),
            Tok::Name(w) if w == "not" && next_is("in") => ("not in", 2),
            Tok::Name(w) if w == "is" && next_is("not") => ("is not", 2),
            Tok::Name(w) if w == "is" => ("is", 1),
            _ => return None,
        })
    }

    #[inline(never)]
    fn comparison_rest(&mut self, first: Node) -> PResult<Node> {
        let (line, col) = (first.line, first.col);
        let mut rest = Vec::new();
        while let Some((op, len)) = self.comp_op() {
            for _ in 0..len {
                self.advance();
            }
            rest.push((op, self.binary(0)?));
        }
        Ok(node(Expr::Compare(Box::new(first), rest), line, col))
    }

    fn binop(&self) -> Option<(&'static str, usize)> {
        match self.tok() {
            Tok::Op(op) => BINARY_OPS.iter().find(|(o, _)| o == op).copied(),
            _ => None,
        }
    }

    /// Binary operators of precedence `min` and up, by precedence climbing.
    fn binary(&mut self, min: usize) -> PResult<Node> {
        let lhs = self.factor()?;
        if self.binop().is_some_and(|(_, p)| p >= min) {
            return self.binary_rest(lhs, min);
        }
        Ok(lhs)
    }

    /// A run of operators of one precedence becomes one flat node.
    #[inline(never)]
    fn binary_rest(&mut self, mut lhs: Node, min: usize) -> PResult<Node> {
        let (line, col) = (lhs.line, lhs.col);
        while let Some((_, prec)) = self.binop().filter(|(_, p)| *p >= min) {
            let mut rest = Vec::new();
            while let Some((op, _)) = self.binop().filter(|(_, p)| *p == prec) {
                self.advance();
                rest.push((op, self.binary(prec + 1)?));
            }
            lhs = node(Expr::Binary(Box::new(lhs), rest), line, col);
        }
        Ok(lhs)
    }

    fn factor(&mut self) -> PResult<Node> {
        if matches!(self.tok(), Tok::Op("-" | "+" | "~")) {
            return self.unary();
        }
        let base = self.primary()?;
        if self.is_op("**") {
            return self.power_rest(base);
        }
        Ok(base)
    }

    #[inline(never)]
    fn unary(&mut self) -> PResult<Node> {
        let (line, col) = self.at();
        let op = match self.tok() {
            Tok::Op("-") => "-",
            Tok::Op("+") => "+",
            _ => "~",
        };
        self.advance();
        self.enter()?;
        let inner = self.factor();
        let inner = self.leave(inner)?;
        Ok(node(Expr::Unary(op, Box::new(inner)), line, col))
    }

    #[inline(never)]
    fn power_rest(&mut self, base: Node) -> PResult<Node> {
        self.advance();
        self.enter()?;
        let exp = self.factor();
        let exp = self.leave(exp)?;
        let (line, col) = (base.line, base.col);
        Ok(node(Expr::Binary(Box::new(base), vec![("**", exp)]), line, col))
    }

    fn primary(&mut self) -> PResult<Node> {
        let atom = self.atom()?;
        if matches!(self.tok(), Tok::Op("." | "(" | "[")) {
            return self.trailers(atom);
        }
        Ok(atom)
    }

    #[inline(never)]
    fn trailers(&mut self, atom: Node) -> PResult<Node> {
        let (line, col) = (atom.line, atom.col);
        let mut trailers = Vec::new();
        loop {
            if self.eat_op(".") {
                trailers.push(Trailer::Attr(self.name()?));
            } else if self.eat_op("(") {
                trailers.push(Trailer::Call(self.call_args()?));
            } else if self.eat_op("[") {
                trailers.push(Trailer::Index(self.subscript()?));
                self.expect_op("]")?;
            } else {
                return Ok(node(Expr::Postfix(Box::new(atom), trailers), line, col));
            }
        }
    }

    fn call_args(&mut self) -> PResult<Vec<Arg>> {
        let mut args = Vec::new();
        let (mut seen_kw, mut seen_starstar) = (false, false);
        while !self.eat_op(")") {
            let (line, col) = self.at();
            let arg = if self.eat_op("*") {
                Arg::Star(self.test()?)
            } else if self.eat_op("**") {
                seen_starstar = true;
                Arg::StarStar(self.test()?)
            } else if matches!(self.tok(), Tok::Name(_)) && matches!(self.peek_tok(1), Tok::Op("=")) {
                let name = self.name()?;
                self.advance();
                if args.iter().any(|a| matches!(a, Arg::Kw(k, _) if *k == name)) {
                    return Err(err(format!("keyword argument repeated: {name}"), line, col));
                }
                seen_kw = true;
                Arg::Kw(name, self.test()?)
            } else {
                let value = self.test()?;
                self.no_comprehension("generator expressions are")?;
                if seen_starstar || seen_kw {
                    let what = if seen_starstar { "keyword argument unpacking" } else { "keyword argument" };
                    return Err(err(format!("positional argument follows {what}"), line, col));
                }
                Arg::Pos(value)
            };
            args.push(arg);
            if !self.eat_op(",") {
                self.expect_op(")")?;
                break;
            }
        }
        Ok(args)
    }

    /// The inside of `[...]`: an index, a slice, or a tuple of them.
    fn subscript(&mut self) -> PResult<Node> {
        let first = self.slice_item()?;
        if !self.is_op(",") {
            return Ok(first);
        }
        let (line, col) = (first.line, first.col);
        let mut items = vec![first];
        while self.eat_op(",") && !self.is_op("]") {
            items.push(self.slice_item()?);
        }
        Ok(node(Expr::Tuple(items), line, col))
    }

    fn slice_item(&mut self) -> PResult<Node> {
        let (line, col) = self.at();
        let lower = if self.is_op(":") { None } else { Some(self.test_or_star()?) };
        if !self.eat_op(":") {
            return lower.ok_or_else(|| self.invalid());
        }
        let upper = self.slice_bound()?;
        let step = if self.eat_op(":") { self.slice_bound()? } else { None };
        Ok(node(Expr::Slice(Box::new([lower, upper, step])), line, col))
    }

    fn slice_bound(&mut self) -> PResult<Option<Node>> {
        if matches!(self.tok(), Tok::Op(":" | "]" | ",")) {
            return Ok(None);
        }
        self.test().map(Some)
    }

    fn atom(&mut self) -> PResult<Node> {
        match self.tok() {
            Tok::Op("(") => self.paren(),
            Tok::Op("[") => self.list_display(),
            Tok::Op("{") => self.brace(),
            Tok::Str(_) => self.strings(),
            _ => self.simple_atom(),
        }
    }

    #[inline(never)]
    fn simple_atom(&mut self) -> PResult<Node> {
        let (line, col) = self.at();
        let value = match self.tok() {
            Tok::Num(v) => v.clone(),
            Tok::Op("...") => Value::Ellipsis,
            Tok::Name(w) if w == "None" => Value::None,
            Tok::Name(w) if w == "True" => Value::Bool(true),
            Tok::Name(w) if w == "False" => Value::Bool(false),
            Tok::Name(w) if matches!(w.as_str(), "lambda" | "yield" | "await") => return Err(self.keyword_error()),
            Tok::Name(_) => return Ok(node(Expr::Name(self.name()?), line, col)),
            _ => return Err(self.invalid()),
        };
        self.advance();
        Ok(node(Expr::Const(value), line, col))
    }

    #[inline(never)]
    fn paren(&mut self) -> PResult<Node> {
        let (line, col) = self.at();
        self.advance();
        if self.eat_op(")") {
            return Ok(node(Expr::Tuple(Vec::new()), line, col));
        }
        let first = self.test_or_star()?;
        self.no_comprehension("generator expressions are")?;
        if self.eat_op(")") {
            if matches!(first.expr, Expr::Starred(_)) {
                return Err(err("can't use starred expression here", first.line, first.col));
            }
            return Ok(first);
        }
        let mut items = vec![first];
        while self.eat_op(",") && !self.is_op(")") {
            items.push(self.test_or_star()?);
        }
        self.expect_op(")")?;
        Ok(node(Expr::Tuple(items), line, col))
    }

    #[inline(never)]
    fn list_display(&mut self) -> PResult<Node> {
        let (line, col) = self.at();
        self.advance();
        let items = self.display_items(None, "]", "list comprehensions are")?;
        Ok(node(Expr::List(items), line, col))
    }

    #[inline(never)]
    fn brace(&mut self) -> PResult<Node> {
        let (line, col) = self.at();
        self.advance();
        if self.eat_op("}") {
            return Ok(node(Expr::Dict(Vec::new()), line, col));
        }
        if self.eat_op("**") {
            let first = (None, self.binary(0)?);
            return Ok(node(Expr::Dict(self.dict_items(first)?), line, col));
        }
        let first = self.test_or_star()?;
        if !matches!(first.expr, Expr::Starred(_)) && self.eat_op(":") {
            let first = (Some(first), self.test()?);
            return Ok(node(Expr::Dict(self.dict_items(first)?), line, col));
        }
        let items = self.display_items(Some(first), "}", "set comprehensions are")?;
        Ok(node(Expr::Set(items), line, col))
    }

    fn no_comprehension(&self, what: &str) -> PResult<()> {
        if self.is_kw("for") || self.is_kw("async") {
            return Err(self.here(unsupported(what)));
        }
        Ok(())
    }

    /// The items of a list or set display, `first` already parsed.
    fn display_items(&mut self, first: Option<Node>, close: &str, comprehension: &str) -> PResult<Vec<Node>> {
        let mut items: Vec<Node> = first.into_iter().collect();
        if items.is_empty() && self.eat_op(close) {
            return Ok(items);
        }
        loop {
            if items.is_empty() {
                items.push(self.test_or_star()?);
            }
            if items.len() == 1 {
                self.no_comprehension(comprehension)?;
            }
            if !self.eat_op(",") || self.is_op(close) {
                self.expect_op(close)?;
                return Ok(items);
            }
            items.push(self.test_or_star()?);
        }
    }

    /// The pairs of a dict display, the first already parsed.
    fn dict_items(&mut self, first: (Option<Node>, Node)) -> PResult<Vec<(Option<Node>, Node)>> {
        let mut items = vec![first];
        self.no_comprehension("dict comprehensions are")?;
        while self.eat_op(",") && !self.is_op("}") {
            if self.eat_op("**") {
                items.push((None, self.binary(0)?));
            } else {
                let key = self.test()?;
                self.expect_op(":")?;
                items.push((Some(key), self.test()?));
            }
        }
        self.expect_op("}")?;
        Ok(items)
    }

    /// Adjacent string literals, concatenated; f-string fields parsed.
    #[inline(never)]
    fn strings(&mut self) -> PResult<Node> {
        let (line, col) = self.at();
        let mut parts: Vec<FPart> = Vec::new();
        let mut bytes: Option<Vec<u8>> = None;
        let mut any_text = false;
        while let Tok::Str(lit) = self.tok() {
            match lit.clone() {
                Lit::Bytes(b) if !any_text => bytes.get_or_insert_with(Vec::new).extend(b),
                Lit::Text(t) if bytes.is_none() => {
                    any_text = true;
                    push_text(&mut parts, t);
                }
                Lit::F(pieces) if bytes.is_none() => {
                    any_text = true;
                    for piece in pieces {
                        match piece {
                            FPiece::Text(t) => push_text(&mut parts, t),
                            FPiece::Field(f) => {
                                self.enter()?;
                                let expr = parse_expr_at(&f.src, (f.line, f.col), self.depth(), self.stack_base());
                                let expr = self.leave(expr)?;
                                parts.push(FPart::Field { expr, debug: f.debug, conv: f.conv, spec: f.spec });
                            }
                        }
                    }
                }
                _ => return Err(self.here("cannot mix bytes and nonbytes literals")),
            }
            self.advance();
        }
        let expr = match (bytes, parts.as_slice()) {
            (Some(b), _) => Expr::Const(Value::Bytes(b)),
            (None, []) => Expr::Const(Value::str("")),
            (None, [FPart::Text(t)]) => Expr::Const(Value::str(t.as_str())),
            (None, _) => Expr::FStr(parts),
        };
        Ok(node(expr, line, col))
    }
}

fn push_text(parts: &mut Vec<FPart>, t: String) {
    match parts.last_mut() {
        Some(FPart::Text(prev)) => prev.push_str(&t),
        _ => parts.push(FPart::Text(t)),
    }
}

#[cfg(test)]
mod tests {
    use super::super::parser::parse_eval;
    use super::super::MAX_DEPTH;
    use super::*;

    fn expr(src: &str) -> Expr {
        parse_eval(src).unwrap_or_else(|e| panic!("{src}: {e:?}")).expr
    }

    fn int(n: i64) -> Expr {
        Expr::Const(Value::Int(n))
    }

    fn ops(rest: &[(&'static str, Node)]) -> Vec<&'static str> {
        rest.iter().map(|(o, _)| *o).collect()
    }

    #[test]
    fn precedence() {
        let Expr::Binary(a, rest) = expr("1 + 2 * 3 ** -4 ** 5") else { panic!() };
        assert_eq!((a.expr, ops(&rest)), (int(1), vec!["+"]));
        let Expr::Binary(b, mul) = &rest[0].1.expr else { panic!() };
        assert_eq!((b.expr.clone(), ops(mul)), (int(2), vec!["*"]));
        let Expr::Binary(_, pow) = &mul[0].1.expr else { panic!() };
        assert!(matches!(&pow[0].1.expr, Expr::Unary("-", inner) if matches!(inner.expr, Expr::Binary(..))));
        let Expr::Binary(_, rest) = expr("1 - 2 + 3 - 4") else { panic!() };
        assert_eq!(ops(&rest), ["-", "+", "-"]);
        let Expr::Binary(first, rest) = expr("a * b + c * d - e") else { panic!() };
        assert_eq!(ops(&rest), ["+", "-"]);
        assert!(matches!(first.expr, Expr::Binary(_, ref r) if ops(r) == ["*"]));
        assert!(matches!(expr("not a == b"), Expr::Unary("not", _)));
        assert!(matches!(expr("a or b and c"), Expr::BoolOp(false, v) if matches!(v[1].expr, Expr::BoolOp(true, _))));
        assert!(matches!(expr("a if b else c if d else e"), Expr::IfExp(p) if matches!(p[2].expr, Expr::IfExp(_))));
        let Expr::Compare(_, rest) = expr("a < b <= c is not d not in e in f") else { panic!() };
        assert_eq!(ops(&rest), ["<", "<=", "is not", "not in", "in"]);
        assert!(matches!(expr("a | b ^ c & d << e"), Expr::Binary(_, r) if ops(&r) == ["|"]));
    }

    #[test]
    fn atoms_and_trailers() {
        assert_eq!(expr("(1)"), int(1));
        assert!(matches!(expr("1,"), Expr::Tuple(v) if v.len() == 1));
        assert!(matches!(expr("()"), Expr::Tuple(v) if v.is_empty()));
        assert!(matches!(expr("{}"), Expr::Dict(v) if v.is_empty()));
        assert!(matches!(expr("{1, 2,}"), Expr::Set(v) if v.len() == 2));
        assert!(matches!(expr("{*a}"), Expr::Set(v) if v.len() == 1));
        assert!(matches!(expr("{1: 2, **d}"), Expr::Dict(v) if v.len() == 2 && v[1].0.is_none()));
        assert!(matches!(expr("[*a, 1]"), Expr::List(v) if matches!(v[0].expr, Expr::Starred(_))));
        assert_eq!(expr("'a' 'b'"), Expr::Const(Value::str("ab")));
        assert_eq!(expr("b'a' b'b'"), Expr::Const(Value::Bytes(b"ab".to_vec())));
        assert!(matches!(expr("f'{x}' 'y'"), Expr::FStr(p) if p.len() == 2));
        assert_eq!(expr("f'plain'"), Expr::Const(Value::str("plain")));
        let Expr::Postfix(_, t) = expr("a.b(1, *c, k=2, **d)[1:2, ::3]") else { panic!() };
        assert!(matches!(&t[1], Trailer::Call(args) if args.len() == 4));
        assert!(
            matches!(&t[2], Trailer::Index(n) if matches!(&n.expr, Expr::Tuple(v) if matches!(v[1].expr, Expr::Slice(_))))
        );
        assert_eq!(parse_eval("x +\\\n  y.z").map(|n| (n.line, n.col)).ok(), Some((1, 1)));
        let e = |src: &str| parse_eval(src).expect_err(src).msg;
        assert_eq!(e("f(a=1, b)"), "positional argument follows keyword argument");
        assert_eq!(e("f(**a, b)"), "positional argument follows keyword argument unpacking");
        assert_eq!(e("f(a=1, a=2)"), "keyword argument repeated: a");
        assert_eq!(e("'a' b'b'"), "cannot mix bytes and nonbytes literals");
        assert_eq!(e("(*a)"), "can't use starred expression here");
        assert_eq!(e("a if b"), "expected 'else' after 'if' expression");
        let f = parse_eval("x = f'{1 +}'".trim_start_matches("x = ")).expect_err("");
        assert_eq!((f.line, f.col), (1, 7));
    }

    #[test]
    fn nesting_is_bounded() {
        for src in [
            "(".repeat(10_000) + &")".repeat(10_000),
            "-".repeat(100_000) + "1",
            "not ".repeat(50_000) + "x",
            "[".repeat(5000) + &"]".repeat(5000),
            "{".repeat(5000) + &"}".repeat(5000),
            "f(".repeat(5000) + &")".repeat(5000),
            "a[".repeat(5000) + &"]".repeat(5000),
            "2**".repeat(10_000) + "2",
            "x if y else ".repeat(5000) + "z",
            "f'{".repeat(200) + &"}'".repeat(200),
        ] {
            let e = parse_eval(&src).expect_err("deep");
            assert!(e.kind == "RecursionError" || src.starts_with("f'"), "{}: {e:?}", &src[..10]);
        }
        let ok = "(".repeat(MAX_DEPTH - 1) + "1" + &")".repeat(MAX_DEPTH - 1);
        assert_eq!(parse_eval(&ok).map(|n| n.expr), Ok(int(1)));
        assert!(parse_eval(&("[".repeat(MAX_DEPTH - 1) + &"]".repeat(MAX_DEPTH - 1))).is_ok());
        // Long flat chains are fine.
        assert!(parse_eval(&vec!["1"; 50_000].join("+")).is_ok());
        assert!(parse_eval(&("a".to_owned() + &".b".repeat(50_000))).is_ok());
        assert!(parse_eval(&vec!["a"; 50_000].join(" < ")).is_ok());
    }
}
