//! The generators of current runtimes: Java 17's `RandomGeneratorFactory`
//! algorithms and `SplittableRandom`, numpy's `Generator` bit generators behind
//! `SeedSequence`, PHP 8.2's `Random\Engine`s, Go's `math/rand/v2` PCG and the
//! Rust `rand` crates' generators behind `seed_from_u64`.
//!
//! Each is an exact emulation of one runtime's seeding function and output, and
//! yields the raw word the runtime's range function reads ([`Out`] says which
//! half of a 64-bit output that is). Checked against the runtimes' own outputs
//! in `tests/vectors/{java17,numpy_generator,php_engines,go_v2,rust_crates}.jsonl`.

use super::RawStream;

/// `RandomSupport.GOLDEN_RATIO_64` (OpenJDK), the SplitMix64 gamma.
pub const GOLDEN_64: u64 = 0x9e37_79b9_7f4a_7c15;
/// `RandomSupport.SILVER_RATIO_64` (OpenJDK).
pub const SILVER_64: u64 = 0x6a09_e667_f3bc_c909;
const GOLDEN_32: u32 = 0x9e37_79b9;

/// Stafford's Mix13, the SplitMix64 finalizer (OpenJDK `RandomSupport.mixStafford13`).
#[inline]
pub fn mix_stafford13(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// MurmurHash3's 64-bit finalizer (`RandomSupport.mixMurmur64`).
#[inline]
pub fn mix_murmur64(mut z: u64) -> u64 {
    z = (z ^ (z >> 33)).wrapping_mul(0xff51_afd7_ed55_8ccd);
    z = (z ^ (z >> 33)).wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    z ^ (z >> 33)
}

/// Doug Lea's 64-bit mixer (`RandomSupport.mixLea64`).
#[inline]
pub fn mix_lea64(mut z: u64) -> u64 {
    z = (z ^ (z >> 32)).wrapping_mul(0xdaba_0b6e_b093_22e3);
    z = (z ^ (z >> 32)).wrapping_mul(0xdaba_0b6e_b093_22e3);
    z ^ (z >> 32)
}

/// Doug Lea's 32-bit mixer (`RandomSupport.mixLea32`).
#[inline]
pub fn mix_lea32(mut z: u32) -> u32 {
    z = (z ^ (z >> 16)).wrapping_mul(0xd36d_884b);
    z = (z ^ (z >> 16)).wrapping_mul(0xd36d_884b);
    z ^ (z >> 16)
}

/// MurmurHash3's 32-bit finalizer (`RandomSupport.mixMurmur32`).
#[inline]
pub fn mix_murmur32(mut z: u32) -> u32 {
    z = (z ^ (z >> 16)).wrapping_mul(0x85eb_ca6b);
    z = (z ^ (z >> 13)).wrapping_mul(0xc2b2_ae35);
    z ^ (z >> 16)
}

/// A generator with 64-bit outputs.
pub trait Next64 {
    /// The next 64-bit output.
    fn next64(&mut self) -> u64;
}

/// Which 32 bits of a 64-bit generator the runtime's 32-bit call returns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Out {
    /// The high half (Java `nextInt()` = `(int)(nextLong() >>> 32)`; rand_xoshiro's
    /// 256-bit `next_u32`).
    High,
    /// The low half (rand_pcg's 128-bit `next_u32`, rand_xoshiro's xoroshiro128,
    /// PHP's `range32` over a 64-bit engine).
    Low,
    /// Low half, then high half of the same output (numpy `next_uint32`).
    LowThenHigh,
    /// The whole 64-bit output (Go `Uint64`).
    Full,
}

/// A 64-bit generator read through [`Out`]; its [`RawStream`] yields the runtime's
/// raw word.
pub struct Read64<G> {
    g: G,
    out: Out,
    /// numpy's `has_uint32` / `uinteger` buffer.
    buffered: Option<u32>,
}

impl<G: Next64> Read64<G> {
    /// Wraps `g`.
    pub fn new(g: G, out: Out) -> Self {
        Read64 {
            g,
            out,
            buffered: None,
        }
    }
}

