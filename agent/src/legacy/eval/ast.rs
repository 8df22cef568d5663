//! The syntax tree. Left-associative chains are flat (`a + b - c` is one
//! node, `a.b.c()` one node with trailers), so a tree's depth is bounded by
//! the nesting the parser allows, whatever the length of the source.

use rpyc_protocol::Value;

use super::lexer::{err, SyntaxErr};

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub expr: Expr,
    pub line: usize,
    pub col: usize,
}

pub fn node(expr: Expr, line: usize, col: usize) -> Node {
    Node { expr, line, col }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Const(Value),
    FStr(Vec<FPart>),
    Name(String),
    /// An atom followed by `.name`, `(args)` and `[index]`.
    Postfix(Box<Node>, Vec<Trailer>),
    /// `-`, `+`, `~` or `not`.
    Unary(&'static str, Box<Node>),
    /// `a op b op c`, evaluated left to right (`**` nests to the right).
    Binary(Box<Node>, Vec<(&'static str, Node)>),
    Compare(Box<Node>, Vec<(&'static str, Node)>),
    /// `and` (true) or `or` (false) of two or more operands.
    BoolOp(bool, Vec<Node>),
    /// `body if cond else orelse`.
    IfExp(Box<[Node; 3]>),
    Tuple(Vec<Node>),
    List(Vec<Node>),
    Set(Vec<Node>),
    /// Pairs; a `None` key is `**mapping`.
    Dict(Vec<(Option<Node>, Node)>),
    Starred(Box<Node>),
    Slice(Box<[Option<Node>; 3]>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Trailer {
    Attr(String),
    Call(Vec<Arg>),
    Index(Node),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Pos(Node),
    Star(Node),
    Kw(String, Node),
    StarStar(Node),
}

#[derive(Debug, Clone, PartialEq)]
pub enum FPart {
    Text(String),
    Field { expr: Node, debug: Option<String>, conv: Option<char>, spec: String },
}

#[derive(Debug, Clone, PartialEq)]
pub enum Stmt {
    Expr(Node),
    /// `t1 = t2 = value`.
    Assign(Vec<Node>, Node),
    AugAssign(Node, &'static str, Node),
    /// `import a.b as c, d`.
    Import(Vec<(String, Option<String>)>),
    /// `from ..module import a as b`; `names` is None for `*`.
    ImportFrom {
        level: usize,
        module: String,
        names: Option<Vec<(String, Option<String>)>>,
    },
    Del(Vec<Node>),
    Pass,
    Assert(Node, Option<Node>),
}

/// Binary operators and their precedence (higher binds tighter).
pub const BINARY_OPS: &[(&str, usize)] = &[
    ("|", 1),
    ("^", 2),
    ("&", 3),
    ("<<", 4),
    (">>", 4),
    ("+", 5),
    ("-", 5),
    ("*", 6),
    ("/", 6),
    ("//", 6),
    ("%", 6),
    ("@", 6),
    ("**", 99),
];

/// What Python calls an expression in "cannot assign to ..." messages.
pub fn describe(n: &Node) -> &'static str {
    match &n.expr {
        Expr::Const(Value::None | Value::Bool(_) | Value::Ellipsis) => "constant",
        Expr::Const(_) | Expr::FStr(_) => "literal",
        Expr::Name(_) => "name",
        Expr::Postfix(_, t) if matches!(t.last(), Some(Trailer::Call(_))) => "function call",
        Expr::Postfix(..) => "attribute",
        Expr::Unary(..) | Expr::Binary(..) | Expr::BoolOp(..) => "expression",
        Expr::Compare(..) => "comparison",
        Expr::IfExp(_) => "conditional expression",
        Expr::Tuple(_) => "tuple",
        Expr::List(_) => "list",
        Expr::Set(_) => "set display",
        Expr::Dict(_) => "dict literal",
        Expr::Starred(_) => "starred",
        Expr::Slice(_) => "slice",
    }
}

/// Checks an assignment or `del` target (`verb` is "assign to" or "delete").
pub fn check_target(t: &Node, verb: &str) -> Result<(), SyntaxErr> {
    match &t.expr {
        Expr::Name(_) => Ok(()),
        Expr::Postfix(_, trailers) if !matches!(trailers.last(), Some(Trailer::Call(_))) => Ok(()),
        Expr::Tuple(items) | Expr::List(items) => {
            let stars = items.iter().filter(|i| matches!(i.expr, Expr::Starred(_))).count();
            if stars > 1 && verb == "assign to" {
                return Err(err("multiple starred expressions in assignment", t.line, t.col));
            }
            for item in items {
                match &item.expr {
                    Expr::Starred(inner) if verb == "assign to" => check_target(inner, verb)?,
                    _ => check_target(item, verb)?,
                }
            }
            Ok(())
        }
        Expr::Starred(_) if verb == "assign to" => {
            Err(err("starred assignment target must be in a list or tuple", t.line, t.col))
        }
        _ => Err(err(format!("cannot {verb} {}", describe(t)), t.line, t.col)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(expr: Expr) -> Node {
        node(expr, 1, 1)
    }

    #[test]
    fn targets() {
        let name = || n(Expr::Name("x".into()));
        let call = n(Expr::Postfix(Box::new(name()), vec![Trailer::Call(vec![])]));
        let attr = n(Expr::Postfix(Box::new(name()), vec![Trailer::Attr("a".into())]));
        assert!(check_target(&attr, "assign to").is_ok());
        assert_eq!(check_target(&call, "delete").map_err(|e| e.msg), Err("cannot delete function call".into()));
        let star = n(Expr::Starred(Box::new(name())));
        assert!(check_target(&n(Expr::Tuple(vec![name(), star.clone()])), "assign to").is_ok());
        assert!(check_target(&n(Expr::Tuple(vec![name(), star.clone()])), "delete").is_err());
        assert!(check_target(&n(Expr::Tuple(vec![star.clone(), star])), "assign to").is_err());
        assert_eq!(describe(&n(Expr::Const(Value::None))), "constant");
    }
}
