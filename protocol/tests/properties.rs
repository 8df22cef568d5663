//! Property tests: arbitrary values round-trip through brine, messages and
//! frames; arbitrary bytes give an error, never a panic, and never break a
//! session's invariants.

#[path = "support/feed.rs"]
mod feed;

use proptest::prelude::*;
use rpyc_protocol::consts::MsgType;
use rpyc_protocol::frame::{self, FrameConfig};
use rpyc_protocol::message::{self, Boxed};
use rpyc_protocol::{brine, IdPack, Value};

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::None),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::Int),
        (-200i64..200).prop_map(Value::Int),
        // Big ints from decimal text, up to ~300 digits.
        "-?[1-9][0-9]{18,300}".prop_map(|s| Value::from_bigint(s.parse().expect("digits"))),
        any::<f64>().prop_map(Value::Float),
        (any::<f64>(), any::<f64>()).prop_map(|(a, b)| Value::Complex(a, b)),
        ".{0,40}".prop_map(Value::Str),
        prop::collection::vec(any::<u8>(), 0..600).prop_map(Value::Bytes),
        Just(Value::Ellipsis),
        Just(Value::NotImplemented),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(6, 300, 12, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..12).prop_map(Value::Tuple),
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::FrozenSet),
            (inner.clone(), inner.clone(), inner).prop_map(|(a, b, c)| Value::Slice(Box::new([a, b, c]))),
        ]
    })
}

/// Equality that treats NaNs with equal bits as equal.
fn same(a: &Value, b: &Value) -> bool {
    brine::dump(a).ok() == brine::dump(b).ok()
}

fn boxed() -> impl Strategy<Value = Boxed> {
    let id = ("[a-z_.]{1,20}", any::<i64>(), any::<i64>()).prop_map(|(n, c, i)| IdPack::new(n.as_str(), c, i));
    let leaf = prop_oneof![
        value().prop_map(Boxed::Value),
        id.clone().prop_map(Boxed::LocalRef),
        id.prop_map(Boxed::RemoteRef),
    ];
    leaf.prop_recursive(3, 40, 6, |inner| prop::collection::vec(inner, 0..6).prop_map(Boxed::Tuple))
}

/// A boxed value the peer might send: its id packs often name objects the
/// session under test exported (numbers 0..4) or proxies it already holds.
fn peer_boxed() -> impl Strategy<Value = Boxed> {
    let id = prop_oneof![
        3 => (0..i64::from(feed::WAITERS) + 2).prop_map(|n| IdPack::new("test.Number", 1, n)),
        1 => ("[a-z.]{1,12}", any::<i64>(), any::<i64>()).prop_map(|(n, c, i)| IdPack::new(n.as_str(), c, i)),
    ];
    let leaf = prop_oneof![
        2 => value().prop_map(Boxed::Value),
        1 => id.clone().prop_map(Boxed::LocalRef),
        1 => id.prop_map(Boxed::RemoteRef),
    ];
    leaf.prop_recursive(3, 24, 5, |inner| prop::collection::vec(inner, 0..5).prop_map(Boxed::Tuple))
}

/// A frame around a message the peer might send: mostly well formed
/// (a request for any handler id, a reply or exception whose seq may match
/// a waiting request), sometimes any type byte and any body.
fn message_frame() -> impl Strategy<Value = Vec<u8>> {
    let args = prop::collection::vec(peer_boxed(), 0..5).prop_map(Boxed::Tuple);
    let exception = prop_oneof![
        Just(Value::Int(1)),
        ("[A-Za-z]{1,12}", prop::collection::vec(value(), 0..3))
            .prop_map(|(name, args)| { rpyc_protocol::RemoteException::builtin(&name, args).encode() }),
        value(),
    ];
    let message = prop_oneof![
        4 => (0i64..25, args).prop_map(|(h, args)| (MsgType::Request as u8, Value::Tuple(vec![Value::Int(h), args.to_value()]))),
        3 => peer_boxed().prop_map(|b| (MsgType::Reply as u8, b.to_value())),
        1 => exception.prop_map(|e| (MsgType::Exception as u8, e)),
        1 => (any::<u8>(), value()),
    ];
    (0i64..8, message).prop_map(|(seq, (kind, body))| {
        let mut payload = vec![kind];
        payload.push(brine::TAG_TUP1 + 1);
        brine::dump_into(&Value::Int(seq), &mut payload).expect("an int");
        brine::dump_into(&body, &mut payload).expect("dumpable");
        let mut wire = Vec::new();
        frame::encode(&payload, &FrameConfig::default(), &mut wire).expect("frames");
        wire
    })
}

