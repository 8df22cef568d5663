//! The `[ERROR]: Task failed: ...` block ansible-core 2.19's default callback prints before
//! each failure: what failed (the module, the action, or neither), where the task is
//! (`Origin: file:line:col`), and the lines of the playbook leading to it with a caret at
//! the column. An identical block is printed once (the next host failing alike gets only
//! its `fatal:` line), as ansible-core's display deduplicates.

use std::collections::{HashMap, HashSet};

use rpyctl_playbooks::{Location, TaskInfo};
use serde_json::{Map, Value as Json};

/// Actions the engine carries out itself: their failures are the action's.
const ENGINE_ACTIONS: [&str; 6] = ["assert", "fail", "debug", "set_fact", "pause", "meta"];

#[derive(Default)]
pub struct Errors {
    shown: HashSet<String>,
    sources: HashMap<String, Vec<String>>,
}

/// `Module failed: msg`, `Action failed: msg`, or the message alone, as 2.19 words it.
fn what_failed(action: &str, result: &Map<String, Json>) -> String {
    let msg = result.get("msg").map(crate::play::modules::text);
    let from_module = result.contains_key("invocation");
    if ENGINE_ACTIONS.contains(&action) || (from_module && result.contains_key("failed_when_result")) {
        match msg.as_deref() {
            Some("") => "Action failed.".into(),
            Some(m) => format!("Action failed: {m}"),
            None => "Action failed: Unknown error.".into(),
        }
    } else if from_module {
        match msg.as_deref() {
            Some(m) if !m.is_empty() => format!("Module failed: {m}"),
            _ => "Module failed.".into(),
        }
    } else {
        msg.unwrap_or_else(|| "Unknown error.".into())
    }
}

impl Errors {
    /// The lines before (and at) `line` of `file`, numbered, with a caret under `column`.
    fn excerpt(&mut self, at: &Location) -> Option<String> {
        let lines = self.sources.entry(at.file.clone()).or_insert_with(|| {
            std::fs::read_to_string(&at.file).map(|t| t.lines().map(str::to_owned).collect()).unwrap_or_default()
        });
        let line = usize::try_from(at.line).ok().filter(|l| *l >= 1 && *l <= lines.len())?;
        let first = line.saturating_sub(2).max(1);
        let width = line.to_string().len();
        let mut out = String::new();
        for n in first..=line {
            out.push_str(&format!("{n:>width$} {}\n", lines[n - 1]));
        }
        let col = usize::try_from(at.column).unwrap_or(1).max(1);
        out.push_str(&format!("{}^ column {col}\n", " ".repeat(width + col)));
        Some(out)
    }

    /// The block for a failed result of `task` (at `location`), unless an identical one was
    /// printed already.
    pub fn failed(
        &mut self,
        task: &TaskInfo<'_>,
        location: Option<&Location>,
        result: &Map<String, Json>,
    ) -> Option<String> {
        let mut text = format!("[ERROR]: Task failed: {}\n", what_failed(task.action, result));
        if let Some(at) = location {
            text.push_str(&format!("Origin: {}:{}:{}\n\n", at.file, at.line, at.column));
            if let Some(ex) = self.excerpt(at) {
                text.push_str(&ex);
                text.push('\n');
            }
        }
        self.shown.insert(text.clone()).then_some(text)
    }

    /// The block for an unreachable host.
    pub fn unreachable(&mut self, result: &Map<String, Json>) -> Option<String> {
        let msg = result.get("msg").map(crate::play::modules::text).unwrap_or_default();
        let text = format!("[ERROR]: Task failed: {msg}\n");
        self.shown.insert(text.clone()).then_some(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn map(v: Json) -> Map<String, Json> {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn failures_are_worded_as_2_19_words_them() {
        let module = map(json!({"msg": "non-zero return code", "invocation": {}}));
        assert_eq!(what_failed("command", &module), "Module failed: non-zero return code");
        let by_condition = map(json!({"msg": "", "invocation": {}, "failed_when_result": true}));
        assert_eq!(what_failed("command", &by_condition), "Action failed.");
        let no_msg = map(json!({"invocation": {}, "failed_when_result": true}));
        assert_eq!(what_failed("copy", &no_msg), "Action failed: Unknown error.");
        assert_eq!(what_failed("assert", &map(json!({"msg": "Assertion failed"}))), "Action failed: Assertion failed");
    }

    #[test]
    fn excerpts_number_lines_and_point_at_the_column() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("p.yml");
        let text: String = (1..=10).map(|i| format!("line {i}\n")).collect();
        std::fs::write(&file, text).expect("write");
        let at = Location { file: file.display().to_string(), line: 10, column: 3 };
        let mut e = Errors::default();
        let task = TaskInfo { id: 1, name: "t", action: "fail", looped: false };
        let block = e.failed(&task, Some(&at), &map(json!({"msg": "boom"}))).expect("first");
        assert!(block.starts_with("[ERROR]: Task failed: Action failed: boom\nOrigin: "), "{block}");
        assert!(block.ends_with(":10:3\n\n 8 line 8\n 9 line 9\n10 line 10\n     ^ column 3\n\n"), "{block}");
        assert!(e.failed(&task, Some(&at), &map(json!({"msg": "boom"}))).is_none(), "printed once");
    }
}
