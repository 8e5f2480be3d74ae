//! Managed runtimes' classic generators: `java.util.Random`, .NET
//! `System.Random`, Go `math/rand`.

use super::Prior;
use super::{Family, FamilyInfo, GpuKernel, SeedSpace, SourceId, SourceInfo, Stream, PM, U31, U32};
use crate::kernel;
use crate::prng::dotnet::DotnetRandom;
use crate::prng::go::{self, GoSource};
use crate::prng::lcg::JavaRandom;
use crate::reduction::{RawForm, Reduction};

fn dotnet(seed: u64) -> DotnetRandom {
    DotnetRandom::new(seed as u32 as i32)
}

fn go_source(seed: u64) -> GoSource {
    GoSource::new(seed as i64)
}

/// Go's kernel table: rngCooked, then the powers of 48271.
fn go_table() -> Vec<u64> {
    go::cooked()
        .iter()
        .map(|&c| c as u64)
        .chain(go::powers().iter().copied())
        .collect()
}

/// The families of this group.
pub(super) const FAMILIES: &[FamilyInfo] = &[
    FamilyInfo {
        family: Family::JavaRandom,
        id: "java_random",
        state_bits: 48,
        raw_form: RawForm::State48,
        cost: 5,
        cpu_mseeds_per_core: 100.0,
        gpu_ops_per_seed: 20.0,
        stream: |seed| Stream::Java(JavaRandom::new(seed)),
        block: |base, count, s| kernel::scalar_simd(base, count, s, JavaRandom::new),
        gpu: Some(GpuKernel::PLAIN),
    },
    FamilyInfo {
        family: Family::DotnetRandom,
        id: "dotnet_random",
        state_bits: 55 * 31,
        raw_form: RawForm::DotnetSample,
        cost: 60,
        cpu_mseeds_per_core: 38.0,
        gpu_ops_per_seed: 55.0 * 6.0 + 220.0 * 4.0,
        stream: |seed| Stream::Dotnet(Box::new(dotnet(seed))),
        block: kernel::dotnet,
        gpu: Some(GpuKernel::PLAIN),
    },
    FamilyInfo {
        family: Family::GoRngSource,
        id: "go_rng_source",
        state_bits: 607 * 64,
        raw_form: RawForm::Int63,
        cost: 15,
        cpu_mseeds_per_core: 44.0,
        gpu_ops_per_seed: 2.0 * 3.0 * 8.0,
        stream: |seed| Stream::Go(Box::new(go_source(seed))),
        block: |base, count, s| {
            if count <= go::DIRECT_MAX {
                kernel::go_rng_source(base, count, s)
            } else {
                kernel::scalar(base, count, s, go_source)
            }
        },
        gpu: Some(GpuKernel {
            max_raw: go::DIRECT_MAX,
            table: go_table,
        }),
    },
];

/// `java.util.Random`, .NET `System.Random`, Go `math/rand`.
pub(super) const SOURCES: &[SourceInfo] = &[
    SourceInfo {
        id: SourceId::JavaRandom,
        prior: Prior::Common,
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
        prior: Prior::Common,
        family: Family::DotnetRandom,
        algorithm: "Knuth subtractive (Numerical Recipes ran3), 55 words",
        calls: "new System.Random(s).Next(n)",
        seeds: SeedSpace { default_start: 0, default_end: U31, limit: U31, note: "int; -s acts as |s|, int.MinValue as int.MaxValue" },
        reductions: &[(Reduction::Float, "Next(n) = (int)(Sample() * n)")],
        reference: "dotnet/runtime Random.Net5CompatImpl.cs (CompatPrng); Mono mcs/class/corlib/System/Random.cs",
    },
    SourceInfo {
        id: SourceId::GoMathRand,
        prior: Prior::Common,
        family: Family::GoRngSource,
        algorithm: "additive lagged Fibonacci (607, 273), seeded by x <- 48271 x mod 2^31-1 XOR rngCooked",
        calls: "rand.New(rand.NewSource(s)).Intn(n)",
        seeds: SeedSpace { default_start: 0, default_end: PM, limit: PM, note: "int64 mod 2^31-1; 0 acts as 89482311" },
        reductions: &[(Reduction::Int31n, "Intn(n) for n < 2^31 (Int31n)")],
        reference: "Go 1.19 src/math/rand/rng.go, rand.go (Int31n)",
    },
];
