//! The registry: each source (the runtime API a user knows) mapped to its
//! algorithm, seeding function, seed space and range reductions.
//!
//! Sources that share a generator and a seeding function share a [`Family`]: the
//! sieve computes their raw outputs once per seed and checks every source's
//! reductions on them (PHP, Ruby, numpy and C++ all seed MT19937 with
//! `init_genrand`).

use crate::prng::{self, RawStream};
use crate::reduction::{RawForm, Reduction};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A source id of registry v1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum SourceId {
    PythonRandom,
    PhpMtRand,
    RubyRandom,
    NumpyRandomstate,
    Mt19937,
    GlibcRand,
    GlibcRandR,
    Rand48,
    JavaRandom,
    DotnetRandom,
    GoMathRand,
    MsvcRand,
    MinstdRand0,
    MinstdRand,
    GlibcRandomType0,
    GlibcRandomType1,
    GlibcRandomType2,
    GlibcRandomType4,
    CppKnuthB,
    CppRanlux24Base,
    CppRanlux48Base,
    CppMt19937_64,
    PhpMtRandLegacy,
    JavaSplittableRandom,
    JavaXoroshiro128plusplus,
    JavaXoshiro256plusplus,
    JavaL32x64mixrandom,
    JavaL64x128mixrandom,
    JavaL64x128starstarrandom,
    JavaL64x256mixrandom,
    JavaL64x1024mixrandom,
    JavaL128x128mixrandom,
    JavaL128x256mixrandom,
    JavaL128x1024mixrandom,
    NumpyPcg64,
    NumpyPcg64dxsm,
    NumpyMt19937,
    NumpySfc64,
    NumpyPhilox,
    PhpPcgOneseq128,
    PhpXoshiro256starstar,
    GoRandV2Pcg,
    RustPcg32,
    RustPcg64,
    RustPcg64mcg,
    RustXoshiro256plusplus,
    RustXoshiro256starstar,
    RustXoroshiro128plusplus,
    SeedrandomXor128,
    SeedrandomXorwow,
    SeedrandomXorshift7,
    SeedrandomTychei,
}

/// Generator families: one raw-output computation serves every source in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum Family {
    /// MT19937 seeded by `init_genrand(seed)`.
    MtGenrand,
    /// MT19937 seeded by CPython's `init_by_array(words of seed)`.
    MtPython,
    GlibcRandom,
    GlibcRandR,
    Rand48,
    JavaRandom,
    DotnetRandom,
    GoRngSource,
    MsvcRand,
    MinstdRand0,
    MinstdRand,
    /// glibc random() after initstate(s, buf, 8): the TYPE_0 LCG.
    GlibcRandomType0,
    /// glibc random() TYPE_1 (degree 7, separation 3).
    GlibcRandomType1,
    /// glibc random() TYPE_2 (degree 15, separation 1).
    GlibcRandomType2,
    /// glibc random() TYPE_4 (degree 63, separation 1).
    GlibcRandomType4,
    /// std::knuth_b (shuffled minstd_rand0).
    CppKnuthB,
    /// std::ranlux24_base (subtract with carry 24, 10, 24).
    CppRanlux24Base,
    /// std::ranlux48_base (subtract with carry 48, 5, 12).
    CppRanlux48Base,
    /// std::mt19937_64.
    CppMt19937_64,
    /// PHP mt_rand with MT_RAND_PHP (legacy twist), output >> 1.
    MtPhpLegacy,
    /// SplitMix64 (gamma 0x9e3779b97f4a7c15), nextInt() = mix32(seed += gamma).
    JavaSplittableRandom,
    /// xoroshiro128++; state from mixStafford13(s ^ SILVER_RATIO_64 + k GOLDEN_RATIO_64); nextInt() = nextLong() >>> 32.
    JavaXoroshiro128plusplus,
    /// xoshiro256++; state from mixStafford13 over s ^ SILVER_RATIO_64; nextInt() = nextLong() >>> 32.
    JavaXoshiro256plusplus,
    /// LXM: 32-bit LCG (0xadb4a92d) + xoroshiro64, mixLea32; native nextInt().
    JavaL32x64mixrandom,
    /// LXM: 64-bit LCG (0xd1342543de82ef95) + xoroshiro128, mixLea64; nextInt() = nextLong() >>> 32.
    JavaL64x128mixrandom,
    /// LXM: 64-bit LCG + xoroshiro128, StarStar scrambler; nextInt() = nextLong() >>> 32.
    JavaL64x128starstarrandom,
    /// LXM: 64-bit LCG + xoshiro256, mixLea64; nextInt() = nextLong() >>> 32.
    JavaL64x256mixrandom,
    /// LXM: 64-bit LCG + xoroshiro1024, mixLea64; nextInt() = nextLong() >>> 32.
    JavaL64x1024mixrandom,
    /// LXM: 128-bit LCG (2^64 + 0xd605bbb58c8abbfd) + xoroshiro128, mixLea64; nextInt() = nextLong() >>> 32.
    JavaL128x128mixrandom,
    /// LXM: 128-bit LCG + xoshiro256, mixLea64; nextInt() = nextLong() >>> 32.
    JavaL128x256mixrandom,
    /// LXM: 128-bit LCG + xoroshiro1024, mixLea64; nextInt() = nextLong() >>> 32.
    JavaL128x1024mixrandom,
    /// PCG64 (128-bit LCG, XSL-RR) seeded by SeedSequence; next_uint32 = low then high half.
    NumpyPcg64,
    /// PCG64DXSM (128-bit LCG with the cheap multiplier, DXSM of the old state) seeded by SeedSequence.
    NumpyPcg64dxsm,
    /// MT19937 with key[0] = 0x80000000, key[1..624] from SeedSequence (not init_genrand).
    NumpyMt19937,
    /// SFC64 (a, b, c from SeedSequence, counter 1, 12 discarded).
    NumpySfc64,
    /// Philox4x64-10, key from SeedSequence, counter from 1.
    NumpyPhilox,
    /// PCG oneseq 128 XSL-RR 64: state 0, step, + seed, step.
    PhpPcgOneseq128,
    /// xoshiro256** seeded by SplitMix64(s).
    PhpXoshiro256starstar,
    /// PCG 128-bit LCG, DXSM of the new state; NewPCG(s, 0): state hi = s, lo = 0.
    GoRandV2Pcg,
    /// PCG32 (64-bit LCG, XSH-RR of the old state); state and stream from rand_core's PCG32 seed expansion.
    RustPcg32,
    /// PCG 128-bit LCG XSL-RR (Lcg128Xsl64); next_u32 = low half.
    RustPcg64,
    /// PCG 128-bit MCG XSL-RR (Mcg128Xsl64); next_u32 = low half.
    RustPcg64mcg,
    /// xoshiro256++ seeded by SplitMix64(s); next_u32 = high half.
    RustXoshiro256plusplus,
    /// xoshiro256** seeded by SplitMix64(s); next_u32 = high half.
    RustXoshiro256starstar,
    /// xoroshiro128++ seeded by SplitMix64(s); next_u32 = low half.
    RustXoroshiro128plusplus,
    /// Marsaglia xor128, x = seed, 64 discarded.
    SeedrandomXor128,
    /// Marsaglia xorwow, x = seed, d = x << 10 ^ x >>> 4, 64 discarded.
    SeedrandomXorwow,
    /// xorshift7 (Panneton, L'Ecuyer), X[0] = seed, 256 discarded.
    SeedrandomXorshift7,
    /// Tyche-i (Neves, Araujo), b = seed, 20 discarded.
    SeedrandomTychei,
}

/// What a source's seeding function accepts and what the sieve sweeps by default.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct SeedSpace {
    /// Seeds the sieve sweeps when no `--seed-range` is given: [start, end).
    pub default_start: u64,
    /// End (exclusive) of the default sweep.
    pub default_end: u64,
    /// Largest seed the emulation accepts, exclusive.
    pub limit: u64,
    /// How the runtime maps the seed argument into this space.
    pub note: &'static str,
}

/// A registry entry.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct SourceInfo {
    /// The source.
    pub id: SourceId,
    /// The family whose raw outputs it reads.
    pub family: Family,
    /// The algorithm, in the field's terms.
    pub algorithm: &'static str,
    /// The calls a user made, as they would write them.
    pub calls: &'static str,
    /// The seed space.
    pub seeds: SeedSpace,
    /// Range reductions this runtime applies, each with the call that uses it.
    pub reductions: &'static [(Reduction, &'static str)],
    /// The reference the emulation follows.
    pub reference: &'static str,
}

const U32: u64 = 1 << 32;
const U31: u64 = 1 << 31;
const PM: u64 = (1 << 31) - 1;

