//! Messages and boxing (`rpyc/core/protocol.py`).
//!
//! A frame payload is `msgtype:u8 || brine((seq, args))`. Requests carry
//! `(handler, boxed_args)`, replies a boxed value, exceptions an unboxed
//! descriptor (see [`crate::vinegar`]). Boxing wraps every value as
//! `(label, payload)` so that objects which cannot travel by value travel as
//! id packs.

use crate::brine::{self, BrineError, Decoder, TAG_TUP1};
use crate::consts::{MsgType, LABEL_LOCAL_REF, LABEL_REMOTE_REF, LABEL_TUPLE, LABEL_VALUE};
use crate::netref::IdPack;
use crate::value::Value;

/// A message as it is on the wire, before its body is interpreted.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub kind: MsgType,
    pub seq: i64,
    pub body: Value,
}

/// A payload that is not a well-formed message.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum MessageError {
    #[error("empty message")]
    Empty,
    #[error("unknown message type {0}")]
    UnknownType(u8),
    #[error(transparent)]
    Brine(#[from] BrineError),
    #[error("message is not a (seq, args) pair")]
    NotAPair,
    #[error("request is not a (handler, args) pair")]
    BadRequest,
    #[error("boxed value has unknown label or shape: {0}")]
    BadBox(String),
    #[error("exception descriptor has the wrong shape")]
    BadException,
}

/// Decodes one frame payload.
pub fn decode(payload: &[u8]) -> Result<Message, MessageError> {
    let (&kind, rest) = payload.split_first().ok_or(MessageError::Empty)?;
    let kind = MsgType::from_u8(kind).ok_or(MessageError::UnknownType(kind))?;
    // Offsets in errors count from the start of the payload.
    let body = brine::load(rest).map_err(|mut e| {
        e.offset += 1;
        e
    })?;
    let Value::Tuple(items) = body else { return Err(MessageError::NotAPair) };
    let mut items = items.into_iter();
    match (items.next(), items.next(), items.next()) {
        (Some(Value::Int(seq)), Some(body), None) => Ok(Message { kind, seq, body }),
        _ => Err(MessageError::NotAPair),
    }
}

/// Appends a message payload (not yet framed) to `out`.
pub fn encode(kind: MsgType, seq: i64, body: &Value, out: &mut Vec<u8>) -> Result<(), BrineError> {
    begin(kind, seq, out);
    brine::dump_into(body, out)
}

/// Appends the start of a message, up to its body.
fn begin(kind: MsgType, seq: i64, out: &mut Vec<u8>) {
    out.push(kind as u8);
    out.push(TAG_TUP1 + 1);
    brine::dump_int(seq, out);
}

/// Appends the start of a request payload, up to its boxed arguments, which
/// the caller writes next (with [`Boxed::encode_into`] or the `box_*`
/// writers).
pub fn begin_request(seq: i64, handler: u8, out: &mut Vec<u8>) {
    begin(MsgType::Request, seq, out);
    out.push(TAG_TUP1 + 1);
    brine::dump_int(i64::from(handler), out);
}

/// Appends the start of a reply payload; the boxed result follows.
pub fn begin_reply(seq: i64, out: &mut Vec<u8>) {
    begin(MsgType::Reply, seq, out);
}

/// Appends a request payload whose arguments are already boxed.
pub fn encode_request(seq: i64, handler: u8, args: &Boxed, out: &mut Vec<u8>) -> Result<(), BrineError> {
    begin_request(seq, handler, out);
    args.encode_into(out)
}

/// Appends a reply payload.
pub fn encode_reply(seq: i64, result: &Boxed, out: &mut Vec<u8>) -> Result<(), BrineError> {
    begin_reply(seq, out);
    result.encode_into(out)
}

// Writers of boxed values, straight into a payload: what `Boxed::encode_into`
// writes from a tree, without building the tree (the session boxes outgoing
// arguments and replies this way).

/// `(LABEL_VALUE, v)`.
pub fn box_value(v: &Value, out: &mut Vec<u8>) -> Result<(), BrineError> {
    out.push(TAG_TUP1 + 1);
    out.push(label_tag(LABEL_VALUE));
    brine::dump_into(v, out)
}

