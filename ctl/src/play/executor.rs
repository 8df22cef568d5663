//! The playbook engine's [`Executor`] on rpyctl's sessions: one session per host (made on
//! first need, for any inventory host a task names, `delegate_to` included), the module
//! library installed once per connection, then one remote call per module run. A host that
//! cannot be reached, or whose connection ends, is unreachable for that task only: the
//! engine decides what that means for the play.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rpyc_protocol::{Client, Error, Netref};
use rpyctl_playbooks::{Executor, FactsOutcome, ModuleCall, ModuleOutcome};
use serde_json::{json, Value as Json};
use tokio::sync::mpsc;

use super::library::{self, Reply};
use super::modules;
use crate::connect::ConnectOptions;
use crate::fanout::Running;
use crate::hosts::Hosts;
use crate::outcome::{Event, Status};
use crate::session::{HostCx, Session, Shared};

/// Why a remote call did not give a module's reply.
#[derive(Debug, Clone, PartialEq)]
pub enum CallError {
    /// The host could not be reached, or its connection ended.
    Unreachable(String),
    /// The host answered, but not with a module's reply (the library could not be installed,
    /// the server raised outside any module).
    Failed(String),
}

/// One host's session and, per connection, the library's entry point there.
struct HostEntry {
    session: Shared,
    entry: tokio::sync::Mutex<Option<(Arc<Client>, Netref)>>,
}

/// The executor `rpyctl play` hands the engine.
pub struct PlayExecutor {
    hosts: Arc<Hosts>,
    options: Arc<ConnectOptions>,
    entries: Mutex<HashMap<String, Arc<HostEntry>>>,
    events: mpsc::UnboundedSender<Event>,
    running: Arc<Running>,
}

impl PlayExecutor {
    /// `events` receives each connection as it is made (`Connected`); `running` holds the
    /// hosts with a call in flight, for the live line.
    pub fn new(
        hosts: Arc<Hosts>,
        options: Arc<ConnectOptions>,
        events: mpsc::UnboundedSender<Event>,
        running: Arc<Running>,
    ) -> PlayExecutor {
        PlayExecutor { hosts, options, entries: Mutex::new(HashMap::new()), events, running }
    }

    fn entry(&self, host: &str) -> Result<Arc<HostEntry>, CallError> {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(e) = entries.get(host) {
            return Ok(e.clone());
        }
        let target = self.hosts.target(host.to_owned()).map_err(|e| CallError::Unreachable(format!("{e:#}")))?;
        let entry = Arc::new(HostEntry {
            session: Arc::new(tokio::sync::Mutex::new(Session::new(target))),
            entry: tokio::sync::Mutex::new(None),
        });
        entries.insert(host.to_owned(), entry.clone());
        Ok(entry)
    }

    /// The host's client and the library's entry point on it: connecting and installing
    /// the library when this is the first call on the connection.
    async fn ready(&self, host: &str) -> Result<(Arc<Client>, Netref, Arc<HostEntry>), CallError> {
        let entry = self.entry(host)?;
        let mut installed = entry.entry.lock().await;
        let client = {
            let mut session = entry.session.lock().await;
            let mut cx = HostCx::new(&mut session, &self.options, &self.events);
            match cx.client().await {
                Ok(link) => link.client,
                Err(Status::Failed(f)) => return Err(CallError::Unreachable(f.text())),
                Err(Status::Unreachable(reason) | Status::Skipped(reason)) => {
                    return Err(CallError::Unreachable(reason))
                }
                Err(Status::Ok(_)) => return Err(CallError::Unreachable("no connection".into())),
            }
        };
        if let Some((c, e)) = installed.as_ref() {
            if Arc::ptr_eq(c, &client) {
                return Ok((client, e.clone(), entry.clone()));
            }
        }
        match library::install(&client).await {
            Ok(e) => {
                *installed = Some((client.clone(), e.clone()));
                Ok((client, e, entry.clone()))
            }
            Err(err) => Err(self.lost(&entry, err, "cannot install rpyctl's module library").await),
        }
    }

    /// Turns a call's error into a [`CallError`], marking the session lost when the
    /// connection ended.
    async fn lost(&self, entry: &HostEntry, err: Error, doing: &str) -> CallError {
        match Status::from_error(err) {
            Status::Unreachable(reason) => {
                entry.session.lock().await.lose(reason.clone());
                CallError::Unreachable(reason)
            }
            Status::Failed(f) => CallError::Failed(format!("{doing}: {}", f.text())),
            other => CallError::Failed(format!("{doing}: {other:?}")),
        }
    }

    /// Runs `module` of the library on `host`: one round trip once the library is there.
    pub async fn call(
        &self,
        host: &str,
        module: &str,
        request: &Json,
        data: Option<Vec<u8>>,
    ) -> Result<Reply, CallError> {
        self.running.start(host);
        let result = async {
            let (client, entry, host_entry) = self.ready(host).await?;
            match library::call(&client, &entry, module, request, data).await {
                Ok(reply) => Ok(reply),
                Err(err) => Err(self.lost(&host_entry, err, "the module library's call failed").await),
            }
        }
        .await;
        self.running.stop(host);
        result
    }

    /// Closes every connection this run made (a second at most each).
    pub async fn close(&self) {
        let entries: Vec<Arc<HostEntry>> =
            self.entries.lock().unwrap_or_else(|e| e.into_inner()).values().cloned().collect();
        for e in entries {
            *e.entry.lock().await = None;
            e.session.lock().await.close().await;
        }
    }
}

impl Executor for PlayExecutor {
    fn run_module(&self, call: &ModuleCall) -> impl Future<Output = ModuleOutcome> + Send {
        modules::run(self, call)
    }

    async fn gather_facts(&self, host: &str) -> FactsOutcome {
        let request = json!({"args": {}, "check": false, "diff": false});
        let reply = match self.call(host, "setup", &request, None).await {
            Ok(reply) => reply,
            Err(CallError::Unreachable(reason)) => return FactsOutcome::Unreachable(reason),
            Err(CallError::Failed(msg)) => return FactsOutcome::Failed(msg),
        };
        // A group of facts the server could not gather (a module it lacks) is left out.
        if let Some(Json::Array(warnings)) = reply.result.get("warnings") {
            for w in warnings {
                crate::log::debug(&format!("{host}: {}", modules::text(w)));
            }
        }
        match (reply.result.get("ansible_facts"), reply.result.get("msg")) {
            (Some(Json::Object(facts)), _) => FactsOutcome::Gathered(facts.clone()),
            (_, Some(msg)) => FactsOutcome::Failed(modules::text(msg)),
            _ => FactsOutcome::Failed("the host gave no facts".into()),
        }
    }

    fn sleep(&self, duration: Duration) -> impl Future<Output = ()> + Send {
        tokio::time::sleep(duration)
    }
}
