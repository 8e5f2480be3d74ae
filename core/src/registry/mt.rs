//! MT19937 seeded by `init_genrand` or CPython's `init_by_array`: CPython, PHP
//! (also `MT_RAND_PHP`), Ruby, numpy `RandomState`, C++ `std::mt19937`.

use super::Prior;
use super::{
    Family, FamilyInfo, GpuKernel, SeedSpace, SourceId, SourceInfo, Stream, U32, UINT31, UINT32,
};
use crate::kernel::{self, MT_LAZY_MAX};
use crate::prng::mt::{self, Mt19937, MtPhpLegacy};
use crate::reduction::Reduction;

fn genrand(seed: u64) -> Mt19937 {
    Mt19937::genrand(seed as u32)
}

fn python(seed: u64) -> Mt19937 {
    Mt19937::python(seed)
}

fn php_legacy(seed: u64) -> MtPhpLegacy {
    MtPhpLegacy::new(seed as u32)
}

/// CPython's kernel table: the state of init_genrand(19650218), which
/// `init_by_array` starts from.
fn python_table() -> Vec<u64> {
    mt::init_genrand(19_650_218)
        .iter()
        .map(|&w| u64::from(w))
        .collect()
}

/// The families of this group.
pub(super) const FAMILIES: &[FamilyInfo] = &[
    FamilyInfo {
        family: Family::MtGenrand,
        id: "mt_genrand",
        state_bits: 19_937,
        raw_form: UINT32,
        cost: 100,
        cpu_mseeds_per_core: 30.0,
        gpu_ops_per_seed: 4.0 * 399.0 + 40.0,
        stream: |seed| Stream::Mt(Box::new(genrand(seed))),
        block: |base, count, s| {
            if count <= MT_LAZY_MAX {
                kernel::mt_genrand(base, count, s)
            } else {
                kernel::mt_genrand_full(base, count, s)
            }
        },
        gpu: Some(GpuKernel {
            max_raw: MT_LAZY_MAX,
            ..GpuKernel::PLAIN
        }),
    },
    FamilyInfo {
        family: Family::MtPython,
        id: "mt_python",
        state_bits: 19_937,
        raw_form: UINT32,
        cost: 320,
        cpu_mseeds_per_core: 6.8,
        gpu_ops_per_seed: 624.0 + 1247.0 * 7.0,
        stream: |seed| Stream::Mt(Box::new(python(seed))),
        block: |base, count, s| {
            // The key's length changes at 2^32: one kernel call per key length.
            if (base >> 32) == ((base + kernel::LANES as u64 - 1) >> 32) {
                kernel::mt_python(base, count, s)
            } else {
                kernel::scalar(base, count, s, python)
            }
        },
        gpu: Some(GpuKernel {
            max_raw: MT_LAZY_MAX,
            table: python_table,
        }),
    },
    FamilyInfo {
        family: Family::MtPhpLegacy,
        id: "mt_php_legacy",
        state_bits: 19_937,
        raw_form: UINT31,
        cost: 60,
        cpu_mseeds_per_core: 45.0,
        gpu_ops_per_seed: 4.0 * 399.0 + 40.0,
        stream: |seed| Stream::MtPhp(Box::new(php_legacy(seed))),
        block: |base, count, s| {
            if count <= MT_LAZY_MAX {
                kernel::mt_php_legacy(base, count, s)
            } else {
                kernel::mt_php_legacy_full(base, count, s)
            }
        },
        gpu: Some(GpuKernel {
            max_raw: MT_LAZY_MAX,
            ..GpuKernel::PLAIN
        }),
    },
];

