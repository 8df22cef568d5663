//! The evaluator: runs the AST against the connection's namespace (the
//! globals), falling back to `builtins` for names.

use rpyc_protocol::{ExceptionPayload, Obj, RemoteException, Value};

use super::ast::{Arg, Expr, FPart, Node, Stmt, Trailer};
use super::{ops, subscript};
use super::{stack_mark, MAX_STACK};
use crate::legacy::args::Args;
use crate::legacy::containers::{self, Dict, List};
use crate::legacy::context::Cx;
use crate::legacy::exc::{self, PyResult};
use crate::legacy::modules::getmodule;
use crate::legacy::object::{self, val_type_name, PyRef, Val};

pub struct Interp<'a> {
    cx: &'a Cx,
    ns: PyRef,
    builtins: PyRef,
    /// Where the stack was when evaluation began.
    stack_base: usize,
}

fn key(name: &str) -> Val {
    Obj::Value(Value::str(name))
}

fn is_exc(e: &ExceptionPayload, class: &str) -> bool {
    matches!(e, ExceptionPayload::Exception(r) if r.is_instance_of("builtins", class))
}

fn name_error(name: &str) -> ExceptionPayload {
    exc::raise(
        RemoteException::builtin("NameError", vec![Value::Str(format!("name '{name}' is not defined"))])
            .with_attr("name", name),
    )
}

fn import_error(msg: String, module: &str) -> ExceptionPayload {
    exc::raise(
        RemoteException::builtin("ImportError", vec![Value::Str(msg)])
            .with_attr("name", module)
            .with_attr("path", Value::None),
    )
}

fn client_object(what: &str) -> ExceptionPayload {
    exc::type_error(format!("rpyc-agent cannot {what} a client object inside eval/execute"))
}

/// `ascii()` of a repr: non-ASCII characters escaped.
fn ascii(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c as u32 {
            0..=0x7f => out.push(c),
            n @ 0x80..=0xff => out.push_str(&format!("\\x{n:02x}")),
            n @ 0x100..=0xffff => out.push_str(&format!("\\u{n:04x}")),
            n => out.push_str(&format!("\\U{n:08x}")),
        }
    }
    out
}

impl<'a> Interp<'a> {
    pub fn new(cx: &'a Cx) -> PyResult<Self> {
        Ok(Interp {
            cx,
            ns: crate::legacy::root::Root::namespace(&cx.session),
            builtins: getmodule("builtins")?,
            stack_base: stack_mark(),
        })
    }

    // ------------------------------------------------------------ names

    fn ns_call(&self, method: &str, args: Vec<Val>) -> PyResult<Val> {
        object::callattr(&self.ns, method, Args::positional(args), self.cx)
    }

    fn load(&self, name: &str) -> PyResult<Val> {
        match self.ns_call("__getitem__", vec![key(name)]) {
            Err(e) if is_exc(&e, "KeyError") => {}
            other => return other,
        }
        match object::getattr(&self.builtins, name, self.cx) {
            Err(e) if is_exc(&e, "AttributeError") => Err(name_error(name)),
            other => other,
        }
    }

    fn store(&self, name: &str, v: Val) -> PyResult<()> {
        self.ns_call("__setitem__", vec![key(name), v]).map(drop)
    }

    fn call_builtin(&self, name: &str, args: Vec<Val>) -> PyResult<Val> {
        let f = object::getattr(&self.builtins, name, self.cx)?;
        self.call(&f, Args::positional(args))
    }

    // ------------------------------------------------------------ statements

    pub fn exec(&self, stmts: &[Stmt]) -> PyResult<()> {
        stmts.iter().try_for_each(|s| self.stmt(s))
    }

