//! State recovery: algebra on the outputs where brute force over seeds is
//! infeasible or needless (`scheduler submit --mode state`).
//!
//! - [`gf2`]: symbolic words and a GF(2) solver for linear generators.
//! - MT19937 from 624 consecutive 32-bit outputs: untempering (Matsumoto &
//!   Nishimura 1998; the tempering is a bijection) gives 624 consecutive words
//!   of the sequence, whose recurrence then predicts every later output.
//! - java.util.Random from `nextInt(n)` draws with n even: the low 17 + t bits
//!   of the 48-bit LCG (2^t | n) form an LCG of their own, found by trying the
//!   2^17 unknown low bits against r mod 2^t; then the state's top 31 bits are
//!   one of the 2^31/n values u = r + n j (the lifting idea of LattiCG and
//!   SeedcrackerX); then one step back gives the seed.
//! - V8 `Math.random` (xorshift128+, 64-entry cache served last-in first-out;
//!   src/numbers/math-random.cc, src/base/utils/random-number-generator.h)
//!   from doubles: each gives the top 52 bits of state0; every cache alignment
//!   is tried as a GF(2) system.
//! - xoshiro256** (Blackman & Vigna 2018) from raw 64-bit outputs: the
//!   scrambler is inverted to s1, four outputs give 256 linear equations. When
//!   the state is four consecutive splitmix64 outputs (PHP's seeding, Vigna's
//!   recommendation) the seed is recovered too.
//!
//! Every method says how many draws it needs and refuses fewer. A state is
//! reported `recovered` only when draws beyond those the algebra used confirm
//! it, with the probability that the confirmation is a coincidence.

pub mod gf2;
pub mod mt_trunc;

use gf2::{Solution, Sym64, System};
use serde::Serialize;

/// Generators that state mode knows, by id (registry ids where they exist).
pub const STATE_SOURCES: &[(&str, &str, &str)] = &[
    (
        "python_random",
        "raw 32-bit outputs (getrandbits(32))",
        "mt_untemper",
    ),
    (
        "mt19937",
        "raw 32-bit outputs (std::mt19937())",
        "mt_untemper",
    ),
    (
        "numpy_randomstate",
        "raw 32-bit outputs (randint(2**32) / tomaxint)",
        "mt_untemper",
    ),
    (
        "ruby_random",
        "raw 32-bit outputs (rand(2**32))",
        "mt_untemper",
    ),
    (
        "php_mt_rand",
        "mt_rand() outputs (the top 31 bits)",
        "mt_truncated_gf2",
    ),
    (
        "python_random",
        "getrandbits(k) outputs, k < 32 (--raw --bits k)",
        "mt_truncated_gf2",
    ),
    (
        "numpy_randomstate",
        "randint(0, 2^k) draws, k < 32 (the low k bits)",
        "mt_truncated_gf2",
    ),
    (
        "mt19937",
        "g() % 2^k draws, k < 32 (the low k bits)",
        "mt_truncated_gf2",
    ),
    ("java_random", "nextInt(n) draws, n even", "lcg48_lift"),
    (
        "v8_math_random",
        "Math.random() doubles (--float)",
        "xorshift128plus_gf2",
    ),
    ("xoshiro256starstar", "raw 64-bit outputs", "xoshiro256_gf2"),
    (
        "java_splittable_random",
        "raw 64-bit outputs (nextLong())",
        "splitmix64_unmix",
    ),
    ("splitmix64", "raw 64-bit outputs", "splitmix64_unmix"),
];

/// The state-recovery method for a generator id and the draws it needs, in
/// words, or `None`.
pub fn method_for(id: &str) -> Option<(&'static str, &'static str, &'static str)> {
    let needs = match id {
        "python_random" | "mt19937" | "numpy_randomstate" | "ruby_random" => {
            "624 raw 32-bit outputs (625+ to confirm); truncated to k bits: max(1256, 624 + ceil(624 (32 - k) / k) + 8) (k >= 16: 1256)"
        }
        "php_mt_rand" => "1256 mt_rand() outputs (two generations of 624, + 8 checks)",
        "java_random" => {
            "ceil(17/t) + ceil((31-t)/log2(n/2^t)) + 4 nextInt(n) draws, 2^t || n (n = 1000: 15)"
        }
        "v8_math_random" => "6 doubles, or about 128 / (log2(n) - 1) + 6 floor(random() * n) draws; draws that cross a 64-value cache refill pin the alignment",
        "xoshiro256starstar" => "6 raw 64-bit outputs",
        "java_splittable_random" | "splitmix64" => "2 raw 64-bit outputs",
        _ => return None,
    };
    STATE_SOURCES
        .iter()
        .find(|(i, _, _)| *i == id)
        .map(|(_, form, method)| (*method, *form, needs))
}

