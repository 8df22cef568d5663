//! `rpyctl bootstrap PATTERN`: place the agent on each matching SSH host
//! and check that it runs there, in parallel (`--forks`); one table row
//! (or JSON object) per host.

use std::sync::Arc;
use std::time::Instant;

use anyhow::Result;
use comfy_table::{presets::UTF8_FULL_CONDENSED, ContentArrangement, Table};
use rpyc_protocol::Value;
use serde_json::json;

use crate::bootstrap::{self, probe};
use crate::cli::Format;
use crate::exit::Exit;
use crate::fanout::{Job, JobFuture};
use crate::outcome::{Counts, Failure, Outcome, Status};
use crate::printer;
use crate::render;
use crate::session::HostCx;
use crate::settings::Settings;
use crate::transport::ConnectError;

/// The columns of a placed agent, in table order.
const FIELDS: &[&str] = &["arch", "byteorder", "word_bits", "sha256", "agent", "action"];

/// Places and checks the agent; skips hosts that are not reached over SSH.
struct Bootstrap;

impl Job for Bootstrap {
    fn connects(&self) -> bool {
        false
    }

    fn run<'a>(&'a self, cx: &'a mut HostCx<'_>) -> JobFuture<'a> {
        Box::pin(async move {
            let Some(host) = cx.endpoint().ssh_host() else {
                return Status::Skipped(format!("not an ssh host ({})", cx.endpoint()));
            };
            let options = cx.options();
            match bootstrap::place_and_check(&host, &options.ssh, options.timeout).await {
                Ok((p, version)) => {
                    let pairs: Vec<(&str, Value)> = vec![
                        ("arch", Value::str(&p.probe.machine)),
                        ("byteorder", Value::str(p.probe.order.to_string())),
                        ("word_bits", Value::Int(i64::from(probe::word_bits(p.triple)))),
                        ("sha256", Value::str(&p.sha256)),
                        ("agent", Value::str(version)),
                        ("action", Value::str(p.action.to_string())),
                        ("triple", Value::str(p.triple)),
                        ("path", Value::str(&p.path)),
                    ];
                    Status::Ok(Value::Dict(pairs.into_iter().map(|(k, v)| (Value::str(k), v)).collect()))
                }
                Err(ConnectError::Unreachable(reason)) => Status::Unreachable(reason),
                Err(ConnectError::Failed { kind, message }) => Status::Failed(Failure::new(kind, message)),
            }
        })
    }
}

pub async fn run(settings: &Settings, pattern: &str) -> Result<Exit> {
    let targets = match super::select(settings, pattern)? {
        Ok(t) => t,
        Err(exit) => return Ok(exit),
    };
    let started = Instant::now();
    // What bootstrap places stays, as with --persist.
    let outcomes = super::collect(settings, targets, Arc::new(Bootstrap), true).await;
    let mut counts = Counts::default();
    outcomes.iter().for_each(|o| counts.add(&o.status));
    match settings.output.value {
        Format::Human | Format::Oneline => {
            printer::write(&format!(
                "{}\n{} hosts in {:.2}s: ok={} failed={} unreachable={}\n",
                table(&outcomes),
                outcomes.len(),
                started.elapsed().as_secs_f64(),
                counts.ok,
                counts.failed,
                counts.unreachable
            ));
        }
        format @ (Format::Json | Format::Jsonl) => printer::write(&json_text(&outcomes, format, counts)),
    }
    Ok(Exit::from_counts(counts.failed, counts.unreachable))
}

fn field(v: &Value, key: &str) -> String {
    match v {
        Value::Dict(pairs) => pairs
            .iter()
            .find(|(k, _)| k.as_str() == Some(key))
            .map(|(_, v)| match v {
                Value::Str(s) => s.clone(),
                other => other.to_string(),
            })
            .unwrap_or_default(),
        _ => String::new(),
    }
}

fn table(outcomes: &[Outcome]) -> Table {
    let mut table = Table::new();
    table.load_style(UTF8_FULL_CONDENSED);
    // Long error reasons wrap to the terminal's width.
    table.set_content_arrangement(ContentArrangement::Dynamic);
    table.set_header(["host", "arch", "byte order", "word", "agent sha256", "version", "action", "time"]);
    for o in outcomes {
        let time = format!("{:.2}s", o.elapsed.as_secs_f64());
        let mut row: Vec<String> = vec![o.host.clone()];
        match &o.status {
            Status::Ok(v) => {
                let cells: Vec<String> = FIELDS.iter().map(|f| field(v, f)).collect();
                row.extend([
                    cells[0].clone(),
                    cells[1].clone(),
                    format!("{}-bit", cells[2]),
                    cells[3].chars().take(12).collect(),
                    cells[4].clone(),
                    cells[5].clone(),
                ]);
            }
            other => {
                row.extend(std::iter::repeat_n("-".to_owned(), 5));
                row.push(match other {
                    Status::Unreachable(r) => format!("UNREACHABLE: {r}"),
                    Status::Failed(f) => format!("FAILED: {}", f.message),
                    Status::Skipped(r) => r.clone(),
                    Status::Ok(_) => String::new(),
                });
            }
        }
        row.push(time);
        table.add_row(row);
    }
    table
}

fn json_text(outcomes: &[Outcome], format: Format, counts: Counts) -> String {
    let object = |o: &Outcome| {
        let seconds = (o.elapsed.as_secs_f64() * 1000.0).round() / 1000.0;
        match &o.status {
            Status::Ok(v) => {
                let mut j = render::to_json(v);
                if let Some(map) = j.as_object_mut() {
                    map.insert("host".into(), json!(o.host));
                    map.insert("status".into(), json!("ok"));
                    map.insert("seconds".into(), json!(seconds));
                }
                j
            }
            Status::Skipped(what) => json!({"host": o.host, "status": "skipped", "action": what, "seconds": seconds}),
            Status::Unreachable(r) => {
                json!({"host": o.host, "status": "unreachable", "error": {"message": r}, "seconds": seconds})
            }
            Status::Failed(f) => json!({
                "host": o.host, "status": "failed", "error": {"type": f.kind, "message": f.message}, "seconds": seconds,
            }),
        }
    };
    let summary =
        json!({"hosts": outcomes.len(), "ok": counts.ok, "failed": counts.failed, "unreachable": counts.unreachable});
    if format == Format::Jsonl {
        let mut text: String = outcomes.iter().map(|o| format!("{}\n", object(o))).collect();
        text.push_str(&format!("{}\n", json!({ "summary": summary })));
        text
    } else {
        let hosts: serde_json::Map<String, serde_json::Value> =
            outcomes.iter().map(|o| (o.host.clone(), object(o))).collect();
        let doc = json!({"hosts": hosts, "summary": summary});
        format!("{}\n", serde_json::to_string_pretty(&doc).unwrap_or_default())
    }
}
