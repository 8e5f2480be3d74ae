//! The fleet's operational defects of issue 12 against a real redis-server:
//! consumer groups lost with the data (#5), a submit killed mid-enqueue (#6),
//! credentials in URLs (#4), idle stop and input limits (#11), retention and
//! purge (#9). Each test starts its own redis-server and uses its own key root;
//! they run one at a time.

use seedsieve_core::engine::default_shard_cost;
use seedsieve_core::job::{JobId, ShardResult, WorkerId, PROTOCOL_VERSION};
use seedsieve_core::plan::{plan, SubmitOptions};
use seedsieve_core::queue::{AckOutcome, ShardQueue};
use seedsieve_core::redis::{JobStatus, StreamKind, GROUP_WORKERS};
use seedsieve_core::reduction::Reduction;
use seedsieve_core::registry::SourceId;
use seedsieve_tests::fleet_support::{
    self, fleet_args, php_draws, queue, record, run, serial, submit_args, wait_over, LEASE_MS,
};
use seedsieve_tests::plant;
use seedsieve_tests::redis_harness::{unique_prefix, wait_for, RedisServer, WorkerProc};
use serde_json::Value;
use std::time::Duration;

fn draws_text() -> String {
    php_draws((1 << 27) - 4242)
}

/// `submit` of an 8-shard php_mt_rand job over 2^27 seeds, JSON output.
fn job_args() -> Vec<String> {
    submit_args("0..2^27", 8)
}

fn detach(r: &RedisServer, prefix: &str) -> JobId {
    fleet_support::detach(r, prefix, job_args(), &draws_text())
}

fn has_group(conn: &mut redis::Connection, stream: &str, group: &str) -> bool {
    let groups: Vec<std::collections::HashMap<String, redis::Value>> =
        match redis::cmd("XINFO").arg("GROUPS").arg(stream).query(conn) {
            Ok(g) => g,
            Err(_) => return false,
        };
    groups.iter().any(|g| {
        g.get("name")
            .and_then(|v| redis::from_redis_value_ref::<String>(v).ok())
            .is_some_and(|n| n == group)
    })
}

/// Issue 12 #5: after Redis lost its data (a restart without AOF, here
/// FLUSHALL), consumers create their groups again instead of failing with
/// NOGROUP for ever; the worker then serves a new job.
#[test]
fn consumer_groups_lost_with_the_data_are_created_again() {
    use seedsieve_core::feedback::store;
    let _g = serial();
    let redis = RedisServer::start();
    let prefix = unique_prefix("nogroup");
    let q = queue(&redis, &prefix, LEASE_MS);
    let mut conn = redis.conn();
    let w = WorkerProc::start(&redis, &prefix, LEASE_MS, 1, "w");
    let sieve = q.keys().stream(StreamKind::Sieve);
    assert!(
        wait_for(Duration::from_secs(20), || has_group(
            &mut conn,
            &sieve,
            GROUP_WORKERS
        )),
        "{}",
        w.log_text()
    );
    redis::cmd("FLUSHALL")
        .query::<()>(&mut conn)
        .expect("flushall");
    assert!(
        wait_for(Duration::from_secs(5), || has_group(
            &mut conn,
            &sieve,
            GROUP_WORKERS
        )),
        "the worker did not create its group again: {}",
        w.log_text()
    );
    std::thread::sleep(Duration::from_secs(2));
    let nogroup = w.log_text().matches("NOGROUP").count();
    assert!(nogroup <= 3, "{nogroup} NOGROUP lines: {}", w.log_text());
    // The request stream's consumer (the watcher's claim) does the same.
    let me = WorkerId("watcher-1".into());
    assert!(store::claim(&q, &me, Duration::from_millis(10))
        .expect("claim after data loss")
        .is_none());
    assert!(has_group(
        &mut conn,
        &q.keys().stream(StreamKind::Requests),
        "watchers"
    ));
    let id = detach(&redis, &prefix);
    let rec = wait_over(&q, id, Duration::from_secs(60), &[&w]);
    assert_eq!(rec.status, JobStatus::Done);
}

