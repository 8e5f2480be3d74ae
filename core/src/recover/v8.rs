//! V8 `Math.random` (xorshift128+ behind a 64-entry cache served last-in
//! first-out; V8 src/numbers/math-random.cc, src/base/utils/random-number-generator.h):
//! state recovery from `Math.random()` doubles or `Math.floor(Math.random() * n)` draws.
//!
//! Each double is `state0 >> 12` as a 52-bit mantissa (`ToDouble`: the bits
//! under the exponent of [1, 2), minus 1; node 20 / V8 11.3 checked by
//! tests/vectors/oracles/state/gen_state.sh: every double is a multiple of
//! 2^-52). A floor draw k pins the mantissa to an interval; the top bits every
//! mantissa of that interval shares are GF(2) equations on the 128 state bits.
//! For each cache alignment (how many values of the first draw's block were
//! left) the equations are solved; the unknowns they leave free (at most 2^26
//! assignments) are enumerated in Gray-code order against every draw's
//! interval, and each state that fits is replayed on every draw.
//!
//! How many draws: [`draws_needed`], the one place that number comes from
//! (the error, `scheduler generators` and docs/output.md print it).

use super::gf2::{Bits, Sym64, System};
use super::{not_found, Method, Observed, RecoverError, StateCandidate, StateReport};
use crate::report::Verdict;

/// The method's id.
pub const V8_METHOD: &str = "xorshift128plus_gf2";

/// Values V8 generates per cache refill (`kCacheSize`).
pub const CACHE: usize = 64;
/// Bits of state: state0 and state1.
const STATE_BITS: u32 = 128;
/// Bits the unknown cache alignment costs: log2(64).
const ALIGN_BITS: f64 = 6.0;
/// Bits past the state and the alignment that must confirm it: a wrong state
/// then fits with probability 2^-20 < 1e-6, the bound of `verdict_of`.
const CONFIRM_BITS: f64 = 20.0;
/// Unknowns the enumeration is sized to leave free on average (2^12 states per
/// alignment): floor draws carry fewer linear bits than information.
const SEARCH_BITS: f64 = 12.0;
/// Most unknowns enumerated for one alignment (2^26 states, about a second).
const MAX_FREE: usize = 26;

/// The method's row.
pub(super) const METHOD: Method = Method {
    id: V8_METHOD,
    covers: &[(
        "v8_math_random",
        "Math.random() doubles (--float), or Math.floor(Math.random() * n) + min draws",
        "",
    )],
    needs: Some(needs_summary),
    run,
};

/// How the draws came out of `Math.random()`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum V8Form {
    /// `Math.random()` doubles printed in full: 52 bits each.
    Doubles,
    /// `Math.floor(Math.random() * n)` (plus a constant), 2 <= n <= 2^52:
    /// log2(n) bits each.
    Floor(u64),
}

impl V8Form {
    /// Bits per draw when each is exactly the top bits of the mantissa
    /// (doubles: 52; n a power of two: log2(n)), else `None`.
    fn linear_top_bits(self) -> Option<u32> {
        match self {
            V8Form::Doubles => Some(52),
            V8Form::Floor(n) if n.is_power_of_two() => Some(n.trailing_zeros()),
            V8Form::Floor(_) => None,
        }
    }

    /// Bits of information in one draw: 52 for a double, log2(n) for a floor draw.
    pub fn bits_per_draw(self) -> f64 {
        match self {
            V8Form::Doubles => 52.0,
            V8Form::Floor(n) => (n as f64).log2(),
        }
    }

    /// Mean number of mantissa bits one draw fixes linearly: 52 for a double;
    /// for a floor draw, the top bits shared by every mantissa of the draw's
    /// interval, averaged over the n draws (over 2^16 evenly spaced ones when
    /// n is larger).
    pub fn linear_bits_per_draw(self) -> f64 {
        match self {
            V8Form::Doubles => 52.0,
            V8Form::Floor(n) => {
                let samples = n.min(1 << 16);
                let total: u64 = (0..samples)
                    .map(|i| {
                        let k = (u128::from(i) * u128::from(n) / u128::from(samples)) as u64;
                        let (lo, hi) = floor_interval(k, n);
                        u64::from(shared_top_bits(lo, hi))
                    })
                    .sum();
                total as f64 / samples as f64
            }
        }
    }
}

