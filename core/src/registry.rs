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
        reductions: &[(Reduction::Randbelow, "randrange(a, b+1), randint(a, b): getrandbits(k) rejection")],
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
        reductions: &[(Reduction::MaskReject, "randint(lo, hi): masked rejection (legacy)")],
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
        reductions: &[(Reduction::Mod, "lrand48() % n"), (Reduction::Float, "(int)(drand48() * n), Perl int(rand(n))")],
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
        reductions: &[(Reduction::Nextint, "nextInt(n)")],
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
    pub const ALL: [Family; 20] = [
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
            _ => 20.0,
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
        }
    }
    /// The scalar reference stream of this family from `seed` (already in the
    /// family's seed space; callers map a source's seed with [`SourceInfo::seeds`]).
    pub fn stream(self, seed: u64) -> Stream {
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
        }
    }
}
