//! Fleet fan-out, from one run:
//!
//!     cargo bench -p rpyctl-tests --bench fanout_bench
//!
//! Release binaries in target/release are used as they are; when missing
//! (or with `BENCH_BUILD=1`) they are built first (`cargo build --release`,
//! via `CARGO`).
//!
//! 1. Wall time of `rpyctl -i INV exec all os.getcwd --output json -f 500`
//!    (release build) over 100 and over 500 release `rpyc-agent -q`
//!    processes on loopback ports probed free below the ephemeral range.
//!    The JSON must say every host is ok.
//! 2. The same work by the stock rpyc 6.0.2 client in a thread pool
//!    (tests/python/fanout_rpyc.py, max_workers = number of agents).
//! 3. The same 100 host names reached by Ansible:
//!    `ansible all -i INV -m command -a pwd -f 100` with
//!    `ansible_connection=local`. `ansible-core` is pip-installed into
//!    target/bench-venv (not the project venv) on first use and reused.
//! 4. The controller's max RSS (`/usr/bin/time -v`) over 1, 100 and 500
//!    agents, and (RSS(500) - RSS(1)) / 500 per host.
//!
//! Figures are medians of `RUNS` interleaved rounds (`BENCH_RUNS`; Ansible
//! rows use `BENCH_ANSIBLE_RUNS`, default `RUNS`). A TARGETS section ends
//! the output. Agents are killed on drop, and by PR_SET_PDEATHSIG if this
//! process dies without unwinding.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use rpyctl_tests::bench::status_kib;
use rpyctl_tests::{median, release_bin, venv_bin, workspace_root};

const BIG: usize = 500;
const SMALL: usize = 100;
const FORKS: usize = 500;
const ANSIBLE_FORKS: usize = 100;
const FIRST_PORT: u16 = 20000;

const TARGET_WALL_SECS: f64 = 1.0;
const TARGET_VS_ANSIBLE: f64 = 20.0;
const TARGET_KIB_PER_HOST: f64 = 100.0;

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).filter(|&n| n > 0).unwrap_or(default)
}

fn rounds(xs: &[f64], decimals: usize) -> String {
    xs.iter().map(|x| format!("{x:.decimals$}")).collect::<Vec<_>>().join(" / ")
}

// ---------------------------------------------------------------------------
// Processes

/// Dies with this process even when it does not unwind (abort, SIGKILL, ^C).
fn die_with_parent(cmd: &mut Command) -> &mut Command {
    // SAFETY: prctl is async-signal-safe; nothing else runs between fork and exec.
    unsafe {
        cmd.pre_exec(|| {
            if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        })
    }
}

/// Raises the soft RLIMIT_NOFILE to at least `want` (up to the hard limit);
/// children inherit it. Returns (soft, hard) after.
fn raise_nofile(want: u64) -> (u64, u64) {
    let mut lim = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: plain syscalls on a valid rlimit struct.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) != 0 {
            return (0, 0);
        }
        if lim.rlim_cur < want {
            let raised = libc::rlimit { rlim_cur: want.min(lim.rlim_max), rlim_max: lim.rlim_max };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
                lim = raised;
            }
        }
    }
    (lim.rlim_cur, lim.rlim_max)
}

/// The low end of the kernel's ephemeral port range: ports below it are
/// never handed to outgoing connections.
fn ephemeral_low() -> u16 {
    std::fs::read_to_string("/proc/sys/net/ipv4/ip_local_port_range")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|p| p.parse().ok()))
        .unwrap_or(32768)
}

/// Ports at or above `*next` that are free right now (probed by binding),
/// outside the ephemeral range when possible.
fn free_ports(next: &mut u16, n: usize) -> Vec<u16> {
    let mut ports = Vec::with_capacity(n);
    while ports.len() < n {
        assert!(*next < u16::MAX, "ran out of ports probing for {n} free ones");
        let port = *next;
        *next += 1;
        if TcpListener::bind(("127.0.0.1", port)).is_ok() {
            ports.push(port);
        }
    }
    ports
}

/// `n` release agents on loopback. Killed (and reaped) on drop.
struct Fleet {
    agents: Vec<(Child, u16)>,
}

