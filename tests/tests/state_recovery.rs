//! State recovery against real runtimes' outputs (tests/vectors/state, made by
//! tests/vectors/oracles/state/gen_state.sh): each method recovers the state
//! from the first draws and predicts every later draw exactly.

use seedsieve_core::recover::{recover, Observed, RecoverError};
use seedsieve_core::report::Verdict;

fn lines(name: &str) -> Vec<String> {
    let p = seedsieve_tests::vectors_dir().join("state").join(name);
    std::fs::read_to_string(&p)
        .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.trim().to_string())
        .collect()
}

fn u64s(name: &str) -> Vec<u64> {
    lines(name)
        .iter()
        .map(|l| l.parse().expect("u64"))
        .collect()
}

#[test]
fn cpython_getrandbits32_x624_predicts_the_rest() {
    let all = u64s("python_getrandbits32_seed20261121.txt");
    assert_eq!(all.len(), 700);
    let r = recover("python_random", &Observed::Raw(all[..624].to_vec()), 76).expect("recovers");
    let want: Vec<String> = all[624..].iter().map(u64::to_string).collect();
    assert_eq!(r.next, want);
    // 624 words fit any MT19937 state: nothing confirms them yet.
    assert_eq!(r.verdict, Verdict::Ambiguous);
    let r = recover("python_random", &Observed::Raw(all[..650].to_vec()), 50).expect("recovers");
    assert_eq!(r.verdict, Verdict::Recovered);
    assert_eq!(
        r.next,
        all[650..].iter().map(u64::to_string).collect::<Vec<_>>()
    );
    assert!(r.evidence.coincidence_probability < 1e-200);
    match recover("python_random", &Observed::Raw(all[..600].to_vec()), 1) {
        Err(RecoverError::TooFewDraws {
            needed: 624,
            given: 600,
            ..
        }) => {}
        other => panic!("{other:?}"),
    }
}

#[test]
fn java_random_from_a_millisecond_clock_seed_and_30_nextint_1000() {
    let all: Vec<i64> = lines("java_nextint1000_seed1763683200123.txt")
        .iter()
        .map(|l| l.parse().expect("int"))
        .collect();
    let obs = Observed::Ints {
        values: all[..30].to_vec(),
        min: 0,
        max: 999,
    };
    let r = recover("java_random", &obs, 10).expect("recovers");
    assert_eq!(r.verdict, Verdict::Recovered, "{r:?}");
    assert_eq!(r.seed, Some(1_763_683_200_123));
    assert_eq!(
        r.next,
        all[30..].iter().map(i64::to_string).collect::<Vec<_>>()
    );
    assert!(
        r.notes[0].contains("2025-11-21T00:00:00.123Z"),
        "{:?}",
        r.notes
    );
    let few = Observed::Ints {
        values: all[..5].to_vec(),
        min: 0,
        max: 999,
    };
    assert!(matches!(
        recover("java_random", &few, 1),
        Err(RecoverError::TooFewDraws { given: 5, .. })
    ));
    let odd = Observed::Ints {
        values: all[..30].to_vec(),
        min: 0,
        max: 998,
    };
    assert!(matches!(
        recover("java_random", &odd, 1),
        Err(RecoverError::Unsupported(_))
    ));
}

#[test]
fn v8_math_random_doubles_from_node() {
    let all: Vec<f64> = lines("v8_math_random_seed42.txt")
        .iter()
        .map(|l| l.parse().expect("f64"))
        .collect();
    // From the first call (a fresh cache block) and from the middle of a block;
    // the draws cross a cache refill, which pins the alignment down.
    for (start, len) in [(0usize, 70usize), (17, 50), (60, 10)] {
        let end = start + len;
        let r = recover(
            "v8_math_random",
            &Observed::Floats(all[start..end].to_vec()),
            200 - end,
        )
        .expect("recovers");
        assert_eq!(r.verdict, Verdict::Recovered, "start {start}: {r:?}");
        let want: Vec<String> = all[end..].iter().map(|x| format!("{x:?}")).collect();
        assert_eq!(r.next, want, "start {start}");
    }
    // Eight draws inside one block: the state fits several alignments; only the
    // draws before the earliest possible refill are predicted.
    let r = recover(
        "v8_math_random",
        &Observed::Floats(all[10..18].to_vec()),
        50,
    )
    .expect("runs");
    assert_eq!(r.verdict, Verdict::Ambiguous);
    assert!(
        r.notes[0].contains("do not cross a cache refill"),
        "{:?}",
        r.notes
    );
    assert_eq!(
        r.next,
        all[18..18 + r.next.len()]
            .iter()
            .map(|x| format!("{x:?}"))
            .collect::<Vec<_>>()
    );
}

