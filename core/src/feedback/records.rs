//! Request records in Redis: `request:ID` hashes, moved through the
//! [`RequestStatus`] machine by compare-and-set scripts, and the
//! [`RequestStore`] implementation the watcher uses in production.
//!
//! Keys are described in [`super::store`]: `requests:seq`, `request:ID`,
//! `stream:requests`, `stream:audit`, `session:NAME:inbox`.

use super::request::{check_settled, RecordField, RequestRecord, RequestStatus, RequestStore};
use super::store::{audit_key, AuditEvent};
use super::{FeedbackError, Outcome, Request, RequestId};
use crate::job::{JobId, PROTOCOL_VERSION};
use crate::queue::QueueError;
use crate::redis::{RedisQueue, StreamKind};
use redis::Script;
use std::collections::HashMap;
use std::sync::OnceLock;

fn request_key(q: &RedisQueue, id: RequestId) -> String {
    q.keys().request(id.0)
}
fn inbox_key(q: &RedisQueue, session: &str) -> String {
    q.keys().session_inbox(session)
}

/// The request record scripts: (transition, settle).
fn scripts() -> &'static (Script, Script) {
    static S: OnceLock<(Script, Script)> = OnceLock::new();
    S.get_or_init(|| {
        (
            Script::new(include_str!("../redis/scripts/transition.lua")),
            Script::new(include_str!("../redis/scripts/settle_request.lua")),
        )
    })
}

fn to_json<T: serde::Serialize>(v: &T) -> Result<String, QueueError> {
    serde_json::to_string(v).map_err(|e| QueueError::Backend(format!("cannot serialise: {e}")))
}

/// Records a request (status `pending`) and enqueues it for the watchers;
/// the id is taken from `requests:seq` and written into `req`.
///
/// # Errors
/// [`QueueError`] when Redis fails.
pub fn raise(q: &RedisQueue, req: &mut Request) -> Result<RequestId, QueueError> {
    let seq = q.keys().request_seq();
    let id: u64 = q.with(|c| redis::cmd("INCR").arg(&seq).query(c))?;
    req.id = RequestId(id);
    let body = to_json(req)?;
    let key = request_key(q, req.id);
    let stream = q.keys().stream(StreamKind::Requests);
    q.with(|c| {
        redis::pipe()
            .atomic()
            .cmd("HSET")
            .arg(&key)
            .arg("body")
            .arg(&body)
            .arg("status")
            .arg(RequestStatus::Pending.as_str())
            .arg("session")
            .arg(&req.session)
            .ignore()
            .cmd("XADD")
            .arg(&stream)
            .arg("*")
            .arg("v")
            .arg(PROTOCOL_VERSION)
            .arg("type")
            .arg("request")
            .arg("request")
            .arg(id)
            .ignore()
            .query::<()>(c)
    })?;
    Ok(req.id)
}

/// Enqueues an operator's approval of request `id` for the watchers.
///
/// # Errors
/// [`QueueError`] when Redis fails.
pub fn enqueue_approval(q: &RedisQueue, id: RequestId, by: &str) -> Result<(), QueueError> {
    let stream = q.keys().stream(StreamKind::Requests);
    q.with(|c| {
        redis::cmd("XADD")
            .arg(&stream)
            .arg("*")
            .arg("v")
            .arg(PROTOCOL_VERSION)
            .arg("type")
            .arg("approval")
            .arg("request")
            .arg(id.0)
            .arg("by")
            .arg(by)
            .query::<String>(c)
    })
    .map(|_| ())
}

/// Reads a request's record.
///
/// # Errors
/// [`FeedbackError::Invalid`] when there is no such request, or its body or
/// status is unreadable.
pub fn record(q: &RedisQueue, id: RequestId) -> Result<RequestRecord, FeedbackError> {
    let key = request_key(q, id);
    let m: HashMap<String, String> = q.with(|c| redis::cmd("HGETALL").arg(&key).query(c))?;
    let body = m.get("body").ok_or_else(|| {
        FeedbackError::Invalid(format!("no request {id} under {}", q.keys().base()))
    })?;
    let request: Request = serde_json::from_str(body)
        .map_err(|e| FeedbackError::Invalid(format!("request {id}: unreadable body: {e}")))?;
    let status = m
        .get("status")
        .map_or("", String::as_str)
        .parse::<RequestStatus>()
        .map_err(|e| FeedbackError::Invalid(format!("request {id}: {e}")))?;
    let n = |k: &str| m.get(k).and_then(|v| v.parse().ok());
    Ok(RequestRecord {
        request,
        status,
        approved_by: m.get("approved_by").cloned(),
        job: m.get("job").and_then(|j| j.parse().ok()).map(JobId),
        outcome: m.get("outcome").and_then(|o| serde_json::from_str(o).ok()),
        approved_ms: n("approved_ms"),
        dispatched_ms: n("dispatched_ms"),
        finished_ms: n("finished_ms"),
    })
}