impl<G: Next64> RawStream for Read64<G> {
    #[inline]
    fn next_raw(&mut self) -> u64 {
        match self.out {
            Out::High => self.g.next64() >> 32,
            Out::Low => self.g.next64() & 0xffff_ffff,
            Out::Full => self.g.next64(),
            Out::LowThenHigh => {
                if let Some(h) = self.buffered.take() {
                    return u64::from(h);
                }
                let v = self.g.next64();
                self.buffered = Some((v >> 32) as u32);
                v & 0xffff_ffff
            }
        }
    }
}

// ---------------------------------------------------------------- Java 17

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

/// xoroshiro128 state transition with shifts (a, b, c).
#[inline]
fn xoroshiro128(x0: &mut u64, x1: &mut u64, a: u32, b: u32, c: u32) {
    let s0 = *x0;
    let s1 = *x1 ^ s0;
    *x0 = s0.rotate_left(a) ^ s1 ^ (s1 << b);
    *x1 = s1.rotate_left(c);
}

/// xoshiro256 state transition.
#[inline]
fn xoshiro256(s: &mut [u64; 4]) {
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

// ---------------------------------------------------------------- PCG

/// PCG's default 128-bit multiplier (O'Neill 2014, `PCG_DEFAULT_MULTIPLIER_128`).
pub const PCG_MULT_128: u128 = (2_549_297_995_355_413_924u128 << 64) | 4_865_540_595_714_422_341;
/// PCG's default 128-bit increment (`PCG_DEFAULT_INCREMENT_128`, the "oneseq" stream).
pub const PCG_INC_128: u128 = (6_364_136_223_846_793_005u128 << 64) | 1_442_695_040_888_963_407;
/// The DXSM "cheap multiplier" (numpy PCG64DXSM, Go `math/rand/v2`).
pub const PCG_CHEAP_MULT: u64 = 0xda94_2042_e4dd_58b5;

/// PCG's XSL-RR 128 → 64 output.
#[inline]
pub fn xsl_rr(state: u128) -> u64 {
    ((state >> 64) as u64 ^ state as u64).rotate_right((state >> 122) as u32)
}

/// PCG's DXSM 128 → 64 output.
#[inline]
pub fn dxsm(state: u128) -> u64 {
    let mut hi = (state >> 64) as u64;
    let lo = state as u64 | 1;
    hi ^= hi >> 32;
    hi = hi.wrapping_mul(PCG_CHEAP_MULT);
    hi ^= hi >> 48;
    hi.wrapping_mul(lo)
}

/// The output variants of a 128-bit-state PCG.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pcg128Out {
    /// Step with the default multiplier, XSL-RR of the new state (numpy PCG64,
    /// PHP PcgOneseq128XslRr64, rand_pcg Lcg128Xsl64).
    XslRr,
    /// DXSM of the old state, then step with the cheap multiplier (numpy PCG64DXSM).
    DxsmCheap,
    /// Step with the default multiplier, DXSM of the new state (Go `rand.PCG`).
    DxsmNew,
    /// Multiplicative only (`state *= mult`), XSL-RR of the new state
    /// (rand_pcg Mcg128Xsl64).
    McgXslRr,
}

/// A PCG with 128-bit state and increment.
pub struct Pcg128 {
    /// LCG state.
    pub state: u128,
    /// Increment (odd).
    pub inc: u128,
    /// Output variant.
    pub out: Pcg128Out,
}

