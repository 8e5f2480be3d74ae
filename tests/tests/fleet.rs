//! The Redis Streams fleet against a real redis-server: lease expiry after
//! SIGKILL, a stale holder after SIGSTOP, poison shards, a Redis restart, late
//! joiners, foreign and malformed messages, SIGTERM hand-back, cancellation.
//! Every job's final result must equal the embedded mode's.
//!
//! Each test starts its own redis-server on a free port and uses its own key
//! root. The tests run one at a time: they measure leases in seconds and share
//! two cores.

use seedsieve_core::engine::default_shard_cost;
use seedsieve_core::job::{JobId, ShardResult, WorkerId, PROTOCOL_VERSION};
use seedsieve_core::plan::{plan, SubmitOptions};
use seedsieve_core::queue::{AckOutcome, QueueError, RenewOutcome, ShardQueue};
use seedsieve_core::redis::{JobStatus, RedisQueue, StreamKind, GROUP_WORKERS};
use seedsieve_core::reduction::Reduction;
use seedsieve_core::registry::SourceId;
use seedsieve_tests::fleet_support::{
    self, comparable, fleet_args, php_draws, queue, record, run, serial, submit_args, wait_over,
    LEASE_MS,
};
use seedsieve_tests::redis_harness::{unique_prefix, wait_for, RedisServer, WorkerProc};
use seedsieve_tests::{plant, Run};
use serde_json::Value;
use std::time::Duration;

/// 8 shards of 2^24 seeds (one core-second at most each).
const RANGE: &str = "0..2^27";
const SEED: u64 = (1 << 27) - 4242;

fn draws_text() -> String {
    php_draws(SEED)
}

fn job_args() -> Vec<String> {
    submit_args(RANGE, 8)
}

fn embedded() -> Value {
    static E: std::sync::OnceLock<Value> = std::sync::OnceLock::new();
    E.get_or_init(|| {
        let r = run(&job_args(), &draws_text());
        assert_eq!(r.code, 0, "embedded run: {}", r.stderr);
        let v = comparable(&r.stdout);
        assert_eq!(v["verdict"], "recovered");
        assert_eq!(v["candidates"][0]["seed"], SEED);
        v
    })
    .clone()
}

fn detach(r: &RedisServer, prefix: &str) -> JobId {
    fleet_support::detach(r, prefix, job_args(), &draws_text())
}

fn result_of(r: &RedisServer, prefix: &str, id: JobId) -> Run {
    let mut a = vec!["result".to_string(), id.to_string(), "--json".into()];
    a.extend(fleet_args(r, prefix));
    run(&a, "")
}

fn assert_same_as_embedded(r: &RedisServer, prefix: &str, id: JobId) {
    let out = result_of(r, prefix, id);
    assert_eq!(out.code, 0, "result: {}", out.stderr);
    assert_eq!(comparable(&out.stdout), embedded());
}

/// Consumers holding leases on the sieve stream, with their pending counts.
fn holders(q: &RedisQueue, conn: &mut redis::Connection) -> Vec<(String, u64)> {
    let v: (u64, Value2, Value2, Vec<(String, String)>) = match redis::cmd("XPENDING")
        .arg(q.keys().stream(StreamKind::Sieve))
        .arg(GROUP_WORKERS)
        .query(conn)
    {
        Ok(v) => v,
        Err(_) => return vec![],
    };
    v.3.into_iter()
        .map(|(c, n)| (c, n.parse().unwrap_or(0)))
        .collect()
}
type Value2 = redis::Value;

fn holds(q: &RedisQueue, conn: &mut redis::Connection, name: &str) -> bool {
    holders(q, conn).iter().any(|(c, n)| c == name && *n > 0)
}

fn results_by_worker(q: &RedisQueue, id: JobId) -> Vec<String> {
    let mut w: Vec<String> = q
        .results(id)
        .expect("results")
        .into_iter()
        .map(|r| r.worker.0)
        .collect();
    w.sort();
    w.dedup();
    w
}

