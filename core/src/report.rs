//! The results of `scheduler submit`, as printed by `--json` (documented in
//! docs/output.md, JSON Schema docs/schema/report.schema.json): [`Report`]
//! for the seed sweep (with the state-recovery hand-off of `--prng all`),
//! [`StateModeReport`] for `--mode state` and [`TupleReport`] for `--tuples`.
//! The three print one shape, schema [`crate::schema::REPORT`]: `schema`,
//! `kind` ([`ReportKind`]), `verdict`, `candidates`, `state_reports` and
//! `notes` in every one, and the fields of their kind besides. Every field of
//! the JSON output is a field of these types; the CLI only prints them.

use crate::recover::StateReport;
use crate::reduction::{Reduction, FLOAT_N};
use crate::registry::SourceId;
use crate::schema::{Schema, REPORT};
use crate::tuples::TupleCandidate;
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
    /// The sweep was interrupted before it covered its plan: the candidates
    /// so far are reported, and `searched.left` says what was not swept.
    Incomplete,
}

impl Verdict {
    /// The JSON spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Recovered => "recovered",
            Verdict::Ambiguous => "ambiguous",
            Verdict::NotFound => "not_found",
            Verdict::Incomplete => "incomplete",
        }
    }

    /// Strength of the conclusion for ordering reports, strongest first:
    /// 0 = recovered, 1 = ambiguous, 2 = not_found, 3 = incomplete.
    pub fn rank(self) -> u8 {
        match self {
            Verdict::Recovered => 0,
            Verdict::Ambiguous => 1,
            Verdict::NotFound => 2,
            Verdict::Incomplete => 3,
        }
    }
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which method gave a [`Report`]'s verdict when it is not the seed sweep's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VerdictBy {
    /// `--prng all`: the sweep found nothing and a state-recovery method
    /// recovered (or could not rule out) a state; see `Report::state_reports`.
    StateRecovery,
}

/// How the draws were given, where they are not plain integers (JSON `"draws"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DrawForm {
    /// Floats in [0, 1), each k / 2^53 ([`crate::reduction::FLOAT_N`]).
    Float,
    /// Tuples of distinct values (`--tuples`).
    Tuples,
}

/// Whether a window of integers [min, min + n) is the float-draw range
/// [0, 2^53): float draws x are sieved as k = x * 2^53.
pub fn is_float_range(min: i64, n: u64) -> bool {
    min == 0 && n == FLOAT_N
}

/// One predicted draw, in the form the draws were given: an integer, or for
/// float draws the float k / 2^53 (JSON: a number either way).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum DrawValue {
    /// An integer draw.
    Int(i64),
    /// A float draw in [0, 1).
    Float(f64),
}

impl DrawValue {
    /// The draw `k` of the sieve's integer range, shown as the user gave
    /// draws: `Float(k / 2^53)` when `float`, else `Int(k)`.
    pub fn shown(k: i64, float: bool) -> Self {
        if float {
            DrawValue::Float(k as f64 / FLOAT_N as f64)
        } else {
            DrawValue::Int(k)
        }
    }

    /// The sieve's integer draw behind the value: the integer, or k for the
    /// float k / 2^53 (exact: scaling by a power of two).
    pub fn k(self) -> i64 {
        match self {
            DrawValue::Int(k) => k,
            DrawValue::Float(x) => (x * FLOAT_N as f64) as i64,
        }
    }
}

/// Compares with the sieve's integer draw k (see [`DrawValue::k`]), so that
/// predictions compare with draws planted as integers, floats included.
impl PartialEq<i64> for DrawValue {
    fn eq(&self, other: &i64) -> bool {
        self.k() == *other
    }
}

impl std::fmt::Display for DrawValue {
    /// Integers in decimal; floats with the shortest digits that read back
    /// to the same value (as CPython's `repr` prints them).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DrawValue::Int(v) => write!(f, "{v}"),
            DrawValue::Float(x) => write!(f, "{x:?}"),
        }
    }
}

/// A hypothesis confirmed on every draw of the file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
    pub next: Vec<DrawValue>,
}

/// One predicted value and the share of candidates predicting it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PoolValue {
    /// The value.
    pub value: DrawValue,
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
    /// Seeds the plan holds (each family's seeds counted once).
    #[serde(default)]
    pub seeds_planned: u64,
    /// Why the sweep ended before its plan did; absent when it swept it all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stopped: Option<Stopped>,
    /// The seeds left unswept when it stopped early, per source group.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub left: Vec<SeedSpan>,
}

/// Why a sweep ended before its plan did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stopped {
    /// A candidate matched every draw with chance ruled out (the sweep stops
    /// at the answer unless `--exhaustive`).
    AtAnswer,
    /// Ctrl-C, SIGTERM or a stop request: the verdict is `incomplete`.
    Interrupted,
}

/// Seeds `[start, end)` of the sources of one family (they share raw outputs).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeedSpan {
    /// The sources.
    pub sources: Vec<SourceId>,
    /// First seed.
    pub start: u64,
    /// One past the last seed.
    pub end: u64,
}