impl Fleet {
    fn start(bin: &Path, n: usize) -> Fleet {
        let low = ephemeral_low();
        let mut next = if low > FIRST_PORT + n as u16 + 1000 { FIRST_PORT } else { 1024 };
        let spawn = |port: u16| {
            die_with_parent(
                Command::new(bin)
                    .args(["-q", "-p", &port.to_string()])
                    .stdin(Stdio::null())
                    .stdout(Stdio::null())
                    .stderr(Stdio::null()),
            )
            .spawn()
            .unwrap_or_else(|e| panic!("start {}: {e}", bin.display()))
        };
        let mut fleet = Fleet { agents: Vec::with_capacity(n) };
        for port in free_ports(&mut next, n) {
            fleet.agents.push((spawn(port), port));
        }
        // Wait until every agent accepts; one that lost its port to a race
        // has exited and is started again on another.
        let deadline = Instant::now() + Duration::from_secs(30);
        for i in 0..n {
            loop {
                let port = fleet.agents[i].1;
                if TcpStream::connect_timeout(&SocketAddr::from(([127, 0, 0, 1], port)), Duration::from_secs(1)).is_ok()
                {
                    break;
                }
                assert!(Instant::now() < deadline, "agent on port {port} did not start listening within 30 s");
                if let Ok(Some(status)) = fleet.agents[i].0.try_wait() {
                    eprintln!("fanout_bench: agent on port {port} exited ({status}); restarting it on another port");
                    let port = free_ports(&mut next, 1)[0];
                    fleet.agents[i] = (spawn(port), port);
                } else {
                    std::thread::sleep(Duration::from_millis(5));
                }
            }
        }
        fleet
    }

    fn ports(&self) -> Vec<u16> {
        self.agents.iter().map(|(_, p)| *p).collect()
    }

    fn total_rss_kib(&self) -> u64 {
        self.agents.iter().filter_map(|(c, _)| status_kib(c.id(), "VmRSS:")).sum()
    }
}

impl Drop for Fleet {
    fn drop(&mut self) {
        for (child, _) in &mut self.agents {
            let _ = child.kill();
        }
        for (child, _) in &mut self.agents {
            let _ = child.wait();
        }
    }
}

/// Runs `cmd` to completion; returns its output and wall time.
fn timed(cmd: &mut Command) -> (Output, f64) {
    let start = Instant::now();
    let out = die_with_parent(cmd.stdin(Stdio::null())).output().expect("spawn");
    (out, start.elapsed().as_secs_f64())
}

fn must_succeed(what: &str, out: &Output) {
    assert!(
        out.status.success(),
        "{what} failed: {}\nstdout: {}\nstderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stdout).chars().take(2000).collect::<String>(),
        String::from_utf8_lossy(&out.stderr).chars().take(2000).collect::<String>()
    );
}

/// `Maximum resident set size (kbytes): N` of a `/usr/bin/time -v` run.
fn time_v_max_rss(stderr: &[u8]) -> u64 {
    String::from_utf8_lossy(stderr)
        .lines()
        .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes):").map(|v| v.trim().to_owned()))
        .and_then(|v| v.parse().ok())
        .expect("/usr/bin/time -v reported the max RSS")
}

/// The release binary `name` of `package`, built (`cargo build --release`,
/// via `CARGO`) only when missing or when `BENCH_BUILD=1`.
fn bin_or_build(package: &str, name: &str) -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| workspace_root().join("target"), PathBuf::from);
    let path = target.join("release").join(name);
    if path.exists() && std::env::var("BENCH_BUILD").map_or(true, |v| v != "1") {
        return path;
    }
    release_bin(package, name)
}

/// `path`, and how long ago it was built.
fn describe_bin(path: &Path) -> String {
    let age = std::fs::metadata(path).and_then(|m| m.modified()).ok().and_then(|t| t.elapsed().ok());
    match age {
        Some(age) => format!("{} (built {:.0} min ago)", path.display(), age.as_secs_f64() / 60.0),
        None => path.display().to_string(),
    }
}

fn ensure_gnu_time() -> PathBuf {
    let time = PathBuf::from("/usr/bin/time");
    let works = || Command::new(&time).args(["-v", "true"]).output().is_ok_and(|o| o.status.success());
    if !works() {
        eprintln!("fanout_bench: /usr/bin/time missing, installing the `time` package with apt-get");
        let _ = Command::new("apt-get").arg("update").stdout(Stdio::null()).status();
        let _ = Command::new("apt-get").args(["install", "-y", "time"]).stdout(Stdio::null()).status();
        assert!(works(), "/usr/bin/time -v is needed for the memory figures (apt-get install time)");
    }
    time
}

