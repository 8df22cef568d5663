//! One REPL entry on one host, as a fan-out job: on a fresh connection the
//! prelude first (`import os, sys, ...`), then the entry through the
//! server's classic `eval` (an expression: its value comes back) or
//! `execute` (statements). Names persist in the connection's namespace, as
//! both `rpyc_classic` and the agent keep one per connection.

use rpyc_protocol::{Client, Error, Remote, Value};

use crate::fanout::{Job, JobFuture};
use crate::outcome::Status;
use crate::pysource::{self, Kind, PRELUDE};
use crate::remote::{self, Unpicklable};
use crate::session::HostCx;

/// A job running one entry (or, with no source, only connecting).
pub struct Line {
    source: Option<String>,
    kind: Kind,
    /// The prelude modules to import on a fresh connection.
    prelude: Vec<&'static str>,
}

impl Line {
    /// A REPL entry, as [`pysource::kind`] classifies it.
    pub fn new(source: &str) -> Line {
        Line { kind: pysource::kind(source), source: Some(source.to_owned()), prelude: PRELUDE.to_vec() }
    }

    /// Connects (and runs the prelude) without running anything else.
    pub fn connect_only() -> Line {
        Line { source: None, kind: Kind::Statements, prelude: PRELUDE.to_vec() }
    }

    /// `rpyctl eval`: one expression on a connection made for it, which
    /// imports only the prelude modules the expression names.
    pub fn one_shot(expression: &str) -> Line {
        let names = pysource::names(expression);
        let prelude = PRELUDE.iter().copied().filter(|m| names.iter().any(|n| n == m)).collect();
        Line { source: Some(expression.to_owned()), kind: Kind::Expression, prelude }
    }
}

impl Job for Line {
    fn run<'a>(&'a self, cx: &'a mut HostCx<'_>) -> JobFuture<'a> {
        Box::pin(async move {
            let link = match cx.client().await {
                Ok(link) => link,
                Err(status) => return status,
            };
            if link.fresh {
                if let Err(e) = prelude(&link.client, &self.prelude).await {
                    return Status::from_error(e);
                }
            }
            let Some(source) = &self.source else { return Status::Ok(Value::None) };
            let result = match self.kind {
                Kind::Expression => match link.client.eval(source).await {
                    Ok(r) => value_of(&link.client, r).await,
                    Err(e) => Err(e),
                },
                Kind::Statements => link.client.execute(source).await.map(|()| Value::None),
            };
            match result {
                Ok(v) => Status::Ok(v),
                Err(e) => Status::from_error(e),
            }
        })
    }
}

/// Imports `modules` into the session's namespace: all in one `execute`,
/// or, when a server lacks one of them, one by one (skipping what is
/// missing).
async fn prelude(client: &Client, modules: &[&str]) -> Result<(), Error> {
    if modules.is_empty() {
        return Ok(());
    }
    match client.execute(&format!("import {}", modules.join(", "))).await {
        Err(Error::Remote(e))
            if e.qualified_name().ends_with("ImportError") || e.qualified_name().ends_with("ModuleNotFoundError") =>
        {
            for m in modules {
                match client.execute(&format!("import {m}")).await {
                    Ok(()) | Err(Error::Remote(_)) => {}
                    Err(e) => return Err(e),
                }
            }
            Ok(())
        }
        other => other,
    }
}

/// A result by value (`PICKLE` for a reference); what cannot be copied
/// (a file, a socket) is shown by its `repr`.
pub async fn value_of(client: &Client, result: Remote) -> Result<Value, Error> {
    remote::fetch(client, result, Unpicklable::Repr).await
}
