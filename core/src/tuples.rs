//! Tuple draws: k distinct values per line, made by a runtime's sampling
//! function over the population [min, max] (a lottery's "6 of 1..49"), in draw
//! order or sorted.
//!
//! Each [`Sampler`] emulates one runtime's function exactly, with the range
//! function it calls:
//! - CPython `random.sample(range(min, max + 1), k)` (`Lib/random.py`, 3.11): the
//!   pool algorithm when `n <= setsize` (21, plus `4 ** ceil(log(3k, 4))` for
//!   k > 5), else the set algorithm that redraws values already selected; every
//!   index from `_randbelow`.
//! - Java `Collections.shuffle(list, rnd)` on a fresh list `[min..max]`, then the
//!   first k (`java/util/Collections.java`: `swap(list, i - 1, rnd.nextInt(i))` for
//!   i = n down to 2).
//! - PHP `shuffle($a)` on a fresh `range(min, max)`, then `array_slice($a, 0, k)`
//!   (`ext/standard/array.c` `php_array_data_shuffle`, PHP 8.2: `j =
//!   php_mt_rand_range(0, n_left)` for n_left = n - 1 down to 1).
//!
//! The sweep runs one thread per core over blocks of seeds: the family's block
//! kernel ([`crate::kernel`]) gives each seed's first raw outputs, a prefilter
//! samples the first tuple(s) from them (CPython's samplers stop at the first
//! value that cannot belong), and a seed that passes is checked in full on the
//! CPU reference stream.

use crate::kernel::{fill_block, Scratch, LANES};
use crate::prng::RawStream;
use crate::reduction::{Reducer, Reduction, ReductionError};
use crate::registry::{Family, SourceId};
use serde::Serialize;

/// A runtime's sampling function.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Sampler {
    /// CPython `random.sample`.
    PythonSample,
    /// Java `Collections.shuffle` then the first k.
    JavaShuffle,
    /// PHP `shuffle` then `array_slice(.., 0, k)`.
    PhpShuffle,
}

impl Sampler {
    /// The sampling function of a source, if the registry emulates one.
    pub fn for_source(src: SourceId) -> Option<Sampler> {
        match src {
            SourceId::PythonRandom => Some(Sampler::PythonSample),
            SourceId::JavaRandom => Some(Sampler::JavaShuffle),
            SourceId::PhpMtRand => Some(Sampler::PhpShuffle),
            _ => None,
        }
    }
    /// The call, as a user writes it.
    pub fn call(self) -> &'static str {
        match self {
            Sampler::PythonSample => "random.sample(range(min, max + 1), k)",
            Sampler::JavaShuffle => {
                "Collections.shuffle(list of min..max, rnd); list.subList(0, k)"
            }
            Sampler::PhpShuffle => "$a = range(min, max); shuffle($a); array_slice($a, 0, k)",
        }
    }
    fn reduction(self) -> Reduction {
        match self {
            Sampler::PythonSample => Reduction::Randbelow,
            Sampler::JavaShuffle => Reduction::Nextint,
            Sampler::PhpShuffle => Reduction::Range32,
        }
    }
}

/// A sampling function compiled for a population and a tuple size.
#[derive(Clone, Debug)]
pub struct TupleSampler {
    /// The source whose generator feeds it.
    pub source: SourceId,
    /// The function.
    pub sampler: Sampler,
    /// Smallest population value.
    pub min: i64,
    /// Population size.
    pub n: usize,
    /// Values per tuple.
    pub k: usize,
    /// `by_range[m]`: the range function for m values (m in 1..=n).
    by_range: Vec<Option<Reducer>>,
    /// CPython: the set algorithm (n > setsize).
    python_set: bool,
}

