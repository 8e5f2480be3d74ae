//! glibc's `random_r` TYPE_3 generator (behind `rand()` and `random()`) and `rand_r`,
//! following glibc 2.36 `stdlib/random_r.c` (`__srandom_r`, `__random_r`) and
//! `stdlib/rand_r.c`.
//!
//! TYPE_3 is additive feedback r[i] = r[i-31] + r[i-3] (mod 2^32) over 34 seeded
//! words, 310 outputs discarded at seeding; raw output: the 31-bit `rand()` value.

use super::RawStream;

/// The Park-Miller modulus used by the seeding.
pub const PM_MODULUS: i64 = 2_147_483_647;

/// The 31 seeded words r[0..31] of `srandom(seed)`: r[0] = seed (1 if 0), then
/// r[i] = 16807 * r[i-1] mod (2^31 - 1) computed on a signed 32-bit word.
#[inline(always)]
pub fn seed_words(seed: u32) -> [u32; 31] {
    let seed = if seed == 0 { 1 } else { seed };
    let mut r = [0u32; 31];
    r[0] = seed;
    // `int32_t word = seed`, then Schrage's method, which equals the true residue.
    let mut word = i64::from(seed as i32);
    for slot in r.iter_mut().skip(1) {
        word = (16_807 * word).rem_euclid(PM_MODULUS);
        *slot = word as u32;
    }
    r
}

/// glibc `srandom(seed)` / `srand(seed)` then `random()` / `rand()`.
#[derive(Clone)]
pub struct GlibcRandom {
    ring: [u32; 34],
    i: usize,
}

impl GlibcRandom {
    /// `srand(seed)`.
    pub fn new(seed: u32) -> Self {
        let w = seed_words(seed);
        let mut ring = [0u32; 34];
        ring[..31].copy_from_slice(&w);
        ring[31..34].copy_from_slice(&w[..3]);
        let mut g = GlibcRandom { ring, i: 34 };
        for _ in 0..310 {
            g.step();
        }
        g
    }
    #[inline(always)]
    fn step(&mut self) -> u32 {
        let v = self.ring[(self.i + 3) % 34].wrapping_add(self.ring[(self.i + 31) % 34]);
        self.ring[self.i % 34] = v;
        self.i += 1;
        v
    }
    /// `rand()`: 31 bits.
    pub fn next_u31(&mut self) -> u32 {
        self.step() >> 1
    }
}

impl RawStream for GlibcRandom {
    fn next_raw(&mut self) -> u64 {
        u64::from(self.next_u31())
    }
}

/// glibc `rand_r(&state)`: three steps of the LCG a=1103515245, c=12345 combined
/// into 11+10+10 bits. The state is the caller's seed.
#[derive(Clone)]
pub struct RandR {
    /// The `unsigned int` the caller passes by pointer.
    pub state: u32,
}

impl RandR {
    #[inline(always)]
    fn lcg(x: u32) -> u32 {
        x.wrapping_mul(1_103_515_245).wrapping_add(12_345)
    }
    /// One `rand_r` call: 31 bits.
    #[inline(always)]
    pub fn next_u31(&mut self) -> u32 {
        let mut next = Self::lcg(self.state);
        let mut result = (next / 65_536) % 2048;
        next = Self::lcg(next);
        result = (result << 10) ^ ((next / 65_536) % 1024);
        next = Self::lcg(next);
        result = (result << 10) ^ ((next / 65_536) % 1024);
        self.state = next;
        result
    }
}

impl RawStream for RandR {
    fn next_raw(&mut self) -> u64 {
        u64::from(self.next_u31())
    }
}

/// glibc `random()` with the other state sizes of `initstate()`: TYPE_0 (8
/// bytes: the LCG `x = (1103515245 x + 12345) mod 2^31`, output x) or additive
/// feedback of degree `deg` and separation `sep` (TYPE_1: 7, 3; TYPE_2: 15, 1;
/// TYPE_4: 63, 1), seeded by `16807 x mod 2^31-1` and 10 deg outputs
/// discarded (glibc stdlib/random_r.c `__srandom_r`, `__random_r`).
#[derive(Clone)]
pub struct GlibcTyped {
    r: [u32; 63],
    deg: usize,
    f: usize,
    b: usize,
}

impl GlibcTyped {
    /// `initstate(seed, buf, size)` for the type of degree `deg` (0: TYPE_0).
    pub fn new(seed: u32, deg: usize, sep: usize) -> Self {
        let seed = if seed == 0 { 1 } else { seed };
        let mut r = [0u32; 63];
        r[0] = seed;
        let mut g = GlibcTyped {
            r,
            deg,
            f: sep,
            b: 0,
        };
        if deg == 0 {
            return g;
        }
        let mut word = i64::from(seed as i32);
        for i in 1..deg {
            word = if word >= 0 {
                // Mersenne fold of a product below 2^46.
                let p = 16_807 * word;
                let r = (p & PM_MODULUS) + (p >> 31);
                if r >= PM_MODULUS {
                    r - PM_MODULUS
                } else {
                    r
                }
            } else {
                (16_807 * word).rem_euclid(PM_MODULUS)
            };
            g.r[i] = word as u32;
        }
        for _ in 0..10 * deg {
            g.step();
        }
        g
    }
    #[inline(always)]
    fn step(&mut self) -> u32 {
        if self.deg == 0 {
            let v = self.r[0].wrapping_mul(1_103_515_245).wrapping_add(12_345) & 0x7fff_ffff;
            self.r[0] = v;
            return v;
        }
        let v = self.r[self.f].wrapping_add(self.r[self.b]);
        self.r[self.f] = v;
        self.f += 1;
        if self.f >= self.deg {
            self.f = 0;
            self.b += 1;
        } else {
            self.b += 1;
            if self.b >= self.deg {
                self.b = 0;
            }
        }
        v >> 1
    }
}

impl RawStream for GlibcTyped {
    fn next_raw(&mut self) -> u64 {
        u64::from(self.step())
    }
}