// ---------------------------------------------------------------------------
// Fixtures

struct Files {
    _dir: tempfile::TempDir,
    /// YAML inventories of the first 1 / SMALL / BIG agents.
    inv: [PathBuf; 3],
    /// `127.0.0.1:port` lines for the Python client: SMALL / BIG.
    hosts: [PathBuf; 2],
    /// Ansible INI of SMALL hosts with the local connection.
    ansible_inv: PathBuf,
}

fn write_files(ports: &[u16]) -> Files {
    let dir = tempfile::tempdir().expect("tempdir");
    let yaml = |n: usize, name: &str| {
        let mut text = String::from("all:\n  hosts:\n");
        for (i, port) in ports[..n].iter().enumerate() {
            text.push_str(&format!("    h{i:03}: {{ansible_host: 127.0.0.1, rpyc_port: {port}}}\n"));
        }
        let path = dir.path().join(name);
        std::fs::write(&path, text).expect("write inventory");
        path
    };
    let list = |n: usize, name: &str| {
        let text: String = ports[..n].iter().map(|p| format!("127.0.0.1:{p}\n")).collect();
        let path = dir.path().join(name);
        std::fs::write(&path, text).expect("write hosts list");
        path
    };
    let inv = [yaml(1, "inv1.yml"), yaml(SMALL, "inv100.yml"), yaml(BIG, "inv500.yml")];
    let hosts = [list(SMALL, "hosts100.txt"), list(BIG, "hosts500.txt")];
    let mut ini = String::from("[fleet]\n");
    for i in 0..SMALL {
        ini.push_str(&format!("h{i:03} ansible_connection=local\n"));
    }
    let ansible_inv = dir.path().join("ansible100.ini");
    std::fs::write(&ansible_inv, ini).expect("write ansible inventory");
    Files { _dir: dir, inv, hosts, ansible_inv }
}

// ---------------------------------------------------------------------------
// 1 and 4. rpyctl

struct CtlRun {
    wall: f64,
    /// The summary's elapsed_ms: the fan-out inside the process.
    fanout_ms: f64,
    /// Per-host elapsed_ms (connect + call + close), median and max.
    host_p50_ms: f64,
    host_max_ms: f64,
}

fn check_ctl_json(stdout: &[u8], n: usize) -> serde_json::Value {
    let doc: serde_json::Value = serde_json::from_slice(stdout).expect("rpyctl --output json prints one JSON document");
    let s = &doc["summary"];
    assert!(
        s["hosts"] == n && s["ok"] == n && s["failed"] == 0 && s["unreachable"] == 0,
        "rpyctl over {n} agents: not all ok: {s}"
    );
    let hosts = doc["hosts"].as_object().expect("hosts object");
    assert_eq!(hosts.len(), n, "rpyctl reported {} hosts, expected {n}", hosts.len());
    for (name, h) in hosts {
        assert!(h["status"] == "ok" && h["value"].as_str().is_some_and(|v| !v.is_empty()), "{name}: {h}");
    }
    doc
}

fn run_ctl(ctl: &Path, inv: &Path, n: usize, forks: usize) -> CtlRun {
    let (out, wall) = timed(Command::new(ctl).arg("-i").arg(inv).args([
        "exec",
        "all",
        "os.getcwd",
        "--output",
        "json",
        "-f",
        &forks.to_string(),
    ]));
    must_succeed("rpyctl exec", &out);
    let doc = check_ctl_json(&out.stdout, n);
    let mut per_host: Vec<f64> =
        doc["hosts"].as_object().into_iter().flatten().filter_map(|(_, h)| h["elapsed_ms"].as_f64()).collect();
    per_host.sort_by(f64::total_cmp);
    CtlRun {
        wall,
        fanout_ms: doc["summary"]["elapsed_ms"].as_f64().unwrap_or(f64::NAN),
        host_p50_ms: median(&per_host),
        host_max_ms: per_host.last().copied().unwrap_or(f64::NAN),
    }
}

