//! Bytes from a hostile peer, fed to a session core the way a driver feeds
//! it: in chunks (the last input byte picks their size, so the seeds, whole
//! frames ending in their ignored flusher, stay intact), every request
//! served by echoing its first argument (so references are unboxed,
//! exported and DELed), every byte to send taken out. Any input must give
//! events, bytes, or the session's end with a reason — never a panic, a
//! hang or an outsized allocation.
#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
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

fuzz_target!(|data: &[u8]| {
    let Some(&chunk) = data.last() else { return };
    let chunk = usize::from(chunk) * 8 + 1;
    let config = FrameConfig { max_frame: 1 << 20, ..FrameConfig::default() };
    let mut session: Session<i64, u32> = Session::new(Arc::new(Numbers), config, Box::new(|| {}));
    // Requests waiting for replies (seqs 0..4), so replies in the input match.
    for waiter in 0..4u32 {
        session.request(Handler::Call, vec![Obj::Local(i64::from(waiter))], waiter).expect("an open session queues");
    }
    let (mut held, mut out, mut closed) = (Vec::new(), Vec::new(), false);
    for piece in data.chunks(chunk) {
        held.extend_from_slice(piece);
        let used = session.receive(&held);
        assert!(used <= held.len());
        held.drain(..used);
        while let Some(event) = session.poll_event() {
            assert!(!closed, "an event after Closed");
            match event {
                Event::Request { seq, request } => {
                    session.reply(seq, Ok(request.args.into_iter().next().unwrap_or(Obj::none())));
                }
                Event::Reply { waiter, .. } => assert!(waiter < 4),
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
        assert_eq!(session.exported_count(), 0);
        assert_eq!(session.pending_count(), 0);
    }
});
