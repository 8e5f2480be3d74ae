//! A generic lane-major block kernel for generators whose seeding and step are
//! branch-free per seed: the generator is written once, seed by seed
//! ([`LaneGen`]), and [`run`] runs it over [`LANES`] seeds with the state
//! transposed (`st[word][lane]`), so every loop has lanes innermost and LLVM
//! vectorizes it (AVX-512 or AVX2 chosen at run time, as [`simd_kernels!`]
//! does for the hand-written kernels).
//!
//! Used by the `prng::modern` families (seedrandom, Java 17, numpy, PHP 8.2,
//! Go v2, the Rust crates). Each [`LaneGen`] is checked lane for lane against
//! the family's reference stream in `tests/tests/kernels.rs`.

use super::{Scratch, SimdLevel, LANES};

/// How a 64-bit output becomes the runtime's raw words (as
/// [`crate::prng::modern::Out`], as const-generic tags).
pub(crate) mod out {
    /// The whole output (64-bit raw words, or a native 32-bit generator).
    pub const FULL: u8 = 0;
    /// The high 32 bits.
    pub const HIGH: u8 = 1;
    /// The low 32 bits.
    pub const LOW: u8 = 2;
    /// Low half, then high half of each output (numpy `next_uint32`).
    pub const LOW_THEN_HIGH: u8 = 3;
}

/// A generator seed by seed, for [`run`]: `W` state words of type `T`.
///
/// Both functions must be branch-free in effect (selects are fine) and
/// `#[inline(always)]`, so that the lane loops of [`run`] vectorize.
pub(crate) trait LaneGen<T: Copy + Default, const W: usize> {
    /// The state of `seed` after seeding (and any discarded outputs).
    fn init(seed: u64) -> [T; W];
    /// The next output (64 bits, or the native 32-bit output zero-extended);
    /// advances `st`.
    fn next(st: &mut [T; W]) -> u64;
}

/// Raw outputs `0..count` of seeds `base .. base + LANES` of `G`, read
/// through `OUT` ([`out`]), with the widest instruction set this CPU has.
pub(crate) fn run<T, const W: usize, G, const OUT: u8>(base: u64, count: usize, s: &mut Scratch)
where
    T: Copy + Default,
    G: LaneGen<T, W>,
{
    #[cfg(target_arch = "x86_64")]
    {
        match super::simd::level() {
            // SAFETY: level() returns Avx512 only when the CPU reports
            // avx512f, avx512bw, avx512dq and avx512vl (and so avx2).
            #[allow(unsafe_code)]
            SimdLevel::Avx512 => unsafe { levels::avx512::<T, W, G, OUT>(base, count, s) },
            // SAFETY: level() returns Avx2 only when the CPU reports avx2.
            #[allow(unsafe_code)]
            SimdLevel::Avx2 => unsafe { levels::avx2::<T, W, G, OUT>(base, count, s) },
            SimdLevel::Baseline => body::<T, W, G, OUT>(base, count, s),
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        body::<T, W, G, OUT>(base, count, s)
    }
}

/// [`body`] per instruction-set level (generic, so outside `simd_kernels!`).
#[cfg(target_arch = "x86_64")]
mod levels {
    #![allow(unsafe_code)]
    use super::*;
    #[target_feature(enable = "avx512f,avx512bw,avx512dq,avx512vl,avx2")]
    pub(super) unsafe fn avx512<T, const W: usize, G, const OUT: u8>(
        base: u64,
        count: usize,
        s: &mut Scratch,
    ) where
        T: Copy + Default,
        G: LaneGen<T, W>,
    {
        body::<T, W, G, OUT>(base, count, s)
    }
    #[target_feature(enable = "avx2")]
    pub(super) unsafe fn avx2<T, const W: usize, G, const OUT: u8>(
        base: u64,
        count: usize,
        s: &mut Scratch,
    ) where
        T: Copy + Default,
        G: LaneGen<T, W>,
    {
        body::<T, W, G, OUT>(base, count, s)
    }
}

/// The lane-major loops of [`run`].
#[inline(always)]
fn body<T, const W: usize, G, const OUT: u8>(base: u64, count: usize, s: &mut Scratch)
where
    T: Copy + Default,
    G: LaneGen<T, W>,
{
    let mut st = [[T::default(); LANES]; W];
    for l in 0..LANES {
        let v = G::init(base.wrapping_add(l as u64));
        for w in 0..W {
            st[w][l] = v[w];
        }
    }
    let raw = &mut s.raw[..count];
    if OUT == out::LOW_THEN_HIGH {
        let mut pairs = raw.chunks_exact_mut(2);
        for pair in &mut pairs {
            let (lo, hi) = pair.split_at_mut(1);
            step_into::<T, W, G>(&mut st, |l, v| {
                lo[0][l] = v & 0xffff_ffff;
                hi[0][l] = v >> 32;
            });
        }
        if let [last] = pairs.into_remainder() {
            step_into::<T, W, G>(&mut st, |l, v| last[l] = v & 0xffff_ffff);
        }
    } else {
        for row in raw.iter_mut() {
            step_into::<T, W, G>(&mut st, |l, v| {
                row[l] = match OUT {
                    out::HIGH => v >> 32,
                    out::LOW => v & 0xffff_ffff,
                    _ => v,
                }
            });
        }
    }

    /// One step of every lane; `put(lane, output)`.
    #[inline(always)]
    fn step_into<T: Copy + Default, const W: usize, G: LaneGen<T, W>>(
        st: &mut [[T; LANES]; W],
        mut put: impl FnMut(usize, u64),
    ) {
        for l in 0..LANES {
            let mut v = [T::default(); W];
            for w in 0..W {
                v[w] = st[w][l];
            }
            let o = G::next(&mut v);
            for w in 0..W {
                st[w][l] = v[w];
            }
            put(l, o);
        }
    }
}

/// `(a * b) >> 64` from 32-bit halves (four 32x32->64 products), which
/// vectorizes (vpmuludq) where a 64x64->128 multiply does not.
#[inline(always)]
pub(crate) fn mulhi64(a: u64, b: u64) -> u64 {
    let (a0, a1) = (a & 0xffff_ffff, a >> 32);
    let (b0, b1) = (b & 0xffff_ffff, b >> 32);
    let p00 = a0 * b0;
    let p01 = a0 * b1;
    let p10 = a1 * b0;
    let p11 = a1 * b1;
    let mid = (p00 >> 32) + (p01 & 0xffff_ffff) + (p10 & 0xffff_ffff);
    p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32)
}

