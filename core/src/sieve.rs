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

use crate::kernel::{fill_block, Scratch, LANES};
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
            full_len,
            no,
            nk,
            mm,
            out,
        } = self;
        for l in 0..lanes {
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
    let full_len = no + (w - 1) * (nk + 1) + 1;
    let prefix = &window[..p];
    let mut draws = vec![0u64; d];
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
