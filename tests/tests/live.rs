//! The first answer, fast and visible (issue 13, items 1 to 5), through the
//! real binary: candidates printed as they are confirmed, the stop at the
//! answer, Ctrl-C that keeps the partial report, resume from the restore
//! file, the plan first, and the progress line on a pseudo-terminal.

use seedsieve_core::reduction::Reduction;
use seedsieve_core::registry::SourceId;
use seedsieve_tests::{assert_bad, plant, scheduler, scheduler_bin, submit};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// CPython `random.seed(583921)`, 25 x `randint(1, 6)` (the issue's walkthrough).
fn python_dice() -> String {
    lines(&plant(
        SourceId::PythonRandom,
        Reduction::Randbelow,
        583_921,
        1,
        6,
        0,
        0,
        25,
    ))
}

fn lines(v: &[i64]) -> String {
    v.iter().map(|d| format!("{d}\n")).collect()
}

fn write_draws(dir: &std::path::Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).expect("temp file");
    p.to_string_lossy().into_owned()
}

/// A running `scheduler`, its stdout read line by line on a thread.
struct Live {
    child: Child,
    lines: mpsc::Receiver<String>,
    seen: Vec<String>,
}

impl Live {
    fn start(args: &[&str]) -> Live {
        let mut child = Command::new(scheduler_bin())
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("scheduler starts");
        let out = child.stdout.take().expect("piped stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for l in BufReader::new(out).lines().map_while(Result::ok) {
                if tx.send(l).is_err() {
                    break;
                }
            }
        });
        Live {
            child,
            lines: rx,
            seen: Vec::new(),
        }
    }

    /// Waits for a stdout line containing `needle`.
    fn wait_line(&mut self, needle: &str, within: Duration) -> String {
        let end = Instant::now() + within;
        loop {
            let left = end.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(l) => {
                    self.seen.push(l.clone());
                    if l.contains(needle) {
                        return l;
                    }
                }
                Err(_) => panic!("no line with {needle:?} within {within:?}: {:?}", self.seen),
            }
        }
    }

    fn running(&mut self) -> bool {
        self.child.try_wait().expect("try_wait").is_none()
    }

    fn signal(&self, sig: i32) {
        seedsieve_tests::redis_harness::signal(self.child.id(), &sig.to_string());
    }

    /// Waits for the exit; the exit code, the rest of stdout, and stderr.
    fn finish(mut self, within: Duration) -> (i32, Vec<String>, String) {
        let end = Instant::now() + within;
        let code = loop {
            if let Some(st) = self.child.try_wait().expect("try_wait") {
                break st.code().unwrap_or(-1);
            }
            assert!(
                Instant::now() < end,
                "scheduler still runs after {within:?}"
            );
            std::thread::sleep(Duration::from_millis(20));
        };
        let mut rest = self.seen;
        while let Ok(l) = self.lines.recv_timeout(Duration::from_secs(2)) {
            rest.push(l);
        }
        let mut err = String::new();
        if let Some(mut e) = self.child.stderr.take() {
            use std::io::Read;
            let _ = e.read_to_string(&mut err);
        }
        (code, rest, err)
    }
}

const SIGINT: i32 = 2;

#[test]
fn candidates_print_as_found_and_ctrl_c_keeps_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let draws = write_draws(dir.path(), "dice.txt", &python_dice());
    let restore = dir.path().join("restore.json");
    let restore_s = restore.to_string_lossy().into_owned();
    // --exhaustive: the sweep goes on past the answer (minutes for 2^32 seeds).
    let mut run = Live::start(&[
        "submit",
        "--draws",
        &draws,
        "--min",
        "1",
        "--max",
        "6",
        "--prng",
        "python_random",
        "--exhaustive",
        "--restore-file",
        &restore_s,
    ]);
    let found = run.wait_line("found:", Duration::from_secs(120));
    assert!(found.contains("python_random seed 583921"), "{found}");
    assert!(found.contains("next: 1 4 1 6 6"), "{found}");
    assert!(run.running(), "the line came before the sweep ended");
    run.signal(SIGINT);
    let (code, out, err) = run.finish(Duration::from_secs(30));
    assert_eq!(code, 130, "exit status of an interrupted sweep; {err}");
    let text = out.join("\n");
    assert!(text.contains("verdict: incomplete"), "{text}");
    assert!(text.contains("583921"), "the candidate is kept: {text}");
    assert!(text.contains("interrupted: "), "{text}");
    assert!(err.contains("--resume"), "{err}");
    assert!(restore.exists(), "the restore file is written on interrupt");
}

