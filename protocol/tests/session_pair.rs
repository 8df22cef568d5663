//! Two session cores talking to each other in memory: no sockets, no tasks,
//! no clock. Bytes move only when a test pumps them, requests are answered
//! only when a test answers them, so every interleaving here is exact and
//! every run the same.

#[path = "support/objects.rs"]
mod objects;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use objects::{Model, TestObj};
use rpyc_protocol::frame::{self, FrameConfig};
use rpyc_protocol::message::{self, Boxed};
use rpyc_protocol::vinegar::{ExceptionPayload, RemoteException};
use rpyc_protocol::{Error, Event, Handler, IdPack, Obj, Request, Session, Transmit, Value};

/// One side: the waiter of each request is a label the test picks.
type Side = Session<TestObj, &'static str>;
type Ev = Event<TestObj, &'static str>;

fn side() -> Side {
    Session::new(Arc::new(Model::default()), FrameConfig::default(), Box::new(|| {}))
}

/// A side that counts how often it asked its driver to send DELs.
fn counting_side() -> (Side, Arc<AtomicUsize>) {
    let wakeups = Arc::new(AtomicUsize::new(0));
    let counter = wakeups.clone();
    let s = Session::new(
        Arc::new(Model::default()),
        FrameConfig::default(),
        Box::new(move || {
            counter.fetch_add(1, Ordering::Relaxed);
        }),
    );
    (s, wakeups)
}

/// Everything `from` has queued, as it would go on the wire, and how many
/// writes it took.
fn transmit(from: &mut Side) -> (Vec<u8>, usize) {
    let (mut wire, mut writes, mut buf) = (Vec::new(), 0, Vec::new());
    while let Some(t) = from.poll_transmit(&mut buf) {
        writes += 1;
        match t {
            Transmit::Frames => wire.extend_from_slice(&buf),
            Transmit::Large(payload) => frame::encode(&payload, from.frame_config(), &mut wire).expect("frames"),
        }
    }
    (wire, writes)
}

/// Moves every queued byte from `from` into `to`; returns the bytes moved.
fn pump(from: &mut Side, to: &mut Side) -> usize {
    let (wire, _) = transmit(from);
    assert_eq!(to.receive(&wire), wire.len(), "only whole frames travel");
    wire.len()
}

fn events(s: &mut Side) -> Vec<Ev> {
    std::iter::from_fn(|| s.poll_event()).collect()
}

fn requests(s: &mut Side) -> Vec<(i64, Request<TestObj>)> {
    events(s)
        .into_iter()
        .map(|e| match e {
            Event::Request { seq, request } => (seq, request),
            other => panic!("expected a request, got {other:?}"),
        })
        .collect()
}

fn replies(s: &mut Side) -> Vec<(&'static str, Result<Obj<TestObj>, Error>)> {
    events(s)
        .into_iter()
        .map(|e| match e {
            Event::Reply { waiter, result } => (waiter, result),
            other => panic!("expected a reply, got {other:?}"),
        })
        .collect()
}

/// A request frame as a peer would send it.
fn request_frame(seq: i64, handler_id: u8, args: &Boxed) -> Vec<u8> {
    let mut payload = Vec::new();
    message::encode_request(seq, handler_id, args, &mut payload).expect("encodes");
    let mut wire = Vec::new();
    frame::encode(&payload, &FrameConfig::default(), &mut wire).expect("frames");
    wire
}

/// The handler ids of the requests in `wire`, which must be whole frames.
fn handlers_in(mut wire: &[u8]) -> Vec<i64> {
    let mut out = Vec::new();
    while let Some(f) = frame::decode(wire, &FrameConfig::default()).expect("valid") {
        wire = &wire[f.consumed..];
        let msg = message::decode(&f.payload).expect("a message");
        out.push(message::split_request(msg.body).expect("a request").0);
    }
    assert!(wire.is_empty());
    out
}

fn callattr(target: Obj<TestObj>, name: &str, args: Vec<Obj<TestObj>>) -> Vec<Obj<TestObj>> {
    vec![target, Obj::Value(Value::str(name)), Obj::Tuple(args), Obj::Tuple(vec![])]
}

fn int(obj: &Obj<TestObj>) -> Option<i64> {
    obj.as_value().and_then(Value::as_i64)
}