impl Pcg128 {
    fn step(&mut self) {
        let m = if self.out == Pcg128Out::DxsmCheap {
            u128::from(PCG_CHEAP_MULT)
        } else {
            PCG_MULT_128
        };
        self.state = self.state.wrapping_mul(m).wrapping_add(self.inc);
    }
    /// `pcg_setseq_128_srandom_r(initstate, initseq)`: state 0, inc = initseq<<1|1,
    /// step, add initstate, step (numpy `pcg64_set_seed`).
    pub fn srandom(initstate: u128, initseq: u128, out: Pcg128Out) -> Self {
        // Seeding steps with the default multiplier for every variant: numpy's
        // PCG64DXSM shares pcg64_set_seed with PCG64.
        let mut p = Pcg128 {
            state: 0,
            inc: (initseq << 1) | 1,
            out: Pcg128Out::XslRr,
        };
        p.step();
        p.state = p.state.wrapping_add(initstate);
        p.step();
        p.out = out;
        p
    }
    /// PHP 8.2 `PcgOneseq128XslRr64(int $seed)`: `seed128(0, seed)` = state 0,
    /// step, add seed, step, with the oneseq increment (`engine_pcgoneseq128xslrr64.c`).
    pub fn php_oneseq(seed: u64) -> Self {
        let mut p = Pcg128 {
            state: 0,
            inc: PCG_INC_128,
            out: Pcg128Out::XslRr,
        };
        p.step();
        p.state = p.state.wrapping_add(u128::from(seed));
        p.step();
        p
    }
    /// Go `rand.NewPCG(seed1, seed2)`: state hi = seed1, lo = seed2, the oneseq
    /// increment (Go 1.22+ `src/math/rand/v2/pcg.go`).
    pub fn go(seed1: u64, seed2: u64) -> Self {
        Pcg128 {
            state: (u128::from(seed1) << 64) | u128::from(seed2),
            inc: PCG_INC_128,
            out: Pcg128Out::DxsmNew,
        }
    }
    /// rand_pcg 0.9 `Lcg128Xsl64::from_seed` (`Pcg64`) of `seed_from_u64(seed)`
    /// bytes: state, increment | 1, then `state += inc; step`.
    pub fn rust_pcg64(seed: u64) -> Self {
        let w = rand_core_seed_words::<8>(seed);
        let state = u128::from(w[0] as u64 | (w[1] as u64) << 32)
            | u128::from(w[2] as u64 | (w[3] as u64) << 32) << 64;
        let inc = u128::from(w[4] as u64 | (w[5] as u64) << 32)
            | u128::from(w[6] as u64 | (w[7] as u64) << 32) << 64;
        let mut p = Pcg128 {
            state,
            inc: inc | 1,
            out: Pcg128Out::XslRr,
        };
        p.state = p.state.wrapping_add(p.inc);
        p.step();
        p
    }
    /// rand_pcg 0.9 `Mcg128Xsl64::from_seed` (`Pcg64Mcg`) of `seed_from_u64(seed)`:
    /// state | 1 (`Mcg128Xsl64::new`).
    pub fn rust_pcg64mcg(seed: u64) -> Self {
        let w = rand_core_seed_words::<4>(seed);
        let state = u128::from(w[0] as u64 | (w[1] as u64) << 32)
            | u128::from(w[2] as u64 | (w[3] as u64) << 32) << 64;
        Pcg128 {
            state: state | 1,
            inc: 0,
            out: Pcg128Out::McgXslRr,
        }
    }
}

impl Next64 for Pcg128 {
    #[inline]
    fn next64(&mut self) -> u64 {
        match self.out {
            Pcg128Out::XslRr => {
                self.step();
                xsl_rr(self.state)
            }
            Pcg128Out::DxsmNew => {
                self.step();
                dxsm(self.state)
            }
            Pcg128Out::DxsmCheap => {
                let r = dxsm(self.state);
                self.step();
                r
            }
            Pcg128Out::McgXslRr => {
                self.state = self.state.wrapping_mul(PCG_MULT_128);
                xsl_rr(self.state)
            }
        }
    }
}

/// rand_core 0.9 `SeedableRng::seed_from_u64`: the seed bytes are PCG32 (XSH-RR)
/// outputs of an LCG started at `seed`, as little-endian 32-bit words.
pub fn rand_core_seed_words<const K: usize>(mut state: u64) -> [u32; K] {
    let mut w = [0u32; K];
    for x in w.iter_mut() {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(11_634_580_027_462_260_723);
        let xs = (((state >> 18) ^ state) >> 27) as u32;
        *x = xs.rotate_right((state >> 59) as u32);
    }
    w
}

