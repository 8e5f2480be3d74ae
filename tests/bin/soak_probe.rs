//! `soak-probe`: the measuring half of the soak suite (`ops/soak/soak-*.sh`).
//!
//! - `sample --pids DIR --out FILE`: every `--every-ms` (default 1000), reads each
//!   `DIR/NAME.pid` (the soak script rewrites it when it restarts a process) and
//!   appends one JSON line to FILE: the time, and per process its PID, resident
//!   set (`VmRSS` of `/proc/PID/status`, KiB) and open descriptors (entries of
//!   `/proc/PID/fd`); Redis's `connected_clients` (`--redis URL`); and the
//!   wall time and exit status of `--status-cmd` (run by `sh -c`). Stops after
//!   `--minutes` or on SIGTERM/SIGINT.
//! - `audit --file audit.jsonl [--expect-seeds S1,S2,...]`: reads the watcher's
//!   audit mirror and prints a facts object: requests seen, how many were
//!   dispatched or settled more than once (double executions), how many were
//!   accepted but never settled (lost), and the seeds of the recovered outcomes
//!   in order, compared with the expected ones.
//! - `report --soak NAME --samples FILE [--facts FILE]... --out SUMMARY`: the
//!   pass/fail summary. Trends are least-squares lines per process name over the
//!   samples (growth = slope x duration), so a process restarted by the chaos
//!   loop is judged on its whole series; facts files add named checks. Exit 0 on
//!   pass, 1 on fail, 2 on bad input.
//!
//! A facts file is a JSON object `{"checks": [{"name", "pass", "detail"}], ...}`;
//! other keys are copied into the summary under `facts`.

use clap::{Args, Parser, Subcommand};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

#[derive(Parser)]
#[command(name = "soak-probe", about = "Samples and judges a soak run")]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Sample processes, Redis and a status command into a JSONL file.
    Sample(SampleArgs),
    /// Facts from the watcher's audit mirror (audit.jsonl).
    Audit(AuditArgs),
    /// The pass/fail summary of a soak run.
    Report(ReportArgs),
}

#[derive(Args)]
struct SampleArgs {
    /// Folder of `NAME.pid` files.
    #[arg(long)]
    pids: PathBuf,
    /// JSONL output (appended).
    #[arg(long)]
    out: PathBuf,
    /// Sampling period, milliseconds.
    #[arg(long, default_value_t = 1000)]
    every_ms: u64,
    /// Stop after this many minutes (default: at SIGTERM/SIGINT only).
    #[arg(long)]
    minutes: Option<f64>,
    /// A command whose latency is measured each sample (`sh -c`).
    #[arg(long)]
    status_cmd: Option<String>,
    /// Redis URL whose `connected_clients` is sampled.
    #[arg(long)]
    redis: Option<String>,
}

#[derive(Args)]
struct AuditArgs {
    /// The watcher's audit mirror.
    #[arg(long)]
    file: PathBuf,
    /// Seeds the recovered outcomes must show, in this order.
    #[arg(long, value_delimiter = ',')]
    expect_seeds: Vec<u64>,
}

#[derive(Args)]
struct ReportArgs {
    /// Soak name (A, B, C).
    #[arg(long)]
    soak: String,
    /// The sampler's JSONL.
    #[arg(long)]
    samples: PathBuf,
    /// Facts files (JSON objects with `checks`).
    #[arg(long)]
    facts: Vec<PathBuf>,
    /// Summary output (JSON).
    #[arg(long)]
    out: PathBuf,
    /// Largest allowed fitted RSS growth per process, MiB.
    #[arg(long, default_value_t = 50.0)]
    max_rss_growth_mb: f64,
    /// Largest allowed fitted descriptor growth per process.
    #[arg(long, default_value_t = 4.0)]
    max_fd_growth: f64,
    /// Largest allowed 99th percentile of the status command, ms.
    #[arg(long)]
    status_p99_ms: Option<f64>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let r = match cli.cmd {
        Cmd::Sample(a) => sample(&a).map(|()| ExitCode::SUCCESS),
        Cmd::Audit(a) => audit(&a).map(|()| ExitCode::SUCCESS),
        Cmd::Report(a) => report(&a),
    };
    r.unwrap_or_else(|e| {
        eprintln!("soak-probe: {e}");
        ExitCode::from(2)
    })
}

fn now_s() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64())
}