fn exc(name: &str, msg: &str) -> ExceptionPayload {
    ExceptionPayload::Exception(RemoteException::builtin(name, vec![Value::str(msg)]))
}

/// `client` asks `server` for its root; returns the proxy.
fn root(client: &mut Side, server: &mut Side, label: &'static str) -> Obj<TestObj> {
    client.request(Handler::GetRoot, vec![], label).expect("queued");
    pump(client, server);
    let [(seq, request)] = requests(server).try_into().expect("one request");
    assert_eq!(request.handler, Handler::GetRoot);
    server.reply(seq, Ok(Obj::Local(TestObj::Root)));
    pump(server, client);
    let [(waiter, result)] = replies(client).try_into().expect("one reply");
    assert_eq!(waiter, label);
    result.expect("the root")
}

#[test]
fn pipelined_requests_are_answered_out_of_order() {
    let (mut a, mut b) = (side(), side());
    for (label, n) in [("first", 1), ("second", 2), ("third", 3)] {
        a.request(Handler::Call, vec![Obj::Value(Value::Int(n))], label).expect("queued");
    }
    let (wire, writes) = transmit(&mut a);
    assert_eq!(writes, 1, "three requests queued together leave in one write");
    assert_eq!(b.receive(&wire), wire.len());
    let served = requests(&mut b);
    assert_eq!(served.iter().map(|(seq, _)| *seq).collect::<Vec<_>>(), [0, 1, 2]);
    // Answer the last first.
    for i in [2, 0, 1] {
        let (seq, request) = &served[i];
        let n = int(&request.args[0]).expect("an int");
        b.reply(*seq, Ok(Obj::Value(Value::Int(n * 10))));
    }
    let (wire, writes) = transmit(&mut b);
    assert_eq!(writes, 1, "the three replies leave in one write");
    a.receive(&wire);
    let got: Vec<_> = replies(&mut a).into_iter().map(|(w, r)| (w, r.ok().as_ref().and_then(int))).collect();
    assert_eq!(got, [("third", Some(30)), ("first", Some(10)), ("second", Some(20))]);
    assert_eq!(a.pending_count(), 0);
    assert_eq!(b.served_count(), 3);
}

#[test]
fn a_served_request_may_call_back_into_the_caller_before_it_replies() {
    let (mut a, mut b) = (side(), side());
    let root = root(&mut a, &mut b, "root");
    // A passes a list of its own: not dumpable, so A exports it.
    let list = Obj::Value(Value::List(vec![Value::Int(5), Value::Int(7), Value::Int(30)]));
    a.request(Handler::CallAttr, callattr(root, "sum", vec![list]), "sum").expect("queued");
    assert_eq!(a.exported_count(), 1);
    pump(&mut a, &mut b);
    let [(sum_seq, mut sum)] = requests(&mut b).try_into().expect("one request");
    let Obj::Tuple(mut args) = sum.args.remove(2) else { panic!("the call's arguments") };
    let Some(Obj::Remote(list)) = args.pop() else { panic!("A's list arrives as a proxy") };
    assert_eq!(list.type_name(), "builtins.list");

    // While A waits for "sum", B asks A about A's list, twice, pipelined.
    b.request(Handler::CallAttr, callattr((&list).into(), "__len__", vec![]), "len").expect("queued");
    b.request(Handler::CallAttr, callattr((&list).into(), "__getitem__", vec![Value::Int(2).into()]), "item")
        .expect("queued");
    pump(&mut b, &mut a);
    for (seq, request) in requests(&mut a) {
        let Some(Obj::Local(TestObj::List(items))) = request.args.first() else { panic!("A's own list") };
        let result = match request.args[1].as_value().and_then(Value::as_str) {
            Some("__len__") => Value::from(items.1.len()),
            _ => items.1[2].clone(),
        };
        a.reply(seq, Ok(Obj::Value(result)));
    }
    pump(&mut a, &mut b);
    let got: Vec<_> = replies(&mut b).into_iter().map(|(w, r)| (w, r.ok().as_ref().and_then(int))).collect();
    assert_eq!(got, [("len", Some(3)), ("item", Some(30))]);

    b.reply(sum_seq, Ok(Obj::Value(Value::Int(42))));
    drop(list);
    pump(&mut b, &mut a);
    let [(waiter, result)] = replies(&mut a).try_into().expect("one reply");
    assert_eq!((waiter, result.ok().as_ref().and_then(int)), ("sum", Some(42)));
    // B's proxy died, so its DEL went with the reply: A's list is freed.
    assert_eq!(a.exported_count(), 0);
}

