//! Classes: [`Type`] is a class object (`builtins.list`, `ValueError`,
//! `os.stat_result`), with its base class, its native methods and its
//! constructor. Methods live on types, as in Python: `getattr(obj, name)`
//! finds them along the base chain and binds them to the object.

use std::borrow::Cow;
use std::sync::{Arc, LazyLock, OnceLock};

use rpyc_protocol::Value;

use super::args::Args;
use super::callables::{BoundMethod, MethodDescriptor};
use super::context::Cx;
use super::exceptions::{self, PyResult};
use super::object::{address, ObjRef, PyObject};
use super::value::Py;

pub type TypeRef = Arc<Type>;

/// A native method: `self` first, then the call's arguments.
pub type NativeMethod = fn(&Cx, &Py, Args) -> PyResult<Py>;

/// What calling the class does: `cls(*args, **kwargs)`.
pub type Constructor = fn(&Cx, &TypeRef, Args) -> PyResult<Py>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MethodKind {
    /// Bound to the instance it is looked up on.
    Instance,
    /// Bound to the class (`dict.fromkeys`, `int.from_bytes`).
    Class,
    /// Not bound at all (`str.maketrans`).
    Static,
    /// Computed when read, not called (`(3).real`, `slice.start`).
    Property,
}

/// A method of a class.
pub struct Method {
    pub name: &'static str,
    pub func: NativeMethod,
    pub kind: MethodKind,
    /// May block (I/O, processes): runs on the blocking pool.
    pub blocking: bool,
}

/// An instance method.
pub const fn method(name: &'static str, func: NativeMethod) -> Method {
    Method { name, func, kind: MethodKind::Instance, blocking: false }
}

/// An instance method that may block.
pub const fn blocking_method(name: &'static str, func: NativeMethod) -> Method {
    Method { name, func, kind: MethodKind::Instance, blocking: true }
}

/// A class method (`self` is the class).
pub const fn class_method(name: &'static str, func: NativeMethod) -> Method {
    Method { name, func, kind: MethodKind::Class, blocking: false }
}

/// A read-only property: `func(cx, self, ())` is the attribute's value.
pub const fn property(name: &'static str, func: NativeMethod) -> Method {
    Method { name, func, kind: MethodKind::Property, blocking: false }
}

/// A static method (`self` is `None`).
pub const fn static_method(name: &'static str, func: NativeMethod) -> Method {
    Method { name, func, kind: MethodKind::Static, blocking: false }
}

/// A class.
pub struct Type {
    /// `__name__`.
    pub name: Cow<'static, str>,
    /// `__module__`.
    pub module: Cow<'static, str>,
    /// The base class (`None` only for `object`). Single inheritance: the
    /// method resolution order is the chain of bases.
    pub base: Option<TypeRef>,
    /// Bases after the first, for the rare class with several
    /// (`io.UnsupportedOperation(OSError, ValueError)`); the method
    /// resolution order merges them as C3 does ([`Type::mro`]).
    pub other_bases: Vec<TypeRef>,
    pub methods: &'static [Method],
    /// `None`: the class cannot be instantiated from Python.
    pub new: Option<Constructor>,
    pub doc: Option<&'static str>,
    /// Attributes of the class itself other than its methods (a named
    /// tuple's `_fields`, `datetime.min`, an enum's members).
    pub attrs: Vec<(Cow<'static, str>, Py)>,
    /// Special methods its instances answer through their slots rather
    /// than [`Type::methods`] (a Counter's `__add__`): listed by INSPECT, so
    /// the client's proxy class has them, and by `dir()`.
    pub specials: &'static [&'static str],
    /// A class CPython implements in C (`collections.deque`, `_io.StringIO`):
    /// messages name its instances' class module-qualified, as its
    /// `tp_name` does ([`Type::message_name`]).
    pub c_type: bool,
    /// `module.name`, made once (id packs need it on every export).
    qualified: OnceLock<Arc<str>>,
}

impl Type {
    /// A class of the agent's native code.
    pub fn native(
        module: &'static str,
        name: &'static str,
        base: Option<&TypeRef>,
        methods: &'static [Method],
        new: Option<Constructor>,
    ) -> TypeRef {
        Self::native_with_attrs(module, name, base, methods, new, Vec::new())
    }

