//! Expressions.

use std::sync::Arc;

use super::{is_frame_builtin, Frame, Machine};
use crate::interp::ast::{Arg, CmpKind, CompKind, Expr, ExprKind, FPart};
use crate::objects::dict::Dict;
use crate::objects::hashtable::SetTable;
use crate::objects::list::List;
use crate::objects::set::{self, Set};
use crate::objects::set_algebra;
use crate::objects::{attr, dict};
use crate::runtime::args::Args;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::semantics;
use crate::runtime::slice::Slice;
use crate::runtime::value::Py;

impl Machine<'_> {
    pub(super) fn eval(&self, f: &mut Frame, e: &Expr) -> PyResult<Py> {
        match &e.kind {
            ExprKind::Const(v) => Ok(v.clone()),
            ExprKind::Name(n) => self.load(f, n),
            ExprKind::Attr(obj, name) => {
                let o = self.eval(f, obj)?;
                attr::getattr(self.cx, &o, name)
            }
            ExprKind::Subscript(obj, index) => {
                let o = self.eval(f, obj)?;
                let i = self.eval(f, index)?;
                semantics::getitem(self.cx, &o, &i)
            }
            ExprKind::Slice(lo, hi, step) => {
                let mut part = |p: &Option<Box<Expr>>| -> PyResult<Py> {
                    match p {
                        Some(x) => self.eval(f, x),
                        None => Ok(Py::None),
                    }
                };
                let (a, b, c) = (part(lo)?, part(hi)?, part(step)?);
                Ok(Slice::new(a, b, c))
            }
            ExprKind::Call(func, args) => {
                self.cx.check_stack("")?;
                self.call(f, func, args)
            }
            ExprKind::Binary(first, rest) => {
                let mut acc = self.eval(f, first)?;
                for (op, x) in rest {
                    let rhs = self.eval(f, x)?;
                    acc = semantics::binary(self.cx, *op, &acc, &rhs)?;
                }
                Ok(acc)
            }
            ExprKind::Unary(op, x) => {
                let v = self.eval(f, x)?;
                semantics::unary(self.cx, *op, &v)
            }
            ExprKind::Not(x) => {
                let v = self.eval(f, x)?;
                Ok(Py::Bool(!semantics::truthy(self.cx, &v)?))
            }
            ExprKind::BoolOp(and, items) => {
                let mut last = Py::None;
                for x in items {
                    last = self.eval(f, x)?;
                    if semantics::truthy(self.cx, &last)? != *and {
                        break;
                    }
                }
                Ok(last)
            }
            ExprKind::Compare(first, rest) => {
                let mut left = self.eval(f, first)?;
                for (op, x) in rest {
                    let right = self.eval(f, x)?;
                    if !self.compare(*op, &left, &right)? {
                        return Ok(Py::Bool(false));
                    }
                    left = right;
                }
                Ok(Py::Bool(true))
            }
            ExprKind::IfExp(parts) => {
                let [body, cond, orelse] = &**parts;
                let c = self.eval(f, cond)?;
                self.eval(f, if semantics::truthy(self.cx, &c)? { body } else { orelse })
            }
            ExprKind::Lambda(def) => self.make_function(f, def),
            ExprKind::Tuple(items) => Ok(Py::tuple(self.items(f, items)?)),
            ExprKind::List(items) => Ok(List::new(self.items(f, items)?)),
            ExprKind::Set(items) => self.set_display(f, items),
            ExprKind::Dict(pairs) => {
                let d = Dict::empty();
                for (k, v) in pairs {
                    match k {
                        Some(k) => {
                            let key = self.eval(f, k)?;
                            let value = self.eval(f, v)?;
                            d.set_item(self.cx, key, value)?;
                        }
                        None => {
                            let m = self.eval(f, v)?;
                            for (k, v) in dict::mapping_pairs(self.cx, &m).map_err(|e| {
                                if e.is("TypeError") {
                                    exceptions::type_error(format!(
                                        "'{}' object is not a mapping",
                                        semantics::type_name(&m)
                                    ))
                                } else {
                                    e
                                }
                            })? {
                                d.set_item(self.cx, k, v)?;
                            }
                        }
                    }
                }
                Ok(Py::Obj(Arc::new(d)))
            }
            ExprKind::Starred(_) => Err(exceptions::new("SyntaxError", "can't use starred expression here")),
            ExprKind::Comp(first, comp) => {
                let iterable = self.eval(f, first)?;
                let it = semantics::iter(self.cx, &iterable)?;
                let gen = super::comprehension::CompIter::new(self, f, comp.clone(), it)?;
                match comp.kind {
                    CompKind::Generator => Ok(Py::obj(gen)),
                    CompKind::List => Ok(List::new(gen.collect(self.cx)?)),
                    CompKind::Set => {
                        let items = gen.collect(self.cx)?;
                        Set::from_items(self.cx, items, false)
                    }
                    CompKind::Dict => {
                        let d = Dict::empty();
                        for pair in gen.collect(self.cx)? {
                            if let Py::Tuple(kv) = pair {
                                if let [k, v] = &kv[..] {
                                    d.set_item(self.cx, k.clone(), v.clone())?;
                                }
                            }
                        }
                        Ok(Py::Obj(Arc::new(d)))
                    }
                }
            }
            ExprKind::Walrus(target, value) => {
                let v = self.eval(f, value)?;
                self.store(f, target, v.clone())?;
                Ok(v)
            }
            ExprKind::FString(parts) => Ok(Py::str(self.fstring(f, parts)?)),
        }
    }

    /// `{a, b, *c}` as CPython builds it, so the set iterates in CPython's
    /// order: more than two constants are a frozenset made at compile time
    /// (and made again from its own order when the code's constants are
    /// merged), copied into the new set; otherwise members are added in
    /// turn and `*iterable` merged in.
    fn set_display(&self, f: &mut Frame, items: &[Expr]) -> PyResult<Py> {
        let mut t = SetTable::default();
        if items.len() > 2 && items.iter().all(is_constant) {
            let mut first = SetTable::default();
            for v in self.items(f, items)? {
                set_algebra::add(self.cx, &mut first, v)?;
            }
            let mut again = SetTable::default();
            for (_, k) in first.iter() {
                set_algebra::add(self.cx, &mut again, k.clone())?;
            }
            t.merge(&again, &mut |a, b| semantics::eq(self.cx, a, b))?;
            return Ok(set::from_table(t, false));
        }
        for n in items {
            match &n.kind {
                ExprKind::Starred(inner) => {
                    let v = self.eval(f, inner)?;
                    set_algebra::update(self.cx, &mut t, &v)?;
                }
                _ => {
                    let v = self.eval(f, n)?;
                    set_algebra::add(self.cx, &mut t, v)?;
                }
            }
        }
        Ok(set::from_table(t, false))
    }

    /// The items of a display, `*iterable` expanded.
    pub(super) fn items(&self, f: &mut Frame, nodes: &[Expr]) -> PyResult<Vec<Py>> {
        let mut out = Vec::with_capacity(nodes.len());
        for n in nodes {
            match &n.kind {
                ExprKind::Starred(inner) => {
                    let v = self.eval(f, inner)?;
                    out.extend(semantics::iterate(self.cx, &v)?);
                }
                _ => out.push(self.eval(f, n)?),
            }
        }
        Ok(out)
    }

    fn compare(&self, op: CmpKind, a: &Py, b: &Py) -> PyResult<bool> {
        match op {
            CmpKind::Rich(op) => semantics::richcmp(self.cx, a, b, op),
            CmpKind::In => semantics::contains(self.cx, b, a),
            CmpKind::NotIn => Ok(!semantics::contains(self.cx, b, a)?),
            CmpKind::Is => Ok(a.is(b)),
            CmpKind::IsNot => Ok(!a.is(b)),
        }
    }

    pub(super) fn args(&self, f: &mut Frame, args: &[Arg]) -> PyResult<Args> {
        let mut out = Args::default();
        for a in args {
            match a {
                Arg::Pos(e) => out.pos.push(self.eval(f, e)?),
                Arg::Star(e) => {
                    let v = self.eval(f, e)?;
                    out.pos.extend(semantics::iterate(self.cx, &v).map_err(|err| {
                        if err.is("TypeError") {
                            exceptions::type_error(format!(
                                "argument after * must be an iterable, not {}",
                                semantics::type_name(&v)
                            ))
                        } else {
                            err
                        }
                    })?);
                }
                Arg::Kw(k, e) => {
                    let v = self.eval(f, e)?;
                    out.kw.push((k.clone(), v));
                }
                Arg::StarStar(e) => {
                    let m = self.eval(f, e)?;
                    let pairs = dict::mapping_pairs(self.cx, &m).map_err(|err| {
                        if err.is("TypeError") {
                            exceptions::type_error(format!(
                                "argument after ** must be a mapping, not {}",
                                semantics::type_name(&m)
                            ))
                        } else {
                            err
                        }
                    })?;
                    for (k, v) in pairs {
                        let Py::Str(k) = k else {
                            return Err(exceptions::type_error("keywords must be strings"));
                        };
                        if out.kw.iter().any(|(x, _)| *x == k) {
                            return Err(exceptions::type_error(format!(
                                "got multiple values for keyword argument '{k}'"
                            )));
                        }
                        out.kw.push((k, v));
                    }
                }
            }
        }
        Ok(out)
    }

    fn call(&self, f: &mut Frame, func: &Expr, args: &[Arg]) -> PyResult<Py> {
        // `obj.method(...)`: called by name, without a bound method object.
        if let ExprKind::Attr(obj, name) = &func.kind {
            let o = self.eval(f, obj)?;
            let args = self.args(f, args)?;
            return attr::call_method(self.cx, &o, name, args);
        }
        let callee = self.eval(f, func)?;
        let args = self.args(f, args).map_err(|e| name_callee(self.cx, &callee, e))?;
        if let Some(name) = is_frame_builtin(&callee) {
            return self.frame_builtin(f, name, args);
        }
        semantics::call(self.cx, &callee, args)
    }

    fn fstring(&self, f: &mut Frame, parts: &[FPart]) -> PyResult<String> {
        let mut out = String::new();
        for part in parts {
            match part {
                FPart::Text(t) => out.push_str(t),
                FPart::Field { expr, debug, conv, spec } => {
                    let v = self.eval(f, expr)?;
                    if let Some(d) = debug {
                        out.push_str(d);
                    }
                    let spec = self.fstring(f, spec)?;
                    let conv = conv.or(if debug.is_some() && spec.is_empty() { Some('r') } else { None });
                    let v = match conv {
                        Some('r') => Py::str(semantics::repr(self.cx, &v)?),
                        Some('a') => Py::str(semantics::ascii(self.cx, &v)?),
                        Some(_) => Py::str(semantics::str(self.cx, &v)?),
                        None => v,
                    };
                    out.push_str(&semantics::format(self.cx, &v, &spec)?);
                    if out.len() > semantics::MAX_BYTES {
                        return Err(exceptions::memory_error("f-string"));
                    }
                }
            }
        }
        Ok(out)
    }

    /// `globals()`, `locals()`, `vars()`, `dir()`, `eval()`, `exec()`:
    /// builtins that read the calling frame.
    fn frame_builtin(&self, f: &mut Frame, name: &str, args: Args) -> PyResult<Py> {
        let locals_dict = |m: &Self, f: &Frame| -> PyResult<Py> {
            if f.code.kind == crate::interp::ast::ScopeKind::Module {
                return Ok(Py::Obj(f.globals.clone()));
            }
            let d = Dict::empty();
            let r = super::resolved(&f.code)?;
            for (n, slot) in f.code.names.iter().zip(&r.slots) {
                let v = match slot {
                    crate::interp::ast::Slot::Local(i) => f.locals[*i as usize].clone(),
                    crate::interp::ast::Slot::Cell(i) => super::cell_get(&f.cells[*i as usize]),
                    crate::interp::ast::Slot::Global => None,
                };
                if let Some(v) = v {
                    d.set_item(m.cx, Py::Str(n.name.clone()), v)?;
                }
            }
            Ok(Py::Obj(Arc::new(d)))
        };
        match name {
            "globals" => {
                args.none("globals")?;
                Ok(Py::Obj(f.globals.clone()))
            }
            "locals" => {
                args.none("locals")?;
                locals_dict(self, f)
            }
            "vars" | "dir" if !args.is_empty() => {
                let func = attr::getattr(self.cx, &Py::Obj(self.builtins().clone()), name)?;
                let Some(func) = func.downcast::<crate::runtime::callables::Function>() else {
                    return Err(exceptions::runtime_error("internal: builtins function expected"));
                };
                (func.func)(self.cx, args)
            }
            "vars" => locals_dict(self, f),
            "dir" => {
                let d = locals_dict(self, f)?;
                let mut names = semantics::iterate(self.cx, &d)?;
                semantics::sort_values(self.cx, &mut names, None, false)?;
                Ok(List::new(names))
            }
            _ => self.eval_exec(f, name, args),
        }
    }

    /// `eval(source[, globals])` and `exec(source[, globals])`.
    fn eval_exec(&self, f: &mut Frame, name: &str, args: Args) -> PyResult<Py> {
        let [source, globals, _locals] = args.bind(name, ["source", "globals?", "locals?"])?;
        let source = source.unwrap_or(Py::None);
        let Py::Str(src) = &source else {
            return Err(exceptions::type_error(format!("{name}() arg 1 must be a string")));
        };
        let globals = match globals {
            None | Some(Py::None) => f.globals.clone(),
            Some(g) => match g.clone() {
                Py::Obj(o) => o.into_any_arc().downcast::<Dict>().map_err(|_| {
                    exceptions::type_error(format!("{name}() globals must be a dict, not {}", semantics::type_name(&g)))
                })?,
                _ => {
                    return Err(exceptions::type_error(format!(
                        "{name}() globals must be a dict, not {}",
                        semantics::type_name(&g)
                    )))
                }
            },
        };
        if globals.get_str("__builtins__").is_none() {
            globals.set_str("__builtins__", Py::Obj(self.builtins().clone()));
        }
        if name == "eval" {
            let code = crate::interp::parser::parse_eval(src.trim_start_matches([' ', '\t']))
                .map_err(|e| crate::interp::syntax_error(self.cx, e, src))?;
            super::run_module(self.cx, &code, globals)
        } else {
            let code =
                crate::interp::parser::parse_module(src).map_err(|e| crate::interp::syntax_error(self.cx, e, src))?;
            super::run_module(self.cx, &code, globals).map(|_| Py::None)
        }
    }
}

/// A constant as CPython's compiler folds it: literals, signed numbers,
/// tuples of constants.
fn is_constant(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Const(_) => true,
        ExprKind::Unary(_, inner) => {
            matches!(inner.kind, ExprKind::Const(Py::Int(_) | Py::Float(_) | Py::Complex(..) | Py::BigInt(_)))
        }
        ExprKind::Tuple(items) => items.iter().all(is_constant),
        _ => false,
    }
}

/// `f() got multiple values for keyword argument 'a'`: the argument error
/// names the function, as CPython's does.
fn name_callee(
    cx: &crate::runtime::context::Cx,
    callee: &Py,
    e: crate::runtime::exceptions::PyErr,
) -> crate::runtime::exceptions::PyErr {
    match &e.0.args()[..] {
        [Py::Str(msg)] if e.is("TypeError") && msg.starts_with("got multiple values") => {
            let name = match attr::getattr(cx, callee, "__qualname__") {
                Ok(Py::Str(n)) => n.to_string(),
                _ => semantics::type_name(callee),
            };
            exceptions::type_error(format!("{name}() {msg}"))
        }
        _ => e,
    }
}