#[test]
fn del_carries_the_times_sent_and_frees_at_zero() {
    let (mut a, wakeups) = counting_side();
    let mut b = side();
    let first = root(&mut a, &mut b, "one");
    let second = root(&mut a, &mut b, "two");
    let (Obj::Remote(first), Obj::Remote(second)) = (first, second) else { panic!("proxies") };
    assert_eq!(first.id_pack(), second.id_pack());
    assert_eq!(a.proxy_count(), 1, "one proxy per id pack");
    assert_eq!(b.exported_count(), 1);

    drop(first);
    assert_eq!(wakeups.load(Ordering::Relaxed), 0, "a clone still lives");
    assert_eq!(pump(&mut a, &mut b), 0);
    drop(second);
    assert_eq!(wakeups.load(Ordering::Relaxed), 1, "the driver is told a DEL waits");
    let (wire, _) = transmit(&mut a);
    // The DEL names B's object and carries both sendings.
    let parsed = frame::decode(&wire, &FrameConfig::default()).expect("valid").expect("whole");
    assert_eq!(parsed.consumed, wire.len());
    let msg = message::decode(&parsed.payload).expect("a message");
    let (handler, args) = message::split_request(msg.body).expect("a request");
    assert_eq!(handler, Handler::Del as i64);
    assert_eq!(args, Boxed::Tuple(vec![Boxed::LocalRef(IdPack::new("test.Root", 1, 1)), Boxed::Value(Value::Int(2))]));
    b.receive(&wire);
    assert_eq!(b.exported_count(), 0);
    assert_eq!(a.proxy_count(), 0);
    // DEL is answered by the session itself; nobody waits for that reply.
    assert!(events(&mut b).is_empty());
    pump(&mut b, &mut a);
    assert!(events(&mut a).is_empty());
}

#[test]
fn del_of_an_unknown_or_partly_released_object_is_tolerated() {
    let (mut a, mut b) = (side(), side());
    let _root = root(&mut a, &mut b, "root");
    let _again = root(&mut a, &mut b, "again");
    assert_eq!(b.exported_count(), 1);
    let del = |id: IdPack, count: i64| {
        request_frame(99, Handler::Del as u8, &Boxed::Tuple(vec![Boxed::LocalRef(id), Boxed::Value(Value::Int(count))]))
    };
    b.receive(&del(IdPack::new("nobody", 9, 9), 1));
    b.receive(&del(IdPack::new("test.Root", 1, 1), -5));
    b.receive(&del(IdPack::new("test.Root", 1, 1), 1));
    assert_eq!(b.exported_count(), 1, "sent twice, released once");
    b.receive(&del(IdPack::new("test.Root", 1, 1), 1));
    assert_eq!(b.exported_count(), 0);
    assert!(!b.is_closed());
}

#[test]
fn exceptions_and_refusals_reach_the_caller_and_the_session_lives_on() {
    let (mut a, mut b) = (side(), side());
    a.request(Handler::GetAttr, vec![Value::str("x").into()], "attr").expect("queued");
    a.request(Handler::CallAttr, vec![], "next").expect("queued");
    a.request(Handler::Call, vec![], "dict").expect("queued");
    pump(&mut a, &mut b);
    let served = requests(&mut b);
    let err = exc("AttributeError", "x").map_attr("name", "x");
    b.reply(served[0].0, Err(err));
    b.reply(served[1].0, Err(ExceptionPayload::StopIteration));
    // A dict the model cannot export: answered with TypeError, not dropped.
    b.reply(served[2].0, Ok(Obj::Value(Value::Dict(vec![]))));
    pump(&mut b, &mut a);
    let got = replies(&mut a);
    let Err(Error::Remote(e)) = &got[0].1 else { panic!("{:?}", got[0]) };
    assert_eq!((e.name.as_str(), e.attr("name")), ("AttributeError", Some(&Value::str("x"))));
    assert!(matches!(got[1].1, Err(Error::StopIteration)));
    let Err(Error::Remote(e)) = &got[2].1 else { panic!("{:?}", got[2]) };
    assert_eq!(e.name, "TypeError");

    // An unknown handler id is answered by the session, never served.
    b.receive(&request_frame(7, 99, &Boxed::Value(Value::Tuple(vec![]))));
    assert!(events(&mut b).is_empty());
    let (reply, _) = transmit(&mut b);
    let msg = frame::decode(&reply, &FrameConfig::default()).expect("valid").expect("whole");
    assert_eq!(msg.payload[0], 3, "MSG_EXCEPTION");
    assert!(!a.is_closed() && !b.is_closed());
}

