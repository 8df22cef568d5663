//! Running code: frames (fast locals, cells, the module's namespace as
//! globals), names, and the entry points for a module's code and for
//! functions.

mod assign;
mod comprehension;
mod expr;
mod function;
mod stmt;

use std::sync::{Arc, Mutex, OnceLock};

use super::ast::{Code, NameRef, Resolved, Slot};
use crate::objects::attr;
use crate::objects::dict::Dict;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyErr, PyResult, TbFrame};
use crate::runtime::object::ObjRef;
use crate::runtime::value::Py;

pub use function::InterpFunction;

/// A variable shared between a scope and the scopes inside it.
pub type CellRef = Arc<Mutex<Option<Py>>>;

pub fn new_cell(v: Option<Py>) -> CellRef {
    Arc::new(Mutex::new(v))
}

fn cell_get(c: &CellRef) -> Option<Py> {
    c.lock().unwrap_or_else(|e| e.into_inner()).clone()
}

fn cell_set(c: &CellRef, v: Option<Py>) -> Option<Py> {
    std::mem::replace(&mut *c.lock().unwrap_or_else(|e| e.into_inner()), v)
}

/// One running scope.
pub struct Frame {
    pub code: Arc<Code>,
    pub locals: Vec<Option<Py>>,
    /// Own cells first, then the free variables received from outside.
    pub cells: Vec<CellRef>,
    pub globals: Arc<Dict>,
    /// The line being run (for tracebacks).
    pub line: u32,
}

impl Frame {
    pub fn new(code: Arc<Code>, globals: Arc<Dict>, closure: &[CellRef]) -> PyResult<Frame> {
        let r = resolved(&code)?;
        let mut cells: Vec<CellRef> = (0..r.own_cells).map(|_| new_cell(None)).collect();
        cells.extend(closure.iter().cloned());
        let locals = vec![None; r.nlocals];
        let line = code.firstline;
        Ok(Frame { code, locals, cells, globals, line })
    }

    /// The cells an inner scope's code needs, taken from this frame.
    pub fn closure_for(&self, inner: &Code) -> PyResult<Vec<CellRef>> {
        let mine = resolved(&self.code)?;
        let theirs = resolved(inner)?;
        theirs
            .freevars
            .iter()
            .map(|name| match mine.cell_index.get(name) {
                Some(&i) => Ok(self.cells[i as usize].clone()),
                None => Err(exceptions::runtime_error(format!("internal: no cell for free variable '{name}'"))),
            })
            .collect()
    }
}

pub fn resolved(code: &Code) -> PyResult<&Resolved> {
    code.resolved.get().ok_or_else(|| exceptions::runtime_error("internal: code used before name resolution"))
}

/// What runs Python code: the call context and the builtins module.
pub struct Machine<'a> {
    pub cx: &'a Cx,
    builtins: ObjRef,
}

/// The connection's namespace (`conn.namespace`), made on first use with
/// `__builtins__` in it, as `exec` does.
pub fn namespace(cx: &Cx) -> PyResult<Arc<Dict>> {
    let ns = cx.session.namespace.get_or_init(|| Arc::new(Dict::empty()));
    let dict = ns
        .clone()
        .into_any_arc()
        .downcast::<Dict>()
        .map_err(|_| exceptions::runtime_error("internal: the namespace is not a dict"))?;
    if dict.get_str("__builtins__").is_none() {
        dict.set_str("__builtins__", Py::Obj(crate::modules::getmodule("builtins")?));
    }
    Ok(dict)
}

/// Runs a module's code (or an `eval` expression, whose code returns its
/// value) with `globals` as its namespace.
pub fn run_module(cx: &Cx, code: &Arc<Code>, globals: Arc<Dict>) -> PyResult<Py> {
    let m = Machine::new(cx)?;
    let mut frame = Frame::new(code.clone(), globals, &[])?;
    m.run_frame(&mut frame)
}

enum Flow {
    Normal,
    Break,
    Continue,
    Return(Py),
}

