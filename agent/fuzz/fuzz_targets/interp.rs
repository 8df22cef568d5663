//! Arbitrary source through the agent's interpreter: parsing never panics,
//! and running what parses never panics either (a budget of interrupt
//! checks stops endless loops, as a closed connection would).

#![no_main]

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use rpyc_agent::interp;
use rpyc_agent::runtime::context::{ClientLink, ClientReply, Cx, Session};
use rpyc_agent::runtime::object::ObjRef;
use rpyc_protocol::{Error, Handler, Obj};

/// No client; "closes" after a budget of checks so loops end.
struct Budget(AtomicU32);

impl ClientLink for Budget {
    fn request(&self, _handler: Handler, _args: Vec<Obj<ObjRef>>) -> ClientReply<'_> {
        Box::pin(async { Err(Error::Closed("no client while fuzzing".into())) })
    }
    fn is_closed(&self) -> bool {
        self.0.fetch_add(1, Ordering::Relaxed) > 20_000
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else { return };
    let cx = Cx::new(Arc::new(Budget(AtomicU32::new(0))), Arc::new(Session::default()), true, &rpyc_agent::objects::HOOKS);
    let _ = interp::eval(&cx, src);
    let _ = interp::execute(&cx, src);
});
