//! Block kernels of numpy's `Generator` bit generators behind `SeedSequence`
//! (`core/src/prng/modern/numpy.rs`, the reference).
//!
//! `SeedSequence(entropy)` for entropy < 2^64 runs lane-major: the entropy
//! pool of four words is branch-free (an entropy below 2^32 is one word, and
//! numpy pads the pool's missing words with zero hashes, so the pool of
//! `[lo]` equals the pool of `[lo, 0]`), and word j of `generate_state` is
//! one hash of pool word `j % 4` with constants fixed per j. PCG64 and
//! PCG64DXSM then step their 128-bit LCGs on 64-bit halves
//! ([`lanes::mul128`]); SFC64 runs its 12 discarded steps lane-major;
//! Philox4x64-10 computes its 64x64->128 products from 32-bit halves; MT19937
//! computes its outputs lazily (output 1 + i needs seeded words i, i + 1 and
//! i + 397, each one hash), so up to [`NUMPY_MT_LAZY_MAX`] outputs.

// Lane loops index several arrays by the same lane; that shape is what vectorizes.
#![allow(clippy::needless_range_loop)]

use super::lanes::{self, add128, dxsm, halves, mul128, mulhi64, out, xsl_rr, LaneGen};
use super::{Lane32, Scratch, LANES};
use crate::prng::modern::numpy::SS_HASH_B;
use crate::prng::modern::{seed_sequence_word, NumpyMt19937Lazy, PCG_CHEAP_MULT, PCG_MULT_128};
use crate::prng::mt::{temper, twist_word, M, N};

/// Outputs the lazy numpy MT19937 kernel produces: output 0 is seeded word
/// 623, output 1 + i (i + 397 < 624) a twisted word.
pub const NUMPY_MT_LAZY_MAX: usize = N - M + 1;

/// numpy `SeedSequence(entropy)`'s pool (as [`crate::prng::modern::seed_sequence_pool`],
/// branch-free: see the module doc).
#[inline(always)]
fn pool(entropy: u64) -> [u32; 4] {
    const INIT_A: u32 = 0x43b0_d7e5;
    const MULT_A: u32 = 0x931e_8875;
    const MIX_MULT_L: u32 = 0xca01_f9dd;
    const MIX_MULT_R: u32 = 0x4973_f715;
    let words = [entropy as u32, (entropy >> 32) as u32, 0, 0];
    let mut hash_const = INIT_A;
    let mut hashmix = |mut v: u32| {
        v ^= hash_const;
        hash_const = hash_const.wrapping_mul(MULT_A);
        v = v.wrapping_mul(hash_const);
        v ^ (v >> 16)
    };
    let mix = |x: u32, y: u32| {
        let r = MIX_MULT_L
            .wrapping_mul(x)
            .wrapping_sub(MIX_MULT_R.wrapping_mul(y));
        r ^ (r >> 16)
    };
    let mut p = [0u32; 4];
    for i in 0..4 {
        p[i] = hashmix(words[i]);
    }
    for src in 0..4 {
        for dst in 0..4 {
            if src != dst {
                let h = hashmix(p[src]);
                p[dst] = mix(p[dst], h);
            }
        }
    }
    p
}

/// `generate_state(K, uint64)` of `entropy`: pairs of words, low first.
#[inline(always)]
fn state64<const K: usize>(entropy: u64) -> [u64; K] {
    let p = pool(entropy);
    std::array::from_fn(|i| {
        u64::from(seed_sequence_word(&p, 2 * i))
            | u64::from(seed_sequence_word(&p, 2 * i + 1)) << 32
    })
}

const MULT: (u64, u64) = halves(PCG_MULT_128);

/// numpy `PCG64` / `PCG64DXSM` (`DXSM`): words state hi, lo, inc hi, lo.
struct Pcg64<const DXSM: bool>;

impl<const DXSM: bool> LaneGen<u64, 4> for Pcg64<DXSM> {
    #[inline(always)]
    fn init(seed: u64) -> [u64; 4] {
        let v = state64::<4>(seed);
        // pcg_setseq_128_srandom_r: inc = initseq << 1 | 1, state = inc,
        // += initstate, one step (the default multiplier for both variants).
        let (ih, il) = (v[2] << 1 | v[3] >> 63, v[3] << 1 | 1);
        let (h, l) = add128(ih, il, v[0], v[1]);
        let (h, l) = mul128(h, l, MULT.0, MULT.1);
        let (h, l) = add128(h, l, ih, il);
        [h, l, ih, il]
    }
    #[inline(always)]
    fn next(st: &mut [u64; 4]) -> u64 {
        let [h, l, ih, il] = *st;
        if DXSM {
            let r = dxsm(h, l);
            let (h, l) = mul128(h, l, 0, PCG_CHEAP_MULT);
            let (h, l) = add128(h, l, ih, il);
            st[0] = h;
            st[1] = l;
            r
        } else {
            let (h, l) = mul128(h, l, MULT.0, MULT.1);
            let (h, l) = add128(h, l, ih, il);
            st[0] = h;
            st[1] = l;
            xsl_rr(h, l)
        }
    }
}

/// numpy `SFC64`: a, b, c from `generate_state(3, uint64)`, counter 1, 12 discarded.
struct Sfc64;

impl LaneGen<u64, 4> for Sfc64 {
    #[inline(always)]
    fn init(seed: u64) -> [u64; 4] {
        let v = state64::<3>(seed);
        let mut s = [v[0], v[1], v[2], 1];
        for _ in 0..12 {
            Self::next(&mut s);
        }
        s
    }
    #[inline(always)]
    fn next(s: &mut [u64; 4]) -> u64 {
        let tmp = s[0].wrapping_add(s[1]).wrapping_add(s[3]);
        s[3] = s[3].wrapping_add(1);
        s[0] = s[1] ^ (s[1] >> 11);
        s[1] = s[2].wrapping_add(s[2] << 3);
        s[2] = s[2].rotate_left(24).wrapping_add(tmp);
        tmp
    }
}

