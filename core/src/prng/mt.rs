//! MT19937 (Matsumoto and Nishimura 1998), following the reference `mt19937ar.c`
//! (2002 version: `init_genrand`, `init_by_array`, `genrand_int32`).
//!
//! Raw output: the tempered 32-bit word of `genrand_int32()`.

use super::RawStream;

/// State size in words.
pub const N: usize = 624;
/// Middle word offset of the twist.
pub const M: usize = 397;
const MATRIX_A: u32 = 0x9908_b0df;
const UPPER_MASK: u32 = 0x8000_0000;
const LOWER_MASK: u32 = 0x7fff_ffff;

/// One step of `init_genrand`: state word `i` from word `i - 1`.
#[inline(always)]
pub fn init_step(prev: u32, i: u32) -> u32 {
    1_812_433_253u32
        .wrapping_mul(prev ^ (prev >> 30))
        .wrapping_add(i)
}

/// `init_genrand(s)`: the seeding of PHP `mt_srand`, Ruby `Random.new(s)` for
/// s < 2^32, numpy `RandomState(s)` and C++ `std::mt19937(s)`.
pub fn init_genrand(seed: u32) -> [u32; N] {
    let mut mt = [0u32; N];
    mt[0] = seed;
    for i in 1..N {
        mt[i] = init_step(mt[i - 1], i as u32);
    }
    mt
}

/// `init_by_array(key)`: the seeding of CPython `random.seed(int)`.
pub fn init_by_array(key: &[u32]) -> [u32; N] {
    let mut mt = init_genrand(19_650_218);
    let (mut i, mut j) = (1usize, 0usize);
    let klen = key.len().max(1);
    for _ in 0..N.max(key.len()) {
        let prev = mt[i - 1];
        mt[i] = (mt[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_664_525))
            .wrapping_add(key.get(j).copied().unwrap_or(0))
            .wrapping_add(j as u32);
        i += 1;
        j += 1;
        if i >= N {
            mt[0] = mt[N - 1];
            i = 1;
        }
        if j >= klen {
            j = 0;
        }
    }
    for _ in 0..N - 1 {
        let prev = mt[i - 1];
        mt[i] = (mt[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_566_083_941)).wrapping_sub(i as u32);
        i += 1;
        if i >= N {
            mt[0] = mt[N - 1];
            i = 1;
        }
    }
    mt[0] = 0x8000_0000;
    mt
}

/// The key CPython builds from a non-negative integer seed: its 32-bit words,
/// least significant first (`random_seed` in `Modules/_randommodule.c`).
pub fn python_key(seed: u64) -> ([u32; 2], usize) {
    let words = [seed as u32, (seed >> 32) as u32];
    (words, if seed >> 32 == 0 { 1 } else { 2 })
}

/// The twist of one word: new `mt[i]` from `mt[i]`, `mt[i+1]` and `mt[i+397]`.
#[inline(always)]
pub fn twist_word(a: u32, b: u32, c: u32) -> u32 {
    let y = (a & UPPER_MASK) | (b & LOWER_MASK);
    c ^ (y >> 1) ^ (0u32.wrapping_sub(y & 1) & MATRIX_A)
}

/// The tempering of `genrand_int32`.
#[inline(always)]
pub fn temper(mut y: u32) -> u32 {
    y ^= y >> 11;
    y ^= (y << 7) & 0x9d2c_5680;
    y ^= (y << 15) & 0xefc6_0000;
    y ^ (y >> 18)
}

/// An MT19937 generator positioned at the start of its output.
#[derive(Clone)]
pub struct Mt19937 {
    mt: [u32; N],
    idx: usize,
}

impl Mt19937 {
    /// From a state as left by a seeding function (before the first twist).
    pub fn from_state(mt: [u32; N]) -> Self {
        Mt19937 { mt, idx: N }
    }
    /// From a state and a read position (numpy's SeedSequence path leaves
    /// `pos = 623`: its first output is word 623, untwisted).
    pub fn from_state_at(mt: [u32; N], idx: usize) -> Self {
        Mt19937 {
            mt,
            idx: idx.min(N),
        }
    }
    /// `init_genrand(seed)`.
    pub fn genrand(seed: u32) -> Self {
        Self::from_state(init_genrand(seed))
    }
    /// CPython `random.seed(seed)` for a non-negative integer seed.
    pub fn python(seed: u64) -> Self {
        let (key, len) = python_key(seed);
        Self::from_state(init_by_array(&key[..len]))
    }
    fn twist(&mut self) {
        for i in 0..N {
            let c = self.mt[(i + M) % N];
            self.mt[i] = twist_word(self.mt[i], self.mt[(i + 1) % N], c);
        }
        self.idx = 0;
    }
    /// `genrand_int32()`.
    #[inline]
    pub fn next_u32(&mut self) -> u32 {
        if self.idx >= N {
            self.twist();
        }
        let y = self.mt[self.idx];
        self.idx += 1;
        temper(y)
    }
}

impl RawStream for Mt19937 {
    fn next_raw(&mut self) -> u64 {
        u64::from(self.next_u32())
    }
}

/// PHP's `MT_RAND_PHP` twist (php-src ext/random/mt19937.c `twist_php`): the
/// matrix is applied by the low bit of the *upper* word `u`, a bug kept for
/// compatibility with PHP before 7.1.
#[inline(always)]
pub fn twist_word_php(u: u32, v: u32, m: u32) -> u32 {
    let y = (u & UPPER_MASK) | (v & LOWER_MASK);
    m ^ (y >> 1) ^ (0u32.wrapping_sub(u & 1) & MATRIX_A)
}

/// `mt_srand(seed, MT_RAND_PHP); mt_rand()`: init_genrand, the legacy twist,
/// the usual tempering, output `>> 1` (31 bits).
#[derive(Clone)]
pub struct MtPhpLegacy {
    mt: [u32; N],
    idx: usize,
}

impl MtPhpLegacy {
    /// `mt_srand(seed, MT_RAND_PHP)`.
    pub fn new(seed: u32) -> Self {
        MtPhpLegacy {
            mt: init_genrand(seed),
            idx: N,
        }
    }
}

impl RawStream for MtPhpLegacy {
    fn next_raw(&mut self) -> u64 {
        if self.idx >= N {
            for i in 0..N {
                self.mt[i] = twist_word_php(self.mt[i], self.mt[(i + 1) % N], self.mt[(i + M) % N]);
            }
            self.idx = 0;
        }
        let y = self.mt[self.idx];
        self.idx += 1;
        u64::from(temper(y) >> 1)
    }
}