    /// A native class with attributes of its own besides its methods
    /// (`datetime.datetime.min`, `signal.Signals.SIGTERM`).
    pub fn native_with_attrs(
        module: &'static str,
        name: &'static str,
        base: Option<&TypeRef>,
        methods: &'static [Method],
        new: Option<Constructor>,
        attrs: Vec<(Cow<'static, str>, Py)>,
    ) -> TypeRef {
        Arc::new(Type {
            name: Cow::Borrowed(name),
            module: Cow::Borrowed(module),
            base: Some(base.cloned().unwrap_or_else(|| OBJECT.clone())),
            methods,
            new,
            doc: None,
            attrs,
            specials: &[],
            c_type: false,
            other_bases: Vec::new(),
            qualified: OnceLock::new(),
        })
    }

    /// A class with attributes of its own besides its methods (a named
    /// tuple's `_fields`, `string.Template.delimiter`), made at run time or
    /// once; `Type { .. }` literals are for this module only.
    pub fn with_attrs(
        module: Cow<'static, str>,
        name: Cow<'static, str>,
        base: TypeRef,
        methods: &'static [Method],
        new: Option<Constructor>,
        doc: Option<&'static str>,
        attrs: Vec<(Cow<'static, str>, Py)>,
    ) -> TypeRef {
        Arc::new(Type {
            name,
            module,
            base: Some(base),
            methods,
            new,
            doc,
            attrs,
            specials: &[],
            c_type: false,
            other_bases: Vec::new(),
            qualified: OnceLock::new(),
        })
    }

    /// The class with [`Type::specials`] `names`.
    pub fn with_specials(self: TypeRef, names: &'static [&'static str]) -> TypeRef {
        self.edited(|t| t.specials = names)
    }

    /// The class with more bases after its first ([`Type::other_bases`]).
    pub fn with_other_bases(self: TypeRef, bases: &[&TypeRef]) -> TypeRef {
        let bases: Vec<TypeRef> = bases.iter().map(|b| (*b).clone()).collect();
        self.edited(|t| t.other_bases = bases)
    }

    /// The class marked as one CPython implements in C ([`Type::c_type`]).
    pub fn in_c(self: TypeRef) -> TypeRef {
        self.edited(|t| t.c_type = true)
    }

    /// The class changed by `edit` (these builders run right after the
    /// class is made, while nothing else holds it).
    fn edited(self: TypeRef, edit: impl FnOnce(&mut Type)) -> TypeRef {
        let mut t = self;
        if Arc::get_mut(&mut t).is_none() {
            t = Arc::new(Type {
                name: t.name.clone(),
                module: t.module.clone(),
                base: t.base.clone(),
                methods: t.methods,
                new: t.new,
                doc: t.doc,
                attrs: t.attrs.clone(),
                specials: t.specials,
                c_type: t.c_type,
                other_bases: t.other_bases.clone(),
                qualified: OnceLock::new(),
            });
        }
        if let Some(only) = Arc::get_mut(&mut t) {
            edit(only);
        }
        t
    }

    /// The name messages about its instances use, as CPython's `tp_name`:
    /// module-qualified for a class implemented in C outside builtins
    /// (`'collections.deque' object is not callable`), bare otherwise
    /// (`'Counter' object ...`, a named tuple's, a builtin's).
    pub fn message_name(&self) -> Cow<'_, str> {
        if self.c_type && self.module != "builtins" {
            Cow::Owned(self.qualified_name())
        } else {
            Cow::Borrowed(&self.name)
        }
    }

    /// A class known only by module and name (a client's class, an
    /// exception class the client raised): no methods, no constructor.
    pub fn named(module: &str, name: &str, base: TypeRef) -> TypeRef {
        Arc::new(Type {
            name: Cow::Owned(name.to_owned()),
            module: Cow::Owned(module.to_owned()),
            base: Some(base),
            methods: &[],
            new: None,
            doc: None,
            attrs: Vec::new(),
            specials: &[],
            c_type: false,
            other_bases: Vec::new(),
            qualified: OnceLock::new(),
        })
    }

    /// `module.name`, as id packs and `__class__` lookups on the client use
    /// it (`builtins.list`, `_io.TextIOWrapper`).
    pub fn qualified_name(&self) -> String {
        self.qualified().to_string()
    }

    /// [`qualified_name`](Type::qualified_name), shared.
    pub fn qualified(&self) -> &Arc<str> {
        self.qualified.get_or_init(|| Arc::from(format!("{}.{}", self.module, self.name)))
    }