/// `(LABEL_VALUE, (...))` for an `n`-tuple of plain values: its `n` items
/// follow as brine values.
pub fn box_value_tuple(n: usize, out: &mut Vec<u8>) {
    out.push(TAG_TUP1 + 1);
    out.push(label_tag(LABEL_VALUE));
    brine::dump_tuple_header(n, out);
}

/// `(LABEL_TUPLE, (...))`: its `n` items follow, each boxed.
pub fn box_tuple(n: usize, out: &mut Vec<u8>) {
    out.push(TAG_TUP1 + 1);
    out.push(label_tag(LABEL_TUPLE));
    brine::dump_tuple_header(n, out);
}

/// `(LABEL_LOCAL_REF, id_pack)`: an object of the receiver.
pub fn box_local_ref(id: &IdPack, out: &mut Vec<u8>) {
    box_ref(LABEL_LOCAL_REF, id, out);
}

/// `(LABEL_REMOTE_REF, id_pack)`: an object of the sender.
pub fn box_remote_ref(id: &IdPack, out: &mut Vec<u8>) {
    box_ref(LABEL_REMOTE_REF, id, out);
}

fn box_ref(label: i64, id: &IdPack, out: &mut Vec<u8>) {
    out.push(TAG_TUP1 + 1);
    out.push(label_tag(label));
    // The id pack as brine.dump writes the tuple (str, int, int).
    brine::dump_tuple_header(3, out);
    brine::dump_str(&id.name, out);
    brine::dump_int(id.class_id, out);
    brine::dump_int(id.instance_id, out);
}

/// Splits a request body into the handler id and its boxed arguments.
pub fn split_request(body: Value) -> Result<(i64, Boxed), MessageError> {
    let Value::Tuple(items) = body else { return Err(MessageError::BadRequest) };
    let mut items = items.into_iter();
    match (items.next(), items.next(), items.next()) {
        (Some(Value::Int(handler)), Some(args), None) => Ok((handler, Boxed::from_wire(args)?)),
        _ => Err(MessageError::BadRequest),
    }
}

/// A value in its boxed form. Labels are as seen by the receiver:
/// `LocalRef` names an object of the receiver, `RemoteRef` one of the sender.
#[derive(Debug, Clone, PartialEq)]
pub enum Boxed {
    Value(Value),
    Tuple(Vec<Boxed>),
    LocalRef(IdPack),
    RemoteRef(IdPack),
}

/// Nesting limit for boxed tuples (brine's own limit bounds the rest).
const MAX_BOX_DEPTH: usize = 64;

impl Boxed {
    /// Interprets a `(label, payload)` pair received from the peer.
    pub fn from_wire(v: Value) -> Result<Boxed, MessageError> {
        Self::from_wire_at(v, 0)
    }

    fn from_wire_at(v: Value, depth: usize) -> Result<Boxed, MessageError> {
        let bad = |what: &str| MessageError::BadBox(what.to_owned());
        if depth > MAX_BOX_DEPTH {
            return Err(bad("nested too deep"));
        }
        let Value::Tuple(pair) = v else { return Err(bad("not a (label, value) pair")) };
        let mut pair = pair.into_iter();
        let (Some(Value::Int(label)), Some(payload), None) = (pair.next(), pair.next(), pair.next()) else {
            return Err(bad("not a (label, value) pair"));
        };
        match label {
            LABEL_VALUE => Ok(Boxed::Value(payload)),
            LABEL_TUPLE => match payload {
                Value::Tuple(items) => Ok(Boxed::Tuple(
                    items.into_iter().map(|x| Self::from_wire_at(x, depth + 1)).collect::<Result<_, _>>()?,
                )),
                _ => Err(bad("LABEL_TUPLE without a tuple")),
            },
            LABEL_LOCAL_REF => IdPack::from_value(&payload).map(Boxed::LocalRef).ok_or_else(|| bad("bad id_pack")),
            LABEL_REMOTE_REF => IdPack::from_value(&payload).map(Boxed::RemoteRef).ok_or_else(|| bad("bad id_pack")),
            other => Err(MessageError::BadBox(format!("label {other}"))),
        }
    }

