//! A fleet worker's runtime on any [`ShardQueue`]: claim slots, the lease
//! renewer, the janitor, and shutdown.
//!
//! [`run_worker_on`] runs on any queue ([`crate::queue::EmbeddedQueue`] or
//! [`RedisQueue`]); [`run_worker`] opens the Redis queue and runs it there.
//! It runs one claim slot per compute backend (each a thread with its own
//! queue handle that blocks in its claim at most [`CLAIM_BLOCK`]), one renewer
//! thread that renews every held lease each lease/3, and the lease being swept
//! each [`PROGRESS_EVERY`] with the seeds swept so far in it (the job's
//! partial progress, so `scheduler status` and a following `submit` show a
//! rate from the first second), and flags the leases it lost, and one janitor thread that every lease/2 (at most 5 s) writes the
//! worker's heartbeat, reclaims entries past their lease and promotes due
//! retries. When `stop` is set (SIGTERM/SIGINT) the slots stop claiming,
//! interrupt their sweeps at the next block and hand the shards back ([`ShardQueue::release`]): the process
//! is gone within about a second and holds no lease. A slot claims several
//! shards at once when its device is fast ([`next_batch`]: about
//! [`BATCH_TARGET`] of work per claim). When Redis goes away every call is
//! retried with jittered exponential backoff capped at 5 s ([`Backoff`]), and
//! results wait in memory until they can be acked. A renewal never overlaps
//! the settling (ack, failure, hand-back) of the same lease, so a lease acked
//! a moment ago is never renewed and counted as stale.

use crate::backend::ComputeBackend;
use crate::engine::process_shard;
use crate::job::WorkerId;
use crate::queue::{AckOutcome, Lease, QueueError, RenewOutcome, ShardQueue};
use crate::redis::{redact_url, Backoff, RedisConfig, RedisQueue};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Longest a claim slot blocks in `XREADGROUP` before looking at `stop` again.
pub const CLAIM_BLOCK: Duration = Duration::from_millis(500);
/// How often a lease whose sweep made progress is renewed with it (more
/// often than lease/3 when the lease is long).
pub const PROGRESS_EVERY: Duration = Duration::from_secs(1);

/// Settings of one worker process.
#[derive(Clone, Debug)]
pub struct WorkerOptions {
    /// Queue connection, key root and lease.
    pub queue: RedisConfig,
    /// The consumer name (see [`consumer_name`]).
    pub name: WorkerId,
}

/// What a worker did before it stopped.
#[derive(Debug, Default)]
pub struct WorkerSummary {
    /// Results recorded.
    pub recorded: AtomicU64,
    /// Completions refused as duplicates (the shard already had a result).
    pub duplicates: AtomicU64,
    /// Shards that failed and went back for retry (or to the dead-letter stream).
    pub failed: AtomicU64,
    /// Shards handed back at shutdown.
    pub released: AtomicU64,
    /// Leases lost to expiry (another consumer took the shard).
    pub lost: AtomicU64,
    /// Shards of cancelled jobs dropped.
    pub discarded: AtomicU64,
}

impl std::fmt::Display for WorkerSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let g = |a: &AtomicU64| a.load(Ordering::Relaxed);
        write!(
            f,
            "recorded {}, duplicates {}, failed {}, handed back {}, leases lost {}, discarded {}",
            g(&self.recorded),
            g(&self.duplicates),
            g(&self.failed),
            g(&self.released),
            g(&self.lost),
            g(&self.discarded)
        )
    }
}

/// A unique consumer name: `HOST-PID-XXXXXX` (six random hex digits).
pub fn consumer_name() -> WorkerId {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .or_else(|| std::env::var("HOSTNAME").ok())
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "host".into());
    let r = uuid::Uuid::new_v4().simple().to_string();
    WorkerId(format!("{host}-{}-{}", std::process::id(), &r[..6]))
}

struct Held {
    lease: Lease,
    lost: AtomicBool,
    cancelled: AtomicBool,
    /// Seeds swept so far in this attempt (the sweep's blocks add to it).
    swept: AtomicU64,
    /// Set (under the lock) once the slot settles the lease; the renewer
    /// holds the lock while it renews, so a renewal never races the ack.
    settled: Mutex<bool>,
}

impl Held {
    fn gate(&self) -> std::sync::MutexGuard<'_, bool> {
        // The guarded value is a flag: poison cannot leave it torn.
        self.settled.lock().unwrap_or_else(|p| p.into_inner())
    }
}

