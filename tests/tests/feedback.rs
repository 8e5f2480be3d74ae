//! The live feedback loop against a real Redis: producer, watch sessions,
//! triggers, approval routes, the watcher daemon's crash and stop behaviour,
//! dead-lettering and the policies file.

use seedsieve_core::feedback::request::RequestStatus;
use seedsieve_core::feedback::session::{SessionState, TriggerKind};
use seedsieve_core::feedback::store::{self, AuditEvent, AuditKind, RequestRecord};
use seedsieve_core::feedback::{
    ApprovalRoute, OutcomeVerdict, Request, RequestId, SieveParams, Work,
};
use seedsieve_core::redis::{now_ms, RedisConfig, RedisQueue};
use seedsieve_core::registry::SourceId;
use seedsieve_tests::redis_harness::{signal, unique_prefix, wait_for, RedisServer, WorkerProc};
use seedsieve_tests::schema_check::assert_output_conforms;
use seedsieve_tests::{producer_bin, scheduler_bin, worker_bin, Run};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

static SERIAL: Mutex<()> = Mutex::new(());

fn serial() -> std::sync::MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|p| p.into_inner())
}

const LEASE_MS: u64 = 2000;
const SEED_A: u64 = 777_777;
const SEED_B: u64 = 424_242;

struct Env {
    redis: RedisServer,
    prefix: String,
    dir: PathBuf,
}

impl Env {
    fn new(test: &str) -> Self {
        let redis = RedisServer::start();
        let prefix = unique_prefix(test);
        let dir = redis.dir.join("watch");
        std::fs::create_dir_all(&dir).expect("watch dir");
        Env { redis, prefix, dir }
    }

    fn queue(&self) -> RedisQueue {
        RedisQueue::new(RedisConfig {
            url: self.redis.url(),
            root: self.prefix.clone(),
            lease: Duration::from_millis(LEASE_MS),
            tls_ca: None,
        })
        .expect("queue")
    }

    fn cmd(&self, bin: &Path, args: &[&str]) -> Run {
        let out = Command::new(bin)
            .args(args)
            .env("SEEDSIEVE_REDIS", self.redis.url())
            .env("SEEDSIEVE_PREFIX", &self.prefix)
            .env("SEEDSIEVE_LEASE_MS", LEASE_MS.to_string())
            .env("SEEDSIEVE_WATCH_DIR", &self.dir)
            .stdin(Stdio::null())
            .output()
            .expect("runs");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    fn scheduler(&self, args: &[&str]) -> Run {
        self.cmd(&scheduler_bin(), args)
    }

    fn producer(&self, args: &[&str]) -> Run {
        let r = self.cmd(&producer_bin(), args);
        assert_eq!(r.code, 0, "producer {args:?}: {}", r.stderr);
        r
    }

    /// Plays php_mt_rand from `seed` on [1, 100], `count` draws after
    /// skipping `offset`, appended after the stream's last index.
    fn inject(&self, stream: &str, seed: u64, offset: u64, count: u64) {
        self.producer(&[
            "inject",
            "--stream",
            stream,
            "--prng",
            "php_mt_rand",
            "--seed",
            &seed.to_string(),
            "--min",
            "1",
            "--max",
            "100",
            "--every",
            "2ms",
            "--count",
            &count.to_string(),
            "--offset",
            &offset.to_string(),
        ]);
    }

    fn create_session(&self, stream: &str, range: &str) {
        let r = self.scheduler(&[
            "watch-session",
            "create",
            "--stream",
            stream,
            "--min",
            "1",
            "--max",
            "100",
            "--prng",
            "php_mt_rand",
            "--seed-range",
            range,
        ]);
        assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    }

    fn policies(&self, route: &str, extra: &str) -> PathBuf {
        let p = self.dir.join("policies.toml");
        std::fs::write(
            &p,
            format!(
                "approval_route = \"{route}\"\n[diagnostics]\ntolerance = 0\n[triggers]\nmin_draws = 10\n\
                 [bounds]\nmax_offset = 8\nmax_seed_span = 268435456\n[limits]\ncooldown_s = 1\n{extra}"
            ),
        )
        .expect("policies");
        p
    }

    fn watcher(&self, policies: &Path, name: &str) -> Daemon {
        let log = self.redis.dir.join(format!("{name}.log"));
        let child = Command::new(scheduler_bin())
            .args(["watch", "--poll-ms", "50", "--policies"])
            .arg(policies)
            .env("SEEDSIEVE_REDIS", self.redis.url())
            .env("SEEDSIEVE_PREFIX", &self.prefix)
            .env("SEEDSIEVE_LEASE_MS", LEASE_MS.to_string())
            .env("SEEDSIEVE_WATCH_DIR", &self.dir)
            .env("SEEDSIEVE_LOG", "info")
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).expect("log"))
            .spawn()
            .expect("watcher starts");
        Daemon { child, log }
    }

    fn session(&self, name: &str) -> SessionState {
        store::load_session(&self.queue(), name).expect("session")
    }

    fn record(&self, id: u64) -> Option<RequestRecord> {
        store::record(&self.queue(), RequestId(id)).ok()
    }

    /// Whether request `id` has status `status`.
    fn status_is(&self, id: RequestId, status: &str) -> bool {
        self.record(id.0)
            .is_some_and(|r| r.status.as_str() == status)
    }

    fn audit(&self) -> Vec<AuditEvent> {
        store::audit_since(&self.queue(), "0-0", 100_000)
            .expect("audit")
            .into_iter()
            .map(|(_, e)| e)
            .collect()
    }

    fn events_of(&self, id: u64) -> Vec<AuditEvent> {
        self.audit()
            .into_iter()
            .filter(|e| e.request == Some(RequestId(id)))
            .collect()
    }

    fn pending_requests(&self) -> u64 {
        let mut c = self.redis.conn();
        let key = format!("{}:v1:stream:requests", self.prefix);
        let p: (u64, redis::Value, redis::Value, redis::Value) = redis::cmd("XPENDING")
            .arg(&key)
            .arg("watchers")
            .query(&mut c)
            .expect("xpending");
        p.0
    }
}

