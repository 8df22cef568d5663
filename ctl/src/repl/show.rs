//! What a REPL entry's results look like: values as Python's REPL shows
//! them (repr, long containers wrapped, `None` shows nothing), and over
//! several hosts identical results grouped — `[11 hosts] '/root'`, then
//! `[db03] FileNotFoundError: ...` — groups ordered by host name. Pure:
//! strings in, strings out; the printer writes them.

use std::collections::BTreeMap;

use rpyc_protocol::Value;

use crate::outcome::{Outcome, Status};
use crate::printer::host_json;
use crate::render;

/// How results are shown.
#[derive(Debug, Clone)]
pub struct View {
    /// One host in the session: results without a `[host]` label, as a
    /// local Python prompt would show them.
    pub single: bool,
    /// `:json`: one JSON object per host and entry.
    pub json: bool,
    /// `-v`: remote tracebacks under failures.
    pub verbose: u8,
    /// Columns to wrap values to.
    pub width: usize,
}

/// A status as text, or `None` when there is nothing to show.
fn text(status: &Status, verbose: u8, width: usize) -> Option<String> {
    match status {
        Status::Ok(Value::None) => None,
        Status::Ok(v) => Some(render::pformat(v, width)),
        Status::Failed(f) => {
            let mut t = f.text();
            if verbose > 0 {
                if let Some(tb) = &f.traceback {
                    t = format!("{}\n{t}", tb.trim_end());
                }
            }
            Some(t)
        }
        Status::Unreachable(r) => Some(format!("UNREACHABLE: {r}")),
        Status::Skipped(r) => Some(format!("skipped: {r}")),
    }
}

/// A group's label: the host, or how many hosts.
fn label(hosts: &[&str]) -> String {
    match hosts {
        [one] => format!("[{one}]"),
        many => format!("[{} hosts]", many.len()),
    }
}

/// The results of one batch of hosts (all of an entry's, or those that
/// came in together), ready to print.
pub fn results(batch: &[Outcome], view: &View) -> String {
    let mut sorted: Vec<&Outcome> = batch.iter().collect();
    sorted.sort_by(|a, b| a.host.cmp(&b.host));
    if view.json {
        return sorted.iter().map(|o| format!("{}\n", host_json(o))).collect();
    }
    // Identical texts share a group; groups keep the order of their first host.
    let mut groups: Vec<(String, Vec<&str>)> = Vec::new();
    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    for o in &sorted {
        let width = if view.single { view.width } else { view.width.saturating_sub(12) };
        let Some(t) = text(&o.status, view.verbose, width) else { continue };
        match index.get(&t) {
            Some(&i) => groups[i].1.push(&o.host),
            None => {
                index.insert(t.clone(), groups.len());
                groups.push((t, vec![&o.host]));
            }
        }
    }
    let mut out = String::new();
    for (t, hosts) in groups {
        if view.single {
            out.push_str(&t);
            out.push('\n');
            continue;
        }
        let label = label(&hosts);
        let pad = " ".repeat(label.chars().count() + 1);
        for (i, line) in t.lines().enumerate() {
            if i == 0 {
                out.push_str(&format!("{label} {line}\n"));
            } else {
                out.push_str(&format!("{pad}{line}\n"));
            }
        }
    }
    out
}

/// A host connected again after losing its connection.
pub fn reconnected(host: &str) -> String {
    format!("[{host}] reconnected: a fresh namespace (names defined before are gone)\n")
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::outcome::Failure;

    fn o(host: &str, status: Status) -> Outcome {
        Outcome { host: host.into(), status, elapsed: Duration::from_millis(1) }
    }

    fn view(single: bool) -> View {
        View { single, json: false, verbose: 0, width: 80 }
    }

    #[test]
    fn identical_results_group_and_groups_follow_host_names() {
        let missing = Status::Failed(Failure::new("FileNotFoundError", "[Errno 2] No such file or directory: '/x'"));
        let batch = vec![
            o("web2", Status::Ok(Value::str("/root"))),
            o("db03", missing),
            o("app1", Status::Ok(Value::str("/root"))),
            o("web1", Status::Ok(Value::str("/root"))),
        ];
        assert_eq!(
            results(&batch, &view(false)),
            "[3 hosts] '/root'\n[db03] FileNotFoundError: [Errno 2] No such file or directory: '/x'\n"
        );
    }

    #[test]
    fn none_shows_nothing_and_one_host_has_no_label() {
        let batch = vec![o("a", Status::Ok(Value::None)), o("b", Status::Ok(Value::None))];
        assert_eq!(results(&batch, &view(false)), "");
        assert_eq!(results(&[o("a", Status::Ok(Value::Int(2)))], &view(true)), "2\n");
        let long = Value::List((0..30).map(Value::Int).map(|i| Value::List(vec![i, Value::str("x")])).collect());
        let shown = results(&[o("a", Status::Ok(long.clone())), o("b", Status::Ok(long))], &view(false));
        let lines: Vec<&str> = shown.lines().collect();
        assert!(lines[0].starts_with("[2 hosts] [[0, 'x'],"), "{shown}");
        assert!(lines[1].starts_with("           [1, 'x'],"), "{shown}");
    }

    #[test]
    fn json_is_one_object_per_host() {
        let batch = vec![o("b", Status::Ok(Value::Int(1))), o("a", Status::Unreachable("gone".into()))];
        let shown = results(&batch, &View { json: true, ..view(false) });
        let lines: Vec<serde_json::Value> = shown.lines().map(|l| serde_json::from_str(l).expect("json")).collect();
        assert_eq!(lines[0]["host"], "a");
        assert_eq!(lines[0]["status"], "unreachable");
        assert_eq!(lines[1]["value"], 1);
    }
}