/// Why a tuple job cannot be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TupleError {
    /// The source has no emulated sampling function.
    #[error("{0}: no sampling function is emulated for tuple draws (python_random, java_random and php_mt_rand have one)")]
    NoSampler(SourceId),
    /// k is 0 or above the population size.
    #[error("tuples of {k} values cannot be drawn from a population of {n}")]
    BadK {
        /// Values per tuple.
        k: usize,
        /// Population size.
        n: usize,
    },
    /// The population is too large for this emulation.
    #[error("a population of {0} values is too large for tuple draws here (at most 2^20)")]
    TooLarge(u64),
    /// A range function cannot serve the population.
    #[error(transparent)]
    Reduction(#[from] ReductionError),
}

impl TupleSampler {
    /// Compiles the sampling function of `source` for the population [min, max]
    /// and tuples of k values.
    pub fn new(source: SourceId, min: i64, max: i64, k: usize) -> Result<Self, TupleError> {
        let sampler = Sampler::for_source(source).ok_or(TupleError::NoSampler(source))?;
        let n64 = (max as i128 - min as i128 + 1).max(0) as u64;
        if n64 > 1 << 20 {
            return Err(TupleError::TooLarge(n64));
        }
        let n = n64 as usize;
        if k == 0 || k > n {
            return Err(TupleError::BadK { k, n });
        }
        let mut by_range = vec![None; n + 1];
        for (m, r) in by_range.iter_mut().enumerate().skip(1) {
            *r = Some(Reducer::new(
                sampler.reduction(),
                source.raw_form(),
                m as u64,
            )?);
        }
        let python_set = sampler == Sampler::PythonSample && n > python_setsize(k);
        Ok(TupleSampler {
            source,
            sampler,
            min,
            n,
            k,
            by_range,
            python_set,
        })
    }

    /// The generator family that feeds the sampler.
    pub fn family(&self) -> Family {
        self.source.info().family
    }

    /// Draws one tuple into `out` (cleared first); `pool` is scratch space.
    pub fn sample(&self, g: &mut dyn RawStream, pool: &mut Vec<i64>, out: &mut Vec<i64>) {
        // The stream never runs dry and `keep` accepts everything: Done.
        let _ = self.sample_from(&mut || Some(g.next_raw()), pool, out, |_, _| true);
    }

    /// Draws one tuple into `out` (cleared first) from raw outputs `next`;
    /// `pool` is scratch space. With CPython's algorithms (whose values come
    /// out one by one), `keep(i, value)` is asked for every value placed at
    /// position i, and a `false` stops the draw ([`Sampled::Rejected`]: a
    /// prefilter's early exit); the shuffles place values only at the end and
    /// never ask. [`Sampled::Dry`] when `next` ran out.
    pub fn sample_from(
        &self,
        next: &mut impl FnMut() -> Option<u64>,
        pool: &mut Vec<i64>,
        out: &mut Vec<i64>,
        keep: impl Fn(usize, i64) -> bool,
    ) -> Sampled {
        out.clear();
        let n = self.n;
        let by_range = &self.by_range;
        let mut below = |m: usize| -> Option<usize> {
            by_range[m]
                .as_ref()
                .expect("by_range holds a reducer for every m in 1..=n")
                .draw(next)
                .map(|v| v as usize)
        };
        match self.sampler {
            Sampler::PythonSample if self.python_set => {
                // `selected` as a small vector: k is small.
                let mut selected: Vec<usize> = Vec::with_capacity(self.k);
                for i in 0..self.k {
                    let Some(mut j) = below(n) else {
                        return Sampled::Dry;
                    };
                    while selected.contains(&j) {
                        let Some(v) = below(n) else {
                            return Sampled::Dry;
                        };
                        j = v;
                    }
                    selected.push(j);
                    let v = self.min + j as i64;
                    out.push(v);
                    if !keep(i, v) {
                        return Sampled::Rejected;
                    }
                }
            }
            Sampler::PythonSample => {
                reset_pool(pool, self.min, n);
                for i in 0..self.k {
                    let Some(j) = below(n - i) else {
                        return Sampled::Dry;
                    };
                    let v = pool[j];
                    out.push(v);
                    if !keep(i, v) {
                        return Sampled::Rejected;
                    }
                    pool[j] = pool[n - i - 1];
                }
            }
            Sampler::JavaShuffle | Sampler::PhpShuffle => {
                reset_pool(pool, self.min, n);
                for i in (2..=n).rev() {
                    let Some(j) = below(i) else {
                        return Sampled::Dry;
                    };
                    pool.swap(i - 1, j);
                }
                out.extend_from_slice(&pool[..self.k]);
            }
        }
        Sampled::Done
    }

