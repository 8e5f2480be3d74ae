//! Java 17: `SplittableRandom` and the `RandomGeneratorFactory` algorithms
//! (xoroshiro128++, xoshiro256++, the LXM family); `nextInt()` is the high half
//! of `nextLong()` except for L32X64's native 32-bit output.

use super::Prior;
use super::{Family, FamilyInfo, GpuKernel, SeedSpace, SourceId, SourceInfo, Stream, U32, UINT32};
use crate::kernel;
use crate::prng::modern::{
    JavaSplittable, Lxm, LxmKind, Out, Read64, Xoroshiro128pp, Xoshiro256, L32X64,
};
use crate::reduction::Reduction;

/// An LXM generator read as Java's `nextInt()` (the high half).
fn lxm(kind: LxmKind, seed: u64) -> Read64<Lxm> {
    Read64::new(Lxm::java(kind, seed), Out::High)
}

fn splittable(seed: u64) -> JavaSplittable {
    JavaSplittable { seed }
}

fn xoroshiro128pp(seed: u64) -> Read64<Xoroshiro128pp> {
    Read64::new(Xoroshiro128pp::java(seed), Out::High)
}

fn xoshiro256pp(seed: u64) -> Read64<Xoshiro256> {
    Read64::new(Xoshiro256::java(seed), Out::High)
}

fn l32x64mix(seed: u64) -> L32X64 {
    L32X64::java(seed)
}

fn l64x128mix(seed: u64) -> Read64<Lxm> {
    lxm(LxmKind::L64X128Mix, seed)
}

fn l64x128starstar(seed: u64) -> Read64<Lxm> {
    lxm(LxmKind::L64X128StarStar, seed)
}

fn l64x256mix(seed: u64) -> Read64<Lxm> {
    lxm(LxmKind::L64X256Mix, seed)
}

fn l64x1024mix(seed: u64) -> Read64<Lxm> {
    lxm(LxmKind::L64X1024Mix, seed)
}

fn l128x128mix(seed: u64) -> Read64<Lxm> {
    lxm(LxmKind::L128X128Mix, seed)
}

fn l128x256mix(seed: u64) -> Read64<Lxm> {
    lxm(LxmKind::L128X256Mix, seed)
}

fn l128x1024mix(seed: u64) -> Read64<Lxm> {
    lxm(LxmKind::L128X1024Mix, seed)
}

