//! The SP 800-90B assessment on the fleet: scoring shards on `stream:score`,
//! with the lease-and-ack of the sieve's shards ([`LeaseStream`]).
//!
//! An `assess --redis` job stores its samples once under `job:ID:samples`
//! ([`Keys::samples`]; one byte per sample up to 8 bits, two little-endian
//! bytes up to 16) and adds one [`ScoreShard`] per estimator [`Unit`] and
//! track: six or nine on the literal symbols and nine on the bit string. A
//! worker ([`score_loop`], run beside the sieve slots by
//! [`crate::fleet::run_worker`]) claims a shard, reads the samples (kept for
//! the next shard of the same job), runs the unit ([`estimate_on`]), renews
//! its lease each lease/3 while it runs, and acks a [`ScoreResult`]. The
//! scheduler follows the job ([`follow_score`]) and puts the parts together
//! with [`assemble`], the routine of the embedded run, so the fleet's
//! assessment equals the embedded one.
//!
//! Each estimator is one shard: every one of them reads the whole sequence.
//! The predictors (6.3.7-6.3.10) are sequential state machines whose guess
//! at sample i depends on all before it; t-tuple and LRS (one shard: both
//! read one suffix array) count repeats across the whole sequence; the
//! compression estimate's dictionary is built over its first part and
//! tested on the rest; Markov, collision and most-common-value are one pass
//! each, too cheap to be worth splitting. A job's parallelism is therefore
//! up to 15 shards (18 for a binary source counted once per track), each
//! taking at most a few seconds on 10^6 samples.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

use redis::streams::StreamId;
use serde::{Deserialize, Serialize};

use super::run::{assemble, estimate_on, gather, Assessment, Part, Track, Unit};
use super::samples::Samples;
use crate::fleet::WorkerSummary;
use crate::job::{JobId, ShardId, WorkerId, PROTOCOL_VERSION};
use crate::queue::QueueError;
use crate::redis::conn::now_ms;
use crate::redis::lease::{fields_of, Acked, Renewed, ShardAck};
use crate::redis::{
    Backoff, JobProgress, JobStatus, Keys, LeaseStream, RedisQueue, ShardRenewal, StreamKind,
    SubmitSettings,
};

/// One scoring shard: one estimator unit on one track of a job's samples.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreShard {
    /// Must equal [`PROTOCOL_VERSION`].
    pub protocol_version: u32,
    /// The shard.
    pub id: ShardId,
    /// The key holding the samples ([`Keys::samples`]).
    pub samples_key: String,
    /// Bits per sample.
    pub bits: u32,
    /// Samples stored.
    pub samples: u64,
    /// The track.
    pub track: Track,
    /// The estimators run.
    pub unit: Unit,
}

/// A scoring shard's outcome, the result JSON of `job:ID:results`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScoreResult {
    /// Must equal [`PROTOCOL_VERSION`].
    pub protocol_version: u32,
    /// The shard.
    pub shard: ShardId,
    /// The track.
    pub track: Track,
    /// What the unit computed.
    pub part: Part,
    /// Wall-clock seconds the worker spent.
    pub elapsed_s: f64,
    /// Who did it.
    pub worker: WorkerId,
}

/// The samples as stored: one byte each up to 8 bits, else two bytes little-endian.
pub fn encode(samples: &Samples) -> Vec<u8> {
    let raw = samples.raw();
    if samples.bits <= 8 {
        raw.iter().map(|&v| v as u8).collect()
    } else {
        raw.iter().flat_map(|&v| (v as u16).to_le_bytes()).collect()
    }
}

