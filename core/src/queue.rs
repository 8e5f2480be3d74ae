//! The queue seam: how shards reach workers and results come back.
//!
//! [`ShardQueue`] is implemented by [`EmbeddedQueue`] (in-process, the default: no
//! service) and by [`crate::redis::RedisQueue`] (Redis Streams) with the
//! same lease-and-ack semantics: `claim` hands out a [`Lease`], `renew` keeps it,
//! `ack` completes it exactly once, `fail` returns it for retry (or the
//! dead-letter stream), `release` hands it back untouched, `discard` drops it
//! (cancelled job), and `maintain` reclaims leases past their period. One
//! worker runtime ([`crate::fleet::run_worker_on`]) runs on either; one
//! conformance suite (`tests/tests/queue_conformance.rs`) checks both.

use crate::job::{JobId, Shard, ShardId, ShardResult, WorkerId, PROTOCOL_VERSION};
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// Queue failures.
#[derive(Debug, thiserror::Error)]
pub enum QueueError {
    /// The lease is not held by this consumer (expired, or acked already).
    #[error("lease on shard {0} is not held")]
    NotHeld(ShardId),
    /// A message of another protocol version.
    #[error("shard {shard} speaks protocol {found}, this build speaks {PROTOCOL_VERSION}")]
    Version {
        /// The shard.
        shard: ShardId,
        /// Its version.
        found: u32,
    },
    /// A shard failed more often than allowed.
    #[error("shard {shard} failed {attempts} times: {error}")]
    Dead {
        /// The shard.
        shard: ShardId,
        /// Attempts made.
        attempts: u32,
        /// Last error.
        error: String,
    },
    /// The backend answered with an error (a script or protocol failure).
    #[error("queue backend: {0}")]
    Backend(String),
    /// A stream's consumer group does not exist (not created yet, or lost with
    /// the server's data); the Redis layer creates it again.
    #[error("queue backend: consumer group missing: {0}")]
    NoGroup(String),
    /// The queue's address is unusable (not a Redis URL, unreadable URL
    /// file); the text never holds credentials.
    #[error("bad queue address: {0}")]
    BadUrl(String),
    /// TLS to the queue failed for a reason that waiting will not mend: the
    /// server's certificate is not trusted (give its CA: `--redis-ca`), the
    /// handshake was refused, or the CA file is unusable (named in the text).
    #[error("queue TLS: {0}")]
    Tls(String),
    /// The backend cannot be reached (connection refused or dropped); retry later.
    #[error("queue unavailable: {0}")]
    Unavailable(String),
}

impl QueueError {
    /// Whether retrying the same call later may succeed (the service is away).
    pub fn is_transient(&self) -> bool {
        matches!(self, QueueError::Unavailable(_))
    }
}

/// A consumer's claim on one shard.
#[derive(Debug, Clone)]
pub struct Lease {
    /// The shard to process.
    pub shard: Shard,
    /// The holder.
    pub consumer: WorkerId,
    /// 1 on first delivery.
    pub attempt: u32,
    /// The backend's handle on the delivery (the Redis stream entry id; the
    /// delivery's sequence number for the embedded queue).
    pub token: String,
}

/// What a lease renewal found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RenewOutcome {
    /// Still held; the lease runs for another lease period.
    Held,
    /// Taken by another consumer (the lease expired): stop the work, do not ack.
    Lost,
    /// The job was cancelled: stop the work and discard the shard.
    Cancelled,
}

/// What an ack did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AckOutcome {
    /// The result was recorded.
    Recorded,
    /// A result for this shard was recorded before; this one was counted and dropped.
    Duplicate,
}

/// What one maintenance pass ([`ShardQueue::maintain`]) did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct JanitorReport {
    /// Leases past their period reclaimed and sent through the retry path.
    pub reclaimed: u64,
    /// Pending entries whose stream entry was deleted (XAUTOCLAIM `deleted_ids`).
    pub deleted_ids: Vec<String>,
    /// Entries of another protocol version left pending.
    pub parked: u64,
    /// Malformed entries sent to the dead-letter stream.
    pub malformed: u64,
    /// Delayed retries moved back into their stream.
    pub promoted: u64,
}

