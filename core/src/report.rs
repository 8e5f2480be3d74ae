//! The result of a job, as printed by `scheduler submit --json` (documented in
//! docs/output.md).

use crate::reduction::Reduction;
use crate::registry::SourceId;
use serde::{Deserialize, Serialize};

/// The job's conclusion.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Candidates agree on what comes next and chance cannot explain them.
    Recovered,
    /// Candidates disagree, or the draws are too few to rule out chance.
    Ambiguous,
    /// No hypothesis explains the draws.
    NotFound,
}

impl Verdict {
    /// The JSON spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Recovered => "recovered",
            Verdict::Ambiguous => "ambiguous",
            Verdict::NotFound => "not_found",
        }
    }
}

/// A hypothesis confirmed on every draw of the file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    /// Source id.
    pub prng: SourceId,
    /// Range reduction.
    pub reduction: Reduction,
    /// The seed.
    pub seed: u64,
    /// Draws consumed before the first observed one.
    pub offset: u32,
    /// Draws consumed between observed draws.
    pub skip: u32,
    /// Draws of the whole file that did not match.
    pub mismatches: u32,
    /// Draws after the window that matched.
    pub confirmed: u32,
    /// The next draws it predicts.
    pub next: Vec<i64>,
}

/// One predicted value and the share of candidates predicting it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PoolValue {
    /// The value.
    pub value: i64,
    /// Share of candidates, 0..=1.
    pub share: f64,
}

/// The prediction pool for one future draw.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PoolStep {
    /// 1 = the draw right after the file's last one.
    pub step: u32,
    /// Values, most shared first.
    pub values: Vec<PoolValue>,
}

/// The window and the strength of the evidence.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WindowReport {
    /// Draws sieved on.
    pub draws: u32,
    /// Draws in the file (the rest confirmed survivors).
    pub total_draws: u32,
    /// Expected false survivors of the window.
    pub expected_false_survivors_window: f64,
    /// Expected false candidates after confirming on every draw.
    pub expected_false_survivors_total: f64,
}

/// What was searched.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Searched {
    /// Sources swept.
    pub sources: Vec<SourceId>,
    /// Seeds swept (each family's seeds counted once).
    pub seeds_tried: u64,
    /// Wall-clock seconds.
    pub elapsed_s: f64,
    /// seeds_tried / elapsed_s.
    pub seeds_per_s: f64,
}

/// The whole result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// recovered, ambiguous or not_found.
    pub verdict: Verdict,
    /// Confirmed hypotheses.
    pub candidates: Vec<Candidate>,
    /// Prediction pool per future draw.
    pub pool: Vec<PoolStep>,
    /// The window and evidence.
    pub window: WindowReport,
    /// What was searched.
    pub searched: Searched,
    /// Sources or reductions left out, and why.
    pub notes: Vec<String>,
}
