//! Block kernels of Java 17's `SplittableRandom` and `RandomGeneratorFactory`
//! generators (`core/src/prng/modern/{java17,xoshiro}.rs`, the references),
//! lane-major through [`lanes::run`]: the Stafford, Murmur and Lea mixers and
//! the 64-bit LCGs in 64-bit lanes (vpmullq on AVX-512), the 128-bit LCG of
//! L128X* on 64-bit halves ([`lanes::mul128`]).
//!
//! The XBGs' all-zero guards never fire for a `long` seed: the XBG words are
//! `mixStafford13(seed' + i GOLDEN)` (L32X64: `mixLea32`), and the mixers are
//! bijections with 0 -> 0, so at most one word is zero. The kernels keep the
//! guards anyway (a per-lane select) where they compute every word.
//!
//! xoroshiro1024 (L64X1024, L128X1024) needs no XBG step for its first 15
//! outputs: output i reads `x[(p + 1) & 15]` = `x[i]` before step i, and
//! step j writes `x[(j + 15) & 15]` and `x[j]` (p starts at 15), so steps
//! 0..i write only x[15] and words below i: for i < 15, output i =
//! mix(s_i + the seeded word i), and each seeded
//! word is computed when its output is ([`LAZY_1024_MAX`] outputs; the
//! scalar reference past that). By the argument above the guard is dead
//! there, and it cannot be checked without all 16 words.

use super::lanes::{self, mul128, out, LaneGen};
use super::Scratch;
use crate::prng::modern::xoshiro::{xoroshiro128, xoshiro256};
use crate::prng::modern::{
    mix_lea32, mix_lea64, mix_murmur32, mix_murmur64, mix_stafford13, Lxm, LxmKind, Out, Read64,
    GOLDEN_64, SILVER_64,
};

const GOLDEN_32: u32 = 0x9e37_79b9;
/// The 64-bit LXM multiplier.
const M64: u64 = 0xd134_2543_de82_ef95;
/// The low half of the 128-bit LXM multiplier 2^64 + 0xd605bbb58c8abbfd.
const M128_LO: u64 = 0xd605_bbb5_8c8a_bbfd;

/// `java.util.SplittableRandom(seed).nextInt()`: `mix32(seed += GOLDEN)`.
struct Splittable;

impl LaneGen<u64, 1> for Splittable {
    #[inline(always)]
    fn init(seed: u64) -> [u64; 1] {
        [seed]
    }
    #[inline(always)]
    fn next(st: &mut [u64; 1]) -> u64 {
        st[0] = st[0].wrapping_add(GOLDEN_64);
        let z = (st[0] ^ (st[0] >> 33)).wrapping_mul(0x62a9_d9ed_7997_05f5);
        ((z ^ (z >> 28)).wrapping_mul(0xcb24_d0a5_c88c_35b3)) >> 32
    }
}

/// Java's `Xoroshiro128PlusPlus(long)`.
struct Xoroshiro;

