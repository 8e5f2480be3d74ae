//! The block kernels against the scalar reference streams, lane for lane.

use proptest::prelude::*;
use seedsieve_core::kernel::{
    fill_block, Scratch, KNUTH_B_COMPARE_MAX, LANES, LAZY_1024_MAX, MT_LAZY_MAX, NUMPY_MT_LAZY_MAX,
    TYPED_LINEAR_MAX,
};
use seedsieve_core::prng::cpp::MT64_LAZY_MAX;
use seedsieve_core::prng::go::DIRECT_MAX;
use seedsieve_core::prng::RawStream;
use seedsieve_core::registry::{Family, SOURCES};

/// Every family a source reads (so every row's block kernel).
fn families() -> Vec<Family> {
    let mut f: Vec<Family> = SOURCES.iter().map(|s| s.family).collect();
    f.sort();
    f.dedup();
    f
}

/// The largest seed limit of the family's sources (exclusive).
fn seed_limit(family: Family) -> u64 {
    SOURCES
        .iter()
        .filter(|s| s.family == family)
        .map(|s| s.seeds.limit)
        .max()
        .unwrap_or(0)
}

fn check(family: Family, base: u64, count: usize, s: &mut Scratch) {
    fill_block(family, base, count, s);
    for l in 0..LANES {
        let seed = base.wrapping_add(l as u64);
        let mut g = family.stream(seed);
        for i in 0..count {
            assert_eq!(
                s.raw[i][l],
                g.next_raw(),
                "{family:?} base {base} seed {seed} output {i} of {count}"
            );
        }
    }
}

/// Counts around every bound a kernel has (a lazy span, a table of first
/// words, a block of outputs, where a kernel switches paths or falls back to
/// the scalar kernel), and well past them (offsets and skips ask for more
/// than a thousand outputs).
const COUNTS: &[usize] = &[
    1,
    2,
    3,
    4,
    5,
    6,
    7,
    8,
    9,
    10,
    16,
    17,
    TYPED_LINEAR_MAX,
    TYPED_LINEAR_MAX + 1,
    KNUTH_B_COMPARE_MAX,
    KNUTH_B_COMPARE_MAX + 1,
    MT64_LAZY_MAX,
    MT64_LAZY_MAX + 1,
    DIRECT_MAX,
    DIRECT_MAX + 1,
    MT_LAZY_MAX,
    MT_LAZY_MAX + 1,
    MT_LAZY_MAX + 5,
    NUMPY_MT_LAZY_MAX,
    NUMPY_MT_LAZY_MAX + 1,
    LAZY_1024_MAX,
    LAZY_1024_MAX + 1,
    300,
    700,
    1100,
];

#[test]
fn every_family_is_checked() {
    assert_eq!(families().len(), seedsieve_core::registry::FAMILIES.len());
}

#[test]
fn kernels_equal_reference_at_edges() {
    let mut s = Scratch::default();
    for f in families() {
        for base in [0u64, 1, (1 << 31) - 40, (1 << 32) - LANES as u64] {
            for &count in COUNTS {
                check(f, base, count, &mut s);
            }
        }
    }
    // Past the lazy bound: the full-state MT kernels (a whole first twist, a
    // partial and a whole second, a third), for every family.
    for f in families() {
        for count in [623, 624, 625, 1001, 1248, 1249, 2500] {
            check(f, (1 << 31) - 40, count, &mut s);
        }
    }
    check(Family::MtPython, 1 << 32, 700, &mut s);
    // CPython seeds of two 32-bit words, and a block straddling 2^32.
    check(Family::MtPython, 1 << 32, 3, &mut s);
    check(Family::MtPython, (1 << 32) - 5, 3, &mut s);
}

#[test]
fn kernels_equal_reference_on_64_bit_seeds() {
    let mut s = Scratch::default();
    for f in families() {
        if seed_limit(f) <= 1 << 32 || f == Family::MtPython {
            continue;
        }
        for base in [
            (1 << 32) - 5,
            1 << 40,
            0x9e37_79b9_7f4a_7c15,
            u64::MAX - LANES as u64 + 1,
            u64::MAX - 20,
        ] {
            for count in [1, 2, 6, 9, 40] {
                check(f, base, count, &mut s);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]
    #[test]
    fn kernels_equal_reference(fi in 0usize..1000, base in 0u64..(1 << 32), count in 1usize..40) {
        let fams = families();
        let mut s = Scratch::default();
        check(fams[fi % fams.len()], base, count, &mut s);
    }
}
