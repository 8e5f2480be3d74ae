//! C libraries: glibc `rand`/`random` with every `initstate` type, `rand_r`,
//! `rand48` (also Perl's `rand`), MSVC `rand`.

use super::Prior;
use super::{Family, FamilyInfo, GpuKernel, SeedSpace, SourceId, SourceInfo, Stream, U32, UINT31};
use crate::kernel::{self, MT_LAZY_MAX};
use crate::prng::glibc::{GlibcRandom, GlibcTyped, RandR};
use crate::prng::lcg::{MsvcRand, Rand48};
use crate::reduction::{RawForm, Reduction};

fn glibc_random(seed: u64) -> GlibcRandom {
    GlibcRandom::new(seed as u32)
}

fn rand_r(seed: u64) -> RandR {
    RandR { state: seed as u32 }
}

fn rand48(seed: u64) -> Rand48 {
    Rand48::new(seed as u32)
}

fn msvc(seed: u64) -> MsvcRand {
    MsvcRand { state: seed as u32 }
}

/// The families of this group.
pub(super) const FAMILIES: &[FamilyInfo] = &[
    FamilyInfo {
        family: Family::GlibcRandom,
        id: "glibc_random",
        state_bits: 31 * 32,
        raw_form: UINT31,
        cost: 20,
        cpu_mseeds_per_core: 30.0,
        gpu_ops_per_seed: 31.0 * 10.0 + 344.0 * 3.0,
        stream: |seed| Stream::Glibc(Box::new(glibc_random(seed))),
        block: |base, count, s| {
            if count <= MT_LAZY_MAX {
                kernel::glibc_type3(base, count, s)
            } else {
                kernel::scalar(base, count, s, glibc_random)
            }
        },
        gpu: Some(GpuKernel::PLAIN),
    },
    FamilyInfo {
        family: Family::GlibcRandR,
        id: "glibc_rand_r",
        state_bits: 32,
        raw_form: UINT31,
        cost: 5,
        cpu_mseeds_per_core: 100.0,
        gpu_ops_per_seed: 20.0,
        stream: |seed| Stream::RandR(rand_r(seed)),
        block: |base, count, s| kernel::scalar_simd(base, count, s, rand_r),
        gpu: Some(GpuKernel::PLAIN),
    },
    FamilyInfo {
        family: Family::Rand48,
        id: "rand48",
        state_bits: 48,
        raw_form: RawForm::State48,
        cost: 5,
        cpu_mseeds_per_core: 100.0,
        gpu_ops_per_seed: 20.0,
        stream: |seed| Stream::Rand48(rand48(seed)),
        block: |base, count, s| kernel::scalar_simd(base, count, s, rand48),
        gpu: Some(GpuKernel::PLAIN),
    },
    FamilyInfo {
        family: Family::MsvcRand,
        id: "msvc_rand",
        state_bits: 32,
        raw_form: RawForm::Uint { bits: 15 },
        cost: 5,
        cpu_mseeds_per_core: 100.0,
        gpu_ops_per_seed: 20.0,
        stream: |seed| Stream::Msvc(msvc(seed)),
        block: |base, count, s| kernel::scalar_simd(base, count, s, msvc),
        gpu: Some(GpuKernel::PLAIN),
    },
    FamilyInfo {
        family: Family::GlibcRandomType0,
        id: "glibc_random_type0",
        state_bits: 31,
        raw_form: UINT31,
        cost: 5,
        cpu_mseeds_per_core: 119.0,
        gpu_ops_per_seed: 20.0,
        stream: |seed| Stream::GlibcTyped(Box::new(GlibcTyped::new(seed as u32, 0, 0))),
        block: kernel::glibc_type0,
        gpu: Some(GpuKernel::PLAIN),
    },
    FamilyInfo {
        family: Family::GlibcRandomType1,
        id: "glibc_random_type1",
        state_bits: 7 * 32,
        raw_form: UINT31,
        cost: 12,
        cpu_mseeds_per_core: 57.0,
        gpu_ops_per_seed: 7.0 * 10.0 + 70.0 * 3.0,
        stream: |seed| Stream::GlibcTyped(Box::new(GlibcTyped::new(seed as u32, 7, 3))),
        block: kernel::glibc_type1,
        gpu: Some(GpuKernel::PLAIN),
    },
    FamilyInfo {
        family: Family::GlibcRandomType2,
        id: "glibc_random_type2",
        state_bits: 15 * 32,
        raw_form: UINT31,
        cost: 12,
        cpu_mseeds_per_core: 46.0,
        gpu_ops_per_seed: 15.0 * 10.0 + 150.0 * 3.0,
        stream: |seed| Stream::GlibcTyped(Box::new(GlibcTyped::new(seed as u32, 15, 1))),
        block: kernel::glibc_type2,
        gpu: Some(GpuKernel::PLAIN),
    },
    FamilyInfo {
        family: Family::GlibcRandomType4,
        id: "glibc_random_type4",
        state_bits: 63 * 32,
        raw_form: UINT31,
        cost: 40,
        cpu_mseeds_per_core: 21.0,
        gpu_ops_per_seed: 63.0 * 10.0 + 630.0 * 3.0,
        stream: |seed| Stream::GlibcTyped(Box::new(GlibcTyped::new(seed as u32, 63, 1))),
        block: kernel::glibc_type4,
        gpu: Some(GpuKernel::PLAIN),
    },
];

