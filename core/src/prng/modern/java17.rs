//! Java 17's `SplittableRandom` and the LXM generators of `RandomGeneratorFactory`.

use super::xoshiro::{xoroshiro128, xoshiro256};
use super::{
    mix_lea32, mix_lea64, mix_murmur32, mix_murmur64, mix_stafford13, Next64, GOLDEN_64, SILVER_64,
};
use crate::prng::RawStream;

const GOLDEN_32: u32 = 0x9e37_79b9;

/// `java.util.SplittableRandom(seed)`: `nextInt()` = `mix32(seed += GOLDEN_GAMMA)`.
/// Source: OpenJDK 17 `java/util/SplittableRandom.java`.
pub struct JavaSplittable {
    /// The seed (state).
    pub seed: u64,
}

impl RawStream for JavaSplittable {
    #[inline]
    fn next_raw(&mut self) -> u64 {
        self.seed = self.seed.wrapping_add(GOLDEN_64);
        let z = (self.seed ^ (self.seed >> 33)).wrapping_mul(0x62a9_d9ed_7997_05f5);
        u64::from((((z ^ (z >> 28)).wrapping_mul(0xcb24_d0a5_c88c_35b3)) >> 32) as u32)
    }
}

/// The LCG part of an LXM generator.
#[derive(Clone, Copy)]
enum Lcg {
    /// `s = 0xd1342543de82ef95 * s + a` (64-bit).
    L64 { s: u64, a: u64 },
    /// `s = (2^64 + 0xd605bbb58c8abbfd) * s + a` on 128 bits.
    L128 { s: u128, a: u128 },
}

/// The XBG part of an LXM generator.
#[derive(Clone)]
enum Xbg {
    X128([u64; 2]),
    X256([u64; 4]),
    X1024 { x: Box<[u64; 16]>, p: usize },
}

/// Java 17's LXM generators (Steele and Vigna 2021, "LXM: better splittable
/// pseudorandom number generators"): L64X128MixRandom, L64X128StarStarRandom,
/// L64X256MixRandom, L64X1024MixRandom, L128X128MixRandom, L128X256MixRandom,
/// L128X1024MixRandom (`jdk/internal/random`, OpenJDK 17 module jdk.random).
pub struct Lxm {
    lcg: Lcg,
    xbg: Xbg,
    star_star: bool,
}

/// LXM shapes by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum LxmKind {
    L64X128Mix,
    L64X128StarStar,
    L64X256Mix,
    L64X1024Mix,
    L128X128Mix,
    L128X256Mix,
    L128X1024Mix,
}

impl Lxm {
    /// `new LxxXyyyRandom(long seed)`: the LCG from mixMurmur64, the XBG state
    /// from mixStafford13 over seed + k GOLDEN (the constructors' own order).
    pub fn java(kind: LxmKind, seed: u64) -> Self {
        let mut seed = seed ^ SILVER_64;
        let wide = matches!(
            kind,
            LxmKind::L128X128Mix | LxmKind::L128X256Mix | LxmKind::L128X1024Mix
        );
        let lcg = if wide {
            let ah = mix_murmur64(seed);
            seed = seed.wrapping_add(GOLDEN_64);
            let al = mix_murmur64(seed) | 1;
            // (ah, al, sh = 0, sl = 1)
            Lcg::L128 {
                s: 1,
                a: (u128::from(ah) << 64) | u128::from(al),
            }
        } else {
            Lcg::L64 {
                s: 1,
                a: mix_murmur64(seed) | 1,
            }
        };
        let words = match kind {
            LxmKind::L64X128Mix | LxmKind::L64X128StarStar | LxmKind::L128X128Mix => 2,
            LxmKind::L64X256Mix | LxmKind::L128X256Mix => 4,
            LxmKind::L64X1024Mix | LxmKind::L128X1024Mix => 16,
        };
        let mut x = [0u64; 16];
        for (i, w) in x[..words].iter_mut().enumerate() {
            if i > 0 {
                seed = seed.wrapping_add(GOLDEN_64);
            }
            *w = mix_stafford13(seed);
        }
        if x[..words].iter().all(|w| *w == 0) {
            // The constructors' guard: fill from the LCG's s (its high word
            // for L128) with SplitMix.
            let mut v: u64 = if wide { 0 } else { 1 };
            for w in x[..words].iter_mut() {
                v = v.wrapping_add(GOLDEN_64);
                *w = mix_stafford13(v);
            }
        }
        let xbg = match words {
            2 => Xbg::X128([x[0], x[1]]),
            4 => Xbg::X256([x[0], x[1], x[2], x[3]]),
            // `private int p = N - 1;`
            _ => Xbg::X1024 {
                x: Box::new(x),
                p: 15,
            },
        };
        Lxm {
            lcg,
            xbg,
            star_star: kind == LxmKind::L64X128StarStar,
        }
    }
}

