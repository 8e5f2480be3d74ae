//! Block kernels of npm seedrandom's integer-seeded generators
//! (`core/src/prng/modern/seedrandom.rs`, the reference).
//!
//! xor128, xorwow's xorshift part and xorshift7 are linear over GF(2), and an
//! integer seed sets one 32-bit state word (xorwow's Weyl counter `d` is a
//! function of the seed that only enters the output by an addition). So
//! the first W words each generator writes after its discarded outputs
//! (64, 64, 256) are a linear map of the 32 seed bits: per seed byte a
//! 256-entry table of their contribution turns 64 or 256 steps into 4
//! lookups and XORs per word (docs/design.md, "GF(2)-linear seeding").
//! Those W words are also the whole state after W more steps (xor128: x, y,
//! z, w; xorwow: x, y, z, w, v; xorshift7: X[0..8] with the index back at
//! 0), from which later outputs step on. Tyche-i (additions) runs its 20
//! discarded steps lane-major.

use super::lanes::{self, LaneGen};
use super::{Scratch, LANES};
use crate::prng::modern::seedrandom::{tychei_round, tychei_seeded};
use crate::prng::modern::{Seedrandom, SeedrandomKind};
use crate::prng::RawStream;
use std::sync::OnceLock;

/// xorwow's Weyl increment.
const WEYL: u32 = 362_437;

/// Per seed byte k and value v, the XOR contribution of `v << 8k` to the first
/// `W` words written after the discards: `t[k][v][w]`.
type ByteTable<const W: usize> = [[[u32; W]; 256]; 4];

/// Builds a [`ByteTable`] from the words of the basis seeds `1 << b`.
fn byte_table<const W: usize>(words: impl Fn(u32) -> [u32; W]) -> Box<ByteTable<W>> {
    let cols: Vec<[u32; W]> = (0..32).map(|b| words(1 << b)).collect();
    let mut t = Box::new([[[0u32; W]; 256]; 4]);
    for (k, tk) in t.iter_mut().enumerate() {
        for (v, row) in tk.iter_mut().enumerate() {
            for bit in 0..8 {
                if v >> bit & 1 == 1 {
                    for (r, c) in row.iter_mut().zip(cols[8 * k + bit]) {
                        *r ^= c;
                    }
                }
            }
        }
    }
    t
}

/// The first `W` outputs of `kind` from `seed`, by the reference.
fn first_outputs<const W: usize>(kind: SeedrandomKind, seed: u32) -> [u32; W] {
    let mut g = Seedrandom::new(kind, seed);
    std::array::from_fn(|_| g.next_raw() as u32)
}

/// xorwow's counter `d` after the seeding and `steps` steps.
#[inline(always)]
fn xorwow_d(seed: u32, steps: u32) -> u32 {
    ((seed << 10) ^ (seed >> 4)).wrapping_add(steps.wrapping_mul(WEYL))
}

fn xor128_table() -> &'static ByteTable<4> {
    static T: OnceLock<Box<ByteTable<4>>> = OnceLock::new();
    T.get_or_init(|| byte_table(|seed| first_outputs::<4>(SeedrandomKind::Xor128, seed)))
}

fn xorwow_table() -> &'static ByteTable<5> {
    static T: OnceLock<Box<ByteTable<5>>> = OnceLock::new();
    T.get_or_init(|| {
        byte_table(|seed| {
            // v_i = output_i - d_i, d_i = d after 64 + i + 1 steps.
            let o = first_outputs::<5>(SeedrandomKind::Xorwow, seed);
            std::array::from_fn(|i| o[i].wrapping_sub(xorwow_d(seed, 65 + i as u32)))
        })
    })
}

fn xorshift7_table() -> &'static ByteTable<8> {
    static T: OnceLock<Box<ByteTable<8>>> = OnceLock::new();
    T.get_or_init(|| byte_table(|seed| first_outputs::<8>(SeedrandomKind::Xorshift7, seed)))
}

/// Seed 0 of xorshift7 also sets X[7] = -1 (outside the linear map): its words.
fn xorshift7_zero() -> &'static [u32; 8] {
    static Z: OnceLock<[u32; 8]> = OnceLock::new();
    Z.get_or_init(|| first_outputs::<8>(SeedrandomKind::Xorshift7, 0))
}

/// `acc[w][l]` = the table words of seed `base + l` (as u32), w < `nw`.
#[inline(always)]
fn table_words<const W: usize>(
    t: &ByteTable<W>,
    base: u64,
    nw: usize,
    acc: &mut [[u32; LANES]; W],
) {
    for l in 0..LANES {
        let seed = base.wrapping_add(l as u64) as u32;
        let r0 = &t[0][(seed & 0xff) as usize];
        let r1 = &t[1][(seed >> 8 & 0xff) as usize];
        let r2 = &t[2][(seed >> 16 & 0xff) as usize];
        let r3 = &t[3][(seed >> 24) as usize];
        for w in 0..nw {
            acc[w][l] = r0[w] ^ r1[w] ^ r2[w] ^ r3[w];
        }
    }
}

