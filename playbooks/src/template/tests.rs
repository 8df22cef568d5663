//! Expectations checked against ansible-core 2.19's `debug` output.

use std::collections::BTreeMap;

use serde_json::{json, Value as Json};

use super::*;

fn vars(v: Json) -> Vars {
    Vars::new(v.as_object().cloned().unwrap_or_default(), BTreeMap::new())
}

fn r(s: &str, v: &Vars) -> Json {
    render(s, v).unwrap_or_else(|e| panic!("{s}: {e}"))
}

#[test]
fn native_types_for_a_single_expression() {
    let v = vars(json!({"n": 3, "s": "{{ n }}", "s4": "{{ n }}{{ n }}", "ws": " {{ n }} ", "l2": "[1, 2]"}));
    assert_eq!(r("{{ n }}", &v), json!(3));
    assert_eq!(r("{{ s }}", &v), json!(3));
    assert_eq!(r("{{ s4 }}", &v), json!("33"));
    assert_eq!(r("{{ ws }}", &v), json!(" 3 "));
    assert_eq!(r("{{ l2 }}", &v), json!("[1, 2]"));
    assert_eq!(r("{{ [1, 2] }}", &v), json!([1, 2]));
    assert_eq!(r("{{ {'a': 1} }}", &v), json!({"a": 1}));
    assert_eq!(r("{{ '1' }}", &v), json!("1"));
    assert_eq!(r("{{ n }}x", &v), json!("3x"));
    assert_eq!(r("plain", &v), json!("plain"));
}

#[test]
fn python_rendering_inside_strings() {
    let v = vars(json!({}));
    assert_eq!(r("{{ ('a' ~ 1) }} {{ [1,2] | map('string') | list }} {{ none }}", &v), json!("a1 ['1', '2'] "));
    assert_eq!(r("x{{ true }} {{ {'a': None} }}", &v), json!("xTrue {'a': None}"));
    assert_eq!(r("{{ 1.0 }}-{{ 2.5 }}", &v), json!("1.0-2.5"));
}

#[test]
fn lazy_and_recursive() {
    let v = vars(json!({"lazy": "{{ later }}", "later": 5, "a": "{{ b }}", "b": "{{ a }}"}));
    assert_eq!(r("{{ lazy | type_debug }}", &v), json!("int"));
    let e = render("{{ a }}", &v).unwrap_err().to_string();
    assert!(e.contains("recursive loop detected"), "{e}");
}

#[test]
fn undefined_is_an_error_naming_it() {
    let v = vars(json!({"d": {"x": 1}}));
    let e = render("{{ nope }}", &v).unwrap_err().to_string();
    assert_eq!(e, "'nope' is undefined (while templating '{{ nope }}')");
    let e = render("a {{ d.y }}", &v).unwrap_err().to_string();
    assert!(e.starts_with("object of type 'dict' has no attribute 'y'"), "{e}");
    assert_eq!(r("{{ nope | default('z') }}", &v), json!("z"));
    assert_eq!(r("{{ nope | d('z') }}", &v), json!("z"));
    assert_eq!(r("{{ nope is defined }}", &v), json!(false));
    assert_eq!(r("{{ d.x is defined }}", &v), json!(true));
    assert_eq!(r("{{ '' | default('z', true) }}", &v), json!("z"));
}

#[test]
fn undefined_chains_under_default_and_defined() {
    let v = vars(json!({"a": {"b": 1}}));
    assert_eq!(r("{{ a.x.y | default('d') }}", &v), json!("d"));
    assert_eq!(r("{{ a.x.y is defined }}", &v), json!(false));
    assert_eq!(r("v={{ a.x.y | d('d') }}", &v), json!("v=d"));
    assert!(!condition(&json!("a.x.y is defined"), &v).unwrap());
    assert!(render("{{ a.x.y }}", &v)
        .unwrap_err()
        .to_string()
        .starts_with("object of type 'dict' has no attribute 'x'"));
    assert!(render("{{ a.x.y ~ 'z' }}", &v).is_err(), "without a guard, strict");
    assert!(render("{{ a.x.y | default(omit) }}{{ a.x.z }}", &v).is_err(), "printing a chained undefined is an error");
}

#[test]
fn conditionals_must_be_boolean() {
    let v = vars(json!({"x": 2, "s": "foo"}));
    assert!(condition(&json!("x > 1"), &v).unwrap());
    assert!(!condition(&json!("x is not defined"), &v).unwrap());
    assert!(condition(&json!(true), &v).unwrap());
    assert!(condition(&json!("{{ x == 2 }}"), &v).unwrap());
    let e = condition(&json!("'foo'"), &v).unwrap_err().to_string();
    assert_eq!(e, "Conditional result (True) was derived from value of type 'str' at ''foo''. Conditionals must have a boolean result.");
    assert!(condition(&json!("y == 1"), &v).unwrap_err().to_string().starts_with("'y' is undefined"));
}

