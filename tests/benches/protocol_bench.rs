//! Call-rate benchmark: the Rust client against the stock Python client,
//! both calling a real `rpyc_classic` (rpyc 6.0.2 from the project's venv),
//! next to the raw loopback round trip that bounds them all.
//!
//!     cargo bench -p rpyctl-tests --bench protocol_bench
//!
//! Every figure is the median of `ROUNDS` rounds; the rounds are interleaved
//! (round 1 of everything, then round 2, ...) so slow drift on the machine
//! hits every row alike. CPU time is measured per call for this process
//! (all its threads) and for the server process (all its threads), from
//! `/proc/<pid>/task/*/schedstat` (nanoseconds). The Python client measures
//! itself (tests/python/bench_client.py) the same way.
//!
//! `BENCH_SECS` scales the measuring windows (default 2 s for the cached
//! call loops, half that for the others). `BENCH_ONLY=rust-ct` (or
//! `rust-mt`, `rust-8ct`, `rust-8mt`, `python`) runs one window of one row
//! and nothing else, for strace or perf.

use std::net::SocketAddr;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use rpyctl_tests::bench::{loadavg, raw_tcp_pingpong, rust_calls, Flavor, Op, Row, Sample};
use rpyctl_tests::{venv_bin, workspace_root, PythonClassicServer};

const ROUNDS: usize = 3;
const CONCURRENT_TASKS: usize = 8;
/// The target: the Rust client must not be the bottleneck.
const TARGET_RATIO: f64 = 1.5;

// ---------------------------------------------------------------------------
// CPU accounting

/// The pid of our `rpyc_classic` child: the helper does not expose it, so
/// look for a child of this process whose command line names it. The
/// Python client double-checks it against the server's own `os.getpid()`.
fn find_server_pid() -> Option<u32> {
    let me = std::process::id();
    for entry in std::fs::read_dir("/proc").ok()?.flatten() {
        let Some(pid) = entry.file_name().to_str().and_then(|s| s.parse::<u32>().ok()) else { continue };
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else { continue };
        // Fields after the ")" that closes the command name: state, ppid, ...
        let ppid = stat.rsplit_once(')').and_then(|(_, rest)| rest.split_whitespace().nth(1)?.parse::<u32>().ok());
        if ppid != Some(me) {
            continue;
        }
        let cmdline = std::fs::read(entry.path().join("cmdline")).unwrap_or_default();
        if String::from_utf8_lossy(&cmdline).contains("rpyc_classic") {
            return Some(pid);
        }
    }
    None
}

/// Median of per-round ratios a/b: both sides of a pair ran in the same
/// round, so this is less sensitive to load changing between rounds.
fn paired_ratios(a: &Row, b: &Row) -> (f64, Vec<f64>) {
    let ratios: Vec<f64> = a.samples.iter().zip(&b.samples).map(|(x, y)| x.rate() / y.rate()).collect();
    let mut sorted = ratios.clone();
    sorted.sort_by(f64::total_cmp);
    (sorted.get(sorted.len() / 2).copied().unwrap_or(f64::NAN), ratios)
}

// ---------------------------------------------------------------------------
// 1. Raw TCP ping-pong

// ---------------------------------------------------------------------------
// 2. Python client

struct PythonRun {
    cached: Sample,
    uncached: Sample,
    python: String,
    rpyc: String,
}

fn json_field<'a>(json: &'a str, key: &str) -> Option<&'a str> {
    let at = json.find(&format!("\"{key}\":"))? + key.len() + 3;
    let rest = json[at..].trim_start();
    if let Some(s) = rest.strip_prefix('"') {
        return s.split('"').next();
    }
    rest.split([',', '}']).next().map(str::trim)
}

fn json_num(json: &str, key: &str) -> Option<f64> {
    json_field(json, key)?.parse().ok()
}