/// Registry v1, in a stable order.
pub const SOURCES: &[SourceInfo] = &[
    SourceInfo {
        id: SourceId::PythonRandom,
        family: Family::MtPython,
        algorithm: "MT19937, init_by_array(32-bit words of |seed|)",
        calls: "random.seed(s); random.randrange(n) / randint(a, b)",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: u64::MAX, note: "any int; |s| split into 32-bit words (one word below 2^32)" },
        reductions: &[(Reduction::Randbelow, "randrange(a, b+1), randint(a, b): getrandbits(k) rejection"), (Reduction::Res53, "random() (--float)")],
        reference: "CPython Modules/_randommodule.c (random_seed, init_by_array, getrandbits); Lib/random.py _randbelow_with_getrandbits",
    },
    SourceInfo {
        id: SourceId::PhpMtRand,
        family: Family::MtGenrand,
        algorithm: "MT19937, init_genrand(seed)",
        calls: "mt_srand(s); mt_rand(a, b) / mt_rand()",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: U32, note: "zend_long cast to uint32" },
        reductions: &[(Reduction::Range32, "mt_rand(a, b)"), (Reduction::Shift1, "mt_rand() = genrand >> 1")],
        reference: "php-src ext/random/mt19937.c, ext/random/random.c php_random_range32 (PHP 7.1+, MT_RAND_MT19937)",
    },
    SourceInfo {
        id: SourceId::RubyRandom,
        family: Family::MtGenrand,
        algorithm: "MT19937, init_genrand(seed) for seed < 2^32",
        calls: "Random.new(s).rand(n)",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: U32, note: "seeds >= 2^32 use init_by_array (not in v1)" },
        reductions: &[(Reduction::MaskReject, "rand(n): limited_rand mask and reject")],
        reference: "ruby random.c (rand_mt_init, limited_rand), mt19937.c",
    },
    SourceInfo {
        id: SourceId::NumpyRandomstate,
        family: Family::MtGenrand,
        algorithm: "MT19937, init_genrand(seed)",
        calls: "numpy.random.RandomState(s).randint(lo, hi)",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: U32, note: "int seed in [0, 2^32)" },
        reductions: &[(Reduction::MaskReject, "randint(lo, hi): masked rejection (legacy)"), (Reduction::Res53, "random_sample() / random() (--float)")],
        reference: "numpy random/_mt19937.pyx _legacy_seeding; random/src/distributions/distributions.c buffered_bounded_masked_uint32",
    },
    SourceInfo {
        id: SourceId::Mt19937,
        family: Family::MtGenrand,
        algorithm: "MT19937, init_genrand(seed)",
        calls: "std::mt19937 g(s); g() % n",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: U32, note: "result_type seed, mod 2^32" },
        reductions: &[(Reduction::Mod, "g() % n")],
        reference: "C++11 [rand.eng.mers]; mt19937ar.c init_genrand",
    },
    SourceInfo {
        id: SourceId::GlibcRand,
        family: Family::GlibcRandom,
        algorithm: "glibc random_r TYPE_3: additive feedback r[i] = r[i-31] + r[i-3], 310 discarded",
        calls: "srand(s); rand() % n  |  rand() / (RAND_MAX + 1.0) * n  (random() is the same)",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: U32, note: "unsigned int; 0 acts as 1" },
        reductions: &[(Reduction::Mod, "rand() % n"), (Reduction::Float, "(int)(rand() / (RAND_MAX + 1.0) * n)")],
        reference: "glibc 2.36 stdlib/random_r.c (__srandom_r, __random_r)",
    },
    SourceInfo {
        id: SourceId::GlibcRandomType0,
        family: Family::GlibcRandomType0,
        algorithm: "glibc random_r TYPE_0: LCG x = (1103515245 x + 12345) mod 2^31",
        calls: "initstate(s, buf, 8); random() % n  |  random() / (RAND_MAX + 1.0) * n",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: U32, note: "unsigned int; 0 acts as 1" },
        reductions: &[(Reduction::Mod, "random() % n"), (Reduction::Float, "(int)(random() / (RAND_MAX + 1.0) * n)")],
        reference: "glibc 2.36 stdlib/random_r.c (__initstate_r, __srandom_r, __random_r)",
    },
    SourceInfo {
        id: SourceId::GlibcRandomType1,
        family: Family::GlibcRandomType1,
        algorithm: "glibc random_r TYPE_1: additive feedback x^7 + x^3 + 1, 70 discarded",
        calls: "initstate(s, buf, 32); random() % n  |  random() / (RAND_MAX + 1.0) * n",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: U32, note: "unsigned int; 0 acts as 1" },
        reductions: &[(Reduction::Mod, "random() % n"), (Reduction::Float, "(int)(random() / (RAND_MAX + 1.0) * n)")],
        reference: "glibc 2.36 stdlib/random_r.c (__initstate_r, __srandom_r, __random_r)",
    },
    SourceInfo {
        id: SourceId::GlibcRandomType2,
        family: Family::GlibcRandomType2,
        algorithm: "glibc random_r TYPE_2: additive feedback x^15 + x + 1, 150 discarded",
        calls: "initstate(s, buf, 64); random() % n  |  random() / (RAND_MAX + 1.0) * n",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: U32, note: "unsigned int; 0 acts as 1" },
        reductions: &[(Reduction::Mod, "random() % n"), (Reduction::Float, "(int)(random() / (RAND_MAX + 1.0) * n)")],
        reference: "glibc 2.36 stdlib/random_r.c (__initstate_r, __srandom_r, __random_r)",
    },
    SourceInfo {
        id: SourceId::GlibcRandomType4,
        family: Family::GlibcRandomType4,
        algorithm: "glibc random_r TYPE_4: additive feedback x^63 + x + 1, 630 discarded",
        calls: "initstate(s, buf, 256); random() % n  |  random() / (RAND_MAX + 1.0) * n",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: U32, note: "unsigned int; 0 acts as 1" },
        reductions: &[(Reduction::Mod, "random() % n"), (Reduction::Float, "(int)(random() / (RAND_MAX + 1.0) * n)")],
        reference: "glibc 2.36 stdlib/random_r.c (__initstate_r, __srandom_r, __random_r)",
    },
    SourceInfo {
        id: SourceId::CppKnuthB,
        family: Family::CppKnuthB,
        algorithm: "shuffle_order_engine<minstd_rand0, 256>: 256-entry table, index k (y - min) / (max - min + 1)",
        calls: "std::knuth_b g(s); g() % n",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: U32, note: "seed of minstd_rand0: s mod 2^31-1, 0 acts as 1" },
        reductions: &[(Reduction::Mod, "g() % n")],
        reference: "libstdc++ 12 bits/random.h, bits/random.tcc (shuffle_order_engine)",
    },
    SourceInfo {
        id: SourceId::CppRanlux24Base,
        family: Family::CppRanlux24Base,
        algorithm: "subtract_with_carry_engine<24, 10, 24>, seeded by LCG 40014 mod 2147483563",
        calls: "std::ranlux24_base g(s); g() % n",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: U32, note: "result_type seed; 0 means 19780503" },
        reductions: &[(Reduction::Mod, "g() % n")],
        reference: "libstdc++ 12 bits/random.h, bits/random.tcc (subtract_with_carry_engine)",
    },
    SourceInfo {
        id: SourceId::CppRanlux48Base,
        family: Family::CppRanlux48Base,
        algorithm: "subtract_with_carry_engine<48, 5, 12>, seeded by LCG 40014 mod 2147483563 (two draws per word)",
        calls: "std::ranlux48_base g(s); g() % n",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: U32, note: "result_type seed; 0 means 19780503" },
        reductions: &[(Reduction::Mod, "g() % n")],
        reference: "libstdc++ 12 bits/random.h, bits/random.tcc (subtract_with_carry_engine)",
    },
    SourceInfo {
        id: SourceId::CppMt19937_64,
        family: Family::CppMt19937_64,
        algorithm: "MT19937-64 (312 words, init_genrand64), 64-bit outputs",
        calls: "std::mt19937_64 g(s); g() % n",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: u64::MAX, note: "result_type (64-bit) seed" },
        reductions: &[(Reduction::Mod, "g() % n")],
        reference: "libstdc++ 12 bits/random.h, bits/random.tcc (mersenne_twister_engine)",
    },
    SourceInfo {
        id: SourceId::PhpMtRandLegacy,
        family: Family::MtPhpLegacy,
        algorithm: "MT19937 with PHP's legacy twist (matrix by the low bit of the upper word), init_genrand(seed), output >> 1",
        calls: "mt_srand(s, MT_RAND_PHP); mt_rand(a, b) / mt_rand()",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: U32, note: "zend_long cast to uint32" },
        reductions: &[(Reduction::Float, "mt_rand(a, b): a + (int)((b - a + 1.0) * (mt_rand() / 2^31)) (RAND_RANGE_BADSCALING)")],
        reference: "php-src ext/random/mt19937.c (twist_php, php_mt_reload), ext/random/random.c php_mt_rand_common (PHP 8.2, MT_RAND_PHP)",
    },
    SourceInfo {
        id: SourceId::GlibcRandR,
        family: Family::GlibcRandR,
        algorithm: "glibc rand_r: LCG a=1103515245 c=12345, three steps per output (11+10+10 bits)",
        calls: "rand_r(&s) % n",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: U32, note: "the unsigned int state itself" },
        reductions: &[(Reduction::Mod, "rand_r(&s) % n")],
        reference: "glibc 2.36 stdlib/rand_r.c",
    },
    SourceInfo {
        id: SourceId::Rand48,
        family: Family::Rand48,
        algorithm: "48-bit LCG a=0x5DEECE66D c=0xB; srand48: X = s << 16 | 0x330E",
        calls: "srand48(s); lrand48() % n  |  (int)(drand48() * n); Perl srand(s); int(rand(n))",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: U32, note: "long, low 32 bits used" },
        reductions: &[(Reduction::Mod, "lrand48() % n"), (Reduction::Float, "(int)(drand48() * n), Perl int(rand(n))"), (Reduction::Drand48, "drand48() printed in full (--float)")],
        reference: "glibc 2.36 stdlib/drand48-iter.c, srand48_r.c, erand48_r.c; perl util.c Perl_drand48_r",
    },
    SourceInfo {
        id: SourceId::JavaRandom,
        family: Family::JavaRandom,
        algorithm: "48-bit LCG a=0x5DEECE66D c=0xB; seed scrambled by ^ 0x5DEECE66D",
        calls: "new java.util.Random(s).nextInt(n)",
        seeds: SeedSpace {
            default_start: 0,
            default_end: U32,
            limit: 1 << 48,
            note: "long mod 2^48; the default sweep is [0, 2^32): give --seed-range for others, or --mode state to recover all 48 bits from nextInt(n) draws",
        },
        reductions: &[(Reduction::Nextint, "nextInt(n)"), (Reduction::NextDouble, "nextDouble() (--float)")],
        reference: "OpenJDK 17 java/util/Random.java (next, nextInt(int))",
    },
    SourceInfo {
        id: SourceId::DotnetRandom,
        family: Family::DotnetRandom,
        algorithm: "Knuth subtractive (Numerical Recipes ran3), 55 words",
        calls: "new System.Random(s).Next(n)",
        seeds: SeedSpace { default_start: 0, default_end: U31, limit: U31, note: "int; -s acts as |s|, int.MinValue as int.MaxValue" },
        reductions: &[(Reduction::Float, "Next(n) = (int)(Sample() * n)")],
        reference: "dotnet/runtime Random.Net5CompatImpl.cs (CompatPrng); Mono mcs/class/corlib/System/Random.cs",
    },
    SourceInfo {
        id: SourceId::GoMathRand,
        family: Family::GoRngSource,
        algorithm: "additive lagged Fibonacci (607, 273), seeded by x <- 48271 x mod 2^31-1 XOR rngCooked",
        calls: "rand.New(rand.NewSource(s)).Intn(n)",
        seeds: SeedSpace { default_start: 0, default_end: PM, limit: PM, note: "int64 mod 2^31-1; 0 acts as 89482311" },
        reductions: &[(Reduction::Int31n, "Intn(n) for n < 2^31 (Int31n)")],
        reference: "Go 1.19 src/math/rand/rng.go, rand.go (Int31n)",
    },
    SourceInfo {
        id: SourceId::MsvcRand,
        family: Family::MsvcRand,
        algorithm: "LCG a=214013 c=2531011 mod 2^32, output bits 16..30",
        calls: "srand(s); rand() % n (MSVC CRT)",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: U32, note: "unsigned int" },
        reductions: &[(Reduction::Mod, "rand() % n")],
        reference: "Microsoft UCRT misc/rand.cpp",
    },
    SourceInfo {
        id: SourceId::MinstdRand0,
        family: Family::MinstdRand0,
        algorithm: "Lehmer x <- 16807 x mod 2^31-1",
        calls: "std::minstd_rand0 g(s); g() % n",
        seeds: SeedSpace { default_start: 0, default_end: PM, limit: u64::MAX, note: "s mod 2^31-1; 0 acts as 1" },
        reductions: &[(Reduction::Mod, "g() % n")],
        reference: "C++11 [rand.predef], libstdc++ bits/random.h linear_congruential_engine::seed",
    },
    SourceInfo {
        id: SourceId::MinstdRand,
        family: Family::MinstdRand,
        algorithm: "Lehmer x <- 48271 x mod 2^31-1",
        calls: "std::minstd_rand g(s); g() % n",
        seeds: SeedSpace { default_start: 0, default_end: PM, limit: u64::MAX, note: "s mod 2^31-1; 0 acts as 1" },
        reductions: &[(Reduction::Mod, "g() % n")],
        reference: "C++11 [rand.predef], libstdc++ bits/random.h linear_congruential_engine::seed",
    },
    SourceInfo {
        id: SourceId::JavaSplittableRandom,
        family: Family::JavaSplittableRandom,
        algorithm: "SplitMix64 (gamma 0x9e3779b97f4a7c15), nextInt() = mix32(seed += gamma)",
        calls: "new java.util.SplittableRandom(s).nextInt(n)",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: u64::MAX, note: "long seed (negative seeds are 2^64 + s); the default sweep is [0, 2^32)" },
        reductions: &[(Reduction::BoundedNextInt, "nextInt(n): RandomSupport.boundedNextInt (mask for powers of two, else (u = nextInt() >>> 1) % n with rejection)")],
        reference: "OpenJDK 17 java/util/SplittableRandom.java (mix32, nextInt), RandomSupport.boundedNextInt",
    },
    SourceInfo {
        id: SourceId::JavaXoroshiro128plusplus,
        family: Family::JavaXoroshiro128plusplus,
        algorithm: "xoroshiro128++; state from mixStafford13(s ^ SILVER_RATIO_64 + k GOLDEN_RATIO_64); nextInt() = nextLong() >>> 32",
        calls: "RandomGeneratorFactory.of(\"Xoroshiro128PlusPlus\").create(s).nextInt(n)",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: u64::MAX, note: "long seed (negative seeds are 2^64 + s); the default sweep is [0, 2^32)" },
        reductions: &[(Reduction::BoundedNextInt, "nextInt(n): RandomSupport.boundedNextInt (mask for powers of two, else (u = nextInt() >>> 1) % n with rejection)")],
        reference: "OpenJDK 17 jdk.random (jdk/internal/random/Xoroshiro128PlusPlus.java), java/util/random/RandomGenerator.java nextInt(int), jdk/internal/util/random/RandomSupport.java boundedNextInt",
    },
    SourceInfo {
        id: SourceId::JavaXoshiro256plusplus,
        family: Family::JavaXoshiro256plusplus,
        algorithm: "xoshiro256++; state from mixStafford13 over s ^ SILVER_RATIO_64; nextInt() = nextLong() >>> 32",
        calls: "RandomGeneratorFactory.of(\"Xoshiro256PlusPlus\").create(s).nextInt(n)",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: u64::MAX, note: "long seed (negative seeds are 2^64 + s); the default sweep is [0, 2^32)" },
        reductions: &[(Reduction::BoundedNextInt, "nextInt(n): RandomSupport.boundedNextInt (mask for powers of two, else (u = nextInt() >>> 1) % n with rejection)")],
        reference: "OpenJDK 17 jdk.random (jdk/internal/random/Xoshiro256PlusPlus.java), java/util/random/RandomGenerator.java nextInt(int), jdk/internal/util/random/RandomSupport.java boundedNextInt",
    },
    SourceInfo {
        id: SourceId::JavaL32x64mixrandom,
        family: Family::JavaL32x64mixrandom,
        algorithm: "LXM: 32-bit LCG (0xadb4a92d) + xoroshiro64, mixLea32; native nextInt()",
        calls: "RandomGeneratorFactory.of(\"L32X64MixRandom\").create(s).nextInt(n)",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: u64::MAX, note: "long seed (negative seeds are 2^64 + s); the default sweep is [0, 2^32)" },
        reductions: &[(Reduction::BoundedNextInt, "nextInt(n): RandomSupport.boundedNextInt (mask for powers of two, else (u = nextInt() >>> 1) % n with rejection)")],
        reference: "OpenJDK 17 jdk.random (jdk/internal/random/L32X64MixRandom.java), java/util/random/RandomGenerator.java nextInt(int), jdk/internal/util/random/RandomSupport.java boundedNextInt",
    },
    SourceInfo {
        id: SourceId::JavaL64x128mixrandom,
        family: Family::JavaL64x128mixrandom,
        algorithm: "LXM: 64-bit LCG (0xd1342543de82ef95) + xoroshiro128, mixLea64; nextInt() = nextLong() >>> 32",
        calls: "RandomGeneratorFactory.of(\"L64X128MixRandom\").create(s).nextInt(n)",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: u64::MAX, note: "long seed (negative seeds are 2^64 + s); the default sweep is [0, 2^32)" },
        reductions: &[(Reduction::BoundedNextInt, "nextInt(n): RandomSupport.boundedNextInt (mask for powers of two, else (u = nextInt() >>> 1) % n with rejection)")],
        reference: "OpenJDK 17 jdk.random (jdk/internal/random/L64X128MixRandom.java), java/util/random/RandomGenerator.java nextInt(int), jdk/internal/util/random/RandomSupport.java boundedNextInt",
    },
    SourceInfo {
        id: SourceId::JavaL64x128starstarrandom,
        family: Family::JavaL64x128starstarrandom,
        algorithm: "LXM: 64-bit LCG + xoroshiro128, StarStar scrambler; nextInt() = nextLong() >>> 32",
        calls: "RandomGeneratorFactory.of(\"L64X128StarStarRandom\").create(s).nextInt(n)",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: u64::MAX, note: "long seed (negative seeds are 2^64 + s); the default sweep is [0, 2^32)" },
        reductions: &[(Reduction::BoundedNextInt, "nextInt(n): RandomSupport.boundedNextInt (mask for powers of two, else (u = nextInt() >>> 1) % n with rejection)")],
        reference: "OpenJDK 17 jdk.random (jdk/internal/random/L64X128StarStarRandom.java), java/util/random/RandomGenerator.java nextInt(int), jdk/internal/util/random/RandomSupport.java boundedNextInt",
    },
    SourceInfo {
        id: SourceId::JavaL64x256mixrandom,
        family: Family::JavaL64x256mixrandom,
        algorithm: "LXM: 64-bit LCG + xoshiro256, mixLea64; nextInt() = nextLong() >>> 32",
        calls: "RandomGeneratorFactory.of(\"L64X256MixRandom\").create(s).nextInt(n)",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: u64::MAX, note: "long seed (negative seeds are 2^64 + s); the default sweep is [0, 2^32)" },
        reductions: &[(Reduction::BoundedNextInt, "nextInt(n): RandomSupport.boundedNextInt (mask for powers of two, else (u = nextInt() >>> 1) % n with rejection)")],
        reference: "OpenJDK 17 jdk.random (jdk/internal/random/L64X256MixRandom.java), java/util/random/RandomGenerator.java nextInt(int), jdk/internal/util/random/RandomSupport.java boundedNextInt",
    },
    SourceInfo {
        id: SourceId::JavaL64x1024mixrandom,
        family: Family::JavaL64x1024mixrandom,
        algorithm: "LXM: 64-bit LCG + xoroshiro1024, mixLea64; nextInt() = nextLong() >>> 32",
        calls: "RandomGeneratorFactory.of(\"L64X1024MixRandom\").create(s).nextInt(n)",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: u64::MAX, note: "long seed (negative seeds are 2^64 + s); the default sweep is [0, 2^32)" },
        reductions: &[(Reduction::BoundedNextInt, "nextInt(n): RandomSupport.boundedNextInt (mask for powers of two, else (u = nextInt() >>> 1) % n with rejection)")],
        reference: "OpenJDK 17 jdk.random (jdk/internal/random/L64X1024MixRandom.java), java/util/random/RandomGenerator.java nextInt(int), jdk/internal/util/random/RandomSupport.java boundedNextInt",
    },
    SourceInfo {
        id: SourceId::JavaL128x128mixrandom,
        family: Family::JavaL128x128mixrandom,
        algorithm: "LXM: 128-bit LCG (2^64 + 0xd605bbb58c8abbfd) + xoroshiro128, mixLea64; nextInt() = nextLong() >>> 32",
        calls: "RandomGeneratorFactory.of(\"L128X128MixRandom\").create(s).nextInt(n)",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: u64::MAX, note: "long seed (negative seeds are 2^64 + s); the default sweep is [0, 2^32)" },
        reductions: &[(Reduction::BoundedNextInt, "nextInt(n): RandomSupport.boundedNextInt (mask for powers of two, else (u = nextInt() >>> 1) % n with rejection)")],
        reference: "OpenJDK 17 jdk.random (jdk/internal/random/L128X128MixRandom.java), java/util/random/RandomGenerator.java nextInt(int), jdk/internal/util/random/RandomSupport.java boundedNextInt",
    },
    SourceInfo {
        id: SourceId::JavaL128x256mixrandom,
        family: Family::JavaL128x256mixrandom,
        algorithm: "LXM: 128-bit LCG + xoshiro256, mixLea64; nextInt() = nextLong() >>> 32",
        calls: "RandomGeneratorFactory.of(\"L128X256MixRandom\").create(s).nextInt(n)",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: u64::MAX, note: "long seed (negative seeds are 2^64 + s); the default sweep is [0, 2^32)" },
        reductions: &[(Reduction::BoundedNextInt, "nextInt(n): RandomSupport.boundedNextInt (mask for powers of two, else (u = nextInt() >>> 1) % n with rejection)")],
        reference: "OpenJDK 17 jdk.random (jdk/internal/random/L128X256MixRandom.java), java/util/random/RandomGenerator.java nextInt(int), jdk/internal/util/random/RandomSupport.java boundedNextInt",
    },
    SourceInfo {
        id: SourceId::JavaL128x1024mixrandom,
        family: Family::JavaL128x1024mixrandom,
        algorithm: "LXM: 128-bit LCG + xoroshiro1024, mixLea64; nextInt() = nextLong() >>> 32",
        calls: "RandomGeneratorFactory.of(\"L128X1024MixRandom\").create(s).nextInt(n)",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: u64::MAX, note: "long seed (negative seeds are 2^64 + s); the default sweep is [0, 2^32)" },
        reductions: &[(Reduction::BoundedNextInt, "nextInt(n): RandomSupport.boundedNextInt (mask for powers of two, else (u = nextInt() >>> 1) % n with rejection)")],
        reference: "OpenJDK 17 jdk.random (jdk/internal/random/L128X1024MixRandom.java), java/util/random/RandomGenerator.java nextInt(int), jdk/internal/util/random/RandomSupport.java boundedNextInt",
    },
    SourceInfo {
        id: SourceId::NumpyPcg64,
        family: Family::NumpyPcg64,
        algorithm: "PCG64 (128-bit LCG, XSL-RR) seeded by SeedSequence; next_uint32 = low then high half",
        calls: "numpy.random.default_rng(s).integers(lo, hi)",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: u64::MAX, note: "int entropy through SeedSequence (entropy < 2^64 here); the default sweep is [0, 2^32)" },
        reductions: &[(Reduction::Lemire32, "integers(lo, hi): Lemire on next_uint32 (buffered_bounded_lemire_uint32)")],
        reference: "numpy 2.x random/bit_generator.pyx (SeedSequence), random/_pcg64.pyx, random/src/pcg64/pcg64.h, random/src/distributions/distributions.c (buffered_bounded_lemire_uint32)",
    },
    SourceInfo {
        id: SourceId::NumpyPcg64dxsm,
        family: Family::NumpyPcg64dxsm,
        algorithm: "PCG64DXSM (128-bit LCG with the cheap multiplier, DXSM of the old state) seeded by SeedSequence",
        calls: "numpy.random.Generator(PCG64DXSM(s)).integers(lo, hi)",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: u64::MAX, note: "int entropy through SeedSequence (entropy < 2^64 here); the default sweep is [0, 2^32)" },
        reductions: &[(Reduction::Lemire32, "integers(lo, hi): Lemire on next_uint32 (buffered_bounded_lemire_uint32)")],
        reference: "numpy 2.x random/bit_generator.pyx (SeedSequence), random/src/pcg64/pcg64.h (pcg_cm_random_r)",
    },
    SourceInfo {
        id: SourceId::NumpyMt19937,
        family: Family::NumpyMt19937,
        algorithm: "MT19937 with key[0] = 0x80000000, key[1..624] from SeedSequence (not init_genrand)",
        calls: "numpy.random.Generator(MT19937(s)).integers(lo, hi)",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: u64::MAX, note: "int entropy through SeedSequence (entropy < 2^64 here); the default sweep is [0, 2^32)" },
        reductions: &[(Reduction::Lemire32, "integers(lo, hi): Lemire on next_uint32 (buffered_bounded_lemire_uint32)")],
        reference: "numpy 2.x random/_mt19937.pyx (_seed_seq path), random/bit_generator.pyx (SeedSequence)",
    },
    SourceInfo {
        id: SourceId::NumpySfc64,
        family: Family::NumpySfc64,
        algorithm: "SFC64 (a, b, c from SeedSequence, counter 1, 12 discarded)",
        calls: "numpy.random.Generator(SFC64(s)).integers(lo, hi)",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: u64::MAX, note: "int entropy through SeedSequence (entropy < 2^64 here); the default sweep is [0, 2^32)" },
        reductions: &[(Reduction::Lemire32, "integers(lo, hi): Lemire on next_uint32 (buffered_bounded_lemire_uint32)")],
        reference: "numpy 2.x random/src/sfc64/sfc64.h, random/_sfc64.pyx",
    },
    SourceInfo {
        id: SourceId::NumpyPhilox,
        family: Family::NumpyPhilox,
        algorithm: "Philox4x64-10, key from SeedSequence, counter from 1",
        calls: "numpy.random.Generator(Philox(s)).integers(lo, hi)",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: u64::MAX, note: "int entropy through SeedSequence (entropy < 2^64 here); the default sweep is [0, 2^32)" },
        reductions: &[(Reduction::Lemire32, "integers(lo, hi): Lemire on next_uint32 (buffered_bounded_lemire_uint32)")],
        reference: "numpy 2.x random/src/philox/philox.h, random/_philox.pyx; Salmon et al. 2011 (Random123)",
    },
    SourceInfo {
        id: SourceId::PhpPcgOneseq128,
        family: Family::PhpPcgOneseq128,
        algorithm: "PCG oneseq 128 XSL-RR 64: state 0, step, + seed, step",
        calls: "(new Random\\Randomizer(new Random\\Engine\\PcgOneseq128XslRr64(s)))->getInt(a, b)",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: u64::MAX, note: "int seed (zend_long as uint64); the default sweep is [0, 2^32)" },
        reductions: &[(Reduction::Range32, "Randomizer::getInt(a, b) for b - a < 2^32: low 32 bits of each generate(), reject, % n")],
        reference: "php-src 8.2 ext/random/engine_pcgoneseq128xslrr64.c, ext/random/random.c (php_random_range32)",
    },
    SourceInfo {
        id: SourceId::PhpXoshiro256starstar,
        family: Family::PhpXoshiro256starstar,
        algorithm: "xoshiro256** seeded by SplitMix64(s)",
        calls: "(new Random\\Randomizer(new Random\\Engine\\Xoshiro256StarStar(s)))->getInt(a, b)",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: u64::MAX, note: "int seed (zend_long as uint64); the default sweep is [0, 2^32)" },
        reductions: &[(Reduction::Range32, "Randomizer::getInt(a, b) for b - a < 2^32: low 32 bits of each generate(), reject, % n")],
        reference: "php-src 8.2 ext/random/engine_xoshiro256starstar.c (seed256, splitmix64), ext/random/random.c (php_random_range32)",
    },
    SourceInfo {
        id: SourceId::GoRandV2Pcg,
        family: Family::GoRandV2Pcg,
        algorithm: "PCG 128-bit LCG, DXSM of the new state; NewPCG(s, 0): state hi = s, lo = 0",
        calls: "rand.New(rand.NewPCG(s, 0)).IntN(n) (math/rand/v2)",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: u64::MAX, note: "seed1 of NewPCG(seed1, 0); the default sweep is [0, 2^32)" },
        reductions: &[(Reduction::Lemire64, "IntN(n): Lemire on Uint64 (mask for powers of two)")],
        reference: "Go 1.23 src/math/rand/v2/pcg.go, rand.go (uint64n)",
    },
    SourceInfo {
        id: SourceId::RustPcg32,
        family: Family::RustPcg32,
        algorithm: "PCG32 (64-bit LCG, XSH-RR of the old state); state and stream from rand_core's PCG32 seed expansion",
        calls: "rand_pcg::Pcg32::seed_from_u64(s).random_range(a..=b)",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: u64::MAX, note: "seed_from_u64(s); the default sweep is [0, 2^32)" },
        reductions: &[(Reduction::Canon32, "random_range(a..=b) on u32/i32: 64-bit product of next_u32, a second word when the low half is above 2^32 - n")],
        reference: "rand 0.9.5 src/distr/uniform_int.rs (sample_single_inclusive), rand_core 0.9.5 SeedableRng::seed_from_u64, rand_pcg 0.9.0 src/pcg64.rs (Lcg64Xsh32)",
    },
    SourceInfo {
        id: SourceId::RustPcg64,
        family: Family::RustPcg64,
        algorithm: "PCG 128-bit LCG XSL-RR (Lcg128Xsl64); next_u32 = low half",
        calls: "rand_pcg::Pcg64::seed_from_u64(s).random_range(a..=b)",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: u64::MAX, note: "seed_from_u64(s); the default sweep is [0, 2^32)" },
        reductions: &[(Reduction::Canon32, "random_range(a..=b) on u32/i32: 64-bit product of next_u32, a second word when the low half is above 2^32 - n")],
        reference: "rand 0.9.5 src/distr/uniform_int.rs (sample_single_inclusive), rand_core 0.9.5 SeedableRng::seed_from_u64, rand_pcg 0.9.0 src/pcg128.rs (Lcg128Xsl64)",
    },
    SourceInfo {
        id: SourceId::RustPcg64mcg,
        family: Family::RustPcg64mcg,
        algorithm: "PCG 128-bit MCG XSL-RR (Mcg128Xsl64); next_u32 = low half",
        calls: "rand_pcg::Pcg64Mcg::seed_from_u64(s).random_range(a..=b)",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: u64::MAX, note: "seed_from_u64(s); the default sweep is [0, 2^32)" },
        reductions: &[(Reduction::Canon32, "random_range(a..=b) on u32/i32: 64-bit product of next_u32, a second word when the low half is above 2^32 - n")],
        reference: "rand 0.9.5 src/distr/uniform_int.rs (sample_single_inclusive), rand_core 0.9.5 SeedableRng::seed_from_u64, rand_pcg 0.9.0 src/pcg128.rs (Mcg128Xsl64)",
    },
    SourceInfo {
        id: SourceId::RustXoshiro256plusplus,
        family: Family::RustXoshiro256plusplus,
        algorithm: "xoshiro256++ seeded by SplitMix64(s); next_u32 = high half",
        calls: "rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(s).random_range(a..=b)",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: u64::MAX, note: "seed_from_u64(s); the default sweep is [0, 2^32)" },
        reductions: &[(Reduction::Canon32, "random_range(a..=b) on u32/i32: 64-bit product of next_u32, a second word when the low half is above 2^32 - n")],
        reference: "rand 0.9.5 src/distr/uniform_int.rs (sample_single_inclusive), rand_core 0.9.5 SeedableRng::seed_from_u64, rand_xoshiro 0.7.0 src/xoshiro256plusplus.rs",
    },
    SourceInfo {
        id: SourceId::RustXoshiro256starstar,
        family: Family::RustXoshiro256starstar,
        algorithm: "xoshiro256** seeded by SplitMix64(s); next_u32 = high half",
        calls: "rand_xoshiro::Xoshiro256StarStar::seed_from_u64(s).random_range(a..=b)",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: u64::MAX, note: "seed_from_u64(s); the default sweep is [0, 2^32)" },
        reductions: &[(Reduction::Canon32, "random_range(a..=b) on u32/i32: 64-bit product of next_u32, a second word when the low half is above 2^32 - n")],
        reference: "rand 0.9.5 src/distr/uniform_int.rs (sample_single_inclusive), rand_core 0.9.5 SeedableRng::seed_from_u64, rand_xoshiro 0.7.0 src/xoshiro256starstar.rs",
    },
    SourceInfo {
        id: SourceId::RustXoroshiro128plusplus,
        family: Family::RustXoroshiro128plusplus,
        algorithm: "xoroshiro128++ seeded by SplitMix64(s); next_u32 = low half",
        calls: "rand_xoshiro::Xoroshiro128PlusPlus::seed_from_u64(s).random_range(a..=b)",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: u64::MAX, note: "seed_from_u64(s); the default sweep is [0, 2^32)" },
        reductions: &[(Reduction::Canon32, "random_range(a..=b) on u32/i32: 64-bit product of next_u32, a second word when the low half is above 2^32 - n")],
        reference: "rand 0.9.5 src/distr/uniform_int.rs (sample_single_inclusive), rand_core 0.9.5 SeedableRng::seed_from_u64, rand_xoshiro 0.7.0 src/xoroshiro128plusplus.rs",
    },
    SourceInfo {
        id: SourceId::SeedrandomXor128,
        family: Family::SeedrandomXor128,
        algorithm: "Marsaglia xor128, x = seed, 64 discarded",
        calls: "seedrandom.xor128(s); Math.floor(rng() * n)",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: U32, note: "an integer seed's 32-bit pattern: seeds of 2^31 and above stand for the negative int32 s - 2^32 (string seeds are not swept)" },
        reductions: &[(Reduction::Float, "Math.floor(rng() * n), rng() = (next() >>> 0) / 2^32")],
        reference: "npm seedrandom 3.0.5 lib/xor128.js (XorGen, impl)",
    },
    SourceInfo {
        id: SourceId::SeedrandomXorwow,
        family: Family::SeedrandomXorwow,
        algorithm: "Marsaglia xorwow, x = seed, d = x << 10 ^ x >>> 4, 64 discarded",
        calls: "seedrandom.xorwow(s); Math.floor(rng() * n)",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: U32, note: "an integer seed's 32-bit pattern: seeds of 2^31 and above stand for the negative int32 s - 2^32 (string seeds are not swept)" },
        reductions: &[(Reduction::Float, "Math.floor(rng() * n), rng() = (next() >>> 0) / 2^32")],
        reference: "npm seedrandom 3.0.5 lib/xorwow.js (XorGen, impl)",
    },
    SourceInfo {
        id: SourceId::SeedrandomXorshift7,
        family: Family::SeedrandomXorshift7,
        algorithm: "xorshift7 (Panneton, L'Ecuyer), X[0] = seed, 256 discarded",
        calls: "seedrandom.xorshift7(s); Math.floor(rng() * n)",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: U32, note: "an integer seed's 32-bit pattern: seeds of 2^31 and above stand for the negative int32 s - 2^32 (string seeds are not swept)" },
        reductions: &[(Reduction::Float, "Math.floor(rng() * n), rng() = (next() >>> 0) / 2^32")],
        reference: "npm seedrandom 3.0.5 lib/xorshift7.js (XorGen, impl)",
    },
    SourceInfo {
        id: SourceId::SeedrandomTychei,
        family: Family::SeedrandomTychei,
        algorithm: "Tyche-i (Neves, Araujo), b = seed, 20 discarded",
        calls: "seedrandom.tychei(s); Math.floor(rng() * n)",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: U32, note: "an integer seed in [0, 2^32) (a = seed / 2^32 | 0 = 0, b = seed | 0)" },
        reductions: &[(Reduction::Float, "Math.floor(rng() * n), rng() = (next() >>> 0) / 2^32")],
        reference: "npm seedrandom 3.0.5 lib/tychei.js (XorGen, impl)",
    },
];

