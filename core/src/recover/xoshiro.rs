//! xoshiro256** (Blackman & Vigna 2018) from raw 64-bit outputs: the
//! scrambler is inverted to s1, four outputs give 256 linear equations. When
//! the state is four consecutive splitmix64 outputs (PHP's seeding, Vigna's
//! recommendation) the seed is recovered too.

use super::gf2::{Solution, Sym64, System};
use super::splitmix::{splitmix_unmix, GOLDEN};
use super::{
    evidence, inverse_mod_2_64, not_found, verdict_of, Method, Observed, RecoverError, StateReport,
};
use crate::prng::modern::{mix_stafford13 as splitmix_mix, Next64, Scrambler, Xoshiro256};

/// The method's row.
pub(super) const METHOD: Method = Method {
    id: "xoshiro256_gf2",
    covers: &[(
        "xoshiro256starstar",
        "raw 64-bit outputs",
        "6 raw 64-bit outputs",
    )],
    needs: None,
    run,
};

fn run(prng: &str, obs: &Observed, predict: usize) -> Option<Result<StateReport, RecoverError>> {
    match (prng, obs) {
        ("xoshiro256starstar", Observed::Raw(v)) => Some(xoshiro256ss(v, predict)),
        _ => None,
    }
}

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
        alternatives: Vec::new(),
        draws_to_decide: None,
        notes,
    })
}
