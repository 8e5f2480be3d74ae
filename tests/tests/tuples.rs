//! Tuple draws: the sampling functions against the runtimes' own tuples
//! (tests/vectors/tuples/tuples.jsonl; `bash tests/vectors/oracles/gen.sh`), and
//! a sweep that recovers a seed from lottery tuples, in draw order and sorted.

use seedsieve_core::registry::SourceId;
use seedsieve_core::tuples::{sweep, TupleSampler};

#[derive(serde::Deserialize)]
struct Line {
    source: String,
    call: String,
    seed: i128,
    min: i64,
    max: i64,
    k: usize,
    tuples: Vec<Vec<i64>>,
}

fn lines() -> Vec<Line> {
    let text = std::fs::read_to_string(
        seedsieve_tests::vectors_dir()
            .join("tuples")
            .join("tuples.jsonl"),
    )
    .expect("tuple vectors");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect()
}

#[test]
fn every_sampler_matches_its_runtime() {
    let all = lines();
    assert!(all.len() >= 90, "{} lines", all.len());
    let mut failures = Vec::new();
    for l in &all {
        let src: SourceId = l.source.parse().expect("source");
        let ts = TupleSampler::new(src, l.min, l.max, l.k).expect("sampler");
        let mut g = src.info().family.stream(l.seed as i64 as u64);
        let (mut pool, mut t) = (Vec::new(), Vec::new());
        let got: Vec<Vec<i64>> = (0..l.tuples.len())
            .map(|_| {
                ts.sample(&mut g, &mut pool, &mut t);
                t.clone()
            })
            .collect();
        if got != l.tuples {
            failures.push(format!(
                "{} seed {}: {}\n  runtime {:?}\n  ours    {:?}",
                l.source, l.seed, l.call, l.tuples, got
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_lottery_seed_is_recovered_from_tuples_in_draw_order_and_sorted() {
    let all = lines();
    for (src, seed) in [
        ("python_random", 20_261_121i128),
        ("java_random", 20_261_121),
        ("php_mt_rand", 20_261_121),
    ] {
        let l = all
            .iter()
            .find(|l| l.source == src && l.seed == seed && l.k == 6 && l.max == 49)
            .expect("6 of 1..49 line");
        let s: SourceId = src.parse().expect("source");
        let ts = TupleSampler::new(s, 1, 49, 6).expect("sampler");
        for sorted in [false, true] {
            let mut obs: Vec<Vec<i64>> = l.tuples[..4].to_vec();
            let mut want: Vec<Vec<i64>> = l.tuples[4..8].to_vec();
            if sorted {
                obs.iter_mut().for_each(|t| t.sort_unstable());
                want.iter_mut().for_each(|t| t.sort_unstable());
            }
            // Offset 1: the program drew one tuple before the observed ones.
            let c = sweep(&ts, 20_200_000..20_300_000, &obs[1..], sorted, 2, 4, 2);
            assert_eq!(c.len(), 1, "{src} sorted={sorted}: {c:?}");
            assert_eq!(c[0].seed, 20_261_121);
            assert_eq!(c[0].offset, 1);
            assert_eq!(c[0].next, want, "{src} sorted={sorted}");
        }
    }
}

/// The command line: `--tuples` (and `--sorted`) on the runtime's own tuples of
/// java.util.Random / Collections.shuffle, JSON report, exit codes; a repeated
/// value is refused with its line.
#[test]
fn cli_tuples_json_exit_codes_and_bad_input() {
    let all = lines();
    let l = all
        .iter()
        .find(|l| l.source == "java_random" && l.seed == 20_261_121 && l.k == 6 && l.max == 49)
        .expect("line");
    let text: String = l.tuples[..3]
        .iter()
        .map(|t| {
            let mut t = t.clone();
            t.sort_unstable();
            format!(
                "{}\n",
                t.iter().map(i64::to_string).collect::<Vec<_>>().join(", ")
            )
        })
        .collect();
    let r = seedsieve_tests::scheduler(
        &[
            "submit",
            "--draws",
            "-",
            "--tuples",
            "--sorted",
            "--min",
            "1",
            "--max",
            "49",
            "--prng",
            "java_random",
            "--seed-range",
            "20261000..20262000",
            "--json",
            "--quiet",
        ],
        &text,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    assert_eq!(v["verdict"], "recovered", "{v}");
    assert_eq!(v["candidates"][0]["seed"], 20_261_121);
    let mut want = l.tuples[3].clone();
    want.sort_unstable();
    assert_eq!(v["candidates"][0]["next"][0], serde_json::json!(want));
    assert!(
        v["evidence"]["expected_false_candidates"]
            .as_f64()
            .expect("f64")
            < 1e-6
    );

    let none = seedsieve_tests::scheduler(
        &[
            "submit",
            "--draws",
            "-",
            "--tuples",
            "--min",
            "1",
            "--max",
            "49",
            "--prng",
            "php_mt_rand",
            "--seed-range",
            "0..3000",
            "--quiet",
        ],
        &text,
    );
    assert_eq!(none.code, 1, "{}", none.stderr);
    assert!(
        none.stdout.starts_with("verdict: not_found"),
        "{}",
        none.stdout
    );

    let bad = seedsieve_tests::scheduler(
        &[
            "submit", "--draws", "-", "--tuples", "--min", "1", "--max", "49", "--quiet",
        ],
        "1 2 3\n4 5 5\n",
    );
    assert_eq!(bad.code, 2, "{}", bad.stderr);
    assert!(
        bad.stderr.contains("<stdin>:2") && bad.stderr.contains("appears twice"),
        "{}",
        bad.stderr
    );
    assert!(!bad.stderr.contains("panicked"));
}
