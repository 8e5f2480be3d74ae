//! The queue seam: how shards reach workers and results come back.
//!
//! [`ShardQueue`] is implemented by [`EmbeddedQueue`] (in-process, the default: no
//! service) and by [`crate::redis_queue::RedisQueue`] (Redis Streams) with the
//! same lease-and-ack semantics: `claim` hands out a [`Lease`], `renew` keeps it,
//! `ack` completes it exactly once, `fail` returns it for retry (or the
//! dead-letter stream), `release` hands it back untouched.

use crate::job::{Shard, ShardId, ShardResult, WorkerId, PROTOCOL_VERSION};
use std::collections::{HashMap, VecDeque};
use std::sync::{Condvar, Mutex};
use std::time::Duration;

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
    /// The backend's handle on the delivery (the Redis stream entry id; empty for
    /// the embedded queue).
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

/// The shard queue seam.
pub trait ShardQueue: Send + Sync {
    /// Adds shards.
    fn enqueue(&self, shards: Vec<Shard>) -> Result<(), QueueError>;
    /// Claims the next shard, waiting up to `wait`; `None` when none is available.
    fn claim(&self, consumer: &WorkerId, wait: Duration) -> Result<Option<Lease>, QueueError>;
    /// Completes a lease with its result.
    fn ack(&self, lease: &Lease, result: ShardResult) -> Result<AckOutcome, QueueError>;
    /// Gives a lease back after an error; it is retried up to the queue's attempt limit.
    fn fail(&self, lease: &Lease, error: &str) -> Result<(), QueueError>;
    /// Extends a lease by one lease period. Queues without expiry keep leases for
    /// ever and answer [`RenewOutcome::Held`].
    fn renew(&self, _lease: &Lease) -> Result<RenewOutcome, QueueError> {
        Ok(RenewOutcome::Held)
    }
    /// Hands a lease back unprocessed (shutdown): it is claimable again at once
    /// and the attempt does not count.
    fn release(&self, lease: &Lease) -> Result<(), QueueError>;
}

#[derive(Default)]
struct Inner {
    ready: VecDeque<(Shard, u32)>,
    leased: HashMap<ShardId, (WorkerId, u32)>,
    results: HashMap<ShardId, ShardResult>,
    dead: Vec<(ShardId, String)>,
    duplicates: u64,
    closed: bool,
}

/// The in-process queue of embedded mode.
pub struct EmbeddedQueue {
    inner: Mutex<Inner>,
    cv: Condvar,
    max_attempts: u32,
}

impl Default for EmbeddedQueue {
    fn default() -> Self {
        EmbeddedQueue {
            inner: Mutex::default(),
            cv: Condvar::new(),
            max_attempts: 3,
        }
    }
}

impl EmbeddedQueue {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A worker that panicked while holding the lock leaves consistent data
        // (every critical section is a few assignments), so poison is ignored.
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }
    /// No more shards will come: claims return `None` once the queue is empty.
    pub fn close(&self) {
        self.lock().closed = true;
        self.cv.notify_all();
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
        self.cv.notify_all();
        Ok(())
    }

    fn claim(&self, consumer: &WorkerId, wait: Duration) -> Result<Option<Lease>, QueueError> {
        let mut g = self.lock();
        let deadline = std::time::Instant::now() + wait;
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
                g.leased.insert(shard.id, (consumer.clone(), attempt));
                return Ok(Some(Lease {
                    shard,
                    consumer: consumer.clone(),
                    attempt,
                    token: String::new(),
                }));
            }
            let now = std::time::Instant::now();
            if g.closed || now >= deadline {
                return Ok(None);
            }
            g = self
                .cv
                .wait_timeout(g, deadline - now)
                .unwrap_or_else(|p| p.into_inner())
                .0;
        }
    }

    fn ack(&self, lease: &Lease, result: ShardResult) -> Result<AckOutcome, QueueError> {
        let mut g = self.lock();
        let id = lease.shard.id;
        match g.leased.get(&id) {
            Some((holder, _)) if *holder == lease.consumer => {
                g.leased.remove(&id);
            }
            _ => return Err(QueueError::NotHeld(id)),
        }
        let outcome = match g.results.entry(id) {
            std::collections::hash_map::Entry::Occupied(_) => AckOutcome::Duplicate,
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(result);
                AckOutcome::Recorded
            }
        };
        if outcome == AckOutcome::Duplicate {
            g.duplicates += 1;
        }
        self.cv.notify_all();
        Ok(outcome)
    }

    fn fail(&self, lease: &Lease, error: &str) -> Result<(), QueueError> {
        let mut g = self.lock();
        let id = lease.shard.id;
        let Some((_, attempt)) = g.leased.remove(&id) else {
            return Err(QueueError::NotHeld(id));
        };
        if attempt >= self.max_attempts {
            g.dead.push((id, error.to_string()));
        } else {
            g.ready.push_back((lease.shard.clone(), attempt));
        }
        self.cv.notify_all();
        Ok(())
    }

    fn release(&self, lease: &Lease) -> Result<(), QueueError> {
        let mut g = self.lock();
        let id = lease.shard.id;
        let Some((_, attempt)) = g.leased.remove(&id) else {
            return Err(QueueError::NotHeld(id));
        };
        g.ready.push_front((lease.shard.clone(), attempt - 1));
        self.cv.notify_all();
        Ok(())
    }
}
