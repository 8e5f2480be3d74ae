//! PCG and xoshiro engines: PHP 8.2's `Random\Engine`s, Go's `math/rand/v2`
//! PCG, and the Rust `rand` crates' generators behind `seed_from_u64`.

use super::Prior;
use super::{Family, FamilyInfo, GpuKernel, SeedSpace, SourceId, SourceInfo, Stream, U32, UINT32};
use crate::kernel;
use crate::prng::modern::{Out, Pcg128, Pcg32, Read64, Scrambler, Xoroshiro128pp, Xoshiro256};
use crate::reduction::{RawForm, Reduction};

fn php_pcg(seed: u64) -> Read64<Pcg128> {
    Read64::new(Pcg128::php_oneseq(seed), Out::Low)
}

fn php_xoshiro(seed: u64) -> Read64<Xoshiro256> {
    Read64::new(Xoshiro256::splitmix(seed, Scrambler::StarStar), Out::Low)
}

fn go_pcg(seed: u64) -> Read64<Pcg128> {
    Read64::new(Pcg128::go(seed, 0), Out::Full)
}

fn rust_pcg32(seed: u64) -> Pcg32 {
    Pcg32::rust(seed)
}

fn rust_pcg64(seed: u64) -> Read64<Pcg128> {
    Read64::new(Pcg128::rust_pcg64(seed), Out::Low)
}

fn rust_pcg64mcg(seed: u64) -> Read64<Pcg128> {
    Read64::new(Pcg128::rust_pcg64mcg(seed), Out::Low)
}

fn rust_xoshiro256pp(seed: u64) -> Read64<Xoshiro256> {
    Read64::new(Xoshiro256::splitmix(seed, Scrambler::PlusPlus), Out::High)
}

fn rust_xoshiro256ss(seed: u64) -> Read64<Xoshiro256> {
    Read64::new(Xoshiro256::splitmix(seed, Scrambler::StarStar), Out::High)
}

fn rust_xoroshiro128pp(seed: u64) -> Read64<Xoroshiro128pp> {
    Read64::new(Xoroshiro128pp::splitmix(seed), Out::Low)
}

/// The families of this group.
pub(super) const FAMILIES: &[FamilyInfo] = &[
    FamilyInfo {
        family: Family::PhpPcgOneseq128,
        id: "php_pcg_oneseq128",
        state_bits: 128,
        raw_form: UINT32,
        cost: 120,
        cpu_mseeds_per_core: 60.9,
        gpu_ops_per_seed: 30.0,
        stream: |seed| Stream::Dyn(Box::new(php_pcg(seed))),
        block: kernel::php_pcg,
        gpu: Some(GpuKernel::PLAIN),
    },
    FamilyInfo {
        family: Family::PhpXoshiro256starstar,
        id: "php_xoshiro256starstar",
        state_bits: 256,
        raw_form: UINT32,
        cost: 120,
        cpu_mseeds_per_core: 78.4,
        gpu_ops_per_seed: 40.0,
        stream: |seed| Stream::Dyn(Box::new(php_xoshiro(seed))),
        block: kernel::php_xoshiro,
        gpu: Some(GpuKernel::PLAIN),
    },
    FamilyInfo {
        family: Family::GoRandV2Pcg,
        id: "go_rand_v2_pcg",
        state_bits: 128,
        raw_form: RawForm::Uint { bits: 64 },
        cost: 120,
        cpu_mseeds_per_core: 49.4,
        gpu_ops_per_seed: 30.0,
        stream: |seed| Stream::Dyn(Box::new(go_pcg(seed))),
        block: kernel::go_pcg,
        gpu: Some(GpuKernel::PLAIN),
    },
    FamilyInfo {
        family: Family::RustPcg32,
        id: "rust_pcg32",
        state_bits: 128,
        raw_form: UINT32,
        cost: 120,
        cpu_mseeds_per_core: 88.0,
        gpu_ops_per_seed: 30.0,
        stream: |seed| Stream::Dyn(Box::new(rust_pcg32(seed))),
        block: kernel::rust_pcg32,
        gpu: Some(GpuKernel::PLAIN),
    },
    FamilyInfo {
        family: Family::RustPcg64,
        id: "rust_pcg64",
        state_bits: 256,
        raw_form: UINT32,
        cost: 120,
        cpu_mseeds_per_core: 34.1,
        gpu_ops_per_seed: 40.0,
        stream: |seed| Stream::Dyn(Box::new(rust_pcg64(seed))),
        block: kernel::rust_pcg64,
        gpu: Some(GpuKernel::PLAIN),
    },
    FamilyInfo {
        family: Family::RustPcg64mcg,
        id: "rust_pcg64mcg",
        state_bits: 126,
        raw_form: UINT32,
        cost: 120,
        cpu_mseeds_per_core: 48.2,
        gpu_ops_per_seed: 30.0,
        stream: |seed| Stream::Dyn(Box::new(rust_pcg64mcg(seed))),
        block: kernel::rust_pcg64mcg,
        gpu: Some(GpuKernel::PLAIN),
    },
    FamilyInfo {
        family: Family::RustXoshiro256plusplus,
        id: "rust_xoshiro256plusplus",
        state_bits: 256,
        raw_form: UINT32,
        cost: 120,
        cpu_mseeds_per_core: 56.5,
        gpu_ops_per_seed: 40.0,
        stream: |seed| Stream::Dyn(Box::new(rust_xoshiro256pp(seed))),
        block: kernel::rust_xoshiro256pp,
        gpu: Some(GpuKernel::PLAIN),
    },
    FamilyInfo {
        family: Family::RustXoshiro256starstar,
        id: "rust_xoshiro256starstar",
        state_bits: 256,
        raw_form: UINT32,
        cost: 120,
        cpu_mseeds_per_core: 52.2,
        gpu_ops_per_seed: 40.0,
        stream: |seed| Stream::Dyn(Box::new(rust_xoshiro256ss(seed))),
        block: kernel::rust_xoshiro256ss,
        gpu: Some(GpuKernel::PLAIN),
    },
    FamilyInfo {
        family: Family::RustXoroshiro128plusplus,
        id: "rust_xoroshiro128plusplus",
        state_bits: 128,
        raw_form: UINT32,
        cost: 120,
        cpu_mseeds_per_core: 73.2,
        gpu_ops_per_seed: 30.0,
        stream: |seed| Stream::Dyn(Box::new(rust_xoroshiro128pp(seed))),
        block: kernel::rust_xoroshiro128pp,
        gpu: Some(GpuKernel::PLAIN),
    },
];

