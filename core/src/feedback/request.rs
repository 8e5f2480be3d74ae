//! A request's life: its statuses and their legal transitions (one table,
//! [`RequestStatus::sources`]), its record, the [`RequestStore`] seam the
//! watcher's decisions go through (Redis in production, [`MemoryStore`] in
//! unit tests) and the [`Clock`] that stamps them.
//!
//! ```text
//! pending -> awaiting_approval -> approved -> dispatched -> done | failed
//!        \________________________/       \_____________/
//!          (watcher route, or an           (predict work, or a request
//!           operator's approval)            that cannot be planned)
//! ```

use super::store::AuditEvent;
use super::{FeedbackError, Outcome, Request, RequestId};
use crate::job::JobId;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fmt;
use std::sync::Mutex;

/// Where a request stands. The serde and Redis names are the snake_case
/// words (`pending`, `awaiting_approval`, ...), unchanged from the records
/// written before this type existed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    /// Raised by the feedback loop; no watcher has routed it yet.
    Pending,
    /// Waiting for an operator (`scheduler approve ID`).
    AwaitingApproval,
    /// Approved (by the watcher within policy, or by an operator).
    Approved,
    /// Its fleet job was submitted.
    Dispatched,
    /// Settled with an outcome.
    Done,
    /// Settled as failed (the outcome says why).
    Failed,
}

impl RequestStatus {
    /// Every status, in the order of a request's life.
    pub const ALL: [RequestStatus; 6] = [
        RequestStatus::Pending,
        RequestStatus::AwaitingApproval,
        RequestStatus::Approved,
        RequestStatus::Dispatched,
        RequestStatus::Done,
        RequestStatus::Failed,
    ];

    /// The name stored in Redis and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            RequestStatus::Pending => "pending",
            RequestStatus::AwaitingApproval => "awaiting_approval",
            RequestStatus::Approved => "approved",
            RequestStatus::Dispatched => "dispatched",
            RequestStatus::Done => "done",
            RequestStatus::Failed => "failed",
        }
    }

    /// The statuses a request may move to `self` from: the one table of
    /// legal transitions.
    pub fn sources(self) -> &'static [RequestStatus] {
        use RequestStatus::*;
        match self {
            Pending => &[],
            AwaitingApproval => &[Pending],
            Approved => &[Pending, AwaitingApproval],
            Dispatched => &[Approved],
            Done | Failed => &[Approved, Dispatched],
        }
    }

    /// Whether `self -> to` is a legal transition.
    pub fn can_move_to(self, to: RequestStatus) -> bool {
        to.sources().contains(&self)
    }

    /// Done or failed: nothing more happens to it.
    pub fn is_settled(self) -> bool {
        matches!(self, RequestStatus::Done | RequestStatus::Failed)
    }

    /// Whether an operator's approval can still apply.
    pub fn approvable(self) -> bool {
        self.can_move_to(RequestStatus::Approved)
    }
}

impl fmt::Display for RequestStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for RequestStatus {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        RequestStatus::ALL
            .into_iter()
            .find(|st| st.as_str() == s)
            .ok_or_else(|| format!("unknown request status {s:?}"))
    }
}

/// A request's record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RequestRecord {
    /// The request.
    pub request: Request,
    /// Where it stands.
    pub status: RequestStatus,
    /// `watcher` or the operator who approved it.
    pub approved_by: Option<String>,
    /// The fleet job it dispatched.
    pub job: Option<JobId>,
    /// Its outcome.
    pub outcome: Option<Outcome>,
    /// Times, ms since the epoch.
    pub approved_ms: Option<u64>,
    /// Dispatched.
    pub dispatched_ms: Option<u64>,
    /// Settled.
    pub finished_ms: Option<u64>,
}

/// A record field set along with a transition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecordField {
    /// Who approved it.
    ApprovedBy(String),
    /// When it was approved, ms since the epoch.
    ApprovedMs(u64),
    /// When its job was dispatched, ms since the epoch.
    DispatchedMs(u64),
}