/// The draws as given.
#[derive(Clone, Debug)]
pub enum Observed {
    /// Integers in [min, max] from the runtime's range function.
    Ints {
        /// The draws.
        values: Vec<i64>,
        /// Smallest value.
        min: i64,
        /// Largest value.
        max: i64,
    },
    /// The generator's raw outputs (32- or 64-bit, by generator).
    Raw(Vec<u64>),
    /// Floats in [0, 1) as the runtime printed them.
    Floats(Vec<f64>),
    /// The top `bits` bits of each raw 32-bit output (CPython `getrandbits(bits)`).
    TopBits {
        /// The values, each below 2^bits.
        values: Vec<u64>,
        /// Bits per value, 1..=31.
        bits: u32,
    },
}

impl Observed {
    /// Number of draws.
    pub fn len(&self) -> usize {
        match self {
            Observed::Ints { values, .. } => values.len(),
            Observed::Raw(v) => v.len(),
            Observed::Floats(v) => v.len(),
            Observed::TopBits { values, .. } => values.len(),
        }
    }
    /// Whether there is no draw.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Why state recovery cannot run.
#[derive(Debug, thiserror::Error)]
pub enum RecoverError {
    /// Fewer draws than the method needs.
    #[error("{method} needs at least {needed} draws; {given} given")]
    TooFewDraws {
        /// The method.
        method: &'static str,
        /// Draws needed.
        needed: usize,
        /// Draws given.
        given: usize,
    },
    /// The source or the draw form has no state-recovery method here.
    #[error("{0}")]
    Unsupported(String),
}

/// The evidence behind a verdict.
#[derive(Clone, Debug, Serialize)]
pub struct Evidence {
    /// Bits of information in all the draws.
    pub bits_observed: f64,
    /// Bits of state (or seed) the method solved for.
    pub state_bits: u32,
    /// Draws the algebra used.
    pub draws_used: usize,
    /// Later draws the recovered state predicted correctly.
    pub draws_confirmed: usize,
    /// Bits in the confirming draws.
    pub bits_confirmed: f64,
    /// Probability that a wrong state confirms by coincidence: 2^-bits_confirmed.
    pub coincidence_probability: f64,
}

/// The result of state mode.
#[derive(Clone, Debug, Serialize)]
pub struct StateReport {
    /// `recovered` (unique state, confirmed by later draws), `ambiguous` (a
    /// state fits but nothing confirms it) or `not_found`.
    pub verdict: crate::report::Verdict,
    /// The generator id.
    pub prng: String,
    /// The method.
    pub method: &'static str,
    /// Draws the method needs at least.
    pub draws_needed: usize,
    /// The recovered state at the first draw, hex words as the generator keeps them.
    pub state: Option<Vec<String>>,
    /// The seed, when the state can be stepped back to one (assuming no draws
    /// were consumed before the first one given).
    pub seed: Option<u64>,
    /// The next draws, in the form the draws were given.
    pub next: Vec<String>,
    /// The evidence.
    pub evidence: Evidence,
    /// Remarks (alignment found, assumptions).
    pub notes: Vec<String>,
}

fn evidence(
    bits_per: f64,
    state_bits: u32,
    used: usize,
    confirmed: usize,
    total: usize,
) -> Evidence {
    let bits_confirmed = bits_per * confirmed as f64;
    Evidence {
        bits_observed: bits_per * total as f64,
        state_bits,
        draws_used: used,
        draws_confirmed: confirmed,
        bits_confirmed,
        coincidence_probability: (-bits_confirmed).exp2(),
    }
}

fn verdict_of(e: &Evidence) -> crate::report::Verdict {
    if e.coincidence_probability < 1e-6 {
        crate::report::Verdict::Recovered
    } else {
        crate::report::Verdict::Ambiguous
    }
}

fn not_found(
    prng: &str,
    method: &'static str,
    needed: usize,
    bits_per: f64,
    state_bits: u32,
    total: usize,
    why: String,
) -> StateReport {
    StateReport {
        verdict: crate::report::Verdict::NotFound,
        prng: prng.to_string(),
        method,
        draws_needed: needed,
        state: None,
        seed: None,
        next: Vec::new(),
        evidence: evidence(bits_per, state_bits, 0, 0, total),
        notes: vec![why],
    }
}

/// Runs the state-recovery method of `prng` on `obs`, predicting `predict` draws.
///
/// # Errors
/// [`RecoverError::Unsupported`] for a source or draw form without a method;
/// [`RecoverError::TooFewDraws`] with the number needed.
pub fn recover(prng: &str, obs: &Observed, predict: usize) -> Result<StateReport, RecoverError> {
    match (prng, obs) {
        ("python_random" | "mt19937" | "numpy_randomstate" | "ruby_random", Observed::Raw(v)) => {
            mt_untemper(prng, v, predict)
        }
        (
            "python_random" | "mt19937" | "numpy_randomstate" | "ruby_random",
            Observed::Ints {
                values,
                min: 0,
                max,
            },
        ) if *max == i64::from(u32::MAX) => mt_untemper(
            prng,
            &values.iter().map(|&x| x as u64).collect::<Vec<_>>(),
            predict,
        ),
        (
            "python_random" | "mt19937" | "numpy_randomstate" | "ruby_random" | "php_mt_rand",
            Observed::TopBits { values, bits },
        ) if (1..32).contains(bits) => {
            mt_trunc::recover(prng, values, mt_trunc::Seen::top(*bits), predict)
        }
        // mt_rand() = genrand >> 1.
        (
            "php_mt_rand",
            Observed::Ints {
                values,
                min: 0,
                max: 2_147_483_647,
            },
        ) => mt_trunc::recover(prng, &as_u64(values), mt_trunc::Seen::top(31), predict),
        // randint(0, 2^k) (masked, no rejection) and g() % 2^k: the low k bits.
        (
            "mt19937" | "numpy_randomstate",
            Observed::Ints {
                values,
                min: 0,
                max,
            },
        ) if *max > 0 && *max < i64::from(u32::MAX) && (*max + 1).count_ones() == 1 => {
            let bits = (*max + 1).trailing_zeros();
            mt_trunc::recover(prng, &as_u64(values), mt_trunc::Seen::low(bits), predict)
        }
        ("java_random", Observed::Ints { values, min, max }) => {
            java_lift(values, *min, *max, predict)
        }
        ("v8_math_random", Observed::Floats(v)) => v8_doubles(v, predict),
        ("v8_math_random", Observed::Ints { values, min, max }) => {
            v8_floor(values, *min, *max, predict)
        }
        ("xoshiro256starstar", Observed::Raw(v)) => xoshiro256ss(v, predict),
        ("java_splittable_random" | "splitmix64", Observed::Raw(v)) => splitmix(prng, v, predict),
        _ => Err(RecoverError::Unsupported(format!(
            "no state-recovery method for {prng} with {} draws; methods: {}",
            match obs {
                Observed::Ints { .. } => "integer",
                Observed::Raw(_) => "raw",
                Observed::Floats(_) => "float",
                Observed::TopBits { .. } => "truncated raw",
            },
            STATE_SOURCES
                .iter()
                .map(|(id, form, _)| format!("{id} ({form})"))
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

fn as_u64(v: &[i64]) -> Vec<u64> {
    v.iter().map(|&x| x as u64).collect()
}

// ---------------------------------------------------------------- MT19937

/// Inverse of MT19937's tempering.
pub fn untemper(y: u32) -> u32 {
    let mut y = y ^ (y >> 18);
    y ^= (y << 15) & 0xefc6_0000;
    let mut t = y;
    for _ in 0..5 {
        t = y ^ ((t << 7) & 0x9d2c_5680);
    }
    y = t;
    y ^ (y >> 11) ^ (y >> 22)
}

fn mt_untemper(prng: &str, raw: &[u64], predict: usize) -> Result<StateReport, RecoverError> {
    const N: usize = 624;
    let method = "mt_untemper";
    if raw.len() < N {
        return Err(RecoverError::TooFewDraws {
            method,
            needed: N,
            given: raw.len(),
        });
    }
    if let Some(bad) = raw.iter().find(|&&x| x > u64::from(u32::MAX)) {
        return Err(RecoverError::Unsupported(format!(
            "{bad} is not a 32-bit output"
        )));
    }
    let mut x: Vec<u32> = raw[..N].iter().map(|&v| untemper(v as u32)).collect();
    let next_word =
        |x: &Vec<u32>, k: usize| -> u32 { crate::prng::mt::twist_word(x[k], x[k + 1], x[k + 397]) };
    let mut confirmed = 0;
    for (j, &want) in raw.iter().enumerate().skip(N) {
        let w = next_word(&x, j - N);
        x.push(w);
        if u64::from(crate::prng::mt::temper(w)) != want {
            return Ok(not_found(
                prng,
                method,
                N,
                32.0,
                19_937,
                raw.len(),
                format!(
                    "draw {} is not the MT19937 continuation of the 624 before it",
                    j + 1
                ),
            ));
        }
        confirmed += 1;
    }
    let next: Vec<String> = (0..predict)
        .map(|i| {
            let k = raw.len() + i;
            let w = next_word(&x, k - N);
            x.push(w);
            crate::prng::mt::temper(w).to_string()
        })
        .collect();
    let e = evidence(32.0, 19_937, N, confirmed, raw.len());
    let mut notes = vec![
        "any 624 32-bit words are some MT19937 state: only draws past the 624th confirm"
            .to_string(),
    ];
    if confirmed == 0 {
        notes.push("give more than 624 draws to confirm the state".into());
    }
    Ok(StateReport {
        verdict: verdict_of(&e),
        prng: prng.to_string(),
        method,
        draws_needed: N,
        state: Some(x[..N].iter().map(|w| format!("{w:08x}")).collect()),
        seed: None,
        next,
        evidence: e,
        notes,
    })
}

// ---------------------------------------------------------------- java.util.Random

const JA: u64 = 0x5_DEEC_E66D;
const JC: u64 = 0xB;
const M48: u64 = (1 << 48) - 1;

fn java_step(s: u64) -> u64 {
    s.wrapping_mul(JA).wrapping_add(JC) & M48
}

/// `nextInt(n)` from state `s` (n not a power of two): the draw and the state after.
fn java_next_int(mut s: u64, n: u64) -> (u64, u64) {
    loop {
        s = java_step(s);
        let bits = (s >> 17) as i32;
        let val = bits % n as i32;
        if bits.wrapping_sub(val).wrapping_add(n as i32 - 1) >= 0 {
            return (val as u64, s);
        }
    }
}

fn java_lift(
    values: &[i64],
    min: i64,
    max: i64,
    predict: usize,
) -> Result<StateReport, RecoverError> {
    let method = "lcg48_lift";
    let n = (max as i128 - min as i128 + 1) as u64;
    if n < 2 || n > i32::MAX as u64 {
        return Err(RecoverError::Unsupported(format!(
            "nextInt(n) needs 2 <= n < 2^31; got n = {n}"
        )));
    }
    let t = n.trailing_zeros();
    if t == 0 || n.is_power_of_two() {
        return Err(RecoverError::Unsupported(format!(
            "java_random state recovery here needs nextInt(n) with n even and not a power of two (n = {n}); odd n and powers of two need the lattice method, not in this build"
        )));
    }
    let t = t.min(17);
    let odd_bits = ((n >> t) as f64).log2();
    let needed = 17usize.div_ceil(t as usize) + ((31 - t) as f64 / odd_bits).ceil() as usize + 4;
    if values.len() < needed {
        return Err(RecoverError::TooFewDraws {
            method,
            needed,
            given: values.len(),
        });
    }
    let r: Vec<u64> = values.iter().map(|&v| (v - min) as u64).collect();
    // Stage 1: bits 0..17+t of the state at draw 0 (after its step) evolve alone.
    let l = 17 + t;
    let lmask = (1u64 << l) - 1;
    let tmask = (1u64 << t) - 1;
    let mut lows = Vec::new();
    for low17 in 0..1u64 << 17 {
        let mut s = low17 | ((r[0] & tmask) << 17);
        let ok = r[1..].iter().take(24).all(|&rj| {
            s = (s.wrapping_mul(JA).wrapping_add(JC)) & lmask;
            (s >> 17) & tmask == rj & tmask
        });
        if ok {
            lows.push(low17);
        }
    }
    // Stage 2: u0 = state >> 17 is one of r0 + n j.
    let mut found: Vec<u64> = Vec::new();
    for &low17 in &lows {
        let mut u0 = r[0];
        while u0 < 1 << 31 {
            let s0 = (u0 << 17) | low17;
            let mut s = s0;
            let ok = r[1..].iter().all(|&rj| {
                let (v, s2) = java_next_int(s, n);
                s = s2;
                v == rj
            });
            if ok {
                found.push(s0);
            }
            u0 += n;
        }
    }
    let total = r.len();
    let bits = (n as f64).log2();
    let used = needed - 4;
    if found.len() != 1 {
        return Ok(not_found(
            "java_random",
            method,
            needed,
            bits,
            48,
            total,
            if found.is_empty() {
                "no 48-bit state produces these nextInt draws".into()
            } else {
                format!("{} states fit: give more draws", found.len())
            },
        ));
    }
    let s0 = found[0];
    // Step back: s0 = a x0 + c, x0 = (seed ^ a) mod 2^48.
    let a_inv = inverse_mod_2_64(JA) & M48;
    let x0 = (s0.wrapping_sub(JC)).wrapping_mul(a_inv) & M48;
    let seed = x0 ^ JA;
    let mut s = s0;
    for _ in 1..total {
        s = java_next_int(s, n).1;
    }
    let next = (0..predict)
        .map(|_| {
            let (v, s2) = java_next_int(s, n);
            s = s2;
            (v as i64 + min).to_string()
        })
        .collect();
    let e = evidence(bits, 48, used, total - used, total);
    Ok(StateReport {
        verdict: verdict_of(&e),
        prng: "java_random".into(),
        method,
        draws_needed: needed,
        state: Some(vec![format!("{s0:012x}")]),
        seed: Some(seed),
        next,
        evidence: e,
        notes: vec![format!(
            "seed = the low 48 bits of the value passed to new Random(seed), assuming the first draw given is the first nextInt after seeding; as a millisecond clock value it is {}",
            clock_text(seed)
        )],
    })
}

fn clock_text(ms: u64) -> String {
    let secs = ms / 1000;
    let days = secs / 86_400;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    let rem = secs % 86_400;
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / 3600,
        rem / 60 % 60,
        rem % 60,
        ms % 1000
    )
}

/// The inverse of an odd `a` modulo 2^64 (Newton's iteration).
pub fn inverse_mod_2_64(a: u64) -> u64 {
    let mut x = a;
    for _ in 0..6 {
        x = x.wrapping_mul(2u64.wrapping_sub(a.wrapping_mul(x)));
    }
    x
}

// ---------------------------------------------------------------- V8 Math.random

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

// ---------------------------------------------------------------- xoshiro256**

use crate::prng::modern::{mix_stafford13 as splitmix_mix, Next64, Scrambler, Xoshiro256};

fn unshift_xor_right(y: u64, k: u32) -> u64 {
    let mut x = y;
    let mut s = k;
    while s < 64 {
        x ^= y >> s;
        s += k;
    }
    x
}

fn splitmix_unmix(z: u64) -> u64 {
    let z = unshift_xor_right(z, 31);
    let z = z.wrapping_mul(inverse_mod_2_64(0x94d0_49bb_1331_11eb));
    let z = unshift_xor_right(z, 27);
    let z = z.wrapping_mul(inverse_mod_2_64(0xbf58_476d_1ce4_e5b9));
    unshift_xor_right(z, 30)
}

const GOLDEN: u64 = 0x9e37_79b9_7f4a_7c15;

fn xoshiro256ss(raw: &[u64], predict: usize) -> Result<StateReport, RecoverError> {
    let method = "xoshiro256_gf2";
    const USE: usize = 4;
    let needed = USE + 2;
    if raw.len() < needed {
        return Err(RecoverError::TooFewDraws {
            method,
            needed,
            given: raw.len(),
        });
    }
    let (inv9, inv5) = (inverse_mod_2_64(9), inverse_mod_2_64(5));
    let n = 256;
    let mut s: Vec<Sym64> = (0..4).map(|i| Sym64::var(n, 64 * i)).collect();
    let mut sys = System::new(n);
    for &o in raw.iter().take(USE) {
        let s1 = o.wrapping_mul(inv9).rotate_right(7).wrapping_mul(inv5);
        sys.push_word(&s[1], s1, !0);
        let t = s[1].shl(17);
        s[2] = s[2].xor(&s[0]);
        s[3] = s[3].xor(&s[1]);
        s[1] = s[1].xor(&s[2]);
        s[0] = s[0].xor(&s[3]);
        s[2] = s[2].xor(&t);
        s[3] = s[3].rotl(45);
    }
    let total = raw.len();
    let x = match sys.solve() {
        Solution::Unique(x) => x,
        other => {
            return Ok(not_found(
                "xoshiro256starstar",
                method,
                needed,
                64.0,
                256,
                total,
                format!("the linear system is {other:?}"),
            ))
        }
    };
    let word =
        |k: usize| -> u64 { (0..64).fold(0, |acc, b| acc | (u64::from(x.get(k * 64 + b)) << b)) };
    let state0 = [word(0), word(1), word(2), word(3)];
    let mut st = Xoshiro256 {
        s: state0,
        scrambler: Scrambler::StarStar,
    };
    for (j, &o) in raw.iter().enumerate() {
        if st.next64() != o {
            return Ok(not_found(
                "xoshiro256starstar",
                method,
                needed,
                64.0,
                256,
                total,
                format!("draw {} does not follow", j + 1),
            ));
        }
    }
    let next = (0..predict).map(|_| st.next64().to_string()).collect();
    // Seeded by splitmix64? s[i] = mix(seed + (i + 1) * golden).
    let base = splitmix_unmix(state0[0]).wrapping_sub(GOLDEN);
    let seeded = (0..4)
        .all(|i| splitmix_mix(base.wrapping_add((i as u64 + 1).wrapping_mul(GOLDEN))) == state0[i]);
    let e = evidence(64.0, 256, USE, total - USE, total);
    let mut notes = Vec::new();
    if seeded {
        notes.push("the state is four consecutive splitmix64 outputs: seed recovered (PHP Random\\Engine\\Xoshiro256StarStar(int), Vigna's seeding)".into());
    }
    Ok(StateReport {
        verdict: verdict_of(&e),
        prng: "xoshiro256starstar".into(),
        method,
        draws_needed: needed,
        state: Some(state0.iter().map(|w| format!("{w:016x}")).collect()),
        seed: seeded.then_some(base),
        next,
        evidence: e,
        notes,
    })
}

// ---------------------------------------------------------------- splitmix64

/// SplitMix64 (Steele, Lea & Flood 2014; java.util.SplittableRandom with the
/// default gamma): output = mix(x += golden). The mix is a bijection, so one
/// output gives the counter and every later output.
fn splitmix(prng: &str, raw: &[u64], predict: usize) -> Result<StateReport, RecoverError> {
    let method = "splitmix64_unmix";
    let needed = 2;
    if raw.len() < needed {
        return Err(RecoverError::TooFewDraws {
            method,
            needed,
            given: raw.len(),
        });
    }
    let x1 = splitmix_unmix(raw[0]);
    let at = |j: usize| splitmix_mix(x1.wrapping_add((j as u64).wrapping_mul(GOLDEN)));
    if let Some(j) = (1..raw.len()).find(|&j| at(j) != raw[j]) {
        return Ok(not_found(
            prng,
            method,
            needed,
            64.0,
            64,
            raw.len(),
            format!("draw {} does not follow", j + 1),
        ));
    }
    let e = evidence(64.0, 64, 1, raw.len() - 1, raw.len());
    Ok(StateReport {
        verdict: verdict_of(&e),
        prng: prng.to_string(),
        method,
        draws_needed: needed,
        state: Some(vec![format!("{x1:016x}")]),
        seed: Some(x1.wrapping_sub(GOLDEN)),
        next: (raw.len()..raw.len() + predict).map(|j| at(j).to_string()).collect(),
        evidence: e,
        notes: vec!["seed = the value passed to new SplittableRandom(seed) (gamma 0x9e3779b97f4a7c15), assuming the first draw given is the first after seeding; a split() child has another gamma and is not covered".into()],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn untemper_inverts_temper() {
        for x in [0u32, 1, 0xdead_beef, u32::MAX, 0x8000_0000, 123_456_789] {
            assert_eq!(untemper(crate::prng::mt::temper(x)), x);
        }
    }

    #[test]
    fn splitmix_unmix_inverts_mix() {
        for x in [0u64, 1, GOLDEN, u64::MAX, 12345] {
            assert_eq!(splitmix_unmix(splitmix_mix(x)), x);
        }
    }

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
    fn clock_text_is_iso() {
        assert_eq!(clock_text(1_763_683_200_123), "2025-11-21T00:00:00.123Z");
    }
}
