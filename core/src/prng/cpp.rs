//! libstdc++ engines beyond mt19937 and minstd: `std::knuth_b`,
//! `std::ranlux24_base`, `std::ranlux48_base` and `std::mt19937_64`, as
//! libstdc++ 12 implements them (bits/random.h, bits/random.tcc).

use super::RawStream;

/// `std::knuth_b`: `shuffle_order_engine<minstd_rand0, 256>`. The table index
/// `k * (y - min) / (max - min + 1.0L)` is computed exactly in integers (the
/// long double quotient is never within rounding of an integer boundary).
#[derive(Clone)]
pub struct KnuthB {
    b: super::lcg::Minstd,
    v: Box<[u64; 256]>,
    y: u64,
}

impl KnuthB {
    /// `std::knuth_b g(seed)`.
    pub fn new(seed: u64) -> Self {
        let mut b = super::lcg::Minstd::new(seed, 16_807);
        let mut v = Box::new([0u64; 256]);
        for x in v.iter_mut() {
            *x = b.next_raw();
        }
        let y = b.next_raw();
        KnuthB { b, v, y }
    }
}

impl RawStream for KnuthB {
    fn next_raw(&mut self) -> u64 {
        // min() = 1, max() = 2^31 - 2.
        let j = (256 * (self.y - 1) / 2_147_483_646) as usize;
        self.y = self.v[j];
        self.v[j] = self.b.next_raw();
        self.y
    }
}

/// `subtract_with_carry_engine<UIntType, w, s, r>`: `ranlux24_base` is
/// (24, 10, 24), `ranlux48_base` (48, 5, 12). Seeded by
/// `linear_congruential_engine<uint_least32_t, 40014, 0, 2147483563>` from the
/// seed (19780503 for 0), (w + 31) / 32 draws per word.
#[derive(Clone)]
pub struct SubtractWithCarry {
    x: [u64; 24],
    w: u32,
    s: usize,
    r: usize,
    carry: u64,
    p: usize,
}

impl SubtractWithCarry {
    /// The engine of word size `w`, short lag `s`, long lag `r`, seeded with `seed`.
    pub fn new(seed: u64, w: u32, s: usize, r: usize) -> Self {
        let value = if seed == 0 {
            19_780_503
        } else {
            seed as u32 as u64
        };
        let m = 2_147_483_563u64;
        let mut lcg = value % m;
        if lcg == 0 {
            lcg = 1;
        }
        let mut next = || {
            lcg = lcg * 40_014 % m;
            lcg
        };
        let n = (w as usize).div_ceil(32);
        let mut x = [0u64; 24];
        for xi in x.iter_mut().take(r) {
            let mut sum = 0u64;
            for j in 0..n {
                sum = sum.wrapping_add(next() << (32 * j));
            }
            *xi = sum & ((1u64 << w) - 1);
        }
        let carry = u64::from(x[r - 1] == 0);
        SubtractWithCarry {
            x,
            w,
            s,
            r,
            carry,
            p: 0,
        }
    }
}

impl RawStream for SubtractWithCarry {
    fn next_raw(&mut self) -> u64 {
        let ps = (self.p + self.r - self.s) % self.r;
        let (a, b) = (self.x[ps], self.x[self.p]);
        let xi = if a >= b + self.carry {
            let v = a - b - self.carry;
            self.carry = 0;
            v
        } else {
            let v = (1u64 << self.w) - b - self.carry + a;
            self.carry = 1;
            v
        };
        self.x[self.p] = xi;
        self.p += 1;
        if self.p >= self.r {
            self.p = 0;
        }
        xi
    }
}

/// `std::mt19937_64` (MT19937-64, Nishimura 2000; mt19937-64.c init_genrand64).
#[derive(Clone)]
pub struct Mt19937_64 {
    mt: Box<[u64; 312]>,
    i: usize,
}

impl Mt19937_64 {
    /// `std::mt19937_64 g(seed)`.
    pub fn new(seed: u64) -> Self {
        let mut mt = Box::new([0u64; 312]);
        mt[0] = seed;
        for i in 1..312 {
            let x = mt[i - 1];
            mt[i] = 6_364_136_223_846_793_005u64
                .wrapping_mul(x ^ (x >> 62))
                .wrapping_add(i as u64);
        }
        Mt19937_64 { mt, i: 312 }
    }
}

/// Output tempering of MT19937-64.
#[inline(always)]
pub fn temper64(mut y: u64) -> u64 {
    y ^= (y >> 29) & 0x5555_5555_5555_5555;
    y ^= (y << 17) & 0x71d6_7fff_eda6_0000;
    y ^= (y << 37) & 0xfff7_eee0_0000_0000;
    y ^ (y >> 43)
}

/// Outputs [`mt64_first_outputs`] can produce.
pub const MT64_LAZY_MAX: usize = 155;

/// The first `out.len()` (at most [`MT64_LAZY_MAX`]) outputs of
/// `std::mt19937_64 g(seed)` without the full state: output i needs init
/// words i, i + 1 and i + 156.
pub fn mt64_first_outputs(seed: u64, out: &mut [u64]) {
    debug_assert!(out.len() <= MT64_LAZY_MAX);
    let r = out.len();
    let mut a = [0u64; 157];
    let step = |x: u64, i: u64| {
        6_364_136_223_846_793_005u64
            .wrapping_mul(x ^ (x >> 62))
            .wrapping_add(i)
    };
    let mut w = seed;
    a[0] = w;
    for (i, slot) in a.iter_mut().enumerate().take(r + 1).skip(1) {
        w = step(w, i as u64);
        *slot = w;
    }
    for i in r + 1..156 {
        w = step(w, i as u64);
    }
    for (j, o) in out.iter_mut().enumerate() {
        w = step(w, 156 + j as u64);
        let y = (a[j] & 0xffff_ffff_8000_0000) | (a[j + 1] & 0x7fff_ffff);
        let mag = if y & 1 == 1 { 0xb502_6f5a_a966_19e9 } else { 0 };
        *o = temper64(w ^ (y >> 1) ^ mag);
    }
}

impl RawStream for Mt19937_64 {
    fn next_raw(&mut self) -> u64 {
        const UM: u64 = 0xffff_ffff_8000_0000;
        const LM: u64 = 0x7fff_ffff;
        if self.i >= 312 {
            for k in 0..312 {
                let y = (self.mt[k] & UM) | (self.mt[(k + 1) % 312] & LM);
                let mag = if y & 1 == 1 { 0xb502_6f5a_a966_19e9 } else { 0 };
                self.mt[k] = self.mt[(k + 156) % 312] ^ (y >> 1) ^ mag;
            }
            self.i = 0;
        }
        let y = self.mt[self.i];
        self.i += 1;
        temper64(y)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lazy_mt64_outputs_equal_the_full_engine() {
        for seed in [0u64, 1, 5489, u64::MAX, 0x0123_4567_89ab_cdef] {
            let mut g = Mt19937_64::new(seed);
            let want: Vec<u64> = (0..MT64_LAZY_MAX).map(|_| g.next_raw()).collect();
            let mut got = vec![0u64; MT64_LAZY_MAX];
            mt64_first_outputs(seed, &mut got);
            assert_eq!(got, want, "seed {seed}");
        }
    }
}
