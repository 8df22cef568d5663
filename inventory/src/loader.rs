//! Reading inventory sources into [`Data`]: YAML inventory files (Ansible's `yaml` inventory
//! plugin), directories of them, inline host lists, and the `group_vars/`/`host_vars/` files
//! beside each source (Ansible's `host_group_vars` vars plugin).
//!
//! Structure rules follow the `yaml` plugin: top-level keys are groups; a group body is a
//! mapping (or empty) with `hosts`, `children` and `vars`, each a mapping, empty, or a single
//! string (`hosts: web01` means `hosts: {web01: }`); a section of another type is an error; an
//! unknown key, or a group body that is not a mapping, is skipped with a warning, as in Ansible.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::error::{Error, Location, Origin, Warning};
use crate::model::{Data, Var, VarMap, LOCALHOST, UNGROUPED};
use crate::range;
use crate::yaml::{self, Key, Kind, Node};

/// Extensions of inventory files read from a directory source, and of vars files.
const YAML_EXTS: [&str; 3] = [".yml", ".yaml", ".json"];
/// Ansible's `INVENTORY_IGNORE_EXTS`: skipped silently in directory sources.
const IGNORED_EXTS: [&str; 13] =
    [".pyc", ".pyo", ".swp", ".bak", "~", ".rpm", ".md", ".txt", ".rst", ".orig", ".ini", ".cfg", ".retry"];

/// Vars from the `group_vars/` and `host_vars/` directories beside one inventory source.
#[derive(Debug, Default, Clone)]
pub(crate) struct DirVars {
    pub groups: HashMap<String, VarMap>,
    pub hosts: HashMap<String, VarMap>,
}

/// What loading collects besides the graph.
#[derive(Debug, Default)]
pub(crate) struct Loader {
    pub data: Data,
    pub warnings: Vec<Warning>,
    /// The directories whose `group_vars`/`host_vars` apply, in source order.
    pub basedirs: Vec<PathBuf>,
}

impl Loader {
    fn warn(&mut self, location: Option<Location>, message: impl Into<String>) {
        self.warnings.push(Warning { location, message: message.into() });
    }

    /// One `-i` argument: a file, a directory, or an inline list `h1,h2,`.
    pub fn load_source(&mut self, source: &str) -> Result<(), Error> {
        let path = Path::new(source);
        if path.is_dir() {
            self.basedirs.push(path.to_path_buf());
            self.load_dir(path)
        } else if path.exists() {
            self.basedirs.push(path.parent().unwrap_or(Path::new("")).to_path_buf());
            self.load_file(path, true)
        } else if source.contains(',') {
            self.load_host_list(source);
            Ok(())
        } else {
            Err(Error::NoSuchSource(source.to_owned()))
        }
    }

