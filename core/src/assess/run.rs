//! The whole non-IID assessment: the ten estimators on the literal symbols and
//! on the bit string, H_original, H_bitstring and the assessed min-entropy
//! min(H_original, bits x H_bitstring), as `ea_non_iid -a` (initial entropy
//! estimate, SP 800-90B section 3.1.3) reports them.
//!
//! Which estimator runs on which track follows the reference tool: with more
//! than two distinct symbols, all ten run on the bit string and the six that
//! take any alphabet (6.3.1, 6.3.5-6.3.10) on the literal symbols; with two
//! distinct symbols there is no bit-string track and all ten run on the
//! literal (binary) symbols. Estimators run in parallel on rayon's pool.

use serde::{Deserialize, Serialize};

use super::compression::{compression, CompressionEstimate};
use super::predict::{prediction_estimate, PredictorEstimate};
use super::predictors::{lag, lz78y, multi_mcw, multi_mmc, PredictorRun};
use super::samples::{Literal, Samples, FULL_SAMPLES};
use super::stats::{
    collision, markov, most_common_value, CollisionEstimate, MarkovEstimate, McvEstimate,
};
use super::tuples::{tuple_estimates, LrsEstimate, TupleEstimate};
use super::Symbol;
use rayon::prelude::*;

/// The ten estimators of SP 800-90B section 6.3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Estimator {
    /// 6.3.1.
    MostCommonValue,
    /// 6.3.2.
    Collision,
    /// 6.3.3.
    Markov,
    /// 6.3.4.
    Compression,
    /// 6.3.5.
    TTuple,
    /// 6.3.6.
    Lrs,
    /// 6.3.7.
    MultiMcw,
    /// 6.3.8.
    Lag,
    /// 6.3.9.
    MultiMmc,
    /// 6.3.10.
    Lz78y,
}

impl Estimator {
    /// All ten, in the standard's order.
    pub const ALL: [Estimator; 10] = [
        Estimator::MostCommonValue,
        Estimator::Collision,
        Estimator::Markov,
        Estimator::Compression,
        Estimator::TTuple,
        Estimator::Lrs,
        Estimator::MultiMcw,
        Estimator::Lag,
        Estimator::MultiMmc,
        Estimator::Lz78y,
    ];

    /// The section of SP 800-90B that defines it.
    pub fn section(self) -> &'static str {
        match self {
            Estimator::MostCommonValue => "6.3.1",
            Estimator::Collision => "6.3.2",
            Estimator::Markov => "6.3.3",
            Estimator::Compression => "6.3.4",
            Estimator::TTuple => "6.3.5",
            Estimator::Lrs => "6.3.6",
            Estimator::MultiMcw => "6.3.7",
            Estimator::Lag => "6.3.8",
            Estimator::MultiMmc => "6.3.9",
            Estimator::Lz78y => "6.3.10",
        }
    }

    /// Its name as the reference tool prints it.
    pub fn name(self) -> &'static str {
        match self {
            Estimator::MostCommonValue => "Most Common Value",
            Estimator::Collision => "Collision",
            Estimator::Markov => "Markov",
            Estimator::Compression => "Compression",
            Estimator::TTuple => "t-Tuple",
            Estimator::Lrs => "LRS",
            Estimator::MultiMcw => "MultiMCW Prediction",
            Estimator::Lag => "Lag Prediction",
            Estimator::MultiMmc => "MultiMMC Prediction",
            Estimator::Lz78y => "LZ78Y Prediction",
        }
    }

    /// Whether it is one of the four predictors (6.3.7-6.3.10).
    pub fn is_predictor(self) -> bool {
        matches!(
            self,
            Estimator::MultiMcw | Estimator::Lag | Estimator::MultiMmc | Estimator::Lz78y
        )
    }
}

/// Which sequence an estimate was computed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Track {
    /// The samples as symbols (the reference's "Literal").
    Literal,
    /// The samples' bits (the reference's "Bitstring").
    Bitstring,
}

