//! numpy's `Generator` bit generators behind `SeedSequence`: PCG64, PCG64DXSM,
//! MT19937, SFC64 and Philox.

use super::pcg::{Pcg128, Pcg128Out};
use super::Next64;
use crate::prng::RawStream;

const SS_INIT_B: u32 = 0x8b51_f9dd;
const SS_MULT_B: u32 = 0x58f3_8ded;

/// `INIT_B * MULT_B^j` for j in 0..=624: `generate_state`'s hash constant at word j.
pub(crate) const SS_HASH_B: [u32; 625] = {
    let mut t = [0u32; 625];
    let mut h = SS_INIT_B;
    let mut j = 0;
    while j < 625 {
        t[j] = h;
        h = h.wrapping_mul(SS_MULT_B);
        j += 1;
    }
    t
};

/// numpy `SeedSequence(entropy)`'s entropy pool (4 words) for a non-negative
/// integer entropy and no spawn key (numpy `random/bit_generator.pyx`:
/// `_coerce_to_uint32_array`, `mix_entropy`).
pub fn seed_sequence_pool(entropy: u64) -> [u32; 4] {
    const INIT_A: u32 = 0x43b0_d7e5;
    const MULT_A: u32 = 0x931e_8875;
    const MIX_MULT_L: u32 = 0xca01_f9dd;
    const MIX_MULT_R: u32 = 0x4973_f715;
    let words: &[u32] = &[entropy as u32, (entropy >> 32) as u32];
    let words = if entropy >> 32 == 0 {
        &words[..1]
    } else {
        words
    };
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
    let mut pool = [0u32; 4];
    for (i, p) in pool.iter_mut().enumerate() {
        *p = hashmix(words.get(i).copied().unwrap_or(0));
    }
    for src in 0..4 {
        for dst in 0..4 {
            if src != dst {
                let h = hashmix(pool[src]);
                pool[dst] = mix(pool[dst], h);
            }
        }
    }
    // At most two entropy words: none is left over past the pool of four.
    pool
}

/// Word j (< 625) of `generate_state(n, uint32)` from the pool: each word depends
/// only on its pool word and its index, so any word is O(1).
#[inline]
pub fn seed_sequence_word(pool: &[u32; 4], j: usize) -> u32 {
    let mut v = pool[j % 4] ^ SS_HASH_B[j];
    v = v.wrapping_mul(SS_HASH_B[j + 1]);
    v ^ (v >> 16)
}

/// numpy `SeedSequence(entropy).generate_state(n, uint32)` (n <= 624 here).
pub fn seed_sequence(entropy: u64, out: &mut [u32]) {
    let pool = seed_sequence_pool(entropy);
    for (j, o) in out.iter_mut().enumerate() {
        *o = seed_sequence_word(&pool, j);
    }
}

/// `generate_state(n, uint64)`: pairs of 32-bit words, low word first.
pub fn seed_sequence64<const K: usize>(entropy: u64) -> [u64; K] {
    let mut w = vec![0u32; 2 * K];
    seed_sequence(entropy, &mut w);
    let mut o = [0u64; K];
    for (i, x) in o.iter_mut().enumerate() {
        *x = u64::from(w[2 * i]) | u64::from(w[2 * i + 1]) << 32;
    }
    o
}

/// numpy `PCG64(seed)`: `generate_state(4, uint64)` → initstate = (v0 << 64 | v1),
/// initseq = (v2 << 64 | v3) (`_pcg64.pyx`, `pcg64_set_seed`).
pub fn numpy_pcg64(seed: u64, out: Pcg128Out) -> Pcg128 {
    let v = seed_sequence64::<4>(seed);
    Pcg128::srandom(
        (u128::from(v[0]) << 64) | u128::from(v[1]),
        (u128::from(v[2]) << 64) | u128::from(v[3]),
        out,
    )
}

/// numpy `MT19937(seed)` (not the legacy seeding): key[0] = 0x80000000, key[1..624]
/// from `generate_state(624)`, and `pos = 623` (the loop variable's last value):
/// the first output is word 623 as seeded, the twist comes after it
/// (`_mt19937.pyx` `_seed_seq` path).
pub fn numpy_mt19937(seed: u64) -> crate::prng::mt::Mt19937 {
    let mut key = [0u32; crate::prng::mt::N];
    seed_sequence(seed, &mut key);
    key[0] = 0x8000_0000;
    crate::prng::mt::Mt19937::from_state_at(key, crate::prng::mt::N - 1)
}

/// [`numpy_mt19937`]'s outputs computed lazily: output 0 is word 623, output
/// 1 + i (i < 227) is twisted word i, which needs seeded words i, i + 1 and
/// i + 397 only, each O(1) from the SeedSequence pool. Past 227 outputs it
/// switches to the full generator.
pub struct NumpyMt19937Lazy {
    pool: [u32; 4],
    k: usize,
    seed: u64,
    full: Option<Box<crate::prng::mt::Mt19937>>,
}