fn python_client(addr: SocketAddr, server_pid: Option<u32>, cached: Duration, uncached: Duration) -> PythonRun {
    let script = workspace_root().join("tests/python/bench_client.py");
    let mut cmd = Command::new(venv_bin("python"));
    cmd.arg(&script)
        .arg(addr.ip().to_string())
        .arg(addr.port().to_string())
        .arg("--cached-secs")
        .arg(cached.as_secs_f64().to_string())
        .arg("--uncached-secs")
        .arg(uncached.as_secs_f64().to_string());
    if let Some(pid) = server_pid {
        cmd.arg("--server-pid").arg(pid.to_string());
    }
    let out = cmd.output().expect("run bench_client.py");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{} failed: {}\n{}",
        script.display(),
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let json = stdout.trim();
    let sample = |prefix: &str| Sample {
        ops: json_num(json, &format!("{prefix}_calls")).expect("calls in the JSON"),
        secs: json_num(json, &format!("{prefix}_secs")).expect("secs in the JSON"),
        client_cpu_us: json_num(json, &format!("{prefix}_client_cpu_us_per_call")),
        server_cpu_us: json_num(json, &format!("{prefix}_server_cpu_us_per_call")),
    };
    PythonRun {
        cached: sample("cached"),
        uncached: sample("uncached"),
        python: json_field(json, "python").unwrap_or("?").to_owned(),
        rpyc: json_field(json, "rpyc").unwrap_or("?").to_owned(),
    }
}

// ---------------------------------------------------------------------------
// 3, 4. Rust client

// ---------------------------------------------------------------------------
// Report

fn fmt_opt(v: Option<f64>) -> String {
    v.map_or_else(|| "-".into(), |v| format!("{v:.1}"))
}

fn print_row(name: &str, row: &Row) {
    let m = row.median();
    let rounds: Vec<String> = row.samples.iter().map(|s| format!("{:.0}", s.rate())).collect();
    println!(
        "  {name:<54} {:>10.0} {:>9.1} {:>9} {:>9}   {}",
        row.rate(),
        row.us_per_op(),
        fmt_opt(m.client_cpu_us),
        fmt_opt(m.server_cpu_us),
        rounds.join(" / ")
    );
}

fn print_ratio(name: &str, value: f64, note: &str) {
    println!("  {name:<66} {value:>6.2}x   {note}");
}

