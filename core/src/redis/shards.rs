//! [`RedisQueue`], the Redis implementation of [`ShardQueue`]: shard claims
//! (foreign and malformed entries handled on the way), the janitor, and the
//! lease operations on the shard streams, all through [`LeaseStream`].
//!
//! # Messages
//!
//! A work-stream entry has fields `v` (protocol version), `job` (job id) and
//! `body` (the [`Shard`] as JSON). A consumer that meets another `v` logs it and
//! leaves the entry pending for a consumer that speaks it; an entry without a
//! readable `v` or `body` goes to the dead-letter stream with the reason.
//! Attempts are counted in `job:ID:attempts`, since `XCLAIM JUSTID` does not
//! count deliveries.

use super::conn::{redact_url, Redis};
use super::jobs::JobStatus;
use super::keys::{Keys, StreamKind};
use super::lease::{Acked, LeaseStream, Renewed, Retried, ShardAck, ShardRenewal};
use super::RedisConfig;
use crate::job::{JobId, Shard, ShardResult, WorkerId, PROTOCOL_VERSION};
use crate::queue::{
    AckOutcome, JanitorReport, Lease, QueueCounts, QueueError, RenewOutcome, ShardQueue,
};
use redis::streams::StreamId;
use redis::Connection;
use std::time::{Duration, Instant};

/// One handle on the Redis queue: a client and one lazily opened connection.
/// Each thread that blocks on claims needs a handle of its own ([`RedisQueue::handle`]).
pub struct RedisQueue {
    pub(crate) redis: Redis,
    pub(crate) cfg: RedisConfig,
    pub(crate) keys: Keys,
}

/// A parsed stream entry.
enum Entry {
    Shard(Box<Shard>),
    /// Another protocol version.
    Foreign(String),
    /// Unreadable: the reason.
    Malformed(String),
}

fn parse_entry(e: &StreamId) -> Entry {
    let Some(v) = e.get::<String>("v") else {
        return Entry::Malformed("no protocol version field `v`".into());
    };
    let Ok(v) = v.trim().parse::<u32>() else {
        return Entry::Malformed(format!("protocol version `v` is not a number: {v:?}"));
    };
    if v != PROTOCOL_VERSION {
        return Entry::Foreign(format!(
            "entry {} speaks protocol {v}, this build speaks {PROTOCOL_VERSION}",
            e.id
        ));
    }
    let Some(body) = e.get::<String>("body") else {
        return Entry::Malformed("no `body` field".into());
    };
    match serde_json::from_str::<Shard>(&body) {
        Ok(s) if s.protocol_version != PROTOCOL_VERSION => Entry::Foreign(format!(
            "shard {} speaks protocol {}, this build speaks {PROTOCOL_VERSION}",
            s.id, s.protocol_version
        )),
        Ok(s) => Entry::Shard(Box::new(s)),
        Err(err) => Entry::Malformed(format!("`body` is not a shard: {err}")),
    }
}

fn json<T: serde::Serialize>(v: &T) -> Result<String, QueueError> {
    serde_json::to_string(v).map_err(|e| QueueError::Backend(e.to_string()))
}

impl RedisQueue {
    /// A handle; the connection opens on first use.
    ///
    /// # Errors
    /// [`QueueError::BadUrl`] when the URL is not a Redis URL (or not
    /// `rediss://` with a CA); [`QueueError::Tls`] when the CA is unusable.
    pub fn new(cfg: RedisConfig) -> Result<Self, QueueError> {
        Ok(RedisQueue {
            redis: Redis::open_with_ca(&cfg.url, cfg.tls_ca.as_deref())?,
            keys: Keys::new(&cfg.root),
            cfg,
        })
    }

    /// Another handle with the same settings (its own connection).
    pub fn handle(&self) -> Self {
        RedisQueue {
            redis: self.redis.handle(),
            keys: self.keys.clone(),
            cfg: self.cfg.clone(),
        }
    }

    /// The key names.
    pub fn keys(&self) -> &Keys {
        &self.keys
    }

    /// The lease length.
    pub fn lease(&self) -> Duration {
        self.cfg.lease
    }