    /// Raw outputs the block prefilter computes per tuple: the draws a tuple
    /// takes, doubled for CPython's `getrandbits` rejection (it accepts more
    /// than half), plus slack. A lane that runs dry is checked in full.
    fn raws_per_tuple(&self) -> usize {
        let draws = match self.sampler {
            Sampler::PythonSample => self.k,
            Sampler::JavaShuffle | Sampler::PhpShuffle => self.n.saturating_sub(1),
        };
        let factor = if self.sampler == Sampler::PythonSample {
            2
        } else {
            1
        };
        draws * factor + draws / 4 + 4
    }

    /// Bits of information in one tuple: log2 of the number of ordered (or, when
    /// `sorted`, unordered) k-subsets of the population.
    pub fn bits_per_tuple(&self, sorted: bool) -> f64 {
        let ordered: f64 = (0..self.k).map(|i| ((self.n - i) as f64).log2()).sum();
        if sorted {
            ordered - (1..=self.k).map(|i| (i as f64).log2()).sum::<f64>()
        } else {
            ordered
        }
    }
}

/// How [`TupleSampler::sample_from`] ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sampled {
    /// A whole tuple is in `out`.
    Done,
    /// `keep` refused a value: `out` holds the values up to it.
    Rejected,
    /// The raw outputs ran out before the tuple was complete.
    Dry,
}

fn reset_pool(pool: &mut Vec<i64>, min: i64, n: usize) {
    pool.clear();
    pool.extend((0..n as i64).map(|i| min + i));
}

/// CPython's `setsize`: 21, plus `4 ** ceil(log(3k, 4))` for k > 5.
fn python_setsize(k: usize) -> usize {
    let mut s = 21usize;
    if k > 5 {
        let e = ((k as f64 * 3.0).ln() / 4f64.ln()).ceil() as u32;
        s += 4usize.pow(e);
    }
    s
}

/// One seed that explains the tuples.
#[derive(Clone, Debug, Serialize)]
pub struct TupleCandidate {
    /// The source.
    pub prng: SourceId,
    /// Its sampling function.
    pub sampler: Sampler,
    /// The seed.
    pub seed: u64,
    /// Tuples drawn before the first observed one.
    pub offset: u32,
    /// Observed tuples it reproduces (all of them).
    pub confirmed: u32,
    /// The tuples that follow (in draw order; sorted when the input was).
    pub next: Vec<Vec<i64>>,
}

/// Sweeps `seeds` (in the source's seed space) for a seed whose sampler
/// reproduces `observed` (each tuple sorted when `sorted`) after 0..=max_offset
/// tuples; returns the candidates with `predict` following tuples. Runs on
/// `threads` threads.
pub fn sweep(
    ts: &TupleSampler,
    seeds: std::ops::Range<u64>,
    observed: &[Vec<i64>],
    sorted: bool,
    max_offset: u32,
    predict: usize,
    threads: usize,
) -> Vec<TupleCandidate> {
    let threads = threads.max(1) as u64;
    let len = seeds.end.saturating_sub(seeds.start);
    let chunk = len.div_ceil(threads).max(1);
    let mut out: Vec<TupleCandidate> = std::thread::scope(|sc| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let lo = seeds.start + t * chunk;
                let hi = (lo + chunk).min(seeds.end);
                sc.spawn(move || {
                    let mut found = Vec::new();
                    let mut pre = Prefilter::new(ts, &observed[0], sorted, max_offset);
                    let mut base = lo;
                    while base < hi {
                        let lanes = (hi - base).min(LANES as u64) as usize;
                        for l in pre.block(base, lanes) {
                            let seed = base + l as u64;
                            if let Some(c) =
                                check_seed(ts, seed, observed, sorted, max_offset, predict)
                            {
                                found.push(c);
                            }
                        }
                        base += lanes as u64;
                    }
                    found
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    });
    out.sort_by_key(|c| (c.seed, c.offset));
    out
}

/// The block prefilter: the first `max_offset + 1` tuples of [`LANES`] seeds
/// at a time from the family's block kernel ([`fill_block`]), each compared
/// with the first observed tuple; with no offset, CPython's samplers stop at
/// the first value that cannot be part of it. A lane that passes (or whose raw
/// outputs ran out) is checked in full by `check_seed` on the reference
/// stream, so the prefilter decides nothing on its own.
struct Prefilter<'a> {
    ts: &'a TupleSampler,
    first: &'a [i64],
    sorted: bool,
    max_offset: u32,
    /// `in_first[v - min]`: v is a value of the first tuple.
    in_first: Vec<bool>,
    /// Raw outputs per seed.
    raws: usize,
    scratch: Scratch,
    pool: Vec<i64>,
    tuple: Vec<i64>,
    passed: Vec<usize>,
}

