//! The estimators that look at symbol frequencies and short patterns: most
//! common value (SP 800-90B 6.3.1), collision (6.3.2) and Markov (6.3.3).

use serde::{Deserialize, Serialize};

use super::numeric::Z_ALPHA;
use super::Symbol;

/// The most common value estimate (SP 800-90B 6.3.1).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct McvEstimate {
    /// Occurrences of the most common symbol.
    pub mode_count: u64,
    /// Its proportion, p-hat.
    pub p_hat: f64,
    /// The 99% upper bound p_u.
    pub p_u: f64,
    /// -log2(p_u), bits per symbol.
    pub min_entropy: f64,
}

/// SP 800-90B 6.3.1 over `symbols` (each below `k`); needs at least two symbols.
pub fn most_common_value<S: Symbol>(symbols: &[S], k: usize) -> McvEstimate {
    let mut counts = vec![0u64; k];
    for s in symbols {
        counts[s.index()] += 1;
    }
    let mode_count = counts.iter().copied().max().unwrap_or(0);
    let len = symbols.len() as f64;
    let p_hat = mode_count as f64 / len;
    let p_u = (p_hat + Z_ALPHA * (p_hat * (1.0 - p_hat) / (len - 1.0)).sqrt()).min(1.0);
    McvEstimate {
        mode_count,
        p_hat,
        p_u,
        min_entropy: -p_u.log2(),
    }
}

/// The collision estimate (SP 800-90B 6.3.2), for bit strings.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CollisionEstimate {
    /// Number of collisions found, v.
    pub collisions: u64,
    /// Sum of the collision times t_i.
    pub sum_times: u64,
    /// Mean collision time X-bar.
    pub mean: f64,
    /// Its standard deviation sigma-hat.
    pub sigma: f64,
    /// The 99% lower bound X-bar' (at least 2).
    pub mean_lower: f64,
    /// The p solved for, or `None` when X-bar' >= 2.5 and the bound p = 1/2 is used.
    pub p: Option<f64>,
    /// Bits per bit.
    pub min_entropy: f64,
}

/// SP 800-90B 6.3.2 over a bit string (values 0 and 1). Uses the closed form of
/// step 7 for binary data: X-bar' = -2p^2 + 2p + 2, solved for the root above 1/2.
pub fn collision(bits: &[u8]) -> CollisionEstimate {
    let len = bits.len();
    let (mut i, mut v, mut sq) = (0usize, 0u64, 0.0f64);
    while i + 1 < len {
        let t = if bits[i] == bits[i + 1] {
            2
        } else if i + 2 < len {
            3
        } else {
            break;
        };
        v += 1;
        sq += (t * t) as f64;
        i += t;
    }
    let mean = i as f64 / v as f64;
    let sigma = ((sq - i as f64 * mean) / (v as f64 - 1.0)).sqrt();
    let mean_lower = (mean - Z_ALPHA * sigma / (v as f64).sqrt()).max(2.0);
    let (p, min_entropy) = if mean_lower < 2.5 {
        let p = 0.5 + (1.25 - 0.5 * mean_lower).sqrt();
        (Some(p), -p.log2())
    } else {
        (None, 1.0)
    };
    CollisionEstimate {
        collisions: v,
        sum_times: i as u64,
        mean,
        sigma,
        mean_lower,
        p,
        min_entropy,
    }
}

/// The Markov estimate (SP 800-90B 6.3.3), for bit strings.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MarkovEstimate {
    /// P_0, proportion of zeros.
    pub p0: f64,
    /// P_1.
    pub p1: f64,
    /// Transition probabilities P_{0,0}, P_{0,1}, P_{1,0}, P_{1,1}.
    pub transitions: [f64; 4],
    /// The most likely 128-bit sequence's probability, p-hat_max.
    pub p_hat_max: f64,
    /// Bits per bit: min(-log2(p-hat_max) / 128, 1).
    pub min_entropy: f64,
}

/// SP 800-90B 6.3.3 over a bit string (values 0 and 1) of at least two bits.
pub fn markov(bits: &[u8]) -> MarkovEstimate {
    let len = bits.len();
    let (mut c0, mut c00, mut c10) = (0u64, 0u64, 0u64);
    for w in bits.windows(2) {
        if w[0] == 0 {
            c0 += 1;
            if w[1] == 0 {
                c00 += 1;
            }
        } else if w[1] == 0 {
            c10 += 1;
        }
    }
    let c1 = len as u64 - 1 - c0;
    let (p00, p01) = if c0 > 0 {
        let p = c00 as f64 / c0 as f64;
        (p, 1.0 - p)
    } else {
        (0.0, 0.0)
    };
    let (p10, p11) = if c1 > 0 {
        let p = c10 as f64 / c1 as f64;
        (p, 1.0 - p)
    } else {
        (0.0, 0.0)
    };
    if bits[len - 1] == 0 {
        c0 += 1;
    }
    let p0 = c0 as f64 / len as f64;
    let p1 = 1.0 - p0;
    let mut h = 128.0f64;
    let mut consider = |ok: bool, e: f64| {
        if ok && e < h {
            h = e;
        }
    };
    consider(p00 > 0.0, -p0.log2() - 127.0 * p00.log2());
    consider(
        p01 > 0.0 && p10 > 0.0,
        -p0.log2() - 64.0 * p01.log2() - 63.0 * p10.log2(),
    );
    consider(
        p01 > 0.0 && p11 > 0.0,
        -p0.log2() - p01.log2() - 126.0 * p11.log2(),
    );
    consider(
        p10 > 0.0 && p00 > 0.0,
        -p1.log2() - p10.log2() - 126.0 * p00.log2(),
    );
    consider(
        p10 > 0.0 && p01 > 0.0,
        -p1.log2() - 64.0 * p10.log2() - 63.0 * p01.log2(),
    );
    consider(p11 > 0.0, -p1.log2() - 127.0 * p11.log2());
    MarkovEstimate {
        p0,
        p1,
        transitions: [p00, p01, p10, p11],
        p_hat_max: 2.0f64.powf(-h),
        min_entropy: (h / 128.0).min(1.0),
    }
}
