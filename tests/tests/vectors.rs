//! Every registry source against vectors made by the real runtimes
//! (tests/vectors/*.jsonl; regenerate with `bash tests/vectors/oracles/gen.sh`).

use seedsieve_core::prng::RawStream;
use seedsieve_core::reduction::{Reducer, Reduction};
use seedsieve_core::registry::SourceId;
use seedsieve_core::sieve::emulate;
use seedsieve_tests::{all_vectors, Vector};
use std::collections::BTreeSet;

fn reduction_by_id(id: &str) -> Reduction {
    serde_json::from_value(serde_json::Value::String(id.to_string()))
        .unwrap_or_else(|e| panic!("reduction {id}: {e}"))
}

/// Maps the runtime's full-width call to our raw stream's form.
fn raw_as_call(v: &Vector, raw: u64) -> i128 {
    match (v.source.as_str(), v.reduction.as_str()) {
        ("java_random", _) => i128::from((raw >> 16) as u32),
        ("rand48", "raw31") => i128::from(raw >> 17),
        _ => i128::from(raw),
    }
}

#[test]
fn every_vector_matches_the_emulation() {
    let vectors = all_vectors();
    assert!(
        vectors.len() > 700,
        "expected the full vector set, found {}",
        vectors.len()
    );
    let mut failures = Vec::new();
    for v in &vectors {
        let src: SourceId = v.source.parse().expect("known source");
        let family = src.info().family;
        let seed = v.seed as i64 as u64;
        let got: Vec<i128> = if v.reduction.starts_with("raw") {
            let mut g = family.stream(seed);
            (0..v.values.len())
                .map(|_| raw_as_call(v, g.next_raw()))
                .collect()
        } else {
            let n = (v.max - i128::from(v.min) + 1) as u64;
            let r = Reducer::new(reduction_by_id(&v.reduction), src.raw_form(), n)
                .expect("reduction applies");
            emulate(family, &r, seed, v.values.len())
                .into_iter()
                .map(|x| i128::from(x) + i128::from(v.min))
                .collect()
        };
        if got != v.values {
            failures.push(format!(
                "{} seed {} {}: runtime {:?}\n  ours {:?}",
                v.source, v.seed, v.call, v.values, got
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} vectors differ:\n{}",
        failures.len(),
        vectors.len(),
        failures.join("\n")
    );
}

#[test]
fn every_source_and_reduction_has_runtime_vectors() {
    let vectors = all_vectors();
    let have: BTreeSet<(String, String)> = vectors
        .iter()
        .map(|v| (v.source.clone(), v.reduction.clone()))
        .collect();
    for info in seedsieve_core::registry::SOURCES {
        assert!(
            have.iter()
                .any(|(s, r)| s == info.id.id() && r.starts_with("raw")),
            "{}: no raw vectors",
            info.id
        );
        for (red, _) in info.reductions {
            assert!(
                have.contains(&(info.id.id().to_string(), red.id().to_string())),
                "{} {}: no vectors",
                info.id,
                red
            );
        }
    }
}
