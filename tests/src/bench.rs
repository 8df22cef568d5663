//! What the call-rate benchmarks (`protocol_bench`, `agent_bench`) share:
//! samples and rows of interleaved rounds, per-process CPU accounting from
//! `/proc/<pid>/task/*/schedstat`, the raw TCP round trip that bounds every
//! call rate, and the Rust client's timed `os.getpid` loop.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rpyc_protocol::{Client, Netref, Obj, Value};
use tokio::task::JoinSet;

/// Calls made before a timed window starts.
pub const WARMUP_CALLS: usize = 200;

/// One measuring window: `ops` operations in `secs`, and the CPU time per
/// op of this process and of the server when known.
#[derive(Clone, Copy, Debug, Default)]
pub struct Sample {
    pub ops: f64,
    pub secs: f64,
    /// CPU of the client process per op, µs.
    pub client_cpu_us: Option<f64>,
    /// CPU of the server process per op, µs.
    pub server_cpu_us: Option<f64>,
}

impl Sample {
    pub fn rate(&self) -> f64 {
        self.ops / self.secs
    }
}

/// The rounds of one row, reported by their median rate.
#[derive(Default)]
pub struct Row {
    pub samples: Vec<Sample>,
}

impl Row {
    pub fn median(&self) -> Sample {
        let mut sorted = self.samples.clone();
        sorted.sort_by(|a, b| a.rate().total_cmp(&b.rate()));
        sorted.get(sorted.len() / 2).copied().unwrap_or_default()
    }

    pub fn rate(&self) -> f64 {
        self.median().rate()
    }

    /// Seconds per op at the median rate.
    pub fn secs_per_op(&self) -> f64 {
        1.0 / self.rate()
    }

    /// µs per op at the median rate.
    pub fn us_per_op(&self) -> f64 {
        1e6 / self.rate()
    }

    /// Each round's `f`, as "a / b / c".
    pub fn rounds(&self, f: impl Fn(&Sample) -> f64, decimals: usize) -> String {
        self.samples.iter().map(|s| format!("{:.*}", decimals, f(s))).collect::<Vec<_>>().join(" / ")
    }
}

/// CPU time of every live thread of a process (`None`: this one), in ns.
pub fn process_cpu_ns(pid: Option<u32>) -> Option<u64> {
    let dir = pid.map_or_else(|| "self".to_owned(), |p| p.to_string());
    let tasks = std::fs::read_dir(format!("/proc/{dir}/task")).ok()?;
    let mut total = 0u64;
    for task in tasks.flatten() {
        let stat = std::fs::read_to_string(task.path().join("schedstat")).unwrap_or_default();
        total += stat.split_whitespace().next().and_then(|n| n.parse::<u64>().ok()).unwrap_or(0);
    }
    Some(total)
}

/// CPU used by this process and by the server during one window.
pub struct CpuMeter {
    server_pid: Option<u32>,
    self0: Option<u64>,
    server0: Option<u64>,
}

impl CpuMeter {
    pub fn start(server_pid: Option<u32>) -> CpuMeter {
        CpuMeter { server_pid, self0: process_cpu_ns(None), server0: server_pid.and_then(|p| process_cpu_ns(Some(p))) }
    }

    pub fn finish(self, ops: u64, secs: f64) -> Sample {
        let per_op = |before: Option<u64>, after: Option<u64>| match (before, after) {
            (Some(b), Some(a)) if ops > 0 => Some(a.saturating_sub(b) as f64 / 1e3 / ops as f64),
            _ => None,
        };
        Sample {
            ops: ops as f64,
            secs,
            client_cpu_us: per_op(self.self0, process_cpu_ns(None)),
            server_cpu_us: per_op(self.server0, self.server_pid.and_then(|p| process_cpu_ns(Some(p)))),
        }
    }
}

/// A `kB` field of `/proc/<pid>/status` (`VmRSS:`, `VmHWM:`), in KiB.
pub fn status_kib(pid: u32, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status.lines().find(|l| l.starts_with(field))?.split_whitespace().nth(1)?.parse().ok()
}

/// The 1-minute load average, printed beside results.
pub fn loadavg() -> f64 {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|l| l.parse().ok()))
        .unwrap_or(f64::NAN)
}

