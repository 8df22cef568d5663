//! The error of a request or connection.

use std::time::Duration;

use crate::brine::BrineError;
use crate::frame::FrameError;
use crate::vinegar::{ExceptionPayload, RemoteException};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The peer raised an exception; it keeps the remote type, arguments,
    /// attributes and traceback.
    #[error("remote {0}")]
    Remote(Box<RemoteException>),
    /// The peer raised StopIteration (the end of a remote iterator).
    #[error("remote StopIteration")]
    StopIteration,
    #[error("connection closed: {0}")]
    Closed(String),
    #[error("no reply to {handler} within {after:?}")]
    Timeout { handler: &'static str, after: Duration },
    #[error("cannot encode: {0}")]
    Encode(#[from] BrineError),
    #[error("cannot frame: {0}")]
    Frame(#[from] FrameError),
    #[error("a {0} cannot be sent by value and this side cannot export it")]
    NotDumpable(&'static str),
    #[error("unexpected reply: {0}")]
    Unexpected(String),
    #[error("{0}")]
    Pickle(String),
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

impl Error {
    /// The remote exception, if that is what this is.
    pub fn remote(&self) -> Option<&RemoteException> {
        match self {
            Error::Remote(e) => Some(e),
            _ => None,
        }
    }
}

impl From<ExceptionPayload> for Error {
    fn from(p: ExceptionPayload) -> Self {
        match p {
            ExceptionPayload::StopIteration => Error::StopIteration,
            ExceptionPayload::Exception(e) => Error::Remote(Box::new(e)),
        }
    }
}

impl From<RemoteException> for Error {
    fn from(e: RemoteException) -> Self {
        Error::Remote(Box::new(e))
    }
}
