//! rpyc-agent against Python's `rpyc_classic`, on loopback, from one run:
//!
//!     cargo bench -p rpyctl-tests --bench agent_bench
//!
//! 1. The stock Python client (rpyc 6.0.2, tests/python/bench_client.py)
//!    against the release agent and against `rpyc_classic`: cached and
//!    uncached `os.getpid()` rates, a 10 MiB `open(p, 'rb').read()`, and
//!    connect + `os.getcwd()` + close cycles.
//! 2. The Rust client against the agent: one sequential caller next to the
//!    raw TCP round trip, and 8 / 64 tasks pipelining on one connection.
//! 3. The agent's idle RSS and the size of its stripped release binary.
//!
//! Figures are medians of `ROUNDS` interleaved rounds (round 1 of every row,
//! then round 2, ...). The release agent is built first
//! (`cargo build --release -p rpyc-agent`, via `CARGO`). `BENCH_SECS`
//! scales the measuring windows (default 2 s for the cached call loops,
//! half that for the others). `BENCH_ONLY=rust-1` (or `rust-8`, `rust-8mt`,
//! `rust-64`, `python`) runs one window of one row against the release agent
//! and nothing else, after printing the agent's pid and waiting
//! `BENCH_ATTACH_SECS` (default 0) so strace or perf can attach.
//! `BENCH_AGENT_BIN=path` benchmarks that agent binary instead of building
//! one (an unstripped build, for perf). `BENCH_BASELINE_BIN=path` adds a
//! second agent (an older build) to every round, interleaved with the
//! others, and prints section 4: this agent against that one, side by side
//! (rates, server CPU per call, idle RSS, size) — "no speed lost" checks.

use std::io::Read;
use std::net::SocketAddr;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use rpyc_protocol::Client;
use rpyctl_tests::bench::{loadavg, raw_tcp_pingpong, rust_calls, status_kib, Flavor, Op, Row, Sample};
use rpyctl_tests::{release_bin, venv_bin, workspace_root, AgentProcess, PythonClassicServer};

const ROUNDS: usize = 3;
const BULK_BYTES: usize = 10 << 20;
/// Timed bulk reads per round (after one untimed, checked read).
const BULK_READS: usize = 3;

const MIB: f64 = (1 << 20) as f64;

// ---------------------------------------------------------------------------
// Samples

// ---------------------------------------------------------------------------
// 1. Python client

#[derive(Default)]
struct PyRows {
    cached: Row,
    uncached: Row,
    /// ops = bytes read, secs = median time of one read.
    bulk: Row,
    connect: Row,
}