    fn stmt(&self, s: &Stmt) -> PyResult<()> {
        match s {
            Stmt::Expr(e) => self.eval(e).map(drop),
            Stmt::Assign(targets, value) => {
                let v = self.eval(value)?;
                targets.iter().try_for_each(|t| self.assign(t, v.clone()))
            }
            Stmt::AugAssign(target, op, value) => self.aug_assign(target, op, value),
            Stmt::Import(names) => names.iter().try_for_each(|(dotted, alias)| self.import(dotted, alias.as_deref())),
            Stmt::ImportFrom { level, module, names } => self.import_from(*level, module, names.as_deref()),
            Stmt::Del(targets) => targets.iter().try_for_each(|t| self.delete(t)),
            Stmt::Pass => Ok(()),
            Stmt::Assert(test, msg) => {
                if ops::truthy(&self.eval(test)?, self.cx)? {
                    return Ok(());
                }
                let args = match msg {
                    None => Vec::new(),
                    Some(m) => vec![match self.eval(m)? {
                        Obj::Value(v) => v,
                        other => self.cx.value(&other).or_else(|_| self.str_of(other).map(Value::Str))?,
                    }],
                };
                Err(exc::raise(RemoteException::builtin("AssertionError", args)))
            }
        }
    }

    fn import(&self, dotted: &str, alias: Option<&str>) -> PyResult<()> {
        let mut prefix = String::new();
        let mut modules = Vec::new();
        for part in dotted.split('.') {
            if !prefix.is_empty() {
                prefix.push('.');
            }
            prefix.push_str(part);
            modules.push(getmodule(&prefix)?);
        }
        let (name, module) = match alias {
            Some(a) => (a, modules.pop()),
            None => (dotted.split('.').next().unwrap_or(dotted), modules.into_iter().next()),
        };
        match module {
            Some(m) => self.store(name, Obj::Local(m)),
            None => Err(exc::module_not_found(dotted)),
        }
    }

    fn import_from(&self, level: usize, module: &str, names: Option<&[(String, Option<String>)]>) -> PyResult<()> {
        if level > 0 {
            return Err(import_error("attempted relative import with no known parent package".into(), module));
        }
        let m = getmodule(module)?;
        let Some(names) = names else {
            for name in object::dir(&m).into_iter().filter(|n| !n.starts_with('_')) {
                if let Ok(v) = object::getattr(&m, &name, self.cx) {
                    self.store(&name, v)?;
                }
            }
            return Ok(());
        };
        for (name, alias) in names {
            let v = match object::getattr(&m, name, self.cx) {
                Ok(v) => v,
                Err(e) if is_exc(&e, "AttributeError") => match getmodule(&format!("{module}.{name}")) {
                    Ok(sub) => Obj::Local(sub),
                    Err(_) => {
                        return Err(import_error(
                            format!(
                                "cannot import name '{name}' from '{module}' (rpyc-agent is native: {module}.{name} is not implemented)"
                            ),
                            module,
                        ))
                    }
                },
                Err(e) => return Err(e),
            };
            self.store(alias.as_deref().unwrap_or(name), v)?;
        }
        Ok(())
    }