#[test]
fn the_sweep_stops_at_the_answer_and_says_what_it_left() {
    let r = submit(
        &[
            "--draws",
            "-",
            "--min",
            "1",
            "--max",
            "6",
            "--prng",
            "python_random",
            "--json",
        ],
        &python_dice(),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(r.stdout.trim()).expect("json");
    assert_eq!(v["verdict"], "recovered");
    assert_eq!(v["candidates"][0]["seed"], 583_921);
    let s = &v["searched"];
    assert_eq!(s["stopped"], "at_answer");
    assert_eq!(s["seeds_planned"], 1u64 << 32);
    let tried = s["seeds_tried"].as_u64().expect("seeds_tried");
    assert!(tried < 1 << 30, "stopped early: {tried}");
    let left: u64 = s["left"]
        .as_array()
        .expect("left")
        .iter()
        .map(|l| l["end"].as_u64().unwrap_or(0) - l["start"].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(left + tried, 1 << 32, "swept and left make the plan");
    // --exhaustive on a small range sweeps it all and says nothing was left.
    let r = submit(
        &[
            "--draws",
            "-",
            "--min",
            "1",
            "--max",
            "6",
            "--prng",
            "python_random",
            "--json",
            "--exhaustive",
            "--seed-range",
            "0..4000000",
        ],
        &python_dice(),
    );
    let v: serde_json::Value = serde_json::from_str(r.stdout.trim()).expect("json");
    assert_eq!(v["searched"]["seeds_tried"], 4_000_000);
    assert!(v["searched"].get("stopped").is_none(), "{}", r.stdout);
}

/// PHP `mt_srand(S); mt_rand(0, 999)`, 30 draws.
fn php(seed: u64) -> String {
    lines(&plant(
        SourceId::PhpMtRand,
        Reduction::Range32,
        seed,
        0,
        999,
        0,
        0,
        30,
    ))
}

#[test]
fn an_interrupted_sweep_resumes_without_sweeping_twice() {
    let dir = tempfile::tempdir().expect("tempdir");
    // The seed sits at the end of the range, which the sweep reaches last.
    let seed = 150_000_000u64;
    let draws = write_draws(dir.path(), "php.txt", &php(seed));
    let restore = dir.path().join("php.restore.json");
    let restore_s = restore.to_string_lossy().into_owned();
    let range = format!("0..={seed}");
    let mut run = Live::start(&[
        "submit",
        "--draws",
        &draws,
        "--min",
        "0",
        "--max",
        "999",
        "--prng",
        "php_mt_rand",
        "--seed-range",
        &range,
        "--json",
        "--events",
        "--restore-file",
        &restore_s,
    ]);
    run.wait_line("\"event\":\"plan\"", Duration::from_secs(60));
    run.wait_line("\"event\":\"progress\"", Duration::from_secs(60));
    run.signal(SIGINT);
    let (code, out, err) = run.finish(Duration::from_secs(30));
    assert_eq!(code, 130, "{err}");
    let report: serde_json::Value =
        serde_json::from_str(out.last().expect("the report line")).expect("json report");
    assert_eq!(report["verdict"], "incomplete", "{report}");
    assert_eq!(report["searched"]["stopped"], "interrupted");
    let first = report["searched"]["seeds_tried"]
        .as_u64()
        .expect("seeds_tried");
    assert!(first > 0 && first < seed + 1, "{first}");
    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&restore).expect("restore file"))
            .expect("restore json");
    assert_eq!(saved["schema"], "seedsieve.restore/1");
    // Resume: the rest is swept once, the answer found, the file removed.
    let r = scheduler(&["submit", "--quiet", "--resume", &restore_s, "--json"], "");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(r.stdout.trim()).expect("json");
    assert_eq!(v["verdict"], "recovered", "{v}");
    assert_eq!(v["candidates"][0]["seed"], seed);
    let total = v["searched"]["seeds_tried"].as_u64().expect("seeds_tried");
    assert!(
        total <= seed + 1,
        "no seed swept twice: {total} of {}",
        seed + 1
    );
    assert!(total >= first, "{total} < {first}");
    assert!(!restore.exists(), "a finished sweep leaves no restore file");
    // A bad restore file is an error naming it.
    let bad = write_draws(dir.path(), "bad.json", "{\"schema\": 3}\n");
    assert_bad(&submit(&["--resume", &bad], ""), &["--resume", "bad.json"]);
}

#[test]
fn a_second_ctrl_c_exits_at_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let draws = write_draws(dir.path(), "dice.txt", &python_dice());
    let restore = dir.path().join("r.json").to_string_lossy().into_owned();
    let mut run = Live::start(&[
        "submit",
        "--draws",
        &draws,
        "--min",
        "1",
        "--max",
        "6",
        "--prng",
        "python_random",
        "--exhaustive",
        "--json",
        "--events",
        "--restore-file",
        &restore,
    ]);
    run.wait_line("\"event\":\"progress\"", Duration::from_secs(60));
    run.signal(SIGINT);
    run.signal(SIGINT);
    let (code, _, err) = run.finish(Duration::from_secs(5));
    assert_eq!(code, 130, "{err}");
}

/// A seed range whose `--prng all` plan takes hours on 2 cores (the 64-bit
/// seed spaces to 2^36; a default plan is now under an hour).
const LONG: &str = "0..68719476736";

