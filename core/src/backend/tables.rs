//! Constant tables of the GPU kernels (a family row's `GpuKernel::table`, the
//! kernel's `table` argument; see kernels/inc_prng.h). Each replaces a
//! per-seed loop of the CPU reference by lookups that give the same words:
//!
//! - [`knuth_b_powers`]: `16807^k mod 2^31-1`; knuth_b's shuffle table entry i
//!   is minstd output i + 1 = `x0 16807^(i+1)`, so the kernel never fills the
//!   256-entry table;
//! - [`numpy_hash_b`]: SeedSequence's `generate_state` hash constants
//!   `INIT_B MULT_B^j`, so any seeded MT19937 word is O(1);
//! - [`seedrandom_xor128`], [`seedrandom_xorwow`], [`seedrandom_xorshift7`]:
//!   these generators are GF(2)-linear and seeded with the seed's bits alone,
//!   so their state after the discards is the XOR of one entry per seed byte
//!   (the discard loop of 64 or 256 steps becomes four lookups).
//!
//! The seedrandom tables are built from the CPU reference streams
//! ([`crate::prng::modern::Seedrandom`]) themselves: the state after the
//! discards and W more steps (W state words) is the W outputs of those steps.

use crate::prng::modern::{Seedrandom, SeedrandomKind};
use crate::prng::RawStream;

/// The most raw outputs per seed the knuth_b kernel produces (the private
/// arrays' largest bound, [`super::kernels::MAX_BOUND`]).
pub const KNUTH_B_MAX_RAW: usize = super::kernels::MAX_BOUND;

/// The most raw outputs per seed the numpy MT19937 kernel produces: word
/// 623, then the twisted words i < N - M, each from seeded words only
/// ([`crate::prng::modern::NumpyMt19937Lazy`]'s lazy span).
pub const NUMPY_MT_MAX_RAW: usize = 1 + crate::prng::mt::N - crate::prng::mt::M;

/// `16807^k mod (2^31 - 1)` for k in `0..258 + KNUTH_B_MAX_RAW`: the 256 table
/// entries (k = 1..=256), y (k = 257) and one refill per output (k = 258 + t).
pub fn knuth_b_powers() -> Vec<u64> {
    const M: u64 = (1 << 31) - 1;
    let mut out = Vec::with_capacity(258 + KNUTH_B_MAX_RAW);
    let mut p = 1u64;
    for _ in 0..258 + KNUTH_B_MAX_RAW {
        out.push(p);
        p = p * 16_807 % M;
    }
    out
}

/// numpy SeedSequence's `INIT_B * MULT_B^j` (mod 2^32) for j in 0..=624
/// (numpy `random/bit_generator.pyx`, `generate_state`).
pub fn numpy_hash_b() -> Vec<u64> {
    const INIT_B: u32 = 0x8b51_f9dd;
    const MULT_B: u32 = 0x58f3_8ded;
    let mut h = INIT_B;
    (0..625)
        .map(|_| {
            let v = u64::from(h);
            h = h.wrapping_mul(MULT_B);
            v
        })
        .collect()
}

/// Words of the state after the discards and `w` more outputs of a seedrandom
/// generator, by seed byte: entry `(b * 256 + v) * w + i` is word i for the
/// seed `v << 8b`. `word` turns output k of that seed into the state word
/// (identity but for xorwow's Weyl counter).
fn by_byte(kind: SeedrandomKind, w: usize, word: impl Fn(u32, usize, u32) -> u32) -> Vec<u64> {
    let mut out = Vec::with_capacity(4 * 256 * w + 8);
    for b in 0..4 {
        for v in 0..256u32 {
            let seed = v << (8 * b);
            if seed == 0 {
                // The linear image of 0 (xorshift7's seed 0 is not linear: it
                // has its own entry).
                out.extend(std::iter::repeat_n(0, w));
                continue;
            }
            let mut g = Seedrandom::new(kind, seed);
            for k in 0..w {
                out.push(u64::from(word(seed, k, g.next_raw() as u32)));
            }
        }
    }
    out
}

/// seedrandom xor128: after 64 discards and 4 outputs the state (x, y, z, w)
/// is those 4 outputs.
pub fn seedrandom_xor128() -> Vec<u64> {
    by_byte(SeedrandomKind::Xor128, 4, |_, _, o| o)
}

