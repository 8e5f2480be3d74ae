//! Job records on Redis: submit (atomic), read, cancel, purge, and the
//! status views (`scheduler status`).

use super::conn::now_ms;
use super::keys::StreamKind;
use super::lease::LeaseStream;
use super::RedisQueue;
use crate::job::{JobId, Shard, ShardId, ShardResult};
use crate::plan::Planned;
use crate::queue::QueueError;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::str::FromStr;
use std::time::Duration;

/// Default attempts before the dead-letter stream.
pub const DEFAULT_MAX_ATTEMPTS: u32 = 3;
/// Default retention of a settled job's keys: 7 days.
pub const DEFAULT_RETENTION: Duration = Duration::from_secs(7 * 24 * 3600);

/// How a job is submitted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SubmitSettings {
    /// Deliveries per shard before the dead-letter stream (at least 1).
    pub max_attempts: u32,
    /// How long the job's keys live after it settles; `None` keeps them
    /// until `scheduler purge`.
    pub retention: Option<Duration>,
}

impl Default for SubmitSettings {
    fn default() -> Self {
        SubmitSettings {
            max_attempts: DEFAULT_MAX_ATTEMPTS,
            retention: Some(DEFAULT_RETENTION),
        }
    }
}

/// A job's status, the `status` field of `job:ID`. Rust writes `running`
/// (submit) and `cancelled` (cancel); the scripts (`scripts/lib.lua`) write
/// `done` or `failed` when the last shard settles. Serialized lowercase, the
/// same strings as in Redis.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum JobStatus {
    /// Shards are still unsettled.
    Running,
    /// Every shard has a result.
    Done,
    /// Every shard settled, at least one in the dead-letter stream.
    Failed,
    /// Cancelled by `scheduler cancel`; its shards are discarded.
    Cancelled,
}

impl JobStatus {
    /// Every status, in lifecycle order.
    pub const ALL: [JobStatus; 4] = [
        JobStatus::Running,
        JobStatus::Done,
        JobStatus::Failed,
        JobStatus::Cancelled,
    ];

    /// The name stored in Redis and printed (`running`, `done`, `failed`,
    /// `cancelled`).
    pub fn as_str(self) -> &'static str {
        match self {
            JobStatus::Running => "running",
            JobStatus::Done => "done",
            JobStatus::Failed => "failed",
            JobStatus::Cancelled => "cancelled",
        }
    }
}

impl fmt::Display for JobStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// A `status` field that names no [`JobStatus`] (a record written by another
/// version, or damaged); holds the text found.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown job status {0:?}")]
pub struct UnknownJobStatus(pub String);

impl FromStr for JobStatus {
    type Err = UnknownJobStatus;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        JobStatus::ALL
            .into_iter()
            .find(|x| x.as_str() == s)
            .ok_or_else(|| UnknownJobStatus(s.to_string()))
    }
}

/// Parses the `status` field of job `id`'s record.
fn parse_status(id: JobId, s: Option<&str>) -> Result<JobStatus, QueueError> {
    let s = s.ok_or_else(|| QueueError::Backend(format!("job {id}: record has no status")))?;
    s.parse()
        .map_err(|e| QueueError::Backend(format!("job {id}: {e}")))
}

/// A job's record as stored in `job:ID`.
#[derive(Clone, Debug, Serialize)]
pub struct JobRecord {
    /// The job.
    pub id: JobId,
    /// Its status.
    pub status: JobStatus,
    /// The planned job (spec, expected false survivors, notes).
    #[serde(skip)]
    pub planned: Planned,
    /// Shards in the job.
    pub shards: u64,
    /// Shards with a recorded result.
    pub done: u64,
    /// Shards in the dead-letter stream.
    pub dead: u64,
    /// Retries scheduled (failures and expired leases).
    pub retried: u64,
    /// Completions of a shard that already had a result.
    pub duplicates: u64,
    /// Renewals or acks refused because the caller no longer held the lease.
    pub stale: u64,
    /// Shards discarded after cancellation.
    pub cancelled_shards: u64,
    /// Seeds swept in recorded results.
    pub seeds_done: u64,
    /// Seeds swept so far in shards being swept now (their current attempt,
    /// from the lease renewals; [`Keys::partial`](super::Keys::partial)).
    pub seeds_partial: u64,
    /// Seeds the job sweeps.
    pub seeds_total: u64,
    /// Attempts allowed per shard.
    pub max_attempts: u32,
    /// Creation time, ms since the epoch.
    pub created_ms: u64,
    /// When the last shard settled, ms since the epoch.
    pub finished_ms: Option<u64>,
    /// The last error a shard failed with.
    pub last_error: Option<String>,
}