/// One-byte ping-pongs with an echo thread over loopback TCP (NODELAY)
/// for `window`: the round trip no RPC over TCP can beat.
pub fn raw_tcp_pingpong(window: Duration) -> Sample {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind echo server");
    let addr = listener.local_addr().expect("echo server address");
    let echo = std::thread::spawn(move || {
        let (mut s, _) = listener.accept().expect("accept");
        s.set_nodelay(true).expect("nodelay");
        let mut b = [0u8; 1];
        while let Ok(1) = s.read(&mut b) {
            if s.write_all(&b).is_err() {
                break;
            }
        }
    });
    let mut c = TcpStream::connect(addr).expect("connect echo server");
    c.set_nodelay(true).expect("nodelay");
    let mut b = [7u8; 1];
    let mut pingpong = |c: &mut TcpStream| {
        c.write_all(&b).expect("write");
        c.read_exact(&mut b).expect("read");
    };
    for _ in 0..1000 {
        pingpong(&mut c);
    }
    let meter = CpuMeter::start(None);
    let start = Instant::now();
    let mut n = 0u64;
    while start.elapsed() < window {
        pingpong(&mut c);
        n += 1;
    }
    let sample = meter.finish(n, start.elapsed().as_secs_f64());
    drop(c);
    echo.join().expect("echo thread");
    sample
}

/// The tokio runtime the Rust client runs on.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Flavor {
    CurrentThread,
    MultiThread,
}

impl Flavor {
    pub fn name(self) -> &'static str {
        match self {
            Flavor::CurrentThread => "current_thread",
            Flavor::MultiThread => "multi_thread",
        }
    }

    pub fn runtime(self) -> tokio::runtime::Runtime {
        match self {
            Flavor::CurrentThread => tokio::runtime::Builder::new_current_thread().enable_all().build(),
            Flavor::MultiThread => tokio::runtime::Builder::new_multi_thread().enable_all().build(),
        }
        .expect("tokio runtime")
    }
}

/// What the timed loop calls.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Op {
    /// CALL on a kept function netref (`f = conn.modules.os.getpid; f()`).
    Cached,
    /// GETATTR + CALL + async DEL, as `conn.modules.os.getpid()` does.
    Uncached,
    /// One CALLATTR(os, 'getpid'): what a Rust-aware caller would send.
    CallAttr,
}

async fn getpid_fn(client: &Client) -> Netref {
    let os = client.module("os").await.expect("os module");
    match client.getattr(&os, "getpid").await.expect("getattr getpid") {
        Obj::Remote(f) => f,
        other => panic!("os.getpid came back by value: {other:?}"),
    }
}

async fn one_op(client: &Client, f: &Netref, os: &Netref, op: Op) {
    let result = match op {
        Op::Cached => client.connection().call(f, vec![], vec![]).await,
        Op::Uncached => {
            let Obj::Remote(g) = client.getattr(os, "getpid").await.expect("getattr") else { panic!("not a netref") };
            client.connection().call(&g, vec![], vec![]).await
            // `g` drops here: DEL goes out without waiting, like rpyc's.
        }
        Op::CallAttr => client.connection().callattr(os, "getpid", vec![], vec![]).await,
    };
    match result.expect("getpid call") {
        Obj::Value(Value::Int(_)) => {}
        other => panic!("getpid() returned {other:?}"),
    }
}

/// `tasks` tasks doing `op` (an `os.getpid` call) on one connection to
/// `addr` for `window`, after checking that `getpid()` is `server_pid`
/// (when known) and [`WARMUP_CALLS`] warm-up calls. One task runs in
/// `block_on` itself, as in a `#[tokio::main]` program; more are spawned
/// and pipeline their requests.
pub fn rust_calls(
    addr: SocketAddr,
    server_pid: Option<u32>,
    flavor: Flavor,
    op: Op,
    tasks: usize,
    window: Duration,
) -> Sample {
    flavor.runtime().block_on(async move {
        let client = Client::connect(addr).await.expect("connect to the server");
        let f = getpid_fn(&client).await;
        let os = client.module("os").await.expect("os module");
        match client.connection().call(&f, vec![], vec![]).await.expect("getpid") {
            Obj::Value(Value::Int(pid)) => {
                if let Some(expected) = server_pid {
                    assert_eq!(pid, i64::from(expected), "getpid() is not the server's pid");
                }
            }
            other => panic!("getpid returned {other:?}"),
        }
        for _ in 0..WARMUP_CALLS {
            one_op(&client, &f, &os, op).await;
        }
        let meter = CpuMeter::start(server_pid);
        let start = Instant::now();
        let deadline = start + window;
        let client = Arc::new(client);
        let ops = if tasks == 1 {
            let mut n = 0u64;
            while Instant::now() < deadline {
                one_op(&client, &f, &os, op).await;
                n += 1;
            }
            n
        } else {
            let mut set = JoinSet::new();
            for _ in 0..tasks {
                let (client, f, os) = (client.clone(), f.clone(), os.clone());
                set.spawn(async move {
                    let mut n = 0u64;
                    while Instant::now() < deadline {
                        one_op(&client, &f, &os, op).await;
                        n += 1;
                    }
                    n
                });
            }
            let mut total = 0;
            while let Some(n) = set.join_next().await {
                total += n.expect("bench task");
            }
            total
        };
        let sample = meter.finish(ops, start.elapsed().as_secs_f64());
        drop((f, os));
        if let Ok(client) = Arc::try_unwrap(client) {
            client.close().await;
        }
        sample
    })
}
