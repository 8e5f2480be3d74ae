//! Go `math/rand` `rngSource` (Go 1.0 to 1.22; `src/math/rand/rng.go`): an additive
//! lagged Fibonacci generator (ALFG) of length 607, tap 273, seeded by the
//! Park-Miller LCG `seedrand` (x <- 48271 x mod 2^31 - 1) XOR the `rngCooked` table.
//!
//! Raw output: `Int63()`, the 64-bit sum with its top bit cleared.
//! The `rngCooked` table in `core/data/go_rng_cooked.txt` was read from the Go
//! 1.19 runtime's own seeded state by `tests/vectors/oracles/go_vectors`.

use super::RawStream;
use std::sync::OnceLock;

const LEN: usize = 607;
const TAP: usize = 273;
const PM: u64 = 2_147_483_647;
const A: u64 = 48_271;

/// The rngCooked table.
pub fn cooked() -> &'static [i64; LEN] {
    static T: OnceLock<[i64; LEN]> = OnceLock::new();
    T.get_or_init(|| {
        let mut t = [0i64; LEN];
        let text = include_str!("../../data/go_rng_cooked.txt");
        for (slot, line) in t.iter_mut().zip(text.lines()) {
            // The file is generated and checked by a test; a bad line is a build defect.
            *slot = line
                .trim()
                .parse()
                .expect("core/data/go_rng_cooked.txt holds 607 integers");
        }
        t
    })
}

/// 48271^k mod (2^31 - 1) for k in 0..1842: the jumps of `seedrand`.
/// 48271^i mod 2^31-1 for i in 0..=20 + 3 * 607 (the direct jumps of `seedrand`).
pub fn powers() -> &'static [u64] {
    static P: OnceLock<Vec<u64>> = OnceLock::new();
    P.get_or_init(|| {
        let mut p = Vec::with_capacity(20 + 3 * LEN + 1);
        let mut x = 1u64;
        for _ in 0..=20 + 3 * LEN {
            p.push(x);
            x = x * A % PM;
        }
        p
    })
}

/// `rngSource.Seed(seed)` reduces the seed to x0 in [1, 2^31 - 1).
#[inline(always)]
pub fn reduce_seed(seed: i64) -> u64 {
    let mut s = seed % PM as i64;
    if s < 0 {
        s += PM as i64;
    }
    if s == 0 {
        s = 89_482_311;
    }
    s as u64
}

#[inline(always)]
fn mulmod(a: u64, b: u64) -> u64 {
    let p = a * b; // < 2^62
    let r = (p & PM) + (p >> 31);
    if r >= PM {
        r - PM
    } else {
        r
    }
}

/// Seeded word `vec[i]`, computed directly from x0 with jumps.
#[inline(always)]
fn vec_word(x0: u64, i: usize, pw: &[u64], ck: &[i64; LEN]) -> i64 {
    let k = 21 + 3 * i;
    let a = mulmod(x0, pw[k]) as i64;
    let b = mulmod(x0, pw[k + 1]) as i64;
    let c = mulmod(x0, pw[k + 2]) as i64;
    ((a << 40) ^ (b << 20) ^ c) ^ ck[i]
}

/// Most outputs [`first_outputs`] computes: the feed index must stay ahead of the tap.
pub const DIRECT_MAX: usize = TAP;

/// Raw outputs 0..out.len() (at most [`DIRECT_MAX`] = 273) straight from the seed, without building
/// the whole state: output k = vec[333 - k] + vec[606 - k] while k < 273.
pub fn first_outputs(seed: i64, out: &mut [u64]) {
    debug_assert!(out.len() <= TAP);
    let (pw, ck) = (powers(), cooked());
    let x0 = reduce_seed(seed);
    for (k, o) in out.iter_mut().enumerate() {
        let f = vec_word(x0, LEN - TAP - 1 - k, pw, ck);
        let t = vec_word(x0, LEN - 1 - k, pw, ck);
        *o = (f.wrapping_add(t) as u64) & (u64::MAX >> 1);
    }
}

/// `rand.NewSource(seed)`.
#[derive(Clone)]
pub struct GoSource {
    vec: [i64; LEN],
    tap: usize,
    feed: usize,
}

impl GoSource {
    /// `rand.NewSource(seed)`.
    pub fn new(seed: i64) -> Self {
        let (pw, ck) = (powers(), cooked());
        let x0 = reduce_seed(seed);
        let mut vec = [0i64; LEN];
        for (i, v) in vec.iter_mut().enumerate() {
            *v = vec_word(x0, i, pw, ck);
        }
        GoSource {
            vec,
            tap: 0,
            feed: LEN - TAP,
        }
    }
}

impl RawStream for GoSource {
    fn next_raw(&mut self) -> u64 {
        self.tap = if self.tap == 0 { LEN - 1 } else { self.tap - 1 };
        self.feed = if self.feed == 0 {
            LEN - 1
        } else {
            self.feed - 1
        };
        let x = self.vec[self.feed].wrapping_add(self.vec[self.tap]);
        self.vec[self.feed] = x;
        (x as u64) & (u64::MAX >> 1)
    }
}
