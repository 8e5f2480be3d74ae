//! Planning a sieve job: which targets serve the range, which seeds each family
//! sweeps, and how long the window must be.
//!
//! Window length: a wrong hypothesis matches a draw with probability q = 1/n, so
//! with H hypotheses (seeds x targets x offsets x skips) and tolerance M the
//! expected false survivors of a W-draw window are
//! `E(W) = H * sum_{i<=M} C(W, i) q^(W-i) (1-q)^i`. The window is the smallest W
//! with E(W) <= 1, plus [`WINDOW_MARGIN`] draws, capped at the draws available.

use crate::job::{FamilyPlan, JobId, JobSpec, SeedRange};
use crate::reduction::Reducer;
use crate::registry::{Family, SourceId};
use crate::sieve::{Target, WindowSpec};
use std::collections::BTreeMap;

/// Draws added to the window past the one-expected-false-survivor length.
pub const WINDOW_MARGIN: usize = 2;

/// The most draws a job may predict per candidate (`--predict`): each
/// candidate's predictions are held in memory and printed.
pub const MAX_PREDICT: u32 = 10_000;

/// The most false survivors a sweep may be expected to collect: draws that
/// cannot single out a seed (a range of one value, one draw of ten values over
/// 2^32 seeds) would make survivors, and memory, grow with the seed space.
pub const MAX_EXPECTED_FALSE: f64 = 1e6;

/// What the user asked for.
#[derive(Clone, Debug)]
pub struct SubmitOptions {
    /// Sources to sweep.
    pub sources: Vec<SourceId>,
    /// `--seed-range LO..HI` (end exclusive), else each source's default sweep.
    pub seed_range: Option<(u64, u64)>,
    /// `--max-offset`.
    pub max_offset: u32,
    /// `--max-skip`.
    pub max_skip: u32,
    /// `--max-mismatches`.
    pub max_mismatches: u32,
    /// `--predict`.
    pub predict: u32,
}

/// Why a job cannot be planned.
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    /// min > max.
    #[error("--min {min} is greater than --max {max}")]
    BadRange {
        /// min.
        min: i64,
        /// max.
        max: i64,
    },
    /// No selected source has a reduction for this range, or no seed to sweep.
    #[error("nothing to search: {0}")]
    Nothing(String),
    /// More draws to predict than [`MAX_PREDICT`].
    #[error("--predict {0}: at most {MAX_PREDICT} draws can be predicted")]
    Predict(u32),
    /// The draws cannot single out a seed: more than [`MAX_EXPECTED_FALSE`]
    /// false candidates are expected.
    #[error("{draws} draws of {values} values cannot single out a seed among {hypotheses:.3e} hypotheses: expect about {expected:.3e} false candidates (at most {MAX_EXPECTED_FALSE:.0e} are allowed); give more draws, or narrow --seed-range, --max-offset, --max-skip or --max-mismatches")]
    Indistinct {
        /// Draws given.
        draws: usize,
        /// Values in the range (n = max - min + 1).
        values: u64,
        /// Hypotheses searched (seeds x targets x offsets x skips).
        hypotheses: f64,
        /// Expected false candidates over every draw.
        expected: f64,
    },
}

/// A planned job and the notes worth telling the user.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Planned {
    /// The job.
    pub spec: JobSpec,
    /// Expected false survivors of the window alone.
    pub expected_false_window: f64,
    /// Expected false survivors after confirming on every draw.
    pub expected_false_total: f64,
    /// Sources or reductions left out, and why.
    pub notes: Vec<String>,
}

fn ln_choose(n: usize, k: usize) -> f64 {
    (0..k)
        .map(|i| ((n - i) as f64).ln() - ((i + 1) as f64).ln())
        .sum()
}

/// Expected false survivors of `hyp` hypotheses on `w` draws of `n` values with
/// `m` mismatches tolerated.
pub fn expected_false(hyp: f64, n: u64, w: usize, m: u32) -> f64 {
    let q = 1.0 / n as f64;
    if q >= 1.0 {
        return hyp;
    }
    let p: f64 = (0..=(m as usize).min(w))
        .map(|i| (ln_choose(w, i) + (w - i) as f64 * q.ln() + i as f64 * (1.0 - q).ln()).exp())
        .sum();
    hyp * p
}

