//! The evidence against the uniform baseline.
//!
//! A predictor that guesses uniformly hits a draw of `n` equally likely values
//! with probability `p0 = k / n` at hit@k. After `hits` hits in `trials`
//! draws, the one-sided exact binomial p-value is `P[X >= hits]`,
//! `X ~ Binomial(trials, p0)`: the chance that guessing does as well.

/// `ln C(n, k)` by summing logs (exact enough for n up to millions).
fn ln_choose(n: u64, k: u64) -> f64 {
    let k = k.min(n - k);
    (0..k)
        .map(|i| ((n - i) as f64).ln() - ((i + 1) as f64).ln())
        .sum()
}

/// One-sided exact binomial p-value `P[X >= hits]` for `X ~ Binomial(trials, p0)`.
///
/// Summed in log space from the largest term down, so it stays accurate far
/// below 1e-300 would underflow (the result then is 0.0). `p0` is clamped to
/// [0, 1]; `hits == 0` gives 1.0.
pub fn binomial_tail(hits: u64, trials: u64, p0: f64) -> f64 {
    let p0 = p0.clamp(0.0, 1.0);
    if hits == 0 {
        return 1.0;
    }
    if hits > trials {
        return 0.0;
    }
    if p0 <= 0.0 {
        return 0.0;
    }
    if p0 >= 1.0 {
        return 1.0;
    }
    let (lp, lq) = (p0.ln(), (1.0 - p0).ln());
    let terms: Vec<f64> = (hits..=trials)
        .map(|i| ln_choose(trials, i) + i as f64 * lp + (trials - i) as f64 * lq)
        .collect();
    let m = terms.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let s: f64 = terms.iter().map(|t| (t - m).exp()).sum();
    (m + s.ln()).exp().min(1.0)
}

/// Smoothing weight of the uniform distribution in the pool's probability,
/// so that a draw no survivor predicted has a finite log-loss.
pub const SMOOTHING: f64 = 0.01;

/// Log-loss (natural log) of a draw given the pool's share of it and `n`
/// possible values: `-ln((1 - SMOOTHING) * share + SMOOTHING / n)`; the uniform
/// baseline's is `ln n`.
pub fn log_loss(share: f64, n: u64) -> f64 {
    let n = n.max(1) as f64;
    -((1.0 - SMOOTHING) * share.clamp(0.0, 1.0) + SMOOTHING / n).ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tail_matches_direct_sums() {
        // P[X >= 2], X ~ Bin(3, 0.5) = 4/8.
        assert!((binomial_tail(2, 3, 0.5) - 0.5).abs() < 1e-12);
        // P[X >= 1], X ~ Bin(10, 0.1) = 1 - 0.9^10.
        assert!((binomial_tail(1, 10, 0.1) - (1.0 - 0.9f64.powi(10))).abs() < 1e-12);
        // Every hit: p0^n.
        assert!((binomial_tail(6, 6, 0.01) / 1e-12 - 1.0).abs() < 1e-9);
        assert_eq!(binomial_tail(0, 5, 0.3), 1.0);
        assert_eq!(binomial_tail(6, 5, 0.3), 0.0);
    }

    #[test]
    fn log_loss_of_a_sure_hit_is_small_and_of_a_miss_exceeds_uniform() {
        assert!(log_loss(1.0, 100) < 0.011);
        assert!(log_loss(0.0, 100) > (100f64).ln());
    }
}
