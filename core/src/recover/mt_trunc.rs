//! MT19937 from truncated outputs (only some bits of each tempered output seen:
//! CPython `getrandbits(k)` = top k bits, PHP `mt_rand()` = top 31 bits, numpy
//! `randint(0, 2^k)` and C++ `mt19937() % 2^k` = low k bits) by linear algebra
//! over GF(2).
//!
//! The unknowns are the unseen bits of the first 624 tempered outputs: output j
//! is `y_j = seen_j ^ sum u_{j,p} e_p`, so its untempered word `x_j =
//! untemper(y_j)` is affine in the unknowns (untempering is linear). Every later
//! word follows the recurrence `x_{k} = x_{k-227} ^ twist(x_{k-624}, x_{k-623})`
//! (Matsumoto and Nishimura 1998), which holds from any starting position, and
//! its seen bits give equations ([`Seen::needed`] says how many outputs that
//! takes); equations beyond the rank are checks: a wrong hypothesis passes each
//! with probability 1/2. Unknowns that stay free are tested against every
//! prediction: if one changes a prediction, the verdict is `ambiguous`.

use super::gf2::{Bits, System};
use super::mt_untemper::MT_NEEDS;
use super::{as_u64, evidence, not_found, untemper, Method, Observed, RecoverError, StateReport};
use crate::prng::mt::{temper, twist_word, N};

/// The method's row.
pub(super) const METHOD: Method = Method {
    id: "mt_truncated_gf2",
    covers: &[
        (
            "php_mt_rand",
            "mt_rand() outputs (the top 31 bits)",
            "1256 mt_rand() outputs (two generations of 624, + 8 checks)",
        ),
        (
            "python_random",
            "getrandbits(k) outputs, k < 32 (--raw --bits k)",
            MT_NEEDS,
        ),
        (
            "numpy_randomstate",
            "randint(0, 2^k) draws, k < 32 (the low k bits)",
            MT_NEEDS,
        ),
        (
            "mt19937",
            "g() % 2^k draws, k < 32 (the low k bits)",
            MT_NEEDS,
        ),
    ],
    needs: None,
    run,
};

/// Truncated outputs: CPython's `getrandbits(k)` and PHP's `mt_rand()` (top
/// bits), numpy `randint(0, 2^k)` and C++ `g() % 2^k` (low bits).
fn run(prng: &str, obs: &Observed, predict: usize) -> Option<Result<StateReport, RecoverError>> {
    let r = match (prng, obs) {
        (
            "python_random" | "mt19937" | "numpy_randomstate" | "ruby_random" | "php_mt_rand",
            Observed::TopBits { values, bits },
        ) if (1..32).contains(bits) => recover(prng, values, Seen::top(*bits), predict),
        // mt_rand() = genrand >> 1.
        (
            "php_mt_rand",
            Observed::Ints {
                values,
                min: 0,
                max: 2_147_483_647,
            },
        ) => recover(prng, &as_u64(values), Seen::top(31), predict),
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
            recover(prng, &as_u64(values), Seen::low(bits), predict)
        }
        _ => return None,
    };
    Some(r)
}

/// Which bits of each tempered 32-bit output are seen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Seen {
    /// Bits seen per output, 1..=31.
    pub bits: u32,
    /// The value is `y >> shift` masked to `bits` bits (top bits: 32 - bits; low: 0).
    pub shift: u32,
}

impl Seen {
    /// The top `bits` bits (`y >> (32 - bits)`).
    pub fn top(bits: u32) -> Self {
        Seen {
            bits,
            shift: 32 - bits,
        }
    }
    /// The low `bits` bits (`y & (2^bits - 1)`).
    pub fn low(bits: u32) -> Self {
        Seen { bits, shift: 0 }
    }
    fn mask(self) -> u32 {
        (((1u64 << self.bits) - 1) << self.shift) as u32
    }
    fn unknowns(self) -> usize {
        N * (32 - self.bits as usize)
    }
    /// Outputs the method needs: two generations of the recurrence (1248) and 8
    /// checks, or more when the seen bits cannot cover the unknowns by then
    /// (624 + ceil(unknowns / bits) + 8). One generation is not enough: output k
    /// reveals the unseen bits of output k - 623 only as it depends on them, so
    /// the next output stays 2^(32 - bits)-fold ambiguous until the second
    /// generation ties the words together.
    pub fn needed(self) -> usize {
        (2 * N + 8).max(N + self.unknowns().div_ceil(self.bits as usize) + 8)
    }
}

/// A 32-bit word whose bits are affine forms of the unknowns.
#[derive(Clone)]
struct AWord {
    b: Vec<Bits>,
    c: u32,
}

impl AWord {
    /// `self ^ ((self >> k) & m)` (k > 0) or `self ^ ((self << k) & m)` (k < 0).
    fn temper_step(&self, k: i32, m: u32) -> AWord {
        let mut out = self.clone();
        for i in 0..32i32 {
            if m >> i & 1 == 0 {
                continue;
            }
            let src = i + k; // >> k reads bit i + k; << k reads bit i - k (k < 0)
            if (0..32).contains(&src) {
                out.b[i as usize].xor_assign(&self.b[src as usize]);
            }
        }
        let cs = if k > 0 { self.c >> k } else { self.c << (-k) };
        out.c ^= cs & m;
        out
    }
    fn temper(&self) -> AWord {
        let y = self.temper_step(11, u32::MAX);
        let y = y.temper_step(-7, 0x9d2c_5680);
        let y = y.temper_step(-15, 0xefc6_0000);
        y.temper_step(18, u32::MAX)
    }
}

