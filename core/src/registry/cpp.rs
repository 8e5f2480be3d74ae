//! libstdc++ `<random>` engines: `knuth_b`, `ranlux24_base`, `ranlux48_base`,
//! `mt19937_64`, `minstd_rand0`, `minstd_rand`.

use super::Prior;
use super::{
    Family, FamilyInfo, GpuKernel, SeedSpace, SourceId, SourceInfo, Stream, PM, U32, UINT31,
};
use crate::backend::tables;
use crate::kernel;
use crate::prng::cpp::{KnuthB, Mt19937_64, SubtractWithCarry, MT64_LAZY_MAX};
use crate::prng::lcg::Minstd;
use crate::reduction::{RawForm, Reduction};

fn ranlux24(seed: u64) -> SubtractWithCarry {
    SubtractWithCarry::new(seed, 24, 10, 24)
}

fn ranlux48(seed: u64) -> SubtractWithCarry {
    SubtractWithCarry::new(seed, 48, 5, 12)
}

fn minstd0(seed: u64) -> Minstd {
    Minstd::new(seed, 16_807)
}

fn minstd(seed: u64) -> Minstd {
    Minstd::new(seed, 48_271)
}

/// The families of this group.
pub(super) const FAMILIES: &[FamilyInfo] = &[
    FamilyInfo {
        family: Family::MinstdRand0,
        id: "minstd_rand0",
        state_bits: 31,
        raw_form: UINT31,
        cost: 5,
        cpu_mseeds_per_core: 100.0,
        gpu_ops_per_seed: 20.0,
        stream: |seed| Stream::Minstd(minstd0(seed)),
        block: |base, count, s| kernel::scalar_simd(base, count, s, minstd0),
        gpu: Some(GpuKernel::PLAIN),
    },
    FamilyInfo {
        family: Family::MinstdRand,
        id: "minstd_rand",
        state_bits: 31,
        raw_form: UINT31,
        cost: 5,
        cpu_mseeds_per_core: 100.0,
        gpu_ops_per_seed: 20.0,
        stream: |seed| Stream::Minstd(minstd(seed)),
        block: |base, count, s| kernel::scalar_simd(base, count, s, minstd),
        gpu: Some(GpuKernel::PLAIN),
    },
    FamilyInfo {
        family: Family::CppKnuthB,
        id: "cpp_knuth_b",
        state_bits: 31 + 256 * 31 + 31,
        raw_form: UINT31,
        cost: 60,
        cpu_mseeds_per_core: 55.0,
        gpu_ops_per_seed: 8.0 * 30.0,
        stream: |seed| Stream::KnuthB(Box::new(KnuthB::new(seed))),
        block: kernel::cpp_knuth_b,
        gpu: Some(GpuKernel {
            max_raw: tables::KNUTH_B_MAX_RAW,
            table: tables::knuth_b_powers,
        }),
    },
    FamilyInfo {
        family: Family::CppRanlux24Base,
        id: "cpp_ranlux24_base",
        state_bits: 24 * 24 + 1,
        raw_form: RawForm::Uint { bits: 24 },
        cost: 5,
        cpu_mseeds_per_core: 53.0,
        gpu_ops_per_seed: 24.0 * 10.0,
        stream: |seed| Stream::Swc(Box::new(ranlux24(seed))),
        block: kernel::cpp_ranlux24_base,
        gpu: Some(GpuKernel::PLAIN),
    },
    FamilyInfo {
        family: Family::CppRanlux48Base,
        id: "cpp_ranlux48_base",
        state_bits: 12 * 48 + 1,
        raw_form: RawForm::Uint { bits: 48 },
        cost: 5,
        cpu_mseeds_per_core: 57.0,
        gpu_ops_per_seed: 24.0 * 10.0,
        stream: |seed| Stream::Swc(Box::new(ranlux48(seed))),
        block: kernel::cpp_ranlux48_base,
        gpu: Some(GpuKernel::PLAIN),
    },
    FamilyInfo {
        family: Family::CppMt19937_64,
        id: "cpp_mt19937_64",
        state_bits: 19_937,
        raw_form: RawForm::Uint { bits: 64 },
        cost: 60,
        cpu_mseeds_per_core: 27.0,
        gpu_ops_per_seed: 2.0 * 157.0 * 5.0,
        stream: |seed| Stream::Mt64(Box::new(Mt19937_64::new(seed))),
        block: |base, count, s| {
            if count <= MT64_LAZY_MAX {
                kernel::cpp_mt19937_64(base, count, s)
            } else {
                kernel::scalar(base, count, s, Mt19937_64::new)
            }
        },
        gpu: Some(GpuKernel {
            max_raw: MT64_LAZY_MAX,
            ..GpuKernel::PLAIN
        }),
    },
];