#[test]
fn sigkill_mid_shard_is_reclaimed_after_the_lease() {
    let _g = serial();
    let expect = embedded();
    let redis = RedisServer::start();
    let prefix = unique_prefix("kill");
    let q = queue(&redis, &prefix, LEASE_MS);
    let mut conn = redis.conn();
    let a = WorkerProc::start(&redis, &prefix, LEASE_MS, 1, "victim");
    let id = detach(&redis, &prefix);
    // Killed once the claim is delivered *and* its attempt is counted: a
    // worker killed between the two never began the shard, and the next
    // claim is then rightly its first attempt.
    assert!(
        wait_for(Duration::from_secs(20), || holds(&q, &mut conn, "victim")
            && q.attempts(id).is_ok_and(|a| a.values().any(|&n| n >= 1))),
        "victim never claimed: {}",
        a.log_text()
    );
    a.signal("KILL");
    let b = WorkerProc::start(&redis, &prefix, LEASE_MS, 1, "rescuer");
    let rec = wait_over(&q, id, Duration::from_secs(60), &[&b]);
    assert_eq!(rec.status, JobStatus::Done);
    assert_eq!(rec.done, rec.shards);
    assert_eq!(rec.duplicates, 0, "no result reported twice");
    assert!(
        rec.retried >= 1,
        "the killed worker's shard was retried: {rec:?}"
    );
    let attempts = q.attempts(id).expect("attempts");
    assert!(
        attempts.values().any(|&n| n == 2),
        "a shard on its second attempt: {attempts:?}"
    );
    assert!(attempts.values().all(|&n| n <= 2), "{attempts:?}");
    assert_eq!(q.results(id).expect("results").len() as u64, rec.shards);
    assert!(b.log_text().contains("lease expired"), "{}", b.log_text());
    let out = result_of(&redis, &prefix, id);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(comparable(&out.stdout), expect);
}

#[test]
fn sigstop_past_the_lease_then_sigcont_is_refused_and_counted() {
    let _g = serial();
    let redis = RedisServer::start();
    let prefix = unique_prefix("stop");
    let q = queue(&redis, &prefix, LEASE_MS);
    let mut conn = redis.conn();
    let mut a = WorkerProc::start(&redis, &prefix, LEASE_MS, 1, "sleeper");
    let id = detach(&redis, &prefix);
    assert!(wait_for(Duration::from_secs(20), || holds(
        &q, &mut conn, "sleeper"
    )));
    a.signal("STOP");
    assert!(
        wait_for(Duration::from_secs(5), || a.stopped()),
        "the sleeper did not stop"
    );
    let b = WorkerProc::start(&redis, &prefix, LEASE_MS, 1, "finisher");
    let rec = wait_over(&q, id, Duration::from_secs(60), &[&b]);
    assert_eq!(rec.status, JobStatus::Done);
    a.signal("CONT");
    // The sleeper's next renewal (or ack) is refused: it no longer holds the
    // entry. Whichever comes first after SIGCONT is refused: the renewal (the
    // renewer is overdue; it cancels the sweep, so no ack follows) or, when
    // the sweep had finished before the stop, the ack, which also counts a
    // duplicate. The counter is bumped in Redis before the worker writes its
    // log line, so wait for both.
    let refused = |log: &str| log.contains("renewal refused") || log.contains("stale ack refused");
    assert!(
        wait_for(Duration::from_secs(10), || record(&q, id).stale >= 1
            && refused(&a.log_text())),
        "no stale renewal or ack counted and logged: {:?}\n{}",
        record(&q, id),
        a.log_text()
    );
    let rec = record(&q, id);
    let log = a.log_text();
    if log.contains("stale ack refused") {
        assert!(
            rec.duplicates >= 1,
            "the stale holder's completion counted as duplicate: {rec:?}"
        );
    }
    assert_eq!(rec.done, rec.shards, "nothing reported twice");
    assert_eq!(q.results(id).expect("results").len() as u64, rec.shards);
    assert!(results_by_worker(&q, id)
        .iter()
        .all(|w| w == "finisher" || w == "sleeper"));
    assert_same_as_embedded(&redis, &prefix, id);
    a.signal("TERM");
    let st = a
        .wait_exit(Duration::from_secs(5))
        .expect("sleeper exits after SIGTERM");
    assert!(st.success(), "{st:?}");
}

