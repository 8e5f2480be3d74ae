//! The CPU sieve: sweep a seed range of one family, keep the hypotheses whose draws
//! match the window.
//!
//! A hypothesis is (source, reduction, seed, offset, skip): the window's draw j is
//! the source's draw number `offset + j * (skip + 1)` (offset and skip count draws of
//! the same range function, so a rejection loop inside a skipped draw is emulated
//! exactly). Per block of [`LANES`] seeds:
//!
//! 1. the family's block kernel computes the raw outputs the prefilter needs;
//! 2. the prefilter reduces them to draws and, for every (offset, skip), counts
//!    mismatches on the first `min(window, max_mismatches + 2)` window draws (a
//!    hypothesis with more than `max_mismatches` there cannot be within tolerance);
//! 3. the few hypotheses that pass are checked on the whole window with the
//!    scalar reference stream, as are lanes whose rejection loops ran past the
//!    precomputed raw outputs.

// Lane loops index several arrays by the same lane; that shape is what vectorizes.
#![allow(clippy::needless_range_loop)]

use crate::kernel::{fill_block, in_lanes, LaneLoop, Scratch, LANES};
use crate::prng::RawStream;
use crate::reduction::{Draw, Reducer, Reduction, ReductionError, Unswitched};
use crate::registry::{Family, SourceId};
use serde::{Deserialize, Serialize};

/// A (source, reduction) pair to test.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Target {
    /// The source.
    pub source: SourceId,
    /// Its range reduction.
    pub reduction: Reduction,
}

/// What a sieve pass matches: the window and the hypothesis bounds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WindowSpec {
    /// Smallest value a draw can take.
    pub min: i64,
    /// Largest value a draw can take.
    pub max: i64,
    /// The window: the first draws of the file, in order.
    pub draws: Vec<i64>,
    /// Largest offset tried (draws consumed before the first observed one).
    pub max_offset: u32,
    /// Largest skip tried (draws consumed between observed draws, constant).
    pub max_skip: u32,
    /// Mismatches tolerated within the window.
    pub max_mismatches: u32,
}

impl WindowSpec {
    /// Number of values in the range, `max - min + 1`.
    pub fn n(&self) -> u64 {
        (self.max as i128 - self.min as i128 + 1) as u64
    }
}

/// A hypothesis consistent with the window.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Survivor {
    /// The source.
    pub source: SourceId,
    /// Its range reduction.
    pub reduction: Reduction,
    /// The seed passed to the runtime's seeding function.
    pub seed: u64,
    /// Draws consumed before the first observed one.
    pub offset: u32,
    /// Draws consumed between observed draws.
    pub skip: u32,
    /// Window draws that did not match.
    pub mismatches: u32,
}

/// The draws `0..count` of a source from `seed` under `reducer`, by the scalar reference.
pub fn emulate(family: Family, reducer: &Reducer, seed: u64, count: usize) -> Vec<u64> {
    let mut g = family.stream(seed);
    let mut next = || Some(g.next_raw());
    // The stream never runs dry, so every draw is Some.
    (0..count)
        .map(|_| reducer.draw(&mut next).unwrap_or(u64::MAX))
        .collect()
}

/// Mismatches of hypothesis (offset, skip) on `window` given the draws of a seed.
fn mismatches(draws: &[u64], window: &[u64], offset: u32, skip: u32, stop_above: u32) -> u32 {
    let mut m = 0;
    for (j, w) in window.iter().enumerate() {
        let p = offset as usize + j * (skip as usize + 1);
        if draws[p] != *w {
            m += 1;
            if m > stop_above {
                break;
            }
        }
    }
    m
}

struct Compiled {
    target: Target,
    reducer: Reducer,
}

/// The prefilter's shape for a window: the first `p` window draws are checked,
/// which needs `d` draws per target (all offsets and skips) and, with rejection
/// loops, `r` raw outputs per seed (more raws than draws, so that a seed
/// rarely runs dry; one that does is checked in full).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PrefilterShape {
    /// Window draws checked by the prefilter: min(W, max_mismatches + 2).
    pub p: usize,
    /// Draws computed per target: max_offset + (p - 1)(max_skip + 1) + 1.
    pub d: usize,
    /// Raw outputs computed per seed.
    pub r: usize,
}

