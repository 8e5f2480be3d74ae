//! Running a job: the worker loop over any [`ShardQueue`], embedded mode (a pool
//! of in-process workers, one per core), and turning shard results into a
//! [`Report`]: survivors confirmed on every draw, predictions and a verdict.

use crate::backend::{cpu::CpuBackend, BackendError, ComputeBackend};
use crate::job::{JobSpec, SeedRange};
use crate::job::{Shard, ShardResult, WorkerId, PROTOCOL_VERSION};
use crate::plan::Planned;
use crate::queue::{EmbeddedQueue, QueueError, ShardQueue};
use crate::reduction::{Reducer, ReductionError};
use crate::registry::{Family, SourceId};
use crate::report::{
    is_float_range, Candidate, DrawForm, DrawValue, PoolStep, PoolValue, Report, Searched,
    SeedSpan, Stopped, Verdict, WindowReport,
};
use crate::sieve::{emulate, Survivor};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Failures while running a job.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// The queue failed.
    #[error(transparent)]
    Queue(#[from] QueueError),
    /// A shard's reduction does not fit its range (a planning defect or a bad message).
    #[error(transparent)]
    Reduction(#[from] ReductionError),
    /// The compute backend failed.
    #[error(transparent)]
    Backend(#[from] BackendError),
    /// Shards failed for good.
    #[error("{} shard(s) failed: {}", .0.len(), .0.iter().map(|(id, e)| format!("{id}: {e}")).collect::<Vec<_>>().join("; "))]
    ShardsFailed(Vec<(crate::job::ShardId, String)>),
}

/// Sweeps one shard on `backend`. `keep_going` receives seeds done per block;
/// false stops early.
pub fn process_shard(
    shard: &Shard,
    worker: &WorkerId,
    backend: &mut dyn ComputeBackend,
    mut keep_going: impl FnMut(u64) -> bool,
) -> Result<ShardResult, EngineError> {
    let t = Instant::now();
    let mut survivors = Vec::new();
    let seeds = shard.seeds.start..shard.seeds.end;
    let tried = backend.sweep(
        shard.family,
        &shard.targets,
        seeds,
        &shard.window,
        &mut survivors,
        &mut keep_going,
    )?;
    Ok(ShardResult {
        protocol_version: PROTOCOL_VERSION,
        shard: shard.id,
        survivors,
        seeds_tried: tried,
        elapsed_s: t.elapsed().as_secs_f64(),
        worker: worker.clone(),
    })
}

/// One worker's loop: claim, sweep, ack, until the queue says nothing is left.
pub fn work_loop(
    queue: &dyn ShardQueue,
    worker: &WorkerId,
    backend: &mut dyn ComputeBackend,
    progress: &(dyn Fn(u64) + Sync),
    stop: &AtomicBool,
) -> Result<(), EngineError> {
    while !stop.load(Ordering::Relaxed) {
        let Some(lease) = queue.claim(worker, Duration::from_millis(200))? else {
            return Ok(());
        };
        // Progress is reported in batches: a shared counter touched per block
        // would cost more than the blocks themselves.
        let mut pending = 0u64;
        let outcome = process_shard(&lease.shard, worker, backend, |n| {
            pending += n;
            if pending >= 1 << 16 {
                progress(pending);
                pending = 0;
            }
            !stop.load(Ordering::Relaxed)
        });
        progress(pending);
        match outcome {
            Ok(r) => {
                tracing::debug!(shard = %r.shard, seeds = r.seeds_tried, survivors = r.survivors.len(), elapsed_s = r.elapsed_s, "shard done");
                queue.ack(&lease, r)?;
            }
            Err(e) => queue.fail(&lease, &e.to_string())?,
        }
    }
    Ok(())
}

/// Embedded mode on the CPU: sweeps every shard of `spec` (at least
/// `min_shards` of them) on `workers` threads.
/// `progress` is called with seeds done as they finish.
pub fn run_embedded(
    spec: &JobSpec,
    workers: usize,
    min_shards: u64,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Vec<ShardResult>, EngineError> {
    let backends = (0..workers.max(1))
        .map(|_| Box::new(CpuBackend::default()) as Box<dyn ComputeBackend>)
        .collect();
    run_embedded_on(spec, backends, min_shards, progress)
}

/// Embedded mode: sweeps every shard of `spec` (at least `min_shards` of them),
/// one thread per backend (CPU thread or GPU device).
pub fn run_embedded_on(
    spec: &JobSpec,
    backends: Vec<Box<dyn ComputeBackend>>,
    min_shards: u64,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Vec<ShardResult>, EngineError> {
    let queue = EmbeddedQueue::default();
    queue.enqueue(spec.shards(default_shard_cost(), min_shards))?;
    queue.close();
    let stop = AtomicBool::new(false);
    let errors: Vec<EngineError> = std::thread::scope(|s| {
        let handles: Vec<_> = backends
            .into_iter()
            .enumerate()
            .map(|(i, mut b)| {
                let (q, stop) = (&queue, &stop);
                s.spawn(move || {
                    let id = WorkerId(format!("embedded-{}-{i}", std::process::id()));
                    let r = work_loop(q, &id, b.as_mut(), progress, stop);
                    if r.is_err() {
                        stop.store(true, Ordering::Relaxed);
                    }
                    r
                })
            })
            .collect();
        handles
            .into_iter()
            .filter_map(|h| h.join().ok().and_then(Result::err))
            .collect()
    });
    if let Some(e) = errors.into_iter().next() {
        return Err(e);
    }
    let dead = queue.dead();
    if !dead.is_empty() {
        return Err(EngineError::ShardsFailed(dead));
    }
    Ok(queue.take_results())
}

/// The most candidates a report keeps (the first ones in source, reduction,
/// seed, offset, skip order); past it the report says so in its notes. Bounds the
/// memory and output of draws that many seeds explain.
pub const MAX_CANDIDATES: usize = 1000;

/// Work units per shard: about a second of one core (see [`crate::job::family_cost`]).
pub fn default_shard_cost() -> u64 {
    100 << 24
}

/// A survivor confirmed on every draw of the file: the candidate, and its
/// next draws as the sieve's integers k (for the pool).
pub struct Confirmed {
    /// The candidate as reported.
    pub candidate: Candidate,
    /// Its next draws as integers k (floats not yet shown as floats).
    pub next_k: Vec<i64>,
}

/// Checks survivor `s` of `planned` on every draw: `Ok(None)` when more draws
/// mismatch than the job tolerates (or its source is not in the plan).
///
/// # Errors
/// The survivor's reduction does not serve the window's range (a bad message).
pub fn confirm(planned: &Planned, s: &Survivor) -> Result<Option<Confirmed>, EngineError> {
    let spec = &planned.spec;
    let win = &spec.window;
    let n = win.n();
    let total = spec.draws.len();
    let w = win.draws.len();
    let predict = spec.predict as usize;
    let float = is_float_range(win.min, n);
    let Some(family) = spec
        .plan
        .iter()
        .find(|p| p.targets.iter().any(|t| t.source == s.source))
        .map(|p| p.family)
    else {
        return Ok(None);
    };
    let reducer = Reducer::new(s.reduction, s.source.raw_form(), n)?;
    let stride = s.skip as usize + 1;
    let len = s.offset as usize + (total + predict) * stride;
    let d = emulate(family, &reducer, s.seed, len);
    let at = |j: usize| d[s.offset as usize + j * stride] as i64 + win.min;
    let mism = (0..total).filter(|&j| at(j) != spec.draws[j]).count() as u32;
    if mism > win.max_mismatches {
        return Ok(None);
    }
    let confirmed = (w..total).filter(|&j| at(j) == spec.draws[j]).count() as u32;
    let next_k: Vec<i64> = (total..total + predict).map(at).collect();
    Ok(Some(Confirmed {
        candidate: Candidate {
            prng: s.source,
            reduction: s.reduction,
            seed: s.seed,
            offset: s.offset,
            skip: s.skip,
            mismatches: mism,
            confirmed,
            next: next_k.iter().map(|&k| DrawValue::shown(k, float)).collect(),
        },
        next_k,
    }))
}

/// Whether a confirmed candidate is an answer a sweep may stop at: it
/// matches every draw and chance explains it with probability below 1e-3
/// (the expected false candidates of the whole plan).
pub fn is_answer(planned: &Planned, c: &Candidate) -> bool {
    c.mismatches == 0 && planned.expected_false_total < RECOVERED_BELOW
}

/// Expected false candidates below which agreeing candidates are `recovered`.
pub const RECOVERED_BELOW: f64 = 1e-3;

/// How much of the plan a sweep covered (see [`finish_partial`]).
#[derive(Clone, Debug, Default)]
pub struct Coverage {
    /// Why the sweep ended before the plan did; `None` when it swept it all.
    pub stopped: Option<Stopped>,
    /// Seeds swept, per family (any order, may touch).
    pub swept: Vec<(Family, SeedRange)>,
}

/// Confirms survivors on every draw, predicts, and gives the verdict, for a
/// sweep that covered the whole plan (see [`finish_partial`]).
pub fn finish(
    planned: &Planned,
    results: &[ShardResult],
    elapsed_s: f64,
) -> Result<Report, EngineError> {
    finish_partial(planned, results, elapsed_s, &Coverage::default())
}

/// Confirms survivors on every draw, predicts, and gives the verdict. Float
/// draws (a window over [0, 2^53)) are predicted as floats and the report says
/// `draws: float`. At most [`MAX_CANDIDATES`] candidates are kept (a note
/// says when more were confirmed); the pool and verdict are those of the kept.
/// A sweep that stopped early (`coverage.stopped`) says what it left; one
/// that was interrupted has the verdict `incomplete`.
pub fn finish_partial(
    planned: &Planned,
    results: &[ShardResult],
    elapsed_s: f64,
    coverage: &Coverage,
) -> Result<Report, EngineError> {
    let spec = &planned.spec;
    let win = &spec.window;
    let n = win.n();
    let total = spec.draws.len();
    let w = win.draws.len();
    let predict = spec.predict as usize;
    let float = is_float_range(win.min, n);
    let mut survivors: Vec<_> = results
        .iter()
        .flat_map(|r| r.survivors.iter().cloned())
        .collect();
    survivors.sort();
    survivors.dedup();
    // Each candidate's next draws as integers k (before they are shown as
    // floats), for the pool and the agreement test.
    let mut candidates = Vec::new();
    let mut nexts: Vec<Vec<i64>> = Vec::new();
    let mut notes = planned.notes.clone();
    for s in &survivors {
        let Some(c) = confirm(planned, s)? else {
            continue;
        };
        if candidates.len() == MAX_CANDIDATES {
            notes.push(format!(
                "more than {MAX_CANDIDATES} candidates explain the draws: the first {MAX_CANDIDATES} are reported (and make the pool); more draws would single one out"
            ));
            break;
        }
        candidates.push(c.candidate);
        nexts.push(c.next_k);
    }
    let pool = (0..predict)
        .map(|i| {
            // Counted on the integer draws k, shown as the user gave them.
            let mut counts: BTreeMap<i64, usize> = BTreeMap::new();
            for next in &nexts {
                *counts.entry(next[i]).or_default() += 1;
            }
            let mut values: Vec<(i64, usize)> = counts.into_iter().collect();
            values.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            let values = values
                .into_iter()
                .map(|(k, count)| PoolValue {
                    value: DrawValue::shown(k, float),
                    share: count as f64 / candidates.len() as f64,
                })
                .collect();
            PoolStep {
                step: i as u32 + 1,
                values,
            }
        })
        .collect();
    let agree = nexts.windows(2).all(|p| p[0] == p[1]);
    let verdict = if coverage.stopped == Some(Stopped::Interrupted) {
        Verdict::Incomplete
    } else if candidates.is_empty() {
        Verdict::NotFound
    } else if agree && planned.expected_false_total < RECOVERED_BELOW {
        Verdict::Recovered
    } else {
        Verdict::Ambiguous
    };
    let seeds_tried: u64 = results.iter().map(|r| r.seeds_tried).sum();
    Ok(Report {
        schema: crate::schema::REPORT,
        kind: crate::report::ReportKind::Sweep,
        verdict,
        verdict_by: None,
        draws: float.then_some(DrawForm::Float),
        candidates,
        pool,
        window: WindowReport {
            draws: w as u32,
            total_draws: total as u32,
            expected_false_survivors_window: planned.expected_false_window,
            expected_false_survivors_total: planned.expected_false_total,
        },
        searched: Searched {
            sources: spec.sources(),
            seeds_tried,
            elapsed_s,
            seeds_per_s: if elapsed_s > 0.0 {
                seeds_tried as f64 / elapsed_s
            } else {
                0.0
            },
            seeds_planned: spec.seeds_total(),
            stopped: coverage.stopped,
            left: if coverage.stopped.is_some() {
                left_over(spec, &coverage.swept)
            } else {
                Vec::new()
            },
        },
        notes,
        state_reports: Vec::new(),
    })
}

/// The seeds of `spec` not in `swept`, per plan entry, merged into runs.
pub fn left_over(spec: &JobSpec, swept: &[(Family, SeedRange)]) -> Vec<SeedSpan> {
    let mut out = Vec::new();
    for p in &spec.plan {
        let mut done: Vec<SeedRange> = swept
            .iter()
            .filter(|(f, r)| *f == p.family && !r.is_empty())
            .map(|(_, r)| *r)
            .collect();
        done.sort_by_key(|r| r.start);
        let mut at = p.seeds.start;
        let mut sources: Vec<SourceId> = p.targets.iter().map(|t| t.source).collect();
        sources.dedup();
        for r in done.iter().chain(std::iter::once(&SeedRange {
            start: p.seeds.end,
            end: p.seeds.end,
        })) {
            let end = r.start.min(p.seeds.end);
            if end > at {
                out.push(SeedSpan {
                    sources: sources.clone(),
                    start: at,
                    end,
                });
            }
            at = at.max(r.end);
        }
    }
    out
}
