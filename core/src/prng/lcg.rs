//! Plain linear congruential generators.
//!
//! - rand48: POSIX `srand48`/`lrand48`/`drand48` (glibc `stdlib/drand48-iter.c`,
//!   `srand48_r.c`; Perl's `rand` uses the same recurrence, `util.c` `Perl_drand48_r`).
//! - java.util.Random (OpenJDK 17 `java/util/Random.java`).
//! - MSVC `rand()` (UCRT `misc/rand.cpp`: holdrand * 214013 + 2531011, bits 16..30).
//! - `std::minstd_rand0` / `std::minstd_rand` (C++11 [rand.predef], libstdc++ `bits/random.h`).

use super::RawStream;

/// 2^48 - 1.
pub const MASK48: u64 = (1 << 48) - 1;
/// The multiplier shared by rand48 and java.util.Random.
pub const A48: u64 = 0x5_DEEC_E66D;

/// `srand48(seed)`; raw output: the 48-bit state X after each step
/// (`lrand48() = X >> 17`, `drand48() = X / 2^48`).
#[derive(Clone)]
pub struct Rand48 {
    /// The 48-bit state.
    pub x: u64,
}

impl Rand48 {
    /// `srand48(seed)`: X = seed[31:0] << 16 | 0x330E.
    pub fn new(seed: u32) -> Self {
        Rand48 {
            x: (u64::from(seed) << 16) | 0x330e,
        }
    }
}

impl RawStream for Rand48 {
    #[inline(always)]
    fn next_raw(&mut self) -> u64 {
        self.x = (self.x.wrapping_mul(A48).wrapping_add(0xb)) & MASK48;
        self.x
    }
}

/// `new java.util.Random(seed)`; raw output: the 48-bit state after each step
/// (`next(bits) = state >>> (48 - bits)`).
#[derive(Clone)]
pub struct JavaRandom {
    /// The 48-bit state.
    pub state: u64,
}

impl JavaRandom {
    /// The constructor's scramble: (seed ^ 0x5DEECE66D) mod 2^48.
    pub fn new(seed: u64) -> Self {
        JavaRandom {
            state: (seed ^ A48) & MASK48,
        }
    }
}

impl RawStream for JavaRandom {
    #[inline(always)]
    fn next_raw(&mut self) -> u64 {
        self.state = (self.state.wrapping_mul(A48).wrapping_add(0xb)) & MASK48;
        self.state
    }
}

/// MSVC `srand(seed)` then `rand()`; raw output: the 15-bit `rand()` value.
#[derive(Clone)]
pub struct MsvcRand {
    /// `_holdrand`.
    pub state: u32,
}

impl RawStream for MsvcRand {
    #[inline(always)]
    fn next_raw(&mut self) -> u64 {
        self.state = self.state.wrapping_mul(214_013).wrapping_add(2_531_011);
        u64::from((self.state >> 16) & 0x7fff)
    }
}

/// Lehmer generator x <- a * x mod (2^31 - 1); raw output: x.
#[derive(Clone)]
pub struct Minstd {
    x: u64,
    a: u64,
}

/// The modulus of both minstd engines.
pub const MINSTD_M: u64 = 2_147_483_647;

impl Minstd {
    /// `linear_congruential_engine::seed(s)`: x = s mod m, or 1 when that is 0.
    pub fn new(seed: u64, a: u64) -> Self {
        let x = seed % MINSTD_M;
        Minstd {
            x: if x == 0 { 1 } else { x },
            a,
        }
    }
}

impl RawStream for Minstd {
    #[inline(always)]
    fn next_raw(&mut self) -> u64 {
        // x < 2^31 and a < 2^16: the product is below 2^47, and one fold of
        // the Mersenne modulus 2^31 - 1 leaves at most one subtraction.
        let p = self.x * self.a;
        let r = (p & MINSTD_M) + (p >> 31);
        self.x = if r >= MINSTD_M { r - MINSTD_M } else { r };
        self.x
    }
}