/// The draws V8 state recovery needs, the number every message gives: the
/// largest of
///
/// - the information bound ([`min_draws`]): N * bits_per_draw >= 128 (state)
///   + 6 (cache alignment) + 20 (confirmation, coincidence below 1e-6);
/// - when every bit a draw carries is linear (doubles: the top 52 bits of
///   state0; n a power of two: the top log2(n)), the rank bound: the smallest
///   k whose k consecutive draws inside one cache block give a GF(2) system
///   of rank 128 (4 doubles: 3 leave 12 unknowns free, low bits of the last
///   state words that no output shows);
/// - otherwise the search bound: N * b >= 128 - 12, b the mean linear bits of
///   a draw ([`V8Form::linear_bits_per_draw`]), so that about 2^12 states per
///   alignment are enumerated.
///
/// Doubles: 4 (3 suffice across a cache refill). `Math.floor(Math.random() * 100)`: 24.
pub fn draws_needed(form: V8Form) -> usize {
    let info = min_draws(form);
    match form.linear_top_bits() {
        Some(t) => info.max(one_block_rank_needs(t)),
        None => {
            let search = (f64::from(STATE_BITS) - SEARCH_BITS) / form.linear_bits_per_draw();
            info.max(search.ceil() as usize)
        }
    }
}

/// The fewest draws recovery tries: the smallest N with
/// N * bits_per_draw >= 128 + 6 + 20 (state, alignment, confirmation). Between
/// this and [`draws_needed`] it succeeds when the draws happen to pin the state
/// (doubles across a cache refill) and otherwise answers with
/// [`RecoverError::TooFewDraws`].
pub fn min_draws(form: V8Form) -> usize {
    ((f64::from(STATE_BITS) + ALIGN_BITS + CONFIRM_BITS) / form.bits_per_draw()).ceil() as usize
}

/// The smallest k whose k consecutive draws inside one cache block, each
/// giving the top `t` bits of state0, form a GF(2) system of rank 128.
fn one_block_rank_needs(t: u32) -> usize {
    let n = STATE_BITS as usize;
    let mask = !0u64 << (64 - t);
    let (mut s0, mut s1) = (Sym64::var(n, 0), Sym64::var(n, 64));
    let mut sys = System::new(n);
    let mut k = 0;
    loop {
        k += 1;
        sym_xs128p(&mut s0, &mut s1);
        sys.push_word(&s0, 0, mask);
        if k * t as usize >= n && sys.solve_affine().map_or(0, |a| a.rank) == n {
            return k;
        }
    }
}

/// What `scheduler generators` and docs/output.md say V8 needs, from
/// [`draws_needed`].
pub fn needs_summary() -> String {
    let floor: Vec<String> = [2u64, 6, 10, 52, 100, 1000, 1 << 16, 1 << 32]
        .iter()
        .map(|&n| {
            let name = if n >= 1 << 16 {
                format!("2^{}", n.trailing_zeros())
            } else {
                n.to_string()
            };
            format!("n={name}: {}", draws_needed(V8Form::Floor(n)))
        })
        .collect();
    format!(
        "{} doubles ({} when they cross a cache refill); Math.floor(Math.random() * n) draws: {} (at least ceil(154 / log2 n): 128 bits of state, 6 of cache alignment, 20 of confirmation; n a power of two: until the GF(2) system has rank 128; otherwise ceil(116 / b), b the mean top bits a draw fixes); draws that cross a cache refill (every 64 values) pin the alignment",
        draws_needed(V8Form::Doubles),
        min_draws(V8Form::Doubles),
        floor.join(", ")
    )
}

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