impl NumpyMt19937Lazy {
    /// numpy `MT19937(seed)`.
    pub fn new(seed: u64) -> Self {
        NumpyMt19937Lazy {
            pool: seed_sequence_pool(seed),
            k: 0,
            seed,
            full: None,
        }
    }
    #[inline]
    fn word(&self, j: usize) -> u32 {
        if j == 0 {
            0x8000_0000
        } else {
            seed_sequence_word(&self.pool, j)
        }
    }
}

impl RawStream for NumpyMt19937Lazy {
    #[inline]
    fn next_raw(&mut self) -> u64 {
        use crate::prng::mt::{temper, twist_word, M, N};
        if let Some(g) = self.full.as_mut() {
            return g.next_raw();
        }
        let k = self.k;
        self.k += 1;
        if k == 0 {
            return u64::from(temper(self.word(N - 1)));
        }
        let i = k - 1;
        if i + M < N {
            return u64::from(temper(twist_word(
                self.word(i),
                self.word(i + 1),
                self.word(i + M),
            )));
        }
        let mut g = Box::new(numpy_mt19937(self.seed));
        for _ in 0..k {
            g.next_raw();
        }
        let v = g.next_raw();
        self.full = Some(g);
        v
    }
}

/// numpy SFC64 (Doty-Humphrey's Small Fast Chaotic): `generate_state(3, uint64)`,
/// counter 1, 12 discarded outputs (`random/src/sfc64/sfc64.h`).
pub struct Sfc64 {
    s: [u64; 4],
}

impl Sfc64 {
    /// numpy `SFC64(seed)`.
    pub fn numpy(seed: u64) -> Self {
        let v = seed_sequence64::<3>(seed);
        let mut g = Sfc64 {
            s: [v[0], v[1], v[2], 1],
        };
        for _ in 0..12 {
            g.next64();
        }
        g
    }
}

impl Next64 for Sfc64 {
    #[inline]
    fn next64(&mut self) -> u64 {
        let s = &mut self.s;
        let tmp = s[0].wrapping_add(s[1]).wrapping_add(s[3]);
        s[3] = s[3].wrapping_add(1);
        s[0] = s[1] ^ (s[1] >> 11);
        s[1] = s[2].wrapping_add(s[2] << 3);
        s[2] = s[2].rotate_left(24).wrapping_add(tmp);
        tmp
    }
}

/// numpy Philox (Philox4x64-10 of Salmon et al. 2011, Random123): key from
/// `generate_state(2, uint64)`, counter 0, incremented before each block of four
/// outputs (`random/src/philox/philox.h`).
pub struct Philox {
    ctr: [u64; 4],
    key: [u64; 2],
    buf: [u64; 4],
    pos: usize,
}

impl Philox {
    /// numpy `Philox(seed)`.
    pub fn numpy(seed: u64) -> Self {
        Philox {
            ctr: [0; 4],
            key: seed_sequence64::<2>(seed),
            buf: [0; 4],
            pos: 4,
        }
    }
}

impl Next64 for Philox {
    #[inline]
    fn next64(&mut self) -> u64 {
        if self.pos < 4 {
            self.pos += 1;
            return self.buf[self.pos - 1];
        }
        for i in 0..4 {
            self.ctr[i] = self.ctr[i].wrapping_add(1);
            if self.ctr[i] != 0 {
                break;
            }
        }
        let mut c = self.ctr;
        let mut k = self.key;
        for r in 0..10 {
            if r > 0 {
                k[0] = k[0].wrapping_add(0x9e37_79b9_7f4a_7c15);
                k[1] = k[1].wrapping_add(0xbb67_ae85_84ca_a73b);
            }
            let p0 = u128::from(0xd2e7_470e_e14c_6c93u64) * u128::from(c[0]);
            let p1 = u128::from(0xca5a_8263_9512_1157u64) * u128::from(c[2]);
            let (hi0, lo0) = ((p0 >> 64) as u64, p0 as u64);
            let (hi1, lo1) = ((p1 >> 64) as u64, p1 as u64);
            c = [hi1 ^ c[1] ^ k[0], lo1, hi0 ^ c[3] ^ k[1], lo0];
        }
        self.buf = c;
        self.pos = 1;
        c[0]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numpy_mt19937_lazy_equals_the_full_generator_past_the_lazy_span() {
        for seed in [0u64, 1, 12345, u64::from(u32::MAX), 1 << 40] {
            let mut full = numpy_mt19937(seed);
            let mut lazy = NumpyMt19937Lazy::new(seed);
            for k in 0..1500 {
                assert_eq!(lazy.next_raw(), full.next_raw(), "seed {seed} output {k}");
            }
        }
    }

    #[test]
    fn seed_sequence_words_match_numpy_for_seed_zero() {
        // numpy 2.4.6: SeedSequence(0).generate_state(4)
        let mut w = [0u32; 4];
        seed_sequence(0, &mut w);
        assert_eq!(
            w,
            [2_968_811_710, 3_677_149_159, 745_650_761, 2_884_920_346]
        );
    }
}