/// Samples from their stored form ([`encode`]).
///
/// # Errors
/// [`QueueError::Backend`] when the bytes do not hold `n` samples of `bits`.
pub fn decode(key: &str, bytes: &[u8], bits: u32, n: u64) -> Result<Samples, QueueError> {
    let raw: Vec<u64> = if bits <= 8 {
        bytes.iter().map(|&b| u64::from(b)).collect()
    } else {
        bytes
            .chunks_exact(2)
            .map(|c| u64::from(u16::from_le_bytes([c[0], c[1]])))
            .collect()
    };
    if raw.len() as u64 != n {
        return Err(QueueError::Backend(format!(
            "{key}: {} bytes hold {} samples of {bits} bits, the shard says {n}",
            bytes.len(),
            raw.len()
        )));
    }
    Samples::from_raw(key, &raw, bits).map_err(|e| QueueError::Backend(e.to_string()))
}

/// The scoring shards of job `id` over `samples`: the literal track's units
/// (all nine with two distinct symbols, else the six that take any
/// alphabet) and, with more than two distinct symbols, the bit string's nine.
pub fn plan_shards(keys: &Keys, id: JobId, samples: &Samples) -> Vec<ScoreShard> {
    let binary = samples.alphabet.len() == 2;
    let mut work: Vec<(Track, Unit)> = Unit::for_track(binary)
        .into_iter()
        .map(|u| (Track::Literal, u))
        .collect();
    if !binary {
        work.extend(Unit::ALL.into_iter().map(|u| (Track::Bitstring, u)));
    }
    work.into_iter()
        .enumerate()
        .map(|(i, (track, unit))| ScoreShard {
            protocol_version: PROTOCOL_VERSION,
            id: ShardId {
                job: id,
                index: i as u32,
            },
            samples_key: keys.samples(id),
            bits: samples.bits,
            samples: samples.len() as u64,
            track,
            unit,
        })
        .collect()
}

fn json<T: Serialize>(v: &T) -> Result<String, QueueError> {
    serde_json::to_string(v).map_err(|e| QueueError::Backend(e.to_string()))
}

