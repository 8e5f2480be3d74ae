//! Block kernels of glibc `random()` with the `initstate` types 0, 1, 2 and 4
//! (reference: [`crate::prng::glibc::GlibcTyped`], glibc 2.36
//! `stdlib/random_r.c` `__srandom_r`, `__random_r`).
//!
//! - TYPE_0 is the LCG `x = (1103515245 x + 12345) mod 2^31`: one multiply-add
//!   per output, lane-parallel.
//! - TYPE_1/2/4 (degree, separation 7/3, 15/1, 63/1) are additive feedback over
//!   `deg` words seeded by `16807 x mod 2^31-1`, with `10 deg` outputs discarded.
//!   Every output is a linear form mod 2^32 over the `deg` seeded words
//!   (as for TYPE_3, `glibc_type3` in the parent module): output k is
//!   `(sum_j c[k][j] r[j]) >> 1` with coefficients found once by running the
//!   recurrence on coefficient vectors. For up to [`TYPED_LINEAR_MAX`] outputs
//!   that is `deg` multiply-adds per output instead of `10 deg` steps; past it,
//!   the kernel runs the recurrence itself lane-major (any count).

use super::{Lane32, Scratch, LANES};
use std::sync::OnceLock;

/// Outputs the linear-form path of the TYPE_1/2/4 kernels computes; larger
/// counts run the recurrence lane-major (a dot product of `deg` terms per
/// output costs about as much as 10 recurrence steps).
pub const TYPED_LINEAR_MAX: usize = 8;

const PM: u64 = 2_147_483_647;

/// Coefficients of the outputs `0..TYPED_LINEAR_MAX` of the glibc type of
/// degree `deg` and separation `sep`: `rows[k * deg + j]` is the weight (mod
/// 2^32) of seeded word `r[j]` in the 32-bit word whose `>> 1` is output k.
/// Found by running `__random_r`'s pointer walk on coefficient vectors.
fn coefficients(deg: usize, sep: usize) -> Vec<u32> {
    let mut state: Vec<Vec<u32>> = (0..deg)
        .map(|i| {
            let mut v = vec![0u32; deg];
            v[i] = 1;
            v
        })
        .collect();
    let (mut f, mut b) = (sep, 0usize);
    let mut rows = Vec::with_capacity(TYPED_LINEAR_MAX * deg);
    for step in 0..10 * deg + TYPED_LINEAR_MAX {
        let add = state[b].clone();
        for (x, y) in state[f].iter_mut().zip(&add) {
            *x = x.wrapping_add(*y);
        }
        if step >= 10 * deg {
            rows.extend_from_slice(&state[f]);
        }
        f += 1;
        b += 1;
        if f >= deg {
            f = 0;
        } else if b >= deg {
            b = 0;
        }
    }
    rows
}

/// The coefficient table of the type of degree `DEG` (7, 15 or 63).
fn coeff_table<const DEG: usize>() -> &'static [u32] {
    static T1: OnceLock<Vec<u32>> = OnceLock::new();
    static T2: OnceLock<Vec<u32>> = OnceLock::new();
    static T4: OnceLock<Vec<u32>> = OnceLock::new();
    match DEG {
        7 => T1.get_or_init(|| coefficients(7, 3)),
        15 => T2.get_or_init(|| coefficients(15, 1)),
        _ => T4.get_or_init(|| coefficients(63, 1)),
    }
}

simd_kernels! {
    fn type0(base: u32, count: usize, s: &mut Scratch);
    fn type1(base: u32, count: usize, s: &mut Scratch, c: &[u32]);
    fn type2(base: u32, count: usize, s: &mut Scratch, c: &[u32]);
    fn type4(base: u32, count: usize, s: &mut Scratch, c: &[u32]);
}

/// glibc `random()` TYPE_0 (`initstate(seed, buf, 8)`), any `count`.
pub fn glibc_type0(base: u64, count: usize, s: &mut Scratch) {
    dispatch!(type0(base as u32, count, s))
}

/// glibc `random()` TYPE_1 (degree 7, separation 3), any `count`.
pub fn glibc_type1(base: u64, count: usize, s: &mut Scratch) {
    let c = coeff_table::<7>();
    dispatch!(type1(base as u32, count, s, c))
}

/// glibc `random()` TYPE_2 (degree 15, separation 1), any `count`.
pub fn glibc_type2(base: u64, count: usize, s: &mut Scratch) {
    let c = coeff_table::<15>();
    dispatch!(type2(base as u32, count, s, c))
}

/// glibc `random()` TYPE_4 (degree 63, separation 1), any `count`.
pub fn glibc_type4(base: u64, count: usize, s: &mut Scratch) {
    let c = coeff_table::<63>();
    dispatch!(type4(base as u32, count, s, c))
}

mod imp {
    use super::*;

