//! What the engine's parts share during a run: the executor, the reporter, the options, the
//! variable sources of the current play, the counters.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use serde_json::Value as Json;

use super::reporter::{Event, Reporter};
use super::stats::Stats;
use super::{Executor, RunOptions};
use crate::model::Task;
use crate::modules::coerce::to_bool;
use crate::template::{self, Vars};
use crate::vars::VarSources;
use crate::Error;

pub(crate) struct Ctx<'a, E, R> {
    pub exec: &'a E,
    pub reporter: &'a R,
    pub opts: &'a RunOptions,
    pub sources: VarSources,
    pub stats: &'a Mutex<Stats>,
    pub next_id: &'a AtomicUsize,
}

impl<E: Executor, R: Reporter> Ctx<'_, E, R> {
    pub fn report(&self, e: Event<'_>) {
        self.reporter.report(&e);
    }

    pub fn stat(&self, host: &str, f: impl FnOnce(&mut super::stats::HostStats)) {
        if let Ok(mut s) = self.stats.lock() {
            f(s.host(host));
        }
    }

    pub fn with_stats<T>(&self, f: impl FnOnce(&mut Stats) -> T) -> Option<T> {
        self.stats.lock().ok().map(|mut s| f(&mut s))
    }

    pub fn take_ids(&self, n: usize) -> usize {
        self.next_id.fetch_add(n, Ordering::SeqCst)
    }

    pub fn vars(&self, host: &str, task: Option<&Task>) -> Vars {
        self.sources.vars(host, task)
    }
}

/// A boolean keyword's value for a host: unset → `default`; a template → rendered.
pub(crate) fn flag(v: Option<&Json>, vars: &Vars, default: bool) -> Result<bool, Error> {
    match v {
        None => Ok(default),
        Some(Json::Bool(b)) => Ok(*b),
        Some(other) => {
            let r = template::render_deep(other, vars)?;
            to_bool(&r)
                .ok_or_else(|| Error::Other(format!("the value '{}' is not a valid boolean", template::pystr(&r))))
        }
    }
}

/// A number keyword's value for a host.
pub(crate) fn number(v: Option<&Json>, vars: &Vars) -> Result<Option<f64>, Error> {
    match v {
        None => Ok(None),
        Some(Json::Number(n)) => Ok(n.as_f64()),
        Some(other) => {
            let r = template::render_deep(other, vars)?;
            match &r {
                Json::Number(n) => Ok(n.as_f64()),
                Json::String(s) => {
                    s.trim().parse().map(Some).map_err(|_| Error::Other(format!("'{s}' is not a number")))
                }
                _ => Err(Error::Other(format!("'{}' is not a number", template::pystr(&r)))),
            }
        }
    }
}

/// A string keyword's value for a host.
pub(crate) fn text(v: Option<&Json>, vars: &Vars) -> Result<Option<String>, Error> {
    match v {
        None => Ok(None),
        Some(other) => Ok(Some(template::pystr(&template::render_deep(other, vars)?))),
    }
}