fn ctl_max_rss(time: &Path, ctl: &Path, inv: &Path, n: usize) -> u64 {
    let (out, _) = timed(Command::new(time).arg("-v").arg(ctl).arg("-i").arg(inv).args([
        "exec",
        "all",
        "os.getcwd",
        "--output",
        "json",
        "-f",
        &FORKS.to_string(),
    ]));
    must_succeed("/usr/bin/time -v rpyctl exec", &out);
    check_ctl_json(&out.stdout, n);
    time_v_max_rss(&out.stderr)
}

// ---------------------------------------------------------------------------
// 2. Python rpyc + ThreadPoolExecutor

struct PyRun {
    wall: f64,
    pool: f64,
    import: f64,
    max_rss: u64,
}

fn run_python(time: &Path, hosts: &Path, n: usize) -> PyRun {
    let script = workspace_root().join("tests/python/fanout_rpyc.py");
    let (out, wall) = timed(
        Command::new(time)
            .arg("-v")
            .arg(venv_bin("python"))
            .arg(&script)
            .arg(hosts)
            .args(["--workers", &n.to_string()]),
    );
    must_succeed("fanout_rpyc.py", &out);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("fanout_rpyc.py prints one JSON object");
    assert!(doc["ok"] == n && doc["hosts"] == n, "python rpyc over {n} agents: not all ok: {doc}");
    PyRun {
        wall,
        pool: doc["pool_secs"].as_f64().unwrap_or(f64::NAN),
        import: doc["import_secs"].as_f64().unwrap_or(f64::NAN),
        max_rss: time_v_max_rss(&out.stderr),
    }
}

// ---------------------------------------------------------------------------
// 3. Ansible

/// target/bench-venv with ansible-core, installed on first use.
fn ensure_ansible() -> (PathBuf, String) {
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| workspace_root().join("target"), PathBuf::from);
    let venv = target.join("bench-venv");
    let ansible = venv.join("bin/ansible");
    let version = || {
        Command::new(&ansible)
            .arg("--version")
            .env("ANSIBLE_NOCOLOR", "1")
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).lines().next().unwrap_or_default().to_owned())
    };
    if let Some(v) = version() {
        return (ansible, v);
    }
    let python = std::env::var("BENCH_PYTHON").unwrap_or_else(|_| "python3".into());
    eprintln!("fanout_bench: installing ansible-core into {} (once)", venv.display());
    let start = Instant::now();
    let ok = Command::new(&python).args(["-m", "venv"]).arg(&venv).status().is_ok_and(|s| s.success());
    assert!(ok, "{python} -m venv {} failed", venv.display());
    let ok = Command::new(venv.join("bin/pip"))
        .args(["install", "--quiet", "--disable-pip-version-check", "ansible-core"])
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "pip install ansible-core into {} failed", venv.display());
    eprintln!("fanout_bench: ansible-core installed in {:.0} s", start.elapsed().as_secs_f64());
    let v = version().expect("ansible --version works after the install");
    (ansible, v)
}

fn run_ansible(ansible: &Path, inv: &Path, home: &Path) -> f64 {
    let python = ansible.with_file_name("python");
    let (out, wall) = timed(
        Command::new(ansible)
            .arg("all")
            .arg("-i")
            .arg(inv)
            .args(["-m", "command", "-a", "pwd", "-f", &ANSIBLE_FORKS.to_string()])
            .env("ANSIBLE_HOME", home)
            .env("ANSIBLE_LOCAL_TEMP", home.join("tmp"))
            .env("ANSIBLE_HOST_KEY_CHECKING", "False")
            .env("ANSIBLE_GATHERING", "explicit")
            .env("ANSIBLE_LOCALHOST_WARNING", "False")
            .env("ANSIBLE_NOCOLOR", "1")
            .env("ANSIBLE_PYTHON_INTERPRETER", &python)
            .env("ANSIBLE_DEPRECATION_WARNINGS", "False")
            .env("LC_ALL", "C.UTF-8"),
    );
    must_succeed("ansible", &out);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let ok = stdout.lines().filter(|l| l.contains(" | CHANGED | rc=0")).count();
    assert_eq!(ok, SMALL, "ansible: {ok} of {SMALL} hosts CHANGED rc=0:\n{stdout}");
    wall
}

// ---------------------------------------------------------------------------

