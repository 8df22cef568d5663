//! Remote operations the commands share: resolving `module.attr`, calling
//! it, and bringing results back by value.

use rpyc_protocol::{Client, Error, Netref, Obj, Remote, Value};

use crate::call_args::CallArgs;

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
pub async fn exec(client: &Client, target: &str, args: &CallArgs) -> Result<Value, Error> {
    let (module, attr) = split_target(target).map_err(Error::Unexpected)?;
    let found = client.module_attr(module, attr).await?;
    let callee = match found {
        Obj::Remote(r) if is_callable(client, &r, args).await? => r,
        other if args.is_empty() => return fetch(client, other).await,
        _ => return Err(Error::Unexpected(format!("{target} is not callable, and arguments were given"))),
    };
    let (pos, kw) = args.to_remote();
    let result = client.call(&callee, pos, kw).await?;
    fetch(client, result).await
}

async fn is_callable(client: &Client, r: &Netref, args: &CallArgs) -> Result<bool, Error> {
    if r.is_class() || CALLABLE_TYPES.contains(&r.type_name()) || !args.is_empty() {
        return Ok(true);
    }
    let answer = client.call_function("builtins", "callable", vec![r.into()], vec![]).await?;
    Ok(matches!(answer, Obj::Value(Value::Bool(true))))
}

/// A result by value. References are copied with PICKLE; what cannot be
/// pickled (an `os.environ`, a generator) is copied as `dict(x)` or
/// `list(x)`, and failing that shown as its repr.
pub async fn fetch(client: &Client, result: Remote) -> Result<Value, Error> {
    match result {
        Obj::Value(v) => Ok(v),
        Obj::Tuple(items) => {
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                out.push(Box::pin(fetch(client, item)).await?);
            }
            Ok(Value::Tuple(out))
        }
        Obj::Remote(r) => match client.obtain(&r).await {
            Ok(v) => Ok(v),
            Err(Error::Remote(_) | Error::Pickle(_)) => copy_by_container(client, &r).await,
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
        Ok(other) => Box::pin(fetch(client, other)).await,
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
