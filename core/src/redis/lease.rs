//! The one stream lease of the protocol, used by the shard streams
//! ([`crate::redis::RedisQueue`]) and the feedback request stream
//! ([`crate::feedback::store`]) alike.
//!
//! A claim is `XREADGROUP ... BLOCK` on a connection of the claimer's own (a
//! blocked read holds its connection; the synchronous connection has no
//! response timeout, so a read never times out client-side and leaves a
//! delivery nobody saw). A lease lasts the lease period from the last claim
//! or renewal. Renewal, ack, retry with backoff, dead-letter and hand-back are
//! Lua scripts (`scripts/*.lua`) that first check, with `XPENDING`, that the
//! caller still holds the entry, so a stale holder changes nothing. Entries
//! idle past the lease are reclaimed with `XAUTOCLAIM` ([`LeaseStream::reclaim`]).
//! A consumer group lost with the server's data (`NOGROUP`) is created again
//! by the next read or reclaim.

use super::conn::{fault, now_ms, Backoff, Fault, Redis};
use super::keys::{Keys, StreamKind};
use crate::job::JobId;
use crate::queue::QueueError;
use redis::streams::{StreamAutoClaimReply, StreamId, StreamReadReply};
use redis::Script;
use std::collections::BTreeMap;
use std::sync::OnceLock;
use std::time::Duration;

/// The lease scripts, each `lib.lua` followed by its body.
pub(crate) struct Scripts {
    pub renew: Script,
    pub ack: Script,
    pub discard: Script,
    pub hand_back: Script,
    pub retry: Script,
    pub dead_letter: Script,
    pub promote: Script,
    pub begin: Script,
}

/// The scripts, built once per process (their SHA-1 is computed here).
pub(crate) fn scripts() -> &'static Scripts {
    static S: OnceLock<Scripts> = OnceLock::new();
    S.get_or_init(|| {
        let lib = include_str!("scripts/lib.lua");
        let s = |body: &str| Script::new(&format!("{lib}\n{body}"));
        Scripts {
            renew: s(include_str!("scripts/renew.lua")),
            ack: s(include_str!("scripts/ack.lua")),
            discard: s(include_str!("scripts/discard.lua")),
            hand_back: s(include_str!("scripts/hand_back.lua")),
            retry: s(include_str!("scripts/retry.lua")),
            dead_letter: s(include_str!("scripts/dead_letter.lua")),
            promote: s(include_str!("scripts/promote.lua")),
            begin: s(include_str!("scripts/begin.lua")),
        }
    })
}

/// Retry delay before attempt `attempt + 1` of a failed shard: jittered
/// exponential backoff from 250 ms, doubling, never above 30 s (jitter
/// included; [`Backoff`]).
pub fn retry_delay(attempt: u32) -> Duration {
    Backoff::new(Duration::from_millis(250), Duration::from_secs(30))
        .delay(attempt.saturating_sub(1))
}

/// What a renewal found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Renewed {
    /// Still held, for another lease period.
    Held,
    /// Held by another consumer, or by nobody.
    Lost,
    /// The job was cancelled.
    Cancelled,
}

/// What an ack did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Acked {
    /// Acked (and the result recorded).
    Recorded,
    /// Acked; the shard had a result already (counted).
    Duplicate,
    /// Refused: the caller does not hold the entry (counted).
    Stale,
}

/// What a failed lease became.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Retried {
    /// Waiting out its backoff in the delay set.
    Retry,
    /// Past its attempts: in the dead-letter stream.
    Dead,
    /// Refused: the caller does not hold the entry (counted).
    Stale,
}

/// A shard's progress reported with a renewal (see `scripts/renew.lua`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ShardRenewal {
    /// The job.
    pub job: JobId,
    /// The shard's index.
    pub index: u32,
    /// Seeds swept so far in this attempt.
    pub swept: u64,
    /// The shard's seeds (the cap on `swept`).
    pub seeds: u64,
}