/// A job's counters as the queue keeps them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct QueueCounts {
    /// Shards with a recorded result.
    pub done: u64,
    /// Shards past their attempts (dead-lettered).
    pub dead: u64,
    /// Retries scheduled (failures and expired leases).
    pub retried: u64,
    /// Completions of a shard that already had a result.
    pub duplicates: u64,
    /// Renewals, acks or failures refused because the caller no longer held the lease.
    pub stale: u64,
    /// Shards dropped because their job was cancelled.
    pub discarded: u64,
}

/// The shard queue seam.
pub trait ShardQueue: Send + Sync {
    /// Adds shards.
    fn enqueue(&self, shards: Vec<Shard>) -> Result<(), QueueError>;
    /// Claims the next shard, waiting up to `wait`; `None` when none is available.
    fn claim(&self, consumer: &WorkerId, wait: Duration) -> Result<Option<Lease>, QueueError>;
    /// Claims up to `count` shards at once (one round trip), waiting up to
    /// `wait` for the first; empty when none is available. Each lease runs from now.
    fn claim_batch(
        &self,
        consumer: &WorkerId,
        count: usize,
        wait: Duration,
    ) -> Result<Vec<Lease>, QueueError> {
        let _ = count;
        Ok(self.claim(consumer, wait)?.into_iter().collect())
    }
    /// Completes a lease with its result.
    fn ack(&self, lease: &Lease, result: ShardResult) -> Result<AckOutcome, QueueError>;
    /// Gives a lease back after an error; it is retried up to the queue's attempt limit.
    fn fail(&self, lease: &Lease, error: &str) -> Result<(), QueueError>;
    /// Extends a lease by one lease period and reports `swept`, the seeds
    /// its holder swept so far in this attempt (the job's partial progress:
    /// the Redis queue replaces the shard's earlier figure, capped at the
    /// shard's size). Queues without expiry keep leases for ever and answer
    /// [`RenewOutcome::Held`].
    fn renew(&self, _lease: &Lease, _swept: u64) -> Result<RenewOutcome, QueueError> {
        Ok(RenewOutcome::Held)
    }
    /// Hands a lease back unprocessed (shutdown): it is claimable again at once
    /// and the attempt does not count.
    fn release(&self, lease: &Lease) -> Result<(), QueueError>;
    /// Drops a lease of a cancelled job without a result.
    fn discard(&self, lease: &Lease) -> Result<(), QueueError>;
    /// Makes the queue ready for consumers (Redis: streams and groups); the
    /// worker runtime calls it first, retrying while the service is away.
    fn prepare(&self) -> Result<(), QueueError> {
        Ok(())
    }
    /// One maintenance pass on behalf of `me`: a heartbeat, leases past their
    /// period reclaimed into the retry path, due retries made claimable.
    fn maintain(&self, _me: &WorkerId) -> Result<JanitorReport, QueueError> {
        Ok(JanitorReport::default())
    }
    /// `me` leaves (clean exit): forget its heartbeat.
    fn leave(&self, _me: &WorkerId) -> Result<(), QueueError> {
        Ok(())
    }
    /// The lease period; `None` when leases never expire.
    fn lease_period(&self) -> Option<Duration> {
        None
    }
    /// Another handle on the same queue for another thread (Redis: its own
    /// connection, so that a blocking claim holds up nobody else).
    fn handle(&self) -> Box<dyn ShardQueue>;
    /// A job's counters.
    fn counts(&self, job: JobId) -> Result<QueueCounts, QueueError>;
}

struct Leased {
    consumer: WorkerId,
    token: String,
    attempt: u32,
    deadline: Option<Instant>,
    shard: Shard,
}

#[derive(Default)]
struct Inner {
    ready: VecDeque<(Shard, u32)>,
    leased: HashMap<ShardId, Leased>,
    results: HashMap<ShardId, ShardResult>,
    dead: Vec<(ShardId, String)>,
    counts: HashMap<JobId, QueueCounts>,
    duplicates: u64,
    deliveries: u64,
    closed: bool,
}