#[test]
fn the_plan_comes_first() {
    let draws = php(3_141_592_653);
    // --plan prints the plan and exits.
    let r = submit(
        &["--draws", "-", "--min", "0", "--max", "999", "--plan"],
        &draws,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with("plan: 52 sources"), "{}", r.stdout);
    assert!(r.stdout.contains("php_mt_rand"), "{}", r.stdout);
    assert!(
        r.stdout.contains("offsets 0..=0, skips 0..=0"),
        "{}",
        r.stdout
    );
    let r = submit(
        &[
            "--draws", "-", "--min", "0", "--max", "999", "--plan", "--json", "--prng", "all",
        ],
        &draws,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(r.stdout.trim()).expect("json");
    assert_eq!(v["schema"], "seedsieve.plan/1");
    let rows = v["rows"].as_array().expect("rows");
    // Likely sources first: the first rows are common ones.
    assert_eq!(rows[0]["prior"], "common", "{}", rows[0]);
    let total = v["estimate_s"].as_f64().expect("estimate");
    let sum: f64 = rows
        .iter()
        .map(|r| r["estimate_s"].as_f64().expect("row estimate"))
        .sum();
    assert!(
        total > 0.0 && (total - sum).abs() < 1e-6 * total,
        "{total} {sum}"
    );
    assert!(v["expected_false_candidates"].as_f64().expect("efc") < 1e-3);
    // Without --prng, a plan past an hour (every 64-bit seed space to 2^36:
    // hours at any rate this machine kind measures) is refused off a terminal...
    let r = submit(
        &[
            "--draws",
            "-",
            "--min",
            "0",
            "--max",
            "999",
            "--seed-range",
            LONG,
        ],
        &draws,
    );
    assert_bad(&r, &["--prng", "--yes", "--plan"]);
    // ... and --yes lets it start (stopped here at its first progress event).
    let dir = tempfile::tempdir().expect("tempdir");
    let file = write_draws(dir.path(), "php.txt", &draws);
    let restore = dir.path().join("r.json").to_string_lossy().into_owned();
    let mut run = Live::start(&[
        "submit",
        "--draws",
        &file,
        "--min",
        "0",
        "--max",
        "999",
        "--seed-range",
        LONG,
        "--yes",
        "--json",
        "--events",
        "--restore-file",
        &restore,
    ]);
    run.wait_line("\"event\":\"progress\"", Duration::from_secs(60));
    run.signal(SIGINT);
    let (code, _, err) = run.finish(Duration::from_secs(30));
    assert_eq!(code, 130, "{err}");
}

/// `sh -c 'scheduler ARGS; echo exit=$?'` on a pseudo-terminal.
fn on_pty(args: &[&str], timeout_ms: u64) -> rexpect::session::PtySession {
    let quoted: Vec<String> = std::iter::once(scheduler_bin().to_string_lossy().into_owned())
        .chain(args.iter().map(|a| a.to_string()))
        .map(|a| format!("'{}'", a.replace('\'', "'\\''")))
        .collect();
    let mut cmd = Command::new("sh");
    cmd.arg("-c").arg(format!(
        "trap : INT; stty cols 80 rows 24; {}; echo exit=$?",
        quoted.join(" ")
    ));
    rexpect::session::spawn_command(cmd, Some(timeout_ms)).expect("a pseudo-terminal")
}

#[test]
fn on_a_terminal_progress_is_readable_and_ctrl_c_reports() {
    let dir = tempfile::tempdir().expect("tempdir");
    let draws = write_draws(dir.path(), "dice.txt", &python_dice());
    let restore = dir.path().join("r.json").to_string_lossy().into_owned();
    let mut p = on_pty(
        &[
            "submit",
            "--draws",
            &draws,
            "--min",
            "1",
            "--max",
            "6",
            "--prng",
            "python_random",
            "--exhaustive",
            "--restore-file",
            &restore,
        ],
        120_000,
    );
    p.exp_string("found: python_random seed 583921")
        .expect("the candidate line");
    // The progress line: percent, an SI rate, then an ETA once the rate settled.
    let (_, line) = p
        .exp_regex(r"\d+% [0-9.]+ [kMG]?seeds/s  ETA [^\r\n]*python_random")
        .expect("a progress line with an ETA and the source");
    assert!(
        line.len() <= 80 - 22,
        "the message fits 80 columns: {line:?}"
    );
    p.send_control('c').expect("Ctrl-C");
    p.exp_string("verdict: incomplete")
        .expect("the partial report");
    p.exp_string("583921").expect("the candidate in it");
    p.exp_string("exit=130").expect("exit status 130");
}

#[test]
fn on_a_terminal_a_long_plan_asks_first() {
    let dir = tempfile::tempdir().expect("tempdir");
    let draws = write_draws(dir.path(), "php.txt", &php(3_141_592_653));
    let mut p = on_pty(
        &[
            "submit",
            "--draws",
            &draws,
            "--min",
            "0",
            "--max",
            "999",
            "--seed-range",
            LONG,
        ],
        60_000,
    );
    p.exp_string("Go on? [y/N]").expect("the question");
    p.send_line("n").expect("answer");
    p.exp_string("--yes")
        .expect("the refusal says how to go on");
    p.exp_string("exit=2").expect("exit status 2");
}
