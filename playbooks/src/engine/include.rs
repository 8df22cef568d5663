//! `include_tasks` on one host: the file name templated with the host's variables, its tasks
//! (parsed ahead when the name was fixed, else now) handed to the host's cursor.

use std::sync::Arc;

use serde_json::{Map, Value as Json};

use super::actions::failed;
use super::context::Ctx;
use super::reporter::{Event, Reporter};
use super::Executor;
use crate::model::{Action, Include, Node, Task};
use crate::parse::load_included;
use crate::template::{self, pystr, Vars};

pub(crate) fn include<E: Executor, R: Reporter>(
    ctx: &Ctx<'_, E, R>,
    host: &str,
    task: &Task,
    vars: &Vars,
    out: &mut Option<Arc<Vec<Node>>>,
    loop_vars: Option<&Map<String, Json>>,
) -> Map<String, Json> {
    let Action::IncludeTasks(inc) = &task.action else {
        return failed("not an include");
    };
    let Include { file, preloaded, inherit, params } = inc.as_ref();
    let name = match template::render_deep(file, vars) {
        Ok(v) => pystr(&v),
        Err(e) => return failed(e.message()),
    };
    let nodes = match (preloaded, loop_vars) {
        // A fixed file outside a loop: parsed ahead, with the include's params in place.
        (Some(nodes), None) => nodes.clone(),
        _ => {
            let mut p = params.clone();
            if let Some(lv) = loop_vars {
                p.extend(lv.clone());
            }
            let first = ctx.take_ids(0);
            match load_included(&name, task, inherit, &p, &ctx.sources.play.basedir, first) {
                Ok((nodes, next)) => {
                    ctx.take_ids(next.saturating_sub(first));
                    nodes
                }
                Err(e) => return failed(e.to_string()),
            }
        }
    };
    let shown = found_at(&name, task, &ctx.sources.play.basedir);
    ctx.report(Event::Included { file: &shown, host });
    *out = Some(Arc::new(nodes));
    let mut m = Map::new();
    m.insert("changed".into(), Json::Bool(false));
    m.insert("include".into(), Json::from(name));
    m.insert("include_args".into(), Json::Object(params.clone()));
    m
}

/// The included file as ansible-playbook names it in `included:` lines: the path it was found
/// at (beside the including file, in the role's `tasks/`, beside the playbook), else as named.
fn found_at(name: &str, task: &Task, basedir: &std::path::Path) -> String {
    let p = std::path::Path::new(name);
    if p.is_absolute() {
        return name.to_owned();
    }
    let mut candidates = vec![task.dir.join(p)];
    if let Some(r) = &task.role {
        candidates.push(r.path.join("tasks").join(p));
    }
    candidates.push(basedir.join(p));
    candidates.into_iter().find(|c| c.is_file()).map_or_else(|| name.to_owned(), |c| c.display().to_string())
}