    /// A `Postfix` target split into the object and its last trailer.
    fn target_object<'n>(&self, base: &Node, trailers: &'n [Trailer]) -> PyResult<(Val, &'n Trailer)> {
        let (last, init) = trailers.split_last().ok_or_else(|| exc::new("SyntaxError", "invalid target"))?;
        Ok((self.trailers(self.eval(base)?, init)?, last))
    }

    fn assign(&self, t: &Node, v: Val) -> PyResult<()> {
        match &t.expr {
            Expr::Name(n) => self.store(n, v),
            Expr::Postfix(base, trailers) => match self.target_object(base, trailers)? {
                (obj, Trailer::Attr(name)) => self.setattr(&obj, name, v),
                (obj, Trailer::Index(ix)) => {
                    let i = self.eval(ix)?;
                    self.setitem(&obj, i, v)
                }
                (_, Trailer::Call(_)) => Err(exc::new("SyntaxError", "cannot assign to function call")),
            },
            Expr::Tuple(targets) | Expr::List(targets) => self.unpack(targets, v),
            _ => Err(exc::new("SyntaxError", "cannot assign to expression")),
        }
    }

    fn unpack(&self, targets: &[Node], v: Val) -> PyResult<()> {
        let mut items = ops::items_of(&v, self.cx)?;
        let n = targets.len();
        let Some(star) = targets.iter().position(|t| matches!(t.expr, Expr::Starred(_))) else {
            if items.len() != n {
                return Err(exc::value_error(if items.len() > n {
                    format!("too many values to unpack (expected {n})")
                } else {
                    format!("not enough values to unpack (expected {n}, got {})", items.len())
                }));
            }
            return targets.iter().zip(items).try_for_each(|(t, item)| self.assign(t, item));
        };
        if items.len() < n - 1 {
            return Err(exc::value_error(format!(
                "not enough values to unpack (expected at least {}, got {})",
                n - 1,
                items.len()
            )));
        }
        let tail = items.split_off(items.len() - (n - star - 1));
        let middle = items.split_off(star);
        for (t, item) in targets[..star].iter().zip(items) {
            self.assign(t, item)?;
        }
        if let Expr::Starred(inner) = &targets[star].expr {
            self.assign(inner, Obj::Local(List::new(middle)))?;
        }
        targets[star + 1..].iter().zip(tail).try_for_each(|(t, item)| self.assign(t, item))
    }

    fn aug_assign(&self, t: &Node, op: &str, value: &Node) -> PyResult<()> {
        match &t.expr {
            Expr::Name(n) => {
                let cur = self.load(n)?;
                let new = self.inplace(op, cur, self.eval(value)?)?;
                self.store(n, new)
            }
            Expr::Postfix(base, trailers) => match self.target_object(base, trailers)? {
                (obj, Trailer::Attr(name)) => {
                    let cur = self.getattr(&obj, name)?;
                    let new = self.inplace(op, cur, self.eval(value)?)?;
                    self.setattr(&obj, name, new)
                }
                (obj, Trailer::Index(ix)) => {
                    let i = self.eval(ix)?;
                    let cur = subscript::getitem(obj.clone(), i.clone(), self.cx)?;
                    let new = self.inplace(op, cur, self.eval(value)?)?;
                    self.setitem(&obj, i, new)
                }
                (_, Trailer::Call(_)) => Err(exc::new("SyntaxError", "cannot assign to function call")),
            },
            _ => Err(exc::new("SyntaxError", "illegal expression for augmented assignment")),
        }
    }

    /// `cur op= rhs`: lists extend in place, like `list.__iadd__`.
    fn inplace(&self, op: &str, cur: Val, rhs: Val) -> PyResult<Val> {
        if let (Obj::Local(o), "+") = (&cur, op) {
            if o.type_name() == "builtins.list" {
                object::callattr(o, "extend", Args::positional(vec![rhs]), self.cx)?;
                return Ok(cur);
            }
        }
        ops::binary_val(op, cur, rhs, self.cx)
    }

    fn delete(&self, t: &Node) -> PyResult<()> {
        match &t.expr {
            Expr::Name(n) => match self.ns_call("__delitem__", vec![key(n)]) {
                Err(e) if is_exc(&e, "KeyError") => Err(name_error(n)),
                other => other.map(drop),
            },
            Expr::Postfix(base, trailers) => match self.target_object(base, trailers)? {
                (Obj::Local(o), Trailer::Attr(name)) => o.delattr(name, self.cx),
                (Obj::Local(o), Trailer::Index(ix)) => {
                    let i = self.eval(ix)?;
                    object::callattr(&o, "__delitem__", Args::positional(vec![i]), self.cx).map(drop)
                }
                (Obj::Remote(_), _) => Err(client_object("delete from")),
                (other, Trailer::Attr(name)) => Err(exc::attribute_error(&val_type_name(&other), name)),
                (other, _) => {
                    Err(exc::type_error(format!("'{}' object doesn't support item deletion", val_type_name(&other))))
                }
            },
            Expr::Tuple(targets) | Expr::List(targets) => targets.iter().try_for_each(|t| self.delete(t)),
            _ => Err(exc::new("SyntaxError", "cannot delete expression")),
        }
    }

    // ------------------------------------------------------------ objects

    fn getattr(&self, obj: &Val, name: &str) -> PyResult<Val> {
        match obj {
            Obj::Local(o) => object::getattr(o, name, self.cx),
            Obj::Remote(_) => Err(client_object("read attributes of")),
            other => Err(exc::attribute_error(&val_type_name(other), name)),
        }
    }

    fn setattr(&self, obj: &Val, name: &str, v: Val) -> PyResult<()> {
        match obj {
            Obj::Local(o) => o.setattr(name, v, self.cx),
            Obj::Remote(_) => Err(client_object("set attributes of")),
            other => Err(exc::attribute_error(&val_type_name(other), name)),
        }
    }

    fn setitem(&self, obj: &Val, index: Val, v: Val) -> PyResult<()> {
        match obj {
            Obj::Local(o) => object::callattr(o, "__setitem__", Args::positional(vec![index, v]), self.cx).map(drop),
            Obj::Remote(_) => Err(client_object("assign items of")),
            other => {
                Err(exc::type_error(format!("'{}' object does not support item assignment", val_type_name(other))))
            }
        }
    }

    fn call(&self, f: &Val, args: Args) -> PyResult<Val> {
        match f {
            Obj::Local(o) => o.call(o, args, self.cx),
            Obj::Remote(_) => Err(client_object("call")),
            other => Err(exc::type_error(format!("'{}' object is not callable", val_type_name(other)))),
        }
    }

    fn str_of(&self, v: Val) -> PyResult<String> {
        match self.call_builtin("str", vec![v])? {
            Obj::Value(Value::Str(s)) => Ok(s),
            other => Err(exc::type_error(format!("__str__ returned non-string (type {})", val_type_name(&other)))),
        }
    }

    /// Applies `.name`, `(args)` and `[index]` in turn; `obj.name(args)`
    /// calls the method directly.
    fn trailers(&self, mut obj: Val, trailers: &[Trailer]) -> PyResult<Val> {
        let mut i = 0;
        while i < trailers.len() {
            match (&trailers[i], &obj, trailers.get(i + 1)) {
                (Trailer::Attr(name), Obj::Local(o), Some(Trailer::Call(args))) => {
                    let args = self.args(args)?;
                    obj = object::callattr(o, name, args, self.cx)?;
                    i += 1;
                }
                (Trailer::Attr(name), _, _) => obj = self.getattr(&obj, name)?,
                (Trailer::Call(args), _, _) => {
                    let args = self.args(args)?;
                    obj = self.call(&obj, args)?;
                }
                (Trailer::Index(ix), _, _) => {
                    let index = self.eval(ix)?;
                    obj = subscript::getitem(obj, index, self.cx)?;
                }
            }
            i += 1;
        }
        Ok(obj)
    }

    fn args(&self, args: &[Arg]) -> PyResult<Args> {
        let mut out = Args::default();
        for a in args {
            match a {
                Arg::Pos(n) => out.pos.push(self.eval(n)?),
                Arg::Star(n) => out.pos.extend(ops::items_of(&self.eval(n)?, self.cx)?),
                Arg::Kw(k, n) => out.kw.push((k.clone(), self.eval(n)?)),
                Arg::StarStar(n) => {
                    for (k, v) in self.mapping_items(self.eval(n)?)? {
                        let Obj::Value(Value::Str(k)) = k else {
                            return Err(exc::type_error("keywords must be strings"));
                        };
                        if out.kw.iter().any(|(x, _)| *x == k) {
                            return Err(exc::type_error(format!("got multiple values for keyword argument '{k}'")));
                        }
                        out.kw.push((k, v));
                    }
                }
            }
        }
        Ok(out)
    }

    /// The pairs of a mapping (`**m`).
    fn mapping_items(&self, m: Val) -> PyResult<Vec<(Val, Val)>> {
        match m {
            Obj::Local(o) if o.methods().contains(&"keys") => {
                let keys = ops::items_of(&object::callattr(&o, "keys", Args::default(), self.cx)?, self.cx)?;
                keys.into_iter()
                    .map(|k| Ok((k.clone(), object::callattr(&o, "__getitem__", Args::positional(vec![k]), self.cx)?)))
                    .collect()
            }
            Obj::Remote(_) => self.mapping_items(containers::wrap(self.cx.value(&m)?)),
            other => Err(exc::type_error(format!("'{}' object is not a mapping", val_type_name(&other)))),
        }
    }

    // ------------------------------------------------------------ expressions

    /// Evaluates an expression. Each kind of node has its own function, so
    /// the frames on a nesting path stay small.
    pub fn eval(&self, n: &Node) -> PyResult<Val> {
        if stack_mark().abs_diff(self.stack_base) > MAX_STACK {
            return Err(self.too_deep());
        }
        match &n.expr {
            Expr::Const(v) => Ok(Obj::Value(v.clone())),
            Expr::Name(name) => self.load(name),
            Expr::FStr(parts) => self.fstring(parts),
            Expr::Postfix(base, trailers) => self.postfix(base, trailers),
            Expr::Unary(op, x) => self.unary(op, x),
            Expr::Binary(first, rest) => self.binary(first, rest),
            Expr::Compare(first, rest) => self.compare(first, rest),
            Expr::BoolOp(and, items) => self.bool_op(*and, items),
            Expr::IfExp(parts) => self.if_exp(parts),
            Expr::Tuple(items) => self.tuple(items),
            Expr::List(items) => self.list(items),
            Expr::Set(items) => self.set(items),
            Expr::Dict(pairs) => self.dict(pairs),
            Expr::Starred(_) => Err(exc::new("SyntaxError", "can't use starred expression here")),
            Expr::Slice(parts) => self.slice(parts),
        }
    }

    #[cold]
    #[inline(never)]
    fn too_deep(&self) -> ExceptionPayload {
        exc::new("RecursionError", "maximum recursion depth exceeded in rpyc-agent's evaluator")
    }

    #[inline(never)]
    fn postfix(&self, base: &Node, trailers: &[Trailer]) -> PyResult<Val> {
        let obj = self.eval(base)?;
        self.trailers(obj, trailers)
    }

    #[inline(never)]
    fn unary(&self, op: &str, x: &Node) -> PyResult<Val> {
        let v = self.eval(x)?;
        if op == "not" {
            return Ok(Obj::Value(Value::Bool(!ops::truthy(&v, self.cx)?)));
        }
        ops::unary_val(op, v, self.cx)
    }

    #[inline(never)]
    fn binary(&self, first: &Node, rest: &[(&'static str, Node)]) -> PyResult<Val> {
        let mut acc = self.eval(first)?;
        for (op, x) in rest {
            acc = ops::binary_val(op, acc, self.eval(x)?, self.cx)?;
        }
        Ok(acc)
    }

    #[inline(never)]
    fn compare(&self, first: &Node, rest: &[(&'static str, Node)]) -> PyResult<Val> {
        let mut left = self.eval(first)?;
        for (op, x) in rest {
            let right = self.eval(x)?;
            if !ops::compare_val(op, &left, &right, self.cx)? {
                return Ok(Obj::Value(Value::Bool(false)));
            }
            left = right;
        }
        Ok(Obj::Value(Value::Bool(true)))
    }

    /// `and` returns the first false operand, `or` the first true one, or
    /// else the last.
    #[inline(never)]
    fn bool_op(&self, and: bool, items: &[Node]) -> PyResult<Val> {
        let mut last = Obj::none();
        for x in items {
            last = self.eval(x)?;
            if ops::truthy(&last, self.cx)? != and {
                break;
            }
        }
        Ok(last)
    }

    #[inline(never)]
    fn if_exp(&self, parts: &[Node; 3]) -> PyResult<Val> {
        let [body, cond, orelse] = parts;
        let c = self.eval(cond)?;
        self.eval(if ops::truthy(&c, self.cx)? { body } else { orelse })
    }

    #[inline(never)]
    fn tuple(&self, items: &[Node]) -> PyResult<Val> {
        ops::tuple_of(self.items(items)?)
    }

    #[inline(never)]
    fn list(&self, items: &[Node]) -> PyResult<Val> {
        Ok(Obj::Local(List::new(self.items(items)?)))
    }

    #[inline(never)]
    fn set(&self, items: &[Node]) -> PyResult<Val> {
        let mut unique: Vec<Val> = Vec::new();
        for item in self.items(items)? {
            self.hashable(&item)?;
            if !self.find(&unique, &item)? {
                unique.push(item);
            }
        }
        Ok(Obj::Local(List::with_type("builtins.set", unique)))
    }

    #[inline(never)]
    fn slice(&self, parts: &[Option<Node>; 3]) -> PyResult<Val> {
        let mut values = [Value::None, Value::None, Value::None];
        for (slot, part) in values.iter_mut().zip(parts.iter()) {
            if let Some(p) = part {
                *slot = self.eval(p)?.into_value().ok_or_else(|| {
                    exc::type_error("slice indices must be integers or None or have an __index__ method")
                })?;
            }
        }
        Ok(Obj::Value(Value::Slice(Box::new(values))))
    }

    /// Items of a display, `*iterable` expanded.
    #[inline(never)]
    fn items(&self, nodes: &[Node]) -> PyResult<Vec<Val>> {
        let mut out = Vec::with_capacity(nodes.len());
        for n in nodes {
            match &n.expr {
                Expr::Starred(inner) => out.extend(ops::items_of(&self.eval(inner)?, self.cx)?),
                _ => out.push(self.eval(n)?),
            }
        }
        Ok(out)
    }

    fn hashable(&self, v: &Val) -> PyResult<()> {
        match v {
            Obj::Local(o) => o.hash().map(drop),
            Obj::Tuple(items) => items.iter().try_for_each(|i| self.hashable(i)),
            _ => Ok(()),
        }
    }

    fn find(&self, items: &[Val], x: &Val) -> PyResult<bool> {
        for i in items {
            if ops::eq_val(i, x, self.cx)? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    fn dict(&self, pairs: &[(Option<Node>, Node)]) -> PyResult<Val> {
        let mut out: Vec<(Val, Val)> = Vec::new();
        let mut put = |k: Val, v: Val| -> PyResult<()> {
            self.hashable(&k)?;
            for slot in out.iter_mut() {
                if ops::eq_val(&slot.0, &k, self.cx)? {
                    slot.1 = v;
                    return Ok(());
                }
            }
            out.push((k, v));
            Ok(())
        };
        for (k, v) in pairs {
            match k {
                Some(k) => {
                    let k = self.eval(k)?;
                    put(k, self.eval(v)?)?;
                }
                None => {
                    for (k, v) in self.mapping_items(self.eval(v)?)? {
                        put(k, v)?;
                    }
                }
            }
        }
        Ok(Obj::Local(Dict::new(out)))
    }

    fn fstring(&self, parts: &[FPart]) -> PyResult<Val> {
        let mut out = String::new();
        for part in parts {
            match part {
                FPart::Text(t) => out.push_str(t),
                FPart::Field { expr, debug, conv, spec } => {
                    let mut v = self.eval(expr)?;
                    if let Some(d) = debug {
                        out.push_str(d);
                    }
                    let conv = conv.or(if debug.is_some() && spec.is_empty() { Some('r') } else { None });
                    v = match conv {
                        Some('r') => self.call_builtin("repr", vec![v])?,
                        Some('a') => match self.call_builtin("repr", vec![v])? {
                            Obj::Value(Value::Str(s)) => Obj::Value(Value::Str(ascii(&s))),
                            other => other,
                        },
                        Some(_) => Obj::Value(Value::Str(self.str_of(v)?)),
                        None => v,
                    };
                    match self.call_builtin("format", vec![v, Obj::Value(Value::str(spec.as_str()))])? {
                        Obj::Value(Value::Str(s)) => out.push_str(&s),
                        other => return Err(exc::type_error(format!("format() returned {}", val_type_name(&other)))),
                    }
                    if out.len() > ops::MAX_BYTES {
                        return Err(exc::new("MemoryError", "f-string too large for rpyc-agent"));
                    }
                }
            }
        }
        Ok(Obj::Value(Value::Str(out)))
    }
}
