//! Helpers shared by the fleet's end-to-end tests (`tests/tests/fleet.rs`,
//! `fleet_ops.rs`, `tls.rs`): the serial lock, the lease they run with,
//! scheduler invocations, queue handles and waiting for a job to settle.

use crate::redis_harness::{wait_for, RedisServer, WorkerProc};
use crate::{plant, scheduler, Run};
use seedsieve_core::job::JobId;
use seedsieve_core::redis::{JobRecord, RedisConfig, RedisQueue};
use seedsieve_core::reduction::Reduction;
use seedsieve_core::registry::SourceId;
use serde_json::Value;
use std::sync::Mutex;
use std::time::Duration;

/// The lease of the fleet tests' workers and queues, ms.
pub const LEASE_MS: u64 = 2000;

static SERIAL: Mutex<()> = Mutex::new(());

/// One fleet test at a time (per test binary): they measure leases in seconds
/// and share the cores.
pub fn serial() -> std::sync::MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|p| p.into_inner())
}

/// `--redis URL --prefix PREFIX --lease-ms LEASE_MS`.
pub fn fleet_args(r: &RedisServer, prefix: &str) -> Vec<String> {
    vec![
        "--redis".into(),
        r.url(),
        "--prefix".into(),
        prefix.into(),
        "--lease-ms".into(),
        LEASE_MS.to_string(),
    ]
}

/// `scheduler ARGS` with `stdin`.
pub fn run(args: &[String], stdin: &str) -> Run {
    let a: Vec<&str> = args.iter().map(String::as_str).collect();
    scheduler(&a, stdin)
}

/// The report without its timing fields (they differ run to run).
pub fn comparable(json: &str) -> Value {
    let mut v: Value =
        serde_json::from_str(json.trim()).unwrap_or_else(|e| panic!("not JSON ({e}): {json}"));
    let s = v["searched"].as_object_mut().expect("searched object");
    s.remove("elapsed_s");
    s.remove("seeds_per_s");
    v
}

/// A queue handle on the test's server and key root.
pub fn queue(r: &RedisServer, prefix: &str, lease_ms: u64) -> RedisQueue {
    RedisQueue::new(RedisConfig {
        url: r.url(),
        root: prefix.into(),
        lease: Duration::from_millis(lease_ms),
        tls_ca: None,
    })
    .expect("queue")
}

/// A job's record; the first call after a Redis restart meets the dropped
/// connection and reconnects, the second succeeds.
pub fn record(q: &RedisQueue, id: JobId) -> JobRecord {
    let r = q
        .job(id)
        .or_else(|e| if e.is_transient() { q.job(id) } else { Err(e) });
    r.expect("redis answers").expect("job exists")
}

/// Waits up to `t` for job `id` to settle; prints the workers' logs and
/// panics when it does not.
pub fn wait_over(q: &RedisQueue, id: JobId, t: Duration, logs: &[&WorkerProc]) -> JobRecord {
    let ok = wait_for(t, || q.job(id).ok().flatten().is_some_and(|r| r.is_over()));
    if !ok {
        for w in logs {
            eprintln!("--- {} ---\n{}", w.name, w.log_text());
        }
        panic!("job {id} did not settle within {t:?}: {:?}", q.job(id));
    }
    record(q, id)
}

/// 30 draws of PHP `mt_srand(seed); mt_rand(0, 999)`, one per line.
pub fn php_draws(seed: u64) -> String {
    plant(
        SourceId::PhpMtRand,
        Reduction::Range32,
        seed,
        0,
        999,
        0,
        0,
        30,
    )
    .iter()
    .map(|d| format!("{d}\n"))
    .collect()
}

/// `submit --quiet --json` of [`php_draws`] from stdin over seeds `range`
/// of `php_mt_rand`, in `shards` shards.
pub fn submit_args(range: &str, shards: u32) -> Vec<String> {
    let mut a: Vec<String> = [
        "submit",
        "--quiet",
        "--json",
        "--draws",
        "-",
        "--min",
        "0",
        "--max",
        "999",
        "--prng",
        "php_mt_rand",
        "--seed-range",
        range,
        // The whole plan in both modes: embedded otherwise stops at the
        // answer, a fleet job sweeps every shard.
        "--exhaustive",
        "--shards",
    ]
    .map(String::from)
    .to_vec();
    a.push(shards.to_string());
    a
}

/// Submits `args` (plus the fleet's flags and `--detach`) with `draws` on
/// stdin; the job id it printed.
pub fn detach(r: &RedisServer, prefix: &str, args: Vec<String>, draws: &str) -> JobId {
    let mut a = args;
    a.extend(fleet_args(r, prefix));
    a.push("--detach".into());
    let out = run(&a, draws);
    assert_eq!(out.code, 0, "submit --detach: {}", out.stderr);
    JobId(
        out.stdout
            .trim()
            .parse()
            .unwrap_or_else(|e| panic!("job id {:?}: {e}", out.stdout)),
    )
}
