//! `--diff` output as ansible-playbook's callbacks print it: `difflib.unified_diff` (the same
//! matching algorithm, so the same hunks) over before/after texts, mappings serialized as
//! indented JSON first, and the reasons a file was not diffed.

use std::collections::HashMap;

use serde_json::Value as Json;

use crate::play::pyjson;

/// Lines with their ends kept (`str.splitlines(True)`: every line boundary Python knows).
fn split_keep(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut line = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        line.push(c);
        let end = match c {
            '\r' => chars.peek() != Some(&'\n'),
            '\n' | '\u{0b}' | '\u{0c}' | '\u{1c}' | '\u{1d}' | '\u{1e}' | '\u{85}' | '\u{2028}' | '\u{2029}' => true,
            _ => false,
        };
        if end {
            out.push(std::mem::take(&mut line));
        }
    }
    if !line.is_empty() {
        out.push(line);
    }
    out
}

/// `difflib.SequenceMatcher(None, a, b)` (with autojunk): the matching blocks.
fn matching_blocks(a: &[String], b: &[String]) -> Vec<(usize, usize, usize)> {
    let mut b2j: HashMap<&str, Vec<usize>> = HashMap::new();
    for (j, line) in b.iter().enumerate() {
        b2j.entry(line.as_str()).or_default().push(j);
    }
    if b.len() >= 200 {
        let limit = b.len() / 100 + 1;
        b2j.retain(|_, js| js.len() <= limit);
    }
    let longest = |alo: usize, ahi: usize, blo: usize, bhi: usize| {
        let (mut besti, mut bestj, mut bestsize) = (alo, blo, 0usize);
        let mut j2len: HashMap<usize, usize> = HashMap::new();
        for (i, line) in a.iter().enumerate().take(ahi).skip(alo) {
            let mut next: HashMap<usize, usize> = HashMap::new();
            if let Some(js) = b2j.get(line.as_str()) {
                for &j in js {
                    if j < blo {
                        continue;
                    }
                    if j >= bhi {
                        break;
                    }
                    let k = j.checked_sub(1).and_then(|p| j2len.get(&p)).copied().unwrap_or(0) + 1;
                    next.insert(j, k);
                    if k > bestsize {
                        (besti, bestj, bestsize) = (i + 1 - k, j + 1 - k, k);
                    }
                }
            }
            j2len = next;
        }
        while besti > alo && bestj > blo && a[besti - 1] == b[bestj - 1] {
            (besti, bestj, bestsize) = (besti - 1, bestj - 1, bestsize + 1);
        }
        while besti + bestsize < ahi && bestj + bestsize < bhi && a[besti + bestsize] == b[bestj + bestsize] {
            bestsize += 1;
        }
        (besti, bestj, bestsize)
    };
    let mut queue = vec![(0, a.len(), 0, b.len())];
    let mut blocks = Vec::new();
    while let Some((alo, ahi, blo, bhi)) = queue.pop() {
        let (i, j, k) = longest(alo, ahi, blo, bhi);
        if k > 0 {
            blocks.push((i, j, k));
            if alo < i && blo < j {
                queue.push((alo, i, blo, j));
            }
            if i + k < ahi && j + k < bhi {
                queue.push((i + k, ahi, j + k, bhi));
            }
        }
    }
    blocks.sort_unstable();
    let mut merged: Vec<(usize, usize, usize)> = Vec::new();
    for (i, j, k) in blocks {
        match merged.last_mut() {
            Some((i1, j1, k1)) if *i1 + *k1 == i && *j1 + *k1 == j => *k1 += k,
            _ => merged.push((i, j, k)),
        }
    }
    merged.push((a.len(), b.len(), 0));
    merged
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Tag {
    Equal,
    Replace,
    Delete,
    Insert,
}

type Opcode = (Tag, usize, usize, usize, usize);

fn opcodes(a: &[String], b: &[String]) -> Vec<Opcode> {
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    for (ai, bj, size) in matching_blocks(a, b) {
        let tag = match (i < ai, j < bj) {
            (true, true) => Some(Tag::Replace),
            (true, false) => Some(Tag::Delete),
            (false, true) => Some(Tag::Insert),
            (false, false) => None,
        };
        if let Some(tag) = tag {
            out.push((tag, i, ai, j, bj));
        }
        (i, j) = (ai + size, bj + size);
        if size > 0 {
            out.push((Tag::Equal, ai, i, bj, j));
        }
    }
    out
}

/// `SequenceMatcher.get_grouped_opcodes(n)`.
fn grouped(a: &[String], b: &[String], n: usize) -> Vec<Vec<Opcode>> {
    let mut codes = opcodes(a, b);
    if codes.is_empty() {
        codes.push((Tag::Equal, 0, 1, 0, 1));
    }
    if let Some(first) = codes.first_mut() {
        if first.0 == Tag::Equal {
            let (t, i1, i2, j1, j2) = *first;
            *first = (t, i1.max(i2.saturating_sub(n)), i2, j1.max(j2.saturating_sub(n)), j2);
        }
    }
    if let Some(last) = codes.last_mut() {
        if last.0 == Tag::Equal {
            let (t, i1, i2, j1, j2) = *last;
            *last = (t, i1, i2.min(i1 + n), j1, j2.min(j1 + n));
        }
    }
    let mut groups = Vec::new();
    let mut group = Vec::new();
    for (tag, i1, i2, j1, j2) in codes {
        let (mut i1, mut j1) = (i1, j1);
        if tag == Tag::Equal && i2 - i1 > 2 * n {
            group.push((tag, i1, i2.min(i1 + n), j1, j2.min(j1 + n)));
            groups.push(std::mem::take(&mut group));
            i1 = i1.max(i2.saturating_sub(n));
            j1 = j1.max(j2.saturating_sub(n));
        }
        group.push((tag, i1, i2, j1, j2));
    }
    let only_context = group.len() == 1 && group[0].0 == Tag::Equal;
    if !group.is_empty() && !only_context {
        groups.push(group);
    }
    groups
}

fn range(start: usize, stop: usize) -> String {
    let beginning = start + 1;
    let length = stop - start;
    match length {
        1 => format!("{beginning}"),
        0 => format!("{},0", beginning - 1),
        _ => format!("{beginning},{length}"),
    }
}

/// `difflib.unified_diff(a, b, fromfile, tofile, n=3)`, each line with its end.
pub fn unified(a: &[String], b: &[String], from: &str, to: &str) -> Vec<String> {
    let mut out = Vec::new();
    for group in grouped(a, b, 3) {
        if out.is_empty() {
            out.push(format!("--- {from}\n"));
            out.push(format!("+++ {to}\n"));
        }
        let (first, last) = (group[0], group[group.len() - 1]);
        out.push(format!("@@ -{} +{} @@\n", range(first.1, last.2), range(first.3, last.4)));
        for (tag, i1, i2, j1, j2) in group {
            if tag == Tag::Equal {
                out.extend(a[i1..i2].iter().map(|l| format!(" {l}")));
                continue;
            }
            if matches!(tag, Tag::Replace | Tag::Delete) {
                out.extend(a[i1..i2].iter().map(|l| format!("-{l}")));
            }
            if matches!(tag, Tag::Replace | Tag::Insert) {
                out.extend(b[j1..j2].iter().map(|l| format!("+{l}")));
            }
        }
    }
    out
}

/// How one diff line is shown: added, removed, a hunk header, or context.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    Add,
    Remove,
    Hunk,
    Plain,
}