/// `twist_word(a, b, c)` on affine words: `c ^ (y >> 1) ^ (y & 1 ? 0x9908b0df : 0)`
/// with `y = (a & 0x80000000) | (b & 0x7fffffff)`.
fn twist(a: &AWord, b: &AWord, c: &AWord) -> AWord {
    let ybit = |i: usize| if i == 31 { &a.b[31] } else { &b.b[i] };
    let yc = (a.c & 0x8000_0000) | (b.c & 0x7fff_ffff);
    let mut out = c.clone();
    for i in 0..32 {
        if i < 31 {
            out.b[i].xor_assign(ybit(i + 1));
        }
        if 0x9908_b0df_u32 >> i & 1 == 1 {
            out.b[i].xor_assign(ybit(0));
        }
    }
    out.c ^= (yc >> 1) ^ if yc & 1 == 1 { 0x9908_b0df } else { 0 };
    out
}

/// Recovers the untempered words behind `values` (each output's seen bits) and
/// predicts `predict` further outputs in the same form.
pub fn recover(
    prng: &str,
    values: &[u64],
    seen: Seen,
    predict: usize,
) -> Result<StateReport, RecoverError> {
    let method = "mt_truncated_gf2";
    let needed = seen.needed();
    if values.len() < needed {
        return Err(RecoverError::TooFewDraws {
            method,
            needed,
            given: values.len(),
        });
    }
    let vmax = (1u64 << seen.bits) - 1;
    if let Some(bad) = values.iter().find(|&&v| v > vmax) {
        return Err(RecoverError::Unsupported(format!(
            "{bad} does not fit in {} bits",
            seen.bits
        )));
    }
    let mask = seen.mask();
    let free_pos: Vec<u32> = (0..32).filter(|p| mask >> p & 1 == 0).collect();
    let u = free_pos.len();
    let n = seen.unknowns();
    // untemper(e_p) for each unseen position p.
    let ut: Vec<u32> = free_pos.iter().map(|&p| untemper(1 << p)).collect();
    let mut x: Vec<AWord> = Vec::with_capacity(values.len());
    for (j, &v) in values[..N].iter().enumerate() {
        let known = (v as u32) << seen.shift;
        let mut b = vec![Bits::zero(n); 32];
        for (q, &w) in ut.iter().enumerate() {
            for (i, bi) in b.iter_mut().enumerate() {
                if w >> i & 1 == 1 {
                    bi.set(j * u + q, true);
                }
            }
        }
        x.push(AWord {
            b,
            c: untemper(known),
        });
    }
    let mut sys = System::new(n);
    for (k, &v) in values.iter().enumerate().skip(N) {
        let w = twist(&x[k - N], &x[k - N + 1], &x[k - N + 397]);
        let t = w.temper();
        let seen_y = (v as u32) << seen.shift;
        for i in 0..32 {
            if mask >> i & 1 == 1 {
                sys.push(t.b[i].clone(), (seen_y ^ t.c) >> i & 1 == 1);
            }
        }
        x.push(w);
    }
    let bits_per = f64::from(seen.bits);
    let Some(sol) = sys.solve_affine() else {
        return Ok(not_found(
            prng,
            method,
            needed,
            bits_per,
            19_937,
            values.len(),
            "no MT19937 state reproduces these truncated outputs".into(),
        ));
    };
    // Concrete words from an assignment of the unknowns, then the continuation.
    let words = |a: &Bits| -> Vec<u32> {
        x[..N]
            .iter()
            .map(|w| (0..32).fold(w.c, |acc, i| acc ^ (u32::from(w.b[i].dot(a)) << i)))
            .collect()
    };
    let run = |a: &Bits| -> (Vec<u32>, Vec<u64>) {
        let mut s = words(a);
        let total = values.len() + predict;
        while s.len() < total {
            let k = s.len();
            let w = twist_word(s[k - N], s[k - N + 1], s[k - N + 397]);
            s.push(w);
        }
        let out = s[values.len()..]
            .iter()
            .map(|&w| u64::from(temper(w) >> seen.shift) & vmax)
            .collect();
        (s, out)
    };
    let (state, next) = run(&sol.x);
    // Free unknowns that change a prediction make it uncertain.
    let uncertain = sol.null.iter().take(64).any(|v| {
        let mut a = sol.x.clone();
        a.xor_assign(v);
        run(&a).1 != next
    });
    let checks = sys.len().saturating_sub(sol.rank);
    let mut e = evidence(bits_per, 19_937, values.len(), 0, values.len());
    e.draws_confirmed = checks / seen.bits as usize;
    e.bits_confirmed = checks as f64;
    e.coincidence_probability = (-(checks as f64)).exp2();
    let mut notes = vec![format!(
        "{} unknown bits, {} equations, rank {}: {} equations check the solution",
        n,
        sys.len(),
        sol.rank,
        checks
    )];
    let verdict = if uncertain {
        notes.push(format!(
            "{} unknowns stay free and change the predictions: give more draws",
            sol.null.len()
        ));
        crate::report::Verdict::Ambiguous
    } else {
        if !sol.null.is_empty() {
            notes.push(format!(
                "{} unknowns stay free (bits of the first outputs that no later output depends on); the predictions do not depend on them",
                sol.null.len()
            ));
        }
        super::verdict_of(&e)
    };
    Ok(StateReport {
        verdict,
        prng: prng.to_string(),
        method,
        draws_needed: needed,
        state: Some(
            state[values.len() - N..values.len()]
                .iter()
                .map(|w| format!("{w:08x}"))
                .collect(),
        ),
        seed: None,
        next: if uncertain {
            Vec::new()
        } else {
            next.iter().map(u64::to_string).collect()
        },
        evidence: e,
        alternatives: Vec::new(),
        draws_to_decide: None,
        notes,
    })
}
