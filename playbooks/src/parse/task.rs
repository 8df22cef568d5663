//! Task lists: tasks, blocks, `import_tasks` (expanded here) and `include_tasks` (parsed ahead
//! when its file name is fixed), with keywords inherited down to each task.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::{Map, Value as Json};

use super::args::{module_args, resolve_action, ActionRef};
use super::fields::{valid_name, Src};
use super::keywords::{read_inherited, task_keywords, UNSUPPORTED};
use super::Parser;
use crate::error::{one_of, Error};
use crate::model::{Action, Block, Include, Keywords, Loop, LoopKind, Node, Role, Task};
use crate::modules::Catalog;
use crate::template::is_template;
use crate::yaml::{self, Key, Kind, Node as Yaml};

/// What the tasks being parsed inherit.
#[derive(Debug, Clone, Default)]
pub(crate) struct Scope {
    pub kw: Keywords,
    pub role: Option<Arc<Role>>,
    pub include_params: Map<String, Json>,
    /// The directory of the file being read.
    pub dir: PathBuf,
    /// Parsing `handlers:` (where `listen` is allowed).
    pub handlers: bool,
}

const BLOCK_KEYS: [&str; 4] = ["block", "rescue", "always", "name"];

impl Parser {
    /// A list of tasks and blocks.
    pub(crate) fn tasks(&mut self, src: &Src, n: &Yaml, scope: &Scope, what: &str) -> Result<Vec<Node>, Error> {
        let mut out = Vec::new();
        for item in src.seq(n, what)? {
            out.extend(self.entry(src, item, scope)?);
        }
        Ok(out)
    }

    /// A task file (`tasks/main.yml`, an imported or included file).
    pub(crate) fn task_file(&mut self, path: &Path, scope: &Scope) -> Result<Vec<Node>, Error> {
        if self.import_stack.iter().any(|p| p == path) {
            return Err(Error::Other(format!("{}: the file includes itself (recursive import)", path.display())));
        }
        let doc = yaml::load(path)?;
        let src = Src { file: path.display().to_string() };
        let scope = Scope { dir: path.parent().map(Path::to_path_buf).unwrap_or_default(), ..scope.clone() };
        self.import_stack.push(path.to_path_buf());
        let out = self.tasks(&src, &doc, &scope, "a task file");
        self.import_stack.pop();
        out
    }

    fn entry(&mut self, src: &Src, n: &Yaml, scope: &Scope) -> Result<Vec<Node>, Error> {
        let map = src.map(n, "a task")?;
        if map.iter().any(|(k, _)| k.name == "block") {
            return Ok(vec![Node::Block(Arc::new(self.block(src, n, map, scope)?))]);
        }
        self.task(src, n, map, scope)
    }

    fn block(&mut self, src: &Src, n: &Yaml, map: &[(Key, Yaml)], scope: &Scope) -> Result<Block, Error> {
        if scope.handlers {
            return Err(src.err(n, "blocks are not supported in handlers"));
        }
        let mut own = Keywords::default();
        let mut name = None;
        for (k, v) in map {
            if read_inherited(src, k, v, &mut own)? {
                continue;
            }
            match k.name.as_str() {
                "name" => name = Some(src.string(v, "name")?),
                "block" | "rescue" | "always" => {}
                other => {
                    let mut allowed: Vec<&str> =
                        BLOCK_KEYS.iter().chain(super::keywords::INHERITED.iter()).copied().collect();
                    allowed.sort_unstable();
                    return Err(src.key_err(
                        k,
                        format!("'{other}' is not a valid attribute for a block (valid: {})", one_of(allowed)),
                    ));
                }
            }
        }
        let inner = Scope { kw: scope.kw.inherit(own), ..scope.clone() };
        let id = self.next_id();
        let section = |key: &str| map.iter().find(|(k, _)| k.name == key).map(|(_, v)| v);
        let parse = |p: &mut Parser, key: &str| match section(key) {
            Some(v) => p.tasks(src, v, &inner, key),
            None => Ok(Vec::new()),
        };
        let block = parse(self, "block")?;
        let rescue = parse(self, "rescue")?;
        let always = parse(self, "always")?;
        Ok(Block { id, name, location: src.loc(n), block, rescue, always })
    }