/// `with_attr` for an `ExceptionPayload`.
trait MapAttr {
    fn map_attr(self, name: &str, value: &str) -> Self;
}

impl MapAttr for ExceptionPayload {
    fn map_attr(self, name: &str, value: &str) -> Self {
        match self {
            ExceptionPayload::Exception(e) => ExceptionPayload::Exception(e.with_attr(name, Value::str(value))),
            other => other,
        }
    }
}

#[test]
fn close_fails_pending_requests_and_frees_both_tables() {
    let (mut a, mut b) = (side(), side());
    let root = root(&mut a, &mut b, "root");
    // Each side holds the other's objects and waits on the other.
    let list = Obj::Value(Value::List(vec![Value::Int(1)]));
    a.request(Handler::CallAttr, callattr(root.clone(), "keep", vec![list]), "keep").expect("queued");
    pump(&mut a, &mut b);
    let [(_, kept)] = requests(&mut b).try_into().expect("one request");
    b.request(Handler::Call, vec![kept.args[0].clone()], "b waits").expect("queued");
    pump(&mut b, &mut a);
    let [(_, unanswered)] = requests(&mut a).try_into().expect("one request");
    assert_eq!((a.exported_count(), b.exported_count()), (1, 1));

    assert!(a.close());
    assert!(!a.close(), "once");
    assert!(matches!(a.request(Handler::Ping, vec![], "late"), Err(Error::Closed(_))));
    a.reply(0, Ok(Obj::none()));
    drop(unanswered);
    // Requests that arrive now are not answered: CLOSE is the last word.
    a.receive(&request_frame(7, 99, &Boxed::Value(Value::Tuple(vec![]))));
    a.receive(&request_frame(8, Handler::Ping as u8, &Boxed::Value(Value::Tuple(vec![Value::None]))));
    assert!(!a.is_drained(), "CLOSE is still to be sent");
    let (wire, _) = transmit(&mut a);
    assert_eq!(handlers_in(&wire), [Handler::Close as i64]);
    assert_eq!(b.receive(&wire), wire.len());
    assert!(a.is_drained());

    // B: its waiting request fails, its tables are empty, Closed comes last.
    let got = events(&mut b);
    assert!(matches!(&got[..], [
        Event::Reply { waiter: "b waits", result: Err(Error::Closed(r1)) },
        Event::Closed { reason: r2 },
    ] if r1 == "closed by peer" && r2 == "closed by peer"));
    assert_eq!((b.exported_count(), b.pending_count(), b.proxy_count()), (0, 0, 0));
    assert_eq!(b.close_reason(), Some("closed by peer"));
    assert!(b.is_drained(), "B has nothing more to send");
    drop(kept); // B's proxy of A's list: after the end it sends nothing
    assert_eq!(transmit(&mut b).1, 0);

    // A, told by its driver that the peer hung up.
    a.end("peer closed the connection".into());
    let got = events(&mut a);
    assert!(matches!(
        &got[..],
        [Event::Reply { waiter: "keep", result: Err(Error::Closed(_)) }, Event::Closed { .. },]
    ));
    assert_eq!((a.exported_count(), a.pending_count()), (0, 0));
    a.end("again".into());
    assert!(events(&mut a).is_empty(), "the end comes once");
    assert_eq!(a.close_reason(), Some("peer closed the connection"));
    drop(root);
    assert_eq!(transmit(&mut a).1, 0, "no DEL after the end");
}