/// The families of this group.
pub(super) const FAMILIES: &[FamilyInfo] = &[
    FamilyInfo {
        family: Family::JavaSplittableRandom,
        id: "java_splittable_random",
        state_bits: 64,
        raw_form: UINT32,
        cost: 120,
        cpu_mseeds_per_core: 72.4,
        gpu_ops_per_seed: 12.0,
        stream: |seed| Stream::Dyn(Box::new(splittable(seed))),
        block: kernel::java_splittable,
        gpu: Some(GpuKernel::PLAIN),
    },
    FamilyInfo {
        family: Family::JavaXoroshiro128plusplus,
        id: "java_xoroshiro128plusplus",
        state_bits: 128,
        raw_form: UINT32,
        cost: 120,
        cpu_mseeds_per_core: 94.8,
        gpu_ops_per_seed: 30.0,
        stream: |seed| Stream::Dyn(Box::new(xoroshiro128pp(seed))),
        block: kernel::java_xoroshiro128pp,
        gpu: Some(GpuKernel::PLAIN),
    },
    FamilyInfo {
        family: Family::JavaXoshiro256plusplus,
        id: "java_xoshiro256plusplus",
        state_bits: 256,
        raw_form: UINT32,
        cost: 120,
        cpu_mseeds_per_core: 70.6,
        gpu_ops_per_seed: 50.0,
        stream: |seed| Stream::Dyn(Box::new(xoshiro256pp(seed))),
        block: kernel::java_xoshiro256pp,
        gpu: Some(GpuKernel::PLAIN),
    },
    FamilyInfo {
        family: Family::JavaL32x64mixrandom,
        id: "java_l32x64mixrandom",
        state_bits: 96,
        raw_form: UINT32,
        cost: 120,
        cpu_mseeds_per_core: 58.9,
        gpu_ops_per_seed: 30.0,
        stream: |seed| Stream::Dyn(Box::new(l32x64mix(seed))),
        block: kernel::java_l32x64mix,
        gpu: Some(GpuKernel::PLAIN),
    },
    FamilyInfo {
        family: Family::JavaL64x128mixrandom,
        id: "java_l64x128mixrandom",
        state_bits: 192,
        raw_form: UINT32,
        cost: 120,
        cpu_mseeds_per_core: 60.5,
        gpu_ops_per_seed: 50.0,
        stream: |seed| Stream::Dyn(Box::new(l64x128mix(seed))),
        block: kernel::java_l64x128mix,
        gpu: Some(GpuKernel::PLAIN),
    },
    FamilyInfo {
        family: Family::JavaL64x128starstarrandom,
        id: "java_l64x128starstarrandom",
        state_bits: 192,
        raw_form: UINT32,
        cost: 120,
        cpu_mseeds_per_core: 60.9,
        gpu_ops_per_seed: 50.0,
        stream: |seed| Stream::Dyn(Box::new(l64x128starstar(seed))),
        block: kernel::java_l64x128starstar,
        gpu: Some(GpuKernel::PLAIN),
    },
    FamilyInfo {
        family: Family::JavaL64x256mixrandom,
        id: "java_l64x256mixrandom",
        state_bits: 320,
        raw_form: UINT32,
        cost: 120,
        cpu_mseeds_per_core: 45.8,
        gpu_ops_per_seed: 70.0,
        stream: |seed| Stream::Dyn(Box::new(l64x256mix(seed))),
        block: kernel::java_l64x256mix,
        gpu: Some(GpuKernel::PLAIN),
    },
    FamilyInfo {
        family: Family::JavaL64x1024mixrandom,
        id: "java_l64x1024mixrandom",
        state_bits: 1152,
        raw_form: UINT32,
        cost: 220,
        cpu_mseeds_per_core: 84.9,
        gpu_ops_per_seed: 200.0,
        stream: |seed| Stream::Dyn(Box::new(l64x1024mix(seed))),
        block: kernel::java_l64x1024mix,
        gpu: Some(GpuKernel::PLAIN),
    },
    FamilyInfo {
        family: Family::JavaL128x128mixrandom,
        id: "java_l128x128mixrandom",
        state_bits: 384,
        raw_form: UINT32,
        cost: 120,
        cpu_mseeds_per_core: 38.6,
        gpu_ops_per_seed: 60.0,
        stream: |seed| Stream::Dyn(Box::new(l128x128mix(seed))),
        block: kernel::java_l128x128mix,
        gpu: Some(GpuKernel::PLAIN),
    },
    FamilyInfo {
        family: Family::JavaL128x256mixrandom,
        id: "java_l128x256mixrandom",
        state_bits: 512,
        raw_form: UINT32,
        cost: 120,
        cpu_mseeds_per_core: 27.4,
        gpu_ops_per_seed: 80.0,
        stream: |seed| Stream::Dyn(Box::new(l128x256mix(seed))),
        block: kernel::java_l128x256mix,
        gpu: Some(GpuKernel::PLAIN),
    },
    FamilyInfo {
        family: Family::JavaL128x1024mixrandom,
        id: "java_l128x1024mixrandom",
        state_bits: 1280,
        raw_form: UINT32,
        cost: 220,
        cpu_mseeds_per_core: 53.3,
        gpu_ops_per_seed: 210.0,
        stream: |seed| Stream::Dyn(Box::new(l128x1024mix(seed))),
        block: kernel::java_l128x1024mix,
        gpu: Some(GpuKernel::PLAIN),
    },
];