/// A result to record with an ack.
pub struct ShardAck<'a> {
    /// The job.
    pub job: JobId,
    /// The shard's index.
    pub index: u32,
    /// The result, JSON.
    pub result: &'a str,
    /// Seeds it swept.
    pub seeds: u64,
}

/// Entries reclaimed past their lease by one `XAUTOCLAIM` call.
#[derive(Debug, Default)]
pub struct Reclaimed {
    /// The entries, now held by the caller.
    pub claimed: Vec<StreamId>,
    /// Pending entries whose stream entry was deleted (dropped from the
    /// pending entries list by Redis).
    pub deleted_ids: Vec<String>,
    /// Where the next call starts; `None` when the scan is complete.
    pub next: Option<String>,
}

/// One leased stream and its consumer group.
#[derive(Clone, Debug)]
pub struct LeaseStream {
    keys: Keys,
    kind: StreamKind,
    stream: String,
    lease: Duration,
}

fn lost_group(e: &QueueError) -> bool {
    matches!(e, QueueError::NoGroup(_))
}

impl LeaseStream {
    /// The stream `kind` under `keys`, with leases of `lease`.
    pub fn new(keys: &Keys, kind: StreamKind, lease: Duration) -> Self {
        LeaseStream {
            keys: keys.clone(),
            kind,
            stream: keys.stream(kind),
            lease,
        }
    }
    /// The stream's key.
    pub fn key(&self) -> &str {
        &self.stream
    }
    /// Its consumer group.
    pub fn group(&self) -> &'static str {
        self.kind.group()
    }
    /// The lease period.
    pub fn lease(&self) -> Duration {
        self.lease
    }

    /// Creates the stream and its consumer group unless they exist.
    ///
    /// # Errors
    /// [`QueueError`] when Redis fails.
    pub fn ensure_group(&self, r: &Redis) -> Result<(), QueueError> {
        let res = r.with_raw(|c| {
            redis::cmd("XGROUP")
                .arg("CREATE")
                .arg(&self.stream)
                .arg(self.group())
                .arg("0")
                .arg("MKSTREAM")
                .query::<()>(c)
        });
        match res {
            Ok(()) => Ok(()),
            Err(e) if fault(&e) == Fault::BusyGroup => Ok(()),
            Err(e) => Err(r.note(&e)),
        }
    }

    /// Runs `f`; when the group is gone (the server lost its data), creates it
    /// again, says so, and answers `empty` instead.
    fn or_regroup<T>(
        &self,
        r: &Redis,
        empty: T,
        f: impl FnOnce() -> Result<T, QueueError>,
    ) -> Result<T, QueueError> {
        match f() {
            Err(e) if lost_group(&e) => {
                tracing::warn!(stream = %self.stream, group = self.group(), "consumer group missing (the server lost its data?): created again");
                self.ensure_group(r)?;
                Ok(empty)
            }
            x => x,
        }
    }

    /// Claims up to `count` new entries for `consumer`, waiting up to `block`;
    /// each lease runs from now.
    ///
    /// # Errors
    /// [`QueueError`] when Redis fails.
    pub fn read(
        &self,
        r: &Redis,
        consumer: &str,
        count: usize,
        block: Duration,
    ) -> Result<Vec<StreamId>, QueueError> {
        self.or_regroup(r, Vec::new(), || {
            let reply: Option<StreamReadReply> = r.with(|c| {
                redis::cmd("XREADGROUP")
                    .arg("GROUP")
                    .arg(self.group())
                    .arg(consumer)
                    .arg("COUNT")
                    .arg(count.max(1))
                    .arg("BLOCK")
                    .arg(block.as_millis().max(1) as u64)
                    .arg("STREAMS")
                    .arg(&self.stream)
                    .arg(">")
                    .query(c)
            })?;
            Ok(reply
                .and_then(|r| r.keys.into_iter().next())
                .map(|k| k.ids)
                .unwrap_or_default())
        })
    }

    /// Takes over up to `count` entries idle past the lease, scanning from
    /// `cursor` (`0-0` to start).
    ///
    /// # Errors
    /// [`QueueError`] when Redis fails.
    pub fn reclaim(
        &self,
        r: &Redis,
        consumer: &str,
        cursor: &str,
        count: usize,
    ) -> Result<Reclaimed, QueueError> {
        self.or_regroup(r, Reclaimed::default(), || {
            let a: StreamAutoClaimReply = r.with(|c| {
                redis::cmd("XAUTOCLAIM")
                    .arg(&self.stream)
                    .arg(self.group())
                    .arg(consumer)
                    .arg(self.lease.as_millis() as u64)
                    .arg(cursor)
                    .arg("COUNT")
                    .arg(count.max(1))
                    .query(c)
            })?;
            let next = (!a.next_stream_id.is_empty() && a.next_stream_id != "0-0")
                .then_some(a.next_stream_id);
            Ok(Reclaimed {
                claimed: a.claimed,
                deleted_ids: a.deleted_ids,
                next,
            })
        })
    }

    /// Renews `consumer`'s lease on `entry`; with `shard`, a refusal is
    /// counted in the job's `stale`, a cancelled job answers
    /// [`Renewed::Cancelled`], and a held lease records the seeds swept so far
    /// in the job's partial progress (replacing the shard's earlier figure,
    /// capped at its size; [`crate::redis::Keys::partial`]).
    ///
    /// # Errors
    /// [`QueueError`] when Redis fails.
    pub fn renew(
        &self,
        r: &Redis,
        consumer: &str,
        entry: &str,
        shard: Option<ShardRenewal>,
    ) -> Result<Renewed, QueueError> {
        let res: Result<String, QueueError> = r.with(|c| {
            let mut inv = scripts().renew.key(&self.stream);
            if let Some(s) = &shard {
                inv.key(self.keys.job(s.job))
                    .key(self.keys.results(s.job))
                    .key(self.keys.partial(s.job));
            }
            inv.arg(self.group()).arg(entry).arg(consumer);
            if let Some(s) = &shard {
                inv.arg(s.index).arg(s.swept).arg(s.seeds);
            }
            inv.invoke(c)
        });
        Ok(match res {
            Err(e) if lost_group(&e) => Renewed::Lost,
            Err(e) => return Err(e),
            Ok(s) if s == "held" => Renewed::Held,
            Ok(s) if s == "cancelled" => Renewed::Cancelled,
            Ok(_) => Renewed::Lost,
        })
    }

    /// Acks and deletes `consumer`'s `entry`; with `shard`, records its result
    /// once and settles the job.
    ///
    /// # Errors
    /// [`QueueError`] when Redis fails.
    pub fn ack(
        &self,
        r: &Redis,
        consumer: &str,
        entry: &str,
        shard: Option<ShardAck<'_>>,
    ) -> Result<Acked, QueueError> {
        let res: Result<String, QueueError> = r.with(|c| {
            let mut inv = scripts().ack.key(&self.stream);
            inv.arg(self.group()).arg(entry).arg(consumer);
            if let Some(s) = &shard {
                for k in self.keys.job_keys(s.job) {
                    inv.key(k);
                }
                inv.arg(s.index).arg(s.result).arg(s.seeds).arg(now_ms());
            }
            inv.invoke(c)
        });
        Ok(match res {
            Err(e) if lost_group(&e) => Acked::Stale,
            Err(e) => return Err(e),
            Ok(s) if s == "recorded" => Acked::Recorded,
            Ok(s) if s == "duplicate" => Acked::Duplicate,
            Ok(_) => Acked::Stale,
        })
    }

    /// Acks and deletes `consumer`'s `entry`, shard `index` of a cancelled
    /// or unknown `job`, without a result (counted in `cancelled_shards`;
    /// its partial progress deleted); `false` when not held.
    ///
    /// # Errors
    /// [`QueueError`] when Redis fails.
    pub fn discard(
        &self,
        r: &Redis,
        consumer: &str,
        entry: &str,
        job: JobId,
        index: u32,
    ) -> Result<bool, QueueError> {
        let n: i64 = r.with(|c| {
            scripts()
                .discard
                .key(&self.stream)
                .key(self.keys.job(job))
                .key(self.keys.partial(job))
                .arg(self.group())
                .arg(entry)
                .arg(consumer)
                .arg(index)
                .invoke(c)
        })?;
        Ok(n == 1)
    }

    /// Hands `consumer`'s `entry` back: it is deleted and `fields` added again
    /// at the stream's end (claimable at once); with `shard` (job, index) the
    /// delivery is not counted as an attempt and the shard's partial progress
    /// is deleted. `false` when not held.
    ///
    /// # Errors
    /// [`QueueError`] when Redis fails.
    pub fn hand_back(
        &self,
        r: &Redis,
        consumer: &str,
        entry: &str,
        fields: &[(String, String)],
        shard: Option<(JobId, u32)>,
    ) -> Result<bool, QueueError> {
        let n: i64 = r.with(|c| {
            let mut inv = scripts().hand_back.key(&self.stream);
            if let Some((job, _)) = shard {
                inv.key(self.keys.attempts(job)).key(self.keys.partial(job));
            }
            inv.arg(self.group())
                .arg(entry)
                .arg(consumer)
                .arg(shard.map(|s| s.1.to_string()).unwrap_or_default());
            for (k, v) in fields {
                inv.arg(k).arg(v);
            }
            inv.invoke(c)
        })?;
        Ok(n == 1)
    }

    /// Fails `consumer`'s lease on shard `index` of `job` (attempt `attempt`,
    /// body `shard_json`): retry after [`retry_delay`], or the dead-letter
    /// stream past the job's `max_attempts`.
    ///
    /// # Errors
    /// [`QueueError`] when Redis fails.
    #[allow(clippy::too_many_arguments)]
    pub fn retry(
        &self,
        r: &Redis,
        consumer: &str,
        entry: &str,
        job: JobId,
        index: u32,
        attempt: u32,
        shard_json: &str,
        error: &str,
    ) -> Result<Retried, QueueError> {
        let now = now_ms();
        let due = now + retry_delay(attempt).as_millis() as u64;
        let s: String = r.with(|c| {
            let mut inv = scripts().retry.key(&self.stream);
            for k in self.keys.job_keys(job) {
                inv.key(k);
            }
            inv.key(self.keys.delay(self.kind))
                .key(self.keys.dead())
                .arg(self.group())
                .arg(entry)
                .arg(consumer)
                .arg(index)
                .arg(shard_json)
                .arg(error)
                .arg(due)
                .arg(now)
                .arg(crate::job::PROTOCOL_VERSION)
                .arg(job.to_string())
                .arg(self.kind.name())
                .invoke(c)
        })?;
        Ok(match s.as_str() {
            "retry" => Retried::Retry,
            "dead" => Retried::Dead,
            _ => Retried::Stale,
        })
    }

    /// Sends `consumer`'s unreadable `entry` to the dead-letter stream with
    /// `reason` and its raw fields, then acks it; `false` when not held.
    ///
    /// # Errors
    /// [`QueueError`] when Redis fails.
    pub fn dead_letter(
        &self,
        r: &Redis,
        consumer: &str,
        entry: &StreamId,
        reason: &str,
    ) -> Result<bool, QueueError> {
        let n: i64 = r.with(|c| {
            scripts()
                .dead_letter
                .key(&self.stream)
                .key(self.keys.dead())
                .arg(self.group())
                .arg(&entry.id)
                .arg(consumer)
                .arg(reason)
                .arg(raw_fields(entry))
                .arg(now_ms())
                .arg(self.kind.name())
                .invoke(c)
        })?;
        Ok(n == 1)
    }

    /// Moves up to `limit` due retries from the delay set back into the
    /// stream; returns how many.
    ///
    /// # Errors
    /// [`QueueError`] when Redis fails.
    pub fn promote(&self, r: &Redis, limit: usize) -> Result<u64, QueueError> {
        r.with(|c| {
            scripts()
                .promote
                .key(self.keys.delay(self.kind))
                .key(&self.stream)
                .arg(now_ms())
                .arg(crate::job::PROTOCOL_VERSION)
                .arg(limit)
                .invoke(c)
        })
    }

    /// Entries leased now (the group's pending count; 0 without a group).
    ///
    /// # Errors
    /// [`QueueError`] when Redis fails.
    pub fn pending(&self, r: &Redis) -> Result<u64, QueueError> {
        match r.with(|c| {
            redis::cmd("XPENDING")
                .arg(&self.stream)
                .arg(self.group())
                .query::<(u64, redis::Value, redis::Value, redis::Value)>(c)
        }) {
            Ok(p) => Ok(p.0),
            Err(e) if lost_group(&e) => Ok(0),
            Err(e) => Err(e),
        }
    }

    /// Ids of up to `limit` leased entries.
    ///
    /// # Errors
    /// [`QueueError`] when Redis fails.
    pub fn pending_ids(&self, r: &Redis, limit: usize) -> Result<Vec<String>, QueueError> {
        match r.with(|c| {
            redis::cmd("XPENDING")
                .arg(&self.stream)
                .arg(self.group())
                .arg("-")
                .arg("+")
                .arg(limit.max(1))
                .query::<Vec<(String, String, u64, u64)>>(c)
        }) {
            Ok(p) => Ok(p.into_iter().map(|x| x.0).collect()),
            Err(e) if lost_group(&e) => Ok(vec![]),
            Err(e) => Err(e),
        }
    }
}