/// Issue 12 #6: `submit --redis` killed (-9) while it enqueues leaves the
/// whole job or nothing, never a job record with part of its shards (which
/// never settles).
#[test]
fn a_submit_killed_while_enqueueing_leaves_all_or_nothing() {
    use std::io::Write;
    let _g = serial();
    let redis = RedisServer::start();
    let prefix = unique_prefix("atomic");
    let q = queue(&redis, &prefix, LEASE_MS);
    let mut conn = redis.conn();
    let mut a = job_args();
    let at = a.iter().position(|x| x == "8").expect("--shards 8");
    a[at] = "30000".into();
    a.extend(fleet_args(&redis, &prefix));
    a.push("--detach".into());
    let mut child = std::process::Command::new(seedsieve_tests::scheduler_bin())
        .args(&a)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("scheduler starts");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(draws_text().as_bytes())
        .expect("draws written");
    let stream = q.keys().stream(StreamKind::Sieve);
    let (jobs, job_prefix) = (q.keys().jobs(), q.keys().base().to_string());
    // Kill it the moment anything of the job is visible.
    let seen = wait_for(Duration::from_secs(60), || {
        let n: (u64, u64) = redis::pipe()
            .cmd("XLEN")
            .arg(&stream)
            .cmd("ZCARD")
            .arg(&jobs)
            .query(&mut conn)
            .unwrap_or((0, 0));
        n.0 + n.1 > 0
    });
    let _ = child.kill();
    let _ = child.wait();
    assert!(seen, "the submit wrote nothing within 60 s");
    let len: u64 = redis::cmd("XLEN")
        .arg(&stream)
        .query(&mut conn)
        .expect("xlen");
    let ids = q.jobs(10).expect("jobs");
    assert_eq!(ids.len(), 1, "one job under {job_prefix}");
    let rec = record(&q, ids[0]);
    assert_eq!(
        len, rec.shards,
        "the job record says {} shards, the stream holds {len}",
        rec.shards
    );
    assert!(rec.shards >= 30000, "{}", rec.shards);
}