impl Track {
    /// The label the reference tool prints.
    pub fn label(self) -> &'static str {
        match self {
            Track::Literal => "Literal",
            Track::Bitstring => "Bitstring",
        }
    }
}

/// Every estimate of one track; `None` where the estimator does not apply to
/// the track or the data are too short for it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TrackEstimates {
    /// 6.3.1.
    pub most_common_value: Option<McvEstimate>,
    /// 6.3.2 (binary symbols only).
    pub collision: Option<CollisionEstimate>,
    /// 6.3.3 (binary symbols only).
    pub markov: Option<MarkovEstimate>,
    /// 6.3.4 (binary symbols only).
    pub compression: Option<CompressionEstimate>,
    /// 6.3.5.
    pub t_tuple: Option<TupleEstimate>,
    /// 6.3.6.
    pub lrs: Option<LrsEstimate>,
    /// 6.3.7.
    pub multi_mcw: Option<PredictorEstimate>,
    /// 6.3.8.
    pub lag: Option<PredictorEstimate>,
    /// 6.3.9.
    pub multi_mmc: Option<PredictorEstimate>,
    /// 6.3.10.
    pub lz78y: Option<PredictorEstimate>,
}

impl TrackEstimates {
    /// The min-entropy (bits per symbol of this track) each estimator gave, in the standard's order.
    pub fn min_entropies(&self) -> Vec<(Estimator, f64)> {
        let pairs = [
            (
                Estimator::MostCommonValue,
                self.most_common_value.map(|e| e.min_entropy),
            ),
            (Estimator::Collision, self.collision.map(|e| e.min_entropy)),
            (Estimator::Markov, self.markov.map(|e| e.min_entropy)),
            (
                Estimator::Compression,
                self.compression.map(|e| e.min_entropy),
            ),
            (Estimator::TTuple, self.t_tuple.map(|e| e.min_entropy)),
            (Estimator::Lrs, self.lrs.map(|e| e.min_entropy)),
            (Estimator::MultiMcw, self.multi_mcw.map(|e| e.min_entropy)),
            (Estimator::Lag, self.lag.map(|e| e.min_entropy)),
            (Estimator::MultiMmc, self.multi_mmc.map(|e| e.min_entropy)),
            (Estimator::Lz78y, self.lz78y.map(|e| e.min_entropy)),
        ];
        pairs
            .into_iter()
            .filter_map(|(e, h)| h.map(|h| (e, h)))
            .collect()
    }

    /// A predictor's estimate.
    pub fn predictor(&self, e: Estimator) -> Option<&PredictorEstimate> {
        match e {
            Estimator::MultiMcw => self.multi_mcw.as_ref(),
            Estimator::Lag => self.lag.as_ref(),
            Estimator::MultiMmc => self.multi_mmc.as_ref(),
            Estimator::Lz78y => self.lz78y.as_ref(),
            _ => None,
        }
    }
}

/// A predictor's guess for the sample after the last one.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct NextGuess {
    /// The predictor.
    pub estimator: Estimator,
    /// The guessed sample (raw: a draw minus the range's min).
    pub sample: u64,
}

/// The assessment of one sequence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assessment {
    /// Number of samples.
    pub samples: u64,
    /// Bits per symbol.
    pub bits_per_symbol: u32,
    /// Distinct symbols present.
    pub distinct_symbols: u64,
    /// Whether there were at least the 1,000,000 samples SP 800-90B asks for.
    pub full_size: bool,
    /// Estimates on the literal symbols.
    pub literal: TrackEstimates,
    /// Estimates on the bit string (absent with two distinct symbols).
    pub bitstring: Option<TrackEstimates>,
    /// H_original: the least literal estimate, capped at bits per symbol.
    pub h_original: f64,
    /// H_bitstring: the least bit-string estimate, capped at 1 (absent with two distinct symbols).
    pub h_bitstring: Option<f64>,
    /// The assessed min-entropy per sample: min(H_original, bits x H_bitstring).
    pub min_entropy: f64,
    /// Each literal predictor's guess for the next sample.
    pub next_guesses: Vec<NextGuess>,
}

