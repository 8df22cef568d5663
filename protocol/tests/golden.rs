//! Golden vectors made by the real rpyc 6.0.2 (see tests/golden/gen_*.py):
//! every vector decodes to the described value and re-encodes to the same
//! bytes.

use rpyc_protocol::consts::MsgType;
use rpyc_protocol::frame::{self, FrameConfig};
use rpyc_protocol::message::{self, Boxed};
use rpyc_protocol::vinegar::{ExceptionPayload, RemoteException};
use rpyc_protocol::{brine, Value};

fn golden(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden").join(name);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (regenerate with scripts/gen-golden.sh)", path.display()))
}

fn unhex(s: &str) -> Vec<u8> {
    assert!(s.len() % 2 == 0, "odd hex length");
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex")).collect()
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// The generator's description grammar (see gen_brine.py).
fn describe(v: &Value) -> String {
    let list =
        |tag: &str, items: &[Value]| format!("{tag}({})", items.iter().map(describe).collect::<Vec<_>>().join(","));
    match v {
        Value::None => "N".into(),
        Value::Bool(true) => "T".into(),
        Value::Bool(false) => "F".into(),
        Value::Ellipsis => "E".into(),
        Value::NotImplemented => "NI".into(),
        Value::Int(n) => format!("i:{n}"),
        Value::BigInt(n) => format!("i:{n}"),
        Value::Float(f) => format!("f:{}", hex(&f.to_be_bytes())),
        Value::Complex(re, im) => format!("c:{}:{}", hex(&re.to_be_bytes()), hex(&im.to_be_bytes())),
        Value::Str(s) => format!("s:{}", hex(s.as_bytes())),
        Value::Bytes(b) => format!("b:{}", hex(b)),
        Value::Tuple(items) => list("t", items),
        Value::FrozenSet(items) => list("fs", items),
        Value::Slice(parts) => list("sl", &parts[..]),
        other => panic!("brine never decodes to a {}", other.type_name()),
    }
}

#[test]
fn brine_vectors_decode_and_reencode_byte_for_byte() {
    let text = golden("brine.txt");
    let mut count = 0;
    for (lineno, line) in text.lines().enumerate().filter(|(_, l)| !l.starts_with('#')) {
        let (hex_bytes, description) = line.split_once('\t').expect("two columns");
        let bytes = unhex(hex_bytes);
        let value = brine::load(&bytes).unwrap_or_else(|e| panic!("line {}: {e}", lineno + 1));
        assert_eq!(describe(&value), description, "line {}", lineno + 1);
        let again = brine::dump(&value).expect("dumpable");
        assert!(again == bytes, "line {}: re-encoding differs", lineno + 1);
        count += 1;
    }
    assert!(count > 5000, "only {count} vectors");
}

#[test]
fn python_frames_decode_and_plain_frames_match_exactly() {
    let text = golden("frames.txt");
    let config = FrameConfig::default();
    let mut count = 0;
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let (payload_hex, frame_hex) = line.split_once('\t').expect("two columns");
        let (payload, python_frame) = (unhex(payload_hex), unhex(frame_hex));
        let decoded = frame::decode(&python_frame, &config).expect("valid").expect("whole frame");
        assert_eq!(decoded.payload, payload);
        assert_eq!(decoded.consumed, python_frame.len());

        let mut ours = Vec::new();
        frame::encode(&payload, &config, &mut ours).expect("encodes");
        if python_frame[4] == 0 {
            assert_eq!(hex(&ours), hex(&python_frame), "uncompressed frames are identical");
        } else {
            // Python always sends the compressed form; we only when it is
            // smaller, so our frame is never larger than the plain one. Our
            // deflate may pick other (equally valid) bytes than zlib's.
            assert!(ours.len() <= payload.len() + 6);
            let back = frame::decode(&ours, &config).expect("valid").expect("whole frame");
            assert_eq!(back.payload, payload);
        }
        count += 1;
    }
    assert!(count >= 10);
}

#[test]
fn captured_messages_decode_and_reencode_byte_for_byte() {
    let text = golden("messages.txt");
    let (mut requests, mut replies, mut exceptions) = (0, 0, 0);
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let (direction, payload_hex) = line.split_once('\t').expect("two columns");
        let payload = unhex(payload_hex);
        let msg = message::decode(&payload).unwrap_or_else(|e| panic!("{direction} {payload_hex}: {e}"));
        let mut again = Vec::new();
        message::encode(msg.kind, msg.seq, &msg.body, &mut again).expect("encodes");
        assert_eq!(hex(&again), payload_hex);
        match msg.kind {
            MsgType::Request => {
                let (handler, args) = message::split_request(msg.body).expect("request shape");
                assert!(rpyc_protocol::Handler::from_id(handler).is_some(), "known handler {handler}");
                let mut boxed_again = Vec::new();
                message::encode_request(msg.seq, handler as u8, &args, &mut boxed_again).expect("encodes");
                assert_eq!(hex(&boxed_again), payload_hex, "boxing round trip");
                requests += 1;
            }
            MsgType::Reply => {
                let boxed = Boxed::from_wire(msg.body).expect("boxed reply");
                let mut boxed_again = Vec::new();
                message::encode_reply(msg.seq, &boxed, &mut boxed_again).expect("encodes");
                assert_eq!(hex(&boxed_again), payload_hex, "boxing round trip");
                replies += 1;
            }
            MsgType::Exception => {
                match RemoteException::decode(msg.body).expect("exception shape") {
                    ExceptionPayload::StopIteration => {}
                    ExceptionPayload::Exception(e) => {
                        assert!(!e.name.is_empty());
                        assert_eq!(e.attr("_remote_version"), Some(&Value::str("6.0.2")));
                    }
                }
                exceptions += 1;
            }
        }
    }
    assert!(requests > 20 && replies > 20 && exceptions >= 2, "{requests} {replies} {exceptions}");
}