    #[inline(always)]
    pub(super) fn type0(base: u32, count: usize, s: &mut Scratch) {
        let mut x: Lane32 = [0; LANES];
        for (l, v) in x.iter_mut().enumerate() {
            let seed = base.wrapping_add(l as u32);
            *v = if seed == 0 { 1 } else { seed };
        }
        for row in s.raw.iter_mut().take(count) {
            for l in 0..LANES {
                x[l] = x[l].wrapping_mul(1_103_515_245).wrapping_add(12_345) & 0x7fff_ffff;
                row[l] = u64::from(x[l]);
            }
        }
    }

    #[inline(always)]
    pub(super) fn type1(base: u32, count: usize, s: &mut Scratch, c: &[u32]) {
        typed::<7, 3>(base, count, s, c)
    }

    #[inline(always)]
    pub(super) fn type2(base: u32, count: usize, s: &mut Scratch, c: &[u32]) {
        typed::<15, 1>(base, count, s, c)
    }

    #[inline(always)]
    pub(super) fn type4(base: u32, count: usize, s: &mut Scratch, c: &[u32]) {
        typed::<63, 1>(base, count, s, c)
    }

    /// `x -> 16807 x mod 2^31-1` for x < 2^31 (a product below 2^46: one
    /// Mersenne fold, one conditional subtraction).
    #[inline(always)]
    fn pm_step(x: u32) -> u32 {
        let p = u64::from(x) * 16_807;
        let r = (p & PM) + (p >> 31);
        (if r >= PM { r - PM } else { r }) as u32
    }

    /// The seeded words r[0..DEG] into `s.a[0..DEG]`, then the outputs.
    #[inline(always)]
    fn typed<const DEG: usize, const SEP: usize>(
        base: u32,
        count: usize,
        s: &mut Scratch,
        c: &[u32],
    ) {
        let w = &mut s.a;
        let mut x: Lane32 = [0; LANES];
        for l in 0..LANES {
            let seed = base.wrapping_add(l as u32);
            let seed = if seed == 0 { 1 } else { seed };
            w[0][l] = seed;
            // r[1] = 16807 * (int32_t) seed mod 2^31-1, the true residue: for a
            // negative seed, 16807 (seed - 2^32) = 16807 seed - 16807 * 2 (mod 2^31-1).
            let p = u64::from(seed) * 16_807;
            let r = (p & PM) + (p >> 31);
            let r = (if r >= PM { r - PM } else { r }) as u32;
            let r = if (seed as i32) < 0 {
                let t = r.wrapping_sub(33_614);
                if r < 33_614 {
                    t.wrapping_add(PM as u32)
                } else {
                    t
                }
            } else {
                r
            };
            x[l] = r;
        }
        w[1] = x;
        for row in w.iter_mut().take(DEG).skip(2) {
            for l in 0..LANES {
                x[l] = pm_step(x[l]);
            }
            *row = x;
        }
        if count <= TYPED_LINEAR_MAX {
            for (k, out) in s.raw.iter_mut().enumerate().take(count) {
                let ck = &c[k * DEG..(k + 1) * DEG];
                let mut acc: Lane32 = [0; LANES];
                for (j, cj) in ck.iter().enumerate() {
                    for l in 0..LANES {
                        acc[l] = acc[l].wrapping_add(cj.wrapping_mul(w[j][l]));
                    }
                }
                for l in 0..LANES {
                    out[l] = u64::from(acc[l] >> 1);
                }
            }
            return;
        }
        // The recurrence, lane-major: __random_r's front and rear pointers.
        let (mut f, mut b) = (SEP, 0usize);
        for step in 0..10 * DEG + count {
            let add = w[b];
            let row = &mut w[f];
            for l in 0..LANES {
                row[l] = row[l].wrapping_add(add[l]);
            }
            if step >= 10 * DEG {
                let out = &mut s.raw[step - 10 * DEG];
                for l in 0..LANES {
                    out[l] = u64::from(row[l] >> 1);
                }
            }
            f += 1;
            b += 1;
            if f >= DEG {
                f = 0;
            } else if b >= DEG {
                b = 0;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prng::glibc::GlibcTyped;
    use crate::prng::RawStream;

    fn check(
        deg: usize,
        sep: usize,
        kernel: fn(u64, usize, &mut Scratch),
        base: u64,
        count: usize,
    ) {
        let mut s = Scratch::default();
        s.raw.resize(count, [0; LANES]);
        kernel(base, count, &mut s);
        for l in 0..LANES {
            let mut g = GlibcTyped::new(base.wrapping_add(l as u64) as u32, deg, sep);
            for i in 0..count {
                assert_eq!(
                    s.raw[i][l],
                    g.next_raw(),
                    "deg {deg} seed {} output {i}",
                    base + l as u64
                );
            }
        }
    }

    #[test]
    fn typed_kernels_equal_the_reference_on_both_paths() {
        for base in [0u64, (1 << 31) - 32, (1 << 32) - 64, 123_456_789] {
            for count in [1, 2, TYPED_LINEAR_MAX, TYPED_LINEAR_MAX + 1, 200] {
                check(0, 0, glibc_type0, base, count);
                check(7, 3, glibc_type1, base, count);
                check(15, 1, glibc_type2, base, count);
                check(63, 1, glibc_type4, base, count);
            }
        }
    }
}
