//! Bytes from a hostile peer fed to a session core the way a driver feeds
//! it, for the property test and the `session` fuzz target alike: in chunks,
//! every request served by echoing its first argument (so references are
//! unboxed, exported and DELed both ways), every byte to send taken out.
//! Panics if the session breaks what must always hold.

use std::sync::Arc;

use rpyc_protocol::frame::{self, FrameConfig};
use rpyc_protocol::{Event, Handler, IdPack, Obj, ObjectModel, Session, Transmit, Value};

/// Objects that are numbers; everything not dumpable is exported.
struct Numbers;

impl ObjectModel for Numbers {
    type Object = i64;

    fn id_pack(&self, n: &i64) -> IdPack {
        IdPack::new("test.Number", 1, *n)
    }

    fn export_value(&self, value: Value) -> Option<i64> {
        Some(value.type_name().len() as i64)
    }
}

/// Waiting requests the session starts with, seqs 0..WAITERS, each sending
/// one of its numbers (so the peer's bytes can name both).
pub const WAITERS: u32 = 4;

pub fn feed(bytes: &[u8], chunk: usize) {
    let config = FrameConfig { max_frame: 1 << 20, ..FrameConfig::default() };
    let mut session: Session<i64, u32> = Session::new(Arc::new(Numbers), config, Box::new(|| {}));
    for waiter in 0..WAITERS {
        session.request(Handler::Call, vec![Obj::Local(i64::from(waiter))], waiter).expect("an open session queues");
    }
    let (mut held, mut out, mut closed) = (Vec::new(), Vec::new(), false);
    for piece in bytes.chunks(chunk.max(1)) {
        held.extend_from_slice(piece);
        let used = session.receive(&held);
        assert!(used <= held.len(), "used more than offered");
        held.drain(..used);
        while let Some(event) = session.poll_event() {
            assert!(!closed, "an event after Closed");
            match event {
                Event::Request { seq, request } => {
                    session.reply(seq, Ok(request.args.into_iter().next().unwrap_or(Obj::none())));
                }
                Event::Reply { waiter, .. } => assert!(waiter < WAITERS, "a reply to nobody"),
                Event::Closed { .. } => closed = true,
            }
        }
        while let Some(transmit) = session.poll_transmit(&mut out) {
            if let Transmit::Large(payload) = transmit {
                let mut framed = Vec::new();
                frame::encode(&payload, &config, &mut framed).expect("the session checked the size");
            }
        }
    }
    assert_eq!(closed, session.is_closed());
    if closed {
        assert_eq!(session.exported_count(), 0, "an ended session holds no objects");
        assert_eq!(session.pending_count(), 0, "an ended session holds no waiters");
    }
}