#[test]
fn ansible_filters() {
    let v = vars(json!({"d": {"a": 1, "b": {"c": 2}}, "l": [3, 1, 3, 2], "p": "/etc/app/conf.d/x.conf"}));
    let cases = [
        ("{{ 'yes' | bool }}", json!(true)),
        ("{{ 'off' | bool }}", json!(false)),
        ("{{ '42' | int + 1 }}", json!(43)),
        ("{{ 5 | string }}", json!("5")),
        ("{{ 'AbC' | lower }}{{ 'x' | upper }}", json!("abcX")),
        ("{{ l | join(',') }}", json!("3,1,3,2")),
        ("{{ 'a b  c' | split }}", json!(["a", "b", "c"])),
        ("{{ 'a,b' | split(',') }}", json!(["a", "b"])),
        ("{{ 'hello' | replace('l', 'L') }}", json!("heLLo")),
        ("{{ 'ab12cd' | regex_replace('(\\d)(\\d)', '\\2\\1') }}", json!("ab21cd")),
        ("{{ 'foo=bar' | regex_search('(\\w+)=(\\w+)', '\\2') }}", json!(["bar"])),
        ("{{ 'abc' | regex_search('x') }}", Json::Null),
        ("{{ p | basename }}", json!("x.conf")),
        ("{{ p | dirname }}", json!("/etc/app/conf.d")),
        ("{{ d | to_json }}", json!("{\"a\": 1, \"b\": {\"c\": 2}}")),
        ("{{ '{\"k\": [1]}' | from_json }}", json!({"k": [1]})),
        ("{{ d | to_yaml }}", json!("a: 1\nb: {c: 2}\n")),
        ("{{ l | length }}", json!(4)),
        ("{{ l | first }}-{{ l | last }}", json!("3-2")),
        ("{{ l | unique }}", json!([3, 1, 2])),
        ("{{ l | sort }}", json!([1, 2, 3, 3])),
        ("{{ l | map('string') | list }}", json!(["3", "1", "3", "2"])),
        ("{{ l | select('gt', 2) | list }}", json!([3, 3])),
        ("{{ l | reject('gt', 2) | list }}", json!([1, 2])),
        (
            "{{ [{'n': 1, 'on': true}, {'n': 2, 'on': false}] | selectattr('on') | map(attribute='n') | list }}",
            json!([1]),
        ),
        ("{{ d | combine({'b': {'e': 3}}, recursive=true) }}", json!({"a": 1, "b": {"c": 2, "e": 3}})),
        ("{{ d | combine({'b': {'e': 3}}) }}", json!({"a": 1, "b": {"e": 3}})),
        ("{{ {'x': 1} | dict2items }}", json!([{"key": "x", "value": 1}])),
        ("{{ [{'key': 'x', 'value': 1}] | items2dict }}", json!({"x": 1})),
        ("{{ 'hi' | b64encode }}", json!("aGk=")),
        ("{{ 'aGk=' | b64decode }}", json!("hi")),
        ("{{ 'hi' | hash('md5') }}", json!("49f68a5c8493ec2c0bf489821c21fc3b")),
        ("{{ 'hi' | hash }}", json!("c22b5f9178342609428d6f51b2c5af4c0bde6a42")),
        ("{{ \"it's x\" | quote }}", json!("'it'\"'\"'s x'")),
        ("{{ 'a.b' | quote }}", json!("a.b")),
        ("{{ 'abc'.upper() }}", json!("ABC")),
        ("{{ d.keys() | list }}", json!(["a", "b"])),
    ];
    for (tpl, want) in cases {
        assert_eq!(render(tpl, &v).unwrap_or_else(|e| panic!("{tpl}: {e}")), want, "{tpl}");
    }
}

#[test]
fn ansible_tests() {
    let v = vars(json!({
        "ok": {"changed": false, "failed": false},
        "ch": {"changed": true},
        "bad": {"failed": true, "changed": false},
        "sk": {"skipped": true, "changed": false},
        "lp": {"results": [{"changed": false}, {"changed": true}]},
    }));
    for (expr, want) in [
        ("ok is succeeded", true),
        ("ok is success", true),
        ("bad is failed", true),
        ("bad is succeeded", false),
        ("ch is changed", true),
        ("ok is changed", false),
        ("lp is changed", true),
        ("sk is skipped", true),
        ("ok is skipped", false),
        ("'foobar' is match('foo')", true),
        ("'foobar' is match('bar')", false),
        ("'foobar' is search('bar')", true),
        ("nope is undefined", true),
        ("ok is defined", true),
        ("'2.10' is version('2.9', '>')", true),
    ] {
        assert_eq!(condition(&json!(expr), &v).unwrap_or_else(|e| panic!("{expr}: {e}")), want, "{expr}");
    }
}

#[test]
fn keys_are_templated_too() {
    let v = vars(json!({"k": "name"}));
    assert_eq!(render_deep(&json!({"{{ k }}": "{{ k | upper }}"}), &v).unwrap(), json!({"name": "NAME"}));
}

#[test]
fn syntax_checks() {
    assert!(check_syntax("{{ a }").is_err());
    assert!(check_syntax("{% if %}").is_err());
    assert!(check_syntax("{{ a | default('x') }}").is_ok());
    assert!(check_expression("a ==").is_err());
    assert!(check_expression("a is defined and b").is_ok());
}

#[test]
fn template_file_options() {
    let v = vars(json!({"xs": [1, 2]}));
    let text = "{% for x in xs %}\n{{ x }}\n{% endfor %}\n";
    let trimmed = render_file_text(text, &v, TextOptions { trim_blocks: true, lstrip_blocks: false }).unwrap();
    assert_eq!(trimmed, "1\n2\n");
    let raw = render_file_text(text, &v, TextOptions::default()).unwrap();
    assert_eq!(raw, "\n1\n\n2\n\n");
}