fn main() {
    let scale: f64 = std::env::var("BENCH_SECS").ok().and_then(|s| s.parse().ok()).unwrap_or(2.0);
    let long = Duration::from_secs_f64(scale);
    let short = Duration::from_secs_f64(scale / 2.0);

    let server = PythonClassicServer::start();
    let server_pid = find_server_pid();
    if let Ok(only) = std::env::var("BENCH_ONLY") {
        profile_one(&only, &server, server_pid, long);
        return;
    }
    let total_start = Instant::now();
    let load_before = loadavg();

    let mut raw = Row::default();
    let mut py_cached = Row::default();
    let mut py_uncached = Row::default();
    let mut rs_cached_ct = Row::default();
    let mut rs_cached_mt = Row::default();
    let mut rs_conc_ct = Row::default();
    let mut rs_conc_mt = Row::default();
    let mut rs_uncached = Row::default();
    let mut rs_callattr = Row::default();
    let mut versions = (String::new(), String::new());

    for round in 1..=ROUNDS {
        eprintln!("protocol_bench: round {round}/{ROUNDS} ...");
        raw.samples.push(raw_tcp_pingpong(short));
        let py = python_client(server.addr, server_pid, long, short);
        py_cached.samples.push(py.cached);
        py_uncached.samples.push(py.uncached);
        versions = (py.python, py.rpyc);
        let rs = |flavor, op, tasks, window| rust_calls(server.addr, server_pid, flavor, op, tasks, window);
        rs_cached_ct.samples.push(rs(Flavor::CurrentThread, Op::Cached, 1, long));
        rs_cached_mt.samples.push(rs(Flavor::MultiThread, Op::Cached, 1, long));
        rs_conc_ct.samples.push(rs(Flavor::CurrentThread, Op::Cached, CONCURRENT_TASKS, long));
        rs_conc_mt.samples.push(rs(Flavor::MultiThread, Op::Cached, CONCURRENT_TASKS, long));
        rs_uncached.samples.push(rs(Flavor::CurrentThread, Op::Uncached, 1, short));
        rs_callattr.samples.push(rs(Flavor::CurrentThread, Op::CallAttr, 1, short));
    }
    let total = total_start.elapsed();
    let load_after = loadavg();
    drop(server);

    let cpus = std::thread::available_parallelism().map_or(0, usize::from);
    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
    let (best_name, best) = if rs_cached_ct.rate() >= rs_cached_mt.rate() {
        (Flavor::CurrentThread.name(), &rs_cached_ct)
    } else {
        (Flavor::MultiThread.name(), &rs_cached_mt)
    };
    let (conc_name, conc) = if rs_conc_ct.rate() >= rs_conc_mt.rate() {
        (Flavor::CurrentThread.name(), &rs_conc_ct)
    } else {
        (Flavor::MultiThread.name(), &rs_conc_mt)
    };

    println!();
    println!("{}", "=".repeat(118));
    println!(" rpyctl protocol_bench: os.getpid() call rates against a real rpyc_classic server, loopback");
    println!(
        " {cpus} CPUs, Linux {}, CPython {} / rpyc {} (client and server), server pid {}",
        kernel.trim(),
        versions.0,
        versions.1,
        server_pid.map_or_else(|| "unknown".into(), |p| p.to_string())
    );
    println!(
        " median of {ROUNDS} interleaved rounds; windows {:.1} s (cached loops) / {:.1} s (others); total {:.1} s",
        long.as_secs_f64(),
        short.as_secs_f64(),
        total.as_secs_f64()
    );
    println!(" CPU columns: CPU time per op of the client process and of the server process (all threads, schedstat);");
    println!("   for row 1 the client column holds both ends (client and echo thread share this process)");
    println!(
        " 1-min load average: {load_before:.2} before, {load_after:.2} after (this benchmark itself adds up to ~2)"
    );
    if load_before > cpus as f64 * 0.75 {
        println!(" WARNING: the machine is busy with other work (load > 0.75 x CPUs): rates are low and noisy");
    }
    println!("{}", "=".repeat(118));
    println!("  {:<54} {:>10} {:>9} {:>9} {:>9}   rounds (ops/s)", "metric", "ops/s", "µs/op", "cli CPU", "srv CPU");
    println!("  {}", "-".repeat(116));
    print_row("1. raw TCP 1-byte ping-pong (std, NODELAY)", &raw);
    print_row("2. Python client, cached f()", &py_cached);
    print_row("2. Python client, conn.modules.os.getpid()", &py_uncached);
    print_row("3. Rust client, cached CALL, current_thread", &rs_cached_ct);
    print_row("3. Rust client, cached CALL, multi_thread", &rs_cached_mt);
    print_row(&format!("4. Rust client, {CONCURRENT_TASKS} tasks, cached CALL, current_thread"), &rs_conc_ct);
    print_row(&format!("4. Rust client, {CONCURRENT_TASKS} tasks, cached CALL, multi_thread"), &rs_conc_mt);
    print_row("   Rust client, GETATTR+CALL+DEL, current_thread", &rs_uncached);
    print_row("   Rust client, CALLATTR(os,'getpid'), current_thread", &rs_callattr);
    println!();
    println!(" Ratios (from the medians):");
    print_row_ratios(
        &raw,
        &py_cached,
        &py_uncached,
        best_name,
        best,
        &rs_cached_ct,
        &rs_cached_mt,
        conc_name,
        conc,
        &rs_uncached,
    );

    println!();
    println!(" Where the time goes (cached call, µs per call, median round):");
    for (name, row) in [("Python client", &py_cached), (best_name, best)] {
        let m = row.median();
        let cli = m.client_cpu_us.unwrap_or(f64::NAN);
        let srv = m.server_cpu_us.unwrap_or(f64::NAN);
        println!(
            "  {name:<16} wall {:>6.1}  = client CPU {:>5.1} + server CPU {:>5.1} + other (wire, wakeups, idle) {:>5.1}",
            row.us_per_op(),
            cli,
            srv,
            row.us_per_op() - cli - srv
        );
    }
    if let Some(srv) = best.median().server_cpu_us {
        println!(
            "  server-CPU ceiling for a sequential caller: {:.0} calls/s (1e6 / {srv:.1} µs); the Rust client reaches {:.0}% of it",
            1e6 / srv,
            100.0 * best.rate() * srv / 1e6
        );
    }

    println!();
    println!(" Targets:");
    let ratio = best.rate() / py_cached.rate();
    let (paired, per_round) = paired_ratios(best, &py_cached);
    let per_round: Vec<String> = per_round.iter().map(|r| format!("{r:.2}")).collect();
    println!(
        "  [{}] Rust client cached rate ({best_name}) >= {TARGET_RATIO}x Python client: {ratio:.2}x ({:.0} vs {:.0} calls/s)",
        if ratio >= TARGET_RATIO { "PASS" } else { "FAIL" },
        best.rate(),
        py_cached.rate()
    );
    println!(
        "  [{}] the same, median of per-round ratios: {paired:.2}x (rounds {})",
        if paired >= TARGET_RATIO { "PASS" } else { "FAIL" },
        per_round.join(" / ")
    );
    for (flavor, row) in [(Flavor::CurrentThread, &rs_cached_ct), (Flavor::MultiThread, &rs_cached_mt)] {
        let r = row.rate() / py_cached.rate();
        println!(
            "  [{}] per flavor: Rust client cached rate, {} >= {TARGET_RATIO}x Python client: {r:.2}x",
            if r >= TARGET_RATIO { "PASS" } else { "FAIL" },
            flavor.name()
        );
    }
    let conc_ratio = conc.rate() / py_cached.rate();
    println!(
        "  [{}] Rust client, {CONCURRENT_TASKS} concurrent tasks ({conc_name}) >= {TARGET_RATIO}x Python client: {conc_ratio:.2}x",
        if conc_ratio >= TARGET_RATIO { "PASS" } else { "FAIL" },
    );
    println!("{}", "=".repeat(118));
    if !Path::new("/proc/self/task").exists() {
        println!(" (no /proc: CPU columns unavailable)");
    }
}