impl<'a> Prefilter<'a> {
    fn new(ts: &'a TupleSampler, first: &'a [i64], sorted: bool, max_offset: u32) -> Self {
        let mut in_first = vec![false; ts.n];
        for v in first {
            if let Some(slot) = usize::try_from(v - ts.min)
                .ok()
                .and_then(|i| in_first.get_mut(i))
            {
                *slot = true;
            }
        }
        Prefilter {
            ts,
            first,
            sorted,
            max_offset,
            in_first,
            raws: ts.raws_per_tuple() * (max_offset as usize + 1),
            scratch: Scratch::default(),
            pool: Vec::with_capacity(ts.n),
            tuple: Vec::with_capacity(ts.k),
            passed: Vec::new(),
        }
    }

    /// The lanes (of seeds `base .. base + lanes`) that pass.
    fn block(&mut self, base: u64, lanes: usize) -> Vec<usize> {
        fill_block(self.ts.family(), base, self.raws, &mut self.scratch);
        self.passed.clear();
        for l in 0..lanes {
            if self.lane(l) {
                self.passed.push(l);
            }
        }
        self.passed.clone()
    }

    fn lane(&mut self, l: usize) -> bool {
        let raw = &self.scratch.raw[..self.raws];
        let mut i = 0usize;
        let mut next = || {
            let v = raw.get(i).map(|row| row[l]);
            i += 1;
            v
        };
        let (ts, first, sorted, in_first) = (self.ts, self.first, self.sorted, &self.in_first);
        if self.max_offset == 0 {
            let keep = |pos: usize, v: i64| {
                if sorted {
                    usize::try_from(v - ts.min)
                        .ok()
                        .and_then(|i| in_first.get(i).copied())
                        .unwrap_or(false)
                } else {
                    first.get(pos) == Some(&v)
                }
            };
            return match ts.sample_from(&mut next, &mut self.pool, &mut self.tuple, keep) {
                Sampled::Rejected => false,
                Sampled::Dry => true,
                Sampled::Done => same(&mut self.tuple, first, sorted),
            };
        }
        for _ in 0..=self.max_offset {
            match ts.sample_from(&mut next, &mut self.pool, &mut self.tuple, |_, _| true) {
                Sampled::Dry => return true,
                _ if same(&mut self.tuple, first, sorted) => return true,
                _ => {}
            }
        }
        false
    }
}

/// Whether `tuple` (sorted first when `sorted`) equals `want`.
fn same(tuple: &mut [i64], want: &[i64], sorted: bool) -> bool {
    if sorted {
        tuple.sort_unstable();
    }
    tuple == want
}

