//! `scheduler assess --redis` through the real binaries against a real
//! redis-server: the estimators run as scoring shards on `stream:score` and
//! the sieve as a sieve job, both leased by `worker` processes, and the
//! report equals the embedded run's (timing fields blanked); a worker killed
//! mid-shard leaves its lease to expire, the shard is reclaimed and retried,
//! and the report is still the embedded one.

use rand_chacha::rand_core::{Rng, SeedableRng};
use rand_chacha::ChaCha20Rng;
use seedsieve_core::redis::{StreamKind, GROUP_WORKERS};
use seedsieve_core::reduction::Reduction;
use seedsieve_core::registry::SourceId;
use seedsieve_tests::fleet_support::{fleet_args, queue, run, serial, LEASE_MS};
use seedsieve_tests::plant;
use seedsieve_tests::redis_harness::{unique_prefix, wait_for, RedisServer, WorkerProc};
use serde_json::Value;
use std::time::Duration;

/// The report without its timing fields (the sieve's wall time and rate).
fn comparable(json: &str) -> Value {
    let mut v: Value =
        serde_json::from_str(json.trim()).unwrap_or_else(|e| panic!("not JSON ({e}): {json}"));
    if let Some(s) = v
        .pointer_mut("/sieve/searched")
        .and_then(Value::as_object_mut)
    {
        s.remove("elapsed_s");
        s.remove("seeds_per_s");
    }
    v
}

const SEED: u64 = 777_777;

/// 5,000 draws of PHP `mt_srand(SEED); mt_rand(0, 999)`.
fn php_text() -> String {
    plant(
        SourceId::PhpMtRand,
        Reduction::Range32,
        SEED,
        0,
        999,
        0,
        0,
        5000,
    )
    .iter()
    .map(|d| format!("{d}\n"))
    .collect()
}

fn php_args() -> Vec<String> {
    [
        "assess",
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
        "0..2^20",
        "--shards",
        "8",
    ]
    .map(String::from)
    .to_vec()
}

#[test]
fn fleet_assess_equals_the_embedded_run() {
    let _g = serial();
    let embedded = run(&php_args(), &php_text());
    assert_eq!(embedded.code, 0, "embedded: {}", embedded.stderr);
    let expect = comparable(&embedded.stdout);
    assert_eq!(expect["verdict"], "recovered", "{expect}");
    assert!(
        expect["estimates"].as_array().is_some_and(|a| a.len() > 10),
        "{expect}"
    );

    let redis = RedisServer::start();
    let prefix = unique_prefix("assess");
    let a = WorkerProc::start(&redis, &prefix, LEASE_MS, 1, "wa");
    let b = WorkerProc::start(&redis, &prefix, LEASE_MS, 1, "wb");
    let mut args = php_args();
    args.extend(fleet_args(&redis, &prefix));
    let out = run(&args, &php_text());
    assert_eq!(
        out.code,
        0,
        "fleet assess: {}\n{}\n{}",
        out.stderr,
        a.log_text(),
        b.log_text()
    );
    assert_eq!(comparable(&out.stdout), expect);
    let logs = a.log_text() + &b.log_text();
    assert!(logs.contains("scoring shard done"), "{logs}");
    // The samples key is gone once the scheduler has the results.
    let mut conn = redis.conn();
    let left: Vec<String> = redis::cmd("KEYS")
        .arg(format!("{prefix}:*:samples"))
        .query(&mut conn)
        .expect("KEYS");
    assert!(left.is_empty(), "{left:?}");
}

/// `XPENDING` summary: count, first and last id, (consumer, count) pairs.
type Pending = (u64, redis::Value, redis::Value, Vec<(String, String)>);

/// Consumers holding entries of `stream:score`, with their counts.
fn score_holders(conn: &mut redis::Connection, stream: &str) -> Vec<(String, u64)> {
    let v: Result<Pending, _> = redis::cmd("XPENDING")
        .arg(stream)
        .arg(GROUP_WORKERS)
        .query(conn);
    match v {
        Ok(v) => {
            v.3.into_iter()
                .map(|(c, n)| (c, n.parse().unwrap_or(0)))
                .collect()
        }
        Err(_) => vec![],
    }
}

#[test]
fn a_worker_killed_mid_scoring_shard_gives_the_same_report() {
    let _g = serial();
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("chacha.bin");
    let mut rng = ChaCha20Rng::seed_from_u64(14);
    let mut bytes = vec![0u8; 200_000];
    rng.fill_bytes(&mut bytes);
    std::fs::write(&file, &bytes).expect("write");
    let path = file.display().to_string();
    let base: Vec<String> = [
        "assess",
        "--quiet",
        "--json",
        "--no-sieve",
        "--bytes",
        &path,
    ]
    .map(String::from)
    .to_vec();
    let embedded = run(&base, "");
    assert_eq!(embedded.code, 1, "embedded: {}", embedded.stderr);
    let expect = comparable(&embedded.stdout);
    assert_eq!(expect["verdict"], "chance", "{expect}");

    let redis = RedisServer::start();
    let prefix = unique_prefix("assesskill");
    let q = queue(&redis, &prefix, LEASE_MS);
    let stream = q.keys().stream(StreamKind::Score);
    let mut conn = redis.conn();
    let victim = WorkerProc::start(&redis, &prefix, LEASE_MS, 1, "victim");
    let mut args = base.clone();
    args.extend(fleet_args(&redis, &prefix));
    let scheduler = std::thread::spawn(move || run(&args, ""));
    assert!(
        wait_for(Duration::from_secs(30), || score_holders(
            &mut conn, &stream
        )
        .iter()
        .any(|(c, n)| c == "victim" && *n > 0)),
        "victim never claimed a scoring shard: {}",
        victim.log_text()
    );
    victim.signal("KILL");
    let rescuer = WorkerProc::start(&redis, &prefix, LEASE_MS, 1, "rescuer");
    let out = scheduler.join().expect("scheduler thread");
    assert_eq!(
        out.code,
        1,
        "fleet assess: {}\n{}",
        out.stderr,
        rescuer.log_text()
    );
    assert_eq!(comparable(&out.stdout), expect);
    // The expired lease was reclaimed by the rescuer's or the following
    // scheduler's janitor; the rescuer did the work.
    let log = rescuer.log_text();
    assert!(log.contains("scoring shard done"), "{log}");
    let retried: u64 = redis::cmd("KEYS")
        .arg(format!("{prefix}:*:attempts"))
        .query::<Vec<String>>(&mut redis.conn())
        .expect("KEYS")
        .iter()
        .map(|k| {
            redis::cmd("HVALS")
                .arg(k)
                .query::<Vec<u64>>(&mut redis.conn())
                .expect("HVALS")
                .into_iter()
                .filter(|&n| n >= 2)
                .count() as u64
        })
        .sum();
    assert!(retried >= 1, "a scoring shard on its second attempt");
}
