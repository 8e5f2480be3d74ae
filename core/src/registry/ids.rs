//! The ids: [`SourceId`] (a runtime API) and [`Family`] (a generator with its
//! seeding function). Their serde names are the wire protocol's (shards carry
//! families, results carry sources): never rename a variant.

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

impl SourceId {
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
}

impl fmt::Display for SourceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// An unknown source id; the message suggests the closest ids ([`suggest`])
/// and lists the known ones.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown source id '{0}'{hint}; known: {known}",
    hint = match suggest(.0).as_slice() {
        [] => String::new(),
        s => format!("; did you mean {}?", s.join(" or ")),
    },
    known = SourceId::all().map(|s| s.id()).collect::<Vec<_>>().join(", "))]
pub struct UnknownSource(pub String);

/// Ids close to `s`, best first, at most 3: sweep sources and state-mode
/// generators whose id starts with or contains `s` (`python` ->
/// `python_random`), then those within Jaro-Winkler similarity 0.85
/// (typos: `php_mtrand` -> `php_mt_rand`).
pub fn suggest(s: &str) -> Vec<&'static str> {
    let s = s.trim().to_ascii_lowercase();
    if s.len() < 2 {
        return Vec::new();
    }
    let mut ids: Vec<&'static str> = SourceId::all().map(|i| i.id()).collect();
    for (id, _, _) in crate::recover::STATE_SOURCES {
        if !ids.contains(id) {
            ids.push(id);
        }
    }
    let mut scored: Vec<(f64, &'static str)> = ids
        .into_iter()
        .map(|id| {
            let score = if id.starts_with(&s) {
                2.0
            } else if id.contains(&s) {
                1.5
            } else {
                strsim::jaro_winkler(&s, id)
            };
            (score, id)
        })
        .filter(|(score, _)| *score >= 0.85)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored.into_iter().take(3).map(|(_, id)| id).collect()
}

impl FromStr for SourceId {
    type Err = UnknownSource;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        SourceId::all()
            .find(|id| id.id() == s)
            .ok_or_else(|| UnknownSource(s.to_string()))
    }
}