/// glibc `rand`/`random` (TYPE_3) and `initstate` types 0, 1, 2, 4.
pub(super) const RANDOM_SOURCES: &[SourceInfo] = &[
    SourceInfo {
        id: SourceId::GlibcRand,
        prior: Prior::Common,
        family: Family::GlibcRandom,
        algorithm:
            "glibc random_r TYPE_3: additive feedback r[i] = r[i-31] + r[i-3], 310 discarded",
        calls: "srand(s); rand() % n  |  rand() / (RAND_MAX + 1.0) * n  (random() is the same)",
        seeds: SeedSpace {
            default_start: 0,
            default_end: U32,
            limit: U32,
            note: "unsigned int; 0 acts as 1",
        },
        reductions: &[
            (Reduction::Mod, "rand() % n"),
            (Reduction::Float, "(int)(rand() / (RAND_MAX + 1.0) * n)"),
        ],
        reference: "glibc 2.36 stdlib/random_r.c (__srandom_r, __random_r)",
    },
    SourceInfo {
        id: SourceId::GlibcRandomType0,
        prior: Prior::Frequent,
        family: Family::GlibcRandomType0,
        algorithm: "glibc random_r TYPE_0: LCG x = (1103515245 x + 12345) mod 2^31",
        calls: "initstate(s, buf, 8); random() % n  |  random() / (RAND_MAX + 1.0) * n",
        seeds: SeedSpace {
            default_start: 0,
            default_end: U32,
            limit: U32,
            note: "unsigned int; 0 acts as 1",
        },
        reductions: &[
            (Reduction::Mod, "random() % n"),
            (Reduction::Float, "(int)(random() / (RAND_MAX + 1.0) * n)"),
        ],
        reference: "glibc 2.36 stdlib/random_r.c (__initstate_r, __srandom_r, __random_r)",
    },
    SourceInfo {
        id: SourceId::GlibcRandomType1,
        prior: Prior::Frequent,
        family: Family::GlibcRandomType1,
        algorithm: "glibc random_r TYPE_1: additive feedback x^7 + x^3 + 1, 70 discarded",
        calls: "initstate(s, buf, 32); random() % n  |  random() / (RAND_MAX + 1.0) * n",
        seeds: SeedSpace {
            default_start: 0,
            default_end: U32,
            limit: U32,
            note: "unsigned int; 0 acts as 1",
        },
        reductions: &[
            (Reduction::Mod, "random() % n"),
            (Reduction::Float, "(int)(random() / (RAND_MAX + 1.0) * n)"),
        ],
        reference: "glibc 2.36 stdlib/random_r.c (__initstate_r, __srandom_r, __random_r)",
    },
    SourceInfo {
        id: SourceId::GlibcRandomType2,
        prior: Prior::Frequent,
        family: Family::GlibcRandomType2,
        algorithm: "glibc random_r TYPE_2: additive feedback x^15 + x + 1, 150 discarded",
        calls: "initstate(s, buf, 64); random() % n  |  random() / (RAND_MAX + 1.0) * n",
        seeds: SeedSpace {
            default_start: 0,
            default_end: U32,
            limit: U32,
            note: "unsigned int; 0 acts as 1",
        },
        reductions: &[
            (Reduction::Mod, "random() % n"),
            (Reduction::Float, "(int)(random() / (RAND_MAX + 1.0) * n)"),
        ],
        reference: "glibc 2.36 stdlib/random_r.c (__initstate_r, __srandom_r, __random_r)",
    },
    SourceInfo {
        id: SourceId::GlibcRandomType4,
        prior: Prior::Frequent,
        family: Family::GlibcRandomType4,
        algorithm: "glibc random_r TYPE_4: additive feedback x^63 + x + 1, 630 discarded",
        calls: "initstate(s, buf, 256); random() % n  |  random() / (RAND_MAX + 1.0) * n",
        seeds: SeedSpace {
            default_start: 0,
            default_end: U32,
            limit: U32,
            note: "unsigned int; 0 acts as 1",
        },
        reductions: &[
            (Reduction::Mod, "random() % n"),
            (Reduction::Float, "(int)(random() / (RAND_MAX + 1.0) * n)"),
        ],
        reference: "glibc 2.36 stdlib/random_r.c (__initstate_r, __srandom_r, __random_r)",
    },
];

