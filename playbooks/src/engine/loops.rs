//! Loop items: `loop`, `with_items` (flattened one level), `with_list`, `with_dict`
//! (`{key, value}` items) and `with_fileglob` (controller files), plus the per-item loop
//! variables (`item` or `loop_var`, `index_var`, `ansible_loop_var`, `ansible_loop`).

use std::path::Path;

use serde_json::{Map, Value as Json};

use super::actions::find_local;
use crate::model::{Loop, LoopKind, Task};
use crate::template::{self, pystr, Vars};
use crate::Error;

/// The items of a task's loop for a host.
pub(crate) fn items(task: &Task, lp: &Loop, vars: &Vars, basedir: &Path) -> Result<Vec<Json>, Error> {
    let rendered = template::render_deep(&lp.items, vars)?;
    match &lp.kind {
        LoopKind::Items { flatten } => {
            let list = match rendered {
                Json::Array(a) => a,
                Json::Null => Vec::new(),
                Json::String(s) if *flatten => vec![Json::String(s)],
                other => {
                    return Err(Error::Other(format!(
                        "Invalid data passed to 'loop', it requires a list, got this instead: {}. Hint: If you passed a list/dict of just one element, try adding wantlist=True to your lookup invocation or use q/query instead of lookup.",
                        pystr(&other)
                    )))
                }
            };
            if !flatten {
                return Ok(list);
            }
            Ok(list.into_iter().flat_map(|i| if let Json::Array(inner) = i { inner } else { vec![i] }).collect())
        }
        LoopKind::Dict => match rendered {
            Json::Object(m) => Ok(m
                .into_iter()
                .map(|(k, v)| {
                    let mut o = Map::new();
                    o.insert("key".into(), Json::String(k));
                    o.insert("value".into(), v);
                    Json::Object(o)
                })
                .collect()),
            other => Err(Error::Other(format!("with_dict expects a dict, got {}", pystr(&other)))),
        },
        LoopKind::Fileglob => {
            let patterns = match rendered {
                Json::Array(a) => a,
                other => vec![other],
            };
            let mut out = Vec::new();
            for p in patterns {
                out.extend(fileglob(task, &pystr(&p), basedir)?.into_iter().map(Json::String));
            }
            Ok(out)
        }
    }
}

/// `fileglob`: files (not directories) matching a `*`/`?`/`[...]` pattern in its last path
/// component, the directory found like `copy`'s `src` (the role's `files/` first).
fn fileglob(task: &Task, pattern: &str, basedir: &Path) -> Result<Vec<String>, Error> {
    let (dir, name) = match pattern.rsplit_once('/') {
        Some((d, n)) => (if d.is_empty() { "/" } else { d }, n),
        None => (".", pattern),
    };
    let Some(dir) = find_local(task, "files", dir, basedir) else { return Ok(Vec::new()) };
    let mut re = String::from("^");
    for c in name.chars() {
        match c {
            '*' => re.push_str("[^/]*"),
            '?' => re.push_str("[^/]"),
            '[' | ']' => re.push(c),
            c => re.push_str(&regex::escape(&c.to_string())),
        }
    }
    re.push('$');
    let re = regex::Regex::new(&re).map_err(|e| Error::Other(format!("bad fileglob pattern '{pattern}': {e}")))?;
    let mut out: Vec<String> = std::fs::read_dir(&dir)
        .map_err(|e| Error::Other(format!("{}: {e}", dir.display())))?
        .filter_map(Result::ok)
        .filter(|e| e.path().is_file() && re.is_match(&e.file_name().to_string_lossy()))
        .map(|e| e.path().display().to_string())
        .collect();
    out.sort();
    Ok(out)
}

/// The variables one item adds.
pub(crate) fn item_vars(lp: &Loop, item: &Json, index: usize, all: &[Json]) -> Map<String, Json> {
    let mut m = Map::new();
    m.insert(lp.loop_var.clone(), item.clone());
    m.insert("ansible_loop_var".into(), Json::from(lp.loop_var.as_str()));
    if let Some(iv) = &lp.index_var {
        m.insert(iv.clone(), Json::from(index));
        m.insert("ansible_index_var".into(), Json::from(iv.as_str()));
    }
    if lp.extended {
        let n = all.len();
        let mut l = Map::new();
        l.insert("allitems".into(), Json::from(all.to_vec()));
        l.insert("index".into(), Json::from(index + 1));
        l.insert("index0".into(), Json::from(index));
        l.insert("revindex".into(), Json::from(n - index));
        l.insert("revindex0".into(), Json::from(n - index - 1));
        l.insert("first".into(), Json::Bool(index == 0));
        l.insert("last".into(), Json::Bool(index + 1 == n));
        l.insert("length".into(), Json::from(n));
        if index > 0 {
            l.insert("previtem".into(), all[index - 1].clone());
        }
        if index + 1 < n {
            l.insert("nextitem".into(), all[index + 1].clone());
        }
        m.insert("ansible_loop".into(), Json::Object(l));
    }
    m
}
