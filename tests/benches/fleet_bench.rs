//! rpyctl over the SSH test fleet (`scripts/fleet.sh`: five hosts, four of
//! them foreign architectures under qemu), against OpenSSH doing the
//! least the same job needs. From one run:
//!
//!     cargo bench -p rpyctl-tests --bench fleet_bench
//!
//! Brings the fleet up if `scripts/fleet.sh status` says it is down (root),
//! and needs every agent in `target/agents` (`scripts/build-agents.sh`).
//! Release `rpyctl` (built first if stale). Each round, interleaved:
//!
//! 1. ssh round: `ssh -F target/fleet/ssh_config HOST true` to all five
//!    hosts at once, wall time until the last exits.
//! 2. scp round: `scp -F ...` of each host's own agent binary
//!    (`target/agents/rpyc-agent-<triple>`, 2.5-4 MB) to all five at once:
//!    the upload by OpenSSH, connection included.
//! 3. cold: the agents removed on every host (`rm -rf ~/.cache/rpyctl` over
//!    ssh, not timed), then `rpyctl -i target/fleet/inventory.yml exec all
//!    os.getcwd -vv`: connect, probe, upload, start, call, remove. The
//!    "uploaded N bytes in X ms" lines give rpyctl's own upload time.
//! 4. warm: `exec all os.getcwd --persist` (not timed) leaves the agents
//!    in place, then `exec all os.getcwd` is timed: connect, probe (which
//!    checksums the agent present), start, call.
//!
//! Figures are medians of `BENCH_RUNS` rounds (default 5). Targets:
//! cold <= 1.5 x (ssh round + scp round); warm <= 1.2 x ssh round.

use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::Instant;

use rpyctl_tests::fleet::{self, HOSTS};
use rpyctl_tests::{median, release_bin};

const TARGET_COLD: f64 = 1.5;
const TARGET_WARM: f64 = 1.2;

fn rounds(xs: &[f64]) -> String {
    xs.iter().map(|x| format!("{x:.0}")).collect::<Vec<_>>().join(" ")
}