fn check_seed(
    ts: &TupleSampler,
    seed: u64,
    observed: &[Vec<i64>],
    sorted: bool,
    max_offset: u32,
    predict: usize,
) -> Option<TupleCandidate> {
    let mut g = ts.family().stream(seed);
    let mut pool = Vec::with_capacity(ts.n);
    let mut t = Vec::with_capacity(ts.k);
    let mut made: Vec<Vec<i64>> = Vec::new();
    let mut next_tuple = |made: &mut Vec<Vec<i64>>| {
        ts.sample(&mut g, &mut pool, &mut t);
        let mut v = t.clone();
        if sorted {
            v.sort_unstable();
        }
        made.push(v);
    };
    for off in 0..=max_offset as usize {
        while made.len() <= off {
            next_tuple(&mut made);
        }
        if made[off] != observed[0] {
            continue;
        }
        let mut ok = true;
        for (i, o) in observed.iter().enumerate().skip(1) {
            while made.len() <= off + i {
                next_tuple(&mut made);
            }
            if made[off + i] != *o {
                ok = false;
                break;
            }
        }
        if !ok {
            continue;
        }
        let end = off + observed.len() + predict;
        while made.len() < end {
            next_tuple(&mut made);
        }
        return Some(TupleCandidate {
            prng: ts.source,
            sampler: ts.sampler,
            seed,
            offset: off as u32,
            confirmed: observed.len() as u32,
            next: made[off + observed.len()..end].to_vec(),
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first `count` tuples of `seed`, sorted when `sorted`.
    fn tuples_of(ts: &TupleSampler, seed: u64, count: usize, sorted: bool) -> Vec<Vec<i64>> {
        let mut g = ts.family().stream(seed);
        let (mut pool, mut t) = (Vec::new(), Vec::new());
        (0..count)
            .map(|_| {
                ts.sample(&mut g, &mut pool, &mut t);
                let mut v = t.clone();
                if sorted {
                    v.sort_unstable();
                }
                v
            })
            .collect()
    }

    /// The block-prefiltered sweep finds exactly what checking every seed on
    /// the reference stream finds: every sampler (CPython's pool and set
    /// algorithms), draw order and sorted, with and without offsets, over a
    /// range crossing block edges, with planted seeds and with a first tuple
    /// that many seeds share (a 2-of-3 population, where the sorted prefilter
    /// passes a third of all seeds).
    #[test]
    fn block_prefilter_sweep_equals_the_per_seed_check() {
        let cases = [
            (SourceId::PythonRandom, 1, 49, 6),
            (SourceId::PythonRandom, 1, 1000, 5),
            (SourceId::PythonRandom, 0, 2, 2),
            (SourceId::JavaRandom, 1, 49, 6),
            (SourceId::JavaRandom, 0, 2, 2),
            (SourceId::PhpMtRand, 1, 49, 6),
            (SourceId::PhpMtRand, 0, 2, 2),
        ];
        for (src, min, max, k) in cases {
            let ts = TupleSampler::new(src, min, max, k).expect("sampler");
            for sorted in [false, true] {
                for max_offset in [0u32, 2] {
                    let seeds = 70_001u64..70_001 + 300;
                    let planted = seeds.start + 131;
                    let all = tuples_of(&ts, planted, 5, sorted);
                    let off = max_offset as usize;
                    let observed = &all[off..off + 3];
                    let want: Vec<(u64, u32)> = seeds
                        .clone()
                        .filter_map(|s| check_seed(&ts, s, observed, sorted, max_offset, 1))
                        .map(|c| (c.seed, c.offset))
                        .collect();
                    // The planted seed is found (at its offset or, in a tiny population, an
                    // earlier one that happens to match).
                    assert!(want.iter().any(|&(s, _)| s == planted), "{src:?}: {want:?}");
                    let got: Vec<(u64, u32)> =
                        sweep(&ts, seeds.clone(), observed, sorted, max_offset, 1, 2)
                            .into_iter()
                            .map(|c| (c.seed, c.offset))
                            .collect();
                    assert_eq!(
                        got, want,
                        "{src:?} {min}..={max} k{k} sorted {sorted} offset {max_offset}"
                    );
                }
            }
        }
    }
}