/// rand_pcg 0.9 `Pcg32` (`Lcg64Xsh32`, O'Neill's pcg32): XSH-RR of the old state.
pub struct Pcg32 {
    state: u64,
    inc: u64,
}

impl Pcg32 {
    /// `Pcg32::seed_from_u64(seed)`.
    pub fn rust(seed: u64) -> Self {
        let w = rand_core_seed_words::<4>(seed);
        let state = w[0] as u64 | (w[1] as u64) << 32;
        let inc = (w[2] as u64 | (w[3] as u64) << 32) | 1;
        let mut p = Pcg32 { state, inc };
        p.state = p.state.wrapping_add(p.inc);
        p.state = p
            .state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(p.inc);
        p
    }
}

impl RawStream for Pcg32 {
    #[inline]
    fn next_raw(&mut self) -> u64 {
        let old = self.state;
        self.state = old
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(self.inc);
        let xs = (((old >> 18) ^ old) >> 27) as u32;
        u64::from(xs.rotate_right((old >> 59) as u32))
    }
}

// ---------------------------------------------------------------- numpy

const SS_INIT_B: u32 = 0x8b51_f9dd;
const SS_MULT_B: u32 = 0x58f3_8ded;

/// `INIT_B * MULT_B^j` for j in 0..=624: `generate_state`'s hash constant at word j.
const SS_HASH_B: [u32; 625] = {
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
pub fn numpy_mt19937(seed: u64) -> super::mt::Mt19937 {
    let mut key = [0u32; super::mt::N];
    seed_sequence(seed, &mut key);
    key[0] = 0x8000_0000;
    super::mt::Mt19937::from_state_at(key, super::mt::N - 1)
}

/// [`numpy_mt19937`]'s outputs computed lazily: output 0 is word 623, output
/// 1 + i (i < 227) is twisted word i, which needs seeded words i, i + 1 and
/// i + 397 only, each O(1) from the SeedSequence pool. Past 227 outputs it
/// switches to the full generator.
pub struct NumpyMt19937Lazy {
    pool: [u32; 4],
    k: usize,
    seed: u64,
    full: Option<Box<super::mt::Mt19937>>,
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
        use super::mt::{temper, twist_word, M, N};
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

// ---------------------------------------------------------------- npm seedrandom

/// npm seedrandom 3.0.5's xor128, xorwow, xorshift7 and tychei with an integer
/// seed (`seedrandom.xor128(seed)`; `lib/xor128.js`, `xorwow.js`, `xorshift7.js`,
/// `tychei.js`): the seed's 32-bit pattern goes into the state, then 64 (xor128,
/// xorwow), 256 (xorshift7) or 20 (tychei) outputs are discarded. The raw word is
/// `next() >>> 0`; `prng()` is that / 2^32.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SeedrandomKind {
    /// Marsaglia's xor128 (x, y, z, w).
    Xor128,
    /// Marsaglia's xorwow (x, y, z, w, v and the Weyl counter d).
    Xorwow,
    /// Panneton and L'Ecuyer's xorshift7 (8 words).
    Xorshift7,
    /// Neves and Araujo's Tyche-i.
    Tychei,
}

/// A seedrandom integer-seeded generator.
pub struct Seedrandom {
    kind: SeedrandomKind,
    s: [u32; 8],
    i: usize,
}

impl Seedrandom {
    /// `seedrandom.<kind>(seed)` for an integer seed whose 32-bit pattern is `seed`.
    pub fn new(kind: SeedrandomKind, seed: u32) -> Self {
        let mut g = Seedrandom {
            kind,
            s: [0; 8],
            i: 0,
        };
        let discard = match kind {
            SeedrandomKind::Xor128 => {
                g.s[0] = seed;
                64
            }
            SeedrandomKind::Xorwow => {
                g.s[0] = seed;
                // k == strseed.length (0): d = x << 10 ^ x >>> 4.
                g.s[5] = (seed << 10) ^ (seed >> 4);
                64
            }
            SeedrandomKind::Xorshift7 => {
                g.s[0] = seed;
                if seed == 0 {
                    g.s[7] = u32::MAX;
                }
                256
            }
            SeedrandomKind::Tychei => {
                // a = (seed / 2^32) | 0 = 0 for 0 <= seed < 2^32, b = seed | 0.
                g.s[..4].copy_from_slice(&[0, seed, 2_654_435_769, 1_367_130_551]);
                20
            }
        };
        g.discard(discard);
        g
    }

    #[inline]
    fn next32(&mut self) -> u32 {
        match self.kind {
            SeedrandomKind::Xor128 => xor128_step(&mut self.s),
            SeedrandomKind::Xorwow => xorwow_step(&mut self.s),
            SeedrandomKind::Xorshift7 => xorshift7_step(&mut self.s, &mut self.i),
            SeedrandomKind::Tychei => tychei_step(&mut self.s),
        }
    }

    /// The discards, one loop per kind (no dispatch inside the loop).
    fn discard(&mut self, n: usize) {
        let (s, i) = (&mut self.s, &mut self.i);
        match self.kind {
            SeedrandomKind::Xor128 => (0..n).for_each(|_| {
                xor128_step(s);
            }),
            SeedrandomKind::Xorwow => (0..n).for_each(|_| {
                xorwow_step(s);
            }),
            SeedrandomKind::Xorshift7 => (0..n).for_each(|_| {
                xorshift7_step(s, i);
            }),
            SeedrandomKind::Tychei => (0..n).for_each(|_| {
                tychei_step(s);
            }),
        }
    }
}

#[inline(always)]
fn xor128_step(s: &mut [u32; 8]) -> u32 {
    let t = s[0] ^ (s[0] << 11);
    s[0] = s[1];
    s[1] = s[2];
    s[2] = s[3];
    s[3] ^= (s[3] >> 19) ^ t ^ (t >> 8);
    s[3]
}

#[inline(always)]
fn xorwow_step(s: &mut [u32; 8]) -> u32 {
    // x y z w v = s[0..5], d = s[5].
    let t = s[0] ^ (s[0] >> 2);
    s[0] = s[1];
    s[1] = s[2];
    s[2] = s[3];
    s[3] = s[4];
    s[4] = (s[4] ^ (s[4] << 4)) ^ (t ^ (t << 1));
    s[5] = s[5].wrapping_add(362_437);
    s[5].wrapping_add(s[4])
}

#[inline(always)]
fn xorshift7_step(s: &mut [u32; 8], idx: &mut usize) -> u32 {
    let i = *idx;
    let mut t = s[i];
    t ^= t >> 7;
    let mut v = t ^ (t << 24);
    t = s[(i + 1) & 7];
    v ^= t ^ (t >> 10);
    t = s[(i + 3) & 7];
    v ^= t ^ (t >> 3);
    t = s[(i + 4) & 7];
    v ^= t ^ (t << 7);
    t = s[(i + 7) & 7];
    t ^= t << 13;
    v ^= t ^ (t << 9);
    s[i] = v;
    *idx = (i + 1) & 7;
    v
}

#[inline(always)]
fn tychei_step(s: &mut [u32; 8]) -> u32 {
    let (mut a, mut b, mut c, mut d) = (s[0], s[1], s[2], s[3]);
    b = b.rotate_left(25) ^ c;
    c = c.wrapping_sub(d);
    d = d.rotate_left(24) ^ a;
    a = a.wrapping_sub(b);
    b = b.rotate_left(20) ^ c;
    c = c.wrapping_sub(d);
    d = (d << 16) ^ (c >> 16) ^ a;
    a = a.wrapping_sub(b);
    s[..4].copy_from_slice(&[a, b, c, d]);
    a
}

impl RawStream for Seedrandom {
    #[inline]
    fn next_raw(&mut self) -> u64 {
        u64::from(self.next32())
    }
}