type HeldMap = Mutex<HashMap<String, Arc<Held>>>;

fn lock(m: &HeldMap) -> std::sync::MutexGuard<'_, HashMap<String, Arc<Held>>> {
    // Critical sections are single map operations: poison leaves the map whole.
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Sleeps `d`, waking early when `stop` is set; returns whether it was set.
fn nap(d: Duration, stop: &AtomicBool) -> bool {
    let end = Instant::now() + d;
    while Instant::now() < end {
        if stop.load(Ordering::Relaxed) {
            return true;
        }
        std::thread::sleep((end - Instant::now()).min(Duration::from_millis(20)));
    }
    stop.load(Ordering::Relaxed)
}

/// Logs a repeated error once, then at most every [`Quiet::EVERY`] with the
/// number of repeats in between, so that a lasting fault does not flood the log.
#[derive(Default)]
pub struct Quiet {
    last: Option<(String, Instant)>,
    repeats: u64,
}

impl Quiet {
    /// How often a repeated error is logged again.
    pub const EVERY: Duration = Duration::from_secs(30);
    /// Whether to log `msg` now, and how many repeats were held back before it.
    pub fn admit(&mut self, msg: &str) -> Option<u64> {
        match &self.last {
            Some((m, t)) if m == msg && t.elapsed() < Self::EVERY => {
                self.repeats += 1;
                None
            }
            _ => {
                let n = std::mem::take(&mut self.repeats);
                self.last = Some((msg.to_string(), Instant::now()));
                Some(n)
            }
        }
    }
    /// The fault is over: the next error is logged at once.
    pub fn clear(&mut self) {
        self.last = None;
        self.repeats = 0;
    }
}

/// Calls `f` until it succeeds or fails for a reason other than an unreachable
/// server; gives up on a transient error once `deadline` passed.
fn persist<T>(
    what: &str,
    deadline: impl Fn() -> bool,
    mut f: impl FnMut() -> Result<T, QueueError>,
) -> Result<T, QueueError> {
    let mut back = Backoff::reconnect();
    loop {
        match f() {
            Err(e) if e.is_transient() && !deadline() => {
                let d = back.next().unwrap_or(Duration::from_secs(5));
                tracing::warn!("{what}: {e}; retrying in {} ms", d.as_millis());
                std::thread::sleep(d);
            }
            r => return r,
        }
    }
}