/// Called as each estimator finishes (from any rayon thread).
pub type Progress<'a> = &'a (dyn Fn(Estimator, Track) + Sync);

fn predictor_estimate<S: Symbol>(
    run: Option<PredictorRun<S>>,
    k: usize,
) -> (Option<PredictorEstimate>, Option<S>) {
    match run {
        Some(r) if r.score.predictions >= 2 => (Some(prediction_estimate(r.score, k)), r.next),
        _ => (None, None),
    }
}

/// The predictors' next guesses, as dense symbol indices.
type Guesses = Vec<(Estimator, usize)>;

/// One unit of estimator work on one track: the grain of the embedded run's
/// parallelism and of a scoring shard on the fleet (`stream:score`,
/// [`crate::assess::fleet`]). t-tuple (6.3.5) and LRS (6.3.6) are one unit,
/// since both read the same suffix array.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// 6.3.1.
    MostCommonValue,
    /// 6.3.2 (binary symbols only).
    Collision,
    /// 6.3.3 (binary symbols only).
    Markov,
    /// 6.3.4 (binary symbols only).
    Compression,
    /// 6.3.5 and 6.3.6.
    Tuples,
    /// 6.3.7.
    MultiMcw,
    /// 6.3.8.
    Lag,
    /// 6.3.9.
    MultiMmc,
    /// 6.3.10.
    Lz78y,
}

impl Unit {
    /// Every unit, in the standard's order.
    pub const ALL: [Unit; 9] = [
        Unit::MostCommonValue,
        Unit::Collision,
        Unit::Markov,
        Unit::Compression,
        Unit::Tuples,
        Unit::MultiMcw,
        Unit::Lag,
        Unit::MultiMmc,
        Unit::Lz78y,
    ];

    /// The units that apply to a track whose symbols are `binary` (two
    /// distinct values) or not: 6.3.2-6.3.4 take binary symbols only.
    pub fn for_track(binary: bool) -> Vec<Unit> {
        Unit::ALL
            .into_iter()
            .filter(|u| binary || !matches!(u, Unit::Collision | Unit::Markov | Unit::Compression))
            .collect()
    }

    /// The estimators it computes.
    pub fn estimators(self) -> &'static [Estimator] {
        match self {
            Unit::MostCommonValue => &[Estimator::MostCommonValue],
            Unit::Collision => &[Estimator::Collision],
            Unit::Markov => &[Estimator::Markov],
            Unit::Compression => &[Estimator::Compression],
            Unit::Tuples => &[Estimator::TTuple, Estimator::Lrs],
            Unit::MultiMcw => &[Estimator::MultiMcw],
            Unit::Lag => &[Estimator::Lag],
            Unit::MultiMmc => &[Estimator::MultiMmc],
            Unit::Lz78y => &[Estimator::Lz78y],
        }
    }
}

/// What one [`Unit`] computed: its estimates (`None` where the data are too
/// short or the estimator does not apply), and for a predictor its guess for
/// the sample after the last one, as a dense symbol index.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "unit", rename_all = "snake_case")]
pub enum Part {
    /// 6.3.1.
    MostCommonValue {
        /// The estimate.
        estimate: Option<McvEstimate>,
    },
    /// 6.3.2.
    Collision {
        /// The estimate.
        estimate: Option<CollisionEstimate>,
    },
    /// 6.3.3.
    Markov {
        /// The estimate.
        estimate: Option<MarkovEstimate>,
    },
    /// 6.3.4.
    Compression {
        /// The estimate.
        estimate: Option<CompressionEstimate>,
    },
    /// 6.3.5 and 6.3.6.
    Tuples {
        /// 6.3.5.
        t_tuple: Option<TupleEstimate>,
        /// 6.3.6.
        lrs: Option<LrsEstimate>,
    },
    /// One of 6.3.7-6.3.10.
    Predictor {
        /// Which.
        estimator: Estimator,
        /// The estimate.
        estimate: Option<PredictorEstimate>,
        /// The next guess, a dense symbol index.
        next: Option<usize>,
    },
}

