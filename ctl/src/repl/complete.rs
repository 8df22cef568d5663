//! Tab completion from the remote side: names and attributes (`dir()` of
//! the dotted name before the dot, asked of the first live host and cached
//! until the next entry runs), module names after `import`/`from`, and the
//! REPL's `:commands`. It runs on the line editor's thread and asks the
//! host through the runtime, bounded by a short timeout so Tab never hangs.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rpyc_protocol::{Client, Error, Obj, Value};
use rustyline::completion::{Completer, Pair};
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::validate::Validator;
use rustyline::{Context, Helper};

use super::line::value_of;
use super::meta::COMMANDS;
use crate::session::Shared;

/// How long one completion may ask the host.
const ASK_TIMEOUT: Duration = Duration::from_secs(2);

/// Python's keywords, completed with the names.
const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
    "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
    "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
];

/// What the completer asks the host, cached.
pub struct RemoteNames {
    sessions: Arc<Mutex<Vec<Shared>>>,
    runtime: tokio::runtime::Handle,
    /// `dir()` results by the expression before the dot (`""`: the
    /// namespace and builtins); cleared when an entry runs.
    cache: Mutex<HashMap<String, Vec<String>>>,
    modules: Mutex<Option<Vec<String>>>,
}

impl RemoteNames {
    pub fn new(sessions: Arc<Mutex<Vec<Shared>>>, runtime: tokio::runtime::Handle) -> RemoteNames {
        RemoteNames { sessions, runtime, cache: Mutex::default(), modules: Mutex::default() }
    }

    /// Forgets what was asked: an entry ran, names may have changed.
    pub fn forget(&self) {
        self.cache.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }

    /// The first host with a live connection.
    fn client(&self) -> Option<Arc<Client>> {
        let sessions = self.sessions.lock().unwrap_or_else(|e| e.into_inner()).clone();
        sessions.iter().find_map(|s| s.try_lock().ok().and_then(|s| s.live_client()))
    }

    fn ask<T>(&self, work: impl std::future::Future<Output = Result<T, Error>>) -> Option<T> {
        self.runtime.block_on(async { tokio::time::timeout(ASK_TIMEOUT, work).await.ok()?.ok() })
    }

    /// The names reachable before the dot of `base` (`""`: the namespace
    /// and the builtins).
    fn names(&self, base: &str) -> Vec<String> {
        if let Some(hit) = self.cache.lock().unwrap_or_else(|e| e.into_inner()).get(base) {
            return hit.clone();
        }
        let Some(client) = self.client() else { return Vec::new() };
        let found = if base.is_empty() {
            self.ask(async {
                let mut names = namespace_names(&client).await?;
                names.extend(client.dir(&client.builtins().await?).await?);
                names.extend(KEYWORDS.iter().map(|k| (*k).to_owned()));
                Ok(names)
            })
        } else {
            self.ask(async { Ok(strings(value_of(&client, client.eval(&format!("dir({base})")).await?).await?)) })
        };
        let mut names = found.unwrap_or_default();
        names.sort();
        names.dedup();
        self.cache.lock().unwrap_or_else(|e| e.into_inner()).insert(base.to_owned(), names.clone());
        names
    }

    /// Module names the host can import: all it can find where it is
    /// Python, else those it has loaded or built in.
    fn module_names(&self) -> Vec<String> {
        if let Some(known) = self.modules.lock().unwrap_or_else(|e| e.into_inner()).as_ref() {
            return known.clone();
        }
        let Some(client) = self.client() else { return Vec::new() };
        let everything =
            "sorted(set([m.name for m in __import__('pkgutil').iter_modules()] + list(__import__('sys').modules)))";
        let found = self.ask(async {
            if let Ok(r) = client.eval(everything).await {
                return Ok(strings(value_of(&client, r).await?));
            }
            // Each source on its own: a server may lack one.
            let mut names = Vec::new();
            if let Ok(builtin) = client.module_attr("sys", "builtin_module_names").await {
                names.extend(strings(client.fetch(builtin).await?));
            }
            if let Ok(loaded) = client.module_attr("sys", "modules").await {
                if let Ok(list) = client.call_function("builtins", "list", vec![loaded], vec![]).await {
                    names.extend(strings(value_of(&client, list).await?));
                }
            }
            Ok(names)
        });
        let mut names = found.unwrap_or_default();
        names.sort();
        names.dedup();
        *self.modules.lock().unwrap_or_else(|e| e.into_inner()) = Some(names.clone());
        names
    }
}

