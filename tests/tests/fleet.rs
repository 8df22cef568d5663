//! `rpyctl` end to end over the real SSH test fleet of `scripts/fleet.sh`:
//! five hosts (x86_64, s390x, armv7l, aarch64, i686; the foreign ones
//! busybox chroots run by qemu), each bootstrapped with its own static
//! agent from `target/agents` (`scripts/build-agents.sh`).
//!
//! - `exec all` and `facts all` answer each host's byte order, word size
//!   and machine;
//! - 10 MiB written through the agent and read back are identical on every
//!   host (through the `rpyctl` library: the same inventory resolution,
//!   SSH bootstrap and channel as the command, with the bytes in hand);
//! - `struct`, `hashlib` over a file, `json`, `datetime.now()` and
//!   `pwd.getpwuid(0)` answer with each host's own byte order and sizes
//!   (s390x packs big-endian natively, the 32-bit hosts' `long` is 4 bytes);
//! - a changed host key and a refused client key make only their hosts
//!   unreachable, each with its own error, and the exit status 4.
//!
//! The fleet needs root and takes seconds to start, so these tests are
//! ignored by a plain `cargo test`; `scripts/test.sh` builds the agents,
//! brings the fleet up and runs them with
//! `cargo test -p rpyctl-tests --test fleet -- --ignored`. Run so, they
//! bring the fleet up themselves if `scripts/fleet.sh status` says it is
//! down, and fail (never skip) saying why if they cannot.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use rpyc_protocol::{Client, Obj, Value};
use rpyctl_tests::fleet::{self, HOSTS};
use rpyctl_tests::{json_of, project_bin};
use serde_json::Value as Json;

/// The tests of this file share the fleet's hosts (and the agent each run
/// places and removes in `~/.cache/rpyctl`): one at a time.
static FLEET: Mutex<()> = Mutex::new(());

fn lock() -> std::sync::MutexGuard<'static, ()> {
    let guard = FLEET.lock().unwrap_or_else(|e| e.into_inner());
    fleet::ensure_up();
    guard
}