impl LaneGen<u64, 2> for Xoroshiro {
    #[inline(always)]
    fn init(seed: u64) -> [u64; 2] {
        let seed = seed ^ SILVER_64;
        let (x0, x1) = (
            mix_stafford13(seed),
            mix_stafford13(seed.wrapping_add(GOLDEN_64)),
        );
        let zero = x0 | x1 == 0;
        [
            if zero { GOLDEN_64 } else { x0 },
            if zero { SILVER_64 } else { x1 },
        ]
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

/// Java's `Xoshiro256PlusPlus(long)`.
struct Xoshiro;

impl LaneGen<u64, 4> for Xoshiro {
    #[inline(always)]
    fn init(seed: u64) -> [u64; 4] {
        let seed = seed ^ SILVER_64;
        let s: [u64; 4] = std::array::from_fn(|i| {
            mix_stafford13(seed.wrapping_add((i as u64).wrapping_mul(GOLDEN_64)))
        });
        let zero = (s[0] | s[1] | s[2] | s[3]) == 0;
        let g = [GOLDEN_64, SILVER_64, GOLDEN_64, SILVER_64];
        std::array::from_fn(|i| if zero { g[i] } else { s[i] })
    }
    #[inline(always)]
    fn next(st: &mut [u64; 4]) -> u64 {
        let r = st[0]
            .wrapping_add(st[3])
            .rotate_left(23)
            .wrapping_add(st[0]);
        xoshiro256(st);
        r
    }
}

/// Java's `L32X64MixRandom(long)`: words a, s, x0, x1.
struct L32x64;

impl LaneGen<u32, 4> for L32x64 {
    #[inline(always)]
    fn init(seed: u64) -> [u32; 4] {
        let seed = seed ^ SILVER_64;
        let a = mix_murmur32((seed >> 32) as u32) | 1;
        let x0 = mix_lea32(seed as u32);
        let x1 = mix_lea32((seed as u32).wrapping_add(GOLDEN_32));
        let zero = x0 | x1 == 0;
        let v = 1u32.wrapping_add(GOLDEN_32);
        [
            a,
            1,
            if zero { mix_murmur32(v) } else { x0 },
            if zero {
                mix_murmur32(v.wrapping_add(GOLDEN_32))
            } else {
                x1
            },
        ]
    }
    #[inline(always)]
    fn next(st: &mut [u32; 4]) -> u64 {
        let [a, s, x0, x1] = *st;
        let result = mix_lea32(s.wrapping_add(x0));
        let q1 = x1 ^ x0;
        *st = [
            a,
            s.wrapping_mul(0xadb4_a92d).wrapping_add(a),
            x0.rotate_left(26) ^ q1 ^ (q1 << 9),
            q1.rotate_left(13),
        ];
        u64::from(result)
    }
}

/// The XBG words of an LXM seeding: `mix_stafford13(seed + i GOLDEN)`, or, when
/// all are zero, SplitMix from `v0` (1 for L64, 0 for L128).
#[inline(always)]
fn xbg_words<const X: usize>(seed: u64, v0: u64) -> [u64; X] {
    let x: [u64; X] = std::array::from_fn(|i| {
        mix_stafford13(seed.wrapping_add((i as u64).wrapping_mul(GOLDEN_64)))
    });
    let zero = x.iter().fold(0, |a, w| a | w) == 0;
    std::array::from_fn(|i| {
        if zero {
            mix_stafford13(v0.wrapping_add((i as u64 + 1).wrapping_mul(GOLDEN_64)))
        } else {
            x[i]
        }
    })
}

/// One step of an XBG of X words (2: xoroshiro128, 4: xoshiro256).
#[inline(always)]
fn xbg_step<const X: usize>(x: &mut [u64]) {
    match X {
        2 => {
            let (mut a, mut b) = (x[0], x[1]);
            xoroshiro128(&mut a, &mut b, 24, 16, 37);
            x[0] = a;
            x[1] = b;
        }
        4 => {
            let mut s = [x[0], x[1], x[2], x[3]];
            xoshiro256(&mut s);
            x[..4].copy_from_slice(&s);
        }
        _ => unreachable!("the XBGs of 2 and 4 words step here; xoroshiro1024 is lazy"),
    }
}

/// The LXM generators of 64-bit LCG: words a, s, then the X XBG words
/// (`W` = 2 + X); `SS`: the StarStar scrambler instead of mixLea64.
struct Lxm64<const X: usize, const SS: bool>;

/// The LXM generators of 128-bit LCG: words ah, al, sh, sl, then the X XBG
/// words (`W` = 4 + X).
struct Lxm128<const X: usize>;

/// `LaneGen` for the LXM shapes (`W` is not computable from `X` on stable Rust).
macro_rules! lxm_gen {
    ($x:literal, $w64:literal, $w128:literal) => {
        impl<const SS: bool> LaneGen<u64, $w64> for Lxm64<$x, SS> {
            #[inline(always)]
            fn init(seed: u64) -> [u64; $w64] {
                let seed = seed ^ SILVER_64;
                let x = xbg_words::<$x>(seed, 1);
                let mut st = [0u64; $w64];
                st[0] = mix_murmur64(seed) | 1;
                st[1] = 1;
                st[2..].copy_from_slice(&x);
                st
            }
            #[inline(always)]
            fn next(st: &mut [u64; $w64]) -> u64 {
                let z = st[1].wrapping_add(st[2]);
                let result = if SS {
                    z.wrapping_mul(5).rotate_left(7).wrapping_mul(9)
                } else {
                    mix_lea64(z)
                };
                st[1] = st[1].wrapping_mul(M64).wrapping_add(st[0]);
                xbg_step::<$x>(&mut st[2..]);
                result
            }
        }
        impl LaneGen<u64, $w128> for Lxm128<$x> {
            #[inline(always)]
            fn init(seed: u64) -> [u64; $w128] {
                let seed = seed ^ SILVER_64;
                let ah = mix_murmur64(seed);
                let seed = seed.wrapping_add(GOLDEN_64);
                let al = mix_murmur64(seed) | 1;
                let x = xbg_words::<$x>(seed, 0);
                let mut st = [0u64; $w128];
                st[..4].copy_from_slice(&[ah, al, 0, 1]);
                st[4..].copy_from_slice(&x);
                st
            }
            #[inline(always)]
            fn next(st: &mut [u64; $w128]) -> u64 {
                let result = mix_lea64(st[2].wrapping_add(st[4]));
                // s = (2^64 + M128_LO) s + a mod 2^128.
                let (h, l) = mul128(st[2], st[3], 1, M128_LO);
                let (h, l) = lanes::add128(h, l, st[0], st[1]);
                st[2] = h;
                st[3] = l;
                xbg_step::<$x>(&mut st[4..]);
                result
            }
        }
    };
}

lxm_gen!(2, 4, 6);
lxm_gen!(4, 6, 8);

/// Java `SplittableRandom` (any `count`).
pub fn java_splittable(base: u64, count: usize, s: &mut Scratch) {
    lanes::run::<u64, 1, Splittable, { out::FULL }>(base, count, s)
}

/// Java `Xoroshiro128PlusPlus` (any `count`).
pub fn java_xoroshiro128pp(base: u64, count: usize, s: &mut Scratch) {
    lanes::run::<u64, 2, Xoroshiro, { out::HIGH }>(base, count, s)
}

/// Java `Xoshiro256PlusPlus` (any `count`).
pub fn java_xoshiro256pp(base: u64, count: usize, s: &mut Scratch) {
    lanes::run::<u64, 4, Xoshiro, { out::HIGH }>(base, count, s)
}

/// Java `L32X64MixRandom` (any `count`).
pub fn java_l32x64mix(base: u64, count: usize, s: &mut Scratch) {
    lanes::run::<u32, 4, L32x64, { out::FULL }>(base, count, s)
}

/// Java `L64X128MixRandom` (any `count`).
pub fn java_l64x128mix(base: u64, count: usize, s: &mut Scratch) {
    lanes::run::<u64, 4, Lxm64<2, false>, { out::HIGH }>(base, count, s)
}

/// Java `L64X128StarStarRandom` (any `count`).
pub fn java_l64x128starstar(base: u64, count: usize, s: &mut Scratch) {
    lanes::run::<u64, 4, Lxm64<2, true>, { out::HIGH }>(base, count, s)
}

/// Java `L64X256MixRandom` (any `count`).
pub fn java_l64x256mix(base: u64, count: usize, s: &mut Scratch) {
    lanes::run::<u64, 6, Lxm64<4, false>, { out::HIGH }>(base, count, s)
}

/// Outputs of L64X1024 and L128X1024 before the first XBG word is re-read
/// (the lazy kernels' bound, see the module doc).
pub const LAZY_1024_MAX: usize = 15;

/// L64X1024MixRandom's first [`LAZY_1024_MAX`] outputs: words a, s and the
/// seed cursor `seed' + i GOLDEN` of the next XBG word.
struct Lxm64x1024Lazy;

impl LaneGen<u64, 3> for Lxm64x1024Lazy {
    #[inline(always)]
    fn init(seed: u64) -> [u64; 3] {
        let seed = seed ^ SILVER_64;
        [mix_murmur64(seed) | 1, 1, seed]
    }
    #[inline(always)]
    fn next(st: &mut [u64; 3]) -> u64 {
        let [a, s, c] = *st;
        *st = [
            a,
            s.wrapping_mul(M64).wrapping_add(a),
            c.wrapping_add(GOLDEN_64),
        ];
        mix_lea64(s.wrapping_add(mix_stafford13(c)))
    }
}

/// L128X1024MixRandom's first [`LAZY_1024_MAX`] outputs: words ah, al, sh,
/// sl and the seed cursor of the next XBG word.
struct Lxm128x1024Lazy;

impl LaneGen<u64, 5> for Lxm128x1024Lazy {
    #[inline(always)]
    fn init(seed: u64) -> [u64; 5] {
        let seed = seed ^ SILVER_64;
        let ah = mix_murmur64(seed);
        let seed = seed.wrapping_add(GOLDEN_64);
        [ah, mix_murmur64(seed) | 1, 0, 1, seed]
    }
    #[inline(always)]
    fn next(st: &mut [u64; 5]) -> u64 {
        let [ah, al, sh, sl, c] = *st;
        let (h, l) = mul128(sh, sl, 1, M128_LO);
        let (h, l) = lanes::add128(h, l, ah, al);
        *st = [ah, al, h, l, c.wrapping_add(GOLDEN_64)];
        mix_lea64(sh.wrapping_add(mix_stafford13(c)))
    }
}

/// Java `L64X1024MixRandom`: lazily up to [`LAZY_1024_MAX`] outputs, the
/// scalar reference past that.
pub fn java_l64x1024mix(base: u64, count: usize, s: &mut Scratch) {
    if count <= LAZY_1024_MAX {
        lanes::run::<u64, 3, Lxm64x1024Lazy, { out::HIGH }>(base, count, s)
    } else {
        super::scalar(base, count, s, |seed| {
            Read64::new(Lxm::java(LxmKind::L64X1024Mix, seed), Out::High)
        })
    }
}

/// Java `L128X128MixRandom` (any `count`).
pub fn java_l128x128mix(base: u64, count: usize, s: &mut Scratch) {
    lanes::run::<u64, 6, Lxm128<2>, { out::HIGH }>(base, count, s)
}

/// Java `L128X256MixRandom` (any `count`).
pub fn java_l128x256mix(base: u64, count: usize, s: &mut Scratch) {
    lanes::run::<u64, 8, Lxm128<4>, { out::HIGH }>(base, count, s)
}

/// Java `L128X1024MixRandom`: lazily up to [`LAZY_1024_MAX`] outputs, the
/// scalar reference past that.
pub fn java_l128x1024mix(base: u64, count: usize, s: &mut Scratch) {
    if count <= LAZY_1024_MAX {
        lanes::run::<u64, 5, Lxm128x1024Lazy, { out::HIGH }>(base, count, s)
    } else {
        super::scalar(base, count, s, |seed| {
            Read64::new(Lxm::java(LxmKind::L128X1024Mix, seed), Out::High)
        })
    }
}