impl Next64 for Lxm {
    #[inline]
    fn next64(&mut self) -> u64 {
        let s_hi = match self.lcg {
            Lcg::L64 { s, .. } => s,
            Lcg::L128 { s, .. } => (s >> 64) as u64,
        };
        let x0 = match &self.xbg {
            Xbg::X128(x) => x[0],
            Xbg::X256(x) => x[0],
            Xbg::X1024 { x, p } => x[(p + 1) & 15],
        };
        let z = s_hi.wrapping_add(x0);
        let result = if self.star_star {
            z.wrapping_mul(5).rotate_left(7).wrapping_mul(9)
        } else {
            mix_lea64(z)
        };
        match &mut self.lcg {
            Lcg::L64 { s, a } => *s = s.wrapping_mul(0xd134_2543_de82_ef95).wrapping_add(*a),
            Lcg::L128 { s, a } => {
                *s = s
                    .wrapping_mul((1u128 << 64) | 0xd605_bbb5_8c8a_bbfd)
                    .wrapping_add(*a)
            }
        }
        match &mut self.xbg {
            Xbg::X128(x) => {
                let (mut a, mut b) = (x[0], x[1]);
                xoroshiro128(&mut a, &mut b, 24, 16, 37);
                *x = [a, b];
            }
            Xbg::X256(x) => xoshiro256(x),
            Xbg::X1024 { x, p } => {
                let q = *p;
                *p = (*p + 1) & 15;
                let s0 = x[*p];
                let s15 = x[q] ^ s0;
                x[q] = s0.rotate_left(25) ^ s15 ^ (s15 << 27);
                x[*p] = s15.rotate_left(36);
            }
        }
        result
    }
}

/// Java 17 `L32X64MixRandom(long seed)`: a 32-bit LCG (multiplier 0xadb4a92d)
/// and xoroshiro64 (26, 9, 13), `mixLea32(s + x0)`; `nextInt()` is native.
pub struct L32X64 {
    a: u32,
    s: u32,
    x: [u32; 2],
}

impl L32X64 {
    /// The `(long seed)` constructor.
    pub fn java(seed: u64) -> Self {
        let seed = seed ^ SILVER_64;
        let a = mix_murmur32((seed >> 32) as u32) | 1;
        let mut x = [
            mix_lea32(seed as u32),
            mix_lea32((seed as u32).wrapping_add(GOLDEN_32)),
        ];
        if x == [0, 0] {
            let v = 1u32.wrapping_add(GOLDEN_32);
            x = [mix_murmur32(v), mix_murmur32(v.wrapping_add(GOLDEN_32))];
        }
        L32X64 { a, s: 1, x }
    }
}

impl RawStream for L32X64 {
    #[inline]
    fn next_raw(&mut self) -> u64 {
        let result = mix_lea32(self.s.wrapping_add(self.x[0]));
        self.s = self.s.wrapping_mul(0xadb4_a92d).wrapping_add(self.a);
        let q0 = self.x[0];
        let q1 = self.x[1] ^ q0;
        self.x = [q0.rotate_left(26) ^ q1 ^ (q1 << 9), q1.rotate_left(13)];
        u64::from(result)
    }
}
