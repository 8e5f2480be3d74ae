//! Block kernels of the libstdc++ engines `knuth_b`, `ranlux24_base`,
//! `ranlux48_base` and `mt19937_64` (references: [`crate::prng::cpp`],
//! libstdc++ 12 `bits/random.h`, `bits/random.tcc`).
//!
//! - `knuth_b` (`shuffle_order_engine<minstd_rand0, 256>`): the table holds
//!   the minstd outputs x_1..x_256 and y = x_257, where x_k = s 16807^k mod
//!   2^31-1 (s: the seed mod 2^31-1, 1 for 0). Output i reads index j_i of y,
//!   returns `table[j_i]` and refills that slot with x_{258+i}. So output i is
//!   s 16807^(j_i+1) unless an earlier output refilled slot j_i, and a seed
//!   costs O(count) multiplications instead of 257 steps.
//! - ranlux*_base (`subtract_with_carry_engine`): the seeding LCG (40014 mod
//!   2147483563) jumps straight to each word's draws (precomputed powers), and
//!   only the words the requested outputs read are computed; then the
//!   subtract-with-carry steps run lane-major (any count).
//! - `mt19937_64`: output i < 156 needs init words i, i + 1 and i + 156 only,
//!   so the seeding runs lane-major (64-bit lanes) up to word 156 + count.

use super::{Lane32, Lane64, Scratch, LANES};
use crate::prng::cpp::{temper64, MT64_LAZY_MAX};
use crate::prng::lcg::MINSTD_M;
use std::sync::OnceLock;

/// Outputs for which the `knuth_b` kernel compares each slot index with the
/// earlier ones (quadratic in `count`, all in vector registers); larger
/// counts track the refilled slots in a lane-major table instead.
pub const KNUTH_B_COMPARE_MAX: usize = 16;

const M: u64 = MINSTD_M;

/// 16807^k mod 2^31-1 for k in 0..=258.
fn minstd0_powers() -> &'static [u32; 259] {
    static P: OnceLock<[u32; 259]> = OnceLock::new();
    P.get_or_init(|| {
        let mut p = [0u32; 259];
        let mut x = 1u64;
        for slot in p.iter_mut() {
            *slot = x as u32;
            x = x * 16_807 % M;
        }
        p
    })
}

/// The ranlux seeding modulus.
const RL_M: u64 = 2_147_483_563;

/// 40014^k mod 2147483563 for k in 0..=24 (every draw of both ranlux seedings).
fn ranlux_powers() -> &'static [u32; 25] {
    static P: OnceLock<[u32; 25]> = OnceLock::new();
    P.get_or_init(|| {
        let mut p = [0u32; 25];
        let mut x = 1u64;
        for slot in p.iter_mut() {
            *slot = x as u32;
            x = x * 40_014 % RL_M;
        }
        p
    })
}

simd_kernels! {
    fn knuth_b(base: u64, count: usize, s: &mut Scratch, pw: &[u32; 259]);
    fn ranlux24(base: u64, count: usize, s: &mut Scratch, pw: &[u32; 25]);
    fn ranlux48(base: u64, count: usize, s: &mut Scratch, pw: &[u32; 25]);
    fn mt64(base: u64, count: usize, s: &mut Scratch);
}

/// `std::knuth_b`, any `count`.
pub fn cpp_knuth_b(base: u64, count: usize, s: &mut Scratch) {
    let pw = minstd0_powers();
    dispatch!(knuth_b(base, count, s, pw))
}

/// `std::ranlux24_base` (24 bits, lags 10 and 24), any `count`.
pub fn cpp_ranlux24_base(base: u64, count: usize, s: &mut Scratch) {
    let pw = ranlux_powers();
    dispatch!(ranlux24(base, count, s, pw))
}

/// `std::ranlux48_base` (48 bits, lags 5 and 12), any `count`.
pub fn cpp_ranlux48_base(base: u64, count: usize, s: &mut Scratch) {
    let pw = ranlux_powers();
    dispatch!(ranlux48(base, count, s, pw))
}

/// `std::mt19937_64`, lazily: `count` at most [`MT64_LAZY_MAX`].
pub fn cpp_mt19937_64(base: u64, count: usize, s: &mut Scratch) {
    debug_assert!(count <= MT64_LAZY_MAX);
    dispatch!(mt64(base, count, s))
}

mod imp {
    use super::*;

    /// a b mod 2^31-1 for a, b < 2^31: the product is below 2^62, so one
    /// Mersenne fold leaves at most one subtraction.
    #[inline(always)]
    fn mulmod_m(a: u32, b: u32) -> u32 {
        let p = u64::from(a) * u64::from(b);
        let r = (p & M) + (p >> 31);
        (if r >= M { r - M } else { r }) as u32
    }

