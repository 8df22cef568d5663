//! `rpyctl facts PATTERN`: what each host is, as a table (or JSON).

use std::sync::Arc;
use std::time::Instant;

use anyhow::Result;
use comfy_table::{presets::UTF8_FULL_CONDENSED, Table};
use rpyc_protocol::{Client, Error, Obj, Value};

use crate::cli::Format;
use crate::exit::Exit;
use crate::fanout::{Call, CallFuture, CallJob};
use crate::outcome::{Counts, Status};
use crate::printer;
use crate::settings::Settings;

struct Facts;

impl Call for Facts {
    fn call<'a>(&'a self, client: &'a Client) -> CallFuture<'a> {
        Box::pin(gather(client))
    }
}

/// Facts gathered from any classic server, agent or Python, using only
/// modules both have.
pub async fn gather(client: &Client) -> Result<Value, Error> {
    let text = |v: Obj<rpyc_protocol::Never>| match v {
        Obj::Value(v) => v,
        _ => Value::None,
    };
    let call =
        |m: &'static str, f: &'static str| async move { client.call_function(m, f, vec![], vec![]).await.map(text) };
    let attr = |m: &'static str, a: &'static str| async move { client.module_attr(m, a).await.map(text) };
    let maxsize = attr("sys", "maxsize").await?;
    let word_bits = match &maxsize {
        Value::Int(n) if *n == i64::from(i32::MAX) => 32,
        Value::Int(_) => 64,
        _ => 0,
    };
    let version = attr("sys", "version").await?;
    let agent = match version.as_str() {
        Some(v) if v.contains("rpyc-agent") => {
            let at = v.find("rpyc-agent").unwrap_or(0);
            v[at..].split([',', ')']).next().unwrap_or("rpyc-agent").trim().to_owned()
        }
        _ => match client.module_attr("rpyc", "__version__").await {
            Ok(Obj::Value(Value::Str(v))) => format!("python rpyc {v}"),
            _ => "python rpyc".into(),
        },
    };
    let memory = match memory_bytes(client).await {
        Ok(v) => v,
        Err(Error::Remote(_)) => Value::None,
        Err(e) => return Err(e),
    };
    let pairs = vec![
        ("hostname", call("platform", "node").await?),
        ("os", call("platform", "system").await?),
        ("release", call("platform", "release").await?),
        ("arch", call("platform", "machine").await?),
        ("byteorder", attr("sys", "byteorder").await?),
        ("word_bits", Value::Int(word_bits)),
        ("cpus", call("os", "cpu_count").await?),
        ("memory_bytes", memory),
        ("agent", Value::Str(agent)),
    ];
    Ok(Value::Dict(pairs.into_iter().map(|(k, v)| (Value::str(k), v)).collect()))
}

async fn memory_bytes(client: &Client) -> Result<Value, Error> {
    let sysconf = |name: &'static str| async move {
        client.call_function("os", "sysconf", vec![Value::str(name).into()], vec![]).await
    };
    if let (Ok(Obj::Value(Value::Int(page))), Ok(Obj::Value(Value::Int(pages)))) =
        (sysconf("SC_PAGE_SIZE").await, sysconf("SC_PHYS_PAGES").await)
    {
        return Ok(Value::Int(page.saturating_mul(pages)));
    }
    let vm = client.call_function("psutil", "virtual_memory", vec![], vec![]).await?;
    let total = match vm {
        Obj::Remote(r) => client.getattr(&r, "total").await?,
        other => other,
    };
    Ok(match total {
        Obj::Value(v) => v,
        _ => Value::None,
    })
}

fn field<'a>(facts: &'a Value, key: &str) -> Option<&'a Value> {
    match facts {
        Value::Dict(pairs) => pairs.iter().find(|(k, _)| k.as_str() == Some(key)).map(|(_, v)| v),
        _ => None,
    }
}

fn cell(v: Option<&Value>) -> String {
    match v {
        Some(Value::Str(s)) => s.clone(),
        Some(Value::None) | None => "-".into(),
        Some(Value::Int(n)) => n.to_string(),
        Some(other) => other.to_string(),
    }
}

fn human_bytes(v: Option<&Value>) -> String {
    match v {
        Some(Value::Int(n)) => format!("{:.1} GiB", *n as f64 / (1u64 << 30) as f64),
        other => cell(other),
    }
}

/// A table row for a host without facts: its name, dashes, and why.
fn no_facts(host: &str, status: String) -> [String; 9] {
    let mut row: [String; 9] = std::array::from_fn(|_| "-".to_owned());
    row[0] = host.to_owned();
    row[8] = status;
    row
}

pub async fn run(settings: &Settings, pattern: &str) -> Result<Exit> {
    let targets = match super::select(settings, pattern)? {
        Ok(t) => t,
        Err(exit) => return Ok(exit),
    };
    if settings.output.value != Format::Human {
        return super::fan_out(settings, targets, Arc::new(CallJob(Facts))).await;
    }
    let started = Instant::now();
    let outcomes = super::collect(settings, targets, Arc::new(CallJob(Facts)), settings.persist).await;
    let mut table = Table::new();
    table.load_style(UTF8_FULL_CONDENSED);
    table.set_header(["host", "OS", "arch", "byte order", "word", "CPUs", "memory", "agent", "status"]);
    let mut counts = Counts::default();
    for o in &outcomes {
        counts.add(&o.status);
        match &o.status {
            Status::Ok(f) => table.add_row([
                o.host.clone(),
                format!("{} {}", cell(field(f, "os")), cell(field(f, "release"))),
                cell(field(f, "arch")),
                cell(field(f, "byteorder")),
                format!("{}-bit", cell(field(f, "word_bits"))),
                cell(field(f, "cpus")),
                human_bytes(field(f, "memory_bytes")),
                cell(field(f, "agent")),
                "ok".into(),
            ]),
            Status::Failed(e) => table.add_row(no_facts(&o.host, format!("FAILED: {}", e.text()))),
            Status::Unreachable(r) => table.add_row(no_facts(&o.host, format!("UNREACHABLE: {r}"))),
            Status::Skipped(r) => table.add_row(no_facts(&o.host, format!("skipped: {r}"))),
        };
    }
    printer::write(&format!(
        "{table}\n{} hosts in {:.2}s: ok={} failed={} unreachable={}\n",
        outcomes.len(),
        started.elapsed().as_secs_f64(),
        counts.ok,
        counts.failed,
        counts.unreachable
    ));
    Ok(Exit::from_counts(counts.failed, counts.unreachable))
}
