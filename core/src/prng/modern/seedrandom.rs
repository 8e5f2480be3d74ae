//! npm seedrandom's integer-seeded generators: xor128, xorwow, xorshift7, tychei.

use crate::prng::RawStream;

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
    let mut q = [s[0], s[1], s[2], s[3]];
    let a = tychei_round(&mut q);
    s[..4].copy_from_slice(&q);
    a
}

/// One Tyche-i step on (a, b, c, d) (`lib/tychei.js` `next`); returns the new a.
#[inline(always)]
pub fn tychei_round(s: &mut [u32; 4]) -> u32 {
    let [mut a, mut b, mut c, mut d] = *s;
    b = b.rotate_left(25) ^ c;
    c = c.wrapping_sub(d);
    d = d.rotate_left(24) ^ a;
    a = a.wrapping_sub(b);
    b = b.rotate_left(20) ^ c;
    c = c.wrapping_sub(d);
    d = (d << 16) ^ (c >> 16) ^ a;
    a = a.wrapping_sub(b);
    *s = [a, b, c, d];
    a
}

/// The Tyche-i state of `seedrandom.tychei(seed)` after its 20 discarded outputs.
#[inline(always)]
pub fn tychei_seeded(seed: u32) -> [u32; 4] {
    let mut s = [0, seed, 2_654_435_769, 1_367_130_551];
    for _ in 0..20 {
        tychei_round(&mut s);
    }
    s
}

impl RawStream for Seedrandom {
    #[inline]
    fn next_raw(&mut self) -> u64 {
        u64::from(self.next32())
    }
}