impl JobRecord {
    /// Whether every shard settled (done or dead), or the job was cancelled.
    pub fn is_over(&self) -> bool {
        self.finished_ms.is_some() || self.status == JobStatus::Cancelled
    }
    /// Wall-clock seconds from creation to settling (or to now).
    pub fn elapsed_s(&self) -> f64 {
        let end = self.finished_ms.unwrap_or_else(now_ms);
        end.saturating_sub(self.created_ms) as f64 / 1e3
    }
    /// Seeds swept: recorded results plus the partial progress of shards
    /// being swept, at most `seeds_total` (see [`swept`]).
    pub fn seeds_swept(&self) -> u64 {
        swept(self.seeds_done, self.seeds_partial, self.seeds_total)
    }
}

/// A job's seeds swept: `done` (recorded results) plus `partial` (the
/// current attempts of leased shards), capped at `total`. The scripts keep
/// each shard in at most one of the two (an ack deletes the shard's partial
/// figure as it adds its seeds; a retry or hand-back deletes it; a renewal
/// replaces it, capped at the shard's size, and never writes it once the
/// shard has a result); the cap guards the sum against a damaged record.
pub fn swept(done: u64, partial: u64, total: u64) -> u64 {
    done.saturating_add(partial).min(total)
}

/// A job's counters, read without its plan ([`RedisQueue::progress`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobProgress {
    /// Its status.
    pub status: JobStatus,
    /// Shards in the job.
    pub shards: u64,
    /// Shards with a result.
    pub done: u64,
    /// Shards in the dead-letter stream.
    pub dead: u64,
    /// Seeds swept in recorded results.
    pub seeds_done: u64,
    /// Seeds swept so far in shards being swept now (see
    /// [`JobRecord::seeds_partial`]).
    pub seeds_partial: u64,
    /// Seeds the job sweeps.
    pub seeds_total: u64,
    /// Every shard settled, or the job was cancelled.
    pub over: bool,
}

impl JobProgress {
    /// Seeds swept, partial progress included, at most `seeds_total`.
    pub fn seeds_swept(&self) -> u64 {
        swept(self.seeds_done, self.seeds_partial, self.seeds_total)
    }
}

/// Per-stream counts for `scheduler status`.
#[derive(Clone, Debug, Default, Serialize)]
pub struct StreamStatus {
    /// Stream name.
    pub stream: String,
    /// Entries in the stream (waiting and leased).
    pub length: u64,
    /// Entries leased (the group's pending entries list).
    pub pending: u64,
    /// Entries waiting out a retry delay.
    pub delayed: u64,
}

/// What [`RedisQueue::purge`] removed (or would remove, dry run).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PurgeReport {
    /// Settled jobs whose keys were deleted.
    pub jobs: Vec<JobId>,
    /// Ids in `jobs` whose record had expired already (retention), removed.
    pub expired: u64,
    /// Jobs still running, kept.
    pub running: u64,
}

/// A dead-letter stream entry: its id and fields (`error`, `attempts`, `job`,
/// `index`, `body` for a shard; `error`, `raw` for a malformed message).
pub type DeadLetter = (String, HashMap<String, String>);

fn num<T: std::str::FromStr + Default>(m: &HashMap<String, String>, k: &str) -> T {
    m.get(k).and_then(|v| v.parse().ok()).unwrap_or_default()
}

