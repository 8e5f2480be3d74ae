//! Block kernels of PHP 8.2's `Random\Engine`s, Go's `math/rand/v2` PCG and
//! the Rust `rand` crates behind `seed_from_u64`
//! (`core/src/prng/modern/{pcg,xoshiro}.rs`, the references), lane-major
//! through [`lanes::run`]: SplitMix64 and rand_core's PCG32 seed expansion in
//! 64-bit lanes, the 128-bit PCG LCGs on 64-bit halves ([`lanes::mul128`]).

use super::lanes::{self, add128, dxsm, halves, mul128, out, xsl_rr, LaneGen};
use super::Scratch;
use crate::prng::modern::xoshiro::{xoroshiro128, xoshiro256};
use crate::prng::modern::{
    mix_stafford13, rand_core_seed_words, GOLDEN_64, PCG_INC_128, PCG_MULT_128,
};

const MULT: (u64, u64) = halves(PCG_MULT_128);
const INC: (u64, u64) = halves(PCG_INC_128);
/// The 64-bit PCG multiplier (rand_pcg `Lcg64Xsh32`, rand_core's seed expansion).
const MUL64: u64 = 6_364_136_223_846_793_005;

/// `state * MULT + inc` on 64-bit halves.
#[inline(always)]
fn pcg_step(h: u64, l: u64, ih: u64, il: u64) -> (u64, u64) {
    let (h, l) = mul128(h, l, MULT.0, MULT.1);
    add128(h, l, ih, il)
}

/// SplitMix64 words of `seed`: `mix_stafford13(seed + (i + 1) GOLDEN)`.
#[inline(always)]
fn splitmix<const K: usize>(seed: u64) -> [u64; K] {
    std::array::from_fn(|i| {
        mix_stafford13(seed.wrapping_add((i as u64 + 1).wrapping_mul(GOLDEN_64)))
    })
}

/// `u64` of little-endian 32-bit words `w[i], w[i + 1]`.
#[inline(always)]
fn pair(w: &[u32], i: usize) -> u64 {
    u64::from(w[i]) | u64::from(w[i + 1]) << 32
}

/// PHP `PcgOneseq128XslRr64(seed)`: state hi, lo.
struct PhpPcg;

impl LaneGen<u64, 2> for PhpPcg {
    #[inline(always)]
    fn init(seed: u64) -> [u64; 2] {
        // state 0, step (= inc), + seed, step.
        let (h, l) = add128(INC.0, INC.1, 0, seed);
        let (h, l) = pcg_step(h, l, INC.0, INC.1);
        [h, l]
    }
    #[inline(always)]
    fn next(st: &mut [u64; 2]) -> u64 {
        let (h, l) = pcg_step(st[0], st[1], INC.0, INC.1);
        *st = [h, l];
        xsl_rr(h, l)
    }
}

/// Go `rand.NewPCG(seed, 0)`: state hi, lo; DXSM of the new state.
struct GoPcg;

impl LaneGen<u64, 2> for GoPcg {
    #[inline(always)]
    fn init(seed: u64) -> [u64; 2] {
        [seed, 0]
    }
    #[inline(always)]
    fn next(st: &mut [u64; 2]) -> u64 {
        let (h, l) = pcg_step(st[0], st[1], INC.0, INC.1);
        *st = [h, l];
        dxsm(h, l)
    }
}

/// xoshiro256 seeded by SplitMix64 (PHP `Xoshiro256StarStar`, rand_xoshiro);
/// `SS`: the StarStar scrambler, else PlusPlus.
struct Xoshiro<const SS: bool>;

impl<const SS: bool> LaneGen<u64, 4> for Xoshiro<SS> {
    #[inline(always)]
    fn init(seed: u64) -> [u64; 4] {
        splitmix::<4>(seed)
    }
    #[inline(always)]
    fn next(st: &mut [u64; 4]) -> u64 {
        let r = if SS {
            st[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9)
        } else {
            st[0]
                .wrapping_add(st[3])
                .rotate_left(23)
                .wrapping_add(st[0])
        };
        xoshiro256(st);
        r
    }
}

/// rand_xoshiro `Xoroshiro128PlusPlus::seed_from_u64`.
struct Xoroshiro;

impl LaneGen<u64, 2> for Xoroshiro {
    #[inline(always)]
    fn init(seed: u64) -> [u64; 2] {
        splitmix::<2>(seed)
    }
    #[inline(always)]
    fn next(st: &mut [u64; 2]) -> u64 {
        let [s0, s1] = *st;
        let r = s0.wrapping_add(s1).rotate_left(17).wrapping_add(s0);
        let (mut a, mut b) = (s0, s1);
        xoroshiro128(&mut a, &mut b, 49, 21, 28);
        *st = [a, b];
        r
    }
}

