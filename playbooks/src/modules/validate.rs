//! Checking a task's module arguments against the module's spec, in the order and with the
//! messages of Ansible's `ArgumentSpecValidator`: aliases, unsupported parameters, mutually
//! exclusive, required, types, choices, required together / one of / if / by.
//!
//! The same checks run twice: when the playbook is parsed ([`Phase::Parse`], where a value that
//! is still a Jinja template is only checked for presence) and after templating, just before the
//! module runs ([`Phase::Run`], which also converts types and fills in defaults).

use serde_json::{Map, Value};

use super::args::ModuleArgs;
use super::coerce::coerce;
use super::spec::{ArgType, ModuleSpec, OptionSpec};
use crate::error::one_of;
use crate::template::is_template;

/// When the arguments are checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// At parse time: values may still hold templates.
    Parse,
    /// After templating: everything is checked and converted.
    Run,
}

/// A rejected argument: which option (as written, when one is to blame) and Ansible's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArgError {
    pub option: Option<String>,
    pub message: String,
}

fn err(option: Option<&str>, message: String) -> ArgError {
    ArgError { option: option.map(str::to_owned), message }
}

fn is_set(args: &Map<String, Value>, name: &str) -> bool {
    args.get(name).is_some_and(|v| !v.is_null())
}

/// Validates `given` (option names as written) for `spec`.
pub fn validate(spec: &ModuleSpec, given: &Map<String, Value>, phase: Phase) -> Result<ModuleArgs, ArgError> {
    // Aliases → canonical names; unknown names collected.
    let mut args = Map::new();
    let mut written: Map<String, Value> = Map::new();
    let mut unknown = Vec::new();
    for (name, value) in given {
        if spec.takes_any_key() && !spec.options.contains_key(name.as_str()) {
            args.insert(name.clone(), value.clone());
            continue;
        }
        match spec.canonical(name) {
            Some(c) => {
                written.insert(c.to_owned(), Value::String(name.clone()));
                args.insert(c.to_owned(), value.clone());
            }
            None => unknown.push(name.as_str()),
        }
    }
    if let Some(first) = unknown.first() {
        let message = if unknown == ["_raw_params"] || unknown == ["free_form"] {
            format!(
                "the module '{}' takes no free-form text; supported parameters include: {}",
                spec.name,
                one_of(spec.public_names())
            )
        } else {
            format!(
                "Unsupported parameters for ({}) module: {}. Supported parameters include: {}.",
                spec.name,
                one_of(&unknown),
                one_of(spec.public_names())
            )
        };
        return Err(err(Some(first), message));
    }
    let as_written = |c: &str| written.get(c).and_then(Value::as_str).unwrap_or(c).to_owned();

    for group in &spec.mutually_exclusive {
        let present: Vec<&String> = group.iter().filter(|k| is_set(&args, k)).collect();
        if present.len() > 1 {
            let msg = format!("parameters are mutually exclusive: {}", group.join("|"));
            return Err(err(Some(&as_written(present[1])), msg));
        }
    }
    let missing: Vec<&str> = spec
        .options
        .iter()
        .filter(|(k, o)| o.required && !is_set(&args, k) && !(spec.takes_any_key() && k.as_str() == "key_value"))
        .map(|(k, _)| k.as_str())
        .collect();
    if !missing.is_empty() {
        return Err(err(None, format!("missing required arguments: {}", one_of(&missing))));
    }
    for (name, opt) in &spec.options {
        let Some(value) = args.get(name).cloned() else { continue };
        let checked = check_value(name, opt, &value, phase).map_err(|m| err(Some(&as_written(name)), m))?;
        args.insert(name.clone(), checked);
    }
    check_dependencies(spec, &args, phase)?;
    if phase == Phase::Run {
        for (name, opt) in &spec.options {
            if !args.contains_key(name.as_str()) {
                if let Some(d) = &opt.default {
                    let v = coerce(d, opt.ty, opt.elements).unwrap_or_else(|_| d.clone());
                    args.insert(name.clone(), v);
                }
            }
        }
    }
    Ok(ModuleArgs::new(spec.name.clone(), args, no_log_names(spec)))
}

fn no_log_names(spec: &ModuleSpec) -> Vec<String> {
    spec.options.iter().filter(|(_, o)| o.no_log).map(|(k, _)| k.clone()).collect()
}

fn check_value(name: &str, opt: &OptionSpec, value: &Value, phase: Phase) -> Result<Value, String> {
    if phase == Phase::Parse && contains_template(value) {
        return Ok(value.clone());
    }
    if value.is_null() {
        return Ok(Value::Null);
    }
    let converted = coerce(value, opt.ty, opt.elements).map_err(|e| format!("argument '{name}' {e}"))?;
    if !opt.choices.is_empty() {
        let candidates: Vec<&Value> = match (&converted, opt.ty) {
            (Value::Array(items), ArgType::List) => items.iter().collect(),
            (v, _) => vec![v],
        };
        for c in candidates {
            if !opt.choices.iter().any(|choice| same_choice(choice, c)) {
                let choices: Vec<String> = opt.choices.iter().map(super::coerce::to_str).collect();
                return Err(format!(
                    "value of {name} must be one of: {}, got: {}",
                    one_of(&choices),
                    super::coerce::to_str(c)
                ));
            }
        }
    }
    if let (Some(sub), Value::Object(m)) = (&opt.suboptions, &converted) {
        for k in m.keys() {
            if !sub.contains_key(k) {
                return Err(format!("Unsupported parameters for '{name}': {k}. Supported: {}", one_of(sub.keys())));
            }
        }
    }
    Ok(converted)
}

