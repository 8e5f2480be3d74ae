//! Request records and the request stream's lease: raise, approve, move a
//! record's status by compare-and-set, record the outcome once, and the
//! watcher's claim, renewal, ack and hand-back (the shards' [`LeaseStream`]).

use super::{audit, audit_key, request_key, requests, AuditEvent};
use crate::feedback::{FeedbackError, Outcome, Request, RequestId};
use crate::job::{JobId, WorkerId, PROTOCOL_VERSION};
use crate::queue::QueueError;
use crate::redis::lease::{fields_of, Acked, Renewed};
use crate::redis::{now_ms, RedisQueue, StreamKind};
use redis::streams::StreamId;
use redis::Script;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::OnceLock;
use std::time::Duration;

/// A request's record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RequestRecord {
    /// The request.
    pub request: Request,
    /// `pending`, `awaiting_approval`, `approved`, `dispatched`, `done`,
    /// `failed`.
    pub status: String,
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

/// Records a request (status `pending`) and enqueues it for the watchers;
/// the id is taken from `requests:seq` and written into `req`.
///
/// # Errors
/// [`QueueError`] when Redis fails.
pub fn raise(q: &RedisQueue, req: &mut Request) -> Result<RequestId, QueueError> {
    let seq = q.keys().request_seq();
    let id: u64 = q.with(|c| redis::cmd("INCR").arg(&seq).query(c))?;
    req.id = RequestId(id);
    let body = serde_json::to_string(req).map_err(|e| QueueError::Backend(e.to_string()))?;
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
            .arg("pending")
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
/// [`FeedbackError::Invalid`] when there is no such request or its body is
/// unreadable.
pub fn record(q: &RedisQueue, id: RequestId) -> Result<RequestRecord, FeedbackError> {
    let key = request_key(q, id);
    let m: HashMap<String, String> = q.with(|c| redis::cmd("HGETALL").arg(&key).query(c))?;
    let body = m.get("body").ok_or_else(|| {
        FeedbackError::Invalid(format!("no request {id} under {}", q.keys().base()))
    })?;
    let request: Request = serde_json::from_str(body)
        .map_err(|e| FeedbackError::Invalid(format!("request {id}: unreadable body: {e}")))?;
    let n = |k: &str| m.get(k).and_then(|v| v.parse().ok());
    Ok(RequestRecord {
        request,
        status: m.get("status").cloned().unwrap_or_default(),
        approved_by: m.get("approved_by").cloned(),
        job: m.get("job").and_then(|j| j.parse().ok()).map(JobId),
        outcome: m.get("outcome").and_then(|o| serde_json::from_str(o).ok()),
        approved_ms: n("approved_ms"),
        dispatched_ms: n("dispatched_ms"),
        finished_ms: n("finished_ms"),
    })
}

/// Moves a request's status from one of `from` to `to`, setting `fields` and
/// appending `event` to the audit stream in the same atomic step; `false`
/// when its status was none of `from` (someone else moved it).
///
/// # Errors
/// [`QueueError`] when Redis fails.
pub fn transition(
    q: &RedisQueue,
    id: RequestId,
    from: &[&str],
    to: &str,
    fields: &[(&str, String)],
    event: Option<&AuditEvent>,
) -> Result<bool, QueueError> {
    let script = &request_scripts().0;
    let key = request_key(q, id);
    let ev = match event {
        Some(e) => serde_json::to_string(e).map_err(|e| QueueError::Backend(e.to_string()))?,
        None => String::new(),
    };
    let audit = audit_key(q);
    let moved: i64 = q.with(|c| {
        let mut inv = script.key(&key);
        inv.key(&audit).arg(to).arg(&ev);
        for (k, v) in fields {
            inv.arg(*k).arg(v);
        }
        inv.arg("|");
        for f in from {
            inv.arg(*f);
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

/// Records a request's outcome (status `done` or `failed`), hands it to its
/// session's inbox and appends `event` to the audit stream, once: `false`
/// when it was already settled.
///
/// # Errors
/// [`QueueError`] when Redis fails.
pub fn settle(
    q: &RedisQueue,
    req: &Request,
    status: &str,
    outcome: &Outcome,
    event: &AuditEvent,
) -> Result<bool, QueueError> {
    let body = serde_json::to_string(outcome).map_err(|e| QueueError::Backend(e.to_string()))?;
    let ev = serde_json::to_string(event).map_err(|e| QueueError::Backend(e.to_string()))?;
    let inbox = q.keys().session_inbox(&req.session);
    let key = request_key(q, req.id);
    let audit = audit_key(q);
    let n: i64 = q.with(|c| {
        request_scripts()
            .1
            .key(&key)
            .key(&inbox)
            .key(&audit)
            .arg(status)
            .arg(&body)
            .arg(now_ms())
            .arg(req.id.0)
            .arg(&ev)
            .invoke(c)
    })?;
    Ok(n == 1)
}

/// A message of the requests stream.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Message {
    /// A request to act on.
    Request(RequestId),
    /// An operator's approval of a request.
    Approval(RequestId, String),
}

/// A leased entry of the requests stream.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Held {
    /// The entry id.
    pub entry: String,
    /// What it says.
    pub message: Message,
    /// Its fields, to re-add on hand-back.
    pub fields: Vec<(String, String)>,
}

fn parse_message(e: &StreamId) -> Result<Message, String> {
    let v: Option<String> = e.get("v");
    if v.as_deref().map(str::trim) != Some(&PROTOCOL_VERSION.to_string()) {
        return Err(format!("field `v` is {v:?}, expected {PROTOCOL_VERSION:?}"));
    }
    let id: String = e.get("request").ok_or("no field `request`")?;
    let id: RequestId = id.parse()?;
    match e.get::<String>("type").as_deref() {
        Some("request") => Ok(Message::Request(id)),
        Some("approval") => {
            let by: String = e.get("by").ok_or("approval without field `by`")?;
            if by.trim().is_empty() || by == "watcher" {
                return Err(format!("approval `by` {by:?} must name an operator"));
            }
            Ok(Message::Approval(id, by))
        }
        t => Err(format!(
            "field `type` is {t:?}, expected \"request\" or \"approval\""
        )),
    }
}

/// Claims one entry of the requests stream: first one whose lease expired
/// (`XAUTOCLAIM`, a crashed watcher's), then a new one (`XREADGROUP`, waiting
/// up to `block`). Malformed entries go to the dead-letter stream with their
/// reason and are acked. A consumer group lost with the server's data is
/// created again (and the claim finds nothing this time).
///
/// # Errors
/// [`QueueError`] when Redis fails.
pub fn claim(q: &RedisQueue, me: &WorkerId, block: Duration) -> Result<Option<Held>, QueueError> {
    let ls = requests(q);
    let mut entries = ls.reclaim(q.redis(), &me.0, "0-0", 1)?.claimed;
    if entries.is_empty() {
        entries = ls.read(q.redis(), &me.0, 1, block)?;
    } else {
        tracing::warn!(entry = %entries[0].id, "took over a request entry whose lease expired");
    }
    for e in entries {
        match parse_message(&e) {
            Ok(message) => {
                return Ok(Some(Held {
                    entry: e.id.clone(),
                    fields: fields_of(&e),
                    message,
                }))
            }
            Err(why) => {
                tracing::error!(entry = %e.id, "malformed request sent to the dead-letter stream: {why}");
                ls.dead_letter(q.redis(), &me.0, &e, &why)?;
                let _ = audit(
                    q,
                    &AuditEvent::new(
                        "dead_letter",
                        &me.0,
                        None,
                        None,
                        serde_json::json!({"entry": e.id, "reason": why}),
                    ),
                );
            }
        }
    }
    Ok(None)
}

/// Renews the lease on a held entry; `false` when it is no longer ours.
///
/// # Errors
/// [`QueueError`] when Redis fails.
pub fn renew(q: &RedisQueue, me: &WorkerId, entry: &str) -> Result<bool, QueueError> {
    Ok(requests(q).renew(q.redis(), &me.0, entry, None)? == Renewed::Held)
}

/// Acks and deletes a held entry; `false` when it is no longer ours.
///
/// # Errors
/// [`QueueError`] when Redis fails.
pub fn ack(q: &RedisQueue, me: &WorkerId, entry: &str) -> Result<bool, QueueError> {
    Ok(requests(q).ack(q.redis(), &me.0, entry, None)? == Acked::Recorded)
}

/// Hands a held entry back (ack, delete, re-add with the same fields) so that
/// another watcher takes it at once; `false` when it is no longer ours.
///
/// # Errors
/// [`QueueError`] when Redis fails.
pub fn hand_back(q: &RedisQueue, me: &WorkerId, held: &Held) -> Result<bool, QueueError> {
    requests(q).hand_back(q.redis(), &me.0, &held.entry, &held.fields, None)
}

/// The request record scripts: (transition, settle).
fn request_scripts() -> &'static (Script, Script) {
    static S: OnceLock<(Script, Script)> = OnceLock::new();
    S.get_or_init(|| {
        (
            Script::new(include_str!("../../redis/scripts/transition.lua")),
            Script::new(include_str!("../../redis/scripts/settle_request.lua")),
        )
    })
}
