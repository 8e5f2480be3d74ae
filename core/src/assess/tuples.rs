//! The t-tuple estimate (SP 800-90B 6.3.5) and the longest repeated substring
//! estimate (6.3.6), both from one suffix array and its LCP array.
//!
//! The counts come from the LCP intervals (Abouelhoda, Kurtz, Ohlebusch,
//! "Replacing suffix trees with enhanced suffix arrays", 2004): an interval of
//! `s` suffixes whose common prefix is `h` long, inside a parent interval whose
//! common prefix is `h'`, is the set of occurrences of one t-tuple for every
//! `h' < t <= h`. So Q[t] (the most occurrences of any t-tuple) is the largest
//! such `s`, and the LRS sum over t-tuples of C(count, 2) is the sum of
//! C(s, 2) over those intervals. Suffix sorting is divsufsort (Yuta Mori, the
//! library the NIST reference tool links); LCP is Kasai et al. (2001).

use serde::{Deserialize, Serialize};

use super::numeric::Z_ALPHA;
use super::Symbol;

/// The t-tuple estimate (SP 800-90B 6.3.5).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TupleEstimate {
    /// The largest t whose most common t-tuple occurs at least 35 times.
    pub t: u64,
    /// p-hat_max = max over i <= t of (Q[i] / (L - i + 1))^(1/i).
    pub p_hat_max: f64,
    /// Its 99% upper bound p_u.
    pub p_u: f64,
    /// Bits per symbol.
    pub min_entropy: f64,
}

/// The longest repeated substring estimate (SP 800-90B 6.3.6).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LrsEstimate {
    /// u: the smallest tuple length whose most common tuple occurs fewer than 35 times.
    pub u: u64,
    /// v: the length of the longest repeated substring.
    pub v: u64,
    /// p-hat = max over u <= W <= v of P_W^(1/W).
    pub p_hat: f64,
    /// Its 99% upper bound p_u.
    pub p_u: f64,
    /// Bits per symbol.
    pub min_entropy: f64,
}

/// Both estimates of one sequence; either is `None` when the standard's
/// precondition fails (no tuple occurs 35 times; v < u).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TupleEstimates {
    /// 6.3.5, if some 1-tuple occurs at least 35 times.
    pub t_tuple: Option<TupleEstimate>,
    /// 6.3.6, if v >= u.
    pub lrs: Option<LrsEstimate>,
}

/// Suffix array of `symbols`: positions in lexicographic order of the suffixes.
/// Byte symbols are sorted directly; wider ones as big-endian byte pairs, of
/// which only the even positions (symbol starts) are kept.
fn suffix_array<S: Symbol>(symbols: &[S]) -> Vec<i32> {
    if S::BYTES == 1 {
        let bytes: Vec<u8> = symbols.iter().map(|s| s.index() as u8).collect();
        let mut sa = vec![0i32; bytes.len()];
        cdivsufsort::sort_in_place(&bytes, &mut sa);
        sa
    } else {
        let bytes: Vec<u8> = symbols
            .iter()
            .flat_map(|s| (s.index() as u16).to_be_bytes())
            .collect();
        let mut sa = vec![0i32; bytes.len()];
        cdivsufsort::sort_in_place(&bytes, &mut sa);
        sa.retain(|p| p % 2 == 0);
        sa.iter_mut().for_each(|p| *p /= 2);
        sa
    }
}

/// LCP array (Kasai et al.): `lcp[i]` = common prefix length of the suffixes at
/// `sa[i - 1]` and `sa[i]`; `lcp[0] = 0`. Overwrites `sa`'s inverse into a scratch vector.
fn lcp_array<S: Symbol>(symbols: &[S], sa: &[i32]) -> Vec<i32> {
    let n = symbols.len();
    let mut rank = vec![0i32; n];
    for (i, &p) in sa.iter().enumerate() {
        rank[p as usize] = i as i32;
    }
    let mut lcp = vec![0i32; n];
    let mut h = 0usize;
    for i in 0..n {
        let r = rank[i] as usize;
        if r > 0 {
            let j = sa[r - 1] as usize;
            while i + h < n && j + h < n && symbols[i + h] == symbols[j + h] {
                h += 1;
            }
            lcp[r] = h as i32;
            h = h.saturating_sub(1);
        } else {
            h = 0;
        }
    }
    lcp
}