    /// The name as Python prints it in messages: bare for builtins.
    pub fn display_name(&self) -> Cow<'_, str> {
        if self.module == "builtins" {
            Cow::Borrowed(&self.name)
        } else {
            Cow::Owned(self.qualified_name())
        }
    }

    /// All its bases, in order (`__bases__`).
    pub fn bases(&self) -> Vec<TypeRef> {
        self.base.iter().chain(&self.other_bases).cloned().collect()
    }

    /// The class and its bases, nearest first (`__mro__`): the chain of
    /// first bases, or C3's merge where a class has several.
    pub fn mro(self: &TypeRef) -> Vec<TypeRef> {
        let mut out = vec![self.clone()];
        if self.other_bases.is_empty() {
            if let Some(base) = &self.base {
                out.extend(base.mro());
            }
            return out;
        }
        let bases = self.bases();
        let mut seqs: Vec<Vec<TypeRef>> = bases.iter().map(Type::mro).collect();
        seqs.push(bases);
        // C3: take the first head that is in no other list's tail.
        loop {
            seqs.retain(|s| !s.is_empty());
            let Some(head) = seqs
                .iter()
                .map(|s| s[0].clone())
                .find(|h| !seqs.iter().any(|s| s[1..].iter().any(|t| Arc::ptr_eq(t, h))))
            else {
                break;
            };
            for s in &mut seqs {
                if Arc::ptr_eq(&s[0], &head) {
                    s.remove(0);
                }
            }
            out.push(head);
        }
        out
    }

    /// `issubclass(self, other)`.
    pub fn is_subtype(self: &TypeRef, other: &TypeRef) -> bool {
        let mut cur = Some(self);
        while let Some(t) = cur {
            if Arc::ptr_eq(t, other) || t.other_bases.iter().any(|b| b.is_subtype(other)) {
                return true;
            }
            cur = t.base.as_ref();
        }
        false
    }

    /// Whether it is this class or derives from a class of that module and
    /// name (for classes known only by name, such as the client's).
    pub fn is_subtype_named(self: &TypeRef, module: &str, name: &str) -> bool {
        let mut cur = Some(self);
        while let Some(t) = cur {
            if (t.name == name && t.module == module) || t.other_bases.iter().any(|b| b.is_subtype_named(module, name))
            {
                return true;
            }
            cur = t.base.as_ref();
        }
        false
    }

    /// The first of `find` along the chain of first bases, then along each
    /// other base's (the classes with several bases are exception classes
    /// whose later bases add no methods of their own, so this agrees with
    /// the C3 order there).
    fn find_along<T>(&self, find: &dyn Fn(&Type) -> Option<T>) -> Option<T> {
        let mut cur = Some(self);
        while let Some(t) = cur {
            if let Some(found) = find(t) {
                return Some(found);
            }
            cur = t.base.as_deref();
        }
        let mut cur = Some(self);
        while let Some(t) = cur {
            if let Some(found) = t.other_bases.iter().find_map(|b| b.find_along(find)) {
                return Some(found);
            }
            cur = t.base.as_deref();
        }
        None
    }

    /// The method `name`, along the bases.
    pub fn lookup(&self, name: &str) -> Option<&'static Method> {
        self.find_along(&|t| t.methods.iter().find(|m| m.name == name))
    }

    /// A class attribute of [`Type::attrs`], along the bases.
    pub fn class_attr(&self, name: &str) -> Option<Py> {
        self.find_along(&|t| t.attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()))
    }

    /// Names of all methods, for `dir()`.
    pub fn method_names(&self) -> Vec<&'static str> {
        let out = std::cell::RefCell::new(Vec::new());
        self.find_along(&|t| {
            out.borrow_mut().extend(t.methods.iter().map(|m| m.name));
            None::<()>
        });
        out.into_inner()
    }

    /// Whether any class of the chain can be called to make instances.
    fn constructor(&self) -> Option<Constructor> {
        let mut cur = Some(self);
        while let Some(t) = cur {
            if let Some(new) = t.new {
                return Some(new);
            }
            cur = t.base.as_deref();
        }
        None
    }
}

/// A type object as a value.
pub fn type_value(t: &TypeRef) -> Py {
    Py::Obj(t.clone())
}

/// The class object behind a value, if it is one.
pub fn as_type(v: &Py) -> Option<TypeRef> {
    match v {
        Py::Obj(o) if o.as_any().is::<Type>() => o.clone().into_any_arc().downcast::<Type>().ok(),
        _ => None,
    }
}