/// The inverse of [`xs128p`]: the state one step earlier.
fn xs128p_back(s0: &mut u64, s1: &mut u64) {
    let u = *s0;
    // t = y ^ (y >> 17) with y = x ^ (x << 23), x the earlier state0.
    let t = *s1 ^ u ^ (u >> 26);
    let y = t ^ (t >> 17) ^ (t >> 34) ^ (t >> 51);
    let x = y ^ (y << 23) ^ (y << 46);
    *s0 = x;
    *s1 = u;
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

/// Generation index (1-based, from the refill of the block holding the first
/// draw) of observed draw `j` when `a` values remained in that block.
fn v8_index(a: usize, j: usize) -> usize {
    if j < a {
        a - j
    } else {
        let k = j - a;
        CACHE * (k / CACHE + 1) + CACHE - k % CACHE
    }
}

/// Number of top bits (of 52) that `lo` and `hi` share.
fn shared_top_bits(lo: u64, hi: u64) -> u32 {
    let diff = lo ^ hi;
    if diff == 0 {
        52
    } else {
        52 - (64 - diff.leading_zeros())
    }
}

/// The mantissas m (double = m / 2^52) with floor(m / 2^52 * n) == k in exact
/// arithmetic, as an inclusive range.
fn floor_interval(k: u64, n: u64) -> (u64, u64) {
    let top = (1u128 << 52) - 1;
    let lo = (u128::from(k) << 52).div_ceil(u128::from(n));
    let hi = ((u128::from(k) + 1) << 52).div_ceil(u128::from(n)) - 1;
    (lo.min(top) as u64, hi.min(top) as u64)
}

/// A draw as a constraint on its 52-bit mantissa: lo <= m <= hi.
#[derive(Clone, Copy, Debug)]
struct Interval {
    lo: u64,
    hi: u64,
}

impl Interval {
    /// (value, mask) of the mantissa's shared top bits.
    fn known(self) -> (u64, u64) {
        let c = shared_top_bits(self.lo, self.hi);
        let mask = if c == 0 {
            0
        } else {
            ((1u64 << c) - 1) << (52 - c)
        };
        (self.lo & mask, mask)
    }
}

fn v8_doubles(d: &[f64], predict: usize) -> Result<StateReport, RecoverError> {
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
    let draws: Vec<Interval> = mant.iter().map(|&m| Interval { lo: m, hi: m }).collect();
    v8_recover(
        &draws,
        V8Form::Doubles,
        predict,
        "doubles",
        |j, m| m == mant[j],
        |m| format!("{:?}", m as f64 / (1u64 << 52) as f64),
    )
}

/// `Math.floor(Math.random() * n) + min` draws.
fn v8_floor(
    values: &[i64],
    min: i64,
    max: i64,
    predict: usize,
) -> Result<StateReport, RecoverError> {
    let n = (max as i128 - min as i128 + 1) as u64;
    if !(2..=1 << 52).contains(&n) {
        return Err(RecoverError::Unsupported(format!(
            "Math.floor(Math.random() * n) needs 2 <= n <= 2^52; n = {n}"
        )));
    }
    // As JavaScript computes it: the product is rounded to a double.
    let draw = |m: u64| -> u64 { ((m as f64 / (1u64 << 52) as f64) * n as f64).floor() as u64 };
    let ks: Vec<u64> = values.iter().map(|&v| (v - min) as u64).collect();
    let draws: Vec<Interval> = ks
        .iter()
        .map(|&k| {
            // The exact interval, moved to where the rounded product puts its ends.
            let (mut lo, mut hi) = floor_interval(k, n);
            let top = (1u64 << 52) - 1;
            while lo > 0 && draw(lo - 1) == k {
                lo -= 1;
            }
            while lo < hi && draw(lo) != k {
                lo += 1;
            }
            while hi < top && draw(hi + 1) == k {
                hi += 1;
            }
            while hi > lo && draw(hi) != k {
                hi -= 1;
            }
            Interval { lo, hi }
        })
        .collect();
    v8_recover(
        &draws,
        V8Form::Floor(n),
        predict,
        "Math.floor(Math.random() * n) + min draws",
        |j, m| draw(m) == ks[j],
        |m| (draw(m) as i64 + min).to_string(),
    )
}

/// A state that fits: the cache alignment `a` (values of the first draw's
/// block left when it was taken), state0 and state1 at that block's refill,
/// and the predicted draws.
struct Fit {
    a: usize,
    s0: u64,
    s1: u64,
    next: Vec<String>,
}

/// The 52 mantissa forms of symbolic state0 words, bit 0 = mantissa bit 0.
fn mantissa_value(word: &Sym64, x: &Bits) -> u64 {
    (0..52).fold(0, |acc, b| acc | (u64::from(word.b[b + 12].dot(x)) << b))
}

/// The V8 core for doubles and floor draws: for each cache alignment, solve
/// the draws' shared top bits over GF(2), enumerate the free unknowns against
/// every draw's interval, replay each surviving state on every draw
/// (`matches(j, mantissa)`), and predict with `show`.
fn v8_recover(
    draws: &[Interval],
    form: V8Form,
    predict: usize,
    what: &'static str,
    matches: impl Fn(usize, u64) -> bool,
    show: impl Fn(u64) -> String,
) -> Result<StateReport, RecoverError> {
    let total = draws.len();
    let needed = draws_needed(form);
    if total < min_draws(form) {
        return Err(RecoverError::TooFewDraws {
            method: V8_METHOD,
            needed,
            given: total,
        });
    }
    // The draws whose bits go into the system: enough for the state and a
    // margin that rejects most wrong assignments early; every draw is replayed.
    let mut sys_n = 0;
    let mut bits = 0u32;
    while sys_n < total && bits < STATE_BITS + 32 {
        bits += draws[sys_n].known().1.count_ones();
        sys_n += 1;
    }
    // Alignments a >= total keep every draw in one block: they differ only by
    // where the block starts, so a = min(total, 64) stands for all of them.
    let last_a = total.min(CACHE);
    let max_idx = (1..=last_a)
        .flat_map(|a| (0..sys_n).map(move |j| v8_index(a, j)))
        .max()
        .unwrap_or(CACHE);
    let n = STATE_BITS as usize;
    let (mut s0, mut s1) = (Sym64::var(n, 0), Sym64::var(n, 64));
    let mut after: Vec<Sym64> = vec![s0.clone()];
    for _ in 0..max_idx {
        sym_xs128p(&mut s0, &mut s1);
        after.push(s0.clone());
    }
    // Predictions run past `predict` to count the draws that tell fits apart.
    let ext = predict.max(2 * CACHE + 2);
    let replay = |a: usize, b0: u64, b1: u64| -> Option<Vec<String>> {
        let (mut g0, mut g1) = (b0, b1);
        let mut g = vec![0u64];
        for _ in 0..v8_index(a, total + ext) + CACHE {
            xs128p(&mut g0, &mut g1);
            g.push(g0 >> 12);
        }
        (0..total).all(|j| matches(j, g[v8_index(a, j)])).then(|| {
            (total..total + ext)
                .map(|j| show(g[v8_index(a, j)]))
                .collect()
        })
    };
    let mut fits: Vec<Fit> = Vec::new();
    let mut too_free = 0usize;
    for a in 1..=last_a {
        let mut sys = System::new(n);
        for (j, d) in draws.iter().enumerate().take(sys_n) {
            let (v, mask) = d.known();
            sys.push_word(&after[v8_index(a, j)], v << 12, mask << 12);
        }
        let Some(aff) = sys.solve_affine() else {
            continue;
        };
        let free = aff.null.len();
        if free > MAX_FREE {
            too_free = too_free.max(free);
            continue;
        }
        let words: Vec<&Sym64> = (0..sys_n).map(|j| &after[v8_index(a, j)]).collect();
        let mut cur: Vec<u64> = words.iter().map(|w| mantissa_value(w, &aff.x)).collect();
        let delta: Vec<Vec<u64>> = aff
            .null
            .iter()
            .map(|v| words.iter().map(|w| mantissa_value(w, v)).collect())
            .collect();
        // Gray-code walk over the 2^free assignments of the free unknowns.
        let mut combo = 0u64;
        for g in 0..1u64 << free {
            if g > 0 {
                let i = g.trailing_zeros() as usize;
                combo ^= 1 << i;
                for (c, d) in cur.iter_mut().zip(&delta[i]) {
                    *c ^= d;
                }
            }
            if !cur.iter().zip(draws).all(|(&m, d)| d.lo <= m && m <= d.hi) {
                continue;
            }
            let mut x = aff.x.clone();
            for (i, v) in aff.null.iter().enumerate() {
                if combo >> i & 1 == 1 {
                    x.xor_assign(v);
                }
            }
            let word = |k: usize| -> u64 {
                (0..64).fold(0, |acc, b| acc | (u64::from(x.get(k * 64 + b)) << b))
            };
            let (b0, b1) = (word(0), word(1));
            if let Some(next) = replay(a, b0, b1) {
                fits.push(Fit {
                    a,
                    s0: b0,
                    s1: b1,
                    next,
                });
            }
        }
    }
    // One alignment with several states: the draws leave unknowns free.
    let most = (1..=last_a)
        .map(|a| fits.iter().filter(|f| f.a == a).count())
        .max()
        .unwrap_or(0);
    if most > 1 {
        let more = ((most as f64).log2() / form.bits_per_draw())
            .ceil()
            .max(1.0) as usize;
        return Err(RecoverError::TooFewDraws {
            method: V8_METHOD,
            needed: needed.max(total + more),
            given: total,
        });
    }
    // The one-block class: the same draws with more values left in the block
    // start one step earlier per extra value.
    let block: Vec<(u64, u64)> = fits
        .iter()
        .filter(|f| f.a == total)
        .map(|f| (f.s0, f.s1))
        .collect();
    for (mut b0, mut b1) in block {
        for a in total + 1..=CACHE {
            xs128p_back(&mut b0, &mut b1);
            if let Some(next) = replay(a, b0, b1) {
                fits.push(Fit {
                    a,
                    s0: b0,
                    s1: b1,
                    next,
                });
            }
        }
    }
    let bits_per = form.bits_per_draw();
    if fits.is_empty() {
        if too_free > 0 {
            // The draws carried fewer linear bits than usual: more pin it down.
            let more = ((too_free - MAX_FREE) as f64 / form.linear_bits_per_draw()).ceil() as usize;
            return Err(RecoverError::TooFewDraws {
                method: V8_METHOD,
                needed: total + more.max(1),
                given: total,
            });
        }
        return Ok(not_found(
            "v8_math_random",
            V8_METHOD,
            needed,
            bits_per,
            STATE_BITS,
            total,
            format!("no xorshift128+ state and cache alignment produces these {what}"),
        ));
    }
    let e = surplus_evidence(bits_per, total);
    let state_words = |f: &Fit| vec![format!("{:016x}", f.s0), format!("{:016x}", f.s1)];
    if fits.len() == 1 {
        let mut f = fits.remove(0);
        f.next.truncate(predict);
        return Ok(StateReport {
            verdict: super::verdict_of(&e),
            prng: "v8_math_random".into(),
            method: V8_METHOD,
            draws_needed: needed,
            state: Some(state_words(&f)),
            seed: None,
            next: f.next.clone(),
            evidence: e,
            alternatives: Vec::new(),
            draws_to_decide: None,
            notes: vec![format!(
                "state (state0, state1) at the refill of the cache block holding the first draw; {} value(s) of that block were left when the first draw was taken; the draws are {what}",
                f.a
            )],
        });
    }
    fits.sort_by_key(|f| std::cmp::Reverse(f.a));
    // Predictions agree only until the earliest refill one of the fits puts next.
    let common = (0..ext)
        .take_while(|&i| fits.iter().all(|f| f.next[i] == fits[0].next[i]))
        .count();
    // The fewest further draws whose values differ between every two fits.
    let decide = (1..=ext).find(|&m| {
        let mut seen = std::collections::HashSet::new();
        fits.iter().all(|f| seen.insert(&f.next[..m]))
    });
    let common = common.min(predict);
    let one_block = fits.iter().all(|f| f.a >= total);
    let lowest = fits.iter().map(|f| f.a).min().unwrap_or(total);
    for f in &mut fits {
        f.next.truncate(predict);
    }
    let decide_text = decide.map_or_else(
        || format!("more than {ext} more draws decide"),
        |d| format!("{d} more draw(s) decide"),
    );
    let alternatives = fits
        .iter()
        .map(|f| StateCandidate {
            assumption: if f.a == CACHE {
                super::Assumption::FreshProcess
            } else {
                super::Assumption::CacheValuesLeft { values_left: f.a }
            },
            state: state_words(f),
            next: f.next.clone(),
        })
        .collect();
    let mut notes = vec![if one_block {
        format!(
            "{} cache alignments fit ({lowest} to {} values left in the block when the first draw was taken): the draws do not cross a cache refill (every 64 values), so {}; {decide_text} (the first one taken from a new cache block pins the alignment)",
            fits.len(),
            fits[0].a,
            if common == 0 {
                "every later draw depends on the alignment".to_string()
            } else {
                format!("the next {common} draw(s) are certain and later ones are not")
            },
        )
    } else {
        format!(
            "{} cache alignments fit these {what} ({lowest} to {} values left in the first draw's block: one skips a value the other serves across a refill); the next {common} draw(s) are certain; {decide_text}",
            fits.len(),
            fits[0].a,
        )
    }];
    if fits[0].a == CACHE {
        notes.push("the fresh-process candidate assumes the first draw given was the process's first Math.random() call (node -e; a script file consumes one value first)".into());
    }
    Ok(StateReport {
        verdict: Verdict::Ambiguous,
        prng: "v8_math_random".into(),
        method: V8_METHOD,
        draws_needed: needed,
        state: None,
        seed: None,
        next: fits[0].next[..common].to_vec(),
        evidence: e,
        alternatives,
        draws_to_decide: decide,
        notes,
    })
}

/// Evidence of a V8 fit: the draws' bits beyond the 128 state bits and the 6
/// alignment bits are the check a wrong state passes with probability
/// 2^-surplus; `draws_used` is the count whose bits the state and alignment
/// take up.
fn surplus_evidence(bits_per: f64, total: usize) -> super::Evidence {
    let bits_observed = bits_per * total as f64;
    let used = ((f64::from(STATE_BITS) + ALIGN_BITS) / bits_per)
        .ceil()
        .min(total as f64) as usize;
    let surplus = (bits_observed - f64::from(STATE_BITS) - ALIGN_BITS).max(0.0);
    super::Evidence {
        bits_observed,
        state_bits: STATE_BITS,
        draws_used: used,
        draws_confirmed: total - used,
        bits_confirmed: surplus,
        coincidence_probability: (-surplus).exp2(),
    }
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

    #[test]
    fn stepping_back_undoes_a_step() {
        let (mut a, mut b) = (0x0123_4567_89ab_cdefu64, 0xfedc_ba98_7654_3210u64);
        let (a0, b0) = (a, b);
        for _ in 0..100 {
            xs128p(&mut a, &mut b);
        }
        for _ in 0..100 {
            xs128p_back(&mut a, &mut b);
        }
        assert_eq!((a, b), (a0, b0));
    }

    #[test]
    fn draws_needed_follows_the_bits_of_each_draw() {
        assert_eq!(draws_needed(V8Form::Doubles), 4);
        assert_eq!(min_draws(V8Form::Doubles), 3);
        assert_eq!(one_block_rank_needs(52), 4);
        // log2(100) = 6.64 bits: ceil(154 / 6.64) = 24; 4.96 linear bits: ceil(116 / 4.96) = 24.
        assert_eq!(draws_needed(V8Form::Floor(100)), 24);
        // A power of two: every bit is linear; 10 x 16 bits leave the rank short.
        assert_eq!(draws_needed(V8Form::Floor(1 << 16)), 11);
        assert!((V8Form::Floor(256).linear_bits_per_draw() - 8.0).abs() < 1e-12);
    }
}