fn json<T: Serialize>(v: &T) -> Result<String, QueueError> {
    serde_json::to_string(v).map_err(|e| QueueError::Backend(e.to_string()))
}

/// Adds the `XADD` of each shard to `pipe`.
pub(crate) fn add_shards(
    pipe: &mut redis::Pipeline,
    stream: &str,
    shards: &[Shard],
) -> Result<(), QueueError> {
    for s in shards {
        pipe.cmd("XADD")
            .arg(stream)
            .arg("*")
            .arg("v")
            .arg(s.protocol_version)
            .arg("job")
            .arg(s.id.job.to_string())
            .arg("body")
            .arg(json(s)?)
            .ignore();
    }
    Ok(())
}

impl RedisQueue {
    /// Records a job (status `running`) and enqueues its shards with the
    /// default retention; see [`RedisQueue::submit_with`].
    ///
    /// # Errors
    /// [`QueueError`] when Redis fails; then nothing was written.
    pub fn submit(
        &self,
        planned: &Planned,
        shards: Vec<Shard>,
        max_attempts: u32,
    ) -> Result<(), QueueError> {
        self.submit_with(
            planned,
            shards,
            SubmitSettings {
                max_attempts,
                ..SubmitSettings::default()
            },
        )
    }

    /// Records a job (status `running`) and enqueues its shards in one
    /// `MULTI`/`EXEC` transaction: a submitter killed mid-way leaves either the
    /// whole job or nothing (Redis drops a transaction whose `EXEC` never came).
    ///
    /// # Errors
    /// [`QueueError`] when Redis fails; then nothing was written.
    pub fn submit_with(
        &self,
        planned: &Planned,
        shards: Vec<Shard>,
        s: SubmitSettings,
    ) -> Result<(), QueueError> {
        self.ensure_groups()?;
        let id = planned.spec.id;
        let now = now_ms();
        let retention_ms = s.retention.map_or(0, |d| d.as_millis().max(1) as u64);
        let fields: Vec<(&str, String)> = vec![
            ("planned", json(planned)?),
            ("status", JobStatus::Running.as_str().into()),
            ("shards", shards.len().to_string()),
            ("seeds_total", planned.spec.seeds_total().to_string()),
            ("max_attempts", s.max_attempts.max(1).to_string()),
            ("retention_ms", retention_ms.to_string()),
            ("created_ms", now.to_string()),
            ("done", "0".into()),
            ("dead", "0".into()),
            ("retried", "0".into()),
            ("duplicates", "0".into()),
            ("stale", "0".into()),
            ("cancelled_shards", "0".into()),
            ("seeds_done", "0".into()),
        ];
        let mut pipe = redis::pipe();
        pipe.atomic()
            .hset_multiple(self.keys.job(id), &fields)
            .ignore()
            .zadd(self.keys.jobs(), id.to_string(), now)
            .ignore();
        add_shards(&mut pipe, &self.keys.stream(StreamKind::Sieve), &shards)?;
        self.with(|c| pipe.query::<()>(c))
    }

    /// A job's record, or `None` when no such job exists.
    ///
    /// # Errors
    /// [`QueueError::Backend`] when the stored plan cannot be read.
    pub fn job(&self, id: JobId) -> Result<Option<JobRecord>, QueueError> {
        let (m, partial): (HashMap<String, String>, Vec<u64>) = self.with(|c| {
            redis::pipe()
                .cmd("HGETALL")
                .arg(self.keys.job(id))
                .cmd("HVALS")
                .arg(self.keys.partial(id))
                .query(c)
        })?;
        let Some(planned) = m.get("planned") else {
            return Ok(None);
        };
        let planned: Planned = serde_json::from_str(planned)
            .map_err(|e| QueueError::Backend(format!("job {id}: stored plan unreadable: {e}")))?;
        Ok(Some(JobRecord {
            id,
            status: parse_status(id, m.get("status").map(String::as_str))?,
            planned,
            shards: num(&m, "shards"),
            done: num(&m, "done"),
            dead: num(&m, "dead"),
            retried: num(&m, "retried"),
            duplicates: num(&m, "duplicates"),
            stale: num(&m, "stale"),
            cancelled_shards: num(&m, "cancelled_shards"),
            seeds_done: num(&m, "seeds_done"),
            seeds_partial: partial.iter().sum(),
            seeds_total: num(&m, "seeds_total"),
            max_attempts: num(&m, "max_attempts"),
            created_ms: num(&m, "created_ms"),
            finished_ms: m.get("finished_ms").and_then(|v| v.parse().ok()),
            last_error: m.get("last_error").cloned(),
        }))
    }

