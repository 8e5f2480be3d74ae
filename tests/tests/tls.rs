//! `rediss://` against a redis-server that serves TLS only, with a CA and a
//! server certificate made by `openssl` at test time (issue 12, defect 7:
//! TLS was not compiled in). A job runs end to end on a worker over TLS with
//! `--redis-ca`; without the CA the certificate is refused with a clear error
//! and exit status 2, as is an unusable CA file.

use seedsieve_tests::fleet_support::{comparable, php_draws, run, serial, submit_args, LEASE_MS};
use seedsieve_tests::redis_harness::{unique_prefix, RedisServer, WorkerProc};
use seedsieve_tests::Run;
use std::time::Duration;

/// 4 shards of 2^22 seeds.
const RANGE: &str = "0..2^24";
const SEED: u64 = (1 << 24) - 4242;

fn draws_text() -> String {
    php_draws(SEED)
}

fn job_args() -> Vec<String> {
    submit_args(RANGE, 4)
}

fn status(url: &str, prefix: &str, extra: &[&str]) -> Run {
    let mut a: Vec<String> = ["status", "--redis", url, "--prefix", prefix]
        .map(String::from)
        .to_vec();
    a.extend(extra.iter().map(|s| s.to_string()));
    run(&a, "")
}

#[test]
fn a_job_runs_on_a_worker_over_tls_with_the_ca() {
    let _g = serial();
    let redis = RedisServer::start_tls();
    assert!(redis.url().starts_with("rediss://"), "{}", redis.url());
    let ca = redis.ca_file().to_string_lossy().into_owned();
    let prefix = unique_prefix("tls");
    let mut w = WorkerProc::start_with(
        &redis,
        &prefix,
        LEASE_MS,
        1,
        "tls-worker",
        &["--backend", "cpu", "--redis-ca", &ca],
    );
    let mut a = job_args();
    a.extend(
        [
            "--redis",
            &redis.url(),
            "--redis-ca",
            &ca,
            "--prefix",
            &prefix,
            "--lease-ms",
            &LEASE_MS.to_string(),
        ]
        .map(String::from),
    );
    let fleet = run(&a, &draws_text());
    assert_eq!(
        fleet.code,
        0,
        "submit over TLS: {}\n--- worker ---\n{}",
        fleet.stderr,
        w.log_text()
    );
    let embedded = run(&job_args(), &draws_text());
    assert_eq!(embedded.code, 0, "embedded: {}", embedded.stderr);
    let v = comparable(&fleet.stdout);
    assert_eq!(v["verdict"], "recovered");
    assert_eq!(v["candidates"][0]["seed"], SEED);
    assert_eq!(v, comparable(&embedded.stdout));
    // The CA also comes from the environment.
    let out = scheduler_env(&redis.url(), &prefix, &ca);
    assert_eq!(
        out.code, 0,
        "status with SEEDSIEVE_REDIS_CA: {}",
        out.stderr
    );
    assert!(w.alive(), "worker: {}", w.log_text());
}

fn scheduler_env(url: &str, prefix: &str, ca: &str) -> Run {
    let out = std::process::Command::new(seedsieve_tests::scheduler_bin())
        .args(["status", "--redis", url, "--prefix", prefix])
        .env("SEEDSIEVE_REDIS_CA", ca)
        .output()
        .expect("scheduler runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn without_the_ca_the_certificate_is_refused_and_a_bad_ca_file_is_named() {
    let _g = serial();
    let redis = RedisServer::start_tls();
    let prefix = unique_prefix("tls-no-ca");
    // The built-in web PKI roots do not know the test CA.
    let out = status(&redis.url(), &prefix, &[]);
    assert_eq!(out.code, 2, "stdout {} stderr {}", out.stdout, out.stderr);
    assert!(
        out.stderr.contains("TLS") && out.stderr.contains("invalid peer certificate"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("UnknownIssuer") && out.stderr.contains("--redis-ca"),
        "{}",
        out.stderr
    );
    // A worker gives up at once with the same message instead of waiting for
    // the server as for an outage.
    let mut w = WorkerProc::start(&redis, &prefix, LEASE_MS, 1, "no-ca");
    let st = w.wait_exit(Duration::from_secs(20));
    assert_eq!(
        st.and_then(|s| s.code()),
        Some(2),
        "worker: {}",
        w.log_text()
    );
    assert!(
        w.log_text().contains("invalid peer certificate"),
        "{}",
        w.log_text()
    );
    // A CA file that is missing, or holds no certificate, is named.
    let missing = redis.dir.join("no-such-ca.pem");
    let out = status(
        &redis.url(),
        &prefix,
        &["--redis-ca", &missing.to_string_lossy()],
    );
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains(&*missing.to_string_lossy()),
        "{}",
        out.stderr
    );
    let key = redis.dir.join("server.key");
    let out = status(
        &redis.url(),
        &prefix,
        &["--redis-ca", &key.to_string_lossy()],
    );
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains(&*key.to_string_lossy()) && out.stderr.contains("no PEM certificate"),
        "{}",
        out.stderr
    );
    // A CA with a plain redis:// URL is a configuration error too.
    let ca = redis.ca_file();
    let out = status(
        &format!("redis://127.0.0.1:{}", redis.port),
        &prefix,
        &["--redis-ca", &ca.to_string_lossy()],
    );
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("rediss://"), "{}", out.stderr);
}