/// `VmRSS` in KiB and the number of open descriptors of a live process.
fn proc_stats(pid: u32) -> Option<(u64, u64)> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    if status
        .lines()
        .any(|l| l.starts_with("State:") && l.contains("Z"))
    {
        return None;
    }
    let rss = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())?;
    let fds = std::fs::read_dir(format!("/proc/{pid}/fd")).ok()?.count() as u64;
    Some((rss, fds))
}

fn pid_files(dir: &Path) -> Vec<(String, u32)> {
    let mut v = Vec::new();
    let Ok(rd) = std::fs::read_dir(dir) else {
        return v;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.extension().and_then(|x| x.to_str()) != Some("pid") {
            continue;
        }
        let Some(name) = p.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        if let Some(pid) = std::fs::read_to_string(&p)
            .ok()
            .and_then(|s| s.trim().parse().ok())
        {
            v.push((name.to_string(), pid));
        }
    }
    v.sort();
    v
}

fn redis_clients(con: &mut Option<redis::Connection>, url: &str) -> Option<u64> {
    if con.is_none() {
        *con = redis::Client::open(url)
            .and_then(|c| c.get_connection_with_timeout(Duration::from_millis(500)))
            .ok();
    }
    let c = con.as_mut()?;
    let info: Result<String, _> = redis::cmd("INFO").arg("clients").query(c);
    match info {
        Ok(s) => s
            .lines()
            .find_map(|l| l.strip_prefix("connected_clients:"))
            .and_then(|v| v.trim().parse().ok()),
        Err(_) => {
            *con = None;
            None
        }
    }
}

fn sample(a: &SampleArgs) -> Result<(), String> {
    let stop = Arc::new(AtomicBool::new(false));
    for sig in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGINT] {
        signal_hook::flag::register(sig, Arc::clone(&stop)).map_err(|e| e.to_string())?;
    }
    let mut out = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&a.out)
        .map_err(|e| format!("{}: {e}", a.out.display()))?;
    let t0 = Instant::now();
    let until = a.minutes.map(|m| Duration::from_secs_f64(m * 60.0));
    let mut con = None;
    while !stop.load(Ordering::Relaxed) && until.is_none_or(|u| t0.elapsed() < u) {
        let tick = Instant::now();
        let mut procs = Map::new();
        for (name, pid) in pid_files(&a.pids) {
            if let Some((rss, fds)) = proc_stats(pid) {
                procs.insert(name, json!({"pid": pid, "rss_kb": rss, "fds": fds}));
            }
        }
        let clients = a.redis.as_deref().and_then(|u| redis_clients(&mut con, u));
        let (status_ms, status_ok) = match &a.status_cmd {
            Some(cmd) => {
                let t = Instant::now();
                let ok = std::process::Command::new("sh")
                    .args(["-c", cmd])
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::null())
                    .status()
                    .is_ok_and(|s| s.success());
                (Some(t.elapsed().as_secs_f64() * 1e3), Some(ok))
            }
            None => (None, None),
        };
        let line = json!({"t_s": now_s(), "procs": procs, "redis_clients": clients,
                          "status_ms": status_ms, "status_ok": status_ok});
        writeln!(out, "{line}").map_err(|e| format!("{}: {e}", a.out.display()))?;
        let period = Duration::from_millis(a.every_ms);
        while tick.elapsed() < period && !stop.load(Ordering::Relaxed) {
            std::thread::sleep(Duration::from_millis(20).min(period));
        }
    }
    Ok(())
}