fn python_client(
    addr: SocketAddr,
    server_pid: u32,
    bulk_file: &Path,
    long: Duration,
    short: Duration,
) -> serde_json::Value {
    let script = workspace_root().join("tests/python/bench_client.py");
    let out = Command::new(venv_bin("python"))
        .arg(&script)
        .arg(addr.ip().to_string())
        .arg(addr.port().to_string())
        .args(["--cached-secs", &long.as_secs_f64().to_string()])
        .args(["--uncached-secs", &short.as_secs_f64().to_string()])
        .args(["--server-pid", &server_pid.to_string()])
        .arg("--bulk-file")
        .arg(bulk_file)
        .args(["--bulk-reads", &BULK_READS.to_string()])
        .args(["--connect-secs", &short.as_secs_f64().to_string()])
        .output()
        .expect("run bench_client.py");
    assert!(
        out.status.success(),
        "{} failed: {}\n{}",
        script.display(),
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("bench_client.py prints one JSON object")
}

fn push_python(rows: &mut PyRows, json: &serde_json::Value) {
    let num = |key: &str| json[key].as_f64().unwrap_or_else(|| panic!("{key} missing from {json}"));
    let window = |prefix: &str| Sample {
        ops: num(&format!("{prefix}_calls")),
        secs: num(&format!("{prefix}_secs")),
        server_cpu_us: json[format!("{prefix}_server_cpu_us_per_call")].as_f64(),
        client_cpu_us: json[format!("{prefix}_client_cpu_us_per_call")].as_f64(),
    };
    rows.cached.samples.push(window("cached"));
    rows.uncached.samples.push(window("uncached"));
    rows.connect.samples.push(window("connect"));
    rows.bulk.samples.push(Sample { ops: num("bulk_bytes"), secs: num("bulk_secs_median"), ..Sample::default() });
}

// ---------------------------------------------------------------------------
// 2. Rust client

// ---------------------------------------------------------------------------
// 3. Footprint

/// Connects once (GETROOT, getmodule('os'), os.getcwd()), closes, waits
/// 0.5 s and reads the server's VmRSS, in KiB.
fn idle_rss_kib(addr: SocketAddr, pid: u32) -> Option<u64> {
    Flavor::CurrentThread.runtime().block_on(async {
        let client = Client::connect(addr).await.expect("connect");
        client.call_function("os", "getcwd", vec![], vec![]).await.expect("os.getcwd()");
        client.close().await;
    });
    std::thread::sleep(Duration::from_millis(500));
    status_kib(pid, "VmRSS:")
}

fn random_file(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("bulk.bin");
    let mut data = vec![0u8; BULK_BYTES];
    std::fs::File::open("/dev/urandom").and_then(|mut f| f.read_exact(&mut data)).expect("read /dev/urandom");
    std::fs::write(&path, &data).expect("write the bulk file");
    path
}

// ---------------------------------------------------------------------------
// Report

fn verdict(ok: bool) -> &'static str {
    if ok {
        "PASS"
    } else {
        "FAIL"
    }
}

fn cpu(v: Option<f64>) -> String {
    v.map_or_else(|| "-".into(), |v| format!("{v:.1}"))
}

