//! Running a job: the worker loop over any [`ShardQueue`], embedded mode (a pool
//! of in-process workers, one per core), and turning shard results into a
//! [`Report`]: survivors confirmed on every draw, predictions and a verdict.

use crate::backend::{cpu::CpuBackend, BackendError, ComputeBackend};
use crate::job::{JobSpec, Shard, ShardResult, WorkerId, PROTOCOL_VERSION};
use crate::plan::Planned;
use crate::queue::{EmbeddedQueue, QueueError, ShardQueue};
use crate::reduction::{Reducer, ReductionError};
use crate::report::{
    is_float_range, Candidate, DrawForm, DrawValue, PoolStep, PoolValue, Report, Searched, Verdict,
    WindowReport,
};
use crate::sieve::emulate;
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

/// Confirms survivors on every draw, predicts, and gives the verdict. Float
/// draws (a window over [0, 2^53)) are predicted as floats and the report says
/// `draws: float`. At most [`MAX_CANDIDATES`] candidates are kept (a note
/// says when more were confirmed); the pool and verdict are those of the kept.
pub fn finish(
    planned: &Planned,
    results: &[ShardResult],
    elapsed_s: f64,
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
    let family_of: BTreeMap<_, _> = spec
        .plan
        .iter()
        .flat_map(|p| p.targets.iter().map(move |t| (t.source, p.family)))
        .collect();
    // Each candidate's next draws as integers k (before they are shown as
    // floats), for the pool and the agreement test.
    let mut candidates = Vec::new();
    let mut nexts: Vec<Vec<i64>> = Vec::new();
    let mut notes = planned.notes.clone();
    for s in &survivors {
        let Some(&family) = family_of.get(&s.source) else {
            continue;
        };
        let reducer = Reducer::new(s.reduction, s.source.raw_form(), n)?;
        let stride = s.skip as usize + 1;
        let len = s.offset as usize + (total + predict) * stride;
        let d = emulate(family, &reducer, s.seed, len);
        let at = |j: usize| d[s.offset as usize + j * stride] as i64 + win.min;
        let mism = (0..total).filter(|&j| at(j) != spec.draws[j]).count() as u32;
        if mism > win.max_mismatches {
            continue;
        }
        if candidates.len() == MAX_CANDIDATES {
            notes.push(format!(
                "more than {MAX_CANDIDATES} candidates explain the draws: the first {MAX_CANDIDATES} are reported (and make the pool); more draws would single one out"
            ));
            break;
        }
        let confirmed = (w..total).filter(|&j| at(j) == spec.draws[j]).count() as u32;
        let next: Vec<i64> = (total..total + predict).map(at).collect();
        candidates.push(Candidate {
            prng: s.source,
            reduction: s.reduction,
            seed: s.seed,
            offset: s.offset,
            skip: s.skip,
            mismatches: mism,
            confirmed,
            next: next.iter().map(|&k| DrawValue::shown(k, float)).collect(),
        });
        nexts.push(next);
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
    let verdict = if candidates.is_empty() {
        Verdict::NotFound
    } else if agree && planned.expected_false_total < 1e-3 {
        Verdict::Recovered
    } else {
        Verdict::Ambiguous
    };
    let seeds_tried: u64 = results.iter().map(|r| r.seeds_tried).sum();
    Ok(Report {
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
        },
        notes,
        state_reports: Vec::new(),
    })
}
