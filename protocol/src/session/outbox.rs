//! Frames waiting to be written, in the order they were queued.
//!
//! Small messages are encoded straight into one buffer, framed in place, so
//! whatever is queued while the writer is busy leaves in one write and the
//! steady state allocates nothing: the writer swaps its empty buffer for the
//! full one. A payload that may be compressed is kept unframed instead:
//! deflating it is left to whoever takes it out, so it never holds up the
//! session (a driver takes bytes out under its lock and writes after).

use std::collections::VecDeque;
use std::mem;

use crate::error::Error;
use crate::frame::{self, FrameConfig, FrameError};

/// What [`Session::poll_transmit`](super::Session::poll_transmit) handed out.
#[derive(Debug, PartialEq, Eq)]
pub enum Transmit {
    /// The buffer passed in now holds whole frames, ready for the wire.
    Frames,
    /// One payload to frame with [`frame::encode`] (which compresses it when
    /// that pays) and then write. Its size is within the frame limit.
    Large(Vec<u8>),
}

#[derive(Debug)]
enum Chunk {
    Frames(Vec<u8>),
    Large(Vec<u8>),
}

#[derive(Debug, Default)]
pub(super) struct Outbox {
    /// What was queued before `tail`, in order; empty unless a large payload
    /// was queued.
    queue: VecDeque<Chunk>,
    /// Whole frames queued last.
    tail: Vec<u8>,
}

impl Outbox {
    /// Queues one message, which `write` appends as a payload. When `write`
    /// fails, nothing is queued.
    pub(super) fn push(
        &mut self,
        config: &FrameConfig,
        write: impl FnOnce(&mut Vec<u8>) -> Result<(), Error>,
    ) -> Result<(), Error> {
        let start = frame::begin(&mut self.tail);
        if let Err(e) = write(&mut self.tail) {
            self.tail.truncate(start);
            return Err(e);
        }
        let len = frame::payload_len(&self.tail, start);
        if !(config.compress && len > config.compression_threshold) {
            return frame::finish(&mut self.tail, start, config).map_err(Error::from);
        }
        if len > config.max_frame || len > u32::MAX as usize {
            self.tail.truncate(start);
            return Err(FrameError::TooLarge { size: len, limit: config.max_frame }.into());
        }
        let payload = self.tail.split_off(start + frame::HEADER_LEN);
        self.tail.truncate(start);
        if !self.tail.is_empty() {
            self.queue.push_back(Chunk::Frames(mem::take(&mut self.tail)));
        }
        self.queue.push_back(Chunk::Large(payload));
        Ok(())
    }

    /// Takes out what goes first: frames into `buf` (which should be empty;
    /// its allocation is kept for what is queued next), or a large payload.
    pub(super) fn poll(&mut self, buf: &mut Vec<u8>) -> Option<Transmit> {
        match self.queue.pop_front() {
            Some(Chunk::Frames(frames)) => {
                *buf = frames;
                Some(Transmit::Frames)
            }
            Some(Chunk::Large(payload)) => Some(Transmit::Large(payload)),
            None if self.tail.is_empty() => None,
            None => {
                buf.clear();
                mem::swap(buf, &mut self.tail);
                Some(Transmit::Frames)
            }
        }
    }

    pub(super) fn is_empty(&self) -> bool {
        self.queue.is_empty() && self.tail.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn push(outbox: &mut Outbox, config: &FrameConfig, payload: &[u8]) -> Result<(), Error> {
        outbox.push(config, |out| {
            out.extend_from_slice(payload);
            Ok(())
        })
    }

    fn framed(payloads: &[&[u8]]) -> Vec<u8> {
        let mut out = Vec::new();
        for p in payloads {
            frame::encode(p, &FrameConfig { compress: false, ..FrameConfig::default() }, &mut out).expect("encodes");
        }
        out
    }

    #[test]
    fn small_messages_coalesce_and_buffers_are_reused() {
        let config = FrameConfig::default();
        let mut outbox = Outbox::default();
        push(&mut outbox, &config, b"one").expect("queued");
        push(&mut outbox, &config, b"two").expect("queued");
        let mut buf = Vec::with_capacity(4096);
        assert_eq!(outbox.poll(&mut buf), Some(Transmit::Frames));
        assert_eq!(buf, framed(&[b"one", b"two"]));
        assert!(outbox.is_empty());
        assert!(outbox.tail.capacity() >= 4096, "the writer's buffer is kept for the next frames");
        assert_eq!(outbox.poll(&mut buf), None);
    }

    #[test]
    fn large_payloads_keep_their_place_in_line() {
        let config = FrameConfig { compression_threshold: 8, ..FrameConfig::default() };
        let mut outbox = Outbox::default();
        push(&mut outbox, &config, b"first").expect("queued");
        push(&mut outbox, &config, b"a large payload").expect("queued");
        push(&mut outbox, &config, b"last").expect("queued");
        let mut buf = Vec::new();
        assert_eq!(outbox.poll(&mut buf), Some(Transmit::Frames));
        assert_eq!(buf, framed(&[b"first"]));
        assert_eq!(outbox.poll(&mut buf), Some(Transmit::Large(b"a large payload".to_vec())));
        assert_eq!(outbox.poll(&mut buf), Some(Transmit::Frames));
        assert_eq!(buf, framed(&[b"last"]));
        assert_eq!(outbox.poll(&mut buf), None);
    }

    #[test]
    fn failed_or_oversized_messages_leave_nothing_behind() {
        let config = FrameConfig { max_frame: 16, compression_threshold: 8, ..FrameConfig::default() };
        let mut outbox = Outbox::default();
        push(&mut outbox, &config, b"kept").expect("queued");
        let failed = outbox.push(&config, |out| {
            out.extend_from_slice(b"half");
            Err(Error::Unexpected("boxing failed".into()))
        });
        assert!(failed.is_err());
        assert!(push(&mut outbox, &config, &[0; 17]).is_err(), "over the limit, compressible");
        let plain = FrameConfig { compress: false, ..config };
        assert!(push(&mut outbox, &plain, &[0; 17]).is_err(), "over the limit, plain");
        let mut buf = Vec::new();
        assert_eq!(outbox.poll(&mut buf), Some(Transmit::Frames));
        assert_eq!(buf, framed(&[b"kept"]));
        assert_eq!(outbox.poll(&mut buf), None);
    }
}