fn main() {
    let scale: f64 = std::env::var("BENCH_SECS").ok().and_then(|s| s.parse().ok()).unwrap_or(2.0);
    let long = Duration::from_secs_f64(scale);
    let short = Duration::from_secs_f64(scale / 2.0);

    // BENCH_AGENT_BIN: another agent binary (an unstripped build for perf).
    let agent_bin = match std::env::var_os("BENCH_AGENT_BIN") {
        Some(path) => std::path::PathBuf::from(path),
        None => {
            eprintln!("agent_bench: cargo build --release -p rpyc-agent ...");
            release_bin("rpyc-agent", "rpyc-agent")
        }
    };
    let binary_bytes = std::fs::metadata(&agent_bin).expect("release agent binary").len();

    let tmp = tempfile::tempdir().expect("temp dir");
    let bulk_file = random_file(tmp.path());
    if let Ok(only) = std::env::var("BENCH_ONLY") {
        profile_one(&only, &agent_bin, &bulk_file, long);
        return;
    }

    let total_start = Instant::now();
    let load_before = loadavg();
    let agent = AgentProcess::start_bin(&agent_bin, &[]);
    let python = PythonClassicServer::start();
    let baseline_bin = std::env::var_os("BENCH_BASELINE_BIN").map(std::path::PathBuf::from);
    let baseline = baseline_bin.as_ref().map(|bin| AgentProcess::start_bin(bin, &[]));
    let mut py_base = PyRows::default();

    let mut py_agent = PyRows::default();
    let mut py_python = PyRows::default();
    let mut raw = Row::default();
    let mut rs_sync = Row::default();
    let mut rs_8 = [Row::default(), Row::default()];
    let mut rs_64 = [Row::default(), Row::default()];
    let mut versions = (String::new(), String::new());
    let flavors = [Flavor::CurrentThread, Flavor::MultiThread];

    for round in 1..=ROUNDS {
        eprintln!("agent_bench: round {round}/{ROUNDS} ...");
        // Alternate which server goes first.
        let order: [bool; 2] = if round % 2 == 1 { [true, false] } else { [false, true] };
        for is_agent in order {
            let json = if is_agent {
                python_client(agent.addr, agent.pid(), &bulk_file, long, short)
            } else {
                python_client(python.addr, python.pid(), &bulk_file, long, short)
            };
            push_python(if is_agent { &mut py_agent } else { &mut py_python }, &json);
            versions =
                (json["python"].as_str().unwrap_or("?").to_owned(), json["rpyc"].as_str().unwrap_or("?").to_owned());
            // The baseline agent right after this agent, so both see the
            // same moment of the machine's load.
            if let (true, Some(base)) = (is_agent, &baseline) {
                let json = python_client(base.addr, base.pid(), &bulk_file, long, short);
                push_python(&mut py_base, &json);
            }
        }
        raw.samples.push(raw_tcp_pingpong(short));
        rs_sync.samples.push(rust_calls(agent.addr, Some(agent.pid()), Flavor::CurrentThread, Op::Cached, 1, long));
        for (i, flavor) in flavors.into_iter().enumerate() {
            rs_8[i].samples.push(rust_calls(agent.addr, Some(agent.pid()), flavor, Op::Cached, 8, short));
            rs_64[i].samples.push(rust_calls(agent.addr, Some(agent.pid()), flavor, Op::Cached, 64, short));
        }
    }
    let loaded_rss = status_kib(agent.pid(), "VmRSS:");
    let loaded_hwm = status_kib(agent.pid(), "VmHWM:");
    let bench_secs = total_start.elapsed().as_secs_f64();
    let load_after = loadavg();
    drop(agent);
    drop(python);
    drop(baseline);

    // Idle footprint: fresh servers, one connection each.
    let fresh = AgentProcess::start_bin(&agent_bin, &[]);
    let agent_rss = idle_rss_kib(fresh.addr, fresh.pid());
    drop(fresh);
    let fresh_py = PythonClassicServer::start();
    let python_rss = idle_rss_kib(fresh_py.addr, fresh_py.pid());
    drop(fresh_py);
    let baseline_rss = baseline_bin.as_ref().map(|bin| {
        let fresh = AgentProcess::start_bin(bin, &[]);
        idle_rss_kib(fresh.addr, fresh.pid())
    });

    let best = |rows: &[Row; 2]| if rows[0].rate() >= rows[1].rate() { 0 } else { 1 };
    let (b8, b64) = (best(&rs_8), best(&rs_64));

    let cpus = std::thread::available_parallelism().map_or(0, usize::from);
    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
    let line = "=".repeat(112);
    println!();
    println!("{line}");
    println!(" rpyctl agent_bench: release rpyc-agent vs rpyc_classic, loopback");
    println!(
        " {cpus} CPUs, Linux {}, CPython {} / rpyc {} (Python client and rpyc_classic)",
        kernel.trim(),
        versions.0,
        versions.1
    );
    println!(" agent: {}", agent_bin.display());
    println!(
        " median of {ROUNDS} interleaved rounds; windows {:.1} s (cached loops) / {:.1} s (others); \
         bulk: median of {BULK_READS} reads per round; {bench_secs:.1} s",
        long.as_secs_f64(),
        short.as_secs_f64()
    );
    println!(" 1-min load average {load_before:.2} before, {load_after:.2} after");
    if load_before > cpus as f64 * 0.75 {
        println!(" WARNING: the machine is busy with other work: figures are low and noisy");
    }
    println!("{line}");

    println!();
    println!(" 1. Python client (rpyc {}) -> server", versions.1);
    println!(
        "  {:<40} {:>14} {:>14} {:>8}   {:<22} rounds agent | python",
        "", "rpyc-agent", "rpyc_classic", "ratio", "srv CPU agent/python"
    );
    let rate_row = |name: &str, a: &Row, p: &Row, unit: &str| {
        println!(
            "  {name:<40} {:>14} {:>14} {:>7.2}x   {:<22} {} | {}",
            format!("{:.0} {unit}", a.rate()),
            format!("{:.0} {unit}", p.rate()),
            a.rate() / p.rate(),
            format!("{} / {} µs", cpu(a.median().server_cpu_us), cpu(p.median().server_cpu_us)),
            a.rounds(Sample::rate, 0),
            p.rounds(Sample::rate, 0)
        );
    };
    rate_row("(a) cached f() rate, f = os.getpid", &py_agent.cached, &py_python.cached, "/s");
    rate_row("(b) conn.modules.os.getpid() rate", &py_agent.uncached, &py_python.uncached, "/s");
    let (bulk_a, bulk_p) = (py_agent.bulk.median(), py_python.bulk.median());
    println!(
        "  {:<40} {:>14} {:>14} {:>7.2}x   {:<22} {} | {} ms",
        "(c) 10 MiB open(p,'rb').read(), time",
        format!("{:.1} ms", bulk_a.secs * 1e3),
        format!("{:.1} ms", bulk_p.secs * 1e3),
        bulk_p.secs / bulk_a.secs,
        "",
        py_agent.bulk.rounds(|s| s.secs * 1e3, 1),
        py_python.bulk.rounds(|s| s.secs * 1e3, 1)
    );
    println!(
        "  {:<40} {:>14} {:>14} {:>7.2}x",
        "    throughput",
        format!("{:.0} MiB/s", bulk_a.rate() / MIB),
        format!("{:.0} MiB/s", bulk_p.rate() / MIB),
        bulk_a.rate() / bulk_p.rate()
    );
    println!(
        "  {:<40} {:>14} {:>14} {:>7.2}x   {:<22} {} | {} ms",
        "(d) connect + os.getcwd() + close",
        format!("{:.2} ms", py_agent.connect.secs_per_op() * 1e3),
        format!("{:.2} ms", py_python.connect.secs_per_op() * 1e3),
        py_python.connect.secs_per_op() / py_agent.connect.secs_per_op(),
        format!(
            "{} / {} µs",
            cpu(py_agent.connect.median().server_cpu_us),
            cpu(py_python.connect.median().server_cpu_us)
        ),
        py_agent.connect.rounds(|s| 1e3 / s.rate(), 2),
        py_python.connect.rounds(|s| 1e3 / s.rate(), 2)
    );
    println!("   ratio: agent advantage (rate ratio, or time python / time agent); srv CPU: server CPU per op");

    println!();
    println!(" 2. Rust client -> rpyc-agent (cached os.getpid netref, CALL)");
    println!("  {:<52} {:>10} {:>8} {:>9} {:>10}   rounds (ops/s)", "", "ops/s", "µs/op", "agent CPU", "client CPU");
    let rust_row = |name: &str, row: &Row| {
        println!(
            "  {name:<52} {:>10.0} {:>8.2} {:>9} {:>10}   {}",
            row.rate(),
            row.secs_per_op() * 1e6,
            cpu(row.median().server_cpu_us),
            cpu(row.median().client_cpu_us),
            row.rounds(Sample::rate, 0)
        );
    };
    rust_row("raw TCP 1-byte ping-pong (std, NODELAY)", &raw);
    rust_row("1 task, sync, current_thread", &rs_sync);
    for (i, flavor) in flavors.into_iter().enumerate() {
        rust_row(&format!("8 tasks pipelined, one connection, {}", flavor.name()), &rs_8[i]);
    }
    for (i, flavor) in flavors.into_iter().enumerate() {
        rust_row(&format!("64 tasks pipelined, one connection, {}", flavor.name()), &rs_64[i]);
    }
    let sync_over_raw = rs_sync.secs_per_op() / raw.secs_per_op();
    println!("  sync call time / raw TCP round trip: {sync_over_raw:.2}x");
    println!(
        "  64 tasks / 8 tasks (best flavors): {:.2}x; 8 tasks / 1 task: {:.2}x",
        rs_64[b64].rate() / rs_8[b8].rate(),
        rs_8[b8].rate() / rs_sync.rate()
    );
    println!("  (CPU columns: µs of CPU per call, all threads of the agent / of this bench process, schedstat)");
    let m8 = rs_8[b8].median();
    if let (Some(srv), Some(cli)) = (m8.server_cpu_us, m8.client_cpu_us) {
        println!(
            "  CPU bound at 8 tasks: {cpus} CPUs / ({srv:.2} agent + {cli:.2} client µs per call) = {:.0} calls/s",
            cpus as f64 * 1e6 / (srv + cli)
        );
    }

    println!();
    println!(" 3. Footprint");
    let kib = |v: Option<u64>| v.map_or_else(|| "-".into(), |k| format!("{:.2} MiB ({k} KiB)", k as f64 / 1024.0));
    println!("  rpyc-agent idle RSS (fresh, 1 connection closed, +0.5 s):  {}", kib(agent_rss));
    println!("  rpyc_classic idle RSS (same procedure), for comparison:   {}", kib(python_rss));
    println!(
        "  rpyc-agent RSS after the benchmark above:                 {} (peak {})",
        kib(loaded_rss),
        kib(loaded_hwm)
    );
    println!(
        "  rpyc-agent release binary (stripped):                     {:.2} MiB ({binary_bytes} bytes)",
        binary_bytes as f64 / MIB
    );

    if let (Some(bin), Some(base_rss)) = (&baseline_bin, baseline_rss) {
        let base_bytes = std::fs::metadata(bin).map_or(0, |m| m.len());
        println!();
        println!(" 4. This agent against the baseline agent (Python client; same rounds, run back to back)");
        println!("  baseline: {}", bin.display());
        println!(
            "  {:<40} {:>14} {:>14} {:>8}   {:<22} rounds this | baseline",
            "", "this agent", "baseline", "ratio", "srv CPU this/baseline"
        );
        rate_row_pair("(a) cached f() rate, f = os.getpid", &py_agent.cached, &py_base.cached);
        rate_row_pair("(b) conn.modules.os.getpid() rate", &py_agent.uncached, &py_base.uncached);
        rate_row_pair("(d) connect + os.getcwd() + close rate", &py_agent.connect, &py_base.connect);
        let (bulk_b, bulk_t) = (py_base.bulk.median(), py_agent.bulk.median());
        println!(
            "  {:<40} {:>12.1} ms {:>11.1} ms {:>7.2}x",
            "(c) 10 MiB read, time",
            bulk_t.secs * 1e3,
            bulk_b.secs * 1e3,
            bulk_b.secs / bulk_t.secs
        );
        println!("  {:<40} {:>14} {:>14}", "idle RSS", kib(agent_rss), kib(base_rss));
        println!(
            "  {:<40} {:>11.2} MiB {:>10.2} MiB",
            "binary size",
            binary_bytes as f64 / MIB,
            base_bytes as f64 / MIB
        );
        println!("   ratio: this agent's advantage (rate this / rate baseline; time baseline / time this)");
    }

    println!();
    println!(" TARGETS");
    let ratio_target = |name: &str, ratio: f64, min: f64, detail: String| {
        println!("  [{}] {name:<58} {ratio:>6.2}x (>= {min}x)  {detail}", verdict(ratio >= min));
    };
    let r = py_agent.cached.rate() / py_python.cached.rate();
    ratio_target(
        "1a Python client cached call rate, agent faster",
        r,
        1.0,
        format!("{:.0} vs {:.0} calls/s", py_agent.cached.rate(), py_python.cached.rate()),
    );
    let r = py_agent.uncached.rate() / py_python.uncached.rate();
    ratio_target(
        "1b Python client uncached call rate, agent faster",
        r,
        1.0,
        format!("{:.0} vs {:.0} calls/s", py_agent.uncached.rate(), py_python.uncached.rate()),
    );
    ratio_target(
        "1c 10 MiB bulk read, agent >= 3x faster",
        bulk_p.secs / bulk_a.secs,
        3.0,
        format!("{:.1} vs {:.1} ms", bulk_a.secs * 1e3, bulk_p.secs * 1e3),
    );
    ratio_target(
        "1d connect + getcwd + close, agent faster",
        py_python.connect.secs_per_op() / py_agent.connect.secs_per_op(),
        1.0,
        format!(
            "{:.2} vs {:.2} ms per cycle",
            py_agent.connect.secs_per_op() * 1e3,
            py_python.connect.secs_per_op() * 1e3
        ),
    );
    println!(
        "  [{}] {:<58} {sync_over_raw:>6.2}x (<= 2x)   {:.1} vs {:.1} µs",
        verdict(sync_over_raw <= 2.0),
        "2a Rust sync call time within 2x of raw TCP round trip",
        rs_sync.secs_per_op() * 1e6,
        raw.secs_per_op() * 1e6
    );
    println!(
        "  [{}] {:<58} {:>7.0}/s (>= 200000/s, {})",
        verdict(rs_8[b8].rate() >= 200_000.0),
        "2b Rust 8 tasks pipelined on one connection",
        rs_8[b8].rate(),
        flavors[b8].name()
    );
    let rss_mib = agent_rss.map_or(f64::NAN, |k| k as f64 / 1024.0);
    println!("  [{}] {:<58} {rss_mib:>6.2} MiB (<= 8 MiB)", verdict(rss_mib <= 8.0), "3a agent idle RSS");
    println!("  [INFO] {:<58} {:>6.2} MiB (no target)", "3b stripped release binary size", binary_bytes as f64 / MIB);
    println!("{line}");
}

