//! The wire protocol: job, shard and result types, shared by the embedded queue and
//! (later) Redis Streams. Every message carries [`PROTOCOL_VERSION`].

use crate::registry::{Family, Prior, SourceId};
use crate::sieve::{Survivor, Target, WindowSpec};
use serde::{Deserialize, Serialize};
use std::fmt;
use uuid::Uuid;

/// Version of the shard and result messages. A consumer rejects other versions.
pub const PROTOCOL_VERSION: u32 = 1;

/// A job id (UUID v4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct JobId(pub Uuid);

impl JobId {
    /// A fresh random id.
    pub fn new() -> Self {
        JobId(Uuid::new_v4())
    }
}

impl Default for JobId {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Display for JobId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A shard id: the job and the shard's index in it. Displayed `JOB/INDEX`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ShardId {
    /// The job.
    pub job: JobId,
    /// Index within the job, from 0.
    pub index: u32,
}

impl fmt::Display for ShardId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.job, self.index)
    }
}

/// A worker's consumer name.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct WorkerId(pub String);

impl fmt::Display for WorkerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A half-open seed range [start, end).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SeedRange {
    /// First seed.
    pub start: u64,
    /// One past the last seed.
    pub end: u64,
}

impl SeedRange {
    /// Seeds in the range.
    pub fn len(&self) -> u64 {
        self.end.saturating_sub(self.start)
    }
    /// Whether it holds no seed.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// One unit of sieve work: a seed range of one family, every target of the job in
/// that family, and the window. Self-contained, so a worker needs nothing else.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    /// Must equal [`PROTOCOL_VERSION`].
    pub protocol_version: u32,
    /// The shard.
    pub id: ShardId,
    /// The family whose raw outputs are computed.
    pub family: Family,
    /// Sources and reductions checked on them.
    pub targets: Vec<Target>,
    /// The seeds.
    pub seeds: SeedRange,
    /// The window and hypothesis bounds.
    pub window: WindowSpec,
}

/// The outcome of one shard.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShardResult {
    /// Must equal [`PROTOCOL_VERSION`].
    pub protocol_version: u32,
    /// The shard.
    pub shard: ShardId,
    /// Hypotheses that matched the window.
    pub survivors: Vec<Survivor>,
    /// Seeds swept.
    pub seeds_tried: u64,
    /// Wall-clock seconds the worker spent.
    pub elapsed_s: f64,
    /// Who did it.
    pub worker: WorkerId,
}

/// A whole sieve job as the scheduler plans it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct JobSpec {
    /// The job.
    pub id: JobId,
    /// Every observed draw (the window is a prefix).
    pub draws: Vec<i64>,
    /// The window spec sent with each shard.
    pub window: WindowSpec,
    /// Per family: its targets and the seed range swept.
    pub plan: Vec<FamilyPlan>,
    /// Draws predicted per candidate.
    pub predict: u32,
}

/// The part of a job that sweeps one family.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct FamilyPlan {
    /// The family.
    pub family: Family,
    /// Its targets.
    pub targets: Vec<Target>,
    /// Seeds swept.
    pub seeds: SeedRange,
}

impl JobSpec {
    /// Sources this job sweeps.
    pub fn sources(&self) -> Vec<SourceId> {
        let mut s: Vec<SourceId> = self
            .plan
            .iter()
            .flat_map(|p| p.targets.iter().map(|t| t.source))
            .collect();
        s.sort();
        s.dedup();
        s
    }
    /// Seed-hypotheses the job tests: seeds x targets.
    pub fn seeds_total(&self) -> u64 {
        self.plan.iter().map(|p| p.seeds.len()).sum()
    }
    /// The job's seeds in sweep order: `(index into plan, seeds)`, likely
    /// sources first. Passes by [`Prior`] class, each family's first
    /// [`HEAD_SEEDS`] seeds (small seeds are the common ones: 1, 42, 1234)
    /// before the rest of its space: common heads, frequent heads, common
    /// rests, rare heads, frequent rests, rare rests; within a pass, cheaper
    /// families first.
    pub fn work_order(&self) -> Vec<(usize, SeedRange)> {
        const PASSES: [(Prior, bool); 6] = [
            (Prior::Common, true),
            (Prior::Frequent, true),
            (Prior::Common, false),
            (Prior::Rare, true),
            (Prior::Frequent, false),
            (Prior::Rare, false),
        ];
        let mut by_cost: Vec<usize> = (0..self.plan.len()).collect();
        by_cost.sort_by_key(|&i| (family_cost(self.plan[i].family), self.plan[i].family));
        let mut out = Vec::new();
        for (prior, head) in PASSES {
            for &i in &by_cost {
                let p = &self.plan[i];
                if p.prior() != prior {
                    continue;
                }
                let cut = p.seeds.start.saturating_add(HEAD_SEEDS).min(p.seeds.end);
                let seeds = if head {
                    SeedRange {
                        start: p.seeds.start,
                        end: cut,
                    }
                } else {
                    SeedRange {
                        start: cut,
                        end: p.seeds.end,
                    }
                };
                if !seeds.is_empty() {
                    out.push((i, seeds));
                }
            }
        }
        out
    }