impl PyObject for Type {
    fn ty(&self) -> TypeRef {
        TYPE.clone()
    }
    fn repr(&self, _this: &ObjRef, _cx: &Cx) -> PyResult<String> {
        Ok(format!("<class '{}'>", self.display_name()))
    }
    fn hash(&self, _cx: &Cx) -> PyResult<Option<i64>> {
        Ok(Some((self as *const Type as usize >> 4) as i64))
    }
    fn is_callable(&self) -> bool {
        self.constructor().is_some()
    }
    fn call(&self, this: &ObjRef, args: Args, cx: &Cx) -> PyResult<Py> {
        let Some(new) = self.constructor() else {
            return Err(exceptions::type_error(format!("cannot create '{}' instances", self.display_name())));
        };
        let Ok(me) = this.clone().into_any_arc().downcast::<Type>() else {
            return Err(exceptions::type_error("type call on a non-type"));
        };
        new(cx, &me, args)
    }
    fn blocks(&self, method: Option<&str>) -> bool {
        method.and_then(|m| self.lookup(m)).is_some_and(|m| m.blocking)
    }
    fn to_value(&self, _cx: &Cx) -> PyResult<Option<Value>> {
        // Pickle names a class by module and name; a class made at run time
        // (a named tuple's) lives in `__main__`, which it cannot import.
        if self.module == "__main__" {
            return Err(exceptions::pickling_error(format!(
                "Can't pickle <class '__main__.{0}'>: attribute lookup {0} on __main__ failed",
                self.name
            )));
        }
        Ok(Some(super::semantics::global_ref(&self.module, &self.name)))
    }
    fn getattr(&self, this: &ObjRef, name: &str, _cx: &Cx) -> PyResult<Option<Py>> {
        let Ok(me) = this.clone().into_any_arc().downcast::<Type>() else { return Ok(None) };
        if let Some(m) = self.lookup(name) {
            return Ok(Some(match m.kind {
                MethodKind::Instance => Py::obj(MethodDescriptor::new(me, m)),
                MethodKind::Class => Py::obj(BoundMethod::new(Py::Obj(me), m)),
                MethodKind::Static => Py::obj(BoundMethod::unbound(me, m)),
                MethodKind::Property => return Ok(None),
            }));
        }
        if let Some(v) = self.class_attr(name) {
            return Ok(Some(v));
        }
        Ok(Some(match name {
            "__name__" | "__qualname__" => Py::str(&*self.name),
            "__module__" => Py::str(&*self.module),
            "__doc__" => self.doc.map_or(Py::None, Py::str),
            "__base__" => self.base.as_ref().map_or(Py::None, type_value),
            "__bases__" => Py::tuple(self.bases().iter().map(type_value).collect::<Vec<_>>()),
            "__mro__" => Py::tuple(me.mro().iter().map(type_value).collect::<Vec<_>>()),
            _ => return Ok(None),
        }))
    }
    fn attr_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.method_names().into_iter().map(String::from).collect();
        names.extend(self.attrs.iter().map(|(k, _)| k.to_string()));
        names.extend(
            ["__name__", "__qualname__", "__module__", "__doc__", "__base__", "__bases__", "__mro__"].map(String::from),
        );
        names
    }
}

/// Id of a class for its id pack: the address of its type object.
pub fn class_id(t: &TypeRef) -> i64 {
    let o: ObjRef = t.clone();
    address(&o)
}

static TYPE_METHODS: [Method; 2] = [
    method("mro", |_, this, _| {
        let t = as_type(this).ok_or_else(|| exceptions::type_error("descriptor 'mro' requires a 'type' object"))?;
        Ok(Py::tuple(t.mro().iter().map(type_value).collect::<Vec<_>>()))
    }),
    // The classes the agent knows that derive directly from this one (the
    // builtin exception hierarchy and the classes modules registered).
    method("__subclasses__", |_, this, _| {
        let t = as_type(this)
            .ok_or_else(|| exceptions::type_error("descriptor '__subclasses__' requires a 'type' object"))?;
        let direct: Vec<Py> = exceptions::builtin_exceptions()
            .iter()
            .filter(|c| c.base.as_ref().is_some_and(|b| Arc::ptr_eq(b, &t)))
            .map(type_value)
            .collect();
        Ok(Py::tuple(direct))
    }),
];

/// `object`, the root of every class.
pub static OBJECT: LazyLock<TypeRef> = LazyLock::new(|| {
    Arc::new(Type {
        name: Cow::Borrowed("object"),
        module: Cow::Borrowed("builtins"),
        base: None,
        methods: &[],
        new: None,
        doc: Some("The base class of the class hierarchy."),
        attrs: Vec::new(),
        specials: &[],
        c_type: false,
        other_bases: Vec::new(),
        qualified: OnceLock::new(),
    })
});

/// `type`, the class of classes.
pub static TYPE: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("builtins", "type", None, &TYPE_METHODS, Some(type_new)));

/// `type(x)`: the class of `x` (making new classes is not supported).
fn type_new(cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    if args.pos.len() == 1 && args.kw.is_empty() {
        return Ok(Py::Obj((cx.hooks.type_of)(&args.pos[0])));
    }
    if args.pos.len() == 3 {
        return Err(exceptions::not_implemented("type(name, bases, dict): making classes"));
    }
    Err(exceptions::type_error("type() takes 1 or 3 arguments"))
}