/// `knuth_b`, `ranlux24_base`, `ranlux48_base`, `mt19937_64`.
pub(super) const ENGINE_SOURCES: &[SourceInfo] = &[
    SourceInfo {
        id: SourceId::CppKnuthB,
        prior: Prior::Rare,
        family: Family::CppKnuthB,
        algorithm: "shuffle_order_engine<minstd_rand0, 256>: 256-entry table, index k (y - min) / (max - min + 1)",
        calls: "std::knuth_b g(s); g() % n",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: U32, note: "seed of minstd_rand0: s mod 2^31-1, 0 acts as 1" },
        reductions: &[(Reduction::Mod, "g() % n")],
        reference: "libstdc++ 12 bits/random.h, bits/random.tcc (shuffle_order_engine)",
    },
    SourceInfo {
        id: SourceId::CppRanlux24Base,
        prior: Prior::Rare,
        family: Family::CppRanlux24Base,
        algorithm: "subtract_with_carry_engine<24, 10, 24>, seeded by LCG 40014 mod 2147483563",
        calls: "std::ranlux24_base g(s); g() % n",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: U32, note: "result_type seed; 0 means 19780503" },
        reductions: &[(Reduction::Mod, "g() % n")],
        reference: "libstdc++ 12 bits/random.h, bits/random.tcc (subtract_with_carry_engine)",
    },
    SourceInfo {
        id: SourceId::CppRanlux48Base,
        prior: Prior::Rare,
        family: Family::CppRanlux48Base,
        algorithm: "subtract_with_carry_engine<48, 5, 12>, seeded by LCG 40014 mod 2147483563 (two draws per word)",
        calls: "std::ranlux48_base g(s); g() % n",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: U32, note: "result_type seed; 0 means 19780503" },
        reductions: &[(Reduction::Mod, "g() % n")],
        reference: "libstdc++ 12 bits/random.h, bits/random.tcc (subtract_with_carry_engine)",
    },
    SourceInfo {
        id: SourceId::CppMt19937_64,
        prior: Prior::Frequent,
        family: Family::CppMt19937_64,
        algorithm: "MT19937-64 (312 words, init_genrand64), 64-bit outputs",
        calls: "std::mt19937_64 g(s); g() % n",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: u64::MAX, note: "result_type (64-bit) seed" },
        reductions: &[(Reduction::Mod, "g() % n")],
        reference: "libstdc++ 12 bits/random.h, bits/random.tcc (mersenne_twister_engine)",
    },
];

/// `minstd_rand0`, `minstd_rand`.
pub(super) const MINSTD_SOURCES: &[SourceInfo] = &[
    SourceInfo {
        id: SourceId::MinstdRand0,
        prior: Prior::Frequent,
        family: Family::MinstdRand0,
        algorithm: "Lehmer x <- 16807 x mod 2^31-1",
        calls: "std::minstd_rand0 g(s); g() % n",
        seeds: SeedSpace {
            default_start: 0,
            default_end: PM,
            limit: u64::MAX,
            note: "s mod 2^31-1; 0 acts as 1",
        },
        reductions: &[(Reduction::Mod, "g() % n")],
        reference: "C++11 [rand.predef], libstdc++ bits/random.h linear_congruential_engine::seed",
    },
    SourceInfo {
        id: SourceId::MinstdRand,
        prior: Prior::Frequent,
        family: Family::MinstdRand,
        algorithm: "Lehmer x <- 48271 x mod 2^31-1",
        calls: "std::minstd_rand g(s); g() % n",
        seeds: SeedSpace {
            default_start: 0,
            default_end: PM,
            limit: u64::MAX,
            note: "s mod 2^31-1; 0 acts as 1",
        },
        reductions: &[(Reduction::Mod, "g() % n")],
        reference: "C++11 [rand.predef], libstdc++ bits/random.h linear_congruential_engine::seed",
    },
];
