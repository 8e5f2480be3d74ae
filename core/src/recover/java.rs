//! java.util.Random from `nextInt(n)` draws with n even: the low 17 + t bits
//! of the 48-bit LCG (2^t | n) form an LCG of their own, found by trying the
//! 2^17 unknown low bits against r mod 2^t; then the state's top 31 bits are
//! one of the 2^31/n values u = r + n j (the lifting idea of LattiCG and
//! SeedcrackerX); then one step back gives the seed.

use super::{
    evidence, inverse_mod_2_64, not_found, verdict_of, Method, Observed, RecoverError, StateReport,
};

/// The method's row.
pub(super) const METHOD: Method = Method {
    id: "lcg48_lift",
    covers: &[(
        "java_random",
        "nextInt(n) draws, n even",
        "ceil(17/t) + ceil((31-t)/log2(n/2^t)) + 4 nextInt(n) draws, 2^t || n (n = 1000: 15)",
    )],
    needs: None,
    run,
};

fn run(prng: &str, obs: &Observed, predict: usize) -> Option<Result<StateReport, RecoverError>> {
    match (prng, obs) {
        ("java_random", Observed::Ints { values, min, max }) => {
            Some(java_lift(values, *min, *max, predict))
        }
        _ => None,
    }
}

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
        alternatives: Vec::new(),
        draws_to_decide: None,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_text_is_iso() {
        assert_eq!(clock_text(1_763_683_200_123), "2025-11-21T00:00:00.123Z");
    }
}
