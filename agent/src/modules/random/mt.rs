//! The Mersenne Twister MT19937 exactly as CPython's `_random` runs it:
//! the same seeding (`init_by_array` over the seed's 32-bit words, least
//! significant first), the same 53-bit `random()` and the same
//! `getrandbits`, so a seeded generator gives CPython's sequence.

use num_bigint::{BigInt, BigUint, Sign};

pub const N: usize = 624;
const M: usize = 397;
const MATRIX_A: u32 = 0x9908_b0df;
const UPPER_MASK: u32 = 0x8000_0000;
const LOWER_MASK: u32 = 0x7fff_ffff;

#[derive(Clone)]
pub struct Mt19937 {
    state: [u32; N],
    index: usize,
}

impl Mt19937 {
    /// A generator seeded with `key` (`init_by_array`).
    pub fn from_key(key: &[u32]) -> Mt19937 {
        let mut mt = Mt19937 { state: [0; N], index: N };
        mt.init_by_array(key);
        mt
    }

    /// A generator seeded as `random.seed(n)` seeds it for an int `n`
    /// (its absolute value's 32-bit words).
    pub fn from_int(n: &BigInt) -> Mt19937 {
        let mut key = n.magnitude().to_u32_digits();
        if key.is_empty() {
            key.push(0);
        }
        Mt19937::from_key(&key)
    }

    fn init_genrand(&mut self, s: u32) {
        self.state[0] = s;
        for i in 1..N {
            let prev = self.state[i - 1];
            self.state[i] = 1_812_433_253u32.wrapping_mul(prev ^ (prev >> 30)).wrapping_add(i as u32);
        }
        self.index = N;
    }

    fn init_by_array(&mut self, key: &[u32]) {
        self.init_genrand(19_650_218);
        let mt = &mut self.state;
        let (mut i, mut j) = (1usize, 0usize);
        for _ in 0..N.max(key.len()) {
            let prev = mt[i - 1];
            mt[i] = (mt[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_664_525)).wrapping_add(key[j]).wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                mt[0] = mt[N - 1];
                i = 1;
            }
            if j >= key.len() {
                j = 0;
            }
        }
        for _ in 0..N - 1 {
            let prev = mt[i - 1];
            mt[i] = (mt[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_566_083_941)).wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                mt[0] = mt[N - 1];
                i = 1;
            }
        }
        mt[0] = 0x8000_0000;
    }

    /// The next 32 random bits.
    pub fn next_u32(&mut self) -> u32 {
        if self.index >= N {
            let mt = &mut self.state;
            let mag = |y: u32| if y & 1 == 1 { MATRIX_A } else { 0 };
            for kk in 0..N - M {
                let y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
                mt[kk] = mt[kk + M] ^ (y >> 1) ^ mag(y);
            }
            for kk in N - M..N - 1 {
                let y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
                mt[kk] = mt[kk + M - N] ^ (y >> 1) ^ mag(y);
            }
            let y = (mt[N - 1] & UPPER_MASK) | (mt[0] & LOWER_MASK);
            mt[N - 1] = mt[M - 1] ^ (y >> 1) ^ mag(y);
            self.index = 0;
        }
        let mut y = self.state[self.index];
        self.index += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
    }

    /// `random()`: 53 random bits as a float in `[0, 1)`.
    pub fn random(&mut self) -> f64 {
        let a = f64::from(self.next_u32() >> 5);
        let b = f64::from(self.next_u32() >> 6);
        (a * 67_108_864.0 + b) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// `getrandbits(k)` for `k > 0`: 32-bit words, least significant
    /// first, the last one cut to the bits left.
    pub fn getrandbits(&mut self, k: u64) -> BigInt {
        if k <= 32 {
            return BigInt::from(self.next_u32() >> (32 - k));
        }
        let words = (k - 1) / 32 + 1;
        let mut left = k;
        let mut digits = Vec::with_capacity(words as usize);
        for _ in 0..words {
            let mut r = self.next_u32();
            if left < 32 {
                r >>= 32 - left;
            }
            digits.push(r);
            left = left.saturating_sub(32);
        }
        BigInt::from_biguint(Sign::Plus, BigUint::from_slice(&digits))
    }

    /// `getstate()`'s internal part: the 624 words and the position.
    pub fn state(&self) -> (Vec<u32>, usize) {
        (self.state.to_vec(), self.index)
    }

    /// Restores a state from [`Mt19937::state`]; `None` when it is not one.
    pub fn from_state(words: &[u32], index: usize) -> Option<Mt19937> {
        if words.len() != N || index > N {
            return None;
        }
        let mut state = [0u32; N];
        state.copy_from_slice(words);
        Some(Mt19937 { state, index })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_cpython_after_seeding() {
        // random.seed(42); [random.random() for _ in range(3)] in CPython 3.11.
        let mut mt = Mt19937::from_int(&BigInt::from(42));
        assert_eq!(mt.random(), 0.6394267984578837);
        assert_eq!(mt.random(), 0.025010755222666936);
        assert_eq!(mt.random(), 0.27502931836911926);
        // random.seed(0); random.getrandbits(32), then getrandbits(70).
        let mut mt = Mt19937::from_int(&BigInt::from(0));
        assert_eq!(mt.getrandbits(32), BigInt::from(3626764237u32));
        assert_eq!(mt.getrandbits(70).to_string(), "1046999458949156007870");
    }
}
