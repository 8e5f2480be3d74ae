//! State recovery: algebra on the outputs where brute force over seeds is
//! infeasible or needless (`scheduler submit --mode state`).
//!
//! One file per method, each with its [`Method`] row (id, the generators and
//! draw forms it covers, what it needs, its entry point); [`METHODS`] lists them
//! and every listing ([`STATE_SOURCES`], [`method_for`]) and the dispatch
//! ([`recover`]) read that table:
//!
//! - [`mt_untemper`]: MT19937 from 624 consecutive 32-bit outputs.
//! - [`mt_trunc`]: MT19937 from truncated outputs, by GF(2) linear algebra.
//! - [`java`]: java.util.Random from `nextInt(n)` draws with n even (lifting).
//! - [`v8`]: V8 `Math.random` (xorshift128+ behind its 64-entry cache).
//! - [`xoshiro`]: xoshiro256** from raw 64-bit outputs (and the splitmix64 seed).
//! - [`splitmix`]: SplitMix64 / java.util.SplittableRandom from raw outputs.
//! - [`gf2`]: symbolic words and a GF(2) solver for linear generators.
//!
//! Every method says how many draws it needs and refuses fewer. A state is
//! reported `recovered` only when draws beyond those the algebra used confirm
//! it, with the probability that the confirmation is a coincidence.

pub mod gf2;
pub mod java;
pub mod mt_trunc;
pub mod mt_untemper;
pub mod splitmix;
pub mod v8;
pub mod xoshiro;

pub use mt_untemper::untemper;

use serde::Serialize;

/// A state-recovery method: one row per method, in its own file.
#[derive(Clone, Copy)]
pub struct Method {
    /// The method's id (`StateReport::method`).
    pub id: &'static str,
    /// What it covers, in listing order: (generator id, draw form, draws it
    /// needs, in words). Generator ids are registry ids where they exist.
    pub covers: &'static [(&'static str, &'static str, &'static str)],
    /// What it needs, computed where a fixed text cannot say it (V8: per
    /// range of the floor draws); overrides the third field of `covers`.
    pub needs: Option<fn() -> String>,
    /// Runs the method on (generator id, draws, draws to predict); `None` when
    /// it does not take this generator with this draw form.
    pub run: fn(&str, &Observed, usize) -> Option<Result<StateReport, RecoverError>>,
}

/// Every method, in listing order (the order [`recover`] tries them; at most
/// one takes a given generator and draw form).
pub const METHODS: &[Method] = &[
    mt_untemper::METHOD,
    mt_trunc::METHOD,
    java::METHOD,
    v8::METHOD,
    xoshiro::METHOD,
    splitmix::METHOD,
];

const fn covered(methods: &[Method]) -> usize {
    let (mut n, mut m) = (0, 0);
    while m < methods.len() {
        n += methods[m].covers.len();
        m += 1;
    }
    n
}

const fn listing<const N: usize>(
    methods: &[Method],
) -> [(&'static str, &'static str, &'static str); N] {
    let mut out = [("", "", ""); N];
    let (mut m, mut k) = (0, 0);
    while m < methods.len() {
        let mut i = 0;
        while i < methods[m].covers.len() {
            let (id, form, _) = methods[m].covers[i];
            out[k] = (id, form, methods[m].id);
            k += 1;
            i += 1;
        }
        m += 1;
    }
    out
}

/// Generators that state mode knows, by id (registry ids where they exist):
/// (generator id, draw form, method id), from [`METHODS`].
pub const STATE_SOURCES: &[(&str, &str, &str)] = &listing::<{ covered(METHODS) }>(METHODS);

/// The state-recovery method for a generator id and the draws it needs, in
/// words, or `None`: (method id, draw form, needs) of the first method that
/// covers it.
pub fn method_for(id: &str) -> Option<(&'static str, &'static str, String)> {
    METHODS.iter().find_map(|m| {
        m.covers
            .iter()
            .find(|(i, _, _)| *i == id)
            .map(|(_, form, needs)| {
                (
                    m.id,
                    *form,
                    m.needs.map_or_else(|| (*needs).to_string(), |f| f()),
                )
            })
    })
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
    #[error("{method} needs at least {needed} draws; {given} given: give {} more", needed.saturating_sub(*given))]
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
    /// When several states fit (V8: several cache alignments), each of them
    /// with the assumption it rests on, the most common assumption first
    /// (a fresh process); empty when at most one fits.
    pub alternatives: Vec<StateCandidate>,
    /// With several `alternatives`: at most this many more draws single one
    /// out.
    pub draws_to_decide: Option<usize>,
    /// Remarks (alignment found, assumptions).
    pub notes: Vec<String>,
}

/// One of several states that fit the draws, under a stated assumption.
#[derive(Clone, Debug, Serialize)]
pub struct StateCandidate {
    /// What must hold for this state to be the generator's.
    pub assumption: Assumption,
    /// The state, hex words as in [`StateReport::state`].
    pub state: Vec<String>,
    /// The next draws under the assumption.
    pub next: Vec<String>,
}

/// The assumption a [`StateCandidate`] rests on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Assumption {
    /// V8: the first draw given was the process's first `Math.random()` call
    /// (a fresh 64-value cache; `node -e`, while a script file consumes one
    /// value first).
    FreshProcess,
    /// V8: `values_left` values of the first draw's cache block were left
    /// when it was taken (the first draw was not the process's first).
    CacheValuesLeft {
        /// Values left in the block, the first draw included (1..=63).
        values_left: usize,
    },
}

impl std::fmt::Display for Assumption {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Assumption::FreshProcess => write!(
                f,
                "fresh process: the first draw given was the process's first Math.random() call"
            ),
            Assumption::CacheValuesLeft { values_left } => write!(
                f,
                "{values_left} value(s) were left in the cache block when the first draw was taken"
            ),
        }
    }
}

pub(super) fn evidence(
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

pub(super) fn verdict_of(e: &Evidence) -> crate::report::Verdict {
    if e.coincidence_probability < 1e-6 {
        crate::report::Verdict::Recovered
    } else {
        crate::report::Verdict::Ambiguous
    }
}

pub(super) fn not_found(
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
        alternatives: Vec::new(),
        draws_to_decide: None,
        notes: vec![why],
    }
}

/// Runs the state-recovery method of `prng` on `obs`, predicting `predict` draws.
///
/// # Errors
/// [`RecoverError::Unsupported`] for a source or draw form without a method;
/// [`RecoverError::TooFewDraws`] with the number needed.
pub fn recover(prng: &str, obs: &Observed, predict: usize) -> Result<StateReport, RecoverError> {
    if let Some(r) = METHODS.iter().find_map(|m| (m.run)(prng, obs, predict)) {
        return r;
    }
    Err(RecoverError::Unsupported(format!(
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
    )))
}

pub(super) fn as_u64(v: &[i64]) -> Vec<u64> {
    v.iter().map(|&x| x as u64).collect()
}

/// The inverse of an odd `a` modulo 2^64 (Newton's iteration).
pub fn inverse_mod_2_64(a: u64) -> u64 {
    let mut x = a;
    for _ in 0..6 {
        x = x.wrapping_mul(2u64.wrapping_sub(a.wrapping_mul(x)));
    }
    x
}