#[test]
fn poison_shard_reaches_the_dead_letter_stream() {
    let _g = serial();
    let redis = RedisServer::start();
    let prefix = unique_prefix("poison");
    let q = queue(&redis, &prefix, LEASE_MS);
    let draws = plant(
        SourceId::PhpMtRand,
        Reduction::Range32,
        77,
        0,
        999,
        0,
        0,
        30,
    );
    let opts = SubmitOptions {
        sources: vec![SourceId::PhpMtRand],
        seed_range: Some((0, 1 << 16)),
        max_offset: 0,
        max_skip: 0,
        max_mismatches: 0,
        predict: 5,
    };
    let planned = plan(&draws, 0, 999, &opts).expect("plans");
    let mut shards = planned.spec.shards(default_shard_cost(), 4);
    assert!(shards.len() >= 2);
    // shift1 yields 0..2^31-1 only: this shard fails on every worker, every time.
    shards[1].targets[0].reduction = Reduction::Shift1;
    let id = planned.spec.id;
    q.submit(&planned, shards, 3).expect("submit");
    let w = WorkerProc::start(&redis, &prefix, LEASE_MS, 1, "w");
    let rec = wait_over(&q, id, Duration::from_secs(30), &[&w]);
    assert_eq!(rec.status, JobStatus::Failed);
    assert_eq!(rec.dead, 1);
    assert_eq!(rec.done, rec.shards - 1);
    assert_eq!(q.attempts(id).expect("attempts")[&1], 3);
    let dead = q.dead_letters().expect("dead letters");
    assert_eq!(dead.len(), 1, "{dead:?}");
    let f = &dead[0].1;
    assert_eq!(f["attempts"], "3");
    assert_eq!(f["index"], "1");
    assert_eq!(f["job"], id.to_string());
    assert!(f["error"].contains("shift1"), "{f:?}");
    let out = result_of(&redis, &prefix, id);
    assert_eq!(out.code, 3, "{}", out.stderr);
    assert!(
        out.stderr.contains("1 shard(s) failed") && out.stderr.contains("shift1"),
        "{}",
        out.stderr
    );
}

#[test]
fn redis_restart_mid_job_loses_nothing() {
    let _g = serial();
    let expect = embedded();
    let mut redis = RedisServer::start();
    let prefix = unique_prefix("restart");
    let q = queue(&redis, &prefix, LEASE_MS);
    let a = WorkerProc::start(&redis, &prefix, LEASE_MS, 1, "a");
    let b = WorkerProc::start(&redis, &prefix, LEASE_MS, 1, "b");
    // The scheduler follows the job across the restart.
    let mut args = job_args();
    args.extend(fleet_args(&redis, &prefix));
    let stdin = draws_text();
    let follower = std::thread::spawn(move || run(&args, &stdin));
    assert!(
        wait_for(Duration::from_secs(30), || {
            q.jobs(1)
                .ok()
                .and_then(|j| j.first().copied())
                .and_then(|id| q.job(id).ok().flatten())
                .is_some_and(|r| r.done >= 1)
        }),
        "no shard done before the restart"
    );
    let id = q.jobs(1).expect("jobs")[0];
    let before = record(&q, id);
    assert!(
        before.done < before.shards,
        "the job finished before the restart: make it longer"
    );
    redis.stop();
    std::thread::sleep(Duration::from_millis(1500));
    redis.restart();
    let out = follower.join().expect("follower thread");
    assert_eq!(
        out.code,
        0,
        "follower: {}\n--- a ---\n{}\n--- b ---\n{}",
        out.stderr,
        a.log_text(),
        b.log_text()
    );
    assert_eq!(comparable(&out.stdout), expect);
    let rec = record(&q, id);
    assert_eq!(rec.done, rec.shards);
    assert_eq!(rec.duplicates, 0);
    assert_eq!(q.results(id).expect("results").len() as u64, rec.shards);
    assert!(
        a.log_text().contains("unavailable") || b.log_text().contains("unavailable"),
        "no worker logged the outage\n--- a ---\n{}\n--- b ---\n{}",
        a.log_text(),
        b.log_text()
    );
}