/// The prefilter shape of `targets` on `spec` (see [`PrefilterShape`]).
pub fn prefilter_shape(targets: &[Target], spec: &WindowSpec) -> PrefilterShape {
    // Prefilter on one draw more than the tolerance needs: a second draw costs one
    // more raw output per seed and spares the scalar check of ~1/n of all seeds.
    let p = spec
        .draws
        .len()
        .min(spec.max_mismatches as usize + 2)
        .max(1);
    let d = spec.max_offset as usize + (p - 1) * (spec.max_skip as usize + 1) + 1;
    let rejects = targets.iter().any(|t| t.reduction.rejects());
    // Res53 and NextDouble read two raw outputs per draw.
    let per_draw = if targets
        .iter()
        .any(|t| matches!(t.reduction, Reduction::Res53 | Reduction::NextDouble))
    {
        2
    } else {
        1
    };
    let r = per_draw * if rejects { d + d / 4 + 4 } else { d };
    PrefilterShape { p, d, r }
}

/// Confirms prefilter candidates (from a GPU kernel) on the whole window with the
/// scalar reference, so that every backend reports exactly the CPU's survivors.
pub struct Confirmer {
    family: Family,
    compiled: Vec<Compiled>,
    window: Vec<u64>,
    no: u32,
    nk: u32,
    mm: u32,
}

impl Confirmer {
    /// Prepares the targets of one shard.
    ///
    /// # Errors
    /// A target whose reduction cannot serve the window's range.
    pub fn new(
        family: Family,
        targets: &[Target],
        spec: &WindowSpec,
    ) -> Result<Self, ReductionError> {
        let n = spec.n();
        Ok(Confirmer {
            family,
            compiled: targets
                .iter()
                .map(|t| {
                    Ok(Compiled {
                        target: *t,
                        reducer: Reducer::new(t.reduction, t.source.raw_form(), n)?,
                    })
                })
                .collect::<Result<_, ReductionError>>()?,
            window: spec
                .draws
                .iter()
                .map(|d| (*d as i128 - spec.min as i128) as u64)
                .collect(),
            no: spec.max_offset,
            nk: spec.max_skip,
            mm: spec.max_mismatches,
        })
    }

    /// The reducers' kernel descriptors, one per target (see [`Reducer::descriptor`]).
    pub fn descriptors(&self) -> Vec<[u64; 4]> {
        self.compiled
            .iter()
            .map(|c| c.reducer.descriptor())
            .collect()
    }

    /// The window, as draws in 0..n.
    pub fn window(&self) -> &[u64] {
        &self.window
    }

    /// Checks hypothesis (`seed`, offset, skip) of target `t` (`None`: every offset
    /// and skip), appending survivors. An out-of-range `t` is ignored.
    pub fn confirm(&self, t: usize, seed: u64, hyp: Option<(u32, u32)>, out: &mut Vec<Survivor>) {
        let Some(c) = self.compiled.get(t) else {
            return;
        };
        if self.window.is_empty() {
            return;
        }
        match hyp {
            Some((o, k)) if o <= self.no && k <= self.nk => {
                verify(self.family, c, seed, o, k, &self.window, self.mm, out)
            }
            Some(_) => {}
            None => {
                let full_len =
                    self.no as usize + (self.window.len() - 1) * (self.nk as usize + 1) + 1;
                let full = emulate(self.family, &c.reducer, seed, full_len);
                for o in 0..=self.no {
                    for k in 0..=self.nk {
                        keep_if_within(&full, c, seed, o, k, &self.window, self.mm, out);
                    }
                }
            }
        }
    }
}

