//! The generators of current runtimes: Java 17's `RandomGeneratorFactory`
//! algorithms and `SplittableRandom`, numpy's `Generator` bit generators behind
//! `SeedSequence`, PHP 8.2's `Random\Engine`s, Go's `math/rand/v2` PCG and the
//! Rust `rand` crates' generators behind `seed_from_u64`.
//!
//! Each is an exact emulation of one runtime's seeding function and output, and
//! yields the raw word the runtime's range function reads ([`Out`] says which
//! half of a 64-bit output that is). Checked against the runtimes' own outputs
//! in `tests/vectors/{java17,numpy_generator,php_engines,go_v2,rust_crates}.jsonl`.

pub mod java17;
pub mod numpy;
pub mod pcg;
pub mod seedrandom;
pub mod xoshiro;

pub use java17::{JavaSplittable, Lxm, LxmKind, L32X64};
pub use numpy::{
    numpy_mt19937, numpy_pcg64, seed_sequence, seed_sequence64, seed_sequence_pool,
    seed_sequence_word, NumpyMt19937Lazy, Philox, Sfc64,
};
pub use pcg::{
    dxsm, rand_core_seed_words, xsl_rr, Pcg128, Pcg128Out, Pcg32, PCG_CHEAP_MULT, PCG_INC_128,
    PCG_MULT_128,
};
pub use seedrandom::{Seedrandom, SeedrandomKind};
pub use xoshiro::{Scrambler, SplitMix64, Xoroshiro128pp, Xoshiro256};

use super::RawStream;

/// `RandomSupport.GOLDEN_RATIO_64` (OpenJDK), the SplitMix64 gamma.
pub const GOLDEN_64: u64 = 0x9e37_79b9_7f4a_7c15;
/// `RandomSupport.SILVER_RATIO_64` (OpenJDK).
pub const SILVER_64: u64 = 0x6a09_e667_f3bc_c909;

/// Stafford's Mix13, the SplitMix64 finalizer (OpenJDK `RandomSupport.mixStafford13`).
#[inline(always)]
pub fn mix_stafford13(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// MurmurHash3's 64-bit finalizer (`RandomSupport.mixMurmur64`).
#[inline(always)]
pub fn mix_murmur64(mut z: u64) -> u64 {
    z = (z ^ (z >> 33)).wrapping_mul(0xff51_afd7_ed55_8ccd);
    z = (z ^ (z >> 33)).wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    z ^ (z >> 33)
}

/// Doug Lea's 64-bit mixer (`RandomSupport.mixLea64`).
#[inline(always)]
pub fn mix_lea64(mut z: u64) -> u64 {
    z = (z ^ (z >> 32)).wrapping_mul(0xdaba_0b6e_b093_22e3);
    z = (z ^ (z >> 32)).wrapping_mul(0xdaba_0b6e_b093_22e3);
    z ^ (z >> 32)
}

/// Doug Lea's 32-bit mixer (`RandomSupport.mixLea32`).
#[inline(always)]
pub fn mix_lea32(mut z: u32) -> u32 {
    z = (z ^ (z >> 16)).wrapping_mul(0xd36d_884b);
    z = (z ^ (z >> 16)).wrapping_mul(0xd36d_884b);
    z ^ (z >> 16)
}

/// MurmurHash3's 32-bit finalizer (`RandomSupport.mixMurmur32`).
#[inline(always)]
pub fn mix_murmur32(mut z: u32) -> u32 {
    z = (z ^ (z >> 16)).wrapping_mul(0x85eb_ca6b);
    z = (z ^ (z >> 13)).wrapping_mul(0xc2b2_ae35);
    z ^ (z >> 16)
}

/// A generator with 64-bit outputs.
pub trait Next64 {
    /// The next 64-bit output.
    fn next64(&mut self) -> u64;
}

/// Which 32 bits of a 64-bit generator the runtime's 32-bit call returns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Out {
    /// The high half (Java `nextInt()` = `(int)(nextLong() >>> 32)`; rand_xoshiro's
    /// 256-bit `next_u32`).
    High,
    /// The low half (rand_pcg's 128-bit `next_u32`, rand_xoshiro's xoroshiro128,
    /// PHP's `range32` over a 64-bit engine).
    Low,
    /// Low half, then high half of the same output (numpy `next_uint32`).
    LowThenHigh,
    /// The whole 64-bit output (Go `Uint64`).
    Full,
}

/// A 64-bit generator read through [`Out`]; its [`RawStream`] yields the runtime's
/// raw word.
pub struct Read64<G> {
    g: G,
    out: Out,
    /// numpy's `has_uint32` / `uinteger` buffer.
    buffered: Option<u32>,
}

impl<G: Next64> Read64<G> {
    /// Wraps `g`.
    pub fn new(g: G, out: Out) -> Self {
        Read64 {
            g,
            out,
            buffered: None,
        }
    }
}

impl<G: Next64> RawStream for Read64<G> {
    #[inline]
    fn next_raw(&mut self) -> u64 {
        match self.out {
            Out::High => self.g.next64() >> 32,
            Out::Low => self.g.next64() & 0xffff_ffff,
            Out::Full => self.g.next64(),
            Out::LowThenHigh => {
                if let Some(h) = self.buffered.take() {
                    return u64::from(h);
                }
                let v = self.g.next64();
                self.buffered = Some((v >> 32) as u32);
                v & 0xffff_ffff
            }
        }
    }
}