#[test]
fn workers_share_a_job_and_a_late_worker_joins() {
    let _g = serial();
    let redis = RedisServer::start();
    let prefix = unique_prefix("share");
    let q = queue(&redis, &prefix, LEASE_MS);
    let id = detach(&redis, &prefix);
    let a = WorkerProc::start(&redis, &prefix, LEASE_MS, 1, "early");
    assert!(wait_for(Duration::from_secs(20), || record(&q, id).done >= 1));
    let b = WorkerProc::start(&redis, &prefix, LEASE_MS, 1, "late");
    let rec = wait_over(&q, id, Duration::from_secs(60), &[&a, &b]);
    assert_eq!(rec.status, JobStatus::Done);
    assert_eq!(
        results_by_worker(&q, id),
        vec!["early".to_string(), "late".to_string()]
    );
    assert_eq!(rec.duplicates, 0);
    assert_same_as_embedded(&redis, &prefix, id);
    let mut st = vec!["status".to_string(), id.to_string(), "--json".into()];
    st.extend(fleet_args(&redis, &prefix));
    let out = run(&st, "");
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v: Value = serde_json::from_str(&out.stdout).expect("status JSON");
    assert_eq!(v["done"], rec.shards);
    assert_eq!(v["pending"], 0);
    assert_eq!(v["status"], "done");
    let mut all = vec!["status".to_string()];
    all.extend(fleet_args(&redis, &prefix));
    let out = run(&all, "");
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("early")
            && out.stdout.contains("late")
            && out.stdout.contains(&id.to_string()),
        "{}",
        out.stdout
    );
}

#[test]
fn foreign_and_malformed_messages_are_kept_and_do_not_crash_a_worker() {
    let _g = serial();
    let redis = RedisServer::start();
    let prefix = unique_prefix("garbage");
    let q = queue(&redis, &prefix, LEASE_MS);
    q.ensure_groups().expect("groups");
    let stream = q.keys().stream(StreamKind::Sieve);
    let mut conn = redis.conn();
    let add = |conn: &mut redis::Connection, fields: &[(&str, &str)]| -> String {
        let mut c = redis::cmd("XADD");
        c.arg(&stream).arg("*");
        for (k, v) in fields {
            c.arg(*k).arg(*v);
        }
        c.query(conn).expect("xadd")
    };
    let foreign = add(
        &mut conn,
        &[
            ("v", "99"),
            ("job", "x"),
            ("body", "{\"from\":\"the future\"}"),
        ],
    );
    add(&mut conn, &[("garbage", "\u{1}\u{2}")]);
    add(&mut conn, &[("v", "1"), ("body", "not json")]);
    let mut w = WorkerProc::start(&redis, &prefix, LEASE_MS, 1, "w");
    let mut args = job_args();
    args.extend(fleet_args(&redis, &prefix));
    let out = run(&args, &draws_text());
    assert_eq!(out.code, 0, "{}\n{}", out.stderr, w.log_text());
    assert_eq!(comparable(&out.stdout), embedded());
    assert!(w.alive(), "the worker survived: {}", w.log_text());
    // The foreign entry is still in the stream, pending, for a worker that speaks v99.
    let kept: Vec<(String, std::collections::HashMap<String, String>)> = redis::cmd("XRANGE")
        .arg(&stream)
        .arg(&foreign)
        .arg(&foreign)
        .query(&mut conn)
        .expect("xrange");
    assert_eq!(kept.len(), 1, "foreign entry kept");
    assert_eq!(kept[0].1["v"], "99");
    assert!(
        w.log_text().contains(&format!(
            "speaks protocol 99, this build speaks {PROTOCOL_VERSION}"
        )),
        "{}",
        w.log_text()
    );
    let dead = q.dead_letters().expect("dead letters");
    assert_eq!(dead.len(), 2, "{dead:?}");
    assert!(
        dead[0].1["error"].contains("no protocol version") && dead[0].1["raw"].contains("garbage"),
        "{dead:?}"
    );
    assert!(
        dead[1].1["error"].contains("not a shard") && dead[1].1["raw"].contains("not json"),
        "{dead:?}"
    );
}

