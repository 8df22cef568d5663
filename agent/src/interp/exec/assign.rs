//! Assignment targets: names, attributes, items, unpacking (with one
//! starred target), augmented assignment and `del`.

use super::{Frame, Machine};
use crate::interp::ast::{Expr, ExprKind};
use crate::objects::attr;
use crate::objects::list::List;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::BinOp;
use crate::runtime::semantics;
use crate::runtime::value::Py;

impl Machine<'_> {
    pub(super) fn assign(&self, f: &mut Frame, t: &Expr, v: Py) -> PyResult<()> {
        match &t.kind {
            ExprKind::Name(n) => self.store(f, n, v),
            ExprKind::Attr(obj, name) => {
                let o = self.eval(f, obj)?;
                attr::setattr(self.cx, &o, name, v)
            }
            ExprKind::Subscript(obj, index) => {
                let o = self.eval(f, obj)?;
                let i = self.eval(f, index)?;
                semantics::setitem(self.cx, &o, i, v)
            }
            ExprKind::Tuple(targets) | ExprKind::List(targets) => self.unpack(f, targets, v),
            _ => Err(exceptions::new("SyntaxError", "cannot assign to expression")),
        }
    }

    fn unpack(&self, f: &mut Frame, targets: &[Expr], v: Py) -> PyResult<()> {
        let mut items = match &v {
            Py::Tuple(t) => t.to_vec(),
            other => semantics::iterate(self.cx, other).map_err(|e| {
                if e.is("TypeError") {
                    exceptions::type_error(format!("cannot unpack non-iterable {} object", semantics::type_name(other)))
                } else {
                    e
                }
            })?,
        };
        let n = targets.len();
        let Some(star) = targets.iter().position(|t| matches!(t.kind, ExprKind::Starred(_))) else {
            if items.len() != n {
                return Err(exceptions::value_error(if items.len() > n {
                    format!("too many values to unpack (expected {n})")
                } else {
                    format!("not enough values to unpack (expected {n}, got {})", items.len())
                }));
            }
            for (t, item) in targets.iter().zip(items) {
                self.assign(f, t, item)?;
            }
            return Ok(());
        };
        if items.len() < n - 1 {
            return Err(exceptions::value_error(format!(
                "not enough values to unpack (expected at least {}, got {})",
                n - 1,
                items.len()
            )));
        }
        let tail = items.split_off(items.len() - (n - star - 1));
        let middle = items.split_off(star);
        for (t, item) in targets[..star].iter().zip(items) {
            self.assign(f, t, item)?;
        }
        if let ExprKind::Starred(inner) = &targets[star].kind {
            self.assign(f, inner, List::new(middle))?;
        }
        for (t, item) in targets[star + 1..].iter().zip(tail) {
            self.assign(f, t, item)?;
        }
        Ok(())
    }

    pub(super) fn aug_assign(&self, f: &mut Frame, t: &Expr, op: BinOp, value: &Expr) -> PyResult<()> {
        match &t.kind {
            ExprKind::Name(n) => {
                let cur = self.load(f, n)?;
                let rhs = self.eval(f, value)?;
                let new = semantics::inplace(self.cx, op, &cur, &rhs)?;
                self.store(f, n, new)
            }
            ExprKind::Attr(obj, name) => {
                let o = self.eval(f, obj)?;
                let cur = attr::getattr(self.cx, &o, name)?;
                let rhs = self.eval(f, value)?;
                let new = semantics::inplace(self.cx, op, &cur, &rhs)?;
                attr::setattr(self.cx, &o, name, new)
            }
            ExprKind::Subscript(obj, index) => {
                let o = self.eval(f, obj)?;
                let i = self.eval(f, index)?;
                let cur = semantics::getitem(self.cx, &o, &i)?;
                let rhs = self.eval(f, value)?;
                let new = semantics::inplace(self.cx, op, &cur, &rhs)?;
                semantics::setitem(self.cx, &o, i, new)
            }
            _ => Err(exceptions::new("SyntaxError", "illegal expression for augmented assignment")),
        }
    }

    pub(super) fn delete_target(&self, f: &mut Frame, t: &Expr) -> PyResult<()> {
        match &t.kind {
            ExprKind::Name(n) => self.delete(f, n),
            ExprKind::Attr(obj, name) => {
                let o = self.eval(f, obj)?;
                attr::delattr(self.cx, &o, name)
            }
            ExprKind::Subscript(obj, index) => {
                let o = self.eval(f, obj)?;
                let i = self.eval(f, index)?;
                semantics::delitem(self.cx, &o, &i)
            }
            ExprKind::Tuple(targets) | ExprKind::List(targets) => {
                for t in targets {
                    self.delete_target(f, t)?;
                }
                Ok(())
            }
            _ => Err(exceptions::new("SyntaxError", "cannot delete expression")),
        }
    }
}