/// One target over one block's lanes: the prefilter and the checks it calls
/// for, compiled once per reduction kind (see [`Reducer::unswitch`]).
struct Lanes<'a> {
    family: Family,
    c: &'a Compiled,
    base: u64,
    lanes: usize,
    raw: &'a [[u64; LANES]],
    prefix: &'a [u64],
    window: &'a [u64],
    draws: &'a mut [u64],
    hits: &'a mut [u64],
    cands: &'a mut Vec<(u32, u32, u32)>,
    full_len: usize,
    no: usize,
    nk: usize,
    mm: u32,
    out: &'a mut Vec<Survivor>,
}

impl Unswitched for Lanes<'_> {
    type Out = ();

    #[inline]
    fn run<D: Draw>(self, draw: D) {
        let Lanes {
            family,
            c,
            base,
            lanes,
            raw,
            prefix,
            window,
            draws,
            hits,
            cands,
            full_len,
            no,
            nk,
            mm,
            out,
        } = self;
        let p = prefix.len();
        let all = if lanes >= LANES {
            u64::MAX
        } else {
            (1u64 << lanes) - 1
        };
        // A reduction whose draws are one raw output each unless rejected: reduce
        // in lanes. Without offsets or skips, count each lane's mismatches on the
        // prefix (`exact_in_lanes`); with them, look at the (rare) positions
        // whose draw equals one of the first window draws (`by_scan`). Either
        // leaves the lanes with a rejected output to the per-lane path below.
        let single = draw.has_single();
        let exact = no == 0 && nk == 0 && single;
        let scan = (no > 0 || nk > 0) && single && p > mm as usize;
        cands.clear();
        let (bad, mut visit) = if exact {
            let (bad, pass) = exact_in_lanes(draw, raw, prefix, mm);
            (bad, (bad | pass) & all)
        } else if scan {
            let bad = by_scan(draw, raw, prefix, draws.len(), no, nk, mm, hits, cands);
            let with_cands = cands.iter().fold(0u64, |m, c| m | 1 << c.0);
            (bad, (bad | with_cands) & all)
        } else {
            (u64::MAX, all)
        };
        let mut next_cand = 0;
        while visit != 0 {
            let l = visit.trailing_zeros() as usize;
            visit &= visit - 1;
            if bad >> l & 1 == 0 {
                let seed = base + l as u64;
                if exact {
                    verify(family, c, seed, 0, 0, window, mm, out);
                    continue;
                }
                // The lane's prefilter survivors, in (offset, skip) order.
                while let Some(&(cl, o, k)) = cands.get(next_cand) {
                    if cl as usize != l {
                        break;
                    }
                    verify(family, c, seed, o, k, window, mm, out);
                    next_cand += 1;
                }
                continue;
            }
            let seed = base + l as u64;
            let mut i = 0usize;
            let mut next = || {
                let v = raw.get(i).map(|row| row[l]);
                i += 1;
                v
            };
            if no == 0 && nk == 0 {
                // Common case (no offset, no skip): draw by draw, stopping at the
                // first mismatch past the tolerance, so most seeds cost one draw.
                let mut m = 0u32;
                let mut complete = true;
                for want in prefix {
                    match draw.draw(&mut next) {
                        Some(v) if v == *want => {}
                        Some(_) => {
                            m += 1;
                            if m > mm {
                                break;
                            }
                        }
                        None => {
                            complete = false;
                            break;
                        }
                    }
                }
                if !complete || m <= mm {
                    verify(family, c, seed, 0, 0, window, mm, out);
                }
                continue;
            }
            let mut complete = true;
            for slot in draws.iter_mut() {
                match draw.draw(&mut next) {
                    Some(v) => *slot = v,
                    None => {
                        complete = false;
                        break;
                    }
                }
            }
            if !complete {
                // Rejections ran past the precomputed outputs: check this seed in full.
                let full = emulate(family, &c.reducer, seed, full_len);
                for o in 0..=no as u32 {
                    for k in 0..=nk as u32 {
                        keep_if_within(&full, c, seed, o, k, window, mm, out);
                    }
                }
                continue;
            }
            for o in 0..=no as u32 {
                for k in 0..=nk as u32 {
                    if mismatches(draws, prefix, o, k, mm) <= mm {
                        verify(family, c, seed, o, k, window, mm, out);
                    }
                }
            }
        }
    }
}