/// CPython, PHP, Ruby, numpy `RandomState`, C++ `std::mt19937`.
pub(super) const SOURCES: &[SourceInfo] = &[
    SourceInfo {
        id: SourceId::PythonRandom,
        prior: Prior::Common,
        family: Family::MtPython,
        algorithm: "MT19937, init_by_array(32-bit words of |seed|)",
        calls: "random.seed(s); random.randrange(n) / randint(a, b)",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: u64::MAX, note: "any int; |s| split into 32-bit words (one word below 2^32)" },
        reductions: &[(Reduction::Randbelow, "randrange(a, b+1), randint(a, b): getrandbits(k) rejection"), (Reduction::Res53, "random() (--float)")],
        reference: "CPython Modules/_randommodule.c (random_seed, init_by_array, getrandbits); Lib/random.py _randbelow_with_getrandbits",
    },
    SourceInfo {
        id: SourceId::PhpMtRand,
        prior: Prior::Common,
        family: Family::MtGenrand,
        algorithm: "MT19937, init_genrand(seed)",
        calls: "mt_srand(s); mt_rand(a, b) / mt_rand()",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: U32, note: "zend_long cast to uint32" },
        reductions: &[(Reduction::Range32, "mt_rand(a, b)"), (Reduction::Shift1, "mt_rand() = genrand >> 1")],
        reference: "php-src ext/random/mt19937.c, ext/random/random.c php_random_range32 (PHP 7.1+, MT_RAND_MT19937)",
    },
    SourceInfo {
        id: SourceId::RubyRandom,
        prior: Prior::Common,
        family: Family::MtGenrand,
        algorithm: "MT19937, init_genrand(seed) for seed < 2^32",
        calls: "Random.new(s).rand(n)",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: U32, note: "seeds >= 2^32 use init_by_array (not in v1)" },
        reductions: &[(Reduction::MaskReject, "rand(n): limited_rand mask and reject")],
        reference: "ruby random.c (rand_mt_init, limited_rand), mt19937.c",
    },
    SourceInfo {
        id: SourceId::NumpyRandomstate,
        prior: Prior::Common,
        family: Family::MtGenrand,
        algorithm: "MT19937, init_genrand(seed)",
        calls: "numpy.random.RandomState(s).randint(lo, hi)",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: U32, note: "int seed in [0, 2^32)" },
        reductions: &[(Reduction::MaskReject, "randint(lo, hi): masked rejection (legacy)"), (Reduction::Res53, "random_sample() / random() (--float)")],
        reference: "numpy random/_mt19937.pyx _legacy_seeding; random/src/distributions/distributions.c buffered_bounded_masked_uint32",
    },
    SourceInfo {
        id: SourceId::Mt19937,
        prior: Prior::Common,
        family: Family::MtGenrand,
        algorithm: "MT19937, init_genrand(seed)",
        calls: "std::mt19937 g(s); g() % n",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: U32, note: "result_type seed, mod 2^32" },
        reductions: &[(Reduction::Mod, "g() % n")],
        reference: "C++11 [rand.eng.mers]; mt19937ar.c init_genrand",
    },
];

/// PHP `mt_rand` with `MT_RAND_PHP`.
pub(super) const PHP_LEGACY_SOURCES: &[SourceInfo] = &[
    SourceInfo {
        id: SourceId::PhpMtRandLegacy,
        prior: Prior::Frequent,
        family: Family::MtPhpLegacy,
        algorithm: "MT19937 with PHP's legacy twist (matrix by the low bit of the upper word), init_genrand(seed), output >> 1",
        calls: "mt_srand(s, MT_RAND_PHP); mt_rand(a, b) / mt_rand()",
        seeds: SeedSpace { default_start: 0, default_end: U32, limit: U32, note: "zend_long cast to uint32" },
        reductions: &[(Reduction::Float, "mt_rand(a, b): a + (int)((b - a + 1.0) * (mt_rand() / 2^31)) (RAND_RANGE_BADSCALING)")],
        reference: "php-src ext/random/mt19937.c (twist_php, php_mt_reload), ext/random/random.c php_mt_rand_common (PHP 8.2, MT_RAND_PHP)",
    },
];