impl SourceId {
    /// Its registry entry.
    pub fn info(self) -> &'static SourceInfo {
        // SOURCES lists every variant; the registry test checks it.
        SOURCES
            .iter()
            .find(|s| s.id == self)
            .expect("every SourceId has a SOURCES entry")
    }
    /// The stable id string.
    pub fn id(self) -> &'static str {
        match self {
            SourceId::PythonRandom => "python_random",
            SourceId::PhpMtRand => "php_mt_rand",
            SourceId::RubyRandom => "ruby_random",
            SourceId::NumpyRandomstate => "numpy_randomstate",
            SourceId::Mt19937 => "mt19937",
            SourceId::GlibcRand => "glibc_rand",
            SourceId::GlibcRandR => "glibc_rand_r",
            SourceId::Rand48 => "rand48",
            SourceId::JavaRandom => "java_random",
            SourceId::DotnetRandom => "dotnet_random",
            SourceId::GoMathRand => "go_math_rand",
            SourceId::MsvcRand => "msvc_rand",
            SourceId::MinstdRand0 => "minstd_rand0",
            SourceId::MinstdRand => "minstd_rand",
            SourceId::GlibcRandomType0 => "glibc_random_type0",
            SourceId::GlibcRandomType1 => "glibc_random_type1",
            SourceId::GlibcRandomType2 => "glibc_random_type2",
            SourceId::GlibcRandomType4 => "glibc_random_type4",
            SourceId::CppKnuthB => "cpp_knuth_b",
            SourceId::CppRanlux24Base => "cpp_ranlux24_base",
            SourceId::CppRanlux48Base => "cpp_ranlux48_base",
            SourceId::CppMt19937_64 => "cpp_mt19937_64",
            SourceId::PhpMtRandLegacy => "php_mt_rand_legacy",
            SourceId::JavaSplittableRandom => "java_splittable_random",
            SourceId::JavaXoroshiro128plusplus => "java_xoroshiro128plusplus",
            SourceId::JavaXoshiro256plusplus => "java_xoshiro256plusplus",
            SourceId::JavaL32x64mixrandom => "java_l32x64mixrandom",
            SourceId::JavaL64x128mixrandom => "java_l64x128mixrandom",
            SourceId::JavaL64x128starstarrandom => "java_l64x128starstarrandom",
            SourceId::JavaL64x256mixrandom => "java_l64x256mixrandom",
            SourceId::JavaL64x1024mixrandom => "java_l64x1024mixrandom",
            SourceId::JavaL128x128mixrandom => "java_l128x128mixrandom",
            SourceId::JavaL128x256mixrandom => "java_l128x256mixrandom",
            SourceId::JavaL128x1024mixrandom => "java_l128x1024mixrandom",
            SourceId::NumpyPcg64 => "numpy_pcg64",
            SourceId::NumpyPcg64dxsm => "numpy_pcg64dxsm",
            SourceId::NumpyMt19937 => "numpy_mt19937",
            SourceId::NumpySfc64 => "numpy_sfc64",
            SourceId::NumpyPhilox => "numpy_philox",
            SourceId::PhpPcgOneseq128 => "php_pcg_oneseq128",
            SourceId::PhpXoshiro256starstar => "php_xoshiro256starstar",
            SourceId::GoRandV2Pcg => "go_rand_v2_pcg",
            SourceId::RustPcg32 => "rust_pcg32",
            SourceId::RustPcg64 => "rust_pcg64",
            SourceId::RustPcg64mcg => "rust_pcg64mcg",
            SourceId::RustXoshiro256plusplus => "rust_xoshiro256plusplus",
            SourceId::RustXoshiro256starstar => "rust_xoshiro256starstar",
            SourceId::RustXoroshiro128plusplus => "rust_xoroshiro128plusplus",
            SourceId::SeedrandomXor128 => "seedrandom_xor128",
            SourceId::SeedrandomXorwow => "seedrandom_xorwow",
            SourceId::SeedrandomXorshift7 => "seedrandom_xorshift7",
            SourceId::SeedrandomTychei => "seedrandom_tychei",
        }
    }
    /// Every source, in registry order.
    pub fn all() -> impl Iterator<Item = SourceId> {
        SOURCES.iter().map(|s| s.id)
    }
    /// The raw form its reductions read.
    pub fn raw_form(self) -> RawForm {
        match self.info().family {
            Family::MtGenrand | Family::MtPython => RawForm::Uint { bits: 32 },
            Family::GlibcRandom
            | Family::GlibcRandR
            | Family::MinstdRand0
            | Family::MinstdRand
            | Family::GlibcRandomType0
            | Family::GlibcRandomType1
            | Family::GlibcRandomType2
            | Family::GlibcRandomType4
            | Family::CppKnuthB
            | Family::MtPhpLegacy => RawForm::Uint { bits: 31 },
            Family::MsvcRand => RawForm::Uint { bits: 15 },
            Family::CppRanlux24Base => RawForm::Uint { bits: 24 },
            Family::CppRanlux48Base => RawForm::Uint { bits: 48 },
            Family::CppMt19937_64 => RawForm::Uint { bits: 64 },
            Family::Rand48 | Family::JavaRandom => RawForm::State48,
            Family::GoRngSource => RawForm::Int63,
            Family::DotnetRandom => RawForm::DotnetSample,
            f => RawForm::Uint {
                bits: f.modern_bits(),
            },
        }
    }
}