#[test]
fn malformed_input_ends_the_session_with_a_reason() {
    let frame_of = |payload: &[u8]| {
        let mut wire = (payload.len() as u32).to_be_bytes().to_vec();
        wire.push(0);
        wire.extend_from_slice(payload);
        wire.push(b'\n');
        wire
    };
    let cases: [(&str, Vec<u8>); 6] = [
        ("malformed message", frame_of(&[0xff, 0xff, 0xff])),
        ("malformed message", frame_of(&[])),
        ("exceeds the limit", b"\xff\xff\xff\xff\x00".to_vec()),
        ("compression flag 7", b"\x00\x00\x00\x01\x07x\n".to_vec()),
        ("does not inflate", b"\x00\x00\x00\x02\x01xx\n".to_vec()),
        // REQUEST seq=0 (handler=1, label 9): a box with an unknown label.
        ("malformed request", frame_of(&[0x01, 0x11, 0x50, 0x11, 0x51, 0x11, 0x59, 0x00])),
    ];
    for (reason, wire) in cases {
        let mut s = side();
        assert_eq!(s.receive(&wire), wire.len(), "{reason}");
        let got = events(&mut s);
        let [Event::Closed { reason: got }] = &got[..] else { panic!("{reason}: {got:?}") };
        assert!(got.contains(reason), "{got:?} should say {reason:?}");
        assert!(s.is_closed());
        assert_eq!(s.receive(b"\x00\x00\x00\x00\x00\n"), 6, "bytes after the end are dropped");
    }
}

#[test]
fn a_malformed_reply_fails_its_caller_with_the_reason() {
    let mut a = side();
    let seq = a.request(Handler::Ping, vec![], "ping").expect("queued");
    let mut payload = Vec::new();
    message::encode(rpyc_protocol::consts::MsgType::Reply, seq, &Value::Int(5), &mut payload).expect("encodes");
    let mut wire = Vec::new();
    frame::encode(&payload, &FrameConfig::default(), &mut wire).expect("frames");
    a.receive(&wire);
    let got = events(&mut a);
    assert!(
        matches!(&got[..], [
        Event::Reply { waiter: "ping", result: Err(Error::Closed(r)) },
        Event::Closed { .. },
    ] if r.contains("malformed reply")),
        "{got:?}"
    );
}

#[test]
fn frames_split_anywhere_give_the_same_events() {
    let mut a = side();
    let mut b = side();
    a.request(Handler::GetAttr, vec![Value::str("x").into()], "one").expect("queued");
    a.request(Handler::Call, vec![Value::str("y".repeat(5000)).into()], "two").expect("queued");
    a.request(Handler::Ping, vec![Value::str("z").into()], "three").expect("queued");
    let (wire, writes) = transmit(&mut a);
    assert_eq!(writes, 3, "frames, a large payload (compressed), frames");
    // Fed one byte at a time, re-offering what was not used.
    let mut held = Vec::new();
    for byte in &wire {
        held.push(*byte);
        let used = b.receive(&held);
        held.drain(..used);
    }
    assert!(held.is_empty());
    let served = requests(&mut b);
    assert_eq!(served.len(), 2, "PING is answered by the session");
    assert_eq!(served[1].1.args[0].as_value().and_then(Value::as_str).map(str::len), Some(5000));
    assert_eq!(b.served_count(), 3);
}

#[test]
fn large_replies_are_framed_by_the_driver_and_read_back() {
    let (mut a, mut b) = (side(), side());
    a.request(Handler::Call, vec![], "big").expect("queued");
    pump(&mut a, &mut b);
    let [(seq, _)] = requests(&mut b).try_into().expect("one request");
    let text = "all work and no play ".repeat(2000);
    b.reply(seq, Ok(Obj::Value(Value::str(&text))));
    let mut buf = Vec::new();
    let Some(Transmit::Large(payload)) = b.poll_transmit(&mut buf) else { panic!("a large payload") };
    let mut wire = Vec::new();
    frame::encode(&payload, b.frame_config(), &mut wire).expect("frames");
    assert_eq!(wire[4], 1, "compressed");
    assert!(wire.len() < text.len() / 10);
    a.receive(&wire);
    let [(_, result)] = replies(&mut a).try_into().expect("one reply");
    assert_eq!(result.expect("a value").as_value().and_then(Value::as_str), Some(text.as_str()));
}
