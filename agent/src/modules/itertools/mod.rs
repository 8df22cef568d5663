//! `itertools`: the iterator building blocks, each a lazy iterator class
//! as in CPython (`itertools.count(0)`, `<itertools.chain object>`).
//!
//! No iterator holds its lock while it calls out (the underlying
//! iterator's `__next__`, a predicate, a key function): it takes what it
//! needs, releases, calls, then records the result.

mod combinatoric;
mod filtering;
mod infinite;
mod joining;
#[cfg(test)]
mod tests;

use std::sync::{Mutex, MutexGuard};

use crate::objects::module::{f, ModuleDef};
use crate::runtime::args::Args;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::types::{type_value, TypeRef};
use crate::runtime::value::Py;

pub use joining::elements_of;

pub static MODULE: ModuleDef = ModuleDef {
    name: "itertools",
    type_name: "itertools",
    doc: "Functional tools for creating and using iterators.",
    functions: &[f("tee", joining::tee)],
    attr,
    attr_names: &[
        "accumulate",
        "chain",
        "combinations",
        "combinations_with_replacement",
        "compress",
        "count",
        "cycle",
        "dropwhile",
        "filterfalse",
        "groupby",
        "islice",
        "pairwise",
        "permutations",
        "product",
        "repeat",
        "starmap",
        "takewhile",
        "zip_longest",
    ],
    setattr: None,
};

fn attr(name: &str, _cx: &Cx) -> Option<PyResult<Py>> {
    let t: &TypeRef = match name {
        "accumulate" => &joining::ACCUMULATE,
        "chain" => &joining::CHAIN,
        "combinations" => &combinatoric::COMBINATIONS,
        "combinations_with_replacement" => &combinatoric::COMBINATIONS_WITH_REPLACEMENT,
        "compress" => &filtering::COMPRESS,
        "count" => &infinite::COUNT,
        "cycle" => &infinite::CYCLE,
        "dropwhile" => &filtering::DROPWHILE,
        "filterfalse" => &filtering::FILTERFALSE,
        "groupby" => &filtering::GROUPBY,
        "islice" => &filtering::ISLICE,
        "pairwise" => &joining::PAIRWISE,
        "permutations" => &combinatoric::PERMUTATIONS,
        "product" => &combinatoric::PRODUCT,
        "repeat" => &infinite::REPEAT,
        "starmap" => &joining::STARMAP,
        "takewhile" => &filtering::TAKEWHILE,
        "zip_longest" => &joining::ZIP_LONGEST,
        _ => return None,
    };
    Some(Ok(type_value(t)))
}

/// The slots every iterator shares. Iterators ask their source (which
/// may be the client's, or Python code) for items: that may wait.
macro_rules! iterator_slots {
    () => {
        fn is_iterator(&self) -> bool {
            true
        }
        fn blocks(&self, _method: Option<&str>) -> bool {
            true
        }
        fn iter(
            &self,
            this: &crate::runtime::object::ObjRef,
            _cx: &crate::runtime::context::Cx,
        ) -> crate::runtime::exceptions::PyResult<Option<crate::runtime::value::Py>> {
            Ok(Some(crate::runtime::value::Py::Obj(this.clone())))
        }
    };
}
pub(crate) use iterator_slots;

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// The arguments of a constructor that takes exactly `n` positional
/// arguments and no keywords (`dropwhile expected 2 arguments, got 1`).
fn exact_args<const N: usize>(name: &str, args: Args) -> PyResult<[Py; N]> {
    if !args.kw.is_empty() {
        return Err(exceptions::type_error(format!("{name}() takes no keyword arguments")));
    }
    let got = args.pos.len();
    <[Py; N]>::try_from(args.pos).map_err(|_| {
        exceptions::type_error(format!("{name} expected {N} argument{}, got {got}", if N == 1 { "" } else { "s" }))
    })
}