/// rand_pcg `Pcg32::seed_from_u64`: state, inc; XSH-RR of the old state.
struct Pcg32;

impl LaneGen<u64, 2> for Pcg32 {
    #[inline(always)]
    fn init(seed: u64) -> [u64; 2] {
        let w = rand_core_seed_words::<4>(seed);
        let inc = pair(&w, 2) | 1;
        let state = pair(&w, 0).wrapping_add(inc);
        [state.wrapping_mul(MUL64).wrapping_add(inc), inc]
    }
    #[inline(always)]
    fn next(st: &mut [u64; 2]) -> u64 {
        let old = st[0];
        st[0] = old.wrapping_mul(MUL64).wrapping_add(st[1]);
        let xs = (((old >> 18) ^ old) >> 27) as u32;
        u64::from(xs.rotate_right((old >> 59) as u32))
    }
}

/// rand_pcg `Pcg64::seed_from_u64` (`Lcg128Xsl64`): state hi, lo, inc hi, lo.
struct Pcg64;

impl LaneGen<u64, 4> for Pcg64 {
    #[inline(always)]
    fn init(seed: u64) -> [u64; 4] {
        let w = rand_core_seed_words::<8>(seed);
        let (ih, il) = (pair(&w, 6), pair(&w, 4) | 1);
        let (h, l) = add128(pair(&w, 2), pair(&w, 0), ih, il);
        let (h, l) = pcg_step(h, l, ih, il);
        [h, l, ih, il]
    }
    #[inline(always)]
    fn next(st: &mut [u64; 4]) -> u64 {
        let (h, l) = pcg_step(st[0], st[1], st[2], st[3]);
        st[0] = h;
        st[1] = l;
        xsl_rr(h, l)
    }
}

/// rand_pcg `Pcg64Mcg::seed_from_u64` (`Mcg128Xsl64`): state hi, lo.
struct Pcg64Mcg;

impl LaneGen<u64, 2> for Pcg64Mcg {
    #[inline(always)]
    fn init(seed: u64) -> [u64; 2] {
        let w = rand_core_seed_words::<4>(seed);
        [pair(&w, 2), pair(&w, 0) | 1]
    }
    #[inline(always)]
    fn next(st: &mut [u64; 2]) -> u64 {
        let (h, l) = mul128(st[0], st[1], MULT.0, MULT.1);
        *st = [h, l];
        xsl_rr(h, l)
    }
}

/// PHP `PcgOneseq128XslRr64` (any `count`).
pub fn php_pcg(base: u64, count: usize, s: &mut Scratch) {
    lanes::run::<u64, 2, PhpPcg, { out::LOW }>(base, count, s)
}

/// PHP `Xoshiro256StarStar` (any `count`).
pub fn php_xoshiro(base: u64, count: usize, s: &mut Scratch) {
    lanes::run::<u64, 4, Xoshiro<true>, { out::LOW }>(base, count, s)
}

/// Go `math/rand/v2` PCG (any `count`).
pub fn go_pcg(base: u64, count: usize, s: &mut Scratch) {
    lanes::run::<u64, 2, GoPcg, { out::FULL }>(base, count, s)
}

/// rand_pcg `Pcg32` (any `count`).
pub fn rust_pcg32(base: u64, count: usize, s: &mut Scratch) {
    lanes::run::<u64, 2, Pcg32, { out::FULL }>(base, count, s)
}

/// rand_pcg `Pcg64` (any `count`).
pub fn rust_pcg64(base: u64, count: usize, s: &mut Scratch) {
    lanes::run::<u64, 4, Pcg64, { out::LOW }>(base, count, s)
}

/// rand_pcg `Pcg64Mcg` (any `count`).
pub fn rust_pcg64mcg(base: u64, count: usize, s: &mut Scratch) {
    lanes::run::<u64, 2, Pcg64Mcg, { out::LOW }>(base, count, s)
}

/// rand_xoshiro `Xoshiro256PlusPlus` (any `count`).
pub fn rust_xoshiro256pp(base: u64, count: usize, s: &mut Scratch) {
    lanes::run::<u64, 4, Xoshiro<false>, { out::HIGH }>(base, count, s)
}

/// rand_xoshiro `Xoshiro256StarStar` (any `count`).
pub fn rust_xoshiro256ss(base: u64, count: usize, s: &mut Scratch) {
    lanes::run::<u64, 4, Xoshiro<true>, { out::HIGH }>(base, count, s)
}

/// rand_xoshiro `Xoroshiro128PlusPlus` (any `count`).
pub fn rust_xoroshiro128pp(base: u64, count: usize, s: &mut Scratch) {
    lanes::run::<u64, 2, Xoroshiro, { out::LOW }>(base, count, s)
}