fn rpyctl(extra_inventory: Option<&Path>, args: &[&str]) -> Output {
    let mut cmd = Command::new(project_bin("rpyctl"));
    cmd.arg("-i").arg(fleet::inventory());
    if let Some(extra) = extra_inventory {
        cmd.arg("-i").arg(extra);
    }
    let out = cmd
        .args(args)
        .arg("--agent-store")
        .arg(fleet::agent_store())
        .env("NO_COLOR", "1")
        .env_remove("RPYCTL_HOST_KEY_CHECKING")
        .env_remove("RPYCTL_AGENT_STORE")
        // Only the inventory's key file authenticates.
        .env_remove("SSH_AUTH_SOCK")
        .output()
        .expect("run rpyctl");
    if std::env::var_os("RPYCTL_TEST_SHOW").is_some() {
        eprintln!("rpyctl {args:?}:\n{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    }
    out
}

/// `rpyctl exec all TARGET --output json`: exit 0, every host ok; the
/// value per host.
fn exec_all(target: &str) -> BTreeMap<String, Json> {
    let out = rpyctl(None, &["exec", "all", target, "--output", "json"]);
    let doc = json_of(&out);
    assert_eq!(out.status.code(), Some(0), "exec all {target}: {doc:#}\n{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(doc["summary"]["ok"], HOSTS.len(), "{doc:#}");
    HOSTS
        .iter()
        .map(|h| {
            let r = &doc["hosts"][h.0];
            assert_eq!(r["status"], "ok", "{}: {target}: {r}", h.0);
            (h.0.to_owned(), r["value"].clone())
        })
        .collect()
}

#[test]
#[ignore = "needs the fleet: scripts/test.sh runs it"]
fn exec_all_answers_each_hosts_architecture() {
    let _fleet = lock();
    let order = exec_all("sys.byteorder");
    let maxsize = exec_all("sys.maxsize");
    let machine = exec_all("platform.machine");
    for &(name, uname_m, _, byteorder, bits) in HOSTS {
        assert_eq!(order[name], byteorder, "{name}: sys.byteorder");
        let want: i64 = if bits == 64 { i64::MAX } else { i64::from(i32::MAX) };
        assert_eq!(maxsize[name], want, "{name}: sys.maxsize (2**{}-1)", bits - 1);
        assert_eq!(machine[name], uname_m, "{name}: platform.machine");
    }

    // The facts command says the same, and the agent's own hostname.
    let out = rpyctl(None, &["facts", "all", "--output", "json"]);
    let doc = json_of(&out);
    assert_eq!(out.status.code(), Some(0), "facts all: {doc:#}");
    for &(name, uname_m, _, byteorder, bits) in HOSTS {
        let facts = &doc["hosts"][name]["value"];
        assert_eq!(facts["byteorder"], byteorder, "{name}: {facts}");
        assert_eq!(facts["word_bits"], bits, "{name}: {facts}");
        assert_eq!(facts["arch"], uname_m, "{name}: {facts}");
        assert_eq!(facts["hostname"], name, "{name}: {facts}");
    }
}

/// 10 MiB that differ per host (xorshift64* seeded by the host name):
/// incompressible, so the frames really carry 10 MiB each way.
fn content(host: &str) -> Vec<u8> {
    const SIZE: usize = 10 << 20;
    let mut x = host.bytes().fold(0x9e37_79b9_7f4a_7c15_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
    let mut out = Vec::with_capacity(SIZE);
    while out.len() < SIZE {
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        out.extend_from_slice(&x.wrapping_mul(0x2545_f491_4f6c_dd1d).to_le_bytes());
    }
    out.truncate(SIZE);
    out
}

fn remote(obj: Obj<rpyc_protocol::Never>, what: &str) -> rpyc_protocol::Netref {
    match obj {
        Obj::Remote(r) => r,
        other => panic!("{what}: expected a remote object, got {other:?}"),
    }
}

fn value(obj: Obj<rpyc_protocol::Never>, what: &str) -> Value {
    match obj {
        Obj::Value(v) => v,
        other => panic!("{what}: expected a value, got {other:?}"),
    }
}

/// Writes `data` to `path` on the host, reads it back, removes it.
/// Returns what was read, and the write and read times.
async fn round_trip(client: &Client, path: &str, data: Vec<u8>) -> (Vec<u8>, Duration, Duration) {
    let s = |v: &str| Obj::Value(Value::str(v));
    let len = data.len();
    let begun = Instant::now();
    let f = remote(
        client.call_function("builtins", "open", vec![s(path), s("wb")], vec![]).await.expect("open wb"),
        "open(path, 'wb')",
    );
    let written = client.callattr(&f, "write", vec![Obj::Value(Value::Bytes(data))], vec![]).await.expect("write");
    assert_eq!(value(written, "write"), Value::Int(len as i64), "write() returns the byte count");
    client.callattr(&f, "close", vec![], vec![]).await.expect("close");
    let wrote = begun.elapsed();
    let size = client.call_function("os.path", "getsize", vec![s(path)], vec![]).await.expect("getsize");
    assert_eq!(value(size, "os.path.getsize"), Value::Int(len as i64));

    let begun = Instant::now();
    let f = remote(
        client.call_function("builtins", "open", vec![s(path), s("rb")], vec![]).await.expect("open rb"),
        "open(path, 'rb')",
    );
    let back = match value(client.callattr(&f, "read", vec![], vec![]).await.expect("read"), "read()") {
        Value::Bytes(b) => b,
        other => panic!("read() returned a {}", other.type_name()),
    };
    client.callattr(&f, "close", vec![], vec![]).await.expect("close");
    let read = begun.elapsed();

    client.call_function("os", "remove", vec![s(path)], vec![]).await.expect("os.remove");
    let exists = client.call_function("os.path", "exists", vec![s(path)], vec![]).await.expect("exists");
    assert_eq!(value(exists, "os.path.exists"), Value::Bool(false), "{path} removed");
    (back, wrote, read)
}

/// A client per fleet host, connected as `rpyctl -i target/fleet/inventory.yml`
/// connects (the same inventory resolution, SSH bootstrap and channel), in
/// the order of [`HOSTS`].
async fn connect_all() -> Vec<(String, Client)> {
    use clap::Parser;
    let inventory = fleet::inventory().display().to_string();
    let cli = rpyctl::cli::Cli::try_parse_from(["rpyctl", "-i", &inventory, "ping", "all"]).expect("cli");
    let settings = rpyctl::settings::Settings::resolve(&cli.global).expect("settings");
    let targets = rpyctl::hosts::load(&settings).expect("load the fleet inventory").targets("all", None).expect("all");
    assert_eq!(targets.len(), HOSTS.len(), "{targets:?}");
    let options = std::sync::Arc::new(rpyctl::connect::ConnectOptions {
        timeout: Duration::from_secs(20),
        request_timeout: Some(Duration::from_secs(180)),
        ssh: rpyctl::bootstrap::Options {
            host_key_checking: rpyctl::transport::ssh::HostKeyChecking::Strict,
            store: rpyctl::bootstrap::store::AgentStore::at(fleet::agent_store()),
            persist: false,
            place_timeout: Duration::from_secs(60),
        },
    });
    let mut tasks = Vec::new();
    for target in targets {
        let options = options.clone();
        tasks.push(tokio::spawn(async move {
            let name = target.name.clone();
            let client = rpyctl::connect::connect(&target.endpoint, &options)
                .await
                .unwrap_or_else(|e| panic!("{name}: connect: {e}"))
                .client;
            (name, client)
        }));
    }
    let mut clients = Vec::new();
    for t in tasks {
        clients.push(t.await.expect("connect task"));
    }
    let order = |n: &str| HOSTS.iter().position(|h| h.0 == n).unwrap_or(usize::MAX);
    clients.sort_by_key(|(n, _)| order(n));
    clients
}

#[test]
#[ignore = "needs the fleet: scripts/test.sh runs it"]
fn ten_mib_written_and_read_back_are_identical_on_every_host() {
    let _fleet = lock();
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let results = runtime.block_on(async {
        let mut tasks = Vec::new();
        for (name, client) in connect_all().await {
            tasks.push(tokio::spawn(async move {
                let data = content(&name);
                let (back, wrote, read) = round_trip(&client, "/tmp/rpyctl-fleet-10mib.bin", data.clone()).await;
                client.close().await;
                (name, data == back, back.len(), wrote, read)
            }));
        }
        let mut results = Vec::new();
        for t in tasks {
            results.push(t.await.expect("host task"));
        }
        results
    });
    for (name, same, len, wrote, read) in &results {
        eprintln!("{name}: 10 MiB written in {wrote:.2?}, read back in {read:.2?}");
        assert!(same, "{name}: the {len} bytes read back differ from the 10 MiB written");
    }
}

#[test]
#[ignore = "needs the fleet: scripts/test.sh runs it"]
fn a_changed_host_key_and_a_refused_client_key_fail_only_their_hosts() {
    let _fleet = lock();
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let keygen = |name: &str| {
        let out = Command::new("ssh-keygen")
            .args(["-q", "-t", "ed25519", "-N", "", "-C", "rpyctl-fleet-test", "-f"])
            .arg(d.join(name))
            .output()
            .expect("ssh-keygen");
        assert!(out.status.success(), "ssh-keygen: {}", String::from_utf8_lossy(&out.stderr));
        let public = std::fs::read_to_string(d.join(format!("{name}.pub"))).expect(".pub");
        public.split_whitespace().take(2).collect::<Vec<_>>().join(" ")
    };
    // s390x: its line in a copy of the fleet's known_hosts records another key.
    let other_key = keygen("other_host_key");
    keygen("wrong_client_key");
    let known = std::fs::read_to_string(fleet::dir().join("known_hosts")).expect("fleet known_hosts");
    let s390x_addr = "10.213.7.11";
    assert!(known.lines().any(|l| l.starts_with(&format!("{s390x_addr} "))), "{known}");
    let changed: String = known
        .lines()
        .map(|l| {
            if l.starts_with(&format!("{s390x_addr} ")) {
                format!("{s390x_addr} {other_key}\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    std::fs::write(d.join("known_hosts"), changed).expect("known_hosts copy");
    // armv7: a client key that is not in the fleet's authorized_keys. Both
    // overrides come from a second inventory source, as host vars.
    let overrides = d.join("overrides.yml");
    std::fs::write(
        &overrides,
        format!(
            "all:\n  children:\n    fleet:\n      hosts:\n        s390x: {{rpyc_ssh_known_hosts: \"{}\"}}\n        armv7: {{ansible_ssh_private_key_file: \"{}\"}}\n",
            d.join("known_hosts").display(),
            d.join("wrong_client_key").display()
        ),
    )
    .expect("overrides.yml");

    let out = rpyctl(Some(&overrides), &["exec", "all", "sys.byteorder", "--output", "json"]);
    let doc = json_of(&out);
    assert_eq!(out.status.code(), Some(4), "unreachable hosts, none failed: exit 4: {doc:#}");
    assert_eq!(doc["summary"]["ok"], 3, "{doc:#}");
    assert_eq!(doc["summary"]["unreachable"], 2, "{doc:#}");
    for &(name, _, _, byteorder, _) in HOSTS {
        let r = &doc["hosts"][name];
        match name {
            "s390x" | "armv7" => assert_eq!(r["status"], "unreachable", "{name}: {r}"),
            _ => {
                assert_eq!(r["status"], "ok", "{name}: {r}");
                assert_eq!(r["value"], byteorder, "{name}: {r}");
            }
        }
    }
    let message = |name: &str| doc["hosts"][name]["error"]["message"].as_str().unwrap_or_default().to_owned();
    let changed = message("s390x");
    assert!(changed.starts_with(&format!("host key for {s390x_addr} has CHANGED")), "{changed}");
    assert!(changed.contains(&format!("ssh-keygen -R '{s390x_addr}'")), "{changed}");
    let auth = message("armv7");
    assert!(auth.starts_with("authentication failed for root@10.213.7.12"), "{auth}");
    assert!(auth.contains("wrong_client_key refused"), "{auth}");
    // The human recap says the same.
    let out = rpyctl(Some(&overrides), &["exec", "all", "sys.byteorder"]);
    assert_eq!(out.status.code(), Some(4));
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(table.contains("ok=3 failed=0 unreachable=2"), "{table}");
}

/// `sha256sum` of `data`, here on the controller.
fn sha256_here(data: &[u8]) -> String {
    use std::io::Write;
    let mut child = Command::new("sha256sum")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("sha256sum");
    child.stdin.take().expect("stdin").write_all(data).expect("write to sha256sum");
    let out = child.wait_with_output().expect("sha256sum output");
    String::from_utf8_lossy(&out.stdout).split_whitespace().next().expect("digest").to_owned()
}

/// `conn.eval(source)`, by value.
async fn eval(client: &Client, name: &str, source: &str) -> Value {
    let remote = client.eval(source).await.unwrap_or_else(|e| panic!("{name}: eval {source}: {e}"));
    client.fetch(remote).await.unwrap_or_else(|e| panic!("{name}: {source} by value: {e}"))
}

#[test]
#[ignore = "needs the fleet: scripts/test.sh runs it"]
fn stdlib_answers_with_each_hosts_own_layout() {
    let _fleet = lock();
    // The file each host hashes: 1 MiB written by the agent itself.
    let file: Vec<u8> = (0..4096).flat_map(|_| 0..=255u8).collect();
    let want_sha = sha256_here(&file);
    let controller_now =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("clock").as_secs_f64();
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        for (name, client) in connect_all().await {
            let &(_, _, _, byteorder, bits) = HOSTS.iter().find(|h| h.0 == name).expect("a fleet host");
            let big = byteorder == "big";
            client
                .execute(
                    "import struct, sys, hashlib, json, datetime, pwd, os\n\
                     p = '/tmp/rpyctl-fleet-stdlib.bin'\n\
                     with open(p, 'wb') as f:\n    f.write(bytes(range(256)) * 4096)\n",
                )
                .await
                .unwrap_or_else(|e| panic!("{name}: setup: {e}"));
            let at = |v: Value| format!("{name}: {v:?}");

            // struct: '=' is native order at standard sizes; '@' adds native sizes.
            let packed = eval(&client, &name, "struct.pack('=I', 1)").await;
            let want: &[u8] = if big { &[0, 0, 0, 1] } else { &[1, 0, 0, 0] };
            assert_eq!(packed, Value::Bytes(want.to_vec()), "{name}: struct.pack('=I', 1)");
            assert_eq!(eval(&client, &name, "sys.byteorder").await, Value::str(byteorder), "{name}");
            let word = i64::from(bits / 8);
            let sizes = eval(&client, &name, "struct.calcsize('l'), struct.calcsize('P'), struct.calcsize('q')").await;
            assert_eq!(sizes, Value::Tuple(vec![Value::Int(word), Value::Int(word), Value::Int(8)]), "{name}: l P q");
            let native = eval(&client, &name, "struct.pack('@l', -2)").await;
            let mut want = (-2i64).to_le_bytes()[..word as usize].to_vec();
            if big {
                want = (-2i64).to_be_bytes()[8 - word as usize..].to_vec();
            }
            assert_eq!(native, Value::Bytes(want), "{name}: struct.pack('@l', -2)");

            // hashlib over the file, read whole and through file_digest.
            let digests = eval(
                &client,
                &name,
                "hashlib.sha256(open(p, 'rb').read()).hexdigest(), \
                 hashlib.file_digest(open(p, 'rb'), 'sha256').hexdigest()",
            )
            .await;
            assert_eq!(digests, Value::Tuple(vec![Value::str(&want_sha), Value::str(&want_sha)]), "{name}: sha256");

            // json: a round trip of every kind, and the text it writes.
            let doc = eval(
                &client,
                &name,
                "(lambda d: (json.dumps(d, sort_keys=True), json.loads(json.dumps(d)) == d))\
                 ({'n': 2**40, 'f': 1.5, 's': 'h\\u00e9', 'l': [None, True, False], 'o': {'k': []}})",
            )
            .await;
            let text = r#"{"f": 1.5, "l": [null, true, false], "n": 1099511627776, "o": {"k": []}, "s": "h\u00e9"}"#;
            assert_eq!(doc, Value::Tuple(vec![Value::str(text), Value::Bool(true)]), "{name}: json");

            // datetime.now(): by value as datetime.datetime, on the shared clock.
            let now = eval(&client, &name, "datetime.datetime.now()").await;
            let Value::Record(record) = &now else { panic!("{}", at(now.clone())) };
            assert_eq!(record.class, "datetime.datetime", "{name}: {record:?}");
            let Value::Float(stamp) = eval(&client, &name, "datetime.datetime.now().timestamp()").await else {
                panic!("{name}: timestamp() is not a float");
            };
            assert!(
                (stamp - controller_now).abs() < 600.0,
                "{name}: now() is {stamp}, the controller's {controller_now}"
            );

            // pwd.getpwuid(0): by value as pwd.struct_passwd.
            let root = eval(&client, &name, "pwd.getpwuid(0)").await;
            let Value::Record(record) = &root else { panic!("{}", at(root.clone())) };
            assert_eq!(record.class, "pwd.struct_passwd", "{name}: {record:?}");
            let fields = eval(&client, &name, "(lambda p: (p.pw_name, p.pw_uid, p.pw_gid))(pwd.getpwuid(0))").await;
            assert_eq!(fields, Value::Tuple(vec![Value::str("root"), Value::Int(0), Value::Int(0)]), "{name}: pwd");

            client.execute("os.remove(p)").await.unwrap_or_else(|e| panic!("{name}: cleanup: {e}"));
            client.close().await;
            eprintln!(
                "{name}: struct, sys.byteorder, hashlib, json, datetime, pwd agree ({byteorder}-endian, {bits}-bit)"
            );
        }
    });
}

/// `rpyctl play` of the shipped example playbook (its `hosts:` templated from `-e target=all`)
/// on every fleet host: the same facts, files, commands, handlers and rescue on four
/// architectures, then a second run that changes nothing (idempotence).
#[test]
#[ignore = "needs the fleet: scripts/test.sh runs it"]
fn the_example_playbook_runs_on_every_host_then_changes_nothing() {
    let _fleet = lock();
    let site = rpyctl_tests::workspace_root().join("playbooks/examples/site.yml");
    let site = site.to_str().expect("utf-8 path");
    for run in ["first", "second"] {
        let out = rpyctl(None, &["play", site, "-e", "target=all", "--output", "json"]);
        let doc = json_of(&out);
        assert_eq!(out.status.code(), Some(0), "{run} run: {doc:#}");
        for &(name, ..) in HOSTS {
            let stats = &doc["stats"][name];
            assert_eq!(stats["failures"], 0, "{run} run, {name}: {stats}");
            assert_eq!(stats["unreachable"], 0, "{run} run, {name}: {stats}");
            assert!(stats["ok"].as_u64().is_some_and(|n| n > 10), "{run} run, {name}: {stats}");
            if run == "second" {
                assert_eq!(stats["changed"], 0, "{run} run, {name}: {stats}");
            }
        }
    }
}