/// SP 800-90B 6.3.5 and 6.3.6 over `symbols` (fewer than 2^31 of them).
pub fn tuple_estimates<S: Symbol>(symbols: &[S]) -> TupleEstimates {
    let n = symbols.len();
    if n < 2 {
        return TupleEstimates {
            t_tuple: None,
            lrs: None,
        };
    }
    let lcp = {
        let sa = suffix_array(symbols);
        lcp_array(symbols, &sa)
    };
    let v = lcp.iter().copied().max().unwrap_or(0).max(0) as usize;
    // best[h]: largest interval whose lcp value is h; pairs[t]: sum of C(s, 2)
    // over the t-intervals, built as a difference array.
    let mut best = vec![1u64; v + 2];
    let mut pairs_diff = vec![0i128; v + 2];
    let mut stack: Vec<(usize, usize)> = vec![(0, 0)];
    for i in 1..=n {
        let cur = lcp.get(i).map_or(0, |&l| l as usize);
        let mut lb = i - 1;
        while let Some(&(h, start)) = stack.last() {
            if cur >= h {
                break;
            }
            stack.pop();
            let size = (i - start) as u64;
            let parent = stack.last().map_or(0, |&(ph, _)| ph).max(cur);
            best[h] = best[h].max(size);
            let c2 = i128::from(size) * i128::from(size - 1) / 2;
            pairs_diff[parent + 1] += c2;
            pairs_diff[h + 1] -= c2;
            lb = start;
        }
        if stack.last().is_none_or(|&(h, _)| cur > h) {
            stack.push((cur, lb));
        }
    }
    // Q[t] = max over h >= t of best[h].
    let mut q = vec![1u64; v + 2];
    for t in (1..=v).rev() {
        q[t] = best[t].max(q[t + 1]);
    }
    let mut u = 1usize;
    while u <= v && q[u] >= 35 {
        u += 1;
    }
    let nf = n as f64;
    let bound = |p: f64| (p + Z_ALPHA * (p * (1.0 - p) / (nf - 1.0)).sqrt()).min(1.0);

    let t_tuple = (u > 1).then(|| {
        let p_hat_max = (1..u)
            .map(|i| (q[i] as f64 / (n - i + 1) as f64).powf(1.0 / i as f64))
            .fold(-1.0f64, f64::max);
        let p_u = bound(p_hat_max);
        TupleEstimate {
            t: (u - 1) as u64,
            p_hat_max,
            p_u,
            min_entropy: -p_u.log2(),
        }
    });

    let lrs = (v >= u).then(|| {
        let mut acc = 0i128;
        let mut p_hat = 0.0f64;
        for (t, d) in pairs_diff.iter().enumerate().take(v + 1) {
            acc += d;
            if t >= u {
                let choices = ((n - t) as u128 * (n - t + 1) as u128 / 2) as f64;
                let p = (acc as f64 / choices).powf(1.0 / t as f64);
                if p_hat < p {
                    p_hat = p;
                }
            }
        }
        let p_u = bound(p_hat);
        LrsEstimate {
            u: u as u64,
            v: v as u64,
            p_hat,
            p_u,
            min_entropy: -p_u.log2(),
        }
    });
    TupleEstimates { t_tuple, lrs }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Q[t] and the LRS pair counts by brute force over all t-tuples.
    fn brute(symbols: &[u8]) -> (Vec<u64>, Vec<u64>) {
        use std::collections::HashMap;
        let n = symbols.len();
        let (mut q, mut pairs) = (vec![0u64], vec![0u64]);
        for t in 1..n {
            let mut counts: HashMap<&[u8], u64> = HashMap::new();
            for w in symbols.windows(t) {
                *counts.entry(w).or_default() += 1;
            }
            q.push(counts.values().copied().max().unwrap_or(0));
            pairs.push(counts.values().map(|c| c * (c - 1) / 2).sum());
        }
        (q, pairs)
    }

    #[test]
    fn interval_counts_match_brute_force() {
        let mut x = 12345u32;
        let symbols: Vec<u8> = (0..3000)
            .map(|_| {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
                ((x >> 16) % 3) as u8
            })
            .collect();
        let (q, pairs) = brute(&symbols);
        let est = tuple_estimates(&symbols);
        let t = est.t_tuple.expect("3000 ternary symbols repeat tuples").t as usize;
        assert!(q[t] >= 35 && q[t + 1] < 35);
        let lrs = est.lrs.expect("v >= u");
        let v = lrs.v as usize;
        assert!(pairs[v] > 0 && pairs[v + 1] == 0);
        let n = symbols.len();
        let expect = (lrs.u as usize..=v)
            .map(|w| (pairs[w] as f64 / ((n - w) * (n - w + 1) / 2) as f64).powf(1.0 / w as f64))
            .fold(0.0f64, f64::max);
        assert!((expect - lrs.p_hat).abs() < 1e-15);
    }
}
