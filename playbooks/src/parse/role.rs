//! Roles: finding a role folder (`roles/` beside the playbook, then `roles_path`, then beside
//! the playbook itself), reading its `defaults/`, `vars/`, `tasks/`, `handlers/` and `meta/`
//! (`dependencies`) `main.yml`, and turning it into tasks and handlers for the play. A role with
//! the same parameters runs once per play, as in Ansible.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::{Map, Value as Json};

use super::fields::Src;
use super::keywords::read_inherited;
use super::task::Scope;
use super::Parser;
use crate::error::Error;
use crate::model::{Keywords, Node, Role, Task};
use crate::yaml::{self, Kind, Node as Yaml};

/// What a play's roles add to it.
#[derive(Default)]
pub(crate) struct Roles {
    pub roles: Vec<Arc<Role>>,
    pub tasks: Vec<Node>,
    pub handlers: Vec<Arc<Task>>,
    seen: Vec<(String, Map<String, Json>)>,
}

fn main_file(dir: &Path) -> Option<PathBuf> {
    ["main.yml", "main.yaml", "main"].iter().map(|f| dir.join(f)).find(|p| p.is_file())
}

fn vars_file(dir: &Path) -> Result<Map<String, Json>, Error> {
    let Some(path) = main_file(dir) else { return Ok(Map::new()) };
    let doc = yaml::load(&path)?;
    Src { file: path.display().to_string() }.vars(&doc, "a vars file")
}

impl Parser {
    /// The folder of role `name`.
    fn find_role(&self, name: &str) -> Result<PathBuf, Vec<PathBuf>> {
        let mut candidates = vec![self.basedir.join("roles").join(name)];
        candidates.extend(self.roles_path.iter().map(|p| p.join(name)));
        candidates.push(self.basedir.join(name));
        match candidates.iter().find(|c| c.is_dir()) {
            Some(found) => Ok(found.clone()),
            None => Err(candidates),
        }
    }

    /// One entry of `roles:` (or of a role's `dependencies:`).
    pub(crate) fn role(&mut self, src: &Src, entry: &Yaml, scope: &Scope, out: &mut Roles) -> Result<(), Error> {
        let mut own = Keywords::default();
        let mut params = Map::new();
        let name = match &entry.kind {
            Kind::Str(s) => s.clone(),
            Kind::Map(m) => {
                let mut name = None;
                for (k, v) in m {
                    match k.name.as_str() {
                        "role" | "name" => name = Some(src.string(v, "role")?),
                        "vars" => params.extend(src.vars(v, "vars")?),
                        _ if read_inherited(src, k, v, &mut own)? => {}
                        _ => {
                            params.insert(k.name.clone(), src.templated(v)?);
                        }
                    }
                }
                name.ok_or_else(|| src.err(entry, "a role entry needs 'role' (the role's name)"))?
            }
            other => {
                return Err(src.err(entry, format!("a role must be a name or a mapping, not {}", other.describe())))
            }
        };
        if out.seen.iter().any(|(n, p)| *n == name && *p == params) {
            return Ok(());
        }
        out.seen.push((name.clone(), params.clone()));
        let path = self.find_role(&name).map_err(|searched| {
            let list: Vec<String> = searched.iter().map(|p| p.display().to_string()).collect();
            src.err(entry, format!("the role '{name}' was not found (searched: {})", list.join(", ")))
        })?;
        let kw = scope.kw.inherit(own);
        if let Some(meta) = main_file(&path.join("meta")) {
            let doc = yaml::load(&meta)?;
            let msrc = Src { file: meta.display().to_string() };
            if let Kind::Map(m) = &doc.kind {
                if let Some((_, deps)) = m.iter().find(|(k, _)| k.name == "dependencies") {
                    let dep_scope = Scope { kw: kw.clone(), ..scope.clone() };
                    for d in msrc.seq(deps, "dependencies")? {
                        self.role(&msrc, d, &dep_scope, out)?;
                    }
                }
            }
        }
        let role = Arc::new(Role {
            name: name.clone(),
            defaults: vars_file(&path.join("defaults"))?,
            vars: vars_file(&path.join("vars"))?,
            params,
            path: path.clone(),
        });
        let role_scope = Scope { kw, role: Some(role.clone()), dir: path.join("tasks"), ..scope.clone() };
        if let Some(tasks) = main_file(&path.join("tasks")) {
            out.tasks.extend(self.task_file(&tasks, &role_scope)?);
        }
        if let Some(handlers) = main_file(&path.join("handlers")) {
            let hscope = Scope { handlers: true, dir: path.join("handlers"), ..role_scope };
            for n in self.task_file(&handlers, &hscope)? {
                if let Node::Task(t) = n {
                    out.handlers.push(t);
                }
            }
        }
        out.roles.push(role);
        Ok(())
    }
}