/// The prefilter without offsets or skips, in lanes, for a reduction with
/// [`Draw::single`]: returns (the lanes it could not serve: a raw output among
/// the first `p` was rejected; the others that pass, at most `mm` mismatches
/// on the prefix), as bit masks over lanes.
fn exact_in_lanes<D: Draw>(draw: D, raw: &[[u64; LANES]], prefix: &[u64], mm: u32) -> (u64, u64) {
    in_lanes(ExactRows {
        draw,
        raw,
        prefix,
        mm,
    })
}

struct ExactRows<'a, D> {
    draw: D,
    raw: &'a [[u64; LANES]],
    prefix: &'a [u64],
    mm: u32,
}

impl<D: Draw> LaneLoop for ExactRows<'_, D> {
    type Out = (u64, u64);
    #[inline(always)]
    fn run(self) -> (u64, u64) {
        let ExactRows {
            draw,
            raw,
            prefix,
            mm,
        } = self;
        let mut miss = [0u32; LANES];
        let mut rejected = [false; LANES];
        for (row, w) in raw.iter().zip(prefix) {
            for l in 0..LANES {
                let (v, ok) = draw.single(row[l]);
                miss[l] += u32::from(v != *w);
                rejected[l] |= !ok;
            }
        }
        let (mut bad, mut pass) = (0u64, 0u64);
        for l in 0..LANES {
            bad |= u64::from(rejected[l]) << l;
            pass |= u64::from(miss[l] <= mm) << l;
        }
        (bad, pass)
    }
}

/// Rows `0..d` of the offset scan (see [`by_scan`]): the hit masks, and the
/// lanes with a rejected output.
struct ScanRows<'a, D> {
    draw: D,
    raw: &'a [[u64; LANES]],
    prefix: &'a [u64],
    d: usize,
    hits: &'a mut [u64],
}

impl<D: Draw> LaneLoop for ScanRows<'_, D> {
    type Out = u64;
    #[inline(always)]
    fn run(self) -> u64 {
        let ScanRows {
            draw,
            raw,
            prefix,
            d,
            hits,
        } = self;
        let mut rejected = [false; LANES];
        for (i, row) in raw[..d].iter().enumerate() {
            let mut v = [0u64; LANES];
            for l in 0..LANES {
                let (x, ok) = draw.single(row[l]);
                v[l] = x;
                rejected[l] |= !ok;
            }
            for (j, w) in prefix.iter().enumerate() {
                // Most rows have no hit (each lane hits with probability
                // about 1/n): an any-lane test in vector compares, and the
                // lane mask only for rows with a hit.
                let mut any = false;
                for l in 0..LANES {
                    any |= v[l] == *w;
                }
                let mut m = 0u64;
                if any {
                    for l in 0..LANES {
                        if v[l] == *w {
                            m |= 1 << l;
                        }
                    }
                }
                hits[j * d + i] = m;
            }
        }
        let mut bad = 0u64;
        for l in 0..LANES {
            bad |= u64::from(rejected[l]) << l;
        }
        bad
    }
}

