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
    assert_eq!(v["mode"], "state");
    assert_eq!(v["reports"][0]["verdict"], "recovered");
    assert_eq!(v["reports"][0]["seed"], 1_763_683_200_123u64);
    let want: Vec<String> = lines("java_nextint1000_seed1763683200123.txt")[30..].to_vec();
    let got: Vec<String> = v["reports"][0]["next"]
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
