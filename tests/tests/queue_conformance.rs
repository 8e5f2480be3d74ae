//! One protocol, two queues: the same cases run against the embedded queue
//! and the Redis queue (a real redis-server per case, tests/redis_harness.rs):
//! claim, renew, a stale holder refused, retry and dead-letter after
//! `max_attempts`, hand back, discard, batch claims, a duplicate result counted
//! once, and the one worker runtime (`fleet::run_worker_on`) sweeping a job
//! with every counter at zero when nothing went wrong.

use seedsieve_core::backend::{cpu::CpuBackend, ComputeBackend};
use seedsieve_core::engine::default_shard_cost;
use seedsieve_core::fleet::run_worker_on;
use seedsieve_core::job::{JobId, Shard, ShardResult, WorkerId, PROTOCOL_VERSION};
use seedsieve_core::plan::{plan, Planned, SubmitOptions};
use seedsieve_core::queue::{
    AckOutcome, EmbeddedQueue, Lease, QueueCounts, QueueError, RenewOutcome, ShardQueue,
};
use seedsieve_core::redis::{RedisConfig, RedisQueue, SubmitSettings};
use seedsieve_core::reduction::Reduction;
use seedsieve_core::registry::SourceId;
use seedsieve_tests::plant;
use seedsieve_tests::redis_harness::{unique_prefix, wait_for, RedisServer};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// A queue holding one job of `shards` shards.
struct Setup {
    q: Box<dyn ShardQueue>,
    job: JobId,
    shards: usize,
    _server: Option<RedisServer>,
}

fn planned(seeds: u64) -> Planned {
    let draws = plant(SourceId::PhpMtRand, Reduction::Range32, 5, 0, 999, 0, 0, 30);
    let opts = SubmitOptions {
        sources: vec![SourceId::PhpMtRand],
        seed_range: Some((0, seeds)),
        max_offset: 0,
        max_skip: 0,
        max_mismatches: 0,
        predict: 5,
    };
    plan(&draws, 0, 999, &opts).expect("plans")
}

fn job_shards(p: &Planned, n: u64) -> Vec<Shard> {
    p.spec.shards(default_shard_cost(), n)
}

type Make = fn(u32, Duration, u64) -> Setup;

fn embedded(max_attempts: u32, lease: Duration, n: u64) -> Setup {
    let p = planned(n << 12);
    let shards = job_shards(&p, n);
    let q = EmbeddedQueue::new(max_attempts, Some(lease));
    let len = shards.len();
    q.enqueue(shards).expect("enqueue");
    Setup {
        q: Box::new(q),
        job: p.spec.id,
        shards: len,
        _server: None,
    }
}

fn redis(max_attempts: u32, lease: Duration, n: u64) -> Setup {
    let server = RedisServer::start();
    let q = RedisQueue::new(RedisConfig {
        url: server.url(),
        root: unique_prefix("conf"),
        lease,
        tls_ca: None,
    })
    .expect("queue");
    let p = planned(n << 12);
    let shards = job_shards(&p, n);
    let len = shards.len();
    q.submit_with(
        &p,
        shards,
        SubmitSettings {
            max_attempts,
            retention: None,
        },
    )
    .expect("submit");
    Setup {
        q: Box::new(q),
        job: p.spec.id,
        shards: len,
        _server: Some(server),
    }
}

fn w(name: &str) -> WorkerId {
    WorkerId(name.into())
}

fn result(l: &Lease) -> ShardResult {
    ShardResult {
        protocol_version: PROTOCOL_VERSION,
        shard: l.shard.id,
        survivors: vec![],
        seeds_tried: l.shard.seeds.len(),
        elapsed_s: 0.0,
        worker: l.consumer.clone(),
    }
}

/// Claims, running maintenance passes (retries wait out a backoff), for up to 5 s.
fn claim(s: &Setup, who: &str) -> Lease {
    let t = Instant::now();
    while t.elapsed() < Duration::from_secs(5) {
        s.q.maintain(&w("janitor")).expect("maintain");
        if let Some(l) =
            s.q.claim(&w(who), Duration::from_millis(50))
                .expect("claim")
        {
            return l;
        }
    }
    panic!("nothing to claim for {who}");
}

fn nothing_left(s: &Setup) {
    s.q.maintain(&w("janitor")).expect("maintain");
    assert!(s
        .q
        .claim(&w("x"), Duration::from_millis(50))
        .expect("claim")
        .is_none());
}

