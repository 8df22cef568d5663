//! One REPL line, over 1 and over 100 local agents: the latency from
//! submitting the entry to having every host's result grouped for display,
//! through the REPL's own engine (sessions kept open, the entry as a
//! fan-out job, events, grouping), against release agents on loopback.
//! Side by side in the same run, the same line from the stock Python rpyc
//! client (`conn.eval` on already open connections; a thread pool over
//! 100), with the ratio.
//!
//!     cargo bench -p rpyctl-tests --bench repl_bench
//!
//! Targets: median under 5 ms for one host, under 50 ms for 100.

use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rpyctl::bootstrap::store::AgentStore;
use rpyctl::connect::{ConnectOptions, Endpoint};
use rpyctl::fanout::{self, Job, Limits};
use rpyctl::outcome::{Outcome, Status};
use rpyctl::repl::line::Line;
use rpyctl::repl::show::{self, View};
use rpyctl::session::{HostTarget, Session, Shared};
use rpyctl::transport::ssh::HostKeyChecking;
use rpyctl_tests::{median, release_bin, venv_bin, AgentProcess};

/// The line measured.
const LINE: &str = "os.getpid()";
const WARMUP: usize = 20;

/// The Python client doing the same: eval on open connections, in a pool.
const PYTHON: &str = r#"
import json, statistics, sys, time
from concurrent.futures import ThreadPoolExecutor
import rpyc
ports, rounds, line = [int(p) for p in sys.argv[1].split(",")], int(sys.argv[2]), sys.argv[3]
conns = [rpyc.classic.connect("127.0.0.1", p) for p in ports]
for c in conns:
    c.execute("import os")
pool = ThreadPoolExecutor(max_workers=len(conns))
def once():
    if len(conns) == 1:
        return [conns[0].eval(line)]
    return list(pool.map(lambda c: c.eval(line), conns))
for _ in range(20):
    once()
samples = []
for _ in range(rounds):
    t = time.perf_counter()
    once()
    samples.append((time.perf_counter() - t) * 1000)
print(json.dumps({"median_ms": statistics.median(samples)}))
"#;

fn options() -> Arc<ConnectOptions> {
    Arc::new(ConnectOptions {
        timeout: Duration::from_secs(10),
        request_timeout: None,
        ssh: rpyctl::bootstrap::Options {
            host_key_checking: HostKeyChecking::Strict,
            store: AgentStore::at(std::env::temp_dir()),
            persist: false,
            place_timeout: Duration::from_secs(10),
        },
    })
}

/// Runs `job` on the sessions as the REPL does; the outcomes, and the text
/// the REPL would print.
async fn line(sessions: &[Shared], job: Arc<dyn Job>, options: &Arc<ConnectOptions>) -> (Vec<Outcome>, String) {
    let limits = Limits { forks: 100, call_timeout: Some(Duration::from_secs(30)), close_after: false };
    let outcomes = fanout::collect(sessions, job, &limits, options.clone()).await;
    let view = View { single: sessions.len() == 1, json: false, verbose: 0, width: 80 };
    let text = show::results(&outcomes, &view);
    (outcomes, text)
}

fn python_median(ports: &[u16], rounds: usize) -> f64 {
    let list: Vec<String> = ports.iter().map(u16::to_string).collect();
    let out = Command::new(venv_bin("python"))
        .args(["-c", PYTHON, &list.join(","), &rounds.to_string(), LINE])
        .output()
        .expect("run the Python client");
    assert!(out.status.success(), "python: {}", String::from_utf8_lossy(&out.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("python prints JSON");
    doc["median_ms"].as_f64().expect("median_ms")
}

fn main() {
    let agent = release_bin("rpyc-agent", "rpyc-agent");
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    println!("repl_bench: one REPL line `{LINE}`, release rpyc-agent on loopback, median of the rounds");
    println!(
        "  {:<10} {:>8} {:>12} {:>12} {:>12} {:>10}",
        "hosts", "rounds", "rpyctl ms", "p90 ms", "python ms", "py/rpyctl"
    );
    for (n, rounds, target_ms) in [(1usize, 500usize, 5.0), (100, 100, 50.0)] {
        let agents: Vec<AgentProcess> = (0..n).map(|_| AgentProcess::start_bin(&agent, &[])).collect();
        let ports: Vec<u16> = agents.iter().map(|a| a.addr.port()).collect();
        let targets: Vec<HostTarget> = ports
            .iter()
            .enumerate()
            .map(|(i, p)| HostTarget {
                name: format!("agent{i:03}"),
                endpoint: Endpoint::Tcp { address: "127.0.0.1".into(), port: *p },
            })
            .collect();
        let sessions = Session::shared(targets);
        let options = options();
        let samples = runtime.block_on(async {
            let (connected, _) = line(&sessions, Arc::new(Line::connect_only()), &options).await;
            assert!(connected.iter().all(|o| matches!(o.status, Status::Ok(_))), "connect: {connected:?}");
            let job: Arc<dyn Job> = Arc::new(Line::new(LINE));
            let mut samples = Vec::with_capacity(rounds);
            for round in 0..WARMUP + rounds {
                let begun = Instant::now();
                let (outcomes, text) = line(&sessions, job.clone(), &options).await;
                let ms = begun.elapsed().as_secs_f64() * 1000.0;
                assert_eq!(outcomes.len(), n);
                assert!(outcomes.iter().all(|o| matches!(o.status, Status::Ok(_))), "{text}");
                if round >= WARMUP {
                    samples.push(ms);
                }
            }
            for s in &sessions {
                s.lock().await.close().await;
            }
            samples
        });
        let med = median(&samples);
        let mut sorted = samples.clone();
        sorted.sort_by(f64::total_cmp);
        let p90 = sorted[(sorted.len() * 9 / 10).min(sorted.len() - 1)];
        let python = python_median(&ports, rounds);
        println!("  {n:<10} {rounds:>8} {med:>12.3} {p90:>12.3} {python:>12.3} {:>9.1}x", python / med);
        println!(
            "  {}  {n} host(s): median {med:.3} ms, target < {target_ms} ms",
            if med < target_ms { "PASS" } else { "MISS" }
        );
        drop(agents);
    }
}
