//! numpy `Generator` bit generators seeded through `SeedSequence`; `next_uint32`
//! reads the low, then the high half of each 64-bit output.

use super::Prior;
use super::{Family, FamilyInfo, GpuKernel, SeedSpace, SourceId, SourceInfo, Stream, U32, UINT32};
use crate::backend::tables;
use crate::kernel;
use crate::prng::modern::{
    numpy_pcg64, NumpyMt19937Lazy, Out, Pcg128, Pcg128Out, Philox, Read64, Sfc64,
};
use crate::reduction::Reduction;

fn pcg64(seed: u64) -> Read64<Pcg128> {
    Read64::new(numpy_pcg64(seed, Pcg128Out::XslRr), Out::LowThenHigh)
}

fn pcg64dxsm(seed: u64) -> Read64<Pcg128> {
    Read64::new(numpy_pcg64(seed, Pcg128Out::DxsmCheap), Out::LowThenHigh)
}

fn mt19937(seed: u64) -> NumpyMt19937Lazy {
    NumpyMt19937Lazy::new(seed)
}

fn sfc64(seed: u64) -> Read64<Sfc64> {
    Read64::new(Sfc64::numpy(seed), Out::LowThenHigh)
}

fn philox(seed: u64) -> Read64<Philox> {
    Read64::new(Philox::numpy(seed), Out::LowThenHigh)
}

/// The families of this group.
pub(super) const FAMILIES: &[FamilyInfo] = &[
    FamilyInfo {
        family: Family::NumpyPcg64,
        id: "numpy_pcg64",
        state_bits: 256,
        raw_form: UINT32,
        cost: 120,
        cpu_mseeds_per_core: 46.0,
        gpu_ops_per_seed: 120.0,
        stream: |seed| Stream::Dyn(Box::new(pcg64(seed))),
        block: kernel::numpy_pcg64,
        gpu: Some(GpuKernel::PLAIN),
    },
    FamilyInfo {
        family: Family::NumpyPcg64dxsm,
        id: "numpy_pcg64dxsm",
        state_bits: 256,
        raw_form: UINT32,
        cost: 120,
        cpu_mseeds_per_core: 41.0,
        gpu_ops_per_seed: 120.0,
        stream: |seed| Stream::Dyn(Box::new(pcg64dxsm(seed))),
        block: kernel::numpy_pcg64dxsm,
        gpu: Some(GpuKernel::PLAIN),
    },
    FamilyInfo {
        family: Family::NumpyMt19937,
        id: "numpy_mt19937",
        state_bits: 19937,
        raw_form: UINT32,
        cost: 120,
        cpu_mseeds_per_core: 91.2,
        gpu_ops_per_seed: 200.0,
        stream: |seed| Stream::Dyn(Box::new(mt19937(seed))),
        block: kernel::numpy_mt,
        gpu: Some(GpuKernel {
            max_raw: tables::NUMPY_MT_MAX_RAW,
            table: tables::numpy_hash_b,
        }),
    },
    FamilyInfo {
        family: Family::NumpySfc64,
        id: "numpy_sfc64",
        state_bits: 256,
        raw_form: UINT32,
        cost: 120,
        cpu_mseeds_per_core: 36.2,
        gpu_ops_per_seed: 150.0,
        stream: |seed| Stream::Dyn(Box::new(sfc64(seed))),
        block: kernel::numpy_sfc64,
        gpu: Some(GpuKernel::PLAIN),
    },
    FamilyInfo {
        family: Family::NumpyPhilox,
        id: "numpy_philox",
        state_bits: 384,
        raw_form: UINT32,
        cost: 120,
        cpu_mseeds_per_core: 35.8,
        gpu_ops_per_seed: 150.0,
        stream: |seed| Stream::Dyn(Box::new(philox(seed))),
        block: kernel::numpy_philox,
        gpu: Some(GpuKernel::PLAIN),
    },
];

