//! xoroshiro128++, xoshiro256 (++ and **) and SplitMix64 (Blackman and Vigna),
//! seeded the ways Java 17, PHP 8.2 and rand_xoshiro seed them.

use super::{mix_stafford13, Next64, GOLDEN_64, SILVER_64};

/// xoroshiro128 state transition with shifts (a, b, c).
#[inline(always)]
pub(crate) fn xoroshiro128(x0: &mut u64, x1: &mut u64, a: u32, b: u32, c: u32) {
    let s0 = *x0;
    let s1 = *x1 ^ s0;
    *x0 = s0.rotate_left(a) ^ s1 ^ (s1 << b);
    *x1 = s1.rotate_left(c);
}

/// xoshiro256 state transition.
#[inline(always)]
pub(crate) fn xoshiro256(s: &mut [u64; 4]) {
    let t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = s[3].rotate_left(45);
}

/// xoroshiro128++ (Blackman and Vigna 2019, rotations 49, 21, 28; output
/// `rotl(s0 + s1, 17) + s0`).
pub struct Xoroshiro128pp {
    /// State words.
    pub s: [u64; 2],
}

impl Xoroshiro128pp {
    /// Java 17 `Xoroshiro128PlusPlus(long seed)` (`jdk/internal/random`).
    pub fn java(seed: u64) -> Self {
        let seed = seed ^ SILVER_64;
        let (x0, x1) = (
            mix_stafford13(seed),
            mix_stafford13(seed.wrapping_add(GOLDEN_64)),
        );
        if x0 | x1 == 0 {
            return Xoroshiro128pp {
                s: [GOLDEN_64, SILVER_64],
            };
        }
        Xoroshiro128pp { s: [x0, x1] }
    }
    /// rand_xoshiro 0.7 `seed_from_u64`: state from SplitMix64(seed).
    pub fn splitmix(seed: u64) -> Self {
        let mut sm = SplitMix64 { x: seed };
        Xoroshiro128pp {
            s: [sm.next64(), sm.next64()],
        }
    }
}

impl Next64 for Xoroshiro128pp {
    #[inline]
    fn next64(&mut self) -> u64 {
        let [s0, s1] = self.s;
        let r = s0.wrapping_add(s1).rotate_left(17).wrapping_add(s0);
        let (mut a, mut b) = (s0, s1);
        xoroshiro128(&mut a, &mut b, 49, 21, 28);
        self.s = [a, b];
        r
    }
}

/// The xoshiro256 scramblers.
#[derive(Clone, Copy, Debug)]
pub enum Scrambler {
    /// `rotl(s0 + s3, 23) + s0`.
    PlusPlus,
    /// `rotl(s1 * 5, 7) * 9`.
    StarStar,
}

/// xoshiro256 with a scrambler (Blackman and Vigna 2019, `xoshiro256plusplus.c`,
/// `xoshiro256starstar.c`).
pub struct Xoshiro256 {
    /// State words.
    pub s: [u64; 4],
    /// Output function.
    pub scrambler: Scrambler,
}

impl Xoshiro256 {
    /// Java 17 `Xoshiro256PlusPlus(long seed)`.
    pub fn java(seed: u64) -> Self {
        let mut seed = seed ^ SILVER_64;
        let mut s = [0u64; 4];
        for (i, w) in s.iter_mut().enumerate() {
            if i > 0 {
                seed = seed.wrapping_add(GOLDEN_64);
            }
            *w = mix_stafford13(seed);
        }
        if s == [0; 4] {
            s = [GOLDEN_64, SILVER_64, GOLDEN_64, SILVER_64];
        }
        Xoshiro256 {
            s,
            scrambler: Scrambler::PlusPlus,
        }
    }
    /// State from SplitMix64(seed): rand_xoshiro 0.7 `seed_from_u64` and PHP 8.2
    /// `Xoshiro256StarStar(int $seed)` (`ext/random/engine_xoshiro256starstar.c`,
    /// `seed256` via `splitmix64`).
    pub fn splitmix(seed: u64, scrambler: Scrambler) -> Self {
        let mut sm = SplitMix64 { x: seed };
        Xoshiro256 {
            s: [sm.next64(), sm.next64(), sm.next64(), sm.next64()],
            scrambler,
        }
    }
}

impl Next64 for Xoshiro256 {
    #[inline]
    fn next64(&mut self) -> u64 {
        let r = match self.scrambler {
            Scrambler::PlusPlus => self.s[0]
                .wrapping_add(self.s[3])
                .rotate_left(23)
                .wrapping_add(self.s[0]),
            Scrambler::StarStar => self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9),
        };
        xoshiro256(&mut self.s);
        r
    }
}

/// SplitMix64 (Steele, Lea and Flood 2014): `x += GOLDEN; mix_stafford13(x)`.
pub struct SplitMix64 {
    /// State.
    pub x: u64,
}

impl Next64 for SplitMix64 {
    #[inline]
    fn next64(&mut self) -> u64 {
        self.x = self.x.wrapping_add(GOLDEN_64);
        mix_stafford13(self.x)
    }
}
