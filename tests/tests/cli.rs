//! `scheduler submit` input handling: every bad input is one clear line naming the
//! file, line and value, with exit status 2; no panic.

use seedsieve_tests::{assert_bad, scheduler, submit};

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
    assert!(r.stdout.contains("verdict: ambiguous"), "{}", r.stdout);
    // Candidates are printed as found, ten at most, then one line says more came.
    let found = r
        .stdout
        .lines()
        .filter(|l| l.starts_with("found: "))
        .count();
    assert_eq!(found, 11, "{}", r.stdout);
    assert!(r.stdout.contains("found: more candidates"), "{}", r.stdout);
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
            "--exhaustive",
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

#[test]
fn a_control_is_answered_not_recoverable_in_both_modes() {
    for mode in ["sieve", "state"] {
        let r = submit(
            &[
                "--draws", "-", "--min", "0", "--max", "999", "--prng", "chacha20", "--mode", mode,
            ],
            "1\n2\n3\n4\n5\n6\n7\n8\n",
        );
        assert_eq!(r.code, 1, "{mode}: {}", r.stderr);
        assert!(
            r.stderr
                .contains("chacha20: not recoverable by this method"),
            "{mode}: {}",
            r.stderr
        );
        assert!(!r.stdout.contains("recovered"), "{mode}: {}", r.stdout);
    }
}

#[test]
fn generators_lists_every_source_state_only_generator_and_control() {
    let r = scheduler(&["generators", "--json"], "");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    assert_eq!(v["schema"], "seedsieve.generators/2");
    let all = v["generators"].as_array().expect("array");
    let kinds = |k: &str| all.iter().filter(|e| e["kind"] == k).count();
    assert_eq!(
        kinds("sweep"),
        seedsieve_core::registry::SOURCES.len(),
        "{}",
        r.stdout
    );
    assert!(kinds("state_only") >= 2);
    assert_eq!(kinds("control"), seedsieve_core::registry::CONTROLS.len());
    assert!(all.len() >= 46, "{} entries", all.len());
    let human = scheduler(&["generators"], "");
    assert!(
        human.stdout.contains(&format!("{} sources:", all.len())),
        "{}",
        human.stdout
    );
}

fn float_file(name: &str, take: usize) -> (String, Vec<String>) {
    let text = std::fs::read_to_string(seedsieve_tests::vectors_dir().join("floats").join(name))
        .expect("float vector file");
    let lines: Vec<String> = text
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(str::to_string)
        .collect();
    let head: String = lines[..take].iter().map(|l| format!("{l}\n")).collect();
    (head, lines[take..].to_vec())
}

/// `--float` in the sieve: floats as CPython's repr and Java's Double.toString
/// printed them; the seed is found and the next floats are the runtime's, printed
/// back the same way.
#[test]
fn float_draws_recover_the_seed_and_predict_the_next_floats() {
    for (file, prng, range, seed) in [
        (
            "python_random_seed20261121.txt",
            "python_random",
            "20200000..20300000",
            20_261_121u64,
        ),
        (
            "java_nextdouble_seed1763683200123.txt",
            "java_random",
            "1763683150000..1763683250000",
            1_763_683_200_123,
        ),
    ] {
        let (head, rest) = float_file(file, 6);
        let r = submit(
            &[
                "--draws",
                "-",
                "--float",
                "--prng",
                prng,
                "--seed-range",
                range,
                "--json",
                "--predict",
                "6",
            ],
            &head,
        );
        assert_eq!(r.code, 0, "{file}: {}", r.stderr);
        let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
        assert_eq!(v["verdict"], "recovered", "{file}: {v}");
        assert_eq!(v["draws"], "float");
        let c = &v["candidates"][0];
        assert_eq!(c["seed"], seed, "{file}: {v}");
        let next: Vec<f64> = c["next"]
            .as_array()
            .expect("next")
            .iter()
            .map(|x| x.as_f64().expect("float"))
            .collect();
        let want: Vec<f64> = rest.iter().map(|l| l.parse().expect("float")).collect();
        assert_eq!(next, want, "{file}");
    }
}