impl fmt::Display for SourceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// An unknown source id; the message lists the known ones.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown source id '{0}'; known: {known}", known = SourceId::all().map(|s| s.id()).collect::<Vec<_>>().join(", "))]
pub struct UnknownSource(pub String);

impl FromStr for SourceId {
    type Err = UnknownSource;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        SourceId::all()
            .find(|id| id.id() == s)
            .ok_or_else(|| UnknownSource(s.to_string()))
    }
}

impl Family {
    /// Every family.
    pub const ALL: [Family; 49] = [
        Family::MtGenrand,
        Family::MtPython,
        Family::GlibcRandom,
        Family::GlibcRandR,
        Family::Rand48,
        Family::JavaRandom,
        Family::DotnetRandom,
        Family::GoRngSource,
        Family::MsvcRand,
        Family::MinstdRand0,
        Family::MinstdRand,
        Family::GlibcRandomType0,
        Family::GlibcRandomType1,
        Family::GlibcRandomType2,
        Family::GlibcRandomType4,
        Family::CppKnuthB,
        Family::CppRanlux24Base,
        Family::CppRanlux48Base,
        Family::CppMt19937_64,
        Family::MtPhpLegacy,
        Family::JavaSplittableRandom,
        Family::JavaXoroshiro128plusplus,
        Family::JavaXoshiro256plusplus,
        Family::JavaL32x64mixrandom,
        Family::JavaL64x128mixrandom,
        Family::JavaL64x128starstarrandom,
        Family::JavaL64x256mixrandom,
        Family::JavaL64x1024mixrandom,
        Family::JavaL128x128mixrandom,
        Family::JavaL128x256mixrandom,
        Family::JavaL128x1024mixrandom,
        Family::NumpyPcg64,
        Family::NumpyPcg64dxsm,
        Family::NumpyMt19937,
        Family::NumpySfc64,
        Family::NumpyPhilox,
        Family::PhpPcgOneseq128,
        Family::PhpXoshiro256starstar,
        Family::GoRandV2Pcg,
        Family::RustPcg32,
        Family::RustPcg64,
        Family::RustPcg64mcg,
        Family::RustXoshiro256plusplus,
        Family::RustXoshiro256starstar,
        Family::RustXoroshiro128plusplus,
        Family::SeedrandomXor128,
        Family::SeedrandomXorwow,
        Family::SeedrandomXorshift7,
        Family::SeedrandomTychei,
    ];
    /// Bits of generator state (what brute force over states would face).
    pub fn state_bits(self) -> u32 {
        match self {
            Family::MtGenrand | Family::MtPython => 19_937,
            Family::GlibcRandom => 31 * 32,
            Family::GlibcRandR | Family::MsvcRand => 32,
            Family::Rand48 | Family::JavaRandom => 48,
            Family::DotnetRandom => 55 * 31,
            Family::GoRngSource => 607 * 64,
            Family::MinstdRand0 | Family::MinstdRand | Family::GlibcRandomType0 => 31,
            Family::GlibcRandomType1 => 7 * 32,
            Family::GlibcRandomType2 => 15 * 32,
            Family::GlibcRandomType4 => 63 * 32,
            Family::CppKnuthB => 31 + 256 * 31 + 31,
            Family::CppRanlux24Base => 24 * 24 + 1,
            Family::CppRanlux48Base => 12 * 48 + 1,
            Family::CppMt19937_64 | Family::MtPhpLegacy => 19_937,
            Family::JavaSplittableRandom => 64,
            Family::JavaXoroshiro128plusplus => 128,
            Family::JavaXoshiro256plusplus => 256,
            Family::JavaL32x64mixrandom => 96,
            Family::JavaL64x128mixrandom => 192,
            Family::JavaL64x128starstarrandom => 192,
            Family::JavaL64x256mixrandom => 320,
            Family::JavaL64x1024mixrandom => 1152,
            Family::JavaL128x128mixrandom => 384,
            Family::JavaL128x256mixrandom => 512,
            Family::JavaL128x1024mixrandom => 1280,
            Family::NumpyPcg64 => 256,
            Family::NumpyPcg64dxsm => 256,
            Family::NumpyMt19937 => 19937,
            Family::NumpySfc64 => 256,
            Family::NumpyPhilox => 384,
            Family::PhpPcgOneseq128 => 128,
            Family::PhpXoshiro256starstar => 256,
            Family::GoRandV2Pcg => 128,
            Family::RustPcg32 => 128,
            Family::RustPcg64 => 256,
            Family::RustPcg64mcg => 126,
            Family::RustXoshiro256plusplus => 256,
            Family::RustXoshiro256starstar => 256,
            Family::RustXoroshiro128plusplus => 128,
            Family::SeedrandomXor128 => 128,
            Family::SeedrandomXorwow => 192,
            Family::SeedrandomXorshift7 => 256,
            Family::SeedrandomTychei => 128,
        }
    }
    /// Seeds per second per CPU core of the sieve on a 10-draw window, millions:
    /// measured with `sieve-bench` on the development machine (AMD EPYC, AVX2,
    /// 2026-11); an estimate elsewhere.
    pub fn cpu_mseeds_per_core(self) -> f64 {
        match self {
            Family::MtGenrand => 30.0,
            Family::MtPython => 6.8,
            Family::GlibcRandom => 30.0,
            Family::DotnetRandom => 38.0,
            Family::GoRngSource => 17.0,
            // Scalar path (no block kernel yet), measured the same way.
            Family::CppKnuthB => 1.8,
            Family::GlibcRandomType4 => 1.0,
            Family::GlibcRandomType2 => 3.4,
            Family::GlibcRandomType1 => 6.2,
            Family::CppRanlux24Base => 9.0,
            Family::CppRanlux48Base => 10.0,
            Family::CppMt19937_64 => 3.3,
            Family::MtPhpLegacy => 45.0,
            // prng::modern, scalar path (sieve-bench, 2026-11-21).
            Family::JavaSplittableRandom => 32.7,
            Family::JavaXoroshiro128plusplus => 28.0,
            Family::JavaXoshiro256plusplus => 26.5,
            Family::JavaL32x64mixrandom => 29.8,
            Family::JavaL64x128mixrandom => 17.5,
            Family::JavaL64x128starstarrandom => 20.8,
            Family::JavaL64x256mixrandom => 17.7,
            Family::JavaL64x1024mixrandom => 13.0,
            Family::JavaL128x128mixrandom => 15.8,
            Family::JavaL128x256mixrandom => 13.8,
            Family::JavaL128x1024mixrandom => 10.3,
            Family::NumpyPcg64 => 22.6,
            Family::NumpyPcg64dxsm => 22.9,
            Family::NumpyMt19937 => 16.8,
            Family::NumpySfc64 => 17.7,
            Family::NumpyPhilox => 19.0,
            Family::PhpPcgOneseq128 => 25.6,
            Family::PhpXoshiro256starstar => 25.7,
            Family::GoRandV2Pcg => 24.4,
            Family::RustPcg32 => 32.0,
            Family::RustPcg64 => 25.5,
            Family::RustPcg64mcg => 24.8,
            Family::RustXoshiro256plusplus => 27.7,
            Family::RustXoshiro256starstar => 26.8,
            Family::RustXoroshiro128plusplus => 30.5,
            Family::SeedrandomXor128 => 11.4,
            Family::SeedrandomXorwow => 11.2,
            Family::SeedrandomXorshift7 => 1.2,
            Family::SeedrandomTychei => 17.2,
            _ => 100.0,
        }
    }
    /// 32-bit integer operations per seed of the GPU prefilter (a model: MT19937
    /// needs 397 + R init steps of 4 operations), for time estimates on a GPU.
    pub fn gpu_ops_per_seed(self) -> f64 {
        match self {
            Family::MtGenrand => 4.0 * 399.0 + 40.0,
            Family::MtPython => 624.0 + 1247.0 * 7.0,
            Family::GlibcRandom => 31.0 * 10.0 + 344.0 * 3.0,
            Family::DotnetRandom => 55.0 * 6.0 + 220.0 * 4.0,
            Family::GoRngSource => 2.0 * 3.0 * 8.0,
            Family::CppKnuthB => 257.0 * 4.0,
            Family::GlibcRandomType4 => 63.0 * 10.0 + 630.0 * 3.0,
            Family::GlibcRandomType2 => 15.0 * 10.0 + 150.0 * 3.0,
            Family::GlibcRandomType1 => 7.0 * 10.0 + 70.0 * 3.0,
            Family::CppRanlux24Base | Family::CppRanlux48Base => 24.0 * 10.0,
            Family::CppMt19937_64 => 2.0 * 157.0 * 5.0,
            Family::MtPhpLegacy => 4.0 * 399.0 + 40.0,
            Family::JavaSplittableRandom => 12.0,
            Family::JavaXoroshiro128plusplus => 30.0,
            Family::JavaXoshiro256plusplus => 50.0,
            Family::JavaL32x64mixrandom => 30.0,
            Family::JavaL64x128mixrandom => 50.0,
            Family::JavaL64x128starstarrandom => 50.0,
            Family::JavaL64x256mixrandom => 70.0,
            Family::JavaL64x1024mixrandom => 200.0,
            Family::JavaL128x128mixrandom => 60.0,
            Family::JavaL128x256mixrandom => 80.0,
            Family::JavaL128x1024mixrandom => 210.0,
            Family::NumpyPcg64 => 120.0,
            Family::NumpyPcg64dxsm => 120.0,
            Family::NumpyMt19937 => 200.0,
            Family::NumpySfc64 => 150.0,
            Family::NumpyPhilox => 150.0,
            Family::PhpPcgOneseq128 => 30.0,
            Family::PhpXoshiro256starstar => 40.0,
            Family::GoRandV2Pcg => 30.0,
            Family::RustPcg32 => 30.0,
            Family::RustPcg64 => 40.0,
            Family::RustPcg64mcg => 30.0,
            Family::RustXoshiro256plusplus => 40.0,
            Family::RustXoshiro256starstar => 40.0,
            Family::RustXoroshiro128plusplus => 30.0,
            _ => 20.0,
        }
    }
    /// Whether the family is one of [`prng::modern`]'s (scalar path only, no kernel).
    pub fn is_modern(self) -> bool {
        matches!(
            self,
            Family::JavaSplittableRandom
                | Family::JavaXoroshiro128plusplus
                | Family::JavaXoshiro256plusplus
                | Family::JavaL32x64mixrandom
                | Family::JavaL64x128mixrandom
                | Family::JavaL64x128starstarrandom
                | Family::JavaL64x256mixrandom
                | Family::JavaL64x1024mixrandom
                | Family::JavaL128x128mixrandom
                | Family::JavaL128x256mixrandom
                | Family::JavaL128x1024mixrandom
                | Family::NumpyPcg64
                | Family::NumpyPcg64dxsm
                | Family::NumpyMt19937
                | Family::NumpySfc64
                | Family::NumpyPhilox
                | Family::PhpPcgOneseq128
                | Family::PhpXoshiro256starstar
                | Family::GoRandV2Pcg
                | Family::RustPcg32
                | Family::RustPcg64
                | Family::RustPcg64mcg
                | Family::RustXoshiro256plusplus
                | Family::RustXoshiro256starstar
                | Family::RustXoroshiro128plusplus
                | Family::SeedrandomXor128
                | Family::SeedrandomXorwow
                | Family::SeedrandomXorshift7
                | Family::SeedrandomTychei
        )
    }
    /// Raw word width of the [`prng::modern`] families (32, or 64 for Go's `Uint64`).
    fn modern_bits(self) -> u32 {
        match self {
            Family::GoRandV2Pcg => 64,
            _ => 32,
        }
    }
    /// The stable id (snake case, as in JSON and kernel names).
    pub fn id(self) -> &'static str {
        match self {
            Family::MtGenrand => "mt_genrand",
            Family::MtPython => "mt_python",
            Family::GlibcRandom => "glibc_random",
            Family::GlibcRandR => "glibc_rand_r",
            Family::Rand48 => "rand48",
            Family::JavaRandom => "java_random",
            Family::DotnetRandom => "dotnet_random",
            Family::GoRngSource => "go_rng_source",
            Family::MsvcRand => "msvc_rand",
            Family::MinstdRand0 => "minstd_rand0",
            Family::MinstdRand => "minstd_rand",
            Family::GlibcRandomType0 => "glibc_random_type0",
            Family::GlibcRandomType1 => "glibc_random_type1",
            Family::GlibcRandomType2 => "glibc_random_type2",
            Family::GlibcRandomType4 => "glibc_random_type4",
            Family::CppKnuthB => "cpp_knuth_b",
            Family::CppRanlux24Base => "cpp_ranlux24_base",
            Family::CppRanlux48Base => "cpp_ranlux48_base",
            Family::CppMt19937_64 => "cpp_mt19937_64",
            Family::MtPhpLegacy => "mt_php_legacy",
            Family::JavaSplittableRandom => "java_splittable_random",
            Family::JavaXoroshiro128plusplus => "java_xoroshiro128plusplus",
            Family::JavaXoshiro256plusplus => "java_xoshiro256plusplus",
            Family::JavaL32x64mixrandom => "java_l32x64mixrandom",
            Family::JavaL64x128mixrandom => "java_l64x128mixrandom",
            Family::JavaL64x128starstarrandom => "java_l64x128starstarrandom",
            Family::JavaL64x256mixrandom => "java_l64x256mixrandom",
            Family::JavaL64x1024mixrandom => "java_l64x1024mixrandom",
            Family::JavaL128x128mixrandom => "java_l128x128mixrandom",
            Family::JavaL128x256mixrandom => "java_l128x256mixrandom",
            Family::JavaL128x1024mixrandom => "java_l128x1024mixrandom",
            Family::NumpyPcg64 => "numpy_pcg64",
            Family::NumpyPcg64dxsm => "numpy_pcg64dxsm",
            Family::NumpyMt19937 => "numpy_mt19937",
            Family::NumpySfc64 => "numpy_sfc64",
            Family::NumpyPhilox => "numpy_philox",
            Family::PhpPcgOneseq128 => "php_pcg_oneseq128",
            Family::PhpXoshiro256starstar => "php_xoshiro256starstar",
            Family::GoRandV2Pcg => "go_rand_v2_pcg",
            Family::RustPcg32 => "rust_pcg32",
            Family::RustPcg64 => "rust_pcg64",
            Family::RustPcg64mcg => "rust_pcg64mcg",
            Family::RustXoshiro256plusplus => "rust_xoshiro256plusplus",
            Family::RustXoshiro256starstar => "rust_xoshiro256starstar",
            Family::RustXoroshiro128plusplus => "rust_xoroshiro128plusplus",
            Family::SeedrandomXor128 => "seedrandom_xor128",
            Family::SeedrandomXorwow => "seedrandom_xorwow",
            Family::SeedrandomXorshift7 => "seedrandom_xorshift7",
            Family::SeedrandomTychei => "seedrandom_tychei",
        }
    }
    /// The scalar reference stream of this family from `seed` (already in the
    /// family's seed space; callers map a source's seed with [`SourceInfo::seeds`]).
    pub fn stream(self, seed: u64) -> Stream {
        use crate::prng::modern as m;
        match self {
            Family::MtGenrand => Stream::Mt(Box::new(prng::mt::Mt19937::genrand(seed as u32))),
            Family::MtPython => Stream::Mt(Box::new(prng::mt::Mt19937::python(seed))),
            Family::GlibcRandom => {
                Stream::Glibc(Box::new(prng::glibc::GlibcRandom::new(seed as u32)))
            }
            Family::GlibcRandR => Stream::RandR(prng::glibc::RandR { state: seed as u32 }),
            Family::Rand48 => Stream::Rand48(prng::lcg::Rand48::new(seed as u32)),
            Family::JavaRandom => Stream::Java(prng::lcg::JavaRandom::new(seed)),
            Family::DotnetRandom => Stream::Dotnet(Box::new(prng::dotnet::DotnetRandom::new(
                seed as u32 as i32,
            ))),
            Family::GoRngSource => Stream::Go(Box::new(prng::go::GoSource::new(seed as i64))),
            Family::MsvcRand => Stream::Msvc(prng::lcg::MsvcRand { state: seed as u32 }),
            Family::MinstdRand0 => Stream::Minstd(prng::lcg::Minstd::new(seed, 16_807)),
            Family::MinstdRand => Stream::Minstd(prng::lcg::Minstd::new(seed, 48_271)),
            Family::GlibcRandomType0 => {
                Stream::GlibcTyped(Box::new(prng::glibc::GlibcTyped::new(seed as u32, 0, 0)))
            }
            Family::GlibcRandomType1 => {
                Stream::GlibcTyped(Box::new(prng::glibc::GlibcTyped::new(seed as u32, 7, 3)))
            }
            Family::GlibcRandomType2 => {
                Stream::GlibcTyped(Box::new(prng::glibc::GlibcTyped::new(seed as u32, 15, 1)))
            }
            Family::GlibcRandomType4 => {
                Stream::GlibcTyped(Box::new(prng::glibc::GlibcTyped::new(seed as u32, 63, 1)))
            }
            Family::CppKnuthB => Stream::KnuthB(Box::new(prng::cpp::KnuthB::new(seed))),
            Family::CppRanlux24Base => Stream::Swc(Box::new(prng::cpp::SubtractWithCarry::new(
                seed, 24, 10, 24,
            ))),
            Family::CppRanlux48Base => {
                Stream::Swc(Box::new(prng::cpp::SubtractWithCarry::new(seed, 48, 5, 12)))
            }
            Family::CppMt19937_64 => Stream::Mt64(Box::new(prng::cpp::Mt19937_64::new(seed))),
            Family::MtPhpLegacy => Stream::MtPhp(Box::new(prng::mt::MtPhpLegacy::new(seed as u32))),
            Family::JavaSplittableRandom => Stream::Dyn(Box::new(m::JavaSplittable { seed })),
            Family::JavaXoroshiro128plusplus => Stream::Dyn(Box::new(m::Read64::new(
                m::Xoroshiro128pp::java(seed),
                m::Out::High,
            ))),
            Family::JavaXoshiro256plusplus => Stream::Dyn(Box::new(m::Read64::new(
                m::Xoshiro256::java(seed),
                m::Out::High,
            ))),
            Family::JavaL32x64mixrandom => Stream::Dyn(Box::new(m::L32X64::java(seed))),
            Family::JavaL64x128mixrandom => Stream::Dyn(Box::new(m::Read64::new(
                m::Lxm::java(m::LxmKind::L64X128Mix, seed),
                m::Out::High,
            ))),
            Family::JavaL64x128starstarrandom => Stream::Dyn(Box::new(m::Read64::new(
                m::Lxm::java(m::LxmKind::L64X128StarStar, seed),
                m::Out::High,
            ))),
            Family::JavaL64x256mixrandom => Stream::Dyn(Box::new(m::Read64::new(
                m::Lxm::java(m::LxmKind::L64X256Mix, seed),
                m::Out::High,
            ))),
            Family::JavaL64x1024mixrandom => Stream::Dyn(Box::new(m::Read64::new(
                m::Lxm::java(m::LxmKind::L64X1024Mix, seed),
                m::Out::High,
            ))),
            Family::JavaL128x128mixrandom => Stream::Dyn(Box::new(m::Read64::new(
                m::Lxm::java(m::LxmKind::L128X128Mix, seed),
                m::Out::High,
            ))),
            Family::JavaL128x256mixrandom => Stream::Dyn(Box::new(m::Read64::new(
                m::Lxm::java(m::LxmKind::L128X256Mix, seed),
                m::Out::High,
            ))),
            Family::JavaL128x1024mixrandom => Stream::Dyn(Box::new(m::Read64::new(
                m::Lxm::java(m::LxmKind::L128X1024Mix, seed),
                m::Out::High,
            ))),
            Family::NumpyPcg64 => Stream::Dyn(Box::new(m::Read64::new(
                m::numpy_pcg64(seed, m::Pcg128Out::XslRr),
                m::Out::LowThenHigh,
            ))),
            Family::NumpyPcg64dxsm => Stream::Dyn(Box::new(m::Read64::new(
                m::numpy_pcg64(seed, m::Pcg128Out::DxsmCheap),
                m::Out::LowThenHigh,
            ))),
            Family::NumpyMt19937 => Stream::Dyn(Box::new(m::NumpyMt19937Lazy::new(seed))),
            Family::NumpySfc64 => Stream::Dyn(Box::new(m::Read64::new(
                m::Sfc64::numpy(seed),
                m::Out::LowThenHigh,
            ))),
            Family::NumpyPhilox => Stream::Dyn(Box::new(m::Read64::new(
                m::Philox::numpy(seed),
                m::Out::LowThenHigh,
            ))),
            Family::PhpPcgOneseq128 => Stream::Dyn(Box::new(m::Read64::new(
                m::Pcg128::php_oneseq(seed),
                m::Out::Low,
            ))),
            Family::PhpXoshiro256starstar => Stream::Dyn(Box::new(m::Read64::new(
                m::Xoshiro256::splitmix(seed, m::Scrambler::StarStar),
                m::Out::Low,
            ))),
            Family::GoRandV2Pcg => Stream::Dyn(Box::new(m::Read64::new(
                m::Pcg128::go(seed, 0),
                m::Out::Full,
            ))),
            Family::RustPcg32 => Stream::Dyn(Box::new(m::Pcg32::rust(seed))),
            Family::RustPcg64 => Stream::Dyn(Box::new(m::Read64::new(
                m::Pcg128::rust_pcg64(seed),
                m::Out::Low,
            ))),
            Family::RustPcg64mcg => Stream::Dyn(Box::new(m::Read64::new(
                m::Pcg128::rust_pcg64mcg(seed),
                m::Out::Low,
            ))),
            Family::RustXoshiro256plusplus => Stream::Dyn(Box::new(m::Read64::new(
                m::Xoshiro256::splitmix(seed, m::Scrambler::PlusPlus),
                m::Out::High,
            ))),
            Family::RustXoshiro256starstar => Stream::Dyn(Box::new(m::Read64::new(
                m::Xoshiro256::splitmix(seed, m::Scrambler::StarStar),
                m::Out::High,
            ))),
            Family::RustXoroshiro128plusplus => Stream::Dyn(Box::new(m::Read64::new(
                m::Xoroshiro128pp::splitmix(seed),
                m::Out::Low,
            ))),
            Family::SeedrandomXor128 => Stream::Dyn(Box::new(m::Seedrandom::new(
                m::SeedrandomKind::Xor128,
                seed as u32,
            ))),
            Family::SeedrandomXorwow => Stream::Dyn(Box::new(m::Seedrandom::new(
                m::SeedrandomKind::Xorwow,
                seed as u32,
            ))),
            Family::SeedrandomXorshift7 => Stream::Dyn(Box::new(m::Seedrandom::new(
                m::SeedrandomKind::Xorshift7,
                seed as u32,
            ))),
            Family::SeedrandomTychei => Stream::Dyn(Box::new(m::Seedrandom::new(
                m::SeedrandomKind::Tychei,
                seed as u32,
            ))),
        }
    }
}

