//! Exception instances: class, `args`, attributes (`errno`, `filename`,
//! ...), cause and context, and the frames the interpreter recorded while
//! the exception unwound.

use std::sync::{Arc, Mutex, MutexGuard};

use rpyc_protocol::RemoteException;

use super::hierarchy::{is_exception_type, oserror_subclass};
use super::{type_error, PyErr, PyResult};
use crate::runtime::args::Args;
use crate::runtime::context::Cx;
use crate::runtime::object::{ObjRef, PyObject};
use crate::runtime::semantics;
use crate::runtime::types::{method, Method, TypeRef};
use crate::runtime::value::Py;

/// One frame of a traceback, as Python prints it.
#[derive(Debug, Clone)]
pub struct TbFrame {
    pub file: Arc<str>,
    pub line: u32,
    /// The function (`<module>` at the top level).
    pub name: Arc<str>,
    /// The source line, when known.
    pub text: Option<Arc<str>>,
}

pub(crate) struct ExcState {
    pub args: Arc<[Py]>,
    pub attrs: Vec<(String, Py)>,
    pub cause: Py,
    pub context: Py,
    pub suppress_context: bool,
    pub notes: Vec<Py>,
    /// Innermost frame first (pushed while unwinding).
    pub frames: Vec<TbFrame>,
    /// The exception as the client sent it, when it came from the client:
    /// sent back unchanged.
    pub remote: Option<RemoteException>,
}

/// An exception instance.
pub struct ExcObj {
    pub class: TypeRef,
    state: Mutex<ExcState>,
}

impl ExcObj {
    pub fn new(class: TypeRef, args: Vec<Py>) -> ExcObj {
        ExcObj {
            class,
            state: Mutex::new(ExcState {
                args: args.into(),
                attrs: Vec::new(),
                cause: Py::None,
                context: Py::None,
                suppress_context: false,
                notes: Vec::new(),
                frames: Vec::new(),
                remote: None,
            }),
        }
    }

    pub(crate) fn state(&self) -> MutexGuard<'_, ExcState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn args(&self) -> Arc<[Py]> {
        self.state().args.clone()
    }

    pub fn attr(&self, name: &str) -> Option<Py> {
        self.state().attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    }

    pub fn set_attr(&self, name: &str, value: Py) {
        let mut st = self.state();
        match st.attrs.iter_mut().find(|(k, _)| k == name) {
            Some(slot) => slot.1 = value,
            None => st.attrs.push((name.to_owned(), value)),
        }
    }

    pub fn attrs(&self) -> Vec<(String, Py)> {
        self.state().attrs.clone()
    }

    pub fn frames(&self) -> Vec<TbFrame> {
        self.state().frames.clone()
    }

    pub fn push_frame(&self, frame: TbFrame) {
        self.state().frames.push(frame);
    }

    pub fn cause(&self) -> (Py, Py, bool) {
        let st = self.state();
        (st.cause.clone(), st.context.clone(), st.suppress_context)
    }

    pub fn set_cause(&self, cause: Py) {
        let mut st = self.state();
        st.cause = cause;
        st.suppress_context = true;
    }

    pub fn set_context(&self, context: Py) {
        self.state().context = context;
    }

    pub fn remote(&self) -> Option<RemoteException> {
        self.state().remote.clone()
    }

    pub(crate) fn set_remote(&self, r: RemoteException) {
        self.state().remote = Some(r);
    }
}