#[test]
fn a_float_printed_with_too_few_digits_names_its_line() {
    let r = submit(
        &["--draws", "-", "--float", "--prng", "python_random"],
        "0.938599582961178\n0.1746\n",
    );
    assert_bad(&r, &["<stdin>:2", "0.1746", "2^-53"]);
}

/// `--version` names the commit the binaries were built from (`unknown`
/// only outside a git checkout).
#[test]
fn version_names_the_commit() {
    let head = std::process::Command::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .current_dir(seedsieve_tests::root())
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    for bin in [
        seedsieve_tests::scheduler_bin(),
        seedsieve_tests::worker_bin(),
        seedsieve_tests::producer_bin(),
    ] {
        let out = std::process::Command::new(&bin)
            .arg("--version")
            .output()
            .expect("runs");
        let v = String::from_utf8_lossy(&out.stdout);
        let want = format!("(commit {})", head.as_deref().unwrap_or("unknown"));
        assert!(v.trim_end().ends_with(&want), "{}: {v}", bin.display());
    }
}

/// A near-miss source id gets the closest ids, in both modes.
#[test]
fn unknown_prng_suggests_the_closest_ids() {
    for mode in ["sieve", "state"] {
        let r = submit(
            &[
                "--draws", "-", "--min", "0", "--max", "9", "--prng", "python", "--mode", mode,
            ],
            "1\n2\n3\n",
        );
        assert_bad(
            &r,
            &["unknown source id 'python'", "did you mean python_random?"],
        );
    }
    let r = submit(
        &[
            "--draws",
            "-",
            "--min",
            "0",
            "--max",
            "9",
            "--prng",
            "php_mtrand",
        ],
        "1\n",
    );
    assert_bad(&r, &["did you mean php_mt_rand"]);
}

/// `generators ID` (or `--filter ID`) lists only the matching ids; no match
/// is bad input with suggestions.
#[test]
fn generators_can_be_filtered() {
    for args in [
        &["generators", "v8_math"][..],
        &["generators", "--filter", "v8_math"],
    ] {
        let r = scheduler(args, "");
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(r.stdout.contains("v8_math_random\n"), "{}", r.stdout);
        assert!(!r.stdout.contains("python_random"), "{}", r.stdout);
        assert!(
            r.stdout
                .ends_with("1 sources: 0 with a seed sweep, 1 state mode only, 0 controls\n"),
            "{}",
            r.stdout
        );
    }
    let r = scheduler(&["generators", "php", "--json"], "");
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    let ids: Vec<&str> = v["generators"]
        .as_array()
        .expect("list")
        .iter()
        .map(|g| g["id"].as_str().expect("id"))
        .collect();
    assert!(
        !ids.is_empty() && ids.iter().all(|i| i.contains("php")),
        "{ids:?}"
    );
    let r = scheduler(&["generators", "pyhton_random"], "");
    assert_bad(
        &r,
        &[
            "no id contains 'pyhton_random'",
            "did you mean python_random?",
        ],
    );
}

/// Shell completions and the man page come from the same clap definition.
#[test]
fn completions_and_man_page() {
    let r = scheduler(&["completions", "bash"], "");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("_scheduler()") && r.stdout.contains("watch-session"),
        "{}",
        r.stdout
    );
    let r = scheduler(&["completions", "zsh"], "");
    assert!(r.stdout.starts_with("#compdef scheduler"), "{}", r.stdout);
    let r = scheduler(&["man"], "");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains(".TH scheduler 1"), "{}", r.stdout);
    assert!(r.stdout.contains("submit"), "{}", r.stdout);
}

