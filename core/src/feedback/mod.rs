//! The live feedback loop: draw streams, watch sessions, diagnostics,
//! triggers, the advisor seam, acceptance, and the request records the
//! watcher executes.
//!
//! # Layout
//!
//! - [`stats`]: exact binomial tail, log-loss: the evidence against the
//!   uniform baseline.
//! - [`policy`]: the policies file (TOML): approval route, triggers, bounds,
//!   cooldowns, rate limits; errors name the line and key.
//! - [`session`]: a watch session's state and its pure step: score new draws
//!   against the prediction pool, retire survivors, evaluate triggers.
//! - [`advisor`]: the [`advisor::Advisor`] trait (diagnostics to typed
//!   proposals), the deterministic [`advisor::HeuristicAdvisor`], and
//!   [`advisor::accept`] (bounds, cooldowns, rate limits).
//! - [`request`]: a request's statuses and their legal transitions (one
//!   table), its record, the [`request::RequestStore`] seam and the
//!   [`request::Clock`].
//! - [`records`]: request records in Redis (compare-and-set scripts).
//! - [`store`]: the Redis side: draw streams, sessions, the requests
//!   stream's lease, the audit stream.
//! - [`watcher`]: the watcher as a library: approval routing, dispatch,
//!   follow-up and archival ([`watcher::Watcher`], [`watcher::WatcherConfig`]).
//!
//! # Authority
//!
//! The feedback loop ([`session`], [`advisor`]) decides and raises requests;
//! the watcher (the `scheduler watch` daemon) approves per route, executes and
//! archives; the advisor only proposes. A request's record moves
//! `pending -> awaiting_approval -> approved -> dispatched -> done | failed`
//! ([`request::RequestStatus`]) by compare-and-set scripts, so no step runs
//! twice.

pub mod advisor;
pub mod policy;
pub mod records;
pub mod request;
pub mod session;
pub mod stats;
pub mod step;
pub mod store;
pub mod watcher;

use crate::job::JobId;
use crate::reduction::Reduction;
use crate::registry::SourceId;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A request id: a number from `INCR ROOT:vN:requests:seq`, shown as is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RequestId(pub u64);

impl fmt::Display for RequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::str::FromStr for RequestId {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        s.trim()
            .parse()
            .map(RequestId)
            .map_err(|_| format!("request id {s:?} is not a number"))
    }
}

/// One draw of a draw stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draw {
    /// Position in the source's output, from 0; strictly increasing in a stream.
    pub index: u64,
    /// The value drawn.
    pub value: i64,
    /// The source's timestamp, ms since the Unix epoch.
    pub ts_ms: u64,
}

/// A hypothesis a session holds: a sieve candidate anchored at the stream
/// index its window started at. The draw at stream index `i >= anchor` is the
/// generator's draw number `offset + (i - anchor) * (skip + 1)` from `seed`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hypothesis {
    /// Source.
    pub prng: SourceId,
    /// Range reduction.
    pub reduction: Reduction,
    /// Seed.
    pub seed: u64,
    /// Draws consumed before the anchor.
    pub offset: u32,
    /// Draws consumed between observed draws.
    pub skip: u32,
    /// Stream index of the sieve window's first draw.
    pub anchor: u64,
    /// Stream draws it mispredicted since it was adopted.
    pub misses: u32,
}

/// Parameters of a re-sieve: the window (stream indices) and what is swept.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SieveParams {
    /// First stream index of the window.
    pub from_index: u64,
    /// Draws used (window and confirmation), from `from_index`.
    pub draws: u32,
    /// Sources swept.
    pub sources: Vec<SourceId>,
    /// Seeds swept, `[lo, hi)`; `None`: each source's default sweep.
    pub seed_range: Option<(u64, u64)>,
    /// Largest offset from `from_index`.
    pub max_offset: u32,
    /// Largest skip.
    pub max_skip: u32,
}