fn main() {
    let runs = env_usize("BENCH_RUNS", 3);
    let ansible_runs = env_usize("BENCH_ANSIBLE_RUNS", runs);
    let bench_start = Instant::now();

    let (nofile, nofile_hard) = raise_nofile(8192);
    let ctl = bin_or_build("rpyctl", "rpyctl");
    let agent = bin_or_build("rpyc-agent", "rpyc-agent");
    let time = ensure_gnu_time();
    let (ansible, ansible_version) = ensure_ansible();
    let setup_done = Instant::now();

    eprintln!("fanout_bench: starting {BIG} agents");
    let t = Instant::now();
    let fleet = Fleet::start(&agent, BIG);
    let fleet_start_secs = t.elapsed().as_secs_f64();
    let agents_rss_mib = fleet.total_rss_kib() as f64 / 1024.0;
    let files = write_files(&fleet.ports());
    let ansible_home = tempfile::tempdir().expect("ansible home");

    // Warm up: page cache, the agents' first accept.
    run_ctl(&ctl, &files.inv[2], BIG, FORKS);
    run_python(&time, &files.hosts[0], SMALL);

    let (mut ctl100, mut ctl500, mut py100, mut py500, mut ans100) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut ctl500_f100 = Vec::new();
    let (mut rss1, mut rss100, mut rss500) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..runs {
        eprintln!("fanout_bench: round {}/{runs}", round + 1);
        ctl100.push(run_ctl(&ctl, &files.inv[1], SMALL, FORKS));
        ctl500.push(run_ctl(&ctl, &files.inv[2], BIG, FORKS));
        ctl500_f100.push(run_ctl(&ctl, &files.inv[2], BIG, 100));
        py100.push(run_python(&time, &files.hosts[0], SMALL));
        py500.push(run_python(&time, &files.hosts[1], BIG));
        rss1.push(ctl_max_rss(&time, &ctl, &files.inv[0], 1) as f64);
        rss100.push(ctl_max_rss(&time, &ctl, &files.inv[1], SMALL) as f64);
        rss500.push(ctl_max_rss(&time, &ctl, &files.inv[2], BIG) as f64);
        if round < ansible_runs {
            ans100.push(run_ansible(&ansible, &files.ansible_inv, ansible_home.path()));
        }
    }
    for round in runs..ansible_runs {
        eprintln!("fanout_bench: ansible round {}/{ansible_runs}", round + 1);
        ans100.push(run_ansible(&ansible, &files.ansible_inv, ansible_home.path()));
    }

    let walls = |v: &[CtlRun]| v.iter().map(|r| r.wall).collect::<Vec<_>>();
    let (c100, c500, c500f) = (walls(&ctl100), walls(&ctl500), walls(&ctl500_f100));
    let (m100, m500, m500f) = (median(&c100), median(&c500), median(&c500f));
    let pyw = |v: &[PyRun]| v.iter().map(|r| r.wall).collect::<Vec<_>>();
    let pyp = |v: &[PyRun]| v.iter().map(|r| r.pool).collect::<Vec<_>>();
    let (p100, p500) = (pyw(&py100), pyw(&py500));
    let (pm100, pm500) = (median(&p100), median(&p500));
    let (pp100, pp500) = (median(&pyp(&py100)), median(&pyp(&py500)));
    let py_import = median(&py100.iter().chain(&py500).map(|r| r.import).collect::<Vec<_>>());
    let py_rss500 = median(&py500.iter().map(|r| r.max_rss as f64).collect::<Vec<_>>());
    let am100 = median(&ans100);
    let (r1, r100, r500) = (median(&rss1), median(&rss100), median(&rss500));
    let kib_per_host = (r500 - r1) / BIG as f64;
    let kib_per_host_100 = (r100 - r1) / SMALL as f64;
    let detail = |v: &[CtlRun]| {
        (
            median(&v.iter().map(|r| r.fanout_ms).collect::<Vec<_>>()),
            median(&v.iter().map(|r| r.host_p50_ms).collect::<Vec<_>>()),
            median(&v.iter().map(|r| r.host_max_ms).collect::<Vec<_>>()),
        )
    };

    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    println!();
    println!("fanout_bench: os.getcwd on every host, loopback, wall time of the whole command");
    println!(
        "  {cpus} CPUs; RLIMIT_NOFILE {nofile}/{nofile_hard}; {BIG} rpyc-agent -q (release) started in {fleet_start_secs:.2} s, {agents_rss_mib:.0} MiB RSS total"
    );
    println!("  rpyctl: {}; rpyc-agent: {}", describe_bin(&ctl), describe_bin(&agent));
    println!("  medians of {runs} rounds ({ansible_runs} for ansible); each round's figures after the '|'");
    println!();
    println!("  {:<48} {:>10} {:>10}   rounds 100 | rounds 500", "", "100 hosts", "500 hosts");
    println!(
        "  {:<48} {:>9.3}s {:>9.3}s   {} | {}",
        format!("rpyctl exec -f {FORKS} --output json"),
        m100,
        m500,
        rounds(&c100, 3),
        rounds(&c500, 3)
    );
    println!(
        "  {:<48} {:>10} {:>9.3}s   {:>19} | {}",
        "rpyctl exec -f 100 (the default)",
        "",
        m500f,
        "",
        rounds(&c500f, 3)
    );
    println!(
        "  {:<48} {:>9.3}s {:>9.3}s   {} | {}",
        "python rpyc, ThreadPoolExecutor(N) (process)",
        pm100,
        pm500,
        rounds(&p100, 3),
        rounds(&p500, 3)
    );
    println!("  {:<48} {:>9.1}x {:>9.1}x", "    / rpyctl", pm100 / m100, pm500 / m500);
    println!(
        "  {:<48} {:>9.3}s {:>9.3}s   (import rpyc {py_import:.3} s)",
        "    pool only (no interpreter start, no import)", pp100, pp500
    );
    println!(
        "  {:<48} {:>9.3}s {:>10}   {}",
        format!("ansible -m command -a pwd -f {ANSIBLE_FORKS} (local)"),
        am100,
        "-",
        rounds(&ans100, 2)
    );
    println!("  {:<48} {:>9.1}x", "    / rpyctl", am100 / m100);
    println!("    ({ansible_version})");
    println!();
    let (f100, h100, x100) = detail(&ctl100);
    let (f500, h500, x500) = detail(&ctl500);
    println!("  rpyctl inside the process (JSON summary and per-host elapsed_ms: connect + call + close):");
    println!(
        "    100 hosts: fan-out {f100:.0} ms of {:.0} ms wall; per host p50 {h100:.1} ms, max {x100:.1} ms",
        m100 * 1000.0
    );
    println!(
        "    500 hosts: fan-out {f500:.0} ms of {:.0} ms wall; per host p50 {h500:.1} ms, max {x500:.1} ms",
        m500 * 1000.0
    );
    println!();
    println!("  controller max RSS (/usr/bin/time -v, -f {FORKS}):");
    println!(
        "    rpyctl   1 host {r1:.0} KiB, {SMALL} hosts {r100:.0} KiB, {BIG} hosts {r500:.0} KiB   (rounds 500: {})",
        rounds(&rss500, 0)
    );
    println!(
        "    per host: ({r500:.0} - {r1:.0}) / {BIG} = {kib_per_host:.1} KiB   (over {SMALL}: {kib_per_host_100:.1} KiB)"
    );
    println!("    python rpyc ThreadPoolExecutor({BIG}), {BIG} hosts: {py_rss500:.0} KiB");
    println!();
    let verdict = |ok: bool| if ok { "PASS" } else { "FAIL" };
    let vs_ansible = am100 / m100;
    println!("TARGETS");
    println!("  {}  {BIG} agents in under {TARGET_WALL_SECS:.0} s wall: {m500:.3} s", verdict(m500 < TARGET_WALL_SECS));
    println!(
        "  {}  rpyctl >= {TARGET_VS_ANSIBLE:.0}x faster than ansible on the same {SMALL} hosts: {vs_ansible:.1}x ({m100:.3} s vs {am100:.2} s)",
        verdict(vs_ansible >= TARGET_VS_ANSIBLE)
    );
    println!(
        "  {}  controller memory per host < {TARGET_KIB_PER_HOST:.0} KiB: {kib_per_host:.1} KiB",
        verdict(kib_per_host < TARGET_KIB_PER_HOST)
    );
    println!();
    println!(
        "fanout_bench: {:.0} s (setup and builds {:.0} s)",
        bench_start.elapsed().as_secs_f64(),
        (setup_done - bench_start).as_secs_f64()
    );
    drop(fleet);
}