impl RecordField {
    /// The hash field name and its value, as stored in Redis.
    pub fn pair(&self) -> (&'static str, String) {
        match self {
            RecordField::ApprovedBy(by) => ("approved_by", by.clone()),
            RecordField::ApprovedMs(t) => ("approved_ms", t.to_string()),
            RecordField::DispatchedMs(t) => ("dispatched_ms", t.to_string()),
        }
    }
}

/// The request records and audit trail the watcher's decisions go through.
/// Every transition is a compare-and-set over [`RequestStatus::sources`],
/// with its audit event appended in the same atomic step.
pub trait RequestStore {
    /// Reads a record.
    ///
    /// # Errors
    /// [`FeedbackError::Invalid`] when there is none or it is unreadable;
    /// [`FeedbackError::Queue`] when the store fails.
    fn record(&self, id: RequestId) -> Result<RequestRecord, FeedbackError>;

    /// Moves the status to `to` from one of `to.sources()`, setting `fields`
    /// and appending `event`; `false` when the status was none of them.
    ///
    /// # Errors
    /// [`FeedbackError::Queue`] when the store fails.
    fn transition(
        &self,
        id: RequestId,
        to: RequestStatus,
        fields: &[RecordField],
        event: Option<&AuditEvent>,
    ) -> Result<bool, FeedbackError>;

    /// The job id of the request's dispatch: `candidate` if none was set
    /// yet, else the one set before.
    ///
    /// # Errors
    /// [`FeedbackError::Queue`] when the store fails.
    fn job_once(&self, id: RequestId, candidate: JobId) -> Result<JobId, FeedbackError>;

    /// Records the outcome (status `done` or `failed`, settled at `now_ms`),
    /// hands the id to the session's inbox and appends `event`, once:
    /// `false` when it was already settled.
    ///
    /// # Errors
    /// [`FeedbackError::Invalid`] when `status` is not a settled status;
    /// [`FeedbackError::Queue`] when the store fails.
    fn settle(
        &self,
        req: &Request,
        status: RequestStatus,
        outcome: &Outcome,
        event: &AuditEvent,
        now_ms: u64,
    ) -> Result<bool, FeedbackError>;

    /// Appends an audit event.
    ///
    /// # Errors
    /// [`FeedbackError::Queue`] when the store fails.
    fn audit(&self, ev: &AuditEvent) -> Result<(), FeedbackError>;
}

/// Time, injected so that decisions can be tested at fixed instants.
pub trait Clock {
    /// Milliseconds since the Unix epoch.
    fn now_ms(&self) -> u64;
}

/// The system clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_ms(&self) -> u64 {
        crate::redis::now_ms()
    }
}

/// A clock that reads a fixed time, moved by hand (tests).
#[derive(Debug, Default)]
pub struct ManualClock(pub std::sync::atomic::AtomicU64);

impl ManualClock {
    /// A clock at `ms`.
    pub fn at(ms: u64) -> Self {
        ManualClock(std::sync::atomic::AtomicU64::new(ms))
    }
    /// Moves it forward by `ms`.
    pub fn advance(&self, ms: u64) {
        self.0.fetch_add(ms, std::sync::atomic::Ordering::Relaxed);
    }
}

impl Clock for ManualClock {
    fn now_ms(&self) -> u64 {
        self.0.load(std::sync::atomic::Ordering::Relaxed)
    }
}

#[derive(Debug, Default)]
struct Memory {
    records: HashMap<RequestId, RequestRecord>,
    audit: Vec<AuditEvent>,
    inbox: Vec<(String, RequestId)>,
}

/// An in-memory [`RequestStore`] with the same compare-and-set rules as the
/// Redis one (unit tests of the watcher's decisions).
#[derive(Debug, Default)]
pub struct MemoryStore(Mutex<Memory>);

impl MemoryStore {
    fn lock(&self) -> std::sync::MutexGuard<'_, Memory> {
        // A panicking test thread cannot leave a half-written record: every
        // write below is a single insert or push.
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Records `req` as `pending` (what [`super::records::raise`] does).
    pub fn insert(&self, req: Request) {
        self.lock().records.insert(
            req.id,
            RequestRecord {
                request: req,
                status: RequestStatus::Pending,
                approved_by: None,
                job: None,
                outcome: None,
                approved_ms: None,
                dispatched_ms: None,
                finished_ms: None,
            },
        );
    }