/// The `shift1 left out` note (PHP `mt_rand()` without arguments) comes only
/// where it could matter: a range of 2^31 values that does not start at 0.
#[test]
fn shift1_note_only_when_relevant() {
    let r = scheduler(
        &[
            "submit",
            "--draws",
            "-",
            "--min",
            "0",
            "--max",
            "999",
            "--prng",
            "php_mt_rand",
            "--seed-range",
            "0..1000",
        ],
        "1\n2\n3\n4\n5\n6\n7\n8\n",
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(!r.stderr.contains("shift1"), "{}", r.stderr);
    let r = scheduler(
        &[
            "submit",
            "--draws",
            "-",
            "--min",
            "1",
            "--max",
            "2147483648",
            "--prng",
            "php_mt_rand",
            "--seed-range",
            "0..1000",
        ],
        "1\n2\n3\n",
    );
    assert!(r.stderr.contains("shift1 left out"), "{}", r.stderr);
}

/// `searched:` summarises a long list of sources instead of naming each.
#[test]
fn searched_line_summarises_many_sources() {
    let r = scheduler(
        &[
            "submit",
            "--draws",
            "-",
            "--min",
            "0",
            "--max",
            "999",
            "--seed-range",
            "0..64",
            "--quiet",
        ],
        "1\n2\n3\n4\n5\n6\n7\n8\n",
    );
    let line = r
        .stdout
        .lines()
        .find(|l| l.starts_with("searched:"))
        .unwrap_or_else(|| panic!("no searched line: {} {}", r.stdout, r.stderr));
    assert!(
        line.contains("sources (all swept sources)") || line.contains(" more)"),
        "{line}"
    );
    assert!(line.len() < 120, "{line}");
}

/// `scheduler watch` keeps its files in the XDG state directory by default,
/// not in the current directory.
#[test]
fn watch_dir_defaults_to_the_xdg_state_dir() {
    let state = std::env::temp_dir().join(format!("seedsieve-xdg-{}", std::process::id()));
    let out = std::process::Command::new(seedsieve_tests::scheduler_bin())
        .args(["watch", "--status"])
        .env_remove("SEEDSIEVE_WATCH_DIR")
        .env("XDG_STATE_HOME", &state)
        .output()
        .expect("runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let want = state.join("seedsieve/watch");
    assert!(text.contains(&want.display().to_string()), "{text}");
    let help = seedsieve_tests::scheduler(&["watch", "--help"], "");
    assert!(help.stdout.contains("XDG_STATE_HOME"), "{}", help.stdout);
}

/// `generators` gives each source's family rate measured on this CPU and
/// caches it (a second run reads the same figures); `SEEDSIEVE_RATES=table`
/// gives the registry's figures instead.
#[test]
fn generators_rates_are_measured_here_cached_and_table_on_request() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cache = dir.path().join("rates.json");
    let run = |table: bool| {
        let mut c = std::process::Command::new(seedsieve_tests::scheduler_bin());
        c.args(["generators", "php", "--json"])
            .env("SEEDSIEVE_RATES_CACHE", &cache)
            .env_remove("SEEDSIEVE_RATES");
        if table {
            c.env("SEEDSIEVE_RATES", "table");
        }
        let out = c.output().expect("scheduler runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        v["generators"]
            .as_array()
            .expect("array")
            .iter()
            .map(|g| {
                (
                    g["id"].as_str().expect("id").to_string(),
                    g["brute_force"]["cpu_mseeds_per_core"]
                        .as_f64()
                        .expect("rate"),
                    g["brute_force"]["rate_source"]
                        .as_str()
                        .expect("source")
                        .to_string(),
                )
            })
            .collect::<Vec<_>>()
    };
    let first = run(false);
    assert!(first.len() >= 3, "{first:?}");
    assert!(
        first.iter().all(|(_, r, s)| *r > 0.0 && s == "measured"),
        "{first:?}"
    );
    let text = std::fs::read_to_string(&cache).expect("the cache is written");
    assert!(text.contains("mt_genrand"), "{text}");
    assert_eq!(run(false), first, "the second run reads the cache");
    for (id, r, s) in run(true) {
        let src: seedsieve_core::registry::SourceId = id.parse().expect("id");
        assert_eq!(s, "table");
        assert_eq!(r, src.info().family.cpu_mseeds_per_core(), "{id}");
    }
}