    /// The server's URL with its credentials redacted, for messages.
    pub fn url_redacted(&self) -> String {
        redact_url(&self.cfg.url)
    }

    /// The last error this handle or a sibling met, with its time (ms since
    /// the epoch).
    pub fn last_error(&self) -> Option<(String, u64)> {
        self.redis.last_error()
    }

    /// The connection handle.
    pub fn redis(&self) -> &Redis {
        &self.redis
    }

    /// The lease on one of the streams.
    pub fn lease_stream(&self, kind: StreamKind) -> LeaseStream {
        LeaseStream::new(&self.keys, kind, self.cfg.lease)
    }

    /// Runs `f` on the connection (see [`Redis::with`]).
    ///
    /// # Errors
    /// The [`QueueError`] of what Redis answered.
    pub fn with<T>(
        &self,
        f: impl FnOnce(&mut Connection) -> redis::RedisResult<T>,
    ) -> Result<T, QueueError> {
        self.redis.with(f)
    }

    /// Checks the server answers.
    ///
    /// # Errors
    /// [`QueueError`] when it does not.
    pub fn ping(&self) -> Result<(), QueueError> {
        self.with(|c| redis::cmd("PING").query::<String>(c))
            .map(|_| ())
    }

    /// Creates every stream and its consumer group (idempotent).
    ///
    /// # Errors
    /// [`QueueError`] when Redis fails.
    pub fn ensure_groups(&self) -> Result<(), QueueError> {
        for kind in StreamKind::ALL {
            self.lease_stream(kind).ensure_group(&self.redis)?;
        }
        Ok(())
    }

    /// Claims up to `count` entries with one `XREADGROUP ... COUNT count BLOCK`,
    /// handling foreign and malformed entries on the way; empty when nothing
    /// arrived within `block`. Each returned lease runs from now.
    ///
    /// # Errors
    /// [`QueueError`] when Redis fails; [`QueueError::Backend`] when a
    /// shard's job record holds a status this build does not know (the
    /// batch's entries stay leased until the janitor takes them back).
    pub fn claim_batch(
        &self,
        consumer: &WorkerId,
        count: usize,
        block: Duration,
    ) -> Result<Vec<Lease>, QueueError> {
        let ls = self.lease_stream(StreamKind::Sieve);
        let entries = ls.read(&self.redis, &consumer.0, count, block)?;
        let mut out = Vec::with_capacity(entries.len());
        for entry in entries {
            match parse_entry(&entry) {
                Entry::Foreign(why) => {
                    tracing::error!(entry = %entry.id, "{why}: left pending for a consumer that speaks it");
                }
                Entry::Malformed(why) => {
                    tracing::error!(entry = %entry.id, "malformed entry sent to the dead-letter stream: {why}");
                    ls.dead_letter(&self.redis, &consumer.0, &entry, &why)?;
                }
                Entry::Shard(shard) => {
                    let id = shard.id;
                    let (attempt, status): (u32, String) = self.with(|c| {
                        super::lease::scripts()
                            .begin
                            .key(self.keys.attempts(id.job))
                            .key(self.keys.job(id.job))
                            .arg(id.index)
                            .invoke(c)
                    })?;
                    let lease = Lease {
                        shard: *shard,
                        consumer: consumer.clone(),
                        attempt,
                        token: entry.id.clone(),
                    };
                    // '' when the job has no record (purged or expired).
                    let status = match status.as_str() {
                        "" => None,
                        s => Some(
                            s.parse::<JobStatus>()
                                .map_err(|e| QueueError::Backend(format!("job {}: {e}", id.job)))?,
                        ),
                    };
                    if matches!(status, None | Some(JobStatus::Cancelled)) {
                        tracing::info!(shard = %id, "job {} is {}: shard discarded", id.job, status.map_or("unknown", JobStatus::as_str));
                        ShardQueue::discard(self, &lease)?;
                        continue;
                    }
                    out.push(lease);
                }
            }
        }
        Ok(out)
    }

