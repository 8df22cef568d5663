//! Ansible's Jinja tests (`is succeeded`, `is changed`, `is match`, `is version`, ...) added to
//! the environment in [`register`]; `defined`/`undefined` and the type tests are minijinja's.

use minijinja::value::Kwargs;
use minijinja::{Environment, Error, ErrorKind, Value};

fn field(v: &Value, name: &str) -> Result<Value, Error> {
    if v.kind() != minijinja::value::ValueKind::Map {
        return Err(Error::new(
            ErrorKind::InvalidOperation,
            format!("the '{name}' test expects a dictionary (a registered task result)"),
        ));
    }
    Ok(v.get_attr(name).unwrap_or_default())
}

fn truth(v: &Value) -> bool {
    !v.is_undefined() && v.is_true()
}

/// `failed`: the result's `failed` key is true.
fn failed(v: Value) -> Result<bool, Error> {
    Ok(truth(&field(&v, "failed")?))
}

fn succeeded(v: Value) -> Result<bool, Error> {
    Ok(!failed(v)?)
}

/// `changed`: the result or, for a loop, any item changed.
fn changed(v: Value) -> Result<bool, Error> {
    let c = field(&v, "changed")?;
    if !c.is_undefined() {
        return Ok(truth(&c));
    }
    let results = field(&v, "results")?;
    if let Ok(items) = results.try_iter() {
        for item in items {
            if truth(&item.get_attr("changed").unwrap_or_default()) {
                return Ok(true);
            }
        }
    }
    Ok(false)
}

fn skipped(v: Value) -> Result<bool, Error> {
    Ok(truth(&field(&v, "skipped")?))
}

fn unreachable(v: Value) -> Result<bool, Error> {
    Ok(truth(&field(&v, "unreachable")?))
}

fn regex_test(v: &str, pattern: &str, kwargs: &Kwargs, how: &str) -> Result<bool, Error> {
    let icase: Option<bool> = kwargs.get("ignorecase")?;
    let multi: Option<bool> = kwargs.get("multiline")?;
    kwargs.assert_all_used()?;
    let anchored = if how == "match" { format!("^(?:{pattern})") } else { pattern.to_owned() };
    let re = regex::RegexBuilder::new(&anchored)
        .case_insensitive(icase.unwrap_or(false))
        .multi_line(multi.unwrap_or(false))
        .build()
        .map_err(|e| Error::new(ErrorKind::InvalidOperation, format!("invalid regular expression: {e}")))?;
    Ok(re.is_match(v))
}

/// Ansible's `version` test with the `loose` scheme: numeric parts compared as numbers, others
/// as text.
fn version(v: Value, other: String, op: Option<String>) -> Result<bool, Error> {
    fn parts(s: &str) -> Vec<Result<u64, String>> {
        let re = regex::Regex::new(r"\d+|[a-zA-Z]+").ok();
        re.map(|re| re.find_iter(s).map(|m| m.as_str().parse::<u64>().map_err(|_| m.as_str().to_owned())).collect())
            .unwrap_or_default()
    }
    let mine = v.as_str().map(str::to_owned).unwrap_or_else(|| v.to_string());
    let ord = parts(&mine).cmp(&parts(&other));
    use std::cmp::Ordering::*;
    Ok(match op.as_deref().unwrap_or("eq") {
        "==" | "=" | "eq" => ord == Equal,
        "!=" | "<>" | "ne" => ord != Equal,
        "<" | "lt" => ord == Less,
        "<=" | "le" => ord != Greater,
        ">" | "gt" => ord == Greater,
        ">=" | "ge" => ord != Less,
        other => return Err(Error::new(ErrorKind::InvalidOperation, format!("Invalid operator type ({other})"))),
    })
}

fn subset(a: Value, b: Value) -> Result<bool, Error> {
    let b: Vec<Value> = b.try_iter()?.collect();
    Ok(a.try_iter()?.all(|x| b.contains(&x)))
}

/// Adds the tests to `env`.
pub fn register(env: &mut Environment<'static>) {
    for name in ["failed", "failure"] {
        env.add_test(name, failed);
    }
    for name in ["succeeded", "success", "successful"] {
        env.add_test(name, succeeded);
    }
    for name in ["changed", "change"] {
        env.add_test(name, changed);
    }
    for name in ["skipped", "skip"] {
        env.add_test(name, skipped);
    }
    env.add_test("unreachable", unreachable);
    env.add_test("reachable", |v: Value| unreachable(v).map(|u| !u));
    env.add_test("match", |v: String, p: String, k: Kwargs| regex_test(&v, &p, &k, "match"));
    env.add_test("search", |v: String, p: String, k: Kwargs| regex_test(&v, &p, &k, "search"));
    env.add_test("regex", |v: String, p: String, k: Kwargs| {
        let how: Option<String> = k.get("match_type")?;
        regex_test(&v, &p, &k, how.as_deref().unwrap_or("search"))
    });
    for name in ["version", "version_compare"] {
        env.add_test(name, version);
    }
    env.add_test("subset", subset);
    env.add_test("superset", |a: Value, b: Value| subset(b, a));
    env.add_test("contains", |a: Value, b: Value| match (a.as_str(), b.as_str()) {
        (Some(a), Some(b)) => a.contains(b),
        _ => a.try_iter().is_ok_and(|mut it| it.any(|x| x == b)),
    });
    env.add_test("truthy", |v: Value| v.is_true());
    env.add_test("falsy", |v: Value| !v.is_true());
}
