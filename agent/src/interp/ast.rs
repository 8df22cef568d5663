//! The syntax tree, and the code objects of scopes (module, function,
//! lambda, comprehension) with the names each scope uses.
//!
//! Left-associative chains of operators are flat (`a + b - c` is one node),
//! so a tree's depth is bounded by the nesting the parser allows, whatever
//! the length of the source.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use crate::runtime::object::{BinOp, CmpOp, UnaryOp};
use crate::runtime::value::Py;

#[derive(Debug)]
pub struct Expr {
    pub kind: ExprKind,
    pub line: u32,
    pub col: u32,
}

/// A name in a scope: its text, and its index in the scope's name table
/// (resolved to a local slot, a cell or a global once the module is
/// parsed).
#[derive(Debug, Clone)]
pub struct NameRef {
    pub name: Arc<str>,
    pub slot: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpKind {
    Rich(CmpOp),
    In,
    NotIn,
    Is,
    IsNot,
}

impl CmpKind {
    pub fn symbol(self) -> &'static str {
        match self {
            CmpKind::Rich(op) => op.symbol(),
            CmpKind::In => "in",
            CmpKind::NotIn => "not in",
            CmpKind::Is => "is",
            CmpKind::IsNot => "is not",
        }
    }
}

#[derive(Debug)]
pub enum ExprKind {
    Const(Py),
    FString(Vec<FPart>),
    Name(NameRef),
    Attr(Box<Expr>, Arc<str>),
    Subscript(Box<Expr>, Box<Expr>),
    Slice(Option<Box<Expr>>, Option<Box<Expr>>, Option<Box<Expr>>),
    Call(Box<Expr>, Vec<Arg>),
    /// `a op b op c`, left to right.
    Binary(Box<Expr>, Vec<(BinOp, Expr)>),
    Unary(UnaryOp, Box<Expr>),
    Not(Box<Expr>),
    /// `and` (true) or `or` (false) of two or more operands.
    BoolOp(bool, Vec<Expr>),
    Compare(Box<Expr>, Vec<(CmpKind, Expr)>),
    /// `body if cond else orelse`.
    IfExp(Box<[Expr; 3]>),
    Lambda(Arc<FuncDef>),
    Tuple(Vec<Expr>),
    List(Vec<Expr>),
    Set(Vec<Expr>),
    /// Pairs; a `None` key is `**mapping`.
    Dict(Vec<(Option<Expr>, Expr)>),
    Starred(Box<Expr>),
    /// A comprehension or generator expression: its first iterable is
    /// evaluated here, the rest in its own scope.
    Comp(Box<Expr>, Arc<Comprehension>),
    /// `name := value`.
    Walrus(NameRef, Box<Expr>),
}

#[derive(Debug)]
pub enum FPart {
    Text(String),
    Field { expr: Box<Expr>, debug: Option<String>, conv: Option<char>, spec: Vec<FPart> },
}