fn read_jsonl(path: &Path) -> Result<Vec<Value>, String> {
    let f = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut v = Vec::new();
    for (i, line) in std::io::BufReader::new(f).lines().enumerate() {
        let line = line.map_err(|e| format!("{}:{}: {e}", path.display(), i + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        v.push(
            serde_json::from_str(&line)
                .map_err(|e| format!("{}:{}: not JSON: {e}", path.display(), i + 1))?,
        );
    }
    Ok(v)
}

fn audit(a: &AuditArgs) -> Result<(), String> {
    let events = read_jsonl(&a.file)?;
    #[derive(Default)]
    struct Req {
        accepted: u32,
        dispatched: u32,
        outcomes: u32,
    }
    let mut reqs: BTreeMap<u64, Req> = BTreeMap::new();
    let mut recovered: Vec<(u64, u64)> = Vec::new(); // (request, seed)
    for e in &events {
        let Some(id) = e.get("request").and_then(Value::as_u64) else {
            continue;
        };
        let r = reqs.entry(id).or_default();
        match e.get("event").and_then(Value::as_str) {
            Some("accepted") => r.accepted += 1,
            Some("dispatched") => r.dispatched += 1,
            Some("outcome") => {
                r.outcomes += 1;
                let d = &e["detail"];
                if d["verdict"] == "recovered" {
                    if let Some(s) = d["found"]
                        .as_array()
                        .and_then(|f| f.first())
                        .and_then(|f| f["seed"].as_u64())
                    {
                        recovered.push((id, s));
                    }
                }
            }
            _ => {}
        }
    }
    let double: Vec<u64> = reqs
        .iter()
        .filter(|(_, r)| r.dispatched > 1 || r.outcomes > 1)
        .map(|(id, _)| *id)
        .collect();
    let lost: Vec<u64> = reqs
        .iter()
        .filter(|(_, r)| r.accepted > 0 && r.outcomes == 0)
        .map(|(id, _)| *id)
        .collect();
    // The recovered seeds, consecutive repeats folded (a confirm can find the same seed).
    let mut seeds: Vec<u64> = Vec::new();
    for (_, s) in &recovered {
        if seeds.last() != Some(s) {
            seeds.push(*s);
        }
    }
    let mut checks = vec![
        json!({"name": "no double execution", "pass": double.is_empty(),
               "detail": format!("requests dispatched or settled twice: {double:?}")}),
        json!({"name": "no lost request", "pass": lost.is_empty(),
               "detail": format!("accepted, never settled: {lost:?}")}),
    ];
    if !a.expect_seeds.is_empty() {
        // The first place where the recovered order leaves the schedule.
        let diverge = a
            .expect_seeds
            .iter()
            .zip(&seeds)
            .position(|(e, r)| e != r)
            .unwrap_or(a.expect_seeds.len().min(seeds.len()));
        let detail = if seeds == a.expect_seeds {
            format!(
                "{} of {} seeds, in order",
                seeds.len(),
                a.expect_seeds.len()
            )
        } else {
            format!(
                "{} seeds expected, {} recovered; first difference at #{diverge}: expected {:?}, recovered {:?}",
                a.expect_seeds.len(),
                seeds.len(),
                a.expect_seeds.get(diverge),
                seeds.get(diverge)
            )
        };
        checks.push(json!({"name": "every seed recovered in order",
            "pass": seeds == a.expect_seeds, "detail": detail}));
    }
    let facts = json!({
        "requests": reqs.len(),
        "request_ids": reqs.keys().collect::<Vec<_>>(),
        "double_executions": double.len(),
        "lost_requests": lost.len(),
        "expected_seeds": a.expect_seeds,
        "recovered_seeds": seeds,
        "checks": checks,
    });
    println!("{facts}");
    Ok(())
}

/// Least-squares slope of y over x (per second); 0 for fewer than 2 points.
fn slope(pts: &[(f64, f64)]) -> f64 {
    let n = pts.len() as f64;
    if pts.len() < 2 {
        return 0.0;
    }
    let mx = pts.iter().map(|p| p.0).sum::<f64>() / n;
    let my = pts.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = pts.iter().map(|p| (p.0 - mx).powi(2)).sum();
    let sxy: f64 = pts.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    if sxx == 0.0 {
        0.0
    } else {
        sxy / sxx
    }
}

fn percentile(v: &mut [f64], p: f64) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    let i = ((p / 100.0) * (v.len() - 1) as f64).round() as usize;
    v[i.min(v.len() - 1)]
}

fn report(a: &ReportArgs) -> Result<ExitCode, String> {
    let samples = read_jsonl(&a.samples)?;
    if samples.is_empty() {
        return Err(format!("{}: no samples", a.samples.display()));
    }
    let t0 = samples[0]["t_s"].as_f64().unwrap_or(0.0);
    let mut series: BTreeMap<String, Vec<(f64, f64, f64, u64)>> = BTreeMap::new();
    let mut status = Vec::new();
    let mut status_fail = 0u64;
    let mut clients = Vec::new();
    for s in &samples {
        let t = s["t_s"].as_f64().unwrap_or(t0) - t0;
        if let Some(p) = s["procs"].as_object() {
            for (name, v) in p {
                series.entry(name.clone()).or_default().push((
                    t,
                    v["rss_kb"].as_f64().unwrap_or(0.0),
                    v["fds"].as_f64().unwrap_or(0.0),
                    v["pid"].as_u64().unwrap_or(0),
                ));
            }
        }
        if let Some(ms) = s["status_ms"].as_f64() {
            status.push(ms);
            if s["status_ok"] == false {
                status_fail += 1;
            }
        }
        if let Some(c) = s["redis_clients"].as_f64() {
            clients.push((t, c));
        }
    }
    let duration = samples
        .last()
        .and_then(|s| s["t_s"].as_f64())
        .map_or(0.0, |t| t - t0);
    let mut checks: Vec<Value> = Vec::new();
    let mut procs = Map::new();
    for (name, pts) in &series {
        let span = pts.last().map_or(0.0, |p| p.0) - pts[0].0;
        let rss: Vec<(f64, f64)> = pts.iter().map(|p| (p.0, p.1)).collect();
        let fds: Vec<(f64, f64)> = pts.iter().map(|p| (p.0, p.2)).collect();
        let rss_growth_mb = slope(&rss) * span / 1024.0;
        let fd_growth = slope(&fds) * span;
        let mut pids: Vec<u64> = pts.iter().map(|p| p.3).collect();
        pids.dedup();
        procs.insert(
            name.clone(),
            json!({"samples": pts.len(), "restarts": pids.len() - 1,
                   "rss_start_mb": pts[0].1 / 1024.0, "rss_end_mb": pts[pts.len() - 1].1 / 1024.0,
                   "rss_max_mb": pts.iter().map(|p| p.1).fold(0.0, f64::max) / 1024.0,
                   "rss_fitted_growth_mb": rss_growth_mb,
                   "fds_start": pts[0].2, "fds_end": pts[pts.len() - 1].2,
                   "fds_fitted_growth": fd_growth}),
        );
        checks.push(
            json!({"name": format!("{name}: RSS growth under {} MiB", a.max_rss_growth_mb),
            "pass": rss_growth_mb < a.max_rss_growth_mb,
            "detail": format!("fitted growth {rss_growth_mb:.2} MiB over {span:.0} s")}),
        );
        checks.push(json!({"name": format!("{name}: descriptors do not grow"),
            "pass": fd_growth < a.max_fd_growth,
            "detail": format!("fitted growth {fd_growth:.2} over {span:.0} s")}));
    }
    let p50 = percentile(&mut status.clone(), 50.0);
    let p99 = percentile(&mut status.clone(), 99.0);
    if let Some(limit) = a.status_p99_ms {
        checks.push(json!({"name": format!("status p99 under {limit} ms"),
            "pass": !status.is_empty() && p99 < limit && status_fail == 0,
            "detail": format!("{} calls, p50 {p50:.1} ms, p99 {p99:.1} ms, {status_fail} failed", status.len())}));
    }
    let mut facts = Map::new();
    for f in &a.facts {
        let text = std::fs::read_to_string(f).map_err(|e| format!("{}: {e}", f.display()))?;
        let v: Value = serde_json::from_str(&text)
            .map_err(|e| format!("{}: not a JSON object: {e}", f.display()))?;
        let Value::Object(m) = v else {
            return Err(format!("{}: not a JSON object", f.display()));
        };
        for (k, v) in m {
            if k == "checks" {
                checks.extend(v.as_array().cloned().unwrap_or_default());
            } else {
                facts.insert(k, v);
            }
        }
    }
    let pass = !checks.is_empty() && checks.iter().all(|c| c["pass"] == true);
    let summary = json!({
        "soak": a.soak, "pass": pass, "duration_s": duration, "samples": samples.len(),
        "processes": procs,
        "status_ms": {"calls": status.len(), "p50": p50, "p99": p99, "failed": status_fail},
        "redis_clients": {"start": clients.first().map(|c| c.1), "end": clients.last().map(|c| c.1),
                          "max": clients.iter().map(|c| c.1).fold(0.0, f64::max)},
        "facts": facts, "checks": checks,
    });
    let body = serde_json::to_string_pretty(&summary).map_err(|e| e.to_string())?;
    std::fs::write(&a.out, format!("{body}\n")).map_err(|e| format!("{}: {e}", a.out.display()))?;
    for c in summary["checks"].as_array().into_iter().flatten() {
        println!(
            "{} {}: {}",
            if c["pass"] == true { "PASS" } else { "FAIL" },
            c["name"].as_str().unwrap_or("?"),
            c["detail"].as_str().unwrap_or("")
        );
    }
    println!(
        "soak {}: {} ({:.0} s, {} samples) -> {}",
        a.soak,
        if pass { "pass" } else { "FAIL" },
        duration,
        samples.len(),
        a.out.display()
    );
    Ok(if pass {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
