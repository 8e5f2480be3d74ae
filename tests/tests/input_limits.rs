//! `scheduler submit` on input that would make memory grow without bound, and
//! input edge cases (issue 12): `--predict` is capped; draws that cannot single
//! out a seed are refused up front with the expected number of false
//! candidates; a report keeps at most `MAX_CANDIDATES` candidates and says so;
//! a non-UTF-8 draw file names its line; `0..2^64` is a seed range.

use seedsieve_core::engine::MAX_CANDIDATES;
use seedsieve_core::plan::MAX_PREDICT;
use seedsieve_tests::{assert_bad, submit};

/// `--predict 1000000000` grew to 23 GB: it is refused in every mode, with
/// the cap, before anything runs.
#[test]
fn predict_is_capped_in_every_mode() {
    let cap = MAX_PREDICT.to_string();
    let huge = "1000000000";
    let sieve = submit(
        &[
            "--draws",
            "-",
            "--min",
            "0",
            "--max",
            "9",
            "--prng",
            "msvc_rand",
            "--seed-range",
            "0..1000",
            "--predict",
            huge,
        ],
        "1\n2\n3\n4\n5\n6\n7\n8\n9\n0\n",
    );
    assert_bad(&sieve, &["--predict", huge, &cap]);
    let state = submit(
        &[
            "--draws",
            "-",
            "--mode",
            "state",
            "--min",
            "0",
            "--max",
            "999",
            "--predict",
            huge,
        ],
        "1\n2\n3\n",
    );
    assert_bad(&state, &["--predict", &cap]);
    let tuples = submit(
        &[
            "--draws",
            "-",
            "--tuples",
            "--min",
            "1",
            "--max",
            "49",
            "--prng",
            "java_random",
            "--seed-range",
            "0..1000",
            "--predict",
            huge,
        ],
        "1 2 3\n4 5 6\n",
    );
    assert_bad(&tuples, &["--predict", &cap]);
    // The cap itself is allowed.
    let ok = submit(
        &[
            "--draws",
            "-",
            "--min",
            "0",
            "--max",
            "999",
            "--prng",
            "msvc_rand",
            "--seed-range",
            "0..1000",
            "--predict",
            &cap,
        ],
        "1\n2\n3\n4\n5\n6\n7\n8\n",
    );
    assert_eq!(ok.code, 1, "{}", ok.stderr);
}

/// 20 draws of `5` in [5, 5] carry no information: every seed of the sweep
/// would be a candidate. Refused before the sweep, with the expectation.
#[test]
fn draws_that_cannot_single_out_a_seed_are_refused_up_front() {
    let fives = "5\n".repeat(20);
    let r = submit(
        &[
            "--draws",
            "-",
            "--min",
            "5",
            "--max",
            "5",
            "--prng",
            "msvc_rand",
        ],
        &fives,
    );
    assert_bad(
        &r,
        &["cannot single out a seed", "false candidates", "4.295e9"],
    );
    // One draw of ten values over 2^32 seeds: the same.
    let r = submit(
        &[
            "--draws",
            "-",
            "--min",
            "0",
            "--max",
            "9",
            "--prng",
            "php_mt_rand",
        ],
        "3\n",
    );
    assert_bad(&r, &["cannot single out a seed", "false candidates"]);
    // Tuples of one value of [1, 1]: every seed reproduces them.
    let r = submit(
        &[
            "--draws",
            "-",
            "--tuples",
            "--min",
            "1",
            "--max",
            "1",
            "--prng",
            "java_random",
            "--seed-range",
            "0..2^21",
        ],
        "1\n1\n1\n",
    );
    assert_bad(
        &r,
        &["cannot single out a seed", "2.097e6 false candidates"],
    );
}

/// Fewer expected false candidates than the refusal bound, but more than a
/// report keeps: the first MAX_CANDIDATES are reported and a note says so.
#[test]
fn a_report_keeps_at_most_max_candidates_and_says_so() {
    let fives = "5\n".repeat(20);
    let r = submit(
        &[
            "--draws",
            "-",
            "--min",
            "5",
            "--max",
            "5",
            "--prng",
            "msvc_rand",
            "--seed-range",
            "0..65536",
            "--json",
        ],
        &fives,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.len() < 1 << 20, "{} bytes", r.stdout.len());
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    assert_eq!(v["verdict"], "ambiguous");
    assert_eq!(
        v["candidates"].as_array().map(Vec::len),
        Some(MAX_CANDIDATES)
    );
    let notes = v["notes"].to_string();
    assert!(
        notes.contains(&format!("more than {MAX_CANDIDATES} candidates")),
        "{notes}"
    );
}

/// A draw file that is not UTF-8 names the file and line, like any other bad
/// draw.
#[test]
fn a_non_utf8_draw_file_names_its_line() {
    let path = std::env::temp_dir().join(format!("seedsieve-nonutf8-{}.txt", std::process::id()));
    std::fs::write(&path, b"1\n2\n\xff\xfe3\n4\n").expect("temp file");
    let p = path.display().to_string();
    for mode in [
        &["--min", "0", "--max", "9"][..],
        &["--float"][..],
        &["--mode", "state", "--raw"][..],
        &["--tuples", "--min", "0", "--max", "9"][..],
    ] {
        let mut a = vec!["--draws", p.as_str()];
        a.extend_from_slice(mode);
        let r = submit(&a, "");
        assert_bad(&r, &[&format!("{p}:3"), "UTF-8"]);
    }
    let _ = std::fs::remove_file(&path);
}

/// `0..2^64` (and `..=2^64 - 1` in hex) is a seed range: the top of the
/// 64-bit seed space can be swept.
#[test]
fn seed_ranges_reach_2_pow_64() {
    for range in [
        "18446744073709550616..2^64",
        "0xfffffffffffffc18..=0xffffffffffffffff",
    ] {
        let r = submit(
            &[
                "--draws",
                "-",
                "--min",
                "0",
                "--max",
                "999",
                "--prng",
                "cpp_mt19937_64",
                "--seed-range",
                range,
                "--json",
            ],
            "1\n2\n3\n4\n5\n6\n7\n8\n",
        );
        assert_eq!(r.code, 1, "{range}: {}", r.stderr);
        let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
        assert_eq!(v["searched"]["seeds_tried"], 999, "{range}: {v}");
    }
}
