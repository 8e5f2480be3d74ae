//! The block kernels against the scalar reference streams, lane for lane.

use proptest::prelude::*;
use seedsieve_core::kernel::{fill_block, Scratch, LANES, MT_LAZY_MAX};
use seedsieve_core::prng::RawStream;
use seedsieve_core::registry::{Family, SOURCES};

fn families() -> Vec<Family> {
    let mut f: Vec<Family> = SOURCES.iter().map(|s| s.family).collect();
    f.sort();
    f.dedup();
    f
}

fn check(family: Family, base: u64, count: usize, s: &mut Scratch) {
    fill_block(family, base, count, s);
    for l in 0..LANES {
        let mut g = family.stream(base.wrapping_add(l as u64));
        for i in 0..count {
            assert_eq!(
                s.raw[i][l],
                g.next_raw(),
                "{family:?} seed {} output {i}",
                base + l as u64
            );
        }
    }
}

#[test]
fn kernels_equal_reference_at_edges() {
    let mut s = Scratch::default();
    for f in families() {
        for base in [0u64, 1, (1 << 31) - 40, (1 << 32) - LANES as u64] {
            for count in [1, 2, 7, MT_LAZY_MAX, MT_LAZY_MAX + 5, 300] {
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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn kernels_equal_reference(fi in 0usize..11, base in 0u64..(1 << 32), count in 1usize..40) {
        let fams = families();
        let mut s = Scratch::default();
        check(fams[fi % fams.len()], base, count, &mut s);
    }
}
