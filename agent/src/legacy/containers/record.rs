//! Records: struct sequences, named tuples and plain classes.

use std::sync::Arc;

use rpyc_protocol::{Obj, Record, Value};

use super::*;
use crate::legacy::args::{self, Args};
use crate::legacy::context::Cx;
use crate::legacy::exc::{self, PyResult};
use crate::legacy::object::{next_instance_id, PyObject, PyRef, Val, CONTAINER_SPECIALS};

/// How a record is rebuilt by pickle on the client.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum RecordKind {
    /// A struct sequence (`os.stat_result`, `posix.uname_result`,
    /// `time.struct_time`): the first `n` fields are its tuple part.
    StructSeq { visible: usize },
    /// A named tuple (`shutil._ntuple_diskusage`): every field is positional.
    NamedTuple,
    /// A plain class (`subprocess.CompletedProcess`): fields are attributes.
    Plain,
}

/// A record object with named fields.
pub struct RecordObj {
    class: &'static str,
    /// How `repr` names the class (`os.stat_result`, `CompletedProcess`).
    display: &'static str,
    kind: RecordKind,
    fields: Vec<(&'static str, Val)>,
    id: i64,
}

impl RecordObj {
    pub fn new(
        class: &'static str,
        display: &'static str,
        kind: RecordKind,
        fields: Vec<(&'static str, Val)>,
    ) -> PyRef {
        Arc::new(RecordObj { class, display, kind, fields, id: next_instance_id() })
    }

    fn sequence(&self) -> &[(&'static str, Val)] {
        match self.kind {
            RecordKind::StructSeq { visible } => &self.fields[..visible.min(self.fields.len())],
            RecordKind::NamedTuple => &self.fields,
            RecordKind::Plain => &[],
        }
    }
}

impl PyObject for RecordObj {
    fn type_name(&self) -> &str {
        self.class
    }
    fn instance_id(&self) -> i64 {
        self.id
    }
    fn methods(&self) -> &[&str] {
        match self.kind {
            RecordKind::Plain => &["check_returncode"],
            _ => CONTAINER_SPECIALS,
        }
    }
    fn getattr(&self, _this: &PyRef, name: &str, _cx: &Cx) -> PyResult<Val> {
        // The last field of a name wins: struct sequences repeat visible
        // fields with more precision (st_mtime as a float) after the tuple.
        self.fields
            .iter()
            .rev()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.clone())
            .ok_or_else(|| exc::attribute_error(self.class, name))
    }
    fn attr_names(&self) -> Vec<String> {
        self.fields.iter().map(|(n, _)| (*n).to_owned()).collect()
    }
    fn call_method(&self, this: &PyRef, name: &str, args: Args, cx: &Cx) -> PyResult<Val> {
        let seq = self.sequence();
        match name {
            "__len__" => Ok(Obj::Value(Value::from(seq.len()))),
            "__bool__" => Ok(Obj::Value(Value::Bool(!seq.is_empty()))),
            "__iter__" => {
                Ok(Obj::Local(SeqIter::new("builtins.tuple_iterator", seq.iter().map(|(_, v)| v.clone()).collect())))
            }
            "__getitem__" => {
                let [i] = args.bind("tuple", ["index"])?;
                match args::req(i) {
                    Obj::Value(Value::Slice(parts)) => Ok(Obj::Tuple(
                        slice_indices(&parts, seq.len())?.into_iter().map(|i| seq[i].1.clone()).collect(),
                    )),
                    i => Ok(seq[index("tuple", &i, seq.len())?].1.clone()),
                }
            }
            "__contains__" => {
                let [x] = args.bind("tuple", ["value"])?;
                let x = args::req(x);
                Ok(Obj::Value(Value::Bool(seq.iter().any(|(_, v)| val_eq(v, &x)))))
            }
            "check_returncode" => {
                let field =
                    |n: &str| self.fields.iter().find(|(f, _)| *f == n).map(|(_, v)| v.clone()).unwrap_or(Obj::none());
                let code = field("returncode");
                if matches!(code, Obj::Value(Value::Int(0))) {
                    return Ok(Obj::none());
                }
                let _ = this;
                Err(exc::called_process_error(
                    cx.value(&code)?,
                    cx.value(&field("args"))?,
                    cx.value(&field("stdout"))?,
                    cx.value(&field("stderr"))?,
                ))
            }
            "__setitem__" | "__delitem__" => {
                Err(exc::type_error(format!("'{}' object does not support item assignment", self.display)))
            }
            _ => Err(exc::attribute_error(self.class, name)),
        }
    }
    fn repr(&self, cx: &Cx) -> PyResult<String> {
        let shown = match self.kind {
            RecordKind::StructSeq { visible } => &self.fields[..visible.min(self.fields.len())],
            _ => &self.fields[..],
        };
        let inner: Vec<String> = shown.iter().map(|(n, v)| format!("{n}={}", val_repr(v, cx))).collect();
        Ok(format!("{}({})", self.display, inner.join(", ")))
    }
    fn sequence_value(&self, cx: &Cx) -> PyResult<Option<Value>> {
        if self.kind == RecordKind::Plain {
            return Ok(None);
        }
        let seq = self.sequence().iter().map(|(_, v)| cx.value(v)).collect::<PyResult<_>>()?;
        Ok(Some(Value::Tuple(seq)))
    }
    fn to_value(&self, cx: &Cx) -> PyResult<Option<Value>> {
        let _depth = Nesting::enter_or_raise("copying a record")?;
        let mut values = Vec::with_capacity(self.fields.len());
        for (_, v) in &self.fields {
            values.push(cx.value(v)?);
        }
        let record = match self.kind {
            RecordKind::StructSeq { visible } => {
                let extra = values.split_off(visible.min(values.len()));
                let extra_pairs = self.fields[visible.min(self.fields.len())..]
                    .iter()
                    .zip(extra)
                    .map(|((n, _), v)| (Value::str(*n), v))
                    .collect();
                Record {
                    class: self.class.to_owned(),
                    args: vec![Value::Tuple(values), Value::Dict(extra_pairs)],
                    state: None,
                }
            }
            RecordKind::NamedTuple => Record { class: self.class.to_owned(), args: values, state: None },
            RecordKind::Plain => Record {
                class: self.class.to_owned(),
                args: Vec::new(),
                state: Some(Value::Dict(
                    self.fields.iter().zip(values).map(|((n, _), v)| (Value::str(*n), v)).collect(),
                )),
            },
        };
        Ok(Some(Value::Record(Box::new(record))))
    }
}
