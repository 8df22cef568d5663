//! Statements: blocks, control flow, exceptions, `with`, `def`, imports.

use std::sync::Arc;

use super::{Flow, Frame, Machine};
use crate::interp::ast::{FuncDef, Handler, NameRef, Stmt, StmtKind, TryStmt};
use crate::objects::attr;
use crate::runtime::args::Args;
use crate::runtime::exceptions::{self, PyErr, PyResult};
use crate::runtime::semantics;
use crate::runtime::value::Py;

impl Machine<'_> {
    pub(super) fn exec_block(&self, f: &mut Frame, stmts: &[Stmt]) -> PyResult<Flow> {
        for s in stmts {
            f.line = s.line;
            match self.exec(f, s)? {
                Flow::Normal => {}
                other => return Ok(other),
            }
        }
        Ok(Flow::Normal)
    }

    fn exec(&self, f: &mut Frame, s: &Stmt) -> PyResult<Flow> {
        match &s.kind {
            StmtKind::Expr(e) => {
                self.eval(f, e)?;
            }
            StmtKind::Assign(targets, value) => {
                let v = self.eval(f, value)?;
                for t in targets {
                    self.assign(f, t, v.clone())?;
                }
            }
            StmtKind::AugAssign(target, op, value) => self.aug_assign(f, target, *op, value)?,
            StmtKind::AnnAssign(target, value) => {
                if let Some(value) = value {
                    let v = self.eval(f, value)?;
                    self.assign(f, target, v)?;
                }
            }
            StmtKind::If(test, body, orelse) => {
                let c = self.eval(f, test)?;
                let branch = if semantics::truthy(self.cx, &c)? { body } else { orelse };
                return self.exec_block(f, branch);
            }
            StmtKind::While(test, body, orelse) => return self.while_loop(f, test, body, orelse),
            StmtKind::For(target, iter, body, orelse) => return self.for_loop(f, target, iter, body, orelse),
            StmtKind::Break => return Ok(Flow::Break),
            StmtKind::Continue => return Ok(Flow::Continue),
            StmtKind::Pass | StmtKind::Global => {}
            StmtKind::Return(value) => {
                let v = match value {
                    Some(e) => self.eval(f, e)?,
                    None => Py::None,
                };
                return Ok(Flow::Return(v));
            }
            StmtKind::Raise(exc, cause) => return Err(self.raise(f, exc.as_ref(), cause.as_ref())?),
            StmtKind::Try(t) => return self.try_stmt(f, t),
            StmtKind::With(items, body) => return self.with_stmt(f, items, 0, body),
            StmtKind::Def(name, def, decorators) => self.def(f, name, def, decorators)?,
            StmtKind::Del(targets) => {
                for t in targets {
                    self.delete_target(f, t)?;
                }
            }
            StmtKind::Assert(test, msg) => {
                let c = self.eval(f, test)?;
                if !semantics::truthy(self.cx, &c)? {
                    let args = match msg {
                        Some(m) => vec![self.eval(f, m)?],
                        None => Vec::new(),
                    };
                    return Err(PyErr::new(exceptions::exc_type("AssertionError"), args));
                }
            }
            StmtKind::Import(names) => {
                for (dotted, alias, target) in names {
                    self.import(f, dotted, alias.as_deref(), target)?;
                }
            }
            StmtKind::ImportFrom { level, module, names } => self.import_from(f, *level, module, names.as_deref())?,
        }
        Ok(Flow::Normal)
    }

    fn while_loop(
        &self,
        f: &mut Frame,
        test: &crate::interp::ast::Expr,
        body: &[Stmt],
        orelse: &[Stmt],
    ) -> PyResult<Flow> {
        loop {
            self.cx.check_interrupt()?;
            let c = self.eval(f, test)?;
            if !semantics::truthy(self.cx, &c)? {
                return self.exec_block(f, orelse);
            }
            match self.exec_block(f, body)? {
                Flow::Break => return Ok(Flow::Normal),
                Flow::Return(v) => return Ok(Flow::Return(v)),
                Flow::Normal | Flow::Continue => {}
            }
        }
    }

    fn for_loop(
        &self,
        f: &mut Frame,
        target: &crate::interp::ast::Expr,
        iter: &crate::interp::ast::Expr,
        body: &[Stmt],
        orelse: &[Stmt],
    ) -> PyResult<Flow> {
        let iterable = self.eval(f, iter)?;
        let it = semantics::iter(self.cx, &iterable)?;
        let line = f.line;
        loop {
            self.cx.check_interrupt()?;
            f.line = line;
            let Some(item) = semantics::next(self.cx, &it)? else {
                return self.exec_block(f, orelse);
            };
            self.assign(f, target, item)?;
            match self.exec_block(f, body)? {
                Flow::Break => return Ok(Flow::Normal),
                Flow::Return(v) => return Ok(Flow::Return(v)),
                Flow::Normal | Flow::Continue => {}
            }
        }
    }

    /// The exception a `raise` statement raises.
    fn raise(
        &self,
        f: &mut Frame,
        exc: Option<&crate::interp::ast::Expr>,
        cause: Option<&crate::interp::ast::Expr>,
    ) -> PyResult<PyErr> {
        let Some(exc) = exc else {
            return Ok(self
                .cx
                .handled()
                .unwrap_or_else(|| exceptions::runtime_error("No active exception to reraise")));
        };
        let v = self.eval(f, exc)?;
        let err = PyErr::from_raised(self.cx, &v)?;
        if let Some(cause) = cause {
            let c = self.eval(f, cause)?;
            let cause_value = match &c {
                Py::None => Py::None,
                other => PyErr::from_raised(self.cx, other)
                    .map_err(|_| exceptions::type_error("exception causes must derive from BaseException"))?
                    .value(),
            };
            err.0.set_cause(cause_value);
        }
        Ok(self.with_context(err))
    }

    /// Gives a new exception the one being handled as its `__context__`.
    fn with_context(&self, err: PyErr) -> PyErr {
        if let Some(handled) = self.cx.handled() {
            if !Arc::ptr_eq(&handled.0, &err.0) && err.0.cause().1.is_none() {
                err.0.set_context(handled.value());
            }
        }
        err
    }

    fn handler_matches(&self, f: &mut Frame, h: &Handler, err: &PyErr) -> PyResult<bool> {
        let Some(class) = &h.class else { return Ok(true) };
        let cls = self.eval(f, class)?;
        let check = |c: &Py| -> PyResult<bool> {
            if let Some(t) = crate::runtime::types::as_type(c) {
                if !exceptions::is_exception_type(&t) {
                    return Err(exceptions::type_error(
                        "catching classes that do not inherit from BaseException is not allowed",
                    ));
                }
                return Ok(err.is_instance(&t));
            }
            match c {
                Py::Client(r) if r.is_class() => {
                    let full = r.type_name();
                    let (m, n) = full.rsplit_once('.').unwrap_or(("builtins", full));
                    Ok(err.class().is_subtype_named(m, n))
                }
                _ => Err(exceptions::type_error(
                    "catching classes that do not inherit from BaseException is not allowed",
                )),
            }
        };
        match &cls {
            Py::Tuple(items) => {
                for c in items.iter() {
                    if check(c)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            other => check(other),
        }
    }

    fn try_stmt(&self, f: &mut Frame, t: &TryStmt) -> PyResult<Flow> {
        let outcome = match self.exec_block(f, &t.body) {
            Ok(flow) => match flow {
                Flow::Normal => self.exec_block(f, &t.orelse),
                other => Ok(other),
            },
            Err(err) if self.cx.interrupted() => Err(err),
            Err(err) => self.handle(f, t, err),
        };
        if t.finally.is_empty() {
            return outcome;
        }
        // `finally` runs whatever happened; its own return, break or
        // exception wins over the pending one.
        let pending = match &outcome {
            Err(e) => Some(e.clone()),
            Ok(_) => None,
        };
        let fin = match &pending {
            Some(e) => {
                let _guard = self.cx.handling(e.clone());
                self.exec_block(f, &t.finally).map_err(|x| self.with_context(x))
            }
            None => self.exec_block(f, &t.finally),
        };
        match fin? {
            Flow::Normal => outcome,
            other => Ok(other),
        }
    }

    fn handle(&self, f: &mut Frame, t: &TryStmt, err: PyErr) -> PyResult<Flow> {
        for h in &t.handlers {
            f.line = h.line;
            if !self.handler_matches(f, h, &err)? {
                continue;
            }
            let _guard = self.cx.handling(err.clone());
            if let Some(name) = &h.name {
                self.store(f, name, err.value())?;
            }
            let result = self.exec_block(f, &h.body).map_err(|e| self.with_context(e));
            if let Some(name) = &h.name {
                // `except E as e` unbinds `e` at the end, as Python does.
                let _ = self.delete(f, name);
            }
            return result;
        }
        Err(err)
    }

    fn with_stmt(
        &self,
        f: &mut Frame,
        items: &[(crate::interp::ast::Expr, Option<crate::interp::ast::Expr>)],
        i: usize,
        body: &[Stmt],
    ) -> PyResult<Flow> {
        let Some((ctx, target)) = items.get(i) else { return self.exec_block(f, body) };
        let mgr = self.eval(f, ctx)?;
        let entered = attr::call_method(self.cx, &mgr, "__enter__", Args::default()).map_err(|e| {
            if e.is("AttributeError") {
                exceptions::type_error(format!(
                    "'{}' object does not support the context manager protocol",
                    semantics::type_name(&mgr)
                ))
            } else {
                e
            }
        })?;
        let inner = (|| {
            if let Some(t) = target {
                self.assign(f, t, entered)?;
            }
            self.with_stmt(f, items, i + 1, body)
        })();
        match inner {
            Ok(flow) => {
                attr::call_method(self.cx, &mgr, "__exit__", Args::positional(vec![Py::None, Py::None, Py::None]))?;
                Ok(flow)
            }
            Err(err) if self.cx.interrupted() => Err(err),
            Err(err) => {
                let exit_args = vec![Py::Obj(err.class().clone()), err.value(), Py::None];
                let suppress = {
                    let _guard = self.cx.handling(err.clone());
                    let r = attr::call_method(self.cx, &mgr, "__exit__", Args::positional(exit_args))
                        .map_err(|e| self.with_context(e))?;
                    semantics::truthy(self.cx, &r)?
                };
                if suppress {
                    Ok(Flow::Normal)
                } else {
                    Err(err)
                }
            }
        }
    }

    fn def(
        &self,
        f: &mut Frame,
        name: &NameRef,
        def: &Arc<FuncDef>,
        decorators: &[crate::interp::ast::Expr],
    ) -> PyResult<()> {
        let decos = decorators.iter().map(|d| self.eval(f, d)).collect::<PyResult<Vec<_>>>()?;
        let mut func = self.make_function(f, def)?;
        for d in decos.iter().rev() {
            func = semantics::call(self.cx, d, Args::one(func))?;
        }
        self.store(f, name, func)
    }

    fn import(&self, f: &mut Frame, dotted: &str, alias: Option<&str>, target: &NameRef) -> PyResult<()> {
        let mut prefix = String::new();
        let mut modules = Vec::new();
        for part in dotted.split('.') {
            if !prefix.is_empty() {
                prefix.push('.');
            }
            prefix.push_str(part);
            modules.push(crate::modules::getmodule(&prefix)?);
        }
        let module = if alias.is_some() { modules.pop() } else { modules.into_iter().next() };
        match module {
            Some(m) => self.store(f, target, Py::Obj(m)),
            None => Err(exceptions::module_not_found(dotted)),
        }
    }

    fn import_from(
        &self,
        f: &mut Frame,
        level: usize,
        module: &str,
        names: Option<&[(String, NameRef)]>,
    ) -> PyResult<()> {
        if level > 0 {
            return Err(exceptions::new("ImportError", "attempted relative import with no known parent package")
                .with_attr("name", Py::None)
                .with_attr("path", Py::None));
        }
        let m = Py::Obj(crate::modules::getmodule(module)?);
        let Some(names) = names else {
            for name in attr::dir(self.cx, &m).into_iter().filter(|n| !n.starts_with('_')) {
                if let Ok(v) = attr::getattr(self.cx, &m, &name) {
                    f.globals.set_str(&name, v);
                }
            }
            return Ok(());
        };
        for (name, target) in names {
            let v = match attr::getattr(self.cx, &m, name) {
                Ok(v) => v,
                Err(e) if e.is("AttributeError") => match crate::modules::getmodule(&format!("{module}.{name}")) {
                    Ok(sub) => Py::Obj(sub),
                    Err(_) => {
                        return Err(exceptions::new(
                            "ImportError",
                            format!(
                                "cannot import name '{name}' from '{module}' (rpyc-agent is native: {module}.{name} is not implemented)"
                            ),
                        )
                        .with_attr("name", Py::str(module))
                        .with_attr("path", Py::None));
                    }
                },
                Err(e) => return Err(e),
            };
            self.store(f, target, v)?;
        }
        Ok(())
    }
}
