//! The embedded sweep as a user watches it: candidates reported the moment
//! they are confirmed, a stop at the answer, an interrupt that keeps what was
//! found, and a restore point to resume from (as hashcat's restore file).
//!
//! Shape: one thread per backend claims shards from an [`EmbeddedQueue`] (in
//! [`JobSpec::work_order`], likely sources first) and sends each shard's
//! result, whole or cut short, to the calling thread. That thread confirms
//! survivors on every draw, tells its [`LiveHooks`] (candidates, progress,
//! restore points), and raises the halt flag when a candidate is the answer
//! ([`is_answer`], unless `exhaustive`) or when `stop` is set (Ctrl-C). A shard
//! cut short reports the prefix of its seeds it swept, so the [`Restore`]
//! holds exactly what was swept.

use crate::backend::ComputeBackend;
use crate::engine::{
    confirm, default_shard_cost, finish_partial, is_answer, process_shard, Coverage, EngineError,
};
use crate::job::{JobSpec, SeedRange, Shard, ShardResult, WorkerId};
use crate::plan::Planned;
use crate::queue::{EmbeddedQueue, ShardQueue};
use crate::registry::{Family, SourceId};
use crate::report::{Candidate, Report, Stopped};
use crate::sieve::Survivor;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// The schema name and version of a [`Restore`] file.
pub const RESTORE_SCHEMA: &str = "seedsieve.restore/1";

/// What an interrupted sweep leaves to resume from: the job as planned, the
/// seeds swept and the survivors found (JSON; `scheduler submit --resume`).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Restore {
    /// Always [`RESTORE_SCHEMA`].
    pub schema: String,
    /// The job.
    pub planned: Planned,
    /// Seeds swept, per family.
    pub swept: Vec<SweptSpan>,
    /// Window survivors found so far (confirmed again when resumed).
    pub survivors: Vec<Survivor>,
    /// Wall-clock seconds spent before.
    pub elapsed_s: f64,
}

/// Seeds `[start, end)` of `family` swept.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SweptSpan {
    /// The family.
    pub family: Family,
    /// First seed.
    pub start: u64,
    /// One past the last seed.
    pub end: u64,
}

impl Restore {
    /// A restore point for `planned` with nothing swept.
    pub fn new(planned: &Planned) -> Self {
        Restore {
            schema: RESTORE_SCHEMA.into(),
            planned: planned.clone(),
            swept: Vec::new(),
            survivors: Vec::new(),
            elapsed_s: 0.0,
        }
    }
    /// Seeds swept, all families together.
    pub fn seeds_swept(&self) -> u64 {
        self.swept.iter().map(|s| s.end - s.start).sum()
    }
    fn pairs(&self) -> Vec<(Family, SeedRange)> {
        self.swept
            .iter()
            .map(|s| {
                (
                    s.family,
                    SeedRange {
                        start: s.start,
                        end: s.end,
                    },
                )
            })
            .collect()
    }
    /// Merges touching spans of one family (keeps the file short).
    fn compact(&mut self) {
        self.swept.sort_by_key(|s| (s.family, s.start));
        let mut out: Vec<SweptSpan> = Vec::with_capacity(self.swept.len());
        for s in self.swept.drain(..) {
            match out.last_mut() {
                Some(l) if l.family == s.family && l.end >= s.start => l.end = l.end.max(s.end),
                _ => out.push(s),
            }
        }
        self.swept = out;
    }
}

/// Progress of a live sweep, as [`LiveHooks::tick`] sees it.
#[derive(Clone, Debug)]
pub struct LiveProgress {
    /// Seeds swept, this run and the resumed one together.
    pub seeds_done: u64,
    /// Seeds the plan holds.
    pub seeds_total: u64,
    /// The source of the shard claimed last (the work in hand).
    pub source: Option<SourceId>,
    /// Seconds since this run started.
    pub elapsed: Duration,
}

/// What a live sweep tells its caller as it goes.
pub trait LiveHooks {
    /// A candidate confirmed on every draw, the moment it is (each once).
    fn candidate(&mut self, c: &Candidate);
    /// About ten times a second.
    fn tick(&mut self, p: &LiveProgress);
    /// Every few seconds and at the end: the state to resume from.
    fn restore_point(&mut self, _r: &Restore) {}
}

