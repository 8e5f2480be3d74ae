//! `scheduler assess` through the real binary: planted predictable sources are
//! caught (by the estimators or by the sieve), cryptographic and OS-entropy
//! draws come out near log2(n) with no predictor above chance, and bad input
//! exits 2 with a message naming what is wrong.

use rand_chacha::rand_core::{Rng, SeedableRng};
use rand_chacha::ChaCha20Rng;
use seedsieve_core::reduction::Reduction;
use seedsieve_core::registry::SourceId;
use seedsieve_tests::{assert_bad, plant, scheduler, Run};
use serde_json::Value;

/// `scheduler assess --quiet --json ARGS` with `stdin`; the parsed report.
fn assess_json(args: &[&str], stdin: &str) -> (Run, Value) {
    let mut a = vec!["assess", "--quiet", "--json"];
    a.extend_from_slice(args);
    let r = scheduler(&a, stdin);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout)
        .unwrap_or_else(|e| panic!("JSON report ({e}): {}\nstderr: {}", r.stdout, r.stderr));
    (r, v)
}

fn lines(values: impl IntoIterator<Item = i64>) -> String {
    values.into_iter().map(|v| format!("{v}\n")).collect()
}

fn f(v: &Value, path: &str) -> f64 {
    v.pointer(path)
        .and_then(Value::as_f64)
        .unwrap_or_else(|| panic!("{path} missing in {v}"))
}

fn s<'a>(v: &'a Value, path: &str) -> &'a str {
    v.pointer(path)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("{path} missing in {v}"))
}

/// Min-entropy per draw of each literal predictor.
fn literal_predictors(v: &Value) -> Vec<(String, f64)> {
    v["estimates"]
        .as_array()
        .expect("estimates")
        .iter()
        .filter(|l| l["track"] == "literal")
        .filter(|l| {
            matches!(
                l["estimator"].as_str(),
                Some("multi_mcw" | "lag" | "multi_mmc" | "lz78y")
            )
        })
        .map(|l| {
            (
                l["estimator"].as_str().unwrap_or("").to_string(),
                f(l, "/per_draw"),
            )
        })
        .collect()
}

