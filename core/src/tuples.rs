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
//! The sweep runs every seed of a range on the CPU reference streams, one thread
//! per core, generating tuples until the first mismatch.

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

    #[inline]
    fn below(&self, m: usize, g: &mut dyn RawStream) -> usize {
        let r = self.by_range[m]
            .as_ref()
            .expect("by_range holds a reducer for every m in 1..=n");
        // The stream never runs dry.
        r.draw(&mut || Some(g.next_raw())).unwrap_or(0) as usize
    }

    /// Draws one tuple into `out` (cleared first); `pool` is scratch space.
    pub fn sample(&self, g: &mut dyn RawStream, pool: &mut Vec<i64>, out: &mut Vec<i64>) {
        out.clear();
        let n = self.n;
        match self.sampler {
            Sampler::PythonSample if self.python_set => {
                // `selected` as a sorted small vector: k is small.
                let mut selected: Vec<usize> = Vec::with_capacity(self.k);
                for _ in 0..self.k {
                    let mut j = self.below(n, g);
                    while selected.contains(&j) {
                        j = self.below(n, g);
                    }
                    selected.push(j);
                    out.push(self.min + j as i64);
                }
            }
            Sampler::PythonSample => {
                reset_pool(pool, self.min, n);
                for i in 0..self.k {
                    let j = self.below(n - i, g);
                    out.push(pool[j]);
                    pool[j] = pool[n - i - 1];
                }
            }
            Sampler::JavaShuffle | Sampler::PhpShuffle => {
                reset_pool(pool, self.min, n);
                for i in (2..=n).rev() {
                    let j = self.below(i, g);
                    pool.swap(i - 1, j);
                }
                out.extend_from_slice(&pool[..self.k]);
            }
        }
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
                    for seed in lo..hi {
                        if let Some(c) = check_seed(ts, seed, observed, sorted, max_offset, predict)
                        {
                            found.push(c);
                        }
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
