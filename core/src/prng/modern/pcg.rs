//! PCG generators: 128-bit LCGs with XSL-RR or DXSM output (numpy, PHP 8.2, Go
//! `math/rand/v2`, rand_pcg) and rand_pcg's `Pcg32`, with rand_core's seed expansion.

use super::Next64;
use crate::prng::RawStream;

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
#[inline(always)]
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
