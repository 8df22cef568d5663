//! `resource`: `getrlimit`/`setrlimit`/`prlimit` on the agent's process
//! (or another, for `prlimit`) with the `RLIMIT_*` constants and
//! `RLIM_INFINITY`, `getrusage` returning `struct_rusage` (copied by value
//! as `resource.struct_rusage`), and `getpagesize`, with CPython's errors.

use std::sync::LazyLock;

use crate::objects::module::{f, ModuleDef};
use crate::objects::record::{record_type, RecordKind, RecordObj};
use crate::platform::limits;
use crate::runtime::args::{self, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::semantics;
use crate::runtime::types::{type_value, TypeRef};
use crate::runtime::value::Py;

pub static MODULE: ModuleDef = ModuleDef {
    name: "resource",
    type_name: "resource",
    doc: "Resource usage and limits of the process.",
    functions: &[
        f("getrlimit", getrlimit),
        f("setrlimit", setrlimit),
        f("prlimit", prlimit),
        f("getrusage", getrusage),
        f("getpagesize", getpagesize),
    ],
    attr,
    attr_names: &[
        "RLIMIT_CPU",
        "RLIMIT_FSIZE",
        "RLIMIT_DATA",
        "RLIMIT_STACK",
        "RLIMIT_CORE",
        "RLIMIT_RSS",
        "RLIMIT_NPROC",
        "RLIMIT_NOFILE",
        "RLIMIT_OFILE",
        "RLIMIT_MEMLOCK",
        "RLIMIT_AS",
        "RLIMIT_SIGPENDING",
        "RLIMIT_MSGQUEUE",
        "RLIMIT_NICE",
        "RLIMIT_RTPRIO",
        "RLIMIT_RTTIME",
        "RLIM_INFINITY",
        "RUSAGE_SELF",
        "RUSAGE_CHILDREN",
        "RUSAGE_THREAD",
        "error",
        "struct_rusage",
    ],
    setattr: None,
};

const FIELDS: [&str; 16] = [
    "ru_utime",
    "ru_stime",
    "ru_maxrss",
    "ru_ixrss",
    "ru_idrss",
    "ru_isrss",
    "ru_minflt",
    "ru_majflt",
    "ru_nswap",
    "ru_inblock",
    "ru_oublock",
    "ru_msgsnd",
    "ru_msgrcv",
    "ru_nsignals",
    "ru_nvcsw",
    "ru_nivcsw",
];

const KIND: RecordKind = RecordKind::StructSeq { visible: 16 };

/// `resource.struct_rusage`.
pub static STRUCT_RUSAGE: LazyLock<TypeRef> = LazyLock::new(|| record_type("resource", "struct_rusage", KIND, &[]));

fn attr(name: &str, _cx: &Cx) -> Option<PyResult<Py>> {
    let int = |n: i32| Some(Ok(Py::Int(n.into())));
    match name {
        "RLIM_INFINITY" => Some(Ok(Py::Int(-1))),
        "RUSAGE_SELF" => int(limits::RUSAGE_SELF),
        "RUSAGE_CHILDREN" => int(limits::RUSAGE_CHILDREN),
        "RUSAGE_THREAD" => int(limits::RUSAGE_THREAD),
        "error" => Some(Ok(type_value(&exceptions::exc_type("OSError")))),
        "struct_rusage" => Some(Ok(type_value(&STRUCT_RUSAGE))),
        _ => limits::RESOURCES.iter().find(|(n, _)| *n == name).and_then(|(_, v)| int(*v)),
    }
}

/// A resource number: a C int within the limits the platform has.
fn resource_arg(v: Option<Py>) -> PyResult<i32> {
    let r = crate::modules::time::c_int(&args::req(v))?;
    if !(0..limits::NLIMITS).contains(&r) {
        return Err(exceptions::value_error("invalid resource specified"));
    }
    Ok(r)
}

fn pair((soft, hard): (i64, i64)) -> Py {
    Py::tuple(vec![Py::Int(soft), Py::Int(hard)])
}

/// `(soft, hard)` of a limits argument: a sequence of two ints (C longs).
fn limits_arg(cx: &Cx, v: &Py) -> PyResult<(i64, i64)> {
    let items = semantics::iterate(cx, v)?;
    let [soft, hard] =
        <[Py; 2]>::try_from(items).map_err(|_| exceptions::value_error("expected a tuple of 2 integers"))?;
    let long = |v: &Py| -> PyResult<i64> {
        match semantics::index_value(v) {
            Some(Py::Int(n)) => Ok(n),
            Some(_) => Err(exceptions::overflow_error("Python int too large to convert to C long")),
            None => Err(exceptions::type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                semantics::type_name(v)
            ))),
        }
    };
    Ok((long(&soft)?, long(&hard)?))
}