    /// A job's progress without its plan (cheap enough to poll: one round
    /// trip, the record's counters and the partial progress of the shards
    /// being swept); `None` when no such job.
    ///
    /// # Errors
    /// [`QueueError`] when Redis fails.
    pub fn progress(&self, id: JobId) -> Result<Option<JobProgress>, QueueError> {
        let (v, partial): (Vec<Option<String>>, Vec<u64>) = self.with(|c| {
            redis::pipe()
                .cmd("HMGET")
                .arg(self.keys.job(id))
                .arg(&[
                    "status",
                    "shards",
                    "done",
                    "dead",
                    "seeds_done",
                    "finished_ms",
                    "seeds_total",
                ])
                .cmd("HVALS")
                .arg(self.keys.partial(id))
                .query(c)
        })?;
        let Some(Some(status)) = v.first() else {
            return Ok(None);
        };
        let status = parse_status(id, Some(status))?;
        let n = |i: usize| -> u64 {
            v.get(i)
                .and_then(|x| x.as_deref())
                .and_then(|x| x.parse().ok())
                .unwrap_or(0)
        };
        let (shards, done, dead, seeds_done) = (n(1), n(2), n(3), n(4));
        Ok(Some(JobProgress {
            over: v.get(5).is_some_and(|x| x.is_some()) || status == JobStatus::Cancelled,
            status,
            shards,
            done,
            dead,
            seeds_done,
            seeds_partial: partial.iter().sum(),
            seeds_total: n(6),
        }))
    }

    /// Job ids, newest first, at most `limit`.
    ///
    /// # Errors
    /// [`QueueError`] when Redis fails.
    pub fn jobs(&self, limit: usize) -> Result<Vec<JobId>, QueueError> {
        let ids: Vec<String> = self.with(|c| {
            redis::cmd("ZREVRANGE")
                .arg(self.keys.jobs())
                .arg(0)
                .arg(limit.max(1) as i64 - 1)
                .query(c)
        })?;
        Ok(ids
            .iter()
            .filter_map(|s| s.parse().ok().map(JobId))
            .collect())
    }

    /// A job's recorded results, by shard index.
    ///
    /// # Errors
    /// [`QueueError::Backend`] when a stored result is unreadable.
    pub fn results(&self, id: JobId) -> Result<Vec<ShardResult>, QueueError> {
        let m: HashMap<u32, String> =
            self.with(|c| redis::cmd("HGETALL").arg(self.keys.results(id)).query(c))?;
        let mut out = Vec::with_capacity(m.len());
        for (i, v) in m {
            out.push(serde_json::from_str::<ShardResult>(&v).map_err(|e| {
                QueueError::Backend(format!("job {id}: result of shard {i} unreadable: {e}"))
            })?);
        }
        out.sort_by_key(|r| r.shard);
        Ok(out)
    }

    /// Delivery counts per shard index.
    ///
    /// # Errors
    /// [`QueueError`] when Redis fails.
    pub fn attempts(&self, id: JobId) -> Result<BTreeMap<u32, u32>, QueueError> {
        self.with(|c| redis::cmd("HGETALL").arg(self.keys.attempts(id)).query(c))
    }

    /// A job's dead shards and their last error.
    ///
    /// # Errors
    /// [`QueueError`] when Redis fails.
    pub fn dead_reasons(&self, id: JobId) -> Result<Vec<(ShardId, String)>, QueueError> {
        let m: BTreeMap<u32, String> = self.with(|c| {
            redis::cmd("HGETALL")
                .arg(self.keys.dead_reasons(id))
                .query(c)
        })?;
        Ok(m.into_iter()
            .map(|(index, e)| (ShardId { job: id, index }, e))
            .collect())
    }

