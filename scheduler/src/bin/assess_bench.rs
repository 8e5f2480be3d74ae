//! `assess-bench`: `scheduler assess --no-sieve` against NIST's reference tool
//! `ea_non_iid -a` on the same files, side by side in one run: wall time, peak
//! memory and the ratio, on one core and on all cores, plus both tools'
//! assessed min-entropy (they must agree).
//!
//! Usage (the reference is built from usnistgov/SP800-90B_EntropyAssessment,
//! `cd cpp && make non_iid`; see tests/data/sp800_90b/README.md):
//!
//!   cargo build --release -p seedsieve-scheduler --bins
//!   target/release/assess-bench --reference PATH/cpp/ea_non_iid --bin-dir PATH/bin \
//!       [--files truerand_8bit.bin,truerand_1bit.bin]
//!
//! `--reference` and `--bin-dir` default to `$SP800_90B_TOOL` and `$SP800_90B_BIN`.
//! One core: `taskset -c 0` around both tools (and `--threads 1`,
//! `OMP_NUM_THREADS=1`); all cores: neither. Peak memory is GNU time's `%M`
//! (`/usr/bin/time`), when it is installed.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// One timed run.
struct Timed {
    wall_s: f64,
    peak_mib: Option<f64>,
    stdout: String,
}

fn timed(argv: &[String], env: &[(&str, &str)]) -> Result<Timed, String> {
    let gnu_time = Path::new("/usr/bin/time").exists();
    let mut full: Vec<String> = Vec::new();
    if gnu_time {
        full.extend([
            "/usr/bin/time".into(),
            "-f".into(),
            "SEEDSIEVE_PEAK_KB=%M".into(),
        ]);
    }
    full.extend(argv.iter().cloned());
    let mut cmd = Command::new(&full[0]);
    cmd.args(&full[1..]);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let t = Instant::now();
    let out = cmd.output().map_err(|e| format!("{}: {e}", full[0]))?;
    let wall_s = t.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let peak_mib = stderr
        .lines()
        .find_map(|l| l.strip_prefix("SEEDSIEVE_PEAK_KB="))
        .and_then(|v| v.trim().parse::<f64>().ok())
        .map(|kb| kb / 1024.0);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    // scheduler assess exits 1 when nothing beats chance; ea_non_iid exits 0.
    if out.status.code().is_none_or(|c| c > 1) {
        return Err(format!("{argv:?} failed: {stderr}"));
    }
    Ok(Timed {
        wall_s,
        peak_mib,
        stdout,
    })
}

/// The assessed min-entropy from `scheduler assess --json`.
fn ours_h(stdout: &str) -> Option<f64> {
    let v: serde_json::Value = serde_json::from_str(stdout).ok()?;
    v.pointer("/assessment/min_entropy")?.as_f64()
}

/// The assessed min-entropy from `ea_non_iid -a` (its last "min(...)" or
/// "H_original" line, printed with 6 decimals).
fn reference_h(stdout: &str) -> Option<f64> {
    stdout
        .lines()
        .rev()
        .find(|l| l.starts_with("min(H_original") || l.starts_with("H_original"))?
        .rsplit(':')
        .next()?
        .trim()
        .parse()
        .ok()
}

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .cloned()
}

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let reference = arg(&args, "--reference")
        .or_else(|| std::env::var("SP800_90B_TOOL").ok())
        .ok_or("--reference PATH/ea_non_iid (or SP800_90B_TOOL) is needed")?;
    let bin_dir = PathBuf::from(
        arg(&args, "--bin-dir")
            .or_else(|| std::env::var("SP800_90B_BIN").ok())
            .ok_or("--bin-dir PATH/bin (or SP800_90B_BIN) is needed")?,
    );
    let files =
        arg(&args, "--files").unwrap_or_else(|| "truerand_8bit.bin,truerand_1bit.bin".into());
    let scheduler = std::env::current_exe()
        .map_err(|e| e.to_string())?
        .with_file_name("scheduler");
    if !scheduler.exists() {
        return Err(format!(
            "{} missing: cargo build --release -p seedsieve-scheduler --bins",
            scheduler.display()
        ));
    }
    let taskset = Path::new("/usr/bin/taskset").exists();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "assess-bench: scheduler assess --no-sieve vs ea_non_iid -a; {cores} cores; taskset {}",
        if taskset {
            "yes"
        } else {
            "no (1-core rows use threads only)"
        }
    );
    println!(
        "{:<22} {:>6} {:>9} {:>10} {:>10} {:>9} {:>10} {:>10} {:>8}",
        "file", "cores", "ours s", "ours MiB", "ours H", "ref s", "ref MiB", "ref H", "ref/ours"
    );
    for file in files.split(',').map(str::trim).filter(|f| !f.is_empty()) {
        let path = bin_dir.join(file);
        if !path.exists() {
            return Err(format!("{} missing", path.display()));
        }
        let p = path.display().to_string();
        for one_core in [true, false] {
            let pin = |argv: Vec<String>| -> Vec<String> {
                if one_core && taskset {
                    let mut v = vec!["/usr/bin/taskset".to_string(), "-c".into(), "0".into()];
                    v.extend(argv);
                    v
                } else {
                    argv
                }
            };
            let mut ours_argv = vec![
                scheduler.display().to_string(),
                "assess".into(),
                "--bytes".into(),
                p.clone(),
                "--no-sieve".into(),
                "--quiet".into(),
                "--json".into(),
            ];
            if one_core {
                ours_argv.extend(["--threads".into(), "1".into()]);
            }
            let omp = if one_core {
                "1".to_string()
            } else {
                cores.to_string()
            };
            let ours = timed(&pin(ours_argv), &[])?;
            let refr = timed(
                &pin(vec![reference.clone(), "-a".into(), p.clone()]),
                &[("OMP_NUM_THREADS", omp.as_str())],
            )?;
            let mib = |m: Option<f64>| m.map_or("n/a".to_string(), |m| format!("{m:.0}"));
            let h = |h: Option<f64>| h.map_or("n/a".to_string(), |h| format!("{h:.6}"));
            println!(
                "{:<22} {:>6} {:>9.2} {:>10} {:>10} {:>9.2} {:>10} {:>10} {:>7.1}x",
                file,
                if one_core {
                    "1".to_string()
                } else {
                    cores.to_string()
                },
                ours.wall_s,
                mib(ours.peak_mib),
                h(ours_h(&ours.stdout)),
                refr.wall_s,
                mib(refr.peak_mib),
                h(reference_h(&refr.stdout)),
                refr.wall_s / ours.wall_s
            );
        }
    }
    Ok(())
}
