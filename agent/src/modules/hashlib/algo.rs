//! The hash algorithms, on the RustCrypto crates: one running state per
//! algorithm, with Python's names, digest and block sizes.

use blake2::{Blake2bVarCore, Blake2sVarCore};
use digest::core_api::{Block, Buffer, UpdateCore, VariableOutputCore};
use digest::{Digest, ExtendableOutput, Update, XofReader};

/// The names `hashlib.new` accepts (lower-cased; OpenSSL's spellings
/// too) and the canonical name of each.
pub fn canonical(name: &str) -> Option<&'static str> {
    Some(match name.to_ascii_lowercase().as_str() {
        "md5" => "md5",
        "sha1" | "sha-1" => "sha1",
        "sha224" | "sha-224" | "sha2-224" => "sha224",
        "sha256" | "sha-256" | "sha2-256" => "sha256",
        "sha384" | "sha-384" | "sha2-384" => "sha384",
        "sha512" | "sha-512" | "sha2-512" => "sha512",
        "sha512_224" | "sha512-224" | "sha2-512/224" => "sha512_224",
        "sha512_256" | "sha512-256" | "sha2-512/256" => "sha512_256",
        "sha3_224" | "sha3-224" => "sha3_224",
        "sha3_256" | "sha3-256" => "sha3_256",
        "sha3_384" | "sha3-384" => "sha3_384",
        "sha3_512" | "sha3-512" => "sha3_512",
        "shake_128" | "shake128" => "shake_128",
        "shake_256" | "shake256" => "shake_256",
        "blake2b" | "blake2b512" => "blake2b",
        "blake2s" | "blake2s256" => "blake2s",
        _ => return None,
    })
}

/// Every algorithm (`hashlib.algorithms_available`).
pub const AVAILABLE: &[&str] = &[
    "blake2b",
    "blake2s",
    "md5",
    "sha1",
    "sha224",
    "sha256",
    "sha384",
    "sha3_224",
    "sha3_256",
    "sha3_384",
    "sha3_512",
    "sha512",
    "sha512_224",
    "sha512_256",
    "shake_128",
    "shake_256",
];

/// The algorithms every Python has (`hashlib.algorithms_guaranteed`).
pub const GUARANTEED: &[&str] = &[
    "blake2b",
    "blake2s",
    "md5",
    "sha1",
    "sha224",
    "sha256",
    "sha384",
    "sha3_224",
    "sha3_256",
    "sha3_384",
    "sha3_512",
    "sha512",
    "shake_128",
    "shake_256",
];

/// BLAKE2 in sequential mode with a key, salt and personalization: the
/// crate's variable-size core fed through its lazy block buffer (the key,
/// when there is one, is the first block, as RFC 7693 says).
macro_rules! blake2_state {
    ($name:ident, $core:ty, $make:ident) => {
        #[derive(Clone)]
        pub struct $name {
            core: $core,
            buffer: Buffer<$core>,
            size: usize,
        }

        impl $name {
            fn update(&mut self, data: &[u8]) {
                let Self { core, buffer, .. } = self;
                buffer.digest_blocks(data, |blocks| core.update_blocks(blocks));
            }

            fn finish(&self) -> Vec<u8> {
                let (mut core, mut buffer) = (self.core.clone(), self.buffer.clone());
                let mut full = digest::Output::<$core>::default();
                core.finalize_variable_core(&mut buffer, &mut full);
                full[..self.size].to_vec()
            }
        }

        /// A keyed state; the caller checks the sizes.
        pub fn $make(size: usize, key: &[u8], salt: &[u8], person: &[u8]) -> $name {
            let core = <$core>::new_with_params(salt, person, key.len(), size);
            let buffer = if key.is_empty() {
                Buffer::<$core>::default()
            } else {
                let mut block = Block::<$core>::default();
                block[..key.len()].copy_from_slice(key);
                Buffer::<$core>::new(&block)
            };
            $name { core, buffer, size }
        }
    };
}

blake2_state!(Blake2bState, Blake2bVarCore, blake2b_state);
blake2_state!(Blake2sState, Blake2sVarCore, blake2s_state);

pub fn blake2b(size: usize, key: &[u8], salt: &[u8], person: &[u8]) -> State {
    State::Blake2b(blake2b_state(size, key, salt, person))
}

pub fn blake2s(size: usize, key: &[u8], salt: &[u8], person: &[u8]) -> State {
    State::Blake2s(blake2s_state(size, key, salt, person))
}

/// A running hash.
#[derive(Clone)]
pub enum State {
    Md5(md5::Md5),
    Sha1(sha1::Sha1),
    Sha224(sha2::Sha224),
    Sha256(sha2::Sha256),
    Sha384(sha2::Sha384),
    Sha512(sha2::Sha512),
    Sha512_224(sha2::Sha512_224),
    Sha512_256(sha2::Sha512_256),
    Sha3_224(sha3::Sha3_224),
    Sha3_256(sha3::Sha3_256),
    Sha3_384(sha3::Sha3_384),
    Sha3_512(sha3::Sha3_512),
    Shake128(sha3::Shake128),
    Shake256(sha3::Shake256),
    Blake2b(Blake2bState),
    Blake2s(Blake2sState),
}