/// `BaseException.__str__` and the builtin subclasses' variants.
pub fn base_str(cx: &Cx, e: &ExcObj) -> PyResult<String> {
    let args = e.args();
    let t = &e.class;
    if t.is_subtype_named("builtins", "OSError") {
        if let (Some(errno), Some(strerror)) = (e.attr("errno"), e.attr("strerror")) {
            if !errno.is_none() && !strerror.is_none() {
                let (errno, strerror) = (semantics::str(cx, &errno)?, semantics::str(cx, &strerror)?);
                return Ok(match (e.attr("filename"), e.attr("filename2")) {
                    (Some(f), Some(f2)) if !f.is_none() && !f2.is_none() => format!(
                        "[Errno {errno}] {strerror}: {} -> {}",
                        semantics::repr(cx, &f)?,
                        semantics::repr(cx, &f2)?
                    ),
                    (Some(f), _) if !f.is_none() => format!("[Errno {errno}] {strerror}: {}", semantics::repr(cx, &f)?),
                    _ => format!("[Errno {errno}] {strerror}"),
                });
            }
        }
    }
    if t.is_subtype_named("builtins", "KeyError") && args.len() == 1 {
        return semantics::repr(cx, &args[0]);
    }
    if t.is_subtype_named("builtins", "SyntaxError") {
        if let Some(msg) = e.attr("msg") {
            let msg = semantics::str(cx, &msg)?;
            let file = e.attr("filename").filter(|f| !f.is_none());
            let line = e.attr("lineno").filter(|l| !l.is_none());
            return Ok(match (file, line) {
                (Some(f), Some(l)) => {
                    let f = semantics::str(cx, &f)?;
                    let base = f.rsplit('/').next().unwrap_or(&f).to_owned();
                    format!("{msg} ({base}, line {})", semantics::str(cx, &l)?)
                }
                (Some(f), None) => format!("{msg} ({})", semantics::str(cx, &f)?),
                (None, Some(l)) => format!("{msg} (line {})", semantics::str(cx, &l)?),
                (None, None) => msg,
            });
        }
    }
    if t.is_subtype_named("builtins", "UnicodeDecodeError") || t.is_subtype_named("builtins", "UnicodeEncodeError") {
        if let [Py::Str(enc), obj, Py::Int(start), Py::Int(end), Py::Str(reason)] = &args[..] {
            let decode = t.is_subtype_named("builtins", "UnicodeDecodeError");
            let what = if decode { "decode" } else { "encode" };
            let unit = match (decode, obj) {
                (true, Py::Bytes(b)) if *end == start + 1 => {
                    format!("byte 0x{:02x} in position {start}", b.get(*start as usize).copied().unwrap_or(0))
                }
                (false, Py::Str(s)) if *end == start + 1 => {
                    let c = s.chars().nth(*start as usize).map_or(0, |c| c as u32);
                    let esc = if c <= 0xff {
                        format!("\\x{c:02x}")
                    } else if c <= 0xffff {
                        format!("\\u{c:04x}")
                    } else {
                        format!("\\U{c:08x}")
                    };
                    format!("character '{esc}' in position {start}")
                }
                (true, _) => format!("bytes in position {start}-{}", end - 1),
                (false, _) => format!("characters in position {start}-{}", end - 1),
            };
            return Ok(format!("'{enc}' codec can't {what} {unit}: {reason}"));
        }
    }
    match &args[..] {
        [] => Ok(String::new()),
        [one] => semantics::str(cx, one),
        _ => semantics::repr(cx, &Py::Tuple(args.clone())),
    }
}

/// `repr(exc)`: `ValueError('bad')`, `KeyError()`, `OSError(2, 'x')`.
pub fn exc_repr(cx: &Cx, e: &ExcObj) -> PyResult<String> {
    let args = e.args();
    let inner = match &args[..] {
        [one] => semantics::repr(cx, one)?,
        many => {
            let t = semantics::repr(cx, &Py::Tuple(many.into()))?;
            t[1..t.len() - 1].trim_end_matches(',').to_owned()
        }
    };
    Ok(format!("{}({inner})", e.class.name))
}