#[test]
fn v8_math_floor_random_times_1000_from_node() {
    let all: Vec<i64> = lines("v8_floor1000_seed7.txt")
        .iter()
        .map(|l| l.parse().expect("int"))
        .collect();
    for (start, len) in [(0usize, 80usize), (30, 60)] {
        let end = start + len;
        let obs = Observed::Ints {
            values: all[start..end].to_vec(),
            min: 0,
            max: 999,
        };
        let r = recover("v8_math_random", &obs, 200 - end).expect("recovers");
        assert_eq!(r.verdict, Verdict::Recovered, "start {start}: {r:?}");
        assert_eq!(
            r.next,
            all[end..].iter().map(i64::to_string).collect::<Vec<_>>(),
            "start {start}"
        );
    }
    let few = Observed::Ints {
        values: all[..10].to_vec(),
        min: 0,
        max: 999,
    };
    assert!(matches!(
        recover("v8_math_random", &few, 1),
        Err(RecoverError::TooFewDraws { .. })
    ));
}

fn floats_of(name: &str) -> Vec<f64> {
    lines(name)
        .iter()
        .map(|l| l.parse().expect("f64"))
        .collect()
}

fn shown(v: &[f64]) -> Vec<String> {
    v.iter().map(|x| format!("{x:?}")).collect()
}

/// Four doubles in one cache block give a GF(2) system of full rank (three
/// leave 12 unknowns free): `draws_needed` is 4. Three suffice when they cross
/// a cache refill (156 bits for 128 of state and 6 of alignment); three in one
/// block and two anywhere are refused with the number missing.
#[test]
fn v8_doubles_at_the_minimum_and_one_below() {
    use seedsieve_core::recover::v8::{draws_needed, V8Form};
    let all = floats_of("v8_math_random_seed42.txt");
    assert_eq!(draws_needed(V8Form::Doubles), 4);
    // Draws 62, 63 (first block) and 64 (second block): the refill pins the alignment.
    let r = recover(
        "v8_math_random",
        &Observed::Floats(all[62..65].to_vec()),
        20,
    )
    .expect("recovers");
    assert_eq!(r.verdict, Verdict::Recovered, "{r:?}");
    assert_eq!(r.next, shown(&all[65..85]));
    assert!(r.evidence.coincidence_probability < 1e-6, "{r:?}");
    assert!(r.alternatives.is_empty());
    // Four from the middle of a block: one state per alignment that keeps them there.
    let r = recover(
        "v8_math_random",
        &Observed::Floats(all[20..24].to_vec()),
        10,
    )
    .expect("runs");
    assert_eq!(r.verdict, Verdict::Ambiguous, "{r:?}");
    assert_eq!(r.alternatives.len(), 61, "alignments 4..=64");
    assert!(r.alternatives.iter().any(|c| c.next == shown(&all[24..34])));
    for (range, more) in [(20..23, 1), (62..64, 2)] {
        match recover(
            "v8_math_random",
            &Observed::Floats(all[range.clone()].to_vec()),
            1,
        ) {
            Err(e @ RecoverError::TooFewDraws { needed: 4, .. }) => {
                assert!(e.to_string().ends_with(&format!("give {more} more")), "{e}")
            }
            other => panic!("{range:?}: {other:?}"),
        }
    }
}

/// `Math.floor(Math.random() * 100)`: 6.64 bits a draw; 24 draws recover the
/// state (the 20 get "give 4 more"), 23 are refused.
#[test]
fn v8_floor100_at_the_minimum_and_one_below() {
    use seedsieve_core::recover::v8::{draws_needed, V8Form};
    let all: Vec<i64> = lines("v8_floor100_seed20261121.txt")
        .iter()
        .map(|l| l.parse().expect("int"))
        .collect();
    let need = draws_needed(V8Form::Floor(100));
    assert_eq!(need, 24);
    let ints = |a: usize, b: usize| Observed::Ints {
        values: all[a..b].to_vec(),
        min: 0,
        max: 99,
    };
    // Draws 50..74 cross the refill at draw 64.
    let r = recover("v8_math_random", &ints(50, 50 + need), 40).expect("recovers");
    assert_eq!(r.verdict, Verdict::Recovered, "{r:?}");
    let want: Vec<String> = all[74..114].iter().map(i64::to_string).collect();
    assert_eq!(r.next, want);
    assert_eq!(r.draws_needed, need);
    for (given, more) in [(need - 1, 1), (20, 4)] {
        match recover("v8_math_random", &ints(50, 50 + given), 1) {
            Err(e @ RecoverError::TooFewDraws { .. }) => assert_eq!(
                e.to_string(),
                format!("xorshift128plus_gf2 needs at least {need} draws; {given} given: give {more} more")
            ),
            other => panic!("{given}: {other:?}"),
        }
    }
}