struct Daemon {
    child: Child,
    log: PathBuf,
}

impl Daemon {
    fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
    fn wait_exit(&mut self, t: Duration) -> Option<std::process::ExitStatus> {
        let start = Instant::now();
        while start.elapsed() < t {
            if let Ok(Some(s)) = self.child.try_wait() {
                return Some(s);
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        None
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A local HTTP endpoint that records each request's text and answers 200.
fn webhook_sink() -> (u16, std::sync::Arc<Mutex<Vec<String>>>) {
    webhook_sink_answering(
        "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".into(),
    )
}

/// A local HTTP endpoint that records each request's text and answers `answer`.
fn webhook_sink_answering(answer: String) -> (u16, std::sync::Arc<Mutex<Vec<String>>>) {
    use std::io::{Read, Write};
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = l.local_addr().expect("addr").port();
    let got = std::sync::Arc::new(Mutex::new(Vec::new()));
    let sink = std::sync::Arc::clone(&got);
    std::thread::spawn(move || {
        for mut c in l.incoming().flatten() {
            let _ = c.set_read_timeout(Some(Duration::from_millis(300)));
            let mut buf = Vec::new();
            let mut chunk = [0u8; 4096];
            // Read until the body is complete or the client pauses.
            while let Ok(n) = c.read(&mut chunk) {
                if n == 0 {
                    break;
                }
                buf.extend_from_slice(&chunk[..n]);
                let text = String::from_utf8_lossy(&buf);
                if let Some((head, body)) = text.split_once("\r\n\r\n") {
                    let len = head
                        .lines()
                        .find_map(|l| {
                            l.to_ascii_lowercase()
                                .strip_prefix("content-length:")
                                .map(|v| v.trim().parse::<usize>().unwrap_or(0))
                        })
                        .unwrap_or(0);
                    if body.len() >= len {
                        break;
                    }
                }
            }
            let _ = c.write_all(answer.as_bytes());
            if let Ok(mut g) = sink.lock() {
                g.push(String::from_utf8_lossy(&buf).into_owned());
            }
        }
    });
    (port, got)
}

fn kinds(events: &[AuditEvent]) -> Vec<&str> {
    events.iter().map(|e| e.event.as_str()).collect()
}

#[test]
fn session_recovers_predicts_then_resieves_after_a_seed_switch() {
    let _g = serial();
    let env = Env::new("e2e");
    env.inject("lotto", SEED_A, 0, 12);
    env.create_session("lotto", "0..2^21");
    let s = env.session("lotto");
    assert_eq!(s.survivors.len(), 1, "{s:?}");
    assert_eq!(s.survivors[0].seed, SEED_A);
    let pol = env.policies("watcher", "");
    let _w = WorkerProc::start(&env.redis, &env.prefix, LEASE_MS, 2, "w1");
    let watcher = env.watcher(&pol, "watcher");

    // Every following draw is predicted.
    env.inject("lotto", SEED_A, 12, 10);
    assert!(
        wait_for(Duration::from_secs(20), || env.session("lotto").scored
            >= 10),
        "{}",
        watcher.log_text()
    );
    let s = env.session("lotto");
    assert_eq!((s.hits1, s.scored), (10, 10), "hit@1 = 1.0");
    assert!(s.p_value() < 1e-6, "p = {}", s.p_value());
    let pts = store::points(&env.queue(), "lotto", 10).expect("points");
    assert_eq!(pts.len(), 10);
    assert!(pts.iter().all(|p| p.hit1 && p.predicted == Some(p.value)));

    // The source is reseeded: the survivor dies, a re-sieve finds the new seed.
    env.inject("lotto", SEED_B, 0, 14);
    assert!(
        wait_for(Duration::from_secs(60), || env
            .session("lotto")
            .survivors
            .iter()
            .any(|h| h.seed == SEED_B)),
        "{}\n{:?}",
        watcher.log_text(),
        env.session("lotto")
    );
    let rec = env.record(1).expect("request 1");
    assert_eq!(rec.status, RequestStatus::Done);
    assert_eq!(rec.approved_by.as_deref(), Some("watcher"));
    assert_eq!(rec.request.trigger, TriggerKind::SurvivorsExhausted);
    let Work::Resieve(p) = &rec.request.work else {
        panic!("{:?}", rec.request.work)
    };
    assert_eq!(p.from_index, 22, "the first draw of the new seed");
    let out = rec.outcome.expect("outcome");
    assert_eq!(out.verdict, OutcomeVerdict::Recovered);
    assert_eq!(out.found.len(), 1);
    assert_eq!((out.found[0].seed, out.found[0].offset), (SEED_B, 0));

    // The audit trail shows each step, with approved_by.
    let all = env.audit();
    let at = all
        .iter()
        .position(|e| e.event == AuditKind::Accepted)
        .expect("accepted");
    assert_eq!(kinds(&all[at - 2..at]), ["trigger", "proposal"]);
    let ev = env.events_of(1);
    assert_eq!(
        kinds(&ev),
        ["accepted", "approved", "dispatched", "outcome", "adopted"]
    );
    assert_eq!(ev[1].actor, "watcher");
    for e in &ev[1..4] {
        assert_eq!(e.detail["approved_by"], "watcher", "{e:?}");
    }
    let explain = env.scheduler(&["watch", "explain", "1"]);
    assert_eq!(explain.code, 0, "{}", explain.stderr);
    // The JSON forms conform to docs/schema.
    let j = env.scheduler(&["watch", "explain", "1", "--json"]);
    assert_eq!(j.code, 0, "{}", j.stderr);
    assert_output_conforms("watch_explain.schema.json", &j.stdout);
    let j = env.scheduler(&["watch-session", "show", "lotto", "--json"]);
    assert_eq!(j.code, 0, "{}", j.stderr);
    let v = assert_output_conforms("watch_session.schema.json", &j.stdout);
    assert_eq!(v["schema"], "seedsieve.watch_session/1");
    assert!(
        explain.stdout.contains("approved_by watcher"),
        "{}",
        explain.stdout
    );
    assert!(
        explain.stdout.contains(&format!("seed {SEED_B}")),
        "{}",
        explain.stdout
    );
    // The JSONL file mirrors the audit stream.
    let n = all.len();
    assert!(wait_for(Duration::from_secs(5), || {
        std::fs::read_to_string(env.dir.join("audit.jsonl"))
            .map(|t| t.lines().count() >= n)
            .unwrap_or(false)
    }));
    // Survivors predict the new seed's draws from here on.
    let before = env.session("lotto");
    env.inject("lotto", SEED_B, 14, 5);
    assert!(wait_for(Duration::from_secs(10), || env
        .session("lotto")
        .scored
        >= before.scored + 5));
    let after = env.session("lotto");
    assert_eq!(after.hits1 - before.hits1, 5);
    let st = env.scheduler(&["watch", "--status"]);
    assert_eq!(st.code, 0, "{}", st.stdout);
    assert!(st.stdout.contains("watcher running"), "{}", st.stdout);
    let stop = env.scheduler(&["watch", "--stop"]);
    assert_eq!(stop.code, 0, "{}{}", stop.stdout, stop.stderr);
    assert!(!env.dir.join("watch.pid").exists(), "PID file removed");
}

/// A re-sieve request raised directly, as the feedback loop would.
fn raise(env: &Env, route: ApprovalRoute, range: (u64, u64)) -> RequestId {
    raise_from(env, route, range, 0)
}

fn raise_from(env: &Env, route: ApprovalRoute, range: (u64, u64), from_index: u64) -> RequestId {
    let mut req = Request {
        id: RequestId(0),
        session: "s".into(),
        trigger: TriggerKind::SurvivorsExhausted,
        work: Work::Resieve(SieveParams {
            from_index,
            draws: 12,
            sources: vec![SourceId::PhpMtRand],
            seed_range: Some(range),
            max_offset: 0,
            max_skip: 0,
        }),
        reasons: vec!["test".into()],
        advisor: "test".into(),
        route,
        created_ms: now_ms(),
    };
    store::raise(&env.queue(), &mut req).expect("raise")
}

#[test]
fn human_route_waits_for_an_operator() {
    let _g = serial();
    let env = Env::new("human");
    env.inject("s", SEED_A, 0, 12);
    env.create_session("s", "0..2^20");
    let (port, received) = webhook_sink();
    let pol = env.policies(
        "human",
        &format!("[notify]\nwebhook = \"http://127.0.0.1:{port}/hook\"\n"),
    );
    let _w = WorkerProc::start(&env.redis, &env.prefix, LEASE_MS, 2, "w1");
    let watcher = env.watcher(&pol, "watcher");
    let id = raise(&env, ApprovalRoute::Human, (0, 1 << 21));
    assert!(
        wait_for(Duration::from_secs(10), || env
            .status_is(id, "awaiting_approval")),
        "{}",
        watcher.log_text()
    );
    // The operator is told: the webhook receives the event.
    assert!(
        wait_for(Duration::from_secs(10), || received
            .lock()
            .map(|r| r.iter().any(|b| b.contains("\"awaiting_approval\"")
                && b.contains(&format!("scheduler approve {id}"))))
            .unwrap_or(false)),
        "webhook got: {:?}",
        received.lock().map(|r| r.clone())
    );
    std::thread::sleep(Duration::from_millis(1500));
    let r = env.record(id.0).expect("record");
    assert_eq!(
        r.status,
        RequestStatus::AwaitingApproval,
        "nothing runs before approval"
    );
    assert!(r.job.is_none() && r.approved_by.is_none());
    assert!(
        env.queue().jobs(10).expect("jobs").is_empty(),
        "no job dispatched"
    );
    let ok = env.scheduler(&["approve", &id.to_string(), "--by", "alice"]);
    assert_eq!(ok.code, 0, "{}", ok.stderr);
    assert!(
        wait_for(Duration::from_secs(30), || env.status_is(id, "done")),
        "{}",
        watcher.log_text()
    );
    let r = env.record(id.0).expect("record");
    assert_eq!(r.approved_by.as_deref(), Some("alice"));
    assert_eq!(r.outcome.expect("outcome").found[0].seed, SEED_A);
    let ev = env.events_of(id.0);
    assert_eq!(
        kinds(&ev)[..4],
        ["awaiting_approval", "approved", "dispatched", "outcome"]
    );
    assert_eq!(ev[0].actor, "watcher");
    assert_eq!(ev[1].actor, "alice");
    // A second approval is refused: the request is settled.
    let again = env.scheduler(&["approve", &id.to_string(), "--by", "bob"]);
    assert_eq!(again.code, 2, "{}", again.stdout);
    assert!(again.stderr.contains("is done"), "{}", again.stderr);
}

#[test]
fn sigterm_hands_back_and_kill_9_mid_dispatch_completes_once() {
    let _g = serial();
    let env = Env::new("crash");
    env.inject("s", SEED_A, 0, 12);
    env.create_session("s", "0..2^20");
    let pol = env.policies("watcher", "");
    // A job long enough to be caught mid-dispatch: 2^28 seeds.
    let id = raise(&env, ApprovalRoute::Watcher, (0, 1 << 28));
    let mut w1 = env.watcher(&pol, "watcher1");
    assert!(
        wait_for(Duration::from_secs(10), || env.status_is(id, "dispatched")),
        "{}",
        w1.log_text()
    );
    // SIGTERM while it follows the job: it stops within 2 s and holds no lease.
    let t = Instant::now();
    signal(w1.child.id(), "TERM");
    let st = w1.wait_exit(Duration::from_secs(5)).expect("watcher exits");
    let took = t.elapsed();
    assert!(st.success(), "{st:?}");
    assert!(took < Duration::from_secs(2), "SIGTERM took {took:?}");
    eprintln!("watcher stopped {} ms after SIGTERM", took.as_millis());
    assert_eq!(env.pending_requests(), 0, "no request lease held");
    let ev = env.events_of(id.0);
    assert!(kinds(&ev).contains(&"handed_back"), "{:?}", kinds(&ev));

    // The next watcher resumes the same job; kill -9 it mid-dispatch.
    let mut w2 = env.watcher(&pol, "watcher2");
    assert!(
        wait_for(Duration::from_secs(10), || w2
            .log_text()
            .contains("resuming")),
        "{}",
        w2.log_text()
    );
    signal(w2.child.id(), "KILL");
    w2.wait_exit(Duration::from_secs(5)).expect("killed");
    assert!(
        env.dir.join("watch.pid").exists(),
        "kill -9 leaves the PID file"
    );
    let status = env.scheduler(&["watch", "--status"]);
    assert_eq!(status.code, 1, "{}", status.stdout);
    assert!(
        status.stdout.contains("stale PID file"),
        "{}",
        status.stdout
    );

    // Workers finish the job; a third watcher takes the request over after
    // the lease and settles it once.
    let _w = WorkerProc::start(&env.redis, &env.prefix, LEASE_MS, 2, "w1");
    let w3 = env.watcher(&pol, "watcher3");
    assert!(
        wait_for(Duration::from_secs(120), || env.status_is(id, "done")),
        "{}",
        w3.log_text()
    );
    assert!(
        w3.log_text().contains("stale PID file"),
        "{}",
        w3.log_text()
    );
    let ev = env.events_of(id.0);
    let count = |k: &str| ev.iter().filter(|e| e.event.as_str() == k).count();
    assert_eq!(count("approved"), 1, "{:?}", kinds(&ev));
    assert_eq!(count("dispatched"), 1, "{:?}", kinds(&ev));
    assert_eq!(count("outcome"), 1, "{:?}", kinds(&ev));
    let jobs = env.queue().jobs(100).expect("jobs");
    assert_eq!(jobs.len(), 1, "one job for the request: {jobs:?}");
    let rec = env.record(id.0).expect("record");
    assert_eq!(rec.job, Some(jobs[0]));
    assert_eq!(rec.outcome.expect("outcome").found[0].seed, SEED_A);
    assert!(wait_for(Duration::from_secs(5), || env.pending_requests() == 0));
}

#[test]
fn malformed_draws_and_requests_go_to_the_dead_letter_stream() {
    let _g = serial();
    let env = Env::new("dead");
    env.inject("s", SEED_A, 0, 12);
    env.create_session("s", "0..2^20");
    let mut c = env.redis.conn();
    let draws = format!("{}:v1:draws:s", env.prefix);
    let requests = format!("{}:v1:stream:requests", env.prefix);
    let _: String = redis::cmd("XADD")
        .arg(&draws)
        .arg("12-1")
        .arg("v")
        .arg(1)
        .arg("value")
        .arg("abc")
        .query(&mut c)
        .expect("xadd");
    let _: String = redis::cmd("XADD")
        .arg(&draws)
        .arg("13-1")
        .arg("v")
        .arg(1)
        .arg("value")
        .arg(500)
        .query(&mut c)
        .expect("xadd");
    let _: String = redis::cmd("XADD")
        .arg(&requests)
        .arg("*")
        .arg("hello")
        .arg("world")
        .query(&mut c)
        .expect("xadd");
    let _: String = redis::cmd("XADD")
        .arg(&requests)
        .arg("*")
        .arg("v")
        .arg(1)
        .arg("type")
        .arg("request")
        .arg("request")
        .arg(999)
        .query(&mut c)
        .expect("xadd");
    // The good draws after the bad ones continue the generator at position 14.
    env.inject("s", SEED_A, 14, 3);
    // A webhook nobody listens on: dead letters are notified, the POSTs fail,
    // and the loop goes on.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("port")
        .port();
    let pol = env.policies(
        "watcher",
        &format!("[notify]\nwebhook = \"http://127.0.0.1:{closed}/hook\"\n"),
    );
    let w = env.watcher(&pol, "watcher");
    assert!(
        wait_for(Duration::from_secs(10), || env
            .queue()
            .dead_letters()
            .map(|d| d.len())
            .unwrap_or(0)
            >= 4),
        "{}",
        w.log_text()
    );
    let dead = env.queue().dead_letters().expect("dead");
    let reasons: Vec<(String, String)> = dead
        .iter()
        .map(|(_, m)| {
            (
                m.get("kind").cloned().unwrap_or_default(),
                m.get("error").cloned().unwrap_or_default(),
            )
        })
        .collect();
    assert!(
        reasons
            .iter()
            .any(|(k, e)| k == "draws" && e.contains("field `value` \"abc\" is not an integer")),
        "{reasons:?}"
    );
    assert!(
        reasons
            .iter()
            .any(|(k, e)| k == "draws" && e.contains("outside the session's range [1, 100]")),
        "{reasons:?}"
    );
    assert!(
        reasons
            .iter()
            .any(|(k, e)| k == "requests" && e.contains("field `v`")),
        "{reasons:?}"
    );
    assert!(
        reasons
            .iter()
            .any(|(k, e)| k == "requests" && e.contains("no request 999")),
        "{reasons:?}"
    );
    // The session stepped past the bad entries and scored the good ones.
    assert!(wait_for(Duration::from_secs(10), || env
        .session("s")
        .scored
        == 3));
    let s = env.session("s");
    assert_eq!((s.hits1, s.cursor), (3, 17), "{s:?}");
    assert_eq!(env.pending_requests(), 0);
}

#[test]
fn malformed_policies_are_refused_at_start_with_line_and_key() {
    let _g = serial();
    let env = Env::new("policy");
    let p = env.dir.join("bad.toml");
    std::fs::write(
        &p,
        "approval_route = \"watcher\"\n[triggers]\nalpah = 0.1\n",
    )
    .expect("write");
    let r = env.scheduler(&["watch", "--policies", p.to_str().expect("utf-8")]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("bad.toml: line 3, key `triggers.alpah`"),
        "{}",
        r.stderr
    );
    std::fs::write(&p, "approval_route = \"robot\"\n").expect("write");
    let r = env.scheduler(&["watch", "--policies", p.to_str().expect("utf-8")]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("line 1, key `approval_route`"),
        "{}",
        r.stderr
    );
    std::fs::write(&p, "[bounds]\nmax_draws = 4\n").expect("write");
    let r = env.scheduler(&["watch", "--policies", p.to_str().expect("utf-8")]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("line 2, key `bounds.max_draws`"),
        "{}",
        r.stderr
    );
    assert!(
        !env.dir.join("watch.pid").exists(),
        "refused before the PID file"
    );
}

#[test]
fn ingest_is_idempotent_and_refuses_bad_lines_before_appending() {
    let _g = serial();
    let env = Env::new("ingest");
    let f = env.dir.join("draws.txt");
    std::fs::write(&f, "# index value ts\n0 17 1700000000000\n1 42\n5\n").expect("write");
    let path = f.to_str().expect("utf-8");
    let r = env.producer(&[
        "ingest",
        "--stream",
        "d",
        "--file",
        path,
        "--start-index",
        "2",
    ]);
    assert!(r.stdout.contains("appended 3, repeated 0"), "{}", r.stdout);
    let r = env.producer(&[
        "ingest",
        "--stream",
        "d",
        "--file",
        path,
        "--start-index",
        "2",
    ]);
    assert!(r.stdout.contains("appended 0, repeated 3"), "{}", r.stdout);
    let (draws, bad) = store::read_draws(&env.queue(), "d", 0, 100, (0, 100)).expect("read");
    assert!(bad.is_empty());
    let got: Vec<(u64, i64)> = draws.iter().map(|d| (d.index, d.value)).collect();
    assert_eq!(got, [(0, 17), (1, 42), (2, 5)]);
    assert_eq!(draws[0].ts_ms, 1_700_000_000_000);
    let g = env.dir.join("bad.txt");
    std::fs::write(&g, "3 8\n4 x9\n").expect("write");
    let r = env.cmd(
        &producer_bin(),
        &[
            "ingest",
            "--stream",
            "d",
            "--file",
            g.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("bad.txt:2: field `value`: \"x9\" is not an integer"),
        "{}",
        r.stderr
    );
    let (draws, _) = store::read_draws(&env.queue(), "d", 0, 100, (0, 100)).expect("read");
    assert_eq!(
        draws.len(),
        3,
        "nothing appended from a file with a bad line"
    );
}

#[test]
fn a_second_ingest_continues_after_the_streams_last_index() {
    let _g = serial();
    let env = Env::new("ingest2");
    let f = env.dir.join("first.txt");
    let g = env.dir.join("second.txt");
    std::fs::write(&f, "17\n42\n5\n").expect("write");
    std::fs::write(&g, "8\n9\n").expect("write");
    let ingest = |p: &Path| {
        env.producer(&[
            "ingest",
            "--stream",
            "c",
            "--file",
            p.to_str().expect("utf-8"),
        ])
    };
    let r = ingest(&f);
    assert!(r.stdout.contains("appended 3, repeated 0"), "{}", r.stdout);
    let r = ingest(&g);
    assert!(
        r.stdout.contains("appended 2, repeated 0") && r.stdout.contains("last index 4"),
        "{}",
        r.stdout
    );
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    let (draws, _) = store::read_draws(&env.queue(), "c", 0, 100, (0, 100)).expect("read");
    let got: Vec<(u64, i64)> = draws.iter().map(|d| (d.index, d.value)).collect();
    assert_eq!(got, [(0, 17), (1, 42), (2, 5), (3, 8), (4, 9)]);
    // An explicit --start-index over indices present appends nothing, and says so.
    let r = env.producer(&[
        "ingest",
        "--stream",
        "c",
        "--file",
        g.to_str().expect("utf-8"),
        "--start-index",
        "3",
    ]);
    assert!(r.stdout.contains("appended 0, repeated 2"), "{}", r.stdout);
    assert!(
        r.stderr.contains("nothing appended") && r.stderr.contains("last index is 4"),
        "{}",
        r.stderr
    );
}

/// The README's watch section as a script (`ops/examples/watch-demo.sh`),
/// run as written against this test's Redis: embedded, then with `FLEET=1`
/// (`watch-session create --fleet`, the first sieve on the worker). Both
/// print the plan before the sieve, find PHP's seed 12345 and score the 8
/// next draws.
#[test]
fn the_readme_watch_demo_runs_embedded_and_on_the_fleet() {
    let _g = serial();
    let env = Env::new("demo");
    let bin = scheduler_bin();
    let _ = (worker_bin(), producer_bin());
    let dir = bin.parent().expect("target dir").to_path_buf();
    for fleet in [false, true] {
        let prefix = unique_prefix(if fleet { "demo-fleet" } else { "demo" });
        let mut cmd = Command::new("bash");
        cmd.arg(seedsieve_tests::root().join("ops/examples/watch-demo.sh"))
            .env("BIN", &dir)
            .env("SEEDSIEVE_REDIS", env.redis.url())
            .env("SEEDSIEVE_PREFIX", &prefix)
            .env("SEEDSIEVE_LEASE_MS", LEASE_MS.to_string())
            .stdin(Stdio::null());
        if fleet {
            cmd.env("FLEET", "1");
        }
        let out = cmd.output().expect("bash runs");
        let (so, se) = (
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
        );
        assert!(out.status.success(), "fleet {fleet}: {so}\n{se}");
        assert!(
            se.contains("session lotto: first sieve on draws 0..12 of stream lotto: 1 source(s), 16384 seeds"),
            "the plan first: {se}"
        );
        let how = if fleet {
            "on the fleet: job "
        } else {
            "embedded: about "
        };
        assert!(se.contains(how), "{se}");
        assert!(so.contains("appended 12, repeated 0"), "{so}");
        assert!(
            so.contains("appended 8, repeated 0") && so.contains("last index 19"),
            "the next draws continue the stream: {so}"
        );
        assert!(
            so.contains("php_mt_rand range32 seed 12345 offset 0"),
            "{so}"
        );
        assert!(so.contains("scored 8: hit@1 8/8"), "{so}");
    }
}

#[test]
fn rapid_reseeds_are_recovered_one_after_another() {
    let _g = serial();
    let env = Env::new("reseeds");
    env.inject("r", SEED_A, 0, 12);
    env.create_session("r", "0..2^20");
    // Three reseeds arrive before the first re-sieve can run: each re-sieve's
    // candidate explains its stretch and then misses, which moves the next
    // re-sieve to the following reseed instead of counting a failure.
    let seeds = [11_111u64, 222_222, 999_999];
    for s in seeds {
        env.inject("r", s, 0, 40);
    }
    let pol = env.policies("watcher", "");
    let _w = WorkerProc::start(&env.redis, &env.prefix, LEASE_MS, 2, "w1");
    let watcher = env.watcher(&pol, "watcher");
    assert!(
        wait_for(Duration::from_secs(60), || env
            .session("r")
            .survivors
            .iter()
            .any(|h| h.seed == seeds[2])),
        "{}\n{:?}",
        watcher.log_text(),
        env.session("r")
    );
    let found: Vec<(u64, u64)> = (1..=3)
        .map(|i| {
            let r = env.record(i).expect("request");
            let o = r.outcome.expect("outcome");
            (o.from_index, o.found.first().map_or(0, |f| f.seed))
        })
        .collect();
    assert_eq!(found, [(12, seeds[0]), (52, seeds[1]), (92, seeds[2])]);
    assert_eq!(env.session("r").failed_resieves, 0);
}

#[test]
fn a_failed_request_does_not_stop_the_daemon() {
    let _g = serial();
    let env = Env::new("failed");
    env.inject("s", SEED_A, 0, 12);
    env.create_session("s", "0..2^20");
    let pol = env.policies("watcher", "");
    let _w = WorkerProc::start(&env.redis, &env.prefix, LEASE_MS, 2, "w1");
    let mut watcher = env.watcher(&pol, "watcher");
    // No draws at index 500: the work cannot be planned.
    let bad = raise_from(&env, ApprovalRoute::Watcher, (0, 1 << 20), 500);
    let good = raise(&env, ApprovalRoute::Watcher, (0, 1 << 20));
    assert!(
        wait_for(Duration::from_secs(30), || env.status_is(good, "done")),
        "{}",
        watcher.log_text()
    );
    let r = env.record(bad.0).expect("record");
    assert_eq!(r.status, RequestStatus::Failed);
    let o = r.outcome.expect("outcome");
    assert_eq!(o.verdict, OutcomeVerdict::Failed);
    assert!(
        o.error
            .as_deref()
            .is_some_and(|e| e.contains("too few to sieve")),
        "{o:?}"
    );
    assert_eq!(
        env.record(good.0)
            .expect("record")
            .outcome
            .expect("outcome")
            .found[0]
            .seed,
        SEED_A
    );
    assert!(
        watcher.wait_exit(Duration::from_millis(100)).is_none(),
        "the daemon still runs"
    );
}

/// Spawns `scheduler watch` on `env`'s directory without a Daemon guard's log.
fn spawn_watcher(env: &Env, policies: &Path, log: &Path) -> Child {
    Command::new(scheduler_bin())
        .args(["watch", "--poll-ms", "50", "--policies"])
        .arg(policies)
        .env("SEEDSIEVE_REDIS", env.redis.url())
        .env("SEEDSIEVE_PREFIX", &env.prefix)
        .env("SEEDSIEVE_LEASE_MS", LEASE_MS.to_string())
        .env("SEEDSIEVE_WATCH_DIR", &env.dir)
        .env("SEEDSIEVE_LOG", "info")
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(log).expect("log"))
        .spawn()
        .expect("watcher starts")
}

// Issue 12 defect 1: `--stop` signalled whatever PID the file named, and a
// PID file naming a live foreign process (PID 1) blocked every start.
#[test]
fn stop_never_signals_a_pid_the_file_merely_names() {
    let _g = serial();
    let env = Env::new("pidlock");
    let pid_file = env.dir.join("watch.pid");
    let mut sleeper = Command::new("sleep").arg("300").spawn().expect("sleep");
    std::fs::write(&pid_file, format!("{}\n", sleeper.id())).expect("pid file");
    let r = env.scheduler(&["watch", "--stop"]);
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("not signalled"), "{}", r.stdout);
    std::thread::sleep(Duration::from_millis(200));
    assert!(
        sleeper.try_wait().expect("try_wait").is_none(),
        "the unrelated process was killed"
    );
    let _ = sleeper.kill();
    let _ = sleeper.wait();
    // A PID file naming a live process that is no watcher does not block a start.
    std::fs::write(&pid_file, "1\n").expect("pid file");
    let pol = env.policies("watcher", "");
    let mut w = env.watcher(&pol, "watcher");
    assert!(
        wait_for(Duration::from_secs(10), || env
            .scheduler(&["watch", "--status"])
            .code
            == 0),
        "{}",
        w.log_text()
    );
    let r = env.scheduler(&["watch", "--stop"]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(w.wait_exit(Duration::from_secs(5)).is_some());
    assert!(!pid_file.exists(), "the PID file is removed on exit");
}

// Issue 12 defect 2: two watchers started at once both passed the PID check.
#[test]
fn of_two_watchers_started_at_once_one_runs() {
    let _g = serial();
    let env = Env::new("twowatchers");
    let pol = env.policies("watcher", "");
    let logs = [env.redis.dir.join("a.log"), env.redis.dir.join("b.log")];
    let mut kids: Vec<Child> = logs.iter().map(|l| spawn_watcher(&env, &pol, l)).collect();
    let t = Instant::now();
    let mut exited = Vec::new();
    while t.elapsed() < Duration::from_secs(10) && exited.is_empty() {
        for (i, k) in kids.iter_mut().enumerate() {
            if let Ok(Some(st)) = k.try_wait() {
                exited.push((i, st.code()));
            }
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(500));
    let running: Vec<usize> = (0..2)
        .filter(|&i| kids[i].try_wait().ok().flatten().is_none())
        .collect();
    let text = |i: usize| std::fs::read_to_string(&logs[i]).unwrap_or_default();
    assert_eq!(
        exited.len(),
        1,
        "exited {exited:?}; logs {} / {}",
        text(0),
        text(1)
    );
    assert_eq!(exited[0].1, Some(2), "{}", text(exited[0].0));
    assert!(
        text(exited[0].0).contains("already runs"),
        "{}",
        text(exited[0].0)
    );
    assert_eq!(running.len(), 1);
    for k in &mut kids {
        let _ = k.kill();
        let _ = k.wait();
    }
}

// Issue 12 defect 10: the webhook followed redirects (a POST became a GET to
// another host) and logged its URL with the credentials.
#[test]
fn the_webhook_does_not_follow_redirects_nor_log_credentials() {
    let _g = serial();
    let env = Env::new("redirect");
    let (elsewhere, stolen) = webhook_sink();
    let (port, received) = webhook_sink_answering(format!(
        "HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:{elsewhere}/x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    ));
    let pol = env.policies(
        "watcher",
        &format!("[notify]\nwebhook = \"http://hookuser:hookpass@127.0.0.1:{port}/hook\"\n"),
    );
    let w = env.watcher(&pol, "watcher");
    let r = env.scheduler(&["watch", "halt", "redirect test"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        wait_for(Duration::from_secs(10), || received
            .lock()
            .map(|r| r.iter().any(|b| b.contains("redirect test")))
            .unwrap_or(false)),
        "{}",
        w.log_text()
    );
    assert!(
        wait_for(Duration::from_secs(5), || w
            .log_text()
            .contains("status 302")),
        "{}",
        w.log_text()
    );
    std::thread::sleep(Duration::from_millis(500));
    assert!(
        stolen.lock().map(|s| s.is_empty()).unwrap_or(false),
        "the redirect was followed: {:?}",
        stolen.lock().map(|s| s.clone())
    );
    assert!(!w.log_text().contains("hookpass"), "{}", w.log_text());
}

// Issue 12 defect 5: `--status` shows the last error a cycle met and when.
#[test]
fn status_shows_the_last_error_and_its_time() {
    let _g = serial();
    let mut env = Env::new("lasterror");
    let pol = env.policies("watcher", "");
    let w = env.watcher(&pol, "watcher");
    assert!(
        wait_for(Duration::from_secs(10), || env
            .scheduler(&["watch", "--status"])
            .code
            == 0),
        "{}",
        w.log_text()
    );
    env.redis.stop();
    let mut last = String::new();
    let seen = wait_for(Duration::from_secs(10), || {
        last = env.scheduler(&["watch", "--status"]).stdout;
        last.contains("last error at ")
    });
    env.redis.restart();
    assert!(seen, "{last}\n{}", w.log_text());
    let json = env.scheduler(&["watch", "--status", "--json"]).stdout;
    let v = assert_output_conforms("watch_status.schema.json", &json);
    assert!(v["state"]["last_error"].is_string(), "{v}");
    assert!(
        v["state"]["last_error_ms"].as_u64().is_some_and(|t| t > 0),
        "{v}"
    );
}

fn draws_file(env: &Env) -> PathBuf {
    let p = env.dir.join("draws.txt");
    std::fs::write(&p, "5\n17\n93\n42\n8\n61\n30\n77\n12\n55\n3\n88\n").expect("draws");
    p
}

fn spawn_submit(env: &Env, extra: &[&str]) -> Child {
    let draws = draws_file(env);
    Command::new(scheduler_bin())
        .args([
            "submit",
            "--min",
            "1",
            "--max",
            "100",
            "--prng",
            "php_mt_rand",
        ])
        .args([
            "--seed-range",
            "0..2^30",
            "--redis",
            &env.redis.url(),
            "--draws",
        ])
        .arg(&draws)
        .args(extra)
        .env("SEEDSIEVE_REDIS", env.redis.url())
        .env("SEEDSIEVE_PREFIX", &env.prefix)
        .env("SEEDSIEVE_LEASE_MS", LEASE_MS.to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("submit starts")
}

fn finish(mut c: Child, t: Duration) -> (Option<i32>, String) {
    let start = Instant::now();
    while start.elapsed() < t {
        if let Ok(Some(_)) = c.try_wait() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    if c.try_wait().ok().flatten().is_none() {
        let _ = c.kill();
    }
    let out = c.wait_with_output().expect("output");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

// Issue 12 defect 11: Ctrl-C on a foreground fleet submit left the job
// running without saying so.
#[test]
fn ctrl_c_on_a_fleet_submit_names_the_running_job_and_its_cancel_command() {
    let _g = serial();
    let env = Env::new("ctrlc");
    // No worker: the job waits.
    let c = spawn_submit(&env, &[]);
    let pid = c.id();
    let q = env.queue();
    assert!(wait_for(Duration::from_secs(30), || q
        .jobs(1)
        .is_ok_and(|j| !j.is_empty())));
    std::thread::sleep(Duration::from_millis(300));
    signal(pid, "INT");
    let (code, stderr) = finish(c, Duration::from_secs(10));
    let job = q.jobs(1).expect("jobs")[0];
    assert_eq!(code, Some(130), "{stderr}");
    assert!(
        stderr.contains(&format!("scheduler cancel {job}")),
        "{stderr}"
    );
    let rec = q.job(job).expect("job").expect("record");
    assert!(!rec.is_over(), "the job keeps running");
}

// Issue 12 defect 11: a submit whose Redis stays down waited silently for ever.
#[test]
fn a_fleet_submit_says_it_waits_for_redis_and_gives_up_after_its_timeout() {
    let _g = serial();
    let mut env = Env::new("redisdown");
    let c = spawn_submit(&env, &["--timeout", "1s"]);
    let q = env.queue();
    assert!(wait_for(Duration::from_secs(30), || q
        .jobs(1)
        .is_ok_and(|j| !j.is_empty())));
    env.redis.stop();
    let t = Instant::now();
    let (code, stderr) = finish(c, Duration::from_secs(20));
    assert_eq!(code, Some(3), "{stderr}");
    assert!(stderr.contains("waiting for Redis"), "{stderr}");
    assert!(stderr.contains("gave up waiting for Redis"), "{stderr}");
    assert!(t.elapsed() < Duration::from_secs(15));
}

#[test]
fn an_assess_request_runs_on_the_fleet_and_show_prints_its_line() {
    let _g = serial();
    let env = Env::new("assess");
    env.inject("s", SEED_A, 0, 12);
    env.create_session("s", "0..2^20");
    env.inject("s", SEED_A, 12, 300);
    let pol = env.policies("watcher", "");
    let _w = WorkerProc::start(&env.redis, &env.prefix, LEASE_MS, 2, "w1");
    let watcher = env.watcher(&pol, "watcher");
    // Raised as the advisor raises it after failed re-sieves.
    let mut req = Request {
        id: RequestId(0),
        session: "s".into(),
        trigger: TriggerKind::SurvivorsExhausted,
        work: Work::Assess {
            from_index: 0,
            draws: 312,
        },
        reasons: vec!["test".into()],
        advisor: "test".into(),
        route: ApprovalRoute::Watcher,
        created_ms: now_ms(),
    };
    let id = store::raise(&env.queue(), &mut req).expect("raise");
    assert!(
        wait_for(Duration::from_secs(60), || env.status_is(id, "done")),
        "{}\n{:?}",
        watcher.log_text(),
        env.record(id.0)
    );
    let r = env.record(id.0).expect("record");
    assert_eq!(r.request.work.kind(), "assess");
    let o = r.outcome.expect("outcome");
    assert_eq!(o.verdict, OutcomeVerdict::Assessed);
    assert!(o.job.is_some(), "a scoring job ran: {o:?}");
    let a = o.assessment.expect("assessment");
    assert_eq!((a.from_index, a.draws), (0, 312));
    assert!(
        a.min_entropy_per_draw > 0.0 && a.min_entropy_per_draw <= a.log2_range,
        "{a:?}"
    );
    assert!(a.verdict_line.contains("bits/draw"), "{a:?}");
    assert!(
        wait_for(Duration::from_secs(20), || env.session("s").assessment
            == Some(a.clone())),
        "{:?}",
        env.session("s")
    );
    let show = env.scheduler(&["watch-session", "show", "s"]);
    assert_eq!(show.code, 0, "{}", show.stderr);
    let line = format!("  assessment of 312 draws from index 0: {}", a.verdict_line);
    assert!(show.stdout.contains(&line), "{}", show.stdout);
    let json = env.scheduler(&["watch-session", "show", "s", "--json"]);
    assert_eq!(json.code, 0, "{}", json.stderr);
    let v = assert_output_conforms("watch_session.schema.json", &json.stdout);
    assert_eq!(
        v["session"]["assessment"]["verdict_line"],
        a.verdict_line.as_str()
    );
}