fn counts(s: &Setup) -> QueueCounts {
    s.q.counts(s.job).expect("counts")
}

fn claim_renew_ack(make: Make) {
    let s = make(3, Duration::from_secs(30), 1);
    let l = claim(&s, "a");
    assert_eq!(l.attempt, 1);
    assert_eq!(s.q.renew(&l, 0).expect("renew"), RenewOutcome::Held);
    assert_eq!(s.q.ack(&l, result(&l)).expect("ack"), AckOutcome::Recorded);
    nothing_left(&s);
    let c = counts(&s);
    assert_eq!(
        (c.done, c.stale, c.duplicates, c.retried),
        (1, 0, 0, 0),
        "{c:?}"
    );
}

fn stale_holder_refused_and_duplicate_counted_once(make: Make) {
    let lease = Duration::from_millis(300);
    let s = make(3, lease, 1);
    let la = claim(&s, "a");
    std::thread::sleep(lease + Duration::from_millis(100));
    let rep = s.q.maintain(&w("janitor")).expect("maintain");
    assert_eq!(rep.reclaimed, 1);
    let lb = claim(&s, "b");
    assert_eq!(lb.attempt, 2);
    assert_eq!(s.q.renew(&la, 0).expect("renew"), RenewOutcome::Lost);
    assert_eq!(
        s.q.ack(&lb, result(&lb)).expect("ack"),
        AckOutcome::Recorded
    );
    assert!(matches!(
        s.q.ack(&la, result(&la)),
        Err(QueueError::NotHeld(_))
    ));
    assert!(matches!(s.q.fail(&la, "late"), Err(QueueError::NotHeld(_))));
    let c = counts(&s);
    assert_eq!(
        (c.done, c.retried, c.stale, c.duplicates),
        (1, 1, 3, 1),
        "{c:?}"
    );
}

fn retry_then_dead_letter(make: Make) {
    let s = make(2, Duration::from_secs(30), 1);
    let l1 = claim(&s, "a");
    s.q.fail(&l1, "boom").expect("fail");
    let l2 = claim(&s, "a");
    assert_eq!(l2.attempt, 2);
    s.q.fail(&l2, "boom again").expect("fail");
    nothing_left(&s);
    let c = counts(&s);
    assert_eq!((c.retried, c.dead, c.done), (1, 1, 0), "{c:?}");
}

fn hand_back_keeps_the_attempt(make: Make) {
    let s = make(3, Duration::from_secs(30), 1);
    let l = claim(&s, "a");
    s.q.release(&l).expect("release");
    assert!(matches!(s.q.release(&l), Err(QueueError::NotHeld(_))));
    let again = claim(&s, "b");
    assert_eq!(again.attempt, l.attempt);
    assert_eq!(again.shard.id, l.shard.id);
    let c = counts(&s);
    assert_eq!((c.retried, c.stale), (0, 0), "{c:?}");
}

fn discard_drops_the_shard(make: Make) {
    let s = make(3, Duration::from_secs(30), 1);
    let l = claim(&s, "a");
    s.q.discard(&l).expect("discard");
    nothing_left(&s);
    assert_eq!(counts(&s).discarded, 1);
}

fn batch_claims(make: Make) {
    let s = make(3, Duration::from_secs(30), 4);
    assert!(s.shards >= 4, "{}", s.shards);
    let got =
        s.q.claim_batch(&w("a"), 3, Duration::from_secs(1))
            .expect("batch");
    assert_eq!(got.len(), 3);
    let mut ids: Vec<_> = got.iter().map(|l| l.shard.id.index).collect();
    ids.dedup();
    assert_eq!(ids.len(), 3);
}

fn runtime_sweeps_a_job_without_false_counts(make: Make) {
    // Short leases (renewed every 100 ms) and many quick shards: a renewal
    // racing an ack would show up as stale or duplicate counts.
    let s = make(3, Duration::from_millis(300), 64);
    let stop = AtomicBool::new(false);
    let backends: Vec<Box<dyn ComputeBackend>> = (0..2)
        .map(|_| Box::new(CpuBackend::default()) as Box<dyn ComputeBackend>)
        .collect();
    let summary = std::thread::scope(|sc| {
        let h = sc.spawn(|| run_worker_on(s.q.as_ref(), &w("rt"), backends, &stop));
        let done = wait_for(Duration::from_secs(60), || {
            counts(&s).done == s.shards as u64
        });
        stop.store(true, Ordering::Relaxed);
        let summary = h.join().expect("runtime thread").expect("runtime");
        assert!(done, "job not done: {:?}", counts(&s));
        summary
    });
    let c = counts(&s);
    assert_eq!(
        (c.done, c.stale, c.duplicates, c.retried, c.dead),
        (s.shards as u64, 0, 0, 0, 0),
        "{c:?}; worker: {summary}"
    );
    assert_eq!(summary.lost.load(Ordering::Relaxed), 0, "{summary}");
}

