//! `scheduler submit` input handling: every bad input is one clear line naming the
//! file, line and value, with exit status 2; no panic.

use seedsieve_tests::scheduler;

fn submit(args: &[&str], stdin: &str) -> seedsieve_tests::Run {
    let mut a = vec!["submit", "--quiet"];
    a.extend_from_slice(args);
    scheduler(&a, stdin)
}

fn assert_bad(r: &seedsieve_tests::Run, needles: &[&str]) {
    assert_eq!(r.code, 2, "exit status; stderr: {}", r.stderr);
    assert!(!r.stderr.contains("panicked"), "panic: {}", r.stderr);
    for n in needles {
        assert!(r.stderr.contains(n), "stderr lacks {n:?}: {}", r.stderr);
    }
}

#[test]
fn non_integer_token_names_file_line_and_value() {
    let r = submit(
        &[
            "--draws",
            "-",
            "--min",
            "0",
            "--max",
            "999",
            "--prng",
            "msvc_rand",
        ],
        "1\n# comment\n\n2\nseven\n",
    );
    assert_bad(&r, &["<stdin>:5", "'seven'", "not an integer"]);
}

#[test]
fn draw_outside_range_names_line_and_range() {
    let dir = std::env::temp_dir().join(format!("seedsieve-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let f = dir.join("draws.txt");
    std::fs::write(&f, "5\n1000\n").expect("write");
    let r = submit(
        &[
            "--draws",
            f.to_str().expect("utf-8 path"),
            "--min",
            "0",
            "--max",
            "999",
        ],
        "",
    );
    assert_bad(&r, &["draws.txt:2", "1000", "outside [0, 999]"]);
}

#[test]
fn empty_file_min_above_max_unknown_source_bad_seed_range() {
    assert_bad(
        &submit(
            &["--draws", "-", "--min", "0", "--max", "9"],
            "# nothing\n\n",
        ),
        &["<stdin>", "no draws"],
    );
    assert_bad(
        &submit(&["--draws", "-", "--min", "10", "--max", "9"], "1\n"),
        &["--min 10", "greater than --max 9"],
    );
    assert_bad(
        &submit(
            &[
                "--draws",
                "-",
                "--min",
                "0",
                "--max",
                "9",
                "--prng",
                "php_mt_rand,nope",
            ],
            "1\n",
        ),
        &["unknown source id 'nope'", "python_random", "minstd_rand"],
    );
    for bad in ["5", "9..3", "x..10", "0..2^99"] {
        assert_bad(
            &submit(
                &[
                    "--draws",
                    "-",
                    "--min",
                    "0",
                    "--max",
                    "9",
                    "--seed-range",
                    bad,
                ],
                "1\n",
            ),
            &["--seed-range"],
        );
    }
    let missing = submit(
        &[
            "--draws",
            "/nonexistent/draws.txt",
            "--min",
            "0",
            "--max",
            "9",
        ],
        "",
    );
    assert_bad(&missing, &["/nonexistent/draws.txt", "cannot read"]);
}

#[test]
fn too_few_draws_is_not_an_error_and_says_what_to_expect() {
    let r = scheduler(
        &[
            "submit",
            "--draws",
            "-",
            "--min",
            "0",
            "--max",
            "9",
            "--prng",
            "msvc_rand",
            "--seed-range",
            "0..100000",
        ],
        "3\n",
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("false candidates"), "{}", r.stderr);
    assert!(r.stdout.starts_with("verdict: ambiguous"), "{}", r.stdout);
}

#[test]
fn json_output_has_the_documented_fields() {
    let draws = seedsieve_tests::plant(
        seedsieve_core::registry::SourceId::GlibcRandR,
        seedsieve_core::reduction::Reduction::Mod,
        777_777,
        1,
        6,
        0,
        0,
        30,
    );
    let text: String = draws.iter().map(|d| format!("{d}\n")).collect();
    let r = submit(
        &[
            "--draws",
            "-",
            "--min",
            "1",
            "--max",
            "6",
            "--prng",
            "glibc_rand_r",
            "--seed-range",
            "700000..800000",
            "--json",
            "--predict",
            "4",
        ],
        &text,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("one JSON object");
    assert_eq!(v["verdict"], "recovered");
    let c = &v["candidates"][0];
    assert_eq!(c["prng"], "glibc_rand_r");
    assert_eq!(c["reduction"], "mod");
    assert_eq!(c["seed"], 777_777);
    assert_eq!(c["offset"], 0);
    assert_eq!(c["skip"], 0);
    assert_eq!(c["mismatches"], 0);
    assert!(c["confirmed"].as_u64().expect("number") > 0);
    assert_eq!(c["next"].as_array().expect("array").len(), 4);
    assert_eq!(v["pool"].as_array().expect("array").len(), 4);
    assert_eq!(v["searched"]["seeds_tried"], 100_000);
    assert_eq!(v["searched"]["sources"][0], "glibc_rand_r");
    assert!(v["searched"]["elapsed_s"].is_number() && v["searched"]["seeds_per_s"].is_number());
}

#[test]
fn exit_status_one_when_nothing_explains_the_draws() {
    let r = submit(
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
            "0..50000",
        ],
        "1\n2\n3\n4\n5\n6\n7\n8\n",
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.starts_with("verdict: not_found"), "{}", r.stdout);
}