    fn task(&mut self, src: &Src, n: &Yaml, map: &[(Key, Yaml)], scope: &Scope) -> Result<Vec<Node>, Error> {
        let mut own = Keywords::default();
        let mut t = TaskParts::default();
        let mut actions: Vec<(&Key, ActionRef, &Yaml)> = Vec::new();
        for (k, v) in map {
            if read_inherited(src, k, v, &mut own)? {
                continue;
            }
            let name = k.name.as_str();
            match name {
                "name" => t.name = Some(src.string(v, "name")?),
                "register" => {
                    let r = src.string(v, "register")?;
                    if !valid_name(&r) {
                        return Err(src.err(v, format!("invalid variable name in register: '{r}'")));
                    }
                    t.register = Some(r);
                }
                "loop" | "with_items" | "with_list" | "with_dict" | "with_fileglob" => {
                    if let Some((other, _)) = &t.loop_kind {
                        return Err(src.key_err(k, format!("a task can have one loop; '{other}' is already set")));
                    }
                    let kind = match name {
                        "with_items" => LoopKind::Items { flatten: true },
                        "with_dict" => LoopKind::Dict,
                        "with_fileglob" => LoopKind::Fileglob,
                        _ => LoopKind::Items { flatten: false },
                    };
                    t.loop_kind = Some((name.to_owned(), kind));
                    t.loop_items = Some(src.templated(v)?);
                }
                "loop_control" => t.loop_control = Some(v),
                "until" => t.until = src.conditions(v)?,
                "retries" => t.retries = Some(src.number(v, name)?),
                "delay" => t.delay = Some(src.number(v, name)?),
                "failed_when" => t.failed_when = src.conditions(v)?,
                "changed_when" => t.changed_when = src.conditions(v)?,
                "notify" => t.notify = src.strings(v, name)?,
                "listen" if scope.handlers => t.listen = src.strings(v, name)?,
                "listen" => return Err(src.key_err(k, "'listen' is only valid for handlers")),
                "args" => t.args = Some(v),
                "action" | "local_action" => {
                    let (module, rest) = split_action(src, v)?;
                    let resolved = resolve_action(&module).ok_or_else(|| unknown(src, k, &module))?;
                    actions.push((k, resolved, rest));
                    if name == "local_action" {
                        own.delegate_to = Some(Json::String("localhost".into()));
                    }
                }
                _ if UNSUPPORTED.contains(&name) => {
                    return Err(src.key_err(
                        k,
                        format!("the task keyword '{name}' is not supported (supported: {})", one_of(task_keywords())),
                    ));
                }
                _ if name.starts_with("with_") => {
                    return Err(src.key_err(
                        k,
                        format!("the loop '{name}' is not supported (supported: loop, with_items, with_list, with_dict, with_fileglob)"),
                    ));
                }
                _ => match resolve_action(name) {
                    Some(a) => actions.push((k, a, v)),
                    None => return Err(unknown(src, k, name)),
                },
            }
        }
        let (key, action, value) = match actions.as_slice() {
            [one] => *one,
            [] => return Err(src.err(n, "no module/action detected in task")),
            [_, second, ..] => {
                let names: Vec<&str> = actions.iter().map(|(k, _, _)| k.name.as_str()).collect();
                return Err(src.key_err(second.0, format!("conflicting action statements: {}", one_of(names))));
            }
        };
        t.written = match key.name.as_str() {
            "action" | "local_action" => split_action(src, value)?.0,
            other => other.to_owned(),
        };
        let lp = self.loop_of(src, &mut t)?;
        match action {
            ActionRef::Import => {
                if let Some(k) = &t.loop_kind {
                    return Err(src.err(
                        n,
                        format!("you cannot use loops ('{}') on 'import_tasks'; use 'include_tasks' instead", k.0),
                    ));
                }
                let file = include_file(src, value)?;
                if is_template(&file.0) {
                    return Err(src.err(value, "import_tasks needs a file name without templates; use include_tasks"));
                }
                let path = self
                    .find_task_file(&file.0, scope)
                    .ok_or_else(|| src.err(value, format!("could not find the file '{}' to import", file.0)))?;
                let inner = Scope { kw: scope.kw.inherit(own), ..scope.clone() };
                self.task_file(&path, &inner).map_err(|e| e.or_at(&src.loc(value)))
            }
            ActionRef::Include => {
                let (file, apply) = include_file(src, value)?;
                let apply_kw = match apply {
                    Some(a) => self.apply_keywords(src, a)?,
                    None => Keywords::default(),
                };
                let inherit = scope.kw.inherit(apply_kw);
                let params = own.vars.clone();
                let preloaded = if is_template(&file) {
                    None
                } else {
                    let path = self
                        .find_task_file(&file, scope)
                        .ok_or_else(|| src.err(value, format!("could not find the file '{file}' to include")))?;
                    let mut inc = scope.include_params.clone();
                    inc.extend(params.clone());
                    let inner = Scope { kw: inherit.clone(), include_params: inc, ..scope.clone() };
                    Some(self.task_file(&path, &inner)?)
                };
                let own_kw = Keywords { vars: Map::new(), ..own };
                let action =
                    Action::IncludeTasks(Box::new(Include { file: Json::String(file), preloaded, inherit, params }));
                Ok(vec![Node::Task(Arc::new(self.finish(src, n, t, action, scope.kw.inherit(own_kw), lp, scope)))])
            }
            ActionRef::Module(spec) => {
                let args = module_args(src, key, spec, value, t.args)?;
                let kw = scope.kw.inherit(own);
                let action = Action::Module { spec, args };
                Ok(vec![Node::Task(Arc::new(self.finish(src, n, t, action, kw, lp, scope)))])
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn finish(
        &mut self,
        src: &Src,
        n: &Yaml,
        t: TaskParts,
        action: Action,
        kw: Keywords,
        lp: Option<Loop>,
        scope: &Scope,
    ) -> Task {
        Task {
            id: self.next_id(),
            name: t.name,
            location: src.loc(n),
            action,
            written: t.written,
            kw,
            role: scope.role.clone(),
            include_params: scope.include_params.clone(),
            register: t.register,
            loop_: lp,
            until: t.until,
            retries: t.retries,
            delay: t.delay,
            failed_when: t.failed_when,
            changed_when: t.changed_when,
            notify: t.notify,
            listen: t.listen,
            dir: scope.dir.clone(),
        }
    }

    fn loop_of(&self, src: &Src, t: &mut TaskParts) -> Result<Option<Loop>, Error> {
        let Some((_, kind)) = t.loop_kind.take() else {
            if let Some(lc) = t.loop_control {
                return Err(src.err(lc, "loop_control needs a loop"));
            }
            return Ok(None);
        };
        let mut lp = Loop {
            kind,
            items: t.loop_items.take().unwrap_or(Json::Null),
            loop_var: "item".into(),
            index_var: None,
            label: None,
            pause: None,
            extended: false,
        };
        if let Some(lc) = t.loop_control {
            for (k, v) in src.map(lc, "loop_control")? {
                match k.name.as_str() {
                    "loop_var" | "index_var" => {
                        let name = src.string(v, &k.name)?;
                        if !valid_name(&name) {
                            return Err(src.err(v, format!("invalid variable name in {}: '{name}'", k.name)));
                        }
                        if k.name == "loop_var" {
                            lp.loop_var = name;
                        } else {
                            lp.index_var = Some(name);
                        }
                    }
                    "label" => lp.label = Some(src.templated(v)?),
                    "pause" => lp.pause = src.number(v, "pause")?.as_f64(),
                    "extended" => lp.extended = src.flag(v, "extended")?.as_bool().unwrap_or(false),
                    other => {
                        return Err(src.key_err(
                            k,
                            format!("'{other}' is not a valid loop_control option (valid: extended, index_var, label, loop_var, pause)"),
                        ))
                    }
                }
            }
        }
        Ok(Some(lp))
    }

    fn apply_keywords(&self, src: &Src, n: &Yaml) -> Result<Keywords, Error> {
        let mut kw = Keywords::default();
        for (k, v) in src.map(n, "apply")? {
            if !read_inherited(src, k, v, &mut kw)? {
                return Err(src.key_err(k, format!("'{}' cannot be applied to included tasks", k.name)));
            }
        }
        Ok(kw)
    }

    /// Where a task file named in a task is: beside the current file, in the role's `tasks/`,
    /// or beside the playbook.
    pub(crate) fn find_task_file(&self, name: &str, scope: &Scope) -> Option<PathBuf> {
        let p = Path::new(name);
        if p.is_absolute() {
            return p.is_file().then(|| p.to_path_buf());
        }
        let mut candidates = vec![scope.dir.join(p)];
        if let Some(r) = &scope.role {
            candidates.push(r.path.join("tasks").join(p));
        }
        candidates.push(self.basedir.join(p));
        candidates.into_iter().find(|c| c.is_file())
    }
}

/// The parts of a task read from its keys.
#[derive(Default)]
struct TaskParts<'n> {
    name: Option<String>,
    written: String,
    register: Option<String>,
    loop_kind: Option<(String, LoopKind)>,
    loop_items: Option<Json>,
    loop_control: Option<&'n Yaml>,
    until: Vec<Json>,
    retries: Option<Json>,
    delay: Option<Json>,
    failed_when: Vec<Json>,
    changed_when: Vec<Json>,
    notify: Vec<String>,
    listen: Vec<String>,
    args: Option<&'n Yaml>,
}

fn unknown(src: &Src, k: &Key, name: &str) -> Error {
    let mut modules = Catalog::get().names();
    modules.extend(["include_tasks", "import_tasks"]);
    modules.sort_unstable();
    src.key_err(
        k,
        format!(
            "unknown module or task keyword '{name}' (supported modules: {}; task keywords: {})",
            one_of(modules),
            one_of(task_keywords())
        ),
    )
}

/// `action: copy src=a dest=b` or `action: {module: copy, src: a}`: the module name and the
/// node holding its arguments (the text after the name is re-read by `module_args`).
fn split_action<'n>(src: &Src, v: &'n Yaml) -> Result<(String, &'n Yaml), Error> {
    match &v.kind {
        Kind::Str(s) => {
            let module = s.split_whitespace().next().unwrap_or_default().to_owned();
            if module.is_empty() {
                return Err(src.err(v, "action needs a module name"));
            }
            Ok((module, v))
        }
        Kind::Map(m) => {
            let module = m
                .iter()
                .find(|(k, _)| k.name == "module")
                .and_then(|(_, v)| v.as_str())
                .ok_or_else(|| src.err(v, "action needs a 'module' key"))?;
            Ok((module.to_owned(), v))
        }
        other => Err(src.err(v, format!("action must be a string or a mapping, not {}", other.describe()))),
    }
}

/// `include_tasks: file.yml` / `{file: file.yml, apply: {...}}`.
fn include_file<'n>(src: &Src, v: &'n Yaml) -> Result<(String, Option<&'n Yaml>), Error> {
    match &v.kind {
        Kind::Map(m) => {
            let mut file = None;
            let mut apply = None;
            for (k, val) in m {
                match k.name.as_str() {
                    "file" | "_raw_params" => file = Some(src.string(val, "file")?),
                    "apply" => apply = Some(val),
                    other => {
                        return Err(src.key_err(k, format!("'{other}' is not a valid option (valid: apply, file)")))
                    }
                }
            }
            Ok((file.ok_or_else(|| src.err(v, "the file to include is missing ('file')"))?, apply))
        }
        _ => Ok((src.string(v, "file")?, None)),
    }
}