/// PHP 8.2 engines, Go `math/rand/v2` PCG, Rust `rand` crates.
pub(super) const SOURCES: &[SourceInfo] = &[
    SourceInfo {
        id: SourceId::PhpPcgOneseq128,
        prior: Prior::Frequent,
        family: Family::PhpPcgOneseq128,
        algorithm: "PCG oneseq 128 XSL-RR 64: state 0, step, + seed, step",
        calls: "(new Random\\Randomizer(new Random\\Engine\\PcgOneseq128XslRr64(s)))->getInt(a, b)",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: u64::MAX, note: "int seed (zend_long as uint64); the default sweep is [0, 2^32)" },
        reductions: &[(Reduction::Range32, "Randomizer::getInt(a, b) for b - a < 2^32: low 32 bits of each generate(), reject, % n")],
        reference: "php-src 8.2 ext/random/engine_pcgoneseq128xslrr64.c, ext/random/random.c (php_random_range32)",
    },
    SourceInfo {
        id: SourceId::PhpXoshiro256starstar,
        prior: Prior::Frequent,
        family: Family::PhpXoshiro256starstar,
        algorithm: "xoshiro256** seeded by SplitMix64(s)",
        calls: "(new Random\\Randomizer(new Random\\Engine\\Xoshiro256StarStar(s)))->getInt(a, b)",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: u64::MAX, note: "int seed (zend_long as uint64); the default sweep is [0, 2^32)" },
        reductions: &[(Reduction::Range32, "Randomizer::getInt(a, b) for b - a < 2^32: low 32 bits of each generate(), reject, % n")],
        reference: "php-src 8.2 ext/random/engine_xoshiro256starstar.c (seed256, splitmix64), ext/random/random.c (php_random_range32)",
    },
    SourceInfo {
        id: SourceId::GoRandV2Pcg,
        prior: Prior::Frequent,
        family: Family::GoRandV2Pcg,
        algorithm: "PCG 128-bit LCG, DXSM of the new state; NewPCG(s, 0): state hi = s, lo = 0",
        calls: "rand.New(rand.NewPCG(s, 0)).IntN(n) (math/rand/v2)",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: u64::MAX, note: "seed1 of NewPCG(seed1, 0); the default sweep is [0, 2^32)" },
        reductions: &[(Reduction::Lemire64, "IntN(n): Lemire on Uint64 (mask for powers of two)")],
        reference: "Go 1.23 src/math/rand/v2/pcg.go, rand.go (uint64n)",
    },
    SourceInfo {
        id: SourceId::RustPcg32,
        prior: Prior::Frequent,
        family: Family::RustPcg32,
        algorithm: "PCG32 (64-bit LCG, XSH-RR of the old state); state and stream from rand_core's PCG32 seed expansion",
        calls: "rand_pcg::Pcg32::seed_from_u64(s).random_range(a..=b)",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: u64::MAX, note: "seed_from_u64(s); the default sweep is [0, 2^32)" },
        reductions: &[(Reduction::Canon32, "random_range(a..=b) on u32/i32: 64-bit product of next_u32, a second word when the low half is above 2^32 - n")],
        reference: "rand 0.9.5 src/distr/uniform_int.rs (sample_single_inclusive), rand_core 0.9.5 SeedableRng::seed_from_u64, rand_pcg 0.9.0 src/pcg64.rs (Lcg64Xsh32)",
    },
    SourceInfo {
        id: SourceId::RustPcg64,
        prior: Prior::Frequent,
        family: Family::RustPcg64,
        algorithm: "PCG 128-bit LCG XSL-RR (Lcg128Xsl64); next_u32 = low half",
        calls: "rand_pcg::Pcg64::seed_from_u64(s).random_range(a..=b)",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: u64::MAX, note: "seed_from_u64(s); the default sweep is [0, 2^32)" },
        reductions: &[(Reduction::Canon32, "random_range(a..=b) on u32/i32: 64-bit product of next_u32, a second word when the low half is above 2^32 - n")],
        reference: "rand 0.9.5 src/distr/uniform_int.rs (sample_single_inclusive), rand_core 0.9.5 SeedableRng::seed_from_u64, rand_pcg 0.9.0 src/pcg128.rs (Lcg128Xsl64)",
    },
    SourceInfo {
        id: SourceId::RustPcg64mcg,
        prior: Prior::Frequent,
        family: Family::RustPcg64mcg,
        algorithm: "PCG 128-bit MCG XSL-RR (Mcg128Xsl64); next_u32 = low half",
        calls: "rand_pcg::Pcg64Mcg::seed_from_u64(s).random_range(a..=b)",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: u64::MAX, note: "seed_from_u64(s); the default sweep is [0, 2^32)" },
        reductions: &[(Reduction::Canon32, "random_range(a..=b) on u32/i32: 64-bit product of next_u32, a second word when the low half is above 2^32 - n")],
        reference: "rand 0.9.5 src/distr/uniform_int.rs (sample_single_inclusive), rand_core 0.9.5 SeedableRng::seed_from_u64, rand_pcg 0.9.0 src/pcg128.rs (Mcg128Xsl64)",
    },
    SourceInfo {
        id: SourceId::RustXoshiro256plusplus,
        prior: Prior::Frequent,
        family: Family::RustXoshiro256plusplus,
        algorithm: "xoshiro256++ seeded by SplitMix64(s); next_u32 = high half",
        calls: "rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(s).random_range(a..=b)",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: u64::MAX, note: "seed_from_u64(s); the default sweep is [0, 2^32)" },
        reductions: &[(Reduction::Canon32, "random_range(a..=b) on u32/i32: 64-bit product of next_u32, a second word when the low half is above 2^32 - n")],
        reference: "rand 0.9.5 src/distr/uniform_int.rs (sample_single_inclusive), rand_core 0.9.5 SeedableRng::seed_from_u64, rand_xoshiro 0.7.0 src/xoshiro256plusplus.rs",
    },
    SourceInfo {
        id: SourceId::RustXoshiro256starstar,
        prior: Prior::Frequent,
        family: Family::RustXoshiro256starstar,
        algorithm: "xoshiro256** seeded by SplitMix64(s); next_u32 = high half",
        calls: "rand_xoshiro::Xoshiro256StarStar::seed_from_u64(s).random_range(a..=b)",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: u64::MAX, note: "seed_from_u64(s); the default sweep is [0, 2^32)" },
        reductions: &[(Reduction::Canon32, "random_range(a..=b) on u32/i32: 64-bit product of next_u32, a second word when the low half is above 2^32 - n")],
        reference: "rand 0.9.5 src/distr/uniform_int.rs (sample_single_inclusive), rand_core 0.9.5 SeedableRng::seed_from_u64, rand_xoshiro 0.7.0 src/xoshiro256starstar.rs",
    },
    SourceInfo {
        id: SourceId::RustXoroshiro128plusplus,
        prior: Prior::Frequent,
        family: Family::RustXoroshiro128plusplus,
        algorithm: "xoroshiro128++ seeded by SplitMix64(s); next_u32 = low half",
        calls: "rand_xoshiro::Xoroshiro128PlusPlus::seed_from_u64(s).random_range(a..=b)",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: u64::MAX, note: "seed_from_u64(s); the default sweep is [0, 2^32)" },
        reductions: &[(Reduction::Canon32, "random_range(a..=b) on u32/i32: 64-bit product of next_u32, a second word when the low half is above 2^32 - n")],
        reference: "rand 0.9.5 src/distr/uniform_int.rs (sample_single_inclusive), rand_core 0.9.5 SeedableRng::seed_from_u64, rand_xoshiro 0.7.0 src/xoroshiro128plusplus.rs",
    },
];