/// Computes `unit` on `symbols` (alphabet size `k`; `binary` when k = 2, the
/// symbols then being 0 and 1).
pub fn estimate_unit<S: Symbol>(symbols: &[S], k: usize, binary: bool, unit: Unit) -> Part {
    let bits =
        || -> Option<Vec<u8>> { binary.then(|| symbols.iter().map(|s| s.index() as u8).collect()) };
    let pred = |estimator, run: Option<PredictorRun<S>>| {
        let (estimate, next) = predictor_estimate(run, k);
        Part::Predictor {
            estimator,
            estimate,
            next: next.map(Symbol::index),
        }
    };
    match unit {
        Unit::MostCommonValue => Part::MostCommonValue {
            estimate: (symbols.len() > 1).then(|| most_common_value(symbols, k)),
        },
        Unit::Collision => Part::Collision {
            estimate: bits().filter(|b| b.len() > 2).map(|b| collision(&b)),
        },
        Unit::Markov => Part::Markov {
            estimate: bits().filter(|b| b.len() > 1).map(|b| markov(&b)),
        },
        Unit::Compression => Part::Compression {
            estimate: bits().and_then(|b| compression(&b)),
        },
        Unit::Tuples => {
            let t = tuple_estimates(symbols);
            Part::Tuples {
                t_tuple: t.t_tuple,
                lrs: t.lrs,
            }
        }
        Unit::MultiMcw => pred(Estimator::MultiMcw, multi_mcw(symbols, k)),
        Unit::Lag => pred(Estimator::Lag, lag(symbols)),
        Unit::MultiMmc => pred(Estimator::MultiMmc, multi_mmc(symbols, k)),
        Unit::Lz78y => pred(Estimator::Lz78y, lz78y(symbols, k)),
    }
}

/// Computes `unit` on one track of `samples`.
pub fn estimate_on(samples: &Samples, which: Track, unit: Unit) -> Part {
    let k = samples.alphabet.len();
    match which {
        Track::Literal => match &samples.literal {
            Literal::Narrow(v) => estimate_unit(v, k, k == 2, unit),
            Literal::Wide(v) => estimate_unit(v, k, k == 2, unit),
        },
        Track::Bitstring => estimate_unit(&samples.bitstring, 2, true, unit),
    }
}

/// Puts the parts of one track together: its estimates, and the predictors'
/// next guesses (dense indices) in the standard's order.
pub fn gather(parts: impl IntoIterator<Item = Part>) -> (TrackEstimates, Guesses) {
    let mut t = TrackEstimates::default();
    let mut next: Vec<(Estimator, usize)> = Vec::new();
    for p in parts {
        match p {
            Part::MostCommonValue { estimate } => t.most_common_value = estimate,
            Part::Collision { estimate } => t.collision = estimate,
            Part::Markov { estimate } => t.markov = estimate,
            Part::Compression { estimate } => t.compression = estimate,
            Part::Tuples { t_tuple, lrs } => {
                t.t_tuple = t_tuple;
                t.lrs = lrs;
            }
            Part::Predictor {
                estimator,
                estimate,
                next: guess,
            } => {
                match estimator {
                    Estimator::MultiMcw => t.multi_mcw = estimate,
                    Estimator::Lag => t.lag = estimate,
                    Estimator::MultiMmc => t.multi_mmc = estimate,
                    _ => t.lz78y = estimate,
                }
                if let Some(g) = guess {
                    next.push((estimator, g));
                }
            }
        }
    }
    next.sort_by_key(|(e, _)| Estimator::ALL.iter().position(|x| x == e));
    (t, next)
}

fn track(samples: &Samples, which: Track, progress: Progress) -> (TrackEstimates, Guesses) {
    let binary = which == Track::Bitstring || samples.alphabet.len() == 2;
    let parts: Vec<Part> = Unit::for_track(binary)
        .into_par_iter()
        .map(|u| {
            let p = estimate_on(samples, which, u);
            for &e in u.estimators() {
                progress(e, which);
            }
            p
        })
        .collect();
    gather(parts)
}