    /// One janitor pass over the work streams: `XAUTOCLAIM` entries idle past the
    /// lease to `me` and send them through the retry path (attempts past the
    /// limit go to the dead-letter stream), then move due delayed retries back
    /// into their streams.
    ///
    /// # Errors
    /// [`QueueError`] when Redis fails.
    pub fn janitor(&self, me: &WorkerId) -> Result<JanitorReport, QueueError> {
        let mut rep = JanitorReport::default();
        let lease_ms = self.cfg.lease.as_millis() as u64;
        for kind in StreamKind::WORK {
            let ls = self.lease_stream(kind);
            let mut cursor = "0-0".to_string();
            loop {
                let r = ls.reclaim(&self.redis, &me.0, &cursor, 100)?;
                if !r.deleted_ids.is_empty() {
                    tracing::warn!(stream = %ls.key(), ids = ?r.deleted_ids, "pending entries whose stream entry was deleted (removed from the pending entries list)");
                }
                rep.deleted_ids.extend(r.deleted_ids);
                if kind == StreamKind::Score {
                    let (re, ma, pa) =
                        crate::assess::fleet::janitor_score(self, &ls, me, &r.claimed)?;
                    rep.reclaimed += re;
                    rep.malformed += ma;
                    rep.parked += pa;
                    match r.next {
                        Some(n) => cursor = n,
                        None => break,
                    }
                    continue;
                }
                for e in &r.claimed {
                    match parse_entry(e) {
                        Entry::Foreign(why) => {
                            tracing::warn!(entry = %e.id, "{why}: left pending");
                            rep.parked += 1;
                        }
                        Entry::Malformed(why) => {
                            tracing::error!(entry = %e.id, "malformed entry sent to the dead-letter stream: {why}");
                            ls.dead_letter(&self.redis, &me.0, e, &why)?;
                            rep.malformed += 1;
                        }
                        Entry::Shard(shard) => {
                            let attempt: u32 = self
                                .with(|c| {
                                    redis::cmd("HGET")
                                        .arg(self.keys.attempts(shard.id.job))
                                        .arg(shard.id.index)
                                        .query::<Option<u32>>(c)
                                })?
                                .unwrap_or(1);
                            tracing::warn!(shard = %shard.id, attempt, "lease expired ({lease_ms} ms without renewal): shard sent to retry");
                            let lease = Lease {
                                shard: *shard,
                                consumer: me.clone(),
                                attempt,
                                token: e.id.clone(),
                            };
                            self.fail_on(
                                &ls,
                                &lease,
                                &format!("lease expired: no renewal for {lease_ms} ms"),
                            )?;
                            rep.reclaimed += 1;
                        }
                    }
                }
                match r.next {
                    Some(n) => cursor = n,
                    None => break,
                }
            }
            rep.promoted += ls.promote(&self.redis, 1000)?;
        }
        Ok(rep)
    }

    fn fail_on(&self, ls: &LeaseStream, lease: &Lease, error: &str) -> Result<(), QueueError> {
        let id = lease.shard.id;
        let r = ls.retry(
            &self.redis,
            &lease.consumer.0,
            &lease.token,
            id.job,
            id.index,
            lease.attempt,
            &json(&lease.shard)?,
            error,
        )?;
        match r {
            Retried::Stale => Err(QueueError::NotHeld(id)),
            Retried::Dead => {
                tracing::error!(shard = %id, attempts = lease.attempt, "shard sent to the dead-letter stream: {error}");
                Ok(())
            }
            Retried::Retry => Ok(()),
        }
    }

    /// Acks a lease of a cancelled (or unknown) job without a result.
    ///
    /// # Errors
    /// [`QueueError`] when Redis fails.
    pub fn discard(&self, lease: &Lease) -> Result<(), QueueError> {
        ShardQueue::discard(self, lease)
    }
}

impl ShardQueue for RedisQueue {
    /// Enqueues shards of a job recorded already, in one transaction.
    fn enqueue(&self, shards: Vec<Shard>) -> Result<(), QueueError> {
        let mut pipe = redis::pipe();
        pipe.atomic();
        super::jobs::add_shards(&mut pipe, &self.keys.stream(StreamKind::Sieve), &shards)?;
        self.with(|c| pipe.query::<()>(c))
    }