    /// Splits the job into shards of about `cost_per_shard` work units, where one
    /// seed of a family costs [`family_cost`] units, in [`JobSpec::work_order`].
    /// At least `min_shards` shards are made when the seeds allow (so small jobs
    /// still use every worker).
    pub fn shards(&self, cost_per_shard: u64, min_shards: u64) -> Vec<Shard> {
        self.cut(self.work_order(), cost_per_shard, min_shards)
    }

    /// [`JobSpec::shards`] without the seeds of `swept` (`(family, seeds)`
    /// already swept, as a resumed sweep has them).
    pub fn shards_except(
        &self,
        swept: &[(Family, SeedRange)],
        cost_per_shard: u64,
        min_shards: u64,
    ) -> Vec<Shard> {
        let mut work = Vec::new();
        for (i, r) in self.work_order() {
            let mut parts = vec![r];
            let family = self.plan[i].family;
            for (_, done) in swept.iter().filter(|(f, _)| *f == family) {
                parts = parts
                    .into_iter()
                    .flat_map(|p| {
                        let left = SeedRange {
                            start: p.start,
                            end: p.end.min(done.start),
                        };
                        let right = SeedRange {
                            start: p.start.max(done.end),
                            end: p.end,
                        };
                        [left, right].into_iter().filter(|x| !x.is_empty())
                    })
                    .collect();
            }
            work.extend(parts.into_iter().map(|p| (i, p)));
        }
        self.cut(work, cost_per_shard, min_shards)
    }

    fn cut(
        &self,
        work: Vec<(usize, SeedRange)>,
        cost_per_shard: u64,
        min_shards: u64,
    ) -> Vec<Shard> {
        let mut out = Vec::new();
        let total_cost: u64 = work
            .iter()
            .map(|(i, r)| r.len().saturating_mul(family_cost(self.plan[*i].family)))
            .sum();
        let cost_per_shard = cost_per_shard.min((total_cost / min_shards.max(1)).max(1));
        for (i, r) in work {
            let p = &self.plan[i];
            let per = (cost_per_shard / family_cost(p.family)).max(1 << 12);
            let mut s = r.start;
            while s < r.end {
                // Shards never straddle 2^32 (CPython's key changes length there).
                let boundary = if s < 1 << 32 { 1 << 32 } else { u64::MAX };
                let e = s.saturating_add(per).min(r.end).min(boundary);
                out.push(Shard {
                    protocol_version: PROTOCOL_VERSION,
                    id: ShardId {
                        job: self.id,
                        index: out.len() as u32,
                    },
                    family: p.family,
                    targets: p.targets.clone(),
                    seeds: SeedRange { start: s, end: e },
                    window: self.window.clone(),
                });
                s = e;
            }
        }
        out
    }
}

/// Seeds of each family swept in the first passes of [`JobSpec::work_order`]
/// (2^24: a second or two of one core for most families).
pub const HEAD_SEEDS: u64 = 1 << 24;

impl FamilyPlan {
    /// The likeliest [`Prior`] class among its targets' sources.
    pub fn prior(&self) -> Prior {
        self.targets
            .iter()
            .map(|t| t.source.info().prior)
            .min()
            .unwrap_or(Prior::Rare)
    }
}

/// Relative cost of one seed of a family on the CPU (init_genrand = 100): the
/// family row's [`crate::registry::FamilyInfo::cost`].
pub fn family_cost(f: Family) -> u64 {
    f.info().cost
}