/// Runs the assessment over `samples`, calling `progress` as each estimator ends.
pub fn assess(samples: &Samples, progress: Progress) -> Assessment {
    let binary = samples.alphabet.len() == 2;
    let ((literal, guesses), bitstring) = rayon::join(
        || track(samples, Track::Literal, progress),
        || (!binary).then(|| track(samples, Track::Bitstring, progress).0),
    );
    assemble(samples, literal, bitstring, guesses)
}

/// The assessment from the estimates of each track (the embedded run's and
/// the fleet's, [`crate::assess::fleet`], alike): H_original, H_bitstring,
/// the assessed min-entropy, and the literal predictors' next guesses
/// (`guesses`: dense symbol indices, mapped back through the alphabet).
pub fn assemble(
    samples: &Samples,
    literal: TrackEstimates,
    bitstring: Option<TrackEstimates>,
    guesses: Vec<(Estimator, usize)>,
) -> Assessment {
    let k = samples.alphabet.len();
    let bits = f64::from(samples.bits);
    let h_original = literal
        .min_entropies()
        .iter()
        .fold(bits, |h, &(_, e)| h.min(e));
    let h_bitstring = bitstring
        .as_ref()
        .map(|b| b.min_entropies().iter().fold(1.0f64, |h, &(_, e)| h.min(e)));
    let min_entropy = h_bitstring
        .map_or(h_original, |hb| h_original.min(bits * hb))
        .min(bits);
    Assessment {
        samples: samples.len() as u64,
        bits_per_symbol: samples.bits,
        distinct_symbols: k as u64,
        full_size: samples.len() >= FULL_SAMPLES,
        literal,
        bitstring,
        h_original,
        h_bitstring,
        min_entropy,
        next_guesses: guesses
            .into_iter()
            .map(|(estimator, i)| NextGuess {
                estimator,
                sample: samples.alphabet[i],
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assess::predictors::{lag, lz78y, multi_mcw, multi_mmc};
    use crate::assess::tuples::tuple_estimates;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Short and odd inputs never panic, and every estimate lies in [0, bits].
        #[test]
        fn any_draws_assess_without_panic(
            values in proptest::collection::vec(0i64..300, 2..400),
            bits in proptest::option::of(9u32..=12),
        ) {
            let lines: Vec<usize> = (1..=values.len()).collect();
            let Ok(s) = Samples::from_draws("t", &values, &lines, 0, 299, bits) else {
                // One symbol only: refused, not assessed.
                prop_assert!(values.iter().all(|&v| v == values[0]));
                return Ok(());
            };
            let a = assess(&s, &|_, _| {});
            let top = f64::from(s.bits);
            prop_assert!(a.min_entropy >= 0.0 && a.min_entropy <= top);
            for (_, h) in a.literal.min_entropies() {
                prop_assert!((0.0..=top).contains(&h), "{h}");
            }
        }

        /// The wide (u16) path gives the figures of the byte path on the same symbols.
        #[test]
        fn wide_symbols_match_narrow_ones(values in proptest::collection::vec(0u8..6, 20..3000)) {
            let wide: Vec<u16> = values.iter().map(|&v| u16::from(v)).collect();
            prop_assert_eq!(tuple_estimates(&values), tuple_estimates(&wide));
            let k = 6;
            let strip = |r: Option<crate::assess::predictors::PredictorRun<u8>>| r.map(|r| (r.score, r.next.map(u16::from)));
            let strip16 = |r: Option<crate::assess::predictors::PredictorRun<u16>>| r.map(|r| (r.score, r.next));
            prop_assert_eq!(strip(multi_mcw(&values, k)), strip16(multi_mcw(&wide, k)));
            prop_assert_eq!(strip(lag(&values)), strip16(lag(&wide)));
            prop_assert_eq!(strip(multi_mmc(&values, k)), strip16(multi_mmc(&wide, k)));
            prop_assert_eq!(strip(lz78y(&values, k)), strip16(lz78y(&wide, k)));
        }
    }
}