/// The embedded queue with a slow renewal (5 ms) and a short renewal period,
/// but leases that never expire: a renewal of a lease the slot acked a moment
/// ago is counted as stale.
struct SlowRenew(EmbeddedQueue);

impl ShardQueue for SlowRenew {
    fn enqueue(&self, shards: Vec<Shard>) -> Result<(), QueueError> {
        self.0.enqueue(shards)
    }
    fn claim(&self, c: &WorkerId, wait: Duration) -> Result<Option<Lease>, QueueError> {
        self.0.claim(c, wait)
    }
    fn ack(&self, l: &Lease, r: ShardResult) -> Result<AckOutcome, QueueError> {
        self.0.ack(l, r)
    }
    fn fail(&self, l: &Lease, e: &str) -> Result<(), QueueError> {
        self.0.fail(l, e)
    }
    fn renew(&self, l: &Lease, swept: u64) -> Result<RenewOutcome, QueueError> {
        std::thread::sleep(Duration::from_millis(5));
        self.0.renew(l, swept)
    }
    fn release(&self, l: &Lease) -> Result<(), QueueError> {
        self.0.release(l)
    }
    fn discard(&self, l: &Lease) -> Result<(), QueueError> {
        self.0.discard(l)
    }
    fn lease_period(&self) -> Option<Duration> {
        Some(Duration::from_millis(30))
    }
    fn handle(&self) -> Box<dyn ShardQueue> {
        Box::new(SlowRenew(self.0.clone()))
    }
    fn counts(&self, job: JobId) -> Result<QueueCounts, QueueError> {
        self.0.counts(job)
    }
}

/// Issue 12 #8: the renewer renewed a snapshot of the held leases that
/// included leases acked since, and counted them stale (and duplicate).
#[test]
fn a_lease_acked_since_the_renewers_snapshot_is_not_renewed() {
    let p = planned(300 << 12);
    let shards = job_shards(&p, 300);
    let n = shards.len() as u64;
    let inner = EmbeddedQueue::new(3, None);
    inner.enqueue(shards).expect("enqueue");
    let q = SlowRenew(inner);
    let stop = AtomicBool::new(false);
    let backends: Vec<Box<dyn ComputeBackend>> = (0..2)
        .map(|_| Box::new(CpuBackend::default()) as Box<dyn ComputeBackend>)
        .collect();
    std::thread::scope(|sc| {
        let h = sc.spawn(|| run_worker_on(&q, &w("rt"), backends, &stop));
        let done = wait_for(Duration::from_secs(60), || {
            q.counts(p.spec.id).expect("counts").done == n
        });
        stop.store(true, Ordering::Relaxed);
        h.join().expect("runtime thread").expect("runtime");
        assert!(done);
    });
    let c = q.counts(p.spec.id).expect("counts");
    assert_eq!((c.done, c.stale, c.duplicates), (n, 0, 0), "{c:?}");
}

macro_rules! conformance {
    ($m:ident, $make:expr) => {
        mod $m {
            #[test]
            fn claim_renew_ack() {
                super::claim_renew_ack($make)
            }
            #[test]
            fn stale_holder_refused_and_duplicate_counted_once() {
                super::stale_holder_refused_and_duplicate_counted_once($make)
            }
            #[test]
            fn retry_then_dead_letter() {
                super::retry_then_dead_letter($make)
            }
            #[test]
            fn hand_back_keeps_the_attempt() {
                super::hand_back_keeps_the_attempt($make)
            }
            #[test]
            fn discard_drops_the_shard() {
                super::discard_drops_the_shard($make)
            }
            #[test]
            fn batch_claims() {
                super::batch_claims($make)
            }
            #[test]
            fn runtime_sweeps_a_job_without_false_counts() {
                super::runtime_sweeps_a_job_without_false_counts($make)
            }
        }
    };
}

conformance!(embedded_queue, super::embedded);
conformance!(redis_queue, super::redis);