impl PyObject for ExcObj {
    fn ty(&self) -> TypeRef {
        self.class.clone()
    }
    fn repr(&self, _this: &ObjRef, cx: &Cx) -> PyResult<String> {
        exc_repr(cx, self)
    }
    fn str(&self, this: &ObjRef, cx: &Cx) -> PyResult<String> {
        match self.class.lookup("__str__") {
            Some(m) => match (m.func)(cx, &Py::Obj(this.clone()), Args::default())? {
                Py::Str(s) => Ok(s.to_string()),
                other => {
                    Err(type_error(format!("__str__ returned non-string (type {})", semantics::type_name(&other))))
                }
            },
            None => base_str(cx, self),
        }
    }
    fn getattr(&self, _this: &ObjRef, name: &str, _cx: &Cx) -> PyResult<Option<Py>> {
        let st = self.state();
        if let Some((_, v)) = st.attrs.iter().find(|(k, _)| k == name) {
            return Ok(Some(v.clone()));
        }
        Ok(Some(match name {
            "args" => Py::Tuple(st.args.clone()),
            "__traceback__" => Py::None,
            "__cause__" => st.cause.clone(),
            "__context__" => st.context.clone(),
            "__suppress_context__" => Py::Bool(st.suppress_context),
            "__notes__" if !st.notes.is_empty() => Py::tuple(st.notes.clone()),
            _ => return Ok(None),
        }))
    }
    fn setattr(&self, name: &str, value: Py, cx: &Cx) -> PyResult<bool> {
        match name {
            "args" => {
                let items = semantics::iterate(cx, &value)?;
                self.state().args = items.into();
            }
            "__cause__" => self.set_cause(value),
            "__context__" => self.set_context(value),
            "__suppress_context__" => self.state().suppress_context = semantics::truthy(cx, &value)?,
            "__traceback__" => {}
            _ => self.set_attr(name, value),
        }
        Ok(true)
    }
    fn delattr(&self, name: &str, _cx: &Cx) -> PyResult<bool> {
        let mut st = self.state();
        let before = st.attrs.len();
        st.attrs.retain(|(k, _)| k != name);
        Ok(st.attrs.len() != before)
    }
    fn attr_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.state().attrs.iter().map(|(k, _)| k.clone()).collect();
        names.extend(["args", "__traceback__", "__cause__", "__context__", "__suppress_context__"].map(String::from));
        names
    }
    fn take_children(&self) -> Vec<Py> {
        let mut st = self.state();
        let mut out: Vec<Py> = st.args.iter().cloned().collect();
        out.extend(st.attrs.drain(..).map(|(_, v)| v));
        out.push(std::mem::replace(&mut st.cause, Py::None));
        out.push(std::mem::replace(&mut st.context, Py::None));
        out
    }
}

/// The instance behind `self` of an exception method.
pub fn exc_self(this: &Py) -> PyResult<&ExcObj> {
    this.downcast::<ExcObj>().ok_or_else(|| type_error("descriptor requires a 'BaseException' object"))
}

/// `cls(*args)` for the builtin exception classes.
pub fn exception_new(_cx: &Cx, cls: &TypeRef, args: Args) -> PyResult<Py> {
    let Args { pos, kw } = args;
    let mut cls = cls.clone();
    let allowed: &[&str] = if cls.is_subtype_named("builtins", "ImportError") {
        &["name", "path"]
    } else if cls.is_subtype_named("builtins", "AttributeError") {
        &["name", "obj"]
    } else if cls.is_subtype_named("builtins", "NameError") {
        &["name"]
    } else {
        &[]
    };
    if let Some((k, _)) = kw.iter().find(|(k, _)| !allowed.contains(&&**k)) {
        if allowed.is_empty() {
            return Err(type_error(format!("{}() takes no keyword arguments", cls.name)));
        }
        return Err(type_error(format!("'{k}' is an invalid keyword argument for {}()", cls.name)));
    }
    if !is_exception_type(&cls) {
        return Err(type_error(format!("exceptions must derive from BaseException, not {}", cls.name)));
    }
    let is_os = cls.is_subtype_named("builtins", "OSError");
    if is_os && (2..=5).contains(&pos.len()) && cls.name == "OSError" && cls.module == "builtins" {
        if let Py::Int(errno) = &pos[0] {
            cls = oserror_subclass(*errno);
        }
    }
    let e = ExcObj::new(cls.clone(), pos.clone());
    for (k, v) in kw {
        e.set_attr(&k, v);
    }
    for name in allowed {
        if e.attr(name).is_none() {
            e.set_attr(name, Py::None);
        }
    }
    init_attrs(&e, &cls, &pos)?;
    Ok(Py::Obj(Arc::new(e)))
}