/// Options of [`run_live`].
#[derive(Clone, Debug, Default)]
pub struct LiveOptions {
    /// Sweep the whole plan even after the answer (`--exhaustive`).
    pub exhaustive: bool,
    /// At least this many shards (so that small jobs use every backend).
    pub min_shards: u64,
    /// Seconds between restore points (0: only at the end).
    pub restore_every: f64,
}

/// The end of a live sweep.
pub struct LiveOutcome {
    /// The report (verdict `incomplete` when interrupted; `searched.left`
    /// says what was not swept when it stopped early).
    pub report: Report,
    /// The state to resume from.
    pub restore: Restore,
}

enum Msg {
    Claimed(Family),
    Done(Box<(Shard, ShardResult)>),
}

/// Sweeps `from`'s plan on `backends` (one thread each), skipping what it
/// swept already, reporting to `hooks` as it goes; returns when the plan is
/// swept, at the answer (unless `opts.exhaustive`), or soon after `stop` is
/// set (within a block of seeds per thread).
///
/// # Errors
/// A backend or queue failure, or shards that failed for good.
pub fn run_live(
    from: Restore,
    backends: Vec<Box<dyn ComputeBackend>>,
    opts: &LiveOptions,
    hooks: &mut dyn LiveHooks,
    stop: &AtomicBool,
) -> Result<LiveOutcome, EngineError> {
    let t = Instant::now();
    let planned = from.planned.clone();
    let spec: &JobSpec = &planned.spec;
    let queue = EmbeddedQueue::default();
    queue.enqueue(spec.shards_except(
        &from.pairs(),
        default_shard_cost(),
        opts.min_shards.max(1),
    ))?;
    queue.close();
    let halt = AtomicBool::new(false);
    let swept_now = AtomicU64::new(0);
    let before = from.seeds_swept();
    let mut restore = from;
    let mut stopped = None;
    let mut seen: BTreeSet<Survivor> = BTreeSet::new();
    let mut results: Vec<ShardResult> = Vec::new();
    let mut source = None;
    let mut last_restore = Instant::now();
    // Survivors of the resumed run: confirmed again, and reported first.
    let resumed: Vec<Survivor> = restore.survivors.clone();
    let mut failure: Option<EngineError> = None;
    let mut take = |s: &Survivor,
                    hooks: &mut dyn LiveHooks,
                    stopped: &mut Option<Stopped>|
     -> Result<(), EngineError> {
        if !seen.insert(s.clone()) {
            return Ok(());
        }
        if let Some(c) = confirm(&planned, s)? {
            hooks.candidate(&c.candidate);
            if !opts.exhaustive && stopped.is_none() && is_answer(&planned, &c.candidate) {
                *stopped = Some(Stopped::AtAnswer);
                halt.store(true, Ordering::Relaxed);
            }
        }
        Ok(())
    };
    for s in &resumed {
        take(s, hooks, &mut stopped)?;
    }
    let errors: Vec<EngineError> = std::thread::scope(|sc| {
        let (tx, rx) = mpsc::channel::<Msg>();
        let handles: Vec<_> = backends
            .into_iter()
            .enumerate()
            .map(|(i, mut b)| {
                let (q, halt, swept_now, tx) = (&queue, &halt, &swept_now, tx.clone());
                sc.spawn(move || -> Result<(), EngineError> {
                    let id = WorkerId(format!("embedded-{}-{i}", std::process::id()));
                    while !halt.load(Ordering::Relaxed) {
                        let Some(lease) = q.claim(&id, Duration::from_millis(200))? else {
                            return Ok(());
                        };
                        // A closed channel means the caller is gone: nothing to tell.
                        let _ = tx.send(Msg::Claimed(lease.shard.family));
                        let mut pending = 0u64;
                        let outcome = process_shard(&lease.shard, &id, b.as_mut(), |n| {
                            pending += n;
                            if pending >= 1 << 16 {
                                swept_now.fetch_add(pending, Ordering::Relaxed);
                                pending = 0;
                            }
                            !halt.load(Ordering::Relaxed)
                        });
                        swept_now.fetch_add(pending, Ordering::Relaxed);
                        match outcome {
                            Ok(r) => {
                                let _ =
                                    tx.send(Msg::Done(Box::new((lease.shard.clone(), r.clone()))));
                                q.ack(&lease, r)?;
                            }
                            Err(e) => {
                                q.fail(&lease, &e.to_string())?;
                            }
                        }
                    }
                    Ok(())
                })
            })
            .collect();
        drop(tx);
        let total = spec.seeds_total();
        loop {
            match rx.recv_timeout(Duration::from_millis(100)) {
                Ok(Msg::Claimed(f)) => {
                    source = spec
                        .plan
                        .iter()
                        .find(|p| p.family == f)
                        .and_then(|p| p.targets.first())
                        .map(|t| t.source);
                }
                Ok(Msg::Done(done)) => {
                    let (shard, r) = *done;
                    restore.swept.push(SweptSpan {
                        family: shard.family,
                        start: shard.seeds.start,
                        end: shard.seeds.start + r.seeds_tried.min(shard.seeds.len()),
                    });
                    for s in &r.survivors {
                        restore.survivors.push(s.clone());
                        if let Err(e) = take(s, hooks, &mut stopped) {
                            failure.get_or_insert(e);
                            halt.store(true, Ordering::Relaxed);
                        }
                    }
                    results.push(r);
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
            if stop.load(Ordering::Relaxed) && !halt.load(Ordering::Relaxed) {
                stopped.get_or_insert(Stopped::Interrupted);
                halt.store(true, Ordering::Relaxed);
            }
            hooks.tick(&LiveProgress {
                seeds_done: before + swept_now.load(Ordering::Relaxed),
                seeds_total: total,
                source,
                elapsed: t.elapsed(),
            });
            if opts.restore_every > 0.0
                && last_restore.elapsed().as_secs_f64() >= opts.restore_every
            {
                restore.compact();
                restore.elapsed_s += last_restore.elapsed().as_secs_f64();
                last_restore = Instant::now();
                hooks.restore_point(&restore);
            }
        }
        handles
            .into_iter()
            .filter_map(|h| h.join().ok().and_then(Result::err))
            .collect()
    });
    if let Some(e) = failure.or_else(|| errors.into_iter().next()) {
        return Err(e);
    }
    let dead = queue.dead();
    if !dead.is_empty() {
        return Err(EngineError::ShardsFailed(dead));
    }
    restore.compact();
    restore.survivors.sort();
    restore.survivors.dedup();
    restore.elapsed_s += last_restore.elapsed().as_secs_f64();
    hooks.restore_point(&restore);
    // The survivors of the resumed run count with this run's.
    if !resumed.is_empty() {
        results.push(ShardResult {
            protocol_version: crate::job::PROTOCOL_VERSION,
            shard: crate::job::ShardId {
                job: spec.id,
                index: u32::MAX,
            },
            survivors: resumed,
            seeds_tried: before,
            elapsed_s: 0.0,
            worker: WorkerId("resumed".into()),
        });
    }
    let swept_all = restore.seeds_swept() >= spec.seeds_total();
    let coverage = Coverage {
        stopped: if swept_all { None } else { stopped },
        swept: restore.pairs(),
    };
    let report = finish_partial(&planned, &results, restore.elapsed_s, &coverage)?;
    Ok(LiveOutcome { report, restore })
}

/// The schema name and version of an [`Event`] line (`submit --json --events`).
pub const EVENT_SCHEMA: &str = "seedsieve.event/1";

/// One line of `submit --json --events`: what a sweep says while it runs
/// (the final report follows as the last line).
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event<'a> {
    /// The plan, before the sweep.
    Plan {
        /// Always [`EVENT_SCHEMA`].
        schema: &'static str,
        /// The plan.
        plan: &'a crate::plan::PlanSummary,
    },
    /// A candidate confirmed on every draw, as soon as it is.
    Candidate {
        /// Always [`EVENT_SCHEMA`].
        schema: &'static str,
        /// The candidate.
        candidate: &'a Candidate,
    },
    /// A state-recovery method found a state (run before the sweep by `--prng all`).
    StateReport {
        /// Always [`EVENT_SCHEMA`].
        schema: &'static str,
        /// The report.
        report: &'a crate::recover::StateReport,
    },
    /// Progress, about once a second.
    Progress {
        /// Always [`EVENT_SCHEMA`].
        schema: &'static str,
        /// Seeds swept (a resumed sweep counts its earlier seeds).
        seeds_done: u64,
        /// Seeds planned.
        seeds_total: u64,
        /// Seeds per second over the last few seconds.
        seeds_per_s: f64,
        /// The source in hand.
        #[serde(skip_serializing_if = "Option::is_none")]
        source: Option<SourceId>,
    },
}