/// numpy `Generator` bit generators.
pub(super) const SOURCES: &[SourceInfo] = &[
    SourceInfo {
        id: SourceId::NumpyPcg64,
        prior: Prior::Common,
        family: Family::NumpyPcg64,
        algorithm: "PCG64 (128-bit LCG, XSL-RR) seeded by SeedSequence; next_uint32 = low then high half",
        calls: "numpy.random.default_rng(s).integers(lo, hi)",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: u64::MAX, note: "int entropy through SeedSequence (entropy < 2^64 here); the default sweep is [0, 2^32)" },
        reductions: &[(Reduction::Lemire32, "integers(lo, hi): Lemire on next_uint32 (buffered_bounded_lemire_uint32)")],
        reference: "numpy 2.x random/bit_generator.pyx (SeedSequence), random/_pcg64.pyx, random/src/pcg64/pcg64.h, random/src/distributions/distributions.c (buffered_bounded_lemire_uint32)",
    },
    SourceInfo {
        id: SourceId::NumpyPcg64dxsm,
        prior: Prior::Rare,
        family: Family::NumpyPcg64dxsm,
        algorithm: "PCG64DXSM (128-bit LCG with the cheap multiplier, DXSM of the old state) seeded by SeedSequence",
        calls: "numpy.random.Generator(PCG64DXSM(s)).integers(lo, hi)",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: u64::MAX, note: "int entropy through SeedSequence (entropy < 2^64 here); the default sweep is [0, 2^32)" },
        reductions: &[(Reduction::Lemire32, "integers(lo, hi): Lemire on next_uint32 (buffered_bounded_lemire_uint32)")],
        reference: "numpy 2.x random/bit_generator.pyx (SeedSequence), random/src/pcg64/pcg64.h (pcg_cm_random_r)",
    },
    SourceInfo {
        id: SourceId::NumpyMt19937,
        prior: Prior::Frequent,
        family: Family::NumpyMt19937,
        algorithm: "MT19937 with key[0] = 0x80000000, key[1..624] from SeedSequence (not init_genrand)",
        calls: "numpy.random.Generator(MT19937(s)).integers(lo, hi)",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: u64::MAX, note: "int entropy through SeedSequence (entropy < 2^64 here); the default sweep is [0, 2^32)" },
        reductions: &[(Reduction::Lemire32, "integers(lo, hi): Lemire on next_uint32 (buffered_bounded_lemire_uint32)")],
        reference: "numpy 2.x random/_mt19937.pyx (_seed_seq path), random/bit_generator.pyx (SeedSequence)",
    },
    SourceInfo {
        id: SourceId::NumpySfc64,
        prior: Prior::Rare,
        family: Family::NumpySfc64,
        algorithm: "SFC64 (a, b, c from SeedSequence, counter 1, 12 discarded)",
        calls: "numpy.random.Generator(SFC64(s)).integers(lo, hi)",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: u64::MAX, note: "int entropy through SeedSequence (entropy < 2^64 here); the default sweep is [0, 2^32)" },
        reductions: &[(Reduction::Lemire32, "integers(lo, hi): Lemire on next_uint32 (buffered_bounded_lemire_uint32)")],
        reference: "numpy 2.x random/src/sfc64/sfc64.h, random/_sfc64.pyx",
    },
    SourceInfo {
        id: SourceId::NumpyPhilox,
        prior: Prior::Rare,
        family: Family::NumpyPhilox,
        algorithm: "Philox4x64-10, key from SeedSequence, counter from 1",
        calls: "numpy.random.Generator(Philox(s)).integers(lo, hi)",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: u64::MAX, note: "int entropy through SeedSequence (entropy < 2^64 here); the default sweep is [0, 2^32)" },
        reductions: &[(Reduction::Lemire32, "integers(lo, hi): Lemire on next_uint32 (buffered_bounded_lemire_uint32)")],
        reference: "numpy 2.x random/src/philox/philox.h, random/_philox.pyx; Salmon et al. 2011 (Random123)",
    },
];
