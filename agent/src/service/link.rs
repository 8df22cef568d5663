//! The runtime's link to the client: requests over the connection this
//! service serves.

use rpyc_protocol::{Handler, Obj, Peer};

use crate::runtime::context::{ClientLink, ClientReply};
use crate::runtime::object::ObjRef;

/// The connection's [`Peer`], as the runtime's [`ClientLink`].
pub struct Link(pub Peer<ObjRef>);

impl ClientLink for Link {
    fn request(&self, handler: Handler, args: Vec<Obj<ObjRef>>) -> ClientReply<'_> {
        Box::pin(self.0.request(handler, args))
    }
    fn is_closed(&self) -> bool {
        self.0.is_closed()
    }
}