fn same_choice(choice: &Value, v: &Value) -> bool {
    choice == v || super::coerce::to_str(choice) == super::coerce::to_str(v)
}

fn contains_template(v: &Value) -> bool {
    match v {
        Value::String(s) => is_template(s),
        Value::Array(items) => items.iter().any(contains_template),
        Value::Object(m) => m.iter().any(|(k, v)| is_template(k) || contains_template(v)),
        _ => false,
    }
}

fn check_dependencies(spec: &ModuleSpec, args: &Map<String, Value>, phase: Phase) -> Result<(), ArgError> {
    for group in &spec.required_together {
        let n = group.iter().filter(|k| is_set(args, k)).count();
        if n > 0 && n < group.len() {
            return Err(err(None, format!("parameters are required together: {}", one_of(group))));
        }
    }
    for group in &spec.required_one_of {
        if !group.iter().any(|k| is_set(args, k)) {
            return Err(err(None, format!("one of the following is required: {}", one_of(group))));
        }
    }
    for rule in &spec.required_if {
        let Some(v) = args.get(&rule.key) else { continue };
        if phase == Phase::Parse && contains_template(v) {
            continue;
        }
        if same_choice(&rule.value, v) {
            let missing: Vec<&String> = rule.requires.iter().filter(|k| !is_set(args, k)).collect();
            let unmet = if rule.any { missing.len() == rule.requires.len() } else { !missing.is_empty() };
            if unmet {
                let which = if rule.any { "any" } else { "all" };
                let msg = format!(
                    "{} is {} but {which} of the following are missing: {}",
                    rule.key,
                    super::coerce::to_str(v),
                    one_of(missing)
                );
                return Err(err(Some(&rule.key), msg));
            }
        }
    }
    for (key, needs) in &spec.required_by {
        if is_set(args, key) {
            let missing: Vec<&String> = needs.iter().filter(|k| !is_set(args, k)).collect();
            if !missing.is_empty() {
                return Err(err(Some(key), format!("missing parameter(s) required by '{key}': {}", one_of(missing))));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::modules::Catalog;
    use serde_json::json;

    fn run(module: &str, args: Value, phase: Phase) -> Result<ModuleArgs, ArgError> {
        let spec = Catalog::get().lookup(module).unwrap();
        validate(spec, args.as_object().unwrap(), phase)
    }

    #[test]
    fn aliases_defaults_and_types() {
        let a = run("file", json!({"dest": "/tmp/x", "state": "touch", "recurse": "no"}), Phase::Run).unwrap();
        assert_eq!(a.str("path"), Some("/tmp/x"));
        assert_eq!(a.bool("recurse"), Some(false));
        assert_eq!(a.bool("follow"), Some(true));
        assert_eq!(a.str("access_time_format"), Some("%Y%m%d%H%M.%S"));
    }

    #[test]
    fn ansible_messages() {
        let e = run("copy", json!({"dest": "/x", "bogus": 1}), Phase::Run).unwrap_err();
        assert_eq!(e.option.as_deref(), Some("bogus"));
        assert!(e.message.starts_with("Unsupported parameters for (copy) module: bogus. Supported parameters include: attr, attributes, backup,"), "{}", e.message);
        let e = run("copy", json!({"content": "x"}), Phase::Run).unwrap_err();
        assert_eq!(e.message, "missing required arguments: dest");
        let e = run("command", json!({"cmd": "ls", "argv": ["ls"]}), Phase::Run).unwrap_err();
        assert_eq!(e.message, "parameters are mutually exclusive: _raw_params|cmd|argv");
        assert_eq!(e.option.as_deref(), Some("argv"));
        let e = run("command", json!({"chdir": "/"}), Phase::Run).unwrap_err();
        assert_eq!(e.message, "one of the following is required: _raw_params, cmd, argv");
        let e = run("file", json!({"path": "/x", "state": "gone"}), Phase::Run).unwrap_err();
        assert_eq!(e.message, "value of state must be one of: absent, directory, file, hard, link, touch, got: gone");
        let e = run("group", json!({"name": "g", "non_unique": true}), Phase::Run).unwrap_err();
        assert_eq!(e.message, "non_unique is True but all of the following are missing: gid");
        let e = run("systemd", json!({"state": "started"}), Phase::Run).unwrap_err();
        assert_eq!(e.message, "missing parameter(s) required by 'state': name");
        let e = run("stat", json!({"path": "/x", "follow": "perhaps"}), Phase::Run).unwrap_err();
        assert!(
            e.message.starts_with("argument 'follow' is of type <class 'str'> and we were unable to convert to bool"),
            "{}",
            e.message
        );
    }

    #[test]
    fn templates_wait_for_the_run() {
        assert!(run("file", json!({"path": "/x", "state": "{{ st }}"}), Phase::Parse).is_ok());
        assert!(run("file", json!({"path": "/x", "state": "{{ st }}"}), Phase::Run).is_err());
        assert!(run("copy", json!({"content": "{{ c }}"}), Phase::Parse).is_err());
    }

    #[test]
    fn set_fact_takes_any_key() {
        let a = run("set_fact", json!({"anything": 1, "cacheable": "yes"}), Phase::Run).unwrap();
        assert_eq!(a.get("anything"), Some(&json!(1)));
        assert_eq!(a.bool("cacheable"), Some(true));
    }
}