/// `(hi, lo) * (mh, ml)` mod 2^128 on 64-bit halves (lane-friendly: see [`mulhi64`]).
#[inline(always)]
pub(crate) fn mul128(hi: u64, lo: u64, mh: u64, ml: u64) -> (u64, u64) {
    let h = mulhi64(lo, ml)
        .wrapping_add(lo.wrapping_mul(mh))
        .wrapping_add(hi.wrapping_mul(ml));
    (h, lo.wrapping_mul(ml))
}

/// `(hi, lo) + (bh, bl)` mod 2^128 on 64-bit halves.
#[inline(always)]
pub(crate) fn add128(hi: u64, lo: u64, bh: u64, bl: u64) -> (u64, u64) {
    let l = lo.wrapping_add(bl);
    let carry = u64::from(l < lo);
    (hi.wrapping_add(bh).wrapping_add(carry), l)
}

/// PCG's XSL-RR output of the 128-bit state (hi, lo) ([`crate::prng::modern::xsl_rr`]).
#[inline(always)]
pub(crate) fn xsl_rr(hi: u64, lo: u64) -> u64 {
    (hi ^ lo).rotate_right((hi >> 58) as u32)
}

/// PCG's DXSM output of the 128-bit state (hi, lo) ([`crate::prng::modern::dxsm`]).
#[inline(always)]
pub(crate) fn dxsm(hi: u64, lo: u64) -> u64 {
    let mut h = hi;
    h ^= h >> 32;
    h = h.wrapping_mul(crate::prng::modern::PCG_CHEAP_MULT);
    h ^= h >> 48;
    h.wrapping_mul(lo | 1)
}

/// The 64-bit halves (hi, lo) of a 128-bit constant.
pub(crate) const fn halves(x: u128) -> (u64, u64) {
    ((x >> 64) as u64, x as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mulhi64_equals_the_128_bit_product() {
        let vals = [
            0u64,
            1,
            2,
            0xffff_ffff,
            0x1_0000_0000,
            u64::MAX,
            u64::MAX - 1,
            0x9e37_79b9_7f4a_7c15,
            0xd605_bbb5_8c8a_bbfd,
            0x8000_0000_0000_0000,
        ];
        for a in vals {
            for b in vals {
                let want = ((u128::from(a) * u128::from(b)) >> 64) as u64;
                assert_eq!(mulhi64(a, b), want, "{a:#x} * {b:#x}");
                let (x, y) = (
                    u128::from(a) << 64 | u128::from(b),
                    u128::from(b) << 64 | u128::from(a),
                );
                let (mh, ml) = mul128(a, b, b, a);
                assert_eq!(u128::from(mh) << 64 | u128::from(ml), x.wrapping_mul(y));
                let (sh, sl) = add128(a, b, b, a);
                assert_eq!(u128::from(sh) << 64 | u128::from(sl), x.wrapping_add(y));
                assert_eq!(xsl_rr(a, b), crate::prng::modern::xsl_rr(x));
                assert_eq!(dxsm(a, b), crate::prng::modern::dxsm(x));
            }
        }
    }
}