#[test]
fn sigterm_hands_the_shard_back_within_two_seconds() {
    let _g = serial();
    let redis = RedisServer::start();
    let prefix = unique_prefix("term");
    let q = queue(&redis, &prefix, LEASE_MS);
    let mut conn = redis.conn();
    let mut a = WorkerProc::start(&redis, &prefix, LEASE_MS, 1, "leaver");
    let id = detach(&redis, &prefix);
    assert!(wait_for(Duration::from_secs(20), || holds(
        &q, &mut conn, "leaver"
    )));
    let t = std::time::Instant::now();
    a.signal("TERM");
    let st = a
        .wait_exit(Duration::from_secs(2))
        .unwrap_or_else(|| panic!("still running 2 s after SIGTERM: {}", a.log_text()));
    assert!(st.success(), "exit status {st:?}: {}", a.log_text());
    assert!(t.elapsed() < Duration::from_secs(2));
    assert!(!holds(&q, &mut conn, "leaver"), "no lease held after exit");
    assert!(a.log_text().contains("handed back"), "{}", a.log_text());
    let b = WorkerProc::start(&redis, &prefix, LEASE_MS, 1, "stayer");
    let rec = wait_over(&q, id, Duration::from_secs(60), &[&b]);
    assert_eq!(rec.retried, 0, "a hand-back is not a failure");
    assert!(
        q.attempts(id).expect("attempts").values().all(|&n| n == 1),
        "a hand-back does not count as an attempt"
    );
    assert_same_as_embedded(&redis, &prefix, id);
}

#[test]
fn cancel_drops_the_jobs_shards() {
    let _g = serial();
    let redis = RedisServer::start();
    let prefix = unique_prefix("cancel");
    let q = queue(&redis, &prefix, LEASE_MS);
    let id = detach(&redis, &prefix);
    let mut a = vec!["cancel".to_string(), id.to_string()];
    a.extend(fleet_args(&redis, &prefix));
    let out = run(&a, "");
    assert_eq!(out.code, 0, "{}", out.stderr);
    let w = WorkerProc::start(&redis, &prefix, LEASE_MS, 1, "w");
    let shards = record(&q, id).shards;
    assert!(
        wait_for(Duration::from_secs(20), || record(&q, id).cancelled_shards
            == shards),
        "{}",
        w.log_text()
    );
    assert_eq!(record(&q, id).done, 0);
    let out = result_of(&redis, &prefix, id);
    assert_eq!(out.code, 3);
    assert!(out.stderr.contains("cancelled"), "{}", out.stderr);
}