/// The work a request asks for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Work {
    /// Sweep seeds again on recent draws (a fleet job).
    Resieve(SieveParams),
    /// Re-run the sieve over the survivors' seeds on every draw since their
    /// anchor (a fleet job).
    Confirm(SieveParams),
    /// Extend the prediction pool by `steps` draws (computed by the watcher).
    Predict {
        /// Draws to predict.
        steps: u32,
    },
    /// Assess the stream's draws `[from_index, from_index + draws)` with the
    /// SP 800-90B estimators (a scoring job on the fleet,
    /// [`crate::assess::fleet`]): how predictable the source is when no
    /// generator explains it.
    Assess {
        /// First stream index assessed.
        from_index: u64,
        /// Draws assessed.
        draws: u32,
    },
}

impl Work {
    /// `resieve`, `confirm`, `predict` or `assess`.
    pub fn kind(&self) -> &'static str {
        match self {
            Work::Resieve(_) => "resieve",
            Work::Confirm(_) => "confirm",
            Work::Predict { .. } => "predict",
            Work::Assess { .. } => "assess",
        }
    }
    /// The sieve parameters of a fleet job.
    pub fn sieve(&self) -> Option<&SieveParams> {
        match self {
            Work::Resieve(p) | Work::Confirm(p) => Some(p),
            Work::Predict { .. } | Work::Assess { .. } => None,
        }
    }
}

/// Who approves: the watcher within policy, or an operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApprovalRoute {
    /// The watcher approves requests that passed acceptance.
    Watcher,
    /// An operator runs `scheduler approve ID`.
    Human,
}

impl ApprovalRoute {
    /// `watcher` or `human`.
    pub fn as_str(self) -> &'static str {
        match self {
            ApprovalRoute::Watcher => "watcher",
            ApprovalRoute::Human => "human",
        }
    }
}

/// A request raised by the feedback loop: the body of a request record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Request {
    /// Its id.
    pub id: RequestId,
    /// The watch session.
    pub session: String,
    /// The trigger that raised it (`survivors_exhausted`, `baseline`, `new_draws`).
    pub trigger: session::TriggerKind,
    /// The work, after acceptance (clamped values included).
    pub work: Work,
    /// Why: the advisor's reasons and acceptance notes.
    pub reasons: Vec<String>,
    /// The advisor that proposed it.
    pub advisor: String,
    /// Who approves.
    pub route: ApprovalRoute,
    /// When it was raised, ms since the epoch.
    pub created_ms: u64,
}

/// A candidate the outcome of a job names, in short.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Found {
    /// Source.
    pub prng: SourceId,
    /// Reduction.
    pub reduction: Reduction,
    /// Seed.
    pub seed: u64,
    /// Offset from the window's first index.
    pub offset: u32,
    /// Skip.
    pub skip: u32,
}

/// The verdict of a request's [`Outcome`]: a sieve job's
/// [`crate::report::Verdict`], `predicted` for a prediction, or `failed` when
/// the work did not finish. Serialized snake_case (`recovered`, `ambiguous`,
/// `not_found`, `predicted`, `failed`), the strings stored in request
/// records and audit events.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeVerdict {
    /// The job recovered the generator.
    Recovered,
    /// The job found candidates that disagree, or too few draws.
    Ambiguous,
    /// The job found nothing.
    NotFound,
    /// A prediction was made from the session's pool (no job).
    Predicted,
    /// The draws were assessed (SP 800-90B; the outcome's `assessment`).
    Assessed,
    /// The work failed (job cancelled, dead shards, disappeared, unusable).
    Failed,
}

impl OutcomeVerdict {
    /// The JSON spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            OutcomeVerdict::Recovered => "recovered",
            OutcomeVerdict::Ambiguous => "ambiguous",
            OutcomeVerdict::NotFound => "not_found",
            OutcomeVerdict::Predicted => "predicted",
            OutcomeVerdict::Assessed => "assessed",
            OutcomeVerdict::Failed => "failed",
        }
    }
}

