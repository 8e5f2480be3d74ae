//! The compression estimate (SP 800-90B 6.3.4), for bit strings: Maurer's
//! universal statistic over 6-bit blocks with a 1000-block dictionary, and a
//! bisection for the p whose expected statistic matches its 99% lower bound.
//!
//! The expectation G(z) is evaluated with the running-sum form of SP 800-90B
//! 6.3.4 step 7 (the terms are inter-related: A_{i+1} = A_i + log2(i) B_i,
//! B_{i+1} = B_i (1 - z)), with compensated sums and a truncation once the
//! terms underflow, as the reference tool does.

use serde::{Deserialize, Serialize};

use super::numeric::{bisect_decreasing, KahanSum, OnFailure, Z_ALPHA};

/// Block size b (bits).
const BLOCK: usize = 6;
/// Dictionary (initialisation) blocks d.
const DICT: usize = 1000;

/// The compression estimate's figures.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CompressionEstimate {
    /// Mean of log2 of the distances, X-bar.
    pub mean: f64,
    /// sigma-hat (0.5907 times the sample standard deviation).
    pub sigma: f64,
    /// The 99% lower bound X-bar'.
    pub mean_lower: f64,
    /// The p found, or `None` when the search failed and p = 2^-6 is used.
    pub p: Option<f64>,
    /// Bits per bit.
    pub min_entropy: f64,
}

/// G(z) of SP 800-90B 6.3.4 step 7 for `num_blocks` blocks of which the first
/// `DICT` initialise the dictionary. `log2` holds log2(i) for i < num_blocks + 1.
fn g(z: f64, num_blocks: usize, log2: &[f64]) -> f64 {
    let d = DICT;
    let v = num_blocks - d;
    let bterm = 1.0 - z;
    let mut bi = bterm;
    let mut ai = KahanSum::default();
    for l in &log2[2..=d] {
        ai.add(l * bi);
        bi *= bterm;
    }
    let ad1 = ai.value();
    let mut first = KahanSum::default();
    let mut truncated = false;
    for (i, l) in log2.iter().enumerate().take(num_blocks).skip(d + 1) {
        let term = l * bi;
        ai.add(term);
        let scaled = (num_blocks - i) as f64 * term;
        if scaled > 0.0 {
            first.add(scaled);
        } else {
            truncated = true;
            break;
        }
        // Past the peak the terms fall by at least (1 - z) each step, so the
        // rest of each sum is below term / z: stop once that is under 1e-18
        // of the sum (the reference runs on until the terms underflow; the
        // sums differ by less than 1e-18 relative).
        if i > d + 2 && scaled < 1e-18 * z * first.value() && term < 1e-18 * z * ai.value() {
            truncated = true;
            break;
        }
        bi *= bterm;
    }
    first.add((num_blocks - d) as f64 * ad1);
    if !truncated {
        ai.add(log2[num_blocks] * bi);
    }
    1.0 / v as f64 * z * (z * first.value() + (ai.value() - ad1))
}

fn expected(p: f64, num_blocks: usize, log2: &[f64]) -> f64 {
    let k = (1usize << BLOCK) as f64;
    let q = (1.0 - p) / (k - 1.0);
    g(p, num_blocks, log2) + (k - 1.0) * g(q, num_blocks, log2)
}

/// SP 800-90B 6.3.4 over a bit string (values 0 and 1). `None` when there are not
/// more than 1000 six-bit blocks (the estimate needs more than 6000 bits).
pub fn compression(bits: &[u8]) -> Option<CompressionEstimate> {
    let num_blocks = bits.len() / BLOCK;
    if num_blocks <= DICT {
        return None;
    }
    let block = |i: usize| {
        bits[i * BLOCK..(i + 1) * BLOCK]
            .iter()
            .fold(0usize, |acc, &b| (acc << 1) | (b & 1) as usize)
    };
    let mut dict = [0usize; 1 << BLOCK];
    for i in 0..DICT {
        dict[block(i)] = i + 1;
    }
    let (mut x, mut sq) = (KahanSum::default(), KahanSum::default());
    for i in DICT..num_blocks {
        let b = block(i);
        let l = ((i + 1 - dict[b]) as f64).log2();
        x.add(l);
        sq.add(l * l);
        dict[b] = i + 1;
    }
    let v = (num_blocks - DICT) as f64;
    let mean = x.value() / v;
    let sigma = 0.5907 * (sq.value() / (v - 1.0) - mean * mean).sqrt();
    let mean_lower = mean - Z_ALPHA * sigma / v.sqrt();

    let log2: Vec<f64> = (0..=num_blocks).map(|i| (i as f64).log2()).collect();
    let floor = 1.0 / (1usize << BLOCK) as f64;
    let p = if expected(floor, num_blocks, &log2) > mean_lower {
        bisect_decreasing(
            |p| expected(p, num_blocks, &log2),
            mean_lower,
            floor,
            1.0,
            OnFailure::Low,
        )
    } else {
        -1.0
    };
    let (p, min_entropy) = if p > floor {
        (Some(p), -p.log2() / BLOCK as f64)
    } else {
        (None, 1.0)
    };
    Some(CompressionEstimate {
        mean,
        sigma,
        mean_lower,
        p,
        min_entropy,
    })
}
