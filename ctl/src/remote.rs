//! Remote operations the commands share: resolving `module.attr`, calling
//! it, and bringing results back by value.

use rpyc_protocol::{Client, Error, Netref, Obj, Remote, Value};

use crate::call_args::CallArgs;
use crate::render;

/// Id-pack type names of callables (functions, methods, builtins).
const CALLABLE_TYPES: &[&str] = &[
    "builtins.builtin_function_or_method",
    "builtins.function",
    "builtins.method",
    "builtins.method-wrapper",
    "builtins.method_descriptor",
    "builtins.wrapper_descriptor",
    "functools.partial",
];

/// Splits `os.path.join` into (`os.path`, `join`); a bare name is a builtin.
pub fn split_target(target: &str) -> Result<(&str, &str), String> {
    let (module, attr) = target.rsplit_once('.').unwrap_or(("builtins", target));
    let valid = |s: &str| {
        !s.is_empty() && s.split('.').all(|p| !p.is_empty() && p.chars().all(|c| c.is_alphanumeric() || c == '_'))
    };
    if !valid(module) || !valid(attr) {
        return Err(format!("'{target}' is not a module.attribute name"));
    }
    Ok((module, attr))
}

/// `module.attr(*args, **kwargs)`, or the attribute's value when it is not
/// callable and no arguments are given. The result comes back by value.
///
/// Round trips after connecting: one for the module (`getmodule`, cached
/// per connection), one for the call (`CALLATTR`: attribute and call in
/// one request), and one more only when the result is a reference to copy
/// (`PICKLE`). Without arguments, whether to call is not known beforehand:
/// `GETATTR` and `CALLATTR` go out together (pipelined, one round trip) and
/// the attribute's kind picks the answer.
pub async fn exec(client: &Client, target: &str, args: &CallArgs) -> Result<Value, Error> {
    let (module, attr) = split_target(target).map_err(Error::Unexpected)?;
    let m = client.module(module).await?;
    let (pos, kw) = args.to_remote();
    if !args.is_empty() {
        let result = client.callattr(&m, attr, pos, kw).await?;
        return fetch(client, result, Unpicklable::Copy).await;
    }
    let (found, called) = tokio::join!(client.getattr(&m, attr), client.callattr(&m, attr, pos, kw));
    let found = found?;
    if let Obj::Remote(r) = &found {
        if is_callable(client, r, called.as_ref().err()).await? {
            return fetch(client, called?, Unpicklable::Copy).await;
        }
    }
    fetch(client, found, Unpicklable::Copy).await
}

/// Whether a remote attribute is callable: known from its type when it is
/// a function, a method or a class; a call that worked proves it; asked
/// (`callable(x)`, one round trip) only when the call raised `TypeError`
/// on an object of another type.
async fn is_callable(client: &Client, r: &Netref, call_error: Option<&Error>) -> Result<bool, Error> {
    if r.is_class() || CALLABLE_TYPES.contains(&r.type_name()) {
        return Ok(true);
    }
    match call_error {
        None => Ok(true),
        Some(Error::Remote(e)) if e.qualified_name() == "TypeError" => {
            let answer = client.call_function("builtins", "callable", vec![r.into()], vec![]).await?;
            Ok(matches!(answer, Obj::Value(Value::Bool(true))))
        }
        Some(_) => Ok(true),
    }
}

/// What to make of a reference that cannot be pickled (an `os.environ`,
/// a generator, a file).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unpicklable {
    /// Copy it as `dict(x)` or `list(x)`, failing that its repr (exec:
    /// data for programs).
    Copy,
    /// Show its repr, as Python's REPL does (`<_io.TextIOWrapper ...>`);
    /// copying could consume it.
    Repr,
}

/// A result by value. References are copied with PICKLE; what cannot be
/// pickled is handled as `unpicklable` says.
pub async fn fetch(client: &Client, result: Remote, unpicklable: Unpicklable) -> Result<Value, Error> {
    match result {
        Obj::Value(v) => Ok(v),
        Obj::Tuple(items) => {
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                out.push(Box::pin(fetch(client, item, unpicklable)).await?);
            }
            Ok(Value::Tuple(out))
        }
        Obj::Remote(r) => match client.obtain(&r).await {
            Ok(v) => Ok(v),
            Err(Error::Remote(_) | Error::Pickle(_)) => match unpicklable {
                Unpicklable::Copy => copy_by_container(client, &r).await,
                Unpicklable::Repr => Ok(render::opaque(client.repr(&r).await?)),
            },
            Err(e) => Err(e),
        },
        Obj::Local(never) => match never {},
    }
}

async fn copy_by_container(client: &Client, r: &Netref) -> Result<Value, Error> {
    let has_keys =
        client.call_function("builtins", "hasattr", vec![r.into(), Value::str("keys").into()], vec![]).await?;
    let converter = if matches!(has_keys, Obj::Value(Value::Bool(true))) { "dict" } else { "list" };
    match client.call_function("builtins", converter, vec![r.into()], vec![]).await {
        Ok(Obj::Remote(copy)) => match client.obtain(&copy).await {
            Ok(v) => Ok(v),
            Err(Error::Remote(_) | Error::Pickle(_)) => Ok(Value::Str(client.repr(r).await?)),
            Err(e) => Err(e),
        },
        Ok(other) => Box::pin(fetch(client, other, Unpicklable::Copy)).await,
        Err(Error::Remote(_)) => Ok(Value::Str(client.repr(r).await?)),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_split_at_the_last_dot() {
        assert_eq!(split_target("os.path.join"), Ok(("os.path", "join")));
        assert_eq!(split_target("sys.byteorder"), Ok(("sys", "byteorder")));
        assert_eq!(split_target("len"), Ok(("builtins", "len")));
        assert!(split_target("os..x").is_err());
        assert!(split_target("os.get cwd").is_err());
    }
}