/// An entry's fields as a JSON object (values that are not text shown in
/// Rust's debug form), for dead letters.
pub(crate) fn raw_fields(e: &StreamId) -> String {
    let m: BTreeMap<&String, String> = e
        .map
        .iter()
        .map(|(k, v)| {
            (
                k,
                redis::from_redis_value_ref::<String>(v).unwrap_or_else(|_| format!("{v:?}")),
            )
        })
        .collect();
    serde_json::to_string(&m).unwrap_or_default()
}

/// An entry's text fields, sorted by name (to add them again on hand-back).
pub fn fields_of(e: &StreamId) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = e
        .map
        .iter()
        .filter_map(|(k, v)| Some((k.clone(), redis::from_redis_value_ref::<String>(v).ok()?)))
        .collect();
    v.sort();
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_delay_grows_and_is_capped_jitter_included() {
        for a in 1..=3 {
            let d = retry_delay(a).as_millis() as u64;
            let base = 250u64 << (a - 1);
            assert!(d >= base / 2 && d <= base, "{a}: {d}");
        }
        for a in [10, 20, 60, 1000] {
            assert!(retry_delay(a) <= Duration::from_secs(30));
        }
    }

    #[test]
    fn every_script_opens_with_its_keys_and_argv() {
        for body in [
            include_str!("scripts/renew.lua"),
            include_str!("scripts/ack.lua"),
            include_str!("scripts/discard.lua"),
            include_str!("scripts/hand_back.lua"),
            include_str!("scripts/retry.lua"),
            include_str!("scripts/dead_letter.lua"),
            include_str!("scripts/promote.lua"),
            include_str!("scripts/begin.lua"),
            include_str!("scripts/transition.lua"),
            include_str!("scripts/settle_request.lua"),
        ] {
            let head: String = body.lines().take_while(|l| l.starts_with("--")).collect();
            assert!(
                head.contains("KEYS[1]") && head.contains("ARGV[1]"),
                "{body}"
            );
        }
    }
}