/// One row of section 4: this agent's rate against the baseline's.
fn rate_row_pair(name: &str, this: &Row, base: &Row) {
    println!(
        "  {name:<40} {:>12.0}/s {:>12.0}/s {:>7.2}x   {:<22} {} | {}",
        this.rate(),
        base.rate(),
        this.rate() / base.rate(),
        format!("{} / {} µs", cpu(this.median().server_cpu_us), cpu(base.median().server_cpu_us)),
        this.rounds(Sample::rate, 0),
        base.rounds(Sample::rate, 0)
    );
}

/// `BENCH_ONLY=<row>`: one window of one row, for strace or perf.
fn profile_one(only: &str, agent_bin: &Path, bulk_file: &Path, window: Duration) {
    let agent = AgentProcess::start_bin(agent_bin, &[]);
    let attach: f64 = std::env::var("BENCH_ATTACH_SECS").ok().and_then(|s| s.parse().ok()).unwrap_or(0.0);
    eprintln!("agent_bench: agent pid {} on {}; starting in {attach} s", agent.pid(), agent.addr);
    std::thread::sleep(Duration::from_secs_f64(attach));
    let (pid, addr) = (agent.pid(), agent.addr);
    let sample = match only {
        "rust-1" => rust_calls(addr, Some(pid), Flavor::CurrentThread, Op::Cached, 1, window),
        "rust-8" => rust_calls(addr, Some(pid), Flavor::CurrentThread, Op::Cached, 8, window),
        "rust-8mt" => rust_calls(addr, Some(pid), Flavor::MultiThread, Op::Cached, 8, window),
        "rust-64" => rust_calls(addr, Some(pid), Flavor::CurrentThread, Op::Cached, 64, window),
        "python" => {
            println!("{}", python_client(addr, pid, bulk_file, window, window / 2));
            return;
        }
        other => panic!("BENCH_ONLY={other}: expected rust-1, rust-8, rust-8mt, rust-64 or python"),
    };
    println!(
        "{only}: {:.0} calls/s, {:.2} µs/call, agent CPU {} µs/call ({} calls in {:.2} s)",
        sample.rate(),
        1e6 / sample.rate(),
        cpu(sample.server_cpu_us),
        sample.ops,
        sample.secs
    );
}