    /// The slot index libstdc++ reads from y in 1..2^31-1:
    /// `256 (y - 1) / (2^31 - 2)` = floor(128 t / (2^30 - 1)) with t = y - 1,
    /// which is q = t >> 23 or q + 1 (the two quotients differ by < 2^-22).
    #[inline(always)]
    pub(super) fn slot(y: u32) -> u32 {
        let t = u64::from(y - 1);
        let q = t >> 23;
        let d = ((q + 1) << 30) - (q + 1);
        (q + u64::from(128 * t >= d)) as u32
    }

    #[inline(always)]
    pub(super) fn knuth_b(base: u64, count: usize, s: &mut Scratch, pw: &[u32; 259]) {
        // s = seed mod 2^31-1 (two folds of the 64-bit seed), 1 for 0.
        let mut sv: Lane32 = [0; LANES];
        for l in 0..LANES {
            let x = base.wrapping_add(l as u64);
            let a = (x & M) + (x >> 31);
            let b = (a & M) + (a >> 31);
            let r = if b >= M { b - M } else { b };
            sv[l] = if r == 0 { 1 } else { r as u32 };
        }
        let mut y: Lane32 = [0; LANES];
        let mut next: Lane32 = [0; LANES];
        for l in 0..LANES {
            y[l] = mulmod_m(sv[l], pw[257]);
            next[l] = mulmod_m(sv[l], pw[258]);
        }
        if count <= KNUTH_B_COMPARE_MAX {
            // slots[i], fills[i]: the slot output i read and the value refilled there.
            let mut slots = [[0u32; LANES]; KNUTH_B_COMPARE_MAX];
            let mut fills = [[0u32; LANES]; KNUTH_B_COMPARE_MAX];
            for i in 0..count {
                let mut j: Lane32 = [0; LANES];
                for l in 0..LANES {
                    j[l] = slot(y[l]);
                    y[l] = mulmod_m(sv[l], pw[j[l] as usize + 1]);
                }
                for k in 0..i {
                    for l in 0..LANES {
                        if slots[k][l] == j[l] {
                            y[l] = fills[k][l];
                        }
                    }
                }
                slots[i] = j;
                fills[i] = next;
                for l in 0..LANES {
                    next[l] = mulmod_m(next[l], 16_807);
                    s.raw[i][l] = u64::from(y[l]);
                }
            }
            return;
        }
        // Refilled values by slot (0: never refilled; minstd outputs are nonzero).
        let table = &mut s.a[..256];
        for row in table.iter_mut() {
            *row = [0; LANES];
        }
        for i in 0..count {
            for l in 0..LANES {
                let j = slot(y[l]) as usize;
                let t = table[j][l];
                y[l] = if t != 0 {
                    t
                } else {
                    mulmod_m(sv[l], pw[j + 1])
                };
                table[j][l] = next[l];
                next[l] = mulmod_m(next[l], 16_807);
                s.raw[i][l] = u64::from(y[l]);
            }
        }
    }

    #[inline(always)]
    pub(super) fn ranlux24(base: u64, count: usize, s: &mut Scratch, pw: &[u32; 25]) {
        swc::<24, 10, 24, 1>(base, count, s, pw)
    }

    #[inline(always)]
    pub(super) fn ranlux48(base: u64, count: usize, s: &mut Scratch, pw: &[u32; 25]) {
        swc::<48, 5, 12, 2>(base, count, s, pw)
    }

    /// a b mod 2147483563 for a, b < 2^31 (2^31 = 85 mod m: two folds, one subtraction).
    #[inline(always)]
    fn mulmod_rl(a: u32, b: u32) -> u64 {
        const LO: u64 = (1 << 31) - 1;
        let p = u64::from(a) * u64::from(b);
        let q = (p & LO) + 85 * (p >> 31);
        let r = (q & LO) + 85 * (q >> 31);
        if r >= RL_M {
            r - RL_M
        } else {
            r
        }
    }

    /// `subtract_with_carry_engine<W, S, R>` seeded with N draws per word.
    #[inline(always)]
    fn swc<const W: u32, const S: usize, const R: usize, const N: usize>(
        base: u64,
        count: usize,
        s: &mut Scratch,
        pw: &[u32; 25],
    ) {
        let mask = (1u64 << W) - 1;
        // The LCG's start: the seed (19780503 for 0) as uint_least32_t, mod m, 1 for 0.
        let mut v: Lane32 = [0; LANES];
        for l in 0..LANES {
            let seed = base.wrapping_add(l as u64);
            let mut x = if seed == 0 {
                19_780_503
            } else {
                u64::from(seed as u32)
            };
            x = if x >= RL_M { x - RL_M } else { x };
            x = if x >= RL_M { x - RL_M } else { x };
            v[l] = if x == 0 { 1 } else { x as u32 };
        }
        // Word k is read by output k (k < count) and output k - (R - S)
        // (R - S <= k < R - S + count), and word R - 1 sets the first carry.
        let mut x = [[0u64; LANES]; R];
        for (k, row) in x.iter_mut().enumerate() {
            let needed = k < count || (k >= R - S && k < R - S + count) || k == R - 1;
            if !needed {
                continue;
            }
            for l in 0..LANES {
                let mut sum = 0u64;
                for j in 0..N {
                    sum = sum.wrapping_add(mulmod_rl(v[l], pw[N * k + j + 1]) << (32 * j));
                }
                row[l] = sum & mask;
            }
        }
        let mut carry: Lane64 = [0; LANES];
        for l in 0..LANES {
            carry[l] = u64::from(x[R - 1][l] == 0);
        }
        let mut p = 0usize;
        for out in s.raw.iter_mut().take(count) {
            let ps = if p >= S { p - S } else { p + R - S };
            let a = x[ps];
            let row = &mut x[p];
            for l in 0..LANES {
                let b = row[l];
                let d = a[l].wrapping_sub(b).wrapping_sub(carry[l]);
                carry[l] = u64::from(a[l] < b + carry[l]);
                row[l] = d & mask;
                out[l] = row[l];
            }
            p = if p + 1 >= R { 0 } else { p + 1 };
        }
    }