    /// The audit trail so far.
    pub fn events(&self) -> Vec<AuditEvent> {
        self.lock().audit.clone()
    }

    /// The (session, request) pairs handed to sessions' inboxes.
    pub fn inbox(&self) -> Vec<(String, RequestId)> {
        self.lock().inbox.clone()
    }
}

impl RequestStore for MemoryStore {
    fn record(&self, id: RequestId) -> Result<RequestRecord, FeedbackError> {
        self.lock()
            .records
            .get(&id)
            .cloned()
            .ok_or_else(|| FeedbackError::Invalid(format!("no request {id}")))
    }

    fn transition(
        &self,
        id: RequestId,
        to: RequestStatus,
        fields: &[RecordField],
        event: Option<&AuditEvent>,
    ) -> Result<bool, FeedbackError> {
        let mut m = self.lock();
        let Some(r) = m.records.get_mut(&id) else {
            return Ok(false);
        };
        if !r.status.can_move_to(to) {
            return Ok(false);
        }
        r.status = to;
        for f in fields {
            match f {
                RecordField::ApprovedBy(by) => r.approved_by = Some(by.clone()),
                RecordField::ApprovedMs(t) => r.approved_ms = Some(*t),
                RecordField::DispatchedMs(t) => r.dispatched_ms = Some(*t),
            }
        }
        if let Some(e) = event {
            m.audit.push(e.clone());
        }
        Ok(true)
    }

    fn job_once(&self, id: RequestId, candidate: JobId) -> Result<JobId, FeedbackError> {
        let mut m = self.lock();
        let r = m
            .records
            .get_mut(&id)
            .ok_or_else(|| FeedbackError::Invalid(format!("no request {id}")))?;
        Ok(*r.job.get_or_insert(candidate))
    }

    fn settle(
        &self,
        req: &Request,
        status: RequestStatus,
        outcome: &Outcome,
        event: &AuditEvent,
        now_ms: u64,
    ) -> Result<bool, FeedbackError> {
        check_settled(status)?;
        let mut m = self.lock();
        let Some(r) = m.records.get_mut(&req.id) else {
            return Ok(false);
        };
        if !r.status.can_move_to(status) {
            return Ok(false);
        }
        r.status = status;
        r.outcome = Some(outcome.clone());
        r.finished_ms = Some(now_ms);
        m.inbox.push((req.session.clone(), req.id));
        m.audit.push(event.clone());
        Ok(true)
    }

    fn audit(&self, ev: &AuditEvent) -> Result<(), FeedbackError> {
        self.lock().audit.push(ev.clone());
        Ok(())
    }
}

/// [`FeedbackError::Invalid`] unless `status` settles a request.
pub(crate) fn check_settled(status: RequestStatus) -> Result<(), FeedbackError> {
    if status.is_settled() {
        Ok(())
    } else {
        Err(FeedbackError::Invalid(format!(
            "{status} does not settle a request"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_match_serde() {
        for st in RequestStatus::ALL {
            assert_eq!(st.as_str().parse::<RequestStatus>(), Ok(st));
            let json = serde_json::to_string(&st).expect("serialises");
            assert_eq!(json, format!("\"{}\"", st.as_str()));
        }
        assert!("rejected".parse::<RequestStatus>().is_err());
    }

    #[test]
    fn the_transition_table_is_the_documented_machine() {
        use RequestStatus::*;
        let legal: Vec<(RequestStatus, RequestStatus)> = RequestStatus::ALL
            .into_iter()
            .flat_map(|a| RequestStatus::ALL.into_iter().map(move |b| (a, b)))
            .filter(|(a, b)| a.can_move_to(*b))
            .collect();
        assert_eq!(
            legal,
            vec![
                (Pending, AwaitingApproval),
                (Pending, Approved),
                (AwaitingApproval, Approved),
                (Approved, Dispatched),
                (Approved, Done),
                (Approved, Failed),
                (Dispatched, Done),
                (Dispatched, Failed),
            ]
        );
        for st in [Done, Failed] {
            assert!(st.is_settled());
            assert!(RequestStatus::ALL.iter().all(|t| !st.can_move_to(*t)));
        }
    }
}