/// Which job made a report: the `kind` every report of schema
/// [`crate::schema::REPORT`] carries, which says the fields it has besides
/// the common ones.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportKind {
    /// A seed sweep ([`Report`]): `pool`, `window`, `searched`.
    Sweep,
    /// State recovery by algebra, `--mode state` ([`StateModeReport`]): the
    /// results are `state_reports`.
    State,
    /// A tuple job, `--tuples` ([`TupleReport`]): `k`, `sorted`, `evidence`.
    Tuples,
}

fn report_schema() -> Schema {
    REPORT
}

fn sweep_kind() -> ReportKind {
    ReportKind::Sweep
}

/// The whole result of a seed sweep (`scheduler submit --json`).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Report {
    /// Always [`crate::schema::REPORT`].
    #[serde(default = "report_schema")]
    pub schema: Schema,
    /// Always [`ReportKind::Sweep`].
    #[serde(default = "sweep_kind")]
    pub kind: ReportKind,
    /// recovered, ambiguous, not_found or incomplete.
    pub verdict: Verdict,
    /// Absent when the sweep gave the verdict; `state_recovery` when the
    /// hand-off of `--prng all` did (see [`crate::handoff`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdict_by: Option<VerdictBy>,
    /// `float` for float draws (then `next` and pool values are floats);
    /// absent for integer draws.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub draws: Option<DrawForm>,
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
    /// The state-recovery reports of the `--prng all` hand-off that found
    /// something (strongest first); empty when it did not run or found nothing.
    #[serde(default, skip_deserializing)]
    pub state_reports: Vec<StateReport>,
}

impl Report {
    /// Whether anything explains the draws: a candidate, or a state report
    /// that is recovered or ambiguous (exit status 0 of `submit`).
    pub fn found(&self) -> bool {
        !self.candidates.is_empty()
            || self
                .state_reports
                .iter()
                .any(|r| r.verdict != Verdict::NotFound)
    }

    /// The seed sweep's own verdict (the report's verdict unless the state
    /// hand-off gave it; the hand-off runs only when the sweep found nothing).
    pub fn sweep_verdict(&self) -> Verdict {
        match self.verdict_by {
            Some(VerdictBy::StateRecovery) => Verdict::NotFound,
            None => self.verdict,
        }
    }
}

/// The result of `scheduler submit --mode state --json` (and of the state
/// recovery that `--prng all` runs first on float draws): the common fields
/// of a report, its results in `state_reports`.
#[derive(Clone, Debug, Serialize)]
pub struct StateModeReport {
    /// Always [`crate::schema::REPORT`].
    pub schema: Schema,
    /// Always [`ReportKind::State`].
    pub kind: ReportKind,
    /// The first (strongest) state report's verdict; `not_found` when no
    /// method ran.
    pub verdict: Verdict,
    /// Always empty: state mode sweeps no seed (a state report's
    /// `alternatives` are its candidate states).
    pub candidates: Vec<Candidate>,
    /// One report per method run, strongest verdict first.
    pub state_reports: Vec<StateReport>,
    /// Methods that were asked for but refused (`ID: why`).
    pub notes: Vec<String>,
}

impl StateModeReport {
    /// The report of `reports` (sorted here, strongest verdict first) and
    /// the refusals `notes`.
    pub fn new(mut reports: Vec<StateReport>, notes: Vec<String>) -> Self {
        reports.sort_by_key(|r| r.verdict.rank());
        StateModeReport {
            schema: REPORT,
            kind: ReportKind::State,
            verdict: reports.first().map_or(Verdict::NotFound, |r| r.verdict),
            candidates: Vec::new(),
            state_reports: reports,
            notes,
        }
    }

    /// Whether a report is recovered or ambiguous (exit status 0).
    pub fn found(&self) -> bool {
        self.state_reports
            .iter()
            .any(|r| r.verdict != Verdict::NotFound)
    }
}

/// The result of a tuple job (`scheduler submit --tuples --json`).
#[derive(Clone, Debug, Serialize)]
pub struct TupleReport {
    /// Always [`crate::schema::REPORT`].
    pub schema: Schema,
    /// Always [`ReportKind::Tuples`].
    pub kind: ReportKind,
    /// `recovered` (one candidate, expected false candidates below 1e-6),
    /// `ambiguous` or `not_found`.
    pub verdict: Verdict,
    /// Always [`DrawForm::Tuples`].
    pub draws: DrawForm,
    /// Tuple size.
    pub k: usize,
    /// Whether each tuple was sorted.
    pub sorted: bool,
    /// Seeds that reproduce every observed tuple.
    pub candidates: Vec<TupleCandidate>,
    /// Always empty: no state recovery runs on tuples (the field every
    /// report has).
    pub state_reports: Vec<StateReport>,
    /// Bits of information in the observed tuples, seeds and offsets searched,
    /// and the expected number of false candidates.
    pub evidence: TupleEvidence,
    /// Sources left out, with the reason.
    pub notes: Vec<String>,
}

/// The numbers behind a [`TupleReport`]'s verdict.
#[derive(Clone, Debug, Serialize)]
pub struct TupleEvidence {
    /// log2 of the number of possible observed tuple sequences.
    pub bits_observed: f64,
    /// Seeds times offsets searched, over every source.
    pub hypotheses: f64,
    /// hypotheses x 2^-bits_observed.
    pub expected_false_candidates: f64,
    /// Seeds swept.
    pub seeds_tried: u64,
    /// Wall time, seconds.
    pub elapsed_s: f64,
}