fn check(out: &Output, what: &str) {
    assert!(
        out.status.success(),
        "{what}: {}\n{}{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Spawns one command per host at once and waits for all; the wall time
/// in ms. Every command must succeed.
fn parallel(what: &str, make: impl Fn(&str, &str) -> Command) -> f64 {
    let begun = Instant::now();
    let children: Vec<(&str, Child)> = HOSTS
        .iter()
        .map(|&(host, _, triple, _, _)| {
            let child = make(host, triple)
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap_or_else(|e| panic!("{what} {host}: {e}"));
            (host, child)
        })
        .collect();
    let outputs: Vec<(&str, Output)> =
        children.into_iter().map(|(h, c)| (h, c.wait_with_output().expect("wait"))).collect();
    let ms = begun.elapsed().as_secs_f64() * 1000.0;
    for (host, out) in &outputs {
        check(out, &format!("{what} {host}"));
    }
    ms
}

fn ssh_round() -> f64 {
    parallel("ssh true", |host, _| fleet::ssh(host, "true"))
}

const SCP_DEST: &str = "/tmp/rpyctl-bench-agent";

fn scp_round() -> f64 {
    let ms = parallel("scp agent", |host, triple| {
        let mut cmd = Command::new("scp");
        cmd.arg("-q")
            .arg("-F")
            .arg(fleet::ssh_config())
            .arg(fleet::agent_store().join(format!("rpyc-agent-{triple}")))
            .arg(format!("{host}:{SCP_DEST}"));
        cmd
    });
    parallel("rm the scp copy", |host, _| fleet::ssh(host, &format!("rm -f {SCP_DEST}")));
    ms
}

fn rpyctl(bin: &Path, args: &[&str]) -> (f64, Output) {
    let begun = Instant::now();
    let out = Command::new(bin)
        .arg("-i")
        .arg(fleet::inventory())
        .args(args)
        .arg("--agent-store")
        .arg(fleet::agent_store())
        .env("NO_COLOR", "1")
        .env_remove("RPYCTL_HOST_KEY_CHECKING")
        .env_remove("SSH_AUTH_SOCK")
        .output()
        .expect("run rpyctl");
    let ms = begun.elapsed().as_secs_f64() * 1000.0;
    check(&out, &format!("rpyctl {args:?}"));
    (ms, out)
}

/// rpyctl's "uploaded N bytes in X ms" lines (-vv): the slowest upload.
fn slowest_upload(stderr: &str) -> f64 {
    let times: Vec<f64> = stderr
        .lines()
        .filter(|l| l.contains(": uploaded ") && l.contains(" bytes in "))
        .filter_map(|l| l.rsplit_once(" bytes in ")?.1.strip_suffix(" ms")?.trim().parse().ok())
        .collect();
    assert_eq!(times.len(), HOSTS.len(), "one upload per host in a cold run:\n{stderr}");
    times.into_iter().fold(0.0, f64::max)
}

fn main() {
    let runs = std::env::var("BENCH_RUNS").ok().and_then(|v| v.parse().ok()).filter(|&n: &usize| n > 0).unwrap_or(5);
    fleet::ensure_up();
    let bin = release_bin("rpyctl", "rpyctl");

    // Not counted: the first connection to each sshd.
    ssh_round();
    let (mut ssh, mut scp, mut cold, mut upload, mut warm) = (vec![], vec![], vec![], vec![], vec![]);
    for round in 0..runs {
        eprintln!("fleet_bench: round {}/{runs}", round + 1);
        ssh.push(ssh_round());
        scp.push(scp_round());

        parallel("remove agents", |host, _| fleet::ssh(host, "rm -rf ~/.cache/rpyctl"));
        let (ms, out) = rpyctl(&bin, &["exec", "all", "os.getcwd", "-o", "-vv"]);
        cold.push(ms);
        upload.push(slowest_upload(&String::from_utf8_lossy(&out.stderr)));

        rpyctl(&bin, &["exec", "all", "os.getcwd", "-o", "--persist"]);
        let (ms, _) = rpyctl(&bin, &["exec", "all", "os.getcwd", "-o"]);
        warm.push(ms);
    }
    parallel("remove agents", |host, _| fleet::ssh(host, "rm -rf ~/.cache/rpyctl"));

    let (m_ssh, m_scp, m_cold, m_up, m_warm) =
        (median(&ssh), median(&scp), median(&cold), median(&upload), median(&warm));
    let sizes: Vec<String> = HOSTS
        .iter()
        .map(|h| {
            let len =
                std::fs::metadata(fleet::agent_store().join(format!("rpyc-agent-{}", h.2))).map_or(0, |m| m.len());
            format!("{} {:.1} MB", h.0, len as f64 / 1e6)
        })
        .collect();
    println!();
    println!(
        "fleet_bench: {} SSH hosts (scripts/fleet.sh), wall ms, medians of {runs} rounds | each round",
        HOSTS.len()
    );
    println!("  agents: {}", sizes.join(", "));
    println!();
    println!("  {:<52} {:>8}   {}", "ssh round (ssh HOST true, all at once)", format!("{m_ssh:.0}"), rounds(&ssh));
    println!("  {:<52} {:>8}   {}", "scp round (each host's agent, all at once)", format!("{m_scp:.0}"), rounds(&scp));
    println!("  {:<52} {:>8}   {}", "rpyctl exec all os.getcwd, cold (uploads)", format!("{m_cold:.0}"), rounds(&cold));
    println!(
        "  {:<52} {:>8}   {}",
        "  of which the slowest upload (rpyctl -vv)",
        format!("{m_up:.0}"),
        rounds(&upload)
    );
    println!(
        "  {:<52} {:>8}   {}",
        "rpyctl exec all os.getcwd, warm (agents present)",
        format!("{m_warm:.0}"),
        rounds(&warm)
    );
    println!();
    let cold_ratio = m_cold / (m_ssh + m_scp);
    let warm_ratio = m_warm / m_ssh;
    let verdict = |ok: bool| if ok { "met" } else { "MISSED" };
    println!("TARGETS");
    println!(
        "  cold / (ssh round + scp round) = {m_cold:.0} / ({m_ssh:.0} + {m_scp:.0}) = {cold_ratio:.2}x  (target <= {TARGET_COLD}x: {})",
        verdict(cold_ratio <= TARGET_COLD)
    );
    println!(
        "  cold / (ssh round + rpyctl's own upload) = {m_cold:.0} / ({m_ssh:.0} + {m_up:.0}) = {:.2}x  (for reference)",
        m_cold / (m_ssh + m_up)
    );
    println!(
        "  warm / ssh round = {m_warm:.0} / {m_ssh:.0} = {warm_ratio:.2}x  (target <= {TARGET_WARM}x: {})",
        verdict(warm_ratio <= TARGET_WARM)
    );
}