    /// Ansible's `host_list` plugin: `a,b:2222,[::1]:22,` → hosts in `ungrouped`; no ranges.
    fn load_host_list(&mut self, list: &str) {
        for entry in list.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            let (host, port) = match range::parse_address(entry) {
                Some((h, p)) if !h.contains('[') => (h, p),
                _ => (entry, None),
            };
            if self.data.host_id(host).is_none() {
                let id = self.data.add_host(host, Some(UNGROUPED));
                if let Some(port) = port {
                    let var = Var { value: port.into(), origin: Origin::HostList };
                    self.data.hosts[id].vars.insert("ansible_port".into(), var);
                }
            }
        }
    }

    fn load_dir(&mut self, dir: &Path) -> Result<(), Error> {
        for (name, path, is_dir) in list_dir(dir)? {
            if name.starts_with('.')
                || name == "group_vars"
                || name == "host_vars"
                || name == "vars_plugins"
                || IGNORED_EXTS.iter().any(|e| name.ends_with(e))
            {
                continue;
            }
            if is_dir {
                self.load_dir(&path)?;
            } else if YAML_EXTS.iter().any(|e| name.ends_with(e)) {
                self.load_file(&path, false)?;
            } else {
                self.warn(
                    None,
                    format!(
                        "skipping {}: only YAML inventory files (.yml, .yaml, .json) are read from a directory",
                        path.display()
                    ),
                );
            }
        }
        Ok(())
    }

    fn load_file(&mut self, path: &Path, named: bool) -> Result<(), Error> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        let file = path.display().to_string();
        self.load_yaml(&file, &text).map_err(|e| match e {
            Error::Parse { location, message } if named && looks_like_ini(&text) => Error::parse(
                location,
                format!(
                    "{message} (this looks like an INI inventory: rpyctl reads only Ansible's YAML inventory format)"
                ),
            ),
            e => e,
        })
    }

    /// Parses YAML inventory text as if read from `file`.
    pub fn load_yaml(&mut self, file: &str, text: &str) -> Result<(), Error> {
        let root = yaml::parse(file, text)?;
        match &root.kind {
            Kind::Null => {
                self.warn(Some(root.location(file)), "parsed empty YAML file");
                Ok(())
            }
            Kind::Map(entries) => {
                if let Some((k, _)) = entries.iter().find(|(k, _)| k.name == "plugin") {
                    return Err(Error::parse(
                        k.location(file),
                        "this is an inventory plugin configuration ('plugin:'), not a YAML inventory",
                    ));
                }
                for (key, body) in entries {
                    self.parse_group(file, key, body)?;
                }
                Ok(())
            }
            other => Err(Error::parse(
                root.location(file),
                format!(
                    "YAML inventory has invalid structure: it should be a mapping of groups, found {}",
                    other.describe()
                ),
            )),
        }
    }

    /// One group: its id, or `None` when skipped (body neither a mapping nor empty).
    fn parse_group(&mut self, file: &str, key: &Key, body: &Node) -> Result<Option<usize>, Error> {
        let name = &key.name;
        if name.is_empty() {
            return Err(Error::parse(key.location(file), "empty group name"));
        }
        let entries: &[(Key, Node)] = match &body.kind {
            Kind::Map(entries) => entries,
            Kind::Null => &[],
            other => {
                self.warn(
                    Some(body.location(file)),
                    format!("skipping '{name}': a group definition must be a mapping, found {}", other.describe()),
                );
                return Ok(None);
            }
        };
        let gid = self.data.add_group(name);
        for (section, value) in entries {
            let s = section.name.as_str();
            if !matches!(s, "vars" | "children" | "hosts") {
                let what = if matches!(value.kind, Kind::Map(_) | Kind::Null) {
                    "only 'hosts', 'children' and 'vars' are valid"
                } else {
                    "it is not a mapping"
                };
                self.warn(Some(section.location(file)), format!("skipping key '{s}' in group '{name}': {what}"));
                continue;
            }
            let single;
            let items: &[(Key, Node)] = match &value.kind {
                Kind::Map(items) => items,
                Kind::Null => &[],
                Kind::Str(one) => {
                    let key = Key { name: one.clone(), line: value.line, column: value.column };
                    let null = Node { kind: Kind::Null, line: value.line, column: value.column };
                    single = [(key, null)];
                    &single
                }
                other => {
                    return Err(Error::parse(
                        value.location(file),
                        format!("{s} of group '{name}' must be a mapping, found {}", other.describe()),
                    ))
                }
            };
            match s {
                "vars" => self.group_vars(file, gid, items)?,
                "children" => {
                    for (ckey, cbody) in items {
                        if let Some(child) = self.parse_group(file, ckey, cbody)? {
                            self.data.add_child(gid, child).map_err(|m| Error::parse(ckey.location(file), m))?;
                        }
                    }
                }
                _ => {
                    for (hkey, hvars) in items {
                        self.parse_host(file, gid, hkey, hvars)?;
                    }
                }
            }
        }
        Ok(Some(gid))
    }

    fn group_vars(&mut self, file: &str, gid: usize, items: &[(Key, Node)]) -> Result<(), Error> {
        for (k, v) in items {
            if k.name == "ansible_group_priority" {
                let p = match &v.kind {
                    Kind::Int(i) => Some(*i),
                    Kind::Str(s) => s.trim().parse().ok(),
                    _ => None,
                };
                let group = &self.data.groups[gid].name;
                self.data.groups[gid].priority = p.ok_or_else(|| {
                    Error::parse(
                        v.location(file),
                        format!("ansible_group_priority of group '{group}' must be an integer"),
                    )
                })?;
                continue;
            }
            let var = Var { value: v.to_json(), origin: Origin::File(v.location(file)) };
            self.data.groups[gid].vars.insert(k.name.clone(), var);
        }
        Ok(())
    }

    fn parse_host(&mut self, file: &str, gid: usize, key: &Key, vars: &Node) -> Result<(), Error> {
        let group = self.data.groups[gid].name.clone();
        let (pattern, port) = range::split_port(&key.name);
        if pattern.is_empty() {
            return Err(Error::parse(key.location(file), format!("empty host name in group '{group}'")));
        }
        let names = range::expand(pattern).map_err(|m| Error::parse(key.location(file), m))?;
        if names.is_empty() {
            self.warn(Some(key.location(file)), format!("host range '{pattern}' expands to no hosts"));
        }
        let items: &[(Key, Node)] = match &vars.kind {
            Kind::Map(items) => items,
            Kind::Null => &[],
            other => {
                return Err(Error::parse(
                    vars.location(file),
                    format!(
                        "vars of host '{}' in group '{group}' must be a mapping, found {}",
                        key.name,
                        other.describe()
                    ),
                ))
            }
        };
        for name in names {
            let hid = self.data.add_host(&name, Some(gid));
            let host = &mut self.data.hosts[hid];
            if let Some(port) = port {
                let origin = Origin::File(key.location(file));
                host.vars.insert("ansible_port".into(), Var { value: port.into(), origin });
            }
            for (k, v) in items {
                let var = Var { value: v.to_json(), origin: Origin::File(v.location(file)) };
                host.vars.insert(k.name.clone(), var);
            }
        }
        Ok(())
    }

    /// Loads `group_vars/` and `host_vars/` beside every source, for the groups and hosts of the
    /// inventory (and the implicit localhost names).
    pub fn load_dir_vars(&self) -> Result<Vec<DirVars>, Error> {
        let groups: Vec<&str> = self.data.groups.iter().map(|g| g.name.as_str()).collect();
        let mut hosts: Vec<&str> = self.data.hosts.iter().map(|h| h.name.as_str()).collect();
        hosts.extend(LOCALHOST);
        self.basedirs
            .iter()
            .map(|dir| {
                Ok(DirVars {
                    groups: load_vars_dir(&dir.join("group_vars"), &groups)?,
                    hosts: load_vars_dir(&dir.join("host_vars"), &hosts)?,
                })
            })
            .collect()
    }
}