/// numpy `PCG64` (any `count`).
pub fn numpy_pcg64(base: u64, count: usize, s: &mut Scratch) {
    lanes::run::<u64, 4, Pcg64<false>, { out::LOW_THEN_HIGH }>(base, count, s)
}

/// numpy `PCG64DXSM` (any `count`).
pub fn numpy_pcg64dxsm(base: u64, count: usize, s: &mut Scratch) {
    lanes::run::<u64, 4, Pcg64<true>, { out::LOW_THEN_HIGH }>(base, count, s)
}

/// numpy `SFC64` (any `count`).
pub fn numpy_sfc64(base: u64, count: usize, s: &mut Scratch) {
    lanes::run::<u64, 4, Sfc64, { out::LOW_THEN_HIGH }>(base, count, s)
}

/// numpy `Philox` (any `count`).
pub fn numpy_philox(base: u64, count: usize, s: &mut Scratch) {
    dispatch!(philox(base, count, s))
}

/// numpy `MT19937`: lazily up to [`NUMPY_MT_LAZY_MAX`] outputs, seed by seed
/// past that (the reference's own switch to the full generator).
pub fn numpy_mt(base: u64, count: usize, s: &mut Scratch) {
    if count <= NUMPY_MT_LAZY_MAX {
        dispatch!(mt_lazy(base, count, s))
    } else {
        super::scalar(base, count, s, NumpyMt19937Lazy::new)
    }
}

simd_kernels! {
    fn philox(base: u64, count: usize, s: &mut Scratch);
    fn mt_lazy(base: u64, count: usize, s: &mut Scratch);
}

mod imp {
    use super::*;

    /// Philox4x64-10 blocks with counters 1, 2, .. (numpy's counter starts at
    /// 0 and is incremented before each block); each block's four outputs
    /// are eight raw words, low half first.
    #[inline(always)]
    pub(super) fn philox(base: u64, count: usize, s: &mut Scratch) {
        let mut key = [[0u64; LANES]; 2];
        for l in 0..LANES {
            let k = state64::<2>(base.wrapping_add(l as u64));
            key[0][l] = k[0];
            key[1][l] = k[1];
        }
        const C0: u64 = 0xd2e7_470e_e14c_6c93;
        const C1: u64 = 0xca5a_8263_9512_1157;
        for b in 0..count.div_ceil(8) {
            // Counter (b + 1, 0, 0, 0); ten rounds, lanes innermost.
            let mut c = [[(b + 1) as u64; LANES], [0; LANES], [0; LANES], [0; LANES]];
            let mut k = key;
            for r in 0..10 {
                for l in 0..LANES {
                    if r > 0 {
                        k[0][l] = k[0][l].wrapping_add(0x9e37_79b9_7f4a_7c15);
                        k[1][l] = k[1][l].wrapping_add(0xbb67_ae85_84ca_a73b);
                    }
                    let (x0, x1, x2, x3) = (c[0][l], c[1][l], c[2][l], c[3][l]);
                    let (hi0, lo0) = (mulhi64(C0, x0), C0.wrapping_mul(x0));
                    let (hi1, lo1) = (mulhi64(C1, x2), C1.wrapping_mul(x2));
                    c[0][l] = hi1 ^ x1 ^ k[0][l];
                    c[1][l] = lo1;
                    c[2][l] = hi0 ^ x3 ^ k[1][l];
                    c[3][l] = lo0;
                }
            }
            for w in 0..4 {
                for h in 0..2 {
                    let i = 8 * b + 2 * w + h;
                    if i < count {
                        let row = &mut s.raw[i];
                        for l in 0..LANES {
                            row[l] = if h == 0 {
                                c[w][l] & 0xffff_ffff
                            } else {
                                c[w][l] >> 32
                            };
                        }
                    }
                }
            }
        }
    }

    /// Seeded word j of every lane from the pools (word 0 is 0x80000000), as
    /// [`seed_sequence_word`].
    #[inline(always)]
    fn word(p: &[Lane32; 4], j: usize, out: &mut Lane32) {
        if j == 0 {
            *out = [0x8000_0000; LANES];
            return;
        }
        let (row, h0, h1) = (&p[j % 4], SS_HASH_B[j], SS_HASH_B[j + 1]);
        for l in 0..LANES {
            let v = (row[l] ^ h0).wrapping_mul(h1);
            out[l] = v ^ (v >> 16);
        }
    }

    /// numpy MT19937's outputs `0..count` (count at most NUMPY_MT_LAZY_MAX).
    #[inline(always)]
    pub(super) fn mt_lazy(base: u64, count: usize, s: &mut Scratch) {
        let mut p = [[0u32; LANES]; 4];
        for l in 0..LANES {
            let q = pool(base.wrapping_add(l as u64));
            for w in 0..4 {
                p[w][l] = q[w];
            }
        }
        let (mut a, mut b, mut c) = ([0u32; LANES], [0u32; LANES], [0u32; LANES]);
        if count > 0 {
            word(&p, N - 1, &mut a);
            for l in 0..LANES {
                s.raw[0][l] = u64::from(temper(a[l]));
            }
        }
        if count > 1 {
            word(&p, 0, &mut a);
        }
        for k in 1..count {
            let i = k - 1;
            word(&p, i + 1, &mut b);
            word(&p, i + M, &mut c);
            for l in 0..LANES {
                s.raw[k][l] = u64::from(temper(twist_word(a[l], b[l], c[l])));
            }
            a = b;
        }
    }
}