impl Inner {
    fn count(&mut self, job: JobId) -> &mut QueueCounts {
        self.counts.entry(job).or_default()
    }
    /// Takes the lease of `l` if `l` still holds it; with `count`, a refusal
    /// is counted as stale (as the Redis queue counts refused acks and failures).
    fn held(&mut self, l: &Lease, count: bool) -> Result<Leased, QueueError> {
        let id = l.shard.id;
        match self.leased.get(&id) {
            Some(x) if x.token == l.token && x.consumer == l.consumer => {
                Ok(self.leased.remove(&id).expect("present: just looked it up"))
            }
            _ => {
                if count {
                    self.count(id.job).stale += 1;
                }
                Err(QueueError::NotHeld(id))
            }
        }
    }
    fn retry_or_dead(&mut self, x: Leased, error: &str, max_attempts: u32) {
        let id = x.shard.id;
        if x.attempt >= max_attempts {
            self.dead.push((id, error.to_string()));
            self.count(id.job).dead += 1;
        } else {
            self.count(id.job).retried += 1;
            self.ready.push_back((x.shard, x.attempt));
        }
    }
}

struct Shared {
    inner: Mutex<Inner>,
    cv: Condvar,
    max_attempts: u32,
    lease: Option<Duration>,
}

/// The in-process queue of embedded mode. Clones share the queue.
#[derive(Clone)]
pub struct EmbeddedQueue {
    shared: Arc<Shared>,
}

impl Default for EmbeddedQueue {
    fn default() -> Self {
        EmbeddedQueue::new(3, None)
    }
}

impl EmbeddedQueue {
    /// A queue that dead-letters a shard after `max_attempts` (at least 1)
    /// deliveries; with `lease`, a lease not renewed within it is reclaimed
    /// by [`ShardQueue::maintain`] (embedded mode: `None`, leases never expire).
    pub fn new(max_attempts: u32, lease: Option<Duration>) -> Self {
        EmbeddedQueue {
            shared: Arc::new(Shared {
                inner: Mutex::default(),
                cv: Condvar::new(),
                max_attempts: max_attempts.max(1),
                lease,
            }),
        }
    }
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A worker that panicked while holding the lock leaves consistent data
        // (every critical section is a few assignments), so poison is ignored.
        self.shared.inner.lock().unwrap_or_else(|p| p.into_inner())
    }
    fn deadline(&self) -> Option<Instant> {
        self.shared.lease.map(|l| Instant::now() + l)
    }
    /// No more shards will come: claims return `None` once the queue is empty.
    pub fn close(&self) {
        self.lock().closed = true;
        self.shared.cv.notify_all();
    }
    /// Takes the recorded results, ordered by shard id.
    pub fn take_results(&self) -> Vec<ShardResult> {
        let mut r: Vec<ShardResult> = self.lock().results.drain().map(|(_, v)| v).collect();
        r.sort_by_key(|x| x.shard);
        r
    }
    /// Shards that exhausted their attempts, with the last error.
    pub fn dead(&self) -> Vec<(ShardId, String)> {
        self.lock().dead.clone()
    }
    /// Duplicate completions seen.
    pub fn duplicates(&self) -> u64 {
        self.lock().duplicates
    }
}

impl ShardQueue for EmbeddedQueue {
    fn enqueue(&self, shards: Vec<Shard>) -> Result<(), QueueError> {
        let mut g = self.lock();
        g.ready.extend(shards.into_iter().map(|s| (s, 0)));
        self.shared.cv.notify_all();
        Ok(())
    }

    fn claim(&self, consumer: &WorkerId, wait: Duration) -> Result<Option<Lease>, QueueError> {
        let mut g = self.lock();
        let deadline = Instant::now() + wait;
        loop {
            if let Some((shard, attempts)) = g.ready.pop_front() {
                if shard.protocol_version != PROTOCOL_VERSION {
                    let id = shard.id;
                    g.dead
                        .push((id, format!("protocol version {}", shard.protocol_version)));
                    return Err(QueueError::Version {
                        shard: id,
                        found: shard.protocol_version,
                    });
                }
                let attempt = attempts + 1;
                g.deliveries += 1;
                let token = g.deliveries.to_string();
                g.leased.insert(
                    shard.id,
                    Leased {
                        consumer: consumer.clone(),
                        token: token.clone(),
                        attempt,
                        deadline: self.deadline(),
                        shard: shard.clone(),
                    },
                );
                return Ok(Some(Lease {
                    shard,
                    consumer: consumer.clone(),
                    attempt,
                    token,
                }));
            }
            let now = Instant::now();
            if g.closed || now >= deadline {
                return Ok(None);
            }
            g = self
                .shared
                .cv
                .wait_timeout(g, deadline - now)
                .unwrap_or_else(|p| p.into_inner())
                .0;
        }
    }

