//! The sieve with offsets and skips against the definition: a hypothesis
//! (seed, offset, skip) survives when its draws, from the scalar reference
//! stream, match the window within the tolerance. Covers the lane scan of the
//! offset prefilter (`sieve::by_scan`), the per-lane path of lanes with a
//! rejected raw output, and counts past the lazy MT bound (offsets near 1000).

use seedsieve_core::kernel::Scratch;
use seedsieve_core::reduction::{Reducer, Reduction};
use seedsieve_core::registry::SourceId;
use seedsieve_core::sieve::{emulate, sieve, Survivor, Target, WindowSpec};

/// The survivors by definition: every seed, target, offset and skip, counted
/// on the whole window with the scalar reference.
fn by_definition(
    targets: &[Target],
    seeds: std::ops::Range<u64>,
    spec: &WindowSpec,
) -> Vec<Survivor> {
    let window: Vec<u64> = spec.draws.iter().map(|d| (d - spec.min) as u64).collect();
    let (no, nk) = (spec.max_offset as usize, spec.max_skip as usize);
    let len = no + (window.len() - 1) * (nk + 1) + 1;
    let mut out = Vec::new();
    for t in targets {
        let family = t.source.info().family;
        let r = Reducer::new(t.reduction, t.source.raw_form(), spec.n()).expect("fits");
        for seed in seeds.clone() {
            let full = emulate(family, &r, seed, len);
            for o in 0..=no {
                for k in 0..=nk {
                    let m = window
                        .iter()
                        .enumerate()
                        .filter(|(j, w)| full[o + j * (k + 1)] != **w)
                        .count() as u32;
                    if m <= spec.max_mismatches {
                        out.push(Survivor {
                            source: t.source,
                            reduction: t.reduction,
                            seed,
                            offset: o as u32,
                            skip: k as u32,
                            mismatches: m,
                        });
                    }
                }
            }
        }
    }
    out.sort();
    out
}

fn by_sieve(targets: &[Target], seeds: std::ops::Range<u64>, spec: &WindowSpec) -> Vec<Survivor> {
    let family = targets[0].source.info().family;
    let mut out = Vec::new();
    let mut s = Scratch::default();
    sieve(family, targets, seeds, spec, &mut s, &mut out, |_| true).expect("sieves");
    out.sort();
    out
}

/// The window of `seed` at (offset, skip), `w` draws in min..=max, with the
/// draws at `flip` changed (mismatches).
#[allow(clippy::too_many_arguments)]
fn planted(
    t: Target,
    seed: u64,
    min: i64,
    max: i64,
    offset: u32,
    skip: u32,
    w: usize,
    flip: &[usize],
) -> Vec<i64> {
    let n = (max - min + 1) as u64;
    let r = Reducer::new(t.reduction, t.source.raw_form(), n).expect("fits");
    let len = offset as usize + (w - 1) * (skip as usize + 1) + 1;
    let full = emulate(t.source.info().family, &r, seed, len);
    (0..w)
        .map(|j| {
            let v = full[offset as usize + j * (skip as usize + 1)];
            let v = if flip.contains(&j) { (v + 1) % n } else { v };
            v as i64 + min
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn case(
    source: SourceId,
    reduction: Reduction,
    (min, max): (i64, i64),
    seed: u64,
    (offset, skip): (u32, u32),
    (max_offset, max_skip, max_mismatches): (u32, u32, u32),
    w: usize,
    flip: &[usize],
) {
    let t = Target { source, reduction };
    let spec = WindowSpec {
        min,
        max,
        draws: planted(t, seed, min, max, offset, skip, w, flip),
        max_offset,
        max_skip,
        max_mismatches,
    };
    // The planted seed inside a block, and a partial last block.
    let seeds = seed - 70..seed + 30;
    let got = by_sieve(&[t], seeds.clone(), &spec);
    assert_eq!(
        got,
        by_definition(&[t], seeds, &spec),
        "{source} {reduction}"
    );
    assert!(
        got.iter()
            .any(|s| s.seed == seed && s.offset == offset && s.skip == skip),
        "{source} {reduction}: planted seed {seed} at ({offset}, {skip}) not found: {got:?}"
    );
}

#[test]
fn php_offset_997_is_found_as_by_definition() {
    let t = (SourceId::PhpMtRand, Reduction::Range32);
    case(
        t.0,
        t.1,
        (0, 999),
        3_141_592_653,
        (997, 0),
        (1000, 0, 0),
        10,
        &[],
    );
    case(
        t.0,
        t.1,
        (0, 999),
        1_000_000,
        (997, 2),
        (1000, 2, 0),
        10,
        &[],
    );
    // Tolerance: one and two mismatches, one of them on the first draw.
    case(t.0, t.1, (0, 999), 77_777, (997, 1), (1000, 1, 1), 10, &[0]);
    case(
        t.0,
        t.1,
        (0, 999),
        77_777,
        (400, 0),
        (1000, 0, 2),
        10,
        &[1, 3],
    );
    // Short windows: two draws (p = W = mm + 1 with one mismatch allowed).
    case(t.0, t.1, (0, 99), 5_000, (900, 0), (1000, 0, 1), 2, &[0]);
}

#[test]
fn offsets_with_frequent_rejections_and_other_reductions() {
    // Range32 rejecting a quarter of the raw outputs: most lanes take the
    // per-lane path.
    let wide = (0, 3 << 30);
    case(
        SourceId::PhpMtRand,
        Reduction::Range32,
        wide,
        4_242,
        (613, 1),
        (700, 1, 0),
        6,
        &[],
    );
    // Mask and reject (numpy, Ruby), getrandbits (CPython), float (MT_RAND_PHP).
    case(
        SourceId::NumpyRandomstate,
        Reduction::MaskReject,
        (0, 999),
        1_234,
        (650, 0),
        (700, 0, 0),
        8,
        &[],
    );
    case(
        SourceId::PythonRandom,
        Reduction::Randbelow,
        (0, 999),
        1_234_567,
        (640, 1),
        (700, 1, 0),
        8,
        &[],
    );
    case(
        SourceId::PhpMtRandLegacy,
        Reduction::Float,
        (0, 999),
        99,
        (999, 0),
        (1000, 0, 0),
        10,
        &[],
    );
    case(
        SourceId::PhpMtRand,
        Reduction::Shift1,
        (0, (1 << 31) - 1),
        31_337,
        (1200, 0),
        (1300, 0, 0),
        3,
        &[],
    );
    case(
        SourceId::Mt19937,
        Reduction::Mod,
        (0, 999),
        1 << 20,
        (5, 3),
        (8, 3, 1),
        10,
        &[2],
    );
}