/// Plans a job over `draws` in [min, max].
///
/// # Errors
/// [`PlanError::BadRange`] when min > max; [`PlanError::Predict`] past
/// [`MAX_PREDICT`]; [`PlanError::Nothing`] when no source applies;
/// [`PlanError::Indistinct`] when more than [`MAX_EXPECTED_FALSE`] false
/// candidates are expected.
pub fn plan(draws: &[i64], min: i64, max: i64, opts: &SubmitOptions) -> Result<Planned, PlanError> {
    if min > max {
        return Err(PlanError::BadRange { min, max });
    }
    if opts.predict > MAX_PREDICT {
        return Err(PlanError::Predict(opts.predict));
    }
    let n = (max as i128 - min as i128 + 1) as u64;
    let mut notes = Vec::new();
    let mut families: BTreeMap<Family, (Vec<Target>, SeedRange)> = BTreeMap::new();
    for &src in &opts.sources {
        let info = src.info();
        let mut targets = Vec::new();
        for (red, _) in info.reductions {
            // Float draws (the range [0, 2^53 - 1]) go to the float reductions
            // only, integer draws to the others only: no note for the other kind.
            if red.is_float() != (min == 0 && n == crate::reduction::FLOAT_N) {
                continue;
            }
            match Reducer::new(*red, src.raw_form(), n) {
                Ok(_) if *red == crate::reduction::Reduction::Shift1 && min != 0 => notes.push(
                    format!("{src}: {red} left out: it only produces [0, 2147483647]"),
                ),
                Ok(_) => targets.push(Target {
                    source: src,
                    reduction: *red,
                }),
                // A call form with a fixed range (PHP mt_rand() without
                // arguments: shift1) cannot make draws of another size: no
                // note (a range of its size at another min has the note above).
                Err(crate::reduction::ReductionError::FixedRange { .. }) => {}
                Err(e) => notes.push(format!("{src}: {red} left out: {e}")),
            }
        }
        if targets.is_empty() {
            continue;
        }
        let (lo, hi) = opts
            .seed_range
            .unwrap_or((info.seeds.default_start, info.seeds.default_end));
        let hi = hi.min(info.seeds.limit);
        if lo >= hi {
            notes.push(format!(
                "{src} left out: its seed space ends at {}",
                info.seeds.limit
            ));
            continue;
        }
        if let Some((_, uh)) = opts.seed_range {
            if uh > hi {
                notes.push(format!(
                    "{src}: seed range clipped to its seed space [0, {})",
                    info.seeds.limit
                ));
            }
        }
        let entry = families
            .entry(info.family)
            .or_insert_with(|| (Vec::new(), SeedRange { start: lo, end: hi }));
        entry.0.extend(targets);
        // Sources of one family share a default sweep; take the union if they differ.
        entry.1.start = entry.1.start.min(lo);
        entry.1.end = entry.1.end.max(hi);
    }
    if families.is_empty() {
        return Err(PlanError::Nothing(if notes.is_empty() {
            "no source selected".into()
        } else {
            notes.join("; ")
        }));
    }
    let per_position = f64::from(opts.max_offset + 1) * f64::from(opts.max_skip + 1);
    let hyp: f64 = families
        .values()
        .map(|(t, s)| s.len() as f64 * t.len() as f64)
        .sum::<f64>()
        * per_position;
    let m = opts.max_mismatches;
    let mut w = (m as usize + 1).max(1);
    while w < draws.len() && expected_false(hyp, n, w, m) > 1.0 {
        w += 1;
    }
    let w = (w + WINDOW_MARGIN).min(draws.len());
    // The sweep's survivors: the window is all the draws whenever more than
    // one false survivor is expected, so this is also the false candidates.
    let expected_window = expected_false(hyp, n, w, m);
    if expected_window > MAX_EXPECTED_FALSE {
        return Err(PlanError::Indistinct {
            draws: draws.len(),
            values: n,
            hypotheses: hyp,
            expected: expected_false(hyp, n, draws.len(), m),
        });
    }
    let window = WindowSpec {
        min,
        max,
        draws: draws[..w].to_vec(),
        max_offset: opts.max_offset,
        max_skip: opts.max_skip,
        max_mismatches: m,
    };
    let spec = JobSpec {
        id: JobId::new(),
        draws: draws.to_vec(),
        window,
        plan: families
            .into_iter()
            .map(|(family, (targets, seeds))| FamilyPlan {
                family,
                targets,
                seeds,
            })
            .collect(),
        predict: opts.predict,
    };
    Ok(Planned {
        expected_false_window: expected_window,
        expected_false_total: expected_false(hyp, n, draws.len(), m),
        spec,
        notes,
    })
}