/// The attributes a builtin exception class derives from its arguments
/// (`OSError.errno`, `SyntaxError.msg`, `StopIteration.value`, ...), set
/// whether Python code or the agent's own code made the instance: a
/// client rebuilds a remote exception from these, not by calling it.
fn init_attrs(e: &ExcObj, cls: &TypeRef, pos: &[Py]) -> PyResult<()> {
    if cls.is_subtype_named("builtins", "OSError") {
        os_attrs(e, pos);
    } else if cls.is_subtype_named("builtins", "StopIteration") {
        e.set_attr("value", pos.first().cloned().unwrap_or(Py::None));
    } else if cls.is_subtype_named("builtins", "SystemExit") {
        let code = match pos {
            [] => Py::None,
            [one] => one.clone(),
            many => Py::tuple(many.to_vec()),
        };
        e.set_attr("code", code);
    } else if cls.is_subtype_named("builtins", "ImportError") {
        e.set_attr("msg", if pos.len() == 1 { pos[0].clone() } else { Py::None });
    } else if cls.is_subtype_named("builtins", "SyntaxError") {
        e.set_attr("msg", pos.first().cloned().unwrap_or(Py::None));
        let details: Vec<Py> = match pos.get(1) {
            Some(Py::Tuple(t)) => t.to_vec(),
            _ => Vec::new(),
        };
        for (i, a) in ["filename", "lineno", "offset", "text", "end_lineno", "end_offset"].iter().enumerate() {
            e.set_attr(a, details.get(i).cloned().unwrap_or(Py::None));
        }
        e.set_attr("print_file_and_line", Py::None);
    } else if cls.is_subtype_named("builtins", "UnicodeDecodeError")
        || cls.is_subtype_named("builtins", "UnicodeEncodeError")
    {
        if pos.len() != 5 {
            return Err(type_error(format!("function takes exactly 5 arguments ({} given)", pos.len())));
        }
        for (i, a) in ["encoding", "object", "start", "end", "reason"].iter().enumerate() {
            e.set_attr(a, pos[i].clone());
        }
    }
    Ok(())
}

fn with_traceback(_cx: &Cx, this: &Py, _args: Args) -> PyResult<Py> {
    exc_self(this)?;
    Ok(this.clone())
}

fn add_note(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [note] = args.bind("add_note", ["note"])?;
    let note = note.unwrap_or(Py::None);
    if !matches!(note, Py::Str(_)) {
        return Err(type_error(format!("note must be a str, not '{}'", semantics::type_name(&note))));
    }
    exc_self(this)?.state().notes.push(note);
    Ok(Py::None)
}

fn str_method(cx: &Cx, this: &Py, _args: Args) -> PyResult<Py> {
    Ok(Py::str(base_str(cx, exc_self(this)?)?))
}

/// Methods of `BaseException` (every builtin class shares them).
pub static EXCEPTION_METHODS: [Method; 3] =
    [method("__str__", str_method), method("with_traceback", with_traceback), method("add_note", add_note)];

/// OSError's are the same; it is its own table so `OSError.__str__` is
/// found on OSError itself, as in Python.
pub static OSERROR_METHODS: [Method; 1] = [method("__str__", str_method)];

/// An OSError's `errno`, `strerror`, `filename` and `filename2` from its
/// arguments, as `OSError.__init__` sets them (all None unless it has 2 to
/// 5 arguments; then `args` keeps the first two).
fn os_attrs(e: &ExcObj, pos: &[Py]) {
    let get = |i: usize| pos.get(i).cloned().unwrap_or(Py::None);
    if (2..=5).contains(&pos.len()) {
        e.set_attr("errno", get(0));
        e.set_attr("strerror", get(1));
        e.set_attr("filename", get(2));
        e.set_attr("filename2", get(4));
        if pos.len() > 2 {
            e.state().args = vec![get(0), get(1)].into();
        }
    } else {
        for a in ["errno", "strerror", "filename", "filename2"] {
            e.set_attr(a, Py::None);
        }
    }
}

impl PyErr {
    /// The exception as an instance of `cls` with `args`.
    pub fn new(cls: TypeRef, args: Vec<Py>) -> PyErr {
        let e = ExcObj::new(cls.clone(), args.clone());
        // Arguments that do not fit the class's own rules (a UnicodeError
        // made with one message) keep the attributes unset, as before.
        let _ = init_attrs(&e, &cls, &args);
        PyErr(Arc::new(e))
    }
}
