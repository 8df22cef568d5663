//! Two connections joined by an in-memory pipe: nesting, pipelining,
//! reference counting, close, and hostile input, without any network.

#[path = "support/objects.rs"]
mod objects;

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use objects::{Model, TestObj};
use rpyc_protocol::vinegar::{ExceptionPayload, RemoteException};
use rpyc_protocol::{Config, Connection, Error, Handler, IdPack, Obj, ObjectModel, Peer, Request, Service, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The shared object model, served.
#[derive(Default)]
struct TestService {
    model: Model,
    disconnected: AtomicBool,
}

fn exc(name: &str, msg: &str) -> ExceptionPayload {
    ExceptionPayload::Exception(RemoteException::builtin(name, vec![Value::str(msg)]))
}

impl ObjectModel for TestService {
    type Object = TestObj;

    fn id_pack(&self, obj: &TestObj) -> IdPack {
        self.model.id_pack(obj)
    }

    fn export_value(&self, value: Value) -> Option<TestObj> {
        self.model.export_value(value)
    }
}

impl Service for TestService {
    async fn handle(&self, peer: &Peer<TestObj>, req: Request<TestObj>) -> Result<Obj<TestObj>, ExceptionPayload> {
        let mut args = req.args.into_iter();
        match req.handler {
            Handler::GetRoot => Ok(Obj::Local(TestObj::Root)),
            Handler::CallAttr => {
                let (Some(target), Some(Obj::Value(Value::Str(name))), Some(call_args)) =
                    (args.next(), args.next(), args.next())
                else {
                    return Err(exc("TypeError", "bad CALLATTR"));
                };
                let call_args: Vec<Obj<TestObj>> = match call_args {
                    Obj::Tuple(items) => items,
                    Obj::Value(Value::Tuple(values)) => values.into_iter().map(Obj::Value).collect(),
                    _ => return Err(exc("TypeError", "args")),
                };
                match (target, name.as_str()) {
                    (Obj::Local(TestObj::Root), "make_list") => {
                        let n = call_args.first().and_then(Obj::as_value).and_then(Value::as_i64).unwrap_or(0);
                        Ok(Obj::Value(Value::List((0..n).map(Value::Int).collect())))
                    }
                    (Obj::Local(TestObj::Root), "sleep_ms") => {
                        let n = call_args.first().and_then(Obj::as_value).and_then(Value::as_i64).unwrap_or(0);
                        tokio::time::sleep(Duration::from_millis(n as u64)).await;
                        Ok(Obj::Value(Value::Int(n)))
                    }
                    // Nesting: sum a list that lives on the caller's side by
                    // calling back into it while the caller waits for us.
                    (Obj::Local(TestObj::Root), "sum_remote") => {
                        let Some(Obj::Remote(list)) = call_args.into_iter().next() else {
                            return Err(exc("TypeError", "sum_remote takes a remote list"));
                        };
                        let n = peer.len(&list).await.map_err(|e| exc("RuntimeError", &e.to_string()))?;
                        let mut total = 0;
                        for i in 0..n {
                            let item = peer
                                .getitem(&list, Obj::Value(Value::Int(i as i64)))
                                .await
                                .map_err(|e| exc("RuntimeError", &e.to_string()))?;
                            total += item.as_value().and_then(Value::as_i64).unwrap_or(0);
                        }
                        Ok(Obj::Value(Value::Int(total)))
                    }
                    (Obj::Local(TestObj::List(l)), "__len__") => Ok(Obj::Value(Value::from(l.1.len()))),
                    (Obj::Local(TestObj::List(l)), "__getitem__") => {
                        let i = call_args.first().and_then(Obj::as_value).and_then(Value::as_i64).unwrap_or(-1);
                        usize::try_from(i)
                            .ok()
                            .and_then(|i| l.1.get(i))
                            .map(|v| Obj::Value(v.clone()))
                            .ok_or_else(|| exc("IndexError", "list index out of range"))
                    }
                    (_, other) => Err(exc("AttributeError", other)),
                }
            }
            _ => Err(exc("NotImplementedError", req.handler.name())),
        }
    }

    fn on_disconnect(&self) {
        self.disconnected.store(true, Ordering::Release);
    }
}

fn pair() -> (Connection<TestService>, Connection<TestService>) {
    let (a, b) = tokio::io::duplex(1 << 16);
    let config = Config { request_timeout: Some(Duration::from_secs(10)), ..Config::default() };
    (Connection::new(a, TestService::default(), config.clone()), Connection::new(b, TestService::default(), config))
}

async fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    for _ in 0..200 {
        if check() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    panic!("timed out waiting for {what}");
}

#[tokio::test]
async fn references_are_counted_and_freed_by_del() {
    let (client, server) = pair();
    let root = client.root().await.expect("root");
    let list = client.callattr(&root, "make_list", vec![Value::Int(3).into()], vec![]).await.expect("make_list");
    let list = list.into_netref().expect("a list goes by reference");
    assert_eq!(list.type_name(), "builtins.list");
    assert_eq!(client.len(&list).await.expect("len"), 3);
    assert_eq!(server.exported_count(), 2, "root and list");
    drop(list);
    eventually("the list to be released", || server.exported_count() == 1).await;
    drop(root);
    eventually("the root to be released", || server.exported_count() == 0).await;
}

#[tokio::test]
async fn the_same_object_sent_twice_needs_one_del_with_count_two() {
    let (client, server) = pair();
    let root = client.root().await.expect("root");
    let again = client.root().await.expect("root again");
    assert_eq!(root.id_pack(), again.id_pack());
    drop(root);
    tokio::time::sleep(Duration::from_millis(20)).await;
    assert_eq!(server.exported_count(), 1, "one handle still lives");
    drop(again);
    eventually("the root to be released", || server.exported_count() == 0).await;
}

#[tokio::test]
async fn a_server_may_call_back_into_its_client_while_serving() {
    let (client, server) = pair();
    let root = client.root().await.expect("root");
    // The client exports its own list and passes it as an argument.
    let list = Obj::Value(Value::List(vec![Value::Int(5), Value::Int(7), Value::Int(30)]));
    let total = client.callattr(&root, "sum_remote", vec![list], vec![]).await.expect("sum_remote");
    assert_eq!(total.as_value(), Some(&Value::Int(42)));
    assert!(server.served_count() >= 2);
    // The server dropped its proxy, so the client's table empties.
    eventually("the client's list to be released", || client.exported_count() == 0).await;
}

#[tokio::test]
async fn slow_requests_do_not_block_fast_ones() {
    let (client, _server) = pair();
    let root = client.root().await.expect("root");
    let slow = {
        let (client, root) = (client.clone(), root.clone());
        tokio::spawn(async move { client.callattr(&root, "sleep_ms", vec![Value::Int(300).into()], vec![]).await })
    };
    let started = std::time::Instant::now();
    let fast = client.callattr(&root, "sleep_ms", vec![Value::Int(1).into()], vec![]).await.expect("fast");
    assert_eq!(fast.as_value(), Some(&Value::Int(1)));
    assert!(started.elapsed() < Duration::from_millis(250), "fast call waited for the slow one");
    assert_eq!(slow.await.expect("join").expect("slow").as_value(), Some(&Value::Int(300)));
}

#[tokio::test]
async fn exceptions_keep_their_type_and_the_connection_lives_on() {
    let (client, _server) = pair();
    let root = client.root().await.expect("root");
    let err = client.callattr(&root, "nope", vec![], vec![]).await.expect_err("AttributeError");
    assert_eq!(err.remote().map(|e| e.name.as_str()), Some("AttributeError"));
    client.ping("still here").await.expect("ping");
}

#[tokio::test]
async fn close_ends_both_sides_and_fails_pending_requests() {
    let (client, server) = pair();
    let root = client.root().await.expect("root");
    let pending = {
        let (client, root) = (client.clone(), root.clone());
        tokio::spawn(async move { client.callattr(&root, "sleep_ms", vec![Value::Int(5_000).into()], vec![]).await })
    };
    tokio::time::sleep(Duration::from_millis(20)).await;
    client.close().await;
    tokio::time::timeout(Duration::from_secs(2), server.closed()).await.expect("server sees the close");
    let result = pending.await.expect("join");
    assert!(matches!(result, Err(Error::Closed(_))), "{result:?}");
    assert_eq!(server.exported_count(), 0, "tables are freed on close");
}

#[tokio::test]
async fn closing_ends_the_driver_even_if_the_peer_never_hangs_up() {
    // The other end reads everything and never closes its side.
    let (ours, mut silent) = tokio::io::duplex(1 << 16);
    let conn = Connection::new(ours, TestService::default(), Config::default());
    let drain = tokio::spawn(async move {
        let mut sink = Vec::new();
        let _ = silent.read_to_end(&mut sink).await;
        (sink, silent) // kept open
    });
    tokio::time::timeout(Duration::from_secs(3), conn.close()).await.expect("close returns");
    assert_eq!(conn.close_reason().as_deref(), Some("closed by this side"));
    eventually("the reader to stop and report the end", || conn.service().disconnected.load(Ordering::Acquire)).await;
    // The writer sent CLOSE and shut its side down.
    let (sent, _silent) = tokio::time::timeout(Duration::from_secs(1), drain).await.expect("EOF").expect("join");
    assert_eq!(sent, b"\x00\x00\x00\x08\x00\x01\x11\x50\x11\x52\x11\x51\x02\n");
}

/// Writes raw bytes at a server connection and reads what comes back.
async fn raw_exchange(bytes: &[u8]) -> (Connection<TestService>, Vec<u8>) {
    let (mut raw, b) = tokio::io::duplex(1 << 16);
    let server = Connection::new(b, TestService::default(), Config::default());
    raw.write_all(bytes).await.expect("write");
    let mut out = vec![0u8; 4096];
    let n = tokio::time::timeout(Duration::from_millis(500), raw.read(&mut out)).await.unwrap_or(Ok(0)).expect("read");
    out.truncate(n);
    // Keep the raw end alive until the caller is done with the server.
    tokio::spawn(async move {
        let mut sink = Vec::new();
        let _ = raw.read_to_end(&mut sink).await;
    });
    (server, out)
}

#[tokio::test]
async fn unknown_handlers_get_an_exception_not_a_hangup() {
    // REQUEST seq=0 handler=99 args=(1, ())
    let payload = [0x01, 0x11, 0x50, 0x11, 0x16, 0x02, b'9', b'9', 0x11, 0x51, 0x02];
    let mut frame = (payload.len() as u32).to_be_bytes().to_vec();
    frame.push(0);
    frame.extend_from_slice(&payload);
    frame.push(b'\n');
    let (server, reply) = raw_exchange(&frame).await;
    assert!(reply.len() > 6, "a reply came back");
    assert_eq!(reply[5], 3, "MSG_EXCEPTION");
    assert!(!server.is_closed());
}

#[tokio::test]
async fn garbage_ends_only_that_connection_with_a_reason() {
    let (server, _) = raw_exchange(b"\x00\x00\x00\x03\x00\xff\xff\xff\n").await;
    tokio::time::timeout(Duration::from_secs(1), server.closed()).await.expect("closed");
    let reason = server.close_reason().expect("a reason");
    assert!(reason.contains("malformed message"), "{reason}");

    let (server, _) = raw_exchange(b"\xff\xff\xff\xff\x00").await;
    tokio::time::timeout(Duration::from_secs(1), server.closed()).await.expect("closed");
    let reason = server.close_reason().expect("a reason");
    assert!(reason.contains("exceeds the limit"), "{reason}");
}