fn tmp_file(name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("seedsieve-assess-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let p = dir.join(name);
    std::fs::write(&p, bytes).expect("temp file");
    p
}

#[test]
fn lcg_low_byte_is_caught_by_the_predictors() {
    // The low byte of a 32-bit LCG's state (glibc's constants): period 256, each
    // byte a function of the one before.
    let mut x = 1u32;
    let draws = lines((0..20_000).map(|_| {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        i64::from(x & 0xff)
    }));
    let (r, v) = assess_json(
        &["--draws", "-", "--min", "0", "--max", "255", "--no-sieve"],
        &draws,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(s(&v, "/verdict"), "predictable");
    assert!(f(&v, "/min_entropy_per_draw") < 0.1, "{v}");
    assert!(f(&v, "/best_predictor/p_global") > 0.95, "{v}");
    // The predicted next draw is the LCG's next low byte.
    let next = i64::from(x.wrapping_mul(1_103_515_245).wrapping_add(12_345) & 0xff);
    assert_eq!(
        v.pointer("/prediction/steps/0/values/0/value")
            .and_then(Value::as_i64),
        Some(next)
    );
    assert!(
        s(&v, "/verdict_line").contains("predicts the next draw"),
        "{v}"
    );
    assert!(s(&v, "/verdict_line").contains("partial"), "{v}");
}

#[test]
fn biased_bits_are_caught() {
    // Bits with P(1) = 0.6, from ChaCha20.
    let mut rng = ChaCha20Rng::seed_from_u64(7);
    let draws =
        lines((0..50_000).map(|_| i64::from(rng.next_u32() < (0.6 * 4_294_967_296.0) as u32)));
    let (r, v) = assess_json(
        &["--draws", "-", "--min", "0", "--max", "1", "--no-sieve"],
        &draws,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(s(&v, "/verdict"), "predictable");
    let h = f(&v, "/min_entropy_per_draw");
    // -log2(0.6) = 0.737; the 99% bounds and the conservative compression
    // estimate (6.3.4) put the assessed figure below it.
    assert!(h > 0.4 && h < 0.737, "{h}");
    let mcv = f(&v, "/assessment/literal/most_common_value/min_entropy");
    assert!(mcv > 0.7 && mcv < 0.737, "{mcv}");
    let p = f(&v, "/best_predictor/p_global");
    assert!((p - 0.6).abs() < 0.01, "{p}");
    assert_eq!(
        v.pointer("/prediction/steps/0/values/0/value")
            .and_then(Value::as_i64),
        Some(1)
    );
}

#[test]
fn glibc_rand_r_mod_16_seed_is_recovered_by_the_sieve() {
    let draws = plant(
        SourceId::GlibcRandR,
        Reduction::Mod,
        20_260_101,
        0,
        15,
        0,
        0,
        5_000,
    );
    let (r, v) = assess_json(
        &[
            "--draws",
            "-",
            "--min",
            "0",
            "--max",
            "15",
            "--prng",
            "glibc_rand_r",
            "--seed-range",
            "20000000..20500000",
            "--predict",
            "5",
        ],
        &lines(draws.iter().copied()),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(s(&v, "/verdict"), "recovered");
    assert_eq!(f(&v, "/min_entropy_per_draw"), 0.0);
    assert!(
        s(&v, "/verdict_line").starts_with("0.00 bits/draw: glibc_rand_r seed 20260101 recovered"),
        "{}",
        s(&v, "/verdict_line")
    );
    let more = plant(
        SourceId::GlibcRandR,
        Reduction::Mod,
        20_260_101,
        0,
        15,
        0,
        0,
        5_005,
    );
    let steps = v
        .pointer("/prediction/steps")
        .and_then(Value::as_array)
        .expect("steps");
    assert_eq!(steps.len(), 5);
    for (i, st) in steps.iter().enumerate() {
        assert_eq!(st["values"][0]["value"].as_i64(), Some(more[5_000 + i]));
        assert_eq!(st["values"][0]["share"].as_f64(), Some(1.0));
    }
    // The estimators ran too: 5,000 samples is below the standard's 10^6.
    assert!(v["estimates"].as_array().is_some_and(|e| e.len() >= 10));
    assert!(v["notes"].to_string().contains("partial assessment"));
}

#[test]
fn php_mt_rand_seed_is_recovered_in_the_human_report() {
    let draws = plant(
        SourceId::PhpMtRand,
        Reduction::Range32,
        3_141_592_653,
        0,
        999,
        0,
        0,
        2_000,
    );
    let r = scheduler(
        &[
            "assess",
            "--quiet",
            "--draws",
            "-",
            "--min",
            "0",
            "--max",
            "999",
            "--prng",
            "php_mt_rand",
            "--seed-range",
            "3141500000..3141600000",
        ],
        &lines(draws),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("verdict: 0.00 bits/draw: php_mt_rand seed 3141592653 recovered"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("6.3.10"), "{}", r.stdout);
}

#[test]
fn chacha20_draws_come_out_near_log2_n() {
    let mut rng = ChaCha20Rng::seed_from_u64(2026);
    let draws = lines((0..200_000).map(|_| i64::from(rng.next_u32() % 1000)));
    let (r, v) = assess_json(
        &["--draws", "-", "--min", "0", "--max", "999", "--no-sieve"],
        &draws,
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(s(&v, "/verdict"), "chance");
    let log2n = 1000f64.log2();
    assert_eq!(f(&v, "/input/log2_range"), log2n);
    assert_eq!(f(&v, "/input/bits_per_symbol"), 10.0);
    for (e, h) in literal_predictors(&v) {
        assert!(h > log2n - 0.3, "{e}: {h}");
    }
    assert_eq!(
        v.pointer("/best_predictor/beats_chance"),
        Some(&Value::Bool(false))
    );
    // The most common value's 99% bound costs about 0.6 bits at 200,000 draws.
    assert!(f(&v, "/assessment/h_original") > log2n - 0.65, "{v}");
    // SP 800-90B's bit-string compression estimate puts ideal data at 0.85-0.9
    // bits per bit (the 10-bit encoding of 0..999 is not uniform over 1024):
    // the final estimate is that, not log2(n).
    assert!(f(&v, "/min_entropy_per_draw") > 0.8 * log2n, "{v}");
    assert!(s(&v, "/verdict_line").contains("no estimator predicts better than chance"));
    assert!(v["notes"].to_string().contains("wider than SP 800-90B"));
}

#[test]
fn os_entropy_bytes_come_out_near_log2_n() {
    let mut bytes = vec![0u8; 200_000];
    let mut f_in = std::fs::File::open("/dev/urandom").expect("/dev/urandom");
    std::io::Read::read_exact(&mut f_in, &mut bytes).expect("urandom read");
    let p = tmp_file("urandom.bin", &bytes);
    let path = p.to_str().expect("utf-8 temp path");
    let (r, v) = assess_json(&["--bytes", path, "--no-sieve"], "");
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(s(&v, "/verdict"), "chance");
    for (e, h) in literal_predictors(&v) {
        assert!(h > 7.7, "{e}: {h}");
    }
    // The bit-string compression estimate (6.3.4) puts ideal bytes at 0.84-0.86
    // bits per bit at 200,000 samples (0.90 at 10^6): the final figure is that.
    assert!(f(&v, "/min_entropy_per_draw") > 0.8 * 8.0, "{v}");
}

#[test]
fn bad_input_exits_2_with_a_message() {
    let wide = tmp_file("wide.bin", &[1, 2, 3, 0x10, 4]);
    let wide = wide.to_str().expect("utf-8");
    assert_bad(
        &scheduler(
            &[
                "assess",
                "--bytes",
                wide,
                "--bits-per-symbol",
                "4",
                "--no-sieve",
            ],
            "",
        ),
        &["byte 3", "sample 16 does not fit in 4-bit symbols"],
    );
    assert_bad(
        &scheduler(
            &[
                "assess",
                "--draws",
                "-",
                "--min",
                "0",
                "--max",
                "99",
                "--bits-per-symbol",
                "4",
                "--no-sieve",
            ],
            "1\n2\n50\n",
        ),
        &["line 3", "sample 50 does not fit in 4-bit symbols"],
    );
    let empty = tmp_file("empty.bin", &[]);
    assert_bad(
        &scheduler(
            &[
                "assess",
                "--bytes",
                empty.to_str().expect("utf-8"),
                "--no-sieve",
            ],
            "",
        ),
        &["no samples"],
    );
    assert_bad(
        &scheduler(
            &[
                "assess",
                "--draws",
                "-",
                "--min",
                "0",
                "--max",
                "9",
                "--no-sieve",
            ],
            "",
        ),
        &["no draws"],
    );
    assert_bad(
        &scheduler(
            &[
                "assess",
                "--draws",
                "-",
                "--min",
                "0",
                "--max",
                "9",
                "--no-sieve",
            ],
            "7\n7\n7\n",
        ),
        &["all 3 samples are the one symbol 7"],
    );
    assert_bad(
        &scheduler(
            &[
                "assess",
                "--draws",
                "-",
                "--min",
                "0",
                "--max",
                "100000",
                "--no-sieve",
            ],
            "1\n2\n",
        ),
        &["needs 17 bits"],
    );
    // A file far over the limit is refused before it is read (sparse: no disk used).
    let huge = tmp_file("huge.bin", &[]);
    std::fs::File::options()
        .write(true)
        .open(&huge)
        .and_then(|f| f.set_len(8 << 30))
        .expect("sparse file");
    let huge = huge.to_str().expect("utf-8");
    assert_bad(
        &scheduler(&["assess", "--bytes", huge, "--no-sieve"], ""),
        &["over the assessment limit", "assess a prefix"],
    );
    assert_bad(
        &scheduler(
            &[
                "assess",
                "--draws",
                huge,
                "--min",
                "0",
                "--max",
                "9",
                "--no-sieve",
            ],
            "",
        ),
        &["byte limit of a draw file"],
    );
    assert_bad(
        &scheduler(&["assess", "--draws", "-", "--no-sieve"], "1\n"),
        &["--min and --max"],
    );
}

#[test]
fn few_samples_run_and_say_so() {
    let draws = lines((0..300).map(|i| (i * 7919 % 97) as i64));
    let (r, v) = assess_json(
        &["--draws", "-", "--min", "0", "--max", "96", "--no-sieve"],
        &draws,
    );
    assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
    let notes = v["notes"].to_string();
    assert!(notes.contains("partial assessment: 300 samples"), "{notes}");
    assert!(
        notes.contains("MultiMCW Prediction (6.3.7) did not run"),
        "{notes}"
    );
    assert!(s(&v, "/verdict_line").contains("partial: 300 samples"));
}

/// glibc `rand_r() % 16` returns bits 16-19 of a 32-bit LCG state, a sequence
/// of period 2^20: past one period the estimators alone see it (LRS, t-tuple,
/// MultiMMC), without the sieve.
#[test]
#[ignore = "slow tier: 1,100,000 draws (more than one 2^20 period) through the full assessment"]
fn glibc_rand_r_mod_16_is_caught_by_the_estimators_past_one_period() {
    let draws = plant(
        SourceId::GlibcRandR,
        Reduction::Mod,
        1,
        0,
        15,
        0,
        0,
        1_100_000,
    );
    let (r, v) = assess_json(
        &["--draws", "-", "--min", "0", "--max", "15", "--no-sieve"],
        &lines(draws),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(s(&v, "/verdict"), "low_entropy");
    assert!(f(&v, "/min_entropy_per_draw") < 0.01, "{v}");
    assert!(s(&v, "/verdict_line").contains("LRS estimate"), "{v}");
}