/// The text ansible-playbook's `_get_diff` makes of a result's `diff` (a mapping or a list
/// of them), as (kind, text) pieces for colouring.
pub fn render(diff: &Json) -> Vec<(LineKind, String)> {
    let list: Vec<&Json> = match diff {
        Json::Array(items) => items.iter().collect(),
        other => vec![other],
    };
    let mut out = Vec::new();
    for d in list {
        let Json::Object(d) = d else { continue };
        let size = |k: &str| d.get(k).map(|v| v.to_string()).unwrap_or_default();
        let notes = [
            ("dst_binary", "diff skipped: destination file appears to be binary\n".to_owned()),
            ("src_binary", "diff skipped: source file appears to be binary\n".to_owned()),
            ("dst_larger", format!("diff skipped: destination file size is greater than {}\n", size("dst_larger"))),
            ("src_larger", format!("diff skipped: source file size is greater than {}\n", size("src_larger"))),
        ];
        for (key, note) in notes {
            if d.contains_key(key) {
                out.push((LineKind::Plain, note));
            }
        }
        if let (Some(before), Some(after)) = (d.get("before"), d.get("after")) {
            let as_text = |v: &Json| match v {
                Json::Object(_) => format!("{}\n", pyjson::dumps(v, Some(4))),
                Json::Null => String::new(),
                Json::String(s) => s.clone(),
                other => other.to_string(),
            };
            let header = |key: &str, word: &str| match d.get(key) {
                Some(h) => format!("{word}: {}", crate::play::modules::text(h)),
                None => word.to_owned(),
            };
            let lines = |text: String| {
                let mut lines = split_keep(&text);
                if let Some(last) = lines.last_mut() {
                    if !last.ends_with('\n') {
                        last.push_str("\n\\ No newline at end of file\n");
                    }
                }
                lines
            };
            let diff = unified(
                &lines(as_text(before)),
                &lines(as_text(after)),
                &header("before_header", "before"),
                &header("after_header", "after"),
            );
            let any = !diff.is_empty();
            for line in diff {
                let kind = if line.starts_with('+') {
                    LineKind::Add
                } else if line.starts_with('-') {
                    LineKind::Remove
                } else if line.starts_with("@@") {
                    LineKind::Hunk
                } else {
                    LineKind::Plain
                };
                out.push((kind, line));
            }
            if any {
                out.push((LineKind::Plain, "\n".into()));
            }
        }
        if let Some(p) = d.get("prepared") {
            out.push((LineKind::Plain, crate::play::modules::text(p)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn text(diff: &Json) -> String {
        render(diff).into_iter().map(|(_, t)| t).collect()
    }

    #[test]
    fn unified_hunks_as_difflib() {
        let d = json!({"before": "a\nb\nc\nd\ne\nf\ng\nh\ni\n", "after": "a\nb\nc\nD\ne\nf\ng\nh\ni\nj", "before_header": "/x"});
        assert_eq!(
            text(&d),
            "--- before: /x\n+++ after\n@@ -1,9 +1,10 @@\n a\n b\n c\n-d\n+D\n e\n f\n g\n h\n i\n+j\n\\ No newline at end of file\n\n"
        );
    }

    #[test]
    fn far_apart_changes_make_two_hunks() {
        // As difflib.unified_diff gives it (checked with CPython 3.11).
        let before: String = (1..=20).map(|i| format!("line{i}\n")).collect();
        let after = before.replace("line2\n", "two\n").replace("line19\n", "nineteen\n");
        let t = text(&json!({"before": before, "after": after}));
        assert!(t.starts_with("--- before\n+++ after\n@@ -1,5 +1,5 @@\n line1\n-line2\n+two\n line3\n"), "{t}");
        assert!(t.contains(" line5\n@@ -16,5 +16,5 @@\n line16\n"), "{t}");
        assert!(t.ends_with("-line19\n+nineteen\n line20\n\n"), "{t}");
    }

    #[test]
    fn mappings_are_diffed_as_json() {
        let d = json!({"before": {"path": "/p", "state": "absent"}, "after": {"path": "/p", "state": "directory"}});
        assert_eq!(
            text(&d),
            "--- before\n+++ after\n@@ -1,4 +1,4 @@\n {\n     \"path\": \"/p\",\n-    \"state\": \"absent\"\n+    \"state\": \"directory\"\n }\n\n"
        );
        assert_eq!(text(&json!({"before": {"path": "/p"}, "after": {"path": "/p"}})), "");
        assert_eq!(text(&json!({"dst_binary": 1})), "diff skipped: destination file appears to be binary\n");
    }
}