impl State {
    /// A fresh state of a canonical algorithm name (BLAKE2 with its
    /// defaults).
    pub fn new(name: &str) -> Option<State> {
        Some(match name {
            "md5" => State::Md5(Digest::new()),
            "sha1" => State::Sha1(Digest::new()),
            "sha224" => State::Sha224(Digest::new()),
            "sha256" => State::Sha256(Digest::new()),
            "sha384" => State::Sha384(Digest::new()),
            "sha512" => State::Sha512(Digest::new()),
            "sha512_224" => State::Sha512_224(Digest::new()),
            "sha512_256" => State::Sha512_256(Digest::new()),
            "sha3_224" => State::Sha3_224(Digest::new()),
            "sha3_256" => State::Sha3_256(Digest::new()),
            "sha3_384" => State::Sha3_384(Digest::new()),
            "sha3_512" => State::Sha3_512(Digest::new()),
            "shake_128" => State::Shake128(Default::default()),
            "shake_256" => State::Shake256(Default::default()),
            "blake2b" => blake2b(64, &[], &[], &[]),
            "blake2s" => blake2s(32, &[], &[], &[]),
            _ => return None,
        })
    }

    pub fn name(&self) -> &'static str {
        match self {
            State::Md5(_) => "md5",
            State::Sha1(_) => "sha1",
            State::Sha224(_) => "sha224",
            State::Sha256(_) => "sha256",
            State::Sha384(_) => "sha384",
            State::Sha512(_) => "sha512",
            State::Sha512_224(_) => "sha512_224",
            State::Sha512_256(_) => "sha512_256",
            State::Sha3_224(_) => "sha3_224",
            State::Sha3_256(_) => "sha3_256",
            State::Sha3_384(_) => "sha3_384",
            State::Sha3_512(_) => "sha3_512",
            State::Shake128(_) => "shake_128",
            State::Shake256(_) => "shake_256",
            State::Blake2b(_) => "blake2b",
            State::Blake2s(_) => "blake2s",
        }
    }

    /// `digest_size` (0 for the extendable-output SHAKEs).
    pub fn digest_size(&self) -> usize {
        match self {
            State::Md5(_) => 16,
            State::Sha1(_) => 20,
            State::Sha224(_) | State::Sha512_224(_) | State::Sha3_224(_) => 28,
            State::Sha256(_) | State::Sha512_256(_) | State::Sha3_256(_) => 32,
            State::Sha384(_) | State::Sha3_384(_) => 48,
            State::Sha512(_) | State::Sha3_512(_) => 64,
            State::Shake128(_) | State::Shake256(_) => 0,
            State::Blake2b(b) => b.size,
            State::Blake2s(b) => b.size,
        }
    }

    /// `block_size` (the sponge rate for SHA-3 and SHAKE).
    pub fn block_size(&self) -> usize {
        match self {
            State::Md5(_) | State::Sha1(_) | State::Sha224(_) | State::Sha256(_) | State::Blake2s(_) => 64,
            State::Sha384(_) | State::Sha512(_) | State::Sha512_224(_) | State::Sha512_256(_) | State::Blake2b(_) => {
                128
            }
            State::Sha3_224(_) => 144,
            State::Sha3_256(_) => 136,
            State::Sha3_384(_) => 104,
            State::Sha3_512(_) => 72,
            State::Shake128(_) => 168,
            State::Shake256(_) => 136,
        }
    }

    pub fn is_xof(&self) -> bool {
        matches!(self, State::Shake128(_) | State::Shake256(_))
    }

    pub fn update(&mut self, data: &[u8]) {
        match self {
            State::Md5(h) => Digest::update(h, data),
            State::Sha1(h) => Digest::update(h, data),
            State::Sha224(h) => Digest::update(h, data),
            State::Sha256(h) => Digest::update(h, data),
            State::Sha384(h) => Digest::update(h, data),
            State::Sha512(h) => Digest::update(h, data),
            State::Sha512_224(h) => Digest::update(h, data),
            State::Sha512_256(h) => Digest::update(h, data),
            State::Sha3_224(h) => Digest::update(h, data),
            State::Sha3_256(h) => Digest::update(h, data),
            State::Sha3_384(h) => Digest::update(h, data),
            State::Sha3_512(h) => Digest::update(h, data),
            State::Shake128(h) => Update::update(h, data),
            State::Shake256(h) => Update::update(h, data),
            State::Blake2b(h) => h.update(data),
            State::Blake2s(h) => h.update(data),
        }
    }

    /// The digest of what was hashed so far (the state goes on); `length`
    /// bytes of output for the SHAKEs.
    pub fn digest(&self, length: usize) -> Vec<u8> {
        fn xof(reader: &mut impl XofReader, length: usize) -> Vec<u8> {
            let mut out = vec![0u8; length];
            reader.read(&mut out);
            out
        }
        match self {
            State::Md5(h) => h.clone().finalize().to_vec(),
            State::Sha1(h) => h.clone().finalize().to_vec(),
            State::Sha224(h) => h.clone().finalize().to_vec(),
            State::Sha256(h) => h.clone().finalize().to_vec(),
            State::Sha384(h) => h.clone().finalize().to_vec(),
            State::Sha512(h) => h.clone().finalize().to_vec(),
            State::Sha512_224(h) => h.clone().finalize().to_vec(),
            State::Sha512_256(h) => h.clone().finalize().to_vec(),
            State::Sha3_224(h) => h.clone().finalize().to_vec(),
            State::Sha3_256(h) => h.clone().finalize().to_vec(),
            State::Sha3_384(h) => h.clone().finalize().to_vec(),
            State::Sha3_512(h) => h.clone().finalize().to_vec(),
            State::Shake128(h) => xof(&mut h.clone().finalize_xof(), length),
            State::Shake256(h) => xof(&mut h.clone().finalize_xof(), length),
            State::Blake2b(h) => h.finish(),
            State::Blake2s(h) => h.finish(),
        }
    }
}
