//! MT19937 from 624 consecutive 32-bit outputs: untempering (Matsumoto &
//! Nishimura 1998; the tempering is a bijection) gives 624 consecutive words of
//! the sequence, whose recurrence then predicts every later output.

use super::{as_u64, evidence, not_found, verdict_of, Method, Observed, RecoverError, StateReport};

/// The MT19937 generators whose raw 32-bit outputs the runtimes expose.
const MT_IDS: [&str; 4] = [
    "python_random",
    "mt19937",
    "numpy_randomstate",
    "ruby_random",
];

/// What the MT19937 methods need, in words (one text for both methods).
pub(super) const MT_NEEDS: &str = "624 raw 32-bit outputs (625+ to confirm); truncated to k bits: max(1256, 624 + ceil(624 (32 - k) / k) + 8) (k >= 16: 1256)";

/// The method's row.
pub(super) const METHOD: Method = Method {
    id: "mt_untemper",
    covers: &[
        (
            "python_random",
            "raw 32-bit outputs (getrandbits(32))",
            MT_NEEDS,
        ),
        ("mt19937", "raw 32-bit outputs (std::mt19937())", MT_NEEDS),
        (
            "numpy_randomstate",
            "raw 32-bit outputs (randint(2**32) / tomaxint)",
            MT_NEEDS,
        ),
        ("ruby_random", "raw 32-bit outputs (rand(2**32))", MT_NEEDS),
    ],
    needs: None,
    run,
};

/// Raw outputs, or integer draws in [0, 2^32 - 1], of an MT19937 runtime.
fn run(prng: &str, obs: &Observed, predict: usize) -> Option<Result<StateReport, RecoverError>> {
    if !MT_IDS.contains(&prng) {
        return None;
    }
    match obs {
        Observed::Raw(v) => Some(mt_untemper(prng, v, predict)),
        Observed::Ints {
            values,
            min: 0,
            max,
        } if *max == i64::from(u32::MAX) => Some(mt_untemper(prng, &as_u64(values), predict)),
        _ => None,
    }
}

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
        alternatives: Vec::new(),
        draws_to_decide: None,
        notes,
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
}
