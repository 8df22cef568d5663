//! `rpyctl bootstrap PATTERN`: place the agent on each matching SSH host
//! and check that it runs there, in parallel (`--forks`); one table row
//! (or JSON object) per host.

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Result;
use comfy_table::{presets::UTF8_FULL_CONDENSED, ContentArrangement, Table};
use serde_json::json;
use tokio::sync::Semaphore;

use crate::bootstrap::{self, probe, Placed};
use crate::cli::{Format, Global};
use crate::exit::Exit;
use crate::fanout::HostTarget;
use crate::transport::ConnectError;

enum Outcome {
    Placed(Box<Placed>, String),
    /// Not an SSH host: nothing to place.
    NotSsh(String),
    Failed(ConnectError),
}

struct Row {
    host: String,
    outcome: Outcome,
    elapsed: Duration,
}

pub async fn run(global: &Global, pattern: &str) -> Result<Exit> {
    let targets = match super::select(global, pattern)? {
        Ok(t) => t,
        Err(exit) => return Ok(exit),
    };
    let limits = super::limits(global)?;
    let order: Vec<String> = targets.iter().map(|t| t.name.clone()).collect();
    let started = Instant::now();
    let permits = Arc::new(Semaphore::new(limits.forks));
    let mut tasks = tokio::task::JoinSet::new();
    for target in targets {
        let (permits, options, timeout) = (permits.clone(), limits.ssh.clone(), limits.connect_timeout);
        tasks.spawn(async move {
            let _permit = permits.acquire_owned().await;
            let begun = Instant::now();
            let outcome = one(&target, &options, timeout).await;
            Row { host: target.name, outcome, elapsed: begun.elapsed() }
        });
    }
    let mut rows = Vec::new();
    while let Some(row) = tasks.join_next().await {
        rows.push(row?);
    }
    rows.sort_by_key(|r| order.iter().position(|h| *h == r.host));
    let failed = rows.iter().filter(|r| matches!(r.outcome, Outcome::Failed(ConnectError::Failed { .. }))).count();
    let unreachable =
        rows.iter().filter(|r| matches!(r.outcome, Outcome::Failed(ConnectError::Unreachable(_)))).count();
    let format = if global.one_line { Format::Oneline } else { global.output };
    match format {
        Format::Human | Format::Oneline => print_table(&rows),
        Format::Json | Format::Jsonl => print_json(&rows, format, failed, unreachable),
    }
    if matches!(format, Format::Human | Format::Oneline) {
        println!(
            "{} hosts in {:.2}s: ok={} failed={failed} unreachable={unreachable}",
            rows.len(),
            started.elapsed().as_secs_f64(),
            rows.len() - failed - unreachable
        );
    }
    Ok(Exit::from_counts(failed, unreachable))
}

async fn one(target: &HostTarget, options: &bootstrap::Options, timeout: Duration) -> Outcome {
    let Some(host) = target.endpoint.ssh_host() else {
        return Outcome::NotSsh(format!("not an ssh host ({})", target.endpoint));
    };
    match bootstrap::place_and_check(&host, options, timeout).await {
        Ok((placed, version)) => Outcome::Placed(Box::new(placed), version),
        Err(e) => Outcome::Failed(e),
    }
}

fn short(sha: &str) -> String {
    sha.chars().take(12).collect()
}

fn print_table(rows: &[Row]) {
    let mut table = Table::new();
    table.load_style(UTF8_FULL_CONDENSED);
    // Long error reasons wrap to the terminal's width.
    table.set_content_arrangement(ContentArrangement::Dynamic);
    table.set_header(["host", "arch", "byte order", "word", "agent sha256", "version", "action", "time"]);
    for row in rows {
        let time = format!("{:.2}s", row.elapsed.as_secs_f64());
        let dash = || "-".to_owned();
        match &row.outcome {
            Outcome::Placed(p, version) => table.add_row([
                row.host.clone(),
                p.probe.machine.clone(),
                p.probe.order.to_string(),
                format!("{}-bit", probe::word_bits(p.triple)),
                short(&p.sha256),
                version.clone(),
                p.action.to_string(),
                time,
            ]),
            Outcome::NotSsh(what) => {
                table.add_row([row.host.clone(), dash(), dash(), dash(), dash(), dash(), what.clone(), time])
            }
            Outcome::Failed(e) => {
                let status = match e {
                    ConnectError::Unreachable(r) => format!("UNREACHABLE: {r}"),
                    ConnectError::Failed { message, .. } => format!("FAILED: {message}"),
                };
                table.add_row([row.host.clone(), dash(), dash(), dash(), dash(), dash(), status, time])
            }
        };
    }
    println!("{table}");
}

fn print_json(rows: &[Row], format: Format, failed: usize, unreachable: usize) {
    let object = |row: &Row| {
        let seconds = (row.elapsed.as_secs_f64() * 1000.0).round() / 1000.0;
        match &row.outcome {
            Outcome::Placed(p, version) => json!({
                "host": row.host, "status": "ok", "arch": p.probe.machine, "byteorder": p.probe.order.to_string(),
                "word_bits": probe::word_bits(p.triple), "triple": p.triple, "path": p.path, "sha256": p.sha256,
                "action": p.action.to_string(), "agent": version, "seconds": seconds,
            }),
            Outcome::NotSsh(what) => json!({"host": row.host, "status": "skipped", "action": what, "seconds": seconds}),
            Outcome::Failed(ConnectError::Unreachable(r)) => {
                json!({"host": row.host, "status": "unreachable", "error": {"message": r}, "seconds": seconds})
            }
            Outcome::Failed(ConnectError::Failed { kind, message }) => json!({
                "host": row.host, "status": "failed", "error": {"type": kind, "message": message}, "seconds": seconds,
            }),
        }
    };
    let summary = json!({"hosts": rows.len(), "ok": rows.len() - failed - unreachable, "failed": failed, "unreachable": unreachable});
    if format == Format::Jsonl {
        for row in rows {
            println!("{}", object(row));
        }
        println!("{}", json!({ "summary": summary }));
    } else {
        let hosts: serde_json::Map<String, serde_json::Value> =
            rows.iter().map(|r| (r.host.clone(), object(r))).collect();
        let doc = json!({"hosts": hosts, "summary": summary});
        println!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
    }
}