/// Records scoring job `id` (record `job:ID` with `kind` = `score`, status
/// `running`), stores its samples and adds its shards to `stream:score`, in
/// one `MULTI`/`EXEC` transaction. The record has no sieve plan, so
/// [`RedisQueue::job`] does not read it; [`RedisQueue::progress`] does.
/// Returns its shard count.
///
/// # Errors
/// [`QueueError`] when Redis fails; then nothing was written.
pub fn submit_score(
    q: &RedisQueue,
    id: JobId,
    samples: &Samples,
    s: SubmitSettings,
) -> Result<usize, QueueError> {
    q.ensure_groups()?;
    let keys = q.keys();
    let shards = plan_shards(keys, id, samples);
    let now = now_ms();
    let retention_ms = s.retention.map_or(0, |d| d.as_millis().max(1) as u64);
    let fields: Vec<(&str, String)> = vec![
        ("kind", "score".into()),
        ("status", JobStatus::Running.as_str().into()),
        ("shards", shards.len().to_string()),
        ("seeds_total", "0".into()),
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
    pipe.atomic().hset_multiple(keys.job(id), &fields).ignore();
    let set = pipe.cmd("SET").arg(keys.samples(id)).arg(encode(samples));
    if retention_ms > 0 {
        set.arg("PX").arg(retention_ms);
    }
    set.ignore();
    let stream = keys.stream(StreamKind::Score);
    for sh in &shards {
        pipe.cmd("XADD")
            .arg(&stream)
            .arg("*")
            .arg("v")
            .arg(PROTOCOL_VERSION)
            .arg("job")
            .arg(id.to_string())
            .arg("body")
            .arg(json(sh)?)
            .ignore();
    }
    q.with(|c| pipe.query::<()>(c))?;
    Ok(shards.len())
}

/// Why a scoring job gave no assessment.
#[derive(Debug, thiserror::Error)]
pub enum ScoreError {
    /// The queue failed.
    #[error(transparent)]
    Queue(#[from] QueueError),
    /// The job's record is gone (Redis lost its data, or it was purged).
    #[error("scoring job {0} disappeared from the queue")]
    Disappeared(JobId),
    /// The job was cancelled.
    #[error("scoring job {0} was cancelled")]
    Cancelled(JobId),
    /// Shards went to the dead-letter stream.
    #[error("scoring job {job}: {} shard(s) failed: {}", .dead.len(), .dead.iter().map(|(s, e)| format!("{s}: {e}")).collect::<Vec<_>>().join("; "))]
    Failed {
        /// The job.
        job: JobId,
        /// Its dead shards and their last errors.
        dead: Vec<(ShardId, String)>,
    },
    /// A result is missing or unreadable.
    #[error("scoring job {job}: {why}")]
    Results {
        /// The job.
        job: JobId,
        /// What is wrong.
        why: String,
    },
    /// Following was stopped by the caller.
    #[error("stopped following scoring job {0}; it keeps running")]
    Stopped(JobId),
}

/// Follows scoring job `id` to its end, as consumer `me` for the janitor
/// (so expired leases are reclaimed even with every worker gone), polling
/// each `poll` and calling `tick` with its progress (`false` stops); then
/// reads its results, deletes its samples and assembles the assessment of
/// `samples` (the samples the job was submitted with).
///
/// # Errors
/// [`ScoreError`]: the queue failed (an outage is waited out), the job
/// disappeared, was cancelled, or has dead shards.
pub fn follow_score(
    q: &RedisQueue,
    id: JobId,
    samples: &Samples,
    me: &WorkerId,
    poll: Duration,
    mut tick: impl FnMut(&JobProgress) -> bool,
) -> Result<Assessment, ScoreError> {
    loop {
        match q.janitor(me).and_then(|_| q.progress(id)) {
            Ok(Some(p)) => {
                if !tick(&p) {
                    return Err(ScoreError::Stopped(id));
                }
                if p.over {
                    if p.status == JobStatus::Cancelled {
                        return Err(ScoreError::Cancelled(id));
                    }
                    if p.dead > 0 {
                        return Err(ScoreError::Failed {
                            job: id,
                            dead: q.dead_reasons(id)?,
                        });
                    }
                    break;
                }
            }
            Ok(None) => return Err(ScoreError::Disappeared(id)),
            Err(e) if e.is_transient() => {}
            Err(e) => return Err(e.into()),
        }
        std::thread::sleep(poll);
    }
    let m: HashMap<u32, String> =
        q.with(|c| redis::cmd("HGETALL").arg(q.keys().results(id)).query(c))?;
    q.with(|c| redis::cmd("DEL").arg(q.keys().samples(id)).query::<()>(c))?;
    let expected = plan_shards(q.keys(), id, samples);
    let mut literal = Vec::new();
    let mut bitstring = Vec::new();
    for sh in &expected {
        let body = m.get(&sh.id.index).ok_or_else(|| ScoreError::Results {
            job: id,
            why: format!("shard {} has no result", sh.id.index),
        })?;
        let r: ScoreResult = serde_json::from_str(body).map_err(|e| ScoreError::Results {
            job: id,
            why: format!("result of shard {} unreadable: {e}", sh.id.index),
        })?;
        if r.track != sh.track || !same_unit(&r.part, sh.unit) {
            return Err(ScoreError::Results {
                job: id,
                why: format!(
                    "shard {} answered for another estimator or track",
                    sh.id.index
                ),
            });
        }
        match r.track {
            Track::Literal => literal.push(r.part),
            Track::Bitstring => bitstring.push(r.part),
        }
    }
    let (lit, guesses) = gather(literal);
    let bits = (samples.alphabet.len() != 2).then(|| gather(bitstring).0);
    Ok(assemble(samples, lit, bits, guesses))
}

fn same_unit(p: &Part, u: Unit) -> bool {
    use super::run::Estimator as E;
    match p {
        Part::MostCommonValue { .. } => u == Unit::MostCommonValue,
        Part::Collision { .. } => u == Unit::Collision,
        Part::Markov { .. } => u == Unit::Markov,
        Part::Compression { .. } => u == Unit::Compression,
        Part::Tuples { .. } => u == Unit::Tuples,
        Part::Predictor { estimator, .. } => matches!(
            (estimator, u),
            (E::MultiMcw, Unit::MultiMcw)
                | (E::Lag, Unit::Lag)
                | (E::MultiMmc, Unit::MultiMmc)
                | (E::Lz78y, Unit::Lz78y)
        ),
    }
}

/// A parsed `stream:score` entry.
pub(crate) enum ScoreEntry {
    Shard(Box<ScoreShard>),
    /// Another protocol version.
    Foreign(String),
    /// Unreadable: the reason.
    Malformed(String),
}

pub(crate) fn parse_score_entry(e: &StreamId) -> ScoreEntry {
    let Some(v) = e.get::<String>("v") else {
        return ScoreEntry::Malformed("no protocol version field `v`".into());
    };
    match v.trim().parse::<u32>() {
        Ok(v) if v == PROTOCOL_VERSION => {}
        Ok(v) => {
            return ScoreEntry::Foreign(format!(
                "entry {} speaks protocol {v}, this build speaks {PROTOCOL_VERSION}",
                e.id
            ))
        }
        Err(_) => {
            return ScoreEntry::Malformed(format!("protocol version `v` is not a number: {v:?}"))
        }
    }
    let Some(body) = e.get::<String>("body") else {
        return ScoreEntry::Malformed("no `body` field".into());
    };
    match serde_json::from_str::<ScoreShard>(&body) {
        Ok(s) if s.protocol_version != PROTOCOL_VERSION => ScoreEntry::Foreign(format!(
            "shard {} speaks protocol {}, this build speaks {PROTOCOL_VERSION}",
            s.id, s.protocol_version
        )),
        Ok(s) => ScoreEntry::Shard(Box::new(s)),
        Err(err) => ScoreEntry::Malformed(format!("`body` is not a scoring shard: {err}")),
    }
}

/// The janitor's part for `stream:score`: entries taken over past their
/// lease (`claimed`, now held by `me`) go through the retry path. Returns
/// (reclaimed, malformed, parked).
pub(crate) fn janitor_score(
    q: &RedisQueue,
    ls: &LeaseStream,
    me: &WorkerId,
    claimed: &[StreamId],
) -> Result<(u64, u64, u64), QueueError> {
    let (mut reclaimed, mut malformed, mut parked) = (0, 0, 0);
    let lease_ms = ls.lease().as_millis() as u64;
    for e in claimed {
        match parse_score_entry(e) {
            ScoreEntry::Foreign(why) => {
                tracing::warn!(entry = %e.id, "{why}: left pending");
                parked += 1;
            }
            ScoreEntry::Malformed(why) => {
                tracing::error!(entry = %e.id, "malformed entry sent to the dead-letter stream: {why}");
                ls.dead_letter(q.redis(), &me.0, e, &why)?;
                malformed += 1;
            }
            ScoreEntry::Shard(sh) => {
                let attempt: u32 = q
                    .with(|c| {
                        redis::cmd("HGET")
                            .arg(q.keys().attempts(sh.id.job))
                            .arg(sh.id.index)
                            .query::<Option<u32>>(c)
                    })?
                    .unwrap_or(1);
                tracing::warn!(shard = %sh.id, attempt, "scoring lease expired ({lease_ms} ms without renewal): shard sent to retry");
                ls.retry(
                    q.redis(),
                    &me.0,
                    &e.id,
                    sh.id.job,
                    sh.id.index,
                    attempt,
                    &json(&*sh)?,
                    &format!("lease expired: no renewal for {lease_ms} ms"),
                )?;
                reclaimed += 1;
            }
        }
    }
    Ok((reclaimed, malformed, parked))
}

/// Longest a scoring claim blocks before looking at `stop` again.
const SCORE_BLOCK: Duration = Duration::from_millis(500);

/// The samples of the last job a worker scored (its shards come together).
type Cache = Option<(String, Arc<Samples>)>;

/// A worker's scoring slot: claims `stream:score` shards until `stop` is
/// set, one at a time, and runs each ([`score_one`]). Redis outages are
/// waited out with backoff.
pub fn score_loop(q: &RedisQueue, me: &WorkerId, stop: &AtomicBool) -> WorkerSummary {
    let summary = WorkerSummary::default();
    let ls = q.lease_stream(StreamKind::Score);
    let mut back = Backoff::reconnect();
    let mut cache: Cache = None;
    let mut last_err: Option<String> = None;
    while !stop.load(Ordering::Relaxed) {
        match ls
            .read(q.redis(), &me.0, 1, SCORE_BLOCK)
            .and_then(|entries| {
                for e in entries {
                    score_entry(q, &ls, me, &e, stop, &mut cache, &summary)?;
                }
                Ok(())
            }) {
            Ok(()) => {
                back.reset();
                last_err = None;
            }
            Err(e) => {
                let d = back.next().unwrap_or(Duration::from_secs(5));
                let msg = e.to_string();
                if last_err.as_deref() != Some(msg.as_str()) {
                    tracing::warn!("scoring slot: {msg}; trying again in {} ms", d.as_millis());
                    last_err = Some(msg);
                }
                let end = Instant::now() + d;
                while Instant::now() < end && !stop.load(Ordering::Relaxed) {
                    std::thread::sleep(Duration::from_millis(20));
                }
            }
        }
    }
    summary
}

fn score_entry(
    q: &RedisQueue,
    ls: &LeaseStream,
    me: &WorkerId,
    e: &StreamId,
    stop: &AtomicBool,
    cache: &mut Cache,
    summary: &WorkerSummary,
) -> Result<(), QueueError> {
    let sh = match parse_score_entry(e) {
        ScoreEntry::Foreign(why) => {
            tracing::error!(entry = %e.id, "{why}: left pending for a consumer that speaks it");
            return Ok(());
        }
        ScoreEntry::Malformed(why) => {
            tracing::error!(entry = %e.id, "malformed entry sent to the dead-letter stream: {why}");
            ls.dead_letter(q.redis(), &me.0, e, &why)?;
            return Ok(());
        }
        ScoreEntry::Shard(s) => *s,
    };
    let id = sh.id;
    let (attempt, status): (u32, String) = q.with(|c| {
        crate::redis::lease::scripts()
            .begin
            .key(q.keys().attempts(id.job))
            .key(q.keys().job(id.job))
            .arg(id.index)
            .invoke(c)
    })?;
    if status.is_empty() || status == JobStatus::Cancelled.as_str() {
        tracing::info!(shard = %id, "scoring job {} is {}: shard discarded", id.job, if status.is_empty() { "unknown" } else { &status });
        ls.discard(q.redis(), &me.0, &e.id, id.job, id.index)?;
        summary.discarded.fetch_add(1, Ordering::Relaxed);
        return Ok(());
    }
    let samples = match load(q, &sh, cache) {
        Ok(s) => s,
        Err(err) => {
            let msg = err.to_string();
            tracing::warn!(shard = %id, attempt, "scoring shard failed: {msg}");
            summary.failed.fetch_add(1, Ordering::Relaxed);
            ls.retry(
                q.redis(),
                &me.0,
                &e.id,
                id.job,
                id.index,
                attempt,
                &json(&sh)?,
                &msg,
            )?;
            return Ok(());
        }
    };
    score_one(q, ls, me, e, &sh, samples, stop, summary)
}

fn load(q: &RedisQueue, sh: &ScoreShard, cache: &mut Cache) -> Result<Arc<Samples>, QueueError> {
    if let Some((k, s)) = cache {
        if *k == sh.samples_key {
            return Ok(Arc::clone(s));
        }
    }
    let bytes: Option<Vec<u8>> = q.with(|c| redis::cmd("GET").arg(&sh.samples_key).query(c))?;
    let bytes = bytes.ok_or_else(|| {
        QueueError::Backend(format!(
            "samples {} are gone (the job expired or settled)",
            sh.samples_key
        ))
    })?;
    let s = Arc::new(decode(&sh.samples_key, &bytes, sh.bits, sh.samples)?);
    *cache = Some((sh.samples_key.clone(), Arc::clone(&s)));
    Ok(s)
}

/// Runs one held scoring shard: the estimator on a thread of its own while
/// this one renews the lease each lease/3; then acks its result. When the
/// lease is lost the result is dropped; when the job is cancelled the shard
/// is discarded; when `stop` is set the shard is handed back at once (the
/// estimator's thread is left to end by itself).
#[allow(clippy::too_many_arguments)]
fn score_one(
    q: &RedisQueue,
    ls: &LeaseStream,
    me: &WorkerId,
    e: &StreamId,
    sh: &ScoreShard,
    samples: Arc<Samples>,
    stop: &AtomicBool,
    summary: &WorkerSummary,
) -> Result<(), QueueError> {
    let id = sh.id;
    let t = Instant::now();
    let (tx, rx) = mpsc::channel();
    let (track, unit) = (sh.track, sh.unit);
    std::thread::spawn(move || {
        // The receiver may be gone (shutdown): nothing to tell then.
        let _ = tx.send(estimate_on(&samples, track, unit));
    });
    tracing::debug!(shard = %id, ?track, ?unit, "scoring");
    let every = (ls.lease() / 3).max(Duration::from_millis(20));
    let mut renewed = Instant::now();
    let part = loop {
        match rx.recv_timeout(Duration::from_millis(20)) {
            Ok(p) => break p,
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Err(QueueError::Backend(format!(
                    "scoring shard {id}: the estimator's thread panicked"
                )))
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
        }
        if stop.load(Ordering::Relaxed) {
            if ls.hand_back(
                q.redis(),
                &me.0,
                &e.id,
                &fields_of(e),
                Some((id.job, id.index)),
            )? {
                tracing::info!(shard = %id, "shutting down: scoring shard handed back");
                summary.released.fetch_add(1, Ordering::Relaxed);
            }
            return Ok(());
        }
        if renewed.elapsed() >= every {
            let r = ls.renew(
                q.redis(),
                &me.0,
                &e.id,
                Some(ShardRenewal {
                    job: id.job,
                    index: id.index,
                    swept: 0,
                    seeds: 0,
                }),
            )?;
            renewed = Instant::now();
            match r {
                Renewed::Held => {}
                Renewed::Lost => {
                    tracing::warn!(shard = %id, "scoring lease lost (expired and taken by another consumer): work abandoned");
                    summary.lost.fetch_add(1, Ordering::Relaxed);
                    return Ok(());
                }
                Renewed::Cancelled => {
                    ls.discard(q.redis(), &me.0, &e.id, id.job, id.index)?;
                    summary.discarded.fetch_add(1, Ordering::Relaxed);
                    return Ok(());
                }
            }
        }
    };
    let result = ScoreResult {
        protocol_version: PROTOCOL_VERSION,
        shard: id,
        track,
        part,
        elapsed_s: t.elapsed().as_secs_f64(),
        worker: me.clone(),
    };
    let body = json(&result)?;
    match ls.ack(
        q.redis(),
        &me.0,
        &e.id,
        Some(ShardAck {
            job: id.job,
            index: id.index,
            result: &body,
            seeds: 0,
        }),
    )? {
        Acked::Recorded => {
            tracing::info!(shard = %id, ?track, ?unit, elapsed_s = result.elapsed_s, "scoring shard done");
            summary.recorded.fetch_add(1, Ordering::Relaxed);
        }
        Acked::Duplicate => {
            summary.duplicates.fetch_add(1, Ordering::Relaxed);
        }
        Acked::Stale => {
            tracing::warn!(shard = %id, "stale scoring ack refused: the lease expired and another consumer took the shard");
            summary.lost.fetch_add(1, Ordering::Relaxed);
        }
    }
    Ok(())
}