/// The schema name and version of a [`PlanSummary`] (`submit --plan --json`).
pub const PLAN_SCHEMA: &str = "seedsieve.plan/1";

/// A job's plan as shown before it runs (`scheduler submit --plan`): what is
/// swept, in which order, and about how long it takes here.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct PlanSummary {
    /// Always [`PLAN_SCHEMA`].
    pub schema: String,
    /// One row per family, in sweep order (the first pass that reaches it).
    pub rows: Vec<PlanRow>,
    /// Draws sieved on (the window) and given in all.
    pub window_draws: u32,
    /// Draws given.
    pub total_draws: u32,
    /// Values a draw can take (max - min + 1).
    pub values: u64,
    /// `--max-offset`, `--max-skip`, `--max-mismatches`.
    pub max_offset: u32,
    /// See `max_offset`.
    pub max_skip: u32,
    /// See `max_offset`.
    pub max_mismatches: u32,
    /// Seeds in all.
    pub seeds: u64,
    /// Expected false candidates after confirming on every draw.
    pub expected_false_candidates: f64,
    /// CPU threads the estimate assumes.
    pub workers: usize,
    /// Wall seconds for the whole plan on `workers` CPU threads, from each
    /// family's measured rate (`cpu_mseeds_per_core`, sieve-bench on a
    /// 10-draw window, offset 0, skip 0; more offsets and skips cost more).
    pub estimate_s: f64,
}

/// One family of a [`PlanSummary`].
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct PlanRow {
    /// Sources checked on the family's outputs.
    pub sources: Vec<SourceId>,
    /// How likely the sources are (the sweep order's first key).
    pub prior: crate::registry::Prior,
    /// First seed.
    pub start: u64,
    /// One past the last seed.
    pub end: u64,
    /// Wall seconds on the summary's workers.
    pub estimate_s: f64,
}

impl Planned {
    /// The plan as shown before it runs, with estimates for `workers` CPU
    /// threads (rows in sweep order, see [`crate::job::JobSpec::work_order`])
    /// from the rates measured on this machine ([`crate::rates`]: a family
    /// not yet in the cache is measured now, about 25 ms each).
    pub fn summary(&self, workers: usize) -> PlanSummary {
        let spec = &self.spec;
        let workers = workers.max(1);
        let mut order: Vec<usize> = Vec::new();
        for (i, _) in spec.work_order() {
            if !order.contains(&i) {
                order.push(i);
            }
        }
        let families: Vec<crate::registry::Family> =
            order.iter().map(|&i| spec.plan[i].family).collect();
        let measured = crate::rates::rates(&families);
        let rows: Vec<PlanRow> = order
            .into_iter()
            .zip(measured)
            .map(|(i, r)| {
                let p = &spec.plan[i];
                let mut sources: Vec<SourceId> = p.targets.iter().map(|t| t.source).collect();
                sources.dedup();
                let rate = r.mseeds_per_core.max(1e-3) * 1e6 * workers as f64;
                PlanRow {
                    sources,
                    prior: p.prior(),
                    start: p.seeds.start,
                    end: p.seeds.end,
                    estimate_s: p.seeds.len() as f64 / rate,
                }
            })
            .collect();
        PlanSummary {
            schema: PLAN_SCHEMA.into(),
            estimate_s: rows.iter().map(|r| r.estimate_s).sum(),
            rows,
            window_draws: spec.window.draws.len() as u32,
            total_draws: spec.draws.len() as u32,
            values: spec.window.n(),
            max_offset: spec.window.max_offset,
            max_skip: spec.window.max_skip,
            max_mismatches: spec.window.max_mismatches,
            seeds: spec.seeds_total(),
            expected_false_candidates: self.expected_false_total,
            workers,
        }
    }
}