    fn claim_batch(
        &self,
        consumer: &WorkerId,
        count: usize,
        wait: Duration,
    ) -> Result<Vec<Lease>, QueueError> {
        let mut out: Vec<Lease> = self.claim(consumer, wait)?.into_iter().collect();
        while !out.is_empty() && out.len() < count {
            match self.claim(consumer, Duration::ZERO)? {
                Some(l) => out.push(l),
                None => break,
            }
        }
        Ok(out)
    }

    fn ack(&self, lease: &Lease, result: ShardResult) -> Result<AckOutcome, QueueError> {
        let mut g = self.lock();
        let id = lease.shard.id;
        if let Err(e) = g.held(lease, true) {
            if g.results.contains_key(&id) {
                g.count(id.job).duplicates += 1;
                g.duplicates += 1;
            }
            return Err(e);
        }
        let outcome = match g.results.entry(id) {
            std::collections::hash_map::Entry::Occupied(_) => AckOutcome::Duplicate,
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(result);
                AckOutcome::Recorded
            }
        };
        match outcome {
            AckOutcome::Duplicate => {
                g.duplicates += 1;
                g.count(id.job).duplicates += 1;
            }
            AckOutcome::Recorded => g.count(id.job).done += 1,
        }
        self.shared.cv.notify_all();
        Ok(outcome)
    }

    fn fail(&self, lease: &Lease, error: &str) -> Result<(), QueueError> {
        let mut g = self.lock();
        let x = g.held(lease, true)?;
        g.retry_or_dead(x, error, self.shared.max_attempts);
        self.shared.cv.notify_all();
        Ok(())
    }

    fn renew(&self, lease: &Lease, _swept: u64) -> Result<RenewOutcome, QueueError> {
        let mut g = self.lock();
        let id = lease.shard.id;
        let deadline = self.deadline();
        match g.leased.get_mut(&id) {
            Some(x) if x.token == lease.token && x.consumer == lease.consumer => {
                x.deadline = deadline;
                Ok(RenewOutcome::Held)
            }
            _ => {
                g.count(id.job).stale += 1;
                Ok(RenewOutcome::Lost)
            }
        }
    }

    fn release(&self, lease: &Lease) -> Result<(), QueueError> {
        let mut g = self.lock();
        let x = g.held(lease, false)?;
        g.ready.push_front((x.shard, x.attempt - 1));
        self.shared.cv.notify_all();
        Ok(())
    }

    fn discard(&self, lease: &Lease) -> Result<(), QueueError> {
        let mut g = self.lock();
        let x = g.held(lease, false)?;
        g.count(x.shard.id.job).discarded += 1;
        self.shared.cv.notify_all();
        Ok(())
    }

    fn maintain(&self, _me: &WorkerId) -> Result<JanitorReport, QueueError> {
        let mut g = self.lock();
        let now = Instant::now();
        let expired: Vec<ShardId> = g
            .leased
            .iter()
            .filter(|(_, x)| x.deadline.is_some_and(|d| d <= now))
            .map(|(id, _)| *id)
            .collect();
        let mut rep = JanitorReport::default();
        for id in expired {
            if let Some(x) = g.leased.remove(&id) {
                tracing::warn!(shard = %id, attempt = x.attempt, "lease expired: shard sent to retry");
                g.retry_or_dead(x, "lease expired", self.shared.max_attempts);
                rep.reclaimed += 1;
            }
        }
        self.shared.cv.notify_all();
        Ok(rep)
    }

    fn lease_period(&self) -> Option<Duration> {
        self.shared.lease
    }

    fn handle(&self) -> Box<dyn ShardQueue> {
        Box::new(self.clone())
    }

    fn counts(&self, job: JobId) -> Result<QueueCounts, QueueError> {
        Ok(self.lock().counts.get(&job).copied().unwrap_or_default())
    }
}