/// Moves a request's status to `to` from one of `to.sources()`, setting
/// `fields` and appending `event` to the audit stream in the same atomic
/// step; `false` when its status was none of them (someone else moved it).
///
/// # Errors
/// [`QueueError`] when Redis fails or the event cannot be serialised.
pub fn transition(
    q: &RedisQueue,
    id: RequestId,
    to: RequestStatus,
    fields: &[RecordField],
    event: Option<&AuditEvent>,
) -> Result<bool, QueueError> {
    let key = request_key(q, id);
    let ev = match event {
        Some(e) => to_json(e)?,
        None => String::new(),
    };
    let audit = audit_key(q);
    let moved: i64 = q.with(|c| {
        let mut inv = scripts().0.key(&key);
        inv.key(&audit).arg(to.as_str()).arg(&ev);
        for f in fields {
            let (k, v) = f.pair();
            inv.arg(k).arg(v);
        }
        inv.arg("|");
        for f in to.sources() {
            inv.arg(f.as_str());
        }
        inv.invoke(c)
    })?;
    Ok(moved == 1)
}

/// The job id of a request's dispatch: `candidate` if none was set yet,
/// otherwise the one an earlier holder set (`HSETNX`).
///
/// # Errors
/// [`QueueError`] when Redis fails.
pub fn job_once(q: &RedisQueue, id: RequestId, candidate: JobId) -> Result<JobId, QueueError> {
    let key = request_key(q, id);
    let (_, job): (i64, String) = q.with(|c| {
        redis::pipe()
            .cmd("HSETNX")
            .arg(&key)
            .arg("job")
            .arg(candidate.to_string())
            .cmd("HGET")
            .arg(&key)
            .arg("job")
            .query(c)
    })?;
    Ok(job.parse().map(JobId).unwrap_or(candidate))
}

/// Records a request's outcome (status `done` or `failed`, at `now_ms`),
/// hands it to its session's inbox and appends `event` to the audit stream,
/// once: `false` when it was already settled.
///
/// # Errors
/// [`FeedbackError::Invalid`] when `status` does not settle a request;
/// [`FeedbackError::Queue`] when Redis fails or a value cannot be serialised.
pub fn settle(
    q: &RedisQueue,
    req: &Request,
    status: RequestStatus,
    outcome: &Outcome,
    event: &AuditEvent,
    now_ms: u64,
) -> Result<bool, FeedbackError> {
    check_settled(status)?;
    let body = to_json(outcome)?;
    let ev = to_json(event)?;
    let inbox = inbox_key(q, &req.session);
    let key = request_key(q, req.id);
    let audit = audit_key(q);
    let n: i64 = q.with(|c| {
        let mut inv = scripts().1.key(&key);
        inv.key(&inbox)
            .key(&audit)
            .arg(status.as_str())
            .arg(&body)
            .arg(now_ms)
            .arg(req.id.0)
            .arg(&ev);
        for f in status.sources() {
            inv.arg(f.as_str());
        }
        inv.invoke(c)
    })?;
    Ok(n == 1)
}

impl RequestStore for RedisQueue {
    fn record(&self, id: RequestId) -> Result<RequestRecord, FeedbackError> {
        record(self, id)
    }

    fn transition(
        &self,
        id: RequestId,
        to: RequestStatus,
        fields: &[RecordField],
        event: Option<&AuditEvent>,
    ) -> Result<bool, FeedbackError> {
        Ok(transition(self, id, to, fields, event)?)
    }

    fn job_once(&self, id: RequestId, candidate: JobId) -> Result<JobId, FeedbackError> {
        Ok(job_once(self, id, candidate)?)
    }

    fn settle(
        &self,
        req: &Request,
        status: RequestStatus,
        outcome: &Outcome,
        event: &AuditEvent,
        now_ms: u64,
    ) -> Result<bool, FeedbackError> {
        settle(self, req, status, outcome, event, now_ms)
    }

    fn audit(&self, ev: &AuditEvent) -> Result<(), FeedbackError> {
        super::store::audit(self, ev)?;
        Ok(())
    }
}