/// Runs a worker on the Redis queue until `stop` is set, one claim slot per
/// backend (a CPU thread or a GPU device) on `stream:sieve` and one scoring
/// slot on `stream:score` ([`crate::assess::fleet::score_loop`]); returns
/// what it did (both kinds counted together).
///
/// # Errors
/// [`QueueError::BadUrl`] when the URL is unusable. An unreachable server is
/// not an error: the worker waits for it with backoff.
pub fn run_worker(
    opts: &WorkerOptions,
    backends: Vec<Box<dyn ComputeBackend>>,
    stop: &AtomicBool,
) -> Result<WorkerSummary, QueueError> {
    let base = RedisQueue::new(opts.queue.clone())?;
    tracing::info!(
        redis = %redact_url(&opts.queue.url),
        prefix = base.keys().base(),
        "queue"
    );
    let scorer = base.handle();
    // The scoring slot ends with the sieve slots: on the caller's stop, and
    // when they end on their own (a TLS or URL fault, an idle stop), so that a
    // worker that gives up does not wait for ever on its scoring slot.
    let halt = AtomicBool::new(false);
    std::thread::scope(|s| {
        let halt = &halt;
        let score = s.spawn(|| crate::assess::fleet::score_loop(&scorer, &opts.name, halt));
        let sieve = s.spawn(|| {
            let r = run_worker_on(&base, &opts.name, backends, stop);
            halt.store(true, Ordering::Relaxed);
            r
        });
        while !halt.load(Ordering::Relaxed) {
            if stop.load(Ordering::Relaxed) {
                halt.store(true, Ordering::Relaxed);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let r = sieve
            .join()
            .unwrap_or_else(|_| Err(QueueError::Backend("the sieve slots panicked".into())));
        let scored = score.join().unwrap_or_else(|_| {
            tracing::error!("the scoring slot panicked");
            WorkerSummary::default()
        });
        r.inspect(|sum| {
            for (a, b) in [
                (&sum.recorded, &scored.recorded),
                (&sum.duplicates, &scored.duplicates),
                (&sum.failed, &scored.failed),
                (&sum.released, &scored.released),
                (&sum.lost, &scored.lost),
                (&sum.discarded, &scored.discarded),
            ] {
                a.fetch_add(b.load(Ordering::Relaxed), Ordering::Relaxed);
            }
        })
    })
}

/// Runs a worker on any queue until `stop` is set: one claim slot per
/// backend, a renewer (when leases expire) and a janitor ([`ShardQueue::maintain`]).
///
/// # Errors
/// [`QueueError`] when the queue cannot be prepared for a reason other than
/// being unreachable (that is waited out).
pub fn run_worker_on(
    base: &dyn ShardQueue,
    name: &WorkerId,
    backends: Vec<Box<dyn ComputeBackend>>,
    stop: &AtomicBool,
) -> Result<WorkerSummary, QueueError> {
    let mut back = Backoff::reconnect();
    let mut quiet = Quiet::default();
    loop {
        match base.prepare() {
            Ok(()) => break,
            Err(e) if e.is_transient() => {
                let d = back.next().unwrap_or(Duration::from_secs(5));
                if let Some(n) = quiet.admit(&e.to_string()) {
                    tracing::warn!(
                        repeats = n,
                        "queue unavailable ({e}); retrying in {} ms",
                        d.as_millis()
                    );
                }
                if nap(d, stop) {
                    return Ok(WorkerSummary::default());
                }
            }
            Err(e) => return Err(e),
        }
    }
    let lease = base.lease_period();
    tracing::info!(
        consumer = %name,
        slots = backends.len(),
        devices = ?backends.iter().map(|b| b.info().name).collect::<Vec<_>>(),
        lease_ms = lease.map_or(0, |l| l.as_millis() as u64),
        "worker started"
    );
    let held: HeldMap = Mutex::default();
    let slots_done = AtomicBool::new(false);
    let summary = WorkerSummary::default();
    std::thread::scope(|s| {
        let (held, slots_done, summary) = (&held, &slots_done, &summary);
        if let Some(lease) = lease {
            let renewer = base.handle();
            s.spawn(move || renew_loop(renewer.as_ref(), held, slots_done, lease / 3));
        }
        let janitor = base.handle();
        let every = lease.map_or(Duration::from_secs(1), |l| {
            (l / 2).min(Duration::from_secs(5))
        });
        s.spawn(move || janitor_loop(janitor.as_ref(), name, slots_done, every));
        let slots: Vec<_> = backends
            .into_iter()
            .map(|mut b| {
                let q = base.handle();
                s.spawn(move || slot_loop(q.as_ref(), name, b.as_mut(), held, stop, summary))
            })
            .collect();
        for h in slots {
            if h.join().is_err() {
                tracing::error!("a claim slot panicked");
            }
        }
        slots_done.store(true, Ordering::Relaxed);
    });
    if let Err(e) = base.leave(name) {
        tracing::debug!("heartbeat not removed: {e}");
    }
    Ok(summary)
}

fn slot_loop(
    q: &dyn ShardQueue,
    name: &WorkerId,
    backend: &mut dyn ComputeBackend,
    held: &HeldMap,
    stop: &AtomicBool,
    summary: &WorkerSummary,
) {
    let mut back = Backoff::reconnect();
    let mut quiet = Quiet::default();
    let mut batch = 1usize;
    while !stop.load(Ordering::Relaxed) {
        match q.claim_batch(name, batch, CLAIM_BLOCK) {
            Ok(leases) if leases.is_empty() => {
                back.reset();
                quiet.clear();
            }
            Ok(leases) => {
                back.reset();
                quiet.clear();
                // Every lease of the batch is renewed from now, also while it waits.
                let hs: Vec<Arc<Held>> = leases
                    .into_iter()
                    .map(|lease| {
                        let h = Arc::new(Held {
                            lease,
                            lost: AtomicBool::new(false),
                            cancelled: AtomicBool::new(false),
                            swept: AtomicU64::new(0),
                            settled: Mutex::new(false),
                        });
                        lock(held).insert(h.lease.token.clone(), Arc::clone(&h));
                        h
                    })
                    .collect();
                let (n, t) = (hs.len(), Instant::now());
                let seeds: u64 = hs.iter().map(|h| h.lease.shard.seeds.len()).sum();
                for h in hs {
                    run_lease(q, h, name, backend, held, stop, summary);
                }
                batch = next_batch(n, seeds, t.elapsed());
            }
            Err(e) => {
                let d = back.next().unwrap_or(Duration::from_secs(5));
                if let Some(n) = quiet.admit(&e.to_string()) {
                    if e.is_transient() {
                        tracing::warn!(
                            repeats = n,
                            "queue unavailable ({e}); reconnecting in {} ms",
                            d.as_millis()
                        );
                    } else {
                        tracing::error!(
                            repeats = n,
                            "claim failed: {e}; trying again in {} ms",
                            d.as_millis()
                        );
                    }
                }
                nap(d, stop);
            }
        }
    }
}

/// Time a claim's batch of shards should take: a fast device claims several
/// shards at once (one round trip) so that it spends seconds, not
/// milliseconds, per claim.
pub const BATCH_TARGET: Duration = Duration::from_secs(2);
/// Most shards claimed at once.
pub const MAX_BATCH: usize = 32;

/// The next claim's batch size from the last one: `n` shards of `seeds` seeds
/// in all took `took`; aim for [`BATCH_TARGET`].
pub fn next_batch(n: usize, seeds: u64, took: Duration) -> usize {
    if n == 0 || seeds == 0 {
        return 1;
    }
    let per_shard = took.as_secs_f64().max(1e-6) / n as f64;
    ((BATCH_TARGET.as_secs_f64() / per_shard) as usize).clamp(1, MAX_BATCH)
}

fn run_lease(
    q: &dyn ShardQueue,
    h: Arc<Held>,
    name: &WorkerId,
    backend: &mut dyn ComputeBackend,
    held: &HeldMap,
    stop: &AtomicBool,
    summary: &WorkerSummary,
) {
    let id = h.lease.shard.id;
    tracing::debug!(shard = %id, attempt = h.lease.attempt, seeds = h.lease.shard.seeds.len(), "claimed");
    let mut aborted = stop.load(Ordering::Relaxed);
    let outcome = if aborted {
        Err(crate::engine::EngineError::Queue(QueueError::Backend(
            "not started".into(),
        )))
    } else {
        process_shard(&h.lease.shard, name, backend, |n| {
            h.swept.fetch_add(n, Ordering::Relaxed);
            let go = !stop.load(Ordering::Relaxed)
                && !h.lost.load(Ordering::Relaxed)
                && !h.cancelled.load(Ordering::Relaxed);
            aborted |= !go;
            go
        })
    };
    // From here on the lease is settled: wait for a renewal in flight, and
    // let no other start.
    lock(held).remove(&h.lease.token);
    *h.gate() = true;
    let lease = &h.lease;
    let started = Instant::now();
    // While stopping, give up on an unreachable server after 1.5 s: the lease
    // then expires and the shard is retried elsewhere (work repeated, not lost).
    let give_up =
        || stop.load(Ordering::Relaxed) && started.elapsed() > Duration::from_millis(1500);
    if h.lost.load(Ordering::Relaxed) {
        tracing::warn!(shard = %id, "lease lost (expired and taken by another consumer): work abandoned");
        summary.lost.fetch_add(1, Ordering::Relaxed);
    } else if h.cancelled.load(Ordering::Relaxed) {
        match persist("discard", give_up, || q.discard(lease)) {
            Ok(()) => tracing::info!(shard = %id, "job cancelled: shard dropped"),
            Err(e) => tracing::warn!(shard = %id, "job cancelled; discard failed: {e}"),
        }
        summary.discarded.fetch_add(1, Ordering::Relaxed);
    } else if aborted {
        match persist("hand back", give_up, || q.release(lease)) {
            Ok(()) => {
                tracing::info!(shard = %id, "shutting down: shard handed back");
                summary.released.fetch_add(1, Ordering::Relaxed);
            }
            Err(e) => {
                tracing::warn!(shard = %id, "shutting down: hand-back failed ({e}); the lease will expire")
            }
        }
    } else {
        match outcome {
            Ok(r) => {
                let (seeds, found, secs) = (r.seeds_tried, r.survivors.len(), r.elapsed_s);
                match persist("ack", give_up, || q.ack(lease, r.clone())) {
                    Ok(AckOutcome::Recorded) => {
                        tracing::info!(shard = %id, seeds, survivors = found, elapsed_s = secs, "shard done");
                        summary.recorded.fetch_add(1, Ordering::Relaxed);
                    }
                    Ok(AckOutcome::Duplicate) => {
                        tracing::warn!(shard = %id, "shard already had a result: completion counted as duplicate");
                        summary.duplicates.fetch_add(1, Ordering::Relaxed);
                    }
                    Err(QueueError::NotHeld(_)) => {
                        tracing::warn!(shard = %id, "stale ack refused: the lease expired and another consumer took the shard");
                        summary.lost.fetch_add(1, Ordering::Relaxed);
                    }
                    Err(e) => {
                        tracing::error!(shard = %id, "ack failed: {e}; the lease will expire and the shard be retried")
                    }
                }
            }
            Err(e) => {
                let msg = e.to_string();
                tracing::warn!(shard = %id, attempt = lease.attempt, "shard failed: {msg}");
                summary.failed.fetch_add(1, Ordering::Relaxed);
                if let Err(e) = persist("fail", give_up, || q.fail(lease, &msg)) {
                    tracing::error!(shard = %id, "could not report the failure: {e}; the lease will expire");
                }
            }
        }
    }
}

fn renew_loop(q: &dyn ShardQueue, held: &HeldMap, done: &AtomicBool, every: Duration) {
    let every = every.max(Duration::from_millis(20));
    let tick = every.min(PROGRESS_EVERY);
    let mut quiet = Quiet::default();
    // Per lease token: when it was last renewed and the seeds reported then.
    let mut last: HashMap<String, (Instant, u64)> = HashMap::new();
    while !nap(tick, done) {
        let snapshot: Vec<Arc<Held>> = lock(held).values().cloned().collect();
        last.retain(|t, _| snapshot.iter().any(|h| h.lease.token == *t));
        for h in snapshot {
            let gate = h.gate();
            if *gate {
                // Settled since the snapshot: nothing to renew.
                continue;
            }
            let swept = h.swept.load(Ordering::Relaxed);
            // A lease waiting its turn in a batch is renewed each lease/3;
            // the one being swept also whenever it made progress.
            let due = last
                .get(&h.lease.token)
                .is_none_or(|(t, s)| t.elapsed() + tick / 2 >= every || *s != swept);
            if !due {
                continue;
            }
            match q.renew(&h.lease, swept) {
                Ok(RenewOutcome::Held) => {
                    quiet.clear();
                    last.insert(h.lease.token.clone(), (Instant::now(), swept));
                }
                Ok(RenewOutcome::Lost) => {
                    tracing::warn!(shard = %h.lease.shard.id, "renewal refused: the lease was taken by another consumer");
                    h.lost.store(true, Ordering::Relaxed);
                }
                Ok(RenewOutcome::Cancelled) => h.cancelled.store(true, Ordering::Relaxed),
                Err(e) => {
                    if let Some(n) = quiet.admit(&e.to_string()) {
                        tracing::warn!(shard = %h.lease.shard.id, repeats = n, "renewal failed: {e}");
                    }
                }
            }
            drop(gate);
        }
    }
}

fn janitor_loop(q: &dyn ShardQueue, me: &WorkerId, done: &AtomicBool, every: Duration) {
    let every = every.max(Duration::from_millis(50));
    let mut quiet = Quiet::default();
    loop {
        match q.maintain(me) {
            Ok(r) => {
                quiet.clear();
                if r.reclaimed + r.malformed + r.deleted_ids.len() as u64 > 0 {
                    tracing::info!(reclaimed = r.reclaimed, malformed = r.malformed, deleted_ids = ?r.deleted_ids, "janitor pass");
                }
            }
            Err(e) => {
                if let Some(n) = quiet.admit(&e.to_string()) {
                    tracing::warn!(repeats = n, "janitor: {e}");
                }
            }
        }
        if nap(every, done) {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batch_grows_for_fast_devices_and_stays_one_for_slow_ones() {
        // A CPU core: one shard per ~1 s claim.
        assert_eq!(next_batch(1, 1 << 24, Duration::from_millis(900)), 2);
        assert_eq!(next_batch(1, 1 << 24, Duration::from_secs(3)), 1);
        // A GPU: 4 shards in 40 ms.
        assert_eq!(next_batch(4, 4 << 24, Duration::from_millis(40)), MAX_BATCH);
        assert_eq!(next_batch(2, 2 << 24, Duration::from_millis(400)), 10);
        assert_eq!(next_batch(0, 0, Duration::ZERO), 1);
    }

    #[test]
    fn a_repeated_error_is_logged_once_then_with_its_count() {
        let mut q = Quiet::default();
        assert_eq!(q.admit("NOGROUP x"), Some(0));
        for _ in 0..50 {
            assert_eq!(q.admit("NOGROUP x"), None);
        }
        assert_eq!(q.admit("another"), Some(50));
        q.clear();
        assert_eq!(q.admit("another"), Some(0));
    }
}