/// Draws from a fresh process that stay in the first cache block fit every
/// alignment that keeps them there: the report says how many more draws
/// decide and carries the fresh-process state as a typed candidate whose
/// prediction is the runtime's, across the refill.
#[test]
fn v8_one_block_alignments_give_a_fresh_process_candidate() {
    use seedsieve_core::recover::Assumption;
    let all = floats_of("v8_math_random_seed42.txt");
    let r = recover("v8_math_random", &Observed::Floats(all[..4].to_vec()), 100).expect("runs");
    assert_eq!(r.verdict, Verdict::Ambiguous, "{r:?}");
    assert_eq!(r.alternatives.len(), 61, "alignments 4..=64");
    assert_eq!(r.draws_to_decide, Some(60));
    let fresh = &r.alternatives[0];
    assert_eq!(fresh.assumption, Assumption::FreshProcess);
    assert_eq!(fresh.next, shown(&all[4..104]));
    assert!(r.alternatives[1..]
        .iter()
        .all(|c| matches!(c.assumption, Assumption::CacheValuesLeft { .. })));
    let ints: Vec<i64> = lines("v8_floor100_seed20261121.txt")
        .iter()
        .map(|l| l.parse().expect("int"))
        .collect();
    let r = recover(
        "v8_math_random",
        &Observed::Ints {
            values: ints[..24].to_vec(),
            min: 0,
            max: 99,
        },
        150,
    )
    .expect("runs");
    assert_eq!(r.verdict, Verdict::Ambiguous, "{r:?}");
    let fresh = &r.alternatives[0];
    assert_eq!(fresh.assumption, Assumption::FreshProcess);
    let want: Vec<String> = ints[24..174].iter().map(i64::to_string).collect();
    assert_eq!(fresh.next, want);
    // Alignments 24..=64 need at least the rest of the block to part; floor
    // draws of neighbouring alignments can agree longer. After `d` more draws
    // every two candidates differ, after d - 1 some do not.
    let d = r.draws_to_decide.expect("a number");
    assert!(d >= 64 - 24, "{d}");
    let distinct = |m: usize| {
        let mut seen = std::collections::HashSet::new();
        r.alternatives.iter().all(|c| seen.insert(&c.next[..m]))
    };
    assert!(distinct(d) && !distinct(d - 1), "{d}");
}

#[test]
fn xoshiro256starstar_from_php_and_its_splitmix_seed() {
    let all = u64s("php_xoshiro256starstar_seed12345.txt");
    let r = recover("xoshiro256starstar", &Observed::Raw(all[..6].to_vec()), 14).expect("recovers");
    assert_eq!(r.verdict, Verdict::Recovered, "{r:?}");
    assert_eq!(
        r.next,
        all[6..].iter().map(u64::to_string).collect::<Vec<_>>()
    );
    assert_eq!(r.seed, Some(12345));
    // Not from the first output: the state still comes out, the seed does not.
    let r = recover(
        "xoshiro256starstar",
        &Observed::Raw(all[3..10].to_vec()),
        10,
    )
    .expect("recovers");
    assert_eq!(
        r.next,
        all[10..].iter().map(u64::to_string).collect::<Vec<_>>()
    );
    assert_eq!(r.seed, None);
}

#[test]
fn java_splittable_random_from_two_nextlong() {
    let all = u64s("java_splittable_nextlong_seed1763683200123.txt");
    let r = recover(
        "java_splittable_random",
        &Observed::Raw(all[..3].to_vec()),
        17,
    )
    .expect("recovers");
    assert_eq!(r.verdict, Verdict::Recovered, "{r:?}");
    assert_eq!(r.seed, Some(1_763_683_200_123));
    assert_eq!(
        r.next,
        all[3..].iter().map(u64::to_string).collect::<Vec<_>>()
    );
    assert!(matches!(
        recover("splitmix64", &Observed::Raw(all[..1].to_vec()), 1),
        Err(RecoverError::TooFewDraws { needed: 2, .. })
    ));
}