    #[inline(always)]
    fn mt64_step(x: u64, i: u64) -> u64 {
        6_364_136_223_846_793_005u64
            .wrapping_mul(x ^ (x >> 62))
            .wrapping_add(i)
    }

    #[inline(always)]
    pub(super) fn mt64(base: u64, count: usize, s: &mut Scratch) {
        const UM: u64 = 0xffff_ffff_8000_0000;
        const LM: u64 = 0x7fff_ffff;
        let mut x: Lane64 = [0; LANES];
        for (l, v) in x.iter_mut().enumerate() {
            *v = base.wrapping_add(l as u64);
        }
        // raw[j] holds y_j = upper(a[j]) | lower(a[j + 1]) until a[j + 156] arrives.
        for i in 1..=count {
            let out = &mut s.raw[i - 1];
            for l in 0..LANES {
                let prev = x[l];
                x[l] = mt64_step(x[l], i as u64);
                out[l] = (prev & UM) | (x[l] & LM);
            }
        }
        for i in count + 1..156 {
            for l in 0..LANES {
                x[l] = mt64_step(x[l], i as u64);
            }
        }
        for (j, out) in s.raw.iter_mut().enumerate().take(count) {
            for l in 0..LANES {
                x[l] = mt64_step(x[l], 156 + j as u64);
                let y = out[l];
                let mag = (y & 1).wrapping_neg() & 0xb502_6f5a_a966_19e9;
                out[l] = temper64(x[l] ^ (y >> 1) ^ mag);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prng::cpp::{KnuthB, Mt19937_64, SubtractWithCarry};
    use crate::prng::lcg::MINSTD_M;
    use crate::prng::RawStream;

    fn check<G: RawStream>(
        name: &str,
        kernel: fn(u64, usize, &mut Scratch),
        reference: impl Fn(u64) -> G,
        base: u64,
        count: usize,
    ) {
        let mut s = Scratch::default();
        s.raw.resize(count, [0; LANES]);
        kernel(base, count, &mut s);
        for l in 0..LANES {
            let seed = base.wrapping_add(l as u64);
            let mut g = reference(seed);
            for i in 0..count {
                assert_eq!(s.raw[i][l], g.next_raw(), "{name} seed {seed} output {i}");
            }
        }
    }

    #[test]
    fn cpp_kernels_equal_the_reference() {
        let bases = [
            0u64,
            MINSTD_M - 3,
            2 * MINSTD_M - 20,
            RL_M - 10,
            2 * RL_M - 30,
            (1 << 32) - 64,
            (1 << 32) - 10,
            u64::MAX - 20,
            987_654_321,
        ];
        for base in bases {
            for count in [
                1,
                2,
                3,
                KNUTH_B_COMPARE_MAX,
                KNUTH_B_COMPARE_MAX + 1,
                40,
                600,
            ] {
                check("knuth_b", cpp_knuth_b, KnuthB::new, base, count);
                check(
                    "ranlux24",
                    cpp_ranlux24_base,
                    |x| SubtractWithCarry::new(x, 24, 10, 24),
                    base,
                    count,
                );
                check(
                    "ranlux48",
                    cpp_ranlux48_base,
                    |x| SubtractWithCarry::new(x, 48, 5, 12),
                    base,
                    count,
                );
            }
            for count in [1, 2, 3, 100, MT64_LAZY_MAX] {
                check("mt19937_64", cpp_mt19937_64, Mt19937_64::new, base, count);
            }
        }
    }

    #[test]
    fn knuth_b_slot_is_libstdcxx_index() {
        // Every y within 3 of a quotient boundary, and the ends.
        let mut ys = vec![1u32, 2, (1 << 31) - 3, (1 << 31) - 2];
        for q in 1..256u64 {
            let edge = (q * 2_147_483_646).div_ceil(256) + 1;
            for y in edge - 3..=edge + 3 {
                ys.push(y as u32);
            }
        }
        for y in ys {
            let want = 256 * (u64::from(y) - 1) / 2_147_483_646;
            assert_eq!(u64::from(imp::slot(y)), want, "y {y}");
        }
    }
}