/// Issue 12 #4: a password in the Redis URL is never printed (submit's
/// "queued on", the worker's log, a bad URL's error), and the URL can come
/// from a file (`--redis-file`, `SEEDSIEVE_REDIS_FILE`) instead of the command
/// line. A bad URL is bad input (exit 2).
#[test]
fn redis_credentials_are_never_printed_and_can_come_from_a_file() {
    let _g = serial();
    let redis = RedisServer::start();
    let prefix = unique_prefix("creds");
    let mut conn = redis.conn();
    redis::cmd("ACL")
        .arg("SETUSER")
        .arg("alice")
        .arg("on")
        .arg(">S3CRETpw")
        .arg("~*")
        .arg("&*")
        .arg("+@all")
        .query::<()>(&mut conn)
        .expect("acl user");
    let url = format!("redis://alice:S3CRETpw@127.0.0.1:{}", redis.port);
    let file = redis.dir.join("redis-url");
    std::fs::write(&file, format!("{url}\n")).expect("url file");
    // The worker reads its URL from the file (through the environment).
    let log = redis.dir.join("w.log");
    let mut w = std::process::Command::new(seedsieve_tests::worker_bin())
        .args([
            "--prefix",
            &prefix,
            "--lease-ms",
            "2000",
            "--concurrency",
            "1",
        ])
        .args(["--name", "w", "--backend", "cpu"])
        .env_remove("SEEDSIEVE_REDIS")
        .env("SEEDSIEVE_REDIS_FILE", &file)
        .env("SEEDSIEVE_LOG", "info,seedsieve_core=debug")
        .stdout(std::process::Stdio::null())
        .stderr(std::fs::File::create(&log).expect("log"))
        .spawn()
        .expect("worker starts");
    // The scheduler follows a job through the URL with the password.
    let mut a: Vec<String> = job_args().into_iter().filter(|x| x != "--quiet").collect();
    a.extend([
        "--redis".into(),
        url.clone(),
        "--prefix".into(),
        prefix.clone(),
    ]);
    let out = run(&a, &draws_text());
    let wlog = std::fs::read_to_string(&log).unwrap_or_default();
    let _ = w.kill();
    let _ = w.wait();
    assert_eq!(out.code, 0, "{}\n{wlog}", out.stderr);
    assert!(
        out.stderr.contains("queued on redis://***@127.0.0.1"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("S3CRET"), "{}", out.stderr);
    assert!(!wlog.contains("S3CRET"), "{wlog}");
    assert!(wlog.contains("redis://***@127.0.0.1"), "{wlog}");
    // status through the file.
    let st = run(
        &[
            "status".into(),
            "--redis-file".into(),
            file.to_string_lossy().into_owned(),
            "--prefix".into(),
            prefix.clone(),
        ],
        "",
    );
    assert_eq!(st.code, 0, "{}", st.stderr);
    // A URL that is not a Redis URL: exit 2, the password not echoed.
    let mut bad = job_args();
    bad.extend([
        "--redis".into(),
        "http://alice:S3CRETpw@127.0.0.1:1".into(),
        "--detach".into(),
    ]);
    let out = run(&bad, &draws_text());
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(!out.stderr.contains("S3CRET"), "{}", out.stderr);
    // Both a URL and a file: refused.
    let mut both = job_args();
    both.extend([
        "--redis".into(),
        url,
        "--redis-file".into(),
        file.to_string_lossy().into_owned(),
    ]);
    assert_eq!(run(&both, &draws_text()).code, 2);
}

/// Issue 12 #11: an idle worker stops within a second of SIGTERM, and
/// `--max-attempts 0` is refused as bad input.
#[test]
fn idle_worker_stops_within_a_second_and_zero_attempts_are_refused() {
    let _g = serial();
    let redis = RedisServer::start();
    let prefix = unique_prefix("idle");
    let mut w = WorkerProc::start(&redis, &prefix, 30_000, 2, "idle");
    assert!(wait_for(Duration::from_secs(20), || w
        .log_text()
        .contains("worker started")));
    std::thread::sleep(Duration::from_millis(700));
    let t = std::time::Instant::now();
    w.signal("TERM");
    let st = w
        .wait_exit(Duration::from_secs(5))
        .expect("exits after SIGTERM");
    assert!(st.success(), "{st:?}");
    assert!(
        t.elapsed() < Duration::from_secs(1),
        "stopped in {:?}",
        t.elapsed()
    );
    let mut a = job_args();
    a.extend(fleet_args(&redis, &prefix));
    a.extend(["--max-attempts".into(), "0".into(), "--detach".into()]);
    let out = run(&a, &draws_text());
    assert_eq!(out.code, 2, "{}", out.stderr);
}

/// Issue 12 #9: a settled job's keys expire after the retention period, and
/// `scheduler purge` deletes settled jobs (and ids whose record expired)
/// while keeping running ones.
#[test]
fn settled_jobs_expire_and_purge_deletes_them() {
    use seedsieve_core::redis::SubmitSettings;
    let _g = serial();
    let redis = RedisServer::start();
    let prefix = unique_prefix("retain");
    let q = queue(&redis, &prefix, LEASE_MS);
    let mut conn = redis.conn();
    let draws = plant(SourceId::PhpMtRand, Reduction::Range32, 5, 0, 999, 0, 0, 30);
    let opts = SubmitOptions {
        sources: vec![SourceId::PhpMtRand],
        seed_range: Some((0, 4096)),
        max_offset: 0,
        max_skip: 0,
        max_mismatches: 0,
        predict: 5,
    };
    let submit = |retention: Option<Duration>| {
        let planned = plan(&draws, 0, 999, &opts).expect("plans");
        let shards = planned.spec.shards(default_shard_cost(), 1);
        q.submit_with(
            &planned,
            shards,
            SubmitSettings {
                max_attempts: 3,
                retention,
            },
        )
        .expect("submit");
        planned.spec.id
    };
    let finish = |who: &str| {
        let l = q
            .claim(&WorkerId(who.into()), Duration::from_secs(1))
            .expect("claim")
            .expect("a shard");
        let r = ShardResult {
            protocol_version: PROTOCOL_VERSION,
            shard: l.shard.id,
            survivors: vec![],
            seeds_tried: l.shard.seeds.len(),
            elapsed_s: 0.0,
            worker: l.consumer.clone(),
        };
        assert_eq!(q.ack(&l, r).expect("ack"), AckOutcome::Recorded);
    };
    let short = submit(Some(Duration::from_millis(800)));
    finish("a");
    assert_eq!(record(&q, short).status, JobStatus::Done);
    let ttl: i64 = redis::cmd("PTTL")
        .arg(q.keys().results(short))
        .query(&mut conn)
        .expect("pttl");
    assert!(ttl > 0 && ttl <= 800, "results TTL {ttl}");
    let kept = submit(None);
    finish("a");
    let running = submit(None);
    assert!(wait_for(Duration::from_secs(5), || q
        .job(short)
        .expect("redis")
        .is_none()));
    let mut a = vec![
        "purge".to_string(),
        "--older-than".into(),
        "0s".into(),
        "--json".into(),
    ];
    a.extend(fleet_args(&redis, &prefix));
    let out = run(&a, "");
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v: Value = serde_json::from_str(&out.stdout).expect("purge JSON");
    assert_eq!(v["jobs"], serde_json::json!([kept.to_string()]), "{v}");
    assert_eq!(
        (v["expired"].as_u64(), v["running"].as_u64()),
        (Some(1), Some(1))
    );
    assert!(q.job(kept).expect("redis").is_none());
    assert!(q.results(kept).expect("redis").is_empty());
    assert_eq!(q.jobs(10).expect("jobs"), vec![running]);
}

/// Issue 11 #5: a job status this build does not know (a record written by
/// another version, or damaged) is an error, never read as some default:
/// reading the record, its progress, and claiming its shards all refuse it.
#[test]
fn an_unknown_job_status_in_redis_is_an_error() {
    let _g = serial();
    let redis = RedisServer::start();
    let prefix = unique_prefix("badstatus");
    let q = queue(&redis, &prefix, LEASE_MS);
    let mut conn = redis.conn();
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
    q.submit(&planned, shards, 3).expect("submit");
    let id = planned.spec.id;
    assert_eq!(record(&q, id).status, JobStatus::Running);
    redis::cmd("HSET")
        .arg(q.keys().job(id))
        .arg("status")
        .arg("paused")
        .query::<()>(&mut conn)
        .expect("hset");
    let e = q.job(id).expect_err("unknown status refused");
    assert!(
        e.to_string().contains("unknown job status \"paused\""),
        "{e}"
    );
    assert!(q.progress(id).is_err());
    assert!(q
        .claim(&WorkerId("w".into()), Duration::from_secs(1))
        .is_err());
}

/// `ops/redis/redis.conf` as the seedsieve-redis unit runs it: the file with
/// `--port` and `--dir` after it. A Redis 7 reads it, the overrides win (so
/// it never takes a system Redis's 6379 or /var/lib/redis), and the queue's
/// settings (AOF, noeviction) are on.
#[test]
fn ops_redis_conf_runs_beside_a_system_redis_with_port_and_dir_overridden() {
    let port = seedsieve_tests::redis_harness::free_port();
    let dir = seedsieve_tests::root()
        .join("target")
        .join("test-redis")
        .join(format!("conf-{port}"));
    std::fs::create_dir_all(&dir).expect("data folder");
    let conf = seedsieve_tests::root().join("ops/redis/redis.conf");
    let text = std::fs::read_to_string(&conf).expect("redis.conf");
    assert!(
        !text.lines().any(|l| l.trim_start().starts_with("port 6379")
            || l.trim_start().starts_with("dir /var/lib/redis")),
        "no line takes a system Redis's port or folder"
    );
    let mut child = std::process::Command::new("redis-server")
        .arg(&conf)
        .args(["--port", &port.to_string(), "--dir"])
        .arg(&dir)
        .args(["--daemonize", "no"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("redis-server runs");
    let client = redis::Client::open(format!("redis://127.0.0.1:{port}")).expect("url");
    let mut conn = None;
    assert!(
        wait_for(Duration::from_secs(10), || {
            conn = client.get_connection().ok();
            conn.is_some()
        }),
        "redis-server with ops/redis/redis.conf did not answer"
    );
    let mut c = conn.expect("connected");
    let get = |c: &mut redis::Connection, k: &str| -> String {
        let v: Vec<String> = redis::cmd("CONFIG")
            .arg("GET")
            .arg(k)
            .query(c)
            .expect("CONFIG GET");
        v.get(1).cloned().unwrap_or_default()
    };
    assert_eq!(get(&mut c, "port"), port.to_string());
    assert_eq!(
        std::fs::canonicalize(get(&mut c, "dir")).expect("dir"),
        std::fs::canonicalize(&dir).expect("dir")
    );
    assert_eq!(get(&mut c, "appendonly"), "yes");
    assert_eq!(get(&mut c, "maxmemory-policy"), "noeviction");
    let _ = redis::cmd("SHUTDOWN").arg("NOSAVE").query::<()>(&mut c);
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&dir);
}

/// Issue 13 item 3: Ctrl-C on a foreground fleet submit says that the job goes
/// on (with its id and the commands), or cancels it with
/// `--cancel-on-interrupt`; both exit 130.
#[test]
fn ctrl_c_on_a_fleet_submit_keeps_or_cancels_the_job() {
    let _g = serial();
    let redis = RedisServer::start();
    for cancel in [false, true] {
        let prefix = unique_prefix(if cancel { "int-cancel" } else { "int-keep" });
        let q = queue(&redis, &prefix, LEASE_MS);
        let mut args = job_args();
        args.extend(fleet_args(&redis, &prefix));
        if cancel {
            args.push("--cancel-on-interrupt".into());
        }
        // No worker: the job waits, and the submit follows it until Ctrl-C.
        let mut child = std::process::Command::new(seedsieve_tests::scheduler_bin())
            .args(&args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("scheduler starts");
        {
            use std::io::Write;
            let mut stdin = child.stdin.take().expect("piped stdin");
            stdin
                .write_all(draws_text().as_bytes())
                .expect("draws written");
        }
        assert!(
            wait_for(Duration::from_secs(30), || q
                .jobs(1)
                .is_ok_and(|j| !j.is_empty())),
            "the job was not recorded"
        );
        let id = q.jobs(1).expect("jobs")[0];
        // Let the follower install its signal handlers and poll once.
        std::thread::sleep(Duration::from_millis(500));
        seedsieve_tests::redis_harness::signal(child.id(), "INT");
        let out = child.wait_with_output().expect("submit ends");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(130), "{err}");
        let rec = record(&q, id);
        if cancel {
            assert!(err.contains(&format!("job {id} cancelled")), "{err}");
            assert_eq!(rec.status, JobStatus::Cancelled);
        } else {
            assert!(err.contains(&format!("job {id} keeps running")), "{err}");
            assert!(err.contains(&format!("scheduler cancel {id}")), "{err}");
            assert_eq!(rec.status, JobStatus::Running);
        }
    }
}
