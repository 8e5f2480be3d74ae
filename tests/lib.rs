//! Helpers shared by the end-to-end tests: where the vectors, corpus and built
//! binaries are.

use std::path::PathBuf;

/// The workspace root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `tests/vectors`.
pub fn vectors_dir() -> PathBuf {
    root().join("tests").join("vectors")
}

/// `../shared/corpus` beside the checkout (CI clones with shared/ beside it), or
/// `SEEDSIEVE_CORPUS`.
pub fn corpus_dir() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("SEEDSIEVE_CORPUS") {
        return Some(PathBuf::from(p));
    }
    [
        root().join("..").join("shared").join("corpus"),
        root().join("shared").join("corpus"),
    ]
    .into_iter()
    .find(|p| p.is_dir())
}

/// One line of a vectors file (see tests/vectors/oracles/common.txt).
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Vector {
    /// Source id.
    pub source: String,
    /// The runtime call that produced the values.
    pub call: String,
    /// The seed (signed: Go and .NET take signed seeds).
    pub seed: i128,
    /// Reduction id, or "raw" / "raw31".
    pub reduction: String,
    /// Range minimum.
    pub min: i64,
    /// Range maximum (raw lines of 64-bit generators reach 2^64 - 1).
    pub max: i128,
    /// The values.
    pub values: Vec<i128>,
}

/// Every vector of every `tests/vectors/*.jsonl` file.
pub fn all_vectors() -> Vec<Vector> {
    let mut out = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(vectors_dir())
        .expect("tests/vectors exists")
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    for f in files
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
    {
        let text = std::fs::read_to_string(&f).expect("readable vectors file");
        for (i, line) in text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
        {
            out.push(
                serde_json::from_str(line)
                    .unwrap_or_else(|e| panic!("{}:{}: {e}", f.display(), i + 1)),
            );
        }
    }
    out
}

/// The cargo profile the running test binary was built with, and its output
/// directory name: the test executable lives in `target/<dir>/deps/`
/// (`release`, `quick`, `debug` for the `dev` profile). Release when unknown.
fn test_profile() -> (String, String) {
    let dir = std::env::current_exe()
        .ok()
        .and_then(|exe| {
            let deps = exe.parent()?;
            (deps.file_name()? == "deps")
                .then(|| deps.parent()?.file_name()?.to_str().map(str::to_string))
                .flatten()
        })
        .unwrap_or_else(|| "release".into());
    let profile = if dir == "debug" {
        "dev".into()
    } else {
        dir.clone()
    };
    (profile, dir)
}

/// A workspace binary, built on first use with the test binary's own profile
/// (`--release` in CI, `--profile quick` in the inner loop), so end-to-end
/// tests always run the current code without a second optimised build.
fn release_bin(package: &str, bin: &str) -> PathBuf {
    // One build at a time: concurrent nested cargo runs would wait on each other anyway.
    static BUILD: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _g = BUILD.lock().unwrap_or_else(|p| p.into_inner());
    let (profile, dir) = test_profile();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = std::process::Command::new(cargo);
    // The variables cargo sets for this test process (CARGO_PKG_NAME,
    // CARGO_MANIFEST_DIR, ...) would reach build scripts that watch them
    // (ring's does): each nested build would then rebuild ring, rustls, redis
    // and core, and the next `cargo test` again.
    for (k, _) in std::env::vars_os() {
        let k = k.to_string_lossy();
        if k.starts_with("CARGO_PKG_")
            || k.starts_with("CARGO_MANIFEST_")
            || k.starts_with("CARGO_CRATE_")
            || k == "CARGO_PRIMARY_PACKAGE"
            || k == "OUT_DIR"
        {
            cmd.env_remove(&*k);
        }
    }
    let st = cmd
        .args([
            "build",
            "--profile",
            &profile,
            "-q",
            "-p",
            package,
            "--bin",
            bin,
        ])
        .current_dir(root())
        .status()
        .expect("cargo runs");
    assert!(st.success(), "building {bin} failed");
    let target = std::env::var("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| root().join("target"));
    target.join(dir).join(bin)
}

/// The `scheduler` binary (built once per test process).
pub fn scheduler_bin() -> PathBuf {
    static BIN: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BIN.get_or_init(|| release_bin("seedsieve-scheduler", "scheduler"))
        .clone()
}

/// The `worker` binary (built once per test process).
pub fn worker_bin() -> PathBuf {
    static BIN: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BIN.get_or_init(|| release_bin("seedsieve-worker", "worker"))
        .clone()
}

/// The `producer` binary (built once per test process).
pub fn producer_bin() -> PathBuf {
    static BIN: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BIN.get_or_init(|| release_bin("seedsieve-producer", "producer"))
        .clone()
}

/// Output of one `scheduler` run.
#[derive(Debug)]
pub struct Run {
    /// Exit status code.
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

/// Runs `scheduler ARGS` with `stdin` piped in.
pub fn scheduler(args: &[&str], stdin: &str) -> Run {
    use std::io::Write;
    let mut child = std::process::Command::new(scheduler_bin())
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("scheduler starts");
    if let Some(mut i) = child.stdin.take() {
        // The child may exit before reading stdin (bad arguments): ignore EPIPE.
        let _ = i.write_all(stdin.as_bytes());
    }
    let out = child.wait_with_output().expect("scheduler finishes");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Draws of `source` from `seed` under `reduction` in [min, max], by the reference
/// emulation: the first `offset` draws dropped, then every `(skip + 1)`th draw.
#[allow(clippy::too_many_arguments)] // a test helper that names every part of a hypothesis
pub fn plant(
    source: seedsieve_core::registry::SourceId,
    reduction: seedsieve_core::reduction::Reduction,
    seed: u64,
    min: i64,
    max: i64,
    offset: u32,
    skip: u32,
    count: usize,
) -> Vec<i64> {
    let n = (max - min + 1) as u64;
    let r = seedsieve_core::reduction::Reducer::new(reduction, source.raw_form(), n)
        .expect("reduction applies");
    let len = offset as usize + count * (skip as usize + 1);
    let d = seedsieve_core::sieve::emulate(source.info().family, &r, seed, len);
    (0..count)
        .map(|j| d[offset as usize + j * (skip as usize + 1)] as i64 + min)
        .collect()
}

pub mod fleet_support;
pub mod negative_suite;
pub mod redis_harness;
pub mod schema_check;
pub mod sp800_90b;

/// `scheduler submit --quiet ARGS` with `stdin`.
pub fn submit(args: &[&str], stdin: &str) -> Run {
    let mut a = vec!["submit", "--quiet"];
    a.extend_from_slice(args);
    scheduler(&a, stdin)
}

/// Bad input: exit status 2, no panic, and every needle in stderr.
///
/// # Panics
/// When any of those does not hold (it is a test assertion).
pub fn assert_bad(r: &Run, needles: &[&str]) {
    assert_eq!(r.code, 2, "exit status; stderr: {}", r.stderr);
    assert!(!r.stderr.contains("panicked"), "panic: {}", r.stderr);
    for n in needles {
        assert!(r.stderr.contains(n), "stderr lacks {n:?}: {}", r.stderr);
    }
}
