//! V8 `Math.random` (xorshift128+, 64-entry cache served last-in first-out;
//! src/numbers/math-random.cc, src/base/utils/random-number-generator.h) from
//! doubles: each gives the top 52 bits of state0; every cache alignment is
//! tried as a GF(2) system. `Math.floor(Math.random() * n)` draws pin the top
//! bits their interval shares.

use super::gf2::{Solution, Sym64, System};
use super::{evidence, not_found, verdict_of, Method, Observed, RecoverError, StateReport};

/// The method's row.
pub(super) const METHOD: Method = Method {
    id: V8_METHOD,
    covers: &[(
        "v8_math_random",
        "Math.random() doubles (--float)",
        "6 doubles, or about 128 / (log2(n) - 1) + 6 floor(random() * n) draws; draws that cross a 64-value cache refill pin the alignment",
    )],
    run,
};

fn run(prng: &str, obs: &Observed, predict: usize) -> Option<Result<StateReport, RecoverError>> {
    match (prng, obs) {
        ("v8_math_random", Observed::Floats(v)) => Some(v8_doubles(v, predict)),
        ("v8_math_random", Observed::Ints { values, min, max }) => {
            Some(v8_floor(values, *min, *max, predict))
        }
        _ => None,
    }
}

fn xs128p(s0: &mut u64, s1: &mut u64) {
    let mut t = *s0;
    let u = *s1;
    *s0 = u;
    t ^= t << 23;
    t ^= t >> 17;
    t ^= u;
    t ^= u >> 26;
    *s1 = t;
}

fn sym_xs128p(s0: &mut Sym64, s1: &mut Sym64) {
    let t = s0.clone();
    let u = s1.clone();
    *s0 = u.clone();
    let t = t.xor(&t.shl(23));
    let t = t.xor(&t.shr(17));
    let t = t.xor(&u);
    *s1 = t.xor(&u.shr(26));
}

/// Generation index (1-based, from the start of the block holding the first
/// draw) of observed draw `j` when `a` values remained in that block.
fn v8_index(a: usize, j: usize) -> usize {
    if j < a {
        a - j
    } else {
        let k = j - a;
        64 * (k / 64 + 1) + 64 - k % 64
    }
}

fn v8_doubles(d: &[f64], predict: usize) -> Result<StateReport, RecoverError> {
    const USE: usize = 4;
    let needed = USE + 2;
    if d.len() < needed {
        return Err(RecoverError::TooFewDraws {
            method: V8_METHOD,
            needed,
            given: d.len(),
        });
    }
    let mant: Vec<u64> = d
        .iter()
        .map(|&x| {
            if (0.0..1.0).contains(&x) {
                Ok((x * (1u64 << 52) as f64) as u64)
            } else {
                Err(RecoverError::Unsupported(format!(
                    "{x} is not a Math.random() value in [0, 1)"
                )))
            }
        })
        .collect::<Result<_, _>>()?;
    let known: Vec<(u64, u64)> = mant.iter().map(|&m| (m << 12, !0xfff)).collect();
    Ok(v8_recover(
        &known,
        V8Fit {
            use_n: USE,
            needed,
            bits_per: 52.0,
            predict,
            what: "doubles",
        },
        |j, m| m == mant[j],
        |m| format!("{:?}", m as f64 / (1u64 << 52) as f64),
    ))
}

const V8_METHOD: &str = "xorshift128plus_gf2";

/// What a V8 recovery solves with and reports.
struct V8Fit {
    /// Draws whose known bits form the system.
    use_n: usize,
    /// Draws the method needs.
    needed: usize,
    /// Bits of information per draw.
    bits_per: f64,
    /// Draws to predict.
    predict: usize,
    /// The draws, in words.
    what: &'static str,
}

