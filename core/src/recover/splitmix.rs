//! SplitMix64 (and java.util.SplittableRandom with the default gamma) from raw
//! 64-bit outputs: the finalizer is a bijection, so one output gives the counter.

use super::{
    evidence, inverse_mod_2_64, not_found, verdict_of, Method, Observed, RecoverError, StateReport,
};
use crate::prng::modern::mix_stafford13 as splitmix_mix;

/// The method's row.
pub(super) const METHOD: Method = Method {
    id: "splitmix64_unmix",
    covers: &[
        (
            "java_splittable_random",
            "raw 64-bit outputs (nextLong())",
            SPLITMIX_NEEDS,
        ),
        ("splitmix64", "raw 64-bit outputs", SPLITMIX_NEEDS),
    ],
    needs: None,
    run,
};

const SPLITMIX_NEEDS: &str = "2 raw 64-bit outputs";

fn run(prng: &str, obs: &Observed, predict: usize) -> Option<Result<StateReport, RecoverError>> {
    match (prng, obs) {
        ("java_splittable_random" | "splitmix64", Observed::Raw(v)) => {
            Some(splitmix(prng, v, predict))
        }
        _ => None,
    }
}

fn unshift_xor_right(y: u64, k: u32) -> u64 {
    let mut x = y;
    let mut s = k;
    while s < 64 {
        x ^= y >> s;
        s += k;
    }
    x
}

/// The inverse of the SplitMix64 finalizer (Stafford's Mix13).
pub(super) fn splitmix_unmix(z: u64) -> u64 {
    let z = unshift_xor_right(z, 31);
    let z = z.wrapping_mul(inverse_mod_2_64(0x94d0_49bb_1331_11eb));
    let z = unshift_xor_right(z, 27);
    let z = z.wrapping_mul(inverse_mod_2_64(0xbf58_476d_1ce4_e5b9));
    unshift_xor_right(z, 30)
}

/// The SplitMix64 gamma.
pub(super) const GOLDEN: u64 = 0x9e37_79b9_7f4a_7c15;

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
        alternatives: Vec::new(),
        draws_to_decide: None,
        notes: vec!["seed = the value passed to new SplittableRandom(seed) (gamma 0x9e3779b97f4a7c15), assuming the first draw given is the first after seeding; a split() child has another gamma and is not covered".into()],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix_unmix_inverts_mix() {
        for x in [0u64, 1, GOLDEN, u64::MAX, 12345] {
            assert_eq!(splitmix_unmix(splitmix_mix(x)), x);
        }
    }
}