/// Java 17 `SplittableRandom` and `RandomGeneratorFactory` generators.
pub(super) const SOURCES: &[SourceInfo] = &[
    SourceInfo {
        id: SourceId::JavaSplittableRandom,
        prior: Prior::Frequent,
        family: Family::JavaSplittableRandom,
        algorithm: "SplitMix64 (gamma 0x9e3779b97f4a7c15), nextInt() = mix32(seed += gamma)",
        calls: "new java.util.SplittableRandom(s).nextInt(n)",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: u64::MAX, note: "long seed (negative seeds are 2^64 + s); the default sweep is [0, 2^32)" },
        reductions: &[(Reduction::BoundedNextInt, "nextInt(n): RandomSupport.boundedNextInt (mask for powers of two, else (u = nextInt() >>> 1) % n with rejection)")],
        reference: "OpenJDK 17 java/util/SplittableRandom.java (mix32, nextInt), RandomSupport.boundedNextInt",
    },
    SourceInfo {
        id: SourceId::JavaXoroshiro128plusplus,
        prior: Prior::Rare,
        family: Family::JavaXoroshiro128plusplus,
        algorithm: "xoroshiro128++; state from mixStafford13(s ^ SILVER_RATIO_64 + k GOLDEN_RATIO_64); nextInt() = nextLong() >>> 32",
        calls: "RandomGeneratorFactory.of(\"Xoroshiro128PlusPlus\").create(s).nextInt(n)",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: u64::MAX, note: "long seed (negative seeds are 2^64 + s); the default sweep is [0, 2^32)" },
        reductions: &[(Reduction::BoundedNextInt, "nextInt(n): RandomSupport.boundedNextInt (mask for powers of two, else (u = nextInt() >>> 1) % n with rejection)")],
        reference: "OpenJDK 17 jdk.random (jdk/internal/random/Xoroshiro128PlusPlus.java), java/util/random/RandomGenerator.java nextInt(int), jdk/internal/util/random/RandomSupport.java boundedNextInt",
    },
    SourceInfo {
        id: SourceId::JavaXoshiro256plusplus,
        prior: Prior::Rare,
        family: Family::JavaXoshiro256plusplus,
        algorithm: "xoshiro256++; state from mixStafford13 over s ^ SILVER_RATIO_64; nextInt() = nextLong() >>> 32",
        calls: "RandomGeneratorFactory.of(\"Xoshiro256PlusPlus\").create(s).nextInt(n)",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: u64::MAX, note: "long seed (negative seeds are 2^64 + s); the default sweep is [0, 2^32)" },
        reductions: &[(Reduction::BoundedNextInt, "nextInt(n): RandomSupport.boundedNextInt (mask for powers of two, else (u = nextInt() >>> 1) % n with rejection)")],
        reference: "OpenJDK 17 jdk.random (jdk/internal/random/Xoshiro256PlusPlus.java), java/util/random/RandomGenerator.java nextInt(int), jdk/internal/util/random/RandomSupport.java boundedNextInt",
    },
    SourceInfo {
        id: SourceId::JavaL32x64mixrandom,
        prior: Prior::Rare,
        family: Family::JavaL32x64mixrandom,
        algorithm: "LXM: 32-bit LCG (0xadb4a92d) + xoroshiro64, mixLea32; native nextInt()",
        calls: "RandomGeneratorFactory.of(\"L32X64MixRandom\").create(s).nextInt(n)",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: u64::MAX, note: "long seed (negative seeds are 2^64 + s); the default sweep is [0, 2^32)" },
        reductions: &[(Reduction::BoundedNextInt, "nextInt(n): RandomSupport.boundedNextInt (mask for powers of two, else (u = nextInt() >>> 1) % n with rejection)")],
        reference: "OpenJDK 17 jdk.random (jdk/internal/random/L32X64MixRandom.java), java/util/random/RandomGenerator.java nextInt(int), jdk/internal/util/random/RandomSupport.java boundedNextInt",
    },
    SourceInfo {
        id: SourceId::JavaL64x128mixrandom,
        prior: Prior::Rare,
        family: Family::JavaL64x128mixrandom,
        algorithm: "LXM: 64-bit LCG (0xd1342543de82ef95) + xoroshiro128, mixLea64; nextInt() = nextLong() >>> 32",
        calls: "RandomGeneratorFactory.of(\"L64X128MixRandom\").create(s).nextInt(n)",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: u64::MAX, note: "long seed (negative seeds are 2^64 + s); the default sweep is [0, 2^32)" },
        reductions: &[(Reduction::BoundedNextInt, "nextInt(n): RandomSupport.boundedNextInt (mask for powers of two, else (u = nextInt() >>> 1) % n with rejection)")],
        reference: "OpenJDK 17 jdk.random (jdk/internal/random/L64X128MixRandom.java), java/util/random/RandomGenerator.java nextInt(int), jdk/internal/util/random/RandomSupport.java boundedNextInt",
    },
    SourceInfo {
        id: SourceId::JavaL64x128starstarrandom,
        prior: Prior::Rare,
        family: Family::JavaL64x128starstarrandom,
        algorithm: "LXM: 64-bit LCG + xoroshiro128, StarStar scrambler; nextInt() = nextLong() >>> 32",
        calls: "RandomGeneratorFactory.of(\"L64X128StarStarRandom\").create(s).nextInt(n)",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: u64::MAX, note: "long seed (negative seeds are 2^64 + s); the default sweep is [0, 2^32)" },
        reductions: &[(Reduction::BoundedNextInt, "nextInt(n): RandomSupport.boundedNextInt (mask for powers of two, else (u = nextInt() >>> 1) % n with rejection)")],
        reference: "OpenJDK 17 jdk.random (jdk/internal/random/L64X128StarStarRandom.java), java/util/random/RandomGenerator.java nextInt(int), jdk/internal/util/random/RandomSupport.java boundedNextInt",
    },
    SourceInfo {
        id: SourceId::JavaL64x256mixrandom,
        prior: Prior::Rare,
        family: Family::JavaL64x256mixrandom,
        algorithm: "LXM: 64-bit LCG + xoshiro256, mixLea64; nextInt() = nextLong() >>> 32",
        calls: "RandomGeneratorFactory.of(\"L64X256MixRandom\").create(s).nextInt(n)",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: u64::MAX, note: "long seed (negative seeds are 2^64 + s); the default sweep is [0, 2^32)" },
        reductions: &[(Reduction::BoundedNextInt, "nextInt(n): RandomSupport.boundedNextInt (mask for powers of two, else (u = nextInt() >>> 1) % n with rejection)")],
        reference: "OpenJDK 17 jdk.random (jdk/internal/random/L64X256MixRandom.java), java/util/random/RandomGenerator.java nextInt(int), jdk/internal/util/random/RandomSupport.java boundedNextInt",
    },
    SourceInfo {
        id: SourceId::JavaL64x1024mixrandom,
        prior: Prior::Rare,
        family: Family::JavaL64x1024mixrandom,
        algorithm: "LXM: 64-bit LCG + xoroshiro1024, mixLea64; nextInt() = nextLong() >>> 32",
        calls: "RandomGeneratorFactory.of(\"L64X1024MixRandom\").create(s).nextInt(n)",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: u64::MAX, note: "long seed (negative seeds are 2^64 + s); the default sweep is [0, 2^32)" },
        reductions: &[(Reduction::BoundedNextInt, "nextInt(n): RandomSupport.boundedNextInt (mask for powers of two, else (u = nextInt() >>> 1) % n with rejection)")],
        reference: "OpenJDK 17 jdk.random (jdk/internal/random/L64X1024MixRandom.java), java/util/random/RandomGenerator.java nextInt(int), jdk/internal/util/random/RandomSupport.java boundedNextInt",
    },
    SourceInfo {
        id: SourceId::JavaL128x128mixrandom,
        prior: Prior::Rare,
        family: Family::JavaL128x128mixrandom,
        algorithm: "LXM: 128-bit LCG (2^64 + 0xd605bbb58c8abbfd) + xoroshiro128, mixLea64; nextInt() = nextLong() >>> 32",
        calls: "RandomGeneratorFactory.of(\"L128X128MixRandom\").create(s).nextInt(n)",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: u64::MAX, note: "long seed (negative seeds are 2^64 + s); the default sweep is [0, 2^32)" },
        reductions: &[(Reduction::BoundedNextInt, "nextInt(n): RandomSupport.boundedNextInt (mask for powers of two, else (u = nextInt() >>> 1) % n with rejection)")],
        reference: "OpenJDK 17 jdk.random (jdk/internal/random/L128X128MixRandom.java), java/util/random/RandomGenerator.java nextInt(int), jdk/internal/util/random/RandomSupport.java boundedNextInt",
    },
    SourceInfo {
        id: SourceId::JavaL128x256mixrandom,
        prior: Prior::Rare,
        family: Family::JavaL128x256mixrandom,
        algorithm: "LXM: 128-bit LCG + xoshiro256, mixLea64; nextInt() = nextLong() >>> 32",
        calls: "RandomGeneratorFactory.of(\"L128X256MixRandom\").create(s).nextInt(n)",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: u64::MAX, note: "long seed (negative seeds are 2^64 + s); the default sweep is [0, 2^32)" },
        reductions: &[(Reduction::BoundedNextInt, "nextInt(n): RandomSupport.boundedNextInt (mask for powers of two, else (u = nextInt() >>> 1) % n with rejection)")],
        reference: "OpenJDK 17 jdk.random (jdk/internal/random/L128X256MixRandom.java), java/util/random/RandomGenerator.java nextInt(int), jdk/internal/util/random/RandomSupport.java boundedNextInt",
    },
    SourceInfo {
        id: SourceId::JavaL128x1024mixrandom,
        prior: Prior::Rare,
        family: Family::JavaL128x1024mixrandom,
        algorithm: "LXM: 128-bit LCG + xoroshiro1024, mixLea64; nextInt() = nextLong() >>> 32",
        calls: "RandomGeneratorFactory.of(\"L128X1024MixRandom\").create(s).nextInt(n)",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: u64::MAX, note: "long seed (negative seeds are 2^64 + s); the default sweep is [0, 2^32)" },
        reductions: &[(Reduction::BoundedNextInt, "nextInt(n): RandomSupport.boundedNextInt (mask for powers of two, else (u = nextInt() >>> 1) % n with rejection)")],
        reference: "OpenJDK 17 jdk.random (jdk/internal/random/L128X1024MixRandom.java), java/util/random/RandomGenerator.java nextInt(int), jdk/internal/util/random/RandomSupport.java boundedNextInt",
    },
];