/// The offset prefilter of one block in lanes, for a reduction with
/// [`Draw::single`]: returns the lanes it could not serve (a raw output among
/// the first `d` was rejected: bit l set), and
/// leaves in `cands` the hypotheses (lane, offset, skip) of the others that
/// pass the prefilter, sorted.
///
/// A hypothesis passes when at most `mm` of the `p` prefix draws mismatch, so
/// (as p > mm) one of the first `mm + 1` prefix draws matches. So instead of
/// testing every (offset, skip), each row i of draws is compared with prefix
/// draws j in 0..=mm in lanes (a bit mask per row and j), and each hit (lane
/// l, row i, j) proposes the hypotheses (i - j(k + 1), k) for which j is the
/// first matching prefix draw; those are then counted in full. A lane whose
/// first d raw outputs are all accepted has draw i = `single(raw[i]).0`,
/// which the counting recomputes rather than storing draws.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
fn by_scan<D: Draw>(
    draw: D,
    raw: &[[u64; LANES]],
    prefix: &[u64],
    d: usize,
    no: usize,
    nk: usize,
    mm: u32,
    hits: &mut [u64],
    cands: &mut Vec<(u32, u32, u32)>,
) -> u64 {
    let jn = mm as usize + 1;
    let p = prefix.len();
    let bad = in_lanes(ScanRows {
        draw,
        raw,
        prefix: &prefix[..jn],
        d,
        hits: &mut hits[..jn * d],
    });
    let at = |pos: usize, l: usize| draw.single(raw[pos][l]).0;
    for j in 0..jn {
        for i in 0..d {
            let mut m = hits[j * d + i] & !bad;
            while m != 0 {
                let l = m.trailing_zeros() as usize;
                m &= m - 1;
                for k in 0..=nk {
                    let step = k + 1;
                    if i < j * step {
                        break;
                    }
                    let o = i - j * step;
                    if o > no {
                        continue;
                    }
                    // Found from an earlier matching prefix draw already.
                    if (0..j).any(|t| at(o + t * step, l) == prefix[t]) {
                        continue;
                    }
                    let mut miss = j as u32;
                    for t in j + 1..p {
                        if at(o + t * step, l) != prefix[t] {
                            miss += 1;
                            if miss > mm {
                                break;
                            }
                        }
                    }
                    if miss <= mm {
                        cands.push((l as u32, o as u32, k as u32));
                    }
                }
            }
        }
    }
    cands.sort_unstable();
    bad
}

/// Sweeps `seeds` (start..end) of `family` for every target, appending survivors.
///
/// `keep_going` is called after each block with the seeds done in it; returning
/// false stops the sweep early (the return value then counts the seeds done).
/// Errors: a target whose reduction cannot serve the window's range.
pub fn sieve(
    family: Family,
    targets: &[Target],
    seeds: std::ops::Range<u64>,
    spec: &WindowSpec,
    scratch: &mut Scratch,
    out: &mut Vec<Survivor>,
    mut keep_going: impl FnMut(u64) -> bool,
) -> Result<u64, ReductionError> {
    let n = spec.n();
    let compiled: Vec<Compiled> = targets
        .iter()
        .map(|t| {
            Ok(Compiled {
                target: *t,
                reducer: Reducer::new(t.reduction, t.source.raw_form(), n)?,
            })
        })
        .collect::<Result<_, ReductionError>>()?;
    let window: Vec<u64> = spec
        .draws
        .iter()
        .map(|d| (*d as i128 - spec.min as i128) as u64)
        .collect();
    let w = window.len();
    if w == 0 || compiled.is_empty() || seeds.start >= seeds.end {
        return Ok(0);
    }
    let (no, nk, mm) = (
        spec.max_offset as usize,
        spec.max_skip as usize,
        spec.max_mismatches,
    );
    let PrefilterShape { p, d, r } = prefilter_shape(targets, spec);
    // Where the lane prefilters serve every target and rejections are rare (a
    // lane with one in its first d outputs goes to the per-lane path, which
    // then runs dry and checks the seed in full), d raw outputs are enough.
    let rare = compiled
        .iter()
        .all(|c| c.reducer.has_single() && c.reducer.rejection_rate() * (d as f64) < 1e-3);
    let r = if rare && ((no == 0 && nk == 0) || p > mm as usize) {
        d
    } else {
        r
    };
    let full_len = no + (w - 1) * (nk + 1) + 1;
    let prefix = &window[..p];
    let mut draws = vec![0u64; d];
    // Row hit masks of the offset scan (`by_scan`): prefix draws 0..=mm, d rows each.
    let mut hits = vec![0u64; (mm as usize + 1).min(p) * d];
    let mut cands = Vec::new();
    let mut done = 0u64;
    let mut base = seeds.start;
    while base < seeds.end {
        let lanes = (seeds.end - base).min(LANES as u64) as usize;
        fill_block(family, base, r, scratch);
        // Only this block's r rows: the scratch keeps rows of longer earlier
        // windows, and a draw reading one of those stale rows would compare a
        // garbage draw instead of running dry (and being checked in full).
        let raw = &scratch.raw[..r];
        for c in &compiled {
            c.reducer.unswitch(Lanes {
                family,
                c,
                base,
                lanes,
                raw,
                prefix,
                window: &window,
                draws: &mut draws,
                hits: &mut hits,
                cands: &mut cands,
                full_len,
                no,
                nk,
                mm,
                out,
            });
        }
        done += lanes as u64;
        base += lanes as u64;
        if !keep_going(lanes as u64) {
            break;
        }
    }
    Ok(done)
}