/// `setrlimit`'s errors as CPython words them.
fn set_error(e: &std::io::Error) -> exceptions::PyErr {
    match e.raw_os_error() {
        Some(einval) if einval == crate::platform::errno::EINVAL => {
            exceptions::value_error("current limit exceeds maximum limit")
        }
        Some(eperm) if eperm == crate::platform::errno::EPERM => {
            exceptions::value_error("not allowed to raise maximum limit")
        }
        _ => exceptions::os_error(e, None),
    }
}

fn getrlimit(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [resource] = args.bind("getrlimit", ["resource"])?;
    let resource = resource_arg(resource)?;
    limits::get(0, resource).map(pair).map_err(|e| exceptions::os_error(&e, None))
}

fn setrlimit(cx: &Cx, args: Args) -> PyResult<Py> {
    let [resource, lims] = args.bind("setrlimit", ["resource", "limits"])?;
    let resource = resource_arg(resource)?;
    let (soft, hard) = limits_arg(cx, &args::req(lims))?;
    limits::set(0, resource, soft, hard).map_err(|e| set_error(&e))?;
    Ok(Py::None)
}

/// `prlimit(pid, resource[, limits])`: the previous limits.
fn prlimit(cx: &Cx, args: Args) -> PyResult<Py> {
    let [pid, resource, lims] = args.bind("prlimit", ["pid", "resource", "limits?"])?;
    let pid = crate::modules::time::c_int(&args::req(pid))?;
    let resource = resource_arg(resource)?;
    let result = match lims.filter(|l| !l.is_none()) {
        None => limits::get(pid, resource),
        Some(l) => {
            let (soft, hard) = limits_arg(cx, &l)?;
            limits::set(pid, resource, soft, hard)
        }
    };
    result.map(pair).map_err(|e| set_error(&e))
}

fn getrusage(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [who] = args.bind("getrusage", ["who"])?;
    let who = crate::modules::time::c_int(&args::req(who))?;
    let u = limits::usage(who).map_err(|e| match e.raw_os_error() {
        Some(n) if n == crate::platform::errno::EINVAL => exceptions::value_error("invalid who parameter"),
        _ => exceptions::os_error(&e, None),
    })?;
    let mut values = vec![Py::Float(u.utime), Py::Float(u.stime)];
    values.extend(u.counters.iter().map(|n| Py::Int(*n)));
    Ok(RecordObj::new(&STRUCT_RUSAGE, KIND, FIELDS.iter().copied().zip(values).collect()))
}

fn getpagesize(_cx: &Cx, args: Args) -> PyResult<Py> {
    args.none("getpagesize")?;
    Ok(Py::Int(limits::pagesize()))
}

#[cfg(test)]
mod tests {
    use crate::interp::{eval, execute};
    use crate::objects::testing::with_cx;
    use crate::runtime::semantics;

    #[test]
    fn limits_and_usage_as_cpython() {
        with_cx(|cx| {
            execute(cx, "import resource").expect("imports");
            let run = |src: &str| match eval(cx, src) {
                Ok(v) => semantics::repr(cx, &v).expect("repr"),
                Err(e) => format!("!{}: {}", e.class().name, e.message(cx)),
            };
            assert_eq!(run("resource.RLIM_INFINITY, resource.RLIMIT_NOFILE == resource.RLIMIT_OFILE"), "(-1, True)");
            assert_eq!(run("len(resource.getrlimit(resource.RLIMIT_NOFILE))"), "2");
            assert_eq!(run("resource.getrlimit(99)"), "!ValueError: invalid resource specified");
            assert_eq!(
                run("resource.setrlimit(resource.RLIMIT_CORE, (0,))"),
                "!ValueError: expected a tuple of 2 integers"
            );
            assert_eq!(run("resource.setrlimit(resource.RLIMIT_CORE, 5)"), "!TypeError: 'int' object is not iterable");
            assert_eq!(
                run("resource.setrlimit(resource.RLIMIT_CORE, (2**64, 2**64))"),
                "!OverflowError: Python int too large to convert to C long"
            );
            assert_eq!(
                run("resource.setrlimit(resource.RLIMIT_CORE, resource.getrlimit(resource.RLIMIT_CORE))"),
                "None"
            );
            assert_eq!(run("resource.getrusage(5)"), "!ValueError: invalid who parameter");
            execute(cx, "r = resource.getrusage(resource.RUSAGE_SELF)").expect("usage");
            assert_eq!(run("len(r), r.ru_maxrss > 0, type(r.ru_utime)"), "(16, True, <class 'float'>)");
            assert_eq!(run("resource.getpagesize() % 4096"), "0");
            let value = semantics::to_value(cx, &eval(cx, "resource.getrusage(0)").expect("usage")).expect("copies");
            assert!(value.to_string().starts_with("resource.struct_rusage(("), "{value}");
        });
    }
}