/// What a peer sends: whole messages, or noise.
fn peer_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..2048),
        prop::collection::vec(message_frame(), 0..12).prop_map(|frames| frames.concat()),
        (prop::collection::vec(message_frame(), 1..6), prop::collection::vec(any::<u8>(), 1..64))
            .prop_map(|(frames, noise)| [frames.concat(), noise].concat()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn sessions_survive_anything_a_peer_sends(bytes in peer_bytes(), chunk in 1usize..300) {
        feed::feed(&bytes, chunk);
    }

    #[test]
    fn brine_round_trips(v in value()) {
        let bytes = brine::dump(&v).expect("dumpable");
        let back = brine::load(&bytes).expect("loads");
        prop_assert!(same(&v, &back));
        prop_assert_eq!(brine::dump(&back).expect("dumpable"), bytes);
    }

    #[test]
    fn boxed_requests_round_trip(seq in 0i64..i64::MAX, handler in 1u8..=20, args in boxed()) {
        let mut payload = Vec::new();
        message::encode_request(seq, handler, &args, &mut payload).expect("encodes");
        let msg = message::decode(&payload).expect("decodes");
        prop_assert_eq!(msg.kind, MsgType::Request);
        prop_assert_eq!(msg.seq, seq);
        let (h, back) = message::split_request(msg.body).expect("request");
        prop_assert_eq!(h, i64::from(handler));
        let mut again = Vec::new();
        message::encode_request(seq, handler, &back, &mut again).expect("encodes");
        prop_assert_eq!(again, payload);
    }

    #[test]
    fn frames_round_trip(payload in prop::collection::vec(any::<u8>(), 0..10_000), compress in any::<bool>(), repeat in 1usize..4) {
        let config = FrameConfig { compress, ..FrameConfig::default() };
        let data: Vec<u8> = payload.iter().cycle().take(payload.len() * repeat).copied().collect();
        let mut out = Vec::new();
        frame::encode(&data, &config, &mut out).expect("encodes");
        let decoded = frame::decode(&out, &config).expect("valid").expect("whole");
        prop_assert_eq!(decoded.payload, data);
        prop_assert_eq!(decoded.consumed, out.len());
    }

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = brine::load(&bytes);
        let _ = message::decode(&bytes);
        let _ = frame::decode(&bytes, &FrameConfig::default());
        if let Ok(msg) = message::decode(&bytes) {
            let _ = message::split_request(msg.body.clone());
            let _ = Boxed::from_wire(msg.body.clone());
            let _ = rpyc_protocol::RemoteException::decode(msg.body);
        }
    }

    #[test]
    fn mutated_valid_encodings_never_panic(v in value(), flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8)) {
        let mut bytes = brine::dump(&v).expect("dumpable");
        if bytes.is_empty() { return Ok(()); }
        for (at, byte) in flips {
            let i = at.index(bytes.len());
            bytes[i] = byte;
        }
        let _ = brine::load(&bytes);
        let mut payload = vec![MsgType::Request as u8, 0x11, 0x50];
        payload.extend_from_slice(&bytes);
        if let Ok(msg) = message::decode(&payload) {
            let _ = message::split_request(msg.body);
        }
    }
}