impl<'a> Machine<'a> {
    pub fn new(cx: &'a Cx) -> PyResult<Machine<'a>> {
        static BUILTINS: OnceLock<ObjRef> = OnceLock::new();
        let builtins = match BUILTINS.get() {
            Some(b) => b.clone(),
            None => {
                let b = crate::modules::getmodule("builtins")?;
                BUILTINS.get_or_init(|| b).clone()
            }
        };
        Ok(Machine { cx, builtins })
    }

    /// Runs a frame's body to its return value; an exception leaving it
    /// records the frame in its traceback.
    pub fn run_frame(&self, f: &mut Frame) -> PyResult<Py> {
        let code = f.code.clone();
        match self.exec_block(f, &code.body) {
            Ok(Flow::Return(v)) => Ok(v),
            Ok(_) => Ok(Py::None),
            Err(e) => {
                e.0.push_frame(TbFrame {
                    file: Arc::from("<string>"),
                    line: f.line,
                    name: code.name.clone(),
                    text: code.line_text(f.line),
                });
                Err(e)
            }
        }
    }

    // ------------------------------------------------------------ names

    fn load(&self, f: &Frame, n: &NameRef) -> PyResult<Py> {
        match slot_of(f, n)? {
            Slot::Local(i) => f.locals[i as usize].clone().ok_or_else(|| unbound_local(&n.name)),
            Slot::Cell(i) => cell_get(&f.cells[i as usize]).ok_or_else(|| {
                let own = resolved(&f.code).map_or(0, |r| r.own_cells);
                if (i as usize) < own {
                    unbound_local(&n.name)
                } else {
                    exceptions::new(
                        "NameError",
                        format!("cannot access free variable '{}' where it is not associated with a value in enclosing scope", n.name),
                    )
                    .with_attr("name", Py::Str(n.name.clone()))
                }
            }),
            Slot::Global => self.load_global(f, &n.name),
        }
    }

    fn load_global(&self, f: &Frame, name: &str) -> PyResult<Py> {
        if let Some(v) = f.globals.get_str(name) {
            return Ok(v);
        }
        match attr::getattr(self.cx, &Py::Obj(self.builtins.clone()), name) {
            Ok(v) => Ok(v),
            Err(e) if e.is("AttributeError") => Err(exceptions::name_error(name)),
            Err(e) => Err(e),
        }
    }

    fn store(&self, f: &mut Frame, n: &NameRef, v: Py) -> PyResult<()> {
        let old = match slot_of(f, n)? {
            Slot::Local(i) => f.locals[i as usize].replace(v),
            Slot::Cell(i) => cell_set(&f.cells[i as usize], Some(v)),
            Slot::Global => {
                f.globals.set_str(&n.name, v);
                None
            }
        };
        if let Some(old) = old {
            crate::runtime::object::drop_values(vec![old]);
        }
        Ok(())
    }

    fn delete(&self, f: &mut Frame, n: &NameRef) -> PyResult<()> {
        let old = match slot_of(f, n)? {
            Slot::Local(i) => f.locals[i as usize].take(),
            Slot::Cell(i) => cell_set(&f.cells[i as usize], None),
            Slot::Global => {
                if f.globals.del_str(&n.name) {
                    return Ok(());
                }
                return Err(exceptions::name_error(&n.name));
            }
        };
        match old {
            Some(old) => {
                crate::runtime::object::drop_values(vec![old]);
                Ok(())
            }
            None => Err(unbound_local(&n.name)),
        }
    }

    fn builtins(&self) -> &ObjRef {
        &self.builtins
    }
}

fn slot_of(f: &Frame, n: &NameRef) -> PyResult<Slot> {
    resolved(&f.code)?
        .slots
        .get(n.slot as usize)
        .copied()
        .ok_or_else(|| exceptions::runtime_error(format!("internal: unresolved name '{}'", n.name)))
}

fn unbound_local(name: &str) -> PyErr {
    exceptions::new(
        "UnboundLocalError",
        format!("cannot access local variable '{name}' where it is not associated with a value"),
    )
    .with_attr("name", Py::str(name))
}

/// Whether a value is the builtins module's function `name` (the
/// builtins that read the calling frame).
fn is_frame_builtin(v: &Py) -> Option<&'static str> {
    let f = v.downcast::<crate::runtime::callables::Function>()?;
    (f.module == "builtins" && matches!(f.name, "globals" | "locals" | "vars" | "dir" | "eval" | "exec"))
        .then_some(f.name)
}