/// Any family's scalar stream (an enum, so the reference path needs no vtable).
#[allow(missing_docs)]
pub enum Stream {
    Mt(Box<prng::mt::Mt19937>),
    Glibc(Box<prng::glibc::GlibcRandom>),
    RandR(prng::glibc::RandR),
    Rand48(prng::lcg::Rand48),
    Java(prng::lcg::JavaRandom),
    Dotnet(Box<prng::dotnet::DotnetRandom>),
    Go(Box<prng::go::GoSource>),
    Msvc(prng::lcg::MsvcRand),
    Minstd(prng::lcg::Minstd),
    GlibcTyped(Box<prng::glibc::GlibcTyped>),
    KnuthB(Box<prng::cpp::KnuthB>),
    Swc(Box<prng::cpp::SubtractWithCarry>),
    Mt64(Box<prng::cpp::Mt19937_64>),
    MtPhp(Box<prng::mt::MtPhpLegacy>),
    /// The generators of [`prng::modern`], behind one vtable call per output.
    Dyn(Box<dyn RawStream + Send>),
}

impl RawStream for Stream {
    #[inline]
    fn next_raw(&mut self) -> u64 {
        match self {
            Stream::Mt(g) => g.next_raw(),
            Stream::Glibc(g) => g.next_raw(),
            Stream::RandR(g) => g.next_raw(),
            Stream::Rand48(g) => g.next_raw(),
            Stream::Java(g) => g.next_raw(),
            Stream::Dotnet(g) => g.next_raw(),
            Stream::Go(g) => g.next_raw(),
            Stream::Msvc(g) => g.next_raw(),
            Stream::Minstd(g) => g.next_raw(),
            Stream::GlibcTyped(g) => g.next_raw(),
            Stream::KnuthB(g) => g.next_raw(),
            Stream::Swc(g) => g.next_raw(),
            Stream::Mt64(g) => g.next_raw(),
            Stream::MtPhp(g) => g.next_raw(),
            Stream::Dyn(g) => g.next_raw(),
        }
    }
}