    /// Appends the brine encoding of `(label, payload)`.
    pub fn encode_into(&self, out: &mut Vec<u8>) -> Result<(), BrineError> {
        match self {
            Boxed::Value(v) => box_value(v, out),
            Boxed::Tuple(items) => {
                box_tuple(items.len(), out);
                items.iter().try_for_each(|item| item.encode_into(out))
            }
            Boxed::LocalRef(id) => {
                box_local_ref(id, out);
                Ok(())
            }
            Boxed::RemoteRef(id) => {
                box_remote_ref(id, out);
                Ok(())
            }
        }
    }

    /// The boxed form as a plain value (what `brine.load` would give).
    pub fn to_value(&self) -> Value {
        let (label, payload) = match self {
            Boxed::Value(v) => (LABEL_VALUE, v.clone()),
            Boxed::Tuple(items) => (LABEL_TUPLE, Value::Tuple(items.iter().map(Boxed::to_value).collect())),
            Boxed::LocalRef(id) => (LABEL_LOCAL_REF, id.to_value()),
            Boxed::RemoteRef(id) => (LABEL_REMOTE_REF, id.to_value()),
        };
        Value::Tuple(vec![Value::Int(label), payload])
    }
}

/// Labels 1..=4 are immediate ints in brine.
fn label_tag(label: i64) -> u8 {
    (label + brine::IMM_INTS_LOADER_OFFSET) as u8
}

/// Reads the message type and seq without decoding the body; used to route
/// replies cheaply and to name the request in errors about its body.
pub fn peek_header(payload: &[u8]) -> Option<(MsgType, i64)> {
    let (&kind, rest) = payload.split_first()?;
    let kind = MsgType::from_u8(kind)?;
    let (&tag, rest) = rest.split_first()?;
    if tag != TAG_TUP1 + 1 {
        return None;
    }
    match Decoder::new(rest).value().ok()? {
        Value::Int(seq) => Some((kind, seq)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn getroot_request_matches_the_capture() {
        // C>S 00000008 00 | 01 11 50 11 53 11 51 02 | 0a
        let mut out = Vec::new();
        encode_request(0, 3, &Boxed::Value(Value::Tuple(vec![])), &mut out).expect("encodes");
        assert_eq!(out, [0x01, 0x11, 0x50, 0x11, 0x53, 0x11, 0x51, 0x02]);
        let msg = decode(&out).expect("decodes");
        assert_eq!(msg.kind, MsgType::Request);
        assert_eq!(msg.seq, 0);
        let (handler, args) = split_request(msg.body).expect("request");
        assert_eq!(handler, 3);
        assert_eq!(args, Boxed::Value(Value::Tuple(vec![])));
    }

    #[test]
    fn boxed_tuples_round_trip() {
        let id = IdPack::new("builtins.method", 94845371785424, 139687871981040);
        let boxed = Boxed::Tuple(vec![
            Boxed::LocalRef(id.clone()),
            Boxed::Value(Value::Tuple(vec![Value::str("os")])),
            Boxed::RemoteRef(id),
        ]);
        let mut out = Vec::new();
        boxed.encode_into(&mut out).expect("encodes");
        assert_eq!(out, brine::dump(&boxed.to_value()).expect("dumpable"));
        let back = Boxed::from_wire(brine::load(&out).expect("loads")).expect("boxed");
        assert_eq!(back, boxed);
    }

    #[test]
    fn a_value_tuple_written_item_by_item_is_the_boxed_tuple_value() {
        let items = vec![Value::str("os"), Value::Int(-7_000_000_000), Value::Tuple(vec![])];
        let mut piecewise = Vec::new();
        box_value_tuple(items.len(), &mut piecewise);
        for item in &items {
            brine::dump_into(item, &mut piecewise).expect("dumpable");
        }
        let mut whole = Vec::new();
        box_value(&Value::Tuple(items), &mut whole).expect("dumpable");
        assert_eq!(piecewise, whole);
    }

    #[test]
    fn bad_messages_are_errors() {
        assert_eq!(decode(&[]), Err(MessageError::Empty));
        assert_eq!(decode(&[9, 0x02]), Err(MessageError::UnknownType(9)));
        assert_eq!(decode(&[1, 0x10, 0x50]), Err(MessageError::NotAPair));
        assert!(Boxed::from_wire(Value::Tuple(vec![Value::Int(9), Value::None])).is_err());
        assert_eq!(peek_header(&[2, 0x11, 0x5b, 0x11, 0x51, 0x00]), Some((MsgType::Reply, 11)));
    }
}