    /// Marks a job cancelled: workers discard its shards at claim and stop its
    /// leased shards at the next renewal; its keys expire after the job's
    /// retention. Returns false when no such job exists.
    ///
    /// # Errors
    /// [`QueueError`] when Redis fails.
    pub fn cancel(&self, id: JobId) -> Result<bool, QueueError> {
        if self.job(id)?.is_none() {
            return Ok(false);
        }
        let keep: Option<u64> = self.with(|c| {
            redis::cmd("HSET")
                .arg(self.keys.job(id))
                .arg("status")
                .arg(JobStatus::Cancelled.as_str())
                .query::<()>(c)?;
            redis::cmd("HGET")
                .arg(self.keys.job(id))
                .arg("retention_ms")
                .query(c)
        })?;
        if let Some(ms) = keep.filter(|&ms| ms > 0) {
            let mut p = redis::pipe();
            for k in self.keys.job_keys(id) {
                p.cmd("PEXPIRE").arg(k).arg(ms).ignore();
            }
            self.with(|c| p.query::<()>(c))?;
        }
        Ok(true)
    }

    /// Deletes settled (done, failed, cancelled) jobs that settled more than
    /// `older_than` ago, and drops ids whose record already expired; running
    /// jobs are kept. With `dry_run` nothing is deleted.
    ///
    /// # Errors
    /// [`QueueError`] when Redis fails.
    pub fn purge(&self, older_than: Duration, dry_run: bool) -> Result<PurgeReport, QueueError> {
        let ids: Vec<String> = self.with(|c| {
            redis::cmd("ZRANGE")
                .arg(self.keys.jobs())
                .arg(0)
                .arg(-1)
                .query(c)
        })?;
        let cutoff = now_ms().saturating_sub(older_than.as_millis() as u64);
        let mut rep = PurgeReport::default();
        for raw in ids {
            let Ok(uuid) = raw.parse() else {
                rep.expired += 1;
                if !dry_run {
                    self.with(|c| {
                        redis::cmd("ZREM")
                            .arg(self.keys.jobs())
                            .arg(&raw)
                            .query::<()>(c)
                    })?;
                }
                continue;
            };
            let id = JobId(uuid);
            let v: Vec<Option<String>> = self.with(|c| {
                redis::cmd("HMGET")
                    .arg(self.keys.job(id))
                    .arg(&["status", "finished_ms", "created_ms"])
                    .query(c)
            })?;
            let get = |i: usize| v.get(i).cloned().flatten();
            let status = get(0).map(|s| parse_status(id, Some(&s))).transpose()?;
            let gone = status.is_none();
            let settled_ms = get(1).and_then(|x| x.parse::<u64>().ok()).or_else(|| {
                (status == Some(JobStatus::Cancelled))
                    .then(|| get(2).and_then(|x| x.parse().ok()))
                    .flatten()
            });
            let delete = match (gone, settled_ms) {
                (true, _) => {
                    rep.expired += 1;
                    true
                }
                (false, Some(t)) if t <= cutoff => {
                    rep.jobs.push(id);
                    true
                }
                (false, Some(_)) => false,
                (false, None) => {
                    rep.running += 1;
                    false
                }
            };
            if delete && !dry_run {
                let mut p = redis::pipe();
                p.atomic();
                for k in self.keys.job_keys(id) {
                    p.cmd("DEL").arg(k).ignore();
                }
                p.cmd("ZREM").arg(self.keys.jobs()).arg(&raw).ignore();
                self.with(|c| p.query::<()>(c))?;
            }
        }
        Ok(rep)
    }