/// The lease protocol through the library, step by step: a stale holder can
/// neither renew nor ack, and its late completion is counted as a duplicate.
#[test]
fn stale_holder_cannot_renew_or_ack() {
    let _g = serial();
    let redis = RedisServer::start();
    let prefix = unique_prefix("stale");
    let lease = 400;
    let q = queue(&redis, &prefix, lease);
    let draws = plant(SourceId::PhpMtRand, Reduction::Range32, 5, 0, 999, 0, 0, 30);
    let opts = SubmitOptions {
        sources: vec![SourceId::PhpMtRand],
        seed_range: Some((0, 4096)),
        max_offset: 0,
        max_skip: 0,
        max_mismatches: 0,
        predict: 5,
    };
    let planned = plan(&draws, 0, 999, &opts).expect("plans");
    let shards = planned.spec.shards(default_shard_cost(), 1);
    assert_eq!(shards.len(), 1);
    let id = planned.spec.id;
    q.submit(&planned, shards, 3).expect("submit");
    let (a, b, j) = (
        WorkerId("A".into()),
        WorkerId("B".into()),
        WorkerId("J".into()),
    );
    let la = q
        .claim(&a, Duration::from_secs(1))
        .expect("claim")
        .expect("a shard");
    assert_eq!(la.attempt, 1);
    assert_eq!(q.renew(&la, 0).expect("renew"), RenewOutcome::Held);
    // Nothing to reclaim while the lease runs.
    assert_eq!(q.janitor(&j).expect("janitor").reclaimed, 0);
    std::thread::sleep(Duration::from_millis(lease + 100));
    assert_eq!(q.janitor(&j).expect("janitor").reclaimed, 1);
    let mut lb = None;
    assert!(wait_for(Duration::from_secs(5), || {
        q.janitor(&j).expect("janitor");
        lb = q.claim(&b, Duration::from_millis(10)).expect("claim");
        lb.is_some()
    }));
    let lb = lb.expect("B holds the retried shard");
    assert_eq!(lb.attempt, 2);
    assert_eq!(q.renew(&la, 0).expect("renew"), RenewOutcome::Lost);
    let result = |who: &WorkerId| ShardResult {
        protocol_version: PROTOCOL_VERSION,
        shard: lb.shard.id,
        survivors: vec![],
        seeds_tried: lb.shard.seeds.len(),
        elapsed_s: 0.0,
        worker: who.clone(),
    };
    assert_eq!(q.ack(&lb, result(&b)).expect("ack"), AckOutcome::Recorded);
    assert!(matches!(
        q.ack(&la, result(&a)),
        Err(QueueError::NotHeld(_))
    ));
    assert!(
        matches!(q.ack(&lb, result(&b)), Err(QueueError::NotHeld(_))),
        "acked twice"
    );
    let rec = record(&q, id);
    assert_eq!((rec.done, rec.stale, rec.duplicates), (1, 3, 2), "{rec:?}");
    assert_eq!(rec.status, JobStatus::Done);
    let res = q.results(id).expect("results");
    assert_eq!(res.len(), 1);
    assert_eq!(res[0].worker, b);
    // A released lease comes back at once with the same attempt number.
    let q2 = queue(&redis, &prefix, lease);
    let mut more = planned.spec.shards(default_shard_cost(), 1);
    more[0].id.index = 0;
    q2.enqueue(more).expect("enqueue");
    let lc = q2
        .claim(&a, Duration::from_secs(1))
        .expect("claim")
        .expect("shard");
    q2.release(&lc).expect("release");
    assert!(matches!(q2.release(&lc), Err(QueueError::NotHeld(_))));
    let ld = q2
        .claim(&b, Duration::from_secs(1))
        .expect("claim")
        .expect("released shard");
    assert_eq!(ld.attempt, lc.attempt);
}

/// `worker --backend opencl` serves the queue with the CPU worker's results
/// (PoCL in CI; skipped, saying why, where no OpenCL device exists, unless
/// SEEDSIEVE_REQUIRE_OPENCL is set).
#[test]
fn opencl_worker_serves_the_queue() {
    gpu_worker_serves_the_queue(
        seedsieve_core::backend::BackendKind::Opencl,
        "SEEDSIEVE_REQUIRE_OPENCL",
    );
}

/// `worker --backend cuda` serves the queue with the CPU worker's results
/// (skipped, saying why, where no CUDA device exists, unless
/// SEEDSIEVE_REQUIRE_CUDA is set).
#[test]
fn cuda_worker_serves_the_queue() {
    gpu_worker_serves_the_queue(
        seedsieve_core::backend::BackendKind::Cuda,
        "SEEDSIEVE_REQUIRE_CUDA",
    );
}