#[test]
fn random_bytes_are_not_explained() {
    // Draws from the OS entropy source: no method may claim a recovery.
    let mut f = std::fs::File::open("/dev/urandom").expect("urandom");
    let mut buf = vec![0u8; 8 * 700];
    std::io::Read::read_exact(&mut f, &mut buf).expect("read");
    let words: Vec<u64> = buf
        .chunks_exact(8)
        .map(|c| u64::from_le_bytes(c.try_into().expect("8 bytes")))
        .collect();
    let r32: Vec<u64> = words.iter().map(|w| w & 0xffff_ffff).collect();
    assert_eq!(
        recover("python_random", &Observed::Raw(r32), 5)
            .expect("runs")
            .verdict,
        Verdict::NotFound
    );
    assert_eq!(
        recover(
            "xoshiro256starstar",
            &Observed::Raw(words[..20].to_vec()),
            5
        )
        .expect("runs")
        .verdict,
        Verdict::NotFound
    );
    let floats: Vec<f64> = words[..20]
        .iter()
        .map(|w| (w >> 12) as f64 / (1u64 << 52) as f64)
        .collect();
    assert_eq!(
        recover("v8_math_random", &Observed::Floats(floats), 5)
            .expect("runs")
            .verdict,
        Verdict::NotFound
    );
    let ints: Vec<i64> = words[..30].iter().map(|w| (w % 1000) as i64).collect();
    assert_eq!(
        recover(
            "java_random",
            &Observed::Ints {
                values: ints,
                min: 0,
                max: 999
            },
            5
        )
        .expect("runs")
        .verdict,
        Verdict::NotFound
    );
}

fn run_state(args: &[&str], file: &str, take: usize) -> seedsieve_tests::Run {
    let text: String =
        std::fs::read_to_string(seedsieve_tests::vectors_dir().join("state").join(file))
            .expect("vector file")
            .lines()
            .take(take + 1)
            .map(|l| format!("{l}\n"))
            .collect();
    let mut a = vec!["submit", "--mode", "state", "--draws", "-"];
    a.extend_from_slice(args);
    seedsieve_tests::scheduler(&a, &text)
}