/// Whether the first line that is not blank or a comment is an INI section header (`[web]`).
fn looks_like_ini(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with(';'))
        .is_some_and(|l| l.starts_with('[') && l.ends_with(']') && !l.contains([',', '{', '"']))
}

/// Sorted (name, path, is_dir) of a directory's entries.
fn list_dir(dir: &Path) -> Result<Vec<(String, PathBuf, bool)>, Error> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let path = entry.path();
        out.push((entry.file_name().to_string_lossy().into_owned(), path.clone(), path.is_dir()));
    }
    out.sort();
    Ok(out)
}

/// For each name, Ansible's `find_vars_files`: the first of `<name>` (a file, or a directory of
/// vars files read recursively in sorted order), `<name>.yml`, `<name>.yaml`, `<name>.json`.
fn load_vars_dir(dir: &Path, names: &[&str]) -> Result<HashMap<String, VarMap>, Error> {
    let mut out = HashMap::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    let present: HashSet<String> = list_dir(dir)?.into_iter().map(|(n, _, _)| n).collect();
    for &name in names {
        if name.is_empty() || name == "." || name == ".." || name.contains('/') || out.contains_key(name) {
            continue;
        }
        let Some(found) = std::iter::once(String::new())
            .chain(YAML_EXTS.iter().map(|e| e.to_string()))
            .map(|ext| format!("{name}{ext}"))
            .find(|f| present.contains(f))
        else {
            continue;
        };
        let path = dir.join(found);
        let mut files = Vec::new();
        if path.is_dir() {
            collect_vars_files(&path, &mut files)?;
        } else {
            files.push(path);
        }
        let mut vars = VarMap::new();
        for f in files {
            load_vars_file(&f, &mut vars)?;
        }
        out.insert(name.to_owned(), vars);
    }
    Ok(out)
}

fn collect_vars_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), Error> {
    for (name, path, is_dir) in list_dir(dir)? {
        if name.starts_with('.') || name.ends_with('~') {
            continue;
        }
        let ext = Path::new(&name).extension().map(|e| format!(".{}", e.to_string_lossy()));
        if is_dir && ext.is_none() {
            collect_vars_files(&path, out)?;
        } else if !is_dir && ext.as_deref().is_none_or(|e| YAML_EXTS.contains(&e)) {
            out.push(path);
        }
    }
    Ok(())
}

fn load_vars_file(path: &Path, vars: &mut VarMap) -> Result<(), Error> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let file = path.display().to_string();
    let root = yaml::parse(&file, &text)?;
    match &root.kind {
        Kind::Null => Ok(()),
        Kind::Map(items) => {
            for (k, v) in items {
                let var = Var { value: v.to_json(), origin: Origin::File(v.location(&file)) };
                vars.insert(k.name.clone(), var);
            }
            Ok(())
        }
        other => Err(Error::parse(
            root.location(&file),
            format!("a vars file must be a mapping of variable names to values, found {}", other.describe()),
        )),
    }
}