    fn claim(&self, consumer: &WorkerId, wait: Duration) -> Result<Option<Lease>, QueueError> {
        let deadline = Instant::now() + wait;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if let Some(l) = self
                .claim_batch(consumer, 1, left.max(Duration::from_millis(1)))?
                .into_iter()
                .next()
            {
                return Ok(Some(l));
            }
            if Instant::now() >= deadline {
                return Ok(None);
            }
        }
    }

    fn claim_batch(
        &self,
        consumer: &WorkerId,
        count: usize,
        wait: Duration,
    ) -> Result<Vec<Lease>, QueueError> {
        RedisQueue::claim_batch(self, consumer, count, wait)
    }

    fn ack(&self, lease: &Lease, result: ShardResult) -> Result<AckOutcome, QueueError> {
        let id = lease.shard.id;
        let body = json(&result)?;
        let r = self.lease_stream(StreamKind::Sieve).ack(
            &self.redis,
            &lease.consumer.0,
            &lease.token,
            Some(ShardAck {
                job: id.job,
                index: id.index,
                result: &body,
                seeds: result.seeds_tried,
            }),
        )?;
        match r {
            Acked::Recorded => Ok(AckOutcome::Recorded),
            Acked::Duplicate => Ok(AckOutcome::Duplicate),
            Acked::Stale => Err(QueueError::NotHeld(id)),
        }
    }

    fn fail(&self, lease: &Lease, error: &str) -> Result<(), QueueError> {
        self.fail_on(&self.lease_stream(StreamKind::Sieve), lease, error)
    }

    fn renew(&self, lease: &Lease, swept: u64) -> Result<RenewOutcome, QueueError> {
        let r = self.lease_stream(StreamKind::Sieve).renew(
            &self.redis,
            &lease.consumer.0,
            &lease.token,
            Some(ShardRenewal {
                job: lease.shard.id.job,
                index: lease.shard.id.index,
                swept,
                seeds: lease.shard.seeds.len(),
            }),
        )?;
        Ok(match r {
            Renewed::Held => RenewOutcome::Held,
            Renewed::Cancelled => RenewOutcome::Cancelled,
            Renewed::Lost => RenewOutcome::Lost,
        })
    }

    fn release(&self, lease: &Lease) -> Result<(), QueueError> {
        let id = lease.shard.id;
        let fields = [
            ("v".to_string(), PROTOCOL_VERSION.to_string()),
            ("job".to_string(), id.job.to_string()),
            ("body".to_string(), json(&lease.shard)?),
        ];
        let ok = self.lease_stream(StreamKind::Sieve).hand_back(
            &self.redis,
            &lease.consumer.0,
            &lease.token,
            &fields,
            Some((id.job, id.index)),
        )?;
        if ok {
            Ok(())
        } else {
            Err(QueueError::NotHeld(id))
        }
    }

    fn discard(&self, lease: &Lease) -> Result<(), QueueError> {
        self.lease_stream(StreamKind::Sieve)
            .discard(
                &self.redis,
                &lease.consumer.0,
                &lease.token,
                lease.shard.id.job,
                lease.shard.id.index,
            )
            .map(|_| ())
    }

    fn prepare(&self) -> Result<(), QueueError> {
        self.ensure_groups()
    }

    fn maintain(&self, me: &WorkerId) -> Result<JanitorReport, QueueError> {
        self.heartbeat(me)?;
        self.janitor(me)
    }

    fn leave(&self, me: &WorkerId) -> Result<(), QueueError> {
        self.forget_worker(me)
    }

    fn lease_period(&self) -> Option<Duration> {
        Some(self.cfg.lease)
    }

    fn handle(&self) -> Box<dyn ShardQueue> {
        Box::new(RedisQueue::handle(self))
    }

    fn counts(&self, job: JobId) -> Result<QueueCounts, QueueError> {
        Ok(match self.job(job)? {
            None => QueueCounts::default(),
            Some(r) => QueueCounts {
                done: r.done,
                dead: r.dead,
                retried: r.retried,
                duplicates: r.duplicates,
                stale: r.stale,
                discarded: r.cancelled_shards,
            },
        })
    }
}