/// seedrandom xorwow: the xor part (x, y, z, w, v) after 64 discards and 5
/// outputs; output k is `d0 + (65 + k) 362437 + v_k` with
/// `d0 = seed << 10 ^ seed >>> 4`, so `v_k` is output k less the counter.
pub fn seedrandom_xorwow() -> Vec<u64> {
    by_byte(SeedrandomKind::Xorwow, 5, |seed, k, o| {
        let d0 = (seed << 10) ^ (seed >> 4);
        o.wrapping_sub(d0.wrapping_add((65 + k as u32).wrapping_mul(362_437)))
    })
}

/// seedrandom xorshift7: the 8 words after 256 discards and 8 outputs (the
/// index is back at 0), by seed byte, then the 8 words of seed 0 (whose x[7]
/// starts at -1) at offset `4 * 256 * 8`.
pub fn seedrandom_xorshift7() -> Vec<u64> {
    let mut t = by_byte(SeedrandomKind::Xorshift7, 8, |_, _, o| o);
    let mut g = Seedrandom::new(SeedrandomKind::Xorshift7, 0);
    t.extend((0..8).map(|_| g.next_raw()));
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table's state for `seed` (XOR of the byte entries), as the kernel
    /// computes it.
    fn linear(t: &[u64], w: usize, seed: u32) -> Vec<u32> {
        let mut s = vec![0u32; w];
        for b in 0..4 {
            let v = ((seed >> (8 * b)) & 255) as usize;
            for (i, x) in s.iter_mut().enumerate() {
                *x ^= t[(b * 256 + v) * w + i] as u32;
            }
        }
        s
    }

    #[test]
    fn seedrandom_tables_give_the_reference_state_of_any_seed() {
        let x128 = seedrandom_xor128();
        let wow = seedrandom_xorwow();
        let x7 = seedrandom_xorshift7();
        for seed in [
            1u32,
            2,
            0x100,
            0xdead_beef,
            u32::MAX,
            12_345_678,
            0x8000_0001,
        ] {
            let mut g = Seedrandom::new(SeedrandomKind::Xor128, seed);
            let want: Vec<u32> = (0..4).map(|_| g.next_raw() as u32).collect();
            assert_eq!(linear(&x128, 4, seed), want, "xor128 {seed}");

            let mut g = Seedrandom::new(SeedrandomKind::Xorwow, seed);
            let d0 = (seed << 10) ^ (seed >> 4);
            let want: Vec<u32> = (0..5u32)
                .map(|k| (g.next_raw() as u32).wrapping_sub(d0.wrapping_add((65 + k) * 362_437)))
                .collect();
            assert_eq!(linear(&wow, 5, seed), want, "xorwow {seed}");

            let mut g = Seedrandom::new(SeedrandomKind::Xorshift7, seed);
            let want: Vec<u32> = (0..8).map(|_| g.next_raw() as u32).collect();
            assert_eq!(linear(&x7, 8, seed), want, "xorshift7 {seed}");
        }
        assert_eq!(x7.len(), 4 * 256 * 8 + 8);
    }

    #[test]
    fn numpy_hash_b_gives_seed_sequence_words() {
        use crate::prng::modern::{seed_sequence_pool, seed_sequence_word};
        let hb = numpy_hash_b();
        for entropy in [0u64, 1, 0xffff_ffff, 1 << 40] {
            let pool = seed_sequence_pool(entropy);
            for j in 0..624 {
                let v = (pool[j % 4] ^ hb[j] as u32).wrapping_mul(hb[j + 1] as u32);
                assert_eq!(v ^ (v >> 16), seed_sequence_word(&pool, j), "word {j}");
            }
        }
    }

    #[test]
    fn knuth_b_powers_are_minstd_outputs() {
        let p = knuth_b_powers();
        let mut g = crate::prng::lcg::Minstd::new(1, 16_807);
        for (k, pk) in p.iter().enumerate().skip(1).take(600) {
            assert_eq!(g.next_raw(), *pk, "k = {k}");
        }
        assert_eq!(p.len(), 258 + KNUTH_B_MAX_RAW);
    }
}