#[allow(clippy::too_many_arguments)]
fn verify(
    family: Family,
    c: &Compiled,
    seed: u64,
    o: u32,
    k: u32,
    window: &[u64],
    mm: u32,
    out: &mut Vec<Survivor>,
) {
    let len = o as usize + (window.len() - 1) * (k as usize + 1) + 1;
    keep_if_within(
        &emulate(family, &c.reducer, seed, len),
        c,
        seed,
        o,
        k,
        window,
        mm,
        out,
    );
}

/// Records hypothesis (seed, o, k) when its draws `full` match the window within tolerance.
#[allow(clippy::too_many_arguments)]
fn keep_if_within(
    full: &[u64],
    c: &Compiled,
    seed: u64,
    o: u32,
    k: u32,
    window: &[u64],
    mm: u32,
    out: &mut Vec<Survivor>,
) {
    let m = mismatches(full, window, o, k, mm);
    if m <= mm {
        out.push(Survivor {
            source: c.target.source,
            reduction: c.target.reduction,
            seed,
            offset: o,
            skip: k,
            mismatches: m,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A seed whose first two `range32` draws (n = 2^31 + 1, about half the
    /// words rejected) need more raw outputs than the prefilter computes
    /// (p = 2, r = 6) runs dry and is checked in full, also when the scratch
    /// still holds rows of an earlier, longer window (which it must not read).
    #[test]
    fn a_seed_that_runs_dry_is_checked_in_full_after_a_longer_window() {
        let src = SourceId::PhpMtRand;
        let family = src.info().family;
        let n = (1u64 << 31) + 1;
        let r = Reducer::new(Reduction::Range32, src.raw_form(), n).expect("n <= 2^32");
        let t = vec![Target {
            source: src,
            reduction: Reduction::Range32,
        }];
        let raws_for_two = |seed: u64| {
            let mut g = family.stream(seed);
            let mut used = 0;
            let mut next = || {
                used += 1;
                Some(g.next_raw())
            };
            r.draw(&mut next);
            r.draw(&mut next);
            used
        };
        let planted = (1000u64..)
            .find(|s| raws_for_two(*s) > 6)
            .expect("some seed rejects 5 of 7 words");
        let spec = |draws: Vec<u64>, no: u32| WindowSpec {
            min: 0,
            max: n as i64 - 1,
            draws: draws.into_iter().map(|d| d as i64).collect(),
            max_offset: no,
            max_skip: 0,
            max_mismatches: 0,
        };
        let window = spec(emulate(family, &r, planted, 12), 0);
        assert_eq!(prefilter_shape(&t, &window).r, 6);
        let mut scratch = Scratch::default();
        let mut out = Vec::new();
        // A longer window first: its rows stay in the scratch.
        let long = spec(emulate(family, &r, 7, 12), 100);
        sieve(family, &t, 0..64, &long, &mut scratch, &mut out, |_| true).expect("n fits");
        out.clear();
        let start = planted - planted % LANES as u64;
        sieve(
            family,
            &t,
            start..start + LANES as u64,
            &window,
            &mut scratch,
            &mut out,
            |_| true,
        )
        .expect("n fits");
        assert!(out.iter().any(|s| s.seed == planted), "{out:?}");
    }
}
