//! Reading playbooks: YAML → [`crate::model`], with every error at `file:line:col` and every
//! check that does not need a host done here, before anything runs: keywords, types, module
//! names and arguments, Jinja syntax, roles, imports, handler names.

mod args;
mod fields;
mod keywords;
mod play;
mod role;
mod task;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::Map;

pub use args::META_ACTIONS;
pub(crate) use task::Scope;

use crate::error::Error;
use crate::model::{Node, Playbook, Task};
use crate::yaml;

/// Where roles are looked for, besides `roles/` next to the playbook (Ansible's `roles_path`).
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    pub roles_path: Vec<PathBuf>,
}

pub(crate) struct Parser {
    next_id: usize,
    roles_path: Vec<PathBuf>,
    basedir: PathBuf,
    import_stack: Vec<PathBuf>,
}

impl Parser {
    fn next_id(&mut self) -> usize {
        self.next_id += 1;
        self.next_id
    }
}

/// Reads a playbook file, its roles and imported task files.
pub fn load_playbook(path: &Path, opts: &LoadOptions) -> Result<Playbook, Error> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, &e))?;
    let basedir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    parse_playbook(&path.display().to_string(), &text, &basedir, opts)
}

/// Reads playbook text as if from `file` in `basedir` (roles and imports are found from there).
pub fn parse_playbook(file: &str, text: &str, basedir: &Path, opts: &LoadOptions) -> Result<Playbook, Error> {
    let doc = yaml::parse(file, text)?;
    let src = fields::Src { file: file.to_owned() };
    let mut parser = Parser {
        next_id: 0,
        roles_path: opts.roles_path.clone(),
        basedir: basedir.to_path_buf(),
        import_stack: vec![PathBuf::from(file)],
    };
    let mut plays = Vec::new();
    for p in src.seq(&doc, "a playbook")? {
        plays.push(parser.play(&src, p)?);
    }
    if plays.is_empty() {
        return Err(Error::at(doc.location(file), "a playbook must be a list of plays (this one is empty)"));
    }
    Ok(Playbook { path: PathBuf::from(file), plays, next_id: parser.next_id + 1 })
}

/// Reads the file of an `include_tasks` whose name was templated, at run time. `first_id` is
/// the first task id free for it (ids of the playbook's own tasks are below).
pub(crate) fn load_included(
    file: &str,
    include: &Task,
    inherit: &crate::model::Keywords,
    params: &Map<String, serde_json::Value>,
    basedir: &Path,
    first_id: usize,
) -> Result<(Vec<Node>, usize), Error> {
    let mut parser =
        Parser { next_id: first_id, roles_path: Vec::new(), basedir: basedir.to_path_buf(), import_stack: Vec::new() };
    let mut include_params = include.include_params.clone();
    include_params.extend(params.clone());
    let scope = Scope {
        kw: inherit.clone(),
        role: include.role.clone(),
        include_params,
        dir: include.dir.clone(),
        handlers: false,
    };
    let path = parser
        .find_task_file(file, &scope)
        .ok_or_else(|| Error::at(include.location.clone(), format!("could not find the file '{file}' to include")))?;
    let nodes = parser.task_file(&path, &scope)?;
    Ok((nodes, parser.next_id + 1))
}

/// Tasks of a node list in order, blocks' sections included (for listings and checks).
pub fn walk_tasks<'a>(nodes: &'a [Node], out: &mut Vec<&'a Arc<Task>>) {
    for n in nodes {
        match n {
            Node::Task(t) => {
                out.push(t);
                if let crate::model::Action::IncludeTasks(inc) = &t.action {
                    if let Some(inner) = &inc.preloaded {
                        walk_tasks(inner, out);
                    }
                }
            }
            Node::Block(b) => {
                walk_tasks(&b.block, out);
                walk_tasks(&b.rescue, out);
                walk_tasks(&b.always, out);
            }
        }
    }
}

#[cfg(test)]
mod tests;

/// A vars file's mapping, with Ansible's checks on variable names.
pub(crate) fn vars_of(file: &str, doc: &yaml::Node) -> Result<Map<String, serde_json::Value>, Error> {
    fields::Src { file: file.to_owned() }.vars(doc, "a vars file")
}