/// A control: a cryptographic or physical source that is in the registry so a
/// user can ask for it, and is answered "not recoverable by this method", never
/// with a recovery. The negative-control suite (`tests/tests/negative.rs`, files
/// from the OS source and the ChaCha20 keystream) checks that no source or method
/// claims draws from them.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct ControlInfo {
    /// The id a user may give to `--prng`.
    pub id: &'static str,
    /// The algorithm.
    pub algorithm: &'static str,
    /// The calls that reach it.
    pub calls: &'static str,
    /// Bits of secret (key or entropy) behind the draws.
    pub secret_bits: u32,
    /// Why neither a seed sweep nor state recovery applies.
    pub why: &'static str,
}

/// The controls, in a stable order.
pub const CONTROLS: &[ControlInfo] = &[
    ControlInfo {
        id: "os_urandom",
        algorithm: "the operating system's entropy source (Linux getrandom(2): ChaCha20 reseeded from hardware noise)",
        calls: "os.urandom, secrets, /dev/urandom, getrandom, crypto.getRandomValues, java.security.SecureRandom (NativePRNG)",
        secret_bits: 256,
        why: "reseeded from physical noise; no seed or state is shared with the draws",
    },
    ControlInfo {
        id: "chacha20",
        algorithm: "ChaCha20 keystream (Bernstein 2008) under a 256-bit key",
        calls: "OpenSSL EVP_chacha20, rand_chacha::ChaCha20Rng from OsRng, arc4random (OpenBSD, glibc 2.36)",
        secret_bits: 256,
        why: "a stream cipher's keystream: recovering the key from outputs would break ChaCha20 (2^256 work by brute force)",
    },
    ControlInfo {
        id: "go_rand_v2_chacha8",
        algorithm: "Go math/rand/v2 ChaCha8Rand (the runtime's default source) under a 256-bit seed",
        calls: "rand.IntN(n) with the global source, rand.New(rand.NewChaCha8(seed)) with a secret seed",
        secret_bits: 256,
        why: "ChaCha8 keystream with key erasure every 16 blocks; the global source is seeded from the OS",
    },
    ControlInfo {
        id: "ctr_drbg_aes256",
        algorithm: "NIST SP 800-90A CTR_DRBG with AES-256 (OpenSSL 3 RAND_bytes' default)",
        calls: "RAND_bytes, openssl rand",
        secret_bits: 256,
        why: "AES-256 in counter mode under a secret key reseeded from the OS",
    },
    ControlInfo {
        id: "hmac_drbg_sha256",
        algorithm: "NIST SP 800-90A HMAC_DRBG with SHA-256",
        calls: "mbedTLS mbedtls_hmac_drbg_random, BoringSSL/Java DRBG SecureRandom (\"DRBG\")",
        secret_bits: 256,
        why: "HMAC-SHA-256 chain under a secret key and value reseeded from the OS",
    },
];

/// The control with this id, if any.
pub fn control(id: &str) -> Option<&'static ControlInfo> {
    CONTROLS.iter().find(|c| c.id == id)
}
