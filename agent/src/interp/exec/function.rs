//! Functions defined by Python code: making them (`def`, `lambda`) and
//! calling them (binding arguments to parameters as Python does).

use std::sync::Arc;

use super::{new_cell, CellRef, Frame, Machine};
use crate::interp::ast::{Code, FuncDef, Slot};
use crate::objects::dict::Dict;
use crate::objects::function::{FunctionBody, PyFunction};
use crate::runtime::args::Args;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::value::Py;

/// The body of a function the interpreter defined.
pub struct InterpFunction {
    code: Arc<Code>,
    defaults: Vec<Py>,
    kwdefaults: Vec<(Arc<str>, Py)>,
    closure: Vec<CellRef>,
    globals: Arc<Dict>,
}

impl Machine<'_> {
    /// A function object for a `def` or `lambda` in frame `f`: defaults
    /// evaluated now, free variables taken from `f`'s cells.
    pub(super) fn make_function(&self, f: &mut Frame, def: &Arc<FuncDef>) -> PyResult<Py> {
        let defaults = def.defaults.iter().map(|d| self.eval(f, d)).collect::<PyResult<Vec<_>>>()?;
        let mut kwdefaults = Vec::with_capacity(def.kwdefaults.len());
        for (k, d) in &def.kwdefaults {
            kwdefaults.push((k.clone(), self.eval(f, d)?));
        }
        let closure = f.closure_for(&def.code)?;
        let code = def.code.clone();
        let doc = code.doc.clone().map_or(Py::None, Py::str);
        let body = InterpFunction { code: code.clone(), defaults, kwdefaults, closure, globals: f.globals.clone() };
        Ok(PyFunction::new(code.name.clone(), code.qualname.clone(), doc, Arc::new(body)))
    }
}

fn names_list(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
    match quoted.len() {
        0 => String::new(),
        1 => quoted[0].clone(),
        2 => format!("{} and {}", quoted[0], quoted[1]),
        n => format!("{}, and {}", quoted[..n - 1].join(", "), quoted[n - 1]),
    }
}