/// The V8 core shared by doubles and `Math.floor(Math.random() * n)` draws:
/// `known[j]` is (bits, mask) of state0 for draw j; for each of the 64 cache
/// alignments the first `use_n` draws' bits are solved over GF(2), the state is
/// replayed, and `matches(j, mantissa)` must hold for every draw; `show`
/// renders a predicted draw from its mantissa.
fn v8_recover(
    known: &[(u64, u64)],
    fit: V8Fit,
    matches: impl Fn(usize, u64) -> bool,
    show: impl Fn(u64) -> String,
) -> StateReport {
    let (use_n, predict, total) = (fit.use_n, fit.predict, known.len());
    // Symbolic state0 after each step, up to the last index any alignment needs.
    let max_idx = (1..=64)
        .flat_map(|a| (0..use_n).map(move |j| v8_index(a, j)))
        .max()
        .unwrap_or(64);
    let n = 128;
    let (mut s0, mut s1) = (Sym64::var(n, 0), Sym64::var(n, 64));
    let mut after: Vec<Sym64> = vec![s0.clone()];
    for _ in 0..max_idx {
        sym_xs128p(&mut s0, &mut s1);
        after.push(s0.clone());
    }
    let mut fits = Vec::new();
    for a in 1..=64usize {
        let mut sys = System::new(n);
        for (j, &(v, mask)) in known.iter().enumerate().take(use_n) {
            sys.push_word(&after[v8_index(a, j)], v, mask);
        }
        let Solution::Unique(x) = sys.solve() else {
            continue;
        };
        let word = |k: usize| -> u64 {
            (0..64).fold(0, |acc, b| acc | (u64::from(x.get(k * 64 + b)) << b))
        };
        let (b0, b1) = (word(0), word(1));
        // Replay every draw from the block start: g[i] = state0 >> 12 after step i.
        let (mut g0, mut g1) = (b0, b1);
        let mut g = vec![0u64];
        for _ in 0..v8_index(a, total + predict) + 64 {
            xs128p(&mut g0, &mut g1);
            g.push(g0 >> 12);
        }
        if (0..total).all(|j| matches(j, g[v8_index(a, j)])) {
            let next: Vec<String> = (total..total + predict)
                .map(|j| show(g[v8_index(a, j)]))
                .collect();
            fits.push((a, b0, b1, next));
        }
    }
    if fits.is_empty() {
        return not_found(
            "v8_math_random",
            V8_METHOD,
            fit.needed,
            fit.bits_per,
            128,
            total,
            format!(
                "no xorshift128+ state and cache alignment produces these {}",
                fit.what
            ),
        );
    }
    let e = evidence(fit.bits_per, 128, use_n, total - use_n, total);
    if fits.len() > 1 {
        // Draws inside one cache block fit every alignment that keeps them in
        // one block; predictions agree only until the earliest possible refill.
        let common = (0..predict)
            .take_while(|&i| fits.iter().all(|f| f.3[i] == fits[0].3[i]))
            .count();
        let fresh = fits
            .iter()
            .find(|f| f.0 == 64)
            .map(|f| f.3.iter().take(10).cloned().collect::<Vec<_>>().join(" "));
        return StateReport {
            verdict: crate::report::Verdict::Ambiguous,
            prng: "v8_math_random".into(),
            method: V8_METHOD,
            draws_needed: fit.needed,
            state: None,
            seed: None,
            next: fits[0].3[..common].to_vec(),
            evidence: e,
            notes: [format!(
                "{} cache alignments fit: the draws do not cross a cache refill (every 64 values), so the next {common} draw(s) are certain and later ones are not; give draws that span a refill",
                fits.len()
            )]
            .into_iter()
            .chain(fresh.map(|f| format!("if the first draw given was the process's first Math.random() call (a fresh cache), the next draws are: {f}")))
            .collect(),
        };
    }
    let (a, b0, b1, next) = fits.remove(0);
    StateReport {
        verdict: verdict_of(&e),
        prng: "v8_math_random".into(),
        method: V8_METHOD,
        draws_needed: fit.needed,
        state: Some(vec![format!("{b0:016x}"), format!("{b1:016x}")]),
        seed: None,
        next,
        evidence: e,
        notes: vec![format!(
            "state (state0, state1) at the refill of the cache block holding the first draw; {a} value(s) of that block were left when the first draw was taken; the draws are {}",
            fit.what
        )],
    }
}

/// The mantissas m (double = m / 2^52) with floor(m / 2^52 * n) == k, as an
/// inclusive range.
fn floor_interval(k: u64, n: u64) -> (u64, u64) {
    let top = (1u128 << 52) - 1;
    let lo = (u128::from(k) << 52).div_ceil(u128::from(n));
    let hi = ((u128::from(k) + 1) << 52).div_ceil(u128::from(n)) - 1;
    (lo.min(top) as u64, hi.min(top) as u64)
}

/// `Math.floor(Math.random() * n) + min` draws: each pins the top bits that
/// every mantissa of its interval shares; the rest is as for doubles.
fn v8_floor(
    values: &[i64],
    min: i64,
    max: i64,
    predict: usize,
) -> Result<StateReport, RecoverError> {
    let method = V8_METHOD;
    let n = (max as i128 - min as i128 + 1) as u64;
    if !(2..=1 << 52).contains(&n) {
        return Err(RecoverError::Unsupported(format!(
            "Math.floor(Math.random() * n) needs 2 <= n <= 2^52; n = {n}"
        )));
    }
    let per = ((n as f64).log2().floor() - 1.0).max(1.0);
    let use_n = (128.0 / per).ceil() as usize + 2;
    let needed = use_n + 6;
    if values.len() < needed {
        return Err(RecoverError::TooFewDraws {
            method,
            needed,
            given: values.len(),
        });
    }
    let ks: Vec<u64> = values.iter().map(|&v| (v - min) as u64).collect();
    let known: Vec<(u64, u64)> = ks
        .iter()
        .map(|&k| {
            let (lo, hi) = floor_interval(k, n);
            let diff = lo ^ hi;
            let c = if diff == 0 {
                52
            } else {
                52 - (64 - diff.leading_zeros())
            };
            // Mask of the top c bits of the 52-bit mantissa, placed in state0 (>> 12).
            let mask = if c == 0 {
                0
            } else {
                ((1u64 << c) - 1) << (52 - c)
            };
            (lo << 12, mask << 12)
        })
        .collect();
    let draw = |m: u64| -> u64 { ((m as f64 / (1u64 << 52) as f64) * n as f64).floor() as u64 };
    Ok(v8_recover(
        &known,
        V8Fit {
            use_n,
            needed,
            bits_per: (n as f64).log2(),
            predict,
            what: "Math.floor(Math.random() * n) + min draws",
        },
        |j, m| draw(m) == ks[j],
        |m| (draw(m) as i64 + min).to_string(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v8_serving_order_is_lifo_per_block() {
        assert_eq!(
            (0..4).map(|j| v8_index(64, j)).collect::<Vec<_>>(),
            vec![64, 63, 62, 61]
        );
        assert_eq!(v8_index(64, 64), 128);
        assert_eq!(v8_index(2, 1), 1);
        assert_eq!(v8_index(2, 2), 128);
        assert_eq!(v8_index(2, 65), 65);
    }
}