/// The session namespace's names: `list(conn.namespace)`, or (where the
/// server cannot take the namespace back as an argument, as rpyc-agent
/// 0.1) its `keys()` iterated.
async fn namespace_names(client: &Client) -> Result<Vec<String>, Error> {
    let ns = client.getattr(client.root(), "namespace").await?;
    if let Ok(keys) = client.call_function("builtins", "list", vec![ns.clone()], vec![]).await {
        return Ok(strings(value_of(client, keys).await?));
    }
    let Obj::Remote(ns) = ns else { return Ok(Vec::new()) };
    let Obj::Remote(keys) = client.callattr(&ns, "keys", vec![], vec![]).await? else { return Ok(Vec::new()) };
    let items = client.iter(&keys).await?.collect().await?;
    Ok(items.into_iter().filter_map(|i| i.into_value().and_then(|v| v.as_str().map(str::to_owned))).collect())
}

fn strings(v: Value) -> Vec<String> {
    match v {
        Value::List(items) | Value::Tuple(items) | Value::Set(items) => {
            items.into_iter().filter_map(|i| i.as_str().map(str::to_owned)).collect()
        }
        _ => Vec::new(),
    }
}

/// What is being completed at the cursor.
#[derive(Debug, PartialEq, Eq)]
pub enum Target<'a> {
    /// A `:command`.
    Command(&'a str),
    /// A module name after `import` or `from`.
    Module(&'a str),
    /// `prefix` of a name after `base.` (`base` empty: a plain name).
    Name { base: &'a str, prefix: &'a str },
}

/// Tells what the text before the cursor asks for; `None` when nothing
/// completes there (inside a string, after a non-name).
pub fn target(before: &str) -> Option<Target<'_>> {
    if before.starts_with(':') && !before.contains(char::is_whitespace) {
        return Some(Target::Command(before));
    }
    let words: Vec<&str> = before.split_whitespace().collect();
    let at_word_end = !before.ends_with(char::is_whitespace);
    match words.as_slice() {
        ["import" | "from", module] if at_word_end => return Some(Target::Module(module)),
        ["import" | "from"] if !at_word_end => return Some(Target::Module("")),
        _ => {}
    }
    if before.chars().filter(|c| *c == '\'' || *c == '"').count() % 2 == 1 {
        return None;
    }
    let start = before.rfind(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.')).map_or(0, |i| i + 1);
    let word = &before[start..];
    if word.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    match word.rsplit_once('.') {
        Some((base, prefix)) if !base.is_empty() && base.split('.').all(|p| !p.is_empty()) => {
            Some(Target::Name { base, prefix })
        }
        Some(_) => None,
        None => Some(Target::Name { base: "", prefix: word }),
    }
}

/// The line editor's helper.
pub struct ReplHelper {
    pub names: Arc<RemoteNames>,
}

impl ReplHelper {
    fn candidates(&self, names: Vec<String>, prefix: &str) -> Vec<Pair> {
        let private = prefix.starts_with('_');
        names
            .into_iter()
            .filter(|n| n.starts_with(prefix) && (private || !n.starts_with('_')))
            .map(|n| Pair { display: n.clone(), replacement: n })
            .collect()
    }
}

impl Completer for ReplHelper {
    type Candidate = Pair;

    fn complete(&self, line: &str, pos: usize, _ctx: &Context<'_>) -> rustyline::Result<(usize, Vec<Pair>)> {
        let before = &line[..pos];
        Ok(match target(before) {
            Some(Target::Command(c)) => {
                let names = COMMANDS.iter().map(|(n, _, _)| (*n).to_owned()).collect();
                (0, self.candidates(names, c))
            }
            Some(Target::Module(m)) => (pos - m.len(), self.candidates(self.names.module_names(), m)),
            Some(Target::Name { base, prefix }) => {
                (pos - prefix.len(), self.candidates(self.names.names(base), prefix))
            }
            None => (pos, Vec::new()),
        })
    }
}

impl Hinter for ReplHelper {
    type Hint = String;
}

impl Highlighter for ReplHelper {}

impl Validator for ReplHelper {}

impl Helper for ReplHelper {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cursor_says_what_to_complete() {
        assert_eq!(target("os.pa"), Some(Target::Name { base: "os", prefix: "pa" }));
        assert_eq!(target("x = os.path.jo"), Some(Target::Name { base: "os.path", prefix: "jo" }));
        assert_eq!(target("len(sy"), Some(Target::Name { base: "", prefix: "sy" }));
        assert_eq!(target("import sub"), Some(Target::Module("sub")));
        assert_eq!(target("from "), Some(Target::Module("")));
        assert_eq!(target(":up"), Some(Target::Command(":up")));
        assert_eq!(target("open('/et"), None);
        assert_eq!(target("1.5"), None);
        assert_eq!(target("f()."), None);
    }
}