fn gpu_worker_serves_the_queue(kind: seedsieve_core::backend::BackendKind, require: &str) {
    let _g = serial();
    let (devices, notes) = seedsieve_core::backend::list_devices();
    if !devices.iter().any(|d| d.backend == kind) {
        assert!(
            std::env::var_os(require).is_none(),
            "{require} is set but no {kind} device: {notes:?}"
        );
        eprintln!("SKIPPED: no {kind} device: {notes:?}");
        return;
    }
    let redis = RedisServer::start();
    let prefix = unique_prefix("opencl");
    let q = queue(&redis, &prefix, LEASE_MS);
    let mut a = job_args();
    // A narrower sweep: PoCL runs the kernels on the CPU, slowly.
    let at = a.iter().position(|x| x == RANGE).expect("range arg");
    a[at] = format!("{}..{}", SEED - (1 << 17), SEED + 1000);
    let embedded = run(&a, &draws_text());
    assert_eq!(embedded.code, 0, "{}", embedded.stderr);
    let w = WorkerProc::start_with(
        &redis,
        &prefix,
        10_000,
        1,
        "gpu",
        &["--backend", &kind.to_string()],
    );
    a.extend(fleet_args(&redis, &prefix));
    let out = run(&a, &draws_text());
    assert_eq!(out.code, 0, "{}\n{}", out.stderr, w.log_text());
    assert_eq!(comparable(&out.stdout), comparable(&embedded.stdout));
    assert!(
        w.log_text().contains("self-test passed"),
        "{}",
        w.log_text()
    );
    let id = q.jobs(1).expect("jobs")[0];
    assert_eq!(results_by_worker(&q, id), vec!["gpu".to_string()]);
}

/// Partial progress (issue 13, item 5): a renewal records the seeds its
/// holder swept so far in the shard, replacing its earlier figure and capped
/// at the shard's size; a stale holder writes nothing; a reclaim, a
/// hand-back or an ack drops the figure, and the ack adds the shard's seeds
/// once. So a shard never counts twice, however often it is retried.
#[test]
fn partial_progress_counts_each_shard_once_across_retries_and_acks() {
    let _g = serial();
    let redis = RedisServer::start();
    let prefix = unique_prefix("partial");
    let lease = 400;
    let q = queue(&redis, &prefix, lease);
    let draws = plant(SourceId::PhpMtRand, Reduction::Range32, 5, 0, 999, 0, 0, 30);
    let opts = SubmitOptions {
        sources: vec![SourceId::PhpMtRand],
        seed_range: Some((0, 4096)),
        max_offset: 0,
        max_skip: 0,
        max_mismatches: 0,
        predict: 5,
    };
    let planned = plan(&draws, 0, 999, &opts).expect("plans");
    let shards = planned.spec.shards(default_shard_cost(), 1);
    assert_eq!(shards.len(), 1);
    let id = planned.spec.id;
    q.submit(&planned, shards, 3).expect("submit");
    let p = || q.progress(id).expect("progress").expect("job");
    let (a, b, c, j) = (
        WorkerId("A".into()),
        WorkerId("B".into()),
        WorkerId("C".into()),
        WorkerId("J".into()),
    );
    let claim = |w: &WorkerId| {
        let mut l = None;
        assert!(wait_for(Duration::from_secs(5), || {
            q.janitor(&j).expect("janitor");
            l = q.claim(w, Duration::from_millis(10)).expect("claim");
            l.is_some()
        }));
        l.expect("a shard")
    };
    let la = claim(&a);
    let size = la.shard.seeds.len();
    assert_eq!(size, 4096);
    assert_eq!((p().seeds_partial, p().seeds_total), (0, 4096));
    assert_eq!(q.renew(&la, 100).expect("renew"), RenewOutcome::Held);
    assert_eq!(p().seeds_partial, 100);
    // Replaced, not added; capped at the shard's size.
    assert_eq!(q.renew(&la, 300).expect("renew"), RenewOutcome::Held);
    assert_eq!(p().seeds_partial, 300);
    assert_eq!(q.renew(&la, 10 * size).expect("renew"), RenewOutcome::Held);
    assert_eq!((p().seeds_partial, p().seeds_swept()), (size, size));
    // A's lease expires: the reclaim drops its partial progress.
    std::thread::sleep(Duration::from_millis(lease + 100));
    assert_eq!(q.janitor(&j).expect("janitor").reclaimed, 1);
    assert_eq!(p().seeds_partial, 0);
    let lb = claim(&b);
    assert_eq!(lb.attempt, 2);
    assert_eq!(q.renew(&lb, 50).expect("renew"), RenewOutcome::Held);
    // The stale holder's figure is refused.
    assert_eq!(q.renew(&la, 4000).expect("renew"), RenewOutcome::Lost);
    assert_eq!(p().seeds_partial, 50);
    // A hand-back drops it too; the next holder starts from nothing.
    q.release(&lb).expect("hand back");
    assert_eq!(p().seeds_partial, 0);
    let lc = claim(&c);
    assert_eq!(q.renew(&lc, 30).expect("renew"), RenewOutcome::Held);
    assert_eq!(p().seeds_swept(), 30);
    let r = ShardResult {
        protocol_version: PROTOCOL_VERSION,
        shard: lc.shard.id,
        survivors: vec![],
        seeds_tried: size,
        elapsed_s: 0.0,
        worker: c.clone(),
    };
    assert_eq!(q.ack(&lc, r).expect("ack"), AckOutcome::Recorded);
    let after = p();
    assert_eq!(
        (after.seeds_done, after.seeds_partial, after.seeds_swept()),
        (size, 0, size),
        "the ack replaced the partial figure by the shard's seeds"
    );
    assert!(after.over);
    // A renewal after the ack (the lease is gone) writes nothing.
    assert_eq!(q.renew(&lc, 4096).expect("renew"), RenewOutcome::Lost);
    assert_eq!(p().seeds_partial, 0);
    let rec = record(&q, id);
    assert_eq!((rec.seeds_swept(), rec.retried), (size, 1));
}

