//! The predictor estimators' shared scoring rule: a count of correct guesses
//! and the longest run of correct guesses turned into P_global (with its 99%
//! upper bound), P_local and a min-entropy.
//!
//! Source: NIST SP 800-90B section 6.3.7 steps 4-6 (the same rule closes 6.3.8,
//! 6.3.9 and 6.3.10). P_local solves
//! `0.99 = (1 - p x) / ((r + 1 - r x) q) * 1 / x^(N + 1)` with
//! `x = 1 + q p^r x^(r+1)`, `q = 1 - p`, by bisection.

use serde::{Deserialize, Serialize};

use super::numeric::{bisect_decreasing, OnFailure, Z_ALPHA};

/// A predictor's raw score over a sequence: what SP 800-90B calls C, N and the
/// longest run r - 1 of correct predictions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PredictorScore {
    /// Number of correct predictions (C).
    pub correct: u64,
    /// Number of predictions made (N).
    pub predictions: u64,
    /// Longest run of consecutive correct predictions (the standard's r is this plus one).
    pub longest_run: u64,
}

/// The min-entropy a predictor's score gives (SP 800-90B 6.3.7 steps 4-6).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PredictorEstimate {
    /// The score it came from.
    pub score: PredictorScore,
    /// `r` as the standard and the reference tool print it: longest run plus one.
    pub r: u64,
    /// P_global = C / N.
    pub p_global: f64,
    /// P_global', the 99% upper bound of P_global.
    pub p_global_upper: f64,
    /// P_local, when it can change the result (else `None`: the reference prints
    /// "P_local can't change the result").
    pub p_local: Option<f64>,
    /// The probability the estimate rests on: max(1/k, P_global', P_local).
    pub p_max: f64,
    /// Min-entropy in bits per symbol: -log2(p_max).
    pub min_entropy: f64,
}

/// `ln` of the probability that the longest run of successes in `n` Bernoulli(`p`)
/// trials is shorter than `r` (SP 800-90B 6.3.7 step 5, the reference tool's
/// `prediction_estimate_function`). Computed on `y = x - 1` so that `ln x` keeps its
/// precision when `x` is within 1e-8 of one (the reference uses 80-bit floats for the
/// same reason).
pub fn run_probability_ln(p: f64, r: u64, n: u64) -> f64 {
    let q = 1.0 - p;
    let r = r as f64;
    let pr = p.powf(r);
    let mut y = 0.0_f64;
    for _ in 0..=65 {
        let next = q * pr * ((r + 1.0) * y.ln_1p()).exp();
        let grew = next - y;
        y = next;
        if grew <= f64::EPSILON * y.max(f64::MIN_POSITIVE) {
            break;
        }
    }
    (q - p * y).ln() - ((1.0 - r * y) * q).ln() - (n as f64 + 1.0) * y.ln_1p()
}

/// P_local: the p at which a run of `longest_run + 1` successes in `n` trials has
/// probability 0.99 of not being exceeded, searched in `[low, 1]`.
fn p_local(longest_run: u64, n: u64, low: f64) -> f64 {
    bisect_decreasing(
        |p| run_probability_ln(p, longest_run + 1, n),
        0.99_f64.ln(),
        low,
        1.0,
        OnFailure::High,
    )
}

/// Turns a predictor's score over an alphabet of `k` symbols into its
/// min-entropy estimate (SP 800-90B 6.3.7 steps 4-6).
///
/// `k` must be at least 2 and `score.predictions` at least 2.
pub fn prediction_estimate(score: PredictorScore, k: usize) -> PredictorEstimate {
    let n = score.predictions as f64;
    let p_global = score.correct as f64 / n;
    let p_global_upper = if p_global > 0.0 {
        (p_global + Z_ALPHA * ((p_global * (1.0 - p_global)) / (n - 1.0)).sqrt()).min(1.0)
    } else {
        1.0 - 0.01_f64.powf(1.0 / n)
    };
    let mut p_max = (1.0 / k as f64).max(p_global_upper);
    let mut local = None;
    if p_max < 1.0
        && run_probability_ln(p_max, score.longest_run + 1, score.predictions) > 0.99_f64.ln()
    {
        let pl = p_local(score.longest_run, score.predictions, p_max);
        local = Some(pl);
        p_max = p_max.max(pl);
    }
    PredictorEstimate {
        score,
        r: score.longest_run + 1,
        p_global,
        p_global_upper,
        p_local: local,
        p_max,
        min_entropy: -p_max.log2(),
    }
}

/// Counts correct predictions and the longest run of them, one guess at a time.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Tally {
    correct: u64,
    run: u64,
    longest: u64,
}

impl Tally {
    /// Records one prediction's outcome.
    #[inline]
    pub(crate) fn record(&mut self, hit: bool) {
        if hit {
            self.correct += 1;
            self.run += 1;
            if self.run > self.longest {
                self.longest = self.run;
            }
        } else {
            self.run = 0;
        }
    }

    /// The score after `predictions` guesses.
    pub(crate) fn score(&self, predictions: u64) -> PredictorScore {
        PredictorScore {
            correct: self.correct,
            predictions,
            longest_run: self.longest,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uniform_guessing_is_capped_at_one_over_k() {
        let e = prediction_estimate(
            PredictorScore {
                correct: 10,
                predictions: 10_000,
                longest_run: 1,
            },
            4,
        );
        assert_eq!(e.p_max, 0.25);
        assert_eq!(e.min_entropy, 2.0);
        assert!(e.p_local.is_none());
    }

    #[test]
    fn a_long_run_raises_p_local() {
        let e = prediction_estimate(
            PredictorScore {
                correct: 5_000,
                predictions: 10_000,
                longest_run: 60,
            },
            2,
        );
        let pl = e
            .p_local
            .expect("a run of 60 in 10^4 fair bits is far too long");
        assert!(pl > 0.7 && pl < 1.0, "{pl}");
        assert_eq!(e.p_max, pl);
    }
}
