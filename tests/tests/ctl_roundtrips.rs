//! How many round trips `rpyctl exec` makes per host, counted on the wire
//! by a logging relay between rpyctl and a real server: the agent and the
//! stock `rpyc_classic`. After the handshake (GETROOT): the module
//! (`getmodule`), then the call (`CALLATTR`, with `GETATTR` pipelined
//! beside it when no argument says whether to call), then `PICKLE` only
//! when the result must be copied by value.

use std::net::SocketAddr;
use std::process::Command;

use rpyctl_tests::relay::Relay;
use rpyctl_tests::{project_bin, AgentProcess, PythonClassicServer};

/// Runs `rpyctl exec` on one host behind a fresh relay; the round trips
/// after the handshake, each as the handlers sent in it.
fn exec_trips(server: SocketAddr, words: &[&str]) -> Vec<Vec<&'static str>> {
    let relay = Relay::start(server);
    let dir = tempfile::tempdir().expect("tempdir");
    let inventory = format!("all:\n  hosts:\n    h: {{ansible_host: 127.0.0.1, rpyc_port: {}}}\n", relay.addr.port());
    std::fs::write(dir.path().join("inventory.yml"), inventory).expect("inventory");
    let out = Command::new(project_bin("rpyctl"))
        .args(["exec", "h"])
        .args(words)
        .arg("-o")
        .current_dir(dir.path())
        .output()
        .expect("run rpyctl");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let mut trips = relay.round_trips(0);
    assert_eq!(trips.first().map(Vec::as_slice), Some(&["HANDLE_GETROOT"][..]), "the handshake: {trips:?}");
    trips.remove(0);
    trips
}

fn check(server: SocketAddr, who: &str) {
    let trips = exec_trips(server, &["os.getcwd"]);
    assert_eq!(trips.len(), 2, "{who}: os.getcwd: {trips:?}");
    assert_eq!(trips[0], ["HANDLE_CALLATTR"], "{who}: getmodule first: {trips:?}");
    let mut pipelined = trips[1].clone();
    pipelined.sort_unstable();
    assert_eq!(pipelined, ["HANDLE_CALLATTR", "HANDLE_GETATTR"], "{who}: both in one round trip: {trips:?}");

    let trips = exec_trips(server, &["os.path.join", "/a", "b"]);
    assert_eq!(trips, vec![vec!["HANDLE_CALLATTR"], vec!["HANDLE_CALLATTR"]], "{who}: with arguments");

    let trips = exec_trips(server, &["sys.byteorder"]);
    assert_eq!(trips.len(), 2, "{who}: an attribute: {trips:?}");

    let trips = exec_trips(server, &["os.listdir", "/"]);
    assert_eq!(
        trips,
        vec![vec!["HANDLE_CALLATTR"], vec!["HANDLE_CALLATTR"], vec!["HANDLE_PICKLE"]],
        "{who}: a list comes by value"
    );
}

#[test]
fn exec_takes_two_round_trips_after_the_handshake_three_for_a_pickled_result_on_the_agent() {
    let agent = AgentProcess::start();
    check(agent.addr, "rpyc-agent");
}

#[test]
fn exec_takes_two_round_trips_after_the_handshake_three_for_a_pickled_result_on_rpyc_classic() {
    let python = PythonClassicServer::start();
    check(python.addr, "rpyc_classic");
}