#[derive(Debug)]
pub enum Arg {
    Pos(Expr),
    Star(Expr),
    Kw(Arc<str>, Expr),
    StarStar(Expr),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompKind {
    List,
    Set,
    Dict,
    Generator,
}

/// `[elt for t in it if c for ...]`.
#[derive(Debug)]
pub struct Comprehension {
    pub kind: CompKind,
    /// The element (the key for dict comprehensions).
    pub elt: Expr,
    /// The value of dict comprehensions.
    pub value: Option<Expr>,
    pub clauses: Vec<CompFor>,
    pub code: Arc<Code>,
}

#[derive(Debug)]
pub struct CompFor {
    pub target: Expr,
    /// `None` for the first clause (its iterable is evaluated outside).
    pub iter: Option<Expr>,
    pub ifs: Vec<Expr>,
}

#[derive(Debug)]
pub struct Stmt {
    pub kind: StmtKind,
    pub line: u32,
}

#[derive(Debug)]
pub enum StmtKind {
    Expr(Expr),
    /// `t1 = t2 = value`.
    Assign(Vec<Expr>, Expr),
    AugAssign(Expr, BinOp, Expr),
    /// `target: annotation = value` (the annotation is not evaluated).
    AnnAssign(Expr, Option<Expr>),
    If(Expr, Vec<Stmt>, Vec<Stmt>),
    While(Expr, Vec<Stmt>, Vec<Stmt>),
    For(Expr, Expr, Vec<Stmt>, Vec<Stmt>),
    Break,
    Continue,
    Pass,
    Return(Option<Expr>),
    /// `raise`, `raise exc`, `raise exc from cause`.
    Raise(Option<Expr>, Option<Expr>),
    Try(Box<TryStmt>),
    With(Vec<(Expr, Option<Expr>)>, Vec<Stmt>),
    Def(NameRef, Arc<FuncDef>, Vec<Expr>),
    Global,
    Del(Vec<Expr>),
    Assert(Expr, Option<Expr>),
    /// `import a.b as c`: the dotted name, and the name it binds.
    Import(Vec<(String, Option<String>, NameRef)>),
    /// `from ..module import a as b`; `names` is `None` for `*`.
    ImportFrom {
        level: usize,
        module: String,
        names: Option<Vec<(String, NameRef)>>,
    },
}

#[derive(Debug)]
pub struct TryStmt {
    pub body: Vec<Stmt>,
    pub handlers: Vec<Handler>,
    pub orelse: Vec<Stmt>,
    pub finally: Vec<Stmt>,
}

#[derive(Debug)]
pub struct Handler {
    /// `None` for a bare `except:`.
    pub class: Option<Expr>,
    pub name: Option<NameRef>,
    pub body: Vec<Stmt>,
    pub line: u32,
}

/// A `def` or `lambda`: its code and the defaults evaluated where it is
/// defined.
#[derive(Debug)]
pub struct FuncDef {
    pub code: Arc<Code>,
    pub defaults: Vec<Expr>,
    pub kwdefaults: Vec<(Arc<str>, Expr)>,
}

/// Parameters of a function.
#[derive(Debug, Default)]
pub struct Params {
    /// Positional-only, then positional-or-keyword parameters.
    pub positional: Vec<Arc<str>>,
    pub posonly: usize,
    pub varargs: Option<Arc<str>>,
    pub kwonly: Vec<Arc<str>>,
    pub varkw: Option<Arc<str>>,
}

impl Params {
    /// Every parameter name, in frame order.
    pub fn names(&self) -> impl Iterator<Item = &Arc<str>> {
        self.positional.iter().chain(self.varargs.iter()).chain(self.kwonly.iter()).chain(self.varkw.iter())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeKind {
    Module,
    Function,
    Comprehension,
}

/// How a scope uses one name (gathered while parsing).
#[derive(Debug, Clone, Default)]
pub struct NameUse {
    pub name: Arc<str>,
    pub bound: bool,
    pub used: bool,
    pub global: bool,
    pub nonlocal: bool,
    pub param: bool,
}

/// Where a name of a scope lives at run time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// A fast local of the frame.
    Local(u32),
    /// A cell of the frame (its own, shared with inner scopes, or one it
    /// received from an enclosing scope).
    Cell(u32),
    /// The module's namespace, then builtins.
    Global,
}

/// The outcome of name resolution for a scope.
#[derive(Debug, Default)]
pub struct Resolved {
    /// One per entry of [`Code::names`].
    pub slots: Vec<Slot>,
    pub nlocals: usize,
    /// Cells the frame makes (names of this scope used by inner scopes).
    pub own_cells: usize,
    /// Names received from the enclosing scope, in cell order after the
    /// own cells.
    pub freevars: Vec<Arc<str>>,
    /// Cell index by name (own cells and free variables), to build the
    /// closures of inner scopes.
    pub cell_index: HashMap<Arc<str>, u32>,
    /// For each parameter (in [`Params::names`] order), its slot.
    pub param_slots: Vec<Slot>,
}

/// The code of a scope.
#[derive(Debug)]
pub struct Code {
    pub kind: ScopeKind,
    pub name: Arc<str>,
    pub qualname: Arc<str>,
    pub params: Params,
    pub body: Vec<Stmt>,
    pub names: Vec<NameUse>,
    pub children: Vec<Arc<Code>>,
    pub firstline: u32,
    /// The whole source, for the lines of tracebacks.
    pub source: Arc<str>,
    pub doc: Option<String>,
    pub resolved: OnceLock<Resolved>,
}

impl Code {
    /// The source text of a line (1-based).
    pub fn line_text(&self, line: u32) -> Option<Arc<str>> {
        self.source.lines().nth(line.saturating_sub(1) as usize).map(|l| Arc::from(l.trim()))
    }
}

/// What Python calls an expression in "cannot assign to ..." messages.
pub fn describe(e: &Expr) -> &'static str {
    match &e.kind {
        ExprKind::Const(Py::None | Py::Bool(_)) => "constant",
        ExprKind::Const(v) if v.downcast::<crate::objects::singletons::Singleton>().is_some() => "ellipsis",
        ExprKind::Const(_) | ExprKind::FString(_) => "literal",
        ExprKind::Name(_) => "name",
        ExprKind::Call(..) => "function call",
        ExprKind::Attr(..) => "attribute",
        ExprKind::Subscript(..) => "subscript",
        ExprKind::Slice(..) => "slice",
        ExprKind::Binary(..) | ExprKind::Unary(..) | ExprKind::Not(..) | ExprKind::BoolOp(..) => "expression",
        ExprKind::Compare(..) => "comparison",
        ExprKind::IfExp(_) => "conditional expression",
        ExprKind::Lambda(_) => "lambda",
        ExprKind::Tuple(_) => "tuple",
        ExprKind::List(_) => "list",
        ExprKind::Set(_) => "set display",
        ExprKind::Dict(_) => "dict literal",
        ExprKind::Starred(_) => "starred",
        ExprKind::Comp(_, c) => match c.kind {
            CompKind::List => "list comprehension",
            CompKind::Set => "set comprehension",
            CompKind::Dict => "dict comprehension",
            CompKind::Generator => "generator expression",
        },
        ExprKind::Walrus(..) => "named expression",
    }
}