/// A worker reports the seeds swept within the shard it is sweeping: it
/// renews that lease at least every second (here every lease/3) with them,
/// so the job's partial progress shows while shards run; `scheduler status`
/// prints percent done, an SI rate and an ETA. (Shards here take about half
/// a second each: the figure is caught between a renewal and the ack.)
#[test]
fn a_fleet_job_shows_partial_progress_while_shards_are_swept() {
    let _g = serial();
    let redis = RedisServer::start();
    let prefix = unique_prefix("rate");
    // 2^28 seeds: 16 shards of 2^24 (default_shard_cost) on one thread.
    let id = fleet_support::detach(
        &redis,
        &prefix,
        submit_args("0..2^28", 8),
        &php_draws(1 << 27),
    );
    let q = queue(&redis, &prefix, LEASE_MS);
    let w = WorkerProc::start(&redis, &prefix, LEASE_MS, 1, "slow");
    let ok = wait_for(Duration::from_secs(60), || {
        let p = q.progress(id).expect("progress").expect("job");
        assert!(p.seeds_swept() <= p.seeds_total);
        assert!(
            p.seeds_partial <= 1 << 24,
            "at most one shard in flight: {p:?}"
        );
        p.seeds_partial > 0 && !p.over
    });
    assert!(
        ok,
        "no partial progress while the job ran: {}",
        w.log_text()
    );
    let mut a = vec!["status".to_string(), id.to_string()];
    a.extend(fleet_args(&redis, &prefix));
    let out = run(&a, "");
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("seeds/s") && out.stdout.contains("%;") && out.stdout.contains("ETA"),
        "{}",
        out.stdout
    );
    a.push("--json".into());
    let v: Value = serde_json::from_str(run(&a, "").stdout.trim()).expect("status --json");
    assert!(v["seeds_swept"].as_u64().expect("seeds_swept") > 0, "{v}");
    assert!(
        v["percent_done"].as_f64().expect("percent_done") > 0.0,
        "{v}"
    );
    assert!(v["seeds_partial"].as_u64().is_some(), "{v}");
    let mut c = vec!["cancel".to_string(), id.to_string()];
    c.extend(fleet_args(&redis, &prefix));
    assert_eq!(run(&c, "").code, 0);
    drop(w);
}