impl std::fmt::Display for OutcomeVerdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

impl From<crate::report::Verdict> for OutcomeVerdict {
    fn from(v: crate::report::Verdict) -> Self {
        match v {
            crate::report::Verdict::Recovered => OutcomeVerdict::Recovered,
            crate::report::Verdict::Ambiguous => OutcomeVerdict::Ambiguous,
            crate::report::Verdict::NotFound => OutcomeVerdict::NotFound,
            // A sweep that did not cover its plan settles nothing.
            crate::report::Verdict::Incomplete => OutcomeVerdict::Failed,
        }
    }
}

/// What came of a request.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    /// The verdict.
    pub verdict: OutcomeVerdict,
    /// The fleet job, for resieve and confirm.
    pub job: Option<JobId>,
    /// Candidates found (anchored at the window's first index).
    pub found: Vec<Found>,
    /// The window's first stream index.
    pub from_index: u64,
    /// Predicted values (predict).
    pub predicted: Vec<i64>,
    /// Seeds swept.
    pub seeds_tried: u64,
    /// Why it failed.
    pub error: Option<String>,
    /// Dispatch to settle, seconds.
    pub run_s: f64,
    /// The assessment (assess).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessment: Option<AssessmentNote>,
}

/// An `assess` request's result, in short: what a session keeps of its
/// latest assessment and `watch-session show` prints.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AssessmentNote {
    /// First stream index assessed.
    pub from_index: u64,
    /// Draws assessed.
    pub draws: u64,
    /// Min-entropy per draw, bits ([`crate::assess::report::AssessReport`]).
    pub min_entropy_per_draw: f64,
    /// log2 of the range's size, bits.
    pub log2_range: f64,
    /// The verdict.
    pub verdict: crate::assess::report::AssessVerdict,
    /// The verdict line a reviewer can quote.
    pub verdict_line: String,
    /// The scoring job.
    pub job: Option<JobId>,
}

/// Errors of the feedback loop.
#[derive(Debug, thiserror::Error)]
pub enum FeedbackError {
    /// The queue failed.
    #[error("queue: {0}")]
    Queue(#[from] crate::queue::QueueError),
    /// A policies file cannot be used: the message names the file, line and key.
    #[error("{0}")]
    Policy(String),
    /// A session, request or draw that does not exist or cannot be used.
    #[error("{0}")]
    Invalid(String),
    /// Planning a dispatched job failed.
    #[error("plan: {0}")]
    Plan(#[from] crate::plan::PlanError),
    /// Finishing a dispatched job failed.
    #[error("engine: {0}")]
    Engine(#[from] crate::engine::EngineError),
    /// An audit event or a record could not be serialised (never written
    /// as an empty record instead).
    #[error("cannot serialise: {0}")]
    Json(#[from] serde_json::Error),
    /// A local file (the daemon's audit mirror) failed.
    #[error("i/o: {0}")]
    Io(#[from] std::io::Error),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcome_verdicts_keep_their_json_names() {
        use OutcomeVerdict::*;
        for (v, name) in [
            (Recovered, "recovered"),
            (Ambiguous, "ambiguous"),
            (NotFound, "not_found"),
            (Predicted, "predicted"),
            (Assessed, "assessed"),
            (Failed, "failed"),
        ] {
            assert_eq!(v.as_str(), name);
            assert_eq!(v.to_string(), name);
            assert_eq!(serde_json::to_value(v).expect("serializes"), name);
            let back: OutcomeVerdict =
                serde_json::from_value(serde_json::json!(name)).expect("reads");
            assert_eq!(back, v);
        }
        for v in [
            crate::report::Verdict::Recovered,
            crate::report::Verdict::Ambiguous,
            crate::report::Verdict::NotFound,
        ] {
            assert_eq!(OutcomeVerdict::from(v).as_str(), v.as_str());
        }
    }
}
