//! Records: objects with named fields that Python code reads like their
//! Python originals — struct sequences (`os.stat_result`,
//! `time.struct_time`), named tuples, and plain classes
//! (`subprocess.CompletedProcess`). They copy by value as pickle rebuilds
//! their class on the client.

use std::sync::Arc;

use rpyc_protocol::Value;

use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::{ObjRef, PyObject};
use crate::runtime::semantics;
use crate::runtime::types::{Method, Type, TypeRef};
use crate::runtime::value::Py;

/// How a record is rebuilt by pickle on the client.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum RecordKind {
    /// A struct sequence: the first `visible` fields are its tuple part.
    StructSeq { visible: usize },
    /// A named tuple: every field is positional.
    NamedTuple,
    /// A plain class: fields are attributes.
    Plain,
}

/// A record class of a module: a tuple subclass for struct sequences and
/// named tuples, a plain class otherwise.
pub fn record_type(module: &'static str, name: &'static str, kind: RecordKind, methods: &'static [Method]) -> TypeRef {
    let base = match kind {
        RecordKind::Plain => None,
        _ => Some(super::tuple::TUPLE.clone()),
    };
    Type::native(module, name, base.as_ref(), methods, None)
}

pub struct RecordObj {
    ty: TypeRef,
    kind: RecordKind,
    fields: Vec<(&'static str, Py)>,
    /// The class pickle names, when it is not the type's `module.name`.
    pickle_class: Option<&'static str>,
}

impl RecordObj {
    pub fn new(ty: &TypeRef, kind: RecordKind, fields: Vec<(&'static str, Py)>) -> Py {
        Py::Obj(Arc::new(RecordObj { ty: ty.clone(), kind, fields, pickle_class: None }))
    }

    /// A record that pickles as an instance of `class` (`module.name`):
    /// for named tuples whose class is not reachable by its own name
    /// (`shutil.disk_usage` returns a `usage`, which is
    /// `shutil._ntuple_diskusage`).
    pub fn new_pickled_as(ty: &TypeRef, kind: RecordKind, fields: Vec<(&'static str, Py)>, class: &'static str) -> Py {
        Py::Obj(Arc::new(RecordObj { ty: ty.clone(), kind, fields, pickle_class: Some(class) }))
    }

    fn sequence(&self) -> &[(&'static str, Py)] {
        match self.kind {
            RecordKind::StructSeq { visible } => &self.fields[..visible.min(self.fields.len())],
            RecordKind::NamedTuple => &self.fields,
            RecordKind::Plain => &[],
        }
    }

    /// A field by name.
    pub fn field(&self, name: &str) -> Option<Py> {
        // The last field of a name wins: struct sequences repeat visible
        // fields with more precision (st_mtime as a float) after the tuple.
        self.fields.iter().rev().find(|(n, _)| *n == name).map(|(_, v)| v.clone())
    }
}

impl PyObject for RecordObj {
    fn ty(&self) -> TypeRef {
        self.ty.clone()
    }
    fn repr(&self, _this: &ObjRef, cx: &Cx) -> PyResult<String> {
        let shown = match self.kind {
            RecordKind::StructSeq { visible } => &self.fields[..visible.min(self.fields.len())],
            _ => &self.fields[..],
        };
        let mut inner = Vec::with_capacity(shown.len());
        for (n, v) in shown {
            inner.push(format!("{n}={}", semantics::repr(cx, v)?));
        }
        let name = match self.kind {
            RecordKind::StructSeq { .. } => self.ty.qualified_name(),
            // `types.SimpleNamespace` calls itself `namespace`.
            _ if &**self.ty.qualified() == "types.SimpleNamespace" => "namespace".to_owned(),
            _ => self.ty.name.to_string(),
        };
        Ok(format!("{name}({})", inner.join(", ")))
    }
    fn getattr(&self, _this: &ObjRef, name: &str, _cx: &Cx) -> PyResult<Option<Py>> {
        Ok(self.field(name))
    }
    fn setattr(&self, name: &str, _value: Py, _cx: &Cx) -> PyResult<bool> {
        if self.kind == RecordKind::Plain {
            return Err(exceptions::attribute_error(&self.ty.name, name));
        }
        Err(exceptions::new("AttributeError", "readonly attribute"))
    }
    fn attr_names(&self) -> Vec<String> {
        self.fields.iter().map(|(n, _)| (*n).to_owned()).collect()
    }
    fn base_value(&self) -> Option<Py> {
        if self.kind == RecordKind::Plain {
            return None;
        }
        Some(Py::tuple(self.sequence().iter().map(|(_, v)| v.clone()).collect::<Vec<_>>()))
    }
    fn to_value(&self, cx: &Cx) -> PyResult<Option<Value>> {
        cx.check_stack("while copying a record")?;
        let mut values = Vec::with_capacity(self.fields.len());
        for (_, v) in &self.fields {
            values.push(semantics::to_value(cx, v)?);
        }
        let class = self.pickle_class.map_or_else(|| self.ty.qualified_name(), str::to_owned);
        let record = match self.kind {
            RecordKind::StructSeq { visible } => {
                let extra = values.split_off(visible.min(values.len()));
                let extra_pairs = self.fields[visible.min(self.fields.len())..]
                    .iter()
                    .zip(extra)
                    .map(|((n, _), v)| (Value::str(*n), v))
                    .collect();
                rpyc_protocol::Record { class, args: vec![Value::Tuple(values), Value::Dict(extra_pairs)], state: None }
            }
            RecordKind::NamedTuple => rpyc_protocol::Record { class, args: values, state: None },
            RecordKind::Plain => rpyc_protocol::Record {
                class,
                args: Vec::new(),
                state: Some(Value::Dict(
                    self.fields.iter().zip(values).map(|((n, _), v)| (Value::str(*n), v)).collect(),
                )),
            },
        };
        Ok(Some(Value::Record(Box::new(record))))
    }
    fn take_children(&self) -> Vec<Py> {
        self.fields.iter().map(|(_, v)| v.clone()).collect()
    }
}