    /// Shards of `id` leased now (entries of the job in the pending entries list).
    ///
    /// # Errors
    /// [`QueueError`] when Redis fails.
    pub fn leased(&self, id: JobId) -> Result<u64, QueueError> {
        let ls = LeaseStream::new(&self.keys, StreamKind::Sieve, self.cfg.lease);
        let pel = ls.pending_ids(&self.redis, 10_000)?;
        if pel.is_empty() {
            return Ok(0);
        }
        let job = id.to_string();
        let mut pipe = redis::pipe();
        for eid in &pel {
            pipe.cmd("XRANGE").arg(ls.key()).arg(eid).arg(eid);
        }
        let entries: Vec<Vec<(String, HashMap<String, String>)>> = self.with(|c| pipe.query(c))?;
        Ok(entries
            .iter()
            .flatten()
            .filter(|(_, f)| f.get("job").is_some_and(|j| *j == job))
            .count() as u64)
    }

    /// Length, pending and delayed counts of each stream.
    ///
    /// # Errors
    /// [`QueueError`] when Redis fails.
    pub fn streams(&self) -> Result<Vec<StreamStatus>, QueueError> {
        let mut out = Vec::new();
        for kind in StreamKind::ALL {
            let ls = LeaseStream::new(&self.keys, kind, self.cfg.lease);
            let (length, delayed): (u64, u64) = self.with(|c| {
                redis::pipe()
                    .cmd("XLEN")
                    .arg(ls.key())
                    .cmd("ZCARD")
                    .arg(self.keys.delay(kind))
                    .query(c)
            })?;
            out.push(StreamStatus {
                stream: ls.key().to_string(),
                length,
                pending: ls.pending(&self.redis)?,
                delayed,
            });
        }
        Ok(out)
    }

    /// Entries of the dead-letter stream, oldest first, as field maps.
    ///
    /// # Errors
    /// [`QueueError`] when Redis fails.
    pub fn dead_letters(&self) -> Result<Vec<DeadLetter>, QueueError> {
        self.with(|c| {
            redis::cmd("XRANGE")
                .arg(self.keys.dead())
                .arg("-")
                .arg("+")
                .query(c)
        })
    }

    /// Writes a heartbeat for `me` (seen by `scheduler status`).
    ///
    /// # Errors
    /// [`QueueError`] when Redis fails.
    pub fn heartbeat(&self, me: &crate::job::WorkerId) -> Result<(), QueueError> {
        self.with(|c| {
            redis::cmd("HSET")
                .arg(self.keys.workers())
                .arg(&me.0)
                .arg(now_ms())
                .query::<()>(c)
        })
    }

    /// Removes `me`'s heartbeat (clean exit).
    ///
    /// # Errors
    /// [`QueueError`] when Redis fails.
    pub fn forget_worker(&self, me: &crate::job::WorkerId) -> Result<(), QueueError> {
        self.with(|c| {
            redis::cmd("HDEL")
                .arg(self.keys.workers())
                .arg(&me.0)
                .query::<()>(c)
        })
    }

    /// Workers and when each was last seen (ms since the epoch), newest first.
    ///
    /// # Errors
    /// [`QueueError`] when Redis fails.
    pub fn workers_seen(&self) -> Result<Vec<(String, u64)>, QueueError> {
        let m: HashMap<String, u64> =
            self.with(|c| redis::cmd("HGETALL").arg(self.keys.workers()).query(c))?;
        let mut v: Vec<_> = m.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        Ok(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn job_status_names_match_redis_and_json() {
        for (s, name) in JobStatus::ALL
            .into_iter()
            .zip(["running", "done", "failed", "cancelled"])
        {
            assert_eq!(s.as_str(), name);
            assert_eq!(s.to_string(), name);
            assert_eq!(name.parse::<JobStatus>(), Ok(s));
            assert_eq!(serde_json::to_value(s).expect("serializes"), name);
        }
    }

    #[test]
    fn unknown_job_status_is_an_error() {
        assert_eq!(
            "paused".parse::<JobStatus>(),
            Err(UnknownJobStatus("paused".into()))
        );
        assert!("".parse::<JobStatus>().is_err());
        assert!(parse_status(JobId(uuid::Uuid::nil()), None).is_err());
    }
}