/// glibc `rand_r`, `rand48`.
pub(super) const LCG_SOURCES: &[SourceInfo] = &[
    SourceInfo {
        id: SourceId::GlibcRandR,
        prior: Prior::Frequent,
        family: Family::GlibcRandR,
        algorithm: "glibc rand_r: LCG a=1103515245 c=12345, three steps per output (11+10+10 bits)",
        calls: "rand_r(&s) % n",
        seeds: SeedSpace {
            default_start: 0,
            default_end: U32,
            limit: U32,
            note: "the unsigned int state itself",
        },
        reductions: &[(Reduction::Mod, "rand_r(&s) % n")],
        reference: "glibc 2.36 stdlib/rand_r.c",
    },
    SourceInfo {
        id: SourceId::Rand48,
        prior: Prior::Frequent,
        family: Family::Rand48,
        algorithm: "48-bit LCG a=0x5DEECE66D c=0xB; srand48: X = s << 16 | 0x330E",
        calls: "srand48(s); lrand48() % n  |  (int)(drand48() * n); Perl srand(s); int(rand(n))",
        seeds: SeedSpace {
            default_start: 0,
            default_end: U32,
            limit: U32,
            note: "long, low 32 bits used",
        },
        reductions: &[
            (Reduction::Mod, "lrand48() % n"),
            (Reduction::Float, "(int)(drand48() * n), Perl int(rand(n))"),
            (Reduction::Drand48, "drand48() printed in full (--float)"),
        ],
        reference:
            "glibc 2.36 stdlib/drand48-iter.c, srand48_r.c, erand48_r.c; perl util.c Perl_drand48_r",
    },
];

/// The MSVC CRT `rand`.
pub(super) const MSVC_SOURCES: &[SourceInfo] = &[SourceInfo {
    id: SourceId::MsvcRand,
    prior: Prior::Common,
    family: Family::MsvcRand,
    algorithm: "LCG a=214013 c=2531011 mod 2^32, output bits 16..30",
    calls: "srand(s); rand() % n (MSVC CRT)",
    seeds: SeedSpace {
        default_start: 0,
        default_end: U32,
        limit: U32,
        note: "unsigned int",
    },
    reductions: &[(Reduction::Mod, "rand() % n")],
    reference: "Microsoft UCRT misc/rand.cpp",
}];