impl InterpFunction {
    /// Binds a call's arguments to the parameters, with CPython's errors.
    fn bind(&self, cx: &Cx, args: Args) -> PyResult<Vec<Py>> {
        let p = &self.code.params;
        let fname = &self.code.qualname;
        let npos = p.positional.len();
        let Args { pos, kw } = args;
        let mut slots: Vec<Option<Py>> = vec![None; npos + p.kwonly.len()];
        let given = pos.len();
        let mut extra_pos = Vec::new();
        for (i, v) in pos.into_iter().enumerate() {
            if i < npos {
                slots[i] = Some(v);
            } else {
                extra_pos.push(v);
            }
        }
        // CPython's order (initialize_locals): keywords first, in the order
        // given, then the count of positional arguments, then what is missing.
        let varkw = crate::objects::dict::Dict::empty();
        let kw_names: Vec<Arc<str>> = kw.iter().map(|(k, _)| k.clone()).collect();
        let mut kwonly_given = 0;
        for (k, v) in kw {
            let pos_index = p.positional.iter().position(|x| *x == k).filter(|i| *i >= p.posonly);
            if let Some(i) = pos_index {
                if slots[i].is_some() {
                    return Err(exceptions::type_error(format!("{fname}() got multiple values for argument '{k}'")));
                }
                slots[i] = Some(v);
                continue;
            }
            if let Some(j) = p.kwonly.iter().position(|x| *x == k) {
                if slots[npos + j].is_some() {
                    return Err(exceptions::type_error(format!("{fname}() got multiple values for argument '{k}'")));
                }
                slots[npos + j] = Some(v);
                kwonly_given += 1;
                continue;
            }
            if p.varkw.is_some() {
                // A positional-only name given by keyword lands here too.
                varkw.set_item(cx, Py::Str(k), v)?;
                continue;
            }
            // Positional-only names passed as keywords, in parameter order.
            let posonly_as_kw: Vec<&str> = p.positional[..p.posonly]
                .iter()
                .filter(|name| kw_names.iter().any(|k| k == *name))
                .map(|name| &**name)
                .collect();
            if !posonly_as_kw.is_empty() {
                return Err(exceptions::type_error(format!(
                    "{fname}() got some positional-only arguments passed as keyword arguments: '{}'",
                    posonly_as_kw.join(", ")
                )));
            }
            return Err(exceptions::type_error(format!("{fname}() got an unexpected keyword argument '{k}'")));
        }
        if !extra_pos.is_empty() && p.varargs.is_none() {
            let ndefaults = self.defaults.len();
            let takes = if ndefaults > 0 {
                format!("from {} to {} positional arguments", npos - ndefaults, npos)
            } else {
                format!("{npos} positional argument{}", if npos == 1 { "" } else { "s" })
            };
            let kw_given = kwonly_given;
            let given_text = if kw_given > 0 {
                format!(
                    "{given} positional argument{} (and {kw_given} keyword-only argument{})",
                    if given == 1 { "" } else { "s" },
                    if kw_given == 1 { "" } else { "s" }
                )
            } else {
                format!("{given}")
            };
            let verb = if given == 1 && kw_given == 0 { "was" } else { "were" };
            return Err(exceptions::type_error(format!("{fname}() takes {takes} but {given_text} {verb} given")));
        }
        // Defaults fill the last positional parameters.
        let first_default = npos - self.defaults.len();
        let mut missing = Vec::new();
        for (i, slot) in slots.iter_mut().enumerate().take(npos) {
            if slot.is_none() {
                if i >= first_default {
                    *slot = Some(self.defaults[i - first_default].clone());
                } else {
                    missing.push(&*p.positional[i]);
                }
            }
        }
        if !missing.is_empty() {
            return Err(exceptions::type_error(format!(
                "{fname}() missing {} required positional argument{}: {}",
                missing.len(),
                if missing.len() == 1 { "" } else { "s" },
                names_list(&missing)
            )));
        }
        let mut missing_kw = Vec::new();
        for (j, name) in p.kwonly.iter().enumerate() {
            if slots[npos + j].is_none() {
                match self.kwdefaults.iter().find(|(k, _)| k == name) {
                    Some((_, d)) => slots[npos + j] = Some(d.clone()),
                    None => missing_kw.push(&**name),
                }
            }
        }
        if !missing_kw.is_empty() {
            return Err(exceptions::type_error(format!(
                "{fname}() missing {} required keyword-only argument{}: {}",
                missing_kw.len(),
                if missing_kw.len() == 1 { "" } else { "s" },
                names_list(&missing_kw)
            )));
        }
        // Frame order: positional, *args, keyword-only, **kwargs.
        let mut values: Vec<Py> = slots[..npos].iter().map(|s| s.clone().unwrap_or(Py::None)).collect();
        if p.varargs.is_some() {
            values.push(Py::tuple(extra_pos));
        }
        values.extend(slots[npos..].iter().map(|s| s.clone().unwrap_or(Py::None)));
        if p.varkw.is_some() {
            values.push(Py::Obj(Arc::new(varkw)));
        }
        Ok(values)
    }
}

impl FunctionBody for InterpFunction {
    fn call(&self, cx: &Cx, args: Args) -> PyResult<Py> {
        let _guard = cx.enter_call()?;
        cx.check_interrupt()?;
        let values = self.bind(cx, args)?;
        let mut frame = Frame::new(self.code.clone(), self.globals.clone(), &self.closure)?;
        let r = super::resolved(&self.code)?;
        for (slot, v) in r.param_slots.iter().zip(values) {
            match slot {
                Slot::Local(i) => frame.locals[*i as usize] = Some(v),
                Slot::Cell(i) => frame.cells[*i as usize] = new_cell(Some(v)),
                Slot::Global => {}
            }
        }
        let m = Machine::new(cx)?;
        m.run_frame(&mut frame)
    }

    fn defaults(&self) -> Py {
        if self.defaults.is_empty() {
            Py::None
        } else {
            Py::tuple(self.defaults.clone())
        }
    }

    fn kwdefaults(&self) -> Option<Vec<(Arc<str>, Py)>> {
        if self.kwdefaults.is_empty() {
            None
        } else {
            Some(self.kwdefaults.clone())
        }
    }

    fn take_children(&self) -> Vec<Py> {
        let mut out = self.defaults.clone();
        out.extend(self.kwdefaults.iter().map(|(_, v)| v.clone()));
        out
    }
}
