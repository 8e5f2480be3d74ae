//! npm `seedrandom` generators with integer seeds (`Math.floor(rng() * n)`).

use super::Prior;
use super::{Family, FamilyInfo, GpuKernel, SeedSpace, SourceId, SourceInfo, Stream, U32, UINT32};
use crate::backend::tables;
use crate::kernel;
use crate::prng::modern::{Seedrandom, SeedrandomKind};
use crate::reduction::Reduction;

fn xor128(seed: u64) -> Seedrandom {
    Seedrandom::new(SeedrandomKind::Xor128, seed as u32)
}

fn xorwow(seed: u64) -> Seedrandom {
    Seedrandom::new(SeedrandomKind::Xorwow, seed as u32)
}

fn xorshift7(seed: u64) -> Seedrandom {
    Seedrandom::new(SeedrandomKind::Xorshift7, seed as u32)
}

fn tychei(seed: u64) -> Seedrandom {
    Seedrandom::new(SeedrandomKind::Tychei, seed as u32)
}

/// The families of this group.
pub(super) const FAMILIES: &[FamilyInfo] = &[
    FamilyInfo {
        family: Family::SeedrandomXor128,
        id: "seedrandom_xor128",
        state_bits: 128,
        raw_form: UINT32,
        cost: 120,
        cpu_mseeds_per_core: 93.4,
        gpu_ops_per_seed: 4.0 * 4.0 * 2.0 + 8.0 * 8.0,
        stream: |seed| Stream::Dyn(Box::new(xor128(seed))),
        block: kernel::seedrandom_xor128,
        gpu: Some(GpuKernel {
            table: tables::seedrandom_xor128,
            ..GpuKernel::PLAIN
        }),
    },
    FamilyInfo {
        family: Family::SeedrandomXorwow,
        id: "seedrandom_xorwow",
        state_bits: 192,
        raw_form: UINT32,
        cost: 120,
        cpu_mseeds_per_core: 53.3,
        gpu_ops_per_seed: 4.0 * 5.0 * 2.0 + 8.0 * 10.0,
        stream: |seed| Stream::Dyn(Box::new(xorwow(seed))),
        block: kernel::seedrandom_xorwow,
        gpu: Some(GpuKernel {
            table: tables::seedrandom_xorwow,
            ..GpuKernel::PLAIN
        }),
    },
    FamilyInfo {
        family: Family::SeedrandomXorshift7,
        id: "seedrandom_xorshift7",
        state_bits: 256,
        raw_form: UINT32,
        cost: 2000,
        cpu_mseeds_per_core: 76.2,
        gpu_ops_per_seed: 4.0 * 8.0 * 2.0 + 8.0 * 20.0,
        stream: |seed| Stream::Dyn(Box::new(xorshift7(seed))),
        block: kernel::seedrandom_xorshift7,
        gpu: Some(GpuKernel {
            table: tables::seedrandom_xorshift7,
            ..GpuKernel::PLAIN
        }),
    },
    FamilyInfo {
        family: Family::SeedrandomTychei,
        id: "seedrandom_tychei",
        state_bits: 128,
        raw_form: UINT32,
        cost: 120,
        cpu_mseeds_per_core: 56.9,
        gpu_ops_per_seed: (20.0 + 8.0) * 12.0,
        stream: |seed| Stream::Dyn(Box::new(tychei(seed))),
        block: kernel::seedrandom_tychei,
        gpu: Some(GpuKernel::PLAIN),
    },
];

/// npm seedrandom.
pub(super) const SOURCES: &[SourceInfo] = &[
    SourceInfo {
        id: SourceId::SeedrandomXor128,
        prior: Prior::Frequent,
        family: Family::SeedrandomXor128,
        algorithm: "Marsaglia xor128, x = seed, 64 discarded",
        calls: "seedrandom.xor128(s); Math.floor(rng() * n)",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: U32, note: "an integer seed's 32-bit pattern: seeds of 2^31 and above stand for the negative int32 s - 2^32 (string seeds are not swept)" },
        reductions: &[(Reduction::Float, "Math.floor(rng() * n), rng() = (next() >>> 0) / 2^32")],
        reference: "npm seedrandom 3.0.5 lib/xor128.js (XorGen, impl)",
    },
    SourceInfo {
        id: SourceId::SeedrandomXorwow,
        prior: Prior::Rare,
        family: Family::SeedrandomXorwow,
        algorithm: "Marsaglia xorwow, x = seed, d = x << 10 ^ x >>> 4, 64 discarded",
        calls: "seedrandom.xorwow(s); Math.floor(rng() * n)",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: U32, note: "an integer seed's 32-bit pattern: seeds of 2^31 and above stand for the negative int32 s - 2^32 (string seeds are not swept)" },
        reductions: &[(Reduction::Float, "Math.floor(rng() * n), rng() = (next() >>> 0) / 2^32")],
        reference: "npm seedrandom 3.0.5 lib/xorwow.js (XorGen, impl)",
    },
    SourceInfo {
        id: SourceId::SeedrandomXorshift7,
        prior: Prior::Rare,
        family: Family::SeedrandomXorshift7,
        algorithm: "xorshift7 (Panneton, L'Ecuyer), X[0] = seed, 256 discarded",
        calls: "seedrandom.xorshift7(s); Math.floor(rng() * n)",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: U32, note: "an integer seed's 32-bit pattern: seeds of 2^31 and above stand for the negative int32 s - 2^32 (string seeds are not swept)" },
        reductions: &[(Reduction::Float, "Math.floor(rng() * n), rng() = (next() >>> 0) / 2^32")],
        reference: "npm seedrandom 3.0.5 lib/xorshift7.js (XorGen, impl)",
    },
    SourceInfo {
        id: SourceId::SeedrandomTychei,
        prior: Prior::Rare,
        family: Family::SeedrandomTychei,
        algorithm: "Tyche-i (Neves, Araujo), b = seed, 20 discarded",
        calls: "seedrandom.tychei(s); Math.floor(rng() * n)",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: U32, note: "an integer seed in [0, 2^32) (a = seed / 2^32 | 0 = 0, b = seed | 0)" },
        reductions: &[(Reduction::Float, "Math.floor(rng() * n), rng() = (next() >>> 0) / 2^32")],
        reference: "npm seedrandom 3.0.5 lib/tychei.js (XorGen, impl)",
    },
];
