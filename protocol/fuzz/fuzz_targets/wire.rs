//! Bytes from a hostile peer: frames, then messages, then boxing and
//! exception descriptors. Any input must give a value or an error, never a
//! panic, a hang or an outsized allocation.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rpyc_protocol::frame::{self, FrameConfig};
use rpyc_protocol::message::{self, Boxed};
use rpyc_protocol::{brine, pickle, RemoteException};

fuzz_target!(|data: &[u8]| {
    let config = FrameConfig { max_frame: 1 << 20, ..FrameConfig::default() };
    let mut rest = data;
    while let Ok(Some(decoded)) = frame::decode(rest, &config) {
        rest = &rest[decoded.consumed..];
        if let Ok(msg) = message::decode(&decoded.payload) {
            let _ = message::split_request(msg.body.clone());
            if let Ok(boxed) = Boxed::from_wire(msg.body.clone()) {
                let mut out = Vec::new();
                let _ = boxed.encode_into(&mut out);
            }
            let _ = RemoteException::decode(msg.body);
        }
    }
    if let Ok(v) = brine::load(data) {
        // Whatever decodes must re-encode to the same bytes or a shorter form.
        let again = brine::dump(&v).expect("a decoded value is dumpable");
        assert!(again.len() <= data.len());
    }
    let _ = message::decode(data);
    let _ = pickle::loads(data);
});