#[test]
fn cli_state_mode_json_and_exit_codes() {
    let r = run_state(
        &[
            "--prng",
            "java_random",
            "--min",
            "0",
            "--max",
            "999",
            "--json",
            "--predict",
            "10",
        ],
        "java_nextint1000_seed1763683200123.txt",
        30,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    assert_eq!(v["schema"], "seedsieve.report/2");
    assert_eq!(v["kind"], "state");
    assert_eq!(v["verdict"], "recovered");
    assert_eq!(v["state_reports"][0]["verdict"], "recovered");
    assert_eq!(v["state_reports"][0]["seed"], 1_763_683_200_123u64);
    let want: Vec<String> = lines("java_nextint1000_seed1763683200123.txt")[30..].to_vec();
    let got: Vec<String> = v["state_reports"][0]["next"]
        .as_array()
        .expect("next")
        .iter()
        .map(|x| x.as_str().expect("str").to_string())
        .collect();
    assert_eq!(got, want);
    // Too few draws: exit 2 and the number needed.
    let r = run_state(
        &["--prng", "python_random", "--raw"],
        "python_getrandbits32_seed20261121.txt",
        100,
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("needs at least 624 draws; 100 given"),
        "{}",
        r.stderr
    );
    // `all` with floats runs the float methods only.
    let r = run_state(
        &["--float", "--predict", "5"],
        "v8_math_random_seed42.txt",
        80,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.starts_with("verdict: recovered (v8_math_random"),
        "{}",
        r.stdout
    );
    // A float that is not in [0, 1) names the file and line.
    let r = seedsieve_tests::scheduler(
        &["submit", "--mode", "state", "--draws", "-", "--float"],
        "0.5\n1.5\n",
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("<stdin>:2: draw '1.5' is not a number in [0, 1)"),
        "{}",
        r.stderr
    );
}

/// `--prng all` in the sieve: the seed sweep (narrowed here) finds nothing for a
/// 48-bit java.util.Random seed, so the state-recovery methods run on their own
/// and recover it; the next draws are the runtime's.
#[test]
fn prng_all_hands_a_seed_too_wide_to_sweep_to_state_recovery() {
    let all: Vec<String> = std::fs::read_to_string(
        seedsieve_tests::vectors_dir()
            .join("state")
            .join("java_nextint1000_seed1763683200123.txt"),
    )
    .expect("vector file")
    .lines()
    .filter(|l| !l.starts_with('#'))
    .map(str::to_string)
    .collect();
    let first30: String = all[..30].iter().map(|l| format!("{l}\n")).collect();
    let r = seedsieve_tests::scheduler(
        &[
            "submit",
            "--draws",
            "-",
            "--min",
            "0",
            "--max",
            "999",
            "--prng",
            "all",
            "--seed-range",
            "0..2000",
            "--json",
            "--quiet",
            "--predict",
            "10",
        ],
        &first30,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    assert_eq!(v["candidates"].as_array().map(Vec::len), Some(0), "{v}");
    assert_eq!(v["verdict"], "recovered", "{v}");
    assert_eq!(v["verdict_by"], "state_recovery");
    let rep = &v["state_reports"][0];
    assert_eq!(rep["prng"], "java_random", "{rep}");
    assert_eq!(rep["seed"], 1_763_683_200_123u64, "{rep}");
    let next: Vec<String> = rep["next"]
        .as_array()
        .expect("next")
        .iter()
        .map(|x| x.as_str().map_or_else(|| x.to_string(), str::to_string))
        .collect();
    assert_eq!(next, all[30..40].to_vec());
}

/// MT19937 from truncated outputs over GF(2): PHP `mt_rand()` (top 31 bits),
/// CPython `getrandbits(16)` (top 16) and numpy `randint(0, 2**16)` (low 16),
/// 1280 draws each from the runtimes; the next 20 are predicted exactly, and
/// fewer draws than the method needs are refused with the number.
#[test]
fn mt19937_from_truncated_outputs_predicts_the_rest() {
    type Form = Box<dyn Fn(Vec<u64>) -> Observed>;
    let cases: [(&str, &str, Form); 3] = [
        (
            "php_mt_rand",
            "php_mt_rand_noargs_seed3141592653.txt",
            Box::new(|v: Vec<u64>| Observed::Ints {
                values: v.iter().map(|&x| x as i64).collect(),
                min: 0,
                max: 2_147_483_647,
            }),
        ),
        (
            "python_random",
            "python_getrandbits16_seed20261121.txt",
            Box::new(|v: Vec<u64>| Observed::TopBits {
                values: v,
                bits: 16,
            }),
        ),
        (
            "numpy_randomstate",
            "numpy_randint65536_seed42.txt",
            Box::new(|v: Vec<u64>| Observed::Ints {
                values: v.iter().map(|&x| x as i64).collect(),
                min: 0,
                max: 65_535,
            }),
        ),
    ];
    for (prng, file, obs) in cases {
        let all = u64s(file);
        assert_eq!(all.len(), 1300, "{file}");
        let r = recover(prng, &obs(all[..1280].to_vec()), 20).expect("runs");
        assert_eq!(r.verdict, Verdict::Recovered, "{prng}: {:?}", r.notes);
        let want: Vec<String> = all[1280..].iter().map(u64::to_string).collect();
        assert_eq!(r.next, want, "{prng}");
        assert!(r.evidence.coincidence_probability < 1e-100, "{prng}");
        match recover(prng, &obs(all[..1000].to_vec()), 1) {
            Err(RecoverError::TooFewDraws { needed, given, .. }) => {
                assert_eq!((needed, given), (1256, 1000), "{prng}")
            }
            other => panic!("{prng}: expected a refusal, got {other:?}"),
        }
    }
}

/// Truncated outputs that no MT19937 made (os.urandom bytes as 16-bit values)
/// are not claimed.
#[test]
fn truncated_outputs_of_the_os_source_are_not_found() {
    let mut f = std::fs::File::open("/dev/urandom").expect("urandom");
    let mut buf = vec![0u8; 2 * 1280];
    std::io::Read::read_exact(&mut f, &mut buf).expect("read");
    let vals: Vec<u64> = buf
        .chunks_exact(2)
        .map(|c| u64::from(u16::from_le_bytes([c[0], c[1]])))
        .collect();
    assert_eq!(vals.len(), 1280);
    let r = recover(
        "python_random",
        &Observed::TopBits {
            values: vals,
            bits: 16,
        },
        5,
    )
    .expect("runs");
    assert_eq!(r.verdict, Verdict::NotFound, "{:?}", r.notes);
}

fn vector_text(file: &str, range: std::ops::Range<usize>) -> String {
    lines(file)[range]
        .iter()
        .map(|l| format!("{l}\n"))
        .collect()
}

/// The JavaScript path through the binary: floats without --min/--max (or
/// --float) go to V8 state recovery before any seed sweep and end the run;
/// `--prng v8_math_random` runs state recovery without `--mode state`; the
/// error gives the number `generators` gives.
#[test]
fn cli_javascript_path_reaches_state_recovery_first() {
    // The first ten draws of a fresh `node -e` process.
    let floats = vector_text("v8_math_random_seed42.txt", 0..10);
    // No --float, no range, --prng all (the default): answered by V8 first.
    let r = seedsieve_tests::scheduler(&["submit", "--draws", "-", "--json"], &floats);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    assert_eq!(v["kind"], "state", "{v}");
    let rep = &v["state_reports"][0];
    assert_eq!(rep["prng"], "v8_math_random");
    assert_eq!(rep["verdict"], "ambiguous", "one block: {rep}");
    assert_eq!(
        rep["alternatives"][0]["assumption"]["kind"],
        "fresh_process"
    );
    let want: Vec<String> = lines("v8_math_random_seed42.txt")[10..20].to_vec();
    let got: Vec<String> = rep["alternatives"][0]["next"]
        .as_array()
        .expect("next")
        .iter()
        .map(|x| x.as_str().expect("str").to_string())
        .collect();
    assert_eq!(got, want);
    assert!(
        r.stderr.contains("no seed sweep was needed"),
        "{}",
        r.stderr
    );
    // Human output shows the candidate with its assumption.
    let r = seedsieve_tests::scheduler(&["submit", "--draws", "-", "--float"], &floats);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("candidate (fresh process: the first draw given was the process's first Math.random() call):"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("up to 54 more draws decide"),
        "{}",
        r.stdout
    );
    // --prng v8_math_random with integer draws, no --mode state.
    let ints = vector_text("v8_floor100_seed20261121.txt", 50..74);
    let r = seedsieve_tests::scheduler(
        &[
            "submit",
            "--draws",
            "-",
            "--min",
            "0",
            "--max",
            "99",
            "--prng",
            "v8_math_random",
            "--predict",
            "5",
        ],
        &ints,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let want = lines("v8_floor100_seed20261121.txt")[74..79].join(" ");
    assert!(
        r.stdout.starts_with("verdict: recovered (v8_math_random"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(&format!("next: {want}\n")),
        "{}",
        r.stdout
    );
    // Too few: the error's number is the one `generators` lists for n = 100.
    let few = vector_text("v8_floor100_seed20261121.txt", 0..20);
    let r = seedsieve_tests::scheduler(
        &[
            "submit",
            "--draws",
            "-",
            "--min",
            "0",
            "--max",
            "99",
            "--prng",
            "v8_math_random",
        ],
        &few,
    );
    seedsieve_tests::assert_bad(&r, &["needs at least 24 draws; 20 given: give 4 more"]);
    let g = seedsieve_tests::scheduler(&["generators"], "");
    assert!(g.stdout.contains("n=100: 24"), "{}", g.stdout);
    assert!(g.stdout.contains("4 doubles"), "{}", g.stdout);
}

/// docs/output.md prints the draws V8 needs as `generators` does: both come
/// from `draws_needed`.
#[test]
fn docs_give_the_v8_draws_generators_gives() {
    let doc =
        std::fs::read_to_string(seedsieve_tests::root().join("docs/output.md")).expect("docs");
    let block = doc
        .split("<!-- v8-needs -->\n")
        .nth(1)
        .and_then(|r| r.split("\n<!-- /v8-needs -->").next())
        .expect("v8-needs block");
    assert_eq!(
        block,
        format!("needs {}", seedsieve_core::recover::v8::needs_summary())
    );
    let g = seedsieve_tests::scheduler(&["generators"], "");
    assert!(g.stdout.contains(block), "{}", g.stdout);
}
