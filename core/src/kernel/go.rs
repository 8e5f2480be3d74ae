//! Block kernel of Go `math/rand`'s `rngSource` (reference:
//! [`crate::prng::go::GoSource`], Go 1.19 `src/math/rand/rng.go`).
//!
//! Output k < 273 is vec[333 - k] + vec[606 - k] (top bit cleared), and each
//! seeded word vec[i] is three jumps of the seeding LCG from the seed (48271^j
//! mod 2^31-1 precomputed) XOR rngCooked[i]: six multiplications per output,
//! here lane-major over 64 seeds (the seed reduction too).

use super::{Lane32, Scratch, LANES};
use crate::prng::go::{cooked, powers, DIRECT_MAX};

const PM: u64 = 2_147_483_647;
const LEN: usize = 607;
const TAP: usize = 273;

simd_kernels! {
    fn go(base: u64, count: usize, s: &mut Scratch, pw: &[u32], ck: &[i64; LEN]);
}

/// Go `math/rand` from `rand.NewSource(seed)`: `count` at most [`DIRECT_MAX`].
pub fn go_rng_source(base: u64, count: usize, s: &mut Scratch) {
    use std::sync::OnceLock;
    debug_assert!(count <= DIRECT_MAX);
    static PW: OnceLock<Vec<u32>> = OnceLock::new();
    // Powers of 48271 mod 2^31-1 are below 2^31.
    let pw = PW.get_or_init(|| powers().iter().map(|&p| p as u32).collect());
    dispatch!(go(base, count, s, pw, cooked()))
}

mod imp {
    use super::*;

    /// a b mod 2^31-1 for a, b < 2^31 (product below 2^62: one fold, one subtraction).
    #[inline(always)]
    fn mulmod(a: u32, b: u32) -> u64 {
        let p = u64::from(a) * u64::from(b);
        let r = (p & PM) + (p >> 31);
        if r >= PM {
            r - PM
        } else {
            r
        }
    }

    /// vec[i] of every lane: ((a << 40) ^ (b << 20) ^ c) ^ rngCooked[i].
    #[inline(always)]
    fn word(x0: &Lane32, i: usize, pw: &[u32], ck: &[i64; LEN]) -> [u64; LANES] {
        let k = 21 + 3 * i;
        let (pa, pb, pc, c) = (pw[k], pw[k + 1], pw[k + 2], ck[i] as u64);
        let mut w = [0u64; LANES];
        for l in 0..LANES {
            let a = mulmod(x0[l], pa);
            let b = mulmod(x0[l], pb);
            let cc = mulmod(x0[l], pc);
            w[l] = ((a << 40) ^ (b << 20) ^ cc) ^ c;
        }
        w
    }

    #[inline(always)]
    pub(super) fn go(base: u64, count: usize, s: &mut Scratch, pw: &[u32], ck: &[i64; LEN]) {
        // x0 = seed mod 2^31-1 (Euclidean; 2^64 = 4 mod 2^31-1 for negative
        // int64 seeds), 89482311 for 0.
        let mut x0: Lane32 = [0; LANES];
        for l in 0..LANES {
            let u = base.wrapping_add(l as u64);
            let a = (u & PM) + (u >> 31);
            let b = (a & PM) + (a >> 31);
            let r = if b >= PM { b - PM } else { b };
            let r = if (u as i64) < 0 {
                if r >= 4 {
                    r - 4
                } else {
                    r + PM - 4
                }
            } else {
                r
            };
            x0[l] = if r == 0 { 89_482_311 } else { r as u32 };
        }
        for (k, out) in s.raw.iter_mut().enumerate().take(count) {
            let f = word(&x0, LEN - TAP - 1 - k, pw, ck);
            let t = word(&x0, LEN - 1 - k, pw, ck);
            for l in 0..LANES {
                out[l] = f[l].wrapping_add(t[l]) & (u64::MAX >> 1);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prng::go::GoSource;
    use crate::prng::RawStream;

    #[test]
    fn go_kernel_equals_the_reference() {
        let mut s = Scratch::default();
        s.raw.resize(DIRECT_MAX, [0; LANES]);
        for base in [
            0u64,
            PM - 10,
            2 * PM - 30,
            (1 << 32) - 64,
            u64::MAX - 30,
            (1 << 63) - 20,
        ] {
            for count in [1, 2, DIRECT_MAX] {
                go_rng_source(base, count, &mut s);
                for l in 0..LANES {
                    let seed = base.wrapping_add(l as u64);
                    let mut g = GoSource::new(seed as i64);
                    for i in 0..count {
                        assert_eq!(s.raw[i][l], g.next_raw(), "seed {seed} output {i}");
                    }
                }
            }
        }
    }
}