/// Outputs W.. of every lane, stepping on from the W table words by `step`
/// (rare: only offsets and skips ask for more than W outputs).
#[inline(always)]
fn step_on<const W: usize>(
    acc: &[[u32; LANES]; W],
    count: usize,
    s: &mut Scratch,
    mut step: impl FnMut(usize, &mut [u32; 8]) -> u32,
) {
    for l in 0..LANES {
        let mut st = [0u32; 8];
        for w in 0..W {
            st[w] = acc[w][l];
        }
        for i in W..count {
            s.raw[i][l] = u64::from(step(l, &mut st));
        }
    }
}

/// seedrandom `xor128` by the byte tables (any `count`).
pub fn seedrandom_xor128(base: u64, count: usize, s: &mut Scratch) {
    let mut acc = [[0u32; LANES]; 4];
    table_words(xor128_table(), base, count.min(4), &mut acc);
    for (i, row) in acc.iter().enumerate().take(count) {
        for l in 0..LANES {
            s.raw[i][l] = u64::from(row[l]);
        }
    }
    if count > 4 {
        step_on(&acc, count, s, |_, st| {
            let t = st[0] ^ (st[0] << 11);
            *st = [
                st[1],
                st[2],
                st[3],
                st[3] ^ (st[3] >> 19) ^ t ^ (t >> 8),
                0,
                0,
                0,
                0,
            ];
            st[3]
        });
    }
}

/// seedrandom `xorwow` by the byte tables (any `count`).
pub fn seedrandom_xorwow(base: u64, count: usize, s: &mut Scratch) {
    let mut acc = [[0u32; LANES]; 5];
    table_words(xorwow_table(), base, count.min(5), &mut acc);
    for (i, row) in acc.iter().enumerate().take(count) {
        for l in 0..LANES {
            let seed = base.wrapping_add(l as u64) as u32;
            s.raw[i][l] = u64::from(row[l].wrapping_add(xorwow_d(seed, 65 + i as u32)));
        }
    }
    if count > 5 {
        step_on(&acc, count, s, |l, st| {
            // The step after output 4 is step 70 since seeding; st[5] holds
            // the steps taken past 70.
            let seed = base.wrapping_add(l as u64) as u32;
            let t = st[0] ^ (st[0] >> 2);
            let v = (st[4] ^ (st[4] << 4)) ^ (t ^ (t << 1));
            let k = st[5];
            *st = [st[1], st[2], st[3], st[4], v, k + 1, 0, 0];
            xorwow_d(seed, 70 + k).wrapping_add(v)
        });
    }
}

/// seedrandom `xorshift7` by the byte tables (any `count`).
pub fn seedrandom_xorshift7(base: u64, count: usize, s: &mut Scratch) {
    let mut acc = [[0u32; LANES]; 8];
    let nw = count.min(8);
    table_words(xorshift7_table(), base, nw, &mut acc);
    let zero = xorshift7_zero();
    for l in 0..LANES {
        if base.wrapping_add(l as u64) as u32 == 0 {
            for w in 0..8 {
                acc[w][l] = zero[w];
            }
        }
    }
    for (i, row) in acc.iter().enumerate().take(count) {
        for l in 0..LANES {
            s.raw[i][l] = u64::from(row[l]);
        }
    }
    if count > 8 {
        let mut idx = [0usize; LANES];
        step_on(&acc, count, s, |l, st| {
            let i = idx[l];
            let mut t = st[i];
            t ^= t >> 7;
            let mut v = t ^ (t << 24);
            t = st[(i + 1) & 7];
            v ^= t ^ (t >> 10);
            t = st[(i + 3) & 7];
            v ^= t ^ (t >> 3);
            t = st[(i + 4) & 7];
            v ^= t ^ (t << 7);
            t = st[(i + 7) & 7];
            t ^= t << 13;
            v ^= t ^ (t << 9);
            st[i] = v;
            idx[l] = (i + 1) & 7;
            v
        });
    }
}

/// Tyche-i, lane-major: the 20 discarded steps and the outputs.
struct Tychei;

impl LaneGen<u32, 4> for Tychei {
    #[inline(always)]
    fn init(seed: u64) -> [u32; 4] {
        tychei_seeded(seed as u32)
    }
    #[inline(always)]
    fn next(st: &mut [u32; 4]) -> u64 {
        u64::from(tychei_round(st))
    }
}

/// seedrandom `tychei` (any `count`).
pub fn seedrandom_tychei(base: u64, count: usize, s: &mut Scratch) {
    lanes::run::<u32, 4, Tychei, { lanes::out::FULL }>(base, count, s)
}