/// `BENCH_ONLY=<row>`: one window of one row, for strace or perf
/// (`rust-ct`, `rust-mt`, `rust-8ct`, `rust-8mt`, `python`).
fn profile_one(only: &str, server: &PythonClassicServer, server_pid: Option<u32>, window: Duration) {
    eprintln!("protocol_bench: server pid {}", server_pid.map_or_else(|| "unknown".into(), |p| p.to_string()));
    let sample = match only {
        "rust-ct" => rust_calls(server.addr, server_pid, Flavor::CurrentThread, Op::Cached, 1, window),
        "rust-mt" => rust_calls(server.addr, server_pid, Flavor::MultiThread, Op::Cached, 1, window),
        "rust-8ct" => rust_calls(server.addr, server_pid, Flavor::CurrentThread, Op::Cached, CONCURRENT_TASKS, window),
        "rust-8mt" => rust_calls(server.addr, server_pid, Flavor::MultiThread, Op::Cached, CONCURRENT_TASKS, window),
        "python" => python_client(server.addr, server_pid, window, Duration::from_millis(100)).cached,
        other => panic!("BENCH_ONLY={other}: expected rust-ct, rust-mt, rust-8ct, rust-8mt or python"),
    };
    println!(
        "{only}: {:.0} calls/s, {:.1} µs/call, client CPU {} µs/call, server CPU {} µs/call ({:.0} calls in {:.2} s)",
        sample.rate(),
        1e6 / sample.rate(),
        fmt_opt(sample.client_cpu_us),
        fmt_opt(sample.server_cpu_us),
        sample.ops,
        sample.secs
    );
}

#[allow(clippy::too_many_arguments)]
fn print_row_ratios(
    raw: &Row,
    py_cached: &Row,
    py_uncached: &Row,
    best_name: &str,
    best: &Row,
    rs_ct: &Row,
    rs_mt: &Row,
    conc_name: &str,
    conc: &Row,
    rs_uncached: &Row,
) {
    print_ratio(
        &format!("Rust cached ({best_name}) / Python cached, rate"),
        best.rate() / py_cached.rate(),
        "target >= 1.5x: the Rust client must not be the bottleneck",
    );
    print_ratio("Rust cached current_thread / multi_thread, rate", rs_ct.rate() / rs_mt.rate(), "");
    if let (Some(ct), Some(mt)) = (rs_ct.median().client_cpu_us, rs_mt.median().client_cpu_us) {
        print_ratio(
            "Rust client CPU per cached call, multi_thread / current_thread",
            mt / ct,
            "(less load-sensitive than the rates: picks the flavor)",
        );
    }
    print_ratio(
        &format!("Rust {CONCURRENT_TASKS} tasks ({conc_name}) / Rust 1 task ({best_name}), rate"),
        conc.rate() / best.rate(),
        "pipelining over one connection (the Python server serves it on one thread)",
    );
    print_ratio(
        &format!("Rust {CONCURRENT_TASKS} tasks ({conc_name}) / Python cached, rate"),
        conc.rate() / py_cached.rate(),
        "",
    );
    print_ratio(
        "Rust uncached / Python uncached, rate",
        rs_uncached.rate() / py_uncached.rate(),
        "both GETATTR+CALL+async DEL",
    );
    print_ratio("Python cached / Python uncached, rate", py_cached.rate() / py_uncached.rate(), "");
    print_ratio(
        "Python cached call time / raw TCP RTT",
        py_cached.us_per_op() / raw.us_per_op(),
        "1.0x would be the wire floor",
    );
    print_ratio(&format!("Rust cached ({best_name}) call time / raw TCP RTT"), best.us_per_op() / raw.us_per_op(), "");
    print_ratio(
        "raw TCP RTT rate / Python cached rate",
        raw.rate() / py_cached.rate(),
        "headroom above the Python client",
    );
}
